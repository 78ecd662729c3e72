"""Auto Scaling groups: desired capacity x what the launch template/configuration launches.

The template (at the version the group uses) or launch configuration gives the instance type,
tenancy, detailed monitoring (launch configurations turn it on by default), CPU credit mode,
EBS optimization and block devices (see :mod:`.launch`). With a ``mixed_instances_policy``, the
first override's instance type is priced (On-Demand capacity is launched in override priority
order) and ``instances_distribution`` splits the group into On-Demand and Spot instances; Spot
prices are not in the data, so a group with Spot capacity is partial.

Usage keys: ``instances`` (the average number of instances, instead of the desired capacity),
and the instance keys of :mod:`.ec2` (operating system, CPU credits, reserved rates).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from cost_gate.rules import register
from cost_gate.rules.aws.ec2 import (
    DEDICATED_FEE_NOTE,
    INSTANCE_USAGE,
    NO_SPOT_PRICES,
    instance_components,
    launch_extras,
    spec_volumes,
    spot_hours,
)
from cost_gate.rules.aws.launch import (
    LaunchSpec,
    referenced_source,
    require_instance_type,
    source_spec,
)
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    NotPriceable,
    Resource,
    UsageKey,
)

INSTANCES_USAGE = UsageKey("instances", "instances",
                           "average number of instances running (instead of the desired count)",
                           kind="setting")
MIXED = "mixed_instances_policy.0"
MIXED_SPEC = f"{MIXED}.launch_template.0.launch_template_specification.0"
MIXED_REF = "mixed_instances_policy.launch_template.launch_template_specification"
SOURCE_PATHS = (
    ("launch_template.id", "launch_template.0.version"),
    ("launch_template.name", "launch_template.0.version"),
    (f"{MIXED_REF}.launch_template_id", f"{MIXED_SPEC}.version"),
    (f"{MIXED_REF}.launch_template_name", f"{MIXED_SPEC}.version"),
)


def template_volumes(template: Resource, count: Decimal) -> list[Component]:
    """EBS volumes declared in a launch template's block_device_mappings, per instance."""
    from cost_gate.rules.aws.launch import template_spec

    return spec_volumes(template_spec(template), count)


def _desired(r: Resource) -> Decimal:
    """desired_capacity; AWS starts a group at min_size when it is unset (or not yet known)."""
    desired = r.get("desired_capacity")
    if desired is not None and not r.is_unknown("desired_capacity"):
        return r.number("desired_capacity", required=True)  # type: ignore[return-value]
    if r.is_unknown("min_size"):
        raise MissingAttribute("min_size")
    minimum = r.number("min_size", integer=True)
    if minimum is None:
        raise MissingAttribute("desired_capacity", "not set")
    if r.is_unknown("desired_capacity"):
        r.note("desired_capacity not known until apply; priced at min_size")
    else:
        r.note("desired_capacity not set; priced at min_size")
    return minimum


def mixed_instance_type(r: Resource, spec: LaunchSpec) -> str:
    """The instance type priced for a mixed instances policy: the first override's."""
    overrides = [o for o in r.blocks(f"{MIXED}.launch_template.0.override")
                 if isinstance(o.get("instance_type"), str) and o.get("instance_type")]
    if not overrides:
        if r.get(f"{MIXED}.launch_template.0.override"):
            r.note("mixed instances policy: overrides by instance requirements are not "
                   "resolved; the template's instance type is priced")
        return require_instance_type(spec)
    chosen = overrides[0]["instance_type"]
    others = [o["instance_type"] for o in overrides[1:]]
    rest = f"; other overrides: {', '.join(others)}" if others else ""
    r.note(f"mixed instances policy: priced as {chosen} (the first override, launched first "
           f"for On-Demand capacity){rest}")
    return chosen


