"""KMS: customer managed keys (aws_kms_key, aws_kms_external_key) and multi-Region replica keys
(aws_kms_replica_key, aws_kms_replica_external_key).

Every key is billed $/key-month in its region, replicas included (each replica is a key of its
own). Requests are usage-based and priced by the key's spec: symmetric and HMAC keys at the
symmetric rate, RSA_2048 at its own rate, other asymmetric specs (RSA_3072/4096, ECC, SM2) at the
asymmetric rate; GenerateDataKeyPair calls on a symmetric encryption key are priced per key pair
type. A replica's spec is its primary's (read through ``primary_key_arn`` when the primary is in
the plan). Automatic rotation adds a key-month for each of the first two rotations once they
happen (a year or more away): said in a note, not priced.

Usage keys (cost-gate's own; the Infracost format has none for KMS): ``monthly_requests``, and
for symmetric encryption keys ``monthly_rsa_key_pair_requests`` /
``monthly_ecc_key_pair_requests``.
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.aws.common import setting
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, monthly, usage

DEFAULT_SPEC = "SYMMETRIC_DEFAULT"
KMS_USAGE = (
    UsageKey("monthly_requests", "requests", "cryptographic and other API requests using the key "
             "per month"),
    UsageKey("monthly_rsa_key_pair_requests", "requests",
             "GenerateDataKeyPair requests for RSA key pairs per month (symmetric keys)"),
    UsageKey("monthly_ecc_key_pair_requests", "requests",
             "GenerateDataKeyPair requests for ECC key pairs per month (symmetric keys)"),
)
ROTATION_NOTE = ("automatic key rotation: each of the first two rotations adds a key-month "
                 "charge once it happens; not included")


@register("aws_kms_key", usage=KMS_USAGE)
def aws_kms_key(r: Resource) -> list[Component]:
    if r.flag("enable_key_rotation"):
        r.note(ROTATION_NOTE)
    if r.string("custom_key_store_id") or r.string("xks_key_id"):
        r.note("key in a custom key store: the CloudHSM cluster or external key manager is "
               "billed separately")
    spec = setting(r, "customer_master_key_spec", DEFAULT_SPEC)
    usage_kind = setting(r, "key_usage", "ENCRYPT_DECRYPT") if spec == DEFAULT_SPEC else ""
    return _key("Customer managed key", spec, usage_kind)


@register("aws_kms_external_key", usage=KMS_USAGE)
def aws_kms_external_key(r: Resource) -> list[Component]:
    # Imported key material: always a symmetric encryption key.
    return _key("Customer managed key (imported material)", DEFAULT_SPEC, "ENCRYPT_DECRYPT")


@register("aws_kms_replica_key", usage=KMS_USAGE)
def aws_kms_replica_key(r: Resource) -> list[Component]:
    spec, usage_kind = _primary_spec(r)
    return _key("Replica key", spec, usage_kind)


@register("aws_kms_replica_external_key", usage=KMS_USAGE)
def aws_kms_replica_external_key(r: Resource) -> list[Component]:
    return _key("Replica key (imported material)", DEFAULT_SPEC, "ENCRYPT_DECRYPT")


def _primary_spec(r: Resource) -> tuple[str, str]:
    """The replica's key spec and usage: its own when known, else its primary key's."""
    if not r.is_unknown("key_spec") and r.get("key_spec"):
        spec = r.string("key_spec") or DEFAULT_SPEC
        return spec, r.string("key_usage") or "ENCRYPT_DECRYPT"
    primary = r.referenced("primary_key_arn")
    if primary is not None:
        def known(path: str, default: str) -> str:
            return (None if primary.is_unknown(path) else primary.string(path)) or default

        return (known("customer_master_key_spec", DEFAULT_SPEC),
                known("key_usage", "ENCRYPT_DECRYPT"))
    r.note(f"key spec comes from the primary key, which is not in the plan; "
           f"requests priced as {DEFAULT_SPEC}")
    return DEFAULT_SPEC, "ENCRYPT_DECRYPT"


def _request_type(spec: str) -> str:
    if spec == DEFAULT_SPEC or spec.startswith("HMAC_"):
        return "symmetric"
    if spec == "RSA_2048":
        return "rsa_2048"
    return "asymmetric_other"


def _key(name: str, spec: str, usage_kind: str) -> list[Component]:
    request_type = _request_type(spec)
    comps = [
        monthly(name, "key-months", 1, PriceRef("kms", "key")),
        usage(f"Requests ({spec})", "requests",
              PriceRef("kms", "requests", {"type": request_type}), "monthly_requests"),
    ]
    if spec == DEFAULT_SPEC and usage_kind == "ENCRYPT_DECRYPT":
        comps += [
            usage("GenerateDataKeyPair requests (RSA)", "requests",
                  PriceRef("kms", "requests", {"type": "generate_data_key_pair_rsa"}),
                  "monthly_rsa_key_pair_requests"),
            usage("GenerateDataKeyPair requests (ECC)", "requests",
                  PriceRef("kms", "requests", {"type": "generate_data_key_pair_ecc"}),
                  "monthly_ecc_key_pair_requests"),
        ]
    return comps
