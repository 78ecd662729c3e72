"""Many projects: discovery below a directory, configured projects, parallel order, merge."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from cost_gate.api import build_report
from cost_gate.config import read_config
from cost_gate.errors import InputError, UsageError
from cost_gate.gate import Budgets
from cost_gate.inputs.discovery import discover_projects
from cost_gate.merge import merge_reports

from .conftest import MONOREPO

TODAY = date(2026, 11, 26)
ALL = ["envs/json", "envs/prod", "envs/staging", "live/us-west-2/app", "live/us-west-2/db",
       "live/us-west-2/remote"]


def test_discovery_finds_roots_and_leaves_not_modules_examples_or_tests():
    specs = discover_projects(str(MONOREPO))
    assert [s.name for s in specs] == ALL
    assert [s.tool for s in specs] == ["terraform"] * 3 + ["terragrunt"] * 3
    # modules/web declares a terraform block but is used by envs/* and a Terragrunt source;
    # modules/db has no provider/terraform block; live/ holds only parent configurations;
    # examples/ and tests/ are skipped; .terragrunt-cache/ copies are not projects
    assert all(not s.name.startswith(("modules", "examples", "tests")) for s in specs)


def test_discovery_paths_stay_as_given(monkeypatch):
    monkeypatch.chdir(MONOREPO.parent)
    assert [s.path for s in discover_projects("monorepo")][:2] == ["monorepo/envs/json",
                                                                 "monorepo/envs/prod"]


def test_a_skipped_directory_given_directly_is_priced():
    report = build_report([str(MONOREPO / "examples" / "demo")], env={}, today=TODAY)
    assert [r["address"] for r in report["projects"][0]["resources"]] == ["aws_instance.demo"]
    report = build_report([str(MONOREPO / "tests")], env={}, today=TODAY, jobs=1)
    assert [p["name"] for p in report["projects"]] == ["smoke"]


def test_a_directory_without_projects_is_an_input_error(tmp_path):
    (tmp_path / "docs").mkdir()
    with pytest.raises(InputError, match="no Terraform project found"):
        build_report([str(tmp_path)], env={})


def _addresses(report: dict) -> dict[str, list[str]]:
    return {p["name"]: [r["address"] for r in p["resources"]] for p in report["projects"]}


def test_check_of_a_monorepo_prices_every_project_in_path_order():
    report = build_report([str(MONOREPO)], env={}, today=TODAY, jobs=1)
    assert _addresses(report) == {
        "envs/json": ["aws_instance.app", "aws_ebs_volume.data[0]", "aws_ebs_volume.data[1]"],
        "envs/prod": ["aws_ebs_volume.logs", "module.web.aws_instance.web"],
        "envs/staging": ["aws_eip.ip", "module.web.aws_instance.web"],
        "live/us-west-2/app": ["aws_instance.web"],
        "live/us-west-2/db": ["aws_ebs_volume.data"],
        "live/us-west-2/remote": ["aws_eip.nat[0]", "aws_eip.nat[1]", "aws_nat_gateway.nat[0]",
                                  "aws_nat_gateway.nat[1]"],
    }
    assert report["summary"]["resource_counts"]["priced"] == 13


def test_parallel_output_is_the_same_report_in_the_same_order():
    serial = build_report([str(MONOREPO)], env={}, today=TODAY, jobs=1)
    parallel = build_report([str(MONOREPO)], env={}, today=TODAY, jobs=4)
    assert parallel == serial
    assert [p["name"] for p in parallel["projects"]] == ALL


def test_parallel_errors_are_the_same_one_line_errors(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(MONOREPO / "envs", tree)
    (tree / "prod" / "broken.tf").write_text('resource "aws_eip" "x" {\n  domain = \n}\n')
    for jobs in (1, 2):
        with pytest.raises(InputError, match=r"broken\.tf:2: syntax error"):
            build_report([str(tree)], env={}, jobs=jobs)


CONFIG = """\
version: 1
region: us-east-1
budgets:
  - name: everything
    warn-total: 10
projects:
  - name: web-prod
    path: monorepo/envs/prod
    workspace: prod
    budgets:
      - name: prod-budget
        max-increase: 20
  - name: app
    path: monorepo/live/us-west-2/app
