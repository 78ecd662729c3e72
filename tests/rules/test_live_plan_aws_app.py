"""The aws-app rules on a plan made by the real terraform + hashicorp/aws provider.

tests/fixtures/aws_app/main.tf has every resource type of the group; terraform plans it with
fake credentials from the local provider mirror, and the plan JSON is priced against the
shipped table. This pins the attribute shapes the rules read (unknown defaults, nested blocks,
numbers as the provider writes them). Skipped without terraform or the mirror.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cost_gate.estimate import estimate
from cost_gate.inputs import load_input
from tests.live_terraform import fake_aws_provider, require_terraform, terraform_show_json
from tests.rules.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "tests" / "fixtures" / "aws_app"
PROVIDER = fake_aws_provider("us-east-1")


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> Path:
    require_terraform()
    work = tmp_path_factory.mktemp("aws_app")
    shutil.copy(MODULE / "main.tf", work / "main.tf")
    (work / "provider.tf").write_text(PROVIDER)
    plan = work / "plan.json"
    plan.write_text(terraform_show_json(work))
    json.loads(plan.read_text())
    return plan


@pytest.fixture(scope="module")
def resources(plan_file, tmp_path_factory) -> dict[str, dict]:
    from cost_gate.pricing.store import ENV_CACHE_DIR, PriceStore

    empty = tmp_path_factory.mktemp("empty-cache")
    store = PriceStore.default(env={ENV_CACHE_DIR: str(empty)})
    project = load_input(str(plan_file), env={})
    report = estimate([project], store=store, today=TODAY).to_dict()
    return {r["address"]: r for r in report["projects"][0]["resources"]}


def _components(res: dict) -> list[tuple[str, float | None]]:
    return [(c["name"], c["monthly_quantity"]) for c in res["after"]["components"]]


def test_every_resource_of_the_group_is_priced_or_free(resources):
    statuses = {address: r["status"] for address, r in resources.items()}
    assert statuses.pop("aws_ssm_parameter.adv") == "unsupported"  # no SSM prices
    assert {s for s in statuses.values()} <= {"priced", "free"}, statuses
    free = sorted(a for a, s in statuses.items() if s == "free")
    assert free == ["aws_api_gateway_stage.nocache",  # NoCharge: free as configured
                    "aws_cloudwatch_event_connection.conn",
                    "aws_cloudwatch_log_subscription_filter.sf",
                    "aws_s3_bucket_intelligent_tiering_configuration.it",
                    "aws_secretsmanager_secret_version.sv",
                    "aws_ssm_parameter.p"]  # a standard parameter (NoCharge)


def test_fixed_charges_read_from_the_planned_attributes(resources):
    assert _components(resources["aws_kinesis_stream.ks"]) == [
        ("Shards", 1460), ("PUT payload units", None),
        ("Extended retention (up to 7 days)", 1460), ("Enhanced fan-out data read", None)]
    assert _components(resources["aws_kinesis_stream.od"])[0] == ("Stream hours (on-demand)",
                                                                   730)
    assert _components(resources["aws_kinesis_stream_consumer.c"]) == [
        ("Enhanced fan-out consumer", 1460)]
    assert _components(resources["aws_api_gateway_stage.st"]) == [("Cache cluster (0.5 GB)", 730)]
    assert _components(resources["aws_api_gateway_stage.nocache"]) == []
    assert _components(resources["aws_secretsmanager_secret.s"]) == [
        ("Secret", 1), ("Secret replica (eu-west-1)", 1), ("Secret replica (us-west-2)", 1),
        ("API requests", None)]
    assert _components(resources["aws_efs_file_system.fs"])[-1] == ("Provisioned throughput", 10)


def test_alarms_count_metrics_as_aws_bills_them(resources):
    assert _components(resources["aws_cloudwatch_metric_alarm.a"]) == [
        ("Alarm metrics (standard resolution)", 1)]
    assert _components(resources["aws_cloudwatch_metric_alarm.hr"]) == [
        ("Alarm metrics (high resolution)", 1)]
    assert _components(resources["aws_cloudwatch_metric_alarm.math"]) == [
        ("Alarm metrics (standard resolution)", 2)]
    assert _components(resources["aws_cloudwatch_metric_alarm.anom"]) == [
        ("Alarm metrics (standard resolution)", 3)]


def test_defaults_left_unknown_by_the_provider_are_assumed_with_a_note(resources):
    assert "log_group_class not in the plan; assumed the default STANDARD" in \
        resources["aws_cloudwatch_log_group.lg"]["notes"]
    assert _components(resources["aws_cloudwatch_log_group.ia"])[0] == (
        "Data ingested (Infrequent Access)", None)
    assert "tier not in the plan; assumed the default Standard" in \
        resources["aws_ssm_parameter.p"]["notes"]
    replica = resources["aws_kms_replica_key.r"]
    assert _components(replica)[:2] == [("Replica key", 1), ("Requests (SYMMETRIC_DEFAULT)",
                                                             None)]
    assert _components(resources["aws_kms_key.asym"]) == [("Customer managed key", 1),
                                                          ("Requests (RSA_2048)", None)]
    assert [n for n, _ in _components(resources["aws_sfn_state_machine.ex"])] == [
        "Requests (Express)", "Duration (Express, 64 MB)"]
    assert _components(resources["aws_scheduler_schedule.sch"]) == [("Invocations", 8760)]
