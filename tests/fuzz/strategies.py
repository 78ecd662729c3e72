"""Hypothesis strategies for cost-gate's inputs, shared by the property tests.

- :func:`json_values`: any JSON value, including the shapes that confuse a reader (deep
  lists, empty keys, huge and non-finite numbers as Python floats).
- :func:`plan_documents`: ``terraform show -json`` plans whose envelope fields are either
  right or replaced by arbitrary JSON; :func:`state_documents` likewise.
- :func:`hcl_expressions`: HCL expression text built from the grammar (literals,
  operators, conditionals, collections, ``for``, templates, calls of every built-in).
- :func:`function_calls`: a built-in's name and arbitrary argument values.
- :func:`attribute_values`: arbitrary attribute values for a resource (plan/state fuzzing;
  every registered rule is fuzzed at the paths it reads in ``test_rule_properties.py``).
"""

from __future__ import annotations

import json
import string
from typing import Any

from hypothesis import strategies as st

_NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e308, 1e-308, 2**53 + 1, 10**400]),
)
_TEXT = st.one_of(st.text(max_size=20),
                  st.sampled_from(["", "us-east-1", "t3.micro", "create", "aws_instance.x",
                                   "registry.terraform.io/hashicorp/aws", "NaN", "1e400",
                                   "${var.x}", "\u0000", "\ud7ff", "a" * 300]))
SCALARS = st.one_of(st.none(), st.booleans(), _NUMBERS, _TEXT)


def json_values(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda children: st.one_of(st.lists(children, max_size=4),
                                   st.dictionaries(_TEXT, children, max_size=4)),
        max_leaves=max_leaves,
    )


def attribute_values() -> st.SearchStrategy[dict[str, Any]]:
    """A resource's attributes: well-known cost attribute names mapped to anything."""
    names = st.sampled_from([
        "instance_type", "volume_size", "size", "type", "iops", "throughput", "tenancy",
        "root_block_device", "ebs_block_device", "credit_specification", "engine",
        "instance_class", "allocated_storage", "storage_type", "multi_az", "node_type",
        "num_cache_nodes", "load_balancer_type", "desired_capacity", "min_size",
        "scaling_config", "machine_type", "boot_disk", "os_disk", "sku", "location", "zone",
        "region", "memory_size", "launch_type", "desired_count", "cpu", "memory",
    ])
    return st.dictionaries(names, json_values(10), max_size=8)


