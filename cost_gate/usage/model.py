"""The typed usage model a usage file loads into (no YAML, no resources here).

Values keep the shape the format allows: numbers (``Decimal``), strings (enumerations such as
``operating_system: windows``), booleans, lists of maps, and ranges (``{min, max, expected}``,
recognised but not priced yet). Nested maps are flattened to dotted keys
(``standard: {storage_gb: 10}`` -> ``standard.storage_gb``), the way the key catalogue names
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class UsageRange:
    """``{min: X, max: Y, expected: Z}``: recognised, not priced yet (a later round adds it)."""

    min: Decimal | None
    max: Decimal | None
    expected: Decimal | None = None


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
