"""Region resolution, most specific first.

resource `region` attribute (AWS provider v6; GCP zone/region/location; Azure location)
> provider config via `provider_config_key` (constant, alias, `var.x`, module inheritance)
> `--region` > AWS_REGION > AWS_DEFAULT_REGION > us-east-1 with a visible note.
"""

from __future__ import annotations

import pytest

from cost_gate.errors import UsageError
from cost_gate.regions import (
    fallback_region,
    region_from_attributes,
    region_hint_from_state,
    validate_region_flag,
    zone_to_region,
)
from tests.inputs.planfactory import (
    AZURERM,
    GOOGLE,
    change,
    config_resource,
    load,
    module_call,
    parse,
    plan,
    provider,
)

T3 = {"instance_type": "t3.micro"}
ASSUMED = "region not set in the plan, --region or AWS_REGION; assumed us-east-1"


def _one(doc, **kwargs):
    (res,) = parse(doc, **kwargs).changes
    return res


def _web(after=None, *, key="aws", providers=None, variables=None, region=None, env=None,
         before=None, actions=("create",)):
    doc = plan(change("aws_instance.web", list(actions), before, after or dict(T3)),
               provider_config=providers if providers is not None else {},
               resources=[config_resource("aws_instance.web", provider_config_key=key)],
               variables=variables)
    return _one(doc, region=region, env=env)


# --- the chain for AWS ------------------------------------------------------------------------

def test_resource_region_attribute_beats_everything():
    res = _web({**T3, "region": "eu-central-1"}, providers={"aws": provider("us-west-2")},
               region="ap-south-1", env={"AWS_REGION": "sa-east-1"})
    assert (res.after.region, res.after.region_source) == ("eu-central-1", "attribute")
    assert res.notes == []


def test_provider_constant_beats_flag_and_env():
    res = _web(providers={"aws": provider("us-west-2")}, region="ap-south-1",
               env={"AWS_REGION": "sa-east-1"})
    assert (res.after.region, res.after.region_source) == ("us-west-2", "provider")
    assert res.notes == []


def test_flag_beats_env():
    res = _web(providers={"aws": provider()}, region="ap-south-1",
               env={"AWS_REGION": "sa-east-1", "AWS_DEFAULT_REGION": "eu-west-3"})
    assert (res.after.region, res.after.region_source) == ("ap-south-1", "flag")
    assert res.notes == []


def test_aws_region_beats_aws_default_region():
    res = _web(env={"AWS_REGION": "sa-east-1", "AWS_DEFAULT_REGION": "eu-west-3"})
    assert (res.after.region, res.after.region_source) == ("sa-east-1", "env")


def test_aws_default_region_alone():
    res = _web(env={"AWS_DEFAULT_REGION": "eu-west-3"})
    assert (res.after.region, res.after.region_source) == ("eu-west-3", "env")
    assert res.notes == []


def test_empty_env_values_are_ignored():
    res = _web(env={"AWS_REGION": "", "AWS_DEFAULT_REGION": "eu-west-3"})
    assert res.after.region == "eu-west-3"


def test_default_us_east_1_with_a_note():
    res = _web()
    assert (res.after.region, res.after.region_source) == ("us-east-1", "default")
    assert res.notes == [ASSUMED]


def test_default_note_once_for_both_sides():
    res = _web(before=dict(T3), after={"instance_type": "t3.small"}, actions=("update",))
    assert res.before.region == res.after.region == "us-east-1"
    assert res.notes == [ASSUMED]


def test_before_and_after_resolve_separately():
    """AWS v6: a replace that moves the resource to another region."""
    res = _web(before={**T3, "region": "us-east-1"}, after={**T3, "region": "eu-west-1"},
               actions=("delete", "create"), providers={"aws": provider("us-west-2")})
    assert (res.before.region, res.before.region_source) == ("us-east-1", "attribute")
    assert (res.after.region, res.after.region_source) == ("eu-west-1", "attribute")


def test_unknown_region_attribute_falls_back_to_provider():
    res = _web({**T3, "region": None}, providers={"aws": provider("eu-west-1")})
    assert res.after.region == "eu-west-1"
    res = _web({**T3, "region": ""}, providers={"aws": provider("eu-west-1")})
    assert res.after.region == "eu-west-1"


