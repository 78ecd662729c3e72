"""Pull requests from forks: GitHub gives their workflows a read-only token, so the 403 on
posting is a notice and the gate alone decides the exit code. Anywhere else a 403 is still a
posting failure (exit 3)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from cost_gate.vcs.detect import resolve_target
from tests.vcs.conftest import TOKEN, make_report, write_json


def pr_event(head_repo: str | None, base_repo: str = "acme/infra") -> dict:
    head: dict = {"sha": "cafe01", "repo": None if head_repo is None else {
        "full_name": head_repo, "fork": head_repo != base_repo}}
    return {"number": 7, "pull_request": {
        "number": 7, "head": head, "base": {"repo": {"full_name": base_repo, "fork": False}},
        "updated_at": "2024-05-01T10:00:00Z"}}


@pytest.fixture
def run_comment(github, tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith(("GITHUB_", "GITLAB", "CI_", "BITBUCKET_", "SYSTEM_", "TF_BUILD",
                            "COST_GATE_", "GH_")):
            monkeypatch.delenv(name, raising=False)

    def run(event: dict, gate: str = "pass"):
        path = write_json(tmp_path / "event.json", event)
        report = write_json(tmp_path / f"report-{gate}.json", make_report(5, gate=gate))
        env = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/infra",
               "GITHUB_EVENT_PATH": str(path), "GITHUB_API_URL": github.base,
               "GITHUB_TOKEN": TOKEN}
        from cost_gate.cli.comment import comment

        result = CliRunner().invoke(comment, ["github", "--report", str(report), "-q"],
                                    env=env, catch_exceptions=False)
        assert TOKEN not in result.output
        return result.exit_code, result.output

    return run


@pytest.mark.parametrize(("head", "fork"), [
    ("someone/infra", True),   # the usual fork
    (None, True),              # the fork was deleted after the PR was opened
    ("acme/infra", False),     # a branch of the same repository
])
def test_fork_is_read_from_the_event(tmp_path, head, fork):
    event = write_json(tmp_path / "event.json", pr_event(head))
    target = resolve_target("github", {"GITHUB_EVENT_PATH": str(event), "GITHUB_TOKEN": "t",
                                       "GITHUB_REPOSITORY": "acme/infra"})
    assert target.from_fork is fork


def test_no_base_repository_in_the_event_is_not_a_fork(tmp_path):
    event = write_json(tmp_path / "event.json", {"pull_request": {"number": 3, "head": {}}})
    target = resolve_target("github", {"GITHUB_EVENT_PATH": str(event), "GITHUB_TOKEN": "t",
                                       "GITHUB_REPOSITORY": "acme/infra"})
    assert target.from_fork is False


def test_fork_read_only_token_is_a_notice(run_comment, github):
    github.read_only = True
    code, out = run_comment(pr_event("someone/infra"))
    assert code == 0, out
    [notice] = [line for line in out.splitlines() if line.startswith("notice:")]
    assert "forks get a read-only token" in notice and "HTTP 403" in notice
    assert "error:" not in out
    assert [e.method for e in github.log] == ["GET", "POST"]  # it did try


def test_fork_with_failing_gate_still_fails(run_comment, github):
    github.read_only = True
    code, out = run_comment(pr_event("someone/infra"), gate="fail")
    assert code == 1, out
    assert "notice:" in out and "gate fail" in out


def test_same_repository_403_is_still_a_posting_failure(run_comment, github):
    github.read_only = True
    code, out = run_comment(pr_event("acme/infra"))
    assert code == 3, out
    assert "error:" in out and "notice:" not in out


@pytest.mark.parametrize("status", [401, 404, 422])
def test_fork_other_refusals_are_failures(run_comment, github, status):
    github.fail_next = [(status, {})]
    code, out = run_comment(pr_event("someone/infra"))
    assert code == 3, out
    assert f"HTTP {status}" in out and "notice:" not in out


def test_fork_rate_limit_is_not_taken_for_read_only(run_comment, github, sleeps):
    github.fail_next = [(403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"})] * 6
    code, out = run_comment(pr_event("someone/infra"))
    assert code == 3, out
    assert "rate limit" in out and "notice:" not in out
