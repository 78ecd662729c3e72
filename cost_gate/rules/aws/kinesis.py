"""Kinesis Data Streams: aws_kinesis_stream (provisioned or on-demand) and
aws_kinesis_stream_consumer (enhanced fan-out).

Provisioned streams pay shard-hours for ``shard_count`` shards all month, PUT payload units
(25 KB each; Infracost key ``monthly_provisioned_put_units``), extended retention (a
``retention_period`` over 24 hours: a shard-hour charge per shard), long-term retention and
retrieval past 7 days (GB) and enhanced fan-out data retrieved (GB). On-demand streams pay a
stream-hour and per GB written, read and read by enhanced fan-out, plus extended/long-term
retention per GB-month. A consumer of a provisioned stream pays a consumer-shard-hour per shard
of its stream (read through ``stream_arn`` when the stream is in the plan); consumers registered
outside Terraform can be estimated on the stream with Infracost's
``monthly_provisioned_efo_consumer_hours``. On-demand streams bill enhanced fan-out per GB
retrieved, on the stream.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.aws.common import number_setting, setting
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    NoCharge,
    PriceRef,
    Resource,
    UsageKey,
    monthly,
    usage,
)

DEFAULT_RETENTION_H = 24
EXTENDED_RETENTION_MAX_H = 168  # 7 days; longer is long-term retention
STREAM_USAGE = (
    UsageKey("monthly_provisioned_put_units", "PUT payload units",
             "PUT payload units (25 KB each) per month, provisioned mode"),
    UsageKey("monthly_provisioned_efo_consumer_hours", "consumer-shard-hours",
             "enhanced fan-out consumer-shard-hours per month, provisioned mode (consumers "
             "not declared as aws_kinesis_stream_consumer)"),
    UsageKey("monthly_provisioned_efo_data_out_gb", "GB",
             "data read by enhanced fan-out consumers per month, provisioned mode"),
    UsageKey("monthly_provisioned_long_term_retention_gb", "GB",
             "data stored past 7 days, provisioned mode"),
    UsageKey("monthly_provisioned_long_term_retrieval_gb", "GB",
             "data older than 7 days read per month, provisioned mode"),
    UsageKey("monthly_on_demand_data_in_gb", "GB", "data written per month, on-demand mode"),
    UsageKey("monthly_on_demand_data_out_gb", "GB", "data read per month, on-demand mode"),
    UsageKey("monthly_on_demand_efo_data_out_gb", "GB",
             "data read by enhanced fan-out consumers per month, on-demand mode"),
    UsageKey("monthly_on_demand_extended_retention_gb", "GB",
             "data stored from 24 hours to 7 days, on-demand mode"),
    UsageKey("monthly_on_demand_long_term_retention_gb", "GB",
             "data stored past 7 days, on-demand mode"),
)


def _ref(product: str, **attrs: str) -> PriceRef:
    return PriceRef("kinesis", product, attrs)


def _mode(r: Resource) -> str:
    return setting(r, "stream_mode_details.0.stream_mode", "PROVISIONED").upper()


@register("aws_kinesis_stream", usage=STREAM_USAGE)
def aws_kinesis_stream(r: Resource) -> list[Component]:
    mode = _mode(r)
    retention = number_setting(r, "retention_period", DEFAULT_RETENTION_H, minimum=1)
    if mode == "ON_DEMAND":
        comps = [
            monthly("Stream hours (on-demand)", "hours", HOURS_PER_MONTH,
                    _ref("on_demand_stream_hours")),
            usage("Data written", "GB", _ref("on_demand_data_in"),
                  "monthly_on_demand_data_in_gb"),
            usage("Data read", "GB", _ref("on_demand_data_out"), "monthly_on_demand_data_out_gb"),
            usage("Enhanced fan-out data read", "GB", _ref("efo_data_retrieved", mode="on_demand"),
                  "monthly_on_demand_efo_data_out_gb"),
        ]
        if retention > DEFAULT_RETENTION_H:
            comps.append(usage("Extended retention (up to 7 days)", "GB-months",
                               _ref("on_demand_extended_retention"),
                               "monthly_on_demand_extended_retention_gb"))
        if retention > EXTENDED_RETENTION_MAX_H:
            comps.append(usage("Long-term retention", "GB-months",
                               _ref("long_term_retention", mode="on_demand"),
                               "monthly_on_demand_long_term_retention_gb"))
        return comps
    shards = r.number("shard_count", required=True, integer=True, minimum=1)
    shard_hours = HOURS_PER_MONTH * shards
    comps = [
        monthly("Shards", "shard-hours", shard_hours, _ref("shard_hours")),
        usage("PUT payload units", "PUT payload units", _ref("put_payload_units"),
              "monthly_provisioned_put_units"),
    ]
    if retention > DEFAULT_RETENTION_H:
        comps.append(monthly("Extended retention (up to 7 days)", "shard-hours", shard_hours,
                             _ref("extended_retention_shard_hours")))
    if retention > EXTENDED_RETENTION_MAX_H:
        comps += [
            usage("Long-term retention", "GB-months",
                  _ref("long_term_retention", mode="provisioned"),
                  "monthly_provisioned_long_term_retention_gb"),
            usage("Long-term retention data read", "GB", _ref("long_term_retrieval"),
                  "monthly_provisioned_long_term_retrieval_gb"),
        ]
    if r.usage.sets_any("monthly_provisioned_efo_consumer_hours"):
        comps.append(usage("Enhanced fan-out consumers", "consumer-shard-hours",
                           _ref("efo_consumer_shard_hours"),
                           "monthly_provisioned_efo_consumer_hours"))
    comps.append(usage("Enhanced fan-out data read", "GB",
                       _ref("efo_data_retrieved", mode="provisioned"),
                       "monthly_provisioned_efo_data_out_gb"))
    return comps


@register("aws_kinesis_stream_consumer")
def aws_kinesis_stream_consumer(r: Resource) -> list[Component]:
    stream = r.referenced("stream_arn")
    if stream is None:
        raise MissingAttribute("stream_arn", "a stream not in this plan (its shard count "
                               "prices the consumer)")
    mode = "PROVISIONED"
    if not stream.is_unknown("stream_mode_details.0.stream_mode"):
        mode = (stream.string("stream_mode_details.0.stream_mode") or mode).upper()
    if mode == "ON_DEMAND":
        raise NoCharge("on-demand stream: enhanced fan-out is billed per GB read, on the stream")
    shards = stream.number("shard_count", required=True, integer=True, minimum=1)
    return [monthly("Enhanced fan-out consumer", "consumer-shard-hours",
                    HOURS_PER_MONTH * Decimal(shards), _ref("efo_consumer_shard_hours"))]
