"""Plan JSON -> Project: actions, what is (not) counted, modules, indices, unknown/sensitive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cost_gate.errors import InputError
from cost_gate.inputs import load_input
from cost_gate.inputs.plan import action_of, provider_short_name
from tests.inputs.planfactory import (
    AWS,
    RANDOM,
    by_address,
    change,
    config_resource,
    load,
    module_call,
    parse,
    plan,
    provider,
)

FIXTURES = Path(__file__).parent / "fixtures"

T3 = {"instance_type": "t3.micro", "ami": "ami-123"}
T3_SMALL = {"instance_type": "t3.small", "ami": "ami-123"}


# --- actions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (["create"], "create"),
        (["delete"], "delete"),
        (["update"], "update"),
        (["no-op"], "no-op"),
        (["delete", "create"], "replace"),
        (["create", "delete"], "replace"),
        (["read"], None),
        (["forget"], None),
        ([], None),
    ],
)
def test_action_of(actions, expected):
    assert action_of(actions) == expected


@pytest.mark.parametrize(
    ("actions", "before", "after", "action", "has_before", "has_after"),
    [
        (["create"], None, T3, "create", False, True),
        (["delete"], T3, None, "delete", True, False),
        (["update"], T3, T3_SMALL, "update", True, True),
        (["no-op"], T3, T3, "no-op", True, True),
        (["delete", "create"], T3, T3_SMALL, "replace", True, True),
        (["create", "delete"], T3, T3_SMALL, "replace", True, True),
    ],
)
def test_each_action_maps_to_sides(actions, before, after, action, has_before, has_after):
    project = parse(plan(change("aws_instance.web", actions, before, after),
                         provider_config={"aws": provider("us-east-1")}))
    (res,) = project.changes
    assert res.action == action
    assert (res.before is not None) is has_before
    assert (res.after is not None) is has_after
    if has_before:
        assert res.before.attributes == before
    if has_after:
        assert res.after.attributes == after
    assert res.type == "aws_instance"
    assert res.provider == "aws"
    assert res.name == "web"


def test_update_keeps_both_instance_types():
    project = parse(plan(change("aws_instance.web", ["update"], T3, T3_SMALL)))
    (res,) = project.changes
    assert res.before.attributes["instance_type"] == "t3.micro"
    assert res.after.attributes["instance_type"] == "t3.small"


def test_create_ignores_a_stray_before_and_delete_a_stray_after():
    project = parse(plan(
        change("aws_instance.a", ["create"], {"instance_type": "x"}, T3),
        change("aws_instance.b", ["delete"], T3, {"instance_type": "y"}),
    ))
    res = by_address(project)
    assert res["aws_instance.a"].before is None
    assert res["aws_instance.b"].after is None


def test_data_sources_and_reads_are_not_billable():
    project = parse(plan(
        change("data.aws_ami.ubuntu", ["read"], None, {"id": "ami-1"}, mode="data"),
        # a data source listed with a no-op (older Terraform) is still not a resource
        change("data.aws_vpc.main", ["no-op"], {"id": "vpc-1"}, {"id": "vpc-1"}, mode="data"),
        change("aws_instance.web", ["read"], None, T3),
        change("aws_instance.kept", ["create"], None, T3),
    ))
    assert [c.address for c in project.changes] == ["aws_instance.kept"]


def test_resource_drift_is_not_counted():
    drifted = change("aws_instance.web", ["update"], T3, T3_SMALL)
    doc = plan(resource_drift=[drifted, change("aws_instance.gone", ["delete"], T3, None)])
    assert parse(doc).changes == []
    doc = plan(change("aws_instance.web", ["no-op"], T3_SMALL, T3_SMALL),
               resource_drift=[drifted])
    (res,) = parse(doc).changes
    assert res.action == "no-op"
    assert res.before.attributes["instance_type"] == "t3.small"


def test_noop_with_null_sides_is_skipped():
    """Terraform 1.0 lists count-0 leftovers as no-op with before = after = null."""
    doc = plan(change("aws_lambda_permission.p[0]", ["no-op"], None, None),
               change("aws_instance.web", ["no-op"], T3, T3))
    assert [c.address for c in parse(doc).changes] == ["aws_instance.web"]


def test_plan_without_resource_changes_is_empty():
    doc = plan()
    del doc["resource_changes"]
    project = parse(doc)
    assert project.changes == []
    assert project.input_type == "plan"


def test_errored_plan_is_an_input_error():
    doc = plan(change("aws_instance.web", ["create"], None, T3), errored=True)
    with pytest.raises(InputError, match="errored"):
        parse(doc)


def test_non_dict_entries_are_ignored():
    doc = plan(change("aws_instance.web", ["create"], None, T3))
    doc["resource_changes"].insert(0, "garbage")
    doc["resource_changes"].append(None)
    assert [c.address for c in parse(doc).changes] == ["aws_instance.web"]


# --- provider names ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("provider_name", "rtype", "expected"),
    [
        ("registry.terraform.io/hashicorp/aws", "aws_instance", "aws"),
        ("registry.terraform.io/hashicorp/google-beta", "google_compute_instance", "google-beta"),
        ("aws", "aws_instance", "aws"),  # Terraform 0.12 wrote the short name
        (None, "azurerm_linux_virtual_machine", "azurerm"),
        ("", "random_pet", "random"),
    ],
)
def test_provider_short_name(provider_name, rtype, expected):
    assert provider_short_name(provider_name, rtype) == expected


def test_provider_from_type_when_provider_name_is_missing():
    (res,) = parse(plan(change("random_pet.name", ["create"], None, {"length": 2},
                               provider=None))).changes
    assert res.provider == "random"


# --- modules, count, for_each -----------------------------------------------------------------

def test_nested_modules_count_and_for_each_addresses():
    doc = plan(
        change("aws_instance.web[0]", ["create"], None, T3),
        change('aws_instance.web["blue"]', ["create"], None, T3),
        change("module.app.aws_instance.api", ["create"], None, T3),
        change('module.app["eu"].module.db[1].aws_db_instance.main["primary"]', ["create"], None,
               {"instance_class": "db.t3.micro"}, rtype="aws_db_instance"),
    )
    project = parse(doc)
    res = by_address(project)
    assert list(res) == [
        "aws_instance.web[0]",
        'aws_instance.web["blue"]',
        "module.app.aws_instance.api",
        'module.app["eu"].module.db[1].aws_db_instance.main["primary"]',
    ]
    assert res["aws_instance.web[0]"].module_address == ""
    assert res["aws_instance.web[0]"].name == "web"
    assert res["module.app.aws_instance.api"].module_address == "module.app"
    db = res['module.app["eu"].module.db[1].aws_db_instance.main["primary"]']
    assert db.module_address == 'module.app["eu"].module.db[1]'
    assert db.type == "aws_db_instance"
    assert db.name == "main"


def test_config_lookup_strips_indices_in_nested_modules():
    """The config block (and so its provider key) is found for indexed module instances."""
    db = config_resource("aws_db_instance.main", provider_config_key="module.app.module.db:aws")
    doc = plan(
        change('module.app["eu"].module.db[1].aws_db_instance.main["primary"]', ["create"], None,
               {"instance_class": "db.t3.micro"}, rtype="aws_db_instance"),
        provider_config={
            "aws": provider("us-east-1"),
            "module.app.module.db:aws": provider("eu-north-1", module_address="module.app.module.db"),
        },
        module_calls={"app": module_call(calls={"db": module_call([db])})},
    )
    (res,) = parse(doc).changes
    assert res.after.region == "eu-north-1"
    assert res.after.region_source == "provider"


def test_format_0_1_fixture_with_modules():
    project = load_input(str(FIXTURES / "plan_v0_1_modules.json"), env={})
    res = by_address(project)
    assert list(res) == [
        "aws_instance.bastion",
        "module.web.aws_instance.app[0]",
        "module.web.aws_instance.app[1]",
        "module.web.module.db.aws_db_instance.main",
    ]
    assert [c.action for c in project.changes] == ["create", "update", "delete", "no-op"]
    assert {c.provider for c in project.changes} == {"aws"}
    # region: root provider references var.region; module resources use old-style keys
    # ("web:aws", "db:aws") that inherit the root provider
    for c in project.changes:
        for side in (c.before, c.after):
            if side is not None:
                assert (side.region, side.region_source) == ("eu-west-2", "provider"), c.address
        assert c.notes == []
    app = res["module.web.aws_instance.app[0]"]
    assert app.module_address == "module.web"
    assert app.references == {"subnet_id": ["module.web.aws_subnet.app"]}
    db = res["module.web.module.db.aws_db_instance.main"]
    assert db.references == {"db_subnet_group_name": ["module.web.module.db.aws_db_subnet_group.main"]}
    assert res["aws_instance.bastion"].after.unknown == {"id": True, "arn": True,
                                                          "private_ip": True}


@pytest.mark.parametrize("format_version", ["0.1", "0.2", "1.0", "1.2"])
def test_format_versions_parse_the_same(format_version, tmp_path):
    doc = plan(change("aws_instance.web", ["create"], None, T3),
               provider_config={"aws": provider("eu-west-1")}, format_version=format_version,
               resources=[config_resource("aws_instance.web")])
    (res,) = load(doc, tmp_path).changes
    assert res.action == "create"
    assert res.after.attributes == T3
    assert res.after.region == "eu-west-1"


def test_newer_top_level_keys_are_tolerated(tmp_path):
    doc = plan(change("aws_instance.web", ["update"], T3, T3_SMALL,
                      action_reason="replace_because_cannot_update",
                      previous_address="aws_instance.old"),
               relevant_attributes=[{"resource": "aws_instance.web", "attribute": ["ami"]}],
               checks=[], timestamp="2025-01-01T00:00:00Z", applyable=True, complete=True,
               errored=False, prior_state={"format_version": "1.0", "values": {}})
    (res,) = load(doc, tmp_path).changes
    assert res.action == "update"


# --- unknown and sensitive values -------------------------------------------------------------

def test_after_unknown_is_carried_to_the_side():
    unknown = {"id": True, "root_block_device": [{"volume_size": True}], "tags": {}}
    doc = plan(change("aws_instance.web", ["create"], None, T3, after_unknown=unknown))
    (res,) = parse(doc).changes
    assert res.after.unknown == unknown
    assert res.before is None


def test_after_unknown_on_update_and_replace():
    unknown = {"private_ip": True}
    doc = plan(
        change("aws_instance.a", ["update"], T3, T3_SMALL, after_unknown=unknown),
        change("aws_instance.b", ["delete", "create"], T3, T3_SMALL, after_unknown=unknown),
    )
    for res in parse(doc).changes:
        assert res.after.unknown == unknown
        assert res.before.unknown is None


def test_create_with_every_attribute_unknown_still_has_an_after_side():
    doc = plan(change("aws_eks_node_group.ng", ["create"], None, None,
                      after_unknown={"disk_size": True, "capacity_type": True}))
    (res,) = parse(doc).changes
    assert res.after is not None
    assert res.after.attributes == {}
    assert res.after.unknown == {"disk_size": True, "capacity_type": True}


def test_sensitive_values_are_plain_values_and_markers_stay_out():
    after = {"instance_type": "t3.large", "user_data": "s3cr3t"}
    doc = plan(change("aws_instance.web", ["create"], None, after,
                      after_unknown={"id": True}))
    doc["resource_changes"][0]["change"].update(
        before_sensitive=False, after_sensitive={"user_data": True, "instance_type": True})
    (res,) = parse(doc).changes
    assert res.after.attributes == after  # show -json prints sensitive values in clear
    assert "after_sensitive" not in res.after.attributes
    assert res.after.unknown == {"id": True}


# --- references from the configuration --------------------------------------------------------

def _asg_plan(module: str | None, module_address: str | None = None) -> dict:
    lt = config_resource("aws_launch_template.lt")
    asg = config_resource("aws_autoscaling_group.asg", expressions={
        "launch_template": [{
            "id": {"references": ["aws_launch_template.lt.id", "aws_launch_template.lt"]},
            "version": {"references": ["aws_launch_template.lt.latest_version",
                                       "aws_launch_template.lt"]},
        }],
        "vpc_zone_identifier": {"references": ["var.subnets", "local.extra", "data.aws_subnets.x",
                                               "module.vpc.private_subnets", "module.vpc",
                                               "each.value", "count.index", "path.module",
                                               "terraform.workspace"]},
        "min_size": {"constant_value": 1},
        "tag": [{"value": {"references": ["random_pet.name.id", "random_pet.name"]}}],
    })
    prefix = f"{module_address or module}." if module else ""
    changes = [
        change(f"{prefix}aws_launch_template.lt", ["create"], None, {"instance_type": "t3.micro"}),
        change(f"{prefix}aws_autoscaling_group.asg", ["create"], None, {"min_size": 1}),
    ]
    if module:
        return plan(*changes, module_calls={module.split(".", 1)[1]: module_call([lt, asg])})
    return plan(*changes, resources=[lt, asg])


def test_references_from_configuration_root():
    res = by_address(parse(_asg_plan(None)))["aws_autoscaling_group.asg"]
    assert res.references == {
        "launch_template.id": ["aws_launch_template.lt"],
        "launch_template.version": ["aws_launch_template.lt"],
        "tag.value": ["random_pet.name"],
    }
    assert by_address(parse(_asg_plan(None)))["aws_launch_template.lt"].references == {}


def test_references_inside_a_module_are_prefixed():
    res = by_address(parse(_asg_plan("module.asg")))["module.asg.aws_autoscaling_group.asg"]
    assert res.references["launch_template.id"] == ["module.asg.aws_launch_template.lt"]


def test_references_inside_an_indexed_module_use_the_instance_address():
    project = parse(_asg_plan("module.asg", module_address="module.asg[0]"))
    res = by_address(project)["module.asg[0].aws_autoscaling_group.asg"]
    assert res.references["launch_template.id"] == ["module.asg[0].aws_launch_template.lt"]
    # and the referenced address is a real address of the same plan
    assert "module.asg[0].aws_launch_template.lt" in by_address(project)


def test_old_style_references_without_attribute():
    """Terraform 0.12 lists only the resource address."""
    asg = config_resource("aws_autoscaling_group.asg", expressions={
        "launch_configuration": {"references": ["aws_launch_configuration.lc"]}})
    doc = plan(change("aws_autoscaling_group.asg", ["create"], None, {}, provider="aws"),
               resources=[asg], format_version="0.1")
    (res,) = parse(doc).changes
    assert res.references == {"launch_configuration": ["aws_launch_configuration.lc"]}


def test_no_configuration_means_no_references(tmp_path):
    doc = plan(change("aws_instance.web", ["create"], None, T3))
    del doc["configuration"]
    (res,) = load(doc, tmp_path).changes
    assert res.references == {}


def test_fixture_file_roundtrip_is_valid_json():
    for path in FIXTURES.glob("*.json"):
        json.loads(path.read_text())


def test_random_provider_resource_parses():
    doc = plan(change("random_pet.name", ["delete", "create"], {"length": 2}, {"length": 3},
                      provider=RANDOM),
               change("aws_instance.web", ["no-op"], T3, T3, provider=AWS))
    res = by_address(parse(doc))
    assert res["random_pet.name"].action == "replace"
    assert res["random_pet.name"].provider == "random"


# --- valid JSON, wrong shapes -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("resource_changes",), 1),
        (("resource_changes", 0, "change"), "x"),
        (("resource_changes", 0, "address"), {"a": 1}),
        (("resource_changes", 0, "provider_name"), 1),
        (("resource_changes", 0, "module_address"), True),
        (("configuration", "provider_config"), 1),
        (("configuration", "root_module", "module_calls"), [1]),
        (("configuration", "root_module", "resources", 0, "provider_config_key"), 1),
    ],
)
def test_wrong_shapes_are_input_errors(path, value):
    doc = plan(change("aws_instance.web", ["create"], None, T3),
               provider_config={"aws": provider("eu-west-1")},
               resources=[config_resource("aws_instance.web")])
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(InputError) as info:
        parse(doc)
    line = info.value.one_line()
    assert "unexpected plan JSON structure" in line
    assert "\n" not in line


def test_wrong_state_shape_is_an_input_error():
    doc = {"format_version": "1.0", "values": {"root_module": {"resources": 5}}}
    with pytest.raises(InputError, match="unexpected state JSON structure"):
        parse(doc, kind="state")
