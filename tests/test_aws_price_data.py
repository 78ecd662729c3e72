"""The AWS side of the shipped price table: feed labels -> canonical products, the Price List
path producing the same products, known bad source rows kept out, and the disagreement rule."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from cost_gate.pricing.aws_feeds import canon_for, services_feed_rows
from cost_gate.pricing.aws_mapper import OfferPrice, map_offer_price
from cost_gate.pricing.rows import PriceRow, make_attrs
from cost_gate.pricing.snapshot import (
    close_open_tiers,
    known_bad,
    read_sources,
    significant_disagreements,
)
from cost_gate.pricing.store import ENV_CACHE_DIR, PriceStore
from cost_gate.pricing.update.aws import parse_offer_csv

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COST_GATE_SHARED", ROOT.parent / "shared"))
FIXTURES = ROOT / "tests" / "pricing_update" / "fixtures"
needs_shared = pytest.mark.skipif(
    not (SHARED / "pricing-sources").is_dir(),
    reason="../shared/pricing-sources not found: source-level checks skipped")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> PriceStore:
    empty = tmp_path_factory.mktemp("empty-cache")
    return PriceStore.default(env={ENV_CACHE_DIR: str(empty)})


def _one(store: PriceStore, service: str, region: str, product: str, **attrs: str) -> PriceRow:
    (row,) = store.lookup("aws", service, region, product, attrs)
    return row


# --- feed labels -> canonical products ----------------------------------------------------

@pytest.mark.parametrize(("feed", "label", "attributes", "expected"), [
    ("rds-storage", "Database Storage Multi AZ readable standbys Provisioned IOPS", "",
     ("rds", "storage", {"volume_type": "io1", "engine": "Any",
                         "deployment": "Multi-AZ (readable standbys)"}, "GB-month", (0, None))),
    ("rds-aurora-storage", "Aurora PostgreSQL ServerlessV2 Aurora IO Optimization Mode", "",
     ("rds", "serverless_v2", {"engine": "Aurora PostgreSQL", "storage_config": "io_optimized"},
      "ACU-hour", (0, None))),
    ("rds-aurora-storage", "Any Year 1 Year 2 8 0", "",
     ("rds", "extended_support", {"engine": "Any", "engine_version": "8.0",
                                  "period": "year1-2"}, "vCPU-hour", (0, None))),
    ("dynamodb", "PayPerRequest Write Request Units IA", "",
     ("dynamodb", "write_request_units", {"table_class": "standard_ia"}, "requests", (0, None))),
    ("dynamodb", "1yr Read Capacity Unit Hrs Provisioned", "",
     ("dynamodb", "provisioned_rcu", {"table_class": "standard", "term": "reserved-1y"},
      "RCU-hour", (0, None))),
    ("cloudwatch", "Metric for the next 240000", "",
     ("cloudwatch", "metrics", {}, "metric-month", (10_000, 250_000))),
    ("route53", "DNS Zone", "", ("route53", "hosted_zone", {}, "zone-month", (25, None))),
    ("vpc", "Charge for per GB data processed by VPC Endpoints per GB from 1048576 to 5242880",
     "", ("vpc", "endpoint_data", {"endpoint_type": "interface"}, "GB",
          (1_048_576, 5_242_880))),
    ("lambda", "Lambda Duration-ARM Tier2", "",
     ("lambda", "duration", {"architecture": "arm64"}, "GB-second",
      (6_000_000_000, 15_000_000_000))),
    ("msk", "RunBroker m7g.large",
     "Compute Family=m7g.large;usageType=USE1-Kafka.m7g.large;vCPU=2;operation=RunBroker",
     ("msk", "broker_hours", {"instance_type": "m7g.large"}, "hour", (0, None))),
    ("redshift", "ra3 4xlarge OnDemand Compute Instance Current Generation",
     "Memory=96 GiB;vCPU=12;Instance Type=ra3.4xlarge;ECU=37.125",
     ("redshift", "node_hours", {"node_type": "ra3.4xlarge"}, "hour", (0, None))),
    ("cloudfront", "Request HTTPS Methods from India", "",
     ("cloudfront", "requests", {"protocol": "https", "geography": "India"}, "requests",
      (0, None))),
    ("eks", "Compute ExtendedSupport per Hours", "",
     ("eks", "extended_support_hours", {}, "hour", (0, None))),
    ("redshift", "ra3 4xlarge Redshift Concurrency Scaling Current Generation RA3",
     "Instance Type=ra3.4xlarge;Usage Family=RA3",  # per node-second of concurrency scaling
     ("redshift", "concurrency_scaling", {"node_type": "ra3.4xlarge"}, "node-second",
      (0, None))),
    ("rds-aurora-storage", "System Operation Aurora Backtrack", "",
     ("rds", "aurora_backtrack", {"engine": "Aurora MySQL"}, "change-record-hour", (0, None))),
    ("rds-aurora-storage", "Aurora PostgreSQL Aurora Global Database", "",
     ("rds", "aurora_global_write_io", {"engine": "Aurora PostgreSQL"}, "requests",
      (0, None))),
    ("rds-storage", "RDS Snapshot Export MariaDB", "",
     ("rds", "snapshot_export", {"engine": "MariaDB"}, "GB", (0, None))),
    ("cloudwatch", "Amazon Kinesis Data Firehose Delivered Logs for next 20TB", "",
     ("cloudwatch", "vended_logs_delivery", {"destination": "firehose"}, "GB", (10_240, 30_720))),
    ("cloudwatch", "Delivered Logs for first 10TB", "",
     ("cloudwatch", "vended_logs_delivery", {"destination": "s3"}, "GB", (0, 10_240))),
    ("cloudfront", "Charge for using an SSL certificate with a CloudFront alternate domain name",
     "", ("cloudfront", "dedicated_ip_ssl", {}, "certificate-month", (0, None))),
    ("events", "Scheduled Invocation for 14000000 to Inf Invocations", "",
     ("events", "scheduler_invocations", {}, "invocations", (0, None))),
    ("kinesis", "Long term Data Retrieval GB per GB", "",
     ("kinesis", "long_term_retrieval", {}, "GB", (0, None))),
    ("sns", "Amazon SNS FIFO Subscription Messages Payload per GB", "",
     ("sns", "fifo_delivery_payload", {}, "GB", (0, None))),
    ("s3", "Per object fee for objects listed in an Inventory", "",
     ("s3", "inventory_objects", {}, "objects", (0, None))),
])
def test_feed_label_maps_to_its_canonical_product(feed, label, attributes, expected):
    canon = canon_for(feed, label, attributes)
    assert (canon.service, canon.product, canon.attrs, canon.unit, canon.tier) == expected


@pytest.mark.parametrize(("feed", "label", "attributes"), [
    ("dynamodb", "Provisioned Read Units Free Tier", ""),  # free tier: not a price
    ("cloudfront", "Regional DT from Any to Internet 0 upto 1024", "Per Month=1024"),
    ("elb", "Application Load Balancer ReservedLCU-Hr", ""),
    ("rds-storage", "Database Storage Multi AZ SQL Server Mirror General Purpose", ""),
    # the per-account free allowance of EventBridge Scheduler: not a price
    ("events", "Scheduled Invocation for 0 to 14000000 Invocations", ""),
])
def test_labels_we_do_not_price_are_skipped(feed, label, attributes):
    assert canon_for(feed, label, attributes) is None


def test_cloudfront_tiers_start_where_the_tier_below_ends(tmp_path):
    path = tmp_path / "feed.csv"
    header = ("provider,service,region,aws_location,aws_feed_key,feed_attributes,unit,usd_price,"
              "aws_sku,aws_rate_code,feed_publication_date,data_date,source\n")
    rows = [  # the three lowest United States tiers as the saved feed has them
        ("Regional DT from United States to Internet Next 40 TB", "51200", "0.08"),
        ("Regional DT from United States to Internet First 10 TB", "10240", "0.085"),
        ("Regional DT from United States to Internet next 100 TB", "153600", "0.06"),
    ]
    path.write_text(header + "".join(
        f"aws,cloudfront,global (feed location empty),,{label},Per Month={end},per feed key,"
        f"{price},GV2WFGX37Q9PDSHF,x,2025-07-01T21:16:47Z,2025-07-01,awspricewatcher-v0rts-993ef3ad\n"
        for label, end, price in rows))
    tiers = sorted((r.tier_start, r.tier_end, r.usd_price) for r in services_feed_rows(path))
    assert tiers == [(0, 10240, Decimal("0.085")), (10240, 51200, Decimal("0.08")),
                     (51200, 153600, Decimal("0.06"))]
    assert {r.region for r in services_feed_rows(path)} == {"global"}


def test_open_tiers_are_closed_at_the_next_tier():
    def tier(start: int, price: str) -> PriceRow:
        return PriceRow("aws", "cloudwatch", "eu-west-1", "metrics", (), "metric-month",
                        Decimal(price), tier_start=Decimal(start))
    closed = sorted(close_open_tiers([tier(10_000, "0.1"), tier(0, "0.3")]),
                    key=lambda r: r.tier_start)
    assert [(r.tier_start, r.tier_end) for r in closed] == [(0, 10_000), (10_000, None)]


# --- the Price List path gives the same products (pricing update parity) -------------------

@pytest.mark.parametrize(("offer", "service"), [("AmazonCloudWatch", "cloudwatch"),
                                                ("AmazonRDS", "rds")])
def test_price_list_rows_land_on_the_products_the_feeds_built(shipped, offer, service):
    """Price List CSV offer files built from terracost's eu-west-1 Price List dump (SKUs, usage
    types, attributes, tier starts and prices as in the dump; rate codes, effective dates and
    tier ends filled in the offer-file way). Each row must map to a product the shipped table
    has, with the same unit and price (the 2025 feed values equal the 2023 ones here)."""
    path = FIXTURES / f"{offer.lower()}_eu-west-1_pricelist_csv_from_terracost_2023-02-23.csv"
    with path.open(newline="") as handle:
        rows = list(parse_offer_csv(handle, offer, "eu-west-1", "test"))
    assert len(rows) >= 14
    for row in rows:
        hits = [h for h in shipped.lookup("aws", service, "eu-west-1", row.product,
                                          dict(row.attrs)) if h.tier_start == row.tier_start]
        assert hits, (row.product, row.attrs)
        (hit,) = hits
        assert (hit.unit, hit.usd_price, hit.tier_end) == (row.unit, row.usd_price, row.tier_end)


@pytest.mark.parametrize(("price_list", "feed"), [
    (OfferPrice("AmazonEKS", "us-east-1", "Compute", "USE1-AmazonEKS-Hours:extendedSupport",
                "hours", Decimal("0.5")), ("eks", "Compute ExtendedSupport per Hours")),
    (OfferPrice("AmazonEKS", "us-east-1", "Compute", "USE1-AmazonEKS-Hours:perCluster",
                "hours", Decimal("0.1")), ("eks", "Compute per Hours")),
    (OfferPrice("AWSELB", "eu-west-1", "Load Balancer-Network", "EU-LCUUsage", "LCU-Hrs",
                Decimal("0.006")), ("elb", "Network Load Balancer LCU Hours")),
    (OfferPrice("AmazonS3", "us-east-1", "Storage", "TimedStorage-ByteHrs", "GB-Mo",
                Decimal("0.023"), {"volumetype": "Standard"}, tier_end=Decimal(51200)),
     ("s3", "Standard Storage First 50 TB per GB Mo")),
    (OfferPrice("AWSLambda", "us-east-1", "Serverless", "Request", "Requests",
                Decimal("0.0000002"), {"group": "AWS-Lambda-Requests"}),
     ("lambda", "Lambda Requests")),
])
def test_price_list_vocabulary_and_feed_label_agree(price_list, feed):
    row = map_offer_price(price_list)
    canon = canon_for(*feed)
    assert (row.service, row.product, row.attrs, row.unit) == (
        canon.service, canon.product, make_attrs(canon.attrs), canon.unit)


# --- known bad rows (SOURCES.md "Known data issues") ----------------------------------------

@pytest.mark.parametrize(("node_type", "usd"), [
    ("cache.r5.large", "0.241"), ("cache.m5.large", "0.172"),
])
def test_terracost_2023_cache_m5_r5_rows_are_not_shipped(shipped, node_type, usd):
    row = _one(shipped, "elasticache", "eu-west-1", "node", node_type=node_type, engine="redis")
    assert row.source == "awspricewatcher-v0rts-processed-f13d12cc"
    assert row.usd_price == Decimal(usd)


@pytest.mark.parametrize(("instance_class", "usd"), [
    ("db.m5.16xlarge", "7.943"), ("db.r5.8xlarge", "4.56"),
])
def test_flexera_2023_ap_northeast_3_mariadb_rows_are_not_shipped(shipped, instance_class, usd):
    row = _one(shipped, "rds", "ap-northeast-3", "instance", instance_class=instance_class,
               engine="MariaDB", deployment="Single-AZ")
    assert row.source == "awspricewatcher-v0rts-processed-a887733e"
    assert row.usd_price == Decimal(usd)


@needs_shared
def test_known_bad_rows_are_in_the_sources_and_none_of_them_is_used():
    """The sources still hold the bad rows; none of them can reach the table."""
    recs = [rec for rec in read_sources(SHARED) if isinstance(rec, OfferPrice)
            and rec.source in ("terracost-testdata-2023-02-23", "flexera-rds-2023-03-01")]
    # terracost's ~40% cache.m5/r5 prices are Outposts rows: the mapper drops them
    cheap = [rec for rec in recs if rec.attr("instanceType") == "cache.r5.large"
             and rec.usd_price == Decimal("0.1")]
    assert cheap and all("Outpost" in rec.usage_type for rec in cheap)
    assert [map_offer_price(rec) for rec in cheap] == [None] * len(cheap)
    # Flexera's ~7x ap-northeast-3 MariaDB rows: mapped, then filtered as known bad
    rows = [row for rec in recs if (row := map_offer_price(rec)) is not None]
    bad = [row for row in rows if known_bad(row)]
    assert len(bad) == 8  # m5/r5 x 8xlarge/16xlarge x Single-/Multi-AZ
    assert {row.source for row in bad} == {"flexera-rds-2023-03-01"}
    assert max(row.usd_price for row in bad) == Decimal("128.045")  # r5.16xlarge Multi-AZ


def test_reserved_rates_are_kept_apart_from_on_demand(shipped):
    # togen's verbatim AmazonElastiCache eu-west-2 slice: 3yr partial upfront cache.t4g.micro
    on_demand = _one(shipped, "elasticache", "eu-west-2", "node", node_type="cache.t4g.micro",
                     engine="redis")
    assert on_demand.usd_price == Decimal("0.018") and "term" not in dict(on_demand.attrs)
    term = {"term": "reserved-3y", "purchase_option": "partial_upfront",
            "offering_class": "standard"}
    hourly = _one(shipped, "elasticache", "eu-west-2", "node", node_type="cache.t4g.micro",
                  engine="redis", **term)
    upfront = _one(shipped, "elasticache", "eu-west-2", "node_reserved_upfront",
                   node_type="cache.t4g.micro", engine="redis", **term)
    assert (hourly.usd_price, hourly.unit) == (Decimal("0.004"), "hour")
    assert (upfront.usd_price, upfront.unit) == (Decimal("114"), "one-time")
    assert hourly.source == upfront.source == "togen-amazonelasticache-eu-west-2-offer-slice"


# --- disagreements ------------------------------------------------------------------------

def test_only_differences_over_one_percent_are_disagreements():
    def row(price: str, source: str) -> PriceRow:
        return PriceRow("aws", "ec2", "us-east-1", "instance", (), "hour", Decimal(price),
                        source=source)
    kept = row("1.000", "new")
    pairs = [(kept, row("1.010", "within")), (kept, row("1.0101", "over")),
             (kept, row("0.98", "under"))]
    assert [other.source for _, other in significant_disagreements(pairs)] == ["over", "under"]


def test_every_shipped_aws_product_is_in_the_products_reference():
    """products_aws.md is the contract rules are written against: nothing ships undocumented."""
    import csv
    import re

    from cost_gate.pricing.store import shipped_dir

    doc = (ROOT / "cost_gate" / "pricing" / "products_aws.md").read_text()
    documented = set(re.findall(r"`([a-z0-9_]+/[a-z0-9_]+)`", doc))
    shipped_products = set()
    for path in (shipped_dir() / "aws").glob("*/*.csv"):
        with path.open(newline="") as handle:
            shipped_products |= {f"{path.parent.name}/{rec['product']}"
                                 for rec in csv.DictReader(handle)}
    assert shipped_products - documented == set()
