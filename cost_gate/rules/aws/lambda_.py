"""Lambda: aws_lambda_function (requests, duration, ephemeral storage; all usage-based) and
aws_lambda_provisioned_concurrency_config (a fixed charge while it is configured).

Usage keys (Infracost names): ``monthly_requests`` and ``request_duration_ms`` (average duration
of one request). Duration is billed in GB-seconds: requests x duration (ms) / 1000 x
``memory_size`` / 1024, tiered (6 and 15 billion GB-seconds); ephemeral storage above the
included 512 MB in GB-seconds of the same duration. cost-gate's earlier ``monthly_duration_ms``
(total execution time per month) is still read when ``request_duration_ms`` is not given.
x86_64 and arm64 have their own prices.

Provisioned concurrency: ``provisioned_concurrent_executions`` x the function's memory (GB) x
the seconds it is configured (``monthly_duration_hrs``, default all month), plus the duration
and requests of the invocations it serves (usage) at the provisioned-duration and request
rates. The function's memory and architecture come from the function in the plan, or the usage
keys ``memory_mb`` / ``architecture``.
"""

from __future__ import annotations

from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    PriceRef,
    Resource,
    UsageKey,
    usage,
)

DEFAULT_MEMORY_MB = 128  # AWS's default memory_size
DEFAULT_ARCHITECTURE = "x86_64"
FREE_EPHEMERAL_MB = 512
ARCHITECTURES = ("x86_64", "arm64")
LAMBDA_USAGE = (
    UsageKey("monthly_requests", "requests", "invocations per month"),
    UsageKey("request_duration_ms", "ms", "average duration of one invocation"),
    UsageKey("monthly_duration_ms", "ms", "total execution time per month", legacy=True),
)
PROVISIONED_USAGE = (
    UsageKey("monthly_duration_hrs", "hours",
             "hours per month provisioned concurrency is configured", kind="setting",
             default="730"),
    UsageKey("monthly_requests", "requests", "invocations per month served by it"),
    UsageKey("request_duration_ms", "ms", "average duration of one invocation"),
    UsageKey("memory_mb", "MB", "the function's memory (when the function is not in the plan)",
             kind="setting"),
    UsageKey("architecture", "", "the function's architecture (when the function is not in "
             "the plan)", kind="setting", value_type="str", choices=ARCHITECTURES),
)


def gb_seconds(r: Resource, memory_gb: Decimal, name: str, unit_price: PriceRef,
               *, tiered: bool = False, legacy_key: str | None = None) -> Component:
    """A usage-based GB-seconds charge of ``memory_gb`` for the invocations' total duration:
    ``monthly_requests`` x ``request_duration_ms`` (or ``legacy_key``: total milliseconds)."""
    comp = Component(name, "GB-seconds", None, unit_price, usage_based=True, tiered=tiered,
                     usage_key=legacy_key, usage_multiplier=memory_gb / 1000)
    requests = r.usage.number("monthly_requests")
    per_request_ms = r.usage.number("request_duration_ms")
    if per_request_ms is not None:
        if requests is not None:
            comp.quantity = requests * per_request_ms / 1000 * memory_gb
        else:
            r.note("request_duration_ms in the usage file needs monthly_requests; "
                   "duration shown per unit")
    return comp


@register("aws_lambda_function", usage=LAMBDA_USAGE, kind=USAGE_ONLY)
def aws_lambda_function(r: Resource) -> list[Component]:
    memory = function_memory(r)
    architecture = _architecture(r)
    attrs = {"architecture": architecture}
    comps = [
        usage(f"Requests ({architecture})", "requests", PriceRef("lambda", "requests", attrs),
              "monthly_requests"),
        gb_seconds(r, memory / 1024, f"Duration ({architecture}, {memory} MB)",
                   PriceRef("lambda", "duration", attrs), tiered=True,
                   legacy_key="monthly_duration_ms"),
    ]
    if r.is_unknown("ephemeral_storage.0.size"):
        raise MissingAttribute("ephemeral_storage.0.size")
    ephemeral = r.number("ephemeral_storage.0.size", FREE_EPHEMERAL_MB)
    assert ephemeral is not None
    if ephemeral > FREE_EPHEMERAL_MB:
        extra = ephemeral - FREE_EPHEMERAL_MB
        comps.append(gb_seconds(r, extra / 1024,
                                f"Ephemeral storage above {FREE_EPHEMERAL_MB} MB "
                                f"({extra.normalize():f} MB)",
                                PriceRef("lambda", "ephemeral_storage", attrs),
                                legacy_key="monthly_duration_ms"))
    return comps


@register("aws_lambda_provisioned_concurrency_config", usage=PROVISIONED_USAGE)
def aws_lambda_provisioned_concurrency_config(r: Resource) -> list[Component]:
    if r.is_unknown("provisioned_concurrent_executions"):
        raise MissingAttribute("provisioned_concurrent_executions")
    executions = r.number("provisioned_concurrent_executions", required=True, integer=True)
    assert executions is not None
    function = r.referenced("function_name")
    memory = r.usage.number("memory_mb")
    architecture = r.usage.string("architecture")
    if function is not None:
        memory = memory if memory is not None else function_memory(function, referenced=True)
        architecture = architecture or _architecture(function)
    if memory is None:
        raise MissingAttribute("function_name", "a function not in this plan (set memory_mb "
                               "in the usage file)")
    architecture = architecture or DEFAULT_ARCHITECTURE
    attrs = {"architecture": architecture}
    hours = r.usage.number("monthly_duration_hrs")
    seconds = (HOURS_PER_MONTH if hours is None else hours) * 3600
    memory_gb = memory / 1024
    concurrency = Component(
        f"Provisioned concurrency ({executions} x {memory} MB, {architecture})", "GB-seconds",
        executions * memory_gb * seconds, PriceRef("lambda", "provisioned_concurrency", attrs))
    return [
        concurrency,
        usage(f"Requests ({architecture})", "requests", PriceRef("lambda", "requests", attrs),
              "monthly_requests"),
        gb_seconds(r, memory_gb, f"Duration with provisioned concurrency ({architecture}, "
                   f"{memory} MB)", PriceRef("lambda", "provisioned_duration", attrs)),
    ]


def function_memory(r: Resource, *, referenced: bool = False) -> Decimal:
    if r.is_unknown("memory_size"):
        raise MissingAttribute(f"{r.address}.memory_size" if referenced else "memory_size")
    memory = r.number("memory_size", DEFAULT_MEMORY_MB, minimum=1)
    assert memory is not None
    return memory


def _architecture(r: Resource) -> str:
    if r.is_unknown("architectures"):
        r.note(f"architectures not in the plan; assumed AWS's default {DEFAULT_ARCHITECTURE}")
        return DEFAULT_ARCHITECTURE
    return r.string("architectures.0") or DEFAULT_ARCHITECTURE
