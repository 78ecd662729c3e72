"""The evaluation budget of one HCL load: wall-clock time, instance and module counts.

:func:`evaluation_budget` opens a budget for the current load (a context variable, so
concurrent loads in threads do not share one); the evaluator calls :func:`tick` on every
expression and the loader calls :func:`cap_instances` when it expands ``count``/``for_each``.
The limits themselves live in :mod:`cost_gate.limits`.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cost_gate import limits
from cost_gate.errors import InputError


class EvaluationTooExpensive(InputError):
    """The configuration needs more time than :data:`limits.MAX_EVALUATION_SECONDS`."""


@dataclass
class Budget:
    deadline: float
    modules: int = 0
    ticks: int = 0
    items: int = 0


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("hcl_budget",
                                                                         default=None)


@contextlib.contextmanager
def evaluation_budget(seconds: float | None = None) -> Iterator[Budget]:
    """A fresh budget for one configuration load (nested loads share the outer one)."""
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    budget = Budget(time.monotonic() + (limits.MAX_EVALUATION_SECONDS if seconds is None
                                        else seconds))
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def tick() -> None:
    """Count one evaluation step; every 1,024 steps, check the clock."""
    budget = _CURRENT.get()
    if budget is None:
        return
    budget.ticks += 1
    if budget.ticks & 1023 == 0 and time.monotonic() > budget.deadline:
        raise EvaluationTooExpensive(
            f"evaluating the configuration took longer than {limits.MAX_EVALUATION_SECONDS:g} s "
            "(the evaluation time limit); simplify it or price a `terraform show -json` plan"
        )


def spend_items(count: int) -> None:
    """Count elements built by ``for`` expressions and template loops, over the whole load."""
    budget = _CURRENT.get()
    if budget is None:
        return
    budget.items += count
    if budget.items > limits.MAX_ITERATIONS_TOTAL:
        raise EvaluationTooExpensive(
            f"the configuration's for expressions build more than "
            f"{limits.MAX_ITERATIONS_TOTAL:,} elements (the evaluation limit)"
        )


def cap_instances(count: int, what: str, note: Callable[[str], None], *,
                  module: bool = False) -> int:
    """``count`` within the per-resource (or per-module-call and total-module) limit; when
    capped, ``note`` says how many instances were left out."""
    limit = limits.MAX_MODULE_INSTANCES if module else limits.MAX_INSTANCES_PER_RESOURCE
    capped = min(count, limit)
    budget = _CURRENT.get()
    if module and budget is not None:
        room = max(limits.MAX_MODULES_TOTAL - budget.modules, 0)
        capped = min(capped, room)
        budget.modules += capped
    if capped < count:
        kind = "module instances" if module else "instances"
        note(f"{what}: {count:,} {kind} requested; only the first {capped:,} are evaluated "
             f"(limit {limit:,} per {'module call' if module else 'resource'}"
             f"{f', {limits.MAX_MODULES_TOTAL:,} modules in all' if module else ''}); "
             "the cost shown is too low")
    return capped
