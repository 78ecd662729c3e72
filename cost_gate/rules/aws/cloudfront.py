"""CloudFront distributions: every charge is usage-based, priced by edge geography.

Per geography the distribution's price class serves: data transfer out to the internet (GB,
tiered; AWS counts the tiers per account), data transfer to the origin (GB), HTTP and HTTPS
requests. A geography outside the price class is still priced when the usage file gives it
(its viewers are then served, and billed, by the edges the class includes). Invalidation paths
are billed past the first 1,000 a month (a $0 first tier in the data).

Price classes (AWS): PriceClass_100 = United States, Mexico, Canada, Europe, Israel;
PriceClass_200 adds Japan, the rest of Asia Pacific, India, the Middle East and Africa;
PriceClass_All adds South America, Australia and New Zealand.

Origin Shield requests are billed in the Origin Shield's region (usage, one component per
region the origins use); a custom SSL certificate served from dedicated IPs
(``ssl_support_method = "vip"``) is a monthly charge. A cache behavior with field-level
encryption (``field_level_encryption_id``) adds its per-request charge in each geography served
(usage, on top of the HTTPS request price; the aws_cloudfront_field_level_encryption_config
itself has no charge of its own). Real-time logs, CloudFront Functions and Lambda@Edge are not
priced.

Usage keys are Infracost's (``monthly_data_transfer_to_internet_gb.us`` ...); ``canada`` and
``middle_east`` are cost-gate's, for the two geographies the data prices on their own.
"""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.base import Component, PriceRef, Resource, UsageKey, monthly, usage

# usage-key suffix -> the data's geography label
GEOGRAPHIES = {
    "us": "United States", "canada": "Canada", "europe": "EU", "japan": "Japan",
    "asia_pacific": "Asia Pacific", "india": "India", "middle_east": "Middle East",
    "south_africa": "South Africa", "south_america": "South America", "australia": "Australia",
}
_CLASS_100 = ("us", "canada", "europe")
_CLASS_200 = (*_CLASS_100, "japan", "asia_pacific", "india", "middle_east", "south_africa")
PRICE_CLASSES = {"PriceClass_100": _CLASS_100, "PriceClass_200": _CLASS_200,
                 "PriceClass_All": tuple(GEOGRAPHIES)}

# (usage key prefix, component label, product, unit, tiered)
_CHARGES = (
    ("monthly_data_transfer_to_internet_gb", "Data transfer out", "data_transfer_out", "GB", True),
    ("monthly_data_transfer_to_origin_gb", "Data transfer to origin", "data_transfer_to_origin",
     "GB", False),
    ("monthly_http_requests", "HTTP requests", "requests", "requests", False),
    ("monthly_https_requests", "HTTPS requests", "requests", "requests", False),
)
FLE_KEY = "monthly_field_level_encryption_requests"
# Origin Shield region -> Infracost's usage-key suffix for it
SHIELD_KEYS = {
    "us-east-1": "us", "us-east-2": "us", "us-west-1": "us", "us-west-2": "us",
    "eu-west-1": "europe", "eu-west-2": "europe", "eu-central-1": "europe",
    "sa-east-1": "south_america", "ap-northeast-1": "japan", "ap-southeast-2": "australia",
    "ap-southeast-1": "singapore", "ap-northeast-2": "south_korea", "ap-south-1": "india",
}
CLOUDFRONT_USAGE = (
    *(UsageKey(f"{prefix}.{geo}", unit, f"{label.lower()} per month ({GEOGRAPHIES[geo]})")
      for prefix, label, _, unit, _ in _CHARGES for geo in GEOGRAPHIES),
    *(UsageKey(f"{FLE_KEY}.{geo}", "requests",
               f"HTTPS requests with field-level encryption per month ({GEOGRAPHIES[geo]})")
      for geo in GEOGRAPHIES),
    UsageKey("monthly_invalidation_requests", "paths", "invalidation paths per month"),
    *(UsageKey(f"monthly_shield_requests.{key}", "requests",
               f"requests to Origin Shield in {key} per month")
      for key in dict.fromkeys(SHIELD_KEYS.values())),
)


