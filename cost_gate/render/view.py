"""What every human-facing renderer shows, decided once from the JSON report dict.

The table and the markdown comment differ in layout, not in content: which resources are
shown and in what order, before -> after per component, why a resource costs $0.00, which
notes repeat (said once, with a count), the usage values each resource was priced with,
per-project subtotals and the summary of a large plan. A figure priced with usage ranges
also gets its low and high end from the report ("$100.00-$840.00", "+$100.00 to +$840.00").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cost_gate import fmt

#: Default number of changes shown in full before the table summarises.
TOP_N = 25
#: A note on at least this many resources is said once, with a count.
REPEATED_NOTE_MIN = 3


@dataclass(slots=True)  # 100,000s of them for a big plan: no per-instance dict
class ComponentLine:
    name: str
    quantity: str
    price: str
    monthly: str  # "$480.00 ($100.00-$840.00)" when priced with a usage range
    changed: bool = False
    quantity_range: str = ""  # "100,000,000-900,000,000" when priced with a usage range


@dataclass(slots=True)  # 100,000s of them for a big plan: no per-instance dict
class Change:
    """One changed resource as shown: label, money columns, components and own notes."""

    project: str
    label: str
    res: dict[str, Any]
    before: str
    after: str
    delta: str
    why_zero: str = ""
    components: list[ComponentLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    usage: list[str] = field(default_factory=list)  # usage-file values it was priced with
    # over the usage ranges ("$100.00-$840.00", "+$100.00 to +$840.00"); empty without one
    before_range: str = ""
    after_range: str = ""
    delta_range: str = ""

    @property
    def known(self) -> bool:
        return self.res.get("monthly_delta") is not None

    @property
    def sort_key(self) -> tuple:
        delta = self.res.get("monthly_delta")
        return (delta is None, -abs(Decimal(str(delta or 0))), self.label)


@dataclass
class SharedNote:
    text: str
    count: int
    examples: list[str]


@dataclass
class ProjectTotals:
    name: str
    before: str
    after: str
    delta: str
    percent: str
    unpriced: int
    monthly_delta: Decimal = Decimal(0)  # the known delta, for ranking


@dataclass
class TypeTotals:
    type: str
    changed: int
    delta: Decimal
    unpriced: int


@dataclass
class View:
    changes: list[Change]  # every changed resource, largest |delta| first, unknown last
    shared_notes: list[SharedNote]
    project_notes: list[str]
    projects: list[ProjectTotals]  # only for multi-project reports
    types: list[TypeTotals]
    unchanged: int  # unchanged resources with a cost (in the totals, not listed)
    multi: bool
    project_names: list[str] = field(default_factory=list)  # in report order

    def by_project(self, changes: list[Change]) -> list[tuple[str, list[Change]]]:
        """``changes`` grouped by project, projects in report order."""
        groups: dict[str, list[Change]] = {name: [] for name in self.project_names}
        for change in changes:
            groups.setdefault(change.project, []).append(change)
        return [(name, items) for name, items in groups.items() if items]


def _cost(side: dict[str, Any] | None) -> Decimal:
    return Decimal(str((side or {}).get("monthly_cost") or 0))


def is_change(res: dict[str, Any], input_type: str | None) -> bool:
    """Shown as a change: not free or off-cloud, and changed (a state lists everything)."""
    if res.get("status") in ("free", "not-cloud"):
        return False
    return res.get("action") != "no-op" or input_type == "state"


def why_zero(res: dict[str, Any]) -> str:
    """Why a shown resource costs $0.00 (empty when it does not, or is not priced)."""
    side = res.get("after") if res.get("after") is not None else res.get("before")
    if res.get("status") not in ("priced", "partial") or side is None or _cost(side) != 0:
        return ""
    comps = side.get("components") or []
    if not comps:
        return "no chargeable component"
    if all(c.get("monthly_cost") is None for c in comps):
        return "usage-based only: no usage estimate (see --usage-file)"
    if all(c.get("monthly_quantity") in (0, None) for c in comps):
        return "zero usage"
    return "free tier or zero price"


def _money_side(res: dict[str, Any], side: str) -> str:
    """The side's priced cost; "-" where the side does not exist, "n/a" where not priced."""
    if res.get(side) is not None:
        partial = side in (res.get("partial_sides") or [])
        return fmt.money(_cost(res.get(side))) + (" + ?" if partial else "")
    absent = (side == "before" and res.get("action") == "create") or (
        side == "after" and res.get("action") == "delete")
    return "-" if absent else "n/a"


def _delta_text(res: dict[str, Any]) -> str:
    delta = res.get("monthly_delta")
    if delta is None:
        return "not priced" if res.get("status") == "unsupported" else "unknown"
    return fmt.signed_money(delta)


