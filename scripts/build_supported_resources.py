"""Write docs/supported-resources.md from the rule registry (`cost-gate resources`).

Run after adding or changing a pricing rule or the free list:

    python scripts/build_supported_resources.py

tests/test_resources_catalogue.py fails when the committed page is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "supported-resources.md"


def build() -> str:
    sys.path.insert(0, str(ROOT))
    from cost_gate.api import resource_catalogue
    from cost_gate.rules.catalogue import to_markdown

    return to_markdown(resource_catalogue())


def main() -> None:
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(build(), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
