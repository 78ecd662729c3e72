"""AWS: index -> region index -> offer file, through the same mapper as the shipped snapshot."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from cost_gate.pricing.store import PriceStore
from cost_gate.pricing.update.aws import parse_offer_csv, parse_offer_json
from tests.pricing_update.conftest import FIXTURES
from tests.pricing_update.helpers import SHIPPED, cache_dir, manifest, read_rows, update


def _price_view(rows):
    return {(r.product, r.attrs, r.tier_start): (r.unit, r.usd_price, r.tier_end, r.sku)
            for r in rows}


def test_elb_csv_update_equals_shipped_snapshot(fake, env):
    summary = update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    assert summary.written
    assert fake.paths() == [
        "/offers/v1.0/aws/index.json",
        "/offers/v1.0/aws/AWSELB/current/region_index.json",
        "/offers/v1.0/aws/AWSELB/20260831092255/us-east-1/index.csv",
    ]
    updated = read_rows(cache_dir(env), "aws", "elb", "us-east-1")
    shipped = read_rows(SHIPPED, "aws", "elb", "us-east-1")
    assert _price_view(updated) == _price_view(shipped)
    assert {r.data_date for r in updated} == {"2026-08-31"}
    assert {r.source for r in updated} == {"aws-price-list-AWSELB-us-east-1"}


def test_rds_and_elasticache_slices_equal_shipped_rows(fake, env):
    update(env, providers=["aws"], services=["rds", "elasticache"], regions=["eu-west-2"])
    for service, slice_source in (
        ("rds", "togen-amazonrds-eu-west-2-offer-slice"),
        ("elasticache", "togen-amazonelasticache-eu-west-2-offer-slice"),
    ):
        updated = _price_view(read_rows(cache_dir(env), "aws", service, "eu-west-2"))
        shipped_rows = read_rows(SHIPPED, "aws", service, "eu-west-2")
        shipped = _price_view(shipped_rows)
        # every on-demand row shipped from the slice comes out of the update path identically
        # (the slice's Reserved rows are shipped too, with a `term`; update keeps on-demand only)
        from_slice = [r for r in shipped_rows
                      if r.source == slice_source and "term" not in dict(r.attrs)]
        assert from_slice
        for row in from_slice:
            assert updated[(row.product, row.attrs, row.tier_start)] == shipped[
                (row.product, row.attrs, row.tier_start)]
        # and no price the update produced contradicts the snapshot (other sources included)
        for key, value in updated.items():
            if key in shipped:
                assert value[:3] == shipped[key][:3], key


def test_manifest_records_provenance(fake, env):
    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    m = manifest(env)
    src = m["sources"]["aws-price-list-AWSELB-us-east-1"]
    assert src["url"].endswith("/offers/v1.0/aws/AWSELB/20260831092255/us-east-1/index.csv")
    assert src["etag"] and src["last_modified"] and src["fetched_at"]
    assert len(src["sha256"]) == 64 and src["rows"] == 8 and src["provider"] == "aws"
    assert m["files"]["aws/elb/us-east-1.csv"]["rows"] == 8
    assert m["origin"].startswith("user cache")


def test_next_estimate_uses_the_cache(fake, env):
    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    store = PriceStore.default(env=env)
    tiers = store.lookup("aws", "elb", "us-east-1", "lb_hours", {"lb_type": "application"})
    assert [t.usd_price for t in tiers] == [Decimal("0.0225")]
    assert tiers[0].source == "aws-price-list-AWSELB-us-east-1"
    assert store.describe_used()["origins"] == ["user-cache"]
    # other files still come from the shipped snapshot
    store.lookup("aws", "elb", "eu-west-1", "lb_hours", {"lb_type": "application"})
    assert store.describe_used()["origins"] == ["shipped", "user-cache"]


def test_json_offer_file_streamed(fake, env):
    update(env, providers=["aws"], services=["ec2"], regions=["us-east-2"], aws_format="json")
    root = cache_dir(env)
    files = manifest(env)["files"]
    # The excerpt's m5.large has only an upfront-fee term (termAttributes set) under OnDemand
    # and p3.8xlarge is Windows BYOL: neither may become an on-demand instance price.
    assert "aws/ec2/us-east-2.csv" not in files
    ebs = read_rows(root, "aws", "ebs", "us-east-2")
    assert [(r.product, dict(r.attrs), r.usd_price, r.sku, r.data_date) for r in ebs] == [
        ("storage", {"volume_type": "gp3"}, Decimal("0.08"), "M6UGCCQ3CDJQAA37", "2023-03-22")]


def test_csv_and_json_variants_agree():
    """The same product priced through both offer-file variants gives the same row."""
    csv_text = (FIXTURES / "togen_awselb_us-east-1_pricelist_csv_slice_2026-08-31.csv").read_text()
    csv_rows = list(parse_offer_csv(io.StringIO(csv_text), "AWSELB", "us-east-1", "s"))
    alb = next(r for r in csv_rows if r.sku == "37CUWUT8GSNQEPUV")
    doc = {
        "formatVersion": "v1.0", "offerCode": "AWSELB", "version": "20260831092255",
        "publicationDate": "2026-08-31T09:22:55Z",
        "products": {"37CUWUT8GSNQEPUV": {
            "sku": "37CUWUT8GSNQEPUV", "productFamily": "Load Balancer-Application",
            "attributes": {"servicecode": "AWSELB", "location": "US East (N. Virginia)",
                           "locationType": "AWS Region", "group": "ELB:Balancing",
                           "usagetype": "LoadBalancerUsage",
                           "operation": "LoadBalancing:Application", "regionCode": "us-east-1",
                           "servicename": "Elastic Load Balancing"}}},
        "terms": {"OnDemand": {"37CUWUT8GSNQEPUV": {"37CUWUT8GSNQEPUV.JRTCKXETXF": {
            "offerTermCode": "JRTCKXETXF", "sku": "37CUWUT8GSNQEPUV",
            "effectiveDate": "2026-08-01T00:00:00Z",
            "priceDimensions": {"37CUWUT8GSNQEPUV.JRTCKXETXF.6YS6EN2CT7": {
                "rateCode": "37CUWUT8GSNQEPUV.JRTCKXETXF.6YS6EN2CT7",
                "description": "$0.0225 per Application LoadBalancer-hour (or partial hour)",
                "beginRange": "0", "endRange": "Inf", "unit": "Hrs",
                "pricePerUnit": {"USD": "0.0225000000"}, "appliesTo": []}},
            "termAttributes": {}}}}},
    }
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "offer.json"
        path.write_text(json.dumps(doc))
        json_rows = list(parse_offer_json(path, "AWSELB", "us-east-1", "s"))
    assert json_rows == [alb]


def test_update_of_one_region_keeps_other_regions(fake, env):
    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    update(env, providers=["aws"], services=["rds"], regions=["eu-west-2"])
    files = manifest(env)["files"]
    assert "aws/elb/us-east-1.csv" in files and "aws/rds/eu-west-2.csv" in files
    assert set(manifest(env)["sources"]) == {"aws-price-list-AWSELB-us-east-1",
                                             "aws-price-list-AmazonRDS-eu-west-2"}


def test_default_regions_are_the_cached_ones(fake, env):
    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    fake.hits.clear()
    update(env, providers=["aws"], services=["elb"])
    assert "/offers/v1.0/aws/AWSELB/20260831092255/us-east-1/index.csv" in fake.paths()
