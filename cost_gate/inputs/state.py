"""Terraform state JSON (`terraform show -json` of a state) -> Project of current resources."""

from __future__ import annotations

from typing import Any

from cost_gate.inputs.plan import provider_short_name
from cost_gate.models import Project, ResourceChange, ResourceSide
from cost_gate.regions import region_from_attributes, region_hint_from_state


def _walk(module: dict[str, Any]):
    yield from module.get("resources") or []
    for child in module.get("child_modules") or []:
        yield from _walk(child)


def parse_state(state: dict[str, Any], name: str) -> Project:
    """Each managed resource is priced as it is now (action no-op: before = after)."""
    root = (state.get("values") or {}).get("root_module") or {}
    changes = []
    for res in _walk(root):
        if not isinstance(res, dict) or res.get("mode", "managed") != "managed":
            continue
        rtype = res.get("type") or ""
        short = provider_short_name(res.get("provider_name"), rtype)
        attrs = res.get("values") if isinstance(res.get("values"), dict) else {}
        side = ResourceSide(attributes=attrs)
        region = region_from_attributes(short, attrs) or (
            region_hint_from_state(attrs) if short == "aws" else None
        )
        if region:
            side.region, side.region_source = region, "attribute"
        address = res.get("address") or f"{rtype}.{res.get('name')}"
        module_address = address.rsplit(".", 2)[0] if address.startswith("module.") else ""
        changes.append(
            ResourceChange(
                address=address,
                type=rtype,
                provider=short,
                action="no-op",
                before=side,
                after=side,
                module_address=module_address,
                name=res.get("name") or "",
            )
        )
    return Project(name=name, source=name, input_type="state", changes=changes)
