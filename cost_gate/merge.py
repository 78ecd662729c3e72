"""Merge the JSON reports of CI matrix jobs (one project each, or several) into one report.

Projects are concatenated in the order the reports are given; the summary is recomputed
from their resources with the same :func:`~cost_gate.report.summarize` an estimate uses
(unpriced changes named "PROJECT: ADDRESS" as in a run of several projects), findings are
concatenated, usage blocks combined, the ``pricing`` block is the union of what each job used,
and the gate is evaluated afresh against the budgets given (flags, ``--unpriced`` and the
config's). Merging the per-project reports of a run gives exactly the report of that run over
the same projects: nothing in a report depends on when or where it was computed except the
price data's age, which is taken from the oldest. Saved schema-1 reports are upgraded first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cost_gate.errors import InputError
from cost_gate.finops.settings import Policy
from cost_gate.gate import Budgets, NamedBudget
from cost_gate.report import assemble, resource_from_dict, run_labels, summarize, upgrade_report

# Top-level keys merge_reports builds itself; any other key must agree or be a list.
_BUILT = {"schema_version", "currency", "hours_per_month", "pricing", "projects", "summary",
          "findings", "usage", "gate", "allocation", "unit_economics", "pricing_model"}


def merge_reports(
    reports: Sequence[tuple[str, dict[str, Any]]],
    *,
    budgets: Budgets | None = None,
    named: Sequence[NamedBudget] = (),
    policy: Policy | None = None,
) -> dict[str, Any]:
    """One report from ``(name, report)`` pairs (name: where it came from, for errors).

    ``policy``: the config's FinOps policies, recomputed over the merged resources (without
    one, tag-policy findings are concatenated and allocation and unit economics recomputed
    with the tag and units the reports carry)."""
    if not reports:
        raise InputError("merge: no reports given")
    reports = [(name, upgrade_report(_check(name, report), name)) for name, report in reports]
    projects: list[dict[str, Any]] = []
    origin: list[str] = []
    for name, report in reports:
        for project in report["projects"]:
            if project in projects:  # the same job's report given twice would count twice
                first = origin[projects.index(project)]
                raise InputError(f"merge: project {project.get('name')!r} of {name} is already "
                                 f"in {first} (the same report given twice?)")
            projects.append(project)
            origin.append(name)
    if len(projects) == 1:
        summary = dict(projects[0]["summary"])
    else:
        resources = [[r for r in p.get("resources") or [] if isinstance(r, dict)]
                     for p in projects]
        labels = run_labels([(str(p.get("name", "")), [str(r.get("address", "")) for r in rs])
                             for p, rs in zip(projects, resources, strict=True)])
        summary = summarize([resource_from_dict(r) for rs in resources for r in rs], labels)
    pricing = merge_pricing([(name, r["pricing"]) for name, r in reports])
    findings = _findings(reports)
    out = assemble(projects, summary, pricing, budgets, tuple(named), findings=findings,
                   usage=_usage(reports), policy=policy, extra=_finops_blocks(reports))
    gate = out.pop("gate")
    out.update(_other_fields(reports))
    out["gate"] = gate
    return out


def _findings(reports: Sequence[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every report's findings, in the order one run lists them: region findings, then the
    recommendations and junk of each project, then tag policy (per project in order)."""
    from cost_gate.finops.policy import POLICY_KINDS

    found = [f for _, r in reports for f in r.get("findings") or [] if isinstance(f, dict)]
    return ([f for f in found if f.get("kind") not in POLICY_KINDS]
            + [f for f in found if f.get("kind") in ("recommendation", "junk")]
            + [f for f in found if f.get("kind") == "tag-policy"])


def _finops_blocks(reports: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The allocation tag and units the reports carry (recomputed over the merged report),
    and their pricing-model comparisons combined."""
    out: dict[str, Any] = {}
    for key in ("allocation", "unit_economics"):
        blocks = [r[key] for _, r in reports if r.get(key)]
        if blocks:
            out[key] = blocks[0]
    models = [r["pricing_model"] for _, r in reports if isinstance(r.get("pricing_model"), dict)]
    if models:
        from cost_gate.finops.models import combine

        out["pricing_model"] = combine(models)
    return out


def _check(name: str, report: Any) -> dict[str, Any]:
    if not isinstance(report, dict) or not isinstance(report.get("projects"), list):
        raise InputError(f"{name}: not a cost-gate report")
    for project in report["projects"]:
        if not isinstance(project, dict) or not isinstance(project.get("summary"), dict):
            raise InputError(f"{name}: a project without a summary: not a cost-gate report")
    if not isinstance(report.get("pricing"), dict):
        raise InputError(f"{name}: report has no pricing block")
    return report


def _usage(reports: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any] | None:
    """The usage blocks of the reports as one (None when no job read a usage file)."""
    blocks = [r["usage"] for _, r in reports if isinstance(r.get("usage"), dict)]
    if not blocks:
        return None
    if len(blocks) == 1:
        return blocks[0]
    from cost_gate.usage import merge_usage_blocks

    return merge_usage_blocks(blocks)


def merge_pricing(blocks: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The union of the price data the jobs used; they must have used the same snapshot."""
    first_name, first = blocks[0]
    for name, block in blocks[1:]:
        if block.get("snapshot_date") != first.get("snapshot_date"):
            raise InputError(
                f"merge: {name} was priced with price data of {block.get('snapshot_date')} but "
                f"{first_name} with {first.get('snapshot_date')}; re-run the jobs on the same "
                "price data")
    out = dict(first)
    dates = sorted({d for _, b in blocks for d in b.get("data_dates_used") or []})
    sources: dict[str, Any] = {}
    for _, block in blocks:
        for source in block.get("sources") or []:
            sources.setdefault(source.get("id"), source)
    out["origins"] = sorted({o for _, b in blocks for o in b.get("origins") or []})
    out["data_dates_used"] = dates
    out["oldest_data_date"] = dates[0] if dates else None
    out["sources"] = [sources[k] for k in sorted(sources)]
    # the age fields of the job whose data was oldest (as a single run reports its oldest)
    aged = [b for _, b in blocks if b.get("as_of")]
    if aged:
        oldest = min(aged, key=lambda b: (b["as_of"], -(b.get("age_days") or 0)))
        for key in ("as_of", "age_days", "stale", "max_age_days", "staleness_warning"):
            if key in oldest:
                out[key] = oldest[key]
    return out


def _other_fields(reports: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Top-level fields other parts add: equal, or lists concatenated."""
    out: dict[str, Any] = {}
    keys = [k for _, r in reports for k in r if k not in _BUILT]
    for key in dict.fromkeys(keys):
        values = [(name, r[key]) for name, r in reports if key in r]
        if all(v == values[0][1] for _, v in values):
            out[key] = values[0][1]
        elif all(isinstance(v, list) for _, v in values):
            merged: list[Any] = []
            for _, value in values:
                merged.extend(item for item in value if item not in merged)
            out[key] = merged
        else:
            names = ", ".join(name for name, _ in values)
            raise InputError(f"merge: the reports disagree on {key!r} ({names}) and it cannot "
                             "be combined")
    return out
