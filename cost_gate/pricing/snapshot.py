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
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

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

_SOURCE_DATES = {key: s.data_date for key, s in SOURCES.items()}


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


def _statement_rows(path: Path) -> Iterator[OfferPrice]:
    for rec in _read(path):
        if rec["service"] != "eks":
            continue
        extended = "extended support" in rec["product"]
        usage = "AmazonEKS-Hours:extendedSupport" if extended else "AmazonEKS-Hours:perCluster"
        yield OfferPrice(
            offer_code="AmazonEKS",
            region="global",
            product_family="Compute",
            usage_type=usage,
            unit="hours",
            usd_price=Decimal(rec["usd_price"]),
            data_date=_date(rec["effective_date"]),
            source=rec["source"],
        )


def read_sources(shared: Path) -> Iterator[OfferPrice]:
    base = shared / "pricing-sources"
    for rel in SOURCE_FILES:
        path = base / rel
        name = path.name
        if name.startswith("ec2_ondemand"):
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
    from cost_gate.pricing import snapshot_azure_gcp

    mapped = [row for rec in read_sources(shared) if (row := map_offer_price(rec)) is not None]
    mapped += snapshot_azure_gcp.read_azure_gcp_rows(shared)
    chosen, disagreements = choose_newest(mapped, rank)
    rows = list(chosen.values())
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
    __import__("cost_gate.pricing.region_lists").pricing.region_lists.write_region_lists(shared, out)
    return manifest


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
