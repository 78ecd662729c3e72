"""Usage estimates for usage-based charges, from an Infracost-format usage file.

Without an estimate a usage-based charge is shown as "$X per unit" and left out of the totals;
with one it is priced and counted. The file is the Infracost usage YAML, unchanged::

    version: 0.1
    resource_type_default_usage:      # every resource of the type
      aws_nat_gateway:
        monthly_data_processed_gb: 100
    resource_usage:                   # exact addresses and [*] wildcards
      aws_nat_gateway.main:
        monthly_data_processed_gb: 2500
      aws_s3_bucket.assets:
        standard:
          storage_gb: 10000
      module.app[*].aws_lambda_function.api:
        monthly_requests: 20000000
        request_duration_ms: 250

Stages, each its own module: :mod:`.loader` (file -> typed :class:`Usage` + warnings),
:mod:`.resolve` (usage x resources -> values per resource with their origin, unmatched entries,
keys not used yet), :mod:`.skeleton` (``cost-gate usage init``). The keys each pricing rule reads
are declared with the rule (``@register(..., usage=...)``); the format's keys are in
:mod:`.catalogue`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cost_gate.usage.model import Usage, UsageRange, UsageValue, UsageWarning

if TYPE_CHECKING:
    from cost_gate.usage.resolve import UsageTracker

__all__ = ["Usage", "UsageRange", "UsageValue", "UsageWarning", "load_usage_file",
           "strict_check"]


def load_usage_file(path: str) -> Usage:
    """Read a usage file (see :func:`cost_gate.usage.loader.load_usage_file`)."""
    from cost_gate.usage.loader import load_usage_file as _load

    return _load(path)


def strict_check(report: dict) -> None:
    """``--strict-usage``: any usage-file warning in the report is an error (exit 2)."""
    from cost_gate.errors import InputError

    warnings = (report.get("usage") or {}).get("warnings") or []
    if warnings:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        raise InputError(f"{warnings[0]['text']}{more}; --strict-usage treats usage-file "
                         "warnings as errors")


def tracker(usage: Usage | None) -> UsageTracker | None:
    if usage is None:
        return None
    from cost_gate.usage.resolve import UsageTracker

    return UsageTracker(usage)
