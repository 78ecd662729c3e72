"""The retry policy shared by cost-gate's HTTP clients (VCS APIs and ``pricing update``).

One place for: reading a server's wait hint (``Retry-After``, ``X-RateLimit-Reset``), waiting
that long or backing off exponentially, and building a :class:`tenacity.Retrying` with an
attempt limit, an optional total-wait budget and an injectable ``sleep``. Retry predicates and
hints see the last *outcome*: the value the attempt returned or the exception it raised.

Nothing at CLI start imports this module (it pulls in tenacity); ``requests`` is never imported.
"""

from __future__ import annotations

import email.utils
import math
from collections.abc import Callable, Mapping
from datetime import timezone
from typing import Any

import tenacity
from tenacity import RetryCallState

Hint = Callable[[Any], float | None]


def retry_after_seconds(headers: Mapping[str, str], *, now: float) -> float | None:
    """Seconds the server asks us to wait, or ``None`` when it gives no usable hint.

    ``Retry-After`` may be seconds or an HTTP date. Failing that, ``X-RateLimit-Reset`` (epoch
    seconds) counts when the remaining quota is 0 or not given, plus one second of slack.
    """
    value = (headers.get("Retry-After") or "").strip()
    if value:
        seconds = _finite(value)
        if seconds is None:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                when = None
            if when is not None:
                if when.tzinfo is None:  # "-0000": an HTTP date is UTC anyway
                    when = when.replace(tzinfo=timezone.utc)
                seconds = when.timestamp() - now
        if seconds is not None:
            return max(0.0, seconds)
    reset = headers.get("X-RateLimit-Reset")
    if reset and headers.get("X-RateLimit-Remaining") in ("0", None):
        at = _finite(reset)
        return None if at is None else max(0.0, at - now) + 1.0
    return None


def _finite(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def outcome_of(state: RetryCallState) -> Any:
    """What the last attempt returned, or the exception it raised (``None`` before any)."""
    outcome = state.outcome
    if outcome is None:
        return None
    return outcome.exception() if outcome.failed else outcome.result()


class WaitHintOrBackoff(tenacity.wait.wait_base):
    """Wait as long as the server hinted, else ``base * 2**(attempt-1)`` capped at ``cap``.

    ``hint`` maps the last outcome to seconds (or ``None``). The hint is capped too only when
    ``cap_hint`` is set; otherwise bound it with :func:`retrying`'s ``max_total_wait``.
    """

    def __init__(self, hint: Hint, *, base: float, cap: float, cap_hint: bool = False) -> None:
        self.hint = hint
        self.base = base
        self.cap = cap
        self.cap_hint = cap_hint

    def __call__(self, retry_state: RetryCallState) -> float:
        hinted = self.hint(outcome_of(retry_state))
        if hinted is not None:
            hinted = max(0.0, hinted)
            return min(self.cap, hinted) if self.cap_hint else hinted
        exponent = min(retry_state.attempt_number - 1, 60)  # no float overflow on long runs
        return min(self.cap, self.base * 2.0**exponent)


class StopBeyondTotalWait(tenacity.stop.stop_base):
    """Stop when the next sleep would take the total time slept past ``budget`` seconds.

    Counts the sleeps themselves (not the wall clock), so an injected fake sleep stays exact.
    """

    def __init__(self, budget: float) -> None:
        self.budget = budget

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.idle_for + retry_state.upcoming_sleep > self.budget


def retrying(
    *,
    attempts: int,
    retry_on: Callable[[Any], bool],
    wait: tenacity.wait.wait_base,
    sleep: Callable[[float], None],
    max_total_wait: float | None = None,
    give_up: Callable[[RetryCallState], Any] | None = None,
) -> tenacity.Retrying:
    """A ``Retrying`` that retries while ``retry_on(outcome)`` holds, up to ``attempts`` tries.

    An outcome ``retry_on`` rejects is returned (or re-raised) at once. When retries run out,
    ``give_up(state)`` decides the result; by default the last outcome is returned or raised.
    """
    stop: tenacity.stop.stop_base = tenacity.stop_after_attempt(max(1, attempts))
    if max_total_wait is not None:
        stop = stop | StopBeyondTotalWait(max_total_wait)
    return tenacity.Retrying(
        stop=stop,
        wait=wait,
        sleep=sleep,
        retry=lambda state: retry_on(outcome_of(state)),
        retry_error_callback=give_up or _last_outcome,
    )


def _last_outcome(state: RetryCallState) -> Any:
    if state.outcome is None:  # pragma: no cover - tenacity gives up only after an attempt
        return None
    return state.outcome.result()  # the last value, or re-raise the last exception
