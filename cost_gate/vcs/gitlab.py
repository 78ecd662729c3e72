"""GitLab (gitlab.com or self-managed): merge request notes API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from cost_gate.vcs.errors import check_response
from cost_gate.vcs.http import AmbiguousWrite, HttpClient, json_body, parse_next_link
from cost_gate.vcs.interface import Comment, CommentHost

DEFAULT_URL = "https://gitlab.com"
MAX_BODY = 1_000_000  # GitLab's note length limit


class GitLabHost(CommentHost):
    """Notes on one GitLab merge request. ``project`` is a numeric id or ``group/name``."""

    label = "GitLab"
    max_body_chars = MAX_BODY
    marker_style = "html"

    def __init__(
        self,
        *,
        project: str,
        merge_request: int,
        token: str,
        token_kind: str = "private",  # "private" (PAT/project token) or "job" (CI_JOB_TOKEN)
        server_url: str = DEFAULT_URL,
        client: HttpClient | None = None,
        **client_kwargs: Any,
    ) -> None:
        self.project = str(project)
        self.merge_request = int(merge_request)
        self.server_url = (server_url or DEFAULT_URL).rstrip("/")
        header = "JOB-TOKEN" if token_kind == "job" else "PRIVATE-TOKEN"
        self.client = client or HttpClient(
            headers={header: token, "Accept": "application/json"},
            secrets=[token],
            host_label="GitLab",
            **client_kwargs,
        )
        self._hints = {
            401: "the token is missing, expired or invalid (set GITLAB_TOKEN or --token)",
            403: "the token lacks permission: use a project/personal access token with the "
            "`api` scope and at least Reporter role in GITLAB_TOKEN (CI_JOB_TOKEN usually "
            "cannot write merge request notes)",
            404: f"project {self.project} or merge request !{self.merge_request} was not "
            "found, or the token cannot see it",
        }

    def __repr__(self) -> str:
        return f"<GitLabHost {self.describe()}>"

    def describe(self) -> str:
        return f"GitLab {self.project}!{self.merge_request}"

    def _notes_url(self) -> str:
        pid = quote(self.project, safe="")
        return f"{self.server_url}/api/v4/projects/{pid}/merge_requests/{self.merge_request}/notes"

    def _to_comment(self, data: dict[str, Any]) -> Comment:
        return Comment(
            id=str(data["id"]),
            body=data["body"] if isinstance(data.get("body"), str) else "",
            created_at=data.get("created_at"),
            extra={"system": bool(data.get("system"))},
        )

    def list_comments(self) -> Iterator[Comment]:
        url: str | None = self._notes_url()
        params: dict[str, Any] | None = {"per_page": 100, "sort": "asc", "order_by": "created_at"}
        what = f"list notes on {self.describe()}"
        page = 1
        while url and page <= 1000:
            resp = check_response(
                self.client.request("GET", url, params=params), self.client, what,
                ok=(200,), hints=self._hints,
            )
            for item in json_body(resp, self.client, what, expect=list):
                if isinstance(item, dict) and item.get("id") is not None \
                        and not item.get("system"):
                    yield self._to_comment(item)
            next_link = parse_next_link(resp.headers.get("Link"))
            next_page = resp.headers.get("X-Next-Page")
            if next_link:
                url, params = next_link, None
            elif next_page:
                url = self._notes_url()
                params = {"per_page": 100, "sort": "asc", "order_by": "created_at",
                          "page": next_page}
            else:
                url = None
            page += 1

    def create(self, body: str) -> Comment:
        what = f"add a note to {self.describe()}"
        resp = self.client.request("POST", self._notes_url(), json={"body": body})
        check_response(resp, self.client, what, ok=(201, 200), hints=self._hints)
        data = json_body(resp, self.client, what, expect=dict)
        if data.get("id") is None:
            raise AmbiguousWrite(f"GitLab answered without a note id for {what}")
        return self._to_comment(data)

    def update(self, comment: Comment, body: str) -> Comment:
        what = f"edit note {comment.id} on {self.describe()}"
        url = f"{self._notes_url()}/{comment.id}"
        resp = self.client.request("PUT", url, json={"body": body})
        check_response(resp, self.client, what, ok=(200,), hints=self._hints)
        data = json_body(resp, self.client, what, expect=dict)
        return self._to_comment({**data, "id": data.get("id") or comment.id})

    def delete(self, comment: Comment) -> None:
        what = f"delete note {comment.id} on {self.describe()}"
        resp = self.client.request("DELETE", f"{self._notes_url()}/{comment.id}")
        check_response(resp, self.client, what, ok=(204, 200, 404), hints=self._hints)
