"""Many projects in one run: which projects the given paths mean, and pricing them in parallel.

:func:`resolve_projects` turns paths (plus the config's ``projects:``) into
:class:`~cost_gate.inputs.discovery.ProjectSpec` s; :func:`price_projects` loads and prices
each one — in a process pool when ``jobs`` > 1, in this process otherwise — through the same
function, and returns the results in the order of the specs, whatever order they finish in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cost_gate.errors import InputError, UsageError
from cost_gate.inputs.discovery import ProjectSpec, discover_projects, project_tool

if TYPE_CHECKING:
    from cost_gate.config import Config, ProjectConfig
    from cost_gate.finops.settings import Checks
    from cost_gate.pricing.store import PriceStore
    from cost_gate.report import ProjectResult


@dataclass(frozen=True)
class LoadOptions:
    """What every project of a run shares (each project may add var files / usage / workspace)."""

    region: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    var_files: tuple[str, ...] = ()
    variables: Mapping[str, Any] = field(default_factory=dict)
    usage_file: str | None = None  # given for the run: wins over every project's
    usage_file_default: str | None = None  # the config's, for projects that name none
    workspace: str | None = None  # given for the run: wins over every project's
    pricing_dir: str | None = None
    today: date | None = None
    max_price_age_days: int | None = None  # None: the default (1 year)
    checks: Checks | None = None  # FinOps plan-time checks (None: the defaults)

    def usage_file_for(self, spec: ProjectSpec) -> str | None:
        return self.usage_file or spec.usage_file or self.usage_file_default


def default_jobs() -> int:
    """The CPU count available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def resolve_projects(
    paths: Sequence[str], config: Config | None = None, names: Sequence[str] = ()
) -> list[ProjectSpec]:
    """The projects to price for ``paths``, optionally only those called ``names``.

    A file (or ``-``) is one project. A directory that is a configured project's path, or
    holds configured projects, means those; a directory holding .tf/.tofu files or a
    terragrunt.hcl is one project; any other directory means the projects found below it.
    Without paths: the configured projects, else (with ``names``) those found below the
    working directory. ``names`` pick projects by name (one CI matrix job per project).
    """
    configured = list(config.projects) if config else []
    if paths:
        specs = [spec for path in paths for spec in _for_path(path, configured)]
    elif configured:
        specs = [_from_config(p) for p in configured]
    elif names:
        specs = _for_path(".", [])
    else:
        raise UsageError("give a plan JSON, a state JSON, a directory of .tf files, or - for "
                         "stdin (or list projects in .cost-gate.yml)")
    if not names:
        return specs
    available = [spec.name for spec in specs]
    for name in names:
        if name not in available:
            raise UsageError(f"--project {name!r}: no such project (found: "
                             f"{', '.join(available) or 'none'})")
    return [spec for spec in specs if spec.name in names]


def _from_config(project: ProjectConfig) -> ProjectSpec:
    tool = project.tool
    if tool is None:
        tool = "file" if os.path.isfile(project.path) else project_tool(project.path)
    if tool is None:
        raise InputError(f"{project.path}: project {project.name!r} has no .tf, .tofu or "
                         "terragrunt.hcl files")
    return ProjectSpec(project.name, _shown(project.path), tool, project.var_files,
                       project.usage_file, project.workspace)


def _shown(path: str) -> str:
    """A configured (absolute) path relative to the working directory when below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def _for_path(path: str, configured: list[ProjectConfig]) -> list[ProjectSpec]:
    if path == "-" or not Path(path).is_dir():
        return [ProjectSpec(path, path, "file")]
    here = os.path.abspath(path)
    inside = [p for p in configured
              if p.path == here or p.path.startswith(here.rstrip(os.sep) + os.sep)]
    if inside:
        return [_from_config(p) for p in inside]
    tool = project_tool(path)
    if tool is not None:
        name = os.path.basename(os.path.normpath(here)) or path
        return [ProjectSpec(name, path, tool)]
    found = discover_projects(path)
    if not found:
        from cost_gate.inputs.document import projects_below

        message = (f"{path}: no Terraform project found (no directory below it has .tf/.tofu "
                   "files declaring a provider or terraform block, or a terragrunt.hcl)")
        below = projects_below(path)
        if below:  # roots that rely on implicit providers, or modules: name them
            more = " (and maybe more)" if len(below) >= 10 else ""
            message += (f"; directories with Terraform files below it: {', '.join(below)}"
                        f"{more}; pass one or more of them")
        raise InputError(message)
    return found


def price_projects(
    specs: Sequence[ProjectSpec], options: LoadOptions, jobs: int | None = None
) -> tuple[list[ProjectResult], Any, dict[str, Any] | None]:
    """(results in spec order, the Pricer holding what every project used and the region
    findings met, the report's usage block — None without a usage file)."""
    from cost_gate.pricing.store import PriceStore

    store = PriceStore.default(options.pricing_dir, options.env)  # fresh: records what is used
    pricer = _pricer(store, options)
    usages = _usages(specs, options)  # read once, here: a bad file fails before any work
    jobs = min(jobs or default_jobs(), len(specs))
    # stdin can be read only here; a pool is worth it only for two projects or more
    in_process = jobs <= 1 or sum(spec.path != "-" for spec in specs) < 2
    if in_process:
        outcomes = [_load_and_price(spec, options, usages, store) for spec in specs]
    else:
        import concurrent.futures

        if any(spec.tool != "file" for spec in specs):
            _warm_hcl_parser()  # built once here; forked workers inherit it
        try:
            pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs)
        except (OSError, NotImplementedError):  # no semaphores here (some sandboxes): serially
            pool = None
        if pool is None:
            outcomes = [_load_and_price(spec, options, usages, store) for spec in specs]
        else:
            with pool:
                pending = {i: pool.submit(_load_and_price, spec, options, usages)
                           for i, spec in enumerate(specs) if spec.path != "-"}
                outcomes = [pending[i].result() if i in pending
                            else _load_and_price(spec, options, usages, store)
                            for i, spec in enumerate(specs)]
    results = []
    trackers: dict[str, Any] = {}  # usage file -> what every project using it matched
    for result, sources, dates, files, tracker, findings in outcomes:
        results.append(result)
        pricer.used_sources |= sources
        pricer.used_dates |= dates
        pricer.region_findings.absorb(findings)
        store.note_used(files)
        if tracker is not None:
            if tracker.usage.path in trackers:
                trackers[tracker.usage.path].absorb(tracker)
            else:
                trackers[tracker.usage.path] = tracker
    return results, pricer, _usage_block([t.block() for t in trackers.values()])


