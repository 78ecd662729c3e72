"""aws_sqs_queue priced end to end against the shipped price table.

Unit prices: read from pricing_data/aws/sqs/<region>.csv (product, attributes [source id, sku]).
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
DATE = "2026-09-06"
UNKNOWN = {"arn": True, "id": True, "url": True}


def _usage(requests: int) -> Usage:
    return Usage(by_type={"aws_sqs_queue": {"monthly_requests": Decimal(requests)}})


@pytest.mark.parametrize(("fifo", "label", "unit_price"), [
    # sqs/us-east-1.csv queue_type=standard [togen, 8RN6B8U4MERHRXP3]
    (False, "Standard", 0.0000004),
    # sqs/us-east-1.csv queue_type=fifo [togen, 624ZQ7K46KHFAD9Y]
    (True, "FIFO", 0.0000005),
])
def test_queue_without_usage_shows_the_price_per_request(price, fifo, label, unit_price):
    res = price("aws_sqs_queue.jobs", {"name": "jobs", "fifo_queue": fifo}, unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 0,
        "components": [component(f"Requests ({label} queue)", "requests", quantity=None,
                                 unit_price=unit_price, monthly_cost=None, source=TOGEN,
                                 data_date=DATE, usage_based=True)],
    }


@pytest.mark.parametrize(("fifo", "label", "unit_price", "cost"), [
    (False, "Standard", 0.0000004, 2),  # 5,000,000 * 0.0000004
    (True, "FIFO", 0.0000005, 2.5),  # 5,000,000 * 0.0000005
])
def test_queue_with_usage(price, fifo, label, unit_price, cost):
    res = price("aws_sqs_queue.jobs", {"name": "jobs", "fifo_queue": fifo}, unknown=UNKNOWN,
                usage=_usage(5_000_000))

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": cost,
        "components": [component(f"Requests ({label} queue)", "requests", quantity=5_000_000,
                                 unit_price=unit_price, monthly_cost=cost, source=TOGEN,
                                 data_date=DATE, usage_based=True)],
    }
    assert res["monthly_delta"] == cost


def test_fifo_queue_default_is_standard(price):
    res = price("aws_sqs_queue.jobs", {"name": "jobs"}, unknown=UNKNOWN)
    assert res["after"]["components"][0]["name"] == "Requests (Standard queue)"


def test_queue_in_af_south_1(price):
    res = price("aws_sqs_queue.jobs", {"name": "jobs", "fifo_queue": False}, unknown=UNKNOWN,
                region="af-south-1", usage=_usage(1_000_000))
    (requests,) = res["after"]["components"]
    # sqs/af-south-1.csv queue_type=standard [togen, FKZ8P3YM3G69V3KQ]; 1,000,000 * 0.000000476
    assert (requests["unit_price"], requests["monthly_cost"]) == (0.000000476, 0.476)


def test_requests_are_split_across_the_tiers(price):
    res = price("aws_sqs_queue.jobs", {"name": "jobs", "fifo_queue": True}, unknown=UNKNOWN,
                usage=_usage(250_000_000_000))
    # sqs/us-east-1.csv queue_type=fifo: 0-100B 0.0000005 [togen]; 100B-200B 0.0000004,
    # over 200B 0.00000035 [awspricewatcher-v0rts-0fe0fdde]
    assert res["after"]["monthly_cost"] == 50_000 + 40_000 + 17_500
