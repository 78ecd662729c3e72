"""A small retrying HTTP client for the VCS APIs.

Retries connection errors, 5xx, 429 and GitHub's secondary rate limits (403 with
``Retry-After`` or an exhausted ``X-RateLimit-Remaining``) using the shared policy in
:mod:`cost_gate.http_retry`: exponential backoff that honours ``Retry-After`` and
``X-RateLimit-Reset``, within a bounded total wait. Other 4xx responses are returned at once
for the host to explain. ``requests`` is imported lazily.

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
    ) -> Any:
        """Send a request, retrying transient failures; return the final ``Response``.

        Raises :class:`PostError` only when no response could be had at all (network
        errors on every attempt). A response that is still 5xx/429 after the retries is
        returned so the caller can say what failed.
        """
        import requests  # lazy

        session = self._get_session()
        all_headers = {**self._headers, **(headers or {})}

        def attempt() -> Any:
            return session.request(
                method, url, json=json, params=params, headers=all_headers,
                timeout=self.timeout, allow_redirects=True,
            )

        def retry_on(outcome: Any) -> bool:  # connection refused, timeout, ... or 5xx/429
            if isinstance(outcome, BaseException):
                return isinstance(outcome, requests.RequestException)
            return self._should_retry(outcome)

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


def json_body(resp: Any, client: HttpClient, what: str) -> Any:
    """Decode a JSON response or raise a one-line :class:`PostError`."""
    try:
        return resp.json()
    except ValueError:
        raise PostError(
            f"{client.host_label} returned a non-JSON answer for {what} "
            f"(HTTP {resp.status_code})"
        ) from None


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
