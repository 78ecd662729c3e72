"""EC2: aws_instance and aws_ebs_volume (plus the helpers other EC2-based rules reuse).

An instance is billed for its hours (type, tenancy, operating system), its EBS volumes,
detailed monitoring (``monitoring = true``: 7 CloudWatch custom metrics per instance, at the
tiered metric price), the hourly EBS-optimization fee of the previous-generation types that
charge one (no rows in the data today: left out with a note, never $0), and unlimited-mode CPU
credits of T types (usage-based). What the instance leaves to its launch template comes from
the template (see :mod:`.launch`). Dedicated tenancy and spot hours have no prices in the data:
those hours find no price (partial), never another rate.

Usage keys (Infracost names): ``operating_system`` (linux|windows|suse|rhel) prices the
instance hours and CPU credits of that OS (SUSE and RHEL credits cost the Linux rate);
``monthly_hrs`` the hours an instance runs; ``monthly_cpu_credit_hrs`` x ``vcpu_count`` the
vCPU-hours of CPU credits above baseline (``vcpu_count`` defaults to the type's vCPUs);
``reserved_instance_*`` the reserved rate where the data has one. cost-gate's earlier
``monthly_cpu_credit_vcpu_hours`` (total vCPU-hours) is still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.aws.launch import (
    ROOT_DEVICE_NAMES,
    AfterApply,
    LaunchSpec,
    known_flag,
    known_string,
    market_spot,
    referenced_source,
    require_instance_type,
    template_spec,
    tenancy_of,
    volume_of,
)
from cost_gate.rules.base import (
    BadAttribute,
    Component,
    MissingAttribute,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    after_apply,
    hourly,
    monthly,
    prefer_reserved,
    reserved_usage_keys,
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
# vCPUs per burstable size (t2 sizes up to small have one vCPU, t3/t3a/t4g two).
T_VCPUS = {"nano": 2, "micro": 2, "small": 2, "medium": 2, "large": 2, "xlarge": 4,
           "2xlarge": 8}
T2_VCPUS = {**T_VCPUS, "nano": 1, "micro": 1, "small": 1}
# usage `operating_system` -> the Price List's operatingSystem; CPU credits of SUSE and RHEL
# instances cost the Linux rate.
OPERATING_SYSTEMS = {"linux": "Linux", "windows": "Windows", "suse": "SUSE", "rhel": "RHEL"}
CREDIT_OS = {"Linux": "Linux", "Windows": "Windows", "SUSE": "Linux", "RHEL": "Linux"}

OS_USAGE = UsageKey("operating_system", "", "operating system the instances run (its licence "
                    "is in the hourly price)", kind="setting", value_type="str",
                    choices=tuple(OPERATING_SYSTEMS), default="linux")
CREDIT_USAGE = (
    UsageKey("monthly_cpu_credit_hrs", "hours",
             "hours per month each instance bursts above its baseline (unlimited mode)"),
    UsageKey("vcpu_count", "vCPUs", "vCPUs per instance for CPU credits (default: the type's)",
             kind="setting"),
    UsageKey("monthly_cpu_credit_vcpu_hours", "vCPU-hours",
             "CPU credit vCPU-hours per month, all instances", legacy=True),
)
INSTANCE_USAGE = (OS_USAGE, *CREDIT_USAGE, *reserved_usage_keys(offering_class=True))


def instance_hours(instance_type: str, *, tenancy: str = "Shared", count: Decimal | int = 1,
                   operating_system: str = "Linux", hours: Decimal | None = None) -> Component:
    """Instance hours: ``count`` instances running all month (or ``hours`` each)."""
    os_label = "Linux/UNIX" if operating_system == "Linux" else operating_system
    extra = "" if tenancy == "Shared" else f", {tenancy.lower()} tenancy"
    comp = hourly(
        f"Instance usage ({os_label}, on-demand{extra}, {instance_type})",
        PriceRef("ec2", "instance", {"instance_type": instance_type,
                                     "operating_system": operating_system, "tenancy": tenancy}),
        count,
    )
    if hours is not None and hours != HOURS_PER_MONTH:
        comp.quantity = hours * Decimal(count)
    return comp


def operating_system(r: Resource) -> str:
    """The Price List operating system: the usage file's ``operating_system``, else Linux."""
    return OPERATING_SYSTEMS.get(r.usage.string("operating_system") or "linux", "Linux")


