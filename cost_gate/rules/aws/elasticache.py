"""ElastiCache: clusters, replication groups (Redis OSS, Valkey, Memcached) and serverless caches.

Nodes are charged per node-hour by node type and engine (data-tiering r6gd nodes included).
A replication group has ``num_cache_clusters`` nodes (cluster mode disabled), or
``num_node_groups`` shards x (``replicas_per_node_group`` + 1) nodes (cluster mode enabled).
Serverless caches are charged per GB-hour of data stored and per ECPU, with a minimum of data
stored per hour (1 GB for Redis OSS/Memcached, 100 MB for Valkey).

Usage keys: ``snapshot_storage_size_gb`` (backup storage beyond the free one snapshot; shown
when snapshots are kept or estimated — its price is in the data for eu-west-1 only), and
``reserved_instance_term`` / ``reserved_instance_payment_option`` (reserved rate where the data
has one, else on-demand with a note); serverless: ``monthly_data_storage_gb`` (average GB stored)
and ``monthly_ecpus``.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    UsageKey,
    hourly,
    prefer_reserved,
    reserved_upfront,
    reserved_usage_keys,
    usage,
)

ENGINES = ("redis", "valkey", "memcached")
SNAPSHOT_USAGE = UsageKey("snapshot_storage_size_gb", "GB",
                          "backup (snapshot) storage per month, beyond the free one")
NODE_USAGE = (SNAPSHOT_USAGE, *reserved_usage_keys(offering_class=False))
# Minimum data stored billed per hour by a serverless cache (AWS ElastiCache pricing page).
SERVERLESS_MIN_GB = {"redis": Decimal(1), "memcached": Decimal(1), "valkey": Decimal("0.1")}
SERVERLESS_USAGE = (
    UsageKey("monthly_data_storage_gb", "GB", "average data stored over the month"),
    UsageKey("monthly_ecpus", "ECPUs", "ElastiCache Processing Units per month"),
)


def _engine(r: Resource, default: str = "redis") -> str:
    engine = (r.string("engine", default) or default).lower()
    return engine


def node_components(r: Resource, node_type: str, engine: str, nodes: Decimal) -> list[Component]:
    """Node-hours (reserved rate when asked for) plus snapshot storage (usage)."""
    comp = hourly(f"Cache nodes ({engine}, {node_type})",
                  PriceRef("elasticache", "node", {"node_type": node_type, "engine": engine}),
                  nodes)
    prefer_reserved(r, comp, offering_class=False)
    comps = [comp, *filter(None, [reserved_upfront(r, comp)])]
    if _takes_snapshots(r):
        comps.append(usage("Backup storage (snapshots)", "GB-months",
                           PriceRef("elasticache", "backup_storage", {}),
                           "snapshot_storage_size_gb"))
    return comps


def _takes_snapshots(r: Resource) -> bool:
    """Automatic snapshots are kept (snapshot_retention_limit > 0), or the usage file estimates
    snapshot storage (manual snapshots). Memcached has no snapshots."""
    if r.usage.number("snapshot_storage_size_gb") is not None:
        return True
    if r.is_unknown("snapshot_retention_limit"):
        return False
    return bool(r.number("snapshot_retention_limit", 0, integer=True))


@register("aws_elasticache_cluster", usage=NODE_USAGE)
def aws_elasticache_cluster(r: Resource) -> list[Component]:
    if r.get("replication_group_id") and not r.get("node_type"):
        raise MissingAttribute("node_type", "set by its replication group")
    node_type = r.string("node_type", required=True)
    engine = _engine(r)
    nodes = r.number("num_cache_nodes", 1, integer=True, minimum=1)
    return node_components(r, node_type, engine, nodes)


@register("aws_elasticache_replication_group", usage=NODE_USAGE)
def aws_elasticache_replication_group(r: Resource) -> list[Component]:
    node_type = r.string("node_type", required=True)
    engine = _engine(r)
    return node_components(r, node_type, engine, _replication_group_nodes(r))


def _known(r: Resource, path: str) -> bool:
    return not r.is_unknown(path) and r.get(path) is not None


def _replication_group_nodes(r: Resource) -> Decimal:
    """Nodes of a replication group: shards x (replicas + 1) in cluster mode, else
    num_cache_clusters (the provider's default: 1 shard with no replica). Provider 3.x/4.x
    names (``cluster_mode`` block, ``number_cache_clusters``) are read too."""
    for shards_path, replicas_path in (("num_node_groups", "replicas_per_node_group"),
                                       ("cluster_mode.0.num_node_groups",
                                        "cluster_mode.0.replicas_per_node_group")):
        if _known(r, shards_path):
            shards = r.number(shards_path, required=True, integer=True, minimum=1)
            replicas = r.number(replicas_path, 0, integer=True) if _known(r, replicas_path) \
                else Decimal(0)
            return shards * (replicas + 1)
    for path in ("num_cache_clusters", "number_cache_clusters"):
        if _known(r, path):
            return r.number(path, required=True, integer=True, minimum=1)
    if r.is_unknown("num_node_groups") and r.is_unknown("num_cache_clusters") \
            and r.get("replicas_per_node_group") is not None:
        # cluster mode with only replicas_per_node_group set: one shard by default
        return r.number("replicas_per_node_group", required=True, integer=True) + 1
    r.note("num_cache_clusters not set: 1 node assumed (the provider's default)")
    return Decimal(1)


@register("aws_elasticache_serverless_cache", usage=SERVERLESS_USAGE)
def aws_elasticache_serverless_cache(r: Resource) -> list[Component]:
    engine = _engine(r)
    stored = usage(f"Data stored ({engine} serverless)", "GB-hours",
                   PriceRef("elasticache", "serverless_storage", {"engine": engine}),
                   "monthly_data_storage_gb", per_hour=True)
    minimum_gb = _serverless_minimum_gb(r, engine)
    if r.usage.number("monthly_data_storage_gb") is None and minimum_gb is not None:
        stored.quantity = minimum_gb * HOURS_PER_MONTH
        stored.usage_based = False  # the minimum is billed whatever the usage
        stored.name += f", at the minimum {minimum_gb} GB"
        r.note(f"data stored priced at its minimum ({minimum_gb} GB); set "
               "monthly_data_storage_gb in a usage file for the average")
    ecpus = usage(f"ElastiCache Processing Units ({engine} serverless)", "ECPUs",
                  PriceRef("elasticache", "serverless_ecpu", {"engine": engine}),
                  "monthly_ecpus")
    return [stored, ecpus]


def _serverless_minimum_gb(r: Resource, engine: str) -> Decimal | None:
    """The least data stored billed: the engine's minimum, or the configured data_storage
    minimum when higher."""
    floor = SERVERLESS_MIN_GB.get(engine)
    configured = None
    limits = r.blocks("cache_usage_limits")
    if limits:
        storage = limits[0].get("data_storage")
        if isinstance(storage, list) and storage and isinstance(storage[0], dict):
            configured = r.number("cache_usage_limits.0.data_storage.0.minimum")
    if configured is not None and (floor is None or configured > floor):
        return configured
    return floor
