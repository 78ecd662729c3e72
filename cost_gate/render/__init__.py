"""Renderers: every output format is a pure function of the JSON report dict."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

FORMATS = ("table", "json", "markdown")


def render(report: dict[str, Any], fmt: str, *, color: bool = False, width: int = 120,
           show_all: bool = False) -> str:
    """Render ``report`` as table, json or markdown.

    ``color``: a terminal is watching (table: ANSI colours; JSON: indented). ``width`` and
    ``show_all`` apply to the table.
    """
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

        return render_table(report, color=color, width=width, show_all=show_all)
    raise ValueError(f"unknown format {fmt!r}")


def use_color(is_tty: bool, env: Mapping[str, str]) -> bool:
    """Colours on a terminal; NO_COLOR (any value) turns them off, FORCE_COLOR on."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR") not in (None, "", "0"):
        return True
    return is_tty


def terminal_width(is_tty: bool, env: Mapping[str, str], default: int = 120) -> int:
    """COLUMNS when set, else the terminal's width, else ``default`` (CI logs)."""
    columns = env.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if is_tty:
        import shutil

        return shutil.get_terminal_size((default, 24)).columns
    return default
