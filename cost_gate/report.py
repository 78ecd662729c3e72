"""The report: computed once, serialised to the JSON contract every renderer consumes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cost_gate.errors import InputError
from cost_gate.gate import Budgets, NamedBudget, evaluate_gate
from cost_gate.models import (
    HOURS_PER_MONTH,
    SCHEMA_VERSION,
    CostBreakdown,
    CostComponent,
    Project,
    ResourceCost,
    _num,
)

STATUSES = ("priced", "free", "unsupported", "partial")


@dataclass
class ProjectResult:
    name: str
    source: str
    input_type: str
    resources: list[ResourceCost]
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return summarize(self.resources)

    def to_dict(self, summary: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "input_type": self.input_type,
            "resources": [r.to_dict() for r in self.resources],
            "summary": summary if summary is not None else self.summary(),
            "notes": list(self.notes),
        }


def summarize(resources: list[ResourceCost]) -> dict[str, Any]:
    before = sum((r.monthly_before for r in resources if r.status in ("priced", "partial")),
                 Decimal(0))
    after = sum((r.monthly_after for r in resources if r.status in ("priced", "partial")),
                Decimal(0))
    delta = after - before
    counts = Counter(r.status for r in resources)
    unsupported = Counter(r.type for r in resources if r.status == "unsupported")
    return {
        "monthly_before": _num(before),
        "monthly_after": _num(after),
        "monthly_delta": _num(delta),
        "percent_delta": None if before == 0 else round(float(delta / before * 100), 2),
        "resource_counts": {s: counts.get(s, 0) for s in STATUSES},
        "unsupported_types": dict(sorted(unsupported.items())),
    }


@dataclass
class Report:
    projects: list[ProjectResult]
    pricing: dict[str, Any]
    budgets: Budgets | None = None
    # The usage file's block (file, warnings, keys not used yet); None without a usage file.
    usage: dict[str, Any] | None = None
    named_budgets: list[NamedBudget] = field(default_factory=list)  # from the config file

    def all_resources(self) -> list[ResourceCost]:
        return [r for p in self.projects for r in p.resources]

    def summary(self) -> dict[str, Any]:
        return summarize(self.all_resources())

    def to_dict(self) -> dict[str, Any]:
        summary = self.summary()
        single = len(self.projects) == 1
        # one project: its summary is the report's (computed once)
        projects = [p.to_dict(dict(summary) if single else None) for p in self.projects]
        out = assemble(projects, summary, self.pricing, self.budgets, self.named_budgets)
        if self.usage is not None:
            out["usage"] = self.usage
        return out


def assemble(projects: list[dict[str, Any]], summary: dict[str, Any], pricing: dict[str, Any],
             budgets: Budgets | None, named: list[NamedBudget] | tuple[NamedBudget, ...] = (),
             ) -> dict[str, Any]:
    """The report dict from its parts, gate evaluated (one path for estimate and merge)."""
    out = {
        "schema_version": SCHEMA_VERSION,
        "currency": "USD",
        "hours_per_month": int(HOURS_PER_MONTH),
        "pricing": pricing,
        "projects": projects,
        "summary": summary,
    }
    return regate(out, budgets, named)


def regate(report: dict[str, Any], budgets: Budgets | None,
           named: list[NamedBudget] | tuple[NamedBudget, ...] = ()) -> dict[str, Any]:
    """A report with its gate (re)computed against flag budgets and the config's budgets."""
    out = dict(report)
    project_summaries = {p.get("name"): p.get("summary") or {}
                         for p in report.get("projects") or [] if isinstance(p, dict)}
    out["gate"] = evaluate_gate(report.get("summary") or {}, budgets, named, project_summaries)
    return out


def _breakdown(data: Any) -> CostBreakdown | None:
    if not isinstance(data, dict):
        return None
    comps = []
    for c in data.get("components") or []:
        comps.append(
            CostComponent(
                name=c.get("name", ""),
                unit=c.get("unit", ""),
                monthly_quantity=_dec(c.get("monthly_quantity")),
                unit_price=_dec(c.get("unit_price")),
                monthly_cost=_dec(c.get("monthly_cost")),
                usage_based=bool(c.get("usage_based")),
                price_source=c.get("price_source"),
                data_date=c.get("data_date"),
            )
        )
    return CostBreakdown(comps)


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def project_from_report(doc: dict[str, Any], name: str) -> Project:
    """A saved JSON report as input (for diff and comment): its resources, already priced."""
    if doc.get("schema_version") != SCHEMA_VERSION:
        raise InputError(f"{name}: report schema_version {doc.get('schema_version')!r} "
                         f"is not supported (expected {SCHEMA_VERSION})")
    priced = [resource_from_dict(res) for project in doc.get("projects") or []
              for res in project.get("resources") or []]
    return Project(name=name, source=name, input_type="report", changes=[], priced=priced)


def resource_from_dict(res: dict[str, Any]) -> ResourceCost:
    """A priced resource back from its report dict."""
    return ResourceCost(
        address=res.get("address", ""),
        type=res.get("type", ""),
        provider=res.get("provider", ""),
        region=res.get("region"),
        action=res.get("action", "no-op"),
        status=res.get("status", "unsupported"),
        before=_breakdown(res.get("before")),
        after=_breakdown(res.get("after")),
        notes=list(res.get("notes") or []),
        usage=list(res.get("usage") or []),
    )
