"""aws_s3_bucket storage classes beyond Standard, and the bucket analytics and inventory
configurations, priced end to end against the shipped price table.

Unit prices: pricing_data/aws/s3/us-east-1.csv [awspricewatcher-v0rts-d6499ea2, sku noted].
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-d6499ea2"
DATE = "2025-12-02"
BUCKET = {"bucket": "assets", "force_destroy": False, "tags": None}
UNKNOWN = {"arn": True, "id": True}


def _usage(**keys) -> Usage:
    return Usage(by_address={"aws_s3_bucket.assets": {k: Decimal(str(v))
                                                      for k, v in keys.items()}})


def c(name, unit, quantity, unit_price, cost):
    return component(name, unit, quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=FEED, data_date=DATE, usage_based=True)


def _names(res) -> list[str]:
    return [x["name"] for x in res["after"]["components"]]


def test_only_standard_is_shown_without_other_classes_in_the_usage_file(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=UNKNOWN,
                usage=_usage(**{"standard.storage_gb": 10, "standard_infrequent_access.storage_gb":
                                0}))
    assert _names(res) == ["Standard storage", "PUT, COPY, POST, LIST requests",
                           "GET and all other requests"]


def test_standard_ia_class(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=UNKNOWN, usage=_usage(**{
        "standard_infrequent_access.storage_gb": 2000,
        "standard_infrequent_access.monthly_tier_1_requests": 100_000,
        "standard_infrequent_access.monthly_data_retrieval_gb": 300}))

    assert res["status"] == "priced"
    assert res["after"]["components"][3:] == [
        c("Standard-IA storage", "GB-months", 2000, 0.0125, 25),  # [379GYJUQ5WFBUYGM]
        # requests storage_class=standard_ia;tier=1 [FNYHUPR3T466JJYM]; 100,000 x 0.00001
        c("Standard-IA PUT, COPY, POST, LIST requests", "requests", 100_000, 0.00001, 1),
        c("Standard-IA GET and all other requests", "requests", None, 0.000001, None),
        c("Standard-IA data retrieval", "GB", 300, 0.01, 3),  # [7594RTQEE8ND34GA]
        # lifecycle_transitions storage_class=standard_ia [JS3WNUP3WAZ96Q9X]
        c("Standard-IA lifecycle transition requests", "requests", None, 0.00001, None),
    ]
    assert res["after"]["monthly_cost"] == 29


def test_intelligent_tiering_class(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=UNKNOWN, usage=_usage(**{
        "intelligent_tiering.frequent_access_storage_gb": 1000,
        "intelligent_tiering.infrequent_access_storage_gb": 4000,
        "intelligent_tiering.deep_archive_access_storage_gb": 10_000,
        "intelligent_tiering.monitored_objects": 2_000_000}))

    assert [(x["name"], x["unit_price"], x["monthly_cost"])
            for x in res["after"]["components"][3:]] == [
        # storage intelligent_tiering_frequent, first tier [T5CD4UDRVV44YE2T]; 1000 x 0.023
        ("Intelligent-Tiering frequent access storage", 0.023, 23),
        # intelligent_tiering_infrequent [M7WA952JTYFHTE64]; 4000 x 0.0125
        ("Intelligent-Tiering infrequent access storage", 0.0125, 50),
        ("Intelligent-Tiering archive instant access storage", 0.004, None),
        ("Intelligent-Tiering archive access storage", 0.0036, None),
        # intelligent_tiering_deep_archive [82TFRVR9729PGTNP]; 10,000 x 0.00099
        ("Intelligent-Tiering deep archive access storage", 0.00099, 9.9),
        # intelligent_tiering_monitoring [7DR3RFK9W2W43KSC]: $0.0025 per 1,000 objects
        ("Intelligent-Tiering monitoring and automation", 0.0000025, 5),
        ("Intelligent-Tiering PUT, COPY, POST, LIST requests", 0.000005, None),
        ("Intelligent-Tiering GET and all other requests", 0.0000004, None),
        ("Intelligent-Tiering lifecycle transition requests", 0.00001, None),
    ]


def test_glacier_flexible_retrieval_class(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=UNKNOWN, usage=_usage(**{
        "glacier_flexible_retrieval.storage_gb": 50_000,
        "glacier_flexible_retrieval.monthly_tier_1_requests": 10_000,
        "glacier_flexible_retrieval.monthly_expedited_data_retrieval_gb": 100}))

    assert [(x["name"], x["monthly_quantity"], x["unit_price"], x["monthly_cost"])
            for x in res["after"]["components"][3:]] == [
        # storage glacier [ZGASJWMFVH7NM8RK]; 50,000 x 0.0036
        ("Glacier Flexible Retrieval storage", 50_000, 0.0036, 180),
        # requests storage_class=glacier;tier=1 [ETMMA5922DBD756V]; 10,000 x 0.00003
        ("Glacier Flexible Retrieval PUT, COPY, POST, LIST requests", 10_000, 0.00003, 0.3),
        ("Glacier Flexible Retrieval GET and all other requests", None, 0.0000004, None),
        ("Glacier Flexible Retrieval standard data retrieval", None, 0.01, None),
        ("Glacier Flexible Retrieval bulk data retrieval", None, 0, None),
        # retrieval glacier expedited; 100 x 0.03
        ("Glacier Flexible Retrieval expedited data retrieval", 100, 0.03, 3),
        ("Glacier Flexible Retrieval lifecycle transition requests", None, 0.00003, None),
    ]


def test_deep_archive_storage_has_no_price_and_is_not_shown_as_zero(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=UNKNOWN, usage=_usage(**{
        "glacier_deep_archive.storage_gb": 100_000,
        "glacier_deep_archive.monthly_tier_1_requests": 1000}))

    # an estimated charge with no price: its cost is unknown, so is the resource's delta
    assert res["status"] == "partial"
    assert res["monthly_delta"] is None
    assert ("no price in the data for: Glacier Deep Archive storage in us-east-1"
            in res["notes"])
    assert [(x["name"], x["unit_price"], x["monthly_cost"])
            for x in res["after"]["components"][3:]] == [
        # PUTs to Deep Archive at the lifecycle-transition rate [GQYN2VTWYJQVTWHQ]
        ("Glacier Deep Archive PUT, COPY, POST, LIST requests", 0.00005, 0.05),
        ("Glacier Deep Archive GET and all other requests", 0.0000004, None),
        ("Glacier Deep Archive standard data retrieval", 0.02, None),
        ("Glacier Deep Archive bulk data retrieval", 0.0025, None),
        ("Glacier Deep Archive lifecycle transition requests", 0.00005, None),
    ]


def test_one_zone_and_glacier_instant_retrieval(price):
    res = price("aws_s3_bucket.assets", BUCKET, unknown=UNKNOWN, usage=_usage(**{
        "one_zone_infrequent_access.storage_gb": 100,
        "glacier_instant_retrieval.storage_gb": 1000}))
    costs = {x["name"]: x["monthly_cost"] for x in res["after"]["components"]}
    assert costs["One Zone-IA storage"] == 1  # onezone_ia [KRY2B57FKTA8GJW7]; 100 x 0.01
    assert costs["Glacier Instant Retrieval storage"] == 4  # glacier_ir; 1000 x 0.004


def test_analytics_configuration(price):
    address = "aws_s3_bucket_analytics_configuration.all"
    res = price(address, {"name": "all", "filter": [], "storage_class_analysis": []},
                unknown={"bucket": True, "id": True},
                usage=Usage(by_address={address: {"monthly_monitored_objects":
                                                  Decimal(50_000_000)}}))
    assert res["status"] == "priced"
    # analytics_objects [7QBV9HJJ2HYT34GG]: $0.10 per million; 50,000,000 x 0.0000001
    assert res["after"]["components"] == [c("Storage Class Analysis objects monitored",
                                            "objects", 50_000_000, 0.0000001, 5)]


def test_inventory(price):
    address = "aws_s3_bucket_inventory.daily"
    attrs = {"name": "daily", "enabled": True, "included_object_versions": "All",
             "schedule": [{"frequency": "Daily"}], "filter": []}
    res = price(address, attrs, unknown={"bucket": True, "id": True},
                usage=Usage(by_address={address: {"monthly_listed_objects":
                                                  Decimal(300_000_000)}}))
    # inventory_objects [GV4UH3C2SAN3EC98]: $0.0025 per million; 300,000,000 x 0.0000000025
    assert res["after"]["components"] == [c("Inventory objects listed", "objects", 300_000_000,
                                            0.0000000025, 0.75)]

    res = price(address, {**attrs, "enabled": False}, unknown={"bucket": True, "id": True})
    assert res["notes"] == ["inventory disabled: no charge"]
    assert res["after"] == {"monthly_cost": 0, "components": []}
