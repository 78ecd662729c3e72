"""Price every resource change of a project: rules -> local price lookup -> costs."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from cost_gate.findings import RegionFindings
from cost_gate.finops.settings import Checks
from cost_gate.inputs.tags import effective_tags
from cost_gate.models import (
    ChangeIndex,
    CostBreakdown,
    CostComponent,
    Project,
    ResourceChange,
    ResourceCost,
    ResourceSide,
    Span,
)
from cost_gate.pricing.rows import PriceRow
from cost_gate.pricing.store import PriceStore
from cost_gate.regions import describe_source, is_known_region, provider_label
from cost_gate.report import ProjectResult, Report
from cost_gate.rules import is_free, rule_for
from cost_gate.rules.base import Component, MissingAttribute, NotPriceable, PriceRef, Resource
from cost_gate.rules.not_cloud import is_not_cloud
from cost_gate.usage import Usage, tracker
from cost_gate.usage.resolve import UsageTracker, UsageView

#: A component costing more than this per month ($1e15) comes from an impossible quantity.
MAX_MONTHLY = 1e15

#: Price data older than this many days makes a resource note and the report's warning.
DEFAULT_MAX_PRICE_AGE_DAYS = 365

#: Set to "0" to let an exception raised by a pricing rule propagate (exit 5 from the CLI)
#: instead of becoming a partial note: the rule property test and the fuzz corpus walk run
#: so, since a rule that raises is a bug.
ENV_RULE_SAFETY_NET = "COST_GATE_RULE_SAFETY_NET"
#: The words of the last-resort note (tests look for them in reports).
RULE_ERROR_NOTE = "cost-gate's rule for this type failed on its attributes"


def rule_safety_net() -> bool:
    """Whether an exception raised by a rule becomes a partial note (the default)."""
    return os.environ.get(ENV_RULE_SAFETY_NET, "1") != "0"
_RANK = {"priced": 0, "free": 0, "not-cloud": 0, "partial": 1, "unsupported": 2}


@dataclass
class Pricer:
    """Prices resources against a store, remembering which sources it used."""

    store: PriceStore
    today: date = field(default_factory=date.today)
    used_sources: set[str] = field(default_factory=set)
    used_dates: set[str] = field(default_factory=set)
    usage: Usage | None = None
    max_age_days: int = DEFAULT_MAX_PRICE_AGE_DAYS
    project: str = ""  # the project being priced (named in findings)
    _memo: dict[tuple, list[PriceRow]] = field(default_factory=dict)
    region_findings: RegionFindings = field(default_factory=RegionFindings)
    usage_tracker: UsageTracker | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.usage_tracker = tracker(self.usage)

    def usage_view(self, change: ResourceChange) -> UsageView:
        """The usage values that apply to this resource (empty without a usage file)."""
        if self.usage_tracker is None:
            return UsageView()
        return self.usage_tracker.view(change.address, change.type)

    def usage_block(self) -> dict | None:
        """The report's `usage` block (None without a usage file)."""
        return self.usage_tracker.block() if self.usage_tracker is not None else None

    def lookup(self, ref: PriceRef, region: str) -> list[PriceRow]:
        region = ref.region or region
        key = (ref.provider, ref.service, region, ref.product, tuple(ref.attrs.items()),
               tuple(tuple(f.items()) for f in ref.fallbacks), ref.region_fallbacks)
        rows = self._memo.get(key)
        if rows is None:
            # The first price found: the resource's region before fallback regions, and in each
            # the exact attributes before fallback attribute sets.
            rows = next((found for where in (region, *ref.region_fallbacks)
                         for attrs in (ref.attrs, *ref.fallbacks)
                         if (found := self.store.lookup(ref.provider, ref.service, where,
                                                        ref.product, attrs))), [])
            self._memo[key] = rows
        return rows

    def cost(self, comp: Component, rows: list[PriceRow]) -> CostComponent:
        first = rows[0]
        self.used_sources.add(first.source)
        if first.data_date:
            self.used_dates.add(first.data_date)
        quantity = comp.quantity
        if quantity is None:
            monthly_cost = None
        elif comp.tiered:
            monthly_cost = _tiered_cost(quantity, rows)
        else:
            monthly_cost = quantity * first.usd_price
        return CostComponent(
            name=sys.intern(comp.name),  # the same few names over thousands of resources
            unit=sys.intern(comp.unit),
            monthly_quantity=quantity,
            unit_price=first.usd_price,
            monthly_cost=monthly_cost,
            usage_based=comp.usage_based,
            price_source=first.source,
            data_date=first.data_date or None,
        )

    def price_side(
        self, change: ResourceChange, side: ResourceSide, project_index: ChangeIndex,
        usage: UsageView | None = None,
    ) -> tuple[CostBreakdown | None, str, list[str]]:
        """(breakdown, status, notes) for one side of a change."""
        if not rule_safety_net():
            return self._price_side(change, side, project_index, usage)
        try:
            return self._price_side(change, side, project_index, usage)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError,
                ArithmeticError, RecursionError) as exc:
            # Last-resort guard: a rule that raises is a bug in that rule (rules validate what
            # they read through the typed accessors); the resource is partial, not exit 5.
            detail = " ".join(str(exc).split())[:100]
            note = (f"not fully priced: {RULE_ERROR_NOTE} ({change.type} rule, "
                    f"{type(exc).__name__}: {detail})")
            return CostBreakdown([], complete=False), "partial", [note]

    def _price_side(
        self, change: ResourceChange, side: ResourceSide, project_index: ChangeIndex,
        usage: UsageView | None,
    ) -> tuple[CostBreakdown | None, str, list[str]]:
        rule = rule_for(change.type)
        if rule is None:
            if is_free(change.type):
                return CostBreakdown([]), "free", []
            if is_not_cloud(change.provider):
                return CostBreakdown([]), "not-cloud", []
            return None, "unsupported", [f"{change.type} is not supported yet"]
        region = side.region
        if not region:
            return None, "unsupported", ["region unknown: set --region"]
        if is_known_region(change.provider, region) is False:
            text = (f"{region!r} is not a known {provider_label(change.provider)} region "
                    f"(from {describe_source(side.region_source, side.region_variable)})")
            self.region_findings.add("unknown-region", self.project, change, side, text)
            return None, "unsupported", [f"{text}: not priced"]
        resource = _resource_view(change, side, region, project_index, self.today)
        if usage is not None:
            resource.usage = usage
        try:
            comps = rule(resource)
        except MissingAttribute as exc:
            note = f"not fully priced: {exc.path} is {exc.reason}"
            return CostBreakdown([], complete=False), "partial", [*resource.notes, note]
        except NotPriceable as exc:
            if exc.status == "free":  # NoCharge: nothing to pay as configured
                return CostBreakdown([]), "free", [*resource.notes, str(exc)]
            return None, "unsupported", [*resource.notes, str(exc)]
        notes = list(resource.notes)
        for comp in comps:
            if comp.quantity is not None and not (comp.quantity.is_finite() and (
                    comp.quantity >= 0 or comp.discount)):
                # rules validate what they read: this is a bug in the rule, not bad input
                raise ValueError(f"{change.type} rule gave {comp.name!r} the quantity "
                                 f"{comp.quantity}")
        for i, comp in enumerate(comps):
            if comp.usage_key and comp.quantity is None:
                estimate_ = resource.usage.number(comp.usage_key)
                if estimate_ is not None:
                    comp.quantity = estimate_ * comp.usage_multiplier
            if comp.preferred is not None:
                if self.lookup(comp.preferred.price, region):
                    comps[i] = comp.preferred
                elif comp.fallback_note and comp.fallback_note not in notes:
                    notes.append(comp.fallback_note)
        priced: list[CostComponent] = []
        missing: list[tuple[str, str]] = []
        usage_missing = beyond_tiers = fixed_missing = after_apply = False
        data_provider = comps[0].price.provider if comps else change.provider
        for comp in comps:
            rows = self.lookup(comp.price, region)
            if not rows:
                if comp.optional:
                    if comp.missing_note and comp.missing_note not in notes:
                        notes.append(comp.missing_note)
                    continue
                if comp.usage_based and comp.quantity is None:
                    # no estimate and no price: nothing to add, but the charge exists
                    notes.append(f"{comp.name}: no price in the data for "
                                 f"{comp.price.region or region}, not shown")
                    usage_missing = True
                    continue
                # a fixed charge, or a usage charge with an estimate: the cost is unknown
                missing.append((comp.name, comp.price.region or region))
                fixed_missing = fixed_missing or not comp.usage_based
                continue
            if comp.after_apply:
                note = f"not fully priced: {comp.after_apply} is known only after apply"
                if note not in notes:
                    notes.append(note)
                after_apply = True
            cost = self.cost(comp, rows)
            if cost.monthly_cost is not None and not abs(float(cost.monthly_cost)) < MAX_MONTHLY:
                note = (f"not fully priced: {comp.name}: quantity {comp.quantity:.6g} "
                        f"{comp.unit} is out of range")
                return CostBreakdown([], complete=False), "partial", [*notes, note]
            priced.append(cost)
            past_tiers = _past_last_tier(comp, rows)
            if past_tiers:
                beyond_tiers = True
                notes.append(past_tiers)
        if (missing or usage_missing) and not self.store.known_region(data_provider, region):
            which = "" if data_provider == "aws" else f"--provider {data_provider} "
            text = (f"no prices shipped for {region}; run "
                    f"`cost-gate pricing update {which}--region {region}`")
            self.region_findings.add("no-price-data", self.project, change, side, text)
            notes.append(text)
        elif missing:
            by_region: dict[str, list[str]] = {}
            for name, where in missing:
                by_region.setdefault(where, []).append(name)
            notes.append("no price in the data for: " + "; ".join(
                f"{', '.join(names)} in {self._where(data_provider, where)}"
                for where, names in by_region.items()))
        for charge in resource.unpriced_charges:
            notes.append(f"not fully priced: {charge} is not in the price data")
        stale = sorted({c.data_date for c in priced if c.data_date and _is_stale(
            c.data_date, self.today, self.max_age_days)})
        if stale:
            notes.append(f"priced from data dated {stale[0]}, older than "
                         f"{age_words(self.max_age_days)}")
        if fixed_missing and not any(not c.usage_based for c in priced):
            return None, "unsupported", notes
        if (missing or usage_missing) and not priced:  # every charge is usage-based and none has a price
            return None, "unsupported", notes
        # HCL mode: a count/for_each it could not evaluate is priced as one instance.
        count_unknown = isinstance(side.unknown, dict) and side.unknown.get("count") is True
        partial = (missing or beyond_tiers or count_unknown or after_apply
                   or bool(resource.unpriced_charges))
        return (CostBreakdown(priced, complete=not partial), "partial" if partial else "priced",
                notes)

    def _where(self, provider: str, region: str) -> str:
        """A region named in a note (a component priced in another region, e.g. a replica's,
        may be one the price data does not have)."""
        return region if self.store.known_region(provider, region) else (
            f"{region} (a region with no price data)")


