"""aws_efs_file_system priced end to end against the shipped price table.

Unit prices: pricing_data/aws/efs/<region>.csv [awspricewatcher-v0rts-fe4f893c].
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-fe4f893c"
DATE = "2025-09-25"
UNKNOWN = {"arn": True, "availability_zone_id": True, "dns_name": True, "id": True,
           "size_in_bytes": True}


def fs(**overrides) -> dict:
    return {"creation_token": "shared", "lifecycle_policy": [], "tags": None,
            "provisioned_throughput_in_mibps": None, "throughput_mode": "bursting", **overrides}


def _usage(**values) -> Usage:
    return Usage(by_address={"aws_efs_file_system.shared": {k: Decimal(str(v))
                                                           for k, v in values.items()}})


def test_bursting_file_system(price):
    res = price("aws_efs_file_system.shared", fs(),
                unknown={**UNKNOWN, "availability_zone_name": True})

    assert res["status"] == "priced"
    # efs storage storage_class=standard: $0.30 per GB-month
    assert res["after"] == {"monthly_cost": 0, "components": [component(
        "Storage (Standard)", "GB-months", quantity=None, unit_price=0.3, monthly_cost=None,
        source=FEED, data_date=DATE, usage_based=True)]}


def test_lifecycle_to_ia_and_archive(price):
    policy = [{"transition_to_ia": "AFTER_30_DAYS", "transition_to_archive": None,
               "transition_to_primary_storage_class": None},
              {"transition_to_ia": None, "transition_to_archive": "AFTER_90_DAYS",
               "transition_to_primary_storage_class": None}]
    res = price("aws_efs_file_system.shared", fs(lifecycle_policy=policy), unknown=UNKNOWN,
                usage=_usage(storage_gb=100, infrequent_access_storage_gb=1000,
                             monthly_infrequent_access_read_gb=50, archive_storage_gb=5000))

    assert res["status"] == "priced"
    assert [(x["name"], x["monthly_quantity"], x["unit_price"], x["monthly_cost"])
            for x in res["after"]["components"]] == [
        ("Storage (Standard)", 100, 0.3, 30),  # 100 x 0.30
        ("Storage (Infrequent Access)", 1000, 0.025, 25),  # 1000 x 0.025
        ("Infrequent Access reads", 50, 0.01, 0.5),  # data_access IA read; 50 x 0.01
        ("Infrequent Access tiering (writes)", None, 0.01, None),
        ("Storage (Archive)", 5000, 0.008, 40),  # 5000 x 0.008
        ("Archive reads", None, 0.03, None),
        ("Archive tiering (writes)", None, 0.03, None),
    ]
    assert res["monthly_delta"] == 95.5


def test_one_zone_file_system_with_elastic_throughput(price):
    res = price("aws_efs_file_system.shared",
                fs(availability_zone_name="us-east-1a", throughput_mode="elastic",
                   lifecycle_policy=[{"transition_to_ia": "AFTER_7_DAYS"}]),
                unknown=UNKNOWN,
                usage=_usage(storage_gb=500, monthly_elastic_read_gb=1000,
                             monthly_elastic_write_gb=200))

    assert [(x["name"], x["unit_price"], x["monthly_cost"])
            for x in res["after"]["components"]] == [
        ("Storage (One Zone)", 0.16, 80),  # storage one_zone; 500 x 0.16
        ("Storage (One Zone-IA)", 0.0133, None),  # one_zone_infrequent_access
        ("One Zone-IA reads", 0.01, None),
        ("One Zone-IA tiering (writes)", 0.01, None),
        ("Elastic throughput reads", 0.03, 30),  # data_access standard read; 1000 x 0.03
        ("Elastic throughput writes", 0.06, 12),  # data_access standard write; 200 x 0.06
    ]


def test_provisioned_throughput_in_full_without_a_storage_estimate(price):
    res = price("aws_efs_file_system.shared",
                fs(throughput_mode="provisioned", provisioned_throughput_in_mibps=10),
                unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"][0].startswith("provisioned throughput is billed above the baseline")
    throughput = res["after"]["components"][-1]
    # provisioned_throughput: $6.00 per MB/s-month; 10 x 6
    assert (throughput["name"], throughput["monthly_quantity"], throughput["monthly_cost"]) == (
        "Provisioned throughput", 10, 60)


def test_provisioned_throughput_above_the_storage_baseline(price):
    res = price("aws_efs_file_system.shared",
                fs(throughput_mode="provisioned", provisioned_throughput_in_mibps=100),
                unknown=UNKNOWN, usage=_usage(storage_gb=1024))
    # 1024 GiB earn 50 MiB/s: 50 MB/s billed x $6.00, plus 1024 GB x 0.30
    assert [x["monthly_cost"] for x in res["after"]["components"]] == [307.2, 300]

    res = price("aws_efs_file_system.shared",
                fs(throughput_mode="provisioned", provisioned_throughput_in_mibps=10),
                unknown=UNKNOWN, usage=_usage(storage_gb=2048))
    assert res["after"]["components"][-1]["monthly_quantity"] == 0  # baseline 100 MiB/s


def test_provisioned_throughput_unknown_is_partial(price):
    res = price("aws_efs_file_system.shared",
                fs(throughput_mode="provisioned", provisioned_throughput_in_mibps=None),
                unknown={**UNKNOWN, "provisioned_throughput_in_mibps": True})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: provisioned_throughput_in_mibps is known only "
                            "after apply"]


def test_efs_in_eu_west_1(price):
    res = price("aws_efs_file_system.shared", fs(), unknown=UNKNOWN, region="eu-west-1",
                usage=_usage(storage_gb=10))
    # efs/eu-west-1.csv storage standard: $0.33; 10 x 0.33
    assert res["after"]["monthly_cost"] == 3.3
