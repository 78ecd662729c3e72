"""aws_eks_cluster and aws_eks_node_group priced end to end against the shipped price table.

Unit prices: read from the pricing_data/aws/<service>/<region>.csv row named in the comment
(product, attributes [source id]). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.conftest import component

EKS_FEED = "awspricewatcher-v0rts-1a6b4b7c"  # AWS pricing-page feed, data_date 2025-09-26
KARPENTER = "karpenter-aws"  # data_date 2026-07-20
EBS_FEED = "janitor-fixtures-prices-5cd12c81"  # AWS Price List extract, data_date 2026-10-06

EKS_CLUSTER = {
    "monthly_cost": 73,
    "components": [
        component(
            "EKS cluster (standard support)", "hours",
            quantity=730,
            unit_price=0.1,  # eks/<region>.csv cluster_hours support=standard [awspricewatcher-...]
            monthly_cost=73,  # 730 * 0.1
            source=EKS_FEED, data_date="2025-09-26",
        ),
    ],
}
NO_CREDIT_PRICE = ("CPU credits (unlimited mode, above baseline): no price in the data for "
                   "us-east-1, not shown")  # t3 node groups run unlimited by default
STALE_EKS = "priced from data dated 2025-09-26, older than 12 months"


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-2"])
def test_eks_cluster_uses_the_regional_price_and_flags_its_age(price, region):
    # The regional feed row (eks/<region>.csv) wins over the region-less statement in
    # eks/global.csv; it is dated 2025-09-26: more than 12 months before "today"
    # (2026-11-26), so the report says so. Kubernetes 1.34 is still in
    # standard support on that date (released 2025-10, 14 months of standard support).
    res = price("aws_eks_cluster.main",
                {"name": "main", "version": "1.34", "enabled_cluster_log_types": None,
                 "vpc_config": [{"endpoint_private_access": True, "endpoint_public_access": False,
                                 "subnet_ids": ["subnet-0123", "subnet-4567"]}],
                 "tags": None},
                unknown={"arn": True, "certificate_authority": True, "endpoint": True,
                         "id": True, "identity": True, "platform_version": True,
                         "status": True, "vpc_config": [{"vpc_id": True}]},
                region=region)

    assert res["status"] == "priced"
    assert res["region"] == region
    assert res["after"] == EKS_CLUSTER
    assert res["notes"] == [STALE_EKS]
    assert res["monthly_delta"] == 73


def node_group(**overrides: Any) -> dict[str, Any]:
    """aws_eks_node_group `after` as `terraform show -json` prints it for a create."""
    return {
        "cluster_name": "main", "node_group_name": "workers",
        "instance_types": ["t3.large"], "capacity_type": "ON_DEMAND", "disk_size": 50,
        "scaling_config": [{"desired_size": 3, "max_size": 5, "min_size": 1}],
        "update_config": [{"max_unavailable": 1, "max_unavailable_percentage": None}],
        "labels": None, "tags": None, "taint": [], "launch_template": [],
        **overrides,
    }


NODE_GROUP_UNKNOWN = {"ami_type": True, "arn": True, "id": True, "node_role_arn": True,
                      "release_version": True, "resources": True, "status": True,
                      "subnet_ids": True, "version": True}

T3_LARGE_X3 = component(
    "Instance usage (Linux/UNIX, on-demand, t3.large)", "hours",
    quantity=2190,  # 3 nodes * 730 hours
    unit_price=0.0832,  # ec2/us-east-1.csv instance t3.large;Linux;Shared [karpenter-aws]
    monthly_cost=182.208,  # 2190 * 0.0832
    source=KARPENTER, data_date="2026-07-20",
)


def test_node_group_of_three_t3_large_with_50_gb_disks(price):
    res = price("aws_eks_node_group.workers", node_group(), unknown=NODE_GROUP_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [NO_CREDIT_PRICE]
    assert res["after"] == {
        "monthly_cost": 197.208,  # 182.208 + 15
        "components": [
            T3_LARGE_X3,
            component(
                "Node disk storage (gp2, 50 GB)", "GB-months",
                quantity=150,  # 3 nodes * 50 GB
                unit_price=0.1,  # ebs/us-east-1.csv storage gp2 [janitor-fixtures-prices-5cd12c81]
                monthly_cost=15,  # 150 * 0.1
                source=EBS_FEED, data_date="2026-10-06",
            ),
        ],
    }


def test_node_group_defaults_t3_medium_and_20_gb_when_the_plan_does_not_say(price):
    attrs = node_group(scaling_config=[{"desired_size": 2, "max_size": 4, "min_size": 1}])
    del attrs["instance_types"], attrs["disk_size"]  # computed, unknown in the plan
    res = price("aws_eks_node_group.workers", attrs,
                unknown={**NODE_GROUP_UNKNOWN, "instance_types": True, "disk_size": True})

    assert res["status"] == "priced"
    assert res["notes"] == ["instance_types not in the plan; assumed EKS's default t3.medium",
                            NO_CREDIT_PRICE]
    assert res["after"] == {
        "monthly_cost": 64.736,  # 60.736 + 4
        "components": [
            component(
                "Instance usage (Linux/UNIX, on-demand, t3.medium)", "hours",
                quantity=1460,  # 2 nodes * 730 hours
                unit_price=0.0416,  # ec2/us-east-1.csv t3.medium;Linux;Shared [karpenter-aws]
                monthly_cost=60.736,  # 1460 * 0.0416
                source=KARPENTER, data_date="2026-07-20",
            ),
            component(
                "Node disk storage (gp2, 20 GB)", "GB-months",
                quantity=40,  # 2 nodes * 20 GB (EKS's default disk size)
                unit_price=0.1,  # ebs/us-east-1.csv storage gp2 [janitor-fixtures-prices-5cd12c81]
                monthly_cost=4,  # 40 * 0.1
                source=EBS_FEED, data_date="2026-10-06",
            ),
        ],
    }


def test_spot_node_group_is_partial_spot_prices_are_not_in_the_data(price):
    res = price("aws_eks_node_group.workers", node_group(capacity_type="SPOT"),
                unknown=NODE_GROUP_UNKNOWN)

    # The node disks are priced; the spot hours find no price (never the on-demand rate).
    assert res["status"] == "partial"
    assert res["notes"] == [
        "SPOT capacity: spot prices change hourly and are not in the price data",
        "no price in the data for: Instance usage (Linux/UNIX, spot, t3.large) in us-east-1"]
    assert [c["name"] for c in res["after"]["components"]] == [
        "Node disk storage (gp2, 50 GB)"]


def test_node_group_with_unknown_desired_size_is_partial(price):
    res = price("aws_eks_node_group.workers",
                node_group(scaling_config=[{"max_size": 5, "min_size": 1}]),
                unknown={**NODE_GROUP_UNKNOWN, "scaling_config": [{"desired_size": True}]})

    assert res["status"] == "partial"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["monthly_delta"] is None
    assert res["notes"] == [
        "not fully priced: scaling_config.0.desired_size is known only after apply"]


def test_node_group_with_a_launch_template_uses_its_type_and_volumes(price):
    template = {
        "name_prefix": "workers-", "image_id": None, "instance_type": "m5.large",
        "block_device_mappings": [{
            "device_name": "/dev/xvda", "no_device": None, "virtual_name": None,
            "ebs": [{"volume_size": 100, "volume_type": "gp3", "iops": 3000,
                     "throughput": 125, "encrypted": "true", "delete_on_termination": "true"}],
        }],
        "tags": None,
    }
    attrs = node_group(scaling_config=[{"desired_size": 2, "max_size": 4, "min_size": 2}],
                       launch_template=[{"version": "$Latest"}])
    del attrs["instance_types"], attrs["disk_size"]
    res = price("aws_eks_node_group.workers", attrs,
                unknown={**NODE_GROUP_UNKNOWN, "instance_types": True, "disk_size": True,
                         "launch_template": [{"id": True, "name": True}]},
                references={"launch_template.id": ["aws_launch_template.workers"]},
                others={"aws_launch_template.workers": template})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 156.16,  # 140.16 + 16
        "components": [
            component(
                "Instance usage (Linux/UNIX, on-demand, m5.large)", "hours",
                quantity=1460,  # 2 nodes * 730 hours
                unit_price=0.096,  # ec2/us-east-1.csv m5.large;Linux;Shared [karpenter-aws]
                monthly_cost=140.16,  # 1460 * 0.096
                source=KARPENTER, data_date="2026-07-20",
            ),
            component(
                "Volume /dev/xvda storage (gp3, 100 GB)", "GB-months",
                quantity=200,  # 2 nodes * 100 GB
                unit_price=0.08,  # ebs/us-east-1.csv storage gp3 [janitor-fixtures-prices-5cd12c81]
                monthly_cost=16,  # 200 * 0.08
                source=EBS_FEED, data_date="2026-10-06",
            ),
        ],
    }


# --- extended support (today = 2026-11-26 in these tests) -------------------------------------

EXTENDED = component(
    "EKS extended support (Kubernetes 1.32)", "hours",
    quantity=730,
    unit_price=0.5,  # eks/us-east-1.csv extended_support_hours [awspricewatcher-v0rts-1a6b4b7c]
    monthly_cost=365,  # 730 * 0.5, on top of the standard 0.10 hour: 0.60 in total
    source=EKS_FEED, data_date="2025-09-26",
)


def cluster(version: str | None, **extra: Any) -> dict[str, Any]:
    attrs = {"name": "main", "vpc_config": [{"subnet_ids": ["subnet-0123"]}], "tags": None,
             **extra}
    if version is not None:
        attrs["version"] = version
    return attrs


def test_version_past_standard_support_pays_extended_support(price):
    # 1.32: end of standard support 2026-03-23, of extended support 2027-03-23
    res = price("aws_eks_cluster.main", cluster("1.32"))

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": 438, "components": [EKS_CLUSTER["components"][0],
                                                                 EXTENDED]}
    assert res["notes"] == [STALE_EKS]


def test_version_past_extended_support_is_noted_and_priced_extended(price):
    res = price("aws_eks_cluster.main", cluster("1.28"))  # extended support ended 2025-11-26

    assert res["after"]["monthly_cost"] == 438  # 73 + 365
    assert res["notes"][0] == ("Kubernetes 1.28 is past the end of extended support: EKS "
                               "upgrades the cluster automatically; priced at extended support "
                               "until then")


def test_standard_upgrade_policy_has_no_extended_charge(price):
    res = price("aws_eks_cluster.main",
                cluster("1.32", upgrade_policy=[{"support_type": "STANDARD"}]))

    assert res["after"] == EKS_CLUSTER
    assert res["notes"][0].startswith("Kubernetes 1.32 is past standard support; upgrade_policy "
                                      "STANDARD")


@pytest.mark.parametrize("version,note", [
    (None, "Kubernetes version not in the plan (EKS picks its default, in standard support); "
           "priced at standard support"),
    ("1.35", "Kubernetes 1.35: end of standard support not in cost-gate's EKS calendar; "
             "priced at standard support"),
])
def test_unknown_or_uncalendared_version_is_priced_at_standard_support(price, version, note):
    res = price("aws_eks_cluster.main", cluster(version),
                unknown={"version": True} if version is None else None)

    assert res["after"] == EKS_CLUSTER
    assert res["notes"] == [note, STALE_EKS]


def test_the_calendar_is_ordered_and_each_extended_period_is_twelve_months():
    from cost_gate.rules.aws.eks import END_OF_STANDARD_SUPPORT

    ends = [END_OF_STANDARD_SUPPORT[v][0] for v in sorted(END_OF_STANDARD_SUPPORT,
                                                           key=lambda v: int(v.split(".")[1]))]
    assert ends == sorted(ends)
    for standard_end, extended_end in END_OF_STANDARD_SUPPORT.values():
        assert (extended_end.year - standard_end.year, extended_end.month,
                extended_end.day) == (1, standard_end.month, standard_end.day)


# --- aws_eks_fargate_profile -------------------------------------------------------------------

def test_fargate_profile_pods_are_usage_at_fargate_rates(price):
    from decimal import Decimal

    from cost_gate.usage import Usage

    attrs = {"cluster_name": "k", "fargate_profile_name": "apps",
             "pod_execution_role_arn": "arn:aws:iam::123456789012:role/pod",
             "selector": [{"labels": None, "namespace": "apps"}], "subnet_ids": ["subnet-1"]}
    res = price("aws_eks_fargate_profile.apps", attrs, unknown={"arn": True, "id": True})

    togen = "togen-prices-aws-json-a5b2dad6"  # ecs/us-east-1.csv, data_date 2026-09-06
    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": 0, "components": [
        component("Fargate pods vCPU", "vCPU-hours", quantity=None,
                  unit_price=0.04048,  # ecs/us-east-1.csv fargate_vcpu_hours x86_64;linux
                  monthly_cost=None, usage_based=True, source=togen, data_date="2026-09-06"),
        component("Fargate pods memory", "GB-hours", quantity=None,
                  unit_price=0.004445,  # ecs/us-east-1.csv fargate_gb_hours x86_64;linux
                  monthly_cost=None, usage_based=True, source=togen, data_date="2026-09-06"),
    ]}

    usage = Usage(by_address={"aws_eks_fargate_profile.apps": {
        "monthly_vcpu_hrs": Decimal(1460), "monthly_gb_hrs": Decimal(2920)}})
    res = price("aws_eks_fargate_profile.apps", attrs, usage=usage)
    assert res["after"]["monthly_cost"] == 72.0802  # 1460 * 0.04048 + 2920 * 0.004445
