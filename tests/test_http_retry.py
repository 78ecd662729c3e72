"""The shared retry policy: server wait hints, backoff, attempt and total-wait limits."""

from __future__ import annotations

import pytest

from cost_gate.http_retry import WaitHintOrBackoff, retry_after_seconds, retrying


def no_hint(outcome: object) -> None:
    return None


class Script:
    """An attempt function that returns (or raises) the given outcomes in turn."""

    def __init__(self, *outcomes: object) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self) -> object:
        outcome = self.outcomes[min(self.calls, len(self.outcomes) - 1)]
        self.calls += 1
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


def run(script: Script, *, hint=no_hint, retry_on=lambda o: o == "busy", **options):
    sleeps: list[float] = []
    kwargs = {"attempts": 4, **options}
    policy = retrying(
        retry_on=retry_on,
        wait=WaitHintOrBackoff(hint, base=1.0, cap=3.0),
        sleep=sleeps.append,
        **kwargs,
    )
    return policy(script), sleeps


# -- retry_after_seconds ----------------------------------------------------------------------


def test_retry_after_in_seconds():
    assert retry_after_seconds({"Retry-After": " 4 "}, now=0) == 4
    assert retry_after_seconds({"Retry-After": "1.5"}, now=0) == 1.5
    assert retry_after_seconds({"Retry-After": "-3"}, now=0) == 0


def test_retry_after_as_http_date():
    assert retry_after_seconds({"Retry-After": "Thu, 01 Jan 1970 00:00:10 GMT"}, now=4) == 6
    assert retry_after_seconds({"Retry-After": "Thu, 01 Jan 1970 00:00:10 GMT"}, now=99) == 0


def test_unusable_retry_after_gives_no_hint():
    assert retry_after_seconds({"Retry-After": "soon"}, now=0) is None
    assert retry_after_seconds({"Retry-After": "inf"}, now=0) is None
    assert retry_after_seconds({}, now=0) is None


def test_rate_limit_reset_counts_only_when_quota_is_spent():
    spent = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "100"}
    assert retry_after_seconds(spent, now=90) == 11
    assert retry_after_seconds(spent, now=200) == 1  # already reset: one second of slack
    assert retry_after_seconds({**spent, "X-RateLimit-Remaining": "12"}, now=90) is None
    assert retry_after_seconds({**spent, "Retry-After": "2"}, now=90) == 2  # Retry-After wins


# -- waiting ----------------------------------------------------------------------------------


def test_backoff_doubles_up_to_the_cap():
    result, sleeps = run(Script("busy"), attempts=5)
    assert result == "busy"  # retries exhausted: the last outcome is returned
    assert sleeps == [1.0, 2.0, 3.0, 3.0]


def test_server_hint_replaces_backoff_and_is_capped_only_on_request():
    def hint(outcome):
        return 7.0 if outcome == "busy" else None

    _, sleeps = run(Script("busy", "busy", "ok"), hint=hint)
    assert sleeps == [7.0, 7.0]
    capped = retrying(attempts=2, retry_on=lambda o: o == "busy", sleep=sleeps.append,
                      wait=WaitHintOrBackoff(hint, base=1.0, cap=3.0, cap_hint=True))
    sleeps.clear()
    assert capped(Script("busy", "ok")) == "ok"
    assert sleeps == [3.0]


# -- stopping ---------------------------------------------------------------------------------


def test_total_wait_budget_stops_before_oversleeping():
    script = Script("busy")
    result, sleeps = run(script, attempts=10, max_total_wait=6.0)
    assert sleeps == [1.0, 2.0, 3.0]  # a fourth sleep (3.0) would pass the 6 s budget
    assert script.calls == 4 and result == "busy"


def test_hint_beyond_budget_gives_up_without_sleeping():
    script = Script("busy")
    _, sleeps = run(script, hint=lambda o: 3600.0, max_total_wait=60.0)
    assert sleeps == [] and script.calls == 1


def test_give_up_decides_the_final_result():
    calls: list[int] = []

    def give_up(state):
        calls.append(state.attempt_number)
        return "gave up"

    result, _ = run(Script(ConnectionError("down")), attempts=3, give_up=give_up,
                    retry_on=lambda o: isinstance(o, ConnectionError))
    assert result == "gave up" and calls == [3]


def test_last_exception_is_reraised_by_default():
    script = Script(ConnectionError("down"))
    with pytest.raises(ConnectionError, match="down"):
        run(script, attempts=2, retry_on=lambda o: isinstance(o, ConnectionError))
    assert script.calls == 2


# -- the predicate ----------------------------------------------------------------------------


def test_predicate_sees_values_and_exceptions():
    seen: list[object] = []

    def retry_on(outcome):
        seen.append(outcome)
        return isinstance(outcome, ConnectionError) or outcome == "busy"

    error = ConnectionError("reset")
    result, sleeps = run(Script(error, "busy", "ok"), retry_on=retry_on)
    assert result == "ok" and seen == [error, "busy", "ok"] and sleeps == [1.0, 2.0]


def test_outcomes_the_predicate_rejects_end_at_once():
    result, sleeps = run(Script("not found"))
    assert result == "not found" and sleeps == []
    script = Script(ValueError("bad"))
    with pytest.raises(ValueError, match="bad"):
        run(script, retry_on=lambda o: isinstance(o, ConnectionError))
    assert script.calls == 1
