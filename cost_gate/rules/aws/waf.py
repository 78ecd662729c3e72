"""AWS WAF: web ACLs of WAFv2 and WAF Classic (global and regional).

A web ACL is billed per month, plus one rule-month per rule added to it (a rule that
references a managed or own rule group counts as one rule) and per million requests it
inspects. WAF Classic has the same three prices. Rule groups, IP sets, regex sets and the
associations have no charge of their own (free list); the usage keys ``rule_group_rules`` and
``managed_rule_group_rules`` add rule-months for rules counted inside rule groups.
Bot Control, Fraud Control, CAPTCHA and large-body inspection fees are not priced.
"""

from __future__ import annotations

import json
from decimal import Decimal

from cost_gate.rules import register
from cost_gate.rules.base import (
    BadAttribute,
    Component,
    PriceRef,
    Resource,
    UsageKey,
    monthly,
    usage,
)

WAF_USAGE = (
    UsageKey("monthly_requests", "requests", "web requests the web ACL inspects per month"),
    UsageKey("rule_group_rules", "rules", "rules inside own rule groups the web ACL uses"),
    UsageKey("managed_rule_group_rules", "rules",
             "rules inside managed rule groups the web ACL uses"),
)
CLASSIC_USAGE = (
    UsageKey("monthly_requests", "requests", "web requests the web ACL inspects per month"),
    UsageKey("rule_group_rules", "rules", "rules inside rule groups the web ACL uses"),
)


def _web_acl(r: Resource, rules: int, extra_keys: tuple[str, ...]) -> list[Component]:
    extra = sum((r.usage.number(key) or Decimal(0) for key in extra_keys), Decimal(0))
    comps = [monthly("Web ACL", "web-ACL-months", 1, PriceRef("waf", "web_acl"))]
    if rules + extra:
        comps.append(monthly("Rules", "rule-months", rules + extra, PriceRef("waf", "rule")))
    comps.append(usage("Requests", "requests", PriceRef("waf", "requests"), "monthly_requests"))
    return comps


@register("aws_wafv2_web_acl", usage=WAF_USAGE)
def aws_wafv2_web_acl(r: Resource) -> list[Component]:
    rules = len(r.blocks("rule"))
    text = r.string("rule_json")
    if not rules and text:
        try:
            parsed = json.loads(text)
        except ValueError:
            raise BadAttribute("rule_json", text, "a JSON list of rules") from None
        if not isinstance(parsed, list):
            raise BadAttribute("rule_json", text, "a JSON list of rules")
        rules = len(parsed)
    return _web_acl(r, rules, ("rule_group_rules", "managed_rule_group_rules"))


@register("aws_waf_web_acl", usage=CLASSIC_USAGE)
def aws_waf_web_acl(r: Resource) -> list[Component]:
    return _web_acl(r, len(r.blocks("rules")), ("rule_group_rules",))


@register("aws_wafregional_web_acl", usage=CLASSIC_USAGE)
def aws_wafregional_web_acl(r: Resource) -> list[Component]:
    return _web_acl(r, len(r.blocks("rule")), ("rule_group_rules",))
