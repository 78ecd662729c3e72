"""Adapters for the AWS pricing-page feeds saved by aws-price-watcher (and the EBS feed).

The pricing-page feeds (``meteredUnitMaps``, the JSON the aws.amazon.com pricing pages render)
key each price by a descriptive label ("Provisioned Read Units", "Metric for the first 10000")
and carry no product family or usage type. :data:`FEED_PRODUCTS` maps every label we use to
one of our canonical products (``cost_gate/pricing/products_aws.md``); labels not listed are
not used. Where the official Price List vocabulary of a product is known, ``aws_mapper`` maps
it to the same canonical product (tests pin that both paths agree).

Files whose rows are per instance type (RDS, EC2, ElastiCache, OpenSearch) or that carry EBS
SKUs are expressed in Price List vocabulary instead and go through ``aws_mapper``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from cost_gate.pricing.aws_mapper import OfferPrice
from cost_gate.pricing.rows import PriceRow, make_attrs

INF = None  # an open upper tier bound


@dataclass(frozen=True)
class Canon:
    """One canonical price a feed label stands for."""

    service: str
    product: str
    unit: str
    attrs: dict[str, str] = field(default_factory=dict)
    tier: tuple[int, int | None] = (0, INF)  # tier_start, tier_end in the product's unit


def _c(service: str, product: str, unit: str, bounds: tuple[int, int | None] = (0, INF),
       **attrs: str) -> Canon:
    return Canon(service, product, unit, attrs, bounds)


_B = 1_000_000_000
_M = 1_000_000

# (feed, label) -> canonical product. Labels are the feed's own keys, verbatim. Tier bounds are
# those the label names; Lambda and SQS labels only say "Tier2"/"Tier3", their bounds are AWS's
# published ones (Lambda: 6 and 15 billion GB-seconds; SQS: 100 and 200 billion requests).
FEED_PRODUCTS: dict[tuple[str, str], Canon] = {
    # --- RDS storage, IOPS, throughput, backup (rds-storage); engine "Any" as in the Price List
    **{("rds-storage", f"Database Storage {az} {label}"): _c(
        "rds", "storage", "GB-month", volume_type=volume, engine="Any", deployment=deployment)
       for az, deployment in (("Single AZ", "Single-AZ"), ("Multi AZ", "Multi-AZ"),
                              ("Multi AZ readable standbys", "Multi-AZ (readable standbys)"))
       for label, volume in (("General Purpose", "gp2"), ("General Purpose-GP3", "gp3"),
                             ("Provisioned IOPS", "io1"), ("Provisioned IOPS-IO2", "io2"),
                             ("Magnetic", "standard"))},
    **{("rds-storage", f"Provisioned IOPS {az}"): _c(
        "rds", "iops", "IOPS-month", volume_type="io1", engine="Any", deployment=deployment)
       for az, deployment in (("Single AZ", "Single-AZ"), ("Multi AZ", "Multi-AZ"),
                              ("Multi AZ readable standbys", "Multi-AZ (readable standbys)"))},
    **{("rds-storage", f"Provisioned GP3 IOPS {az}"): _c(
        "rds", "iops", "IOPS-month", volume_type="gp3", engine="Any", deployment=deployment)
       for az, deployment in (("Single AZ", "Single-AZ"), ("Multi AZ", "Multi-AZ"))},
    **{("rds-storage", f"Provisioned Throughput {az}"): _c(
        "rds", "throughput", "MBps-month", volume_type="gp3", engine="Any", deployment=deployment)
       for az, deployment in (("Single AZ", "Single-AZ"), ("Multi AZ", "Multi-AZ"))},
    ("rds-storage", "Storage Snapshot"): _c("rds", "backup_storage", "GB-month", engine="Any"),
    ("rds-storage", "System Operation Magnetic"): _c(
        "rds", "io_requests", "requests", volume_type="standard"),
    # --- Aurora (rds-aurora-storage)
    ("rds-aurora-storage", "Database Storage DB Engine Aurora PostgreSQL General Purpose Aurora"):
        _c("rds", "aurora_storage", "GB-month", engine="Aurora PostgreSQL",
           storage_config="standard"),
    ("rds-aurora-storage", "Any IO Optimized Aurora"): _c(
        "rds", "aurora_storage", "GB-month", engine="Any", storage_config="io_optimized"),
    ("rds-aurora-storage", "Aurora MySQL IO Optimized Aurora"): _c(
        "rds", "aurora_storage", "GB-month", engine="Aurora MySQL", storage_config="io_optimized"),
    ("rds-aurora-storage", "Aurora PostgreSQL IO Optimized Aurora"): _c(
        "rds", "aurora_storage", "GB-month", engine="Aurora PostgreSQL",
        storage_config="io_optimized"),
    ("rds-storage", "Database Storage Single AZ General Purpose-Aurora"): _c(
        "rds", "aurora_storage", "GB-month", engine="Any", storage_config="standard"),
    ("rds-aurora-storage", "System Operation Aurora I O Operation"): _c(
        "rds", "aurora_io", "requests", engine="Any"),
    **{("rds-aurora-storage", f"Storage Snapshot {engine}"): _c(
        "rds", "backup_storage", "GB-month", engine=engine)
       for engine in ("Aurora MySQL", "Aurora PostgreSQL")},
    **{("rds-aurora-storage", f"{engine} ServerlessV2{suffix}"): _c(
        "rds", "serverless_v2", "ACU-hour", engine=engine, storage_config=config)
       for engine in ("Aurora MySQL", "Aurora PostgreSQL")
       for suffix, config in (("", "standard"), (" Aurora IO Optimization Mode", "io_optimized"))},
    **{("rds-aurora-storage", f"{engine} Serverless"): _c(
        "rds", "serverless_v1", "ACU-hour", engine=engine)
       for engine in ("Aurora MySQL", "Aurora PostgreSQL")},
    # Aurora Backtrack: per change record stored per hour (Aurora MySQL only).
    ("rds-aurora-storage", "System Operation Aurora Backtrack"): _c(
        "rds", "aurora_backtrack", "change-record-hour", engine="Aurora MySQL"),
    # Aurora Global Database: per write I/O replicated to a secondary region.
    **{("rds-aurora-storage", label): _c(
        "rds", "aurora_global_write_io", "requests", engine=engine)
       for label, engine in (("Aurora MySQL Global Database", "Aurora MySQL"),
                             ("Aurora PostgreSQL Aurora Global Database", "Aurora PostgreSQL"))},
    # Snapshot export to S3: per GB of snapshot exported.
    **{("rds-storage", f"RDS Snapshot Export {engine}"): _c(
        "rds", "snapshot_export", "GB", engine=engine)
       for engine in ("MySQL", "PostgreSQL", "MariaDB", "Aurora MySQL", "Aurora PostgreSQL")},
    # --- RDS Proxy: per vCPU-hour of the target instances, or per ACU-hour (Serverless v2)
    ("rds-proxy", "RDSProxy"): _c("rds", "proxy", "vCPU-hour", engine="Any", basis="vcpu"),
    **{("rds-proxy", f"RDSProxy {engine} {label}"): _c(
        "rds", "proxy", unit, engine=engine, basis=basis)
       for engine in ("Aurora MySQL", "Aurora PostgreSQL")
       for label, unit, basis in (("Hrs", "vCPU-hour", "vcpu"), ("ACU-Hr", "ACU-hour", "acu"))},
    # --- DynamoDB (Standard and Standard-IA table classes)
    **{("dynamodb", f"{label}{suffix}"): _c("dynamodb", product, unit, table_class=table_class)
       for suffix, table_class in (("", "standard"), (" IA", "standard_ia"))
       for label, product, unit in (
           ("Provisioned Read Units", "provisioned_rcu", "RCU-hour"),
           ("Provisioned Write Units", "provisioned_wcu", "WCU-hour"),
           ("Provisioned Replicated Write Units", "provisioned_replicated_wcu", "rWCU-hour"),
           ("PayPerRequest Read Request Units", "read_request_units", "requests"),
           ("PayPerRequest Write Request Units", "write_request_units", "requests"),
           ("PayPerRequest Replicated Write Request Units", "replicated_write_request_units",
            "requests"))},
    ("dynamodb", "Data Storage Indexed GB-Mo"): _c(
        "dynamodb", "storage", "GB-month", table_class="standard"),
    ("dynamodb", "Data Storage Indexed - IA GB-Mo"): _c(
        "dynamodb", "storage", "GB-month", table_class="standard_ia"),
    ("dynamodb", "On-Demand Backup Storage GB-Month"): _c("dynamodb", "backup_storage", "GB-month"),
    ("dynamodb", "PITR Backup Storage GB-Mo"): _c("dynamodb", "pitr_storage", "GB-month"),
    ("dynamodb", "Restore Data Size"): _c("dynamodb", "restore", "GB"),
    ("dynamodb", "Streams Read Requests"): _c("dynamodb", "streams_read_requests", "requests"),
    ("dynamodb", "Export Data Size per GB"): _c("dynamodb", "export", "GB"),
    ("dynamodb", "Import Data Size"): _c("dynamodb", "import", "GB"),
    ("dynamodb", "Change Data Capture Units for Kinesis Data Streams"): _c(
        "dynamodb", "kinesis_cdc_units", "change data capture units"),
    # Reserved capacity: kept apart (term attribute) so on-demand lookups never match it.
    **{("dynamodb", f"{years}yr {label} Capacity Unit Hrs Provisioned"): _c(
        "dynamodb", product, unit, table_class="standard", term=f"reserved-{years}y")
       for years in ("1", "3")
       for label, product, unit in (("Read", "provisioned_rcu", "RCU-hour"),
                                    ("Write", "provisioned_wcu", "WCU-hour"))},
    **{("dynamodb", f"Provisioned {years}yr DDB-{label}Units Upfront Fee"): _c(
        "dynamodb", "reserved_capacity_upfront", unit, capacity=capacity, term=f"reserved-{years}y")
       for years in ("1", "3")
       for label, capacity, unit in (("Read", "read", "RCU"), ("Write", "write", "WCU"))},
    # --- CloudWatch
    ("cloudwatch", "Metric for the first 10000"): _c(
        "cloudwatch", "metrics", "metric-month", (0, 10_000)),
    ("cloudwatch", "Metric for the next 240000"): _c(
        "cloudwatch", "metrics", "metric-month", (10_000, 250_000)),
    ("cloudwatch", "Metric for the next 750000"): _c(
        "cloudwatch", "metrics", "metric-month", (250_000, 1_000_000)),
    ("cloudwatch", "Metric for over 1000000"): _c(
        "cloudwatch", "metrics", "metric-month", (1_000_000, INF)),
    ("cloudwatch", "Alarm Standard"): _c("cloudwatch", "alarm", "alarm-month", type="standard"),
    ("cloudwatch", "Alarm High Resolution"): _c(
        "cloudwatch", "alarm", "alarm-month", type="high_resolution"),
    ("cloudwatch", "Alarm Composite"): _c("cloudwatch", "alarm", "alarm-month", type="composite"),
    ("cloudwatch", "Metrics Insights Alarms Standard"): _c(
        "cloudwatch", "alarm", "alarm-month", type="metrics_insights"),
    ("cloudwatch", "Dashboard Basic Dashboard"): _c("cloudwatch", "dashboard", "dashboard-month"),
    ("cloudwatch", "Logs Collected Data Ingestion"): _c(
        "cloudwatch", "logs_ingestion", "GB", log_class="standard"),
    ("cloudwatch", "IA Custom ingested Logs from 0 upto Inf"): _c(
        "cloudwatch", "logs_ingestion", "GB", log_class="infrequent_access"),
    ("cloudwatch", "Vended Logs First 10TB"): _c(
        "cloudwatch", "vended_logs_ingestion", "GB", (0, 10_240), log_class="standard"),
    ("cloudwatch", "Vended Logs Next 20TB"): _c(
        "cloudwatch", "vended_logs_ingestion", "GB", (10_240, 30_720), log_class="standard"),
    ("cloudwatch", "Vended Logs Next Next 20TB"): _c(
        "cloudwatch", "vended_logs_ingestion", "GB", (30_720, 51_200), log_class="standard"),
    ("cloudwatch", "Vended Logs over 50TB"): _c(
        "cloudwatch", "vended_logs_ingestion", "GB", (51_200, INF), log_class="standard"),
    # Vended logs (VPC flow logs...) delivered to S3 ("Delivered Logs") or to Firehose
    **{("cloudwatch", f"{prefix}Delivered Logs {tier}"): _c(
        "cloudwatch", "vended_logs_delivery", "GB", bounds, destination=destination)
       for prefix, destination in (("", "s3"), ("Amazon Kinesis Data Firehose ", "firehose"))
       for tier, bounds in (("for first 10TB", (0, 10_240)), ("for next 20TB", (10_240, 30_720)),
                            ("for next next 20 TB", (30_720, 51_200)),
                            ("for over 50TB", (51_200, INF)))},
    ("cloudwatch", "Parquet Conversion"): _c("cloudwatch", "vended_logs_parquet_conversion", "GB"),
    ("cloudwatch", "Stored Data"): _c("cloudwatch", "logs_storage", "GB-month"),
    ("cloudwatch", "Queried Logs Insights"): _c("cloudwatch", "logs_insights_scanned", "GB"),
    ("cloudwatch", "API Request"): _c("cloudwatch", "api_requests", "requests", api="standard"),
    **{("cloudwatch", f"API Request {api}"): _c("cloudwatch", "api_requests", "requests", api=api)
       for api in ("GetMetricData", "GetInsightRuleReport", "GetMetricWidgetImage")},
    ("cloudwatch", "Metric Streams MetricUpdate"): _c(
        "cloudwatch", "metric_stream_updates", "metric updates"),
    ("cloudwatch", "Canaries per Runs"): _c("cloudwatch", "canary_runs", "runs"),
    ("cloudwatch", "Contributor Insights CloudWatchLogs"): _c(
        "cloudwatch", "contributor_insights_rules", "rule-month"),
    ("cloudwatch", "Event CloudWatchLog"): _c(
        "cloudwatch", "contributor_insights_events", "events"),
    ("cloudwatch", "Contributor Insights DynamoDB"): _c(
        "cloudwatch", "dynamodb_contributor_insights_rules", "rule-month"),
    ("cloudwatch", "Event DynamoDB"): _c(
        "cloudwatch", "dynamodb_contributor_insights_events", "events"),
    # --- KMS, Secrets Manager
    ("kms", "Encryption Key"): _c("kms", "key", "key-month"),
    ("kms", "API request - Non Free Tier"): _c("kms", "requests", "requests", type="symmetric"),
    ("kms", "Asymmetric Requests RSA_2048"): _c("kms", "requests", "requests", type="rsa_2048"),
    ("kms", "Asymmetric Requests except RSA_2048API"): _c(
        "kms", "requests", "requests", type="asymmetric_other"),
    ("kms", "API Requests GenerateDatakeyPair RSA"): _c(
        "kms", "requests", "requests", type="generate_data_key_pair_rsa"),
    ("kms", "API Requests GenerateDatakeyPair ECC"): _c(
        "kms", "requests", "requests", type="generate_data_key_pair_ecc"),
    ("secretsmanager", "Secret"): _c("secretsmanager", "secret", "secret-month"),
    ("secretsmanager", "API Request"): _c("secretsmanager", "api_requests", "requests"),
    # --- Route 53 (hosted zones, queries and health checks are global)
    ("route53", "DNS Zone first 25"): _c("route53", "hosted_zone", "zone-month", (0, 25)),
    ("route53", "DNS Zone"): _c("route53", "hosted_zone", "zone-month", (25, INF)),
    **{("route53", f"Query {label} External {tier}"): _c(
        "route53", "queries", "queries", bounds, routing=routing)
       for label, routing in (("Standard", "standard"), ("Latency Based Routing", "latency"),
                              ("Geo DNS", "geo"), ("Geoproximity", "geoproximity"),
                              ("IP Based Routing", "ip_based"))
       for tier, bounds in (("first 1B", (0, _B)), ("over 1B", (_B, INF)))},
    ("route53", "Basic Health checks AWS per Mo"): _c(
        "route53", "health_check", "health-check-month", endpoint="aws"),
    ("route53", "Basic Health checks External Non AWS per Mo"): _c(
        "route53", "health_check", "health-check-month", endpoint="non_aws"),
    ("route53", "Optional Health Check Features AWS per Mo"): _c(
        "route53", "health_check_feature", "feature-month", endpoint="aws"),
    ("route53", "Optional Health Check Features External Non AWS per Mo"): _c(
        "route53", "health_check_feature", "feature-month", endpoint="non_aws"),
    ("route53", "Basic Traffic Flow Routing per Mo"): _c(
        "route53", "traffic_policy_record", "policy-record-month"),
    ("route53", "Query ENI"): _c("route53", "resolver_endpoint", "ENI-hour"),
    ("route53", "Query first 1B"): _c("route53", "resolver_queries", "queries", (0, _B)),
    ("route53", "Query over 1B"): _c("route53", "resolver_queries", "queries", (_B, INF)),
    ("route53", "DNS Query DNS Firewall per Queries"): _c(
        "route53", "dns_firewall_queries", "queries", (0, _B)),
    ("route53", "DNS Query DNS Firewall per Queries over 1B"): _c(
        "route53", "dns_firewall_queries", "queries", (_B, INF)),
    ("route53", "DNS Domain Names DNS Firewall per Mo"): _c(
        "route53", "dns_firewall_domains", "domain-month"),
    # --- VPC: endpoints, Transit Gateway, VPN, Client VPN, public IPv4, Traffic Mirroring
    ("vpc", "Hourly charge for VPC Endpoints per Hrs"): _c(
        "vpc", "endpoint_hours", "hour", endpoint_type="interface"),
    ("vpc", "Hourly charge for AWS Gateway Load Balancer VPC Endpoint per Hrs"): _c(
        "vpc", "endpoint_hours", "hour", endpoint_type="gateway_load_balancer"),
    ("vpc", "Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576"): _c(
        "vpc", "endpoint_data", "GB", (0, 1_048_576), endpoint_type="interface"),
    ("vpc", "Charge for per GB data processed by VPC Endpoints per GB from 1048576 to 5242880"):
        _c("vpc", "endpoint_data", "GB", (1_048_576, 5_242_880), endpoint_type="interface"),
    ("vpc", "Charge for per GB data processed by VPC Endpoints per GB from 5242880 to Inf"): _c(
        "vpc", "endpoint_data", "GB", (5_242_880, INF), endpoint_type="interface"),
    ("vpc", "Charge for per GB data processed by AWS Gateway Load Balancer VPC Endpoint per GB"):
        _c("vpc", "endpoint_data", "GB", endpoint_type="gateway_load_balancer"),
    **{("vpc", f"Hourly charge for Transit Gateway {label} per hour"): _c(
        "vpc", "transit_gateway_attachment_hours", "hour", attachment=attachment)
       for label, attachment in (("VPC Attachments", "vpc"),
                                 ("Site to-Site VPN attachments", "vpn"),
                                 ("AWS Direct Connect Gateway attachments", "direct_connect"),
                                 ("Connect attachments", "connect"),
                                 ("Peering Attachments", "peering"))},
    **{("vpc", f"Charge for per GB data processed by AWS Transit Gateways for {label} per "
               "GigaBytes"): _c("vpc", "transit_gateway_data", "GB", attachment=attachment)
       for label, attachment in (("VPC attachments", "vpc"),
                                 ("Site to-Site VPN attachments", "vpn"),
                                 ("AWS Direct Connect Gateway attachments", "direct_connect"))},
    ("vpc", "CreateVpnConnection per Hrs"): _c("vpc", "vpn_connection_hours", "hour"),
    ("vpc", "Hourly charge for Client VPN Endpoints per Hourly"): _c(
        "vpc", "client_vpn_endpoint_hours", "hour"),
    ("vpc", "Hourly charge for Client VPN connections per Hourly"): _c(
        "vpc", "client_vpn_connection_hours", "hour"),
    ("vpc", "Hourly charge for In use Public IPv4 Addresses per Hrs"): _c(
        "vpc", "public_ipv4", "hour", state="in_use"),
    ("vpc", "Hourly charge for Idle Public IPv4 Addresses per Hrs"): _c(
        "vpc", "public_ipv4", "hour", state="idle"),
    ("vpc", "Hourly charge for Traffic Mirroring Source per hour"): _c(
        "vpc", "traffic_mirroring_session_hours", "hour"),
    ("vpc", "Hourly charge for Active IP Addresses per hours"): _c(
        "vpc", "ipam_active_ip_hours", "hour"),
    # --- EFS
    **{("efs", label): _c("efs", "storage", "GB-month", storage_class=storage_class)
       for label, storage_class in (
           ("General Purpose Storage GB Mo", "standard"),
           ("Infrequent Access Storage GB Mo", "infrequent_access"),
           ("Archive Storage GB Mo", "archive"),
           ("One Zone General Purpose Storage GB Mo", "one_zone"),
           ("One Zone Infrequent Access Storage GB Mo", "one_zone_infrequent_access"))},
    ("efs", "Throughput Provisioned"): _c("efs", "provisioned_throughput", "MBps-month"),
    **{("efs", label): _c("efs", "data_access", "GB", storage_class=storage_class,
                          operation=operation)
       for label, storage_class, operation in (
           ("EFS Storage Requests Read per GB", "standard", "read"),
           ("EFS Storage Requests Write per GB", "standard", "write"),
           ("Infrequent Access Requests Read per GB", "infrequent_access", "read"),
           ("Infrequent Access Requests Write per GB", "infrequent_access", "write"),
           ("Archive Storage Read Read GB", "archive", "read"),
           ("Archive Storage Write Write GB", "archive", "write"))},
    # --- MSK (broker hours come from the feed attributes, see _msk)
    ("msk", "RunVolume"): _c("msk", "storage", "GB-month"),
    ("msk", "Serverless Cluster-hours"): _c("msk", "serverless_cluster_hours", "hour"),
    ("msk", "Serverless Partition-hours"): _c("msk", "serverless_partition_hours", "partition-hour"),
    ("msk", "Serverless Storage-hours"): _c("msk", "serverless_storage", "GB-month"),
    ("msk", "Serverless Per-GB data ingressed"): _c("msk", "serverless_data_in", "GB"),
    ("msk", "Serverless Per-GB data egressed"): _c("msk", "serverless_data_out", "GB"),
    ("msk", "RunConnect"): _c("msk", "connect_worker_hours", "MCU-hour"),
    # --- Redshift (node hours come from the feed attributes, see _redshift)
    ("redshift", "Redshift Serverless compute charges per RPU-Hr"): _c(
        "redshift", "serverless_rpu_hours", "RPU-hour"),
    # --- WAF (WAFv2 web ACLs, rules, requests)
    ("waf", "WebACL per month"): _c("waf", "web_acl", "web-ACL-month"),
    ("waf", "Rules added per WebACL per month"): _c("waf", "rule", "rule-month"),
    ("waf", "Web Requests received per Request"): _c("waf", "requests", "requests"),
    # --- SNS
    ("sns", "Amazon SNS API Requests"): _c("sns", "requests", "requests", topic_type="standard"),
    ("sns", "Amazon SNS FIFO API Requests per Requests"): _c(
        "sns", "requests", "requests", topic_type="fifo"),
    **{("sns", label): _c("sns", "deliveries", "notifications", endpoint=endpoint)
       for label, endpoint in (("HTTP Notifications", "http"),
                               ("SNS Email and Email JSON Notifications", "email"),
                               ("Amazon SQS Notifications", "sqs"),
                               ("AWS Lambda Notifications", "lambda"),
                               ("Amazon Kinesis Data Firehose Messages", "firehose"),
                               ("Apple Push Notification Service APNS iOS Notifications",
                                "mobile_push"))},
    ("sns", "SNS FIFO Publish Payload per GB"): _c("sns", "fifo_publish_payload", "GB"),
    ("sns", "Amazon SNS FIFO Subscription Messages per Messages"): _c(
        "sns", "fifo_deliveries", "notifications"),
    ("sns", "Amazon SNS FIFO Subscription Messages Payload per GB"): _c(
        "sns", "fifo_delivery_payload", "GB"),
    # --- Kinesis Data Streams
    ("kinesis", "Provisioned shard hour per ShardHour"): _c("kinesis", "shard_hours", "shard-hour"),
    ("kinesis", "Payload Units per PutRequest"): _c(
        "kinesis", "put_payload_units", "PUT payload units"),
    ("kinesis", "Addon shard hour per ShardHour"): _c(
        "kinesis", "extended_retention_shard_hours", "shard-hour"),
    ("kinesis", "Long term Data Retention GB-month per GB-month"): _c(
        "kinesis", "long_term_retention", "GB-month", mode="provisioned"),
    ("kinesis", "Enhanced fan out per ConsumerShardHour"): _c(
        "kinesis", "efo_consumer_shard_hours", "consumer-shard-hour"),
    ("kinesis", "Enhanced fan out GB of data retrieved per GB"): _c(
        "kinesis", "efo_data_retrieved", "GB", mode="provisioned"),
    ("kinesis", "Long term Data Retrieval GB per GB"): _c(
        "kinesis", "long_term_retrieval", "GB"),
    ("kinesis", "OnDemandStreamHr per StreamHr"): _c("kinesis", "on_demand_stream_hours", "hour"),
    ("kinesis", "OnDemandDataIngested per GB"): _c("kinesis", "on_demand_data_in", "GB"),
    ("kinesis", "OnDemandDataRetrieval per GB"): _c("kinesis", "on_demand_data_out", "GB"),
    ("kinesis", "OnDemandEFODataRetrieval per GB"): _c(
        "kinesis", "efo_data_retrieved", "GB", mode="on_demand"),
    ("kinesis", "OnDemandExtendedRetentionByteHrs per GB month"): _c(
        "kinesis", "on_demand_extended_retention", "GB-month"),
    ("kinesis", "OnDemandLongTermRetentionByteHrs per GB month"): _c(
        "kinesis", "long_term_retention", "GB-month", mode="on_demand"),
    # --- ECR, Step Functions, EventBridge
    ("ecr", "EC2 Container Registry"): _c("ecr", "storage", "GB-month"),
    ("states", "AWS Step Functions"): _c("sfn", "state_transitions", "transitions"),
    ("states", "Number of Workflow Requests"): _c("sfn", "express_requests", "requests"),
    ("states", "Duration of Workflows from 0 to 3600000"): _c(
        "sfn", "express_duration", "GB-second", (0, 3_600_000)),
    ("states", "Duration of Workflows from 3600000 to 18000000"): _c(
        "sfn", "express_duration", "GB-second", (3_600_000, 18_000_000)),
    ("states", "Duration of Workflows over 18000000"): _c(
        "sfn", "express_duration", "GB-second", (18_000_000, INF)),
    ("events", "CloudWatch Events Custom Event"): _c("events", "events", "events", type="custom"),
    ("events", "CloudWatch Events"): _c("events", "events", "events", type="partner"),
    ("events", "CloudWatch Events Discovery Event"): _c(
        "events", "events", "events", type="schema_discovery"),
    ("events", "CloudWatch Events APIDestination"): _c(
        "events", "api_destination_invocations", "invocations"),
    ("events", "CloudWatch Events Archive Event"): _c("events", "archive_processing", "GB"),
    ("events", "CloudWatch Events Event Storage"): _c("events", "archive_storage", "GB-month"),
    ("events", "Pipe Request per 64K-Chunks"): _c("events", "pipe_requests", "requests"),
    # EventBridge Scheduler: the rate past the per-account free allowance (14M invocations a
    # month, the feed's $0 first tier, is not in the table).
    ("events", "Scheduled Invocation for 14000000 to Inf Invocations"): _c(
        "events", "scheduler_invocations", "invocations"),
    # --- ELB, every region
    **{("elb", f"{label} Load Balancer Hours"): _c("elb", "lb_hours", "hour", lb_type=lb_type)
       for label, lb_type in (("Application", "application"), ("Network", "network"),
                              ("Gateway", "gateway"), ("Classic", "classic"))},
    **{("elb", f"{label} Load Balancer LCU Hours"): _c(
        "elb", "capacity_units", "LCU-hour", lb_type=lb_type)
       for label, lb_type in (("Application", "application"), ("Network", "network"),
                              ("Gateway", "gateway"))},
    ("elb", "Classic Load Balancer Data"): _c("elb", "classic_data", "GB"),
    # --- Lambda x86 and Arm
    **{("lambda", f"Lambda {label}{suffix}"): _c("lambda", product, unit, bounds,
                                                architecture=arch)
       for suffix, arch in (("", "x86_64"), ("-ARM", "arm64"))
       for label, product, unit, bounds in (
           ("Requests", "requests", "requests", (0, INF)),
           ("Provisioned-Concurrency", "provisioned_concurrency", "GB-second", (0, INF)),
           ("Duration-Provisioned", "provisioned_duration", "GB-second", (0, INF)),
           ("Storage-Duration", "ephemeral_storage", "GB-second", (0, INF)))},
    **{("lambda", f"Lambda Duration{suffix}{tier}"): _c("lambda", "duration", "GB-second", bounds,
                                                        architecture=arch)
       for suffix, arch in (("", "x86_64"), ("-ARM", "arm64"))
       for tier, bounds in (("", (0, 6 * _B)), (" Tier2", (6 * _B, 15 * _B)),
                            (" Tier3", (15 * _B, INF)))},
    ("lambda", "Lambda Edge-Requests"): _c("lambda", "edge_requests", "requests"),
    ("lambda", "Lambda Edge-Duration"): _c("lambda", "edge_duration", "GB-second"),
    # --- S3 storage classes and requests (Standard requests keep the historical {tier} key)
    ("s3", "Standard Storage First 50 TB per GB Mo"): _c(
        "s3", "storage", "GB-month", (0, 51_200), storage_class="standard"),
    ("s3", "Standard Storage Next 450 TB per GB Mo"): _c(
        "s3", "storage", "GB-month", (51_200, 512_000), storage_class="standard"),
    ("s3", "Standard Storage Over 500 TB per GB Mo"): _c(
        "s3", "storage", "GB-month", (512_000, INF), storage_class="standard"),
    ("s3", "Intelligent Tiering Frequent Access First 50 TB per GB Mo"): _c(
        "s3", "storage", "GB-month", (0, 51_200), storage_class="intelligent_tiering_frequent"),
    ("s3", "Intelligent Tiering Frequent Access Next 450 TB per GB Mo"): _c(
        "s3", "storage", "GB-month", (51_200, 512_000),
        storage_class="intelligent_tiering_frequent"),
    ("s3", "Intelligent Tiering Frequent Access Over 500 TB per GB Mo"): _c(
        "s3", "storage", "GB-month", (512_000, INF), storage_class="intelligent_tiering_frequent"),
    **{("s3", label): _c("s3", "storage", "GB-month", storage_class=storage_class)
       for label, storage_class in (
           ("Standard Infrequent Access Storage per GB-Mo", "standard_ia"),
           ("One Zone Infrequent Access Storage Inf per GB-Mo", "onezone_ia"),
           ("Glacier Instant Retrieval Storage", "glacier_ir"),
           ("Glacier Storage per GB Mo", "glacier"),
           ("Intelligent Tiering Infrequent Access per GB Mo", "intelligent_tiering_infrequent"),
           ("Intelligent Tiering Archive Instant Access",
            "intelligent_tiering_archive_instant"),
           ("IntelligentTieringArchiveAccess", "intelligent_tiering_archive"),
           ("IntelligentTieringDeepArchiveAccess", "intelligent_tiering_deep_archive"))},
    ("s3", "PUT COPY/POST or LIST requests per Requests"): _c("s3", "requests", "requests", tier="1"),
    ("s3", "GET and all other requests per Requests"): _c("s3", "requests", "requests", tier="2"),
    **{("s3", f"{prefix} to {label} per Requests"): _c(
        "s3", "requests", "requests", tier=tier, storage_class=storage_class)
       for label, storage_class in (("Standard Infrequent Access", "standard_ia"),
                                    ("One Zone Infrequent Access", "onezone_ia"),
                                    ("Glacier Instant Retrieval", "glacier_ir"),
                                    ("Intelligent Tiering", "intelligent_tiering"))
       for prefix, tier in (("PUT COPY/POST or LIST requests", "1"),
                            ("GET and all other requests", "2"))},
    ("s3", "PUT requests to Glacier per Requests"): _c(
        "s3", "requests", "requests", tier="1", storage_class="glacier"),
    ("s3", "GET and all other requests to GLACIER per Requests"): _c(
        "s3", "requests", "requests", tier="2", storage_class="glacier"),
    ("s3", "GET and all other requests to GDA per Requests"): _c(
        "s3", "requests", "requests", tier="2", storage_class="deep_archive"),
    **{("s3", label): _c("s3", "retrieval", "GB", storage_class=storage_class,
                         retrieval_tier=speed)
       for label, storage_class, speed in (
           ("Fee for Standard Retrieval of data stored", "glacier", "standard"),
           ("Fee for Bulk Retrieval of data stored", "glacier", "bulk"),
           ("Glacier S3 Expedited Retrieval", "glacier", "expedited"),
           ("Fee for Standard Retrieval of data stored from Glacier Deep Archive", "deep_archive",
            "standard"),
           ("Fee for Bulk Retrieval of data stored from Glacier Deep Archive", "deep_archive",
            "bulk"))},
    **{("s3", f"Object Retrieval in {label} per GB"): _c(
        "s3", "retrieval", "GB", storage_class=storage_class)
       for label, storage_class in (("Standard Infrequent Access", "standard_ia"),
                                    ("One Zone Infrequent Access", "onezone_ia"),
                                    ("Glacier Instant Retrieval", "glacier_ir"))},
    **{("s3", f"Lifecycle Transition Requests into {label} per Requests"): _c(
        "s3", "lifecycle_transitions", "requests", storage_class=storage_class)
       for label, storage_class in (("Standard Infrequent Access", "standard_ia"),
                                    ("One Zone Infrequent Access", "onezone_ia"),
                                    ("Intelligent Tiering", "intelligent_tiering"),
                                    ("Glacier Instant Retrieval", "glacier_ir"),
                                    ("Glacier", "glacier"),
                                    ("Glacier Deep Archive", "deep_archive"))},
    ("s3", "Per object per month monitoring and automation fee for objects in Intelligent "
           "Tiering"): _c("s3", "intelligent_tiering_monitoring", "object-month"),
    ("s3", "Per object fee for objects included in Analytics"): _c(
        "s3", "analytics_objects", "objects"),
    ("s3", "Per object fee for objects listed in an Inventory"): _c(
        "s3", "inventory_objects", "objects"),
    # --- SQS
    **{("queueservice", f"{label} per Requests{tier}"): _c("sqs", "requests", "requests", bounds,
                                                         queue_type=queue)
       for label, queue in (("Standard", "standard"), ("FIFO first-in first-out", "fifo"))
       for tier, bounds in (("", (0, 100 * _B)), (" Tier2", (100 * _B, 200 * _B)),
                            (" Tier3", (200 * _B, INF)))},
    # --- API Gateway
    ("apigateway", "API Calls Number of up to 333 million"): _c(
        "apigateway", "rest_requests", "requests", (0, 333 * _M)),
    ("apigateway", "API Calls Number of Request Next 667 million"): _c(
        "apigateway", "rest_requests", "requests", (333 * _M, 1000 * _M)),
    ("apigateway", "API Calls Number of Request Next 19 billion"): _c(
        "apigateway", "rest_requests", "requests", (1000 * _M, 20 * _B)),
    ("apigateway", "API Calls Number of Request Over 20 billion"): _c(
        "apigateway", "rest_requests", "requests", (20 * _B, INF)),
    ("apigateway", "ApiGatewayHttpApi First 300 million"): _c(
        "apigateway", "http_requests", "requests", (0, 300 * _M)),
    ("apigateway", "ApiGatewayHttpApi more than 300 million"): _c(
        "apigateway", "http_requests", "requests", (300 * _M, INF)),
    ("apigateway", "WebSocket Messages Messages first 1 billion"): _c(
        "apigateway", "websocket_messages", "messages", (0, _B)),
    ("apigateway", "WebSocket Messages Messages over 1 billion"): _c(
        "apigateway", "websocket_messages", "messages", (_B, INF)),
    ("apigateway", "WebSocket Connection Minutes"): _c(
        "apigateway", "websocket_connection_minutes", "connection-minutes"),
    **{("apigateway", f"Caching Memory Size {label}"): _c(
        "apigateway", "cache_hours", "hour", cache_size_gb=size)
       for label, size in (("0 5", "0.5"), ("1 6", "1.6"), ("6 1", "6.1"), ("13 5", "13.5"),
                           ("28 4", "28.4"), ("58 2", "58.2"), ("118", "118"), ("237", "237"))},
    # --- EKS: the cluster hour per region; extended support is an additional hourly charge
    ("eks", "Compute per Hours"): _c("eks", "cluster_hours", "hour", support="standard"),
    ("eks", "Compute per hours"): _c("eks", "cluster_hours", "hour", support="standard"),
    ("eks", "Compute ExtendedSupport per Hours"): _c("eks", "extended_support_hours", "hour"),
    ("eks", "Fargate perCPU per hours"): _c(
        "ecs", "fargate_vcpu_hours", "vCPU-hour", os="linux", architecture="x86_64"),
    ("eks", "Fargate perGB per hours"): _c(
        "ecs", "fargate_gb_hours", "GB-hour", os="linux", architecture="x86_64"),
}

_INVALIDATION = "Charge for invalidating objects removing the objects from CloudFront edge locations"
_CLOUDFRONT_DT = re.compile(r"^Regional DT from (.+) to Internet (First|Next|next|Over) ")
_DEDICATED_IP_SSL = "Charge for using an SSL certificate with a CloudFront alternate domain name"
_ORIGIN_SHIELD = "CloudFront Request-Origin-Shield Origin Shield Requests"
_FIELD_LEVEL_ENCRYPTION = "HTTPS Proxy requests with Field Level Encryption"
_CLOUDFRONT_ORIGIN = re.compile(r"^Regional DT to Origin from (.+)$")
_CLOUDFRONT_REQUESTS = re.compile(r"^Request (HTTPS?) Methods from (.+)$")
_EXTENDED_SUPPORT = re.compile(
    r"^(Any|Aurora MySQL|Aurora PostgreSQL|MySQL|PostgreSQL) (Year 1 Year 2|Year 3) (\d+(?: \d+)?)$")
_PERFORMANCE_INSIGHTS = re.compile(
    r"^Performance Insights (Aurora MySQL|Aurora PostgreSQL|Any) (Provisioned|Serverless)"
    r"(AMR|FMR) (vCPU|ACU) Months$")


def _feed_attrs(text: str) -> dict[str, str]:
    out = {}
    for part in (text or "").split(";"):
        key, sep, value = part.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def _dynamic_canon(feed: str, label: str, attrs: dict[str, str]) -> Canon | None:
    """Labels that carry a parameter (instance type, geography, engine version)."""
    if feed == "msk" and attrs.get("operation") == "RunBroker" and attrs.get("Compute Family"):
        return _c("msk", "broker_hours", "hour", instance_type=attrs["Compute Family"])
    if feed == "redshift" and "ECU" in attrs and attrs.get("Instance Type"):
        return _c("redshift", "node_hours", "hour", node_type=attrs["Instance Type"])
    if feed == "redshift" and "Concurrency Scaling" in label and attrs.get("Instance Type"):
        return _c("redshift", "concurrency_scaling", "node-second",
                  node_type=attrs["Instance Type"])
    if feed == "cloudfront":
        per_month = attrs.get("Per Month")
        if (match := _CLOUDFRONT_DT.match(label)) and per_month:
            end = None if per_month == "Inf" else int(per_month)
            return _c("cloudfront", "data_transfer_out", "GB", (0, end),
                      geography=match.group(1))
        if match := _CLOUDFRONT_ORIGIN.match(label):
            return _c("cloudfront", "data_transfer_to_origin", "GB", geography=match.group(1))
        if match := _CLOUDFRONT_REQUESTS.match(label):
            return _c("cloudfront", "requests", "requests", protocol=match.group(1).lower(),
                      geography=match.group(2))
        if label.startswith(_INVALIDATION):
            first_1000 = label.endswith("First 1000 free")
            return _c("cloudfront", "invalidation_paths", "paths",
                      (0, 1000) if first_1000 else (1000, INF))
    if feed == "cloudfront" and label == _DEDICATED_IP_SSL:
        return _c("cloudfront", "dedicated_ip_ssl", "certificate-month")
    if feed == "cloudfront" and label == _FIELD_LEVEL_ENCRYPTION:
        # per edge geography, which is not in the label (see services_feed_rows)
        return _c("cloudfront", "field_level_encryption_requests", "requests")
    if feed == "cloudfront" and label == _ORIGIN_SHIELD:
        # priced by the Origin Shield's AWS region: kept in `global` with that region as an
        # attribute (see services_feed_rows), since a distribution is not in that region
        return _c("cloudfront", "origin_shield_requests", "requests")
    if feed == "rds-aurora-storage" and (match := _EXTENDED_SUPPORT.match(label)):
        engine, years, version = match.groups()
        period = "year1-2" if years == "Year 1 Year 2" else "year3"
        return _c("rds", "extended_support", "vCPU-hour", engine=engine,
                  engine_version=version.replace(" ", "."), period=period)
    if feed == "rds-aurora-storage" and (match := _PERFORMANCE_INSIGHTS.match(label)):
        engine, compute, retention, basis = match.groups()
        return _c("rds", "performance_insights", f"{basis}-month", engine=engine,
                  compute=compute.lower(), retention=retention)
    return None


def canon_for(feed: str, label: str, feed_attributes: str = "") -> Canon | None:
    return FEED_PRODUCTS.get((feed, label)) or _dynamic_canon(
        feed, label, _feed_attrs(feed_attributes))


def _region(text: str) -> str:
    return "global" if text.startswith(("global", "cloudfront edge")) else text


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="") as handle:
        yield from csv.DictReader(handle)


def _tier_starts(rows: list[PriceRow]) -> list[PriceRow]:
    """CloudFront labels give only each tier's upper bound: a tier starts where the one below
    it ends (per product, attributes and region)."""
    out = []
    groups: dict[tuple, list[PriceRow]] = {}
    for row in rows:
        if row.service == "cloudfront" and row.product == "data_transfer_out":
            groups.setdefault((row.region, row.attrs), []).append(row)
        else:
            out.append(row)
    for tiers in groups.values():
        tiers.sort(key=lambda r: (r.tier_end is None, r.tier_end or 0))
        start = Decimal(0)
        for row in tiers:
            out.append(replace(row, tier_start=start))
            start = row.tier_end or start
    return out


def services_feed_rows(path: Path) -> list[PriceRow]:
    """Canonical rows from ``services_pricing_feeds_by_region_..._awspricewatcher.csv``."""
    rows = []
    for rec in _read(path):
        canon = canon_for(rec["service"], rec["aws_feed_key"], rec["feed_attributes"])
        if canon is None:
            continue
        start, end = canon.tier
        region, attrs = _region(rec["region"]), canon.attrs
        if canon.product == "origin_shield_requests":
            region, attrs = "global", {"shield_region": rec["region"]}
        if canon.product == "field_level_encryption_requests":
            attrs = {"geography": rec["aws_location"]}
        rows.append(PriceRow(
            provider="aws",
            service=canon.service,
            region=region,
            product=canon.product,
            attrs=make_attrs(attrs),
            unit=canon.unit,
            usd_price=Decimal(rec["usd_price"]),
            tier_start=Decimal(start),
            tier_end=None if end is None else Decimal(end),
            data_date=rec["data_date"][:10],
            source=rec["source"],
            sku=rec["aws_sku"],
        ))
    return _tier_starts(rows)


def _data_date(text: str) -> str:
    return text[:10] if len(text) >= 10 and text[4] == "-" else ""


def elasticache_feed_rows(path: Path) -> Iterator[PriceRow | OfferPrice]:
    """Node hours in Price List vocabulary; Serverless rows as canonical rows (no Price List
    vocabulary known to us)."""
    for rec in _read(path):
        engine = rec["cache_engine"]
        data_date = _data_date(rec["data_date"])
        if rec["kind"].startswith("node"):
            yield OfferPrice(
                offer_code="AmazonElastiCache",
                region=rec["region"],
                product_family="Cache Instance",
                usage_type=f"NodeUsage:{rec['node_type']}",
                unit="Hrs",
                usd_price=Decimal(rec["usd_price"]),
                attributes={"instancetype": rec["node_type"], "cacheengine": engine},
                data_date=data_date,
                source=rec["source"],
            )
        elif rec["kind"] == "serverless":
            ecpu = rec["unit"].startswith("ECPU")
            yield PriceRow(
                provider="aws",
                service="elasticache",
                region=rec["region"],
                product="serverless_ecpu" if ecpu else "serverless_storage",
                attrs=make_attrs({"engine": engine.lower()}),
                unit="ECPU" if ecpu else "GB-hour",
                usd_price=Decimal(rec["usd_price"]),
                data_date=data_date,
                source=rec["source"],
            )


def opensearch_feed_rows(path: Path) -> Iterator[PriceRow]:
    for rec in _read(path):
        if rec["kind"] != "instance":
            continue
        yield PriceRow(
            provider="aws",
            service="opensearch",
            region=rec["region"],
            product="instance",
            attrs=make_attrs({"instance_type": rec["instance_type"]}),
            unit="hour",
            usd_price=Decimal(rec["usd_price"]),
            data_date=_data_date(rec["data_date"]),
            source=rec["source"],
        )


_LICENSED_ENGINE_EDITION = re.compile(r"^(Oracle|SQL Server) (.+)$")


def rds_instance_feed_rows(path: Path) -> Iterator[OfferPrice]:
    """RDS instance hours (aws-price-watcher processed file) in Price List vocabulary."""
    for rec in _read(path):
        engine = rec["database_engine"]
        attrs = {"instancetype": rec["instance_class"], "licensemodel": rec["license_model"],
                 "deploymentoption": rec["deployment_option"].replace(
                     "Multi-AZ readable standbys", "Multi-AZ (readable standbys)")}
        match = _LICENSED_ENGINE_EDITION.match(engine)
        if match:
            engine = match.group(1)
            attrs["databaseedition"] = match.group(2)
        attrs["databaseengine"] = engine
        io_optimized = rec["aurora_storage_config"] == "I/O-Optimized"
        yield OfferPrice(
            offer_code="AmazonRDS",
            region=rec["region"],
            product_family="Database Instance",
            usage_type="InstanceUsageIOOptimized" if io_optimized else "InstanceUsage",
            unit="Hrs",
            usd_price=Decimal(rec["usd_price"]),
            attributes=attrs,
            data_date=_data_date(rec["data_date"]),
            source=rec["source"],
        )


# EBS feed labels in Price List vocabulary: (product family, usage type, volumeApiName).
# The generic labels ("Storage General Purpose GB Mo", ...) repeat the typed ones and are
# not used.
_EBS_FEED = {
    "Storage General Purpose gp2 GB Mo": ("Storage", "EBS:VolumeUsage.gp2", "gp2"),
    "Storage General Purpose gp3 GB Mo": ("Storage", "EBS:VolumeUsage.gp3", "gp3"),
    "Storage Provisioned IOPS io1 GB Mo": ("Storage", "EBS:VolumeUsage.piops", "io1"),
    "Storage Provisioned IOPS io2 GB month": ("Storage", "EBS:VolumeUsage.io2", "io2"),
    "Storage Throughput Optimized HDD st1 GB Mo": ("Storage", "EBS:VolumeUsage.st1", "st1"),
    "Storage Cold HDD sc1 GB Mo": ("Storage", "EBS:VolumeUsage.sc1", "sc1"),
    "Storage Magnetic standard GB Mo": ("Storage", "EBS:VolumeUsage", "standard"),
    "Provisioned EBS IOPS io1 Volumes per IOPS Mo": (
        "System Operation", "EBS:VolumeP-IOPS.piops", "io1"),
    "Provisioned EBS IOPS io2 Volumes per IOPS Mo": (
        "System Operation", "EBS:VolumeP-IOPS.io2", "io2"),
    "Provisioned EBS IOPS Tier 2 io2 Volumes per IOPS Mo": (
        "System Operation", "EBS:VolumeP-IOPS.io2.tier2", "io2"),
    "Provisioned EBS IOPS Tier 3 io2 Volumes per IOPS Mo": (
        "System Operation", "EBS:VolumeP-IOPS.io2.tier3", "io2"),
    "Provisioned EBS IOPS gp3 Volumes per IOPS Mo": (
        "System Operation", "EBS:VolumeP-IOPS.gp3", "gp3"),
    "Provisioned Throughput gp3 per GiBps mo": (
        "Provisioned Throughput", "EBS:VolumeP-Throughput.gp3", "gp3"),
    "Provisioned EBS I O Requests standard Volumes per IOs": (
        "System Operation", "EBS:VolumeIOUsage", "standard"),
    "Storage Snapshot Amazon S3 GB Mo": ("Storage Snapshot", "EBS:SnapshotUsage", ""),
    "Storage Snapshot Amazon S3 SnapshotArchiveStorage GB Mo": (
        "Storage Snapshot", "EBS:SnapshotArchiveStorage", ""),
    "Storage Snapshot Amazon S3 SnapshotArchiveRetrieval GB": (
        "Storage Snapshot", "EBS:SnapshotArchiveRetrieval", ""),
    "Fast Snapshot Restore per hours": ("Fast Snapshot Restore", "EBS:FastSnapshotRestore", ""),
}


def ebs_feed_rows(path: Path) -> Iterator[OfferPrice]:
    """The AWS Pricing Calculator's EBS feed (rosa-calculator copy), in Price List vocabulary."""
    for rec in _read(path):
        spec = _EBS_FEED.get(rec["aws_feed_key"])
        if spec is None or rec["unit"].startswith("see "):
            continue
        family, usage, volume = spec
        yield OfferPrice(
            offer_code="AmazonEC2",
            region=rec["region"],
            product_family=family,
            usage_type=usage,
            unit="GiBps-mo" if rec["unit"].startswith("GiBps") else rec["unit"],
            usd_price=Decimal(rec["usd_price"]),
            attributes={"volumeapiname": volume} if volume else {},
            data_date=rec["data_date"],
            source=rec["source"],
            sku=rec["aws_sku"],
        )


