"""Report-level FinOps policies: read the JSON report and the config, never price.

:func:`apply_policy` (called by :func:`cost_gate.report.regate` for fresh, saved and merged
reports alike) recomputes, from the report's resources:

- ``tag-policy`` findings: one per resource and missing or not-allowed tag key, on resources
  that cost money (not free, not off-cloud) and that the change creates, updates or replaces
  (every resource of a state); severity from ``on-violation``;
- ``allocation``: cost before/after/delta grouped by one tag, untagged spend as its own group
  (``value`` null), largest |delta| first;
- ``unit_economics``: cost per unit before and after for each ``units`` entry;
- the recommendation and junk findings met while pricing, less those silenced (config
  ``ignore``, a ``cost-gate:ignore`` tag on the resource: ids or ``all``), with the
  configured severities.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from cost_gate import fmt
from cost_gate.finops.settings import Policy
from cost_gate.models import _num

IGNORE_TAG = "cost-gate:ignore"
POLICY_KINDS = ("tag-policy", "recommendation", "junk")


def apply_policy(report: dict[str, Any], policy: Policy | None) -> dict[str, Any]:
    """``report`` with its FinOps blocks recomputed under ``policy``; without one (no config
    file), findings keep their severities and only ``cost-gate:ignore`` tags silence, and the
    allocation tag and units the report carries are recomputed (a merge)."""
    out = dict(report)
    given = policy is not None
    policy = policy or Policy()
    projects = [p for p in report.get("projects") or [] if isinstance(p, dict)]
    tags = {(str(p.get("name")), str(r.get("address"))): r.get("tags")
            for p in projects for r in _resources(p)}
    others, planned = [], []
    for finding in report.get("findings") or []:
        if not isinstance(finding, dict):
            continue
        kind = finding.get("kind")
        if kind not in POLICY_KINDS:
            others.append(finding)
        elif kind != "tag-policy" and _kept(finding, policy, tags):
            planned.append({**finding, "severity": policy.recommendation_severity
                            if kind == "recommendation" else policy.junk_severity}
                           if given else finding)
    if policy.tag_policy is None:  # a saved report's tag findings stay until a policy is given
        tag_findings = [f for f in report.get("findings") or []
                        if isinstance(f, dict) and f.get("kind") == "tag-policy"]
    else:
        tag_findings = list(tag_policy_findings(projects, policy))
    out["findings"] = [*others, *planned, *tag_findings]
    tag = policy.allocation_tag or (report.get("allocation") or {}).get("tag")
    if tag:
        out["allocation"] = allocation(projects, str(tag))
    units = [(u.name, u.monthly) for u in policy.units] or [
        (str(u.get("name")), Decimal(str(u.get("monthly_units"))))
        for u in report.get("unit_economics") or []
        if isinstance(u, dict) and u.get("monthly_units")]
    if units:
        out["unit_economics"] = unit_economics(report.get("summary") or {}, units)
    return out


def _resources(project: dict[str, Any]) -> Iterator[dict[str, Any]]:
    return (r for r in project.get("resources") or [] if isinstance(r, dict))


def _kept(finding: dict[str, Any], policy: Policy, tags: dict) -> bool:
    kind, finding_id = finding.get("kind"), str(finding.get("id"))
    if (kind == "recommendation" and not policy.recommendations) or (
            kind == "junk" and not policy.junk):
        return False
    if finding_id in policy.ignore:
        return False
    resource_tags = tags.get((str(finding.get("project")), str(finding.get("address")))) or {}
    ignored = [s.strip() for s in str(resource_tags.get(IGNORE_TAG, "")).split(",")]
    return finding_id not in ignored and "all" not in ignored


# ----------------------------------------------------------------- tag policy


def costs_money(resource: dict[str, Any], input_type: str | None) -> bool:
    """A resource the tag policy looks at: on a cloud bill, and in the change."""
    if resource.get("status") in ("free", "not-cloud") or resource.get("action") == "delete":
        return False
    return resource.get("action") != "no-op" or input_type == "state"


def tag_policy_findings(projects: list[dict[str, Any]], policy: Policy
                        ) -> Iterator[dict[str, Any]]:
    rules = policy.tag_policy
    assert rules is not None
    severity = rules.on_violation
    for project in projects:
        for res in _resources(project):
            rtype = str(res.get("type"))
            if not costs_money(res, project.get("input_type")):
                continue
            if rules.resource_types and not any(fnmatch.fnmatchcase(rtype, pattern)
                                                for pattern in rules.resource_types):
                continue
            tags = res.get("tags") if isinstance(res.get("tags"), dict) else {}
            address = str(res.get("address"))
            base = {"kind": "tag-policy", "address": address, "severity": severity,
                    "project": project.get("name")}
            for key in rules.required:
                if not str(tags.get(key) or "").strip():
                    yield {**base, "id": f"missing-tag:{key}", "tag": key,
                           "message": f"{address}: required tag {key!r} is missing"}
            for key, allowed in rules.allowed.items():
                value = tags.get(key)
                if value is None or not str(value).strip():
                    continue
                if isinstance(allowed, str):
                    if _fullmatch(allowed, str(value)):
                        continue
                    rule_text = f"it must match {allowed}"
                elif value in allowed:
                    continue
                else:
                    rule_text = f"allowed: {', '.join(allowed)}"
                yield {**base, "id": f"invalid-tag:{key}", "tag": key, "value": value,
                       "message": f"{address}: tag {key}={value!r} is not allowed ({rule_text})"}


def _fullmatch(pattern: str, value: str) -> bool:
    """Whether ``value`` matches all of ``pattern``, on RE2 (as Terraform): tag values come
    from the pull request, so no pattern may backtrack without bound on them. A pattern RE2
    cannot run (a backreference, a lookaround) matches nothing."""
    from cost_gate.inputs.hcl.functions import compile_regex
    from cost_gate.inputs.hcl.values import EvalError

    try:
        return compile_regex(pattern).fullmatch(value) is not None
    except EvalError:
        return False


# ----------------------------------------------------------------- allocation and units


def allocation(projects: list[dict[str, Any]], tag: str) -> dict[str, Any]:
    """Cost by the value of ``tag`` (untagged spend in the group whose value is None)."""
    from cost_gate.report import resource_from_dict

    groups: dict[str | None, dict[str, Any]] = {}
    for project in projects:
        for res in _resources(project):
            if res.get("status") in ("free", "not-cloud"):
                continue
            tags = res.get("tags") if isinstance(res.get("tags"), dict) else {}
            value = tags.get(tag)
            value = str(value) if value is not None and str(value).strip() else None
            group = groups.setdefault(value, {"before": Decimal(0), "after": Decimal(0),
                                              "delta": Decimal(0), "resources": 0,
                                              "unpriced": 0})
            priced = resource_from_dict(res)
            group["before"] += priced.monthly_before
            group["after"] += priced.monthly_after
            group["resources"] += 1
            if priced.monthly_delta is not None:
                group["delta"] += priced.monthly_delta
            elif priced.action != "no-op":
                group["unpriced"] += 1
    rows = [{"value": value, "monthly_before": _num(g["before"]),
             "monthly_after": _num(g["after"]), "monthly_delta": _num(g["delta"]),
             "delta_complete": not g["unpriced"], "unpriced_changes": g["unpriced"],
             "resources": g["resources"]} for value, g in groups.items()]
    rows.sort(key=lambda r: (-abs(Decimal(str(r["monthly_delta"]))), r["value"] is None,
                             r["value"] or ""))
    return {"tag": tag, "groups": rows}


def unit_economics(summary: dict[str, Any], units: list[tuple[str, Decimal]]
                   ) -> list[dict[str, Any]]:
    """Cost per unit before and after (of the known monthly totals) for each unit."""
    before = Decimal(str(summary.get("monthly_before") or 0))
    after = Decimal(str(summary.get("monthly_after") or 0))
    return [{
        "name": name,
        "monthly_units": _num(monthly),
        "cost_per_unit_before": _num(round(before / monthly, 6)),
        "cost_per_unit_after": _num(round(after / monthly, 6)),
        "complete": bool(summary.get("totals_complete", True)),
    } for name, monthly in units if monthly > 0]


def unit_line(unit: dict[str, Any]) -> str:
    """"1k orders: $0.63 -> $4.24 per unit (120 a month)" for the renderers."""
    before, after = unit.get("cost_per_unit_before"), unit.get("cost_per_unit_after")
    known = "" if unit.get("complete", True) else " (priced part only)"
    return (f"{unit.get('name')}: {_per_unit(before)} -> {_per_unit(after)} per unit"
            f"{known} ({fmt.quantity(unit.get('monthly_units'))} a month)")


def _per_unit(value: Any) -> str:
    amount = Decimal(str(value or 0))
    return fmt.money(amount) if abs(amount) >= 1 or amount == 0 else fmt.unit_price(
        round(amount, 4))
