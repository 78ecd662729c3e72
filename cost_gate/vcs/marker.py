"""The hidden marker that identifies our comments: tag, commit and the time it describes.

HTML style (GitHub, GitLab, Azure Repos)::

    <!-- cost-gate:v1 tag=infra commit=0123abc time=2024-05-01T10:00:00Z -->

Link style (Bitbucket, whose markdown shows raw HTML)::

    [//]: # (cost-gate:v1 tag=infra commit=0123abc time=2024-05-01T10:00:00Z)

An empty tag is written without ``tag=``. ``state=outdated`` marks a comment that was
replaced on a host that cannot hide comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from cost_gate.errors import UsageError

PREFIX = "cost-gate:v1"
TAG_RE = re.compile(r"^[A-Za-z0-9._/:-]{1,64}$")
_FIND = re.compile(
    r"(?:<!--\s*|\[//\]:\s*#\s*\()" + re.escape(PREFIX) + r"((?:\s+[a-z]+=[^\s>)]*)*)\s*(?:-->|\))"
)


@dataclass(frozen=True)
class Marker:
    tag: str = ""
    commit: str = ""
    time: str = ""  # ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ", or ""
    state: str = ""  # "" (current) or "outdated"

    def render(self, style: str = "html") -> str:
        fields = []
        for key in ("tag", "commit", "time", "state"):
            value = getattr(self, key)
            if value:
                fields.append(f"{key}={value}")
        inner = " ".join([PREFIX, *fields])
        return f"[//]: # ({inner})" if style == "link" else f"<!-- {inner} -->"

    def when(self) -> datetime | None:
        return parse_time(self.time)


def validate_tag(tag: str | None) -> str:
    """Return the tag, or raise :class:`UsageError` if it has characters we cannot store."""
    if not tag:
        return ""
    if not TAG_RE.match(tag):
        raise UsageError(
            "--tag may only use letters, digits and . _ / : - (at most 64 characters)"
        )
    return tag


def sanitize_commit(commit: str | None) -> str:
    """Keep a commit id to hex/alnum characters (it is written into the marker)."""
    return re.sub(r"[^A-Za-z0-9]", "", commit or "")[:64]


def parse_marker(body: str) -> Marker | None:
    """Find our marker in a comment body; None if the comment is not ours."""
    m = _FIND.search(body or "")
    if not m:
        return None
    fields = dict(part.split("=", 1) for part in m.group(1).split())
    return Marker(
        tag=fields.get("tag", ""),
        commit=fields.get("commit", ""),
        time=fields.get("time", ""),
        state=fields.get("state", ""),
    )


def parse_time(value: str | None) -> datetime | None:
    """Parse an ISO 8601 timestamp (``Z`` or offset) to an aware UTC datetime."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def format_time(dt: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def normalize_time(value: str | None) -> str:
    """Normalise a user/CI supplied timestamp to marker form; "" if unparseable."""
    dt = parse_time(value)
    return format_time(dt) if dt else ""
