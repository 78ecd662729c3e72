"""Plan-time FinOps checks: recommendations and junk, with savings from two real prices.

Run by :func:`cost_gate.estimate.price_project` on each project (in a worker process when
projects are priced in parallel), because they read what only the inputs know: attributes,
references between resources, and the price data. A saving is the resource's monthly cost
minus the monthly cost of the same resource re-priced by its own rule with the recommended
attribute (gp3 instead of gp2, the current-generation class, Single-AZ...), both through the
estimator's lookup; when either side is not fully priced the recommendation is skipped.
Where the saving depends on usage nobody estimated (log storage, S3 data, ECR images), the
finding carries the saving per unit (``unit_savings``) instead of a monthly figure.

Which resources are checked: those the change creates, updates or replaces (every resource
of a state). Findings carry the project; the report-level policy (:mod:`.policy`) applies
the config's ``ignore`` lists, ``cost-gate:ignore`` tags and severities.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cost_gate import fmt
from cost_gate.finops.settings import Checks
from cost_gate.models import Project, ResourceChange, ResourceCost, _num
from cost_gate.rules.base import PriceRef

if TYPE_CHECKING:
    from cost_gate.estimate import Pricer

RECOMMENDATION_IDS = (
    "gp2-to-gp3", "io1-to-gp3", "io1-to-io2", "previous-generation", "graviton",
    "rds-multi-az-non-prod", "nat-gateway-per-az-non-prod", "log-group-retention",
    "s3-lifecycle", "ecr-lifecycle",
)
JUNK_IDS = ("unattached-volume", "unassociated-eip", "idle-load-balancer",
            "snapshot-without-lifecycle")

# Previous-generation families -> the current generation of the same sizes (EC2, RDS with
# "db.", ElastiCache with "cache." in front). A size the successor lacks has no price: skipped.
PREVIOUS_GENERATION = {"t2": "t3", "m1": "m5", "m3": "m5", "m4": "m5", "c1": "c5", "c3": "c5",
                       "c4": "c5", "r3": "r5", "r4": "r5", "i2": "i3", "d2": "d3", "g2": "g4dn",
                       "g3": "g4dn", "p2": "p3"}
# x86 families -> the Graviton (arm64) family of the same generation and sizes.
GRAVITON = {"t3": "t4g", "t3a": "t4g", "m5": "m6g", "m5a": "m6g", "m6i": "m6g", "m6a": "m6g",
            "m7i": "m7g", "m7a": "m7g", "c5": "c6g", "c5a": "c6g", "c6i": "c6g", "c6a": "c6g",
            "c7i": "c7g", "c7a": "c7g", "r5": "r6g", "r5a": "r6g", "r6i": "r6g", "r6a": "r6g",
            "r7i": "r7g", "r7a": "r7g"}
# RDS engines that run on Graviton classes.
GRAVITON_ENGINES = ("mysql", "postgres", "mariadb", "aurora", "aurora-mysql",
                    "aurora-postgresql")
GP3_MAX_IOPS = 16000
CHECKED_ACTIONS = ("create", "update", "replace")


def run_checks(project: Project, resources: list[ResourceCost], pricer: Pricer,
               checks: Checks) -> list[dict[str, Any]]:
    """Recommendation and junk findings of one priced project (in resource order)."""
    if project.priced is not None or not project.changes:
        return []
    ctx = _Context(project, resources, pricer, checks)
    findings: list[dict[str, Any]] = []
    if checks.recommendations:
        for check in RECOMMENDATIONS:
            findings.extend(check(ctx))
    if checks.junk:
        for check in JUNK:
            findings.extend(check(ctx))
    order = {r.address: i for i, r in enumerate(resources)}
    findings = [f for f in findings if not silenced(f["id"], ctx.index[f["address"]].ignore)]
    findings.sort(key=lambda f: order.get(f["address"], len(order)))
    for finding in findings:
        finding["project"] = project.name
    return findings


def silenced(finding_id: str, ignore: tuple[str, ...] | list[str]) -> bool:
    """Is ``finding_id`` among ``ignore`` (ids, or ``all``)?"""
    return finding_id in ignore or "all" in ignore


class _Context:
    def __init__(self, project: Project, resources: list[ResourceCost], pricer: Pricer,
                 checks: Checks):
        self.project = project
        self.pricer = pricer
        self.checks = checks
        self.index = project.by_address()
        self.costs = {r.address: r for r in resources}
        self.state = project.input_type == "state"
        self._referrers: dict[str, set[tuple[str, str]]] | None = None

    def live(self, *types: str) -> Iterator[tuple[ResourceChange, ResourceCost]]:
        """Changes of these types the check looks at, with their priced resource."""
        for change in self.project.changes:
            if change.type in types and change.after is not None and (
                    self.state or change.action in CHECKED_ACTIONS):
                yield change, self.costs[change.address]

    def created(self, *types: str) -> Iterator[tuple[ResourceChange, ResourceCost]]:
        for change, cost in self.live(*types):
            if change.action in ("create", "replace"):
                yield change, cost

    def referenced_by(self, address: str, types: tuple[str, ...] | None = None) -> bool:
        """Does another resource (of ``types``, or any) refer to ``address``?"""
        if self._referrers is None:
            self._referrers = {}
            for other in self.project.changes:
                if other.after is None:
                    continue
                for refs in other.references.values():
                    for ref in refs:
                        parts = _base(ref).split(".")
                        for end in range(2, len(parts) + 1):  # every address the ref could be
                            self._referrers.setdefault(".".join(parts[:end]), set()).add(
                                (other.type, other.address))
        return any(other != address and (not types or rtype in types)
                   for rtype, other in self._referrers.get(_base(address), ()))

    def has_type(self, *types: str) -> bool:
        return any(c.type in types and c.after is not None for c in self.project.changes)

    def repriced(self, change: ResourceChange, edit: Callable[[dict[str, Any]], None]
                 ) -> Decimal | None:
        """The monthly cost of ``change`` with its attributes edited, None unless fully priced.

        ``edit`` gets a copy two levels deep: it may set top-level attributes and the keys of
        a nested block (``attributes[name][i]``); anything deeper is shared with the plan.
        """
        side = change.after
        assert side is not None
        attributes = {key: [dict(item) if isinstance(item, dict) else item for item in value]
                      if isinstance(value, list) else value
                      for key, value in side.attributes.items()}
        edit(attributes)
        other_side = replace(side, attributes=attributes)
        other = replace(change, after=other_side, before=None, action="create")
        breakdown, status, _ = self.pricer.price_side(other, other_side, self.index,
                                                       self.pricer.usage_view(change))
        if status != "priced" or breakdown is None:
            return None
        return breakdown.monthly_cost

    def saving(self, change: ResourceChange, cost: ResourceCost,
               edit: Callable[[dict[str, Any]], None]) -> Decimal | None:
        """Current minus re-priced monthly cost when both are fully priced and it saves."""
        if cost.status != "priced" or cost.after is None:
            return None
        alternative = self.repriced(change, edit)
        if alternative is None:
            return None
        saved = cost.after.monthly_cost - alternative
        return saved if saved > Decimal("0.005") else None

    def unit_price(self, ref: PriceRef, region: str | None) -> Decimal | None:
        if not region:
            return None
        rows = self.pricer.lookup(ref, region)
        if not rows:
            return None
        first = rows[0]
        self.pricer.used_sources.add(first.source)
        if first.data_date:
            self.pricer.used_dates.add(first.data_date)
        return first.usd_price


def _base(address: str) -> str:
    """An address or reference without instance keys: module.a[0].aws_x.y["k"] -> module.a.aws_x.y"""
    return re.sub(r"\[[^\]]*\]", "", address)


def _finding(kind: str, id_: str, change: ResourceChange, message: str, **extra: Any
             ) -> dict[str, Any]:
    severity = "info" if kind == "recommendation" else "warn"
    out = {"kind": kind, "id": id_, "address": change.address, "severity": severity,
           "message": f"{change.address}: {message}"}
    for key, value in extra.items():
        out[key] = _num(value) if isinstance(value, Decimal) else value
    return out


def _per_month(amount: Decimal) -> str:
    return f"{fmt.money(amount)}/month"


# ----------------------------------------------------------------- recommendations


def _volume_blocks(change: ResourceChange) -> list[tuple[str, Mapping[str, Any]]]:
    """(path, volume) of an EBS volume resource or an instance's root/EBS blocks."""
    attrs = change.after.attributes if change.after else {}
    if change.type == "aws_ebs_volume":
        return [("", attrs)]
    out = []
    for name in ("root_block_device", "ebs_block_device"):
        blocks = attrs.get(name)
        if isinstance(blocks, list):
            out += [(f"{name}.{i}", b) for i, b in enumerate(blocks) if isinstance(b, Mapping)]
    return out


