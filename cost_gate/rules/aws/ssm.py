"""Systems Manager Parameter Store: aws_ssm_parameter.

Standard parameters are free (with the standard API throughput). Advanced parameters are billed
per parameter-month and API interaction, and so are API interactions at the higher throughput
setting; the price data has no Systems Manager prices, so those are reported unsupported with a
note, never $0. ``Intelligent-Tiering`` stores a parameter as Advanced when its value is over
4 KB or it has policies, otherwise as Standard.

Usage key (Infracost name): ``api_throughput_limit`` (standard | advanced | higher).
"""

from __future__ import annotations

from cost_gate.rules import NO_PRICE_DATA, register
from cost_gate.rules.aws.common import setting
from cost_gate.rules.base import Component, NoCharge, NotPriceable, Resource, UsageKey

STANDARD_MAX_BYTES = 4096
SSM_USAGE = (
    UsageKey("api_throughput_limit", "", "Parameter Store API throughput setting",
             kind="setting", value_type="str", choices=("standard", "advanced", "higher"),
             default="standard"),
)
NO_PRICES = "no Systems Manager prices in the data"


@register("aws_ssm_parameter", usage=SSM_USAGE, kind=NO_PRICE_DATA)
def aws_ssm_parameter(r: Resource) -> list[Component]:
    tier = setting(r, "tier", "Standard")
    if tier == "Intelligent-Tiering":
        tier = _intelligent_tier(r)
    if tier == "Advanced":
        raise NotPriceable("advanced parameters are billed per parameter-month and per API "
                           f"interaction; {NO_PRICES}")
    if tier != "Standard":
        raise NotPriceable(f"tier {tier!r} is not a Parameter Store tier")
    throughput = r.usage.string("api_throughput_limit")
    if throughput in ("advanced", "higher"):
        raise NotPriceable("API interactions at the higher throughput setting are billed per "
                           f"interaction; {NO_PRICES}")
    raise NoCharge("standard parameter: no charge")


def _intelligent_tier(r: Resource) -> str:
    """The tier Intelligent-Tiering picks: Advanced for a value over 4 KB, else Standard."""
    for path in ("value", "insecure_value"):
        if r.is_unknown(path):
            continue
        value = r.string(path)
        if value is not None:
            size = len(value.encode())
            tier = "Advanced" if size > STANDARD_MAX_BYTES else "Standard"
            r.note(f"Intelligent-Tiering: a {size}-byte value is stored as {tier}")
            return tier
    r.note("Intelligent-Tiering: value not in the plan; assumed Standard (a value over 4 KB "
           "or parameter policies make it Advanced)")
    return "Standard"
