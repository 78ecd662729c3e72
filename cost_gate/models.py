"""The shapes data takes as it flows: input resources -> priced resources -> report.

Inputs (plan, state, HCL) all produce a :class:`Project` of :class:`ResourceChange`. Pricing
turns each change into a :class:`ResourceCost`; :class:`Report` gathers them, and its
``to_dict()`` is the JSON report every renderer and VCS poster consumes. The priced shapes
(:class:`Span`, :class:`CostComponent`, :class:`CostBreakdown`, :class:`ResourceCost`) have
slots: a big plan makes hundreds of thousands of them.
"""

from __future__ import annotations

import marshal
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

HOURS_PER_MONTH = Decimal(730)
SCHEMA_VERSION = 2
#: Saved reports that `render`, `comment --report` and `diff` still read.
READABLE_SCHEMA_VERSIONS = (1, 2)

Action = Literal["create", "delete", "update", "replace", "no-op"]
InputType = Literal["plan", "state", "hcl", "report"]
Status = Literal["priced", "free", "unsupported", "partial", "not-cloud"]
#: Statuses whose cost is fully known (a resource of any other status has an unknown delta).
KNOWN_STATUSES = ("priced", "free", "not-cloud")


@dataclass
class ResourceSide:
    """One side (before or after) of a resource: its attributes and what is not known yet.

    ``unknown`` mirrors Terraform's ``after_unknown``: a nested structure of ``True`` leaves
    marking attributes whose value is only known after apply.
    """

    attributes: dict[str, Any]
    unknown: Any = None
    region: str | None = None
    region_source: str | None = None  # attribute|provider|flag|env|default
    region_variable: str | None = None  # the provider's region came from var.NAME


class PackedValues:
    """The attributes of both sides of a change and their unknown markers, marshalled.

    A plan's decoded attributes take about three times the memory of their marshalled bytes,
    and an update's before side is mostly its after side again: the before side is kept as
    its differences from the after side (top-level keys), a no-op's as "the same". Pricing
    reads one resource at a time (and the few it refers to): the values of the
    :data:`RECENTLY_READ` changes read last stay decoded, older ones are decoded again when
    read.
    """

    __slots__ = ("_packed", "_values")

    def __init__(self, before: dict[str, Any] | None, before_unknown: Any,
                 after: dict[str, Any] | None, after_unknown: Any):
        if before is None or after is None:
            delta: Any = before
        elif before == after:
            delta = _SAME
        else:
            delta = ({key: value for key, value in before.items()
                      if key not in after or after[key] != value},
                     [key for key in after if key not in before])
        self._packed = marshal.dumps((after, after_unknown, delta, before_unknown))
        self._values: tuple[Any, Any, Any, Any] | None = None

    def unpacked(self) -> tuple[dict[str, Any] | None, Any, dict[str, Any] | None, Any]:
        """(before, before unknown, after, after unknown); not to be changed in place."""
        values = self._values
        if values is None:
            after, after_unknown, delta, before_unknown = marshal.loads(self._packed)
            if type(delta) is str:  # _SAME
                before = after
            elif type(delta) is tuple:  # (changed keys' before values, keys before lacks)
                before = {**after, **delta[0]}
                for key in delta[1]:
                    del before[key]
            else:
                before = delta
            values = self._values = (before, before_unknown, after, after_unknown)
            _recent.append(self)
            if len(_recent) > RECENTLY_READ:
                _recent.popleft()._values = None
        return values

    def __getstate__(self) -> bytes:
        return self._packed

    def __setstate__(self, packed: bytes) -> None:
        self._packed, self._values = packed, None


_SAME = "="
#: How many changes keep their packed values decoded (see :class:`PackedValues`).
RECENTLY_READ = 64
_recent: deque[PackedValues] = deque()


class PackedSide(ResourceSide):
    """A side whose attributes and unknown markers are read from :class:`PackedValues`.

    Built by :meth:`of`; the constructor takes plain values, as ResourceSide's does (so
    ``dataclasses.replace`` works): assigning ``attributes`` or ``unknown`` keeps them too.
    """

    def __init__(self, attributes: dict[str, Any], unknown: Any = None,
                 region: str | None = None, region_source: str | None = None,
                 region_variable: str | None = None):
        self._packed: PackedValues | None = None
        self._after = True
        self._plain: tuple[dict[str, Any], Any] = (attributes, unknown)
        self.region, self.region_source = region, region_source
        self.region_variable = region_variable

    @classmethod
    def of(cls, packed: PackedValues, after: bool) -> PackedSide:
        """The before (``after`` False) or after side of ``packed``."""
        side = cls.__new__(cls)
        side._packed, side._after = packed, after
        side.region = side.region_source = side.region_variable = None
        return side

    def _values(self) -> tuple[dict[str, Any], Any]:
        if self._packed is None:
            return self._plain
        before, before_unknown, after, after_unknown = self._packed.unpacked()
        return (after, after_unknown) if self._after else (before, before_unknown)

    @property  # type: ignore[override]
    def attributes(self) -> dict[str, Any]:
        return self._values()[0]

    @attributes.setter
    def attributes(self, value: dict[str, Any]) -> None:
        self._plain, self._packed = (value, self.unknown), None

    @property  # type: ignore[override]
    def unknown(self) -> Any:
        return self._values()[1]

    @unknown.setter
    def unknown(self, value: Any) -> None:
        self._plain, self._packed = (self.attributes, value), None


