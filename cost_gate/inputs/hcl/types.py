"""Variable type constraints: convert values the way Terraform does for declared types.

Only what changes evaluated values matters here: primitive conversions (``"3"`` -> 3 for a
``number``), ``set`` de-duplication, object attributes dropped or filled by ``optional()``
defaults. A value that does not fit its type is returned unchanged (never an error).
"""

from __future__ import annotations

from typing import Any

from . import expr as ast
from .values import EvalError, Unknown, materialize, to_bool, to_number, to_str

_COLLECTIONS = ("list", "set", "map", "object", "tuple")


def is_complex(type_node: ast.Node | None) -> bool:
    """True for collection/structural types, whose CLI values are parsed as HCL."""
    return isinstance(type_node, ast.Call) and type_node.name in _COLLECTIONS


def is_string_type(type_node: ast.Node | None) -> bool:
    return type_node is None or (
        isinstance(type_node, ast.Variable) and type_node.name in ("string", "any")
    )


def convert(value: Any, type_node: ast.Node | None) -> Any:
    """Convert ``value`` to the declared type (best effort)."""
    value = materialize(value)
    if type_node is None or value is None or isinstance(value, Unknown):
        return value
    try:
        return _convert(value, type_node)
    except (EvalError, ValueError, TypeError):
        return value


def _convert(value: Any, node: ast.Node) -> Any:
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(node, ast.Variable):
        if node.name == "string":
            return to_str(value)
        if node.name == "number":
            return to_number(value)
        if node.name == "bool":
            return to_bool(value)
        return value  # any
    if not isinstance(node, ast.Call) or not node.args:
        return value
    name, arg = node.name, node.args[0]
    if name == "optional":
        return _convert(value, arg)
    if name in ("list", "set") and isinstance(value, list):
        items = [_convert(v, arg) for v in value]
        if name == "set":
            unique: list[Any] = []
            for item in items:
                if item not in unique:
                    unique.append(item)
            if all(isinstance(i, str) for i in unique):
                unique.sort()
            items = unique
        return items
    if name == "map" and isinstance(value, dict):
        return {k: _convert(v, arg) for k, v in value.items()}
    if name == "tuple" and isinstance(value, list) and isinstance(arg, ast.TupleCons):
        return [_convert(v, t) for v, t in zip(value, arg.items, strict=False)] + value[
            len(arg.items) :
        ]
    if name == "object" and isinstance(value, dict) and isinstance(arg, ast.ObjectCons):
        out: dict[str, Any] = {}
        for key_node, attr_type in arg.items:
            if not isinstance(key_node, ast.Literal):
                continue
            key = str(key_node.value)
            if key in value and value[key] is not None:
                out[key] = _convert(value[key], attr_type)
            else:
                out[key] = _optional_default(attr_type)
        return out
    return value


def _optional_default(attr_type: ast.Node) -> Any:
    """The default of ``optional(T, default)`` (a constant), else null."""
    if isinstance(attr_type, ast.Call) and attr_type.name == "optional" and len(attr_type.args) > 1:
        from .evaluator import Scope, evaluate_plain

        def no_names(name: str) -> Any:
            raise EvalError(f"optional() defaults cannot reference {name!r}")

        try:
            default = evaluate_plain(attr_type.args[1], Scope(no_names))
        except EvalError:
            return None
        return _convert(default, attr_type.args[0])
    return None
