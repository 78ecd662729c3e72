"""Cloud SQL: google_sql_database_instance.

Only the legacy predefined db-n1-standard / db-n1-highmem tiers (zonal) have prices in the
shipped data (``gcp/cloud_sql``: ``instance``, tier/engine/availability, 2023-03-10); other tiers,
regional (HA) instances, storage and backups have none, so they show as not priced.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.base import Component, NotPriceable, Resource, hourly, monthly
from cost_gate.rules.google.compute import known_number, known_string, ref

_LEGACY_TIER_PREFIXES = ("db-n1-standard-", "db-n1-highmem-")
DEFAULT_DISK_GB = 10
DEFAULT_DISK_TYPE = "PD_SSD"


@register("google_sql_database_instance")
def google_sql_database_instance(r: Resource) -> list[Component]:
    tier = r.string("settings.0.tier", required=True)
    version = (r.string("database_version") or "").upper()
    if not tier.startswith(_LEGACY_TIER_PREFIXES):
        raise NotPriceable(f"Cloud SQL tier {tier}: only the legacy db-n1 tiers have prices in "
                           "the shipped data")
    if version.startswith("SQLSERVER"):
        raise NotPriceable("Cloud SQL for SQL Server: no prices in the data")
    attrs = {"tier": tier, "engine": "MySQL"}
    if version.startswith("POSTGRES"):
        r.note("PostgreSQL priced at the MySQL rate of the same legacy tier (the data holds the "
               "MySQL SKUs; Cloud SQL bills both engines alike)")
    availability = (known_string(r, "settings.0.availability_type") or "ZONAL").lower()
    comps = [hourly(f"Cloud SQL instance ({tier}, {availability})",
                    ref("instance", {**attrs, "availability": availability}, "cloud_sql"))]
    size = known_number(r, "settings.0.disk_size") or Decimal(DEFAULT_DISK_GB)
    disk_type = known_string(r, "settings.0.disk_type") or DEFAULT_DISK_TYPE
    comps.append(monthly(f"Storage ({disk_type}, {size} GB)", "GB-months", size,
                         ref("storage", {"type": disk_type.lower()}, "cloud_sql")))
    return comps
