"""The `.cost-gate.yml` configuration: found, validated against its JSON schema, typed.

The file is found from the working directory upward to the repository root (the first
directory holding ``.git``), or given with ``--config FILE`` / ``COST_GATE_CONFIG``. It is
validated against ``cost_gate/schema/config.schema.json``; an unknown key is an error naming
the key, where it is and the closest valid spelling (exit 2). Every command-line flag (and
its ``COST_GATE_*`` variable) wins over the file. Paths in the file are relative to the
file's directory.

Every section is acted on: budgets (whole-run, scoped, per project) by the gate; ``projects``,
``usage-file``, ``region``, ``jobs``, ``pricing-dir``, ``pricing-model``, ``unpriced``,
``gate-on`` and ``max-price-age`` as the defaults of their flags; ``tag-policy``, ``allocation``,
``recommendations``, ``junk`` and ``units`` by the FinOps policies (:mod:`cost_gate.finops`).
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cost_gate.errors import UsageError
from cost_gate.gate import Budgets, BudgetScope, NamedBudget

if TYPE_CHECKING:
    from cost_gate.finops.settings import Checks, Policy

CONFIG_NAMES = (".cost-gate.yml", ".cost-gate.yaml")
CONFIG_ENV = "COST_GATE_CONFIG"
LIMIT_KEYS = ("max-increase", "max-increase-percent", "max-total", "warn-increase",
              "warn-increase-percent", "warn-total")


class ConfigError(UsageError):
    """The configuration file is unreadable, not YAML, or does not match the schema."""


@dataclass(frozen=True)
class BudgetConfig:
    name: str
    limits: Budgets
    scope: BudgetScope | None = None  # None: the whole run (or the project it is listed under)


@dataclass(frozen=True)
class ProjectConfig:
    name: str
    path: str  # absolute
    var_files: tuple[str, ...] = ()
    usage_file: str | None = None
    workspace: str | None = None
    tool: Literal["terraform", "terragrunt"] | None = None  # None: detect
    budgets: tuple[BudgetConfig, ...] = ()


@dataclass(frozen=True)
class TagPolicy:
    required: tuple[str, ...] = ()
    allowed: dict[str, tuple[str, ...] | str] = field(default_factory=dict)  # list or regex
    resource_types: tuple[str, ...] = ()  # empty: every resource that costs money
    on_violation: Literal["warn", "fail"] = "warn"


@dataclass(frozen=True)
class Allocation:
    tag: str


@dataclass(frozen=True)
class Recommendations:
    enabled: bool = True
    ignore: tuple[str, ...] = ()  # finding ids (recommendations and junk) silenced
    severity: Literal["info", "warn", "fail"] = "info"
    env_tag: str = "env"
    non_prod_envs: tuple[str, ...] | None = None  # None: DEFAULT_NON_PROD_ENVS


@dataclass(frozen=True)
class Junk:
    enabled: bool = True
    severity: Literal["info", "warn", "fail"] = "warn"


@dataclass(frozen=True)
class UnitEconomics:
    name: str
    monthly: Decimal


@dataclass(frozen=True)
class Settings:
    """Plain settings, each the default of the flag of the same name."""

    unpriced: Literal["fail", "warn", "ignore"] | None = None
    gate_on: Literal["low", "expected", "high"] | None = None
    usage_file: str | None = None  # absolute
    region: str | None = None
    max_price_age: int | None = None  # days
    jobs: int | None = None
    pricing_dir: str | None = None  # absolute
    pricing_model: str | None = None  # on-demand | spot | reserved-1y | reserved-3y


@dataclass(frozen=True)
class Config:
    path: str | None  # None: no file (defaults only)
    version: int = 1
    settings: Settings = field(default_factory=Settings)
    budgets: tuple[BudgetConfig, ...] = ()
    projects: tuple[ProjectConfig, ...] = ()
    tag_policy: TagPolicy | None = None
    allocation: Allocation | None = None
    recommendations: Recommendations | None = None
    junk: Junk | None = None
    units: tuple[UnitEconomics, ...] = ()

    def policy(self) -> Policy:
        """The report-level FinOps policies of this file."""
        from cost_gate.finops.settings import Policy

        recs = self.recommendations or Recommendations()
        junk = self.junk or Junk()
        return Policy(tag_policy=self.tag_policy,
                      allocation_tag=self.allocation.tag if self.allocation else None,
                      units=self.units, recommendations=recs.enabled, junk=junk.enabled,
                      ignore=recs.ignore, recommendation_severity=recs.severity,
                      junk_severity=junk.severity)

    def checks(self, pricing_model: str | None = None) -> Checks:
        """The plan-time FinOps checks (``pricing_model``: the flag, which wins)."""
        from cost_gate.finops.settings import DEFAULT_NON_PROD_ENVS, Checks

        recs = self.recommendations or Recommendations()
        return Checks(recommendations=recs.enabled,
                      junk=(self.junk or Junk()).enabled, env_tag=recs.env_tag,
                      non_prod_envs=recs.non_prod_envs if recs.non_prod_envs is not None
                      else DEFAULT_NON_PROD_ENVS,
                      pricing_model=pricing_model or self.settings.pricing_model or "on-demand")

    def gate_budgets(self, flags: Budgets | None) -> list[NamedBudget]:
        """The named budgets the gate evaluates: whole-run ones, then scoped ones, then each
        project's.

        A limit given by flag (or its environment variable) replaces the same limit of every
        whole-run budget of the file: the flag wins. Scoped budgets keep their own limits.
        """
        out: list[NamedBudget] = []
        for budget in self.budgets:
            if budget.scope is not None:
                continue
            limits = budget.limits.without(flags) if flags is not None else budget.limits
            if limits.any():
                out.append(NamedBudget(budget.name, limits))
        for budget in self.budgets:
            if budget.scope is not None and budget.limits.any():
                out.append(NamedBudget(budget.name, budget.limits, scope=budget.scope))
        for project in self.projects:
            for budget in project.budgets:
                out.append(NamedBudget(budget.name, budget.limits, project=project.name))
        return out

    def project_named(self, name: str) -> ProjectConfig | None:
        return next((p for p in self.projects if p.name == name), None)


# ----------------------------------------------------------------- finding and loading


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The nearest config file from ``start`` upward, stopping at the repository root."""
    directory = Path(start).resolve()
    for candidate in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                return path
        if (candidate / ".git").exists():
            return None
    return None