def _price(product: str, geography: str, prefix: str) -> PriceRef:
    attrs = {"geography": geography}
    if product == "requests":
        attrs["protocol"] = "https" if prefix == "monthly_https_requests" else "http"
    return PriceRef("cloudfront", product, attrs, region_fallbacks=("global",))


# Usage-only: the one fixed charge, the dedicated-IP SSL certificate (ssl_support_method "vip"),
# is a rare legacy option.
@register("aws_cloudfront_distribution", usage=CLOUDFRONT_USAGE, kind=USAGE_ONLY)
def aws_cloudfront_distribution(r: Resource) -> list[Component]:
    price_class = r.string("price_class", "PriceClass_All")
    served = PRICE_CLASSES.get(price_class)
    if served is None:
        r.note(f"unknown price class {price_class!r}: every geography is shown")
        served = tuple(GEOGRAPHIES)
    comps: list[Component] = []
    for prefix, label, product, unit, tiered in _CHARGES:
        for geo, geography in GEOGRAPHIES.items():
            key = f"{prefix}.{geo}"
            # (a presence check: asking would make `usage init` list every geography)
            if geo not in served and key not in r.usage.values:
                continue
            comp = usage(f"{label} ({geography})", unit, _price(product, geography, prefix), key)
            comp.tiered = tiered
            comps.append(comp)
    if _uses_field_level_encryption(r):
        comps += [usage(f"Field-level encryption requests ({geography})", "requests",
                        PriceRef("cloudfront", "field_level_encryption_requests",
                                 {"geography": geography}, region_fallbacks=("global",)),
                        f"{FLE_KEY}.{geo}")
                  for geo, geography in GEOGRAPHIES.items()
                  if geo in served or f"{FLE_KEY}.{geo}" in r.usage.values]
    invalidations = usage("Invalidation paths (first 1,000 a month free)", "paths",
                          PriceRef("cloudfront", "invalidation_paths",
                                   region_fallbacks=("global",)),
                          "monthly_invalidation_requests")
    invalidations.tiered = True
    comps.append(invalidations)
    comps += _origin_shield(r)
    if r.string("viewer_certificate.0.ssl_support_method") == "vip":
        comps.append(monthly("Dedicated IP custom SSL certificate", "certificate-months", 1,
                             PriceRef("cloudfront", "dedicated_ip_ssl",
                                      region_fallbacks=("global",))))
    return comps


def _uses_field_level_encryption(r: Resource) -> bool:
    """A cache behavior sets field_level_encryption_id (a value, or one known after apply)."""
    paths = ["default_cache_behavior.0"] + [
        f"ordered_cache_behavior.{i}" for i in range(len(r.blocks("ordered_cache_behavior")))]
    return any(r.unknown_in_config(f"{p}.field_level_encryption_id")
               or r.get(f"{p}.field_level_encryption_id") for p in paths)


def _origin_shield(r: Resource) -> list[Component]:
    regions: list[str] = []
    for i in range(len(r.blocks("origin"))):
        if not r.flag(f"origin.{i}.origin_shield.0.enabled"):
            continue
        region = r.string(f"origin.{i}.origin_shield.0.origin_shield_region", required=True)
        if region not in regions:
            regions.append(region)
    comps = []
    for region in regions:
        key = SHIELD_KEYS.get(region)
        if key is None:
            r.note(f"Origin Shield in {region}: no price in the data, not shown")
            continue
        comps.append(usage(f"Origin Shield requests ({region})", "requests",
                           PriceRef("cloudfront", "origin_shield_requests",
                                    {"shield_region": region}, region_fallbacks=("global",)),
                           f"monthly_shield_requests.{key}"))
    return comps
