"""``# cost-gate:ignore=ID[,ID...]`` comments, per resource block of a ``.tf`` file.

python-hcl2 drops comments, so the source text is scanned here: a block's range runs from its
``resource "TYPE" "NAME" {`` header to the brace that closes it (braces inside strings,
template interpolations, heredocs and comments do not count). A comment inside that range,
or in the run of comment lines right above the header, silences the ids it names for every
instance of the resource; ``all`` silences every recommendation and junk finding.
"""

from __future__ import annotations

import re

IGNORE = re.compile(r"cost-gate:ignore\s*=\s*([A-Za-z0-9_.:,\s-]+)")
RESOURCE_HEADER = re.compile(r'\s*resource\s+"([^"]+)"\s+"([^"]+)"')
_HEREDOC = re.compile(r"<<-?\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$")


def ignore_ids(comment: str) -> list[str]:
    """The ids a comment names (empty when it is not a cost-gate:ignore comment)."""
    match = IGNORE.search(comment)
    if not match:
        return []
    return [part.strip() for part in re.split(r"[,\s]+", match.group(1)) if part.strip()]


def resource_ignores(text: str) -> dict[str, tuple[str, ...]]:
    """``{"TYPE.NAME": ids}`` for the resource blocks of one file that carry ignore comments."""
    out: dict[str, list[str]] = {}
    depth = 0
    current: str | None = None
    above: list[str] = []  # ignore ids in the comment lines right above the next header
    heredoc: str | None = None
    lines = text.splitlines()
    state = BraceScanner()
    for line in lines:
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        if depth == 0 and current is None:
            header = RESOURCE_HEADER.match(line)
            if header:
                current = f"{header.group(1)}.{header.group(2)}"
                state.seen_brace = False
                if above:
                    out.setdefault(current, []).extend(above)
                above = []
            elif line.strip().startswith(("#", "//")):
                above.extend(ignore_ids(line))
            elif line.strip():
                above = []
        depth, comments, heredoc = state.scan(line, depth)
        if current is not None:
            for comment in comments:
                ids = ignore_ids(comment)
                if ids:
                    out.setdefault(current, []).extend(ids)
            if depth <= 0 and state.seen_brace:
                depth = 0
                current = None
    return {address: tuple(dict.fromkeys(ids)) for address, ids in out.items() if ids}


class BraceScanner:
    """Brace depth across lines, outside strings and comments (state kept between lines)."""

    def __init__(self) -> None:
        self.stack: list[str] = []  # "str" inside a string, "tpl" inside ${ } of a string
        self.block_comment = False
        self.seen_brace = False

    def scan(self, line: str, depth: int) -> tuple[int, list[str], str | None]:
        comments: list[str] = []
        i = 0
        n = len(line)
        while i < n:
            ch = line[i]
            if self.block_comment:
                end = line.find("*/", i)
                comments.append(line[i:] if end < 0 else line[i:end])
                if end < 0:
                    break
                self.block_comment = False
                i = end + 2
                continue
            if self.stack and self.stack[-1] == "str":
                if ch == "\\":
                    i += 2
                    continue
                if ch == '"':
                    self.stack.pop()
                elif ch in "$%" and line[i + 1:i + 2] == "{":
                    self.stack.append("tpl")
                    i += 2
                    continue
                i += 1
                continue
            # expression mode (top level or inside a template interpolation)
            if ch == '"':
                self.stack.append("str")
            elif ch == "#" or line.startswith("//", i):
                comments.append(line[i:])
                break
            elif line.startswith("/*", i):
                self.block_comment = True
                i += 2
                continue
            elif ch == "{":
                if self.stack:
                    self.stack.append("tpl")
                else:
                    depth += 1
                    self.seen_brace = True
            elif ch == "}":
                if self.stack:
                    self.stack.pop()
                else:
                    depth -= 1
            elif ch == "<" and not self.stack:
                heredoc = _HEREDOC.match(line, i) if line.startswith("<<", i) else None
                if heredoc:
                    return depth, comments, heredoc.group(1)
            i += 1
        return depth, comments, None
