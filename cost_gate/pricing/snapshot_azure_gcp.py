"""Adapters that add the saved Azure and GCP price sources to the shipped snapshot.

Each saved row is turned back into the official record shape (an Azure Retail Prices item) and
mapped by :func:`~cost_gate.pricing.azure_mapper.map_retail_item`, or — for GCP, whose saved
source is already per machine type — built with the canonical row constructors of
:mod:`cost_gate.pricing.gcp_mapper`; so snapshot rows and `pricing update` rows share names,
attributes and units.

Hook into ``snapshot.build_snapshot``: add ``read_azure_gcp_rows(shared)`` to the mapped rows
before ``choose_newest`` and merge :data:`SOURCES` into ``snapshot.SOURCES``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from cost_gate.pricing.azure_mapper import map_retail_item
from cost_gate.pricing.gcp_mapper import disk_row, instance_row
from cost_gate.pricing.rows import PriceRow
from cost_gate.pricing.snapshot import Source

_FLEXERA = "https://github.com/flexera-public/policy_templates"

SOURCES: dict[str, Source] = {
    "karpenter-azure": Source(
        "Azure VM Linux pay-as-you-go, 57 regions, all sizes (Karpenter Azure generated table)",
        "https://github.com/Azure/karpenter-provider-azure@2b431da153a6", "2026-06-18"),
    "flexera-azure-md": Source(
        "Azure managed disks by region (Retail Prices API, Flexera)",
        f"{_FLEXERA}@5ae4acd82a67", "2026-07-12"),
    "cyclenerd-pricing-yml": Source(
        "GCP Compute Engine machine types and disks by region (Cyclenerd pricing.yml)",
        "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator@fd66b26ff84f",
        "2026-07-30"),
}

SOURCE_FILES = (
    "azure/vm_ondemand_linux_by_region.csv",
    "azure/managed_disks_by_region.csv",
    "gcp/compute_instance_hourly_by_region.csv",
    "gcp/compute_disk_and_network_by_region.csv",
)

_FLEX_METERS = {
    "PROVISIONED_CAPACITY": "Provisioned Capacity",
    "PROVISIONED_IOPS": "Provisioned IOPS",
    "PROVISIONED_THROUGHPUT_MBPS": "Provisioned Throughput (MBps)",
}
_GCP_DISKS = {
    "storage/hdd": "pd-standard",
    "storage/balanced": "pd-balanced",
    "storage/ssd": "pd-ssd",
    "storage/extreme": "pd-extreme",
}


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="") as handle:
        yield from csv.DictReader(handle)


def _date(source: str) -> str:
    return SOURCES[source].data_date


def azure_vm_rows(path: Path) -> Iterator[PriceRow]:
    for rec in _read(path):
        if rec["sku_kind"] != "vm":
            continue
        item = {
            "type": "Consumption", "currencyCode": "USD", "retailPrice": rec["usd_price"],
            "armRegionName": rec["region"], "serviceName": "Virtual Machines",
            "unitOfMeasure": "1 Hour", "armSkuName": rec["arm_sku_name"],
            "productName": "Virtual Machines", "meterName": "", "skuName": "",
        }
        row = map_retail_item(item, "virtual_machines", data_date=_date(rec["source"]),
                              source=rec["source"])
        if row is not None:
            yield row


def azure_disk_rows(path: Path) -> Iterator[PriceRow]:
    for rec in _read(path):
        if rec["region"] == "Global":
            continue
        key = rec["sku_key"]
        meter = f"{rec['sku_name']} Disk"
        for suffix, words in _FLEX_METERS.items():
            if key.endswith("_" + suffix):
                meter = f"{rec['sku_name']} {words}"
        item = {
            "type": "Consumption", "currencyCode": "USD", "retailPrice": rec["usd_price"],
            "armRegionName": rec["region"], "serviceName": "Storage",
            "productName": rec["product_name"], "meterName": meter, "skuName": rec["sku_name"],
            "unitOfMeasure": rec["unit_of_measure"],
        }
        row = map_retail_item(item, "managed_disks", data_date=_date(rec["source"]),
                              source=rec["source"])
        if row is not None:
            yield row


def gcp_instance_rows(path: Path) -> Iterator[PriceRow]:
    for rec in _read(path):
        if rec["cost_key"] != "ondemand":
            continue
        yield instance_row(rec["region"], rec["machine_type"], Decimal(rec["usd_price"]),
                           data_date=_date(rec["source"]), source=rec["source"])


def gcp_disk_rows(path: Path) -> Iterator[PriceRow]:
    for rec in _read(path):
        disk = _GCP_DISKS.get(rec["product_path"])
        if disk is None or rec["yaml_cost_key"] != "month":
            continue
        yield disk_row(rec["region"], disk, Decimal(rec["usd_price"]),
                       data_date=_date(rec["source"]), source=rec["source"])


def read_azure_gcp_rows(shared: Path) -> Iterator[PriceRow]:
    """Canonical rows from the saved Azure/GCP sources in ``shared/pricing-sources``."""
    base = shared / "pricing-sources"
    yield from azure_vm_rows(base / SOURCE_FILES[0])
    yield from azure_disk_rows(base / SOURCE_FILES[1])
    yield from gcp_instance_rows(base / SOURCE_FILES[2])
    yield from gcp_disk_rows(base / SOURCE_FILES[3])
