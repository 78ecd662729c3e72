"""Usage ranges (`{min, max, expected}`) from the usage file to the gate.

A resource that reads a range is priced at the range's low end, its point estimate and its
high end; every figure of it, the summaries and the gate follow. Unit prices and tier rows come
from the shipped price table (read here through the store); the tier arithmetic is written out
next to each assertion.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from cost_gate.api import build_report
from cost_gate.cli import main
from cost_gate.errors import InputError
from cost_gate.gate import Budgets
from cost_gate.pricing.store import PriceStore
from cost_gate.usage import UsageRange, load_usage_file
from tests.inputs.planfactory import change, plan, provider

TODAY = date(2026, 11, 26)
REGION = "us-east-1"
SCHEMA = Path(__file__).resolve().parents[1] / "cost_gate" / "schema" / "report.schema.json"

API_RANGE = (100_000_000, 900_000_000)  # monthly_requests {min, max}: point = the midpoint
NAT_RANGE = (100, 1000, 200)  # monthly_data_processed_gb {min, max, expected}
USAGE = f"""version: 0.1
resource_usage:
  aws_apigatewayv2_api.http:
    monthly_requests: {{min: {API_RANGE[0]}, max: {API_RANGE[1]}}}
  aws_nat_gateway.main:
    monthly_data_processed_gb: {{min: {NAT_RANGE[0]}, max: {NAT_RANGE[1]}, expected: {NAT_RANGE[2]}}}
