"""EC2 purchase options beyond on-demand instances: spot requests, spot and EC2 fleets,
Dedicated Hosts and capacity reservations.

Spot prices change hourly and are not in the price data: spot capacity is a component that
finds no price, so the resource is partial (its EBS volumes and on-demand share are priced) or
unsupported, never priced at another rate. Dedicated Host prices are not in the data either.
A capacity reservation is billed at the on-demand rate of its instance type for every reserved
instance, used or not.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import NO_PRICE_DATA, register
from cost_gate.rules.aws.ec2 import (
    INSTANCE_USAGE,
    NO_SPOT_PRICES,
    aws_instance,
    instance_components,
    instance_hours,
    launch_extras,
    spec_volumes,
    spot_hours,
)
from cost_gate.rules.aws.launch import (
    LaunchSpec,
    known_flag,
    known_string,
    referenced_source,
    require_instance_type,
    template_spec,
    tenancy_of,
    volume_of,
)
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    NotPriceable,
    PriceRef,
    Resource,
    hourly,
    prefer_reserved,
    reserved_usage_keys,
)
from cost_gate.usage.resolve import UsageView

# instance_platform of a capacity reservation -> the Price List operating system
PLATFORMS = {"Linux/UNIX": "Linux", "Windows": "Windows", "Red Hat Enterprise Linux": "RHEL",
             "SUSE Linux": "SUSE"}


@register("aws_spot_instance_request", kind=NO_PRICE_DATA)
def aws_spot_instance_request(r: Resource) -> list[Component]:
    """A spot instance: its volumes and monitoring are priced as an instance's; its hours are
    spot hours (no price in the data). The instance usage keys (operating system, hours,
    reserved rates) do not apply to spot hours: the Infracost format has none for this type."""
    view, r.usage = r.usage, UsageView()
    try:
        comps = aws_instance(r)
    finally:
        r.usage = view
    instance_type = comps[0].price.attrs["instance_type"]
    r.note(NO_SPOT_PRICES)
    credits = [c for c in comps[1:] if c.price.product == "cpu_credits"]
    rest = [c for c in comps[1:] if c.price.product != "cpu_credits"]
    return [spot_hours(instance_type), *rest, *credits]


def fleet_components(r: Resource, spec: LaunchSpec, instance_type: str, on_demand: Decimal,
                     spot: Decimal) -> list[Component]:
    """On-demand and spot instances of one type with the spec's monitoring and volumes."""
    comps: list[Component] = []
    credits: list[Component] = []
    if on_demand > 0:
        priced = instance_components(r, instance_type, on_demand, spec.credit_mode,
                                     tenancy=spec.tenancy or "Shared")
        comps, credits = priced[:1], priced[1:]
    if spot > 0:
        r.note(f"{spot.normalize():f} of {(on_demand + spot).normalize():f} instances are "
               f"spot: {NO_SPOT_PRICES}")
        comps.append(spot_hours(instance_type, spot))
    count = on_demand + spot
    comps += launch_extras(spec, instance_type, count)
    comps += spec_volumes(spec, count, note_on=r)
    return comps + credits


def override_type(r: Resource, overrides_path: str, spec: LaunchSpec) -> str:
    """The first override's instance type (noted), else the template's."""
    overrides = [o for o in r.blocks(overrides_path)
                 if isinstance(o.get("instance_type"), str) and o.get("instance_type")]
    if not overrides:
        return require_instance_type(spec)
    chosen = overrides[0]["instance_type"]
    if len(overrides) > 1:
        r.note(f"priced as {chosen} (the first override); other overrides: "
               f"{', '.join(o['instance_type'] for o in overrides[1:])}")
    return chosen


def capacity(r: Resource, path: str, *, required: bool = True) -> Decimal:
    if r.is_unknown(path):
        raise MissingAttribute(path)
    value = r.number(path, None if required else 0, required=required, integer=True)
    return value if value is not None else Decimal(0)


def _config_template(r: Resource, id_key: str, name_key: str,
                     overrides: str) -> tuple[LaunchSpec, str]:
    """The launch template a fleet's first ``launch_template_config`` names (by id or name,
    at the version it asks for) and the instance type after its first override. The two
    fleet types spell the keys differently (``id``/``launch_template_id``, ...)."""
    base = "launch_template_config.0"
    version = f"{base}.launch_template_specification.0.version"
    template = referenced_source(r, (
        (f"launch_template_config.launch_template_specification.{id_key}", version),
        (f"launch_template_config.launch_template_specification.{name_key}", version)))
    if template is None:
        raise MissingAttribute("launch_template_config", "its launch template is not in this "
                               "plan")
    spec = template_spec(template)
    return spec, override_type(r, f"{base}.{overrides}", spec)


