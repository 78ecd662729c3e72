"""Map one AWS Price List price (product family, attributes, usage type, price dimension) to our row.

This is the single path from AWS's official vocabulary to our canonical products. The shipped
snapshot builder feeds it records converted from the saved sources, and ``pricing update`` feeds
it records streamed from the official offer files, so both produce identical rows.

The canonical products (service/product, attributes, unit, tiers) and which of them this
mapper produces — i.e. which ones ``pricing update`` refreshes — are listed in ONE place:
``cost_gate/pricing/products_aws.md``. Products only the pricing-page feeds carry are mapped by
:mod:`cost_gate.pricing.aws_feeds` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from cost_gate.pricing.rows import PriceRow, make_attrs


def norm_key(name: str) -> str:
    """AWS spells attribute names three ways (instanceType, Instance Type, InstanceType)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class OfferPrice:
    """One on-demand price dimension of one AWS product, in Price List vocabulary."""

    offer_code: str  # AmazonEC2, AWSELB, AmazonRDS, ...
    region: str
    product_family: str
    usage_type: str
    unit: str
    usd_price: Decimal
    attributes: dict[str, str] = field(default_factory=dict)  # keys normalised by norm_key
    tier_start: Decimal = Decimal(0)
    tier_end: Decimal | None = None
    data_date: str = ""
    source: str = ""
    sku: str = ""

    def attr(self, name: str) -> str:
        return self.attributes.get(norm_key(name), "")


_REGION_PREFIX = re.compile(r"^[A-Z]{2,4}\d{0,2}(?:-[A-Z]{2,4}\d{0,2})?-(?=[A-Z])")
_GIB = Decimal(1024)
_VOLUME_API = {"gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"}
_RDS_VOLUME = {
    "general purpose": "gp2",
    "general purpose (ssd)": "gp2",
    "general purpose-gp3": "gp3",
    "provisioned iops": "io1",
    "provisioned iops (ssd)": "io1",
    "provisioned iops-io2": "io2",
    "magnetic": "standard",
}
LICENSED_ENGINES = ("Oracle", "SQL Server")
_LB_FAMILIES = {
    "load balancer": "classic",
    "load balancer-application": "application",
    "load balancer-network": "network",
    "load balancer-gateway": "gateway",
}


def base_usage_type(usage_type: str) -> str:
    """Strip the region prefix AWS puts on usage types outside us-east-1 (EU-, USE2-, ...)."""
    return _REGION_PREFIX.sub("", usage_type, count=1)


def map_offer_price(p: OfferPrice) -> PriceRow | None:
    """Return our row for this AWS price, or None when we do not use it."""
    mapper = _MAPPERS.get(p.offer_code)
    if mapper is None:
        return None
    mapped = mapper(p)
    if mapped is None:
        return None
    service, product, attrs, unit, price = mapped
    return PriceRow(
        provider="aws",
        service=service,
        region=p.region,
        product=product,
        attrs=make_attrs(attrs),
        unit=unit,
        usd_price=price,
        tier_start=p.tier_start,
        tier_end=p.tier_end,
        data_date=p.data_date,
        source=p.source,
        sku=p.sku,
    )


Mapped = tuple[str, str, dict[str, str], str, Decimal] | None


