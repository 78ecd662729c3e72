"""The CI matrix workflow end to end: one `check --project` per job, `merge`, then `render`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import MONOREPO

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cost_gate", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                               "COST_GATE_CACHE_DIR": str(cwd / ".cache")})


def test_matrix_jobs_merged_equal_one_run(tmp_path):
    names = ["envs/prod", "envs/staging", "live/us-west-2/app"]
    parts = []
    for i, name in enumerate(names):
        out = tmp_path / f"part{i}.json"
        proc = cli("check", str(MONOREPO), "--project", name, "--save-report", str(out),
                   "-o", str(tmp_path / "ignored.txt"), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        parts.append(str(out))
    whole = cli("check", str(MONOREPO), *[a for n in names for a in ("--project", n)],
                "--format", "json", "--jobs", "2", cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    merged_file = tmp_path / "merged.json"
    proc = cli("merge", *parts, "-o", str(merged_file), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(merged_file.read_text()) == json.loads(whole.stdout)

    # the merged report feeds render (and comment) like any saved report; budgets regate it
    proc = cli("render", str(merged_file), "--format", "markdown", cwd=tmp_path)
    assert proc.returncode == 0 and "| envs/staging |" in proc.stdout
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cost-gate.yml").write_text(
        "version: 1\nbudgets:\n  - name: all\n    max-total: 10\n")
    proc = cli("merge", *parts, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["gate"]["violations"][0]["budget"] == "all"
    assert "fail: all: new monthly total $" in proc.stderr


def test_merge_bad_input_is_exit_2(tmp_path):
    proc = cli("merge", str(ROOT / "examples" / "plan.json"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "not a cost-gate report (a plan" in proc.stderr
    proc = cli("merge", str(tmp_path / "missing.json"), cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("error:")
    proc = cli("merge", cwd=tmp_path)
    assert proc.returncode == 2
