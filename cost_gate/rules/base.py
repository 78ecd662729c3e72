"""The vocabulary pricing rules are written in.

A rule is a function ``(Resource) -> list[Component]``. A :class:`Component` names the charge,
its unit, its monthly quantity (``None`` for usage-based charges without a usage estimate) and
a :class:`PriceRef` that selects exactly one price in the local table. Rules never look prices
up themselves; :mod:`cost_gate.estimate` does, so rules stay small and declarative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cost_gate.models import HOURS_PER_MONTH


@dataclass(frozen=True)
class PriceRef:
    """Selects one price: provider/service/product with exact attributes, in a region.

    ``fallbacks`` are alternative attribute sets tried in order when the first has no price
    (e.g. an engine-specific storage price, then the engine-independent one);
    ``region_fallbacks`` are regions tried after the resource's own (e.g. "global" for prices
    published without a region).
    """

    service: str
    product: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    provider: str = "aws"
    fallbacks: tuple[Mapping[str, str], ...] = ()
    region_fallbacks: tuple[str, ...] = ()


@dataclass
class Component:
    name: str
    unit: str
    quantity: Decimal | None  # per month; None = usage-based with no estimate
    price: PriceRef
    usage_based: bool = False
    # Tiered prices: quantity is split across tiers (tier_start/tier_end of the rows).
    tiered: bool = False
    # Optional charges apply only where a price exists (e.g. the EBS-optimized surcharge of
    # older instance types); a missing price drops the component instead of marking partial.
    optional: bool = False
    # Usage-based components name the usage-file key that estimates them; the monthly quantity
    # is the estimate times ``usage_multiplier`` (730 for per-hour averages).
    usage_key: str | None = None
    usage_multiplier: Decimal = Decimal(1)


class MissingAttribute(Exception):
    """A cost-driving attribute is unknown (known only after apply) or absent."""

    def __init__(self, path: str, reason: str = "known only after apply"):
        super().__init__(path)
        self.path = path
        self.reason = reason


class NotPriceable(Exception):
    """The resource, as configured, is something we do not price (say why)."""


@dataclass
class Resource:
    """What a rule sees: one side of a resource, with helpers for Terraform's shapes."""

    address: str
    type: str
    region: str
    attributes: Mapping[str, Any]
    unknown: Any = None
    references: Mapping[str, list[str]] = field(default_factory=dict)
    lookup_resource: Callable[[str], Resource | None] = lambda _address: None
    notes: list[str] = field(default_factory=list)

    def get(self, path: str, default: Any = None) -> Any:
        """Value at a dotted path ("root_block_device.0.volume_size"); default if absent."""
        node: Any = self.attributes
        for part in path.split("."):
            if isinstance(node, dict):  # JSON objects (checked first: the common case)
                node = node.get(part)
                if node is None:
                    return default
            elif isinstance(node, list):
                if not part.isdigit() or int(part) >= len(node):
                    return default
                node = node[int(part)]
            elif isinstance(node, Mapping):
                if part not in node:
                    return default
                node = node[part]
            else:
                return default
        return default if node is None else node

    def is_unknown(self, path: str) -> bool:
        node: Any = self.unknown
        for part in path.split("."):
            if node is True:
                return True
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list):
                if not part.isdigit() or int(part) >= len(node):
                    return False
                node = node[int(part)]
            else:
                return False
        return node is True

    def need(self, path: str) -> Any:
        """A value the price depends on; raises MissingAttribute when unknown or absent."""
        if self.is_unknown(path):
            raise MissingAttribute(path)
        value = self.get(path)
        if value is None or value == "":
            raise MissingAttribute(path, "not set")
        return value

    def blocks(self, name: str) -> list[Mapping[str, Any]]:
        value = self.attributes.get(name)
        if isinstance(value, list):
            return [b for b in value if isinstance(b, Mapping)]
        if isinstance(value, Mapping):
            return [value]
        return []

    def referenced(self, path: str) -> Resource | None:
        """The other resource an attribute refers to (e.g. launch_template.id)."""
        for address in self.references.get(path, []):
            found = self.lookup_resource(address)
            if found is not None:
                return found
        return None

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def hourly(name: str, price: PriceRef, count: Decimal | int = 1) -> Component:
    """A charge per running hour, for ``count`` units all month (730 hours)."""
    return Component(name, "hours", HOURS_PER_MONTH * Decimal(count), price)


def monthly(name: str, unit: str, quantity: Decimal | int | float, price: PriceRef,
            *, tiered: bool = False) -> Component:
    return Component(name, unit, Decimal(str(quantity)), price, tiered=tiered)


def usage(name: str, unit: str, price: PriceRef, key: str, *, per_hour: bool = False) -> Component:
    """A usage-based charge: shown as "$X per unit" until the usage file estimates ``key``.

    ``per_hour``: the usage key is an hourly average (e.g. capacity units), so a month is
    730 times it.
    """
    return Component(name, unit, None, price, usage_based=True, usage_key=key,
                     usage_multiplier=HOURS_PER_MONTH if per_hour else Decimal(1))


def to_decimal(value: Any) -> Decimal:
    return Decimal(str(value))


Rule = Callable[[Resource], list[Component]]
