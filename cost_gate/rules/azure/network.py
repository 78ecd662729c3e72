"""Azure networking: Standard Load Balancer, Application Gateway v2, public IPs.

``azure/load_balancer/global`` (``rules``, ``data``: Standard SKU, published region-less) and
``azure/application_gateway`` (``gateway``, ``capacity_unit``: the East US example prices of
Microsoft's pricing article). Public IPs have no price in the data.
"""

from __future__ import annotations

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.azure.compute import PROVIDER
from cost_gate.rules.base import Component, NotPriceable, PriceRef, Resource, hourly, monthly, usage

APPGW_V2 = {"Basic": "basic_v2", "Standard_v2": "standard_v2", "WAF_v2": "waf_v2"}
CAPACITY_UNITS_PER_INSTANCE = 10  # a fixed or minimum v2 instance reserves 10 capacity units


def _lb(product: str, attrs: dict[str, str]) -> PriceRef:
    return PriceRef("load_balancer", product, attrs, provider=PROVIDER,
                    region_fallbacks=("global",))


INCLUDED_RULES = 5  # a Standard LB's first 5 rules share one hourly charge


@register("azurerm_lb")
def azurerm_lb(r: Resource) -> list[Component]:
    sku = r.string("sku") or "Basic"
    if sku == "Basic":
        r.note("Basic load balancer: no charge")
        return []
    if sku != "Standard":
        raise NotPriceable(f"{sku} load balancer: no prices in the data")
    # Billed rules: the load-balancing and outbound rules (inbound NAT rules are free), counted
    # from the azurerm_lb_rule / azurerm_lb_outbound_rule resources that refer to this LB.
    rules = sum(len(r.referrers(t)) for t in ("azurerm_lb_rule", "azurerm_lb_outbound_rule"))
    comps = [
        hourly("Load-balancing and outbound rules (first 5)", _lb("rules", {"kind": "included"})),
        usage("Data processed", "GB", _lb("data", {}), "monthly_data_processed_gb"),
    ]
    if rules == 0:
        r.note("no load-balancing or outbound rule of it in the plan: priced for 1-5 rules (one "
               "hourly charge); each rule past 5 adds the per-rule rate, and a load balancer "
               "without rules is not charged")
    elif rules > INCLUDED_RULES:
        extra = rules - INCLUDED_RULES
        comps.insert(1, hourly(f"Rules beyond the first {INCLUDED_RULES} (x{extra})",
                               _lb("rules", {"kind": "overage"}), extra))
    return comps


@register("azurerm_application_gateway")
def azurerm_application_gateway(r: Resource) -> list[Component]:
    name = r.string("sku.0.name", required=True)
    sku = APPGW_V2.get(name)
    if sku is None:
        raise NotPriceable(f"Application Gateway {name} (v1): no prices in the data")
    ref_gateway = PriceRef("application_gateway", "gateway", {"sku": sku}, provider=PROVIDER)
    ref_cu = PriceRef("application_gateway", "capacity_unit", {"sku": sku}, provider=PROVIDER)
    comps = [hourly(f"Gateway ({name})", ref_gateway)]
    instances = r.number("sku.0.capacity", integer=True)
    label = "fixed"
    if instances is None:
        instances = r.number("autoscale_configuration.0.min_capacity", 0, integer=True)
        label = "minimum"
    if instances:
        units = instances * CAPACITY_UNITS_PER_INSTANCE
        comps.append(monthly(f"Capacity units ({label} {instances} instances x "
                             f"{CAPACITY_UNITS_PER_INSTANCE})", "CU-hours",
                             units * HOURS_PER_MONTH, ref_cu))
    comps.append(Component("Capacity units (additional, average per hour)", "CU-hours", None,
                           ref_cu, usage_based=True, usage_key="monthly_v2_capacity_units",
                           usage_multiplier=HOURS_PER_MONTH))
    r.note("Application Gateway prices are Microsoft's East US example prices")
    return comps


@register("azurerm_public_ip", "azurerm_public_ip_prefix")
def azurerm_public_ip(r: Resource) -> list[Component]:
    raise NotPriceable("no prices for Azure public IP addresses are shipped in the price data")


