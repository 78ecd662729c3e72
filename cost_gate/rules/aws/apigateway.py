"""API Gateway: HTTP and WebSocket APIs (aws_apigatewayv2_api), REST APIs
(aws_api_gateway_rest_api) and REST API stage caches (aws_api_gateway_stage).

- HTTP APIs: requests, metered in 512 KB increments (``monthly_requests``, ``request_size_kb``).
- WebSocket APIs: messages, metered in 32 KB increments (``monthly_messages``,
  ``message_size_kb``), and connection minutes (``monthly_connection_mins``).
- REST APIs: requests (``monthly_requests``).
- REST API stages: the cache cluster, per hour by ``cache_cluster_size`` (AWS's default 0.5 GB
  when the cache is enabled without a size); a stage without a cache has no charge of its own.

Request and message prices are tiered; AWS counts tiers per account and region, here they are
applied per API. The free tier is not applied.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.aws.common import number_setting
from cost_gate.rules.base import (
    Component,
    NoCharge,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    billed_requests,
    hourly,
    usage,
)

CHUNK_KB = 512
WEBSOCKET_MESSAGE_KB = 32
DEFAULT_CACHE_GB = "0.5"
V2_API_USAGE = (
    UsageKey("monthly_requests", "requests", "HTTP API requests per month"),
    UsageKey("request_size_kb", "KB", "average request size (metered in 512 KB increments)",
             kind="setting", default="512"),
    UsageKey("monthly_messages", "messages", "WebSocket messages per month"),
    UsageKey("message_size_kb", "KB", "average WebSocket message size (metered in 32 KB "
             "increments)", kind="setting", default="32"),
    UsageKey("monthly_connection_mins", "minutes", "WebSocket connection minutes per month"),
)
REST_API_USAGE = (UsageKey("monthly_requests", "requests", "REST API requests per month"),)


@register("aws_apigatewayv2_api", usage=V2_API_USAGE, kind=USAGE_ONLY)
def aws_apigatewayv2_api(r: Resource) -> list[Component]:
    protocol = str(r.need("protocol_type")).upper()
    if protocol == "WEBSOCKET":
        return _websocket(r)
    if protocol != "HTTP":
        raise NotPriceable(f"protocol_type {protocol!r} is not priced")
    return [Component("HTTP API requests", "requests", billed_requests(r, CHUNK_KB),
                      PriceRef("apigateway", "http_requests"),
                      usage_based=True, tiered=True, usage_key="monthly_requests")]


def _websocket(r: Resource) -> list[Component]:
    messages = r.usage.number("monthly_messages")
    size = r.usage.number("message_size_kb")
    if messages is not None and size is not None:
        chunks = (size / WEBSOCKET_MESSAGE_KB).to_integral_value(rounding=ROUND_CEILING)
        messages *= max(Decimal(1), chunks)
    return [
        Component("WebSocket messages", "messages", messages,
                  PriceRef("apigateway", "websocket_messages"), usage_based=True, tiered=True,
                  usage_key="monthly_messages"),
        usage("WebSocket connection minutes", "connection-minutes",
              PriceRef("apigateway", "websocket_connection_minutes"), "monthly_connection_mins"),
    ]


@register("aws_api_gateway_rest_api", usage=REST_API_USAGE, kind=USAGE_ONLY)
def aws_api_gateway_rest_api(r: Resource) -> list[Component]:
    comp = usage("REST API requests", "requests", PriceRef("apigateway", "rest_requests"),
                 "monthly_requests")
    comp.tiered = True
    return [comp]


@register("aws_api_gateway_stage")
def aws_api_gateway_stage(r: Resource) -> list[Component]:
    if not r.flag("cache_cluster_enabled"):
        raise NoCharge("no cache cluster: the stage has no charge of its own (requests are "
                       "billed on the API)")
    size = number_setting(r, "cache_cluster_size", Decimal(DEFAULT_CACHE_GB),
                          minimum=Decimal("0.1"))
    label = f"{size.normalize():f}"
    return [hourly(f"Cache cluster ({label} GB)",
                   PriceRef("apigateway", "cache_hours", {"cache_size_gb": label}))]
