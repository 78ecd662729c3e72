"""Pure pieces: escaping, marker, trimming, retry header parsing, CI detection."""

from __future__ import annotations

import json

import pytest

from cost_gate.errors import UsageError
from cost_gate.http_retry import retry_after_seconds
from cost_gate.render.escape import escape_markdown_cell
from cost_gate.vcs.detect import detect_platform, make_host, resolve_target
from cost_gate.vcs.http import parse_next_link
from cost_gate.vcs.marker import Marker, normalize_time, parse_marker, validate_tag
from cost_gate.vcs.poster import has_cost_change, trim_middle
from cost_gate.vcs.safety import mask_secrets
from tests.vcs.conftest import TOKEN, make_report

# -- escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    "a|b", "x`rm -rf`", "<script>alert(1)</script>", "@acme/platform-team", "@octocat",
    "line1\nline2", "[click](https://evil.example)", "**bold** _it_", "a\r\nb\u2028c",
    "![img](x)", "<img src=x onerror=alert(1)>", "<!-- c -->",
])
def test_escape_markdown_cell_is_inert(raw):
    out = escape_markdown_cell(raw)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out and ">" not in out
    # every pipe and backtick is escaped
    assert out.count("|") == out.count("\\|") and out.count("`") == out.count("\\`")
    # no "@name" that a host would turn into a mention
    import re

    assert not re.search(r"@[A-Za-z0-9]", out)
    assert "](" not in out.replace("\\](", "")


def test_escape_examples():
    assert escape_markdown_cell("aws_instance.web|x") == "aws\\_instance.web\\|x"
    assert escape_markdown_cell("<b>") == "&lt;b&gt;"
    assert escape_markdown_cell("@org/team") == "@\u200borg/team"
    assert escape_markdown_cell("a\nb") == "a b"
    assert escape_markdown_cell(None) == ""
    assert escape_markdown_cell("abcdef", max_len=3) == "abc…"


def test_mask_secrets():
    assert mask_secrets(f"token {TOKEN} here", [TOKEN, None, ""]) == "token *** here"


# -- marker --------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["html", "link"])
def test_marker_round_trip(style):
    m = Marker(tag="net/prod", commit="abc", time="2024-05-01T10:00:00Z")
    text = m.render(style) + "\n\nbody"
    assert parse_marker(text) == m
    assert parse_marker(Marker().render(style)) == Marker()


def test_marker_not_ours():
    assert parse_marker("a normal comment mentioning cost-gate") is None
    assert parse_marker("<!-- other-bot tag=x -->") is None


def test_validate_tag():
    assert validate_tag("infra-prod/eu_1") == "infra-prod/eu_1"
    assert validate_tag(None) == ""
    for bad in ("a b", "x-->", "a\nb", "x" * 65):
        with pytest.raises(UsageError):
            validate_tag(bad)


def test_normalize_time():
    assert normalize_time("2024-05-01T12:00:00+02:00") == "2024-05-01T10:00:00Z"
    assert normalize_time("not a time") == ""


# -- poster helpers ------------------------------------------------------------------------


def test_has_cost_change():
    assert has_cost_change(make_report(1))
    assert not has_cost_change(make_report(0))
    r = make_report(0, resources=2)
    r["projects"][0]["resources"][0]["monthly_delta"] = 5
    r["projects"][0]["resources"][1]["monthly_delta"] = -5
    assert has_cost_change(r)


def test_trim_middle_keeps_head_and_tail():
    text = "HEAD\n" + "\n".join(f"row {i}" for i in range(10000)) + "\nGATE: FAIL\n"
    out = trim_middle(text, 2000)
    assert len(out) <= 2000 and out.startswith("HEAD") and out.rstrip().endswith("GATE: FAIL")
    assert "lines of details were trimmed" in out


# -- http helpers --------------------------------------------------------------------------


def test_retry_after_parsing():
    assert retry_after_seconds({"Retry-After": "4"}, now=0) == 4
    assert retry_after_seconds({"Retry-After": "Thu, 01 Jan 1970 00:00:10 GMT"}, now=4) == 6
    assert retry_after_seconds(
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "100"}, now=90) == 11
    assert retry_after_seconds({}, now=0) is None


def test_parse_next_link():
    h = '<https://x/a?page=2>; rel="next", <https://x/a?page=9>; rel="last"'
    assert parse_next_link(h) == "https://x/a?page=2"
    assert parse_next_link('<https://x/a?page=1>; rel="prev"') is None
    assert parse_next_link(None) is None


# -- detection -----------------------------------------------------------------------------


