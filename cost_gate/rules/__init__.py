"""Pricing rules by resource type, grouped by provider and service.

``rule_for(type)`` returns the rule function or None; ``is_free(type)`` says whether a type has
no cost of its own (IAM, security groups, VPC plumbing...); ``usage_keys_for(type)`` lists the
usage-file keys its rule reads; ``rule_kind(type)`` says how a registered type is priced.
"""

from __future__ import annotations

from collections.abc import Iterable

from cost_gate.rules.base import Rule, UsageKey

_REGISTRY: dict[str, Rule] = {}
_USAGE_KEYS: dict[str, tuple[UsageKey, ...]] = {}
_KINDS: dict[str, str] = {}
_loaded = False

# How a registered type is priced (the resources catalogue lists them apart):
PRICED = "priced"  # fixed charges from its attributes (usage-based ones may come on top)
USAGE_ONLY = "usage"  # every charge is usage-based: "$X per unit" until a usage file estimates it
NO_PRICE_DATA = "no_price_data"  # known type whose charge the price data lacks (the rule says why)
KINDS = (PRICED, USAGE_ONLY, NO_PRICE_DATA)


def register(*types: str, usage: Iterable[UsageKey] = (), kind: str = PRICED):
    """Decorator: register a rule function for one or more resource types.

    ``usage``: the usage-file keys the rule reads (units and descriptions feed
    ``cost-gate usage init``; keys of the format that are not declared are "not used yet").
    ``kind``: ``PRICED``, ``USAGE_ONLY`` or ``NO_PRICE_DATA`` (see above); declared with the
    rule, so the catalogue never has to guess from a sample resource.
    """
    keys = tuple(usage)
    if kind not in KINDS:
        raise ValueError(f"unknown rule kind {kind!r}")

    def wrap(func: Rule) -> Rule:
        for resource_type in types:
            _REGISTRY[resource_type] = func
            _KINDS[resource_type] = kind
            if keys:
                _USAGE_KEYS[resource_type] = keys
        return func

    return wrap


def _load() -> None:
    global _loaded
    if _loaded:
        return
    from cost_gate.rules.aws import (  # noqa: F401  (modules register their rules on import)
        apigateway,
        autoscaling,
        cloudfront,
        dynamodb,
        ebs,
        ec2,
        ecs,
        eks,
        elasticache,
        elb,
        fleets,
        lambda_,
        msk,
        opensearch,
        rds,
        redshift,
        route53,
        s3,
        sqs,
        transit_gateway,
        vpc,
        vpn,
        waf,
    )
    from cost_gate.rules.aws import cloudwatch as _aws_cloudwatch  # noqa: F401
    from cost_gate.rules.aws import ecr as _aws_ecr  # noqa: F401
    from cost_gate.rules.aws import efs as _aws_efs  # noqa: F401
    from cost_gate.rules.aws import events as _aws_events  # noqa: F401
    from cost_gate.rules.aws import kinesis as _aws_kinesis  # noqa: F401
    from cost_gate.rules.aws import kms as _aws_kms  # noqa: F401
    from cost_gate.rules.aws import secretsmanager as _aws_secretsmanager  # noqa: F401
    from cost_gate.rules.aws import sfn as _aws_sfn  # noqa: F401
    from cost_gate.rules.aws import sns as _aws_sns  # noqa: F401
    from cost_gate.rules.aws import ssm as _aws_ssm  # noqa: F401
    from cost_gate.rules.azure import compute as _azure_compute  # noqa: F401
    from cost_gate.rules.azure import containers as _azure_containers  # noqa: F401
    from cost_gate.rules.azure import network as _azure_network  # noqa: F401
    from cost_gate.rules.azure import sql as _azure_sql  # noqa: F401
    from cost_gate.rules.azure import storage as _azure_storage  # noqa: F401
    from cost_gate.rules.azure import web as _azure_web  # noqa: F401
    from cost_gate.rules.google import (  # noqa: F401
        compute as _google_compute,
    )
    from cost_gate.rules.google import (  # noqa: F401
        container as _google_container,
    )
    from cost_gate.rules.google import network as _google_network  # noqa: F401
    from cost_gate.rules.google import serverless as _google_serverless  # noqa: F401
    from cost_gate.rules.google import sql as _google_sql  # noqa: F401
    from cost_gate.rules.google import storage as _google_storage  # noqa: F401

    _loaded = True


def rule_for(resource_type: str) -> Rule | None:
    _load()
    return _REGISTRY.get(resource_type)


def usage_keys_for(resource_type: str) -> tuple[UsageKey, ...]:
    _load()
    return _USAGE_KEYS.get(resource_type, ())


def rule_kind(resource_type: str) -> str | None:
    """``PRICED``, ``USAGE_ONLY`` or ``NO_PRICE_DATA`` for a registered type, else None."""
    _load()
    return _KINDS.get(resource_type)


def supported_types() -> list[str]:
    _load()
    return sorted(_REGISTRY)


def is_free(resource_type: str) -> bool:
    from cost_gate.rules.free import FREE_TYPES

    return resource_type in FREE_TYPES
