"""The on-disk price table: one CSV per provider/service/region, a human-readable contract.

Layout of a dataset directory (the shipped ``pricing_data/``, the user cache, or a mirror)::

    manifest.json                  provenance: sources, data dates, files with sha256 + row counts
    aws/ec2/us-east-1.csv          one file per (provider, service, region)
    aws/eks/global.csv             region-less prices live in "global"

Each CSV has the columns in :data:`COLUMNS`. ``attributes`` is ``k=v;k=v`` sorted by key, so a
price change in a pull request shows up as a one-line diff.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

COLUMNS = (
    "product",
    "attributes",
    "unit",
    "usd_price",
    "tier_start",
    "tier_end",
    "data_date",
    "source",
    "sku",
)

Attrs = tuple[tuple[str, str], ...]


def make_attrs(values: dict[str, object]) -> Attrs:
    """Canonical, hashable attribute key: sorted, stringified, empty values dropped."""
    return tuple(sorted((k, str(v)) for k, v in values.items() if v is not None and v != ""))


def attrs_to_text(attrs: Attrs) -> str:
    return ";".join(f"{k}={v}" for k, v in attrs)


def attrs_from_text(text: str) -> Attrs:
    if not text:
        return ()
    pairs = []
    for part in text.split(";"):
        key, _, value = part.partition("=")
        pairs.append((key, value))
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class PriceRow:
    provider: str
    service: str
    region: str
    product: str
    attrs: Attrs
    unit: str
    usd_price: Decimal
    tier_start: Decimal = Decimal(0)
    tier_end: Decimal | None = None  # None = no upper bound
    data_date: str = ""  # ISO date, or "" when the source does not say
    source: str = ""
    sku: str = ""

    @property
    def key(self) -> tuple[str, Attrs, Decimal]:
        return (self.product, self.attrs, self.tier_start)


def dataset_file(root: Path, provider: str, service: str, region: str) -> Path:
    return root / provider / service / f"{region}.csv"


def render_rows(rows: list[PriceRow]) -> str:
    """Serialise rows of one file deterministically (sorted), so rebuilds give no diff."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in sorted(rows, key=lambda r: (r.product, r.attrs, r.tier_start)):
        writer.writerow(
            [
                row.product,
                attrs_to_text(row.attrs),
                row.unit,
                _plain(row.usd_price),
                _plain(row.tier_start),
                "" if row.tier_end is None else _plain(row.tier_end),
                row.data_date,
                row.source,
                row.sku,
            ]
        )
    return out.getvalue()


def parse_rows(text: str, provider: str, service: str, region: str) -> list[PriceRow]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header) != COLUMNS:
        raise ValueError(f"unexpected header in {provider}/{service}/{region}.csv")
    rows = []
    for rec in reader:
        if not rec:
            continue
        product, attrs, unit, price, tier_start, tier_end, data_date, source, sku = rec
        rows.append(
            PriceRow(
                provider=provider,
                service=service,
                region=region,
                product=product,
                attrs=attrs_from_text(attrs),
                unit=unit,
                usd_price=Decimal(price),
                tier_start=Decimal(tier_start or 0),
                tier_end=Decimal(tier_end) if tier_end else None,
                data_date=data_date,
                source=source,
                sku=sku,
            )
        )
    return rows


def _plain(value: Decimal) -> str:
    """Decimal without exponent notation or trailing zeros (0.00000027, not 2.7E-7)."""
    text = format(value.normalize(), "f")
    return text
