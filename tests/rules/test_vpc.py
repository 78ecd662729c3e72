"""aws_nat_gateway and aws_eip priced end to end against the shipped price table.

Unit prices: read from the pricing_data/aws/vpc/<region>.csv row named in the comment
(product, attributes [source id, sku]). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

import pytest

from tests.rules.conftest import component

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
VPC_FEED = "ec2vps-rates-json-01472877"  # data_date 2026-09-03

NAT_UNKNOWN = {"allocation_id": True, "id": True, "network_interface_id": True,
               "private_ip": True, "public_ip": True, "subnet_id": True,
               "secondary_private_ip_addresses": True}


@pytest.mark.parametrize("connectivity_type", ["public", "private"])
def test_nat_gateway_hours_plus_usage_based_data_processing(price, connectivity_type):
    # Public and private NAT gateways are billed alike.
    res = price("aws_nat_gateway.main",
                {"connectivity_type": connectivity_type, "tags": {"Name": "main"}},
                unknown=NAT_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 32.85,  # the hours only: data processed has no usage estimate
        "components": [
            component(
                "NAT gateway", "hours",
                quantity=730,
                unit_price=0.045,  # vpc/us-east-1.csv nat_gateway_hours [togen, M2YSHUBETB3JX4M4]
                monthly_cost=32.85,  # 730 * 0.045
                source=TOGEN, data_date="2026-09-06",
            ),
            component(
                "Data processed", "GB",
                quantity=None,
                unit_price=0.045,  # vpc/us-east-1.csv nat_gateway_data [ec2vps-rates-json-...]
                monthly_cost=None,
                source=VPC_FEED, data_date="2026-09-03", usage_based=True,
            ),
        ],
    }
    assert res["monthly_delta"] == 32.85


def test_nat_gateway_in_eu_west_2(price):
    res = price("aws_nat_gateway.main", {"connectivity_type": "public", "tags": None},
                unknown=NAT_UNKNOWN, region="eu-west-2")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 36.5,
        "components": [
            component("NAT gateway", "hours", quantity=730,
                      # vpc/eu-west-2.csv nat_gateway_hours [togen, D8BXG95NJW6MV3B3]
                      unit_price=0.05,
                      monthly_cost=36.5,  # 730 * 0.05
                      source=TOGEN, data_date="2026-09-06"),
            component("Data processed", "GB", quantity=None,
                      unit_price=0.05,  # vpc/eu-west-2.csv nat_gateway_data [ec2vps-rates-json-...]
                      monthly_cost=None, source=VPC_FEED, data_date="2026-09-03",
                      usage_based=True),
        ],
    }


def test_nat_gateway_in_a_region_without_shipped_prices_is_unsupported_with_notes(price):
    # eusc-de-east-1 is a real AWS region (botocore's list) with no shipped prices at all
    res = price("aws_nat_gateway.main", {"connectivity_type": "public", "tags": None},
                unknown=NAT_UNKNOWN, region="eusc-de-east-1")

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["monthly_delta"] is None
    assert res["notes"] == [
        "Data processed: no price in the data for eusc-de-east-1, not shown",
        "no prices shipped for eusc-de-east-1; run `cost-gate pricing update --region "
        "eusc-de-east-1`",
    ]
    # mx-central-1 has shipped prices for other services, but none for NAT gateways
    res = price("aws_nat_gateway.main", {"connectivity_type": "public", "tags": None},
                unknown=NAT_UNKNOWN, region="mx-central-1")
    assert res["status"] == "unsupported" and res["monthly_delta"] is None
    assert "no price in the data for: NAT gateway in mx-central-1" in res["notes"]


EIP_HOURS = {
    "monthly_cost": 3.65,
    "components": [
        component(
            "Public IPv4 address", "hours",
            quantity=730,
            # vpc/us-east-1.csv public_ipv4 state=in_use [ec2vps-rates-json-01472877]; the
            # state=idle row has the same 0.005: every public IPv4 is charged since Feb 2024
            unit_price=0.005,
            monthly_cost=3.65,  # 730 * 0.005
            source=VPC_FEED, data_date="2026-09-03",
        ),
    ],
}


def test_eip_attached_to_an_instance(price):
    res = price("aws_eip.web", {"domain": "vpc", "instance": None, "tags": None},
                unknown={"allocation_id": True, "id": True, "public_ip": True,
                         "instance": True, "network_interface": True},
                references={"instance": ["aws_instance.web"]})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == EIP_HOURS


def test_idle_eip_costs_the_same_hourly_rate(price):
    res = price("aws_eip.spare", {"domain": "vpc", "tags": {"Name": "spare"}},
                unknown={"allocation_id": True, "id": True, "public_ip": True})

    assert res["status"] == "priced"
    assert res["after"] == EIP_HOURS