"""


# --- helpers -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store() -> PriceStore:
    return PriceStore.default(env={"COST_GATE_CACHE_DIR": "/nonexistent-cost-gate-cache"})


def rows(store: PriceStore, service: str, product: str, attrs: dict | None = None):
    found = store.lookup("aws", service, REGION, product, attrs or {})
    assert found, (service, product)
    return found


def tiered(quantity: Decimal, tier_rows) -> Decimal:
    """Hand-written tier walk: each tier's share of the quantity at that tier's price."""
    total = Decimal(0)
    for row in tier_rows:
        end = quantity if row.tier_end is None else min(quantity, row.tier_end)
        if end > row.tier_start:
            total += (end - row.tier_start) * row.usd_price
    return total


def write(tmp_path: Path, *changes, usage: str = USAGE) -> tuple[str, str]:
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan(*changes, provider_config={"aws": provider(REGION)})))
    usage_path = tmp_path / "usage.yml"
    usage_path.write_text(usage)
    return str(plan_path), str(usage_path)


def api_and_nat(tmp_path: Path, usage: str = USAGE) -> tuple[str, str]:
    return write(tmp_path,
                 change("aws_apigatewayv2_api.http", ["create"], after={"protocol_type": "HTTP"}),
                 change("aws_nat_gateway.main", ["create"], after={}), usage=usage)


def resource(report: dict, address: str) -> dict:
    return next(r for p in report["projects"] for r in p["resources"] if r["address"] == address)


def d(value) -> Decimal:
    return Decimal(str(value))


@pytest.fixture
def cost_gate(capsys, monkeypatch):
    """The console entry point in-process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["cost-gate", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        captured = capsys.readouterr()
        return exited.value.code, captured.out, captured.err

    return run


@pytest.fixture
def expected_costs(store):
    """(low, point, high) monthly cost of each resource, worked out from the price rows."""
    api_rows = rows(store, "apigateway", "http_requests")
    assert len(api_rows) >= 2, "the tier test needs a tiered price"
    lo, hi = (Decimal(v) for v in API_RANGE)
    api = tuple(tiered(q, api_rows) for q in (lo, (lo + hi) / 2, hi))
    nat_hour = rows(store, "vpc", "nat_gateway_hours")[0].usd_price
    nat_gb = rows(store, "vpc", "nat_gateway_data")[0].usd_price
    nat = tuple(730 * nat_hour + Decimal(gb) * nat_gb for gb in (NAT_RANGE[0], NAT_RANGE[2],
                                                                 NAT_RANGE[1]))
    return {"api": api, "nat": nat, "nat_gb_price": nat_gb}


# --- the usage file ----------------------------------------------------------------------------

def test_a_range_reads_as_its_point_estimate_and_its_ends():
    with_expected = UsageRange(Decimal(100), Decimal(1000), Decimal(200))
    midpoint = UsageRange(Decimal(1), Decimal(4))
    assert (with_expected.point, with_expected.at("low"), with_expected.at("high")) == (200, 100,
                                                                                      1000)
    assert (midpoint.point, midpoint.at("expected")) == (Decimal("2.5"), Decimal("2.5"))
    assert with_expected.to_dict() == {"min": 100, "max": 1000, "expected": 200}
    assert midpoint.to_dict() == {"min": 1, "max": 4}


@pytest.mark.parametrize("value,message", [
    ("{min: 10}", "a range needs both min and max (no max)"),
    ("{max: 10}", "a range needs both min and max (no min)"),
    ("{min: lots, max: 10}", "a range needs a number for min, got 'lots'"),
    ("{min: 1, max: [2]}", "a range needs a number for max, got [2]"),
    ("{min: 50, max: 10}", "range min 50 is greater than max 10"),
    ("{min: 10, max: 50, expected: 60}", "range expected 60 is outside 10-50"),
    ("{min: 10, max: 50, expected: 5.5}", "range expected 5.5 is outside 10-50"),
    ("{min: 10, max: 50, expected: many}", "range expected must be a number, got 'many'"),
    ("{min: -5, max: 10}", "range min must not be negative, got -5"),
    ("{min: .nan, max: 10}", "a range needs a number for min, got nan"),
])
def test_invalid_ranges_are_warnings_and_left_out(tmp_path: Path, value: str, message: str):
    path = tmp_path / "usage.yml"
    path.write_text("version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n"
                    f"    monthly_data_processed_gb: {value}\n")
    usage = load_usage_file(str(path))
    [warning] = usage.warnings
    assert warning.key == "resource_usage.aws_nat_gateway.main.monthly_data_processed_gb"
    assert warning.message == message
    assert usage.by_address["aws_nat_gateway.main"] == {}


def test_a_range_for_a_string_key_is_a_warning(tmp_path: Path):
    path = tmp_path / "usage.yml"
    path.write_text("version: 0.1\nresource_usage:\n  aws_instance.web:\n"
                    "    operating_system: {min: 1, max: 2}\n")
    [warning] = load_usage_file(str(path)).warnings
    assert warning.message == "expects a string, got a range"


def test_valid_ranges_load_without_warnings(tmp_path: Path):
    path = tmp_path / "usage.yml"
    path.write_text(USAGE + "  aws_lambda_function.fn:\n    monthly_requests: {min: 5, max: 5}\n"
                    "    request_duration_ms: {min: '100', max: 1_000, expected: 100}\n")
    usage = load_usage_file(str(path))
    assert usage.warnings == []
    assert usage.by_address["aws_lambda_function.fn"] == {
        "monthly_requests": UsageRange(Decimal(5), Decimal(5)),
        "request_duration_ms": UsageRange(Decimal(100), Decimal(1000), Decimal(100))}


def test_invalid_ranges_warn_in_the_report_and_fail_with_strict_usage(tmp_path: Path, cost_gate):
    plan_path, usage_path = api_and_nat(tmp_path, "version: 0.1\nresource_usage:\n"
                                        "  aws_nat_gateway.main:\n"
                                        "    monthly_data_processed_gb: {min: 9, max: 3}\n")
    report = build_report([plan_path], env={}, today=TODAY, usage_file=usage_path)
    [warning] = report["usage"]["warnings"]
    assert "range min 9 is greater than max 3" in warning["text"]
    nat = resource(report, "aws_nat_gateway.main")
    assert "usage" not in nat and "monthly_delta_low" not in nat  # the value was left out
    with pytest.raises(InputError, match="range min 9 is greater than max 3"):
        build_report([plan_path], env={}, today=TODAY, usage_file=usage_path, strict_usage=True)
    code, out, err = cost_gate("check", plan_path, "--usage-file", usage_path, "--strict-usage")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "range min 9 is greater than max 3" in err
    code, out, _ = cost_gate("check", plan_path, "--usage-file", usage_path)
    assert code == 0 and "Usage warning:" in out and "greater than max 3" in out


# --- components -> resources -> totals ---------------------------------------------------------

def test_a_range_on_a_tiered_price_is_priced_through_the_tiers(tmp_path: Path, store,
                                                               expected_costs):
    plan_path, usage_path = api_and_nat(tmp_path)
    report = build_report([plan_path], env={}, today=TODAY, usage_file=usage_path)
    api = resource(report, "aws_apigatewayv2_api.http")
    [comp] = api["after"]["components"]
    low, point, high = expected_costs["api"]
    assert (d(comp["monthly_cost_low"]), d(comp["monthly_cost"]), d(comp["monthly_cost_high"])) \
        == (low, point, high)
    assert (comp["monthly_quantity_low"], comp["monthly_quantity"],
            comp["monthly_quantity_high"]) == (100_000_000, 500_000_000, 900_000_000)
    # through the tiers, not linearly: the high end is cheaper than max x the first tier price
    first_price = rows(store, "apigateway", "http_requests")[0].usd_price
    assert high < Decimal(API_RANGE[1]) * first_price
    assert high != low * API_RANGE[1] / API_RANGE[0]
    assert (d(api["after"]["monthly_cost_low"]), d(api["after"]["monthly_cost_high"])) == (
        low, high)
    assert (d(api["monthly_delta_low"]), d(api["monthly_delta"]), d(api["monthly_delta_high"])) \
        == (low, point, high)
    assert api["status"] == "priced"


def test_components_resources_and_totals_carry_low_and_high(tmp_path: Path, expected_costs):
    plan_path, usage_path = api_and_nat(tmp_path)
    report = build_report([plan_path], env={}, today=TODAY, usage_file=usage_path)
    nat = resource(report, "aws_nat_gateway.main")
    hours, data = nat["after"]["components"]
    # a component the range does not touch has equal ends
    assert hours["monthly_cost_low"] == hours["monthly_cost_high"] == hours["monthly_cost"]
    gb = expected_costs["nat_gb_price"]
    assert [d(data[k]) for k in ("monthly_cost_low", "monthly_cost", "monthly_cost_high")] == [
        100 * gb, 200 * gb, 1000 * gb]  # expected: 200 is the point estimate
    assert [d(nat[k]) for k in ("monthly_delta_low", "monthly_delta", "monthly_delta_high")] == \
        list(expected_costs["nat"])
    summary = report["summary"]
    api, nat_costs = expected_costs["api"], expected_costs["nat"]
    for i, key in enumerate(("monthly_delta_low", "monthly_delta", "monthly_delta_high")):
        assert d(summary[key]) == pytest.approx(api[i] + nat_costs[i])
    assert summary["monthly_after_low"] == summary["monthly_delta_low"]
    assert summary["monthly_after_high"] == summary["monthly_delta_high"]
    assert summary["monthly_before_low"] == summary["monthly_before_high"] == 0
    assert summary["percent_delta_low"] is summary["percent_delta_high"] is None  # before is $0
    # provenance shows the range as written and the point estimate it was priced at
    assert resource(report, "aws_apigatewayv2_api.http")["usage"] == [{
        "key": "monthly_requests", "value": 500_000_000, "source": "exact",
        "entry": "aws_apigatewayv2_api.http", "range": {"min": 100_000_000, "max": 900_000_000}}]
    assert nat["usage"][0]["value"] == 200
    assert nat["usage"][0]["range"] == {"min": 100, "max": 1000, "expected": 200}
    assert report["gate"]["gate_on"] == "high"


def test_the_ranged_report_follows_the_schema(tmp_path: Path):
    import jsonschema

    plan_path, usage_path = api_and_nat(tmp_path)
    report = build_report([plan_path], env={}, today=TODAY, usage_file=usage_path,
                          budgets=Budgets.parse({"max_increase": 1}))
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))


