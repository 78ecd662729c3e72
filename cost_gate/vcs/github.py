"""GitHub and GitHub Enterprise Server: PR comments via the issues REST API, hiding via
GraphQL ``minimizeComment``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cost_gate.errors import PostError
from cost_gate.vcs.errors import check_response
from cost_gate.vcs.http import AmbiguousWrite, HttpClient, json_body, parse_next_link
from cost_gate.vcs.interface import Comment, CommentHost

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
MAX_BODY = 65_536

_MINIMIZE = (
    "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) "
    "{ minimizedComment { isMinimized } } }"
)


def graphql_url_for(api_url: str) -> str:
    """GraphQL endpoint for a REST base: github.com, or GHES ``/api/v3`` -> ``/api/graphql``."""
    base = api_url.rstrip("/")
    if base.endswith("/api/v3"):
        return base[: -len("/v3")] + "/graphql"
    return base + "/graphql"


class GitHubHost(CommentHost):
    """Comments on one GitHub pull request."""

    label = "GitHub"
    max_body_chars = MAX_BODY
    marker_style = "html"

    def __init__(
        self,
        *,
        repo: str,
        pull_request: int,
        token: str,
        api_url: str = DEFAULT_API_URL,
        graphql_url: str | None = None,
        client: HttpClient | None = None,
        **client_kwargs: Any,
    ) -> None:
        if "/" not in repo:
            raise PostError(f"GitHub repository must be owner/name, got {repo!r}")
        self.repo = repo
        self.pull_request = int(pull_request)
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        self.graphql_url = graphql_url or graphql_url_for(self.api_url)
        self.client = client or HttpClient(
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
            },
            secrets=[token],
            host_label="GitHub",
            **client_kwargs,
        )
        self._hints = {
            401: "the token is missing, expired or invalid (set GITHUB_TOKEN or --github-token)",
            403: "the token lacks permission; the workflow needs `permissions: pull-requests: "
            "write` (fork PRs get a read-only token)",
            404: f"repository {repo} or pull request #{self.pull_request} was not found, or "
            "the token cannot see it",
            422: "GitHub rejected the comment body",
        }

    def __repr__(self) -> str:
        return f"<GitHubHost {self.describe()}>"

    def describe(self) -> str:
        return f"GitHub {self.repo}#{self.pull_request}"

    def _comments_url(self) -> str:
        return f"{self.api_url}/repos/{self.repo}/issues/{self.pull_request}/comments"

    def _comment_url(self, comment_id: str) -> str:
        return f"{self.api_url}/repos/{self.repo}/issues/comments/{comment_id}"

    @staticmethod
    def _to_comment(data: dict[str, Any]) -> Comment:
        return Comment(
            id=str(data["id"]),
            body=data["body"] if isinstance(data.get("body"), str) else "",
            url=data.get("html_url"),
            created_at=data.get("created_at"),
            extra={"node_id": data.get("node_id")},
        )

    def list_comments(self) -> Iterator[Comment]:
        url: str | None = self._comments_url()
        params: dict[str, Any] | None = {"per_page": 100}
        what = f"list comments on {self.repo}#{self.pull_request}"
        pages = 0
        while url and pages < 1000:
            resp = check_response(
                self.client.request("GET", url, params=params), self.client, what,
                ok=(200,), hints=self._hints,
            )
            for item in json_body(resp, self.client, what, expect=list):
                if isinstance(item, dict) and item.get("id") is not None:
                    yield self._to_comment(item)
            url = parse_next_link(resp.headers.get("Link"))
            params = None  # the next link carries its own query
            pages += 1

    def create(self, body: str) -> Comment:
        what = f"comment on {self.repo}#{self.pull_request}"
        resp = self.client.request("POST", self._comments_url(), json={"body": body})
        check_response(resp, self.client, what, ok=(201, 200), hints=self._hints)
        data = json_body(resp, self.client, what, expect=dict)
        if data.get("id") is None:
            raise AmbiguousWrite(f"GitHub answered without a comment id for {what}")
        return self._to_comment(data)

    def update(self, comment: Comment, body: str) -> Comment:
        what = f"edit comment {comment.id} on {self.repo}#{self.pull_request}"
        resp = self.client.request("PATCH", self._comment_url(comment.id), json={"body": body})
        check_response(resp, self.client, what, ok=(200,), hints=self._hints)
        data = json_body(resp, self.client, what, expect=dict)
        return self._to_comment({**data, "id": data.get("id") or comment.id})

    def delete(self, comment: Comment) -> None:
        what = f"delete comment {comment.id} on {self.repo}#{self.pull_request}"
        resp = self.client.request("DELETE", self._comment_url(comment.id))
        check_response(resp, self.client, what, ok=(204, 200, 404), hints=self._hints)

    def hide(self, comment: Comment) -> None:
        node_id = comment.extra.get("node_id")
        what = f"hide comment {comment.id} on {self.repo}#{self.pull_request}"
        if not node_id:
            raise PostError(f"GitHub gave no node id, cannot {what}")
        resp = self.client.request(  # minimising twice is harmless: safe to repeat
            "POST", self.graphql_url, json={"query": _MINIMIZE, "variables": {"id": node_id}},
            idempotent=True,
        )
        check_response(resp, self.client, what, ok=(200,), hints=self._hints)
        data = json_body(resp, self.client, what, expect=dict)
        errors = data.get("errors")
        if errors:
            first = errors[0] if isinstance(errors, list) and errors else errors
            first = first.get("message", "") if isinstance(first, dict) else first
            raise PostError(self.client.mask(f"GitHub refused to {what}: {first}"[:300]))
