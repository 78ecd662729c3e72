"""Lambda: aws_lambda_function requests and duration (both usage-based).

Usage keys (Infracost names): ``monthly_requests`` and ``request_duration_ms`` (average duration
of one request). Duration is billed in GB-seconds: requests x duration (ms) / 1000 x
``memory_size`` / 1024. cost-gate's earlier ``monthly_duration_ms`` (total execution time per
month) is still read when ``request_duration_ms`` is not given. The duration
price is tiered; only the first tier (6 billion GB-seconds) is in the data, because the saved
sources keep the first tier only. The data has x86_64 prices only: arm64 functions find no
price. Ephemeral storage above 512 MB and provisioned concurrency are not priced.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    UsageKey,
    to_decimal,
    usage,
)

DEFAULT_MEMORY_MB = 128  # AWS's default memory_size
DEFAULT_ARCHITECTURE = "x86_64"
FREE_EPHEMERAL_MB = 512
LAMBDA_USAGE = (
    UsageKey("monthly_requests", "requests", "invocations per month"),
    UsageKey("request_duration_ms", "ms", "average duration of one invocation"),
    UsageKey("monthly_duration_ms", "ms", "total execution time per month", legacy=True),
)


@register("aws_lambda_function", usage=LAMBDA_USAGE)
def aws_lambda_function(r: Resource) -> list[Component]:
    if r.is_unknown("memory_size"):
        raise MissingAttribute("memory_size")
    memory = to_decimal(r.get("memory_size", DEFAULT_MEMORY_MB))
    architecture = _architecture(r)
    ephemeral = r.get("ephemeral_storage.0.size")
    if ephemeral is not None and to_decimal(ephemeral) > FREE_EPHEMERAL_MB:
        r.note(f"ephemeral storage above {FREE_EPHEMERAL_MB} MB is billed separately; "
               "no price in the data, not shown")
    attrs = {"architecture": architecture}
    gb_seconds_per_ms = memory / Decimal(1024) / Decimal(1000)
    duration = Component(f"Duration ({architecture}, {memory} MB)", "GB-seconds", None,
                         PriceRef("lambda", "duration", attrs), usage_based=True, tiered=True,
                         usage_key="monthly_duration_ms", usage_multiplier=gb_seconds_per_ms)
    requests = r.usage.number("monthly_requests")
    per_request_ms = r.usage.number("request_duration_ms")
    if per_request_ms is not None:
        if requests is not None:
            duration.quantity = requests * per_request_ms * gb_seconds_per_ms
        else:
            r.note("request_duration_ms in the usage file needs monthly_requests; "
                   "duration shown per unit")
    return [
        usage(f"Requests ({architecture})", "requests", PriceRef("lambda", "requests", attrs),
              "monthly_requests"),
        duration,
    ]


def _architecture(r: Resource) -> str:
    if r.is_unknown("architectures"):
        r.note(f"architectures not in the plan; assumed AWS's default {DEFAULT_ARCHITECTURE}")
        return DEFAULT_ARCHITECTURE
    return str(r.get("architectures.0", DEFAULT_ARCHITECTURE))
