"""Loading: a usage YAML file -> the typed :class:`~cost_gate.usage.model.Usage` + warnings.

Reads the Infracost usage file as it is (``version: 0.1``, ``resource_type_default_usage``,
``resource_usage`` with exact addresses and ``[*]`` wildcards; values that are numbers,
strings, nested maps, lists of maps and ranges ``{min, max, expected}``) and cost-gate's
earlier ``version: 1`` files. Only a file that cannot be read as a usage file at all is an
error; every other mistake (unknown section or key, bad version, a value outside its allowed
set, a range that is not ``min <= expected <= max``...) is a warning naming the file, the key
and the closest valid spelling, and the value concerned is left out. Matching against resources
happens later (:mod:`cost_gate.usage.resolve`), once the inputs are loaded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cost_gate.errors import InputError
from cost_gate.usage.catalogue import KeySpec, all_types, known_type, valid_keys
from cost_gate.usage.model import Usage, UsageRange, UsageValue, UsageWarning

SECTIONS = ("version", "resource_type_default_usage", "resource_usage")
VERSIONS = ("0.1", "1")  # the Infracost format; cost-gate's earlier format
_RANGE_KEYS = {"min", "max", "expected"}
_INDEX = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]')
_LIST_INDEX = re.compile(r"\[\d+\]")


def load_usage_file(path: str) -> Usage:
    """Read and check a usage file; raises InputError only when it cannot be read at all."""
    import yaml

    from cost_gate.limits import MAX_YAML_BYTES, YamlLimitError, load_yaml, read_regular_file

    if Path(path).is_dir():
        raise InputError(f"{path}: is a directory, not a usage file")
    try:
        text = read_regular_file(path, MAX_YAML_BYTES, "usage file").decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such usage file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read usage file ({exc})") from None
    try:
        doc = load_yaml(text)
    except YamlLimitError as exc:
        raise InputError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"{path}: not valid YAML{where}") from None
    return parse_usage(doc, path)


def parse_usage(doc: Any, path: str = "usage file") -> Usage:
    """The typed usage model of an already parsed YAML document."""
    if doc is None:
        return Usage(path=path)
    if not isinstance(doc, dict):
        raise InputError(f"{path}: a usage file is a YAML mapping")
    usage = Usage(path=path)
    warn = usage.warnings.append
    for name in doc:
        if str(name) not in SECTIONS:
            warn(UsageWarning(path, str(name), "unknown top-level section; it is ignored",
                              _closest(str(name), SECTIONS)))
    version = doc.get("version")
    if version is not None:
        usage.version = _version_text(version)
        if usage.version not in VERSIONS:
            warn(UsageWarning(path, "version", f"unsupported version {version!r} "
                              f"(supported: {', '.join(VERSIONS)}); read as 0.1",
                              _closest(usage.version, VERSIONS)))
    for section, target in (("resource_type_default_usage", usage.by_type),
                            ("resource_usage", usage.by_address)):
        entries = doc.get(section)
        if entries is None:
            continue
        if not isinstance(entries, dict):
            raise InputError(f"{path}: `{section}` must be a mapping")
        for entry, values in entries.items():
            entry = str(entry)
            where = f"{section}.{entry}"
            if values is None:  # an entry whose keys are all commented out
                target[entry] = {}
                continue
            if not isinstance(values, dict):
                warn(UsageWarning(path, where, "must be a mapping of usage keys; it is ignored"))
                continue
            resource_type = entry if section == "resource_type_default_usage" \
                else address_type(entry)
            target[entry] = _checked(values, resource_type, where, usage)
    return usage


def address_type(address: str) -> str:
    """The resource type of an address or pattern (``module.a[*].aws_lb.x[0]`` -> aws_lb)."""
    parts = _INDEX.sub("", address).split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    if parts and parts[0] == "data":
        parts = parts[1:]
    return parts[0] if parts else ""


def _version_text(version: Any) -> str:
    if isinstance(version, float) and version.is_integer():
        return str(int(version))
    return str(version).strip()


def _closest(word: str, options: Any) -> str | None:
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return found[0] if found else None


def _checked(values: dict, resource_type: str, where: str, usage: Usage) -> dict[str, UsageValue]:
    """The entry's values, flattened, with every mistake reported and left out."""
    warn = usage.warnings.append
    if not known_type(resource_type):
        warn(UsageWarning(usage.path, where, f"unknown resource type {resource_type!r}",
                          _closest(resource_type, all_types())))
        return dict(_flatten(values))
    keys = valid_keys(resource_type)
    out: dict[str, UsageValue] = {}
    for key, value in _flatten(values):
        problem, suggestion, clean = _check_value(key, value, keys, resource_type)
        if problem:
            warn(UsageWarning(usage.path, f"{where}.{key}", problem, suggestion))
        else:
            out[key] = clean
    return out


