"""Mistakes in a usage file are warnings in every output (or errors with --strict-usage)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cost_gate.cli import main
from cost_gate.usage import load_usage_file
from tests.conftest import EXAMPLE_PLAN

HEADER = "version: 0.1\nresource_usage:\n"


def _warnings(tmp_path: Path, text: str) -> list:
    path = tmp_path / "usage.yml"
    path.write_text(text)
    return load_usage_file(str(path)).warnings


@pytest.fixture
def cost_gate(capsys, monkeypatch):
    """Run the console entry point in-process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["cost-gate", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        captured = capsys.readouterr()
        return exited.value.code, captured.out, captured.err

    return run


@pytest.fixture
def check_usage(cost_gate):
    def check(tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
        path = tmp_path / "usage.yml"
        path.write_text(text)
        return cost_gate("check", str(EXAMPLE_PLAN), "--usage-file", str(path), *args)

    return check


@pytest.mark.parametrize("text,key,message,suggestion", [
    ("version: 0.1\nresource_usages:\n  aws_nat_gateway.main: {}\n", "resource_usages",
     "unknown top-level section", "resource_usage"),
    ("version: 2\n", "version", "unsupported version 2", None),
    ("version: 0.2\n", "version", "unsupported version 0.2", "0.1"),
    (HEADER + "  aws_lb.app:\n    new_conections: 5\n", "resource_usage.aws_lb.app.new_conections",
     "not a usage key of aws_lb", "new_connections"),
    (HEADER + "  aws_s3_bucket.b:\n    standard:\n      storage_gbs: 5\n",
     "resource_usage.aws_s3_bucket.b.standard.storage_gbs", "not a usage key of aws_s3_bucket",
     "standard.storage_gb"),
    (HEADER + "  aws_s3_bucket.b:\n    standard: 5\n", "resource_usage.aws_s3_bucket.b.standard",
     "expects a map of monthly_select_data_returned_gb, ", None),
    (HEADER + "  aws_instance.web:\n    operating_system: Windows\n",
     "resource_usage.aws_instance.web.operating_system",
     "'Windows' is not one of linux, windows, suse, rhel", "windows"),
    (HEADER + "  aws_instance.web:\n    reserved_instance_term: 1_yr\n",
     "resource_usage.aws_instance.web.reserved_instance_term", "'1_yr' is not one of", "1_year"),
    (HEADER + "  aws_nat_gateway.main:\n    monthly_data_processed_gb: lots\n",
     "resource_usage.aws_nat_gateway.main.monthly_data_processed_gb",
     "expects a number, got 'lots'", None),
    (HEADER + "  aws_nat_gateway.main:\n    monthly_data_processed_gb: -5\n",
     "resource_usage.aws_nat_gateway.main.monthly_data_processed_gb", "must not be negative",
     None),
    ("resource_type_default_usage:\n  aws_nat_gatway:\n    monthly_data_processed_gb: 1\n",
     "resource_type_default_usage.aws_nat_gatway", "unknown resource type", "aws_nat_gateway"),
    ("resource_type_default_usage:\n  aws_eks_cluster:\n    nodes: 1\n",
     "resource_type_default_usage.aws_eks_cluster.nodes", "aws_eks_cluster has no usage keys",
     None),
])
def test_each_mistake_is_a_warning_naming_file_key_and_closest_spelling(
        tmp_path: Path, text: str, key: str, message: str, suggestion: str | None):
    [warning] = _warnings(tmp_path, text)
    assert warning.file == str(tmp_path / "usage.yml")
    assert warning.key == key
    assert message in warning.message
    assert warning.suggestion == suggestion


def test_a_bad_value_is_left_out_and_the_rest_of_the_entry_applies(tmp_path: Path):
    path = tmp_path / "usage.yml"
    path.write_text(HEADER + "  aws_instance.web:\n    operating_system: macos\n"
                    "    monthly_hrs: 100\n")
    usage = load_usage_file(str(path))
    assert usage.by_address["aws_instance.web"] == {"monthly_hrs": 100}


def test_addresses_and_wildcards_that_match_nothing_are_warnings_after_matching(tmp_path: Path, check_usage):
    text = (HEADER + "  aws_nat_gateway.mian:\n    monthly_data_processed_gb: 1\n"
            "  module.api[*].aws_lb.app:\n    new_connections: 1\n"
            "  module.web.aws_instance.web[*]:\n    monthly_hrs: 100\n")
    code, out, _ = check_usage(tmp_path, text, "--format", "json")
    assert code == 0
    warnings = json.loads(out)["usage"]["warnings"]
    assert [(w["key"], w["message"], w["suggestion"]) for w in warnings] == [
        ("resource_usage.aws_nat_gateway.mian", "this address matches no resource in the input",
         "aws_nat_gateway.main"),
        ("resource_usage.module.api[*].aws_lb.app", "this wildcard matches no resource in the "
         "input", "module.web.aws_lb.app"),
    ]
    path = str(tmp_path / "usage.yml")
    assert warnings[0]["text"] == (
        f"{path}: resource_usage.aws_nat_gateway.mian: this address matches no resource in the "
        "input (did you mean `aws_nat_gateway.main`?)")


def test_warnings_are_listed_in_table_markdown_and_json(tmp_path: Path, check_usage):
    text = HEADER + "  aws_lb.app:\n    new_conections: 5\n"
    for fmt in ("table", "markdown", "json"):
        code, out, _ = check_usage(tmp_path, text, "--format", fmt)
        assert code == 0
        assert "new_conections" in out.replace("\\_", "_"), fmt
        assert "new_connections" in out.replace("\\_", "_"), fmt


def test_keys_not_used_yet_are_info_in_every_output(tmp_path: Path, check_usage):
    text = HEADER + "  aws_docdb_cluster.sessions:\n    backup_storage_gb: 5\n"
    for fmt in ("table", "markdown"):
        code, out, _ = check_usage(tmp_path, text, "--format", fmt)
        assert code == 0
        assert "backup_storage_gb" in out.replace("\\_", "_"), fmt
    code, out, _ = check_usage(tmp_path, text, "--format", "json")
    report = json.loads(out)
    assert report["usage"]["warnings"] == []
    assert [(i["type"], i["key"]) for i in report["usage"]["not_used"]] == [
        ("aws_docdb_cluster", "backup_storage_gb")]


def test_strict_usage_turns_warnings_into_a_one_line_error(tmp_path: Path, check_usage):
    text = (HEADER + "  aws_lb.app:\n    new_conections: 5\n"
            "  aws_nat_gateway.mian:\n    monthly_data_processed_gb: 1\n")
    code, out, err = check_usage(tmp_path, text, "--strict-usage")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "new_conections" in err and "did you mean `new_connections`" in err
    assert "(and 2 more)" in err and "--strict-usage" in err


def test_strict_usage_from_the_environment(tmp_path: Path, monkeypatch, check_usage):
    monkeypatch.setenv("COST_GATE_STRICT_USAGE", "1")
    code, _, err = check_usage(tmp_path, "version: 3\n")
    assert code == 2 and "unsupported version 3" in err


def test_strict_usage_passes_a_clean_file(tmp_path: Path, check_usage):
    text = HEADER + "  aws_nat_gateway.main:\n    monthly_data_processed_gb: 10\n"
    code, out, _ = check_usage(tmp_path, text, "--strict-usage", "--format", "json")
    assert code == 0 and json.loads(out)["usage"]["warnings"] == []


def test_not_used_yet_is_not_a_strict_error(tmp_path: Path, check_usage):
    text = HEADER + "  aws_docdb_cluster.sessions:\n    backup_storage_gb: 5\n"
    code, _, _ = check_usage(tmp_path, text, "--strict-usage")
    assert code == 0


def test_strict_usage_on_diff(tmp_path: Path, cost_gate):
    path = tmp_path / "usage.yml"
    path.write_text("resource_usage:\n  aws_nat_gateway.nope:\n    monthly_data_processed_gb: 1\n")
    code, _, err = cost_gate("diff", "--base", str(EXAMPLE_PLAN), "--head", str(EXAMPLE_PLAN),
                             "--usage-file", str(path), "--strict-usage")
    assert code == 2 and "aws_nat_gateway.nope" in err


def test_markdown_shows_the_usage_each_resource_was_priced_with(tmp_path: Path, check_usage):
    text = (HEADER + "  aws_nat_gateway.main:\n    monthly_data_processed_gb: 2500\n"
            "  module.web.aws_instance.web[*]:\n    operating_system: windows\n")
    code, out, _ = check_usage(tmp_path, text, "--format", "markdown")
    assert code == 0
    plain = out.replace("\\", "")
    assert "Usage: monthly_data_processed_gb=2,500 (exact entry)" in plain
    assert "Usage: operating_system=windows (wildcard module.web.aws_instance.web[*])" in plain
    code, out, _ = check_usage(tmp_path, text)
    assert "usage: monthly_data_processed_gb=2,500" in out