def _side_range(res: dict[str, Any], side: str) -> str:
    """The side's cost over the usage ranges ("$100.00-$840.00"); empty without a range."""
    item = res.get(side) or {}
    low, high = item.get("monthly_cost_low"), item.get("monthly_cost_high")
    return fmt.money_range(low, high) if low is not None and high is not None \
        and low != high else ""


def _delta_range(res: dict[str, Any]) -> str:
    low, high = res.get("monthly_delta_low"), res.get("monthly_delta_high")
    return fmt.signed_range(low, high) if low is not None and high is not None \
        and low != high else ""


def _line(c: dict[str, Any]) -> ComponentLine:
    if c.get("monthly_quantity") is None and c.get("usage_based") is False:
        # a fixed charge whose amount is known only after apply (the resource is partial)
        return ComponentLine(c.get("name", ""), "known after apply",
                             fmt.price_per_unit(c.get("unit_price"), c.get("unit")),
                             "unknown")
    if c.get("monthly_quantity") is None:
        return ComponentLine(c.get("name", ""), "usage-based",
                             fmt.price_per_unit(c.get("unit_price"), c.get("unit")),
                             "not estimated")
    low, high = c.get("monthly_quantity_low"), c.get("monthly_quantity_high")
    return ComponentLine(c.get("name", ""),
                         fmt.quantity_with_unit(c.get("monthly_quantity"), c.get("unit")),
                         fmt.price_per_unit(c.get("unit_price"), c.get("unit")),
                         fmt.with_range(fmt.money(c.get("monthly_cost")), c, "monthly_cost"),
                         quantity_range=f"{fmt.quantity(low)}-{fmt.quantity(high)}"
                         if low is not None and high is not None and low != high else "")


def _key(name: str) -> str:
    return name.split(" (", 1)[0]


def _name_change(old: str, new: str) -> str:
    """"Instance usage (Linux, t3.micro)" -> "(Linux, t3.small)" gives
    "Instance usage (Linux, t3.micro -> t3.small)"."""
    if old == new:
        return new
    head_old, _, rest_old = old.partition(" (")
    head_new, _, rest_new = new.partition(" (")
    if head_old != head_new or not rest_old.endswith(")") or not rest_new.endswith(")"):
        return f"{old} -> {new}"
    parts_old, parts_new = rest_old[:-1].split(", "), rest_new[:-1].split(", ")
    if len(parts_old) != len(parts_new):
        return f"{head_new} ({rest_old[:-1]} -> {rest_new[:-1]})"
    merged = [n if o == n else f"{o} -> {n}" for o, n in zip(parts_old, parts_new, strict=True)]
    return f"{head_new} ({', '.join(merged)})"


def _pair(old: ComponentLine | None, new: ComponentLine | None,
          partial_sides: list[str]) -> ComponentLine:
    """One component before -> after; a component missing on a side that is not fully priced
    is "not priced" there, not new or removed."""
    if old is None and new is not None:
        if "before" in partial_sides:
            return ComponentLine(f"{new.name} (before: not priced)", new.quantity, new.price,
                                 f"? -> {new.monthly}", True, new.quantity_range)
        return ComponentLine(f"{new.name} (new)", new.quantity, new.price,
                             f"- -> {new.monthly}", True, new.quantity_range)
    if new is None and old is not None:
        if "after" in partial_sides:
            return ComponentLine(f"{old.name} (after: not priced)", old.quantity, old.price,
                                 f"{old.monthly} -> ?", True, old.quantity_range)
        return ComponentLine(f"{old.name} (removed)", old.quantity, old.price,
                             f"{old.monthly} -> -", True, old.quantity_range)
    assert old is not None and new is not None
    if (old.name, old.quantity, old.price, old.monthly, old.quantity_range) == (
            new.name, new.quantity, new.price, new.monthly, new.quantity_range):
        return new

    def both(a: str, b: str) -> str:
        return a if a == b else f"{a} -> {b}"

    ranges = both(old.quantity_range or "-", new.quantity_range or "-")
    return ComponentLine(_name_change(old.name, new.name), both(old.quantity, new.quantity),
                         both(old.price, new.price), both(old.monthly, new.monthly), True,
                         "" if ranges == "-" else ranges)


def component_lines(res: dict[str, Any]) -> list[ComponentLine]:
    """The components to show; on update/replace each is before -> after where they differ."""
    before = [_line(c) for c in (res.get("before") or {}).get("components") or []]
    after = [_line(c) for c in (res.get("after") or {}).get("components") or []]
    if res.get("action") not in ("update", "replace") or not before or not after:
        return after or before
    partial = list(res.get("partial_sides") or [])
    pool: dict[str, list[ComponentLine]] = {}
    for line in before:
        pool.setdefault(_key(line.name), []).append(line)
    out = [_pair(pool[_key(n.name)].pop(0) if pool.get(_key(n.name)) else None, n, partial)
           for n in after]
    out += [_pair(old, None, partial) for rest in pool.values() for old in rest]
    return out


