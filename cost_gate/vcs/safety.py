"""Masking of secrets in messages, and one-line error text.

(Markdown escaping of untrusted text belongs to the renderer: :mod:`cost_gate.render.escape`.
A poster only ever receives text that is already rendered.)
"""

from __future__ import annotations

from collections.abc import Iterable


def mask_secrets(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each non-trivial secret in ``text`` with ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace to one line and cap its length (for error messages)."""
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
