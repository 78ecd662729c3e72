"""Property tests: parsing and evaluation are total functions (issue 13).

Whatever the input, the answer is a value or one of cost-gate's expected errors (an input
error for a whole document, an evaluation error that becomes a note): never another
exception, and never a non-finite number in a report.
"""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from cost_gate.errors import CostGateError
from cost_gate.inputs import project_from_document
from cost_gate.inputs.document import classify, parse_json
from cost_gate.inputs.hcl.evaluator import Scope, evaluate_plain
from cost_gate.inputs.hcl.expr import HclSyntaxError, parse_expression
from cost_gate.inputs.hcl.functions import call
from cost_gate.inputs.hcl.values import EvalError, Unknown
from tests.fuzz.strategies import (
    function_calls,
    hcl_expressions,
    json_values,
    plan_documents,
    state_documents,
)


def _finite_everywhere(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_finite_everywhere(v) for v in value)
    if isinstance(value, dict):
        return all(_finite_everywhere(v) for v in value.values())
    return True


@given(st.text(max_size=300))
def test_parse_json_on_any_text(text):
    try:
        parse_json(text, "x.json")
    except CostGateError:
        pass


@given(json_values())
def test_classify_any_json(doc):
    try:
        classify(doc, "x.json")
    except CostGateError:
        pass


@given(plan_documents())
def test_any_plan_parses_or_is_one_input_error(doc):
    try:
        project = project_from_document("plan", json.loads(json.dumps(doc)), "p.json")
    except CostGateError as exc:
        assert "\n" not in exc.one_line()
        return
    for change in project.changes:
        for side in (change.before, change.after):
            if side is not None:
                assert _finite_everywhere(side.attributes)


@given(state_documents())
def test_any_state_parses_or_is_one_input_error(doc):
    try:
        project_from_document("state", doc, "s.json")
    except CostGateError as exc:
        assert "\n" not in exc.one_line()


@given(plan_documents())
def test_any_plan_prices_to_a_strict_json_report(doc):
    from cost_gate.estimate import estimate
    from cost_gate.inputs import apply_region_fallbacks
    from cost_gate.render import render

    try:
        project = project_from_document("plan", doc, "p.json")
    except CostGateError:
        return
    apply_region_fallbacks(project, None, {})
    report = estimate([project], store=_store()).to_dict()
    json.loads(render(report, "json"))  # allow_nan=False inside: raises on NaN/Infinity


_STORES: list = []


def _store():
    """One price store for every example (loading the shipped CSVs once)."""
    from cost_gate.pricing.store import PriceStore, shipped_dir

    if not _STORES:
        _STORES.append(PriceStore.from_dirs([("shipped", shipped_dir())]))
    return _STORES[0]


def _scope() -> Scope:
    values = {"var": {"n": 3, "s": "us-east-1", "l": ["a", "b"], "m": {"k": 1}},
              "local": {"x": 1.5, "l": [[1], [2]]},
              "count": {"index": 0}, "each": {"key": "a", "value": 1},
              "path": {"module": "."}}

    def root(name: str):
        if name in values:
            return values[name]
        if name == "aws_instance":
            return {"web": {"id": Unknown("known after apply", computed=True)}}
        if name == "data":
            return Unknown("data sources are not read")
        raise EvalError(f"unknown name {name!r}")

    return Scope(root)


@given(hcl_expressions())
def test_any_expression_evaluates_or_is_an_evaluation_error(text):
    try:
        node = parse_expression(text)
    except HclSyntaxError:
        return
    try:
        value = evaluate_plain(node, _scope())
    except EvalError:
        return
    assert _finite_everywhere(value)


@given(function_calls())
def test_every_builtin_is_total(name_args):
    name, args = name_args
    try:
        value = call(name, list(args), module_dir="/nonexistent")
    except EvalError:
        return
    assert _finite_everywhere(value)
