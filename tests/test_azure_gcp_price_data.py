"""Known bad rows of the saved Azure/GCP sources stay out of the shipped snapshot.

- Karpenter's Azure "Linux" table holds the Windows price for 166 (region, size) pairs in
  westeurope, northeurope, francecentral and swedencentral; the Retail Prices snapshot of
  azure-pricing-radar (2026-08-20) has the real Linux price and must win there.
- The 2023-10-30 GCP SKU export is 1-20% above today's prices in six regions: its custom/GPU
  rows for those regions must not be shipped.

The first tests read the shipped pricing_data/ (always run); the last rebuilds the rows from
../shared (skipped without it).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from cost_gate.pricing.snapshot_azure_gcp import GCP_OUTDATED_2023_REGIONS
from cost_gate.pricing.store import PriceStore, shipped_dir

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COST_GATE_SHARED") or ROOT.parent / "shared")

# (region, size) -> (correct Linux price, Windows price that Karpenter's table carries)
KARPENTER_WINDOWS_ROWS = {
    ("westeurope", "standard_e8as_v5"): ("0.548", "0.916"),
    ("northeurope", "standard_e8as_v5"): ("0.508", "0.876"),
    ("francecentral", "standard_e8as_v5"): ("0.532", "0.9"),
    ("swedencentral", "standard_e8as_v5"): ("0.484", "0.852"),
}


@pytest.fixture(scope="module")
def store() -> PriceStore:
    return PriceStore.from_dirs([("shipped", shipped_dir())])


@pytest.mark.parametrize(("region", "size"), sorted(KARPENTER_WINDOWS_ROWS))
def test_linux_vm_price_in_the_four_eu_regions_is_the_radar_linux_price(store, region, size):
    linux, windows = KARPENTER_WINDOWS_ROWS[(region, size)]
    (row,) = store.lookup("azure", "virtual_machines", region, "vm",
                          {"arm_sku_name": size, "os": "Linux"})
    assert row.usd_price == Decimal(linux)
    assert row.source.startswith("pricingradar-latest-vm-")
    (win,) = store.lookup("azure", "virtual_machines", region, "vm",
                          {"arm_sku_name": size, "os": "Windows"})
    assert win.usd_price == Decimal(windows)


def test_no_karpenter_linux_row_carries_the_windows_price_in_the_radar_regions(store):
    """A Linux row equal to the Windows price of its size is only kept when the Retail Prices
    snapshot itself says so (e.g. Basic_A0); never from Karpenter's table."""
    for region in ("westeurope", "northeurope", "francecentral", "swedencentral"):
        index = store._load("azure", "virtual_machines", region)
        windows = {dict(attrs)["arm_sku_name"]: rows[0].usd_price
                   for (product, attrs), rows in index.items()
                   if product == "vm" and dict(attrs)["os"] == "Windows"}
        for (product, attrs), rows in index.items():
            values = dict(attrs)
            if product == "vm" and values["os"] == "Linux" and values["arm_sku_name"] in windows:
                row = rows[0]
                assert row.usd_price <= windows[values["arm_sku_name"]], (region, values)
                if row.usd_price == windows[values["arm_sku_name"]]:
                    assert row.source.startswith("pricingradar-latest-vm-"), (region, values)


def test_no_2023_gcp_sku_rows_in_the_six_outdated_regions(store):
    for region in sorted(GCP_OUTDATED_2023_REGIONS):
        index = store._load("gcp", "compute", region) or {}
        sources = {row.source for rows in index.values() for row in rows}
        assert "sagemath-gcloud-pricing-csv-47ad7f83" not in sources, region


def test_gcp_custom_and_gpu_rows_ship_for_the_regions_the_checks_support(store):
    (t4,) = store.lookup("gcp", "compute", "us-central1", "gpu", {"type": "nvidia-tesla-t4"})
    assert (t4.usd_price, t4.source) == (Decimal("0.35"), "sagemath-gcloud-pricing-csv-47ad7f83")
    (core,) = store.lookup("gcp", "compute", "europe-west1", "vcpu",
                           {"family": "n2", "shape": "custom"})
    assert core.data_date == "2023-10-30"


@pytest.mark.skipif(not (SHARED / "pricing-sources" / "azure").is_dir(),
                    reason="../shared/pricing-sources not found: rebuild check skipped")
def test_rebuilt_rows_exclude_the_bad_rows():
    from cost_gate.pricing.dataset import choose_newest
    from cost_gate.pricing.snapshot import rank
    from cost_gate.pricing.snapshot_azure_gcp import read_azure_gcp_rows

    rows = list(read_azure_gcp_rows(SHARED))
    assert not [r for r in rows if r.source.startswith("sagemath")
                and r.region in GCP_OUTDATED_2023_REGIONS]
    chosen, disagreements = choose_newest(rows, rank)
    bad = [(kept, other) for kept, other in disagreements
           if other.source == "karpenter-azure" and kept.source.startswith("pricingradar")]
    assert len(bad) >= 166  # every Windows-priced Karpenter row lost to the radar price
    for (region, size), (linux, _windows) in KARPENTER_WINDOWS_ROWS.items():
        key = ("azure", "virtual_machines", region, "vm",
               (("arm_sku_name", size), ("os", "Linux")), Decimal(0))
        assert chosen[key].usd_price == Decimal(linux)
        assert chosen[key].source.startswith("pricingradar-latest-vm-")


@pytest.mark.skipif(not (SHARED / "pricing-sources" / "gcp").is_dir(),
                    reason="../shared/pricing-sources not found: sustained-use tier check skipped")
def test_sustained_use_tiers_in_code_equal_the_saved_price_list():
    import csv

    from cost_gate.rules.google.compute import SUSTAINED_USE_TIERS, sustained_use_share

    path = next((SHARED / "pricing-sources" / "gcp").glob("sustained_use_discount_tiers_*.csv"))
    with path.open(newline="") as handle:
        saved = sorted((Decimal(r["key"]), Decimal(r["value"])) for r in csv.DictReader(handle)
                       if r["item"] == "sustained_use_tiers")
    assert saved == sorted(SUSTAINED_USE_TIERS)
    assert sustained_use_share() == Decimal("0.7")
