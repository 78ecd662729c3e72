"""PR comments under faults and concurrency, on all four hosts (issue 13).

A create (POST) is never repeated blindly: after an ambiguous failure the poster lists the
comments again and adopts ours. Concurrent runs on one pull request converge on exactly one
comment, the one describing the newest commit.
"""

from __future__ import annotations

import random
import re
import threading

import pytest
from pytest_httpserver import HTTPServer

import cost_gate.vcs.http as vcs_http
from cost_gate.errors import PostError
from cost_gate.vcs.azure_repos import AzureReposHost
from cost_gate.vcs.bitbucket import BitbucketHost
from cost_gate.vcs.github import GitHubHost
from cost_gate.vcs.gitlab import GitLabHost
from cost_gate.vcs.marker import parse_marker
from cost_gate.vcs.poster import PostOptions, post_report
from tests.vcs.conftest import TOKEN, fake_render, make_report
from tests.vcs.fakes import FakeAzureRepos, FakeBitbucket, FakeGitHub, FakeGitLab

HOSTS = ("github", "gitlab", "azure-repos", "bitbucket")
CREATE = {"github": "POST", "gitlab": "POST", "azure-repos": "POST", "bitbucket": "POST"}
LIST = "GET"


@pytest.fixture(scope="module")
def threaded_server():
    """A threaded local server: concurrent runs and slow answers must not serialise."""
    srv = HTTPServer(threaded=True)
    srv.start()
    yield srv
    if srv.is_running():
        srv.stop()


@pytest.fixture
def server(threaded_server):
    threaded_server.clear()
    yield threaded_server
    threaded_server.clear()


def make_fake(name: str, srv: HTTPServer):
    fake = {"github": FakeGitHub, "gitlab": FakeGitLab, "azure-repos": FakeAzureRepos,
            "bitbucket": FakeBitbucket}[name](token=TOKEN)
    srv.expect_request(re.compile(".*")).respond_with_handler(fake.handle)
    fake.base = srv.url_for("").rstrip("/")
    return fake


def make_host(name: str, fake, **client):
    client.setdefault("sleep", lambda _s: None)
    if name == "github":
        return GitHubHost(repo=fake.repo, pull_request=fake.number, token=TOKEN,
                          api_url=fake.base, **client)
    if name == "gitlab":
        return GitLabHost(project=fake.project, merge_request=fake.iid, token=TOKEN,
                          server_url=fake.base, **client)
    if name == "azure-repos":
        return AzureReposHost(collection_uri=fake.base + fake.org_path, project=fake.project,
                              repository=fake.repo_id, pull_request=fake.pr, token=TOKEN,
                              **client)
    return BitbucketHost(repo=fake.repo, pull_request=fake.pr, token=TOKEN,
                         api_url=fake.base + "/2.0", **client)


def ours(fake) -> list[str]:
    return [b for b in fake.bodies() if (m := parse_marker(b)) and not m.state]


def creates(fake) -> int:
    return sum(1 for e in fake.log if e.method == "POST" and "graphql" not in e.path)


def post(host, delta: float = 10, commit: str = "c1", time: str = "2024-05-01T10:00:00Z",
         **opts):
    report = make_report(delta)
    return post_report(host, report, PostOptions(commit=commit, commit_time=time, **opts),
                       render=fake_render(report))


# -- ambiguous creates -------------------------------------------------------------------------

@pytest.mark.parametrize("name", HOSTS)
@pytest.mark.parametrize("fault", ["acted-502", "acted-reset", "acted-truncated"])
def test_ambiguous_create_is_adopted_not_repeated(server, name, fault):
    fake = make_fake(name, server)
    fake.faults.append(("POST", fault))
    result = post(make_host(name, fake))
    assert result.action == "created"
    assert len(ours(fake)) == 1 and creates(fake) == 1, fake.bodies()
    assert result.comment is not None and "confirmed by listing again" in result.message
    assert not fake.problems


@pytest.mark.parametrize("name", HOSTS)
def test_create_answered_after_the_client_timeout_is_adopted(server, name):
    fake = make_fake(name, server)
    fake.slow_seconds = 1.5
    fake.faults.append(("POST", "acted-slow"))
    result = post(make_host(name, fake, timeout=0.5))
    assert result.action == "created"
    assert len(ours(fake)) == 1 and creates(fake) == 1


@pytest.mark.parametrize("name", HOSTS)
def test_create_that_did_not_happen_is_tried_once_more_after_checking(server, name):
    fake = make_fake(name, server)
    fake.faults.append(("POST", "html-502"))  # the server did nothing
    result = post(make_host(name, fake))
    assert result.action == "created"
    assert len(ours(fake)) == 1 and creates(fake) == 2


