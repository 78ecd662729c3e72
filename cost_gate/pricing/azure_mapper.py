"""Map Azure Retail Prices API items to our rows (the single path from Azure's vocabulary).

Input: one item of ``https://prices.azure.com/api/retail/prices`` (``serviceName``,
``productName``, ``skuName``, ``meterName``, ``armSkuName``, ``armRegionName``, ``type``,
``unitOfMeasure``, ``retailPrice``, ``tierMinimumUnits``, ``currencyCode``, ``skuId``).
Only ``type == "Consumption"`` prices in USD are used (no reservations, savings plans, spot or
low priority, no DevTest rates).

Canonical products (service/product: attributes):

- ``virtual_machines/vm``: arm_sku_name (``Standard_D2s_v5``), os (``Linux`` | ``Windows``) —
  hour. Linux is every non-Windows VM meter; Windows is a ``productName`` ending in " Windows".
- ``managed_disks/disk``: sku (``P10_LRS``, ``E10_ZRS``, ``S4_LRS``) — month, per disk, for the
  fixed-size Standard HDD / Standard SSD / Premium SSD tiers.
- ``managed_disks/capacity``: disk_type (``premium_ssd_v2`` | ``ultra``), redundancy — GiB-hour;
  ``managed_disks/iops`` (IOPS-hour) and ``managed_disks/throughput`` (MBps-hour): same attrs.

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
    if service == "virtual_machines":
        mapped = _vm(item)
    elif service == "managed_disks":
        mapped = _disk(item)
    else:
        return None
    if mapped is None:
        return None
    product, attrs, unit = mapped
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
    if not arm.startswith(("Standard_", "Basic_")):
        return None  # dedicated hosts and placeholders
    meter = item.get("meterName") or ""
    sku = item.get("skuName") or ""
    product = item.get("productName") or ""
    if meter.endswith("Low Priority") or sku.endswith(("Spot", "Low Priority")):
        return None
    if "Cloud Services" in product:
        return None
    os_name = "Windows" if product.endswith(" Windows") else "Linux"
    return ("vm", {"arm_sku_name": arm, "os": os_name}, "hour")


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


def choose_one(rows: list[PriceRow]) -> list[PriceRow]:
    """Azure lists some meters twice (e.g. under two product names): keep the lowest skuId."""
    best: dict[tuple, PriceRow] = {}
    for row in rows:
        key = (row.service, row.region, *row.key)
        kept = best.get(key)
        if kept is None or row.sku < kept.sku:
            best[key] = row
    return list(best.values())
