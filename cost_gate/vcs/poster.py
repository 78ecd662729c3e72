"""Host-independent comment behaviour, written once for every host.

Given a :class:`~cost_gate.vcs.interface.CommentHost`, the JSON report and a function that
returns the rendered markdown (the poster never renders), :func:`post_report` keeps one current cost comment per (pull request, tag):

* ``update`` (default) edits our newest comment in place, or creates one;
* ``new`` always adds a comment; ``delete-and-new`` adds one then deletes the old ones;
  ``hide-and-new`` adds one then hides (minimises) the old ones;
* ``skip_no_diff`` never *creates* a comment when the cost does not change, but still
  updates an existing one so it does not go stale;
* a body identical to the current comment makes no write;
* the marker records the commit and the time it describes; a run for an older commit never
  overwrites (or buries) a comment written for a newer one;
* the body is kept under the host's size limit (the renderer trims details, never the
  headline, totals or gate result);
* a create is never repeated blindly: after an ambiguous failure (5xx, timeout, reset) the
  comments are listed again and a comment carrying our marker is adopted;
* after writing, the comments are listed again (and once more after a short pause) so that
  concurrent runs on one pull request converge on exactly one comment describing the newest
  commit: the others are deleted (or hidden with ``hide-and-new``), and a comment an older
  run overwrote after us is written back.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from cost_gate.errors import PostError
from cost_gate.vcs.http import AmbiguousWrite
from cost_gate.vcs.interface import Comment, CommentHost, HideNotSupported
from cost_gate.vcs.marker import Marker, parse_marker

Behavior = Literal["update", "new", "delete-and-new", "hide-and-new"]
BEHAVIORS: tuple[str, ...] = ("update", "new", "delete-and-new", "hide-and-new")
#: Room left between marker + body and the host limit (newlines, host-side normalisation).
MARGIN = 200

Render = Callable[[int | None], str]

#: Pause before re-checking that concurrent runs converged (seconds, jittered); the
#: environment variable overrides it (tests use a short one).
SETTLE_SECONDS = 1.5
ENV_SETTLE = "COST_GATE_COMMENT_SETTLE_SECONDS"
#: Creates attempted when each one failed ambiguously and no comment appeared.
CREATE_ATTEMPTS = 2
# Tests may replace this; production waits on the real clock.
settle_sleep: Callable[[float], None] = time.sleep


def settle_seconds() -> float:
    try:
        value = float(os.environ.get(ENV_SETTLE, SETTLE_SECONDS))
    except ValueError:
        return SETTLE_SECONDS
    return min(max(value, 0.0), 30.0) if value == value else SETTLE_SECONDS


@dataclass(frozen=True)
class PostOptions:
    behavior: str = "update"
    tag: str = ""
    skip_no_diff: bool = False
    commit: str = ""
    commit_time: str = ""  # ISO 8601 UTC, marker form


@dataclass
class PostResult:
    """What happened. ``action`` is one of created, updated, unchanged, skipped-no-diff,
    skipped-stale."""

    action: str
    comment: Comment | None = None
    message: str = ""
    removed: list[str] = field(default_factory=list)  # ids deleted or hidden


@dataclass(frozen=True)
class _Ours:
    comment: Comment
    marker: Marker


def build_body(host: CommentHost, marker: Marker, render: Render) -> str:
    """Marker + rendered markdown, within ``host.max_body_chars``."""
    head = marker.render(host.marker_style) + "\n\n"
    budget = host.max_body_chars - len(head) - MARGIN
    markdown = render(budget)
    if len(markdown) > budget:  # renderer could not trim enough: cut the middle
        markdown = trim_middle(markdown, budget)
    return head + markdown.strip("\n") + "\n"


def trim_middle(text: str, limit: int) -> str:
    """Keep whole lines from the start and the end, drop the middle, and say so.

    A last resort for a renderer that overshoots: the headline is at the top and the totals
    and gate result at the bottom of our comment, so both survive.
    """
    if len(text) <= limit:
        return text
    lines = text.splitlines()
    note_tpl = "\n\n> **Note:** {n} lines of details were trimmed to fit the comment size limit.\n\n"
    room = max(0, limit - len(note_tpl) - 12)
    head: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > room * 2 // 3:
            break
        head.append(line)
        used += len(line) + 1
    tail: list[str] = []
    for line in reversed(lines[len(head):]):
        if used + len(line) + 1 > room:
            break
        tail.insert(0, line)
        used += len(line) + 1
    dropped = len(lines) - len(head) - len(tail)
    result = "\n".join(head) + note_tpl.format(n=dropped) + "\n".join(tail)
    return result[:limit]


def has_cost_change(report: dict[str, Any]) -> bool:
    """True when any summary or resource shows a non-zero monthly delta, or a change whose
    cost is unknown (schema 2 ``unpriced_changes``)."""

    def nonzero(value: Any) -> bool:
        if value in (None, ""):
            return False
        try:
            return Decimal(str(value)) != 0
        except (InvalidOperation, ValueError):
            return True

    if nonzero((report.get("summary") or {}).get("monthly_delta")):
        return True
    if (report.get("summary") or {}).get("unpriced_changes"):
        return True
    for project in report.get("projects") or []:
        if nonzero((project.get("summary") or {}).get("monthly_delta")):
            return True
        for res in project.get("resources") or []:
            if nonzero(res.get("monthly_delta")):
                return True
    return False


def _normalise(body: str) -> str:
    return body.replace("\r\n", "\n").strip()


def find_ours(host: CommentHost, tag: str) -> list[_Ours]:
    """Our comments with this tag, oldest first."""
    found = []
    for comment in host.list_comments():
        marker = parse_marker(comment.body)
        if marker is not None and marker.tag == tag:
            found.append(_Ours(comment, marker))
    return found


def _newer_elsewhere(ours: list[_Ours], mine: Marker) -> _Ours | None:
    """An existing comment describing a different commit at a later time than ``mine``."""
    my_time = mine.when()
    if my_time is None:
        return None
    for item in ours:
        their_time = item.marker.when()
        if (
            their_time is not None
            and their_time > my_time
            and item.marker.commit != mine.commit
        ):
            return item
    return None


def post_report(
    host: CommentHost,
    report: dict[str, Any],
    options: PostOptions,
    *,
    render: Render,
) -> PostResult:
    """Create, update, replace or leave alone our comment according to ``options``.

    ``render(max_chars)`` returns the rendered markdown (the caller owns rendering); the
    ``report`` dict is read only to tell whether the cost changes (``skip_no_diff``).
    """
    if options.behavior not in BEHAVIORS:
        raise ValueError(f"unknown behavior {options.behavior!r}")
    marker = Marker(tag=options.tag, commit=options.commit, time=options.commit_time)
    body = build_body(host, marker, render)

    ours = find_ours(host, options.tag)
    active = [o for o in ours if o.marker.state != "outdated"]
    current = active[-1] if active else None

    newer = _newer_elsewhere(active, marker)
    if newer is not None:
        return PostResult(
            "skipped-stale",
            newer.comment,
            f"left the {host.label} comment alone: it describes commit "
            f"{newer.marker.commit[:12] or '?'} at {newer.marker.time}, newer than "
            f"{options.commit[:12] or 'this run'} at {options.commit_time}",
        )

    if current is not None and _normalise(current.comment.body) == _normalise(body):
        return PostResult("unchanged", current.comment, f"{host.label} comment already up to date")

    if options.skip_no_diff and not has_cost_change(report):
        if current is None:
            return PostResult(
                "skipped-no-diff", None, "no cost change: no comment created (--skip-no-diff)"
            )
        updated = host.update(current.comment, body)
        result = PostResult("updated", updated, f"updated the {host.label} comment (no cost change)")
        _converge(host, options, marker, body, result)
        return result

    if options.behavior == "update":
        if current is not None:
            updated = host.update(current.comment, body)
            result = PostResult("updated", updated, f"updated the {host.label} comment")
        else:
            result = _create(host, body, marker)
        _converge(host, options, marker, body, result)
        return result

    result = _create(host, body, marker)
    if options.behavior == "delete-and-new":
        for item in ours:
            if item.comment.id == getattr(result.comment, "id", None):
                continue
            host.delete(item.comment)
            result.removed.append(item.comment.id)
        if result.removed:
            result.message += f" and deleted {len(result.removed)} older one(s)"
    elif options.behavior == "hide-and-new":
        for item in active:
            if item.comment.id == getattr(result.comment, "id", None):
                continue
            _hide(host, item)
            result.removed.append(item.comment.id)
        if result.removed:
            result.message += f" and hid {len(result.removed)} older one(s)"
    if options.behavior != "new":
        _converge(host, options, marker, body, result)
    return result


def _create(host: CommentHost, body: str, marker: Marker) -> PostResult:
    """Create our comment; after an ambiguous failure adopt the comment it may have made."""
    failure: AmbiguousWrite | None = None
    for _ in range(CREATE_ATTEMPTS):
        try:
            return PostResult("created", host.create(body), f"created a {host.label} comment")
        except AmbiguousWrite as exc:
            failure = exc
        written = _with_marker(find_ours(host, marker.tag), marker)
        if written is not None:
            return PostResult("created", written.comment,
                              f"created a {host.label} comment (confirmed by listing again "
                              "after an unclear answer)")
    assert failure is not None
    raise PostError(f"{failure.message}; listing the comments again found none of ours, so "
                    "nothing was posted")


def _with_marker(ours: list[_Ours], marker: Marker) -> _Ours | None:
    for item in reversed(ours):
        if item.marker == marker:
            return item
    return None


def _rank(item: _Ours) -> tuple:
    when = item.marker.when()
    return (when is not None, when.timestamp() if when else 0.0)


def _pick_survivor(ours: list[_Ours], *, latest: bool) -> _Ours:
    """The comment every concurrent run agrees to keep: the newest commit's; among equals
    the first listed (``update`` keeps its place) or the last (the ``*-and-new`` ones)."""
    best = max(_rank(o) for o in ours)
    tied = [o for o in ours if _rank(o) == best]
    return tied[-1] if latest else tied[0]


def _converge(
    host: CommentHost, options: PostOptions, mine: Marker, body: str, result: PostResult
) -> None:
    """List again until one comment describes the newest commit; remove the others.

    Every run applies the same choice, so concurrent runs agree. A check right after the
    write catches duplicates; one after a pause catches writes that were in flight.
    """
    pause = settle_seconds()
    latest = options.behavior != "update"
    checks = 0
    while checks < 4:
        if checks:
            settle_sleep(pause * random.uniform(0.75, 1.25))
        checks += 1
        listed = [o for o in find_ours(host, options.tag) if o.marker.state != "outdated"]
        if options.behavior == "hide-and-new":
            listed = [o for o in listed if o.comment.extra.get("status") != "closed"]
        changed = False
        if not listed:  # ours vanished and no other took its place: post it again
            result.comment = _create(host, body, mine).comment
            continue
        survivor = _pick_survivor(listed, latest=latest)
        for item in listed:
            if item is survivor:
                continue
            if options.behavior == "hide-and-new":
                _hide(host, item)
            else:
                host.delete(item.comment)
            if item.comment.id not in result.removed:
                result.removed.append(item.comment.id)
            changed = True
        if _rank(survivor) < _rank(_Ours(survivor.comment, mine)):
            # an older run wrote after us: put the newest report back
            result.comment = host.update(survivor.comment, body)
            changed = True
        elif survivor.marker == mine:
            result.comment = survivor.comment
        if checks >= 2 and not changed:
            break


def _hide(host: CommentHost, item: _Ours) -> None:
    """Hide natively, or rewrite the old comment to a short 'outdated' stub."""
    try:
        host.hide(item.comment)
        return
    except HideNotSupported:
        pass
    old = item.marker
    stub_marker = Marker(tag=old.tag, commit=old.commit, time=old.time, state="outdated")
    what = f" for commit `{old.commit[:12]}`" if old.commit else ""
    stub = (
        stub_marker.render(host.marker_style)
        + f"\n\n_Outdated cost-gate report{what}: a newer report was posted below._\n"
    )
    host.update(item.comment, stub)
