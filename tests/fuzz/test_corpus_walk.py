"""The fuzz corpus through check, diff, render, comment --dry-run and merge, with the rule
safety net off: no input ends in an internal error (exit 5), a hang or a non-strict JSON
report (issue 13). See :mod:`tests.fuzz.corpus`."""

from __future__ import annotations

import os
import time

import pytest

from tests.conftest import EXAMPLE_PLAN
from tests.fuzz.corpus import strict_environment, walk, yaml_inputs
from tests.fuzz.mutate import run_cli

SEED = 13
PLANS = 40
TF_DIRS = 4


def test_corpus_walk_finds_no_internal_error(tmp_path, monkeypatch):
    for name in [k for k in os.environ if k.startswith(("GITHUB_", "GITLAB_", "CI_",
                                                        "BITBUCKET_", "SYSTEM_", "BUILD_"))]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("CI", raising=False)
    for name, value in strict_environment().items():
        monkeypatch.setenv(name, value)
    failures, runs = walk(tmp_path, seed=SEED, plans=PLANS, tf_dirs=TF_DIRS)
    assert runs > 200
    assert not failures, "\n".join(failures[:30])


@pytest.mark.parametrize("kind, name, message", [
    ("usage", "bomb", "expands to more than 100,000 values"),
    ("usage", "recursive", "alias to itself"),
    ("usage", "deep", "nested deeper than 64 levels"),
    ("usage", "deep_map", "nested deeper than 64 levels"),
    ("usage", "huge", "a value YAML cannot convert"),
    ("usage", "dev-zero", "not a regular file"),
    ("usage", "python_tag", "not valid YAML"),
    ("config", "bomb", "expands to more than 100,000 values"),
    ("config", "recursive", "alias to itself"),
    ("config", "deep", "nested deeper than 64 levels"),
    ("config", "huge", "a value YAML cannot convert"),
])
def test_hostile_yaml_is_one_input_error(tmp_path, kind, name, message):
    inputs = {(k, n): p for k, n, p in yaml_inputs(tmp_path)}
    option = "--usage-file" if kind == "usage" else "--config"
    start = time.monotonic()
    outcome = run_cli(["check", str(EXAMPLE_PLAN), option, str(inputs[kind, name]),
                       "--format", "json"], seconds=30)
    assert time.monotonic() - start < 10
    assert outcome.code == 2 and message in outcome.message, outcome


def test_nan_and_infinite_usage_values_are_warnings_not_numbers(tmp_path):
    inputs = {(k, n): p for k, n, p in yaml_inputs(tmp_path)}
    outcome = run_cli(["check", str(EXAMPLE_PLAN), "--usage-file",
                       str(inputs["usage", "nan"]), "--format", "json"])
    assert outcome.code in (0, 1), outcome


def test_tag_policy_pattern_cannot_backtrack_on_a_tag_value(tmp_path):
    """A tag value from the pull request against a config pattern that backtracks
    exponentially on Python's re: matched on RE2, so it answers at once."""
    import json

    plan = json.loads(EXAMPLE_PLAN.read_text())
    for change in plan["resource_changes"]:
        after = change["change"].get("after")
        if isinstance(after, dict):
            after["tags"] = after["tags_all"] = {"team": "a" * 60 + "!"}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    config = tmp_path / "cost-gate.yml"
    config.write_text("version: 1\ntag-policy:\n  allowed: {team: '^(a+)+$'}\n")
    start = time.monotonic()
    outcome = run_cli(["check", str(tmp_path / "plan.json"), "--config", str(config),
                       "--format", "json"], seconds=20)
    assert time.monotonic() - start < 10
    assert outcome.code in (0, 1), outcome
