"""Azure Repos (Azure DevOps Services or Server): pull request threads API.

Each of our comments is the first comment of its own thread; its id is
``"<thread id>/<comment id>"``. Hiding sets the thread's status to ``closed``, which Azure
collapses in the PR view.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from cost_gate.errors import PostError
from cost_gate.vcs.errors import check_response
from cost_gate.vcs.http import AmbiguousWrite, HttpClient, json_body
from cost_gate.vcs.interface import Comment, CommentHost

API_VERSION = "7.1"
MAX_BODY = 150_000  # Azure DevOps PR comment content limit


class AzureReposHost(CommentHost):
    """Threads on one Azure Repos pull request."""

    label = "Azure Repos"
    max_body_chars = MAX_BODY
    marker_style = "html"

    def __init__(
        self,
        *,
        collection_uri: str,
        project: str,
        repository: str,
        pull_request: int,
        token: str,
        client: HttpClient | None = None,
        **client_kwargs: Any,
    ) -> None:
        self.collection_uri = collection_uri.rstrip("/")
        self.project = project
        self.repository = repository
        self.pull_request = int(pull_request)
        self.client = client or HttpClient(
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            secrets=[token],
            host_label="Azure Repos",
            **client_kwargs,
        )
        self._hints = {
            401: "the token is missing or invalid: map SYSTEM_ACCESSTOKEN: $(System.AccessToken) "
            "into the step's env",
            203: "the token was not accepted (Azure answered with a sign-in page)",
            403: "the build service identity lacks the 'Contribute to pull requests' "
            "permission on this repository",
            404: f"project {project}, repository {repository} or pull request "
            f"{self.pull_request} was not found, or the token cannot see it",
        }

    def __repr__(self) -> str:
        return f"<AzureReposHost {self.describe()}>"

    def describe(self) -> str:
        return f"Azure Repos {self.project}/{self.repository} PR {self.pull_request}"

    def _threads_url(self) -> str:
        return (
            f"{self.collection_uri}/{quote(self.project, safe='')}/_apis/git/repositories/"
            f"{quote(self.repository, safe='')}/pullRequests/{self.pull_request}/threads"
        )

    @property
    def _params(self) -> dict[str, str]:
        return {"api-version": API_VERSION}

    @staticmethod
    def _split(comment: Comment) -> tuple[str, str]:
        thread_id, _, comment_id = comment.id.partition("/")
        if not comment_id:
            raise PostError(f"not an Azure Repos comment id: {comment.id!r}")
        return thread_id, comment_id

    def list_comments(self) -> Iterator[Comment]:
        what = f"list threads on {self.describe()}"
        params: dict[str, str] = dict(self._params)
        for _ in range(1000):
            resp = check_response(
                self.client.request("GET", self._threads_url(), params=params),
                self.client, what, ok=(200,), hints=self._hints,
            )
            data = json_body(resp, self.client, what, expect=dict)
            threads = data.get("value")
            for thread in threads if isinstance(threads, list) else []:
                if not isinstance(thread, dict) or thread.get("isDeleted") \
                        or thread.get("id") is None:
                    continue
                listed = thread.get("comments")
                comments = [c for c in listed if isinstance(c, dict) and c.get("id") is not None
                            and not c.get("isDeleted")] if isinstance(listed, list) else []
                if not comments:
                    continue
                first = comments[0]
                yield Comment(
                    id=f"{thread['id']}/{first['id']}",
                    body=str(first.get("content") or ""),
                    created_at=first.get("publishedDate"),
                    extra={"status": thread.get("status")},
                )
            token = resp.headers.get("x-ms-continuationtoken")
            if not token:
                break
            params = {**self._params, "continuationToken": token}

    def _comment_from_thread(self, thread: dict[str, Any]) -> Comment:
        if thread.get("id") is None:
            raise AmbiguousWrite(f"Azure Repos answered without a thread id on {self.describe()}")
        comments = thread.get("comments")
        first = comments[0] if isinstance(comments, list) and comments else {}
        first = first if isinstance(first, dict) else {}
        return Comment(
            id=f"{thread['id']}/{first.get('id', 1)}",
            body=first.get("content") or "",
            created_at=first.get("publishedDate"),
        )

    def create(self, body: str) -> Comment:
        what = f"create a thread on {self.describe()}"
        payload = {
            "comments": [{"parentCommentId": 0, "content": body, "commentType": 1}],
            "status": "active",
        }
        resp = self.client.request("POST", self._threads_url(), params=self._params, json=payload)
        check_response(resp, self.client, what, ok=(200, 201), hints=self._hints)
        return self._comment_from_thread(json_body(resp, self.client, what, expect=dict))

    def update(self, comment: Comment, body: str) -> Comment:
        thread_id, comment_id = self._split(comment)
        what = f"edit comment {comment.id} on {self.describe()}"
        url = f"{self._threads_url()}/{thread_id}/comments/{comment_id}"
        resp = self.client.request("PATCH", url, params=self._params, json={"content": body})
        check_response(resp, self.client, what, ok=(200,), hints=self._hints)
        data = json_body(resp, self.client, what, expect=dict)
        return Comment(id=comment.id, body=str(data.get("content", body)),
                       created_at=data.get("publishedDate"))

    def delete(self, comment: Comment) -> None:
        thread_id, comment_id = self._split(comment)
        what = f"delete comment {comment.id} on {self.describe()}"
        url = f"{self._threads_url()}/{thread_id}/comments/{comment_id}"
        resp = self.client.request("DELETE", url, params=self._params)
        check_response(resp, self.client, what, ok=(200, 204, 404), hints=self._hints)

    def hide(self, comment: Comment) -> None:
        thread_id, _ = self._split(comment)
        what = f"close thread {thread_id} on {self.describe()}"
        url = f"{self._threads_url()}/{thread_id}"
        resp = self.client.request("PATCH", url, params=self._params, json={"status": "closed"})
        check_response(resp, self.client, what, ok=(200,), hints=self._hints)
