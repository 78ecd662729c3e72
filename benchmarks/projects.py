#!/usr/bin/env python3
"""Benchmark many-project runs: discovery, then pricing in one process vs a process pool.

Generates a monorepo of N Terraform roots (each a provider block, a local module call and
R resources) plus N/4 Terragrunt leaves, then prints, for each job count, the wall time of
`cost-gate check DIR --format json` as a whole process (interpreter start included), and the
time of discovery alone.

Usage: python benchmarks/projects.py [--roots 40] [--resources 25] [--jobs 1 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODULE = """\
variable "instance_type" {
  type = string
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = var.instance_type

  root_block_device {
    volume_type = "gp3"
    volume_size = 30
  }
}
"""


def make_tree(base: Path, roots: int, resources: int) -> None:
    (base / "modules" / "app").mkdir(parents=True)
    (base / "modules" / "app" / "main.tf").write_text(MODULE)
    for i in range(roots):
        root = base / "envs" / f"env{i:03d}"
        root.mkdir(parents=True)
        lines = ['provider "aws" {\n  region = "us-east-1"\n}\n',
                 'module "app" {\n  source        = "../../modules/app"\n'
                 '  instance_type = "m5.large"\n}\n']
        for j in range(resources):
            lines.append(f'resource "aws_ebs_volume" "v{j}" {{\n  availability_zone = '
                         f'"us-east-1a"\n  size = {10 + j}\n  type = "gp3"\n}}\n')
        (root / "main.tf").write_text("\n".join(lines))
    live = base / "live"
    live.mkdir()
    (live / "root.hcl").write_text(
        'generate "provider" {\n  path = "provider.tf"\n  if_exists = "overwrite"\n'
        '  contents = "provider \\"aws\\" {\\n  region = \\"us-west-2\\"\\n}\\n"\n}\n')
    for i in range(max(1, roots // 4)):
        leaf = live / f"unit{i:03d}"
        leaf.mkdir()
        (leaf / "terragrunt.hcl").write_text(
            'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n'
            'terraform {\n  source = "../../modules//app"\n}\n'
            'inputs = {\n  instance_type = "t3.medium"\n}\n')


def timed(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roots", type=int, default=40)
    parser.add_argument("--resources", type=int, default=25)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    opts = parser.parse_args()
    from cost_gate.inputs.discovery import discover_projects

    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "monorepo"
        make_tree(tree, opts.roots, opts.resources)
        start = time.perf_counter()
        specs = discover_projects(str(tree))
        discovery = time.perf_counter() - start
        print(f"{len(specs)} projects ({opts.roots} roots x {opts.resources + 1} resources, "
              f"{len(specs) - opts.roots} Terragrunt leaves); discovery {discovery * 1000:.0f} ms")
        base = None
        for jobs in opts.jobs:
            wall = timed([sys.executable, "-m", "cost_gate", "check", str(tree), "--format",
                          "json", "--jobs", str(jobs)], opts.repeat)
            base = base or wall
            print(f"--jobs {jobs}: {wall:.2f} s wall (median of {opts.repeat}), "
                  f"{base / wall:.2f}x of --jobs {opts.jobs[0]}")


if __name__ == "__main__":
    main()
