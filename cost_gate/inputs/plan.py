"""Terraform plan JSON (`terraform show -json tf.plan`, format 0.x and 1.x) -> Project."""

from __future__ import annotations

import re
import sys
from typing import Any, NamedTuple

from cost_gate.errors import InputError
from cost_gate.inputs.document import SHOW_JSON_HINT, FiniteDocument
from cost_gate.inputs.sections import DROP, Each, Fields, Values
from cost_gate.models import (
    Action,
    PackedSide,
    PackedValues,
    Project,
    ResourceChange,
    ResourceSide,
)
from cost_gate.regions import region_from_attributes

_INDEX = re.compile(r"\[[^\]]*\]")
_RESOURCE_REF = re.compile(r"^(module\.[\w-]+(?:\[[^\]]*\])?\.)*[a-z][a-z0-9_]*\.[\w-]+$")


def provider_short_name(provider_name: str | None, resource_type: str) -> str:
    """registry.terraform.io/hashicorp/aws -> aws; falls back to the type prefix."""
    if provider_name:
        return provider_name.rsplit("/", 1)[-1]
    return resource_type.split("_", 1)[0]


def action_of(actions: list[str]) -> Action | None:
    """Map Terraform's action list to ours; None for reads (data sources are not billable)."""
    if actions in (["delete", "create"], ["create", "delete"]):
        return "replace"
    if len(actions) == 1 and actions[0] in ("create", "delete", "update", "no-op"):
        return actions[0]  # type: ignore[return-value]
    return None


