"""GitHub host + poster against a fake GitHub API on 127.0.0.1."""

from __future__ import annotations

import pytest

from cost_gate.errors import PostError
from cost_gate.vcs.github import GitHubHost, graphql_url_for
from cost_gate.vcs.marker import Marker, parse_marker
from cost_gate.vcs.poster import PostOptions, post_report
from tests.vcs.conftest import TOKEN, fake_render, make_report


def host_for(fake, **kw) -> GitHubHost:
    return GitHubHost(repo=fake.repo, pull_request=fake.number, token=TOKEN,
                      api_url=fake.base + fake.prefix, **kw)


def post(fake, report, render=None, **opts):
    opts.setdefault("commit", "abc123")
    opts.setdefault("commit_time", "2024-05-01T10:00:00Z")
    return post_report(host_for(fake), report, PostOptions(**opts),
                       render=render or fake_render(report))


def ours(fake, tag=""):
    return [c for c in fake.comments if (m := parse_marker(c["body"])) and m.tag == tag]


def test_create_then_update_keeps_one_comment(github, sleeps):
    github.add("LGTM")
    first = post(github, make_report(10))
    assert first.action == "created"
    assert len(ours(github)) == 1
    cid = ours(github)[0]["id"]

    second = post(github, make_report(20), commit="def456", commit_time="2024-05-01T11:00:00Z")
    assert second.action == "updated"
    [mine] = ours(github)
    assert mine["id"] == cid and "+$20.00" in mine["body"]
    assert parse_marker(mine["body"]) == Marker("", "def456", "2024-05-01T11:00:00Z")
    assert len(github.comments) == 2  # the human comment is untouched
    patch = [e for e in github.log if e.method == "PATCH"]
    assert len(patch) == 1 and patch[0].path.endswith(f"/issues/comments/{cid}")
    assert not github.problems and not sleeps


def test_identical_body_makes_no_write(github):
    post(github, make_report(10))
    before = len(github.writes())
    again = post(github, make_report(10))
    assert again.action == "unchanged"
    assert len(github.writes()) == before


def test_request_headers(github):
    post(github, make_report(10))
    for entry in github.log:
        assert entry.headers["Authorization"] == f"Bearer {TOKEN}"
        assert entry.headers["Accept"] == "application/vnd.github+json"
        assert entry.headers["X-Github-Api-Version"] == "2022-11-28"
        assert "cost-gate" in entry.headers["User-Agent"]
    assert github.log[0].args == {"per_page": "100"}
    [create] = [e for e in github.log if e.method == "POST"]
    assert set(create.body) == {"body"}


def test_behavior_new_adds_comments(github):
    post(github, make_report(1), behavior="new")
    post(github, make_report(2), behavior="new", commit="b", commit_time="2024-05-02T00:00:00Z")
    assert len(ours(github)) == 2


def test_behavior_delete_and_new(github):
    post(github, make_report(1))
    old_id = ours(github)[0]["id"]
    res = post(github, make_report(2), behavior="delete-and-new", commit="b",
               commit_time="2024-05-02T00:00:00Z")
    assert res.action == "created" and res.removed == [str(old_id)]
    [mine] = ours(github)
    assert mine["id"] != old_id and "+$2.00" in mine["body"]
    assert any(e.method == "DELETE" for e in github.log)


def test_behavior_hide_and_new_minimizes_old(github):
    post(github, make_report(1))
    old = ours(github)[0]
    res = post(github, make_report(2), behavior="hide-and-new", commit="b",
               commit_time="2024-05-02T00:00:00Z")
    assert res.action == "created"
    assert github.minimized == {old["node_id"]}
    gql = [e for e in github.log if e.path == "/graphql"]
    assert gql and gql[0].body["variables"] == {"id": old["node_id"]}
    assert "classifier: OUTDATED" in gql[0].body["query"]
    assert len(ours(github)) == 2


def test_finds_our_comment_among_300(github):
    for i in range(300):
        github.add(f"comment {i}")
    github.comments[250]["body"] = Marker(commit="old", time="2024-04-01T00:00:00Z").render() \
        + "\n\nold report"
    target_id = github.comments[250]["id"]
    res = post(github, make_report(5))
    assert res.action == "updated" and res.comment.id == str(target_id)
    gets = [e for e in github.log if e.method == "GET"]
    # 100 + 100 + 100 via the Link header, then the same listing twice to confirm one comment
    assert len(gets) == 9
    assert [e.method for e in github.log[3:4]] == ["PATCH"]
    assert gets[1].args == {"per_page": "100", "page": "2"}
    assert len(github.comments) == 300


def test_tags_keep_separate_comments(github):
    post(github, make_report(1), tag="network")
    post(github, make_report(2), tag="compute")
    post(github, make_report(3), tag="network")
    assert len(ours(github, "network")) == 1 and len(ours(github, "compute")) == 1
    assert "+$3.00" in ours(github, "network")[0]["body"]


def test_skip_no_diff(github):
    res = post(github, make_report(0), skip_no_diff=True)
    assert res.action == "skipped-no-diff" and not github.writes()
    post(github, make_report(4))
    res = post(github, make_report(0), skip_no_diff=True, commit="z",
               commit_time="2024-05-03T00:00:00Z")
    assert res.action == "updated"  # an existing comment is kept current
    assert "+$0.00" in ours(github)[0]["body"]


