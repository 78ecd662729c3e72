"""Options shared by several commands (budgets, region), declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

# (option, env var, help)
_BUDGETS = (
    ("--max-increase", "COST_GATE_MAX_INCREASE", "Fail when the monthly cost rises by more than USD."),
    ("--max-increase-percent", "COST_GATE_MAX_INCREASE_PERCENT",
     "Fail when the monthly cost rises by more than this percent."),
    ("--max-total", "COST_GATE_MAX_TOTAL", "Fail when the total monthly cost exceeds USD."),
    ("--warn-increase", "COST_GATE_WARN_INCREASE", "Warn when the monthly cost rises by more than USD."),
    ("--warn-increase-percent", "COST_GATE_WARN_INCREASE_PERCENT",
     "Warn when the monthly cost rises by more than this percent."),
    ("--warn-total", "COST_GATE_WARN_TOTAL", "Warn when the total monthly cost exceeds USD."),
)
BUDGET_PARAMS = tuple(flag[2:].replace("-", "_") for flag, _, _ in _BUDGETS)


def budget_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the six budget options (each also read from its COST_GATE_* variable)."""
    for flag, env, help_text in reversed(_BUDGETS):
        func = click.option(flag, envvar=env, default=None, metavar="N",
                            help=f"{help_text} [env: {env}]")(func)
    return func


def budgets_from_options(**kwargs: Any):
    """Budgets from option values; None when no limit is set at all."""
    from cost_gate.gate import Budgets

    budgets = Budgets.parse({k: kwargs.get(k) for k in BUDGET_PARAMS})
    return budgets if budgets.any() else None


def split_budget_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Pop the budget options out of a command's kwargs."""
    return {k: kwargs.pop(k, None) for k in BUDGET_PARAMS}
