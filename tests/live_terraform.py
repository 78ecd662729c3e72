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
def fake_aws_provider(region: str | None = None, alias: str | None = None) -> str:
    """An ``aws`` provider block with fake credentials: plans offline, no account call."""
    lines = [f'  alias                       = "{alias}"' if alias else "",
             f'  region                      = "{region}"' if region else "",
             "  skip_credentials_validation = true",
             "  skip_requesting_account_id  = true",
             "  skip_metadata_api_check     = true",
             '  access_key                  = "fake"',
             '  secret_key                  = "fake"']
    return 'provider "aws" {\n' + "\n".join(line for line in lines if line) + "\n}\n"


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
