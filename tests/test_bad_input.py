"""Bad input through the real CLI: exit 2, exactly one `error:` line, never a traceback.

And the inputs that look odd but are fine (UTF-16, setup-terraform wrapper, stdin, no changes,
unknown instance type, a region without price data) must work with exit 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.inputs.planfactory import change, plan, provider

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "examples" / "plan.json"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("COST_GATE_", "AWS_REGION", "AWS_DEFAULT_REGION"))}
    full_env.pop("COST_GATE_DEBUG", None)
    if "COST_GATE_CACHE_DIR" in os.environ:  # the isolated cache of tests/conftest.py
        full_env["COST_GATE_CACHE_DIR"] = os.environ["COST_GATE_CACHE_DIR"]
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "cost_gate", *args], input=stdin,
                          capture_output=True, env=full_env, timeout=120, cwd=cwd)
    out, err = proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")
    assert "Traceback" not in out and "Traceback" not in err, err
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def assert_one_error(proc: subprocess.CompletedProcess, *, contains: str | None = None) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: "), proc.stderr
    assert "internal error" not in lines[0]
    if contains is not None:
        assert contains in lines[0], lines[0]
    return lines[0]


def report_of(proc: subprocess.CompletedProcess) -> dict:
    assert proc.returncode == 0, (proc.returncode, proc.stderr)
    return json.loads(proc.stdout)


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data)
    else:
        path.write_bytes(data)
    return str(path)


def aws_plan(*changes: dict, region: str = "us-east-1") -> dict:
    return plan(*changes, provider_config={"aws": provider(region)})


ZERO_CHANGES = aws_plan()


# --- must fail: exit 2 and one line -----------------------------------------------------------

def test_missing_file(tmp_path):
    assert_one_error(run(str(tmp_path / "nope.json")), contains="no such file")


def test_directory_without_tf_files(tmp_path):
    (tmp_path / "README.md").write_text("not terraform")
    assert_one_error(run(str(tmp_path)))


def test_not_json(tmp_path):
    path = write(tmp_path, "plan.json", "Terraform will perform the following actions:\n")
    assert_one_error(run(path), contains="not valid JSON")


def test_tfvars_json_is_not_a_plan(tmp_path):
    path = write(tmp_path, "vars.json", json.dumps({"region": "us-east-1",
                                                    "instance_type": "t3.micro"}))
    line = assert_one_error(run(path), contains="not a Terraform plan or state")
    assert "terraform show -json" in line


def test_truncated_real_plan(tmp_path):
    data = EXAMPLE_PLAN.read_bytes()
    path = write(tmp_path, "plan.json", data[: len(data) // 2])
    assert_one_error(run(path), contains="truncated")


def test_truncated_utf16_plan(tmp_path):
    data = b"\xff\xfe" + EXAMPLE_PLAN.read_text().encode("utf-16-le")
    path = write(tmp_path, "plan.json", data[: len(data) // 2 + 1])  # ends mid-character
    assert_one_error(run(path), contains="truncated")


def test_plan_with_wrong_value_shapes(tmp_path):
    doc = {"format_version": "1.2", "resource_changes": [{"address": "aws_instance.web",
                                                          "mode": "managed", "change": "x"}]}
    line = assert_one_error(run(write(tmp_path, "plan.json", json.dumps(doc))),
                            contains="unexpected plan JSON structure")
    assert "terraform show -json" in line


def test_empty_file(tmp_path):
    assert_one_error(run(write(tmp_path, "plan.json", b"")), contains="empty")


def test_binary_plan_file(tmp_path):
    path = tmp_path / "tf.plan"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("tfplan", b"\x0a\x03binary protobuf")
        zf.writestr("tfconfig/m-/main.tf", 'resource "aws_instance" "web" {}\n')
    assert path.read_bytes().startswith(b"PK\x03\x04")
    line = assert_one_error(run(str(path)), contains="binary")
    assert "terraform show -json" in line


def test_raw_tfstate(tmp_path):
    path = write(tmp_path, "terraform.tfstate",
                 json.dumps({"version": 4, "terraform_version": "1.5.0", "resources": []}))
    line = assert_one_error(run(path), contains="raw terraform.tfstate")
    assert "terraform show -json" in line


def test_errored_plan(tmp_path):
    doc = {"format_version": "1.2", "terraform_version": "1.9.8", "errored": True,
           "planned_values": {"root_module": {}}, "prior_state": {"format_version": "1.0"}}
    assert_one_error(run(write(tmp_path, "plan.json", json.dumps(doc))), contains="errored")


def test_json_array(tmp_path):
    path = write(tmp_path, "plan.json", json.dumps([ZERO_CHANGES]))
    assert_one_error(run(path), contains="list")


@pytest.mark.parametrize("region", ["US East", "us_east_1", ""])
def test_malformed_region(region):
    assert_one_error(run(str(EXAMPLE_PLAN), "--region", region), contains="--region")


def test_malformed_region_from_environment():
    assert_one_error(run(str(EXAMPLE_PLAN), env={"COST_GATE_REGION": "eu west 1"}),
                     contains="--region")


@pytest.mark.parametrize("value", ["abc", "-5", "nan"])
def test_malformed_max_increase(value):
    assert_one_error(run(str(EXAMPLE_PLAN), f"--max-increase={value}"),
                     contains="--max-increase")


def test_stdin_garbage():
    assert_one_error(run("-", stdin=b"not json at all"), contains="<stdin>")


def test_stdin_empty():
    assert_one_error(run("-", stdin=b""), contains="empty")


# --- must work --------------------------------------------------------------------------------

def test_utf16_bom_plan_works(tmp_path):
    text = EXAMPLE_PLAN.read_text()
    path = write(tmp_path, "plan.json", b"\xff\xfe" + text.encode("utf-16-le"))
    utf16 = report_of(run(path, "--format", "json"))
    plain = report_of(run(str(EXAMPLE_PLAN), "--format", "json"))
    assert utf16["summary"] == plain["summary"]
    assert utf16["projects"][0]["resources"] == plain["projects"][0]["resources"]


def test_setup_terraform_wrapper_output_works(tmp_path):
    body = json.dumps(json.loads(EXAMPLE_PLAN.read_text()))
    text = ("[command]/home/runner/work/_temp/x/terraform-bin show -json tf.plan\n"
            f"{body}\n::debug::Terraform exited with code 0.\n::debug::stdout: {body}%0A\n"
            f"::set-output name=stdout::{body}%0A\n::set-output name=stderr::\n"
            "::set-output name=exitcode::0\n")
    wrapped = report_of(run(write(tmp_path, "plan.txt", text), "--format", "json"))
    plain = report_of(run(str(EXAMPLE_PLAN), "--format", "json"))
    assert wrapped["summary"] == plain["summary"]


def test_stdin_works():
    piped = report_of(run("-", "--format", "json", stdin=EXAMPLE_PLAN.read_bytes()))
    plain = report_of(run(str(EXAMPLE_PLAN), "--format", "json"))
    assert piped["summary"] == plain["summary"]
    assert piped["projects"][0]["source"] == "<stdin>"


def test_zero_changes_is_a_zero_dollar_report(tmp_path):
    path = write(tmp_path, "plan.json", json.dumps(ZERO_CHANGES))
    report = report_of(run(path, "--format", "json", "--max-increase", "0"))
    summary = report["summary"]
    assert summary["monthly_before"] == summary["monthly_after"] == 0
    assert summary["monthly_delta"] == 0
    assert report["projects"][0]["resources"] == []
    assert report["gate"]["status"] == "pass"
    table = run(path)
    assert table.returncode == 0
    assert "$0" in table.stdout


def test_all_noop_plan_is_zero_delta(tmp_path):
    attrs = {"instance_type": "t3.micro", "ami": "ami-1"}
    doc = aws_plan(change("aws_instance.web", ["no-op"], attrs, attrs))
    report = report_of(run(write(tmp_path, "plan.json", json.dumps(doc)), "--format", "json"))
    assert report["summary"]["monthly_delta"] == 0
    assert report["summary"]["monthly_after"] > 0


def test_unknown_instance_type(tmp_path):
    doc = aws_plan(change("aws_instance.web", ["create"], None,
                          {"instance_type": "zz9.mega", "ami": "ami-1"},
                          after_unknown={"id": True}))
    report = report_of(run(write(tmp_path, "plan.json", json.dumps(doc)), "--format", "json"))
    (res,) = report["projects"][0]["resources"]
    # the instance hours cannot be priced: never "priced" (the root volume alone may be)
    assert res["status"] in ("unsupported", "partial")
    assert any("zz9.mega" in note for note in res["notes"]), res["notes"]


def test_region_without_price_data(tmp_path):
    doc = aws_plan(change("aws_instance.web", ["create"], None,
                          {"instance_type": "t3.micro", "ami": "ami-1"}),
                   region="xx-nowhere-9")
    report = report_of(run(write(tmp_path, "plan.json", json.dumps(doc)), "--format", "json"))
    (res,) = report["projects"][0]["resources"]
    assert res["region"] == "xx-nowhere-9"
    assert res["status"] != "priced"
    assert res["monthly_delta"] in (None, 0)
    assert any("xx-nowhere-9" in note for note in res["notes"]), res["notes"]
    assert report["summary"]["monthly_after"] == 0
