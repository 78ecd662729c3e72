"""Usage ranges across projects: the per-project reports of CI matrix jobs, merged, give the
report of one run (low/high ends, summaries and the gate at every --gate-on end)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cost_gate.api import build_report
from cost_gate.gate import Budgets
from cost_gate.merge import merge_reports
from tests.inputs.planfactory import change, plan, provider

USAGE = """version: 0.1
resource_usage:
  aws_apigatewayv2_api.http:
    monthly_requests: {min: 100000000, max: 900000000}
  aws_lambda_function.fn:
    monthly_requests: {min: 1000000, max: 9000000, expected: 2000000}
    request_duration_ms: {min: 100, max: 300}
resource_type_default_usage:
  aws_nat_gateway:
    monthly_data_processed_gb: {min: 10, max: 500}
"""


def _plans(tmp_path) -> list[str]:
    docs = {
        "api": [change("aws_apigatewayv2_api.http", ["create"], after={"protocol_type": "HTTP"}),
                change("aws_nat_gateway.main", ["create"], after={})],
        "fn": [change("aws_lambda_function.fn", ["update"],
                      before={"memory_size": 256, "architectures": ["x86_64"]},
                      after={"memory_size": 512, "architectures": ["x86_64"]}),
               change("aws_nat_gateway.old", ["delete"], before={})],
        "fixed": [change("aws_eip.ip", ["create"], after={"domain": "vpc"})],  # no range
    }
    paths = []
    for name, changes in docs.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(plan(*changes,
                                        provider_config={"aws": provider("us-east-1")})))
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("gate_on", [None, "low", "expected", "high"])
def test_merged_matrix_reports_equal_one_run(tmp_path, gate_on):
    paths = _plans(tmp_path)
    usage = tmp_path / "usage.yml"
    usage.write_text(USAGE)
    budgets = Budgets.parse({"max_increase": 300, "warn_increase_percent": 5,
                             "gate_on": gate_on})
    run = {"env": {}, "today": date(2026, 12, 1), "usage_file": str(usage), "budgets": budgets}
    one = build_report(paths, jobs=2, **run)  # priced in worker processes
    assert one == build_report(paths, jobs=1, **run)
    # each job's report as saved (JSON numbers), then merged
    parts = [(p, json.loads(json.dumps(build_report([p], jobs=1, **run)))) for p in paths]
    merged = merge_reports(parts, budgets=budgets)
    assert merged == json.loads(json.dumps(one))

    summary = one["summary"]
    assert summary["monthly_delta_low"] < summary["monthly_delta"] < summary["monthly_delta_high"]
    assert summary["monthly_before_low"] < summary["monthly_before_high"]  # the deleted NAT
    projects = {p["name"]: p["summary"] for p in one["projects"]}
    assert "monthly_delta_low" not in projects[paths[2]]  # no range in that project
    assert "monthly_delta_low" in projects[paths[0]] and "monthly_delta_low" in projects[paths[1]]
    assert one["gate"]["gate_on"] == (gate_on or "high")
    # the run's ends add up the projects' ends (a project without ranges: its point figure)
    for end in ("low", "high"):
        total = sum(s.get(f"monthly_delta_{end}", s["monthly_delta"]) for s in projects.values())
        assert summary[f"monthly_delta_{end}"] == pytest.approx(total)


def test_merging_a_report_without_ranges_keeps_it_without(tmp_path):
    paths = _plans(tmp_path)
    run = {"env": {}, "today": date(2026, 12, 1), "jobs": 1}
    parts = [(p, build_report([p], **run)) for p in paths]
    merged = merge_reports(parts, budgets=Budgets.parse({"gate_on": "low"}))
    text = json.dumps(merged)
    assert "_low" not in text and "gate_on" not in text
    assert merged == build_report(paths, budgets=Budgets.parse({"gate_on": "low"}), **run)