"""


@pytest.fixture
def configured(tmp_path: Path):
    shutil.copytree(MONOREPO, tmp_path / "monorepo")
    (tmp_path / ".cost-gate.yml").write_text(CONFIG)
    return tmp_path, read_config(tmp_path / ".cost-gate.yml")


def test_configured_projects_with_workspace_and_per_project_budget(configured):
    root, config = configured
    report = build_report([], env={}, today=TODAY, config=config, jobs=1)
    assert [p["name"] for p in report["projects"]] == ["web-prod", "app"]
    web = report["projects"][0]["resources"][1]
    assert "m5.large" in web["after"]["components"][0]["name"]  # terraform.workspace == "prod"
    by_budget = {v["budget"]: v for v in report["gate"]["violations"]}
    assert by_budget["prod-budget"]["project"] == "web-prod"
    assert by_budget["prod-budget"]["level"] == "fail"
    assert by_budget["prod-budget"]["actual"] == report["projects"][0]["summary"]["monthly_delta"]
    assert by_budget["everything"]["level"] == "warn" and "project" not in by_budget["everything"]
    assert report["gate"]["status"] == "fail"


def test_a_path_holding_configured_projects_means_those(configured):
    root, config = configured
    report = build_report([str(root / "monorepo")], env={}, today=TODAY, config=config, jobs=1)
    assert [p["name"] for p in report["projects"]] == ["web-prod", "app"]
    report = build_report([str(root / "monorepo" / "live")], env={}, today=TODAY,
                          config=config, jobs=1)
    assert [p["name"] for p in report["projects"]] == ["app"]


def test_project_selection_by_name(configured):
    _, config = configured
    report = build_report([], env={}, today=TODAY, config=config, project_names=["app"])
    assert [p["name"] for p in report["projects"]] == ["app"]
    with pytest.raises(UsageError, match="--project 'nope': no such project"):
        build_report([], env={}, config=config, project_names=["nope"])


def test_flag_budgets_and_the_flag_region_win_over_the_config(configured):
    _, config = configured
    report = build_report([], env={}, today=TODAY, config=config, region="eu-west-1",
                          budgets=Budgets(warn_total=Budgets.parse({"warn_total": 10**6})
                                          .warn_total))
    assert all(v.get("budget") != "everything" for v in report["gate"]["violations"])


# ------------------------------------------------------------------ merge


def test_merging_per_project_reports_gives_the_report_of_one_run():
    whole = build_report([str(MONOREPO)], env={}, today=TODAY, jobs=1)
    parts = []
    for spec in discover_projects(str(MONOREPO)):
        # a matrix job per project, each naming its project as the whole run does
        part = build_report([spec.path], env={}, today=TODAY, jobs=1)
        part["projects"][0]["name"] = spec.name
        for finding in part["findings"]:  # the findings name their project too
            finding["project"] = spec.name
        parts.append((spec.name, json.loads(json.dumps(part))))
    merged = merge_reports(parts)
    assert merged == json.loads(json.dumps(whole))
    # and one report merged alone is itself
    assert merge_reports(parts[:1]) == parts[0][1]


ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PLAN = ROOT / "examples" / "plan.json"
REGION_TYPO = ROOT / "tests" / "fixtures" / "plans" / "region_typo_from_variable.json"


@pytest.mark.parametrize("jobs", [1, 2])
def test_merge_equals_one_run_with_unpriced_changes_and_findings(jobs):
    paths = [str(MONOREPO / "envs" / "prod"), str(EXAMPLE_PLAN), str(REGION_TYPO)]
    whole = json.loads(json.dumps(build_report(paths, env={}, today=TODAY, jobs=jobs)))
    assert whole["summary"]["unpriced_changes"] == [
        f"{EXAMPLE_PLAN}: aws_docdb_cluster.sessions", f"{REGION_TYPO}: aws_instance.app",
        f"{REGION_TYPO}: aws_instance.batch"]
    (finding,) = [f for f in whole["findings"] if f["kind"] == "region"]  # met in a worker
    # process when jobs > 1; recommendations and junk of each project follow it
    assert {f["kind"] for f in whole["findings"][1:]} <= {"recommendation", "junk"}
    assert finding["project"] == str(REGION_TYPO) and finding["kind"] == "region"
    parts = [(p, json.loads(json.dumps(build_report([p], env={}, today=TODAY, jobs=1))))
             for p in paths]
    assert parts[1][1]["summary"]["unpriced_changes"] == ["aws_docdb_cluster.sessions"]
    merged = merge_reports(parts)
    assert merged == whole
    assert merged["gate"]["status"] == "warn" and merged["gate"]["violations"][0]["actual"] == 3
    assert merge_reports(parts, budgets=Budgets(unpriced="fail"))["gate"]["status"] == "fail"
    from cost_gate.render.table import render_table

    table = render_table(merged, width=400)  # a finding names its project when there are several
    assert f"[warn] {REGION_TYPO}: 'us-east-9' is not a known AWS region" in table


def test_merge_gates_on_merged_findings_and_upgrades_schema_1():
    v1 = json.loads((ROOT / "tests" / "fixtures" / "report_v1_example.json").read_text())
    prod = build_report([str(MONOREPO / "envs" / "prod")], env={}, today=TODAY)
    v1["pricing"]["snapshot_date"] = prod["pricing"]["snapshot_date"]  # same price data
    prod["findings"] = [{"kind": "tag-policy", "id": "t", "address": "aws_ebs_volume.logs",
                         "severity": "fail", "message": "aws_ebs_volume.logs has no team tag"}]
    merged = merge_reports([("old.json", v1), ("prod.json", prod)])
    assert merged["schema_version"] == 2
    assert merged["summary"]["unpriced_changes"] == [
        "examples/plan.json: aws_dynamodb_table.sessions"]
    assert [v["rule"] for v in merged["gate"]["violations"]] == ["unpriced", "finding:tag-policy"]
    assert merged["gate"]["status"] == "fail"


def test_merge_recomputes_the_gate_from_budgets_and_config(configured):
    _, config = configured
    web = build_report([], env={}, today=TODAY, config=config, project_names=["web-prod"])
    app = build_report([], env={}, today=TODAY, config=config, project_names=["app"])
    parts = [("web.json", web), ("app.json", app)]
    whole = build_report([], env={}, today=TODAY, config=config, jobs=1)
    merged = merge_reports(parts, named=config.gate_budgets(None))
    assert merged == whole
    plain = merge_reports(parts)
    assert plain["gate"] == {"status": "pass", "violations": []}
    strict = merge_reports(parts, budgets=Budgets.parse({"max_total": "1"}))
    assert strict["gate"]["status"] == "fail"


def test_merge_refuses_what_it_cannot_combine():
    report = build_report([str(MONOREPO / "envs" / "prod")], env={}, today=TODAY)
    with pytest.raises(InputError, match="already in a.json"):
        merge_reports([("a.json", report), ("b.json", report)])
    other = json.loads(json.dumps(report))
    other["projects"][0]["name"] = "other"
    other["pricing"]["snapshot_date"] = "2020-01-01"
    with pytest.raises(InputError, match="price data of 2020-01-01"):
        merge_reports([("a.json", report), ("b.json", other)])
    with pytest.raises(InputError, match="schema_version"):
        merge_reports([("a.json", {**report, "schema_version": 99})])
    with pytest.raises(InputError, match="not a cost-gate report"):
        merge_reports([("a.json", {"projects": "x"})])


def test_merge_keeps_added_top_level_fields():
    a = build_report([str(MONOREPO / "envs" / "prod")], env={}, today=TODAY)
    b = build_report([str(MONOREPO / "envs" / "staging")], env={}, today=TODAY)
    a["findings"], b["findings"] = [{"id": "x"}], [{"id": "y"}]
    a["note"] = b["note"] = "same"
    merged = merge_reports([("a", a), ("b", b)])
    assert merged["findings"] == [{"id": "x"}, {"id": "y"}] and merged["note"] == "same"
    b["usage"], a["usage"] = {"file": "b"}, {"file": "a"}  # usage blocks combine
    assert merge_reports([("a", a), ("b", b)])["usage"]["file"] == "a, b"
    b["pricing_note"], a["pricing_note"] = "b", "a"
    with pytest.raises(InputError, match="disagree on 'pricing_note'"):
        merge_reports([("a", a), ("b", b)])


def test_a_configured_plan_file_and_a_terragrunt_leaf_given_directly(tmp_path):
    plan = Path(__file__).resolve().parents[2] / "examples" / "plan.json"
    (tmp_path / ".cost-gate.yml").write_text(
        f"version: 1\nprojects:\n  - name: from-plan\n    path: {plan}\n")
    config = read_config(tmp_path / ".cost-gate.yml")
    report = build_report([], env={}, today=TODAY, config=config)
    assert [p["name"] for p in report["projects"]] == ["from-plan"]
    assert report["projects"][0]["input_type"] == "plan"
    leaf = build_report([str(MONOREPO / "live" / "us-west-2" / "app")], env={}, today=TODAY)
    assert [(p["name"], p["input_type"]) for p in leaf["projects"]] == [("app", "hcl")]


def test_flags_win_over_a_projects_workspace(configured):
    _, config = configured
    report = build_report([], env={}, today=TODAY, config=config, workspace="staging",
                          project_names=["web-prod"])
    web = report["projects"][0]["resources"][1]
    assert "t3.micro" in web["after"]["components"][0]["name"]


def test_usage_file_flag_over_project_over_config(tmp_path):
    shutil.copytree(MONOREPO, tmp_path / "monorepo")
    for name, gb in (("global.yml", 10), ("project.yml", 20), ("flag.yml", 40)):
        (tmp_path / name).write_text("version: 1\nresource_type_default_usage:\n"
                                     f"  aws_nat_gateway:\n    monthly_data_processed_gb: {gb}\n")
    (tmp_path / ".cost-gate.yml").write_text(
        "version: 1\nusage-file: global.yml\nprojects:\n"
        "  - {name: nat, path: monorepo/live/us-west-2/remote, usage-file: project.yml}\n"
        "  - {name: db, path: monorepo/live/us-west-2/db}\n")
    config = read_config(tmp_path / ".cost-gate.yml")

    def nat_gb(**kwargs) -> float:
        report = build_report([], env={}, today=TODAY, config=config, jobs=1, **kwargs)
        nat = next(r for r in report["projects"][0]["resources"]
                   if r["address"] == "aws_nat_gateway.nat[0]")
        return next(c["monthly_quantity"] for c in nat["after"]["components"]
                    if c["name"] == "Data processed")

    assert nat_gb() == 20
    assert nat_gb(usage_file=str(tmp_path / "flag.yml")) == 40


def test_discovery_edge_cases(tmp_path):
    def put(rel: str, text: str) -> None:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    # a legacy module with its own provider block, used by a root: not a project
    put("mods/legacy/main.tf", 'provider "aws" {\n  region = "us-east-1"\n}\n')
    put("app/main.tf", 'terraform {\n  backend "s3" {}\n}\n'
                       'module "m" {\n  source = "../mods/legacy"\n}\n')
    # a root with a backend stays a root even when something calls it as a module
    put("shared/main.tf", 'terraform {\n  backend "local" {}\n}\n')
    put("caller/main.tf", 'provider "aws" {}\nmodule "s" {\n  source = "../shared"\n}\n')
    # a JSON-syntax root; a commented-out provider does not make a root
    put("json/main.tf.json", '{"provider": {"aws": {"region": "us-east-1"}}}')
    put("notes/main.tf", '# provider "aws" {}\n/* terraform {\n} */\nlocals {\n  a = 1\n}\n')
    # a Terragrunt root config with extra_arguments (no source) is a parent, not a leaf
    put("live/terragrunt.hcl", 'terraform {\n  extra_arguments "x" {\n    commands = ["plan"]\n'
                               '  }\n}\n')
    put("live/unit/terragrunt.hcl", 'include {\n  path = find_in_parent_folders()\n}\n'
                                    'terraform {\n  source = "../../mods/tg"\n}\n')
    put("mods/tg/main.tf", 'terraform {\n  required_version = ">= 1.5"\n}\n')
    assert [(s.name, s.tool) for s in discover_projects(str(tmp_path))] == [
        ("app", "terraform"), ("caller", "terraform"), ("json", "terraform"),
        ("live/unit", "terragrunt"), ("shared", "terraform")]
