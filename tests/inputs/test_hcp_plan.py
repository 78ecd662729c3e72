"""Plans downloaded from HCP Terraform / Terraform Enterprise.

A run's plan JSON (`GET /api/v2/plans/PLAN_ID/json-output`) is Terraform's JSON plan
format, the same as `terraform show -json`, and carries every top-level key that format may
have (drift, checks, relevant attributes, output changes). Users also download the wrong
thing: the API's JSON:API object for the plan or run, which must get a one-line pointer.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from cost_gate.api import build_report
from tests.test_bad_input import assert_one_error, run

PLAN = Path(__file__).parent.parent / "fixtures" / "plans" / "update_and_replace.json"


def _with_run_metadata(plan: dict) -> dict:
    """The fixture plan as a remote run writes it: drift outside the change set, checks, etc."""
    out = copy.deepcopy(plan)
    drifted = copy.deepcopy(out["resource_changes"][0])
    drifted["change"]["actions"] = ["update"]
    drifted["change"]["after"] = dict(drifted["change"]["before"] or {},
                                      instance_type="m5.24xlarge")
    out["resource_drift"] = [drifted]  # changed outside Terraform: not part of this change
    out["relevant_attributes"] = [{"resource": drifted["address"], "attribute": ["tags"]}]
    out["output_changes"] = {"ip": {"actions": ["no-op"], "before": "10.0.0.1",
                                    "after": "10.0.0.1", "after_unknown": False,
                                    "before_sensitive": False, "after_sensitive": False}}
    out["checks"] = [{"address": {"kind": "check", "name": "health", "to_display": "check.health"},
                      "status": "unknown"}]
    return out


def _totals(report: dict) -> tuple:
    summary = report["summary"]
    return (summary["monthly_before"], summary["monthly_after"], summary["monthly_delta"],
            [(r["address"], r["monthly_delta"]) for p in report["projects"]
             for r in p["resources"]])


def test_remote_run_plan_prices_like_the_local_plan(tmp_path):
    plan = json.loads(PLAN.read_text())
    remote = tmp_path / "json-output.json"
    remote.write_text(json.dumps(_with_run_metadata(plan)))
    local = build_report([str(PLAN)], env={})
    downloaded = build_report([str(remote)], env={})
    assert _totals(downloaded) == _totals(local)
    assert local["summary"]["monthly_delta"] is not None  # the comparison is about real figures


@pytest.mark.parametrize("kind", ["plans", "runs"])
def test_api_object_instead_of_plan_json_says_what_to_download(tmp_path, kind):
    doc = {"data": {"id": "plan-8F5JFydVYAmtTjET", "type": kind,
                    "attributes": {"status": "finished", "has-changes": True},
                    "links": {"json-output": "/api/v2/plans/plan-8F5JFydVYAmtTjET/json-output"}}}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    proc = run(str(path))
    assert proc.returncode == 2
    line = assert_one_error(proc)
    assert "HCP Terraform API response" in line and "json-output" in line
