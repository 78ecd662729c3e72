"""Transit Gateway attachments (and Direct Connect gateway associations) priced end to end.

Unit prices: pricing_data/aws/vpc/<region>.csv rows named in the comments (aws-price-watcher
VPC feed, SKU in brackets). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.vpc_feed import STALE, data, hours


def test_tgw_vpc_attachment_hours_and_data_processed(price):
    attrs = {"appliance_mode_support": "disable", "dns_support": "enable",
             "ipv6_support": "disable", "subnet_ids": ["subnet-0a", "subnet-0b"]}
    res = price("aws_ec2_transit_gateway_vpc_attachment.app", attrs,
                unknown={"id": True, "transit_gateway_id": True, "vpc_id": True},
                usage=Usage(by_address={"aws_ec2_transit_gateway_vpc_attachment.app": {
                    "monthly_data_processed_gb": Decimal(500)}}))

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    assert res["after"]["components"] == [
        # transit_gateway_attachment_hours attachment=vpc [9N2FHGMMCZBKDCGH]: 730 x 0.05
        hours("Transit gateway VPC attachment", 0.05),
        # transit_gateway_data attachment=vpc [7W9NVPG8YS74A6WC]: 500 GB x 0.02
        data(0.02, 500),
    ]
    assert res["monthly_delta"] == pytest.approx(36.5 + 10)


def test_tgw_vpc_attachment_in_ap_northeast_1(price):
    res = price("aws_ec2_transit_gateway_vpc_attachment.app", {"subnet_ids": ["subnet-0a"]},
                region="ap-northeast-1")
    # vpc/ap-northeast-1.csv transit_gateway_attachment_hours attachment=vpc: 0.07
    assert res["after"]["components"] == [hours("Transit gateway VPC attachment", 0.07),
                                          data(0.02)]


@pytest.mark.parametrize(("resource_type", "name", "attrs"), [
    ("aws_ec2_transit_gateway_peering_attachment", "Transit gateway peering attachment",
     {"peer_region": "eu-west-1", "peer_transit_gateway_id": "tgw-0peer"}),
    ("aws_ec2_transit_gateway_connect", "Transit gateway Connect attachment",
     {"protocol": "gre"}),
])
def test_peering_and_connect_attachments_are_hours_only(price, resource_type, name, attrs):
    res = price(f"{resource_type}.x", attrs, unknown={"id": True, "transit_gateway_id": True})

    assert res["status"] == "priced"
    # transit_gateway_attachment_hours attachment=peering [PGNDUBPKV98PF5TB] / connect
    # [BJ5T77AX98TZRG6J]: both 0.05 in us-east-1
    assert res["after"]["components"] == [hours(name, 0.05)]


def test_transit_gateway_itself_is_free(price):
    res = price("aws_ec2_transit_gateway.hub", {"amazon_side_asn": 64512,
                                                "description": "hub"})
    assert res["status"] == "free"


def test_direct_connect_gateway_association_with_a_transit_gateway(price):
    res = price("aws_dx_gateway_association.tgw", {"dx_gateway_id": "dxgw-1"},
                unknown={"associated_gateway_id": True, "id": True},
                references={"associated_gateway_id": ["aws_ec2_transit_gateway.hub"]},
                others={"aws_ec2_transit_gateway.hub": {"description": "hub"}})

    assert res["status"] == "priced"
    # transit_gateway_attachment_hours / transit_gateway_data attachment=direct_connect
    assert res["after"]["components"] == [
        hours("Transit gateway Direct Connect attachment", 0.05), data(0.02)]


def test_direct_connect_gateway_association_with_a_vpn_gateway_is_free(price):
    res = price("aws_dx_gateway_association.vgw",
                {"dx_gateway_id": "dxgw-1", "associated_gateway_id": "vgw-0abc"})
    assert res["status"] == "free"

