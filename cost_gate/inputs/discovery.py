"""Find the Terraform projects below a directory (monorepos: many roots, Terragrunt trees).

A *Terraform root* is a directory whose ``.tf``/``.tofu`` (or ``.tf.json``/``.tofu.json``)
files declare a ``provider``, a ``terraform`` block or a backend, and that no other project
uses as a local module. A *Terragrunt leaf* is a directory with a ``terragrunt.hcl`` that is
not only a parent configuration (one with ``terragrunt.hcl`` files below it and neither a
``terraform { source }`` nor ``.tf`` files of its own). ``.terraform/``, ``.terragrunt-cache/`` and other hidden
directories are skipped, and so are ``examples/``, ``example/``, ``test/`` and ``tests/``
unless the path given is (inside) one of them or the config lists them.

Files are scanned with light patterns, not evaluated: discovery over hundreds of directories
stays fast, and a file with a syntax error is reported when its project is loaded.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Literal

TERRAGRUNT_FILE = "terragrunt.hcl"
CONFIG_SUFFIXES = (".tf", ".tofu", ".tf.json", ".tofu.json")
SKIPPED_UNLESS_GIVEN = frozenset({"examples", "example", "test", "tests"})

Tool = Literal["terraform", "terragrunt", "file"]

_COMMENTS = re.compile(r"/\*.*?\*/|(?://|#)[^\n]*", re.S)
_ROOT_BLOCK = re.compile(r'^\s*(?:provider\s*"|provider\s+[A-Za-z_]|terraform\s*\{)', re.M)
_BACKEND = re.compile(r'\bbackend\s*"|^\s*cloud\s*\{', re.M)
_LOCAL_SOURCE = re.compile(r'\bsource\s*=\s*"(\.\.?/[^"]*)"')
_ANY_SOURCE = re.compile(r'\bsource\s*=\s*"([^"]+)"')


@dataclass(frozen=True)
class ProjectSpec:
    """One project to price: where it is and how to load it."""

    name: str
    path: str
    tool: Tool
    var_files: tuple[str, ...] = ()
    usage_file: str | None = None
    workspace: str | None = None


def config_files(directory: str) -> list[str]:
    """The Terraform/OpenTofu configuration file names of ``directory`` (sorted)."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [n for n in names if n.endswith(CONFIG_SUFFIXES)
            and os.path.isfile(os.path.join(directory, n))]


def project_tool(directory: str) -> Tool | None:
    """``terragrunt`` for a directory with terragrunt.hcl, ``terraform`` for one with .tf
    (or .tofu / .tf.json) files, else None."""
    if os.path.isfile(os.path.join(directory, TERRAGRUNT_FILE)):
        return "terragrunt"
    return "terraform" if config_files(directory) else None


@dataclass
class _Dir:
    path: str
    declares_root: bool = False
    has_backend: bool = False
    terragrunt: bool = False
    terragrunt_source: bool = False  # terraform { source = ... }, or .tf files beside it


def discover_projects(root: str) -> list[ProjectSpec]:
    """The projects below ``root``, ordered by their path relative to it (their name)."""
    given = root
    root = os.path.abspath(root)
    repo_root = _repo_root(root)
    found: dict[str, _Dir] = {}
    used_as_module: set[str] = set()
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not _skipped(d))
        info = _Dir(directory)
        if TERRAGRUNT_FILE in files:
            text = _read(os.path.join(directory, TERRAGRUNT_FILE))
            info.terragrunt = True
            sources = _ANY_SOURCE.findall(text)
            info.terragrunt_source = bool(sources) or any(
                n.endswith(CONFIG_SUFFIXES) for n in files)
            for source in sources:
                target = _terragrunt_source_dir(directory, source, repo_root)
                if target:
                    used_as_module.add(target)
        for name in files:
            if not name.endswith(CONFIG_SUFFIXES):
                continue
            path = os.path.join(directory, name)
            if name.endswith(".json"):
                declares, backend, sources = _scan_json(path)
            else:
                declares, backend, sources = _scan_hcl(_read(path))
            info.declares_root |= declares
            info.has_backend |= backend
            used_as_module.update(os.path.normpath(os.path.join(directory, s)) for s in sources)
        if info.terragrunt or info.declares_root:
            found[directory] = info
    specs = []
    terragrunt_dirs = [d for d, i in found.items() if i.terragrunt]
    for directory, info in found.items():
        name = os.path.relpath(directory, root).replace(os.sep, "/")
        shown = os.path.normpath(os.path.join(given, name))  # as given: relative stays relative
        if info.terragrunt:
            has_children = any(other != directory and other.startswith(directory + os.sep)
                               for other in terragrunt_dirs)
            if has_children and not info.terragrunt_source:
                continue  # a parent configuration that leaves include
            specs.append(ProjectSpec(name, shown, "terragrunt"))
        elif directory not in used_as_module or info.has_backend:
            specs.append(ProjectSpec(name, shown, "terraform"))
    return sorted(specs, key=lambda s: s.name)


def _skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_UNLESS_GIVEN or name == "node_modules"


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return _COMMENTS.sub("", fh.read())
    except OSError:
        return ""


def _scan_hcl(text: str) -> tuple[bool, bool, list[str]]:
    """(declares a provider/terraform block, has a backend, local module sources)."""
    return bool(_ROOT_BLOCK.search(text)), bool(_BACKEND.search(text)), _LOCAL_SOURCE.findall(
        text)


def _scan_json(path: str) -> tuple[bool, bool, list[str]]:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError):
        return False, False, []
    if not isinstance(doc, dict):
        return False, False, []
    terraform = doc.get("terraform")
    blocks = terraform if isinstance(terraform, list) else [terraform]
    backend = any(isinstance(b, dict) and ("backend" in b or "cloud" in b) for b in blocks)
    sources = []
    modules = doc.get("module")
    for body in (modules.values() if isinstance(modules, dict) else []):
        for item in body if isinstance(body, list) else [body]:
            source = item.get("source") if isinstance(item, dict) else None
            if isinstance(source, str) and source.startswith(("./", "../")):
                sources.append(source)
    return "provider" in doc or "terraform" in doc, backend, sources


def _repo_root(start: str) -> str:
    for candidate in (start, *_parents(start)):
        if os.path.exists(os.path.join(candidate, ".git")):
            return candidate
    return start


def _parents(path: str) -> list[str]:
    out = []
    while True:
        parent = os.path.dirname(path)
        if parent == path:
            return out
        out.append(parent)
        path = parent


def _terragrunt_source_dir(leaf: str, source: str, repo_root: str) -> str | None:
    """The local directory a Terragrunt ``terraform { source }`` names, when it is local."""
    for prefix in ("${get_repo_root()}/", "${get_repo_root()}"):
        if source.startswith(prefix):
            source = os.path.join(repo_root, source[len(prefix):])
            break
    else:
        if not source.startswith(("./", "../", "/")):
            return None
        source = os.path.join(leaf, source)
    source = source.split("?", 1)[0].replace("//", "/")
    return os.path.normpath(source)
