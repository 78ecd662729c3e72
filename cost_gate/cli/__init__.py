"""The `cost-gate` command line: a thin layer over :mod:`cost_gate.api`.

Sub-commands are imported only when used, so `cost-gate plan.json` starts fast.
`cost-gate PLAN.json` is shorthand for `cost-gate check PLAN.json`.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

import click

from cost_gate import __version__

# command name -> "module:attribute"
COMMANDS = {
    "check": "cost_gate.cli.check:check",
    "render": "cost_gate.cli.check:render_cmd",
    "diff": "cost_gate.cli.diff:diff",
    "merge": "cost_gate.cli.merge:merge",
    "comment": "cost_gate.cli.comment:comment",
    "pricing": "cost_gate.cli.pricing:pricing",
    "usage": "cost_gate.cli.usage:usage",
    "resources": "cost_gate.cli.resources:resources",
}


class LazyGroup(click.Group):
    """Loads sub-commands on demand; unknown first arguments go to `check`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lead = []
        while args and args[0] == "--offline":
            lead.append(args.pop(0))
        if args and args[0] not in COMMANDS and args[0] not in ("--help", "-h", "--version"):
            _refuse_mistyped_command(args[0])
            args = ["check", *args]
        args = [*lead, *args]
        return super().parse_args(ctx, args)


def _refuse_mistyped_command(word: str) -> None:
    """`cost-gate chek plan.json`: a first word that is neither a command nor a file."""
    if word.startswith("-") or word == "-" or os.path.exists(word):
        return
    if os.sep in word or "." in word:  # a path: `check` will say it does not exist
        return
    import difflib

    from cost_gate.errors import UsageError

    close = difflib.get_close_matches(word, list(COMMANDS), n=1, cutoff=0.6)
    hint = f"did you mean `cost-gate {close[0]}`?" if close else (
        f"commands: {', '.join(sorted(COMMANDS))}; or give a plan JSON, a state JSON or a "
        "directory")
    raise UsageError(f"no such command or file: {word!r}", hint=hint)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cost-gate")
@click.option("--offline", is_flag=True,
              help="Guarantee no network access (same as COST_GATE_OFFLINE=1).")
def cli(offline: bool) -> None:
    """Price Terraform changes, show the monthly cost delta, and gate the build on budgets.

    \b
    Exit codes: 0 gate passed (or warned), 1 gate failed, 2 bad usage or bad input,
    3 posting the PR comment failed while the gate passed, 4 price update/verify failed,
    5 internal error.
    """
    if offline:
        os.environ["COST_GATE_OFFLINE"] = "1"


def _tolerant_streams() -> None:
    """Characters the output's encoding cannot hold (an emoji under LANG=C or a cp1252
    console, a lone surrogate from a damaged plan) are written as "?" instead of raising
    UnicodeEncodeError: the report is still shown and the exit code still the gate's."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # e.g. a closed or detached stream
                pass


def main() -> None:
    """Console entry point: expected errors become one line and an exit code."""
    from cost_gate.errors import CostGateError
    from cost_gate.inputs import document

    _tolerant_streams()
    # This process prices once and ends: the decoded plan leaves the cyclic collector's
    # watch (see FREEZE_AFTER_DECODE), and collections run 300x less often (the estimate
    # allocates millions of small containers and next to no cycles; each collection walked
    # them all again: a quarter of the time of a 10,000-resource plan).
    document.FREEZE_AFTER_DECODE = True
    gc.set_threshold(200_000, 50, 50)
    try:
        result = cli.main(standalone_mode=False, prog_name="cost-gate")
    except CostGateError as exc:
        click.echo(f"error: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks
        if os.environ.get("COST_GATE_DEBUG"):
            raise
        click.echo(f"error: internal error ({type(exc).__name__}: {exc}); "
                   "set COST_GATE_DEBUG=1 for details", err=True)
        sys.exit(5)
    # With standalone_mode=False click returns ctx.exit()'s code instead of exiting.
    sys.exit(result if isinstance(result, int) else 0)
