"""Exact errors and in-memory objects of ``qrpay.tlv`` (issue 13: the survivors of the
mutation run on tlv, docs/testing.md).

Each expected error is written out by hand from EMVCo MPM 4.1 / 4.4.1 (two-digit IDs and
lengths, at most 99 per value) and the unit the walk counts in; the inputs are short
enough to count on paper, and the counts are spelt out next to each input.
"""

from __future__ import annotations

from typing import Any

import pytest

from qrpay import tlv
from qrpay.errors import TLVError
from qrpay.tlv import DataObject, LengthUnit

BYTES = LengthUnit.UTF8_BYTES
UNITS = LengthUnit.UTF16_UNITS


def error_of(call: Any, *args: Any, **kwargs: Any) -> TLVError:
    with pytest.raises(TLVError) as caught:
        call(*args, **kwargs)
    return caught.value


def fields(err: TLVError) -> tuple[str, tuple[str, ...], int | None, dict[str, Any], str]:
    return err.code, err.path, err.offset, dict(err.ctx), err.message


# -- serialize ---------------------------------------------------------------------------------


def test_serialize_accepts_99_and_refuses_100_characters() -> None:
    assert tlv.serialize([tlv.primitive("59", "A" * 99)]) == "5999" + "A" * 99
    err = error_of(tlv.serialize, [tlv.primitive("05", "x"), tlv.primitive("59", "A" * 100)])
    assert fields(err) == (
        "value_too_long",
        ("59",),
        None,  # built in memory: no offset in any text
        {"max_length": 99, "actual": 100},
        "value of tag 59 has 100 characters; a data object holds at most 99 (EMVCo MPM 4.4.1.2)",
    )


def test_serialize_names_the_nested_path_and_the_offset_of_a_parsed_object() -> None:
    parsed = DataObject("05", "B" * 100, 17, ("62", "05"), None)
    err = error_of(tlv.serialize, [parsed])
    assert fields(err) == (
        "value_too_long",
        ("62", "05"),
        17,
        {"max_length": 99, "actual": 100},
        "value of tag 62.05 has 100 characters; a data object holds at most 99 (EMVCo MPM 4.4.1.2)",
    )


def test_serialize_offset_zero_is_kept() -> None:
    assert error_of(tlv.serialize, [DataObject("59", "C" * 100, 0, ("59",), None)]).offset == 0


@pytest.mark.parametrize(
    ("unit", "value", "size", "unit_words"),
    [
        # "é" is 2 UTF-8 bytes and 1 UTF-16 unit; "𝄞" (U+1D11E) is 4 bytes, 2 units
        (BYTES, "é" * 49 + "a", 99, None),
        (BYTES, "é" * 50, 100, "utf8 bytes"),
        (UNITS, "𝄞" * 49 + "a", 99, None),
        (UNITS, "𝄞" * 50, 100, "utf16 units"),
        (UNITS, "é" * 99, 99, None),
    ],
)
def test_serialize_counts_in_the_unit_asked(
    unit: LengthUnit, value: str, size: int, unit_words: str | None
) -> None:
    obj = tlv.primitive("59", value)
    if unit_words is None:
        assert tlv.serialize([obj], unit) == f"59{size:02d}{value}"
        return
    err = error_of(tlv.serialize, [obj], unit)
    assert fields(err) == (
        "value_too_long",
        ("59",),
        None,
        {"max_length": 99, "actual": size},
        f"value of tag 59 has {size} {unit_words}; a data object holds at most 99 (EMVCo MPM 4.4.1.2)",
    )


def test_serialize_with_a_unit_writes_each_length_in_that_unit() -> None:
    objects = [tlv.primitive("59", "é"), tlv.primitive("60", "𝄞"), tlv.primitive("61", "ab")]
    assert tlv.serialize(objects) == "5901é6001𝄞6102ab"
    assert tlv.serialize(objects, BYTES) == "5902é6004𝄞6102ab"
    assert tlv.serialize(objects, UNITS) == "5901é6002𝄞6102ab"


# -- objects built in memory -------------------------------------------------------------------


