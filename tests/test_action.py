"""Run action.yml's steps with bash, the way the GitHub runner would, against a fake GitHub.

The harness reads action.yml, resolves inputs (with their defaults) and the ``${{ }}``
expressions the action uses, gives each step its own ``GITHUB_OUTPUT``/``GITHUB_PATH``/
``GITHUB_ENV`` files (applied to the later steps as the runner does), runs the ``run:`` steps
in order (``uses:`` steps such as setup-python and the cache are skipped) and maps the action
outputs. Unless a test installs for real (network tests), the install step is skipped through
``COST_GATE_ACTION_SKIP_INSTALL=1`` and ``cost-gate`` is this checkout run with the test's
Python, recording every call.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.cli_shim import install_cli_shim, read_calls  # noqa: E402
from tests.network import needs_network, wheelhouse  # noqa: E402, F401
from tests.vcs.conftest import PLAN, make_report, serve  # noqa: E402
from tests.vcs.fakes import FakeGitHub  # noqa: E402

TOKEN = "ghs_actionTOKENabcdef0123456789"
ACTION = ROOT / "action.yml"
EXAMPLE_PLAN = ROOT / "examples" / "plan.json"
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
    calls: list[dict] = field(default_factory=list)  # cost-gate invocations (argv, cwd, env)

    def annotations(self, level: str) -> list[str]:
        """``title=...::message`` of each ``::level`` workflow command printed."""
        return [line[len(level) + 3:] for line in self.log.splitlines()
                if line.startswith(f"::{level} ")]


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


def _apply_runner_files(env: dict[str, str], path_file: Path, env_file: Path) -> None:
    """What the runner does after a step: GITHUB_PATH entries go first on PATH, GITHUB_ENV
    entries become variables (single-line form only)."""
    for line in reversed(path_file.read_text().splitlines() if path_file.exists() else []):
        if line.strip():
            env["PATH"] = f"{line.strip()}{os.pathsep}{env['PATH']}"
    for name, value in _read_outputs(env_file).items():
        env[name] = value


def run_action(tmp_path: Path, inputs: dict[str, str], *, api_url: str,
               event_name: str = "pull_request", pr: int = 7,
               updated_at: str = "2024-05-01T10:00:00Z", head_repo: str = "acme/infra",
               workspace: Path | None = None, install: bool = False,
               extra_env: dict[str, str] | None = None) -> ActionRun:
    """Run action.yml's ``run:`` steps in order, like the runner (``uses:`` steps skipped).

    ``install=False`` skips the install step and puts this checkout's CLI on PATH instead.
    ``workspace`` is GITHUB_WORKSPACE (the steps' working directory).
    """
    action = load_action()
    work = workspace or tmp_path / "work"
    temp = tmp_path / "runner_temp"
    bindir = tmp_path / "bin"
    for d in (work, temp, bindir):
        d.mkdir(exist_ok=True)
    calls = tmp_path / "cost-gate-calls.jsonl"
    if not install:
        install_cli_shim(bindir, calls)
    event = tmp_path / "event.json"
    payload = {"action": "synchronize", "number": pr, "pull_request": {
        "number": pr, "updated_at": updated_at,
        "head": {"sha": "1234abcd" * 5, "repo": {"full_name": head_repo}},
        "base": {"sha": "0" * 40, "repo": {"full_name": "acme/infra"}}}}
    event.write_text(json.dumps(payload if event_name.startswith("pull_request") else {}))
    summary = tmp_path / "step_summary.md"
    summary.write_text("")

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
        "RUNNER_OS": "Linux",
        "RUNNER_TEMP": str(temp),
        "COST_GATE_HTTP_MAX_WAIT": "2",
        "COST_GATE_CACHE_DIR": str(tmp_path / "cost-gate-cache"),
    }
    if not install:
        base_env["PYTHONPATH"] = str(ROOT)
        base_env["COST_GATE_ACTION_SKIP_INSTALL"] = "1"
    base_env.update(extra_env or {})
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
        out_file, path_file, env_file = (tmp_path / f"{kind}_{n}" for kind in
                                         ("output", "path", "env"))
        for f in (out_file, path_file, env_file):
            f.write_text("")
        env = dict(base_env)
        env.update({k: evaluate(str(v)) for k, v in (step.get("env") or {}).items()})
        env.update(GITHUB_OUTPUT=str(out_file), GITHUB_PATH=str(path_file),
                   GITHUB_ENV=str(env_file))
        script_file = tmp_path / f"step_{n}.sh"
        script_file.write_text(script)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo",
             "pipefail", str(script_file)],
            cwd=work, env=env, capture_output=True, text=True, timeout=900,
        )
        ran.append(name)
        log.append(f"## {name} (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}")
        if step.get("id"):
            steps[step["id"]] = _read_outputs(out_file)
        _apply_runner_files(base_env, path_file, env_file)
        if proc.returncode != 0:
            break
    outputs = {k: evaluate(v["value"]) for k, v in action["outputs"].items()}
    made = read_calls(calls)
    return ActionRun(proc.returncode, outputs, summary.read_text(), "\n".join(log), steps, ran,
                     made)


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
    for name in ("path", "plan", "base", "config", "usage-file", "var-files",
                 "working-directory", "unpriced", "gate-on", "pricing-model", "max-increase",
                 "behavior", "tag",
                 "github-token", "python-version"):
        assert name in action["inputs"]
    assert not any(spec.get("required") for spec in action["inputs"].values())
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


def test_action_bad_plan_fails_early_with_the_reason(tmp_path, fake_github, cli_ready):
    run = run_action(tmp_path, {"plan": str(tmp_path / "missing.json")},
                     api_url=fake_github.base)
    assert run.exit_code == 2, run.log
    assert run.ran[-1] == "Estimate cost" and fake_github.log == []
    [error] = run.annotations("error")
    assert error == f"title=cost-gate::{tmp_path / 'missing.json'}: no such file"


def test_action_with_a_real_plan(tmp_path, fake_github, cli_ready):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    run = run_action(tmp_path, {"plan": f"{plan}\n", "max-total": "1000",
                                "behavior": "hide-and-new"}, api_url=fake_github.base)
    assert run.exit_code == 0, run.log
    assert float(run.outputs["monthly-delta"]) > 0
    assert "aws\\_instance.web" in run.summary
    assert len(cost_comments(fake_github)) == 1


# -- inputs --------------------------------------------------------------------------------

HCL_DIFF = ROOT / "tests" / "hcl" / "fixtures" / "diff"


def test_action_path_takes_several_plans_and_directories(tmp_path, fake_github, cli_ready):
    work = tmp_path / "work"
    shutil.copytree(HCL_DIFF / "head", work / "infra" / "head")
    shutil.copy(EXAMPLE_PLAN, work / "infra" / "plan.json")
    run = run_action(tmp_path, {"path": "plan.json\nhead", "working-directory": "infra",
                                "comment": "false"}, api_url=fake_github.base, workspace=work)
    assert run.exit_code == 0, run.log
    [call] = run.calls
    assert call["argv"][:3] == ["check", "plan.json", "head"]
    assert call["cwd"] == str(work / "infra")
    report = json.loads(Path(run.outputs["report-path"]).read_text())
    assert [p["input_type"] for p in report["projects"]] == ["plan", "hcl"]
    assert fake_github.log == []


def test_action_plan_and_path_are_both_read(tmp_path, fake_github, cli_ready):
    a, b = saved_report(tmp_path, 10), saved_report(tmp_path, 5)
    run = run_action(tmp_path, {"path": str(a), "plan": str(b), "comment": "false"},
                     api_url=fake_github.base)
    assert run.exit_code == 0, run.log
    assert run.calls[0]["argv"][1:3] == [str(a), str(b)]


def test_action_passes_var_files_usage_file_config_and_unpriced(tmp_path, fake_github,
                                                                  cli_ready):
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples" / "terraform", work / "tf")
    (work / "tf" / "more.tfvars").write_text("app_server_count = 6\n")
    (work / "tf" / "usage.yml").write_text((ROOT / "examples" / "usage.yml").read_text())
    (work / "tf" / ".cost-gate.yml").write_text("version: 1\n")
    run = run_action(tmp_path, {
        "path": ".", "working-directory": "tf", "var-files": "terraform.tfvars more.tfvars",
        "usage-file": "usage.yml", "config": ".cost-gate.yml", "unpriced": "warn",
        "region": "eu-west-1", "comment": "false", "gate-on": "expected",
        "pricing-model": "reserved-1y",
    }, api_url=fake_github.base, workspace=work)
    [call] = run.calls
    argv = call["argv"]
    assert argv[:2] == ["check", "."]
    assert argv[argv.index("--usage-file") + 1] == "usage.yml"
    assert argv[argv.index("--region") + 1] == "eu-west-1"
    assert argv[argv.index("--gate-on") + 1] == "expected"
    assert [argv[i + 1] for i, a in enumerate(argv) if a == "--var-file"] == [
        "terraform.tfvars", "more.tfvars"]
    assert call["env"]["COST_GATE_CONFIG"] == str(work / "tf" / ".cost-gate.yml")
    assert call["env"]["COST_GATE_UNPRICED"] == "warn"
    assert call["env"]["COST_GATE_PRICING_MODEL"] == "reserved-1y"
    assert run.exit_code == 0, run.log


def test_action_var_files_and_usage_file_change_the_estimate(tmp_path, fake_github, cli_ready):
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples" / "terraform", work / "tf")
    (work / "tf" / "more.tfvars").write_text("app_server_count = 6\n")
    shutil.copy(EXAMPLE_PLAN, work / "plan.json")
    shutil.copy(ROOT / "examples" / "usage.yml", work / "usage.yml")

    def project_totals(extra: dict[str, str], name: str) -> list[float]:
        (tmp_path / name).mkdir()
        run = run_action(tmp_path / name, {"path": "tf plan.json", "comment": "false", **extra},
                         api_url=fake_github.base, workspace=work)
        assert run.exit_code == 0, run.log
        report = json.loads(Path(run.outputs["report-path"]).read_text())
        return [p["summary"]["monthly_after"] for p in report["projects"]]

    plain = project_totals({}, "plain")
    estimated = project_totals({"var-files": "tf/more.tfvars", "usage-file": "usage.yml"}, "set")
    assert estimated[0] > plain[0]  # six app servers instead of one
    assert estimated[1] > plain[1]  # usage-based charges now priced


def test_action_missing_config_file_is_a_clear_error(tmp_path, fake_github, cli_ready):
    run = run_action(tmp_path, {"path": str(saved_report(tmp_path)), "config": "nope.yml"},
                     api_url=fake_github.base)
    assert run.exit_code == 2, run.log
    [error] = run.annotations("error")
    assert "config file 'nope.yml' not found" in error
    assert run.calls == []


def test_action_missing_working_directory(tmp_path, fake_github, cli_ready):
    run = run_action(tmp_path, {"path": "plan.json", "working-directory": "nowhere"},
                     api_url=fake_github.base)
    assert run.exit_code == 2, run.log
    assert "working-directory 'nowhere' does not exist" in run.annotations("error")[0]


def test_action_empty_path_is_a_clear_error(tmp_path, fake_github, cli_ready):
    run = run_action(tmp_path, {}, api_url=fake_github.base)
    assert run.exit_code == 2, run.log
    assert "the 'path' input is empty" in run.annotations("error")[0]


def test_action_base_runs_a_diff(tmp_path, fake_github, cli_ready):
    work = tmp_path / "work"
    shutil.copytree(HCL_DIFF / "head", work / "infra")
    shutil.copytree(HCL_DIFF / "base", work / "base-checkout" / "infra")
    run = run_action(tmp_path, {"base": "base-checkout/infra", "path": "infra",
                                "max-increase": "100000"},
                     api_url=fake_github.base, workspace=work)
    assert run.exit_code == 0, run.log
    [call] = run.calls[:1]
    assert call["argv"][:5] == ["diff", "--base", "base-checkout/infra", "--head", "infra"]
    from cost_gate.diff import diff_paths

    expected = diff_paths(str(HCL_DIFF / "base"), str(HCL_DIFF / "head")).to_dict()
    assert float(run.outputs["monthly-delta"]) == pytest.approx(
        expected["summary"]["monthly_delta"])
    assert float(run.outputs["monthly-before"]) > 0
    assert len(cost_comments(fake_github)) == 1


def test_action_base_needs_exactly_one_head(tmp_path, fake_github, cli_ready):
    run = run_action(tmp_path, {"base": "a", "path": "b c"}, api_url=fake_github.base)
    assert run.exit_code == 2, run.log
    assert "'path' must be exactly one" in run.annotations("error")[0]


# -- annotations, summary, forks -------------------------------------------------------------


def test_action_gate_failure_annotation_names_the_rule_and_amounts(tmp_path, fake_github,
                                                                  cli_ready):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    run = run_action(tmp_path, {"path": str(plan), "max-increase": "1"},
                     api_url=fake_github.base)
    assert run.exit_code == 1, run.log
    [error] = run.annotations("error")
    title, message = error.split("::", 1)
    assert title == "title=cost-gate max-increase"
    assert message.startswith("Monthly cost increase $")
    assert message.endswith("exceeds the $1.00 limit (--max-increase)")


def test_action_job_summary_is_trimmed_under_one_mib(tmp_path, fake_github, cli_ready):
    big = tmp_path / "big.json"
    big.write_text(json.dumps(make_report(1.5, resources=5000)))
    run = run_action(tmp_path, {"path": str(big), "comment": "false"},
                     api_url=fake_github.base)
    assert run.exit_code == 0, run.log
    size = len(run.summary.encode("utf-8"))
    assert size <= 1024 * 1024
    assert "trimmed to fit" in run.summary
    assert "Resources: 5000 priced" in run.summary  # the totals survive the trim
    assert float(run.outputs["monthly-after"]) == 7500


def test_action_fork_pull_request_is_a_notice(tmp_path, fake_github, cli_ready):
    fake_github.read_only = True
    run = run_action(tmp_path, {"path": str(saved_report(tmp_path))},
                     api_url=fake_github.base, head_repo="someone/infra")
    assert run.exit_code == 0, run.log
    [notice] = run.annotations("notice")
    assert "forks get a read-only token" in notice
    assert run.annotations("warning") == [] and run.annotations("error") == []
    assert run.steps["comment"]["exit-code"] == "0"
    assert TOKEN not in run.log

    failing = run_action(tmp_path, {"path": str(saved_report(tmp_path)), "max-increase": "1"},
                         api_url=fake_github.base, head_repo="someone/infra")
    assert failing.exit_code == 1, failing.log  # the gate still decides


def test_action_comment_failure_reason_is_in_the_error(tmp_path, fake_github, cli_ready):
    fake_github.read_only = True
    run = run_action(tmp_path, {"path": str(saved_report(tmp_path))}, api_url=fake_github.base)
    assert run.exit_code == 3, run.log
    [error] = run.annotations("error")
    assert "the comment was not posted (exit 3)" in error and "HTTP 403" in error
    [warning] = run.annotations("warning")
    assert "pull-requests: write" in warning


def test_action_pip_cache_key_follows_the_constraints(tmp_path, fake_github, cli_ready):
    import hashlib

    run = run_action(tmp_path, {"path": str(saved_report(tmp_path)), "comment": "false"},
                     api_url=fake_github.base)
    digest = hashlib.sha256((ROOT / "constraints" / "runtime.txt").read_bytes()
                            + (ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    locate = run.steps["locate"]
    assert locate["cache-key"] == f"cost-gate-pip-Linux-py{version}-{digest}"
    assert locate["pip-cache"] == str(tmp_path / "runner_temp" / "cost-gate-pip-cache")


def test_action_installs_only_into_its_own_virtualenv():
    [install] = [s for s in load_action()["runs"]["steps"] if s.get("name") == "Install cost-gate"]
    script = install["run"]
    pip_calls = [line for line in script.splitlines() if "pip install" in line]
    assert pip_calls and all('"$bin/python" -m pip install' in line for line in pip_calls)
    assert 'PIP_CONSTRAINT="$ACTION_PATH/constraints/runtime.txt"' in script
    # the cache step restores the directory pip then uses
    assert 'PIP_CACHE_DIR="$PIP_CACHE"' in script
    assert install["env"]["PIP_CACHE"] == "${{ steps.locate.outputs.pip-cache }}"
    [cache] = [s for s in load_action()["runs"]["steps"] if "actions/cache" in s.get("uses", "")]
    assert cache["with"] == {"path": "${{ steps.locate.outputs.pip-cache }}",
                             "key": "${{ steps.locate.outputs.cache-key }}"}


@needs_network
def test_action_installs_with_an_externally_managed_python(tmp_path, fake_github,
                                                           wheelhouse):  # noqa: F811
    """The real install step: a venv under RUNNER_TEMP, the pinned dependencies (from the
    PyPI wheelhouse), on a runner whose python3 refuses `pip install` (PEP 668) when one is
    available here."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    system = next((p for p in map(Path, ("/usr/bin/python3",)) if p.exists() and list(
        p.parent.parent.glob("lib/python3*/EXTERNALLY-MANAGED"))), Path(sys.executable))
    (bindir / "python3").symlink_to(system)
    (bindir / "python").symlink_to(system)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    env = {"PATH": f"{bindir}{os.pathsep}/usr/bin{os.pathsep}/bin", **wheelhouse}
    run = run_action(tmp_path, {"path": str(plan), "max-total": "1000"},
                     api_url=fake_github.base, install=True, extra_env=env)
    assert run.exit_code == 0, run.log
    venv = tmp_path / "runner_temp" / "cost-gate-venv"
    assert (venv / "bin" / "cost-gate").exists()
    assert f"cost-gate, version {cost_gate_version()}" in run.log
    assert float(run.outputs["monthly-delta"]) > 0
    assert "externally-managed" not in run.log
    assert len(cost_comments(fake_github)) == 1


def cost_gate_version() -> str:
    import cost_gate

    return cost_gate.__version__
