"""Base-vs-head diffs: the pure pairing, the priced diff of two .tf directories, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from cost_gate.diff import pair_costs, snapshot
from cost_gate.models import (
    CostBreakdown,
    CostComponent,
    Project,
    ResourceChange,
    ResourceCost,
    ResourceSide,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
BASE = str(FIXTURES / "diff" / "base")
HEAD = str(FIXTURES / "diff" / "head")


def cost(address: str, monthly: str | None, *, status: str = "priced", rtype: str = "aws_instance"):
    breakdown = None
    if monthly is not None:
        breakdown = CostBreakdown(
            [CostComponent("usage", "hours", Decimal(730), None, Decimal(monthly))]
        )
    return ResourceCost(address, rtype, "aws", "us-east-1", "create", status, None, breakdown)


def test_pair_costs_actions_and_deltas() -> None:
    base = [cost("a", "10"), cost("b", "20"), cost("gone", "5"), cost("vpc", "0", status="free")]
    head = [cost("a", "10"), cost("b", "35"), cost("new", "7"), cost("vpc", "0", status="free")]
    rows = {r.address: r for r in pair_costs(base, head)}
    assert [r.address for r in pair_costs(base, head)] == ["a", "b", "new", "vpc", "gone"]
    assert (rows["a"].action, rows["a"].monthly_delta) == ("no-op", Decimal(0))
    assert (rows["b"].action, rows["b"].monthly_delta) == ("update", Decimal(15))
    assert (rows["new"].action, rows["new"].monthly_delta) == ("create", Decimal(7))
    assert (rows["gone"].action, rows["gone"].monthly_delta) == ("delete", Decimal(-5))
    assert rows["gone"].after is None and rows["gone"].before is not None
    assert rows["vpc"].status == "free"


def test_pair_costs_status_type_change_and_attribute_changes() -> None:
    base = [cost("x", "10"), cost("y", "3"), cost("z", "1")]
    head = [cost("x", None, status="unsupported"), cost("y", "3", rtype="aws_eip"), cost("z", "1")]
    rows = {r.address: r for r in pair_costs(base, head, changed={"z"})}
    assert rows["x"].status == "unsupported" and rows["x"].monthly_delta is None
    assert rows["y"].action == "replace"
    assert rows["z"].action == "update" and rows["z"].monthly_delta == 0


def test_snapshot_keeps_what_exists_after() -> None:
    side = ResourceSide({"instance_type": "t3.micro"})
    changes = [
        ResourceChange("a", "aws_instance", "aws", "update", side, side),
        ResourceChange("b", "aws_instance", "aws", "delete", side, None),
        ResourceChange("c", "aws_instance", "aws", "no-op", side, side),
    ]
    snap = snapshot(Project("p", "p", "plan", changes))
    assert [(c.address, c.action, c.before) for c in snap.changes] == [
        ("a", "create", None),
        ("c", "create", None),
    ]


@pytest.fixture(scope="module")
def diff_report() -> dict:
    from cost_gate.diff import diff_paths

    return diff_paths(BASE, HEAD, env={}).to_dict()


def _rows(report: dict) -> dict[str, dict]:
    return {r["address"]: r for p in report["projects"] for r in p["resources"]}


def test_directory_diff(diff_report: dict) -> None:
    rows = _rows(diff_report)
    assert rows["aws_instance.api"]["action"] == "update"  # t3.medium -> m5.large
    assert rows["aws_instance.api"]["monthly_delta"] > 0
    assert rows["aws_instance.worker[2]"]["action"] == "create"  # count 2 -> 3
    assert rows["aws_instance.worker[0]"]["action"] == "no-op"
    assert rows["aws_instance.worker[0]"]["monthly_delta"] == 0
    assert rows["aws_nat_gateway.nat"]["action"] == "delete"  # removed
    assert rows["aws_nat_gateway.nat"]["monthly_delta"] < 0
    assert rows["aws_ebs_volume.data"]["action"] == "no-op"
    assert rows["aws_vpc.main"]["status"] == "free"
    total = sum(Decimal(str(r["monthly_delta"] or 0)) for r in rows.values())
    assert Decimal(str(diff_report["summary"]["monthly_delta"])) == total
    summary = diff_report["summary"]
    assert summary["monthly_before"] > 0 and summary["monthly_after"] > summary["monthly_before"]
    assert diff_report["gate"]["status"] == "pass"


def test_diff_against_saved_report_and_plan(tmp_path: Path, diff_report: dict) -> None:
    from cost_gate.api import build_report
    from cost_gate.diff import diff_paths

    saved = tmp_path / "base-report.json"
    saved.write_text(json.dumps(build_report([BASE], env={})))
    from_report = diff_paths(str(saved), HEAD, env={}).to_dict()
    assert from_report["summary"]["monthly_delta"] == diff_report["summary"]["monthly_delta"]
    assert _rows(from_report)["aws_nat_gateway.nat"]["action"] == "delete"

    # a .tf directory against its equivalent plan: nothing changes
    equiv = FIXTURES / "equiv" / "asg_nat"
    same = diff_paths(str(equiv / "plan.json"), str(equiv / "tf"), env={}).to_dict()
    assert same["summary"]["monthly_delta"] == 0
    assert {r["action"] for r in _rows(same).values()} == {"no-op"}


def test_cli_diff_json_and_gate(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        code = "import sys; from cost_gate.cli import main; sys.argv[0] = 'cost-gate'; main()"
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
            timeout=120,
        )

    out = run("diff", "--base", BASE, "--head", HEAD, "--format", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert _rows(report)["aws_instance.worker[2]"]["action"] == "create"
    failed = run("diff", "--base", BASE, "--head", HEAD, "--max-increase", "1")
    assert failed.returncode == 1
    table = run("diff", "--base", BASE, "--head", HEAD)
    assert "aws_nat_gateway.nat" in table.stdout
    missing = run("diff", "--base", str(tmp_path / "nope"), "--head", HEAD)
    assert missing.returncode == 2
    assert len(missing.stderr.strip().splitlines()) == 1
