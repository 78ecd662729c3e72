"""aws_instance and aws_ebs_volume priced end to end against the shipped price table.

Every unit price below was read from the CSV row named in the comment next to it
(pricing_data/aws/<service>/<region>.csv: product, attributes [source id, sku]); every
monthly cost is worked out by hand in the comment next to it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.conftest import component, make_change

KARPENTER = "karpenter-aws"  # data_date 2026-07-20
SKYPILOT = "skypilot-catalog-v8-aws"  # no data_date
EBS_FEED = "janitor-fixtures-prices-5cd12c81"  # AWS Price List extract, data_date 2026-10-06
TERRACOST = "terracost-testdata-2023-02-23"  # data_date 2023-02-23
EC2_FEED = "awspricewatcher-v0rts-processed-391f4a46"  # AWS pricing-page feed, 2025-11-20
STALE_2025 = "priced from data dated 2025-11-20, older than 12 months"
STALE_2023 = "priced from data dated 2023-02-23, older than 12 months"

M5_LARGE_HOURS = component(
    "Instance usage (Linux/UNIX, on-demand, m5.large)", "hours",
    quantity=730,
    unit_price=0.096,  # ec2/us-east-1.csv instance m5.large;Linux;Shared [karpenter-aws]
    monthly_cost=70.08,  # 730 * 0.096
    source=KARPENTER, data_date="2026-07-20",
)
ROOT_GP3_50 = component(
    "Root volume storage (gp3, 50 GB)", "GB-months",
    quantity=50,
    unit_price=0.08,  # ebs/us-east-1.csv storage volume_type=gp3 [janitor-fixtures-prices-5cd12c81]
    monthly_cost=4,  # 50 * 0.08
    source=EBS_FEED, data_date="2026-10-06",
)


def instance(instance_type: str = "m5.large", *, root: dict[str, Any] | None = None,
             **extra: Any) -> dict[str, Any]:
    """aws_instance `after` as `terraform show -json` prints it for a create."""
    attrs: dict[str, Any] = {
        "ami": "ami-0c7217cdde317cfec",
        "instance_type": instance_type,
        "tenancy": "default",
        "ebs_optimized": None,
        "monitoring": False,
        "tags": {"Name": "web"},
        "root_block_device": [{
            "delete_on_termination": True, "encrypted": True, "tags": None,
            "volume_size": 50, "volume_type": "gp3", "iops": 3000, "throughput": 125,
            **(root or {}),
        }],
        "ebs_block_device": [],
        "credit_specification": [],
    }
    attrs.update(extra)
    return attrs


INSTANCE_UNKNOWN = {
    "arn": True, "id": True, "private_ip": True, "public_ip": True, "availability_zone": True,
    "root_block_device": [{"device_name": True, "kms_key_id": True, "volume_id": True}],
    "ebs_block_device": True, "credit_specification": [],
}


# --- aws_instance ---------------------------------------------------------------------------


def test_m5_large_with_gp3_root_above_the_free_iops_and_throughput(price):
    res = price("aws_instance.web", instance(root={"iops": 4000, "throughput": 200}),
                unknown=INSTANCE_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["before"] is None
    assert res["after"] == {
        "monthly_cost": 82.08,  # 70.08 + 4 + 5 + 3
        "components": [
            M5_LARGE_HOURS,
            ROOT_GP3_50,
            component(
                "Root volume provisioned IOPS (gp3, above 3000)", "IOPS-months",
                quantity=1000,  # 4000 - 3000 included
                unit_price=0.005,  # ebs/us-east-1.csv iops tier=1;gp3 [janitor-fixtures-prices-5cd12c81]
                monthly_cost=5,  # 1000 * 0.005
                source=EBS_FEED, data_date="2026-10-06",
            ),
            component(
                "Root volume provisioned throughput (gp3, above 125 MiB/s)", "MiBps-months",
                quantity=75,  # 200 - 125 included
                unit_price=0.04,  # ebs/us-east-1.csv throughput gp3 [janitor-fixtures-prices-5cd12c81]
                monthly_cost=3,  # 75 * 0.04
                source=EBS_FEED, data_date="2026-10-06",
            ),
        ],
    }
    assert res["monthly_delta"] == 82.08


def test_gp3_root_at_the_included_baseline_has_no_iops_or_throughput_charge(price):
    res = price("aws_instance.web", instance(), unknown=INSTANCE_UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": 74.08,  # 70.08 + 4
                            "components": [M5_LARGE_HOURS, ROOT_GP3_50]}


def test_ebs_optimized_flag_adds_nothing_for_a_current_generation_type(price):
    # The surcharge is optional and the table has no ebs_optimized row for m5: dropped, no note.
    res = price("aws_instance.web", instance(ebs_optimized=True), unknown=INSTANCE_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"]["components"] == [M5_LARGE_HOURS, ROOT_GP3_50]


@pytest.mark.parametrize(
    ("volume_type", "iops_name"),
    [("io1", "EBS volume /dev/sdf provisioned IOPS (io1)"),
     ("io2", "EBS volume /dev/sdf provisioned IOPS (io2 tier 1)")],
)
def test_io_data_volume_in_us_east_1_is_priced_from_the_price_list_extract(
        price, volume_type, iops_name):
    data_volume = {"device_name": "/dev/sdf", "volume_size": 100, "volume_type": volume_type,
                   "iops": 5000, "delete_on_termination": True, "encrypted": True}
    res = price("aws_instance.web", instance(ebs_block_device=[data_volume]),
                unknown={**INSTANCE_UNKNOWN, "ebs_block_device": [{"volume_id": True}]})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 411.58,  # 70.08 + 4 + 12.5 + 325
        "components": [
            M5_LARGE_HOURS, ROOT_GP3_50,
            component(f"EBS volume /dev/sdf storage ({volume_type}, 100 GB)", "GB-months",
                      quantity=100,
                      unit_price=0.125,  # ebs/us-east-1.csv storage io1/io2 [janitor-...]
                      monthly_cost=12.5,  # 100 * 0.125
                      source=EBS_FEED, data_date="2026-10-06"),
            component(iops_name, "IOPS-months", quantity=5000,
                      unit_price=0.065,  # ebs/us-east-1.csv iops tier=1;io1/io2 [janitor-...]
                      monthly_cost=325,  # 5000 * 0.065
                      source=EBS_FEED, data_date="2026-10-06"),
        ],
    }


def test_t3_in_eu_west_1_shows_unlimited_cpu_credits_as_a_usage_based_price(price):
    # credit_specification [] = not set: t3 launches in unlimited mode by default.
    res = price("aws_instance.app", instance("t3.medium", root={"volume_size": 20}),
                unknown=INSTANCE_UNKNOWN, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["region"] == "eu-west-1"
    assert res["after"] == {
        "monthly_cost": 35.048,  # 33.288 + 1.76; the usage-based credits add nothing
        "components": [
            component(
                "Instance usage (Linux/UNIX, on-demand, t3.medium)", "hours",
                quantity=730,
                unit_price=0.0456,  # ec2/eu-west-1.csv t3.medium;Linux;Shared [awspricewatcher-...]
                monthly_cost=33.288,  # 730 * 0.0456
                source=EC2_FEED, data_date="2025-11-20",
            ),
            component(
                "Root volume storage (gp3, 20 GB)", "GB-months",
                quantity=20,
                unit_price=0.088,  # ebs/eu-west-1.csv storage gp3 [janitor-fixtures-prices-5cd12c81]
                monthly_cost=1.76,  # 20 * 0.088
                source=EBS_FEED, data_date="2026-10-06",
            ),
            component(
                "CPU credits (unlimited mode, above baseline)", "vCPU-hours",
                quantity=None,
                # ec2/eu-west-1.csv cpu_credits family=t3;Linux [terracost, Z25C5STUBANBQC5Y]
                unit_price=0.05,
                monthly_cost=None,  # no usage estimate: shown as $0.05 per vCPU-hour
                source=TERRACOST, data_date="2023-02-23", usage_based=True,
            ),
        ],
    }
    assert res["notes"] == [STALE_2023]


def test_t3_in_standard_credit_mode_has_no_cpu_credit_component(price):
    res = price("aws_instance.app",
                instance("t3.medium", root={"volume_size": 20},
                         credit_specification=[{"cpu_credits": "standard"}]),
                unknown=INSTANCE_UNKNOWN, region="eu-west-1")

    assert res["status"] == "priced"
    assert [c["name"] for c in res["after"]["components"]] == [
        "Instance usage (Linux/UNIX, on-demand, t3.medium)", "Root volume storage (gp3, 20 GB)"]
    # the 2023 credit price is not used any more; the instance hour is the feed's 2025 row
    assert res["notes"] == [STALE_2025]


def test_t3_in_us_east_1_drops_the_unpriced_credit_component_with_a_note(price):
    res = price("aws_instance.app", instance("t3.medium"), unknown=INSTANCE_UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 34.368,  # 30.368 + 4
        "components": [
            component(
                "Instance usage (Linux/UNIX, on-demand, t3.medium)", "hours",
                quantity=730,
                unit_price=0.0416,  # ec2/us-east-1.csv t3.medium;Linux;Shared [karpenter-aws]
                monthly_cost=30.368,  # 730 * 0.0416
                source=KARPENTER, data_date="2026-07-20",
            ),
            ROOT_GP3_50,
        ],
    }
    assert res["notes"] == [
        "CPU credits (unlimited mode, above baseline): no price in the data for us-east-1, "
        "not shown"]


def test_dedicated_tenancy_is_not_priced_at_the_shared_rate(price):
    # The table has no Dedicated rows: the instance hours are missing, the root volume is not.
    res = price("aws_instance.web", instance(tenancy="dedicated"), unknown=INSTANCE_UNKNOWN)

    assert res["status"] == "partial"
    assert res["after"] == {"monthly_cost": 4, "components": [ROOT_GP3_50]}
    assert res["notes"] == [
        "dedicated tenancy: AWS also bills a per-region fee for every hour any dedicated "
        "instance runs there (per account, not priced here)",
        "no price in the data for: Instance usage (Linux/UNIX, on-demand, dedicated tenancy, "
        "m5.large) in us-east-1"]


def test_dedicated_host_tenancy_is_unsupported(price):
    res = price("aws_instance.web", instance(tenancy="host"), unknown=INSTANCE_UNKNOWN)

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["monthly_delta"] is None
    assert res["notes"] == ["dedicated-host tenancy is billed per host, not per instance"]


def test_unknown_instance_type_is_partial_with_a_note(price):
    attrs = instance()
    del attrs["instance_type"]  # unknown values are absent from `after`
    res = price("aws_instance.web", attrs, unknown={**INSTANCE_UNKNOWN, "instance_type": True})

    assert res["status"] == "partial"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["monthly_delta"] is None  # not $0: the instance type decides the price
    assert res["notes"] == ["not fully priced: instance_type is known only after apply"]


M5_WITH_ASSUMED_ROOT = {
    "monthly_cost": 70.88,  # 70.08 + 0.8
    "components": [
        M5_LARGE_HOURS,
        component(
            "Root volume storage (gp2, 8 GB)", "GB-months",
            quantity=8,
            unit_price=0.1,  # ebs/us-east-1.csv storage volume_type=gp2 [janitor-fixtures-...]
            monthly_cost=0.8,  # 8 * 0.1
            source=EBS_FEED, data_date="2026-10-06",
        ),
    ],
}
ASSUMED_ROOT_NOTE = "root volume size not in the plan; assumed 8 GB gp2 (the usual AMI default)"


def test_missing_root_block_device_assumes_8_gb_gp2_with_a_note(price):
    # No root_block_device in the configuration: the block is computed, unknown in the plan.
    attrs = instance()
    del attrs["root_block_device"]
    res = price("aws_instance.web", attrs,
                unknown={**INSTANCE_UNKNOWN, "root_block_device": True})

    assert res["status"] == "priced"
    assert res["after"] == M5_WITH_ASSUMED_ROOT
    assert res["notes"] == [ASSUMED_ROOT_NOTE]


def test_root_block_device_without_a_size_assumes_8_gb_gp2_with_a_note(price):
    res = price("aws_instance.web",
                instance(root={"volume_size": None, "volume_type": None, "iops": None,
                               "throughput": None}),
                unknown={**INSTANCE_UNKNOWN, "root_block_device": [{"volume_type": True}]})

    assert res["after"] == M5_WITH_ASSUMED_ROOT
    assert res["notes"] == [ASSUMED_ROOT_NOTE]


def test_root_volume_size_known_only_after_apply_is_partial(price):
    res = price("aws_instance.web", instance(root={"volume_size": None}),
                unknown={**INSTANCE_UNKNOWN, "root_block_device": [{"volume_size": True}]})

    assert res["status"] == "partial"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["notes"] == [
        "not fully priced: root_block_device.0.volume_size is known only after apply"]


def test_update_from_m5_large_to_m5_xlarge(price_changes):
    before = instance(id="i-0a1b2c3d4e5f60718", arn="arn:aws:ec2:us-east-1:1:instance/i-0a1b",
                      availability_zone="us-east-1a")
    after = {**before, "instance_type": "m5.xlarge"}
    (res,) = price_changes(make_change("aws_instance.web", after, before=before,
                                       action="update"))

    assert res["action"] == "update"
    assert res["status"] == "priced"
    assert res["before"] == {"monthly_cost": 74.08,  # 70.08 + 4
                             "components": [M5_LARGE_HOURS, ROOT_GP3_50]}
    assert res["after"] == {
        "monthly_cost": 144.16,  # 140.16 + 4
        "components": [
            component(
                "Instance usage (Linux/UNIX, on-demand, m5.xlarge)", "hours",
                quantity=730,
                unit_price=0.192,  # ec2/us-east-1.csv m5.xlarge;Linux;Shared [karpenter-aws]
                monthly_cost=140.16,  # 730 * 0.192
                source=KARPENTER, data_date="2026-07-20",
            ),
            ROOT_GP3_50,
        ],
    }
    assert res["monthly_delta"] == 70.08  # 144.16 - 74.08


# --- regions --------------------------------------------------------------------------------


def test_unknown_region_makes_the_instance_unsupported_with_a_note(price):
    res = price("aws_instance.web", instance(), unknown=INSTANCE_UNKNOWN, region="xx-nowhere-1")

    assert res["status"] == "unsupported"
    assert res["region"] == "xx-nowhere-1"
    assert res["after"] is None
    assert res["monthly_delta"] is None
    assert res["notes"] == [
        "'xx-nowhere-1' is not a known AWS region (from the provider block): not priced"]


def test_eu_south_2_prices_instance_and_volume_from_the_2025_feeds(price):
    # eu-south-2 had no EBS price before the EBS calculator feed (36 regions) was built in.
    res = price("aws_instance.web", instance(), unknown=INSTANCE_UNKNOWN, region="eu-south-2")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 82.51,  # 78.11 + 4.4
        "components": [
            component(
                "Instance usage (Linux/UNIX, on-demand, m5.large)", "hours",
                quantity=730,
                unit_price=0.107,  # ec2/eu-south-2.csv m5.large;Linux;Shared [awspricewatcher-...]
                monthly_cost=78.11,  # 730 * 0.107
                source=EC2_FEED, data_date="2025-11-20",
            ),
            component(
                "Root volume storage (gp3, 50 GB)", "GB-months",
                quantity=50,
                unit_price=0.088,  # ebs/eu-south-2.csv storage gp3 [rosa-calculator-..., 4STH5FTTSDG422F5]
                monthly_cost=4.4,  # 50 * 0.088
                source="rosa-calculator-ebs-feed-bf29b7ce", data_date="2025-10-28",
            ),
        ],
    }
    assert res["notes"] == ["priced from data dated 2025-10-28, older than 12 months"]


# --- aws_ebs_volume -------------------------------------------------------------------------


def volume(volume_type: str, size: int | None, **extra: Any) -> dict[str, Any]:
    """aws_ebs_volume `after` for a create."""
    attrs: dict[str, Any] = {
        "availability_zone": "us-east-1a", "encrypted": True, "final_snapshot": False,
        "multi_attach_enabled": False, "type": volume_type, "tags": {"Name": "data"},
    }
    if size is not None:
        attrs["size"] = size
    attrs.update(extra)
    return attrs


VOLUME_UNKNOWN = {"arn": True, "id": True, "kms_key_id": True, "snapshot_id": True,
                  "iops": True, "throughput": True}
IOPS_SET_UNKNOWN = {k: v for k, v in VOLUME_UNKNOWN.items() if k != "iops"}  # iops in config


@pytest.mark.parametrize(
    ("volume_type", "size", "unit_price", "monthly_cost"),
    [
        # ebs/us-east-1.csv storage volume_type=<type> [janitor-fixtures-prices-5cd12c81]
        ("gp2", 100, 0.1, 10),  # 100 * 0.1
        ("st1", 500, 0.045, 22.5),  # 500 * 0.045
        ("sc1", 1000, 0.015, 15),  # 1000 * 0.015
    ],
)
def test_ebs_volume_storage_only_types_in_us_east_1(price, volume_type, size, unit_price,
                                                    monthly_cost):
    res = price("aws_ebs_volume.data", volume(volume_type, size), unknown=VOLUME_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": monthly_cost,
        "components": [
            component(f"Volume storage ({volume_type}, {size} GB)", "GB-months",
                      quantity=size, unit_price=unit_price, monthly_cost=monthly_cost,
                      source=EBS_FEED, data_date="2026-10-06"),
        ],
    }


def test_magnetic_volume_io_requests_are_usage_based(price):
    res = price("aws_ebs_volume.data", volume("standard", 50), unknown=VOLUME_UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 2.5,  # 50 * 0.05
        "components": [
            component("Volume storage (standard, 50 GB)", "GB-months", quantity=50,
                      unit_price=0.05,  # ebs/us-east-1.csv storage volume_type=standard [janitor]
                      monthly_cost=2.5, source=EBS_FEED, data_date="2026-10-06"),
            component("Volume I/O requests (standard)", "requests", quantity=None,
                      unit_price=0.00000005,  # ebs/us-east-1.csv io_requests standard [rosa]
                      monthly_cost=None, usage_based=True,
                      source="rosa-calculator-ebs-feed-bf29b7ce", data_date="2025-10-28"),
        ],
    }
    assert res["notes"] == ["priced from data dated 2025-10-28, older than 12 months"]


def test_ebs_volume_without_a_type_assumes_gp2_with_a_note(price):
    attrs = volume("gp2", 100)
    del attrs["type"]
    res = price("aws_ebs_volume.data", attrs, unknown={**VOLUME_UNKNOWN, "type": True})

    assert res["after"]["components"][0]["name"] == "Volume storage (gp2, 100 GB)"
    assert res["notes"] == ["volume type not set; EC2's default gp2 assumed"]


def test_ebs_gp3_volume_with_extra_iops_and_throughput(price):
    res = price("aws_ebs_volume.data", volume("gp3", 200, iops=6000, throughput=500),
                unknown={"arn": True, "id": True, "kms_key_id": True, "snapshot_id": True})

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 46,  # 16 + 15 + 15
        "components": [
            component("Volume storage (gp3, 200 GB)", "GB-months", quantity=200,
                      unit_price=0.08,  # ebs/us-east-1.csv storage gp3 [janitor-fixtures-...]
                      monthly_cost=16,  # 200 * 0.08
                      source=EBS_FEED, data_date="2026-10-06"),
            component("Volume provisioned IOPS (gp3, above 3000)", "IOPS-months",
                      quantity=3000,  # 6000 - 3000 included
                      unit_price=0.005,  # ebs/us-east-1.csv iops tier=1;gp3 [janitor-...]
                      monthly_cost=15,  # 3000 * 0.005
                      source=EBS_FEED, data_date="2026-10-06"),
            component("Volume provisioned throughput (gp3, above 125 MiB/s)", "MiBps-months",
                      quantity=375,  # 500 - 125 included
                      unit_price=0.04,  # ebs/us-east-1.csv throughput gp3 [janitor-...]
                      monthly_cost=15,  # 375 * 0.04
                      source=EBS_FEED, data_date="2026-10-06"),
        ],
    }


def test_ebs_io1_volume_in_us_east_1(price):
    res = price("aws_ebs_volume.db", volume("io1", 100, iops=5000), unknown=IOPS_SET_UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 337.5,  # 12.5 + 325
        "components": [
            component("Volume storage (io1, 100 GB)", "GB-months", quantity=100,
                      unit_price=0.125,  # ebs/us-east-1.csv storage io1 [janitor-...]
                      monthly_cost=12.5,  # 100 * 0.125
                      source=EBS_FEED, data_date="2026-10-06"),
            component("Volume provisioned IOPS (io1)", "IOPS-months", quantity=5000,
                      unit_price=0.065,  # ebs/us-east-1.csv iops tier=1;io1 [janitor-...]
                      monthly_cost=325,  # 5000 * 0.065
                      source=EBS_FEED, data_date="2026-10-06"),
        ],
    }
    assert res["notes"] == []


def test_ebs_io1_volume_in_eu_west_1(price):
    res = price("aws_ebs_volume.db", volume("io1", 100, iops=5000, availability_zone="eu-west-1a"),
                unknown=IOPS_SET_UNKNOWN, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 373.8,  # 13.8 + 360
        "components": [
            component("Volume storage (io1, 100 GB)", "GB-months", quantity=100,
                      unit_price=0.138,  # ebs/eu-west-1.csv storage io1 [janitor-...]
                      monthly_cost=13.8,  # 100 * 0.138
                      source=EBS_FEED, data_date="2026-10-06"),
            component("Volume provisioned IOPS (io1)", "IOPS-months", quantity=5000,
                      unit_price=0.072,  # ebs/eu-west-1.csv iops tier=1;io1 [janitor-...]
                      monthly_cost=360,  # 5000 * 0.072
                      source=EBS_FEED, data_date="2026-10-06"),
        ],
    }
    assert res["notes"] == []


def io2_storage(size: int, cost: float) -> dict[str, Any]:
    return component(f"Volume storage (io2, {size} GB)", "GB-months", quantity=size,
                     unit_price=0.138,  # ebs/eu-west-1.csv storage io2 [janitor-...]
                     monthly_cost=cost, source=EBS_FEED, data_date="2026-10-06")


def io2_tier(tier: int, quantity: int, unit_price: float, cost: float) -> dict[str, Any]:
    return component(f"Volume provisioned IOPS (io2 tier {tier})", "IOPS-months",
                     quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=EBS_FEED, data_date="2026-10-06")


# ebs/eu-west-1.csv iops tier=N;io2 [janitor-fixtures-prices-5cd12c81]:
# tier 1 0.072, tier 2 0.0504, tier 3 0.03528 (the same values as terracost's 2023 rows)
@pytest.mark.parametrize(
    ("size", "iops", "expected_components", "total"),
    [
        pytest.param(
            500, 40000,
            [io2_storage(500, 69),  # 500 * 0.138
             io2_tier(1, 32000, 0.072, 2304),  # 32,000 * 0.072
             io2_tier(2, 8000, 0.0504, 403.2)],  # 8,000 * 0.0504
            2776.2,  # 69 + 2304 + 403.2
            id="40k-iops-split-32k-tier1-8k-tier2",
        ),
        pytest.param(
            100, 32000,
            [io2_storage(100, 13.8),  # 100 * 0.138
             io2_tier(1, 32000, 0.072, 2304)],  # exactly the tier-1 ceiling: no tier 2
            2317.8,  # 13.8 + 2304
            id="32k-iops-all-tier1",
        ),
        pytest.param(
            2000, 80000,
            [io2_storage(2000, 276),  # 2000 * 0.138
             io2_tier(1, 32000, 0.072, 2304),  # 32,000 * 0.072
             io2_tier(2, 32000, 0.0504, 1612.8),  # 32,000 * 0.0504
             io2_tier(3, 16000, 0.03528, 564.48)],  # 16,000 * 0.03528
            4757.28,  # 276 + 2304 + 1612.8 + 564.48
            id="80k-iops-all-three-tiers",
        ),
    ],
)
def test_ebs_io2_volume_iops_tiers_in_eu_west_1(price, size, iops, expected_components, total):
    res = price("aws_ebs_volume.db", volume("io2", size, iops=iops, availability_zone="eu-west-1a"),
                unknown=IOPS_SET_UNKNOWN, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": total, "components": expected_components}
    assert res["notes"] == []


def test_ebs_volume_size_known_only_after_apply_is_partial(price):
    res = price("aws_ebs_volume.restore", volume("gp3", None, snapshot_id="snap-0123456789"),
                unknown={**VOLUME_UNKNOWN, "snapshot_id": False, "size": True})

    assert res["status"] == "partial"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["notes"] == ["not fully priced: size is known only after apply"]


def test_ebs_volume_sized_by_its_snapshot_is_partial(price):
    res = price("aws_ebs_volume.restore", volume("gp3", None, snapshot_id="snap-0123456789"))

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: size is taken from the snapshot, not in the plan"]


def test_a_volume_block_with_a_non_numeric_size_is_partial_not_an_error(price):
    res = price("aws_instance.web", instance(root={"volume_size": "large"}),
                unknown=INSTANCE_UNKNOWN)

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: Root volume size is 'large', expected a number"]