def test_primitive_and_template_carry_offset_minus_one_and_full_paths() -> None:
    assert tlv.primitive("05", "x", path=("62",)) == DataObject("05", "x", -1, ("62", "05"), None)
    built = tlv.template("62", [("05", "abc"), ("07", "T1")], path=())
    assert built == DataObject(
        "62",
        "0503abc0702T1",
        -1,
        ("62",),
        (DataObject("05", "abc", -1, ("62", "05"), None), DataObject("07", "T1", -1, ("62", "07"), None)),
    )


def test_template_rebases_children_and_grandchildren_built_elsewhere() -> None:
    inner = tlv.template("50", [("00", "A.B"), ("01", "x")])  # built as a root template 50
    child = tlv.primitive("05", "r")
    outer = tlv.template("62", [child, inner])
    assert outer.value == "0501r" + "5012" + "0003A.B0101x"
    kids = outer.children
    assert kids is not None
    assert kids[0].path == ("62", "05") and kids[0].offset == -1
    assert kids[1].path == ("62", "50")
    assert kids[1].children is not None
    assert [c.path for c in kids[1].children] == [("62", "50", "00"), ("62", "50", "01")]
    # a child whose path is already right is kept as it is (same object)
    placed = tlv.primitive("05", "r", path=("62",))
    assert tlv.template("62", [placed]).children == (placed,)
    # rebasing keeps a parsed object's offset
    parsed = DataObject("07", "T", 40, ("07",), None)
    rebased = tlv.template("62", [parsed]).children
    assert rebased == (DataObject("07", "T", 40, ("62", "07"), None),)


@pytest.mark.parametrize("bad", ["1", "123", "ab", "", " 1", "1a"])
def test_bad_ids_of_built_objects(bad: str) -> None:
    assert fields(error_of(tlv.primitive, bad, "x")) == (
        "tlv_bad_tag",
        (bad,),
        None,
        {},
        f"ID {bad!r} is not two digits 00-99 (EMVCo MPM 4.1)",
    )
    assert fields(error_of(tlv.primitive, bad, "x", path=("62",)))[1] == ("62", bad)
    assert fields(error_of(tlv.template, bad, [("05", "x")]))[:2] == ("tlv_bad_tag", (bad,))
    err = error_of(tlv.template, "62", [(bad, "x")], path=("80",))
    assert fields(err)[:2] == ("tlv_bad_tag", ("80", "62", bad))


# -- walks counted in UTF-8 bytes and UTF-16 units ---------------------------------------------
#
# Offsets are always in characters, whatever the length unit (ADR 0004).


@pytest.mark.parametrize("unit", [BYTES, UNITS])
def test_unit_walk_bad_tag(unit: LengthUnit) -> None:
    # "5901é" is 5 characters; the next header "x102" starts at character 5
    err = error_of(tlv.parse, "5901éx102ab" if unit is UNITS else "5902éx102ab", unit=unit)
    assert fields(err) == (
        "tlv_bad_tag",
        (),
        5,
        {"actual": "x1"},
        "ID 'x1' in root is not two digits 00-99 (EMVCo MPM 4.1)",
    )


@pytest.mark.parametrize("unit", [BYTES, UNITS])
def test_unit_walk_bad_length(unit: LengthUnit) -> None:
    text = ("5902é" if unit is BYTES else "5901é") + "600xab"
    assert fields(error_of(tlv.parse, text, unit=unit, offset=10, path=("62",))) == (
        "tlv_bad_length",
        ("62", "60"),
        15,
        {"actual": "0x"},
        "length '0x' of tag 60 is not two digits 00-99 (EMVCo MPM 4.1)",
    )


@pytest.mark.parametrize("unit", [BYTES, UNITS])
def test_unit_walk_truncated_header(unit: LengthUnit) -> None:
    text = ("5902é" if unit is BYTES else "5901é") + "600"
    assert fields(error_of(tlv.parse, text, unit=unit, path=("64",), offset=3)) == (
        "tlv_truncated",
        ("64",),
        8,
        {"actual": "600"},
        "template 64 ends with '600', too short for an ID and a length (4 digits, EMVCo MPM 4.1)",
    )


