"""Where things are defined in a ``.tf`` file, as ``file:line``, for diagnostics.

python-hcl2 keeps no source positions, so the text is scanned (with the brace scanner of
:mod:`.comments`): a block header at depth 0 opens a definition, and ``NAME =`` or
``NAME {`` lines right inside it locate its arguments and nested blocks. Keys:

- ``local.NAME``, ``var.NAME``, ``output.NAME``, ``module.NAME``, ``TYPE.NAME`` (resources)
- ``TYPE.NAME.ARG``, ``module.NAME.ARG``, ``var.NAME.ARG`` (an argument inside the block)
"""

from __future__ import annotations

import re

from .comments import RESOURCE_HEADER, BraceScanner

_LABELLED = re.compile(r'\s*(variable|output|module)\s+"([^"]+)"')
_LOCALS = re.compile(r"\s*locals\s*\{")
_ARGUMENT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_-]*)\s*(=(?!=)|\{)")


def definition_lines(text: str, filename: str) -> dict[str, str]:
    """``{key: "file:line"}`` for the definitions of one HCL file (see the module docstring)."""
    out: dict[str, str] = {}
    depth = 0
    block: str | None = None  # key prefix of the open top-level block ("" for locals)
    heredoc: str | None = None
    scanner = BraceScanner()
    for number, line in enumerate(text.splitlines(), start=1):
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        where = f"{filename}:{number}"
        if depth == 0:
            opened = _open_block(line)
            if opened is not None:
                block = opened
                if opened:
                    out.setdefault(opened, where)
        elif depth == 1 and block is not None:
            argument = _ARGUMENT.match(line)
            if argument:
                key = f"local.{argument.group(1)}" if block == "" else \
                    f"{block}.{argument.group(1)}"
                out.setdefault(key, where)
        depth, _comments, heredoc = scanner.scan(line, depth)
        if depth <= 0:
            depth = 0
            if scanner.seen_brace:
                block = None
                scanner.seen_brace = False
    return out


def _open_block(line: str) -> str | None:
    resource = RESOURCE_HEADER.match(line)
    if resource:
        return f"{resource.group(1)}.{resource.group(2)}"
    labelled = _LABELLED.match(line)
    if labelled:
        kind = {"variable": "var"}.get(labelled.group(1), labelled.group(1))
        return f"{kind}.{labelled.group(2)}"
    if _LOCALS.match(line):
        return ""
    return None
