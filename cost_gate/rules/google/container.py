"""GKE: google_container_cluster (cluster management fee, default and inline node pools) and
google_container_node_pool (nodes x machine + boot disk).

The fee is one global price (``gcp/container/global``: ``cluster``); nodes are Compute Engine
VMs priced like instances (``gcp/compute``). A regional cluster (``location`` is a region) runs
``node_count`` nodes in each of its zones: ``node_locations`` when set, else the 3 zones GKE
picks by default (an assumption stated in a note).
"""

from __future__ import annotations

import re
from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.base import Component, MissingAttribute, Resource, hourly, usage
from cost_gate.rules.google.compute import (
    disk_storage,
    gpu_components,
    known_number,
    known_string,
    local_ssd,
    machine_components,
    ref,
)

DEFAULT_MACHINE_TYPE = "e2-medium"  # node_config.machine_type default
DEFAULT_NODE_DISK_GB = 100
DEFAULT_NODE_DISK_TYPE = "pd-balanced"
DEFAULT_REGIONAL_ZONES = 3
_ZONE = re.compile(r"^[a-z]+-[a-z]+\d+-[a-z]$")


def _zones(r: Resource, location: str | None, node_locations: str) -> int:
    zones = 0 if r.is_unknown(node_locations) else r.length(node_locations)
    if zones:
        return zones
    if location and _ZONE.match(location):
        return 1
    r.note(f"regional location: nodes priced in {DEFAULT_REGIONAL_ZONES} zones (GKE's default "
           "for a regional cluster)")
    return DEFAULT_REGIONAL_ZONES


def _node_count(r: Resource, base: str) -> Decimal:
    for key in ("node_count", "initial_node_count"):
        value = r.number(f"{base}{key}", integer=True)
        if value is not None:
            return value
    minimum = r.number(f"{base}autoscaling.0.min_node_count", integer=True)
    if minimum is None:
        minimum = r.number(f"{base}autoscaling.0.total_min_node_count", integer=True)
    if minimum is not None:
        r.note("node count managed by the autoscaler: priced at its minimum")
        return minimum
    raise MissingAttribute(f"{base}node_count", "not set")


def node_components(r: Resource, path: str, nodes: Decimal, label: str) -> list[Component]:
    """``nodes`` VMs of a node_config block at ``path``."""
    machine = known_string(r, f"{path}.machine_type")
    if machine is None:
        machine = DEFAULT_MACHINE_TYPE
        r.note(f"{label}: machine type not set; assumed {DEFAULT_MACHINE_TYPE} (the default)")
    spot = (r.flag(f"{path}.preemptible", unknown_ok=True)
            or r.flag(f"{path}.spot", unknown_ok=True))
    comps = machine_components(r, machine, spot=spot, count=nodes)
    comps += gpu_components(r, f"{path}.guest_accelerator", count=nodes, spot=spot)
    disk_type = known_string(r, f"{path}.disk_type")
    disk_gb = known_number(r, f"{path}.disk_size_gb")
    if disk_type is None or disk_gb is None:
        r.note(f"{label}: node disk type/size not in the plan; assumed the defaults "
               f"({DEFAULT_NODE_DISK_TYPE}, {DEFAULT_NODE_DISK_GB} GB)")
    disk_type = disk_type or DEFAULT_NODE_DISK_TYPE
    disk_gb = disk_gb or Decimal(DEFAULT_NODE_DISK_GB)
    comps.append(disk_storage(f"{label} boot disks x{nodes}", disk_type, disk_gb, nodes))
    ssds = known_number(r, f"{path}.local_ssd_count", integer=True)
    if ssds:
        comps.append(local_ssd(f"{label} local SSDs ({ssds} per node)", 375 * ssds, nodes))
    return comps


def _pool(r: Resource, base: str, label: str, location: str | None) -> list[Component]:
    nodes = _node_count(r, base) * _zones(r, location, f"{base}node_locations")
    if nodes == 0:
        return []
    configs = r.block_paths(f"{base}node_config")
    return node_components(r, configs[0] if configs else f"{base}node_config.0", nodes, label)


@register("google_container_cluster")
def google_container_cluster(r: Resource) -> list[Component]:
    comps = [hourly("Cluster management fee",
                    ref("cluster", {"period": "standard"}, "container",
                        region_fallbacks=("global",)))]
    location = known_string(r, "location")
    if r.flag("enable_autopilot"):
        comps.append(usage("Autopilot pod vCPU", "vCPU-hours",
                           ref("autopilot_vcpu", {}, "container"), "autopilot_vcpu_count",
                           per_hour=True))
        comps.append(usage("Autopilot pod memory", "GiB-hours",
                           ref("autopilot_memory", {}, "container"), "autopilot_memory_gb",
                           per_hour=True))
        return comps
    if not r.flag("remove_default_node_pool"):
        comps += _pool(r, "", "Default node pool", location)
    for i, pool in enumerate(r.block_paths("node_pool")):
        name = r.string(f"{pool}.name", unknown_ok=True) or f"node pool {i}"
        comps += _pool(r, f"{pool}.", f"Node pool {name}", location)
    return comps


@register("google_container_node_pool")
def google_container_node_pool(r: Resource) -> list[Component]:
    location = known_string(r, "location")
    if location is None:
        cluster = r.referenced("cluster")
        location = cluster.string("location") if cluster else None
    return _pool(r, "", "Nodes", location)
