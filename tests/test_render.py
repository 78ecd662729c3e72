from __future__ import annotations

import copy
from datetime import date

import pytest

from cost_gate.api import build_report
from cost_gate.gate import Budgets
from cost_gate.render import render
from cost_gate.render.markdown import render_markdown
from tests.conftest import EXAMPLE_PLAN


@pytest.fixture
def report() -> dict:
    return build_report([str(EXAMPLE_PLAN)], env={}, today=date(2026, 11, 26),
                        budgets=Budgets(warn_increase=100))


def test_markdown_headline_table_and_gate(report):
    text = render_markdown(report)
    first = text.splitlines()[0]
    assert first == ("### Monthly cost change unknown: 1 change not priced; the priced "
                     "changes net +$444.54/month, +$5,334.44/year")
    assert "| Resource | Action | Before | After | Delta |" in text
    assert "<details><summary>Cost components</summary>" in text
    assert "Gate warning" in text and "--warn-increase" in text
    assert "aws\\_docdb\\_cluster ×1" in text  # unsupported types are counted, escaped
    assert "Price data as of 2026-10-06" in text  # the snapshot date (Janitor extract)


def test_markdown_rows_largest_change_first(report):
    rows = [ln for ln in render_markdown(report).splitlines() if ln.startswith("| ")][2:]
    first_addresses = [row.split("|")[1].strip() for row in rows[:2]]
    assert first_addresses[0] == "aws\\_db\\_instance.orders"


def test_markdown_escapes_hostile_names(report):
    hostile = copy.deepcopy(report)
    res = hostile["projects"][0]["resources"][0]
    res["address"] = 'aws_instance.x["<img src=x onerror=alert(1)>|@octo-org/admins"]'
    res["action"] = "create"
    text = render_markdown(hostile)
    assert "<img" not in text
    assert "@octo-org" not in text  # a zero-width space breaks the mention
    row = next(ln for ln in text.splitlines() if "onerror" in ln)
    assert row.count(" | ") == 4  # the pipe inside the name did not add a column


def test_markdown_trims_details_then_rows_never_the_gate(report):
    big = copy.deepcopy(report)
    template = big["projects"][0]["resources"][0]
    big["projects"][0]["resources"] = []
    for i in range(3000):
        res = copy.deepcopy(template)
        res["address"] = f"aws_instance.fleet[{i}]"
        res["action"] = "create"
        big["projects"][0]["resources"].append(res)
    full = render_markdown(big)
    assert len(full) > 65536
    trimmed = render_markdown(big, max_chars=60000)
    assert len(trimmed) <= 60000
    assert trimmed.splitlines()[0] == full.splitlines()[0]
    assert "Gate warning" in trimmed
    assert "trimmed to fit the comment size limit" in trimmed
    assert "more changed resources not shown" in trimmed


def test_table_render_has_totals_and_gate(report):
    text = render(report, "table")
    assert "Monthly cost change unknown: 1 change not priced" in text
    assert "Gate: WARN" in text
    assert "aws_docdb_cluster.sessions" in text and "not priced" in text
    assert "usage-based" in text and "$0.0000004/request" in text


def test_json_render_round_trips(report):
    import json

    assert json.loads(render(report, "json")) == report


def test_markdown_blank_runs_collapse_across_batches_like_one_substitution():
    import random

    from cost_gate.render.markdown import _BLANK_RUNS, _collapsed_text

    rng = random.Random(12)
    for _ in range(200):
        pieces = [rng.choice(["\n", "\n\n", "\n\n\n", "a", "b\n", "\nc", " ", "ü\n", ""])
                  for _ in range(rng.randrange(0, 40))]
        for batch in (1, 2, 3, 7, 4096):
            assert _collapsed_text(iter(pieces), batch) == _BLANK_RUNS.sub("\n\n", "".join(pieces))
