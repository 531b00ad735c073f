"""qrpay.cpm: EMVCo consumer-presented mode (EMV QRCPS CPM v1.0, "CPM" below).

Oracles, none of them qrpay:
* the vectors in fixtures/cpm/ (scripts/cpm_vectors.py): objects from the generator's own
  BER walker, the parse of the PyPI package ber-tlv 0.0.6 (recorded as ``crosscheck``),
  and encode payloads written by ber-tlv 0.0.6's builder;
* ``_walk`` below, a minimal BER-TLV walk written for this file, and ``base64`` from the
  standard library for the base64 layer;
* the CPM specification's own hex dumps of Annex B.1 and B.2.
"""

from __future__ import annotations

import base64
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qrpay
from qrpay import cpm
from qrpay.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cpm"
DECODE = json.loads((FIXTURES / "decode.json").read_text(encoding="utf-8"))["vectors"]
ENCODE = json.loads((FIXTURES / "encode.json").read_text(encoding="utf-8"))["vectors"]
BY_ID = {v["id"]: v for v in DECODE}

B1 = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8="
B2 = (
    "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W"
    "Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw=="
)
# CPM Annex B.1 and B.2, "Binary Data (shown as hex bytes)", copied from the specification
B1_HEX = (
    "85 05 43 50 56 30 31 61 1A 4F 07 A0 00 00 00 55 55 55 57 0F 12 34 56 78 90 12 34 58 D1 91 22 01 12 34 5F"
)
B2_HEX = (
    "85 05 43 50 56 30 31 61 13 4F 07 A0 00 00 00 55 55 55 50 08 50 72 6F 64 75 63 74 31 61 13 "
    "4F 07 A0 00 00 00 66 66 66 50 08 50 72 6F 64 75 63 74 32 62 49 5A 08 12 34 56 78 90 12 34 58 "
    "5F 20 0E 43 41 52 44 48 4F 4C 44 45 52 2F 45 4D 56 5F 2D 08 72 75 65 73 64 65 65 6E 64 21 "
    "9F 10 07 06 01 0A 03 00 00 00 9F 26 08 58 4F D3 85 FA 23 4B CC 9F 36 02 00 01 9F 37 04 6D 58 EF 13"
)

# Real payloads kept out of fixtures/ (they carry a person's name or e-mail address).
# QRIS CPM: shared reference world-schemes.md appendix, from a GitHub Kotlin NDEF record (code index id
# 16350552635); label 'QRISCPM', 5F50 a bare e-mail address.
QRIS_REAL = (
    "hQVDUFYwMWFcTwegAAAGAiAgUAdRUklTQ1BNWgqTYAACISAJl0KPXyAOcml6a2EgcmFtYWRoYW5fLQRpZGVuX1AVYWRob24ucml6a3lA"
    "Z21haWwuY29tnyUCl0JjB590BGFlNjE="
)
# A QRIS CPM test string whose 61 length is the single byte 93 (147 needs 81 93), and the text stops short (Go test cpm_test.go, code
# index id 39771608633).
QRIS_OVERRUN = (
    "hQVDUFYwMWGTTwegAAAGAiAgUAdxcmlzY3BtWgqTYAUDMSNFZ4mfXyALUmlraSBEZXJpYW5fLQRpZGVuX1AXcmlraS5kZXJpYW5AcXJp"
    "c2NwbS5jb22fJQJ4mWM/n3Q8MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw"
)
# A wallet's CPM from a Java test (code index id 40467136083): 61 has no 4F and no account, 62 goes with one
# 61, 9F08 is 3 bytes, 5F2D 'English', 9F24 12 digits, 5F50 a bare number.
NATCASH = (
    "hQVDUFYwMWEPUAdOYXRjYXNonwgDAAABYjhfIApMb3VpcyBEYW5nXy0HRW5nbGlzaJ8kDDUwOTg4ODU1NTY2Np8lAhI0X1AKMDg4ODI4"
    "ODY4OA=="
)


# -- an independent minimal BER-TLV walk (EMV Book 3 Annex B) ---------------------------------------------


