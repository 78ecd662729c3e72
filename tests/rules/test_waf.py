"""AWS WAF web ACLs (WAFv2 and Classic, global and regional) priced end to end.

Unit prices: pricing_data/aws/waf/<region>.csv (aws-price-watcher WAF feed, SKU in brackets):
web_acl [PJQM8PKU9GAJ6WKY] $5, rule [MMK6882R53ZPMBQG] $1, requests [94S3KGQ8C7XGQFSJ]
$0.60 per million in us-east-1.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component

PW = "awspricewatcher-v0rts-91cf8f2e"  # data_date 2025-10-03
DATE = "2025-10-03"
STALE = "priced from data dated 2025-10-03, older than 12 months"
VISIBILITY = [{"cloudwatch_metrics_enabled": True, "metric_name": "m",
               "sampled_requests_enabled": True}]


def statement(**kind) -> list[dict]:
    return [{"managed_rule_group_statement": [], "rate_based_statement": [],
             "rule_group_reference_statement": [], **kind}]


V2_ACL = {
    "name": "web", "scope": "REGIONAL",
    "default_action": [{"allow": [{}], "block": []}],
    "rule": [
        {"name": "common", "priority": 1, "override_action": [{"none": [{}]}],
         "statement": statement(managed_rule_group_statement=[
             {"name": "AWSManagedRulesCommonRuleSet", "vendor_name": "AWS"}]),
         "visibility_config": VISIBILITY},
        {"name": "rate", "priority": 2, "action": [{"block": [{}]}],
         "statement": statement(rate_based_statement=[{"limit": 1000,
                                                       "aggregate_key_type": "IP"}]),
         "visibility_config": VISIBILITY},
        {"name": "own", "priority": 3, "override_action": [{"none": [{}]}],
         "statement": statement(rule_group_reference_statement=[{"arn": None}]),
         "visibility_config": VISIBILITY},
    ],
    "visibility_config": VISIBILITY,
}


def costs(rules: float, requests: float | None, *, request_price: float = 0.0000006) -> list:
    return [
        component("Web ACL", "web-ACL-months", quantity=1, unit_price=5, monthly_cost=5,
                  source=PW, data_date=DATE),
        component("Rules", "rule-months", quantity=rules, unit_price=1, monthly_cost=rules,
                  source=PW, data_date=DATE),
        component("Requests", "requests", quantity=requests, unit_price=request_price,
                  monthly_cost=None if requests is None
                  else pytest.approx(requests * request_price),
                  source=PW, data_date=DATE, usage_based=True),
    ]


def test_wafv2_web_acl_counts_each_rule_including_rule_group_references(price):
    res = price("aws_wafv2_web_acl.web", V2_ACL,
                unknown={"arn": True, "capacity": True, "id": True, "lock_token": True})

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    assert res["after"]["components"] == costs(3, None)  # 5 + 3 x 1
    assert res["monthly_delta"] == 8


def test_wafv2_usage_adds_rules_inside_rule_groups_and_prices_requests(price):
    usage = Usage(by_address={"aws_wafv2_web_acl.web": {
        "monthly_requests": Decimal(20_000_000), "rule_group_rules": Decimal(4),
        "managed_rule_group_rules": Decimal(2)}})
    res = price("aws_wafv2_web_acl.web", V2_ACL, usage=usage)

    # 3 rules + 4 + 2 from the usage file; 20M requests x 0.0000006 = 12
    assert res["after"]["components"] == costs(9, 20_000_000)


def test_wafv2_rules_given_as_rule_json(price):
    attrs = {**V2_ACL, "rule": [], "rule_json": json.dumps([{"Name": "a"}, {"Name": "b"}])}
    res = price("aws_wafv2_web_acl.web", attrs)
    assert res["after"]["components"] == costs(2, None)


def test_wafv2_bad_rule_json_is_a_partial_note(price):
    res = price("aws_wafv2_web_acl.web", {**V2_ACL, "rule": [], "rule_json": "{not json"})
    assert res["status"] == "partial"
    assert res["notes"] == [
        "not fully priced: rule_json is '{not json', expected a JSON list of rules"]


def test_web_acl_without_rules_has_no_rule_component(price):
    res = price("aws_wafv2_web_acl.empty", {**V2_ACL, "rule": []})
    assert [c["name"] for c in res["after"]["components"]] == ["Web ACL", "Requests"]


CLASSIC_RULE = {"action": [{"type": "BLOCK"}], "override_action": [], "priority": 1,
                "rule_id": "abc", "type": "REGULAR"}


@pytest.mark.parametrize(("address", "block"), [
    ("aws_waf_web_acl.global", "rules"),
    ("aws_wafregional_web_acl.regional", "rule"),
])
def test_waf_classic_web_acls_have_the_same_prices(price, address, block):
    attrs = {"name": "classic", "metric_name": "classic", "default_action": [{"type": "ALLOW"}],
             block: [CLASSIC_RULE, {**CLASSIC_RULE, "priority": 2, "type": "RATE_BASED"}]}
    res = price(address, attrs, unknown={"arn": True, "id": True})

    assert res["status"] == "priced"
    assert res["after"]["components"] == costs(2, None)


def test_regional_request_price_in_eu_central_2(price):
    res = price("aws_wafv2_web_acl.web", V2_ACL, region="eu-central-2")
    # waf/eu-central-2.csv requests: 0.00000065
    assert res["after"]["components"] == costs(3, None, request_price=0.00000065)


def test_rule_groups_and_associations_are_free(price):
    for address in ("aws_wafv2_rule_group.own", "aws_wafv2_web_acl_association.lb",
                    "aws_wafv2_ip_set.block", "aws_wafregional_rule.r"):
        assert price(address, {"name": "x"})["status"] == "free", address
