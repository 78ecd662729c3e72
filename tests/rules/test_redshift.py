"""Redshift clusters and Serverless workgroups priced end to end against the shipped table.

Prices: pricing_data/aws/redshift/<region>.csv, from the Redshift pricing-page feed
(awspricewatcher-v0rts-ef21811d, data date 2025-10-27), product and attributes in comments.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-ef21811d"
STALE = "priced from data dated 2025-10-27, older than 12 months"


def feed(name, unit, unit_price, quantity=None, monthly_cost=None, usage_based=False):
    return component(name, unit, quantity=quantity, unit_price=unit_price,
                     monthly_cost=monthly_cost, source=FEED, data_date="2025-10-27",
                     usage_based=usage_based)


def usage_of(address: str, **values: float) -> Usage:
    return Usage(by_address={address: {k: Decimal(str(v)) for k, v in values.items()}})


def cluster(node_type: str, nodes: int, **extra) -> dict:
    """aws_redshift_cluster `after` as `terraform show -json` prints it for a create."""
    return {"cluster_identifier": "dw", "node_type": node_type, "number_of_nodes": nodes,
            "master_username": "dw", "encrypted": True, "publicly_accessible": False,
            "automated_snapshot_retention_period": 1, "skip_final_snapshot": False, **extra}


def test_ra3_cluster_nodes_and_concurrency_scaling(price):
    res = price("aws_redshift_cluster.dw", cluster("ra3.4xlarge", 2),
                unknown={"cluster_type": True, "arn": True},
                usage=usage_of("aws_redshift_cluster.dw", excess_concurrency_scaling_secs=3600))

    assert res["status"] == "priced"
    assert res["notes"] == [
        "RA3 managed storage (per GB-month) is not in the price data: not included", STALE]
    assert res["after"] == {"monthly_cost": 4766.08, "components": [
        # node_hours node_type=ra3.4xlarge [ZYZ6HF4BA4HB6RED]: 2 nodes x 730 h
        feed("Cluster nodes (ra3.4xlarge)", "hours", 3.26, 1460, 4759.6),
        # concurrency_scaling node_type=ra3.4xlarge [BK6TQVFUSYNYZ4W2]: 3600 s x 2 nodes
        feed("Concurrency scaling (ra3.4xlarge, beyond the free credits)", "node-seconds",
             0.0009, 7200, 6.48, usage_based=True),
    ]}


def test_ra3_managed_storage_estimate_without_a_price_is_partial_not_zero(price):
    res = price("aws_redshift_cluster.dw", cluster("ra3.xlplus", 2),
                usage=usage_of("aws_redshift_cluster.dw", managed_storage_gb=1000))

    # an estimated charge with no price: its cost is unknown, so is the resource's delta
    assert res["status"] == "partial"
    assert res["monthly_delta"] is None
    assert "no price in the data for: Managed storage (RA3) in us-east-1" in res["notes"]
    assert [c["name"] for c in res["after"]["components"]] == [
        "Cluster nodes (ra3.xlplus)", "Concurrency scaling (ra3.xlplus, beyond the free credits)"]


def test_single_node_dc2_cluster_in_eu_west_1(price):
    res = price("aws_redshift_cluster.dw", cluster("dc2.large", 1, cluster_type="single-node"),
                region="eu-west-1")

    assert res["notes"] == [STALE]
    # redshift/eu-west-1.csv node_hours node_type=dc2.large
    assert res["after"]["components"][0] == feed("Cluster nodes (dc2.large)", "hours", 0.3, 730,
                                                 219)


def test_serverless_workgroup_rpu_hours_from_the_usage_file(price):
    res = price("aws_redshiftserverless_workgroup.w",
                {"namespace_name": "analytics", "workgroup_name": "w", "base_capacity": 32},
                unknown={"arn": True, "endpoint": True},
                usage=usage_of("aws_redshiftserverless_workgroup.w", monthly_rpu_hours=1000))

    assert res["status"] == "priced"
    assert res["notes"] == [
        "Serverless compute is billed per RPU-hour used (at least 32 RPUs, base_capacity, while "
        "queries run); set monthly_rpu_hours in a usage file", STALE]
    # serverless_rpu_hours [E5AB8HE46XNNWE2Z]
    assert res["after"] == {"monthly_cost": 375, "components": [
        feed("Compute (RPU-hours)", "RPU-hours", 0.375, 1000, 375, usage_based=True)]}


def test_serverless_workgroup_default_base_capacity(price):
    res = price("aws_redshiftserverless_workgroup.w",
                {"namespace_name": "analytics", "workgroup_name": "w"},
                unknown={"base_capacity": True})
    assert "at least 128 RPUs" in res["notes"][0]
    assert res["after"]["components"][0]["monthly_quantity"] is None


def test_multi_az_cluster_pays_nodes_in_both_zones(price):
    res = price("aws_redshift_cluster.dw", cluster("ra3.xlplus", 2, multi_az=True))
    # node_hours node_type=ra3.xlplus [YVF6CSKM7D9MR6YP]: 2 nodes x 2 zones x 730 h
    assert res["after"]["components"][0] == feed(
        "Cluster nodes (ra3.xlplus, Multi-AZ: nodes in two zones)", "hours", 1.086, 2920,
        3171.12)
