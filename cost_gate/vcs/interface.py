"""The plug point every code host implements: list, create, update, delete, hide comments.

A host knows one pull/merge request. It deals in whole comment bodies and knows nothing
about reports, markers or behaviours: :mod:`cost_gate.vcs.poster` holds that logic once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

MarkerStyle = Literal["html", "link"]


@dataclass(frozen=True)
class Comment:
    """A comment as the host returned it. ``id`` is opaque to everything but the host."""

    id: str
    body: str
    url: str | None = None
    created_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


class HideNotSupported(Exception):
    """Raised by :meth:`CommentHost.hide` on hosts with no way to collapse a comment."""


class CommentHost(ABC):
    """One pull/merge request on one code host."""

    #: Human name used in messages ("GitHub", "GitLab", ...).
    label: str = "host"
    #: Largest comment body the host accepts, in characters.
    max_body_chars: int = 65_536
    #: How the hidden marker is written: an HTML comment, or a markdown link reference
    #: definition for hosts whose markdown shows raw HTML (Bitbucket).
    marker_style: MarkerStyle = "html"

    @abstractmethod
    def list_comments(self) -> Iterable[Comment]:
        """Every comment on the pull request, oldest first, across all pages."""

    @abstractmethod
    def create(self, body: str) -> Comment:
        """Add a new comment and return it."""

    @abstractmethod
    def update(self, comment: Comment, body: str) -> Comment:
        """Replace the body of an existing comment."""

    @abstractmethod
    def delete(self, comment: Comment) -> None:
        """Delete a comment."""

    def hide(self, comment: Comment) -> None:
        """Collapse a comment as outdated. Hosts without such a feature raise
        :class:`HideNotSupported`; the poster then rewrites the old comment to a stub."""
        raise HideNotSupported(self.label)

    def describe(self) -> str:
        """Where comments go, for messages (no secrets)."""
        return self.label
