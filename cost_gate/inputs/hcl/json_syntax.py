"""Terraform's JSON configuration syntax (``*.tf.json``, ``*.tofu.json``) in python-hcl2's shape.

The rest of HCL mode reads python-hcl2's dict form: attribute values as source text
(``${expr}`` or a quoted template), nested blocks as lists of dicts marked ``__is_block__``.
:func:`json_to_body` converts a JSON configuration document into that form, following
Terraform's rules for JSON: a string is a template (``"${var.x}"`` alone is the expression
``var.x``), except where the language wants a literal (variable defaults) or a bare reference
(``provider``, ``depends_on``, module ``providers``, dynamic ``iterator``) or a type
(variable ``type``). ``"//"`` keys are comments.

Terraform tells a nested block from an object-valued argument by the provider schema, which
HCL mode does not have: an object inside a resource is read as a nested block, except the
map-valued arguments in :data:`MAP_ARGUMENTS` (``tags``, ``labels``, ...) and objects whose
keys are not identifiers. ``tests/hcl`` cross-checks this against ``terraform plan``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cost_gate.errors import InputError

Body = dict[str, Any]

# Object-valued arguments that are maps, not nested blocks.
MAP_ARGUMENTS = frozenset({
    "tags", "tags_all", "labels", "annotations", "variables", "parameters", "metadata",
    "triggers", "environment_variables", "resource_labels", "user_labels", "attributes",
    "options", "settings", "properties", "context", "default_tags",
})
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_LABELS = {"resource": 2, "data": 2, "module": 1, "provider": 1, "variable": 1, "output": 1}


def parse_json_config(text: str, filename: str) -> Body:
    """Parse a ``.tf.json`` file into python-hcl2's dict form; bad JSON -> one-line error."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{filename}: invalid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise InputError(f"{filename}: a JSON configuration file must hold an object")
    return json_to_body(doc)


def json_to_body(doc: dict[str, Any]) -> Body:
    out: Body = {}
    for key, value in _items(doc):
        if key in _LABELS:
            out[key] = [{_q(label): body} for label, body in _labelled(key, value)]
        elif key == "locals":
            blocks = value if isinstance(value, list) else [value]
            out[key] = [{k: _expr(v) for k, v in _items(b)} for b in blocks if isinstance(b, dict)]
        # terraform, moved, import, check, removed: nothing billable
    return out


def _items(obj: Any) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in obj.items() if k != "//"] if isinstance(obj, dict) else []


def _q(label: str) -> str:
    return json.dumps(label)


def _labelled(kind: str, value: Any) -> list[tuple[str, Any]]:
    """(label, converted body) per block; two-label kinds nest one object per label."""
    out = []
    for label, inner in _items(value):
        if _LABELS[kind] == 2:
            for name, body in _items(inner):
                for one in body if isinstance(body, list) else [body]:
                    out.append((label, {_q(name): _block(kind, one)}))
        else:
            for one in inner if isinstance(inner, list) else [inner]:
                out.append((label, _block(kind, one)))
    return out


def _block(kind: str, body: Any) -> Body:
    out: Body = {"__is_block__": True}
    for key, value in _items(body):
        if kind == "variable":
            if key == "type":
                out[key] = _bare(value)
            elif key == "default":
                out[key] = _literal(value)
            elif key == "validation":
                continue
            else:
                out[key] = _expr(value)
        elif kind in ("resource", "data") or kind == "nested":
            out[key] = _resource_argument(key, value)
        elif kind == "module" and key == "providers":
            out[key] = {k: _bare(v) for k, v in _items(value)}
        elif kind == "module" and key == "depends_on":
            continue
        else:
            out[key] = _expr(value)
    return out


def _resource_argument(key: str, value: Any) -> Any:
    if key == "provider":
        return _bare(value)
    if key in ("depends_on", "lifecycle", "provisioner", "connection"):
        return None
    if key == "dynamic":
        return [{_q(name): _dynamic(dyn)} for name, dyn in _items(value)]
    if key not in MAP_ARGUMENTS:
        if isinstance(value, dict) and all(_IDENTIFIER.match(k) for k, _ in _items(value)):
            return [_block("nested", value)]
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return [_block("nested", v) for v in value]
    return _expr(value)


def _dynamic(dyn: Any) -> Body:
    out: Body = {"__is_block__": True}
    for key, value in _items(dyn):
        if key == "content":
            out[key] = [_block("nested", c) for c in (value if isinstance(value, list) else [value])]
        elif key == "iterator":
            out[key] = _bare(value)
        else:
            out[key] = _expr(value)
    return out


def _expr(value: Any) -> Any:
    """A JSON value where an expression is expected: strings are templates."""
    if isinstance(value, str):
        return value if _sole_interpolation(value) else json.dumps(value)
    if isinstance(value, list):
        return [_expr(v) for v in value]
    if isinstance(value, dict):
        return {k: _expr(v) for k, v in _items(value)}
    return value


def _sole_interpolation(text: str) -> bool:
    """True for ``"${expr}"``: one interpolation and nothing around it (its value unchanged)."""
    if not (text.startswith("${") and text.endswith("}")):
        return False
    depth = 0
    for i, char in enumerate(text[1:], start=1):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


def _literal(value: Any) -> Any:
    """A JSON value taken literally (no templates): ``${`` in strings is escaped."""
    if isinstance(value, str):
        return json.dumps(value.replace("${", "$${").replace("%{", "%%{"))
    if isinstance(value, list):
        return [_literal(v) for v in value]
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in _items(value)}
    return value


def _bare(value: Any) -> Any:
    """A string that is a reference or a type expression in JSON (``"aws.west"``)."""
    if isinstance(value, str):
        return value if _sole_interpolation(value) else "${" + value + "}"
    return _expr(value)
