"""Hostile .tf directories (issue 13): every one ends in a clear answer within seconds.

Resource exhaustion becomes a capped expansion with a note, a note on the attribute
("Invalid function argument"), or exit 2 with one line; never an internal error.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cost_gate import limits
from cost_gate.errors import InputError
from cost_gate.inputs.hcl import load_hcl_project
from tests.test_bad_input import assert_one_error, run


def write_tf(tmp_path: Path, text: str, name: str = "main.tf") -> Path:
    (tmp_path / name).write_text(text)
    return tmp_path


def load(tmp_path: Path, text: str):
    write_tf(tmp_path, text)
    start = time.monotonic()
    project = load_hcl_project(str(tmp_path), env={})
    assert time.monotonic() - start < 30
    return project


def notes_of(project) -> str:
    return "\n".join([*project.notes, *(n for c in project.changes for n in c.notes)])


def attr(project, address: str, name: str):
    change = next(c for c in project.changes if c.address == address)
    return change.after.attributes.get(name), change.after.unknown


def note_for(project, fragment: str) -> str:
    text = notes_of(project)
    assert fragment in text, text
    return text


# -- instance counts ---------------------------------------------------------------------------

def test_huge_count_is_capped_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INSTANCES_PER_RESOURCE", 50)
    project = load(tmp_path, 'resource "aws_eip" "ip" {\n  count = 1e9\n}\n')
    assert len(project.changes) == 50
    note_for(project, "1,000,000,000 instances requested; only the first 50")


def test_default_instance_cap_is_ten_thousand(tmp_path):
    assert limits.MAX_INSTANCES_PER_RESOURCE == 10_000
    project = load(tmp_path, 'resource "aws_eip" "ip" {\n  count = 20000\n}\n')
    assert len(project.changes) == 10_000


def test_huge_for_each_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INSTANCES_PER_RESOURCE", 10)
    project = load(tmp_path, 'resource "aws_eip" "ip" {\n'
                             '  for_each = toset([for i in range(100) : tostring(i)])\n}\n')
    assert len(project.changes) == 10
    note_for(project, "100 instances requested")


def test_module_count_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_MODULE_INSTANCES", 5)
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text('resource "aws_eip" "ip" {}\n')
    project = load(tmp_path, 'module "m" {\n  source = "./mod"\n  count = 1e7\n}\n')
    assert len(project.changes) == 5
    note_for(project, "10,000,000 module instances requested; only the first 5")


def test_nested_module_counts_share_one_total(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_MODULES_TOTAL", 12)
    (tmp_path / "outer").mkdir()
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "main.tf").write_text('resource "aws_eip" "ip" {}\n')
    (tmp_path / "outer" / "main.tf").write_text(
        'module "in" {\n  source = "../inner"\n  count = 10\n}\n')
    project = load(tmp_path, 'module "out" {\n  source = "./outer"\n  count = 10\n}\n')
    assert len(project.changes) <= 12


# -- sizes -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("expr", "fragment"), [
    ('length(setproduct(range(1024), range(1024), range(1024)))', "setproduct()"),
    ('format("%999999999d", 1)', "format()"),
    ('indent(1e9, "a\\nb")', "indent()"),
    ('join("", [for i in range(600) : format("%02000d", i)])', "join()"),
    ('strrev(join(",", [for i in range(1024) : format("%01000d", i)]))', "join()"),
    ('slice([1, 2, 3], 0, 1e300)', "slice()"),
    ('substr("abc", 1e30, 1)', "substr()"),
    ('chunklist([1, 2], -1)', "chunklist()"),
    ('cidrsubnet("10.0.0.0/8", 1e9, 1)', "cidrsubnet()"),
    ('cidrsubnet("10.0.0.0/8", 8, 1e30)', "cidrsubnet()"),
    ('parseint("zzzz", 99)', "parseint()"),
    ('parseint(join("", [for i in range(1024) : "9"]), 10)', "parseint()"),
    ('pow(10, 400)', "pow()"),
    ('regex("(", "x")', "regex()"),
    ('regexall("[", "x")', "regexall()"),
    ('replace("x", "/(/", "y")', "replace()"),
    ('jsondecode("{\\"a\\": NaN}")', "jsondecode()"),
    ('element([1], 1e300 * 1e300)', "not finite"),
    ('log(0, 10)', "log()"),
])
def test_domain_errors_are_invalid_function_argument_notes(tmp_path, expr, fragment):
    project = load(tmp_path, f'resource "aws_eip" "ip" {{\n  tags = {{ x = {expr} }}\n}}\n')
    text = note_for(project, fragment)
    assert "Invalid function argument" in text or "not finite" in text
    assert "main.tf:2: " in text  # Terraform-style file:line of the argument


def test_function_errors_name_the_line_of_the_definition(tmp_path):
    """A failing call in a local, a variable default, a module argument or an output says
    where it is written; an expression in a heredoc or nested object does not shift lines."""
    (tmp_path / "child").mkdir()
    (tmp_path / "child" / "main.tf").write_text(
        'variable "size" {}\n'
        'resource "aws_ebs_volume" "v" {\n  availability_zone = "us-east-1a"\n'
        '  size = var.size\n}\n'
    )
    project = load(tmp_path, (
        'variable "bad" {\n  default = parseint("zz", 10)\n}\n'   # 1-3
        'locals {\n'                                                  # 4
        '  doc = <<EOT\nsize = {\nEOT\n'                          # 5-7
        '  nested = { a = { b = 1 } }\n'                            # 8
        '  broken = substr("abc", 1e30, 1)\n'                       # 9
        '}\n'                                                         # 10
        'module "disk" {\n  source = "./child"\n'                  # 11-12
        '  size   = pow(10, 400)\n}\n'                             # 13-14
        'resource "aws_eip" "ip" {\n'                                # 15
        '  tags = { a = local.broken, b = var.bad }\n'              # 16
        '}\n'
    ))
    text = notes_of(project)
    assert "main.tf:9: local.broken: cannot evaluate (Invalid function argument: substr()" in text
    assert "main.tf:2: var.bad default: cannot evaluate (Invalid function argument: parseint()" \
        in text
    assert "main.tf:13: module.disk.size: cannot evaluate (Invalid function argument: pow()" \
        in text


def test_catastrophic_regex_runs_in_linear_time(tmp_path):
    start = time.monotonic()
    project = load(tmp_path, 'resource "aws_eip" "ip" {\n'
                             '  tags = { x = regexall("(a+)+b", join("", [for i in range(64) :'
                             ' "a"])) }\n}\n')
    assert time.monotonic() - start < 5
    value, _ = attr(project, "aws_eip.ip", "tags")
    assert value == {"x": []}


def test_re2_semantics_for_replace_and_named_groups(tmp_path):
    project = load(tmp_path, 'resource "aws_eip" "ip" {\n  tags = {\n'
                             '    a = replace("a-1 b-2", "/([a-z])-(\\\\d)/", "$2$1")\n'
                             '    b = regex("(?P<k>[a-z]+)=(?P<v>\\\\d+)", "port=80")["v"]\n'
                             '  }\n}\n')
    value, _ = attr(project, "aws_eip.ip", "tags")
    assert value == {"a": "1a 2b", "b": "80"}


# -- files -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "loop", "big"])
@pytest.mark.parametrize("func", ["file", "templatefile", "filebase64"])
def test_hostile_files_are_refused_without_reading_them(tmp_path, monkeypatch, kind, func):
    target = tmp_path / "data.txt"
    if kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "loop":
        target.symlink_to(target)
    else:
        monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
        target.write_text("x" * 5000)
    call = f'{func}("${{path.module}}/data.txt"{", {}" if func == "templatefile" else ""})'
    project = load(tmp_path, f'resource "aws_eip" "ip" {{\n  tags = {{ x = {call} }}\n}}\n')
    note_for(project, f"{func}()")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_auto_tfvars_that_is_not_a_file_exits_2(tmp_path, kind):
    write_tf(tmp_path, 'variable "x" {\n  default = 1\n}\nresource "aws_eip" "ip" {}\n')
    target = tmp_path / "bad.auto.tfvars"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    proc = run(str(tmp_path))
    assert_one_error(proc, contains="not a regular file")


def test_tf_file_over_the_size_limit_exits_2(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    write_tf(tmp_path, "# " + "x" * 500 + '\nresource "aws_eip" "ip" {}\n')
    with pytest.raises(InputError, match="limit"):
        load_hcl_project(str(tmp_path), env={})


# -- depth -------------------------------------------------------------------------------------

@pytest.mark.parametrize("expr", [
    "(" * 30 + "1" + ")" * 30,
    "upper(" * 30 + '"a"' + ")" * 30,
    "{a = " * 30 + "1" + "}" * 30,
    "[" * 30 + "1" + "]" * 30,
    "[for x in " * 30 + "[1]" + " : x]" * 30,
    "local.l" + "[0]" * 100,
])
def test_deep_expressions_are_a_clear_note(tmp_path, monkeypatch, expr):
    monkeypatch.setattr(limits, "MAX_EXPRESSION_DEPTH", 20)
    project = load(tmp_path, f'locals {{\n  l = [[[1]]]\n  deep = {expr}\n}}\n'
                             'resource "aws_eip" "ip" {\n  tags = { x = local.deep }\n}\n')
    text = notes_of(project)
    assert "nested deeper than 20" in text or "traversal longer than 80" in text, text


def test_extremely_deep_expression_is_one_line_exit_2(tmp_path):
    write_tf(tmp_path, "locals {\n  x = " + "(" * 5000 + "1" + ")" * 5000 + "\n}\n")
    proc = run(str(tmp_path))
    assert_one_error(proc, contains="nested too deeply")


def test_deep_tfvars_json_exits_2(tmp_path):
    write_tf(tmp_path, 'variable "x" {}\nresource "aws_eip" "ip" {}\n')
    (tmp_path / "terraform.tfvars.json").write_text('{"x": ' + "[" * 5000 + "]" * 5000 + "}")
    proc = run(str(tmp_path))
    assert_one_error(proc, contains="nested")


def test_long_reference_chain_is_not_an_internal_error(tmp_path):
    chain = "\n".join(f"  v{i} = local.v{i + 1}" for i in range(3000))
    write_tf(tmp_path, f"locals {{\n{chain}\n  v3000 = 1\n}}\n"
                       'resource "aws_eip" "ip" {\n  tags = { x = local.v0 }\n}\n')
    proc = run(str(tmp_path), "--format", "json")
    assert proc.returncode in (0, 2), proc.stderr
    assert "internal error" not in proc.stderr


# -- the whole evaluation ----------------------------------------------------------------------

def test_too_many_loop_elements_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ITERATIONS_TOTAL", 100_000)
    write_tf(tmp_path, "locals {\n  x = [for i in range(1024) : [for j in range(1024) : "
                       "[for k in range(1024) : k]]]\n}\n"
                       'resource "aws_eip" "ip" {\n  tags = { n = length(local.x) }\n}\n')
    with pytest.raises(InputError, match="more than 100,000 elements"):
        load_hcl_project(str(tmp_path), env={})


def test_time_budget_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_EVALUATION_SECONDS", 0.3)
    write_tf(tmp_path, "locals {\n  x = [for i in range(1024) : [for j in range(1024) : "
                       "format(\"%d-%d\", i, j)]]\n}\n"
                       'resource "aws_eip" "ip" {\n  tags = { n = length(local.x) }\n}\n')
    start = time.monotonic()
    with pytest.raises(InputError, match="evaluation time limit"):
        load_hcl_project(str(tmp_path), env={})
    assert time.monotonic() - start < 10


def test_overflowing_literal_is_a_note(tmp_path):
    project = load(tmp_path, 'resource "aws_ebs_volume" "v" {\n  availability_zone = '
                             '"us-east-1a"\n  size = 1e400\n}\n')
    _, unknown = attr(project, "aws_ebs_volume.v", "size")
    note_for(project, "out of range")
    assert unknown and unknown.get("size")
