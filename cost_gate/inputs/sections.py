"""Read a JSON object section by section: the standard library's decoder on a sliding window.

A plan of 100,000 resources is about 670 MB of JSON, and decoded whole it takes some 2.7 GB
of Python objects, most of them in sections no price depends on (``planned_values``,
``prior_state``). This reader walks the top levels of the document itself and hands each
element of the big arrays to the standard decoder (``raw_decode``, C speed) one at a time, so
each element can be reduced — packed, or dropped — before the next one is read. The text is
read in chunks; only the part not consumed yet is held.

What to do where is a small schema: :data:`KEEP` a value as decoded, :data:`DROP` it (its key
stays, with ``None``), pass :class:`Each` element of an array through a function, or walk the
:class:`Fields` of an object with a schema per key. A value of another shape than its schema
expects (an object where an array was expected) is kept as decoded, for the caller's own
checks to name.

(ijson, the usual streaming decoder, took 1.2x a whole ``json.load`` per pass with its C
backend here and builds one path per pass; a plan needs several.)
"""

from __future__ import annotations

import codecs
import itertools
import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from cost_gate.errors import InputError
from cost_gate.limits import MAX_DOCUMENT_BYTES, MAX_JSON_DEPTH

#: Bytes read at a time.
CHUNK_BYTES = 4 << 20
#: A value decoded this close to the end of the text read so far may be cut short (a number,
#: ``1e`` of ``1e5``): it is decoded again with more text.
_MARGIN = 64
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class Schema:
    """What the reader does with a value."""


class _Keep(Schema):
    def __repr__(self) -> str:
        return "KEEP"


class _Drop(Schema):
    def __repr__(self) -> str:
        return "DROP"


#: The value as decoded.
KEEP: Schema = _Keep()
#: Nothing: read past it (its key stays in the object, with ``None``).
DROP: Schema = _Drop()


@dataclass(frozen=True, eq=False)
class Each(Schema):
    """An array: each element is decoded and given to ``item(value, index, finite)``
    (``finite``: no overflowed number in it); the list holds what it returns, except
    ``None``. A :class:`Schema` instead of a function walks each element with it."""

    item: Callable[[Any, int, bool], Any] | Schema


@dataclass(frozen=True, eq=False)
class Fields(Schema):
    """An object: the value of each key listed is read with its schema, any other with
    ``other``. ``fields`` may be filled after creation (a schema can refer to itself)."""

    fields: dict[str, Schema] = field(default_factory=dict)
    other: Schema = KEEP


@dataclass(frozen=True, eq=False)
class Values(Schema):
    """An object whose every value is read with ``value``."""

    value: Schema


