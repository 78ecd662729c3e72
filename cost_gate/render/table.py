"""Terminal table: each changed resource with its cost components, then totals and the gate.

Rendered with rich (imported only here, only when a table is asked for). Colours on a TTY,
plain ASCII boxes otherwise so CI logs stay readable.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from cost_gate import fmt


def _side_for_display(res: dict[str, Any]) -> dict[str, Any] | None:
    return res.get("after") if res.get("after") is not None else res.get("before")


def render_table(report: dict[str, Any], *, color: bool = False, width: int = 110) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, no_color=not color,
                      highlight=False, emoji=False)
    summary = report.get("summary") or {}
    table = Table(box=box.SIMPLE_HEAD if color else box.ASCII, show_edge=not color,
                  pad_edge=False, expand=False)
    table.add_column("Resource / component", overflow="fold", max_width=60)
    table.add_column("Quantity", justify="right")
    table.add_column("Unit")
    table.add_column("Unit price", justify="right")
    table.add_column("Monthly", justify="right")

    projects = report.get("projects") or []
    unchanged = 0
    shown = 0
    for project in projects:
        resources = sorted(
            project.get("resources") or [],
            key=lambda r: -abs(Decimal(str(r.get("monthly_delta") or 0))),
        )
        for res in resources:
            if res.get("status") == "free":
                continue
            if res.get("action") == "no-op" and project.get("input_type") != "state":
                unchanged += 1
                continue
            shown += 1
            label = Text(f"{res['address']}", style="bold")
            label.append(f"  ({res.get('action')}, {res.get('region') or '?'})", style="dim")
            if res.get("status") == "unsupported":
                table.add_row(label, "", "", "", Text("not priced", style="yellow"))
            else:
                delta = res.get("monthly_delta")
                style = "red" if (delta or 0) > 0 else "green" if (delta or 0) < 0 else ""
                table.add_row(label, "", "", "", Text(fmt.signed_money(delta), style=style))
                for c in (_side_for_display(res) or {}).get("components") or []:
                    usage_based = c.get("monthly_quantity") is None
                    table.add_row(
                        Text(f"  {c.get('name')}"),
                        "usage-based" if usage_based else fmt.quantity(c.get("monthly_quantity")),
                        Text(c.get("unit", "")),
                        fmt.unit_price(c.get("unit_price")),
                        "per unit" if usage_based else fmt.money(c.get("monthly_cost")),
                    )
            for note in res.get("notes") or []:
                table.add_row(Text(f"  note: {note}", style="dim italic"), "", "", "", "")
            if res.get("usage"):
                used = ", ".join(fmt.usage_value(u) for u in res["usage"])
                table.add_row(Text(f"  usage: {used}", style="dim"), "", "", "", "")
    if shown:
        console.print(table)
    else:
        console.print("No resource with a cost changes.")
    if unchanged:
        console.print(f"{unchanged} unchanged resource(s) with a cost are in the totals.")

    console.print()
    console.print(Text(fmt.headline(summary), style="bold"))
    console.print(f"Monthly cost: {fmt.money(summary.get('monthly_before'))} -> "
                  f"{fmt.money(summary.get('monthly_after'))} "
                  f"({fmt.signed_money(summary.get('monthly_delta'))}"
                  + (f", {fmt.percent(summary.get('percent_delta'))}" if
                     summary.get("percent_delta") is not None else "") + ")")
    counts = summary.get("resource_counts") or {}
    console.print(f"Resources: {counts.get('priced', 0)} priced, {counts.get('partial', 0)} "
                  f"partially priced, {counts.get('free', 0)} free, "
                  f"{counts.get('unsupported', 0)} not supported")
    unsupported = summary.get("unsupported_types") or {}
    if unsupported:
        console.print(Text("Not supported: " + ", ".join(f"{t} x{n}" for t, n in unsupported.items())))
    gate = report.get("gate") or {}
    status = gate.get("status", "pass")
    style = {"pass": "green", "warn": "yellow", "fail": "bold red"}.get(status, "")
    console.print(Text(f"Gate: {status.upper()}", style=style))
    for v in gate.get("violations") or []:
        console.print(f"  [{v.get('level')}] {v.get('message')}", markup=False)
    usage = report.get("usage") or {}
    for warning in usage.get("warnings") or []:
        console.print(Text(f"Usage warning: {warning.get('text')}", style="yellow"))
    for info in usage.get("not_used") or []:
        console.print(Text(f"Usage info: {info.get('message')}", style="dim"))
    pricing = report.get("pricing") or {}
    line = f"Price data: snapshot {pricing.get('snapshot_date') or 'unknown'}"
    if pricing.get("oldest_data_date"):
        line += f", oldest price used {pricing['oldest_data_date']}"
    line += f" ({', '.join(pricing.get('origins') or [])}); 730 hours/month, on-demand USD."
    console.print(Text(line, style="dim"))
    if pricing.get("staleness_warning"):
        console.print(Text(f"Warning: {pricing['staleness_warning']}", style="yellow"))
    return out.getvalue()
