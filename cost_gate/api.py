"""The library entry points: load inputs, estimate, gate — no click anywhere.

>>> from cost_gate.api import build_report
>>> report = build_report(["examples/plan.json"])          # doctest: +SKIP
>>> report["summary"]["monthly_delta"]                       # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from cost_gate.gate import Budgets
from cost_gate.models import Project


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
) -> dict[str, Any]:
    """Estimate the given plans/states/directories into the JSON report dict (with gate).

    ``usage_file``: a YAML file of usage estimates (see :mod:`cost_gate.usage`).
    """
    from cost_gate.estimate import estimate
    from cost_gate.pricing.store import PriceStore

    usage = None
    if usage_file:
        from cost_gate.usage import load_usage_file

        usage = load_usage_file(usage_file)
    projects = load_projects(paths, region=region, env=env, var_files=var_files,
                             variables=variables)
    store = PriceStore.default(pricing_dir, env)
    return estimate(projects, store=store, budgets=budgets, today=today, usage=usage).to_dict()


def load_report_or_estimate(
    path: str, *, region: str | None = None, budgets: Budgets | None = None, **kwargs: Any
) -> dict[str, Any]:
    """A saved report (gate recomputed when budgets are given), or estimate a plan/state/dir."""
    from cost_gate.inputs.document import load_document

    if path != "-" and Path(path).is_dir():
        return build_report([path], region=region, budgets=budgets, **kwargs)
    kind, doc, name = load_document(path)
    if kind == "report":
        from cost_gate.report import regate

        return regate(doc, budgets) if budgets is not None else doc
    import os

    from cost_gate.estimate import estimate
    from cost_gate.inputs import apply_region_fallbacks, project_from_document
    from cost_gate.pricing.store import PriceStore
    from cost_gate.regions import validate_region_flag

    env = kwargs.get("env")
    if env is None:
        env = os.environ
    project = project_from_document(kind, doc, name)
    apply_region_fallbacks(project, validate_region_flag(region), env)
    store = PriceStore.default(kwargs.get("pricing_dir"), env)
    return estimate([project], store=store, budgets=budgets, today=kwargs.get("today")).to_dict()
