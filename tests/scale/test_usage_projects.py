"""One usage file over several projects: an entry is unmatched only when no project has it."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cost_gate.api import build_report
from tests.inputs.planfactory import change, plan, provider


def _plan(tmp_path, name: str, address: str):
    doc = plan(change(address, ["create"], after={}),
               provider_config={"aws": provider("us-east-1")})
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc))
    return str(path)


@pytest.mark.parametrize("jobs", [1, 2])
def test_entries_matched_in_any_project_are_not_warned(tmp_path, jobs):
    a = _plan(tmp_path, "a", "aws_nat_gateway.a")
    b = _plan(tmp_path, "b", "aws_nat_gateway.b")
    usage = tmp_path / "usage.yml"
    usage.write_text("version: 0.1\nresource_usage:\n"
                     "  aws_nat_gateway.a:\n    monthly_data_processed_gb: 10\n"
                     "  aws_nat_gateway.b:\n    monthly_data_processed_gb: 20\n"
                     "  aws_nat_gateway.c:\n    monthly_data_processed_gb: 30\n")
    report = build_report([a, b], env={}, today=date(2026, 12, 1), usage_file=str(usage),
                          jobs=jobs)
    warned = [w["key"] for w in report["usage"]["warnings"]]
    assert warned == ["resource_usage.aws_nat_gateway.c"]
    used = {r["address"]: r["usage"] for p in report["projects"] for r in p["resources"]}
    assert used["aws_nat_gateway.a"][0]["value"] == 10
    assert used["aws_nat_gateway.b"][0]["value"] == 20


def test_merge_of_matrix_reports_keeps_usage_warnings_honest(tmp_path):
    """Two jobs, one usage file: merged, only the entry no job matched is still a warning."""
    from cost_gate.merge import merge_reports

    a = _plan(tmp_path, "a", "aws_nat_gateway.a")
    b = _plan(tmp_path, "b", "aws_nat_gateway.b")
    usage = tmp_path / "usage.yml"
    usage.write_text("version: 0.1\nresource_usage:\n"
                     "  aws_nat_gateway.a:\n    monthly_data_processed_gb: 10\n"
                     "  aws_nat_gateway.b:\n    monthly_data_processed_gb: 20\n"
                     "  aws_nat_gateway.c:\n    monthly_data_processed_gb: 30\n")
    run = {"env": {}, "today": date(2026, 12, 1), "usage_file": str(usage), "jobs": 1}
    one = build_report([a, b], **run)
    merged = merge_reports([("a", build_report([a], **run)), ("b", build_report([b], **run))])
    assert merged["usage"]["file"] == one["usage"]["file"] == str(usage)
    assert [w["key"] for w in merged["usage"]["warnings"]] == ["resource_usage.aws_nat_gateway.c"]
