"""Terminal table: the changes with their components, then notes, totals and the gate.

Fits the given width (wrapped cells keep their indent), colours only when asked (see
:func:`cost_gate.render.use_color`), and summarises a large plan: per project, per resource
type and the largest changes, unless ``show_all``. Plain string building, no layout engine,
so 10,000 resources render in well under the time it takes to price them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from cost_gate import fmt
from cost_gate.render.escape import plain_text
from cost_gate.render.view import (
    TOP_N,
    Change,
    View,
    build_view,
    component_lines,
    findings_lines,
    finops_view,
    percent_cell,
    pricing_line,
)

_STYLES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33",
           "boldred": "1;31", "italic": "3"}
_SEP = "  "
Cell = tuple[str, str]  # (text, style)


def _clean(text: str) -> str:
    """Terraform code can put escape sequences, bidi overrides or megabytes in names and
    notes: one bounded plain line (see :func:`~cost_gate.render.escape.plain_text`)."""
    return plain_text(text)


class _Out:
    def __init__(self, width: int, color: bool):
        self.width = max(width, 40)
        self.color = color
        self.lines: list[str] = []

    def paint(self, text: str, style: str) -> str:
        if not self.color or not style or not text:
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"

    def say(self, text: str = "", style: str = "", indent: int = 0) -> None:
        """A free line, wrapped to the width; continuation lines indented 2 more."""
        if not text:
            self.lines.append("")
            return
        text = _clean(text)
        pad = " " * indent
        for line in textwrap.wrap(text, self.width, initial_indent=pad,
                                  subsequent_indent=pad + "  ", break_on_hyphens=False) or [""]:
            self.lines.append(self.paint(line, style))

    def table(self, header: Sequence[str], rows: list[list[Cell] | Cell],
              right: Sequence[bool]) -> None:
        """Columns sized to content, shrunk to fit the width; a bare Cell is a full-width row."""
        cols = len(header)
        natural = [len(h) for h in header]
        words = [max((len(w) for w in h.split()), default=1) for h in header]
        for row in rows:
            if isinstance(row, list):
                for i, (text, _) in enumerate(row):
                    if len(text) > natural[i]:
                        natural[i] = len(text)
                    if i and len(text) > words[i]:
                        words[i] = max(words[i], max((len(w) for w in text.split()), default=1))
        room = self.width - len(_SEP) * (cols - 1)
        # numbers never break mid-word; the first column gives way last, down to 20
        widths = _fit(natural, [min(natural[0], 36), *words[1:]], room)
        widths = _fit(widths, [min(natural[0], 20), *words[1:]], room)
        total = sum(widths) + len(_SEP) * (cols - 1)
        self._row([(h, "bold") for h in header], widths, right)
        self.lines.append(self.paint("-" * total, "dim"))
        for row in rows:
            if isinstance(row, list):
                self._row(row, widths, right)
            else:
                text, style = row
                indent = len(text) - len(text.lstrip(" "))
                self.say(text.strip(), style, indent)

    def _row(self, cells: Sequence[Cell], widths: list[int], right: Sequence[bool]) -> None:
        wrapped = [_wrap(_clean(text), w, hang=2 if i == 0 else 0)
                   for i, ((text, _), w) in enumerate(zip(cells, widths, strict=True))]
        for n in range(max(len(w) for w in wrapped)):
            parts = []
            for i, lines in enumerate(wrapped):
                text = lines[n] if n < len(lines) else ""
                padded = text.rjust(widths[i]) if right[i] else text.ljust(widths[i])
                parts.append(self.paint(padded, cells[i][1]) if text else padded)
            self.lines.append(_SEP.join(parts).rstrip())


def _fit(natural: list[int], minimum: list[int], room: int) -> list[int]:
    """Shrink the columns with the most slack until they fit ``room`` (or reach minimums)."""
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        i = max(range(len(widths)), key=lambda k: widths[k] - minimum[k])
        slack = widths[i] - minimum[i]
        if slack <= 0:
            break
        cut = min(slack, excess, max(1, slack // 2))
        widths[i] -= cut
        excess -= cut
    return widths


def _wrap(text: str, width: int, hang: int) -> list[str]:
    """Wrapped lines keep the cell's indent, continuation lines ``hang`` more."""
    if len(text) <= width:
        return [text]
    indent = " " * (len(text) - len(text.lstrip(" ")))
    return textwrap.wrap(text.strip(), width, initial_indent=indent,
                         subsequent_indent=indent + " " * hang, break_on_hyphens=False) or [""]


