"""A tiny loader for the YAML subset action.yml uses (test-only; PyYAML is not a dependency).

Supports block mappings and sequences, ``|`` / ``>-`` block scalars, plain and quoted
scalars and comments. Scalars stay strings. Anything else raises ``ValueError`` so the
action file stays within what this harness (and every YAML parser) reads the same way.
"""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"^([A-Za-z0-9_.-]+):(?:\s+(.*)|\s*)$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scalar(text: str) -> str:
    text = text.strip()
    if text[:1] in ("'", '"'):
        q = text[0]
        end = text.rfind(q)
        if end <= 0:
            raise ValueError(f"unterminated quote: {text}")
        rest = text[end + 1:].strip()
        if rest and not rest.startswith("#"):
            raise ValueError(f"text after quoted scalar: {text}")
        inner = text[1:end]
        return inner.replace("''", "'") if q == "'" else inner.replace('\\"', '"')
    if text[:1] in ("[", "{", "&", "*", "!", "|", ">"):
        raise ValueError(f"unsupported YAML construct: {text}")
    text = re.split(r"\s#", text, maxsplit=1)[0].rstrip()
    if ": " in text:
        raise ValueError(f"': ' in a plain scalar (quote it): {text}")
    return text


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = text.replace("\t", "    ").splitlines()
        self.i = 0

    def _skip(self) -> None:
        while self.i < len(self.lines):
            s = self.lines[self.i].strip()
            if s and not s.startswith("#"):
                return
            self.i += 1

    def node(self, min_indent: int) -> Any:
        self._skip()
        if self.i >= len(self.lines):
            return None
        line = self.lines[self.i]
        ind = _indent(line)
        if ind < min_indent:
            return None
        if line.strip().startswith("-"):
            return self.seq(ind)
        return self.mapping(ind)

    def mapping(self, ind: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while True:
            self._skip()
            if self.i >= len(self.lines):
                return out
            line = self.lines[self.i]
            cur = _indent(line)
            if cur < ind or (cur == ind and line.strip().startswith("- ")):
                return out
            if cur > ind:
                raise ValueError(f"bad indentation at line {self.i + 1}: {line!r}")
            m = _KEY.match(line.strip())
            if not m:
                raise ValueError(f"expected 'key:' at line {self.i + 1}: {line!r}")
            self.i += 1
            if m.group(1) in out:
                raise ValueError(f"duplicate key {m.group(1)!r}")
            out[m.group(1)] = self.value(m.group(2) or "", ind)

    def value(self, rest: str, ind: int) -> Any:
        head = re.split(r"\s#", rest, maxsplit=1)[0].strip() if rest[:1] not in "'\"" else rest
        if head in ("|", "|-", ">", ">-"):
            return self.block(ind, head)
        if head == "":
            self._skip()
            if self.i < len(self.lines):
                nxt = self.lines[self.i]
                if _indent(nxt) > ind or (
                    _indent(nxt) == ind and nxt.strip().startswith("- ")
                ):
                    return self.node(ind)
            return None
        return _scalar(rest)

    def seq(self, ind: int) -> list[Any]:
        out: list[Any] = []
        while True:
            self._skip()
            if self.i >= len(self.lines):
                return out
            line = self.lines[self.i]
            if _indent(line) != ind or not line.strip().startswith("-"):
                return out
            content = line.strip()[1:].strip()
            if not content:
                self.i += 1
                out.append(self.node(ind + 1))
            elif _KEY.match(content):
                self.lines[self.i] = " " * (ind + 2) + content
                out.append(self.mapping(ind + 2))
            else:
                self.i += 1
                out.append(_scalar(content))

    def block(self, ind: int, style: str) -> str:
        raw: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip() and _indent(line) <= ind:
                break
            raw.append(line)
            self.i += 1
        while raw and not raw[-1].strip():
            raw.pop()
        if not raw:
            return ""
        base = min(_indent(x) for x in raw if x.strip())
        lines = [x[base:] if x.strip() else "" for x in raw]
        if style.startswith(">"):
            text = " ".join(x.strip() for x in lines if x.strip())
        else:
            text = "\n".join(lines)
        return text if style.endswith("-") else text + "\n"


def load(text: str) -> Any:
    """Parse ``text``; raise ``ValueError`` on anything outside the subset."""
    parser = _Parser(text)
    result = parser.node(0)
    parser._skip()
    if parser.i < len(parser.lines):
        raise ValueError(f"unparsed content at line {parser.i + 1}")
    return result
