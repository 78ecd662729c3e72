from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.errors import UsageError
from cost_gate.gate import Budgets, evaluate_gate

SUMMARY = {"monthly_before": 1000, "monthly_after": 1250, "monthly_delta": 250,
           "percent_delta": 25.0}


def test_no_budgets_passes():
    assert evaluate_gate(SUMMARY, None) == {"status": "pass", "violations": []}


def test_fail_rule_names_limit_and_actual():
    gate = evaluate_gate(SUMMARY, Budgets(max_increase=Decimal(100)))
    assert gate["status"] == "fail"
    (v,) = gate["violations"]
    assert (v["rule"], v["level"], v["limit"], v["actual"]) == ("max-increase", "fail", 100, 250)
    assert "$250.00" in v["message"] and "$100.00" in v["message"]
    assert "--max-increase" in v["message"]


def test_limit_equal_to_actual_passes():
    assert evaluate_gate(SUMMARY, Budgets(max_increase=Decimal(250)))["status"] == "pass"


def test_warn_only_is_warn_and_fail_wins():
    assert evaluate_gate(SUMMARY, Budgets(warn_total=Decimal(1200)))["status"] == "warn"
    gate = evaluate_gate(SUMMARY, Budgets(warn_total=Decimal(1200),
                                          max_increase_percent=Decimal(10)))
    assert gate["status"] == "fail"
    assert {v["rule"] for v in gate["violations"]} == {"warn-total", "max-increase-percent"}


def test_percent_rule_skipped_when_nothing_before():
    summary = {"monthly_before": 0, "monthly_after": 50, "monthly_delta": 50,
               "percent_delta": None}
    assert evaluate_gate(summary, Budgets(max_increase_percent=Decimal(1)))["status"] == "pass"


def test_decrease_never_violates_increase_rules():
    summary = {"monthly_before": 100, "monthly_after": 40, "monthly_delta": -60,
               "percent_delta": -60.0}
    assert evaluate_gate(summary, Budgets(max_increase=Decimal(0)))["status"] == "pass"


def test_budgets_from_env_and_bad_values():
    budgets = Budgets.from_env({"COST_GATE_MAX_TOTAL": "500", "COST_GATE_WARN_INCREASE": "5.5"})
    assert budgets.max_total == Decimal(500) and budgets.warn_increase == Decimal("5.5")
    with pytest.raises(UsageError, match="--max-total"):
        Budgets.parse({"max_total": "lots"})
    with pytest.raises(UsageError):
        Budgets.parse({"max_increase": "-1"})
