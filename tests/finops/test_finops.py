"""FinOps in the pull request (issue 11), on a realistic dev environment of the payments team.

``fixtures/app/main.tf`` is priced in HCL mode and ``fixtures/app/plan.json`` is the plan
Terraform 1.11 made from it (hashicorp/aws 5.100, fake credentials): both must give the same
findings, allocation, budgets and units, with savings from the shipped price data.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from cost_gate.api import build_report
from cost_gate.config import read_config
from cost_gate.merge import merge_reports
from cost_gate.render.markdown import render_markdown
from cost_gate.render.table import render_table
from tests.live_terraform import require_terraform, terraform_show_json

APP = Path(__file__).parent / "fixtures" / "app"
CONFIG = """\
version: 1
budgets:
  - name: payments-team
    scope: {tags: {team: payments}}
    max-total: 1000
  - name: search-team
    scope: {tags: {team: search}}
    warn-increase: 10
tag-policy:
  required: [team, env, owner]
  allowed: {env: [prod, staging, dev], team: "^[a-z-]+$"}
  on-violation: fail
allocation:
  tag: team
recommendations:
  ignore: [ecr-lifecycle]
units:
  - name: 1k payments
    monthly: 250
"""


@pytest.fixture(params=["hcl", "plan"])
def source(request, tmp_path):
    """The app as HCL (a copy, so the test can add a config) or as its plan JSON."""
    target = tmp_path / "app"
    shutil.copytree(APP, target)
    return str(target) if request.param == "hcl" else str(target / "plan.json")


def _findings(report, kind=None):
    return {(f["id"], f["address"]): f for f in report["findings"]
            if kind is None or f["kind"] == kind}


def _resource(report, address):
    return next(r for p in report["projects"] for r in p["resources"] if r["address"] == address)


def test_effective_tags_merge_provider_default_tags(source):
    report = build_report([source], env={})
    assert _resource(report, "aws_instance.api")["tags"] == {
        "Name": "payments-api", "owner": "alice", "team": "payments", "env": "dev"}
    # the resource's own tag wins over default_tags
    assert _resource(report, "aws_ebs_volume.scratch")["tags"] == {"team": "search",
                                                                   "env": "dev"}
    assert _resource(report, "aws_db_instance.ledger")["tags"]["env"] == "staging"


# id -> (address, monthly saving) from two prices of the shipped data (us-east-1)
SAVINGS = {
    ("gp2-to-gp3", "aws_ebs_volume.api_data"): 4,        # 200 GB x ($0.10 - $0.08)
    ("gp2-to-gp3", "aws_instance.api"): 1,               # root 50 GB x ($0.10 - $0.08)
    ("previous-generation", "aws_instance.api"): 2.92,   # m4.large $0.10 -> m5.large $0.096 /h
    ("io1-to-gp3", "aws_ebs_volume.journal"): 259.5,     # io1 100 GB + 4,000 IOPS vs gp3
    ("graviton", "aws_db_instance.ledger"): 27.74,       # db.m5.large -> db.m6g.large, Multi-AZ
    ("rds-multi-az-non-prod", "aws_db_instance.ledger"): 141.44,
    ("nat-gateway-per-az-non-prod", "aws_nat_gateway.a"): 32.85,  # one NAT gateway's hours
}


def test_recommendations_with_savings_from_two_prices(source):
    report = build_report([source], env={})
    found = _findings(report, "recommendation")
    for key, saving in SAVINGS.items():
        assert key in found, key
        assert found[key]["monthly_savings"] == pytest.approx(saving), key
        assert found[key]["severity"] == "info"
    nat = found[("nat-gateway-per-az-non-prod", "aws_nat_gateway.a")]
    assert nat["addresses"] == ["aws_nat_gateway.a", "aws_nat_gateway.b"]
    # usage-dependent savings are per unit: each from prices in the data
    units = {k[0]: f["unit_savings"] for k, f in found.items() if "unit_savings" in f}
    assert units == {"log-group-retention": {"amount": 0.03, "unit": "GB-month"},
                     "s3-lifecycle": {"amount": 0.0105, "unit": "GB-month"},  # 0.023 - 0.0125
                     "ecr-lifecycle": {"amount": 0.1, "unit": "GB-month"}}
    # the log group with a retention and the bucket with a lifecycle configuration are fine
    addresses = {k[1] for k in found}
    assert "aws_cloudwatch_log_group.audit" not in addresses
    assert "aws_s3_bucket.exports" not in addresses
    # the staging DB is not the dev NAT: env=staging is non-prod by default too
    assert ("rds-multi-az-non-prod", "aws_db_instance.ledger") in found


def test_silencing_by_comment_tag_and_config(source, tmp_path):
    report = build_report([source], env={})
    found = _findings(report, "recommendation")
    # `cost-gate:ignore = "previous-generation"` tag on the cache cluster (both modes)
    assert not any(k[1] == "aws_elasticache_cluster.sessions" for k in found)
    # `# cost-gate:ignore=io1-to-gp3` above aws_ebs_volume.ledger: HCL mode reads comments;
    # a plan has none
    ledger = ("io1-to-gp3", "aws_ebs_volume.ledger")
    if source.endswith(".json"):
        assert found[ledger]["monthly_savings"] == pytest.approx(319.5)
    else:
        assert ledger not in found
    config_file = tmp_path / "cfg.yml"
    config_file.write_text(CONFIG)
    configured = build_report([source], env={}, config=read_config(config_file))
    assert ("ecr-lifecycle", "aws_ecr_repository.api") not in _findings(configured)


def test_junk_at_plan_time_with_monthly_cost(source):
    report = build_report([source], env={})
    junk = _findings(report, "junk")
    assert set(junk) == {("unattached-volume", "aws_ebs_volume.scratch"),
                         ("unassociated-eip", "aws_eip.spare"),
                         ("idle-load-balancer", "aws_lb.public"),
                         ("snapshot-without-lifecycle", "aws_ebs_snapshot_copy.ledger_backup")}
    assert junk[("unattached-volume", "aws_ebs_volume.scratch")]["monthly_cost"] == 40
    assert junk[("unassociated-eip", "aws_eip.spare")]["monthly_cost"] == pytest.approx(3.65)
    # ALB hours 16.425 + its public IPv4 addresses in two subnets 7.30 (2 x 730 x 0.005)
    assert junk[("idle-load-balancer", "aws_lb.public")]["monthly_cost"] == pytest.approx(
        23.725)
    snapshot = junk[("snapshot-without-lifecycle", "aws_ebs_snapshot_copy.ledger_backup")]
    assert snapshot["monthly_cost"] is None  # its size is known only after apply
    assert snapshot["unit_cost"] == {"amount": 0.05, "unit": "GB-month"}
    assert all(f["severity"] == "warn" for f in junk.values())
    # attached volumes and the NAT gateways' addresses are not junk
    assert not any(k[1] in ("aws_ebs_volume.api_data", "aws_eip.nat_a") for k in junk)


def test_tag_policy_allocation_budget_units_in_every_format(source, tmp_path):
    config_file = tmp_path / "cfg.yml"
    config_file.write_text(CONFIG)
    report = build_report([source], env={}, config=read_config(config_file))
    tags = _findings(report, "tag-policy")
    # owner is only on the instance; every other resource that costs money misses it
    assert ("missing-tag:owner", "aws_ebs_volume.scratch") in tags
    assert ("missing-tag:owner", "aws_instance.api") not in tags
    assert not any(k[1] in ("aws_vpc.main", "aws_subnet.public_a") for k in tags)  # free
    assert all(f["severity"] == "fail" for f in tags.values())
    allocation = report["allocation"]
    assert allocation["tag"] == "team"
    by_value = {g["value"]: g for g in allocation["groups"]}
    assert set(by_value) == {"payments", "search"}
    assert by_value["search"]["monthly_delta"] == 40
    assert allocation["groups"][0]["value"] == "payments"  # largest |delta| first
    gate = report["gate"]
    assert gate["status"] == "fail"
    budget = next(v for v in gate["violations"] if v.get("budget") == "payments-team")
    total = Decimal(str(by_value["payments"]["monthly_after"]))
    assert budget["message"] == (f"payments-team: new monthly total ${total:,.2f} is over "
                                 "max-total $1,000")
    assert budget["scope"] == "team=payments"
    warn = next(v for v in gate["violations"] if v.get("budget") == "search-team")
    assert warn["message"] == "search-team: monthly increase $40 is over warn-increase $10"
    assert any(v["rule"] == "finding:tag-policy" for v in gate["violations"])
    [unit] = report["unit_economics"]
    assert unit["name"] == "1k payments"
    assert unit["cost_per_unit_after"] == pytest.approx(
        report["summary"]["monthly_after"] / 250, abs=1e-6)
    annual = report["summary"]["annual_delta"]
    assert annual == pytest.approx(report["summary"]["monthly_delta"] * 12)
    table = render_table(report, width=200)
    markdown = render_markdown(report)
    for text in (table, markdown):
        assert "Cost by team" in text
        assert "payments-team: new monthly total" in text
        assert "1k payments:" in text
        assert "/year" in text.splitlines()[0] or "/year" in text
        assert "monthly increase $40 is over warn-increase $10" in text.replace("\\", "")
    assert "| Cost by team | Before | After | Delta |" in markdown
    assert "💡" in markdown and "gp2-to-gp3" in markdown
    assert f"{'$':>1}" in table
    # the JSON report validates against the shipped schema
    import jsonschema

    schema = json.loads((Path(__file__).parents[2] / "cost_gate" / "schema"
                         / "report.schema.json").read_text())
    jsonschema.validate(report, schema)


def test_untagged_spend_is_its_own_allocation_group(tmp_path):
    (tmp_path / "main.tf").write_text('''
provider "aws" {
  region = "us-east-1"
}
resource "aws_ebs_volume" "tagged" {
  availability_zone = "us-east-1a"
  size = 10
  type = "gp3"
  tags = { team = "search" }
}
resource "aws_ebs_volume" "untagged" {
  availability_zone = "us-east-1a"
  size = 100
  type = "gp3"
}
''')
    (tmp_path / "c.yml").write_text("version: 1\nallocation: {tag: team}\n")
    report = build_report([str(tmp_path)], env={}, config=read_config(tmp_path / "c.yml"))
    groups = report["allocation"]["groups"]
    assert [(g["value"], g["monthly_delta"]) for g in groups] == [(None, 8), ("search", 0.8)]
    assert "\\(untagged\\)" in render_markdown(report)


def test_io1_to_io2_when_the_iops_do_not_fit_gp3(tmp_path):
    (tmp_path / "main.tf").write_text('''
provider "aws" {
  region = "us-east-1"
}
resource "aws_instance" "db" {
  ami           = "ami-1"
  instance_type = "r6i.2xlarge"
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_type = "io1"
    volume_size = 1000
    iops        = 40000
  }
}
''')
    report = build_report([str(tmp_path)], env={})
    found = _findings(report, "recommendation")
    # io1 40,000 IOPS x $0.065 vs io2 32,000 x $0.065 + 8,000 x $0.0455 (tiered)
    assert found[("io1-to-io2", "aws_instance.db")]["monthly_savings"] == pytest.approx(156)
    assert ("graviton", "aws_instance.db") in found  # r6i -> r6g


def test_merge_recomputes_allocation_and_equals_one_run(tmp_path):
    first = tmp_path / "a"
    shutil.copytree(APP, first)
    second = tmp_path / "b"
    second.mkdir()
    (second / "main.tf").write_text('''
provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = { team = "search", env = "prod" }
  }
}
resource "aws_ebs_volume" "index" {
  availability_zone = "us-east-1a"
  size = 300
  type = "gp2"
}
''')
    (tmp_path / "c.yml").write_text(CONFIG)
    config = read_config(tmp_path / "c.yml")
    whole = build_report([str(first), str(second)], env={}, config=config, jobs=1)
    parts = [(name, build_report([str(path)], env={}, config=config, jobs=1))
             for name, path in (("a.json", first), ("b.json", second))]
    merged = merge_reports(parts, named=config.gate_budgets(None), policy=config.policy())
    assert merged["findings"] == whole["findings"]
    assert merged["allocation"] == whole["allocation"]
    assert merged["unit_economics"] == whole["unit_economics"]
    assert merged["gate"] == whole["gate"]
    by_value = {g["value"]: g for g in merged["allocation"]["groups"]}
    assert by_value["search"]["monthly_after"] == 70  # 40 (a) + 30 (b)
    # without the config (a fan-in job that has none) the reports' own settings carry over
    plain = merge_reports(parts)
    assert plain["findings"] == whole["findings"]
    assert plain["allocation"] == whole["allocation"]
    assert plain["unit_economics"] == whole["unit_economics"]


def test_pricing_model_side_by_side_never_mixed(tmp_path):
    (tmp_path / "main.tf").write_text('''
provider "google" {
  project = "p"
  region  = "us-central1"
}
resource "google_compute_instance" "batch" {
  name         = "batch"
  machine_type = "n2-standard-4"
  zone         = "us-central1-a"
  boot_disk {
    initialize_params {
      size = 10
    }
  }
  network_interface {
    network = "default"
  }
}
''')
    on_demand = build_report([str(tmp_path)], env={})
    spot = build_report([str(tmp_path)], env={}, pricing_model="spot")
    assert spot["summary"] == on_demand["summary"]  # the totals stay on-demand
    block = spot["pricing_model"]
    assert block["model"] == "spot"
    [row] = block["resources"]
    assert row["monthly_on_demand"] == on_demand["summary"]["monthly_after"]
    assert 0 < row["monthly_model"] < row["monthly_on_demand"]
    text = render_table(spot, width=200)
    assert "Pricing model: spot vs on-demand for 1 resource" in text
    reserved = build_report([str(tmp_path)], env={}, pricing_model="reserved-1y")
    assert reserved["pricing_model"]["resources"] == []
    assert "no resource in this change has reserved-1y rates" in render_markdown(reserved)


def test_reserved_rate_includes_the_upfront_fee(tmp_path):
    (tmp_path / "main.tf").write_text('''
provider "aws" {
  region = "eu-west-2"
}
resource "aws_db_instance" "small" {
  instance_class    = "db.t4g.micro"
  engine            = "postgres"
  allocated_storage = 20
}
''')
    report = build_report([str(tmp_path)], env={}, pricing_model="reserved-3y")
    [row] = report["pricing_model"]["resources"]
    # instance: hourly $0.0043 + upfront $112 over 3 x 8,760 hours, x 730 hours; the gp2
    # storage has no reserved rate and stays at its on-demand price in both columns
    instance = (Decimal("0.0043") + Decimal(112) / (3 * 8760)) * 730
    storage = row["monthly_on_demand"] - 0.018 * 730
    assert row["monthly_model"] == pytest.approx(float(instance) + storage)


def test_recommendations_and_junk_can_be_turned_off(tmp_path):
    target = tmp_path / "app"
    shutil.copytree(APP, target)
    (tmp_path / "c.yml").write_text("version: 1\nrecommendations: {enabled: false}\n"
                                    "junk: {enabled: false}\n")
    report = build_report([str(target)], env={}, config=read_config(tmp_path / "c.yml"))
    assert not [f for f in report["findings"] if f["kind"] in ("recommendation", "junk")]


def test_ignore_comments_are_found_per_resource_block():
    from cost_gate.inputs.hcl.comments import resource_ignores

    text = '''
# cost-gate:ignore=gp2-to-gp3
resource "aws_ebs_volume" "a" {
  size = 10 # cost-gate:ignore=unattached-volume
  tags = { note = "${lookup(var.m, "}")} # not a comment" }
  user_data = <<-EOT
    } } { # cost-gate:ignore=inside-heredoc
  EOT
}

# an unrelated comment
resource "aws_instance" "b" {
  // cost-gate:ignore=graviton, previous-generation
  ami = "x"
}
resource "aws_instance" "c" {
}
'''
    assert resource_ignores(text) == {
        "aws_ebs_volume.a": ("gp2-to-gp3", "unattached-volume"),
        "aws_instance.b": ("graviton", "previous-generation"),
    }


def test_plan_fixture_is_what_terraform_makes_of_the_code(tmp_path):
    """fixtures/app/plan.json is `terraform show -json` of fixtures/app/main.tf: regenerate it
    and check both give the same resources, tags and findings."""
    require_terraform()
    work = tmp_path / "app"
    work.mkdir()
    shutil.copy(APP / "main.tf", work / "main.tf")
    (work / "plan.json").write_text(terraform_show_json(work, refresh=True))
    fresh = build_report([str(work / "plan.json")], env={})
    saved = build_report([str(APP / "plan.json")], env={})
    def unnamed(report):  # the project is named by its path
        return [{k: v for k, v in f.items() if k != "project"} for f in report["findings"]]

    assert unnamed(fresh) == unnamed(saved)
    assert fresh["summary"] == saved["summary"]