def _flatten(values: dict, prefix: str = "") -> Iterator[tuple[str, UsageValue]]:
    for raw_key, value in values.items():
        key = f"{prefix}{raw_key}"
        if value is None:
            continue  # a key left blank or commented out
        if isinstance(value, dict):
            if value and set(map(str, value)) <= _RANGE_KEYS:
                yield key, UsageRange(_num(value.get("min")), _num(value.get("max")),
                                      _num(value.get("expected")), raw=dict(value))
            else:
                yield from _flatten(value, f"{key}.")
        elif isinstance(value, list):
            if all(isinstance(item, dict) for item in value):
                yield key, [dict(_flatten(item)) for item in value]
            else:
                yield key, value
        elif isinstance(value, bool) or isinstance(value, str):
            yield key, value
        elif isinstance(value, (int, float)):
            yield key, _num(value) if _num(value) is not None else str(value)
        else:  # dates and other YAML scalars
            yield key, str(value)


def _num(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace("_", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _check_value(key: str, value: UsageValue, keys: dict[str, KeySpec],
                 resource_type: str) -> tuple[str | None, str | None, UsageValue]:
    """(problem, closest valid spelling, cleaned value)."""
    # `node_pool[1].nodes` is spelled like the catalogue's `node_pool[0].nodes`.
    spec = keys.get(key) or keys.get(_LIST_INDEX.sub("[0]", key))
    if spec is None:
        if isinstance(value, list):
            item_keys = _list_item_keys(key, keys)
            if item_keys:
                return _check_list(key, value, item_keys)
        children = sorted(k for k in keys if k.startswith(f"{key}."))
        if children:
            return (f"expects a map of {', '.join(c[len(key) + 1:] for c in children[:6])}"
                    f"{', ...' if len(children) > 6 else ''}", None, value)
        if not keys:
            return f"{resource_type} has no usage keys", None, value
        return (f"not a usage key of {resource_type}", _closest(key, keys), value)
    if isinstance(value, UsageRange):
        if spec.value_type != "number":
            return f"expects a {_type_name(spec)}, got a range", None, value
        problem = value.problem()
        if problem:
            return problem, None, value
        return None, None, UsageRange(value.min, value.max, value.expected)
    if spec.value_type == "number":
        number = value if isinstance(value, Decimal) else (
            _num(value) if isinstance(value, str) else None)
        if number is None:
            return f"expects a number, got {_show(value)}", None, value
        if number < 0:
            return f"must not be negative, got {_show(value)}", None, value
        return None, None, number
    if spec.value_type == "bool":
        if isinstance(value, bool):
            return None, None, value
        return f"expects true or false, got {_show(value)}", None, value
    if not isinstance(value, str):
        return f"expects a string, got {_show(value)}", None, value
    if spec.choices and value not in spec.choices:
        return (f"{value!r} is not one of {', '.join(spec.choices)}",
                _closest(value, spec.choices) or _closest(value.lower(), spec.choices), value)
    return None, None, value


def _list_item_keys(key: str, keys: dict[str, KeySpec]) -> dict[str, KeySpec]:
    """The keys of one item of a list of maps: ``key.[].sub`` or ``key[0].sub`` in the
    catalogue (a YAML list ``node_pool: [{nodes: 2}]`` is ``node_pool[0].nodes``)."""
    out = {}
    for name, spec in keys.items():
        for prefix in (f"{key}.[].", f"{key}[0]."):
            if name.startswith(prefix):
                out[name[len(prefix):]] = spec
    return out


def _check_list(key: str, items: list, item_keys: dict[str, KeySpec]
                ) -> tuple[str | None, str | None, UsageValue]:
    for index, item in enumerate(items):
        for sub_key, sub_value in item.items():
            problem, suggestion, clean = _check_value(sub_key, sub_value, item_keys, key)
            if problem:
                return f"item {index}: {sub_key}: {problem}", suggestion, items
            item[sub_key] = clean
    return None, None, items


def _type_name(spec: KeySpec) -> str:
    return {"number": "number", "bool": "boolean"}.get(spec.value_type, "string")


def _show(value: Any) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, UsageRange):
        return "a range"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else f"{text[:37]}..."
