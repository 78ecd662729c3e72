"""Renderers on hostile strings (issue 13): 150k newlines, megabyte names, control and bidi
characters, zero-width characters, long unbroken tokens and markdown/HTML injection in a
resource type, address, note or tag must render quickly with bounded line width and size, in
process and through the CLI; output to a stream that cannot encode a character must not
raise."""

from __future__ import annotations

import json
import time

import pytest

from cost_gate.render import render
from cost_gate.render.escape import MAX_TEXT, escape_markdown_cell, plain_text
from tests.test_bad_input import run

HOSTILE = {
    "newlines": "aws_x" + "\n" * 150_000 + "y",
    "huge": "a" * 2_000_000,
    "control": "aws_\x1b[31mred\x07\x00\x9b",
    "bidi": "aws_\u202eevil\u202c\u2066x\u2069",
    "zero_width": "aws_\u200b\u200d\ufeff\u2060zw",
    "token": "aws_" + "b" * 100_000,
    "markdown": "aws_| x |\n<script>alert(1)</script> @org/team [l](http://e.x) "
                "![i](http://e.x/i.png) `c` <!-- --> *b* www.evil.example",
    "unencodable": "aws_\u00e9\u4e2d\U0001f600\udc80",
}
# Characters that must never reach a terminal or a comment from untrusted text.
FORBIDDEN = ["\x1b", "\x07", "\x00", "\x9b", "\u202e", "\u2066", "\u2069", "\u200d", "\ufeff",
             "\u2060", "\udc80"]


def _plan(text: str) -> dict:
    """An unsupported resource whose type, address, note and tag carry ``text``, and a priced
    one with it in a tag."""
    return {
        "format_version": "1.2", "terraform_version": "1.11.0",
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
            "region": {"constant_value": "us-east-1"}}}}},
        "resource_changes": [
            {"address": f"{text}.n", "mode": "managed", "type": text, "name": "n",
             "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["create"], "before": None, "after": {"tags": {"k": text}},
                        "after_unknown": {}}},
            {"address": "aws_ebs_volume.v", "mode": "managed", "type": "aws_ebs_volume",
             "name": "v", "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["create"], "before": None,
                        "after": {"size": 10, "type": "gp3", "availability_zone": "us-east-1a",
                                  "tags": {"Name": text, text[:50]: "v"}},
                        "after_unknown": {}}},
        ]}


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    from datetime import date

    from cost_gate.api import build_report

    out = {}
    for name, text in HOSTILE.items():
        out[name] = _hostile_report(build_report, text, date)
    return out


def _hostile_report(build_report, text, date):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.json"
        path.write_text(json.dumps(_plan(text)), encoding="utf-8", errors="surrogatepass")
        return build_report([str(path)], env={}, today=date(2026, 11, 26))


def _check_output(text: str, width: int | None) -> None:
    for ch in FORBIDDEN:
        assert ch not in text, f"{ch!r} reached the output"
    lines = text.splitlines()
    assert len(text) < 200_000 and len(lines) < 500
    if width is not None:
        assert max(len(line) for line in lines) <= width
    text.encode("utf-8")  # no lone surrogate


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_table_and_markdown_stay_bounded_and_clean(reports, name):
    report = reports[name]
    assert report["summary"]["resource_counts"]["unsupported"] == 1
    for fmt, width in (("table", 100), ("markdown", None)):
        start = time.monotonic()
        text = render(report, fmt, width=100) if fmt == "table" else render(report, fmt)
        assert time.monotonic() - start < 5, f"{fmt} took too long"
        _check_output(text, width)
        if fmt == "markdown":
            assert "<script" not in text and "](http" not in text and "@org" not in text
            assert "http://" not in text and "www.evil" not in text  # no autolink
            _assert_tables_keep_their_columns(text)


def _assert_tables_keep_their_columns(text: str) -> None:
    """Every row of a markdown table has its header's number of cells."""
    columns = None
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        cells = line.replace("\\|", "").count("|")
        columns = columns or cells
        assert cells == columns, line[:300]


def test_json_report_keeps_the_text_whole(reports):
    """JSON is the contract: untrusted text is kept as it came (escaped by the encoder)."""
    text = render(reports["newlines"], "json")
    assert "\\n" * 1000 in text and "\n" not in text.rstrip("\n")
    assert json.loads(text)["projects"][0]["resources"]


def test_plain_text_is_bounded_and_linear():
    start = time.monotonic()
    for text in HOSTILE.values():
        out = plain_text(text)
        assert len(out) <= MAX_TEXT + 1 and "\n" not in out
    assert time.monotonic() - start < 1
    assert plain_text("  indented\tand\n\nbroken") == "  indented and broken"
    assert plain_text("x" * 5000, 10) == "x" * 10 + "…"


@pytest.mark.parametrize("text, expected", [
    ("a | b", "a \\| b"),
    ("<img src=x onerror=1>", "&lt;img src=x onerror=1&gt;"),
    ("@octocat", "@\u200boctocat"),
    ("[x](http://evil)", "\\[x\\]\\(http:\u200b//evil\\)"),
    ("see www.evil.example", "see w\u200bww.evil.example"),
    ("line\nbreak\u2028here", "line break here"),
    ("\u202eevil\u200b", "evil"),
])
def test_markdown_escaping_is_total(text, expected):
    assert escape_markdown_cell(text) == expected


@pytest.mark.parametrize("encoding", ["ascii:strict", "cp1252", "latin-1", "utf-8:strict"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_cli_writes_to_a_stream_that_cannot_encode(tmp_path, encoding, fmt):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_plan(HOSTILE["unencodable"])), encoding="utf-8")
    proc = run("check", str(plan), "--format", fmt,
               env={"PYTHONIOENCODING": encoding, "LANG": "C", "LC_ALL": "C"})
    assert proc.returncode == 0, proc.stderr
    assert "UnicodeEncodeError" not in proc.stderr and "internal error" not in proc.stderr
    assert "0.80" in proc.stdout  # the priced volume is reported


@pytest.mark.parametrize("name", ["newlines", "huge", "bidi", "markdown"])
def test_cli_renders_hostile_plans_quickly(tmp_path, name):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_plan(HOSTILE[name])), encoding="utf-8")
    for fmt in ("table", "markdown"):
        start = time.monotonic()
        proc = run("check", str(plan), "--format", fmt, env={"COLUMNS": "100"})
        assert time.monotonic() - start < 60
        assert proc.returncode == 0, proc.stderr
        _check_output(proc.stdout, 100 if fmt == "table" else None)
        assert all(len(line) <= MAX_TEXT + 200 for line in proc.stderr.splitlines())
        for ch in FORBIDDEN:
            assert ch not in proc.stderr
