"""RDS and Aurora: DB instances, Aurora and Multi-AZ DB clusters and their instances, RDS Proxy,
global clusters and snapshots.

Billing facts applied here (AWS RDS/Aurora pricing pages and user guides):

- An instance hour is priced by class, engine, deployment (Single-AZ, Multi-AZ: the standby is
  in the Multi-AZ price) and, for SQL Server/Oracle, edition and licence model.
- Storage per GB-month by volume type and deployment; io1 (and io2) add provisioned IOPS; gp3
  includes a baseline of IOPS and throughput that depends on size and engine
  (:func:`gp3_baseline`), only what is provisioned above it is charged.
- A read replica (``replicate_source_db``) has the engine and storage of its source database.
- Extended Support: an engine major version past the end of its standard support is charged per
  vCPU-hour (year 1-2 rate, then the year 3 rate), see :data:`STANDARD_SUPPORT_ENDS`.
- Performance Insights: retention beyond the free 7 days is charged per vCPU-month (first month
  plus each additional month).
- Aurora: storage per GB-month and, for Aurora Standard, I/O requests (usage); I/O-Optimized
  has no I/O charge but higher instance and storage prices; Serverless v2 capacity per
  ACU-hour on ``db.serverless`` instances; Serverless v1 per ACU-hour of the cluster.

Usage keys (Infracost names): ``additional_backup_storage_gb``, ``monthly_standard_io_requests``,
``storage_gb``, ``read_requests_per_sec``/``write_requests_per_sec``, ``capacity_units_per_hr``,
``backup_snapshot_size_gb``, ``snapshot_export_size_gb``, backtrack's ``average_statements_per_hr``
x ``change_records_per_statement`` x ``backtrack_window_hrs``, ``reserved_instance_*``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    after_apply,
    hourly,
    monthly,
    prefer_reserved,
    reserved_upfront,
    reserved_usage_keys,
    usage,
)

# Terraform engine names -> the Price List's databaseEngine.
ENGINES = {
    "mysql": "MySQL",
    "postgres": "PostgreSQL",
    "mariadb": "MariaDB",
    "oracle-se2": "Oracle",
    "oracle-se2-cdb": "Oracle",
    "oracle-ee": "Oracle",
    "oracle-ee-cdb": "Oracle",
    "sqlserver-ex": "SQL Server",
    "sqlserver-web": "SQL Server",
    "sqlserver-se": "SQL Server",
    "sqlserver-ee": "SQL Server",
    "aurora": "Aurora MySQL",
    "aurora-mysql": "Aurora MySQL",
    "aurora-postgresql": "Aurora PostgreSQL",
}
AURORA = ("Aurora MySQL", "Aurora PostgreSQL")
# Oracle / SQL Server: edition per engine name, and Terraform's license_model values.
EDITIONS = {
    "oracle-se2": "Standard Two", "oracle-se2-cdb": "Standard Two", "oracle-ee": "Enterprise",
    "oracle-ee-cdb": "Enterprise", "sqlserver-ex": "Express", "sqlserver-web": "Web",
    "sqlserver-se": "Standard", "sqlserver-ee": "Enterprise",
}
LICENSE_MODELS = {"license-included": "License included",
                  "bring-your-own-license": "Bring your own license"}
# RDS gp3 includes a baseline of 3,000 IOPS / 125 MB/s that rises to 12,000 IOPS / 500 MB/s
# from 400 GB (MySQL, PostgreSQL, MariaDB, Db2) or from 200 GB (Oracle); SQL Server always
# gets the small baseline.
GP3_SMALL_BASELINE = (3000, 125)
GP3_LARGE_BASELINE = (12000, 500)
GP3_LARGE_FROM_GB = {"Oracle": 200, "SQL Server": None}
GP3_LARGE_FROM_GB_DEFAULT = 400

# End of standard support per engine and major version, as AWS's release calendars state them
# (Amazon RDS / Aurora user guides, "Amazon RDS Extended Support" and the engines' release
# calendars, read 2025): (last day of standard support, first day of the year-3 rate, last day
# of Extended Support). Extended Support is charged from the day after standard support ends;
# the year 1-2 rate applies until the year-3 date. MariaDB, Oracle and SQL Server have no RDS
# Extended Support. Versions not listed are in standard support.
STANDARD_SUPPORT_ENDS: dict[tuple[str, str], tuple[date, date, date]] = {
    ("MySQL", "5.7"): (date(2024, 2, 29), date(2026, 3, 1), date(2027, 2, 28)),
    ("MySQL", "8.0"): (date(2026, 7, 31), date(2028, 8, 1), date(2029, 7, 31)),
    ("MySQL", "8.4"): (date(2029, 7, 31), date(2031, 8, 1), date(2032, 7, 31)),
    ("PostgreSQL", "11"): (date(2024, 2, 29), date(2026, 3, 1), date(2027, 3, 31)),
    ("PostgreSQL", "12"): (date(2025, 2, 28), date(2027, 3, 1), date(2028, 2, 29)),
    ("PostgreSQL", "13"): (date(2026, 2, 28), date(2028, 3, 1), date(2029, 2, 28)),
    ("PostgreSQL", "14"): (date(2027, 2, 28), date(2029, 3, 1), date(2030, 2, 28)),
    ("PostgreSQL", "15"): (date(2028, 2, 29), date(2030, 3, 1), date(2031, 2, 28)),
    ("PostgreSQL", "16"): (date(2029, 2, 28), date(2031, 3, 1), date(2032, 2, 29)),
    ("PostgreSQL", "17"): (date(2030, 2, 28), date(2032, 3, 1), date(2033, 2, 28)),
    # Aurora MySQL version 2 (MySQL 5.7): charges from 2024-12-01, year 3 from 2026-12-01.
    ("Aurora MySQL", "5.7"): (date(2024, 11, 30), date(2026, 12, 1), date(2027, 2, 28)),
    ("Aurora MySQL", "8.0"): (date(2028, 4, 30), date(2030, 5, 1), date(2031, 4, 30)),
    ("Aurora PostgreSQL", "11"): (date(2024, 2, 29), date(2026, 3, 1), date(2027, 3, 31)),
    ("Aurora PostgreSQL", "12"): (date(2025, 2, 28), date(2027, 3, 1), date(2028, 2, 29)),
    ("Aurora PostgreSQL", "13"): (date(2026, 2, 28), date(2028, 3, 1), date(2029, 2, 28)),
    ("Aurora PostgreSQL", "14"): (date(2027, 2, 28), date(2029, 3, 1), date(2030, 2, 28)),
    ("Aurora PostgreSQL", "15"): (date(2028, 2, 29), date(2030, 3, 1), date(2031, 2, 28)),
    ("Aurora PostgreSQL", "16"): (date(2029, 2, 28), date(2031, 3, 1), date(2032, 2, 29)),
}

# vCPUs of an instance size (db.* classes have the vCPUs of the EC2 type they run on);
# burstable db.t3/db.t4g micro..large have 2, db.t2 micro/small 1.
SIZE_VCPUS = {"micro": 2, "small": 2, "medium": 2, "large": 2, "xlarge": 4}
T2_SMALL_VCPUS = {"micro": 1, "small": 1}
PI_FREE_DAYS = 7  # Performance Insights keeps 7 days free; longer retention is charged
PI_DAYS_PER_MONTH = 31  # retention periods are 7, 31 x months, or 731 (24 months)

INSTANCE_USAGE = (
    UsageKey("additional_backup_storage_gb", "GB",
             "backup storage beyond the free allocation (100% of the database's storage)"),
    UsageKey("monthly_standard_io_requests", "requests",
             "I/O requests per month (magnetic storage only)"),
    UsageKey("monthly_cpu_credit_hrs", "hours",
             "hours per month a db.t3/db.t4g instance bursts above its baseline"),
    UsageKey("vcpu_count", "vCPUs", "vCPUs of the instance class, where it is not known "
             "(Extended Support, Performance Insights)", kind="setting"),
    *reserved_usage_keys(offering_class=False),
)
CLUSTER_USAGE = (
    UsageKey("storage_gb", "GB", "Aurora storage used (average GB over the month)"),
    UsageKey("write_requests_per_sec", "requests/s",
             "average write I/O requests per second (Aurora Standard)"),
    UsageKey("read_requests_per_sec", "requests/s",
             "average read I/O requests per second (Aurora Standard)"),
    UsageKey("capacity_units_per_hr", "ACUs", "average Aurora Serverless v1 capacity units"),
    UsageKey("backup_snapshot_size_gb", "GB", "backup storage beyond the free allocation"),
    UsageKey("snapshot_export_size_gb", "GB", "snapshot data exported to S3 per month"),
    UsageKey("average_statements_per_hr", "statements/h",
             "average write statements per hour (Backtrack)", kind="setting"),
    UsageKey("change_records_per_statement", "records",
             "change records per write statement (Backtrack)", kind="setting"),
    UsageKey("backtrack_window_hrs", "hours",
             "Backtrack window (default: the cluster's backtrack_window / 3600)",
             kind="setting"),
)
CLUSTER_INSTANCE_USAGE = (
    UsageKey("monthly_cpu_credit_hrs", "hours",
             "hours per month a db.t3/db.t4g instance bursts above its baseline"),
    UsageKey("capacity_units_per_hr", "ACUs",
             "average Serverless v2 capacity (db.serverless; default: the minimum capacity)",
             kind="setting"),
    UsageKey("vcpu_count", "vCPUs", "vCPUs of the instance class, where it is not known",
             kind="setting"),
    *reserved_usage_keys(offering_class=False),
)
SNAPSHOT_USAGE = (UsageKey("backup_storage_gb", "GB",
                           "snapshot size billed as backup storage"),)


def gp3_baseline(engine: str, size_gb: Decimal) -> tuple[int, int]:
    """(IOPS, MB/s) included with RDS gp3 storage for this engine and size."""
    threshold = GP3_LARGE_FROM_GB.get(engine, GP3_LARGE_FROM_GB_DEFAULT)
    large = threshold is not None and size_gb >= threshold
    return GP3_LARGE_BASELINE if large else GP3_SMALL_BASELINE


def instance_vcpus(instance_class: str) -> int | None:
    """vCPUs of a DB instance class from its size (None for metal and unusual sizes)."""
    parts = instance_class.split(".")
    if len(parts) != 3:
        return None
    family, size = parts[1], parts[2]
    if family == "t2" and size in T2_SMALL_VCPUS:
        return T2_SMALL_VCPUS[size]
    if size in SIZE_VCPUS:
        return SIZE_VCPUS[size]
    match = re.fullmatch(r"(\d+)xlarge", size)
    return 4 * int(match.group(1)) if match else None


def major_version(engine: str, version: str) -> str | None:
    """The major version Extended Support is priced by: "8.0" / "5.7" for MySQL and Aurora
    MySQL ("8.0.mysql_aurora.3.05.2"), "13" for PostgreSQL ("13.15")."""
    pattern = r"\d+\.\d+" if engine in ("MySQL", "Aurora MySQL") else r"\d+"
    match = re.match(pattern, version)
    return match.group(0) if match else None


def _storage_ref(product: str, volume_type: str, engine: str, deployment: str) -> PriceRef:
    attrs = {"volume_type": volume_type, "engine": engine, "deployment": deployment}
    return PriceRef("rds", product, attrs, fallbacks=({**attrs, "engine": "Any"},))


def _engine_ref(product: str, engine: str, **attrs: str) -> PriceRef:
    """A price by engine, falling back to the engine-independent ("Any") row."""
    exact = {"engine": engine, **attrs}
    return PriceRef("rds", product, exact, fallbacks=({**exact, "engine": "Any"},))


def _vcpus(r: Resource, instance_class: str) -> Decimal | None:
    known = r.usage.number("vcpu_count")
    if known is not None:
        return known
    vcpus = instance_vcpus(instance_class)
    return Decimal(vcpus) if vcpus is not None else None


def extended_support(r: Resource, engine: str, version: str | None, instance_class: str,
                     instances: int = 1) -> list[Component]:
    """Extended Support per vCPU-hour when the engine's major version is past standard support
    on ``r.today`` (``instances``: the instances of the deployment that are charged)."""
    if not version:
        return []
    major = major_version(engine, version)
    dates = STANDARD_SUPPORT_ENDS.get((engine, major or ""))
    if dates is None:
        return []
    standard_end, year3, extended_end = dates
    today = r.today
    if today <= standard_end:
        return []
    if today > extended_end:
        r.note(f"{engine} {major}: RDS Extended Support ended on {extended_end}; AWS upgrades "
               "the database to a supported major version (Extended Support not charged)")
        return []
    period = "year3" if today >= year3 else "year1-2"
    label = "year 3" if period == "year3" else "years 1-2"
    name = f"Extended Support ({engine} {major}, {label})"
    ref = PriceRef("rds", "extended_support", {"engine": engine, "engine_version": major or "",
                                               "period": period})
    if engine not in AURORA:  # "Any" rows are the RDS rates; Aurora's differ
        ref = _engine_ref("extended_support", engine, engine_version=major or "", period=period)
    vcpus = _vcpus(r, instance_class)
    if vcpus is None:
        r.note(f"{name}: vCPUs of {instance_class} not known; set vcpu_count in a usage file")
        comp = usage(name, "vCPU-hours", ref, "vcpu_count")
        comp.usage_multiplier = HOURS_PER_MONTH * instances
        return [comp]
    return [Component(name, "vCPU-hours", HOURS_PER_MONTH * vcpus * instances, ref)]


def cpu_credits(r: Resource, engine: str, instance_class: str) -> list[Component]:
    """db.t3/db.t4g run in unlimited mode: vCPU-hours of credits above the baseline, from the
    usage file's ``monthly_cpu_credit_hrs`` x the class's vCPUs."""
    family = instance_class.split(".")[1] if instance_class.count(".") == 2 else ""
    if family not in ("t3", "t4g"):
        return []
    comp = usage("CPU credits (unlimited mode, above baseline)", "vCPU-hours",
                 PriceRef("rds", "cpu_credits", {"family": family, "engine": engine}),
                 "monthly_cpu_credit_hrs")
    comp.usage_multiplier = _vcpus(r, instance_class) or Decimal(2)
    return [comp]


def performance_insights(r: Resource, engine: str, instance_class: str,
                         retention_days: Decimal | None) -> list[Component]:
    """Performance Insights retention beyond the free 7 days: the first month's rate plus the
    rate for each additional month, per vCPU-month (rows `retention` FMR / AMR)."""
    if retention_days is None or retention_days <= PI_FREE_DAYS:
        return []
    months = max(1, int(retention_days // PI_DAYS_PER_MONTH))
    if retention_days == 731:
        months = 24
    vcpus = _vcpus(r, instance_class)
    first_ref = _engine_ref("performance_insights", engine, compute="provisioned",
                            retention="FMR")
    extra_ref = _engine_ref("performance_insights", engine, compute="provisioned",
                            retention="AMR")
    name = f"Performance Insights ({months} months retention"
    first = Component(f"{name}, first month)", "vCPU-months", vcpus, first_ref)
    extra = Component(f"{name}, additional {months - 1} months)", "vCPU-months",
                      None if vcpus is None else vcpus * (months - 1), extra_ref)
    if vcpus is None:
        r.note(f"{name}): vCPUs of {instance_class} not known; set vcpu_count in a usage file")
        first.usage_based = extra.usage_based = True
        first.usage_key = extra.usage_key = "vcpu_count"
        extra.usage_multiplier = Decimal(months - 1)
    return [first, extra] if months > 1 else [first]


def _license(engine_name: str, r: Resource, source: Resource | None) -> dict[str, str]:
    """Edition and licence attributes of SQL Server / Oracle instances."""
    if engine_name not in EDITIONS:
        return {}
    default = "bring-your-own-license" if engine_name.startswith("oracle-ee") \
        else "license-included"
    chosen = _attr(r, source, "license_model", "string") or default
    return {"edition": EDITIONS[engine_name],
            "license_model": LICENSE_MODELS.get(chosen, "License included")}


def _attr(r: Resource, source: Resource | None, path: str, kind: str):
    """A known attribute of ``r`` (read with its typed accessor ``kind``), else of the source
    database a read replica takes it from; None when neither has it (unset, or computed by AWS:
    the caller applies AWS's default)."""
    for resource in (r, source):
        if resource is not None and not resource.is_unknown(path) \
                and resource.get(path) is not None:
            return getattr(resource, kind)(path)
    return None


def _replica_source(r: Resource) -> Resource | None:
    """The source database of a read replica, when it is in the plan; raises when the replica
    needs it and it is not."""
    if not r.get("replicate_source_db") and not r.is_unknown("replicate_source_db"):
        return None
    source = r.referenced("replicate_source_db")
    if source is None and (r.is_unknown("engine") or not r.get("engine")):
        raise MissingAttribute("engine", "taken from the source database (replicate_source_db), "
                                         "which is not in this plan")
    if source is not None:
        r.note(f"read replica: what it does not set (engine, version, storage) is taken from "
               f"its source {source.address}")
    return source


@register("aws_db_instance", usage=INSTANCE_USAGE)
def aws_db_instance(r: Resource) -> list[Component]:
    source = _replica_source(r)
    instance_class = r.string("instance_class", required=True)
    engine_name = _attr(r, source, "engine", "string")
    if not engine_name:
        r.need("engine")  # known only after apply, or not set
    engine = ENGINES.get(engine_name, engine_name)
    deployment = "Multi-AZ" if _attr(r, None, "multi_az", "flag") else "Single-AZ"
    attrs = {"instance_class": instance_class, "engine": engine, "deployment": deployment,
             **_license(engine_name, r, source)}
    label = engine
    if "edition" in attrs:
        label = f"{engine} {attrs['edition']}, {attrs['license_model'].lower()}"
    instance = hourly(f"Database instance ({label}, {deployment}, {instance_class})",
                      PriceRef("rds", "instance", attrs))
    prefer_reserved(r, instance, offering_class=False)
    comps = [instance, *filter(None, [reserved_upfront(r, instance)])]
    if engine not in AURORA:  # Aurora storage belongs to its cluster
        comps += _instance_storage(r, source, engine, deployment)
        comps.append(usage("Backup storage (beyond the free allocation)", "GB-months",
                           _engine_ref("backup_storage", "Any"),
                           "additional_backup_storage_gb"))
    version = _attr(r, source, "engine_version", "string")
    comps += extended_support(r, engine, version, instance_class,
                              instances=2 if deployment == "Multi-AZ" else 1)
    comps += _performance_insights(r, engine, instance_class)
    comps += cpu_credits(r, engine, instance_class)
    return comps


def _performance_insights(r: Resource, engine: str, instance_class: str) -> list[Component]:
    if not _attr(r, None, "performance_insights_enabled", "flag"):
        return []
    retention = _attr(r, None, "performance_insights_retention_period", "number")
    return performance_insights(r, engine, instance_class, retention)


def _instance_storage(r: Resource, source: Resource | None, engine: str,
                      deployment: str) -> list[Component]:
    """Storage, provisioned IOPS and throughput of a (non-Aurora) DB instance."""
    size = _attr(r, source, "allocated_storage", "number")
    if size is None:
        if r.get("snapshot_identifier") or r.blocks("restore_to_point_in_time"):
            raise MissingAttribute("allocated_storage", "taken from the snapshot it restores")
        r.need("allocated_storage")  # known only after apply, or not set (no default)
    iops = _attr(r, source, "iops", "number")
    storage_type = _attr(r, source, "storage_type", "string")
    if storage_type is None:
        storage_type = "io1" if iops else "gp2"
        r.note(f"storage_type not set: {storage_type} assumed (the aws provider's default "
               f"{'with' if iops else 'without'} iops)")
    comps = [monthly(f"Storage ({storage_type}, {size} GB)", "GB-months", size,
                     _storage_ref("storage", storage_type, engine, deployment))]
    if storage_type in ("io1", "io2"):
        if iops is None:
            r.need("iops")  # io1/io2 need it: known only after apply, or not set
        comps.append(monthly(f"Provisioned IOPS ({storage_type})", "IOPS-months", iops,
                             _storage_ref("iops", storage_type, engine, deployment)))
    elif storage_type == "gp3":
        free_iops, free_tp = gp3_baseline(engine, size)
        iops_name = f"Provisioned IOPS (gp3, above {free_iops})"
        iops_ref = _storage_ref("iops", "gp3", engine, deployment)
        if iops is not None and iops > free_iops:
            comps.append(monthly(iops_name, "IOPS-months", iops - free_iops, iops_ref))
        elif iops is None and r.unknown_in_config("iops"):  # set, known only after apply
            comps.append(after_apply(iops_name, "IOPS-months", iops_ref, "iops"))
        throughput = _attr(r, source, "storage_throughput", "number")
        tp_name = f"Provisioned throughput (gp3, above {free_tp} MB/s)"
        tp_ref = _storage_ref("throughput", "gp3", engine, deployment)
        if throughput is not None and throughput > free_tp:
            comps.append(monthly(tp_name, "MBps-months", throughput - free_tp, tp_ref))
        elif throughput is None and r.unknown_in_config("storage_throughput"):
            comps.append(after_apply(tp_name, "MBps-months", tp_ref, "storage_throughput"))
    elif storage_type == "standard":
        comps.append(usage("I/O requests (magnetic)", "requests",
                           PriceRef("rds", "io_requests", {"volume_type": "standard"}),
                           "monthly_standard_io_requests"))
    return comps


def _aurora_storage_config(storage_type: str | None) -> str:
    return "io_optimized" if storage_type == "aurora-iopt1" else "standard"


def _cluster_storage_type(cluster: Resource) -> str | None:
    """An Aurora cluster's storage type; unset means Aurora Standard (AWS's default)."""
    storage_type = _attr(cluster, None, "storage_type", "string")
    if storage_type is None:
        cluster.note("storage_type not set: Aurora Standard assumed (AWS's default)")
    return storage_type


@register("aws_rds_cluster", usage=CLUSTER_USAGE)
def aws_rds_cluster(r: Resource) -> list[Component]:
    engine_name = r.string("engine", "aurora")
    engine = ENGINES.get(engine_name or "aurora", engine_name or "aurora")
    if engine not in AURORA:
        return _multi_az_cluster(r, engine)
    mode = _attr(r, None, "engine_mode", "string") or "provisioned"
    config = _aurora_storage_config(_cluster_storage_type(r))
    label = "I/O-Optimized" if config == "io_optimized" else "Standard"
    comps: list[Component] = []
    if mode == "serverless":  # Serverless v1: capacity is the cluster's
        comps.append(usage(f"Aurora Serverless v1 capacity ({engine})", "ACU-hours",
                           PriceRef("rds", "serverless_v1", {"engine": engine}),
                           "capacity_units_per_hr", per_hour=True))
    comps.append(usage(f"Aurora storage ({label})", "GB-months",
                       _engine_ref("aurora_storage", engine, storage_config=config),
                       "storage_gb"))
    if config == "standard":
        comps.append(_aurora_io(r))
    comps.append(usage("Backup storage (beyond the free allocation)", "GB-months",
                       PriceRef("rds", "backup_storage", {"engine": engine}),
                       "backup_snapshot_size_gb"))
    comps.append(usage("Snapshot export to S3", "GB",
                       PriceRef("rds", "snapshot_export", {"engine": engine}),
                       "snapshot_export_size_gb"))
    window_s = r.number("backtrack_window")
    if engine == "Aurora MySQL" and window_s:
        comps.append(_backtrack(r, window_s))
    return comps


def _aurora_io(r: Resource) -> Component:
    """Aurora Standard I/O requests: (reads + writes per second) x seconds in a month."""
    comp = usage("I/O requests (Aurora Standard)", "requests",
                 PriceRef("rds", "aurora_io", {"engine": "Any"}), "write_requests_per_sec")
    writes = r.usage.number("write_requests_per_sec")
    reads = r.usage.number("read_requests_per_sec")
    if writes is not None or reads is not None:
        per_second = (writes or Decimal(0)) + (reads or Decimal(0))
        comp.quantity = per_second * HOURS_PER_MONTH * 3600
        comp.usage_key = None
    return comp


def _backtrack(r: Resource, window_seconds: Decimal) -> Component:
    """Backtrack: change records kept for the window, charged per record per hour."""
    comp = usage("Backtrack (change records)", "change-record-hours",
                 PriceRef("rds", "aurora_backtrack", {"engine": "Aurora MySQL"}),
                 "average_statements_per_hr")
    statements = r.usage.number("average_statements_per_hr")
    records = r.usage.number("change_records_per_statement")
    window_hours = r.usage.number("backtrack_window_hrs") or window_seconds / 3600
    if statements is not None:
        comp.quantity = (statements * (records if records is not None else Decimal(1))
                         * window_hours * HOURS_PER_MONTH)
        comp.usage_key = None
    return comp


def _multi_az_cluster(r: Resource, engine: str) -> list[Component]:
    """A Multi-AZ DB cluster (MySQL/PostgreSQL): one writer and two readable standbys, priced
    per deployment hour; storage and IOPS at the readable-standbys rates."""
    deployment = "Multi-AZ (readable standbys)"
    instance_class = r.string("db_cluster_instance_class", required=True)
    comps = [hourly(f"Database instances ({engine}, {deployment}, {instance_class})",
                    PriceRef("rds", "instance", {"instance_class": instance_class,
                                                 "engine": engine, "deployment": deployment}))]
    size = r.number("allocated_storage", required=True)
    storage_type = r.string("storage_type", required=True)
    comps.append(monthly(f"Storage ({storage_type}, {size} GB)", "GB-months", size,
                         _storage_ref("storage", storage_type, engine, deployment)))
    iops = r.number("iops")
    if iops:
        comps.append(monthly(f"Provisioned IOPS ({storage_type})", "IOPS-months", iops,
                             _storage_ref("iops", storage_type, engine, deployment)))
    comps.append(usage("Backup storage (beyond the free allocation)", "GB-months",
                       _engine_ref("backup_storage", "Any"), "backup_snapshot_size_gb"))
    comps += extended_support(r, engine, _attr(r, None, "engine_version", "string"),
                              instance_class, instances=3)
    return comps


def _cluster_of(r: Resource) -> Resource | None:
    return r.referenced("cluster_identifier")


@register("aws_rds_cluster_instance", usage=CLUSTER_INSTANCE_USAGE)
def aws_rds_cluster_instance(r: Resource) -> list[Component]:
    cluster = _cluster_of(r)
    instance_class = r.string("instance_class", required=True)
    engine_name = _attr(r, cluster, "engine", "string")
    engine = ENGINES.get(engine_name or "aurora", engine_name or "aurora")
    if engine not in AURORA:
        raise NotPriceable(f"aws_rds_cluster_instance with engine {engine_name} is not an "
                           "Aurora instance")
    if cluster is None:
        r.note("its aws_rds_cluster is not in this plan: Aurora Standard storage assumed")
        storage_type = None
    else:
        storage_type = _attr(cluster, None, "storage_type", "string")
    config = _aurora_storage_config(storage_type)
    config_label = "I/O-Optimized" if config == "io_optimized" else "Standard"
    if instance_class == "db.serverless":
        return [_serverless_v2(r, cluster, engine, config, config_label)]
    attrs = {"instance_class": instance_class, "engine": engine, "deployment": "Single-AZ"}
    if config == "io_optimized":
        attrs["storage_config"] = "io_optimized"
    instance = hourly(f"Database instance ({engine} {config_label}, {instance_class})",
                      PriceRef("rds", "instance", attrs))
    prefer_reserved(r, instance, offering_class=False)
    comps = [instance, *filter(None, [reserved_upfront(r, instance)])]
    version = _attr(r, cluster, "engine_version", "string")
    comps += extended_support(r, engine, version, instance_class)
    comps += _performance_insights(r, engine, instance_class)
    comps += cpu_credits(r, engine, instance_class)
    return comps


def _serverless_v2(r: Resource, cluster: Resource | None, engine: str, config: str,
                   config_label: str) -> Component:
    """Serverless v2 ACU-hours: the usage file's average, else the cluster's minimum capacity
    (what the instance costs at the least), with a note."""
    comp = usage(f"Aurora Serverless v2 capacity ({engine} {config_label})", "ACU-hours",
                 PriceRef("rds", "serverless_v2", {"engine": engine, "storage_config": config}),
                 "capacity_units_per_hr", per_hour=True)
    if r.usage.number("capacity_units_per_hr") is not None:
        return comp
    minimum = None
    if cluster is not None:
        minimum = cluster.number("serverlessv2_scaling_configuration.0.min_capacity")
    if minimum is None:
        r.note("Serverless v2 capacity: the cluster's min_capacity is not known; set "
               "capacity_units_per_hr in a usage file")
        return comp
    comp.quantity = minimum * HOURS_PER_MONTH
    comp.name += f", at the minimum {minimum} ACU"
    r.note(f"Serverless v2 priced at the cluster's minimum capacity ({minimum} ACU, "
           "min_capacity); set capacity_units_per_hr in a usage file for the average")
    return comp


PROXY_USAGE = (UsageKey("vcpu_count", "vCPUs", "vCPUs of the proxy's target databases that "
                        "are not aws_db_proxy_target resources of this plan"),)


@register("aws_db_proxy", usage=PROXY_USAGE, kind=USAGE_ONLY)
def aws_db_proxy(r: Resource) -> list[Component]:
    """RDS Proxy is charged per vCPU-hour of the databases behind it. Targets attached with
    aws_db_proxy_target are priced there; ``vcpu_count`` covers targets outside the plan."""
    family = r.string("engine_family", required=True)
    return [usage(f"RDS Proxy ({family.lower()}, targets outside this plan)", "vCPU-hours",
                  _proxy_ref("Any", "vcpu"), "vcpu_count", per_hour=True)]


def _proxy_ref(engine: str, basis: str) -> PriceRef:
    return PriceRef("rds", "proxy", {"engine": engine, "basis": basis},
                    fallbacks=({"engine": "Any", "basis": basis},))


@register("aws_db_proxy_target", usage=(UsageKey(
    "vcpu_count", "vCPUs", "vCPUs of the target (a cluster's instances together)",
    kind="setting"),))
def aws_db_proxy_target(r: Resource) -> list[Component]:
    """The proxy's charge for one target: vCPU-hours of the target DB instance (a cluster
    target: of its instances, from the usage file's ``vcpu_count``)."""
    instance = r.referenced("db_instance_identifier")
    if instance is not None:
        instance_class = instance.string("instance_class", required=True)
        engine = ENGINES.get(instance.string("engine") or "", "Any")
        engine = engine if engine in AURORA else "Any"
        name = f"RDS Proxy (target {instance_class})"
        vcpus = _vcpus(r, instance_class)
        if vcpus is not None:
            return [Component(name, "vCPU-hours", HOURS_PER_MONTH * vcpus,
                              _proxy_ref(engine, "vcpu"))]
        r.note(f"{name}: vCPUs of {instance_class} not known; set vcpu_count in a usage file")
        return [usage(name, "vCPU-hours", _proxy_ref(engine, "vcpu"), "vcpu_count",
                      per_hour=True)]
    if r.get("db_cluster_identifier") or r.is_unknown("db_cluster_identifier"):
        return [usage("RDS Proxy (target cluster's instances)", "vCPU-hours",
                      _proxy_ref("Any", "vcpu"), "vcpu_count", per_hour=True)]
    raise MissingAttribute("db_instance_identifier", "not in this plan")


@register("aws_rds_global_cluster", usage=(UsageKey(
    "monthly_replicated_write_ios", "requests",
    "write I/Os replicated to secondary regions per month (each region counts)"),),
    kind=USAGE_ONLY)
def aws_rds_global_cluster(r: Resource) -> list[Component]:
    """A global database is billed through its member clusters (instances, storage), plus each
    write I/O replicated to a secondary region: usage-based."""
    engine_name = _attr(r, None, "engine", "string") or "aurora"
    engine = ENGINES.get(engine_name, engine_name)
    if engine not in AURORA:
        raise NotPriceable(f"global cluster engine {engine_name} is not Aurora")
    return [usage("Replicated write I/Os (to secondary regions)", "requests",
                  PriceRef("rds", "aurora_global_write_io", {"engine": engine}),
                  "monthly_replicated_write_ios")]


@register("aws_db_snapshot", "aws_db_snapshot_copy", "aws_db_cluster_snapshot",
          usage=SNAPSHOT_USAGE, kind=USAGE_ONLY)
def aws_db_snapshot(r: Resource) -> list[Component]:
    """A manual snapshot is billed as backup storage. DB instance snapshots are RDS (engine
    "Any" rate); a cluster snapshot of an Aurora cluster is at the Aurora rate (the engine
    comes from the cluster when it is in the plan)."""
    engine = "Any"
    if r.type == "aws_db_cluster_snapshot":
        cluster = r.referenced("db_cluster_identifier")
        engine_name = _attr(r, cluster, "engine", "string")
        if engine_name is None:
            r.need("engine")
        engine = ENGINES.get(engine_name or "", "Any")
    return [usage("Backup storage (manual snapshot)", "GB-months",
                  _engine_ref("backup_storage", engine if engine in AURORA else "Any"),
                  "backup_storage_gb")]


REPLICATION_USAGE = (UsageKey("backup_storage_gb", "GB",
                              "backups (snapshots and transaction logs) kept in this region"),)


@register("aws_db_instance_automated_backups_replication", usage=REPLICATION_USAGE,
          kind=USAGE_ONLY)
def aws_db_instance_automated_backups_replication(r: Resource) -> list[Component]:
    """Cross-Region automated backups: the replicated backups are billed as backup storage in
    this (the destination) region, with no free allocation there; the cross-Region transfer of
    the backup data is billed too and not priced here (noted)."""
    r.note("the cross-Region data transfer of the replicated backups is not priced")
    return [usage("Replicated backup storage", "GB-months",
                  _engine_ref("backup_storage", "Any"), "backup_storage_gb")]
