"""Pricing every registered rule on damaged attributes (issue 13), shared by the property test
and ``scripts/fuzz.py``.

Each rule type has a realistic example (``rule_examples.json``, rebuilt by
``python -m tests.fuzz.capture_examples`` from the resources the rule tests price). A probe run
records every attribute path the rule reads (on the resource and on the resources it
references); a case replaces the value at one of those paths, or at one of its parents, with a
hostile value and prices the change through the estimator with the rule safety net off, so an
exception raised by a rule escapes and fails the test.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from cost_gate.estimate import RULE_ERROR_NOTE, Pricer, price_change
from cost_gate.models import ResourceChange, ResourceSide
from cost_gate.rules import rule_for, supported_types
from cost_gate.rules.base import Resource

EXAMPLES = Path(__file__).with_name("rule_examples.json")
TODAY = date(2026, 11, 26)
STATUSES = {"priced", "partial", "unsupported", "free", "not-cloud"}

# One value of every JSON type, and the numbers and strings that break a wrong assumption.
HOSTILE: list[Any] = [
    True, False, 0, -1, -0.5, 1.5, -(10**12), 10**30, 1e308, float("nan"), float("inf"),
    float("-inf"), "", "x", "-5", "NaN", "1e400", "Infinity", "\u202e\u200b", [], ["x"], [{}],
    [[1]], [None], {}, {"a": 1}, {"0": {"x": []}},
]


@dataclass
class Case:
    type: str
    address: str  # whose attributes are damaged (the priced change or one it references)
    path: tuple[str, ...]
    value: Any

    def describe(self) -> str:
        return f"{self.type}: {self.address} {'.'.join(self.path)} = {_short(self.value)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


@cache
def examples() -> dict[str, dict[str, Any]]:
    """Type -> example; a type registered without its own example borrows the example of a
    type priced by the same rule function (e.g. aws_db_snapshot_copy from aws_db_snapshot)."""
    found = json.loads(EXAMPLES.read_text())
    for resource_type in supported_types():
        if resource_type in found:
            continue
        twin = next((t for t in sorted(found) if rule_for(t) is rule_for(resource_type)), None)
        if twin is not None:
            example = copy.deepcopy(found[twin])
            change = example["change"]
            change["address"] = resource_type + "." + change["address"].split(".", 1)[1]
            change["type"] = resource_type
            found[resource_type] = example
    return found


def _side(data: dict[str, Any] | None) -> ResourceSide | None:
    if data is None:
        return None
    return ResourceSide(attributes=copy.deepcopy(data["attributes"]),
                        unknown=copy.deepcopy(data["unknown"]), region=data["region"],
                        region_source="provider")


def _change(data: dict[str, Any]) -> ResourceChange:
    name = data["address"].rsplit(".", 1)[-1]
    return ResourceChange(address=data["address"], type=data["type"], provider=data["provider"],
                          action=data["action"], before=_side(data["before"]),
                          after=_side(data["after"]), name=name,
                          references={k: list(v) for k, v in data["references"].items()})


def build(example: dict[str, Any]) -> tuple[ResourceChange, dict[str, ResourceChange]]:
    change = _change(example["change"])
    index = {change.address: change}
    for other in example["others"]:
        index[other["address"]] = _change(other)
    return change, index


def read_paths(pricer: Pricer, resource_type: str) -> list[tuple[str, tuple[str, ...]]]:
    """(address, path) of every attribute the rule read while pricing the example."""
    change, index = build(examples()[resource_type])
    seen: dict[tuple[str, tuple[str, ...]], None] = {}
    original = Resource.get

    def recording(self: Resource, path: str, default: Any = None) -> Any:
        if self.address in index:
            seen[(self.address, tuple(path.split(".")))] = None
        return original(self, path, default)

    Resource.get = recording  # type: ignore[method-assign]
    try:
        price_change(pricer, change, index)
    finally:
        Resource.get = original  # type: ignore[method-assign]
    return list(seen)


def present_paths(resource_type: str) -> list[tuple[str, tuple[str, ...]]]:
    """(address, path) of every value in the example's attributes (rules read the contents of
    blocks they iterate without a dotted path)."""
    example = examples()[resource_type]
    out = []
    for data in (example["change"], *example["others"]):
        for side in (data["before"], data["after"]):
            if side is not None:
                out += [(data["address"], p) for p in _walk(side["attributes"], ())]
    return out


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    if path:
        yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node[:3]):
            yield from _walk(value, (*path, str(i)))


def targets(paths: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """The paths given and each of their parents (a whole block replaced by a string...)."""
    out: dict[tuple[str, tuple[str, ...]], None] = {}
    for address, path in paths:
        for end in range(1, len(path) + 1):
            out[(address, path[:end])] = None
    return list(out)


def _put(attributes: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set ``value`` at ``path``, creating the objects/lists on the way as Terraform shapes
    them (a digit is a list index)."""
    node: Any = attributes
    for i, part in enumerate(path):
        last = i == len(path) - 1
        nxt: Any = value if last else ([] if path[i + 1].isdigit() else {})
        if isinstance(node, list) and part.isdigit():
            index = int(part)
            while len(node) <= index:
                node.append({} if not last and not path[i + 1].isdigit() else None)
            if last or not isinstance(node[index], (dict, list)):
                node[index] = nxt
        elif isinstance(node, dict):
            if last or not isinstance(node.get(part), (dict, list)):
                node[part] = nxt
            index = part
        else:
            return  # a parent is a scalar: nothing to damage below it
        node = node[index if isinstance(node, list) else part]


