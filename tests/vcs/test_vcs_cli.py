"""`cost-gate comment` end to end (in-process) against the fake GitHub API."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from tests.vcs.conftest import PLAN, TOKEN, make_report, write_json


@pytest.fixture
def comment_cmd():
    from cost_gate.cli.comment import comment

    return comment


@pytest.fixture
def clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith(("GITHUB_", "GITLAB", "CI_", "BITBUCKET_", "SYSTEM_", "TF_BUILD",
                            "COST_GATE_", "GH_")):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def gh_env(clean_env, github, tmp_path, monkeypatch):
    event = write_json(tmp_path / "event.json", {"number": 7, "pull_request": {
        "number": 7, "head": {"sha": "cafe01"}, "updated_at": "2024-05-01T10:00:00Z"}})
    env = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/infra",
           "GITHUB_EVENT_PATH": str(event), "GITHUB_API_URL": github.base,
           "GITHUB_TOKEN": TOKEN}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return env


def invoke(cmd, args):
    result = CliRunner().invoke(cmd, args, catch_exceptions=False)
    return result, result.output  # click >= 8.2: stdout and stderr interleaved


def ours(fake):
    return [c for c in fake.comments if c["body"].startswith("<!-- cost-gate:v1")]


def test_comment_twice_leaves_one_updated_comment(comment_cmd, github, gh_env, tmp_path):
    r1 = write_json(tmp_path / "r1.json", make_report(10))
    res, out = invoke(comment_cmd, ["github", "--report", str(r1)])
    assert res.exit_code == 0, out
    assert "created" in out and "gate pass" in out
    r2 = write_json(tmp_path / "r2.json", make_report(30))
    res, out = invoke(comment_cmd, ["github", "--report", str(r2), "--commit", "beef02",
                                    "--commit-time", "2024-05-01T11:00:00Z"])
    assert res.exit_code == 0, out
    assert "updated" in out
    [c] = ours(github)
    assert "commit=beef02" in c["body"] and "30" in c["body"]
    assert TOKEN not in out


def test_comment_detects_platform_and_reads_event(comment_cmd, github, gh_env, tmp_path):
    r = write_json(tmp_path / "r.json", make_report(5))
    res, out = invoke(comment_cmd, ["--report", str(r), "--tag", "net", "--quiet"])
    assert res.exit_code == 0, out
    [c] = ours(github)
    assert c["body"].splitlines()[0] == (
        "<!-- cost-gate:v1 tag=net commit=cafe01 time=2024-05-01T10:00:00Z -->")
    assert github.log[0].path == "/repos/acme/infra/issues/7/comments"


def test_explicit_options_and_github_token_flag(comment_cmd, github, gh_env, tmp_path,
                                                monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN")
    monkeypatch.delenv("GITHUB_EVENT_PATH")
    r = write_json(tmp_path / "r.json", make_report(5))
    res, out = invoke(comment_cmd, ["github", "--report", str(r), "--repo", "acme/infra",
                                    "--pull-request", "7", "--github-token", TOKEN,
                                    "--api-url", github.base])
    assert res.exit_code == 0, out
    assert len(ours(github)) == 1 and TOKEN not in out


def test_post_failure_exit_codes_never_hide_gate(comment_cmd, github, gh_env, tmp_path):
    github.read_only = True
    ok = write_json(tmp_path / "ok.json", make_report(5))
    res, out = invoke(comment_cmd, ["github", "--report", str(ok)])
    assert res.exit_code == 3, out
    assert "pull-requests: write" in out and "Traceback" not in out
    assert "gate pass" in out
    errors = [ln for ln in out.splitlines() if "refused" in ln]
    assert len(errors) == 1
    failing = write_json(tmp_path / "fail.json", make_report(5, gate="fail"))
    res, out = invoke(comment_cmd, ["github", "--report", str(failing)])
    assert res.exit_code == 1, out  # the gate decides
    assert "gate fail" in out
    assert TOKEN not in out


def test_5xx_then_success_via_cli(comment_cmd, github, gh_env, tmp_path, sleeps):
    github.fail_next = [(500, {}), (502, {})]
    r = write_json(tmp_path / "r.json", make_report(5))
    res, out = invoke(comment_cmd, ["github", "--report", str(r), "-q"])
    assert res.exit_code == 0, out
    assert len(sleeps) == 2 and len(ours(github)) == 1


def test_post_completed_but_answered_502_is_not_duplicated_nor_exit_3(
        comment_cmd, github, gh_env, tmp_path, sleeps):
    github.faults.append(("POST", "acted-502"))
    r = write_json(tmp_path / "r.json", make_report(5))
    res, out = invoke(comment_cmd, ["github", "--report", str(r), "-q"])
    assert res.exit_code == 0, out
    assert len(ours(github)) == 1
    assert sum(1 for e in github.log if e.method == "POST") == 1


def test_missing_token_is_usage_error(comment_cmd, github, gh_env, tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN")
    r = write_json(tmp_path / "r.json", make_report(5))
    res, out = invoke(comment_cmd, ["github", "--report", str(r), "-q"])
    assert res.exit_code == 2 and "GITHUB_TOKEN" in out
    assert github.log == []


def test_no_ci_detected(comment_cmd, gh_env, tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS")
    r = write_json(tmp_path / "r.json", make_report(5))
    res, out = invoke(comment_cmd, ["--report", str(r), "-q"])
    assert res.exit_code == 2 and "could not detect" in out


def test_bad_report_is_exit_2(comment_cmd, gh_env, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    res, out = invoke(comment_cmd, ["github", "--report", str(bad)])
    assert res.exit_code == 2 and "Traceback" not in out


def test_dry_run_posts_nothing(comment_cmd, github, gh_env, tmp_path):
    r = write_json(tmp_path / "r.json", make_report(5))
    res, out = invoke(comment_cmd, ["github", "--report", str(r), "--dry-run"])
    assert res.exit_code == 0, out
    assert res.stdout.startswith("<!-- cost-gate:v1 ") and github.log == []


def test_gitlab_via_cli_env(comment_cmd, clean_env, gitlab, tmp_path, monkeypatch):
    fake = gitlab
    for k, v in {"GITLAB_CI": "true", "CI_SERVER_URL": gitlab.base,
                 "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "3", "GITLAB_TOKEN": TOKEN,
                 "CI_COMMIT_SHA": "abc", "CI_COMMIT_TIMESTAMP": "2024-05-01T10:00:00Z"}.items():
        monkeypatch.setenv(k, v)
    r = write_json(tmp_path / "r.json", make_report(5))
    for _ in range(2):
        res, out = invoke(comment_cmd, ["--report", str(r), "-q"])
        assert res.exit_code == 0, out
    assert len(fake.comments) == 1 and TOKEN not in out
    assert json.dumps(fake.comments).count("cost-gate:v1") == 1


def test_plan_is_estimated_on_the_fly_with_budgets(comment_cmd, github, gh_env, tmp_path):
    plan = write_json(tmp_path / "plan.json", PLAN)
    res, out = invoke(comment_cmd, ["github", "--report", str(plan), "--max-increase", "1"])
    assert res.exit_code == 1, out  # gate failed, comment still posted
    [c] = ours(github)
    assert "aws\\_instance.web" in c["body"] and "gate fail" in out


def test_hostile_resource_names_are_escaped(comment_cmd, github, gh_env, tmp_path):
    report = make_report(5)
    res0 = report["projects"][0]["resources"][0]
    res0["address"] = 'aws_s3_bucket.x["<script>alert(1)</script>|@acme/admins"]'
    res0["notes"] = ["ping @octocat\n| injected | row |"]
    r = write_json(tmp_path / "r.json", report)
    res, out = invoke(comment_cmd, ["github", "--report", str(r), "-q"])
    assert res.exit_code == 0, out
    [c] = ours(github)
    body = c["body"]
    assert "<script>" not in body and "@acme" not in body and "@octocat" not in body
    assert "| injected | row |" not in body