def _volume_type(change: ResourceChange, volume: Mapping[str, Any]) -> str | None:
    if change.type == "aws_ebs_volume":
        unknown = change.after.unknown if change.after else None
        if isinstance(unknown, Mapping) and unknown.get("type") is True:
            return None
        return str(volume.get("type") or "gp2")  # AWS's default for aws_ebs_volume
    value = volume.get("volume_type")
    return str(value) if value else None  # an instance block's default is the AMI's: not known


def _set_volume(attributes: dict[str, Any], path: str, values: Mapping[str, Any],
                resource_type: str) -> None:
    target = attributes
    if path:
        name, index = path.split(".")
        target = attributes[name][int(index)]
    for key, value in values.items():
        if resource_type == "aws_ebs_volume" and key == "volume_type":
            key = "type"
        target[key] = value


def _size(change: ResourceChange, volume: Mapping[str, Any]) -> Decimal | None:
    raw = volume.get("size", volume.get("volume_size"))
    try:
        return Decimal(str(raw)) if raw is not None else None
    except ArithmeticError:
        return None


def _ebs_recommendations(ctx: _Context) -> Iterator[dict[str, Any]]:
    for change, cost in ctx.live("aws_ebs_volume", "aws_instance"):
        volumes = _volume_blocks(change)
        gp2 = [(p, v) for p, v in volumes if _volume_type(change, v) == "gp2"]
        if gp2:
            def to_gp3(attributes: dict[str, Any], gp2=gp2, change=change) -> None:
                for path, volume in gp2:
                    size = _size(change, volume) or Decimal(0)
                    # gp2's baseline: 3 IOPS per GB (at least 100, at most 16,000); gp3
                    # includes 3,000 IOPS and 125 MiB/s, so only bigger volumes provision more.
                    iops = int(max(Decimal(3000), min(Decimal(GP3_MAX_IOPS), size * 3)))
                    # gp2 sustains 250 MiB/s from 334 GB; below that gp3's 125 MiB/s is the
                    # usual match.
                    _set_volume(attributes, path, {"volume_type": "gp3", "iops": iops,
                                                   "throughput": 250 if size >= 334 else 125},
                                change.type)

            saved = ctx.saving(change, cost, to_gp3)
            if saved is not None:
                what = "gp2 volume" if change.type == "aws_ebs_volume" else (
                    f"{len(gp2)} gp2 block device{'s' if len(gp2) > 1 else ''}")
                yield _finding("recommendation", "gp2-to-gp3", change,
                               f"{what} -> gp3 at the same baseline IOPS saves "
                               f"{_per_month(saved)}", monthly_savings=saved)
        for path, volume in volumes:
            if _volume_type(change, volume) != "io1":
                continue
            iops = volume.get("iops")
            try:
                iops_number = int(iops) if iops is not None else None
            except (TypeError, ValueError):
                iops_number = None
            if iops_number is None:
                continue
            target = "gp3" if iops_number <= GP3_MAX_IOPS else "io2"

            def to_target(attributes: dict[str, Any], path=path, target=target,
                          change=change, iops_number=iops_number) -> None:
                _set_volume(attributes, path, {"volume_type": target, "iops": iops_number},
                            change.type)

            saved = ctx.saving(change, cost, to_target)
            if saved is not None:
                where = "" if not path else f" ({path.split('.')[0]})"
                yield _finding("recommendation", f"io1-to-{target}", change,
                               f"io1 volume{where} -> {target} with the same "
                               f"{iops_number:,} IOPS saves {_per_month(saved)}",
                               monthly_savings=saved)


