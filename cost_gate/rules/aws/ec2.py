"""EC2: aws_instance and aws_ebs_volume (plus the volume helper other rules reuse)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    NotPriceable,
    PriceRef,
    Resource,
    hourly,
    monthly,
    to_decimal,
    usage,
)

# AWS launches these T families in "unlimited" credit mode unless told otherwise.
UNLIMITED_BY_DEFAULT = ("t3", "t3a", "t4g")
BURSTABLE = ("t2", "t3", "t3a", "t4g")
# gp3 includes 3,000 IOPS and 125 MiB/s; only what is provisioned above is charged.
GP3_FREE_IOPS = 3000
GP3_FREE_THROUGHPUT = 125
# io2 IOPS are priced in tiers: up to 32,000, 32,001-64,000, above 64,000.
IO2_TIERS = ((1, 0, 32000), (2, 32000, 64000), (3, 64000, None))
DEFAULT_ROOT_GB = 8  # typical AMI root volume when the plan does not say


def instance_hours(instance_type: str, *, tenancy: str = "Shared", count: Decimal | int = 1,
                   operating_system: str = "Linux") -> Component:
    os_label = "Linux/UNIX" if operating_system == "Linux" else operating_system
    extra = "" if tenancy == "Shared" else f", {tenancy.lower()} tenancy"
    return hourly(
        f"Instance usage ({os_label}, on-demand{extra}, {instance_type})",
        PriceRef("ec2", "instance", {"instance_type": instance_type,
                                     "operating_system": operating_system, "tenancy": tenancy}),
        count,
    )


def volume_components(label: str, volume: Mapping[str, Any], *, default_type: str = "gp2",
                      count: Decimal | int = 1) -> list[Component]:
    """Storage, IOPS and throughput charges of one EBS volume (a block or aws_ebs_volume)."""
    volume_type = volume.get("volume_type") or volume.get("type") or default_type
    size = volume.get("volume_size", volume.get("size"))
    if size is None:
        raise MissingAttribute(f"{label} size", "not set")
    count = Decimal(count)
    size_gb = to_decimal(size) * count
    comps = [
        monthly(f"{label} storage ({volume_type}, {size} GB)", "GB-months", size_gb,
                PriceRef("ebs", "storage", {"volume_type": volume_type}))
    ]
    iops = volume.get("iops")
    if volume_type in ("io1", "io2") and iops:
        if volume_type == "io1":
            comps.append(monthly(f"{label} provisioned IOPS (io1)", "IOPS-months",
                                 to_decimal(iops) * count,
                                 PriceRef("ebs", "iops", {"volume_type": "io1", "tier": "1"})))
        else:
            for tier, start, end in IO2_TIERS:
                in_tier = min(int(iops), end or int(iops)) - start
                if in_tier <= 0:
                    break
                comps.append(monthly(f"{label} provisioned IOPS (io2 tier {tier})", "IOPS-months",
                                     Decimal(in_tier) * count,
                                     PriceRef("ebs", "iops", {"volume_type": "io2",
                                                              "tier": str(tier)})))
    if volume_type == "gp3":
        if iops and int(iops) > GP3_FREE_IOPS:
            comps.append(monthly(f"{label} provisioned IOPS (gp3, above 3000)", "IOPS-months",
                                 Decimal(int(iops) - GP3_FREE_IOPS) * count,
                                 PriceRef("ebs", "iops", {"volume_type": "gp3", "tier": "1"})))
        throughput = volume.get("throughput")
        if throughput and int(throughput) > GP3_FREE_THROUGHPUT:
            comps.append(monthly(f"{label} provisioned throughput (gp3, above 125 MiB/s)",
                                 "MiBps-months",
                                 Decimal(int(throughput) - GP3_FREE_THROUGHPUT) * count,
                                 PriceRef("ebs", "throughput", {"volume_type": "gp3"})))
    return comps


def cpu_credit_component(instance_type: str, credit_mode: str | None,
                         operating_system: str = "Linux") -> Component | None:
    family = instance_type.split(".", 1)[0]
    if family not in BURSTABLE:
        return None
    mode = credit_mode or ("unlimited" if family in UNLIMITED_BY_DEFAULT else "standard")
    if mode != "unlimited":
        return None
    return usage("CPU credits (unlimited mode, above baseline)", "vCPU-hours",
                 PriceRef("ec2", "cpu_credits", {"family": family,
                                                 "operating_system": operating_system}),
                 "monthly_cpu_credit_vcpu_hours")


@register("aws_instance")
def aws_instance(r: Resource) -> list[Component]:
    instance_type = r.need("instance_type")
    tenancy = {"default": "Shared", "dedicated": "Dedicated"}.get(r.get("tenancy", "default"))
    if tenancy is None:
        raise NotPriceable("dedicated-host tenancy is billed per host, not per instance")
    comps = [instance_hours(instance_type, tenancy=tenancy)]

    if r.get("ebs_optimized") is True:
        surcharge = hourly("EBS-optimized surcharge",
                           PriceRef("ec2", "ebs_optimized", {"instance_type": instance_type}))
        surcharge.optional = True  # current-generation types include it at no charge
        comps.append(surcharge)

    root = r.blocks("root_block_device")
    if root and (root[0].get("volume_size") is not None or r.is_unknown(
            "root_block_device.0.volume_size")):
        if r.is_unknown("root_block_device.0.volume_size"):
            raise MissingAttribute("root_block_device.0.volume_size")
        comps += volume_components("Root volume", root[0])
    else:
        comps += volume_components("Root volume", {"volume_size": DEFAULT_ROOT_GB,
                                                   "volume_type": "gp2"})
        r.note(f"root volume size not in the plan; assumed {DEFAULT_ROOT_GB} GB gp2 "
               "(the usual AMI default)")

    for i, block in enumerate(r.blocks("ebs_block_device")):
        name = block.get("device_name") or f"#{i}"
        if r.is_unknown(f"ebs_block_device.{i}.volume_size") and block.get("volume_size") is None:
            raise MissingAttribute(f"ebs_block_device.{i}.volume_size")
        comps += volume_components(f"EBS volume {name}", block)

    credit_mode = r.get("credit_specification.0.cpu_credits")
    credit = cpu_credit_component(instance_type, credit_mode)
    if credit is not None:
        comps.append(credit)
    return comps


@register("aws_ebs_volume")
def aws_ebs_volume(r: Resource) -> list[Component]:
    size = r.get("size")
    if size is None:
        if r.is_unknown("size"):
            raise MissingAttribute("size")
        if r.get("snapshot_id"):
            raise MissingAttribute("size", "taken from the snapshot, not in the plan")
        raise MissingAttribute("size", "not set")
    volume = {"type": r.get("type", "gp2"), "size": size, "iops": r.get("iops"),
              "throughput": r.get("throughput")}
    return volume_components("Volume", volume)
