"""Secrets Manager: aws_secretsmanager_secret, billed per secret-month in its region; each
``replica`` block is billed as a secret of its own in the replica's region. API calls are
usage-based (Infracost key ``monthly_requests``, the calls to the primary secret).
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, monthly, usage

SECRET_USAGE = (UsageKey("monthly_requests", "requests", "API calls to the secret per month"),)


@register("aws_secretsmanager_secret", usage=SECRET_USAGE)
def aws_secretsmanager_secret(r: Resource) -> list[Component]:
    comps = [monthly("Secret", "secret-months", 1, PriceRef("secretsmanager", "secret"))]
    for i, _replica in enumerate(r.blocks("replica")):
        region = r.string(f"replica.{i}.region", required=True)
        comps.append(monthly(f"Secret replica ({region})", "secret-months", 1,
                             PriceRef("secretsmanager", "secret", region=region)))
    comps.append(usage("API requests", "requests", PriceRef("secretsmanager", "api_requests"),
                       "monthly_requests"))
    return comps