@pytest.mark.parametrize("env,expected", [
    ({"GITHUB_ACTIONS": "true"}, "github"),
    ({"GITLAB_CI": "true"}, "gitlab"),
    ({"TF_BUILD": "True", "BUILD_REPOSITORY_PROVIDER": "TfsGit"}, "azure-repos"),
    ({"TF_BUILD": "True", "BUILD_REPOSITORY_PROVIDER": "GitHub"}, "github"),
    ({"BITBUCKET_BUILD_NUMBER": "12"}, "bitbucket"),
    ({}, None),
])
def test_detect_platform(env, expected):
    assert detect_platform(env) == expected


def test_resolve_github_from_event(tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"number": 9, "pull_request": {
        "number": 9, "head": {"sha": "f00dbabe"}, "updated_at": "2024-05-01T09:00:00Z"}}))
    env = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/infra",
           "GITHUB_EVENT_PATH": str(event), "GITHUB_TOKEN": TOKEN,
           "GITHUB_API_URL": "https://ghe.example/api/v3"}
    t = resolve_target("github", env)
    assert (t.repo, t.pull_request, t.commit, t.commit_time) == (
        "acme/infra", 9, "f00dbabe", "2024-05-01T09:00:00Z")
    assert TOKEN not in repr(t)
    host = make_host(t)
    assert host.graphql_url == "https://ghe.example/api/graphql"
    t2 = resolve_target("github", env, {"pull_request": "12", "repo": "o/r", "token": "x" * 8})
    assert (t2.pull_request, t2.repo, t2.token) == (12, "o/r", "x" * 8)


def test_resolve_github_missing_pieces(tmp_path):
    with pytest.raises(UsageError, match="pull request number"):
        resolve_target("github", {"GITHUB_REPOSITORY": "a/b", "GITHUB_TOKEN": "t"})
    with pytest.raises(UsageError, match="GITHUB_TOKEN"):
        resolve_target("github", {"GITHUB_REPOSITORY": "a/b"}, {"pull_request": 1})
    with pytest.raises(UsageError, match="number"):
        resolve_target("github", {"GITHUB_REPOSITORY": "a/b", "GITHUB_TOKEN": "t"},
                       {"pull_request": "abc"})


def test_resolve_gitlab():
    env = {"GITLAB_CI": "true", "CI_SERVER_URL": "https://gl.example", "CI_PROJECT_ID": "42",
           "CI_MERGE_REQUEST_IID": "3", "CI_JOB_TOKEN": "jobtok", "CI_COMMIT_SHA": "abc",
           "CI_COMMIT_TIMESTAMP": "2024-05-01T12:00:00+02:00"}
    t = resolve_target("gitlab", env)
    assert (t.token_kind, t.project, t.pull_request, t.commit_time) == (
        "job", "42", 3, "2024-05-01T10:00:00Z")
    t = resolve_target("gitlab", {**env, "GITLAB_TOKEN": "pat"})
    assert (t.token, t.token_kind) == ("pat", "private")


def test_resolve_azure_and_bitbucket():
    env = {"SYSTEM_COLLECTIONURI": "https://dev.azure.com/acme/", "SYSTEM_TEAMPROJECT": "P",
           "BUILD_REPOSITORY_ID": "r1", "SYSTEM_PULLREQUEST_PULLREQUESTID": "77",
           "SYSTEM_ACCESSTOKEN": "az", "SYSTEM_PULLREQUEST_SOURCECOMMITID": "c0ffee"}
    t = resolve_target("azure-repos", env)
    assert (t.api_url, t.project, t.repo, t.pull_request, t.commit) == (
        "https://dev.azure.com/acme/", "P", "r1", 77, "c0ffee")
    env = {"BITBUCKET_WORKSPACE": "acme", "BITBUCKET_REPO_SLUG": "infra",
           "BITBUCKET_PR_ID": "5", "BITBUCKET_USERNAME": "bot",
           "BITBUCKET_APP_PASSWORD": "pw12345"}
    t = resolve_target("bitbucket", env)
    assert (t.repo, t.username, t.token, t.pull_request) == ("acme/infra", "bot", "pw12345", 5)
    with pytest.raises(UsageError, match="unknown platform"):
        resolve_target("svn", {})


def test_unreachable_host_is_one_line_without_token(sleeps):
    from cost_gate.errors import PostError
    from cost_gate.vcs.github import GitHubHost

    host = GitHubHost(repo="a/b", pull_request=1, token=TOKEN, api_url="http://127.0.0.1:1")
    with pytest.raises(PostError) as exc:
        list(host.list_comments())
    msg = exc.value.one_line()
    assert "could not reach the GitHub" in msg and "\n" not in msg and TOKEN not in msg
    assert len(sleeps) == 4
