"""The markdown comment rendered in pieces (rows and details made lazily, written as they are
rendered, trimming attempts stopped once over the limit) is the text rendered whole.

The reference below is the renderer as it was before: every row and detail built into lists,
the whole text joined, blank runs collapsed and stripped, and each trimming attempt rendered in
full.
"""

from __future__ import annotations

import copy
import random
from datetime import date
from typing import Any

import pytest

from cost_gate.api import build_report
from cost_gate.gate import Budgets
from cost_gate.render import markdown
from cost_gate.render.escape import escape_markdown_cell as esc
from cost_gate.render.markdown import render_markdown, write_markdown
from tests.conftest import EXAMPLE_PLAN
from tests.scale.conftest import MONOREPO


def _reference(report: dict[str, Any], max_chars: int | None = None) -> str:
    ctx = markdown._context(report)
    template = markdown._template()
    view = ctx.pop("view")
    changes = view.changes

    def whole(n_rows: int, n_details: int, trimmed: str) -> str:
        shown = changes[:n_rows]
        text = "".join(template.generate(
            **ctx,
            groups=[(esc(name, max_len=120) if view.multi else "",
                     [markdown._row(c) for c in items])
                    for name, items in (view.by_project(shown) if view.multi
                                        else [("", shown)])],
            hidden_rows=len(changes) - n_rows,
            details=[markdown._detail(c, view.multi) for c in changes[:n_details]
                     if c.res.get("status") != "unsupported" or c.notes],
            trimmed=trimmed,
        ))
        return markdown._BLANK_RUNS.sub("\n\n", text).strip() + "\n"

    text = whole(len(changes), len(changes), "")
    if max_chars is None or len(text) <= max_chars:
        return text
    n_details = len(changes)
    while n_details > 0:
        n_details = n_details // 2 if n_details > 8 else n_details - 1
        text = whole(len(changes), n_details,
                     f"Component details of {len(changes) - n_details} resource(s) trimmed to "
                     "fit the comment size limit; run cost-gate locally for the full report.")
        if len(text) <= max_chars:
            return text
    n_rows = len(changes)
    while n_rows > 0:
        n_rows = n_rows // 2 if n_rows > 8 else n_rows - 1
        text = whole(n_rows, 0,
                     f"All component details and {len(changes) - n_rows} table row(s) trimmed "
                     "to fit the comment size limit; run cost-gate locally for the full report.")
        if len(text) <= max_chars:
            return text
    return text[:max_chars]


@pytest.fixture(scope="module")
def one_project() -> dict[str, Any]:
    """The example plan's report with 400 more changed resources (one partial, with notes)."""
    report = build_report([str(EXAMPLE_PLAN)], env={}, today=date(2026, 11, 26),
                          budgets=Budgets(warn_increase=100))
    resources = report["projects"][0]["resources"]
    for i in range(400):
        res = copy.deepcopy(resources[i % len(resources)])
        res["address"] = f"module.fleet[{i}].{res['address']}"
        res["action"] = ("create", "update", "delete", "replace")[i % 4]
        resources.append(res)
    return report


@pytest.fixture(scope="module")
def projects() -> dict[str, Any]:
    return build_report([str(MONOREPO)], env={}, today=date(2026, 11, 26), jobs=1)


@pytest.mark.parametrize("name", ["one_project", "projects"])
def test_whole_text_and_written_pieces_are_the_reference(name, request):
    report = request.getfixturevalue(name)
    expected = _reference(report)
    assert render_markdown(report) == expected
    written: list[str] = []
    write_markdown(report, written.append)
    assert "".join(written) == expected


@pytest.mark.parametrize("name", ["one_project", "projects"])
def test_trimmed_text_is_the_reference_at_every_limit(name, request):
    report = request.getfixturevalue(name)
    size = len(_reference(report))
    # over the whole text, details trimmed, rows trimmed, and below what the totals need
    for max_chars in (size + 10, size, size - 1, size * 3 // 4, size // 2, size // 5, 6000,
                      3000, 1500, 700, 200, 1):
        assert render_markdown(report, max_chars=max_chars) == _reference(report, max_chars), \
            max_chars


def test_a_report_without_changes_is_the_reference():
    report = build_report([str(EXAMPLE_PLAN)], env={}, today=date(2026, 11, 26))
    for res in report["projects"][0]["resources"]:
        res["action"] = "no-op"
    for max_chars in (None, 10_000, 300, 5):
        assert render_markdown(report, max_chars=max_chars) == _reference(report, max_chars)


def test_stripped_pieces_are_the_stripped_text():
    rng = random.Random(7)
    for _ in range(300):
        pieces = [rng.choice(["\n", " ", "\t\n", "a", "b \n", " c", "ü", "", "\n\n"])
                  for _ in range(rng.randrange(0, 12))]
        out = list(markdown._stripped(iter(pieces)))
        assert "".join(out) == "".join(pieces).strip() + "\n"