def _walk(data: bytes) -> list[Any]:
    """[tag, value hex] or [tag, value hex, children] for constructed tags; raises ValueError."""
    out: list[Any] = []
    i = 0
    while i < len(data):
        start = i
        if data[i] in (0x00, 0xFF):
            raise ValueError("not a tag")
        i += 1
        if data[start] & 0x1F == 0x1F:
            while True:
                if i >= len(data) or i - start >= 4:
                    raise ValueError("tag")
                i += 1
                if not data[i - 1] & 0x80:
                    break
        if i >= len(data):
            raise ValueError("length")
        n = data[i]
        i += 1
        if n & 0x80:
            k = n & 0x7F
            if k == 0 or k > 3 or i + k > len(data):
                raise ValueError("length")
            n = int.from_bytes(data[i : i + k], "big")
            i += k
        if i + n > len(data):
            raise ValueError("value")
        value = data[i : i + n]
        if data[start] & 0x20:
            out.append([_tag(data, start), value.hex().upper(), _walk(value)])
        else:
            out.append([_tag(data, start), value.hex().upper()])
        i += n
    return out


def _tag(data: bytes, start: int) -> str:
    end = start + 1
    if data[start] & 0x1F == 0x1F:
        while data[end] & 0x80:
            end += 1
        end += 1
    return data[start:end].hex().upper()


def _tree(objects: tuple[cpm.CPMObject, ...] | None) -> list[Any]:
    assert objects is not None
    return [[o.tag, o.hex] if o.children is None else [o.tag, o.hex, _tree(o.children)] for o in objects]


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


# -- the vectors --------------------------------------------------------------------------------------------


def _decode_params() -> list[Any]:
    return [pytest.param(v, id=v["id"]) for v in DECODE]


@pytest.mark.parametrize("vector", _decode_params())
def test_decode_vector(vector: dict[str, Any]) -> None:
    expected = vector["qrpay"]
    error = expected.get("error")
    if error is not None:
        with pytest.raises(getattr(qrpay, error["raises"])) as caught:
            cpm.decode(vector["payload"])
        assert caught.value.code == error["code"]
        assert list(caught.value.path) == error["path"]
        assert caught.value.offset == error["offset"]
        assert vector["syntax"]["result"] == "invalid"
        return
    payload = cpm.decode(vector["payload"])
    assert payload.to_text() == vector["payload"]  # lossless
    assert _tree(payload.objects) == vector["syntax"]["objects"]
    assert sorted(i.code for i in payload.warnings) == expected["warnings"]
    assert sorted((i.code, list(i.path)) for i in payload.errors) == sorted(
        (code, path) for code, path in expected.get("errors", [])
    )
    assert payload.is_valid is expected["valid"]
    assert (vector["result"] == "invalid") is (not payload.is_valid)
    if "networks" in expected:
        assert [a.network for a in payload.applications] == expected["networks"]


def _ber_tlv_view(tree: list[Any]) -> list[Any]:
    """Our tree as ber-tlv 0.0.6 reports it: it parses a constructed value only when longer
    than 2 bytes and when it parses, and gives [tag, children] without the raw value."""
    view: list[Any] = []
    for node in tree:
        tag, value = node[0], node[1]
        children = node[2] if len(node) == 3 else None
        if children is not None and len(value) > 4:
            view.append([tag, _ber_tlv_view(children)])
        else:
            view.append([tag, value])
    return view


@pytest.mark.parametrize("vector", [v for v in _decode_params() if "crosscheck" in v.values[0]])
def test_objects_agree_with_ber_tlv_package(vector: dict[str, Any]) -> None:
    recorded = vector["crosscheck"]["ber-tlv 0.0.6"]
    assert recorded is not None
    ours = _tree(cpm.decode(vector["payload"]).objects)
    assert _ber_tlv_view(ours) == recorded


@pytest.mark.parametrize(
    "vector",
    # the walk here has no fallback for a 63 that is not BER-TLV (test_transparent_not_tlv_is_kept)
    [
        pytest.param(v, id=v["id"])
        for v in DECODE
        if v["syntax"]["objects"] and v["id"] != "cpm-transparent-not-tlv"
    ],
)
def test_objects_agree_with_the_minimal_walk(vector: dict[str, Any]) -> None:
    data = _b64decode(vector["payload"])
    payload = cpm.decode(vector["payload"])
    assert payload.to_bytes() == data
    assert _tree(payload.objects) == _walk(data)


def test_transparent_not_tlv_is_kept() -> None:
    payload = cpm.decode(BY_ID["cpm-transparent-not-tlv"]["payload"])
    transparent = payload.applications[0].transparent
    assert transparent is not None and transparent.children is None and transparent.value == b"\xff\xff"
    with pytest.raises(ValueError, match="not a tag"):
        _walk(payload.to_bytes())


