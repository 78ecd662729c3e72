"""EKS: the cluster control plane (standard and extended support) and managed node groups.

A cluster whose Kubernetes version is past the end of standard support on the estimate's date
pays the extended-support hourly price on top of the standard cluster hour, unless its
``upgrade_policy`` says ``STANDARD`` (then EKS upgrades it at the end of standard support).
The dates are facts of the EKS Kubernetes release calendar (:data:`END_OF_STANDARD_SUPPORT`).

Node group usage keys: ``instances`` (average nodes, instead of the desired size) and the
instance keys of :mod:`.ec2` (operating system, CPU credits, reserved rates). Spot node groups
find no price (spot prices are not in the data) and are partial.
"""

from __future__ import annotations

from datetime import date

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.aws.autoscaling import INSTANCES_USAGE
from cost_gate.rules.aws.ec2 import (
    INSTANCE_USAGE,
    NO_SPOT_PRICES,
    instance_components,
    launch_extras,
    spec_volumes,
    spot_hours,
    volume_components,
)
from cost_gate.rules.aws.launch import LaunchSpec, referenced_source, template_spec
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    UsageKey,
    hourly,
    usage,
)

DEFAULT_NODE_TYPE = "t3.medium"  # EKS's default when instance_types is not set
DEFAULT_NODE_DISK_GB = 20  # EKS's default disk_size without a launch template

# Kubernetes version -> (end of standard support, end of extended support), from the Amazon EKS
# Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html,
# as published 2025-10): 14 months of standard support from the EKS release, then 12 months of
# extended support. Versions missing here are priced at standard support with a note.
END_OF_STANDARD_SUPPORT: dict[str, tuple[date, date]] = {
    "1.23": (date(2023, 10, 11), date(2024, 10, 11)),
    "1.24": (date(2024, 1, 31), date(2025, 1, 31)),
    "1.25": (date(2024, 5, 1), date(2025, 5, 1)),
    "1.26": (date(2024, 6, 11), date(2025, 6, 11)),
    "1.27": (date(2024, 7, 24), date(2025, 7, 24)),
    "1.28": (date(2024, 11, 26), date(2025, 11, 26)),
    "1.29": (date(2025, 3, 23), date(2026, 3, 23)),
    "1.30": (date(2025, 7, 23), date(2026, 7, 23)),
    "1.31": (date(2025, 11, 26), date(2026, 11, 26)),
    "1.32": (date(2026, 3, 23), date(2027, 3, 23)),
    "1.33": (date(2026, 7, 29), date(2027, 7, 29)),
    "1.34": (date(2026, 12, 2), date(2027, 12, 2)),
}


def support_phase(version: str, today: date) -> str | None:
    """``standard``, ``extended`` or ``ended`` for a known version on ``today``; else None."""
    minor = ".".join(version.split(".")[:2])
    dates = END_OF_STANDARD_SUPPORT.get(minor)
    if dates is None:
        return None
    end_standard, end_extended = dates
    if today < end_standard:
        return "standard"
    return "extended" if today < end_extended else "ended"


@register("aws_eks_cluster")
def aws_eks_cluster(r: Resource) -> list[Component]:
    comps = [hourly("EKS cluster (standard support)",
                    PriceRef("eks", "cluster_hours", {"support": "standard"},
                             region_fallbacks=("global",)))]
    version = None if r.is_unknown("version") else r.string("version")
    if version is None:
        r.note("Kubernetes version not in the plan (EKS picks its default, in standard "
               "support); priced at standard support")
        return comps
    phase = support_phase(version, r.today)
    if phase is None:
        r.note(f"Kubernetes {version}: end of standard support not in cost-gate's EKS "
               "calendar; priced at standard support")
        return comps
    if phase == "standard":
        return comps
    policy = None if r.is_unknown("upgrade_policy.0.support_type") else r.string(
        "upgrade_policy.0.support_type")
    if policy == "STANDARD":
        r.note(f"Kubernetes {version} is past standard support; upgrade_policy STANDARD: EKS "
               "upgrades the cluster, no extended support charged")
        return comps
    if phase == "ended":
        r.note(f"Kubernetes {version} is past the end of extended support: EKS upgrades the "
               "cluster automatically; priced at extended support until then")
    comps.append(hourly(f"EKS extended support (Kubernetes {version})",
                        PriceRef("eks", "extended_support_hours", {})))
    return comps


@register("aws_eks_node_group", usage=(INSTANCES_USAGE, *INSTANCE_USAGE))
def aws_eks_node_group(r: Resource) -> list[Component]:
    count = r.usage.number("instances")
    if count is None:
        if r.is_unknown("scaling_config.0.desired_size"):
            raise MissingAttribute("scaling_config.0.desired_size")
        count = r.number("scaling_config.0.desired_size", required=True, integer=True)
    template = referenced_source(r, (("launch_template.id", "launch_template.0.version"),
                                     ("launch_template.name", "launch_template.0.version")))
    spec = template_spec(template) if template is not None else LaunchSpec()
    if not r.is_unknown("instance_types") and r.length("instance_types"):
        instance_type = r.string("instance_types.0") or DEFAULT_NODE_TYPE
    elif spec.instance_type:
        instance_type = spec.instance_type
    else:
        instance_type = DEFAULT_NODE_TYPE
        if r.is_unknown("instance_types") and template is None:
            r.note(f"instance_types not in the plan; assumed EKS's default {DEFAULT_NODE_TYPE}")
    capacity = None if r.is_unknown("capacity_type") else r.string("capacity_type")
    if capacity == "SPOT":
        r.note(f"SPOT capacity: {NO_SPOT_PRICES}")
        comps = [spot_hours(instance_type, count)]
    else:
        comps = instance_components(r, instance_type, count, spec.credit_mode)
    comps += launch_extras(spec, instance_type, count)
    if template is not None:
        comps += spec_volumes(spec, count, note_on=r)
    else:
        disk = r.number("disk_size") if not r.is_unknown("disk_size") else None
        if disk is None:
            disk = DEFAULT_NODE_DISK_GB
        comps += volume_components("Node disk", {"volume_size": disk, "volume_type": "gp2"},
                                   count=count)
    return comps


FARGATE_POD_USAGE = (
    UsageKey("monthly_vcpu_hrs", "vCPU-hours", "vCPU-hours of the profile's pods per month "
             "(pods x vCPUs x hours)"),
    UsageKey("monthly_gb_hrs", "GB-hours", "GB-hours of memory of the profile's pods per month "
             "(pods x GB x hours)"),
)


@register("aws_eks_fargate_profile", usage=FARGATE_POD_USAGE, kind=USAGE_ONLY)
def aws_eks_fargate_profile(r: Resource) -> list[Component]:
    """Pods scheduled by the profile run on Fargate, billed per vCPU-hour and GB-hour at the
    Fargate (Linux, x86_64) rates; how many pods run is usage."""
    attrs = {"os": "linux", "architecture": "x86_64"}
    return [
        usage("Fargate pods vCPU", "vCPU-hours", PriceRef("ecs", "fargate_vcpu_hours", attrs),
              "monthly_vcpu_hrs"),
        usage("Fargate pods memory", "GB-hours", PriceRef("ecs", "fargate_gb_hours", attrs),
              "monthly_gb_hrs"),
    ]
