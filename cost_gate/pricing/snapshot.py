"""Build the shipped snapshot (``pricing_data/``) from the saved public price sources.

Each saved source file is read by a small adapter that turns its rows into
:class:`~cost_gate.pricing.aws_mapper.OfferPrice` records — AWS Price List vocabulary — and the
same :func:`~cost_gate.pricing.aws_mapper.map_offer_price` used by ``pricing update`` produces
our rows. Where sources overlap, the newest data wins (see :func:`rank`), with the documented
exceptions in ``pricing_data/SOURCES.md``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from cost_gate.pricing import aws_feeds
from cost_gate.pricing.aws_mapper import OfferPrice, map_offer_price, norm_key
from cost_gate.pricing.dataset import choose_newest, write_dataset
from cost_gate.pricing.rows import PriceRow, attrs_to_text

# Sources whose content is newer than 2025 but whose exact data date is not known rank here.
UNKNOWN_DATE_RANK = "2025-01-01"


@dataclass(frozen=True)
class Source:
    description: str
    url: str
    data_date: str  # "" when the source does not state one


# The saved source files read, in ../shared/pricing-sources (see its SOURCES.md).
SOURCE_FILES = (
    "aws/ec2_ondemand_linux_karpenter.csv",
    "aws/ec2_ondemand_linux_multiregion_skypilot.csv",
    "aws/ec2_ondemand_windows_us-east-1_flexera.csv",
    "aws/ec2_ondemand_eu-west-1_2023-02-23_terracost.csv",
    "aws/price_list_eu-west-1_2023-02-23_terracost.csv",
    "aws/rds_instance_ondemand_2023-03-01_flexera.csv",
    "aws/rds_instance_ondemand_current_flexera.csv",
    "aws/services_4regions_2026-09_togen.csv",
    "aws/services_more-regions_2026-09_togen.csv",
    "aws/price_list_eu-west-2_2026-09_togen_slices.csv",
    "aws/ebs_nat_ipv4_egress_by_region_2026-09-03_ec2vps.csv",
    "aws/services_official_statements.csv",
    "aws/services_pricing_feeds_by_region_2025-12_awspricewatcher.csv",
    "aws/elasticache_nodes_serverless_by_region_2025-12_awspricewatcher.csv",
    "aws/rds_instance_ondemand_by_region_2025-12_awspricewatcher.csv",
    "aws/opensearch_instances_by_region_2025-12_awspricewatcher.csv",
    "aws/ec2_ondemand_linux_by_region_2025-11_awspricewatcher.csv",
    "aws/ebs_all_volume_types_by_region_2025-10-28_rosafeed.csv",
    "aws/ebs_io1_io2_snapshot_rds_backup_3regions_2026-10-06_janitor.csv",
)

_TOGEN = "https://github.com/mooncitizen/togen"
_FLEXERA = "https://github.com/flexera-public/policy_templates"

# Provenance of every source id that can appear in a row's `source` column.
SOURCES: dict[str, Source] = {
    "karpenter-aws": Source(
        "EC2 Linux on-demand, us-east-1, all types (Karpenter generated table)",
        "https://github.com/aws/karpenter-provider-aws@6fc13b5236fd", "2026-07-20"),
    "karpenter-aws-usgov": Source(
        "EC2 Linux on-demand, GovCloud (Karpenter generated table)",
        "https://github.com/aws/karpenter-provider-aws@6fc13b5236fd", "2026-07-20"),
    "skypilot-catalog-v8-aws": Source(
        "EC2 Linux on-demand, 24 regions, 39 families (SkyPilot catalog v8; date not stated)",
        "https://github.com/skypilot-org/skypilot-catalog@00148f2af367", ""),
    "flexera-ec2-127f936c": Source(
        "EC2 Windows (license included), us-east-1", f"{_FLEXERA}@127f936c2fc6", "2026-08-09"),
    "terracost-testdata-2023-02-23": Source(
        "EC2, EBS, NAT, ELB, RDS storage/IOPS, ElastiCache, eu-west-1 (terracost pricing dump)",
        "https://github.com/cycloidio/terracost@c8064e8623e6", "2023-02-23"),
    "flexera-rds-2023-03-01": Source(
        "RDS instance hourly, all regions", f"{_FLEXERA}@52fd12579630", "2023-03-01"),
    "flexera-rds-current-09ce4496": Source(
        "RDS db.m7g/db.r7g/db.m8g MySQL/PostgreSQL/MariaDB, 5 regions (date not stated)",
        f"{_FLEXERA}@09ce44964ac6", ""),
    "togen-awselb-us-east-1-offer-slice": Source(
        "ELB all types, us-east-1 (verbatim AWS Price List CSV slice, offer 20260831092255)",
        f"{_TOGEN}@fdee117423ce", "2026-08-31"),
    "togen-prices-aws-json-a5b2dad6": Source(
        "ALB hour, NAT hour, ElastiCache, RDS, S3, Lambda, SQS, Fargate, API Gateway, 23 regions "
        "(AWS Price List offer extracts)",
        f"{_TOGEN}@a5b2dad6d5c9", "2026-09-06"),
    "togen-amazonrds-eu-west-2-offer-slice": Source(
        "RDS eu-west-2 (verbatim AWS Price List CSV slice)", f"{_TOGEN}@07fe203df184",
        "2026-09-04"),
    "togen-amazonelasticache-eu-west-2-offer-slice": Source(
        "ElastiCache eu-west-2 (verbatim AWS Price List CSV slice)", f"{_TOGEN}@fdee117423ce",
        "2026-09-03"),
    "ec2vps-rates-json-01472877": Source(
        "EBS, NAT, public IPv4, 23 regions (AWS pricing-page feeds)",
        "https://github.com/iammanis/ec2-vps@01472877498e", "2026-09-03"),
    "aws-blog-eks-extended-support-pricing": Source(
        "EKS cluster hour, standard and extended support (official AWS statement)",
        "https://aws.amazon.com/blogs/containers/"
        "amazon-eks-extended-support-for-kubernetes-versions-pricing/", "2024-04-01"),
}

_PRICE_WATCHER = "https://github.com/v0rts/aws-price-watcher"
# aws-price-watcher commits (first 8 characters) -> (the feeds read at that commit, data date).
_PRICE_WATCHER_FEEDS = {
    "0fe0fdde": ("SQS", "2025-08-28"),
    "120eb93b": ("DynamoDB", "2025-08-28"),
    "1a6b4b7c": ("EKS", "2025-09-26"),
    "2b8a61f1": ("VPC", "2025-11-19"),
    "3000b0a3": ("Kinesis", "2025-11-18"),
    "391f4a46": ("MSK", "2025-11-20"),
    "40198644": ("EventBridge", "2025-09-11"),
    "41e3f457": ("RDS storage, Aurora storage, RDS Proxy", "2025-12-05"),
    "5a94bb2b": ("KMS", "2025-08-28"),
    "5cb24974": ("Route 53", "2025-08-28"),
    "8ceef26a": ("API Gateway", "2025-11-20"),
    "91cf8f2e": ("WAF", "2025-10-03"),
    "993ef3ad": ("CloudFront", "2025-07-01"),
    "a72b022a": ("ECR", "2025-11-21"),
    "ac88588f": ("CloudWatch", "2025-12-03"),
    "bdf667bd": ("Secrets Manager, SNS, Step Functions", "2025-08-28"),
    "d48e959f": ("ELB", "2025-11-03"),
    "d6499ea2": ("Lambda, S3", "2025-12-02"),
    "ef21811d": ("Redshift", "2025-10-27"),
    "fe4f893c": ("EFS", "2025-09-25"),
}
_PRICE_WATCHER_PROCESSED = {
    "f13d12cc": ("ElastiCache nodes + Serverless, RDS SQL Server instances", "2025-12-05"),
    "2fd4eb45": ("RDS Aurora instances (Standard and I/O-Optimized)", "2025-11-18"),
    "a887733e": ("RDS MySQL/PostgreSQL/MariaDB instances", "2025-10-15"),
    "db7ba01d": ("RDS Oracle SE2 (license included) instances", "2025-11-24"),
    "cf3584b4": ("OpenSearch instance hours", "2025-12-03"),
    "391f4a46": ("EC2 Linux on-demand, 852 types", "2025-11-20"),
}
SOURCES.update({
    f"awspricewatcher-v0rts-{commit}": Source(
        f"{feeds}, 36 regions (AWS pricing-page feeds)", f"{_PRICE_WATCHER}@{commit}", date)
    for commit, (feeds, date) in _PRICE_WATCHER_FEEDS.items()
})
SOURCES.update({
    f"awspricewatcher-v0rts-processed-{commit}": Source(
        f"{what}, 36 regions (AWS pricing-page feeds, processed)", f"{_PRICE_WATCHER}@{commit}",
        date)
    for commit, (what, date) in _PRICE_WATCHER_PROCESSED.items()
})
SOURCES["rosa-calculator-ebs-feed-bf29b7ce"] = Source(
    "EBS all volume types, IOPS tiers, snapshots, FSR, 36 regions (AWS Pricing Calculator feed)",
    "https://github.com/jimgarrett123/rosa-calculator@78e72bb06fa2", "2025-10-28")
SOURCES["janitor-fixtures-prices-5cd12c81"] = Source(
    "EBS io1/io2/gp3, snapshots, RDS backup, 3 regions (AWS Price List extract)",
    "https://github.com/shubhamsugara/Janitor@5cd12c812b40", "2026-10-06")

_SOURCE_DATES = {key: s.data_date for key, s in SOURCES.items()}

# A disagreement smaller than this (relative to the kept price) is rounding, not a conflict.
DISAGREEMENT_THRESHOLD = Decimal("0.01")


def known_bad(row: PriceRow) -> bool:
    """Rows SOURCES.md lists as wrong in their source ("Known data issues"); never shipped.

    Flexera's 2023-03-01 ap-northeast-3 MariaDB db.m5/db.r5 8xlarge/16xlarge are ~7x the real
    price. (The other listed issue, terracost's eu-west-1 cache.m5/cache.r5 rows at ~40%, are
    the Outposts usage types ``EU-Outpost-NodeUsage:*``, which the mapper never uses; its
    regular node rows equal the 2025 feed.)
    """
    if row.source == "flexera-rds-2023-03-01" and row.region == "ap-northeast-3":
        attrs = dict(row.attrs)
        return attrs.get("engine") == "MariaDB" and attrs.get("instance_class", "") in {
            f"db.{family}.{size}" for family in ("m5", "r5") for size in ("8xlarge", "16xlarge")}
    return False


def rank(row: PriceRow) -> tuple:
    """Newest data wins; karpenter's bare-metal us-east-1 prices lose to any other source.

    Karpenter's `.metal*` prices are 6-10% above both SkyPilot and Flexera, which agree with
    each other (see pricing_data/SOURCES.md, "Known disagreements").
    """
    attrs = dict(row.attrs)
    odd_metal = row.source.startswith("karpenter") and ".metal" in attrs.get("instance_type", "")
    return (not odd_metal, row.data_date or UNKNOWN_DATE_RANK, row.source)


def _date(text: str) -> str:
    return text[:10] if len(text) >= 10 and text[4] == "-" else ""


def _attrs(text: str) -> dict[str, str]:
    out = {}
    for part in (text or "").split(";"):
        key, sep, value = part.partition("=")
        if sep:
            out[norm_key(key)] = value
    return out


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="") as handle:
        yield from csv.DictReader(handle)


def _ec2_instance_rows(path: Path) -> Iterator[OfferPrice]:
    for rec in _read(path):
        if rec.get("currency", "USD") != "USD":
            continue
        attrs = {
            "instancetype": rec["instance_type"],
            "operatingsystem": rec["operating_system"],
            "tenancy": rec.get("tenancy", "Shared"),
            "licensemodel": rec.get("license_model", ""),
            "preinstalledsw": rec.get("pre_installed_sw", "NA"),
        }
        source = rec["source"]
        yield OfferPrice(
            offer_code="AmazonEC2",
            region=rec["region"],
            product_family="Compute Instance",
            usage_type="BoxUsage",
            unit="Hrs",
            usd_price=Decimal(rec.get("usd_price") or rec["price"]),
            attributes=attrs,
            data_date=_date(rec.get("data_date", "")) or _SOURCE_DATES.get(source, ""),
            source=source,
            sku=rec.get("aws_sku", ""),
        )


def _rds_instance_rows(path: Path) -> Iterator[OfferPrice]:
    for rec in _read(path):
        if rec["region"] == "None":
            continue
        yield OfferPrice(
            offer_code="AmazonRDS",
            region=rec["region"],
            product_family="Database Instance",
            usage_type="InstanceUsage",
            unit="Hrs",
            usd_price=Decimal(rec["usd_price"]),
            attributes={
                "instancetype": rec["instance_class"],
                "databaseengine": rec["database_engine"],
                "deploymentoption": rec["deployment_option"],
            },
            data_date=_date(rec["data_date"]),
            source=rec["source"],
            sku=rec["aws_sku"],
        )


def _price_list_rows(path: Path) -> Iterator[OfferPrice]:
    """Rows already in Price List vocabulary (terracost dump, togen offer slices)."""
    for rec in _read(path):
        if rec["region"] in ("none", "global", ""):
            continue
        tier_end = rec.get("tier_end", "")
        yield OfferPrice(
            offer_code=rec["service"],
            region=rec["region"],
            product_family=rec["product_family"],
            usage_type=rec["usage_type"],
            unit=rec["unit"],
            usd_price=Decimal(rec["usd_price"]),
            attributes=_attrs(rec["attributes"]),
            tier_start=Decimal(rec["tier_start"] or 0),
            tier_end=None if tier_end in ("", "Inf") else Decimal(tier_end),
            data_date=_date(rec["data_date"]),
            source=rec["source"],
            sku=rec["aws_sku"],
        )


# ec2-vps feed products expressed in Price List vocabulary:
# product name -> (offer code, product family, usage type, volumeApiName)
_FEED_PRODUCTS = {
    "gp3 volume storage": ("AmazonEC2", "Storage", "EBS:VolumeUsage.gp3", "gp3"),
    "gp2 volume storage": ("AmazonEC2", "Storage", "EBS:VolumeUsage.gp2", "gp2"),
    "st1 volume storage": ("AmazonEC2", "Storage", "EBS:VolumeUsage.st1", "st1"),
    "sc1 volume storage": ("AmazonEC2", "Storage", "EBS:VolumeUsage.sc1", "sc1"),
    "magnetic (standard) volume storage": ("AmazonEC2", "Storage", "EBS:VolumeUsage", "standard"),
    "gp3 provisioned IOPS": ("AmazonEC2", "System Operation", "EBS:VolumeP-IOPS.gp3", "gp3"),
    "EBS snapshot storage (standard tier)": ("AmazonEC2", "Storage Snapshot", "EBS:SnapshotUsage", ""),
    "NAT gateway hour": ("AmazonEC2", "NAT Gateway", "NatGateway-Hours", ""),
    "NAT gateway data processed": ("AmazonEC2", "NAT Gateway", "NatGateway-Bytes", ""),
    "public IPv4 address in use": ("AmazonVPC", "IP Address", "PublicIPv4:InUseAddress", ""),
    "public IPv4 address idle": ("AmazonVPC", "IP Address", "PublicIPv4:IdleAddress", ""),
}


def _feed_rows(path: Path) -> Iterator[OfferPrice]:
    for rec in _read(path):
        product = rec["product"]
        if product.startswith("gp3 provisioned throughput"):
            spec = ("AmazonEC2", "Provisioned Throughput", "EBS:VolumeP-Throughput.gp3", "gp3")
        else:
            spec = _FEED_PRODUCTS.get(product)
        if spec is None:
            continue
        offer, family, usage, volume = spec
        yield OfferPrice(
            offer_code=offer,
            region=rec["region"],
            product_family=family,
            usage_type=usage,
            unit=rec["unit"],
            usd_price=Decimal(rec["usd_price"]),
            attributes={"volumeapiname": volume} if volume else {},
            data_date=rec["data_date"],
            source=rec["source"],
        )


def _statement_rows(path: Path) -> Iterator[PriceRow]:
    """EKS per-cluster prices as AWS states them (totals, region-less): not Price List rows."""
    for rec in _read(path):
        if rec["service"] != "eks":
            continue
        support = "extended" if "extended support" in rec["product"] else "standard"
        yield PriceRow(
            provider="aws",
            service="eks",
            region="global",
            product="cluster_hours",
            attrs=(("support", support),),
            unit="hour",
            usd_price=Decimal(rec["usd_price"]),
            data_date=_date(rec["effective_date"]),
            source=rec["source"],
        )


# Verbatim Price List CSV slices whose Reserved rows are kept (as reserved products/attributes).
RESERVED_SLICES = {
    "aws/offer-file-samples/togen_amazonrds_eu-west-2_pricelist_csv_slice_2026-09-04.csv":
        "togen-amazonrds-eu-west-2-offer-slice",
    "aws/offer-file-samples/togen_amazonelasticache_eu-west-2_pricelist_csv_slice_2026-09-03.csv":
        "togen-amazonelasticache-eu-west-2-offer-slice",
}


def reserved_rows(path: Path, source: str) -> Iterator[PriceRow]:
    """Reserved rates of a Price List CSV slice, kept apart from on-demand prices.

    The hourly rate is the on-demand product plus ``term`` (reserved-1y/-3y),
    ``purchase_option`` and ``offering_class`` attributes — an on-demand lookup never matches
    it; the upfront fee is ``<product>_reserved_upfront`` (one-time, per instance or node).
    """
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        meta: dict[str, str] = {}
        for rec in reader:
            if rec and rec[0] == "SKU":
                keys = [norm_key(name) for name in rec]
                break
            if len(rec) >= 2:
                meta[rec[0]] = rec[1]
        for rec in reader:
            attrs = {k: v for k, v in zip(keys, rec, strict=True) if v}
            if attrs.get("termtype") != "Reserved":
                continue
            price = OfferPrice(
                offer_code=attrs["servicecode"], region=attrs["regioncode"],
                product_family=attrs["productfamily"], usage_type=attrs.get("usagetype", ""),
                unit=attrs["unit"], usd_price=Decimal(attrs["priceperunit"]), attributes=attrs,
                data_date=meta.get("Publication Date", "")[:10], source=source, sku=attrs["sku"])
            row = map_offer_price(price)
            if row is None:
                continue
            years = attrs["leasecontractlength"].removesuffix("yr")
            term = {"term": f"reserved-{years}y",
                    "purchase_option": attrs["purchaseoption"].lower().replace(" ", "_"),
                    "offering_class": attrs.get("offeringclass", "standard")}
            upfront = attrs["unit"] == "Quantity"
            yield replace(
                row, attrs=tuple(sorted({**dict(row.attrs), **term}.items())),
                product=f"{row.product}_reserved_upfront" if upfront else row.product,
                unit="one-time" if upfront else row.unit)


def read_sources(shared: Path) -> Iterator[OfferPrice | PriceRow]:
    """Every saved AWS source row, in Price List vocabulary (or already canonical for the
    pricing-page feeds, see :mod:`cost_gate.pricing.aws_feeds`)."""
    base = shared / "pricing-sources"
    for rel, source in RESERVED_SLICES.items():
        yield from reserved_rows(base / rel, source)
    for rel in SOURCE_FILES:
        path = base / rel
        name = path.name
        if name.startswith("services_pricing_feeds"):
            yield from aws_feeds.services_feed_rows(path)
        elif name.startswith("elasticache_nodes"):
            yield from aws_feeds.elasticache_feed_rows(path)
        elif name.startswith("opensearch_instances"):
            yield from aws_feeds.opensearch_feed_rows(path)
        elif name.startswith("rds_instance_ondemand_by_region"):
            yield from aws_feeds.rds_instance_feed_rows(path)
        elif name.startswith("ebs_all_volume_types"):
            yield from aws_feeds.ebs_feed_rows(path)
        elif name.startswith("ebs_io1_io2"):
            yield from aws_feeds.janitor_rows(path)
        elif name.startswith("ec2_ondemand"):
            yield from _ec2_instance_rows(path)
        elif name.startswith("rds_instance"):
            yield from _rds_instance_rows(path)
        elif name.startswith(("price_list", "services_4regions", "services_more")):
            yield from _price_list_rows(path)
        elif name.startswith("ebs_nat_ipv4"):
            yield from _feed_rows(path)
        elif name.startswith("services_official"):
            yield from _statement_rows(path)


def build_snapshot(shared: Path, out: Path) -> dict:
    """Build ``out`` (pricing_data/) from ``shared``; returns the manifest."""
    # Imported here: the Azure/GCP adapters import `Source` from this module.
    from cost_gate.pricing import region_lists, snapshot_azure_gcp

    mapped = [row for rec in read_sources(shared)
              if (row := rec if isinstance(rec, PriceRow) else map_offer_price(rec)) is not None
              and not known_bad(row)]
    mapped += snapshot_azure_gcp.read_azure_gcp_rows(shared)
    chosen, disagreements = choose_newest(mapped, rank)
    rows, superseded = drop_superseded_engine_rows(list(chosen.values()))
    disagreements += superseded
    rows = close_open_tiers(rows)
    disagreements = significant_disagreements(disagreements)
    used = sorted({r.source for r in rows})
    all_sources = {**SOURCES, **snapshot_azure_gcp.SOURCES}
    sources_meta = {}
    for source_id in used:
        info = all_sources[source_id]
        sources_meta[source_id] = {
            "description": info.description,
            "url": info.url,
            "data_date": info.data_date or None,
            "rows": sum(1 for r in rows if r.source == source_id),
        }
    dated = [r.data_date for r in rows if r.data_date]
    manifest = write_dataset(
        out,
        rows,
        {
            "origin": "shipped snapshot, built by scripts/build_pricing_data.py",
            "snapshot_date": max(dated) if dated else None,
            "oldest_data_date": min(dated) if dated else None,
            "sources": sources_meta,
        },
    )
    _write_disagreements(out / "disagreements.csv", disagreements)
    region_lists.write_region_lists(shared, out)
    return manifest


def significant_disagreements(pairs: list[tuple[PriceRow, PriceRow]]) -> list[tuple]:
    """(kept, other) pairs whose prices differ by more than 1% of the kept price."""
    return [(kept, other) for kept, other in pairs
            if abs(other.usd_price - kept.usd_price) > DISAGREEMENT_THRESHOLD * kept.usd_price]


def drop_superseded_engine_rows(rows: list[PriceRow]) -> tuple[list[PriceRow], list[tuple]]:
    """RDS prices published for ``engine=Any`` supersede older engine-specific rows.

    The Price List states RDS storage/IOPS/throughput both per engine and for "Any"; rules look
    up the engine's row first and fall back to "Any". An engine row older than the "Any" row
    would hide the newer price, so it is dropped (a price difference is a disagreement).
    """
    def key(row: PriceRow, engine: str) -> tuple:
        attrs = tuple((k, engine if k == "engine" else v) for k, v in row.attrs)
        return (row.provider, row.service, row.region, row.product, attrs, row.tier_start)

    volume_products = ("storage", "iops", "throughput")
    any_rows = {key(r, "Any"): r for r in rows if r.service == "rds"
                and r.product in volume_products and dict(r.attrs).get("engine") == "Any"}
    kept, superseded = [], []
    for row in rows:
        engine = dict(row.attrs).get("engine")
        newer = any_rows.get(key(row, "Any")) if engine not in (None, "Any") else None
        if newer is not None and rank(newer) > rank(row):
            superseded.append((newer, row))
            continue
        kept.append(row)
    return kept, superseded


def close_open_tiers(rows: list[PriceRow]) -> list[PriceRow]:
    """A tier published without an upper bound ends where the next tier of the same price
    starts (the terracost dump keeps only each tier's start)."""
    groups: dict[tuple, list[PriceRow]] = {}
    for row in rows:
        groups.setdefault((row.provider, row.service, row.region, row.product, row.attrs),
                          []).append(row)
    out = []
    for tiers in groups.values():
        tiers.sort(key=lambda r: r.tier_start)
        for row, above in zip(tiers, [*tiers[1:], None], strict=True):
            if row.tier_end is None and above is not None:
                row = replace(row, tier_end=above.tier_start)
            out.append(row)
    return out


def _write_disagreements(path: Path, pairs: list[tuple[PriceRow, PriceRow]]) -> None:
    """A reviewable list of every key where sources disagree, and which one we kept."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["service", "region", "product", "attributes", "kept_source", "kept_usd",
             "other_source", "other_usd"]
        )
        for kept, other in sorted(
            pairs, key=lambda p: (p[0].service, p[0].region, p[0].product, p[0].attrs)
        ):
            writer.writerow(
                [kept.service, kept.region, kept.product, attrs_to_text(kept.attrs), kept.source,
                 format(kept.usd_price.normalize(), "f"), other.source,
                 format(other.usd_price.normalize(), "f")]
            )
