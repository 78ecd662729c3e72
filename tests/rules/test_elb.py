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


def lb_costs(label: str, hourly: float, hours_cost: float, capacity_unit: str,
             capacity_price: float) -> dict[str, Any]:
    return {
        "monthly_cost": hours_cost,  # the hours only: capacity units have no usage estimate
        "components": [
            component(f"{label} load balancer", "hours", quantity=730, unit_price=hourly,
                      monthly_cost=hours_cost, source=ELB_SLICE, data_date="2026-08-31"),
            component("Load balancer capacity units", capacity_unit, quantity=None,
                      unit_price=capacity_price, monthly_cost=None, source=ELB_SLICE,
                      data_date="2026-08-31", usage_based=True),
        ],
    }


APPLICATION = lb_costs(
    "Application",
    0.0225,  # lb_hours lb_type=application [37CUWUT8GSNQEPUV]
    16.425,  # 730 * 0.0225
    "LCU-hours",
    0.008,  # capacity_units lb_type=application [P2XGEJ8N3KU52WA8]
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
        )),
        ("gateway", lb_costs(
            "Gateway",
            0.0125,  # lb_hours lb_type=gateway [4XCKHVEY2F7FVHE3]
            9.125,  # 730 * 0.0125
            "GLCU-hours",
            0.004,  # capacity_units lb_type=gateway [EBFBY6XVZMVA2MJP]
        )),
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
        "monthly_cost": 18.25,
        "components": [
            component("Classic load balancer", "hours", quantity=730,
                      unit_price=0.025,  # lb_hours lb_type=classic [6XT9C7FFNQ3T39YK]
                      monthly_cost=18.25,  # 730 * 0.025
                      source=ELB_SLICE, data_date="2026-08-31"),
            component("Data processed", "GB", quantity=None,
                      unit_price=0.008,  # classic_data [NZE73RYFQ8ZCZ553]
                      monthly_cost=None, source=ELB_SLICE, data_date="2026-08-31",
                      usage_based=True),
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
        assert [c["unit_price"] > 0 for c in res["after"]["components"]] == [True, True]
    res = price("aws_elb.x", {"name": "legacy", "listener": []}, region=region)
    assert res["status"] == "priced", (region, res["notes"])
    assert len(res["after"]["components"]) == 2