def test_older_commit_never_overwrites_newer(github):
    post(github, make_report(9), commit="new1", commit_time="2024-05-02T12:00:00Z")
    res = post(github, make_report(1), commit="old1", commit_time="2024-05-02T11:00:00Z")
    assert res.action == "skipped-stale"
    assert "+$9.00" in ours(github)[0]["body"]
    for behavior in ("new", "delete-and-new", "hide-and-new"):
        res = post(github, make_report(1), behavior=behavior, commit="old1",
                   commit_time="2024-05-02T11:00:00Z")
        assert res.action == "skipped-stale"
    assert len(ours(github)) == 1
    # the same commit re-run (e.g. new thresholds) still updates
    res = post(github, make_report(9, gate="warn"), commit="new1",
               commit_time="2024-05-02T12:00:00Z")
    assert res.action == "updated"


def test_no_permission_403(github, sleeps):
    github.read_only = True
    with pytest.raises(PostError) as exc:
        post(github, make_report(1))
    msg = exc.value.one_line()
    assert "pull-requests: write" in msg and "403" in msg and "\n" not in msg
    assert len([e for e in github.log if e.method == "POST"]) == 1  # no retry
    assert not sleeps


def test_bad_token_401(github):
    github.token = "something-else"
    with pytest.raises(PostError, match="401.*GITHUB_TOKEN"):
        post(github, make_report(1))


def test_pr_not_found_404(github):
    host = GitHubHost(repo="acme/missing", pull_request=7, token=TOKEN, api_url=github.base)
    with pytest.raises(PostError, match=r"acme/missing.*#7.*not found"):
        post_report(host, make_report(1), PostOptions(), render=fake_render(make_report(1)))


def test_5xx_twice_then_success(github, sleeps):
    github.fail_next = [(502, {}), (503, {})]
    res = post(github, make_report(1))
    assert res.action == "created"
    assert sleeps == [1.0, 2.0]


def test_429_and_secondary_rate_limit_honour_headers(github, sleeps):
    github.fail_next = [(429, {"Retry-After": "3"}), (403, {"Retry-After": "5"})]
    assert post(github, make_report(1)).action == "created"
    assert sleeps == [3.0, 5.0]


def test_rate_limit_reset_header(github, sleeps, monkeypatch):
    import time

    reset = int(time.time()) + 7
    github.fail_next = [(403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)})]
    assert post(github, make_report(1)).action == "created"
    assert len(sleeps) == 1 and 5 <= sleeps[0] <= 9


def test_retries_are_bounded(github, sleeps):
    github.fail_next = [(503, {})] * 50
    with pytest.raises(PostError, match="503"):
        post(github, make_report(1))
    assert len(sleeps) == 4 and sum(sleeps) <= 60


def test_retry_after_beyond_budget_gives_up_at_once(github, sleeps):
    github.fail_next = [(429, {"Retry-After": "3600"})]
    with pytest.raises(PostError, match="rate limit"):
        post(github, make_report(1))
    assert sleeps == []


def test_ghes_prefix_and_graphql(ghes):
    assert graphql_url_for(ghes.base + "/api/v3") == ghes.base + "/api/graphql"
    post(ghes, make_report(1))
    post(ghes, make_report(2), behavior="hide-and-new", commit="b",
         commit_time="2024-05-02T00:00:00Z")
    assert all(e.path.startswith("/api/") for e in ghes.log)
    assert any(e.path == "/api/graphql" for e in ghes.log)
    assert len(ghes.minimized) == 1 and not ghes.problems


def test_body_over_limit_is_trimmed(github):
    big = make_report(1, resources=5000)

    def overshooting(max_chars):  # ignores the budget: the poster must still fit
        return fake_render(big)(None)

    res = post(github, big, render=overshooting)
    body = ours(github)[0]["body"]
    assert res.action == "created" and len(body) <= 65_536
    assert body.splitlines()[0].startswith("<!-- cost-gate:v1")
    assert "cost-gate: monthly cost change" in body  # headline
    assert "**Total:**" in body and "**Gate: PASS**" in body
    assert "trimmed" in body


def test_renderer_gets_a_budget_under_the_limit(github):
    big = make_report(1, resources=5000)
    seen = []

    def render(max_chars):
        seen.append(max_chars)
        return fake_render(big)(max_chars)

    post(github, big, render=render)
    body = ours(github)[0]["body"]
    assert seen and seen[0] < 65_536 - 50
    assert len(body) <= 65_536 and "rows trimmed" in body and "**Gate: PASS**" in body


def test_real_renderer_trims_under_limit(github):
    markdown = pytest.importorskip("cost_gate.render.markdown")
    big = make_report(1, resources=3000)
    for r in big["projects"][0]["resources"]:
        r["address"] = f"module.m.aws_instance.{'x' * 60}[{r['address']}]"
    res = post(github, big, render=lambda n: markdown.render_markdown(big, max_chars=n))
    body = ours(github)[0]["body"]
    assert res.action == "created" and len(body) <= 65_536
    assert "trimmed" in body.lower()


def test_token_never_in_repr_or_errors(github):
    host = host_for(github)
    assert TOKEN not in repr(host) and TOKEN not in repr(host.client)
    github.read_only = True
    with pytest.raises(PostError) as exc:
        post(github, make_report(1))
    assert TOKEN not in str(exc.value)
