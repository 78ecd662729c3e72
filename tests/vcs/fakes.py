"""Fake code-host APIs served on 127.0.0.1 (through pytest-httpserver) for the VCS tests.

Each fake keeps comments in memory, checks method, path, auth and content headers and JSON
bodies like the real API would, pages its lists, and can inject failures: ``fail_next`` is
a list of ``(status, headers)`` answered (in order) before any real handling.
Anything unexpected is answered with HTTP 599 and recorded in ``problems`` so tests fail
loudly.

``faults`` injects what a real network does to an answer, for the next request of a given
method: ``"acted-502"`` (the server acts, then answers 502), ``"acted-slow"`` (acts, then
answers after ``slow_seconds``), ``"acted-reset"`` (acts, then the connection drops mid-body),
``"acted-truncated"`` (acts, then sends cut-off JSON), ``"html-502"`` (does nothing, answers an
HTML error page). Each request is handled atomically (one lock), as a real API would.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from werkzeug import Request, Response


@dataclass
class Logged:
    method: str
    path: str
    args: dict[str, str]
    body: Any
    headers: dict[str, str]


@dataclass
class FakeHost:
    token: str
    base: str = ""
    comments: list[dict[str, Any]] = field(default_factory=list)
    log: list[Logged] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fail_next: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    read_only: bool = False
    ids: Any = field(default_factory=lambda: itertools.count(1001))
    faults: list[tuple[str, str]] = field(default_factory=list)  # (method, kind)
    slow_seconds: float = 1.0
    lock: Any = field(default_factory=threading.Lock)

    # -- helpers -----------------------------------------------------------------------

    def writes(self) -> list[Logged]:
        return [e for e in self.log if e.method != "GET"]

    def json(self, data: Any, status: int = 200, headers: dict[str, str] | None = None):
        return Response(json.dumps(data), status=status, headers=headers or {},
                        content_type="application/json")

    def problem(self, text: str) -> Response:
        self.problems.append(text)
        return Response(text, status=599)

    def handle(self, request: Request) -> Response:
        body = None
        if request.data:
            try:
                body = json.loads(request.data)
            except ValueError:
                return self.problem(f"non-JSON body on {request.method} {request.path}")
            if not request.headers.get("Content-Type", "").startswith("application/json"):
                return self.problem("body sent without Content-Type: application/json")
        self.log.append(Logged(request.method, request.path, dict(request.args), body,
                               dict(request.headers)))
        if self.fail_next:
            status, headers = self.fail_next.pop(0)
            return self.json({"message": "injected failure"}, status, headers)
        auth = self.check_auth(request)
        if auth is not None:
            return auth
        if self.read_only and request.method != "GET":
            return self.forbidden()
        fault = self._take_fault(request.method)
        if fault == "html-502":
            return Response("<html><body><h1>502 Bad Gateway</h1></body></html>", status=502,
                            content_type="text/html")
        with self.lock:
            answer = self.route(request, body)
        if fault == "acted-502":
            return Response("<html>upstream error</html>", status=502, content_type="text/html")
        if fault == "acted-slow":
            time.sleep(self.slow_seconds)
        if fault == "acted-truncated":
            data = answer.get_data()
            return Response(data[: max(1, len(data) // 2)], status=answer.status_code,
                            content_type="application/json")
        if fault == "acted-reset":
            data = answer.get_data()
            return Response(data[: max(1, len(data) // 2)], status=answer.status_code,
                            headers={"Content-Length": str(len(data) + 100)},
                            content_type="application/json")
        return answer

    def _take_fault(self, method: str) -> str | None:
        with self.lock:
            for i, (wanted, kind) in enumerate(self.faults):
                if wanted == method:
                    del self.faults[i]
                    return kind
        return None

    def forbidden(self) -> Response:
        return self.json({"message": "forbidden"}, 403)

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return self.json({"message": "Bad credentials"}, 401)
        return None

    def route(self, request: Request, body: Any) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def page(self, request: Request, items: list[Any], size_key: str, page_key: str = "page"):
        size = int(request.args.get(size_key, "30"))
        page = int(request.args.get(page_key, "1"))
        chunk = items[(page - 1) * size: page * size]
        more = page * size < len(items)
        return chunk, page, size, more

    def bodies(self) -> list[str]:
        return [c["body"] for c in self.comments]


# -- GitHub ------------------------------------------------------------------------------


@dataclass
class FakeGitHub(FakeHost):
    prefix: str = ""
    graphql_path: str = "/graphql"
    repo: str = "acme/infra"
    number: int = 7
    minimized: set[str] = field(default_factory=set)
    max_body: int = 65_536

    def add(self, body: str, user: str = "someone") -> dict[str, Any]:
        cid = next(self.ids)
        c = {"id": cid, "node_id": f"IC_node{cid}", "body": body, "user": {"login": user},
             "created_at": "2024-01-01T00:00:00Z",
             "html_url": f"https://github.example/{self.repo}/pull/{self.number}#c{cid}"}
        self.comments.append(c)
        return c

    def check_auth(self, request: Request) -> Response | None:
        if request.headers.get("Accept") != "application/vnd.github+json":
            return self.problem(f"bad Accept: {request.headers.get('Accept')}")
        if request.headers.get("X-GitHub-Api-Version") != "2022-11-28":
            return self.problem("missing X-GitHub-Api-Version")
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return self.json({"message": "Bad credentials"}, 401)
        return None

    def forbidden(self) -> Response:
        return self.json({"message": "Resource not accessible by integration",
                          "documentation_url": "https://docs.github.com/rest"}, 403)

    def route(self, request: Request, body: Any) -> Response:
        p, m = request.path, request.method
        repo_base = f"{self.prefix}/repos/{self.repo}"
        if p == self.graphql_path and m == "POST":
            return self.graphql(body)
        if p == f"{repo_base}/issues/{self.number}/comments":
            if m == "GET":
                chunk, page, size, more = self.page(request, self.comments, "per_page")
                headers = {}
                if more:
                    q = urlencode({"per_page": size, "page": page + 1})
                    headers["Link"] = (f'<{self.base}{p}?{q}>; rel="next", '
                                       f'<{self.base}{p}?page=99>; rel="last"')
                return self.json(chunk, 200, headers)
            if m == "POST":
                if set(body) != {"body"}:
                    return self.problem(f"unexpected create payload keys {sorted(body)}")
                if len(body["body"]) > self.max_body:
                    return self.json({"message": "Validation Failed"}, 422)
                return self.json(self.add(body["body"], "github-actions[bot]"), 201)
        m2 = re.fullmatch(rf"{re.escape(repo_base)}/issues/comments/(\d+)", p)
        if m2:
            c = next((c for c in self.comments if c["id"] == int(m2.group(1))), None)
            if c is None:
                return self.json({"message": "Not Found"}, 404)
            if m == "PATCH":
                if set(body) != {"body"} or len(body["body"]) > self.max_body:
                    return self.json({"message": "Validation Failed"}, 422)
                c["body"] = body["body"]
                return self.json(c)
            if m == "DELETE":
                self.comments.remove(c)
                return Response(status=204)
        if p.startswith(f"{self.prefix}/repos/"):
            return self.json({"message": "Not Found"}, 404)
        return self.problem(f"unexpected {m} {p}")

    def graphql(self, body: Any) -> Response:
        query = body.get("query", "")
        node = (body.get("variables") or {}).get("id")
        if "minimizeComment" not in query or "OUTDATED" not in query:
            return self.problem(f"unexpected GraphQL query {query!r}")
        if not any(c["node_id"] == node for c in self.comments):
            return self.json({"errors": [{"type": "NOT_FOUND", "message": "no such node"}]})
        self.minimized.add(node)
        return self.json({"data": {"minimizeComment": {"minimizedComment": {
            "isMinimized": True}}}})


# -- GitLab ------------------------------------------------------------------------------


@dataclass
class FakeGitLab(FakeHost):
    project: str = "42"
    iid: int = 3
    job_token: bool = False

    def add(self, body: str, system: bool = False) -> dict[str, Any]:
        c = {"id": next(self.ids), "body": body, "system": system,
             "created_at": "2024-01-01T00:00:00Z", "author": {"username": "bot"}}
        self.comments.append(c)
        return c

    def check_auth(self, request: Request) -> Response | None:
        header = "JOB-TOKEN" if self.job_token else "PRIVATE-TOKEN"
        if request.headers.get(header) != self.token:
            return self.json({"message": "401 Unauthorized"}, 401)
        return None

    def route(self, request: Request, body: Any) -> Response:
        p, m = request.path, request.method
        notes = f"/api/v4/projects/{self.project}/merge_requests/{self.iid}/notes"
        if p == notes:
            if m == "GET":
                if request.args.get("sort") != "asc":
                    return self.problem("notes listed without sort=asc")
                chunk, page, size, more = self.page(request, self.comments, "per_page")
                headers = {"X-Next-Page": str(page + 1) if more else ""}
                return self.json(chunk, 200, headers)
            if m == "POST":
                if set(body) != {"body"}:
                    return self.problem(f"bad note payload {body}")
                return self.json(self.add(body["body"]), 201)
        m2 = re.fullmatch(rf"{re.escape(notes)}/(\d+)", p)
        if m2:
            c = next((c for c in self.comments if c["id"] == int(m2.group(1))), None)
            if c is None:
                return self.json({"message": "404 Not found"}, 404)
            if m == "PUT":
                c["body"] = body["body"]
                return self.json(c)
            if m == "DELETE":
                self.comments.remove(c)
                return Response(status=204)
        return self.json({"message": "404 Not found"}, 404)


# -- Azure Repos ---------------------------------------------------------------------------


@dataclass
class FakeAzureRepos(FakeHost):
    org_path: str = "/acme-org"
    project: str = "Infra Project"
    repo_id: str = "0f3a-repo"
    pr: int = 11
    threads: list[dict[str, Any]] = field(default_factory=list)

    def add_thread(self, body: str, status: str = "active") -> dict[str, Any]:
        t = {"id": next(self.ids), "status": status, "isDeleted": False,
             "comments": [{"id": 1, "parentCommentId": 0, "content": body, "commentType": 1,
                           "publishedDate": "2024-01-01T00:00:00Z", "isDeleted": False}]}
        self.threads.append(t)
        return t

    def bodies(self) -> list[str]:
        return [t["comments"][0]["content"] for t in self.threads
                if not t["comments"][0]["isDeleted"]]

    def route(self, request: Request, body: Any) -> Response:
        p, m = request.path, request.method
        if request.args.get("api-version") != "7.1":
            return self.problem(f"missing api-version on {m} {p}")
        base = (f"{self.org_path}/{self.project}/_apis/git/repositories/{self.repo_id}"
                f"/pullRequests/{self.pr}/threads")
        if p == base:
            if m == "GET":
                return self.json({"value": self.threads, "count": len(self.threads)})
            if m == "POST":
                c = (body.get("comments") or [{}])[0]
                if c.get("parentCommentId") != 0 or c.get("commentType") != 1:
                    return self.problem(f"bad thread payload {body}")
                return self.json(self.add_thread(c["content"], body.get("status", "active")))
        m2 = re.fullmatch(rf"{re.escape(base)}/(\d+)(?:/comments/(\d+))?", p)
        if m2:
            t = next((t for t in self.threads if t["id"] == int(m2.group(1))), None)
            if t is None:
                return self.json({"message": "thread not found"}, 404)
            if m2.group(2) is None and m == "PATCH":
                t["status"] = body["status"]
                return self.json(t)
            c = next((c for c in t["comments"] if c["id"] == int(m2.group(2) or 0)), None)
            if c is None:
                return self.json({"message": "comment not found"}, 404)
            if m == "PATCH":
                if set(body) != {"content"}:
                    return self.problem(f"bad comment payload {body}")
                c["content"] = body["content"]
                return self.json(c)
            if m == "DELETE":
                c["isDeleted"] = True
                return Response(status=200)
        return self.json({"message": "not found"}, 404)


# -- Bitbucket -----------------------------------------------------------------------------


@dataclass
class FakeBitbucket(FakeHost):
    repo: str = "acme/infra"
    pr: int = 5
    username: str | None = None

    def add(self, body: str) -> dict[str, Any]:
        c = {"id": next(self.ids), "content": {"raw": body, "markup": "markdown"},
             "deleted": False, "created_on": "2024-01-01T00:00:00Z",
             "links": {"html": {"href": f"https://bitbucket.example/c/{len(self.comments)}"}}}
        self.comments.append(c)
        return c

    def bodies(self) -> list[str]:
        return [c["content"]["raw"] for c in self.comments]

    def check_auth(self, request: Request) -> Response | None:
        if self.username:
            cred = base64.b64encode(f"{self.username}:{self.token}".encode()).decode()
            want = f"Basic {cred}"
        else:
            want = f"Bearer {self.token}"
        if request.headers.get("Authorization") != want:
            return self.json({"type": "error", "error": {"message": "Unauthorized"}}, 401)
        return None

    def route(self, request: Request, body: Any) -> Response:
        p, m = request.path, request.method
        base = f"/2.0/repositories/{self.repo}/pullrequests/{self.pr}/comments"
        if p == base:
            if m == "GET":
                chunk, page, size, more = self.page(request, self.comments, "pagelen")
                data: dict[str, Any] = {"values": chunk, "pagelen": size, "page": page,
                                        "size": len(self.comments)}
                if more:
                    data["next"] = f"{self.base}{p}?" + urlencode({"pagelen": size,
                                                                   "page": page + 1})
                return self.json(data)
            if m == "POST":
                raw = ((body or {}).get("content") or {}).get("raw")
                if raw is None:
                    return self.problem(f"bad comment payload {body}")
                return self.json(self.add(raw), 201)
        m2 = re.fullmatch(rf"{re.escape(base)}/(\d+)", p)
        if m2:
            c = next((c for c in self.comments if c["id"] == int(m2.group(1))), None)
            if c is None:
                return self.json({"type": "error"}, 404)
            if m == "PUT":
                c["content"]["raw"] = body["content"]["raw"]
                return self.json(c)
            if m == "DELETE":
                self.comments.remove(c)
                return Response(status=204)
        return self.json({"type": "error", "error": {"message": "not found"}}, 404)