@lru_cache(maxsize=256)
def _is_stale(data_date: str, today: date, max_age_days: int) -> bool:
    try:
        return date.fromisoformat(data_date[:10]) < today - timedelta(days=max_age_days)
    except ValueError:
        return False


def age_words(days: int) -> str:
    """365 -> "12 months", 730 -> "2 years", 180 -> "180 days" (notes and warnings)."""
    if days == 365:
        return "12 months"
    if days % 365 == 0:
        return f"{days // 365} years"
    return f"{days} day{'' if days == 1 else 's'}"


def _tiered_cost(quantity: Decimal, rows: list[PriceRow]) -> Decimal:
    """Cost across the tier rows in the data; a quantity past the last tier_end is not priced
    here (see :func:`_past_last_tier`)."""
    total = Decimal(0)
    for row in rows:
        if quantity <= row.tier_start:
            break
        upper = quantity if row.tier_end is None else min(quantity, row.tier_end)
        total += (upper - row.tier_start) * row.usd_price
    return total


def _past_last_tier(comp: Component, rows: list[PriceRow]) -> str | None:
    """A note when a tiered quantity runs past the last tier the data has (that part is
    left unpriced: only the tiers in the data are priced)."""
    last_end = rows[-1].tier_end
    if not comp.tiered or comp.quantity is None or last_end is None:
        return None
    excess = comp.quantity - last_end
    if excess <= 0:
        return None
    return (f"{comp.name}: {_amount(excess)} {comp.unit} beyond the first "
            f"{_amount(last_end)} not priced (the price past that tier is not in the data)")