def _ec2(p: OfferPrice) -> Mapped:
    family = p.product_family.lower()
    usage = base_usage_type(p.usage_type)
    if family.startswith("compute instance"):
        if p.attr("capacitystatus") not in ("", "Used"):
            return None
        if p.attr("preInstalledSw") not in ("", "NA"):
            return None
        if p.attr("licenseModel").lower() == "bring your own license":
            return None
        itype = p.attr("instanceType")
        if not itype:
            return None
        if "EBSOptimized" in usage:
            return ("ec2", "ebs_optimized", {"instance_type": itype}, "hour", p.usd_price)
        tenancy = p.attr("tenancy") or "Shared"
        if tenancy not in ("Shared", "Dedicated"):
            return None
        os_name = p.attr("operatingSystem") or "Linux"
        attrs = {"instance_type": itype, "operating_system": os_name, "tenancy": tenancy}
        return ("ec2", "instance", attrs, "hour", p.usd_price)
    if family == "cpu credits":
        match = re.search(r"CPUCredits:(\w+)$", usage)
        if not match:
            return None
        attrs = {"family": match.group(1), "operating_system": p.attr("operatingSystem") or "Linux"}
        return ("ec2", "cpu_credits", attrs, "vCPU-hour", p.usd_price)
    volume = p.attr("volumeApiName")
    if family == "storage" and volume in _VOLUME_API and "outposts" not in usage.lower():
        return ("ebs", "storage", {"volume_type": volume}, "GB-month", p.usd_price)
    if family == "system operation" and volume in ("io1", "io2", "gp3") and "IOPS" in usage:
        tier = re.search(r"tier(\d)", usage)
        attrs = {"volume_type": volume, "tier": tier.group(1) if tier else "1"}
        return ("ebs", "iops", attrs, "IOPS-month", p.usd_price)
    if family == "provisioned throughput" and volume == "gp3":
        price = p.usd_price / _GIB if p.unit.lower().startswith("gibps") else p.usd_price
        return ("ebs", "throughput", {"volume_type": "gp3"}, "MiBps-month", price)
    if family == "storage snapshot":
        for suffix, product, unit in _SNAPSHOT_USAGE:
            if usage.endswith(suffix):
                return ("ebs", product, {}, unit, p.usd_price)
        return None
    if family == "fast snapshot restore" and usage.endswith("EBS:FastSnapshotRestore"):
        return ("ebs", "fast_snapshot_restore", {}, "DSU-hour", p.usd_price)
    if family == "system operation" and usage.endswith("EBS:VolumeIOUsage"):
        return ("ebs", "io_requests", {"volume_type": "standard"}, "requests", p.usd_price)
    if family == "nat gateway":
        if usage.endswith("NatGateway-Hours"):
            return ("vpc", "nat_gateway_hours", {}, "hour", p.usd_price)
        if usage.endswith("NatGateway-Bytes"):
            return ("vpc", "nat_gateway_data", {}, "GB", p.usd_price)
    return None


_SNAPSHOT_USAGE = (
    ("EBS:SnapshotUsage", "snapshot", "GB-month"),
    ("EBS:SnapshotArchiveStorage", "snapshot_archive", "GB-month"),
    ("EBS:SnapshotArchiveRetrieval", "snapshot_archive_retrieval", "GB"),
)


def _vpc(p: OfferPrice) -> Mapped:
    usage = base_usage_type(p.usage_type)
    if "PublicIPv4:InUseAddress" in usage:
        return ("vpc", "public_ipv4", {"state": "in_use"}, "hour", p.usd_price)
    if "PublicIPv4:IdleAddress" in usage:
        return ("vpc", "public_ipv4", {"state": "idle"}, "hour", p.usd_price)
    return None


def _elb(p: OfferPrice) -> Mapped:
    lb_type = _LB_FAMILIES.get(p.product_family.lower())
    usage = p.usage_type
    if lb_type is None or "Outpost" in usage or "Reserved" in usage or "TS-" in usage:
        return None
    if p.attr("locationType") not in ("", "AWS Region"):
        return None
    usage = base_usage_type(usage)
    if usage == "LoadBalancerUsage":
        return ("elb", "lb_hours", {"lb_type": lb_type}, "hour", p.usd_price)
    if usage == "LCUUsage" and lb_type != "classic":
        return ("elb", "capacity_units", {"lb_type": lb_type}, "LCU-hour", p.usd_price)
    if usage == "DataProcessing-Bytes" and lb_type == "classic":
        return ("elb", "classic_data", {}, "GB", p.usd_price)
    return None


