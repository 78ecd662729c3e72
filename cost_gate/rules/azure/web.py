"""App Service plans: azurerm_service_plan and the legacy azurerm_app_service_plan.

``azure/app_service`` (``plan``: sku, os — per instance-hour). Apps, function apps and slots
run on a plan and are free on their own; consumption (Y1) and Elastic Premium plans have no
price in the data.
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.azure.compute import _ref
from cost_gate.rules.base import Component, NotPriceable, Resource, hourly

_ALIASES = {"d1": "shared"}  # Terraform's name of the Shared plan


def plan_hours(sku: str, os_name: str, workers) -> list[Component]:
    key = _ALIASES.get(sku.lower(), sku.lower())
    if key.startswith("y"):
        raise NotPriceable(f"consumption plan {sku}: billed per execution, no prices in the data")
    if key.startswith(("ep", "ws")):
        raise NotPriceable(f"{sku} plan: no prices in the data")
    return [hourly(f"App Service plan ({os_name}, {sku}) x{workers}",
                   _ref("app_service", "plan", {"sku": key, "os": os_name}), workers)]


@register("azurerm_service_plan")
def azurerm_service_plan(r: Resource) -> list[Component]:
    os_type = r.string("os_type", required=True)
    workers = r.number("worker_count", 1, integer=True)
    return plan_hours(r.string("sku_name", required=True),
                      "Linux" if os_type == "Linux" else "Windows", workers)


@register("azurerm_app_service_plan")
def azurerm_app_service_plan(r: Resource) -> list[Component]:
    kind = (r.string("kind") or "Windows").lower()
    linux = kind == "linux" or r.flag("reserved")
    tier = (r.string("sku.0.tier") or "").lower()
    if tier in ("dynamic", "elasticpremium"):
        raise NotPriceable(f"{tier} plan: billed per execution, no prices in the data")
    workers = r.number("sku.0.capacity", 1, integer=True)
    return plan_hours(r.string("sku.0.size", required=True), "Linux" if linux else "Windows",
                      workers)