def instance_components(r: Resource, instance_type: str, count: Decimal | int,
                        credit_mode: str | None, *, tenancy: str = "Shared",
                        hours: Decimal | None = None) -> list[Component]:
    """Instance hours (OS and reserved rate from the usage file) plus unlimited CPU credits."""
    os_name = operating_system(r)
    hours_comp = instance_hours(instance_type, tenancy=tenancy, count=count,
                                operating_system=os_name, hours=hours)
    prefer_reserved(r, hours_comp, offering_class=True)
    comps = [hours_comp]
    credit = cpu_credit_component(instance_type, credit_mode, os_name, r=r, count=count)
    if credit is not None:
        comps.append(credit)
    return comps


def volume_components(label: str, volume: Mapping[str, Any], *, default_type: str = "gp2",
                      count: Decimal | int = 1) -> list[Component]:
    """Storage, IOPS and throughput charges of one EBS volume (a block or aws_ebs_volume)."""
    volume_type = str(volume.get("volume_type") or volume.get("type") or default_type)
    size = volume.get("volume_size", volume.get("size"))
    if size is None:
        raise MissingAttribute(f"{label} size", "not set")
    count = Decimal(count)
    size_gb = _whole(f"{label} size", size) * count
    iops = volume.get("iops")
    iops_later = iops if isinstance(iops, AfterApply) else None
    iops = None if iops in (None, "") or iops_later else int(_whole(f"{label} iops", iops))
    throughput = volume.get("throughput")
    throughput_later = throughput if isinstance(throughput, AfterApply) else None
    throughput = None if throughput in (None, "") or throughput_later else int(
        _whole(f"{label} throughput", throughput))
    comps = [
        monthly(f"{label} storage ({volume_type}, {size} GB)", "GB-months", size_gb,
                PriceRef("ebs", "storage", {"volume_type": volume_type}))
    ]
    # IOPS / throughput set from a value known only after apply: billed, amount unknown
    if iops_later and volume_type in ("io1", "io2", "gp3"):
        above = ", above 3000" if volume_type == "gp3" else ""
        comps.append(after_apply(f"{label} provisioned IOPS ({volume_type}{above})",
                                 "IOPS-months", PriceRef("ebs", "iops", {
                                     "volume_type": volume_type, "tier": "1"}),
                                 iops_later.path))
    if throughput_later and volume_type == "gp3":
        comps.append(after_apply(f"{label} provisioned throughput (gp3, above 125 MiB/s)",
                                 "MiBps-months",
                                 PriceRef("ebs", "throughput", {"volume_type": "gp3"}),
                                 throughput_later.path))
    if volume_type in ("io1", "io2") and iops:
        if volume_type == "io1":
            comps.append(monthly(f"{label} provisioned IOPS (io1)", "IOPS-months",
                                 Decimal(iops) * count,
                                 PriceRef("ebs", "iops", {"volume_type": "io1", "tier": "1"})))
        else:
            for tier, start, end in IO2_TIERS:
                in_tier = min(iops, end or iops) - start
                if in_tier <= 0:
                    break
                comps.append(monthly(f"{label} provisioned IOPS (io2 tier {tier})", "IOPS-months",
                                     Decimal(in_tier) * count,
                                     PriceRef("ebs", "iops", {"volume_type": "io2",
                                                              "tier": str(tier)})))
    if volume_type == "gp3":
        if iops and iops > GP3_FREE_IOPS:
            comps.append(monthly(f"{label} provisioned IOPS (gp3, above 3000)", "IOPS-months",
                                 Decimal(iops - GP3_FREE_IOPS) * count,
                                 PriceRef("ebs", "iops", {"volume_type": "gp3", "tier": "1"})))
        if throughput and throughput > GP3_FREE_THROUGHPUT:
            comps.append(monthly(f"{label} provisioned throughput (gp3, above 125 MiB/s)",
                                 "MiBps-months",
                                 Decimal(throughput - GP3_FREE_THROUGHPUT) * count,
                                 PriceRef("ebs", "throughput", {"volume_type": "gp3"})))
    return comps


