"""The mutation fuzzer in CI: thousands of damaged plans, states and .tf directories through
`cost-gate check`, with zero internal errors (exit 5), hangs or non-strict JSON reports.

A fixed seed keeps CI reproducible; `scripts/fuzz.py --seed N --cases M` runs longer
campaigns. Two worker processes share the cases (the machine has two cores).
"""

from __future__ import annotations

import multiprocessing

from tests.fuzz.mutate import run_worker

SEED = 13
PLAN_CASES = 1000  # per worker
TF_CASES = 60  # per worker
WORKERS = 2


def test_mutation_fuzz_finds_no_internal_error_or_hang():
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS) as pool:
        results = pool.map(run_worker, [(SEED + i, PLAN_CASES, TF_CASES)
                                        for i in range(WORKERS)])
    failures = [line for result in results for line in result]
    assert not failures, "\n".join(failures[:30])
