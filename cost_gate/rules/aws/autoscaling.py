"""Auto Scaling groups: desired capacity x the instance type of the template/configuration.

Usage keys: ``instances`` (the average number of instances, instead of the desired capacity),
and the instance keys of :mod:`.ec2` (operating system, CPU credits, reserved rates).
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.aws.ec2 import (
    DEFAULT_ROOT_GB,
    INSTANCE_USAGE,
    instance_components,
    volume_components,
)
from cost_gate.rules.base import Component, MissingAttribute, Resource, UsageKey, to_decimal

INSTANCES_USAGE = UsageKey("instances", "instances",
                           "average number of instances running (instead of the desired count)",
                           kind="setting")


def template_volumes(template: Resource, count: Decimal) -> list[Component]:
    """EBS volumes declared in a launch template's block_device_mappings, per instance."""
    comps: list[Component] = []
    for i, mapping in enumerate(template.blocks("block_device_mappings")):
        ebs = (mapping.get("ebs") or [{}])
        ebs = ebs[0] if isinstance(ebs, list) and ebs else ebs
        if not isinstance(ebs, dict) or ebs.get("volume_size") is None:
            continue
        name = mapping.get("device_name") or f"#{i}"
        comps += volume_components(f"Volume {name}", ebs, count=count)
    if not comps:
        comps += volume_components("Root volume", {"volume_size": DEFAULT_ROOT_GB,
                                                   "volume_type": "gp2"}, count=count)
        template.note(f"root volume size not in the template; assumed {DEFAULT_ROOT_GB} GB gp2")
    return comps


def _desired(r: Resource) -> Decimal:
    """desired_capacity; AWS starts a group at min_size when it is unset (or not yet known)."""
    desired = r.get("desired_capacity")
    if desired is not None and not r.is_unknown("desired_capacity"):
        return to_decimal(desired)
    if r.is_unknown("min_size"):
        raise MissingAttribute("min_size")
    minimum = r.get("min_size")
    if minimum is None:
        raise MissingAttribute("desired_capacity", "not set")
    if r.is_unknown("desired_capacity"):
        r.note("desired_capacity not known until apply; priced at min_size")
    else:
        r.note("desired_capacity not set; priced at min_size")
    return to_decimal(minimum)


@register("aws_autoscaling_group", usage=(INSTANCES_USAGE, *INSTANCE_USAGE))
def aws_autoscaling_group(r: Resource) -> list[Component]:
    count = r.usage.number("instances")
    if count is None:
        count = _desired(r)
    source = (
        r.referenced("launch_template.id")
        or r.referenced("launch_template.name")
        or r.referenced("mixed_instances_policy.launch_template.launch_template_specification"
                        ".launch_template_id")
        or r.referenced("mixed_instances_policy.launch_template.launch_template_specification"
                        ".launch_template_name")
        or r.referenced("launch_configuration")
    )
    if source is None:
        raise MissingAttribute("launch_template", "its launch template or configuration is not "
                               "in this plan")
    if source.is_unknown("instance_type"):
        raise MissingAttribute(f"{source.address}.instance_type")
    instance_type = source.get("instance_type")
    if not instance_type:
        raise MissingAttribute(f"{source.address}.instance_type", "not set")
    credit_mode = source.get("credit_specification.0.cpu_credits")
    comps = instance_components(r, instance_type, count, credit_mode)
    credits = comps[1:]
    comps = comps[:1]
    if source.type == "aws_launch_configuration":
        root = source.blocks("root_block_device")
        if root and root[0].get("volume_size") is not None:
            comps += volume_components("Root volume", root[0], count=count)
        else:
            comps += volume_components("Root volume", {"volume_size": DEFAULT_ROOT_GB,
                                                       "volume_type": "gp2"}, count=count)
            r.note(f"root volume size not in the launch configuration; assumed "
                   f"{DEFAULT_ROOT_GB} GB gp2 (the usual AMI default)")
        for i, block in enumerate(source.blocks("ebs_block_device")):
            if block.get("volume_size") is not None:
                name = block.get("device_name") or f"#{i}"
                comps += volume_components(f"EBS volume {name}", block, count=count)
    else:
        comps += template_volumes(source, count)
    for note in source.notes:
        r.note(note)
    return comps + credits
