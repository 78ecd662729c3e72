"""Shared types of the update pipeline: one fetched unit (a source) and its rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.rows import PriceRow

Log = Callable[[str], None]


@dataclass
class UnitResult:
    """The outcome of refreshing one source (e.g. the AmazonEC2 offer for us-east-1).

    ``source`` is the id written in every row's ``source`` column and the key of the manifest's
    ``sources`` block; ``not_modified`` means the server answered 304 and the cached rows of this
    source stay as they are.
    """

    source: str
    provider: str
    meta: dict[str, Any]
    rows: list[PriceRow] = field(default_factory=list)
    not_modified: bool = False


def selection(
    provider: str,
    services: Iterable[str] | None,
    known_services: Sequence[str],
    regions: Iterable[str] | None,
    default_regions: Sequence[str],
) -> tuple[list[str], list[str]]:
    """Validated (services, regions) to fetch for a provider without a region index."""
    wanted_services = list(services) if services else list(known_services)
    for name in wanted_services:
        if name not in known_services:
            raise PricingUpdateError(
                f"unknown {provider} service {name!r} (known: {', '.join(known_services)})"
            )
    wanted_regions = list(regions) if regions else list(default_regions)
    if wanted_regions == ["all"]:
        raise PricingUpdateError(f"{provider}: --region all is not supported; name the regions")
    return wanted_services, wanted_regions


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def join_url(base: str, path_or_url: str) -> str:
    """Resolve a path from an index file against the configured base (keeps mirror prefixes)."""
    if path_or_url.startswith(("http://", "https://")):
        path_or_url = urlsplit(path_or_url).path
    return base.rstrip("/") + "/" + path_or_url.lstrip("/")
