"""The library entry points: load inputs, estimate, gate — no click anywhere.

>>> from cost_gate.api import build_report
>>> report = build_report(["examples/plan.json"])          # doctest: +SKIP
>>> report["summary"]["monthly_delta"]                       # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cost_gate.gate import Budgets
from cost_gate.models import Project

if TYPE_CHECKING:
    from cost_gate.pricing.store import PriceStore
    from cost_gate.usage import Usage


def load_projects(
    paths: Sequence[str],
    *,
    region: str | None = None,
    env: Mapping[str, str] | None = None,
    var_files: tuple[str, ...] = (),
    variables: dict[str, str] | None = None,
) -> list[Project]:
    from cost_gate.inputs import load_input
    from cost_gate.regions import validate_region_flag

    region = validate_region_flag(region)
    return [
        load_input(p, region=region, env=env, var_files=var_files, variables=variables)
        for p in paths
    ]


def build_report(
    paths: Sequence[str],
    *,
    region: str | None = None,
    budgets: Budgets | None = None,
    pricing_dir: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    today: date | None = None,
    var_files: tuple[str, ...] = (),
    variables: dict[str, str] | None = None,
    usage_file: str | None = None,
    max_price_age_days: int | None = None,
) -> dict[str, Any]:
    """Estimate the given plans/states/directories into the JSON report dict (with gate).

    ``usage_file``: a YAML file of usage estimates (see :mod:`cost_gate.usage`).
    ``max_price_age_days``: price data older than this is stale (default 1 year).
    """
    projects = load_projects(paths, region=region, env=env, var_files=var_files,
                             variables=variables)
    return _report(projects, budgets=budgets, pricing_dir=pricing_dir, env=env, today=today,
                   usage_file=usage_file, max_price_age_days=max_price_age_days)


def load_report_or_estimate(
    path: str,
    *,
    region: str | None = None,
    budgets: Budgets | None = None,
    pricing_dir: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    today: date | None = None,
    usage_file: str | None = None,
    max_price_age_days: int | None = None,
) -> dict[str, Any]:
    """A saved report (schema 1 or 2; gate recomputed when budgets are given), or estimate a
    plan/state/dir.

    The file is read once, so ``-`` (stdin) works for every kind.
    """
    options = {"budgets": budgets, "pricing_dir": pricing_dir, "env": env, "today": today,
               "usage_file": usage_file, "max_price_age_days": max_price_age_days}
    if path != "-" and Path(path).is_dir():
        return build_report([path], region=region, **options)
    from cost_gate.inputs.document import load_document

    kind, doc, name = load_document(path)
    if kind == "report":
        from cost_gate.report import regate, upgrade_report

        doc = upgrade_report(doc, name)
        return regate(doc, budgets) if budgets is not None else doc
    import os

    from cost_gate.inputs import apply_region_fallbacks, project_from_document
    from cost_gate.regions import validate_region_flag

    project = project_from_document(kind, doc, name)
    apply_region_fallbacks(project, validate_region_flag(region),
                           os.environ if env is None else env)
    return _report([project], **options)


def _report(
    projects: list[Project],
    *,
    budgets: Budgets | None,
    pricing_dir: str | Path | None,
    env: Mapping[str, str] | None,
    today: date | None,
    usage_file: str | None,
    max_price_age_days: int | None = None,
) -> dict[str, Any]:
    """Price loaded projects against the active price data; the JSON report dict."""
    from cost_gate.estimate import estimate

    store, usage = pricing_context(pricing_dir, env, usage_file)
    return estimate(projects, store=store, budgets=budgets, today=today, usage=usage,
                    max_price_age_days=max_price_age_days).to_dict()


def pricing_context(
    pricing_dir: str | Path | None, env: Mapping[str, str] | None, usage_file: str | None
) -> tuple[PriceStore, Usage | None]:
    """The active price store and the usage estimates (if a usage file is given)."""
    from cost_gate.pricing.store import PriceStore

    usage = None
    if usage_file:
        from cost_gate.usage import load_usage_file

        usage = load_usage_file(usage_file)
    return PriceStore.default(pricing_dir, env), usage
