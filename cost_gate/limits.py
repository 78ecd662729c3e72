"""Every resource limit cost-gate enforces on its inputs, in one place (README "Limits").

Hostile or careless input (a plan nested 100,000 levels deep, ``count = 1e9``, a
``file("/dev/zero")``, a regex that backtracks forever) must end in a clear answer within
seconds and bounded memory. Each constant below is the one knob for its limit; the code that
enforces it imports it from here. Crossing a limit is never an internal error: a whole input
that cannot be used is an input error (exit 2), a part of it that cannot be evaluated
becomes a note on the resource or the project.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from typing import Any

from cost_gate.errors import InputError

# -- JSON documents (plan, state, saved report) -----------------------------------------------

#: Largest JSON document decoded whole, and largest single value kept whole from a document
#: read in sections (bytes). A 10,000-resource plan is 30-70 MB.
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
#: Largest plan/state/report file read (bytes). A plan is read in sections, keeping only what
#: prices depend on: 100,000 resources are about 670 MB of plan JSON.
MAX_PLAN_BYTES = 4 * 1024 * 1024 * 1024
#: Deepest nesting of arrays/objects accepted in a JSON document.
MAX_JSON_DEPTH = 100
#: Integers with more digits than this are read as floats (and so as infinite when huge).
MAX_INT_DIGITS = 300

# -- HCL mode ---------------------------------------------------------------------------------

#: Instances of one resource (``count`` / ``for_each``); beyond it the rest are dropped, noted.
MAX_INSTANCES_PER_RESOURCE = 10_000
#: Instances of one module call (``count`` / ``for_each``); beyond it the rest are dropped.
MAX_MODULE_INSTANCES = 1_000
#: Module instances in a whole configuration (nested modules multiply).
MAX_MODULES_TOTAL = 10_000
#: Elements of a collection built by a function (``range``, ``setproduct``, ``chunklist``...).
MAX_COLLECTION_ITEMS = 100_000
#: Elements built by all ``for`` expressions and template ``%{for}`` loops of one load.
MAX_ITERATIONS_TOTAL = 250_000
#: Characters of a string built by a function or template (``format`` widths, ``indent``...).
MAX_STRING_CHARS = 1_000_000
#: Nesting of an expression (parentheses, calls, objects, ``for``, templates, ``!``/``-``).
MAX_EXPRESSION_DEPTH = 64
#: Bytes of one file read while evaluating (``file()``, ``templatefile()``, ``*.tfvars``,
#: ``.tf`` files).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Wall-clock seconds for evaluating one HCL configuration.
MAX_EVALUATION_SECONDS = 30.0
#: Digits of a number literal in HCL or of a ``parseint`` argument.
MAX_NUMBER_DIGITS = 300

# -- price data -------------------------------------------------------------------------------

#: Largest price CSV or manifest read from a price directory (bytes).
MAX_PRICE_FILE_BYTES = 64 * 1024 * 1024


def open_regular_file(path: str | os.PathLike[str], limit: int, what: str = "file"
                      ) -> io.BufferedReader:
    """``path`` opened for reading (binary) when it is a regular file of at most ``limit``
    bytes.

    Refuses FIFOs, devices, sockets and directories (``/dev/zero``, a named pipe) without
    blocking on them, and symlink loops. Raises :class:`InputError` (one line) or ``OSError``
    for a missing file. The caller still bounds what it reads: a file may grow.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{path}: symlink loop; not read") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file (a pipe, device or directory); "
                             f"a {what} must be a regular file")
        if info.st_size > limit:
            raise InputError(f"{path}: {what} is {info.st_size:,} bytes, over the "
                             f"{limit:,}-byte limit")
        return open(fd, "rb", closefd=True)  # noqa: SIM115 - the caller closes it
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """Bytes of ``path`` when it is a regular file of at most ``limit`` bytes (see
    :func:`open_regular_file`); a file that grows past ``limit`` while being read is refused."""
    with open_regular_file(path, limit, what) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{path}: {what} is over the {limit:,}-byte limit")
    return data


# -- YAML (usage files, .cost-gate.yml) ---------------------------------------------------------

#: Largest usage file or config file read (bytes).
MAX_YAML_BYTES = 10 * 1024 * 1024
#: Nesting of YAML collections.
MAX_YAML_DEPTH = 64
#: Values a YAML document may stand for once every alias is counted at each use (an anchor
#: "bomb" — billion laughs — is a few lines that stand for 10^9 values).
MAX_YAML_VALUES = 100_000


class YamlLimitError(ValueError):
    """A YAML document over one of the limits above, or with a value YAML cannot hold."""


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` within the limits: nesting, expanded size, no recursive anchors,
    no number too long to convert. Raises ``yaml.YAMLError`` for bad syntax and
    :class:`YamlLimitError` (one line, the reason) otherwise."""
    try:
        doc = yaml_loader()(text).get_single_data()
    except RecursionError:
        raise YamlLimitError(f"nested deeper than {MAX_YAML_DEPTH} levels") from None
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, YamlLimitError):
            raise
        detail = " ".join(str(exc).split())[:120]
        raise YamlLimitError(f"a value YAML cannot convert ({detail})") from None
    _expanded_size(doc, {}, set())
    return doc


def yaml_loader() -> type:
    """A SafeLoader that refuses collections nested deeper than MAX_YAML_DEPTH."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class DepthLimitedLoader(yaml.SafeLoader):
            _depth = 0

            def compose_node(self, parent: Any, index: Any) -> Any:
                self._depth += 1
                try:
                    if self._depth > MAX_YAML_DEPTH:
                        raise YamlLimitError(f"nested deeper than {MAX_YAML_DEPTH} levels")
                    return super().compose_node(parent, index)
                finally:
                    self._depth -= 1

        _LOADER = DepthLimitedLoader
    return _LOADER


_LOADER: type | None = None


def _expanded_size(node: Any, sizes: dict[int, int], active: set[int]) -> int:
    """Values ``node`` stands for, aliases counted at each use (memoized: linear in the
    document's own size)."""
    if not isinstance(node, (dict, list)):
        return 1
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in active:
        raise YamlLimitError("an anchor contains an alias to itself (a recursive structure)")
    active.add(key)
    total = 1
    for child in (node if isinstance(node, list) else (v for kv in node.items() for v in kv)):
        total += _expanded_size(child, sizes, active)
        if total > MAX_YAML_VALUES:
            raise YamlLimitError(f"expands to more than {MAX_YAML_VALUES:,} values (an alias "
                                 "counts its anchor's values at each use)")
    active.discard(key)
    sizes[key] = total
    return total