_RDS_DEPLOYMENTS = {"Single-AZ", "Multi-AZ", "Multi-AZ (readable standbys)"}
_AURORA_VOLUMES = {"general purpose-aurora": "standard", "io optimized-aurora": "io_optimized"}
_PI_PLANS = re.compile(r"PI_LTR_(FMR|AMR):(Provisioned|Serverless)$")
_EXTENDED_SUPPORT = re.compile(r"ExtendedSupport:(Yr1-Yr2|Yr3):")


def _storage_config(usage: str) -> str:
    return "io_optimized" if "IOOptimized" in usage else "standard"


_RDS_CPU_CREDITS = re.compile(r"CPUCredits:db\.(t\d+g?)$")


def _rds(p: OfferPrice) -> Mapped:
    family = p.product_family.lower()
    engine = p.attr("databaseEngine")
    deployment = p.attr("deploymentOption")
    usage = base_usage_type(p.usage_type)
    if not engine or "outpost" in engine.lower() or "Custom" in usage:
        return None
    if deployment and deployment not in _RDS_DEPLOYMENTS:
        return None  # SQL Server Mirror, Outposts, ... (priced like Multi-AZ, not used)
    if family == "database instance":
        itype = p.attr("instanceType")
        if not itype or not deployment:
            return None
        attrs = {"instance_class": itype, "engine": engine, "deployment": deployment}
        if engine in LICENSED_ENGINES:
            # Oracle/SQL Server prices depend on edition and license model; a row that
            # does not say which is ambiguous and is not used.
            edition, license_model = p.attr("databaseEdition"), p.attr("licenseModel")
            if not edition or not license_model:
                return None
            attrs.update(edition=edition, license_model=license_model)
        if engine.startswith("Aurora") and "IOOptimized" in usage:
            attrs["storage_config"] = "io_optimized"
        return ("rds", "instance", attrs, "hour", p.usd_price)
    if p.attr("databaseEdition") or "Mirror" in usage:
        return None
    if family == "cpu credits" and (match := _RDS_CPU_CREDITS.search(usage)):
        if engine in LICENSED_ENGINES:
            return None  # one row per edition/licence, none says which: ambiguous
        attrs = {"family": match.group(1), "engine": engine}
        return ("rds", "cpu_credits", attrs, "vCPU-hour", p.usd_price)
    if family == "database storage" and deployment:
        volume_type = p.attr("volumeType").lower()
        aurora = _AURORA_VOLUMES.get(volume_type)
        if aurora is not None:
            attrs = {"engine": engine, "storage_config": aurora}
            return ("rds", "aurora_storage", attrs, "GB-month", p.usd_price)
        volume = _RDS_VOLUME.get(volume_type)
        if volume is None:
            return None
        attrs = {"volume_type": volume, "engine": engine, "deployment": deployment}
        return ("rds", "storage", attrs, "GB-month", p.usd_price)
    if family == "provisioned iops" and deployment:
        volume = "gp3" if "GP3" in usage else "io2" if "IO2" in usage.upper() else "io1"
        attrs = {"volume_type": volume, "engine": engine, "deployment": deployment}
        return ("rds", "iops", attrs, "IOPS-month", p.usd_price)
    if family == "provisioned throughput" and "GP3" in usage and deployment:
        attrs = {"volume_type": "gp3", "engine": engine, "deployment": deployment}
        return ("rds", "throughput", attrs, "MBps-month", p.usd_price)
    if family == "storage snapshot":
        if usage.endswith("RDS:ChargedBackupUsage") or usage.endswith("Aurora:BackupUsage"):
            return ("rds", "backup_storage", {"engine": engine}, "GB-month", p.usd_price)
        return None
    if family == "system operation" and usage.endswith("RDS:StorageIOUsage"):
        return ("rds", "io_requests", {"volume_type": "standard"}, "requests", p.usd_price)
    if family == "system operation" and usage.endswith("Aurora:StorageIOUsage"):
        return ("rds", "aurora_io", {"engine": engine}, "requests", p.usd_price)
    if family == "serverlessv2" and "ServerlessV2" in usage:
        attrs = {"engine": engine, "storage_config": _storage_config(usage)}
        return ("rds", "serverless_v2", attrs, "ACU-hour", p.usd_price)
    if family == "serverless" and usage.endswith("Aurora:ServerlessUsage"):
        return ("rds", "serverless_v1", {"engine": engine}, "ACU-hour", p.usd_price)
    if family == "rdsproxy":
        if usage.endswith("RDS:ProxyUsage"):
            return ("rds", "proxy", {"engine": engine, "basis": "vcpu"}, "vCPU-hour", p.usd_price)
        if usage.endswith("RDS:Proxy-ASv2-Usage"):
            return ("rds", "proxy", {"engine": engine, "basis": "acu"}, "ACU-hour", p.usd_price)
        return None
    if family == "performance insights":
        match = _PI_PLANS.search(usage)
        if not match:
            return None
        compute = match.group(2).lower()
        attrs = {"engine": engine, "compute": compute, "retention": match.group(1)}
        unit = "vCPU-month" if compute == "provisioned" else "ACU-month"
        return ("rds", "performance_insights", attrs, unit, p.usd_price)
    match = _EXTENDED_SUPPORT.search(usage)
    if match and p.attr("engineMajorVersion"):
        period = {"Yr1-Yr2": "year1-2", "Yr3": "year3"}[match.group(1)]
        attrs = {"engine": engine, "engine_version": p.attr("engineMajorVersion"),
                 "period": period}
        return ("rds", "extended_support", attrs, "vCPU-hour", p.usd_price)
    return None