def load_config(
    explicit: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> Config | None:
    """``--config FILE``, else ``$COST_GATE_CONFIG``, else the nearest file; None if none."""
    env = os.environ if env is None else env
    given = explicit or env.get(CONFIG_ENV) or None
    if given:
        if not Path(given).is_file():
            source = "--config" if explicit else CONFIG_ENV
            raise ConfigError(f"{given}: config file not found ({source})")
        return read_config(given)
    found = find_config(cwd if cwd is not None else os.getcwd())
    return read_config(found) if found else None


def read_config(path: str | os.PathLike[str]) -> Config:
    """Read, validate and type one config file."""
    import yaml

    from cost_gate.errors import InputError
    from cost_gate.limits import MAX_YAML_BYTES, YamlLimitError, load_yaml, read_regular_file

    shown = str(path)
    try:
        text = read_regular_file(path, MAX_YAML_BYTES, "config file").decode("utf-8")
    except InputError as exc:
        raise ConfigError(exc.one_line()) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot read config file: "
                          f"{getattr(exc, 'strerror', None) or exc}") from None
    try:
        doc = load_yaml(text)
    except YamlLimitError as exc:
        raise ConfigError(f"{shown}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{shown}{where}: not valid YAML ({problem})") from None
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise ConfigError(f"{shown}: a config file must be a mapping of keys, "
                          f"not {type(doc).__name__}")
    validate_config(doc, shown)
    return _typed(doc, Path(path).resolve().parent, shown)


@lru_cache(maxsize=1)
def config_schema() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "schema" / "config.schema.json").read_text())