_CLASS_ATTRIBUTE = {"aws_instance": ("instance_type", ""),
                    "aws_db_instance": ("instance_class", "db."),
                    "aws_elasticache_cluster": ("node_type", "cache.")}


def _class_parts(change: ResourceChange) -> tuple[str, str, str, str] | None:
    """(attribute, prefix, family, size) of an instance/DB/cache class."""
    attribute, prefix = _CLASS_ATTRIBUTE[change.type]
    value = change.after.attributes.get(attribute) if change.after else None
    if not isinstance(value, str) or not value.startswith(prefix):
        return None
    family, _, size = value[len(prefix):].partition(".")
    return (attribute, prefix, family, size) if size else None


def _class_recommendations(ctx: _Context) -> Iterator[dict[str, Any]]:
    for change, cost in ctx.live(*_CLASS_ATTRIBUTE):
        parts = _class_parts(change)
        if parts is None:
            continue
        attribute, prefix, family, size = parts
        current = f"{prefix}{family}.{size}"
        for id_, table in (("previous-generation", PREVIOUS_GENERATION), ("graviton", GRAVITON)):
            successor = table.get(family)
            if successor is None:
                continue
            if id_ == "graviton" and change.type == "aws_db_instance" and str(
                    change.after.attributes.get("engine") or "") not in GRAVITON_ENGINES:
                continue
            proposed = f"{prefix}{successor}.{size}"

            def edit(attributes: dict[str, Any], attribute=attribute, proposed=proposed) -> None:
                attributes[attribute] = proposed

            saved = ctx.saving(change, cost, edit)
            if saved is None:
                continue
            text = (f"{current} (previous generation) -> {proposed} (current generation)"
                    if id_ == "previous-generation" else
                    f"{current} (x86) -> {proposed} (Graviton: needs arm64 builds)")
            yield _finding("recommendation", id_, change, f"{text} saves {_per_month(saved)}",
                           monthly_savings=saved, current=current, proposed=proposed)
            break  # one class change per resource: the previous-generation move first


