"""GCP Cloud Billing Catalog API: list a service's SKUs (paged), keep the asked regions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.gcp_mapper import SERVICE_IDS, SERVICES, derive_instances, map_sku
from cost_gate.pricing.update.common import Log, UnitResult, join_url, now_utc, selection
from cost_gate.pricing.update.http import Fetcher, redact

DEFAULT_BASE_URL = "https://cloudbilling.googleapis.com/v1"
ENV_API_KEY = "GOOGLE_API_KEY"
DEFAULT_REGIONS = ("us-central1",)
MAX_PAGES = 500


def source_id(service: str, region: str) -> str:
    return f"gcp-billing-catalog-{service}-{region}"


def api_key(explicit: str | None, env: Mapping[str, str]) -> str:
    key = explicit or env.get(ENV_API_KEY, "")
    if not key:
        raise PricingUpdateError(
            "gcp: no API key for the Cloud Billing Catalog API",
            hint=f"set {ENV_API_KEY} or pass --gcp-api-key (any key with the Cloud Billing API "
            "enabled)",
        )
    return key


def fetch_gcp(
    fetcher: Fetcher,
    *,
    base_url: str,
    key: str,
    services: Iterable[str] | None,
    regions: Iterable[str] | None,
    log: Log = lambda _m: None,
    today: date | None = None,
) -> list[UnitResult]:
    wanted_services, wanted_regions = selection("gcp", services, SERVICES, regions,
                                                DEFAULT_REGIONS)
    data_date = (today or date.today()).isoformat()
    results: list[UnitResult] = []
    for service in wanted_services:
        url = join_url(base_url, f"services/{SERVICE_IDS[service]}/skus")
        label = f"gcp {service}"
        by_region: dict[str, list] = {r: [] for r in wanted_regions}
        token = ""
        pages = 0
        skus = 0
        while True:
            pages += 1
            if pages > MAX_PAGES:
                raise PricingUpdateError(f"{label}: more than {MAX_PAGES} pages, giving up")
            params = {"key": key, "currencyCode": "USD", "pageSize": "5000"}
            if token:
                params["pageToken"] = token
            page: Any = fetcher.get_json(url, params=params, label=f"{label} page {pages}")
            if not isinstance(page, dict) or not isinstance(page.get("skus", []), list):
                raise PricingUpdateError(f"{label}: {redact(url)} did not return a SKU list")
            for sku in page.get("skus", []):
                skus += 1
                for region in wanted_regions:
                    by_region[region].extend(
                        map_sku(sku, [region], data_date=data_date,
                                source=source_id(service, region))
                    )
            token = page.get("nextPageToken") or ""
            if not token:
                break
        log(f"{label}: {pages} pages, {skus} SKUs")
        for region in wanted_regions:
            rows = by_region[region]
            rows = rows + derive_instances(rows)
            meta = {
                "description": f"GCP Cloud Billing Catalog, {service}, {region} (on-demand)",
                "url": redact(url),
                "fetched_at": now_utc(),
                "data_date": data_date,
                "pages": pages,
                "rows": len(rows),
            }
            log(f"{label} {region}: {len(rows)} rows")
            results.append(UnitResult(source_id(service, region), "gcp", meta, rows))
    return results