def validate_config(doc: dict[str, Any], shown: str = "config") -> None:
    """Raise :class:`ConfigError` for the first schema violation (unknown keys first)."""
    import jsonschema  # runtime dependency, only loaded when a config file is used

    schema = config_schema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(doc),
                    key=lambda e: (e.validator != "additionalProperties", list(e.absolute_path)))
    if not errors:
        return
    error = errors[0]
    place = _place(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        valid = list(error.schema.get("properties") or {})
        unknown = [k for k in error.instance if k not in valid]
        key = str(unknown[0]) if unknown else "?"
        where = "at the top level" if not place else f"in {place}"
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else (
            f" (valid keys: {', '.join(valid)})" if valid else "")
        raise ConfigError(f"{shown}: unknown key {key!r} {where}{hint}")
    if error.validator == "required":
        raise ConfigError(f"{shown}: {place or 'top level'}: {error.message}")
    raise ConfigError(f"{shown}: {place or 'top level'}: {_short(error)}")


def _place(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(error: Any) -> str:
    if error.validator == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value)
        return f"{error.instance!r} is not one of {allowed}"
    if error.validator == "const":
        return f"{error.instance!r}: only {error.validator_value!r} is supported"
    if error.validator == "type":
        return f"{error.instance!r} is not of type {error.validator_value}"
    return error.message


# ----------------------------------------------------------------- typing


def age_days(value: int | str | None) -> int | None:
    """A price-data age in days: 400, "400", "400d", "6m" (x30 days), "1y" (x365 days); None
    when unset. ValueError for anything else (the schema and ``--max-price-age`` say so)."""
    if value is None or str(value).strip() == "":
        return None
    import re

    match = re.fullmatch(r"\s*(\d+)\s*([dmy]?)\s*", str(value).lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(value)
    return int(match.group(1)) * {"": 1, "d": 1, "m": 30, "y": 365}[match.group(2)]


def _limits(entry: Mapping[str, Any], where: str) -> Budgets:
    values = {key.replace("-", "_"): entry.get(key) for key in LIMIT_KEYS}
    try:
        return Budgets.parse(values)
    except UsageError as exc:  # cannot happen after validation; keep the place in the message
        raise ConfigError(f"{where}: {exc.message}") from None


def _budget(entry: Mapping[str, Any], where: str, default_name: str) -> BudgetConfig:
    scope = entry.get("scope")
    return BudgetConfig(
        name=str(entry.get("name") or default_name),
        limits=_limits(entry, where),
        scope=None if scope is None else BudgetScope(
            tags={str(k): str(v) for k, v in (scope.get("tags") or {}).items()},
            projects=tuple(scope.get("projects") or ()),
            resource_types=tuple(scope.get("resource-types") or ()),
        ),
    )


def _allowed(allowed: Mapping[str, Any], shown: str) -> dict[str, tuple[str, ...] | str]:
    """tag-policy.allowed: a list of values, or a regular expression (checked here)."""
    import re

    out: dict[str, tuple[str, ...] | str] = {}
    for key, value in allowed.items():
        if isinstance(value, str):
            try:
                re.compile(value)
            except re.error as exc:
                raise ConfigError(f"{shown}: tag-policy.allowed.{key}: invalid regular "
                                  f"expression ({exc})") from None
            out[str(key)] = value
        else:
            out[str(key)] = tuple(value)
    return out


def _path(base: Path, value: str | None) -> str | None:
    if value is None:
        return None
    return str((base / os.path.expanduser(value)).resolve())


def _typed(doc: dict[str, Any], base: Path, shown: str) -> Config:
    budgets = tuple(_budget(b, f"{shown}: budgets[{i}]", f"budget {i + 1}")
                    for i, b in enumerate(doc.get("budgets") or []))
    projects = []
    seen: set[str] = set()
    for i, entry in enumerate(doc.get("projects") or []):
        name = entry.get("name") or entry["path"]
        if name in seen:
            raise ConfigError(f"{shown}: projects[{i}]: duplicate project name {name!r}")
        seen.add(name)
        projects.append(ProjectConfig(
            name=name,
            path=_path(base, entry["path"]) or "",
            var_files=tuple(_path(base, f) or "" for f in entry.get("var-files") or ()),
            usage_file=_path(base, entry.get("usage-file")),
            workspace=entry.get("workspace"),
            tool=entry.get("tool"),
            budgets=tuple(_budget(b, f"{shown}: projects[{i}].budgets[{j}]", name)
                          for j, b in enumerate(entry.get("budgets") or [])),
        ))
    policy = doc.get("tag-policy")
    recommendations = doc.get("recommendations")
    return Config(
        path=shown,
        version=int(doc.get("version", 1)),
        settings=Settings(
            unpriced=doc.get("unpriced"),
            gate_on=doc.get("gate-on"),
            usage_file=_path(base, doc.get("usage-file")),
            region=doc.get("region"),
            max_price_age=age_days(doc.get("max-price-age")),
            jobs=doc.get("jobs"),
            pricing_dir=_path(base, doc.get("pricing-dir")),
            pricing_model=doc.get("pricing-model"),
        ),
        budgets=budgets,
        projects=tuple(projects),
        tag_policy=None if policy is None else TagPolicy(
            required=tuple(policy.get("required") or ()),
            allowed=_allowed(policy.get("allowed") or {}, shown),
            resource_types=tuple(policy.get("resource-types") or ()),
            on_violation=policy.get("on-violation", "warn"),
        ),
        allocation=None if doc.get("allocation") is None else Allocation(
            tag=doc["allocation"]["tag"]),
        recommendations=None if recommendations is None else Recommendations(
            enabled=bool(recommendations.get("enabled", True)),
            ignore=tuple(recommendations.get("ignore") or ()),
            severity=recommendations.get("severity", "info"),
            env_tag=recommendations.get("env-tag", "env"),
            non_prod_envs=None if recommendations.get("non-prod-envs") is None
            else tuple(recommendations["non-prod-envs"]),
        ),
        junk=None if doc.get("junk") is None else Junk(
            enabled=bool(doc["junk"].get("enabled", True)),
            severity=doc["junk"].get("severity", "warn"),
        ),
        units=tuple(UnitEconomics(u["name"], Decimal(str(u["monthly"])))
                    for u in doc.get("units") or []),
    )
