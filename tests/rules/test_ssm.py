"""aws_ssm_parameter: standard parameters are free; advanced ones have no price in the data."""

from __future__ import annotations

from cost_gate.usage import Usage

UNKNOWN = {"arn": True, "data_type": True, "id": True, "insecure_value": True, "key_id": True,
           "tags_all": True, "version": True}


def parameter(**overrides) -> dict:
    return {"allowed_pattern": None, "description": None, "name": "/app/db/host",
            "overwrite": None, "tags": None, "type": "String", "value": "db.internal",
            **overrides}


def test_standard_parameter_is_free(price):
    res = price("aws_ssm_parameter.host", parameter(tier="Standard"), unknown=UNKNOWN)

    assert res["status"] == "free"
    assert res["notes"] == ["standard parameter: no charge"]
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["monthly_delta"] == 0


def test_tier_left_to_the_default_is_standard_with_a_note(price):
    res = price("aws_ssm_parameter.host", parameter(), unknown={**UNKNOWN, "tier": True})

    assert res["status"] == "free"
    assert res["notes"] == ["tier not in the plan; assumed the default Standard",
                            "standard parameter: no charge"]


def test_advanced_parameter_is_unsupported_never_zero(price):
    res = price("aws_ssm_parameter.big", parameter(tier="Advanced", type="SecureString"),
                unknown=UNKNOWN)

    assert res["status"] == "unsupported"
    assert res["monthly_delta"] is None
    assert res["notes"] == ["advanced parameters are billed per parameter-month and per API "
                            "interaction; no Systems Manager prices in the data"]


def test_intelligent_tiering_picks_the_tier_from_the_value_size(price):
    small = price("aws_ssm_parameter.host", parameter(tier="Intelligent-Tiering"),
                  unknown=UNKNOWN)
    assert small["status"] == "free"
    assert small["notes"][0] == "Intelligent-Tiering: a 11-byte value is stored as Standard"

    big = price("aws_ssm_parameter.host",
                parameter(tier="Intelligent-Tiering", value="x" * 5000), unknown=UNKNOWN)
    assert big["status"] == "unsupported"
    assert big["notes"][0] == "Intelligent-Tiering: a 5000-byte value is stored as Advanced"


def test_higher_throughput_setting_is_unsupported(price):
    usage = Usage(by_type={"aws_ssm_parameter": {"api_throughput_limit": "higher"}})
    res = price("aws_ssm_parameter.host", parameter(tier="Standard"), unknown=UNKNOWN,
                usage=usage)

    assert res["status"] == "unsupported"
    assert res["notes"] == ["API interactions at the higher throughput setting are billed per "
                            "interaction; no Systems Manager prices in the data"]