def weighted_instances(r: Resource, capacity: Decimal, instance_type: str) -> Decimal:
    """Instances for a desired capacity in weight units: capacity / the priced override's
    ``weighted_capacity``, rounded up (capacity is instances without weights)."""
    for i, override in enumerate(r.blocks(f"{MIXED}.launch_template.0.override")):
        if override.get("instance_type") != instance_type:
            continue
        weight = r.number(f"{MIXED}.launch_template.0.override.{i}.weighted_capacity",
                          minimum=1)
        if weight is None or weight == 1:
            return capacity
        instances = (capacity / weight).to_integral_value(rounding=ROUND_CEILING)
        r.note(f"desired capacity {capacity.normalize():f} in weight units: "
               f"{instances.normalize():f} {instance_type} "
               f"instance{'' if instances == 1 else 's'} (weight "
               f"{weight.normalize():f})")
        return instances
    return capacity


def distribution(r: Resource, path: str, default: int) -> Decimal:
    """An instances_distribution setting; AWS's default when unset or known only after apply
    (the provider leaves unset ones to AWS, so the plan shows them unknown)."""
    if r.is_unknown(path):
        r.note(f"{path.rsplit('.', 1)[-1]} not known until apply; assumed AWS's default "
               f"{default}")
        return Decimal(default)
    value = r.number(path, default, maximum=100 if "percentage" in path else None)
    assert value is not None
    return value


def on_demand_share(r: Resource, count: Decimal) -> Decimal:
    """How many of ``count`` instances are On-Demand under ``instances_distribution``: the
    base, then the percentage of the rest, rounded up to whole instances (as EC2 Auto Scaling
    rounds, in favour of On-Demand)."""
    dist = f"{MIXED}.instances_distribution.0"
    base = distribution(r, f"{dist}.on_demand_base_capacity", 0)
    percent = distribution(r, f"{dist}.on_demand_percentage_above_base_capacity", 100)
    above = max(Decimal(0), count - base) * percent / 100
    return min(count, min(count, base) + above.to_integral_value(rounding=ROUND_CEILING))


@register("aws_autoscaling_group", usage=(INSTANCES_USAGE, *INSTANCE_USAGE))
def aws_autoscaling_group(r: Resource) -> list[Component]:
    count = r.usage.number("instances")
    if count is None:
        count = _desired(r)
    source = referenced_source(r, SOURCE_PATHS, configuration_path="launch_configuration")
    if source is None:
        raise MissingAttribute("launch_template", "its launch template or configuration is not "
                               "in this plan")
    spec = source_spec(source)
    mixed = bool(r.blocks("mixed_instances_policy"))
    instance_type = mixed_instance_type(r, spec) if mixed else require_instance_type(spec)
    tenancy = spec.tenancy or "Shared"
    if tenancy == "Host":
        raise NotPriceable("dedicated-host tenancy is billed per host, not per instance")
    if tenancy == "Dedicated":
        r.note(DEDICATED_FEE_NOTE)
    if mixed:
        count = weighted_instances(r, count, instance_type)
    on_demand = on_demand_share(r, count) if mixed else count
    if spec.spot and not mixed:
        on_demand = Decimal(0)  # the template's instance_market_options: every instance spot
    spot = count - on_demand
    comps: list[Component] = []
    credits: list[Component] = []
    if on_demand > 0 or spot == 0:
        comps = instance_components(r, instance_type, on_demand, spec.credit_mode,
                                    tenancy=tenancy)
        credits = comps[1:]
        comps = comps[:1]
    if spot > 0:
        r.note(f"{spot.normalize():f} of {count.normalize():f} instances run on Spot: "
               f"{NO_SPOT_PRICES}")
        comps.append(spot_hours(instance_type, spot))
    comps += launch_extras(spec, instance_type, count)
    comps += spec_volumes(spec, count, label="EBS volume" if source.type ==
                          "aws_launch_configuration" else "Volume")
    for note in source.notes:
        r.note(note)
    return comps + credits
