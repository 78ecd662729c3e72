"""Compute Engine: instances (predefined, custom, Spot, GPUs, local SSD), instance groups,
reservations, sole-tenant node groups, disks and snapshots.

Prices come from ``gcp/compute``: ``instance`` (machine_type[, provisioning=spot], hour),
``vcpu``/``ram`` (family, shape: per vCPU-hour / GiB-hour of custom, extended-memory and
sole-tenant capacity), ``gpu``, ``local_ssd``, ``disk`` (type[, replication=regional]),
``snapshot``. The region is the instance's or disk's zone without its letter.

Sustained-use discounts: N1 machine types (predefined and custom) running a full month are
billed by the documented tiers — each successive quarter of the month at 100/80/60/40% of the
on-demand rate (Google's pricing-calculator price list v1.10), 30% off in all — shown as a
separate negative component. The N2/N2D/C2/M1 schedules are not in the data, so those
families are priced at the on-demand rate with a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    MONTHLY_HRS,
    BadAttribute,
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

PROVIDER = "gcp"  # pricing_data/gcp
# The provider's boot disk type when none is given, and the size of the usual public images.
DEFAULT_BOOT_DISK_TYPE = "pd-standard"
DEFAULT_BOOT_DISK_GB = 10
DEFAULT_DISK_TYPE = "pd-standard"  # google_compute_disk.type default
# Size used when the plan leaves it unset, by disk type (the provider/API defaults).
DEFAULT_DISK_GB = {"pd-standard": 500, "pd-balanced": 100, "pd-ssd": 100, "pd-extreme": 1000}
LOCAL_SSD_GB = 375  # one scratch (local SSD) disk
# Image projects whose OS license is billed on top of the machine type (not in the data).
PREMIUM_IMAGE_PROJECTS = ("windows-cloud", "windows-sql-cloud", "rhel-cloud", "rhel-sap-cloud",
                          "suse-cloud", "suse-sap-cloud", "ubuntu-os-pro-cloud")
# Sustained-use tiers (share of the month -> share of the base rate), Google's pricing-calculator
# price list v1.10 (../shared/pricing-sources/gcp/sustained_use_discount_tiers_*.csv).
SUSTAINED_USE_TIERS = ((Decimal("0.25"), Decimal("1.0")), (Decimal("0.50"), Decimal("0.8")),
                       (Decimal("0.75"), Decimal("0.6")), (Decimal("1.0"), Decimal("0.4")))
SUSTAINED_USE_FAMILIES = ("n1",)  # the families whose schedule the data documents
SUSTAINED_USE_UNDOCUMENTED = ("n2", "n2d", "c2", "m1", "m2")
# custom-N-M[-ext], n2-custom-N-M, n2d-custom-..., e2-custom-...  (M in MB)
_CUSTOM = re.compile(r"^(?:(?P<family>n1|n2|n2d|e2)-)?custom-(?P<vcpus>\d+)-(?P<mb>\d+)"
                     r"(?P<ext>-ext)?$")
# GiB of memory per vCPU above which custom memory is "extended" (billed at its own rate).
CUSTOM_MAX_GIB_PER_VCPU = {"n1": Decimal("6.5"), "n2": Decimal(8), "n2d": Decimal(8)}


def known_string(r: Resource, path: str) -> str | None:
    """An optional string attribute; None when unset or known only after apply (the provider
    then fills in its default, which the caller assumes)."""
    return None if r.is_unknown(path) else r.string(path)


def known_number(r: Resource, path: str, **kw: Any) -> Decimal | None:
    """An optional number attribute; None when unset or known only after apply."""
    return None if r.is_unknown(path) else r.number(path, **kw)


def ref(product: str, attrs: Mapping[str, str], service: str = "compute", **kw: Any) -> PriceRef:
    return PriceRef(service, product, dict(attrs), provider=PROVIDER, **kw)


def sustained_use_share(fraction: Decimal = Decimal(1)) -> Decimal:
    """Share of the on-demand rate paid for running ``fraction`` of the month under the tiers
    (0.7 for a full month)."""
    previous = Decimal(0)
    paid = Decimal(0)
    for upto, rate in SUSTAINED_USE_TIERS:
        if fraction <= previous:
            break
        paid += (min(fraction, upto) - previous) * rate
        previous = upto
    return paid / fraction if fraction else Decimal(1)


def disk_storage(label: str, disk_type: str, size: object, count: Decimal | int = 1,
                 *, regional: bool = False) -> Component:
    attrs = {"type": disk_type, **({"replication": "regional"} if regional else {})}
    kind = f"regional {disk_type}" if regional else disk_type
    return monthly(f"{label} ({kind}, {size} GB)", "GB-months",
                   to_decimal(size) * Decimal(count), ref("disk", attrs))


def is_spot(r: Resource, path: str = "scheduling") -> bool:
    """Whether the scheduling block at ``path`` asks for Spot/preemptible VMs."""
    for block in r.block_paths(path)[:1]:
        model = r.string(f"{block}.provisioning_model", unknown_ok=True) or ""
        return r.flag(f"{block}.preemptible", unknown_ok=True) or model.upper() == "SPOT"
    return False


def machine_components(r: Resource, machine_type: str, *, spot: bool = False,
                       count: Decimal | int = 1,
                       hours: Decimal = HOURS_PER_MONTH) -> list[Component]:
    """``hours`` per VM of one machine type (predefined or custom) for ``count`` VMs, with the
    N1 sustained-use discount for that share of the month."""
    machine_type = machine_type.rsplit("/", 1)[-1]
    count = Decimal(count)
    each = f" x{count}" if count != 1 else ""
    custom = _CUSTOM.match(machine_type)
    if custom is None:
        attrs = {"machine_type": machine_type, **({"provisioning": "spot"} if spot else {})}
        label = "Spot" if spot else "on-demand"
        comps = [Component(f"Instance usage ({label}, {machine_type}{each})", "hours",
                           hours * count, ref("instance", attrs))]
        family = machine_type.split("-", 1)[0]
    else:
        if spot:
            raise NotPriceable(f"Spot rates of custom machine types ({machine_type}) are not in "
                               "the price data")
        family = custom.group("family") or "n1"
        comps = _custom_components(machine_type, custom, family, count, hours)
    if spot:
        return comps
    if family in SUSTAINED_USE_FAMILIES:
        share = min(hours / HOURS_PER_MONTH, Decimal(1))
        discount = Decimal(1) - sustained_use_share(share)
        if discount:
            for comp in list(comps):
                comps.append(Component(f"Sustained-use discount ({comp.name})", comp.unit,
                                       -(comp.quantity or 0) * discount, comp.price,
                                       discount=True))
            whole = "the whole month" if share == 1 else f"{hours.normalize():f} hours a month"
            r.note(f"sustained-use discount of {discount:.0%} for {family.upper()} assumes the "
                   f"instance runs {whole}")
    elif family in SUSTAINED_USE_UNDOCUMENTED:
        r.note(f"{family.upper()} gets a sustained-use discount whose schedule is not in the "
               "price data: priced at the on-demand rate")
    return comps


def _custom_components(machine_type: str, match: re.Match, family: str,
                       count: Decimal, hours_each: Decimal = HOURS_PER_MONTH) -> list[Component]:
    vcpus = Decimal(match.group("vcpus"))
    gib = Decimal(match.group("mb")) / 1024
    shape = {"shape": "custom"} if family != "e2" else {}  # E2 custom uses the E2 rates
    extended = Decimal(0)
    if match.group("ext"):
        limit = CUSTOM_MAX_GIB_PER_VCPU.get(family)
        if limit is None:
            raise NotPriceable(f"{machine_type}: extended memory is not offered for "
                               f"{family.upper()}")
        extended = max(Decimal(0), gib - limit * vcpus)
    hours = hours_each * count
    name = f"Custom {family.upper()} {machine_type}"
    comps = [
        monthly(f"{name}: {vcpus} vCPUs", "vCPU-hours", vcpus * hours,
                ref("vcpu", {"family": family, **shape})),
        monthly(f"{name}: {_plain(gib - extended)} GiB memory", "GiB-hours",
                (gib - extended) * hours, ref("ram", {"family": family, **shape})),
    ]
    if extended:
        comps.append(monthly(f"{name}: {_plain(extended)} GiB extended memory", "GiB-hours",
                             extended * hours,
                             ref("ram", {"family": family, "shape": "custom_extended"})))
    return comps


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def gpu_components(r: Resource, path: str, *, count: Decimal | int = 1, spot: bool = False,
                   keys: tuple[str, str] = ("type", "count")) -> list[Component]:
    """The GPUs of the accelerator blocks at ``path``."""
    comps = []
    type_key, count_key = keys
    for gpu in r.block_paths(path):
        number = r.number(f"{gpu}.{count_key}", 1, integer=True)
        gpu_type = r.string(f"{gpu}.{type_key}", required=True).rsplit("/", 1)[-1]
        if not number:
            continue
        attrs = {"type": gpu_type, **({"provisioning": "spot"} if spot else {})}
        comps.append(hourly(f"GPU ({gpu_type} x{number * Decimal(count)})", ref("gpu", attrs),
                            number * Decimal(count)))
    return comps


def local_ssd(label: str, size: Decimal | int, count: Decimal | int = 1) -> Component:
    return monthly(f"{label} (local SSD, {size} GB)", "GB-months",
                   Decimal(size) * Decimal(count), ref("local_ssd", {}))


def _boot_disk(r: Resource) -> list[Component]:
    if not r.blocks("boot_disk"):
        raise MissingAttribute("boot_disk", "not set")
    params = r.block("boot_disk.0.initialize_params.0") if not r.is_unknown(
        "boot_disk.0.initialize_params") else {}
    r.blocks("boot_disk.0.initialize_params")  # a wrong shape is a note naming it
    if not params and (r.is_unknown("boot_disk.0.source")
                       or r.string("boot_disk.0.source", unknown_ok=True)):
        r.note("boot disk attached from a separate disk resource, priced there")
        return []
    disk_type = known_string(r, "boot_disk.0.initialize_params.0.type")
    size = known_number(r, "boot_disk.0.initialize_params.0.size")
    if disk_type is None:
        disk_type = DEFAULT_BOOT_DISK_TYPE
        r.note(f"boot disk type not in the plan; assumed {DEFAULT_BOOT_DISK_TYPE} "
               "(the provider default)")
    if size is None:
        size = Decimal(DEFAULT_BOOT_DISK_GB)
        r.note(f"boot disk size not in the plan (set by the image); assumed "
               f"{DEFAULT_BOOT_DISK_GB} GB, the size of the usual public images")
    _note_premium_image(r, r.string("boot_disk.0.initialize_params.0.image",
                                    unknown_ok=True) or "")
    return [disk_storage("Boot disk", disk_type, size)]


def _note_premium_image(r: Resource, image: str) -> None:
    if any(project in image for project in PREMIUM_IMAGE_PROJECTS):
        r.unpriced(f"the OS license charge of premium image {image}")


def instance_components(r: Resource) -> list[Component]:
    """A google_compute_instance: machine, GPUs, boot disk and scratch local SSDs."""
    spot = is_spot(r)
    hours = r.usage.number("monthly_hrs")
    comps = machine_components(r, r.string("machine_type", required=True), spot=spot,
                               hours=HOURS_PER_MONTH if hours is None else hours)
    comps += gpu_components(r, "guest_accelerator", spot=spot)
    comps += _boot_disk(r)
    for i, scratch in enumerate(r.block_paths("scratch_disk")):
        size = known_number(r, f"{scratch}.size") or Decimal(LOCAL_SSD_GB)
        comps.append(local_ssd(f"Scratch disk {i}", size))
    return comps


@register("google_compute_instance", usage=(MONTHLY_HRS,))
def google_compute_instance(r: Resource) -> list[Component]:
    return instance_components(r)


@register("google_compute_instance_from_template")
def google_compute_instance_from_template(r: Resource) -> list[Component]:
    """Attributes the plan shows win; without a machine type, the source template is priced."""
    if known_string(r, "machine_type"):
        return instance_components(r)
    template = r.referenced("source_instance_template")
    if template is None:
        raise MissingAttribute("machine_type", "set by an instance template not in the plan")
    return template_components(template, Decimal(1), r)


def template_components(template: Resource, count: Decimal, owner: Resource) -> list[Component]:
    """``count`` VMs of a google_compute_instance_template (machine, GPUs, disks)."""
    spot = is_spot(template)
    comps = machine_components(owner, template.string("machine_type", required=True),
                               spot=spot, count=count)
    comps += gpu_components(template, "guest_accelerator", count=count, spot=spot)
    for i, disk in enumerate(template.block_paths("disk")):
        disk_type = known_string(template, f"{disk}.disk_type") or DEFAULT_DISK_TYPE
        label = "Boot disk" if template.flag(f"{disk}.boot", unknown_ok=True) else f"Disk {i}"
        kind = (template.string(f"{disk}.type", unknown_ok=True) or "").upper()
        if kind == "SCRATCH" or disk_type == "local-ssd":
            size = known_number(template, f"{disk}.disk_size_gb") or Decimal(LOCAL_SSD_GB)
            comps.append(local_ssd(label, size, count))
            continue
        size = known_number(template, f"{disk}.disk_size_gb")
        if size is None:
            if template.string(f"{disk}.source", unknown_ok=True):
                continue  # an existing disk, priced as its own resource
            size = Decimal(DEFAULT_BOOT_DISK_GB)
            owner.note(f"{label.lower()} size not in the template (set by the image); "
                       f"assumed {DEFAULT_BOOT_DISK_GB} GB, the size of the usual public images")
        _note_premium_image(owner, template.string(f"{disk}.source_image",
                                                   unknown_ok=True) or "")
        comps.append(disk_storage(f"{label} x{count}" if count != 1 else label, disk_type,
                                  size, count))
    return comps


@register("google_compute_instance_group_manager",
          "google_compute_region_instance_group_manager")
def google_compute_instance_group_manager(r: Resource) -> list[Component]:
    """target_size VMs of the group's (first) instance template."""
    size = r.number("target_size", integer=True)
    if size is None:
        raise MissingAttribute("target_size", "not set (managed by an autoscaler)")
    template = r.referenced("version.0.instance_template")
    if template is None:
        raise MissingAttribute("version.0.instance_template",
                               "an instance template that is not in the plan")
    if len(r.blocks("version")) > 1:
        r.note("several versions (canary): every VM priced with the first version's template")
    if size == 0:
        return []
    return template_components(template, size, r)


