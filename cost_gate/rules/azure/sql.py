"""Azure SQL: databases, elastic pools and managed instances (vCore model).

``azure/sql_database``: ``vcore`` (General Purpose Gen5 provisioned compute, eastus only; the
SQL license is a separate charge not in the data, so License Included databases are partial),
``storage`` (GB-month by tier, every region), ``mi_storage`` (Managed Instance storage).
"""

from __future__ import annotations

import re
from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.azure.compute import _ref
from cost_gate.rules.base import Component, NotPriceable, Resource, monthly

TIERS = {"GP": "general_purpose", "BC": "business_critical", "HS": "hyperscale"}
_VCORE_SKU = re.compile(r"^(?P<tier>GP|BC|HS)_(?P<serverless>S_)?(?P<gen>Gen5|Gen4|[A-Z0-9]+)"
                        r"(?:_(?P<vcores>\d+))?$")
DEFAULT_MAX_SIZE_GB = 32


def vcore_components(r: Resource, sku: str, vcores: Decimal | None, *, zone_redundant: bool,
                     license_type: str | None, max_size_gb: Decimal | None,
                     storage_product: str = "storage") -> list[Component]:
    match = _VCORE_SKU.match(sku)
    if match is None:
        raise NotPriceable(f"SKU {sku}: only vCore SKUs (GP_/BC_/HS_) are priced; DTU tiers "
                           "have no price in the data")
    tier = TIERS[match.group("tier")]
    vcores = vcores if vcores is not None else Decimal(match.group("vcores") or 0)
    hours = HOURS_PER_MONTH * vcores
    zone = "true" if zone_redundant else "false"
    generation = match.group("gen").lower()
    comps: list[Component] = []
    if match.group("serverless"):
        r.note("serverless compute is billed per vCore-second used: no price in the data")
        comps.append(monthly(f"Serverless compute ({sku})", "vCore-seconds", 0,
                             _ref("sql_database", "serverless_vcore", {"tier": tier})))
    else:
        attrs = {"tier": tier, "generation": generation, "zone_redundant": "false"}
        comps.append(monthly(f"Compute ({sku}, {vcores} vCores)", "vCore-hours", hours,
                             _ref("sql_database", "vcore", attrs)))
        if zone_redundant:
            comps.append(monthly(f"Zone redundancy ({vcores} vCores)", "vCore-hours", hours,
                                 _ref("sql_database", "vcore", {**attrs, "zone_redundant":
                                                                "true"})))
        if license_type != "BasePrice":
            comps.append(monthly(f"SQL license ({vcores} vCores, License Included)",
                                 "vCore-hours", hours,
                                 _ref("sql_database", "license", {"tier": tier})))
    if max_size_gb is None:
        max_size_gb = Decimal(DEFAULT_MAX_SIZE_GB)
        r.note(f"max size not in the plan; assumed {DEFAULT_MAX_SIZE_GB} GB")
    if storage_product == "storage":
        attrs = {"tier": tier, "zone_redundant": zone if tier == "general_purpose" else "false"}
    else:
        attrs = {"tier": tier}
    comps.append(monthly(f"Storage ({max_size_gb} GB)", "GB-months", max_size_gb,
                         _ref("sql_database", storage_product, attrs)))
    return comps


@register("azurerm_mssql_database")
def azurerm_mssql_database(r: Resource) -> list[Component]:
    if r.get("elastic_pool_id"):
        r.note("in an elastic pool: compute and storage are billed on the pool")
        return []
    return vcore_components(
        r, r.string("sku_name") or "GP_S_Gen5_2", None,
        zone_redundant=r.flag("zone_redundant"), license_type=r.string("license_type"),
        max_size_gb=r.number("max_size_gb"))


@register("azurerm_sql_database")
def azurerm_sql_database(r: Resource) -> list[Component]:
    """The legacy resource: the service objective names the SKU."""
    if r.get("elastic_pool_name"):
        r.note("in an elastic pool: compute and storage are billed on the pool")
        return []
    size = r.number("max_size_gb")
    if size is None and r.get("max_size_bytes"):
        size = r.number("max_size_bytes") / Decimal(1024 ** 3)
    return vcore_components(
        r, r.string("requested_service_objective_name", required=True), None,
        zone_redundant=r.flag("zone_redundant"), license_type=None, max_size_gb=size)


@register("azurerm_mssql_elasticpool")
def azurerm_mssql_elasticpool(r: Resource) -> list[Component]:
    sku = r.string("sku.0.name", required=True)
    return vcore_components(
        r, sku, r.number("sku.0.capacity", required=True, integer=True),
        zone_redundant=r.flag("zone_redundant"), license_type=r.string("license_type"),
        max_size_gb=r.number("max_size_gb"))


@register("azurerm_mssql_managed_instance")
def azurerm_mssql_managed_instance(r: Resource) -> list[Component]:
    sku = r.string("sku_name", required=True)
    vcores = r.number("vcores", required=True, integer=True)
    comps = vcore_components(
        r, sku, vcores, zone_redundant=False, license_type="BasePrice",
        max_size_gb=r.number("storage_size_in_gb", required=True), storage_product="mi_storage")
    # Managed Instance compute has its own meters, not in the data.
    comps[0] = monthly(f"Managed instance compute ({sku}, {vcores} vCores)", "vCore-hours",
                       HOURS_PER_MONTH * vcores,
                       _ref("sql_database", "mi_vcore", {"sku": sku.lower()}))
    return comps
