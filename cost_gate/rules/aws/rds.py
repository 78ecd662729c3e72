"""RDS: aws_db_instance (instance class, engine, Multi-AZ, storage and IOPS).

Usage keys: ``reserved_instance_term`` / ``reserved_instance_payment_option`` price the
instance at the reserved rate where the data has one (else on-demand, with a note).
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    PriceRef,
    Resource,
    hourly,
    monthly,
    prefer_reserved,
    reserved_usage_keys,
    to_decimal,
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


def gp3_baseline(engine: str, size_gb: Decimal) -> tuple[int, int]:
    """(IOPS, MB/s) included with RDS gp3 storage for this engine and size."""
    threshold = GP3_LARGE_FROM_GB.get(engine, GP3_LARGE_FROM_GB_DEFAULT)
    large = threshold is not None and size_gb >= threshold
    return GP3_LARGE_BASELINE if large else GP3_SMALL_BASELINE


def _storage_ref(product: str, volume_type: str, engine: str, deployment: str) -> PriceRef:
    attrs = {"volume_type": volume_type, "engine": engine, "deployment": deployment}
    return PriceRef("rds", product, attrs, fallbacks=({**attrs, "engine": "Any"},))


@register("aws_db_instance", usage=reserved_usage_keys(offering_class=False))
def aws_db_instance(r: Resource) -> list[Component]:
    instance_class = r.need("instance_class")
    engine_name = str(r.need("engine"))
    engine = ENGINES.get(engine_name, engine_name)
    deployment = "Multi-AZ" if r.get("multi_az") is True else "Single-AZ"
    attrs = {"instance_class": instance_class, "engine": engine, "deployment": deployment}
    label = engine
    if engine_name in EDITIONS:
        default_license = "bring-your-own-license" if engine_name.startswith("oracle-ee") \
            else "license-included"
        license_model = LICENSE_MODELS.get(r.get("license_model") or default_license,
                                           "License included")
        attrs.update(edition=EDITIONS[engine_name], license_model=license_model)
        label = f"{engine} {EDITIONS[engine_name]}, {license_model.lower()}"
    comps = [hourly(f"Database instance ({label}, {deployment}, {instance_class})",
                    PriceRef("rds", "instance", attrs))]
    prefer_reserved(r, comps[0], offering_class=False)
    size = r.get("allocated_storage")
    if size is None:
        if r.is_unknown("allocated_storage"):
            r.need("allocated_storage")
        return comps
    iops = r.get("iops")
    storage_type = r.get("storage_type") or ("io1" if iops else "gp2")
    comps.append(monthly(f"Storage ({storage_type}, {size} GB)", "GB-months", to_decimal(size),
                         _storage_ref("storage", storage_type, engine, deployment)))
    if storage_type in ("io1", "io2") and iops:
        comps.append(monthly(f"Provisioned IOPS ({storage_type})", "IOPS-months",
                             to_decimal(iops), _storage_ref("iops", storage_type, engine,
                                                            deployment)))
    if storage_type == "gp3":
        free_iops, free_tp = gp3_baseline(engine, to_decimal(size))
        if iops and int(iops) > free_iops:
            comps.append(monthly(f"Provisioned IOPS (gp3, above {free_iops})", "IOPS-months",
                                 Decimal(int(iops) - free_iops),
                                 _storage_ref("iops", "gp3", engine, deployment)))
        throughput = r.get("storage_throughput")
        if throughput and int(throughput) > free_tp:
            comps.append(monthly(f"Provisioned throughput (gp3, above {free_tp} MB/s)",
                                 "MBps-months", Decimal(int(throughput) - free_tp),
                                 _storage_ref("throughput", "gp3", engine, deployment)))
    return comps
