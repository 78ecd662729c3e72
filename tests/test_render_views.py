"""What the table and the markdown comment show: before -> after, subtotals, notes said once,
why $0.00, units, width, colour, the summary of a large plan, and the price data date."""

from __future__ import annotations

import ast
import copy
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cost_gate.api import build_report
from cost_gate.render import render, terminal_width, use_color
from cost_gate.render.markdown import render_markdown
from cost_gate.render.table import render_table
from tests.conftest import EXAMPLE_PLAN, ROOT
from tests.inputs import planfactory as pf

PLANS = Path(__file__).parent / "fixtures" / "plans"
TODAY = date(2026, 11, 26)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def report_for(*paths, **kwargs) -> dict:
    return build_report([str(p) for p in paths], env={}, today=TODAY, **kwargs)


@pytest.fixture(scope="module")
def update_replace() -> dict:
    return report_for(PLANS / "update_and_replace.json")


# --- show what changed --------------------------------------------------------------------------

def test_update_and_replace_rows_show_before_and_after_per_component(update_replace):
    table = render_table(update_replace, width=160)
    assert "Instance usage (Linux/UNIX, on-demand, t3.micro -> t3.small)" in table
    assert "$0.0104/hour -> $0.0208/hour" in table and "$7.59 -> $15.18" in table
    assert "m5.large -> m5.xlarge" in table and "$70.08 -> $140.16" in table
    assert "$8.23 -> $15.82" in table  # the resource's own before -> after
    md = render_markdown(update_replace)
    assert "on-demand, t3.micro -&gt; t3.small\\)" in md
    assert "| 730 hours | $0.0104 per hour -> $0.0208 per hour | $7.59 -> $15.18 |" in md
    assert "· update · us-east-1 · priced" in md


def test_multi_project_subtotals_and_one_overall_total():
    report = report_for(PLANS / "update_and_replace.json", EXAMPLE_PLAN)
    projects = report["projects"]
    assert len(projects) == 2
    assert report["summary"]["monthly_delta"] == pytest.approx(
        sum(p["summary"]["monthly_delta"] for p in projects))
    assert report["summary"]["unpriced_changes"] == [
        f"{EXAMPLE_PLAN}: aws_docdb_cluster.sessions"]
    md = render_markdown(report)
    assert "| Project | Before | After | Delta | % | Not priced |" in md
    assert "| **Total** | **$154.63** | **$677.00** | **+$522.37** |" in md
    first = projects[0]["name"].replace("_", "\\_")
    assert f"#### {first}" in md
    table = render_table(report, width=200)
    assert f"Project {projects[0]['name']}" in table
    assert re.search(r"update_and_replace\.json\s+\$78\.95\s+\$156\.78\s+\+\$77\.83\s+\+98\.6%",
                     table)
    assert re.search(r"\nTotal\s+\$154\.63\s+\$677\.00\s+\+\$522\.37\s+\+337\.8%\s+1\n", table)
    # projects keep the report's order, whatever their largest change
    assert table.index(f"Project {projects[0]['name']}") < table.index(
        f"Project {projects[1]['name']}")
    second = projects[1]["name"].replace("_", "\\_")
    assert md.index(f"#### {first}") < md.index(f"#### {second}")
    assert f"**{first}: aws\\_instance.app**" in md  # details say which project


def test_notes_repeated_on_many_resources_are_said_once_with_a_count():
    changes = [pf.change(f"aws_instance.web[{i}]", ["create"], after={
        "instance_type": "t3.micro", "ami": "ami-1", "tenancy": "default"}) for i in range(4)]
    from cost_gate.estimate import estimate

    report = estimate([pf.parse(pf.plan(*changes))], today=TODAY).to_dict()
    note = "region not set in the plan, --region or AWS_REGION; assumed us-east-1"
    assert all(note in r["notes"] for r in report["projects"][0]["resources"])
    for text in (render_table(report, width=200), render_markdown(report)):
        assert text.count("assumed us-east-1") == 1
        assert "(4 resources, e.g. aws" in text


