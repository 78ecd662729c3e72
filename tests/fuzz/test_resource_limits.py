"""The CLI under a 2 GiB address-space limit and a wall-clock cap, on one hostile input of
each class in issue 13: it answers (exit 0, 1 or 2) in seconds, without running out of
memory and without an internal error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

resource = pytest.importorskip("resource", reason="RLIMIT_AS needs a POSIX system")

ROOT = Path(__file__).resolve().parents[2]
MEMORY = 2 * 1024**3
WALL_SECONDS = 60

PLAN = {
    "format_version": "1.2",
    "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
        "region": {"constant_value": "us-east-1"}}}}},
    "resource_changes": [{
        "address": "aws_ebs_volume.v", "mode": "managed", "type": "aws_ebs_volume",
        "name": "v", "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": None,
                   "after": {"type": "gp3", "size": "SIZE"}, "after_unknown": {}}}],
}


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_limited(*args: str) -> tuple[int, str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COST_GATE_DEBUG")}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "cost_gate", *args], capture_output=True,
                          text=True, env=env, timeout=WALL_SECONDS, preexec_fn=_limit,
                          cwd=ROOT)
    elapsed = time.monotonic() - start
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "internal error" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr[-500:])
    return proc.returncode, proc.stderr, elapsed


def plan_text(size: str) -> str:
    return json.dumps(PLAN).replace('"SIZE"', size)


JSON_CASES = {
    "deep-nesting": '{"format_version": "1.2", "resource_changes": ' + "[" * 500_000
                    + "]" * 500_000 + "}",
    "nan": plan_text("NaN"),
    "overflow": plan_text("1e400"),
    "huge-int": plan_text("9" * 100_000),
    "type-confusion": json.dumps({**PLAN, "resource_changes": [{"change": [1, 2, 3]}]}),
    "truncated": plan_text("100")[:150],
}


@pytest.mark.parametrize("name", sorted(JSON_CASES))
def test_hostile_json_under_limits(tmp_path, name):
    path = tmp_path / "plan.json"
    path.write_text(JSON_CASES[name])
    run_limited("check", str(path), "--format", "json")


def test_dev_zero_as_plan_under_limits():
    code, err, _ = run_limited("check", "/dev/zero")
    assert code == 2 and "not a regular file" in err


HCL_CASES = {
    "count": 'resource "aws_eip" "ip" {\n  count = 1e9\n}\n',
    "module-count": 'module "m" {\n  source = "./mod"\n  count = 1e7\n}\n',
    "setproduct": 'locals {\n  p = setproduct(range(1024), range(1024), range(1024))\n}\n'
                  'resource "aws_eip" "ip" {\n  tags = { n = length(local.p) }\n}\n',
    "format-width": 'resource "aws_eip" "ip" {\n  tags = { x = format("%999999999d", 1) }\n}\n',
    "indent": 'resource "aws_eip" "ip" {\n  tags = { x = indent(1e9, "a\\nb") }\n}\n',
    "regex": 'resource "aws_eip" "ip" {\n  tags = { x = length(regexall("(a+)+b", '
             'join("", [for i in range(5000) : "a"]))) }\n}\n',
    "file-dev-zero": 'resource "aws_eip" "ip" {\n  tags = { x = file("/dev/zero") }\n}\n',
    "deep-parens": "locals {\n  x = " + "(" * 20_000 + "1" + ")" * 20_000 + "\n}\n",
    "for-loops": 'locals {\n  x = [for i in range(1024) : [for j in range(1024) : '
                 '[for k in range(1024) : k]]]\n}\nresource "aws_eip" "ip" {\n'
                 '  tags = { n = length(local.x) }\n}\n',
    "string-growth": 'locals {\n  a = join("", [for i in range(1000) : "xxxxxxxxxx"])\n'
                     '  b = join("", [for i in range(1000) : local.a])\n}\n'
                     'resource "aws_eip" "ip" {\n  tags = { n = length(local.b) }\n}\n',
}


@pytest.mark.parametrize("name", sorted(HCL_CASES))
def test_hostile_hcl_under_limits(tmp_path, name):
    (tmp_path / "main.tf").write_text(HCL_CASES[name])
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text('resource "aws_eip" "ip" {}\n')
    _, _, elapsed = run_limited("check", str(tmp_path), "--format", "json")
    assert elapsed < WALL_SECONDS


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this OS")
def test_fifo_tfvars_under_limits(tmp_path):
    (tmp_path / "main.tf").write_text('variable "x" {\n  default = 1\n}\n')
    os.mkfifo(tmp_path / "x.auto.tfvars")
    code, err, _ = run_limited("check", str(tmp_path))
    assert code == 2 and "not a regular file" in err
