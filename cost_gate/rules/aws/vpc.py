"""VPC: NAT gateways, public IPv4 addresses (Elastic IPs), VPC endpoints, Traffic Mirroring,
IPAM and flow logs.

- Interface and Gateway Load Balancer endpoints are billed per hour in each Availability Zone
  they have a network interface in (one per subnet) plus per GB processed (interface: tiered
  per account and region, applied here per endpoint); gateway endpoints (S3, DynamoDB) are free.
- Traffic Mirroring is billed per hour for each network interface mirrored; each session is
  priced as one source interface (two sessions on one interface are billed once by AWS).
- IPAM's Advanced tier is billed per active IP address per hour; the Free tier costs nothing.
- Flow logs are CloudWatch vended logs: billed per GB delivered to CloudWatch Logs, S3 or
  Firehose (tiered), plus per GB converted to Apache Parquet when S3 gets Parquet files.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    Component,
    NoCharge,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    hourly,
    usage,
)

NAT_USAGE = (UsageKey("monthly_data_processed_gb", "GB",
                      "data processed by the NAT gateway per month"),)


@register("aws_nat_gateway", usage=NAT_USAGE)
def aws_nat_gateway(r: Resource) -> list[Component]:
    # Public and private NAT gateways are billed alike: per hour and per GB processed.
    return [
        hourly("NAT gateway", PriceRef("vpc", "nat_gateway_hours")),
        usage("Data processed", "GB", PriceRef("vpc", "nat_gateway_data"),
              "monthly_data_processed_gb"),
    ]


@register("aws_eip")
def aws_eip(r: Resource) -> list[Component]:
    """Since February 2024 every public IPv4 address is charged per hour, in use or idle."""
    # Whether the address ends up attached (to an instance, a NAT gateway...) is often not in
    # the plan; AWS charges the same hourly rate in use or idle, so the in-use price is used.
    pool = None if r.is_unknown("public_ipv4_pool") else r.string("public_ipv4_pool")
    if pool not in (None, "amazon"):
        raise NoCharge("addresses from your own (BYOIP) pool have no public IPv4 charge")
    return [hourly("Public IPv4 address", PriceRef("vpc", "public_ipv4", {"state": "in_use"}))]


ENDPOINT_USAGE = (
    UsageKey("monthly_data_processed_gb", "GB", "data processed by the endpoint per month"),
    UsageKey("availability_zones", "AZs",
             "Availability Zones (subnets) of the endpoint, read when subnet_ids is known only "
             "after apply", kind="setting", default="2"),
)
_ENDPOINT_TYPES = {"Interface": "interface", "GatewayLoadBalancer": "gateway_load_balancer"}


@register("aws_vpc_endpoint", usage=ENDPOINT_USAGE)
def aws_vpc_endpoint(r: Resource) -> list[Component]:
    kind = r.string("vpc_endpoint_type", "Gateway")
    if kind == "Gateway":
        raise NoCharge("gateway endpoints (S3, DynamoDB) have no charge")
    endpoint_type = _ENDPOINT_TYPES.get(kind)
    if endpoint_type is None:
        raise NotPriceable(f"VPC endpoint type {kind!r} is not priced")
    label = "Interface endpoint" if endpoint_type == "interface" else "GWLB endpoint"
    data = usage("Data processed", "GB",
                 PriceRef("vpc", "endpoint_data", {"endpoint_type": endpoint_type}),
                 "monthly_data_processed_gb")
    data.tiered = endpoint_type == "interface"
    zones: Decimal | int | None = None
    if r.is_unknown("subnet_ids"):
        zones = r.usage.number("availability_zones")
        if zones is None:
            r.note("availability_zones in the usage file prices the endpoint hours while "
                   "subnet_ids is unknown")
    if zones is None:
        zones = r.length("subnet_ids")
    if zones == 0:
        r.note("no subnet_ids: the endpoint is billed per Availability Zone it has a network "
               "interface in; subnets added by aws_vpc_endpoint_subnet_association are priced "
               "there")
        return [data]
    return [hourly(f"{label} (per AZ)", _endpoint_hours(endpoint_type), zones), data]


def _endpoint_hours(endpoint_type: str) -> PriceRef:
    return PriceRef("vpc", "endpoint_hours", {"endpoint_type": endpoint_type})


@register("aws_vpc_endpoint_subnet_association")
def aws_vpc_endpoint_subnet_association(r: Resource) -> list[Component]:
    """One more Availability Zone of an interface endpoint: one more endpoint-hour."""
    endpoint = r.referenced("vpc_endpoint_id")
    if endpoint is None:
        # The endpoint is outside this plan: only interface endpoints take subnet
        # associations (gateway endpoints take route tables), so its type is known.
        return [hourly("Interface endpoint (per AZ)", _endpoint_hours("interface"))]
    kind = endpoint.string("vpc_endpoint_type", "Gateway")
    if kind != "Interface":
        raise NoCharge(f"the endpoint it associates is a {kind} endpoint")
    return [hourly("Interface endpoint (per AZ)", _endpoint_hours("interface"))]


@register("aws_ec2_traffic_mirror_session")
def aws_ec2_traffic_mirror_session(r: Resource) -> list[Component]:
    return [hourly("Traffic mirroring source interface",
                   PriceRef("vpc", "traffic_mirroring_session_hours"))]


IPAM_USAGE = (UsageKey("active_ip_addresses", "IP addresses",
                       "active IP addresses IPAM manages, hourly average"),)


@register("aws_vpc_ipam", usage=IPAM_USAGE, kind=USAGE_ONLY)
def aws_vpc_ipam(r: Resource) -> list[Component]:
    tier = r.string("tier", "advanced")
    if tier == "free":
        raise NoCharge("the IPAM Free tier has no charge")
    return [usage("Active IP addresses (Advanced tier)", "IP-hours",
                  PriceRef("vpc", "ipam_active_ip_hours"), "active_ip_addresses",
                  per_hour=True)]


FLOW_LOG_USAGE = (UsageKey("monthly_data_ingested_gb", "GB",
                           "flow log records delivered per month"),)
_FLOW_LOG_DESTINATIONS = {"s3": "S3", "kinesis-data-firehose": "Firehose"}


@register("aws_flow_log", usage=FLOW_LOG_USAGE, kind=USAGE_ONLY)
def aws_flow_log(r: Resource) -> list[Component]:
    destination = r.string("log_destination_type", "cloud-watch-logs")
    if destination == "cloud-watch-logs":
        data = usage("Logs delivered to CloudWatch Logs", "GB",
                     PriceRef("cloudwatch", "vended_logs_ingestion", {"log_class": "standard"}),
                     "monthly_data_ingested_gb")
        data.tiered = True
        return [data]
    label = _FLOW_LOG_DESTINATIONS.get(destination)
    if label is None:
        raise NotPriceable(f"flow logs delivered to {destination!r} are not priced")
    data = usage(f"Logs delivered to {label}", "GB",
                 PriceRef("cloudwatch", "vended_logs_delivery",
                          {"destination": "s3" if destination == "s3" else "firehose"}),
                 "monthly_data_ingested_gb")
    data.tiered = True
    comps = [data]
    file_format = r.string("destination_options.0.file_format", "plain-text")
    if destination == "s3" and file_format == "parquet":
        comps.append(usage("Conversion to Apache Parquet", "GB",
                           PriceRef("cloudwatch", "vended_logs_parquet_conversion"),
                           "monthly_data_ingested_gb"))
    return comps