def _delta_style(change: Change) -> str:
    delta = change.res.get("monthly_delta")
    if delta is None:
        return "yellow"
    return "red" if delta > 0 else "green" if delta < 0 else ""


def _range_money(change: Change) -> str:
    """"$100.00-$840.00 (+$100.00 to +$840.00)", or "before -> after (delta)" for a change
    that has a before side: the resource row's figures over the usage ranges."""
    after = change.after_range or change.after
    money = after if change.res.get("action") == "create" else \
        f"{change.before_range or change.before} -> {after}"
    return f"{money} ({change.delta_range or change.delta})"


def _change_rows(change: Change, detail: bool) -> list[list[Cell] | Cell]:
    res = change.res
    action = res.get("action", "")
    where = f" ({action}, {res.get('region') or 'no region'})"
    if action in ("update", "replace", "delete") or change.before not in ("-",):
        money = f"{change.before} -> {change.after}" if action != "create" else change.after
    else:
        money = change.after
    rows: list[list[Cell] | Cell] = [[(change.label + where, "bold"), ("", ""), ("", ""),
                                      (money, ""), (change.delta, _delta_style(change))]]
    if not detail:
        return rows
    for line in change.components:
        rows.append([("  " + line.name, ""), (line.quantity, ""),
                     (line.price.replace(" per ", "/"), ""),
                     (line.monthly, "bold" if line.changed else ""), ("", "")])
    if change.before_range or change.after_range or change.delta_range:
        rows.append((f"  over the usage ranges: {_range_money(change)}", ""))
    if change.why_zero:
        rows.append((f"  $0.00: {change.why_zero}", "dim"))
    for note in change.notes:
        rows.append((f"  note: {note}", "dim"))
    if change.usage:
        rows.append((f"  usage: {', '.join(change.usage)}", "dim"))
    return rows


def render_table(report: dict[str, Any], *, color: bool = False, width: int = 120,
                 show_all: bool = False, top: int = TOP_N) -> str:
    out = _Out(width, color)
    view = build_view(report)
    summary = report.get("summary") or {}
    summarised = not show_all and len(view.changes) > top
    shown = view.changes[:top] if summarised else view.changes
    for change in shown:
        change.components = component_lines(change.res)
    if shown:
        if summarised:
            out.say(f"Largest {len(shown)} of {len(view.changes)} changes by monthly delta "
                    "(--show-all lists every change):", "bold")
        rows: list[list[Cell] | Cell] = []
        for project, changes in view.by_project(shown):
            if view.multi:
                rows.append((f"Project {project}", "bold"))
            for change in changes:
                rows.extend(_change_rows(change, True))
        out.table(("Resource / component", "Quantity", "Unit price", "Monthly", "Delta"), rows,
                  (False, True, True, True, True))
    else:
        out.say("No resource with a cost changes.")
    if summarised:
        _summary_tables(out, view, len(view.changes) - len(shown))
    if view.unchanged:
        out.say(f"{view.unchanged} unchanged resource(s) with a cost are in the totals.")
    _notes(out, view, report)
    _finops(out, report)
    if view.projects:
        out.say()
        unpriced = len(summary.get("unpriced_changes") or [])
        total: list[Cell] = [
            ("Total", "bold"), (fmt.money(summary.get("monthly_before")), "bold"),
            (fmt.money(summary.get("monthly_after")), "bold"),
            (fmt.signed_money(summary.get("monthly_delta")), "bold"),
            (percent_cell(summary.get("percent_delta")), "bold"),
            (str(unpriced) if unpriced else "", "yellow")]
        out.table(("Project", "Before", "After", "Delta", "%", "Not priced"),
                  [*([(p.name, ""), (p.before, ""), (p.after, ""), (p.delta, ""), (p.percent, ""),
                      (str(p.unpriced) if p.unpriced else "", "yellow")] for p in view.projects),
                   total],
                  (False, True, True, True, True, True))
    _totals(out, report, summary)
    return "\n".join(out.lines) + "\n"


