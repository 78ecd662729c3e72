"""The benchmarks' realistic plan generator: plans of exactly N resources that price like
copies of the real template (figures are measured by the scripts, never timed here)."""

from __future__ import annotations

import json
from collections import Counter

from benchmarks.real_plan import TEMPLATE, write_real_plan
from cost_gate.api import build_report


def _addresses(module: dict) -> list[str]:
    found = [r["address"] for r in module.get("resources", [])]
    for child in module.get("child_modules", []):
        found += _addresses(child)
    return found


def test_generated_plan_has_n_consistent_resources(tmp_path):
    template = json.loads(TEMPLATE.read_text())
    per_copy = len(template["resource_changes"])
    n = per_copy * 2 + 5
    path = tmp_path / "plan.json"
    size = write_real_plan(path, n)
    plan = json.loads(path.read_text())
    assert size == path.stat().st_size
    changes = plan["resource_changes"]
    assert len(changes) == n
    assert len({rc["address"] for rc in changes}) == n
    assert all(rc["address"].startswith(f"{rc['module_address']}.") for rc in changes)
    planned = set(_addresses(plan["planned_values"]["root_module"]))
    prior = set(_addresses(plan["prior_state"]["values"]["root_module"]))
    # what exists after the change is planned; what existed before is in the prior state
    for rc in changes:
        actions = rc["change"]["actions"]
        assert (rc["address"] in planned) == (actions != ["delete"]), rc["address"]
        assert (rc["address"] in prior) == (actions != ["create"]), rc["address"]
    assert sorted(plan["configuration"]["root_module"]["module_calls"]) == [
        "stack_0", "stack_1", "stack_2"]
    # about the weight of real plans per resource (several KB, not half a KB)
    assert size / n > 4000


def test_each_copy_prices_like_the_template(tmp_path):
    template = json.loads(TEMPLATE.read_text())
    per_copy = len(template["resource_changes"])
    path = tmp_path / "plan.json"
    write_real_plan(path, per_copy * 2)
    env = {"COST_GATE_CACHE_DIR": str(tmp_path / "cache")}
    generated = build_report([str(path)], env=env)["projects"][0]["resources"]
    original = build_report([str(TEMPLATE)], env=env)["projects"][0]["resources"]
    statuses = Counter((r["type"], r["action"], r["status"]) for r in original)
    assert Counter((r["type"], r["action"], r["status"]) for r in generated) == Counter(
        {key: count * 2 for key, count in statuses.items()})
    assert all(r["status"] != "unsupported" for r in generated)