def test_load_input_applies_flag_and_env(tmp_path):
    doc = plan(change("aws_instance.web", ["create"], None, T3))
    (res,) = load(doc, tmp_path, region="eu-north-1").changes
    assert (res.after.region, res.after.region_source) == ("eu-north-1", "flag")
    (res,) = load(doc, tmp_path, env={"AWS_DEFAULT_REGION": "ca-central-1"}).changes
    assert (res.after.region, res.after.region_source) == ("ca-central-1", "env")
    (res,) = load(doc, tmp_path).changes
    assert res.notes == [ASSUMED]


# --- provider configuration -------------------------------------------------------------------

def test_alias_by_provider_config_key():
    providers = {"aws": provider("us-east-1"), "aws.west": provider("us-west-2", alias="west")}
    res = _web(key="aws.west", providers=providers)
    assert (res.after.region, res.after.region_source) == ("us-west-2", "provider")


def test_missing_alias_falls_back_to_the_default_provider():
    res = _web(key="aws.gone", providers={"aws": provider("eu-west-1")})
    assert res.after.region == "eu-west-1"


def test_root_variable_reference():
    res = _web(providers={"aws": provider("var.region")}, variables={"region": "eu-west-1"})
    assert (res.after.region, res.after.region_source) == ("eu-west-1", "provider")


def test_root_variable_reference_with_other_name():
    res = _web(providers={"aws": provider("var.aws_region")},
               variables={"aws_region": "eu-central-1", "region": "us-west-1"})
    assert res.after.region == "eu-central-1"


@pytest.mark.parametrize("variables", [{"region": ""}, {}, None, {"region": ["a"]}])
def test_unresolvable_variable_falls_back(variables):
    res = _web(providers={"aws": provider("var.region")}, variables=variables,
               env={"AWS_REGION": "eu-south-1"})
    assert (res.after.region, res.after.region_source) == ("eu-south-1", "env")


def test_local_reference_is_not_resolved():
    res = _web(providers={"aws": provider("local.region")}, region="ap-east-1")
    assert (res.after.region, res.after.region_source) == ("ap-east-1", "flag")


def test_provider_without_region_argument_falls_back():
    res = _web(providers={"aws": provider()})
    assert res.after.region_source == "default"
    assert res.notes == [ASSUMED]


def _module_plan(key, providers, *, variables=None, call_expressions=None, call_variables=None,
                 module="module.a", after=None):
    """aws_instance.web inside ``module`` (nested "module.a.module.b" supported)."""
    names = module.split(".")[1::2]
    inner = module_call([config_resource("aws_instance.web", provider_config_key=key)],
                        expressions=call_expressions, variables=call_variables)
    calls = {names[-1]: inner}
    for name in reversed(names[:-1]):
        calls = {name: module_call(calls=calls)}
    return plan(change(f"{module}.aws_instance.web", ["create"], None, after or dict(T3)),
                provider_config=providers, module_calls=calls, variables=variables)


def test_old_style_module_key_inherits_root_provider():
    res = _one(_module_plan("a:aws", {"aws": provider("eu-west-1")}))
    assert (res.after.region, res.after.region_source) == ("eu-west-1", "provider")


def test_old_style_module_key_inherits_root_variable():
    res = _one(_module_plan("a:aws", {"aws": provider("var.region")},
                            variables={"region": "ap-northeast-1"}))
    assert res.after.region == "ap-northeast-1"


def test_old_style_module_key_with_its_own_block():
    """Terraform 0.12 keyed module providers by call name (`db:aws`)."""
    providers = {"aws": provider("eu-west-1"),
                 "a:aws": provider("eu-north-1", module_address="a")}
    res = _one(_module_plan("a:aws", providers))
    assert res.after.region == "eu-north-1"


def test_old_style_key_when_config_keys_are_full_paths():
    """Terraform 0.14: provider_config keyed by full path, resources say `db_instance:aws`."""
    providers = {"aws": provider("us-west-1"),
                 "module.db.module.db_instance:aws":
                     provider(module_address="module.db.module.db_instance")}
    res = _one(_module_plan("db_instance:aws", providers, module="module.db.module.db_instance"))
    assert (res.after.region, res.after.region_source) == ("us-west-1", "provider")


def test_full_path_key_with_own_region():
    providers = {"aws": provider("eu-west-1"),
                 "module.a:aws": provider("ca-central-1", module_address="module.a")}
    res = _one(_module_plan("module.a:aws", providers))
    assert (res.after.region, res.after.region_source) == ("ca-central-1", "provider")


