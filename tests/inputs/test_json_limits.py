"""Hostile plan/state JSON (issue 13): depth, non-finite numbers, type confusion, non-files.

Each class ends in exit 2 with one `error:` line, or (for a number that only overflows) a
resource note; never an internal error, and the JSON report stays strict JSON.
"""

from __future__ import annotations

import json
import os

import pytest

from cost_gate.errors import InputError
from cost_gate.inputs.document import exceeds_depth, parse_json
from cost_gate.limits import MAX_JSON_DEPTH
from tests.inputs.planfactory import change, plan, provider
from tests.test_bad_input import assert_one_error, run, write

T3 = {"instance_type": "t3.micro", "tenancy": "default"}


def _plan_text(**after) -> str:
    doc = plan(change("aws_ebs_volume.data", ["create"], None,
                      {"type": "gp3", "availability_zone": "us-east-1a", **after}),
               provider_config={"aws": provider("us-east-1")})
    return json.dumps(doc)


# --- depth ------------------------------------------------------------------------------------

def test_depth_check_counts_nesting_not_brackets_in_strings():
    assert not exceeds_depth("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    assert exceeds_depth("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))
    assert exceeds_depth('{"a":' * 150 + "1" + "}" * 150)
    # brackets inside strings are text, not nesting
    inner = "[" * 300 + "]" * 300
    assert not exceeds_depth(json.dumps({"policy": inner, "xs": [[1], [2], {"a": [3]}] * 50}))
    # a wide document is not a deep one
    assert not exceeds_depth(json.dumps([[i] for i in range(5000)]))


@pytest.mark.parametrize("text", [
    "[" * 200_000 + "]" * 200_000,                # balanced, very deep
    "[" * 200_000,                                # deep and truncated
    '{"resource_changes": ' + '{"a":' * 5000 + "1" + "}" * 5001,
])
def test_deep_json_is_one_line_input_error(text):
    with pytest.raises(InputError) as info:
        parse_json(text, "deep.json")
    assert "nested" in info.value.one_line()


def test_deep_plan_through_cli(tmp_path):
    doc = json.loads(_plan_text())
    node = doc["resource_changes"][0]["change"]["after"]
    for _ in range(MAX_JSON_DEPTH + 20):
        node["tags"] = {}
        node = node["tags"]
    proc = run(write(tmp_path, "deep.json", json.dumps(doc)), "--format", "json")
    assert_one_error(proc, contains=f"nested deeper than {MAX_JSON_DEPTH} levels")


# --- non-finite and huge numbers --------------------------------------------------------------

@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_constants_are_not_json(tmp_path, token):
    text = _plan_text(size=100).replace('"size": 100', f'"size": {token}')
    proc = run(write(tmp_path, "nan.json", text))
    assert_one_error(proc, contains=f"{token} is not a JSON number")


@pytest.mark.parametrize("number", ["1e400", "-1e400", "9" * 5000])
def test_overflowing_number_is_a_resource_note_and_the_report_stays_strict(tmp_path, number):
    text = _plan_text(size=100).replace('"size": 100', f'"size": {number}')
    proc = run(write(tmp_path, "big.json", text), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout, parse_constant=lambda c: pytest.fail(f"{c} in report"))
    (res,) = report["projects"][0]["resources"]
    assert res["status"] in ("partial", "unsupported")
    assert any("size" in note for note in res["notes"]), res["notes"]
    # the reader found it (a decoded document without one skips that search)
    assert any(note.startswith("size: not a finite number in the input")
               for note in res["notes"]), res["notes"]
    # nothing non-finite was summed into a total
    assert report["summary"]["monthly_after"] is not None


