"""Options shared by several commands (budgets, region), declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

# (option, env var, help)
_BUDGETS = (
    ("--max-increase", "COST_GATE_MAX_INCREASE", "Fail when the monthly cost rises by more than USD."),
    ("--max-increase-percent", "COST_GATE_MAX_INCREASE_PERCENT",
     "Fail when the monthly cost rises by more than this percent."),
    ("--max-total", "COST_GATE_MAX_TOTAL", "Fail when the total monthly cost exceeds USD."),
    ("--warn-increase", "COST_GATE_WARN_INCREASE", "Warn when the monthly cost rises by more than USD."),
    ("--warn-increase-percent", "COST_GATE_WARN_INCREASE_PERCENT",
     "Warn when the monthly cost rises by more than this percent."),
    ("--warn-total", "COST_GATE_WARN_TOTAL", "Warn when the total monthly cost exceeds USD."),
)
BUDGET_PARAMS = tuple(flag[2:].replace("-", "_") for flag, _, _ in _BUDGETS)


def budget_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the six budget options (each also read from its COST_GATE_* variable)."""
    for flag, env, help_text in reversed(_BUDGETS):
        func = click.option(flag, envvar=env, default=None, metavar="N",
                            help=f"{help_text} [env: {env}]")(func)
    return func


def budgets_from_options(**kwargs: Any):
    """Budgets from option values; None when no limit is set at all."""
    from cost_gate.gate import Budgets

    budgets = Budgets.parse({k: kwargs.get(k) for k in BUDGET_PARAMS})
    return budgets if budgets.any() else None


def split_budget_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Pop the budget options out of a command's kwargs."""
    return {k: kwargs.pop(k, None) for k in BUDGET_PARAMS}


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--config FILE (env COST_GATE_CONFIG); without it .cost-gate.yml is looked up."""
    return click.option("--config", "config_path", default=None, envvar="COST_GATE_CONFIG",
                        metavar="FILE",
                        help="The .cost-gate.yml to use (default: the nearest one from the "
                        "working directory up to the repository root). [env: COST_GATE_CONFIG]"
                        )(func)


def load_cli_config(config_path: str | None):
    """The config for a command: --config/COST_GATE_CONFIG, else the nearest file, or None."""
    from cost_gate.config import load_config

    config = load_config(config_path)
    if config is not None and config.not_evaluated:
        click.echo(f"note: {config.path}: {', '.join(config.not_evaluated)} parsed but not "
                   "evaluated by this version of cost-gate", err=True)
    return config


def gate_budgets(config, flags):
    """The config's budgets the gate evaluates (flags win over the same limits)."""
    return config.gate_budgets(flags) if config is not None else []


FORMAT_CHOICE = click.Choice(["table", "json", "markdown"])


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--format, --out-file, --save-report (commands that produce a report)."""
    func = click.option("--save-report", default=None, metavar="FILE",
                        help="Also save the JSON report (for `render`, `comment`, `diff`).")(func)
    func = click.option("--out-file", "-o", default=None,
                        help="Write the output here instead of stdout.")(func)
    return click.option("--format", "fmt", type=FORMAT_CHOICE, default=None,
                        help="Output format [default: table].")(func)


def estimate_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--region, --pricing-dir, --usage-file, --strict-usage, --var-file, --var."""
    func = click.option("--var", "var_pairs", multiple=True, metavar="NAME=VALUE",
                        help="HCL mode: set a variable; repeatable.")(func)
    func = click.option("--var-file", "var_files", multiple=True,
                        help="HCL mode: a .tfvars file; repeatable.")(func)
    func = click.option("--strict-usage", is_flag=True, envvar="COST_GATE_STRICT_USAGE",
                        help="Treat usage-file warnings (unknown keys, unmatched addresses, ...) "
                        "as errors (exit 2).")(func)
    func = click.option("--usage-file", default=None, envvar="COST_GATE_USAGE_FILE",
                        metavar="FILE",
                        help="Usage estimates for usage-based charges: an Infracost usage file "
                        "(version 0.1) or cost-gate's version 1.")(func)
    func = click.option("--pricing-dir", default=None, envvar="COST_GATE_PRICING_DIR",
                        help="Use prices from this directory first (a mirror or refreshed "
                        "cache).")(func)
    return click.option("--region", default=None, envvar="COST_GATE_REGION",
                        help="Region for resources whose plan does not say (else AWS_REGION, "
                        "us-east-1).")(func)


def parse_vars(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--var NAME=VALUE` pairs as a dict."""
    from cost_gate.errors import UsageError

    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--var expects NAME=VALUE, got {pair!r}")
        out[key] = value
    return out


def gate_exit(report: dict[str, Any]) -> int:
    """The exit code a report's gate asks for: 1 when it failed, else 0."""
    from cost_gate.errors import EXIT_GATE_FAILED, EXIT_OK

    return EXIT_GATE_FAILED if (report.get("gate") or {}).get("status") == "fail" else EXIT_OK


def emit(report: dict[str, Any], fmt: str | None, out_file: str | None,
         save_report: str | None) -> None:
    """Render the report in the chosen format and save the JSON copy when asked."""
    import sys

    from cost_gate.render import render

    for note in (report.get("pricing") or {}).get("notes") or []:  # e.g. a damaged cache
        click.echo(f"warning: {note}", err=True)
    if save_report:
        _write(render(report, "json"), save_report)
    color = out_file is None and sys.stdout.isatty()
    _write(render(report, fmt or "table", color=color), out_file)
    if fmt in ("json", "markdown") or out_file:
        for violation in (report.get("gate") or {}).get("violations") or []:
            click.echo(f"{violation['level']}: {violation['message']}", err=True)


def _write(text: str, out_file: str | None) -> None:
    if not out_file:
        click.echo(text, nl=False)
        return
    from pathlib import Path

    from cost_gate.errors import UsageError

    try:
        Path(out_file).write_text(text)
    except OSError as exc:
        raise UsageError(f"cannot write {out_file}: {exc.strerror or exc}") from None
