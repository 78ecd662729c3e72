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
#: The most characters of one untrusted string (an address, a type, a note, a tag) that a
#: renderer shows; longer text is cut with "…", so output size and time stay linear in the
#: number of resources whatever the strings.
MAX_TEXT = 1000
# Characters that move or hide text rather than show it: C0/C1 controls, line and paragraph
# separators, bidi embeddings/overrides/isolates and marks (a "Trojan Source" address reads
# differently than it is), zero-width characters and the BOM, soft hyphen; lone surrogates
# (unencodable anywhere).
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]+")
_SPACES = re.compile(r"\s{2,}")
# Bare URLs that GitHub/GitLab autolink.
_AUTOLINK = re.compile(r"(?i)(://|www\.)")


def plain_text(text: object, max_len: int = MAX_TEXT) -> str:
    """One line of untrusted text, safe to show in a terminal or a comment: hidden and
    control characters (newlines, escapes, bidi overrides, zero-width) become a space, runs of
    spaces become one (leading indentation is kept), and text beyond ``max_len`` characters is
    cut with "…". Linear in ``max_len`` whatever the input's size."""
    s = "" if text is None else str(text)
    cut = len(s) > max_len * 4 + 64
    if cut:  # only a bounded prefix is ever examined
        s = s[: max_len * 4 + 64]
    if not s.isprintable() or "  " in s:
        indent = len(s) - len(s.lstrip(" "))
        s = " " * indent + _SPACES.sub(" ", _HIDDEN.sub(" ", s[indent:]))
    if len(s) > max_len or cut:
        s = s[:max_len].rstrip() + "…"
    return s
# Characters with a markdown meaning that a backslash escape neutralises.
_MD_SPECIAL = set("\\`*_[]{}()#+!~|$")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_markdown_cell(text: object, *, max_len: int | None = None) -> str:
    """Return ``text`` safe to print inside a markdown table cell (or inline prose).

    The text is made one plain line first (:func:`plain_text`: newlines, controls, bidi and
    zero-width characters become spaces), HTML is entity-escaped, markdown punctuation is
    backslash-escaped (so ``|`` cannot end the cell and backticks cannot open code), ``@`` is
    followed by a zero-width space so no one is mentioned, and bare URLs get one so they are
    not autolinked. The *unescaped* text is shortened to ``max_len`` (default
    :data:`MAX_TEXT`) characters plus "…".
    """
    s = plain_text(text, max(max_len if max_len is not None else MAX_TEXT, 1)).strip()
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
    # "http://x" and "www.x" would be autolinked: a zero-width space keeps them text.
    return _AUTOLINK.sub(lambda m: m.group(1)[0] + _ZWSP + m.group(1)[1:], "".join(out))
