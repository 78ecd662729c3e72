"""AWS VPN: Site-to-Site VPN connections and Client VPN.

A Site-to-Site VPN connection is billed per connection hour; one that terminates on a transit
gateway is also a transit gateway VPN attachment (attachment hour + GB processed). Client VPN
is billed per subnet association hour (``aws_ec2_client_vpn_network_association``) and per
client connection hour (usage, on the endpoint).
"""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.aws.transit_gateway import attachment_data, attachment_hours
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, hourly, usage

VPN_USAGE = (UsageKey("monthly_data_processed_gb", "GB",
                      "data sent through the transit gateway from this VPN attachment per month "
                      "(transit gateway VPN connections)"),)


@register("aws_vpn_connection", usage=VPN_USAGE)
def aws_vpn_connection(r: Resource) -> list[Component]:
    comps = [hourly("VPN connection", PriceRef("vpc", "vpn_connection_hours"))]
    # enable_acceleration is computed (unknown) when not set: unset means not accelerated.
    if not r.is_unknown("enable_acceleration") and r.flag("enable_acceleration"):
        r.unpriced("the AWS Global Accelerator charge of an accelerated VPN")
    # The transit gateway is often created in the same plan: its id is then unknown, but set.
    if r.is_unknown("transit_gateway_id") or r.string("transit_gateway_id"):
        comps += [attachment_hours("Transit gateway VPN attachment", "vpn"),
                  attachment_data("vpn")]
    return comps


CLIENT_VPN_USAGE = (UsageKey("monthly_connection_hours", "hours",
                             "client connection-hours per month (all clients together)"),)


@register("aws_ec2_client_vpn_endpoint", usage=CLIENT_VPN_USAGE, kind=USAGE_ONLY)
def aws_ec2_client_vpn_endpoint(r: Resource) -> list[Component]:
    return [usage("Client connections", "connection-hours",
                  PriceRef("vpc", "client_vpn_connection_hours"), "monthly_connection_hours")]


@register("aws_ec2_client_vpn_network_association")
def aws_ec2_client_vpn_network_association(r: Resource) -> list[Component]:
    return [hourly("Client VPN subnet association", PriceRef("vpc", "client_vpn_endpoint_hours"))]