class ConfigIndex:
    """Looks up a resource's configuration block, provider key and references."""

    def __init__(self, plan: dict[str, Any]):
        config = plan.get("configuration") or {}
        self.provider_config: dict[str, Any] = config.get("provider_config") or {}
        self.variables: dict[str, Any] = plan.get("variables") or {}
        self.resources: dict[str, ConfigResource] = {}
        self.module_calls: dict[str, dict[str, Any]] = {}
        self._regions: dict[tuple[str | None, str], tuple[str | None, str | None]] = {}
        self._walk(config.get("root_module") or {}, "")

    def _walk(self, module: dict[str, Any], prefix: str) -> None:
        for res in module.get("resources") or []:
            res = res if isinstance(res, ConfigResource) else config_resource(res)
            self.resources[prefix + res.address] = res
        for name, call in (module.get("module_calls") or {}).items():
            path = f"{prefix}module.{name}"
            self.module_calls[path] = call
            self._walk(call.get("module") or {}, path + ".")

    def resource(self, address: str, module_address: str | None) -> ConfigResource | None:
        module = _INDEX.sub("", module_address or "")
        base = address[len(module_address) + 1 :] if module_address else address
        base = _INDEX.sub("", base)
        return self.resources.get(f"{module}.{base}" if module else base)

    def provider_region(self, config_key: str | None, short: str
                        ) -> tuple[str | None, str | None]:
        """(region, variable) of the provider block a resource uses: region None when not
        known; variable the NAME when the region came from ``var.NAME``.

        A module's provider entry without a ``region`` argument (Terraform lists implicitly
        inherited providers as ``module.a:aws`` with no expressions) inherits its parent's.
        Resolved once per provider key: every resource using that provider shares it.
        """
        key = (config_key, short)
        if key not in self._regions:
            self._regions[key] = self._resolve_provider_region(config_key, short)
        return self._regions[key]

    def _resolve_provider_region(self, config_key: str | None, short: str
                                 ) -> tuple[str | None, str | None]:
        full_name = None
        for block, module_path in self._provider_blocks(config_key, short):
            # a same local name can mean another provider in a child module: never inherit that
            if full_name and block.get("full_name") and block["full_name"] != full_name:
                return None, None
            full_name = full_name or block.get("full_name")
            expr = (block.get("expressions") or {}).get("region")
            if expr is not None:
                refs = [r for r in (expr.get("references") or []) if isinstance(r, str)
                        and r.startswith("var.")] if isinstance(expr, dict) else []
                variable = refs[0][4:].split(".", 1)[0] if refs else None
                return self._constant(expr, module_path), variable
        return None, None

    def _provider_blocks(self, key: str | None, short: str):
        """Provider blocks from the resource's own up to the root one, with their module path."""
        seen: set[str] = set()
        candidates: list[tuple[str, str | None]] = []
        if key:
            module, sep, name = key.rpartition(":")
            if not sep:
                candidates.append((key, None))
            elif module.startswith("module."):
                # full-path key "module.a.module.b:aws": walk up module.a.module.b -> module.a
                path = module
                while path:
                    candidates.append((f"{path}:{name}", path))
                    path = path.rpartition(".module.")[0] if ".module." in path else ""
                candidates.append((name, None))
            else:
                # old-style key "db_instance:aws": usually inherited from the root provider
                candidates.append((key, self._module_path_of_call(module)))
                candidates.append((name, None))
        candidates.append((short, None))
        for candidate, module_path in candidates:
            if candidate in seen or candidate not in self.provider_config:
                continue
            seen.add(candidate)
            block = self.provider_config[candidate]
            if isinstance(block, dict):
                yield block, block.get("module_address") or module_path

    def _module_path_of_call(self, call_name: str) -> str | None:
        """Full path of an old-style module call name, when it is unambiguous."""
        matches = [p for p in self.module_calls
                   if p == f"module.{call_name}" or p.endswith(f".module.{call_name}")]
        return matches[0] if len(matches) == 1 else None

    def _constant(self, expr: Any, module_path: str | None, depth: int = 0) -> str | None:
        """Resolve a constant or a reference to a variable (through module inputs); else None."""
        if not isinstance(expr, dict) or depth > 20:
            return None
        if "constant_value" in expr:
            value = expr["constant_value"]
            return value if isinstance(value, str) and value else None
        for ref in expr.get("references") or []:
            if isinstance(ref, str) and ref.startswith("var."):
                name = ref[4:].split(".", 1)[0]
                value = self._variable(name, module_path, depth)
                if value:
                    return value
        return None

    def _variable(self, name: str, module_path: str | None, depth: int) -> str | None:
        if module_path and not module_path.startswith("module."):
            module_path = self._module_path_of_call(module_path)
            if module_path is None:  # unknown module: a same-named root variable is the guess
                return self._variable(name, None, depth)
        if not module_path:
            value = (self.variables.get(name) or {}).get("value")
            return value if isinstance(value, str) and value else None
        call = self.module_calls.get(module_path) or {}
        expr = (call.get("expressions") or {}).get(name)
        parent = module_path.rpartition(".module.")[0] if ".module." in module_path else None
        if expr is not None:
            return self._constant(expr, parent, depth + 1)
        declared = ((call.get("module") or {}).get("variables") or {}).get(name) or {}
        default = declared.get("default")
        return default if isinstance(default, str) and default else None

    @staticmethod
    def references(config: ConfigResource | None, module_address: str | None
                   ) -> dict[str, list[str]]:
        """Attribute path -> referenced resource addresses, from the config expressions."""
        if not config or not config.references:
            return {}
        prefix = f"{module_address}." if module_address else ""
        return {path: [prefix + target for target in targets]
                for path, targets in config.references.items()}


class ConfigResource(NamedTuple):
    """What pricing uses of a resource's configuration block."""

    address: str
    provider_config_key: Any  # a string, unless the input is malformed
    #: attribute path -> resource addresses its expression refers to (relative to the module)
    references: dict[str, tuple[str, ...]]
    #: attribute paths the configuration sets
    configured: frozenset[str]


#: ``configured`` sets already built, shared by the blocks that have the same one.
_CONFIGURED_SETS: dict[frozenset[str], frozenset[str]] = {}


