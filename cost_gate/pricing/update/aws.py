"""AWS Price List Bulk API: index -> region index -> per-region offer file -> our rows.

Offer files are streamed from disk (CSV in one pass, or JSON in two ijson passes: products,
then ``terms.OnDemand``), each price dimension becomes an
:class:`~cost_gate.pricing.aws_mapper.OfferPrice`, and
:func:`~cost_gate.pricing.aws_mapper.map_offer_price` (the same mapper the shipped snapshot uses)
decides which rows we keep.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.aws_mapper import MAPPED_OFFER_CODES, OfferPrice, map_offer_price, norm_key
from cost_gate.pricing.rows import PriceRow
from cost_gate.pricing.update.common import Log, UnitResult, join_url, now_utc
from cost_gate.pricing.update.http import Fetcher, Progress, Validators, redact

DEFAULT_BASE_URL = "https://pricing.us-east-1.amazonaws.com"
INDEX_PATH = "/offers/v1.0/aws/index.json"
DEFAULT_REGIONS = ("us-east-1",)

# Our service names -> the offer files holding their prices.
SERVICE_OFFERS: dict[str, tuple[str, ...]] = {
    "ec2": ("AmazonEC2",),
    "ebs": ("AmazonEC2",),
    "vpc": ("AmazonEC2", "AmazonVPC"),
    "elb": ("AWSELB",),
    "rds": ("AmazonRDS",),
    "elasticache": ("AmazonElastiCache",),
    "eks": ("AmazonEKS",),
    "s3": ("AmazonS3",),
    "lambda": ("AWSLambda",),
    "sqs": ("AWSQueueService",),
    "ecs": ("AmazonECS",),
    "apigateway": ("AmazonApiGateway",),
    "cloudwatch": ("AmazonCloudWatch",),
}

# CSV columns that describe the term, not the product.
_TERM_COLUMNS = {
    "sku", "offertermcode", "ratecode", "termtype", "pricedescription", "effectivedate",
    "startingrange", "endingrange", "unit", "priceperunit", "currency", "relatedto",
    "leasecontractlength", "purchaseoption", "offeringclass",
}


def source_id(offer_code: str, region: str) -> str:
    return f"aws-price-list-{offer_code}-{region}"


def offers_for(services: Iterable[str]) -> list[str]:
    """Offer codes to download for our service names (or offer codes given directly)."""
    out: list[str] = []
    for name in services:
        codes = SERVICE_OFFERS.get(name.lower())
        if codes is None:
            if name in MAPPED_OFFER_CODES:
                codes = (name,)
            else:
                known = ", ".join(sorted(SERVICE_OFFERS))
                raise PricingUpdateError(f"unknown AWS service {name!r} (known: {known})")
        out.extend(c for c in codes if c not in out)
    return out


def _decimal(text: str, what: str) -> Decimal:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        raise PricingUpdateError(f"offer file has a non-numeric {what}: {text!r}") from None


def _tier_end(text: str | None) -> Decimal | None:
    if text in (None, "", "Inf"):
        return None
    return _decimal(text, "range")


def _keep(price: OfferPrice, region: str) -> PriceRow | None:
    if price.region != region:  # Local Zones / Wavelength carry their own region codes
        return None
    return map_offer_price(price)


def parse_offer_csv(handle: TextIO, offer_code: str, region: str, source: str) -> Iterator[PriceRow]:
    """Stream one CSV offer file (5 metadata lines, header, one price dimension per line)."""
    reader = csv.reader(handle)
    meta: dict[str, str] = {}
    header: list[str] | None = None
    for rec in reader:
        if rec and rec[0] == "SKU":
            header = rec
            break
        if len(rec) >= 2:
            meta[rec[0]] = rec[1]
    if header is None:
        raise PricingUpdateError(f"{offer_code} {region}: not an AWS CSV offer file (no header)")
    keys = [norm_key(name) for name in header]
    col = {key: i for i, key in enumerate(keys)}
    for need in ("termtype", "priceperunit", "currency", "unit", "productfamily", "usagetype"):
        if need not in col:
            raise PricingUpdateError(f"{offer_code} {region}: offer file lacks column {need!r}")
    data_date = meta.get("Publication Date", "")[:10]
    product_cols = [(i, k) for i, k in enumerate(keys) if k not in _TERM_COLUMNS]
    width = len(header)
    for rec in reader:
        if len(rec) != width:
            raise PricingUpdateError(
                f"{offer_code} {region}: malformed offer file line {reader.line_num}"
            )
        if rec[col["termtype"]] != "OnDemand" or rec[col["currency"]] != "USD":
            continue
        unit = rec[col["unit"]]
        if unit == "Quantity":
            continue
        attrs = {k: rec[i] for i, k in product_cols if rec[i]}
        price = OfferPrice(
            offer_code=offer_code,
            region=attrs.get("regioncode") or region,
            product_family=rec[col["productfamily"]],
            usage_type=rec[col["usagetype"]],
            unit=unit,
            usd_price=_decimal(rec[col["priceperunit"]], "price"),
            attributes=attrs,
            tier_start=_decimal(rec[col["startingrange"]] or "0", "range")
            if "startingrange" in col else Decimal(0),
            tier_end=_tier_end(rec[col["endingrange"]]) if "endingrange" in col else None,
            data_date=data_date,
            source=source,
            sku=rec[col["sku"]],
        )
        row = _keep(price, region)
        if row is not None:
            yield row


_PUBLICATION = re.compile(rb'"publicationDate"\s*:\s*"([^"]+)"')


def parse_offer_json(path: Path, offer_code: str, region: str, source: str) -> Iterator[PriceRow]:
    """Stream one JSON offer file in two passes: mappable products, then on-demand terms."""
    import ijson

    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    match = _PUBLICATION.search(head)
    data_date = match.group(1).decode()[:10] if match else ""
    products: dict[str, tuple[str, str, dict[str, str], str]] = {}
    try:
        with path.open("rb") as handle:
            for sku, product in ijson.kvitems(handle, "products"):
                attrs = {norm_key(k): str(v) for k, v in (product.get("attributes") or {}).items()
                         if v not in (None, "")}
                family = product.get("productFamily") or ""
                usage = attrs.get("usagetype", "")
                probe = OfferPrice(offer_code, attrs.get("regioncode") or region, family, usage,
                                   "", Decimal(0), attrs)
                if _keep(probe, region) is not None:
                    products[sku] = (family, usage, attrs, probe.region)
        with path.open("rb") as handle:
            for sku, terms in ijson.kvitems(handle, "terms.OnDemand"):
                if sku not in products:
                    continue
                family, usage, attrs, row_region = products[sku]
                for term in terms.values():
                    if term.get("termAttributes"):
                        continue  # on-demand terms have none; anything else is a commitment
                    for dim in (term.get("priceDimensions") or {}).values():
                        usd = (dim.get("pricePerUnit") or {}).get("USD")
                        unit = dim.get("unit", "")
                        if usd is None or unit == "Quantity":
                            continue
                        row = _keep(OfferPrice(
                            offer_code=offer_code,
                            region=row_region,
                            product_family=family,
                            usage_type=usage,
                            unit=unit,
                            usd_price=_decimal(str(usd), "price"),
                            attributes=attrs,
                            tier_start=_decimal(str(dim.get("beginRange") or "0"), "range"),
                            tier_end=_tier_end(dim.get("endRange")),
                            data_date=data_date,
                            source=source,
                            sku=sku,
                        ), region)
                        if row is not None:
                            yield row
    except ijson.JSONError as exc:
        raise PricingUpdateError(
            f"{offer_code} {region}: not a valid JSON offer file ({exc.__class__.__name__})"
        ) from None


def parse_offer_file(path: Path, fmt: str, offer_code: str, region: str, source: str
                     ) -> list[PriceRow]:
    if fmt == "json":
        return list(parse_offer_json(path, offer_code, region, source))
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return list(parse_offer_csv(handle, offer_code, region, source))
    except (csv.Error, UnicodeDecodeError) as exc:
        raise PricingUpdateError(f"{offer_code} {region}: unreadable CSV offer file ({exc})") from None


def fetch_aws(
    fetcher: Fetcher,
    *,
    base_url: str,
    services: Iterable[str] | None,
    regions: Iterable[str] | None,
    previous: dict[str, dict[str, Any]],
    workdir: Path,
    fmt: str = "csv",
    log: Log = lambda _m: None,
    progress: Progress | None = None,
) -> list[UnitResult]:
    """Download and map the offer files; ``previous`` is the cache manifest's ``sources``."""
    offers = offers_for(services) if services else list(MAPPED_OFFER_CODES)
    index_url = join_url(base_url, INDEX_PATH)
    index = fetcher.get_json(index_url, label="aws index")
    if not isinstance(index, dict) or not isinstance(index.get("offers"), dict):
        raise PricingUpdateError(f"aws index: {redact(index_url)} is not a Price List index")
    wanted = list(regions) if regions else list(DEFAULT_REGIONS)
    results: list[UnitResult] = []
    for offer in offers:
        entry = index["offers"].get(offer)
        if not entry or not entry.get("currentRegionIndexUrl"):
            raise PricingUpdateError(f"aws index has no offer {offer}")
        region_index_url = join_url(base_url, entry["currentRegionIndexUrl"])
        region_index = fetcher.get_json(region_index_url, label=f"aws {offer} region index")
        available = (region_index or {}).get("regions") or {}
        targets = sorted(available) if wanted == ["all"] else wanted
        for region in targets:
            reg = available.get(region)
            if not reg:
                log(f"aws {offer}: no offer file for region {region}, skipped")
                continue
            url = join_url(base_url, reg["currentVersionUrl"])
            if fmt == "csv":
                url = re.sub(r"\.json$", ".csv", url)
            results.append(_fetch_offer(fetcher, url, offer, region, fmt, previous, workdir,
                                        log, progress))
    return results