def _elasticache(p: OfferPrice) -> Mapped:
    if p.product_family.lower() == "storage snapshot" and \
            p.usage_type.endswith("ElastiCache:BackupUsage"):
        return ("elasticache", "backup_storage", {}, "GB-month", p.usd_price)
    if p.product_family.lower() != "cache instance":
        return None
    usage = p.usage_type
    if "ExtendedSupport" in usage or "SyncDurability" in usage or "Outpost" in usage:
        return None
    node = p.attr("instanceType")
    engine = p.attr("cacheEngine")
    if not node or not engine:
        return None
    attrs = {"node_type": node, "engine": engine.lower()}
    return ("elasticache", "node", attrs, "hour", p.usd_price)


def _eks(p: OfferPrice) -> Mapped:
    usage = base_usage_type(p.usage_type)
    if usage.endswith("AmazonEKS-Hours:perCluster"):
        return ("eks", "cluster_hours", {"support": "standard"}, "hour", p.usd_price)
    if usage.endswith("AmazonEKS-Hours:extendedSupport"):
        # billed on top of the per-cluster hour (0.10 + 0.50 = AWS's stated 0.60 in total)
        return ("eks", "extended_support_hours", {}, "hour", p.usd_price)
    return None


def _s3(p: OfferPrice) -> Mapped:
    usage = base_usage_type(p.usage_type)
    family = p.product_family.lower()
    if family == "storage" and usage == "TimedStorage-ByteHrs":
        if p.attr("volumeType") != "Standard" or p.unit != "GB-Mo":
            return None
        return ("s3", "storage", {"storage_class": "standard"}, "GB-month", p.usd_price)
    if family == "api request" and usage in ("Requests-Tier1", "Requests-Tier2"):
        return ("s3", "requests", {"tier": usage[-1]}, "requests", p.usd_price)
    return None


def _lambda(p: OfferPrice) -> Mapped:
    if p.product_family.lower() != "serverless":
        return None
    usage = base_usage_type(p.usage_type)
    x86 = {"architecture": "x86_64"}
    if usage == "Request" and p.attr("group") == "AWS-Lambda-Requests":
        return ("lambda", "requests", x86, "requests", p.usd_price)
    if usage == "Lambda-GB-Second" and p.attr("group") == "AWS-Lambda-Duration":
        return ("lambda", "duration", x86, "GB-second", p.usd_price)
    return None


_SQS_QUEUES = {"standard": "standard", "fifo (first-in, first-out)": "fifo"}