@register("google_compute_reservation")
def google_compute_reservation(r: Resource) -> list[Component]:
    """Reserved capacity is billed like running VMs of the reserved machine type."""
    base = "specific_reservation.0"
    count = r.number(f"{base}.count", required=True, integer=True)
    props = f"{base}.instance_properties.0"
    comps = machine_components(r, r.string(f"{props}.machine_type", required=True), count=count)
    comps += gpu_components(r, f"{props}.guest_accelerators", count=count,
                            keys=("accelerator_type", "accelerator_count"))
    for i, ssd in enumerate(r.block_paths(f"{props}.local_ssds")):
        size = r.number(f"{ssd}.disk_size_gb", LOCAL_SSD_GB)
        comps.append(local_ssd(f"Local SSD {i}", size, count))
    return comps


# Sole-tenant node types: <family>-node-<vCPUs>-<GB of memory>.
_NODE_TYPE = re.compile(r"^(?P<family>[a-z0-9]+)-node-(?P<vcpus>\d+)-(?P<gb>\d+)$")


@register("google_compute_node_group")
def google_compute_node_group(r: Resource) -> list[Component]:
    """Sole-tenant nodes: vCPUs and memory of the node type at the sole-tenant rates plus the
    sole-tenancy premium, for every node of the group."""
    size = r.number("initial_size", integer=True)
    if size is None:
        size = r.number("size", integer=True)
    if size is None:
        raise MissingAttribute("initial_size", "not set (managed by an autoscaling policy)")
    template = r.referenced("node_template")
    if template is None:
        raise MissingAttribute("node_template", "a node template that is not in the plan")
    node_type = template.string("node_type", required=True)
    match = _NODE_TYPE.match(node_type)
    if match is None:
        raise BadAttribute("node_template.node_type", node_type, "a node type like "
                           "n1-node-96-624")
    family = match.group("family")
    vcpus, gib = Decimal(match.group("vcpus")), Decimal(match.group("gb"))
    hours = HOURS_PER_MONTH * size
    label = f"Sole-tenant node ({node_type} x{size})"
    return [
        monthly(f"{label}: {vcpus} vCPUs", "vCPU-hours", vcpus * hours,
                ref("vcpu", {"family": family, "shape": "sole_tenant"})),
        monthly(f"{label}: {gib} GB memory", "GiB-hours", gib * hours,
                ref("ram", {"family": family, "shape": "sole_tenant"})),
        monthly(f"{label}: sole-tenancy premium, vCPUs", "vCPU-hours", vcpus * hours,
                ref("vcpu", {"family": family, "shape": "sole_tenant_premium"})),
        monthly(f"{label}: sole-tenancy premium, memory", "GiB-hours", gib * hours,
                ref("ram", {"family": family, "shape": "sole_tenant_premium"})),
    ]


