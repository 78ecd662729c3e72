"""Region resolution shared by every input: the fallback chain after resource and provider."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from cost_gate.errors import UsageError

DEFAULT_AWS_REGION = "us-east-1"
#: Terraform provider short name -> the price data provider whose region list applies.
DATA_PROVIDER = {"aws": "aws", "azurerm": "azure", "google": "gcp", "google-beta": "gcp"}
_PROVIDER_LABEL = {"aws": "AWS", "azure": "Azure", "gcp": "GCP"}
_ZONE_SUFFIX = re.compile(r"^([a-z]{2}(?:-gov)?-[a-z]+-\d{1,2})[a-z]$")


def validate_region_flag(region: str | None) -> str | None:
    """`--region` must look like a cloud region; typos fail fast with exit 2."""
    if region is None:
        return None
    value = region.strip()
    if not value or not re.match(r"^[a-z0-9-]+$", value):
        raise UsageError(f"--region {region!r} is not a region name (e.g. us-east-1)")
    return value


def fallback_region(
    provider: str, flag_region: str | None, env: Mapping[str, str] | None = None
) -> tuple[str | None, str]:
    """Region when neither the resource nor its provider says: flag, env, then the default."""
    env = os.environ if env is None else env
    if flag_region:
        return flag_region, "flag"
    if provider == "aws":
        for var in ("AWS_REGION", "AWS_DEFAULT_REGION"):
            if env.get(var):
                return env[var], "env"
        return DEFAULT_AWS_REGION, "default"
    return None, "unknown"


#: Google resource types that are global (no region): priced from region-less rows.
GLOBAL_GOOGLE_PREFIX = "google_compute_global_"


def region_from_attributes(provider: str, attrs: Mapping[str, Any] | None,
                           resource_type: str = "") -> str | None:
    """A region the resource itself declares (AWS provider v6 `region`, GCP, Azure); "global"
    for Google's global resources (``google_compute_global_*``)."""
    if provider in ("google", "google-beta") and resource_type.startswith(GLOBAL_GOOGLE_PREFIX):
        return "global"
    if not attrs:
        return None
    if provider == "aws":
        value = attrs.get("region")
        return value if isinstance(value, str) and value else None
    if provider in ("google", "google-beta"):
        region = attrs.get("region")
        if isinstance(region, str) and region:
            return region.lower()
        zone = attrs.get("zone") or attrs.get("location")
        if isinstance(zone, str) and zone:
            return zone_to_region(zone.lower())  # buckets say "US-WEST1"
        return None
    if provider == "azurerm":
        location = attrs.get("location")
        if isinstance(location, str) and location:
            return location.replace(" ", "").lower()
    return None


def zone_to_region(zone: str) -> str:
    """us-east-1a -> us-east-1; europe-west2-c -> europe-west2."""
    match = _ZONE_SUFFIX.match(zone)
    if match:
        return match.group(1)
    if re.match(r"^[a-z]+-[a-z]+\d+-[a-z]$", zone):
        return zone.rsplit("-", 1)[0]
    return zone


def region_hint_from_state(attrs: Mapping[str, Any]) -> str | None:
    """State JSON carries no provider config: read the region off the ARN or the AZ."""
    arn = attrs.get("arn")
    if isinstance(arn, str) and arn.startswith("arn:"):
        parts = arn.split(":")
        if len(parts) > 3 and parts[3]:
            return parts[3]
    zone = attrs.get("availability_zone")
    if isinstance(zone, str) and _ZONE_SUFFIX.match(zone):
        return zone_to_region(zone)
    return None


@lru_cache(maxsize=1)
def known_regions() -> dict[str, frozenset[str]]:
    """Data provider -> its known regions, from the shipped ``pricing_data/regions.json``."""
    from cost_gate.pricing.store import shipped_dir

    try:
        doc = json.loads((shipped_dir() / "regions.json").read_text())
    except (OSError, ValueError):
        return {}
    return {name: frozenset(entry.get("regions") or [])
            for name, entry in (doc.get("providers") or {}).items()}


def is_known_region(provider: str, region: str) -> bool | None:
    """Whether ``region`` is a real region of the Terraform ``provider`` (aws, azurerm, google);
    None when there is no list for that provider."""
    regions = known_regions().get(DATA_PROVIDER.get(provider, ""))
    if not regions:
        return None
    if region == "global" and provider in ("google", "google-beta"):
        return True  # global resources (see region_from_attributes)
    return region in regions


def provider_label(provider: str) -> str:
    data = DATA_PROVIDER.get(provider, provider)
    return _PROVIDER_LABEL.get(data, provider)


def describe_source(source: str | None, variable: str | None = None) -> str:
    """Where a resolved region came from, in words (for findings and notes)."""
    if source == "provider" and variable:
        return f"variable var.{variable}, used by the provider block"
    return {
        "attribute": "the resource's own region attribute",
        "provider": "the provider block",
        "flag": "--region / COST_GATE_REGION",
        "env": "AWS_REGION / AWS_DEFAULT_REGION",
        "default": "the default",
    }.get(source, "unknown source")
