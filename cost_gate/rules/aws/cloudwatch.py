"""CloudWatch: log groups, metric and composite alarms, dashboards, metric streams and log
metric filters.

- aws_cloudwatch_log_group: ingestion by log class (Standard, Infrequent Access), archived
  storage and Logs Insights data scanned, all usage-based (Infracost keys
  ``monthly_data_ingested_gb``, ``storage_gb``, ``monthly_data_scanned_gb``).
- aws_cloudwatch_metric_alarm: billed per alarm metric-month, as AWS counts them: a metric math
  alarm pays for every metric it reads, an anomaly-detection alarm for three metrics per band
  (the metric and the band's two bounds), a metric whose period is under 60 seconds at the
  high-resolution rate; a Metrics Insights query alarm per metric the query analyzes (usage key
  ``metrics_analyzed``).
- aws_cloudwatch_composite_alarm: per alarm-month.
- aws_cloudwatch_dashboard: per dashboard-month (the 3 free dashboards of an account are a
  per-account allowance: said in a note, not applied).
- aws_cloudwatch_metric_stream: metric updates (usage key ``monthly_metric_updates``).
- aws_cloudwatch_log_metric_filter: the custom metric it publishes (tiered metric price; the
  first tier applied per resource). With dimensions, each combination of dimension values is a
  metric of its own (usage key ``custom_metrics``).
- aws_cloudwatch_contributor_insight_rule: per rule-month, plus the log events it matches
  (usage key ``monthly_matched_log_events``).
- aws_synthetics_canary: per canary run. A ``rate(N minutes|hours)`` schedule runs 730 x 60 / N
  (minutes) or 730 / N (hours) times a month; ``rate(0 minutes)`` runs once, a ``cron(...)``
  schedule or a limited ``duration_in_seconds`` is usage (``monthly_runs``). A canary Terraform
  does not start (``start_canary`` unset or false) makes no runs until someone starts it. The
  account's 100 free runs a month are not applied; the Lambda, S3 and logs a canary uses are
  billed on their own.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.aws.common import setting
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    NoCharge,
    NotPriceable,
    PriceRef,
    Resource,
    UsageKey,
    monthly,
    usage,
)

HIGH_RESOLUTION_BELOW_S = 60
GLOBAL = ("global",)
LOG_CLASSES = {"STANDARD": "standard", "INFREQUENT_ACCESS": "infrequent_access"}

LOG_GROUP_USAGE = (
    UsageKey("monthly_data_ingested_gb", "GB", "log data ingested per month"),
    UsageKey("storage_gb", "GB", "archived log data stored (compressed)"),
    UsageKey("monthly_data_scanned_gb", "GB", "data scanned by Logs Insights queries per month"),
)
ALARM_USAGE = (
    UsageKey("metrics_analyzed", "metrics", "metrics a Metrics Insights query alarm analyzes"),
)
STREAM_USAGE = (UsageKey("monthly_metric_updates", "metric updates",
                         "metric updates streamed per month"),)
FILTER_USAGE = (UsageKey("custom_metrics", "metrics", "metrics the filter publishes (one per "
                         "combination of dimension values)", kind="setting", default="1"),)


@register("aws_cloudwatch_log_group", usage=LOG_GROUP_USAGE, kind=USAGE_ONLY)
def aws_cloudwatch_log_group(r: Resource) -> list[Component]:
    log_class = setting(r, "log_group_class", "STANDARD")
    if log_class not in LOG_CLASSES:
        raise NotPriceable(f"log_group_class {log_class}: no price in the data")
    label = "Standard" if log_class == "STANDARD" else "Infrequent Access"
    return [
        usage(f"Data ingested ({label})", "GB",
              PriceRef("cloudwatch", "logs_ingestion", {"log_class": LOG_CLASSES[log_class]}),
              "monthly_data_ingested_gb"),
        usage("Archived storage", "GB-months", PriceRef("cloudwatch", "logs_storage"),
              "storage_gb"),
        usage("Logs Insights data scanned", "GB", PriceRef("cloudwatch", "logs_insights_scanned"),
              "monthly_data_scanned_gb"),
    ]


def _alarm(kind: str) -> PriceRef:
    return PriceRef("cloudwatch", "alarm", {"type": kind})


def _resolution(period: Decimal) -> str:
    return "high_resolution" if period < HIGH_RESOLUTION_BELOW_S else "standard"


@register("aws_cloudwatch_metric_alarm", usage=ALARM_USAGE)
def aws_cloudwatch_metric_alarm(r: Resource) -> list[Component]:
    queries = r.blocks("metric_query")
    metrics: Counter[str] = Counter()
    if not queries:
        metrics[_resolution(r.number("period", required=True, minimum=1))] += 1
        return _alarm_components(metrics)
    by_id: dict[str, str] = {}
    insights = False
    bands: list[str] = []
    for i in range(len(queries)):
        expression = (r.string(f"metric_query.{i}.expression") or "").strip()
        if r.get(f"metric_query.{i}.metric.0") is not None:
            period = r.number(f"metric_query.{i}.metric.0.period", required=True, minimum=1)
            resolution = _resolution(period)
            metrics[resolution] += 1
            by_id[r.string(f"metric_query.{i}.id") or str(i)] = resolution
        elif expression.upper().startswith("SELECT"):
            insights = True
        elif expression.upper().startswith("ANOMALY_DETECTION_BAND"):
            bands.append(expression)
    for band in bands:
        # Each band adds its upper and lower bounds as two metrics at the metric's resolution.
        match = re.match(r"ANOMALY_DETECTION_BAND\s*\(\s*(\w+)", band, re.IGNORECASE)
        metrics[by_id.get(match.group(1) if match else "", "standard")] += 2
    comps = _alarm_components(metrics)
    if insights:
        comps.append(usage("Metrics Insights query alarm (per metric analyzed)", "alarm-months",
                           _alarm("metrics_insights"), "metrics_analyzed"))
    return comps


def _alarm_components(metrics: Counter[str]) -> list[Component]:
    labels = {"standard": "standard resolution", "high_resolution": "high resolution"}
    return [monthly(f"Alarm metrics ({labels[kind]})", "alarm-months", metrics[kind],
                    _alarm(kind))
            for kind in ("standard", "high_resolution") if metrics[kind]]


@register("aws_cloudwatch_composite_alarm")
def aws_cloudwatch_composite_alarm(r: Resource) -> list[Component]:
    return [monthly("Composite alarm", "alarm-months", 1, _alarm("composite"))]


@register("aws_cloudwatch_dashboard")
def aws_cloudwatch_dashboard(r: Resource) -> list[Component]:
    r.note("the first 3 dashboards of an account (up to 50 metrics each) are free; "
           "not applied here")
    return [monthly("Dashboard", "dashboard-months", 1,
                    PriceRef("cloudwatch", "dashboard", region_fallbacks=GLOBAL))]


@register("aws_cloudwatch_metric_stream", usage=STREAM_USAGE, kind=USAGE_ONLY)
def aws_cloudwatch_metric_stream(r: Resource) -> list[Component]:
    return [usage("Metric updates", "metric updates",
                  PriceRef("cloudwatch", "metric_stream_updates"), "monthly_metric_updates")]


@register("aws_cloudwatch_log_metric_filter", usage=FILTER_USAGE)
def aws_cloudwatch_log_metric_filter(r: Resource) -> list[Component]:
    count = r.usage.number("custom_metrics")
    if count is None:
        count = Decimal(1)
        if r.get("metric_transformation.0.dimensions"):
            r.note("with dimensions, each combination of dimension values is a metric; priced "
                   "as one (set custom_metrics in the usage file)")
    r.note("custom metrics are billed for the hours they receive data (every hour with a "
           "default_value); priced for the whole month")
    return [monthly("Custom metric", "metric-months", count, PriceRef("cloudwatch", "metrics"),
                    tiered=True)]


INSIGHT_RULE_USAGE = (UsageKey("monthly_matched_log_events", "events",
                              "log events the rule matches per month"),)


@register("aws_cloudwatch_contributor_insight_rule", usage=INSIGHT_RULE_USAGE)
def aws_cloudwatch_contributor_insight_rule(r: Resource) -> list[Component]:
    return [monthly("Contributor Insights rule", "rule-months", 1,
                    PriceRef("cloudwatch", "contributor_insights_rules")),
            usage("Matched log events", "events",
                  PriceRef("cloudwatch", "contributor_insights_events"),
                  "monthly_matched_log_events")]


CANARY_USAGE = (UsageKey("monthly_runs", "runs",
                         "canary runs per month (a cron schedule or a limited duration)"),)
_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours)\s*\)$")


@register("aws_synthetics_canary", usage=CANARY_USAGE)
def aws_synthetics_canary(r: Resource) -> list[Component]:
    if not r.is_unknown("start_canary") and not r.flag("start_canary"):
        raise NoCharge("start_canary is not true: the canary makes no runs (billed per run) "
                       "until it is started")
    price = PriceRef("cloudwatch", "canary_runs")
    per_month = None if r.usage.number("monthly_runs") is not None else _runs_per_month(r)
    if per_month is not None:
        return [monthly("Canary runs", "runs", per_month, price)]
    return [usage("Canary runs", "runs", price, "monthly_runs")]


def _runs_per_month(r: Resource) -> Decimal | None:
    """Runs a month of a ``rate(...)`` schedule running all month; None when it is a cron
    expression or stops after ``duration_in_seconds`` (then the usage file says)."""
    if r.is_unknown("schedule.0.expression"):
        raise MissingAttribute("schedule.0.expression")
    expression = " ".join((r.string("schedule.0.expression") or "").split()).lower()
    duration = r.number("schedule.0.duration_in_seconds")
    match = _RATE.match(expression)
    if match is None or (duration and match.group(1) != "0"):
        return None
    every = Decimal(match.group(1))
    if every == 0:
        return Decimal(1)  # rate(0 minutes): runs once when started
    minutes = every * 60 if match.group(2).startswith("hour") else every
    return HOURS_PER_MONTH * 60 / minutes