def _amount(value: Decimal) -> str:
    return f"{value.normalize():,f}" if value % 1 else f"{value:,.0f}"


def _resource_view(change: ResourceChange, side: ResourceSide, region: str,
                   index: ChangeIndex, today: date) -> Resource:
    """What a rule sees of one side of ``change``. Referenced resources are seen on the same
    side (pricing a before side sees the before side of what it references, where it has one);
    a resource updated in place, seen from an after side, carries its before side as
    ``previous``."""
    before_side = side is change.before and change.after is not None
    if not isinstance(index, ChangeIndex):  # a plain dict from a library caller
        index = ChangeIndex(index)

    def view(other: ResourceChange) -> Resource | None:
        other_side = (other.before or other.after) if before_side else (other.after or other.before)
        if other_side is None:
            return None
        seen = Resource(other.address, other.type, other_side.region or region,
                        other_side.attributes, other_side.unknown, other.references,
                        lookup_resource=lookup, lookup_referrers=referrers, today=today,
                        configured=other.configured)
        if other_side is other.after and other.before is not None and other.action == "update":
            seen.previous = Resource(other.address, other.type, other.before.region or region,
                                     other.before.attributes, other.before.unknown,
                                     other.references, today=today)
        return seen

    def lookup(address: str) -> Resource | None:
        other = index.first_instance(address)
        return None if other is None else view(other)

    def referrers(address: str, resource_type: str) -> list[Resource]:
        seen = (view(other) for other in index.referrers(address, resource_type))
        return [r for r in seen if r is not None]

    return Resource(
        address=change.address,
        type=change.type,
        region=region,
        attributes=side.attributes,
        unknown=side.unknown,
        references=change.references,
        lookup_resource=lookup,
        lookup_referrers=referrers,
        today=today,
        configured=change.configured,
    )


