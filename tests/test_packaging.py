"""Release hygiene: what `python -m build` makes, what PyPI would accept, what a user installs.

The sdist and wheel are built offline (``--no-isolation``, the test environment's setuptools)
from a copy of the working tree. The wheel is then installed into a fresh virtualenv and run
from another directory, as ``pipx install`` would; the dependencies are borrowed from the test
environment through a ``.pth`` path entry, so nothing is downloaded. The same install with
real dependencies from PyPI runs in ``test_pipx_install_runs_from_anywhere`` (network).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.network import needs_network, wheelhouse  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "plan.json"
SKIP_COPY = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", "build", "dist", "*.egg-info", ".pytest_cache",
    ".ruff_cache", "benchmarks",
)


def _version() -> str:
    import cost_gate

    return cost_gate.__version__


def _clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PIP_", "COST_GATE_"))}
    env.update(HOME=str(tmp), COST_GATE_CACHE_DIR=str(tmp / "cache"), LANG="C.UTF-8",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist + wheel built from a clean copy of the tree (the wheel is built from the sdist)."""
    pytest.importorskip("build", reason="`build` is a test extra: pip install -e '.[test]'")
    tmp = tmp_path_factory.mktemp("release")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=SKIP_COPY)
    out = tmp / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)],
        capture_output=True, text=True, timeout=300, env=_clean_env(tmp),
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "is absent from the `packages` configuration" not in proc.stdout + proc.stderr
    return out


def _wheel(dist: Path) -> Path:
    [wheel] = dist.glob("cost_gate-*.whl")
    return wheel


def _sdist(dist: Path) -> Path:
    [sdist] = dist.glob("cost_gate-*.tar.gz")
    return sdist


def test_artifacts_are_named_by_the_package_version(dist):
    assert _wheel(dist).name == f"cost_gate-{_version()}-py3-none-any.whl"
    assert _sdist(dist).name == f"cost_gate-{_version()}.tar.gz"


def test_twine_check_accepts_both_artifacts(dist):
    pytest.importorskip("twine", reason="`twine` is a test extra: pip install -e '.[test]'")
    proc = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("PASSED") == 2, proc.stdout


def test_wheel_ships_prices_inside_the_package_only(dist):
    names = zipfile.ZipFile(_wheel(dist)).namelist()
    top = {n.split("/")[0] for n in names}
    assert top == {"cost_gate", f"cost_gate-{_version()}.dist-info"}, top
    shipped = {n.removeprefix("cost_gate/pricing_data/") for n in names
               if n.startswith("cost_gate/pricing_data/")}
    on_disk = {p.relative_to(ROOT / "pricing_data").as_posix()
               for p in (ROOT / "pricing_data").rglob("*") if p.is_file()
               and "__pycache__" not in p.parts}
    assert shipped == on_disk
    manifest = json.loads((ROOT / "pricing_data" / "manifest.json").read_text())
    assert set(manifest["files"]) <= shipped
    for data in ("cost_gate/render/templates/comment.md.j2",
                 "cost_gate/schema/report.schema.json"):
        assert data in names


def test_wheel_metadata(dist):
    wheel = zipfile.ZipFile(_wheel(dist))
    info = f"cost_gate-{_version()}.dist-info"
    metadata = wheel.read(f"{info}/METADATA").decode()
    assert f"Version: {_version()}" in metadata
    assert "Project-URL: Source, https://github.com/" in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    assert "cost-gate = cost_gate.cli:main" in entry_points
    assert "cost-gate-pre-commit = cost_gate.cli.precommit:main" in entry_points


def test_sdist_carries_prices_and_examples(dist):
    names = tarfile.open(_sdist(dist)).getnames()
    prefix = f"cost_gate-{_version()}/"
    for needed in ("pricing_data/manifest.json", "examples/plan.json", "setup.py",
                   "pyproject.toml", "README.md", "constraints/runtime.txt"):
        assert prefix + needed in names, needed
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def _borrowed_dependencies() -> str:
    """This environment's site-packages as plain path entries (their own .pth files, such as
    the editable install's finder, are not processed from there)."""
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    return "\n".join(paths) + "\n"


def test_wheel_installs_and_runs_from_another_directory(dist, tmp_path):
    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    env = _clean_env(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(_wheel(dist))],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    site = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True, env=env).strip())
    assert not (site / "pricing_data").exists()
    assert (site / "cost_gate" / "pricing_data" / "manifest.json").is_file()
    (site / "zz_borrowed_dependencies.pth").write_text(_borrowed_dependencies())

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = subprocess.run(
        [str(python), "-c", "import cost_gate, importlib.util; "
         "from cost_gate.pricing.store import shipped_dir; "
         "print(cost_gate.__file__); print(shipped_dir()); "
         "print(importlib.util.find_spec('pricing_data'))"],
        capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    module_file, data_dir, top_level = probe.stdout.splitlines()
    assert Path(module_file).is_relative_to(site)
    assert Path(data_dir) == site / "cost_gate" / "pricing_data"
    assert top_level == "None"

    run = subprocess.run(
        [str(venv / "bin" / "cost-gate"), str(PLAN), "--format", "json"],
        capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    installed = json.loads(run.stdout)
    from cost_gate.api import build_report

    in_repo = build_report([str(PLAN)])
    assert installed["summary"] == json.loads(json.dumps(in_repo["summary"]))
    assert installed["pricing"]["origins"] == ["shipped"]
    assert installed["summary"]["monthly_after"] > 0


@needs_network
def test_pipx_install_runs_from_anywhere(dist, tmp_path, wheelhouse):  # noqa: F811
    """`pipx install` of the wheel, dependencies from PyPI, run from another directory."""
    pytest.importorskip("pipx", reason="`pipx` is an integration extra: pip install '.[integration]'")
    env = _clean_env(tmp_path)
    env.update(PIPX_HOME=str(tmp_path / "pipx"), PIPX_BIN_DIR=str(tmp_path / "bin"),
               PIPX_MAN_DIR=str(tmp_path / "man"), **wheelhouse)
    proc = subprocess.run(
        [sys.executable, "-m", "pipx", "install", str(_wheel(dist))],
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run(
        [str(tmp_path / "bin" / "cost-gate"), str(PLAN)],
        capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    # The example carries one unsupported resource, so the headline is the priced part's net.
    assert "the priced changes net +$" in run.stdout
    venv_site = list((tmp_path / "pipx" / "venvs" / "cost-gate").glob("lib/python*/site-packages"))
    assert venv_site and not (venv_site[0] / "pricing_data").exists()
    assert (venv_site[0] / "cost_gate" / "pricing_data" / "manifest.json").is_file()
