"""A mutation fuzzer for cost-gate inputs: plan/state JSON and directories of .tf files.

It starts from real seeds in the repository (``examples/``, test fixtures), applies the
mutations a careless user or an attacker would (type confusion in the plan envelope,
overflowing and non-finite numbers, deep nesting, truncation, byte damage, huge ``count``,
hostile function arguments, files that are FIFOs or ``/dev/zero``) and runs ``cost-gate
check`` in-process on each case. A case fails when it ends in an internal error (exit 5),
an exception that escaped the CLI's guard, takes longer than the per-case time limit, or
writes a JSON report that is not strict JSON.

Used by ``tests/fuzz/test_mutation_fuzz.py`` (a fixed seed, thousands of cases in CI) and by
``scripts/fuzz.py`` (longer runs with any seed). Pricing-rule attribute values are mutated
only in ways issue 13 assigns to the input layer (numbers that overflow); arbitrary values
of every JSON type in rule attributes are fuzzed rule by rule in ``test_rule_properties.py``.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PLAN_SEEDS = [ROOT / "examples" / "plan.json",
              ROOT / "tests" / "inputs" / "fixtures" / "plan_v0_1_modules.json",
              ROOT / "tests" / "inputs" / "fixtures" / "state_modules.json"]
TF_SEEDS = [ROOT / "examples" / "terraform", ROOT / "tests" / "hcl" / "fixtures" / "features",
            ROOT / "tests" / "hcl" / "fixtures" / "equiv" / "ec2_rds" / "tf"]
CASE_SECONDS = 45.0  # beyond the 30 s evaluation budget: only a real hang gets here

# Values that break a wrong assumption about a type or a range.
CONFUSING: list[Any] = [None, True, 0, -1, 1.5, "", "x", [], [1], {}, {"a": 1}, "1e400",
                        [[[[]]]], {"": None}]
HOSTILE_EXPRESSIONS = [
    "1e9", "1e400", "-1", "pow(10, 400)", 'format("%999999999d", 1)', 'indent(1e9, "a\\nb")',
    "length(setproduct(range(1024), range(1024), range(1024)))",
    'regexall("(a+)+b", join("", [for i in range(60) : "a"]))', 'regex("(", "x")',
    'slice([1], 0, 1e300)', 'substr("a", 1e30, 1)', 'cidrsubnet("10.0.0.0/8", 1e9, 1)',
    'parseint("zz", 99)', 'file("/dev/zero")', 'templatefile("/dev/zero", {})',
    'jsondecode("[1e400]")', "(" * 80 + "1" + ")" * 80, "local.x" + "[0]" * 300,
    '[for i in range(1024) : [for j in range(1024) : i * j]]', 'chunklist([1], -1)',
    "element([], 0)", "tonumber(\"nan\")", "1 / 0", '"${" + "x" * 3 + "}"', "null",
    'lookup({}, "k")', "[for x in 5 : x]", "merge(1, 2)", 'cidrhost("::/0", 1e30)',
]


@dataclass
class Outcome:
    code: int
    message: str
    seconds: float


@dataclass
class Failure:
    case: str
    outcome: Outcome
    reproduce: dict[str, Any] = field(default_factory=dict)


class Timeout(BaseException):
    """Raised by the per-case alarm (a BaseException: the CLI guard does not catch it)."""


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):  # pragma: no cover - Windows
        yield
        return

    def fire(_sig: int, _frame: Any) -> None:
        raise Timeout(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(args: list[str], *, seconds: float = CASE_SECONDS) -> Outcome:
    """``cost-gate ARGS`` in this process, through the real entry point; stdout/stderr kept."""
    from cost_gate.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    start = time.monotonic()
    code: int
    try:
        sys.argv = ["cost-gate", *args]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), alarm(seconds):
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    except Timeout as exc:
        return Outcome(-1, f"hang: {exc}", time.monotonic() - start)
    except BaseException as exc:  # noqa: BLE001 - escaped the CLI guard: a finding
        return Outcome(-2, f"escaped: {type(exc).__name__}: {exc}"[:300],
                       time.monotonic() - start)
    finally:
        sys.argv = argv
    message = err.getvalue().strip().splitlines()
    text = out.getvalue()
    if code in (0, 1) and text.startswith("{"):
        try:
            json.loads(text, parse_constant=_not_json)
        except ValueError as exc:
            return Outcome(-3, f"report is not strict JSON: {exc}", time.monotonic() - start)
    return Outcome(code, message[-1] if message else "", time.monotonic() - start)


def _not_json(token: str) -> Any:
    raise ValueError(f"{token} in the report")


def is_failure(outcome: Outcome) -> bool:
    """Internal error, escaped exception, hang, non-strict JSON: the defects issue 13 names."""
    return outcome.code not in (0, 1, 2) or "internal error" in outcome.message


# -- plan / state JSON mutations ------------------------------------------------------------

def _paths(node: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


def _in_attributes(path: tuple) -> bool:
    """Inside a resource's attribute values (rule input), where only number limits apply."""
    return any(p in ("before", "after", "after_unknown", "before_sensitive", "after_sensitive",
                     "values") for p in path)


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def _get(doc: Any, path: tuple) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def mutate_document(doc: Any, rng: random.Random) -> tuple[str, str]:
    """One mutation of a plan/state; returns (description, JSON text)."""
    doc = copy.deepcopy(doc)
    paths = list(_paths(doc))
    envelope = [p for p in paths if p and not _in_attributes(p)]
    numbers = [p for p in paths if _in_attributes(p) and isinstance(_get(doc, p), (int, float))
               and not isinstance(_get(doc, p), bool)]
    kind = rng.choice(["confuse", "confuse", "delete", "number", "deep", "text", "text",
                       "duplicate", "actions"])
    if kind == "confuse" and envelope:
        path = rng.choice(envelope)
        value = rng.choice(CONFUSING)
        return f"confuse {path} -> {value!r}", json.dumps(_set(doc, path, copy.deepcopy(value)))
    if kind == "delete" and envelope:
        path = rng.choice(envelope)
        parent = _get(doc, path[:-1])
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
        return f"delete {path}", json.dumps(doc)
    if kind == "number" and numbers:
        path = rng.choice(numbers)
        token = rng.choice(["1e400", "-1e400", "9" * 400, "NaN", "Infinity", "1e308"])
        marker = "\u0000CG\u0000"
        text = json.dumps(_set(doc, path, marker)).replace(json.dumps(marker), token)
        return f"number {path} -> {token}", text
    if kind == "deep":
        path = rng.choice(envelope or [()])
        depth = rng.choice([50, 101, 5000, 100_000])
        text = json.dumps(_set(doc, path, "\u0000DEEP\u0000"))
        return f"deep {path} x{depth}", text.replace('"\\u0000DEEP\\u0000"',
                                                     "[" * depth + "]" * depth)
    if kind == "duplicate" and isinstance(doc, dict) and doc.get("resource_changes"):
        changes = doc["resource_changes"]
        if isinstance(changes, list) and changes:
            changes.extend(copy.deepcopy(changes) * rng.choice([1, 3]))
            return "duplicate resource_changes", json.dumps(doc)
    if kind == "actions" and isinstance(doc, dict) and isinstance(doc.get("resource_changes"),
                                                                     list):
        for rc in doc["resource_changes"]:
            if isinstance(rc, dict) and isinstance(rc.get("change"), dict):
                rc["change"]["actions"] = rng.choice([["read"], ["create", "delete"], [],
                                                      ["no-op", "update"], ["delete"]])
        return "actions", json.dumps(doc)
    text = json.dumps(doc)
    return mutate_text(text, rng)


