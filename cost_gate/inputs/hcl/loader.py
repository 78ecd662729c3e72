"""Evaluate a Terraform configuration (root module + local/downloaded modules) into a Project.

Each module instance resolves its named values lazily and memoises them: variables (from
tfvars/CLI/env at the root, from the call's arguments in child modules), locals, resources
(expanded by ``count``/``for_each``), module calls and outputs. The resource addresses read
while evaluating a value are remembered with it, so a reference that travels through a
local, a variable or a module output still reaches the resource that uses it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cost_gate import limits
from cost_gate.errors import InputError
from cost_gate.limits import read_regular_file
from cost_gate.models import ResourceChange, ResourceSide
from cost_gate.regions import region_from_attributes, zone_to_region

from . import expr as ast
from .budget import cap_instances
from .config import (
    Body,
    ModuleConfig,
    ResourceConfig,
    body_items,
    is_block_list,
    labelled,
    load_module_config,
    to_node,
    unquote,
)
from .evaluator import RefTracker, Scope, evaluate
from .types import convert
from .values import (
    EvalError,
    LazyObject,
    ResourceObject,
    Unknown,
    first_unknown,
    materialize,
    to_number,
    to_str,
)

RESOURCE_META = {
    "count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection",
    "timeouts",
}  # fmt: skip
MODULE_META = {"source", "version", "count", "for_each", "providers", "depends_on"}

_IN_PROGRESS = object()


@dataclass
class Instance:
    """One evaluated resource instance."""

    address: str
    attributes: dict[str, Any]  # values may contain Unknown
    references: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unknown_meta: str | None = None  # "count"/"for_each" when the expansion was unknown
    config_key: str | None = None  # "TYPE.NAME" of its block, to locate diagnostics


@dataclass
class Expansion:
    mode: str  # single | count | for_each | unknown
    instances: list[tuple[Any, Instance]]
    unknown: Unknown | None = None


def format_key(key: Any) -> str:
    if isinstance(key, int):
        return f"[{key}]"
    return "[" + json.dumps(str(key)) + "]"


class Loader:
    """Shared state of one configuration load: config cache, notes, module manifest."""

    def __init__(self, root_dir: str, *, workspace: str = "default",
                 extra_files: Mapping[str, str] | None = None):
        self.root_dir = os.path.abspath(root_dir)
        self.workspace = workspace
        self.extra_files = dict(extra_files or {})  # root-module files that are not on disk
        self.tracker = RefTracker()
        self.notes: list[str] = []
        self._configs: dict[str, ModuleConfig] = {}
        self.modules_json = self._read_modules_json()

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def config_for(self, directory: str) -> ModuleConfig:
        directory = os.path.normpath(directory)
        if directory not in self._configs:
            extra = self.extra_files if directory == os.path.normpath(self.root_dir) else None
            config = load_module_config(directory, display_root=self._display_root(),
                                        extra_files=extra)
            for note in config.notes:
                self.note(note)
            self._configs[directory] = config
        return self._configs[directory]

    def _display_root(self) -> str:
        return os.getcwd()

    def _read_modules_json(self) -> dict[str, str]:
        path = os.path.join(self.root_dir, ".terraform", "modules", "modules.json")
        try:
            doc = json.loads(read_regular_file(path, limits.MAX_FILE_BYTES, "modules.json"))
        except (OSError, ValueError, InputError):
            return {}
        if not isinstance(doc, dict):
            return {}
        out: dict[str, str] = {}
        for entry in doc.get("Modules") or []:
            if isinstance(entry, dict) and entry.get("Key") and entry.get("Dir"):
                out[str(entry["Key"])] = os.path.join(self.root_dir, str(entry["Dir"]))
        return out


class ModuleInstance:
    """One instance of a module: its scope, memoised values and evaluated resources."""

    def __init__(
        self,
        loader: Loader,
        config: ModuleConfig,
        *,
        prefix: str,
        key_path: tuple[str, ...],
        var_source: Callable[[str], tuple[bool, Any]],
        providers: dict[str, dict[str, Any]],
    ):
        self.loader = loader
        self.config = config
        self.prefix = prefix  # "" or "module.app." or 'module.app["a"].'
        self.key_path = key_path
        self.var_source = var_source
        self.providers = dict(providers)
        self._values: dict[str, tuple[Any, frozenset[str]]] = {}
        self._resources: dict[str, Expansion | object] = {}
        self._modules: dict[str, Any] = {}
        self._types = config.resource_types()
        for name, body in config.providers:
            alias = body.get("alias")
            key = name
            if alias is not None:
                alias_value = self.eval_raw(alias, self.scope(), f"provider {name} alias")
                if isinstance(alias_value, str):
                    key = f"{name}.{alias_value}"
            self.providers[key] = self._eval_provider(body)

    @property
    def address(self) -> str:
        return self.prefix[:-1] if self.prefix else ""

    # ------------------------------------------------------------- scope and evaluation
    def scope(self, **symbols: Any) -> Scope:
        return Scope(
            self.resolve_root,
            symbols=symbols,
            tracker=self.loader.tracker,
            module_dir=self.config.dir,
        )

    def resolve_root(self, name: str) -> Any:
        if name == "var":
            return LazyObject("var", self.var, lambda: self.config.variables)
        if name == "local":
            return LazyObject("local", self.local, lambda: self.config.locals)
        if name == "module":
            return LazyObject("module", self.module_value, lambda: self.config.module_calls)
        if name == "data":
            return LazyObject("data", self._data_type)
        if name == "path":
            return {"module": self.config.dir, "root": self.loader.root_dir, "cwd": os.getcwd()}
        if name == "terraform":
            return {"workspace": self.loader.workspace}
        if name in ("count", "each"):
            raise EvalError(f"{name} is only available in a block that sets {name}")
        if name == "self":
            return Unknown("self is only known at apply time", computed=True)
        if name in self._types:
            return LazyObject(name, lambda rname: self.resource_value(name, rname))
        raise EvalError(f"unknown name {name!r}")

    def eval_raw(self, raw: Any, scope: Scope, what: str, at: str | None = None) -> Any:
        """Evaluate a raw attribute value; syntax/evaluation errors become unknowns.

        ``at`` is the definition's key in ``config.lines``: errors then say ``file:line``.
        """
        try:
            node = to_node(raw)
        except ast.HclSyntaxError as exc:
            return Unknown(f"{self._at(at)}{what}: expression not supported in HCL mode ({exc})")
        try:
            return materialize(evaluate(node, scope))
        except EvalError as exc:
            return Unknown(f"{self._at(at)}{what}: cannot evaluate ({exc})")
        except RecursionError:
            return Unknown(f"{what}: expression nested too deeply")

    def _at(self, key: str | None) -> str:
        """``"file:line: "`` of a definition, or "" when it is not known (e.g. .tf.json)."""
        where = self.config.lines.get(key) if key else None
        if where is None and key and key.count(".") > 1:
            where = self.config.lines.get(key.rsplit(".", 1)[0])  # the enclosing block
        return f"{where}: " if where else ""

    def _memo(self, key: str, compute: Callable[[], Any]) -> Any:
        tracker = self.loader.tracker
        if key in self._values:
            value, refs = self._values[key]
            if value is _IN_PROGRESS:
                return Unknown(f"{self.prefix}{key}: self-referential value")
            tracker.add(refs)
            return value
        self._values[key] = (_IN_PROGRESS, frozenset())
        tracker.push()
        try:
            value = compute()
        finally:
            refs = frozenset(tracker.pop())
        self._values[key] = (value, refs)
        tracker.add(refs)
        return value

    # ------------------------------------------------------------- named values
    def var(self, name: str) -> Any:
        decl = self.config.variables.get(name)
        if decl is None:
            raise EvalError(f"variable {name!r} is not declared")
        return self._memo(f"var.{name}", lambda: self._var_value(name, decl))

    def _var_value(self, name: str, decl: Body) -> Any:
        type_node = _type_node(decl.get("type"))
        found, value = self.var_source(name)
        nullable = decl.get("nullable", True) is not False
        if found and (value is not None or nullable):
            return convert(value, type_node)
        if "default" in decl:
            default = self.eval_raw(decl["default"], self.scope(), f"var.{name} default",
                                    at=f"var.{name}.default")
            return convert(default, type_node)
        reason = (
            f"{self.prefix}var.{name} has no value (no default; set it in a .tfvars file, "
            f"with --var {name}=... or TF_VAR_{name})"
            if not self.prefix
            else f"{self.prefix}var.{name} has no value (required input of the module)"
        )
        self.loader.note(reason)
        return Unknown(reason)

    def local(self, name: str) -> Any:
        if name not in self.config.locals:
            raise EvalError(f"local value {name!r} is not declared")
        raw = self.config.locals[name]
        return self._memo(
            f"local.{name}", lambda: self.eval_raw(raw, self.scope(), f"local.{name}", at=f"local.{name}")
        )

    def output(self, name: str) -> Any:
        body = self.config.outputs.get(name)
        if body is None:
            raise EvalError(f"module {self.address} has no output {name!r}")
        if "value" not in body:
            return None
        return self._memo(
            f"output.{name}",
            lambda: self.eval_raw(body["value"], self.scope(), f"{self.prefix}output.{name}",
                                  at=f"output.{name}.value"),
        )

    def outputs_object(self) -> LazyObject:
        return LazyObject(self.address, self.output, lambda: self.config.outputs)

    def _data_type(self, dtype: str) -> LazyObject:
        def named(dname: str) -> Unknown:
            address = f"{self.prefix}data.{dtype}.{dname}"
            if f"{dtype}.{dname}" not in self.config.data:
                raise EvalError(f"data source {address} is not declared")
            self.loader.note(
                f"{address}: data sources are not read in HCL mode; values derived from it "
                "are unknown"
            )
            return Unknown(f"{address}: data sources are not read in HCL mode")

        return LazyObject(f"data.{dtype}", named)

    def _eval_provider(self, body: Body) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, raw in body_items(body):
            if key in ("region", "zone", "location", "alias", "project"):
                out[key] = self.eval_raw(raw, self.scope(), f"provider {key}")
                variable = re.search(r"\bvar\.(\w+)", str(raw)) if key == "region" else None
                if variable:  # said in region findings: where a wrong region came from
                    out["region_variable"] = variable.group(1)
            elif key == "default_labels":  # google: merged under each resource's labels
                out["default_tags"] = _known_tags(
                    self.eval_raw(raw, self.scope(), "provider default_labels"))
            elif key == "default_tags" and is_block_list(raw) and "tags" in raw[0]:
                out["default_tags"] = _known_tags(
                    self.eval_raw(raw[0]["tags"], self.scope(), "provider default_tags"))
        return out

    # ------------------------------------------------------------- expansion
    def _expand(self, body: Body, what: str, *, module: bool = False, at: str | None = None
                ) -> tuple[str, list[tuple[Any, dict]], Unknown | None]:
        """(mode, [(key, symbols)], unknown) for a body's count / for_each (capped: limits)."""
        if "count" in body:
            count = self.eval_raw(body["count"], self.scope(), f"{what} count",
                                  at=f"{at}.count" if at else None)
            if isinstance(count, Unknown):
                return "unknown", [], count
            try:
                number = int(to_number(count))
            except EvalError as exc:
                return "unknown", [], Unknown(f"{what}: invalid count ({exc})")
            number = cap_instances(max(number, 0), what, self.loader.note, module=module)
            return "count", [(i, {"count": {"index": i}}) for i in range(number)], None
        if "for_each" in body:
            coll = self.eval_raw(body["for_each"], self.scope(), f"{what} for_each",
                                 at=f"{at}.for_each" if at else None)
            if isinstance(coll, Unknown):
                return "unknown", [], coll
            if isinstance(coll, dict):
                pairs = [(k, coll[k]) for k in sorted(coll)]
            elif isinstance(coll, list):
                unknown = first_unknown(coll)
                if unknown is not None:
                    return "unknown", [], unknown
                try:
                    keys = sorted({to_str(v) for v in coll})
                except EvalError as exc:
                    return "unknown", [], Unknown(f"{what}: invalid for_each ({exc})")
                pairs = [(k, k) for k in keys]
            else:
                return "unknown", [], Unknown(f"{what}: for_each must be a map or a set")
            pairs = pairs[: cap_instances(len(pairs), what, self.loader.note, module=module)]
            return "for_each", [(k, {"each": {"key": k, "value": v}}) for k, v in pairs], None
        return "single", [(None, {})], None

    # ------------------------------------------------------------- resources
    def expansion(self, key: str) -> Expansion:
        cached = self._resources.get(key)
        if cached is _IN_PROGRESS:
            raise EvalError(f"{self.prefix}{key} refers to itself")
        if isinstance(cached, Expansion):
            return cached
        self._resources[key] = _IN_PROGRESS
        tracker = self.loader.tracker
        tracker.push()  # nothing read while expanding leaks into the caller's references
        try:
            result = self._expand_resource(self.config.resources[key])
        finally:
            tracker.pop()
            self._resources.pop(key, None)
        self._resources[key] = result
        return result

    def _expand_resource(self, rc: ResourceConfig) -> Expansion:
        base = f"{self.prefix}{rc.type}.{rc.name}"
        mode, keys, unknown = self._expand(rc.body, base, at=f"{rc.type}.{rc.name}")
        if mode == "unknown":
            assert unknown is not None
            meta = "count" if "count" in rc.body else "for_each"
            symbols: dict[str, Any] = (
                {"count": {"index": unknown}}
                if meta == "count"
                else {"each": {"key": unknown, "value": unknown}}
            )
            inst = self._eval_instance(rc, base, symbols)
            inst.unknown_meta = meta
            inst.notes.insert(
                0,
                f"{meta} could not be evaluated ({_reason(unknown)}): the number of instances "
                "is unknown; shown as a single instance",
            )
            self.loader.note(f"{base}: {meta} could not be evaluated ({_reason(unknown)})")
            return Expansion("unknown", [(None, inst)], unknown)
        instances = []
        for key, symbols in keys:
            address = base if mode == "single" else base + format_key(key)
            instances.append((key, self._eval_instance(rc, address, symbols)))
        return Expansion(mode, instances)

    def _eval_instance(self, rc: ResourceConfig, address: str, symbols: dict) -> Instance:
        inst = Instance(address=address, attributes={}, config_key=f"{rc.type}.{rc.name}")
        scope = self.scope(**symbols)
        inst.attributes = self._eval_body(rc.body, scope, "", inst, top=True)
        return inst

    def _eval_body(
        self, body: Body, scope: Scope, path: str, inst: Instance, *, top: bool = False
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, raw in body_items(body):
            if top and key in RESOURCE_META:
                continue
            if key == "dynamic":
                self._eval_dynamic(raw, scope, path, inst, out)
            elif is_block_list(raw):
                blocks = [self._eval_body(b, scope, f"{path}{key}.", inst) for b in raw]
                existing = out.get(key)
                out[key] = (existing if isinstance(existing, list) else []) + blocks
            else:
                out[key] = self._eval_attribute(raw, scope, f"{path}{key}", inst)
        return out

    def _eval_attribute(self, raw: Any, scope: Scope, path: str, inst: Instance) -> Any:
        tracker = self.loader.tracker
        tracker.push()
        try:
            top = path.split(".", 1)[0]
            value = self.eval_raw(raw, scope, f"{inst.address}.{path}",
                                  at=f"{inst.config_key}.{top}" if inst.config_key else None)
        finally:
            refs = tracker.pop()
        refs |= _unknown_refs(value)
        managed = sorted(r for r in refs if _is_managed(r))
        if managed:
            existing = inst.references.setdefault(path, [])
            existing.extend(r for r in managed if r not in existing)
        return value

    def _eval_dynamic(
        self, raw: Any, scope: Scope, path: str, inst: Instance, out: dict[str, Any]
    ) -> None:
        for (block_type,), dyn in labelled(raw, 1):
            iterator = block_type
            if "iterator" in dyn:
                node = to_node(dyn["iterator"])
                iterator = ast.traversal_name(node) or block_type
            what = f"{inst.address}.{path}{block_type}"
            coll = self.eval_raw(dyn.get("for_each"), scope, f"dynamic {what} for_each")
            contents = dyn.get("content") or []
            if isinstance(coll, Unknown):
                out[block_type] = coll
                continue
            if isinstance(coll, dict):
                pairs = [(k, coll[k]) for k in sorted(coll)]
            elif isinstance(coll, list):
                pairs = list(enumerate(coll))
            elif coll is None:
                pairs = []
            else:
                out[block_type] = Unknown(f"dynamic {what}: for_each must be a collection")
                continue
            blocks = out.get(block_type)
            blocks = blocks if isinstance(blocks, list) else []
            for key, value in pairs:
                inner = scope.child(**{iterator: {"key": key, "value": value}})
                for content in contents:
                    blocks.append(self._eval_body(content, inner, f"{path}{block_type}.", inst))
            out[block_type] = blocks

    def resource_value(self, rtype: str, rname: str) -> Any:
        key = f"{rtype}.{rname}"
        if key not in self.config.resources:
            raise EvalError(f"resource {self.prefix}{key} is not declared")
        exp = self.expansion(key)
        if exp.mode == "unknown":
            assert exp.unknown is not None
            address = f"{self.prefix}{key}"
            return Unknown(f"{address}: the number of instances is unknown", [address])
        objects = [(k, ResourceObject(i.address, i.attributes)) for k, i in exp.instances]
        if exp.mode == "single":
            return objects[0][1]
        if exp.mode == "count":
            return [obj for _, obj in objects]
        return {k: obj for k, obj in objects}

    # ------------------------------------------------------------- module calls
    def module_instances(self, name: str) -> list[ModuleInstance] | Unknown:
        if name not in self._modules:
            self._modules[name] = _IN_PROGRESS
            tracker = self.loader.tracker
            tracker.push()
            try:
                result = self._expand_module(name)
            finally:
                tracker.pop()
            self._modules[name] = result
        result = self._modules[name]
        if result is _IN_PROGRESS:
            return Unknown(f"{self.prefix}module.{name}: cyclic reference")
        return result[1] if isinstance(result, tuple) else result

    def _expand_module(self, name: str) -> Any:
        body = self.config.module_calls[name]
        address = f"{self.prefix}module.{name}"
        source_value = self.eval_raw(body.get("source"), self.scope(), f"{address} source")
        source = source_value if isinstance(source_value, str) else ""
        directory = self._module_dir(name, source)
        if directory is None:
            if source.startswith(("./", "../")) or source in (".", ".."):
                reason = f"{address}: local module {source!r} not found"
            else:
                reason = (
                    f'{address}: remote module "{source}" not downloaded (run terraform init); '
                    "its resources are not evaluated"
                )
            self.loader.note(reason)
            return Unknown(reason)
        mode, keys, unknown = self._expand(body, address, module=True, at=f"module.{name}")
        if mode == "unknown":
            assert unknown is not None
            reason = (
                f"{address}: count/for_each could not be evaluated ({_reason(unknown)}); "
                "its resources are not evaluated"
            )
            self.loader.note(reason)
            return Unknown(reason)
        config = self.loader.config_for(directory)
        children: list[ModuleInstance] = []
        for key, symbols in keys:
            suffix = "" if mode == "single" else format_key(key)
            children.append(
                ModuleInstance(
                    self.loader,
                    config,
                    prefix=f"{address}{suffix}.",
                    key_path=self.key_path + (name,),
                    var_source=self._argument_source(body, symbols, f"{address}{suffix}",
                                                     f"module.{name}"),
                    providers=self._child_providers(body, address),
                )
            )
        return (mode, children, [k for k, _ in keys])

    def _module_dir(self, name: str, source: str) -> str | None:
        if source.startswith(("./", "../")) or source in (".", ".."):
            directory = os.path.normpath(os.path.join(self.config.dir, source))
            return directory if os.path.isdir(directory) else None
        key = ".".join(self.key_path + (name,))
        directory = self.loader.modules_json.get(key)
        if directory and os.path.isdir(directory):
            return directory
        return None

    def _argument_source(
        self, body: Body, symbols: dict, address: str, key: str
    ) -> Callable[[str], tuple[bool, Any]]:
        def source(var_name: str) -> tuple[bool, Any]:
            if var_name in MODULE_META or var_name not in body:
                return False, None
            value = self.eval_raw(body[var_name], self.scope(**symbols), f"{address}.{var_name}",
                                  at=f"{key}.{var_name}")
            return True, value

        return source

    def _child_providers(self, body: Body, address: str) -> dict[str, dict[str, Any]]:
        out = {k: v for k, v in self.providers.items() if "." not in k}
        if "providers" not in body:
            return out
        try:
            node = to_node(body["providers"])
        except ast.HclSyntaxError:
            return out
        if not isinstance(node, ast.ObjectCons):
            return out
        for key_node, value_node in node.items:
            child_key = (
                str(key_node.value)
                if isinstance(key_node, ast.Literal)
                else ast.traversal_name(key_node)
            )
            parent_key = ast.traversal_name(value_node)
            if child_key and parent_key in self.providers:
                out[child_key] = self.providers[parent_key]
            elif child_key:
                self.loader.note(f"{address}: provider {parent_key} is not configured")
        return out

    def module_value(self, name: str) -> Any:
        if name not in self.config.module_calls:
            raise EvalError(f"module {name!r} is not declared")
        instances = self.module_instances(name)
        if isinstance(instances, Unknown):
            return instances
        mode, _, keys = self._modules[name]
        if mode == "single":
            return instances[0].outputs_object()
        if mode == "count":
            return [child.outputs_object() for child in instances]
        return {k: child.outputs_object() for k, child in zip(keys, instances, strict=False)}

    # ------------------------------------------------------------- results
    def collect(self, out: list[ResourceChange]) -> None:
        """Append this module's resource instances, then its child modules', to ``out``."""
        for key, rc in self.config.resources.items():
            for _, inst in self.expansion(key).instances:
                out.append(self._to_change(rc, inst))
        for name in self.config.module_calls:
            children = self.module_instances(name)
            if not isinstance(children, Unknown):
                for child in children:
                    child.collect(out)

    def _provider_key(self, rc: ResourceConfig) -> str:
        default = rc.type.split("_", 1)[0]
        if "provider" not in rc.body:
            return default
        try:
            name = ast.traversal_name(to_node(rc.body["provider"]))
        except ast.HclSyntaxError:
            name = None
        return name or default

    def _region(self, rc: ResourceConfig, short: str, attrs: dict[str, Any]) -> tuple:
        own = region_from_attributes(short, attrs, rc.type)
        if own:
            return own, "attribute"
        key = self._provider_key(rc)
        config = self.providers.get(key)
        if config is None:
            if "." in key:
                self.loader.note(f"{self.prefix}{rc.type}.{rc.name}: provider {key} not configured")
            return None, None
        region = config.get("region")
        if isinstance(region, str) and region:
            return region, "provider"
        zone = config.get("zone")
        if short in ("google", "google-beta") and isinstance(zone, str) and zone:
            return zone_to_region(zone), "provider"
        return None, None

    def _to_change(self, rc: ResourceConfig, inst: Instance) -> ResourceChange:
        short = rc.type.split("_", 1)[0]
        attributes, unknown = split_unknown(inst.attributes)
        if inst.unknown_meta:
            unknown[inst.unknown_meta] = True
        region, region_source = self._region(rc, short, attributes)
        provider_config = self.providers.get(self._provider_key(rc)) or {}
        region_variable = provider_config.get("region_variable") if region_source == "provider" \
            else None
        notes = list(inst.notes)
        for path, unk in unevaluated(inst.attributes):
            text = f"{path} not evaluated: {unk.reason}"
            if text not in notes:
                notes.append(text)
        from cost_gate.inputs.tags import merge_default_tags

        return ResourceChange(
            address=inst.address,
            type=rc.type,
            provider=short,
            action="create",
            before=None,
            after=ResourceSide(
                attributes=attributes,
                unknown=unknown,
                region=region,
                region_source=region_source,
                region_variable=region_variable,
            ),
            module_address=self.address,
            name=rc.name,
            references=inst.references,
            notes=notes,
            tags=merge_default_tags(short, attributes, provider_config.get("default_tags")),
            ignore=self.config.ignores.get(f"{rc.type}.{rc.name}", ()),
        )


# ----------------------------------------------------------------- helpers


def _known_tags(value: Any) -> dict[str, Any]:
    """A provider's default tags/labels: the entries whose value is known offline."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(v, (str, int, float, bool))}


def _type_node(raw: Any) -> ast.Node | None:
    if raw is None:
        return None
    try:
        return to_node(raw)
    except ast.HclSyntaxError:
        return None


def _reason(unknown: Unknown) -> str:
    return unknown.reason or "value known only after apply"


def _is_managed(address: str) -> bool:
    parts = address.split(".")
    while parts and parts[0] == "module":
        parts = parts[2:]
    return bool(parts) and parts[0] != "data"


def _unknown_refs(value: Any) -> set[str]:
    refs: set[str] = set()

    def walk(v: Any) -> None:
        if isinstance(v, Unknown):
            refs.update(v.refs)
        elif isinstance(v, dict):
            for item in v.values():
                walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)

    walk(value)
    return refs


def split_unknown(value: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate known attributes from Terraform-style ``after_unknown`` markers."""
    known: dict[str, Any] = {}
    marks: dict[str, Any] = {}
    for key, item in value.items():
        k, m = _split(item)
        if m is not True:
            known[key] = k
        if m:
            marks[key] = m
    return known, marks


def _split(value: Any) -> tuple[Any, Any]:
    if isinstance(value, Unknown):
        return None, True
    if isinstance(value, dict):
        known, marks = split_unknown(value)
        return known, marks or False
    if isinstance(value, list):
        pairs = [_split(v) for v in value]
        marks = [m for _, m in pairs]
        return [k for k, _ in pairs], (marks if any(marks) else False)
    return value, False


def unevaluated(value: Any, path: str = "") -> list[tuple[str, Unknown]]:
    """(path, unknown) for each value HCL mode could not evaluate (not apply-time values)."""
    out: list[tuple[str, Unknown]] = []
    if isinstance(value, Unknown):
        if not value.computed:
            out.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            out.extend(unevaluated(item, f"{path}.{key}" if path else key))
    elif isinstance(value, list):
        for item in value:
            out.extend(unevaluated(item, path))
    return out


__all__ = ["Loader", "ModuleInstance", "split_unknown", "unquote"]