@pytest.mark.parametrize("vector", [pytest.param(v, id=v["id"]) for v in ENCODE])
def test_encode_vector(vector: dict[str, Any]) -> None:
    fields = vector["fields"]
    apps = [
        cpm.ApplicationFields(
            **{**a, "transparent": {k: bytes.fromhex(v) for k, v in a.get("transparent", {}).items()}}
        )
        for a in fields["applications"]
    ]
    common = None
    if "common" in fields:
        c = fields["common"]
        common = cpm.CommonFields(
            **{**c, "transparent": {k: bytes.fromhex(v) for k, v in c.get("transparent", {}).items()}}
        )
    if vector["result"] == "refused":
        with pytest.raises(qrpay.InvalidRequest) as caught:
            cpm.build(applications=apps, common=common)
        assert vector["qrpay"]["code"] in {i.code for i in caught.value.issues}
        return
    built = cpm.build(applications=apps, common=common)
    assert built.to_text() == vector["payload"]
    assert cpm.decode(built.to_text()).to_text() == vector["payload"]


def test_vectors_cover_every_documented_rule() -> None:
    codes = set()
    for vector in DECODE:
        q = vector["qrpay"]
        codes |= {c for c, _ in q.get("errors", [])} | set(q["warnings"])
        if "error" in q:
            codes.add(q["error"]["code"])
    documented = {
        "cpm.payload_format_value", "cpm.no_application", "cpm.too_many_applications",
        "cpm.common_data_single_application", "cpm.template_order", "cpm.missing_aid", "cpm.aid_length",
        "cpm.missing_account", "cpm.value_length", "cpm.value_format", "cpm.track2_format", "cpm.pan_format",
        "cpm.language_format", "cpm.issuer_url", "cpm.duplicate_object", "cpm.duplicate_tag",
        "cpm.transparent_placement", "cpm.unexpected_object", "cpm.transparent_not_tlv",
        "cpm.length_not_minimal", "cpm.base64_padding", "cpm.payload_length", "cpm.aid_ascii",
        "cpm.not_base64", "cpm.tlv_truncated", "cpm.tlv_bad_tag", "cpm.tlv_bad_length", "cpm.too_deep",
        "cpm.not_cpm",
    }  # fmt: skip
    assert documented <= codes
    docs = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in documented | {"cpm.empty", "cpm.too_long", "cpm.surrounding_whitespace"}:
        assert f"`{code}`" in docs, code


# -- the specification's examples ------------------------------------------------------------------------


def test_annex_b_hex_dumps() -> None:
    assert cpm.decode(B1).to_bytes() == bytes.fromhex(B1_HEX)
    assert cpm.decode(B2).to_bytes() == bytes.fromhex(B2_HEX)
    assert BY_ID["cpm-spec-b2"]["payload"] == B2


def test_annex_b2_view_merges_common_data() -> None:
    payload = cpm.decode(B2)
    first, second = payload.applications
    assert (first.aid, first.label, second.aid, second.label) == (
        "A0000000555555",
        "Product1",
        "A0000000666666",
        "Product2",
    )
    # CPM 5.1.1.9: the POI data of the chosen application includes the common data
    for app in (first, second):
        assert app.pan == "1234567890123458"
        assert app.cardholder_name == "CARDHOLDER/EMV"
        assert app.languages == ("ru", "es", "de", "en")
        assert app.track2 is None and app.issuer_url is None
    common = payload.common_data
    assert common is not None and common.pan == "1234567890123458"
    transparent = common.transparent
    assert transparent is not None and [o.tag for o in transparent.children or ()] == [
        "9F10",
        "9F26",
        "9F36",
        "9F37",
    ]
    # from the Annex B.2 hex dump: 85 (7 bytes), 61 (21), 61 (21), then 62 at byte 49: 5A at 51 (10 bytes),
    # 5F20 at 61 (17), 5F2D at 78 (11), 64 at 89
    assert (common.template.offset, transparent.offset) == (49, 89)


def test_annex_b1_track2_view() -> None:
    app = cpm.decode(B1).applications[0]
    assert app.track2 == cpm.Track2("1234567890123458", "1912", "201", "12345")
    assert app.pan == "1234567890123458"  # CPM 6.1.1.2: no 5A, so the PAN comes from track 2
    assert app.network is None and app.aid_text is None


