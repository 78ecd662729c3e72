"""aws_apigatewayv2_api priced end to end against the shipped price table.

Unit prices: read from pricing_data/aws/apigateway/<region>.csv (product [source id, sku]).
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.estimate import estimate
from cost_gate.models import Project
from cost_gate.pricing.dataset import write_dataset
from cost_gate.pricing.store import ENV_CACHE_DIR, PriceStore
from cost_gate.usage import Usage
from tests.rules.conftest import TODAY, component, make_change

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
DATE = "2026-09-06"
UNIT_PRICE = 0.000001  # apigateway/us-east-1.csv http_requests [togen, FC2TWT2UEPTBKVBX]
UNKNOWN = {"api_endpoint": True, "arn": True, "execution_arn": True, "id": True}


def _usage(requests: int) -> Usage:
    return Usage(by_address={"aws_apigatewayv2_api.http": {"monthly_requests": Decimal(requests)}})


def http_api(**overrides) -> dict:
    return {"name": "http", "protocol_type": "HTTP", "tags": None, **overrides}


def test_http_api_without_usage_shows_the_price_per_request(price):
    res = price("aws_apigatewayv2_api.http", http_api(), unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 0,
        "components": [component("HTTP API requests", "requests", quantity=None,
                                 unit_price=UNIT_PRICE, monthly_cost=None, source=TOGEN,
                                 data_date=DATE, usage_based=True)],
    }


def test_http_api_with_usage(price):
    res = price("aws_apigatewayv2_api.http", http_api(), unknown=UNKNOWN,
                usage=_usage(25_000_000))

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 25,
        "components": [component("HTTP API requests", "requests", quantity=25_000_000,
                                 unit_price=UNIT_PRICE,
                                 monthly_cost=25,  # 25,000,000 * 0.000001
                                 source=TOGEN, data_date=DATE, usage_based=True)],
    }


def test_requests_are_split_across_the_published_tiers(price):
    res = price("aws_apigatewayv2_api.http", http_api(), unknown=UNKNOWN,
                usage=_usage(400_000_000))

    assert res["status"] == "priced"
    assert res["notes"] == []
    # apigateway/us-east-1.csv http_requests: 0-300M 0.000001 [togen]; over 300M 0.0000009
    # [awspricewatcher-v0rts-8ceef26a]
    assert res["after"]["monthly_cost"] == 390  # 300,000,000 * 0.000001 + 100,000,000 * 9e-7


def test_requests_past_the_last_tier_in_the_data_are_left_unpriced_and_partial(tmp_path):
    # A price table holding only the first tier (as the 2026-09 Price List extract did):
    # the part past it is not priced and the resource is partial.
    shipped = PriceStore.default(env={ENV_CACHE_DIR: str(tmp_path / "empty")})
    first_tier = shipped.lookup("aws", "apigateway", "us-east-1", "http_requests", {})[:1]
    assert first_tier[0].tier_end == 300_000_000
    mirror = tmp_path / "mirror"
    write_dataset(mirror, first_tier, {"sources": {}})
    store = PriceStore.from_dirs([("pricing-dir", mirror)])
    change = make_change("aws_apigatewayv2_api.http", http_api(), unknown=UNKNOWN)
    project = Project(name="rules", source="plan.json", input_type="plan", changes=[change])
    report = estimate([project], store=store, today=TODAY, usage=_usage(400_000_000)).to_dict()
    (res,) = report["projects"][0]["resources"]

    assert res["status"] == "partial"
    assert res["notes"] == ["HTTP API requests: 100,000,000 requests beyond the first "
                            "300,000,000 not priced (the price past that tier is not in the data)"]
    assert res["after"]["monthly_cost"] == 300  # 300,000,000 * 0.000001


def test_http_api_in_eu_central_1(price):
    res = price("aws_apigatewayv2_api.http", http_api(), unknown=UNKNOWN, region="eu-central-1",
                usage=_usage(1_000_000))
    (requests,) = res["after"]["components"]
    # apigateway/eu-central-1.csv http_requests [togen, T5HBB5E3DWVQPUNF]; 1,000,000 * 0.0000012
    assert (requests["unit_price"], requests["monthly_cost"]) == (0.0000012, 1.2)


def test_websocket_api_without_usage(price):
    res = price("aws_apigatewayv2_api.ws", http_api(protocol_type="WEBSOCKET"), unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": 0, "components": [
        # apigateway/us-east-1.csv websocket_messages, first tier [FEED]
        component("WebSocket messages", "messages",
                  quantity=None, unit_price=0.000001, monthly_cost=None, source=FEED,
                  data_date=FEED_DATE, usage_based=True),
        # websocket_connection_minutes [FEED]: $0.25 per million
        component("WebSocket connection minutes", "connection-minutes", quantity=None,
                  unit_price=0.00000025, monthly_cost=None, source=FEED, data_date=FEED_DATE,
                  usage_based=True),
    ]}


def test_websocket_messages_metered_in_32_kb_and_tiered(price):
    usage = Usage(by_address={"aws_apigatewayv2_api.ws": {
        "monthly_messages": Decimal(600_000_000), "message_size_kb": Decimal(40),
        "monthly_connection_mins": Decimal(100_000_000)}})
    res = price("aws_apigatewayv2_api.ws", http_api(protocol_type="WEBSOCKET"), unknown=UNKNOWN,
                usage=usage)

    assert res["status"] == "priced"
    assert [(c["monthly_quantity"], c["monthly_cost"]) for c in res["after"]["components"]] == [
        # 40 KB = two 32 KB increments: 1.2 billion messages; 1e9 x 0.000001 + 2e8 x 0.0000008
        (1_200_000_000, 1160),
        (100_000_000, 25),  # 100,000,000 x 0.00000025
    ]


REST_UNKNOWN = {"arn": True, "execution_arn": True, "id": True, "root_resource_id": True}


def test_rest_api_requests_are_tiered(price):
    res = price("aws_api_gateway_rest_api.api", {"name": "api", "body": None},
                unknown=REST_UNKNOWN)
    # apigateway/us-east-1.csv rest_requests, first tier (0-333M) [FEED]: $3.50 per million
    assert res["after"]["components"] == [component(
        "REST API requests", "requests", quantity=None, unit_price=0.0000035, monthly_cost=None,
        source=FEED, data_date=FEED_DATE, usage_based=True)]

    usage = Usage(by_address={"aws_api_gateway_rest_api.api":
                              {"monthly_requests": Decimal(500_000_000)}})
    res = price("aws_api_gateway_rest_api.api", {"name": "api"}, unknown=REST_UNKNOWN,
                usage=usage)
    # 333,000,000 x 0.0000035 + 167,000,000 x 0.0000028
    assert res["after"]["monthly_cost"] == pytest.approx(1165.5 + 467.6)


STAGE_UNKNOWN = {"arn": True, "execution_arn": True, "id": True, "invoke_url": True,
                 "rest_api_id": True}


@pytest.mark.parametrize(("size", "label", "hourly"), [
    ("0.5", "0.5", 0.02), ("6.1", "6.1", 0.2), ("118", "118", 1.9), (237, "237", 3.8)])
def test_stage_cache_cluster_by_size(price, size, label, hourly):
    res = price("aws_api_gateway_stage.prod",
                {"stage_name": "prod", "deployment_id": "abc", "cache_cluster_enabled": True,
                 "cache_cluster_size": size}, unknown=STAGE_UNKNOWN)

    assert res["status"] == "priced"
    # apigateway/us-east-1.csv cache_hours cache_size_gb=<size> [FEED]; 730 h
    assert res["after"]["components"] == [component(
        f"Cache cluster ({label} GB)", "hours", quantity=730, unit_price=hourly,
        monthly_cost=round(730 * hourly, 6), source=FEED, data_date=FEED_DATE)]


def test_stage_cache_without_a_size_uses_the_default(price):
    res = price("aws_api_gateway_stage.prod",
                {"stage_name": "prod", "deployment_id": "abc", "cache_cluster_enabled": True,
                 "cache_cluster_size": None}, unknown=STAGE_UNKNOWN)
    assert res["notes"][0] == "cache_cluster_size not in the plan; assumed the default 0.5"
    assert res["after"]["monthly_cost"] == 14.6  # 730 x 0.02


def test_stage_without_cache_has_no_charge(price):
    res = price("aws_api_gateway_stage.dev",
                {"stage_name": "dev", "deployment_id": "abc", "cache_cluster_enabled": None,
                 "cache_cluster_size": None}, unknown=STAGE_UNKNOWN)
    assert res["status"] == "free"  # NoCharge: free as configured, with the reason
    assert res["notes"] == ["no cache cluster: the stage has no charge of its own (requests "
                            "are billed on the API)"]
    assert res["after"] == {"monthly_cost": 0, "components": []}


FEED = "awspricewatcher-v0rts-8ceef26a"  # AWS pricing-page feed
FEED_DATE = "2025-11-20"


def test_stages_routes_and_integrations_are_free(price):
    for address in ("aws_apigatewayv2_stage.default", "aws_apigatewayv2_route.root",
                    "aws_apigatewayv2_integration.lambda"):
        assert price(address, {"api_id": "abc"})["status"] == "free"
