"""The real console entry point, run as a subprocess: exit codes, outputs, env budgets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE_PLAN


def run(*args: str, stdin: bytes | None = None, env: dict | None = None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("COST_GATE_MAX",
                                                                          "COST_GATE_WARN"))}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "cost_gate", *args], input=stdin,
                          capture_output=True, env=full_env, timeout=60)


def test_default_command_prints_table_and_warns_about_the_unpriced_change():
    # the example plan creates a DynamoDB table, which has no pricing rule: its delta is
    # unknown, so the headline does not claim an increase and the gate warns (default)
    proc = run(str(EXAMPLE_PLAN))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert ("Monthly cost change unknown: 1 change not priced; the priced changes net "
            "+$444.54") in out
    assert "Gate: WARN" in out and "aws_docdb_cluster.sessions" in out


def test_unpriced_policy_from_flag_and_environment():
    assert run(str(EXAMPLE_PLAN), "--unpriced", "fail").returncode == 1
    assert run(str(EXAMPLE_PLAN), env={"COST_GATE_UNPRICED": "fail"}).returncode == 1
    ignored = run(str(EXAMPLE_PLAN), "--unpriced", "ignore")
    assert ignored.returncode == 0 and "Gate: PASS" in ignored.stdout.decode()
    bad = run(str(EXAMPLE_PLAN), "--unpriced", "maybe")
    assert bad.returncode == 2
    assert bad.stderr.decode() == ("error: --unpriced expects one of fail, warn, ignore, "
                                   "got 'maybe'\n")


def test_check_fails_the_build_over_budget():
    proc = run("check", str(EXAMPLE_PLAN), "--max-increase", "100", "--format", "json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["gate"]["status"] == "fail"
    assert b"fail: Monthly cost increase" in proc.stderr


def test_warn_level_keeps_exit_zero():
    proc = run(str(EXAMPLE_PLAN), "--warn-increase", "1", "--format", "markdown")
    assert proc.returncode == 0
    assert "Gate warning" in proc.stdout.decode()


def test_budget_from_environment():
    proc = run(str(EXAMPLE_PLAN), env={"COST_GATE_MAX_TOTAL": "10"})
    assert proc.returncode == 1
    assert "Gate: FAIL" in proc.stdout.decode()


def test_stdin_save_report_and_render(tmp_path: Path):
    saved = tmp_path / "report.json"
    md = tmp_path / "comment.md"
    proc = run("check", "-", "--save-report", str(saved), "--format", "markdown",
               "--out-file", str(md), stdin=EXAMPLE_PLAN.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    assert md.read_text().startswith("### Monthly cost change unknown")
    report = json.loads(saved.read_text())
    assert report["schema_version"] == 2
    again = run("render", str(saved), "--format", "markdown")
    assert again.returncode == 0 and again.stdout.decode() == md.read_text() + ""
    regated = run("render", str(saved), "--max-increase", "1")
    assert regated.returncode == 1


def test_render_refuses_a_plan():
    proc = run("render", str(EXAMPLE_PLAN))
    assert proc.returncode == 2
    assert proc.stderr.decode().count("\n") == 1


def test_no_arguments_is_a_usage_error():
    proc = run("check")
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("error:")


def test_version_and_help():
    assert run("--version").returncode == 0
    help_text = run("--help").stdout.decode()
    assert "Exit codes" in help_text
