"""qrpay.tlv: parse/serialize, offsets, paths, length units, errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qrpay import TLVError, tlv
from qrpay.tlv import DataObject, LengthUnit

tags = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")
values = st.text(min_size=0, max_size=99)


@given(st.lists(st.tuples(tags, values), max_size=12))
def test_serialize_is_exact_inverse_of_parse(pairs: list[tuple[str, str]]) -> None:
    objects = [tlv.primitive(t, v) for t, v in pairs]
    text = tlv.serialize(objects)
    parsed = tlv.parse(text)
    assert [(o.tag, o.value) for o in parsed] == pairs
    assert tlv.serialize(parsed) == text
    # offsets point at each object's ID
    for obj in parsed:
        assert text[obj.offset : obj.offset + 2] == obj.tag
        assert text[obj.offset + 4 : obj.offset + 4 + len(obj.value)] == obj.value


def test_offsets_and_paths_of_nested_template() -> None:
    text = "00020162130503***0702T16304ABCD"
    root = tlv.parse(text)
    assert [(o.tag, o.offset, o.path) for o in root] == [
        ("00", 0, ("00",)),
        ("62", 6, ("62",)),
        ("63", 23, ("63",)),
    ]
    t62 = root[1]
    children = tlv.parse(t62.value, offset=t62.offset + 4, path=t62.path)
    assert [(c.tag, c.value, c.offset, c.path) for c in children] == [
        ("05", "***", 10, ("62", "05")),
        ("07", "T1", 17, ("62", "07")),
    ]
    assert text[17:19] == "07"


def test_lengths_count_characters_not_bytes() -> None:
    # EMVCo MPM 4.4.1.1 and Annex B.7: "最佳运输" has length 04.
    objs = tlv.parse("0104最佳运输0202北京")
    assert [o.value for o in objs] == ["最佳运输", "北京"]
    assert objs[1].offset == 8


def test_parse_in_utf8_bytes_keeps_character_offsets() -> None:
    objs = tlv.parse("0112最佳运输0206北京", unit=LengthUnit.UTF8_BYTES)
    assert [(o.value, o.offset) for o in objs] == [("最佳运输", 0), ("北京", 8)]
    assert tlv.serialize(objs, LengthUnit.UTF8_BYTES) == "0112最佳运输0206北京"


def test_parse_in_utf16_units() -> None:
    objs = tlv.parse("0107Cafe 😀0002ok", unit=LengthUnit.UTF16_UNITS)
    assert [(o.value, o.offset) for o in objs] == [("Cafe 😀", 0), ("ok", 10)]
    assert tlv.serialize(objs, LengthUnit.UTF16_UNITS) == "0107Cafe 😀0002ok"


@pytest.mark.parametrize(
    ("text", "code", "offset", "path"),
    [
        ("0002010", "tlv_truncated", 6, ()),  # 1 char left: no room for ID + length
        ("000201X102ab", "tlv_bad_tag", 6, ()),
        ("00020101A2ab", "tlv_bad_length", 6, ("01",)),
        ("0002010110ab", "tlv_truncated", 6, ("01",)),
    ],
)
def test_errors_have_code_offset_and_path(text: str, code: str, offset: int, path: tuple[str, ...]) -> None:
    with pytest.raises(TLVError) as caught:
        tlv.parse(text)
    assert caught.value.code == code
    assert caught.value.offset == offset
    assert caught.value.path == path
    assert f"offset {offset}" in str(caught.value)


def test_nested_error_offsets_are_absolute() -> None:
    with pytest.raises(TLVError) as caught:
        tlv.parse("05XX", offset=10, path=("62",))
    assert caught.value.offset == 10
    assert caught.value.path == ("62", "05")


def test_error_names_the_previous_object() -> None:
    with pytest.raises(TLVError) as caught:
        tlv.parse("0002010203ab5802KH")  # 02 declares 3 but holds 2
    assert "after tag 02 at offset 6" in caught.value.message
    assert caught.value.ctx["previous_tag"] == "02"


def test_utf8_walk_refuses_split_character() -> None:
    with pytest.raises(TLVError) as caught:
        tlv.parse("0102最", unit=LengthUnit.UTF8_BYTES)
    assert caught.value.code == "tlv_split_character"


def test_template_builder_sets_paths_and_value() -> None:
    obj = tlv.template("62", [("05", "REF"), ("07", "T1")])
    assert obj.value == "0503REF0702T1"
    assert [c.path for c in obj.children or ()] == [("62", "05"), ("62", "07")]
    assert obj.to_text() == "62130503REF0702T1"
    nested = tlv.template("29", [tlv.primitive("00", "X")])
    assert (nested.children or ())[0].path == ("29", "00")


def test_serialize_refuses_values_over_99() -> None:
    with pytest.raises(TLVError) as caught:
        tlv.serialize([tlv.primitive("59", "x" * 100)])
    assert caught.value.code == "value_too_long"
    assert caught.value.path == ("59",)


def test_bad_tag_in_builder() -> None:
    with pytest.raises(TLVError):
        tlv.primitive("5", "x")
    with pytest.raises(TLVError):
        tlv.template("62", [("A1", "x")])


def test_data_object_helpers() -> None:
    obj = DataObject("62", "0503REF", 0, ("62",), (DataObject("05", "REF", 4, ("62", "05")),))
    assert obj.is_template and obj.length == 7
    assert obj.child("05") is not None and obj.child("07") is None
