"""`cost-gate usage init`: skeleton, round trip (init -> edit -> check) and --merge."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from cost_gate.cli import main
from cost_gate.usage import load_usage_file
from tests.conftest import EXAMPLE_PLAN, ROOT

STACK = ROOT / "tests" / "fixtures" / "usage" / "stack"


@pytest.fixture
def cost_gate(capsys, monkeypatch):
    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["cost-gate", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        captured = capsys.readouterr()
        return exited.value.code, captured.out, captured.err

    return run


def test_init_lists_every_usage_based_resource_with_its_keys(cost_gate):
    code, out, _ = cost_gate("usage", "init", str(STACK))
    assert code == 0
    doc = yaml.safe_load(out)
    assert doc["version"] == 0.1
    entries = doc["resource_usage"]
    assert list(entries) == [
        "aws_nat_gateway.main", "aws_lb.app", "aws_instance.web[0]", "aws_instance.web[1]",
        "aws_s3_bucket.assets", "aws_sqs_queue.events", "aws_apigatewayv2_api.http",
        "aws_db_instance.orders", "aws_dynamodb_table.sessions",
        "module.app[0].aws_lambda_function.api", "module.app[1].aws_lambda_function.api"]
    assert entries["aws_s3_bucket.assets"] == {"standard": {
        "storage_gb": 0, "monthly_tier_1_requests": 0, "monthly_tier_2_requests": 0}}
    assert entries["module.app[0].aws_lambda_function.api"] == {
        "monthly_requests": 0, "request_duration_ms": 0}
    # T-family instances ask for CPU credits; settings are comments, not values
    assert entries["aws_instance.web[0]"] == {"monthly_cpu_credit_hrs": 0}
    assert "aws_instance.reports" not in entries  # m5: nothing usage-based
    assert entries["aws_dynamodb_table.sessions"] == {  # on-demand table: usage only
        "monthly_read_request_units": 0, "monthly_write_request_units": 0, "storage_gb": 0,
        "on_demand_backup_storage_gb": 0, "monthly_data_restored_gb": 0}
    # units and meanings in comments
    assert "    monthly_data_processed_gb: 0  # GB; data processed by the NAT gateway per " \
           "month\n" in out
    assert "    # operating_system: linux  # " in out
    assert "    # request_size_kb: 64  # KB; " in out


def test_init_output_is_a_clean_usage_file(cost_gate, tmp_path: Path):
    target = tmp_path / "usage.yml"
    code, _, err = cost_gate("usage", "init", str(STACK), "-o", str(target))
    assert code == 0 and "11 usage-based resource(s)" in err
    usage = load_usage_file(str(target))
    assert usage.warnings == []
    code, out, _ = cost_gate("check", str(STACK), "--usage-file", str(target), "--strict-usage",
                             "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["usage"]["warnings"] == [] and report["usage"]["not_used"] == []
    # every usage-based component of the listed resources now has a quantity (0)
    for project in report["projects"]:
        for res in project["resources"]:
            if res["address"] in usage.by_address:
                for comp in res["after"]["components"]:
                    if comp["usage_based"] and "CPU credits" not in comp["name"]:
                        assert comp["monthly_quantity"] == 0, (res["address"], comp["name"])


def test_round_trip_init_edit_check_prices_the_edited_values(cost_gate, tmp_path: Path):
    target = tmp_path / "usage.yml"
    cost_gate("usage", "init", str(EXAMPLE_PLAN), "-o", str(target))
    text = target.read_text()
    assert "monthly_data_processed_gb: 0" in text
    text = text.replace("monthly_data_processed_gb: 0", "monthly_data_processed_gb: 2500", 1)
    text = text.replace("    monthly_requests: 0", "    monthly_requests: 10000000", 1)
    text = text.replace("    # request_size_kb: 64", "    request_size_kb: 128", 1)
    target.write_text(text)
    code, out, _ = cost_gate("check", str(EXAMPLE_PLAN), "--usage-file", str(target),
                             "--format", "json")
    assert code == 0
    resources = {r["address"]: r for r in json.loads(out)["projects"][0]["resources"]}
    nat = next(c for c in resources["aws_nat_gateway.main"]["after"]["components"]
               if c["usage_based"])
    # 2,500 GB x $0.045 (vpc/us-east-1.csv nat_gateway_data)
    assert nat["monthly_quantity"] == 2500 and nat["monthly_cost"] == pytest.approx(112.5)
    sqs = resources["aws_sqs_queue.orders_events"]["after"]["components"][0]
    # 10 M requests of 128 KB = two 64 KB chunks each, x $0.0000004 (sqs/us-east-1.csv)
    assert sqs["monthly_quantity"] == 20_000_000 and sqs["monthly_cost"] == pytest.approx(8.0)
    assert {u["key"]: u["source"] for u in resources["aws_sqs_queue.orders_events"]["usage"]} \
        == {"monthly_requests": "exact", "request_size_kb": "exact"}


def test_merge_adds_new_resources_and_keeps_what_the_user_wrote(cost_gate, tmp_path: Path):
    target = tmp_path / "usage.yml"
    target.write_text("""\
