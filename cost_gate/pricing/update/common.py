"""Shared types of the update pipeline: one fetched unit (a source) and its rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

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


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def join_url(base: str, path_or_url: str) -> str:
    """Resolve a path from an index file against the configured base (keeps mirror prefixes)."""
    if path_or_url.startswith(("http://", "https://")):
        path_or_url = urlsplit(path_or_url).path
    return base.rstrip("/") + "/" + path_or_url.lstrip("/")