@pytest.mark.parametrize(
    ("unit", "text", "declared", "available", "words"),
    [
        # 5903 declares 3 bytes; "éa" has 3 bytes; "é" alone has 2
        (BYTES, "5903é", 3, 2, "utf8 bytes"),
        (BYTES, "5904éa", 4, 3, "utf8 bytes"),
        # "𝄞" is 2 UTF-16 units
        (UNITS, "5903𝄞", 3, 2, "utf16 units"),
        (UNITS, "5901a6003𝄞", 3, 2, "utf16 units"),
    ],
)
def test_unit_walk_overrun_counts_what_remains_in_the_unit(
    unit: LengthUnit, text: str, declared: int, available: int, words: str
) -> None:
    err = error_of(tlv.parse, text, unit=unit)
    tag = "60" if "6003" in text else "59"
    offset = 5 if tag == "60" else 0
    assert fields(err) == (
        "tlv_truncated",
        (tag,),
        offset,
        {"declared": declared, "available": available},
        f"tag {tag} declares length {declared:02d} but only {available} {words} remain in root",
    )


@pytest.mark.parametrize(
    ("unit", "text", "words"),
    [
        (BYTES, "5901é", "utf8 bytes"),  # 1 byte of the 2 of "é"
        (BYTES, "5903𝄞a", "utf8 bytes"),  # 3 bytes of the 4 of "𝄞"
        (UNITS, "5901𝄞a", "utf16 units"),  # 1 unit of the 2 of "𝄞" (a lone surrogate)
    ],
)
def test_unit_walk_split_character(unit: LengthUnit, text: str, words: str) -> None:
    err = error_of(tlv.parse, "0002ab" + text, unit=unit, path=("62",), offset=4)
    assert fields(err) == (
        "tlv_split_character",
        ("62", "59"),
        10,
        {},
        f"tag 59 declares {int(text[2:4])} {words}, which splits a multi-byte character",
    )


@pytest.mark.parametrize("unit", [BYTES, UNITS])
def test_unit_walk_offsets_count_characters(unit: LengthUnit) -> None:
    text = ("5904éé" if unit is BYTES else "5902éé") + "6001x"
    assert tlv.parse(text, unit=unit, offset=2, path=("64",)) == (
        DataObject("59", "éé", 2, ("64", "59"), None),
        DataObject("60", "x", 8, ("64", "60"), None),
    )


# -- parse_tree with a unit: templates inside templates (62/50-99) ----------------------------


def _tree(text: str, unit: LengthUnit) -> tuple[tuple[DataObject, ...], list[Any]]:
    return tlv.parse_tree(text, expand={"62"}, within={"62": {"50"}}, unit=unit)


@pytest.mark.parametrize("unit", [BYTES, UNITS])
def test_unit_tree_expands_nested_templates(unit: LengthUnit) -> None:
    # 62 holds 05 "é" and template 50 holding 00 "ab"; lengths in the unit
    inner = "0002ab"
    five = "0502é" if unit is BYTES else "0501é"
    text = "5901é" if unit is UNITS else "5902é"
    text += f"62{len(five) + 4 + len(inner) + (1 if unit is BYTES else 0):02d}{five}5006{inner}"
    objects, failures = _tree(text, unit)
    assert failures == []
    t62 = objects[1]
    assert t62.offset == 5 and t62.children is not None
    five_obj, fifty = t62.children
    assert five_obj == DataObject("05", "é", 9, ("62", "05"), None)
    assert fifty.path == ("62", "50") and fifty.offset == 14
    assert fifty.children == (DataObject("00", "ab", 18, ("62", "50", "00"), None),)
    # a child not listed in `within` stays a primitive
    assert five_obj.children is None


@pytest.mark.parametrize("unit", [BYTES, UNITS])
def test_unit_tree_reports_a_broken_nested_template_and_keeps_it_whole(unit: LengthUnit) -> None:
    five = "0502é" if unit is BYTES else "0501é"
    bad_inner = "0009ab"  # declares 9, holds 2
    body = f"{five}5006{bad_inner}"
    size = len(body) + (1 if unit is BYTES else 0)
    text = ("5902é" if unit is BYTES else "5901é") + f"62{size:02d}{body}"
    objects, failures = _tree(text, unit)
    t62 = objects[1]
    assert t62.children is not None
    fifty = t62.children[1]
    assert fifty.children is None and fifty.value == bad_inner
    assert len(failures) == 1
    path, err = failures[0]
    assert path == ("62", "50")
    assert fields(err) == (
        "tlv_truncated",
        ("62", "50", "00"),
        18,
        {"declared": 9, "available": 2},
        f"tag 00 declares length 09 but only 2 {'utf8 bytes' if unit is BYTES else 'utf16 units'} "
        "remain in template 62.50",
    )


