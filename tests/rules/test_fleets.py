"""Spot requests, spot and EC2 fleets, Dedicated Hosts and capacity reservations, priced end
to end. Spot and Dedicated Host prices are not in the data: those charges find no price.

Unit prices: read from the pricing_data/aws/<service>/us-east-1.csv row named in the comment
(product, attributes [source id]). Attribute shapes follow `terraform show -json` of
hashicorp/aws 5.100.
"""

from __future__ import annotations

from tests.rules.conftest import component

KARPENTER = "karpenter-aws"  # data_date 2026-07-20
EBS_FEED = "janitor-fixtures-prices-5cd12c81"  # data_date 2026-10-06
SPOT_NOTE = "spot prices change hourly and are not in the price data"


def test_spot_instance_request_prices_its_volumes_not_its_hours(price):
    res = price("aws_spot_instance_request.worker",
                {"ami": "ami-0c7217cdde317cfec", "instance_type": "m5.large", "spot_price": "0.05",
                 "spot_type": "persistent", "credit_specification": [], "ebs_block_device": [],
                 "root_block_device": [{"volume_size": 30, "volume_type": "gp3"}]},
                unknown={"id": True, "monitoring": True, "tenancy": True, "ebs_optimized": True,
                         "root_block_device": [{"iops": True, "throughput": True}]})

    assert res["status"] == "partial"
    assert res["notes"] == [SPOT_NOTE, "no price in the data for: Instance usage (Linux/UNIX, "
                                       "spot, m5.large) in us-east-1"]
    assert res["after"] == {"monthly_cost": 2.4, "components": [component(
        "Root volume storage (gp3, 30 GB)", "GB-months", quantity=30,
        unit_price=0.08,  # ebs/us-east-1.csv storage volume_type=gp3 [janitor]
        monthly_cost=2.4, source=EBS_FEED, data_date="2026-10-06")]}


def test_spot_fleet_prices_its_on_demand_share(price):
    res = price("aws_spot_fleet_request.batch",
                {"iam_fleet_role": "arn:aws:iam::123456789012:role/fleet", "target_capacity": 4,
                 "on_demand_target_capacity": 1, "fleet_type": "maintain",
                 "launch_specification": [{"ami": "ami-0c7217cdde317cfec",
                                           "instance_type": "m5.large", "monitoring": False,
                                           "ebs_optimized": False, "placement_tenancy": ""}],
                 "launch_template_config": []},
                unknown={"id": True, "launch_specification": [
                    {"root_block_device": True, "ebs_block_device": True}]})

    assert res["status"] == "partial"
    assert res["notes"] == [
        "3 of 4 instances are spot: " + SPOT_NOTE,
        "root volume size not in the plan; assumed 8 GB gp2 (the usual AMI default)",
        "no price in the data for: Instance usage (Linux/UNIX, spot, m5.large) in us-east-1"]
    assert res["after"] == {"monthly_cost": 73.28, "components": [  # 70.08 + 3.2
        component("Instance usage (Linux/UNIX, on-demand, m5.large)", "hours", quantity=730,
                  unit_price=0.096,  # ec2/us-east-1.csv instance m5.large;Linux;Shared
                  monthly_cost=70.08, source=KARPENTER, data_date="2026-07-20"),
        component("Root volume storage (gp2, 8 GB)", "GB-months", quantity=32,  # 4 x 8 GB
                  unit_price=0.1,  # ebs/us-east-1.csv storage volume_type=gp2 [janitor]
                  monthly_cost=3.2, source=EBS_FEED, data_date="2026-10-06")]}


def test_on_demand_ec2_fleet_from_a_launch_template(price):
    res = price("aws_ec2_fleet.web",
                {"type": "maintain", "launch_template_config": [
                    {"launch_template_specification": [{"launch_template_name": None}],
                     "override": []}],
                 "target_capacity_specification": [{"default_target_capacity_type": "on-demand",
                                                    "total_target_capacity": 3,
                                                    "on_demand_target_capacity": None,
                                                    "spot_target_capacity": None}]},
                unknown={"id": True, "launch_template_config": [
                    {"launch_template_specification": [{"launch_template_id": True,
                                                        "version": True}]}]},
                references={"launch_template_config.launch_template_specification"
                            ".launch_template_id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": {
                    "instance_type": "m5.large", "block_device_mappings": [
                        {"device_name": "/dev/xvda", "ebs": [{"volume_size": 20,
                                                              "volume_type": "gp3"}]}]}})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"]["monthly_cost"] == 215.04  # 3 * 730 * 0.096 + 60 GB * 0.08


def test_spot_ec2_fleet_is_unsupported_without_spot_prices(price):
    res = price("aws_ec2_fleet.batch",
                {"type": "request", "launch_template_config": [
                    {"launch_template_specification": [{}], "override": [
                        {"instance_type": "c5.large"}, {"instance_type": "c6i.large"}]}],
                 "target_capacity_specification": [{"default_target_capacity_type": "spot",
                                                    "total_target_capacity": 2}]},
                references={"launch_template_config.launch_template_specification"
                            ".launch_template_id": ["aws_launch_template.lt"]},
                others={"aws_launch_template.lt": {"instance_type": "m5.large"}})

    assert res["status"] == "partial"  # the template's assumed 8 GB root volumes are priced
    assert res["notes"][0] == "priced as c5.large (the first override); other overrides: c6i.large"
    assert res["notes"][-1] == ("no price in the data for: Instance usage (Linux/UNIX, spot, "
                                "c5.large) in us-east-1")


def test_dedicated_host_has_no_price_in_the_data(price):
    res = price("aws_ec2_host.h", {"instance_family": "c5", "availability_zone": "us-east-1a",
                                   "auto_placement": "on", "host_recovery": "off"},
                unknown={"id": True, "arn": True})

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["notes"] == ["Dedicated Host prices are not in the price data",
                            "no price in the data for: Dedicated Host (c5) in us-east-1"]


def test_capacity_reservation_is_billed_at_the_on_demand_rate(price):
    res = price("aws_ec2_capacity_reservation.cr",
                {"instance_type": "m5.large", "instance_platform": "Windows",
                 "availability_zone": "us-east-1a", "instance_count": 2, "tenancy": "default",
                 "end_date_type": "unlimited", "ebs_optimized": False})

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": 274.48, "components": [component(
        "Capacity reservation (Windows, m5.large)", "hours", quantity=1460,  # 2 x 730
        unit_price=0.188,  # ec2/us-east-1.csv instance m5.large;Windows;Shared [flexera]
        monthly_cost=274.48, source="flexera-ec2-127f936c", data_date="2026-08-09")]}
    assert res["notes"][0].startswith("a capacity reservation is billed at the on-demand rate")
