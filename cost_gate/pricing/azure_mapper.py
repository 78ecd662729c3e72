"""Map Azure Retail Prices API items to our rows (the single path from Azure's vocabulary).

Input: one item of ``https://prices.azure.com/api/retail/prices`` (``serviceName``,
``productName``, ``skuName``, ``meterName``, ``armSkuName``, ``armRegionName``, ``type``,
``unitOfMeasure``, ``retailPrice``, ``tierMinimumUnits``, ``currencyCode``, ``skuId``).
Only ``type == "Consumption"`` prices in USD are used (no reservations, savings plans, spot or
low priority, no DevTest rates).

Canonical products (service/product: attributes):

- ``virtual_machines/vm``: arm_sku_name (lower case, ``standard_d2s_v5``: Azure size names are
  case-insensitive), os (``Linux`` | ``Windows``) — hour. Linux is every non-Windows VM meter;
  Windows is a ``productName`` ending in " Windows".
- ``virtual_machines/dedicated_host``: sku (:func:`host_sku_key`, ``dsv3type3``) — hour, per host.
- ``managed_disks/disk``: sku (``P10_LRS``, ``E10_ZRS``, ``S4_LRS``) — month, per disk, for the
  fixed-size Standard HDD / Standard SSD / Premium SSD tiers.
- ``managed_disks/capacity``: disk_type (``premium_ssd_v2`` | ``ultra``), redundancy — GiB-hour;
  ``managed_disks/iops`` (IOPS-hour) and ``managed_disks/throughput`` (MBps-hour): same attrs.

Mapped for the shipped snapshot (``pricing update`` fetches only :data:`SERVICES`):

- ``sql_database/vcore``: tier (``general_purpose``), generation (``gen5``), zone_redundant
  (``false`` | ``true``) — vCore-hour, provisioned compute (without the SQL license, a separate
  meter); ``sql_database/storage``: tier (``general_purpose`` | ``business_critical`` |
  ``hyperscale``), zone_redundant — GB-month; ``sql_database/mi_storage``: tier — GB-month
  (SQL Managed Instance).
- ``aks/control_plane``: tier (``standard`` = Uptime SLA | ``long_term_support`` |
  ``automatic``) — hour.
- ``app_service/plan``: sku (``p1v3``, ``b1``, ``s1``, ``shared``...), os (``Linux`` | ``Windows``)
  — hour, per instance; ``app_service/ssl``: type (``ip`` | ``sni``) — month, per connection.
- ``load_balancer/rules``: kind (``included`` = the first 5 rules | ``overage`` = each rule past
  5) — hour; ``load_balancer/data``: GB processed (Standard SKU).
- ``blob_storage/data_stored``: access_tier (``hot`` | ``cool`` | ``cold`` | ``archive``),
  redundancy (``LRS``, ``GRS``, ...) — GB-month (volume tiers in ``tier_start``);
  ``blob_storage/operations``: access_tier, redundancy, operation (``write`` | ``read`` |
  ``list`` | ``other``) — per operation (the API's per-10K price / 10,000);
  ``blob_storage/retrieval`` and ``blob_storage/data_write``: access_tier, redundancy — GB.

Rows are named by ARM region (``westeurope``); data_date is the day the API was read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from cost_gate.pricing.rows import PriceRow, make_attrs

SERVICES = ("virtual_machines", "managed_disks")

# Our service -> the Retail Prices API serviceName to filter on.
API_SERVICE_NAME = {"virtual_machines": "Virtual Machines", "managed_disks": "Storage"}

# Services the snapshot maps beyond the two `pricing update` fetches.
SNAPSHOT_SERVICES = (*SERVICES, "sql_database", "aks", "app_service", "load_balancer",
                     "blob_storage")

_TIERED_DISKS = {
    "Standard HDD Managed Disks",
    "Standard SSD Managed Disks",
    "Premium SSD Managed Disks",
}
_FLEX_DISKS = {"Azure Premium SSD v2": "premium_ssd_v2", "Ultra Disks": "ultra"}
_DISK_METER = re.compile(r"^([SEP]\d+[A-Za-z]?) (LRS|ZRS) Disk$")
_FLEX_METER = re.compile(
    r"^(?:Premium|Ultra) (LRS|ZRS) Provisioned (Capacity|IOPS|Throughput \(MBps\))$"
)
_FLEX_PRODUCT = {
    "Capacity": ("capacity", "GiB-hour"),
    "IOPS": ("iops", "IOPS-hour"),
    "Throughput (MBps)": ("throughput", "MBps-hour"),
}


def _price(item: Mapping[str, Any]) -> Decimal | None:
    try:
        return Decimal(str(item.get("retailPrice")))
    except (InvalidOperation, TypeError):
        return None


def map_retail_item(
    item: Mapping[str, Any], service: str, *, data_date: str = "", source: str = ""
) -> PriceRow | None:
    """Return our row for one Retail Prices item of ``service``, or None when we do not use it."""
    if item.get("type") != "Consumption" or item.get("currencyCode", "USD") != "USD":
        return None
    price = _price(item)
    region = item.get("armRegionName") or ""
    if price is None or not region:
        return None
    mapper = _MAPPERS.get(service)
    if mapper is None:
        return None
    mapped = mapper(item)
    if mapped is None:
        return None
    product, attrs, unit = mapped
    if unit in _PER_BLOCK:
        price = price / _PER_BLOCK[unit]
    return PriceRow(
        provider="azure",
        service=service,
        region=region,
        product=product,
        attrs=make_attrs(attrs),
        unit=unit,
        usd_price=price,
        tier_start=Decimal(str(item.get("tierMinimumUnits") or 0)),
        data_date=data_date,
        source=source,
        sku=str(item.get("skuId") or ""),
    )


def _vm(item: Mapping[str, Any]):
    if item.get("serviceName") != "Virtual Machines" or item.get("unitOfMeasure") != "1 Hour":
        return None
    arm = item.get("armSkuName") or ""
    meter = item.get("meterName") or ""
    sku = item.get("skuName") or ""
    product = item.get("productName") or ""
    if meter.endswith("Low Priority") or sku.endswith(("Spot", "Low Priority")):
        return None
    if "Cloud Services" in product:
        return None
    if _DEDICATED_HOST.match(arm) and "Windows" not in product:
        return ("dedicated_host", {"sku": host_sku_key(arm)}, "hour")
    if not arm.startswith(("Standard_", "Basic_")):
        return None  # placeholders
    os_name = "Windows" if product.endswith(" Windows") else "Linux"
    return ("vm", {"arm_sku_name": arm.lower(), "os": os_name}, "hour")


def _disk(item: Mapping[str, Any]):
    product = item.get("productName") or ""
    meter = item.get("meterName") or ""
    unit = item.get("unitOfMeasure") or ""
    if product in _TIERED_DISKS:
        match = _DISK_METER.match(meter)
        if not match or unit != "1/Month":
            return None
        return ("disk", {"sku": f"{match.group(1)}_{match.group(2)}"}, "month")
    disk_type = _FLEX_DISKS.get(product)
    if disk_type:
        match = _FLEX_METER.match(meter)
        if not match:
            return None
        name, out_unit = _FLEX_PRODUCT[match.group(2)]
        if name == "capacity" and unit != "1 GiB/Hour":
            return None
        if name != "capacity" and unit != "1/Hour":
            return None
        return (name, {"disk_type": disk_type, "redundancy": match.group(1)}, out_unit)
    return None


# Dedicated host SKUs are spelled "Dsv3_Type3", "DCadsv5 Type 1"... (Terraform: "DSv3-Type3").
_DEDICATED_HOST = re.compile(r"^[A-Za-z0-9]+[ _]?Type ?\d+$")


def host_sku_key(name: str) -> str:
    """The spelling-independent key of a dedicated host SKU: ``DSv3-Type3`` -> ``dsv3type3``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())
