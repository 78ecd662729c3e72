"""The database, cache and analytics group's types: which are priced, which are free, and that
none is both."""

from __future__ import annotations

import pytest

from cost_gate.rules import is_free, rule_for

PRICED = (
    "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_proxy",
    "aws_db_proxy_target", "aws_rds_global_cluster", "aws_db_snapshot", "aws_db_snapshot_copy",
    "aws_db_cluster_snapshot", "aws_elasticache_cluster", "aws_elasticache_replication_group",
    "aws_elasticache_serverless_cache", "aws_dynamodb_table", "aws_dynamodb_table_replica",
    "aws_dynamodb_global_table", "aws_redshift_cluster", "aws_redshiftserverless_workgroup",
    "aws_opensearch_domain", "aws_elasticsearch_domain", "aws_msk_cluster",
    "aws_msk_serverless_cluster", "aws_mskconnect_connector",
)
FREE = (
    "aws_db_subnet_group", "aws_db_parameter_group", "aws_db_option_group",
    "aws_rds_cluster_parameter_group", "aws_db_proxy_default_target_group",
    "aws_rds_cluster_endpoint", "aws_elasticache_subnet_group", "aws_elasticache_user",
    "aws_elasticache_user_group", "aws_dynamodb_table_item", "aws_redshift_subnet_group",
    "aws_redshift_parameter_group", "aws_opensearch_domain_policy",
    "aws_elasticsearch_domain_policy", "aws_msk_configuration",
    "aws_msk_scram_secret_association", "aws_mskconnect_custom_plugin",
)


@pytest.mark.parametrize("resource_type", PRICED)
def test_priced_types_have_a_rule_and_are_not_free(resource_type):
    assert rule_for(resource_type) is not None
    assert not is_free(resource_type)


@pytest.mark.parametrize("resource_type", FREE)
def test_configuration_types_are_free(resource_type):
    assert is_free(resource_type)
    assert rule_for(resource_type) is None


def test_free_configuration_objects_are_reported_free(price):
    res = price("aws_elasticache_user_group.app", {"user_group_id": "app", "engine": "redis",
                                                   "user_ids": ["default"]})
    assert res["status"] == "free"
    assert res["monthly_delta"] == 0