# -- real payloads -------------------------------------------------------------------------------------


def test_unionpay_view() -> None:
    payload = cpm.decode(BY_ID["cpm-unionpay-a000000333010102"]["payload"])
    app = payload.applications[0]
    assert (app.aid, app.network, app.pan) == ("A000000333010102", "UnionPay", "6263600100713672")
    assert app.track2 is not None and (app.track2.expiry, app.track2.service_code) == ("2312", "201")
    transparent = app.transparent
    assert transparent is not None
    assert [o.tag for o in transparent.children or ()] == ["9F26", "9F27", "9F10", "9F36", "82", "9F37"]
    assert transparent.child("9F26") is not None and transparent.child("9F26").hex == "568AD7BCE66B718B"  # type: ignore[union-attr]


def test_gcash_ticket_reads_with_warnings() -> None:
    vector = BY_ID["cpm-gcash-ticket-july-2025"]
    payload = cpm.decode(vector["payload"])
    app = payload.applications[0]
    assert app.aid_text == "GCASH" and app.aid == "4743415348"
    assert app.pan == "110700400000000000108903090"  # ASCII digits in a ticket's 5A
    root = payload.find("61")
    assert root is not None and root.header == bytes.fromhex("618197")  # long-form length
    transparent = app.transparent
    assert transparent is not None
    tags = [o.tag for o in transparent.children or ()]
    assert tags == ["C1", "C2", "C4", "C8", "DE"]
    assert transparent.child("C1").text == "GC-07252025-0000093908"  # type: ignore[union-attr]
    assert payload.is_valid and {i.severity for i in payload.issues} == {"warning"}


def test_qris_real_code_reads_with_a_warning() -> None:
    payload = cpm.decode(QRIS_REAL)
    assert payload.to_text() == QRIS_REAL
    app = payload.applications[0]
    assert (app.aid, app.network, app.label, app.languages) == (
        "A0000006022020",
        "QRIS",
        "QRISCPM",
        ("id", "en"),
    )
    assert app.pan == "9360000221200997428"
    assert [(i.code, i.severity, i.path) for i in payload.issues] == [
        ("cpm.issuer_url", "warning", ("61", "5F50"))
    ]


def test_qris_overrun_is_truncated() -> None:
    with pytest.raises(qrpay.TLVError) as caught:
        cpm.decode(QRIS_OVERRUN)
    # 93 has bit 8 set: BER reads "19 length bytes follow"; the writer meant 147, which is 81 93
    assert (caught.value.code, caught.value.path, caught.value.offset) == ("cpm.tlv_bad_length", ("61",), 7)
    assert "written 81 93" in caught.value.message


def test_natcash_breaks_the_spec_in_seven_places() -> None:
    payload = cpm.decode(NATCASH)
    assert payload.to_text() == NATCASH
    assert sorted((i.code, ".".join(i.path)) for i in payload.errors) == sorted(
        [
            ("cpm.missing_aid", "61.4F"),
            ("cpm.missing_account", "61.5A"),
            ("cpm.value_length", "61.9F08"),
            ("cpm.common_data_single_application", "62"),
            ("cpm.language_format", "62.5F2D"),
            ("cpm.value_format", "62.9F24"),
            ("cpm.issuer_url", "62.5F50"),
        ]
    )


def test_jpqr_variant() -> None:
    payload = cpm.decode(BY_ID["cpm-jpqr1"]["payload"])
    assert payload.payload_format == "JPQR1" and payload.variant == "jpqr"
    assert payload.applications[0].aid_text == "1700000000"
    assert cpm.looks_like_cpm(BY_ID["cpm-jpqr1"]["payload"])
    assert payload.is_valid


def test_mpm_decode_names_qrpay_cpm() -> None:
    for text in (B1, BY_ID["cpm-jpqr1"]["payload"]):
        with pytest.raises(qrpay.DecodeError) as caught:
            qrpay.decode(text)
        assert caught.value.code == "not_emv"
        assert "qrpay.cpm" in caught.value.message and "consumer-presented" in caught.value.message


