"""The library entry points: load inputs, estimate, gate — no click anywhere.

>>> from cost_gate.api import build_report
>>> report = build_report(["examples/plan.json"])          # doctest: +SKIP
>>> report["summary"]["monthly_delta"]                       # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cost_gate.gate import Budgets, NamedBudget
from cost_gate.models import Project

if TYPE_CHECKING:
    from cost_gate.config import Config
    from cost_gate.finops.settings import Checks, Policy
    from cost_gate.pricing.store import PriceStore
    from cost_gate.usage import Usage


def load_projects(
    paths: Sequence[str],
    *,
    region: str | None = None,
    env: Mapping[str, str] | None = None,
    var_files: tuple[str, ...] = (),
    variables: dict[str, str] | None = None,
    workspace: str | None = None,
) -> list[Project]:
    from cost_gate.inputs import load_input
    from cost_gate.regions import validate_region_flag

    region = validate_region_flag(region)
    return [
        load_input(p, region=region, env=env, var_files=var_files, variables=variables,
                   workspace=workspace)
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
    strict_usage: bool = False,
    max_price_age_days: int | None = None,
    config: Config | None = None,
    jobs: int | None = None,
    workspace: str | None = None,
    project_names: Sequence[str] = (),
    pricing_model: str | None = None,
) -> dict[str, Any]:
    """Estimate the given plans/states/directories into the JSON report dict (with gate).

    ``usage_file``: a YAML file of usage estimates (see :mod:`cost_gate.usage`); its mistakes
    are listed in the report's ``usage.warnings``, or raise InputError with ``strict_usage``.
    ``max_price_age_days``: price data older than this is stale (default 1 year).
    ``config``: a loaded ``.cost-gate.yml`` (:func:`cost_gate.config.load_config`): its
    projects, budgets and settings (``unpriced``, ``max-price-age``, ...); every argument
    given here wins over it. A directory that is not itself a project means the projects
    found below it (or configured in it); ``project_names`` selects configured projects by
    name. Projects are priced in ``jobs``
    processes (default: the CPU count; 1 = in this process); the report lists them in the
    order given (discovered ones by path), whatever order they finish in.
    ``pricing_model``: ``spot``, ``reserved-1y`` or ``reserved-3y`` rates are shown beside
    on-demand where the price data has them (else the config's ``pricing-model``).
    """
    from cost_gate.estimate import pricing_block
    from cost_gate.projects import LoadOptions, price_projects, resolve_projects
    from cost_gate.regions import validate_region_flag
    from cost_gate.report import Report

    options = run_options(config, region=region, env=env, today=today, var_files=var_files,
                          variables=variables, usage_file=usage_file, pricing_dir=pricing_dir,
                          workspace=workspace, max_price_age_days=max_price_age_days)
    options = LoadOptions(**{**options, "region": validate_region_flag(options["region"]),
                             "checks": plan_checks(config, pricing_model)})
    specs = resolve_projects(paths, config, project_names)
    settings_jobs = config.settings.jobs if config else None
    results, pricer, usage_block = price_projects(specs, options, jobs or settings_jobs)
    budgets, named = gate_settings(config, budgets)
    report = Report(results, pricing_block(pricer), budgets, pricer.region_findings.as_list(),
                    usage=usage_block, named_budgets=named,
                    policy=config.policy() if config else None).to_dict(release=True)
    if strict_usage:
        from cost_gate.usage import strict_check

        strict_check(report)
    return report


def run_options(
    config: Config | None,
    *,
    region: str | None = None,
    env: Mapping[str, str] | None = None,
    today: date | None = None,
    var_files: Sequence[str] = (),
    variables: Mapping[str, Any] | None = None,
    usage_file: str | None = None,
    pricing_dir: str | Path | None = None,
    workspace: str | None = None,
    max_price_age_days: int | None = None,
) -> dict[str, Any]:
    """The shared load options of a run: each argument, else the config's setting."""
    import os

    from cost_gate.config import Settings
    from cost_gate.pricing.store import ENV_PRICING_DIR

    settings = config.settings if config else Settings()
    env = dict(os.environ if env is None else env)
    if pricing_dir is None and not env.get(ENV_PRICING_DIR):
        pricing_dir = settings.pricing_dir
    return {
        "region": region if region is not None else settings.region,
        "env": env,
        "today": today,
        "var_files": tuple(var_files),
        "variables": dict(variables or {}),
        "usage_file": usage_file,
        "usage_file_default": settings.usage_file,
        "pricing_dir": str(pricing_dir) if pricing_dir else None,
        "workspace": workspace,
        "max_price_age_days": max_price_age_days or settings.max_price_age,
    }


def plan_checks(config: Config | None, pricing_model: str | None = None) -> Checks:
    """The FinOps checks run while pricing: the config's, ``pricing_model`` winning."""
    from cost_gate.finops.settings import PRICING_MODELS, Checks

    if pricing_model is not None and pricing_model not in PRICING_MODELS:
        from cost_gate.errors import UsageError

        raise UsageError(f"--pricing-model expects one of {', '.join(PRICING_MODELS)}, "
                         f"got {pricing_model!r}")
    if config is None:
        return Checks(pricing_model=pricing_model or "on-demand")
    return config.checks(pricing_model)


def report_policy(config: Config | None) -> Policy | None:
    """The config's report-level FinOps policies (None without a config file)."""
    return config.policy() if config is not None else None


def gate_settings(config: Config | None,
                  budgets: Budgets | None) -> tuple[Budgets | None, list[NamedBudget]]:
    """The gate of a run: the flag budgets, with the config's ``unpriced`` and ``gate-on``
    where no flag (or its variable) set them, and the config's named budgets (a flag limit
    replaces the same limit of a whole-run budget)."""
    if config is None:
        return budgets, []
    for name in ("unpriced", "gate_on"):
        value = getattr(config.settings, name)
        if value is not None and (budgets is None or getattr(budgets, name) is None):
            budgets = replace(budgets or Budgets(), **{name: value})
    return budgets, config.gate_budgets(budgets)


def load_report_or_estimate(
    path: str,
    *,
    region: str | None = None,
    budgets: Budgets | None = None,
    pricing_dir: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    today: date | None = None,
    usage_file: str | None = None,
    strict_usage: bool = False,
    max_price_age_days: int | None = None,
    config: Config | None = None,
) -> dict[str, Any]:
    """A saved report (schema 1 or 2; gate recomputed when budgets, or the config's
    ``unpriced`` or budgets, are given), or estimate a plan/state/dir.

    ``config`` as for :func:`build_report`: its settings and budgets, the arguments win.
    The file is read once, so ``-`` (stdin) works for every kind.
    """
    if path != "-" and Path(path).is_dir():
        return build_report([path], region=region, budgets=budgets, pricing_dir=pricing_dir,
                            env=env, today=today, usage_file=usage_file,
                            strict_usage=strict_usage, max_price_age_days=max_price_age_days,
                            config=config)
    from cost_gate.inputs.document import load_document
    from cost_gate.inputs.plan import plan_sections

    kind, doc, name = load_document(path, plan_sections)
    gate_budgets, named = gate_settings(config, budgets)
    if kind == "report":
        from cost_gate.report import regate, upgrade_report, validate_saved_report

        validate_saved_report(doc, name)
        doc = upgrade_report(doc, name)
        policy = report_policy(config)
        if gate_budgets is not None or named or policy is not None:
            return regate(doc, gate_budgets, named, policy=policy)
        return doc
    from cost_gate.inputs import apply_region_fallbacks, project_from_document
    from cost_gate.regions import validate_region_flag

    options = run_options(config, region=region, env=env, today=today, usage_file=usage_file,
                          pricing_dir=pricing_dir, max_price_age_days=max_price_age_days)
    project = project_from_document(kind, doc, name)
    apply_region_fallbacks(project, validate_region_flag(options["region"]), options["env"])
    return _report([project], budgets=gate_budgets, named=named, config=config,
                   pricing_dir=options["pricing_dir"], env=options["env"], today=today,
                   usage_file=options["usage_file"] or options["usage_file_default"],
                   strict_usage=strict_usage, max_price_age_days=options["max_price_age_days"])


def _report(
    projects: list[Project],
    *,
    budgets: Budgets | None,
    pricing_dir: str | Path | None,
    env: Mapping[str, str] | None,
    today: date | None,
    usage_file: str | None,
    strict_usage: bool = False,
    max_price_age_days: int | None = None,
    named: Sequence[NamedBudget] = (),
    config: Config | None = None,
) -> dict[str, Any]:
    """Price loaded projects against the active price data; the JSON report dict."""
    from cost_gate.estimate import estimate

    store, usage = pricing_context(pricing_dir, env, usage_file)
    result = estimate(projects, store=store, budgets=budgets, today=today, usage=usage,
                      max_price_age_days=max_price_age_days, checks=plan_checks(config))
    result.named_budgets = list(named)
    result.policy = report_policy(config)
    report = result.to_dict(release=True)
    if strict_usage:
        from cost_gate.usage import strict_check

        strict_check(report)
    return report


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


def resource_catalogue(provider: str | None = None) -> dict[str, Any]:
    """The resource types cost-gate prices, per provider (``cost-gate resources``): priced,
    usage-based only, no price data, free; and the providers that are not clouds.

    Raises :class:`~cost_gate.errors.UsageError` for an unknown provider.
    """
    from cost_gate.errors import UsageError
    from cost_gate.rules.catalogue import catalogue, known_providers

    if provider is not None and provider not in known_providers():
        raise UsageError(f"unknown provider {provider!r} (choose from "
                         f"{', '.join(known_providers())})")
    return catalogue(provider)
