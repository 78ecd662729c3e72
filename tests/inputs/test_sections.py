"""Reading a JSON object in sections: the same values as a whole decode, whatever the chunk
size; only what the schema keeps; the same one-line errors; and plans read this way price
exactly as plans decoded whole."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest

from cost_gate.errors import InputError
from cost_gate.inputs import sections
from cost_gate.inputs.document import load_document
from cost_gate.inputs.plan import parse_plan, plan_sections
from cost_gate.inputs.sections import DROP, KEEP, Each, Fields, SectionReader, Values
from cost_gate.models import RECENTLY_READ, PackedSide, PackedValues

ROOT = Path(__file__).resolve().parents[2]
# real `terraform show -json` outputs: the fixtures and the benchmarks' template (modules,
# prior state, every section terraform writes)
PLANS = [*sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.json")),
         ROOT / "benchmarks" / "plan_shapes" / "plan.json"]

# values that end where a chunk may end: numbers whose prefix is a number too, escapes,
# surrogate pairs and multi-byte characters, literals, empty containers
TRICKY = {
    "numbers": [0, -1, 12345678901234567890, 1.5e-7, -2.25E+12, 1e5, 10, 3.0],
    "text": ["", "a\"b\\c", "\u00e9t\u00e9", "\U0001f600 (a surrogate pair when escaped)",
             "tab\there\n",
             "\\u0041 literal"],
    "literals": [True, False, None],
    "empty": [{}, [], [[]], {"a": {}}],
    "nested": {"a": [{"b": [1, 2, {"c": "d"}]}, {"e": None}]},
}


def read(text: str, schema: Fields | None = None, chunk: int | None = None,
         monkeypatch: pytest.MonkeyPatch | None = None, limit: int = 1 << 30) -> dict:
    if chunk is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sections, "CHUNK_BYTES", chunk)
    non_finite: list = []
    data = text.encode()
    reader = SectionReader(data[:3], io.BytesIO(data[3:]), "doc.json", limit,
                           json.JSONDecoder(), non_finite)
    return reader.document(schema or Fields())


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_same_values_as_a_whole_decode_for_any_chunk_size(chunk, indent, monkeypatch):
    text = json.dumps(TRICKY, indent=indent, ensure_ascii=False)
    assert read(text, chunk=chunk, monkeypatch=monkeypatch) == json.loads(text)
    text = json.dumps(TRICKY, indent=indent)  # \uXXXX escapes instead of UTF-8
    assert read(text, chunk=chunk, monkeypatch=monkeypatch) == json.loads(text)


def test_schema_keeps_drops_and_maps_elements():
    text = json.dumps({
        "items": [{"n": 1}, {"n": 2}, {"n": 3}],
        "skip": {"big": [1, 2, 3]},
        "walk": {"inner": [{"x": 1}, {"x": 2}], "other": "o"},
        "calls": {"a": {"module": {"inner": [{"x": 3}]}}, "b": {"module": {"inner": []}}},
        "kept": [1, 2],
    })
    seen = []

    def item(value, index, finite):
        seen.append((index, finite))
        return None if value["n"] == 2 else value["n"] * 10  # None: left out

    inner = Fields({"inner": Each(lambda v, i, f: v["x"])}, other=DROP)
    schema = Fields({"items": Each(item), "skip": DROP, "walk": inner,
                     "calls": Values(Fields({"module": inner}))})
    doc = read(text, schema)
    assert doc == {"items": [10, 30], "skip": None, "walk": {"inner": [1, 2], "other": None},
                   "calls": {"a": {"module": {"inner": [3]}}, "b": {"module": {"inner": []}}},
                   "kept": [1, 2]}
    assert seen == [(0, True), (1, True), (2, True)]


def test_a_value_of_another_shape_than_its_schema_is_kept_for_the_caller_to_name():
    schema = Fields({"items": Each(lambda v, i, f: 1 / 0), "walk": Fields({"x": DROP})})
    assert read('{"items": {"not": "an array"}, "walk": [1]}', schema) == {
        "items": {"not": "an array"}, "walk": [1]}
    assert read('{"items": null}', schema) == {"items": None}


def test_each_element_says_whether_it_holds_an_overflowed_number():
    flags = []
    non_finite: list = []

    def parse_float(number):
        value = float(number)
        if value - value != 0:
            non_finite.append(value)
        return value

    reader = SectionReader(b"", io.BytesIO(b'{"a": [{"x": 1.5}, {"x": 1e400}, {"x": 2}]}'),
                           "doc.json", 1 << 20, json.JSONDecoder(parse_float=parse_float),
                           non_finite)
    reader.document(Fields({"a": Each(lambda v, i, finite: flags.append(finite))}))
    assert flags == [True, False, True]


@pytest.mark.parametrize(("text", "message"), [
    ('{"a": [1, 2', "doc.json: JSON ends unexpectedly at line 1 (truncated file?)"),
    ('{"a": "unterminated', "doc.json: JSON ends unexpectedly at line 1 (truncated file?)"),
    ('{"a": 1,\n "b" 2}', "doc.json: not valid JSON (line 2, column 6: Expecting ':' delimiter)"),
    ('{"a": [1 2]}', "doc.json: not valid JSON (line 1, column 10: Expecting ',' delimiter)"),
    ('{"a": {"b": tru}}', "doc.json: not valid JSON (line 1, column 13: Expecting value)"),
    ('{"a": 1} {"b": 2}', "doc.json: not valid JSON (line 1, column 10: Extra data)"),
    ('{a: 1}', "doc.json: not valid JSON (line 1, column 2: Expecting property name "
               "enclosed in double quotes)"),
])
@pytest.mark.parametrize("chunk", [1, 4, 1 << 20])
def test_bad_json_is_one_line_with_its_place(text, message, chunk, monkeypatch):
    schema = Fields({"a": Each(KEEP)})
    with pytest.raises(InputError) as info:
        read(text, schema, chunk=chunk, monkeypatch=monkeypatch)
    assert info.value.one_line() == message


def test_the_place_of_an_error_counts_the_lines_already_read(monkeypatch):
    text = '{\n"a": [\n' + ",\n".join(['{"x": 1}'] * 50) + ',\n{"x": 1,, }]}'
    with pytest.raises(InputError) as info:
        read(text, Fields({"a": Each(KEEP)}), chunk=16, monkeypatch=monkeypatch)
    assert info.value.one_line() == (
        "doc.json: not valid JSON (line 53, column 9: Expecting property name enclosed in "
        "double quotes)")
    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(text)
    assert (whole.value.lineno, whole.value.colno) == (53, 9)


def test_nesting_limit_holds_inside_elements():
    deep = "[" * 99 + "]" * 99
    read('{"a": [' + deep[2:-2] + "]}", Fields({"a": Each(KEEP)}))  # 99 levels in all
    with pytest.raises(InputError, match="nested deeper than 100 levels"):
        read('{"a": [' + deep + "]}", Fields({"a": Each(KEEP)}))


def test_nesting_limit_holds_where_a_schema_refers_to_itself():
    module = Fields()
    module.fields.update(calls=Values(Fields({"module": module})))
    text = '{"calls": {"a": {"module": ' * 40 + "{}" + "}}}" * 40
    with pytest.raises(InputError, match="nested deeper than 100 levels"):
        read("{" + f'"root": {text}' + "}", Fields({"root": module}))
    shallow = '{"calls": {"a": {"module": ' * 20 + "{}" + "}}}" * 20
    assert read("{" + f'"root": {shallow}' + "}", Fields({"root": module}))["root"]


def test_size_limits():
    with pytest.raises(InputError, match="doc.json: over the 20-byte limit"):
        read('{"a": [1, 2, 3, 4, 5, 6, 7, 8]}', limit=20)


# --- packed attributes ------------------------------------------------------------------------

BEFORE = {"instance_type": "m5.large", "tags": {"env": "prod"}, "gone": 1, "same": [1, 2]}
AFTER = {"instance_type": "m5.xlarge", "tags": {"env": "prod"}, "new": None, "same": [1, 2]}


@pytest.mark.parametrize(("before", "after"), [
    (BEFORE, AFTER), (AFTER, AFTER), (None, AFTER), (BEFORE, None), ({}, {"a": 1}),
])
def test_packed_values_give_back_both_sides(before, after):
    packed = PackedValues(before, {"x": True} if before else None, after, {"id": True})
    expected = (before, {"x": True} if before else None, after, {"id": True})
    assert packed.unpacked() == expected
    for _ in range(RECENTLY_READ + 1):  # others read since: decoded again
        PackedValues({}, None, {}, None).unpacked()
    assert packed._values is None
    assert packed.unpacked() == expected
    assert pickle.loads(pickle.dumps(packed)).unpacked() == expected


def test_packed_sides_read_like_plain_ones_and_take_assignments():
    packed = PackedValues(BEFORE, None, AFTER, {"id": True})
    before, after = PackedSide.of(packed, after=False), PackedSide.of(packed, after=True)
    assert (before.attributes, before.unknown) == (BEFORE, None)
    assert (after.attributes, after.unknown) == (AFTER, {"id": True})
    after.attributes = {"instance_type": "t3.micro"}
    assert (after.attributes, after.unknown) == ({"instance_type": "t3.micro"}, {"id": True})
    assert before.attributes == BEFORE


# --- plans ------------------------------------------------------------------------------------

def _resources(module: dict) -> int:
    return len(module["resources"]) + sum(_resources(child)
                                          for child in module.get("child_modules") or [])


def _facts(project):
    return [(c.address, c.type, c.provider, c.action, c.module_address, c.name, c.references,
             c.notes, c.configured,
             [(s.attributes, s.unknown, s.region, s.region_source, s.region_variable)
              if s else None for s in (c.before, c.after)])
            for c in project.changes]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_a_plan_read_in_sections_is_the_plan_decoded_whole(path, monkeypatch):
    monkeypatch.setattr(sections, "CHUNK_BYTES", 4096)
    whole = parse_plan(json.loads(path.read_text()), str(path))
    kind, doc, name = load_document(str(path), plan_sections)
    assert kind == "plan"
    # read past, one resource at a time: no resource of them is kept
    assert _resources(doc["planned_values"]["root_module"]) == 0
    if "prior_state" in doc:
        assert _resources(doc["prior_state"]["values"]["root_module"]) == 0
    streamed = parse_plan(doc, name)
    assert _facts(streamed) == _facts(whole)
    assert any(isinstance(c.after or c.before, PackedSide) for c in streamed.changes)


def test_a_bad_resource_change_is_named_after_the_plan_level_checks(tmp_path):
    doc = {"format_version": "1.2", "resource_changes": [
        {"address": "aws_instance.a", "type": "aws_instance", "change": {"actions": 1}}],
        "errored": True}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    kind, loaded, name = load_document(str(path), plan_sections)
    with pytest.raises(InputError, match="marked errored"):
        parse_plan(loaded, name)
    doc["errored"] = False
    path.write_text(json.dumps(doc))
    kind, loaded, name = load_document(str(path), plan_sections)
    with pytest.raises(InputError, match=r"resource_changes\[0\]\.change\.actions must be"):
        parse_plan(loaded, name)
