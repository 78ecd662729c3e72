#!/usr/bin/env python3
"""What usage ranges cost in pricing time, printed as figures.

A resource that reads a range (`{min, max}` in the usage file) is priced three times (point,
low end, high end). This prices generated plans of usage-based resources (NAT gateways, load
balancers, Lambda functions, S3 buckets) in process with a usage file of plain numbers and
with the same keys as ranges, and prints the median time of each and their ratio.

Usage: python benchmarks/bench_ranges.py [--sizes 1000 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_TYPES = (
    ("aws_nat_gateway", {"connectivity_type": "public"}, {"monthly_data_processed_gb": 500}),
    ("aws_lb", {"load_balancer_type": "application"},
     {"new_connections": 50, "processed_bytes_gb": 2}),
    ("aws_lambda_function", {"memory_size": 512, "architectures": ["x86_64"]},
     {"monthly_requests": 20_000_000, "request_duration_ms": 250}),
    ("aws_s3_bucket", {"bucket": "b"}, {"standard": {"storage_gb": 10_000}}),
)


def _plan(size: int) -> dict:
    changes = []
    for i in range(size):
        rtype, after, _ = _TYPES[i % len(_TYPES)]
        changes.append({
            "address": f"{rtype}.bench[{i}]", "mode": "managed", "type": rtype, "name": "bench",
            "index": i, "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": None, "after": after,
                       "after_unknown": {}}})
    return {"format_version": "1.2", "terraform_version": "1.9.8", "resource_changes": changes,
            "configuration": {"provider_config": {"aws": {
                "name": "aws", "expressions": {"region": {"constant_value": "us-east-1"}}}}}}


def _usage(ranged: bool) -> str:
    def value(v):
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        return {"min": v // 2, "max": v * 2} if ranged else v

    return json.dumps({"version": "0.1", "resource_type_default_usage": {
        rtype: value(keys) for rtype, _, keys in _TYPES}})


def _time(plan_path: str, usage_path: str, repeat: int) -> float:
    from cost_gate.api import build_report

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build_report([plan_path], env={}, today=date(2026, 12, 1), usage_file=usage_path,
                     jobs=1)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        point_file, ranged_file = Path(tmp, "point.yml"), Path(tmp, "ranged.yml")
        point_file.write_text(_usage(False))  # JSON is YAML
        ranged_file.write_text(_usage(True))
        print(f"{'resources':>10} {'plain usage':>12} {'ranges':>10} {'ratio':>7}")
        for size in args.sizes:
            plan_path = Path(tmp, f"plan-{size}.json")
            plan_path.write_text(json.dumps(_plan(size)))
            _time(str(plan_path), str(point_file), 1)  # warm the price store and imports
            plain = _time(str(plan_path), str(point_file), args.repeat)
            ranged = _time(str(plan_path), str(ranged_file), args.repeat)
            print(f"{size:>10,} {plain:>11.2f}s {ranged:>9.2f}s {ranged / plain:>6.2f}x")


if __name__ == "__main__":
    main()
