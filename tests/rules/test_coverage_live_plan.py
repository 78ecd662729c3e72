"""Real provider output (skipped without terraform or a local hashicorp/aws mirror): gp3 IOPS
set from a value known only after apply vs left to the provider's default, and an
internet-facing ALB's public IPv4 addresses, as `terraform show -json` prints them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cost_gate.api import build_report
from tests.live_terraform import fake_aws_provider, require_terraform, terraform_show_json

MAIN_TF = fake_aws_provider("us-east-1") + """
resource "aws_security_group" "sg" { name = "app" }
resource "aws_ebs_volume" "set" {
  availability_zone = "us-east-1a"
  size              = 500
  type              = "gp3"
  iops              = length(aws_security_group.sg.id) > 0 ? 6000 : 3000
}
resource "aws_ebs_volume" "unset" {
  availability_zone = "us-east-1a"
  size              = 500
  type              = "gp3"
}
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0a", "subnet-0b", "subnet-0c"]
}
"""


@pytest.fixture(scope="module")
def plan_json(tmp_path_factory) -> Path:
    require_terraform()
    work = tmp_path_factory.mktemp("coverage")
    (work / "main.tf").write_text(MAIN_TF)
    path = work / "plan.json"
    path.write_text(terraform_show_json(work))
    return path


def test_real_plan_gp3_after_apply_and_lb_public_ipv4(plan_json):
    plan = json.loads(plan_json.read_text())
    unknown = {rc["address"]: rc["change"]["after_unknown"].get("iops")
               for rc in plan["resource_changes"] if rc["type"] == "aws_ebs_volume"}
    assert unknown == {"aws_ebs_volume.set": True, "aws_ebs_volume.unset": True}  # both!

    report = build_report([str(plan_json)], env={})
    res = {r["address"]: r for r in report["projects"][0]["resources"]}

    assert res["aws_ebs_volume.set"]["status"] == "partial"
    assert res["aws_ebs_volume.set"]["notes"] == [
        "not fully priced: iops is known only after apply"]
    assert res["aws_ebs_volume.unset"]["status"] == "priced"  # gp3's free baseline
    assert res["aws_ebs_volume.unset"]["monthly_delta"] == 40  # 500 GB x 0.08
    ipv4 = [c for c in res["aws_lb.web"]["after"]["components"]
            if c["name"].startswith("Public IPv4")]
    assert [(c["monthly_quantity"], c["unit_price"]) for c in ipv4] == [(2190, 0.005)]
