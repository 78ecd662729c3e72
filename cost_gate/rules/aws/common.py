"""Small helpers shared by AWS rules."""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules.base import Resource


def setting(r: Resource, path: str, default: str) -> str:
    """A string attribute AWS defaults when it is unset: the plan's value, or ``default`` with a
    note saying it was assumed (unset, or known only after apply)."""
    if r.is_unknown(path) or r.get(path) in (None, ""):
        r.note(f"{path} not in the plan; assumed the default {default}")
        return default
    return r.string(path) or default


def number_setting(r: Resource, path: str, default: Decimal | int, **bounds) -> Decimal:
    """A number attribute AWS defaults when it is unset (see :func:`setting`)."""
    if r.is_unknown(path) or r.get(path) in (None, ""):
        r.note(f"{path} not in the plan; assumed the default {default}")
        return Decimal(default)
    value = r.number(path, **bounds)
    return Decimal(default) if value is None else value
