"""Pub/Sub, Cloud Functions (1st gen) and Cloud Run: usage-based charges with the single prices
Google's pricing pages state (``gcp/<service>/global``). Charges whose price is not in the data
(Cloud Run memory and requests, Cloud Functions compute time) are listed and left unpriced."""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import BadAttribute, Component, Resource, usage
from cost_gate.rules.google.compute import known_string, ref

GLOBAL = ("global",)


@register("google_pubsub_topic", "google_pubsub_subscription", kind=USAGE_ONLY)
def google_pubsub(r: Resource) -> list[Component]:
    """Message throughput (publishing for a topic, delivery for a subscription), per TiB."""
    return [usage("Message throughput", "TiB",
                  ref("throughput", {}, "pubsub", region_fallbacks=GLOBAL),
                  "monthly_message_data_tb")]


@register("google_cloudfunctions_function", kind=USAGE_ONLY)
def google_cloudfunctions_function(r: Resource) -> list[Component]:
    return [
        usage("Invocations", "invocations",
              ref("invocations", {}, "cloud_functions", region_fallbacks=GLOBAL),
              "monthly_function_invocations"),
        usage("Compute time", "GB-seconds", ref("compute", {}, "cloud_functions"),
              "request_duration_ms"),
    ]


def _cpus(r: Resource, path: str) -> Decimal:
    """A Kubernetes-style CPU quantity ("1", "2", "500m") as vCPUs; 1 when unset."""
    text = known_string(r, path) or "1"
    try:
        return Decimal(text[:-1]) / 1000 if text.endswith("m") else Decimal(text)
    except ArithmeticError:
        raise BadAttribute(path, text, "a CPU quantity like 1 or 500m") from None


# Cloud Run (and Cloud Run functions / Cloud Functions 2nd gen) regions billed at Tier 1 prices,
# as Google's Cloud Run locations page lists them (cloud.google.com/run/docs/locations, "Tier 1
# pricing"; read 2026-12). Every other region is Tier 2, whose rates the price data lacks.
CLOUD_RUN_TIER_1 = frozenset({
    "asia-east1", "asia-northeast1", "asia-northeast2", "asia-south1", "europe-north1",
    "europe-north2", "europe-southwest1", "europe-west1", "europe-west4", "europe-west8",
    "europe-west9", "me-west1", "northamerica-south1", "us-central1", "us-east1", "us-east4",
    "us-east5", "us-south1", "us-west1",
})


def cloud_run_cpu(r: Resource, cpus: Decimal, always: bool) -> list[Component]:
    """vCPU-seconds of the instances (usage ``instance_hrs``) at the Tier 1 rate in a Tier 1
    region (elsewhere the Tier 2 rate, which the data lacks); memory and request charges have
    no price in the data and are listed unpriced."""
    tier = "1" if r.region in CLOUD_RUN_TIER_1 else "2"
    r.note(f"CPU at the Tier 1 rate: {r.region} is a Tier 1 Cloud Run region" if tier == "1"
           else f"{r.region} is a Tier 2 Cloud Run region: its CPU rate is not in the data "
           "(only Tier 1's is)")
    billing = "always" if always else "request"
    label = "CPU always allocated" if always else "CPU allocated during requests"
    return [
        Component(f"{label} ({cpus.normalize():f} vCPU)", "vCPU-seconds", None,
                  ref("cpu", {"cpu_allocation": billing, "region_tier": tier}, "cloud_run",
                      region_fallbacks=GLOBAL),
                  usage_based=True, usage_key="instance_hrs", usage_multiplier=3600 * cpus),
        usage("Memory", "GiB-seconds", ref("memory", {}, "cloud_run"), "instance_hrs"),
        usage("Requests", "requests", ref("requests", {}, "cloud_run"), "monthly_requests"),
    ]


@register("google_cloud_run_v2_service", kind=USAGE_ONLY)
def google_cloud_run_v2_service(r: Resource) -> list[Component]:
    limits = "template.0.containers.0.resources.0"
    idle = r.flag(f"{limits}.cpu_idle", True)
    return cloud_run_cpu(r, _cpus(r, f"{limits}.limits.cpu"), always=not idle)


@register("google_cloud_run_service", kind=USAGE_ONLY)
def google_cloud_run_service(r: Resource) -> list[Component]:
    annotations = r.block("template.0.metadata.0.annotations")
    throttling = "run.googleapis.com/cpu-throttling"
    throttled = str(annotations.get(throttling, "true")).lower()
    cpu = _cpus(r, "template.0.spec.0.containers.0.resources.0.limits.cpu")
    return cloud_run_cpu(r, cpu, always=throttled == "false")


@register("google_cloudfunctions2_function", kind=USAGE_ONLY)
def google_cloudfunctions2_function(r: Resource) -> list[Component]:
    """2nd gen functions run as Cloud Run services and are billed at Cloud Run rates."""
    cpu = _cpus(r, "service_config.0.available_cpu")
    return cloud_run_cpu(r, cpu, always=False)
