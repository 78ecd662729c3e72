"""`pricing info` tells the truth; `pricing update|verify` speak one line per error."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from click.testing import CliRunner

from cost_gate.cli.pricing import pricing
from cost_gate.pricing.info import data_age, pricing_info, report_fields, staleness_warning
from cost_gate.pricing.rows import PriceRow
from cost_gate.pricing.store import PriceStore
from tests.pricing_update.conftest import GCP_KEY
from tests.pricing_update.helpers import cache_dir, update

TODAY = date(2026, 11, 26)


def run(env, *args):
    return CliRunner().invoke(pricing, list(args), env=env, catch_exceptions=False)


def test_info_on_shipped_snapshot(tmp_path):
    store = PriceStore.default(env={"COST_GATE_CACHE_DIR": str(tmp_path)})
    info = pricing_info(store, TODAY)
    [layer] = info["layers"]
    assert layer["origin"] == "shipped" and layer["as_of"] == "2026-10-06"
    assert layer["age_days"] == 51 and not layer["stale"]
    assert "us-east-1" in layer["coverage"]["aws"]["elb"]["regions"]
    assert layer["rows"] == sum(f["rows"] for f in store.layers[0].manifest["files"].values())
    stale = {s["id"] for s in layer["sources"] if s["stale"]}
    assert "terracost-testdata-2023-02-23" in stale and "karpenter-aws" in stale
    assert "togen-awselb-us-east-1-offer-slice" not in stale
    assert info["active"]["aws"]["elb"] == {"shipped": layer["coverage"]["aws"]["elb"]["regions"]}
    assert info["warnings"] == []
    later = pricing_info(store, TODAY + timedelta(days=60))
    assert later["warnings"] and "111 days old" in later["warnings"][0]


def test_staleness_warning_policy():
    fresh = {"snapshot_date": "2026-09-01"}
    assert staleness_warning(fresh, date(2026, 11, 30)) is None  # 90 days: still fine
    warning = staleness_warning(fresh, date(2026, 12, 1))
    assert warning.startswith("prices are 91 days old") and "cost-gate pricing update" in warning
    # a cache is as old as its least recently fetched source, not its publication dates
    assert staleness_warning({"as_of": "2026-11-20", "snapshot_date": "2023-01-01"}, TODAY) is None


def test_staleness_from_rows_used(tmp_path):
    store = PriceStore.default(env={"COST_GATE_CACHE_DIR": str(tmp_path)})
    old = PriceRow("aws", "ebs", "eu-west-1", "storage", (), "GB-month", Decimal("0.1"),
                   data_date="2023-02-23", source="terracost-testdata-2023-02-23")
    new = PriceRow("aws", "elb", "us-east-1", "lb_hours", (), "hour", Decimal("0.0225"),
                   data_date="2026-08-31", source="togen-awselb-us-east-1-offer-slice")
    assert staleness_warning(store, TODAY, rows=[new]) is None
    warning = staleness_warning(store, TODAY, rows=[new, old])
    assert "terracost-testdata-2023-02-23" in warning and "2023-02-23" in warning
    assert data_age(store, TODAY, rows=[])["as_of"] is None
    fields = report_fields(store, TODAY, rows=[new, old])
    assert fields["stale"] and fields["staleness_warning"] == warning


def test_staleness_of_store_uses_layers_that_priced(fake, env):
    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    store = PriceStore.default(env=env)
    store.lookup("aws", "elb", "us-east-1", "lb_hours", {"lb_type": "application"})
    assert data_age(store)["origin"] == "user-cache"
    assert data_age(store)["age_days"] == 0
    assert staleness_warning(store, date.today() + timedelta(days=91)) is not None


def test_cli_update_then_info_shows_cache(fake, env):
    result = run(env, "update", "--provider", "aws", "--service", "elb", "--region", "us-east-1")
    assert result.exit_code == 0, result.output
    assert "updated 1 source(s)" in result.stdout
    assert "aws AWSELB us-east-1:" in result.stderr  # line-based log when not a TTY
    info = json.loads(run(env, "info", "--json").stdout)
    assert [layer["origin"] for layer in info["layers"]] == ["user-cache", "shipped"]
    assert info["active"]["aws"]["elb"]["user-cache"] == ["us-east-1"]
    assert "eu-west-1" in info["active"]["aws"]["elb"]["shipped"]
    text = run(env, "info").stdout
    assert "[user-cache]" in text and "aws-price-list-AWSELB-us-east-1: 8 rows" in text
    assert "aws/elb: user-cache (1 regions), shipped (" in text


def test_cli_update_with_flag_urls(fake, tmp_path):
    env = {"COST_GATE_CACHE_DIR": str(tmp_path / "c")}
    result = run(env, "update", "--provider", "azure", "--region", "westeurope",
                 "--service", "virtual_machines",
                 "--azure-pricing-url", fake.url + "/api/retail/prices", "-q")
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "c/pricing/azure/virtual_machines/westeurope.csv").is_file()


def test_cli_errors_are_one_line_with_exit_code(fake, env):
    result = run(env, "update", "--provider", "gcp", "--region", "us-central1")
    assert result.exit_code == 4
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: gcp: no API key")
    result = run(env, "update", "--offline", "--provider", "aws")
    assert result.exit_code == 4 and "offline" in result.stderr
    result = run({**env, "COST_GATE_OFFLINE": "1"}, "update", "--provider", "aws")
    assert result.exit_code == 4 and fake.hits == []
    result = run(env, "update", "--provider", "gcp", "--region", "us-central1",
                 "--gcp-api-key", "NOT-THE-KEY-42")
    assert result.exit_code == 4 and "NOT-THE-KEY-42" not in result.output
    result = run(env, "update", "--provider", "aws", "--service", "dynamodb")
    assert result.exit_code == 4 and "unknown service 'dynamodb' for aws" in result.stderr
    assert "Traceback" not in result.output


def test_cli_key_is_not_printed_on_success(fake, env):
    result = run(env, "update", "--provider", "gcp", "--region", "us-central1",
                 "--gcp-api-key", GCP_KEY)
    assert result.exit_code == 0, result.output
    assert GCP_KEY not in result.output


def test_cli_verify(fake, env):
    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    result = run(env, "verify")
    assert result.exit_code == 0, result.output
    assert "user-cache: ok (1 files)" in result.stdout and "shipped: ok" in result.stdout
    path = cache_dir(env) / "aws/elb/us-east-1.csv"
    path.write_text(path.read_text() + "x,,hour,1,0,,,,\n")
    result = run(env, "verify")
    assert result.exit_code == 4
    assert "user-cache: aws/elb/us-east-1.csv: sha256 mismatch" in result.stderr
    assert result.stderr.strip().endswith("1 price directory failed verification")


def test_cli_verify_pricing_dir_mirror(fake, env, tmp_path):
    """A copied cache directory works as an air-gapped mirror via --pricing-dir."""
    import shutil

    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    mirror = tmp_path / "mirror"
    shutil.copytree(cache_dir(env), mirror)
    offline_env = {"COST_GATE_CACHE_DIR": str(tmp_path / "empty"), "COST_GATE_OFFLINE": "1"}
    result = run(offline_env, "verify", "--pricing-dir", str(mirror))
    assert result.exit_code == 0 and "pricing-dir: ok" in result.stdout
    store = PriceStore.default(pricing_dir=mirror, env=offline_env)
    rows = store.lookup("aws", "elb", "us-east-1", "lb_hours", {"lb_type": "network"})
    assert rows[0].usd_price == Decimal("0.0225")
    assert store.describe_used()["origins"] == ["pricing-dir"]
    info = json.loads(run(offline_env, "info", "--json", "--pricing-dir", str(mirror)).stdout)
    assert info["layers"][0]["origin"] == "pricing-dir"


def test_cli_bad_pricing_dir(tmp_path):
    result = run({"COST_GATE_CACHE_DIR": str(tmp_path)}, "info", "--pricing-dir", str(tmp_path))
    assert result.exit_code == 2 and "not a cost-gate price directory" in result.stderr


def test_staleness_from_source_ids(fake, env):
    store = PriceStore.default(env={"COST_GATE_CACHE_DIR": env["COST_GATE_CACHE_DIR"]})
    assert staleness_warning(store, TODAY, sources=["togen-awselb-us-east-1-offer-slice"]) is None
    warning = staleness_warning(store, TODAY, sources=["togen-awselb-us-east-1-offer-slice",
                                                        "flexera-rds-2023-03-01"])
    assert "source flexera-rds-2023-03-01" in warning and "as of 2023-03-01" in warning
    # undated sources do not make up an age
    assert report_fields(store, TODAY, sources=["skypilot-catalog-v8-aws"])["as_of"] is None
    # a refreshed cache source is as fresh as its fetch, whatever its publication date
    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    store = PriceStore.default(env=env)
    fields = report_fields(store, sources=["aws-price-list-AWSELB-us-east-1"])
    assert fields["age_days"] == 0 and fields["staleness_warning"] is None


def test_next_check_report_shows_the_cache(fake, env):
    """Done-when: after `pricing update`, the next estimate's `pricing` block names the cache."""
    cli = __import__("pytest").importorskip("cost_gate.cli")
    plan = __import__("pathlib").Path(__file__).resolve().parents[2] / "examples" / "plan.json"
    result = run(env, "update", "--provider", "aws", "--service", "elb", "--region", "us-east-1")
    assert result.exit_code == 0, result.output
    out = CliRunner().invoke(cli.cli, ["check", str(plan), "--format", "json"], env=env)
    report = json.loads(out.stdout)
    assert "user-cache" in report["pricing"]["origins"]
    assert "aws-price-list-AWSELB-us-east-1" in {s["id"] for s in report["pricing"]["sources"]}
