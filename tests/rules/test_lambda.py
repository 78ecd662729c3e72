"""aws_lambda_function priced end to end against the shipped price table.

Unit prices: read from pricing_data/aws/lambda/<region>.csv (product, attributes [source id,
sku]). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import component

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
DATE = "2026-09-06"
REQUEST_PRICE = 0.0000002  # lambda/us-east-1.csv requests x86_64 [togen, GU2ZS9HVP6QTQ7KE]
GB_SECOND_PRICE = 0.0000166667  # lambda/us-east-1.csv duration x86_64 [togen, TG3M4CAGBA3NYQBH]

UNKNOWN = {"architectures": True, "arn": True, "id": True, "invoke_arn": True,
           "last_modified": True, "qualified_arn": True, "version": True}


def function(**overrides) -> dict:
    return {"function_name": "api", "handler": "index.handler", "runtime": "nodejs20.x",
            "memory_size": 512, "timeout": 10, "package_type": "Zip", "tags": None,
            **overrides}


def _usage(**keys: int) -> Usage:
    return Usage(by_address={"aws_lambda_function.api": {k: Decimal(v) for k, v in keys.items()}})


ASSUMED_X86 = "architectures not in the plan; assumed AWS's default x86_64"


def test_function_without_usage_shows_prices_per_unit(price):
    res = price("aws_lambda_function.api", function(), unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [ASSUMED_X86]
    assert res["after"] == {
        "monthly_cost": 0,
        "components": [
            component("Requests (x86_64)", "requests", quantity=None, unit_price=REQUEST_PRICE,
                      monthly_cost=None, source=TOGEN, data_date=DATE, usage_based=True),
            component("Duration (x86_64, 512 MB)", "GB-seconds", quantity=None,
                      unit_price=GB_SECOND_PRICE, monthly_cost=None, source=TOGEN,
                      data_date=DATE, usage_based=True),
        ],
    }


def test_function_with_usage(price):
    # 10 million requests of 200 ms each: 2,000,000,000 ms in the month
    usage = _usage(monthly_requests=10_000_000, monthly_duration_ms=2_000_000_000)
    res = price("aws_lambda_function.api", function(architectures=["x86_64"]), usage=usage,
                unknown={k: v for k, v in UNKNOWN.items() if k != "architectures"})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 18.6667,  # 2 + 16.6667
        "components": [
            component("Requests (x86_64)", "requests", quantity=10_000_000,
                      unit_price=REQUEST_PRICE, monthly_cost=2,  # 10,000,000 * 0.0000002
                      source=TOGEN, data_date=DATE, usage_based=True),
            component("Duration (x86_64, 512 MB)", "GB-seconds",
                      quantity=1_000_000,  # 2,000,000,000 ms / 1000 * 512 / 1024
                      unit_price=GB_SECOND_PRICE,
                      monthly_cost=16.6667,  # 1,000,000 * 0.0000166667
                      source=TOGEN, data_date=DATE, usage_based=True),
        ],
    }


def test_memory_size_defaults_to_128_mb(price):
    attrs = function()
    del attrs["memory_size"]
    res = price("aws_lambda_function.api", attrs, unknown=UNKNOWN,
                usage=_usage(monthly_duration_ms=1_000_000_000))

    duration = res["after"]["components"][1]
    assert duration == component(
        "Duration (x86_64, 128 MB)", "GB-seconds",
        quantity=125_000,  # 1,000,000,000 ms / 1000 * 128 / 1024
        unit_price=GB_SECOND_PRICE,
        monthly_cost=2.0833375,  # 125,000 * 0.0000166667
        source=TOGEN, data_date=DATE, usage_based=True)


def test_duration_is_split_across_the_published_tiers(price):
    # 10,240 MB for 700,000,000 s = 7,000,000,000 GB-s: 6e9 in tier 1, 1e9 in tier 2
    res = price("aws_lambda_function.api", function(memory_size=10240), unknown=UNKNOWN,
                usage=_usage(monthly_duration_ms=700_000_000_000))

    assert res["status"] == "priced"
    assert res["notes"] == [ASSUMED_X86]
    duration = res["after"]["components"][1]
    assert duration["monthly_quantity"] == 7_000_000_000
    # lambda/us-east-1.csv duration x86_64: tier 0-6e9 0.0000166667 [togen], tier 6e9-15e9
    # 0.000015 [awspricewatcher-v0rts-d6499ea2]
    assert duration["monthly_cost"] == 115000.2  # 6e9 * 0.0000166667 + 1e9 * 0.000015


ARM_FEED = "awspricewatcher-v0rts-d6499ea2"  # AWS pricing-page feed, data_date 2025-12-02


def test_arm64_function_is_priced_at_the_arm_rates(price):
    res = price("aws_lambda_function.api", function(architectures=["arm64"]),
                unknown={k: v for k, v in UNKNOWN.items() if k != "architectures"})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 0,
        "components": [
            component("Requests (arm64)", "requests", quantity=None,
                      unit_price=0.0000002,  # lambda/us-east-1.csv requests arm64 [feed]
                      monthly_cost=None, source=ARM_FEED, data_date="2025-12-02",
                      usage_based=True),
            component("Duration (arm64, 512 MB)", "GB-seconds", quantity=None,
                      unit_price=0.0000133334,  # lambda/us-east-1.csv duration arm64 tier 1
                      monthly_cost=None, source=ARM_FEED, data_date="2025-12-02",
                      usage_based=True),
        ],
    }


def test_lambda_in_af_south_1(price):
    res = price("aws_lambda_function.api", function(), unknown=UNKNOWN, region="af-south-1",
                usage=_usage(monthly_requests=1_000_000))

    assert res["status"] == "priced"
    assert [(c["unit_price"], c["monthly_cost"]) for c in res["after"]["components"]] == [
        (0.00000027, 0.27),  # lambda/af-south-1.csv requests [togen, BNQXHCKJQCQXPHE8]
        (0.0000221, None),  # lambda/af-south-1.csv duration [togen, Z6UGBG979PFHQNPH]
    ]


def test_ephemeral_storage_above_512_mb_is_noted(price):
    res = price("aws_lambda_function.api",
                function(ephemeral_storage=[{"size": 2048}], architectures=["x86_64"]),
                unknown={k: v for k, v in UNKNOWN.items() if k != "architectures"})

    assert res["status"] == "priced"
    assert res["notes"] == ["ephemeral storage above 512 MB is billed separately; no price in "
                            "the data, not shown"]


def test_unknown_memory_size_is_partial(price):
    res = price("aws_lambda_function.api", function(memory_size=None),
                unknown={**UNKNOWN, "memory_size": True})

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: memory_size is known only after apply"]
