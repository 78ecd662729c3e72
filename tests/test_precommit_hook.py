"""The pre-commit hook (.pre-commit-hooks.yaml), run the way pre-commit runs it.

pre-commit filters the changed files through the hook's ``files``/``exclude`` regexes
(``re.search``) and executes ``entry`` + ``args`` + those files; the harness does the same
with the entry's console script resolved through pyproject.toml. A real ``pre-commit
try-repo`` (installing the hook from this checkout, dependencies from PyPI) runs with the
network tests.
"""

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

from tests.network import needs_network, wheelhouse  # noqa: F401

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_ROOT = ROOT / "examples" / "terraform"
SECOND_ROOT = ROOT / "tests" / "hcl" / "fixtures" / "diff" / "head"


def the_hook() -> dict:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return hook


def console_script(name: str) -> str:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    return scripts[name]


def selected(hook: dict, changed: list[str]) -> list[str]:
    """pre-commit's file selection for a hook."""
    files, exclude = re.compile(hook.get("files", "")), re.compile(hook.get("exclude", "^$"))
    return [f for f in changed if files.search(f) and not exclude.search(f)]


def run_hook(repo: Path, changed: list[str], args: list[str] | None = None):
    hook = the_hook()
    module, func = console_script(hook["entry"]).split(":")
    argv = [*(hook.get("args") or []), *(args or []), *selected(hook, changed)]
    code = (f"import sys; sys.argv[0] = {hook['entry']!r}; "
            f"from {module} import {func}; {func}()")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COST_GATE_REGION": "us-east-1"}
    return subprocess.run([sys.executable, "-c", code, *argv], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository with two Terraform roots; the first has local modules below it."""
    work = tmp_path / "repo"
    shutil.copytree(EXAMPLE_ROOT, work / "infra" / "app")
    shutil.copytree(SECOND_ROOT, work / "infra" / "edge")
    (work / "README.md").write_text("# infra\n")
    return work


def test_hook_declaration():
    hook = the_hook()
    assert hook["id"] == "cost-gate"
    assert hook["language"] == "python"  # pre-commit pip-installs this repository
    assert console_script(hook["entry"]) == "cost_gate.cli.precommit:main"
    assert hook["pass_filenames"] is True
    assert selected(hook, ["a/main.tf", "b/x.tofu", "c/prod.tfvars", "README.md", "a/x.tf.bak",
                           "a/.terraform/modules/m/main.tf"]) == [
        "a/main.tf", "b/x.tofu", "c/prod.tfvars"]


def test_a_module_change_prices_its_root(repo):
    proc = run_hook(repo, ["infra/app/modules/network/main.tf", "README.md"],
                    ["--format", "json"])
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [p["source"] for p in report["projects"]] == ["infra/app"]
    assert report["summary"]["monthly_after"] > 0


def test_each_changed_root_is_priced_once(repo):
    proc = run_hook(repo, ["infra/edge/main.tf", "infra/app/main.tf", "infra/app/variables.tf",
                           "infra/app/terraform.tfvars"], ["--format", "json"])
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [p["source"] for p in report["projects"]] == ["infra/edge", "infra/app"]


def test_budget_args_fail_the_commit(repo):
    proc = run_hook(repo, ["infra/app/main.tf"], ["--max-total", "10"])
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "exceeds the $10.00 limit (--max-total)" in proc.stdout
    assert "Gate: FAIL" in proc.stdout


def test_option_values_are_not_taken_for_changed_files(repo):
    (repo / "infra" / "app" / "big.tfvars").write_text("app_server_count = 6\n")
    small = run_hook(repo, ["infra/app/main.tf"], ["--format", "json"])
    big = run_hook(repo, ["infra/app/main.tf"],
                   ["--var-file", "infra/app/big.tfvars", "--format", "json"])
    assert small.returncode == 0 and big.returncode == 0, small.stderr + big.stderr
    [project] = json.loads(big.stdout)["projects"]
    assert project["source"] == "infra/app"
    assert (json.loads(big.stdout)["summary"]["monthly_after"]
            > json.loads(small.stdout)["summary"]["monthly_after"])


def test_nothing_to_price(repo):
    proc = run_hook(repo, ["README.md"])
    assert proc.returncode == 0
    assert "nothing to price" in proc.stdout


def test_a_bad_root_is_an_input_error(repo):
    (repo / "infra" / "edge" / "broken.tf").write_text('resource "aws_instance" "x" {\n  = \n')
    proc = run_hook(repo, ["infra/edge/broken.tf"])
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "broken.tf" in proc.stderr
    assert "Traceback" not in proc.stderr


@needs_network
def test_pre_commit_try_repo(repo, tmp_path, wheelhouse):  # noqa: F811
    """The real pre-commit installs the hook from this checkout and runs it."""
    pytest.importorskip("pre_commit", reason="an integration extra: pip install '.[integration]'")
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           **wheelhouse,
           "COST_GATE_REGION": "us-east-1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    env.pop("PYTHONPATH", None)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "cost-gate", "--verbose",
         "--files", "infra/app/modules/network/main.tf", "README.md"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "Monthly cost" in proc.stdout and "Gate: PASS" in proc.stdout
