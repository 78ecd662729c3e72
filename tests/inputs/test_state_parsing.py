"""State JSON (`terraform show -json` of a state) -> every managed resource priced as no-op."""

from __future__ import annotations

from pathlib import Path

from cost_gate.inputs import load_input
from cost_gate.inputs.document import classify
from tests.inputs.planfactory import (
    AZURERM,
    GOOGLE,
    by_address,
    load,
    parse,
    state,
    state_resource,
)

FIXTURES = Path(__file__).parent / "fixtures"
ASSUMED = "region not set in the state, --region or AWS_REGION; assumed us-east-1"


def test_fixture_with_child_modules():
    project = load_input(str(FIXTURES / "state_modules.json"), env={})
    assert project.input_type == "state"
    res = by_address(project)
    assert list(res) == [
        "aws_instance.web",
        'module.storage.aws_ebs_volume.data["logs.example.com"]',
        "module.storage.module.iam.aws_iam_role.reader[0]",
    ]  # data.aws_caller_identity.me is not a resource
    for c in project.changes:
        assert c.action == "no-op"
        assert c.before is c.after  # the same side: current cost, delta 0
    web = res["aws_instance.web"]
    assert (web.after.region, web.after.region_source) == ("eu-west-1", "attribute")  # ARN
    assert web.module_address == ""
    assert web.type == "aws_instance"
    assert web.provider == "aws"
    assert web.name == "web"
    vol = res['module.storage.aws_ebs_volume.data["logs.example.com"]']
    assert vol.module_address == "module.storage"  # the for_each key contains dots
    assert vol.name == "data"
    assert vol.after.region == "ap-southeast-2"  # from availability_zone
    role = res["module.storage.module.iam.aws_iam_role.reader[0]"]
    assert role.module_address == "module.storage.module.iam"
    # a global ARN has no region: the usual fallback applies, with its note
    assert (role.after.region, role.after.region_source) == ("us-east-1", "default")
    assert role.notes == [ASSUMED]


def test_state_fallback_uses_flag_and_env(tmp_path):
    doc = state({"resources": [state_resource("aws_iam_role.r", {"name": "r"})]})
    (res,) = load(doc, tmp_path, region="eu-west-2").changes
    assert (res.after.region, res.after.region_source) == ("eu-west-2", "flag")
    (res,) = load(doc, tmp_path, env={"AWS_REGION": "sa-east-1"}).changes
    assert (res.after.region, res.after.region_source) == ("sa-east-1", "env")


def test_region_attribute_beats_arn():
    doc = state({"resources": [state_resource("aws_s3_bucket.b", {
        "region": "eu-central-1", "arn": "arn:aws:s3:::b"})]})
    (res,) = parse(doc, kind="state").changes
    assert (res.after.region, res.after.region_source) == ("eu-central-1", "attribute")


def test_arn_beats_availability_zone():
    doc = state({"resources": [state_resource("aws_instance.i", {
        "arn": "arn:aws:ec2:us-west-2:1:instance/i-1", "availability_zone": "us-east-1a"})]})
    (res,) = parse(doc, kind="state").changes
    assert res.after.region == "us-west-2"


def test_google_and_azure_state():
    doc = state({"resources": [
        state_resource("google_compute_instance.vm", {"zone": "europe-west2-c",
                                                      "machine_type": "e2-small"},
                       provider=GOOGLE),
        state_resource("azurerm_resource_group.rg", {"location": "West Europe"},
                       provider=AZURERM),
        # ARNs are only read for AWS
        state_resource("google_pubsub_topic.t", {"arn": "arn:aws:sns:eu-west-1:1:t"},
                       provider=GOOGLE),
    ]})
    res = by_address(parse(doc, kind="state"))
    assert res["google_compute_instance.vm"].after.region == "europe-west2"
    assert res["azurerm_resource_group.rg"].after.region == "westeurope"
    assert res["google_pubsub_topic.t"].after.region is None
    assert res["google_pubsub_topic.t"].notes == []


def test_empty_states():
    for doc in ({"format_version": "1.0"},
                {"format_version": "1.0", "terraform_version": "1.9.8"},
                {"format_version": "1.0", "values": None},
                state({}),
                state({"resources": [], "child_modules": []})):
        assert classify(doc, "s.json") == "state"
        project = parse(doc, kind="state")
        assert project.changes == []
        assert project.input_type == "state"


def test_values_missing_on_a_resource():
    res = state_resource("aws_instance.i", {})
    del res["values"]
    (change,) = parse(state({"resources": [res]}), kind="state").changes
    assert change.after.attributes == {}


def test_state_has_no_unknown_values():
    doc = state({"resources": [state_resource("aws_instance.i", {"instance_type": "t3.micro"})]})
    (res,) = parse(doc, kind="state").changes
    assert res.after.unknown is None
    assert res.after.attributes == {"instance_type": "t3.micro"}
