"""AKS: azurerm_kubernetes_cluster (control-plane tier, default node pool) and
azurerm_kubernetes_cluster_node_pool (nodes x VM size + OS disk).

The control-plane fee is ``azure/aks`` (``control_plane``: tier) — the Free tier has none; nodes
are VMs priced like ``azurerm_linux_virtual_machine`` (``azure/virtual_machines``).
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.azure.compute import _ref, disk_components, vm_hours
from cost_gate.rules.base import Component, MissingAttribute, Resource, hourly

# sku_tier -> our control_plane tier
TIERS = {"Standard": "standard", "Paid": "standard", "Premium": "long_term_support"}
DEFAULT_OS_DISK_GB = 128  # AKS node OS disk size when unset
DEFAULT_OS_DISK_TYPE = "Managed"


def node_components(r: Resource, base: str, label: str) -> list[Component]:
    nodes = r.number(f"{base}node_count", integer=True)
    if nodes is None:
        nodes = r.number(f"{base}min_count", integer=True)
        if nodes is None:
            raise MissingAttribute(f"{base}node_count", "not set")
        r.note(f"{label}: node count managed by the autoscaler: priced at min_count")
    if nodes == 0:
        return []
    os_type = r.string(f"{base}os_type") or "Linux"
    os_name = "Windows" if os_type == "Windows" else "Linux"
    size = r.string(f"{base}vm_size", required=True)
    priority = r.string(f"{base}priority") or "Regular"
    if priority == "Spot":
        raise MissingAttribute(f"{base}priority", "Spot (spot rates are not in the price data)")
    comps = [vm_hours(size, os_name, count=nodes)]
    comps[0].name = f"{label}: {comps[0].name} x{nodes}"
    disk_type = r.string(f"{base}os_disk_type") or DEFAULT_OS_DISK_TYPE
    if disk_type == "Ephemeral":
        r.note(f"{label}: ephemeral OS disks, no managed-disk charge")
        return comps
    disk_gb = r.number(f"{base}os_disk_size_gb")
    if disk_gb is None:
        disk_gb = Decimal(DEFAULT_OS_DISK_GB)
        r.note(f"{label}: OS disk size not set; assumed {DEFAULT_OS_DISK_GB} GiB (the AKS "
               "default)")
    # Managed OS disks of AKS nodes are Premium SSD where the VM size supports it; the plan
    # does not say, so Premium SSD LRS is assumed.
    r.note(f"{label}: node OS disks assumed Premium SSD (LRS)")
    return comps + disk_components(f"{label}: OS disks", "Premium_LRS", disk_gb, count=nodes)


@register("azurerm_kubernetes_cluster")
def azurerm_kubernetes_cluster(r: Resource) -> list[Component]:
    comps: list[Component] = []
    tier = TIERS.get(r.string("sku_tier") or "Free")
    if tier:
        comps.append(hourly(f"Control plane ({r.string('sku_tier')} tier)",
                            _ref("aks", "control_plane", {"tier": tier})))
    comps += node_components(r, "default_node_pool.0.", "Default node pool")
    return comps


@register("azurerm_kubernetes_cluster_node_pool")
def azurerm_kubernetes_cluster_node_pool(r: Resource) -> list[Component]:
    return node_components(r, "", "Node pool")
