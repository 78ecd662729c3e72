"""HCL expression syntax: a lazy lexer and a recursive-descent parser producing a small AST.

python-hcl2 gives us the structure of a file (blocks and attributes); each attribute value
that is an expression comes back as source text. This module turns that text into nodes
that :mod:`.evaluator` walks. Quoted strings are templates (``${...}`` interpolation and
``%{if}``/``%{for}`` directives) and are parsed in place by the same lexer.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from cost_gate import limits


class HclSyntaxError(Exception):
    """The expression text is not valid (or not supported) HCL syntax."""


_NESTING = threading.local()


def _enter() -> None:
    """One level deeper into an expression; refuse past limits.MAX_EXPRESSION_DEPTH (parentheses,
    calls, objects, tuples, ``for``, templates and unary chains all count)."""
    depth = getattr(_NESTING, "depth", 0) + 1
    if depth > limits.MAX_EXPRESSION_DEPTH:
        raise HclSyntaxError(f"expression nested deeper than {limits.MAX_EXPRESSION_DEPTH} levels")
    _NESTING.depth = depth


def _leave() -> None:
    _NESTING.depth -= 1


# --------------------------------------------------------------------------- AST


@dataclass(frozen=True)
class Node:
    pass


@dataclass(frozen=True)
class Literal(Node):
    value: Any


@dataclass(frozen=True)
class Template(Node):
    """A quoted string or heredoc: literal text, interpolations and directives."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class TemplateIf(Node):
    cond: Node
    then: Template
    other: Template


@dataclass(frozen=True)
class TemplateFor(Node):
    key_var: str | None
    value_var: str
    collection: Node
    body: Template


@dataclass(frozen=True)
class Variable(Node):
    """A root name such as ``var``, ``local``, ``aws_instance`` or a for-expression symbol."""

    name: str


@dataclass(frozen=True)
class GetAttr(Node):
    obj: Node
    name: str


@dataclass(frozen=True)
class Index(Node):
    obj: Node
    key: Node


@dataclass(frozen=True)
class Splat(Node):
    """``source[*].a.b`` (full) or ``source.*.a`` (attribute-only) splat."""

    source: Node
    # traversal applied to each element: ("attr", name) or ("index", Node)
    steps: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]
    expand_last: bool = False


