"""S3: aws_s3_bucket storage, requests, retrievals and lifecycle transitions by storage class
(all usage-based); bucket analytics and inventory configurations (per object).

S3 Standard is always shown. Another storage class is shown when the usage file gives any of
its keys a value other than 0 (a bucket holds objects of the classes it is used with; the plan
does not say which), with Infracost's key names: ``standard.*``, ``intelligent_tiering.*``,
``standard_infrequent_access.*``, ``one_zone_infrequent_access.*``,
``glacier_flexible_retrieval.*``, ``glacier_deep_archive.*`` (``storage_gb``,
``monthly_tier_1_requests`` = PUT/COPY/POST/LIST, ``monthly_tier_2_requests`` = GET and the
rest, ``monthly_data_retrieval_gb``, ``monthly_lifecycle_transition_requests``, ...);
``usage init`` writes Standard's keys only.
Intelligent-Tiering's archive tiers and Glacier Instant Retrieval use cost-gate's own keys
(``intelligent_tiering.archive_instant_access_storage_gb``, ``.archive_access_storage_gb``,
``.deep_archive_access_storage_gb``; ``glacier_instant_retrieval.*`` like Standard-IA's). cost-gate's earlier ``monthly_storage_gb``,
``monthly_tier1_requests``, ``monthly_tier2_requests`` are still read for Standard.

Standard and Intelligent-Tiering frequent-access storage are tiered by GB-month; AWS counts
tiers per account and region, here they are applied per bucket. Glacier Deep Archive storage has
no price in the data (its charge is noted as not shown); PUTs to Glacier and Deep Archive are
priced at their lifecycle-transition rates, as AWS bills them. S3 Select, retrieval requests,
early deletion, replication and data transfer are not priced (their keys are reported as not
used yet).
"""

from __future__ import annotations

from dataclasses import dataclass

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import Component, NoCharge, PriceRef, Resource, UsageKey, usage


@dataclass(frozen=True)
class Charge:
    """One usage-based charge of a storage class: its usage-file key (below the class), name,
    unit, price product/attributes, whether tiered, and legacy key aliases."""

    key: str
    name: str
    unit: str
    product: str
    attrs: tuple[tuple[str, str], ...] = ()
    tiered: bool = False
    legacy: tuple[str, ...] = ()


def _requests(storage_class: str) -> tuple[Charge, ...]:
    attrs = (("storage_class", storage_class),)
    return (
        Charge("monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "requests",
               "requests", (*attrs, ("tier", "1"))),
        Charge("monthly_tier_2_requests", "GET and all other requests", "requests", "requests",
               (*attrs, ("tier", "2"))),
    )


def _transitions(storage_class: str) -> Charge:
    return Charge("monthly_lifecycle_transition_requests", "lifecycle transition requests",
                  "requests", "lifecycle_transitions", (("storage_class", storage_class),))


def _storage(key: str, name: str, storage_class: str, tiered: bool = False,
             legacy: tuple[str, ...] = ()) -> Charge:
    return Charge(key, name, "GB-months", "storage", (("storage_class", storage_class),),
                  tiered, legacy)


