"""HTTP edge of `pricing update`: bounded retries with backoff, conditional GETs, offline guard.

Everything that touches the network goes through :class:`Fetcher`, so ``COST_GATE_OFFLINE=1``
(or ``--offline``) is enforced in one place. Downloads stream to a temporary file beside the
cache and are checked for truncation (Content-Length) before anyone parses them. Proxies come
from the standard ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``NO_PROXY`` variables (requests' own
handling). URLs are printed without their query string, so API keys never reach a log line.
Retries use the shared policy in :mod:`cost_gate.http_retry` (capped exponential backoff that
honours ``Retry-After``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from cost_gate.errors import PricingUpdateError
from cost_gate.http_retry import WaitHintOrBackoff, outcome_of, retry_after_seconds, retrying

if TYPE_CHECKING:
    from tenacity import RetryCallState

ENV_OFFLINE = "COST_GATE_OFFLINE"
USER_AGENT = "cost-gate-pricing-update"
#: Largest JSON page read into memory (index files, Azure/GCP pages are a few MB).
MAX_JSON_BYTES = 64 * 1024 * 1024
#: Largest offer file streamed to disk (the biggest AWS regional offer is well under 2 GB).
MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024
_TRUE = {"1", "true", "yes", "on"}


def is_offline(env: Mapping[str, str] | None = None) -> bool:
    """True when ``COST_GATE_OFFLINE`` is set to a true value."""
    env = os.environ if env is None else env
    return env.get(ENV_OFFLINE, "").strip().lower() in _TRUE


def ensure_online(what: str, env: Mapping[str, str] | None = None, offline: bool = False) -> None:
    """Raise before any network access when offline mode is on."""
    if offline or is_offline(env):
        raise PricingUpdateError(
            f"offline mode is on ({ENV_OFFLINE}=1 or --offline): refusing network access for {what}"
        )


def redact(url: str) -> str:
    """The URL without query string or credentials, safe to print (keys live in queries)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class TransientError(Exception):
    """A failure worth retrying (5xx, 429, connection reset, truncated body)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # the server's wait hint, in seconds


@dataclass
class Validators:
    """What a previous download returned, for a conditional request next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass
class Download:
    url: str
    not_modified: bool
    path: Path | None = None  # the body on disk (caller deletes it); None when not modified
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    size: int = 0


Progress = Callable[[str, int, int | None], None]  # (label, bytes so far, total or None)


