"""The AWS mapper for S3, Lambda, SQS, ECS (Fargate) and API Gateway HTTP APIs.

Inputs are in AWS Price List vocabulary as the saved togen rows carry it (product family,
usage type with its region prefix, attributes, unit spelling, first-tier ranges).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from cost_gate.pricing.aws_mapper import MAPPED_OFFER_CODES, OfferPrice, map_offer_price
from cost_gate.pricing.update.aws import offers_for

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COST_GATE_SHARED", ROOT.parent / "shared"))
NEW_OFFERS = ("AmazonS3", "AWSLambda", "AWSQueueService", "AmazonECS", "AmazonApiGateway")


def offer(code: str, family: str, usage: str, unit: str, price: str, attrs=None,
          tier_end: str | None = None, region: str = "eu-central-1") -> OfferPrice:
    return OfferPrice(code, region, family, usage, unit, Decimal(price), attrs or {},
                      tier_end=None if tier_end is None else Decimal(tier_end))


@pytest.mark.parametrize(("price", "expected"), [
    (offer("AmazonS3", "Storage", "EUC1-TimedStorage-ByteHrs", "GB-Mo", "0.0245",
           {"storageclass": "General Purpose", "volumetype": "Standard"}, "51200"),
     ("s3", "storage", (("storage_class", "standard"),), "GB-month", "0.0245", "51200")),
    (offer("AmazonS3", "API Request", "EUC1-Requests-Tier1", "Requests", "0.0000054",
           {"group": "S3-API-Tier1"}),
     ("s3", "requests", (("tier", "1"),), "requests", "0.0000054", None)),
    (offer("AmazonS3", "API Request", "Requests-Tier2", "Requests", "0.0000004",
           {"group": "S3-API-Tier2"}, region="us-east-1"),
     ("s3", "requests", (("tier", "2"),), "requests", "0.0000004", None)),
    (offer("AWSLambda", "Serverless", "EUC1-Request", "Request", "0.0000002",
           {"group": "AWS-Lambda-Requests"}),
     ("lambda", "requests", (("architecture", "x86_64"),), "requests", "0.0000002", None)),
    (offer("AWSLambda", "Serverless", "Request", "Requests", "0.0000002",
           {"group": "AWS-Lambda-Requests"}, region="us-east-1"),
     ("lambda", "requests", (("architecture", "x86_64"),), "requests", "0.0000002", None)),
    (offer("AWSLambda", "Serverless", "EUC1-Lambda-GB-Second", "Lambda-GB-Second",
           "0.0000166667", {"group": "AWS-Lambda-Duration"}, "6000000000"),
     ("lambda", "duration", (("architecture", "x86_64"),), "GB-second", "0.0000166667",
      "6000000000")),
    (offer("AWSQueueService", "API Request", "", "Requests", "0.0000004",
           {"queuetype": "Standard"}, "100000000000"),
     ("sqs", "requests", (("queue_type", "standard"),), "requests", "0.0000004",
      "100000000000")),
    (offer("AWSQueueService", "API Request", "", "Requests", "0.0000005",
           {"queuetype": "FIFO (first-in, first-out)"}, "100000000000"),
     ("sqs", "requests", (("queue_type", "fifo"),), "requests", "0.0000005", "100000000000")),
    (offer("AmazonECS", "Compute", "EUC1-Fargate-vCPU-Hours:perCPU", "hours", "0.04656"),
     ("ecs", "fargate_vcpu_hours", (("architecture", "x86_64"), ("os", "linux")), "vCPU-hour",
      "0.04656", None)),
    (offer("AmazonECS", "Compute", "EUC1-Fargate-GB-Hours", "hours", "0.00511"),
     ("ecs", "fargate_gb_hours", (("architecture", "x86_64"), ("os", "linux")), "GB-hour",
      "0.00511", None)),
    (offer("AmazonApiGateway", "API Calls", "EUC1-ApiGatewayHttpRequest", "Requests",
           "0.0000012", tier_end="300000000"),
     ("apigateway", "http_requests", (), "requests", "0.0000012", "300000000")),
])
def test_maps_price_list_rows_to_canonical_products(price, expected):
    row = map_offer_price(price)
    assert row is not None
    service, product, attrs, unit, usd, tier_end = expected
    assert (row.service, row.product, row.attrs, row.unit) == (service, product, attrs, unit)
    assert row.usd_price == Decimal(usd)
    assert row.region == price.region and row.tier_start == 0
    assert row.tier_end == (None if tier_end is None else Decimal(tier_end))


@pytest.mark.parametrize("price", [
    # S3 storage that is not the Standard volume type
    offer("AmazonS3", "Storage", "EUC1-TimedStorage-ByteHrs", "GB-Mo", "0.01",
          {"volumetype": "Standard - Infrequent Access"}),
    # Lambda rows of another group or another usage type
    offer("AWSLambda", "Serverless", "EUC1-Request", "Requests", "0.0000002",
          {"group": "AWS-Lambda-Requests-Other"}),
    offer("AWSLambda", "Serverless", "EUC1-Lambda-GB-Second-Other", "Lambda-GB-Second",
          "0.00001", {"group": "AWS-Lambda-Duration"}),
    # an SQS queue type we do not know
    offer("AWSQueueService", "API Request", "", "Requests", "0.0000004",
          {"queuetype": "Other"}),
    # Fargate usage types other than the Linux/x86 vCPU and GB hours
    offer("AmazonECS", "Compute", "EUC1-Fargate-Other-vCPU-Hours:perCPU", "hours", "0.05"),
    # API Gateway requests that are not HTTP API requests
    offer("AmazonApiGateway", "API Calls", "EUC1-ApiGatewayRequest", "Requests", "0.0000035"),
])
def test_other_rows_of_the_new_offers_are_not_used(price):
    assert map_offer_price(price) is None


def test_pricing_update_fetches_the_new_offers_by_service_name():
    assert set(NEW_OFFERS) <= set(MAPPED_OFFER_CODES)
    assert offers_for(["s3", "lambda", "sqs", "ecs", "apigateway"]) == list(NEW_OFFERS)


@pytest.mark.skipif(not (SHARED / "pricing-sources").is_dir(),
                    reason="../shared/pricing-sources not found")
def test_every_saved_row_of_the_new_offers_is_mapped():
    from cost_gate.pricing.snapshot import _price_list_rows

    base = SHARED / "pricing-sources" / "aws"
    rows = [p for name in ("services_4regions_2026-09_togen.csv",
                           "services_more-regions_2026-09_togen.csv")
            for p in _price_list_rows(base / name) if p.offer_code in NEW_OFFERS]
    mapped = [map_offer_price(p) for p in rows]
    assert len(rows) == 230  # 23 regions x (3 S3 + 2 Lambda + 2 SQS + 2 Fargate + 1 API GW)
    assert all(m is not None for m in mapped)
    keys = {(m.region, m.service, m.product, m.attrs) for m in mapped if m is not None}
    assert len(keys) == 230  # one row per region and canonical price
