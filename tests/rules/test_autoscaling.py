"""aws_autoscaling_group priced end to end: desired capacity x its template/configuration.

Unit prices: read from the pricing_data/aws/<service>/us-east-1.csv row named in the comment
(product, attributes [source id]). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from typing import Any

from tests.rules.conftest import component

KARPENTER = "karpenter-aws"  # ec2/us-east-1.csv instance rows, data_date 2026-07-20
EBS_FEED = "janitor-fixtures-prices-5cd12c81"  # AWS Price List extract, data_date 2026-10-06
TEMPLATE_REF = {"launch_template.id": ["aws_launch_template.lt"]}


def asg(**overrides: Any) -> dict[str, Any]:
    """aws_autoscaling_group `after` as `terraform show -json` prints it for a create."""
    attrs: dict[str, Any] = {
        "name": "web", "desired_capacity": 3, "max_size": 6, "min_size": 2,
        "vpc_zone_identifier": ["subnet-0123", "subnet-4567"], "force_delete": False,
        "health_check_type": "ELB", "wait_for_capacity_timeout": "10m", "tag": [],
        "launch_template": [{"version": "$Latest"}], "mixed_instances_policy": [],
        "timeouts": None,
    }
    attrs.update(overrides)
    return attrs


ASG_UNKNOWN = {"arn": True, "id": True, "name": True, "availability_zones": True,
               "launch_template": [{"id": True, "name": True}], "vpc_zone_identifier": [False]}


def launch_template(instance_type: str, mappings: list[dict[str, Any]]) -> dict[str, Any]:
    """aws_launch_template `after` (its EBS flags are strings in this resource's schema)."""
    return {
        "name_prefix": "web-", "image_id": "ami-0abc1234", "instance_type": instance_type,
        "block_device_mappings": mappings, "credit_specification": [], "tags": None,
        "update_default_version": None,
    }


def mapping(device: str, size: int, **ebs: Any) -> dict[str, Any]:
    return {"device_name": device, "no_device": None, "virtual_name": None,
            "ebs": [{"volume_size": size, "volume_type": "gp3", "iops": 3000, "throughput": 125,
                     "encrypted": "true", "delete_on_termination": "true", **ebs}]}


def test_asg_with_a_launch_template_and_its_block_device_mappings(price):
    template = launch_template("c5.large", [mapping("/dev/xvda", 30),
                                            mapping("/dev/sdf", 200, iops=4000)])
    res = price("aws_autoscaling_group.web", asg(), unknown=ASG_UNKNOWN,
                references=TEMPLATE_REF, others={"aws_launch_template.lt": template})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 256.35,  # 186.15 + 7.2 + 48 + 15
        "components": [
            component(
                "Instance usage (Linux/UNIX, on-demand, c5.large)", "hours",
                quantity=2190,  # desired_capacity 3 * 730 hours
                unit_price=0.085,  # ec2/us-east-1.csv instance c5.large;Linux;Shared [karpenter]
                monthly_cost=186.15,  # 2190 * 0.085
                source=KARPENTER, data_date="2026-07-20",
            ),
            component(
                "Volume /dev/xvda storage (gp3, 30 GB)", "GB-months",
                quantity=90,  # 3 * 30 GB
                unit_price=0.08,  # ebs/us-east-1.csv storage volume_type=gp3 [janitor-...]
                monthly_cost=7.2,  # 90 * 0.08
                source=EBS_FEED, data_date="2026-10-06",
            ),
            component(
                "Volume /dev/sdf storage (gp3, 200 GB)", "GB-months",
                quantity=600,  # 3 * 200 GB
                unit_price=0.08,  # ebs/us-east-1.csv storage volume_type=gp3 [janitor-...]
                monthly_cost=48,  # 600 * 0.08
                source=EBS_FEED, data_date="2026-10-06",
            ),
            component(
                "Volume /dev/sdf provisioned IOPS (gp3, above 3000)", "IOPS-months",
                quantity=3000,  # 3 * (4000 - 3000 included)
                unit_price=0.005,  # ebs/us-east-1.csv iops tier=1;gp3 [janitor-...]
                monthly_cost=15,  # 3000 * 0.005
                source=EBS_FEED, data_date="2026-10-06",
            ),
        ],
    }
    assert res["monthly_delta"] == 256.35


