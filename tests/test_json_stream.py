"""The JSON report written in pieces is byte for byte the text `render(report, "json")` returns."""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
from datetime import date

import pytest

from cost_gate.api import build_report
from cost_gate.render import json_stream, render
from cost_gate.render.json_stream import json_chunks, write_json
from tests.conftest import EXAMPLE_PLAN, ROOT

SECOND_PLAN = ROOT / "tests" / "fixtures" / "plans" / "update_and_replace.json"


@pytest.fixture(scope="module")
def report() -> dict:
    """Two projects with their resources, then text and numbers the encoder treats specially."""
    out = build_report([str(EXAMPLE_PLAN), str(SECOND_PLAN)], env={},
                       today=date(2026, 11, 26), jobs=1)
    assert len(out["projects"]) == 2 and all(p["resources"] for p in out["projects"])
    out = copy.deepcopy(out)
    res = out["projects"][0]["resources"][0]
    res["address"] = 'aws_instance.web["café ☃ \U0001f600 \\ \" \u2028 \x07"]'
    res["notes"].append("naïve “quoted” note\nsecond line\ttab")
    res["tags"] = {"Ünïcode": "値", "": "empty key", "Name": None}
    res["monthly_delta"] = -0.0
    out["projects"][1]["resources"][0]["monthly_delta"] = 1.5e-07
    out["projects"][1]["resources"][0]["monthly_delta_high"] = 12345678901234567890
    out["projects"][1]["notes"] = ["ß", 3.25e16, True, None, [], {}]
    out["summary"]["empty_list"], out["summary"]["empty_dict"] = [], {}
    return out


def _written(report: dict) -> str:
    pieces: list[str] = []
    write_json(report, pieces.append)
    return "".join(pieces)


def test_pieces_join_to_render_json(report):
    expected = render(report, "json")
    assert expected == json.dumps(report, separators=(",", ":"), allow_nan=False) + "\n"
    assert "".join(json_chunks(report)) + "\n" == expected
    assert _written(report) == expected
    # resources are encoded one at a time, not the report as one piece
    assert sum(1 for _ in json_chunks(report)) > sum(
        len(p["resources"]) for p in report["projects"])


def test_small_batches_give_the_same_text(report, monkeypatch):
    monkeypatch.setattr(json_stream, "_BATCH_CHARS", 200)
    writes: list[str] = []
    write_json(report, writes.append)
    assert len(writes) > 10
    assert "".join(writes) == render(report, "json")


@pytest.mark.parametrize("value", [
    {}, [], "text", 3, None, {"a": []}, {1: "int key", "b": 2}, {"a": {"b": {"c": {"d": [1]}}}},
    [[[[["deep"]]]]], ("tuple", 1),
])
def test_any_value_is_encoded_like_json_dumps(value):
    assert _written(value) == json.dumps(value, separators=(",", ":"), allow_nan=False) + "\n"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_amount_fails_like_json_dumps(report, bad):
    broken = copy.deepcopy(report)
    broken["projects"][1]["resources"][-1]["monthly_delta"] = bad
    with pytest.raises(ValueError):
        json.dumps(broken, separators=(",", ":"), allow_nan=False)
    with pytest.raises(ValueError):
        _written(broken)


def test_cli_json_on_stdout_and_to_a_file_is_the_rendered_report(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COST_GATE_")}
    out_file, saved = tmp_path / "out.json", tmp_path / "saved.json"
    args = [sys.executable, "-m", "cost_gate", str(EXAMPLE_PLAN), str(SECOND_PLAN), "--jobs",
            "1", "--format", "json"]
    stdout = subprocess.run(args, capture_output=True, env=env, timeout=60)
    to_file = subprocess.run([*args, "-o", str(out_file), "--save-report", str(saved)],
                             capture_output=True, env=env, timeout=60)
    assert stdout.returncode == to_file.returncode == 0, stdout.stderr + to_file.stderr
    report = json.loads(stdout.stdout)
    expected = render(report, "json").encode()
    assert stdout.stdout == expected
    assert out_file.read_bytes() == expected == saved.read_bytes()