def test_reports_without_ranges_are_unchanged(tmp_path: Path):
    plan_path, usage_path = api_and_nat(
        tmp_path, "version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n"
                  "    monthly_data_processed_gb: 200\n")
    report = build_report([plan_path], env={}, today=TODAY, usage_file=usage_path,
                          budgets=Budgets.parse({"max_increase": 1, "gate_on": "low"}))
    text = json.dumps(report)
    assert "_low" not in text and "_high" not in text and "gate_on" not in text
    assert "range" not in resource(report, "aws_nat_gateway.main")["usage"][0]
    assert report["gate"]["violations"][0]["message"].startswith("Monthly cost increase $")
    assert "usage ranges" not in report["gate"]["violations"][0]["message"]


def test_an_update_takes_each_end_on_both_sides(tmp_path: Path, store):
    """Memory 128 -> 1024 MB with the same request range: the delta at each end is that end's
    after minus that end's before, never the low before against the high after."""
    lam = change("aws_lambda_function.fn", ["update"],
                 before={"memory_size": 128, "architectures": ["x86_64"]},
                 after={"memory_size": 1024, "architectures": ["x86_64"]})
    plan_path, usage_path = write(tmp_path, lam, usage=(
        "version: 0.1\nresource_usage:\n  aws_lambda_function.fn:\n"
        "    monthly_requests: {min: 1000000, max: 9000000}\n    request_duration_ms: 200\n"))
    report = build_report([plan_path], env={}, today=TODAY, usage_file=usage_path)
    fn = resource(report, "aws_lambda_function.fn")
    request_price = rows(store, "lambda", "requests", {"architecture": "x86_64"})[0].usd_price
    duration_rows = rows(store, "lambda", "duration", {"architecture": "x86_64"})

    def side(requests: int, memory: int) -> Decimal:
        gb_seconds = Decimal(requests) * 200 / 1000 * memory / 1024
        return requests * request_price + tiered(gb_seconds, duration_rows)

    for end, requests in (("low", 1_000_000), ("high", 9_000_000)):
        assert d(fn["before"][f"monthly_cost_{end}"]) == pytest.approx(side(requests, 128))
        assert d(fn["after"][f"monthly_cost_{end}"]) == pytest.approx(side(requests, 1024))
        assert d(fn[f"monthly_delta_{end}"]) == pytest.approx(
            side(requests, 1024) - side(requests, 128))
    assert d(fn["monthly_delta"]) == pytest.approx(side(5_000_000, 1024) - side(5_000_000, 128))
    # percent change at each end: that end's delta over that end's before
    percents = [float((side(n, 1024) - side(n, 128)) / side(n, 128) * 100)
                for n in (1_000_000, 5_000_000, 9_000_000)]
    summary = report["summary"]
    assert summary["percent_delta_low"] == pytest.approx(min(percents), abs=0.01)
    assert summary["percent_delta_high"] == pytest.approx(max(percents), abs=0.01)
    assert summary["percent_delta_low"] <= summary["percent_delta"] <= \
        summary["percent_delta_high"]


