"""aws_db_instance priced end to end against the shipped price table.

Unit prices: read from the pricing_data/aws/rds/<region>.csv row named in the comment
(product, attributes [source id, sku]). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.conftest import component

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
STALE_2023 = "priced from data dated 2023-02-23, older than 12 months"
# RDS storage/IOPS/throughput for engine "Any": AWS pricing-page feed, data_date 2025-12-05
RDS_STORAGE_FEED = "awspricewatcher-v0rts-41e3f457"
RDS_INSTANCE_FEED = "awspricewatcher-v0rts-processed-f13d12cc"  # SQL Server, 2025-12-05


def db(engine: str, instance_class: str, *, multi_az: bool = False, allocated_storage: int = 100,
       storage_type: str = "gp2", **extra: Any) -> dict[str, Any]:
    """aws_db_instance `after` as `terraform show -json` prints it for a create."""
    return {
        "identifier": "orders", "engine": engine, "engine_version": None,
        "instance_class": instance_class, "multi_az": multi_az,
        "allocated_storage": allocated_storage, "storage_type": storage_type,
        "iops": None, "storage_throughput": None, "storage_encrypted": True,
        "backup_retention_period": 7, "username": "orders", "skip_final_snapshot": False,
        "tags": {"team": "checkout"}, **extra,
    }


# (iops and storage_throughput are also unknown in a real plan when unset; the tests that set
# them pass them as known values)
DB_UNKNOWN = {"address": True, "arn": True, "endpoint": True, "id": True,
              "engine_version_actual": True}


def backup(unit_price: float, source: str, data_date: str) -> dict[str, Any]:
    """The usage-based backup storage component every RDS instance carries."""
    return component("Backup storage (beyond the free allocation)", "GB-months", quantity=None,
                     unit_price=unit_price, monthly_cost=None, source=source,
                     data_date=data_date, usage_based=True)


# rds/us-east-1.csv and eu-west-1.csv backup_storage engine=Any [janitor, 2026-10-06]
BACKUP_JANITOR = backup(0.095, "janitor-fixtures-prices-5cd12c81", "2026-10-06")


def test_postgres_single_az_gp2_in_us_east_1(price):
    res = price("aws_db_instance.orders", db("postgres", "db.r6g.large"), unknown=DB_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 175.75,  # 164.25 + 11.5
        "components": [
            component(
                "Database instance (PostgreSQL, Single-AZ, db.r6g.large)", "hours",
                quantity=730,
                # rds/us-east-1.csv instance Single-AZ;PostgreSQL;db.r6g.large
                # [togen, C4ERBAHB6DJ9BCDR]
                unit_price=0.225,
                monthly_cost=164.25,  # 730 * 0.225
                source=TOGEN, data_date="2026-09-06",
            ),
            component(
                "Storage (gp2, 100 GB)", "GB-months",
                quantity=100,
                # rds/us-east-1.csv storage Single-AZ;PostgreSQL;gp2 [togen, G2TQUMAQNSQ7H65X]
                unit_price=0.115,
                monthly_cost=11.5,  # 100 * 0.115
                source=TOGEN, data_date="2026-09-06",
            ),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }
    assert res["monthly_delta"] == 175.75


def test_mysql_multi_az_gp2_in_us_east_1_pays_both_zones(price):
    res = price("aws_db_instance.orders",
                db("mysql", "db.r6g.large", multi_az=True, allocated_storage=200),
                unknown=DB_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 359.9,  # 313.9 + 46
        "components": [
            component(
                "Database instance (MySQL, Multi-AZ, db.r6g.large)", "hours",
                quantity=730,
                # rds/us-east-1.csv instance Multi-AZ;MySQL;db.r6g.large [togen, SJZ23EJ356ZZU259]
                unit_price=0.43,
                monthly_cost=313.9,  # 730 * 0.43
                source=TOGEN, data_date="2026-09-06",
            ),
            component(
                "Storage (gp2, 200 GB)", "GB-months",
                quantity=200,
                # rds/us-east-1.csv storage Multi-AZ;MySQL;gp2 [togen, MNWXA2FBYSKJVBTJ]
                unit_price=0.23,
                monthly_cost=46,  # 200 * 0.23
                source=TOGEN, data_date="2026-09-06",
            ),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }


def test_instance_class_priced_from_older_data_carries_a_staleness_note(price):
    res = price("aws_db_instance.orders", db("mysql", "db.m5.large", allocated_storage=50),
                unknown=DB_UNKNOWN)

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 130.58,  # 124.83 + 5.75
        "components": [
            component(
                "Database instance (MySQL, Single-AZ, db.m5.large)", "hours",
                quantity=730,
                # rds/us-east-1.csv instance Single-AZ;MySQL;db.m5.large [awspricewatcher-...]
                unit_price=0.171,
                monthly_cost=124.83,  # 730 * 0.171
                source="awspricewatcher-v0rts-processed-a887733e", data_date="2025-10-15",
            ),
            component(
                "Storage (gp2, 50 GB)", "GB-months",
                quantity=50,
                # rds/us-east-1.csv storage Single-AZ;MySQL;gp2 [togen, 98Z3EQYU8MDZUWHX]
                unit_price=0.115,
                monthly_cost=5.75,  # 50 * 0.115
                source=TOGEN, data_date="2026-09-06",
            ),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }
    # the feed's 2025-10-15 is more than 12 months before "today" (2026-11-26)
    assert res["notes"] == ["priced from data dated 2025-10-15, older than 12 months"]


def test_sqlserver_se_license_included_in_us_east_1(price):
    res = price("aws_db_instance.legacy",
                db("sqlserver-se", "db.m5.xlarge", allocated_storage=200,
                   license_model="license-included"),
                unknown=DB_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 916.52,  # 893.52 + 23
        "components": [
            component(
                "Database instance (SQL Server Standard, license included, Single-AZ, "
                "db.m5.xlarge)", "hours",
                quantity=730,
                # rds/us-east-1.csv instance Single-AZ;SQL Server;Standard;License included
                unit_price=1.224,
                monthly_cost=893.52,  # 730 * 1.224
                source=RDS_INSTANCE_FEED, data_date="2025-12-05",
            ),
            component(
                "Storage (gp2, 200 GB)", "GB-months",
                quantity=200,
                unit_price=0.115,  # rds/us-east-1.csv storage Single-AZ;Any;gp2 [feed]
                monthly_cost=23,  # 200 * 0.115
                source=RDS_STORAGE_FEED, data_date="2025-12-05",
            ),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }


def test_instance_class_outside_the_transcribed_families_is_partial(price):
    # The RDS instance feed was transcribed for 14 families only (db.x2g is not one of them).
    res = price("aws_db_instance.legacy",
                db("sqlserver-ee", "db.x2g.large", allocated_storage=200,
                    license_model="license-included"),
                unknown=DB_UNKNOWN)

    assert res["status"] == "partial"
    assert res["notes"] == [
        "no price in the data for: Database instance (SQL Server Enterprise, license included, "
        "Single-AZ, db.x2g.large) in us-east-1"]
    assert res["after"]["monthly_cost"] == 23  # storage only: 200 * 0.115


PG_R6G_EU_WEST_1 = component(
    "Database instance (PostgreSQL, Single-AZ, db.r6g.large)", "hours",
    quantity=730,
    # rds/eu-west-1.csv instance Single-AZ;PostgreSQL;db.r6g.large [togen, 8TDMEUDAK3V4KE59]
    unit_price=0.252,
    monthly_cost=183.96,  # 730 * 0.252
    source=TOGEN, data_date="2026-09-06",
)
# rds/eu-west-1.csv Single-AZ;Any;gp3 rows [awspricewatcher-v0rts-41e3f457] (they supersede
# terracost's 2023 PostgreSQL rows, same values): storage 0.127, iops 0.022, throughput 0.088


def pg_gp3_storage(size: int, cost: float) -> dict[str, Any]:
    return component(f"Storage (gp3, {size} GB)", "GB-months", quantity=size, unit_price=0.127,
                     monthly_cost=cost, source=RDS_STORAGE_FEED, data_date="2025-12-05")


def test_postgres_gp3_from_400_gb_includes_12000_iops_and_500_mbps(price):
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", allocated_storage=500, storage_type="gp3",
                   iops=15000, storage_throughput=600),
                unknown=DB_UNKNOWN, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 322.26,  # 183.96 + 63.5 + 66 + 8.8
        "components": [
            PG_R6G_EU_WEST_1,
            pg_gp3_storage(500, 63.5),  # 500 * 0.127
            component("Provisioned IOPS (gp3, above 12000)", "IOPS-months",
                      quantity=3000,  # 15000 - 12000 included
                      unit_price=0.022, monthly_cost=66,  # 3000 * 0.022
                      source=RDS_STORAGE_FEED, data_date="2025-12-05"),
            component("Provisioned throughput (gp3, above 500 MB/s)", "MBps-months",
                      quantity=100,  # 600 - 500 included
                      unit_price=0.088, monthly_cost=8.8,  # 100 * 0.088
                      source=RDS_STORAGE_FEED, data_date="2025-12-05"),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }
    assert res["notes"] == []


def test_postgres_gp3_below_400_gb_includes_3000_iops_and_125_mbps(price):
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", allocated_storage=300, storage_type="gp3",
                   iops=12000, storage_throughput=500),
                unknown=DB_UNKNOWN, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 453.06,  # 183.96 + 38.1 + 198 + 33
        "components": [
            PG_R6G_EU_WEST_1,
            pg_gp3_storage(300, 38.1),  # 300 * 0.127
            component("Provisioned IOPS (gp3, above 3000)", "IOPS-months",
                      quantity=9000,  # 12000 - 3000 included
                      unit_price=0.022, monthly_cost=198,  # 9000 * 0.022
                      source=RDS_STORAGE_FEED, data_date="2025-12-05"),
            component("Provisioned throughput (gp3, above 125 MB/s)", "MBps-months",
                      quantity=375,  # 500 - 125 included
                      unit_price=0.088, monthly_cost=33,  # 375 * 0.088
                      source=RDS_STORAGE_FEED, data_date="2025-12-05"),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }


def test_postgres_gp3_at_the_baseline_charges_storage_only(price):
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", allocated_storage=100, storage_type="gp3",
                   iops=3000, storage_throughput=125),
                unknown=DB_UNKNOWN, region="eu-west-1")

    assert res["after"] == {"monthly_cost": 196.66,  # 183.96 + 12.7
                            "components": [PG_R6G_EU_WEST_1,
                                           pg_gp3_storage(100, 12.7),  # 100 * 0.127
                                           BACKUP_JANITOR]}


def test_mysql_multi_az_io1_in_eu_west_1(price):
    res = price("aws_db_instance.orders",
                db("mysql", "db.r6g.large", multi_az=True, allocated_storage=400,
                   storage_type="io1", iops=10000),
                unknown={**DB_UNKNOWN, "iops": False}, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 2656.42,  # 346.02 + 110.4 + 2200
        "components": [
            component(
                "Database instance (MySQL, Multi-AZ, db.r6g.large)", "hours",
                quantity=730,
                # rds/eu-west-1.csv instance Multi-AZ;MySQL;db.r6g.large [togen, 3N6TU3FCHXU6AYYU]
                unit_price=0.474,
                monthly_cost=346.02,  # 730 * 0.474
                source=TOGEN, data_date="2026-09-06",
            ),
            component(
                "Storage (io1, 400 GB)", "GB-months",
                quantity=400,
                # rds/eu-west-1.csv storage Multi-AZ;Any;io1 [awspricewatcher-v0rts-41e3f457]
                unit_price=0.276,
                monthly_cost=110.4,  # 400 * 0.276
                source=RDS_STORAGE_FEED, data_date="2025-12-05",
            ),
            component(
                "Provisioned IOPS (io1)", "IOPS-months",
                quantity=10000,
                # rds/eu-west-1.csv iops Multi-AZ;Any;io1 [awspricewatcher-v0rts-41e3f457]
                unit_price=0.22,
                monthly_cost=2200,  # 10000 * 0.22
                source=RDS_STORAGE_FEED, data_date="2025-12-05",
            ),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }
    assert res["notes"] == []


def test_storage_falls_back_to_the_engine_independent_price(price):
    # eu-west-1 has no Multi-AZ SQL Server storage row: the "engine=Any" row is used.
    res = price("aws_db_instance.legacy",
                db("sqlserver-se", "db.m5.xlarge", multi_az=True, allocated_storage=200,
                   license_model="license-included"),
                unknown=DB_UNKNOWN, region="eu-west-1")

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 1890.2,  # 1839.6 + 50.6
        "components": [
            component(
                "Database instance (SQL Server Standard, license included, Multi-AZ, "
                "db.m5.xlarge)", "hours",
                quantity=730,
                unit_price=2.52,  # rds/eu-west-1.csv instance Multi-AZ;SQL Server;Standard
                monthly_cost=1839.6,  # 730 * 2.52
                source=RDS_INSTANCE_FEED, data_date="2025-12-05",
            ),
            component(
                "Storage (gp2, 200 GB)", "GB-months",
                quantity=200,
                # rds/eu-west-1.csv storage Multi-AZ;Any;gp2 [awspricewatcher-v0rts-41e3f457]
                unit_price=0.253,
                monthly_cost=50.6,  # 200 * 0.253
                source=RDS_STORAGE_FEED, data_date="2025-12-05",
            ),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }


def test_storage_known_only_after_apply_is_partial(price):
    # a read replica: allocated_storage comes from the source database
    attrs = db("postgres", "db.r6g.large", replicate_source_db="orders")
    del attrs["allocated_storage"]
    res = price("aws_db_instance.replica", attrs,
                unknown={**DB_UNKNOWN, "allocated_storage": True})

    assert res["status"] == "partial"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["notes"] == ["not fully priced: allocated_storage is known only after apply"]


# --- gp3 baselines of Oracle and SQL Server (AWS "Amazon RDS DB instance storage" docs) ------
# The rule applies the MySQL/PostgreSQL/MariaDB thresholds (3,000 IOPS / 125 MiB/s below
# 400 GiB, 12,000 / 500 from 400 GiB) to every engine. AWS: Oracle switches to 12,000 / 500
# from 200 GiB; SQL Server always includes 3,000 IOPS / 125 MiB/s, whatever the size.


def test_oracle_gp3_from_200_gb_includes_12000_iops_and_500_mbps(price):
    res = price("aws_db_instance.erp",
                db("oracle-se2", "db.m5.large", allocated_storage=300, storage_type="gp3",
                   iops=12000, storage_throughput=500, license_model="license-included"),
                unknown=DB_UNKNOWN, region="eu-west-1")

    # Nothing above the 12,000 IOPS / 500 MiB/s baseline is provisioned: instance + storage.
    assert res["status"] == "priced"
    assert res["notes"] == ["priced from data dated 2025-11-24, older than 12 months"]
    assert res["after"] == {
        "monthly_cost": 396.53,  # 358.43 + 38.1
        "components": [
            component(
                "Database instance (Oracle Standard Two, license included, Single-AZ, "
                "db.m5.large)", "hours",
                quantity=730,
                unit_price=0.491,  # rds/eu-west-1.csv instance Single-AZ;Oracle;Standard Two
                monthly_cost=358.43,  # 730 * 0.491
                source="awspricewatcher-v0rts-processed-db7ba01d", data_date="2025-11-24",
            ),
            component(
                "Storage (gp3, 300 GB)", "GB-months",
                quantity=300,
                # rds/eu-west-1.csv storage Single-AZ;Any;gp3 [awspricewatcher-v0rts-41e3f457]
                unit_price=0.127,
                monthly_cost=38.1,  # 300 * 0.127
                source=RDS_STORAGE_FEED, data_date="2025-12-05",
            ),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }


def test_sqlserver_gp3_includes_3000_iops_and_125_mbps_at_any_size(price):
    res = price("aws_db_instance.legacy",
                db("sqlserver-se", "db.m5.xlarge", allocated_storage=500, storage_type="gp3",
                   iops=12000, storage_throughput=500, license_model="license-included"),
                unknown=DB_UNKNOWN, region="eu-west-1")

    # rds/eu-west-1.csv Single-AZ;Any;gp3 rows [awspricewatcher-v0rts-41e3f457]
    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 1214.3,  # 919.8 + 63.5 + 198 + 33
        "components": [
            component("Database instance (SQL Server Standard, license included, Single-AZ, "
                      "db.m5.xlarge)", "hours", quantity=730,
                      unit_price=1.26,  # rds/eu-west-1.csv instance Single-AZ;SQL Server;Standard
                      monthly_cost=919.8,  # 730 * 1.26
                      source=RDS_INSTANCE_FEED, data_date="2025-12-05"),
            component("Storage (gp3, 500 GB)", "GB-months", quantity=500,
                      unit_price=0.127,  # storage
                      monthly_cost=63.5,  # 500 * 0.127
                      source=RDS_STORAGE_FEED, data_date="2025-12-05"),
            component("Provisioned IOPS (gp3, above 3000)", "IOPS-months",
                      quantity=9000,  # 12000 - 3000 included
                      unit_price=0.022,  # iops
                      monthly_cost=198,  # 9000 * 0.022
                      source=RDS_STORAGE_FEED, data_date="2025-12-05"),
            component("Provisioned throughput (gp3, above 125 MB/s)", "MBps-months",
                      quantity=375,  # 500 - 125 included
                      unit_price=0.088,  # throughput
                      monthly_cost=33,  # 375 * 0.088
                      source=RDS_STORAGE_FEED, data_date="2025-12-05"),
            BACKUP_JANITOR,  # usage-based: no quantity without a usage file
        ],
    }


# --- Extended Support, read replicas, defaults, Performance Insights, usage (issue 9 §3) ------
FEED = RDS_STORAGE_FEED  # rds-storage / rds-aurora-storage feeds: awspricewatcher, 2025-12-05


def _usage(address: str, **values: Any):
    from decimal import Decimal

    from cost_gate.usage import Usage

    return Usage(by_address={address: {k: Decimal(str(v)) for k, v in values.items()}})


def test_postgres_13_multi_az_pays_extended_support_for_both_instances(price):
    # PostgreSQL 13 left standard support on 2026-02-28: on "today" (2026-11-26) it is in
    # Extended Support years 1-2. db.r6g.large has 2 vCPUs; Multi-AZ runs 2 instances.
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", multi_az=True, engine_version="13.15"),
                unknown=DB_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 599.7,  # 328.5 + 23 + 248.2
        "components": [
            component("Database instance (PostgreSQL, Multi-AZ, db.r6g.large)", "hours",
                      quantity=730,
                      unit_price=0.45,  # rds/us-east-1.csv instance Multi-AZ;PostgreSQL [togen]
                      monthly_cost=328.5, source=TOGEN, data_date="2026-09-06"),
            component("Storage (gp2, 100 GB)", "GB-months", quantity=100,
                      unit_price=0.23,  # storage Multi-AZ;PostgreSQL;gp2 [togen]
                      monthly_cost=23, source=TOGEN, data_date="2026-09-06"),
            BACKUP_JANITOR,
            component("Extended Support (PostgreSQL 13, years 1-2)", "vCPU-hours",
                      quantity=2920,  # 2 vCPUs x 2 instances x 730 h
                      # rds/us-east-1.csv extended_support engine=Any;engine_version=13;
                      # period=year1-2 [awspricewatcher, XUC6SZM7KTR3PKRT]
                      unit_price=0.085, monthly_cost=248.2,  # 2920 x 0.085
                      source=FEED, data_date="2025-12-05"),
        ],
    }


def test_mysql_8_0_is_in_extended_support_from_august_2026(price):
    res = price("aws_db_instance.orders",
                db("mysql", "db.r6g.large", engine_version="8.0.39"), unknown=DB_UNKNOWN)

    (support,) = [c for c in res["after"]["components"] if c["name"].startswith("Extended")]
    # extended_support engine=Any;engine_version=8.0;period=year1-2 [4VZ4DQ7DDTDA6QYU]
    assert support == component("Extended Support (MySQL 8.0, years 1-2)", "vCPU-hours",
                                quantity=1460, unit_price=0.085, monthly_cost=124.1,
                                source=FEED, data_date="2025-12-05")


def test_extended_support_year_3_without_a_price_is_partial(price):
    # MySQL 5.7 is in its third Extended Support year since 2026-03-01; the data has no
    # year-3 row for it in us-east-1: partial, never $0.
    res = price("aws_db_instance.legacy",
                db("mysql", "db.r6g.large", engine_version="5.7.44"), unknown=DB_UNKNOWN)

    assert res["status"] == "partial"
    assert res["notes"] == [
        "no price in the data for: Extended Support (MySQL 5.7, year 3) in us-east-1"]
    assert res["after"]["monthly_cost"] == 168.45  # instance 156.95 + storage 11.5


@pytest.mark.parametrize("version", ["16.3", "17.2", None])
def test_versions_in_standard_support_pay_no_extended_support(price, version):
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", engine_version=version), unknown=DB_UNKNOWN)

    assert [c["name"] for c in res["after"]["components"]] == [
        "Database instance (PostgreSQL, Single-AZ, db.r6g.large)", "Storage (gp2, 100 GB)",
        "Backup storage (beyond the free allocation)"]


def test_extended_support_table_dates():
    from datetime import date

    from cost_gate.rules.aws.rds import STANDARD_SUPPORT_ENDS, major_version

    assert major_version("MySQL", "8.0.mysql_aurora.3.05.2") == "8.0"
    assert major_version("Aurora MySQL", "5.7.mysql_aurora.2.11.2") == "5.7"
    assert major_version("PostgreSQL", "13.15") == "13"
    for (engine, major), (end, year3, last) in STANDARD_SUPPORT_ENDS.items():
        assert end < year3 < last, (engine, major)
        assert (year3 - end).days in range(640, 800), (engine, major)  # about two years
    assert STANDARD_SUPPORT_ENDS[("PostgreSQL", "13")][0] == date(2026, 2, 28)


def test_read_replica_takes_engine_and_storage_from_its_source(price_changes):
    from tests.rules.conftest import make_change

    source = db("postgres", "db.r6g.large", allocated_storage=500, storage_type="gp3",
                engine_version="16.3")
    replica = {k: v for k, v in db("postgres", "db.r6g.large").items()
               if k not in ("engine", "allocated_storage", "storage_type")}
    replica["replicate_source_db"] = "orders"
    resources = price_changes(
        make_change("aws_db_instance.orders", source, unknown=DB_UNKNOWN),
        make_change("aws_db_instance.replica", replica,
                    unknown={**DB_UNKNOWN, "engine": True, "allocated_storage": True,
                             "storage_type": True, "engine_version": True, "multi_az": True},
                    references={"replicate_source_db": ["aws_db_instance.orders.identifier",
                                                        "aws_db_instance.orders"]}))
    by_address = {r["address"]: r for r in resources}
    replica_res = by_address["aws_db_instance.replica"]

    assert replica_res["status"] == "priced"
    assert replica_res["notes"] == [
        "read replica: what it does not set (engine, version, storage) is taken from its "
        "source aws_db_instance.orders"]
    assert replica_res["after"] == {
        "monthly_cost": 221.75,  # 164.25 + 57.5
        "components": [
            component("Database instance (PostgreSQL, Single-AZ, db.r6g.large)", "hours",
                      quantity=730, unit_price=0.225, monthly_cost=164.25, source=TOGEN,
                      data_date="2026-09-06"),
            component("Storage (gp3, 500 GB)", "GB-months", quantity=500,
                      unit_price=0.115,  # storage Single-AZ;Any;gp3 [CQK5YMWVUJ45X4ED]
                      monthly_cost=57.5, source=FEED, data_date="2025-12-05"),
            BACKUP_JANITOR,
        ],
    }
    assert replica_res["after"] == by_address["aws_db_instance.orders"]["after"]


def test_read_replica_of_a_database_outside_the_plan_is_partial(price):
    replica = {k: v for k, v in db("postgres", "db.r6g.large").items()
               if k not in ("engine", "allocated_storage")}
    replica["replicate_source_db"] = "arn:aws:rds:us-west-2:123456789012:db:orders"
    res = price("aws_db_instance.replica", replica,
                unknown={**DB_UNKNOWN, "engine": True, "allocated_storage": True})

    assert res["status"] == "partial"
    assert res["notes"] == [
        "not fully priced: engine is taken from the source database (replicate_source_db), "
        "which is not in this plan"]


# db.t3/db.t4g CPU credits have prices in eu-west-1 only (Price List 2023)
CPU_CREDITS_UNPRICED = ("CPU credits (unlimited mode, above baseline): no price in the data for "
                        "us-east-1, not shown")


@pytest.mark.parametrize(("iops", "assumed"), [(None, "gp2"), (3000, "io1")])
def test_unset_storage_type_takes_the_provider_default_with_a_note(price, iops, assumed):
    attrs = db("mysql", "db.t4g.micro", allocated_storage=20, iops=iops)
    del attrs["storage_type"]
    res = price("aws_db_instance.small", attrs, unknown={**DB_UNKNOWN, "storage_type": True})

    with_or_without = "with" if iops else "without"
    assert res["notes"] == [f"storage_type not set: {assumed} assumed (the aws provider's "
                            f"default {with_or_without} iops)", CPU_CREDITS_UNPRICED]
    assert res["after"]["components"][1]["name"] == f"Storage ({assumed}, 20 GB)"


def test_gp2_storage_of_a_small_mysql_instance(price):
    attrs = db("mysql", "db.t4g.micro", allocated_storage=20)
    del attrs["storage_type"]
    res = price("aws_db_instance.small", attrs, unknown={**DB_UNKNOWN, "storage_type": True})

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 13.98,  # 11.68 + 2.3
        "components": [
            component("Database instance (MySQL, Single-AZ, db.t4g.micro)", "hours",
                      quantity=730, unit_price=0.016,  # instance Single-AZ;MySQL [togen]
                      monthly_cost=11.68, source=TOGEN, data_date="2026-09-06"),
            component("Storage (gp2, 20 GB)", "GB-months", quantity=20,
                      unit_price=0.115,  # storage Single-AZ;MySQL;gp2 [togen]
                      monthly_cost=2.3, source=TOGEN, data_date="2026-09-06"),
            BACKUP_JANITOR,
        ],
    }


def test_allocated_storage_unset_is_partial_not_zero(price):
    attrs = db("postgres", "db.r6g.large")
    del attrs["allocated_storage"]
    res = price("aws_db_instance.orders", attrs, unknown=DB_UNKNOWN)

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: allocated_storage is not set"]


def test_performance_insights_long_term_retention_in_eu_west_1(price):
    # 93 days = 3 months: the first month's rate plus 2 additional months, per vCPU.
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", performance_insights_enabled=True,
                   performance_insights_retention_period=93),
                unknown=DB_UNKNOWN, region="eu-west-1")

    pi = [c for c in res["after"]["components"] if c["name"].startswith("Performance")]
    terracost = "terracost-testdata-2023-02-23"
    assert pi == [
        # rds/eu-west-1.csv performance_insights compute=provisioned;engine=PostgreSQL;
        # retention=FMR [Y2VMX4QAJ9T3KKWN] and retention=AMR [WC9MDW2T3J34EMWM]
        component("Performance Insights (3 months retention, first month)", "vCPU-months",
                  quantity=2, unit_price=1.6463, monthly_cost=3.2926,  # 2 vCPUs
                  source=terracost, data_date="2023-02-23"),
        component("Performance Insights (3 months retention, additional 2 months)",
                  "vCPU-months", quantity=4, unit_price=0.0692,  # 2 vCPUs x 2 months
                  monthly_cost=0.2768, source=terracost, data_date="2023-02-23"),
    ]
    assert res["notes"] == ["priced from data dated 2023-02-23, older than 12 months"]


def test_performance_insights_without_a_price_is_partial(price):
    # us-east-1 has Performance Insights rows for Aurora engines only.
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", performance_insights_enabled=True,
                   performance_insights_retention_period=731),
                unknown=DB_UNKNOWN)

    assert res["status"] == "partial"
    assert res["notes"] == [
        "no price in the data for: Performance Insights (24 months retention, first month), "
        "Performance Insights (24 months retention, additional 23 months) in us-east-1"]


def test_free_performance_insights_retention_adds_nothing(price):
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", performance_insights_enabled=True,
                   performance_insights_retention_period=7),
                unknown=DB_UNKNOWN)

    assert res["status"] == "priced"
    assert not [c for c in res["after"]["components"] if c["name"].startswith("Performance")]


def test_io2_iops_without_a_price_is_partial(price):
    res = price("aws_db_instance.orders",
                db("postgres", "db.r6g.large", storage_type="io2", iops=3000),
                unknown=DB_UNKNOWN)

    assert res["status"] == "partial"
    assert res["notes"] == ["no price in the data for: Provisioned IOPS (io2) in us-east-1"]
    # storage Single-AZ;Any;io2 [ASN2Z25CH475KUZ6]
    assert res["after"]["components"][1] == component(
        "Storage (io2, 100 GB)", "GB-months", quantity=100, unit_price=0.125,
        monthly_cost=12.5, source=FEED, data_date="2025-12-05")


def test_magnetic_io_requests_and_backup_storage_from_the_usage_file(price):
    res = price("aws_db_instance.mag", db("postgres", "db.r6g.large", storage_type="standard"),
                unknown=DB_UNKNOWN,
                usage=_usage("aws_db_instance.mag", monthly_standard_io_requests=2_000_000,
                             additional_backup_storage_gb=50))

    assert res["status"] == "priced"
    assert res["after"]["components"][1:] == [
        component("Storage (standard, 100 GB)", "GB-months", quantity=100,
                  unit_price=0.1,  # storage Single-AZ;Any;standard [QJKAQP9FUGYRBPT7]
                  monthly_cost=10, source=FEED, data_date="2025-12-05"),
        component("I/O requests (magnetic)", "requests", quantity=2_000_000,
                  unit_price=0.0000001,  # io_requests volume_type=standard [FQCPNZTWKM7EV5Z8]
                  monthly_cost=0.2, source=FEED, data_date="2025-12-05", usage_based=True),
        component("Backup storage (beyond the free allocation)", "GB-months", quantity=50,
                  unit_price=0.095, monthly_cost=4.75,  # 50 x 0.095
                  source="janitor-fixtures-prices-5cd12c81", data_date="2026-10-06",
                  usage_based=True),
    ]


def test_reserved_rate_and_its_upfront_fee_where_the_data_has_them(price):
    # rds/eu-west-2.csv: the only reserved RDS rows (togen's verbatim Price List slice):
    # db.t4g.micro PostgreSQL Single-AZ, 3 years partial upfront [ATYF9R3XTURNBSMZ].
    res = price("aws_db_instance.orders", db("postgres", "db.t4g.micro", allocated_storage=20),
                unknown=DB_UNKNOWN, region="eu-west-2",
                usage=_usage_str("aws_db_instance.orders", reserved_instance_term="3_year",
                                 reserved_instance_payment_option="partial_upfront"))

    slice_ = "togen-amazonrds-eu-west-2-offer-slice"
    assert res["notes"] == [CPU_CREDITS_UNPRICED.replace("us-east-1", "eu-west-2")]
    assert res["after"]["components"][:2] == [
        component("Database instance (PostgreSQL, Single-AZ, db.t4g.micro) (reserved 3 year, "
                  "partial upfront)", "hours", quantity=730,
                  unit_price=0.0043,  # instance ...;term=reserved-3y (recurring hourly)
                  monthly_cost=3.139, source=slice_, data_date="2026-09-04"),
        component("Reserved upfront fee (3 year, spread over 36 months)", "instances",
                  quantity=1 / 36,  # one instance's fee over 36 months
                  unit_price=112,  # instance_reserved_upfront ...;term=reserved-3y
                  monthly_cost=112 / 36, source=slice_, data_date="2026-09-04"),
    ]


def _usage_str(address: str, **values: str):
    from cost_gate.usage import Usage

    return Usage(by_address={address: dict(values)})


def test_extended_support_of_a_class_with_unknown_vcpus_needs_vcpu_count(price):
    # metal sizes do not say their vCPUs: per unit until the usage file gives vcpu_count
    attrs = db("postgres", "db.r6i.metal", multi_az=True, engine_version="13.15")
    without = price("aws_db_instance.big", attrs, unknown=DB_UNKNOWN)
    assert ("Extended Support (PostgreSQL 13, years 1-2): vCPUs of db.r6i.metal not known; "
            "set vcpu_count in a usage file") in without["notes"]
    (support,) = [c for c in without["after"]["components"] if c["name"].startswith("Ext")]
    assert (support["monthly_quantity"], support["usage_based"]) == (None, True)

    with_count = price("aws_db_instance.big", attrs, unknown=DB_UNKNOWN,
                       usage=_usage("aws_db_instance.big", vcpu_count=128))
    (support,) = [c for c in with_count["after"]["components"] if c["name"].startswith("Ext")]
    assert support["monthly_quantity"] == 128 * 730 * 2  # Multi-AZ: both instances
    assert support["monthly_cost"] == 15884.8  # 186,880 vCPU-hours x 0.085


def test_cpu_credits_of_burstable_classes_from_the_usage_file(price):
    res = price("aws_db_instance.small", db("postgres", "db.t4g.medium", allocated_storage=20),
                unknown=DB_UNKNOWN, region="eu-west-1",
                usage=_usage("aws_db_instance.small", monthly_cpu_credit_hrs=100))

    (credits,) = [c for c in res["after"]["components"] if c["name"].startswith("CPU")]
    # rds/eu-west-1.csv cpu_credits engine=PostgreSQL;family=t4g [FKRFVHM6SSJDRCNS]:
    # 100 hours x 2 vCPUs
    assert credits == component("CPU credits (unlimited mode, above baseline)", "vCPU-hours",
                                quantity=200, unit_price=0.075, monthly_cost=15,
                                source="terracost-testdata-2023-02-23", data_date="2023-02-23",
                                usage_based=True)


def test_no_cpu_credits_for_classes_that_are_not_burstable(price):
    res = price("aws_db_instance.orders", db("postgres", "db.r6g.large"), unknown=DB_UNKNOWN,
                region="eu-west-1")
    assert not [c for c in res["after"]["components"] if c["name"].startswith("CPU")]