@dataclass
class ResourceChange:
    address: str
    type: str
    provider: str  # short provider name: aws, google, azurerm, ...
    action: Action
    before: ResourceSide | None
    after: ResourceSide | None
    module_address: str = ""
    name: str = ""
    # attribute path (dotted, e.g. "launch_template.id") -> addresses it references
    references: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Attribute paths the configuration sets (list indices dropped); None: the input does not
    # say (an unknown value is then taken as one the configuration sets).
    configured: frozenset[str] | None = None
    # Effective tags set by the input when its attributes alone do not say them (HCL mode:
    # provider default_tags merged under the resource's tags); None: read from the attributes.
    tags: dict[str, str] | None = None
    # Finding ids silenced for this resource by a `# cost-gate:ignore=ID` comment (HCL mode).
    ignore: tuple[str, ...] = ()


@dataclass
class Project:
    name: str
    source: str
    input_type: InputType
    changes: list[ResourceChange]
    notes: list[str] = field(default_factory=list)
    # A saved report given as input carries its resources already priced.
    priced: list[ResourceCost] | None = None

    def by_address(self) -> ChangeIndex:
        return ChangeIndex((c.address, c) for c in self.changes)


class ChangeIndex(dict[str, ResourceChange]):
    """A project's changes by address, with the lookups rules make of other resources
    (each indexed on first use: a scan per lookup made big plans quadratic)."""

    _instances: dict[str, ResourceChange] | None = None
    _referrers: dict[str, list[tuple[int, ResourceChange]]] | None = None

    def first_instance(self, address: str) -> ResourceChange | None:
        """The change at ``address``, else the first of its instances (``address[0]``,
        ``address["a"]``, ``address[0].child``), in plan order."""
        found = self.get(address)
        if found is not None:
            return found
        if self._instances is None:
            self._instances = {}
            for key, change in self.items():
                for prefix in _bracket_prefixes(key):
                    self._instances.setdefault(prefix, change)
        return self._instances.get(address)

    def referrers(self, address: str, resource_type: str) -> list[ResourceChange]:
        """Changes of ``resource_type`` whose references name ``address`` (or a resource it is
        an instance of), in plan order."""
        if self._referrers is None:
            self._referrers = {}
            for position, change in enumerate(self.values()):
                targets = {t for refs in change.references.values() for t in refs}
                for target in targets:
                    self._referrers.setdefault(target, []).append((position, change))
        found = dict(self._referrers.get(address, ()))
        for prefix in _bracket_prefixes(address):
            found.update(self._referrers.get(prefix, ()))
        return [change for _, change in sorted(found.items(), key=lambda item: item[0])
                if change.type == resource_type]


def _bracket_prefixes(address: str) -> list[str]:
    """Each part of ``address`` that ends just before a "[" (``a.b[0].c[1]`` -> ``a.b``,
    ``a.b[0].c``)."""
    out = []
    start = address.find("[")
    while start > 0:
        out.append(address[:start])
        start = address.find("[", start + 1)
    return out


@dataclass(frozen=True, slots=True)
class Span:
    """The low and high end of a figure priced with usage ranges (``{min, max}`` in the usage
    file): the smallest and largest value it takes with every range at its min, its point
    estimate and its max. ``None`` ends where the figure itself is unknown."""

    low: Decimal | None
    high: Decimal | None

    @classmethod
    def of(cls, values: list[Decimal | None]) -> Span:
        known = [v for v in values if v is not None]
        return cls(min(known), max(known)) if known else cls(None, None)


@dataclass(slots=True)
class CostComponent:
    name: str
    unit: str
    monthly_quantity: Decimal | None
    unit_price: Decimal | None
    monthly_cost: Decimal | None
    usage_based: bool = False
    price_source: str | None = None
    data_date: str | None = None
    # Set on every component of a resource priced with a usage range.
    quantity_span: Span | None = None
    cost_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "name": self.name,
            "unit": self.unit,
            "monthly_quantity": _num(self.monthly_quantity),
            "unit_price": _num(self.unit_price),
            "monthly_cost": _num(self.monthly_cost),
            "usage_based": self.usage_based,
            "price_source": self.price_source,
            "data_date": self.data_date,
        }
        if self.quantity_span is not None:
            out["monthly_quantity_low"] = _num(self.quantity_span.low)
            out["monthly_quantity_high"] = _num(self.quantity_span.high)
        if self.cost_span is not None:
            out["monthly_cost_low"] = _num(self.cost_span.low)
            out["monthly_cost_high"] = _num(self.cost_span.high)
        return out


