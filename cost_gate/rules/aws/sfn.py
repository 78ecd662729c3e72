"""Step Functions: aws_sfn_state_machine, usage-based.

Standard workflows pay per state transition (Infracost key ``monthly_transitions``). Express
workflows pay per request (``monthly_requests``) and for duration in GB-seconds: requests x
``workflow_duration_ms`` (billed in 100 ms increments) x ``memory_mb`` (billed in 64 MB
increments, default 64). The duration price is tiered (per account; applied per state machine
here). The free transitions of an account each month are not applied.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.aws.common import setting
from cost_gate.rules.base import Component, NotPriceable, PriceRef, Resource, UsageKey, usage

DURATION_STEP_MS = Decimal(100)
MEMORY_STEP_MB = Decimal(64)
SFN_USAGE = (
    UsageKey("monthly_transitions", "transitions", "state transitions per month (Standard)"),
    UsageKey("monthly_requests", "requests", "workflow executions per month (Express)"),
    UsageKey("workflow_duration_ms", "ms", "average duration of one execution (Express)"),
    UsageKey("memory_mb", "MB", "memory an execution uses (Express; billed in 64 MB steps)",
             kind="setting", default="64"),
)


def _round_up(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


@register("aws_sfn_state_machine", usage=SFN_USAGE, kind=USAGE_ONLY)
def aws_sfn_state_machine(r: Resource) -> list[Component]:
    workflow = setting(r, "type", "STANDARD").upper()
    if workflow == "STANDARD":
        return [usage("State transitions", "transitions", PriceRef("sfn", "state_transitions"),
                      "monthly_transitions")]
    if workflow != "EXPRESS":
        raise NotPriceable(f"workflow type {workflow!r} is not priced")
    requests = r.usage.number("monthly_requests")
    duration_ms = r.usage.number("workflow_duration_ms")
    memory_mb = r.usage.number("memory_mb") or MEMORY_STEP_MB
    gb_seconds = None
    if requests is not None and duration_ms is not None:
        gb_seconds = (requests * _round_up(duration_ms, DURATION_STEP_MS) / 1000
                      * _round_up(memory_mb, MEMORY_STEP_MB) / 1024)
    elif requests is not None or duration_ms is not None:
        r.note("Express duration needs monthly_requests and workflow_duration_ms in the usage "
               "file; shown per unit")
    return [
        usage("Requests (Express)", "requests", PriceRef("sfn", "express_requests"),
              "monthly_requests"),
        Component(f"Duration (Express, {_round_up(memory_mb, MEMORY_STEP_MB)} MB)", "GB-seconds",
                  gb_seconds, PriceRef("sfn", "express_duration"), usage_based=True,
                  tiered=True),
    ]
