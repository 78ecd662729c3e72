"""The end-to-end install tests (real virtualenvs, pip, pipx, pre-commit) and their wheels.

They run when ``COST_GATE_NETWORK_TESTS=1`` (``.ci/run`` sets it): once per run,
:func:`wheelhouse` downloads from PyPI exactly the pinned versions of
``constraints/runtime.txt``; every install test then installs from those wheels only, the
way a runner installs from PyPI but without fetching the same packages four times. The main
suite needs no network.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

needs_network = pytest.mark.skipif(
    os.environ.get("COST_GATE_NETWORK_TESTS") != "1",
    reason="installs packages from PyPI: set COST_GATE_NETWORK_TESTS=1 (.ci/run does)",
)


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory) -> dict[str, str]:
    """pip settings (environment variables) that install from wheels fetched once from PyPI:
    cost-gate's pinned dependencies, the build backend, pip itself."""
    house = tmp_path_factory.mktemp("wheelhouse")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
         "--wheel-dir", str(house), "--constraint", str(ROOT / "constraints" / "runtime.txt"),
         str(ROOT), "setuptools", "pip"],
        capture_output=True, text=True, timeout=900,
        env={**os.environ, "PIP_CONFIG_FILE": os.devnull},  # PyPI only, no local mirrors
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(house)}
