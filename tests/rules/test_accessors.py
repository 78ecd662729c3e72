"""The typed attribute accessors rules read through: wrong shapes become BadAttribute."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.rules.base import BadAttribute, MissingAttribute, Resource


def res(attrs, unknown=None) -> Resource:
    return Resource("aws_x.a", "aws_x", "us-east-1", attrs, unknown)


def test_string_accepts_text_and_numbers():
    r = res({"a": "t3.micro", "n": 5, "e": ""})
    assert r.string("a") == "t3.micro"
    assert r.string("n") == "5"
    assert r.string("e", "dflt") == "dflt"
    assert r.string("missing", "x") == "x"


@pytest.mark.parametrize("bad", [["t3.micro"], {"k": 1}, True])
def test_string_rejects_other_shapes(bad):
    with pytest.raises(BadAttribute) as exc:
        res({"a": bad}).string("a")
    assert exc.value.path == "a" and "expected a string" in exc.value.reason


def test_required_and_unknown():
    with pytest.raises(MissingAttribute, match="a"):
        res({}).string("a", required=True)
    with pytest.raises(MissingAttribute) as exc:
        res({}, {"a": True}).number("a")
    assert exc.value.reason == "known only after apply"


def test_number_ranges_and_shapes():
    r = res({"s": 20, "f": "1.5", "neg": -3, "nan": float("nan"), "big": 1e400, "d": {"x": 1},
             "frac": 2.5})
    assert r.number("s") == Decimal(20)
    assert r.number("f") == Decimal("1.5")
    assert r.number("missing", 8) == Decimal(8)
    for path, expected in (("neg", ">= 0"), ("nan", "finite"), ("big", "finite"),
                           ("d", "a number")):
        with pytest.raises(BadAttribute, match=expected):
            r.number(path)
    with pytest.raises(BadAttribute, match="whole"):
        r.number("frac", integer=True)
    with pytest.raises(BadAttribute, match="between 1 and 10"):
        r.number("s", minimum=1, maximum=10)


def test_flag():
    r = res({"t": True, "s": "false", "bad": [1]})
    assert r.flag("t") is True
    assert r.flag("s") is False
    assert r.flag("missing", True) is True
    with pytest.raises(BadAttribute, match="a list of 1, expected true or false"):
        r.flag("bad")
