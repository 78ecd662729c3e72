"""Usage files: loading (Infracost format and cost-gate's version 1), matching, pricing.

The fixture ``tests/fixtures/usage/infracost-usage.yml`` is an Infracost usage file covering
every value shape (numbers, strings, nested maps, a list of maps, wildcards, type defaults) for
the .tf stack beside it. Unit prices are read from the shipped price table in the test;
quantities are worked out by hand next to each assertion.
"""

from __future__ import annotations

import csv
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cost_gate.api import build_report
from cost_gate.errors import InputError
from cost_gate.pricing.store import ENV_CACHE_DIR, PriceStore
from cost_gate.usage import UsageRange, load_usage_file
from cost_gate.usage.catalogue import CATALOGUE_FILE
from tests.conftest import EXAMPLE_PLAN, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "usage"
STACK = FIXTURES / "stack"
INFRACOST_FILE = FIXTURES / "infracost-usage.yml"
TODAY = date(2026, 11, 26)
SHARED = Path(os.environ.get("COST_GATE_SHARED", ROOT.parent / "shared"))


def _resource(report: dict, address: str) -> dict:
    return next(r for p in report["projects"] for r in p["resources"] if r["address"] == address)


def _component(resource: dict, prefix: str) -> dict:
    return next(c for c in resource["after"]["components"] if c["name"].startswith(prefix))


@pytest.fixture
def unit_price(tmp_path):
    """A unit price straight from the shipped price table (eu-west-1 unless told)."""
    empty = tmp_path / "empty-cache"
    empty.mkdir()
    store = PriceStore.default(env={ENV_CACHE_DIR: str(empty)})

    def lookup(service: str, product: str, attrs: dict | None = None,
               region: str = "eu-west-1") -> Decimal:
        rows = store.lookup("aws", service, region, product, attrs or {})
        assert rows, (service, product, attrs, region)
        return rows[0].usd_price

    return lookup


@pytest.fixture(scope="module")
def stack_report() -> dict:
    return build_report([str(STACK)], env={}, today=TODAY, usage_file=str(INFRACOST_FILE))


def _cost(component: dict, quantity: Decimal | int, price: Decimal) -> None:
    assert Decimal(str(component["monthly_quantity"])) == Decimal(quantity)
    assert Decimal(str(component["unit_price"])) == price
    assert component["monthly_cost"] == pytest.approx(float(Decimal(quantity) * price))


# --- the Infracost fixture, end to end --------------------------------------------------------

def test_infracost_fixture_loads_every_value_shape_without_warnings():
    usage = load_usage_file(str(INFRACOST_FILE))
    assert usage.version == "0.1"
    assert usage.warnings == []
    assert usage.by_type["google_container_cluster"]["node_pool"] == [
        {"nodes": Decimal(2)}, {"nodes": Decimal(4)}]  # a list of maps
    assert usage.by_address["aws_instance.web[1]"] == {"operating_system": "windows"}  # string
    assert usage.by_address["aws_s3_bucket.assets"]["standard.storage_gb"] == 10000  # nested
    assert "module.app[*].aws_lambda_function.api" in usage.by_address  # module wildcard


