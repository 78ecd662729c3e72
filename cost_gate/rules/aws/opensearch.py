"""OpenSearch Service domains (aws_opensearch_domain, aws_elasticsearch_domain).

Charged per instance-hour for data nodes (``instance_type`` x ``instance_count``), dedicated
master nodes and UltraWarm nodes, plus EBS storage per GB-month on each data node. Elasticsearch
instance types (``m5.large.elasticsearch``) are the same instances as ``m5.large.search``.

The price data has instance hours only: UltraWarm nodes and EBS storage (GB-month, gp3
IOPS/throughput) have no rows in any source, so a domain with EBS volumes or warm nodes is
``partial`` with a note naming the unpriced part, never priced at $0 for it.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    hourly,
    monthly,
)


def _search_type(instance_type: str) -> str:
    """``m5.large.elasticsearch`` -> ``m5.large.search`` (the same instance, renamed)."""
    if instance_type.endswith(".elasticsearch"):
        return instance_type[: -len(".elasticsearch")] + ".search"
    return instance_type


def _nodes(label: str, instance_type: str, count: Decimal) -> Component:
    search_type = _search_type(instance_type)
    return hourly(f"{label} ({search_type})",
                  PriceRef("opensearch", "instance", {"instance_type": search_type}), count)


def _known(r: Resource, path: str) -> bool:
    return not r.is_unknown(path) and r.get(path) is not None


@register("aws_opensearch_domain", "aws_elasticsearch_domain")
def aws_opensearch_domain(r: Resource) -> list[Component]:
    if r.is_unknown("cluster_config"):
        raise MissingAttribute("cluster_config")
    base = "cluster_config.0"
    instance_type = r.string(f"{base}.instance_type", required=True)
    count = r.number(f"{base}.instance_count", 1, integer=True, minimum=1) \
        if _known(r, f"{base}.instance_count") else Decimal(1)
    comps = [_nodes("Data nodes", instance_type, count)]
    if _known(r, f"{base}.dedicated_master_enabled") and \
            r.flag(f"{base}.dedicated_master_enabled"):
        master_type = r.string(f"{base}.dedicated_master_type", required=True)
        masters = r.number(f"{base}.dedicated_master_count", required=True, integer=True,
                           minimum=1)
        comps.append(_nodes("Dedicated master nodes", master_type, masters))
    if _known(r, f"{base}.warm_enabled") and r.flag(f"{base}.warm_enabled"):
        warm_type = r.string(f"{base}.warm_type", required=True)
        warm = r.number(f"{base}.warm_count", required=True, integer=True, minimum=1)
        comps.append(_nodes("UltraWarm nodes", warm_type, warm))
    if r.is_unknown("ebs_options"):
        r.note("ebs_options not set: the EBS volumes AWS gives the domain are known only after "
               "apply (EBS storage is not in the price data)")
    elif _known(r, "ebs_options.0.ebs_enabled") and r.flag("ebs_options.0.ebs_enabled"):
        size = r.number("ebs_options.0.volume_size", required=True, minimum=1)
        volume_type = r.string("ebs_options.0.volume_type", "gp2") \
            if _known(r, "ebs_options.0.volume_type") else "gp2"
        comps.append(monthly(f"EBS storage ({volume_type}, {size} GB x {count} nodes)",
                             "GB-months", size * count,
                             PriceRef("opensearch", "storage", {"volume_type": volume_type})))
    return comps