def mutate_text(text: str, rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["truncate", "flip", "insert", "bom", "wrap"])
    if kind == "truncate":
        cut = rng.randrange(len(text) + 1)
        return f"truncate at {cut}", text[:cut]
    if kind == "flip":
        chars = list(text)
        for _ in range(rng.randint(1, 8)):
            if chars:
                chars[rng.randrange(len(chars))] = rng.choice('{}[]",:0\\\x00\u00e9 ')
        return "flip", "".join(chars)
    if kind == "insert":
        pos = rng.randrange(len(text) + 1)
        piece = rng.choice(["NaN", "-Infinity", "[" * 2000, '"\\ud800"', "1e999", "//",
                            "\x00" * 4])
        return f"insert {piece[:10]!r} at {pos}", text[:pos] + piece + text[pos:]
    if kind == "bom":
        return "utf-16", "\ufeff" + text
    return "wrapper", "[command]terraform show -json\n" + text + "\n::debug::done"


# -- .tf directory mutations ----------------------------------------------------------------

def mutate_tf_dir(seed: Path, dest: Path, rng: random.Random) -> str:
    """Copy ``seed`` to ``dest`` and damage it once; returns the description."""
    shutil.copytree(seed, dest, symlinks=True, ignore=shutil.ignore_patterns("*.tfstate"))
    tf_files = sorted(p for p in dest.rglob("*.tf") if p.is_file())
    target = rng.choice(tf_files)
    text = target.read_text()
    lines = text.splitlines()
    kind = rng.choice(["expression", "expression", "expression", "count", "file", "truncate",
                       "tfvars", "flip"])
    if kind == "expression":
        candidates = [i for i, line in enumerate(lines) if " = " in line
                      and not line.strip().startswith(("source", "#", "//"))
                      and not line.rstrip().endswith(("{", "[", "("))]
        if candidates:
            i = rng.choice(candidates)
            head = lines[i].split(" = ", 1)[0]
            expr = rng.choice(HOSTILE_EXPRESSIONS)
            lines[i] = f"{head} = {expr}"
            target.write_text("\n".join(lines) + "\n")
            return f"{target.relative_to(dest)}:{i + 1}: {expr[:60]}"
    if kind == "count":
        blocks = [i for i, line in enumerate(lines)
                  if line.startswith(("resource ", "module ")) and line.rstrip().endswith("{")]
        if blocks:
            i = rng.choice(blocks)
            value = rng.choice(["1e9", "1e7", "20000", "-5", "1e400", '"many"',
                                "length(range(1024)) * 1024"])
            lines.insert(i + 1, f"  count = {value}")
            target.write_text("\n".join(lines) + "\n")
            return f"{target.relative_to(dest)}:{i + 2}: count = {value}"
    if kind == "file":
        special = dest / "special.txt"
        choice = rng.choice(["dev-zero", "fifo", "loop"])
        if choice == "dev-zero":
            special.symlink_to("/dev/zero")
        elif choice == "fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(special)
        else:
            special.symlink_to(special)
        with target.open("a") as fh:
            fh.write('\nlocals {\n  fuzz_file = file("${path.root}/special.txt")\n}\n'
                     'resource "aws_eip" "fuzz" {\n  tags = { x = local.fuzz_file }\n}\n')
        return f"file() on a {choice}"
    if kind == "tfvars":
        special = dest / "fuzz.auto.tfvars"
        choice = rng.choice(["fifo", "dev-zero", "deep", "garbage"])
        if choice == "fifo" and hasattr(os, "mkfifo"):
            os.mkfifo(special)
        elif choice == "dev-zero":
            special.symlink_to("/dev/zero")
        elif choice == "deep":
            special.write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
        else:
            special.write_text("x = = {\n")
        return f"*.auto.tfvars: {choice}"
    if kind == "truncate":
        cut = rng.randrange(len(text) + 1)
        target.write_text(text[:cut])
        return f"{target.relative_to(dest)}: truncated at {cut}"
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice('{}[]()"=$%\n\\')
    target.write_text("".join(chars))
    return f"{target.relative_to(dest)}: characters flipped"


