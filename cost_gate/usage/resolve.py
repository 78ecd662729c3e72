"""Matching: a loaded usage file x the resources of the inputs -> values per resource + warnings.

Per key, the most specific entry wins: the exact address, then a wildcard (``[*]`` stands for
any index or key, in modules too: ``module.app[*].aws_lambda_function.fn``; fewer wildcards beat
more), then the type default. An address written without its index (``aws_lb.app``) also
covers ``aws_lb.app[0]``, ``aws_lb.app["a"]``... as one wildcard (cost-gate's earlier format).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cost_gate.usage.model import End, Usage, UsageRange, UsageValue, UsageWarning

EXACT, WILDCARD, TYPE_DEFAULT = "exact", "wildcard", "type_default"
_ANY_INDEX = r'\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]'
_LAST_INDEX = re.compile(_ANY_INDEX + r"$")
_TYPE_DEFAULT_RANK = 1000


@dataclass(frozen=True)
class Found:
    """A value that applies to a resource, and the entry it came from."""

    value: UsageValue
    source: str  # exact | wildcard | type_default
    entry: str  # the address/pattern, or the type for a type default
    rank: int  # lower is more specific

    def to_dict(self, key: str) -> dict[str, Any]:
        """``value`` is the point estimate; a range also gives ``range: {min, max[,
        expected]}`` as written."""
        out = {"key": key, "value": json_value(self.value), "source": self.source,
               "entry": self.entry}
        if isinstance(self.value, UsageRange):
            out["range"] = self.value.to_dict()
        return out


def json_value(value: Any) -> Any:
    if isinstance(value, UsageRange):
        return json_value(value.point)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 \
            else float(value)
    if isinstance(value, list):
        return [{k: json_value(v) for k, v in item.items()} if isinstance(item, dict)
                else json_value(item) for item in value]
    return value


@dataclass
class _Pattern:
    text: str
    regex: re.Pattern[str]
    rank: int


class AddressMatcher:
    """Finds the entries of a usage file that apply to an address; remembers which matched."""

    def __init__(self, usage: Usage):
        self.usage = usage
        self.matched: set[str] = set()
        self._patterns: list[_Pattern] = []
        for text in usage.by_address:
            if "[*]" in text:
                parts = [re.escape(p) for p in text.split("[*]")]
                self._patterns.append(_Pattern(text, re.compile(_ANY_INDEX.join(parts) + "$"),
                                               1 + text.count("[*]")))

    def resolve(self, address: str, resource_type: str) -> dict[str, Found]:
        usage = self.usage
        candidates: list[tuple[int, str, str, dict[str, UsageValue]]] = []
        if address in usage.by_address:
            candidates.append((0, EXACT, address, usage.by_address[address]))
        bare = _LAST_INDEX.sub("", address)
        if bare != address and bare in usage.by_address:
            candidates.append((1, WILDCARD, bare, usage.by_address[bare]))
        for pattern in self._patterns:
            if pattern.regex.match(address):
                candidates.append((pattern.rank, WILDCARD, pattern.text,
                                   usage.by_address[pattern.text]))
        if resource_type in usage.by_type:
            candidates.append((_TYPE_DEFAULT_RANK, TYPE_DEFAULT, resource_type,
                               usage.by_type[resource_type]))
        out: dict[str, Found] = {}
        # Least specific first, so more specific entries overwrite per key; stable for ties
        # (the earlier entry in the file wins a tie).
        for rank, source, entry, values in sorted(candidates, key=lambda c: -c[0]):
            if source != TYPE_DEFAULT:
                self.matched.add(entry)
            for key, value in values.items():
                previous = out.get(key)
                if previous is None or rank <= previous.rank:
                    out[key] = Found(value, source, entry, rank)
        return out


class UsageView:
    """What a pricing rule sees of the usage file: typed reads that record what was used.

    ``number``/``string`` take one or more key names (a format key and its cost-gate alias);
    the most specific value among them wins. Every key asked for is remembered (``usage init``
    learns the keys that apply to a resource this way), and every value returned is recorded
    with its origin for the report.

    A range (``{min, max}``) reads as its point estimate; :meth:`at` gives a view that reads
    every range at its low or high end instead (the estimator prices a resource that used a
    range once more at each end).
    """

    def __init__(self, values: dict[str, Found] | None = None, end: End = "expected"):
        self.values = values or {}
        self.end: End = end
        self.asked: list[str] = []
        self.used: dict[str, Found] = {}

    def at(self, end: End) -> UsageView:
        """The same values, each range read at ``end``."""
        return UsageView(self.values, end)

    @property
    def ranged(self) -> bool:
        """A value this view returned was a range."""
        return any(isinstance(found.value, UsageRange) for found in self.used.values())

    def _best(self, keys: tuple[str, ...]) -> tuple[str, Found] | None:
        best: tuple[str, Found] | None = None
        for key in keys:
            if key not in self.asked:
                self.asked.append(key)
            found = self.values.get(key)
            if found is not None and (best is None or found.rank < best[1].rank):
                best = (key, found)
        return best

    def sets_any(self, *keys: str) -> bool:
        """Whether the usage file gives one of ``keys`` a value other than 0, without asking
        for them (``usage init`` does not list keys only looked at this way)."""
        return any(found.value != 0 for key in keys
                   if (found := self.values.get(key)) is not None)

    def number(self, *keys: str) -> Decimal | None:
        best = self._best(keys)
        if best is None:
            return None
        value = best[1].value
        if isinstance(value, UsageRange):
            self.used[best[0]] = best[1]
            return value.at(self.end)
        if isinstance(value, bool) or not isinstance(value, Decimal):
            return None
        self.used[best[0]] = best[1]
        return value

    def string(self, *keys: str) -> str | None:
        best = self._best(keys)
        if best is None or not isinstance(best[1].value, str):
            return None
        self.used[best[0]] = best[1]
        return best[1].value

    def provenance(self) -> list[dict[str, Any]]:
        return [found.to_dict(key) for key, found in self.used.items()]


EMPTY_VIEW_VALUES: dict[str, Found] = {}


@dataclass
class UsageTracker:
    """Resolves the usage file for every resource priced, then reports what was not applied.

    ``block()`` is the report's ``usage`` block: the file, its warnings (load-time mistakes and
    entries that match no resource) and the keys of the format that cost-gate does not price
    yet (info, once per type and key).
    """

    usage: Usage
    matcher: AddressMatcher = field(init=False)
    addresses: list[str] = field(default_factory=list)
    _set_keys: dict[str, set[str]] = field(default_factory=dict)
    _asked_keys: dict[str, set[str]] = field(default_factory=dict)
    _views: list[tuple[str, UsageView]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.matcher = AddressMatcher(self.usage)

    def view(self, address: str, resource_type: str) -> UsageView:
        self.addresses.append(address)
        values = self.matcher.resolve(address, resource_type)
        view = UsageView(values)
        if values:
            self._set_keys.setdefault(resource_type, set()).update(values)
            self._views.append((resource_type, view))
        return view

    def absorb(self, other: UsageTracker) -> None:
        """Add what another project priced with the same usage file matched and asked (an
        entry is unmatched only when it matches no resource of any of them)."""
        self.addresses += other.addresses
        self.matcher.matched |= other.matcher.matched
        for resource_type, keys in other._set_keys.items():
            self._set_keys.setdefault(resource_type, set()).update(keys)
        self._views += other._views

    def block(self) -> dict[str, Any]:
        warnings = list(self.usage.warnings) + self._unmatched()
        return {
            "file": self.usage.path,
            "version": self.usage.version,
            "warnings": [w.to_dict() for w in warnings],
            "not_used": self._not_used(),
        }

    def _unmatched(self) -> list[UsageWarning]:
        import difflib

        out = []
        for entry in self.usage.by_address:
            if entry in self.matcher.matched:
                continue
            close = difflib.get_close_matches(entry, self.addresses, n=1, cutoff=0.6)
            kind = "wildcard" if "[*]" in entry else "address"
            out.append(UsageWarning(self.usage.path, f"resource_usage.{entry}",
                                    f"this {kind} matches no resource in the input",
                                    close[0] if close else None))
        return out

    def _not_used(self) -> list[dict[str, str]]:
        from cost_gate.rules import rule_for, usage_keys_for
        from cost_gate.usage.catalogue import format_keys

        asked: dict[str, set[str]] = {}
        for resource_type, view in self._views:
            asked.setdefault(resource_type, set()).update(view.asked)
        out = []
        for resource_type in sorted(self._set_keys):
            declared = {k.name for k in usage_keys_for(resource_type)}
            in_format = format_keys().get(resource_type, {})
            priced = rule_for(resource_type) is not None
            for key in sorted(self._set_keys[resource_type]):
                if key in declared or key in asked.get(resource_type, set()):
                    continue
                if re.sub(r"\[\d+\]", "[0]", key) not in in_format and \
                        not _list_item_key(key, in_format):
                    continue
                why = ("cost-gate does not price this charge yet" if priced
                       else f"cost-gate does not price {resource_type} yet")
                out.append({"type": resource_type, "key": key, "reason": why,
                            "message": f"{resource_type}.{key} is not used yet: {why}"})
        return out


def _list_item_key(key: str, keys: Iterable[str]) -> bool:
    return any(k.startswith((f"{key}.[].", f"{key}[0].")) for k in keys)
