"""The TLV walk against an independent oracle: a few lines written here, not qrpay.tlv.

EMVCo MPM 3.2 / 4.1: a data object is a two-digit ID, a two-digit length counting
characters (4.4.1.1) and that many characters of value; IDs 26-51, 62, 64 and 80-99 are
templates (Table 3.6), and inside 62 so are 50-99 (Table 4.3). The oracle below walks
that grammar directly; qrpay's parse, parse_tree, the decoder's walk and decode must agree
with it on generated trees, including lengths one off either way (a child that claims
one character more than remains must be refused, never read short).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qrpay
from qrpay import codec, tlv
from tests.conftest import iter_vectors

ROOT_TEMPLATES = {f"{n:02d}" for n in range(26, 52)} | {"62", "64"} | {f"{n}" for n in range(80, 100)}
IN_62 = {f"{n}" for n in range(50, 100)}

Flat = list[tuple[str, str, int]]


#: (code, offset, path, ctx) of the first malformed object, as qrpay.TLVError carries it
Failure = tuple[str, int, tuple[str, ...], dict[str, Any]]
DIGITS = "0123456789"


def walk_or_failure(text: str, offset: int = 0, path: tuple[str, ...] = ()) -> tuple[Flat, Failure | None]:
    """Walk one level; stop at the first malformed object and say what and where it is."""
    out: Flat = []
    i = 0
    while i < len(text):
        rest = text[i:]
        failure: Failure | None = None
        if len(rest) < 4:
            failure = ("tlv_truncated", i + offset, path, {"actual": rest})
        elif not (rest[0] in DIGITS and rest[1] in DIGITS):
            failure = ("tlv_bad_tag", i + offset, path, {"actual": rest[:2]})
        elif not (rest[2] in DIGITS and rest[3] in DIGITS):
            failure = ("tlv_bad_length", i + offset, (*path, rest[:2]), {"actual": rest[2:4]})
        elif len(rest) - 4 < int(rest[2:4]):
            ctx = {"declared": int(rest[2:4]), "available": len(rest) - 4}
            failure = ("tlv_truncated", i + offset, (*path, rest[:2]), ctx)
        if failure is not None:
            if out:  # the object before is named: its length is the usual culprit
                failure[3].update(previous_tag=out[-1][0], previous_offset=out[-1][2])
            return out, failure
        size = int(rest[2:4])
        out.append((rest[:2], rest[4 : 4 + size], i + offset))
        i += 4 + size
    return out, None


def walk(text: str, offset: int = 0) -> Flat | None:
    """(tag, value, offset) of each object, or None if the text is not exact TLV."""
    objects, failure = walk_or_failure(text, offset)
    return None if failure else objects


def failure_of(err: qrpay.TLVError) -> Failure:
    return (err.code, err.offset, err.path, dict(err.ctx))  # type: ignore[return-value]


def oracle_tree(text: str) -> tuple[list[Any], dict[tuple[str, ...], Failure]] | None:
    """Root objects as (tag, value, offset, children or None), and for each template that
    is not TLV its path and failure; None if the root is not TLV."""
    root = walk(text)
    if root is None:
        return None
    bad: dict[tuple[str, ...], Failure] = {}
    tree: list[Any] = []
    for tag, value, at in root:
        kids: list[Any] | None = None
        if tag in ROOT_TEMPLATES:
            flat, failure = walk_or_failure(value, at + 4, (tag,))
            if failure is not None:
                bad[(tag,)] = failure
            else:
                kids = []
                for ctag, cvalue, cat in flat:
                    grand: Flat | None = None
                    if tag == "62" and ctag in IN_62:
                        grand, failure = walk_or_failure(cvalue, cat + 4, (tag, ctag))
                        if failure is not None:
                            bad[(tag, ctag)] = failure
                            grand = None
                    kids.append((ctag, cvalue, cat, None if grand is None else [(*g, None) for g in grand]))
        tree.append((tag, value, at, kids))
    return tree, bad


def as_plain(objects: tuple[tlv.DataObject, ...] | None, path: tuple[str, ...] = ()) -> list[Any] | None:
    if objects is None:
        return None
    out = []
    for o in objects:
        assert o.path == (*path, o.tag)
        out.append((o.tag, o.value, o.offset, as_plain(o.children, o.path)))
    return out


# -- generated texts: exact trees, then lengths off by one ---------------------------------------

VALUE = st.text(alphabet="0123456789ABCDEFabc .*-", max_size=12)


@st.composite
def node(draw: st.DrawFn, tags: list[str], depth: int) -> str:
    tag = draw(st.sampled_from(tags))
    if depth > 0 and draw(st.booleans()):
        inner = IN_62 if tag == "62" else set()
        child_tags = [f"{n:02d}" for n in range(12)] + sorted(inner)
        value = "".join(draw(st.lists(node(child_tags, depth - 1), max_size=3)))
    else:
        value = draw(VALUE)
    declared = len(value) + draw(st.sampled_from([0, 0, 0, 0, 0, 0, 1, -1]))
    if not 0 <= declared <= 99:
        declared = len(value)
    return f"{tag}{declared:02d}{value}"


ROOT_TAGS = ["00", "01", "26", "29", "51", "52", "53", "54", "58", "62", "64", "80", "99"]


@st.composite
def tlv_texts(draw: st.DrawFn) -> str:
    text = "".join(draw(st.lists(node(ROOT_TAGS, 2), min_size=1, max_size=5)))
    if text and draw(st.integers(0, 9)) == 0:
        text = text[:-1]  # the last object one character short
    return text


#: scripts/mutation.py runs every test once per mutant: fewer examples there (a mutant the
#: oracle catches is usually caught in the first few dozen)
EXAMPLES = 200 if os.environ.get("QRPAY_MUTATION") else 1500

PAYLOADS = [v["payload"] for _, v in iter_vectors() if v["payload"] and v["payload"].isascii()]
TEXTS = st.one_of(tlv_texts(), st.sampled_from(PAYLOADS))

# the two cases of issue 13, by hand: 62 holds 05 declaring 5 with 4 characters left
CHILD_OVERRUN = "000201" + "62080505ABCD" + "5802TH"
ROOT_OVERRUN = "000201" + "5803TH"


def test_oracle_itself() -> None:
    assert walk("00020162070503***") == [("00", "01", 0), ("62", "0503***", 6)]
    assert walk("0005ABCD") is None and walk("0003ABCD") is None and walk("00") is None
    assert walk("") == []
    tree = oracle_tree(CHILD_OVERRUN)
    assert tree is not None and set(tree[1]) == {("62",)}
    assert oracle_tree(ROOT_OVERRUN) is None


def test_a_failed_template_reports_no_failures_of_its_children() -> None:
    # 62 holds 50 (whose own value "00000" is not TLV) and then a stray "0": 62 fails, and
    # only 62 is reported (50's failure once became a second template_malformed on 62)
    text = "000201" + "62105005000000" + "5802TH"
    assert [p for p, _ in tlv.parse_tree(text, expand={"62"}, within={"62": IN_62})[1]] == [("62",)]
    body = text + "6304"
    payload = qrpay.decode(body + crc_bitwise(body))
    assert [i.path for i in payload.issues if i.code == "template_malformed"] == [("62",)]


def test_decode_refuses_the_child_overrun_of_issue_13() -> None:
    body = CHILD_OVERRUN + "6304"
    payload = qrpay.decode(body + crc_bitwise(body))
    assert payload.get("62") is not None and payload.get("62").children is None  # type: ignore[union-attr]
    assert payload.get(("62", "05")) is None
    assert [(i.code, i.path, i.severity) for i in payload.issues if i.path == ("62",)] == [
        ("template_malformed", ("62",), "error")
    ]


def crc_bitwise(text: str) -> str:
    reg = 0xFFFF
    for byte in text.encode("utf-8"):
        reg ^= byte << 8
        for _ in range(8):
            reg = ((reg << 1) ^ 0x1021 if reg & 0x8000 else reg << 1) & 0xFFFF
    return f"{reg:04X}"


def test_the_one_character_overruns_are_refused() -> None:
    assert tlv.parse_tree(CHILD_OVERRUN, expand={"62"})[1][0][0] == ("62",)
    walked = codec._walk_root(CHILD_OVERRUN, False, [])[0]  # the decoder's walk
    assert [p for p, _ in walked.failures] == [("62",)] and walked.root[1].children is None
    for walker in (tlv.parse_tree, lambda text: codec._walk_root(text, False, [])):
        with pytest.raises(qrpay.TLVError) as caught:
            walker(ROOT_OVERRUN)
        assert (caught.value.code, caught.value.offset) == ("tlv_truncated", 6)
    for text in (ROOT_OVERRUN, "0005ABCD", "0002010105ABCD"):
        with pytest.raises(qrpay.TLVError) as caught:
            tlv.parse(text)
        assert caught.value.code == "tlv_truncated"


@settings(max_examples=EXAMPLES)
@given(TEXTS)
def test_parse_matches_the_oracle(text: str) -> None:
    expected, failure = walk_or_failure(text)
    if failure is not None:
        with pytest.raises(qrpay.TLVError) as caught:
            tlv.parse(text)
        assert failure_of(caught.value) == failure
        return
    assert [(o.tag, o.value, o.offset) for o in tlv.parse(text)] == expected
    # in place, as a template's value is parsed: offsets shifted, paths prefixed
    inner = tlv.parse(text, offset=10, path=("62",))
    assert [(o.tag, o.value, o.offset, o.path) for o in inner] == [
        (t, v, at + 10, ("62", t)) for t, v, at in expected
    ]


@settings(max_examples=EXAMPLES)
@given(TEXTS)
def test_parse_tree_and_the_decoder_walk_match_the_oracle(text: str) -> None:
    expected = oracle_tree(text)
    if expected is None:
        root_failure = walk_or_failure(text)[1]
        for walker in (tlv.parse, lambda text: codec._walk_root(text, True, [])):
            with pytest.raises(qrpay.TLVError) as caught:
                walker(text)
            assert failure_of(caught.value) == root_failure
        with pytest.raises(qrpay.TLVError) as caught:
            tlv.parse_tree(text, expand=ROOT_TEMPLATES, within={"62": IN_62})
        assert failure_of(caught.value) == root_failure
        return
    root, failures = tlv.parse_tree(text, expand=ROOT_TEMPLATES, within={"62": IN_62})
    assert expected is not None
    tree, bad = expected
    assert as_plain(root) == tree
    assert {p: failure_of(e) for p, e in failures} == bad
    walked = codec._walk_root(text, True, [])[0]
    assert as_plain(walked.root) == tree
    assert {p: failure_of(e) for p, e in walked.failures} == bad


@settings(max_examples=EXAMPLES // 2)
@given(TEXTS)
def test_decode_templates_match_the_oracle(text: str) -> None:
    expected = oracle_tree(text)
    try:
        payload = qrpay.decode(text)
    except qrpay.QRPayError:
        return  # the root may be refused for other reasons (CRC, format); see above for TLV
    assert expected is not None, "decode accepted a text whose root is not TLV"
    tree, _ = expected
    got = {o.tag: o for o in payload.objects}
    for tag, value, at, kids in tree:
        obj = got.get(tag)
        if obj is None or obj.offset != at:
            continue  # a duplicate ID: the first is indexed
        assert obj.value == value
        if tag in ROOT_TEMPLATES:
            assert as_plain(obj.children, (tag,)) == kids
    # (a root template that is not TLV keeps no children: as_plain(None) == None above; which
    # issue reports it is the rules' business, and a scheme may relax it: DuitNow 82)


# -- lengths in UTF-8 bytes or UTF-16 units (generators that count them; tlv.LengthUnit) ----------

UNITS = {tlv.LengthUnit.UTF8_BYTES: ("utf-8", 1), tlv.LengthUnit.UTF16_UNITS: ("utf-16-le", 2)}


def walk_units(
    text: str, unit: tlv.LengthUnit, offset: int = 0, path: tuple[str, ...] = ()
) -> tuple[Flat, tuple[str, int] | None]:
    """One level with lengths counted in ``unit``; offsets stay in characters.
    Stops at the first malformed object with (code, character offset)."""
    codec_name, width = UNITS[unit]
    data = text.encode(codec_name)
    out: Flat = []
    i = chars = 0
    while i < len(data):
        if len(data) - i < 4 * width:
            return out, ("tlv_truncated", chars + offset)
        try:
            head = data[i : i + 4 * width].decode(codec_name)
        except UnicodeDecodeError:
            return out, ("tlv_bad_tag", chars + offset)
        if not all(c in DIGITS for c in head[:2]):
            return out, ("tlv_bad_tag", chars + offset)
        if not all(c in DIGITS for c in head[2:]):
            return out, ("tlv_bad_length", chars + offset)
        start = i + 4 * width
        stop = start + int(head[2:]) * width
        if stop > len(data):
            return out, ("tlv_truncated", chars + offset)
        try:
            value = data[start:stop].decode(codec_name)
        except UnicodeDecodeError:
            return out, ("tlv_split_character", chars + offset)
        out.append((head[:2], value, chars + offset))
        chars += 4 + len(value)
        i = stop
    return out, None


def measure(value: str, unit: tlv.LengthUnit) -> int:
    codec_name, width = UNITS[unit]
    return len(value.encode(codec_name)) // width


WIDE_VALUE = st.text(alphabet="09AZ é€กข😀𝄞", max_size=8)


@st.composite
def unit_node(draw: st.DrawFn, unit: tlv.LengthUnit, tags: list[str], depth: int) -> str:
    tag = draw(st.sampled_from(tags))
    if depth > 0 and draw(st.booleans()):
        child_tags = ["00", "01", "05", *sorted(IN_62)[:3]] if tag == "62" else ["00", "01", "05"]
        value = "".join(draw(st.lists(unit_node(unit, child_tags, depth - 1), max_size=3)))
    else:
        value = draw(WIDE_VALUE)
    declared = measure(value, unit) + draw(st.sampled_from([0, 0, 0, 0, 0, 1, -1]))
    if not 0 <= declared <= 99:
        declared = measure(value, unit)
    return f"{tag}{declared:02d}{value}"


@st.composite
def unit_texts(draw: st.DrawFn) -> tuple[tlv.LengthUnit, str]:
    unit = draw(st.sampled_from(list(UNITS)))
    text = "".join(draw(st.lists(unit_node(unit, ROOT_TAGS, 2), min_size=1, max_size=4)))
    return unit, text


@settings(max_examples=EXAMPLES)
@given(unit_texts())
def test_unit_walks_match_the_oracle(case: tuple[tlv.LengthUnit, str]) -> None:
    unit, text = case
    expected, failure = walk_units(text, unit)
    if text.isascii():  # every unit counts ASCII alike: the character walk answers
        assert (failure is None) == (walk(text) is not None)
    if failure is not None:
        with pytest.raises(qrpay.TLVError) as caught:
            tlv.parse(text, unit=unit)
        assert (caught.value.code, caught.value.offset) == failure
        with pytest.raises(qrpay.TLVError):
            tlv.parse_tree(text, expand=ROOT_TEMPLATES, within={"62": IN_62}, unit=unit)
        return
    assert [(o.tag, o.value, o.offset, o.path) for o in tlv.parse(text, unit=unit)] == [
        (t, v, at, (t,)) for t, v, at in expected
    ]
    root, failures = tlv.parse_tree(text, expand=ROOT_TEMPLATES, within={"62": IN_62}, unit=unit)
    bad: dict[tuple[str, ...], tuple[str, int]] = {}
    tree: list[Any] = []
    for tag, value, at in expected:
        kids: list[Any] | None = None
        if tag in ROOT_TEMPLATES:
            flat, child_failure = walk_units(value, unit, at + 4, (tag,))
            if child_failure is not None:
                bad[(tag,)] = child_failure
            else:
                kids = []
                for ctag, cvalue, cat in flat:
                    grand: list[Any] | None = None
                    if tag == "62" and ctag in IN_62:
                        gflat, gfailure = walk_units(cvalue, unit, cat + 4, (tag, ctag))
                        if gfailure is not None:
                            bad[(tag, ctag)] = gfailure
                        else:
                            grand = [(*g, None) for g in gflat]
                    kids.append((ctag, cvalue, cat, grand))
        tree.append((tag, value, at, kids))
    assert as_plain(root) == tree
    assert {p: (e.code, e.offset) for p, e in failures} == bad
    for obj in root:  # to_text writes the length back in the unit it was read in
        assert obj.to_text(unit) == f"{obj.tag}{measure(obj.value, unit):02d}{obj.value}"
    assert tlv.serialize(root, unit) == text
