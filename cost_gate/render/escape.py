"""Escaping of untrusted text for markdown (the PR comment), owned by the renderer.

Resource addresses, types, tag values and notes come from Terraform code that anyone can
change in a pull request. Printed raw into a markdown table they could break the table
(``|``, newlines), inject HTML (``<script>``, ``<img>``), forge links (``[x](http://...)``)
or notify people and teams (``@user``, ``@org/team``). :func:`escape_markdown_cell` makes
such text inert while keeping it readable.
"""

from __future__ import annotations

import re

# Zero-width space: placed after "@" so GitHub/GitLab/Bitbucket do not turn it into a mention.
_ZWSP = "\u200b"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
# Characters with a markdown meaning that a backslash escape neutralises.
_MD_SPECIAL = set("\\`*_[]{}()#+!~|$")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_markdown_cell(text: object, *, max_len: int | None = None) -> str:
    """Return ``text`` safe to print inside a markdown table cell (or inline prose).

    Newlines become spaces, control characters are dropped, HTML is entity-escaped,
    markdown punctuation is backslash-escaped (so ``|`` cannot end the cell and backticks
    cannot open code), and ``@`` is followed by a zero-width space so no one is mentioned.
    With ``max_len`` the *unescaped* text is shortened to that many characters plus "…".
    """
    s = "" if text is None else str(text)
    s = _NEWLINES.sub(" ", s)
    s = _CONTROL.sub("", s)
    if max_len is not None and len(s) > max_len:
        s = s[: max(max_len, 1)] + "…"
    out: list[str] = []
    for ch in s:
        if ch in _HTML:
            out.append(_HTML[ch])
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch == "@":
            out.append("@" + _ZWSP)
        else:
            out.append(ch)
    return "".join(out)