def _usage_block(blocks: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One usage block for the report; several usage files (per project) are listed together."""
    if len(blocks) <= 1:
        return blocks[0] if blocks else None
    from cost_gate.usage import merge_usage_blocks

    return merge_usage_blocks(blocks)


def _warm_hcl_parser() -> None:
    from cost_gate.inputs.hcl.config import parse_hcl_text

    parse_hcl_text("", "<warm-up>")


def load_project(spec: ProjectSpec, options: LoadOptions):
    """Load one project (regions resolved), named as the spec says."""
    from cost_gate.inputs import apply_region_fallbacks, load_input

    var_files = (*spec.var_files, *options.var_files)
    workspace = options.workspace or spec.workspace
    if spec.tool == "terragrunt":
        from cost_gate.inputs.terragrunt import load_terragrunt_project

        project = load_terragrunt_project(spec.path, var_files=var_files,
                                          variables=dict(options.variables), env=options.env,
                                          workspace=workspace)
        apply_region_fallbacks(project, options.region, options.env)
    else:
        project = load_input(spec.path, region=options.region, env=options.env,
                             var_files=var_files, variables=dict(options.variables),
                             workspace=workspace)
    if spec.name != spec.path:  # a discovered or configured name (a file given keeps its path)
        project = replace(project, name=spec.name)
    return project


_WORKER_STORES: dict[tuple[str | None, str | None], PriceStore] = {}


def _worker_store(pricing_dir: str | None, env: Mapping[str, str]) -> PriceStore:
    """A worker process's price store, reused across the projects it prices."""
    from cost_gate.pricing.store import ENV_CACHE_DIR, ENV_PRICING_DIR, PriceStore

    key = (pricing_dir or env.get(ENV_PRICING_DIR), env.get(ENV_CACHE_DIR))
    store = _WORKER_STORES.get(key)
    if store is None:
        store = _WORKER_STORES[key] = PriceStore.default(pricing_dir, env)
    return store


def _usages(specs: Sequence[ProjectSpec], options: LoadOptions) -> dict[str, Any]:
    from cost_gate.usage import load_usage_file

    paths = {options.usage_file_for(spec) for spec in specs}
    return {path: load_usage_file(path) for path in sorted(p for p in paths if p)}


def _load_and_price(spec: ProjectSpec, options: LoadOptions, usages: Mapping[str, Any],
                    store: PriceStore | None = None):
    """Load and price one project; (result, sources used, data dates used, price files used,
    the usage tracker or None, the region findings met).

    Runs in a worker process (``store`` None: the worker's own) or in this one.
    """
    from cost_gate.estimate import price_project

    project = load_project(spec, options)
    store = store or _worker_store(options.pricing_dir, options.env)
    usage_file = options.usage_file_for(spec)
    pricer = _pricer(store, options, usages.get(usage_file) if usage_file else None)
    result = price_project(pricer, project, options.checks)
    return (result, pricer.used_sources, pricer.used_dates, set(store.used_files),
            pricer.usage_tracker, pricer.region_findings)


def _pricer(store: PriceStore, options: LoadOptions, usage: Any = None):
    from cost_gate.estimate import DEFAULT_MAX_PRICE_AGE_DAYS, Pricer

    return Pricer(store, options.today or date.today(), usage=usage,
                  max_age_days=options.max_price_age_days or DEFAULT_MAX_PRICE_AGE_DAYS)