_FREE_METER = " - Free"


def _sql_database(item: Mapping[str, Any]):
    product = item.get("productName") or ""
    meter = item.get("meterName") or ""
    unit = item.get("unitOfMeasure") or ""
    if meter.endswith(_FREE_METER):
        return None
    if product == "SQL Database Single/Elastic Pool General Purpose - Compute Gen5":
        if unit != "1 Hour" or meter not in ("vCore", "Zone Redundancy vCore"):
            return None
        vcores = re.match(r"^(\d+) vCore(?: Zone Redundancy)?$", item.get("skuName") or "")
        if not vcores:
            return None
        # One item per vCore count, priced for the whole database: keep the per-vCore price
        # of the 1-vCore item (every count is exactly n x it).
        if vcores.group(1) != "1":
            return None
        zone = "true" if meter.startswith("Zone Redundancy") else "false"
        return ("vcore", {"tier": "general_purpose", "generation": "gen5",
                          "zone_redundant": zone}, "vCore-hour")
    if product == "SQL Database Single/Elastic Pool General Purpose - Storage":
        if unit == "1 GB/Month" and meter.endswith("Data Stored"):
            zone = "true" if "Zone Redundancy" in meter else "false"
            return ("storage", {"tier": "general_purpose", "zone_redundant": zone}, "GB-month")
    return None