def config_resource(res: dict[str, Any]) -> ConfigResource:
    """The :class:`ConfigResource` of a ``configuration`` resource block (the same
    ``configured`` sets are shared between blocks: a monorepo repeats them many times)."""
    expressions = res.get("expressions") or {}
    refs: dict[str, list[str]] = {}
    _collect_refs(expressions, "", "", refs)
    configured = configured_paths(res) or frozenset()
    if len(_CONFIGURED_SETS) < 10_000:
        configured = _CONFIGURED_SETS.setdefault(configured, configured)
    return ConfigResource(
        address=res.get("address") or f"{res.get('type')}.{res.get('name')}",
        provider_config_key=res.get("provider_config_key"),
        references={path: tuple(targets) for path, targets in refs.items()},
        configured=configured,
    )


def configured_paths(config: dict[str, Any] | None) -> frozenset[str] | None:
    """The attribute paths a resource's configuration sets ("iops", "root_block_device.iops");
    None without its configuration block."""
    if not config:
        return None
    out: set[str] = set()

    def walk(node: Any, path: str) -> None:
        if isinstance(node, list):  # nested blocks
            for item in node:
                walk(item, path)
        elif isinstance(node, dict):
            if path and ("references" in node or "constant_value" in node):
                out.add(path)
                return
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)

    walk(config.get("expressions") or {}, "")
    return frozenset(out)


def _collect_refs(node: Any, path: str, prefix: str, out: dict[str, list[str]]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect_refs(item, path, prefix, out)
        return
    if not isinstance(node, dict):
        return
    refs = node.get("references")
    if isinstance(refs, list):
        targets = [prefix + r for r in refs if isinstance(r, str) and _RESOURCE_REF.match(r)
                   and not r.startswith(("var.", "local.", "data.", "module.", "each.",
                                         "count.", "path.", "terraform."))]
        if targets:
            out.setdefault(path, [])
            for target in targets:
                if target not in out[path]:
                    out[path].append(target)
        return
    for key, value in node.items():
        _collect_refs(value, f"{path}.{key}" if path else key, prefix, out)


def _side(values: Any, unknown: Any, notes: list[str], finite: bool = False,
          provider: str = "", rtype: str = "") -> ResourceSide | None:
    """``finite``: the document is known to hold no overflowed number (nothing to scrub)."""
    if values is None and not unknown:
        return None
    values = values if isinstance(values, dict) else {}
    if not finite:
        unknown = scrub_non_finite(values, unknown, notes)
    side = ResourceSide(values, unknown)
    own = region_from_attributes(provider, values, rtype)
    if own:
        side.region, side.region_source = own, "attribute"
    return side


def _packed(before: ResourceSide | None, after: ResourceSide | None
            ) -> tuple[ResourceSide | None, ResourceSide | None]:
    """The same sides, their values kept marshalled (:class:`PackedValues`)."""
    packed = PackedValues(before.attributes if before else None,
                          before.unknown if before else None,
                          after.attributes if after else None,
                          after.unknown if after else None)
    sides = []
    for side, is_after in ((before, False), (after, True)):
        if side is not None:
            packed_side = PackedSide.of(packed, is_after)
            packed_side.region, packed_side.region_source = side.region, side.region_source
            side = packed_side
        sides.append(side)
    return sides[0], sides[1]


def scrub_non_finite(values: dict[str, Any], unknown: Any, notes: list[str]) -> Any:
    """Numbers that overflowed to infinity (``1e400``) are input errors, not quantities: each
    is removed, marked unknown (so no rule prices it) and named in a note. Returns the
    (possibly extended) unknown structure."""
    stack: list[tuple[Any, tuple]] = [(values, ())]
    bad: list[tuple] = []
    while stack:
        node, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            kind = type(value)
            if kind is float:
                if value - value != 0:  # inf or nan (cheaper than math.isfinite here)
                    bad.append((*path, key))
            elif kind is dict or kind is list:
                stack.append((value, (*path, key)))
    for path in bad:
        node = values
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = None
        unknown = _mark_unknown(unknown, path)
        shown = ".".join(str(k) for k in path)
        notes.append(f"{shown}: not a finite number in the input (overflowed); treated as unknown")
    return unknown


def _mark_unknown(unknown: Any, path: tuple) -> Any:
    """``unknown`` with True at ``path`` (dict keys / list indexes), containers created."""
    if unknown is True:
        return True
    if not path:
        return True
    key, rest = path[0], path[1:]
    if isinstance(key, int):
        node = list(unknown) if isinstance(unknown, list) else []
        node.extend([False] * (key + 1 - len(node)))
    else:
        node = dict(unknown) if isinstance(unknown, dict) else {}
    current = node[key] if isinstance(key, int) else node.get(key)
    node[key] = _mark_unknown(current, rest)
    return node


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
            dict: "object"}.get(type(value), type(value).__name__)


