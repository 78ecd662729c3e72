"""`cost-gate usage init` over network resources: free-as-configured resources (alias records,
gateway endpoints) are skipped, and a CloudFront distribution lists only the geographies its
price class serves."""

from __future__ import annotations

import json
import sys

import pytest
import yaml

from cost_gate.cli import main
from tests.inputs.planfactory import change, plan, provider


def test_usage_init_over_network_resources(tmp_path, capsys, monkeypatch):
    doc = plan(
        change("aws_route53_record.cdn", ["create"], after={
            "name": "cdn", "type": "A", "alias": [{"name": "d1.cloudfront.net",
                                                   "zone_id": "Z2FDTNDATAQYW2"}]}),
        change("aws_route53_record.api", ["create"], after={
            "name": "api", "type": "A", "records": ["203.0.113.1"],
            "latency_routing_policy": [{"region": "eu-west-1"}]}),
        change("aws_vpc_endpoint.s3", ["create"], after={
            "service_name": "com.amazonaws.eu-west-1.s3", "vpc_endpoint_type": "Gateway"}),
        change("aws_cloudfront_distribution.cdn", ["create"], after={
            "enabled": True, "price_class": "PriceClass_100", "origin": []}),
        provider_config={"aws": provider("eu-west-1")},
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    monkeypatch.setattr(sys, "argv", ["cost-gate", "usage", "init", str(path)])
    with pytest.raises(SystemExit) as exited:
        main()
    out = capsys.readouterr().out
    assert exited.value.code == 0
    entries = yaml.safe_load(out)["resource_usage"]
    assert list(entries) == ["aws_route53_record.api", "aws_cloudfront_distribution.cdn"]
    assert entries["aws_route53_record.api"] == {"monthly_latency_based_queries": 0}
    served = {"us": 0, "canada": 0, "europe": 0}
    assert entries["aws_cloudfront_distribution.cdn"] == {
        "monthly_data_transfer_to_internet_gb": served,
        "monthly_data_transfer_to_origin_gb": served, "monthly_http_requests": served,
        "monthly_https_requests": served, "monthly_invalidation_requests": 0}
