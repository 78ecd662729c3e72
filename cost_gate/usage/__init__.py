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
        monthly_requests: {min: 10000000, max: 40000000}   # a range: priced at both ends
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


UNMATCHED = "matches no resource in the input"


def merge_usage_blocks(blocks: list[dict]) -> dict:
    """The usage blocks of several reports (CI matrix jobs) as one: an entry that matches no
    resource is a warning only if it matched nothing in every job that read the same file;
    everything else is listed once."""
    files: list[str] = []
    for block in blocks:
        for name in str(block.get("file") or "").split(", "):
            if name and name not in files:
                files.append(name)
    readers: dict[str, int] = {}
    for block in blocks:
        for name in {w.get("file") for w in block.get("warnings") or []} | set(
                str(block.get("file") or "").split(", ")):
            readers[name] = readers.get(name, 0) + 1
    # one warning per (file, key, message); the closest spelling may differ between jobs
    first: dict[tuple, dict] = {}
    counts: dict[tuple, int] = {}
    for block in blocks:
        for warning in block.get("warnings") or []:
            ident = (warning.get("file"), warning.get("key"), warning.get("message"))
            counts[ident] = counts.get(ident, 0) + 1
            first.setdefault(ident, warning)
    warnings = [w for ident, w in first.items() if UNMATCHED not in str(ident[2])
                or counts[ident] >= readers.get(ident[0], 1)]
    not_used: list[dict] = []
    for block in blocks:
        not_used += [n for n in block.get("not_used") or [] if n not in not_used]
    versions = {b.get("version") for b in blocks}
    return {"file": ", ".join(files), "version": versions.pop() if len(versions) == 1 else None,
            "warnings": warnings, "not_used": not_used}


def tracker(usage: Usage | None) -> UsageTracker | None:
    if usage is None:
        return None
    from cost_gate.usage.resolve import UsageTracker

    return UsageTracker(usage)
