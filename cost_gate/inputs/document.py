"""Read a JSON document from a path or stdin and say what it is — with one clear line when not.

Handles what real CI produces: UTF-8/UTF-16 byte-order marks (PowerShell redirects), output
captured through hashicorp/setup-terraform's wrapper (``[command]...`` and ``::...`` lines around
the JSON), and recognises the common wrong inputs (binary plan files, raw ``terraform.tfstate``,
tfvars JSON, truncated or empty files).
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from cost_gate.errors import InputError
from cost_gate.inputs.sections import Fields, SectionReader, exceeds_depth
from cost_gate.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    MAX_PLAN_BYTES,
    open_regular_file,
)

DocumentKind = Literal["plan", "state", "report"]

SHOW_JSON_HINT = "run `terraform show -json tf.plan > plan.json`"
EVENT_STREAM_HINT = "run `terraform plan -out tf.plan && terraform show -json tf.plan > plan.json`"
#: Key a converted binary plan carries so the project can say how it was read.
CONVERTED_FROM = "_cost_gate_converted_from"
_SKIP_DIRS = {".terraform", ".git", "node_modules", ".terragrunt-cache"}


def refuse_wrong_file(path: str) -> None:
    """A file that is Terraform code or variables, not a plan: say what to pass instead."""
    name = os.path.basename(path)
    if name.endswith((".tfvars", ".tfvars.json")):
        raise InputError(
            f"{path}: is a Terraform variables file, not a plan; pass it with --var-file next "
            f"to the directory of .tf files: cost-gate DIR --var-file {path}")
    if name.endswith((".tf", ".tf.json", ".tofu")):
        directory = os.path.dirname(path) or "."
        raise InputError(
            f"{path}: is a Terraform configuration file, not a plan; pass its directory to "
            f"price the code (cost-gate {directory}) or a plan JSON ({SHOW_JSON_HINT[4:]})")


def projects_below(path: str, limit: int = 10, depth: int = 3) -> list[str]:
    """Directories below ``path`` that hold .tf/.tofu/.tf.json files (for "no Terraform files
    here" messages)."""
    from cost_gate.inputs.discovery import CONFIG_SUFFIXES

    found: list[str] = []
    root_depth = path.rstrip(os.sep).count(os.sep)
    for current, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        if current.rstrip(os.sep).count(os.sep) - root_depth >= depth:
            dirs[:] = []
        if current != path and any(f.endswith(CONFIG_SUFFIXES) for f in files):
            found.append(current)
            dirs[:] = []  # a project's own subdirectories are its modules
            if len(found) >= limit:
                break
    return found


def no_tf_files_error(path: str) -> InputError:
    """The error for a directory without Terraform files, naming the ones found below it."""
    none_here = f"{path}: no .tf, .tofu or .tf.json files in this directory"
    below = projects_below(path)
    if not below:
        return InputError(none_here)
    more = " (and maybe more)" if len(below) >= 10 else ""
    return InputError(f"{none_here}, but Terraform projects below it: {', '.join(below)}{more}; "
                      "pass one or more of them")


def decode(data: bytes, name: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        hint = SHOW_JSON_HINT if name == "<stdin>" else (
            f"run `terraform show -json {name} > plan.json`")
        raise InputError(f"{name}: this is a binary Terraform plan file, not JSON", hint=hint)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")  # a truncated file may end mid-char
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        return data.decode("utf-16-le", errors="replace")
    if b"\x00" in data[:1024]:
        raise InputError(f"{name}: binary file, not a Terraform plan/state JSON")
    return data.decode("utf-8", errors="replace")


def _strip_wrapper(text: str) -> str:
    """Drop setup-terraform wrapper lines around the JSON (``[command]...``, ``::set-output``)."""
    if not text.startswith("[command]"):
        return text
    lines = text.splitlines()
    body = [ln for ln in lines[1:] if not ln.startswith("::")]
    return "\n".join(body)


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a JSON number")


def _parse_int(text: str) -> int | float:
    # int() refuses more than 4,300 digits; far fewer already overflow a float downstream
    return int(text) if len(text) <= MAX_INT_DIGITS else float(text)


def _parse_float(text: str) -> float:
    # 1e400 is valid JSON but no float: it becomes inf, which every reader of a quantity
    # (rules' typed accessors) turns into a "not a finite number" note on the resource
    value = float(text)
    return value if math.isfinite(value) else math.copysign(math.inf, value)


def _is_event_stream(text: str) -> bool:
    """`terraform plan -json` prints one JSON UI message per line ("@level", "@message")."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    first = text[start:] if end < 0 else text[start:end]
    # a plan from `terraform show -json` is one line: parse that line only when it could be
    # an event message, never the whole document twice
    if '"@message"' not in first or '"@level"' not in first:
        return False
    try:
        line = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(line, dict) and "@message" in line and "@level" in line


#: Set by the command line (a one-shot process): after decoding, move everything alive to
#: the collector's permanent generation (gc.freeze), so that the collections the estimate
#: triggers never walk the decoded plan again. A library caller keeps the default: frozen
#: objects are still freed by reference counting, but cycles among them never would be.
FREEZE_AFTER_DECODE = False


@contextlib.contextmanager
def _gc_paused():
    """No cyclic garbage collection while a document is decoded.

    Decoding allocates millions of containers and no cycles; each collection triggered
    meanwhile walks everything decoded so far (more than half of the decode time of a big
    plan). Objects are still freed by reference counting; the collector's previous state
    is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_json(text: str, name: str) -> Any:
    return _decode(text, name)[0]


def _decode(text: str, name: str) -> tuple[Any, bool]:
    """The decoded document, and whether every number in it is finite."""
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    text = _strip_wrapper(text)
    if exceeds_depth(text):
        raise InputError(f"{name}: JSON nested deeper than {MAX_JSON_DEPTH} levels; "
                         "not a Terraform plan or state")
    if _is_event_stream(text):
        raise InputError(f"{name}: this is the event stream of `terraform plan -json`, not a "
                         "plan", hint=EVENT_STREAM_HINT)
    try:
        non_finite: list[float] = []
        decoder = _json_decoder(non_finite)
        with _gc_paused():
            doc = decoder.decode(text)
            if FREEZE_AFTER_DECODE:
                gc.freeze()  # before the collector is back: it would walk the whole plan once
        return doc, not non_finite
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        # an unterminated string means the text ended inside it
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise InputError(
                f"{name}: JSON ends unexpectedly at line {exc.lineno} (truncated file?)"
            ) from None
        raise InputError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:  # NaN / Infinity: Python extensions, not JSON
        raise InputError(f"{name}: not valid JSON ({exc})") from None


def classify(doc: Any, name: str) -> DocumentKind:
    """Decide whether ``doc`` is a plan, a state, or a saved cost-gate report."""
    if not isinstance(doc, dict):
        raise InputError(f"{name}: JSON is a {type(doc).__name__}, not a Terraform plan or state")
    if "schema_version" in doc and "projects" in doc:
        return "report"
    if "version" in doc and "resources" in doc and "format_version" not in doc:
        raise InputError(
            f"{name}: this is a raw terraform.tfstate file, not `terraform show -json` output",
            hint="run `terraform show -json > state.json`",
        )
    api_object = doc.get("data")
    if isinstance(api_object, dict) and api_object.get("type") in ("plans", "runs", "applies"):
        # a JSON:API response of HCP Terraform / Terraform Enterprise, not the plan itself
        raise InputError(
            f"{name}: this is an HCP Terraform API response (a {api_object['type'][:-1]} "
            "object), not the plan JSON",
            hint="download the plan's JSON with `GET /api/v2/plans/PLAN_ID/json-output` "
                 "(the run's plan id, your API token) and pass that file",
        )
    if "format_version" in doc:
        if any(k in doc for k in ("resource_changes", "planned_values", "configuration",
                                  "prior_state", "resource_drift", "errored")):
            return "plan"
        if "values" in doc or set(doc) <= {"format_version", "terraform_version"}:
            return "state"
    raise InputError(
        f"{name}: JSON is not a Terraform plan or state (keys: {_keys(doc)})",
        hint=SHOW_JSON_HINT,
    )


def _keys(doc: dict) -> str:
    keys = sorted(doc)[:5]
    more = ", ..." if len(doc) > 5 else ""
    return ", ".join(keys) + more if keys else "none"


def _first_error(stderr: str) -> str:
    """The summary line of Terraform's first "Error:" diagnostic (else its first line)."""
    lines = [ln.strip(" \u2502\u2577\u2575").strip() for ln in stderr.splitlines()]
    lines = [ln for ln in lines if ln]
    error = next((ln for ln in lines if ln.startswith("Error:")), None)
    return (error or (lines[0] if lines else "failed")).removeprefix("Error:").strip()


def show_binary_plan(path: str, name: str) -> dict[str, Any] | None:
    """A binary plan file as JSON, through `terraform show -json` (or `tofu`) run in the
    file's directory; None when neither is on PATH (the caller refuses with a hint)."""
    tool = shutil.which("terraform") or shutil.which("tofu")
    if tool is None:
        return None
    program = os.path.basename(tool)
    absolute = os.path.abspath(path)
    try:
        proc = subprocess.run([tool, "show", "-json", "-no-color", absolute],
                              cwd=os.path.dirname(absolute), capture_output=True, timeout=300,
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(f"{name}: binary Terraform plan file; `{program} show -json` could "
                         f"not run ({exc})",
                         hint=f"run `{program} show -json {name} > plan.json`") from None
    if proc.returncode != 0:
        raise InputError(f"{name}: binary Terraform plan file; `{program} show -json` failed: "
                         f"{_first_error(proc.stderr.decode(errors='replace'))}",
                         hint=f"run `{program} show -json {name} > plan.json` in the directory "
                         "where the plan was made (after `terraform init`)")
    doc = parse_json(proc.stdout.decode("utf-8", errors="replace"),
                     f"{program} show -json {name}")
    if isinstance(doc, dict):
        doc[CONVERTED_FROM] = f"{name} (binary plan, read with `{program} show -json`)"
    return doc


def load_document(path: str, sections: Callable[[str], Fields] | None = None
                  ) -> tuple[DocumentKind, dict[str, Any], str]:
    """Read, decode and classify the JSON document at ``path`` ('-' = stdin).

    A document that is one JSON object is read in sections (:mod:`cost_gate.inputs.sections`):
    ``sections(name)`` says what to keep of it (default: everything), so a caller that needs
    only some parts of a big plan never holds the rest. Anything else (setup-terraform wrapper
    output, UTF-16, not an object) is decoded whole, up to MAX_DOCUMENT_BYTES.
    """
    with _opened(path) as (stream, name):
        head = stream.read(HEAD_BYTES)
        if head.startswith(b"PK\x03\x04") and path != "-":
            doc = show_binary_plan(path, name)
            if doc is not None:
                return classify(doc, name), doc, name
        if _one_object(head, name):
            doc, finite = _read_sections(head, stream, name,
                                          sections(name) if sections else None)
        else:
            data = head + _read_rest(stream, name, MAX_DOCUMENT_BYTES - len(head))
            doc, finite = _decode(decode(data, name), name)
    kind = classify(doc, name)
    if finite and kind != "report":
        doc = FiniteDocument(doc)
    return kind, doc, name


#: Bytes looked at to decide how a document is read.
HEAD_BYTES = 1 << 16


@contextlib.contextmanager
def _opened(path: str):
    """(binary stream, display name) of ``path``; one-line errors for what cannot be read."""
    if path == "-":
        yield sys.stdin.buffer, "<stdin>"
        return
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a plan/state JSON file")
    refuse_wrong_file(path)
    try:
        stream = open_regular_file(p, MAX_PLAN_BYTES, "plan/state JSON file")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with stream:
        yield stream, path


def _read_rest(stream: Any, name: str, limit: int) -> bytes:
    """The rest of a document decoded whole: at most ``limit`` more bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{name}: over the {MAX_DOCUMENT_BYTES:,}-byte limit of a document "
                         "that is not one JSON object")
    return data


def _one_object(head: bytes, name: str) -> bool:
    """Whether the document starting with ``head`` is one UTF-8 JSON object, read in sections
    (the event stream of `terraform plan -json` is refused here, by its first line)."""
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if not text.lstrip().startswith(b"{") or b"\x00" in text[:1024]:
        return False
    if _is_event_stream(text.decode("utf-8", errors="replace")):
        raise InputError(f"{name}: this is the event stream of `terraform plan -json`, not a "
                         "plan", hint=EVENT_STREAM_HINT)
    return True


def _read_sections(head: bytes, stream: Any, name: str, sections: Fields | None
                   ) -> tuple[dict[str, Any], bool]:
    non_finite: list[float] = []
    reader = SectionReader(head, stream, name, MAX_PLAN_BYTES, _json_decoder(non_finite),
                           non_finite)
    with _gc_paused():
        doc = reader.document(sections or Fields())
        if FREEZE_AFTER_DECODE:
            gc.freeze()
    return doc, not non_finite


def _json_decoder(non_finite: list[float]) -> json.JSONDecoder:
    """A decoder that refuses NaN/Infinity and records each number that overflows a float
    (``1e400``) in ``non_finite``."""

    def parse_float(number: str) -> float:
        value = _parse_float(number)
        if value - value != 0:
            non_finite.append(value)
        return value

    def parse_int(number: str) -> int | float:
        value = _parse_int(number)  # thousands of digits become a float: may overflow
        if type(value) is float and value - value != 0:
            non_finite.append(value)
        return value

    return json.JSONDecoder(parse_constant=_reject_constant, parse_int=parse_int,
                            parse_float=parse_float)


class FiniteDocument(dict):
    """A decoded plan/state known to hold no overflowed number (``1e400``): its readers can
    skip looking for them. Otherwise the same dict (a shallow copy of the top level)."""
