"""`cost-gate diff --base X --head Y`: the monthly cost delta between two states.

X and Y are each a plan JSON, a state JSON, a directory of .tf files (HCL mode) or a saved
JSON report. Registered lazily by the main CLI from ``cost_gate.cli.diff:diff``.
"""

from __future__ import annotations

from typing import Any

import click

from cost_gate.cli.options import budget_options

_FORMATS = click.Choice(["table", "json", "markdown"])


@click.command("diff")
@click.option("--base", "base", required=True, metavar="PLAN|STATE|DIR|REPORT",
              help="The base side (e.g. the target branch checked out to a directory).")
@click.option("--head", "head", required=True, metavar="PLAN|STATE|DIR|REPORT",
              help="The head side (e.g. the pull request's checkout).")
@click.option("--format", "fmt", type=_FORMATS, default=None,
              help="Output format [default: table].")
@click.option("--out-file", "-o", default=None, help="Write the output here instead of stdout.")
@click.option("--save-report", default=None, metavar="FILE",
              help="Also save the JSON report (for `render` and `comment`).")
@click.option("--region", default=None, envvar="COST_GATE_REGION",
              help="Region for resources that do not say (else AWS_REGION, us-east-1).")
@click.option("--pricing-dir", default=None, envvar="COST_GATE_PRICING_DIR",
              help="Use prices from this directory first (a mirror or refreshed cache).")
@click.option("--var-file", "var_files", multiple=True,
              help="HCL mode: a .tfvars file, applied to both sides; repeatable.")
@click.option("--var", "var_pairs", multiple=True, metavar="NAME=VALUE",
              help="HCL mode: set a variable on both sides; repeatable.")
@budget_options
def diff(
    base: str,
    head: str,
    fmt: str | None,
    out_file: str | None,
    save_report: str | None,
    region: str | None,
    pricing_dir: str | None,
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
    from cost_gate.cli.check import _gate_exit, _parse_vars, emit
    from cost_gate.cli.options import budgets_from_options, split_budget_kwargs
    from cost_gate.diff import diff_paths

    budgets = budgets_from_options(**split_budget_kwargs(kwargs))
    report = diff_paths(
        base,
        head,
        region=region,
        var_files=var_files,
        variables=_parse_vars(var_pairs),
        pricing_dir=pricing_dir,
        budgets=budgets,
    ).to_dict()
    emit(report, fmt, out_file, save_report)
    click.get_current_context().exit(_gate_exit(report))
