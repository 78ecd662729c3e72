"""The gate: policies read the JSON report and decide pass, warn or fail.

Policies today (:data:`POLICIES`): budgets on the known delta and total (the flags' and the
config file's named budgets, whole-run or per project; with usage ranges, at the end
``--gate-on`` names, the high end by default), unpriced changes (``--unpriced``), and
findings of severity ``fail``. Each takes the report, the flag :class:`Budgets` and the
:class:`NamedBudget` s, and returns violations ``{rule, level, limit, actual, message, ...}``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
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


UNPRICED_CHOICES = ("fail", "warn", "ignore")
DEFAULT_UNPRICED = "warn"
#: Which end of the usage ranges the budgets measure (``--gate-on``); the high end by default.
GATE_ON_CHOICES = ("low", "expected", "high")
DEFAULT_GATE_ON = "high"
_END_WORDS = {"low": "low end of the usage ranges", "expected": "expected usage",
              "high": "high end of the usage ranges"}


@dataclass
class Budgets:
    """Monthly limits in USD (percent for the *_percent ones); None = no limit.

    ``unpriced`` says what a changed resource with an unknown cost delta does to the gate:
    ``fail``, ``warn`` (the default when None) or ``ignore``. ``gate_on`` says which end of
    the usage ranges every budget measures when the report has ranges: ``low``, ``expected``
    (the point estimate) or ``high`` (the default when None).
    """

    max_increase: Decimal | None = None
    max_increase_percent: Decimal | None = None
    max_total: Decimal | None = None
    warn_increase: Decimal | None = None
    warn_increase_percent: Decimal | None = None
    warn_total: Decimal | None = None
    unpriced: str | None = None
    gate_on: str | None = None

    @classmethod
    def parse(cls, values: Mapping[str, Any]) -> Budgets:
        """From option values (str/number/None); bad numbers are a usage error."""
        out = cls()
        for f in fields(cls):
            raw = values.get(f.name)
            if raw is None or raw == "":
                continue
            if f.name == "unpriced":
                choice = str(raw).strip().lower()
                if choice not in UNPRICED_CHOICES:
                    raise UsageError(f"--unpriced expects one of {', '.join(UNPRICED_CHOICES)}, "
                                     f"got {raw!r}")
                out.unpriced = choice
                continue
            if f.name == "gate_on":
                choice = str(raw).strip().lower()
                if choice not in GATE_ON_CHOICES:
                    raise UsageError(f"--gate-on expects one of {', '.join(GATE_ON_CHOICES)}, "
                                     f"got {raw!r}")
                out.gate_on = choice
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
class BudgetScope:
    """What a scoped budget measures: the resources carrying every one of ``tags``, in the
    projects matching one of ``projects`` (globs over project names), of one of
    ``resource_types`` (globs); an empty criterion does not narrow."""

    tags: dict[str, str] = field(default_factory=dict)
    projects: tuple[str, ...] = ()
    resource_types: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.tags.items()]
        parts += [f"projects {', '.join(self.projects)}"] if self.projects else []
        parts += [f"types {', '.join(self.resource_types)}"] if self.resource_types else []
        return "; ".join(parts) or "whole run"


@dataclass(frozen=True)
class NamedBudget:
    """A budget from the config file: for the whole run, for one project (by name), or for
    the resources in a scope."""

    name: str
    limits: Budgets
    project: str | None = None
    scope: BudgetScope | None = None


def evaluate_gate(
    report: Mapping[str, Any],
    budgets: Budgets | None,
    named: Sequence[NamedBudget] = (),
) -> dict[str, Any]:
    """Gate result: {status, violations[{rule, level, limit, actual, message, ...}]}.

    ``report`` is the JSON report (or any mapping with its ``summary``, ``findings`` and
    ``projects``; a bare summary is accepted too). ``budgets`` are the flag limits and the
    ``--unpriced`` policy; ``named`` the config file's budgets, measured on the whole run or
    on their project's summary. Each policy in :data:`POLICIES` reads what it needs from the
    report, so a new policy is one more function.
    """
    budgets = budgets or Budgets()
    violations = [v for policy in POLICIES for v in policy(report, budgets, named)]
    levels = {v["level"] for v in violations}
    status = "fail" if "fail" in levels else "warn" if "warn" in levels else "pass"
    out: dict[str, Any] = {"status": status, "violations": violations}
    if ranged(_summary(report)):  # which end of the usage ranges the budgets measured
        out["gate_on"] = budgets.gate_on or DEFAULT_GATE_ON
    return out


def _summary(report: Mapping[str, Any]) -> Mapping[str, Any]:
    summary = report.get("summary") if "summary" in report else report
    return summary if isinstance(summary, Mapping) else {}


def budget_violations(report: Mapping[str, Any], budgets: Budgets,
                      named: Sequence[NamedBudget] = ()) -> list[dict[str, Any]]:
    """Thresholds on the known monthly delta, its percent, and the known monthly total: the
    flag limits on the whole run, then each named budget on the run or its project.

    Violations of a named budget also carry ``budget`` (and ``project``) and say its name.
    """
    summary = _summary(report)
    end = budgets.gate_on or DEFAULT_GATE_ON
    violations = _violations(summary, budgets, end=end)
    project_summaries = {p.get("name"): p.get("summary") or {}
                         for p in report.get("projects") or [] if isinstance(p, Mapping)}
    for budget in named:
        measured = summary
        if budget.project is not None:
            measured = project_summaries.get(budget.project)
            if measured is None:
                continue  # that project is not in this run
        if budget.scope is not None:
            measured = scoped_summary(report, budget.scope)
        for violation in _violations(measured, budget.limits, budget.name, end=end):
            violation["budget"] = budget.name
            if budget.project is not None:
                violation["project"] = budget.project
            if budget.scope is not None:
                violation["scope"] = budget.scope.describe()
            violations.append(violation)
    return violations


def scoped_summary(report: Mapping[str, Any], scope: BudgetScope) -> dict[str, Any]:
    """The summary (as :func:`cost_gate.report.summarize`) of the resources in ``scope``."""
    import fnmatch

    from cost_gate.report import resource_from_dict, summarize

    chosen = []
    for project in report.get("projects") or []:
        if not isinstance(project, Mapping):
            continue
        name = str(project.get("name", ""))
        if scope.projects and not any(fnmatch.fnmatchcase(name, p) for p in scope.projects):
            continue
        for res in project.get("resources") or []:
            if not isinstance(res, dict):
                continue
            if scope.resource_types and not any(fnmatch.fnmatchcase(str(res.get("type")), t)
                                                for t in scope.resource_types):
                continue
            tags = res.get("tags") if isinstance(res.get("tags"), Mapping) else {}
            if any(str(tags.get(k)) != v for k, v in scope.tags.items()):
                continue
            chosen.append(resource_from_dict(res))
    return summarize(chosen)


def ranged(summary: Mapping[str, Any]) -> bool:
    """The summary has low/high ends (some resource was priced with a usage range)."""
    return "monthly_delta_low" in summary


def measured_at(summary: Mapping[str, Any], key: str, end: str) -> Any:
    """``summary[key]`` at one end of the usage ranges (``key_low``/``key_high``); the point
    figure for ``expected`` or when the summary has no ranges."""
    if end != "expected" and ranged(summary) and f"{key}_{end}" in summary:
        return summary.get(f"{key}_{end}")
    return summary.get(key)


def _violations(summary: Mapping[str, Any], budgets: Budgets,
                name: str | None = None, *, end: str = DEFAULT_GATE_ON) -> list[dict[str, Any]]:
    """The limits of ``budgets`` that ``summary`` crosses (``name``: a config budget's),
    measured at ``end`` of the usage ranges when the summary has them."""
    delta = Decimal(str(measured_at(summary, "monthly_delta", end) or 0))
    total = Decimal(str(measured_at(summary, "monthly_after", end) or 0))
    percent = measured_at(summary, "percent_delta", end)
    at = f" ({_END_WORDS[end]}, --gate-on {end})" if ranged(summary) else ""
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
        if name is not None:  # a config budget: "NAME: new monthly total $X is over RULE $Y"
            violation = {
                "rule": rule, "level": level, "limit": float(limit),
                "actual": round(float(actual), 4),
                "message": f"{name}: {_named_text(what, actual, limit, rule)}{at}",
            }
            if at:
                violation["gate_on"] = end
            violations.append(violation)
            continue
        source = f"--{rule}"
        if unit == "%":
            text = (f"monthly cost increase {actual:.1f}%{at} exceeds the {limit}% limit "
                    f"({source})")
        elif what == "total":
            text = (f"total monthly cost {money(actual)}{at} exceeds the {money(limit)} limit "
                    f"({source})")
        else:
            text = (f"monthly cost increase {money(actual)}{at} exceeds the {money(limit)} "
                    f"limit ({source})")
        text = text[0].upper() + text[1:]
        violation = {
            "rule": rule,
            "level": level,
            "limit": float(limit),
            "actual": round(float(actual), 4),
            "message": text if name is None else f"{name}: {text}",
        }
        if at:
            violation["gate_on"] = end
        violations.append(violation)
    return violations


def _named_text(what: str, actual: Decimal, limit: Decimal, rule: str) -> str:
    if what == "increase_percent":
        return f"monthly increase {actual:.1f}% is over {rule} {_amount(limit)}%"
    if what == "total":
        return f"new monthly total {_whole(actual)} is over {rule} {_whole(limit)}"
    return f"monthly increase {_whole(actual)} is over {rule} {_whole(limit)}"


def _amount(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _whole(value: Decimal) -> str:
    """$5,210 for whole dollars, $612.40 otherwise."""
    text = money(value)
    return text[:-3] if text.endswith(".00") else text


def unpriced_violations(report: Mapping[str, Any], budgets: Budgets,
                        named: Sequence[NamedBudget] = ()) -> list[dict[str, Any]]:
    """Changed resources whose cost delta is unknown (``--unpriced fail|warn|ignore``)."""
    level = budgets.unpriced or DEFAULT_UNPRICED
    unpriced = list(_summary(report).get("unpriced_changes") or [])
    if level == "ignore" or not unpriced:
        return []
    shown = ", ".join(unpriced[:5]) + (f" and {len(unpriced) - 5} more" if len(unpriced) > 5
                                       else "")
    noun = "change has" if len(unpriced) == 1 else "changes have"
    return [{
        "rule": "unpriced",
        "level": level,
        "limit": 0,
        "actual": len(unpriced),
        "resources": unpriced,
        "message": f"{len(unpriced)} {noun} an unknown monthly cost: {shown} "
                   f"(--unpriced {level})",
    }]


def finding_violations(report: Mapping[str, Any], budgets: Budgets,
                       named: Sequence[NamedBudget] = ()) -> list[dict[str, Any]]:
    """Findings of severity ``fail`` fail the gate, one violation per finding kind.

    (``warn`` and ``info`` findings are shown in every output but do not gate by themselves.)
    """
    by_kind: dict[str, list[Mapping[str, Any]]] = {}
    findings = report.get("findings") if "summary" in report else None
    for finding in findings or []:
        if isinstance(finding, Mapping) and finding.get("severity") == "fail":
            by_kind.setdefault(str(finding.get("kind")), []).append(finding)
    return [{
        "rule": f"finding:{kind}",
        "level": "fail",
        "limit": 0,
        "actual": len(items),
        "message": "; ".join(str(f.get("message")) for f in items[:3])
                   + (f" (and {len(items) - 3} more)" if len(items) > 3 else ""),
    } for kind, items in sorted(by_kind.items())]


POLICIES = (budget_violations, unpriced_violations, finding_violations)

