"""aws_lb / aws_alb (application, network, gateway) and aws_elb priced end to end.

Unit prices: read from the pricing_data/aws/elb/us-east-1.csv row named in the comment
(product, attributes [sku]; source togen-awselb-us-east-1-offer-slice, 2026-08-31).
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.conftest import component

ELB_SLICE = "togen-awselb-us-east-1-offer-slice"  # data_date 2026-08-31
VPC_FEED = "ec2vps-rates-json-01472877"  # data_date 2026-09-03

LB_UNKNOWN = {"arn": True, "arn_suffix": True, "dns_name": True, "id": True, "vpc_id": True,
              "zone_id": True, "subnet_mapping": True}


def lb(load_balancer_type: str | None) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "name": "web", "internal": False, "subnets": ["subnet-0123", "subnet-4567"],
        "enable_deletion_protection": False, "idle_timeout": 60, "tags": {"team": "web"},
    }
    if load_balancer_type is not None:
        attrs["load_balancer_type"] = load_balancer_type
    return attrs


def public_ipv4(name: str, zones: int) -> dict[str, Any]:
    """One public IPv4 address per AZ all month: vpc/us-east-1.csv public_ipv4 state=in_use
    (0.005/hour, ec2vps-rates-json-01472877, 2026-09-03)."""
    return component(name, "hours", quantity=730 * zones, unit_price=0.005,
                     monthly_cost=round(730 * zones * 0.005, 6), source=VPC_FEED,
                     data_date="2026-09-03")


ALB_IPV4 = "Public IPv4 addresses (2 AZs) (at least; more while it scales out)"


def lb_costs(label: str, hourly: float, hours_cost: float, capacity_unit: str,
             capacity_price: float, ipv4: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        # the hours (and public addresses) only: capacity units have no usage estimate
        "monthly_cost": round(hours_cost + (ipv4["monthly_cost"] if ipv4 else 0), 6),
        "components": [
            component(f"{label} load balancer", "hours", quantity=730, unit_price=hourly,
                      monthly_cost=hours_cost, source=ELB_SLICE, data_date="2026-08-31"),
            component("Load balancer capacity units", capacity_unit, quantity=None,
                      unit_price=capacity_price, monthly_cost=None, source=ELB_SLICE,
                      data_date="2026-08-31", usage_based=True),
            *([ipv4] if ipv4 else []),
        ],
    }


APPLICATION = lb_costs(
    "Application",
    0.0225,  # lb_hours lb_type=application [37CUWUT8GSNQEPUV]
    16.425,  # 730 * 0.0225
    "LCU-hours",
    0.008,  # capacity_units lb_type=application [P2XGEJ8N3KU52WA8]
    public_ipv4(ALB_IPV4, 2),  # internet-facing in two subnets: 1460 * 0.005 = 7.30
)


@pytest.mark.parametrize(
    ("load_balancer_type", "expected"),
    [
        ("application", APPLICATION),
        ("network", lb_costs(
            "Network",
            0.0225,  # lb_hours lb_type=network [YKBGGP5EBGDU9T5W]
            16.425,  # 730 * 0.0225
            "NLCU-hours",
            0.006,  # capacity_units lb_type=network [XZ2DR556MD28P9WJ]
            public_ipv4("Public IPv4 addresses (2 AZs)", 2),  # one per subnet
        )),
        ("gateway", lb_costs(
            "Gateway",
            0.0125,  # lb_hours lb_type=gateway [4XCKHVEY2F7FVHE3]
            9.125,  # 730 * 0.0125
            "GLCU-hours",
            0.004,  # capacity_units lb_type=gateway [EBFBY6XVZMVA2MJP]
        )),  # a gateway LB has no public addresses
    ],
)
def test_aws_lb_by_type(price, load_balancer_type, expected):
    res = price("aws_lb.web", lb(load_balancer_type), unknown=LB_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == expected
    assert res["monthly_delta"] == expected["monthly_cost"]


def test_aws_alb_is_an_application_load_balancer(price):
    res = price("aws_alb.web", lb("application"), unknown=LB_UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"] == APPLICATION


def test_aws_lb_without_a_type_defaults_to_application(price):
    res = price("aws_lb.web", lb(None), unknown=LB_UNKNOWN)

    assert res["after"] == APPLICATION


def test_classic_elb_hours_plus_usage_based_data(price):
    listener = {"instance_port": 8080, "instance_protocol": "http", "lb_port": 80,
                "lb_protocol": "http", "ssl_certificate_id": ""}
    attrs = {"name": "legacy", "availability_zones": ["us-east-1a"],
             "cross_zone_load_balancing": True, "idle_timeout": 60, "listener": [listener],
             "tags": None}
    res = price("aws_elb.legacy", attrs,
                unknown={"arn": True, "dns_name": True, "id": True, "instances": True,
                         "zone_id": True})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 21.9,  # 18.25 + 3.65
        "components": [
            component("Classic load balancer", "hours", quantity=730,
                      unit_price=0.025,  # lb_hours lb_type=classic [6XT9C7FFNQ3T39YK]
                      monthly_cost=18.25,  # 730 * 0.025
                      source=ELB_SLICE, data_date="2026-08-31"),
            component("Data processed", "GB", quantity=None,
                      unit_price=0.008,  # classic_data [NZE73RYFQ8ZCZ553]
                      monthly_cost=None, source=ELB_SLICE, data_date="2026-08-31",
                      usage_based=True),
            # internet-facing (internal unset) in one AZ: 730 * 0.005
            public_ipv4("Public IPv4 address (1 AZ) (at least; more while it scales out)", 1),
        ],
    }


def _regions(service: str) -> list[str]:
    from cost_gate.pricing.store import shipped_dir

    return sorted(p.stem for p in (shipped_dir() / "aws" / service).glob("*.csv")
                  if p.stem != "global")


@pytest.mark.parametrize("region", _regions("elb"))
def test_every_load_balancer_type_is_priced_in_every_region(price, region):
    """Hours and capacity units of application/network/gateway LBs, hours and data of classic
    LBs: all in the data for every region the table has."""
    for lb_type in ("application", "network", "gateway"):
        res = price("aws_lb.x", lb(lb_type), unknown=LB_UNKNOWN, region=region)
        assert res["status"] == "priced", (region, lb_type, res["notes"])
        ipv4 = lb_type != "gateway"  # internet-facing: public IPv4 addresses too
        assert [c["unit_price"] > 0 for c in res["after"]["components"]] == [True] * (2 + ipv4)
    res = price("aws_elb.x", {"name": "legacy", "listener": [], "subnets": ["subnet-1"]},
                region=region)
    assert res["status"] == "priced", (region, res["notes"])
    assert len(res["after"]["components"]) == 3


def _ipv4(res: dict[str, Any]) -> list[tuple[str, float]]:
    return [(c["name"], c["monthly_quantity"]) for c in res["after"]["components"]
            if c["name"].startswith("Public IPv4")]


@pytest.mark.parametrize(("attrs", "why"), [
    ({"internal": True}, "internal"),
    ({"ip_address_type": "dualstack-without-public-ipv4"}, "IPv6-only front end"),
])
def test_internal_or_ipv6_only_alb_has_no_public_ipv4_charge(price, attrs, why):
    res = price("aws_lb.web", {**lb("application"), **attrs}, unknown=LB_UNKNOWN)

    assert res["status"] == "priced", why
    assert _ipv4(res) == []


def test_nlb_subnet_mappings_with_elastic_ips_are_billed_on_the_eips(price):
    attrs = {**lb("network"), "subnets": None, "subnet_mapping": [
        {"subnet_id": "subnet-a", "allocation_id": None},
        {"subnet_id": "subnet-b", "allocation_id": None},
        {"subnet_id": "subnet-c", "allocation_id": "eipalloc-0abc"}]}
    # subnet-b's allocation_id refers to an aws_eip created in the same plan
    unknown = {"arn": True, "id": True, "subnets": True,
               "subnet_mapping": [{}, {"allocation_id": True}, {}]}
    res = price("aws_lb.nlb", attrs, unknown=unknown)

    assert res["status"] == "priced"
    assert _ipv4(res) == [("Public IPv4 address (1 AZ)", 730)]


def test_subnets_known_after_apply_price_the_fewest_zones_with_a_note(price):
    attrs = {**lb("application"), "subnets": None}
    res = price("aws_lb.web", attrs, unknown={**LB_UNKNOWN, "subnets": True})

    assert res["status"] == "priced"
    assert _ipv4(res) == [(ALB_IPV4, 1460)]
    assert res["notes"] == [
        "subnets known only after apply: public IPv4 priced for 2 Availability Zones, the "
        "fewest an application load balancer can have; set availability_zones in the usage "
        "file"]


def test_usage_file_sets_the_zones_when_subnets_are_known_after_apply(price):
    from decimal import Decimal

    from cost_gate.usage import Usage

    attrs = {**lb("network"), "subnets": None}
    res = price("aws_lb.web", attrs, unknown={**LB_UNKNOWN, "subnets": True},
                usage=Usage(by_address={"aws_lb.web": {"availability_zones": Decimal(3)}}))

    assert res["notes"] == []
    assert _ipv4(res) == [("Public IPv4 addresses (3 AZs)", 2190)]
