"""The report: computed once, serialised to the JSON contract every renderer consumes."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from cost_gate.errors import InputError
from cost_gate.finops.settings import Policy
from cost_gate.gate import Budgets, NamedBudget, evaluate_gate
from cost_gate.models import (
    HOURS_PER_MONTH,
    READABLE_SCHEMA_VERSIONS,
    SCHEMA_VERSION,
    CostBreakdown,
    CostComponent,
    Project,
    ResourceCost,
    Span,
    _num,
)

STATUSES = ("priced", "free", "unsupported", "partial", "not-cloud")


@dataclass
class ProjectResult:
    name: str
    source: str
    input_type: str
    resources: list[ResourceCost]
    notes: list[str] = field(default_factory=list)
    # recommendation and junk findings met while pricing (they go to the report's findings)
    findings: list[dict[str, Any]] = field(default_factory=list)
    # the --pricing-model comparison of this project (None: on-demand only)
    pricing_model: dict[str, Any] | None = None

    def summary(self) -> dict[str, Any]:
        return summarize(self.resources)

    def to_dict(self, summary: dict[str, Any] | None = None, *,
                release: bool = False) -> dict[str, Any]:
        """The project's report dict; ``release``: its resources are dropped one by one as
        their dicts are made (``resources`` is left empty), so the priced objects and the
        dicts of a big plan are not all alive at once."""
        summary = summary if summary is not None else self.summary()
        if release:
            resources, self.resources = self.resources, []
            resources.reverse()
            dicts = []
            while resources:
                dicts.append(resources.pop().to_dict())
        else:
            dicts = [r.to_dict() for r in self.resources]
        return {
            "name": self.name,
            "source": self.source,
            "input_type": self.input_type,
            "resources": dicts,
            "summary": summary,
            "notes": list(self.notes),
        }


def summarize(resources: list[ResourceCost], labels: list[str] | None = None) -> dict[str, Any]:
    """Totals of the known part, and what is not known.

    ``monthly_before``/``monthly_after`` add up every priced component of every resource
    (a partially priced side contributes what was priced); ``monthly_delta`` adds up the
    resources whose delta is known, so a one-sided price never reads as a saving or an
    increase. ``unpriced_changes`` lists the changed resources with an unknown delta
    (``labels``: how to name each resource there, e.g. prefixed by its project).
    """
    before = after = delta = Decimal(0)
    counts: Counter[str] = Counter()
    unsupported: Counter[str] = Counter()
    unpriced: list[str] = []
    unpriced_unchanged = 0
    for i, r in enumerate(resources):
        before += r.monthly_before
        after += r.monthly_after
        counts[r.status] += 1
        known = r.monthly_delta
        if known is not None:
            delta += known
        elif r.action == "no-op":
            unpriced_unchanged += 1
        else:
            unpriced.append(labels[i] if labels else r.address)
        if r.status == "unsupported" and not _has_rule(r.type):
            unsupported[r.type] += 1
    out = {
        "monthly_before": _num(before),
        "monthly_after": _num(after),
        "monthly_delta": _num(delta),
        "annual_delta": _num(delta * 12),  # the known monthly delta x 12
        "percent_delta": _percent(delta, before),
        "delta_complete": not unpriced,
        "unpriced_changes": unpriced,
        "unpriced_unchanged": unpriced_unchanged,
        "totals_complete": not unpriced and not unpriced_unchanged,
        "resource_counts": {s: counts.get(s, 0) for s in STATUSES},
        "unsupported_types": dict(sorted(unsupported.items())),
    }
    if any(r.ranged for r in resources):
        out.update(range_totals(resources, before, delta))
    return out


def _percent(delta: Decimal, before: Decimal) -> float | None:
    return None if before == 0 else round(float(delta / before * 100), 2)


def range_totals(resources: list[ResourceCost], before: Decimal,
                 point_delta: Decimal) -> dict[str, Any]:
    """The summary's low and high ends when some resource was priced with a usage range:
    the same sums as the point totals, each resource contributing its low (high) end, or its
    point figure when no range touched it. ``percent_delta_low/high``: the smallest and
    largest percent change of the two ends and the point (null when the point
    ``percent_delta`` is)."""
    sums = dict.fromkeys(("before_low", "before_high", "after_low", "after_high", "delta_low",
                          "delta_high"), Decimal(0))
    for r in resources:
        for name in ("before", "after"):
            side = getattr(r, name)
            if side is not None:
                sums[f"{name}_low"] += side.low
                sums[f"{name}_high"] += side.high
        delta, span = r.monthly_delta, r.delta_span
        if delta is not None:
            sums["delta_low"] += span.low if span and span.low is not None else delta
            sums["delta_high"] += span.high if span and span.high is not None else delta
    percents = [p for p in (_percent(sums["delta_low"], sums["before_low"]),
                            _percent(point_delta, before),
                            _percent(sums["delta_high"], sums["before_high"]))
                if p is not None] if before != 0 else []
    return {
        **{f"monthly_{key}": _num(value) for key, value in sums.items()},
        "percent_delta_low": min(percents) if percents else None,
        "percent_delta_high": max(percents) if percents else None,
    }


def _has_rule(resource_type: str) -> bool:
    """A type with a pricing rule is unsupported only where its price or region is missing."""
    from cost_gate.rules import rule_for

    return rule_for(resource_type) is not None


@dataclass
class Report:
    projects: list[ProjectResult]
    pricing: dict[str, Any]
    budgets: Budgets | None = None
    # {kind, id, address, severity (info|warn|fail), message, ...}; see the report schema
    findings: list[dict[str, Any]] = field(default_factory=list)
    # The usage file's block (file, warnings, keys not used yet); None without a usage file.
    usage: dict[str, Any] | None = None
    named_budgets: list[NamedBudget] = field(default_factory=list)  # from the config file
    policy: Policy | None = None  # the config's FinOps policies (None: defaults)

    def all_resources(self) -> list[ResourceCost]:
        return [r for p in self.projects for r in p.resources]

    def summary(self) -> dict[str, Any]:
        return summarize(self.all_resources(), run_labels(
            [(p.name, [r.address for r in p.resources]) for p in self.projects]))

    def to_dict(self, *, release: bool = False) -> dict[str, Any]:
        """The JSON report dict (FinOps policies applied, gate evaluated). ``release``: for a
        caller that keeps only the dict; each priced resource is dropped once its dict is made
        (the projects are left without resources), which keeps a big plan's peak memory to
        about the larger of the two rather than their sum."""
        summary = self.summary()
        single = len(self.projects) == 1
        # one project: its summary is the report's (computed once)
        summaries = [dict(summary) if single else p.summary() for p in self.projects]
        findings = [*self.findings, *(f for p in self.projects for f in p.findings)]
        models = [p.pricing_model for p in self.projects if p.pricing_model is not None]
        projects = [p.to_dict(s, release=release) for p, s in zip(self.projects, summaries,
                                                                      strict=True)]
        extra: dict[str, Any] = {}
        if models:
            from cost_gate.finops.models import combine

            extra["pricing_model"] = combine(models)
        return assemble(projects, summary, self.pricing, self.budgets, self.named_budgets,
                        findings=findings, usage=self.usage, policy=self.policy, extra=extra)


def run_labels(projects: list[tuple[str, list[str]]]) -> list[str] | None:
    """How the run's summary names each resource in ``unpriced_changes``: by address alone
    for one project, "PROJECT: ADDRESS" for several (``projects``: name and addresses)."""
    if len(projects) <= 1:
        return None
    return [f"{name}: {address}" for name, addresses in projects for address in addresses]


def assemble(projects: list[dict[str, Any]], summary: dict[str, Any], pricing: dict[str, Any],
             budgets: Budgets | None, named: list[NamedBudget] | tuple[NamedBudget, ...] = (),
             *, findings: list[dict[str, Any]] | None = None,
             usage: dict[str, Any] | None = None, policy: Policy | None = None,
             extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report dict from its parts, FinOps policies applied and gate evaluated (one path
    for estimate and merge). ``extra``: top-level blocks of the parts to carry (allocation,
    unit economics, pricing model), recomputed by the policies."""
    out = {
        "schema_version": SCHEMA_VERSION,
        "currency": "USD",
        "hours_per_month": int(HOURS_PER_MONTH),
        "pricing": pricing,
        "projects": projects,
        "summary": summary,
        "findings": list(findings or []),
    }
    if usage is not None:
        out["usage"] = usage
    out.update(extra or {})
    from cost_gate.finops.policy import apply_policy

    return regate(apply_policy(out, policy), budgets, named)