def test_project_notes_appear_in_table_and_markdown(tmp_path):
    (tmp_path / "main.tf").write_text(
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n'
        'resource "aws_eip" "nat" {\n  domain = "vpc"\n}\n')
    report = report_for(tmp_path)
    (note,) = [n for n in report["projects"][0]["notes"] if "not downloaded" in n]
    assert "terraform init" in note
    assert note in render_table(report, width=300)
    assert "not downloaded" in render_markdown(report)


def test_zero_cost_resources_say_why(tmp_path):
    report = report_for(EXAMPLE_PLAN)
    table = render_table(report, width=200)
    assert "$0.00: usage-based only: no usage estimate (see --usage-file)" in table
    md = render_markdown(report)
    assert "$0.00 (usage-based only: no usage estimate \\(see --usage-file\\))" in md
    usage = tmp_path / "usage.yml"
    usage.write_text("version: 1\nresource_usage:\n  aws_sqs_queue.orders_events:\n"
                     "    monthly_requests: 0\n")
    zero = report_for(EXAMPLE_PLAN, usage_file=str(usage))
    assert "$0.00: zero usage" in render_table(zero, width=200)


def test_units_agree_with_quantities_and_say_per_request():
    from cost_gate import fmt

    assert fmt.price_per_unit(0.0000004, "requests") == "$0.0000004 per request"
    assert fmt.quantity_with_unit(1, "hours") == "1 hour"
    assert fmt.quantity_with_unit(730, "hours") == "730 hours"
    assert fmt.quantity_with_unit(1, "GB-months") == "1 GB-month"
    assert fmt.quantity_with_unit(1000, "IOPS-months") == "1,000 IOPS-months"
    md = render_markdown(report_for(EXAMPLE_PLAN))
    assert "$0.0000004 per request" in md and "per requests" not in md


# --- fit the screen -----------------------------------------------------------------------------

@pytest.mark.parametrize("width", [80, 120])
def test_table_fits_the_width_and_wrapped_cells_keep_their_indent(width, update_replace):
    for report in (update_replace, report_for(EXAMPLE_PLAN)):
        lines = render_table(report, width=width).splitlines()
        assert max(len(line) for line in lines) <= width
    lines = render_table(report_for(EXAMPLE_PLAN), width=80).splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("  Database instance"))
    assert lines[start + 1].startswith("    ")  # the wrapped name stays under its component


def test_colour_follows_tty_no_color_and_force_color():
    assert use_color(True, {}) is True and use_color(False, {}) is False
    assert use_color(True, {"NO_COLOR": "1"}) is False
    assert use_color(False, {"FORCE_COLOR": "1"}) is True
    assert use_color(False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}) is False
    assert terminal_width(False, {"COLUMNS": "80"}) == 80
    assert terminal_width(False, {}) == 120