# -- errors, hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "offset"),
    [
        ("", "cpm.empty", 0),
        (" " + B1, "cpm.surrounding_whitespace", 0),
        (B1 + "\n", "cpm.surrounding_whitespace", len(B1)),
        ("hQ" + "A" * 2960, "cpm.too_long", 2953),
        ("https://example.com", "cpm.not_cpm", 0),
        (B1[:10] + "é" + B1[11:], "cpm.not_base64", 10),
        (B1[:10] + "-" + B1[11:], "cpm.not_base64", 10),  # base64url is not RFC 4648 section 4
    ],
)
def test_decode_errors(text: str, code: str, offset: int) -> None:
    with pytest.raises(qrpay.DecodeError) as caught:
        cpm.decode(text)
    assert (caught.value.code, caught.value.offset) == (code, offset)
    assert [i.code for i in cpm.check(text)] == [code]
    assert cpm.is_valid(text) is False


def test_bytes_and_other_types() -> None:
    assert cpm.decode(B1.encode("ascii")).to_text() == B1
    with pytest.raises(qrpay.DecodeError) as caught:
        cpm.decode(b"hQ\xff")
    assert (caught.value.code, caught.value.offset) == ("cpm.not_base64", 2)
    with pytest.raises(qrpay.DecodeError) as caught:
        cpm.decode(42)  # type: ignore[arg-type]
    assert caught.value.code == "not_text"
    assert [i.code for i in cpm.check(None)] == ["not_text"]
    assert cpm.is_valid(object()) is False


def _ber(tag: bytes, value: bytes) -> bytes:
    n = len(value)
    length = bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big")
    return tag + length + value


def test_deep_nesting_is_refused_fast() -> None:
    # about as deep as 2953 characters allow (each level costs 2 to 4 bytes)
    nested = b"\xc1\x00"
    for _ in range(550):
        nested = _ber(b"\x65", nested)
    data = b"\x85\x05CPV01" + nested
    text = base64.b64encode(data).decode()
    assert len(text) <= 2953
    started = time.perf_counter()
    with pytest.raises(qrpay.TLVError) as caught:
        cpm.decode(text)
    assert time.perf_counter() - started < 1.0
    assert caught.value.code == "cpm.too_deep" and len(caught.value.path) == cpm.MAX_DEPTH


@pytest.mark.parametrize(
    ("tail", "code"),
    [
        (b"\x61\x84\xff\xff\xff\xff", "cpm.tlv_bad_length"),  # 4 length bytes: EMV allows at most 3
        (b"\x61\x83\xff\xff\xff", "cpm.tlv_truncated"),  # 16 MB declared, nothing follows
        (b"\x61\x82", "cpm.tlv_truncated"),
        (b"\x9f\xff\xff\xff\x01\x00", "cpm.tlv_bad_tag"),  # a 5-byte tag
        (b"\xff", "cpm.tlv_bad_tag"),
    ],
)
def test_huge_or_broken_headers(tail: bytes, code: str) -> None:
    text = base64.b64encode(b"\x85\x05CPV01" + tail).decode()
    with pytest.raises(qrpay.TLVError) as caught:
        cpm.decode(text)
    assert caught.value.code == code and caught.value.offset == 7


def test_validate_raises_with_every_error() -> None:
    with pytest.raises(qrpay.ValidationError) as caught:
        cpm.validate(NATCASH)
    assert len(caught.value.issues) == 7
    assert cpm.validate(B1).to_text() == B1


# -- the builder ----------------------------------------------------------------------------------------


def test_build_refuses_wrong_types() -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        cpm.build(applications=cpm.ApplicationFields(aid="A0000000555555"))  # type: ignore[arg-type]
    assert caught.value.code == "value_type"
    with pytest.raises(qrpay.InvalidRequest) as caught:
        cpm.build(applications=[cpm.ApplicationFields(aid="A0000000555555", pan=1234)])  # type: ignore[arg-type]
    assert caught.value.code == "cpm.pan_format" and caught.value.path == ("5A",)
    with pytest.raises(qrpay.InvalidRequest) as caught:
        cpm.build(
            applications=[cpm.ApplicationFields(aid="A0000000555555", pan="1", cardholder_name="Zoë X")]
        )
    assert caught.value.code == "cpm.value_format" and caught.value.path == ("5F20",)
    with pytest.raises(qrpay.InvalidRequest) as caught:
        cpm.build(applications=[cpm.ApplicationFields(aid="A0000000555555", pan="1", languages="en")])
    assert caught.value.code == "value_type"
    with pytest.raises(qrpay.InvalidRequest) as caught:
        cpm.build(applications=[cpm.ApplicationFields(aid="A0000000555555", pan="1", extra={"1F": b"x"})])
    assert caught.value.code == "cpm.tlv_bad_tag"
    with pytest.raises(qrpay.InvalidRequest) as caught:
        cpm.build(applications=[cpm.ApplicationFields(aid="A0000000555555", pan="1", extra={"C1": "x"})])  # type: ignore[dict-item]
    assert caught.value.code == "value_type"


