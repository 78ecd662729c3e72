"""What an EC2 instance is launched as: the settings a launch template or launch configuration
gives aws_instance, aws_autoscaling_group, aws_eks_node_group and the fleets.

A :class:`LaunchSpec` holds the cost-driving settings (instance type, tenancy, detailed
monitoring, CPU credit mode, EBS optimization, block devices by device name). An instance's
own attributes win over its template's; block devices are merged by device name (the
instance's values over the template's, attribute by attribute), as EC2 merges them at launch.

Template versions: ``$Latest`` (or ``latest_version``) is the template as planned; ``$Default``
(the default when no version is given) is the version before this plan when the plan updates
the template without ``update_default_version``, since EC2 keeps launching the old default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cost_gate.rules.base import BadAttribute, MissingAttribute, Resource

TENANCIES = {"default": "Shared", "dedicated": "Dedicated", "host": "Host"}
# Root device names of AWS's Linux (xvda) and Windows/older (sda1) AMIs: a template mapping of
# one of these is the root volume an instance's own root_block_device replaces.
ROOT_DEVICE_NAMES = ("/dev/xvda", "/dev/sda1", "/dev/sda")
VOLUME_KEYS = ("volume_size", "volume_type", "iops", "throughput")
# Volume settings billed beyond a baseline (gp3) or in full (io1/io2 IOPS).
BILLED_SETTINGS = ("iops", "throughput")
SOURCE_TYPES = ("aws_launch_template", "aws_launch_configuration")


@dataclass(frozen=True)
class AfterApply:
    """A volume setting the configuration sets that is known only after apply (its path)."""

    path: str


@dataclass
class LaunchSpec:
    instance_type: str | None = None
    tenancy: str | None = None  # Shared, Dedicated, Host (None: not said)
    monitoring: bool | None = None
    credit_mode: str | None = None
    ebs_optimized: bool | None = None
    spot: bool | None = None  # instance_market_options { market_type = "spot" }
    # device name -> {"volume_size", "volume_type", "iops", "throughput"}
    volumes: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: Resource | None = None  # the template or configuration it came from

    def over(self, base: LaunchSpec) -> LaunchSpec:
        """These settings where set, ``base``'s elsewhere (volumes merged by device name)."""
        volumes = {name: dict(volume) for name, volume in base.volumes.items()}
        for name, volume in self.volumes.items():
            merged = volumes.setdefault(name, {})
            merged.update({k: v for k, v in volume.items() if v is not None})
        return LaunchSpec(
            instance_type=self.instance_type or base.instance_type,
            tenancy=self.tenancy or base.tenancy,
            monitoring=base.monitoring if self.monitoring is None else self.monitoring,
            credit_mode=self.credit_mode or base.credit_mode,
            ebs_optimized=base.ebs_optimized if self.ebs_optimized is None
            else self.ebs_optimized,
            spot=base.spot if self.spot is None else self.spot,
            volumes=volumes,
            source=self.source or base.source,
        )


def known_string(r: Resource, path: str) -> str | None:
    """A string attribute, or None when unset or known only after apply (computed from a
    template)."""
    if r.is_unknown(path):
        return None
    return r.string(path)


def known_flag(r: Resource, path: str) -> bool | None:
    if r.is_unknown(path) or r.get(path) is None:
        return None
    return r.flag(path)


def market_spot(r: Resource) -> bool | None:
    """True for ``instance_market_options { market_type = "spot" }``; None when not said."""
    market = known_string(r, "instance_market_options.0.market_type")
    return None if market is None else market == "spot"


def tenancy_of(r: Resource, path: str) -> str | None:
    value = known_string(r, path)
    if value is None:
        return None
    tenancy = TENANCIES.get(value)
    if tenancy is None:
        raise BadAttribute(path, value, "default, dedicated or host")
    return tenancy


