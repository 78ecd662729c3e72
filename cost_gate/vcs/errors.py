"""Turn an HTTP failure into one :class:`PostError` line that says what to fix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cost_gate.errors import PostError
from cost_gate.http_retry import retry_after_seconds
from cost_gate.vcs.http import (
    IDEMPOTENT_METHODS,
    AmbiguousWrite,
    HttpClient,
    api_message,
    is_rate_limited,
)


class PostForbidden(PostError):
    """The host answered 403 (not a rate limit): this token may not write here.

    ``from_fork`` is set by the caller when the pull request comes from a fork, whose CI
    token is read-only by design: then it is a notice, not a failure.
    """

    from_fork = False


def check_response(
    resp: Any,
    client: HttpClient,
    what: str,
    *,
    ok: tuple[int, ...] = (200, 201, 204),
    hints: Mapping[int, str] | None = None,
) -> Any:
    """Return ``resp`` when its status is in ``ok``; otherwise raise a one-line PostError.

    ``what`` names the operation ("list comments on owner/repo#5"); ``hints`` maps a status
    to the advice for it (missing permission, wrong id...).
    """
    if resp.status_code in ok:
        return resp
    status = resp.status_code
    label = client.host_label
    if status in (403, 429) and is_rate_limited(resp):
        import time

        wait = retry_after_seconds(resp.headers, now=time.time())
        when = f"; retry after about {int(wait)}s" if wait is not None else ""
        raise PostError(f"{label} rate limit hit while trying to {what}{when}")
    method = getattr(getattr(resp, "request", None), "method", "GET") or "GET"
    if status >= 500 and method.upper() not in IDEMPOTENT_METHODS:
        raise AmbiguousWrite(
            f"{label} answered HTTP {status} while trying to {what}; it may have acted anyway"
        )
    if status >= 500:
        raise PostError(
            f"{label} kept failing (HTTP {status}) while trying to {what}; "
            "gave up after the retries"
        )
    hint = (hints or {}).get(status, "")
    detail = api_message(resp, client)
    text = f"{label} refused to {what} (HTTP {status})"
    if hint:
        text += f": {hint}"
    if detail:
        text += f" [{detail}]"
    raise (PostForbidden if status == 403 else PostError)(client.mask(text))
