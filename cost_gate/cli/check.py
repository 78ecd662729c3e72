"""`cost-gate check`: estimate plans/states/directories, render, and apply the budget gate."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cost_gate.cli.options import budget_options, budgets_from_options, split_budget_kwargs

FORMAT_CHOICE = click.Choice(["table", "json", "markdown"])


def _write(text: str, out_file: str | None) -> None:
    if out_file:
        from cost_gate.errors import UsageError

        try:
            Path(out_file).write_text(text)
        except OSError as exc:
            raise UsageError(f"cannot write {out_file}: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False)


def _gate_exit(report: dict[str, Any]) -> int:
    from cost_gate.errors import EXIT_GATE_FAILED, EXIT_OK

    return EXIT_GATE_FAILED if (report.get("gate") or {}).get("status") == "fail" else EXIT_OK


def _parse_vars(pairs: tuple[str, ...]) -> dict[str, str]:
    from cost_gate.errors import UsageError

    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--var expects NAME=VALUE, got {pair!r}")
        out[key] = value
    return out


@click.command()
@click.argument("paths", nargs=-1, metavar="PLAN.json|STATE.json|DIR|-")
@click.option("--path", "extra_paths", multiple=True, metavar="DIR",
              help="A directory of .tf files to price (HCL mode); repeatable.")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default=None,
              help="Output format [default: table].")
@click.option("--out-file", "-o", default=None, help="Write the output here instead of stdout.")
@click.option("--save-report", default=None, metavar="FILE",
              help="Also save the JSON report (for `render`, `comment`, `diff`).")
@click.option("--region", default=None, envvar="COST_GATE_REGION",
              help="Region for resources whose plan does not say (else AWS_REGION, us-east-1).")
@click.option("--pricing-dir", default=None, envvar="COST_GATE_PRICING_DIR",
              help="Use prices from this directory first (a mirror or refreshed cache).")
@click.option("--usage-file", default=None, envvar="COST_GATE_USAGE_FILE", metavar="FILE",
              help="YAML usage estimates for usage-based charges (NAT GB, LCUs, ...).")
@click.option("--var-file", "var_files", multiple=True, help="HCL mode: a .tfvars file.")
@click.option("--var", "var_pairs", multiple=True, metavar="NAME=VALUE",
              help="HCL mode: set a variable.")
@budget_options
def check(paths: tuple[str, ...], extra_paths: tuple[str, ...], fmt: str | None,
          out_file: str | None, save_report: str | None, region: str | None,
          pricing_dir: str | None, usage_file: str | None, var_files: tuple[str, ...],
          var_pairs: tuple[str, ...], **kwargs: Any) -> None:
    """Price a Terraform plan (or state, or .tf directory) and gate on budgets.

    \b
    Produce the plan with:
      terraform plan -out tf.plan && terraform show -json tf.plan > plan.json
    Exit codes: 0 pass/warn, 1 gate failed, 2 bad usage or input.
    """
    from cost_gate.api import build_report
    from cost_gate.errors import UsageError

    all_paths = [*paths, *extra_paths]
    if not all_paths:
        raise UsageError("give a plan JSON, a state JSON, a directory of .tf files, or - for stdin")
    budgets = budgets_from_options(**split_budget_kwargs(kwargs))
    report = build_report(all_paths, region=region, budgets=budgets, pricing_dir=pricing_dir,
                          var_files=var_files, variables=_parse_vars(var_pairs),
                          usage_file=usage_file)
    emit(report, fmt, out_file, save_report)
    click.get_current_context().exit(_gate_exit(report))


def emit(report: dict[str, Any], fmt: str | None, out_file: str | None,
         save_report: str | None) -> None:
    """Render the report in the chosen format and save the JSON copy when asked."""
    from cost_gate.render import render

    if save_report:
        _write(render(report, "json"), save_report)
    color = out_file is None and sys.stdout.isatty()
    _write(render(report, fmt or "table", color=color), out_file)
    gate = report.get("gate") or {}
    if fmt in ("json", "markdown") or out_file:
        for violation in gate.get("violations") or []:
            click.echo(f"{violation['level']}: {violation['message']}", err=True)


@click.command("render")
@click.argument("report_path", metavar="REPORT.json")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="table", show_default=True)
@click.option("--out-file", "-o", default=None)
@budget_options
def render_cmd(report_path: str, fmt: str, out_file: str | None, **kwargs: Any) -> None:
    """Re-render a saved JSON report (gate recomputed when budget options are given)."""
    from cost_gate.errors import InputError
    from cost_gate.inputs.document import load_document
    from cost_gate.report import regate

    kind, doc, name = load_document(report_path)
    if kind != "report":
        raise InputError(f"{name}: not a cost-gate report (use `cost-gate check` for a {kind})")
    budgets = budgets_from_options(**split_budget_kwargs(kwargs))
    report = regate(doc, budgets) if budgets is not None else doc
    emit(report, fmt, out_file, None)
    click.get_current_context().exit(_gate_exit(report))
