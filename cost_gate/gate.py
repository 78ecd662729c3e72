"""Budget policy: compare a report's totals with limits and decide pass, warn or fail."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from cost_gate.errors import UsageError
from cost_gate.fmt import money

# rule name -> (field on Budgets, level, what is measured, unit)
RULES = (
    ("max-increase", "max_increase", "fail", "increase", "USD"),
    ("max-increase-percent", "max_increase_percent", "fail", "increase_percent", "%"),
    ("max-total", "max_total", "fail", "total", "USD"),
    ("warn-increase", "warn_increase", "warn", "increase", "USD"),
    ("warn-increase-percent", "warn_increase_percent", "warn", "increase_percent", "%"),
    ("warn-total", "warn_total", "warn", "total", "USD"),
)


@dataclass
class Budgets:
    """Monthly limits in USD (percent for the *_percent ones); None = no limit."""

    max_increase: Decimal | None = None
    max_increase_percent: Decimal | None = None
    max_total: Decimal | None = None
    warn_increase: Decimal | None = None
    warn_increase_percent: Decimal | None = None
    warn_total: Decimal | None = None

    @classmethod
    def parse(cls, values: Mapping[str, Any]) -> Budgets:
        """From option values (str/number/None); bad numbers are a usage error."""
        out = cls()
        for f in fields(cls):
            raw = values.get(f.name)
            if raw is None or raw == "":
                continue
            try:
                number = Decimal(str(raw))
            except InvalidOperation:
                flag = "--" + f.name.replace("_", "-")
                raise UsageError(f"{flag} expects a number, got {raw!r}") from None
            if not number.is_finite() or number < 0:
                flag = "--" + f.name.replace("_", "-")
                raise UsageError(f"{flag} must be a non-negative number, got {raw!r}")
            setattr(out, f.name, number)
        return out

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Budgets:
        """COST_GATE_MAX_INCREASE, COST_GATE_WARN_TOTAL, ... (upper-case field names)."""
        env = os.environ if env is None else env
        return cls.parse({f.name: env.get("COST_GATE_" + f.name.upper()) for f in fields(cls)})

    def merged_over(self, base: Budgets) -> Budgets:
        """These limits, falling back to ``base`` where unset (flags over environment)."""
        return Budgets(**{f.name: getattr(self, f.name) if getattr(self, f.name) is not None
                          else getattr(base, f.name) for f in fields(self)})

    def any(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    def without(self, other: Budgets) -> Budgets:
        """These limits less every limit ``other`` sets (a flag replaces a config limit)."""
        return Budgets(**{f.name: None if getattr(other, f.name) is not None
                          else getattr(self, f.name) for f in fields(self)})


@dataclass(frozen=True)
class NamedBudget:
    """A budget from the config file: for the whole run, or for one project (by name)."""

    name: str
    limits: Budgets
    project: str | None = None


def evaluate_gate(
    summary: Mapping[str, Any],
    budgets: Budgets | None,
    named: Sequence[NamedBudget] = (),
    project_summaries: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Gate result for a report summary: {status, violations[{rule, level, limit, actual, message}]}.

    ``budgets`` are the flag limits; ``named`` the config file's budgets, measured on the
    whole run or on their project's summary (from ``project_summaries``, by project name).
    Violations of a named budget also carry ``budget`` (and ``project``) and say its name.
    """
    violations = _violations(summary, budgets or Budgets())
    for budget in named:
        measured = summary
        if budget.project is not None:
            measured = (project_summaries or {}).get(budget.project)
            if measured is None:
                continue  # that project is not in this run
        for violation in _violations(measured, budget.limits, budget.name):
            violation["budget"] = budget.name
            if budget.project is not None:
                violation["project"] = budget.project
            violations.append(violation)
    levels = {v["level"] for v in violations}
    status = "fail" if "fail" in levels else "warn" if "warn" in levels else "pass"
    return {"status": status, "violations": violations}


def _violations(summary: Mapping[str, Any], budgets: Budgets,
                name: str | None = None) -> list[dict[str, Any]]:
    """The limits of ``budgets`` that ``summary`` crosses (``name``: a config budget's)."""
    delta = Decimal(str(summary.get("monthly_delta") or 0))
    total = Decimal(str(summary.get("monthly_after") or 0))
    percent = summary.get("percent_delta")
    measured = {
        "increase": delta,
        "total": total,
        "increase_percent": None if percent is None else Decimal(str(percent)),
    }
    violations = []
    for rule, attr, level, what, unit in RULES:
        limit = getattr(budgets, attr)
        actual = measured[what]
        if limit is None or actual is None or actual <= limit:
            continue
        source = f"--{rule}" if name is None else rule
        if unit == "%":
            text = f"monthly cost increase {actual:.1f}% exceeds the {limit}% limit ({source})"
        elif what == "total":
            text = (f"total monthly cost {money(actual)} exceeds the {money(limit)} limit "
                    f"({source})")
        else:
            text = (f"monthly cost increase {money(actual)} exceeds the {money(limit)} limit "
                    f"({source})")
        text = text[0].upper() + text[1:]
        violations.append({
            "rule": rule,
            "level": level,
            "limit": float(limit),
            "actual": round(float(actual), 4),
            "message": text if name is None else f"{name}: {text}",
        })
    return violations
