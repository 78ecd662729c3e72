"""HCL mode: price Terraform code directly, without ``terraform plan`` or cloud credentials.

:func:`load_hcl_project` reads a directory of ``.tf`` files (plus its local modules and any
modules already downloaded by ``terraform init``), evaluates it and returns the same
:class:`~cost_gate.models.Project` a plan would give: every managed resource instance as a
``create`` with its evaluated arguments. What cannot be evaluated offline is an explicit
unknown with a note, never a silent zero.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from cost_gate import limits
from cost_gate.errors import InputError
from cost_gate.inputs.document import no_tf_files_error
from cost_gate.limits import read_regular_file
from cost_gate.models import Project

__all__ = ["load_hcl_project", "is_hcl_dir", "selected_workspace"]


def is_hcl_dir(path: str) -> bool:
    """True when ``path`` is a directory holding Terraform/OpenTofu configuration files."""
    from .config import CONFIG_SUFFIXES

    try:
        return os.path.isdir(path) and any(n.endswith(CONFIG_SUFFIXES) for n in os.listdir(path))
    except OSError:
        return False


def selected_workspace(path: str, workspace: str | None, env: Mapping[str, str]) -> str:
    """The workspace ``terraform.workspace`` names: given, ``TF_WORKSPACE``, the one
    ``terraform workspace select`` recorded in ``.terraform/environment``, or ``default``."""
    if workspace:
        return workspace
    if env.get("TF_WORKSPACE"):
        return env["TF_WORKSPACE"]
    try:
        recorded = read_regular_file(os.path.join(path, ".terraform", "environment"), 4096,
                                     "workspace file").decode("utf-8", "replace").strip()
    except (OSError, InputError):
        recorded = ""
    return recorded or "default"


def load_hcl_project(
    path: str,
    *,
    var_files: tuple[str, ...] | list[str] = (),
    variables: dict[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    workspace: str | None = None,
    input_values: Mapping[str, Any] | None = None,
    extra_files: Mapping[str, str] | None = None,
    name: str | None = None,
) -> Project:
    """Evaluate the Terraform configuration in directory ``path`` into a Project.

    Variable values are applied with Terraform's precedence: ``TF_VAR_*`` from ``env``, then
    ``terraform.tfvars(.json)``, ``*.auto.tfvars(.json)`` (lexical order), then ``var_files``
    and finally ``variables`` (``--var k=v``; strings are parsed as HCL for complex types).
    ``input_values`` are values at the ``TF_VAR_*`` level (Terragrunt's ``inputs``);
    ``extra_files`` are configuration files (name -> text) added to the root module as if
    they were in ``path`` (Terragrunt's ``generate`` blocks). ``workspace`` is
    ``terraform.workspace``: else ``TF_WORKSPACE``, else ``.terraform/environment``, else
    ``default``.
    """
    from .budget import evaluation_budget

    if not os.path.isdir(path):
        raise InputError(f"{path}: not a directory")
    env = os.environ if env is None else env
    with evaluation_budget():
        return _load(path, var_files, variables, env, workspace, input_values, extra_files, name)


def _load(path: str, var_files: tuple[str, ...] | list[str], variables: dict[str, Any] | None,
          env: Mapping[str, str], workspace: str | None, input_values: Mapping[str, Any] | None,
          extra_files: Mapping[str, str] | None, name: str | None) -> Project:
    from .config import ModuleConfig
    from .loader import Loader, ModuleInstance

    loader = Loader(path, workspace=selected_workspace(path, workspace, env),
                    extra_files=extra_files)
    root_config: ModuleConfig = loader.config_for(loader.root_dir)
    if not is_hcl_dir(loader.root_dir) and not extra_files:
        raise no_tf_files_error(path)

    raw_values = _collect_variable_values(loader.root_dir, var_files, variables or {}, env,
                                          input_values or {})
    declared = root_config.variables

    def root_source(name: str) -> tuple[bool, Any]:
        if name not in raw_values:
            return False, None
        kind, value = raw_values[name]
        if kind == "string":
            return True, _parse_cli_value(value, declared.get(name, {}).get("type"))
        return True, value

    root = ModuleInstance(
        loader,
        root_config,
        prefix="",
        key_path=(),
        var_source=root_source,
        providers={},
    )
    changes: list = []
    try:
        root.collect(changes)
    except RecursionError:
        raise InputError(f"{path}: configuration nested too deeply to evaluate") from None
    name = name or os.path.basename(os.path.normpath(os.path.abspath(path))) or path
    return Project(
        name=name,
        source=path,
        input_type="hcl",
        changes=changes,
        notes=list(loader.notes),
    )


def _collect_variable_values(
    root_dir: str,
    var_files: tuple[str, ...] | list[str],
    variables: dict[str, Any],
    env: Mapping[str, str],
    input_values: Mapping[str, Any],
) -> dict[str, tuple[str, Any]]:
    """name -> ("string", text) for CLI/env values, ("value", v) for tfvars values."""
    values: dict[str, tuple[str, Any]] = {name: ("value", v) for name, v in input_values.items()}
    for key, text in env.items():
        if key.startswith("TF_VAR_") and len(key) > 7:
            values[key[7:]] = ("string", text)
    auto = []
    for name in ("terraform.tfvars", "terraform.tfvars.json"):
        candidate = os.path.join(root_dir, name)
        if os.path.isfile(candidate):
            auto.append(candidate)
    auto += [
        os.path.join(root_dir, n)
        for n in sorted(os.listdir(root_dir))
        if n.endswith((".auto.tfvars", ".auto.tfvars.json"))
    ]
    for file in [*auto, *var_files]:
        for name, value in read_tfvars(file).items():
            values[name] = ("value", value)
    for name, value in variables.items():
        values[name] = ("string", value) if isinstance(value, str) else ("value", value)
    return values


def read_tfvars(file: str) -> dict[str, Any]:
    """Values of a ``.tfvars`` (HCL) or ``.tfvars.json`` file."""
    from .config import body_items, parse_hcl_text, to_node
    from .evaluator import Scope, evaluate_plain
    from .expr import HclSyntaxError
    from .values import EvalError, Unknown

    try:
        text = read_regular_file(file, limits.MAX_FILE_BYTES, "variables file").decode("utf-8")
    except OSError as exc:
        raise InputError(f"{file}: cannot read variables file: {exc.strerror}") from exc
    except UnicodeDecodeError:
        raise InputError(f"{file}: variables file is not UTF-8 text") from None
    if file.endswith(".json"):
        from cost_gate.inputs.document import parse_json

        doc = parse_json(text, file)
        if not isinstance(doc, dict):
            raise InputError(f"{file}: a variables file must hold an object")
        return doc

    def no_names(name: str) -> Any:
        raise EvalError(f"variables files cannot reference {name!r}")

    out: dict[str, Any] = {}
    for name, raw in body_items(parse_hcl_text(text, file)):
        try:
            out[name] = evaluate_plain(to_node(raw), Scope(no_names))
        except (EvalError, HclSyntaxError) as exc:
            out[name] = Unknown(f"var.{name} from {file}: cannot evaluate ({exc})")
    return out


def _parse_cli_value(text: Any, raw_type: Any) -> Any:
    """``--var``/``TF_VAR_`` values are strings; complex and primitive types are converted."""
    from .config import to_node
    from .evaluator import Scope, evaluate_plain
    from .expr import HclSyntaxError, parse_expression
    from .types import is_complex
    from .values import EvalError

    if raw_type is None or not isinstance(text, str):
        return text
    try:
        type_node = to_node(raw_type)
    except HclSyntaxError:
        return text
    if not is_complex(type_node):
        return text  # primitive conversions happen in types.convert

    def no_names(name: str) -> Any:
        raise EvalError(f"cannot reference {name!r} here")

    try:
        return evaluate_plain(parse_expression(text), Scope(no_names))
    except (EvalError, HclSyntaxError):
        return text
