"""EFS: aws_efs_file_system storage by class, throughput and data access.

- Storage (usage-based, GB-months): Standard, or One Zone when ``availability_zone_name`` is set
  (Infracost key ``storage_gb``); Infrequent Access / One Zone-IA when a lifecycle policy moves
  files there or the usage file estimates it (``infrequent_access_storage_gb``, with IA reads and
  tiering writes: ``monthly_infrequent_access_read_gb``, ``monthly_infrequent_access_write_gb``);
  Archive (regional file systems) likewise (cost-gate's ``archive_storage_gb``,
  ``monthly_archive_read_gb``, ``monthly_archive_write_gb``).
- Throughput: Bursting (the default) has no charge of its own; Provisioned pays per MB/s-month
  for ``provisioned_throughput_in_mibps`` above the baseline the Standard storage earns (50 KiB/s
  per GiB, subtracted when ``storage_gb`` is estimated); Elastic pays per GB read and written
  (``monthly_elastic_read_gb``, ``monthly_elastic_write_gb``).
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.aws.common import setting
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, monthly, usage

BASELINE_MIBPS_PER_GIB = Decimal(50) / Decimal(1024)  # 50 KiB/s per GiB of Standard storage
EFS_USAGE = (
    UsageKey("storage_gb", "GB", "data stored in Standard (or One Zone)"),
    UsageKey("infrequent_access_storage_gb", "GB", "data stored in Infrequent Access"),
    UsageKey("monthly_infrequent_access_read_gb", "GB", "data read from Infrequent Access per "
             "month"),
    UsageKey("monthly_infrequent_access_write_gb", "GB", "data moved into Infrequent Access "
             "per month"),
    UsageKey("archive_storage_gb", "GB", "data stored in Archive"),
    UsageKey("monthly_archive_read_gb", "GB", "data read from Archive per month"),
    UsageKey("monthly_archive_write_gb", "GB", "data moved into Archive per month"),
    UsageKey("monthly_elastic_read_gb", "GB", "data read per month (Elastic throughput)"),
    UsageKey("monthly_elastic_write_gb", "GB", "data written per month (Elastic throughput)"),
)


def _ref(product: str, **attrs: str) -> PriceRef:
    return PriceRef("efs", product, attrs)


def _access(name: str, storage_class: str, operation: str, key: str) -> Component:
    return usage(name, "GB", _ref("data_access", storage_class=storage_class,
                                  operation=operation), key)


def _lifecycle(r: Resource, field: str) -> bool:
    return any(r.string(f"lifecycle_policy.{i}.{field}")
               for i in range(len(r.blocks("lifecycle_policy"))))


@register("aws_efs_file_system", usage=EFS_USAGE)
def aws_efs_file_system(r: Resource) -> list[Component]:
    one_zone = not r.is_unknown("availability_zone_name") and bool(
        r.string("availability_zone_name"))
    storage_gb = r.usage.number("storage_gb")
    comps = [usage("Storage (One Zone)" if one_zone else "Storage (Standard)", "GB-months",
                   _ref("storage", storage_class="one_zone" if one_zone else "standard"),
                   "storage_gb")]
    if _lifecycle(r, "transition_to_ia") or r.usage.sets_any("infrequent_access_storage_gb"):
        ia = "one_zone_infrequent_access" if one_zone else "infrequent_access"
        label = "One Zone-IA" if one_zone else "Infrequent Access"
        comps += [
            usage(f"Storage ({label})", "GB-months", _ref("storage", storage_class=ia),
                  "infrequent_access_storage_gb"),
            _access(f"{label} reads", "infrequent_access", "read",
                    "monthly_infrequent_access_read_gb"),
            _access(f"{label} tiering (writes)", "infrequent_access", "write",
                    "monthly_infrequent_access_write_gb"),
        ]
    if not one_zone and (_lifecycle(r, "transition_to_archive")
                         or r.usage.sets_any("archive_storage_gb")):
        comps += [
            usage("Storage (Archive)", "GB-months", _ref("storage", storage_class="archive"),
                  "archive_storage_gb"),
            _access("Archive reads", "archive", "read", "monthly_archive_read_gb"),
            _access("Archive tiering (writes)", "archive", "write", "monthly_archive_write_gb"),
        ]
    mode = setting(r, "throughput_mode", "bursting")
    if mode == "provisioned":
        mibps = r.number("provisioned_throughput_in_mibps", required=True)
        billed = mibps
        if storage_gb is not None:
            billed = max(Decimal(0), mibps - storage_gb * BASELINE_MIBPS_PER_GIB)
        else:
            r.note("provisioned throughput is billed above the baseline the Standard storage "
                   "earns (50 KiB/s per GiB); priced in full until storage_gb is estimated")
        comps.append(monthly("Provisioned throughput", "MBps-months", billed,
                             _ref("provisioned_throughput")))
    elif mode == "elastic":
        comps += [
            _access("Elastic throughput reads", "standard", "read", "monthly_elastic_read_gb"),
            _access("Elastic throughput writes", "standard", "write", "monthly_elastic_write_gb"),
        ]
    return comps