def janitor_rows(path: Path) -> Iterator[OfferPrice]:
    """The Janitor Price List extract (EBS + RDS backup, 3 regions), in Price List vocabulary."""
    for rec in _read(path):
        usage = rec["price_list_usage_type"]
        if rec["service"] == "rds":
            yield OfferPrice("AmazonRDS", rec["region"], "Storage Snapshot", usage,
                             rec["unit"], Decimal(rec["usd_price"]),
                             {"databaseengine": "Any"}, data_date=rec["data_date"],
                             source=rec["source"])
            continue
        volume = re.search(r"Volume API Name=(\w+)", usage)
        if volume:  # storage rows are described by attributes, not a usage type
            family, usage, attrs = "Storage", "EBS:VolumeUsage", {"volumeapiname": volume[1]}
        elif "Throughput" in usage:
            family, attrs = "Provisioned Throughput", {"volumeapiname": "gp3"}
        elif "IOPS" in usage:
            api = "io1" if usage.endswith(".piops") else usage.split(".")[1]
            family, attrs = "System Operation", {"volumeapiname": api}
        else:
            family, attrs = "Storage Snapshot", {}
        yield OfferPrice("AmazonEC2", rec["region"], family, usage, rec["unit"],
                         Decimal(rec["usd_price"]), attrs, data_date=rec["data_date"],
                         source=rec["source"])
