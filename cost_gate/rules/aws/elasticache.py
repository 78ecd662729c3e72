"""ElastiCache: aws_elasticache_cluster nodes (Redis, Memcached, Valkey).

Usage keys: ``reserved_instance_term`` / ``reserved_instance_payment_option`` price the nodes
at the reserved rate where the data has one (else on-demand, with a note).
"""

from __future__ import annotations

from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    hourly,
    prefer_reserved,
    reserved_usage_keys,
    to_decimal,
)


@register("aws_elasticache_cluster", usage=reserved_usage_keys(offering_class=False))
def aws_elasticache_cluster(r: Resource) -> list[Component]:
    if r.get("replication_group_id") and not r.get("node_type"):
        raise MissingAttribute("node_type", "set by its replication group")
    node_type = r.need("node_type")
    engine = str(r.get("engine", "redis")).lower()
    nodes = to_decimal(r.get("num_cache_nodes", 1))
    nodes_comp = hourly(f"Cache nodes ({engine}, {node_type})",
                        PriceRef("elasticache", "node", {"node_type": node_type,
                                                         "engine": engine}), nodes)
    prefer_reserved(r, nodes_comp, offering_class=False)
    return [nodes_comp]