def volume_of(r: Resource, path: str, block: Mapping[str, Any]) -> dict[str, Any]:
    """The cost-driving values of one block device (unknown ones left out, except IOPS and
    throughput the configuration sets: those are :class:`AfterApply`, priced per unit)."""
    volume: dict[str, Any] = {}
    for key in VOLUME_KEYS:
        if r.is_unknown(f"{path}.{key}"):
            if key in BILLED_SETTINGS and r.set_in_config(f"{path}.{key}"):
                owner = "" if r.type not in SOURCE_TYPES else f"{r.address}."
                volume[key] = AfterApply(f"{owner}{path}.{key}")
            continue
        value = block.get(key)
        if value is not None and value != "":
            volume[key] = value
    return volume


def template_spec(template: Resource) -> LaunchSpec:
    """The settings of an aws_launch_template."""
    volumes: dict[str, dict[str, Any]] = {}
    for i, mapping in enumerate(template.blocks("block_device_mappings")):
        ebs = mapping.get("ebs")
        ebs = ebs[0] if isinstance(ebs, list) and ebs else ebs
        if not isinstance(ebs, Mapping):
            continue
        name = mapping.get("device_name") or f"#{i}"
        volumes[str(name)] = volume_of(template, f"block_device_mappings.{i}.ebs.0", ebs)
    return LaunchSpec(
        instance_type=known_string(template, "instance_type"),
        tenancy=tenancy_of(template, "placement.0.tenancy"),
        monitoring=known_flag(template, "monitoring.0.enabled"),
        credit_mode=known_string(template, "credit_specification.0.cpu_credits"),
        ebs_optimized=known_flag(template, "ebs_optimized"),
        spot=market_spot(template),
        volumes=volumes,
        source=template,
    )


def configuration_spec(config: Resource) -> LaunchSpec:
    """The settings of an aws_launch_configuration (detailed monitoring is on by default)."""
    volumes: dict[str, dict[str, Any]] = {}
    root = config.blocks("root_block_device")
    if root:
        volumes["root"] = volume_of(config, "root_block_device.0", root[0])
    for i, block in enumerate(config.blocks("ebs_block_device")):
        name = block.get("device_name") or f"#{i}"
        volumes[str(name)] = volume_of(config, f"ebs_block_device.{i}", block)
    monitoring = known_flag(config, "enable_monitoring")
    return LaunchSpec(
        instance_type=known_string(config, "instance_type"),
        tenancy=tenancy_of(config, "placement_tenancy"),
        monitoring=True if monitoring is None else monitoring,
        credit_mode=None,
        ebs_optimized=known_flag(config, "ebs_optimized"),
        volumes=volumes,
        source=config,
    )


def source_spec(source: Resource) -> LaunchSpec:
    if source.type == "aws_launch_configuration":
        return configuration_spec(source)
    return template_spec(source)


def template_version(r: Resource, template: Resource, version_path: str) -> Resource:
    """The version of ``template`` that ``r`` launches (see the module docstring)."""
    if r.is_unknown(version_path):
        return template  # e.g. `version = aws_launch_template.x.latest_version`
    version = r.string(version_path) or "$Default"
    if version == "$Latest" or template.previous is None:
        return template
    if version == "$Default":
        if known_flag(template, "update_default_version"):
            return template
        r.note(f"{template.address}: priced at its default version, the one before this "
               "change (the template does not set update_default_version)")
        return template.previous
    r.note(f"{template.address}: version {version} priced as the template in this plan")
    return template


def referenced_source(r: Resource, paths: tuple[tuple[str, str], ...],
                      *, configuration_path: str | None = None) -> Resource | None:
    """The launch template (at the version ``r`` uses) or configuration ``r`` refers to.

    ``paths``: (reference path, version path) pairs tried in order.
    """
    for path, version_path in paths:
        template = r.referenced(path)
        if template is not None:
            return template_version(r, template, version_path)
    if configuration_path is not None:
        return r.referenced(configuration_path)
    return None


def require_instance_type(spec: LaunchSpec) -> str:
    if spec.instance_type:
        return spec.instance_type
    source = spec.source
    if source is not None:
        if source.is_unknown("instance_type"):
            raise MissingAttribute(f"{source.address}.instance_type")
        raise MissingAttribute(f"{source.address}.instance_type", "not set")
    raise MissingAttribute("instance_type", "not set")
