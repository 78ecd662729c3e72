#!/usr/bin/env python3
"""Benchmark cost-gate on generated plans and print the figures.

For plans of 1, 100, 1,000 and 10,000 priced resources it prints:
- end-to-end wall time of `python -m cost_gate PLAN --format json` (interpreter start included)
  and that process's peak memory (max RSS),
- in-process time of load + estimate + JSON render, next to a bare `json.loads` of the same file.

Usage: python benchmarks/bench.py [--sizes 1 100 1000 10000] [--repeat 3]
Targets (2-core machine): 1-resource plan end-to-end <= 0.4 s; 10,000-resource plan in-process
<= 3x the bare parse time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_INSTANCE_TYPES = ("m5.large", "t3.micro", "c6i.xlarge", "r6g.2xlarge", "m7g.medium")


def _change(i: int) -> dict:
    """A realistic mix: instances with volumes, standalone volumes, NAT gateways, LBs, free types."""
    kind = i % 10
    address_i = f"[{i}]"
    if kind < 5:
        rtype, after = "aws_instance", {
            "instance_type": _INSTANCE_TYPES[i % len(_INSTANCE_TYPES)], "tenancy": "default",
            "ami": "ami-0123456789abcdef0", "tags": {"Name": f"node-{i}"},
            "root_block_device": [{"volume_size": 20 + i % 50, "volume_type": "gp3"}],
            "ebs_block_device": [{"device_name": "/dev/sdf", "volume_size": 100,
                                  "volume_type": "gp2"}],
        }
        unknown = {"id": True, "arn": True, "private_ip": True}
    elif kind < 8:
        rtype, after = "aws_ebs_volume", {"size": 50 + i % 500, "type": "gp3", "iops": 3000 + i,
                                          "throughput": 125, "availability_zone": "us-east-1a"}
        unknown = {"id": True}
    elif kind == 8:
        rtype, after = "aws_nat_gateway", {"connectivity_type": "public"}
        unknown = {"id": True, "subnet_id": True}
    else:
        rtype, after = "aws_lb", {"load_balancer_type": "application", "internal": False}
        unknown = {"id": True, "arn": True, "dns_name": True}
    return {
        "address": f"{rtype}.bench{address_i}", "mode": "managed", "type": rtype,
        "name": "bench", "index": i, "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": None, "after": after,
                   "after_unknown": unknown, "before_sensitive": False, "after_sensitive": {}},
    }


def make_plan(n: int) -> dict:
    return {
        "format_version": "1.2", "terraform_version": "1.9.8",
        "resource_changes": [_change(i) for i in range(n)],
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
            "region": {"constant_value": "us-east-1"}}}}, "root_module": {}},
    }


def end_to_end(path: Path, repeat: int) -> tuple[float, float]:
    """Median wall seconds and peak RSS (MiB) of the CLI on ``path``."""
    times = []
    peak = 0.0
    env = {**os.environ, "COST_GATE_CACHE_DIR": tempfile.mkdtemp()}
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "cost_gate", str(path), "--format", "json"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"cost-gate failed on {path}: {proc.stderr.read().decode()}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def in_process(path: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of (load + estimate + JSON render) and of a bare json.loads."""
    from cost_gate.api import build_report

    text = path.read_text()
    parse, full = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        json.loads(text)
        parse.append(time.perf_counter() - start)
        start = time.perf_counter()
        json.dumps(build_report([str(path)], env={"COST_GATE_CACHE_DIR": tempfile.mkdtemp()}))
        full.append(time.perf_counter() - start)
    return statistics.median(full), statistics.median(parse)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'resources':>9} {'file MB':>8} {'e2e s':>7} {'peak MiB':>9} "
          f"{'pipeline s':>11} {'json.loads s':>13} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"plan-{n}.json"
            path.write_text(json.dumps(make_plan(n)))
            wall, peak = end_to_end(path, args.repeat)
            full, parse = in_process(path, args.repeat)
            size = path.stat().st_size / 1e6
            print(f"{n:>9} {size:>8.2f} {wall:>7.3f} {peak:>9.1f} {full:>11.3f} "
                  f"{parse:>13.4f} {full / parse:>6.1f}x")
    print("resource.getrusage self max RSS (MiB):",
          round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
