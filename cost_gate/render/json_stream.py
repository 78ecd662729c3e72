"""The compact JSON report written in pieces: byte for byte ``json.dumps(report,
separators=(",", ":"), allow_nan=False)``, without ever holding the whole text.

At 100,000 resources the report's text is over 100 MB, and writing it as one string costs a
second copy while it is encoded for the file or stdout. Here the top of the report, each project
and each resource are encoded by the C encoder one at a time and handed to the writer in batches.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

#: Containers this many levels deep or deeper are encoded whole (report -> projects list ->
#: project -> resources list -> one resource).
_SPLIT_DEPTH = 4
#: Pieces are joined into writes of about this many characters.
_BATCH_CHARS = 1 << 18

_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False)


def json_chunks(report: Any) -> Iterator[str]:
    """The compact JSON text of ``report`` in pieces (joined: exactly what ``json.dumps``
    with the same options returns). A NaN or infinite number raises ValueError like it."""
    return _chunks(report, 0)


def _chunks(value: Any, depth: int) -> Iterator[str]:
    if depth < _SPLIT_DEPTH and isinstance(value, dict) and value \
            and all(isinstance(key, str) for key in value):
        opener = "{"
        for key, item in value.items():
            yield opener + _ENCODER.encode(key) + ":"
            yield from _chunks(item, depth + 1)
            opener = ","
        yield "}"
    elif depth < _SPLIT_DEPTH and isinstance(value, (list, tuple)) and value:
        opener = "["
        for item in value:
            yield opener
            yield from _chunks(item, depth + 1)
            opener = ","
        yield "]"
    else:
        yield _ENCODER.encode(value)


def write_json(report: Any, write: Callable[[str], Any]) -> None:
    """Write the compact JSON report and a final newline through ``write`` in batches of a
    quarter megabyte (the text ``render(report, "json")`` returns, never built whole)."""
    batch: list[str] = []
    size = 0
    for piece in json_chunks(report):
        batch.append(piece)
        size += len(piece)
        if size >= _BATCH_CHARS:
            write("".join(batch))
            batch, size = [], 0
    batch.append("\n")
    write("".join(batch))