@dataclass(slots=True)
class CostBreakdown:
    components: list[CostComponent]
    monthly_cost: Decimal = field(init=False)
    # False when some charge of this side has no price (its monthly_cost is a lower bound)
    complete: bool = True
    # Set when the side was priced with a usage range (see :class:`Span`).
    cost_span: Span | None = None

    def __post_init__(self) -> None:
        total = Decimal(0)
        for component in self.components:
            if component.monthly_cost is not None:
                total += component.monthly_cost
        self.monthly_cost = total

    @property
    def low(self) -> Decimal:
        return self.cost_span.low if self.cost_span and self.cost_span.low is not None \
            else self.monthly_cost

    @property
    def high(self) -> Decimal:
        return self.cost_span.high if self.cost_span and self.cost_span.high is not None \
            else self.monthly_cost

    def to_dict(self) -> dict[str, Any]:
        out = {
            "monthly_cost": _num(self.monthly_cost),
            "components": [c.to_dict() for c in self.components],
        }
        if self.cost_span is not None:
            out["monthly_cost_low"] = _num(self.cost_span.low)
            out["monthly_cost_high"] = _num(self.cost_span.high)
        return out


@dataclass(slots=True)
class ResourceCost:
    address: str
    type: str
    provider: str
    region: str | None
    action: Action
    status: Status
    before: CostBreakdown | None
    after: CostBreakdown | None
    notes: list[str] = field(default_factory=list)
    # The usage-file values this resource was priced with, and where each came from:
    # [{"key", "value", "source": exact|wildcard|type_default, "entry"}]
    usage: list[dict[str, Any]] = field(default_factory=list)
    # Effective tags (AWS tags_all / default_tags, GCP labels, Azure tags); None: the
    # resource has no tags attribute.
    tags: dict[str, str] | None = None

    @property
    def monthly_before(self) -> Decimal:
        return self.before.monthly_cost if self.before else Decimal(0)

    @property
    def monthly_after(self) -> Decimal:
        return self.after.monthly_cost if self.after else Decimal(0)

    @property
    def delta_known(self) -> bool:
        """Both sides fully priced (or free / not a cloud resource)."""
        return self.status in KNOWN_STATUSES

    @property
    def monthly_delta(self) -> Decimal | None:
        """After minus before; None when either side is not fully priced (never a one-sided
        figure that would read as a saving or an increase)."""
        if not self.delta_known:
            return None
        if self.status != "priced":
            return Decimal(0)
        return self.monthly_after - self.monthly_before

    @property
    def ranged(self) -> bool:
        """Priced with a usage range: its figures have low and high ends."""
        return any(side is not None and side.cost_span is not None
                   for side in (self.before, self.after))

    @property
    def delta_span(self) -> Span | None:
        """The low and high end of the delta over the usage ranges (None without a range).

        Both sides were priced with the same usage values, so the delta at each end is that
        end's after minus that end's before (never one side's low against the other's high).
        """
        if not self.ranged:
            return None
        delta = self.monthly_delta
        if delta is None:
            return Span(None, None)
        if self.status != "priced":
            return Span(delta, delta)
        before, after = self.before, self.after
        ends = [delta]
        for end in ("low", "high"):
            ends.append((getattr(after, end) if after else Decimal(0))
                        - (getattr(before, end) if before else Decimal(0)))
        return Span.of(ends)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "address": self.address,
            "type": self.type,
            "provider": self.provider,
            "region": self.region,
            "action": self.action,
            "status": self.status,
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict() if self.after else None,
            "monthly_delta": _num(self.monthly_delta),
            **self._delta_ends(),
            # sides whose breakdown misses a charge (their monthly_cost is a lower bound)
            "partial_sides": [name for name, side in (("before", self.before),
                                                       ("after", self.after))
                              if side is not None and not side.complete],
            "notes": list(self.notes),
        }
        if self.usage:
            out["usage"] = [dict(u) for u in self.usage]
        if self.tags is not None:
            out["tags"] = dict(self.tags)
        return out

    def _delta_ends(self) -> dict[str, Any]:
        span = self.delta_span
        if span is None:
            return {}
        return {"monthly_delta_low": _num(span.low), "monthly_delta_high": _num(span.high)}


def _num(value: Decimal | None) -> float | int | None:
    """Decimals become JSON numbers; integral values stay integers for readability."""
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 1e15 else number