STANDARD = (
    _storage("storage_gb", "storage", "standard", tiered=True, legacy=("monthly_storage_gb",)),
    Charge("monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "requests", "requests",
           (("tier", "1"),), legacy=("monthly_tier1_requests",)),
    Charge("monthly_tier_2_requests", "GET and all other requests", "requests", "requests",
           (("tier", "2"),), legacy=("monthly_tier2_requests",)),
)
# Usage-file prefix -> (label, charges); Standard first (always shown).
STORAGE_CLASSES: dict[str, tuple[str, tuple[Charge, ...]]] = {
    "standard": ("Standard", STANDARD),
    "intelligent_tiering": ("Intelligent-Tiering", (
        _storage("frequent_access_storage_gb", "frequent access storage",
                 "intelligent_tiering_frequent", tiered=True),
        _storage("infrequent_access_storage_gb", "infrequent access storage",
                 "intelligent_tiering_infrequent"),
        _storage("archive_instant_access_storage_gb", "archive instant access storage",
                 "intelligent_tiering_archive_instant"),
        _storage("archive_access_storage_gb", "archive access storage",
                 "intelligent_tiering_archive"),
        _storage("deep_archive_access_storage_gb", "deep archive access storage",
                 "intelligent_tiering_deep_archive"),
        Charge("monitored_objects", "monitoring and automation", "object-months",
               "intelligent_tiering_monitoring"),
        *_requests("intelligent_tiering"),
        _transitions("intelligent_tiering"),
    )),
    "standard_infrequent_access": ("Standard-IA", (
        _storage("storage_gb", "storage", "standard_ia"),
        *_requests("standard_ia"),
        Charge("monthly_data_retrieval_gb", "data retrieval", "GB", "retrieval",
               (("storage_class", "standard_ia"),)),
        _transitions("standard_ia"),
    )),
    "one_zone_infrequent_access": ("One Zone-IA", (
        _storage("storage_gb", "storage", "onezone_ia"),
        *_requests("onezone_ia"),
        Charge("monthly_data_retrieval_gb", "data retrieval", "GB", "retrieval",
               (("storage_class", "onezone_ia"),)),
        _transitions("onezone_ia"),
    )),
    "glacier_instant_retrieval": ("Glacier Instant Retrieval", (
        _storage("storage_gb", "storage", "glacier_ir"),
        *_requests("glacier_ir"),
        Charge("monthly_data_retrieval_gb", "data retrieval", "GB", "retrieval",
               (("storage_class", "glacier_ir"),)),
        _transitions("glacier_ir"),
    )),
    "glacier_flexible_retrieval": ("Glacier Flexible Retrieval", (
        _storage("storage_gb", "storage", "glacier"),
        *_requests("glacier"),
        *(Charge(f"monthly_{speed}_data_retrieval_gb", f"{speed} data retrieval",
                 "GB", "retrieval", (("storage_class", "glacier"), ("retrieval_tier", speed)))
          for speed in ("standard", "bulk", "expedited")),
        _transitions("glacier"),
    )),
    "glacier_deep_archive": ("Glacier Deep Archive", (
        _storage("storage_gb", "storage", "deep_archive"),
        Charge("monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "requests",
               "lifecycle_transitions", (("storage_class", "deep_archive"),)),
        Charge("monthly_tier_2_requests", "GET and all other requests", "requests", "requests",
               (("storage_class", "deep_archive"), ("tier", "2"))),
        *(Charge(f"monthly_{speed}_data_retrieval_gb", f"{speed} data retrieval",
                 "GB", "retrieval", (("storage_class", "deep_archive"), ("retrieval_tier", speed)))
          for speed in ("standard", "bulk")),
        _transitions("deep_archive"),
    )),
}
_UNIT_WORD = {"GB-months": "GB stored", "requests": "requests per month", "GB": "GB per month",
              "object-months": "objects monitored"}
S3_USAGE = (
    *(UsageKey(f"{prefix}.{charge.key}", charge.unit.removesuffix("-months"),
               f"{label} {charge.name} ({_UNIT_WORD[charge.unit]})")
      for prefix, (label, charges) in STORAGE_CLASSES.items() for charge in charges),
    UsageKey("monthly_storage_gb", "GB", "average GB stored (Standard)", legacy=True),
    UsageKey("monthly_tier1_requests", "requests", "PUT/COPY/POST/LIST requests", legacy=True),
    UsageKey("monthly_tier2_requests", "requests", "GET and other requests", legacy=True),
)


@register("aws_s3_bucket", usage=S3_USAGE, kind=USAGE_ONLY)
def aws_s3_bucket(r: Resource) -> list[Component]:
    comps = []
    for prefix, (label, charges) in STORAGE_CLASSES.items():
        keys = [f"{prefix}.{c.key}" for c in charges]
        if prefix != "standard" and not r.usage.sets_any(*keys):
            continue
        values = [r.usage.number(key, *c.legacy) for key, c in zip(keys, charges, strict=True)]
        for charge, quantity in zip(charges, values, strict=True):
            # Standard's request lines keep their historical names (no class prefix).
            name = charge.name if prefix == "standard" and charge.product == "requests" \
                else f"{label} {charge.name}"
            comps.append(Component(name, charge.unit, quantity,
                                   PriceRef("s3", charge.product, dict(charge.attrs)),
                                   usage_based=True, tiered=charge.tiered,
                                   usage_key=f"{prefix}.{charge.key}"))
    return comps


ANALYTICS_USAGE = (UsageKey("monthly_monitored_objects", "objects",
                            "objects monitored by Storage Class Analysis per month"),)
INVENTORY_USAGE = (UsageKey("monthly_listed_objects", "objects",
                            "objects listed in inventory reports per month"),)


@register("aws_s3_bucket_analytics_configuration", usage=ANALYTICS_USAGE, kind=USAGE_ONLY)
def aws_s3_bucket_analytics_configuration(r: Resource) -> list[Component]:
    return [usage("Storage Class Analysis objects monitored", "objects",
                  PriceRef("s3", "analytics_objects"), "monthly_monitored_objects")]


@register("aws_s3_bucket_inventory", usage=INVENTORY_USAGE, kind=USAGE_ONLY)
def aws_s3_bucket_inventory(r: Resource) -> list[Component]:
    if not r.flag("enabled", default=True):
        raise NoCharge("inventory disabled: no charge")
    return [usage("Inventory objects listed", "objects", PriceRef("s3", "inventory_objects"),
                  "monthly_listed_objects")]
