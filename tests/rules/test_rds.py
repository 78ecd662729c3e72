"""aws_db_instance priced end to end against the shipped price table.

Unit prices: read from the pricing_data/aws/rds/<region>.csv row named in the comment
(product, attributes [source id, sku]). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from typing import Any

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
