"""SQS: aws_sqs_queue requests (usage-based), Standard or FIFO.

Each 64 KB chunk of a request's payload counts as one request. The request price is tiered
(first 100 billion requests, next 100 billion, above); AWS counts tiers per account, here they
are applied per queue.

Usage keys: ``monthly_requests`` and ``request_size_kb`` (average payload; each started 64 KB
counts as one request, default 64).
"""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    Component,
    PriceRef,
    Resource,
    UsageKey,
    billed_requests,
)

CHUNK_KB = 64
SQS_USAGE = (
    UsageKey("monthly_requests", "requests", "API requests per month"),
    UsageKey("request_size_kb", "KB", "average request payload (each 64 KB chunk is billed "
             "as one request)", kind="setting", default="64"),
)


@register("aws_sqs_queue", usage=SQS_USAGE, kind=USAGE_ONLY)
def aws_sqs_queue(r: Resource) -> list[Component]:
    queue_type = "fifo" if r.flag("fifo_queue") else "standard"
    label = "FIFO" if queue_type == "fifo" else "Standard"
    return [Component(f"Requests ({label} queue)", "requests",
                      billed_requests(r, CHUNK_KB),
                      PriceRef("sqs", "requests", {"queue_type": queue_type}),
                      usage_based=True, tiered=True, usage_key="monthly_requests")]
