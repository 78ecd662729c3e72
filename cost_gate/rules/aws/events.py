"""EventBridge: event buses, archives, API destinations, Scheduler schedules and Pipes.

- aws_cloudwatch_event_bus: events published to it, usage-based: custom events (Infracost key
  ``monthly_custom_events``) or, on a partner event bus (``event_source_name``), partner events
  (``monthly_third_party_events``). Each 64 KB chunk of an event's payload counts as one event.
  Schema discovery (``monthly_schema_discovery_events``) and archives (Infracost's bus keys
  ``archive_storage_gb``, ``monthly_archive_processing_gb``) are priced on the bus when the
  usage file estimates them there.
- aws_cloudwatch_event_archive: archived events stored and processed (the same archive keys;
  estimate an archive on the bus or on its aws_cloudwatch_event_archive, not both).
- aws_cloudwatch_event_api_destination: invocations (``monthly_invocations``).
- aws_scheduler_schedule: invocations. A ``rate()`` schedule's invocations follow from its rate
  (43,800 minutes in a 730-hour month); ``cron()``/``at()`` schedules read
  ``monthly_invocations``. The free 14 million invocations a month are a per-account allowance:
  said in a note, not applied.
- aws_pipes_pipe: requests after filtering, each 64 KB chunk one request (``monthly_requests``,
  ``request_size_kb``); the enrichment and target are billed by their own services.
"""

from __future__ import annotations

import re
from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    BadAttribute,
    Component,
    PriceRef,
    Resource,
    UsageKey,
    billed_requests,
    usage,
)

MINUTES_PER_MONTH = HOURS_PER_MONTH * 60
RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$")
RATE_MINUTES = {"minute": 1, "hour": 60, "day": 1440}
PIPE_CHUNK_KB = 64

ARCHIVE_USAGE = (
    UsageKey("archive_storage_gb", "GB", "archived events stored"),
    UsageKey("monthly_archive_processing_gb", "GB", "events archived per month"),
)
BUS_USAGE = (
    UsageKey("monthly_custom_events", "events", "custom events published per month "
             "(each 64 KB chunk is one event)"),
    UsageKey("monthly_third_party_events", "events", "partner events received per month"),
    UsageKey("monthly_schema_discovery_events", "events",
             "events ingested by schema discovery per month"),
    *ARCHIVE_USAGE,
)
INVOCATIONS_USAGE = (UsageKey("monthly_invocations", "invocations", "invocations per month"),)
PIPE_USAGE = (
    UsageKey("monthly_requests", "requests", "events the pipe processes per month, after "
             "filtering"),
    UsageKey("request_size_kb", "KB", "average event size (each 64 KB chunk is one request)",
             kind="setting", default="64"),
)


@register("aws_cloudwatch_event_bus", usage=BUS_USAGE, kind=USAGE_ONLY)
def aws_cloudwatch_event_bus(r: Resource) -> list[Component]:
    if r.string("event_source_name"):
        comps = [usage("Partner events", "events",
                       PriceRef("events", "events", {"type": "partner"}),
                       "monthly_third_party_events")]
    else:
        comps = [usage("Custom events", "events",
                       PriceRef("events", "events", {"type": "custom"}),
                       "monthly_custom_events")]
    if r.usage.sets_any("monthly_schema_discovery_events"):
        comps.append(usage("Schema discovery events", "events",
                           PriceRef("events", "events", {"type": "schema_discovery"}),
                           "monthly_schema_discovery_events"))
    if r.usage.sets_any(*(key.name for key in ARCHIVE_USAGE)):
        comps += _archive()
    return comps


@register("aws_cloudwatch_event_archive", usage=ARCHIVE_USAGE, kind=USAGE_ONLY)
def aws_cloudwatch_event_archive(r: Resource) -> list[Component]:
    return _archive()


def _archive() -> list[Component]:
    return [
        usage("Archived events processed", "GB", PriceRef("events", "archive_processing"),
              "monthly_archive_processing_gb"),
        usage("Archive storage", "GB-months", PriceRef("events", "archive_storage"),
              "archive_storage_gb"),
    ]


@register("aws_cloudwatch_event_api_destination", usage=INVOCATIONS_USAGE, kind=USAGE_ONLY)
def aws_cloudwatch_event_api_destination(r: Resource) -> list[Component]:
    return [usage("Invocations", "invocations",
                  PriceRef("events", "api_destination_invocations"), "monthly_invocations")]


@register("aws_scheduler_schedule", usage=INVOCATIONS_USAGE, kind=USAGE_ONLY)
def aws_scheduler_schedule(r: Resource) -> list[Component]:
    r.note("the first 14 million invocations of an account each month are free; not applied "
           "here")
    comp = usage("Invocations", "invocations", PriceRef("events", "scheduler_invocations"),
                 "monthly_invocations")
    if r.string("state") == "DISABLED":
        r.note("schedule disabled: no invocations")
        comp.quantity = Decimal(0)
        return [comp]
    if r.usage.number("monthly_invocations") is None:
        expression = r.string("schedule_expression", required=True) or ""
        match = RATE.match(expression.strip())
        if match:
            every = int(match.group(1)) * RATE_MINUTES[match.group(2).rstrip("s")]
            if every == 0:
                raise BadAttribute("schedule_expression", expression, "a rate of at least 1")
            comp.quantity = MINUTES_PER_MONTH / every
    return [comp]


@register("aws_pipes_pipe", usage=PIPE_USAGE, kind=USAGE_ONLY)
def aws_pipes_pipe(r: Resource) -> list[Component]:
    return [Component("Requests", "requests", billed_requests(r, PIPE_CHUNK_KB),
                      PriceRef("events", "pipe_requests"), usage_based=True,
                      usage_key="monthly_requests")]
