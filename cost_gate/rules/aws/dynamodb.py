"""DynamoDB: tables (provisioned or on-demand), global-table replicas and legacy global tables.

Provisioned capacity is charged per RCU-hour and WCU-hour, the table's plus its global
secondary indexes'. A global table (``replica`` blocks, aws_dynamodb_table_replica) is charged,
in each replica's region, the same read capacity and the writes as replicated WCUs (rWCU);
on-demand replicas pay replicated write request units. Table class Standard-IA has its own
rates. Storage, point-in-time recovery, on-demand backups, restores and stream reads are
usage-based. Kinesis Data Streams for DynamoDB (aws_dynamodb_kinesis_streaming_destination)
bills change data capture units, one per write of up to 1 KB (usage; the stream is billed on
its aws_kinesis_stream). Contributor Insights (aws_dynamodb_contributor_insights) on a table or
index: the CloudWatch rules DynamoDB creates for it (2 without a sort key: most accessed and
most throttled partition keys; 4 with one, adding partition + sort key) per rule-month, and
the events they analyze (usage).

Usage keys (Infracost names): ``monthly_read_request_units``, ``monthly_write_request_units``,
``storage_gb``, ``pitr_backup_storage_gb``, ``on_demand_backup_storage_gb``,
``monthly_data_restored_gb``, ``monthly_streams_read_request_units``; cost-gate's
``reserved_capacity_term`` prices provisioned capacity (Standard class) at the reserved rate
plus its upfront fee spread over the term.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    BadAttribute,
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    UsageKey,
    monthly,
    usage,
)

TABLE_CLASSES = {"STANDARD": "standard", "STANDARD_INFREQUENT_ACCESS": "standard_ia"}
RESERVED_TERMS = {"1_year": ("reserved-1y", 12), "3_year": ("reserved-3y", 36)}
TABLE_USAGE = (
    UsageKey("monthly_read_request_units", "RRUs", "read request units per month (on-demand)"),
    UsageKey("monthly_write_request_units", "WRUs",
             "write request units per month (on-demand; replicated to each replica)"),
    UsageKey("storage_gb", "GB", "table data stored (each replica stores a copy)"),
    UsageKey("pitr_backup_storage_gb", "GB", "point-in-time recovery backup size"),
    UsageKey("on_demand_backup_storage_gb", "GB", "on-demand backups stored"),
    UsageKey("monthly_data_restored_gb", "GB", "data restored from backups per month"),
    UsageKey("monthly_streams_read_request_units", "requests",
             "DynamoDB Streams read requests per month"),
    UsageKey("reserved_capacity_term", "", "price provisioned capacity at the reserved rate "
             "(Standard table class)", kind="setting", value_type="str",
             choices=tuple(RESERVED_TERMS)),
)


def _ref(product: str, region: str | None = None, **attrs: str) -> PriceRef:
    return PriceRef("dynamodb", product, attrs, region=region)


def _capacity(r: Resource, side: str) -> Decimal:
    """Provisioned read or write capacity of the table plus its global secondary indexes."""
    total = r.number(f"{side}_capacity", required=True, integer=True)
    for i, _index in enumerate(r.blocks("global_secondary_index")):
        path = f"global_secondary_index.{i}.{side}_capacity"
        if not r.is_unknown(path):
            total += r.number(path, 0, integer=True)
    return total


def _provisioned(r: Resource, label: str, product: str, units: Decimal, unit: str,
                 table_class: str, capacity: str, region: str | None = None) -> list[Component]:
    """Capacity-hours for ``units`` all month, at the reserved rate (with its upfront fee spread
    over the term) when the usage file asks for one."""
    comp = Component(label, unit, units * HOURS_PER_MONTH,
                     _ref(product, region, table_class=table_class))
    term = r.usage.string("reserved_capacity_term")
    if term not in RESERVED_TERMS or table_class != "standard" or product.startswith(
            "provisioned_replicated"):
        return [comp]
    term_attr, months = RESERVED_TERMS[term]
    years = term.replace("_", " ")
    comp.preferred = Component(f"{label} (reserved {years})", unit, comp.quantity,
                               _ref(product, region, table_class=table_class, term=term_attr))
    comp.fallback_note = (f"reserved capacity ({years}) is not in the price data; the "
                          "on-demand rate is shown")
    upfront = Component(f"Reserved capacity upfront ({capacity}, {years}, spread over "
                        f"{months} months)", f"{unit.split('-')[0]}s", units / months,
                        _ref("reserved_capacity_upfront", region, capacity=capacity,
                             term=term_attr), optional=True)
    return [comp, upfront]


def table_components(r: Resource, table_class: str, *, replica_regions: list[str],
                     on_demand: bool) -> list[Component]:
    comps: list[Component] = []
    cls = "" if table_class == "standard" else ", Standard-IA"
    if on_demand:
        comps.append(usage(f"Read request units (on-demand{cls})", "RRUs",
                           _ref("read_request_units", table_class=table_class),
                           "monthly_read_request_units"))
        comps.append(usage(f"Write request units (on-demand{cls})", "WRUs",
                           _ref("write_request_units", table_class=table_class),
                           "monthly_write_request_units"))
        for region in replica_regions:
            comps.append(usage(f"Replicated write request units ({region}{cls})", "rWRUs",
                               _ref("replicated_write_request_units", region,
                                    table_class=table_class),
                               "monthly_write_request_units"))
    else:
        rcu, wcu = _capacity(r, "read"), _capacity(r, "write")
        comps += _provisioned(r, f"Read capacity ({rcu} RCU{cls})", "provisioned_rcu", rcu,
                              "RCU-hours", table_class, "read")
        comps += _provisioned(r, f"Write capacity ({wcu} WCU{cls})", "provisioned_wcu", wcu,
                              "WCU-hours", table_class, "write")
        for region in replica_regions:
            comps += _provisioned(r, f"Replica read capacity ({region}, {rcu} RCU{cls})",
                                  "provisioned_rcu", rcu, "RCU-hours", table_class, "read",
                                  region)
            comps += _provisioned(r, f"Replicated write capacity ({region}, {wcu} rWCU{cls})",
                                  "provisioned_replicated_wcu", wcu, "rWCU-hours", table_class,
                                  "write", region)
        r.note("provisioned capacity priced as configured: auto scaling "
               "(aws_appautoscaling_target) may change it")
    comps.append(usage(f"Data storage{cls}", "GB-months",
                       _ref("storage", table_class=table_class), "storage_gb"))
    for region in replica_regions:
        comps.append(usage(f"Replica data storage ({region}{cls})", "GB-months",
                           _ref("storage", region, table_class=table_class), "storage_gb"))
    if _enabled(r, "point_in_time_recovery.0.enabled"):
        comps.append(usage("Point-in-time recovery (continuous backups)", "GB-months",
                           _ref("pitr_storage"), "pitr_backup_storage_gb"))
    comps.append(usage("On-demand backups", "GB-months", _ref("backup_storage"),
                       "on_demand_backup_storage_gb"))
    comps.append(usage("Restores from backups", "GB", _ref("restore"),
                       "monthly_data_restored_gb"))
    if _enabled(r, "stream_enabled"):
        comps.append(usage("Streams read requests", "requests", _ref("streams_read_requests"),
                           "monthly_streams_read_request_units"))
    return comps


def _enabled(r: Resource, path: str) -> bool:
    return not r.is_unknown(path) and r.flag(path)


def _table_class(r: Resource) -> str:
    if r.is_unknown("table_class"):
        return "standard"
    name = r.string("table_class", "STANDARD") or "STANDARD"
    if name not in TABLE_CLASSES:
        raise BadAttribute("table_class", name, "STANDARD or STANDARD_INFREQUENT_ACCESS")
    return TABLE_CLASSES[name]


def _on_demand(r: Resource) -> bool:
    # Unset is PROVISIONED (the provider's default); set from an expression known only after
    # apply, the mode is unknown and so is the price (MissingAttribute from the accessor).
    mode = r.string("billing_mode", "PROVISIONED")
    if mode not in ("PROVISIONED", "PAY_PER_REQUEST"):
        raise BadAttribute("billing_mode", mode, "PROVISIONED or PAY_PER_REQUEST")
    return mode == "PAY_PER_REQUEST"


def _replica_regions(blocks: list[Mapping[str, Any]], own_region: str) -> list[str]:
    regions = []
    for block in blocks:
        region = block.get("region_name")
        if isinstance(region, str) and region and region != own_region:
            regions.append(region)
    return regions


@register("aws_dynamodb_table", usage=TABLE_USAGE)
def aws_dynamodb_table(r: Resource) -> list[Component]:
    return table_components(r, _table_class(r),
                            replica_regions=_replica_regions(r.blocks("replica"), r.region),
                            on_demand=_on_demand(r))


@register("aws_dynamodb_table_replica", usage=TABLE_USAGE)
def aws_dynamodb_table_replica(r: Resource) -> list[Component]:
    """A replica in this resource's region of a table defined elsewhere: the table's capacity
    as read capacity and replicated writes here, or replicated write request units."""
    table = r.referenced("global_table_arn")
    if table is None:
        raise MissingAttribute("global_table_arn", "a table that is not in this plan")
    table_class = _table_class(r) if r.get("table_class_override") else _table_class(table)
    if _on_demand(table):
        return [usage("Replicated write request units", "rWRUs",
                      _ref("replicated_write_request_units", table_class=table_class),
                      "monthly_write_request_units"),
                usage("Replica data storage", "GB-months",
                      _ref("storage", table_class=table_class), "storage_gb")]
    rcu, wcu = _capacity(table, "read"), _capacity(table, "write")
    return [
        *_provisioned(r, f"Replica read capacity ({rcu} RCU)", "provisioned_rcu", rcu,
                      "RCU-hours", table_class, "read"),
        Component(f"Replicated write capacity ({wcu} rWCU)", "rWCU-hours",
                  wcu * HOURS_PER_MONTH,
                  _ref("provisioned_replicated_wcu", table_class=table_class)),
        usage("Replica data storage", "GB-months", _ref("storage", table_class=table_class),
              "storage_gb"),
    ]


@register("aws_dynamodb_global_table", usage=TABLE_USAGE)
def aws_dynamodb_global_table(r: Resource) -> list[Component]:
    """Legacy (2017.11.29) global table: joins same-named tables in several regions; each
    region's table is priced as its aws_dynamodb_table, and writes replicated to the other
    regions are charged as replicated write request units there (usage)."""
    regions = [b.get("region_name") for b in r.blocks("replica")
               if isinstance(b.get("region_name"), str)]
    if not regions:
        raise MissingAttribute("replica", "not set")
    return [usage(f"Replicated write request units ({region})", "rWRUs",
                  _ref("replicated_write_request_units", region, table_class="standard"),
                  "monthly_write_request_units") for region in regions]


CDC_USAGE = (UsageKey("monthly_change_data_capture_units", "CDC units",
                      "change data capture units a month: each item write of up to 1 KB "
                      "(larger items count one per started KB)"),)


@register("aws_dynamodb_kinesis_streaming_destination", usage=CDC_USAGE, kind=USAGE_ONLY)
def aws_dynamodb_kinesis_streaming_destination(r: Resource) -> list[Component]:
    return [usage("Change data capture units (Kinesis Data Streams)", "CDC units",
                  _ref("kinesis_cdc_units"), "monthly_change_data_capture_units")]


INSIGHTS_USAGE = (UsageKey("monthly_events", "events",
                           "DynamoDB events Contributor Insights analyzes per month"),)


@register("aws_dynamodb_contributor_insights", usage=INSIGHTS_USAGE)
def aws_dynamodb_contributor_insights(r: Resource) -> list[Component]:
    rules = 4 if _has_sort_key(r) else 2
    return [monthly(f"Contributor Insights rules ({rules})", "rule-months", rules,
                    PriceRef("cloudwatch", "dynamodb_contributor_insights_rules")),
            usage("Contributor Insights events", "events",
                  PriceRef("cloudwatch", "dynamodb_contributor_insights_events"),
                  "monthly_events")]


def _has_sort_key(r: Resource) -> bool:
    """Whether the table, or its index ``index_name``, has a sort key (range key)."""
    table = r.referenced("table_name")
    if table is None:
        raise MissingAttribute("table_name", "a table outside this plan (its sort key decides "
                                             "whether DynamoDB creates 2 or 4 rules)")
    index = r.string("index_name")
    if not index:
        return bool(table.string("range_key"))
    for kind in ("global_secondary_index", "local_secondary_index"):
        for block in table.blocks(kind):
            if block.get("name") == index:
                return kind == "local_secondary_index" or bool(block.get("range_key"))
    raise MissingAttribute("index_name", f"{index!r}, an index {table.address} does not have")
