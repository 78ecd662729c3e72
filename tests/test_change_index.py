"""The lookups rules make of other resources give what a scan of the plan gives, in plan
order, from an index built once."""

from __future__ import annotations

import random

from cost_gate.models import ChangeIndex, ResourceChange, ResourceSide


def _change(address: str, rtype: str, refs: list[str]) -> ResourceChange:
    return ResourceChange(address=address, type=rtype, provider="azurerm", action="create",
                          before=None, after=ResourceSide({}), references={"x": refs})


def _scan_first(index: dict, address: str):
    return index.get(address) or next(
        (c for a, c in index.items() if a.startswith(address + "[")), None)


def _scan_referrers(index: dict, address: str, rtype: str):
    return [c for c in index.values() if c.type == rtype and any(
        t == address or address.startswith(t + "[")
        for refs in c.references.values() for t in refs)]


def test_lookups_match_a_scan_of_the_plan():
    rng = random.Random(7)
    bases = ["azurerm_lb.a", "azurerm_lb.b", 'module.m["x"].azurerm_lb.c', "module.n[0].azurerm_lb.d"]
    changes = []
    for i in range(300):
        base = rng.choice(bases)
        kind = rng.choice(["azurerm_lb", "azurerm_lb_rule", "azurerm_lb_outbound_rule"])
        address = f"{base}_{kind}_{i}" if kind != "azurerm_lb" else f"{base}[{i}]"
        refs = rng.sample(bases + [f"{b}[{rng.randrange(300)}]" for b in bases], 2)
        changes.append(_change(address, kind, refs))
    index = ChangeIndex((c.address, c) for c in changes)
    plain = dict(index)
    queries = bases + [c.address for c in changes[:50]] + ["azurerm_lb", "module.m", "nothing"]
    for address in queries:
        assert index.first_instance(address) is _scan_first(plain, address), address
        for rtype in ("azurerm_lb_rule", "azurerm_lb_outbound_rule", "azurerm_lb"):
            assert index.referrers(address, rtype) == _scan_referrers(plain, address, rtype)
    assert index.referrers("azurerm_lb.a[3]", "azurerm_lb_rule")  # through azurerm_lb.a
