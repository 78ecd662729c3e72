"""The fuzz corpus walked through every command (issue 13): damaged plans (the mutation
fuzzer's, plus hostile values inside resource attributes), damaged .tf directories, hostile
usage files and ``.cost-gate.yml`` configs (YAML ``.nan``/``.inf``, huge numbers, deep
nesting, anchor/alias bombs, recursive anchors, files that are ``/dev/zero``), and damaged
saved reports. :func:`walk` runs ``check``, ``diff``, ``render``, ``comment --dry-run`` and
``merge`` on them in this process and returns the cases that ended in an internal error
(exit 5), an escaped exception, a hang or a non-strict JSON report.

Used by ``tests/fuzz/test_corpus_walk.py`` (fixed seed, CI) and ``scripts/fuzz.py --walk``.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.fuzz.mutate import (
    CONFUSING,
    PLAN_SEEDS,
    TF_SEEDS,
    _get,
    _paths,
    _set,
    is_failure,
    mutate_document,
    mutate_tf_dir,
    run_cli,
)

ROOT = Path(__file__).resolve().parents[2]
ATTRIBUTE_VALUES: list[Any] = [*CONFUSING, -5, -1e9, 1e308, 10**30, "NaN", "-1", [{}],
                               {"0": [1]}, "\u202e\n" * 50]

_BOMB = "".join(f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]\n"
                for p, n in zip("abcdefgh", "bcdefghi", strict=True))
_BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + _BOMB
USAGE_FILES: dict[str, str] = {
    "nan": "version: 1\nresource_usage:\n  aws_nat_gateway.main:\n"
           "    monthly_data_processed_gb: .nan\n  module.web.aws_lb.app:\n"
           "    capacity_units_per_hour: .inf\nresource_type_default_usage:\n"
           "  aws_nat_gateway:\n    monthly_data_processed_gb: -.inf\n",
    "huge": "version: 1\nresource_usage:\n  aws_nat_gateway.main:\n"
            "    monthly_data_processed_gb: " + "9" * 5000 + "\n",
    "big_float": "version: 1\nresource_usage:\n  aws_nat_gateway.main:\n"
                 "    monthly_data_processed_gb: 1e308\n  module.web.aws_lb.app:\n"
                 "    capacity_units_per_hour: 1.0e+300\n",
    "negative": "version: 1\nresource_usage:\n  aws_nat_gateway.main:\n"
                "    monthly_data_processed_gb: -2500\n",
    "deep": "version: 1\nresource_usage: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep_map": "version: 1\nresource_usage:\n" + "".join(
        "  " * (i + 1) + f"k{i}:\n" for i in range(200)) + "  " * 201 + "x: 1\n",
    "bomb": "version: 1\n" + _BOMB + "resource_usage:\n  aws_nat_gateway.main: *i\n",
    "recursive": "version: 1\nresource_usage: &r\n  aws_nat_gateway.main: *r\n",
    "types": "version: 1\nresource_usage:\n  aws_nat_gateway.main: [1, 2]\n"
             "  module.web.aws_lb.app:\n    capacity_units_per_hour: {a: 1}\n"
             "resource_type_default_usage: 7\n",
    "root_list": "- 1\n- 2\n",
    "ranges": "version: 1\nresource_usage:\n  aws_nat_gateway.main:\n"
              "    monthly_data_processed_gb: {low: .nan, high: -1}\n",
    "binary": "version: 1\nresource_usage: !!binary AAAA\n",
    "python_tag": "version: 1\nresource_usage: !!python/object/apply:os.system ['true']\n",
    "timestamp": "version: 1\nresource_usage:\n  aws_nat_gateway.main:\n"
                 "    monthly_data_processed_gb: 2001-12-14t21:59:43.10-05:00\n",
}
CONFIG_FILES: dict[str, str] = {
    "nan": "version: 1\nbudgets:\n  - name: a\n    max-increase: .nan\n"
           "  - name: b\n    warn-total: .inf\n",
    "negative_inf": "version: 1\nbudgets:\n  - name: c\n    max-total: -.inf\n",
    "huge": "version: 1\nbudgets:\n  - name: a\n    max-increase: " + "9" * 5000 + "\n",
    "big_float": "version: 1\nbudgets:\n  - name: a\n    max-increase: 1e999\n",
    "deep": "version: 1\nbudgets: " + "[" * 5000 + "]" * 5000 + "\n",
    "bomb": "version: 1\nx-anchors:\n" + "".join(f"  {line}\n" for line in
                                                 _BOMB.strip().splitlines()) + "budgets: *i\n",
    "recursive": "version: 1\nbudgets: &b [*b]\n",
    "types": "version: 1\nregion: [1]\nunpriced: 3\nmax-price-age: {}\njobs: .nan\n",
    "tag_policy": "version: 1\ntag-policy:\n  required: [team]\n"
                  "  allowed: {team: '^(a+)+$'}\n",
    "unicode": "version: 1\nregion: \"\\u202e\\0\"\nbudgets:\n  - name: \"@here <b>|\"\n"
               "    max-increase: 1\n",
    "root_scalar": "42\n",
}


def _attribute_damage(doc: Any, rng: random.Random) -> tuple[str, str]:
    """A hostile value at a random path inside a resource's planned attributes."""
    doc = copy.deepcopy(doc)
    paths = [p for p in _paths(doc) if len(p) >= 5 and p[0] == "resource_changes"
             and p[2] == "change" and p[3] in ("after", "before")]
    if not paths:
        return mutate_document(doc, rng)
    path = rng.choice(paths)
    value = copy.deepcopy(rng.choice(ATTRIBUTE_VALUES))
    _get(doc, path[:-1])  # the parent exists
    return f"attribute {path} -> {value!r}"[:200], json.dumps(_set(doc, path, value))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def corpus(workdir: Path, *, seed: int, plans: int, tf_dirs: int) -> Iterator[tuple[str, Path]]:
    """(description, path) of every corpus input, written below ``workdir``."""
    rng = random.Random(seed)
    docs = [json.loads(p.read_text()) for p in PLAN_SEEDS if p.is_file()]
    for n in range(plans):
        mutate = _attribute_damage if n % 2 == 0 else mutate_document
        description, text = mutate(rng.choice(docs), rng)
        yield f"plan #{n}: {description}", _write(workdir / f"plan{n}.json", text)
    seeds = [p for p in TF_SEEDS if p.is_dir()]
    for n in range(tf_dirs):
        target = workdir / f"tf{n}"
        yield f"tf #{n}: {mutate_tf_dir(rng.choice(seeds), target, rng)}", target


