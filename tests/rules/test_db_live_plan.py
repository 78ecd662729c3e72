"""The aws-db rule group against real provider output: tests/fixtures/rules/databases/main.tf
planned by terraform with the hashicorp/aws provider (skipped when terraform or a local
provider mirror is absent) prices exactly as cost-gate prices the same .tf in HCL mode, and
every resource gets the status its rule gives it.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from cost_gate.api import build_report
from tests.live_terraform import fake_aws_provider, require_terraform, terraform_show_json

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "databases"
TODAY = date(2026, 11, 26)
FAKE_CREDENTIALS = fake_aws_provider()
# EBS storage, UltraWarm (OpenSearch), Performance Insights for RDS PostgreSQL in us-east-1 and
# MSK provisioned storage throughput have no price in the data: those resources are partial.
PARTIAL = {"aws_db_instance.pg", "aws_opensearch_domain.o", "aws_elasticsearch_domain.e",
           "aws_msk_cluster.k"}
FREE = {"aws_db_proxy_default_target_group.p"}


def _summary(report: dict) -> dict[str, tuple]:
    (project,) = report["projects"]
    return {r["address"]: (r["status"], [(c["name"], c["monthly_quantity"], c["unit_price"])
                                         for c in (r["after"] or {}).get("components", [])])
            for r in project["resources"]}


@pytest.fixture(scope="module")
def live_plan(tmp_path_factory) -> Path:
    require_terraform()
    work = tmp_path_factory.mktemp("databases")
    shutil.copy(FIXTURE / "main.tf", work / "main.tf")
    (work / "fake_override.tf").write_text(FAKE_CREDENTIALS)
    path = work / "plan.json"
    path.write_text(terraform_show_json(work))
    return path


def test_live_plan_prices_like_hcl_mode(live_plan):
    from_plan = _summary(build_report([str(live_plan)], env={}, today=TODAY))
    from_hcl = _summary(build_report([str(FIXTURE)], env={}, today=TODAY))
    assert from_plan == from_hcl


def test_every_resource_of_the_live_plan_is_priced_free_or_partial_as_expected(live_plan):
    summary = _summary(build_report([str(live_plan)], env={}, today=TODAY))
    plan = json.loads(live_plan.read_text())
    assert len(summary) == len(plan["resource_changes"]) == 30
    _check_statuses(summary)


def test_every_resource_in_hcl_mode_is_priced_free_or_partial_as_expected():
    # no terraform needed: the same .tf read in HCL mode
    summary = _summary(build_report([str(FIXTURE)], env={}, today=TODAY))
    assert len(summary) == 30
    _check_statuses(summary)


def _check_statuses(summary: dict[str, tuple]) -> None:
    for address, (status, components) in summary.items():
        expected = "partial" if address in PARTIAL else "free" if address in FREE else "priced"
        assert status == expected, address
        if status != "free":
            assert components, address


def test_live_plan_quantities_of_the_shapes_rules_depend_on(live_plan):
    summary = _summary(build_report([str(live_plan)], env={}, today=TODAY))
    quantities = {address: {name: qty for name, qty, _ in comps}
                  for address, (_, comps) in summary.items()}
    # replica: engine, version and storage from its source
    assert quantities["aws_db_instance.replica"]["Storage (gp2, 100 GB)"] == 100
    assert quantities["aws_db_instance.replica"][
        "Extended Support (PostgreSQL 13, years 1-2)"] == 1460
    # num_node_groups 3 x (replicas_per_node_group 1 + 1) nodes
    assert quantities["aws_elasticache_replication_group.cm"][
        "Cache nodes (redis, cache.r7g.large)"] == 6 * 730
    # table 20 RCU + GSI 5 RCU; replica in us-west-2
    assert quantities["aws_dynamodb_table.t"]["Replica read capacity (us-west-2, 25 RCU)"] \
        == 25 * 730
    assert quantities["aws_rds_cluster_instance.i[0]"][
        "Aurora Serverless v2 capacity (Aurora PostgreSQL I/O-Optimized), at the minimum "
        "0.5 ACU"] == 365
    assert quantities["aws_msk_cluster.k"]["Broker storage (1000 GB x 3 brokers)"] == 3000
    assert quantities["aws_redshift_cluster.r"]["Cluster nodes (ra3.xlplus)"] == 1460
