"""FinOps policies: tags, allocation, scoped budgets, recommendations, junk, unit economics.

Two stages, both beside the gate and neither pricing by itself:

- :mod:`.checks` runs while a project is priced (it needs the resources' attributes and
  references): recommendations and junk findings, and the ``--pricing-model`` comparison.
  Every saving is the difference of two prices found through the estimator's own lookup
  (the resource re-priced by its rule with one attribute changed), never a typed-in figure;
  when either price is missing the recommendation is skipped.
- :mod:`.policy` reads the finished JSON report and the config: tag policy, allocation by
  tag, unit economics, silencing (config ``ignore``, ``cost-gate:ignore`` tags) and the
  severity of each kind. It works on saved and merged reports as well, so ``render`` and
  ``merge`` recompute it from the resources and the config.

Scoped budgets are evaluated by the gate (:func:`cost_gate.gate.budget_violations`).
"""

from __future__ import annotations

from cost_gate.finops.settings import (
    DEFAULT_NON_PROD_ENVS,
    PRICING_MODELS,
    Checks,
    Policy,
)

__all__ = ["Checks", "Policy", "DEFAULT_NON_PROD_ENVS", "PRICING_MODELS"]
