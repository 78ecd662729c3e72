"""S3: aws_s3_bucket, priced as S3 Standard storage and requests (all usage-based).

Storage is tiered by GB-month; only the first tier (0-51,200 GB) is in the data, because the
saved sources keep the first tier only. AWS counts tiers per account and region; here they are
applied per bucket. Other storage classes, data transfer and replication are not priced.

Usage keys (Infracost names): ``standard.storage_gb``, ``standard.monthly_tier_1_requests``
(PUT/COPY/POST/LIST), ``standard.monthly_tier_2_requests`` (GET and the rest); cost-gate's
earlier ``monthly_storage_gb``, ``monthly_tier1_requests``, ``monthly_tier2_requests`` are
still read. The other storage classes' keys are reported as not used yet.
"""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, usage

S3_USAGE = (
    UsageKey("standard.storage_gb", "GB", "average GB stored in S3 Standard"),
    UsageKey("standard.monthly_tier_1_requests", "requests",
             "PUT, COPY, POST, LIST requests per month (Standard)"),
    UsageKey("standard.monthly_tier_2_requests", "requests",
             "GET and all other requests per month (Standard)"),
    UsageKey("monthly_storage_gb", "GB", "average GB stored (Standard)", legacy=True),
    UsageKey("monthly_tier1_requests", "requests", "PUT/COPY/POST/LIST requests", legacy=True),
    UsageKey("monthly_tier2_requests", "requests", "GET and other requests", legacy=True),
)


@register("aws_s3_bucket", usage=S3_USAGE, kind=USAGE_ONLY)
def aws_s3_bucket(r: Resource) -> list[Component]:
    storage = Component("Standard storage", "GB-months",
                        r.usage.number("standard.storage_gb", "monthly_storage_gb"),
                        PriceRef("s3", "storage", {"storage_class": "standard"}),
                        usage_based=True, tiered=True, usage_key="standard.storage_gb")
    tier1 = usage("PUT, COPY, POST, LIST requests", "requests",
                  PriceRef("s3", "requests", {"tier": "1"}), "standard.monthly_tier_1_requests")
    tier1.quantity = r.usage.number("standard.monthly_tier_1_requests", "monthly_tier1_requests")
    tier2 = usage("GET and all other requests", "requests",
                  PriceRef("s3", "requests", {"tier": "2"}), "standard.monthly_tier_2_requests")
    tier2.quantity = r.usage.number("standard.monthly_tier_2_requests", "monthly_tier2_requests")
    return [storage, tier1, tier2]