def price_change(pricer: Pricer, change: ResourceChange,
                 index: ChangeIndex) -> ResourceCost:
    """The priced change; when a usage range was read, priced once more with every range at
    its low end and at its high end, and the figures carry those ends (see :func:`_ranged`)."""
    usage = pricer.usage_view(change)
    point = _price_at(pricer, change, index, usage)
    if not usage.ranged:
        return point
    ends = {end: _price_at(pricer, change, index, usage.at(end)) for end in ("low", "high")}
    return _ranged(point, ends)


def _ranged(point: ResourceCost, ends: dict[str, ResourceCost]) -> ResourceCost:
    """``point`` with the low and high end of each component and side cost (the smallest and
    largest over the point run and the two end runs; the delta's ends follow from the sides).

    A charge the data cannot price at one end makes the resource ``partial`` like at the point
    estimate (notes that appear only at one end say which), and that end's figures of the side
    are left out of its range: they are lower bounds, not ends."""
    runs = [point, *ends.values()]
    point.status = max((r.status for r in runs), key=lambda s: _RANK[s])  # type: ignore[assignment]
    for end, run in ends.items():
        point.notes += [f"at the {end} end of the usage ranges: {n}" for n in run.notes
                        if n not in point.notes]
    for name in ("before", "after"):
        side = getattr(point, name)
        if side is None:
            continue
        others = [getattr(r, name) for r in ends.values()]
        others = [o for o in others if o is not None]
        side.complete = side.complete and all(o.complete for o in others)
        others = [o for o in others if o.complete]
        side.cost_span = Span.of([side.monthly_cost, *(o.monthly_cost for o in others)])
        matches = [_by_name(o.components) for o in others]
        seen: dict[str, int] = {}
        for comp in side.components:
            n = seen[comp.name] = seen.get(comp.name, -1) + 1
            if comp.monthly_cost is None:  # usage-based without an estimate
                comp.quantity_span = comp.cost_span = Span(None, None)
                continue
            # a charge missing from another run costs nothing there
            found = [m.get((comp.name, n)) for m in matches]
            comp.quantity_span = Span.of([comp.monthly_quantity, *(
                f.monthly_quantity if f else Decimal(0) for f in found)])
            comp.cost_span = Span.of([comp.monthly_cost, *(
                f.monthly_cost if f else Decimal(0) for f in found)])
    return point


def _by_name(components: list[CostComponent]) -> dict[tuple[str, int], CostComponent]:
    """Components keyed by (name, occurrence): the same charge in another run."""
    out: dict[tuple[str, int], CostComponent] = {}
    seen: dict[str, int] = {}
    for comp in components:
        n = seen[comp.name] = seen.get(comp.name, -1) + 1
        out[(comp.name, n)] = comp
    return out


