"""Opt-in marker for the end-to-end install tests that download packages from PyPI.

They run when ``COST_GATE_NETWORK_TESTS=1`` (``.ci/run`` sets it); the main suite needs no
network.
"""

from __future__ import annotations

import os

import pytest

needs_network = pytest.mark.skipif(
    os.environ.get("COST_GATE_NETWORK_TESTS") != "1",
    reason="installs packages from PyPI: set COST_GATE_NETWORK_TESTS=1 (.ci/run does)",
)