# -- the campaign ---------------------------------------------------------------------------

def campaign(workdir: Path, *, seed: int, plan_cases: int, tf_cases: int,
             on_case: Callable[[str, Outcome], None] | None = None) -> list[Failure]:
    """Run ``plan_cases`` + ``tf_cases`` mutated inputs; return the failures."""
    rng = random.Random(seed)
    failures: list[Failure] = []
    docs = [json.loads(p.read_text()) for p in PLAN_SEEDS if p.is_file()]
    plan_path = workdir / "case.json"
    for n in range(plan_cases):
        description, text = mutate_document(rng.choice(docs), rng)
        plan_path.write_text(text, encoding="utf-8", errors="surrogatepass")
        outcome = run_cli(["check", str(plan_path), "--format", "json"])
        case = f"plan #{n} (seed {seed}): {description}"
        if on_case:
            on_case(case, outcome)
        if is_failure(outcome):
            failures.append(Failure(case, outcome, {"text": text[:20_000]}))
    seeds = [p for p in TF_SEEDS if p.is_dir()]
    for n in range(tf_cases):
        case_dir = workdir / f"tf{n}"
        description = mutate_tf_dir(rng.choice(seeds), case_dir, rng)
        outcome = run_cli(["check", str(case_dir), "--format", "json"])
        case = f"tf #{n} (seed {seed}): {description}"
        if on_case:
            on_case(case, outcome)
        if is_failure(outcome):
            failures.append(Failure(case, outcome))
        shutil.rmtree(case_dir, ignore_errors=True)
    return failures


def run_worker(args: tuple[int, int, int]) -> list[str]:
    """One process's share of a campaign (for multiprocessing): failure reports as text.

    Instance and module caps are lowered (the cap mechanism is what is exercised; pricing
    10,000 capped instances per case would only make CI slow). `scripts/fuzz.py
    --real-limits` keeps the shipped ones.
    """
    import tempfile

    from cost_gate import limits

    seed, plan_cases, tf_cases = args
    # a rule that raises is a finding (exit 5), not a partial note
    os.environ["COST_GATE_RULE_SAFETY_NET"] = "0"
    limits.MAX_INSTANCES_PER_RESOURCE = 500
    limits.MAX_MODULE_INSTANCES = 50
    limits.MAX_MODULES_TOTAL = 200
    with tempfile.TemporaryDirectory() as work:
        failures = campaign(Path(work), seed=seed, plan_cases=plan_cases, tf_cases=tf_cases)
    return [f"{f.case}\n    -> exit {f.outcome.code} after {f.outcome.seconds:.1f}s: "
            f"{f.outcome.message}" for f in failures]
