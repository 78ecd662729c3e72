"""Base-vs-head cost diff: price what each side describes, then subtract per address.

Each side may be a plan JSON, a state JSON, a directory of ``.tf`` files or a saved report.
A side is priced as its *current* state: for a plan the ``after`` side of each change (a
deleted resource is gone), for a state or HCL directory its resources, for a saved report
each resource's ``after`` cost. :func:`pair_costs` then pairs the two lists by address into
ordinary :class:`~cost_gate.models.ResourceCost` rows (before = base, after = head), so the
result is a normal report that every renderer and the budget gate understand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cost_gate.models import Action, Project, ResourceChange, ResourceCost, Status

if TYPE_CHECKING:
    from cost_gate.gate import Budgets
    from cost_gate.pricing.store import PriceStore
    from cost_gate.report import Report
    from cost_gate.usage import Usage

_RANK = {"free": 0, "not-cloud": 0, "priced": 1, "partial": 2, "unsupported": 3}


def snapshot(project: Project) -> Project:
    """The resources ``project`` describes as they will exist, each as a ``create``.

    Deleted resources are dropped; a state's or plan's no-op resources are kept with their
    current attributes. A saved report (already priced) is returned unchanged.
    """
    if project.priced is not None:
        return project
    changes: list[ResourceChange] = []
    for change in project.changes:
        side = change.after
        if side is None or change.action == "delete":
            continue
        changes.append(replace(change, action="create", before=None, after=side))
    return replace(project, changes=changes)


def current_costs(resources: list[ResourceCost]) -> list[ResourceCost]:
    """Priced rows reduced to what exists after them: the ``after`` cost, deletes dropped."""
    out = []
    for res in resources:
        if res.action == "delete":
            continue
        out.append(replace(res, action="create", before=None))
    return out


def _combined_status(base: ResourceCost, head: ResourceCost) -> Status:
    worst = max((base.status, head.status), key=lambda s: _RANK.get(s, 3))
    return worst  # type: ignore[return-value]


def _same_cost(base: ResourceCost, head: ResourceCost) -> bool:
    b = base.after.to_dict() if base.after else None
    h = head.after.to_dict() if head.after else None
    return b == h and base.status == head.status


def pair_costs(
    base: list[ResourceCost],
    head: list[ResourceCost],
    *,
    changed: set[str] | None = None,
) -> list[ResourceCost]:
    """Pair current-state costs by address into head-minus-base rows.

    ``base`` and ``head`` hold one row per resource with its cost in ``after``. Addresses
    only in head are ``create``, only in base ``delete``; in both, ``replace`` when the type
    differs, ``update`` when the cost (or, if given, ``changed`` addresses' attributes)
    differs, else ``no-op``. Rows come in head order, then the base-only ones.
    """
    base_by = {r.address: r for r in base}
    head_addresses = {r.address for r in head}
    out: list[ResourceCost] = []
    for h in head:
        b = base_by.get(h.address)
        if b is None:
            out.append(replace(h, action="create", before=None, notes=list(h.notes)))
            continue
        action: Action
        if b.type != h.type:
            action = "replace"
        elif changed is not None:
            action = "update" if h.address in changed or not _same_cost(b, h) else "no-op"
        else:
            action = "no-op" if _same_cost(b, h) else "update"
        notes = list(h.notes) + [n for n in b.notes if n not in h.notes]
        out.append(
            ResourceCost(
                address=h.address,
                type=h.type,
                provider=h.provider or b.provider,
                region=h.region or b.region,
                action=action,
                status=_combined_status(b, h),
                before=b.after,
                after=h.after,
                notes=notes,
                usage=h.usage or b.usage,
            )
        )
    for b in base:
        if b.address not in head_addresses:
            out.append(replace(b, action="delete", before=b.after, after=None, notes=list(b.notes)))
    return out


def changed_addresses(base: Project, head: Project) -> set[str] | None:
    """Addresses on both sides whose attributes differ; None when the sides cannot be compared.

    Only inputs of the same kind are compared (a plan carries provider defaults that a .tf
    directory does not spell out); otherwise the action follows the cost alone.
    """
    if base.priced is not None or head.priced is not None or base.input_type != head.input_type:
        return None
    base_by = snapshot(base).by_address()
    out: set[str] = set()
    for change in snapshot(head).changes:
        other = base_by.get(change.address)
        if other is None or other.after is None or change.after is None:
            continue
        if (
            other.after.attributes != change.after.attributes
            or other.after.region != change.after.region
        ):
            out.add(change.address)
    return out


def diff_projects(
    base: Project,
    head: Project,
    *,
    store: PriceStore | None = None,
    budgets: Budgets | None = None,
    today: date | None = None,
    usage: Usage | None = None,
    max_price_age_days: int | None = None,
) -> Report:
    """Price both sides with the estimator and return the head-minus-base report."""
    from cost_gate.estimate import Pricer, price_project, pricing_block
    from cost_gate.pricing.store import PriceStore
    from cost_gate.report import ProjectResult, Report

    store = store or PriceStore.default()
    pricer = Pricer(store, today or date.today(), usage=usage)
    if max_price_age_days:
        pricer.max_age_days = max_price_age_days
    base_result = price_project(pricer, snapshot(base))
    head_result = price_project(pricer, snapshot(head))
    rows = pair_costs(
        current_costs(base_result.resources),
        current_costs(head_result.resources),
        changed=changed_addresses(base, head),
    )
    notes = list(head.notes) + [f"base: {n}" for n in base.notes if n not in head.notes]
    result = ProjectResult(
        name=head.name,
        source=f"{base.source} -> {head.source}",
        input_type=head.input_type,
        resources=rows,
        notes=notes,
    )
    return Report([result], pricing_block(pricer), budgets, pricer.region_findings.as_list(),
                  usage=pricer.usage_block())


def diff_paths(
    base_path: str,
    head_path: str,
    *,
    region: str | None = None,
    env: Mapping[str, str] | None = None,
    var_files: tuple[str, ...] = (),
    variables: dict[str, str] | None = None,
    pricing_dir: str | Path | None = None,
    budgets: Budgets | None = None,
    today: date | None = None,
    usage_file: str | None = None,
    strict_usage: bool = False,
    workspace: str | None = None,
    max_price_age_days: int | None = None,
) -> Report:
    """Load two inputs (plan/state/.tf dir/report) and diff them (see :func:`diff_projects`)."""
    from cost_gate.api import load_projects, pricing_context

    base, head = load_projects(
        [base_path, head_path], region=region, env=env, var_files=var_files, variables=variables,
        workspace=workspace,
    )
    store, usage = pricing_context(pricing_dir, env, usage_file)
    report = diff_projects(base, head, store=store, budgets=budgets, today=today, usage=usage,
                           max_price_age_days=max_price_age_days)
    if strict_usage:
        from cost_gate.usage import strict_check

        strict_check(report.to_dict())
    return report
