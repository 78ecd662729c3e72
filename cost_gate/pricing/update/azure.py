"""Azure Retail Prices API: one filtered, paged query per (service, region)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.azure_mapper import API_SERVICE_NAME, SERVICES, choose_one, map_retail_item
from cost_gate.pricing.update.common import Log, UnitResult, now_utc, selection
from cost_gate.pricing.update.http import Fetcher, redact

DEFAULT_BASE_URL = "https://prices.azure.com/api/retail/prices"
DEFAULT_REGIONS = ("eastus",)
MAX_PAGES = 2000


def source_id(service: str, region: str) -> str:
    return f"azure-retail-prices-{service}-{region}"


def odata_filter(service: str, region: str) -> str:
    name = API_SERVICE_NAME[service]
    return (
        f"serviceName eq '{name}' and armRegionName eq '{region}' "
        "and priceType eq 'Consumption'"
    )


def _next_params(link: str) -> dict[str, str]:
    """NextPageLink names the public host; keep only its query so mirrors keep working."""
    return dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))


def fetch_azure(
    fetcher: Fetcher,
    *,
    base_url: str,
    services: Iterable[str] | None,
    regions: Iterable[str] | None,
    log: Log = lambda _m: None,
    today: date | None = None,
) -> list[UnitResult]:
    wanted_services, wanted_regions = selection("azure", services, SERVICES, regions,
                                                DEFAULT_REGIONS)
    data_date = (today or date.today()).isoformat()
    results = []
    for service in wanted_services:
        for region in wanted_regions:
            results.append(_fetch_one(fetcher, base_url, service, region, data_date, log))
    return results


def _fetch_one(fetcher, base_url, service, region, data_date, log) -> UnitResult:
    source = source_id(service, region)
    label = f"azure {service} {region}"
    params: dict[str, str] = {"currencyCode": "USD", "$filter": odata_filter(service, region)}
    rows = []
    items = 0
    pages = 0
    while True:
        pages += 1
        if pages > MAX_PAGES:
            raise PricingUpdateError(f"{label}: more than {MAX_PAGES} pages, giving up")
        page: Any = fetcher.get_json(base_url, params=params, label=f"{label} page {pages}")
        if not isinstance(page, dict) or not isinstance(page.get("Items"), list):
            raise PricingUpdateError(f"{label}: {redact(base_url)} did not return Retail Prices")
        for item in page["Items"]:
            items += 1
            row = map_retail_item(item, service, data_date=data_date, source=source)
            if row is not None and row.region == region:
                rows.append(row)
        link = page.get("NextPageLink")
        if not link:
            break
        params = _next_params(link)
    rows = choose_one(rows)
    log(f"{label}: {pages} pages, {items} items, {len(rows)} rows")
    meta = {
        "description": f"Azure Retail Prices API, {API_SERVICE_NAME[service]}, {region} "
        "(consumption)",
        "url": redact(base_url),
        "fetched_at": now_utc(),
        "data_date": data_date,
        "pages": pages,
        "rows": len(rows),
    }
    return UnitResult(source, "azure", meta, rows)