def test_a_charge_that_cannot_be_priced_at_one_end_makes_the_resource_partial(tmp_path: Path):
    plan_path, usage_path = write(
        tmp_path, change("aws_nat_gateway.main", ["create"], after={}),
        usage="version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n"
              "    monthly_data_processed_gb: {min: 10, max: 1e20, expected: 100}\n")
    report = build_report([plan_path], env={}, today=TODAY, usage_file=usage_path)
    nat = resource(report, "aws_nat_gateway.main")
    assert nat["status"] == "partial" and nat["monthly_delta"] is None
    assert nat["monthly_delta_low"] is None and nat["monthly_delta_high"] is None
    assert nat["partial_sides"] == ["after"]
    # the high end could not be priced: the side's range keeps only what was priced (never a
    # "$0.00" end from the run that failed)
    after = nat["after"]
    assert after["monthly_cost_low"] < after["monthly_cost"] == after["monthly_cost_high"]
    assert all(c["monthly_cost_low"] > 0 for c in after["components"])
    assert any(n.startswith("at the high end of the usage ranges: ") for n in nat["notes"])
    assert report["summary"]["unpriced_changes"] == ["aws_nat_gateway.main"]
    assert report["gate"]["status"] == "warn"  # --unpriced warn


# --- the gate ----------------------------------------------------------------------------------