class _Window:
    """The decoded text of a byte stream, read on demand; ``pos`` is the next character."""

    def __init__(self, head: bytes, stream: IO[bytes], name: str, limit: int):
        self.stream, self.name, self.limit = stream, name, limit
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        self.read_bytes = len(head)
        self.text = self._utf8.decode(head)
        self.pos = 0
        self.eof = False
        self._chunk = CHUNK_BYTES
        # where text[0] is in the document: newlines before it, and where its line starts
        self._lines = 0
        self._line_start = 0
        self._dropped = 0

    def more(self) -> bool:
        """Read another chunk (dropping the text already consumed); False at the end."""
        if self.eof:
            return False
        chunk = self.stream.read(self._chunk)
        self.read_bytes += len(chunk)
        if self.read_bytes > self.limit:
            raise InputError(f"{self.name}: over the {self.limit:,}-byte limit")
        if self.pos > len(self.text) // 2:
            self._forget(self.pos)
        if not chunk:
            self.eof = True
            tail = self._utf8.decode(b"", final=True)
            self.text += tail
            return bool(tail)
        self.text += self._utf8.decode(chunk)
        if len(self.text) - self.pos > MAX_DOCUMENT_BYTES:
            raise InputError(f"{self.name}: one JSON value of over {MAX_DOCUMENT_BYTES:,} "
                             "characters; not read")
        # a value longer than the window: read in bigger steps (linear, not quadratic, copying)
        self._chunk = max(self._chunk, len(self.text) - self.pos)
        return True

    def _forget(self, upto: int) -> None:
        consumed = self.text[:upto]
        newlines = consumed.count("\n")
        if newlines:
            self._lines += newlines
            self._line_start = self._dropped + consumed.rfind("\n") + 1
        self._dropped += upto
        self.text = self.text[upto:]
        self.pos -= upto

    def peek(self) -> str:
        """The next non-whitespace character ("" at the end of the document)."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def where(self, pos: int) -> tuple[int, int]:
        """(line, column), 1-based, of window position ``pos``."""
        newlines = self.text.count("\n", 0, pos)
        if newlines:
            return self._lines + newlines + 1, pos - self.text.rfind("\n", 0, pos)
        return self._lines + 1, self._dropped + pos - self._line_start + 1

    def error(self, message: str, pos: int | None = None) -> InputError:
        pos = self.pos if pos is None else pos
        line, column = self.where(pos)
        # an unterminated string means the text ended inside it
        if self.eof and (pos >= len(self.text.rstrip()) - 1
                         or message.startswith("Unterminated string")):
            return InputError(f"{self.name}: JSON ends unexpectedly at line {line} "
                              "(truncated file?)")
        return InputError(f"{self.name}: not valid JSON (line {line}, column {column}: "
                          f"{message})")


class SectionReader:
    """Reads one JSON object from ``head`` + ``stream`` as ``schema`` says.

    ``decoder``: the :class:`json.JSONDecoder` for each value (its number hooks);
    ``finite()`` answers whether no overflowed number was decoded so far.
    """

    def __init__(self, head: bytes, stream: IO[bytes], name: str, limit: int,
                 decoder: json.JSONDecoder, non_finite: list[Any]):
        self.window = _Window(head, stream, name, limit)
        self._decode = decoder.raw_decode
        self._non_finite = non_finite

    def document(self, schema: Fields) -> dict[str, Any]:
        window = self.window
        if window.peek() != "{":
            raise window.error("Expecting value")
        doc = self._object(schema, 1)
        if window.peek():
            raise window.error("Extra data")
        return doc

    # -- values -------------------------------------------------------------------------------

    def _read(self, schema: Schema, depth: int) -> Any:
        if depth >= MAX_JSON_DEPTH:  # a schema that refers to itself walks as deep as the text
            raise InputError(f"{self.window.name}: JSON nested deeper than {MAX_JSON_DEPTH} "
                             "levels; not a Terraform plan or state")
        char = self.window.peek()
        if isinstance(schema, Fields | Values) and char == "{":
            return self._object(schema, depth + 1)
        if isinstance(schema, Each) and char == "[":
            return self._array(schema, depth + 1)
        value = self._value(depth)
        return None if schema is DROP else value

    def _value(self, depth: int) -> Any:
        """The next value, decoded whole."""
        window = self.window
        if not window.peek():
            raise window.error("Expecting value")
        while True:
            start = window.pos
            try:
                value, end = self._decode(window.text, start)
            except json.JSONDecodeError as exc:
                cut = exc.pos >= len(window.text) - _MARGIN or exc.msg.startswith(
                    "Unterminated string")
                if cut and not window.eof:
                    window.more()  # may move the text: decoded again from window.pos
                    continue
                raise window.error(exc.msg, exc.pos) from None
            except RecursionError:
                raise InputError(f"{window.name}: JSON nested too deeply") from None
            except ValueError as exc:  # the decoder's hooks: NaN / Infinity are not JSON
                raise InputError(f"{window.name}: not valid JSON ({exc})") from None
            if end > len(window.text) - _MARGIN and not window.eof:
                window.more()  # decoded again with what follows: it may have been cut short
                continue
            break
        text, limit = window.text, MAX_JSON_DEPTH - depth
        if text.count("[", start, end) + text.count("{", start, end) > limit and _too_deep(
                text, start, end, limit):
            raise InputError(f"{window.name}: JSON nested deeper than {MAX_JSON_DEPTH} levels; "
                             "not a Terraform plan or state")
        window.pos = end
        return value

    def _object(self, schema: Fields | Values, depth: int) -> dict[str, Any]:
        window = self.window
        window.pos += 1  # "{"
        out: dict[str, Any] = {}
        if window.peek() == "}":
            window.pos += 1
            return out
        while True:
            if window.peek() != '"':
                raise window.error("Expecting property name enclosed in double quotes")
            key = self._value(depth)
            if window.peek() != ":":
                raise window.error("Expecting ':' delimiter")
            window.pos += 1
            if isinstance(schema, Fields):
                out[key] = self._read(schema.fields.get(key, schema.other), depth)
            else:
                out[key] = self._read(schema.value, depth)
            if self._closed("}"):
                return out

    def _array(self, schema: Each, depth: int) -> list[Any]:
        window = self.window
        window.pos += 1  # "["
        out: list[Any] = []
        if window.peek() == "]":
            window.pos += 1
            return out
        index = 0
        item = schema.item
        while True:
            if isinstance(item, Schema):
                value = self._read(item, depth)
            else:
                seen = len(self._non_finite)
                value = item(self._value(depth), index, len(self._non_finite) == seen)
            if value is not None:
                out.append(value)
            index += 1
            if self._closed("]"):
                return out

    def _closed(self, close: str) -> bool:
        """After a member: True past the container's closing ``close``, False past a comma."""
        window = self.window
        char = window.peek()
        if char != close and char != ",":
            raise window.error("Expecting ',' delimiter")
        window.pos += 1
        return char == close


def _too_deep(text: str, start: int, end: int, limit: int) -> bool:
    return exceeds_depth(text[start:end], max(limit, 0))


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_ONE_KIND = bytes.maketrans(b"{}", b"[]")  # depth does not care which kind of bracket
# opening bracket -> 2, closing -> 0: a running sum minus the position is the depth
_STEP = bytes.maketrans(b"[]", b"\x02\x00")


def exceeds_depth(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays/objects in the JSON ``text`` nest deeper than ``limit``.

    Runs at C speed on large documents (a few ms for a 5 MB plan): everything but brackets
    is dropped and the deepest point of the running bracket count is found with C
    iterators. Brackets inside strings can only fool this quick pass into "too deep", so
    that answer is confirmed with the strings cut out.
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    if _max_depth(text) <= limit:
        return False
    return _max_depth(_STRING.sub("", text)) > limit


def _max_depth(text: str) -> int:
    """The deepest bracket nesting, counting brackets only (string contents included)."""
    brackets = text.encode("utf-8", "replace").translate(_ONE_KIND, _NOT_BRACKETS)
    # Fast path for ordinary documents: strip innermost pairs level by level while that
    # shrinks the text a lot; a document that resists (deep and narrow) is counted instead.
    rounds = 0
    while brackets and rounds <= MAX_JSON_DEPTH:
        reduced = brackets.replace(b"[]", b"")
        if reduced == brackets:
            break  # only unmatched brackets remain: json.loads will say what is wrong
        rounds += 1
        if len(reduced) > len(brackets) * 0.9:
            steps = brackets.translate(_STEP)
            deepest = max(map(operator.sub, itertools.accumulate(steps),
                              range(1, len(steps) + 1)))
            return rounds - 1 + deepest
        brackets = reduced
    return rounds