_DIGITS = st.text("0123456789", min_size=1, max_size=19)
_ANS = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=2, max_size=26)
_LABEL = st.text(st.sampled_from("ABCXYZabc019 "), min_size=1, max_size=16)
_LANGS = st.lists(st.sampled_from(["en", "zh", "ms", "id", "th", "ja", "fr"]), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    pan=_DIGITS,
    expiry=st.text("0123456789", min_size=4, max_size=4),
    service=st.text("0123456789", min_size=3, max_size=3),
    rest=st.text("0123456789", max_size=8),
    label=st.one_of(st.none(), _LABEL),
    name=st.one_of(st.none(), _ANS),
    langs=st.one_of(st.just(()), _LANGS),
    with_pan=st.booleans(),
    cryptogram=st.binary(min_size=8, max_size=8),
    two_apps=st.booleans(),
)
def test_build_round_trips(
    pan: str,
    expiry: str,
    service: str,
    rest: str,
    label: str | None,
    name: str | None,
    langs: tuple[str, ...] | list[str],
    with_pan: bool,
    cryptogram: bytes,
    two_apps: bool,
) -> None:
    track2 = f"{pan}D{expiry}{service}{rest}"  # at most 35 nibbles: within 19 bytes
    first = cpm.ApplicationFields(
        aid="A000000333010101",
        label=label,
        track2=None if with_pan else track2,
        pan=pan if with_pan else None,
        cardholder_name=name,
        languages=langs,
        transparent={"9F26": cryptogram},
    )
    apps = [first, cpm.ApplicationFields(aid="A0000000041010", pan=pan)] if two_apps else [first]
    built = cpm.build(applications=apps)
    text = built.to_text()
    assert base64.b64decode(text, validate=True) == built.to_bytes()
    again = cpm.decode(text)
    assert again.to_text() == text and again.issues == ()
    app = again.applications[0]
    assert (app.label, app.cardholder_name, app.languages) == (label, name, tuple(langs))
    assert app.pan == pan
    assert app.transparent is not None and app.transparent.child("9F26").value == cryptogram  # type: ignore[union-attr]
    assert _tree(again.objects) == _walk(base64.b64decode(text))


# -- round trip of arbitrary BER-TLV, against the walk here -------------------------------------------


_TAGS = st.sampled_from(
    [
        b"\x4f",
        b"\x50",
        b"\x57",
        b"\x5a",
        b"\x5f\x20",
        b"\x9f\x26",
        b"\xc1",
        b"\xde",
        b"\xdf\x7f",
        b"\x9f\x81\x01",
    ]
)
_TEMPLATES = st.sampled_from([b"\x63", b"\x64", b"\x65", b"\x7f\x21", b"\xe1"])


def _objects(depth: int) -> st.SearchStrategy[bytes]:
    primitive = st.builds(_ber, _TAGS, st.binary(max_size=140))
    if depth == 0:
        return primitive
    template = st.builds(
        lambda t, kids: _ber(t, b"".join(kids)), _TEMPLATES, st.lists(_objects(depth - 1), max_size=3)
    )
    return st.one_of(primitive, template)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_objects(3), max_size=4), st.booleans(), st.booleans())
