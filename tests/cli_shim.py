"""A ``cost-gate`` executable for tests that run CI scripts (action.yml, the GitLab template,
the Atlantis workflow) with bash: this checkout's CLI run by the test's Python, recording
each call's arguments, working directory and ``COST_GATE_*`` settings."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path


def install_cli_shim(bindir: Path, calls: Path) -> Path:
    """Write ``bindir/cost-gate``; every call appends one JSON line to ``calls``.

    The scripts must run with ``PYTHONPATH`` pointing at the checkout (or cost-gate
    installed in the test's Python)."""
    bindir.mkdir(parents=True, exist_ok=True)
    shim = bindir / "cost-gate"
    record = (
        "import json, os, sys; "
        f"open({str(calls)!r}, 'a').write(json.dumps({{'argv': sys.argv[1:], 'cwd': os.getcwd(), "
        "'env': {k: v for k, v in os.environ.items() if k.startswith('COST_GATE_')}}) + '\\n'); "
        "sys.argv[0] = 'cost-gate'; from cost_gate.cli import main; sys.exit(main())"
    )
    shim.write_text(f"#!/bin/sh\nexec '{sys.executable}' -c \"{record}\" \"$@\"\n")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    return shim


def read_calls(calls: Path) -> list[dict]:
    if not calls.exists():
        return []
    return [json.loads(line) for line in calls.read_text().splitlines()]