def damaged(case: Case) -> tuple[ResourceChange, dict[str, ResourceChange]]:
    change, index = build(examples()[case.type])
    target = index[case.address]
    for side in (target.before, target.after):
        if side is not None:
            _put(side.attributes, case.path, copy.deepcopy(case.value))
    return change, index


def cases(pricer: Pricer, resource_type: str) -> Iterator[Case]:
    for address, path in targets(read_paths(pricer, resource_type)
                                 + present_paths(resource_type)):
        for value in HOSTILE:
            yield Case(resource_type, address, path, value)


def _finite_non_negative(value: Decimal | None) -> bool:
    return value is None or (value.is_finite() and value >= 0)


def problems(pricer: Pricer, case: Case) -> list[str]:
    """What is wrong with pricing ``case`` (empty: fine). An exception a rule raises escapes
    (the caller has turned the safety net off) and is reported by the caller."""
    change, index = damaged(case)
    result = price_change(pricer, change, index)
    found = []
    if result.status not in STATUSES:
        found.append(f"status {result.status!r}")
    for side in (result.before, result.after):
        if side is None:
            continue
        if not _finite_non_negative(side.monthly_cost):
            found.append(f"side cost {side.monthly_cost}")
        for comp in side.components:
            for what in ("monthly_quantity", "monthly_cost"):
                value = getattr(comp, what)
                if "discount" in comp.name.lower() and value is not None and value.is_finite():
                    continue  # a documented discount (Component.discount) is negative
                if not _finite_non_negative(value):
                    found.append(f"{comp.name}: {what} {getattr(comp, what)}")
    if any(RULE_ERROR_NOTE in n for n in result.notes):
        found.append("the safety net was used")
    for note in result.notes:
        if note.startswith("not fully priced:") and not _names_an_attribute(note, case):
            found.append(f"note names no attribute: {note!r}")
    json.dumps(result.notes, allow_nan=False)
    return found


def _names_an_attribute(note: str, case: Case) -> bool:
    """A partial note names the damaged attribute, or another attribute (a path the damage
    made the rule read, e.g. read_capacity once billing_mode is no longer on-demand), or the
    component whose quantity is out of range."""
    if "out of range" in note:
        return True
    named = note.removeprefix("not fully priced:").strip().split(" ", 1)[0]
    return any(part in note for part in case.path if not part.isdigit()) or bool(
        named) and all(c.isalnum() or c in "._[]\"-" for c in named)


def is_finite_json(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(is_finite_json(v) for v in value)
    if isinstance(value, dict):
        return all(is_finite_json(v) for v in value.values())
    return True
