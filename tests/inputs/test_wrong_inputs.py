"""Messages for the mistakes people make: each says what to pass instead, in one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PLAN, ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def run(*args: str, cwd: Path | None = None, env: dict | None = None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cost_gate", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env=full_env)


def one_error_line(proc) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def test_plan_json_event_stream():
    line = one_error_line(run(str(FIXTURES / "plan_json_event_stream.jsonl")))
    assert "this is the event stream of `terraform plan -json`, not a plan" in line
    assert "terraform plan -out tf.plan && terraform show -json tf.plan > plan.json" in line


def test_a_tf_file_says_to_pass_its_directory(tmp_path):
    tf = tmp_path / "main.tf"
    tf.write_text('resource "aws_eip" "a" {}\n')
    line = one_error_line(run(str(tf)))
    assert "is a Terraform configuration file, not a plan" in line
    assert f"pass its directory to price the code (cost-gate {tmp_path})" in line


def test_a_tfvars_file_says_to_use_var_file(tmp_path):
    tfvars = tmp_path / "prod.tfvars"
    tfvars.write_text('region = "eu-west-1"\n')
    line = one_error_line(run(str(tfvars)))
    assert f"pass it with --var-file next to the directory of .tf files: cost-gate DIR " \
           f"--var-file {tfvars}" in line


def test_a_parent_directory_lists_the_projects_below(tmp_path):
    for name in ("network", "app"):
        (tmp_path / "envs" / name).mkdir(parents=True)
        (tmp_path / "envs" / name / "main.tf").write_text('resource "aws_eip" "a" {}\n')
    (tmp_path / "envs" / "app" / "modules" / "x").mkdir(parents=True)
    (tmp_path / "envs" / "app" / "modules" / "x" / "main.tf").write_text("")
    # check discovers projects below a directory; these declare no provider or terraform
    # block (modules, or roots relying on implicit providers), so it names them instead
    line = one_error_line(run(str(tmp_path)))
    assert line == (f"error: {tmp_path}: no Terraform project found (no directory below it has "
                    ".tf/.tofu files declaring a provider or terraform block, or a "
                    f"terragrunt.hcl); directories with Terraform files below it: "
                    f"{tmp_path}/envs/app, {tmp_path}/envs/network; pass one or more of them")
    # diff prices one directory per side: the same hint
    line = one_error_line(run("diff", "--base", str(tmp_path), "--head", str(tmp_path)))
    assert line == (f"error: {tmp_path}: no .tf, .tofu or .tf.json files in this directory, but "
                    f"Terraform projects below it: {tmp_path}/envs/app, {tmp_path}/envs/network;"
                    " pass one or more of them")


def test_mistyped_subcommand_suggests_the_command():
    line = one_error_line(run("chek", str(EXAMPLE_PLAN)))
    assert line == ("error: no such command or file: 'chek' (hint: did you mean "
                    "`cost-gate check`?)")
    other = one_error_line(run("estimate"))
    assert "no such command or file: 'estimate'" in other and "commands: check" in other
    # a path that does not exist is still a missing file
    assert one_error_line(run("nothere.json")) == "error: nothere.json: no such file"


def _binary_plan(tmp_path: Path) -> Path | None:
    """A real binary plan of a config that needs no provider download (terraform_data)."""
    terraform = shutil.which("terraform")
    if terraform is None:
        return None
    (tmp_path / "main.tf").write_text('resource "terraform_data" "marker" {\n  input = "x"\n}\n')
    for args in (["init", "-input=false"], ["plan", "-input=false", "-out", "tf.plan"]):
        proc = subprocess.run([terraform, *args], cwd=tmp_path, capture_output=True, timeout=300)
        if proc.returncode != 0:
            pytest.skip(f"terraform {args[0]} failed here: {proc.stderr[-300:]!r}")
    return tmp_path / "tf.plan"


def test_binary_plan_is_read_through_terraform_show(tmp_path):
    plan = _binary_plan(tmp_path)
    if plan is None:
        pytest.skip("terraform is not on PATH")
    proc = run("check", str(plan), "--format", "json", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    import json

    report = json.loads(proc.stdout)
    (project,) = report["projects"]
    assert project["notes"] == [
        f"priced from {plan} (binary plan, read with `terraform show -json`)"]
    (resource,) = project["resources"]
    assert resource["address"] == "terraform_data.marker" and resource["status"] == "free"


def test_binary_plan_without_terraform_names_the_file(tmp_path):
    plan = tmp_path / "tf.plan"
    plan.write_bytes(b"PK\x03\x04" + b"\x00" * 64)  # a plan file is a zip archive
    empty = tmp_path / "no-tools"
    empty.mkdir()
    line = one_error_line(run(str(plan), env={"PATH": str(empty)}))
    assert line == (f"error: {plan}: this is a binary Terraform plan file, not JSON (hint: run "
                    f"`terraform show -json {plan} > plan.json`)")
