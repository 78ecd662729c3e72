"""Elastic Load Balancing: aws_lb / aws_alb (application, network, gateway) and aws_elb.

Capacity units are billed per hour for the busiest of their dimensions. From the Infracost
usage keys (hourly averages): an application LCU is 25 new connections per second, 3,000
active connections per minute, 1 GB processed per hour or 1,000 rule evaluations per second; a
network LCU 800 new flows per second, 100,000 active flows or 1 GB per hour; a gateway LCU 600
new flows per second, 60,000 active flows or 1 GB per hour. Rule evaluations count for
application load balancers only (the 10 free rules per request are not deducted). cost-gate's
own ``capacity_units_per_hour`` (average LCUs) is still read and wins when set.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, hourly, usage

_CAPACITY_UNIT = {"application": "LCU-hours", "network": "NLCU-hours", "gateway": "GLCU-hours"}
# Per LB type: how much of each usage dimension makes one capacity unit.
_PER_CAPACITY_UNIT = {
    "application": {"new_connections": 25, "active_connections": 3000,
                    "processed_bytes_gb": 1, "rule_evaluations": 1000},
    "network": {"new_connections": 800, "active_connections": 100000, "processed_bytes_gb": 1},
    "gateway": {"new_connections": 600, "active_connections": 60000, "processed_bytes_gb": 1},
}
LB_USAGE = (
    UsageKey("new_connections", "connections/second",
             "new connections (flows) per second, hourly average"),
    UsageKey("active_connections", "connections/minute",
             "active connections (flows) per minute, hourly average"),
    UsageKey("processed_bytes_gb", "GB/hour", "data processed per hour, average"),
    UsageKey("rule_evaluations", "evaluations/second",
             "listener rule evaluations per second (application load balancers)"),
    UsageKey("capacity_units_per_hour", "capacity units", "average capacity units per hour",
             legacy=True),
)
ELB_USAGE = (UsageKey("monthly_data_processed_gb", "GB",
                      "data processed by the classic load balancer per month"),)


@register("aws_lb", "aws_alb", usage=LB_USAGE)
def aws_lb(r: Resource) -> list[Component]:
    lb_type = r.string("load_balancer_type", "application")
    label = lb_type.capitalize()
    capacity = usage("Load balancer capacity units", _CAPACITY_UNIT.get(lb_type, "LCU-hours"),
                     PriceRef("elb", "capacity_units", {"lb_type": lb_type}),
                     "capacity_units_per_hour", per_hour=True)
    units = _capacity_units(r, lb_type)
    if units is not None:
        capacity.quantity = units * HOURS_PER_MONTH
    return [
        hourly(f"{label} load balancer", PriceRef("elb", "lb_hours", {"lb_type": lb_type})),
        capacity,
    ]


def _capacity_units(r: Resource, lb_type: str) -> Decimal | None:
    """Average capacity units per hour: the legacy key, else the busiest Infracost dimension."""
    legacy = r.usage.number("capacity_units_per_hour")
    if legacy is not None:
        return legacy
    per_unit = _PER_CAPACITY_UNIT.get(lb_type, {})
    units = [value / per for key, per in per_unit.items()
             if (value := r.usage.number(key)) is not None]
    return max(units) if units else None


@register("aws_elb", usage=ELB_USAGE)
def aws_elb(r: Resource) -> list[Component]:
    return [
        hourly("Classic load balancer", PriceRef("elb", "lb_hours", {"lb_type": "classic"})),
        usage("Data processed", "GB", PriceRef("elb", "classic_data"),
              "monthly_data_processed_gb"),
    ]
