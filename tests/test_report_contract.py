"""The JSON report is the product's spine: it must match the published schema and add up."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources

import jsonschema
import pytest

from cost_gate.api import build_report
from cost_gate.gate import Budgets
from tests.conftest import EXAMPLE_PLAN, ROOT

SECOND_PLAN = ROOT / "tests" / "fixtures" / "plans" / "update_and_replace.json"


@pytest.fixture(scope="module")
def schema() -> dict:
    text = resources.files("cost_gate").joinpath("schema/report.schema.json").read_text()
    return json.loads(text)


@pytest.fixture
def report() -> dict:
    return build_report([str(EXAMPLE_PLAN)], env={}, today=date(2026, 11, 26))


def test_example_report_matches_schema(schema, report):
    jsonschema.validate(report, schema)


def test_schema_rejects_a_missing_field(schema, report):
    del report["projects"][0]["resources"][0]["status"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema)


def test_totals_are_the_sum_of_priced_resources(report):
    resources = report["projects"][0]["resources"]
    counted = [r for r in resources if r["status"] in ("priced", "partial")]
    before = sum(Decimal(str((r["before"] or {}).get("monthly_cost", 0))) for r in counted)
    after = sum(Decimal(str((r["after"] or {}).get("monthly_cost", 0))) for r in counted)
    summary = report["summary"]
    assert Decimal(str(summary["monthly_before"])) == before
    assert Decimal(str(summary["monthly_after"])) == after
    assert Decimal(str(summary["monthly_delta"])) == after - before
    assert report["projects"][0]["summary"] == summary


def test_example_figures(report):
    by_address = {r["address"]: r for r in report["projects"][0]["resources"]}
    web = by_address["module.web.aws_instance.web[0]"]
    assert web["action"] == "create" and web["status"] == "priced"
    # karpenter-aws m5.large us-east-1 $0.096/h; ec2vps gp3 us-east-1 $0.08/GB-month;
    # monitoring = true: 7 CloudWatch metrics at $0.30 (awspricewatcher, first tier)
    assert web["monthly_delta"] == pytest.approx(730 * 0.096 + 30 * 0.08 + 7 * 0.3)
    bastion = by_address["aws_instance.bastion"]
    assert bastion["action"] == "update"
    # t3.micro $0.0104/h -> t3.small $0.0208/h (karpenter-aws)
    assert bastion["monthly_delta"] == pytest.approx(730 * (0.0208 - 0.0104))
    cache = by_address["aws_elasticache_cluster.sessions_legacy"]
    assert cache["action"] == "delete" and cache["after"] is None
    # togen cache.t4g.medium redis us-east-1 $0.065/h
    assert cache["monthly_delta"] == pytest.approx(-730 * 0.065)
    assert by_address["aws_ebs_volume.reports_data"]["action"] == "replace"
    sqs = by_address["aws_sqs_queue.orders_events"]
    # usage-based only: togen SQS Standard us-east-1 $0.0000004 per request, no usage estimate
    assert sqs["status"] == "priced" and sqs["monthly_delta"] == 0
    (requests,) = sqs["after"]["components"]
    assert requests["unit_price"] == 0.0000004 and requests["monthly_cost"] is None
    docdb = by_address["aws_docdb_cluster.sessions"]
    assert docdb["status"] == "unsupported" and docdb["monthly_delta"] is None
    assert report["summary"]["unsupported_types"] == {"aws_docdb_cluster": 1}
    assert by_address["aws_iam_role.web"]["status"] == "free"


def test_usage_based_components_are_shown_per_unit_not_totalled(report):
    nat = next(r for r in report["projects"][0]["resources"]
               if r["address"] == "aws_nat_gateway.main")
    data = next(c for c in nat["after"]["components"] if c["usage_based"])
    assert data["monthly_cost"] is None and data["monthly_quantity"] is None
    assert data["unit_price"] == 0.045 and data["unit"] == "GB"
    assert nat["after"]["monthly_cost"] == pytest.approx(730 * 0.045)


def test_pricing_block_lists_sources_and_dates_used(report):
    pricing = report["pricing"]
    ids = {s["id"] for s in pricing["sources"]}
    assert "karpenter-aws" in ids
    assert pricing["snapshot_date"] == "2026-10-06"
    assert pricing["oldest_data_date"] == min(pricing["data_dates_used"])
    assert pricing["origins"] == ["shipped"]


def test_merged_report_with_usage_findings_and_config_budgets_matches_schema(schema, tmp_path):
    """Every branch's fields together: usage block and per-resource usage, findings, unknown
    deltas, named budgets with their project, several projects merged."""
    from cost_gate.gate import NamedBudget
    from cost_gate.merge import merge_reports
    from tests.conftest import ROOT

    typo = str(ROOT / "tests" / "fixtures" / "plans" / "region_typo_from_variable.json")
    usage = str(ROOT / "examples" / "usage.yml")
    run = {"env": {}, "today": date(2026, 11, 26), "usage_file": usage}
    parts = [(p, build_report([p], **run)) for p in (str(EXAMPLE_PLAN), typo)]
    merged = merge_reports(parts, named=[
        NamedBudget("example", Budgets(max_total=Decimal(1)), project=str(EXAMPLE_PLAN))])
    jsonschema.validate(merged, schema)
    assert merged["usage"]["file"] == usage and merged["findings"]
    rules = [(v["rule"], v.get("project")) for v in merged["gate"]["violations"]]
    assert rules == [("max-total", str(EXAMPLE_PLAN)), ("unpriced", None)]


@pytest.mark.parametrize("plans", [[EXAMPLE_PLAN], [EXAMPLE_PLAN, SECOND_PLAN]])
def test_released_report_dict_is_the_same_and_leaves_no_resources(plans):
    from cost_gate.api import load_projects
    from cost_gate.estimate import estimate
    from cost_gate.pricing.store import PriceStore

    projects = load_projects([str(p) for p in plans], env={})
    store = PriceStore.default(None, {})
    kept = estimate(projects, store=store, today=date(2026, 11, 26))
    released = estimate(projects, store=store, today=date(2026, 11, 26))
    counts = [len(p.resources) for p in released.projects]
    assert all(counts)
    assert released.to_dict(release=True) == kept.to_dict()
    assert [len(p.resources) for p in released.projects] == [0] * len(counts)
    assert [len(p.resources) for p in kept.projects] == counts  # the default keeps them
