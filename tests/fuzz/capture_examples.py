"""Rebuild ``tests/fuzz/rule_examples.json``: one realistic resource per registered rule type.

    python -m tests.fuzz.capture_examples

runs the rule tests (``tests/rules`` and the other tests that price resources) with
``cost_gate.estimate.price_change`` wrapped, and keeps, for each type with a rule, the first
resource the tests priced (preferring one priced in full, then partial, then any status),
with the resources it references. The rule property test (``test_rule_properties.py``)
mutates these examples; a type added without an example fails that test until this is rerun.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path(__file__).with_name("rule_examples.json")
_PREFERENCE = {"priced": 0, "partial": 1, "free": 2, "unsupported": 3, "not-cloud": 4}


def _side(side: Any) -> dict[str, Any] | None:
    if side is None:
        return None
    return {"attributes": side.attributes, "unknown": side.unknown, "region": side.region}


def _change(change: Any) -> dict[str, Any]:
    return {"address": change.address, "type": change.type, "provider": change.provider,
            "action": change.action, "before": _side(change.before),
            "after": _side(change.after), "references": change.references}


class _Capture:
    """A pytest plugin: wraps price_change for the whole session."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[int, dict[str, Any]]] = {}

    def pytest_sessionstart(self, session: Any) -> None:
        from cost_gate import estimate
        from cost_gate.rules import rule_for

        original = estimate.price_change

        def wrapped(pricer, change, index):
            result = original(pricer, change, index)
            rank = _PREFERENCE.get(result.status, 9)
            if rule_for(change.type) is not None and change.after is not None and (
                    change.type not in self.found or rank < self.found[change.type][0]):
                referenced = {a for refs in change.references.values() for a in refs}
                others = [_change(c) for a, c in index.items()
                          if a in referenced or any(a.startswith(r + "[") for r in referenced)]
                self.found[change.type] = (rank, {"change": _change(change), "others": others})
            return result

        estimate.price_change = wrapped


def main() -> int:
    import pytest

    from cost_gate.rules import supported_types

    plugin = _Capture()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "tests/rules", "tests/finops",
                        "tests/test_unpriced.py", "tests/test_usage.py", "tests/hcl"],
                       plugins=[plugin])
    examples = {t: example for t, (_rank, example) in sorted(plugin.found.items())}
    EXAMPLES.write_text(json.dumps(examples, indent=1, sort_keys=True, default=str) + "\n")
    missing = sorted(set(supported_types()) - set(examples))
    print(f"{len(examples)} examples written to {EXAMPLES.relative_to(ROOT)}; "
          f"no example for: {', '.join(missing) or 'none'}")
    return 0 if code == 0 else int(code)


if __name__ == "__main__":
    sys.exit(main())
