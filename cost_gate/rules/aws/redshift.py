"""Redshift: provisioned clusters (node-hours) and Serverless workgroups (RPU-hours).

A cluster is charged per node-hour by node type x ``number_of_nodes`` (a single-node cluster
has one; a Multi-AZ cluster runs them in two zones and pays both). RA3 nodes also pay Redshift Managed Storage per GB-month, which is not in the price
data (no source has it): with a ``managed_storage_gb`` estimate the charge is shown as
unpriced, never as $0. Concurrency scaling beyond the free daily credits is per node-second.
Serverless is charged per RPU-hour used; ``base_capacity`` (default 128 RPUs) is what a busy
second costs at the least, not a monthly floor: RPU-hours come from the usage file.

Usage keys (Infracost names for clusters): ``managed_storage_gb``,
``excess_concurrency_scaling_secs`` (``backup_storage_gb`` and ``spectrum_data_scanned_tb`` have
no price in the data: not read); workgroups: ``monthly_rpu_hours`` (cost-gate's).
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    Component,
    PriceRef,
    Resource,
    UsageKey,
    hourly,
    usage,
)

DEFAULT_BASE_RPUS = 128
CLUSTER_USAGE = (
    UsageKey("managed_storage_gb", "GB", "RA3 managed storage used"),
    UsageKey("excess_concurrency_scaling_secs", "seconds",
             "concurrency scaling seconds per month beyond the free daily credits"),
)
WORKGROUP_USAGE = (UsageKey("monthly_rpu_hours", "RPU-hours",
                            "RPU-hours used per month (capacity x hours busy)"),)


@register("aws_redshift_cluster", usage=CLUSTER_USAGE)
def aws_redshift_cluster(r: Resource) -> list[Component]:
    node_type = r.string("node_type", required=True)
    cluster_type = None if r.is_unknown("cluster_type") else r.string("cluster_type")
    nodes = Decimal(1) if cluster_type == "single-node" else r.number(
        "number_of_nodes", 1, integer=True, minimum=1)
    label = node_type
    if not r.is_unknown("multi_az") and r.flag("multi_az"):
        nodes *= 2  # a Multi-AZ cluster runs the same nodes in a second zone
        label += ", Multi-AZ: nodes in two zones"
    comps = [hourly(f"Cluster nodes ({label})",
                    PriceRef("redshift", "node_hours", {"node_type": node_type}), nodes)]
    comps.append(usage(f"Concurrency scaling ({node_type}, beyond the free credits)",
                       "node-seconds",
                       PriceRef("redshift", "concurrency_scaling", {"node_type": node_type}),
                       "excess_concurrency_scaling_secs"))
    comps[-1].usage_multiplier = nodes
    if node_type.startswith("ra3.") and r.usage.number("managed_storage_gb") is not None:
        comps.append(usage("Managed storage (RA3)", "GB-months",
                           PriceRef("redshift", "managed_storage", {}), "managed_storage_gb"))
    elif node_type.startswith("ra3."):
        r.note("RA3 managed storage (per GB-month) is not in the price data: not included")
    return comps


@register("aws_redshiftserverless_workgroup", usage=WORKGROUP_USAGE, kind=USAGE_ONLY)
def aws_redshiftserverless_workgroup(r: Resource) -> list[Component]:
    base = None if r.is_unknown("base_capacity") else r.number("base_capacity", integer=True)
    if base is None:
        base = Decimal(DEFAULT_BASE_RPUS)
    r.note(f"Serverless compute is billed per RPU-hour used (at least {base} RPUs, "
           "base_capacity, while queries run); set monthly_rpu_hours in a usage file")
    return [usage("Compute (RPU-hours)", "RPU-hours",
                  PriceRef("redshift", "serverless_rpu_hours", {}), "monthly_rpu_hours")]
