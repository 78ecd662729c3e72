"""EBS snapshots, AMIs that own snapshots, and fast snapshot restore, priced end to end.

Unit prices: read from the pricing_data/aws/ebs/<region>.csv row named in the comment
(product, attributes [source id]). Monthly costs: worked out by hand next to them. Attribute
shapes follow `terraform show -json` of hashicorp/aws 5.100 (a snapshot's volume_size is known
only after apply).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component, make_change

EBS_FEED = "janitor-fixtures-prices-5cd12c81"  # AWS Price List extract, data_date 2026-10-06
ROSA = "rosa-calculator-ebs-feed-bf29b7ce"  # AWS EBS calculator feed, data_date 2025-10-28
UPPER_BOUND = ("snapshot storage priced at the full size of the source volumes (an upper bound: "
               "only written blocks are stored); set storage_gb in the usage file to refine")
SNAPSHOT_UNKNOWN = {"arn": True, "id": True, "volume_id": True, "volume_size": True,
                    "storage_tier": True, "encrypted": True, "kms_key_id": True}
FSR_PER_UNIT = component(
    "Fast snapshot restore", "DSU-hours", quantity=None,
    unit_price=0.75,  # ebs/us-east-1.csv fast_snapshot_restore [rosa-calculator-ebs-feed]
    monthly_cost=None, usage_based=True, source=ROSA, data_date="2025-10-28")
STALE_ROSA = "priced from data dated 2025-10-28, older than 12 months"


def storage(gb: float, *, usage_based: bool = False, archive: bool = False) -> dict:
    price = 0.0125 if archive else 0.05  # ebs/us-east-1.csv snapshot(_archive) [janitor]
    return component("Snapshot storage (archive tier)" if archive else "Snapshot storage",
                     "GB-months", quantity=gb, unit_price=price,
                     monthly_cost=None if gb is None else round(gb * price, 6),
                     usage_based=usage_based, source=EBS_FEED, data_date="2026-10-06")


def test_snapshot_of_a_volume_in_the_plan_is_priced_at_its_size(price):
    res = price("aws_ebs_snapshot.data", {"tags": {"Name": "data"}}, unknown=SNAPSHOT_UNKNOWN,
                references={"volume_id": ["aws_ebs_volume.data.id", "aws_ebs_volume.data"]},
                others={"aws_ebs_volume.data": {"availability_zone": "us-east-1a", "size": 40,
                                                "type": "gp3"}})

    assert res["status"] == "priced"
    assert res["notes"] == [UPPER_BOUND, STALE_ROSA]
    assert res["after"] == {"monthly_cost": 2,  # 40 GB * 0.05
                            "components": [storage(40), FSR_PER_UNIT]}


def test_snapshot_of_an_unknown_volume_is_shown_per_gb_month(price):
    res = price("aws_ebs_snapshot.data", {"volume_id": "vol-0abc"}, unknown=SNAPSHOT_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [STALE_ROSA]
    assert res["after"] == {"monthly_cost": 0,
                            "components": [storage(None, usage_based=True), FSR_PER_UNIT]}


def test_usage_file_storage_and_fast_restore_hours(price):
    usage = Usage(by_address={"aws_ebs_snapshot.data": {
        "storage_gb": Decimal(12), "fast_snapshot_restore_hours": Decimal(100)}})
    res = price("aws_ebs_snapshot.data", {"volume_id": "vol-0abc"}, unknown=SNAPSHOT_UNKNOWN,
                usage=usage)

    assert res["after"]["monthly_cost"] == 75.6  # 12 * 0.05 + 100 * 0.75
    assert [c["monthly_quantity"] for c in res["after"]["components"]] == [12, 100]


def test_archive_tier_snapshot_in_a_state(price):
    # In a state (after apply) the size is known.
    res = price("aws_ebs_snapshot.old", {"volume_id": "vol-0abc", "volume_size": 500,
                                         "storage_tier": "archive"})

    assert res["after"]["components"][0] == storage(500, archive=True)
    assert res["after"]["monthly_cost"] == 6.25  # 500 * 0.0125


def test_snapshot_copy_stores_its_source_snapshot(price_changes):
    changes = [
        make_change("aws_ebs_snapshot_copy.dr", {"source_region": "us-east-1"},
                    unknown={**SNAPSHOT_UNKNOWN, "source_snapshot_id": True},
                    references={"source_snapshot_id": ["aws_ebs_snapshot.data.id",
                                                       "aws_ebs_snapshot.data"]},
                    region="eu-west-1"),
        make_change("aws_ebs_snapshot.data", {}, unknown=SNAPSHOT_UNKNOWN,
                    references={"volume_id": ["aws_ebs_volume.data"]}),
        make_change("aws_ebs_volume.data", {"size": 100, "type": "gp2"}),
    ]
    res = {r["address"]: r for r in price_changes(*changes)}["aws_ebs_snapshot_copy.dr"]

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": 5, "components": [component(
        "Snapshot storage", "GB-months", quantity=100,
        unit_price=0.05,  # ebs/eu-west-1.csv snapshot [janitor]
        monthly_cost=5, source=EBS_FEED, data_date="2026-10-06")]}


def test_snapshot_import_size_is_usage(price):
    res = price("aws_ebs_snapshot_import.vm",
                {"disk_container": [{"format": "VHD", "user_bucket": [
                    {"s3_bucket": "images", "s3_key": "vm.vhd"}]}], "role_name": "vmimport"},
                unknown=SNAPSHOT_UNKNOWN)

    assert res["after"]["components"] == [storage(None, usage_based=True)]


def test_ami_copy_owns_copies_of_its_source_snapshots(price):
    res = price("aws_ami_copy.dr", {"name": "dr", "source_ami_region": "us-east-1",
                                    "encrypted": False},
                unknown={"ebs_block_device": True, "id": True, "arn": True},
                references={"source_ami_id": ["aws_ami.base.id", "aws_ami.base"]},
                others={"aws_ami.base": {
                    "name": "base", "root_device_name": "/dev/xvda",
                    "ebs_block_device": [
                        {"device_name": "/dev/xvda", "volume_size": 30, "volume_type": "gp3"},
                        {"device_name": "/dev/xvdb", "volume_size": 70, "volume_type": "gp3"}]}})

    assert res["notes"] == [UPPER_BOUND]
    assert res["after"] == {"monthly_cost": 5, "components": [storage(100)]}  # 100 GB * 0.05


def test_ami_from_instance_snapshots_the_instance_volumes(price):
    res = price("aws_ami_from_instance.golden", {"name": "golden"},
                unknown={"ebs_block_device": True, "id": True},
                references={"source_instance_id": ["aws_instance.web.id", "aws_instance.web"]},
                others={"aws_instance.web": {
                    "instance_type": "m5.large",
                    "root_block_device": [{"volume_size": 50, "volume_type": "gp3"}],
                    "ebs_block_device": [{"device_name": "/dev/sdf", "volume_size": 25}]}})

    assert res["after"] == {"monthly_cost": 3.75, "components": [storage(75)]}  # 75 * 0.05


@pytest.mark.parametrize("region,unit_price,source,data_date", [
    ("us-east-1", 0.75, ROSA, "2025-10-28"),  # ebs/us-east-1.csv fast_snapshot_restore
    ("eu-west-1", 0.825, ROSA, "2025-10-28"),  # ebs/eu-west-1.csv fast_snapshot_restore
])
def test_fast_snapshot_restore_is_billed_per_az_hour(price, region, unit_price, source,
                                                     data_date):
    res = price("aws_ebs_fast_snapshot_restore.data",
                {"availability_zone": f"{region}a"},
                unknown={"id": True, "snapshot_id": True, "state": True}, region=region)

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": round(730 * unit_price, 6), "components": [
        component(f"Fast snapshot restore ({region}a)", "DSU-hours", quantity=730,
                  unit_price=unit_price, monthly_cost=round(730 * unit_price, 6),
                  source=source, data_date=data_date)]}