def test_fixture_prices_nat_lb_and_instances(stack_report, unit_price):
    assert stack_report["usage"]["warnings"] == []
    nat = _resource(stack_report, "aws_nat_gateway.main")
    # exact entry (2,500 GB) beats the type default (100 GB)
    _cost(_component(nat, "Data processed"), 2500, unit_price("vpc", "nat_gateway_data"))
    lb = _resource(stack_report, "aws_lb.app")
    # busiest dimension: 2.5 GB/hour = 2.5 LCU (50/25 = 2, 3000/3000 = 1, 1500/1000 = 1.5)
    _cost(_component(lb, "Load balancer capacity units"), Decimal("2.5") * 730,
          unit_price("elb", "capacity_units", {"lb_type": "application"}))
    web0 = _resource(stack_report, "aws_instance.web[0]")
    # 100 burst hours x 2 vCPUs (wildcard entry), Linux credit rate
    _cost(_component(web0, "CPU credits"), 200,
          unit_price("ec2", "cpu_credits", {"family": "t3", "operating_system": "Linux"}))
    web1 = _resource(stack_report, "aws_instance.web[1]")
    # operating_system: windows (exact entry) prices Windows hours and Windows credits
    _cost(_component(web1, "Instance usage (Windows"), 730,
          unit_price("ec2", "instance", {"instance_type": "t3.medium",
                                         "operating_system": "Windows", "tenancy": "Shared"}))
    _cost(_component(web1, "CPU credits"), 200,
          unit_price("ec2", "cpu_credits", {"family": "t3", "operating_system": "Windows"}))
    reports = _resource(stack_report, "aws_instance.reports")
    # monthly_hrs: 200 hours; no reserved rates in the data: on-demand with a note
    _cost(_component(reports, "Instance usage (Linux/UNIX, on-demand"), 200,
          unit_price("ec2", "instance", {"instance_type": "m5.large",
                                         "operating_system": "Linux", "tenancy": "Shared"}))
    assert ("reserved pricing (standard, 1 year, all upfront) is not in the price data; the "
            "on-demand price is shown") in reports["notes"]


def test_fixture_prices_storage_queues_apis_and_functions(stack_report, unit_price):
    s3 = _resource(stack_report, "aws_s3_bucket.assets")
    _cost(_component(s3, "Standard storage"), 10000,
          unit_price("s3", "storage", {"storage_class": "standard"}))
    _cost(_component(s3, "PUT"), 200000, unit_price("s3", "requests", {"tier": "1"}))
    _cost(_component(s3, "GET"), 5000000, unit_price("s3", "requests", {"tier": "2"}))
    # the fixture's intelligent_tiering block brings in that class's charges
    _cost(_component(s3, "Intelligent-Tiering frequent access storage"), 500,
          unit_price("s3", "storage", {"storage_class": "intelligent_tiering_frequent"}))
    sqs = _resource(stack_report, "aws_sqs_queue.events")
    # 30 M requests of 100 KB: two 64 KB chunks each
    _cost(_component(sqs, "Requests"), 60_000_000,
          unit_price("sqs", "requests", {"queue_type": "standard"}))
    api = _resource(stack_report, "aws_apigatewayv2_api.http")
    # 5 M requests of 600 KB: two 512 KB increments each
    _cost(_component(api, "HTTP API requests"), 10_000_000,
          unit_price("apigateway", "http_requests"))
    requests_price = unit_price("lambda", "requests", {"architecture": "x86_64"})
    gb_second = unit_price("lambda", "duration", {"architecture": "x86_64"})
    fn0 = _resource(stack_report, "module.app[0].aws_lambda_function.api")
    # 20 M requests (module wildcard beats the type default's 1 M) x 100 ms (type default)
    # x 1 GB = 2,000,000 GB-seconds
    _cost(_component(fn0, "Requests"), 20_000_000, requests_price)
    _cost(_component(fn0, "Duration"), 2_000_000, gb_second)
    fn1 = _resource(stack_report, "module.app[1].aws_lambda_function.api")
    # 20 M x 250 ms (exact entry) x 1 GB = 5,000,000 GB-seconds
    _cost(_component(fn1, "Duration"), 5_000_000, gb_second)


def test_fixture_prices_asg_instances_and_os(stack_report, unit_price):
    asg = _resource(stack_report, "aws_autoscaling_group.workers")
    # instances: 3.5 (instead of desired_capacity 2), Windows
    _cost(_component(asg, "Instance usage (Windows"), Decimal("3.5") * 730,
          unit_price("ec2", "instance", {"instance_type": "m5.xlarge",
                                         "operating_system": "Windows", "tenancy": "Shared"}))
    _cost(_component(asg, "Root volume"), 28, unit_price("ebs", "storage",
                                                         {"volume_type": "gp2"}))
    db = _resource(stack_report, "aws_db_instance.orders")
    assert ("reserved pricing (3 year, partial upfront) is not in the price data; the "
            "on-demand price is shown") in db["notes"]