def _sqs(p: OfferPrice) -> Mapped:
    queue = _SQS_QUEUES.get(p.attr("queueType").lower())
    if p.product_family.lower() != "api request" or queue is None:
        return None
    return ("sqs", "requests", {"queue_type": queue}, "requests", p.usd_price)


def _ecs(p: OfferPrice) -> Mapped:
    # Linux/x86 Fargate only: ARM, Windows, Spot and ephemeral storage have other usage types.
    usage = base_usage_type(p.usage_type)
    attrs = {"os": "linux", "architecture": "x86_64"}
    if usage == "Fargate-vCPU-Hours:perCPU":
        return ("ecs", "fargate_vcpu_hours", attrs, "vCPU-hour", p.usd_price)
    if usage == "Fargate-GB-Hours":
        return ("ecs", "fargate_gb_hours", attrs, "GB-hour", p.usd_price)
    return None


def _apigateway(p: OfferPrice) -> Mapped:
    if base_usage_type(p.usage_type) == "ApiGatewayHttpRequest":
        return ("apigateway", "http_requests", {}, "requests", p.usd_price)
    return None


_CW_ALARMS = {
    "CW:AlarmMonitorUsage": "standard",
    "CW:HighResAlarmMonitorUsage": "high_resolution",
    "CW:CompositeAlarmMonitorUsage": "composite",
    "CW:MetricInsightAlarmUsage": "metrics_insights",
}
_CW_API = {"CW:Requests": "standard", "CW:GMD-Metrics": "GetMetricData",
           "CW:GIRR-Metrics": "GetInsightRuleReport", "CW:GMWI-Metrics": "GetMetricWidgetImage"}


def _cloudwatch(p: OfferPrice) -> Mapped:
    family = p.product_family.lower()
    usage = base_usage_type(p.usage_type)
    if usage.startswith("Global"):
        return None  # monthly free-tier bundles
    if family == "metric" and usage == "CW:MetricMonitorUsage":
        return ("cloudwatch", "metrics", {}, "metric-month", p.usd_price)
    if family == "alarm" and usage in _CW_ALARMS:
        return ("cloudwatch", "alarm", {"type": _CW_ALARMS[usage]}, "alarm-month", p.usd_price)
    if family == "data payload" and usage == "DataProcessing-Bytes":
        return ("cloudwatch", "logs_ingestion", {"log_class": "standard"}, "GB", p.usd_price)
    if family == "data payload" and usage == "VendedLog-Bytes":
        return ("cloudwatch", "vended_logs_ingestion", {"log_class": "standard"}, "GB",
                p.usd_price)
    if family == "data payload" and usage == "DataScanned-Bytes":
        return ("cloudwatch", "logs_insights_scanned", {}, "GB", p.usd_price)
    if family == "storage snapshot" and usage == "TimedStorage-ByteHrs":
        return ("cloudwatch", "logs_storage", {}, "GB-month", p.usd_price)
    if family == "api request" and usage in _CW_API:
        return ("cloudwatch", "api_requests", {"api": _CW_API[usage]}, "requests", p.usd_price)
    if family == "metric streams" and usage == "CW:MetricStreamUsage":
        return ("cloudwatch", "metric_stream_updates", {}, "metric updates", p.usd_price)
    if family == "canaries" and usage == "CW:Canary-runs":
        return ("cloudwatch", "canary_runs", {}, "runs", p.usd_price)
    return None


_MAPPERS = {
    "AmazonCloudWatch": _cloudwatch,
    "AmazonEC2": _ec2,
    "AmazonVPC": _vpc,
    "AWSELB": _elb,
    "AmazonRDS": _rds,
    "AmazonElastiCache": _elasticache,
    "AmazonEKS": _eks,
    "AmazonS3": _s3,
    "AWSLambda": _lambda,
    "AWSQueueService": _sqs,
    "AmazonECS": _ecs,
    "AmazonApiGateway": _apigateway,
}

# Offer codes whose prices we map; `pricing update` downloads only these.
MAPPED_OFFER_CODES = tuple(_MAPPERS)
