"""MSK clusters, MSK Serverless and MSK Connect priced end to end against the shipped table.

Prices: pricing_data/aws/msk/<region>.csv, from the MSK pricing-page feed
(awspricewatcher-v0rts-391f4a46, data date 2025-11-20), product and attributes in comments.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-391f4a46"
STALE = "priced from data dated 2025-11-20, older than 12 months"


def feed(name, unit, unit_price, quantity=None, monthly_cost=None, usage_based=False):
    return component(name, unit, quantity=quantity, unit_price=unit_price,
                     monthly_cost=monthly_cost, source=FEED, data_date="2025-11-20",
                     usage_based=usage_based)


def usage_of(address: str, **values: float) -> Usage:
    return Usage(by_address={address: {k: Decimal(str(v)) for k, v in values.items()}})


def cluster(instance_type: str, storage: list | None = None) -> dict:
    """aws_msk_cluster `after` as `terraform show -json` prints it for a create."""
    group = {"instance_type": instance_type, "az_distribution": "DEFAULT",
             "client_subnets": ["subnet-a", "subnet-b", "subnet-c"], "security_groups": ["sg"]}
    if storage is not None:
        group["storage_info"] = storage
    return {"cluster_name": "events", "kafka_version": "3.6.0", "number_of_broker_nodes": 3,
            "enhanced_monitoring": "DEFAULT", "broker_node_group_info": [group]}


def test_brokers_and_their_storage(price):
    storage = [{"ebs_storage_info": [{"volume_size": 500, "provisioned_throughput": []}]}]
    res = price("aws_msk_cluster.events", cluster("kafka.m7g.large", storage),
                unknown={"arn": True, "bootstrap_brokers": True})

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    assert res["after"] == {"monthly_cost": 596.76, "components": [
        # broker_hours instance_type=m7g.large [NR4E2TGDUNJZTB8H]: 3 brokers x 730 h
        feed("Brokers (m7g.large)", "hours", 0.204, 2190, 446.76),
        # storage [65XV7TSGW9ZJSRYZ]: 500 GB x 3 brokers
        feed("Broker storage (500 GB x 3 brokers)", "GB-months", 0.1, 1500, 150),
    ]}


def test_provisioned_throughput_is_said_to_be_unpriced(price):
    storage = [{"ebs_storage_info": [{"volume_size": 1000, "provisioned_throughput": [
        {"enabled": True, "volume_throughput": 250}]}]}]
    res = price("aws_msk_cluster.events", cluster("kafka.m5.large", storage))
    assert res["status"] == "partial"  # a fixed charge is missing: the delta is unknown
    assert res["notes"] == ["not fully priced: provisioned storage throughput is not in the "
                            "price data", STALE]
    assert res["after"]["components"]  # the brokers and storage stay priced


def test_express_brokers(price):
    res = price("aws_msk_cluster.events", cluster("express.m7g.large"),
                unknown={"broker_node_group_info": [{"storage_info": True}]})

    assert res["status"] == "priced"
    assert res["notes"] == ["Express brokers: storage (per GB-month) and data in (per GB) are "
                            "usage-based and not in the price data", STALE]
    # broker_hours instance_type=express.m7g.large [PGY7H95GSQZZZ5U3]
    assert res["after"]["components"] == [
        feed("Brokers (express.m7g.large)", "hours", 0.408, 2190, 893.52)]


def test_standard_brokers_with_storage_known_after_apply_are_partial(price):
    res = price("aws_msk_cluster.events", cluster("kafka.m5.large"),
                unknown={"broker_node_group_info": [{"storage_info": True}]})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: broker_node_group_info.storage_info."
                            "ebs_storage_info.volume_size is known only after apply"]


def test_serverless_cluster_hour_and_usage(price):
    res = price("aws_msk_serverless_cluster.events",
                {"cluster_name": "events", "vpc_config": [{"subnet_ids": ["subnet-a"]}]},
                usage=usage_of("aws_msk_serverless_cluster.events", partitions=100,
                               storage_gb=200, monthly_data_in_gb=500,
                               monthly_data_out_gb=1000))

    assert res["after"] == {"monthly_cost": 777, "components": [
        feed("Cluster", "hours", 0.75, 730, 547.5),  # serverless_cluster_hours
        # serverless_partition_hours: 100 partitions x 730 h
        feed("Partitions", "partition-hours", 0.0015, 73000, 109.5, usage_based=True),
        feed("Storage", "GB-months", 0.1, 200, 20, usage_based=True),
        feed("Data in", "GB", 0.1, 500, 50, usage_based=True),
        feed("Data out", "GB", 0.05, 1000, 50, usage_based=True),
    ]}


def test_connect_provisioned_workers(price):
    res = price("aws_mskconnect_connector.sink",
                {"name": "sink", "capacity": [{"autoscaling": [], "provisioned_capacity": [
                    {"mcu_count": 2, "worker_count": 3}]}]})
    # connect_worker_hours [B8J5J3SDVZU9RGKY]: 3 workers x 2 MCU x 730 h
    assert res["after"] == {"monthly_cost": 481.8, "components": [
        feed("Workers (3 x 2 MCU)", "MCU-hours", 0.11, 4380, 481.8)]}


def test_connect_autoscaled_workers_at_the_minimum_or_the_usage_average(price):
    attrs = {"name": "sink", "capacity": [{"provisioned_capacity": [], "autoscaling": [
        {"mcu_count": 1, "min_worker_count": 2, "max_worker_count": 8}]}]}
    at_minimum = price("aws_mskconnect_connector.sink", attrs)
    assert at_minimum["notes"][0] == ("autoscaled connector priced at its minimum of 2 workers "
                                      "(min_worker_count); set workers in a usage file for the "
                                      "average")
    assert at_minimum["after"]["monthly_cost"] == 160.6  # 2 x 1 MCU x 730 h x 0.11

    averaged = price("aws_mskconnect_connector.sink", attrs,
                     usage=usage_of("aws_mskconnect_connector.sink", workers=3.5))
    assert averaged["after"]["components"] == [
        feed("Workers (3.5 x 1 MCU)", "MCU-hours", 0.11, 2555, 281.05)]