def yaml_inputs(workdir: Path) -> Iterator[tuple[str, str, Path]]:
    """(kind, name, path): the hostile usage files and configs, and each as /dev/zero."""
    for kind, files in (("usage", USAGE_FILES), ("config", CONFIG_FILES)):
        for name, text in files.items():
            yield kind, name, _write(workdir / f"{kind}-{name}.yml", text)
        zero = workdir / f"{kind}-dev-zero.yml"
        if not zero.exists() and Path("/dev/zero").exists():
            zero.symlink_to("/dev/zero")
            yield kind, "dev-zero", zero


def walk(workdir: Path, *, seed: int, plans: int, tf_dirs: int) -> tuple[list[str], int]:
    """Run every command on the corpus; (failures, number of runs)."""
    failures: list[str] = []
    runs = 0
    example = ROOT / "examples" / "plan.json"

    def cli(case: str, *args: str) -> Path | None:
        nonlocal runs
        runs += 1
        outcome = run_cli(list(args))
        if is_failure(outcome):
            failures.append(f"{case}: cost-gate {' '.join(args)[:300]}\n    -> exit "
                            f"{outcome.code} after {outcome.seconds:.1f}s: {outcome.message}")
        return None

    reports: list[Path] = []
    inputs = list(corpus(workdir, seed=seed, plans=plans, tf_dirs=tf_dirs))
    for n, (case, path) in enumerate(inputs):
        report = workdir / f"report{n}.json"
        cli(case, "check", str(path), "--format", "json", "--save-report", str(report))
        if report.is_file():
            reports.append(report)
            cli(case, "render", str(report), "--format", "markdown")
            cli(case, "comment", "github", "--dry-run", "--report", str(report))
        if n % 4 == 0:
            cli(case, "diff", "--base", str(example), "--head", str(path), "--format",
                "markdown")
    rng = random.Random(seed)
    for n in range(0, len(reports) - 1, 2):
        cli(f"merge of reports {n}, {n + 1}", "merge", str(reports[n]), str(reports[n + 1]))
    # damaged saved reports through render, merge and comment
    for n, report in enumerate(reports[:12]):
        description, text = mutate_document(json.loads(report.read_text()), rng)
        damaged = _write(workdir / f"damaged-report{n}.json", text)
        case = f"damaged report #{n}: {description}"
        cli(case, "render", str(damaged), "--format", "table")
        cli(case, "merge", str(damaged), str(reports[-1]), "--format", "markdown")
        cli(case, "comment", "github", "--dry-run", "--report", str(damaged))
    for kind, name, path in yaml_inputs(workdir):
        case = f"{kind} file {name!r}"
        option = "--usage-file" if kind == "usage" else "--config"
        cli(case, "check", str(example), option, str(path), "--format", "json")
        if kind == "config" and reports:
            cli(case, "render", str(reports[0]), "--config", str(path))
            cli(case, "merge", *(str(r) for r in reports[:2]), "--config", str(path))
        cli(case, "comment", "github", "--dry-run", "--report", str(example), option,
            str(path))
    return failures, runs


def strict_environment() -> dict[str, str]:
    """The variables a walk sets: the rule safety net off (a rule that raises is exit 5, a
    finding), no CI platform detected, no network."""
    return {"COST_GATE_RULE_SAFETY_NET": "0", "COST_GATE_OFFLINE": "1"}


