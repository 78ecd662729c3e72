"""EBS snapshots and AMIs: aws_ebs_snapshot, aws_ebs_snapshot_copy, aws_ebs_snapshot_import,
aws_ami_copy, aws_ami_from_instance, and aws_ebs_fast_snapshot_restore.

Snapshot storage is billed per GB-month of data stored. The stored size is known only after
the snapshot is taken, so it comes from the usage file (``storage_gb``) or, where the plan
knows it, from the size of the volumes it copies: an upper bound (a snapshot stores only the
written blocks; later snapshots of a volume only the changed ones), said in a note. Snapshots in
the archive tier (``storage_tier = "archive"``) have their own price. Fast snapshot restore is
billed per snapshot per Availability Zone per hour (DSU-hours).

(aws_ami registers existing snapshots and creates no storage of its own: it is free; the
snapshots it names are priced as aws_ebs_snapshot.)
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.aws.ec2 import DEFAULT_ROOT_GB
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    UsageKey,
    monthly,
    usage,
)

STORAGE_USAGE = UsageKey("storage_gb", "GB", "snapshot data stored (default: the size of the "
                         "volumes it copies, an upper bound)", kind="setting")
IMPORTED_STORAGE_USAGE = UsageKey("storage_gb", "GB", "snapshot data stored (the imported "
                                  "image's size is known only after the import)")
FSR_USAGE = UsageKey("fast_snapshot_restore_hours", "hours",
                     "DSU-hours per month of fast snapshot restore (hours x Availability Zones)")
UPPER_BOUND = ("snapshot storage priced at the full size of the source volumes (an upper bound: "
               "only written blocks are stored); set storage_gb in the usage file to refine")


def snapshot_storage(r: Resource, size_gb: Decimal | None) -> Component:
    """Snapshot storage: the usage file's ``storage_gb``, else ``size_gb`` (noted as an upper
    bound), else "$X per GB-month"."""
    archive = not r.is_unknown("storage_tier") and r.string("storage_tier") == "archive"
    comp = usage("Snapshot storage (archive tier)" if archive else "Snapshot storage",
                 "GB-months", PriceRef("ebs", "snapshot_archive" if archive else "snapshot", {}),
                 "storage_gb")
    if size_gb is not None and r.usage.number("storage_gb") is None:
        comp.quantity = size_gb
        comp.usage_based = False
        r.note(UPPER_BOUND)
    return comp


def known_size(r: Resource, path: str) -> Decimal | None:
    """A size the plan knows (None when unknown or unset)."""
    if r.is_unknown(path):
        return None
    return r.number(path)


def volume_size(volume: Resource | None) -> Decimal | None:
    """The size of an aws_ebs_volume (or of a snapshot: its volume_size / its volume's)."""
    if volume is None:
        return None
    if volume.type == "aws_ebs_volume":
        return known_size(volume, "size")
    return known_size(volume, "volume_size") or volume_size(volume.referenced("volume_id"))


def fast_snapshot_restore(r: Resource) -> Component:
    return usage("Fast snapshot restore", "DSU-hours",
                 PriceRef("ebs", "fast_snapshot_restore", {}), "fast_snapshot_restore_hours")


@register("aws_ebs_snapshot", usage=(STORAGE_USAGE, FSR_USAGE))
def aws_ebs_snapshot(r: Resource) -> list[Component]:
    size = known_size(r, "volume_size") or volume_size(r.referenced("volume_id"))
    return [snapshot_storage(r, size), fast_snapshot_restore(r)]


@register("aws_ebs_snapshot_copy", usage=(STORAGE_USAGE,))
def aws_ebs_snapshot_copy(r: Resource) -> list[Component]:
    """A copy stores the full data of its source snapshot (a first copy is not incremental)."""
    size = known_size(r, "volume_size") or volume_size(r.referenced("source_snapshot_id"))
    return [snapshot_storage(r, size)]


@register("aws_ebs_snapshot_import", usage=(IMPORTED_STORAGE_USAGE,), kind=USAGE_ONLY)
def aws_ebs_snapshot_import(r: Resource) -> list[Component]:
    """The imported disk image's size is known only after the import (usage, or the state)."""
    return [snapshot_storage(r, known_size(r, "volume_size"))]


def ami_device_sizes(ami: Resource) -> Decimal | None:
    """Total size of an AMI's EBS block devices; None when any size is unknown."""
    total = Decimal(0)
    devices = ami.blocks("ebs_block_device")
    if ami.is_unknown("ebs_block_device") or not devices:
        return None
    for i, _device in enumerate(devices):
        size = known_size(ami, f"ebs_block_device.{i}.volume_size")
        if size is None:
            return None
        total += size
    return total


@register("aws_ami_copy", usage=(STORAGE_USAGE,))
def aws_ami_copy(r: Resource) -> list[Component]:
    """A copied AMI owns copies of its source's snapshots."""
    size = ami_device_sizes(r)
    if size is None:
        source = r.referenced("source_ami_id")
        size = ami_device_sizes(source) if source is not None else None
    return [snapshot_storage(r, size)]


@register("aws_ami_from_instance", usage=(STORAGE_USAGE,))
def aws_ami_from_instance(r: Resource) -> list[Component]:
    """An AMI made from an instance owns snapshots of the instance's EBS volumes."""
    size = ami_device_sizes(r)
    if size is None:
        size = instance_volume_sizes(r.referenced("source_instance_id"))
    return [snapshot_storage(r, size)]


def instance_volume_sizes(instance: Resource | None) -> Decimal | None:
    """Root plus EBS block device sizes of an aws_instance (the AMI default root when the plan
    does not size it); None when a data volume's size is unknown."""
    if instance is None:
        return None
    root = instance.blocks("root_block_device")
    size = known_size(instance, "root_block_device.0.volume_size") if root else None
    total = Decimal(DEFAULT_ROOT_GB) if size is None else size
    for i, _block in enumerate(instance.blocks("ebs_block_device")):
        block_size = known_size(instance, f"ebs_block_device.{i}.volume_size")
        if block_size is None:
            return None
        total += block_size
    return total


@register("aws_ebs_fast_snapshot_restore")
def aws_ebs_fast_snapshot_restore(r: Resource) -> list[Component]:
    """Fast snapshot restore of one snapshot in one Availability Zone, all month."""
    if r.is_unknown("availability_zone"):
        raise MissingAttribute("availability_zone")
    zone = r.string("availability_zone", required=True)
    return [monthly(f"Fast snapshot restore ({zone})", "DSU-hours", HOURS_PER_MONTH,
                    PriceRef("ebs", "fast_snapshot_restore", {}))]
