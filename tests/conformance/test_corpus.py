"""Conformance over the shared corpus of real `terraform show -json` plans and states.

Every file either produces a report that honours the basic contract, or (only for files that
are genuinely not plan/state show-json output) raises InputError with a one-line message.
The corpus lives outside the repo (../shared/corpus, or $COST_GATE_CORPUS); without it the
whole module is skipped so a fresh clone still passes.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest

from cost_gate.api import build_report
from cost_gate.errors import InputError
from cost_gate.inputs import load_input
from cost_gate.inputs.document import load_document

CORPUS = Path(os.environ.get("COST_GATE_CORPUS")
              or Path(__file__).resolve().parents[2].parent / "shared" / "corpus")
DIRS = ("terraform-show-json", "terraform-plan-json-extra", "real-plans", "terraform-state-json",
        "real-states", "edge-cases")

if not all((CORPUS / d).is_dir() for d in DIRS):
    pytest.skip("../shared/corpus not found: conformance suite needs the shared corpus "
                "(set COST_GATE_CORPUS)", allow_module_level=True)

# Files that are genuinely not plan/state show-json output -> (reason, text in the message).
EXPECTED_INPUT_ERRORS: dict[str, tuple[str, str]] = {
    "terraform-show-json/plan-error.json":
        ("errored plan (`errored: true`, terraform plan failed)", "errored"),
    "terraform-state-json/raw-tfstate-not-show-json/show-json-state-modules.terraform.tfstate":
        ("raw terraform.tfstate (version 4), not show -json output", "raw terraform.tfstate"),
    "edge-cases/terracost__raw_tfstate_v4_not_a_plan.json":
        ("raw terraform.tfstate (version 4) given where a plan was expected",
         "raw terraform.tfstate"),
    "edge-cases/terraform-json__invalid_plan.json":
        ("syntactically broken JSON", "not valid JSON"),
}

BILLABLE = (["create"], ["delete"], ["update"], ["no-op"], ["delete", "create"],
            ["create", "delete"])
ACTIONS = {"create", "delete", "update", "replace", "no-op"}
STATUSES = {"priced", "free", "unsupported", "partial", "not-cloud"}
ASSUMED_NOTE = "assumed us-east-1"


def corpus_files() -> list[str]:
    return sorted(str(p.relative_to(CORPUS)) for d in DIRS for p in (CORPUS / d).rglob("*")
                  if p.is_file())


FILES = corpus_files()
_reports: dict[str, dict[str, Any]] = {}


def report(rel: str) -> dict[str, Any]:
    """The report of a corpus file, computed once per session."""
    if rel not in _reports:
        _reports[rel] = build_report([str(CORPUS / rel)], env={})
    return _reports[rel]


def resources(rel: str) -> dict[str, dict[str, Any]]:
    (project,) = report(rel)["projects"]
    return {r["address"]: r for r in project["resources"]}


def project(rel: str, **kwargs: Any):
    return load_input(str(CORPUS / rel), env=kwargs.pop("env", {}), **kwargs)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def check_totals(summary: dict[str, Any], res: list[dict[str, Any]]) -> None:
    """Schema 2: totals add up every priced side; the delta only the known deltas, and every
    changed resource with an unknown delta is listed in unpriced_changes."""
    before = sum((r["before"] or {}).get("monthly_cost") or 0 for r in res)
    after = sum((r["after"] or {}).get("monthly_cost") or 0 for r in res)
    assert close(summary["monthly_before"], before), (summary, before)
    assert close(summary["monthly_after"], after), (summary, after)
    known = sum(r["monthly_delta"] for r in res if r["monthly_delta"] is not None)
    assert close(summary["monthly_delta"], known), summary
    unknown = [r["address"] for r in res if r["monthly_delta"] is None and r["action"] != "no-op"]
    assert summary["unpriced_changes"] == unknown
    assert summary["delta_complete"] is (not unknown)
    for r in res:
        assert (r["monthly_delta"] is None) is (r["status"] in ("unsupported", "partial")), r
    counts = summary["resource_counts"]
    assert sum(counts.values()) == len(res)
    for status in STATUSES:
        assert counts[status] == sum(1 for r in res if r["status"] == status)


def expected_addresses(rel: str) -> list[str]:
    """Addresses a plan/state should yield, read from the raw JSON independently of the parser."""
    kind, doc, _ = load_document(str(CORPUS / rel))
    if kind == "plan":
        out = []
        for rc in doc.get("resource_changes") or []:
            ch = rc.get("change") or {}
            if rc.get("mode") != "managed" or ch.get("actions") not in BILLABLE:
                continue
            if ch.get("before") is None and ch.get("after") is None and not ch.get("after_unknown"):
                continue
            out.append(rc["address"])
        return out
    out = []

    def walk(module: dict[str, Any]) -> None:
        out.extend(r["address"] for r in module.get("resources") or []
                   if r.get("mode") == "managed")
        for child in module.get("child_modules") or []:
            walk(child)

    walk((doc.get("values") or {}).get("root_module") or {})
    return out


# --- every file -------------------------------------------------------------------------------

def test_expected_errors_are_real_corpus_files():
    missing = sorted(set(EXPECTED_INPUT_ERRORS) - set(FILES))
    assert not missing, f"listed as expected InputError but not in the corpus: {missing}"


@pytest.mark.parametrize("rel", FILES)
def test_corpus_file(rel):
    if rel in EXPECTED_INPUT_ERRORS:
        reason, text = EXPECTED_INPUT_ERRORS[rel]
        with pytest.raises(InputError) as info:
            build_report([str(CORPUS / rel)], env={})
        line = info.value.one_line()
        assert "\n" not in line and line, reason
        assert text in line, (reason, line)
        return
    rep = report(rel)  # any exception (InputError included) fails this file
    json.loads(json.dumps(rep))  # JSON-serialisable
    assert rep["schema_version"] == 2
    (proj,) = rep["projects"]
    res = proj["resources"]
    for r in res:
        for key in ("address", "type", "provider", "region", "action", "status"):
            assert key in r, (key, r)
        assert isinstance(r["address"], str) and r["address"]
        assert isinstance(r["type"], str) and r["type"]
        assert isinstance(r["provider"], str) and r["provider"]
        assert r["region"] is None or isinstance(r["region"], str)
        assert r["action"] in ACTIONS, r
        assert r["status"] in STATUSES, r
        assert isinstance(r["notes"], list)
        if r["action"] == "create":
            assert r["before"] is None, r["address"]
        if r["action"] == "delete":
            assert r["after"] is None, r["address"]
        if r["provider"] == "aws":  # the AWS fallback chain always ends in a region
            assert r["region"], r["address"]
    check_totals(proj["summary"], res)
    check_totals(rep["summary"], res)
    assert [r["address"] for r in res] == expected_addresses(rel)
    if proj["input_type"] == "state":
        assert all(r["action"] == "no-op" for r in res)
        assert close(rep["summary"]["monthly_delta"], 0)


# --- targeted: actions and deltas -------------------------------------------------------------

def test_all_noop_plan_has_zero_delta():
    rel = "real-plans/infracost__instance_with_attachment_after_deploy.json"
    res = resources(rel)
    assert res and {r["action"] for r in res.values()} == {"no-op"}
    assert report(rel)["summary"]["monthly_delta"] == 0
    assert report(rel)["summary"]["monthly_after"] > 0


def test_in_place_instance_type_update_increases_cost():
    rel = "real-plans/infracost__plan_with_target.json"
    (change,) = project(rel).changes
    assert change.address == "aws_instance.web_app_1"
    assert change.action == "update"
    assert change.before.attributes["instance_type"] == "t3.micro"
    assert change.after.attributes["instance_type"] == "t3.small"
    res = resources(rel)["aws_instance.web_app_1"]
    assert res["region"] == "us-east-1"
    assert res["monthly_delta"] > 0
    assert report(rel)["summary"]["monthly_delta"] > 0


def test_aliased_provider_region():
    rel = "real-plans/terracost__aws_terraform-plan_lb_update.json"
    changes = {c.type: c for c in project(rel).changes}
    lb = changes["aws_lb"]
    assert (lb.after.region, lb.after.region_source) == ("eu-west-3", "provider")
    by_type = {r["type"]: r for r in resources(rel).values()}
    assert by_type["aws_lb"]["region"] == "eu-west-3"
    assert by_type["aws_lb"]["action"] == "create"
    # the module instance uses the old-style "instance:aws" key -> the root provider
    assert by_type["aws_instance"]["region"] == "us-east-1"
    assert by_type["aws_instance"]["action"] == "update"
    assert by_type["aws_instance"]["monthly_delta"] > 0


def test_alias_paris_in_examples_plan():
    rel = "real-plans/terracost__examples_terraform-plan.json"
    regions = {c.address: c.after.region for c in project(rel).changes}
    assert "eu-west-3" in regions.values()
    assert set(regions.values()) <= {"eu-west-1", "eu-west-3"}


def test_no_region_plan_is_assumed_us_east_1_with_a_note():
    rel = "real-plans/terracost__aws_terraform-plan-no-region.json"
    res = resources(rel)
    assert res
    for r in res.values():
        assert r["region"] == "us-east-1"
        assert any(ASSUMED_NOTE in n for n in r["notes"]), r
    # the flag and the environment take over where the plan says nothing
    assert {c.after.region for c in project(rel, region="eu-west-1").changes} == {"eu-west-1"}
    env = {"AWS_REGION": "ap-south-1"}
    assert {c.after.region for c in project(rel, env=env).changes} == {"ap-south-1"}


def test_empty_region_variable_is_assumed_with_a_note():
    rel = "real-plans/tfcompliance__issue_522_delete.json"
    aws = [c for c in project(rel).changes if c.provider == "aws"]
    assert aws
    assert all(any(ASSUMED_NOTE in n for n in c.notes) for c in aws)


def test_create_before_destroy_is_replace():
    rel = "real-plans/checkov__plan_with_deleted_resources.json"
    (change,) = project(rel).changes
    assert change.type == "aws_secretsmanager_secret"
    assert change.action == "replace"
    assert change.after is not None  # this plan carries before = null (prior_state is null)
    assert change.after.region == "us-west-2"
    assert {r["action"] for r in resources(rel).values()} == {"replace"}


def test_delete_create_is_replace():
    rel = "real-plans/learn-terraform-plan__replace_random_pet.json"
    res = resources(rel)
    replaced = [r for r in res.values() if r["action"] == "replace"]
    assert [r["type"] for r in replaced] == ["random_pet"]
    instance = next(r for r in res.values() if r["type"] == "aws_instance")
    assert instance["action"] == "no-op"
    assert instance["region"] == "us-east-1"
    assert report(rel)["summary"]["monthly_delta"] == 0


@pytest.mark.parametrize(
    ("rel", "region"),
    [
        ("real-plans/scottford__aws-ec2-instances_tfplan.json", "us-east-1"),
        ("real-plans/devsecops-demo__aws_tfplan.json", "eu-west-1"),
        ("real-plans/nbiuk__eks_tfplan_tf1.14.json", "eu-central-1"),
        ("real-plans/snyk-terraform-goof__tf-plan.json", "us-west-1"),
    ],
)
def test_region_from_root_variable(rel, region):
    aws = [c for c in project(rel).changes if c.provider == "aws"]
    assert aws
    for c in aws:
        side = c.after or c.before
        assert side.region == region, c.address
        assert side.region_source in ("provider", "attribute"), c.address
        assert not c.notes or not any(ASSUMED_NOTE in n for n in c.notes)
    # a flag never overrides what the plan says
    assert {(c.after or c.before).region
            for c in project(rel, region="ap-south-1").changes if c.provider == "aws"} == {region}


def test_google_region_from_variable_and_zone():
    rel = "real-plans/terracost__google_plan.json"
    regions = {(c.after or c.before).region for c in project(rel).changes}
    assert regions == {"europe-west1"}


def test_azure_location_normalised():
    rel = "real-plans/terracost__azurerm_plan.json"
    changes = project(rel).changes
    located = [c for c in changes if "location" in c.after.attributes]
    assert located
    assert {c.after.region for c in located} == {"francecentral"}  # "France Central"
    # Azure has no provider region: resources without `location` stay unknown, no AWS guess
    assert all(c.after.region is None and not c.notes for c in changes if c not in located)


def test_module_resources_inherit_root_provider_full_path_keys():
    """TF 1.7 plan: module resources use `module.x.module.y:google` keys with no expressions."""
    rel = "real-plans/sentry-watchdog__google_tf-plan.json"
    module_changes = [c for c in project(rel).changes if c.module_address]
    inherited = [c for c in module_changes if c.after.region_source == "provider"]
    assert len(inherited) > 10
    assert {c.after.region for c in inherited} == {"us-west1"}
    assert all(c.after.region_source in ("provider", "attribute") for c in module_changes)


def test_old_style_module_keys_0_14():
    rel = "real-plans/infracost__terraform_v0.14_plan.json"
    for c in project(rel).changes:
        side = c.after or c.before
        assert side.region == "us-east-1", c.address
        assert side.region_source in ("provider", "attribute"), c.address


def test_module_in_other_provider_source_does_not_inherit():
    rel = "terraform-show-json/provider-aliasing-conflict.json"
    changes = {c.address: c for c in project(rel).changes}
    assert changes["test_instance.test"].after.region == "somewhere"
    assert changes["module.child.test_instance.test"].after.region is None


def test_provider_aliasing_regions():
    rel = "terraform-show-json/provider-aliasing.json"
    regions = {c.address: c.after.region for c in project(rel).changes}
    assert set(regions.values()) == {"somewhere", "elsewhere"}


def test_resource_drift_is_not_priced():
    rel = "real-plans/snyk-policy-engine__resource-changes.json"
    _, doc, _ = load_document(str(CORPUS / rel))
    assert doc.get("resource_drift")
    assert [r["address"] for r in resources(rel).values()] == [
        rc["address"] for rc in doc["resource_changes"]]


def test_unknown_values_carried():
    rel = "real-plans/nbiuk__eks_tfplan_tf1.14.json"
    groups = [c for c in project(rel).changes if c.type == "aws_eks_node_group"]
    assert groups
    assert all(isinstance(c.after.unknown, dict) and c.after.unknown for c in groups)


def test_launch_template_reference_in_module():
    rel = "real-plans/terracost__asg-plan.json"
    changes = project(rel).changes
    addresses = {c.address for c in changes}
    asgs = [c for c in changes if c.type == "aws_autoscaling_group"]
    assert asgs
    refs = [t for c in asgs for targets in c.references.values() for t in targets]
    assert refs
    assert any(t in addresses for t in refs), (refs, addresses)


# --- states -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "rel",
    ["real-states/infracost__terraform_v0.12_state.json",
     "real-states/infracost__terraform_v0.14_state.json",
     "real-states/scottford__aws-ec2-instances_tfstate.json",
     "real-states/refonte-multicloud__tfstate.json"],
)
def test_real_states_price_current_cost(rel):
    rep = report(rel)
    assert rep["projects"][0]["input_type"] == "state"
    assert rep["summary"]["monthly_before"] == rep["summary"]["monthly_after"] > 0
    assert rep["summary"]["monthly_delta"] == 0


def test_state_child_modules_are_included():
    rel = "real-states/infracost__terraform_v0.14_state.json"
    changes = project(rel).changes
    in_modules = [c for c in changes if c.module_address]
    assert in_modules
    for c in in_modules:
        assert c.address.startswith(c.module_address + ".")


def test_state_region_from_arn():
    rel = "real-states/scottford__aws-ec2-instances_tfstate.json"
    aws = [c for c in project(rel).changes if c.provider == "aws"]
    assert {c.after.region for c in aws} == {"us-east-1"}
    from_state = [c for c in aws if c.after.region_source == "attribute"]
    assert len(from_state) > len(aws) / 2


@pytest.mark.parametrize(
    "rel",
    ["terraform-state-json/show-json-state-empty.json",
     "terraform-state-json/show-json-state-no-state.json",
     "terraform-state-json/equivalence-fully_populated_complex_destroy.state.json"],
)
def test_empty_states_give_empty_reports(rel):
    rep = report(rel)
    assert rep["projects"][0]["resources"] == []
    assert rep["summary"]["monthly_after"] == 0


# --- edge cases -------------------------------------------------------------------------------

def test_utf16_bom_plan_parses():
    rel = "edge-cases/checkov__tfplan_utf16le_bom.json"
    assert (CORPUS / rel).read_bytes()[:2] == b"\xff\xfe"
    assert len(resources(rel)) == 3


def test_setup_terraform_wrapper_parses():
    rel = "edge-cases/infracost__plan_with_setup-terraform_wrapper.txt"
    assert (CORPUS / rel).read_bytes().startswith(b"[command]")
    res = resources(rel)
    assert len(res) == 2
    assert {r["region"] for r in res.values()} == {"us-east-1"}


def test_raw_tfstate_and_invalid_json_are_input_errors():
    with pytest.raises(InputError, match="raw terraform.tfstate"):
        load_input(str(CORPUS / "edge-cases/terracost__raw_tfstate_v4_not_a_plan.json"), env={})
    with pytest.raises(InputError, match="not valid JSON"):
        load_input(str(CORPUS / "edge-cases/terraform-json__invalid_plan.json"), env={})