@pytest.fixture
def limits(expected_costs):
    """A fail limit between the point and the high total, a warn limit between the low and
    the point total: each --gate-on end gives a different gate."""
    low, point, high = (a + n for a, n in zip(expected_costs["api"], expected_costs["nat"],
                                              strict=True))
    return {"max": str(((point + high) / 2).quantize(Decimal(1))),
            "warn": str(((low + point) / 2).quantize(Decimal(1))), "ends": (low, point, high)}


@pytest.mark.parametrize("gate_on,status,rules", [
    ("low", "pass", []),
    ("expected", "warn", ["warn-increase"]),
    ("high", "fail", ["max-increase", "warn-increase"]),
    (None, "fail", ["max-increase", "warn-increase"]),  # the high end by default
])
def test_budgets_measure_the_chosen_end(tmp_path: Path, cost_gate, limits, gate_on, status,
                                        rules):
    plan_path, usage_path = api_and_nat(tmp_path)
    args = ["check", plan_path, "--usage-file", usage_path, "--format", "json",
            "--max-increase", limits["max"], "--warn-increase", limits["warn"]]
    if gate_on:
        args += ["--gate-on", gate_on]
    code, out, err = cost_gate(*args)
    gate = json.loads(out)["gate"]
    assert gate["status"] == status and code == (1 if status == "fail" else 0)
    assert [v["rule"] for v in gate["violations"]] == rules
    end = gate_on or "high"
    assert gate["gate_on"] == end
    words = {"low": "low end of the usage ranges", "expected": "expected usage",
             "high": "high end of the usage ranges"}[end]
    index = {"low": 0, "expected": 1, "high": 2}[end]
    for violation in gate["violations"]:
        assert violation["gate_on"] == end
        assert f"({words}, --gate-on {end})" in violation["message"]
        assert d(violation["actual"]) == pytest.approx(limits["ends"][index], abs=Decimal("0.0001"))
        assert violation["message"] in err


