"""Which usage keys exist: the Infracost usage-file format's keys, plus cost-gate's own.

``infracost_usage_keys.csv`` (beside this module) lists, per resource type, every key of the
Infracost usage YAML with its value type and allowed values (interface facts; provenance in
``../shared/usage-keys/README.md``: infracost/infracost ``infracost-usage-example.yml`` at commit
95ba4f49, Apache-2.0). Nested keys are dotted (``standard.storage_gb``); keys inside a list of
maps are ``list_key.[].key``. cost-gate's own keys are the ones its pricing rules declare
(``@register(..., usage=...)``), including the keys of its earlier ``version: 1`` format.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_FILE = Path(__file__).with_name("infracost_usage_keys.csv")


@dataclass(frozen=True)
class KeySpec:
    value_type: str  # number | str | bool
    choices: tuple[str, ...] = ()
    in_format: bool = True  # defined by the Infracost format (else: a cost-gate key)


@lru_cache(maxsize=1)
def format_keys() -> dict[str, dict[str, KeySpec]]:
    """resource type -> key -> spec, as the Infracost format defines them."""
    out: dict[str, dict[str, KeySpec]] = {}
    with CATALOGUE_FILE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            choices = tuple(v for v in (row["allowed_values"] or "").split("|") if v)
            out.setdefault(row["resource_type"], {})[row["key"]] = KeySpec(
                row["value_type"], choices)
    return out


def valid_keys(resource_type: str) -> dict[str, KeySpec]:
    """Every key a usage file may set for ``resource_type`` (format keys, then cost-gate's)."""
    from cost_gate.rules import usage_keys_for

    keys = dict(format_keys().get(resource_type, {}))
    for declared in usage_keys_for(resource_type):
        spec = keys.get(declared.name)
        if spec is None:
            keys[declared.name] = KeySpec(declared.value_type, declared.choices, in_format=False)
        elif declared.choices and not spec.choices:
            keys[declared.name] = KeySpec(spec.value_type, declared.choices)
    return keys


def known_type(resource_type: str) -> bool:
    from cost_gate.rules import is_free, rule_for

    return (resource_type in format_keys() or rule_for(resource_type) is not None
            or is_free(resource_type))


def all_types() -> list[str]:
    from cost_gate.rules import supported_types

    return sorted(set(format_keys()) | set(supported_types()))
