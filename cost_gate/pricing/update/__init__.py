"""`cost-gate pricing update`: fetch official prices, map them, swap them into the user cache.

All sources are fetched and mapped first; only when every one succeeded is the merged dataset
written (atomically) into the user cache. Any failure leaves the previous data active.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.update.common import Log, UnitResult

PROVIDERS = ("aws", "azure", "gcp")
ENV_URLS = {
    "aws": "COST_GATE_AWS_PRICING_URL",
    "azure": "COST_GATE_AZURE_PRICING_URL",
    "gcp": "COST_GATE_GCP_PRICING_URL",
}


@dataclass
class UpdateOptions:
    providers: Sequence[str] = ()  # empty: aws, azure, and gcp when an API key is available
    regions: Sequence[str] = ()  # empty: the regions already cached, else a default per provider
    services: Sequence[str] = ()  # our service names (ec2, rds, virtual_machines, compute, ...)
    urls: Mapping[str, str] = field(default_factory=dict)  # provider -> base URL override
    gcp_api_key: str | None = None
    offline: bool = False
    aws_format: str = "csv"  # csv | json
    cache_dir: Path | None = None  # default: store.user_cache_dir(env)


@dataclass
class UpdateSummary:
    cache_dir: Path
    written: bool
    updated: list[str]
    not_modified: list[str]
    rows: int
    manifest: dict[str, Any]


def base_url(provider: str, opts: UpdateOptions, env: Mapping[str, str]) -> str:
    from cost_gate.pricing.update import aws, azure, gcp

    default = {"aws": aws.DEFAULT_BASE_URL, "azure": azure.DEFAULT_BASE_URL,
               "gcp": gcp.DEFAULT_BASE_URL}[provider]
    return opts.urls.get(provider) or env.get(ENV_URLS[provider]) or default


def _services_for(provider: str, services: Sequence[str]) -> list[str] | None:
    """The subset of ``services`` this provider knows; None = all; [] = skip the provider."""
    if not services:
        return None
    from cost_gate.pricing.aws_mapper import MAPPED_OFFER_CODES
    from cost_gate.pricing.azure_mapper import SERVICES as AZURE
    from cost_gate.pricing.gcp_mapper import SERVICES as GCP
    from cost_gate.pricing.update.aws import SERVICE_OFFERS

    known = {"aws": set(SERVICE_OFFERS) | set(MAPPED_OFFER_CODES), "azure": set(AZURE),
             "gcp": set(GCP)}[provider]
    return [s for s in services if s in known]


def _cached_regions(manifest: dict, provider: str) -> list[str]:
    return sorted({rel.split("/")[2][:-4] for rel in manifest.get("files", {})
                   if rel.startswith(provider + "/") and not rel.endswith("/global.csv")})


def run_update(
    opts: UpdateOptions,
    *,
    env: Mapping[str, str] | None = None,
    fetcher: Any = None,
    log: Log = lambda _m: None,
    progress: Any = None,
    today: date | None = None,
) -> UpdateSummary:
    """Refresh prices into the user cache; raise PricingUpdateError and keep old data on failure."""
    from cost_gate.pricing.store import user_cache_dir
    from cost_gate.pricing.update import aws, azure, cache, gcp
    from cost_gate.pricing.update.http import Fetcher, ensure_online

    env = os.environ if env is None else env
    ensure_online("`pricing update`", env, opts.offline)
    for name in opts.providers:
        if name not in PROVIDERS:
            raise PricingUpdateError(f"unknown provider {name!r} (known: {', '.join(PROVIDERS)})")
    if opts.aws_format not in ("csv", "json"):
        raise PricingUpdateError("--aws-format must be csv or json")
    providers = list(opts.providers)
    if not providers:
        providers = ["aws", "azure"]
        wants_gcp = bool(opts.services) and _services_for("gcp", opts.services) != []
        if wants_gcp or opts.gcp_api_key or env.get(gcp.ENV_API_KEY):
            providers.append("gcp")
        else:
            log(f"gcp: skipped (no API key; set {gcp.ENV_API_KEY} or pass --gcp-api-key)")
    plan = {p: _services_for(p, opts.services) for p in providers}
    if opts.services:
        claimed = {s for services in plan.values() for s in services or ()}
        unknown = [s for s in opts.services if s not in claimed]
        if unknown:
            raise PricingUpdateError(
                f"unknown service {unknown[0]!r} for {', '.join(providers)}",
                hint=f"aws: {' '.join(aws.SERVICE_OFFERS)}; azure: virtual_machines "
                "managed_disks; gcp: compute",
            )
    providers = [p for p in providers if plan[p] != []]
    gcp_key = gcp.api_key(opts.gcp_api_key, env) if "gcp" in providers else ""
    fetcher = fetcher or Fetcher(offline=opts.offline, env=env)
    cache_dir = opts.cache_dir or user_cache_dir(env)
    with cache.locked(cache_dir):
        cache.recover(cache_dir, log)
        old_rows, old_manifest = cache.load_cache(cache_dir, log)
        old_sources = old_manifest.get("sources", {})
        work = cache.downloads_dir(cache_dir)
        results: list[UnitResult] = []
        try:
            for provider in providers:
                services = plan[provider]
                regions = list(opts.regions) or _cached_regions(old_manifest, provider) or None
                url = base_url(provider, opts, env)
                if provider == "aws":
                    results += aws.fetch_aws(
                        fetcher, base_url=url, services=services, regions=regions,
                        previous=old_sources, workdir=work, fmt=opts.aws_format, log=log,
                        progress=progress)
                elif provider == "azure":
                    results += azure.fetch_azure(fetcher, base_url=url, services=services,
                                                 regions=regions, log=log, today=today)
                else:
                    results += gcp.fetch_gcp(fetcher, base_url=url, key=gcp_key,
                                             services=services, regions=regions, log=log,
                                             today=today)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        kept_results = []
        for result in results:
            if result.provider != "aws" and not result.not_modified and not result.rows:
                log(f"{result.source}: no prices found (unknown region?); nothing stored")
                continue
            kept_results.append(result)
        updated = [r.source for r in kept_results if not r.not_modified]
        unchanged = [r.source for r in kept_results if r.not_modified]
        if not updated:
            log("price cache unchanged")
            return UpdateSummary(cache_dir, False, [], unchanged, len(old_rows), old_manifest)
        rows = cache.merge(old_rows, kept_results)
        extra = cache.build_manifest_extra(rows, old_sources, kept_results)
        manifest = cache.commit(cache_dir, rows, extra)
    log(f"wrote {len(rows)} rows in {len(manifest['files'])} files to {cache_dir}")
    return UpdateSummary(cache_dir, True, updated, unchanged, len(rows), manifest)
