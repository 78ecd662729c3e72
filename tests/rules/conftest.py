"""Price one realistic resource through the real pipeline, against the shipped price table.

Every rule test goes: plan-shaped attributes -> ResourceChange in a Project ->
``cost_gate.estimate.estimate`` -> ``report.to_dict()``, and pins the JSON the user would see.
The store is built with an explicit env whose only variable points the user cache at an
empty tmp dir, so neither a real ``pricing update`` cache nor ``COST_GATE_PRICING_DIR`` can
change the prices these tests expect: they read the shipped ``pricing_data/`` and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pytest

from cost_gate.estimate import estimate
from cost_gate.models import Project, ResourceChange, ResourceSide
from cost_gate.pricing.store import ENV_CACHE_DIR, PriceStore
from cost_gate.usage import Usage

TODAY = date(2026, 11, 26)


def make_change(
    address: str,
    attributes: Mapping[str, Any],
    *,
    unknown: Any = None,
    region: str = "us-east-1",
    references: Mapping[str, list[str]] | None = None,
    action: str = "create",
    before: Mapping[str, Any] | None = None,
    set_in_config: tuple[str, ...] = (),
) -> ResourceChange:
    """A ResourceChange as the plan reader builds it (provider-configured region).

    Its configuration sets the attributes with known values plus ``set_in_config`` (paths
    without list indices, e.g. "root_block_device.iops": set to a value known only after
    apply); other unknown values are computed by the provider.
    """
    resource_type, _, name = address.rpartition(".")
    after = ResourceSide(attributes=dict(attributes), unknown=unknown, region=region,
                         region_source="provider")
    before_side = None
    if before is not None:
        before_side = ResourceSide(attributes=dict(before), unknown=None, region=region,
                                   region_source="provider")
    return ResourceChange(
        address=address,
        type=resource_type,
        # the provider a plan names for the type (its region is checked against its list)
        provider=resource_type.split("_", 1)[0] if resource_type.startswith(
            ("google_", "azurerm_")) else "aws",
        action=action,  # type: ignore[arg-type]
        before=before_side,
        after=after,
        name=name,
        references={k: list(v) for k, v in (references or {}).items()},
        configured=frozenset(_known_paths(attributes)) | frozenset(set_in_config),
    )


def _known_paths(node: Any, path: str = "") -> set[str]:
    """Dotted paths (list indices dropped) of the non-null values of planned attributes."""
    out: set[str] = set()
    if isinstance(node, Mapping):
        for key, value in node.items():
            out |= _known_paths(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list) and node and all(isinstance(i, Mapping) for i in node):
        for item in node:
            out |= _known_paths(item, path)
    elif node is not None and path:
        out.add(path)
    return out


@pytest.fixture
def store(tmp_path) -> PriceStore:
    """The shipped snapshot only: the user-cache layer points at an empty directory."""
    empty_cache = tmp_path / "empty-user-cache"
    empty_cache.mkdir()
    price_store = PriceStore.default(env={ENV_CACHE_DIR: str(empty_cache)})
    assert [layer.origin for layer in price_store.layers] == ["shipped"]
    return price_store


@pytest.fixture
def price_changes(store) -> Callable[..., list[dict[str, Any]]]:
    """Price ResourceChanges as one project; returns the resource dicts of the report JSON.

    ``usage`` (optional) estimates usage-based charges, as a usage file would.
    """

    def run(*changes: ResourceChange, usage: Usage | None = None) -> list[dict[str, Any]]:
        project = Project(name="rules", source="plan.json", input_type="plan",
                          changes=list(changes))
        report = estimate([project], store=store, today=TODAY, usage=usage).to_dict()
        return report["projects"][0]["resources"]

    return run


@pytest.fixture
def price(price_changes) -> Callable[..., dict[str, Any]]:
    """Create one resource (plus the resources it references) and return its report dict.

    ``address`` is "<type>.<name>"; ``others`` maps addresses of referenced resources (a
    launch template, a launch configuration...) to their planned attributes; ``usage``
    (optional) estimates usage-based charges.
    """

    def run(
        address: str,
        attributes: Mapping[str, Any],
        *,
        unknown: Any = None,
        region: str = "us-east-1",
        references: Mapping[str, list[str]] | None = None,
        others: Mapping[str, Mapping[str, Any]] | None = None,
        usage: Usage | None = None,
        set_in_config: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        main = make_change(address, attributes, unknown=unknown, region=region,
                           references=references, set_in_config=set_in_config)
        extra = [make_change(a, attrs, region=region) for a, attrs in (others or {}).items()]
        resources = price_changes(main, *extra, usage=usage)
        (mine,) = [r for r in resources if r["address"] == address]
        return mine

    return run


def component(
    name: str,
    unit: str,
    *,
    quantity: float | int | None,
    unit_price: float | int | None,
    monthly_cost: float | int | None,
    source: str,
    data_date: str | None,
    usage_based: bool = False,
) -> dict[str, Any]:
    """One cost component exactly as the JSON report shows it."""
    return {
        "name": name,
        "unit": unit,
        "monthly_quantity": quantity,
        "unit_price": unit_price,
        "monthly_cost": monthly_cost,
        "usage_based": usage_based,
        "price_source": source,
        "data_date": data_date,
    }


# Reference paths a pinned case's main resource points at its other resources through.
CASE_REFERENCE_PATHS = ("version.0.instance_template", "source_instance_template",
                        "node_template", "cluster")


def assert_case_pinned(price_changes, case: tuple, want: Mapping[str, Any],
                       provider: str) -> None:
    """Price a table case ``(address, attrs, region, others)`` of ``provider`` and compare
    status, notes, monthly cost and every component (name, unit, quantity, unit price,
    source) with ``want``; each component's cost must be quantity x unit price to the cent."""
    import dataclasses

    address, attrs, region, others = case
    main = dataclasses.replace(make_change(address, attrs, region=region), provider=provider)
    extra = [dataclasses.replace(make_change(a, at, region=region), provider=provider)
             for a, at in others.items()]
    if others:
        main.references = {path: list(others) for path in CASE_REFERENCE_PATHS}
    (res,) = [r for r in price_changes(main, *extra) if r["address"] == address]
    assert res["status"] == want["status"]
    assert res["notes"] == want["notes"]
    after = res["after"] or {}
    assert after.get("monthly_cost") == want["monthly_cost"]
    got = [(c["name"], c["unit"], c["monthly_quantity"], c["unit_price"], c["price_source"])
           for c in after.get("components", [])]
    assert got == [tuple(c) for c in want["components"]]
    for c in after.get("components", []):
        if c["monthly_quantity"] is not None:  # quantity x unit price, to the cent
            assert abs(c["monthly_cost"] - c["monthly_quantity"] * c["unit_price"]) < 0.01
