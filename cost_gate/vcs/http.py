"""A small retrying HTTP client for the VCS APIs.

Retries connection errors, 5xx, 429 and GitHub's secondary rate limits (403 with
``Retry-After`` or an exhausted ``X-RateLimit-Remaining``) using the shared policy in
:mod:`cost_gate.http_retry`: exponential backoff that honours ``Retry-After`` and
``X-RateLimit-Reset``, within a bounded total wait. Other 4xx responses are returned at once
for the host to explain. ``requests`` is imported lazily.

Non-idempotent requests (``POST`` that creates a comment) are never retried blindly: only
when the server certainly did not act (429 / rate limit, or the connection could not even be
opened). After an *ambiguous* failure (5xx, timeout, connection reset, an unreadable answer)
the client raises :class:`AmbiguousWrite`, and the poster lists the comments again to see
whether the write happened. Response bodies are read up to :data:`MAX_RESPONSE_BYTES`.

Secrets given to the client are masked out of every message it raises, and it has no
``repr`` that could show headers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from cost_gate.errors import PostError
from cost_gate.http_retry import WaitHintOrBackoff, outcome_of, retry_after_seconds, retrying
from cost_gate.vcs.safety import mask_secrets, one_line

if TYPE_CHECKING:
    from tenacity import RetryCallState

USER_AGENT = "cost-gate (+https://github.com/cost-gate/cost-gate)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: Largest API answer read (a comment list page is a few hundred KB at most).
MAX_RESPONSE_BYTES = 32 * 1024 * 1024


class AmbiguousWrite(PostError):
    """A non-idempotent request failed in a way that leaves open whether the server acted."""

# Tests replace these to avoid real sleeping; production code uses the real clock.
default_sleep: Callable[[float], None] = time.sleep


class HttpClient:
    """Issue requests with retries. One instance per host; holds auth headers privately."""

    def __init__(
        self,
        *,
        headers: Mapping[str, str],
        secrets: Iterable[str | None] = (),
        host_label: str = "API",
        max_attempts: int = 5,
        max_total_wait: float = 60.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 20.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] | None = None,
        now: Callable[[], float] = time.time,
        session: Any = None,
    ) -> None:
        self._headers = {"User-Agent": USER_AGENT, **dict(headers)}
        self._secrets = [s for s in secrets if s]
        self.host_label = host_label
        self.max_attempts = max(1, max_attempts)
        self.max_total_wait = max_total_wait
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.timeout = timeout
        self._sleep = sleep
        self._now = now
        self._session = session
        self.total_waited = 0.0

    def __repr__(self) -> str:  # never show headers (they hold the token)
        return f"<HttpClient {self.host_label}>"

    def mask(self, text: str) -> str:
        """Remove any secret this client knows from ``text``."""
        return mask_secrets(text, self._secrets)

    def _get_session(self) -> Any:
        if self._session is None:
            import requests  # lazy: keep CLI start-up lean

            self._session = requests.Session()
        return self._session

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Send a request, retrying transient failures; return the final ``Response``.

        Raises :class:`PostError` only when no response could be had at all (network
        errors on every attempt). A response that is still 5xx/429 after the retries is
        returned so the caller can say what failed. ``idempotent`` defaults from the
        method; a non-idempotent request is retried only where the server surely did not
        act, and raises :class:`AmbiguousWrite` when it may have.
        """
        import requests  # lazy

        session = self._get_session()
        all_headers = {**self._headers, **(headers or {})}
        safe_to_repeat = method.upper() in IDEMPOTENT_METHODS if idempotent is None else idempotent

        def attempt() -> Any:
            try:
                resp = session.request(
                    method, url, json=json, params=params, headers=all_headers,
                    timeout=self.timeout, allow_redirects=True, stream=True,
                )
                _read_capped(resp, self.host_label)
            except requests.RequestException as exc:
                if safe_to_repeat or _never_sent(exc):
                    raise
                detail = self.mask(one_line(str(exc), 200))
                raise AmbiguousWrite(
                    f"no clear answer from the {self.host_label} at {self.mask(_origin(url))} "
                    f"({type(exc).__name__}: {detail}); it may have acted anyway"
                ) from None
            return resp

        def retry_on(outcome: Any) -> bool:  # connection refused, timeout, ... or 5xx/429
            if isinstance(outcome, BaseException):
                if not isinstance(outcome, requests.RequestException):
                    return False
                return safe_to_repeat or _never_sent(outcome)
            if safe_to_repeat:
                return self._should_retry(outcome)
            return outcome.status_code == 429 or is_rate_limited_403(outcome)

        def give_up(state: RetryCallState) -> Any:
            last = outcome_of(state)
            if not isinstance(last, BaseException):
                return last  # still failing: the caller explains the response
            detail = self.mask(one_line(str(last), 200))
            raise PostError(
                f"could not reach the {self.host_label} at {self.mask(_origin(url))} "
                f"after {state.attempt_number} attempt(s): {type(last).__name__}: {detail}"
            )

        return retrying(
            attempts=self.max_attempts,
            retry_on=retry_on,
            wait=WaitHintOrBackoff(self._hint, base=self.backoff_base, cap=self.backoff_cap),
            max_total_wait=self.max_total_wait,
            sleep=self._pause,
            give_up=give_up,
        )(attempt)

    # -- retry policy -------------------------------------------------------------------

    @staticmethod
    def _should_retry(resp: Any) -> bool:
        if resp.status_code in RETRY_STATUSES:
            return True
        if resp.status_code == 403:
            return is_rate_limited(resp)
        return False

    def _hint(self, outcome: Any) -> float | None:
        if isinstance(outcome, BaseException):
            return None
        return retry_after_seconds(outcome.headers, now=self._now())

    def _pause(self, seconds: float) -> None:
        (self._sleep or default_sleep)(seconds)
        self.total_waited += seconds


