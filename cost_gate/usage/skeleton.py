"""`cost-gate usage init`: a usage file with an entry for every usage-based resource.

Which keys apply to a resource is learned from its pricing rule: the rule runs once with an
empty :class:`~cost_gate.usage.resolve.UsageView`, which remembers every key asked for (a
T-family instance asks for CPU-credit keys, an m5 does not). Quantity keys are written with
value 0 and their unit and meaning in a comment; settings (operating system, instance count,
reserved term...) are written commented out with their default. ``--merge`` adds the resources
an existing file does not cover yet and keeps everything the user wrote, comments included
(ruamel.yaml round-trip).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cost_gate.models import Project
from cost_gate.rules.base import UsageKey

HEADER = """\
# Usage estimates for cost-gate, in the Infracost usage-file format (`cost-gate usage init`).
# Replace each 0 with your monthly estimate (0 means no usage, priced at $0); settings shown
# as comments change how a resource is priced: uncomment one to use it. `[*]` in an address
# matches any index or key, e.g. aws_instance.web[*]; resource_type_default_usage: sets keys
# for every resource of a type. Unsure of a number? Give a range instead, e.g.
#   monthly_data_processed_gb: {min: 100, max: 500, expected: 200}
# (expected is optional, the midpoint otherwise): the report shows the cost at both ends and
# budgets measure the high end unless --gate-on low|expected says otherwise.
"""
_PLAIN = re.compile(r"^[A-Za-z0-9_.\-/]+$")


@dataclass
class SkeletonEntry:
    address: str
    resource_type: str
    keys: list[UsageKey] = field(default_factory=list)

    def has_quantity(self) -> bool:
        return any(k.kind == "quantity" for k in self.keys)


def skeleton_entries(projects: list[Project]) -> list[SkeletonEntry]:
    """One entry per usage-based resource, in input order (each address once)."""
    entries: dict[str, SkeletonEntry] = {}
    for project in projects:
        index = project.by_address()
        for change in project.changes:
            if change.address in entries:
                continue
            keys = applicable_keys(change, index)
            entry = SkeletonEntry(change.address, change.type, keys)
            if entry.has_quantity():
                entries[change.address] = entry
    return list(entries.values())


def applicable_keys(change: Any, index: dict[str, Any]) -> list[UsageKey]:
    """The usage keys the resource's rule asks for (declared ones, in the order asked)."""
    from datetime import date

    from cost_gate.estimate import _resource_view
    from cost_gate.rules import rule_for, usage_keys_for
    from cost_gate.rules.base import MissingAttribute, NotPriceable
    from cost_gate.usage.resolve import UsageView

    rule = rule_for(change.type)
    side = change.after or change.before
    if rule is None or side is None:
        return []
    declared = {k.name: k for k in usage_keys_for(change.type)}
    resource = _resource_view(change, side, side.region or "us-east-1", index, date.today())
    resource.usage = UsageView()
    try:
        comps = rule(resource)
    except NotPriceable:
        return []
    except MissingAttribute:  # some keys may be asked only after the missing attribute
        comps = []
        asked = list(declared)
    else:
        asked = list(resource.usage.asked)
    asked += [key for key in dict.fromkeys(c.usage_key for c in comps if c.usage_key)
              if key not in asked]  # a key several components share (replicas) once
    keys = []
    for name in asked:
        key = declared.get(name) or UsageKey(name, "", "")
        if not key.legacy:
            keys.append(key)
    return keys


def render_skeleton(entries: list[SkeletonEntry], *, header: bool = True) -> str:
    """The YAML text of a new usage file (version 0.1) for ``entries``."""
    lines = [HEADER.rstrip("\n")] if header else []
    lines += ["version: 0.1", "resource_usage:"]
    if not entries:
        lines[-1] = "resource_usage: {}  # no usage-based resource in the input"
    for entry in entries:
        lines.append(f"  {_yaml_key(entry.address)}:")
        lines += _entry_lines(entry.keys, "    ")
    return "\n".join(lines) + "\n"


def _entry_lines(keys: list[UsageKey], indent: str) -> list[str]:
    lines: list[str] = []
    nested: dict[str, list[UsageKey]] = {}
    for key in keys:
        head, dot, rest = key.name.partition(".")
        if dot:
            nested.setdefault(head, []).append(_renamed(key, rest))
            continue
        lines.append(_key_line(key, indent))
    for head, sub_keys in nested.items():
        lines.append(f"{indent}{head}:")
        lines += _entry_lines(sub_keys, indent + "  ")
    return lines


def _renamed(key: UsageKey, name: str) -> UsageKey:
    return UsageKey(name, key.unit, key.description, key.kind, key.value_type, key.choices,
                    key.default, key.legacy)


def _key_line(key: UsageKey, indent: str) -> str:
    about = "; ".join(part for part in (
        key.unit,
        key.description,
        " | ".join(key.choices) if key.choices else "",
    ) if part)
    comment = f"  # {about}" if about else ""
    if key.kind == "quantity":
        return f"{indent}{key.name}: 0{comment}"
    value = f" {key.default}" if key.default is not None else ""
    return f"{indent}# {key.name}:{value}{comment}"


def _yaml_key(text: str) -> str:
    if _PLAIN.match(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def merge_skeleton(existing_text: str, path: str, entries: list[SkeletonEntry]
                   ) -> tuple[str, list[str]]:
    """``existing_text`` with entries for the resources it does not cover yet.

    A resource is covered when the file already gives a value (exact entry, wildcard or type
    default) for every quantity key it asks for; a resource with an exact entry is never
    touched. Returns (new text, addresses added); the user's text and comments are kept.
    """
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    from cost_gate.errors import InputError
    from cost_gate.usage.loader import parse_usage
    from cost_gate.usage.resolve import AddressMatcher

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    try:
        doc = yaml.load(existing_text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"{path}: not valid YAML{where}") from None
    if doc is None:
        doc = CommentedMap()
        doc["version"] = 0.1
    if not isinstance(doc, dict):
        raise InputError(f"{path}: a usage file is a YAML mapping")
    usage = parse_usage(_plain(doc), path)
    matcher = AddressMatcher(usage)
    added: list[SkeletonEntry] = []
    for entry in entries:
        if entry.address in usage.by_address:
            continue
        known = matcher.resolve(entry.address, entry.resource_type)
        missing = [k for k in entry.keys if k.name not in known]
        if any(k.kind == "quantity" for k in missing):
            added.append(SkeletonEntry(entry.address, entry.resource_type, missing))
    if not added:
        return existing_text, []
    section = doc.get("resource_usage")
    if not isinstance(section, CommentedMap):
        section = CommentedMap()
        doc["resource_usage"] = section
    new = yaml.load(render_skeleton(added, header=False))["resource_usage"]
    for address in new:
        section[address] = new[address]
        if address in new.ca.items:
            section.ca.items[address] = new.ca.items[address]
    out = io.StringIO()
    yaml.dump(doc, out)
    text = out.getvalue()
    return (text if text.endswith("\n") else text + "\n"), [e.address for e in added]


def _plain(node: Any) -> Any:
    """A ruamel round-trip node as plain dicts, lists and scalars (for the usage loader)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node) if not isinstance(node, str) else str(node)