def _expect(value: Any, types: tuple[type, ...], where: str, name: str, what: str) -> None:
    if value is not None and not isinstance(value, types):
        raise InputError(f"{name}: unexpected plan JSON structure: {where} must be {what}, "
                         f"got {_kind(value)}",
                         hint=SHOW_JSON_HINT)


def check_envelope(plan: dict[str, Any], name: str) -> None:
    """Refuse, in one line naming the field, a plan whose structure has the wrong types."""
    _expect(plan.get("resource_changes"), (list,), "resource_changes", name, "an array")
    _expect(plan.get("configuration"), (dict,), "configuration", name, "an object")
    _expect(plan.get("variables"), (dict,), "variables", name, "an object")
    for i, rc in enumerate(plan.get("resource_changes") or []):
        if isinstance(rc, InputError):
            raise rc  # found while the plan was read (see plan_sections)
        check_change(rc, i, name)


def check_change(rc: Any, i: int, name: str) -> None:
    """Refuse a resource change whose fields have the wrong types (one line naming it)."""
    where = f"resource_changes[{i}]"
    if not isinstance(rc, dict):
        return  # not a resource change at all (or one already read): ignored, as before
    for key in ("address", "type", "name", "module_address", "provider_name", "mode"):
        _expect(rc.get(key), (str,), f"{where}.{key}", name, "a string")
    change = rc.get("change")
    _expect(change, (dict,), f"{where}.change", name, "an object")
    if not change:
        return
    actions = change.get("actions")
    if actions is not None and not (
        isinstance(actions, list) and all(isinstance(a, str) for a in actions)
    ):
        raise InputError(f"{name}: unexpected plan JSON structure: {where}.change.actions "
                         f"must be an array of strings, got {_kind(actions)}",
                         hint=SHOW_JSON_HINT)
    for key in ("before", "after"):
        _expect(change.get(key), (dict,), f"{where}.change.{key}", name, "an object or null")
    _expect(change.get("after_unknown"), (dict, bool), f"{where}.change.after_unknown",
            name, "an object")


def parse_plan(plan: dict[str, Any], name: str) -> Project:
    if plan.get("errored"):
        raise InputError(f"{name}: the plan is marked errored (terraform plan failed); fix the plan first")
    check_envelope(plan, name)
    try:
        return _parse_plan(plan, name)
    except (AttributeError, TypeError, ValueError, KeyError, RecursionError) as exc:
        raise _structure_error(name, exc) from None


def _structure_error(name: str, exc: Exception) -> InputError:
    # valid JSON with the keys of a plan, but values of the wrong shape
    return InputError(f"{name}: unexpected plan JSON structure ({type(exc).__name__}: {exc})",
                      hint=SHOW_JSON_HINT)