def _summary_tables(out: _Out, view: View, hidden: int) -> None:
    out.say(f"... {hidden} more change(s) not listed; by resource type:", "dim")
    out.table(("Resource type", "Changed", "Known delta", "Not priced"),
              [[(t.type, ""), (str(t.changed), ""), (fmt.signed_money(t.delta), ""),
                (str(t.unpriced) if t.unpriced else "", "yellow")] for t in view.types],
              (False, True, True, True))
    unpriced = [c for c in view.changes if not c.known]
    if unpriced:
        names = ", ".join(f"{c.project}: {c.label}" if view.multi else c.label
                          for c in unpriced[:10])
        more = f" and {len(unpriced) - 10} more" if len(unpriced) > 10 else ""
        out.say(f"Not priced ({len(unpriced)}): {names}{more}", "yellow")


def _notes(out: _Out, view: View, report: dict[str, Any]) -> None:
    lines = [(n, "") for n in view.project_notes]
    for note in view.shared_notes:
        lines.append((f"{note.text} ({note.count} resources, e.g. "
                      f"{', '.join(note.examples)})", ""))
    lines += [(f, "yellow") for f in findings_lines(report)]
    if not lines:
        return
    out.say()
    out.say("Notes:", "bold")
    for text, style in lines:
        out.say(f"- {text}", style, 0)


def _finops(out: _Out, report: dict[str, Any]) -> None:
    """Cost by tag, unit economics, savings and the pricing-model comparison."""
    finops = finops_view(report)
    if finops.allocation:
        out.say()
        out.table((f"Cost by {finops.allocation_tag}", "Before", "After", "Delta"),
                  [[(r.value, ""), (r.before, ""), (r.after, ""), (r.delta, "")]
                   for r in finops.allocation], (False, True, True, True))
    if finops.units:
        out.say()
        out.say("Unit economics:", "bold")
        for line in finops.units:
            out.say(f"- {line}")
    if finops.recommendations:
        out.say()
        total = (f" ({finops.savings_total}, the largest per resource)"
                 if finops.savings_total else "")
        out.say(f"Savings{total}:", "bold")
        for line in finops.recommendations:
            out.say(f"- {line}", "green")
    if finops.pricing_model:
        out.say()
        out.say(f"Pricing model: {finops.pricing_model[0]}", "bold")
        for line in finops.pricing_model[1:]:
            out.say(f"- {line}")


def _totals(out: _Out, report: dict[str, Any], summary: dict[str, Any]) -> None:
    out.say()
    out.say(fmt.headline(summary), "bold")
    known = "" if summary.get("totals_complete", True) else " (priced part only)"
    pct = summary.get("percent_delta")
    out.say(f"Monthly cost{known}: {fmt.money(summary.get('monthly_before'))} -> "
            f"{fmt.money(summary.get('monthly_after'))} "
            f"({fmt.signed_money(summary.get('monthly_delta'))}"
            + (f", {fmt.percent(pct)}" if pct is not None else "") + ")")
    if fmt.range_line(report):
        out.say(fmt.range_line(report))
    if summary.get("unpriced_unchanged"):
        out.say(f"{summary['unpriced_unchanged']} unchanged resource(s) not fully priced: the "
                "totals are partial (the delta is not affected)")
    out.say(fmt.counts_line(summary))
    unsupported = summary.get("unsupported_types") or {}
    if unsupported:
        out.say("Not supported yet: " + ", ".join(f"{t} x{n}" for t, n in unsupported.items()))
    gate = report.get("gate") or {}
    status = str(gate.get("status", "pass"))
    out.say(f"Gate: {status.upper()}", {"pass": "green", "warn": "yellow",
                                         "fail": "boldred"}.get(status, ""))
    for v in gate.get("violations") or []:
        out.say(f"[{v.get('level')}] {v.get('message')}", "", 2)
    usage = report.get("usage") or {}
    for warning in usage.get("warnings") or []:
        out.say(f"Usage warning: {warning.get('text')}", "yellow")
    for info in usage.get("not_used") or []:
        out.say(f"Usage info: {info.get('message')}", "dim")
    out.say(pricing_line(report) + ".", "dim")
    pricing = report.get("pricing") or {}
    if pricing.get("staleness_warning"):
        out.say(f"Warning: {pricing['staleness_warning']}", "yellow")