def test_full_path_key_without_region_inherits_root():
    """Terraform >= 1.x lists implicitly inherited module providers with no expressions."""
    providers = {"aws": provider("eu-west-1", full_name="registry.terraform.io/hashicorp/aws"),
                 "module.a:aws": provider(module_address="module.a",
                                          full_name="registry.terraform.io/hashicorp/aws")}
    res = _one(_module_plan("module.a:aws", providers))
    assert (res.after.region, res.after.region_source) == ("eu-west-1", "provider")
    assert res.notes == []


def test_nested_full_path_key_inherits_nearest_region():
    providers = {
        "aws": provider("eu-west-1"),
        "module.a:aws": provider("eu-west-2", module_address="module.a"),
        "module.a.module.b:aws": provider(module_address="module.a.module.b"),
    }
    res = _one(_module_plan("module.a.module.b:aws", providers, module="module.a.module.b"))
    assert res.after.region == "eu-west-2"


def test_child_module_provider_with_another_source_does_not_inherit():
    """Terraform's provider-aliasing-conflict case: same local name, different provider."""
    providers = {"aws": provider("eu-west-1", full_name="registry.terraform.io/hashicorp/aws"),
                 "module.a:aws": provider(module_address="module.a",
                                          full_name="registry.terraform.io/someone/aws")}
    res = _one(_module_plan("module.a:aws", providers), region="ap-south-1")
    assert (res.after.region, res.after.region_source) == ("ap-south-1", "flag")


def test_module_provider_variable_resolved_through_the_module_call():
    providers = {"aws": provider("var.region"),
                 "module.a:aws": provider("var.region", module_address="module.a")}
    doc = _module_plan("module.a:aws", providers, variables={"region": "us-east-2"},
                       call_expressions={"region": {"constant_value": "eu-north-1"}})
    assert _one(doc).after.region == "eu-north-1"


def test_module_provider_variable_passed_from_a_root_variable():
    providers = {"aws": provider("us-east-1"),
                 "module.a:aws": provider("var.where", module_address="module.a")}
    doc = _module_plan("module.a:aws", providers, variables={"aws_region": "eu-west-3",
                                                            "where": "wrong-1"},
                       call_expressions={"where": {"references": ["var.aws_region"]}})
    assert _one(doc).after.region == "eu-west-3"


def test_module_provider_variable_default():
    providers = {"aws": provider("us-east-1"),
                 "module.a:aws": provider("var.where", module_address="module.a")}
    doc = _module_plan("module.a:aws", providers,
                       call_variables={"where": {"default": "af-south-1"}})
    assert _one(doc).after.region == "af-south-1"


def test_module_resource_region_attribute_still_wins():
    providers = {"aws": provider("eu-west-1")}
    doc = _module_plan("module.a:aws", providers, after={**T3, "region": "me-south-1"})
    res = _one(doc)
    assert (res.after.region, res.after.region_source) == ("me-south-1", "attribute")


def test_no_configuration_uses_provider_by_short_name(tmp_path):
    doc = plan(change("aws_instance.web", ["create"], None, T3),
               provider_config={"aws": provider("eu-west-1")})
    (res,) = load(doc, tmp_path).changes
    assert res.after.region == "eu-west-1"


# --- GCP and Azure ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ({"zone": "europe-west2-c"}, "europe-west2"),
        ({"zone": "us-central1-a", "region": None}, "us-central1"),
        ({"region": "asia-east1"}, "asia-east1"),
        ({"region": "europe-west1", "zone": "us-central1-a"}, "europe-west1"),
        ({"location": "us-central1-a"}, "us-central1"),  # zonal GKE cluster
        ({"location": "us-central1"}, "us-central1"),  # regional GKE cluster
        ({"location": "US-WEST1"}, "us-west1"),  # storage bucket locations are upper-case
        ({"machine_type": "e2-medium"}, None),
    ],
)
def test_google_region_from_attributes(attrs, expected):
    assert region_from_attributes("google", attrs) == expected
    assert region_from_attributes("google-beta", attrs) == expected


def test_google_zone_in_plan_beats_provider_region():
    doc = plan(change("google_compute_instance.vm", ["create"], None,
                      {"machine_type": "e2-medium", "zone": "europe-west2-c"}, provider=GOOGLE),
               provider_config={"google": provider("us-central1", name="google")})
    res = _one(doc)
    assert (res.provider, res.after.region, res.after.region_source) == (
        "google", "europe-west2", "attribute")


