"""VPC: NAT gateways and public IPv4 addresses (Elastic IPs)."""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, hourly, usage

NAT_USAGE = (UsageKey("monthly_data_processed_gb", "GB",
                      "data processed by the NAT gateway per month"),)


@register("aws_nat_gateway", usage=NAT_USAGE)
def aws_nat_gateway(r: Resource) -> list[Component]:
    # Public and private NAT gateways are billed alike: per hour and per GB processed.
    return [
        hourly("NAT gateway", PriceRef("vpc", "nat_gateway_hours")),
        usage("Data processed", "GB", PriceRef("vpc", "nat_gateway_data"),
              "monthly_data_processed_gb"),
    ]


@register("aws_eip")
def aws_eip(r: Resource) -> list[Component]:
    """Since February 2024 every public IPv4 address is charged per hour, in use or idle."""
    # Whether the address ends up attached (to an instance, a NAT gateway...) is often not in
    # the plan; AWS charges the same hourly rate in use or idle, so the in-use price is used.
    return [hourly("Public IPv4 address", PriceRef("vpc", "public_ipv4", {"state": "in_use"}))]
