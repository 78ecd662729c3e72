"""Number formatting shared by gate messages and every renderer (one way to write $ amounts)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def _dec(value: Any) -> Decimal:
    return Decimal(str(value or 0))


def money(value: Any) -> str:
    """$1,234.57 (negative as -$1.00)."""
    amount = _dec(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def signed_money(value: Any) -> str:
    amount = _dec(value)
    if amount == 0:
        return "$0.00"
    return ("+" if amount > 0 else "-") + f"${abs(amount):,.2f}"


def money_range(low: Any, high: Any) -> str:
    """A cost over the usage ranges: $100.00-$840.00 (one amount when both ends agree)."""
    if _dec(low) == _dec(high):
        return money(low)
    return f"{money(low)}-{money(high)}"


def signed_range(low: Any, high: Any) -> str:
    """A change over the usage ranges: +$100.00 to +$840.00 ("to": the signs are part of the
    amounts)."""
    if _dec(low) == _dec(high):
        return signed_money(low)
    return f"{signed_money(low)} to {signed_money(high)}"


def with_range(point: str, item: dict[str, Any], key: str, *, signed: bool = False) -> str:
    """``point`` followed by the range of ``item[key]`` in parentheses, when ``item`` has
    ``key_low``/``key_high`` ends that differ (a figure priced with a usage range)."""
    low, high = item.get(f"{key}_low"), item.get(f"{key}_high")
    if low is None or high is None or _dec(low) == _dec(high):
        return point
    return f"{point} ({signed_range(low, high) if signed else money_range(low, high)})"


def unit_price(value: Any) -> str:
    """Unit prices keep their precision: $0.0116, $0.00000027."""
    if value is None:
        return "n/a"
    amount = _dec(value)
    text = format(amount.normalize(), "f")
    if "." in text and len(text.split(".")[1]) < 2:
        text = f"{amount:.2f}"
    return f"${text}"


def quantity(value: Any) -> str:
    if value is None:
        return "usage-based"
    amount = _dec(value)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.normalize():,f}"


def percent(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return f"{'+' if number > 0 else ''}{number:.1f}%"


def unit_singular(unit: str | None) -> str:
    """hours -> hour, GB-months -> GB-month, requests -> request; GB and IOPS stay."""
    unit = unit or "unit"
    head, sep, last = unit.rpartition("-") if "-" in unit else ("", "", unit)
    if last.islower() and last.endswith("s") and len(last) > 3:
        last = last[:-1]
    return f"{head}{sep}{last}"


def quantity_with_unit(value: Any, unit: str | None) -> str:
    """730 hours, 1 hour, 1,000 IOPS-months: the unit agrees with the number next to it."""
    text = quantity(value)
    if value is None:
        return text
    one = _dec(value) == 1
    return f"{text} {unit_singular(unit) if one else (unit or '')}".rstrip()


def price_per_unit(value: Any, unit: str | None) -> str:
    """$0.0000004 per request; $0.096 per hour."""
    return f"{unit_price(value)} per {unit_singular(unit)}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def headline(summary: dict[str, Any]) -> str:
    """One line on the change; never "increase"/"decrease" from a partly unpriced delta."""
    delta = _dec(summary.get("monthly_delta"))
    pct = summary.get("percent_delta")
    unpriced = len(summary.get("unpriced_changes") or [])
    yearly = f"{signed_money(delta)}/month, {signed_money(delta * 12)}/year"
    if unpriced:
        unknown = f"{_count(unpriced, 'change')} not priced"
        if delta == 0 and not _range_words(summary):
            return f"Monthly cost change unknown: {unknown} (the priced changes net $0.00)"
        return (f"Monthly cost change unknown: {unknown}; the priced changes net "
                f"{yearly}{_range_words(summary)}")
    ends = _range_words(summary)
    if delta == 0 and not ends:
        return "Monthly cost will not change"
    if delta == 0:
        return f"Monthly cost will not change at the expected usage{ends}"
    direction = "increase" if delta > 0 else "decrease"
    extra = f" ({percent(pct)})" if pct is not None else ""
    return f"Monthly cost will {direction} by {money(abs(delta))}{extra}: {yearly}{ends}"


def _range_words(summary: dict[str, Any]) -> str:
    """"; +$100.00 to +$840.00 over the usage ranges" when the delta has range ends."""
    low, high = summary.get("monthly_delta_low"), summary.get("monthly_delta_high")
    if low is None or high is None or _dec(low) == _dec(high):
        return ""
    return f"; {signed_range(low, high)} over the usage ranges"


def range_line(report: dict[str, Any]) -> str:
    """The totals over the usage ranges and the end the gate measured (empty without ranges):
    "Over the usage ranges: $0.00 -> $100.00-$840.00 (+$100.00 to +$840.00); budgets measure
    the high end (--gate-on high)"."""
    summary = report.get("summary") or {}
    if "monthly_delta_low" not in summary:
        return ""
    gate_on = (report.get("gate") or {}).get("gate_on") or "high"
    end = "the expected usage" if gate_on == "expected" else f"the {gate_on} end"
    return (f"Over the usage ranges: "
            f"{money_range(summary.get('monthly_before_low'), summary.get('monthly_before_high'))}"
            f" -> {money_range(summary.get('monthly_after_low'), summary.get('monthly_after_high'))}"
            f" ({signed_range(summary.get('monthly_delta_low'), summary.get('monthly_delta_high'))})"
            f"; budgets measure {end} (--gate-on {gate_on})")


def counts_line(summary: dict[str, Any]) -> str:
    """Resources: 10 priced, 0 partially priced, 4 free, 1 not priced, 2 not cloud resources."""
    counts = summary.get("resource_counts") or {}
    parts = [f"{counts.get('priced', 0)} priced", f"{counts.get('partial', 0)} partially priced",
             f"{counts.get('free', 0)} free", f"{counts.get('unsupported', 0)} not priced"]
    if counts.get("not-cloud"):
        parts.append(f"{counts['not-cloud']} not cloud resources (kubernetes, helm, random, ...)")
    return "Resources: " + ", ".join(parts)


_USAGE_SOURCES = {"exact": "", "wildcard": "wildcard ", "type_default": "type default "}


def usage_value(item: dict[str, Any]) -> str:
    """One usage value a resource was priced with: `key=2,500 (wildcard aws_lb.app[*])`."""
    value = item.get("value")
    shown = quantity(value) if isinstance(value, (int, float)) and not isinstance(
        value, bool) else str(value)
    source = item.get("source")
    origin = f"{_USAGE_SOURCES.get(source, '')}{item.get('entry')}" if source != "exact" \
        else "exact entry"
    bounds = item.get("range")
    if isinstance(bounds, dict):  # `key=1,000-5,000 (expected 2,500; exact entry)`
        point = "expected" if bounds.get("expected") is not None else "midpoint"
        return (f"{item.get('key')}={quantity(bounds.get('min'))}-{quantity(bounds.get('max'))}"
                f" ({point} {shown}; {origin})")
    return f"{item.get('key')}={shown} ({origin})"