def _never_sent(exc: BaseException) -> bool:
    """True when the request certainly did not reach the server (no connection was made)."""
    import requests

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = repr(exc.args)
        return "NewConnectionError" in text or "Connection refused" in text
    return False


def _read_capped(resp: Any, label: str) -> None:
    """Read a streamed body into ``resp`` (so ``.json()``/``.text`` work), at most
    :data:`MAX_RESPONSE_BYTES`; an oversized answer is a one-line error."""
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        resp.close()
        raise PostError(f"{label} sent a {int(declared):,}-byte answer, over the "
                        f"{MAX_RESPONSE_BYTES:,}-byte limit")
    chunks = []
    size = 0
    for chunk in resp.iter_content(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            resp.close()
            raise PostError(f"{label} sent an answer over the {MAX_RESPONSE_BYTES:,}-byte limit")
    resp._content = b"".join(chunks)  # what requests itself stores after reading a body
    resp._content_consumed = True


def is_rate_limited_403(resp: Any) -> bool:
    return resp.status_code == 403 and is_rate_limited(resp)


def is_rate_limited(resp: Any) -> bool:
    """True for a 403/429 that is a (primary or secondary) rate limit, not a permission error."""
    h = resp.headers
    if h.get("Retry-After") is not None:
        return True
    if h.get("X-RateLimit-Remaining") == "0":
        return True
    try:
        text = resp.text[:2000].lower()
    except Exception:  # pragma: no cover - undecodable body
        return False
    return "rate limit" in text


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")


def json_body(resp: Any, client: HttpClient, what: str, *, expect: type | None = None) -> Any:
    """Decode a JSON response (of type ``expect`` when given) or raise a one-line
    :class:`PostError` (:class:`AmbiguousWrite` after a write the server may have made)."""
    try:
        data = resp.json()
    except (ValueError, RecursionError):
        data = _NOT_JSON
    if data is _NOT_JSON or (expect is not None and not isinstance(data, expect)):
        method = getattr(getattr(resp, "request", None), "method", "GET") or "GET"
        error = PostError if method.upper() in IDEMPOTENT_METHODS else AmbiguousWrite
        shape = "a non-JSON" if data is _NOT_JSON else "an unexpected"
        raise error(
            f"{client.host_label} returned {shape} answer for {what} (HTTP {resp.status_code})"
        )
    return data


_NOT_JSON = object()


def api_message(resp: Any, client: HttpClient) -> str:
    """A short, token-free excerpt of an API error body (``message`` field when JSON)."""
    text = ""
    try:
        data = resp.json()
        if isinstance(data, dict):
            msg = data.get("message") or data.get("error") or data.get("errors")
            if isinstance(msg, dict):
                msg = msg.get("message") or msg
            text = str(msg) if msg else ""
    except ValueError:
        text = ""
    return client.mask(one_line(text, 200)) if text else ""


def parse_next_link(link_header: str | None) -> str | None:
    """The ``rel="next"`` URL of an RFC 8288 ``Link`` header, if any."""
    if not link_header:
        return None
    for part in link_header.split(","):
        segs = part.split(";")
        url = segs[0].strip()
        if not (url.startswith("<") and url.endswith(">")):
            continue
        for param in segs[1:]:
            key, _, val = param.strip().partition("=")
            if key.strip().lower() == "rel" and "next" in val.strip().strip('"').split():
                return url[1:-1]
    return None