def test_google_provider_region_from_variable():
    doc = plan(change("google_pubsub_topic.t", ["create"], None, {"name": "t"}, provider=GOOGLE),
               provider_config={"google": provider("var.gcp_region", name="google")},
               resources=[config_resource("google_pubsub_topic.t", provider_config_key="google")],
               variables={"gcp_region": "europe-west1"})
    res = _one(doc)
    assert (res.after.region, res.after.region_source) == ("europe-west1", "provider")


def test_google_without_region_is_not_defaulted_to_aws():
    doc = plan(change("google_pubsub_topic.t", ["create"], None, {"name": "t"}, provider=GOOGLE))
    res = _one(doc, env={"AWS_REGION": "eu-west-1"})
    assert res.after.region is None
    assert res.after.region_source == "unknown"
    assert res.notes == []
    res = _one(doc, region="europe-west4")
    assert (res.after.region, res.after.region_source) == ("europe-west4", "flag")


@pytest.mark.parametrize(
    ("location", "expected"),
    [("westeurope", "westeurope"), ("France Central", "francecentral"),
     ("East US 2", "eastus2"), ("northeurope", "northeurope")],
)
def test_azure_location(location, expected):
    doc = plan(change("azurerm_resource_group.rg", ["create"], None,
                      {"name": "rg", "location": location}, provider=AZURERM))
    res = _one(doc)
    assert (res.provider, res.after.region, res.after.region_source) == (
        "azurerm", expected, "attribute")


def test_azure_without_location_stays_unknown():
    doc = plan(change("azurerm_virtual_network.v", ["create"], None, {"name": "v"},
                      provider=AZURERM))
    res = _one(doc)
    assert res.after.region is None
    assert res.notes == []


# --- helpers ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("zone", "region"),
    [("us-east-1a", "us-east-1"), ("eu-west-2c", "eu-west-2"), ("us-gov-west-1b", "us-gov-west-1"),
     ("europe-west2-c", "europe-west2"), ("us-central1-f", "us-central1"),
     ("us-central1", "us-central1"), ("eastus", "eastus")],
)
def test_zone_to_region(zone, region):
    assert zone_to_region(zone) == region


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ({"arn": "arn:aws:ec2:eu-west-1:123456789012:instance/i-1"}, "eu-west-1"),
        ({"arn": "arn:aws:iam::123456789012:role/x"}, None),
        ({"arn": "arn:aws:s3:::bucket", "availability_zone": "ap-south-1b"}, "ap-south-1"),
        ({"availability_zone": "us-west-2d"}, "us-west-2"),
        ({"availability_zone": "us-west-2-lax-1a"}, None),  # local zones are not guessed
        ({"arn": "not-an-arn"}, None),
        ({}, None),
    ],
)
def test_region_hint_from_state(attrs, expected):
    assert region_hint_from_state(attrs) == expected


def test_region_from_attributes_aws_and_others():
    assert region_from_attributes("aws", {"region": "eu-west-1"}) == "eu-west-1"
    assert region_from_attributes("aws", {"region": ""}) is None
    assert region_from_attributes("aws", {"availability_zone": "eu-west-1a"}) is None
    assert region_from_attributes("aws", None) is None
    assert region_from_attributes("random", {"region": "x"}) is None


def test_fallback_region_order():
    assert fallback_region("aws", "eu-west-1", {"AWS_REGION": "x"}) == ("eu-west-1", "flag")
    assert fallback_region("aws", None, {"AWS_REGION": "sa-east-1"}) == ("sa-east-1", "env")
    assert fallback_region("aws", None, {"AWS_DEFAULT_REGION": "eu-west-3"}) == ("eu-west-3",
                                                                                  "env")
    assert fallback_region("aws", None, {}) == ("us-east-1", "default")
    assert fallback_region("google", None, {"AWS_REGION": "sa-east-1"}) == (None, "unknown")


@pytest.mark.parametrize("value", ["us-east-1", " eu-west-1 ", "europe-west2", "eastus"])
def test_validate_region_flag_accepts(value):
    assert validate_region_flag(value) == value.strip()


def test_validate_region_flag_none():
    assert validate_region_flag(None) is None


@pytest.mark.parametrize("value", ["", "US East", "us_east_1", "us-east-1;rm", "   "])
def test_validate_region_flag_rejects(value):
    with pytest.raises(UsageError, match="--region"):
        validate_region_flag(value)
