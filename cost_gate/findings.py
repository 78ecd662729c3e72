"""Findings: what a reviewer should know that is not a cost line.

A finding is a dict in the report's top-level ``findings`` list::

    {"kind": "region", "id": "unknown-region:aws:us-east-9", "address": "aws_instance.app",
     "severity": "warn", "message": "...", ...kind-specific fields}

``severity`` is ``info``, ``warn`` or ``fail``; findings of severity ``fail`` fail the gate
(:func:`cost_gate.gate.finding_violations`), the others are shown in every output. Kinds today:
``region`` (an unknown region, or a real one the price data lacks), recorded while pricing
because only the inputs know where a region came from. Later kinds (``tag-policy``,
``recommendation``, ``junk``) read the finished report and add to the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cost_gate.models import ResourceChange, ResourceSide

SEVERITIES = ("info", "warn", "fail")


@dataclass
class RegionFindings:
    """Region problems met while pricing: one finding per project, problem and region, with
    every resource that ran into it."""

    _items: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def add(self, problem: str, project: str, change: ResourceChange, side: ResourceSide,
            message: str) -> None:
        """``problem``: ``unknown-region`` or ``no-price-data``."""
        region = side.region or ""
        key = (project, f"{problem}:{change.provider}:{region}")
        finding = self._items.get(key)
        if finding is None:
            finding = self._items[key] = {
                "kind": "region", "id": key[1], "address": change.address,
                "severity": "warn", "message": message, "project": project,
                "provider": change.provider, "region": region,
                "region_source": side.region_source, "region_variable": side.region_variable,
                "addresses": [],
            }
        if change.address not in finding["addresses"]:
            finding["addresses"].append(change.address)

    def absorb(self, other: RegionFindings) -> None:
        """Add the findings ``other`` met (another process pricing other projects)."""
        for key, finding in other._items.items():
            mine = self._items.get(key)
            if mine is None:
                self._items[key] = {**finding, "addresses": list(finding["addresses"])}
                continue
            mine["addresses"] += [a for a in finding["addresses"] if a not in mine["addresses"]]

    def as_list(self) -> list[dict[str, Any]]:
        out = []
        for finding in self._items.values():
            count = len(finding["addresses"])
            out.append({**finding, "message": f"{finding['message']} ({count} resource"
                        f"{'' if count == 1 else 's'} not priced)"})
        return out
