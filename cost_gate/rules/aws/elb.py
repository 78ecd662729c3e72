"""Elastic Load Balancing: aws_lb / aws_alb (application, network, gateway) and aws_elb.

Capacity units are billed per hour for the busiest of their dimensions. From the Infracost
usage keys (hourly averages): an application LCU is 25 new connections per second, 3,000
active connections per minute, 1 GB processed per hour or 1,000 rule evaluations per second; a
network LCU 800 new flows per second, 100,000 active flows or 1 GB per hour; a gateway LCU 600
new flows per second, 60,000 active flows or 1 GB per hour. Rule evaluations count for
application load balancers only (the 10 free rules per request are not deducted). cost-gate's
own ``capacity_units_per_hour`` (average LCUs) is still read and wins when set.

Since February 2024 AWS bills every public IPv4 address per hour, including those of
internet-facing load balancers: an application or classic LB holds at least one per
Availability Zone (subnet) it is in, more while it scales out; a network LB exactly one per
subnet, unless a subnet mapping attaches an Elastic IP (then billed on that ``aws_eip``).
Internal LBs, gateway LBs, ALBs of ``ip_address_type = "dualstack-without-public-ipv4"`` and
addresses from an IPAM pool (BYOIP) have no such charge.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    UsageKey,
    hourly,
    usage,
)

_CAPACITY_UNIT = {"application": "LCU-hours", "network": "NLCU-hours", "gateway": "GLCU-hours"}
# Per LB type: how much of each usage dimension makes one capacity unit.
_PER_CAPACITY_UNIT = {
    "application": {"new_connections": 25, "active_connections": 3000,
                    "processed_bytes_gb": 1, "rule_evaluations": 1000},
    "network": {"new_connections": 800, "active_connections": 100000, "processed_bytes_gb": 1},
    "gateway": {"new_connections": 600, "active_connections": 60000, "processed_bytes_gb": 1},
}
AZ_USAGE = UsageKey(
    "availability_zones", "AZs",
    "Availability Zones (subnets) of an internet-facing load balancer, read when its subnets "
    "are known only after apply (one public IPv4 address each)", kind="setting")
# The fewest Availability Zones each kind of LB can be created in: the count priced (with a
# note) when the subnets are known only after apply and the usage file does not say.
_MIN_ZONES = {"application": 2, "network": 1, "classic": 1}
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
    AZ_USAGE,
)
ELB_USAGE = (UsageKey("monthly_data_processed_gb", "GB",
                      "data processed by the classic load balancer per month"), AZ_USAGE)


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
        *public_ipv4(r, lb_type),
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
        *public_ipv4(r, "classic"),
    ]


def public_ipv4(r: Resource, lb_type: str) -> list[Component]:
    """The public IPv4 addresses of an internet-facing LB, one per Availability Zone."""
    if lb_type not in _MIN_ZONES or _setting(r, "internal", r.flag):
        return []
    if lb_type == "application" and (
            _setting(r, "ip_address_type", r.string) == "dualstack-without-public-ipv4"):
        return []
    if r.blocks("ipam_pools"):
        r.note("public IPv4 addresses come from an IPAM pool (BYOIP): no public IPv4 charge "
               "priced")
        return []
    zones = _zones(r, lb_type)
    if not zones:
        return []
    label = "address" if zones == 1 else "addresses"
    extra = " (at least; more while it scales out)" if lb_type != "network" else ""
    return [hourly(f"Public IPv4 {label} ({zones:,f} AZ{'' if zones == 1 else 's'}){extra}",
                   PriceRef("vpc", "public_ipv4", {"state": "in_use"}), zones)]


def _setting(r: Resource, path: str, read):
    """An attribute the provider computes when the configuration leaves it out (unknown in
    a plan, the AWS default then: internet-facing, IPv4): None when so; read with ``read``
    otherwise (raising when the configuration sets it to a value known only after apply)."""
    if r.is_unknown(path) and not r.set_in_config(path):
        return None
    return read(path)


def _zones(r: Resource, lb_type: str) -> Decimal:
    """Availability Zones with an Amazon-provided public address: the subnets (or, for a
    classic LB, its availability_zones); subnet mappings with an Elastic IP are left out."""
    mappings = "subnet_mapping"
    if not r.is_unknown(mappings) and r.blocks(mappings):
        return Decimal(sum(
            1 for i, m in enumerate(r.blocks(mappings))
            if not (m.get("allocation_id") or r.is_unknown(f"{mappings}.{i}.allocation_id"))))
    paths = ("subnets", "availability_zones") if lb_type == "classic" else ("subnets",)
    unknown = False
    for path in paths:
        try:
            count = r.length(path)
        except MissingAttribute:
            unknown = True
            continue
        if count:
            return Decimal(count)
    if not unknown and not r.is_unknown(mappings):
        return Decimal(0)  # no subnets given at all: the provider rejects such an LB
    zones = r.usage.number("availability_zones")
    if zones is not None and zones >= 1:
        return zones.to_integral_value()
    least = _MIN_ZONES[lb_type]
    r.note(f"subnets known only after apply: public IPv4 priced for {least} Availability "
           f"Zone{'' if least == 1 else 's'}, the fewest a{'n' if lb_type == 'application' else ''}"
           f" {lb_type} load balancer can have; set availability_zones in the usage file")
    return Decimal(least)
