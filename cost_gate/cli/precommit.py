"""``cost-gate-pre-commit``: the pre-commit hook (``.pre-commit-hooks.yaml``), HCL mode on the
Terraform roots that the commit changes.

pre-commit runs ``cost-gate-pre-commit [hook args] FILE...``. Every option that ``cost-gate
check`` knows (budgets, ``--var-file``, ``--usage-file``...) is passed through unchanged; each
changed file is replaced by the root it belongs to, and ``cost-gate check`` prices those roots
once each. A root is the file's directory, or the nearest directory above it (inside the
current directory) that configures a provider or a backend, so a change to a local module
below its root prices that root; a directory with neither and no such parent is priced on
its own. Exit codes are ``check``'s.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

#: A top-level ``provider "x" {`` block, or a ``backend "x" {`` / ``cloud {`` block.
_ROOT_BLOCK = re.compile(r'^(?:provider\s+"[^"]*"\s*\{|\s+(?:backend\s+"[^"]*"|cloud)\s*\{)',
                         re.MULTILINE)
_TF_SUFFIXES = (".tf", ".tofu")
#: Changed files that can change a root's cost (others, e.g. README.md, are ignored).
_GROUP_FLAGS = ("--offline",)
_INPUT_SUFFIXES = (".tf", ".tofu", ".tfvars", ".tf.json", ".tfvars.json")


def _configures_root(directory: Path) -> bool:
    for path in directory.iterdir():
        if path.suffix in _TF_SUFFIXES and path.is_file():
            try:
                if _ROOT_BLOCK.search(path.read_text(encoding="utf-8", errors="replace")):
                    return True
            except OSError:
                continue
    return False


def root_of(changed: Path, top: Path) -> Path:
    """The Terraform root that ``changed`` (a file or directory) belongs to."""
    start = changed if changed.is_dir() else changed.parent
    start = start.resolve()
    top = top.resolve()
    directory = start
    while True:
        if _configures_root(directory):
            return directory
        if directory == top or top not in directory.parents:
            return start
        directory = directory.parent


def _value_options() -> set[str]:
    """Spellings of ``check``'s options that take a value (so their value is not a file)."""
    import click

    from cost_gate.cli.check import check

    names: set[str] = set()
    for param in check.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            names.update(param.opts)
            names.update(param.secondary_opts)
    return names


def split_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(options for check, changed paths)`` from the hook's command line."""
    takes_value = _value_options()
    options: list[str] = []
    paths: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg.startswith("-"):
            options.append(arg)
            if arg in takes_value:
                options.append(next(args, ""))
        else:
            paths.append(arg)
    return options, paths


def check_arguments(argv: Sequence[str], top: Path | None = None) -> list[str]:
    """The ``cost-gate`` arguments that price the roots changed in ``argv``, or ``[]``."""
    top = Path.cwd() if top is None else top
    options, paths = split_arguments(argv)
    roots: dict[Path, None] = {}
    for name in paths:
        path = Path(name)
        if ".terraform" in path.parts or not path.exists():
            continue
        if not path.is_dir() and not path.name.endswith(_INPUT_SUFFIXES):
            continue
        roots.setdefault(root_of(path, top), None)
    if not roots:
        return []
    selected: list[str] = []
    for root in roots:
        try:
            shown = root.relative_to(top.resolve()).as_posix() or "."
        except ValueError:
            shown = str(root)
        selected += ["--path", shown]
    lead = [o for o in options if o in _GROUP_FLAGS]  # `cost-gate --offline check ...`
    rest = [o for o in options if o not in _GROUP_FLAGS]
    return [*lead, "check", *rest, *selected]


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point ``cost-gate-pre-commit``."""
    args = check_arguments(sys.argv[1:] if argv is None else argv)
    if not args:
        print("cost-gate: no Terraform root changed; nothing to price")
        sys.exit(0)
    from cost_gate.cli import main as cost_gate_main

    sys.argv = ["cost-gate", *args]
    cost_gate_main()
