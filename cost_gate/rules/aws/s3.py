"""S3: aws_s3_bucket, priced as S3 Standard storage and requests (all usage-based).

Storage is tiered by GB-month; only the first tier (0-51,200 GB) is in the data, because the
saved sources keep the first tier only. AWS counts tiers per account and region; here they are
applied per bucket. Other storage classes, data transfer and replication are not priced.
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import Component, PriceRef, Resource, usage


@register("aws_s3_bucket")
def aws_s3_bucket(r: Resource) -> list[Component]:
    return [
        Component("Standard storage", "GB-months", None,
                  PriceRef("s3", "storage", {"storage_class": "standard"}),
                  usage_based=True, tiered=True, usage_key="monthly_storage_gb"),
        usage("PUT, COPY, POST, LIST requests", "requests",
              PriceRef("s3", "requests", {"tier": "1"}), "monthly_tier1_requests"),
        usage("GET and all other requests", "requests",
              PriceRef("s3", "requests", {"tier": "2"}), "monthly_tier2_requests"),
    ]
