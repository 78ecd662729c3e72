"""The Azure/GCP snapshot adapters and the update path agree on names, units and prices."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cost_gate.pricing.snapshot_azure_gcp import read_azure_gcp_rows
from tests.pricing_update.conftest import GCP_KEY
from tests.pricing_update.helpers import cache_dir, read_rows, update

SHARED = Path(os.environ.get("COST_GATE_SHARED") or Path(__file__).resolve().parents[3] / "shared")


@pytest.fixture(scope="module")
def saved_rows():
    if not (SHARED / "pricing-sources" / "azure").is_dir():
        pytest.skip("../shared/pricing-sources not available")
    rows = {}
    for row in read_azure_gcp_rows(SHARED):
        if row.region in ("westeurope", "us-central1"):
            rows[(row.provider, row.service, row.region, row.product, row.attrs)] = row
    return rows


def _compare(updated, saved_rows):
    matched = 0
    for row in updated:
        saved = saved_rows.get((row.provider, row.service, row.region, row.product, row.attrs))
        if saved is not None:
            assert (saved.unit, saved.usd_price) == (row.unit, row.usd_price), row
            matched += 1
    return matched


def test_azure_update_equals_saved_sources(fake, env, saved_rows):
    update(env, providers=["azure"], regions=["westeurope"])
    root = cache_dir(env)
    vms = read_rows(root, "azure", "virtual_machines", "westeurope")
    disks = read_rows(root, "azure", "managed_disks", "westeurope")
    assert _compare(vms, saved_rows) == 3  # D2s_v5 Linux and Windows, D4s_v5 Linux
    assert _compare(disks, saved_rows) == 3  # P10_LRS, E10_LRS, Premium SSD v2 capacity


def test_gcp_update_equals_saved_sources(fake, env, saved_rows):
    update(env, providers=["gcp"], regions=["us-central1"], gcp_api_key=GCP_KEY)
    rows = read_rows(cache_dir(env), "gcp", "compute", "us-central1")
    instances = [r for r in rows if r.product == "instance"]
    # every derived e2/n2 shape equals the saved per-machine-type price
    assert _compare(instances, saved_rows) == len(instances) > 20
    assert _compare([r for r in rows if r.product == "disk"], saved_rows) == 2


def test_machine_shapes_match_the_saved_specs():
    """vCPU and memory of every derived shape equal Cyclenerd's pricing.yml (cpu, ram)."""
    import re
    from decimal import Decimal

    from cost_gate.pricing.gcp_mapper import MACHINE_SHAPES

    path = SHARED / "pricing-sources" / "gcp" / "pricing.yml"
    if not path.is_file():
        pytest.skip("../shared/pricing-sources not available")
    specs: dict[str, dict[str, str]] = {}
    current = None
    for line in path.read_text().splitlines():
        head = re.match(r"^    ([a-z0-9-]+):\s*$", line)
        if head:
            current = head.group(1)
            continue
        spec = re.match(r"^      (cpu|ram):\s*([\d.]+)", line)
        if spec and current:
            specs.setdefault(current, {})[spec.group(1)] = spec.group(2)
    for machine, (_family, vcpus, gib) in MACHINE_SHAPES.items():
        assert (Decimal(specs[machine]["cpu"]), Decimal(specs[machine]["ram"])) == (vcpus, gib)


def test_progress_bar_renders_on_a_terminal():
    import io

    from rich.console import Console

    from cost_gate.cli.pricing import _ProgressReporter

    out = io.StringIO()
    reporter = _ProgressReporter(enabled=True, console=Console(file=out, force_terminal=True))
    reporter("aws AmazonEC2 us-east-1", 10, 100)
    reporter("aws AmazonEC2 us-east-1", 100, 100)
    reporter.wrap_log(lambda m: None)("aws AmazonEC2 us-east-1: 100 bytes, 3 rows")
    reporter.close()
    assert reporter._progress is None
    assert "100 bytes, 3 rows" in out.getvalue()