# Team estimates: reviewed every quarter.
version: 0.1
resource_usage:
  aws_nat_gateway.main:
    monthly_data_processed_gb: 1234 # from last month's bill
resource_type_default_usage: # every load balancer
  aws_lb:
    new_connections: 5
    active_connections: 1
    processed_bytes_gb: 1
    rule_evaluations: 1
""")
    code, _, err = cost_gate("usage", "init", str(STACK), "--merge", str(target))
    assert code == 0 and "added 9 resource(s)" in err
    text = target.read_text()
    assert text.startswith("# Team estimates: reviewed every quarter.\nversion: 0.1\n")
    assert "    monthly_data_processed_gb: 1234 # from last month's bill\n" in text
    assert "resource_type_default_usage: # every load balancer\n" in text
    assert "    monthly_requests: 0  # requests; invocations per month\n" in text
    usage = load_usage_file(str(target))
    assert usage.warnings == []
    assert usage.by_address["aws_nat_gateway.main"] == {"monthly_data_processed_gb": 1234}
    # the load balancer is covered by the type default, the NAT gateway by its entry
    assert "aws_lb.app" not in usage.by_address
    assert "aws_sqs_queue.events" in usage.by_address
    # merging again changes nothing
    code, _, err = cost_gate("usage", "init", str(STACK), "--merge", str(target))
    assert code == 0 and "already covered" in err and target.read_text() == text


def test_merge_skips_resources_a_wildcard_covers(cost_gate, tmp_path: Path):
    target = tmp_path / "usage.yml"
    target.write_text("version: 0.1\nresource_usage:\n  module.app[*].aws_lambda_function.api:\n"
                      "    monthly_requests: 5\n    request_duration_ms: 20\n")
    cost_gate("usage", "init", str(STACK), "--merge", str(target))
    usage = load_usage_file(str(target))
    assert not any("aws_lambda_function" in a for a in usage.by_address
                   if a != "module.app[*].aws_lambda_function.api")


def test_init_refuses_to_overwrite_a_file(cost_gate, tmp_path: Path):
    target = tmp_path / "usage.yml"
    target.write_text("version: 0.1\n")
    code, _, err = cost_gate("usage", "init", str(EXAMPLE_PLAN), "-o", str(target))
    assert code == 2 and "use --merge" in err and target.read_text() == "version: 0.1\n"
    code, _, _ = cost_gate("usage", "init", str(EXAMPLE_PLAN), "-o", str(target), "--force")
    assert code == 0 and "resource_usage:" in target.read_text()


def test_init_with_a_bad_input_is_a_one_line_error(cost_gate, tmp_path: Path):
    code, _, err = cost_gate("usage", "init", str(tmp_path / "missing.json"))
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    bad = tmp_path / "usage.yml"
    bad.write_text("resource_usage: {a: [")
    code, _, err = cost_gate("usage", "init", str(EXAMPLE_PLAN), "--merge", str(bad))
    assert code == 2 and "not valid YAML" in err


def test_a_key_several_components_read_is_written_once(cost_gate, tmp_path: Path):
    # a DynamoDB table and its replica's storage both read storage_gb; a legacy global table
    # reads monthly_write_request_units for each region
    databases = ROOT / "tests" / "fixtures" / "rules" / "databases"
    target = tmp_path / "usage.yml"
    code, _, _ = cost_gate("usage", "init", str(databases), "-o", str(target))
    assert code == 0
    text = target.read_text()
    table = text.split("  aws_dynamodb_table.t:\n")[1].split("\n  aws_")[0]
    assert table.count("\n    storage_gb: 0") == 1
    code, _, err = cost_gate("check", str(databases), "--usage-file", str(target),
                             "--strict-usage")
    assert code == 0, err
