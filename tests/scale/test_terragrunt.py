"""Terragrunt leaves: include/expose, dependency mocks, local and cached remote sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cost_gate.errors import InputError
from cost_gate.inputs.terragrunt import load_terragrunt_project, read_leaf

from .conftest import MONOREPO

LIVE = MONOREPO / "live" / "us-west-2"


def _by_address(project) -> dict:
    return {c.address: c for c in project.changes}


def test_include_expose_dependency_mocks_generate_and_local_source():
    leaf = read_leaf(str(LIVE / "app"), env={})
    assert leaf.module_dir == str(MONOREPO / "modules" / "web")  # "../../../modules//web"
    # root.hcl's inputs merged under the leaf's; get_env default; mock outputs;
    # include.root.locals exposed (region read from region.hcl via find_in_parent_folders)
    assert leaf.inputs == {"name": "app-us-west-2", "instance_type": "t3.medium",
                           "volume_size": 50}
    assert 'region = "us-west-2"' in leaf.generated["provider.tf"]
    assert any("mock_outputs" in n for n in leaf.notes)

    project = load_terragrunt_project(str(LIVE / "app"), env={})
    web = _by_address(project)["aws_instance.web"]
    assert web.after.attributes["instance_type"] == "t3.medium"
    assert web.after.attributes["root_block_device"][0]["volume_size"] == 50
    assert web.after.attributes["tags"] == {"Name": "app-us-west-2"}
    assert (web.after.region, web.after.region_source) == ("us-west-2", "provider")
    assert project.name == "app" and project.input_type == "hcl"


def test_get_env_reads_the_environment():
    project = load_terragrunt_project(str(LIVE / "app"), env={"APP_INSTANCE_TYPE": "m5.large"})
    assert _by_address(project)["aws_instance.web"].after.attributes["instance_type"] == (
        "m5.large")


def test_path_relative_to_include_and_parent_dir_in_a_source():
    leaf = read_leaf(str(LIVE / "db"), env={})
    # source = "${get_parent_terragrunt_dir("root")}/../modules/db"
    assert leaf.module_dir == str(MONOREPO / "modules" / "db")
    # root.hcl: name = "live-${basename(path_relative_to_include())}"
    assert leaf.inputs == {"name": "live-db", "size": 200}
    project = load_terragrunt_project(str(LIVE / "db"), env={})
    assert _by_address(project)["aws_ebs_volume.data"].after.attributes["size"] == 200


def test_remote_source_from_the_terragrunt_cache_and_a_dependency_without_mocks():
    leaf = read_leaf(str(LIVE / "remote"), env={})
    assert leaf.module_dir.endswith(".terragrunt-cache/h1/h2/vpc")
    project = load_terragrunt_project(str(LIVE / "remote"), env={})
    changes = _by_address(project)
    assert sorted(changes) == ["aws_eip.nat[0]", "aws_eip.nat[1]", "aws_nat_gateway.nat[0]",
                               "aws_nat_gateway.nat[1]"]
    nat = changes["aws_nat_gateway.nat[0]"]
    assert any("dependency 'network'" in n and "mock_outputs" in n for n in nat.notes)
    assert any("dependency 'network'" in n for n in project.notes)


def test_remote_source_not_downloaded_says_how_to_fix(tmp_path):
    tree = tmp_path / "live"
    shutil.copytree(MONOREPO / "live", tree)
    shutil.rmtree(tree / "us-west-2" / "remote" / ".terragrunt-cache")
    with pytest.raises(InputError, match=r"not downloaded \(run `terragrunt init`"):
        read_leaf(str(tree / "us-west-2" / "remote"), env={})


def test_old_style_include_deep_merge_and_leaf_files(tmp_path):
    (tmp_path / "terragrunt.hcl").write_text(
        'inputs = {\n  tags = { team = "core", env = "dev" }\n  size = 10\n}\n')
    leaf = tmp_path / "unit"
    leaf.mkdir()
    (leaf / "terragrunt.hcl").write_text(
        'include {\n  path = find_in_parent_folders()\n  merge_strategy = "deep"\n}\n'
        'inputs = {\n  tags = { env = "prod" }\n}\n')
    (leaf / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-central-1"\n}\n'
        'variable "tags" {\n  type = map(string)\n}\nvariable "size" {\n  type = number\n}\n'
        'resource "aws_ebs_volume" "v" {\n  availability_zone = "eu-central-1a"\n'
        '  size = var.size\n  tags = var.tags\n}\n')
    project = load_terragrunt_project(str(leaf), env={})
    volume = project.changes[0].after
    assert volume.attributes["tags"] == {"team": "core", "env": "prod"}
    assert volume.attributes["size"] == 10 and volume.region == "eu-central-1"


def test_cli_var_and_leaf_tfvars_win_over_inputs(tmp_path):
    tree = tmp_path / "repo"
    shutil.copytree(MONOREPO, tree)
    app = tree / "live" / "us-west-2" / "app"
    (app / "terraform.tfvars").write_text('volume_size = 70\n')
    project = load_terragrunt_project(str(app), env={})
    assert project.changes[0].after.attributes["root_block_device"][0]["volume_size"] == 70
    project = load_terragrunt_project(str(app), env={}, variables={"volume_size": "90"})
    assert project.changes[0].after.attributes["root_block_device"][0]["volume_size"] == 90


@pytest.mark.parametrize(("text", "message"), [
    ('include "x" {\n  path = find_in_parent_folders("nowhere.hcl")\n}\n',
     "include 'x': path cannot be evaluated"),
    ('terraform {\n  source = "../missing"\n}\n', "local source '../missing' not found"),
    ('inputs = {\n', "syntax error"),
])
def test_bad_terragrunt_files_are_one_line_input_errors(tmp_path, text, message):
    leaf = tmp_path / "leaf"
    leaf.mkdir()
    (leaf / "terragrunt.hcl").write_text(text)
    with pytest.raises(InputError, match=message):
        load_terragrunt_project(str(leaf), env={})


def test_offline_functions_become_unknowns_with_notes(tmp_path):
    (tmp_path / "terragrunt.hcl").write_text(
        'locals {\n  account = get_aws_account_id()\n}\n'
        'inputs = {\n  type = "t3.micro"\n  name = local.account\n}\n')
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\nvariable "type" {}\nvariable "name" {}\n'
        'resource "aws_instance" "x" {\n  ami = "ami-1"\n  instance_type = var.type\n'
        '  tags = { Name = var.name }\n}\n')
    project = load_terragrunt_project(str(tmp_path), env={})
    assert any("get_aws_account_id() is not evaluated offline" in n for n in project.notes)
    assert project.changes[0].after.attributes["instance_type"] == "t3.micro"


def test_terragrunt_functions_stay_unknown_in_plain_terraform(tmp_path: Path):
    from cost_gate.inputs.hcl import load_hcl_project

    (tmp_path / "main.tf").write_text(
        'resource "aws_eip" "x" {\n  domain = get_env("HOME")\n}\n')
    change = load_hcl_project(str(tmp_path), env={}).changes[0]
    assert any("get_env() is not supported in HCL mode" in n for n in change.notes)
