"""`cost-gate merge REPORT.json...`: one report from the reports of CI matrix jobs."""

from __future__ import annotations

from typing import Any

import click

from cost_gate.cli.options import (
    FORMAT_CHOICE,
    budget_options,
    budgets_from_options,
    config_option,
    emit,
    gate_exit,
    gate_settings,
    load_cli_config,
    show_all_option,
    split_budget_kwargs,
)


@click.command("merge")
@click.argument("report_paths", nargs=-1, required=True, metavar="REPORT.json...")
@click.option("--out-file", "-o", default=None, help="Write the merged output here.")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="json", show_default=True)
@show_all_option
@config_option
@budget_options
def merge(report_paths: tuple[str, ...], out_file: str | None, fmt: str, show_all: bool,
          config_path: str | None, **kwargs: Any) -> None:
    """Combine the JSON reports of CI matrix jobs into one report.

    \b
    Projects are concatenated in the order given; totals, findings and the gate are
    recomputed from the budget options, --unpriced and the config's budgets. Saved
    reports of schema 1 are upgraded first. `render` and `comment` take the
    merged report:
      cost-gate merge reports/*.json -o merged.json
      cost-gate comment --report merged.json
    Exit codes: 0 pass/warn, 1 gate failed, 2 bad usage or input.
    """
    from cost_gate.errors import InputError
    from cost_gate.inputs.document import load_document
    from cost_gate.merge import merge_reports
    from cost_gate.report import validate_saved_report

    loaded = []
    for path in report_paths:
        kind, doc, name = load_document(path)
        if kind != "report":
            raise InputError(f"{name}: not a cost-gate report (a {kind}; save one with "
                             "`cost-gate check --save-report`)")
        validate_saved_report(doc, name)
        loaded.append((name, doc))
    config = load_cli_config(config_path)
    budgets, named = gate_settings(config, budgets_from_options(**split_budget_kwargs(kwargs)))
    report = merge_reports(loaded, budgets=budgets, named=named,
                           policy=config.policy() if config else None)
    emit(report, fmt, out_file, None, show_all=show_all)
    click.get_current_context().exit(gate_exit(report))