def _whole(what: str, value: Any) -> Decimal:
    """A non-negative number from a volume block (numeric strings accepted, as Terraform
    converts them); anything else becomes a ``partial`` note naming it."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise BadAttribute(what, value, "a number")
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        raise BadAttribute(what, value, "a number") from None
    if not number.is_finite() or number < 0:
        raise BadAttribute(what, value, "a number >= 0")
    return number


def cpu_credit_component(instance_type: str, credit_mode: str | None,
                         operating_system: str = "Linux", *, r: Resource | None = None,
                         count: Decimal | int = 1) -> Component | None:
    """Unlimited-mode CPU credits of a T-family type (usage-based, per vCPU-hour).

    With ``r``, the usage file's ``monthly_cpu_credit_hrs`` x ``vcpu_count`` x ``count``
    instances (or the legacy total ``monthly_cpu_credit_vcpu_hours``) estimates it.
    """
    family, _, size = instance_type.partition(".")
    if family not in BURSTABLE:
        return None
    mode = credit_mode or ("unlimited" if family in UNLIMITED_BY_DEFAULT else "standard")
    if mode != "unlimited":
        return None
    comp = usage("CPU credits (unlimited mode, above baseline)", "vCPU-hours",
                 PriceRef("ec2", "cpu_credits",
                          {"family": family,
                           "operating_system": CREDIT_OS.get(operating_system, "Linux")}),
                 "monthly_cpu_credit_vcpu_hours")
    if r is not None and r.usage.number("monthly_cpu_credit_vcpu_hours") is None:
        burst_hours = r.usage.number("monthly_cpu_credit_hrs")
        vcpus = r.usage.number("vcpu_count")
        if vcpus is None:
            known = (T2_VCPUS if family == "t2" else T_VCPUS).get(size)
            vcpus = Decimal(known) if known is not None else None
        if burst_hours is not None and vcpus is not None:
            comp.quantity = burst_hours * vcpus * Decimal(count)
        elif burst_hours is not None:
            r.note(f"CPU credits: vCPUs of {instance_type} unknown; set vcpu_count in the "
                   "usage file")
    return comp


# Previous-generation types that charge an hourly EBS-optimization fee when it is turned on
# (current-generation types, and c4/d2/m4, are EBS-optimized by default at no extra cost).
EBS_OPTIMIZED_FEE_FAMILIES = ("c1", "c3", "g2", "i2", "m1", "m2", "m3", "r3")
# Detailed monitoring (1-minute metrics) bills 7 CloudWatch metrics per instance.
DETAILED_MONITORING_METRICS = 7
DEDICATED_FEE_NOTE = ("dedicated tenancy: AWS also bills a per-region fee for every hour any "
                      "dedicated instance runs there (per account, not priced here)")
NO_SPOT_PRICES = "spot prices change hourly and are not in the price data"


def detailed_monitoring(count: Decimal | int = 1) -> Component:
    """CloudWatch detailed monitoring: 7 custom metrics per instance (tiered metric price)."""
    metrics = Decimal(DETAILED_MONITORING_METRICS) * Decimal(count)
    return monthly(f"CloudWatch detailed monitoring ({DETAILED_MONITORING_METRICS} metrics per "
                   "instance)", "metric-months", metrics,
                   PriceRef("cloudwatch", "metrics", {}), tiered=True)


def ebs_optimized_fee(instance_type: str, count: Decimal | int = 1,
                      hours: Decimal | None = None) -> Component | None:
    """The hourly EBS-optimization fee of the previous-generation types that charge one."""
    if instance_type.partition(".")[0] not in EBS_OPTIMIZED_FEE_FAMILIES:
        return None
    fee = hourly(f"EBS-optimized fee ({instance_type})",
                 PriceRef("ec2", "ebs_optimized", {"instance_type": instance_type}), count)
    if hours is not None:
        fee.quantity = hours * Decimal(count)
    fee.optional = True
    fee.missing_note = (f"EBS-optimized fee of {instance_type}: no price in the data, not "
                        "shown")
    return fee


def spot_hours(instance_type: str, count: Decimal | int = 1) -> Component:
    """Spot instance hours: the price data has no spot prices, so this finds no price and the
    resource is reported partial (never priced at another rate)."""
    return hourly(f"Instance usage (Linux/UNIX, spot, {instance_type})",
                  PriceRef("ec2", "instance", {"instance_type": instance_type,
                                               "operating_system": "Linux",
                                               "tenancy": "Shared", "purchase_option": "spot"}),
                  count)


def spec_volumes(spec: LaunchSpec, count: Decimal | int = 1, *, label: str = "Volume",
                 default_root: bool = True, note_on: Resource | None = None) -> list[Component]:
    """The EBS volumes of a launch spec (root first), plus the assumed AMI root volume when the
    spec does not size one (a launch template without volumes; a launch configuration without
    root_block_device)."""
    comps: list[Component] = []
    for name, volume in spec.volumes.items():
        if volume.get("volume_size") is None:
            continue
        comps += volume_components("Root volume" if name == "root" else f"{label} {name}",
                                   volume, count=count)
    configuration = spec.source is not None and spec.source.type == "aws_launch_configuration"
    sized_root = spec.volumes.get("root", {}).get("volume_size") is not None
    if default_root and (not sized_root if configuration else not comps):
        comps[:0] = volume_components("Root volume", {"volume_size": DEFAULT_ROOT_GB,
                                                      "volume_type": "gp2"}, count=count)
        where = ("the plan" if spec.source is None else "the launch configuration"
                 if configuration else "the launch template")
        (note_on or spec.source).note(  # type: ignore[union-attr]
            f"root volume size not in {where}; assumed {DEFAULT_ROOT_GB} GB gp2 "
            "(the usual AMI default)")
    return comps


def launch_extras(spec: LaunchSpec, instance_type: str, count: Decimal | int,
                  hours: Decimal | None = None) -> list[Component]:
    """Detailed monitoring and the EBS-optimization fee of ``count`` instances."""
    comps: list[Component] = []
    if spec.monitoring:
        comps.append(detailed_monitoring(count))
    if spec.ebs_optimized:
        fee = ebs_optimized_fee(instance_type, count, hours)
        if fee is not None:
            comps.append(fee)
    return comps


def instance_spec(r: Resource) -> LaunchSpec:
    """An aws_instance's own settings over those of its launch template (if any)."""
    volumes: dict[str, dict] = {}
    for i, block in enumerate(r.blocks("ebs_block_device")):
        name = block.get("device_name") or f"#{i}"
        if r.is_unknown(f"ebs_block_device.{i}.volume_size") and block.get("volume_size") is None:
            raise MissingAttribute(f"ebs_block_device.{i}.volume_size")
        volumes[str(name)] = volume_of(r, f"ebs_block_device.{i}", block)
    own = LaunchSpec(
        instance_type=known_string(r, "instance_type"),
        tenancy=tenancy_of(r, "tenancy"),
        monitoring=known_flag(r, "monitoring"),
        credit_mode=known_string(r, "credit_specification.0.cpu_credits"),
        ebs_optimized=known_flag(r, "ebs_optimized"),
        spot=market_spot(r),
        volumes=volumes,
    )
    template = referenced_source(r, (("launch_template.id", "launch_template.0.version"),
                                     ("launch_template.name", "launch_template.0.version")))
    if template is None:
        if own.instance_type is None:
            r.need("instance_type")  # raises: known only after apply, or not set
        return own
    spec = own.over(template_spec(template))
    root = r.blocks("root_block_device")
    if root and root[0].get("volume_size") is not None:
        replaced = [n for n in spec.volumes if n in ROOT_DEVICE_NAMES]
        for name in replaced:  # the instance's root_block_device replaces the template's root
            del spec.volumes[name]
    return spec


