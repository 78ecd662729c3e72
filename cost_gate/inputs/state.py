"""Terraform state JSON (`terraform show -json` of a state) -> Project of current resources."""

from __future__ import annotations

from typing import Any

from cost_gate.errors import InputError
from cost_gate.inputs.document import SHOW_JSON_HINT, FiniteDocument
from cost_gate.inputs.plan import provider_short_name, scrub_non_finite
from cost_gate.models import Project, ResourceChange, ResourceSide
from cost_gate.regions import region_from_attributes, region_hint_from_state


def _walk(module: dict[str, Any], module_address: str = ""):
    """(resource, module address) for every resource, child modules included."""
    resources = module.get("resources") or []
    children = module.get("child_modules") or []
    if not isinstance(resources, list) or not isinstance(children, list):
        raise TypeError(f"resources/child_modules of module {module_address or 'root'} "
                        "must be arrays")
    for res in resources:
        yield res, module_address
    for child in children:
        if isinstance(child, dict):
            yield from _walk(child, child.get("address") or module_address)


def parse_state(state: dict[str, Any], name: str) -> Project:
    """Each managed resource is priced as it is now (action no-op: before = after)."""
    try:
        return _parse_state(state, name)
    except (AttributeError, TypeError, ValueError, KeyError, RecursionError) as exc:
        # valid JSON with the keys of a state, but values of the wrong shape
        raise InputError(f"{name}: unexpected state JSON structure ({type(exc).__name__}: {exc})",
                         hint=SHOW_JSON_HINT) from None


def _parse_state(state: dict[str, Any], name: str) -> Project:
    values = state.get("values") or {}
    if not isinstance(values, dict) or not isinstance(values.get("root_module", {}), dict):
        raise InputError(f"{name}: unexpected state JSON structure: values.root_module must "
                         "be an object", hint=SHOW_JSON_HINT)
    root = values.get("root_module") or {}
    finite = isinstance(state, FiniteDocument)
    changes = []
    for res, module_address in _walk(root):
        if not isinstance(res, dict) or res.get("mode", "managed") != "managed":
            continue
        for key in ("type", "name", "address", "provider_name"):
            if not isinstance(res.get(key) or "", str):
                raise TypeError(f"resource {key} must be a string, got {res[key]!r:.40}")
        rtype = res.get("type") or ""
        short = provider_short_name(res.get("provider_name"), rtype)
        attrs = res.get("values") if isinstance(res.get("values"), dict) else {}
        notes: list[str] = []
        side = ResourceSide(attributes=attrs, unknown=None if finite
                            else scrub_non_finite(attrs, None, notes))
        region = region_from_attributes(short, attrs, rtype) or (
            region_hint_from_state(attrs) if short == "aws" else None
        )
        if region:
            side.region, side.region_source = region, "attribute"
        address = res.get("address") or f"{rtype}.{res.get('name')}"
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
                notes=notes,
            )
        )
    return Project(name=name, source=name, input_type="state", changes=changes)
