"""Transit Gateway: billed per attachment hour plus per GB processed by VPC, VPN and Direct
Connect attachments. The transit gateway itself, its route tables, associations and
propagations have no charge (free list). Peering and Connect attachments have no
data-processing charge of their own: peering traffic is billed as inter-region data transfer,
Connect traffic on its transport (VPC or Direct Connect) attachment.
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    NoCharge,
    PriceRef,
    Resource,
    UsageKey,
    hourly,
    usage,
)

TGW_DATA_USAGE = (UsageKey("monthly_data_processed_gb", "GB",
                           "data sent through the transit gateway from this attachment per month"),)


def attachment_hours(label: str, attachment: str) -> Component:
    return hourly(label, PriceRef("vpc", "transit_gateway_attachment_hours",
                                  {"attachment": attachment}))


def attachment_data(attachment: str) -> Component:
    return usage("Data processed", "GB",
                 PriceRef("vpc", "transit_gateway_data", {"attachment": attachment}),
                 "monthly_data_processed_gb")


@register("aws_ec2_transit_gateway_vpc_attachment", usage=TGW_DATA_USAGE)
def aws_ec2_transit_gateway_vpc_attachment(r: Resource) -> list[Component]:
    return [attachment_hours("Transit gateway VPC attachment", "vpc"), attachment_data("vpc")]


@register("aws_ec2_transit_gateway_peering_attachment")
def aws_ec2_transit_gateway_peering_attachment(r: Resource) -> list[Component]:
    return [attachment_hours("Transit gateway peering attachment", "peering")]


@register("aws_ec2_transit_gateway_connect")
def aws_ec2_transit_gateway_connect(r: Resource) -> list[Component]:
    return [attachment_hours("Transit gateway Connect attachment", "connect")]


@register("aws_dx_gateway_association", usage=TGW_DATA_USAGE)
def aws_dx_gateway_association(r: Resource) -> list[Component]:
    """A Direct Connect gateway associated with a transit gateway is a transit gateway Direct
    Connect attachment; with a virtual private gateway it has no charge of its own."""
    target = r.referenced("associated_gateway_id")
    if target is not None:
        transit = target.type == "aws_ec2_transit_gateway"
    else:
        transit = r.string("associated_gateway_id", required=True).startswith("tgw-")
    if not transit:
        raise NoCharge("a Direct Connect gateway association with a virtual private gateway "
                       "has no charge of its own")
    return [attachment_hours("Transit gateway Direct Connect attachment", "direct_connect"),
            attachment_data("direct_connect")]
