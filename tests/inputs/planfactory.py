"""Small builders for hand-written `terraform show -json` plan/state documents.

The shapes follow what real Terraform writes (see ../shared/corpus/SOURCES.md, "Notes on
plan-JSON shapes"): ``resource_changes[].change.{actions,before,after,after_unknown}``,
``configuration.provider_config`` and ``configuration.root_module.{resources,module_calls}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cost_gate.inputs import apply_region_fallbacks, load_input, project_from_document
from cost_gate.models import Project

AWS = "registry.terraform.io/hashicorp/aws"
GOOGLE = "registry.terraform.io/hashicorp/google"
AZURERM = "registry.terraform.io/hashicorp/azurerm"
RANDOM = "registry.terraform.io/hashicorp/random"


def change(
    address: str,
    actions: list[str],
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    *,
    rtype: str | None = None,
    mode: str = "managed",
    provider: str | None = AWS,
    after_unknown: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """One `resource_changes[]` entry; type/name/module_address/index derive from the address."""
    parts = address.split(".")
    module_parts: list[str] = []
    while parts and parts[0] == "module":
        module_parts += parts[:2]
        parts = parts[2:]
    if parts and parts[0] == "data":
        parts = parts[1:]
    name_part = ".".join(parts[1:])
    name, _, index = name_part.partition("[")
    entry: dict[str, Any] = {
        "address": address,
        "mode": mode,
        "type": rtype or parts[0],
        "name": name,
        "change": {
            "actions": actions,
            "before": before,
            "after": after,
            "after_unknown": after_unknown if after_unknown is not None else {},
        },
    }
    if provider:
        entry["provider_name"] = provider
    if module_parts:
        entry["module_address"] = ".".join(module_parts)
    if index:
        raw = index.rstrip("]")
        entry["index"] = json.loads(raw) if raw.startswith('"') else int(raw)
    entry.update(extra)
    return entry


def provider(region: Any = None, *, name: str = "aws", alias: str | None = None,
             module_address: str | None = None, full_name: str | None = None) -> dict[str, Any]:
    """A `provider_config` entry; ``region`` is a constant, a ``var.x``/``local.x`` reference,
    or None for a block without a region argument."""
    block: dict[str, Any] = {"name": name}
    if full_name:
        block["full_name"] = full_name
    if alias:
        block["alias"] = alias
    if module_address:
        block["module_address"] = module_address
    if region is not None:
        if isinstance(region, str) and region.startswith(("var.", "local.")):
            block["expressions"] = {"region": {"references": [region]}}
        else:
            block["expressions"] = {"region": {"constant_value": region}}
    return block


def config_resource(address: str, *, provider_config_key: str = "aws",
                    expressions: dict[str, Any] | None = None) -> dict[str, Any]:
    rtype, name = address.split(".", 1)
    return {
        "address": address,
        "mode": "managed",
        "type": rtype,
        "name": name,
        "provider_config_key": provider_config_key,
        "expressions": expressions or {},
        "schema_version": 0,
    }


def module_call(resources: list[dict[str, Any]] | None = None, *,
                calls: dict[str, Any] | None = None,
                expressions: dict[str, Any] | None = None,
                variables: dict[str, Any] | None = None) -> dict[str, Any]:
    module: dict[str, Any] = {"resources": resources or []}
    if calls:
        module["module_calls"] = calls
    if variables:
        module["variables"] = variables
    return {"source": "./mod", "expressions": expressions or {}, "module": module}


def plan(
    *changes: dict[str, Any],
    provider_config: dict[str, Any] | None = None,
    resources: list[dict[str, Any]] | None = None,
    module_calls: dict[str, Any] | None = None,
    variables: dict[str, Any] | None = None,
    format_version: str = "1.2",
    **extra: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format_version": format_version,
        "terraform_version": "1.9.8" if format_version.startswith("1.") else "0.12.31",
        "planned_values": {"root_module": {}},
        "resource_changes": list(changes),
        "configuration": {
            "provider_config": provider_config or {},
            "root_module": {"resources": resources or [], "module_calls": module_calls or {}},
        },
    }
    if variables is not None:
        doc["variables"] = {k: {"value": v} for k, v in variables.items()}
    doc.update(extra)
    return doc


def state(root_module: dict[str, Any], *, format_version: str = "1.0") -> dict[str, Any]:
    return {
        "format_version": format_version,
        "terraform_version": "1.9.8",
        "values": {"root_module": root_module},
    }


def state_resource(address: str, values: dict[str, Any], *, provider: str = AWS,
                   mode: str = "managed") -> dict[str, Any]:
    local = address.split(".")
    while local and local[0] == "module":
        local = local[2:]
    if local[0] == "data":
        local = local[1:]
    rtype = local[0]
    name = ".".join(local[1:]).split("[", 1)[0]
    return {"address": address, "mode": mode, "type": rtype, "name": name,
            "provider_name": provider, "schema_version": 0, "values": values}


def parse(doc: dict[str, Any], *, region: str | None = None,
          env: Mapping[str, str] | None = None, kind: str = "plan") -> Project:
    """Parse in memory and apply the region fallbacks exactly as `load_input` does."""
    project = project_from_document(kind, doc, "test-plan.json")
    apply_region_fallbacks(project, region, env or {})
    return project


def load(doc: Any, tmp_path: Path, *, region: str | None = None,
         env: Mapping[str, str] | None = None, name: str = "plan.json") -> Project:
    """Write ``doc`` as a file and load it through the public `load_input`."""
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2))
    return load_input(str(path), region=region, env=env or {})


def by_address(project: Project) -> dict[str, Any]:
    return {c.address: c for c in project.changes}
