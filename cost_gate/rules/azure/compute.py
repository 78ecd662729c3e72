"""Azure compute: virtual machines, scale sets and managed disks.

VM hours come from ``azure/virtual_machines`` (``vm``: arm_sku_name, os); disks from
``azure/managed_disks`` — tiered Standard HDD/SSD and Premium SSD disks are billed per disk per
month at the smallest tier that holds the disk, Premium SSD v2 and Ultra Disks per provisioned
GiB, IOPS and MB/s per hour.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.base import (
    MONTHLY_HRS,
    Component,
    MissingAttribute,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    apply_monthly_hrs,
    hourly,
    monthly,
    to_decimal,
)

PROVIDER = "azure"  # pricing_data/azure

# Tier number of the tiered managed disks by the largest size (GiB) the tier holds; the same
# ladder for Premium SSD (P), Standard SSD (E) and Standard HDD (S, which starts at S4).
DISK_TIERS: tuple[tuple[int, str], ...] = (
    (4, "1"), (8, "2"), (16, "3"), (32, "4"), (64, "6"), (128, "10"), (256, "15"),
    (512, "20"), (1024, "30"), (2048, "40"), (4096, "50"), (8192, "60"), (16384, "70"),
    (32767, "80"),
)
# storage_account_type -> (tier letter, product name, redundancy, smallest tier in GiB)
TIERED_DISKS: dict[str, tuple[str, str, str, int]] = {
    "Standard_LRS": ("S", "Standard HDD", "LRS", 32),
    "StandardSSD_LRS": ("E", "Standard SSD", "LRS", 4),
    "StandardSSD_ZRS": ("E", "Standard SSD", "ZRS", 4),
    "Premium_LRS": ("P", "Premium SSD", "LRS", 4),
    "Premium_ZRS": ("P", "Premium SSD", "ZRS", 4),
}
# storage_account_type -> (disk_type, product name, IOPS and MB/s included at no charge)
FLEX_DISKS: dict[str, tuple[str, str, int, int]] = {
    "PremiumV2_LRS": ("premium_ssd_v2", "Premium SSD v2", 3000, 125),
    "UltraSSD_LRS": ("ultra", "Ultra Disk", 0, 0),
}
# OS disk size of the usual marketplace images, used when the plan leaves it to the image.
DEFAULT_OS_DISK_GIB = {"Linux": 30, "Windows": 127}
HYBRID_BENEFIT = ("Windows_Server", "Windows_Client")
PAID_LINUX_PUBLISHERS = ("redhat", "suse")


def _ref(service: str, product: str, attrs: Mapping[str, str]) -> PriceRef:
    return PriceRef(service, product, attrs, provider=PROVIDER)


def vm_hours(size: str, os_name: str, *, count: Decimal | int = 1,
             license_type: str | None = None) -> Component:
    """Pay-as-you-go VM hours; Windows with Azure Hybrid Benefit pays the Linux (base) rate."""
    if os_name == "Windows" and license_type in HYBRID_BENEFIT:
        label, price_os = "Windows, Azure Hybrid Benefit", "Linux"
    else:
        label, price_os = os_name, os_name
    return hourly(f"Virtual machine ({label}, {size})",
                  _ref("virtual_machines", "vm",
                       {"arm_sku_name": size.lower(), "os": price_os}), count)


def disk_tier(account_type: str, size_gib: Decimal) -> str:
    """``P10_LRS`` for a 100 GiB Premium_LRS disk: the smallest tier that holds the disk."""
    letter, name, redundancy, smallest = TIERED_DISKS[account_type]
    for max_gib, tier in DISK_TIERS:
        if max_gib >= smallest and max_gib >= size_gib:
            return f"{letter}{tier}_{redundancy}"
    raise NotPriceable(f"{size_gib} GiB is above the largest {name} tier (32,767 GiB)")


def disk_components(label: str, account_type: str, size: Decimal | int, *,
                    iops: Decimal | None = None, mbps: Decimal | None = None,
                    count: Decimal | int = 1) -> list[Component]:
    """The charges of one managed disk (``count`` identical disks); the caller reads size,
    IOPS and throughput through the typed accessors."""
    size_gib = to_decimal(size)
    count = Decimal(count)
    if account_type in TIERED_DISKS:
        sku = disk_tier(account_type, size_gib)
        _, name, redundancy, _ = TIERED_DISKS[account_type]
        tier = sku.split("_")[0] + (" ZRS" if redundancy == "ZRS" else "")
        return [monthly(f"{label} ({name} {tier}, {size} GiB)", "disk-months", count,
                        _ref("managed_disks", "disk", {"sku": sku}))]
    if account_type not in FLEX_DISKS:
        raise NotPriceable(f"{label}: storage account type {account_type!r} is not priced")
    disk_type, name, free_iops, free_mbps = FLEX_DISKS[account_type]
    attrs = {"disk_type": disk_type, "redundancy": "LRS"}
    hours = HOURS_PER_MONTH * count
    comps = [monthly(f"{label} capacity ({name}, {size} GiB)", "GiB-hours", size_gib * hours,
                     _ref("managed_disks", "capacity", attrs))]
    above = f", above {free_iops:,}" if free_iops else ""
    if iops is not None and int(iops) > free_iops:
        comps.append(monthly(f"{label} IOPS ({name}, {int(iops):,}{above})", "IOPS-hours",
                             (int(iops) - free_iops) * hours,
                             _ref("managed_disks", "iops", attrs)))
    above = f", above {free_mbps} MB/s" if free_mbps else ""
    if mbps is not None and int(mbps) > free_mbps:
        comps.append(monthly(f"{label} throughput ({name}, {int(mbps)} MB/s{above})",
                             "MBps-hours", (int(mbps) - free_mbps) * hours,
                             _ref("managed_disks", "throughput", attrs)))
    return comps


def _os_disk(r: Resource, block: str, type_key: str, os_name: str,
             count: Decimal | int = 1) -> list[Component]:
    """OS disk of a VM or scale set: size from the plan, else the usual image size."""
    if r.string(f"{block}.0.diff_disk_settings.0.option", unknown_ok=True):
        r.note("ephemeral OS disk: stored on the VM host, no managed-disk charge")
        return []
    account_type = r.string(f"{block}.0.{type_key}", required=True)
    size_path = f"{block}.0.disk_size_gb"  # unknown until apply: set by the image
    size = None if r.is_unknown(size_path) else r.number(size_path)
    if size is None:
        size = DEFAULT_OS_DISK_GIB[os_name]
        r.note(f"OS disk size not in the plan (set by the image); assumed {size} GiB, "
               f"the usual size of {os_name} marketplace images")
    return disk_components("OS disk", account_type, size, count=count)


def _data_disks(r: Resource, block: str, type_key: str,
                count: Decimal | int = 1) -> list[Component]:
    comps: list[Component] = []
    for path in r.block_paths(block):
        name = (r.string(f"{path}.name", unknown_ok=True)
                or "LUN " + (r.string(f"{path}.lun", unknown_ok=True) or path[-1]))
        comps += disk_components(f"Data disk {name}",
                                 r.string(f"{path}.{type_key}", required=True),
                                 r.number(f"{path}.disk_size_gb", required=True),
                                 iops=r.number(f"{path}.disk_iops_read_write"),
                                 mbps=r.number(f"{path}.disk_mbps_read_write"), count=count)
    return comps


def _check_priority(r: Resource) -> None:
    if r.string("priority", unknown_ok=True) in ("Spot", "Low"):
        raise NotPriceable("Spot VMs are billed at spot rates, which the price data does not "
                           "include")


def _note_linux_software(r: Resource) -> None:
    publisher = (r.string("source_image_reference.0.publisher", unknown_ok=True) or "").lower()
    if publisher in PAID_LINUX_PUBLISHERS and not r.string("license_type", unknown_ok=True):
        r.unpriced(f"the {publisher} OS software charge billed on top of the Linux VM rate")


# Usage keys: `monthly_hrs` (VM hours per month), `instances` on scale sets (average count).
SCALE_SET_INSTANCES = UsageKey("instances", "instances",
                               "average number of instances (instead of `instances`)",
                               kind="setting")


@register("azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine",
          usage=(MONTHLY_HRS,))
def azurerm_virtual_machine_v2(r: Resource) -> list[Component]:
    _check_priority(r)
    os_name = "Windows" if r.type == "azurerm_windows_virtual_machine" else "Linux"
    if os_name == "Linux":
        _note_linux_software(r)
    comps = [apply_monthly_hrs(r, vm_hours(r.string("size", required=True), os_name,
                                           license_type=r.string("license_type", unknown_ok=True)))]
    return comps + _os_disk(r, "os_disk", "storage_account_type", os_name)


@register("azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set",
          usage=(SCALE_SET_INSTANCES,))
def azurerm_virtual_machine_scale_set_v2(r: Resource) -> list[Component]:
    _check_priority(r)
    os_name = "Windows" if r.type == "azurerm_windows_virtual_machine_scale_set" else "Linux"
    if os_name == "Linux":
        _note_linux_software(r)
    instances = r.usage.number("instances")
    count = instances if instances is not None else r.number("instances", required=True,
                                                            integer=True)
    comps = [vm_hours(r.string("sku", required=True), os_name, count=count,
                      license_type=r.string("license_type", unknown_ok=True))]
    comps += _os_disk(r, "os_disk", "storage_account_type", os_name, count)
    return comps + _data_disks(r, "data_disk", "storage_account_type", count)


@register("azurerm_virtual_machine_scale_set", usage=(SCALE_SET_INSTANCES,))
def azurerm_virtual_machine_scale_set(r: Resource) -> list[Component]:
    """The legacy scale set: sku block (name, capacity), OS from the Windows config block."""
    _check_priority(r)
    windows = bool(r.blocks("os_profile_windows_config"))
    os_name = "Windows" if windows else "Linux"
    count = r.usage.number("instances")
    if count is None:
        count = r.number("sku.0.capacity", required=True, integer=True)
    comps = [vm_hours(r.string("sku.0.name", required=True), os_name, count=count,
                      license_type=r.string("license_type", unknown_ok=True))]
    account_type = r.string("storage_profile_os_disk.0.managed_disk_type")
    if account_type:
        size = DEFAULT_OS_DISK_GIB[os_name]
        r.note(f"OS disk size not in the plan (set by the image); assumed {size} GiB, the usual "
               f"size of {os_name} marketplace images")
        comps += disk_components("OS disk", account_type, size, count=count)
    for path in r.block_paths("storage_profile_data_disk"):
        comps += disk_components(
            f"Data disk LUN {r.string(f'{path}.lun', unknown_ok=True) or path[-1]}",
            r.string(f"{path}.managed_disk_type", required=True),
            r.number(f"{path}.disk_size_gb", required=True), count=count)
    return comps


@register("azurerm_orchestrated_virtual_machine_scale_set", usage=(SCALE_SET_INSTANCES,))
def azurerm_orchestrated_virtual_machine_scale_set(r: Resource) -> list[Component]:
    """Flexible orchestration: instances x sku_name; OS from the os_profile block."""
    _check_priority(r)
    count = r.usage.number("instances")
    if count is None:
        count = r.number("instances", integer=True)
    if count is None:
        raise MissingAttribute("instances", "not set (instances added outside the scale set)")
    if count == 0:
        return []
    windows = bool(r.blocks("os_profile.0.windows_configuration"))
    os_name = "Windows" if windows else "Linux"
    comps = [vm_hours(r.string("sku_name", required=True), os_name, count=count,
                      license_type=r.string("license_type", unknown_ok=True))]
    comps += _os_disk(r, "os_disk", "storage_account_type", os_name, count)
    return comps + _data_disks(r, "data_disk", "storage_account_type", count)


@register("azurerm_dedicated_host")
def azurerm_dedicated_host(r: Resource) -> list[Component]:
    """A dedicated host per hour (VMs placed on it pay no compute charge of their own)."""
    from cost_gate.pricing.azure_mapper import host_sku_key

    sku = r.string("sku_name", required=True)
    if r.string("license_type", unknown_ok=True) not in (None, "None"):
        r.note("Windows Server / SQL Server license charges of the host are not included")
    return [hourly(f"Dedicated host ({sku})",
                   _ref("virtual_machines", "dedicated_host", {"sku": host_sku_key(sku)}))]


@register("azurerm_virtual_machine", usage=(MONTHLY_HRS,))
def azurerm_virtual_machine(r: Resource) -> list[Component]:
    """The legacy VM resource: OS from the Windows config block or the OS disk's os_type."""
    windows = bool(r.blocks("os_profile_windows_config")) or (
        r.string("storage_os_disk.0.os_type", unknown_ok=True) == "Windows")
    os_name = "Windows" if windows else "Linux"
    comps = [apply_monthly_hrs(r, vm_hours(r.string("vm_size", required=True), os_name,
                                           license_type=r.string("license_type", unknown_ok=True)))]
    if r.string("storage_os_disk.0.vhd_uri", unknown_ok=True):
        raise MissingAttribute("storage_os_disk.0.managed_disk_type",
                               "not set (unmanaged VHD disk: its blob storage is not priced)")
    comps += _os_disk(r, "storage_os_disk", "managed_disk_type", os_name)
    return comps + _data_disks(r, "storage_data_disk", "managed_disk_type")


@register("azurerm_managed_disk")
def azurerm_managed_disk(r: Resource) -> list[Component]:
    account_type = r.string("storage_account_type", required=True)
    size = r.number("disk_size_gb")
    if size is None:
        raise MissingAttribute("disk_size_gb", "taken from the source, not in the plan")
    iops, mbps = r.number("disk_iops_read_write"), r.number("disk_mbps_read_write")
    if account_type in FLEX_DISKS:
        free_iops = FLEX_DISKS[account_type][2]
        for path, value in (("disk_iops_read_write", iops), ("disk_mbps_read_write", mbps)):
            if value is None and not free_iops:
                raise MissingAttribute(path, "set by Azure from the size, not in the plan")
        if free_iops and (iops is None or mbps is None):
            r.note("IOPS/throughput not in the plan; assumed the included 3,000 IOPS and "
                   "125 MB/s")
    return disk_components("Managed disk", account_type, size, iops=iops, mbps=mbps)
