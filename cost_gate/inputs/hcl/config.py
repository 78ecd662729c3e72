"""Read the ``.tf`` files of one module directory into a :class:`ModuleConfig`.

python-hcl2 parses the files (structure only); attribute values stay as the source text it
serialises (``${expr}`` or ``"template"``) and are parsed on demand by :mod:`.expr`.
A syntax error becomes one line, ``<file>:<line>: <what>`` (:class:`InputError`, exit 2).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

from cost_gate import limits
from cost_gate.errors import InputError
from cost_gate.limits import read_regular_file

from . import expr as ast

Body = dict[str, Any]


@dataclass
class ResourceConfig:
    type: str
    name: str
    body: Body
    file: str


@dataclass
class ModuleConfig:
    """Everything declared in one module directory (all of its .tf files together)."""

    dir: str
    variables: dict[str, Body] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Body] = field(default_factory=dict)
    providers: list[tuple[str, Body]] = field(default_factory=list)
    resources: dict[str, ResourceConfig] = field(default_factory=dict)  # "type.name" -> config
    data: dict[str, ResourceConfig] = field(default_factory=dict)
    module_calls: dict[str, Body] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # "type.name" -> finding ids silenced by `# cost-gate:ignore=ID` comments (see .comments)
    ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # "local.NAME", "TYPE.NAME.ARG", ... -> "file:line" for diagnostics (see .locate)
    lines: dict[str, str] = field(default_factory=dict)

    def resource_types(self) -> set[str]:
        return {r.type for r in self.resources.values()}


def _hcl2_options() -> Any:
    from hcl2 import SerializationOptions

    return SerializationOptions(
        with_comments=False,
        wrap_objects=True,
        wrap_tuples=True,
        preserve_heredocs=True,  # heredoc bodies stay raw; expr.py lexes them
        explicit_blocks=True,
    )


def parse_hcl_text(text: str, filename: str) -> Body:
    """Parse HCL source into python-hcl2's dict form; syntax errors -> one-line InputError."""
    import hcl2
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        return hcl2.loads(text, serialization_options=_hcl2_options())
    except UnexpectedInput as exc:
        line = getattr(exc, "line", "?")
        column = getattr(exc, "column", "?")
        what = _describe_syntax_error(exc)
        raise InputError(f"{filename}:{line}: syntax error at column {column}: {what}") from exc
    except (LarkError, ValueError, TypeError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{filename}: cannot parse: {first}") from exc
    except RecursionError:
        raise InputError(f"{filename}: nested too deeply to parse (expressions may nest at "
                         f"most {limits.MAX_EXPRESSION_DEPTH} levels)") from None


def _describe_syntax_error(exc: Exception) -> str:
    token = getattr(exc, "token", None)
    if token is not None:
        text = str(token).strip()
        if getattr(token, "type", "") == "$END" or not text:
            return "unexpected end of file"
        shown = text if len(text) <= 30 else text[:27] + "..."
        return f"unexpected {shown!r}"
    char = getattr(exc, "char", None)
    if char is not None:
        return f"unexpected character {char!r}"
    first = str(exc).strip().splitlines()
    return first[0] if first else "invalid syntax"


def unquote(label: str) -> str:
    if len(label) >= 2 and label.startswith('"') and label.endswith('"'):
        try:
            return json.loads(label)
        except ValueError:
            return label[1:-1]
    return label


def is_block_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and v.get("__is_block__") for v in value)
    )


def body_items(body: Body) -> list[tuple[str, Any]]:
    """The attributes and nested blocks of a body, without python-hcl2's marker keys."""
    return [(k, v) for k, v in body.items() if not (k.startswith("__") and k.endswith("__"))]


def labelled(blocks: Any, depth: int) -> list[tuple[list[str], Body]]:
    """Flatten python-hcl2 label nesting: `[{"a": {"b": body}}]` -> `[([a, b], body)]`."""
    out: list[tuple[list[str], Body]] = []

    def walk(node: Any, labels: list[str]) -> None:
        if len(labels) == depth:
            if isinstance(node, dict):
                out.append((labels, node))
            return
        if isinstance(node, dict):
            for key, child in node.items():
                if key.startswith("__") and key.endswith("__"):
                    continue
                walk(child, labels + [unquote(key)])

    for item in blocks if isinstance(blocks, list) else [blocks]:
        walk(item, [])
    return out


CONFIG_SUFFIXES = (".tf", ".tofu", ".tf.json", ".tofu.json")
_OVERRIDE = re.compile(r"(^|_)override\.(tf|tofu)(\.json)?$")


