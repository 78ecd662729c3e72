"""The resources catalogue (`cost-gate resources`) and its generated page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cost_gate.rules import NO_PRICE_DATA, USAGE_ONLY, rule_for, rule_kind, supported_types
from cost_gate.rules.base import MissingAttribute, NotPriceable, Resource

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cost_gate", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_committed_page_is_up_to_date():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build_supported_resources import PAGE, build
    finally:
        sys.path.pop(0)
    assert PAGE.read_text(encoding="utf-8") == build(), (
        "docs/supported-resources.md is out of date: run "
        "python scripts/build_supported_resources.py")


def test_json_lists_each_category_per_provider():
    result = cli("resources", "--provider", "aws", "--format", "json")

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    (aws,) = data["providers"]
    assert aws["provider"] == "aws"
    assert "aws_instance" in aws["priced"]
    assert "aws_lambda_function" in aws["usage_only"]
    assert "aws_ec2_host" in aws["no_price_data"]
    assert "aws_iam_role" in aws["free"]
    assert aws["counts"] == {key: len(aws[key]) for key in
                             ("priced", "usage_only", "no_price_data", "free")}
    assert "kubernetes" in data["not_cloud_providers"]
    every = [t for key in ("priced", "usage_only", "no_price_data", "free") for t in aws[key]]
    assert len(every) == len(set(every))  # each type in one category only


def test_table_and_markdown_name_every_provider():
    table = cli("resources").stdout
    markdown = cli("resources", "--format", "markdown").stdout
    for provider in ("aws", "google", "azurerm"):
        assert f"{provider}: " in table
        assert f"## {provider}" in markdown


def test_unknown_provider_is_a_one_line_usage_error():
    result = cli("resources", "--provider", "gcp")

    assert result.returncode == 2
    assert result.stderr == ("error: unknown provider 'gcp' (choose from aws, google, "
                             "azurerm)\n")


# Priced types whose fixed charge needs attributes an empty resource lacks.
FIXED_WHEN_KNOWN = {
    "aws_ebs_snapshot": "storage at the size of its volume, when the volume is in the plan",
    "aws_ebs_snapshot_copy": "storage at the size of its source snapshot, when in the plan",
    "aws_ami_copy": "storage at the size of its source AMI's devices, when in the plan",
    "aws_ami_from_instance": "storage at the size of its instance's volumes, when in the plan",
    "google_compute_router_nat": "manually allocated NAT IPs",
    "aws_rds_cluster": "Multi-AZ DB cluster hours (engine mysql/postgres); Aurora clusters have "
                       "usage-based charges only (their instances are aws_rds_cluster_instance)",
    "aws_efs_file_system": "provisioned throughput above the storage baseline "
                           "(throughput_mode provisioned)",
}


@pytest.mark.parametrize("resource_type", supported_types())
def test_declared_kind_agrees_with_what_the_rule_returns(resource_type):
    """On an empty resource, a rule that prices anything must return only usage-based
    components when declared usage-only, and at least one fixed one otherwise (rules that need
    attributes raise MissingAttribute/NotPriceable here: nothing to check)."""
    resource = Resource(f"{resource_type}.x", resource_type, "us-east-1", {})
    try:
        comps = rule_for(resource_type)(resource)
    except (MissingAttribute, NotPriceable):
        return
    if not comps:
        return
    usage_only = all(c.usage_based for c in comps)
    if rule_kind(resource_type) == USAGE_ONLY:
        assert usage_only, f"{resource_type} is declared usage-only but has a fixed charge"
    elif rule_kind(resource_type) != NO_PRICE_DATA and resource_type not in FIXED_WHEN_KNOWN:
        assert not usage_only, (f"{resource_type} returns only usage-based charges: declare "
                                "it with @register(..., kind=USAGE_ONLY)")


def test_readme_what_is_priced_names_every_type_with_a_rule():
    """README's "What is priced" table and the catalogue agree: every type with a pricing rule
    has a row (the generated docs/supported-resources.md lists them by category)."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("## What is priced", 1)[1].split("### Usage estimates", 1)[0]
    named = set(re.findall(r"`((?:aws|google|azurerm)_[a-z0-9_]+)`", section))
    assert sorted(set(supported_types()) - named) == []
