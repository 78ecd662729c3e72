"""Compute Engine: google_compute_instance and google_compute_disk.

Prices come from ``gcp/compute``: ``instance`` (machine_type, on-demand hour) and ``disk``
(type, GB-month of zonal persistent disk). The region is the instance's or disk's zone without
its letter.
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import (
    MONTHLY_HRS,
    Component,
    MissingAttribute,
    NotPriceable,
    PriceRef,
    Resource,
    apply_monthly_hrs,
    hourly,
    monthly,
    to_decimal,
)

PROVIDER = "gcp"  # pricing_data/gcp
# The provider's boot disk type when none is given, and the size of the usual public images.
DEFAULT_BOOT_DISK_TYPE = "pd-standard"
DEFAULT_BOOT_DISK_GB = 10
DEFAULT_DISK_TYPE = "pd-standard"  # google_compute_disk.type default
LOCAL_SSD_GB = 375  # one scratch (local SSD) disk
# Image projects whose OS license is billed on top of the machine type (not in the data).
PREMIUM_IMAGE_PROJECTS = ("windows-cloud", "windows-sql-cloud", "rhel-cloud", "rhel-sap-cloud",
                          "suse-cloud", "suse-sap-cloud", "ubuntu-os-pro-cloud")


def _ref(product: str, attrs: dict[str, str]) -> PriceRef:
    return PriceRef("compute", product, attrs, provider=PROVIDER)


def disk_storage(label: str, disk_type: str, size: object) -> Component:
    return monthly(f"{label} ({disk_type}, {size} GB)", "GB-months", to_decimal(size),
                   _ref("disk", {"type": disk_type}))


def _boot_disk(r: Resource) -> list[Component]:
    if not r.blocks("boot_disk"):
        raise MissingAttribute("boot_disk", "not set")
    params = r.get("boot_disk.0.initialize_params.0")
    if params is None and (r.get("boot_disk.0.source") or r.is_unknown("boot_disk.0.source")):
        r.note("boot disk attached from a separate disk resource, priced there")
        return []
    params = params or {}
    disk_type = params.get("type")
    size = params.get("size")
    if disk_type is None:
        disk_type = DEFAULT_BOOT_DISK_TYPE
        r.note(f"boot disk type not in the plan; assumed {DEFAULT_BOOT_DISK_TYPE} "
               "(the provider default)")
    if size is None:
        size = DEFAULT_BOOT_DISK_GB
        r.note(f"boot disk size not in the plan (set by the image); assumed "
               f"{DEFAULT_BOOT_DISK_GB} GB, the size of the usual public images")
    image = str(params.get("image") or "")
    if any(project in image for project in PREMIUM_IMAGE_PROJECTS):
        r.note(f"premium image {image}: its OS license charge is not included")
    return [disk_storage("Boot disk", disk_type, size)]


@register("google_compute_instance", usage=(MONTHLY_HRS,))
def google_compute_instance(r: Resource) -> list[Component]:
    if (r.get("scheduling.0.preemptible") is True
            or str(r.get("scheduling.0.provisioning_model", "")).upper() == "SPOT"):
        raise NotPriceable("Spot/preemptible VMs are billed at spot rates, which the price "
                           "data does not include")
    machine_type = str(r.need("machine_type")).rsplit("/", 1)[-1]
    comps = [apply_monthly_hrs(r, hourly(f"Instance usage (on-demand, {machine_type})",
                                         _ref("instance", {"machine_type": machine_type})))]
    comps += _boot_disk(r)
    # Local SSD and attachable GPUs have no price in the data yet: these components show as
    # not priced, so the instance is reported partial instead of under-priced.
    for i, scratch in enumerate(r.blocks("scratch_disk")):
        size = scratch.get("size") or LOCAL_SSD_GB
        comps.append(monthly(f"Scratch disk {i} (local SSD, {size} GB)", "GB-months",
                             to_decimal(size), _ref("disk", {"type": "local-ssd"})))
    for gpu in r.blocks("guest_accelerator"):
        count = int(gpu.get("count") or 0)
        if count:
            comps.append(hourly(f"GPU ({gpu.get('type')} x{count})",
                                _ref("gpu", {"type": str(gpu.get("type"))}), count))
    return comps


@register("google_compute_disk")
def google_compute_disk(r: Resource) -> list[Component]:
    disk_type = str(r.get("type") or DEFAULT_DISK_TYPE).rsplit("/", 1)[-1]
    size = r.get("size")
    if size is None:
        if r.is_unknown("size"):
            raise MissingAttribute("size")
        if r.get("image") or r.get("snapshot"):
            raise MissingAttribute("size", "taken from the image/snapshot, not in the plan")
        raise MissingAttribute("size", "not set")
    return [disk_storage("Persistent disk", disk_type, size)]