def module_file_names(names: list[str]) -> list[str]:
    """The configuration files Terraform/OpenTofu read among ``names``, in reading order.

    ``.tf``, ``.tf.json`` and OpenTofu's ``.tofu``, ``.tofu.json``; a ``.tofu`` file hides
    the ``.tf`` file of the same name (and ``.tofu.json`` the ``.tf.json``), as in OpenTofu.
    Lexical order, override files (``override.tf``, ``*_override.tf``, ...) last.
    """
    chosen = [n for n in names if n.endswith(CONFIG_SUFFIXES)]
    present = set(chosen)
    chosen = [n for n in chosen
              if not (n.endswith(".tf") and n[:-3] + ".tofu" in present)
              and not (n.endswith(".tf.json") and n[:-8] + ".tofu.json" in present)]
    chosen.sort()
    return ([n for n in chosen if not _OVERRIDE.search(n)]
            + [n for n in chosen if _OVERRIDE.search(n)])


def load_module_config(directory: str, *, display_root: str | None = None,
                       extra_files: dict[str, str] | None = None) -> ModuleConfig:
    """Parse the configuration files of ``directory`` (see :func:`module_file_names`).

    ``extra_files`` (name -> text) are read as if they were in the directory, replacing a
    file of the same name (Terragrunt ``generate`` blocks).
    """
    from .json_syntax import parse_json_config

    config = ModuleConfig(dir=directory)
    try:
        names = [n for n in os.listdir(directory) if os.path.isfile(os.path.join(directory, n))]
    except OSError as exc:
        raise InputError(f"{directory}: cannot read directory: {exc.strerror}") from exc
    extra_files = extra_files or {}
    for name in module_file_names(sorted(set(names) | set(extra_files))):
        path = os.path.join(directory, name)
        shown = _display(path, display_root)
        if name in extra_files:
            text = extra_files[name]
        else:
            try:
                text = read_regular_file(path, limits.MAX_FILE_BYTES,
                                         "configuration file").decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{shown}: cannot read file: {exc}") from exc
        if name.endswith(".json"):
            doc = parse_json_config(text, shown)
        else:
            doc = parse_hcl_text(text, shown)
            from .locate import definition_lines

            config.lines.update(definition_lines(text, shown))
            if "cost-gate:ignore" in text:
                from .comments import resource_ignores

                for address, ids in resource_ignores(text).items():
                    config.ignores[address] = (*config.ignores.get(address, ()), *ids)
        _merge_file(config, doc, shown, override=bool(_OVERRIDE.search(name)))
    return config


def _display(path: str, root: str | None) -> str:
    """A path relative to ``root`` (the working directory) when it is below it."""
    if root:
        rel = os.path.relpath(path, root)
        if not rel.startswith(".."):
            return rel
    return path


def _merge_file(config: ModuleConfig, doc: Body, filename: str, *, override: bool) -> None:
    for key, value in body_items(doc):
        if key == "variable":
            for (name,), body in labelled(value, 1):
                _put(config.variables, name, body, override)
        elif key == "locals":
            for block in value if isinstance(value, list) else [value]:
                for name, raw in body_items(block):
                    config.locals[name] = raw
        elif key == "output":
            for (name,), body in labelled(value, 1):
                _put(config.outputs, name, body, override)
        elif key == "provider":
            for (name,), body in labelled(value, 1):
                config.providers.append((name, body))
        elif key in ("resource", "data"):
            target = config.resources if key == "resource" else config.data
            for (rtype, rname), body in labelled(value, 2):
                addr = f"{rtype}.{rname}"
                if override and addr in target:
                    target[addr].body.update(dict(body_items(body)))
                else:
                    target[addr] = ResourceConfig(rtype, rname, body, filename)
        elif key == "module":
            for (name,), body in labelled(value, 1):
                _put(config.module_calls, name, body, override)
        # terraform, moved, import, check, removed blocks do not create billable resources


def _put(target: dict[str, Body], name: str, body: Body, override: bool) -> None:
    if override and name in target:
        target[name] = {**target[name], **dict(body_items(body))}
    else:
        target[name] = body


_NODE_CACHE: dict[Any, ast.Node] = {}


def to_node(raw: Any) -> ast.Node:
    """The expression node for a raw python-hcl2 attribute value (cached by source text)."""
    if isinstance(raw, str):
        node = _NODE_CACHE.get(raw)
        if node is None:
            node = ast.parse_hcl2_value(raw)
            if len(_NODE_CACHE) < 50_000:
                _NODE_CACHE[raw] = node
        return node
    if raw is None or isinstance(raw, (bool, int, float)):
        return ast.Literal(raw)
    if isinstance(raw, list):
        return ast.TupleCons(tuple(to_node(v) for v in raw))
    if isinstance(raw, dict):
        return ast.ObjectCons(
            tuple((ast.Literal(unquote(k)), to_node(v)) for k, v in body_items(raw))
        )
    raise ast.HclSyntaxError(f"unsupported value {raw!r}")
