"""Elastic Load Balancing: aws_lb / aws_alb (application, network, gateway) and aws_elb."""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import Component, PriceRef, Resource, hourly, usage

_CAPACITY_UNIT = {"application": "LCU-hours", "network": "NLCU-hours", "gateway": "GLCU-hours"}


@register("aws_lb", "aws_alb")
def aws_lb(r: Resource) -> list[Component]:
    lb_type = r.get("load_balancer_type", "application")
    label = lb_type.capitalize()
    return [
        hourly(f"{label} load balancer", PriceRef("elb", "lb_hours", {"lb_type": lb_type})),
        usage("Load balancer capacity units", _CAPACITY_UNIT.get(lb_type, "LCU-hours"),
              PriceRef("elb", "capacity_units", {"lb_type": lb_type}),
              "capacity_units_per_hour", per_hour=True),
    ]


@register("aws_elb")
def aws_elb(r: Resource) -> list[Component]:
    return [
        hourly("Classic load balancer", PriceRef("elb", "lb_hours", {"lb_type": "classic"})),
        usage("Data processed", "GB", PriceRef("elb", "classic_data"),
              "monthly_data_processed_gb"),
    ]
