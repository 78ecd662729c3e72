"""EC2 billing facts across aws_instance, aws_autoscaling_group and aws_eks_node_group:
detailed monitoring, the EBS-optimized fee, launch template inheritance (instance type,
tenancy, monitoring, credit mode, block devices merged by device name, template versions),
mixed instances policies and spot capacity.

Unit prices: read from the pricing_data/aws/<service>/us-east-1.csv row named in the comment
(product, attributes [source id]). Monthly costs: worked out by hand next to them. Attribute
shapes follow `terraform show -json` of hashicorp/aws 5.100.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.conftest import component, make_change

KARPENTER = "karpenter-aws"  # data_date 2026-07-20
EBS_FEED = "janitor-fixtures-prices-5cd12c81"  # data_date 2026-10-06
CW_FEED = "awspricewatcher-v0rts-ac88588f"  # data_date 2025-12-03
SPOT = "spot prices change hourly and are not in the price data"


def monitoring(instances: int) -> dict[str, Any]:
    return component(
        "CloudWatch detailed monitoring (7 metrics per instance)", "metric-months",
        quantity=7 * instances,
        unit_price=0.3,  # cloudwatch/us-east-1.csv metrics, tier 0-10,000 [awspricewatcher]
        monthly_cost=round(7 * instances * 0.3, 6),
        source=CW_FEED, data_date="2025-12-03",
    )


def hours(instance_type: str, unit_price: float, instances: int = 1) -> dict[str, Any]:
    return component(
        f"Instance usage (Linux/UNIX, on-demand, {instance_type})", "hours",
        quantity=730 * instances, unit_price=unit_price,
        monthly_cost=round(730 * instances * unit_price, 6),
        source=KARPENTER, data_date="2026-07-20",
    )


def storage(label: str, volume_type: str, size: int, unit_price: float,
            instances: int = 1) -> dict[str, Any]:
    return component(
        f"{label} storage ({volume_type}, {size} GB)", "GB-months",
        quantity=size * instances, unit_price=unit_price,
        monthly_cost=round(size * instances * unit_price, 6),
        source=EBS_FEED, data_date="2026-10-06",
    )


M5_LARGE = 0.096  # ec2/us-east-1.csv instance m5.large;Linux;Shared [karpenter-aws]
T3_LARGE = 0.0832  # ec2/us-east-1.csv instance t3.large;Linux;Shared [karpenter-aws]
GP2 = 0.1  # ebs/us-east-1.csv storage volume_type=gp2 [janitor]
GP3 = 0.08  # ebs/us-east-1.csv storage volume_type=gp3 [janitor]


def plain_instance(**extra: Any) -> dict[str, Any]:
    attrs = {"ami": "ami-0c7217cdde317cfec", "instance_type": "m5.large", "tenancy": "default",
             "monitoring": False, "ebs_optimized": None, "credit_specification": [],
             "ebs_block_device": [],
             "root_block_device": [{"volume_size": 20, "volume_type": "gp3", "iops": 3000,
                                    "throughput": 125}]}
    attrs.update(extra)
    return attrs


def test_detailed_monitoring_bills_seven_cloudwatch_metrics(price):
    res = price("aws_instance.web", plain_instance(monitoring=True))

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 73.78,  # 70.08 + 2.1 + 1.6
        "components": [hours("m5.large", M5_LARGE), monitoring(1),
                       storage("Root volume", "gp3", 20, GP3)],
    }


def test_ebs_optimized_fee_of_a_previous_generation_type_is_noted_once_when_unpriced(price):
    # m3 charges an hourly EBS-optimization fee; the data has no ec2/ebs_optimized rows: the
    # fee is left out with a note (never $0 silently, never a guess).
    res = price("aws_instance.old", plain_instance(instance_type="m3.large",
                                                   ebs_optimized=True))

    assert res["status"] == "priced"
    assert res["notes"] == ["EBS-optimized fee of m3.large: no price in the data, not shown"]
    assert [c["name"] for c in res["after"]["components"]] == [
        "Instance usage (Linux/UNIX, on-demand, m3.large)", "Root volume storage (gp3, 20 GB)"]


# --- launch templates -------------------------------------------------------------------------

def template(**extra: Any) -> dict[str, Any]:
    """aws_launch_template `after` (its flags are strings in this resource's schema)."""
    attrs = {
        "name_prefix": "web-", "image_id": "ami-0c7217cdde317cfec", "instance_type": "t3.large",
        "ebs_optimized": "true", "monitoring": [{"enabled": True}],
        "credit_specification": [{"cpu_credits": "standard"}],
        "placement": [{"tenancy": "default", "availability_zone": None}],
        "update_default_version": None,
        "block_device_mappings": [
            {"device_name": "/dev/xvda", "no_device": None, "virtual_name": None,
             "ebs": [{"volume_size": 30, "volume_type": "gp3", "delete_on_termination": None}]},
            {"device_name": "/dev/xvdb", "no_device": None, "virtual_name": None,
             "ebs": [{"volume_size": 100, "volume_type": "gp2", "delete_on_termination": None}]},
        ],
    }
    attrs.update(extra)
    return attrs


TEMPLATE_UNKNOWN_BLOCKS = {"block_device_mappings": [
    {"ebs": [{"iops": True, "throughput": True}]}, {"ebs": [{"iops": True, "throughput": True}]}]}
FROM_TEMPLATE = {  # aws_instance with only a launch_template block and a data-disk override
    "launch_template": [{"version": "$Latest"}], "credit_specification": [],
    "ebs_block_device": [{"delete_on_termination": True, "device_name": "/dev/xvdb",
                          "tags": None, "volume_size": 200}],
}
FROM_TEMPLATE_UNKNOWN = {
    "ami": True, "instance_type": True, "monitoring": True, "tenancy": True,
    "ebs_optimized": True, "root_block_device": True,
    "ebs_block_device": [{"iops": True, "throughput": True, "volume_type": True,
                          "volume_id": True}],
    "launch_template": [{"id": True, "name": True}],
}


def test_instance_inherits_its_template_and_merges_block_devices_by_device_name(price):
    res = price("aws_instance.app", FROM_TEMPLATE, unknown=FROM_TEMPLATE_UNKNOWN,
                references={"launch_template.id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template()})

    # t3.large in standard credit mode (no credit component), monitoring on (7 metrics),
    # EBS-optimized is free on t3; /dev/xvdb is the instance's 200 GB over the template's 100
    # GB, its type (unknown on the instance) the template's gp2.
    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 85.236,  # 60.736 + 2.1 + 2.4 + 20
        "components": [
            hours("t3.large", T3_LARGE), monitoring(1),
            storage("EBS volume /dev/xvda", "gp3", 30, GP3),
            storage("EBS volume /dev/xvdb", "gp2", 200, GP2),
        ],
    }


def test_instance_root_block_device_replaces_the_template_root_mapping(price):
    attrs = {**FROM_TEMPLATE, "root_block_device": [{"volume_size": 50, "volume_type": "gp3"}]}
    unknown = {**FROM_TEMPLATE_UNKNOWN, "root_block_device": [{"iops": True}]}
    res = price("aws_instance.app", attrs, unknown=unknown,
                references={"launch_template.id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template()})

    names = [c["name"] for c in res["after"]["components"]]
    assert names == ["Instance usage (Linux/UNIX, on-demand, t3.large)",
                     "CloudWatch detailed monitoring (7 metrics per instance)",
                     "Root volume storage (gp3, 50 GB)",
                     "EBS volume /dev/xvdb storage (gp2, 200 GB)"]


def test_instance_own_settings_win_over_the_template(price):
    attrs = {**FROM_TEMPLATE, "instance_type": "m5.large", "monitoring": False}
    unknown = {k: v for k, v in FROM_TEMPLATE_UNKNOWN.items()
               if k not in ("instance_type", "monitoring")}
    res = price("aws_instance.app", attrs, unknown=unknown,
                references={"launch_template.id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template()})

    assert [c["name"] for c in res["after"]["components"]][:2] == [
        "Instance usage (Linux/UNIX, on-demand, m5.large)", "EBS volume /dev/xvda storage (gp3, 30 GB)"]


def test_template_tenancy_dedicated_is_not_priced_at_the_shared_rate(price):
    res = price("aws_instance.app", FROM_TEMPLATE, unknown=FROM_TEMPLATE_UNKNOWN,
                references={"launch_template.id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template(
                    placement=[{"tenancy": "dedicated"}])})

    assert res["status"] == "partial"
    assert res["notes"][-1] == ("no price in the data for: Instance usage (Linux/UNIX, "
                                "on-demand, dedicated tenancy, t3.large) in us-east-1")


def test_template_unlimited_credits_of_t3_by_default(price):
    res = price("aws_instance.app", FROM_TEMPLATE, unknown=FROM_TEMPLATE_UNKNOWN,
                references={"launch_template.id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template(credit_specification=[])},
                region="eu-west-1")

    credits = [c for c in res["after"]["components"] if c["name"].startswith("CPU credits")]
    assert credits == [component(
        "CPU credits (unlimited mode, above baseline)", "vCPU-hours",
        quantity=None,
        unit_price=0.05,  # ec2/eu-west-1.csv cpu_credits family=t3;Linux [terracost 2023]
        monthly_cost=None, usage_based=True,
        source="terracost-testdata-2023-02-23", data_date="2023-02-23")]


def test_default_version_of_an_updated_template_is_the_one_before_the_change(price_changes):
    # The plan changes the template's type to m5.large without update_default_version: an ASG
    # launching "$Default" keeps launching the old version (t3.large).
    before = template(monitoring=[], block_device_mappings=[])
    after = {**before, "instance_type": "m5.large"}
    lt = make_change("aws_launch_template.lt", after, before=before, action="update")
    asg_attrs = {"desired_capacity": 2, "min_size": 1, "max_size": 3,
                 "launch_template": [{"version": "$Default"}], "mixed_instances_policy": []}
    refs = {"launch_template.id": ["aws_launch_template.lt"]}
    default = make_change("aws_autoscaling_group.default", asg_attrs, references=refs)
    latest = make_change("aws_autoscaling_group.latest",
                         {**asg_attrs, "launch_template": [{"version": "$Latest"}]},
                         references=refs)
    resources = {r["address"]: r for r in price_changes(lt, default, latest)}

    assert resources["aws_autoscaling_group.default"]["after"]["components"][0]["name"] == (
        "Instance usage (Linux/UNIX, on-demand, t3.large)")
    assert ("aws_launch_template.lt: priced at its default version, the one before this change "
            "(the template does not set update_default_version)"
            in resources["aws_autoscaling_group.default"]["notes"])
    assert resources["aws_autoscaling_group.latest"]["after"]["components"][0]["name"] == (
        "Instance usage (Linux/UNIX, on-demand, m5.large)")


def test_unchanged_asg_before_side_sees_the_template_before_side(price_changes):
    before = template(monitoring=[], block_device_mappings=[], update_default_version=True)
    after = {**before, "instance_type": "m5.large"}
    lt = make_change("aws_launch_template.lt", after, before=before, action="update")
    asg_attrs = {"desired_capacity": 1, "min_size": 1, "max_size": 1,
                 "launch_template": [{"version": "$Latest"}], "mixed_instances_policy": []}
    asg = make_change("aws_autoscaling_group.web", asg_attrs, before=asg_attrs, action="no-op",
                      references={"launch_template.id": ["aws_launch_template.lt"]})
    res = {r["address"]: r for r in price_changes(lt, asg)}["aws_autoscaling_group.web"]

    assert res["before"]["components"][0]["name"].endswith("t3.large)")
    assert res["after"]["components"][0]["name"].endswith("m5.large)")
    # 730 * (0.096 - 0.0832) = 9.344; volumes (8 GB gp2 assumed) are the same on both sides
    assert res["monthly_delta"] == 9.344


# --- mixed instances policy -------------------------------------------------------------------

def mixed_policy(base: int, percent: int) -> list[dict[str, Any]]:
    return [{
        "instances_distribution": [{"on_demand_base_capacity": base,
                                    "on_demand_percentage_above_base_capacity": percent,
                                    "spot_instance_pools": 0, "spot_max_price": None}],
        "launch_template": [{"launch_template_specification": [{"version": "$Default"}],
                             "override": [{"instance_type": "m5.large"}]}]}]


@pytest.mark.parametrize("desired,base,percent,on_demand,spot", [
    (2, 1, 50, 2, 0),  # 1 + 50% of 1 = 1.5, rounded up in favour of On-Demand
    (5, 0, 25, 2, 3),  # 25% of 5 = 1.25 -> 2
    (4, 0, 0, 0, 4),
    (4, 6, 0, 4, 0),  # the base covers the whole group
])
def test_on_demand_share_is_rounded_up_to_whole_instances(price, desired, base, percent,
                                                          on_demand, spot):
    res = price("aws_autoscaling_group.mixed",
                {"desired_capacity": desired, "min_size": 0, "max_size": 9,
                 "launch_template": [], "mixed_instances_policy": mixed_policy(base, percent)},
                references={"mixed_instances_policy.launch_template.launch_template_specification"
                            ".launch_template_id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template(monitoring=[])})

    quantities = {c["name"]: c["monthly_quantity"] for c in res["after"]["components"]}
    assert quantities.get("Instance usage (Linux/UNIX, on-demand, m5.large)") == (
        730 * on_demand if on_demand else None)
    spot_note = f"{spot} of {desired} instances run on Spot: {SPOT}"
    assert (spot_note in res["notes"]) == (spot > 0)


def test_weighted_capacity_and_unknown_distribution_use_aws_rules(price):
    policy = mixed_policy(0, 100)
    policy[0]["launch_template"][0]["override"][0]["weighted_capacity"] = "2"
    res = price("aws_autoscaling_group.mixed",
                {"desired_capacity": 5, "min_size": 0, "max_size": 9,
                 "launch_template": [], "mixed_instances_policy": policy},
                unknown={"mixed_instances_policy": [{"instances_distribution": [
                    {"on_demand_percentage_above_base_capacity": True}]}]},
                references={"mixed_instances_policy.launch_template.launch_template_specification"
                            ".launch_template_id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template(monitoring=[])})

    assert res["status"] == "priced"
    assert res["notes"] == [
        "mixed instances policy: priced as m5.large (the first override, launched first for "
        "On-Demand capacity)",
        "desired capacity 5 in weight units: 3 m5.large instances (weight 2)",
        "on_demand_percentage_above_base_capacity not known until apply; assumed AWS's "
        "default 100"]
    assert res["after"]["components"][0]["monthly_quantity"] == 2190  # 3 instances * 730


def test_mixed_instances_policy_prices_the_first_override_and_splits_spot(price):
    policy = [{
        "instances_distribution": [{"on_demand_base_capacity": 1,
                                    "on_demand_percentage_above_base_capacity": 50,
                                    "spot_instance_pools": 0, "spot_max_price": None}],
        "launch_template": [{
            "launch_template_specification": [{"version": "$Default"}],
            "override": [
                {"instance_type": "m5.large", "weighted_capacity": None,
                 "instance_requirements": [], "launch_template_specification": []},
                {"instance_type": "m5a.large", "weighted_capacity": None,
                 "instance_requirements": [], "launch_template_specification": []}]}]}]
    res = price(
        "aws_autoscaling_group.mixed",
        {"desired_capacity": 3, "min_size": 2, "max_size": 4, "launch_template": [],
         "mixed_instances_policy": policy},
        unknown={"arn": True, "launch_template": True, "mixed_instances_policy": [{
            "launch_template": [{"launch_template_specification": [
                {"launch_template_id": True, "launch_template_name": True}]}]}]},
        references={"mixed_instances_policy.launch_template.launch_template_specification"
                    ".launch_template_id": ["aws_launch_template.lt"]},
        others={"aws_launch_template.lt": template(monitoring=[])})

    # 3 instances: 1 base On-Demand + 50% of the 2 above = 2 On-Demand, 1 Spot (no price)
    assert res["status"] == "partial"
    assert res["notes"] == [
        "mixed instances policy: priced as m5.large (the first override, launched first for "
        "On-Demand capacity); other overrides: m5a.large",
        "1 of 3 instances run on Spot: spot prices change hourly and are not in the price data",
        "no price in the data for: Instance usage (Linux/UNIX, spot, m5.large) in us-east-1",
    ]
    assert res["after"] == {
        "monthly_cost": 177.36,  # 140.16 + 7.2 + 30 (volumes of all 3 instances)
        "components": [
            hours("m5.large", M5_LARGE, 2),
            storage("Volume /dev/xvda", "gp3", 30, GP3, 3),
            storage("Volume /dev/xvdb", "gp2", 100, GP2, 3),
        ],
    }


# --- EKS node groups --------------------------------------------------------------------------

def test_eks_node_group_gets_detailed_monitoring_from_its_template(price):
    attrs = {"cluster_name": "k", "launch_template": [{}],
             "scaling_config": [{"desired_size": 2, "max_size": 3, "min_size": 1}]}
    res = price("aws_eks_node_group.ng", attrs,
                unknown={"instance_types": True, "capacity_type": True, "disk_size": True,
                         "launch_template": [{"id": True, "name": True, "version": True}]},
                references={"launch_template.id": ["aws_launch_template.lt"],
                            "launch_template.version": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template()})

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 150.472,  # 121.472 + 4.2 + 4.8 + 20
        "components": [hours("t3.large", T3_LARGE, 2), monitoring(2),
                       storage("Volume /dev/xvda", "gp3", 30, GP3, 2),
                       storage("Volume /dev/xvdb", "gp2", 100, GP2, 2)],
    }


# --- spot through instance_market_options ------------------------------------------------------

def test_instance_with_spot_market_options_finds_no_spot_price(price):
    res = price("aws_instance.worker", plain_instance(
        instance_market_options=[{"market_type": "spot", "spot_options": [
            {"instance_interruption_behavior": "terminate", "max_price": ""}]}]))

    assert res["status"] == "partial"
    assert res["notes"] == [f"spot instance (instance_market_options): {SPOT}",
                            "no price in the data for: Instance usage (Linux/UNIX, spot, "
                            "m5.large) in us-east-1"]
    assert res["after"]["components"] == [storage("Root volume", "gp3", 20, GP3)]


def test_asg_of_a_spot_template_runs_every_instance_on_spot(price):
    res = price("aws_autoscaling_group.spot",
                {"desired_capacity": 2, "min_size": 0, "max_size": 4,
                 "launch_template": [{"version": "$Latest"}], "mixed_instances_policy": []},
                references={"launch_template.id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template(
                    monitoring=[], instance_market_options=[{"market_type": "spot"}])})

    assert res["status"] == "partial"
    assert res["notes"][0] == f"2 of 2 instances run on Spot: {SPOT}"
    assert [c["name"] for c in res["after"]["components"]] == [
        "Volume /dev/xvda storage (gp3, 30 GB)", "Volume /dev/xvdb storage (gp2, 100 GB)"]


def test_default_version_of_an_unchanged_template_is_the_template(price_changes):
    attrs = template(monitoring=[], block_device_mappings=[])
    lt = make_change("aws_launch_template.lt", attrs, before=attrs, action="no-op")
    asg = make_change("aws_autoscaling_group.web",
                      {"desired_capacity": 1, "min_size": 1, "max_size": 1,
                       "launch_template": [{"version": "$Default"}],
                       "mixed_instances_policy": []},
                      references={"launch_template.id": ["aws_launch_template.lt"]})
    res = {r["address"]: r for r in price_changes(lt, asg)}["aws_autoscaling_group.web"]

    assert not any("default version" in note for note in res["notes"])
    assert res["after"]["components"][0]["name"].endswith("t3.large)")
