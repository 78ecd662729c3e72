"""EventBridge buses, archives, API destinations, Scheduler schedules and Pipes, priced end to
end against the shipped price table.

Unit prices: pricing_data/aws/events/<region>.csv [awspricewatcher-v0rts-40198644, sku].
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-40198644"
DATE = "2025-09-11"
STALE = "priced from data dated 2025-09-11, older than 12 months"
FREE_INVOCATIONS = ("the first 14 million invocations of an account each month are free; not "
                    "applied here")


def c(name, unit, quantity, unit_price, cost, usage_based=True):
    return component(name, unit, quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=FEED, data_date=DATE, usage_based=usage_based)


def _usage(address: str, **values) -> Usage:
    return Usage(by_address={address: {k: Decimal(str(v)) for k, v in values.items()}})


def test_custom_event_bus(price):
    address = "aws_cloudwatch_event_bus.orders"
    attrs = {"dead_letter_config": [], "description": None, "event_source_name": None,
             "kms_key_identifier": None, "name": "orders", "tags": None}
    res = price(address, attrs, unknown={"arn": True, "id": True})
    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    # events type=custom [ZA92ERYNKX457AJD]: $1.00 per million
    assert res["after"]["components"] == [c("Custom events", "events", None, 0.000001, None)]

    res = price(address, attrs, unknown={"arn": True, "id": True},
                usage=_usage(address, monthly_custom_events=30_000_000))
    assert res["after"]["monthly_cost"] == 30  # 30,000,000 x 0.000001


def test_partner_event_bus(price):
    res = price("aws_cloudwatch_event_bus.saas",
                {"name": "aws.partner/saas.com/123/events",
                 "event_source_name": "aws.partner/saas.com/123/events"},
                unknown={"arn": True, "id": True})
    # events type=partner [JZ3V56NNG67MV8ZS]
    assert res["after"]["components"] == [c("Partner events", "events", None, 0.000001, None)]


def test_event_archive(price):
    address = "aws_cloudwatch_event_archive.orders"
    res = price(address, {"name": "orders", "retention_days": 30, "event_pattern": None},
                unknown={"arn": True, "event_source_arn": True, "id": True},
                usage=_usage(address, monthly_archive_processing_gb=50, archive_storage_gb=200))

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 9.6,  # 5 + 4.6
        "components": [
            # archive_processing [8B7RJEAZYT9BJB6W]; 50 x 0.10
            c("Archived events processed", "GB", 50, 0.1, 5),
            # archive_storage [KY5XTGQ8R4W34N4N]; 200 x 0.023
            c("Archive storage", "GB-months", 200, 0.023, 4.6),
        ],
    }


def test_api_destination(price):
    address = "aws_cloudwatch_event_api_destination.hook"
    res = price(address, {"name": "hook", "http_method": "POST",
                          "invocation_endpoint": "https://example.com/hook",
                          "invocation_rate_limit_per_second": 300},
                unknown={"arn": True, "connection_arn": True, "id": True},
                usage=_usage(address, monthly_invocations=5_000_000))

    # api_destination_invocations [7E7YZYCWJXMZJ6HZ]: $0.20 per million; 5,000,000 x 0.0000002
    assert res["after"]["components"] == [c("Invocations", "invocations", 5_000_000, 0.0000002,
                                            1)]


SCHEDULE_UNKNOWN = {"arn": True, "group_name": True, "id": True, "name_prefix": True}


def schedule(expression: str, **overrides) -> dict:
    return {"name": "sync", "description": None, "end_date": None, "start_date": None,
            "flexible_time_window": [{"maximum_window_in_minutes": None, "mode": "OFF"}],
            "kms_key_arn": None, "schedule_expression": expression,
            "schedule_expression_timezone": "UTC", "state": "ENABLED",
            "target": [{"arn": "arn:aws:sqs:us-east-1:123456789012:jobs",
                        "role_arn": "arn:aws:iam::123456789012:role/scheduler"}], **overrides}


@pytest.mark.parametrize(("expression", "invocations", "cost"), [
    # 730 h x 60 = 43,800 minutes a month; scheduler_invocations [UYXR5PNB8BYSVPGV]
    ("rate(5 minutes)", 8760, 0.00876),
    ("rate(1 minute)", 43_800, 0.0438),
    ("rate(2 hours)", 365, 0.000365),
    ("rate(1 day)", 30.416666666666668, 0.000030416666666666667),
])
def test_rate_schedule_invocations_follow_from_the_rate(price, expression, invocations, cost):
    res = price("aws_scheduler_schedule.sync", schedule(expression), unknown=SCHEDULE_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [FREE_INVOCATIONS, STALE]
    (comp,) = res["after"]["components"]
    assert comp["monthly_quantity"] == pytest.approx(invocations)
    assert comp["unit_price"] == 0.000001
    assert comp["monthly_cost"] == pytest.approx(cost)


def test_cron_schedule_reads_the_usage_file(price):
    address = "aws_scheduler_schedule.sync"
    res = price(address, schedule("cron(0 9 ? * MON-FRI *)"), unknown=SCHEDULE_UNKNOWN)
    assert res["after"]["components"] == [c("Invocations", "invocations", None, 0.000001, None)]

    res = price(address, schedule("cron(0 9 ? * MON-FRI *)"), unknown=SCHEDULE_UNKNOWN,
                usage=_usage(address, monthly_invocations=22))
    assert res["after"]["components"] == [c("Invocations", "invocations", 22, 0.000001,
                                            0.000022)]


def test_disabled_schedule_has_no_invocations(price):
    res = price("aws_scheduler_schedule.sync", schedule("rate(1 minute)", state="DISABLED"),
                unknown=SCHEDULE_UNKNOWN)
    assert "schedule disabled: no invocations" in res["notes"]
    assert res["after"]["components"] == [c("Invocations", "invocations", 0, 0.000001, 0)]


def test_rate_of_zero_is_a_bad_attribute(price):
    res = price("aws_scheduler_schedule.sync", schedule("rate(0 minutes)"),
                unknown=SCHEDULE_UNKNOWN)
    assert res["status"] == "partial"
    assert res["notes"][-1] == ("not fully priced: schedule_expression is 'rate(0 minutes)', "
                                "expected a rate of at least 1")


@pytest.mark.parametrize(("size_kb", "billed", "cost"), [
    (None, 1_000_000, 0.4), (10, 1_000_000, 0.4), (100, 2_000_000, 0.8)])
def test_pipe_requests_in_64_kb_chunks(price, size_kb, billed, cost):
    address = "aws_pipes_pipe.orders"
    values = {"monthly_requests": 1_000_000}
    if size_kb is not None:
        values["request_size_kb"] = size_kb
    res = price(address, {"name": "orders", "desired_state": "RUNNING",
                          "source": "arn:aws:sqs:us-east-1:123456789012:in",
                          "target": "arn:aws:sqs:us-east-1:123456789012:out"},
                unknown={"arn": True, "id": True}, usage=_usage(address, **values))

    # pipe_requests [RMWVTEAT29GJMR56]: $0.40 per million
    assert res["after"]["components"] == [c("Requests", "requests", billed, 0.0000004, cost)]


def test_bus_reads_infracost_schema_discovery_and_archive_keys(price):
    address = "aws_cloudwatch_event_bus.orders"
    res = price(address, {"name": "orders", "event_source_name": None},
                unknown={"arn": True, "id": True},
                usage=_usage(address, monthly_custom_events=1_000_000,
                             monthly_schema_discovery_events=10_000_000,
                             archive_storage_gb=100))

    assert res["after"]["components"] == [
        c("Custom events", "events", 1_000_000, 0.000001, 1),
        # events type=schema_discovery [MVXFNWUM8TG65RY8]: $0.10 per million
        c("Schema discovery events", "events", 10_000_000, 0.0000001, 1),
        c("Archived events processed", "GB", None, 0.1, None),
        c("Archive storage", "GB-months", 100, 0.023, 2.3),  # 100 x 0.023
    ]
