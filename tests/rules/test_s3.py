"""aws_s3_bucket priced end to end against the shipped price table.

Unit prices: read from pricing_data/aws/s3/<region>.csv (product, attributes [source id, sku]).
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import component

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
DATE = "2026-09-06"

BUCKET = {"bucket": "assets", "force_destroy": False, "tags": None}
BUCKET_UNKNOWN = {"arn": True, "id": True, "region": True, "versioning": True}


def _usage(**keys: int) -> Usage:
    return Usage(by_address={"aws_s3_bucket.assets": {k: Decimal(v) for k, v in keys.items()}})


def test_bucket_without_usage_shows_three_prices_per_unit(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=BUCKET_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 0,  # usage-based only, nothing estimated
        "components": [
            component("Standard storage", "GB-months", quantity=None,
                      # s3/us-east-1.csv storage standard [togen, WP9ANXZGBYYSGJEA]
                      unit_price=0.023,
                      monthly_cost=None, source=TOGEN, data_date=DATE, usage_based=True),
            component("PUT, COPY, POST, LIST requests", "requests", quantity=None,
                      # s3/us-east-1.csv requests tier=1 [togen, E9YHNFENF4XQBZR6]
                      unit_price=0.000005,
                      monthly_cost=None, source=TOGEN, data_date=DATE, usage_based=True),
            component("GET and all other requests", "requests", quantity=None,
                      # s3/us-east-1.csv requests tier=2 [togen, ZWQ6Q48CRJXX4FXE]
                      unit_price=0.0000004,
                      monthly_cost=None, source=TOGEN, data_date=DATE, usage_based=True),
        ],
    }
    assert res["monthly_delta"] == 0


def test_bucket_with_usage_is_priced_and_counted(price):
    usage = _usage(monthly_storage_gb=1000, monthly_tier1_requests=2_000_000,
                   monthly_tier2_requests=10_000_000)
    res = price("aws_s3_bucket.assets", BUCKET, unknown=BUCKET_UNKNOWN, usage=usage)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 37,  # 23 + 10 + 4
        "components": [
            component("Standard storage", "GB-months", quantity=1000, unit_price=0.023,
                      monthly_cost=23,  # 1000 * 0.023 (first tier: 0-51,200 GB)
                      source=TOGEN, data_date=DATE, usage_based=True),
            component("PUT, COPY, POST, LIST requests", "requests", quantity=2_000_000,
                      unit_price=0.000005, monthly_cost=10,  # 2,000,000 * 0.000005
                      source=TOGEN, data_date=DATE, usage_based=True),
            component("GET and all other requests", "requests", quantity=10_000_000,
                      unit_price=0.0000004, monthly_cost=4,  # 10,000,000 * 0.0000004
                      source=TOGEN, data_date=DATE, usage_based=True),
        ],
    }
    assert res["monthly_delta"] == 37


def test_storage_past_the_first_tier_is_left_unpriced_and_partial(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=BUCKET_UNKNOWN,
                usage=_usage(monthly_storage_gb=60_000))

    assert res["status"] == "partial"
    assert res["notes"] == ["Standard storage: 8,800 GB-months beyond the first 51,200 not "
                            "priced (the price past that tier is not in the data)"]
    storage = res["after"]["components"][0]
    assert storage == component(
        "Standard storage", "GB-months", quantity=60_000, unit_price=0.023,
        monthly_cost=1177.6,  # 51,200 * 0.023; the other 8,800 GB have no price in the data
        source=TOGEN, data_date=DATE, usage_based=True)
    assert res["after"]["monthly_cost"] == 1177.6
    assert res["monthly_delta"] is None  # part of the storage has no price: delta unknown


def test_bucket_in_eu_central_1(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=BUCKET_UNKNOWN, region="eu-central-1",
                usage=_usage(monthly_storage_gb=100))

    assert res["status"] == "priced"
    assert [(c["unit_price"], c["monthly_cost"]) for c in res["after"]["components"]] == [
        (0.0245, 2.45),  # s3/eu-central-1.csv storage standard [togen, NRYRNCXF5TWHB476]; 100 GB
        (0.0000054, None),  # requests tier=1 [togen, F5832W93RMW27RD7]
        (0.00000043, None),  # requests tier=2 [togen, TUSXZSTYY6YJH244]
    ]


def test_bucket_in_a_region_without_s3_prices_is_unsupported(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=BUCKET_UNKNOWN, region="ap-east-1")

    assert res["status"] == "unsupported"
    assert res["after"] is None and res["monthly_delta"] is None
    assert res["notes"] == [
        "Standard storage: no price in the data for ap-east-1, not shown",
        "PUT, COPY, POST, LIST requests: no price in the data for ap-east-1, not shown",
        "GET and all other requests: no price in the data for ap-east-1, not shown",
    ]