def regate(report: dict[str, Any], budgets: Budgets | None,
           named: list[NamedBudget] | tuple[NamedBudget, ...] = (), *,
           policy: Policy | None = None) -> dict[str, Any]:
    """A report with its gate (re)computed against flag budgets and the config's budgets;
    with ``policy``, the FinOps policies (tag policy, allocation, units, silencing) are
    recomputed from the resources first (without, the report's own blocks are kept)."""
    out = dict(report)
    if policy is not None:
        from cost_gate.finops.policy import apply_policy

        out = apply_policy(out, policy)
    out["gate"] = evaluate_gate(out, budgets, named)
    return out


def upgrade_report(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """A saved report in the current schema: version 2 as is, version 1 recomputed.

    Version 1 gave partially priced resources a one-sided delta and had no findings; the
    upgrade re-reads its resources so their deltas, the summaries and the gate follow
    version 2's rules (the v1 gate's budgets are not recorded, so its violations are kept).
    Its usage block and each resource's usage values are kept as they were.
    """
    version = doc.get("schema_version")
    if version == SCHEMA_VERSION:
        return doc
    if version not in READABLE_SCHEMA_VERSIONS:
        raise InputError(f"{name}: report schema_version {version!r} is not supported "
                         f"(expected one of {', '.join(map(str, READABLE_SCHEMA_VERSIONS))})")
    projects = [
        ProjectResult(p.get("name", name), p.get("source", name), p.get("input_type", "report"),
                      _resources(p), list(p.get("notes") or []))
        for p in doc.get("projects") or [] if isinstance(p, dict)
    ]
    usage = doc.get("usage") if isinstance(doc.get("usage"), dict) else None
    out = Report(projects, dict(doc.get("pricing") or {}), usage=usage).to_dict(release=True)
    old_gate = doc.get("gate") or {}
    out["gate"]["violations"] = [*(old_gate.get("violations") or []),
                                 *out["gate"]["violations"]]
    levels = {v.get("level") for v in out["gate"]["violations"]}
    out["gate"]["status"] = "fail" if "fail" in levels else "warn" if "warn" in levels else "pass"
    return out


@lru_cache(maxsize=1)
def _report_schema() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "schema" / "report.schema.json").read_text())


