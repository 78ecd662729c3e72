"""Price table format, layered lookup, and the shipped snapshot's integrity."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from cost_gate.errors import PricingDataError
from cost_gate.pricing.aws_mapper import OfferPrice, map_offer_price
from cost_gate.pricing.dataset import verify_dataset, write_dataset
from cost_gate.pricing.rows import PriceRow, make_attrs, parse_rows, render_rows
from cost_gate.pricing.store import PriceStore, shipped_dir

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COST_GATE_SHARED", ROOT.parent / "shared"))


def row(price: str, region: str = "us-east-1", itype: str = "m5.large") -> PriceRow:
    return PriceRow("aws", "ec2", region, "instance",
                    make_attrs({"instance_type": itype, "operating_system": "Linux",
                                "tenancy": "Shared"}),
                    "hour", Decimal(price), data_date="2026-11-01", source="test")


def test_rows_round_trip_without_exponents():
    rows = [row("0.00000027"), row("0.096", itype="m5.xlarge")]
    text = render_rows(rows)
    assert "0.00000027" in text and "E-" not in text
    assert parse_rows(text, "aws", "ec2", "us-east-1") == sorted(rows, key=lambda r: r.attrs)


def test_shipped_snapshot_verifies():
    root = shipped_dir()
    assert verify_dataset(root) == []
    manifest = (root / "manifest.json").read_text()
    assert '"snapshot_date"' in manifest


def test_layers_first_match_wins_and_loading_is_lazy(tmp_path: Path):
    mirror = tmp_path / "mirror"
    write_dataset(mirror, [row("1.5")], {"snapshot_date": "2026-11-01", "sources": {}})
    store = PriceStore.default(pricing_dir=mirror, env={"COST_GATE_CACHE_DIR": str(tmp_path)})
    attrs = {"instance_type": "m5.large", "operating_system": "Linux", "tenancy": "Shared"}
    (hit,) = store.lookup("aws", "ec2", "us-east-1", "instance", attrs)
    assert hit.usd_price == Decimal("1.5") and hit.source == "test"
    # eu-west-1 is not in the mirror: the shipped snapshot answers, and only what was asked
    # for has been read.
    assert store.lookup("aws", "ec2", "eu-west-1", "instance", attrs)
    assert set(store.used_files) == {("aws", "ec2", "us-east-1"), ("aws", "ec2", "eu-west-1")}
    assert store.used_files[("aws", "ec2", "us-east-1")].origin == "pricing-dir"
    assert store.used_files[("aws", "ec2", "eu-west-1")].origin == "shipped"


def test_missing_pricing_dir_is_a_clear_error(tmp_path: Path):
    with pytest.raises(PricingDataError, match="not a cost-gate price directory"):
        PriceStore.default(pricing_dir=tmp_path, env={})


def test_corrupt_file_is_detected(tmp_path: Path):
    root = tmp_path / "data"
    write_dataset(root, [row("1.5")], {"sources": {}})
    path = root / "aws" / "ec2" / "us-east-1.csv"
    path.write_text(path.read_text().replace("1.5", "9.5"))
    assert verify_dataset(root) == ["aws/ec2/us-east-1.csv: sha256 mismatch"]


@pytest.mark.parametrize("usage,expected", [
    ("EU-NatGateway-Hours", ("vpc", "nat_gateway_hours")),
    ("USE2-NatGateway-Bytes", ("vpc", "nat_gateway_data")),
    ("NatGateway-Hours", ("vpc", "nat_gateway_hours")),
])
def test_mapper_strips_region_prefixes(usage, expected):
    mapped = map_offer_price(OfferPrice("AmazonEC2", "eu-west-1", "NAT Gateway", usage, "Hrs",
                                        Decimal("0.048")))
    assert (mapped.service, mapped.product) == expected


def test_mapper_skips_byol_outposts_and_ambiguous_licensed_engines():
    byol = OfferPrice("AmazonEC2", "eu-west-1", "Compute Instance", "BoxUsage:m5.large", "Hrs",
                      Decimal(1), {"instancetype": "m5.large", "operatingsystem": "Windows",
                                   "licensemodel": "Bring your own license"})
    assert map_offer_price(byol) is None
    outpost = OfferPrice("AmazonElastiCache", "eu-west-1", "Cache Instance",
                         "EU-Outpost-NodeUsage:cache.m5.large", "Hrs", Decimal("0.065"),
                         {"instancetype": "cache.m5.large", "cacheengine": "Redis"})
    assert map_offer_price(outpost) is None
    sqlserver = OfferPrice("AmazonRDS", "us-east-1", "Database Instance", "InstanceUsage", "Hrs",
                           Decimal(2), {"instancetype": "db.m5.large",
                                        "databaseengine": "SQL Server",
                                        "deploymentoption": "Single-AZ"})
    assert map_offer_price(sqlserver) is None


@pytest.mark.skipif(not (SHARED / "pricing-sources").is_dir(),
                    reason="../shared/pricing-sources not found: snapshot rebuild check skipped")
def test_snapshot_rebuild_is_identical(tmp_path: Path):
    """pricing_data/ is exactly what the build script makes from the sources (no hand edits)."""
    from cost_gate.pricing.snapshot import build_snapshot

    out = tmp_path / "pricing_data"
    build_snapshot(SHARED, out)
    shipped = shipped_dir()
    built_files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    shipped_files = sorted(p.relative_to(shipped) for p in shipped.rglob("*")
                           if p.is_file() and p.suffix in (".csv", ".json"))
    assert built_files == shipped_files
    for rel in built_files:
        assert (out / rel).read_bytes() == (shipped / rel).read_bytes(), rel