def _disk_size(r: Resource, disk_type: str) -> Decimal:
    size = r.number("size")
    if size is not None:
        return size
    if r.is_unknown("size"):
        raise MissingAttribute("size")
    if r.get("image") or r.get("snapshot") or r.get("source_disk"):
        raise MissingAttribute("size", "taken from the image/snapshot, not in the plan")
    default = DEFAULT_DISK_GB.get(disk_type)
    if default is None:
        raise MissingAttribute("size", "not set")
    r.note(f"size not set; assumed {default} GB, the default size of a {disk_type} disk")
    return Decimal(default)


@register("google_compute_disk")
def google_compute_disk(r: Resource) -> list[Component]:
    disk_type = (known_string(r, "type") or DEFAULT_DISK_TYPE).rsplit("/", 1)[-1]
    return [disk_storage("Persistent disk", disk_type, _disk_size(r, disk_type))]


@register("google_compute_region_disk")
def google_compute_region_disk(r: Resource) -> list[Component]:
    """A regional persistent disk (synchronously replicated across two zones)."""
    disk_type = (known_string(r, "type") or DEFAULT_DISK_TYPE).rsplit("/", 1)[-1]
    return [disk_storage("Regional persistent disk", disk_type, _disk_size(r, disk_type),
                         regional=True)]


@register("google_compute_snapshot", kind=USAGE_ONLY)
def google_compute_snapshot(r: Resource) -> list[Component]:
    """Snapshot storage: the stored size is known only after it is taken (usage)."""
    return [usage("Snapshot storage", "GB-months", ref("snapshot", {}), "storage_gb")]
