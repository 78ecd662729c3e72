"""aws_elasticache_cluster priced end to end against the shipped price table.

Unit prices: read from the pricing_data/aws/elasticache/<region>.csv row named in the comment
(product, attributes [source id, sku]). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.conftest import component

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
TOGEN_EU_WEST_2 = "togen-amazonelasticache-eu-west-2-offer-slice"  # data_date 2026-09-03


def cluster(engine: str, node_type: str, nodes: int, **extra: Any) -> dict[str, Any]:
    """aws_elasticache_cluster `after` as `terraform show -json` prints it for a create."""
    return {
        "cluster_id": "sessions", "engine": engine, "node_type": node_type,
        "num_cache_nodes": nodes, "port": 6379 if engine != "memcached" else 11211,
        "apply_immediately": None, "snapshot_retention_limit": None, "tags": None, **extra,
    }


CLUSTER_UNKNOWN = {"arn": True, "cache_nodes": True, "cluster_address": True,
                   "configuration_endpoint": True, "engine_version_actual": True, "id": True,
                   "parameter_group_name": True, "availability_zone": True}


def test_redis_node_in_us_east_1(price):
    # A Redis aws_elasticache_cluster has exactly one node (num_cache_nodes must be 1);
    # more nodes need an aws_elasticache_replication_group.
    res = price("aws_elasticache_cluster.sessions", cluster("redis", "cache.t4g.medium", 1),
                unknown=CLUSTER_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 47.45,
        "components": [
            component(
                "Cache nodes (redis, cache.t4g.medium)", "hours",
                quantity=730,
                # elasticache/us-east-1.csv node redis;cache.t4g.medium [togen, 4MCMS36XAQKRDGW3]
                unit_price=0.065,
                monthly_cost=47.45,  # 730 * 0.065
                source=TOGEN, data_date="2026-09-06",
            ),
        ],
    }
    assert res["monthly_delta"] == 47.45


@pytest.mark.parametrize(
    ("engine", "nodes", "quantity", "unit_price", "monthly_cost", "source"),
    [
        # elasticache/eu-west-2.csv node memcached;cache.t4g.medium [togen slice, 6CSG3C6MWPJUFWRB]
        ("memcached", 3, 2190, 0.072, 157.68, TOGEN_EU_WEST_2),  # 3 * 730 = 2190; 2190 * 0.072
        # elasticache/eu-west-2.csv node valkey;cache.t4g.medium [togen slice, KEFPNEEA5VNNJ2RG]
        ("valkey", 1, 730, 0.0576, 42.048, TOGEN_EU_WEST_2),  # 730 * 0.0576
        # elasticache/eu-west-2.csv node redis;cache.t4g.medium [togen, 57NHQQAB3DM6VWDT]
        ("redis", 1, 730, 0.072, 52.56, TOGEN),  # 730 * 0.072
    ],
)
def test_cache_nodes_in_eu_west_2(price, engine, nodes, quantity, unit_price, monthly_cost,
                                  source):
    data_date = "2026-09-06" if source == TOGEN else "2026-09-03"
    res = price("aws_elasticache_cluster.sessions", cluster(engine, "cache.t4g.medium", nodes),
                unknown=CLUSTER_UNKNOWN, region="eu-west-2")

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": monthly_cost,
        "components": [
            component(f"Cache nodes ({engine}, cache.t4g.medium)", "hours", quantity=quantity,
                      unit_price=unit_price, monthly_cost=monthly_cost, source=source,
                      data_date=data_date),
        ],
    }


CACHE_FEED = "awspricewatcher-v0rts-processed-f13d12cc"  # AWS pricing-page feed, 2025-12-05


@pytest.mark.parametrize(
    ("engine", "region", "nodes", "unit_price", "monthly_cost"),
    [
        # elasticache/us-east-1.csv node memcached;cache.t4g.medium [awspricewatcher-...]
        ("memcached", "us-east-1", 2, 0.065, 94.9),  # 2 * 730 * 0.065
        # elasticache/ap-east-1.csv node redis;cache.t4g.medium [awspricewatcher-...]
        ("redis", "ap-east-1", 1, 0.105, 76.65),  # 730 * 0.105
    ],
)
def test_node_types_and_regions_from_the_elasticache_feed(price, engine, region, nodes,
                                                          unit_price, monthly_cost):
    res = price("aws_elasticache_cluster.sessions", cluster(engine, "cache.t4g.medium", nodes),
                unknown=CLUSTER_UNKNOWN, region=region)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": monthly_cost,
        "components": [
            component(f"Cache nodes ({engine}, cache.t4g.medium)", "hours",
                      quantity=730 * nodes, unit_price=unit_price, monthly_cost=monthly_cost,
                      source=CACHE_FEED, data_date="2025-12-05"),
        ],
    }


def test_node_type_missing_from_every_source_is_unsupported(price):
    # The pricing-page feed has no cache.t4g.* in af-south-1 (SOURCES.md, known gaps) and the
    # Price List extracts there hold Redis only: Memcached t4g has no price.
    res = price("aws_elasticache_cluster.sessions", cluster("memcached", "cache.t4g.medium", 2),
                unknown=CLUSTER_UNKNOWN, region="af-south-1")

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["monthly_delta"] is None
    assert res["notes"] == [
        "no price in the data for: Cache nodes (memcached, cache.t4g.medium) in af-south-1"]


def test_replication_group_member_is_partial(price):
    attrs = cluster("redis", "cache.t4g.medium", 1, replication_group_id="sessions-rg")
    del attrs["node_type"], attrs["num_cache_nodes"]  # both come from the replication group
    res = price("aws_elasticache_cluster.replica", attrs,
                unknown={**CLUSTER_UNKNOWN, "node_type": True, "num_cache_nodes": True})

    assert res["status"] == "partial"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["notes"] == ["not fully priced: node_type is set by its replication group"]


# --- replication groups, serverless caches, snapshots ---------------------------------------

def _usage(address: str, **values: float):
    from decimal import Decimal

    from cost_gate.usage import Usage

    return Usage(by_address={address: {k: Decimal(str(v)) for k, v in values.items()}})


def group(**extra: Any) -> dict[str, Any]:
    """aws_elasticache_replication_group `after` as `terraform show -json` prints it."""
    return {"replication_group_id": "sessions", "description": "sessions",
            "node_type": "cache.r7g.large", "engine": "redis", "port": 6379,
            "automatic_failover_enabled": True, "multi_az_enabled": True,
            "snapshot_retention_limit": 0, "auth_token_update_strategy": "ROTATE", **extra}


GROUP_UNKNOWN = {"arn": True, "id": True, "member_clusters": True, "engine_version_actual": True,
                 "primary_endpoint_address": True, "num_node_groups": True,
                 "replicas_per_node_group": True}


def test_replication_group_has_num_cache_clusters_nodes(price):
    res = price("aws_elasticache_replication_group.sessions", group(num_cache_clusters=3),
                unknown=GROUP_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {"monthly_cost": 479.61, "components": [component(
        "Cache nodes (redis, cache.r7g.large)", "hours", quantity=2190,  # 3 nodes x 730 h
        # elasticache/us-east-1.csv node redis;cache.r7g.large [togen, MWNGNHD8QDQRAGKN]
        unit_price=0.219, monthly_cost=479.61, source=TOGEN, data_date="2026-09-06")]}


def test_cluster_mode_group_has_shards_times_replicas_plus_one_nodes(price):
    res = price("aws_elasticache_replication_group.sessions",
                group(engine="valkey", num_node_groups=3, replicas_per_node_group=2),
                unknown={"arn": True, "id": True, "num_cache_clusters": True})

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": 1151.064, "components": [component(
        "Cache nodes (valkey, cache.r7g.large)", "hours",
        quantity=6570,  # 3 shards x (2 replicas + 1) = 9 nodes x 730 h
        unit_price=0.1752,  # node valkey;cache.r7g.large [AWS feed]
        monthly_cost=1151.064, source=CACHE_FEED, data_date="2025-12-05")]}


@pytest.mark.parametrize(("attrs", "nodes"), [
    ({"cluster_mode": [{"num_node_groups": 2, "replicas_per_node_group": 1}]}, 4),  # 4.x
    ({"number_cache_clusters": 2}, 2),  # provider 3.x
])
def test_older_provider_attribute_names(price, attrs, nodes):
    res = price("aws_elasticache_replication_group.sessions", group(**attrs),
                unknown={**GROUP_UNKNOWN, "num_cache_clusters": True})
    assert res["after"]["components"][0]["monthly_quantity"] == 730 * nodes


def test_replication_group_without_a_node_count_assumes_one_node(price):
    res = price("aws_elasticache_replication_group.sessions", group(),
                unknown={**GROUP_UNKNOWN, "num_cache_clusters": True})
    assert res["notes"] == ["num_cache_clusters not set: 1 node assumed (the provider's "
                            "default)"]
    assert res["after"]["monthly_cost"] == 159.87  # 730 x 0.219


def test_data_tiering_nodes(price):
    res = price("aws_elasticache_replication_group.sessions",
                group(node_type="cache.r6gd.xlarge", num_cache_clusters=2,
                      data_tiering_enabled=True), unknown=GROUP_UNKNOWN)
    # node redis;cache.r6gd.xlarge [AWS feed, "node (data tiering)"]: 2 x 730 x 0.781
    assert res["after"]["components"] == [component(
        "Cache nodes (redis, cache.r6gd.xlarge)", "hours", quantity=1460, unit_price=0.781,
        monthly_cost=1140.26, source=CACHE_FEED, data_date="2025-12-05")]


def test_snapshot_storage_from_the_usage_file_in_eu_west_1(price):
    res = price("aws_elasticache_replication_group.sessions",
                group(num_cache_clusters=2, snapshot_retention_limit=7), unknown=GROUP_UNKNOWN,
                region="eu-west-1",
                usage=_usage("aws_elasticache_replication_group.sessions",
                             snapshot_storage_size_gb=30))

    assert res["after"]["components"][1] == component(
        "Backup storage (snapshots)", "GB-months", quantity=30,
        # elasticache/eu-west-1.csv backup_storage [terracost 2023, CDHKGB6GATTYU7M5]
        unit_price=0.085, monthly_cost=2.55, source="terracost-testdata-2023-02-23",
        data_date="2023-02-23", usage_based=True)
    assert res["notes"] == ["priced from data dated 2023-02-23, older than 12 months"]


def test_snapshot_storage_without_a_price_is_said_not_dropped(price):
    res = price("aws_elasticache_replication_group.sessions",
                group(num_cache_clusters=2, snapshot_retention_limit=7), unknown=GROUP_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [
        "Backup storage (snapshots): no price in the data for us-east-1, not shown"]
    assert [c["name"] for c in res["after"]["components"]] == [
        "Cache nodes (redis, cache.r7g.large)"]


def serverless(engine: str, minimum: float | None = None) -> dict[str, Any]:
    return {"name": "sessions", "engine": engine, "cache_usage_limits": [
        {"data_storage": [{"maximum": 10, "minimum": minimum, "unit": "GB"}],
         "ecpu_per_second": [{"maximum": 5000, "minimum": None}]}]}


def test_serverless_valkey_is_priced_at_its_minimum_storage(price):
    res = price("aws_elasticache_serverless_cache.sessions", serverless("valkey"),
                unknown={"arn": True, "endpoint": True})

    assert res["status"] == "priced"
    assert res["notes"] == ["data stored priced at its minimum (0.1 GB); set "
                            "monthly_data_storage_gb in a usage file for the average"]
    assert res["after"] == {"monthly_cost": 6.132, "components": [
        # serverless_storage engine=valkey [AWS feed]: 0.1 GB x 730 h
        component("Data stored (valkey serverless), at the minimum 0.1 GB", "GB-hours",
                  quantity=73, unit_price=0.084, monthly_cost=6.132, source=CACHE_FEED,
                  data_date="2025-12-05"),  # the minimum is a fixed charge
        # serverless_ecpu engine=valkey [AWS feed]
        component("ElastiCache Processing Units (valkey serverless)", "ECPUs", quantity=None,
                  unit_price=0.0000000023, monthly_cost=None, source=CACHE_FEED,
                  data_date="2025-12-05", usage_based=True),
    ]}


def test_serverless_configured_minimum_above_the_engines(price):
    res = price("aws_elasticache_serverless_cache.sessions", serverless("redis", minimum=2))
    # serverless_storage engine=redis: 2 GB x 730 h x 0.125
    assert res["after"]["components"][0]["monthly_quantity"] == 1460
    assert res["after"]["monthly_cost"] == 182.5


def test_serverless_from_the_usage_file(price):
    res = price("aws_elasticache_serverless_cache.sessions", serverless("valkey"),
                usage=_usage("aws_elasticache_serverless_cache.sessions",
                             monthly_data_storage_gb=4, monthly_ecpus=1_000_000_000))
    assert res["notes"] == []
    assert [(c["monthly_quantity"], c["monthly_cost"]) for c in res["after"]["components"]] == [
        (2920, 245.28),  # 4 GB x 730 h x 0.084
        (1_000_000_000, 2.3),  # x 0.0000000023
    ]


def test_reserved_node_rate_and_upfront_fee_in_eu_west_2(price):
    from cost_gate.usage import Usage

    usage = Usage(by_address={"aws_elasticache_cluster.sessions": {
        "reserved_instance_term": "3_year", "reserved_instance_payment_option": "partial_upfront"}})
    res = price("aws_elasticache_cluster.sessions", cluster("redis", "cache.t4g.micro", 1),
                unknown=CLUSTER_UNKNOWN, region="eu-west-2", usage=usage)

    slice_ = "togen-amazonelasticache-eu-west-2-offer-slice"
    assert res["notes"] == []
    # elasticache/eu-west-2.csv node / node_reserved_upfront redis;cache.t4g.micro;
    # offering_class=standard;purchase_option=partial_upfront;term=reserved-3y [VYC98G9RNMYWYM9D]
    assert res["after"]["components"] == [
        component("Cache nodes (redis, cache.t4g.micro) (reserved 3 year, partial upfront)",
                  "hours", quantity=730, unit_price=0.004, monthly_cost=2.92, source=slice_,
                  data_date="2026-09-03"),
        component("Reserved upfront fee (3 year, spread over 36 months)", "instances",
                  quantity=1 / 36, unit_price=114, monthly_cost=114 / 36, source=slice_,
                  data_date="2026-09-03"),
    ]
