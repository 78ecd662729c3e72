"""aws_apigatewayv2_api priced end to end against the shipped price table.

Unit prices: read from pricing_data/aws/apigateway/<region>.csv (product [source id, sku]).
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

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


def test_websocket_api_is_unsupported_with_a_note(price):
    res = price("aws_apigatewayv2_api.ws", http_api(protocol_type="WEBSOCKET"), unknown=UNKNOWN)

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["notes"] == ["WebSocket APIs are billed per message and connection minute; "
                            "those prices are not in the data"]


def test_stages_routes_and_integrations_are_free(price):
    for address in ("aws_apigatewayv2_stage.default", "aws_apigatewayv2_route.root",
                    "aws_apigatewayv2_integration.lambda"):
        assert price(address, {"api_id": "abc"})["status"] == "free"
