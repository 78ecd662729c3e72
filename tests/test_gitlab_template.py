"""The GitLab CI template (ci/gitlab/cost-gate.gitlab-ci.yml), its script run the way a
GitLab runner runs it (one bash shell, ``set -eo pipefail``, the job's variables expanded)
against the fake GitLab API. ``before_script`` (the install) runs only in the network test,
with the package taken from this checkout instead of the release URL."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli_shim import install_cli_shim, read_calls
from tests.network import needs_network, wheelhouse  # noqa: F401
from tests.vcs.conftest import PLAN, serve
from tests.vcs.fakes import FakeGitLab

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "ci" / "gitlab" / "cost-gate.gitlab-ci.yml"
TOKEN = "glpat-TEMPLATEtoken0123456789"
VARIABLE = re.compile(r"\$(\w+)|\$\{(\w+)\}")


def job() -> dict:
    return yaml.safe_load(TEMPLATE.read_text())[".cost-gate"]


def expand(value: str, env: dict[str, str]) -> str:
    """GitLab's expansion of variables in `variables:` values."""
    return VARIABLE.sub(lambda m: env.get(m.group(1) or m.group(2), ""), str(value))


def run_job(tmp_path: Path, gitlab: FakeGitLab, variables: dict[str, str], *,
            token: bool = True, install: bool = False):
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    (project / "plan.json").write_text(json.dumps(PLAN))
    bindir, calls = tmp_path / "bin", tmp_path / "calls.jsonl"
    env = {
        "PATH": f"{bindir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                f"{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path), "LANG": "C.UTF-8", "CI": "true", "GITLAB_CI": "true",
        "CI_PROJECT_DIR": str(project), "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_SERVER_URL": gitlab.base, "CI_PROJECT_ID": gitlab.project,
        "CI_MERGE_REQUEST_IID": str(gitlab.iid), "CI_COMMIT_SHA": "ab12" * 10,
        "CI_COMMIT_TIMESTAMP": "2024-05-01T10:00:00+00:00",
        "COST_GATE_CACHE_DIR": str(tmp_path / "cache"), "COST_GATE_HTTP_MAX_WAIT": "2",
    }
    if token:
        env["GITLAB_TOKEN"] = TOKEN
    spec = job()
    for name, value in {**spec["variables"], **variables}.items():
        env[name] = expand(value, env)
    if install:
        lines = [line.replace("/tmp/cost-gate-venv", str(tmp_path / "venv"))
                 for line in spec["before_script"]]
    else:
        install_cli_shim(bindir, calls)
        env["PYTHONPATH"] = str(ROOT)
        lines = []
    script = "\n".join([*lines, *spec["script"]])
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert TOKEN not in proc.stdout + proc.stderr
    return proc, read_calls(calls), project


@pytest.fixture
def gitlab(httpserver):
    return serve(httpserver, FakeGitLab(token=TOKEN))


def notes(fake: FakeGitLab) -> list[str]:
    return [c["body"] for c in fake.comments if c["body"].startswith("<!-- cost-gate:v1")]


def test_template_shape():
    spec = job()
    assert spec["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert spec["allow_failure"] == {"exit_codes": [3]}
    assert "cost-report.json" in spec["artifacts"]["paths"]
    assert spec["artifacts"]["when"] == "always"


def test_passing_gate_posts_one_note(tmp_path, gitlab):
    proc, calls, project = run_job(tmp_path, gitlab, {"COST_GATE_MAX_INCREASE": "500"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [note] = notes(gitlab)
    assert "commit=ab12ab12" in note and "aws\\_instance.web" in note
    assert [c["argv"][0] for c in calls] == ["check", "comment"]
    assert (project / "cost-report.json").is_file()
    assert "Gate: PASS" in proc.stdout  # the table is in the job log

    again, _, _ = run_job(tmp_path, gitlab, {})
    assert again.returncode == 0, again.stderr
    assert len(notes(gitlab)) == 1  # the same note, kept current


def test_failing_gate_posts_then_exits_1(tmp_path, gitlab):
    proc, calls, _ = run_job(tmp_path, gitlab, {"COST_GATE_MAX_INCREASE": "1"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert len(notes(gitlab)) == 1
    assert calls[0]["env"]["COST_GATE_MAX_INCREASE"] == "1"


def test_posting_failure_is_exit_3_which_the_job_allows(tmp_path, gitlab):
    gitlab.read_only = True
    proc, _, _ = run_job(tmp_path, gitlab, {})
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "`api` scope" in proc.stderr
    assert 3 in job()["allow_failure"]["exit_codes"]


def test_bad_input_stops_before_posting(tmp_path, gitlab):
    proc, calls, _ = run_job(tmp_path, gitlab, {"COST_GATE_PATH": "missing.json"})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith("error: ") and "missing.json" in proc.stderr
    assert [c["argv"][0] for c in calls] == ["check"] and gitlab.log == []


def test_no_token_prints_and_gates(tmp_path, gitlab):
    proc, _, _ = run_job(tmp_path, gitlab, {"COST_GATE_MAX_TOTAL": "1"}, token=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "GITLAB_TOKEN is not set" in proc.stdout and gitlab.log == []
    ok, _, _ = run_job(tmp_path, gitlab, {}, token=False)
    assert ok.returncode == 0, ok.stderr


def test_extra_args_and_several_paths(tmp_path, gitlab):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "hcl" / "fixtures" / "diff" / "head", project / "infra")
    proc, calls, project = run_job(tmp_path, gitlab, {"COST_GATE_PATH": "plan.json infra",
                                                      "COST_GATE_ARGS": "--region eu-west-1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert calls[0]["argv"][:5] == ["check", "plan.json", "infra", "--region", "eu-west-1"]
    report = json.loads((project / "cost-report.json").read_text())
    assert len(report["projects"]) == 2


@needs_network
def test_before_script_installs_a_working_cost_gate(tmp_path, gitlab,
                                                   wheelhouse):  # noqa: F811
    proc, _, _ = run_job(tmp_path, gitlab, {
        "COST_GATE_SOURCE": str(ROOT),
        "COST_GATE_CONSTRAINTS": str(ROOT / "constraints" / "runtime.txt"),
        **wheelhouse,
    }, install=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (tmp_path / "venv" / "bin" / "cost-gate").exists()
    assert len(notes(gitlab)) == 1