@register("aws_spot_fleet_request", usage=INSTANCE_USAGE)
def aws_spot_fleet_request(r: Resource) -> list[Component]:
    """``target_capacity`` instances, ``on_demand_target_capacity`` of them on-demand."""
    total = capacity(r, "target_capacity")
    on_demand = min(total, capacity(r, "on_demand_target_capacity", required=False))
    specs = r.blocks("launch_specification")
    if specs:
        first = specs[0]
        volumes = {}
        for name in ("root_block_device", "ebs_block_device"):
            for i, block in enumerate(r.blocks(f"launch_specification.0.{name}")):
                key = "root" if name == "root_block_device" else str(
                    block.get("device_name") or f"#{i}")
                volumes[key] = volume_of(r, f"launch_specification.0.{name}.{i}", block)
        spec = LaunchSpec(
            instance_type=known_string(r, "launch_specification.0.instance_type"),
            tenancy=tenancy_of(r, "launch_specification.0.placement_tenancy") if
            first.get("placement_tenancy") else None,
            monitoring=known_flag(r, "launch_specification.0.monitoring"),
            ebs_optimized=known_flag(r, "launch_specification.0.ebs_optimized"),
            volumes={k: v for k, v in volumes.items() if v.get("volume_size") is not None},
        )
        if len(specs) > 1:
            r.note(f"priced as the first of {len(specs)} launch specifications")
        instance_type = require_instance_type(spec)
    else:
        spec, instance_type = _config_template(r, "id", "name", "overrides")
    return fleet_components(r, spec, instance_type, on_demand, total - on_demand)


@register("aws_ec2_fleet", usage=INSTANCE_USAGE)
def aws_ec2_fleet(r: Resource) -> list[Component]:
    """``total_target_capacity`` split into on-demand and spot by the target capacity
    specification (the rest of the total goes to ``default_target_capacity_type``)."""
    target = "target_capacity_specification.0"
    total = capacity(r, f"{target}.total_target_capacity")
    on_demand = capacity(r, f"{target}.on_demand_target_capacity", required=False)
    spot = capacity(r, f"{target}.spot_target_capacity", required=False)
    rest = max(Decimal(0), total - on_demand - spot)
    default = None if r.is_unknown(f"{target}.default_target_capacity_type") else r.string(
        f"{target}.default_target_capacity_type")
    if default is None and rest > 0:
        raise MissingAttribute(f"{target}.default_target_capacity_type", "not set")
    if default == "on-demand":
        on_demand += rest
    else:
        spot += rest
    if (r.string("type") or "maintain") == "instant":
        r.note("instant fleet: priced as if its instances run all month")
    spec, instance_type = _config_template(r, "launch_template_id", "launch_template_name",
                                           "override")
    return fleet_components(r, spec, instance_type, on_demand, spot)


@register("aws_ec2_host", usage=reserved_usage_keys(offering_class=False), kind=NO_PRICE_DATA)
def aws_ec2_host(r: Resource) -> list[Component]:
    """A Dedicated Host is billed per host-hour by instance family; the price data has no
    Dedicated Host prices, so this finds none (unsupported, with the reason)."""
    if r.is_unknown("instance_type") and r.is_unknown("instance_family"):
        raise MissingAttribute("instance_family")
    family = r.string("instance_type") or r.string("instance_family")
    if not family:
        raise MissingAttribute("instance_family", "not set")
    r.note("Dedicated Host prices are not in the price data")
    comp = hourly(f"Dedicated Host ({family})",
                  PriceRef("ec2", "dedicated_host", {"instance_family": family}))
    prefer_reserved(r, comp, offering_class=False)
    return [comp]


@register("aws_ec2_capacity_reservation")
def aws_ec2_capacity_reservation(r: Resource) -> list[Component]:
    instance_type = r.string("instance_type", required=True)
    count = r.number("instance_count", required=True, integer=True)
    assert instance_type is not None and count is not None
    platform = r.string("instance_platform", required=True)
    os_name = PLATFORMS.get(platform or "")
    if os_name is None:
        raise NotPriceable(f"capacity reservations for {platform} are not priced")
    tenancy = {"default": "Shared", "dedicated": "Dedicated"}.get(
        r.string("tenancy") or "default")
    if tenancy is None:
        raise NotPriceable(f"tenancy {r.string('tenancy')!r} is not priced")
    r.note("a capacity reservation is billed at the on-demand rate whether or not instances "
           "use it; AWS does not bill the instances that run in it again, but cost-gate prices "
           "those instances on their own")
    comp = instance_hours(instance_type, tenancy=tenancy, count=count, operating_system=os_name)
    comp.name = comp.name.replace("Instance usage", "Capacity reservation", 1).replace(
        "on-demand, ", "", 1)
    return [comp]