def test_fixture_usage_provenance_per_resource(stack_report):
    fn0 = _resource(stack_report, "module.app[0].aws_lambda_function.api")
    assert {u["key"]: (u["value"], u["source"], u["entry"]) for u in fn0["usage"]} == {
        "monthly_requests": (20000000, "wildcard", "module.app[*].aws_lambda_function.api"),
        "request_duration_ms": (100, "type_default", "aws_lambda_function"),
    }
    web1 = _resource(stack_report, "aws_instance.web[1]")
    assert {u["key"]: u["source"] for u in web1["usage"]} == {
        "operating_system": "exact", "monthly_cpu_credit_hrs": "wildcard",
        "vcpu_count": "wildcard"}
    assert "usage" not in _resource(stack_report, "aws_eip.nat")


def test_fixture_keys_the_format_defines_but_we_do_not_price_are_reported_once(stack_report):
    not_used = {(i["type"], i["key"]) for i in stack_report["usage"]["not_used"]}
    assert not_used == {
        ("aws_s3_bucket", "object_tags"),
    }
    assert len(stack_report["usage"]["not_used"]) == len(not_used)


def test_fixture_totals_include_the_usage_components(stack_report):
    plain = build_report([str(STACK)], env={}, today=TODAY)
    usage_total = sum(c["monthly_cost"] or 0 for p in stack_report["projects"]
                      for r in p["resources"] for c in (r["after"] or {}).get("components", [])
                      if c["usage_based"])
    assert usage_total > 0
    assert "usage" not in plain


# --- cost-gate's own version 1 files keep working ---------------------------------------------

def test_version_1_file_prices_usage_based_components_and_counts_them():
    plain = build_report([str(EXAMPLE_PLAN)], env={}, today=TODAY)
    with_usage = build_report([str(EXAMPLE_PLAN)], env={}, today=TODAY,
                              usage_file=str(ROOT / "examples" / "usage.yml"))
    assert with_usage["usage"]["warnings"] == []
    nat = _resource(with_usage, "aws_nat_gateway.main")
    data = next(c for c in nat["after"]["components"] if c["name"] == "Data processed")
    # 2,500 GB x $0.045 (ec2vps NAT GB us-east-1)
    assert data["usage_based"] is True
    assert data["monthly_quantity"] == 2500 and data["monthly_cost"] == pytest.approx(112.5)
    lb = _resource(with_usage, "module.web.aws_lb.app")
    lcu = next(c for c in lb["after"]["components"] if c["usage_based"])
    # 2 LCUs on average x 730 h x $0.008 (togen ALB LCU us-east-1)
    assert lcu["monthly_quantity"] == 1460 and lcu["monthly_cost"] == pytest.approx(11.68)
    added = with_usage["summary"]["monthly_after"] - plain["summary"]["monthly_after"]
    assert added == pytest.approx(112.5 + 11.68)


def test_type_defaults_and_index_free_addresses(tmp_path: Path):
    usage_file = tmp_path / "usage.yml"
    usage_file.write_text("resource_type_default_usage:\n  aws_instance:\n"
                          "    monthly_cpu_credit_vcpu_hours: 5\n"
                          "resource_usage:\n  module.web.aws_instance.web:\n"
                          "    monthly_cpu_credit_vcpu_hours: 7\n")
    usage = load_usage_file(str(usage_file))
    assert usage.for_resource("module.web.aws_instance.web[1]", "aws_instance") == {
        "monthly_cpu_credit_vcpu_hours": 7}
    assert usage.for_resource("aws_instance.other", "aws_instance") == {
        "monthly_cpu_credit_vcpu_hours": 5}


# --- matching precedence -----------------------------------------------------------------------

