"""Route 53 priced end to end: hosted zones, records, health checks, traffic policy records,
Resolver endpoints and DNS Firewall.

Unit prices: pricing_data/aws/route53/global.csv (zones, queries, health checks, traffic
policies) and route53/<region>.csv (Resolver, DNS Firewall), aws-price-watcher Route 53 feed
(SKU in brackets). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component

PW = "awspricewatcher-v0rts-5cb24974"  # data_date 2025-08-28
DATE = "2025-08-28"
STALE = "priced from data dated 2025-08-28, older than 12 months"
RECORD_UNKNOWN = {"fqdn": True, "id": True, "zone_id": True, "records": [False]}
NO_POLICY = {"alias": [], "cidr_routing_policy": [], "failover_routing_policy": [],
             "geolocation_routing_policy": [], "geoproximity_routing_policy": [],
             "latency_routing_policy": [], "weighted_routing_policy": []}


def fixed(name: str, unit: str, price: float, quantity: int = 1) -> dict:
    return component(name, unit, quantity=quantity, unit_price=price,
                     monthly_cost=pytest.approx(quantity * price), source=PW, data_date=DATE)


def test_hosted_zone_first_tier(price):
    res = price("aws_route53_zone.main", {"name": "example.com", "comment": "Managed by "
                                          "Terraform", "force_destroy": False, "vpc": []},
                unknown={"arn": True, "id": True, "name_servers": True, "zone_id": True})

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    # hosted_zone tier 0-25 [KVPGEJE88UW8S779] (the 0.10 tier past 25 zones is per account)
    assert res["after"]["components"] == [fixed("Hosted zone", "zone-months", 0.5)]


def record(**policy) -> dict:
    return {**NO_POLICY, "name": "api", "type": "A", "ttl": 60, "records": ["203.0.113.10"],
            **policy}


@pytest.mark.parametrize(("policy", "name", "key", "first_tier"), [
    ({}, "Standard queries", "monthly_standard_queries", 0.0000004),
    ({"weighted_routing_policy": [{"weight": 10}], "set_identifier": "a"},
     "Standard queries", "monthly_standard_queries", 0.0000004),
    ({"latency_routing_policy": [{"region": "eu-west-1"}], "set_identifier": "eu"},
     "Latency-based queries", "monthly_latency_based_queries", 0.0000006),
    ({"geolocation_routing_policy": [{"continent": "EU"}], "set_identifier": "eu"},
     "Geolocation queries", "monthly_geo_queries", 0.0000007),
    ({"geoproximity_routing_policy": [{"aws_region": "eu-west-1", "bias": 10}],
      "set_identifier": "eu"}, "Geoproximity queries", "monthly_geoproximity_queries",
     0.0000007),
    ({"cidr_routing_policy": [{"collection_id": "c-1", "location_name": "office"}],
      "set_identifier": "office"}, "IP-based queries", "monthly_ip_based_queries", 0.0000008),
])
def test_record_queries_by_routing_policy(price, policy, name, key, first_tier):
    res = price("aws_route53_record.api", record(**policy), unknown=RECORD_UNKNOWN)

    assert res["status"] == "priced"
    # queries routing=<policy>, first billion [global.csv]
    assert res["after"]["components"] == [
        component(name, "queries", quantity=None, unit_price=first_tier, monthly_cost=None,
                  source=PW, data_date=DATE, usage_based=True)]
    assert res["monthly_delta"] == 0

    priced = price("aws_route53_record.api", record(**policy), unknown=RECORD_UNKNOWN,
                   usage=Usage(by_address={"aws_route53_record.api": {
                       key: Decimal(1_500_000_000)}}))
    queries = priced["after"]["components"][0]
    # tiered: the first billion at the first-tier price, the next 500 million at half of it
    assert queries["monthly_cost"] == pytest.approx(1e9 * first_tier + 5e8 * first_tier / 2)


def test_alias_records_are_free(price):
    attrs = record(alias=[{"name": "d111111abcdef8.cloudfront.net", "zone_id": "Z2FDTNDATAQYW2",
                           "evaluate_target_health": False}])
    del attrs["records"], attrs["ttl"]
    res = price("aws_route53_record.cdn", attrs, unknown={"fqdn": True, "id": True})

    assert res["status"] == "free"
    assert res["notes"] == ["queries to alias records that point to AWS resources are free"]


HEALTH_UNKNOWN = {"arn": True, "enable_sni": True, "id": True, "triggers": True}


def test_https_string_match_fast_latency_health_check_of_a_non_aws_endpoint(price):
    attrs = {"fqdn": "status.example.org", "port": 443, "type": "HTTPS_STR_MATCH",
             "resource_path": "/health", "search_string": "ok", "failure_threshold": 3,
             "request_interval": 10, "measure_latency": True, "disabled": False}
    res = price("aws_route53_health_check.site", attrs, unknown=HEALTH_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [
        "health check endpoint assumed outside AWS (non-AWS price); set endpoint_type: aws in "
        "the usage file for an AWS endpoint", STALE]
    assert res["after"]["components"] == [
        # health_check endpoint=non_aws [EYUFFNGJ6B6EEPX3]
        fixed("Health check (non-AWS endpoint)", "check-months", 0.75),
        # health_check_feature endpoint=non_aws [MBK2VE4BV4W7GVGK], one per feature
        fixed("Optional feature: HTTPS", "feature-months", 2),
        fixed("Optional feature: string matching", "feature-months", 2),
        fixed("Optional feature: fast interval", "feature-months", 2),
        fixed("Optional feature: latency measurement", "feature-months", 2),
    ]
    assert res["monthly_delta"] == pytest.approx(8.75)


def test_health_check_of_a_load_balancer_in_the_plan_is_an_aws_endpoint(price):
    attrs = {"port": 80, "type": "HTTP", "resource_path": "/", "failure_threshold": 3,
             "request_interval": 30, "measure_latency": False}
    res = price("aws_route53_health_check.lb", attrs,
                unknown={**HEALTH_UNKNOWN, "fqdn": True},
                references={"fqdn": ["aws_lb.web"]})

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    # health_check endpoint=aws [URRRFRNVRT3XZBG6]; plain HTTP at 30 s: no optional feature
    assert res["after"]["components"] == [
        fixed("Health check (AWS endpoint)", "check-months", 0.5)]


def test_usage_file_endpoint_type_decides(price):
    attrs = {"ip_address": "198.51.100.7", "port": 443, "type": "HTTPS",
             "request_interval": 30}
    res = price("aws_route53_health_check.ip", attrs, unknown=HEALTH_UNKNOWN,
                usage=Usage(by_address={"aws_route53_health_check.ip": {
                    "endpoint_type": "aws"}}))

    # health_check_feature endpoint=aws [T9BUZ8SXFA6XMDPT]
    assert res["after"]["components"] == [
        fixed("Health check (AWS endpoint)", "check-months", 0.5),
        fixed("Optional feature: HTTPS", "feature-months", 1)]


def test_calculated_health_check_is_an_aws_endpoint_without_options(price):
    res = price("aws_route53_health_check.all",
                {"type": "CALCULATED", "child_health_threshold": 1, "measure_latency": False},
                unknown={**HEALTH_UNKNOWN, "child_healthchecks": True})
    assert res["after"]["components"] == [
        fixed("Health check (AWS endpoint)", "check-months", 0.5)]


def test_traffic_policy_instance_is_a_policy_record(price):
    res = price("aws_route53_traffic_policy_instance.www",
                {"name": "www.example.com", "traffic_policy_id": "abc",
                 "traffic_policy_version": 1, "ttl": 360},
                unknown={"arn": True, "hosted_zone_id": True, "id": True})
    # traffic_policy_record [ME4YY7SKGMB4Z343]
    assert res["after"]["components"] == [
        fixed("Traffic policy record", "record-months", 50)]


def test_resolver_endpoint_per_ip_address_hour_and_tiered_queries(price):
    attrs = {"name": "inbound", "direction": "INBOUND", "security_group_ids": ["sg-1"],
             "ip_address": [{"subnet_id": "subnet-0a"}, {"subnet_id": "subnet-0b"}]}
    res = price("aws_route53_resolver_endpoint.inbound", attrs,
                unknown={"arn": True, "host_vpc_id": True, "id": True,
                         "ip_address": [{"ip": True, "ip_id": True}] * 2})

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        # route53/us-east-1.csv resolver_endpoint [GZT83HBHCE5EGFNH]: 2 IPs x 730 h x 0.125
        fixed("Resolver endpoint IP addresses", "hours", 0.125, 1460),
        # resolver_queries first billion [UA2M4EHGFQSJQV5S]
        component("DNS queries", "queries", quantity=None, unit_price=0.0000004,
                  monthly_cost=None, source=PW, data_date=DATE, usage_based=True),
    ]


def test_dns_firewall_domain_list_and_rule_group_association(price):
    res = price("aws_route53_resolver_firewall_domain_list.bad",
                {"name": "bad", "domains": ["bad.example.", "evil.example.", "worse.example."]},
                unknown={"arn": True, "domains": [False] * 3, "id": True})
    # dns_firewall_domains [98Y35YBR3J64B5FX]: 3 domains x 0.0005
    assert res["after"]["components"] == [fixed("Domains", "domain-months", 0.0005, 3)]

    res = price("aws_route53_resolver_firewall_rule_group_association.vpc",
                {"name": "vpc", "priority": 101, "vpc_id": "vpc-1"},
                unknown={"firewall_rule_group_id": True, "id": True},
                usage=Usage(by_address={
                    "aws_route53_resolver_firewall_rule_group_association.vpc": {
                        "monthly_queries": Decimal(10_000_000)}}))
    # dns_firewall_queries first billion [Q5DQ7VD4Z2YNNA5C]: 10M x 0.0000006
    assert res["after"]["components"] == [
        component("DNS Firewall queries", "queries", quantity=10_000_000,
                  unit_price=0.0000006, monthly_cost=pytest.approx(6), source=PW,
                  data_date=DATE, usage_based=True)]
