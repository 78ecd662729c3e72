"""Run action.yml's steps with bash, the way the GitHub runner would, against a fake GitHub.

The harness reads action.yml, resolves inputs (with their defaults) and the ``${{ }}``
expressions the action uses, gives each step its own ``GITHUB_OUTPUT`` file, runs the
``run:`` steps in order (``uses:`` steps such as setup-python are skipped; the install step
is skipped through ``COST_GATE_ACTION_SKIP_INSTALL=1``) and maps the action outputs.
``cost-gate`` is this checkout, run with the test's Python.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.vcs.conftest import PLAN, make_report, serve  # noqa: E402
from tests.vcs.fakes import FakeGitHub  # noqa: E402

TOKEN = "ghs_actionTOKENabcdef0123456789"
ACTION = ROOT / "action.yml"
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load_action() -> dict:
    import yaml

    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


@dataclass
class ActionRun:
    exit_code: int
    outputs: dict[str, str]
    summary: str
    log: str
    steps: dict[str, dict[str, str]] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)


def _read_outputs(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, delim = line.split("<<", 1)
            j = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1: j])
            i = j + 1
            continue
        if "=" in line:
            k, v = line.split("=", 1)
            out[k] = v
        i += 1
    return out


def run_action(tmp_path: Path, inputs: dict[str, str], *, api_url: str,
               event_name: str = "pull_request", pr: int = 7,
               updated_at: str = "2024-05-01T10:00:00Z") -> ActionRun:
    action = load_action()
    work = tmp_path / "work"
    temp = tmp_path / "runner_temp"
    bindir = tmp_path / "bin"
    for d in (work, temp, bindir):
        d.mkdir(exist_ok=True)
    shim = bindir / "cost-gate"
    shim.write_text(
        "#!/bin/sh\n"
        f"exec '{sys.executable}' -c 'import sys; sys.argv[0] = \"cost-gate\"; "
        "from cost_gate.cli import main; sys.exit(main())' \"$@\"\n"
    )
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    event = tmp_path / "event.json"
    payload = {"action": "synchronize", "number": pr, "pull_request": {
        "number": pr, "head": {"sha": "1234abcd" * 5}, "updated_at": updated_at}}
    event.write_text(json.dumps(payload if event_name.startswith("pull_request") else {}))
    summary = tmp_path / "step_summary.md"
    summary.touch()

    github_ctx = {"token": TOKEN, "action_path": str(ROOT), "event_name": event_name,
                  "repository": "acme/infra", "api_url": api_url}
    values: dict[str, str] = {}
    for name, spec in (action.get("inputs") or {}).items():
        default = (spec or {}).get("default") or ""
        values[name] = inputs.get(name, default)
    unknown = set(inputs) - set(values)
    assert not unknown, f"inputs not declared in action.yml: {unknown}"
    steps: dict[str, dict[str, str]] = {}

    def evaluate(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            expr = m.group(1)
            parts = expr.split(".")
            if parts[0] == "inputs" and len(parts) == 2:
                return evaluate(values[parts[1]])
            if parts[0] == "github" and len(parts) == 2:
                return github_ctx[parts[1]]
            if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
                return steps.get(parts[1], {}).get(parts[3], "")
            raise AssertionError(f"expression not supported by the harness: {expr}")
        return EXPR.sub(one, text)

    base_env = {
        "PATH": f"{bindir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                f"{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "acme/infra",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_API_URL": api_url,
        "GITHUB_GRAPHQL_URL": api_url + "/graphql",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_WORKSPACE": str(work),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_SHA": "f" * 40,
        "RUNNER_TEMP": str(temp),
        "COST_GATE_ACTION_SKIP_INSTALL": "1",
        "COST_GATE_HTTP_MAX_WAIT": "2",
    }
    for name, value in values.items():  # what the runner exposes for actions
        base_env["INPUT_" + name.upper().replace(" ", "_")] = evaluate(value)

    log: list[str] = []
    ran: list[str] = []
    for n, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {n}")
        if "uses" in step:
            continue
        assert "if" not in step, "the harness runs every run: step; keep conditions in bash"
        script = step["run"]
        assert "${{" not in script, f"{name}: pass expressions through env, not into run:"
        out_file = tmp_path / f"output_{n}"
        out_file.touch()
        env = dict(base_env)
        env.update({k: evaluate(str(v)) for k, v in (step.get("env") or {}).items()})
        env["GITHUB_OUTPUT"] = str(out_file)
        script_file = tmp_path / f"step_{n}.sh"
        script_file.write_text(script)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo",
             "pipefail", str(script_file)],
            cwd=work, env=env, capture_output=True, text=True, timeout=120,
        )
        ran.append(name)
        log.append(f"## {name} (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}")
        if step.get("id"):
            steps[step["id"]] = _read_outputs(out_file)
        if proc.returncode != 0:
            break
    outputs = {k: evaluate(v["value"]) for k, v in action["outputs"].items()}
    return ActionRun(proc.returncode, outputs, summary.read_text(), "\n".join(log), steps, ran)


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def cli_ready():
    from cost_gate.cli import main  # noqa: F401  (fail loudly if the CLI is missing)


@pytest.fixture
def fake_github(httpserver):
    return serve(httpserver, FakeGitHub(token=TOKEN))


def saved_report(tmp_path: Path, delta: float = 12.5) -> Path:
    path = tmp_path / f"saved-{delta}.json"
    path.write_text(json.dumps(make_report(delta)))
    return path


def cost_comments(fake: FakeGitHub) -> list[dict]:
    return [c for c in fake.comments if c["body"].startswith("<!-- cost-gate:v1")]


# -- static checks -------------------------------------------------------------------------


def test_action_yml_shape():
    action = load_action()
    assert action["runs"]["using"] == "composite"
    for name in ("plan", "max-increase", "behavior", "tag", "github-token", "python-version"):
        assert name in action["inputs"]
    assert action["inputs"]["github-token"]["default"] == "${{ github.token }}"
    assert set(action["outputs"]) == {"monthly-before", "monthly-after", "monthly-delta",
                                      "gate-status", "report-path"}
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"]  # no script injection through inputs


def test_action_pass_posts_one_comment_and_sets_outputs(tmp_path, fake_github, cli_ready):
    plan = saved_report(tmp_path, 12.5)
    run = run_action(tmp_path, {"plan": str(plan), "max-increase": "500"}, api_url=fake_github.base)
    assert run.exit_code == 0, run.log
    assert run.outputs["gate-status"] == "pass"
    assert float(run.outputs["monthly-before"]) == 0.0
    assert float(run.outputs["monthly-after"]) == 12.5
    assert float(run.outputs["monthly-delta"]) == 12.5
    assert Path(run.outputs["report-path"]).is_file()
    assert "12.5" in run.summary or "12.50" in run.summary
    [comment] = cost_comments(fake_github)
    first_body = comment["body"]
    assert "commit=1234abcd" in first_body
    assert TOKEN not in run.log and not fake_github.problems

    # a second run (a newer push) edits the same comment in place
    plan2 = saved_report(tmp_path, 20)
    run2 = run_action(tmp_path, {"plan": str(plan2)}, api_url=fake_github.base,
                      updated_at="2024-05-01T11:00:00Z")
    assert run2.exit_code == 0, run2.log
    [again] = cost_comments(fake_github)
    assert again["id"] == comment["id"] and again["body"] != first_body
    assert [e.method for e in fake_github.writes()] == ["POST", "PATCH"]


def test_action_failing_gate_comments_then_fails(tmp_path, fake_github, cli_ready):
    plan = saved_report(tmp_path, 12.5)
    run = run_action(tmp_path, {"plan": str(plan), "max-increase": "1", "tag": "prod"},
                     api_url=fake_github.base)
    assert run.exit_code == 1, run.log
    assert run.ran[-1] == "Apply the cost gate"  # failed only after commenting
    assert run.outputs["gate-status"] == "fail"
    assert "::error title=cost-gate" in run.log
    [comment] = cost_comments(fake_github)
    assert "tag=prod" in comment["body"].splitlines()[0]
    assert run.summary.strip()


def test_action_warn_gate_passes_with_warning(tmp_path, fake_github, cli_ready):
    plan = saved_report(tmp_path, 12.5)
    run = run_action(tmp_path, {"plan": str(plan), "warn-increase": "1"},
                     api_url=fake_github.base)
    assert run.exit_code == 0, run.log
    assert run.outputs["gate-status"] == "warn"
    assert "::warning title=cost-gate" in run.log


def test_action_push_event_does_not_comment(tmp_path, fake_github, cli_ready):
    run = run_action(tmp_path, {"plan": str(saved_report(tmp_path))}, api_url=fake_github.base,
                     event_name="push")
    assert run.exit_code == 0, run.log
    assert fake_github.log == []
    assert run.outputs["gate-status"] == "pass"


def test_action_comment_failure_fails_passing_gate(tmp_path, fake_github, cli_ready):
    fake_github.read_only = True
    run = run_action(tmp_path, {"plan": str(saved_report(tmp_path))}, api_url=fake_github.base)
    assert run.exit_code == 3, run.log
    assert "pull-requests: write" in run.log
    assert "::warning title=cost-gate::could not post" in run.log
    assert TOKEN not in run.log
    run = run_action(tmp_path, {"plan": str(saved_report(tmp_path)),
                                "fail-on-comment-error": "false"}, api_url=fake_github.base)
    assert run.exit_code == 0, run.log


def test_action_bad_plan_fails_early(tmp_path, fake_github, cli_ready):
    run = run_action(tmp_path, {"plan": str(tmp_path / "missing.json")},
                     api_url=fake_github.base)
    assert run.exit_code == 2, run.log
    assert run.ran[-1] == "Estimate cost" and fake_github.log == []


def test_action_with_a_real_plan(tmp_path, fake_github, cli_ready):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    run = run_action(tmp_path, {"plan": f"{plan}\n", "max-total": "1000",
                                "behavior": "hide-and-new"}, api_url=fake_github.base)
    assert run.exit_code == 0, run.log
    assert float(run.outputs["monthly-delta"]) > 0
    assert "aws\\_instance.web" in run.summary
    assert len(cost_comments(fake_github)) == 1
