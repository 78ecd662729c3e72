#!/usr/bin/env python3
"""Regenerate benchmarks/plan_shapes/plan.json: a real `terraform show -json` plan of common AWS
types, the template the benchmarks replicate up to N resources.

It plans benchmarks/plan_shapes/ (main.tf and a local module) with the local terraform and the
hashicorp/aws provider mirror, with fake credentials and no refresh (nothing is called):
stage 1 creates everything; its planned values, with the values known only after apply filled
in (ids, ARNs, computed defaults typed from the provider schema), become a prior state, and
stage 1 is planned again against it until nothing changes (each round resolves one more level
of references, e.g. a subnet's vpc_id to the VPC's filled id); stage 2 is then planned against
that state, so the fixture has creates, in-place updates, replacements,
deletes and no-ops with every attribute of before/after, after_unknown, the sensitivity maps,
configuration expressions, planned_values and prior_state as terraform writes them.

Usage: python benchmarks/make_plan_shapes.py [--plugin-dir /opt/tf-plugins]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
import zlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "plan_shapes"
PROVIDER = """
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "fake"
  secret_key                  = "fake"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
"""
AWS = "registry.terraform.io/hashicorp/aws"


def terraform(work: Path, *args: str) -> str:
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    proc = subprocess.run(["terraform", *args], cwd=work, capture_output=True, text=True,
                          env=env, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"terraform {args[0]} failed:\n{proc.stderr}")
    return proc.stdout


# What AWS answers for computed attributes whose value carries meaning (a rule may read it);
# "" where AWS leaves an optional computed string empty. Other strings get an id-like filler.
PLAUSIBLE = {
    "tenancy": "default", "region": "us-east-1", "availability_zone": "us-east-1a",
    "network_border_group": "us-east-1", "public_ipv4_pool": "amazon",
    "license_model": "postgresql-license", "log_group_class": "STANDARD",
    "network_type": "IPV4", "ip_address_type": "ipv4", "request_payer": "BucketOwner",
    "database_insights_mode": "standard", "backup_target": "region",
    "engine_lifecycle_support": "open-source-rds-extended-support",
    "ca_cert_identifier": "rds-ca-rsa2048-g1", "engine_version_actual": "16.4",
    "option_group_name": "default:postgres-16", "parameter_group_name": "default.postgres16",
    "backup_window": "03:00-03:30", "maintenance_window": "sun:05:00-sun:05:30",
    "instance_state": "running", "status": "available", "private_ip": "10.0.1.23",
    "private_dns": "ip-10-0-1-23.ec2.internal", "capacity_type": "ON_DEMAND",
    "acceleration_status": "", "acl": "", "instance_lifecycle": "", "timezone": "",
    "character_set_name": "", "nchar_character_set_name": "", "replica_mode": "",
    "deduplication_scope": "", "fifo_throughput_limit": "", "policy": "",
    "redrive_policy": "", "redrive_allow_policy": "", "ipv6_cidr_block": "",
    "ipv6_association_id": "", "ipv6_cidr_block_network_border_group": "", "ipam_pool_id": "",
    "customer_owned_ip": "", "carrier_ip": "", "public_ip": "", "public_dns": "",
    "domain_fqdn": "", "website_domain": "", "website_endpoint": "", "snapshot_id": "",
    "snapshot_identifier": "", "enforce_security_group_inbound_rules_on_private_link_traffic": "",
}


def filler(attr_type: Any, name: str, address: str) -> Any:
    """A plausible value of a schema type for an attribute known only after apply."""
    if attr_type == "string" and name in PLAUSIBLE:
        return PLAUSIBLE[name]
    if attr_type == "string":
        suffix = zlib.crc32(f"{address}.{name}".encode())
        if name == "arn" or name.endswith("_arn"):
            return f"arn:aws:service:us-east-1:123456789012:{address}"
        return f"{name.replace('_', '-')}-{suffix:08x}"
    if attr_type == "number":
        return 0
    if attr_type == "bool":
        return False
    if isinstance(attr_type, list) and attr_type[0] in ("list", "set"):
        return []
    if isinstance(attr_type, list) and attr_type[0] == "map":
        return {}
    return None


def fill(values: Any, unknown: Any, block: dict[str, Any], address: str) -> Any:
    """``values`` with each unknown leaf replaced by a value of its schema type."""
    if not isinstance(unknown, dict) or not isinstance(values, dict):
        return values
    out = dict(values)
    attrs, blocks = block.get("attributes", {}), block.get("block_types", {})
    for name, mark in unknown.items():
        if name in attrs:
            if mark is True:
                out[name] = filler(attrs[name].get("type"), name, address)
        elif name in blocks:
            nested = blocks[name]
            if mark is True:
                out[name] = [] if nested["nesting_mode"] in ("list", "set") else None
            elif isinstance(mark, list) and isinstance(out.get(name), list):
                out[name] = [fill(v, u, nested["block"], address)
                             for v, u in zip(out[name], mark + [{}] * len(out[name]), strict=False)]
    return out


def state_from(plan: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A v4 state of stage 1's planned values, as if it had been applied."""
    resource_schemas = schema["provider_schemas"][AWS]["resource_schemas"]
    unknown = {rc["address"]: rc["change"].get("after_unknown") or {}
               for rc in plan["resource_changes"]}
    grouped: dict[tuple, dict[str, Any]] = {}

    def walk(module: dict[str, Any]) -> None:
        for res in module.get("resources", []):
            rschema = resource_schemas[res["type"]]
            key = (module.get("address"), res["mode"], res["type"], res["name"])
            entry = grouped.setdefault(key, {
                **({"module": module["address"]} if module.get("address") else {}),
                "mode": res["mode"], "type": res["type"], "name": res["name"],
                "provider": f'provider["{AWS}"]', "instances": []})
            attributes = fill(res["values"], unknown[res["address"]], rschema["block"],
                              res["address"])
            if isinstance(attributes.get("user_data"), str):  # the provider stores its SHA-1
                attributes["user_data"] = hashlib.sha1(attributes["user_data"].encode()).hexdigest()
            instance = {"schema_version": rschema.get("version", 0),
                        "attributes": attributes,
                        "sensitive_attributes": []}
            if "index" in res:
                instance["index_key"] = res["index"]
            entry["instances"].append(instance)
        for child in module.get("child_modules", []):
            walk(child)

    walk(plan["planned_values"]["root_module"])
    return {"version": 4, "terraform_version": plan["terraform_version"], "serial": 1,
            "lineage": str(uuid.UUID(int=12)), "outputs": {},
            "resources": list(grouped.values()), "check_results": None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plugin-dir", default=os.environ.get("COST_GATE_TF_PLUGIN_DIR",
                                                               "/opt/tf-plugins"))
    args = parser.parse_args()
    if shutil.which("terraform") is None:
        raise SystemExit("terraform is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "stack"
        shutil.copytree(HERE, work, ignore=shutil.ignore_patterns("plan.json"))
        (work / "provider.tf").write_text(PROVIDER)
        terraform(work, "init", "-input=false", f"-plugin-dir={args.plugin_dir}")
        terraform(work, "plan", "-input=false", "-refresh=false", "-var", "stage=1",
                  "-out=stage1.plan")
        stage1 = json.loads(terraform(work, "show", "-json", "stage1.plan"))
        schema = json.loads(terraform(work, "providers", "schema", "-json"))
        for _ in range(8):  # one level of references per round; this stack has ~4
            (work / "terraform.tfstate").write_text(json.dumps(state_from(stage1, schema)))
            terraform(work, "plan", "-input=false", "-refresh=false", "-var", "stage=1",
                      "-out=stage1.plan")
            stage1 = json.loads(terraform(work, "show", "-json", "stage1.plan"))
            if all(rc["change"]["actions"] == ["no-op"] for rc in stage1["resource_changes"]):
                break
        else:
            moving = {rc["address"]: rc["change"]["actions"] for rc in stage1["resource_changes"]
                      if rc["change"]["actions"] not in (["no-op"], ["update"])}
            if moving:
                raise SystemExit(f"stage 1 does not settle into a state: {moving}")
            # left: in-place updates of computed values the filler cannot guess; the state
            # is still a state of stage 1, which is all stage 2 needs
        terraform(work, "plan", "-input=false", "-refresh=false", "-var", "stage=2",
                  "-out=stage2.plan")
        stage2 = terraform(work, "show", "-json", "stage2.plan")
    plan = json.loads(stage2)
    actions: dict[str, int] = {}
    for rc in plan["resource_changes"]:
        key = "/".join(rc["change"]["actions"])
        actions[key] = actions.get(key, 0) + 1
    (HERE / "plan.json").write_text(stage2)
    print(f"wrote {HERE / 'plan.json'}: {len(stage2):,} bytes, "
          f"{len(plan['resource_changes'])} resource changes {actions}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
