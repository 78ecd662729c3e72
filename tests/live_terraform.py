"""Real `terraform plan` -> `show -json` in tests, from the local hashicorp/aws mirror.

Tests that need it call :func:`require_terraform` first: it skips with a clear reason where
terraform or the provider mirror is absent (a fresh clone on a machine without them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PLUGIN_DIR = Path(os.environ.get("COST_GATE_TF_PLUGIN_DIR", "/opt/tf-plugins"))
def require_terraform() -> Path:
    """The provider mirror directory; skips the test when terraform or the mirror is absent."""
    if shutil.which("terraform") is None:
        pytest.skip("terraform is not installed")
    if not (PLUGIN_DIR / "registry.terraform.io").is_dir():
        pytest.skip("no local hashicorp/aws provider mirror (set COST_GATE_TF_PLUGIN_DIR)")
    return PLUGIN_DIR


def terraform_show_json(work: Path, *, refresh: bool = False) -> str:
    """`terraform init` + `plan -out` + `show -json` in ``work``; the plan JSON text."""
    plugins = require_terraform()
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}

    def run(*args: str) -> str:
        proc = subprocess.run(["terraform", *args], cwd=work, capture_output=True, text=True,
                              env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    run("init", "-input=false", f"-plugin-dir={plugins}")
    run("plan", "-input=false", *([] if refresh else ["-refresh=false"]), "-out=tf.plan")
    return run("show", "-json", "tf.plan")
