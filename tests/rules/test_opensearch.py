"""OpenSearch / Elasticsearch domains priced end to end against the shipped price table.

Instance prices: pricing_data/aws/opensearch/<region>.csv (OpenSearch pricing-page feed,
awspricewatcher-v0rts-processed-cf3584b4, data date 2025-12-03). EBS storage and UltraWarm have
no rows in any source: a domain using them is partial, never priced $0 for them.
"""

from __future__ import annotations

from typing import Any

from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-processed-cf3584b4"


def nodes(name: str, quantity: int, unit_price: float, monthly_cost: float) -> dict[str, Any]:
    return component(name, "hours", quantity=quantity, unit_price=unit_price,
                     monthly_cost=monthly_cost, source=FEED, data_date="2025-12-03")


def domain(cluster: dict[str, Any], ebs: dict[str, Any] | None = None) -> dict[str, Any]:
    """aws_opensearch_domain `after` as `terraform show -json` prints it for a create."""
    base = {"dedicated_master_enabled": False, "dedicated_master_type": None,
            "dedicated_master_count": None, "warm_enabled": None, "warm_type": None,
            "warm_count": None, "zone_awareness_enabled": None, "zone_awareness_config": [],
            "multi_az_with_standby_enabled": None}
    return {"domain_name": "logs", "engine_version": "OpenSearch_2.11",
            "cluster_config": [{**base, **cluster}],
            "ebs_options": [ebs or {"ebs_enabled": False, "volume_size": None}]}


UNKNOWN = {"arn": True, "domain_id": True, "endpoint": True}


def test_data_and_dedicated_master_nodes(price):
    res = price("aws_opensearch_domain.logs",
                domain({"instance_type": "r6g.large.search", "instance_count": 3,
                        "dedicated_master_enabled": True,
                        "dedicated_master_type": "m6g.large.search",
                        "dedicated_master_count": 3}),
                unknown=UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {"monthly_cost": 646.05, "components": [
        # opensearch/us-east-1.csv instance instance_type=r6g.large.search: 3 x 730 h
        nodes("Data nodes (r6g.large.search)", 2190, 0.167, 365.73),
        # instance instance_type=m6g.large.search: 3 x 730 h
        nodes("Dedicated master nodes (m6g.large.search)", 2190, 0.128, 280.32),
    ]}


def test_instance_storage_nodes_without_ebs_in_eu_west_1(price):
    res = price("aws_opensearch_domain.logs",
                domain({"instance_type": "r6gd.large.search", "instance_count": 2}),
                unknown=UNKNOWN, region="eu-west-1")
    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        nodes("Data nodes (r6gd.large.search)", 1460, 0.212, 309.52)]


def test_ebs_storage_and_ultrawarm_have_no_price_so_the_domain_is_partial(price):
    res = price("aws_opensearch_domain.logs",
                domain({"instance_type": "r6g.large.search", "instance_count": 2,
                        "warm_enabled": True, "warm_type": "ultrawarm1.medium.search",
                        "warm_count": 2},
                       {"ebs_enabled": True, "volume_size": 100, "volume_type": "gp3"}),
                unknown=UNKNOWN)

    assert res["status"] == "partial"
    assert res["notes"] == ["no price in the data for: UltraWarm nodes "
                            "(ultrawarm1.medium.search), EBS storage (gp3, 100 GB x 2 nodes) "
                            "in us-east-1"]
    assert res["after"]["components"] == [
        nodes("Data nodes (r6g.large.search)", 1460, 0.167, 243.82)]


def test_elasticsearch_instance_types_are_the_search_instances(price):
    attrs = domain({"instance_type": "m5.large.elasticsearch", "instance_count": 2},
                   {"ebs_enabled": True, "volume_size": 50, "volume_type": "gp2"})
    attrs["elasticsearch_version"] = attrs.pop("engine_version")
    res = price("aws_elasticsearch_domain.es", attrs, unknown=UNKNOWN)

    assert res["status"] == "partial"
    assert res["notes"] == ["no price in the data for: EBS storage (gp2, 50 GB x 2 nodes) in "
                            "us-east-1"]
    # instance instance_type=m5.large.search
    assert res["after"]["components"] == [nodes("Data nodes (m5.large.search)", 1460, 0.142,
                                                207.32)]


def test_domain_without_cluster_config_is_partial(price):
    res = price("aws_opensearch_domain.logs", {"domain_name": "logs"},
                unknown={"cluster_config": True, "ebs_options": True})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: cluster_config is known only after apply"]