def test_any_ber_tlv_round_trips(inside: list[bytes], second_app: bool, pad: bool) -> None:
    data = b"\x85\x05CPV01" + _ber(b"\x61", b"\x4f\x07\xa0\x00\x00\x00\x55\x55\x55" + b"".join(inside))
    if second_app:
        data += _ber(b"\x61", b"\x4f\x07\xa0\x00\x00\x00\x66\x66\x66")
    text = base64.b64encode(data).decode()
    if not pad:
        text = text.rstrip("=")
    if len(text) > 2953:
        return
    payload = cpm.decode(text)
    assert payload.to_text() == text
    assert payload.to_bytes() == data
    try:
        walked = _walk(data)
    except ValueError:  # pragma: no cover - the generator writes well-formed data
        raise AssertionError("generator wrote malformed data") from None
    assert _tree(payload.objects) == walked
    offsets = [o.offset for o in payload.walk()]
    assert offsets == sorted(offsets) and all(
        data[o : o + 1] == bytes.fromhex(t.tag[:2]) for o, t in zip(offsets, payload.walk(), strict=True)
    )


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.binary(max_size=300), st.binary(max_size=300).map(lambda b: b"\x85\x05CPV01" + b)))
def test_any_bytes_decode_or_raise_a_qrpay_error(data: bytes) -> None:
    text = base64.b64encode(data).decode()
    try:
        payload = cpm.decode(text)
    except qrpay.QRPayError as exc:
        refused: qrpay.QRPayError | None = exc
    else:
        refused = None
    if refused is not None:
        assert refused.code.startswith("cpm.") and refused.offset is not None
        return
    assert payload.to_text() == text and payload.to_bytes() == data
    try:
        _walk(data)
    except ValueError:
        # qrpay accepted what the walk refuses only inside a transparent template it kept as bytes
        assert any(i.code == "cpm.transparent_not_tlv" for i in payload.issues)


# -- the command line -------------------------------------------------------------------------------


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_cli_decode_tree() -> None:
    status, out, err = _run(["decode", BY_ID["cpm-unionpay-a000000333010102"]["payload"]])
    assert status == 0 and err == ""
    assert "valid; EMVCo consumer-presented (CPM); networks: UnionPay" in out
    assert "4F     ADF Name (AID) [8] A000000333010102  — UnionPay" in out
    assert (
        "57     Track 2 Equivalent Data [17] 6263600100713672D23122010000018801  — PAN 6263600100713672, expires 12/23"
        in out
    )


def test_cli_decode_places_issues_and_exits_1() -> None:
    status, out, _ = _run(["decode", NATCASH])
    assert status == 1 and "INVALID" in out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("5F2D"))
    assert "error: cpm.language_format (62.5F2D @39)" in lines[at + 1]


def test_cli_check_and_json() -> None:
    status, out, _ = _run(["check", B1, BY_ID["cpm-qcat01-ticket-qrdata"]["payload"], "hQVDUFYwMWE="])
    assert status == 1
    assert "argument 1: valid (consumer-presented)" in out
    assert "argument 2: valid with warnings (consumer-presented)" in out
    assert "error\tcpm.tlv_truncated\t61\t7\t" in out
    status, out, _ = _run(["check", "--strict", BY_ID["cpm-qcat01-ticket-qrdata"]["payload"]])
    assert status == 1
    status, out, _ = _run(["decode", "--json", B2])
    record = json.loads(out)
    assert status == 0 and record["format"] == "cpm" and record["valid"] is True and record["decoded"] is True
    assert record["fields"]["applications"][1]["label"] == "Product2"
    assert record["objects"][3]["children"][3]["children"][1] == {
        "path": ["62", "64", "9F26"],
        "tag": "9F26",
        "name": "Application Cryptogram",
        "offset": 101,  # 64 at 89 (test_annex_b2_view_merges_common_data), 9F10 at 91 (10 bytes)
        "length": 8,
        "value": "584FD385FA234BCC",
        "text": None,
        "children": None,
    }
    status, out, _ = _run(["check", "--json", "hQVDUFYwMWE="])
    record = json.loads(out)
    assert status == 1 and record["format"] == "cpm" and record["issues"][0]["code"] == "cpm.tlv_truncated"


def test_cli_escapes_what_a_payload_carries() -> None:
    hostile = b"\x85\x05CPV01" + _ber(
        b"\x61",
        _ber(b"\x4f", bytes.fromhex("A0000000555555"))
        + _ber(b"\x5a", bytes.fromhex("1234567890123458"))
        + _ber(b"\x5f\x20", b"EVIL\x1b[2J\x9b31m")
        + _ber(b"\x5f\x50", "tel:\u202e1".encode("utf-8")),
    )
    text = base64.b64encode(hostile).decode()
    for argv in (["decode", text], ["check", text], ["decode", "--json", text]):
        status, out, err = _run(argv)
        assert status == 1
        assert "\x1b" not in out + err and "\x9b" not in out + err and "\u202e" not in out + err
