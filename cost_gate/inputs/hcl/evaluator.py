"""Evaluate HCL expression nodes (see :mod:`.expr`) against a scope.

A :class:`Scope` resolves root names: local symbols (for-expression variables, ``count``,
``each``, dynamic-block iterators) first, then the module context's named values (``var``,
``local``, ``module``, ``data``, ``path``, resource types). Evaluation never raises for
values it cannot know: they are :class:`~.values.Unknown`. Genuine errors (a missing map
key, a type mismatch) raise :class:`~.values.EvalError`; callers turn those into unknowns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cost_gate import limits

from . import expr as ast
from . import functions
from .budget import spend_items, tick
from .values import (
    EvalError,
    LazyObject,
    ResourceObject,
    Unknown,
    UnknownFound,
    describe,
    first_unknown,
    is_number,
    materialize,
    merge_unknowns,
    normalize_number,
    to_bool,
    to_number,
    to_str,
)

MAX_DEPTH = 200


class RefTracker:
    """Collects the resource addresses read while evaluating one expression (a stack)."""

    def __init__(self) -> None:
        self._stack: list[set[str]] = []

    def push(self) -> None:
        self._stack.append(set())

    def pop(self) -> set[str]:
        return self._stack.pop()

    def add(self, refs: set[str] | frozenset[str]) -> None:
        if self._stack and refs:
            self._stack[-1].update(refs)


class Scope:
    """Name resolution for one evaluation: local symbols over a root resolver."""

    def __init__(
        self,
        resolve_root: Callable[[str], Any],
        *,
        symbols: Mapping[str, Any] | None = None,
        tracker: RefTracker | None = None,
        module_dir: str = ".",
    ):
        self.resolve_root = resolve_root
        self.symbols: dict[str, Any] = dict(symbols or {})
        self.tracker = tracker or RefTracker()
        self.module_dir = module_dir

    def child(self, **symbols: Any) -> Scope:
        merged = {**self.symbols, **symbols}
        return Scope(
            self.resolve_root, symbols=merged, tracker=self.tracker, module_dir=self.module_dir
        )

    def lookup(self, name: str) -> Any:
        if name in self.symbols:
            return self.symbols[name]
        return self.resolve_root(name)


def evaluate(node: ast.Node, scope: Scope) -> Any:
    """Evaluate ``node``; may return lazy objects (see :func:`evaluate_plain`)."""
    tick()
    method = _DISPATCH.get(type(node))
    if method is None:
        raise EvalError(f"unsupported expression {type(node).__name__}")
    return method(node, scope)


def evaluate_plain(node: ast.Node, scope: Scope) -> Any:
    """Evaluate ``node`` and materialise lazy objects into plain dicts and lists."""
    return materialize(evaluate(node, scope))


# ----------------------------------------------------------------- traversal


def get_attr(obj: Any, name: str, scope: Scope | None = None) -> Any:
    if isinstance(obj, Unknown):
        return obj
    if isinstance(obj, ResourceObject):
        if scope is not None:
            scope.tracker.add({obj.address})
        return obj.get(name)
    if isinstance(obj, LazyObject):
        return obj.get(name)
    if isinstance(obj, dict):
        if name in obj:
            return obj[name]
        raise EvalError(f"object has no attribute {name!r}")
    if obj is None:
        raise EvalError(f"attempt to get attribute {name!r} from a null value")
    raise EvalError(f"cannot get attribute {name!r} from a {describe(obj)}")


def get_index(obj: Any, key: Any, scope: Scope | None = None) -> Any:
    if isinstance(obj, Unknown):
        return obj.with_refs(key.refs) if isinstance(key, Unknown) else obj
    if isinstance(key, Unknown):
        return key
    if isinstance(obj, list):
        idx = to_number(key)
        if not isinstance(idx, int) or idx < 0 or idx >= len(obj):
            raise EvalError(f"index {key!r} out of range for a list of {len(obj)}")
        return obj[idx]
    if isinstance(obj, (dict, LazyObject, ResourceObject)):
        return get_attr(obj, to_str(key), scope)
    if obj is None:
        raise EvalError("attempt to index a null value")
    raise EvalError(f"cannot index a {describe(obj)}")


def _eval_literal(node: ast.Literal, scope: Scope) -> Any:
    return node.value


def _eval_variable(node: ast.Variable, scope: Scope) -> Any:
    return scope.lookup(node.name)


def _eval_getattr(node: ast.GetAttr, scope: Scope) -> Any:
    return get_attr(evaluate(node.obj, scope), node.name, scope)


def _eval_index(node: ast.Index, scope: Scope) -> Any:
    return get_index(evaluate(node.obj, scope), evaluate(node.key, scope), scope)


def _eval_splat(node: ast.Splat, scope: Scope) -> Any:
    source = evaluate(node.source, scope)
    if isinstance(source, Unknown):
        return source
    if source is None:
        return []
    items = source if isinstance(source, list) else [source]
    out = []
    for item in items:
        value = item
        for kind, arg in node.steps:
            if kind == "attr":
                value = get_attr(value, arg, scope)
            else:
                value = get_index(value, evaluate(arg, scope), scope)
        out.append(value)
    return out


# ----------------------------------------------------------------- operators


def _eval_unary(node: ast.Unary, scope: Scope) -> Any:
    value = evaluate(node.operand, scope)
    if isinstance(value, Unknown):
        return value
    if node.op == "!":
        return not to_bool(value)
    return normalize_number(-to_number(value))


def _arith(op: str, a: Any, b: Any) -> Any:
    x, y = to_number(a), to_number(b)
    if op == "+":
        return normalize_number(x + y)
    if op == "-":
        return normalize_number(x - y)
    if op == "*":
        return normalize_number(x * y)
    if y == 0:
        raise EvalError("division by zero")
    if op == "/":
        return normalize_number(x / y)
    return normalize_number(x - y * int(x / y))  # Go-style remainder (sign of dividend)


def _equal(a: Any, b: Any) -> bool:
    a, b = materialize(a), materialize(b)
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b


def _eval_binary(node: ast.Binary, scope: Scope) -> Any:
    op = node.op
    left = evaluate(node.left, scope)
    if op in ("&&", "||"):
        if not isinstance(left, Unknown):
            lb = to_bool(left)
            if op == "&&" and not lb:
                return False
            if op == "||" and lb:
                return True
        right = evaluate(node.right, scope)
        if isinstance(right, Unknown):
            return right if not isinstance(left, Unknown) else merge_unknowns(left, right)
        rb = to_bool(right)
        if isinstance(left, Unknown):
            if (op == "&&" and not rb) or (op == "||" and rb):
                return rb
            return left
        return rb
    right = evaluate(node.right, scope)
    if op in ("==", "!="):
        unknown = first_unknown(materialize(left)) or first_unknown(materialize(right))
        if unknown is not None:
            return merge_unknowns(unknown)
        equal = _equal(left, right)
        return equal if op == "==" else not equal
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return merge_unknowns(left, right)
    if op in ("<", ">", "<=", ">="):
        x, y = to_number(left), to_number(right)
        return {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]
    return _arith(op, left, right)


def _eval_conditional(node: ast.Conditional, scope: Scope) -> Any:
    cond = evaluate(node.cond, scope)
    if isinstance(cond, Unknown):
        then = _safe(node.then, scope)
        other = _safe(node.other, scope)
        if (
            not isinstance(then, (Unknown, EvalError))
            and first_unknown(then) is None
            and _equal(then, other)
        ):
            return then
        return cond
    if cond is None:
        raise EvalError("the condition is null")
    return evaluate(node.then if to_bool(cond) else node.other, scope)


def _safe(node: ast.Node, scope: Scope) -> Any:
    try:
        return evaluate_plain(node, scope)
    except EvalError as exc:
        return exc


# ----------------------------------------------------------------- constructors


def _eval_tuple(node: ast.TupleCons, scope: Scope) -> list[Any]:
    return [evaluate(item, scope) for item in node.items]


def _eval_object(node: ast.ObjectCons, scope: Scope) -> Any:
    out: dict[str, Any] = {}
    for key_node, value_node in node.items:
        key = evaluate(key_node, scope)
        if isinstance(key, Unknown):
            return key
        out[to_str(key)] = evaluate(value_node, scope)
    return out


def _eval_for(node: ast.ForExpr, scope: Scope) -> Any:
    coll = materialize(evaluate(node.collection, scope))
    if isinstance(coll, Unknown):
        return coll
    if isinstance(coll, dict):
        pairs = [(k, coll[k]) for k in sorted(coll)]
    elif isinstance(coll, list):
        pairs = list(enumerate(coll))
    elif coll is None:
        raise EvalError("cannot iterate over a null value")
    else:
        raise EvalError(f"cannot iterate over a {describe(coll)}")
    spend_items(len(pairs))
    is_object = node.key is not None
    out_list: list[Any] = []
    out_map: dict[str, Any] = {}
    for key, value in pairs:
        symbols = {node.value_var: value}
        if node.key_var:
            symbols[node.key_var] = key
        inner = scope.child(**symbols)
        if node.cond is not None:
            keep = evaluate(node.cond, inner)
            if isinstance(keep, Unknown):
                return keep
            if not to_bool(keep):
                continue
        if not is_object:
            out_list.append(evaluate(node.value, inner))
            continue
        assert node.key is not None
        k = evaluate(node.key, inner)
        if isinstance(k, Unknown):
            return k
        k = to_str(k)
        v = evaluate(node.value, inner)
        if node.grouping:
            out_map.setdefault(k, []).append(v)
        elif k in out_map:
            raise EvalError(f"duplicate key {k!r} in for expression (use ... to group)")
        else:
            out_map[k] = v
    return out_map if is_object else out_list


# ----------------------------------------------------------------- templates


def _eval_template(node: ast.Template, scope: Scope) -> Any:
    if len(node.parts) == 1 and not isinstance(node.parts[0], ast.Literal):
        part = node.parts[0]
        if not isinstance(part, (ast.TemplateIf, ast.TemplateFor)):
            # "${x}" alone yields x itself, whatever its type (as in Terraform)
            return evaluate(part, scope)
    pieces: list[str] = []
    unknowns: list[Unknown] = []
    for part in node.parts:
        value = _render_part(part, scope)
        if isinstance(value, Unknown):
            unknowns.append(value)
        else:
            pieces.append(value)
    if unknowns:
        return merge_unknowns(*unknowns)
    return _joined(pieces)


def _joined(pieces: list[str]) -> str:
    if sum(map(len, pieces)) > limits.MAX_STRING_CHARS:
        raise EvalError(f"a template result would be longer than {limits.MAX_STRING_CHARS:,} characters")
    return "".join(pieces)


def _render_part(part: ast.Node, scope: Scope) -> Any:
    if isinstance(part, ast.Literal):
        return str(part.value)
    if isinstance(part, ast.TemplateIf):
        cond = evaluate(part.cond, scope)
        if isinstance(cond, Unknown):
            return cond
        return _eval_template_text(part.then if to_bool(cond) else part.other, scope)
    if isinstance(part, ast.TemplateFor):
        coll = materialize(evaluate(part.collection, scope))
        if isinstance(coll, Unknown):
            return coll
        if isinstance(coll, dict):
            pairs = sorted(coll.items())
        elif isinstance(coll, list):
            pairs = list(enumerate(coll))
        else:
            raise EvalError(f"cannot iterate over a {describe(coll)}")
        spend_items(len(pairs))
        chunks = []
        for key, value in pairs:
            symbols = {part.value_var: value}
            if part.key_var:
                symbols[part.key_var] = key
            chunk = _eval_template_text(part.body, scope.child(**symbols))
            if isinstance(chunk, Unknown):
                return chunk
            chunks.append(chunk)
        return _joined(chunks)
    value = evaluate(part, scope)
    if isinstance(value, Unknown):
        return value
    value = materialize(value)
    if isinstance(value, (list, dict)):
        raise EvalError(f"cannot interpolate a {describe(value)} into a string")
    return to_str(value)


def _eval_template_text(node: ast.Template, scope: Scope) -> Any:
    pieces = []
    for part in node.parts:
        value = _render_part(part, scope)
        if isinstance(value, Unknown):
            return value
        pieces.append(value)
    return _joined(pieces)


def render_template_file(text: str, variables: dict[str, Any], module_dir: str) -> Any:
    """``templatefile()``: the template sees only the given variables and functions."""

    def no_root(name: str) -> Any:
        raise EvalError(f"templatefile: unknown variable {name!r}")

    scope = Scope(no_root, symbols=variables, module_dir=module_dir)
    return _eval_template_text(ast.parse_template(text), scope)


# ----------------------------------------------------------------- calls


def _eval_call(node: ast.Call, scope: Scope) -> Any:
    if node.name == "try":
        last: Exception | None = None
        for arg in node.args:
            try:
                value = evaluate_plain(arg, scope)
            except EvalError as exc:
                last = exc
                continue
            return value
        raise EvalError(f"try(): no argument could be evaluated ({last})")
    if node.name == "can":
        if len(node.args) != 1:
            raise EvalError("can() takes exactly one argument")
        try:
            value = evaluate_plain(node.args[0], scope)
        except EvalError:
            return False
        return value if isinstance(value, Unknown) else True
    if node.name == "type":
        return Unknown("type() is not evaluated in HCL mode")
    args = [evaluate(a, scope) for a in node.args]
    if node.expand_last and args:
        last_arg = materialize(args.pop())
        if isinstance(last_arg, Unknown):
            return last_arg
        if not isinstance(last_arg, list):
            raise EvalError("the expanded argument (...) must be a list")
        args.extend(last_arg)
    return functions.call(node.name, args, module_dir=scope.module_dir)


_DISPATCH: dict[type, Callable[[Any, Scope], Any]] = {
    ast.Literal: _eval_literal,
    ast.Template: _eval_template,
    ast.Variable: _eval_variable,
    ast.GetAttr: _eval_getattr,
    ast.Index: _eval_index,
    ast.Splat: _eval_splat,
    ast.Call: _eval_call,
    ast.Unary: _eval_unary,
    ast.Binary: _eval_binary,
    ast.Conditional: _eval_conditional,
    ast.TupleCons: _eval_tuple,
    ast.ObjectCons: _eval_object,
    ast.ForExpr: _eval_for,
}

__all__ = [
    "EvalError",
    "RefTracker",
    "Scope",
    "UnknownFound",
    "evaluate",
    "evaluate_plain",
    "get_attr",
    "get_index",
    "is_number",
    "render_template_file",
]
