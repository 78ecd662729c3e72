"""DynamoDB tables, replicas and legacy global tables priced end to end against the shipped
price table.

Every price here is from the DynamoDB pricing-page feed (awspricewatcher-v0rts-120eb93b, data
date 2025-08-28): pricing_data/aws/dynamodb/<region>.csv, product and attributes in the comment.
That date is more than 12 months before the tests' "today", so each priced table carries the
staleness note.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component, make_change

FEED = "awspricewatcher-v0rts-120eb93b"
STALE = "priced from data dated 2025-08-28, older than 12 months"
AUTOSCALING = ("provisioned capacity priced as configured: auto scaling "
               "(aws_appautoscaling_target) may change it")


def feed(name: str, unit: str, unit_price: float, quantity=None, monthly_cost=None,
         usage_based: bool = False) -> dict[str, Any]:
    return component(name, unit, quantity=quantity, unit_price=unit_price,
                     monthly_cost=monthly_cost, source=FEED, data_date="2025-08-28",
                     usage_based=usage_based)


def usage_of(address: str, **values: Any) -> Usage:
    return Usage(by_address={address: {k: v if isinstance(v, str) else Decimal(str(v))
                                       for k, v in values.items()}})


def table(**extra: Any) -> dict[str, Any]:
    """aws_dynamodb_table `after` as `terraform show -json` prints it for a create."""
    return {
        "name": "orders", "billing_mode": "PROVISIONED", "hash_key": "id", "range_key": None,
        "read_capacity": 20, "write_capacity": 10, "table_class": "STANDARD",
        "attribute": [{"name": "id", "type": "S"}, {"name": "customer", "type": "S"}],
        "global_secondary_index": [{"name": "by-customer", "hash_key": "customer",
                                    "projection_type": "ALL", "read_capacity": 5,
                                    "write_capacity": 5, "non_key_attributes": [],
                                    "range_key": ""}],
        "point_in_time_recovery": [{"enabled": True}], "stream_enabled": True,
        "stream_view_type": "NEW_IMAGE", "replica": [], "deletion_protection_enabled": False,
        **extra,
    }


UNKNOWN = {"arn": True, "id": True, "stream_arn": True, "stream_label": True,
           "server_side_encryption": True, "ttl": True}
# usage-based charges every table carries (us-east-1, table class Standard)
USAGE_TAIL = [
    feed("Point-in-time recovery (continuous backups)", "GB-months", 0.2, usage_based=True),
    feed("On-demand backups", "GB-months", 0.1, usage_based=True),  # backup_storage
    feed("Restores from backups", "GB", 0.15, usage_based=True),  # restore
    feed("Streams read requests", "requests", 0.0000002, usage_based=True),
]


def test_provisioned_table_pays_table_and_index_capacity(price):
    res = price("aws_dynamodb_table.orders", table(), unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [AUTOSCALING, STALE]
    assert res["after"] == {"monthly_cost": 9.49, "components": [
        # provisioned_rcu table_class=standard: (20 + 5 GSI) RCU x 730 h
        feed("Read capacity (25 RCU)", "RCU-hours", 0.00013, 18250, 2.3725),
        # provisioned_wcu table_class=standard: (10 + 5 GSI) WCU x 730 h
        feed("Write capacity (15 WCU)", "WCU-hours", 0.00065, 10950, 7.1175),
        feed("Data storage", "GB-months", 0.25, usage_based=True),  # storage standard
        *USAGE_TAIL,
    ]}


def test_replica_region_pays_read_capacity_and_replicated_writes_at_its_rates(price):
    res = price("aws_dynamodb_table.orders",
                table(replica=[{"region_name": "eu-west-1", "point_in_time_recovery": False,
                                "propagate_tags": False}]),
                unknown=UNKNOWN)

    assert res["status"] == "priced"
    components = res["after"]["components"]
    assert components[2:4] == [
        # dynamodb/eu-west-1.csv provisioned_rcu standard: 25 RCU x 730 h
        feed("Replica read capacity (eu-west-1, 25 RCU)", "RCU-hours", 0.000147, 18250,
             2.68275),
        # dynamodb/eu-west-1.csv provisioned_replicated_wcu standard: 15 rWCU x 730 h
        feed("Replicated write capacity (eu-west-1, 15 rWCU)", "rWCU-hours", 0.000735, 10950,
             8.04825),
    ]
    assert components[5] == feed("Replica data storage (eu-west-1)", "GB-months", 0.283,
                                 usage_based=True)  # dynamodb/eu-west-1.csv storage standard
    assert res["after"]["monthly_cost"] == 20.221  # 9.49 + 2.68275 + 8.04825


def test_standard_ia_table_class_has_its_own_rates(price):
    res = price("aws_dynamodb_table.orders", table(table_class="STANDARD_INFREQUENT_ACCESS"),
                unknown=UNKNOWN)

    assert res["after"]["components"][:3] == [
        feed("Read capacity (25 RCU, Standard-IA)", "RCU-hours", 0.00016, 18250, 2.92),
        feed("Write capacity (15 WCU, Standard-IA)", "WCU-hours", 0.00081, 10950, 8.8695),
        feed("Data storage, Standard-IA", "GB-months", 0.1, usage_based=True),
    ]


def test_on_demand_table_with_a_replica_from_the_usage_file(price):
    attrs = table(billing_mode="PAY_PER_REQUEST", read_capacity=None, write_capacity=None,
                  global_secondary_index=[], stream_enabled=False,
                  replica=[{"region_name": "us-west-2"}])
    res = price("aws_dynamodb_table.sessions", attrs, unknown=UNKNOWN,
                usage=usage_of("aws_dynamodb_table.sessions",
                               monthly_read_request_units=10_000_000,
                               monthly_write_request_units=2_000_000, storage_gb=50,
                               pitr_backup_storage_gb=50))

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    assert res["after"] == {"monthly_cost": 38.75, "components": [
        feed("Read request units (on-demand)", "RRUs", 0.000000125, 10_000_000, 1.25, True),
        feed("Write request units (on-demand)", "WRUs", 0.000000625, 2_000_000, 1.25, True),
        # dynamodb/us-west-2.csv replicated_write_request_units standard
        feed("Replicated write request units (us-west-2)", "rWRUs", 0.000000625, 2_000_000,
             1.25, True),
        feed("Data storage", "GB-months", 0.25, 50, 12.5, True),
        feed("Replica data storage (us-west-2)", "GB-months", 0.25, 50, 12.5, True),
        feed("Point-in-time recovery (continuous backups)", "GB-months", 0.2, 50, 10, True),
        feed("On-demand backups", "GB-months", 0.1, usage_based=True),
        feed("Restores from backups", "GB", 0.15, usage_based=True),
    ]}


def test_reserved_capacity_rate_plus_its_upfront_fee_spread_over_the_term(price):
    res = price("aws_dynamodb_table.orders", table(), unknown=UNKNOWN,
                usage=usage_of("aws_dynamodb_table.orders", reserved_capacity_term="1_year"))

    assert res["after"]["components"][:4] == [
        # provisioned_rcu table_class=standard;term=reserved-1y
        feed("Read capacity (25 RCU) (reserved 1 year)", "RCU-hours", 0.000025, 18250,
             0.45625),
        # reserved_capacity_upfront capacity=read;term=reserved-1y: $0.30 per RCU / 12 months
        feed("Reserved capacity upfront (read, 1 year, spread over 12 months)", "RCUs", 0.3,
             25 / 12, 0.625),
        feed("Write capacity (15 WCU) (reserved 1 year)", "WCU-hours", 0.000128, 10950,
             1.4016),
        feed("Reserved capacity upfront (write, 1 year, spread over 12 months)", "WCUs", 1.5,
             1.25, 1.875),  # 15 WCU / 12 x $1.50
    ]


def test_missing_provisioned_capacity_is_partial(price):
    res = price("aws_dynamodb_table.orders", table(read_capacity=None), unknown=UNKNOWN)
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: read_capacity is not set"]


def test_unknown_table_class_is_a_bad_attribute(price):
    res = price("aws_dynamodb_table.orders", table(table_class="GLACIER"), unknown=UNKNOWN)
    assert res["status"] == "partial"
    assert "table_class" in res["notes"][0]


def test_billing_mode_outside_its_values_is_a_bad_attribute(price):
    res = price("aws_dynamodb_table.orders", table(billing_mode=0), unknown=UNKNOWN)
    assert res["status"] == "partial"
    assert len(res["notes"]) == 1 and "billing_mode" in res["notes"][0]


def test_billing_mode_known_only_after_apply_leaves_the_price_unknown(price):
    res = price("aws_dynamodb_table.orders", table(billing_mode=None),
                unknown={**UNKNOWN, "billing_mode": True})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: billing_mode is known only after apply"]


def test_table_replica_resource_prices_in_its_own_region(price_changes):
    resources = {r["address"]: r for r in price_changes(
        make_change("aws_dynamodb_table.orders", table(), unknown=UNKNOWN),
        make_change("aws_dynamodb_table_replica.orders", {"point_in_time_recovery": False},
                    unknown={"arn": True, "global_table_arn": True}, region="eu-west-1",
                    references={"global_table_arn": ["aws_dynamodb_table.orders.arn",
                                                     "aws_dynamodb_table.orders"]}))}

    assert resources["aws_dynamodb_table_replica.orders"]["after"] == {
        "monthly_cost": 10.731, "components": [
            feed("Replica read capacity (25 RCU)", "RCU-hours", 0.000147, 18250, 2.68275),
            feed("Replicated write capacity (15 rWCU)", "rWCU-hours", 0.000735, 10950,
                 8.04825),
            feed("Replica data storage", "GB-months", 0.283, usage_based=True),
        ]}


def test_table_replica_of_a_table_outside_the_plan_is_partial(price):
    res = price("aws_dynamodb_table_replica.orders", {"point_in_time_recovery": False},
                unknown={"global_table_arn": True})
    assert res["status"] == "partial"


@pytest.mark.parametrize(("region", "unit_price"), [("us-east-1", 0.000000625),
                                                    ("eu-west-1", 0.000000705)])
def test_legacy_global_table_replicated_writes_per_region(price, region, unit_price):
    res = price("aws_dynamodb_global_table.orders",
                {"name": "orders", "replica": [{"region_name": "us-east-1"},
                                               {"region_name": "eu-west-1"}]},
                unknown={"arn": True})

    assert res["status"] == "priced"
    (comp,) = [c for c in res["after"]["components"] if region in c["name"]]
    assert comp == feed(f"Replicated write request units ({region})", "rWRUs", unit_price,
                        usage_based=True)


def test_kinesis_streaming_destination_bills_change_data_capture_units(price):
    attrs = {"table_name": "orders", "stream_arn": "arn:aws:kinesis:us-east-1:1:stream/orders",
             "approximate_creation_date_time_precision": "MILLISECOND"}
    address = "aws_dynamodb_kinesis_streaming_destination.orders"
    res = price(address, attrs, unknown={"id": True})

    assert res["status"] == "priced"
    # dynamodb/us-east-1.csv kinesis_cdc_units [AKFBEQDKQJE2TU7K]: $0.10 per million
    assert res["after"]["components"] == [
        feed("Change data capture units (Kinesis Data Streams)", "CDC units", 0.0000001,
             usage_based=True)]

    res = price(address, attrs, usage=usage_of(address,
                                               monthly_change_data_capture_units=50_000_000))
    assert res["after"]["monthly_cost"] == 5  # 50M x 0.0000001


# cloudwatch/us-east-1.csv dynamodb_contributor_insights_rules 0.5 [CKEZWS3MG2W3A73X],
# dynamodb_contributor_insights_events 0.00000003 [V24XT4CE967XYMJS]
@pytest.mark.parametrize(("table_extra", "index_name", "rules"), [
    ({}, None, 2),  # hash key only: most accessed / most throttled partition keys
    ({"range_key": "created_at"}, None, 4),  # + partition and sort key
    ({}, "by-customer", 2),  # the GSI has no sort key
])
def test_contributor_insights_rules_by_sort_key(price, table_extra, index_name, rules):
    attrs = {"table_name": "orders", "index_name": index_name}
    res = price("aws_dynamodb_contributor_insights.orders", attrs, unknown={"id": True},
                references={"table_name": ["aws_dynamodb_table.orders"]},
                others={"aws_dynamodb_table.orders": table(**table_extra)})

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        component(f"Contributor Insights rules ({rules})", "rule-months", quantity=rules,
                  unit_price=0.5, monthly_cost=rules * 0.5,
                  source="awspricewatcher-v0rts-ac88588f", data_date="2025-12-03"),
        component("Contributor Insights events", "events", quantity=None,
                  unit_price=0.00000003, monthly_cost=None,
                  source="awspricewatcher-v0rts-ac88588f", data_date="2025-12-03",
                  usage_based=True)]


def test_contributor_insights_of_a_table_outside_the_plan_is_partial(price):
    res = price("aws_dynamodb_contributor_insights.orders", {"table_name": "orders"})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: table_name is a table outside this plan (its sort "
                            "key decides whether DynamoDB creates 2 or 4 rules)"]
