"""The Atlantis custom workflow (examples/atlantis/repos.yaml), run step by step the way
Atlantis runs it: the built-in ``init`` and ``plan`` steps as Atlantis performs them (with the
provider from the local mirror and fake credentials), ``env`` steps exported, ``run`` steps
through ``sh -c`` in the project directory with Atlantis's variables. Skips when terraform or
the provider mirror is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli_shim import install_cli_shim, read_calls

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "atlantis" / "repos.yaml"
PLUGIN_DIR = Path(os.environ.get("COST_GATE_TF_PLUGIN_DIR", "/opt/tf-plugins"))

MAIN_TF = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAFAKEFAKEFAKE0000"
  secret_key                  = "fake-secret-for-an-offline-plan"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = var.instance_type
}
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 500
  type              = "gp3"
}
variable "instance_type" {
  default = "m5.large"
}
"""


def steps() -> list:
    config = yaml.safe_load(WORKFLOW.read_text())
    assert config["repos"][0]["workflow"] == "cost-gate"
    return config["workflows"]["cost-gate"]["plan"]["steps"]


def test_workflow_shape():
    names = [s if isinstance(s, str) else next(iter(s)) for s in steps()]
    assert names[:2] == ["init", "plan"]
    assert names.count("run") == 2 and "env" in names


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> dict[str, str]:
    """A project after Atlantis's built-in ``init`` and ``plan`` steps; Atlantis's variables."""
    terraform = shutil.which("terraform")
    if terraform is None:
        pytest.skip("terraform is not installed")
    if not (PLUGIN_DIR / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
        pytest.skip(f"no hashicorp/aws provider mirror in {PLUGIN_DIR} "
                    "(set COST_GATE_TF_PLUGIN_DIR)")
    tmp = tmp_path_factory.mktemp("atlantis")
    project = tmp / "repo" / "infra"
    project.mkdir(parents=True)
    (project / "main.tf").write_text(MAIN_TF)
    env = {
        "PATH": f"{Path(terraform).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp), "LANG": "C.UTF-8", "TF_IN_AUTOMATION": "1",
        "TF_CLI_CONFIG_FILE": str(tmp / "no.terraformrc"),  # no network mirrors
        # What Atlantis sets for custom run steps.
        "WORKSPACE": "default", "ATLANTIS_TERRAFORM_VERSION": "", "DIR": str(project),
        "PLANFILE": str(project / "default.tfplan"),
        "SHOWFILE": str(project / "default.tfplan.json"),
        "PROJECT_NAME": "infra", "PULL_NUM": "12", "BASE_REPO_OWNER": "acme",
        "BASE_REPO_NAME": "infra", "HEAD_COMMIT": "ab" * 20,
    }
    builtin = {
        "init": f"terraform init -input=false -no-color -plugin-dir='{PLUGIN_DIR}'",
        "plan": 'terraform plan -input=false -no-color -refresh=false -out "$PLANFILE"',
    }
    for step in steps()[:2]:
        proc = subprocess.run(["sh", "-c", builtin[step]], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return env


def run_custom_steps(planned: dict[str, str], tmp_path: Path, extra_env: dict[str, str]):
    """The workflow's steps after ``plan``, as Atlantis runs them; cost-gate is recorded."""
    bindir, calls = tmp_path / "bin", tmp_path / "calls.jsonl"
    install_cli_shim(bindir, calls)
    env = {**planned, **extra_env, "PYTHONPATH": str(ROOT),
           "COST_GATE_CACHE_DIR": str(tmp_path / "cache"),
           "PATH": f"{bindir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                   f"{planned['PATH']}"}
    outputs: list[tuple[str, int, str]] = []
    for step in steps()[2:]:
        if "env" in step:
            env[step["env"]["name"]] = str(step["env"]["value"])
            continue
        proc = subprocess.run(["sh", "-c", step["run"]], cwd=planned["DIR"], env=env,
                              capture_output=True, text=True, timeout=600)
        outputs.append((step["run"], proc.returncode, proc.stdout + proc.stderr))
        if proc.returncode != 0:
            break
    return outputs, read_calls(calls), env


def test_plan_is_priced_and_gated(planned, tmp_path):
    outputs, calls, env = run_custom_steps(planned, tmp_path, {})
    last_step, code, output = outputs[-1]
    assert code == 0, outputs
    assert last_step.startswith("cost-gate check")
    assert "aws_instance.app" in output and "aws_ebs_volume.data" in output
    assert "eu-west-1" in output and "Gate: PASS" in output
    [call] = calls
    assert call["argv"] == ["check", env["SHOWFILE"]]
    assert call["env"]["COST_GATE_MAX_INCREASE"] == "500"
    assert call["env"]["COST_GATE_WARN_INCREASE_PERCENT"] == "10"


def test_budget_fails_the_plan(planned, tmp_path):
    outputs, _, _ = run_custom_steps(planned, tmp_path, {"COST_GATE_MAX_TOTAL": "10"})
    step, code, output = outputs[-1]
    assert step.startswith("cost-gate check") and code == 1, outputs
    assert "exceeds the $10.00 limit (--max-total)" in output


def test_without_showfile_the_json_lands_beside_the_plan(planned, tmp_path):
    outputs, calls, env = run_custom_steps(planned, tmp_path, {"SHOWFILE": ""})
    assert outputs[-1][1] == 0, outputs
    assert calls[0]["argv"] == ["check", env["PLANFILE"] + ".json"]
