"""The same configuration as .tf files and as `terraform show -json` plan output prices the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cost_gate.inputs import load_input
from cost_gate.models import Project

CASES = ["ec2_rds", "asg_nat"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _load(case: str) -> tuple[Project, Project]:
    root = FIXTURES / "equiv" / case
    hcl = load_input(str(root / "tf"), env={})
    plan = load_input(str(root / "plan.json"), env={})
    return hcl, plan


def _subset(small: Any, big: Any, path: str = "") -> None:
    """Every value HCL mode evaluated is what the plan says (the plan adds provider defaults)."""
    if isinstance(small, dict):
        assert isinstance(big, dict), path
        for key, value in small.items():
            assert key in big, f"{path}.{key} missing from the plan"
            _subset(value, big[key], f"{path}.{key}")
    elif isinstance(small, list):
        assert isinstance(big, list) and len(small) == len(big), path
        for i, (a, b) in enumerate(zip(small, big, strict=True)):
            _subset(a, b, f"{path}[{i}]")
    else:
        assert small == big, f"{path}: {small!r} != {big!r}"


def _unknown_keys(marks: Any) -> set[str]:
    return set(marks) if isinstance(marks, dict) else set()


@pytest.mark.parametrize("case", CASES)
def test_same_resources(case: str) -> None:
    hcl, plan = _load(case)
    assert sorted(hcl.by_address()) == sorted(plan.by_address())
    plan_by = plan.by_address()
    for change in hcl.changes:
        other = plan_by[change.address]
        assert (change.type, change.provider, change.name, change.module_address) == (
            other.type,
            other.provider,
            other.name,
            other.module_address,
        )
        assert change.action == other.action == "create"
        assert (change.after.region, change.after.region_source) == (
            other.after.region,
            other.after.region_source,
        ), change.address
        _subset(change.after.attributes, other.after.attributes, change.address)
        # what HCL mode cannot know, the plan does not know either
        assert _unknown_keys(change.after.unknown) <= _unknown_keys(other.after.unknown)
        assert change.references == other.references, change.address


@pytest.mark.parametrize("case", CASES)
def test_same_priced_totals(case: str) -> None:
    from cost_gate.estimate import estimate

    hcl, plan = _load(case)
    hcl_report = estimate([hcl]).to_dict()
    plan_report = estimate([plan]).to_dict()

    def costs(report: dict) -> dict[str, Any]:
        return {
            r["address"]: (r["status"], r["monthly_delta"])
            for p in report["projects"]
            for r in p["resources"]
        }

    assert costs(hcl_report) == costs(plan_report)
    assert hcl_report["summary"]["monthly_after"] == plan_report["summary"]["monthly_after"]
    assert hcl_report["summary"]["monthly_after"] > 0
