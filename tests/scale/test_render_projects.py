"""The markdown comment opens with a per-project summary when a report has several projects."""

from __future__ import annotations

import copy
from datetime import date

from cost_gate.api import build_report
from cost_gate.render.markdown import MAX_PROJECT_ROWS, render_markdown

from .conftest import MONOREPO


def test_per_project_table_at_the_top():
    report = build_report([str(MONOREPO)], env={}, today=date(2026, 11, 26), jobs=1)
    text = render_markdown(report)
    table = text[text.index("| Project |"):text.index("| Resource |")]
    lines = [line for line in table.splitlines()
             if line.startswith("| ") and not line.startswith("| ---")]
    assert lines[0] == "| Project | Before | After | Delta | % | Not priced |"
    assert lines[1] == "| envs/json | $0.00 | $156.36 | +$156.36 | n/a |  |"
    assert [line.split(" | ")[0][2:] for line in lines[1:]] == [
        "envs/json", "envs/prod", "envs/staging", "live/us-west-2/app", "live/us-west-2/db",
        "live/us-west-2/remote", "**Total**"]
    assert lines[-1] == "| **Total** | **$0.00** | **$318.97** | **+$318.97** | **n/a** |  |"
    assert text.count("| Project |") == 1  # one project table, at the top
    assert text.index("| Project |") < text.index("| Resource |")


def test_no_project_table_for_one_project():
    report = build_report([str(MONOREPO / "envs" / "prod")], env={}, today=date(2026, 11, 26))
    assert "| Project |" not in render_markdown(report)


def test_many_projects_show_the_largest_changes_and_a_count():
    report = build_report([str(MONOREPO / "envs" / "prod")], env={}, today=date(2026, 11, 26))
    project = report["projects"][0]
    many = []
    for i in range(MAX_PROJECT_ROWS + 5):
        clone = copy.deepcopy(project)
        clone["name"] = f"p{i:03d}"
        clone["summary"]["monthly_delta"] = i
        many.append(clone)
    report["projects"] = many
    text = render_markdown(report)
    assert "| p004 |" not in text and "| p005 |" in text
    assert "… 5 more projects with smaller changes" in text
