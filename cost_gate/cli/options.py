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
BUDGET_PARAMS = (*(flag[2:].replace("-", "_") for flag, _, _ in _BUDGETS), "unpriced",
                 "gate_on")


def budget_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the gate options: six budgets, --unpriced and --gate-on (each also read from its
    COST_GATE_* variable)."""
    func = click.option(
        "--gate-on", envvar="COST_GATE_GATE_ON", default=None, metavar="low|expected|high",
        help="Which end of the usage ranges ({min, max} in the usage file) the budgets "
        "measure [default: the config's gate-on, else high; env: COST_GATE_GATE_ON]")(func)
    func = click.option(
        "--unpriced", envvar="COST_GATE_UNPRICED", default=None, metavar="fail|warn|ignore",
        help="What a changed resource with an unknown cost does to the gate "
        "[default: the config's unpriced, else warn; env: COST_GATE_UNPRICED]")(func)
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

    return load_config(config_path)


def gate_settings(config, flags):
    """(flag budgets with the config's ``unpriced`` where no flag set it, the config's named
    budgets): what the gate evaluates (see :func:`cost_gate.api.gate_settings`)."""
    from cost_gate.api import gate_settings as settings

    return settings(config, flags)


FORMAT_CHOICE = click.Choice(["table", "json", "markdown"])


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--format, --out-file, --save-report, --show-all (commands that produce a report)."""
    func = click.option("--save-report", default=None, metavar="FILE",
                        help="Also save the JSON report (for `render`, `comment`, `diff`).")(func)
    func = show_all_option(func)
    func = click.option("--out-file", "-o", default=None,
                        help="Write the output here instead of stdout.")(func)
    return click.option("--format", "fmt", type=FORMAT_CHOICE, default=None,
                        help="Output format [default: table].")(func)


def show_all_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--show-all", is_flag=True,
                        help="Table: every changed resource with its components (default: a "
                        "summary per project and type plus the largest changes when there are "
                        "many).")(func)


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
    func = click.option("--max-price-age", default=None, envvar="COST_GATE_MAX_PRICE_AGE",
                        metavar="AGE",
                        help="Warn when the price data is older than this: days, or e.g. 6m, "
                        "1y [default: the config's max-price-age, else 1y; env: "
                        "COST_GATE_MAX_PRICE_AGE].")(func)
    return click.option("--region", default=None, envvar="COST_GATE_REGION",
                        help="Region for resources whose plan does not say (else AWS_REGION, "
                        "us-east-1).")(func)


def parse_age(text: str | None) -> int | None:
    """`--max-price-age`: 400, 400d, 6m (x30 days), 1y (x365 days) -> days; None when unset."""
    from cost_gate.config import age_days
    from cost_gate.errors import UsageError

    try:
        return age_days(text)
    except ValueError:
        raise UsageError(f"--max-price-age expects days or e.g. 90d, 6m, 1y; got {text!r}") \
            from None


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
         save_report: str | None, *, show_all: bool = False) -> None:
    """Render the report in the chosen format and save the JSON copy when asked."""
    import os
    import sys

    from cost_gate.render import render, terminal_width, use_color
    from cost_gate.render.escape import plain_text

    for note in (report.get("pricing") or {}).get("notes") or []:  # e.g. a damaged cache
        click.echo(f"warning: {plain_text(note)}", err=True)
    if save_report:
        _write_json(report, save_report)
    tty = out_file is None and sys.stdout.isatty()
    fmt = fmt or "table"
    color = fmt == "table" and out_file is None and use_color(tty, os.environ)
    if fmt == "json" and not tty:
        _write_json(report, out_file)  # compact: written in pieces, never one big string
    elif fmt == "markdown":
        _write_markdown(report, out_file)  # also in pieces
    else:
        if fmt == "table":
            text = render(report, fmt, color=color, width=terminal_width(tty, os.environ),
                          show_all=show_all)
        else:
            text = render(report, fmt, color=tty)
        _write(text, out_file, color=color)
    if fmt in ("json", "markdown") or out_file:
        for violation in (report.get("gate") or {}).get("violations") or []:
            # one plain line: a message names addresses, which Terraform code controls
            click.echo(f"{violation['level']}: {plain_text(violation['message'])}", err=True)


def _write_json(report: dict[str, Any], out_file: str | None) -> None:
    """The compact JSON report (``render(report, "json")``) to ``out_file`` or stdout, encoded
    and written a piece at a time: at 100,000 resources the text alone is over 100 MB."""
    from cost_gate.render.json_stream import write_json

    _write_pieces(write_json, report, out_file)


def _write_markdown(report: dict[str, Any], out_file: str | None) -> None:
    """``render(report, "markdown")`` to ``out_file`` or stdout, rendered and written a piece
    at a time."""
    from cost_gate.render.markdown import write_markdown

    _write_pieces(write_markdown, report, out_file)


def _write_pieces(writer: Callable[[dict[str, Any], Callable[[str], Any]], None],
                  report: dict[str, Any], out_file: str | None) -> None:
    """``writer(report, write)`` into ``out_file``, or stdout."""
    if not out_file:
        writer(report, lambda text: click.echo(text, nl=False))
        return
    from cost_gate.errors import UsageError

    try:
        with open(out_file, "w") as handle:
            writer(report, handle.write)
    except OSError as exc:
        raise UsageError(f"cannot write {out_file}: {exc.strerror or exc}") from None


def _write(text: str, out_file: str | None, *, color: bool = False) -> None:
    if not out_file:
        # click strips ANSI codes when stdout is not a terminal unless told otherwise
        click.echo(text, nl=False, color=color or None)
        return
    from pathlib import Path

    from cost_gate.errors import UsageError

    try:
        Path(out_file).write_text(text)
    except OSError as exc:
        raise UsageError(f"cannot write {out_file}: {exc.strerror or exc}") from None
