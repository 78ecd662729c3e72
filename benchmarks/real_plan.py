"""Realistic plans of N resources, replicated from a real `terraform show -json` output.

The template is benchmarks/plan_shapes/plan.json (regenerate it with make_plan_shapes.py): 24
resource changes of common AWS types (aws_instance with root/EBS blocks, aws_ebs_volume,
aws_db_instance, aws_lb, aws_nat_gateway, aws_eip, aws_s3_bucket, aws_security_group,
aws_iam_role, aws_lambda_function, aws_eks_node_group, aws_dynamodb_table, aws_sqs_queue,
aws_vpc/subnets, a log group), 21 in the root module and 3 in a child module, with creates,
in-place updates, replacements, deletes and no-ops. Each carries what terraform writes for it:
every attribute of `before`/`after`, `after_unknown`, `before_sensitive`/`after_sensitive`,
the resource's `configuration` block with its expressions, its `planned_values` entry and, for
a resource that exists, its `prior_state` entry. That is about 6.7 KB of plan JSON per resource,
in line with what big real plans weigh (about 100 MB for 15,000 resources).

Copy k of the template is the whole stack placed in a module call `module.stack_k` (a
monorepo-like root calling one module per environment/team): every address, the planned values,
the prior state and the configuration (one module call per copy, as distinct module blocks
are) move under it. Values vary per copy so that no two copies price identically: instance
types cycle through several families, disk and database sizes change, and ids, ARNs and Name
tags carry the copy number. The last copy is cut short to reach exactly N resource changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parent / "plan_shapes" / "plan.json"

_INSTANCE_TYPES = ("m5.large", "m5.xlarge", "t3.medium", "c6i.xlarge", "r6g.2xlarge",
                   "m7g.large", "t3a.small", "c7g.2xlarge")
_DB_CLASSES = ("db.m5.large", "db.t3.medium", "db.r6g.xlarge", "db.m6g.large")
_SIZE_KEYS = ("volume_size", "size", "allocated_storage", "disk_size", "memory_size")


def _vary(node: Any, k: int) -> Any:
    """``node`` (a values/before/after tree) with copy-specific ids, sizes and types."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "instance_type" and isinstance(value, str):
                value = _INSTANCE_TYPES[(k + len(value)) % len(_INSTANCE_TYPES)]
            elif key == "instance_class" and isinstance(value, str):
                value = _DB_CLASSES[k % len(_DB_CLASSES)]
            elif key in _SIZE_KEYS and isinstance(value, int) and not isinstance(value, bool) \
                    and value > 0:
                value = value + (k % 40) * 4
            elif key in ("id", "arn", "Name", "name", "bucket") and isinstance(value, str):
                value = f"{value}-{k}"
            else:
                value = _vary(value, k)
            out[key] = value
        return out
    if isinstance(node, list):
        return [_vary(item, k) for item in node]
    return node


def _module_resources(module: dict[str, Any], prefix: str, k: int,
                      keep: set[str] | None) -> dict[str, Any]:
    """A planned_values/prior_state module tree moved under ``prefix`` (``module.stack_k``)."""
    out: dict[str, Any] = {"resources": [], "address": prefix.rstrip(".")}
    if module.get("address"):
        out["address"] = prefix + module["address"]
    for res in module.get("resources", []):
        address = prefix + res["address"]
        if keep is not None and address not in keep:
            continue
        out["resources"].append({**res, "address": address, "values": _vary(res["values"], k)})
    children = [_module_resources(child, prefix, k, keep) for child in module.get("child_modules", [])]
    children = [c for c in children if c["resources"] or c.get("child_modules")]
    if children:
        out["child_modules"] = children
    return out


def _resource_change(rc: dict[str, Any], prefix: str, k: int) -> dict[str, Any]:
    change = rc["change"]
    module_address = prefix.rstrip(".")
    if rc.get("module_address"):
        module_address = prefix + rc["module_address"]
    out = {**rc, "address": prefix + rc["address"], "module_address": module_address,
           "change": {**change, "before": _vary(change.get("before"), k),
                      "after": _vary(change.get("after"), k)}}
    if "previous_address" in rc:
        out["previous_address"] = prefix + rc["previous_address"]
    return out


def real_plan_chunks(n: int) -> Iterator[str]:
    """The JSON text of a realistic plan of ``n`` resource changes, in pieces (to be written
    to a file without holding a 600 MB string or its objects in memory)."""
    template = json.loads(TEMPLATE.read_text())
    # creates first, so that a 1-resource plan prices something (an aws_instance)
    changes = sorted(template["resource_changes"],
                     key=lambda rc: rc["change"]["actions"] != ["create"])
    planned = template["planned_values"]["root_module"]
    prior = template["prior_state"]["values"]["root_module"]
    config_root = template["configuration"]["root_module"]
    copies = -(-n // len(changes)) if n else 0

    def each(section: str) -> Iterator[str]:
        for k in range(copies):
            prefix = f"module.stack_{k}."
            wanted = changes[: n - k * len(changes)] if (k + 1) * len(changes) > n else changes
            keep = {prefix + rc["address"] for rc in wanted}
            if section == "resource_changes":
                for rc in wanted:
                    yield json.dumps(_resource_change(rc, prefix, k))
            elif section == "planned_values":
                yield json.dumps(_module_resources(planned, prefix, k, keep))
            elif section == "prior_state":
                yield json.dumps(_module_resources(prior, prefix, k, keep))
            else:
                call = {"source": "./stack", "module": config_root}
                yield f'"stack_{k}": {json.dumps(call)}'

    head = {key: template[key] for key in ("format_version", "terraform_version")}
    yield json.dumps(head)[:-1]
    yield ', "variables": {}, "planned_values": {"root_module": {"resources": [], "child_modules": ['
    yield from _joined(each("planned_values"))
    yield ']}}, "resource_changes": ['
    yield from _joined(each("resource_changes"))
    yield '], "prior_state": {"format_version": "1.0", "terraform_version": '
    yield json.dumps(template["terraform_version"])
    yield ', "values": {"root_module": {"resources": [], "child_modules": ['
    yield from _joined(each("prior_state"))
    yield ']}}}, "configuration": {"provider_config": '
    yield json.dumps(template["configuration"]["provider_config"])
    yield ', "root_module": {"module_calls": {'
    yield from _joined(each("configuration"))
    yield '}}}, "timestamp": ' + json.dumps(template["timestamp"])
    yield ', "applyable": true, "complete": true, "errored": false}'


def _joined(parts: Iterator[str]) -> Iterator[str]:
    for i, part in enumerate(parts):
        yield part if i == 0 else "," + part


def write_real_plan(path: Path, n: int) -> int:
    """Write a realistic plan of ``n`` resource changes to ``path``; return its size in bytes."""
    size = 0
    with path.open("w") as out:
        for chunk in real_plan_chunks(n):
            size += len(chunk)
            out.write(chunk)
    return size
