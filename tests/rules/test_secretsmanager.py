"""aws_secretsmanager_secret priced end to end against the shipped price table.

Unit prices: pricing_data/aws/secretsmanager/<region>.csv [awspricewatcher-v0rts-bdf667bd].
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-bdf667bd"
DATE = "2025-08-28"
STALE = "priced from data dated 2025-08-28, older than 12 months"
UNKNOWN = {"arn": True, "id": True, "name_prefix": True, "policy": True, "tags_all": True}


def secret(**overrides) -> dict:
    return {"description": None, "force_overwrite_replica_secret": False, "kms_key_id": None,
            "name": "db-password", "recovery_window_in_days": 30, "replica": [], "tags": None,
            **overrides}


def c(name, unit, quantity, unit_price, cost, usage_based=False):
    return component(name, unit, quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=FEED, data_date=DATE, usage_based=usage_based)


def test_secret_without_usage(price):
    res = price("aws_secretsmanager_secret.db", secret(), unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    assert res["after"] == {
        "monthly_cost": 0.4,
        "components": [
            c("Secret", "secret-months", 1, 0.4, 0.4),  # secret [BJ3PQ9BYGU6P632F]
            # api_requests [4MDZ5VNEJPMUTG9B]: $0.05 per 10,000
            c("API requests", "requests", None, 0.000005, None, True),
        ],
    }


def test_each_replica_is_a_secret_in_its_region(price):
    replicas = [{"region": "eu-west-1"}, {"region": "us-west-2"}]
    unknown = {**UNKNOWN, "replica": [{"kms_key_id": True, "status": True}] * 2}
    usage = Usage(by_address={"aws_secretsmanager_secret.db":
                              {"monthly_requests": Decimal(100_000)}})
    res = price("aws_secretsmanager_secret.db", secret(replica=replicas), unknown=unknown,
                usage=usage)

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 1.7,  # 3 x 0.40 + 100,000 x 0.000005
        "components": [
            c("Secret", "secret-months", 1, 0.4, 0.4),
            # secretsmanager/eu-west-1.csv secret [7XGGDB26HD68ED7A]
            c("Secret replica (eu-west-1)", "secret-months", 1, 0.4, 0.4),
            # secretsmanager/us-west-2.csv secret [DWJP9S4V3HP98UNC]
            c("Secret replica (us-west-2)", "secret-months", 1, 0.4, 0.4),
            c("API requests", "requests", 100_000, 0.000005, 0.5, True),
        ],
    }


def test_replica_in_a_region_without_prices_is_partial(price):
    res = price("aws_secretsmanager_secret.db", secret(replica=[{"region": "cn-north-1"}]),
                unknown=UNKNOWN)

    assert res["status"] == "partial"
    assert ("no price in the data for: Secret replica (cn-north-1) in cn-north-1 (a region "
            "with no price data)") in res["notes"]
    assert [x["name"] for x in res["after"]["components"]] == ["Secret", "API requests"]


def test_replica_region_unknown_is_partial(price):
    res = price("aws_secretsmanager_secret.db", secret(replica=[{"region": None}]),
                unknown={**UNKNOWN, "replica": [{"region": True}]})

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: replica.0.region is known only after apply"]
