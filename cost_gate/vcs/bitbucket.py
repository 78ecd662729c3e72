"""Bitbucket Cloud: pull request comments API (2.0).

Bitbucket's markdown shows raw HTML, so the hidden marker is a markdown link reference
definition (``[//]: # (...)``), which renders as nothing.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from cost_gate.errors import PostError
from cost_gate.vcs.errors import check_response
from cost_gate.vcs.http import AmbiguousWrite, HttpClient, json_body
from cost_gate.vcs.interface import Comment, CommentHost

DEFAULT_API_URL = "https://api.bitbucket.org/2.0"
MAX_BODY = 32_768  # conservative: Bitbucket documents no exact limit


class BitbucketHost(CommentHost):
    """Comments on one Bitbucket Cloud pull request. Auth: a bearer access token, or
    ``username`` + app password (basic auth)."""

    label = "Bitbucket"
    max_body_chars = MAX_BODY
    marker_style = "link"

    def __init__(
        self,
        *,
        repo: str,
        pull_request: int,
        token: str,
        username: str | None = None,
        api_url: str = DEFAULT_API_URL,
        client: HttpClient | None = None,
        **client_kwargs: Any,
    ) -> None:
        if "/" not in repo:
            raise PostError(f"Bitbucket repository must be workspace/slug, got {repo!r}")
        self.repo = repo
        self.pull_request = int(pull_request)
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        if username:
            basic = base64.b64encode(f"{username}:{token}".encode()).decode()
            auth = f"Basic {basic}"
            secrets = [token, basic]
        else:
            auth = f"Bearer {token}"
            secrets = [token]
        self.client = client or HttpClient(
            headers={"Authorization": auth, "Accept": "application/json"},
            secrets=secrets,
            host_label="Bitbucket",
            **client_kwargs,
        )
        self._hints = {
            401: "the credentials are missing or invalid (set BITBUCKET_TOKEN, or "
            "BITBUCKET_USERNAME + BITBUCKET_APP_PASSWORD)",
            403: "the token lacks the `pullrequest:write` scope for this repository",
            404: f"repository {repo} or pull request #{self.pull_request} was not found, or "
            "the token cannot see it",
        }

    def __repr__(self) -> str:
        return f"<BitbucketHost {self.describe()}>"

    def describe(self) -> str:
        return f"Bitbucket {self.repo}#{self.pull_request}"

    def _comments_url(self) -> str:
        return f"{self.api_url}/repositories/{self.repo}/pullrequests/{self.pull_request}/comments"

    @staticmethod
    def _to_comment(data: dict[str, Any]) -> Comment:
        content = data.get("content")
        links = data.get("links")
        html = links.get("html") if isinstance(links, dict) else None
        return Comment(
            id=str(data["id"]),
            body=(content.get("raw") if isinstance(content, dict) else None) or "",
            url=html.get("href") if isinstance(html, dict) else None,
            created_at=data.get("created_on"),
        )

    def list_comments(self) -> Iterator[Comment]:
        url: str | None = self._comments_url()
        params: dict[str, Any] | None = {"pagelen": 100}
        what = f"list comments on {self.describe()}"
        pages = 0
        while url and pages < 1000:
            resp = check_response(
                self.client.request("GET", url, params=params), self.client, what,
                ok=(200,), hints=self._hints,
            )
            data = json_body(resp, self.client, what, expect=dict)
            values = data.get("values")
            for item in values if isinstance(values, list) else []:
                if isinstance(item, dict) and item.get("id") is not None \
                        and not item.get("deleted") and not item.get("inline"):
                    yield self._to_comment(item)
            url, params = data.get("next"), None
            if not isinstance(url, str):
                url = None
            pages += 1

    def create(self, body: str) -> Comment:
        what = f"comment on {self.describe()}"
        resp = self.client.request("POST", self._comments_url(), json={"content": {"raw": body}})
        check_response(resp, self.client, what, ok=(201, 200), hints=self._hints)
        data = json_body(resp, self.client, what, expect=dict)
        if data.get("id") is None:
            raise AmbiguousWrite(f"Bitbucket answered without a comment id for {what}")
        return self._to_comment(data)

    def update(self, comment: Comment, body: str) -> Comment:
        what = f"edit comment {comment.id} on {self.describe()}"
        resp = self.client.request(
            "PUT", f"{self._comments_url()}/{comment.id}", json={"content": {"raw": body}}
        )
        check_response(resp, self.client, what, ok=(200,), hints=self._hints)
        data = json_body(resp, self.client, what, expect=dict)
        return self._to_comment({**data, "id": data.get("id") or comment.id})

    def delete(self, comment: Comment) -> None:
        what = f"delete comment {comment.id} on {self.describe()}"
        resp = self.client.request("DELETE", f"{self._comments_url()}/{comment.id}")
        check_response(resp, self.client, what, ok=(204, 200, 404), hints=self._hints)
