"""EKS: the cluster control plane and managed node groups.

Node group usage keys: ``instances`` (average nodes, instead of the desired size) and the
instance keys of :mod:`.ec2` (operating system, CPU credits, reserved rates).
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.aws.autoscaling import INSTANCES_USAGE
from cost_gate.rules.aws.ec2 import INSTANCE_USAGE, instance_components, volume_components
from cost_gate.rules.base import Component, MissingAttribute, PriceRef, Resource, hourly, to_decimal

DEFAULT_NODE_TYPE = "t3.medium"  # EKS's default when instance_types is not set
DEFAULT_NODE_DISK_GB = 20  # EKS's default disk_size without a launch template


@register("aws_eks_cluster")
def aws_eks_cluster(r: Resource) -> list[Component]:
    return [hourly("EKS cluster (standard support)",
                   PriceRef("eks", "cluster_hours", {"support": "standard"},
                            region_fallbacks=("global",)))]


@register("aws_eks_node_group", usage=(INSTANCES_USAGE, *INSTANCE_USAGE))
def aws_eks_node_group(r: Resource) -> list[Component]:
    count = r.usage.number("instances")
    if count is None:
        if r.is_unknown("scaling_config.0.desired_size"):
            raise MissingAttribute("scaling_config.0.desired_size")
        desired = r.get("scaling_config.0.desired_size")
        if desired is None:
            raise MissingAttribute("scaling_config.0.desired_size", "not set")
        count = to_decimal(desired)
    template = r.referenced("launch_template.id") or r.referenced("launch_template.name")
    instance_types = r.get("instance_types")
    if instance_types:
        instance_type = instance_types[0]
    elif template is not None and template.get("instance_type"):
        instance_type = template.get("instance_type")
    elif r.is_unknown("instance_types") and template is None:
        instance_type = DEFAULT_NODE_TYPE
        r.note(f"instance_types not in the plan; assumed EKS's default {DEFAULT_NODE_TYPE}")
    else:
        instance_type = DEFAULT_NODE_TYPE
    capacity = r.get("capacity_type", "ON_DEMAND")
    if capacity == "SPOT":
        r.note("SPOT capacity priced at on-demand rates (an upper bound)")
    credit_mode = template.get("credit_specification.0.cpu_credits") if template else None
    comps = instance_components(r, instance_type, count, credit_mode)
    if template is not None:
        from cost_gate.rules.aws.autoscaling import template_volumes

        comps += template_volumes(template, count)
    else:
        disk = r.get("disk_size")
        if disk is None:
            disk = DEFAULT_NODE_DISK_GB
        comps += volume_components("Node disk", {"volume_size": disk, "volume_type": "gp2"},
                                   count=count)
    return comps