@register("aws_instance", usage=(
    *INSTANCE_USAGE,
    UsageKey("monthly_hrs", "hours", "hours per month the instance runs", kind="setting",
             default="730"),
))
def aws_instance(r: Resource) -> list[Component]:
    spec = instance_spec(r)
    instance_type = require_instance_type(spec)
    tenancy = spec.tenancy or "Shared"
    if tenancy == "Host":
        raise NotPriceable("dedicated-host tenancy is billed per host, not per instance")
    if tenancy == "Dedicated":
        r.note(DEDICATED_FEE_NOTE)
    hours = r.usage.number("monthly_hrs")
    comps = instance_components(r, instance_type, 1, spec.credit_mode, tenancy=tenancy,
                                hours=hours)
    credits = comps[1:]
    if spec.spot:
        r.note(f"spot instance (instance_market_options): {NO_SPOT_PRICES}")
        comps[0] = spot_hours(instance_type)
    comps = comps[:1] + launch_extras(spec, instance_type, 1, hours)

    root = r.blocks("root_block_device")
    if root and (root[0].get("volume_size") is not None or r.is_unknown(
            "root_block_device.0.volume_size")):
        if r.is_unknown("root_block_device.0.volume_size"):
            raise MissingAttribute("root_block_device.0.volume_size")
        comps += volume_components("Root volume", {
            **root[0], **volume_of(r, "root_block_device.0", root[0])})
        comps += spec_volumes(spec, label="EBS volume", default_root=False)
    elif spec.source is not None:
        comps += spec_volumes(spec, label="EBS volume", note_on=r)
    else:
        comps += volume_components("Root volume", {"volume_size": DEFAULT_ROOT_GB,
                                                   "volume_type": "gp2"})
        r.note(f"root volume size not in the plan; assumed {DEFAULT_ROOT_GB} GB gp2 "
               "(the usual AMI default)")
        comps += spec_volumes(spec, label="EBS volume", default_root=False)
    return comps + credits


