"""Azure VMs, scale sets and managed disks priced end to end against the shipped price table.

Unit prices were read from pricing_data/azure/<service>/<region>.csv (product, attributes
[source id]); monthly costs are worked out by hand in the comment next to each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from tests.rules.conftest import component, make_change

VMS = "karpenter-azure"  # data_date 2026-06-18
RADAR_WE = "pricingradar-latest-vm-eu-west-1b7f5544"  # westeurope, data_date 2026-08-20
RADAR_FR = "pricingradar-latest-vm-francecentral-1b7f5544"  # francecentral, 2026-08-20
DISKS = "flexera-azure-md"  # data_date 2026-07-12


@pytest.fixture
def price(price_changes) -> Callable[..., dict[str, Any]]:
    """Create one azurerm resource in ``region`` and return its report dict."""

    def run(address: str, attributes: dict[str, Any], *, unknown: Any = None,
            region: str = "westeurope") -> dict[str, Any]:
        change = dataclasses.replace(
            make_change(address, attributes, unknown=unknown, region=region), provider="azurerm")
        (mine,) = [r for r in price_changes(change) if r["address"] == address]
        return mine

    return run


def vm_hours(label: str, size: str, price: float, cost: float, hours: int = 730,
             source: str = RADAR_WE):
    date = "2026-06-18" if source == VMS else "2026-08-20"
    return component(f"Virtual machine ({label}, {size})", "hours", quantity=hours,
                     unit_price=price, monthly_cost=cost, source=source, data_date=date)


def disk(name: str, quantity: int | float, price: float, cost: float, unit: str = "disk-months"):
    return component(name, unit, quantity=quantity, unit_price=price, monthly_cost=cost,
                     source=DISKS, data_date="2026-07-12")


# virtual_machines/westeurope.csv vm arm_sku_name=standard_d2s_v5;os=Linux [pricingradar]
D2S_V5_WESTEUROPE = vm_hours("Linux", "Standard_D2s_v5", 0.115, 83.95)  # 730 * 0.115
D2S_V5_AHB_WESTEUROPE = vm_hours("Windows, Azure Hybrid Benefit", "Standard_D2s_v5",
                                 0.115, 83.95)  # Linux (base) rate: 730 * 0.115


def linux_vm(**os_disk: Any) -> dict[str, Any]:
    """azurerm_linux_virtual_machine `after` as `terraform show -json` prints it."""
    return {
        "name": "web-1", "location": "westeurope", "resource_group_name": "rg-web",
        "size": "Standard_D2s_v5", "admin_username": "azureuser", "priority": "Regular",
        "eviction_policy": None, "license_type": None,
        "admin_ssh_key": [{"username": "azureuser", "public_key": "ssh-rsa AAAA"}],
        "os_disk": [{"caching": "ReadWrite", "diff_disk_settings": [],
                     "storage_account_type": "Premium_LRS", **os_disk}],
        "source_image_reference": [{"publisher": "Canonical",
                                    "offer": "0001-com-ubuntu-server-jammy",
                                    "sku": "22_04-lts-gen2", "version": "latest"}],
        "tags": {"env": "prod"},
    }


VM_UNKNOWN = {"id": True, "private_ip_address": True, "public_ip_address": True,
              "virtual_machine_id": True, "os_disk": [{"name": True, "disk_size_gb": True}]}
ASSUMED_30 = ("OS disk size not in the plan (set by the image); assumed 30 GiB, the usual size "
              "of Linux marketplace images")
ASSUMED_127 = ("OS disk size not in the plan (set by the image); assumed 127 GiB, the usual "
               "size of Windows marketplace images")


# --- azurerm_linux_virtual_machine / azurerm_windows_virtual_machine ------------------------


def test_linux_vm_with_a_100_gib_premium_os_disk_is_billed_at_the_p10_tier(price):
    res = price("azurerm_linux_virtual_machine.web", linux_vm(disk_size_gb=100),
                unknown={**VM_UNKNOWN, "os_disk": [{"name": True}]})

    assert res["status"] == "priced"
    assert res["region"] == "westeurope"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 105.63,  # 83.95 + 21.68
        "components": [
            D2S_V5_WESTEUROPE,
            # managed_disks/westeurope.csv disk sku=P10_LRS [flexera-azure-md]: 128 GiB tier
            disk("OS disk (Premium SSD P10, 100 GiB)", 1, 21.68, 21.68),
        ],
    }


def test_linux_vm_os_disk_size_left_to_the_image_assumes_30_gib(price):
    res = price("azurerm_linux_virtual_machine.web",
                linux_vm(storage_account_type="StandardSSD_LRS"), unknown=VM_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [ASSUMED_30]
    assert res["after"] == {
        "monthly_cost": 86.35,  # 83.95 + 2.4
        "components": [
            D2S_V5_WESTEUROPE,
            # managed_disks/westeurope.csv disk sku=E4_LRS [flexera-azure-md]: 32 GiB tier
            disk("OS disk (Standard SSD E4, 30 GiB)", 1, 2.4, 2.4),
        ],
    }


def test_zrs_os_disk_uses_the_zrs_tier_price(price):
    res = price("azurerm_linux_virtual_machine.web",
                linux_vm(storage_account_type="Premium_ZRS", disk_size_gb=256),
                unknown={**VM_UNKNOWN, "os_disk": [{"name": True}]})

    assert res["status"] == "priced"
    assert res["after"]["components"][1] == disk(
        # managed_disks/westeurope.csv disk sku=P15_ZRS [flexera-azure-md]
        "OS disk (Premium SSD P15 ZRS, 256 GiB)", 1, 62.716, 62.716)
    assert res["after"]["monthly_cost"] == 146.666  # 83.95 + 62.716


def test_ephemeral_os_disk_has_no_disk_charge(price):
    attrs = linux_vm(storage_account_type="Standard_LRS",
                     diff_disk_settings=[{"option": "Local", "placement": "CacheDisk"}])
    res = price("azurerm_linux_virtual_machine.web", attrs, unknown=VM_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == ["ephemeral OS disk: stored on the VM host, no managed-disk charge"]
    assert res["after"] == {"monthly_cost": 83.95, "components": [D2S_V5_WESTEUROPE]}


def windows_vm(**os_disk: Any) -> dict[str, Any]:
    return {**linux_vm(**os_disk), "admin_password": "x", "source_image_reference": [{
        "publisher": "MicrosoftWindowsServer", "offer": "WindowsServer",
        "sku": "2022-datacenter-azure-edition", "version": "latest"}]}


def test_windows_vm_is_priced_at_the_windows_rate_where_the_data_has_it(price):
    res = price("azurerm_windows_virtual_machine.app", windows_vm(), unknown=VM_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [ASSUMED_127]
    assert res["after"] == {
        "monthly_cost": 172.79,  # 151.11 + 21.68
        "components": [
            # virtual_machines/westeurope.csv vm standard_d2s_v5;Windows [pricingradar]
            vm_hours("Windows", "Standard_D2s_v5", 0.207, 151.11),  # 730 * 0.207
            # managed_disks/westeurope.csv disk sku=P10_LRS [flexera-azure-md]: 128 GiB tier
            disk("OS disk (Premium SSD P10, 127 GiB)", 1, 21.68, 21.68),
        ],
    }


def test_vm_size_matches_case_insensitively(price):
    res = price("azurerm_linux_virtual_machine.web",
                {**linux_vm(disk_size_gb=100), "size": "standard_D2S_V5"},
                unknown={**VM_UNKNOWN, "os_disk": [{"name": True}]})

    assert res["status"] == "priced"
    assert res["after"]["components"][0] == vm_hours("Linux", "standard_D2S_V5", 0.115, 83.95)


def test_windows_vm_without_a_windows_price_is_partial_with_the_os_disk_priced(price):
    res = price("azurerm_windows_virtual_machine.app",
                {**windows_vm(), "location": "uksouth"}, unknown=VM_UNKNOWN, region="uksouth")

    # uksouth has Linux VM rates only: the VM hours are reported missing, never $0.
    assert res["status"] == "partial"
    assert res["notes"][0] == ASSUMED_127
    assert res["notes"][1].startswith("no price in the data for: Virtual machine (Windows, "
                                      "Standard_D2s_v5) in uksouth")
    assert res["after"] == {
        "monthly_cost": 23.848,
        # managed_disks/uksouth.csv disk sku=P10_LRS [flexera-azure-md]: 128 GiB tier
        "components": [disk("OS disk (Premium SSD P10, 127 GiB)", 1, 23.848, 23.848)],
    }


def test_windows_vm_with_azure_hybrid_benefit_pays_the_linux_rate(price):
    attrs = {**linux_vm(disk_size_gb=127), "license_type": "Windows_Server"}
    res = price("azurerm_windows_virtual_machine.app", attrs,
                unknown={**VM_UNKNOWN, "os_disk": [{"name": True}]})

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 105.63,  # 83.95 + 21.68
        "components": [D2S_V5_AHB_WESTEUROPE,
                       disk("OS disk (Premium SSD P10, 127 GiB)", 1, 21.68, 21.68)],
    }


def test_spot_vm_is_unsupported_not_priced_at_the_regular_rate(price):
    res = price("azurerm_linux_virtual_machine.web",
                {**linux_vm(), "priority": "Spot", "eviction_policy": "Deallocate"},
                unknown=VM_UNKNOWN)

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["notes"] == ["Spot VMs are billed at spot rates, which the price data does not "
                            "include"]


def test_red_hat_image_notes_the_software_charge_that_is_not_included(price):
    attrs = {**linux_vm(disk_size_gb=64), "source_image_reference": [{
        "publisher": "RedHat", "offer": "RHEL", "sku": "9-lvm-gen2", "version": "latest"}]}
    res = price("azurerm_linux_virtual_machine.web", attrs,
                unknown={**VM_UNKNOWN, "os_disk": [{"name": True}]})

    assert res["status"] == "partial"  # a fixed charge is missing: the delta is unknown
    assert res["notes"] == ["not fully priced: the redhat OS software charge billed on top of "
                            "the Linux VM rate is not in the price data"]
    assert res["after"]["components"]  # the VM and its disk stay priced


# --- azurerm_linux_virtual_machine_scale_set -----------------------------------------------


def scale_set(**extra: Any) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "name": "web-vmss", "location": "westeurope", "sku": "Standard_DS1_v2", "instances": 3,
        "priority": "Regular", "upgrade_mode": "Manual", "admin_username": "azureuser",
        "os_disk": [{"caching": "ReadWrite", "diff_disk_settings": [],
                     "storage_account_type": "Standard_LRS"}],
        "data_disk": [{"caching": "None", "create_option": "Empty", "disk_size_gb": 64,
                       "lun": 0, "storage_account_type": "Premium_LRS",
                       "disk_iops_read_write": None, "disk_mbps_read_write": None}],
        "source_image_reference": [{"publisher": "Canonical", "offer": "UbuntuServer",
                                    "sku": "18.04-LTS", "version": "latest"}],
    }
    attrs.update(extra)
    return attrs


def test_scale_set_multiplies_vm_hours_and_disks_by_instances(price):
    res = price("azurerm_linux_virtual_machine_scale_set.web", scale_set(),
                unknown={"id": True, "os_disk": [{"disk_size_gb": True}], "unique_id": True})

    assert res["status"] == "priced"
    assert res["notes"] == [ASSUMED_30]
    assert res["after"] == {
        "monthly_cost": 186.9906,  # 148.701 + 4.608 + 33.6816
        "components": [
            # virtual_machines/westeurope.csv vm standard_ds1_v2;Linux [pricingradar]
            vm_hours("Linux", "Standard_DS1_v2", 0.0679, 148.701, hours=2190),  # 3*730*0.0679
            # managed_disks/westeurope.csv disk sku=S4_LRS [flexera-azure-md]: 32 GiB tier
            disk("OS disk (Standard HDD S4, 30 GiB)", 3, 1.536, 4.608),  # 3 * 1.536
            # managed_disks/westeurope.csv disk sku=P6_LRS [flexera-azure-md]: 64 GiB tier
            disk("Data disk LUN 0 (Premium SSD P6, 64 GiB)", 3, 11.2272, 33.6816),  # 3*11.2272
        ],
    }


def test_scale_set_with_unknown_instances_is_partial(price):
    res = price("azurerm_linux_virtual_machine_scale_set.web", scale_set(instances=None),
                unknown={"instances": True})

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: instances is known only after apply"]


# --- azurerm_virtual_machine (legacy) ------------------------------------------------------


def legacy_vm(windows: bool = False, **os_disk: Any) -> dict[str, Any]:
    """The shape of the terracost/tfcompliance corpus plans."""
    return {
        "name": "vm", "location": "francecentral", "vm_size": "Standard_DS1_v2",
        "delete_os_disk_on_termination": True,
        "os_profile": [{"admin_username": "azureuser", "computer_name": "vm"}],
        "os_profile_linux_config": [] if windows else [
            {"disable_password_authentication": True, "ssh_keys": []}],
        "os_profile_windows_config": [{"provision_vm_agent": True}] if windows else [],
        "storage_image_reference": [{"publisher": "debian", "offer": "debian-10",
                                     "sku": "10-cloudinit-gen2", "version": "latest"}],
        "storage_os_disk": [{"caching": "ReadWrite", "create_option": "FromImage",
                             "managed_disk_type": "Standard_LRS", "name": "osdisk",
                             "vhd_uri": None, **os_disk}],
    }


LEGACY_UNKNOWN = {"id": True, "license_type": True, "storage_data_disk": True,
                  "storage_os_disk": [{"managed_disk_id": True, "os_type": True}]}


def test_legacy_vm_with_a_5_gib_standard_hdd_os_disk(price):
    res = price("azurerm_virtual_machine.main", legacy_vm(disk_size_gb=5),
                unknown=LEGACY_UNKNOWN, region="francecentral")

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 65.711,  # 64.021 + 1.69
        "components": [
            # virtual_machines/francecentral.csv vm standard_ds1_v2;Linux [pricingradar]
            vm_hours("Linux", "Standard_DS1_v2", 0.0877, 64.021, source=RADAR_FR),  # 730*0.0877
            # managed_disks/francecentral.csv disk sku=S4_LRS [flexera-azure-md]: smallest S
            disk("OS disk (Standard HDD S4, 5 GiB)", 1, 1.69, 1.69),
        ],
    }


def test_legacy_vm_with_a_windows_config_block_is_priced_as_windows(price):
    res = price("azurerm_virtual_machine.main", legacy_vm(windows=True, disk_size_gb=128),
                unknown=LEGACY_UNKNOWN, region="francecentral")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 113.786,  # 107.31 + 6.476
        "components": [
            # virtual_machines/francecentral.csv vm standard_ds1_v2;Windows [pricingradar]
            vm_hours("Windows", "Standard_DS1_v2", 0.147, 107.31, source=RADAR_FR),
            # managed_disks/francecentral.csv disk sku=S10_LRS [flexera-azure-md]
            disk("OS disk (Standard HDD S10, 128 GiB)", 1, 6.476, 6.476),
        ],
    }


def test_legacy_vm_with_an_unmanaged_vhd_os_disk_is_partial(price):
    res = price("azurerm_virtual_machine.main",
                legacy_vm(managed_disk_type=None,
                          vhd_uri="https://sa.blob.core.windows.net/vhds/os.vhd"),
                unknown=LEGACY_UNKNOWN, region="francecentral")

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: storage_os_disk.0.managed_disk_type is not set "
                            "(unmanaged VHD disk: its blob storage is not priced)"]


# --- azurerm_managed_disk ------------------------------------------------------------------


def managed_disk(account_type: str, size: int | None, **extra: Any) -> dict[str, Any]:
    return {"name": "data", "location": "eastus", "create_option": "Empty",
            "storage_account_type": account_type, "disk_size_gb": size,
            "disk_iops_read_write": None, "disk_mbps_read_write": None, **extra}


@pytest.mark.parametrize(
    ("account_type", "size", "name", "unit_price"),
    [
        # managed_disks/eastus.csv disk sku=E10_LRS [flexera-azure-md]
        ("StandardSSD_LRS", 100, "Managed disk (Standard SSD E10, 100 GiB)", 9.6),
        # managed_disks/eastus.csv disk sku=P30_LRS [flexera-azure-md]: exactly 1 TiB
        ("Premium_LRS", 1024, "Managed disk (Premium SSD P30, 1024 GiB)", 135.17),
        # managed_disks/eastus.csv disk sku=S10_LRS [flexera-azure-md]
        ("Standard_LRS", 65, "Managed disk (Standard HDD S10, 65 GiB)", 5.888),
        # managed_disks/eastus.csv disk sku=P4_LRS [flexera-azure-md]
        ("Premium_LRS", 32, "Managed disk (Premium SSD P4, 32 GiB)", 5.2795),
    ],
)
def test_tiered_managed_disk_is_one_disk_month_at_its_tier(price, account_type, size, name,
                                                            unit_price):
    res = price("azurerm_managed_disk.data", managed_disk(account_type, size), region="eastus")

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": unit_price,  # 1 disk-month
                            "components": [disk(name, 1, unit_price, unit_price)]}


def test_premium_ssd_v2_charges_capacity_and_what_is_above_the_included_baseline(price):
    res = price("azurerm_managed_disk.data",
                managed_disk("PremiumV2_LRS", 200, disk_iops_read_write=5000,
                             disk_mbps_read_write=200),
                region="eastus")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 29.29125,  # 16.06 + 10.22 + 3.01125
        "components": [
            # managed_disks/eastus.csv capacity premium_ssd_v2;LRS [flexera-azure-md]
            disk("Managed disk capacity (Premium SSD v2, 200 GiB)", 146000, 0.00011, 16.06,
                 unit="GiB-hours"),  # 200 GiB * 730 h * 0.00011
            # managed_disks/eastus.csv iops premium_ssd_v2;LRS [flexera-azure-md]
            disk("Managed disk IOPS (Premium SSD v2, 5,000, above 3,000)", 1460000, 0.000007,
                 10.22, unit="IOPS-hours"),  # 2000 * 730 * 0.000007
            # managed_disks/eastus.csv throughput premium_ssd_v2;LRS [flexera-azure-md]
            disk("Managed disk throughput (Premium SSD v2, 200 MB/s, above 125 MB/s)", 54750,
                 0.000055, 3.01125, unit="MBps-hours"),  # 75 * 730 * 0.000055
        ],
    }


def test_ultra_disk_without_iops_in_the_plan_is_partial(price):
    res = price("azurerm_managed_disk.data", managed_disk("UltraSSD_LRS", 512), region="eastus")

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: disk_iops_read_write is set by Azure from the "
                            "size, not in the plan"]


def test_disk_copied_from_a_snapshot_without_a_size_is_partial(price):
    res = price("azurerm_managed_disk.data",
                managed_disk("Premium_LRS", None, create_option="Copy"), region="eastus")

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: disk_size_gb is taken from the source, not in "
                            "the plan"]


def test_disk_above_the_largest_tier_is_unsupported(price):
    res = price("azurerm_managed_disk.data", managed_disk("Premium_LRS", 40000),
                region="eastus")

    assert res["status"] == "unsupported"
    assert res["notes"] == ["40000 GiB is above the largest Premium SSD tier (32,767 GiB)"]
