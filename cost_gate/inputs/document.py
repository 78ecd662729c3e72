"""Read a JSON document from a path or stdin and say what it is — with one clear line when not.

Handles what real CI produces: UTF-8/UTF-16 byte-order marks (PowerShell redirects), output
captured through hashicorp/setup-terraform's wrapper (``[command]...`` and ``::...`` lines around
the JSON), and recognises the common wrong inputs (binary plan files, raw ``terraform.tfstate``,
tfvars JSON, truncated or empty files).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

from cost_gate.errors import InputError

DocumentKind = Literal["plan", "state", "report"]

SHOW_JSON_HINT = "run `terraform show -json tf.plan > plan.json`"


def read_bytes(path: str) -> tuple[bytes, str]:
    """Bytes of ``path`` ('-' = stdin) and a display name for messages."""
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a plan/state JSON file")
    try:
        return p.read_bytes(), path
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def decode(data: bytes, name: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            f"{name}: this is a binary Terraform plan file, not JSON", hint=SHOW_JSON_HINT
        )
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
    lines = text.splitlines()
    if not lines or not lines[0].startswith("[command]"):
        return text
    body = [ln for ln in lines[1:] if not ln.startswith("::")]
    return "\n".join(body)


def parse_json(text: str, name: str) -> Any:
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    text = _strip_wrapper(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # an unterminated string means the text ended inside it
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise InputError(
                f"{name}: JSON ends unexpectedly at line {exc.lineno} (truncated file?)"
            ) from None
        raise InputError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


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


def load_document(path: str) -> tuple[DocumentKind, dict[str, Any], str]:
    data, name = read_bytes(path)
    doc = parse_json(decode(data, name), name)
    return classify(doc, name), doc, name
