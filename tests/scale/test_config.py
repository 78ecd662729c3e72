"""The .cost-gate.yml loader: discovery, schema validation with helpful errors, typed values."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml

from cost_gate.config import (
    ConfigError,
    config_schema,
    find_config,
    load_config,
    read_config,
)
from cost_gate.gate import Budgets

ROOT = Path(__file__).resolve().parents[2]

FULL = """\
version: 1
region: eu-west-1
usage-file: usage.yml
jobs: 3
unpriced: fail
max-price-age: 4m
pricing-dir: prices
budgets:
  - name: whole-run
    max-increase: 500
    warn-increase-percent: 10
  - name: payments-team
    scope: {tags: {team: payments}, resource-types: [aws_instance]}
    max-total: 5000
projects:
  - name: prod
    path: envs/prod
    var-files: [prod.tfvars]
    usage-file: prod-usage.yml
    workspace: prod
    tool: terraform
    budgets:
      - max-increase: 100
  - path: live/app
tag-policy:
  required: [team, env]
  allowed: {env: [prod, staging, dev], team: "^[a-z-]+$"}
  resource-types: []
  on-violation: fail
allocation:
  tag: team
recommendations:
  enabled: true
  ignore: [gp2-to-gp3]
units:
  - name: 1k orders
    monthly: 120
