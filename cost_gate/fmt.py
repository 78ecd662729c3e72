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


def headline(summary: dict[str, Any]) -> str:
    delta = _dec(summary.get("monthly_delta"))
    pct = summary.get("percent_delta")
    if delta == 0:
        return "Monthly cost will not change"
    direction = "increase" if delta > 0 else "decrease"
    extra = f" ({percent(pct)})" if pct is not None else ""
    return f"Monthly cost will {direction} by {money(abs(delta))}{extra}"


_USAGE_SOURCES = {"exact": "", "wildcard": "wildcard ", "type_default": "type default "}


def usage_value(item: dict[str, Any]) -> str:
    """One usage value a resource was priced with: `key=2,500 (wildcard aws_lb.app[*])`."""
    value = item.get("value")
    shown = quantity(value) if isinstance(value, (int, float)) and not isinstance(
        value, bool) else str(value)
    source = item.get("source")
    origin = f"{_USAGE_SOURCES.get(source, '')}{item.get('entry')}" if source != "exact" \
        else "exact entry"
    return f"{item.get('key')}={shown} ({origin})"