@dataclass(frozen=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Conditional(Node):
    cond: Node
    then: Node
    other: Node


@dataclass(frozen=True)
class TupleCons(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class ObjectCons(Node):
    # keys: a bare identifier key becomes Literal(name)
    items: tuple[tuple[Node, Node], ...]


@dataclass(frozen=True)
class ForExpr(Node):
    key_var: str | None
    value_var: str
    collection: Node
    value: Node
    key: Node | None = None  # set for object-producing ``{for ...}``
    cond: Node | None = None
    grouping: bool = False


# --------------------------------------------------------------------------- lexer


@dataclass
class Token:
    kind: str  # "num", "ident", "op", "template", "eof"
    value: Any
    start: int
    end: int
    extra: dict = field(default_factory=dict)


_OPERATORS = (
    "...", "=>", "==", "!=", "<=", ">=", "&&", "||",
    "+", "-", "*", "/", "%", "<", ">", "!", "?", ":", ".", ",",
    "(", ")", "[", "]", "{", "}", "=", "~",
)  # fmt: skip

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


_QUOTED_HEREDOC = re.compile(r'"<<-?[A-Za-z_][\w-]*\r?\n')


def _is_ident_start(ch: str) -> bool:
    return ch.isalpha() or ch == "_"


def _is_ident_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


class Parser:
    """Parse one expression starting at ``pos`` in ``text``; lexes lazily on demand."""

    def __init__(self, text: str, pos: int = 0):
        self.text = text
        self.pos = pos
        self._peeked: Token | None = None

    # ---- lexing
    def _skip_space(self, pos: int) -> int:
        text = self.text
        n = len(text)
        while pos < n:
            ch = text[pos]
            if ch in " \t\r\n":
                pos += 1
            elif ch == "#" or text.startswith("//", pos):
                end = text.find("\n", pos)
                pos = n if end < 0 else end + 1
            elif text.startswith("/*", pos):
                end = text.find("*/", pos + 2)
                if end < 0:
                    raise HclSyntaxError("unterminated comment")
                pos = end + 2
            else:
                break
        return pos

    def _lex(self, pos: int) -> Token:
        text = self.text
        pos = self._skip_space(pos)
        if pos >= len(text):
            return Token("eof", None, pos, pos)
        ch = text[pos]
        if ch.isdigit():
            end = pos
            while end < len(text) and text[end].isdigit():
                end += 1
            is_float = False
            if end + 1 < len(text) and text[end] == "." and text[end + 1].isdigit():
                is_float = True
                end += 1
                while end < len(text) and text[end].isdigit():
                    end += 1
            if end < len(text) and text[end] in "eE":
                exp = end + 1
                if exp < len(text) and text[exp] in "+-":
                    exp += 1
                if exp < len(text) and text[exp].isdigit():
                    is_float = True
                    end = exp
                    while end < len(text) and text[end].isdigit():
                        end += 1
            raw = text[pos:end]
            if len(raw) > limits.MAX_NUMBER_DIGITS:
                raise HclSyntaxError(f"number literal with {len(raw)} characters is too long")
            value: Any = float(raw) if is_float else int(raw)
            if is_float and value - value != 0:
                raise HclSyntaxError(f"number {raw} is out of range")
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            return Token("num", value, pos, end)
        if _is_ident_start(ch):
            end = pos + 1
            while end < len(text) and _is_ident_char(text[end]):
                end += 1
            return Token("ident", text[pos:end], pos, end)
        if ch == '"' and _QUOTED_HEREDOC.match(text, pos):
            # python-hcl2 (preserve_heredocs) serialises a heredoc as "<<EOT ... EOT"
            return self._lex_heredoc(pos + 1, quoted=True)
        if ch == '"':
            template, end = _parse_template(text, pos + 1, terminator='"')
            return Token("template", template, pos, end)
        if text.startswith("<<", pos):
            return self._lex_heredoc(pos)
        for op in _OPERATORS:
            if text.startswith(op, pos):
                return Token("op", op, pos, pos + len(op))
        raise HclSyntaxError(f"unexpected character {ch!r}")

    def _lex_heredoc(self, pos: int, quoted: bool = False) -> Token:
        text = self.text
        start = pos + 2
        strip = text.startswith("-", start)
        if strip:
            start += 1
        nl = text.find("\n", start)
        if nl < 0:
            raise HclSyntaxError("unterminated heredoc")
        marker = text[start:nl].strip()
        lines = []
        cursor = nl + 1
        while True:
            line_end = text.find("\n", cursor)
            line = text[cursor:] if line_end < 0 else text[cursor:line_end]
            closing = line.strip()
            if closing == marker or (quoted and closing.startswith(marker + '"')):
                end = len(text) if line_end < 0 else line_end
                if quoted:
                    end = cursor + line.index(marker) + len(marker) + 1
                break
            lines.append(line)
            if line_end < 0:
                raise HclSyntaxError(f"heredoc {marker} is not closed")
            cursor = line_end + 1
        if strip:
            indents = [len(ln) - len(ln.lstrip(" \t")) for ln in lines if ln.strip()]
            cut = min(indents, default=0)
            lines = [ln[cut:] for ln in lines]
        body = "".join(ln + "\n" for ln in lines)
        template, _ = _parse_template(body, 0, terminator=None, escapes=False)
        return Token("template", template, pos, end)

    def peek(self) -> Token:
        if self._peeked is None:
            self._peeked = self._lex(self.pos)
        return self._peeked

    def next(self) -> Token:
        tok = self.peek()
        self._peeked = None
        self.pos = tok.end
        return tok

    def at_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.value in ops

    def at_ident(self, *names: str) -> bool:
        tok = self.peek()
        return tok.kind == "ident" and tok.value in names

    def expect_op(self, op: str) -> Token:
        tok = self.next()
        if tok.kind != "op" or tok.value != op:
            found = "end of expression" if tok.kind == "eof" else repr(tok.value)
            raise HclSyntaxError(f"expected {op!r}, found {found}")
        return tok

    def expect_ident(self) -> str:
        tok = self.next()
        if tok.kind != "ident":
            raise HclSyntaxError(f"expected a name, found {tok.value!r}")
        return tok.value

    # ---- grammar
    def parse_expression(self) -> Node:
        _enter()
        try:
            cond = self._parse_binary(0)
            if self.at_op("?"):
                self.next()
                then = self.parse_expression()
                self.expect_op(":")
                other = self.parse_expression()
                return Conditional(cond, then, other)
            return cond
        finally:
            _leave()

    _LEVELS: tuple[tuple[str, ...], ...] = (
        ("||",),
        ("&&",),
        ("==", "!="),
        ("<", ">", "<=", ">="),
        ("+", "-"),
        ("*", "/", "%"),
    )

    def _parse_binary(self, level: int) -> Node:
        if level == len(self._LEVELS):
            return self._parse_unary()
        left = self._parse_binary(level + 1)
        ops = self._LEVELS[level]
        while self.at_op(*ops):
            op = self.next().value
            right = self._parse_binary(level + 1)
            left = Binary(op, left, right)
        return left

    def _parse_unary(self) -> Node:
        if self.at_op("!", "-"):
            op = self.next().value
            _enter()
            try:
                return Unary(op, self._parse_unary())
            finally:
                _leave()
        return self._parse_postfix(self._parse_primary())

    def _parse_postfix(self, node: Node) -> Node:
        chain = 0
        while True:
            chain += 1
            if chain > limits.MAX_EXPRESSION_DEPTH * 4:  # a.b[0].c...: each step nests the tree
                raise HclSyntaxError(f"traversal longer than {limits.MAX_EXPRESSION_DEPTH * 4} steps")
            if self.at_op("."):
                self.next()
                tok = self.peek()
                if tok.kind == "op" and tok.value == "*":
                    self.next()
                    steps: list[tuple[str, Any]] = []
                    while self.at_op(".") and self._peek_after_dot_is_name():
                        self.next()
                        steps.append(("attr", self.expect_ident()))
                    node = Splat(node, tuple(steps))
                elif tok.kind == "num":  # legacy index syntax: list.0
                    self.next()
                    node = Index(node, Literal(tok.value))
                else:
                    node = GetAttr(node, self.expect_ident())
            elif self.at_op("["):
                self.next()
                if self.at_op("*"):
                    self.next()
                    self.expect_op("]")
                    node = Splat(node, tuple(self._parse_splat_steps()))
                else:
                    key = self.parse_expression()
                    self.expect_op("]")
                    node = Index(node, key)
            else:
                return node

    def _peek_after_dot_is_name(self) -> bool:
        tok = self._lex(self.peek().end)
        return tok.kind == "ident"

    def _parse_splat_steps(self) -> list[tuple[str, Any]]:
        steps: list[tuple[str, Any]] = []
        while True:
            if self.at_op("."):
                self.next()
                steps.append(("attr", self.expect_ident()))
            elif self.at_op("["):
                self.next()
                key = self.parse_expression()
                self.expect_op("]")
                steps.append(("index", key))
            else:
                return steps

    def _parse_primary(self) -> Node:
        tok = self.next()
        if tok.kind == "num":
            return Literal(tok.value)
        if tok.kind == "template":
            return tok.value
        if tok.kind == "ident":
            name = tok.value
            if name == "true":
                return Literal(True)
            if name == "false":
                return Literal(False)
            if name == "null":
                return Literal(None)
            if self.at_op("("):
                return self._parse_call(name)
            if self.at_op(":") and self.text.startswith("::", self.peek().start):
                # provider-namespaced function: provider::aws::arn_parse(...)
                raise HclSyntaxError(f"provider function {name}:: is not supported")
            return Variable(name)
        if tok.kind == "op":
            if tok.value == "(":
                inner = self.parse_expression()
                self.expect_op(")")
                return inner
            if tok.value == "[":
                return self._parse_tuple()
            if tok.value == "{":
                return self._parse_object()
        if tok.kind == "eof":
            raise HclSyntaxError("unexpected end of expression")
        raise HclSyntaxError(f"unexpected {tok.value!r}")

    def _parse_call(self, name: str) -> Node:
        self.expect_op("(")
        args: list[Node] = []
        expand = False
        while not self.at_op(")"):
            args.append(self.parse_expression())
            if self.at_op("..."):
                self.next()
                expand = True
            if self.at_op(","):
                self.next()
            elif not self.at_op(")"):
                raise HclSyntaxError(f"expected ',' or ')' in call to {name}")
        self.expect_op(")")
        return Call(name, tuple(args), expand)

    def _parse_for_header(self) -> tuple[str | None, str, Node]:
        first = self.expect_ident()
        second = None
        if self.at_op(","):
            self.next()
            second = self.expect_ident()
        if not self.at_ident("in"):
            raise HclSyntaxError("expected 'in' in for expression")
        self.next()
        collection = self.parse_expression()
        self.expect_op(":")
        if second is None:
            return None, first, collection
        return first, second, collection

    def _parse_tuple(self) -> Node:
        if self.at_ident("for"):
            self.next()
            key_var, value_var, coll = self._parse_for_header()
            value = self.parse_expression()
            cond = self._parse_for_cond()
            self.expect_op("]")
            return ForExpr(key_var, value_var, coll, value, None, cond)
        items: list[Node] = []
        while not self.at_op("]"):
            items.append(self.parse_expression())
            if self.at_op(","):
                self.next()
            elif not self.at_op("]"):
                raise HclSyntaxError("expected ',' or ']' in list")
        self.expect_op("]")
        return TupleCons(tuple(items))

    def _parse_for_cond(self) -> Node | None:
        if self.at_ident("if"):
            self.next()
            return self.parse_expression()
        return None

    def _parse_object(self) -> Node:
        if self.at_ident("for"):
            self.next()
            key_var, value_var, coll = self._parse_for_header()
            key = self.parse_expression()
            self.expect_op("=>")
            value = self.parse_expression()
            grouping = False
            if self.at_op("..."):
                self.next()
                grouping = True
            cond = self._parse_for_cond()
            self.expect_op("}")
            return ForExpr(key_var, value_var, coll, value, key, cond, grouping)
        items: list[tuple[Node, Node]] = []
        while not self.at_op("}"):
            tok = self.peek()
            key: Node
            if tok.kind == "ident" and self._lex(tok.end).value in ("=", ":"):
                self.next()
                key = Literal(tok.value)
            else:
                key = self.parse_expression()
            if not self.at_op("=", ":"):
                raise HclSyntaxError("expected '=' after object key")
            self.next()
            value = self.parse_expression()
            items.append((key, value))
            if self.at_op(","):
                self.next()
        self.expect_op("}")
        return ObjectCons(tuple(items))


# --------------------------------------------------------------------------- templates


def _parse_template(
    text: str, pos: int, *, terminator: str | None, escapes: bool = True
) -> tuple[Template, int]:
    """Parse template text from ``pos`` up to ``terminator`` (or end); return (node, end)."""
    items: list[Any] = []  # str | Node | ("if", Node) | ("else",) | ("endif",) | ...
    buf: list[str] = []
    n = len(text)
    i = pos

    def flush() -> None:
        if buf:
            items.append("".join(buf))
            buf.clear()

    while True:
        if i >= n:
            if terminator is not None:
                raise HclSyntaxError("unterminated string")
            break
        ch = text[i]
        if terminator is not None and ch == terminator:
            i += 1
            break
        if ch == "\n" and terminator is not None:
            raise HclSyntaxError("newline in quoted string")
        if escapes and ch == "\\":
            i = _read_escape(text, i, buf)
            continue
        if text.startswith("$${", i) or text.startswith("%%{", i):
            buf.append(text[i + 1 : i + 3])
            i += 3
            continue
        if text.startswith("${", i) or text.startswith("%{", i):
            flush()
            is_directive = ch == "%"
            i += 2
            strip_left = text.startswith("~", i)
            if strip_left:
                i += 1
                _strip_trailing(items)
            if is_directive:
                item, i = _parse_directive(text, i)
            else:
                sub = Parser(text, i)
                item = sub.parse_expression()
                i = sub.pos
            i, strip_right = _close_interp(text, i)
            items.append(item)
            if strip_right:
                items.append(("strip",))
            continue
        if items and items[-1] == ("strip",):
            if ch in " \t\r\n":
                i += 1
                continue
            items.pop()
        buf.append(ch)
        i += 1
    flush()
    items = [it for it in items if it != ("strip",)]
    return _build_template(items), i


def _read_escape(text: str, i: int, buf: list[str]) -> int:
    nxt = text[i + 1 : i + 2]
    if nxt in _ESCAPES:
        buf.append(_ESCAPES[nxt])
        return i + 2
    if nxt in ("u", "U"):
        width = 4 if nxt == "u" else 8
        digits = text[i + 2 : i + 2 + width]
        try:
            buf.append(chr(int(digits, 16)))
        except ValueError as exc:
            raise HclSyntaxError(f"invalid escape \\{nxt}{digits}") from exc
        return i + 2 + width
    raise HclSyntaxError(f"invalid escape sequence \\{nxt}")


def _strip_trailing(items: list[Any]) -> None:
    if items and isinstance(items[-1], str):
        items[-1] = items[-1].rstrip(" \t\r\n")


def _close_interp(text: str, i: int) -> tuple[int, bool]:
    sub = Parser(text, i)
    tok = sub.next()
    strip = False
    if tok.kind == "op" and tok.value == "~":
        strip = True
        tok = sub.next()
    if tok.kind != "op" or tok.value != "}":
        raise HclSyntaxError("expected '}' to close template interpolation")
    return tok.end, strip


def _parse_directive(text: str, i: int) -> tuple[Any, int]:
    sub = Parser(text, i)
    word = sub.expect_ident()
    if word == "if":
        return ("if", sub.parse_expression()), sub.pos
    if word in ("else", "endif", "endfor"):
        return (word,), sub.pos
    if word == "for":
        first = sub.expect_ident()
        second = None
        if sub.at_op(","):
            sub.next()
            second = sub.expect_ident()
        if not sub.at_ident("in"):
            raise HclSyntaxError("expected 'in' in template for directive")
        sub.next()
        coll = sub.parse_expression()
        if second is None:
            return ("for", None, first, coll), sub.pos
        return ("for", first, second, coll), sub.pos
    raise HclSyntaxError(f"unknown template directive {word!r}")


def _build_template(items: list[Any]) -> Template:
    """Nest flat if/else/endif and for/endfor markers into TemplateIf/TemplateFor nodes."""
    pos = 0

    def block(stop: tuple[str, ...]) -> tuple[Template, str | None]:
        nonlocal pos
        parts: list[Node] = []
        while pos < len(items):
            item = items[pos]
            pos += 1
            if isinstance(item, str):
                parts.append(Literal(item))
            elif isinstance(item, Node):
                parts.append(item)
            elif item[0] in stop:
                return Template(tuple(parts)), item[0]
            elif item[0] == "if":
                then, ended = block(("else", "endif"))
                other = Template(())
                if ended == "else":
                    other, ended = block(("endif",))
                if ended != "endif":
                    raise HclSyntaxError("%{if} without %{endif}")
                parts.append(TemplateIf(item[1], then, other))
            elif item[0] == "for":
                body, ended = block(("endfor",))
                if ended != "endfor":
                    raise HclSyntaxError("%{for} without %{endfor}")
                parts.append(TemplateFor(item[1], item[2], item[3], body))
            else:
                raise HclSyntaxError(f"unexpected %{{{item[0]}}}")
        return Template(tuple(parts)), None

    tmpl, ended = block(())
    if ended is not None:
        raise HclSyntaxError(f"unexpected %{{{ended}}}")
    return tmpl


# --------------------------------------------------------------------------- entry points


def parse_expression(text: str) -> Node:
    """Parse a complete expression; raise :class:`HclSyntaxError` on trailing input."""
    parser = Parser(text)
    node = parser.parse_expression()
    tok = parser.peek()
    if tok.kind != "eof":
        raise HclSyntaxError(f"unexpected {tok.value!r} after expression")
    return node


def parse_template(text: str) -> Template:
    """Parse bare template text (e.g. the contents of a ``templatefile``)."""
    node, _ = _parse_template(text, 0, terminator=None)
    return node


def parse_hcl2_value(value: str) -> Node:
    """Parse a string value as serialised by python-hcl2.

    ``"..."`` is a quoted template, ``${...}`` a wrapped expression, anything else a bare
    expression (python-hcl2 leaves e.g. ``type = string`` unwrapped).
    """
    if value.startswith("${") and value.endswith("}"):
        return parse_expression(value[2:-1])
    return parse_expression(value)


def traversal_name(node: Node) -> str | None:
    """``aws.west`` for a static traversal node, else None (used for provider references)."""
    if isinstance(node, Variable):
        return node.name
    if isinstance(node, GetAttr):
        base = traversal_name(node.obj)
        return None if base is None else f"{base}.{node.name}"
    if isinstance(node, Template) and len(node.parts) == 1 and isinstance(node.parts[0], Literal):
        return str(node.parts[0].value)
    return None
