"""Free types: no charge of their own, reported `free`; never also a priced type."""

from __future__ import annotations

import pytest

from cost_gate.rules import is_free, rule_for, supported_types
from cost_gate.rules.free import FREE_TYPES


def test_no_type_is_both_priced_and_free():
    assert sorted(t for t in supported_types() if t in FREE_TYPES) == []


@pytest.mark.parametrize("address", [
    "aws_secretsmanager_secret_version.db", "aws_network_interface.eni",
    "aws_s3_object.logo", "aws_s3_bucket_object.legacy", "aws_api_gateway_domain_name.api",
    "aws_api_gateway_method_settings.all", "aws_cloudwatch_log_subscription_filter.ship",
    "aws_vpn_gateway.vgw", "aws_customer_gateway.office", "aws_wafv2_web_acl_association.alb",
    "aws_elasticsearch_domain_policy.search", "aws_s3_bucket_intelligent_tiering_configuration.it",
])
def test_configuration_objects_are_free(price, address):
    res = price(address, {"name": "x"})
    assert res["status"] == "free"
    assert res["monthly_delta"] == 0


@pytest.mark.parametrize("resource_type", ["aws_sns_topic_subscription",
                                           "aws_cloudwatch_log_metric_filter"])
def test_types_with_a_charge_are_priced_not_free(resource_type):
    assert rule_for(resource_type) is not None and not is_free(resource_type)