def _fetch_offer(fetcher, url, offer, region, fmt, previous, workdir, log, progress) -> UnitResult:
    source = source_id(offer, region)
    label = f"aws {offer} {region}"
    old = previous.get(source) or {}
    validators = None
    if old.get("url") == redact(url) and (old.get("etag") or old.get("last_modified")):
        validators = Validators(old.get("etag"), old.get("last_modified"))
    got = fetcher.download(url, workdir, validators=validators, label=label, progress=progress)
    if got.not_modified:
        log(f"{label}: not modified since {old.get('fetched_at', 'last update')}, kept")
        return UnitResult(source, "aws", dict(old), not_modified=True)
    assert got.path is not None
    try:
        rows = parse_offer_file(got.path, fmt, offer, region, source)
    finally:
        got.path.unlink(missing_ok=True)
    dates = {r.data_date for r in rows if r.data_date}
    meta = {
        "description": f"AWS Price List offer {offer}, {region} (on-demand)",
        "url": redact(url),
        "fetched_at": now_utc(),
        "etag": got.etag,
        "last_modified": got.last_modified,
        "sha256": got.sha256,
        "bytes": got.size,
        "data_date": max(dates) if dates else None,
        "rows": len(rows),
    }
    log(f"{label}: {got.size} bytes, {len(rows)} rows")
    return UnitResult(source, "aws", meta, rows)
