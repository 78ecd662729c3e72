"""Site-to-Site VPN connections and Client VPN priced end to end.

Unit prices: pricing_data/aws/vpc/<region>.csv rows named in the comments (aws-price-watcher
VPC feed, SKU in brackets). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import component
from tests.rules.vpc_feed import DATE, PW_VPC, STALE, data, hours

VPN_UNKNOWN = {"arn": True, "customer_gateway_id": True, "enable_acceleration": True,
               "id": True, "routes": True, "transit_gateway_attachment_id": True,
               "tunnel1_address": True, "tunnel2_address": True}


def test_vpn_connection_on_a_virtual_private_gateway(price):
    res = price("aws_vpn_connection.office",
                {"type": "ipsec.1", "static_routes_only": True, "transit_gateway_id": None},
                unknown={**VPN_UNKNOWN, "vpn_gateway_id": True})

    assert res["status"] == "priced"
    assert res["notes"] == [STALE]
    # vpn_connection_hours [EC5BHP9ZANKN9EQD]: 730 x 0.05
    assert res["after"]["components"] == [hours("VPN connection", 0.05)]


def test_vpn_connection_on_a_transit_gateway_adds_the_vpn_attachment(price):
    # The transit gateway is created in the same plan: its id is unknown but set.
    res = price("aws_vpn_connection.office", {"type": "ipsec.1"},
                unknown={**VPN_UNKNOWN, "transit_gateway_id": True},
                usage=Usage(by_address={"aws_vpn_connection.office": {
                    "monthly_data_processed_gb": Decimal(100)}}))

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        hours("VPN connection", 0.05),
        # transit_gateway_attachment_hours attachment=vpn [CUP7BB8T9H2HZPVT]
        hours("Transit gateway VPN attachment", 0.05),
        # transit_gateway_data attachment=vpn [NWMDJWA6SF7Z3MXD]: 100 GB x 0.02
        data(0.02, 100),
    ]


def test_accelerated_vpn_says_global_accelerator_is_not_priced(price):
    res = price("aws_vpn_connection.fast", {"type": "ipsec.1", "enable_acceleration": True,
                                            "transit_gateway_id": "tgw-0abc"})
    assert res["status"] == "partial"
    assert ("not fully priced: the AWS Global Accelerator charge of an accelerated VPN is not "
            "in the price data") in res["notes"]


def test_client_vpn_endpoint_connection_hours_are_usage(price):
    attrs = {"client_cidr_block": "10.100.0.0/16", "session_timeout_hours": 24,
             "split_tunnel": False, "transport_protocol": "udp", "vpn_port": 443,
             "server_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}
    res = price("aws_ec2_client_vpn_endpoint.staff", attrs, unknown={"id": True},
                usage=Usage(by_address={"aws_ec2_client_vpn_endpoint.staff": {
                    "monthly_connection_hours": Decimal(2000)}}))

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        # client_vpn_connection_hours [FBSC9FB2KXJ38ZUZ]: 2000 x 0.05
        component("Client connections", "connection-hours", quantity=2000, unit_price=0.05,
                  monthly_cost=100, source=PW_VPC, data_date=DATE, usage_based=True)]


def test_client_vpn_subnet_association_hours(price):
    res = price("aws_ec2_client_vpn_network_association.a", {},
                unknown={"association_id": True, "client_vpn_endpoint_id": True, "id": True,
                         "subnet_id": True, "vpc_id": True}, region="ap-northeast-1")

    assert res["status"] == "priced"
    # vpc/ap-northeast-1.csv client_vpn_endpoint_hours: 0.15 (us-east-1: 0.10)
    assert res["after"]["components"] == [hours("Client VPN subnet association", 0.15)]
