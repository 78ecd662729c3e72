"""`cost-gate check`: estimate plans/states/directories, render, and apply the budget gate."""

from __future__ import annotations

from typing import Any

import click

from cost_gate.cli.options import (
    FORMAT_CHOICE,
    budget_options,
    budgets_from_options,
    config_option,
    emit,
    estimate_options,
    gate_exit,
    gate_settings,
    load_cli_config,
    output_options,
    parse_age,
    parse_vars,
    show_all_option,
    split_budget_kwargs,
)


@click.command()
@click.argument("paths", nargs=-1, metavar="PLAN.json|STATE.json|DIR|-")
@click.option("--path", "extra_paths", multiple=True, metavar="DIR",
              help="A directory of .tf files to price (HCL mode); repeatable.")
@click.option("--project", "project_names", multiple=True, metavar="NAME",
              help="Only the project of this name (configured, or found below the paths / the "
              "working directory); repeatable. One per CI matrix job, then `merge`.")
@click.option("--workspace", default=None, metavar="NAME",
              help="HCL mode: the value of terraform.workspace (else TF_WORKSPACE, the "
              "selected workspace, or default).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, envvar="COST_GATE_JOBS",
              help="Projects priced in parallel [default: CPU count; 1 = no subprocesses]. "
              "[env: COST_GATE_JOBS]")
@click.option("--pricing-model", type=click.Choice(["on-demand", "spot", "reserved-1y",
                                                    "reserved-3y"]), default=None,
              envvar="COST_GATE_PRICING_MODEL",
              help="Also show these rates beside on-demand where the price data has them "
              "(never mixed into the totals) [default: the config's pricing-model, else "
              "on-demand; env: COST_GATE_PRICING_MODEL].")
@config_option
@output_options
@estimate_options
@budget_options
def check(paths: tuple[str, ...], extra_paths: tuple[str, ...], project_names: tuple[str, ...],
          workspace: str | None, jobs: int | None, pricing_model: str | None,
          config_path: str | None, fmt: str | None,
          out_file: str | None, save_report: str | None, show_all: bool, region: str | None,
          max_price_age: str | None, pricing_dir: str | None, usage_file: str | None,
          strict_usage: bool, var_files: tuple[str, ...], var_pairs: tuple[str, ...],
          **kwargs: Any) -> None:
    """Price Terraform plans, states or .tf directories and gate on budgets.

    \b
    Produce the plan with:
      terraform plan -out tf.plan && terraform show -json tf.plan > plan.json
    A directory that is not a Terraform root prices every project found below it
    (roots with a provider/terraform block, Terragrunt leaves), or the config's projects.
    Exit codes: 0 pass/warn, 1 gate failed, 2 bad usage or input.
    """
    from cost_gate.api import build_report

    config = load_cli_config(config_path)
    budgets = budgets_from_options(**split_budget_kwargs(kwargs))
    report = build_report([*paths, *extra_paths], region=region, budgets=budgets,
                          pricing_dir=pricing_dir, var_files=var_files,
                          variables=parse_vars(var_pairs), usage_file=usage_file,
                          strict_usage=strict_usage, max_price_age_days=parse_age(max_price_age),
                          config=config, jobs=jobs, workspace=workspace,
                          project_names=project_names, pricing_model=pricing_model)
    emit(report, fmt, out_file, save_report, show_all=show_all)
    click.get_current_context().exit(gate_exit(report))


@click.command("render")
@click.argument("report_path", metavar="REPORT.json")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="table", show_default=True)
@click.option("--out-file", "-o", default=None)
@show_all_option
@config_option
@budget_options
def render_cmd(report_path: str, fmt: str, out_file: str | None, show_all: bool,
               config_path: str | None, **kwargs: Any) -> None:
    """Re-render a saved JSON report, schema 1 or 2 (gate recomputed when budget options,
    --unpriced or the config's budgets / unpriced setting are given)."""
    from cost_gate.errors import InputError
    from cost_gate.inputs.document import load_document
    from cost_gate.report import regate, upgrade_report, validate_saved_report

    kind, doc, name = load_document(report_path)
    if kind != "report":
        raise InputError(f"{name}: not a cost-gate report (use `cost-gate check` for a {kind})")
    validate_saved_report(doc, name)
    doc = upgrade_report(doc, name)
    budgets = budgets_from_options(**split_budget_kwargs(kwargs))
    config = load_cli_config(config_path)
    budgets, named = gate_settings(config, budgets)
    policy = config.policy() if config else None
    report = (regate(doc, budgets, named, policy=policy)
              if budgets is not None or named or policy is not None else doc)
    emit(report, fmt, out_file, None, show_all=show_all)
    click.get_current_context().exit(gate_exit(report))
