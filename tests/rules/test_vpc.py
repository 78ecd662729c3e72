"""aws_nat_gateway and aws_eip priced end to end against the shipped price table.

Unit prices: read from the pricing_data/aws/vpc/<region>.csv row named in the comment
(product, attributes [source id, sku]). Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component
from tests.rules.vpc_feed import PW_VPC

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
VPC_FEED = "ec2vps-rates-json-01472877"  # data_date 2026-09-03

NAT_UNKNOWN = {"allocation_id": True, "id": True, "network_interface_id": True,
               "private_ip": True, "public_ip": True, "subnet_id": True,
               "secondary_private_ip_addresses": True}


@pytest.mark.parametrize("connectivity_type", ["public", "private"])
def test_nat_gateway_hours_plus_usage_based_data_processing(price, connectivity_type):
    # Public and private NAT gateways are billed alike.
    res = price("aws_nat_gateway.main",
                {"connectivity_type": connectivity_type, "tags": {"Name": "main"}},
                unknown=NAT_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 32.85,  # the hours only: data processed has no usage estimate
        "components": [
            component(
                "NAT gateway", "hours",
                quantity=730,
                unit_price=0.045,  # vpc/us-east-1.csv nat_gateway_hours [togen, M2YSHUBETB3JX4M4]
                monthly_cost=32.85,  # 730 * 0.045
                source=TOGEN, data_date="2026-09-06",
            ),
            component(
                "Data processed", "GB",
                quantity=None,
                unit_price=0.045,  # vpc/us-east-1.csv nat_gateway_data [ec2vps-rates-json-...]
                monthly_cost=None,
                source=VPC_FEED, data_date="2026-09-03", usage_based=True,
            ),
        ],
    }
    assert res["monthly_delta"] == 32.85


def test_nat_gateway_in_eu_west_2(price):
    res = price("aws_nat_gateway.main", {"connectivity_type": "public", "tags": None},
                unknown=NAT_UNKNOWN, region="eu-west-2")

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 36.5,
        "components": [
            component("NAT gateway", "hours", quantity=730,
                      # vpc/eu-west-2.csv nat_gateway_hours [togen, D8BXG95NJW6MV3B3]
                      unit_price=0.05,
                      monthly_cost=36.5,  # 730 * 0.05
                      source=TOGEN, data_date="2026-09-06"),
            component("Data processed", "GB", quantity=None,
                      unit_price=0.05,  # vpc/eu-west-2.csv nat_gateway_data [ec2vps-rates-json-...]
                      monthly_cost=None, source=VPC_FEED, data_date="2026-09-03",
                      usage_based=True),
        ],
    }


def test_nat_gateway_in_a_region_without_shipped_prices_is_unsupported_with_notes(price):
    # eusc-de-east-1 is a real AWS region (botocore's list) with no shipped prices at all
    res = price("aws_nat_gateway.main", {"connectivity_type": "public", "tags": None},
                unknown=NAT_UNKNOWN, region="eusc-de-east-1")

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["monthly_delta"] is None
    assert res["notes"] == [
        "Data processed: no price in the data for eusc-de-east-1, not shown",
        "no prices shipped for eusc-de-east-1; run `cost-gate pricing update --region "
        "eusc-de-east-1`",
    ]
    # mx-central-1 has shipped prices for other services, but none for NAT gateways
    res = price("aws_nat_gateway.main", {"connectivity_type": "public", "tags": None},
                unknown=NAT_UNKNOWN, region="mx-central-1")
    assert res["status"] == "unsupported" and res["monthly_delta"] is None
    assert "no price in the data for: NAT gateway in mx-central-1" in res["notes"]


EIP_HOURS = {
    "monthly_cost": 3.65,
    "components": [
        component(
            "Public IPv4 address", "hours",
            quantity=730,
            # vpc/us-east-1.csv public_ipv4 state=in_use [ec2vps-rates-json-01472877]; the
            # state=idle row has the same 0.005: every public IPv4 is charged since Feb 2024
            unit_price=0.005,
            monthly_cost=3.65,  # 730 * 0.005
            source=VPC_FEED, data_date="2026-09-03",
        ),
    ],
}


def test_eip_attached_to_an_instance(price):
    res = price("aws_eip.web", {"domain": "vpc", "instance": None, "tags": None},
                unknown={"allocation_id": True, "id": True, "public_ip": True,
                         "instance": True, "network_interface": True},
                references={"instance": ["aws_instance.web"]})

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == EIP_HOURS


def test_eip_from_an_amazon_pool_is_charged_and_a_byoip_one_is_free(price):
    amazon = price("aws_eip.a", {"domain": "vpc", "public_ipv4_pool": "amazon"})
    assert amazon["after"] == EIP_HOURS
    byoip = price("aws_eip.b", {"domain": "vpc", "public_ipv4_pool": "ipv4pool-ec2-0123"})
    assert byoip["status"] == "free"
    assert byoip["notes"] == ["addresses from your own (BYOIP) pool have no public IPv4 charge"]


def test_idle_eip_costs_the_same_hourly_rate(price):
    res = price("aws_eip.spare", {"domain": "vpc", "tags": {"Name": "spare"}},
                unknown={"allocation_id": True, "id": True, "public_ip": True})

    assert res["status"] == "priced"
    assert res["after"] == EIP_HOURS


# --- VPC endpoints, Traffic Mirroring, IPAM, flow logs (aws-price-watcher VPC feed) ---------

PW_CW = "awspricewatcher-v0rts-ac88588f"  # data_date 2025-12-03
VPC_STALE = "priced from data dated 2025-11-19, older than 12 months"
ENDPOINT_UNKNOWN = {"arn": True, "cidr_blocks": True, "dns_entry": True, "id": True,
                    "network_interface_ids": True, "owner_id": True, "policy": True,
                    "subnet_configuration": True, "vpc_id": True}


def endpoint(kind: str | None, subnets: list[str] | None) -> dict:
    attrs = {"service_name": "com.amazonaws.us-east-1.ssm", "private_dns_enabled": True,
             "tags": {"Name": "ssm"}}
    if kind is not None:
        attrs["vpc_endpoint_type"] = kind
    if subnets is not None:
        attrs["subnet_ids"] = subnets
    return attrs


def test_interface_endpoint_hours_per_subnet_and_tiered_data(price):
    res = price("aws_vpc_endpoint.ssm", endpoint("Interface", ["subnet-0a", "subnet-0b",
                                                               "subnet-0c"]),
                unknown={**ENDPOINT_UNKNOWN, "subnet_ids": [False, False, False]})

    assert res["status"] == "priced"
    assert res["notes"] == [VPC_STALE]
    assert res["after"] == {
        "monthly_cost": 21.9,
        "components": [
            component("Interface endpoint (per AZ)", "hours", quantity=2190,  # 3 AZs x 730
                      # vpc/us-east-1.csv endpoint_hours endpoint_type=interface [EN2N5TATXE673A3B]
                      unit_price=0.01, monthly_cost=21.9,
                      source=PW_VPC, data_date="2025-11-19"),
            component("Data processed", "GB", quantity=None,
                      # endpoint_data endpoint_type=interface, first tier 0-1 PB [DQYYEZBCWSW5XS2R]
                      unit_price=0.01, monthly_cost=None, source=PW_VPC,
                      data_date="2025-11-19", usage_based=True),
        ],
    }


def test_interface_endpoint_data_is_tiered_by_the_usage_file(price):
    gb = 2 * 1_048_576  # 2 PB: 1 PB at 0.01, 1 PB at 0.006 (tier 1-5 PB)
    res = price("aws_vpc_endpoint.ssm", endpoint("Interface", ["subnet-0a"]),
                usage=Usage(by_address={"aws_vpc_endpoint.ssm": {
                    "monthly_data_processed_gb": Decimal(gb)}}))

    data = res["after"]["components"][1]
    assert data["monthly_quantity"] == gb
    assert data["monthly_cost"] == pytest.approx(1_048_576 * 0.01 + 1_048_576 * 0.006)


def test_gateway_load_balancer_endpoint_in_eu_west_1(price):
    res = price("aws_vpc_endpoint.inspect", endpoint("GatewayLoadBalancer", ["subnet-0a"]),
                region="eu-west-1")

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        component("GWLB endpoint (per AZ)", "hours", quantity=730,
                  # vpc/eu-west-1.csv endpoint_hours endpoint_type=gateway_load_balancer
                  unit_price=0.0112, monthly_cost=8.176,  # 730 * 0.0112
                  source=PW_VPC, data_date="2025-11-19"),
        component("Data processed", "GB", quantity=None,
                  # endpoint_data endpoint_type=gateway_load_balancer (flat)
                  unit_price=0.0035, monthly_cost=None, source=PW_VPC,
                  data_date="2025-11-19", usage_based=True),
    ]


@pytest.mark.parametrize("kind", [None, "Gateway"])
def test_gateway_endpoints_are_free(price, kind):
    # Terraform's default vpc_endpoint_type is Gateway (S3, DynamoDB).
    attrs = {"service_name": "com.amazonaws.us-east-1.s3", "route_table_ids": ["rtb-1"]}
    if kind:
        attrs["vpc_endpoint_type"] = kind
    res = price("aws_vpc_endpoint.s3", attrs, unknown=ENDPOINT_UNKNOWN)

    assert res["status"] == "free"
    assert res["notes"] == ["gateway endpoints (S3, DynamoDB) have no charge"]
    assert res["after"] == {"monthly_cost": 0, "components": []}


def test_endpoint_with_subnets_known_only_after_apply_is_partial(price):
    res = price("aws_vpc_endpoint.ssm", endpoint("Interface", None),
                unknown={**ENDPOINT_UNKNOWN, "subnet_ids": True})

    assert res["status"] == "partial"
    assert res["notes"] == [
        "availability_zones in the usage file prices the endpoint hours while subnet_ids is "
        "unknown", "not fully priced: subnet_ids is known only after apply"]


def test_usage_file_gives_the_zones_when_subnets_are_known_only_after_apply(price):
    res = price("aws_vpc_endpoint.ssm", endpoint("Interface", None),
                unknown={**ENDPOINT_UNKNOWN, "subnet_ids": True},
                usage=Usage(by_address={"aws_vpc_endpoint.ssm": {
                    "availability_zones": Decimal(2)}}))

    assert res["status"] == "priced"
    hours = res["after"]["components"][0]
    assert (hours["name"], hours["monthly_quantity"], hours["monthly_cost"]) == (
        "Interface endpoint (per AZ)", 1460, 14.6)  # 2 AZs x 730 h x 0.01


def test_endpoint_with_a_wrong_shaped_subnet_list_is_partial(price):
    res = price("aws_vpc_endpoint.ssm", endpoint("Interface", "subnet-0a"))  # type: ignore

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: subnet_ids is 'subnet-0a', expected a list"]


def test_endpoint_subnet_association_adds_one_interface_endpoint_hour(price):
    res = price("aws_vpc_endpoint_subnet_association.extra", {"subnet_id": "subnet-0d"},
                unknown={"id": True, "vpc_endpoint_id": True},
                references={"vpc_endpoint_id": ["aws_vpc_endpoint.ssm"]},
                others={"aws_vpc_endpoint.ssm": endpoint("Interface", ["subnet-0a"])})

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        component("Interface endpoint (per AZ)", "hours", quantity=730, unit_price=0.01,
                  monthly_cost=7.3, source=PW_VPC, data_date="2025-11-19")]


def test_traffic_mirror_session(price):
    res = price("aws_ec2_traffic_mirror_session.ids",
                {"network_interface_id": "eni-0abc", "session_number": 1,
                 "traffic_mirror_filter_id": "tmf-1", "traffic_mirror_target_id": "tmt-1"},
                unknown={"arn": True, "id": True, "packet_length": True})

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        component("Traffic mirroring source interface", "hours", quantity=730,
                  # vpc/us-east-1.csv traffic_mirroring_session_hours [Z2ZYE9BNTKZB3ZQ8]
                  unit_price=0.015, monthly_cost=10.95,  # 730 * 0.015
                  source=PW_VPC, data_date="2025-11-19")]


def test_ipam_advanced_tier_active_ips_from_the_usage_file(price):
    attrs = {"operating_regions": [{"region_name": "us-east-1"}], "tier": "advanced"}
    res = price("aws_vpc_ipam.main", attrs,
                usage=Usage(by_address={"aws_vpc_ipam.main": {
                    "active_ip_addresses": Decimal(1000)}}))

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        component("Active IP addresses (Advanced tier)", "IP-hours", quantity=730_000,
                  # vpc/us-east-1.csv ipam_active_ip_hours [MH5MV7B93CBZYHYH]
                  unit_price=0.00027, monthly_cost=197.1,  # 1000 IPs x 730 h x 0.00027
                  source=PW_VPC, data_date="2025-11-19", usage_based=True)]


def test_ipam_free_tier_is_free(price):
    res = price("aws_vpc_ipam.main", {"operating_regions": [{"region_name": "us-east-1"}],
                                      "tier": "free"})
    assert res["status"] == "free"
    assert res["notes"] == ["the IPAM Free tier has no charge"]


def test_flow_log_to_cloudwatch_logs_is_vended_log_ingestion(price):
    attrs = {"log_destination": "arn:aws:logs:us-east-1:123456789012:log-group:flows",
             "log_destination_type": "cloud-watch-logs", "traffic_type": "ALL",
             "max_aggregation_interval": 600,
             "iam_role_arn": "arn:aws:iam::123456789012:role/flows"}
    res = price("aws_flow_log.vpc", attrs,
                unknown={"arn": True, "id": True, "log_format": True, "vpc_id": True},
                usage=Usage(by_address={"aws_flow_log.vpc": {
                    "monthly_data_ingested_gb": Decimal(20_480)}}))

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"]["components"] == [
        component("Logs delivered to CloudWatch Logs", "GB", quantity=20_480,
                  # cloudwatch/us-east-1.csv vended_logs_ingestion log_class=standard: 0.50 to
                  # 10 TB, 0.25 to 30 TB [GHRXAWYBWDN7X39F]
                  unit_price=0.5, monthly_cost=7680,  # 10240 x 0.5 + 10240 x 0.25
                  source=PW_CW, data_date="2025-12-03", usage_based=True)]


# Regions whose sources have no NAT gateway rows (SOURCES.md: only the ec2-vps feed, 23
# regions, and togen carry them): the NAT gateway there is unsupported, never $0.
NO_NAT_HOURS = {"ap-east-2", "ap-south-2", "ap-southeast-4", "ap-southeast-5",
                "ap-southeast-6", "ap-southeast-7", "ca-west-1", "mx-central-1",
                "us-gov-east-1", "us-gov-west-1"}
NO_NAT_DATA = NO_NAT_HOURS | {"eu-central-2", "eu-south-2", "me-central-1"}


def _vpc_regions() -> list[str]:
    from cost_gate.pricing.store import shipped_dir

    return sorted(p.stem for p in (shipped_dir() / "aws" / "vpc").glob("*.csv"))


@pytest.mark.parametrize("region", _vpc_regions())
def test_nat_gateway_and_eip_in_every_region(price, region):
    eip = price("aws_eip.x", {"domain": "vpc"}, region=region)
    assert eip["status"] == "priced", (region, eip["notes"])
    nat = price("aws_nat_gateway.x", {"connectivity_type": "public"}, region=region)
    if region in NO_NAT_HOURS:
        assert nat["status"] == "unsupported"
        assert nat["after"] is None
        assert f"no price in the data for: NAT gateway in {region}" in nat["notes"]
        return
    assert nat["status"] == "priced", (region, nat["notes"])
    names = [c["name"] for c in nat["after"]["components"]]
    assert names == (["NAT gateway"] if region in NO_NAT_DATA
                     else ["NAT gateway", "Data processed"])
    if region in NO_NAT_DATA:
        assert f"Data processed: no price in the data for {region}, not shown" in nat["notes"]


@pytest.mark.parametrize(("destination", "file_format", "name", "product_price"), [
    ("s3", "plain-text", "Logs delivered to S3", 0.25),
    ("kinesis-data-firehose", None, "Logs delivered to Firehose", 0.25),
])
def test_flow_log_to_s3_or_firehose_is_vended_log_delivery(price, destination, file_format,
                                                           name, product_price):
    attrs = {"log_destination": "arn:aws:s3:::flows", "log_destination_type": destination,
             "traffic_type": "REJECT", "max_aggregation_interval": 60,
             "destination_options": [] if file_format is None else [
                 {"file_format": file_format, "hive_compatible_partitions": False,
                  "per_hour_partition": False}]}
    res = price("aws_flow_log.vpc", attrs, unknown={"arn": True, "id": True})

    assert res["status"] == "priced"
    assert res["after"]["components"] == [
        # cloudwatch/us-east-1.csv vended_logs_delivery destination=s3 [9WYME8VRJX5XNNG9] /
        # firehose [EQX872FAUQBWJM6K], first tier 0-10 TB
        component(name, "GB", quantity=None, unit_price=product_price, monthly_cost=None,
                  source=PW_CW, data_date="2025-12-03", usage_based=True)]


def test_flow_log_to_s3_in_parquet_adds_the_conversion(price):
    attrs = {"log_destination": "arn:aws:s3:::flows", "log_destination_type": "s3",
             "traffic_type": "ALL",
             "destination_options": [{"file_format": "parquet", "per_hour_partition": True}]}
    res = price("aws_flow_log.vpc", attrs,
                usage=Usage(by_address={"aws_flow_log.vpc": {
                    "monthly_data_ingested_gb": Decimal(100)}}))

    assert [(c["name"], c["monthly_cost"]) for c in res["after"]["components"]] == [
        ("Logs delivered to S3", pytest.approx(25)),  # 100 GB x 0.25
        # vended_logs_parquet_conversion [8ETUXTX3PYWVY3QV]: 100 GB x 0.03
        ("Conversion to Apache Parquet", pytest.approx(3)),
    ]
