"""Hypothesis profiles for the property tests.

``ci`` (the default): derandomized (a fixed seed, so CI runs are reproducible) with a bounded
number of examples per test, so the whole hypothesis set stays within about a minute.
``long``: many more examples with a random seed, for `scripts/fuzz.py` or a local run:
``COST_GATE_HYPOTHESIS_PROFILE=long pytest tests/fuzz``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow,
                                                       HealthCheck.data_too_large,
                                                       HealthCheck.filter_too_much]}
settings.register_profile("ci", max_examples=150, derandomize=True, database=None, **_COMMON)
settings.register_profile("long", max_examples=5_000, derandomize=False, **_COMMON)
settings.load_profile(os.environ.get("COST_GATE_HYPOTHESIS_PROFILE", "ci"))
