"""Map GCP Cloud Billing Catalog SKUs to our rows (the single path from GCP's vocabulary).

Input: one SKU of ``GET /v1/services/{service}/skus`` (``skuId``, ``description``,
``category.{resourceFamily,resourceGroup,usageType}``, ``serviceRegions``,
``pricingInfo[0].pricingExpression.{usageUnit,tieredRates[].{startUsageAmount,unitPrice}}``).
Only ``usageType == "OnDemand"`` SKUs priced in USD are used (no spot/preemptible, commitments,
sole tenancy or custom machine types).

Canonical products of service ``compute`` (product: attributes — unit):

- ``vcpu``: family (``n2``, ``e2``, ``n1``, ``c2`` ...) — vCPU-hour
- ``ram``: family — GiB-hour
- ``instance``: machine_type (``n2-standard-4``) — hour, derived as
  vCPUs x ``vcpu`` + GiB x ``ram`` for the predefined shapes in :data:`MACHINE_SHAPES`
  (GCP bills predefined machine types exactly that way); GPU, shared-core and custom types are
  not derived.
- ``disk``: type (``pd-standard``, ``pd-balanced``, ``pd-ssd``, ``pd-extreme``) — GB-month,
  zonal persistent disk capacity.

Also in the shipped snapshot (from saved sources; see ``cost_gate/pricing/snapshot_azure_gcp.py``):

- ``instance`` with ``provisioning=spot``: machine_type — hour (Spot / preemptible rate).
- ``vcpu`` / ``ram`` with ``shape`` = ``custom`` (custom machine types), ``custom_extended``
  (``ram`` only: extended memory), ``sole_tenant`` (sole-tenant node capacity) or
  ``sole_tenant_premium`` (the sole-tenancy premium on top of it): family — vCPU-hour / GiB-hour.
  Predefined rates carry no ``shape`` (as above).
- ``gpu``: type (Terraform's accelerator name, ``nvidia-tesla-t4``) — hour, per GPU.
- ``local_ssd`` — GB-month; ``snapshot`` — GB-month; ``disk`` with ``replication=regional``
  (regional persistent disk) — GB-month.
- ``external_ip``: use (``vm`` = in use by a standard VM | ``unused`` = reserved, not in use) —
  hour; ``vpn_tunnel`` — hour.
- service ``network``, region ``global``: ``nat_gateway`` (``billing=per_vm``: VM-hour, up to 32
  VMs; ``billing=capped``: hour, above 32), ``nat_data`` (GiB), ``nat_ip`` (hour);
  ``forwarding_rule`` (``scope=first_5``: hour for the first five; ``scope=additional``: hour
  per rule past five).
- service ``container``, region ``global``: ``cluster`` (``period=standard`` |
  ``period=extended``) — hour, the cluster management fee.
- service ``cloud_sql``: ``instance``: tier (``db-n1-standard-4``), engine (``MySQL``),
  availability (``zonal``) — hour (legacy predefined tiers only).
- service ``storage`` (Cloud Storage): ``data_stored``: storage_class (``standard`` |
  ``nearline`` | ``coldline`` | ``archive``) — GB-month, by region, dual-region (``nam4``...) or
  multi-region (``us``, ``eu``, ``asia``) location; ``operations``: class (``a`` | ``b``) — per
  operation.
- service ``pubsub``, region ``global``: ``throughput`` — TiB.
- service ``cloud_functions``, region ``global``: ``invocations`` — per invocation (1st gen).
- service ``cloud_run``, region ``global``: ``cpu``: cpu_allocation (``always`` | ``request``),
  region_tier (``1``) — vCPU-second.

A SKU names every region it applies to in ``serviceRegions``; we emit one row per region asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from cost_gate.pricing.rows import PriceRow, make_attrs

SERVICES = ("compute",)
SERVICE_IDS = {"compute": "6F81-5844-456A"}  # Compute Engine in the Cloud Billing Catalog

_CORE_RAM = re.compile(
    r"^(?P<fam>N1|N2D|N2|N4|E2|C2D|C3D|C3|C4|T2D|T2A|Compute optimized|Memory-optimized)"
    r"(?: AMD| Arm)?(?: Predefined)?(?: Instance)? (?P<kind>Core|Ram) running in "
)
_FAMILY_ALIAS = {"compute optimized": "c2", "memory-optimized": "m1"}
_DISK = re.compile(r"^(Storage PD|Balanced PD|SSD backed PD|Extreme PD) Capacity(?: in .+)?$")
_DISK_TYPE = {
    "Storage PD": "pd-standard",
    "Balanced PD": "pd-balanced",
    "SSD backed PD": "pd-ssd",
    "Extreme PD": "pd-extreme",
}


def _shapes(family: str, shapes: dict[str, tuple[Decimal, Iterable[int]]]):
    for shape, (gib_per_vcpu, sizes) in shapes.items():
        for n in sizes:
            yield f"{family}-{shape}-{n}", (family, Decimal(n), gib_per_vcpu * n)


_N2_SIZES = (2, 4, 8, 16, 32, 48, 64, 80, 96, 128)
# machine type -> (family, vCPUs, GiB of memory) for the predefined shapes we derive.
MACHINE_SHAPES: dict[str, tuple[str, Decimal, Decimal]] = dict(
    [
        *_shapes("e2", {"standard": (Decimal(4), (2, 4, 8, 16, 32)),
                        "highmem": (Decimal(8), (2, 4, 8, 16)),
                        "highcpu": (Decimal(1), (2, 4, 8, 16, 32))}),
        *_shapes("n1", {"standard": (Decimal("3.75"), (1, 2, 4, 8, 16, 32, 64, 96)),
                        "highmem": (Decimal("6.5"), (2, 4, 8, 16, 32, 64, 96)),
                        "highcpu": (Decimal("0.9"), (2, 4, 8, 16, 32, 64, 96))}),
        *_shapes("n2", {"standard": (Decimal(4), _N2_SIZES),
                        "highmem": (Decimal(8), _N2_SIZES),
                        "highcpu": (Decimal(1), _N2_SIZES[:-1])}),
        *_shapes("n2d", {"standard": (Decimal(4), (*_N2_SIZES, 224)),
                         "highmem": (Decimal(8), _N2_SIZES[:-1]),
                         "highcpu": (Decimal(1), (*_N2_SIZES, 224))}),
        *_shapes("c2", {"standard": (Decimal(4), (4, 8, 16, 30, 60))}),
    ]
)
MACHINE_SHAPES["n2-highmem-128"] = ("n2", Decimal(128), Decimal(864))  # not 8 GiB per vCPU


def unit_price(rate: Mapping[str, Any]) -> Decimal:
    """``{"units": "1", "nanos": 500000000}`` -> Decimal('1.5')."""
    money = rate.get("unitPrice") or {}
    units = Decimal(str(money.get("units") or 0))
    nanos = Decimal(int(money.get("nanos") or 0)).scaleb(-9)
    return (units + nanos).normalize()


def classify(sku: Mapping[str, Any]) -> tuple[str, dict[str, str], str] | None:
    """(product, attrs, unit) for a SKU we use, else None."""
    category = sku.get("category") or {}
    if category.get("usageType") != "OnDemand":
        return None
    description = sku.get("description") or ""
    if any(word in description for word in ("Custom", "Sole Tenancy", "Extended", "Regional")):
        return None
    family = category.get("resourceFamily")
    if family == "Compute":
        match = _CORE_RAM.match(description)
        if not match:
            return None
        fam = match.group("fam")
        fam = _FAMILY_ALIAS.get(fam.lower(), fam.lower())
        if match.group("kind") == "Core":
            return ("vcpu", {"family": fam}, "vCPU-hour")
        return ("ram", {"family": fam}, "GiB-hour")
    if family == "Storage":
        match = _DISK.match(description)
        if match:
            return ("disk", {"type": _DISK_TYPE[match.group(1)]}, "GB-month")
    return None


_EXPECTED_UNIT = {"vCPU-hour": "h", "GiB-hour": "GiBy.h", "GB-month": "GiBy.mo"}


def map_sku(
    sku: Mapping[str, Any], regions: Iterable[str], *, data_date: str = "", source: str = ""
) -> list[PriceRow]:
    """Rows of one SKU for each of ``regions`` it serves (all tiers)."""
    kind = classify(sku)
    if kind is None:
        return []
    product, attrs, unit = kind
    infos = sku.get("pricingInfo") or []
    if not infos:
        return []
    expression = infos[0].get("pricingExpression") or {}
    if expression.get("usageUnit") != _EXPECTED_UNIT[unit]:
        return []
    rates = expression.get("tieredRates") or []
    try:
        tiers = sorted(
            (Decimal(str(r.get("startUsageAmount") or 0)), unit_price(r)) for r in rates
            if (r.get("unitPrice") or {}).get("currencyCode", "USD") == "USD"
        )
    except (InvalidOperation, TypeError, ValueError):
        return []
    served = set(sku.get("serviceRegions") or [])
    rows = []
    for region in regions:
        if region not in served:
            continue
        for i, (start, price) in enumerate(tiers):
            end = tiers[i + 1][0] if i + 1 < len(tiers) else None
            rows.append(PriceRow(
                provider="gcp", service="compute", region=region, product=product,
                attrs=make_attrs(attrs), unit=unit, usd_price=price, tier_start=start,
                tier_end=end, data_date=data_date, source=source, sku=str(sku.get("skuId", "")),
            ))
    return rows


def gcp_row(service: str, region: str, product: str, attrs: dict[str, str], unit: str,
            usd_price: Decimal, *, tier_start: Decimal = Decimal(0), data_date: str = "",
            source: str = "", sku: str = "") -> PriceRow:
    """Any canonical GCP row (the products listed in this module's docstring)."""
    return PriceRow(
        provider="gcp", service=service, region=region, product=product,
        attrs=make_attrs(attrs), unit=unit, usd_price=usd_price.normalize(),
        tier_start=tier_start, data_date=data_date, source=source, sku=sku,
    )


# Compute Engine SKU descriptions ("<what> running in <location>") -> (product, attrs).
_SKU_FAMILY = {
    "": "n1", "N1 Predefined": "n1", "N2": "n2", "N2D AMD": "n2d", "E2": "e2",
    "Compute optimized": "c2", "Compute-optimized": "c2", "Memory-optimized": "m1",
    "C2D AMD": "c2d", "C3": "c3", "C3D": "c3d", "T2D AMD": "t2d", "A2": "a2", "G2": "g2",
    "M3 Memory-optimized": "m3", "H3": "h3",
}
_SKU_SHAPES = (
    (re.compile(r"^Sole Tenancy Premium for (?P<fam>.*?) ?Sole Tenancy Instance (?P<kind>Core|Ram|RAM)$"),
     "sole_tenant_premium"),
    (re.compile(r"^(?P<fam>.*?) ?Sole Tenancy Instance (?P<kind>Core|Ram|RAM)$"), "sole_tenant"),
    (re.compile(r"^(?P<fam>.*?) ?Custom Extended (?:Instance )?(?P<kind>Ram)$"), "custom_extended"),
    (re.compile(r"^(?P<fam>.*?) ?Custom Instance (?P<kind>Core|Ram)$"), "custom"),
    (re.compile(r"^(?P<fam>.*?) ?(?:Instance )?(?P<kind>Core|Ram)$"), ""),
)
GPU_TYPES = {
    "Nvidia Tesla T4 GPU": "nvidia-tesla-t4", "Nvidia Tesla P4 GPU": "nvidia-tesla-p4",
    "Nvidia Tesla V100 GPU": "nvidia-tesla-v100", "Nvidia Tesla P100 GPU": "nvidia-tesla-p100",
    "Nvidia Tesla K80 GPU": "nvidia-tesla-k80", "Nvidia Tesla A100 GPU": "nvidia-tesla-a100",
    "Nvidia Tesla A100 80GB GPU": "nvidia-a100-80gb", "Nvidia L4 GPU": "nvidia-l4",
}


def classify_resource_sku(description: str) -> tuple[str, dict[str, str], str] | None:
    """(product, attrs, unit) of an on-demand per-vCPU / per-GiB / per-GPU Compute Engine SKU
    ("N2 Custom Instance Core running in Iowa"), else None."""
    what = description.split(" running in ", 1)[0]
    if what in GPU_TYPES:
        return ("gpu", {"type": GPU_TYPES[what]}, "hour")
    for pattern, shape in _SKU_SHAPES:
        match = pattern.match(what)
        if not match:
            continue
        family = _SKU_FAMILY.get(match.group("fam"))
        if family is None:
            return None
        attrs = {"family": family, "shape": shape}
        if match.group("kind") == "Core":
            return ("vcpu", attrs, "vCPU-hour")
        return ("ram", attrs, "GiB-hour")
    return None


def instance_row(region: str, machine_type: str, usd_price: Decimal, *, data_date: str = "",
                 source: str = "", sku: str = "") -> PriceRow:
    """The canonical on-demand hourly row of one machine type."""
    return PriceRow(
        provider="gcp", service="compute", region=region, product="instance",
        attrs=make_attrs({"machine_type": machine_type}), unit="hour",
        usd_price=usd_price.normalize(), data_date=data_date, source=source, sku=sku,
    )


def disk_row(region: str, disk_type: str, usd_price: Decimal, *, data_date: str = "",
             source: str = "", sku: str = "") -> PriceRow:
    """The canonical GB-month row of one zonal persistent disk type."""
    return PriceRow(
        provider="gcp", service="compute", region=region, product="disk",
        attrs=make_attrs({"type": disk_type}), unit="GB-month", usd_price=usd_price,
        data_date=data_date, source=source, sku=sku,
    )


def derive_instances(rows: Iterable[PriceRow]) -> list[PriceRow]:
    """``instance`` rows for the predefined shapes whose family has both vCPU and RAM prices."""
    per: dict[tuple[str, str, str], PriceRow] = {}
    for row in rows:
        if row.product in ("vcpu", "ram") and row.tier_start == 0:
            per[(row.region, row.product, dict(row.attrs)["family"])] = row
    out = []
    regions = sorted({region for region, _, _ in per})
    for region in regions:
        for machine, (family, vcpus, gib) in sorted(MACHINE_SHAPES.items()):
            core = per.get((region, "vcpu", family))
            ram = per.get((region, "ram", family))
            if core is None or ram is None:
                continue
            out.append(instance_row(
                region, machine, vcpus * core.usd_price + gib * ram.usd_price,
                data_date=max(core.data_date, ram.data_date), source=core.source,
                sku=f"{core.sku}+{ram.sku}",
            ))
    return out
