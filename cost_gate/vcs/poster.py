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
  headline, totals or gate result).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from cost_gate.vcs.interface import Comment, CommentHost, HideNotSupported
from cost_gate.vcs.marker import Marker, parse_marker

Behavior = Literal["update", "new", "delete-and-new", "hide-and-new"]
BEHAVIORS: tuple[str, ...] = ("update", "new", "delete-and-new", "hide-and-new")
#: Room left between marker + body and the host limit (newlines, host-side normalisation).
MARGIN = 200

Render = Callable[[int | None], str]


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
        return PostResult("updated", updated, f"updated the {host.label} comment (no cost change)")

    if options.behavior == "update":
        if current is not None:
            updated = host.update(current.comment, body)
            return PostResult("updated", updated, f"updated the {host.label} comment")
        created = host.create(body)
        return PostResult("created", created, f"created a {host.label} comment")

    created = host.create(body)
    result = PostResult("created", created, f"created a {host.label} comment")
    if options.behavior == "delete-and-new":
        for item in ours:
            host.delete(item.comment)
            result.removed.append(item.comment.id)
        if result.removed:
            result.message += f" and deleted {len(result.removed)} older one(s)"
    elif options.behavior == "hide-and-new":
        for item in active:
            _hide(host, item)
            result.removed.append(item.comment.id)
        if result.removed:
            result.message += f" and hid {len(result.removed)} older one(s)"
    return result


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
