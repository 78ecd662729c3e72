"""``--pricing-model``: spot or reserved rates beside on-demand, never mixed into the totals.

Each priced resource is priced a second time through the same rule and lookup, with every
price reference that has a variant for the model swapped for it: GCP ``provisioning=spot``
rows, AWS reserved rows (``term=reserved-1y|3y`` with a purchase option and offering class;
their one-time upfront fee, where the data has it, is spread over the term's hours). A
resource with no such rate is counted, not priced at on-demand under the model's name. The
report's ``pricing_model`` block lists the resources that have the rates, their on-demand
and model monthly costs side by side, and how many priced resources have no such rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cost_gate.models import HOURS_PER_MONTH, Project, ResourceCost, _num
from cost_gate.pricing.rows import PriceRow
from cost_gate.rules.base import PriceRef

if TYPE_CHECKING:
    from cost_gate.estimate import Pricer

_PURCHASE_OPTIONS = ("no_upfront", "partial_upfront", "all_upfront")
_TERM_YEARS = {"reserved-1y": 1, "reserved-3y": 3}


def variants(ref: PriceRef, model: str) -> list[tuple[PriceRef, PriceRef | None]]:
    """(rate ref, one-time upfront ref or None) that price ``ref`` under ``model``, in order."""
    if model == "spot":
        if ref.provider == "gcp":
            return [(replace(ref, attrs={**ref.attrs, "provisioning": "spot"}, fallbacks=()),
                     None)]
        return []
    if model in _TERM_YEARS and ref.provider == "aws":
        out = []
        for option in _PURCHASE_OPTIONS:
            attrs = {**ref.attrs, "term": model, "purchase_option": option,
                     "offering_class": "standard"}
            out.append((replace(ref, attrs=attrs, fallbacks=()),
                        replace(ref, product=f"{ref.product}_reserved_upfront", attrs=attrs,
                                fallbacks=())))
        out.append((replace(ref, attrs={**ref.attrs, "term": model}, fallbacks=()), None))
        return out
    return []


def _model_pricer(base: Pricer, model: str) -> Pricer:
    """A pricer whose lookups find the model's rate wherever the data has one."""
    from cost_gate.estimate import Pricer

    @dataclass
    class ModelPricer(Pricer):
        swapped: list[str] = field(default_factory=list)

        def lookup(self, ref: PriceRef, region: str) -> list[PriceRow]:
            for rate, upfront in variants(ref, model):
                rows = Pricer.lookup(self, rate, region)
                if not rows:
                    continue
                self.swapped.append(rows[0].product)
                if upfront is None:
                    return rows
                fee = Pricer.lookup(self, upfront, region)
                if not fee:
                    return rows
                hours = Decimal(8760 * _TERM_YEARS[model])
                first = rows[0]
                effective = first.usd_price + fee[0].usd_price / hours
                return [replace(first, usd_price=effective)]
            return Pricer.lookup(self, ref, region)

    return ModelPricer(base.store, base.today, usage=base.usage, max_age_days=base.max_age_days,
                       project=base.project)


def compare(project: Project, resources: list[ResourceCost], pricer: Pricer, model: str
            ) -> dict[str, Any]:
    """One project's ``pricing_model`` block (see :func:`combine` for the shape)."""
    rows: list[dict[str, Any]] = []
    without = 0
    if project.priced is None:
        priced = {r.address: r for r in resources}
        index = project.by_address()
        model_pricer = _model_pricer(pricer, model)
        for change in project.changes:
            cost = priced[change.address]
            if change.after is None or cost.status != "priced" or cost.monthly_after <= 0:
                continue
            model_pricer.swapped = []
            breakdown, status, _ = model_pricer.price_side(
                change, change.after, index, pricer.usage_view(change))
            if not model_pricer.swapped or status != "priced" or breakdown is None:
                without += 1
                continue
            rows.append({"project": project.name, "address": change.address,
                         "monthly_on_demand": _num(cost.monthly_after),
                         "monthly_model": _num(breakdown.monthly_cost)})
        pricer.used_sources |= model_pricer.used_sources
        pricer.used_dates |= model_pricer.used_dates
    return combine([{"model": model, "resources": rows, "resources_without_rate": without}])


def combine(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """``{model, resources: [{project, address, monthly_on_demand, monthly_model}],
    monthly_on_demand, monthly_model, monthly_difference, resources_without_rate}`` from the
    blocks of several projects (totals over the resources that have the model's rate)."""
    rows = [r for b in blocks for r in b.get("resources") or [] if isinstance(r, dict)]
    on_demand = sum((Decimal(str(r["monthly_on_demand"])) for r in rows), Decimal(0))
    modelled = sum((Decimal(str(r["monthly_model"])) for r in rows), Decimal(0))
    return {
        "model": blocks[0].get("model") if blocks else None,
        "resources": rows,
        "monthly_on_demand": _num(on_demand),
        "monthly_model": _num(modelled),
        "monthly_difference": _num(modelled - on_demand),
        "resources_without_rate": sum(int(b.get("resources_without_rate") or 0)
                                      for b in blocks),
        "hours_per_month": int(HOURS_PER_MONTH),
    }
