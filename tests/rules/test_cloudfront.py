"""aws_cloudfront_distribution priced end to end (usage-based charges by edge geography).

Unit prices: pricing_data/aws/cloudfront/global.csv (aws-price-watcher CloudFront feed, SKU in
brackets). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component

PW = "awspricewatcher-v0rts-993ef3ad"  # data_date 2025-07-01
DATE = "2025-07-01"
STALE = "priced from data dated 2025-07-01, older than 12 months"

DISTRIBUTION = {
    "enabled": True, "http_version": "http2", "is_ipv6_enabled": False,
    "origin": [{"domain_name": "assets.s3.amazonaws.com", "origin_id": "s3",
                "origin_shield": [], "connection_attempts": 3}],
    "default_cache_behavior": [{"allowed_methods": ["GET", "HEAD"], "target_origin_id": "s3",
                                "viewer_protocol_policy": "redirect-to-https"}],
    "restrictions": [{"geo_restriction": [{"restriction_type": "none"}]}],
    "viewer_certificate": [{"cloudfront_default_certificate": True}],
}
UNKNOWN = {"arn": True, "caller_reference": True, "domain_name": True, "etag": True,
           "hosted_zone_id": True, "id": True, "status": True}


def per_unit(name: str, unit: str, price: float) -> dict:
    return component(name, unit, quantity=None, unit_price=price, monthly_cost=None,
                     source=PW, data_date=DATE, usage_based=True)


def test_price_class_100_shows_its_three_geographies_per_unit(price):
    res = price("aws_cloudfront_distribution.cdn",
                {**DISTRIBUTION, "price_class": "PriceClass_100"}, unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    assert res["monthly_delta"] == 0  # everything is usage-based
    assert res["after"]["components"] == [
        # data_transfer_out geography=<g>, first tier 0-10 TB [GV2WFGX37Q9PDSHF, YNZW9TGPQWEQM4JS,
        # VU3485RNDU6HBQF6]
        per_unit("Data transfer out (United States)", "GB", 0.085),
        per_unit("Data transfer out (Canada)", "GB", 0.085),
        per_unit("Data transfer out (EU)", "GB", 0.085),
        # data_transfer_to_origin geography=<g>
        per_unit("Data transfer to origin (United States)", "GB", 0.02),
        per_unit("Data transfer to origin (Canada)", "GB", 0.02),
        per_unit("Data transfer to origin (EU)", "GB", 0.02),
        # requests geography=<g>;protocol=http / https
        per_unit("HTTP requests (United States)", "requests", 0.00000075),
        per_unit("HTTP requests (Canada)", "requests", 0.00000075),
        per_unit("HTTP requests (EU)", "requests", 0.0000009),
        per_unit("HTTPS requests (United States)", "requests", 0.000001),
        per_unit("HTTPS requests (Canada)", "requests", 0.000001),
        per_unit("HTTPS requests (EU)", "requests", 0.0000012),
        # invalidation_paths: first 1,000 at $0 [U3HVZF9WJEM7TE55]
        per_unit("Invalidation paths (first 1,000 a month free)", "paths", 0),
    ]


@pytest.mark.parametrize(("price_class", "geographies"), [
    ("PriceClass_200", 8), ("PriceClass_All", 10), (None, 10)])
def test_price_classes_serve_their_geographies(price, price_class, geographies):
    attrs = dict(DISTRIBUTION)
    if price_class:
        attrs["price_class"] = price_class
    res = price("aws_cloudfront_distribution.cdn", attrs, unknown=UNKNOWN)
    names = [c["name"] for c in res["after"]["components"]]
    assert sum(n.startswith("Data transfer out (") for n in names) == geographies
    assert len(names) == 4 * geographies + 1


def test_usage_prices_tiers_requests_and_invalidations(price):
    usage = Usage(by_address={"aws_cloudfront_distribution.cdn": {
        "monthly_data_transfer_to_internet_gb.us": Decimal(60_000),
        "monthly_https_requests.europe": Decimal(10_000_000),
        "monthly_invalidation_requests": Decimal(1_500),
        # Australia is outside PriceClass_100 but given: shown and priced
        "monthly_data_transfer_to_internet_gb.australia": Decimal(100),
    }})
    res = price("aws_cloudfront_distribution.cdn",
                {**DISTRIBUTION, "price_class": "PriceClass_100"}, unknown=UNKNOWN,
                usage=usage)
    comps = {c["name"]: c for c in res["after"]["components"]}

    # 10,240 GB x 0.085 + 40,960 GB x 0.08 + 8,800 GB x 0.06 (tiers 0-10-50-150 TB)
    assert comps["Data transfer out (United States)"]["monthly_cost"] == pytest.approx(
        10_240 * 0.085 + 40_960 * 0.08 + 8_800 * 0.06)
    assert comps["HTTPS requests (EU)"]["monthly_cost"] == pytest.approx(12)  # 10M x 0.0000012
    # first 1,000 paths free, 500 x 0.005
    assert comps["Invalidation paths (first 1,000 a month free)"]["monthly_cost"] == \
        pytest.approx(2.5)
    # data_transfer_out geography=Australia first tier 0.114 [8JNNPNBQD9DSHV5K]
    assert comps["Data transfer out (Australia)"]["monthly_cost"] == pytest.approx(11.4)


def test_origin_shield_requests_by_shield_region_and_dedicated_ip_certificate(price):
    origin = DISTRIBUTION["origin"][0]
    attrs = {**DISTRIBUTION, "price_class": "PriceClass_100",
             "origin": [{**origin, "origin_shield": [
                            {"enabled": True, "origin_shield_region": "eu-west-1"}]},
                        {**origin, "origin_id": "api", "origin_shield": [
                            {"enabled": True, "origin_shield_region": "eu-west-1"}]},
                        {**origin, "origin_id": "us", "origin_shield": [
                            {"enabled": True, "origin_shield_region": "us-east-1"}]},
                        {**origin, "origin_id": "off", "origin_shield": [
                            {"enabled": False, "origin_shield_region": "sa-east-1"}]}],
             "viewer_certificate": [{"acm_certificate_arn": "arn:aws:acm:us-east-1:1:cert/x",
                                     "ssl_support_method": "vip",
                                     "cloudfront_default_certificate": False}]}
    res = price("aws_cloudfront_distribution.cdn", attrs, unknown=UNKNOWN,
                usage=Usage(by_address={"aws_cloudfront_distribution.cdn": {
                    "monthly_shield_requests.europe": Decimal(5_000_000)}}))

    assert res["status"] == "priced"
    assert res["after"]["components"][-3:] == [
        # origin_shield_requests shield_region=eu-west-1 [KCJPPWHSYBFKATMS]: 5M x 0.0000009
        component("Origin Shield requests (eu-west-1)", "requests", quantity=5_000_000,
                  unit_price=0.0000009, monthly_cost=pytest.approx(4.5), source=PW,
                  data_date=DATE, usage_based=True),
        # shield_region=us-east-1 [VN4VYBAF9PPSN7NQ]
        per_unit("Origin Shield requests (us-east-1)", "requests", 0.00000075),
        # dedicated_ip_ssl [QUEZ7XDZJJXURBU7]
        component("Dedicated IP custom SSL certificate", "certificate-months", quantity=1,
                  unit_price=600, monthly_cost=600, source=PW, data_date=DATE),
    ]
    assert res["monthly_delta"] == pytest.approx(604.5)


def test_field_level_encryption_adds_its_request_charge_per_served_geography(price):
    behavior = {**DISTRIBUTION["default_cache_behavior"][0], "allowed_methods": [
        "GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]}
    attrs = {**DISTRIBUTION, "price_class": "PriceClass_100",
             "default_cache_behavior": [{**behavior, "field_level_encryption_id": None}]}
    # the id of an aws_cloudfront_field_level_encryption_config created in the same plan
    unknown = {**UNKNOWN, "default_cache_behavior": [{"field_level_encryption_id": True}]}
    res = price("aws_cloudfront_distribution.cdn", attrs, unknown=unknown,
                set_in_config=("default_cache_behavior.field_level_encryption_id",))

    # cloudfront/global.csv field_level_encryption_requests geography=<g>: $0.02 per 10,000
    fle = [c for c in res["after"]["components"] if c["name"].startswith("Field-level")]
    assert fle == [per_unit(f"Field-level encryption requests ({g})", "requests", 0.000002)
                   for g in ("United States", "Canada", "EU")]

    res = price("aws_cloudfront_distribution.cdn", attrs, unknown=unknown,
                set_in_config=("default_cache_behavior.field_level_encryption_id",),
                usage=Usage(by_address={"aws_cloudfront_distribution.cdn": {
                    "monthly_field_level_encryption_requests.us": Decimal(1_000_000)}}))
    costs = {c["name"]: c["monthly_cost"] for c in res["after"]["components"]}
    assert costs["Field-level encryption requests (United States)"] == 2  # 1M x 0.000002


def test_no_field_level_encryption_charge_without_a_behavior_that_uses_it(price):
    res = price("aws_cloudfront_distribution.cdn", DISTRIBUTION, unknown=UNKNOWN)
    assert not [c for c in res["after"]["components"] if c["name"].startswith("Field-level")]
