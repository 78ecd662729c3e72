"""The pinned constraints shipped in constraints/ agree with pyproject.toml.

A dependency added to pyproject without regenerating them (scripts/update_constraints.sh)
would install unpinned in the GitHub Action and in CI: these tests say which to regenerate.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ImportError:  # Python 3.10: `build` (a test extra) brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
REGENERATE = "run scripts/update_constraints.sh to regenerate constraints/"


def pins(name: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (ROOT / "constraints" / f"{name}.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"constraints/{name}.txt: not an exact pin: {line!r}"
        found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def requirements(group: str | None) -> list[Requirement]:
    meta = project()
    specs = meta["dependencies"] if group is None else meta["optional-dependencies"][group]
    return [Requirement(spec) for spec in specs]


@pytest.mark.parametrize(("constraints", "groups"), [
    ("runtime", [None]),
    ("ci", [None, "test", "integration"]),
])
def test_every_dependency_is_pinned_within_its_range(constraints, groups):
    pinned = pins(constraints)
    for group in groups:
        for req in requirements(group):
            name = canonicalize_name(req.name)
            assert name in pinned, f"{req.name} is not pinned in {constraints}.txt; {REGENERATE}"
            assert req.specifier.contains(pinned[name], prereleases=True), (
                f"{constraints}.txt pins {req.name}=={pinned[name]} outside {req}; {REGENERATE}")


def test_the_build_backend_is_pinned_for_the_action():
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    pinned = pins("runtime")
    for spec in backend:
        req = Requirement(spec)
        assert req.specifier.contains(pinned[canonicalize_name(req.name)]), REGENERATE


@pytest.mark.parametrize("constraints", ["runtime", "ci"])
def test_resolved_on_the_oldest_supported_python(constraints):
    """Pins resolved on a newer Python can need it (a release that dropped 3.10)."""
    header = (ROOT / "constraints" / f"{constraints}.txt").read_text().splitlines()[0]
    resolved_on = re.search(r"\(Python (\d+\.\d+)\)", header)
    assert resolved_on, f"constraints/{constraints}.txt: no 'Python X.Y' in {header!r}"
    oldest = re.fullmatch(r">=\s*(\d+\.\d+)", project()["requires-python"].strip())
    assert oldest, "requires-python is expected to be '>=X.Y'"
    assert resolved_on.group(1) == oldest.group(1), (
        f"{constraints}.txt was resolved on Python {resolved_on.group(1)}; run "
        f"scripts/update_constraints.sh python{oldest.group(1)}")


def test_ci_and_runtime_pins_agree():
    runtime, ci = pins("runtime"), pins("ci")
    differ = {n: (v, ci.get(n)) for n, v in runtime.items() if ci.get(n) != v}
    assert not differ, f"runtime.txt and ci.txt disagree on {differ}; {REGENERATE}"
