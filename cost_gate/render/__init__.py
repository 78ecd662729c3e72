"""Renderers: every output format is a pure function of the JSON report dict."""

from __future__ import annotations

import json
from typing import Any

FORMATS = ("table", "json", "markdown")


def render(report: dict[str, Any], fmt: str, *, color: bool = False) -> str:
    """Render ``report`` as table, json or markdown; ``color`` = a terminal is watching."""
    if fmt == "json":
        # Indented for a person at a terminal; compact otherwise (the C encoder, ~10x faster
        # on large reports). Strict JSON: a NaN/Infinity amount is a bug, never output.
        if color:
            return json.dumps(report, indent=2, allow_nan=False) + "\n"
        return json.dumps(report, separators=(",", ":"), allow_nan=False) + "\n"
    if fmt == "markdown":
        from cost_gate.render.markdown import render_markdown

        return render_markdown(report)
    if fmt == "table":
        from cost_gate.render.table import render_table

        return render_table(report, color=color)
    raise ValueError(f"unknown format {fmt!r}")
