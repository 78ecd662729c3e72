"""Every registered pricing rule on damaged attributes, with the estimator's safety net off
(issue 13): no exception escapes a rule, the status is one of the report's, every quantity and
cost is finite and non-negative, and a resource left partial by the damage says which
attribute. See :mod:`tests.fuzz.rule_properties` for how cases are built."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cost_gate.estimate import ENV_RULE_SAFETY_NET, Pricer
from cost_gate.pricing.store import ENV_CACHE_DIR, PriceStore
from cost_gate.rules import supported_types
from tests.fuzz.rule_properties import (
    TODAY,
    Case,
    build,
    cases,
    examples,
    problems,
    read_paths,
    targets,
)
from tests.fuzz.strategies import json_values


@pytest.fixture(scope="module")
def pricer(tmp_path_factory) -> Pricer:
    cache = tmp_path_factory.mktemp("empty-user-cache")
    return Pricer(PriceStore.default(env={ENV_CACHE_DIR: str(cache)}), TODAY)


@pytest.fixture(autouse=True)
def no_safety_net(monkeypatch):
    monkeypatch.setenv(ENV_RULE_SAFETY_NET, "0")


def test_every_registered_rule_has_an_example():
    missing = sorted(set(supported_types()) - set(examples()))
    assert not missing, ("no example for these types: rerun `python -m "
                         f"tests.fuzz.capture_examples` after adding their tests: {missing}")


@pytest.mark.parametrize("resource_type", supported_types())
def test_rule_survives_every_hostile_value_at_every_path_it_reads(pricer, resource_type):
    failures = []
    for case in cases(pricer, resource_type):
        try:
            found = problems(pricer, case)
        except Exception as exc:  # noqa: BLE001 - the finding is the exception
            found = [f"raised {type(exc).__name__}: {exc}"[:200]]
        failures += [f"{case.describe()}: {p}" for p in found]
    assert not failures, "\n".join(failures[:60])


@pytest.fixture(scope="module")
def all_targets(pricer):
    return [(t, address, path) for t in sorted(examples())
            for address, path in targets(read_paths(pricer, t))]


@settings(max_examples=settings.default.max_examples * 6)  # cheap cases: ~900 in CI
@given(data=st.data())
def test_rules_survive_arbitrary_json_at_the_paths_they_read(pricer, all_targets, data):
    resource_type, address, path = data.draw(st.sampled_from(all_targets))
    case = Case(resource_type, address, path, data.draw(json_values(12)))
    assert not problems(pricer, case), case.describe()


def test_probe_sees_the_paths_a_rule_reads(pricer):
    paths = {p for _a, p in read_paths(pricer, "aws_instance")}
    assert ("instance_type",) in paths
    assert ("root_block_device",) in paths
    change, _index = build(examples()["aws_instance"])
    assert change.after is not None and change.after.attributes["instance_type"]


def _broken_rule(r):
    raise TypeError("unsupported operand")


def _negative_rule(r):
    from decimal import Decimal

    from cost_gate.rules.base import Component, PriceRef
    return [Component("Storage", "GB-months", Decimal(-5), PriceRef("ec2", "ebs_storage"))]


@pytest.mark.parametrize("rule", [_broken_rule, _negative_rule])
def test_safety_net_is_a_last_resort_that_names_the_rule(pricer, monkeypatch, rule):
    from cost_gate import rules
    from cost_gate.estimate import RULE_ERROR_NOTE, price_change

    rules.rule_for("aws_instance")  # load the registry before replacing one rule
    monkeypatch.setitem(rules._REGISTRY, "aws_instance", rule)
    change, index = build(examples()["aws_instance"])
    with pytest.raises((TypeError, ValueError)):  # net off (the autouse fixture)
        price_change(pricer, change, index)
    monkeypatch.setenv(ENV_RULE_SAFETY_NET, "1")
    result = price_change(pricer, change, index)
    assert result.status == "partial"
    (note,) = result.notes
    assert RULE_ERROR_NOTE in note and "aws_instance rule" in note
