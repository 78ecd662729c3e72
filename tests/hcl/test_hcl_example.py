"""examples/terraform/ (a realistic multi-module project) prices without terraform installed."""

from __future__ import annotations

from pathlib import Path

from cost_gate.inputs.hcl import load_hcl_project

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "terraform"


def test_example_evaluates_every_module() -> None:
    project = load_hcl_project(str(EXAMPLE), env={})
    by = project.by_address()
    assert project.notes == []  # everything in the example can be evaluated offline
    # prod (terraform.tfvars): one NAT gateway per AZ, three AZs
    assert [a for a in by if a.startswith("module.network.aws_nat_gateway.")] == [
        f"module.network.aws_nat_gateway.this[{i}]" for i in range(3)
    ]
    app = by["aws_instance.app[1]"].after
    assert app.attributes["instance_type"] == "m5.xlarge"
    assert [d["volume_type"] for d in app.attributes["ebs_block_device"]] == ["gp3", "st1"]
    assert app.unknown == {"subnet_id": True}
    asg = by["module.web.aws_autoscaling_group.web"]
    assert asg.references["launch_template.id"] == ["module.web.aws_launch_template.web"]
    assert by["module.web.aws_launch_template.web"].after.attributes["instance_type"] == "m5.large"
    db = by["module.database.aws_db_instance.this"].after.attributes
    assert (db["instance_class"], db["multi_az"], db["allocated_storage"]) == (
        "db.r5.large",
        True,
        500,
    )
    dr = by["aws_ebs_volume.dr_backup[1]"].after
    assert (dr.region, dr.attributes["size"]) == ("us-west-2", 500)
    assert by['aws_instance.worker["report"]'].after.attributes["root_block_device"] == [
        {"volume_size": 100, "volume_type": "gp3"}
    ]


def test_example_prices_without_terraform_binary() -> None:
    from cost_gate.api import build_report

    report = build_report([str(EXAMPLE)], env={})
    counts = report["summary"]["resource_counts"]
    assert counts["unsupported"] == 0 and counts["priced"] >= 15
    assert report["summary"]["monthly_after"] > 1000
    dev = build_report([str(EXAMPLE)], env={}, variables={"environment": "dev"})
    assert 0 < dev["summary"]["monthly_after"] < report["summary"]["monthly_after"]
