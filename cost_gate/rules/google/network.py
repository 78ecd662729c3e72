"""VPC networking: external IP addresses, Cloud NAT, forwarding rules, VPN tunnels.

External IPs and VPN tunnels are priced per region (``gcp/compute``: ``external_ip``,
``vpn_tunnel``); Cloud NAT and forwarding rules from the single prices on Google's pricing pages
(``gcp/network/global``: ``nat_gateway``, ``nat_data``, ``nat_ip``, ``forwarding_rule``).
"""

from __future__ import annotations

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.base import Component, NoCharge, NotPriceable, Resource, hourly, usage
from cost_gate.rules.google.compute import known_string, ref

GLOBAL = ("global",)


def _global(product: str, attrs: dict[str, str]):
    return ref(product, attrs, "network", region_fallbacks=GLOBAL)


@register("google_compute_address", "google_compute_global_address")
def google_compute_address(r: Resource) -> list[Component]:
    """An external address is billed per hour; internal addresses (including a global
    ``VPC_PEERING`` range reserved for private services access) have no charge. A global
    address (region ``global``) is used by global load balancers, never by a VM: the data has
    no region-less price for it."""
    purpose = (known_string(r, "purpose") or "").upper()
    if (known_string(r, "address_type") or "EXTERNAL").upper() == "INTERNAL" or \
            purpose == "VPC_PEERING":
        raise NoCharge("internal address: no charge")
    if r.region == "global":
        raise NotPriceable("global external IP address: the price data has no global "
                           "(region-less) IP address price")
    r.note("priced as in use by a VM; a reserved address that is not in use is billed at the "
           "higher unused rate")
    return [hourly("External IP address (in use)", ref("external_ip", {"use": "vm"}))]


@register("google_compute_router_nat")
def google_compute_router_nat(r: Resource) -> list[Component]:
    """Gateway per VM-hour of the VMs using it (up to 32; capped above), data processed, and
    each manually allocated NAT IP."""
    comps = [
        Component("NAT gateway (per VM using it, up to 32 VMs)", "VM-hours", None,
                  _global("nat_gateway", {"billing": "per_vm"}), usage_based=True,
                  usage_key="assigned_vms", usage_multiplier=HOURS_PER_MONTH),
        usage("Data processed", "GiB", _global("nat_data", {}), "monthly_data_processed_gb"),
    ]
    r.note("with more than 32 VMs the gateway charge is capped at the per-gateway hourly rate")
    option = (known_string(r, "nat_ip_allocate_option") or "").upper()
    ips = 0 if r.is_unknown("nat_ips") else r.length("nat_ips")
    if option == "MANUAL_ONLY" and ips:
        comps.append(hourly(f"NAT IP addresses (x{ips})", _global("nat_ip", {}), ips))
    elif option == "AUTO_ONLY":
        r.note("NAT IPs allocated automatically (their number depends on the VMs): not priced")
    return comps


@register("google_compute_forwarding_rule", "google_compute_global_forwarding_rule")
def google_compute_forwarding_rule(r: Resource) -> list[Component]:
    """Forwarding rules are billed per project: the first five together at one hourly rate,
    each further rule at a lower one. Priced as one of a project's first five."""
    r.note("priced at the rate for a project's first 5 forwarding rules; each rule past 5 is "
           "billed at the lower per-rule rate")
    return [hourly("Forwarding rule", _global("forwarding_rule", {"scope": "first_5"}))]


@register("google_compute_vpn_tunnel")
def google_compute_vpn_tunnel(r: Resource) -> list[Component]:
    return [hourly("VPN tunnel", ref("vpn_tunnel", {}))]


