"""Reading the document: encodings, wrappers, classification and one-line errors."""

from __future__ import annotations

import io
import json
import sys
import zipfile

import pytest

from cost_gate.errors import InputError
from cost_gate.inputs import load_input
from cost_gate.inputs.document import classify, decode, load_document, parse_json
from tests.inputs.planfactory import change, plan, provider

PLAN = plan(change("aws_instance.web", ["create"], None, {"instance_type": "t3.micro"}),
            provider_config={"aws": provider("eu-west-1")})
PLAN_TEXT = json.dumps(PLAN, indent=2)


def _one_line(exc: InputError) -> str:
    line = exc.one_line()
    assert "\n" not in line
    assert line
    return line


# --- classification ---------------------------------------------------------------------------

def test_classify_plan_state_report():
    assert classify(PLAN, "p") == "plan"
    assert classify({"format_version": "1.2", "errored": True}, "p") == "plan"
    assert classify({"format_version": "1.2", "resource_drift": []}, "p") == "plan"
    assert classify({"format_version": "1.0", "values": {}}, "s") == "state"
    assert classify({"format_version": "1.0"}, "s") == "state"
    assert classify({"schema_version": 1, "projects": []}, "r") == "report"


def test_classify_raw_tfstate():
    with pytest.raises(InputError) as info:
        classify({"version": 4, "terraform_version": "1.5.0", "resources": []}, "t.tfstate")
    line = _one_line(info.value)
    assert "raw terraform.tfstate" in line
    assert "terraform show -json" in line


@pytest.mark.parametrize(
    "doc",
    [
        {"region": "us-east-1", "instance_type": "t3.micro"},  # a tfvars.json
        {},
        {"format_version": "1.0", "something": 1},
        {"resource_changes": []},  # no format_version: not show -json output
    ],
)
def test_classify_unknown_object(doc):
    with pytest.raises(InputError) as info:
        classify(doc, "x.json")
    line = _one_line(info.value)
    assert "not a Terraform plan or state" in line
    assert "terraform show -json" in line


@pytest.mark.parametrize("doc", [[], [PLAN], "plan", 42, None, True])
def test_classify_non_objects(doc):
    with pytest.raises(InputError, match="not a Terraform plan or state"):
        classify(doc, "x.json")


# --- decoding ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "data",
    [
        PLAN_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + PLAN_TEXT.encode("utf-8"),
        PLAN_TEXT.encode("utf-16"),  # BOM + native order
        b"\xff\xfe" + PLAN_TEXT.encode("utf-16-le"),  # PowerShell `>`
        b"\xfe\xff" + PLAN_TEXT.encode("utf-16-be"),
        PLAN_TEXT.encode("utf-16-le"),  # no BOM
        PLAN_TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "crlf"],
)
def test_encodings_decode_to_the_same_plan(data, tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(data)
    kind, doc, _ = load_document(str(path))
    assert kind == "plan"
    assert doc == PLAN


def test_binary_plan_file_hints_show_json(tmp_path):
    path = tmp_path / "tf.plan"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("tfplan", b"\x00\x01binary")
    assert path.read_bytes().startswith(b"PK\x03\x04")
    with pytest.raises(InputError) as info:
        load_document(str(path))
    line = _one_line(info.value)
    assert "binary Terraform plan" in line
    assert "terraform show -json" in line


def test_other_binary_data():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "a.out")


# --- JSON text --------------------------------------------------------------------------------

def test_setup_terraform_wrapper_is_stripped():
    text = ("[command]/home/runner/work/_temp/abc/terraform-bin show -json tf.plan\n"
            + json.dumps(PLAN) + "\n"
            + "::debug::Terraform exited with code 0.\n"
            + "::debug::stdout: " + json.dumps(PLAN) + "%0A\n"
            + "::set-output name=stdout::" + json.dumps(PLAN) + "%0A\n"
            + "::set-output name=stderr::\n::set-output name=exitcode::0\n")
    assert parse_json(text, "wrapped.txt") == PLAN


@pytest.mark.parametrize("text", ["", "   \n\t", "\n"])
def test_empty_file(text):
    with pytest.raises(InputError) as info:
        parse_json(text, "empty.json")
    assert "empty" in _one_line(info.value)


@pytest.mark.parametrize("fraction", [0.5, 0.25, 0.9, 0.999])
def test_truncated_file_says_truncated(fraction):
    cut = PLAN_TEXT[: int(len(PLAN_TEXT) * fraction)]
    with pytest.raises(InputError) as info:
        parse_json(cut, "plan.json")
    assert "truncated" in _one_line(info.value)


def test_truncated_inside_a_string_says_truncated():
    text = '{"format_version": "1.2", "resource_changes": [{"address": "aws_inst'
    with pytest.raises(InputError) as info:
        parse_json(text, "plan.json")
    assert "truncated" in _one_line(info.value)


@pytest.mark.parametrize("text", ["{'a': 1}", '{"a": 1,, "b": 2}', "terraform plan output",
                                  '{"a": 1} trailing'])
def test_invalid_json(text):
    with pytest.raises(InputError) as info:
        parse_json(text, "bad.json")
    line = _one_line(info.value)
    assert line.startswith("bad.json: ")
    assert "JSON" in line


# --- reading ----------------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_document(str(tmp_path / "nope.json"))
    assert "no such file" in _one_line(info.value)


def test_directory_given_to_load_document(tmp_path):
    with pytest.raises(InputError, match="directory"):
        load_document(str(tmp_path))


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAN_TEXT.encode("utf-16"))))
    project = load_input("-", env={})
    assert project.source == "<stdin>"
    (res,) = project.changes
    assert res.after.region == "eu-west-1"


def test_errors_name_the_file(tmp_path):
    path = tmp_path / "vars.json"
    path.write_text(json.dumps({"region": "us-east-1", "instance_type": "t3.micro"}))
    with pytest.raises(InputError) as info:
        load_input(str(path), env={})
    line = _one_line(info.value)
    assert line.startswith(str(path))
    assert "instance_type, region" in line


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_truncated_utf16_is_truncated_not_a_crash(encoding, tmp_path):
    data = PLAN_TEXT.encode(encoding)
    path = tmp_path / "plan.json"
    path.write_bytes(data[: len(data) // 2 + 1])  # odd length: ends inside a character
    with pytest.raises(InputError) as info:
        load_document(str(path))
    assert "truncated" in _one_line(info.value)
