"""Amazon MSK: provisioned clusters, serverless clusters and MSK Connect connectors.

Provisioned: broker-hours by broker type x ``number_of_broker_nodes``, plus EBS storage per
GB-month for each broker (standard brokers). Express brokers have no provisioned storage; their
per-GB storage and data-in charges are not in the price data (a note says so). Provisioned
storage throughput is not in the price data either.
Serverless: a cluster-hour, plus partition-hours, storage and data in/out (usage).
MSK Connect: MCU-hours = workers x MCUs per worker (autoscaled connectors priced at their
minimum worker count, with a note).

Usage keys (cost-gate's; Infracost defines none for MSK): serverless ``partitions``,
``storage_gb``, ``monthly_data_in_gb``, ``monthly_data_out_gb``; connectors ``workers``.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    UsageKey,
    hourly,
    monthly,
    usage,
)

SERVERLESS_USAGE = (
    UsageKey("partitions", "partitions", "average partitions over the month"),
    UsageKey("storage_gb", "GB", "average data stored"),
    UsageKey("monthly_data_in_gb", "GB", "data produced to the cluster per month"),
    UsageKey("monthly_data_out_gb", "GB", "data consumed from the cluster per month"),
)
CONNECT_USAGE = (UsageKey("workers", "workers",
                          "average workers of an autoscaled connector", kind="setting"),)


def _broker_type(instance_type: str) -> str:
    """``kafka.m5.large`` -> ``m5.large`` (the price data's name); Express stays as is."""
    return instance_type.removeprefix("kafka.")


@register("aws_msk_cluster")
def aws_msk_cluster(r: Resource) -> list[Component]:
    group = "broker_node_group_info.0"
    instance_type = r.string(f"{group}.instance_type", required=True)
    brokers = r.number("number_of_broker_nodes", required=True, integer=True, minimum=1)
    broker_type = _broker_type(instance_type)
    comps = [hourly(f"Brokers ({broker_type})",
                    PriceRef("msk", "broker_hours", {"instance_type": broker_type}), brokers)]
    if broker_type.startswith("express."):
        r.note("Express brokers: storage (per GB-month) and data in (per GB) are usage-based and "
               "not in the price data")
        return comps
    storage = f"{group}.storage_info.0.ebs_storage_info.0"
    if r.is_unknown(f"{group}.storage_info") or r.get(f"{storage}.volume_size") is None:
        raise MissingAttribute("broker_node_group_info.storage_info.ebs_storage_info.volume_size",
                               "known only after apply" if r.is_unknown(
                                   f"{group}.storage_info") else "not set")
    size = r.number(f"{storage}.volume_size", required=True, minimum=1)
    comps.append(monthly(f"Broker storage ({size} GB x {brokers} brokers)", "GB-months",
                         size * brokers, PriceRef("msk", "storage", {})))
    if r.flag(f"{storage}.provisioned_throughput.0.enabled", unknown_ok=True):
        r.unpriced("provisioned storage throughput")
    return comps


@register("aws_msk_serverless_cluster", usage=SERVERLESS_USAGE)
def aws_msk_serverless_cluster(r: Resource) -> list[Component]:
    return [
        hourly("Cluster", PriceRef("msk", "serverless_cluster_hours", {})),
        usage("Partitions", "partition-hours", PriceRef("msk", "serverless_partition_hours", {}),
              "partitions", per_hour=True),
        usage("Storage", "GB-months", PriceRef("msk", "serverless_storage", {}), "storage_gb"),
        usage("Data in", "GB", PriceRef("msk", "serverless_data_in", {}), "monthly_data_in_gb"),
        usage("Data out", "GB", PriceRef("msk", "serverless_data_out", {}),
              "monthly_data_out_gb"),
    ]


@register("aws_mskconnect_connector", usage=CONNECT_USAGE)
def aws_mskconnect_connector(r: Resource) -> list[Component]:
    ref = PriceRef("msk", "connect_worker_hours", {})
    fixed = "capacity.0.provisioned_capacity.0"
    if r.blocks("capacity") and r.get(f"{fixed}.mcu_count") is not None:
        mcus = r.number(f"{fixed}.mcu_count", required=True, integer=True, minimum=1)
        workers = r.number(f"{fixed}.worker_count", required=True, integer=True, minimum=1)
        return [Component(f"Workers ({workers} x {mcus} MCU)", "MCU-hours",
                          HOURS_PER_MONTH * workers * mcus, ref)]
    scaled = "capacity.0.autoscaling.0"
    mcus = r.number(f"{scaled}.mcu_count", required=True, integer=True, minimum=1)
    average = r.usage.number("workers")
    if average is not None:
        workers = average
    else:
        workers = r.number(f"{scaled}.min_worker_count", required=True, integer=True,
                           minimum=1)
        r.note(f"autoscaled connector priced at its minimum of {workers} workers "
               "(min_worker_count); set workers in a usage file for the average")
    return [Component(f"Workers ({workers} x {mcus} MCU)", "MCU-hours",
                      HOURS_PER_MONTH * Decimal(workers) * mcus, ref)]
