"""README's CI set-ups are real: the workflows parse, name only inputs the action declares,
and run through the action harness as laid out; every snippet pins the current release."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.test_action import HCL_DIFF, TOKEN, cost_comments, run_action
from tests.vcs.conftest import serve
from tests.vcs.fakes import FakeGitHub

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE_PLAN = ROOT / "examples" / "plan.json"


@pytest.fixture
def github(httpserver):
    return serve(httpserver, FakeGitHub(token=TOKEN))


def version() -> str:
    import cost_gate

    return cost_gate.__version__


def yaml_blocks(section: str) -> list:
    """The ```yaml blocks between the heading ``section`` and the next heading."""
    start = README.index(section)
    following = re.compile(r"^#{2,} ", re.M).search(README, start + len(section))
    text = README[start:following.start() if following else None]
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def workflows() -> list[dict]:
    return yaml_blocks("### GitHub Action")


def cost_gate_step(workflow: dict) -> dict:
    [steps] = [job["steps"] for job in workflow["jobs"].values()]
    [step] = [s for s in steps if str(s.get("uses", "")).startswith("cost-gate/cost-gate@")]
    return step


def test_two_workflows_pin_the_release_and_use_declared_inputs():
    from tests.test_action import load_action

    declared = set(load_action()["inputs"])
    flows = workflows()
    assert len(flows) == 2
    for flow in flows:
        step = cost_gate_step(flow)
        assert step["uses"] == f"cost-gate/cost-gate@v{version()}"
        assert set(step["with"]) <= declared
        assert flow["permissions"]["pull-requests"] == "write"
        assert flow[True] == "pull_request"  # YAML 1.1 reads the key `on` as true


def test_plan_workflow_shows_the_credentials_step_and_runs(tmp_path, github):
    flow = workflows()[0]
    steps = flow["jobs"]["cost"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    credentials = uses.index("aws-actions/configure-aws-credentials@v4")
    assert credentials < uses.index("hashicorp/setup-terraform@v3")
    assert flow["permissions"]["id-token"] == "write"
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[-1].endswith("show -json tfplan > plan.json")

    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(EXAMPLE_PLAN, work / "plan.json")  # what the terraform steps would write
    run = run_action(tmp_path, cost_gate_step(flow)["with"], api_url=github.base,
                     workspace=work)
    assert run.exit_code == 0, run.log  # +$437/month: under the $500 limit ...
    assert run.outputs["gate-status"] == "warn"  # ... but over +10%
    assert len(cost_comments(github)) == 1


def test_base_vs_head_workflow_runs_on_two_shallow_checkouts(tmp_path, github):
    flow = workflows()[1]
    steps = flow["jobs"]["cost"]["steps"]
    head, base = steps[0], steps[1]
    assert head["uses"] == base["uses"] == "actions/checkout@v4"
    assert "with" not in head  # default: shallow, the PR's merge commit, at the workspace root
    assert base["with"]["ref"] == "${{ github.base_ref }}"
    assert "fetch-depth" not in base["with"]
    inputs = cost_gate_step(flow)["with"]

    work = tmp_path / "work"
    shutil.copytree(HCL_DIFF / "head", work / inputs["path"])
    shutil.copytree(HCL_DIFF / "base", work / base["with"]["path"] / "infra")
    assert inputs["base"] == f"{base['with']['path']}/infra"
    run = run_action(tmp_path, inputs, api_url=github.base, workspace=work)
    assert run.exit_code == 0, run.log
    assert run.calls[0]["argv"][:5] == ["diff", "--base", inputs["base"], "--head",
                                       inputs["path"]]
    assert float(run.outputs["monthly-delta"]) != 0
    assert len(cost_comments(github)) == 1


def test_gitlab_snippet_matches_the_template():
    [snippet] = yaml_blocks("### GitLab CI")
    template = yaml.safe_load((ROOT / "ci/gitlab/cost-gate.gitlab-ci.yml").read_text())
    url = snippet["include"][0]["remote"]
    assert url.endswith(f"/v{version()}/ci/gitlab/cost-gate.gitlab-ci.yml")
    assert snippet["cost"]["extends"] in template
    assert template[".cost-gate"]["variables"]["COST_GATE_VERSION"] == f"v{version()}"
    assert set(snippet["cost"]["variables"]) - {"COST_GATE_MAX_INCREASE"} <= set(
        template[".cost-gate"]["variables"])


def test_pre_commit_snippet_matches_the_hook():
    [snippet] = yaml_blocks("### pre-commit hook")
    [repo] = snippet["repos"]
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert repo["rev"] == f"v{version()}"
    assert repo["hooks"][0]["id"] == hook["id"]


@pytest.mark.parametrize("path", ["examples/atlantis/repos.yaml",
                                  "ci/gitlab/cost-gate.gitlab-ci.yml",
                                  "constraints/runtime.txt"])
def test_linked_files_exist(path):
    assert f"]({path})" in README
    assert (ROOT / path).is_file()


def test_release_tags_in_prose_follow_the_version():
    tags = set(re.findall(r"cost-gate(?:/cost-gate)?@(v[0-9][0-9.]*[0-9])", README))
    assert tags == {f"v{version()}"}


@pytest.mark.parametrize("path", ["README.md", ".pre-commit-hooks.yaml",
                                  "ci/gitlab/cost-gate.gitlab-ci.yml"])
def test_every_quoted_release_is_the_current_version(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    quoted = set(re.findall(r"\bv\d+\.\d+\.\d+\b", text))
    assert quoted == {f"v{version()}"}, f"{path} quotes {sorted(quoted)}"
