"""API Gateway: aws_apigatewayv2_api HTTP APIs, priced per request (usage-based).

HTTP API requests are metered in 512 KB increments. The request price is tiered; only the
first tier (300 million requests) is in the data, because the saved sources keep the first tier
only. WebSocket APIs (messages and connection minutes) have no price in the data.

Usage keys: ``monthly_requests`` and ``request_size_kb`` (average size; each started 512 KB
counts as one request, default 512). The WebSocket keys are reported as not used yet.
"""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    Component,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    billed_requests,
)

CHUNK_KB = 512
HTTP_API_USAGE = (
    UsageKey("monthly_requests", "requests", "HTTP API requests per month"),
    UsageKey("request_size_kb", "KB", "average request size (metered in 512 KB increments)",
             kind="setting", default="512"),
)


@register("aws_apigatewayv2_api", usage=HTTP_API_USAGE, kind=USAGE_ONLY)
def aws_apigatewayv2_api(r: Resource) -> list[Component]:
    protocol = str(r.need("protocol_type")).upper()
    if protocol == "WEBSOCKET":
        raise NotPriceable("WebSocket APIs are billed per message and connection minute; "
                           "those prices are not in the data")
    if protocol != "HTTP":
        raise NotPriceable(f"protocol_type {protocol!r} is not priced")
    return [Component("HTTP API requests", "requests", billed_requests(r, CHUNK_KB),
                      PriceRef("apigateway", "http_requests"),
                      usage_based=True, tiered=True, usage_key="monthly_requests")]