def _maybe(right: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the right shape, sometimes anything at all."""
    return st.one_of(right, right, right, json_values(6))


def resource_changes() -> st.SearchStrategy[Any]:
    change = st.fixed_dictionaries({
        "actions": _maybe(st.sampled_from([["create"], ["delete"], ["update"], ["no-op"],
                                           ["delete", "create"], ["create", "delete"],
                                           ["read"]])),
        "before": _maybe(st.one_of(st.none(), attribute_values())),
        "after": _maybe(st.one_of(st.none(), attribute_values())),
        "after_unknown": _maybe(st.one_of(st.just({}), st.just({"id": True}))),
    })
    return st.fixed_dictionaries({
        "address": _maybe(st.sampled_from(["aws_instance.web", "aws_ebs_volume.v[0]",
                                           'module.m["a"].aws_nat_gateway.n',
                                           "google_compute_instance.g",
                                           "azurerm_managed_disk.d"])),
        "mode": _maybe(st.sampled_from(["managed", "data"])),
        "type": _maybe(st.sampled_from(["aws_instance", "aws_ebs_volume", "aws_nat_gateway",
                                        "aws_db_instance", "aws_lb", "aws_vpc",
                                        "google_compute_instance", "azurerm_managed_disk",
                                        "aws_dynamodb_table"])),
        "name": _maybe(st.just("web")),
        "provider_name": _maybe(st.sampled_from(["registry.terraform.io/hashicorp/aws",
                                                 "aws", "registry.terraform.io/hashicorp/google",
                                                 "registry.terraform.io/hashicorp/azurerm"])),
        "change": _maybe(change),
    })


def plan_documents() -> st.SearchStrategy[dict[str, Any]]:
    provider = {"aws": {"name": "aws", "expressions": {"region": {"constant_value":
                                                                   "us-east-1"}}}}
    return st.fixed_dictionaries(
        {"format_version": st.sampled_from(["1.2", "0.1", "1.0"]),
         "resource_changes": _maybe(st.lists(resource_changes(), max_size=4))},
        optional={"configuration": _maybe(st.just({"provider_config": provider})),
                  "variables": _maybe(st.just({"region": {"value": "eu-west-1"}})),
                  "planned_values": json_values(6)},
    )


def state_documents() -> st.SearchStrategy[dict[str, Any]]:
    resource = st.fixed_dictionaries({
        "address": _maybe(st.just("aws_instance.web")), "mode": _maybe(st.just("managed")),
        "type": _maybe(st.sampled_from(["aws_instance", "aws_ebs_volume", "aws_eip"])),
        "name": _maybe(st.just("web")),
        "provider_name": _maybe(st.just("registry.terraform.io/hashicorp/aws")),
        "values": _maybe(attribute_values()),
    })
    module = st.fixed_dictionaries({"resources": _maybe(st.lists(resource, max_size=3))},
                                   optional={"child_modules": _maybe(st.just([]))})
    return st.fixed_dictionaries({"format_version": st.just("1.0"),
                                  "values": _maybe(st.fixed_dictionaries(
                                      {"root_module": _maybe(module)}))})


# -- HCL ---------------------------------------------------------------------------------------

_NAMES = ["var.n", "var.s", "var.l", "var.m", "local.x", "local.l", "count.index",
          "each.key", "path.module", "aws_instance.web.id", "data.aws_ami.a.id"]
_HCL_LITERALS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["0", "1.5", "1e9", "1e300", "-3", "true", "false", "null",
                     '""', '"a"', '"us-east-1"', '"%d"', '"/(a+)+/"', '"10.0.0.0/16"',
                     '"\\n"', '"${var.s}"', '"%{ for x in var.l }${x}%{ endfor }"']),
    st.text(alphabet=string.ascii_letters + string.digits + " .-_/", max_size=12)
    .map(lambda s: json.dumps(s)),
    st.sampled_from(_NAMES),
)


def _function_names() -> list[str]:
    from cost_gate.inputs.hcl.functions import FUNCTIONS

    return sorted(FUNCTIONS) + ["try", "can", "type", "uuid", "timestamp", "nosuch"]


def hcl_expressions() -> st.SearchStrategy[str]:
    names = _function_names()

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=",
                                              "&&", "||"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda e: f"!({e})"),
            inner.map(lambda e: f"-({e})"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(st.tuples(st.sampled_from(["a", "b", '"k"']), inner), max_size=3).map(
                lambda kv: "{" + ", ".join(f"{k} = {v}" for k, v in kv) + "}"),
            st.tuples(inner, inner).map(lambda t: f"[for x in {t[0]} : {t[1]}]"),
            st.tuples(inner, inner).map(lambda t: f"{{for k, v in {t[0]} : tostring(k) => {t[1]}}}"),
            st.tuples(inner, inner).map(lambda t: f"({t[0]})[{t[1]}]"),
            inner.map(lambda e: f"({e})[*].a"),
            inner.map(lambda e: f'"pre-${{{e}}}-post"'),
            st.tuples(st.sampled_from(names), st.lists(inner, max_size=4)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"),
        )

    return st.recursive(_HCL_LITERALS, extend, max_leaves=12)


def function_calls() -> st.SearchStrategy[tuple[str, list[Any]]]:
    args = st.lists(st.one_of(json_values(8), st.sampled_from(
        [10**9, -(10**9), 1e300, "(a+)+$", "%999999999d", "10.0.0.0/8", "::/0", [[1, 2]] * 3,
         list(range(50))])), max_size=4)
    return st.tuples(st.sampled_from(_function_names()), args)
