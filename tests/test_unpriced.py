"""Unpriced and unknown never read as $0: null deltas, what the summary says, region findings,
the --unpriced gate, not-cloud resources and saved version-1 reports."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cost_gate.api import build_report
from cost_gate.gate import Budgets, evaluate_gate
from cost_gate.render import render
from cost_gate.report import upgrade_report
from tests.inputs import planfactory as pf

FIXTURES = Path(__file__).parent / "fixtures"
PLANS = FIXTURES / "plans"
TODAY = date(2026, 11, 26)


def report_for(path: Path | str, **kwargs) -> dict:
    return build_report([str(path)], env={}, today=TODAY, **kwargs)


@pytest.fixture(scope="module")
def schema() -> dict:
    from importlib import resources

    return json.loads(resources.files("cost_gate").joinpath("schema/report.schema.json")
                      .read_text())


def by_address(report: dict) -> dict[str, dict]:
    return {r["address"]: r for p in report["projects"] for r in p["resources"]}


# --- a replacement to a type with no price ------------------------------------------------------

def test_replacement_to_an_unpriced_type_has_an_unknown_delta(schema):
    report = report_for(PLANS / "replace_to_unpriced_type.json")
    jsonschema.validate(report, schema)
    batch = by_address(report)["aws_instance.batch"]
    assert batch["action"] == "replace" and batch["status"] == "partial"
    assert batch["monthly_delta"] is None
    # the known side is still there: m5.xlarge $0.192/h x 730 + 8 GB gp3 root $0.08
    assert batch["before"]["monthly_cost"] == pytest.approx(140.16 + 0.64)
    assert any("trn2.48xlarge" in n or "Instance usage" in n for n in batch["notes"])
    summary = report["summary"]
    assert summary["unpriced_changes"] == ["aws_instance.batch"]
    assert summary["delta_complete"] is False
    # the known delta is the t3.micro -> t3.small update alone, never "-$140.16"
    assert summary["monthly_delta"] == pytest.approx(730 * (0.0208 - 0.0104))
    assert batch["partial_sides"] == ["after"]
    table = render(report, "table", width=200)
    assert "decrease" not in table and "decrease" not in render(report, "markdown")
    # the unpriced side is a lower bound, and the instance is not "removed": it has no price
    assert "$140.80 -> $0.80 + ?" in table
    assert "Instance usage (Linux/UNIX, on-demand, m5.xlarge) (after: not priced)" in table
    assert "$140.16 -> ?" in table
    assert "| aws\\_instance.batch ⚠️ | replace | $140.80 | $0.80 + ? | unknown |" in render(
        report, "markdown")


def test_unpriced_gate_policy_default_warn_fail_and_ignore():
    path = PLANS / "replace_to_unpriced_type.json"
    warn = report_for(path)["gate"]
    assert warn["status"] == "warn"
    (violation,) = warn["violations"]
    assert violation["rule"] == "unpriced" and violation["resources"] == ["aws_instance.batch"]
    assert "aws_instance.batch" in violation["message"]
    assert report_for(path, budgets=Budgets(unpriced="fail"))["gate"]["status"] == "fail"
    assert report_for(path, budgets=Budgets(unpriced="ignore"))["gate"] == {
        "status": "pass", "violations": []}


def test_unpriced_fail_fails_the_cli_even_under_the_increase_limit(tmp_path):
    from cost_gate.cli import cli

    result = CliRunner().invoke(cli, ["check", str(PLANS / "replace_to_unpriced_type.json"),
                                      "--max-increase", "100", "--unpriced", "fail"])
    assert result.exit_code == 1
    assert "Gate: FAIL" in result.output and "aws_instance.batch" in result.output


def test_env_sets_the_unpriced_policy():
    assert Budgets.from_env({"COST_GATE_UNPRICED": "fail"}).unpriced == "fail"
    assert Budgets.from_env({}).unpriced is None


def test_failing_findings_fail_the_gate_one_violation_per_kind():
    # the plug point later policies (tag-policy, junk, ...) use
    report = {"summary": {"monthly_delta": 0, "monthly_after": 0, "unpriced_changes": []},
              "findings": [
                  {"kind": "tag-policy", "id": "t1", "address": "a", "severity": "fail",
                   "message": "a: missing tag owner"},
                  {"kind": "tag-policy", "id": "t2", "address": "b", "severity": "fail",
                   "message": "b: missing tag owner"},
                  {"kind": "region", "id": "r", "address": "c", "severity": "warn",
                   "message": "only shown"}]}
    gate = evaluate_gate(report, None)
    assert gate["status"] == "fail"
    (violation,) = gate["violations"]
    assert violation["rule"] == "finding:tag-policy" and violation["actual"] == 2


# --- regions ------------------------------------------------------------------------------------

def test_region_typo_from_a_variable_is_a_finding_and_unpriced(schema):
    report = report_for(PLANS / "region_typo_from_variable.json")
    jsonschema.validate(report, schema)
    (finding,) = report["findings"]
    assert finding["kind"] == "region" and finding["severity"] == "warn"
    assert finding["id"] == "unknown-region:aws:us-east-9"
    assert finding["region"] == "us-east-9" and finding["region_variable"] == "region"
    assert finding["addresses"] == ["aws_instance.app", "aws_instance.batch"]
    assert finding["message"] == ("'us-east-9' is not a known AWS region (from variable "
                                  "var.region, used by the provider block) (2 resources not "
                                  "priced)")
    assert all(r["monthly_delta"] is None for r in by_address(report).values())
    assert report["summary"]["monthly_delta"] == 0
    assert report["summary"]["unpriced_changes"] == ["aws_instance.app", "aws_instance.batch"]
    assert report["gate"]["status"] == "warn"
    assert "'us-east-9' is not a known AWS region" in render(report, "table")


def test_region_typo_in_hcl_mode_names_the_variable(tmp_path):
    project = tmp_path / "infra"
    project.mkdir()
    shutil.copy(PLANS / "main.tf.txt", project / "main.tf")
    report = build_report([str(project)], env={}, today=TODAY,
                          variables={"region": "us-east-9"})
    (finding,) = report["findings"]
    assert "var.region" in finding["message"] and finding["region"] == "us-east-9"
    # the same code with a real region prices both instances (m5.xlarge + t3.small, root gp2)
    good = build_report([str(project)], env={}, today=TODAY, variables={"region": "us-east-1"})
    assert not [f for f in good["findings"] if f["kind"] == "region"]
    assert good["summary"]["delta_complete"] is True


def test_region_typo_from_the_flag_says_so():
    doc = pf.plan(pf.change("aws_instance.web", ["create"], after={
        "instance_type": "t3.micro", "ami": "ami-1", "tenancy": "default"}))
    project = pf.parse(doc, region="eu-wset-1")
    from cost_gate.estimate import estimate

    report = estimate([project], today=TODAY).to_dict()
    (finding,) = report["findings"]
    assert finding["region_source"] == "flag"
    assert "(from --region / COST_GATE_REGION)" in finding["message"]


def test_real_region_without_shipped_prices_says_how_to_refresh():
    doc = pf.plan(pf.change("aws_nat_gateway.main", ["create"],
                            after={"connectivity_type": "public"}),
                  provider_config={"aws": pf.provider("eusc-de-east-1")},
                  resources=[pf.config_resource("aws_nat_gateway.main")])
    from cost_gate.estimate import estimate

    report = estimate([pf.parse(doc)], today=TODAY).to_dict()
    (finding,) = report["findings"]
    assert finding["id"] == "no-price-data:aws:eusc-de-east-1"
    assert finding["message"].startswith(
        "no prices shipped for eusc-de-east-1; run `cost-gate pricing update --region "
        "eusc-de-east-1`")


def test_region_lists_ship_with_the_price_data():
    from cost_gate.regions import is_known_region

    assert is_known_region("aws", "us-east-1") and is_known_region("aws", "cn-north-1")
    assert is_known_region("aws", "us-east-9") is False
    assert is_known_region("azurerm", "westeurope") and not is_known_region("azurerm", "westeu")
    assert is_known_region("google", "europe-west1")
    # Cloud Storage multi- and dual-region locations (a bucket's `location`)
    assert all(is_known_region("google", loc) for loc in ("us", "eu", "asia", "eur4", "nam4"))
    assert is_known_region("google", "europe-multi") is False
    assert is_known_region("kubernetes", "anything") is None


# --- non-cloud providers ------------------------------------------------------------------------

def test_non_cloud_resources_are_counted_apart_not_unsupported(schema):
    from cost_gate.estimate import estimate

    k8s = "registry.terraform.io/hashicorp/kubernetes"
    doc = pf.plan(
        pf.change("kubernetes_deployment.app", ["create"], after={"metadata": []},
                  provider=k8s),
        pf.change("helm_release.ingress", ["create"], after={"chart": "ingress-nginx"},
                  provider="registry.terraform.io/hashicorp/helm"),
        pf.change("random_id.suffix", ["create"], after={"byte_length": 4}, provider=pf.RANDOM),
    )
    report = estimate([pf.parse(doc)], today=TODAY).to_dict()
    jsonschema.validate(report, schema)
    statuses = {a: r["status"] for a, r in by_address(report).items()}
    assert statuses == {"kubernetes_deployment.app": "not-cloud",
                        "helm_release.ingress": "not-cloud", "random_id.suffix": "free"}
    summary = report["summary"]
    assert summary["resource_counts"]["not-cloud"] == 2
    assert summary["resource_counts"]["unsupported"] == 0
    assert summary["delta_complete"] is True and report["gate"]["status"] == "pass"
    assert "2 not cloud resources" in render(report, "table")


# --- saved reports ------------------------------------------------------------------------------

def test_saved_version_1_report_is_read_and_recomputed(schema):
    v1 = json.loads((FIXTURES / "report_v1_example.json").read_text())
    assert v1["schema_version"] == 1
    upgraded = upgrade_report(v1, "report.json")
    jsonschema.validate(upgraded, schema)
    assert upgraded["summary"]["unpriced_changes"] == ["aws_dynamodb_table.sessions"]
    assert upgraded["summary"]["monthly_delta"] == pytest.approx(v1["summary"]["monthly_delta"])
    assert upgraded["gate"]["status"] == "warn"


def test_render_and_comment_accept_a_version_1_report(tmp_path, monkeypatch):
    from cost_gate.cli import cli

    for name in ("GITHUB_ACTIONS", "GITLAB_CI", "TF_BUILD", "BITBUCKET_BUILD_NUMBER", "CI"):
        monkeypatch.delenv(name, raising=False)
    saved = str(FIXTURES / "report_v1_example.json")
    rendered = CliRunner().invoke(cli, ["render", saved, "--format", "markdown"])
    assert rendered.exit_code == 0, rendered.output
    assert "Not priced (1): aws\\_dynamodb\\_table.sessions" in rendered.output
    dry = CliRunner().invoke(cli, ["comment", "--report", saved, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "<!-- cost-gate:v1" in dry.output and "### Monthly cost change unknown" in dry.output


def test_unsupported_schema_version_is_a_one_line_error(tmp_path):
    from cost_gate.cli import cli

    bad = tmp_path / "r.json"
    bad.write_text(json.dumps({"schema_version": 9, "projects": []}))
    result = CliRunner().invoke(cli, ["render", str(bad)])
    assert result.exit_code != 0
    assert "schema_version 9 is not supported (expected one of 1, 2)" in str(result.exception)


def test_an_unpriced_change_counts_as_a_cost_change_for_skip_no_diff():
    from cost_gate.vcs.poster import has_cost_change

    report = report_for(PLANS / "region_typo_from_variable.json")
    assert report["summary"]["monthly_delta"] == 0
    assert has_cost_change(report) is True


def test_unchanged_unpriced_resources_make_totals_partial_not_the_delta():
    from cost_gate.estimate import estimate

    doc = pf.plan(
        pf.change("aws_dynamodb_table.sessions", ["no-op"], before={"name": "s"},
                  after={"name": "s"}),
        pf.change("aws_eip.nat", ["create"], after={"domain": "vpc"}),
    )
    report = estimate([pf.parse(doc)], today=TODAY).to_dict()
    summary = report["summary"]
    assert summary["delta_complete"] is True and summary["unpriced_changes"] == []
    assert summary["unpriced_unchanged"] == 1 and summary["totals_complete"] is False
    assert summary["monthly_delta"] == pytest.approx(3.65)  # 730 h x $0.005 public IPv4
    assert report["gate"]["status"] == "pass"
    table = render(report, "table")
    assert "Monthly cost will increase by $3.65" in table
    assert "Monthly cost (priced part only)" in table
    assert "1 unchanged resource(s) not fully priced: the totals are partial" in table