class Fetcher:
    """A requests session with bounded, backed-off retries and an offline guard."""

    def __init__(
        self,
        *,
        offline: bool = False,
        env: Mapping[str, str] | None = None,
        attempts: int = 4,
        backoff: float = 0.5,
        max_delay: float = 8.0,
        timeout: tuple[float, float] = (10.0, 60.0),
        sleep: Callable[[float], None] = time.sleep,
        session: Any = None,
    ):
        self.offline = offline or is_offline(env)
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_delay = max_delay
        self.timeout = timeout
        self.sleep = sleep
        self._session = session
        self.requests_made = 0

    @property
    def session(self):
        if self._session is None:
            import requests

            session = requests.Session()  # trust_env: honours HTTPS_PROXY / NO_PROXY
            session.headers["User-Agent"] = USER_AGENT
            self._session = session
        return self._session

    def _retrying(self, label: str, url: str, call: Callable[[], Any]) -> Any:
        ensure_online(redact(url), offline=self.offline)
        import requests

        broken = (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)
        transient = (TransientError, *broken, requests.ConnectionError, requests.Timeout)

        def attempt() -> Any:
            self.requests_made += 1
            return call()

        def give_up(state: RetryCallState) -> Any:
            last = outcome_of(state)
            if isinstance(last, TransientError):
                reason = str(last)
            elif isinstance(last, broken):
                reason = f"connection broken mid-body ({last.__class__.__name__})"
            else:
                reason = last.__class__.__name__
            raise PricingUpdateError(
                f"{label}: {redact(url)} failed after {self.attempts} attempts ({reason})"
            )

        return retrying(
            attempts=self.attempts,
            retry_on=lambda outcome: isinstance(outcome, transient),
            wait=WaitHintOrBackoff(lambda outcome: getattr(outcome, "retry_after", None),
                                   base=self.backoff, cap=self.max_delay, cap_hint=True),
            sleep=self.sleep,
            give_up=give_up,
        )(attempt)

    def _check(self, response: Any, url: str, label: str) -> None:
        status = response.status_code
        if status >= 500 or status == 429:
            hint = retry_after_seconds(response.headers, now=time.time())
            response.close()
            raise TransientError(f"HTTP {status}", retry_after=hint)
        if status == 404:
            response.close()
            raise PricingUpdateError(f"{label}: {redact(url)} not found (HTTP 404)")
        if status in (401, 403):
            response.close()
            raise PricingUpdateError(
                f"{label}: {redact(url)} refused access (HTTP {status}); check the API key"
            )
        if status >= 400:
            response.close()
            raise PricingUpdateError(f"{label}: {redact(url)} returned HTTP {status}")

    def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        label: str = "download",
    ) -> Any:
        """GET a (small) JSON document, retrying transient failures."""

        def call():
            response = self.session.get(url, params=params, timeout=self.timeout, stream=True)
            self._check(response, url, label)
            body = bytearray()
            with response:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    body += chunk
                    if len(body) > MAX_JSON_BYTES:
                        raise PricingUpdateError(
                            f"{label}: {redact(url)} answered more than {MAX_JSON_BYTES:,} "
                            "bytes (the size limit for a JSON page)")
            try:
                return json.loads(body)
            except (ValueError, RecursionError):
                # A body cut short parses as invalid JSON: treat it like any truncation.
                raise TransientError("invalid or truncated JSON body") from None

        return self._retrying(label, url, call)

    def download(
        self,
        url: str,
        dest_dir: Path,
        *,
        validators: Validators | None = None,
        label: str = "download",
        progress: Progress | None = None,
    ) -> Download:
        """Stream ``url`` into a temp file in ``dest_dir``; honour a conditional request."""
        headers = validators.headers() if validators else {}

        def call() -> Download:
            response = self.session.get(url, headers=headers, stream=True, timeout=self.timeout)
            if response.status_code == 304:
                response.close()
                return Download(url, True, etag=validators.etag if validators else None,
                                last_modified=validators.last_modified if validators else None)
            self._check(response, url, label)
            return self._stream(response, url, dest_dir, label, progress)

        return self._retrying(label, url, call)

    def _stream(self, response, url, dest_dir: Path, label: str, progress) -> Download:
        import requests

        expected = response.headers.get("Content-Length")
        total = int(expected) if expected and expected.isdigit() else None
        encoded = response.headers.get("Content-Encoding", "identity") not in ("", "identity")
        dest_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".download-", dir=dest_dir)
        path = Path(name)
        digest = hashlib.sha256()
        raw_bytes = 0
        try:
            with os.fdopen(fd, "wb") as handle, response:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    handle.write(chunk)
                    digest.update(chunk)
                    raw_bytes += len(chunk)
                    if raw_bytes > MAX_DOWNLOAD_BYTES:
                        raise PricingUpdateError(f"{label}: {redact(url)} is over the "
                                                 f"{MAX_DOWNLOAD_BYTES:,}-byte download limit")
                    if progress:
                        progress(label, raw_bytes, None if encoded else total)
            if total is not None and not encoded and raw_bytes != total:
                raise TransientError(f"truncated body: {raw_bytes} of {total} bytes")
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError,
                requests.ConnectionError) as exc:
            path.unlink(missing_ok=True)
            raise TransientError(f"connection broken mid-body ({exc.__class__.__name__})") from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Download(
            url,
            False,
            path=path,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            sha256=digest.hexdigest(),
            size=raw_bytes,
        )
