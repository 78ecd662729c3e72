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


def test_ephemeral_storage_above_512_mb_is_a_usage_based_charge(price):
    res = price("aws_lambda_function.api",
                function(ephemeral_storage=[{"size": 2048}], architectures=["x86_64"]),
                unknown={k: v for k, v in UNKNOWN.items() if k != "architectures"},
                usage=_usage(monthly_requests=1_000_000, request_duration_ms=200))

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"]["components"][2] == component(
        "Ephemeral storage above 512 MB (1536 MB)", "GB-seconds",
        quantity=300000,  # 1e6 requests * 0.2 s * 1.5 GB
        unit_price=0.0000000309,  # lambda/us-east-1.csv ephemeral_storage x86_64 [feed]
        monthly_cost=0.00927,  # 300000 * 0.0000000309
        source=ARM_FEED, data_date="2025-12-02", usage_based=True)


def test_provisioned_concurrency_of_a_function_in_the_plan(price):
    res = price("aws_lambda_provisioned_concurrency_config.api",
                {"function_name": "api", "qualifier": "live",
                 "provisioned_concurrent_executions": 5, "skip_destroy": False},
                unknown={"id": True},
                references={"function_name": ["aws_lambda_function.api.function_name",
                                              "aws_lambda_function.api"]},
                others={"aws_lambda_function.api": function(memory_size=1024,
                                                            architectures=["arm64"])})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 43.800876,  # 13140000 * 0.0000033334
        "components": [
            component("Provisioned concurrency (5 x 1024 MB, arm64)", "GB-seconds",
                      quantity=13140000,  # 5 * 1 GB * 730 h * 3600 s
                      unit_price=0.0000033334,  # lambda/us-east-1.csv provisioned_concurrency
                      monthly_cost=43.800876,  # arm64 [awspricewatcher feed]
                      source=ARM_FEED, data_date="2025-12-02"),
            component("Requests (arm64)", "requests", quantity=None,
                      unit_price=0.0000002,  # lambda/us-east-1.csv requests arm64 [feed]
                      monthly_cost=None, source=ARM_FEED, data_date="2025-12-02",
                      usage_based=True),
            component("Duration with provisioned concurrency (arm64, 1024 MB)", "GB-seconds",
                      quantity=None,
                      unit_price=0.0000077778,  # lambda/us-east-1.csv provisioned_duration arm64
                      monthly_cost=None, source=ARM_FEED, data_date="2025-12-02",
                      usage_based=True),
        ],
    }


def test_provisioned_concurrency_without_its_function_needs_memory_mb(price):
    attrs = {"function_name": "api", "qualifier": "live", "provisioned_concurrent_executions": 2}
    res = price("aws_lambda_provisioned_concurrency_config.api", attrs)
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: function_name is a function not in this plan "
                            "(set memory_mb in the usage file)"]

    usage = Usage(by_address={"aws_lambda_provisioned_concurrency_config.api": {
        "memory_mb": Decimal(2048), "monthly_duration_hrs": Decimal(100)}})
    res = price("aws_lambda_provisioned_concurrency_config.api", attrs, usage=usage)
    assert res["status"] == "priced"
    # 2 * 2 GB * 100 h * 3600 s = 1,440,000 GB-seconds at the x86_64 rate 0.0000041667
    assert res["after"]["components"][0]["monthly_quantity"] == 1440000
    assert res["after"]["monthly_cost"] == 6.000048


def test_unknown_memory_size_is_partial(price):
    res = price("aws_lambda_function.api", function(memory_size=None),
                unknown={**UNKNOWN, "memory_size": True})

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: memory_size is known only after apply"]
