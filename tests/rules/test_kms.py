"""KMS keys and replica keys priced end to end against the shipped price table.

Unit prices: pricing_data/aws/kms/<region>.csv [awspricewatcher-v0rts-5a94bb2b, sku noted].
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-5a94bb2b"
DATE = "2025-08-28"
STALE = "priced from data dated 2025-08-28, older than 12 months"
KEY_UNKNOWN = {"arn": True, "id": True, "key_id": True, "multi_region": True, "policy": True,
               "rotation_period_in_days": True, "tags_all": True}


def key(**overrides) -> dict:
    """aws_kms_key as the aws provider 5.x plans it (defaults filled in)."""
    return {"bypass_policy_lockout_safety_check": False, "custom_key_store_id": None,
            "customer_master_key_spec": "SYMMETRIC_DEFAULT", "deletion_window_in_days": None,
            "description": "app", "enable_key_rotation": False, "is_enabled": True,
            "key_usage": "ENCRYPT_DECRYPT", "tags": None, "xks_key_id": None, **overrides}


def c(name, unit, quantity, unit_price, cost, usage_based=False):
    return component(name, unit, quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=FEED, data_date=DATE, usage_based=usage_based)


def test_symmetric_key_without_usage(price):
    res = price("aws_kms_key.app", key(), unknown=KEY_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    assert res["after"] == {
        "monthly_cost": 1,
        "components": [
            c("Customer managed key", "key-months", 1, 1, 1),  # key [U553K98XGDXCYHWS]
            # requests type=symmetric [MFEBZPX8NHM5FY7Z]: $0.03 per 10,000
            c("Requests (SYMMETRIC_DEFAULT)", "requests", None, 0.000003, None, True),
            # requests type=generate_data_key_pair_rsa [K6RTGXAZD26D3JJQ]: $0.12 per request
            c("GenerateDataKeyPair requests (RSA)", "requests", None, 0.0012, None, True),
            # requests type=generate_data_key_pair_ecc [NNYDKMC6UDJC5BNA]: $0.10 per 10,000
            c("GenerateDataKeyPair requests (ECC)", "requests", None, 0.00001, None, True),
        ],
    }
    assert res["monthly_delta"] == 1


def test_symmetric_key_with_usage_and_rotation(price):
    usage = Usage(by_address={"aws_kms_key.app": {
        "monthly_requests": Decimal(2_000_000), "monthly_ecc_key_pair_requests": Decimal(10_000)}})
    res = price("aws_kms_key.app", key(enable_key_rotation=True), unknown=KEY_UNKNOWN,
                usage=usage)

    assert res["status"] == "priced"
    assert res["notes"] == ["automatic key rotation: each of the first two rotations adds a "
                            "key-month charge once it happens; not included", STALE]
    comps = res["after"]["components"]
    assert [(x["name"], x["monthly_quantity"], x["monthly_cost"]) for x in comps] == [
        ("Customer managed key", 1, 1),
        ("Requests (SYMMETRIC_DEFAULT)", 2_000_000, 6),  # 2,000,000 x 0.000003
        ("GenerateDataKeyPair requests (RSA)", None, None),
        ("GenerateDataKeyPair requests (ECC)", 10_000, 0.1),  # 10,000 x 0.00001
    ]
    assert res["monthly_delta"] == 7.1


@pytest.mark.parametrize(("spec", "usage", "unit_price"), [
    ("RSA_2048", "SIGN_VERIFY", 0.000003),  # requests type=rsa_2048 [D2442XTM4G9ABTHW]
    ("ECC_NIST_P256", "SIGN_VERIFY", 0.000015),  # type=asymmetric_other [MS4387UGYYR785BJ]
    ("RSA_4096", "ENCRYPT_DECRYPT", 0.000015),  # type=asymmetric_other
    ("HMAC_256", "GENERATE_VERIFY_MAC", 0.000003),  # HMAC at the symmetric rate
])
def test_requests_priced_by_key_spec(price, spec, usage, unit_price):
    res = price("aws_kms_key.sign", key(customer_master_key_spec=spec, key_usage=usage),
                unknown=KEY_UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        c("Customer managed key", "key-months", 1, 1, 1),
        c(f"Requests ({spec})", "requests", None, unit_price, None, True),
    ]


def test_key_spec_known_only_after_apply_assumes_the_default(price):
    res = price("aws_kms_key.app", key(customer_master_key_spec=None, key_usage=None),
                unknown={**KEY_UNKNOWN, "customer_master_key_spec": True, "key_usage": True})
    # Known only after apply and defaulted by AWS: assumed, with a note.
    assert res["status"] == "priced"
    assert "customer_master_key_spec not in the plan; assumed the default SYMMETRIC_DEFAULT" \
        in res["notes"]


def test_external_key(price):
    res = price("aws_kms_external_key.byok",
                {"bypass_policy_lockout_safety_check": False, "deletion_window_in_days": 30,
                 "description": "byok", "key_material_base64": None, "tags": None,
                 "valid_to": None},
                unknown={"arn": True, "enabled": True, "expiration_model": True, "id": True,
                         "key_state": True, "key_usage": True, "multi_region": True})

    assert res["status"] == "priced"
    assert res["after"]["monthly_cost"] == 1
    assert [x["name"] for x in res["after"]["components"]] == [
        "Customer managed key (imported material)", "Requests (SYMMETRIC_DEFAULT)",
        "GenerateDataKeyPair requests (RSA)", "GenerateDataKeyPair requests (ECC)"]


REPLICA_UNKNOWN = {"arn": True, "id": True, "key_id": True, "key_rotation_enabled": True,
                   "key_spec": True, "key_usage": True, "policy": True,
                   "primary_key_arn": True}
REPLICA = {"bypass_policy_lockout_safety_check": False, "deletion_window_in_days": 30,
           "description": None, "enabled": True, "tags": None}


def test_replica_key_takes_its_spec_from_the_primary_in_its_own_region(price):
    res = price("aws_kms_replica_key.eu", REPLICA, unknown=REPLICA_UNKNOWN, region="eu-west-1",
                references={"primary_key_arn": ["aws_kms_key.primary"]},
                others={"aws_kms_key.primary": key(customer_master_key_spec="ECC_NIST_P384",
                                                   key_usage="SIGN_VERIFY", multi_region=True)})

    assert res["status"] == "priced"
    assert res["region"] == "eu-west-1"
    assert res["after"]["components"] == [
        c("Replica key", "key-months", 1, 1, 1),  # kms/eu-west-1.csv key [GD24Q3NRUQ5AFYNR]
        # kms/eu-west-1.csv requests type=asymmetric_other [EYQY7XGVYUVXDM4F]
        c("Requests (ECC_NIST_P384)", "requests", None, 0.000015, None, True),
    ]


def test_replica_key_without_its_primary_assumes_symmetric(price):
    res = price("aws_kms_replica_key.eu", REPLICA, unknown=REPLICA_UNKNOWN, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["notes"][0] == ("key spec comes from the primary key, which is not in the plan; "
                               "requests priced as SYMMETRIC_DEFAULT")
    assert res["after"]["monthly_cost"] == 1


def test_replica_external_key(price):
    res = price("aws_kms_replica_external_key.eu",
                {"bypass_policy_lockout_safety_check": False, "deletion_window_in_days": 30,
                 "description": None, "key_material_base64": None, "tags": None,
                 "valid_to": None},
                unknown={"arn": True, "id": True, "primary_key_arn": True}, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["after"]["components"][0] == c("Replica key (imported material)", "key-months",
                                              1, 1, 1)


def test_key_in_a_region_without_data_is_unsupported(price):
    res = price("aws_kms_key.app", key(), unknown=KEY_UNKNOWN, region="cn-north-1")

    assert res["status"] == "unsupported"
    assert res["monthly_delta"] is None
    # main's estimator: a region without shipped prices says how to get them
    assert res["notes"][-1] == ("no prices shipped for cn-north-1; run "
                                "`cost-gate pricing update --region cn-north-1`")