def _aks(item: Mapping[str, Any]):
    meter = item.get("meterName") or ""
    if item.get("unitOfMeasure") != "1 Hour":
        return None
    tier = {"Standard Uptime SLA": "standard", "Standard Long Term Support": "long_term_support",
            "Automatic Hosted Control Plane": "automatic"}.get(meter)
    if tier is None:
        return None
    return ("control_plane", {"tier": tier}, "hour")


_APP_PLAN = re.compile(r"^Azure App Service (?:Free|Shared|Basic|Standard|Premium(?: v\d)?"
                       r"|Premium Windows Container) Plan( - Linux)?$")


def _app_service(item: Mapping[str, Any]):
    product = item.get("productName") or ""
    sku = item.get("skuName") or ""
    if product == "Azure App Service SSL Connections" and item.get("unitOfMeasure") == "1/Month":
        kind = {"IP SSL": "ip", "SNI SSL": "sni"}.get(sku)
        return None if kind is None else ("ssl", {"type": kind}, "month")
    match = _APP_PLAN.match(product)
    if not match or item.get("unitOfMeasure") != "1 Hour":
        return None
    os_name = "Linux" if match.group(1) else "Windows"
    return ("plan", {"sku": sku.replace(" ", "").lower(), "os": os_name}, "hour")


def _load_balancer(item: Mapping[str, Any]):
    meter = item.get("meterName") or ""
    if item.get("productName") != "Load Balancer" or meter.endswith(_FREE_METER):
        return None
    if meter == "Standard Included LB Rules and Outbound Rules":
        return ("rules", {"kind": "included"}, "hour")
    if meter == "Standard Overage LB Rules and Outbound Rules":
        return ("rules", {"kind": "overage"}, "rule-hour")
    if meter == "Standard Data Processed":
        return ("data", {}, "GB")
    return None


_BLOB_SKU = re.compile(r"^(Hot|Cool|Cold|Archive) (LRS|GRS|RA-GRS|ZRS|GZRS|RA-GZRS)$")
_BLOB_OPERATIONS = (("Priority", None), ("Write Operations", "write"),
                    ("Read Operations", "read"), ("List and Create Container Operations", "list"),
                    ("All Other Operations", "other"))


def _blob(item: Mapping[str, Any]):
    if item.get("productName") != "General Block Blob v2":
        return None
    sku = _BLOB_SKU.match(item.get("skuName") or "")
    if not sku:
        return None
    attrs = {"access_tier": sku.group(1).lower(), "redundancy": sku.group(2)}
    meter = item.get("meterName") or ""
    unit = item.get("unitOfMeasure") or ""
    if meter.endswith("Data Stored") and unit == "1 GB/Month":
        return ("data_stored", attrs, "GB-month")
    if unit == "10K":
        for words, operation in _BLOB_OPERATIONS:
            if words in meter:
                if operation is None:
                    return None
                return ("operations", {**attrs, "operation": operation}, "operation")
        return None
    if unit == "1 GB" and "Priority" not in meter:
        if meter.endswith("Data Retrieval"):
            return ("retrieval", attrs, "GB")
        if meter.endswith("Data Write"):
            return ("data_write", attrs, "GB")
    return None


_MAPPERS = {
    "virtual_machines": _vm, "managed_disks": _disk, "sql_database": _sql_database,
    "aks": _aks, "app_service": _app_service, "load_balancer": _load_balancer,
    "blob_storage": _blob,
}
# Units the API prices per block of operations; our rows are per single unit.
_PER_BLOCK = {"operation": Decimal(10000)}


def choose_one(rows: list[PriceRow]) -> list[PriceRow]:
    """Azure lists some meters twice (e.g. under two product names): keep the lowest skuId."""
    best: dict[tuple, PriceRow] = {}
    for row in rows:
        key = (row.service, row.region, *row.key)
        kept = best.get(key)
        if kept is None or row.sku < kept.sku:
            best[key] = row
    return list(best.values())