def test_cli_table_honours_force_color_no_color_and_columns():
    from cost_gate.cli import cli

    runner = CliRunner()
    forced = runner.invoke(cli, [str(EXAMPLE_PLAN)], env={"FORCE_COLOR": "1", "COLUMNS": "80"})
    assert "\x1b[" in forced.output
    assert max(len(ANSI.sub("", ln)) for ln in forced.output.splitlines()) <= 80
    plain = runner.invoke(cli, [str(EXAMPLE_PLAN)], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.output


def _fleet_report(n: int) -> dict:
    report = copy.deepcopy(report_for(EXAMPLE_PLAN))
    project = report["projects"][0]
    template = next(r for r in project["resources"] if r["address"] == "aws_eip.nat")
    project["resources"] = []
    for i in range(n):
        res = copy.deepcopy(template)
        res["address"] = f"aws_eip.fleet[{i}]"
        res["after"]["monthly_cost"] = res["monthly_delta"] = i / 10
        project["resources"].append(res)
    return report


def test_large_plans_are_summarised_unless_show_all():
    report = _fleet_report(300)
    table = render_table(report, width=120)
    assert "Largest 25 of 300 changes by monthly delta (--show-all lists every change)" in table
    assert "aws_eip.fleet[299]" in table and "aws_eip.fleet[275]" in table
    assert "aws_eip.fleet[274]" not in table
    assert re.search(r"aws_eip\s+300\s+\+\$4,485\.00", table)  # the per-type summary
    full = render_table(report, width=120, show_all=True)
    assert "aws_eip.fleet[0]" in full and "Largest" not in full


def test_cli_show_all_option():
    from cost_gate.cli import cli

    result = CliRunner().invoke(cli, [str(EXAMPLE_PLAN), "--show-all"])
    assert result.exit_code == 0 and "aws_docdb_cluster.sessions" in result.output


# --- staleness ----------------------------------------------------------------------------------

def test_report_always_states_the_price_data_date(update_replace):
    assert update_replace["pricing"]["as_of"] == "2026-10-06"
    assert update_replace["pricing"]["stale"] is False
    assert update_replace["pricing"]["max_age_days"] == 365
    assert "Price data as of 2026-10-06 (51 days old, shipped)" in render_table(update_replace)
    assert "Price data as of 2026-10-06" in render_markdown(update_replace)


def test_staleness_warning_after_the_configured_age_says_how_to_refresh():
    later = build_report([str(EXAMPLE_PLAN)], env={}, today=date(2027, 11, 26))
    warning = later["pricing"]["staleness_warning"]
    assert later["pricing"]["stale"] is True
    assert warning.startswith("price data is 416 days old (as of 2026-10-06; older than "
                              "12 months, see --max-price-age): run `cost-gate pricing update`")
    assert warning in render_table(later, width=300)
    short = build_report([str(EXAMPLE_PLAN)], env={}, today=TODAY, max_price_age_days=30)
    assert short["pricing"]["stale"] is True and "older than 30 days" in (
        short["pricing"]["staleness_warning"])


def test_max_price_age_option_parsing():
    from cost_gate.cli.options import parse_age
    from cost_gate.errors import UsageError

    assert parse_age(None) is None
    assert parse_age("400") == 400 and parse_age("90d") == 90
    assert parse_age("6m") == 180 and parse_age("1y") == 365
    with pytest.raises(UsageError):
        parse_age("soon")
    from cost_gate.cli import cli

    result = CliRunner().invoke(cli, [str(EXAMPLE_PLAN), "--max-price-age", "30",
                                      "--format", "markdown"])
    assert "older than 30 days, see --max-price-age" in result.output


# --- one direction between renderers and posters ------------------------------------------------

def _imports(package: str) -> set[str]:
    out = set()
    for path in (ROOT / "cost_gate" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                out.add(node.module)
            elif isinstance(node, ast.Import):
                out.update(alias.name for alias in node.names)
    return out


def test_vcs_never_imports_render_and_render_never_imports_vcs():
    assert not {m for m in _imports("vcs") if m.startswith("cost_gate.render")}
    assert not {m for m in _imports("render") if m.startswith("cost_gate.vcs")}


def test_json_output_is_unchanged_by_the_table_options(update_replace):
    assert render(update_replace, "json") == render(update_replace, "json", width=80,
                                                    show_all=True)


def test_table_never_prints_escape_sequences_from_terraform_code():
    hostile = copy.deepcopy(report_for(EXAMPLE_PLAN))
    res = hostile["projects"][0]["resources"][0]
    res["action"] = "create"
    res["address"] = 'aws_instance.x["\x1b[2J\x1b]0;pwned\x07\nline"]'
    res["notes"] = ["note with \x1b[31mred\x1b[0m"]
    text = render_table(hostile, width=200, color=False)
    assert "\x1b" not in text and "\x07" not in text
    assert 'aws_instance.x[" [2J ]0;pwned line"]' in text