def build_view(report: dict[str, Any]) -> View:
    projects = [p for p in report.get("projects") or [] if isinstance(p, dict)]
    multi = len(projects) > 1
    changes: list[Change] = []
    unchanged = 0
    types: dict[str, TypeTotals] = {}
    for project in projects:
        name = str(project.get("name", ""))
        for res in project.get("resources") or []:
            if not is_change(res, project.get("input_type")):
                if res.get("status") not in ("free", "not-cloud"):
                    unchanged += 1
                continue
            label = str(res.get("address", ""))
            changes.append(Change(
                project=name, label=label, res=res,
                before=_money_side(res, "before"), after=_money_side(res, "after"),
                delta=_delta_text(res), why_zero=why_zero(res),
                notes=[str(n) for n in res.get("notes") or []],
                usage=[fmt.usage_value(u) for u in res.get("usage") or []
                       if isinstance(u, dict)],
                before_range=_side_range(res, "before"), after_range=_side_range(res, "after"),
                delta_range=_delta_range(res),
            ))
            totals = types.setdefault(str(res.get("type")), TypeTotals(str(res.get("type")),
                                                                       0, Decimal(0), 0))
            totals.changed += 1
            if res.get("monthly_delta") is None:
                totals.unpriced += 1
            else:
                totals.delta += Decimal(str(res["monthly_delta"]))
    changes.sort(key=lambda c: c.sort_key)
    counts = Counter(n for c in changes for n in set(c.notes))
    repeated = {n for n, k in counts.items() if k >= REPEATED_NOTE_MIN}
    examples: dict[str, list[str]] = {}
    for c in changes:
        for n in c.notes:
            if n in repeated and len(examples.setdefault(n, [])) < 3:
                examples[n].append(c.label)
        c.notes = [n for n in c.notes if n not in repeated]
    shared = [SharedNote(n, counts[n], examples.get(n, [])) for n in
              sorted(repeated, key=lambda n: (-counts[n], n))]
    project_notes = [f"{p.get('name')}: {n}" if multi else str(n)
                     for p in projects for n in p.get("notes") or []]
    totals_rows = []
    if multi:
        for p in projects:
            s = p.get("summary") or {}
            totals_rows.append(ProjectTotals(
                str(p.get("name", "")),
                fmt.with_range(fmt.money(s.get("monthly_before")), s, "monthly_before"),
                fmt.with_range(fmt.money(s.get("monthly_after")), s, "monthly_after"),
                fmt.with_range(fmt.signed_money(s.get("monthly_delta")), s, "monthly_delta",
                               signed=True),
                percent_cell(s.get("percent_delta")), len(s.get("unpriced_changes") or []),
                Decimal(str(s.get("monthly_delta") or 0))))
    type_rows = sorted(types.values(), key=lambda t: (-abs(t.delta), -t.unpriced, t.type))
    return View(changes, shared, project_notes, totals_rows, type_rows, unchanged, multi,
                [str(p.get("name", "")) for p in projects])


def percent_cell(value: Any) -> str:
    """A % column's cell: "n/a" when nothing cost anything before (no percentage)."""
    return "n/a" if value is None else fmt.percent(value)


def findings_lines(report: dict[str, Any]) -> list[str]:
    """One line per finding but recommendations (listed with their savings by
    :func:`finops_view`): "[warn] message" ("[warn] PROJECT: message" when the report has
    several projects); a missing tag on three resources or more is one line naming them."""
    multi = len(report.get("projects") or []) > 1
    shown = [f for f in report.get("findings") or [] if isinstance(f, dict)
             and f.get("kind") != "recommendation"]  # recommendations: see finops_view
    # the same tag-policy violation on many resources is said once, with the resources
    grouped: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for f in shown:
        if f.get("kind") == "tag-policy" and f.get("id", "").startswith("missing-tag:"):
            grouped.setdefault((f.get("severity"), f.get("id")), []).append(f)
    lines = []
    for f in shown:
        group = grouped.get((f.get("severity"), f.get("id"))) if f.get(
            "kind") == "tag-policy" else None
        label = (f"{f['project']}: " if multi and f.get("project") else "")
        if group and len(group) >= REPEATED_NOTE_MIN:
            if group[0] is not f:
                continue
            names = [(f"{g['project']}: " if multi and g.get("project") else "")
                     + str(g.get("address")) for g in group]
            more = f" and {len(names) - 10} more" if len(names) > 10 else ""
            lines.append(f"[{f.get('severity', 'info')}] required tag {f.get('tag')!r} is "
                         f"missing on {len(names)} resources: {', '.join(names[:10])}{more}")
            continue
        lines.append(f"[{f.get('severity', 'info')}] {label}{f.get('message', '')}")
    return lines