def _price_at(pricer: Pricer, change: ResourceChange, index: ChangeIndex,
              usage: UsageView) -> ResourceCost:
    notes = list(change.notes)
    statuses = []
    before = after = None
    if change.before is not None:
        before, status, side_notes = pricer.price_side(change, change.before, index, usage)
        statuses.append(status)
        notes += [n for n in side_notes if n not in notes]
    if change.after is not None:
        after, status, side_notes = pricer.price_side(change, change.after, index, usage)
        statuses.append(status)
        notes += [n for n in side_notes if n not in notes]
    status = max(statuses, key=lambda s: _RANK[s]) if statuses else "unsupported"
    if status == "free" and "partial" in statuses:
        status = "partial"
    side = change.after or change.before
    region = side.region if side else None
    # Types, regions and notes repeat over thousands of resources: one copy of each text is
    # kept (the input's copies go with the input).
    return ResourceCost(
        address=change.address,
        type=sys.intern(change.type),
        provider=sys.intern(change.provider),
        region=sys.intern(region) if region else region,
        action=change.action,
        status=status,  # type: ignore[arg-type]
        before=before,
        after=after,
        notes=[sys.intern(note) for note in notes],
        usage=usage.provenance(),
        tags=effective_tags(change),
    )


def price_project(pricer: Pricer, project: Project, checks: Checks | None = None
                  ) -> ProjectResult:
    """Price a project's changes; ``checks``: the FinOps plan-time checks to run (default:
    recommendations and junk on, on-demand only)."""
    pricer.project = project.name
    if project.priced is not None:
        resources = project.priced
    else:
        index = project.by_address()
        resources = [price_change(pricer, change, index) for change in project.changes]
    result = ProjectResult(project.name, project.source, project.input_type, resources,
                           list(project.notes))
    from cost_gate.finops.checks import run_checks

    checks = checks or Checks()
    result.findings = run_checks(project, resources, pricer, checks)
    if checks.pricing_model != "on-demand":
        from cost_gate.finops.models import compare

        result.pricing_model = compare(project, resources, pricer, checks.pricing_model)
    return result


def estimate(
    projects: list[Project],
    *,
    store: PriceStore | None = None,
    budgets=None,
    today: date | None = None,
    usage: Usage | None = None,
    max_price_age_days: int | None = None,
    checks: Checks | None = None,
) -> Report:
    """Price all projects into one report (gate evaluated against ``budgets``).

    ``usage`` estimates usage-based charges; without it they are shown per unit only.
    ``max_price_age_days``: price data older than this is stale (default 1 year).
    """
    store = store or PriceStore.default()
    pricer = Pricer(store, today or date.today(), usage=usage,
                    max_age_days=max_price_age_days or DEFAULT_MAX_PRICE_AGE_DAYS)
    results = [price_project(pricer, p, checks) for p in projects]
    return Report(results, pricing_block(pricer), budgets, pricer.region_findings.as_list(),
                  usage=pricer.usage_block())


def pricing_block(pricer: Pricer) -> dict:
    """The report's `pricing` block: data dates and sources actually used."""
    store = pricer.store
    described = store.describe_used()
    meta: dict[str, dict] = {}
    for layer in reversed(store.layers):
        meta.update(layer.manifest.get("sources") or {})
    sources = []
    for source_id in sorted(pricer.used_sources):
        info = meta.get(source_id, {})
        sources.append({
            "id": source_id,
            "description": info.get("description"),
            "url": info.get("url"),
            "data_date": info.get("data_date"),
        })
    dates = sorted(pricer.used_dates)
    from cost_gate.pricing.info import UPDATE_HINT, data_age

    age = data_age(store, pricer.today)
    stale = age["age_days"] is not None and age["age_days"] > pricer.max_age_days
    return {
        "snapshot_date": described["snapshot_date"],
        "origins": described["origins"],
        "data_dates_used": dates,
        "oldest_data_date": dates[0] if dates else None,
        "sources": sources,
        "as_of": age["as_of"],
        "age_days": age["age_days"],
        "stale": stale,
        "max_age_days": pricer.max_age_days,
        "staleness_warning": (
            f"price data is {age['age_days']} days old (as of {age['as_of']}; older than "
            f"{age_words(pricer.max_age_days)}, see --max-price-age): {UPDATE_HINT}"
            if stale else None),
        # a damaged price cache that was ignored, an interrupted update that was repaired
        **({"notes": described["notes"]} if described.get("notes") else {}),
    }
