#!/usr/bin/env python3
"""Benchmark the table renderer against the JSON output and print the figures.

For generated plans of 1,000 and 10,000 resources (the mix of benchmarks/bench.py) it prints:
- end-to-end wall time of `python -m cost_gate PLAN --format table` and `--format json`
  (interpreter start, load and estimate included), and their ratio;
- in-process render time of the same report dict as table (default summary), table with
  --show-all, and compact JSON.

Usage: python benchmarks/bench_render.py [--sizes 1000 10000] [--repeat 3]
Target: at 10,000 resources the default table takes no longer than 2x the JSON output.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import make_plan  # noqa: E402


def cli_seconds(path: Path, fmt: str, repeat: int) -> float:
    env = {**os.environ, "COST_GATE_CACHE_DIR": tempfile.mkdtemp(), "COLUMNS": "120"}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cost_gate", str(path), "--format", fmt,
                        "--unpriced", "ignore"], stdout=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def render_seconds(report: dict, repeat: int, **options) -> float:
    from cost_gate.render import render

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render(report, **options)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from cost_gate.api import build_report

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'resources':>9} {'cli table s':>12} {'cli json s':>11} {'ratio':>6} "
          f"{'render table s':>15} {'table --show-all s':>19} {'render json s':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"plan-{n}.json"
            path.write_text(json.dumps(make_plan(n)))
            table = cli_seconds(path, "table", args.repeat)
            as_json = cli_seconds(path, "json", args.repeat)
            report = build_report([str(path)], env={"COST_GATE_CACHE_DIR": tmp})
            summary = render_seconds(report, args.repeat, fmt="table", width=120)
            full = render_seconds(report, args.repeat, fmt="table", width=120, show_all=True)
            raw = render_seconds(report, args.repeat, fmt="json")
            print(f"{n:>9} {table:>12.3f} {as_json:>11.3f} {table / as_json:>5.2f}x "
                  f"{summary:>15.4f} {full:>19.3f} {raw:>14.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
