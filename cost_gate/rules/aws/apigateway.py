"""API Gateway: aws_apigatewayv2_api HTTP APIs, priced per request (usage-based).

HTTP API requests are metered in 512 KB increments. The request price is tiered; only the
first tier (300 million requests) is in the data, because the saved sources keep the first tier
only. WebSocket APIs (messages and connection minutes) have no price in the data.
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import Component, NotPriceable, PriceRef, Resource


@register("aws_apigatewayv2_api")
def aws_apigatewayv2_api(r: Resource) -> list[Component]:
    protocol = str(r.need("protocol_type")).upper()
    if protocol == "WEBSOCKET":
        raise NotPriceable("WebSocket APIs are billed per message and connection minute; "
                           "those prices are not in the data")
    if protocol != "HTTP":
        raise NotPriceable(f"protocol_type {protocol!r} is not priced")
    return [Component("HTTP API requests", "requests", None,
                      PriceRef("apigateway", "http_requests"),
                      usage_based=True, tiered=True, usage_key="monthly_requests")]
