"""Terragrunt leaves: evaluate ``terragrunt.hcl``, then price its Terraform module in HCL mode.

A leaf's ``terragrunt.hcl`` is read with the HCL evaluator plus Terragrunt's names and
functions: ``locals``, ``include`` blocks (shallow or deep merge of the parent's ``inputs``,
``terraform``, ``generate`` and ``dependency`` blocks; ``include.<name>.locals`` when the
include has ``expose = true``), ``dependency`` blocks (``outputs`` come from
``mock_outputs``: HCL mode does not run other units), ``read_terragrunt_config``,
``find_in_parent_folders``, ``get_env``, ``path_relative_to_include`` and friends.

The module priced is ``terraform { source }``: a local path (``//`` marks a subdirectory),
or a remote source already downloaded into the leaf's ``.terragrunt-cache/``; without a
source, the leaf directory itself. Its variables get ``inputs`` at the ``TF_VAR_*`` level,
and ``generate`` blocks add their files (e.g. the provider block with the region) to it.
Anything that cannot be evaluated offline (``run_cmd``, AWS account lookups, a dependency
without mocks) becomes an unknown with a note, never a guess.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cost_gate.errors import InputError
from cost_gate.models import Project

from .hcl import functions as hcl_functions
from .hcl.config import body_items, labelled, parse_hcl_text, to_node
from .hcl.evaluator import Scope, evaluate
from .hcl.expr import HclSyntaxError
from .hcl.values import EvalError, LazyObject, Unknown, materialize

TERRAGRUNT_FILE = "terragrunt.hcl"
CACHE_DIR = ".terragrunt-cache"


@dataclass
class _Context:
    """Where an expression is evaluated: Terragrunt's notion of the current config."""

    leaf_dir: str  # get_original_terragrunt_dir()
    config_dir: str  # get_terragrunt_dir(): the leaf, or a file read by read_terragrunt_config
    include_dir: str | None  # the parent config's directory while evaluating an include
    env: Mapping[str, str]
    notes: list[str]
    file: Any = None  # the TerragruntFile being evaluated


def _include_dir(context: _Context, label: Any = None) -> str | None:
    """The parent config's directory: the one being included, or the current file's include
    (by label, else the first)."""
    if context.include_dir is not None:
        return context.include_dir
    if context.file is None:
        return None
    includes = context.file.includes()
    chosen = next((i for i in includes if label is not None and i.name == label),
                  includes[0] if includes else None)
    return chosen.file.dir if chosen else None


_CURRENT: contextvars.ContextVar[_Context | None] = contextvars.ContextVar(
    "terragrunt_context", default=None)


def _note(context: _Context, text: str) -> None:
    if text not in context.notes:
        context.notes.append(text)


# ----------------------------------------------------------------- functions


def _terragrunt_function(name: str):
    """Register ``name`` with the HCL evaluator; outside a terragrunt.hcl it stays unknown."""

    def register(impl):
        def call(*args: Any) -> Any:
            context = _CURRENT.get()
            if context is None:
                return Unknown(f"function {name}() is not supported in HCL mode")
            return impl(context, *args)

        hcl_functions.FUNCTIONS.setdefault(name, call)
        return impl

    return register


