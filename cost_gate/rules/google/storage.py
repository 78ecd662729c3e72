"""Cloud Storage: google_storage_bucket (data stored by class and location; Class A/B
operations where the data has their price). All usage-based."""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import Component, Resource, usage
from cost_gate.rules.google.compute import known_string, ref

CLASSES = {"STANDARD": "standard", "NEARLINE": "nearline", "COLDLINE": "coldline",
           "ARCHIVE": "archive", "REGIONAL": "standard", "MULTI_REGIONAL": "standard"}


@register("google_storage_bucket", kind=USAGE_ONLY)
def google_storage_bucket(r: Resource) -> list[Component]:
    storage_class = (known_string(r, "storage_class") or "STANDARD").upper()
    name = CLASSES.get(storage_class, storage_class.lower())
    comps = [usage(f"{name.capitalize()} storage", "GB-months",
                   ref("data_stored", {"storage_class": name}, "storage"), "storage_gb")]
    if name == "standard":
        comps += [
            usage("Class A operations", "operations", ref("operations", {"class": "a"},
                                                          "storage"),
                  "monthly_class_a_operations"),
            usage("Class B operations", "operations", ref("operations", {"class": "b"},
                                                          "storage"),
                  "monthly_class_b_operations"),
        ]
    return comps
