#!/usr/bin/env python3
"""Longer fuzzing runs than CI's: the mutation fuzzer and the hypothesis property tests.

    python scripts/fuzz.py                         # 10,000 mutated inputs, a random seed
    python scripts/fuzz.py --seed 7 --plans 50000 --tf 2000 --workers 2
    python scripts/fuzz.py --real-limits           # the shipped instance/module caps
    python scripts/fuzz.py --hypothesis            # also the property tests, `long` profile
    python scripts/fuzz.py --walk 400              # also the corpus walk: 400 damaged plans
                                                   # (+ .tf dirs, reports, usage, configs)
                                                   # through check/diff/render/comment/merge

Prints the outcome counts, the slowest cases and every failure (internal error, escaped
exception, hang, non-strict JSON report), and exits 1 when there was any. A failing case is
reproduced with the same --seed (the case number is in the report).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _work(args: tuple[int, int, int, bool]) -> tuple[Counter, list[tuple[float, str]], list[str]]:
    from cost_gate import limits
    from tests.fuzz.mutate import campaign

    seed, plans, tfs, real_limits = args
    os.environ["COST_GATE_RULE_SAFETY_NET"] = "0"  # a rule that raises is a finding
    if not real_limits:
        limits.MAX_INSTANCES_PER_RESOURCE = 500
        limits.MAX_MODULE_INSTANCES = 50
        limits.MAX_MODULES_TOTAL = 200
    codes: Counter = Counter()
    slow: list[tuple[float, str]] = []

    def on_case(case, outcome):
        codes[outcome.code] += 1
        slow.append((outcome.seconds, case))
        slow.sort(reverse=True)
        del slow[5:]

    with tempfile.TemporaryDirectory() as work:
        failures = campaign(Path(work), seed=seed, plan_cases=plans, tf_cases=tfs,
                            on_case=on_case)
    return codes, slow, [f"{f.case}\n    -> exit {f.outcome.code}: {f.outcome.message}"
                         for f in failures]


def _walk(seed: int, plans: int) -> int:
    from cost_gate import limits
    from tests.fuzz.corpus import strict_environment, walk

    os.environ.update(strict_environment())
    limits.MAX_INSTANCES_PER_RESOURCE = 500
    limits.MAX_MODULE_INSTANCES = 50
    limits.MAX_MODULES_TOTAL = 200
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        failures, runs = walk(Path(work), seed=seed, plans=plans, tf_dirs=max(1, plans // 10))
    print(f"corpus walk: {runs} runs in {time.monotonic() - start:.0f} s, "
          f"{len(failures)} failure(s)")
    for line in failures:
        print("  " + line)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--plans", type=int, default=9_000, help="mutated plan/state cases")
    parser.add_argument("--tf", type=int, default=1_000, help="mutated .tf directory cases")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--real-limits", action="store_true",
                        help="keep the shipped instance/module caps (slower cases)")
    parser.add_argument("--hypothesis", action="store_true",
                        help="also run tests/fuzz with the `long` hypothesis profile")
    parser.add_argument("--walk", type=int, default=0, metavar="PLANS",
                        help="also walk a corpus of PLANS damaged plans (and PLANS/10 .tf "
                             "dirs, damaged reports, hostile usage/config files) through "
                             "every command")
    opts = parser.parse_args()
    seed = opts.seed if opts.seed is not None else random.randrange(1 << 30)
    cache = tempfile.TemporaryDirectory(prefix="cost-gate-fuzz-")  # never the user's cache
    os.environ["COST_GATE_CACHE_DIR"] = cache.name
    workers = max(1, opts.workers)
    shares = [(seed + i, opts.plans // workers, opts.tf // workers, opts.real_limits)
              for i in range(workers)]
    print(f"seed {seed}: {opts.plans} plan cases, {opts.tf} .tf cases, {workers} worker(s)")
    start = time.monotonic()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        results = pool.map(_work, shares)
    codes: Counter = Counter()
    slow: list[tuple[float, str]] = []
    failures: list[str] = []
    for part_codes, part_slow, part_failures in results:
        codes.update(part_codes)
        slow.extend(part_slow)
        failures.extend(part_failures)
    print(f"{sum(codes.values())} cases in {time.monotonic() - start:.0f} s; exit codes: "
          + ", ".join(f"{code}: {n}" for code, n in sorted(codes.items())))
    print("slowest:")
    for seconds, case in sorted(slow, reverse=True)[:5]:
        print(f"  {seconds:6.1f} s  {case}")
    status = 0
    if failures:
        status = 1
        print(f"{len(failures)} failure(s):")
        for line in failures:
            print("  " + line)
    if opts.walk:
        status = _walk(seed, opts.walk) or status
    if opts.hypothesis:
        env = {**os.environ, "COST_GATE_HYPOTHESIS_PROFILE": "long"}
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/fuzz",
                               "-k", "not mutation_fuzz"], cwd=ROOT, env=env)
        status = status or (1 if proc.returncode else 0)
    cache.cleanup()
    return status


if __name__ == "__main__":
    sys.exit(main())
