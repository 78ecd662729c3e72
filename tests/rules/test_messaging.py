"""SNS topics and subscriptions, Kinesis streams and consumers, ECR repositories and Step
Functions state machines, priced end to end against the shipped price table.

Unit prices: pricing_data/aws/<service>/<region>.csv (source and sku noted).
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component

SNS_FEED = "awspricewatcher-v0rts-bdf667bd"  # SNS and Step Functions feeds, 2025-08-28
SNS_DATE = "2025-08-28"
STALE = "priced from data dated 2025-08-28, older than 12 months"
KINESIS_FEED = "awspricewatcher-v0rts-3000b0a3"
KINESIS_DATE = "2025-11-18"
KINESIS_STALE = "priced from data dated 2025-11-18, older than 12 months"


def _usage(address: str, **values) -> Usage:
    return Usage(by_address={address: {k: Decimal(str(v)) for k, v in values.items()}})


def sns(name, unit, quantity, unit_price, cost):
    return component(name, unit, quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=SNS_FEED, data_date=SNS_DATE, usage_based=True)


def kinesis(name, unit, quantity, unit_price, cost, usage_based=False):
    return component(name, unit, quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=KINESIS_FEED, data_date=KINESIS_DATE, usage_based=usage_based)


# --- SNS --------------------------------------------------------------------------------------

TOPIC_UNKNOWN = {"arn": True, "id": True, "owner": True, "policy": True, "tags_all": True}


def topic(**overrides) -> dict:
    return {"name": "orders", "fifo_topic": False, "content_based_deduplication": False,
            "display_name": None, "kms_master_key_id": None, "tags": None, **overrides}


def test_standard_topic(price):
    address = "aws_sns_topic.orders"
    res = price(address, topic(), unknown=TOPIC_UNKNOWN)
    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    # sns requests topic_type=standard [QDX8G2WMY9NPXXPG]: $0.50 per million
    assert res["after"]["components"] == [sns("API requests (standard topic)", "requests", None,
                                              0.0000005, None)]

    res = price(address, topic(), unknown=TOPIC_UNKNOWN,
                usage=_usage(address, monthly_requests=4_000_000, request_size_kb=100))
    # 100 KB = two 64 KB chunks: 8,000,000 billed requests x 0.0000005
    assert res["after"]["components"] == [sns("API requests (standard topic)", "requests",
                                              8_000_000, 0.0000005, 4)]


def test_fifo_topic_pays_for_payload(price):
    address = "aws_sns_topic.orders"
    res = price(address, topic(name="orders.fifo", fifo_topic=True), unknown=TOPIC_UNKNOWN,
                usage=_usage(address, monthly_requests=1_048_576, request_size_kb=10))

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 0.4845728,  # 0.3145728 + 0.17
        "components": [
            # requests topic_type=fifo [GXS664ADCBPVT6BA]; 1,048,576 x 0.0000003
            sns("API requests (FIFO topic)", "requests", 1_048_576, 0.0000003, 0.3145728),
            # fifo_publish_payload [3J8ZAUG4DBP38TK5]; 1,048,576 x 10 KB = 10 GB x 0.017
            sns("Payload published (FIFO)", "GB", 10, 0.017, 0.17),
        ],
    }


SUB_UNKNOWN = {"arn": True, "id": True, "owner_id": True, "pending_confirmation": True}


def subscription(protocol: str, topic_arn: str | None = None) -> dict:
    return {"protocol": protocol, "endpoint": "x", "topic_arn": topic_arn,
            "raw_message_delivery": False, "confirmation_timeout_in_minutes": 1}


@pytest.mark.parametrize(("protocol", "label", "unit_price", "cost"), [
    ("https", "HTTP/S", 0.0000006, 1.2),  # deliveries endpoint=http [5N4XS8YGXD4JGDTN]
    ("email", "email", 0.00002, 40),  # endpoint=email [BZ4UZ2ERDQACBPJ4]
    ("sqs", "SQS", 0, 0),  # endpoint=sqs [RN6V7ZMAAKU36Y77]: no charge
    ("lambda", "Lambda", 0, 0),  # endpoint=lambda [CT2KS3UK2VVZNU7J]: no charge
    ("firehose", "Firehose", 0.00000019, 0.38),  # endpoint=firehose [TZEC9JEDUHUR523U]
    ("application", "mobile push", 0.0000005, 1),  # endpoint=mobile_push [CPC8KYP9QDG68MUP]
])
def test_subscription_deliveries_by_protocol(price, protocol, label, unit_price, cost):
    address = "aws_sns_topic_subscription.sub"
    res = price(address, subscription(protocol, "arn:aws:sns:us-east-1:123456789012:orders"),
                unknown=SUB_UNKNOWN, usage=_usage(address, monthly_requests=2_000_000))

    assert res["status"] == "priced"
    # 2,000,000 deliveries x the protocol's price
    assert res["after"]["components"] == [sns(f"Deliveries ({label})", "notifications",
                                              2_000_000, unit_price, cost)]


def test_subscription_to_a_fifo_topic_in_the_plan(price):
    address = "aws_sns_topic_subscription.sub"
    res = price(address, subscription("sqs"), unknown={**SUB_UNKNOWN, "topic_arn": True},
                references={"topic_arn": ["aws_sns_topic.orders"]},
                others={"aws_sns_topic.orders": topic(name="orders.fifo", fifo_topic=True)},
                usage=_usage(address, monthly_requests=1_000_000, request_size_kb=1))

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        # fifo_deliveries [B2HVK8TAS4H8RJ8U]: $0.01 per million
        sns("Deliveries (FIFO topic)", "notifications", 1_000_000, 0.00000001, 0.01),
        # fifo_delivery_payload [EPBYSB65V2JYSVAY]; 1,000,000 x 1 KB / 1,048,576 KB per GB
        sns("Payload delivered (FIFO topic)", "GB", 0.95367431640625, 0.001,
            0.00095367431640625),
    ]


def test_sms_subscription_is_unsupported(price):
    res = price("aws_sns_topic_subscription.sms", subscription("sms"), unknown=SUB_UNKNOWN)
    assert res["status"] == "unsupported"
    assert res["notes"] == ["SMS deliveries are priced per destination country; no SMS prices "
                            "in the data"]


# --- Kinesis ----------------------------------------------------------------------------------

STREAM_UNKNOWN = {"arn": True, "id": True, "stream_mode_details": True, "tags_all": True}


def stream(**overrides) -> dict:
    return {"encryption_type": "NONE", "enforce_consumer_deletion": False, "kms_key_id": None,
            "name": "clicks", "retention_period": 24, "shard_count": 4,
            "shard_level_metrics": None, "tags": None, **overrides}


def test_provisioned_stream(price):
    res = price("aws_kinesis_stream.clicks", stream(), unknown=STREAM_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == ["stream_mode_details.0.stream_mode not in the plan; assumed the "
                            "default PROVISIONED", KINESIS_STALE]
    assert res["after"] == {
        "monthly_cost": 43.8,
        "components": [
            # shard_hours [7RXVY4V5SG8NQC38]; 4 shards x 730 h x 0.015
            kinesis("Shards", "shard-hours", 2920, 0.015, 43.8),
            # put_payload_units [MAFXKQJ2YAQM6UDY]: $0.014 per million
            kinesis("PUT payload units", "PUT payload units", None, 0.000000014, None, True),
            # efo_data_retrieved mode=provisioned [4V6WBV2SGNWG4M9M]
            kinesis("Enhanced fan-out data read", "GB", None, 0.013, None, True),
        ],
    }


def test_provisioned_stream_with_long_retention_and_usage(price):
    address = "aws_kinesis_stream.clicks"
    res = price(address, stream(shard_count=2, retention_period=720,
                                stream_mode_details=[{"stream_mode": "PROVISIONED"}]),
                unknown={**STREAM_UNKNOWN, "stream_mode_details": [{}]},
                usage=_usage(address, monthly_provisioned_put_units=100_000_000,
                             monthly_provisioned_long_term_retention_gb=500))

    assert res["status"] == "priced"
    assert res["notes"] == [KINESIS_STALE]
    assert [(x["name"], x["monthly_quantity"], x["unit_price"], x["monthly_cost"])
            for x in res["after"]["components"]] == [
        ("Shards", 1460, 0.015, 21.9),  # 2 x 730 x 0.015
        ("PUT payload units", 100_000_000, 0.000000014, 1.4),  # 100M x 0.014 / 1M
        # extended_retention_shard_hours [9DT967X6YQX3AYMB]; 2 x 730 x 0.02
        ("Extended retention (up to 7 days)", 1460, 0.02, 29.2),
        # long_term_retention mode=provisioned [ECQFCZZ6DTWE83YB]; 500 x 0.023
        ("Long-term retention", 500, 0.023, 11.5),
        ("Long-term retention data read", None, 0.021, None),  # long_term_retrieval
        ("Enhanced fan-out data read", None, 0.013, None),
    ]
    assert res["monthly_delta"] == 64


def test_on_demand_stream(price):
    address = "aws_kinesis_stream.events"
    res = price(address, stream(shard_count=None, retention_period=48,
                                stream_mode_details=[{"stream_mode": "ON_DEMAND"}]),
                unknown={**STREAM_UNKNOWN, "stream_mode_details": [{}]},
                usage=_usage(address, monthly_on_demand_data_in_gb=1000,
                             monthly_on_demand_data_out_gb=2000))

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 189.2,  # 29.2 + 80 + 80
        "components": [
            # on_demand_stream_hours [S69RFKAH58MYJ6TF]; 730 x 0.04
            kinesis("Stream hours (on-demand)", "hours", 730, 0.04, 29.2),
            kinesis("Data written", "GB", 1000, 0.08, 80, True),  # [826E7FJQWVKN3CBH]
            kinesis("Data read", "GB", 2000, 0.04, 80, True),  # [PNHYMNK9TM59MTU8]
            # efo_data_retrieved mode=on_demand [5KE89N55PB48GC9E]
            kinesis("Enhanced fan-out data read", "GB", None, 0.05, None, True),
            # on_demand_extended_retention [59DG9NNVUBGN3C5M]
            kinesis("Extended retention (up to 7 days)", "GB-months", None, 0.1, None, True),
        ],
    }


def test_provisioned_stream_shard_count_unknown_is_partial(price):
    res = price("aws_kinesis_stream.clicks", stream(shard_count=None),
                unknown={**STREAM_UNKNOWN, "shard_count": True})
    assert res["status"] == "partial"
    assert res["notes"][-1] == "not fully priced: shard_count is known only after apply"


def test_consumer_pays_per_shard_of_its_stream(price):
    res = price("aws_kinesis_stream_consumer.app", {"name": "app"},
                unknown={"arn": True, "id": True, "stream_arn": True},
                references={"stream_arn": ["aws_kinesis_stream.clicks"]},
                others={"aws_kinesis_stream.clicks": stream(shard_count=3)})

    assert res["status"] == "priced"
    # efo_consumer_shard_hours [QFHADPJ42UJZ4EUK]; 3 shards x 730 h x 0.015
    assert res["after"] == {"monthly_cost": 32.85, "components": [
        kinesis("Enhanced fan-out consumer", "consumer-shard-hours", 2190, 0.015, 32.85)]}


def test_consumer_of_an_on_demand_stream_has_no_charge_of_its_own(price):
    res = price("aws_kinesis_stream_consumer.app", {"name": "app"},
                unknown={"arn": True, "id": True, "stream_arn": True},
                references={"stream_arn": ["aws_kinesis_stream.events"]},
                others={"aws_kinesis_stream.events": stream(
                    shard_count=None, stream_mode_details=[{"stream_mode": "ON_DEMAND"}])})
    assert res["status"] == "free"  # NoCharge: free as configured, with the reason
    assert res["notes"] == ["on-demand stream: enhanced fan-out is billed per GB read, on the "
                            "stream"]  # no price used: no data-date note
    assert res["after"] == {"monthly_cost": 0, "components": []}


def test_consumer_of_a_stream_outside_the_plan_is_partial(price):
    res = price("aws_kinesis_stream_consumer.app",
                {"name": "app", "stream_arn": "arn:aws:kinesis:us-east-1:1:stream/x"},
                unknown={"arn": True, "id": True})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: stream_arn is a stream not in this plan (its "
                            "shard count prices the consumer)"]


# --- ECR --------------------------------------------------------------------------------------

def test_ecr_repository(price):
    address = "aws_ecr_repository.api"
    attrs = {"name": "api", "image_tag_mutability": "MUTABLE", "force_delete": None,
             "encryption_configuration": [], "image_scanning_configuration": []}
    res = price(address, attrs, unknown={"arn": True, "id": True, "repository_url": True},
                usage=_usage(address, storage_gb=75))

    assert res["status"] == "priced"
    # ecr/us-east-1.csv storage [awspricewatcher-v0rts-a72b022a, KJC988R4J65BDMTQ]; 75 x 0.10
    assert res["after"] == {"monthly_cost": 7.5, "components": [component(
        "Storage", "GB-months", quantity=75, unit_price=0.1, monthly_cost=7.5,
        source="awspricewatcher-v0rts-a72b022a", data_date="2025-11-21", usage_based=True)]}


# --- Step Functions ---------------------------------------------------------------------------

SFN_UNKNOWN = {"arn": True, "definition": True, "id": True, "status": True}


def machine(workflow: str) -> dict:
    return {"name": "orders", "publish": False, "role_arn": "arn:aws:iam::1:role/sfn",
            "tags": None, "type": workflow}


def test_standard_state_machine(price):
    address = "aws_sfn_state_machine.orders"
    res = price(address, machine("STANDARD"), unknown=SFN_UNKNOWN,
                usage=_usage(address, monthly_transitions=1_000_000))

    assert res["status"] == "priced"
    # sfn state_transitions [5NX6NBD43SV57CH3]: $0.025 per 1,000; 1,000,000 x 0.000025
    assert res["after"]["components"] == [sns("State transitions", "transitions", 1_000_000,
                                              0.000025, 25)]


def test_express_state_machine_without_usage(price):
    res = price("aws_sfn_state_machine.orders", machine("EXPRESS"), unknown=SFN_UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        sns("Requests (Express)", "requests", None, 0.000001, None),  # [AJJXM66BP92T8UX4]
        # express_duration, first tier [TFDWDW6V2TSZF7M2]
        sns("Duration (Express, 64 MB)", "GB-seconds", None, 0.00001667, None),
    ]


def test_express_duration_rounds_up_to_100_ms_and_64_mb(price):
    address = "aws_sfn_state_machine.orders"
    res = price(address, machine("EXPRESS"), unknown=SFN_UNKNOWN,
                usage=_usage(address, monthly_requests=10_000_000, workflow_duration_ms=250,
                             memory_mb=100))

    # 250 ms -> 300 ms, 100 MB -> 128 MB: 10,000,000 x 0.3 s x 0.125 GB = 375,000 GB-s
    assert res["after"]["components"] == [
        sns("Requests (Express)", "requests", 10_000_000, 0.000001, 10),
        sns("Duration (Express, 128 MB)", "GB-seconds", 375_000, 0.00001667, 6.25125),
    ]


def test_express_duration_across_tiers(price):
    address = "aws_sfn_state_machine.orders"
    res = price(address, machine("EXPRESS"), unknown=SFN_UNKNOWN,
                usage=_usage(address, monthly_requests=100_000_000, workflow_duration_ms=1000,
                             memory_mb=64))
    duration = res["after"]["components"][1]
    # 100,000,000 x 1 s x 0.0625 GB = 6,250,000 GB-s:
    # 3,600,000 x 0.00001667 + 2,650,000 x 0.00000833
    assert duration["monthly_quantity"] == 6_250_000
    assert duration["monthly_cost"] == pytest.approx(60.012 + 22.0745)


def test_topic_deliveries_from_infracost_subscription_keys(price):
    address = "aws_sns_topic.orders"
    res = price(address, topic(), unknown=TOPIC_UNKNOWN,
                usage=_usage(address, monthly_requests=1_000_000, http_subscriptions=3,
                             email_subscriptions=1, sms_subscriptions=2))

    assert res["status"] == "priced"
    assert ("SMS deliveries are priced per destination country; no SMS prices in the data, "
            "not shown") in res["notes"]
    assert res["after"]["components"] == [
        sns("API requests (standard topic)", "requests", 1_000_000, 0.0000005, 0.5),
        # 1,000,000 messages x 3 HTTP/S subscriptions x 0.0000006
        sns("Deliveries (HTTP/S x 3)", "notifications", 3_000_000, 0.0000006, 1.8),
        # 1,000,000 x 1 email subscription x 0.00002
        sns("Deliveries (email x 1)", "notifications", 1_000_000, 0.00002, 20),
    ]


def test_stream_consumers_estimated_on_the_stream(price):
    address = "aws_kinesis_stream.clicks"
    res = price(address, stream(), unknown=STREAM_UNKNOWN,
                usage=_usage(address, monthly_provisioned_efo_consumer_hours=1460))
    efo = [x for x in res["after"]["components"] if x["name"] == "Enhanced fan-out consumers"]
    # efo_consumer_shard_hours [QFHADPJ42UJZ4EUK]; 1460 x 0.015
    assert efo == [kinesis("Enhanced fan-out consumers", "consumer-shard-hours", 1460, 0.015,
                           21.9, True)]


def test_fifo_payload_needs_the_message_size(price):
    address = "aws_sns_topic.orders"
    res = price(address, topic(name="orders.fifo", fifo_topic=True), unknown=TOPIC_UNKNOWN,
                usage=_usage(address, monthly_requests=1000))
    assert "FIFO payload: request_size_kb in the usage file prices it; shown per unit" in \
        res["notes"]
    assert res["after"]["components"][1]["monthly_quantity"] is None


def test_express_duration_needs_requests_and_duration(price):
    address = "aws_sfn_state_machine.orders"
    res = price(address, machine("EXPRESS"), unknown=SFN_UNKNOWN,
                usage=_usage(address, monthly_requests=1000))
    assert ("Express duration needs monthly_requests and workflow_duration_ms in the usage "
            "file; shown per unit") in res["notes"]
    assert res["after"]["components"][1]["monthly_quantity"] is None
