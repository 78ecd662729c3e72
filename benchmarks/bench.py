#!/usr/bin/env python3
"""Benchmark cost-gate on generated plans and print the figures, whole process measured.

Two plan shapes (--shape):
- real (default): replicated from a real `terraform show -json` output of common AWS types
  (benchmarks/real_plan.py says how), about 6.7 KB of plan JSON per resource, as big plans weigh;
- small: the earlier generator below, about 0.5 KB per resource (kept for continuity: it
  understates the parse and so overstates cost-gate's share).

For each size it prints the median wall time of a bare `python -c 'json.load(...)' PLAN` and of
`cost-gate PLAN --format json > /dev/null` (interpreter start included on both sides), their
ratio (and the ratio of their CPU time, user + system, steadier on a shared machine), and the
peak RSS of both processes; then the 1-resource wall time and, when 10,000 and
a larger size is measured, the time ratio of the largest to 10,000 (its size ratio is linear).
A realistic plan of 100,000 resources is about 670 MB; cost-gate reads plans in sections
(cost_gate/inputs/sections.py) up to its plan size limit (MAX_PLAN_BYTES, 4 GiB). The bare
json.load of such a plan needs about 2.8 GiB: on a small machine pass --no-baseline for the
sizes where only cost-gate's figures are wanted.

Usage: python benchmarks/bench.py [--shape real|small] [--sizes 1 1000 10000 100000] [--repeat 5]
Targets (issue 12, 2-core machine): 10,000 resources <= 2x json.load; 100,000 resources under
1 GiB peak RSS and linear time; 1-resource plan <= 0.25 s.
"""

from __future__ import annotations

import argparse
import compileall
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

from benchmarks.real_plan import write_real_plan  # noqa: E402
from cost_gate.limits import MAX_PLAN_BYTES  # noqa: E402

_INSTANCE_TYPES = ("m5.large", "t3.micro", "c6i.xlarge", "r6g.2xlarge", "m7g.medium")
JSON_LOAD = "import json,sys; json.load(open(sys.argv[1]))"


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




def cost_gate_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m cost_gate`."""
    script = Path(sys.executable).with_name("cost-gate")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cost_gate"]


def run(argv: list[str], repeat: int, env: dict[str, str] | None = None
        ) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds (user + system) and peak RSS (MiB) of ``argv``
    (stdout to /dev/null); exit 0 or 1 (a failed gate) count as success."""
    times, cpu, peak = [], [], 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode()}")
        proc.stderr.close()
        cpu.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), statistics.median(cpu), peak


def cost_gate_env() -> dict[str, str]:
    return {**os.environ, "COST_GATE_CACHE_DIR": tempfile.mkdtemp(), "COLUMNS": "120"}


def write_plan(path: Path, n: int, shape: str) -> int:
    if shape == "real":
        return write_real_plan(path, n)
    path.write_text(json.dumps(make_plan(n)))
    return path.stat().st_size


def compile_bytecode() -> None:
    """Byte-compile cost_gate as `pip install` does for an installed package, so that start-up
    is measured as users meet it even where PYTHONDONTWRITEBYTECODE keeps an editable checkout
    from caching bytecode (the compiler's time would otherwise be counted on every run)."""
    compileall.compile_dir(ROOT / "cost_gate", quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=("real", "small"), default="real")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the bare json.load runs (they need ~4x the plan in memory)")
    args = parser.parse_args()
    compile_bytecode()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.shape} plan shape, "
          f"median of {args.repeat}")
    print(f"{'resources':>9} {'file MB':>8} {'json.load s':>12} {'cost-gate s':>12} {'ratio':>6} "
          f"{'CPU ratio':>9} {'json.load MiB':>14} {'cost-gate MiB':>14}")
    walls: dict[int, float] = {}
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"plan-{n}.json"
            size = write_plan(path, n, args.shape) / 1e6
            if size * 1e6 > MAX_PLAN_BYTES:
                print(f"{n:>9} {size:>8.1f}  not run: over cost-gate's input limit of "
                      f"{MAX_PLAN_BYTES / 2**20:.0f} MiB (cost_gate/limits.py)", flush=True)
                path.unlink()
                continue
            repeat = args.repeat if n < 50000 else max(1, min(args.repeat, 3))
            wall, cpu, peak = run([*cost_gate_command(), str(path), "--format", "json"], repeat,
                                  env=cost_gate_env())
            walls[n] = wall
            peaks[n] = peak
            if args.no_baseline:
                print(f"{n:>9} {size:>8.1f} {'-':>12} {wall:>12.3f} {'-':>6} {'-':>9} "
                      f"{'-':>14} {peak:>14.0f}", flush=True)
            else:
                bare, bare_cpu, bare_peak = run([sys.executable, "-c", JSON_LOAD, str(path)],
                                                repeat)
                print(f"{n:>9} {size:>8.1f} {bare:>12.3f} {wall:>12.3f} {wall / bare:>5.2f}x "
                      f"{cpu / bare_cpu:>8.2f}x {bare_peak:>14.0f} {peak:>14.0f}", flush=True)
            path.unlink()
    if 1 in walls:
        print(f"1-resource plan: {walls[1]:.3f} s (target <= 0.25 s)")
    if not walls:
        return 0
    largest = max(walls)
    if 10000 in walls and largest > 10000:
        print(f"{largest:,}/10,000 time ratio: {walls[largest] / walls[10000]:.1f} "
              f"({largest / 10000:g} is linear)")
    if 100000 in peaks:
        print(f"100,000-resource plan: peak {peaks[100000]:.0f} MiB (target < 1024 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
