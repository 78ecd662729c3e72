"""Shared fixtures: every test runs with an empty user cache and no AWS/cost-gate env leaking in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "examples" / "plan.json"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    for var in ("AWS_REGION", "AWS_DEFAULT_REGION", "COST_GATE_PRICING_DIR", "COST_GATE_REGION",
                "COST_GATE_OFFLINE", "GITHUB_TOKEN", "GITLAB_TOKEN", "COST_GATE_UNPRICED",
                "COST_GATE_MAX_PRICE_AGE", "COST_GATE_USAGE_FILE", "COST_GATE_GATE_ON", "NO_COLOR",
                "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)
    for name in ("MAX_INCREASE", "MAX_INCREASE_PERCENT", "MAX_TOTAL", "WARN_INCREASE",
                 "WARN_INCREASE_PERCENT", "WARN_TOTAL"):
        monkeypatch.delenv(f"COST_GATE_{name}", raising=False)
    monkeypatch.setenv("COST_GATE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def example_plan() -> dict:
    return json.loads(EXAMPLE_PLAN.read_text())
