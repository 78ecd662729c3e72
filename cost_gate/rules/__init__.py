"""Pricing rules by resource type, grouped by provider and service.

``rule_for(type)`` returns the rule function or None; ``is_free(type)`` says whether a type has
no cost of its own (IAM, security groups, VPC plumbing...).
"""

from __future__ import annotations

from cost_gate.rules.base import Rule

_REGISTRY: dict[str, Rule] = {}
_loaded = False


def register(*types: str):
    """Decorator: register a rule function for one or more resource types."""

    def wrap(func: Rule) -> Rule:
        for resource_type in types:
            _REGISTRY[resource_type] = func
        return func

    return wrap


def _load() -> None:
    global _loaded
    if _loaded:
        return
    from cost_gate.rules.aws import (  # noqa: F401  (modules register their rules on import)
        apigateway,
        autoscaling,
        ec2,
        ecs,
        eks,
        elasticache,
        elb,
        lambda_,
        rds,
        s3,
        sqs,
        vpc,
    )
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


def supported_types() -> list[str]:
    _load()
    return sorted(_REGISTRY)


def is_free(resource_type: str) -> bool:
    from cost_gate.rules.free import FREE_TYPES

    return resource_type in FREE_TYPES
