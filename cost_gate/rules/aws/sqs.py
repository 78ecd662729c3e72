"""SQS: aws_sqs_queue requests (usage-based), Standard or FIFO.

Each 64 KB chunk of a request's payload counts as one request. The request price is tiered;
only the first tier (up to 100 billion requests) is in the data, because the saved sources keep
the first tier only. AWS counts tiers per account; here they are applied per queue.
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import Component, MissingAttribute, PriceRef, Resource


@register("aws_sqs_queue")
def aws_sqs_queue(r: Resource) -> list[Component]:
    if r.is_unknown("fifo_queue"):
        raise MissingAttribute("fifo_queue")
    queue_type = "fifo" if str(r.get("fifo_queue", False)).lower() == "true" else "standard"
    label = "FIFO" if queue_type == "fifo" else "Standard"
    return [Component(f"Requests ({label} queue)", "requests", None,
                      PriceRef("sqs", "requests", {"queue_type": queue_type}),
                      usage_based=True, tiered=True, usage_key="monthly_requests")]
