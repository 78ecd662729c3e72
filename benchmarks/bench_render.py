#!/usr/bin/env python3
"""Benchmark the human outputs against the JSON output and print the figures.

For realistic plans (benchmarks/real_plan.py) of 1,000 and 10,000 resources it prints the median
wall time of whole processes (interpreter start, load and estimate included):
`cost-gate PLAN --format json`, `--format markdown`, `--format table`, and the PR comment body
as posted (`cost-gate comment github --report PLAN --dry-run` with a repository, pull request and
token set as in CI: the body is trimmed to GitHub's size limit), each with its ratio to the JSON
output; then, in process, the render time of the same report dict in each format.

Usage: python benchmarks/bench_render.py [--sizes 1000 10000] [--repeat 3]
Target (issue 12): at 10,000 resources markdown and the comment take at most 2x the JSON output.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import compile_bytecode, cost_gate_command, cost_gate_env, run  # noqa: E402
from benchmarks.real_plan import write_real_plan  # noqa: E402

# what a GitHub Actions pull_request job provides; nothing is posted (--dry-run)
CI_ENV = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/infra",
          "GITHUB_EVENT_NAME": "pull_request", "GITHUB_REF": "refs/pull/42/merge",
          "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567", "GITHUB_TOKEN": "dry-run"}


def commands(path: Path) -> dict[str, list[str]]:
    cli = [*cost_gate_command()]
    return {
        "json": [*cli, str(path), "--format", "json"],
        "markdown": [*cli, str(path), "--format", "markdown"],
        "table": [*cli, str(path), "--format", "table"],
        "comment": [*cli, "comment", "github", "--report", str(path), "--dry-run",
                    "--commit-time", "2026-12-01T00:00:00Z"],
    }


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
    compile_bytecode()
    from cost_gate.api import build_report

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, real plan shape, "
          f"median of {args.repeat}")
    print(f"{'resources':>9} {'json s':>7} {'markdown s':>11} {'ratio':>6} {'comment s':>10} "
          f"{'ratio':>6} {'table s':>8} {'ratio':>6} | in process: {'json':>6} "
          f"{'markdown':>8} {'table':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"plan-{n}.json"
            write_real_plan(path, n)
            env = {**cost_gate_env(), **CI_ENV}
            wall = {name: run(argv, args.repeat, env=env)[0]
                    for name, argv in commands(path).items()}
            report = build_report([str(path)], env={"COST_GATE_CACHE_DIR": tmp})
            raw = render_seconds(report, args.repeat, fmt="json")
            md = render_seconds(report, args.repeat, fmt="markdown")
            table = render_seconds(report, args.repeat, fmt="table", width=120)
            base = wall["json"]
            print(f"{n:>9} {base:>7.3f} {wall['markdown']:>11.3f} {wall['markdown'] / base:>5.2f}x "
                  f"{wall['comment']:>10.3f} {wall['comment'] / base:>5.2f}x "
                  f"{wall['table']:>8.3f} {wall['table'] / base:>5.2f}x | {raw:>18.3f} "
                  f"{md:>8.3f} {table:>6.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
