"""IOPS and throughput known only after apply (issue 9, billing accuracy).

When the configuration sets gp3 (or io1/io2) IOPS or throughput to a value known only after
apply (a reference, an expression over one), that charge is priced per unit and the resource
is ``partial`` with a note naming the attribute; when the configuration leaves them out, the
plan still shows them unknown (the provider computes AWS's default), and the free gp3 baseline
is right: priced, no note.

Unit prices: ebs/us-east-1.csv iops tier=1;gp3 0.005, throughput gp3 0.04, storage gp3 0.08
[janitor-fixtures-prices-5cd12c81, 2026-10-06]; rds/eu-west-1.csv Single-AZ;Any;gp3 iops 0.022,
throughput 0.088 [awspricewatcher-v0rts-41e3f457, 2025-12-05].
"""

from __future__ import annotations

from typing import Any

from cost_gate.inputs.plan import configured_paths
from tests.rules.conftest import component, make_change
from tests.rules.test_ec2 import INSTANCE_UNKNOWN, VOLUME_UNKNOWN, instance, volume
from tests.rules.test_launch import template
from tests.rules.test_rds import DB_UNKNOWN, db

EBS_FEED = "janitor-fixtures-prices-5cd12c81"
RDS_STORAGE_FEED = "awspricewatcher-v0rts-41e3f457"


def per_unit(name: str, unit: str, unit_price: float, source: str = EBS_FEED,
             data_date: str = "2026-10-06") -> dict[str, Any]:
    return component(name, unit, quantity=None, unit_price=unit_price, monthly_cost=None,
                     source=source, data_date=data_date)


def test_ebs_volume_iops_set_from_a_reference_is_partial_and_named(price):
    res = price("aws_ebs_volume.data", volume("gp3", 500), unknown=VOLUME_UNKNOWN,
                set_in_config=("iops",))

    assert res["status"] == "partial"
    assert res["monthly_delta"] is None
    assert res["notes"] == ["not fully priced: iops is known only after apply"]
    assert res["after"]["components"][1:] == [
        per_unit("Volume provisioned IOPS (gp3, above 3000)", "IOPS-months", 0.005)]
    assert res["after"]["monthly_cost"] == 40  # the storage only: 500 * 0.08


def test_ebs_volume_iops_and_throughput_left_unset_are_the_free_baseline(price):
    res = price("aws_ebs_volume.data", volume("gp3", 500), unknown=VOLUME_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert [c["name"] for c in res["after"]["components"]] == ["Volume storage (gp3, 500 GB)"]


def test_instance_root_throughput_set_from_an_expression(price):
    attrs = instance(root={"throughput": None})
    unknown = {**INSTANCE_UNKNOWN, "root_block_device": [
        {"device_name": True, "kms_key_id": True, "volume_id": True, "throughput": True}]}
    res = price("aws_instance.web", attrs, unknown=unknown,
                set_in_config=("root_block_device.throughput",))

    assert res["status"] == "partial"
    assert res["notes"] == [
        "not fully priced: root_block_device.0.throughput is known only after apply"]
    assert res["after"]["components"][-1] == per_unit(
        "Root volume provisioned throughput (gp3, above 125 MiB/s)", "MiBps-months", 0.04)


def test_launch_template_block_device_iops_named_on_the_instance(price_changes):
    lt = make_change("aws_launch_template.lt", template(), unknown={"block_device_mappings": [
        {"ebs": [{"iops": True, "throughput": True}]}, {"ebs": [{"iops": True}]}]},
        set_in_config=("block_device_mappings.ebs.iops",))
    app = make_change("aws_instance.app", {"launch_template": [{"version": "$Latest"}],
                                          "credit_specification": [], "ebs_block_device": []},
                      unknown={"instance_type": True, "monitoring": True, "tenancy": True,
                               "ebs_optimized": True, "root_block_device": True},
                      references={"launch_template.id": ["aws_launch_template.lt"]})
    res = {r["address"]: r for r in price_changes(lt, app)}["aws_instance.app"]

    # /dev/xvda is gp3 (its IOPS billed above 3000); /dev/xvdb gp2 (IOPS not billed)
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: aws_launch_template.lt.block_device_mappings.0."
                            "ebs.0.iops is known only after apply"]
    assert per_unit("EBS volume /dev/xvda provisioned IOPS (gp3, above 3000)", "IOPS-months",
                    0.005) in res["after"]["components"]


def test_rds_gp3_storage_throughput_set_from_a_variable_known_after_apply(price):
    attrs = db("postgres", "db.r6g.large", allocated_storage=500, storage_type="gp3")
    res = price("aws_db_instance.orders", attrs, region="eu-west-1",
                unknown={**DB_UNKNOWN, "iops": True, "storage_throughput": True},
                set_in_config=("storage_throughput",))

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: storage_throughput is known only after apply"]
    names = [c["name"] for c in res["after"]["components"]]
    assert "Provisioned IOPS (gp3, above 12000)" not in names  # iops unset: the baseline
    assert per_unit("Provisioned throughput (gp3, above 500 MB/s)", "MBps-months", 0.088,
                    RDS_STORAGE_FEED, "2025-12-05") in res["after"]["components"]


def test_plan_reader_records_the_paths_the_configuration_sets():
    config = {"expressions": {
        "type": {"constant_value": "gp3"},
        "iops": {"references": ["aws_ssm_parameter.iops.value", "aws_ssm_parameter.iops"]},
        "root_block_device": [{"throughput": {"references": ["local.tp"]}}],
        "tags": {"constant_value": {"Name": "x"}},
    }}
    assert configured_paths(config) == {"type", "iops", "root_block_device.throughput", "tags"}
    assert configured_paths(None) is None


def test_renderers_say_known_after_apply_not_usage_based(store):
    from cost_gate.estimate import estimate
    from cost_gate.models import Project
    from cost_gate.render import render
    from tests.rules.conftest import TODAY

    change = make_change("aws_ebs_volume.data", volume("gp3", 500), unknown=VOLUME_UNKNOWN,
                         set_in_config=("iops",))
    report = estimate([Project("p", "plan.json", "plan", [change])], store=store,
                      today=TODAY).to_dict()
    markdown = render(report, "markdown")

    assert ("| Volume provisioned IOPS \\(gp3, above 3000\\) | known after apply | "
            "$0.005 per IOPS-month | unknown |") in markdown
    assert "Usage-based charges" not in markdown