"""


def write(tmp_path: Path, text: str, name: str = ".cost-gate.yml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_every_section_is_typed(tmp_path):
    config = read_config(write(tmp_path, FULL))
    base = tmp_path.resolve()
    s = config.settings
    assert (s.region, s.jobs, s.unpriced, s.max_price_age) == ("eu-west-1", 3, "fail", 120)
    assert s.usage_file == str(base / "usage.yml")
    assert s.pricing_dir == str(base / "prices")
    whole, scoped = config.budgets
    assert whole.scope is None and whole.limits == Budgets(
        max_increase=Decimal(500), warn_increase_percent=Decimal(10))
    assert scoped.scope.tags == {"team": "payments"}
    assert scoped.scope.resource_types == ("aws_instance",)
    prod, app = config.projects
    assert (prod.name, prod.path, prod.var_files, prod.usage_file, prod.workspace, prod.tool) == (
        "prod", str(base / "envs/prod"), (str(base / "prod.tfvars"),),
        str(base / "prod-usage.yml"), "prod", "terraform")
    assert prod.budgets[0].name == "prod" and prod.budgets[0].limits.max_increase == 100
    assert (app.name, app.tool) == ("live/app", None)
    assert config.tag_policy.required == ("team", "env")
    assert config.tag_policy.allowed == {"env": ("prod", "staging", "dev"), "team": "^[a-z-]+$"}
    assert config.tag_policy.on_violation == "fail"
    assert config.allocation.tag == "team"
    assert config.recommendations.ignore == ("gp2-to-gp3",)
    assert config.units[0].name == "1k orders" and config.units[0].monthly == Decimal(120)
    # every section is acted on: the FinOps ones through the policy and the checks
    policy = config.policy()
    assert (policy.allocation_tag, policy.ignore, policy.tag_policy) == (
        "team", ("gp2-to-gp3",), config.tag_policy)
    assert [b.scope for b in config.gate_budgets(None) if b.scope is not None] == [
        config.budgets[1].scope]


def test_the_schema_ships_with_the_package_and_accepts_the_full_example():
    jsonschema.Draft202012Validator.check_schema(config_schema())
    jsonschema.validate(yaml.safe_load(FULL), config_schema())


@pytest.mark.parametrize(("text", "message"), [
    ("version: 1\nbudgts: []\n",
     "unknown key 'budgts' at the top level (did you mean 'budgets'?)"),
    ("version: 1\nbudgets:\n  - name: a\n    max-totl: 5\n",
     "unknown key 'max-totl' in budgets[0] (did you mean 'max-total'?)"),
    ("version: 1\nbudgets:\n  - name: a\n    scope: {resource_types: [x]}\n",
     "unknown key 'resource_types' in budgets[0].scope (did you mean 'resource-types'?)"),
    ("version: 1\nprojects:\n  - path: a\n    varfiles: [x]\n",
     "unknown key 'varfiles' in projects[0] (did you mean 'var-files'?)"),
    ("version: 1\ntag-policy: {on-violation: block}\n",
     "tag-policy.on-violation: 'block' is not one of 'warn', 'fail'"),
    ("version: 2\n", "version: 2: only 1 is supported"),
    ("region: x\n", "'version' is a required property"),
    ("version: 1\njobs: 0\n", "jobs: 0 is less than the minimum of 1"),
    ("version: 1\nbudgets:\n  - name: a\n    max-total: -5\n",
     "budgets[0].max-total: -5 is less than the minimum of 0"),
    ("version: 1\nprojects:\n  - name: a\n    path: x\n  - name: a\n    path: y\n",
     "projects[1]: duplicate project name 'a'"),
    ("version: 1\ntag-policy: {allowed: {env: '[unclosed'}}\n",
     "tag-policy.allowed.env: invalid regular expression"),
    ("version: 1\nbudgets: [\n", "not valid YAML"),
    ("- 1\n- 2\n", "a config file must be a mapping of keys, not list"),
])
def test_bad_config_is_one_clear_error(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        read_config(path)
    assert message in err.value.message
    assert err.value.message.startswith(str(path))


def test_found_upward_but_not_past_the_repository_root(tmp_path):
    repo = tmp_path / "repo"
    deep = repo / "infra" / "app"
    deep.mkdir(parents=True)
    (repo / ".git").mkdir()
    write(tmp_path, "version: 1\n")  # above the repository: never used
    assert find_config(deep) is None
    found = write(repo, "version: 1\n")
    assert find_config(deep) == found
    nearer = write(repo / "infra", "version: 1\n", ".cost-gate.yaml")
    assert find_config(deep) == nearer


def test_explicit_file_wins_and_must_exist(tmp_path):
    write(tmp_path, "version: 1\nregion: eu-west-1\n")
    other = write(tmp_path, "version: 1\nregion: ap-south-1\n", "other.yml")
    (tmp_path / ".git").mkdir()
    assert load_config(cwd=tmp_path, env={}).settings.region == "eu-west-1"
    assert load_config(str(other), cwd=tmp_path, env={}).settings.region == "ap-south-1"
    env = {"COST_GATE_CONFIG": str(other)}
    assert load_config(cwd=tmp_path, env=env).settings.region == "ap-south-1"
    with pytest.raises(ConfigError, match="missing.yml: config file not found .--config."):
        load_config("missing.yml", cwd=tmp_path, env={})
    with pytest.raises(ConfigError, match="COST_GATE_CONFIG"):
        load_config(cwd=tmp_path, env={"COST_GATE_CONFIG": str(tmp_path / "nope.yml")})


def test_flag_limits_replace_the_same_limits_of_whole_run_budgets(tmp_path):
    config = read_config(write(tmp_path, FULL))
    named = config.gate_budgets(Budgets(max_increase=Decimal(50)))
    whole, scoped, project = named
    assert whole.name == "whole-run" and whole.limits.max_increase is None
    assert whole.limits.warn_increase_percent == 10  # not set by a flag: kept
    assert (project.project, project.limits.max_increase) == ("prod", 100)
    # a scoped budget keeps its own limits (a flag is about the whole run)
    assert scoped.name == "payments-team" and scoped.scope is not None
    assert scoped.limits == config.budgets[1].limits


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cost_gate", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                               "COST_GATE_CACHE_DIR": str(cwd / ".cache")})


def test_cli_unknown_key_exits_2_with_one_line(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "version: 1\nbudget:\n  - name: x\n")
    proc = cli("check", str(ROOT / "examples" / "plan.json"), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "unknown key 'budget' at the top level (did you mean 'budgets'?)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_config_budget_fails_the_gate_by_name_and_flags_win(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "version: 1\nbudgets:\n  - name: platform\n    max-increase: 100\n")
    plan = str(ROOT / "examples" / "plan.json")
    proc = cli("check", plan, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    violation = json.loads(proc.stdout)["gate"]["violations"][0]
    assert violation["budget"] == "platform" and violation["rule"] == "max-increase"
    assert violation["message"].startswith("platform: monthly increase $")
    assert violation["message"].endswith(" is over max-increase $100")
    # the flag replaces the config's max-increase (the example's unpriced DynamoDB table
    # still warns: --unpriced defaults to warn)
    proc = cli("check", plan, "--format", "json", "--max-increase", "100000", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    gate = json.loads(proc.stdout)["gate"]
    assert gate["status"] == "warn" and [v["rule"] for v in gate["violations"]] == ["unpriced"]


def test_cli_config_unpriced_and_max_price_age_apply_and_flags_win(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "version: 1\nunpriced: fail\nmax-price-age: 30d\n")
    plan = str(ROOT / "examples" / "plan.json")
    proc = cli("check", plan, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "not evaluated" not in proc.stderr  # both settings are acted on
    report = json.loads(proc.stdout)
    (violation,) = report["gate"]["violations"]
    assert (violation["rule"], violation["level"]) == ("unpriced", "fail")
    assert report["pricing"]["max_age_days"] == 30 and report["pricing"]["stale"] is True
    # the saved report re-rendered under the config: the same gate
    saved = tmp_path / "report.json"
    saved.write_text(proc.stdout)
    assert cli("render", str(saved), cwd=tmp_path).returncode == 1
    # a flag (or its variable) wins over the config
    proc = cli("check", plan, "--format", "json", "--unpriced", "ignore", "--max-price-age",
               "2y", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["gate"] == {"status": "pass", "violations": []}
    assert report["pricing"]["max_age_days"] == 730
    assert cli("render", str(saved), "--unpriced", "warn", cwd=tmp_path).returncode == 0
    write(tmp_path, "version: 1\nmax-price-age: 0\n")
    proc = cli("check", plan, cwd=tmp_path)
    assert proc.returncode == 2 and "max-price-age" in proc.stderr


def test_cli_config_region_is_the_default_of_the_flag(tmp_path):
    (tmp_path / ".git").mkdir()
    tf = tmp_path / "tf"
    tf.mkdir()
    (tf / "main.tf").write_text('resource "aws_eip" "ip" {\n  domain = "vpc"\n}\n')
    write(tmp_path, "version: 1\nregion: eu-west-1\n")
    proc = cli("check", "tf", "--format", "json", cwd=tmp_path)
    assert json.loads(proc.stdout)["projects"][0]["resources"][0]["region"] == "eu-west-1"
    proc = cli("check", "tf", "--format", "json", "--region", "us-west-2", cwd=tmp_path)
    assert json.loads(proc.stdout)["projects"][0]["resources"][0]["region"] == "us-west-2"


def test_the_readme_example_is_a_valid_config(tmp_path):
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- config-example -->", 1)[1].split("```yaml\n", 1)[1].split("```")[0]
    config = read_config(write(tmp_path, block))
    assert [p.name for p in config.projects] == ["web-prod", "app"]
    assert config.policy().allocation_tag == "team"
    assert config.checks().non_prod_envs == ("dev", "test", "staging")
    assert config.junk is not None and config.settings.pricing_model == "on-demand"


def test_cli_acts_on_allocation_and_units(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "version: 1\nallocation: {tag: team}\nunits:\n  - {name: order, monthly: 5}\n")
    proc = cli("check", str(ROOT / "examples" / "plan.json"), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "note: " not in proc.stderr
    report = json.loads(proc.stdout)
    assert report["allocation"]["tag"] == "team"
    assert report["unit_economics"][0]["monthly_units"] == 5


def test_cli_diff_applies_config_budgets(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "version: 1\nbudgets:\n  - name: growth\n    max-increase: 1\n")
    from .conftest import MONOREPO

    proc = cli("diff", "--base", str(MONOREPO / "envs" / "prod"), "--head",
               str(MONOREPO / "envs" / "staging"), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["gate"]["violations"][0]["budget"] == "growth"


def test_cli_diff_workspace(tmp_path):
    from .conftest import MONOREPO

    prod = str(MONOREPO / "envs" / "prod")
    proc = cli("diff", "--base", prod, "--head", prod, "--workspace", "prod", "--format", "json",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    web = json.loads(proc.stdout)["projects"][0]["resources"][1]
    assert "m5.large" in web["after"]["components"][0]["name"] and web["action"] == "no-op"