def test_gate_on_from_the_environment_the_config_and_the_flag(tmp_path: Path, cost_gate,
                                                              monkeypatch, limits):
    plan_path, usage_path = api_and_nat(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    base = ["check", plan_path, "--usage-file", usage_path, "--format", "json",
            "--max-increase", limits["max"]]
    (tmp_path / ".cost-gate.yml").write_text("version: 1\ngate-on: low\n")
    code, out, err = cost_gate(*base)
    assert code == 0 and json.loads(out)["gate"]["gate_on"] == "low"
    assert "not evaluated" not in err
    monkeypatch.setenv("COST_GATE_GATE_ON", "high")  # the variable wins over the file
    code, out, _ = cost_gate(*base)
    assert code == 1 and json.loads(out)["gate"]["gate_on"] == "high"
    code, out, _ = cost_gate(*base, "--gate-on", "expected")  # the flag wins over both
    assert code == 0 and json.loads(out)["gate"]["gate_on"] == "expected"


def test_bad_gate_on_values_are_usage_errors(tmp_path: Path, cost_gate, monkeypatch):
    plan_path, usage_path = api_and_nat(tmp_path)
    code, out, err = cost_gate("check", plan_path, "--gate-on", "middle")
    assert code == 2 and out == ""
    assert err == "error: --gate-on expects one of low, expected, high, got 'middle'\n"
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cost-gate.yml").write_text("version: 1\ngate-on: max\n")
    code, _, err = cost_gate("check", plan_path)
    assert code == 2 and "gate-on: 'max' is not one of 'low', 'expected', 'high'" in err


def test_config_budgets_whole_run_and_per_project_honour_gate_on(tmp_path: Path, cost_gate,
                                                                 monkeypatch, limits):
    plan_path, usage_path = api_and_nat(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    other_plan, _ = write(other, change("aws_nat_gateway.main", ["create"], after={}))
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cost-gate.yml").write_text(
        f"version: 1\nusage-file: {usage_path}\nbudgets:\n"
        f"  - name: platform\n    max-increase: {limits['max']}\nprojects:\n"
        f"  - name: api\n    path: {plan_path}\n    budgets:\n"
        f"      - name: api-team\n        warn-increase: {limits['warn']}\n"
        f"  - name: other\n    path: {other_plan}\n")

    def gate(*extra: str) -> dict:
        _, out, _ = cost_gate("check", "--format", "json", "--jobs", "1", *extra)
        return json.loads(out)["gate"]

    high = gate()
    assert high["status"] == "fail"
    assert [(v["budget"], v.get("project"), v["gate_on"]) for v in high["violations"]] == [
        ("platform", None, "high"), ("api-team", "api", "high")]
    # the config budget's wording (FinOps), with the end of the ranges it measured
    assert high["violations"][0]["message"].startswith("platform: monthly increase $")
    assert high["violations"][0]["message"].endswith(
        "(high end of the usage ranges, --gate-on high)")
    expected = gate("--gate-on", "expected")
    assert [(v["budget"], v["gate_on"]) for v in expected["violations"]] == [
        ("api-team", "expected")]
    assert gate("--gate-on", "low")["violations"] == []


def test_render_recomputes_the_gate_at_another_end(tmp_path: Path, cost_gate, limits):
    plan_path, usage_path = api_and_nat(tmp_path)
    saved = tmp_path / "report.json"
    code, _, _ = cost_gate("check", plan_path, "--usage-file", usage_path, "--save-report",
                           str(saved), "--max-increase", limits["max"], "-o",
                           str(tmp_path / "out.txt"))
    assert code == 1
    code, out, _ = cost_gate("render", str(saved), "--max-increase", limits["max"],
                             "--gate-on", "low")
    assert code == 0 and "Gate: PASS" in out
    assert "budgets measure the low end (--gate-on low)" in out


# --- what people read --------------------------------------------------------------------------

def test_table_and_markdown_show_the_ranges(tmp_path: Path, cost_gate, expected_costs):
    from cost_gate import fmt

    plan_path, usage_path = api_and_nat(tmp_path)
    low, point, high = expected_costs["api"]
    code, table, _ = cost_gate("check", plan_path, "--usage-file", usage_path)
    assert code == 0
    assert f"{fmt.money(point)} ({fmt.money(low)}-{fmt.money(high)})" in table  # component
    assert f"over the usage ranges: {fmt.money(low)}-{fmt.money(high)} " \
           f"({fmt.signed_money(low)} to {fmt.signed_money(high)})" in table
    assert "usage: monthly_requests=100,000,000-900,000,000 (midpoint 500,000,000; exact entry)" \
        in table
    assert "monthly_data_processed_gb=100-1,000 (expected 200; exact entry)" in table
    assert "over the usage ranges" in table.split("Monthly cost will increase by", 1)[1]
    assert "budgets measure the high end (--gate-on high)" in table
    code, markdown, _ = cost_gate("check", plan_path, "--usage-file", usage_path,
                                  "--format", "markdown")
    row = next(line for line in markdown.splitlines()
               if line.startswith("| aws\\_apigatewayv2\\_api.http |"))
    assert f"| {fmt.money(point)} ({fmt.money(low)}-{fmt.money(high)}) |" in row
    assert f"| {fmt.signed_money(point)} ({fmt.signed_money(low)} to " \
           f"{fmt.signed_money(high)}) |" in row
    assert "| 500,000,000 requests (100,000,000-900,000,000) |" in markdown
    assert "Over the usage ranges: $0.00 -> " in markdown


def test_usage_init_writes_a_commented_range_example_that_loads(tmp_path: Path, cost_gate):
    plan_path, _ = api_and_nat(tmp_path)
    code, text, _ = cost_gate("usage", "init", plan_path)
    assert code == 0
    example = next(line for line in text.splitlines() if "{min:" in line)
    assert example.startswith("#")  # a comment: the skeleton's values stay 0
    # uncommented under a key of the file, the example is a valid range
    key_line = example.lstrip("# ").strip()
    path = tmp_path / "edited.yml"
    path.write_text("version: 0.1\nresource_usage:\n  aws_nat_gateway.main:\n"
                    f"    {key_line}\n")
    usage = load_usage_file(str(path))
    assert usage.warnings == []
    assert isinstance(usage.by_address["aws_nat_gateway.main"]["monthly_data_processed_gb"],
                      UsageRange)