def plan_sections(name: str) -> Fields:
    """What to keep of a plan JSON read in sections (:mod:`cost_gate.inputs.sections`).

    Each resource change is read into a :class:`ResourceChange` as soon as it is decoded,
    its attributes packed (:class:`PackedSide`); configuration blocks are reduced to their
    :class:`ConfigResource`; ``planned_values``, ``prior_state`` and the other sections no
    price depends on are read past, one resource at a time. The configuration comes after
    the resource changes in the file: :func:`parse_plan` joins them.
    """
    def change(rc: Any, i: int, finite: bool) -> ResourceChange | InputError | None:
        try:
            check_change(rc, i, name)
            return read_change(rc, finite, pack=True) if isinstance(rc, dict) else rc
        except InputError as exc:
            return exc  # raised by parse_plan, after the checks that come first
        except (AttributeError, TypeError, ValueError, KeyError, RecursionError) as exc:
            return _structure_error(name, exc)

    def config_block(res: Any, i: int, finite: bool) -> Any:
        try:
            return config_resource(res)
        except (AttributeError, TypeError, ValueError, RecursionError):
            return res  # the same error again in parse_plan, in its one-line form

    config_module = Fields()
    config_module.fields.update(resources=Each(config_block),
                                module_calls=Values(Fields({"module": config_module})))
    values_module = Fields(other=DROP)
    values_module.fields.update(resources=Each(DROP), child_modules=Each(values_module))
    return Fields({
        "resource_changes": Each(change),
        "configuration": Fields({"root_module": config_module}),
        "planned_values": Fields({"root_module": values_module}, other=DROP),
        "prior_state": Fields({"values": Fields({"root_module": values_module}, other=DROP)},
                              other=DROP),
        "resource_drift": Each(DROP),
        "relevant_attributes": Each(DROP),
        "output_changes": Values(DROP),
        "checks": Each(DROP),
    })


def read_change(rc: dict[str, Any], finite: bool = False, pack: bool = False
                ) -> ResourceChange | None:
    """The change of one ``resource_changes`` entry, None when it prices nothing (data
    sources, reads, nothing on either side). Its references, configured attributes and the
    provider's region come from the configuration, joined by :func:`parse_plan`.

    ``finite``: the entry is known to hold no overflowed number (nothing to scrub);
    ``pack``: keep the attributes marshalled until read (:class:`PackedSide`).
    """
    if rc.get("mode", "managed") != "managed":
        return None
    change = rc.get("change") or {}
    action = action_of(list(change.get("actions") or []))
    if action is None:
        return None
    rtype = rc.get("type") or ""
    notes: list[str] = []
    short = provider_short_name(rc.get("provider_name"), rtype)
    before = (_side(change.get("before"), None, notes, finite, short, rtype)
              if action != "create" else None)
    after = (_side(change.get("after"), change.get("after_unknown"), notes, finite, short,
                   rtype) if action != "delete" else None)
    if before is None and after is None:
        return None  # e.g. a no-op with null before/after (count 0): nothing exists either side
    if pack:
        before, after = _packed(before, after)
    # the same few types, modules and names recur across a big plan: one string each
    return ResourceChange(
        address=rc.get("address") or f"{rtype}.{rc.get('name')}",
        type=sys.intern(rtype),
        provider=sys.intern(short),
        action=sys.intern(action),  # type: ignore[arg-type]
        before=before,
        after=after,
        module_address=sys.intern(rc.get("module_address") or ""),
        name=sys.intern(rc.get("name") or ""),
        notes=notes,
    )


def _parse_plan(plan: dict[str, Any], name: str) -> Project:
    index = ConfigIndex(plan)
    finite = isinstance(plan, FiniteDocument)
    changes: list[ResourceChange] = []
    for rc in plan.get("resource_changes") or []:
        change = rc if isinstance(rc, ResourceChange) else (
            read_change(rc, finite) if isinstance(rc, dict) else None)
        if change is None:
            continue
        config = index.resource(change.address, change.module_address)
        provider_region, region_variable = index.provider_region(
            config.provider_config_key if config else None, change.provider)
        for side in (change.before, change.after):
            if side is not None and not side.region and provider_region:
                side.region, side.region_source = provider_region, "provider"
                side.region_variable = region_variable
        change.references = index.references(config, change.module_address)
        change.configured = config.configured if config else None
        changes.append(change)
    return Project(name=name, source=name, input_type="plan", changes=changes)
