"""The HCL expression parser, evaluator and function library, on their own."""

from __future__ import annotations

from typing import Any

import pytest

from cost_gate.inputs.hcl.evaluator import Scope, evaluate_plain
from cost_gate.inputs.hcl.expr import HclSyntaxError, parse_expression, parse_hcl2_value
from cost_gate.inputs.hcl.values import EvalError, ResourceObject, Unknown

ROOTS: dict[str, Any] = {
    "var": {
        "a": 1,
        "env": "prod",
        "l": ["x", "y"],
        "m": {"k": {"v": 3}, "j": {"v": 4}},
        "u": Unknown("not known", refs=["aws_vpc.main"]),
        "sizes": {"small": "t3.micro", "large": "m5.large"},
    },
    "aws_launch_template": {"lt": ResourceObject("aws_launch_template.lt", {"name": "x"})},
}


def ev(text: str) -> Any:
    return evaluate_plain(parse_expression(text), Scope(lambda n: ROOTS[n]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 / 4", 2.5),
        ("7 % 3", 1),
        ("-var.a", -1),
        ("!true || false", False),
        ("1 < 2 && 2 >= 2", True),
        ('"a" == "a" && 1 != 2', True),
        ('var.a == 1 ? "yes" : "no"', "yes"),
        ('var.env == "prod" ? var.sizes["large"] : var.sizes.small', "m5.large"),
        ('"web-${var.env}-${var.a + 1}"', "web-prod-2"),
        ('"${var.a}"', 1),
        ('"x ${~ var.a ~} y"', "x1y"),
        ('"$${literal}"', "${literal}"),
        ('"%{ if var.a == 1 }one%{ else }other%{ endif }"', "one"),
        ('"%{ for s in var.l }<${s}>%{ endfor }"', "<x><y>"),
        ('"tab\\there\\u00e9"', "tab\there\u00e9"),
        ('[for s in var.l : upper(s) if s != "x"]', ["Y"]),
        ("{for k, v in var.m : k => v.v}", {"j": 4, "k": 3}),
        ('{for k, v in var.m : v.v > 3 ? "big" : "small" => k...}', {"big": ["j"], "small": ["k"]}),
        ("[{a = 1}, {a = 2}][*].a", [1, 2]),
        ("var.l.*", ["x", "y"]),
        ('var.m["k"].v', 3),
        ("var.l[1]", "y"),
        ('{a = 1, "b" = 2, (var.env) = 3}', {"a": 1, "b": 2, "prod": 3}),
        ("null", None),
        ("1.5e3", 1500),
    ],
)
def test_expressions(text: str, expected: Any) -> None:
    assert ev(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('lookup(var.sizes, "small", "x")', "t3.micro"),
        ('lookup(var.sizes, "huge", "x")', "x"),
        ("merge({a = 1}, {b = 2}, {a = 3})", {"a": 3, "b": 2}),
        ("concat([1], [2, 3])", [1, 2, 3]),
        ("length(var.l)", 2),
        ('length("abc")', 3),
        ("element(var.l, 3)", "y"),
        ('format("%s-%03d", "web", 7)', "web-007"),
        ('format("%.2f|%v|%q", 1.234, 5, "s")', '1.23|5|"s"'),
        ('coalesce(null, "", "z")', "z"),
        ('try(var.m.missing, "fallback")', "fallback"),
        ("can(var.m.missing)", False),
        ("can(var.m.k)", True),
        ('tomap({a = "1"})', {"a": "1"}),
        ("tolist([1, 2])", [1, 2]),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ("keys(var.m)", ["j", "k"]),
        ("values({b = 2, a = 1})", [1, 2]),
        ('contains(var.l, "x")', True),
        ("min(3, 1, 2)", 1),
        ("max(var.a, 5)", 5),
        ('upper("ab")', "AB"),
        ('lower("AB")', "ab"),
        ('replace("a-b-c", "-", "_")', "a_b_c"),
        ('replace("a-b-c", "/-(.)/", "_$1")', "a_b_c"),
        ('split(",", "a,b")', ["a", "b"]),
        ('join("-", ["a", "b"], ["c"])', "a-b-c"),
        ('cidrsubnet("10.0.0.0/16", 8, 3)', "10.0.3.0/24"),
        ('cidrhost("10.0.1.0/24", 5)', "10.0.1.5"),
        ("flatten([[1, [2]], [3]])", [1, 2, 3]),
        ("range(3)", [0, 1, 2]),
        ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
        ("max([4, 9]...)", 9),
        ('jsonencode({a = [1, "x"]})', '{"a":[1,"x"]}'),
        ('substr("hello", 1, 3)', "ell"),
        ("sum([1, 2.5])", 3.5),
        ('trimprefix("web-1", "web-")', "1"),
        ('one(["a"])', "a"),
        ('distinct(["a", "b", "a"])', ["a", "b"]),
        ('regex("^(\\\\w+)-(\\\\d+)$", "web-12")', ["web", "12"]),
    ],
)
def test_functions(text: str, expected: Any) -> None:
    assert ev(text) == expected


def test_unknowns_propagate_with_their_references() -> None:
    for text in ("var.u", "var.u.id", "upper(var.u)", '"x-${var.u}"', "var.u + 1", "var.u ? 1 : 2"):
        value = ev(text)
        assert isinstance(value, Unknown), text
        assert value.refs == frozenset({"aws_vpc.main"})
    assert ev("concat([var.u], [1])")[1] == 1
    assert ev("var.u == null ? 5 : 5") == 5  # both branches agree
    assert ev("false && var.u") is False


def test_resource_attributes_known_or_computed() -> None:
    assert ev("aws_launch_template.lt.name") == "x"
    computed = ev("aws_launch_template.lt.id")
    assert isinstance(computed, Unknown) and computed.computed
    assert computed.refs == frozenset({"aws_launch_template.lt"})


def test_apply_time_and_unsupported_functions_are_unknown() -> None:
    assert isinstance(ev("timestamp()"), Unknown)
    unsupported = ev("no_such_function(1)")
    assert isinstance(unsupported, Unknown) and "not supported" in unsupported.reason


def test_evaluation_errors() -> None:
    with pytest.raises(EvalError):
        ev("var.m.missing")
    with pytest.raises(EvalError):
        ev("var.l[5]")
    with pytest.raises(EvalError):
        ev('lookup(var.sizes, "nope")')


@pytest.mark.parametrize("text", ["1 +", "[1, 2", "{a = }", '"open', "a ? b", "f(1 2)"])
def test_syntax_errors(text: str) -> None:
    with pytest.raises(HclSyntaxError):
        parse_expression(text)


def test_python_hcl2_value_forms() -> None:
    scope = Scope(lambda n: ROOTS[n])
    assert evaluate_plain(parse_hcl2_value("${var.a + 1}"), scope) == 2
    assert evaluate_plain(parse_hcl2_value('"v-${var.env}"'), scope) == "v-prod"
    assert evaluate_plain(parse_hcl2_value("${{a = [1, {b = 2}]}}"), scope) == {"a": [1, {"b": 2}]}


def test_heredoc_inside_expression() -> None:
    text = "<<-EOT\n    hello ${var.env}\n      indented\n    EOT"
    assert ev(text) == "hello prod\n  indented\n"