def validate_saved_report(doc: dict[str, Any], name: str) -> None:
    """A report read from a file (render, merge, comment --report) is strict JSON and, in the
    current schema, matches the shipped schema: they read it field by field, so an edited or
    damaged file is one input error (exit 2) here, not a crash later."""
    _reject_non_finite(doc, name)
    if doc.get("schema_version") != SCHEMA_VERSION:
        return  # schema 1 is re-read by upgrade_report
    import jsonschema  # runtime dependency, loaded only when a saved report is read

    error = next(jsonschema.Draft202012Validator(_report_schema()).iter_errors(doc), None)
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
        raise InputError(f"{name}: not a valid cost-gate report at "
                         f"{where.lstrip('.') or 'the top'}: {error.message[:200]}")


def _reject_non_finite(doc: Any, name: str) -> None:
    """A report cost-gate wrote is strict JSON: a number that overflowed to infinity (1e400)
    means the file was edited or damaged (exit 2, not a crash while rendering it)."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            raise InputError(f"{name}: saved report has a number out of range at "
                             f"{path.lstrip('.') or 'the top'}; not a report cost-gate wrote")
        if isinstance(node, dict):
            stack.extend((v, f"{path}.{k}") for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node))


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
                quantity_span=_span(c, "monthly_quantity"),
                cost_span=_span(c, "monthly_cost"),
            )
        )
    out = CostBreakdown(comps)
    out.cost_span = _span(data, "monthly_cost")
    return out


def _span(data: dict[str, Any], key: str) -> Span | None:
    """``KEY_low``/``KEY_high`` of a report dict (None when it has no range ends)."""
    if f"{key}_low" not in data:
        return None
    return Span(_dec(data.get(f"{key}_low")), _dec(data.get(f"{key}_high")))


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def resource_from_dict(res: dict[str, Any]) -> ResourceCost:
    """A priced resource back from its report dict (schema 1 or 2): every field a
    :class:`ResourceCost` has, its sides' completeness from ``partial_sides``."""
    status = res.get("status", "unsupported")
    partial_sides = res.get("partial_sides") or []
    before, after = _breakdown(res.get("before")), _breakdown(res.get("after"))
    for name, side in (("before", before), ("after", after)):
        if side is not None and name in partial_sides:
            side.complete = False
    return ResourceCost(
        address=res.get("address", ""),
        type=res.get("type", ""),
        provider=res.get("provider", ""),
        region=res.get("region"),
        action=res.get("action", "no-op"),
        status=status if status in STATUSES else "unsupported",
        before=before,
        after=after,
        notes=list(res.get("notes") or []),
        usage=[dict(u) for u in res.get("usage") or [] if isinstance(u, dict)],
        tags=({str(k): str(v) for k, v in res["tags"].items()}
              if isinstance(res.get("tags"), dict) else None),
    )


def _resources(project: dict[str, Any]) -> list[ResourceCost]:
    return [resource_from_dict(res) for res in project.get("resources") or []
            if isinstance(res, dict)]


def project_from_report(doc: dict[str, Any], name: str) -> Project:
    """A saved JSON report (schema 1 or 2) as input (for diff and comment): its resources,
    already priced."""
    if doc.get("schema_version") not in READABLE_SCHEMA_VERSIONS:
        raise InputError(f"{name}: report schema_version {doc.get('schema_version')!r} "
                         f"is not supported (expected one of "
                         f"{', '.join(map(str, READABLE_SCHEMA_VERSIONS))})")
    validate_saved_report(doc, name)
    priced = [r for project in doc.get("projects") or [] if isinstance(project, dict)
              for r in _resources(project)]
    return Project(name=name, source=name, input_type="report", changes=[], priced=priced)
