"""Runtime values of the HCL evaluator: unknowns, lazily-resolved objects, conversions.

Values are plain Python: ``None`` (null), ``bool``, ``int``/``float``, ``str``, ``list`` and
``dict``. :class:`Unknown` stands for a value that cannot be known here, either because
Terraform itself only knows it after apply (``computed``) or because HCL mode cannot
evaluate it (a data source, a remote module that is not downloaded, an unsupported
function...). Unknowns propagate through every operation, carrying the resource addresses
they came from so that references survive locals, variables and module outputs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any


class EvalError(Exception):
    """The expression is well formed but cannot be evaluated (wrong type, missing key...)."""


class Unknown:
    """A value not known in HCL mode; ``computed`` means Terraform would not know it either."""

    __slots__ = ("reason", "refs", "computed")

    def __init__(self, reason: str = "", refs: Iterable[str] = (), computed: bool = False):
        self.reason = reason
        self.refs = frozenset(refs)
        self.computed = computed

    def with_refs(self, refs: Iterable[str]) -> Unknown:
        extra = frozenset(refs)
        if extra <= self.refs:
            return self
        return Unknown(self.reason, self.refs | extra, self.computed)

    def __repr__(self) -> str:
        kind = "computed" if self.computed else "unevaluated"
        return f"Unknown({kind}: {self.reason!r}, refs={sorted(self.refs)})"

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__


def merge_unknowns(*values: Any) -> Unknown:
    """Combine unknown operands: the first reason wins, references are unioned."""
    unknowns = [v for v in values if isinstance(v, Unknown)]
    first = next((u for u in unknowns if not u.computed), unknowns[0])
    refs: frozenset[str] = frozenset().union(*(u.refs for u in unknowns))
    return Unknown(first.reason, refs, first.computed)


def first_unknown(value: Any) -> Unknown | None:
    """The first unknown found anywhere inside ``value`` (depth first), or None."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        items: Iterable[Any] = value.values()
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        found = first_unknown(item)
        if found is not None:
            return found
    return None


class LazyObject:
    """An object whose attributes are produced on demand (``var``, ``local``, modules...)."""

    def __init__(
        self,
        label: str,
        getter: Callable[[str], Any],
        names: Callable[[], Iterable[str]] | None = None,
    ):
        self.label = label
        self._getter = getter
        self._names = names

    def get(self, name: str) -> Any:
        return self._getter(name)

    def names(self) -> list[str]:
        return list(self._names()) if self._names else []

    def materialize(self) -> dict[str, Any]:
        return {name: self.get(name) for name in self.names()}


class ResourceObject:
    """One resource instance as seen from expressions: configured arguments are known,
    everything else (``id``, ``arn``...) is computed after apply."""

    def __init__(self, address: str, attributes: dict[str, Any]):
        self.address = address
        self.attributes = attributes

    def get(self, name: str) -> Any:
        if name in self.attributes:
            value = self.attributes[name]
            if isinstance(value, Unknown):
                return value.with_refs([self.address])
            return value
        return Unknown(
            f"{self.address}.{name} is known only after apply", [self.address], computed=True
        )


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def normalize_number(value: float | int) -> float | int:
    """Whole floats become ints; a non-finite result (``1e400``, ``inf - inf``) is an error,
    never a value, so no infinity or NaN reaches a price."""
    if isinstance(value, float):
        if value - value != 0:
            raise EvalError("number out of range (not finite)")
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def to_number(value: Any) -> int | float:
    if is_number(value):
        return normalize_number(value) if isinstance(value, float) else value
    if isinstance(value, str) and len(value) <= 400:
        try:
            return normalize_number(float(value)) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            pass
    raise EvalError(f"a number is required, got {describe(value)}")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"a bool is required, got {describe(value)}")


def to_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    if value is None:
        raise EvalError("a null value cannot be used as a string")
    raise EvalError(f"a string is required, got {describe(value)}")


def format_number(value: int | float) -> str:
    value = normalize_number(value)
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    return text


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, (dict, LazyObject, ResourceObject)):
        return "object"
    return type(value).__name__


def materialize(value: Any) -> Any:
    """Resolve lazy objects into plain dicts (recursively); unknowns are kept."""
    if isinstance(value, LazyObject):
        return {k: materialize(v) for k, v in value.materialize().items()}
    if isinstance(value, ResourceObject):
        return {k: materialize(v) for k, v in value.attributes.items()}
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [materialize(v) for v in value]
    return value


def to_json_text(value: Any) -> str:
    value = materialize(value)
    unknown = first_unknown(value)
    if unknown is not None:
        raise UnknownFound(unknown)
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


class UnknownFound(Exception):
    """Raised by helpers that meet an unknown deep inside an argument."""

    def __init__(self, unknown: Unknown):
        super().__init__(unknown.reason)
        self.unknown = unknown