def test_template_without_volumes_assumes_8_gb_gp2_and_t3_credits_are_noted(price):
    template = launch_template("t3.micro", [])
    res = price("aws_autoscaling_group.web", asg(desired_capacity=2), unknown=ASG_UNKNOWN,
                references=TEMPLATE_REF, others={"aws_launch_template.lt": template})

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 16.784,  # 15.184 + 1.6
        "components": [
            component(
                "Instance usage (Linux/UNIX, on-demand, t3.micro)", "hours",
                quantity=1460,  # 2 * 730 hours
                unit_price=0.0104,  # ec2/us-east-1.csv instance t3.micro;Linux;Shared [karpenter]
                monthly_cost=15.184,  # 1460 * 0.0104
                source=KARPENTER, data_date="2026-07-20",
            ),
            component(
                "Root volume storage (gp2, 8 GB)", "GB-months",
                quantity=16,  # 2 * 8 GB
                unit_price=0.1,  # ebs/us-east-1.csv storage volume_type=gp2 [janitor-...]
                monthly_cost=1.6,  # 16 * 0.1
                source=EBS_FEED, data_date="2026-10-06",
            ),
        ],
    }
    assert res["notes"] == [
        "root volume size not in the launch template; assumed 8 GB gp2 (the usual AMI "
        "default)",
        "CPU credits (unlimited mode, above baseline): no price in the data for us-east-1, "
        "not shown",
    ]


def test_asg_found_through_its_mixed_instances_policy_template(price):
    template = launch_template("c5.large", [mapping("/dev/xvda", 30)])
    policy = [{"launch_template": [{"launch_template_specification": [
        {"launch_template_name": None, "version": "$Latest"}], "override": []}],
        "instances_distribution": []}]
    res = price("aws_autoscaling_group.web",
                asg(launch_template=[], mixed_instances_policy=policy),
                unknown={"arn": True, "id": True, "name": True},
                references={"mixed_instances_policy.launch_template.launch_template_specification"
                            ".launch_template_id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": template})

    assert res["status"] == "priced"
    assert res["after"]["monthly_cost"] == 193.35  # 2190 * 0.085 + 90 * 0.08 = 186.15 + 7.2


LAUNCH_CONFIGURATION = {
    "name_prefix": "web-", "image_id": "ami-0abc1234", "instance_type": "m5.large",
    "associate_public_ip_address": False, "enable_monitoring": True,
    "root_block_device": [{"volume_size": 40, "volume_type": "gp3", "iops": 3000,
                           "throughput": 125, "delete_on_termination": True,
                           "encrypted": True}],
    "ebs_block_device": [],
}
M5_LARGE_X2 = component(
    "Instance usage (Linux/UNIX, on-demand, m5.large)", "hours",
    quantity=1460,  # 2 * 730 hours
    unit_price=0.096,  # ec2/us-east-1.csv instance m5.large;Linux;Shared [karpenter-aws]
    monthly_cost=140.16,  # 1460 * 0.096
    source=KARPENTER, data_date="2026-07-20",
)
CW_FEED = "awspricewatcher-v0rts-ac88588f"  # AWS pricing-page feed, data_date 2025-12-03
MONITORING_X2 = component(
    # launch configurations turn detailed monitoring on by default (enable_monitoring = true)
    "CloudWatch detailed monitoring (7 metrics per instance)", "metric-months",
    quantity=14,  # 2 instances * 7 metrics
    unit_price=0.3,  # cloudwatch/us-east-1.csv metrics, first tier 0-10,000 [awspricewatcher]
    monthly_cost=4.2,  # 14 * 0.3
    source=CW_FEED, data_date="2025-12-03",
)
LC_PRICED = {
    "monthly_cost": 150.76,  # 140.16 + 4.2 + 6.4
    "components": [
        M5_LARGE_X2,
        MONITORING_X2,
        component(
            "Root volume storage (gp3, 40 GB)", "GB-months",
            quantity=80,  # 2 * 40 GB
            unit_price=0.08,  # ebs/us-east-1.csv storage volume_type=gp3 [janitor-...]
            monthly_cost=6.4,  # 80 * 0.08
            source=EBS_FEED, data_date="2026-10-06",
        ),
    ],
}
LC_REF = {"launch_configuration": ["aws_launch_configuration.web"]}


