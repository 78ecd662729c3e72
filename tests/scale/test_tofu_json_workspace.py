"""OpenTofu .tofu files, Terraform JSON syntax (*.tf.json) and workspaces in HCL mode."""

from __future__ import annotations

import json
import shutil

from cost_gate.inputs import load_input
from cost_gate.inputs.hcl import load_hcl_project
from cost_gate.inputs.hcl.config import module_file_names
from tests.live_terraform import fake_aws_provider, require_terraform, terraform_show_json

from .conftest import FIXTURES, MONOREPO

JSON_ROOT = MONOREPO / "envs" / "json"


def test_tofu_files_hide_the_tf_file_of_the_same_name():
    names = ["a.tf", "main.tf", "main.tofu", "override.tf", "override.tofu", "b.tf.json",
             "b.tofu.json", "c_override.tf.json", "x.tfvars", "README.md"]
    assert module_file_names(names) == ["a.tf", "b.tofu.json", "main.tofu",
                                        "c_override.tf.json", "override.tofu"]
    project = load_input(str(MONOREPO / "envs" / "staging"), env={})
    assert sorted(c.address for c in project.changes) == ["aws_eip.ip",
                                                          "module.web.aws_instance.web"]


def test_a_tofu_only_root_is_a_project(tmp_path):
    (tmp_path / "main.tofu").write_text('resource "aws_eip" "ip" {\n  domain = "vpc"\n}\n')
    assert [c.address for c in load_input(str(tmp_path), env={}).changes] == ["aws_eip.ip"]


def test_tf_json_is_read_like_hcl():
    project = load_hcl_project(str(JSON_ROOT), env={})
    changes = {c.address: c for c in project.changes}
    app = changes["aws_instance.app"].after
    assert app.attributes["instance_type"] == "m5.xlarge"
    assert app.attributes["root_block_device"] == [{"volume_type": "gp3", "volume_size": 40}]
    assert app.attributes["tags"] == {"Name": "json-m5.xlarge", "team": "payments"}
    assert app.region == "us-east-1"
    data = changes["aws_ebs_volume.data[1]"].after
    assert (data.attributes["size"], data.region) == (80, "us-west-2")  # provider aws.west
    assert not project.notes


def _plan_attributes(plan: dict) -> dict[str, dict]:
    return {rc["address"]: rc["change"]["after"] for rc in plan["resource_changes"]}


def _subset(small, big, path=""):
    if isinstance(small, dict):
        for key, value in small.items():
            _subset(value, big[key], f"{path}.{key}")
    elif isinstance(small, list):
        assert len(small) == len(big), path
        for a, b in zip(small, big, strict=True):
            _subset(a, b, path)
    else:
        assert small == big, path


def _check_against_plan(plan: dict) -> None:
    hcl = load_hcl_project(str(JSON_ROOT), env={})
    from_plan = load_input(str(FIXTURES / "json_plan" / "plan.json"), env={})
    assert sorted(c.address for c in hcl.changes) == sorted(_plan_attributes(plan))
    planned = _plan_attributes(plan)
    regions = {c.address: c.after.region for c in from_plan.changes}
    for change in hcl.changes:
        _subset(change.after.attributes, planned[change.address], change.address)
        assert change.after.region == regions[change.address]


def test_tf_json_matches_the_plan_terraform_made_of_it():
    """The saved plan is `terraform show -json` of fixtures/monorepo/envs/json (see below)."""
    _check_against_plan(json.loads((FIXTURES / "json_plan" / "plan.json").read_text()))


FAKE_CREDENTIALS = fake_aws_provider() + fake_aws_provider(alias="west")


def test_tf_json_matches_a_live_terraform_plan(tmp_path):
    require_terraform()
    work = tmp_path / "json"
    shutil.copytree(JSON_ROOT, work)
    (work / "fake_override.tf").write_text(FAKE_CREDENTIALS)
    _check_against_plan(json.loads(terraform_show_json(work)))


def test_workspace_from_flag_env_or_the_selected_one(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(MONOREPO, root)
    prod = root / "envs" / "prod"

    def instance_type(**kwargs) -> str:
        project = load_input(str(prod), **kwargs)
        web = next(c for c in project.changes if c.type == "aws_instance")
        return web.after.attributes["instance_type"]

    assert instance_type(env={}) == "t3.micro"  # default workspace
    assert instance_type(env={}, workspace="prod") == "m5.large"
    assert instance_type(env={"TF_WORKSPACE": "prod"}) == "m5.large"
    (prod / ".terraform").mkdir()
    (prod / ".terraform" / "environment").write_text("prod")
    assert instance_type(env={}) == "m5.large"
    assert instance_type(env={}, workspace="staging") == "t3.micro"