def test_finite_but_absurd_quantity_is_a_note_not_an_internal_error(tmp_path):
    text = _plan_text(size=100).replace('"size": 100', '"size": 1e300')
    proc = run(write(tmp_path, "plan.json", text), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (res,) = json.loads(proc.stdout)["projects"][0]["resources"]
    assert res["status"] == "partial"
    assert any("out of range" in note for note in res["notes"]), res["notes"]


def test_rule_meeting_a_list_for_a_string_is_a_partial_note(tmp_path):
    doc = plan(change("aws_db_instance.db", ["create"], None,
                      {"engine": "postgres", "instance_class": ["db.t3.micro"],
                       "allocated_storage": 20}),
               provider_config={"aws": provider("us-east-1")})
    proc = run(write(tmp_path, "plan.json", json.dumps(doc)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (res,) = json.loads(proc.stdout)["projects"][0]["resources"]
    assert res["status"] == "partial" and res["notes"]


# --- type confusion in the envelope -----------------------------------------------------------

@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d.__setitem__("resource_changes", {"a": 1}), "resource_changes"),
    (lambda d: d["resource_changes"][0].__setitem__("change", ["create"]), "change"),
    (lambda d: d["resource_changes"][0]["change"].__setitem__("actions", "create"), "actions"),
    (lambda d: d["resource_changes"][0]["change"].__setitem__("actions", [1, None]), "actions"),
    (lambda d: d["resource_changes"][0]["change"].__setitem__("after", [T3]), "after"),
    (lambda d: d["resource_changes"][0]["change"].__setitem__("before", "x"), "before"),
    (lambda d: d["resource_changes"][0]["change"].__setitem__("after_unknown", 3), "after_unknown"),
    (lambda d: d["resource_changes"][0].__setitem__("type", ["aws_instance"]), "type"),
    (lambda d: d.__setitem__("variables", []), "variables"),
    (lambda d: d.__setitem__("configuration", "x"), "configuration"),
])
def test_type_confusion_in_the_plan_envelope_exits_2(tmp_path, mutate, field):
    doc = plan(change("aws_instance.web", ["create"], None, T3),
               provider_config={"aws": provider("us-east-1")})
    mutate(doc)
    proc = run(write(tmp_path, "plan.json", json.dumps(doc)))
    line = assert_one_error(proc, contains="unexpected plan JSON structure")
    assert field in line


@pytest.mark.parametrize("values", [
    {"root_module": []},
    {"root_module": {"resources": {"a": 1}}},
    {"root_module": {"resources": [{"type": ["x"], "values": {}}]}},
    {"root_module": {"child_modules": "x"}},
])
def test_type_confusion_in_a_state_exits_2(tmp_path, values):
    doc = {"format_version": "1.0", "values": values}
    proc = run(write(tmp_path, "state.json", json.dumps(doc)))
    assert_one_error(proc, contains="unexpected state JSON structure")


# --- not a regular file -----------------------------------------------------------------------

def test_dev_zero_is_refused_without_reading_it():
    proc = run("/dev/zero")
    assert_one_error(proc, contains="not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this OS")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    proc = run(str(fifo))
    assert_one_error(proc, contains="not a regular file")


def test_symlink_loop_is_refused(tmp_path):
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    proc = run(str(tmp_path / "a.json"))
    assert_one_error(proc, contains="symlink loop")


@pytest.mark.parametrize("number", ["1e400", "9" * 5000])
def test_overflowing_number_in_a_state_is_a_resource_note(tmp_path, number):
    state = {"format_version": "1.0", "terraform_version": "1.9.8", "values": {"root_module": {
        "resources": [{"address": "aws_ebs_volume.data", "mode": "managed",
                       "type": "aws_ebs_volume", "name": "data",
                       "provider_name": "registry.terraform.io/hashicorp/aws",
                       "values": {"availability_zone": "us-east-1a", "type": "gp3",
                                  "size": 100}}]}}}
    text = json.dumps(state).replace('"size": 100', f'"size": {number}')
    proc = run(write(tmp_path, "state.json", text), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (res,) = json.loads(proc.stdout)["projects"][0]["resources"]
    assert any(note.startswith("size: not a finite number in the input")
               for note in res["notes"]), res["notes"]
