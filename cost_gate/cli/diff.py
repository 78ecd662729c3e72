"""`cost-gate diff --base X --head Y`: the monthly cost delta between two states.

X and Y are each a plan JSON, a state JSON, a directory of .tf files (HCL mode) or a saved
JSON report. Registered lazily by the main CLI from ``cost_gate.cli.diff:diff``.
"""

from __future__ import annotations

from typing import Any

import click

from cost_gate.cli.options import budget_options, config_option, estimate_options, output_options


@click.command("diff")
@click.option("--base", "base", required=True, metavar="PLAN|STATE|DIR|REPORT",
              help="The base side (e.g. the target branch checked out to a directory).")
@click.option("--head", "head", required=True, metavar="PLAN|STATE|DIR|REPORT",
              help="The head side (e.g. the pull request's checkout).")
@click.option("--workspace", default=None, metavar="NAME",
              help="HCL mode: the value of terraform.workspace on both sides.")
@config_option
@output_options
@estimate_options
@budget_options
def diff(
    base: str,
    head: str,
    workspace: str | None,
    config_path: str | None,
    fmt: str | None,
    out_file: str | None,
    save_report: str | None,
    show_all: bool,
    region: str | None,
    max_price_age: str | None,
    pricing_dir: str | None,
    usage_file: str | None,
    strict_usage: bool,
    var_files: tuple[str, ...],
    var_pairs: tuple[str, ...],
    **kwargs: Any,
) -> None:
    """Show the per-resource monthly cost delta of HEAD minus BASE, and gate on budgets.

    \b
    A pull-request check without plans or credentials:
      git worktree add ../base origin/main
      cost-gate diff --base ../base/infra --head infra
    Exit codes: 0 pass/warn, 1 gate failed, 2 bad usage or input.
    """
    from cost_gate.cli.options import (
        budgets_from_options,
        emit,
        gate_exit,
        gate_settings,
        load_cli_config,
        parse_age,
        parse_vars,
        split_budget_kwargs,
    )
    from cost_gate.diff import diff_paths

    config = load_cli_config(config_path)
    settings = config.settings if config else None
    budgets, named = gate_settings(config, budgets_from_options(**split_budget_kwargs(kwargs)))
    result = diff_paths(
        base,
        head,
        region=region if region is not None or settings is None else settings.region,
        var_files=var_files,
        variables=parse_vars(var_pairs),
        pricing_dir=pricing_dir or (settings.pricing_dir if settings else None),
        budgets=budgets,
        usage_file=usage_file or (settings.usage_file if settings else None),
        strict_usage=strict_usage,
        workspace=workspace,
        max_price_age_days=parse_age(max_price_age) or (
            settings.max_price_age if settings else None),
    )
    result.named_budgets = named
    result.policy = config.policy() if config else None
    report = result.to_dict(release=True)  # only the dict is kept
    emit(report, fmt, out_file, save_report, show_all=show_all)
    click.get_current_context().exit(gate_exit(report))
