"""Route 53: hosted zones, records (queries), health checks, traffic policy records, Resolver
endpoints and DNS Firewall.

Hosted zones, queries, health checks and traffic policy records have global prices (region
``global``); Resolver and DNS Firewall prices are regional. Tiers that AWS counts per account
(the first 25 hosted zones, the first billion queries) are applied per resource here.
"""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    Component,
    NoCharge,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    hourly,
    monthly,
    usage,
)

GLOBAL = ("global",)


def _global(product: str, attrs: dict[str, str] | None = None) -> PriceRef:
    return PriceRef("route53", product, attrs or {}, region_fallbacks=GLOBAL)


@register("aws_route53_zone")
def aws_route53_zone(r: Resource) -> list[Component]:
    # Public and private zones cost the same; queries are priced on the records.
    return [monthly("Hosted zone", "zone-months", 1, _global("hosted_zone"), tiered=True)]


# Routing policy block -> (query price, usage key). Weighted, failover and multivalue answer
# records are answered at the standard query price.
_ROUTING = (
    ("latency_routing_policy", "latency", "monthly_latency_based_queries"),
    ("geolocation_routing_policy", "geo", "monthly_geo_queries"),
    ("geoproximity_routing_policy", "geoproximity", "monthly_geoproximity_queries"),
    ("cidr_routing_policy", "ip_based", "monthly_ip_based_queries"),
)
RECORD_USAGE = (
    UsageKey("monthly_standard_queries", "queries",
             "queries per month (simple, weighted, failover, multivalue records)"),
    UsageKey("monthly_latency_based_queries", "queries", "queries per month (latency records)"),
    UsageKey("monthly_geo_queries", "queries", "queries per month (geolocation records)"),
    UsageKey("monthly_geoproximity_queries", "queries",
             "queries per month (geoproximity records)"),
    UsageKey("monthly_ip_based_queries", "queries",
             "queries per month (IP-based / CIDR records)"),
)


@register("aws_route53_record", usage=RECORD_USAGE, kind=USAGE_ONLY)
def aws_route53_record(r: Resource) -> list[Component]:
    if r.blocks("alias"):
        raise NoCharge("queries to alias records that point to AWS resources are free")
    routing, key = "standard", "monthly_standard_queries"
    for block, policy, policy_key in _ROUTING:
        if r.blocks(block):
            routing, key = policy, policy_key
            break
    label = {"standard": "Standard", "latency": "Latency-based", "geo": "Geolocation",
             "geoproximity": "Geoproximity", "ip_based": "IP-based"}[routing]
    queries = usage(f"{label} queries", "queries", _global("queries", {"routing": routing}), key)
    queries.tiered = True
    return [queries]


HEALTH_CHECK_USAGE = (
    UsageKey("endpoint_type", "", "whether the checked endpoint runs on AWS (same account)",
             kind="setting", value_type="str", choices=("aws", "non_aws")),
)
_AWS_CHECKS = ("CALCULATED", "CLOUDWATCH_METRIC")


@register("aws_route53_health_check", usage=HEALTH_CHECK_USAGE)
def aws_route53_health_check(r: Resource) -> list[Component]:
    check_type = r.string("type", required=True)
    if check_type == "RECOVERY_CONTROL":
        raise NotPriceable("recovery-control health checks are billed with Route 53 "
                           "Application Recovery Controller, which is not priced")
    if check_type in _AWS_CHECKS:
        # They watch other health checks or CloudWatch alarms: AWS endpoints, no options.
        return [monthly("Health check (AWS endpoint)", "check-months", 1,
                        _global("health_check", {"endpoint": "aws"}))]
    endpoint = _endpoint(r)
    where = "AWS endpoint" if endpoint == "aws" else "non-AWS endpoint"
    comps = [monthly(f"Health check ({where})", "check-months", 1,
                     _global("health_check", {"endpoint": endpoint}))]
    features = []
    if check_type.startswith("HTTPS"):
        features.append("HTTPS")
    if check_type.endswith("_STR_MATCH"):
        features.append("string matching")
    if r.number("request_interval", 30) == 10:
        features.append("fast interval")
    if r.flag("measure_latency"):
        features.append("latency measurement")
    comps += [monthly(f"Optional feature: {feature}", "feature-months", 1,
                      _global("health_check_feature", {"endpoint": endpoint}))
              for feature in features]
    return comps


def _endpoint(r: Resource) -> str:
    """aws when the usage file says so or the check targets an AWS resource of this plan."""
    said = r.usage.string("endpoint_type")
    if said in ("aws", "non_aws"):
        return said
    if r.references.get("fqdn") or r.references.get("ip_address"):
        return "aws"
    r.note("health check endpoint assumed outside AWS (non-AWS price); set endpoint_type: aws "
           "in the usage file for an AWS endpoint")
    return "non_aws"


@register("aws_route53_traffic_policy_instance")
def aws_route53_traffic_policy_instance(r: Resource) -> list[Component]:
    return [monthly("Traffic policy record", "record-months", 1, _global("traffic_policy_record"))]


RESOLVER_USAGE = (UsageKey("monthly_queries", "queries",
                           "DNS queries through the endpoint per month"),)


@register("aws_route53_resolver_endpoint", usage=RESOLVER_USAGE)
def aws_route53_resolver_endpoint(r: Resource) -> list[Component]:
    # Inbound and outbound endpoints alike: per IP address (elastic network interface) hour.
    addresses = len(r.blocks("ip_address"))
    if addresses == 0:
        raise NotPriceable("no ip_address blocks: a Resolver endpoint is billed per IP address")
    queries = usage("DNS queries", "queries", PriceRef("route53", "resolver_queries"),
                    "monthly_queries")
    queries.tiered = True
    return [hourly("Resolver endpoint IP addresses", PriceRef("route53", "resolver_endpoint"),
                   addresses), queries]


@register("aws_route53_resolver_firewall_domain_list")
def aws_route53_resolver_firewall_domain_list(r: Resource) -> list[Component]:
    return [monthly("Domains", "domain-months", r.length("domains"),
                    PriceRef("route53", "dns_firewall_domains"))]


FIREWALL_USAGE = (UsageKey("monthly_queries", "queries",
                           "DNS queries the firewall rule group inspects per month"),)


@register("aws_route53_resolver_firewall_rule_group_association", usage=FIREWALL_USAGE,
          kind=USAGE_ONLY)
def aws_route53_resolver_firewall_rule_group_association(r: Resource) -> list[Component]:
    queries = usage("DNS Firewall queries", "queries",
                    PriceRef("route53", "dns_firewall_queries"), "monthly_queries")
    queries.tiered = True
    return [queries]
