"""`cost-gate resources`: the resource types cost-gate prices, per provider."""

from __future__ import annotations

import click

from cost_gate.cli.options import FORMAT_CHOICE


@click.command("resources")
@click.option("--provider", default=None, metavar="P",
              help="Only this provider: aws, google or azurerm.")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="table", show_default=True)
@click.option("--out-file", "-o", default=None, help="Write the output here instead of stdout.")
def resources(provider: str | None, fmt: str, out_file: str | None) -> None:
    """List the resource types cost-gate prices, prices from usage only, knows to be free,
    or knows but has no price data for.

    \b
      cost-gate resources --provider aws
      cost-gate resources --format markdown -o docs/supported-resources.md
    Exit codes: 0 listed, 2 bad usage.
    """
    from cost_gate.api import resource_catalogue
    from cost_gate.rules.catalogue import render

    text = render(resource_catalogue(provider), fmt)
    if out_file:
        from pathlib import Path

        try:
            Path(out_file).write_text(text, encoding="utf-8")
        except OSError as exc:
            from cost_gate.errors import InputError

            raise InputError(f"cannot write {out_file}: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False)
