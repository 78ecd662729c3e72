"""ECR: aws_ecr_repository image storage, usage-based (Infracost key ``storage_gb``). Data
transfer out is not priced."""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, usage

ECR_USAGE = (UsageKey("storage_gb", "GB", "image data stored in the repository"),)


@register("aws_ecr_repository", usage=ECR_USAGE, kind=USAGE_ONLY)
def aws_ecr_repository(r: Resource) -> list[Component]:
    return [usage("Storage", "GB-months", PriceRef("ecr", "storage"), "storage_gb")]