def test_exact_beats_wildcard_beats_type_default_per_key(tmp_path: Path):
    path = tmp_path / "usage.yml"
    path.write_text("""\
version: 0.1
resource_type_default_usage:
  aws_lambda_function: {monthly_requests: 1, request_duration_ms: 1}
resource_usage:
  'module.svc[*].module.fn["api"].aws_lambda_function.this[*]': {monthly_requests: 2, request_duration_ms: 2}
  'module.svc[*].module.fn[*].aws_lambda_function.this[*]': {monthly_requests: 3}
  'module.svc["eu"].module.fn["api"].aws_lambda_function.this[0]': {monthly_requests: 4}
""")
    usage = load_usage_file(str(path))
    exact = 'module.svc["eu"].module.fn["api"].aws_lambda_function.this[0]'
    assert usage.for_resource(exact, "aws_lambda_function") == {
        "monthly_requests": 4, "request_duration_ms": 2}
    # fewer wildcards win over more
    assert usage.for_resource('module.svc[1].module.fn["api"].aws_lambda_function.this[3]',
                              "aws_lambda_function") == {"monthly_requests": 2,
                                                         "request_duration_ms": 2}
    assert usage.for_resource('module.svc[1].module.fn["web"].aws_lambda_function.this[0]',
                              "aws_lambda_function") == {"monthly_requests": 3,
                                                         "request_duration_ms": 1}
    # a wildcard stands for an index or key, never for a missing one or another name
    assert usage.for_resource("module.svc.module.fn.aws_lambda_function.this",
                              "aws_lambda_function") == {"monthly_requests": 1,
                                                         "request_duration_ms": 1}


def test_ranges_load_as_ranges(tmp_path: Path):
    """A range is kept as written (tests/test_usage_ranges.py prices them)."""
    path = tmp_path / "usage.yml"
    path.write_text("version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n"
                    "    monthly_data_processed_gb: {min: 10, max: 50, expected: 20}\n")
    usage = load_usage_file(str(path))
    assert usage.by_address["aws_nat_gateway.main"] == {
        "monthly_data_processed_gb": UsageRange(Decimal(10), Decimal(50), Decimal(20))}
    assert usage.warnings == []

    from cost_gate.usage.loader import parse_usage

    raw = parse_usage({"resource_usage": {"aws_unknown_thing.x": {"k": {"min": 1, "max": 2}}}})
    assert raw.by_address["aws_unknown_thing.x"]["k"] == UsageRange(Decimal(1), Decimal(2))


def test_an_entry_with_every_key_commented_out_is_empty(tmp_path: Path):
    path = tmp_path / "usage.yml"
    path.write_text("version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n"
                    "    # monthly_data_processed_gb: 0\n")
    usage = load_usage_file(str(path))
    assert usage.by_address == {"aws_nat_gateway.main": {}} and usage.warnings == []


@pytest.mark.parametrize("text,message", [
    ("resource_usage: [1, 2]", "must be a mapping"),
    ("- a\n- b\n", "a usage file is a YAML mapping"),
    ("resource_usage: {a: [", "not valid YAML"),
])
def test_unreadable_usage_files_are_one_line_input_errors(tmp_path: Path, text: str,
                                                          message: str):
    path = tmp_path / "usage.yml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_usage_file(str(path))


def test_missing_usage_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="no such usage file"):
        load_usage_file(str(tmp_path / "nope.yml"))


# --- the key catalogue --------------------------------------------------------------------------

def test_catalogue_lists_the_format_keys():
    with CATALOGUE_FILE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 806
    assert len({r["resource_type"] for r in rows}) == 235


@pytest.mark.skipif(not (SHARED / "usage-keys").is_dir(),
                    reason="../shared/usage-keys not found: catalogue provenance check skipped")
def test_catalogue_is_the_shared_key_list_unchanged():
    shared = (SHARED / "usage-keys" / "infracost_usage_keys.csv").read_bytes()
    assert CATALOGUE_FILE.read_bytes() == shared