def test_asg_with_a_launch_configuration(price):
    res = price("aws_autoscaling_group.web",
                asg(desired_capacity=2, launch_template=[], launch_configuration=None),
                unknown={"arn": True, "id": True, "name": True, "launch_configuration": True},
                references=LC_REF, others={"aws_launch_configuration.web": LAUNCH_CONFIGURATION})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == LC_PRICED


def test_without_desired_capacity_the_asg_is_priced_at_min_size_with_a_note(price):
    # desired_capacity absent and not unknown (as the HCL reader produces it)
    attrs = asg(min_size=2, launch_template=[], launch_configuration="web-lc")
    del attrs["desired_capacity"]
    res = price("aws_autoscaling_group.web", attrs, unknown={"arn": True, "id": True},
                references=LC_REF, others={"aws_launch_configuration.web": LAUNCH_CONFIGURATION})

    assert res["status"] == "priced"
    assert res["after"] == LC_PRICED  # 2 instances = min_size
    assert res["notes"] == ["desired_capacity not set; priced at min_size"]


def test_unset_desired_capacity_unknown_in_a_plan_is_priced_at_min_size(price):
    attrs = asg(min_size=2, launch_template=[], launch_configuration=None)
    del attrs["desired_capacity"]
    res = price("aws_autoscaling_group.web", attrs,
                unknown={"arn": True, "id": True, "name": True, "desired_capacity": True,
                         "launch_configuration": True},
                references=LC_REF, others={"aws_launch_configuration.web": LAUNCH_CONFIGURATION})

    assert res["after"] == LC_PRICED  # 2 instances = min_size
    assert any("min_size" in note for note in res["notes"])


def test_launch_configuration_without_root_block_device_notes_the_assumed_8_gb(price):
    configuration = {**LAUNCH_CONFIGURATION, "root_block_device": []}
    res = price("aws_autoscaling_group.web",
                asg(desired_capacity=2, launch_template=[], launch_configuration=None),
                unknown={"arn": True, "id": True, "name": True, "launch_configuration": True},
                references=LC_REF, others={"aws_launch_configuration.web": configuration})

    assert res["after"] == {
        "monthly_cost": 145.96,  # 140.16 + 4.2 + 1.6
        "components": [
            M5_LARGE_X2,
            MONITORING_X2,
            component(
                "Root volume storage (gp2, 8 GB)", "GB-months",
                quantity=16,  # 2 * 8 GB
                unit_price=0.1,  # ebs/us-east-1.csv storage volume_type=gp2 [janitor-...]
                monthly_cost=1.6,  # 16 * 0.1
                source=EBS_FEED, data_date="2026-10-06",
            ),
        ],
    }
    assert any("assumed 8 GB gp2" in note for note in res["notes"])


def test_asg_whose_template_is_not_in_the_plan_is_partial(price):
    res = price("aws_autoscaling_group.web", asg(launch_template=[{"id": "lt-0123",
                                                                   "version": "$Latest"}]),
                unknown={"arn": True, "id": True, "name": True})

    assert res["status"] == "partial"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["notes"] == ["not fully priced: launch_template is its launch template or "
                            "configuration is not in this plan"]


def test_template_without_an_instance_type_is_partial(price):
    # e.g. the type is chosen by mixed_instances_policy overrides, not by the template
    template = launch_template("m5.large", [mapping("/dev/xvda", 30)])
    del template["instance_type"]
    res = price("aws_autoscaling_group.web", asg(), unknown=ASG_UNKNOWN,
                references=TEMPLATE_REF, others={"aws_launch_template.lt": template})

    assert res["status"] == "partial"
    assert res["notes"] == [
        "not fully priced: aws_launch_template.lt.instance_type is not set"]
