"""The typed usage model a usage file loads into (no YAML, no resources here).

Values keep the shape the format allows: numbers (``Decimal``), strings (enumerations such as
``operating_system: windows``), booleans, lists of maps, and ranges (``{min, max, expected}``:
priced at each end and at the point estimate). Nested maps are flattened to dotted keys
(``standard: {storage_gb: 10}`` -> ``standard.storage_gb``), the way the key catalogue names
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

#: Where a usage range is read: its low end, its point estimate, its high end.
End = Literal["low", "expected", "high"]
ENDS: tuple[End, ...] = ("low", "expected", "high")


@dataclass(frozen=True)
class UsageRange:
    """``{min: X, max: Y, expected: Z}``: a usage estimate known only within bounds.

    The point estimate is ``expected`` when given, else the midpoint. ``raw`` keeps the
    values as written (for the loader's messages); a checked range has numbers for ``min`` and
    ``max``, ``min <= max`` and ``expected`` between them.
    """

    min: Decimal | None
    max: Decimal | None
    expected: Decimal | None = None
    raw: Any = field(default=None, compare=False, repr=False)

    @property
    def point(self) -> Decimal:
        if self.expected is not None:
            return self.expected
        assert self.min is not None and self.max is not None
        return (self.min + self.max) / 2

    def at(self, end: End) -> Decimal:
        """The value at one end of the range (``expected``: the point estimate)."""
        value = {"low": self.min, "high": self.max}.get(end)
        return self.point if value is None else value

    def problem(self) -> str | None:
        """What makes this range unusable (None when it is a valid range of numbers)."""
        raw = self.raw if isinstance(self.raw, dict) else {}
        for name in ("min", "max"):
            if getattr(self, name) is None:
                given = raw.get(name)
                return (f"a range needs a number for {name}, got {given!r}" if given is not None
                        else f"a range needs both min and max (no {name})")
        if raw.get("expected") is not None and self.expected is None:
            return f"range expected must be a number, got {raw['expected']!r}"
        assert self.min is not None and self.max is not None
        if self.min < 0:
            return f"range min must not be negative, got {_plain(self.min)}"
        if self.min > self.max:
            return f"range min {_plain(self.min)} is greater than max {_plain(self.max)}"
        if self.expected is not None and not self.min <= self.expected <= self.max:
            return (f"range expected {_plain(self.expected)} is outside "
                    f"{_plain(self.min)}-{_plain(self.max)}")
        return None

    def to_dict(self) -> dict[str, Any]:
        """The range as written: ``{min, max}`` and ``expected`` when given (JSON numbers)."""
        out = {"min": _json_number(self.min), "max": _json_number(self.max)}
        if self.expected is not None:
            out["expected"] = _json_number(self.expected)
        return out


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and abs(value) < 10**15 \
        else float(value)


# A list of maps keeps each item as its own flattened mapping.
UsageValue = Decimal | str | bool | UsageRange | list


@dataclass(frozen=True)
class UsageWarning:
    """A mistake in a usage file: where (file, key path), what, and the closest valid spelling."""

    file: str
    key: str
    message: str
    suggestion: str | None = None

    def text(self) -> str:
        hint = f" (did you mean `{self.suggestion}`?)" if self.suggestion else ""
        where = f"{self.key}: " if self.key else ""
        return f"{self.file}: {where}{self.message}{hint}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "key": self.key, "message": self.message,
                "suggestion": self.suggestion, "text": self.text()}


@dataclass
class Usage:
    """A loaded usage file.

    ``by_address``: address or wildcard pattern (``aws_instance.web[*]``) -> key -> value;
    ``by_type``: resource type -> key -> value (``resource_type_default_usage``).
    ``warnings``: mistakes found while loading (values they concern are left out).
    """

    by_address: dict[str, dict[str, UsageValue]] = field(default_factory=dict)
    by_type: dict[str, dict[str, UsageValue]] = field(default_factory=dict)
    path: str = "usage file"
    version: str | None = None
    warnings: list[UsageWarning] = field(default_factory=list)

    def for_resource(self, address: str, resource_type: str) -> dict[str, UsageValue]:
        """The values that apply to one resource, best match per key (see :mod:`.resolve`)."""
        from cost_gate.usage.resolve import AddressMatcher

        resolved = AddressMatcher(self).resolve(address, resource_type)
        return {key: found.value for key, found in resolved.items()}