EBS_VOLUME_USAGE = (UsageKey("monthly_standard_io_requests", "requests",
                             "I/O requests per month (magnetic `standard` volumes)"),)
DEFAULT_VOLUME_TYPE = "gp2"  # EC2's default when a volume's type is not set


@register("aws_ebs_volume", usage=EBS_VOLUME_USAGE)
def aws_ebs_volume(r: Resource) -> list[Component]:
    if r.is_unknown("size"):
        raise MissingAttribute("size")
    size = r.number("size")
    if size is None:
        if r.get("snapshot_id"):
            raise MissingAttribute("size", "taken from the snapshot, not in the plan")
        raise MissingAttribute("size", "not set")
    volume_type = None if r.is_unknown("type") else r.string("type")
    if volume_type is None:
        volume_type = DEFAULT_VOLUME_TYPE
        r.note(f"volume type not set; EC2's default {DEFAULT_VOLUME_TYPE} assumed")
    if volume_type in ("io1", "io2") and r.is_unknown("iops"):
        raise MissingAttribute("iops")  # provisioned IOPS are billed; gp3's default is free
    volume = {"type": volume_type, "size": r.get("size"),
              **{key: (AfterApply(key) if r.set_in_config(key) else None)
                 if r.is_unknown(key) else r.number(key) for key in ("iops", "throughput")}}
    comps = volume_components("Volume", volume)
    if volume_type == "standard":
        comps.append(usage("Volume I/O requests (standard)", "requests",
                           PriceRef("ebs", "io_requests", {"volume_type": "standard"}),
                           "monthly_standard_io_requests"))
    return comps
