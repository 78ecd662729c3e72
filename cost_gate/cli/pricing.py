"""`cost-gate pricing info|update|verify`: provenance, staleness, refresh and integrity.

Registered by the main CLI from ``cost_gate.cli.pricing:pricing``. Heavy imports (requests,
rich, ijson) happen inside the commands. Failures print one line on stderr and exit with the
documented code (4 for update/verify failures, 2 for bad usage or unreadable data).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from cost_gate.errors import EXIT_PRICING_UPDATE_FAILED, CostGateError

PROVIDER_CHOICE = click.Choice(["aws", "azure", "gcp"])


def _one_line_errors(func):
    """CostGateError (and OS errors) -> `error: ...` on stderr + exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CostGateError as exc:
            click.echo(f"error: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            click.echo(f"error: {exc.strerror or exc}{where}; previous price data kept", err=True)
            sys.exit(EXIT_PRICING_UPDATE_FAILED)
        except KeyboardInterrupt:
            click.echo("error: interrupted; previous price data kept", err=True)
            sys.exit(130)

    return wrapper


def _env(cache_dir: str | None) -> dict[str, str]:
    from cost_gate.pricing.store import ENV_CACHE_DIR

    env = dict(os.environ)
    if cache_dir:
        env[ENV_CACHE_DIR] = cache_dir
    return env


cache_dir_option = click.option(
    "--cache-dir", type=click.Path(file_okay=False), default=None,
    help="Cache base directory (prices go in <dir>/pricing); default $COST_GATE_CACHE_DIR or "
    "the OS user cache dir.",
)
pricing_dir_option = click.option(
    "--pricing-dir", type=click.Path(file_okay=False), default=None,
    help="A price directory (mirror) used before the cache; default $COST_GATE_PRICING_DIR.",
)


@click.group("pricing")
def pricing() -> None:
    """Inspect, refresh and verify the price data."""


@pricing.command("info")
@pricing_dir_option
@cache_dir_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@_one_line_errors
def info_cmd(pricing_dir: str | None, cache_dir: str | None, as_json: bool) -> None:
    """Where the active prices come from, what they cover, and how old they are."""
    from cost_gate.pricing.info import pricing_info, render_info
    from cost_gate.pricing.store import PriceStore

    store = PriceStore.default(pricing_dir=pricing_dir, env=_env(cache_dir))
    info = pricing_info(store)
    if as_json:
        click.echo(json.dumps(info, indent=2, sort_keys=True))
    else:
        click.echo(render_info(info), nl=False)
    for warning in info["warnings"]:
        click.echo(f"warning: {warning}", err=True)


@pricing.command("update")
@click.option("--provider", "providers", multiple=True, type=PROVIDER_CHOICE,
              help="Provider to refresh (repeatable); default aws, azure, and gcp with a key.")
@click.option("--region", "regions", multiple=True,
              help="Region to refresh (repeatable; AWS also accepts 'all'); default the regions "
              "already cached, else us-east-1 / eastus / us-central1.")
@click.option("--service", "services", multiple=True,
              help="Service to refresh (repeatable): ec2 ebs vpc elb rds elasticache eks s3 "
              "lambda sqs ecs apigateway | virtual_machines managed_disks | compute.")
@click.option("--aws-pricing-url", default=None, metavar="URL",
              help="AWS Price List base URL (or $COST_GATE_AWS_PRICING_URL).")
@click.option("--azure-pricing-url", default=None, metavar="URL",
              help="Azure Retail Prices URL (or $COST_GATE_AZURE_PRICING_URL).")
@click.option("--gcp-pricing-url", default=None, metavar="URL",
              help="Cloud Billing Catalog base URL (or $COST_GATE_GCP_PRICING_URL).")
@click.option("--gcp-api-key", default=None, metavar="KEY",
              help="API key for the Cloud Billing Catalog API (or $GOOGLE_API_KEY).")
@click.option("--aws-format", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="Which variant of the AWS offer files to stream.")
@click.option("--retries", type=click.IntRange(1, 10), default=4, show_default=True,
              help="Attempts per request (5xx, 429, resets, truncated bodies).")
@cache_dir_option
@click.option("--offline", is_flag=True, help="Refuse any network access (as COST_GATE_OFFLINE=1).")
@click.option("--quiet", "-q", is_flag=True, help="Only errors.")
@_one_line_errors
def update_cmd(providers, regions, services, aws_pricing_url, azure_pricing_url, gcp_pricing_url,
               gcp_api_key, aws_format, retries, cache_dir, offline, quiet) -> None:
    """Download official prices into the user cache (atomic; old data kept on failure)."""
    from cost_gate.pricing.update import UpdateOptions, run_update
    from cost_gate.pricing.update.http import Fetcher

    env = _env(cache_dir)
    urls = {k: v for k, v in (("aws", aws_pricing_url), ("azure", azure_pricing_url),
                              ("gcp", gcp_pricing_url)) if v}
    opts = UpdateOptions(
        providers=providers, regions=regions, services=services, urls=urls,
        gcp_api_key=gcp_api_key, offline=offline, aws_format=aws_format,
    )

    def log(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    reporter = _ProgressReporter(enabled=not quiet and _interactive())
    fetcher = Fetcher(offline=offline, env=env, attempts=retries)
    try:
        summary = run_update(opts, env=env, fetcher=fetcher, log=reporter.wrap_log(log),
                             progress=reporter)
    finally:
        reporter.close()
    if not quiet:
        if summary.written:
            click.echo(f"updated {len(summary.updated)} source(s), {len(summary.not_modified)} "
                       f"unchanged; {summary.rows} rows in {summary.cache_dir}")
        else:
            click.echo(f"no change; {summary.cache_dir} kept as it was")


@pricing.command("verify")
@pricing_dir_option
@cache_dir_option
@_one_line_errors
def verify_cmd(pricing_dir: str | None, cache_dir: str | None) -> None:
    """Check every active price directory against its manifest (sha256 and row counts)."""
    from cost_gate.errors import PricingUpdateError
    from cost_gate.pricing.store import PriceStore

    store = PriceStore.default(pricing_dir=pricing_dir, env=_env(cache_dir))
    for note in store.problems:  # a repaired interrupted update, a damaged cache
        click.echo(f"user-cache: {note}", err=True)
    failed = 0
    for layer in [*store.layers, *store.damaged]:
        problems = verify_layer(layer.root)
        if problems:
            failed += 1
            for problem in problems:
                click.echo(f"{layer.origin}: {problem}", err=True)
        else:
            files = len(layer.manifest.get("files", {}))
            click.echo(f"{layer.origin}: ok ({files} files) {layer.root}")
    if failed:
        raise PricingUpdateError(f"{failed} price director{'y' if failed == 1 else 'ies'} "
                                 "failed verification")


def verify_layer(root: Path) -> list[str]:
    """Manifest shape and sha256 problems, bad prices, and row-count mismatches."""
    from cost_gate.pricing.dataset import verify_dataset
    from cost_gate.pricing.store import DamagedData, Layer, read_manifest_checked, read_price_file

    problems = verify_dataset(root)
    if problems:
        return problems
    layer = Layer("", root, read_manifest_checked(root))
    for rel, meta in layer.manifest["files"].items():
        try:
            count = len(read_price_file(layer, rel))
        except DamagedData as exc:
            problems.append(str(exc))
            continue
        if "rows" in meta and count != meta["rows"]:
            problems.append(f"{rel}: {count} rows, manifest says {meta['rows']}")
    return problems


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


class _ProgressReporter:
    """A rich progress bar per download on a TTY; nothing (the log lines suffice) otherwise."""

    def __init__(self, enabled: bool, console=None):
        self.enabled = enabled
        self._console = console
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __call__(self, label: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                TransferSpeedColumn(), TimeRemainingColumn(),
                console=self._console or Console(stderr=True), transient=True,
            )
            self._progress.start()
        if label not in self._tasks:
            self._tasks[label] = self._progress.add_task(label, total=total)
        self._progress.update(self._tasks[label], completed=done, total=total)

    def wrap_log(self, log):
        def inner(message: str) -> None:
            if self._progress is not None:
                self._progress.console.print(message, markup=False, highlight=False)
            else:
                log(message)

        return inner

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
