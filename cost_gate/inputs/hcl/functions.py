"""The Terraform built-in functions HCL mode evaluates.

Every function receives fully materialised Python values. An argument that is unknown makes
the result unknown (see :func:`call`); a helper meeting an unknown deeper inside a
collection raises :class:`UnknownFound`, which :func:`call` turns into that unknown.
Functions whose result cannot be known before apply (``uuid``, ``timestamp``...) return an
unknown; functions that are not implemented return an unknown with a reason, never crash.

Every function is total: a domain error (a huge or invalid number, a bad regex, a result
past the size limits of :mod:`cost_gate.limits`) is Terraform's "Invalid function
argument", raised as an :class:`EvalError` that becomes a note where the value is used.
Regular expressions run on RE2 (as in Terraform), which cannot backtrack.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import os
import re
from collections.abc import Callable
from typing import Any

from cost_gate import limits
from cost_gate.errors import CostGateError
from cost_gate.limits import read_regular_file

from .values import (
    EvalError,
    Unknown,
    UnknownFound,
    describe,
    first_unknown,
    materialize,
    merge_unknowns,
    normalize_number,
    to_bool,
    to_json_text,
    to_number,
    to_str,
)

FUNCTIONS: dict[str, Callable[..., Any]] = {}

# Functions whose value Terraform only knows at apply time.
_APPLY_TIME = {"uuid", "timestamp", "bcrypt", "plantimestamp", "uuidv5"}


def _fn(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        for name in names:
            FUNCTIONS[name] = func
        return func

    return register


def call(name: str, args: list[Any], *, module_dir: str = ".") -> Any:
    """Call the built-in ``name``; unknown arguments give an unknown result."""
    if name.startswith("provider::"):
        return Unknown(f"provider function {name}() is not evaluated in HCL mode")
    if name in _APPLY_TIME:
        return Unknown(f"{name}() is known only after apply", computed=True)
    func = FUNCTIONS.get(name)
    if func is None:
        return Unknown(f"function {name}() is not supported in HCL mode")
    args = [materialize(a) for a in args]
    top = [a for a in args if isinstance(a, Unknown)]
    if top:
        return merge_unknowns(*top)
    try:
        if name in _NEEDS_DIR:
            return func(module_dir, *args)
        return func(*args)
    except UnknownFound as found:
        return found.unknown
    except EvalError as exc:
        raise EvalError(f"Invalid function argument: {name}(): {exc}") from exc
    except (TypeError, ValueError, KeyError, IndexError, ArithmeticError, RecursionError,
            MemoryError, re.error, _RegexError) as exc:
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise EvalError(f"Invalid function argument: {name}(): {detail}") from None


def _cap_items(count: int, what: str) -> None:
    if count > limits.MAX_COLLECTION_ITEMS:
        raise EvalError(f"{what} would have {count:,} elements (limit {limits.MAX_COLLECTION_ITEMS:,})")


def _cap_chars(count: int, what: str = "the result") -> None:
    if count > limits.MAX_STRING_CHARS:
        raise EvalError(f"{what} would be {count:,} characters long "
                        f"(limit {limits.MAX_STRING_CHARS:,})")


def _check(value: Any) -> Any:
    """Raise UnknownFound if ``value`` contains an unknown anywhere."""
    found = first_unknown(value)
    if found is not None:
        raise UnknownFound(found)
    return value


def _s(value: Any) -> str:
    if isinstance(value, Unknown):
        raise UnknownFound(value)
    return to_str(value)


def _n(value: Any) -> int | float:
    if isinstance(value, Unknown):
        raise UnknownFound(value)
    return to_number(value)


def _list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    raise EvalError(f"a list is required, got {describe(value)}")


def _map(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise EvalError(f"a map is required, got {describe(value)}")


def _set(items: list[Any]) -> list[Any]:
    """Terraform sets: unique elements; strings come back sorted."""
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    if all(isinstance(i, str) for i in out):
        out.sort()
    return out


# ---------------------------------------------------------------- collections


@_fn("length")
def _length(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, dict)):
        return len(value)
    raise EvalError(f"cannot take the length of {describe(value)}")


@_fn("lookup")
def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    mapping = _map(mapping)
    key = _s(key)
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise EvalError(f"the map has no key {key!r} and no default was given")


@_fn("merge")
def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in maps:
        if m is None:
            continue
        out.update(_map(m))
    return out


@_fn("concat")
def _concat(*lists: Any) -> list[Any]:
    out: list[Any] = []
    for item in lists:
        out.extend(_list(item))
    return out


@_fn("element")
def _element(lst: Any, index: Any) -> Any:
    lst = _list(lst)
    if not lst:
        raise EvalError("cannot use element() on an empty list")
    return lst[int(_n(index)) % len(lst)]


@_fn("index")
def _index(lst: Any, value: Any) -> int:
    lst = _list(lst)
    _check(lst)
    if value not in lst:
        raise EvalError("value not found in list")
    return lst.index(value)


@_fn("contains")
def _contains(lst: Any, value: Any) -> bool:
    lst = _list(lst)
    if value in lst:
        return True
    _check(lst)
    return False


@_fn("keys")
def _keys(mapping: Any) -> list[str]:
    return sorted(_map(mapping))


@_fn("values")
def _values(mapping: Any) -> list[Any]:
    mapping = _map(mapping)
    return [mapping[k] for k in sorted(mapping)]


@_fn("tomap")
def _tomap(mapping: Any) -> dict[str, Any]:
    return dict(_map(mapping))


@_fn("tolist")
def _tolist(lst: Any) -> list[Any]:
    return list(_list(lst))


@_fn("toset")
def _toset(lst: Any) -> list[Any]:
    lst = _list(lst)
    _check(lst)
    return _set(lst)


@_fn("tostring")
def _tostring(value: Any) -> str | None:
    return None if value is None else _s(value)


@_fn("tonumber")
def _tonumber(value: Any) -> int | float | None:
    return None if value is None else _n(value)


@_fn("tobool")
def _tobool(value: Any) -> bool | None:
    return None if value is None else to_bool(value)


@_fn("coalesce")
def _coalesce(*values: Any) -> Any:
    for value in values:
        if value is not None and value != "":
            return value
    raise EvalError("no non-null, non-empty argument")


@_fn("coalescelist")
def _coalescelist(*lists: Any) -> list[Any]:
    for lst in lists:
        if _list(lst):
            return lst
    raise EvalError("no non-empty list")


@_fn("compact")
def _compact(lst: Any) -> list[Any]:
    return [v for v in _list(lst) if v is not None and v != ""]


@_fn("distinct")
def _distinct(lst: Any) -> list[Any]:
    out: list[Any] = []
    for item in _check(_list(lst)):
        if item not in out:
            out.append(item)
    return out


@_fn("flatten")
def _flatten(lst: Any) -> list[Any]:
    out: list[Any] = []
    for item in _list(lst):
        if isinstance(item, Unknown):
            raise UnknownFound(item)
        if isinstance(item, list):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


@_fn("slice")
def _slice(lst: Any, start: Any, end: Any) -> list[Any]:
    lst, first, last = _list(lst), _int(start), _int(end)
    if not 0 <= first <= last <= len(lst):
        raise EvalError(f"indexes {first}..{last} are outside a list of {len(lst)}")
    return lst[first:last]


def _int(value: Any) -> int:
    """A whole number argument (Terraform numbers used as indexes, counts, widths)."""
    number = _n(value)
    if isinstance(number, float) and not number.is_integer():
        raise EvalError(f"a whole number is required, got {number}")
    return int(number)


@_fn("reverse")
def _reverse(lst: Any) -> list[Any]:
    return list(reversed(_list(lst)))


@_fn("sort")
def _sort(lst: Any) -> list[str]:
    return sorted(_s(v) for v in _list(lst))


@_fn("zipmap")
def _zipmap(keys: Any, vals: Any) -> dict[str, Any]:
    return {_s(k): v for k, v in zip(_list(keys), _list(vals), strict=False)}


@_fn("range")
def _range(*args: Any) -> list[int | float]:
    nums = [_n(a) for a in args]
    if len(nums) == 1:
        start, stop, step = 0, nums[0], 1
    elif len(nums) == 2:
        start, stop, step = nums[0], nums[1], 1 if nums[1] >= nums[0] else -1
    else:
        start, stop, step = nums
    if step == 0:
        raise EvalError("step must not be zero")
    out: list[int | float] = []
    value = start
    while (step > 0 and value < stop) or (step < 0 and value > stop):
        out.append(normalize_number(value))
        value += step
        if len(out) > 1024:
            raise EvalError("more than 1024 elements")
    return out


@_fn("one")
def _one(lst: Any) -> Any:
    lst = _list(lst)
    if len(lst) > 1:
        raise EvalError("more than one element")
    return lst[0] if lst else None


@_fn("sum")
def _sum(lst: Any) -> int | float:
    return normalize_number(sum(_n(v) for v in _list(lst)))


@_fn("alltrue")
def _alltrue(lst: Any) -> bool:
    return all(to_bool(_check(v)) for v in _list(lst))


@_fn("anytrue")
def _anytrue(lst: Any) -> bool:
    return any(to_bool(_check(v)) for v in _list(lst))


@_fn("chunklist")
def _chunklist(lst: Any, size: Any) -> list[list[Any]]:
    lst, n = _list(lst), _int(size)
    if n < 0:
        raise EvalError("the chunk size must not be negative")
    if n <= 0:
        return [lst]
    return [lst[i : i + n] for i in range(0, len(lst), n)]


@_fn("setunion")
def _setunion(*sets: Any) -> list[Any]:
    return _set([v for s in sets for v in _check(_list(s))])


@_fn("setintersection")
def _setintersection(first: Any, *rest: Any) -> list[Any]:
    others = [_check(_list(s)) for s in rest]
    return _set([v for v in _check(_list(first)) if all(v in o for o in others)])


@_fn("setsubtract")
def _setsubtract(first: Any, second: Any) -> list[Any]:
    other = _check(_list(second))
    return _set([v for v in _check(_list(first)) if v not in other])


@_fn("setproduct")
def _setproduct(*sets: Any) -> list[list[Any]]:
    total = 1
    for item in sets:
        total *= len(_list(item))
        _cap_items(total, "the product")
    out: list[list[Any]] = [[]]
    for s in sets:
        out = [prev + [v] for prev in out for v in _list(s)]
    return out


@_fn("transpose")
def _transpose(mapping: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, lst in _map(mapping).items():
        for value in _list(lst):
            out.setdefault(_s(value), []).append(key)
    return {k: sorted(v) for k, v in out.items()}


# ---------------------------------------------------------------- numbers


@_fn("min")
def _min(*nums: Any) -> int | float:
    return min(_n(n) for n in nums)


@_fn("max")
def _max(*nums: Any) -> int | float:
    return max(_n(n) for n in nums)


@_fn("abs")
def _abs(n: Any) -> int | float:
    return abs(_n(n))


@_fn("ceil")
def _ceil(n: Any) -> int:
    return math.ceil(_n(n))


@_fn("floor")
def _floor(n: Any) -> int:
    return math.floor(_n(n))


@_fn("pow")
def _pow(a: Any, b: Any) -> int | float:
    return normalize_number(math.pow(_n(a), _n(b)))  # OverflowError past 1.8e308: a note


@_fn("log")
def _log(a: Any, base: Any) -> float:
    return normalize_number(math.log(_n(a), _n(base)))


@_fn("signum")
def _signum(n: Any) -> int:
    value = _n(n)
    return (value > 0) - (value < 0)


@_fn("parseint")
def _parseint(text: Any, base: Any) -> int:
    digits, radix = _s(text), _int(base)
    if not 2 <= radix <= 62:
        raise EvalError(f"base {radix} is out of range (2 to 62)")
    if len(digits) > limits.MAX_NUMBER_DIGITS:
        raise EvalError(f"a {len(digits)}-character number is too long")
    return int(digits, radix)


# ---------------------------------------------------------------- strings


@_fn("upper")
def _upper(s: Any) -> str:
    return _s(s).upper()


@_fn("lower")
def _lower(s: Any) -> str:
    return _s(s).lower()


@_fn("title")
def _title(s: Any) -> str:
    return re.sub(r"\b(\w)", lambda m: m.group(1).upper(), _s(s))


@_fn("trimspace")
def _trimspace(s: Any) -> str:
    return _s(s).strip()


@_fn("chomp")
def _chomp(s: Any) -> str:
    return re.sub(r"[\r\n]+$", "", _s(s))


@_fn("trim")
def _trim(s: Any, chars: Any) -> str:
    return _s(s).strip(_s(chars))


@_fn("trimprefix")
def _trimprefix(s: Any, prefix: Any) -> str:
    text, pre = _s(s), _s(prefix)
    return text[len(pre) :] if pre and text.startswith(pre) else text


@_fn("trimsuffix")
def _trimsuffix(s: Any, suffix: Any) -> str:
    text, suf = _s(s), _s(suffix)
    return text[: -len(suf)] if suf and text.endswith(suf) else text


@_fn("startswith")
def _startswith(s: Any, prefix: Any) -> bool:
    return _s(s).startswith(_s(prefix))


@_fn("endswith")
def _endswith(s: Any, suffix: Any) -> bool:
    return _s(s).endswith(_s(suffix))


@_fn("strrev")
def _strrev(s: Any) -> str:
    return _s(s)[::-1]


@_fn("substr")
def _substr(s: Any, offset: Any, length: Any) -> str:
    text, off, ln = _s(s), _int(offset), _int(length)
    if abs(off) > len(text):
        raise EvalError(f"offset {off} is outside a string of {len(text)} characters")
    if off < 0:
        off += len(text)
    return text[off:] if ln < 0 else text[off : off + ln]


@_fn("split")
def _split(sep: Any, s: Any) -> list[str]:
    text = _s(s)
    return text.split(_s(sep)) if text else [""]


@_fn("join")
def _join(sep: Any, *lists: Any) -> str:
    glue = _s(sep)
    parts = [_s(v) for lst in lists for v in _list(lst)]
    _cap_chars(sum(map(len, parts)) + len(glue) * max(len(parts) - 1, 0))
    return glue.join(parts)


@_fn("indent")
def _indent(n: Any, s: Any) -> str:
    width, text = _int(n), _s(s)
    if width < 0:
        raise EvalError("the number of spaces must not be negative")
    _cap_chars(len(text) + width * text.count("\n"))
    return text.replace("\n", "\n" + " " * width)


try:  # RE2, as Terraform uses: linear time, no catastrophic backtracking
    import re2 as _re2

    _RegexError: type[Exception] = _re2.error
except ImportError:  # pragma: no cover - google-re2 is a dependency; defensive only
    _re2 = None
    _RegexError = re.error

# Without RE2, constructs that can backtrack exponentially are refused instead.
_BACKTRACKING = re.compile(r"\\[1-9]|\(\?[=!<]|\([^()]*[+*}][^()]*\)\s*[+*{]")
_COMPILED: dict[str, Any] = {}


def compile_regex(pattern: str) -> Any:
    """The RE2-compiled ``pattern`` (cached): linear-time matching whatever the text; invalid
    syntax (or, without RE2, a construct that could backtrack) is an EvalError."""
    compiled = _COMPILED.get(pattern)
    if compiled is not None:
        return compiled
    if len(pattern) > 10_000:
        raise EvalError("the regular expression is longer than 10,000 characters")
    try:
        if _re2 is not None:
            options = _re2.Options()
            options.log_errors = False
            compiled = _re2.compile(pattern, options)
        else:  # pragma: no cover
            if _BACKTRACKING.search(pattern):
                raise EvalError("the regular expression could backtrack without bound")
            compiled = re.compile(pattern)
    except (_RegexError, re.error, TypeError, ValueError) as exc:
        detail = exc.args[0] if exc.args else ""
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise EvalError(f"invalid regular expression: {str(detail)[:120] or 'syntax'}") from None
    if len(_COMPILED) < 1000:
        _COMPILED[pattern] = compiled
    return compiled


def _go_regex(pattern: str) -> str:
    """RE2 named groups ``(?P<x>)`` are Python syntax already; other syntax is close enough."""
    return pattern


@_fn("replace")
def _replace(s: Any, search: Any, repl: Any) -> str:
    text, pat, rep = _s(s), _s(search), _s(repl)
    if len(pat) >= 2 and pat.startswith("/") and pat.endswith("/"):
        py_rep = re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", rep)
        result = compile_regex(_go_regex(pat[1:-1])).sub(py_rep, text)
    else:
        if pat:
            _cap_chars(len(text) + text.count(pat) * max(len(rep) - len(pat), 0))
        result = text.replace(pat, rep)
    _cap_chars(len(result))
    return result


@_fn("regex")
def _regex(pattern: Any, s: Any) -> Any:
    match = compile_regex(_go_regex(_s(pattern))).search(_s(s))
    if match is None:
        raise EvalError("pattern did not match")
    if match.groupdict():
        return match.groupdict()
    if match.groups():
        return list(match.groups())
    return match.group(0)


@_fn("regexall")
def _regexall(pattern: Any, s: Any) -> list[Any]:
    compiled = compile_regex(_go_regex(_s(pattern)))
    out: list[Any] = []
    for match in compiled.finditer(_s(s)):
        if match.groupdict():
            out.append(match.groupdict())
        elif match.groups():
            out.append(list(match.groups()))
        else:
            out.append(match.group(0))
    return out


_VERB = re.compile(r"%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")


@_fn("format")
def _format(fmt: Any, *args: Any) -> str:
    text = _s(fmt)
    values = list(args)
    pos = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal pos
        flags, width, prec, verb = match.groups()
        if verb == "%":
            return "%"
        if pos >= len(values):
            raise EvalError("not enough arguments for format string")
        value = values[pos]
        pos += 1
        if isinstance(value, Unknown):
            raise UnknownFound(value)
        if (width and len(width) > 7) or (prec and len(prec) > 7):
            raise EvalError("format width or precision is too large")
        _cap_chars(int(width or 0) + int(prec or 0), "a formatted value")
        spec = "%" + flags + (width or "") + (f".{prec}" if prec is not None else "")
        if verb == "d":
            return (spec + "d") % int(_n(value))
        if verb in "feEgG":
            return (spec + verb) % float(_n(value))
        if verb in "xXob":
            number = int(_n(value))
            if verb == "b":
                return (spec + "s") % format(number, "b")
            return (spec + verb) % number
        if verb == "q":
            return (spec + "s") % json.dumps(_s(value))
        if verb == "t":
            return (spec + "s") % ("true" if to_bool(value) else "false")
        if verb in "sv":
            if isinstance(value, (list, dict)):
                return (spec + "s") % to_json_text(value)
            return (spec + "s") % _s(value)
        raise EvalError(f"unsupported format verb %{verb}")

    result = _VERB.sub(repl, text)
    _cap_chars(len(result))
    return result


@_fn("formatlist")
def _formatlist(fmt: Any, *args: Any) -> list[str]:
    lengths = {len(a) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("list arguments must all have the same length")
    count = lengths.pop() if lengths else 1
    _cap_items(count, "the list")
    return [_format(fmt, *[a[i] if isinstance(a, list) else a for a in args]) for i in range(count)]


# ---------------------------------------------------------------- encoding, hashing


@_fn("jsonencode")
def _jsonencode(value: Any) -> str:
    return to_json_text(value)


@_fn("jsondecode")
def _jsondecode(text: Any) -> Any:
    from cost_gate.inputs.document import exceeds_depth

    source = _s(text)
    if exceeds_depth(source):
        raise EvalError("the JSON nests too deeply")

    def no_constant(token: str) -> Any:
        raise EvalError(f"{token} is not a JSON number")

    value = json.loads(source, parse_constant=no_constant)
    _check_numbers(value)
    return value


def _check_numbers(value: Any) -> None:
    """Raise for a non-finite number anywhere in a decoded value (``1e400``)."""
    if isinstance(value, float):
        normalize_number(value)
    elif isinstance(value, list):
        for item in value:
            _check_numbers(item)
    elif isinstance(value, dict):
        for item in value.values():
            _check_numbers(item)


@_fn("base64encode")
def _base64encode(s: Any) -> str:
    return base64.b64encode(_s(s).encode()).decode()


@_fn("base64decode")
def _base64decode(s: Any) -> str:
    return base64.b64decode(_s(s)).decode()


@_fn("urlencode")
def _urlencode(s: Any) -> str:
    from urllib.parse import quote

    return quote(_s(s), safe="")


def _hash(algo: str) -> Callable[[Any], str]:
    return lambda s: hashlib.new(algo, _s(s).encode()).hexdigest()


FUNCTIONS.update({"md5": _hash("md5"), "sha1": _hash("sha1"), "sha256": _hash("sha256")})
FUNCTIONS["sha512"] = _hash("sha512")


@_fn("sensitive", "nonsensitive")
def _identity(value: Any) -> Any:
    return value


# ---------------------------------------------------------------- files


_NEEDS_DIR = {"file", "fileexists", "templatefile", "filebase64", "abspath"}


def _resolve(module_dir: str, path: Any) -> str:
    text = _s(path)
    return text if os.path.isabs(text) else os.path.join(module_dir, text)


def _read(module_dir: str, path: Any) -> bytes:
    """A regular file of at most limits.MAX_FILE_BYTES (no FIFO, device or symlink loop)."""
    try:
        return read_regular_file(_resolve(module_dir, path), limits.MAX_FILE_BYTES, "file")
    except CostGateError as exc:
        raise EvalError(exc.message) from None
    except OSError as exc:
        raise EvalError(f"cannot read {path}: {exc.strerror}") from None


@_fn("file")
def _file(module_dir: str, path: Any) -> str:
    try:
        return _read(module_dir, path).decode("utf-8")
    except UnicodeDecodeError:
        raise EvalError(f"{path} is not UTF-8 text (use filebase64)") from None


@_fn("filebase64")
def _filebase64(module_dir: str, path: Any) -> str:
    return base64.b64encode(_read(module_dir, path)).decode()


@_fn("fileexists")
def _fileexists(module_dir: str, path: Any) -> bool:
    return os.path.isfile(_resolve(module_dir, path))


@_fn("abspath")
def _abspath(module_dir: str, path: Any) -> str:
    return os.path.abspath(_s(path))


@_fn("basename")
def _basename(path: Any) -> str:
    return os.path.basename(_s(path))


@_fn("dirname")
def _dirname(path: Any) -> str:
    return os.path.dirname(_s(path))


@_fn("templatefile")
def _templatefile(module_dir: str, path: Any, variables: Any) -> Any:
    from .evaluator import render_template_file

    text = _file(module_dir, path)
    return render_template_file(text, _map(variables), module_dir)


# ---------------------------------------------------------------- networking


def _newbits(net: Any, bits: Any) -> int:
    number = _int(bits)
    if number < 0 or net.prefixlen + number > net.max_prefixlen:
        raise EvalError(f"{number} new bits do not fit a /{net.prefixlen} prefix")
    return number


@_fn("cidrsubnet")
def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    net = ipaddress.ip_network(_s(prefix), strict=False)
    new_prefix = net.prefixlen + _newbits(net, newbits)
    size = 2 ** (net.max_prefixlen - new_prefix)
    number = _int(netnum)
    if not 0 <= number < 2 ** (new_prefix - net.prefixlen):
        raise EvalError(f"netnum {number} does not fit in {new_prefix - net.prefixlen} bits")
    base = int(net.network_address) + number * size
    subnet = ipaddress.ip_network((base, new_prefix))
    if not subnet.subnet_of(net):  # type: ignore[arg-type]
        raise EvalError("netnum does not fit in the prefix")
    return str(subnet)


@_fn("cidrsubnets")
def _cidrsubnets(prefix: Any, *newbits: Any) -> list[str]:
    net = ipaddress.ip_network(_s(prefix), strict=False)
    out: list[str] = []
    cursor = int(net.network_address)
    _cap_items(len(newbits), "the list")
    for bits in newbits:
        plen = net.prefixlen + _newbits(net, bits)
        size = 2 ** (net.max_prefixlen - plen)
        cursor = (cursor + size - 1) // size * size
        out.append(str(ipaddress.ip_network((cursor, plen))))
        cursor += size
    return out


@_fn("cidrhost")
def _cidrhost(prefix: Any, hostnum: Any) -> str:
    net = ipaddress.ip_network(_s(prefix), strict=False)
    num = int(_n(hostnum))
    addr = (net.broadcast_address + 1 + num) if num < 0 else (net.network_address + num)
    return str(addr)


@_fn("cidrnetmask")
def _cidrnetmask(prefix: Any) -> str:
    return str(ipaddress.ip_network(_s(prefix), strict=False).netmask)