@pytest.mark.parametrize("unit", [BYTES, UNITS])
def test_unit_tree_reports_a_broken_root_template(unit: LengthUnit) -> None:
    text = ("5902é" if unit is BYTES else "5901é") + "62050509x"
    objects, failures = _tree(text, unit)
    assert objects[1].children is None
    assert [(p, e.code, e.offset) for p, e in failures] == [(("62",), "tlv_truncated", 9)]


# -- the second mutation run's survivors (docs/testing.md) -------------------------------------


def test_character_walk_overrun_message_names_characters() -> None:
    # root: 5909 declares 9, "abc" has 3
    err = error_of(tlv.parse, "5909abc")
    assert err.message == "tag 59 declares length 09 but only 3 characters remain in root"
    err = error_of(tlv.parse_tree, "5909abc", expand={"62"})
    assert err.message == "tag 59 declares length 09 but only 3 characters remain in root"
    # in a template: 62 holds 0505ABCD (declares 5, holds 4)
    err = error_of(tlv.parse, "0505ABCD", offset=4, path=("62",))
    assert err.message == "tag 05 declares length 05 but only 4 characters remain in template 62"


def test_error_after_an_object_names_that_object() -> None:
    # 0002ab is fine; the next header "x1" is not; the message points back at 00
    err = error_of(tlv.parse, "0002abx102", offset=0)
    assert err.message == (
        "ID 'x1' in root is not two digits 00-99 (EMVCo MPM 4.1) (after tag 00 at offset 0, declared "
        "length 02: if that length is wrong, the walk goes astray here)"
    )
    assert err.ctx == {"actual": "x1", "previous_tag": "00", "previous_offset": 0}
    err = error_of(tlv.parse, "0501r0709T", offset=4, path=("62",))
    assert err.message == (
        "tag 07 declares length 09 but only 1 characters remain in template 62 (after tag 62.05 at "
        "offset 4, declared length 01: if that length is wrong, the walk goes astray here)"
    )


def test_character_walk_bad_tag_in_a_template_names_it() -> None:
    err = error_of(tlv.parse, "x105a", offset=4, path=("62",))
    assert fields(err) == (
        "tlv_bad_tag",
        ("62",),
        4,
        {"actual": "x1"},
        "ID 'x1' in template 62 is not two digits 00-99 (EMVCo MPM 4.1)",
    )


@pytest.mark.parametrize(
    ("unit", "text"),
    [
        (BYTES, "123é"),  # the 4-byte header window ends inside "é" (bytes 31 32 33 C3)
        (UNITS, "123𝄞"),  # the 4-unit header window ends on the high surrogate of "𝄞"
    ],
)
def test_unit_walk_header_that_splits_a_character(unit: LengthUnit, text: str) -> None:
    assert fields(error_of(tlv.parse, text, unit=unit)) == (
        "tlv_bad_tag",
        (),
        0,
        {"actual": "??"},
        "ID '??' in root is not two digits 00-99 (EMVCo MPM 4.1)",
    )


def test_character_counts_of_non_bmp_text() -> None:
    # one code point, two UTF-16 units, four UTF-8 bytes (EMVCo MPM 4.4.1.1 counts characters)
    assert tlv.primitive("59", "𝄞").to_text() == "5901𝄞"
    assert tlv.primitive("59", "𝄞").length == 1
    objects, failures = tlv.parse_tree("5901𝄞6201x")
    assert failures == [] and objects[0] == DataObject("59", "𝄞", 0, ("59",), None)
    objects, failures = tlv.parse_tree("5901𝄞62050501𝄞", expand={"62"})
    assert failures == [] and objects[1].children == (DataObject("05", "𝄞", 9, ("62", "05"), None),)