@pytest.mark.parametrize("name", HOSTS)
def test_create_failing_every_time_is_one_post_error(server, name):
    fake = make_fake(name, server)
    fake.faults += [("POST", "html-502")] * 5
    with pytest.raises(PostError) as info:
        post(make_host(name, fake))
    line = info.value.one_line()
    assert "502" in line and "found none of ours" in line and TOKEN not in line
    assert creates(fake) == 2 and not ours(fake)


@pytest.mark.parametrize("name", HOSTS)
def test_create_rate_limited_is_retried_because_nothing_happened(server, name):
    fake = make_fake(name, server)
    fake.fail_next.append((429, {"Retry-After": "1"}))  # answered to the first request: list
    fake.faults.append(("POST", "html-502"))
    post(make_host(name, fake))
    assert len(ours(fake)) == 1


# -- storms, bad bodies ------------------------------------------------------------------------

@pytest.mark.parametrize("name", HOSTS)
@pytest.mark.parametrize("status", [502, 503, 429])
def test_storm_beyond_the_retry_budget_is_one_post_error(server, name, status):
    fake = make_fake(name, server)
    fake.fail_next += [(status, {})] * 20
    with pytest.raises(PostError) as info:
        post(make_host(name, fake, max_attempts=3))
    line = info.value.one_line()
    assert "\n" not in line and TOKEN not in line
    assert not ours(fake)


@pytest.mark.parametrize("name", HOSTS)
@pytest.mark.parametrize("fault", ["acted-truncated", "acted-reset", "html-502"])
def test_bad_list_bodies_are_retried_or_one_post_error(server, name, fault):
    fake = make_fake(name, server)
    fake.faults += [("GET", fault)] * 10
    with pytest.raises(PostError) as info:
        post(make_host(name, fake, max_attempts=2))
    assert TOKEN not in info.value.one_line()
    assert not ours(fake)


@pytest.mark.parametrize("name", HOSTS)
def test_oversized_answer_is_refused(server, name, monkeypatch):
    fake = make_fake(name, server)
    for i in range(40):
        fake_add(fake, f"a human comment {i} " + "x" * 200)
    monkeypatch.setattr(vcs_http, "MAX_RESPONSE_BYTES", 2000)
    with pytest.raises(PostError) as info:
        post(make_host(name, fake))
    assert "limit" in info.value.one_line()


@pytest.mark.parametrize("name", HOSTS)
def test_wrong_shaped_json_is_one_post_error(server, name):
    fake = make_fake(name, server)
    server.clear()
    server.expect_request(re.compile(".*")).respond_with_json("surprise")
    with pytest.raises(PostError):
        post(make_host(name, fake, max_attempts=1))


def fake_add(fake, body: str) -> None:
    if isinstance(fake, FakeAzureRepos):
        fake.add_thread(body)
    elif isinstance(fake, FakeGitLab):
        fake.add(body)
    else:
        fake.add(body)


# -- concurrency -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", HOSTS)
@pytest.mark.parametrize("behavior", ["update", "delete-and-new"])
def test_five_concurrent_runs_converge_on_the_newest_commit(server, name, behavior,
                                                            monkeypatch):
    # The settle pause must outlast how late a thread of the round can start its requests;
    # 0.3 s was too short on a loaded 2-core machine (a late run's write landed after the
    # others had settled). Production waits 1.5 s.
    monkeypatch.setenv("COST_GATE_COMMENT_SETTLE_SECONDS", "0.8")
    fake = make_fake(name, server)
    rng = random.Random(13)
    for round_no in range(4):
        runs = [(f"commit{round_no}x{i}", f"2024-05-0{round_no + 1}T10:0{i}:00Z", 10 + i)
                for i in range(5)]
        rng.shuffle(runs)
        errors: list[BaseException] = []

        def run(commit: str, when: str, delta: float, delay: float,
                errors: list[BaseException] = errors) -> None:
            threading.Event().wait(delay)
            try:
                post(make_host(name, fake), delta, commit, when, behavior=behavior)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(*r, rng.uniform(0, 0.05))) for r in runs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        mine = ours(fake)
        newest = max(runs, key=lambda r: r[1])
        assert len(mine) == 1, (round_no, [parse_marker(b) for b in mine])
        assert parse_marker(mine[0]).commit == newest[0], (round_no, parse_marker(mine[0]))
    assert not fake.problems
