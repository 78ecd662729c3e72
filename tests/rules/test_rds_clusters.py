"""Aurora and Multi-AZ DB clusters, cluster instances, RDS Proxy, global clusters and snapshots,
priced end to end against the shipped price table.

Unit prices: the pricing_data/aws/rds/<region>.csv row named in the comment (product,
attributes [sku]); monthly costs worked out by hand next to them. "FEED" rows are the AWS
pricing-page feeds (awspricewatcher-v0rts-41e3f457, data_date 2025-12-05).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component, make_change

FEED = "awspricewatcher-v0rts-41e3f457"
INSTANCE_FEED = "awspricewatcher-v0rts-processed-2fd4eb45"  # Aurora instances, 2025-11-18
STALE_INSTANCE_NOTE = "priced from data dated 2025-11-18, older than 12 months"


def feed(name: str, unit: str, *, quantity=None, unit_price, monthly_cost=None,
         usage_based: bool = False) -> dict[str, Any]:
    return component(name, unit, quantity=quantity, unit_price=unit_price,
                     monthly_cost=monthly_cost, source=FEED, data_date="2025-12-05",
                     usage_based=usage_based)


def usage_of(address: str, **values: float) -> Usage:
    return Usage(by_address={address: {k: Decimal(str(v)) for k, v in values.items()}})


def cluster(engine: str, **extra: Any) -> dict[str, Any]:
    """aws_rds_cluster `after` as `terraform show -json` prints it for a create."""
    return {"cluster_identifier": "orders", "engine": engine, "engine_mode": "provisioned",
            "engine_version": None, "master_username": "orders", "backtrack_window": 0,
            "skip_final_snapshot": False, "copy_tags_to_snapshot": False,
            "enable_http_endpoint": False, "tags": {"team": "checkout"}, **extra}


CLUSTER_UNKNOWN = {"arn": True, "id": True, "endpoint": True, "reader_endpoint": True,
                   "cluster_members": True, "engine_version_actual": True,
                   "backup_retention_period": True, "allocated_storage": True}


def instance(instance_class: str, **extra: Any) -> dict[str, Any]:
    """aws_rds_cluster_instance `after` (cluster_identifier is only known after apply)."""
    return {"instance_class": instance_class, "engine": "aurora-postgresql",
            "auto_minor_version_upgrade": True, "promotion_tier": 0, "monitoring_interval": 0,
            "publicly_accessible": None, **extra}


INSTANCE_UNKNOWN = {"arn": True, "id": True, "identifier": True, "cluster_identifier": True,
                    "engine_version": True, "performance_insights_enabled": True,
                    "performance_insights_retention_period": True, "writer": True}
CLUSTER_REF = {"cluster_identifier": ["aws_rds_cluster.orders.id", "aws_rds_cluster.orders"]}


# --- aws_rds_cluster ----------------------------------------------------------------------------

def test_aurora_io_optimized_cluster_is_storage_backup_and_export_usage(price):
    res = price("aws_rds_cluster.orders",
                cluster("aurora-postgresql", storage_type="aurora-iopt1", engine_version="15.4"),
                unknown=CLUSTER_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {"monthly_cost": 0, "components": [
        # aurora_storage engine=Aurora PostgreSQL;storage_config=io_optimized [5YXZF9S373QUR5VW]
        feed("Aurora storage (I/O-Optimized)", "GB-months", unit_price=0.225, usage_based=True),
        # backup_storage engine=Aurora PostgreSQL [AYEW6PNFPJSSTGH7]
        feed("Backup storage (beyond the free allocation)", "GB-months", unit_price=0.021,
             usage_based=True),
        # snapshot_export engine=Aurora PostgreSQL [MGVW9URHS44W4TGQ]
        feed("Snapshot export to S3", "GB", unit_price=0.01, usage_based=True),
    ]}  # I/O-Optimized: no I/O request charge


def test_aurora_standard_cluster_from_the_usage_file_with_backtrack(price):
    res = price("aws_rds_cluster.orders", cluster("aurora-mysql", backtrack_window=86400),
                unknown={**CLUSTER_UNKNOWN, "storage_type": True},
                usage=usage_of("aws_rds_cluster.orders", storage_gb=200,
                               write_requests_per_sec=100, read_requests_per_sec=50,
                               backup_snapshot_size_gb=300, average_statements_per_hr=10000,
                               change_records_per_statement=2))

    assert res["status"] == "priced"
    assert res["notes"] == ["storage_type not set: Aurora Standard assumed (AWS's default)"]
    assert res["after"] == {"monthly_cost": 109.3448, "components": [
        # aurora_storage engine=Any;storage_config=standard [VCW4CP6PUZ5JN68T] (no Aurora MySQL
        # row: the engine-independent one)
        feed("Aurora storage (Standard)", "GB-months", quantity=200, unit_price=0.1,
             monthly_cost=20, usage_based=True),
        # aurora_io engine=Any [7JDSZP38DMKT9B86]: (100 + 50)/s x 3600 x 730
        feed("I/O requests (Aurora Standard)", "requests", quantity=394_200_000,
             unit_price=0.0000002, monthly_cost=78.84, usage_based=True),
        # backup_storage engine=Aurora MySQL [ZGV6UMV45UWJUZPH]
        feed("Backup storage (beyond the free allocation)", "GB-months", quantity=300,
             unit_price=0.021, monthly_cost=6.3, usage_based=True),
        feed("Snapshot export to S3", "GB", unit_price=0.01, usage_based=True),
        # aurora_backtrack engine=Aurora MySQL [XNP3U9GBA6B4NQRV]: 10,000 statements/h x 2
        # records x 24 h window (86,400 s) x 730 h
        feed("Backtrack (change records)", "change-record-hours", quantity=350_400_000,
             unit_price=0.000000012, monthly_cost=4.2048, usage_based=True),
    ]}


def test_aurora_serverless_v1_capacity_from_the_usage_file(price):
    res = price("aws_rds_cluster.v1",
                cluster("aurora-mysql", engine_mode="serverless",
                        scaling_configuration=[{"min_capacity": 2, "max_capacity": 16,
                                                "auto_pause": True}]),
                unknown={**CLUSTER_UNKNOWN, "storage_type": True},
                usage=usage_of("aws_rds_cluster.v1", capacity_units_per_hr=4))

    # serverless_v1 engine=Aurora MySQL [4ZZ835TJ7A3HA6BU]: 4 ACU x 730 h
    assert res["after"]["components"][0] == feed(
        "Aurora Serverless v1 capacity (Aurora MySQL)", "ACU-hours", quantity=2920,
        unit_price=0.06, monthly_cost=175.2, usage_based=True)
    assert res["after"]["monthly_cost"] == 175.2


def test_multi_az_db_cluster_pays_the_readable_standbys_deployment(price):
    res = price("aws_rds_cluster.orders",
                cluster("postgres", db_cluster_instance_class="db.r6gd.large",
                        storage_type="io1", allocated_storage=100, iops=1000),
                unknown={"arn": True, "id": True})

    assert res["status"] == "priced"
    assert res["notes"] == ["priced from data dated 2023-03-01, older than 12 months"]
    assert res["after"] == {"monthly_cost": 864.56, "components": [
        # instance Multi-AZ (readable standbys);PostgreSQL;db.r6gd.large [N84XP9YCWSCW6FCA]
        component("Database instances (PostgreSQL, Multi-AZ (readable standbys), "
                  "db.r6gd.large)", "hours", quantity=730, unit_price=0.722,
                  monthly_cost=527.06, source="flexera-rds-2023-03-01", data_date="2023-03-01"),
        # storage / iops Multi-AZ (readable standbys);Any;io1 [NHT4HYEWYCM9M6YJ, 4RMESVG7V7AMZCW9]
        feed("Storage (io1, 100 GB)", "GB-months", quantity=100, unit_price=0.375,
             monthly_cost=37.5),
        feed("Provisioned IOPS (io1)", "IOPS-months", quantity=1000, unit_price=0.3,
             monthly_cost=300),
        component("Backup storage (beyond the free allocation)", "GB-months", quantity=None,
                  unit_price=0.095, monthly_cost=None,
                  source="janitor-fixtures-prices-5cd12c81", data_date="2026-10-06",
                  usage_based=True),
    ]}


# --- aws_rds_cluster_instance --------------------------------------------------------------------

def _cluster_and(price_changes, *instances, usage=None):
    io_optimized = cluster("aurora-postgresql", storage_type="aurora-iopt1",
                           serverlessv2_scaling_configuration=[{"min_capacity": 0.5,
                                                                "max_capacity": 16}])
    changes = [make_change("aws_rds_cluster.orders", io_optimized, unknown=CLUSTER_UNKNOWN)]
    changes += [make_change(address, attrs, unknown=INSTANCE_UNKNOWN, references=CLUSTER_REF)
                for address, attrs in instances]
    return {r["address"]: r for r in price_changes(*changes, usage=usage)}


def test_provisioned_instance_of_an_io_optimized_cluster(price_changes):
    res = _cluster_and(price_changes,
                       ("aws_rds_cluster_instance.writer", instance("db.r7g.large")))[
        "aws_rds_cluster_instance.writer"]

    assert res["status"] == "priced"
    assert res["notes"] == [STALE_INSTANCE_NOTE]
    assert res["after"] == {"monthly_cost": 262.07, "components": [
        # instance Single-AZ;Aurora PostgreSQL;db.r7g.large;storage_config=io_optimized
        component("Database instance (Aurora PostgreSQL I/O-Optimized, db.r7g.large)", "hours",
                  quantity=730, unit_price=0.359, monthly_cost=262.07,
                  source=INSTANCE_FEED, data_date="2025-11-18"),
    ]}


def test_serverless_v2_instance_priced_at_the_clusters_minimum_capacity(price_changes):
    res = _cluster_and(price_changes,
                       ("aws_rds_cluster_instance.reader", instance("db.serverless")))[
        "aws_rds_cluster_instance.reader"]

    assert res["status"] == "priced"
    assert res["notes"] == [
        "Serverless v2 priced at the cluster's minimum capacity (0.5 ACU, min_capacity); set "
        "capacity_units_per_hr in a usage file for the average"]
    # serverless_v2 engine=Aurora PostgreSQL;storage_config=io_optimized [KG668U3YXJQ6YH9Y]
    assert res["after"]["components"] == [feed(
        "Aurora Serverless v2 capacity (Aurora PostgreSQL I/O-Optimized), at the minimum "
        "0.5 ACU", "ACU-hours", quantity=365, unit_price=0.16, monthly_cost=58.4,
        usage_based=True)]  # 0.5 ACU x 730 h


def test_serverless_v2_average_capacity_from_the_usage_file(price_changes):
    res = _cluster_and(price_changes,
                       ("aws_rds_cluster_instance.reader", instance("db.serverless")),
                       usage=usage_of("aws_rds_cluster_instance.reader",
                                      capacity_units_per_hr=2.5))["aws_rds_cluster_instance.reader"]

    assert res["notes"] == []
    assert res["after"]["components"] == [feed(
        "Aurora Serverless v2 capacity (Aurora PostgreSQL I/O-Optimized)", "ACU-hours",
        quantity=1825, unit_price=0.16, monthly_cost=292, usage_based=True)]  # 2.5 x 730


def test_instance_past_standard_support_with_performance_insights(price):
    # Aurora PostgreSQL 11: Extended Support year 3 since 2026-03-01. 465 days = 15 months of
    # Performance Insights retention. Its cluster is not in this plan: Aurora Standard.
    attrs = instance("db.r6g.large", engine_version="11.21", performance_insights_enabled=True,
                     performance_insights_retention_period=465)
    unknown = {k: v for k, v in INSTANCE_UNKNOWN.items()
               if k not in ("engine_version", "performance_insights_enabled",
                            "performance_insights_retention_period")}
    res = price("aws_rds_cluster_instance.writer", attrs, unknown=unknown)

    assert res["status"] == "priced"
    assert res["notes"] == ["its aws_rds_cluster is not in this plan: Aurora Standard storage "
                            "assumed", STALE_INSTANCE_NOTE]
    assert res["after"] == {"monthly_cost": 486.5668, "components": [
        # instance Single-AZ;Aurora PostgreSQL;db.r6g.large (Aurora Standard)
        component("Database instance (Aurora PostgreSQL Standard, db.r6g.large)", "hours",
                  quantity=730, unit_price=0.26, monthly_cost=189.8, source=INSTANCE_FEED,
                  data_date="2025-11-18"),
        # extended_support engine=Aurora PostgreSQL;engine_version=11;period=year3
        # [W2TVCA9B88AV64NX]: 2 vCPUs x 730 h
        feed("Extended Support (Aurora PostgreSQL 11, year 3)", "vCPU-hours", quantity=1460,
             unit_price=0.2, monthly_cost=292),
        # performance_insights compute=provisioned;engine=Aurora PostgreSQL;retention=FMR/AMR
        feed("Performance Insights (15 months retention, first month)", "vCPU-months",
             quantity=2, unit_price=1.5, monthly_cost=3),
        feed("Performance Insights (15 months retention, additional 14 months)", "vCPU-months",
             quantity=28, unit_price=0.0631, monthly_cost=1.7668),  # 2 vCPUs x 14 months
    ]}


def test_non_aurora_cluster_instance_is_unsupported(price):
    res = price("aws_rds_cluster_instance.x", instance("db.r6g.large", engine="mysql"),
                unknown=INSTANCE_UNKNOWN)
    assert res["status"] == "unsupported"
    assert res["notes"] == ["aws_rds_cluster_instance with engine mysql is not an Aurora "
                            "instance"]


# --- RDS Proxy ------------------------------------------------------------------------------------

def test_proxy_target_is_charged_per_vcpu_of_its_database(price_changes):
    db = {"identifier": "orders", "engine": "postgres", "instance_class": "db.r6g.xlarge",
          "allocated_storage": 100, "storage_type": "gp3", "multi_az": False}
    proxy = {"name": "orders", "engine_family": "POSTGRESQL", "require_tls": True,
             "vpc_subnet_ids": ["subnet-1"], "auth": [{"auth_scheme": "SECRETS"}]}
    target = {"db_proxy_name": "orders", "db_instance_identifier": "orders"}
    resources = {r["address"]: r for r in price_changes(
        make_change("aws_db_instance.orders", db),
        make_change("aws_db_proxy.orders", proxy, unknown={"arn": True, "endpoint": True}),
        make_change("aws_db_proxy_target.orders", target,
                    unknown={"target_group_name": True, "rds_resource_id": True},
                    references={"db_instance_identifier": [
                        "aws_db_instance.orders.identifier", "aws_db_instance.orders"]}))}

    # rds/us-east-1.csv proxy basis=vcpu;engine=Any [FRAHVUJVSQ9JH49R]: 4 vCPUs x 730 h
    assert resources["aws_db_proxy_target.orders"]["after"] == {
        "monthly_cost": 43.8,
        "components": [feed("RDS Proxy (target db.r6g.xlarge)", "vCPU-hours", quantity=2920,
                            unit_price=0.015, monthly_cost=43.8)]}
    proxy_res = resources["aws_db_proxy.orders"]
    assert proxy_res["status"] == "priced"
    assert proxy_res["after"]["components"] == [feed(
        "RDS Proxy (postgresql, targets outside this plan)", "vCPU-hours", unit_price=0.015,
        usage_based=True)]


def test_proxy_target_of_a_database_outside_the_plan_is_partial(price):
    res = price("aws_db_proxy_target.orders",
                {"db_proxy_name": "orders", "db_instance_identifier": "legacy"})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: db_instance_identifier is not in this plan"]


# --- global clusters and snapshots --------------------------------------------------------------

def test_global_cluster_is_billed_per_replicated_write(price):
    res = price("aws_rds_global_cluster.orders",
                {"global_cluster_identifier": "orders", "engine": "aurora-postgresql",
                 "engine_version": "15.4", "deletion_protection": False},
                unknown={"arn": True, "global_cluster_members": True},
                usage=usage_of("aws_rds_global_cluster.orders",
                               monthly_replicated_write_ios=50_000_000))

    # aurora_global_write_io engine=Aurora PostgreSQL [UB3UB2DBZ2EPWCSU]
    assert res["after"] == {"monthly_cost": 10, "components": [feed(
        "Replicated write I/Os (to secondary regions)", "requests", quantity=50_000_000,
        unit_price=0.0000002, monthly_cost=10, usage_based=True)]}


@pytest.mark.parametrize(("address", "attrs", "others", "refs", "unit_price", "source", "date"), [
    ("aws_db_snapshot.orders",
     {"db_instance_identifier": "orders", "db_snapshot_identifier": "orders-before-upgrade"},
     {}, {}, 0.095, "janitor-fixtures-prices-5cd12c81", "2026-10-06"),
    ("aws_db_cluster_snapshot.orders",
     {"db_cluster_identifier": "orders", "db_cluster_snapshot_identifier": "orders-snap"},
     {"aws_rds_cluster.orders": cluster("aurora-mysql")},
     {"db_cluster_identifier": ["aws_rds_cluster.orders.id", "aws_rds_cluster.orders"]},
     0.021, FEED, "2025-12-05"),  # backup_storage engine=Aurora MySQL
])
def test_manual_snapshots_are_backup_storage(price, address, attrs, others, refs, unit_price,
                                             source, date):
    res = price(address, attrs, unknown={"engine": True, "allocated_storage": True},
                others=others, references=refs,
                usage=usage_of(address, backup_storage_gb=100))

    assert res["status"] == "priced"
    assert res["after"]["components"] == [component(
        "Backup storage (manual snapshot)", "GB-months", quantity=100, unit_price=unit_price,
        monthly_cost=round(100 * unit_price, 4), source=source, data_date=date,
        usage_based=True)]


def test_cluster_snapshot_of_a_cluster_outside_the_plan_is_partial(price):
    res = price("aws_db_cluster_snapshot.orders",
                {"db_cluster_identifier": "orders", "db_cluster_snapshot_identifier": "s"},
                unknown={"engine": True})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: engine is known only after apply"]


def test_cross_region_automated_backups_are_backup_storage_in_the_destination(price):
    address = "aws_db_instance_automated_backups_replication.dr"
    attrs = {"source_db_instance_arn": "arn:aws:rds:us-west-2:123456789012:db:orders",
             "retention_period": 14}
    res = price(address, attrs, unknown={"id": True},
                usage=usage_of(address, backup_storage_gb=200))

    assert res["status"] == "priced"
    assert res["notes"] == ["the cross-Region data transfer of the replicated backups is not "
                            "priced"]
    # rds/us-east-1.csv backup_storage engine=Any [janitor-fixtures-prices-5cd12c81]
    assert res["after"]["components"] == [component(
        "Replicated backup storage", "GB-months", quantity=200, unit_price=0.095,
        monthly_cost=19, source="janitor-fixtures-prices-5cd12c81", data_date="2026-10-06",
        usage_based=True)]