def _multi_az_non_prod(ctx: _Context) -> Iterator[dict[str, Any]]:
    from cost_gate.inputs.tags import effective_tags

    for change, cost in ctx.live("aws_db_instance"):
        if change.after.attributes.get("multi_az") is not True:
            continue
        env = ctx.checks.is_non_prod(effective_tags(change))
        if env is None:
            continue

        def single_az(attributes: dict[str, Any]) -> None:
            attributes["multi_az"] = False

        saved = ctx.saving(change, cost, single_az)
        if saved is not None:
            yield _finding("recommendation", "rds-multi-az-non-prod", change,
                           f"Multi-AZ in a non-prod environment ({ctx.checks.env_tag}={env}): "
                           f"Single-AZ saves {_per_month(saved)}", monthly_savings=saved)


def _nat_per_az_non_prod(ctx: _Context) -> Iterator[dict[str, Any]]:
    from cost_gate.inputs.tags import effective_tags

    groups: dict[tuple[str, str], list[tuple[ResourceChange, ResourceCost]]] = {}
    for change, cost in ctx.live("aws_nat_gateway"):
        env = ctx.checks.is_non_prod(effective_tags(change))
        if env is not None:
            groups.setdefault((change.module_address, env), []).append((change, cost))
    for (_, env), members in groups.items():
        if len(members) < 2 or any(c.status != "priced" for _, c in members):
            continue
        saved = sum((c.monthly_after for _, c in members[1:]), Decimal(0))
        if saved <= 0:
            continue
        first = members[0][0]
        finding = _finding(
            "recommendation", "nat-gateway-per-az-non-prod", first,
            f"{len(members)} NAT gateways (one per AZ) in a non-prod environment "
            f"({ctx.checks.env_tag}={env}): one shared NAT gateway saves {_per_month(saved)} "
            "(cross-AZ traffic is then charged per GB)",
            monthly_savings=saved, addresses=[c.address for c, _ in members])
        yield finding


def _unit_finding(ctx: _Context, change: ResourceChange, id_: str, message: str,
                  ref: PriceRef, unit: str, *, minus: PriceRef | None = None
                  ) -> dict[str, Any] | None:
    """A recommendation whose saving is per unit of usage nobody estimated."""
    region = change.after.region if change.after else None
    price = ctx.unit_price(ref, region)
    if price is None:
        return None
    if minus is not None:
        other = ctx.unit_price(minus, region)
        if other is None or price - other <= 0:
            return None
        price -= other
    text = f"{fmt.unit_price(price)} per {unit}"
    return _finding("recommendation", id_, change, message.format(saving=text),
                    unit_savings={"amount": _num(price), "unit": unit})


def _usage_recommendations(ctx: _Context) -> Iterator[dict[str, Any]]:
    for change, _ in ctx.live("aws_cloudwatch_log_group"):
        attrs, unknown = change.after.attributes, change.after.unknown
        if (isinstance(unknown, Mapping) and unknown.get("retention_in_days")) or \
                attrs.get("retention_in_days") not in (None, 0):
            continue
        found = _unit_finding(
            ctx, change, "log-group-retention",
            "no retention_in_days, so logs are kept forever; each GB kept costs {saving} "
            "every month (set a retention to stop paying for old logs)",
            PriceRef("cloudwatch", "logs_storage"), "GB-month")
        if found:
            yield found
    for change, _ in ctx.live("aws_s3_bucket"):
        rules = change.after.attributes.get("lifecycle_rule")
        if (isinstance(rules, list) and rules) or ctx.referenced_by(
                change.address, ("aws_s3_bucket_lifecycle_configuration",)):
            continue
        found = _unit_finding(
            ctx, change, "s3-lifecycle",
            "no lifecycle rule: data that goes cold stays in S3 Standard; moving it to "
            "Standard-IA saves {saving}",
            PriceRef("s3", "storage", {"storage_class": "standard"}), "GB-month",
            minus=PriceRef("s3", "storage", {"storage_class": "standard_ia"}))
        if found:
            yield found
    for change, _ in ctx.live("aws_ecr_repository"):
        if ctx.referenced_by(change.address, ("aws_ecr_lifecycle_policy",)):
            continue
        found = _unit_finding(
            ctx, change, "ecr-lifecycle",
            "no lifecycle policy: every image pushed is kept; each GB of old images costs "
            "{saving} every month",
            PriceRef("ecr", "storage"), "GB-month")
        if found:
            yield found


