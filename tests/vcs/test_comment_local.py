"""`cost-gate comment` where there is no CI: --dry-run prints the body; a plan given as
--report is estimated with the usage file (flag or COST_GATE_USAGE_FILE)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from cost_gate.api import build_report
from tests.conftest import EXAMPLE_PLAN, ROOT

USAGE = ROOT / "examples" / "usage.yml"


@pytest.fixture
def no_ci(monkeypatch):
    for name in list(os.environ):
        if name.startswith(("GITHUB_", "GITLAB", "CI_", "BITBUCKET_", "SYSTEM_", "TF_BUILD",
                            "COST_GATE_", "GH_")) or name == "CI":
            monkeypatch.delenv(name, raising=False)


def comment(*args: str, env: dict | None = None):
    from cost_gate.cli.comment import comment as command

    return CliRunner().invoke(command, list(args), env=env, catch_exceptions=False)


def test_dry_run_without_ci_repo_pr_or_token_prints_the_body(no_ci):
    result = comment("--report", str(EXAMPLE_PLAN), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "<!-- cost-gate:v1 -->\n\n### " in result.output
    assert "### Monthly cost change unknown: 1 change not priced" in result.output
    assert "dry run: no CI platform detected; nothing posted" in result.output


def test_dry_run_on_a_named_platform_without_its_settings_still_prints(no_ci):
    result = comment("github", "--report", str(EXAMPLE_PLAN), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "### Monthly cost change unknown" in result.output
    assert "dry run: nothing posted" in result.output


def test_without_dry_run_a_missing_platform_is_still_a_usage_error(no_ci):
    from cost_gate.cli.comment import comment as command

    result = CliRunner().invoke(command, ["--report", str(EXAMPLE_PLAN)])
    assert result.exit_code == 2
    assert "could not detect the CI platform" in result.output


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_plan_report_is_estimated_with_the_usage_file(no_ci, how):
    args = ["--report", str(EXAMPLE_PLAN), "--dry-run"]
    env = None
    if how == "flag":
        args += ["--usage-file", str(USAGE)]
    else:
        env = {"COST_GATE_USAGE_FILE": str(USAGE)}
    result = comment(*args, env=env)
    assert result.exit_code == 0, result.output
    # aws_nat_gateway.main: 2,500 GB x $0.045 = $112.50 (only with the usage file)
    assert "| Data processed | 2,500 GB | $0.045 per GB | $112.50 |" in result.output


def test_a_plan_report_honours_strict_usage(no_ci, tmp_path):
    usage = tmp_path / "usage.yml"
    usage.write_text("version: 0.1\nresource_usage:\n  aws_nat_gateway.mian:\n"
                     "    monthly_data_processed_gb: 1\n")
    result = comment("--report", str(EXAMPLE_PLAN), "--dry-run", "--usage-file", str(usage))
    assert result.exit_code == 0, result.output
    assert "**Usage file warnings:**" in result.output
    result = comment("--report", str(EXAMPLE_PLAN), "--dry-run", "--usage-file", str(usage),
                     "--strict-usage")
    assert result.exit_code == 2
    assert "aws_nat_gateway.mian" in result.output and "--strict-usage" in result.output


def test_the_config_applies_to_a_plan_and_to_a_saved_report(no_ci, tmp_path):
    config = tmp_path / "cost-gate.yml"
    config.write_text(f"version: 1\nunpriced: fail\nusage-file: {USAGE}\nbudgets:\n"
                      "  - name: platform\n    warn-increase: 100\n")
    result = comment("--report", str(EXAMPLE_PLAN), "--dry-run", "--config", str(config))
    assert result.exit_code == 1, result.output  # unpriced: fail
    assert "| Data processed | 2,500 GB | $0.045 per GB | $112.50 |" in result.output
    plain = result.output.replace("\\", "")
    assert "platform: monthly increase $568.72 is over warn-increase $100" in plain
    assert "(--unpriced fail)" in plain
    # a flag wins over the config; a saved report is re-gated under the config too
    result = comment("--report", str(EXAMPLE_PLAN), "--dry-run", "--config", str(config),
                     "--unpriced", "warn")
    assert result.exit_code == 0, result.output
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps(build_report([str(EXAMPLE_PLAN)])))
    result = comment("--report", str(saved), "--dry-run", "--config", str(config))
    assert result.exit_code == 1 and "(--unpriced fail)" in result.output.replace("\\", "")
