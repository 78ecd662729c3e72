"""The vocabulary pricing rules are written in.

A rule is a function ``(Resource) -> list[Component]``. A :class:`Component` names the charge,
its unit, its monthly quantity (``None`` for usage-based charges without a usage estimate) and
a :class:`PriceRef` that selects exactly one price in the local table. Rules never look prices
up themselves; :mod:`cost_gate.estimate` does, so rules stay small and declarative.

Rules read attributes through :class:`Resource`'s typed accessors (``string``, ``number``,
``flag``, ``need``): a wrong shape or an impossible value (a list for a string, a negative size,
NaN) raises :class:`BadAttribute`, which the estimator turns into a ``partial`` note naming the
attribute — validation lives there, not in every rule.

Usage estimates reach a rule through ``r.usage`` (a :class:`~cost_gate.usage.resolve.UsageView`:
``r.usage.number("monthly_requests")``, ``r.usage.string("operating_system")``), so a key that
changes what is priced is read where the price is chosen; the keys a rule reads are declared
with it as :class:`UsageKey`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.usage.resolve import UsageView


@dataclass(frozen=True)
class PriceRef:
    """Selects one price: provider/service/product with exact attributes, in a region.

    ``fallbacks`` are alternative attribute sets tried in order when the first has no price
    (e.g. an engine-specific storage price, then the engine-independent one);
    ``region_fallbacks`` are regions tried after the resource's own (e.g. "global" for prices
    published without a region); ``region`` prices in that region instead of the resource's
    (a DynamoDB table replica's capacity, a secret's replica: billed in the replica's region).
    """

    service: str
    product: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    provider: str = "aws"
    fallbacks: tuple[Mapping[str, str], ...] = ()
    region_fallbacks: tuple[str, ...] = ()
    region: str | None = None


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
    # For an optional charge: the note shown (once per resource) when the data has no price.
    missing_note: str | None = None
    # Usage-based components name the usage-file key that estimates them; the monthly quantity
    # is the estimate times ``usage_multiplier`` (730 for per-hour averages).
    usage_key: str | None = None
    usage_multiplier: Decimal = Decimal(1)
    # A variant priced instead when the data has its price (e.g. a reserved rate asked for in
    # the usage file); otherwise this component is priced and ``fallback_note`` says why.
    preferred: Component | None = None
    fallback_note: str | None = None
    # A discount on another component of the resource (e.g. GCP sustained use): the only kind
    # of component whose quantity may be negative (its name says "discount").
    discount: bool = False
    # A fixed charge whose quantity comes from an attribute the configuration sets but that is
    # known only after apply (quantity None): shown per unit, the resource partial, the
    # attribute named in a note (see :func:`after_apply`).
    after_apply: str | None = None


@dataclass(frozen=True)
class UsageKey:
    """A usage-file key a rule reads: its unit and meaning (``cost-gate usage init`` writes
    them as comments).

    ``kind``: ``quantity`` estimates a usage-based charge (init writes it with value 0);
    ``setting`` changes how a charge is priced (operating system, instance count, reserved
    term...; init writes it commented out, with ``default``). ``legacy``: a key of cost-gate's
    earlier usage format, still read but not written by init.
    """

    name: str
    unit: str
    description: str
    kind: str = "quantity"
    value_type: str = "number"
    choices: tuple[str, ...] = ()
    default: str | None = None
    legacy: bool = False


class MissingAttribute(Exception):
    """A cost-driving attribute is unknown (known only after apply) or absent."""

    def __init__(self, path: str, reason: str = "known only after apply"):
        super().__init__(f"{path} is {reason}")
        self.path = path
        self.reason = reason


class BadAttribute(MissingAttribute):
    """A cost-driving attribute has the wrong shape or an out-of-range value (a list where a
    string is expected, a negative size, NaN...). Priced as ``partial`` with a note naming it."""

    def __init__(self, path: str, got: Any, expected: str):
        super().__init__(path, f"{_describe(got)}, expected {expected}")
        self.got = got
        self.expected = expected


def _describe(value: Any) -> str:
    """A short, safe description of an unexpected value for a note."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, float) and value != value:
        return "NaN"
    text = repr(value)
    return f"{text[:40]}..." if len(text) > 43 else text


class NotPriceable(Exception):
    """The resource, as configured, is something we do not price (say why)."""

    status = "unsupported"


class NoCharge(NotPriceable):
    """The resource, as configured, has no charge of its own (a gateway VPC endpoint, an alias
    record...): reported as ``free`` with the message as a note (a kind of NotPriceable, so
    callers that only need "nothing to price" can catch that)."""

    status = "free"


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
    usage: UsageView = field(default_factory=UsageView)
    # A referenced resource being updated: its before side (e.g. a launch template's default
    # version when the plan creates a new latest version).
    previous: Resource | None = None
    # The day prices apply to (the estimate's "today"): date-dependent charges (RDS Extended
    # Support, EKS versions past standard support) read it here, so a rule stays a pure
    # function of its inputs.
    today: date = field(default_factory=date.today)
    # Resources of a type whose references point at this one (e.g. the capacity providers of
    # an ECS cluster).
    lookup_referrers: Callable[[str, str], list[Resource]] = lambda _address, _type: []
    # Attribute paths the configuration sets (list indices dropped: "root_block_device.iops");
    # None when the input does not say, and then an unknown value is taken as one it sets.
    configured: frozenset[str] | None = None
    # Fixed charges the rule knows the resource incurs but cannot price (see `unpriced`).
    unpriced_charges: list[str] = field(default_factory=list)

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

    def set_in_config(self, path: str) -> bool:
        """Whether the configuration sets ``path`` (an unknown value it does not set is a
        provider default computed at apply, e.g. gp3's baseline IOPS)."""
        if self.configured is None:
            return True
        return ".".join(p for p in path.split(".") if not p.isdigit()) in self.configured

    def unknown_in_config(self, path: str) -> bool:
        """Known only after apply although the configuration sets it (a reference or an
        expression over one)."""
        return self.is_unknown(path) and self.set_in_config(path)

    def need(self, path: str) -> Any:
        """A value the price depends on; raises MissingAttribute when unknown or absent."""
        if self.is_unknown(path):
            raise MissingAttribute(path)
        value = self.get(path)
        if value is None or value == "":
            raise MissingAttribute(path, "not set")
        return value

    # Typed accessors: every rule reads the attributes it prices through these, so a wrong shape
    # or an impossible value becomes a `partial` note naming the attribute, never an exception.

    def string(self, path: str, default: str | None = None, *,
               required: bool = False, unknown_ok: bool = False) -> str | None:
        """A string attribute (numbers are accepted as their text, as Terraform does).
        ``unknown_ok``: a value known only after apply reads as absent (a charge-neutral
        attribute such as a license type), instead of raising MissingAttribute."""
        value = self._value(path, required, unknown_ok)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
            raise BadAttribute(path, value, "a string")
        text = value if isinstance(value, str) else str(value)
        if required and text == "":
            raise MissingAttribute(path, "not set")
        return text if text != "" else default

    def number(self, path: str, default: Decimal | int | None = None, *,
               required: bool = False, integer: bool = False,
               minimum: Decimal | int = 0, maximum: Decimal | int | None = None,
               unknown_ok: bool = False) -> Decimal | None:
        """A finite number in [minimum, maximum] (numeric strings accepted, as Terraform does)."""
        value = self._value(path, required, unknown_ok)
        if value is None or value == "":
            if required:
                raise MissingAttribute(path, "not set")
            return None if default is None else Decimal(default)
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            raise BadAttribute(path, value, "a number")
        try:
            number = Decimal(str(value).strip())
        except ArithmeticError:
            raise BadAttribute(path, value, "a number") from None
        if not number.is_finite():
            raise BadAttribute(path, value, "a finite number")
        if integer and number != number.to_integral_value():
            raise BadAttribute(path, value, "a whole number")
        if number < minimum or (maximum is not None and number > maximum):
            bounds = f">= {minimum}" if maximum is None else f"between {minimum} and {maximum}"
            raise BadAttribute(path, value, f"a number {bounds}")
        return number

    def flag(self, path: str, default: bool = False, *, unknown_ok: bool = False) -> bool:
        """A boolean attribute ("true"/"false" strings accepted, as Terraform converts them)."""
        value = self._value(path, False, unknown_ok)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise BadAttribute(path, value, "true or false")

    def _value(self, path: str, required: bool, unknown_ok: bool = False) -> Any:
        if self.is_unknown(path):
            if unknown_ok and not required:
                return None
            raise MissingAttribute(path)
        value = self.get(path)
        if value is None and required:
            raise MissingAttribute(path, "not set")
        return value

    def blocks(self, path: str) -> list[Mapping[str, Any]]:
        """The objects of a nested block (list) at a name or dotted path ("a.0.b"); [] when
        absent. A value that is not a list of objects (a string, a list of numbers) raises
        BadAttribute. Read a block's values through the typed accessors with the paths of
        :meth:`block_paths`, not from these dicts."""
        return [self.get(p) for p in self.block_paths(path)]

    def block_paths(self, path: str) -> list[str]:
        """The dotted paths of the objects of a nested block ("ebs_block_device.0", ...), for
        reading their values through the typed accessors; [] when absent. Null items are
        skipped; an item or a value that is not an object raises BadAttribute."""
        value = self.get(path)
        if value is None:
            return []
        if isinstance(value, Mapping):
            return [path]
        if not isinstance(value, list):
            raise BadAttribute(path, value, "a block (a list of objects)")
        paths = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                paths.append(f"{path}.{i}")
            elif item is not None:
                raise BadAttribute(f"{path}.{i}", item, "an object")
        return paths

    def block(self, path: str) -> Mapping[str, Any]:
        """One object (a single nested block "a.0", or a map attribute); {} when absent; any
        other value raises BadAttribute."""
        value = self._value(path, False)
        if value is None:
            return {}
        if isinstance(value, list) and len(value) <= 1:  # a block list given for its item
            value = value[0] if value else {}
        if not isinstance(value, Mapping):
            raise BadAttribute(path, value, "an object")
        return value

    def length(self, path: str) -> int:
        """The number of items of a list/set attribute (0 when absent); its items may be
        unknown, its length may not."""
        value = self._value(path, False)
        if value is None:
            return 0
        if not isinstance(value, (list, tuple)):
            raise BadAttribute(path, value, "a list")
        return len(value)

    def referenced(self, path: str) -> Resource | None:
        """The other resource an attribute refers to (e.g. launch_template.id)."""
        for address in self.references.get(path, []):
            found = self.lookup_resource(address)
            if found is not None:
                return found
        return None

    def referrers(self, resource_type: str) -> list[Resource]:
        """Resources of ``resource_type`` in the plan that refer to this resource."""
        return self.lookup_referrers(self.address, resource_type)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def unpriced(self, charge: str) -> None:
        """A fixed charge of this resource that the data cannot price: the priced components
        stay, but the resource is ``partial`` (its delta unknown) and a note names the charge.
        Usage-dependent charges without a price are notes instead (they add nothing)."""
        if charge not in self.unpriced_charges:
            self.unpriced_charges.append(charge)


def hourly(name: str, price: PriceRef, count: Decimal | int = 1) -> Component:
    """A charge per running hour, for ``count`` units all month (730 hours)."""
    return Component(name, "hours", HOURS_PER_MONTH * Decimal(count), price)


def monthly(name: str, unit: str, quantity: Decimal | int | float, price: PriceRef,
            *, tiered: bool = False) -> Component:
    return Component(name, unit, Decimal(str(quantity)), price, tiered=tiered)


def after_apply(name: str, unit: str, price: PriceRef, attribute: str) -> Component:
    """A fixed charge whose quantity depends on ``attribute``, set in the configuration but
    known only after apply: priced per unit, and the resource is ``partial``."""
    return Component(name, unit, None, price, after_apply=attribute)


def usage(name: str, unit: str, price: PriceRef, key: str, *, per_hour: bool = False) -> Component:
    """A usage-based charge: shown as "$X per unit" until the usage file estimates ``key``.

    ``per_hour``: the usage key is an hourly average (e.g. capacity units), so a month is
    730 times it.
    """
    return Component(name, unit, None, price, usage_based=True, usage_key=key,
                     usage_multiplier=HOURS_PER_MONTH if per_hour else Decimal(1))


def billed_requests(r: Resource, chunk_kb: int) -> Decimal | None:
    """``monthly_requests`` from the usage file, each started ``chunk_kb`` of the average
    ``request_size_kb`` billed as one request; None without an estimate."""
    requests = r.usage.number("monthly_requests")
    size = r.usage.number("request_size_kb")
    if requests is None:
        return None
    if size is None:
        return requests
    chunks = (size / chunk_kb).to_integral_value(rounding=ROUND_CEILING)
    return requests * max(Decimal(1), chunks)


MONTHLY_HRS = UsageKey("monthly_hrs", "hours", "hours per month the machine runs",
                       kind="setting", default="730")


def apply_monthly_hrs(r: Resource, comp: Component, count: Decimal | int = 1) -> Component:
    """An hourly charge for the usage file's ``monthly_hrs`` (per machine) instead of 730."""
    hours = r.usage.number("monthly_hrs")
    if hours is not None:
        comp.quantity = hours * Decimal(count)
    return comp


RESERVED_TERMS = ("1_year", "3_year")
RESERVED_PAYMENTS = ("no_upfront", "partial_upfront", "all_upfront")
RESERVED_CLASSES = ("convertible", "standard")


def reserved_usage_keys(*, offering_class: bool) -> tuple[UsageKey, ...]:
    """The reserved-instance usage keys (EC2-style types also have an offering class)."""
    keys = (
        UsageKey("reserved_instance_term", "", "price at the reserved rate for this term",
                 kind="setting", value_type="str", choices=RESERVED_TERMS),
        UsageKey("reserved_instance_payment_option", "", "reserved payment option",
                 kind="setting", value_type="str", choices=RESERVED_PAYMENTS),
    )
    if offering_class:
        keys += (UsageKey("reserved_instance_type", "", "reserved offering class",
                          kind="setting", value_type="str", choices=RESERVED_CLASSES),)
    return keys


RESERVED_TERM_ATTRS = {"1_year": "reserved-1y", "3_year": "reserved-3y"}
RESERVED_TERM_MONTHS = {"1_year": 12, "3_year": 36}


def prefer_reserved(r: Resource, comp: Component, *, offering_class: bool) -> None:
    """When the usage file asks for reserved pricing, price ``comp`` at the reserved rate if
    the data has one (same product and attributes plus the price table's reserved attributes
    ``term`` = reserved-1y/reserved-3y, ``purchase_option`` = the payment option,
    ``offering_class``; the recurring hourly rate — see :func:`reserved_upfront` for the
    upfront fee); otherwise keep the on-demand price with a note saying so."""
    term = r.usage.string("reserved_instance_term")
    payment = r.usage.string("reserved_instance_payment_option")
    kind = r.usage.string("reserved_instance_type") if offering_class else None
    if term is None and payment is None and kind is None:
        return
    term = term or "1_year"
    payment = payment or "no_upfront"
    kind = kind or "standard"  # RDS and ElastiCache reservations are all "standard"
    attrs = {**comp.price.attrs, "term": RESERVED_TERM_ATTRS.get(term, term),
             "purchase_option": payment, "offering_class": kind}
    label = f"{term.replace('_', ' ')}, {payment.replace('_', ' ')}"
    if offering_class:
        label = f"{kind}, {label}"
    name = comp.name.replace("on-demand", f"reserved {label}")
    if name == comp.name:
        name = f"{comp.name} (reserved {label})"
    comp.preferred = Component(name, comp.unit, comp.quantity,
                               PriceRef(comp.price.service, comp.price.product, attrs,
                                        comp.price.provider))
    comp.fallback_note = (f"reserved pricing ({label}) is not in the price data; "
                          "the on-demand price is shown")


def reserved_upfront(r: Resource, comp: Component) -> Component | None:
    """The upfront fee of the reservation :func:`prefer_reserved` asked for, spread evenly over
    the months of its term (one fee per instance running all month); optional, so it is priced
    only where the data has the fee (product ``<product>_reserved_upfront``, same attributes
    as the reserved hourly rate)."""
    if comp.preferred is None or comp.quantity is None:
        return None
    attrs = comp.preferred.price.attrs
    if attrs.get("purchase_option") == "no_upfront":
        return None
    term = r.usage.string("reserved_instance_term") or "1_year"
    months = RESERVED_TERM_MONTHS.get(term, 12)
    instances = comp.quantity / HOURS_PER_MONTH
    return Component(f"Reserved upfront fee ({term.replace('_', ' ')}, spread over {months} "
                     "months)", "instances", instances / months,
                     PriceRef(comp.price.service, f"{comp.price.product}_reserved_upfront",
                              attrs, comp.price.provider), optional=True)


def to_decimal(value: Any) -> Decimal:
    return Decimal(str(value))


Rule = Callable[[Resource], list[Component]]