@_terragrunt_function("find_in_parent_folders")
def _find_in_parent_folders(context: _Context, name: str = TERRAGRUNT_FILE,
                            *fallback: Any) -> Any:
    directory = os.path.dirname(context.config_dir)
    while True:
        candidate = os.path.join(directory, str(name))
        if os.path.exists(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    if fallback:
        return fallback[0]
    raise EvalError(f"find_in_parent_folders(): no {name} above {context.config_dir}")


@_terragrunt_function("get_env")
def _get_env(context: _Context, name: str, *default: Any) -> Any:
    if name in context.env:
        return context.env[name]
    if default:
        return default[0]
    _note(context, f"terragrunt: environment variable {name} is not set (get_env)")
    return Unknown(f"get_env({name!r}): not set")


@_terragrunt_function("get_terragrunt_dir")
def _get_terragrunt_dir(context: _Context) -> str:
    return context.config_dir


@_terragrunt_function("get_original_terragrunt_dir")
def _get_original_terragrunt_dir(context: _Context) -> str:
    return context.leaf_dir


@_terragrunt_function("get_parent_terragrunt_dir")
def _get_parent_terragrunt_dir(context: _Context, *label: Any) -> str:
    return _include_dir(context, *label[:1]) or context.config_dir


@_terragrunt_function("path_relative_to_include")
def _path_relative_to_include(context: _Context, *label: Any) -> str:
    parent = _include_dir(context, *label[:1])
    return "." if parent is None else os.path.relpath(context.leaf_dir, parent)


@_terragrunt_function("path_relative_from_include")
def _path_relative_from_include(context: _Context, *label: Any) -> str:
    parent = _include_dir(context, *label[:1])
    return "." if parent is None else os.path.relpath(parent, context.leaf_dir)


def _repo_root(start: str) -> str | None:
    directory = start
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


@_terragrunt_function("get_repo_root")
def _get_repo_root(context: _Context) -> Any:
    root = _repo_root(context.leaf_dir)
    return root if root else Unknown("get_repo_root(): not inside a git repository")


@_terragrunt_function("get_path_to_repo_root")
def _get_path_to_repo_root(context: _Context) -> Any:
    root = _repo_root(context.leaf_dir)
    return os.path.relpath(root, context.leaf_dir) if root else Unknown("not in a git repository")


@_terragrunt_function("get_path_from_repo_root")
def _get_path_from_repo_root(context: _Context) -> Any:
    root = _repo_root(context.leaf_dir)
    return os.path.relpath(context.leaf_dir, root) if root else Unknown("not in a git repository")


@_terragrunt_function("get_terraform_command")
def _get_terraform_command(context: _Context) -> str:
    return "plan"


@_terragrunt_function("get_terraform_commands_that_need_vars")
def _commands_that_need_vars(context: _Context) -> list[str]:
    return ["apply", "console", "destroy", "import", "plan", "push", "refresh"]


@_terragrunt_function("mark_as_read")
def _mark_as_read(context: _Context, path: Any) -> Any:
    return path


@_terragrunt_function("read_terragrunt_config")
def _read_terragrunt_config(context: _Context, path: str, *default: Any) -> Any:
    full = path if os.path.isabs(path) else os.path.join(context.config_dir, path)
    if not os.path.isfile(full):
        if default:
            return default[0]
        raise EvalError(f"read_terragrunt_config(): {path} not found")
    inner = _Context(context.leaf_dir, os.path.dirname(os.path.abspath(full)), None,
                     context.env, context.notes)
    return TerragruntFile(os.path.abspath(full), inner).as_object()


for _offline in ("run_cmd", "get_aws_account_id", "get_aws_account_alias",
                 "get_aws_caller_identity_arn", "get_aws_caller_identity_user_id",
                 "sops_decrypt_file", "get_terraform_cli_args"):
    def _unknown(context: _Context, *args: Any, _name: str = _offline) -> Unknown:
        _note(context, f"terragrunt: {_name}() is not evaluated offline; values derived from "
                       "it are unknown")
        return Unknown(f"{_name}() is not evaluated offline")

    _terragrunt_function(_offline)(_unknown)


# ----------------------------------------------------------------- files


@dataclass
class _Include:
    name: str
    file: TerragruntFile
    expose: bool
    merge_strategy: str


class TerragruntFile:
    """One terragrunt.hcl (or a file it includes or reads), evaluated lazily in a context."""

    def __init__(self, path: str, context: _Context, *, depth: int = 0):
        if depth > 10:
            raise InputError(f"{path}: includes nested more than 10 deep")
        self.path = path
        self.dir = os.path.dirname(path)
        self.context = context
        self.depth = depth
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read: {exc}") from None
        self.body = parse_hcl_text(text, _shown(path))
        self._locals_raw: dict[str, Any] = {}
        for block in self._blocks("locals"):
            self._locals_raw.update(dict(body_items(block)))
        self._locals: dict[str, Any] = {}
        self._includes: list[_Include] | None = None
        self._dependencies: dict[str, Any] | None = None
        self._inputs: Any = None

    # --------------------------------------------------------- evaluation
    def _blocks(self, kind: str) -> list[dict[str, Any]]:
        value = self.body.get(kind)
        return [b for b in value if isinstance(b, dict)] if isinstance(value, list) else []

    def _labelled(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for block in self._blocks(kind):
            if block.get("__is_block__"):
                out.append(("", block))  # an unlabelled block (old-style include)
            else:
                out.extend((labels[0], body) for labels, body in labelled([block], 1))
        return out

    def scope(self) -> Scope:
        return Scope(self._resolve, module_dir=self.dir)

    def eval(self, raw: Any, what: str) -> Any:
        token = _CURRENT.set(replace(self.context, file=self))
        try:
            return materialize(evaluate(to_node(raw), self.scope()))
        except (EvalError, HclSyntaxError) as exc:
            return Unknown(f"{_shown(self.path)}: {what}: cannot evaluate ({exc})")
        except RecursionError:
            return Unknown(f"{_shown(self.path)}: {what}: nested too deeply")
        finally:
            _CURRENT.reset(token)

    def _resolve(self, name: str) -> Any:
        if name == "local":
            return LazyObject("local", self.local, lambda: self._locals_raw)
        if name == "include":
            return {inc.name: inc.file.as_object() for inc in self.includes() if inc.expose}
        if name == "dependency":
            return {dep: {"outputs": outputs} for dep, outputs in self.dependencies().items()}
        raise EvalError(f"unknown name {name!r} in a Terragrunt configuration")

    def local(self, name: str) -> Any:
        if name not in self._locals_raw:
            raise EvalError(f"local.{name} is not declared")
        if name not in self._locals:
            self._locals[name] = Unknown(f"local.{name} refers to itself")
            self._locals[name] = self.eval(self._locals_raw[name], f"local.{name}")
        return self._locals[name]

    # --------------------------------------------------------- blocks
    def includes(self) -> list[_Include]:
        if self._includes is None:
            self._includes = []
            for label, block in self._labelled("include"):
                path = self.eval(block.get("path"), f"include {label} path")
                if not isinstance(path, str):
                    raise InputError(f"{_shown(self.path)}: include {label!r}: path cannot be "
                                     f"evaluated ({getattr(path, 'reason', path)})")
                full = os.path.normpath(path if os.path.isabs(path)
                                        else os.path.join(self.dir, path))
                if os.path.isdir(full):
                    full = os.path.join(full, TERRAGRUNT_FILE)
                if not os.path.isfile(full):
                    raise InputError(f"{_shown(self.path)}: include {label!r}: {path} not found")
                context = _Context(self.context.leaf_dir, self.context.config_dir,
                                   os.path.dirname(full), self.context.env, self.context.notes)
                strategy = self.eval(block.get("merge_strategy", '"shallow"'), "merge_strategy")
                self._includes.append(_Include(
                    label, TerragruntFile(full, context, depth=self.depth + 1),
                    self.eval(block.get("expose", False), "expose") is True,
                    strategy if isinstance(strategy, str) else "shallow"))
        return self._includes

    def _own_dependencies(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, block in self._labelled("dependency"):
            config_path = self.eval(block.get("config_path"), f"dependency {name} config_path")
            if "mock_outputs" in block:
                _note(self.context, f"terragrunt: dependency {name!r}: outputs taken from "
                                    "mock_outputs (HCL mode does not read other units' state)")
                out[name] = self.eval(block["mock_outputs"], f"dependency {name} mock_outputs")
            else:
                where = config_path if isinstance(config_path, str) else name
                reason = (f"dependency {name!r} ({where}): outputs are known only after it is "
                          "applied; add mock_outputs to price with placeholder values")
                _note(self.context, f"terragrunt: {reason}")
                out[name] = Unknown(reason)
        return out

    def dependencies(self) -> dict[str, Any]:
        if self._dependencies is None:
            self._dependencies = {}
            merged: dict[str, Any] = {}
            for inc in self.includes():
                if inc.merge_strategy != "no_merge":
                    merged.update(inc.file.dependencies())
            merged.update(self._own_dependencies())
            self._dependencies = merged
        return self._dependencies

    def _own_inputs(self) -> Any:
        if "inputs" not in self.body:
            return {}
        return self.eval(self.body["inputs"], "inputs")

    def inputs(self) -> Any:
        if self._inputs is None:
            self._inputs = self._merged_inputs()
        return self._inputs

    def _merged_inputs(self) -> Any:
        merged: Any = {}
        for inc in self.includes():
            if inc.merge_strategy == "no_merge":
                continue
            parent = inc.file.inputs()
            merged = _deep_merge(merged, parent) if inc.merge_strategy == "deep" else (
                {**merged, **parent} if isinstance(parent, dict) else merged)
        own = self._own_inputs()
        if isinstance(own, Unknown):
            return own
        if any(inc.merge_strategy == "deep" for inc in self.includes()):
            return _deep_merge(merged, own)
        return {**merged, **own}

    def terraform_source(self) -> tuple[Any, str | None]:
        """(source value or None, the file that set it)."""
        for block in reversed(self._blocks("terraform")):
            if "source" in block:
                return self.eval(block["source"], "terraform source"), self.path
        for inc in reversed(self.includes()):
            if inc.merge_strategy != "no_merge":
                source, where = inc.file.terraform_source()
                if where is not None:
                    return source, where
        return None, None

    def generated(self) -> dict[str, str]:
        """File name -> contents of the ``generate`` blocks (own over included)."""
        out: dict[str, str] = {}
        by_name: dict[str, tuple[Any, Any]] = {}
        for inc in self.includes():
            if inc.merge_strategy != "no_merge":
                for name, block in inc.file._labelled("generate"):
                    by_name[name] = (inc.file, block)
        for name, block in self._labelled("generate"):
            by_name[name] = (self, block)
        for name, (owner, block) in by_name.items():
            path = owner.eval(block.get("path"), f"generate {name} path")
            contents = owner.eval(block.get("contents"), f"generate {name} contents")
            if not isinstance(path, str):
                continue
            if not isinstance(contents, str):
                _note(self.context, f"terragrunt: generate {name!r}: contents cannot be "
                                    "evaluated; the file is not added")
                continue
            out[os.path.basename(path)] = contents
        return out

    def as_object(self) -> dict[str, Any]:
        """What ``read_terragrunt_config`` / an exposed include gives: locals, inputs, ..."""
        obj: dict[str, Any] = {name: self.eval(raw, name) for name, raw in body_items(self.body)
                               if not isinstance(raw, list)}
        obj["locals"] = {name: self.local(name) for name in self._locals_raw}
        obj["inputs"] = self.inputs()
        obj["dependency"] = {n: {"outputs": o} for n, o in self.dependencies().items()}
        return obj


def _deep_merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _deep_merge(base.get(key), value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(over, list):
        return base + over
    return over


def _shown(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


# ----------------------------------------------------------------- sources


def module_dir(leaf: str, source: str) -> tuple[str | None, str]:
    """(directory of the module a ``terraform { source }`` names, or None; explanation)."""
    base, _, subdir = source.partition("//") if "://" not in source else _split_remote(source)
    base = base.split("?", 1)[0]
    if base.startswith(("./", "../", "/")) or base in (".", ".."):
        directory = os.path.normpath(os.path.join(leaf, base, subdir.split("?", 1)[0]))
        if os.path.isdir(directory):
            return directory, f"local source {source}"
        return None, f"local source {source!r} not found"
    cached = _from_cache(leaf, subdir.split("?", 1)[0])
    if cached:
        return cached, f"remote source {source} from {CACHE_DIR}"
    return None, (f"remote source {source!r} is not downloaded (run `terragrunt init` in "
                  f"{_shown(leaf)} to fill {CACHE_DIR}/)")


def _split_remote(source: str) -> tuple[str, str, str]:
    scheme, _, rest = source.partition("://")
    head, sep, subdir = rest.partition("//")
    return f"{scheme}://{head}", sep, subdir


def _from_cache(leaf: str, subdir: str) -> str | None:
    """The newest downloaded copy in ``.terragrunt-cache/<hash>/<hash>/<subdir>``."""
    cache = os.path.join(leaf, CACHE_DIR)
    candidates = []
    try:
        first = os.listdir(cache)
    except OSError:
        return None
    for a in first:
        try:
            second = os.listdir(os.path.join(cache, a))
        except OSError:
            continue
        for b in second:
            directory = os.path.normpath(os.path.join(cache, a, b, subdir))
            if os.path.isdir(directory) and any(
                    n.endswith((".tf", ".tofu", ".tf.json", ".tofu.json"))
                    for n in os.listdir(directory)):
                candidates.append((os.path.getmtime(directory), directory))
    return max(candidates)[1] if candidates else None


# ----------------------------------------------------------------- projects


@dataclass
class TerragruntLeaf:
    """A leaf's evaluated configuration: where its module is and what it passes to it."""

    leaf_dir: str
    module_dir: str | None
    inputs: dict[str, Any]
    generated: dict[str, str]
    notes: list[str] = field(default_factory=list)


def read_leaf(leaf_dir: str, env: Mapping[str, str] | None = None) -> TerragruntLeaf:
    leaf_dir = os.path.abspath(leaf_dir)
    path = os.path.join(leaf_dir, TERRAGRUNT_FILE)
    if not os.path.isfile(path):
        raise InputError(f"{leaf_dir}: no {TERRAGRUNT_FILE} in this directory")
    context = _Context(leaf_dir, leaf_dir, None, os.environ if env is None else env, [])
    config = TerragruntFile(path, context)
    source, _ = config.terraform_source()
    notes = context.notes
    if source is None:
        directory = leaf_dir
    elif isinstance(source, str):
        directory, how = module_dir(leaf_dir, source)
        if directory is None:
            raise InputError(f"{_shown(path)}: {how}")
    else:
        raise InputError(f"{_shown(path)}: terraform source cannot be evaluated "
                         f"({getattr(source, 'reason', source)})")
    inputs = config.inputs()
    if isinstance(inputs, Unknown):
        notes.append(f"terragrunt: inputs cannot be evaluated ({inputs.reason})")
        inputs = {}
    return TerragruntLeaf(leaf_dir, directory, inputs, config.generated(), notes)


def load_terragrunt_project(
    leaf_dir: str,
    *,
    var_files: tuple[str, ...] | list[str] = (),
    variables: dict[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    workspace: str | None = None,
) -> Project:
    """Price a Terragrunt leaf: its module in HCL mode with the leaf's inputs and files."""
    from .hcl import load_hcl_project
    from .hcl.config import module_file_names

    env = os.environ if env is None else env
    leaf = read_leaf(leaf_dir, env)
    assert leaf.module_dir is not None
    extra = dict(leaf.generated)
    leaf_vars: list[str] = []
    if os.path.normpath(leaf.module_dir) != leaf.leaf_dir:
        # Terragrunt copies the leaf's own files into the module's working copy
        names = sorted(os.listdir(leaf.leaf_dir))
        for name in module_file_names(names):
            with open(os.path.join(leaf.leaf_dir, name), encoding="utf-8") as fh:
                extra.setdefault(name, fh.read())
        leaf_vars = [os.path.join(leaf.leaf_dir, n) for n in names
                     if n in ("terraform.tfvars", "terraform.tfvars.json")
                     or n.endswith((".auto.tfvars", ".auto.tfvars.json"))]
    project = load_hcl_project(
        leaf.module_dir, var_files=(*leaf_vars, *var_files), variables=variables, env=env,
        workspace=workspace, input_values=leaf.inputs, extra_files=extra,
        name=os.path.basename(leaf.leaf_dir))
    project.source = leaf_dir
    project.notes = [*leaf.notes, *project.notes]
    return project
