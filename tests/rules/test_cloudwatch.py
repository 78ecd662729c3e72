"""CloudWatch log groups, alarms, dashboards, metric streams and log metric filters, priced
end to end against the shipped price table.

Unit prices: pricing_data/aws/cloudwatch/<region>.csv [awspricewatcher-v0rts-ac88588f, sku].
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.usage import Usage
from tests.rules.conftest import component

FEED = "awspricewatcher-v0rts-ac88588f"
DATE = "2025-12-03"


def c(name, unit, quantity, unit_price, cost, usage_based=False):
    return component(name, unit, quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=FEED, data_date=DATE, usage_based=usage_based)


def _usage(address: str, **values) -> Usage:
    return Usage(by_address={address: {k: Decimal(str(v)) for k, v in values.items()}})


# --- log groups -------------------------------------------------------------------------------

LOG_GROUP_UNKNOWN = {"arn": True, "id": True, "name_prefix": True, "tags_all": True}


def log_group(**overrides) -> dict:
    return {"kms_key_id": None, "name": "/app/api", "retention_in_days": 30,
            "skip_destroy": False, "tags": None, **overrides}


def test_log_group_left_at_the_default_class(price):
    res = price("aws_cloudwatch_log_group.api", log_group(),
                unknown={**LOG_GROUP_UNKNOWN, "log_group_class": True})

    assert res["status"] == "priced"
    assert res["notes"] == ["log_group_class not in the plan; assumed the default STANDARD"]
    assert res["after"] == {
        "monthly_cost": 0,
        "components": [
            # logs_ingestion log_class=standard [S8QGXX5R2BKKMDSJ]
            c("Data ingested (Standard)", "GB", None, 0.5, None, True),
            c("Archived storage", "GB-months", None, 0.03, None, True),  # [6K9ADYQAHV5KX9KZ]
            # logs_insights_scanned [466C636KV6VS3849]
            c("Logs Insights data scanned", "GB", None, 0.005, None, True),
        ],
    }


def test_infrequent_access_log_group_with_usage(price):
    usage = _usage("aws_cloudwatch_log_group.api", monthly_data_ingested_gb=200,
                   storage_gb=1000, monthly_data_scanned_gb=500)
    res = price("aws_cloudwatch_log_group.api",
                log_group(log_group_class="INFREQUENT_ACCESS"), unknown=LOG_GROUP_UNKNOWN,
                usage=usage)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 82.5,  # 50 + 30 + 2.5
        "components": [
            # logs_ingestion log_class=infrequent_access [WMNA5ZB3WX336Z89]; 200 x 0.25
            c("Data ingested (Infrequent Access)", "GB", 200, 0.25, 50, True),
            c("Archived storage", "GB-months", 1000, 0.03, 30, True),  # 1000 x 0.03
            c("Logs Insights data scanned", "GB", 500, 0.005, 2.5, True),  # 500 x 0.005
        ],
    }
    assert res["monthly_delta"] == 82.5


def test_delivery_log_class_is_unsupported(price):
    res = price("aws_cloudwatch_log_group.api", log_group(log_group_class="DELIVERY"),
                unknown=LOG_GROUP_UNKNOWN)
    assert res["status"] == "unsupported"
    assert res["notes"] == ["log_group_class DELIVERY: no price in the data"]


# --- metric alarms ----------------------------------------------------------------------------

ALARM_UNKNOWN = {"arn": True, "evaluate_low_sample_count_percentiles": True, "id": True,
                 "tags_all": True}


def alarm(**overrides) -> dict:
    return {"actions_enabled": True, "alarm_name": "cpu-high",
            "comparison_operator": "GreaterThanThreshold", "evaluation_periods": 2,
            "metric_name": "CPUUtilization", "namespace": "AWS/EC2", "period": 300,
            "statistic": "Average", "threshold": 80, "threshold_metric_id": None,
            "metric_query": [], "treat_missing_data": "missing", **overrides}


def query(query_id: str, *, metric: str | None = None, period: int = 60,
          expression: str = "", return_data: bool = False) -> dict:
    block = [{"dimensions": None, "metric_name": metric, "namespace": "AWS/Lambda",
              "period": period, "stat": "Sum", "unit": ""}] if metric else []
    return {"account_id": "", "expression": expression, "id": query_id, "label": "",
            "metric": block, "period": None, "return_data": return_data}


@pytest.mark.parametrize(("period", "name", "unit_price"), [
    (300, "Alarm metrics (standard resolution)", 0.1),  # alarm type=standard [EVETVUGEN3MUTMXM]
    (60, "Alarm metrics (standard resolution)", 0.1),
    # alarm type=high_resolution [7BK9TRWG8E43D4AJ]: periods of 10 and 30 s
    (30, "Alarm metrics (high resolution)", 0.3),
    (10, "Alarm metrics (high resolution)", 0.3),
])
def test_single_metric_alarm_by_resolution(price, period, name, unit_price):
    res = price("aws_cloudwatch_metric_alarm.cpu", alarm(period=period), unknown=ALARM_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {"monthly_cost": unit_price,
                            "components": [c(name, "alarm-months", 1, unit_price, unit_price)]}


def test_metric_math_alarm_pays_for_every_metric(price):
    queries = [query("m1", metric="Errors"), query("m2", metric="Invocations"),
               query("m3", metric="Throttles", period=10),
               query("e1", expression="(m1+m3)/m2*100", return_data=True)]
    res = price("aws_cloudwatch_metric_alarm.errors",
                alarm(metric_name=None, namespace=None, period=None, statistic=None,
                      metric_query=queries),
                unknown={**ALARM_UNKNOWN, "metric_query": [{"metric": [{}]}] * 3 + [{}]})

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 0.5,  # 2 x 0.10 + 1 x 0.30
        "components": [
            c("Alarm metrics (standard resolution)", "alarm-months", 2, 0.1, 0.2),
            c("Alarm metrics (high resolution)", "alarm-months", 1, 0.3, 0.3),
        ],
    }


def test_anomaly_detection_alarm_is_three_metrics(price):
    queries = [query("m1", metric="Duration", period=120, return_data=True),
               query("ad1", expression="ANOMALY_DETECTION_BAND(m1, 2)", return_data=True)]
    res = price("aws_cloudwatch_metric_alarm.anomaly",
                alarm(metric_name=None, namespace=None, period=None, statistic=None,
                      threshold=None, threshold_metric_id="ad1",
                      comparison_operator="GreaterThanUpperThreshold", metric_query=queries),
                unknown=ALARM_UNKNOWN)

    assert res["status"] == "priced"
    # the metric and the band's upper and lower bounds: 3 x 0.10
    assert res["after"] == {"monthly_cost": 0.3, "components": [
        c("Alarm metrics (standard resolution)", "alarm-months", 3, 0.1, 0.3)]}


def test_metrics_insights_alarm_is_per_metric_analyzed(price):
    queries = [query("q1", expression="SELECT AVG(CPUUtilization) FROM SCHEMA(\"AWS/EC2\", "
                     "InstanceId)", return_data=True)]
    queries[0]["period"] = 300
    address = "aws_cloudwatch_metric_alarm.fleet"
    attrs = alarm(metric_name=None, namespace=None, period=None, statistic=None,
                  metric_query=queries)
    res = price(address, attrs, unknown=ALARM_UNKNOWN)

    assert res["status"] == "priced"
    # alarm type=metrics_insights [X9FFXZTM9G9GQZPA]
    assert res["after"]["components"] == [
        c("Metrics Insights query alarm (per metric analyzed)", "alarm-months", None, 0.1, None,
          True)]

    res = price(address, attrs, unknown=ALARM_UNKNOWN,
                usage=_usage(address, metrics_analyzed=40))
    assert res["after"]["monthly_cost"] == 4  # 40 x 0.10


def test_alarm_period_unknown_is_partial(price):
    res = price("aws_cloudwatch_metric_alarm.cpu", alarm(period=None),
                unknown={**ALARM_UNKNOWN, "period": True})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: period is known only after apply"]


def test_composite_alarm(price):
    res = price("aws_cloudwatch_composite_alarm.service",
                {"actions_enabled": True, "alarm_name": "service",
                 "alarm_rule": "ALARM(cpu-high) OR ALARM(errors)"},
                unknown={"arn": True, "id": True})

    assert res["status"] == "priced"
    # alarm type=composite [FXNEUU7HXFXDQXC8]
    assert res["after"] == {"monthly_cost": 0.5, "components": [
        c("Composite alarm", "alarm-months", 1, 0.5, 0.5)]}


# --- dashboards, metric streams, metric filters -----------------------------------------------

def test_dashboard_is_priced_from_the_global_row(price):
    res = price("aws_cloudwatch_dashboard.main",
                {"dashboard_body": "{\"widgets\":[]}", "dashboard_name": "main"},
                unknown={"dashboard_arn": True, "id": True}, region="eu-central-1")

    assert res["status"] == "priced"
    assert res["notes"] == ["the first 3 dashboards of an account (up to 50 metrics each) are "
                            "free; not applied here"]
    # cloudwatch/global.csv dashboard [5P8PBB6MXV325TDC]
    assert res["after"] == {"monthly_cost": 3, "components": [
        c("Dashboard", "dashboard-months", 1, 3, 3)]}


def test_metric_stream(price):
    address = "aws_cloudwatch_metric_stream.all"
    attrs = {"name": "all", "output_format": "json", "include_filter": [],
             "exclude_filter": [], "statistics_configuration": []}
    res = price(address, attrs, unknown={"arn": True},
                usage=_usage(address, monthly_metric_updates=10_000_000))

    assert res["status"] == "priced"
    # metric_stream_updates [VJDTMA8S4PDEWU6J]: $0.003 per 1,000; 10,000,000 x 0.000003
    assert res["after"] == {"monthly_cost": 30, "components": [
        c("Metric updates", "metric updates", 10_000_000, 0.000003, 30, True)]}


FILTER = {"log_group_name": "/app/api", "name": "errors", "pattern": "ERROR",
          "metric_transformation": [{"default_value": None, "dimensions": None, "name": "Errors",
                                     "namespace": "App", "unit": "None", "value": "1"}]}
FILTER_NOTE = ("custom metrics are billed for the hours they receive data (every hour with a "
               "default_value); priced for the whole month")


def test_log_metric_filter_publishes_one_custom_metric(price):
    res = price("aws_cloudwatch_log_metric_filter.errors", FILTER, unknown={"id": True})

    assert res["status"] == "priced"
    assert res["notes"] == [FILTER_NOTE]
    # metrics, first tier (0-10,000) [KG586CTNGQ4VRZKZ]
    assert res["after"] == {"monthly_cost": 0.3, "components": [
        c("Custom metric", "metric-months", 1, 0.3, 0.3)]}


def test_log_metric_filter_with_dimensions_reads_the_metric_count(price):
    transformation = {**FILTER["metric_transformation"][0], "dimensions": {"Host": "$.host"}}
    attrs = {**FILTER, "metric_transformation": [transformation]}
    res = price("aws_cloudwatch_log_metric_filter.errors", attrs, unknown={"id": True})
    assert res["notes"][0].startswith("with dimensions, each combination of dimension values")

    res = price("aws_cloudwatch_log_metric_filter.errors", attrs, unknown={"id": True},
                usage=_usage("aws_cloudwatch_log_metric_filter.errors", custom_metrics=20))
    assert res["after"]["components"] == [c("Custom metric", "metric-months", 20, 0.3, 6)]


# --- Contributor Insights rules and Synthetics canaries -----------------------------------------


def test_contributor_insight_rule_is_one_rule_month(price):
    res = price("aws_cloudwatch_contributor_insight_rule.top_ips",
                {"rule_name": "top-ips", "rule_state": "ENABLED", "rule_definition": "{}"},
                unknown={"arn": True, "resource_arn": True})

    assert res["status"] == "priced"
    assert res["notes"] == []
    # cloudwatch/us-east-1.csv contributor_insights_rules [MGVDRKEJSR4BNZ6R],
    # contributor_insights_events [PJU7Z652RF7CAN2A] ($0.02 per million)
    assert res["after"] == {"monthly_cost": 0.5, "components": [
        c("Contributor Insights rule", "rule-months", 1, 0.5, 0.5),
        c("Matched log events", "events", None, 0.00000002, None, usage_based=True)]}


def canary(expression: str, **schedule) -> dict:
    return {"name": "checkout", "artifact_s3_location": "s3://canaries/", "runtime_version":
            "syn-nodejs-puppeteer-9.1", "handler": "index.handler", "start_canary": True,
            "schedule": [{"expression": expression, "duration_in_seconds": 0, **schedule}]}


@pytest.mark.parametrize(("expression", "runs", "cost"), [
    ("rate(5 minutes)", 8760, 10.512),  # 730 h x 60 / 5; 8760 x 0.0012
    ("rate(1 hour)", 730, 0.876),  # 730 x 0.0012
    ("rate(0 minute)", 1, 0.0012),  # runs once when started
])
def test_canary_runs_from_a_rate_schedule(price, expression, runs, cost):
    res = price("aws_synthetics_canary.checkout", canary(expression),
                unknown={"arn": True, "id": True})

    assert res["status"] == "priced"
    # cloudwatch/us-east-1.csv canary_runs [5UHPES8UN3HUSRZ5]
    assert res["after"] == {"monthly_cost": cost, "components": [
        c("Canary runs", "runs", runs, 0.0012, cost)]}


def test_canary_on_a_cron_schedule_is_usage_based(price):
    res = price("aws_synthetics_canary.checkout", canary("cron(0 9 ? * MON-FRI *)"))
    assert res["after"]["components"] == [c("Canary runs", "runs", None, 0.0012, None,
                                            usage_based=True)]

    res = price("aws_synthetics_canary.checkout", canary("cron(0 9 ? * MON-FRI *)"),
                usage=_usage("aws_synthetics_canary.checkout", monthly_runs=22))
    assert res["after"]["components"] == [c("Canary runs", "runs", 22, 0.0012, 0.0264,
                                            usage_based=True)]


def test_canary_that_stops_after_a_duration_is_usage_based(price):
    res = price("aws_synthetics_canary.checkout",
                canary("rate(5 minutes)", duration_in_seconds=3600))
    assert res["after"]["components"][0]["usage_based"] is True


def test_canary_terraform_does_not_start_makes_no_runs(price):
    res = price("aws_synthetics_canary.checkout", {**canary("rate(5 minutes)"),
                                                   "start_canary": False})
    assert res["status"] == "free"
    assert res["notes"] == ["start_canary is not true: the canary makes no runs (billed per "
                            "run) until it is started"]