RECOMMENDATIONS = (_ebs_recommendations, _class_recommendations, _multi_az_non_prod,
                   _nat_per_az_non_prod, _usage_recommendations)


# ----------------------------------------------------------------- junk


def _known_cost(cost: ResourceCost) -> bool:
    """The resource's monthly cost is a figure: fully priced, and not made only of usage-based
    charges nobody estimated (a snapshot of unknown size is "$X per GB-month", not $0)."""
    if cost.status != "priced":
        return False
    unestimated = any(c.usage_based and c.monthly_quantity is None
                      for c in (cost.after.components if cost.after else []))
    return not (unestimated and cost.monthly_after == 0)


def _junk(change: ResourceChange, cost: ResourceCost, id_: str, message: str
          ) -> dict[str, Any]:
    monthly = cost.monthly_after if _known_cost(cost) else None
    said = f" ({_per_month(monthly)})" if monthly is not None else " (monthly cost not priced)"
    return _finding("junk", id_, change, message + said, monthly_cost=monthly)


def _attached(change: ResourceChange, *attributes: str) -> bool:
    """An attribute of the resource itself attaches it: set, or known only after apply from
    a reference in the code (an optional computed attribute nobody set is unknown in a plan
    too, without a reference)."""
    side = change.after
    assert side is not None
    unknown = side.unknown if isinstance(side.unknown, Mapping) else {}
    return any(side.attributes.get(a) or (unknown.get(a) and a in change.references)
               for a in attributes)


def _junk_checks(ctx: _Context) -> Iterator[dict[str, Any]]:
    for change, cost in ctx.created("aws_ebs_volume"):
        if not ctx.referenced_by(change.address, ("aws_volume_attachment",)):
            yield _junk(change, cost, "unattached-volume",
                        "EBS volume created with no aws_volume_attachment in the plan: it "
                        "is billed unattached")
    for change, cost in ctx.created("aws_eip"):
        if not _attached(change, "instance", "network_interface", "associate_with_private_ip") \
                and not ctx.referenced_by(change.address):
            yield _junk(change, cost, "unassociated-eip",
                        "Elastic IP created with no instance, network interface or "
                        "association in the plan: an idle public IPv4 address is billed")
    for change, cost in ctx.created("aws_lb", "aws_alb"):
        if not ctx.referenced_by(change.address, ("aws_lb_listener", "aws_alb_listener")):
            yield _junk(change, cost, "idle-load-balancer",
                        "load balancer created with no listener (so no target group gets "
                        "traffic): it is billed per hour while it serves nothing")
    if not ctx.has_type("aws_dlm_lifecycle_policy"):
        for change, cost in ctx.created("aws_ebs_snapshot_copy"):
            yield _snapshot_junk(ctx, change, cost)


def _snapshot_junk(ctx: _Context, change: ResourceChange, cost: ResourceCost
                   ) -> dict[str, Any]:
    message = ("snapshot copy created with no lifecycle (no aws_dlm_lifecycle_policy in the "
               "plan): it is kept, and billed, until someone deletes it")
    region = change.after.region if change.after else None
    price = ctx.unit_price(PriceRef("ebs", "snapshot"), region)
    size = change.after.attributes.get("volume_size") if change.after else None
    if _known_cost(cost) or price is None:
        return _junk(change, cost, "snapshot-without-lifecycle", message)
    if isinstance(size, (int, float)) and not isinstance(size, bool):
        monthly = price * Decimal(str(size))
        return _finding("junk", "snapshot-without-lifecycle", change,
                        f"{message} ({_per_month(monthly)} for {size} GB)",
                        monthly_cost=monthly)
    return _finding("junk", "snapshot-without-lifecycle", change,
                    f"{message} ({fmt.unit_price(price)} per GB-month of snapshot data)",
                    monthly_cost=None, unit_cost={"amount": _num(price), "unit": "GB-month"})


JUNK = (_junk_checks,)