def pricing_line(report: dict[str, Any]) -> str:
    """The price data date, always stated."""
    pricing = report.get("pricing") or {}
    line = f"Price data as of {pricing.get('as_of') or pricing.get('snapshot_date') or 'unknown'}"
    about = [f"{pricing['age_days']} days old"] if pricing.get("age_days") is not None else []
    about += pricing.get("origins") or []
    if about:
        line += f" ({', '.join(about)})"
    if pricing.get("oldest_data_date") and pricing.get("oldest_data_date") != pricing.get(
            "as_of"):
        line += f", oldest price used dated {pricing['oldest_data_date']}"
    return line + f"; {report.get('hours_per_month', 730)} hours/month, on-demand USD"


# ----------------------------------------------------------------- FinOps sections


@dataclass
class AllocationRow:
    value: str  # the tag value, or "(untagged)"
    before: str
    after: str
    delta: str  # "+$12.00", with " + ?" when some change in the group is not priced


@dataclass
class FinOpsView:
    """Allocation, unit economics, savings and pricing-model lines, shared by table and
    markdown (each empty when the report has no such block)."""

    allocation_tag: str | None = None
    allocation: list[AllocationRow] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    # "$123.45/month, $1,481.40/year": the largest monthly saving of each resource, added up
    # (the recommendations for one resource are alternatives, not additive)
    savings_total: str = ""
    pricing_model: list[str] = field(default_factory=list)


#: At most this many allocation groups / pricing-model resources are listed.
MAX_FINOPS_ROWS = 15


def finops_view(report: dict[str, Any]) -> FinOpsView:
    from cost_gate.finops.policy import unit_line

    out = FinOpsView()
    multi = len(report.get("projects") or []) > 1
    block = report.get("allocation")
    if isinstance(block, dict):
        out.allocation_tag = str(block.get("tag"))
        groups = [g for g in block.get("groups") or [] if isinstance(g, dict)]
        for group in groups[:MAX_FINOPS_ROWS]:
            unknown = "" if group.get("delta_complete", True) else " + ?"
            out.allocation.append(AllocationRow(
                "(untagged)" if group.get("value") is None else str(group["value"]),
                fmt.money(group.get("monthly_before")), fmt.money(group.get("monthly_after")),
                fmt.signed_money(group.get("monthly_delta")) + unknown))
        if len(groups) > MAX_FINOPS_ROWS:
            out.allocation.append(AllocationRow(f"… {len(groups) - MAX_FINOPS_ROWS} more", "",
                                                "", ""))
    out.units = [unit_line(u) for u in report.get("unit_economics") or [] if isinstance(u, dict)]
    best: dict[tuple[Any, Any], Decimal] = {}
    for finding in report.get("findings") or []:
        if not isinstance(finding, dict) or finding.get("kind") != "recommendation":
            continue
        prefix = f"{finding['project']}: " if multi and finding.get("project") else ""
        out.recommendations.append(f"[{finding.get('id')}] {prefix}{finding.get('message')}")
        if finding.get("monthly_savings") is not None:
            key = (finding.get("project"), finding.get("address"))
            best[key] = max(best.get(key, Decimal(0)), Decimal(str(finding["monthly_savings"])))
    saved = sum(best.values(), Decimal(0))
    if saved:
        out.savings_total = f"{fmt.money(saved)}/month, {fmt.money(saved * 12)}/year"
    model = report.get("pricing_model")
    if isinstance(model, dict) and model.get("model"):
        name = str(model["model"])
        rows = [r for r in model.get("resources") or [] if isinstance(r, dict)]
        without = int(model.get("resources_without_rate") or 0)
        if rows:
            out.pricing_model.append(
                f"{name} vs on-demand for {len(rows)} resource{'s' if len(rows) != 1 else ''} "
                f"with {name} rates: {fmt.money(model.get('monthly_model'))} vs "
                f"{fmt.money(model.get('monthly_on_demand'))} per month "
                f"({fmt.signed_money(model.get('monthly_difference'))}); the totals above "
                "stay on-demand")
            for row in rows[:MAX_FINOPS_ROWS]:
                label = f"{row['project']}: {row['address']}" if multi else str(row["address"])
                out.pricing_model.append(f"{label}: {fmt.money(row.get('monthly_model'))} vs "
                                         f"{fmt.money(row.get('monthly_on_demand'))} on-demand")
        else:
            out.pricing_model.append(f"{name}: no resource in this change has {name} rates in "
                                     "the price data; every price shown is on-demand")
        if without and rows:
            out.pricing_model.append(f"{without} priced resource{'s' if without != 1 else ''} "
                                     f"{'have' if without != 1 else 'has'} no {name} rate in "
                                     "the price data (on-demand only)")
    return out
