"""qrpay.cpm pinned exactly (issue 13, mutation testing): objects, views, every issue and
every error compared whole (class, code, path, offset, message, ctx).

Payloads are written out here as bytes: BER-TLV assembled by ``_ber`` below (EMV Book 3
Annex B: tag, one length byte below 128, ``81 nn`` below 256, ``82 nnnn`` above), base64 by
the standard library. Expected values come from the CPM v1.0 specification ("CPM"; the
section is cited at each test) and its Annex B.1/B.2 hex dumps, never from qrpay.
"""

from __future__ import annotations

import base64

import pytest

import qrpay
from qrpay import cpm

# CPM Annex B.1, "Binary Data (shown as hex bytes)", copied from the specification
B1_HEX = (
    "85 05 43 50 56 30 31 61 1A 4F 07 A0 00 00 00 55 55 55 57 0F 12 34 56 78 90 12 34 58 D1 91 22 01 12 34 5F"
)
B1_TEXT = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8="  # CPM Annex B.1, "Base64 Encoding"


def _ber(tag: bytes, value: bytes) -> bytes:
    n = len(value)
    length = bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big")
    return tag + length + value


def _text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def test_annex_b1_objects_exactly() -> None:
    data = bytes.fromhex(B1_HEX)
    assert _text(data) == B1_TEXT  # the spec's base64 is the stdlib's encoding of its hex dump
    payload = cpm.decode(B1_TEXT)
    assert payload.issues == () and payload.padded is True
    pfi, app = payload.objects
    assert (pfi.tag, pfi.header, pfi.value, pfi.offset, pfi.path, pfi.children) == (
        "85",
        b"\x85\x05",
        b"CPV01",
        0,
        ("85",),
        None,
    )
    assert (app.tag, app.header, app.offset, app.path) == ("61", b"\x61\x1a", 7, ("61",))
    aid, track2 = app.children or ()
    assert (aid.tag, aid.header, aid.hex, aid.offset, aid.path) == (
        "4F",
        b"\x4f\x07",
        "A0000000555555",
        9,
        ("61", "4F"),
    )
    assert (track2.tag, track2.offset, track2.path, track2.value) == (
        "57",
        18,
        ("61", "57"),
        data[20:35],
    )
    assert payload.to_bytes() == data and payload.to_text() == B1_TEXT
    assert isinstance(payload, cpm.CPMPayload) and not isinstance(payload, qrpay.Payload)


# -- helpers ---------------------------------------------------------------------------------------------

AID = bytes.fromhex("A0000000555555")  # CPM Annex B.1's ADF Name
PFI = b"\x85\x05CPV01"  # CPM Table 3.1: 85, 5 bytes, "CPV01" (bytes 0-6; the next object is at byte 7)
AID_OBJ = _ber(b"\x4f", AID)  # 9 bytes
PAN_OBJ = _ber(b"\x5a", bytes.fromhex("1234567890123458"))  # 10 bytes, cn (CPM Table 1.4)


def _whole(exc: qrpay.QRPayError) -> tuple[object, ...]:
    return (type(exc), exc.code, exc.path, exc.offset, exc.message, dict(exc.ctx))


def _issue_tuples(issues: object) -> list[tuple[object, ...]]:
    return [
        (i.code, i.path, i.offset, i.message, i.severity, i.scheme, dict(i.ctx))
        for i in issues  # type: ignore[attr-defined]
    ]


def _issues(data: bytes) -> list[tuple[object, ...]]:
    return _issue_tuples(cpm.decode(_text(data)).issues)


def _raised(text: object) -> tuple[object, ...]:
    with pytest.raises(qrpay.QRPayError) as caught:
        cpm.decode(text)  # type: ignore[arg-type]
    assert _issue_tuples(cpm.check(text)) == [
        (
            caught.value.code,
            caught.value.path,
            caught.value.offset,
            caught.value.message,
            "error",
            "cpm",
            dict(caught.value.ctx),
        )
    ]
    return _whole(caught.value)


def _refused(**kwargs: object) -> tuple[object, ...]:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        cpm.build(**kwargs)  # type: ignore[arg-type]
    exc = caught.value
    return (*_whole(exc), _issue_tuples(exc.issues))


def _refusal(code: str, path: tuple[str, ...], message: str) -> tuple[object, ...]:
    """An argument refused before anything is written: one issue, no offset, no ctx."""
    return (
        qrpay.InvalidRequest,
        code,
        path,
        None,
        message,
        {},
        [(code, path, None, message, "error", "cpm", {})],
    )


def _app(*fields: object, **kwargs: object) -> dict[str, object]:
    return {"applications": [cpm.ApplicationFields(*fields, **kwargs)]}  # type: ignore[arg-type]


A = "A0000000555555"
NOT_ASCII = "(CPM Annex A.1 formats an/ans)"


# -- build: every argument refused whole -----------------------------------------------------------------

_AF = cpm.ApplicationFields


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"applications": _AF(aid=A)},
            _refusal("value_type", ("61",), "applications: expected a sequence of ApplicationFields"),
        ),
        (
            {"applications": 42},
            _refusal("value_type", ("61",), "applications: expected a sequence of ApplicationFields"),
        ),
        (
            {"applications": "A0"},  # a str is a sequence of str, not of ApplicationFields
            _refusal("value_type", ("61",), "applications[0]: expected ApplicationFields, got str"),
        ),
        (
            {"applications": [_AF(aid=A, pan="1"), None]},
            _refusal("value_type", ("61",), "applications[1]: expected ApplicationFields, got NoneType"),
        ),
        (
            {"applications": [_AF(aid=A, pan="1")], "common": "x"},
            _refusal("value_type", ("62",), "common: expected CommonFields, got str"),
        ),
        (_app(aid=5), _refusal("value_type", ("4F",), "aid: expected str, got int 5")),
        (_app(aid=""), _refusal("cpm.value_format", ("4F",), "aid: '' is not hexadecimal digits")),
        (_app(aid="A0G0"), _refusal("cpm.value_format", ("4F",), "aid: 'A0G0' is not hexadecimal digits")),
        (_app(aid="A00"), _refusal("cpm.value_format", ("4F",), "aid: 'A00' is an odd number of hex digits")),
        (_app(aid=A, label=5), _refusal("value_type", ("50",), "label: expected str, got int 5")),
        (
            _app(aid=A, label="Zoë"),
            _refusal("cpm.value_format", ("50",), f"label: 'Zoë' is not ASCII {NOT_ASCII}"),
        ),
        (_app(aid=A, track2=5), _refusal("value_type", ("57",), "track2: expected str, got int 5")),
        (
            _app(aid=A, track2="12X"),
            _refusal("cpm.value_format", ("57",), "track2: '12X' is not hexadecimal digits"),
        ),
        (_app(aid=A, pan="12a"), _refusal("cpm.pan_format", ("5A",), "pan: '12a' is not digits")),
        # Arabic-Indic digits are str.isdigit() but not ASCII
        (
            _app(aid=A, pan="\u0661\u0662"),
            _refusal("cpm.pan_format", ("5A",), "pan: '\u0661\u0662' is not digits"),
        ),
        (_app(aid=A, pan=12), _refusal("cpm.pan_format", ("5A",), "pan: 12 is not digits")),
        (
            _app(aid=A, pan="1", cardholder_name=5),
            _refusal("value_type", ("5F20",), "cardholder_name: expected str, got int 5"),
        ),
        (
            _app(aid=A, pan="1", cardholder_name="Zoë X"),
            _refusal("cpm.value_format", ("5F20",), f"cardholder_name: 'Zoë X' is not ASCII {NOT_ASCII}"),
        ),
        (
            _app(aid=A, pan="1", languages="en"),
            _refusal(
                "value_type", ("5F2D",), "languages: expected a sequence of ISO 639-1 codes, got str 'en'"
            ),
        ),
        (
            _app(aid=A, pan="1", languages=[5]),
            _refusal("value_type", ("5F2D",), "languages: expected str, got int 5"),
        ),
        (
            _app(aid=A, pan="1", languages=["eé"]),
            _refusal("cpm.value_format", ("5F2D",), f"languages: 'eé' is not ASCII {NOT_ASCII}"),
        ),
        (
            _app(aid=A, pan="1", issuer_url=5),
            _refusal("value_type", ("5F50",), "issuer_url: expected str, got int 5"),
        ),
        (
            _app(aid=A, pan="1", app_version=5),
            _refusal("value_type", ("9F08",), "app_version: expected str, got int 5"),
        ),
        (
            _app(aid=A, pan="1", app_version="001"),
            _refusal("cpm.value_format", ("9F08",), "app_version: '001' is an odd number of hex digits"),
        ),
        (
            _app(aid=A, pan="1", token_requestor_id="1234567890123"),
            _refusal(
                "cpm.value_format",
                ("9F19",),
                "token_requestor_id: '1234567890123' is not at most 12 digits (n 6)",
            ),
        ),
        (
            _app(aid=A, pan="1", token_requestor_id=5),
            _refusal("cpm.value_format", ("9F19",), "token_requestor_id: 5 is not at most 12 digits (n 6)"),
        ),
        (
            _app(aid=A, pan="1", token_requestor_id="\u0661"),
            _refusal(
                "cpm.value_format", ("9F19",), "token_requestor_id: '\u0661' is not at most 12 digits (n 6)"
            ),
        ),
        (
            _app(aid=A, pan="1", token_requestor_id="12a"),
            _refusal(
                "cpm.value_format", ("9F19",), "token_requestor_id: '12a' is not at most 12 digits (n 6)"
            ),
        ),
        (_app(aid=A, pan="1", par=5), _refusal("value_type", ("9F24",), "par: expected str, got int 5")),
        (
            _app(aid=A, pan="1", last4="12a4"),
            _refusal("cpm.value_format", ("9F25",), "last4: '12a4' is not 4 digits"),
        ),
        (
            _app(aid=A, pan="1", last4=1234),
            _refusal("cpm.value_format", ("9F25",), "last4: 1234 is not 4 digits"),
        ),
        (
            _app(aid=A, pan="1", extra=[]),
            _refusal("value_type", ("61",), "extra: expected a mapping of tag to bytes"),
        ),
        (
            _app(aid=A, pan="1", transparent=[]),
            _refusal("value_type", ("61",), "transparent: expected a mapping of tag to bytes"),
        ),
        (
            {"applications": [_AF(aid=A, pan="1"), _AF(aid=A)], "common": cpm.CommonFields(extra=[])},  # type: ignore[arg-type]
            _refusal("value_type", ("62",), "extra: expected a mapping of tag to bytes"),
        ),
        (
            {
                "applications": [_AF(aid=A, pan="1"), _AF(aid=A)],
                "common": cpm.CommonFields(transparent={"9F26": "x"}),
            },  # type: ignore[dict-item]
            _refusal("value_type", ("62", "9F26"), "transparent['9F26']: expected bytes"),
        ),
        (
            _app(aid=A, pan="1", extra={"C1": "x"}),
            _refusal("value_type", ("61", "C1"), "extra['C1']: expected bytes"),
        ),
        (
            _app(aid=A, pan="1", transparent={"9F26": "x"}),
            _refusal("value_type", ("61", "9F26"), "transparent['9F26']: expected bytes"),
        ),
        (
            _app(aid=A, pan="1", extra={"C": b""}),
            _refusal("value_type", ("extra",), "extra: tag 'C' is not 2, 4 or 6 hex digits"),
        ),
        (
            _app(aid=A, pan="1", extra={5: b""}),
            _refusal("value_type", ("extra",), "extra: tag 5 is not 2, 4 or 6 hex digits"),
        ),
        (
            _app(aid=A, pan="1", transparent={"9F2": b"x"}),
            _refusal("value_type", ("transparent",), "transparent: tag '9F2' is not 2, 4 or 6 hex digits"),
        ),
        (
            _app(aid=A, pan="1", extra={"9F818101": b""}),  # four bytes: more than qrpay writes
            _refusal("value_type", ("extra",), "extra: tag '9F818101' is not 2, 4 or 6 hex digits"),
        ),
    ],
)
def test_build_refuses_each_argument_whole(kwargs: dict[str, object], expected: tuple[object, ...]) -> None:
    assert _refused(**kwargs) == expected


# EMV Book 3 Annex B1: a tag's first byte is not 00 or FF; low five bits 11111 say more bytes follow, each
# with b8 set but the last
@pytest.mark.parametrize("tag", ["1F", "9F", "C1C1", "1F0101", "9F8181", "00", "FF", "FF8101"])
def test_build_refuses_a_tag_that_is_not_one_ber_tag(tag: str) -> None:
    for where in ("extra", "transparent"):
        assert _refused(**_app(aid=A, pan="1", **{where: {tag: b"x"}})) == _refusal(
            "cpm.tlv_bad_tag", (where, tag), f"{where}: {tag!r} is not one BER tag (EMV Book 3 Annex B1)"
        )


def test_build_writes_exact_bytes() -> None:
    # lower-case hex is read; odd track 2 and PAN nibbles are padded with F (CPM Table 6.2, Table 1.4);
    # token requestor id is n 6 (11 digits right-justified with a leading zero, Annex A.1)
    built = cpm.build(
        applications=[
            _AF(
                aid="a0000000555555",
                label="Product1",
                track2="1234567890123458d1912201",
                cardholder_name="CARDHOLDER/EMV",
                languages=["ru", "es", "de", "en"],
                issuer_url="tel:+15551234",
                app_version="0010",
                token_requestor_id="12345678901",
                par="A" * 29,
                last4="3458",
                extra={"c1": b"\x01", "1F8101": b"\x02", "01": b"\x03", "DF7F": b""},
                transparent={"9f26": bytes.fromhex("584FD385FA234BCC")},
            ),
            _AF(aid="A0000000666666", pan="123", token_requestor_id="123456789012"),
        ]
    )
    inner = (
        _ber(b"\x4f", AID)
        + _ber(b"\x50", b"Product1")
        + _ber(b"\x57", bytes.fromhex("1234567890123458D1912201"))
        + _ber(b"\x5f\x20", b"CARDHOLDER/EMV")
        + _ber(b"\x5f\x2d", b"ruesdeen")
        + _ber(b"\x5f\x50", b"tel:+15551234")
        + _ber(b"\x9f\x08", b"\x00\x10")
        + _ber(b"\x9f\x19", bytes.fromhex("012345678901"))
        + _ber(b"\x9f\x24", b"A" * 29)
        + _ber(b"\x9f\x25", b"\x34\x58")
        + b"\xc1\x01\x01\x1f\x81\x01\x01\x02\x01\x01\x03\xdf\x7f\x00"
        + _ber(b"\x63", _ber(b"\x9f\x26", bytes.fromhex("584FD385FA234BCC")))
    )
    second = (
        _ber(b"\x4f", bytes.fromhex("A0000000666666"))
        + b"\x5a\x02\x12\x3f"
        + b"\x9f\x19\x06\x12\x34\x56\x78\x90\x12"
    )
    assert built.to_bytes() == PFI + _ber(b"\x61", inner) + _ber(b"\x61", second)
    assert built.issues == () and built.padded is True


@pytest.mark.parametrize(
    ("size", "header"),
    # EMV Book 3 Annex B2: one length byte below 128, 81 nn below 256, 82 nnnn from 256
    [(127, b"\xc1\x7f"), (128, b"\xc1\x81\x80"), (255, b"\xc1\x81\xff"), (256, b"\xc1\x82\x01\x00")],
)
def test_build_writes_the_shortest_length(size: int, header: bytes) -> None:
    value = bytes(range(256))[:size]
    built = cpm.build(applications=[_AF(aid=A, pan="1", extra={"C1": value})])
    inner = AID_OBJ + b"\x5a\x01\x1f" + header + value
    assert built.to_bytes() == PFI + _ber(b"\x61", inner)


def test_build_common_data_goes_last_with_64() -> None:
    built = cpm.build(
        applications=[_AF(aid=A, label="P1"), _AF(aid="A0000000666666", label="P2")],
        common=cpm.CommonFields(pan="1234567890123458", transparent={"9F36": b"\x00\x01"}),
    )
    assert built.to_bytes() == (
        PFI
        + _ber(b"\x61", AID_OBJ + b"\x50\x02P1")
        + _ber(b"\x61", b"\x4f\x07\xa0\x00\x00\x00\x66\x66\x66\x50\x02P2")
        + _ber(b"\x62", PAN_OBJ + b"\x64\x05\x9f\x36\x02\x00\x01")
    )


def test_build_refuses_what_its_own_decoding_refuses() -> None:
    # E1 is constructed (b6, Annex B1), so its content must be BER-TLV: FF is no tag. 85 at 0, 61 at 7,
    # 4F at 9, 5A at 18 (3 bytes), E1 at 21, its content at 23.
    message = (
        "byte FF at byte 23 in template 61.E1 is not a tag (EMV Book 3 Annex B1: 00 and FF are padding or "
        "reserved, never the first byte of a tag)"
    )
    assert _refused(**_app(aid=A, pan="1", extra={"E1": b"\xff"})) == (
        qrpay.InvalidRequest,
        "cpm.tlv_bad_tag",
        ("61", "E1"),
        23,
        message,
        {},
        [("cpm.tlv_bad_tag", ("61", "E1"), 23, message, "error", "cpm", {"unit": "byte"})],
    )


def test_build_refuses_a_payload_with_issues() -> None:
    # a 17-character label breaks Annex A.1 (ans 1-16): 50 at byte 18, after 4F
    first = (
        "cpm.value_length",
        ("61", "50"),
        18,
        "Application Label is 17 bytes; Annex A.1: 1-16",
        "error",
        "cpm",
        {},
    )
    second = (
        "cpm.missing_account",
        ("61", "5A"),
        7,
        "no Track 2 Equivalent Data (57) nor Application PAN (5A) in the application or the common data: "
        "Table 6.1 requires one",
        "error",
        "cpm",
        {},
    )
    assert _refused(**_app(aid=A, label="A" * 17)) == (
        qrpay.InvalidRequest,
        "cpm.missing_account",
        ("61", "5A"),
        7,
        second[3] + " (+1 more)",
        {},
        [second, first],
    )


# -- decode errors, whole ---------------------------------------------------------------------------------

_BYTE = {"unit": "byte"}
_CHAR = {"unit": "character"}
_B4648 = "(RFC 4648 section 4: groups of 4 characters, '=' pads the last)"
_NOT_TAG = (
    "is not a tag (EMV Book 3 Annex B1: 00 and FF are padding or reserved, never the first byte of a tag)"
)
_NOT_CPM = "not a consumer-presented payload: CPM text is base64 starting with 'hQVDUFY' (tag 85 'CPV…', CPM 5.1.1.1); "
_MPM = "it looks like a merchant-presented EMVCo payload (read it with qrpay.decode)"
_DE, _TE = qrpay.DecodeError, qrpay.TLVError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (_DE, "cpm.empty", (), 0, "empty text: no CPM payload", {})),
        (42, (_DE, "not_text", (), None, "expected CPM text (str), got int", {})),
        (
            b"hQ\x80A",
            (_DE, "cpm.not_base64", (), 2, "byte 80 at offset 2 is not base64 (CPM 5.1.1.2)", _CHAR),
        ),
        (
            b"hQ\x7fA",
            (
                _DE,
                "cpm.not_base64",
                (),
                2,
                "character '\\x7f' at offset 2 is not in the base64 alphabet of RFC 4648 section 4 (CPM 5.1.1.2: the payload must be base64)",
                {"unit": "character", "character": "\x7f"},
            ),
        ),
        (
            B1_TEXT[:10] + "-" + B1_TEXT[11:],
            (
                _DE,
                "cpm.not_base64",
                (),
                10,
                "character '-' at offset 10 is not in the base64 alphabet of RFC 4648 section 4 (CPM 5.1.1.2: the payload must be base64)",
                {"unit": "character", "character": "-"},
            ),
        ),
        (
            " " + B1_TEXT,
            (
                _DE,
                "cpm.surrounding_whitespace",
                (),
                0,
                "leading or trailing whitespace (a scanner's newline?): strip it; qrpay does not rewrite input silently",
                {},
            ),
        ),
        (
            B1_TEXT + "\n",
            (
                _DE,
                "cpm.surrounding_whitespace",
                (),
                48,
                "leading or trailing whitespace (a scanner's newline?): strip it; qrpay does not rewrite input silently",
                {},
            ),
        ),
        ("000201010211", (_DE, "cpm.not_cpm", (), 0, _NOT_CPM + _MPM, {})),
        ("1234xyz", (_DE, "cpm.not_cpm", (), 0, _NOT_CPM + _MPM, {})),
        ("1234x", (_DE, "cpm.not_cpm", (), 0, _NOT_CPM + _MPM, {})),
        ("123x", (_DE, "cpm.not_cpm", (), 0, _NOT_CPM + "text '123x' does not start like one", {})),
        (
            "https://example.",
            (_DE, "cpm.not_cpm", (), 0, _NOT_CPM + "text 'https://example.' does not start like one", {}),
        ),
        (
            "https://example.c",
            (_DE, "cpm.not_cpm", (), 0, _NOT_CPM + "text 'https://example.…' does not start like one", {}),
        ),
        # 2953 characters are not refused as too long (ISO/IEC 18004 40-L holds 2953 bytes) but 2953 % 4 == 1
        (
            "hQ" + "A" * 2951,
            (
                _DE,
                "cpm.not_base64",
                (),
                2953,
                f"base64 text of 2953 characters (2953 before padding) cannot be whole bytes {_B4648}",
                _CHAR,
            ),
        ),
        (
            "hQ" + "A" * 2952,
            (
                _DE,
                "cpm.too_long",
                (),
                2953,
                "text of 2954 characters is longer than any QR symbol holds (2953, ISO/IEC 18004 version 40-L); refused before decoding",
                {},
            ),
        ),
        (
            "hQVD=UF=YwMQ==",
            (
                _DE,
                "cpm.not_base64",
                (),
                4,
                "padding '=' at offset 4 before the end of the text (RFC 4648 section 3.2)",
                _CHAR,
            ),
        ),
        (
            "hQVDUFYw====",
            (
                _DE,
                "cpm.not_base64",
                (),
                8,
                f"base64 text of 12 characters (8 before padding) cannot be whole bytes {_B4648}",
                _CHAR,
            ),
        ),
        (
            "hQVDUFYwM",
            (
                _DE,
                "cpm.not_base64",
                (),
                9,
                f"base64 text of 9 characters (9 before padding) cannot be whole bytes {_B4648}",
                _CHAR,
            ),
        ),
        (
            "hQVDUFYwMQ=",
            (
                _DE,
                "cpm.not_base64",
                (),
                10,
                f"base64 text of 11 characters (10 before padding) cannot be whole bytes {_B4648}",
                _CHAR,
            ),
        ),
        # RFC 4648 3.5: B1 ends 'NF8=' (2 bytes); '9' sets a pad bit
        (
            B1_TEXT[:-2] + "9=",
            (
                _DE,
                "cpm.not_base64",
                (),
                46,
                "the last base64 character '9' has non-zero pad bits (RFC 4648 section 3.5): the text is not the canonical encoding of its bytes",
                _CHAR,
            ),
        ),
    ],
)
def test_text_errors_whole(text: object, expected: tuple[object, ...]) -> None:
    assert _raised(text) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            PFI + b"\xff",
            (_TE, "cpm.tlv_bad_tag", (), 7, f"byte FF at byte 7 in the payload {_NOT_TAG}", _BYTE),
        ),
        (
            PFI + b"\x61\x01\x00",
            (_TE, "cpm.tlv_bad_tag", ("61",), 9, f"byte 00 at byte 9 in template 61 {_NOT_TAG}", _BYTE),
        ),
        (
            PFI + b"\x9f\xff\xff\xff\x01\x00",
            (
                _TE,
                "cpm.tlv_bad_tag",
                (),
                7,
                "tag starting at byte 7 is longer than 4 bytes (EMV tags are 1-2 bytes, Book 3 Annex B1)",
                _BYTE,
            ),
        ),
        (
            PFI + b"\x9f",
            (
                _TE,
                "cpm.tlv_truncated",
                (),
                7,
                "the data object at byte 7 ends before its tag is complete (only 1 byte left; EMV Book 3 Annex B)",
                _BYTE,
            ),
        ),
        (
            PFI + b"\x9f\x81",
            (
                _TE,
                "cpm.tlv_truncated",
                (),
                7,
                "the data object at byte 7 ends before its tag is complete (only 2 bytes left; EMV Book 3 Annex B)",
                _BYTE,
            ),
        ),
        (
            PFI + b"\x61",
            (
                _TE,
                "cpm.tlv_truncated",
                ("61",),
                7,
                "the data object at byte 7 ends before its length is complete (only 1 byte left; EMV Book 3 Annex B)",
                _BYTE,
            ),
        ),
        (
            PFI + b"\x61\x82\x01",
            (
                _TE,
                "cpm.tlv_truncated",
                ("61",),
                7,
                "the data object at byte 7 ends before its length is complete (only 3 bytes left; EMV Book 3 Annex B)",
                _BYTE,
            ),
        ),
        (
            PFI + b"\x61\x80",
            (
                _TE,
                "cpm.tlv_bad_length",
                ("61",),
                7,
                "tag 61 at byte 7 has length byte 80: the indefinite form, which EMV does not use (Book 3 Annex B2)",
                _BYTE,
            ),
        ),
        (
            PFI + b"\x61\x84\x00\x00\x00\x01",
            (
                _TE,
                "cpm.tlv_bad_length",
                ("61",),
                7,
                "tag 61 at byte 7 has length byte 84: 4 length bytes follow, more than the 3 EMV allows (Book 3 Annex B2); a length of 132 is written 81 84",
                _BYTE,
            ),
        ),
        (
            PFI + b"\x61\x05\x4f\x00",
            (
                _TE,
                "cpm.tlv_truncated",
                ("61",),
                7,
                "tag 61 at byte 7 declares 5 bytes of value but only 2 remain in the payload (EMV Book 3 Annex B2)",
                {"unit": "byte", "declared": 5, "available": 2},
            ),
        ),
        (
            PFI + b"\x61\x03\x4f\x07\xa0",
            (
                _TE,
                "cpm.tlv_truncated",
                ("61", "4F"),
                9,
                "tag 4F at byte 9 declares 7 bytes of value but only 1 remain in template 61 (EMV Book 3 Annex B2)",
                {"unit": "byte", "declared": 7, "available": 1},
            ),
        ),
        (
            # 65 nested eight times: the content of the eighth (at byte 7 + 7 * 2 + 2) would be depth 9
            PFI + b"\x65\x10\x65\x0e\x65\x0c\x65\x0a\x65\x08\x65\x06\x65\x04\x65\x02\xc1\x00",
            (
                _TE,
                "cpm.too_deep",
                ("65",) * 8,
                23,
                "templates nest deeper than 8 levels at byte 23; CPM nests three (61 > 63 > data), so qrpay stops here",
                {"unit": "byte", "max_depth": 8},
            ),
        ),
    ],
)
def test_tlv_errors_whole(data: bytes, expected: tuple[object, ...]) -> None:
    assert _raised(_text(data)) == expected


# -- issues, whole ----------------------------------------------------------------------------------------

# the messages of Annex A.1's rules, as qrpay words them (docs/errors.md)
_NOT_ANS_LABEL = "has characters other than letters, digits and space (Annex A.1: ans, special characters limited to space)"
_T2 = "is not PAN (up to 19 digits), 'D', YYMM, a 3-digit service code, digits, and one 'F' only when needed (CPM Table 6.2)"
_CN = "is not compressed numeric: digits padded with trailing F (CPM Table 1.4, Annex A.1)"
_LANG = "is not 1-4 two-letter ISO 639-1 codes (Annex A.1, CPM 6.1.1.3)"
_URL = "is not a 'tel:' (RFC 3966) or 'mailto:' (RFC 6068) URI (CPM Table 6.3)"
_PAR = "is not 29 upper-case letters and digits (Annex A.1; EMV Bulletin 167)"
_NO_ACCOUNT = (
    "no Track 2 Equivalent Data (57) nor Application PAN (5A) in the application or the common data: "
    "Table 6.1 requires one"
)
_ASCII_AID = "not an ISO 7816-5 AID (seen in transit tickets: GCash 'GCASH', QCAT 'QCAT01'"
_READ_AS_WARNINGS = "); its data is read with its format rules as warnings"
_ORDER = ": 85, the Application Templates, then 62 come first (CPM 3.1, Table 3.1)"
_SHORTEST = "would do (BER allows it; DER and most writers use the shortest form, EMV Book 3 Annex B2)"
_KEPT = "; kept as bytes, which the POI forwards unparsed (CPM 5.1.1.7, 5.1.1.8)"
_DEEP = "; CPM nests three (61 > 63 > data), so qrpay stops here"


def _i(
    code: str, path: tuple[str, ...], offset: int | None, message: str, severity: str = "error"
) -> tuple[object, ...]:
    return (code, path, offset, message, severity, "cpm", {})


@pytest.mark.parametrize(
    ("obj", "expected"),
    # one data object at byte 28 of a 61 holding 4F (byte 9) and 5A (byte 18); Annex A.1 formats
    [
        (b"\x50\x09Product 1", []),
        (_ber(b"\x50", b"A" * 16), []),
        (
            _ber(b"\x50", b"A" * 17),
            [("cpm.value_length", "50", "Application Label is 17 bytes; Annex A.1: 1-16")],
        ),
        (b"\x50\x00", [("cpm.value_length", "50", "Application Label is 0 bytes; Annex A.1: 1-16")]),
        (b"\x50\x03P-1", [("cpm.value_format", "50", f"Application Label 'P-1' {_NOT_ANS_LABEL}")]),
        (b"\x50\x02P\x7f", [("cpm.value_format", "50", f"Application Label 'P\\x7f' {_NOT_ANS_LABEL}")]),
        (_ber(b"\x5f\x20", b"A" * 26), []),
        (b"\x5f\x20\x02AB", []),
        (
            _ber(b"\x5f\x20", b"A" * 27),
            [("cpm.value_length", "5F20", "Cardholder Name is 27 bytes; Annex A.1: 2-26")],
        ),
        (b"\x5f\x20\x01A", [("cpm.value_length", "5F20", "Cardholder Name is 1 bytes; Annex A.1: 2-26")]),
        (
            b"\x5f\x20\x03AB\x7f",
            [
                (
                    "cpm.value_format",
                    "5F20",
                    "Cardholder Name 'AB\\x7f' is not ans (printable ASCII, Annex A.1)",
                )
            ],
        ),
        (b"\x5f\x2d\x08ruesdeen", []),
        (b"\x5f\x2d\x02EN", []),
        (
            b"\x5f\x2d\x0aenenenenen",
            [("cpm.language_format", "5F2D", f"Language Preference 'enenenenen' {_LANG}")],
        ),
        (b"\x5f\x2d\x02qq", [("cpm.language_format", "5F2D", f"Language Preference 'qq' {_LANG}")]),
        (b"\x5f\x50\x0cmailto:a@b.c", []),
        (b"\x5f\x50\x05tel:1", []),
        (b"\x5f\x50\x05a@b.c", [("cpm.issuer_url", "5F50", f"Issuer URL 'a@b.c' {_URL}")]),
        (b"\x5f\x50\x06tel:1\x7f", [("cpm.issuer_url", "5F50", f"Issuer URL 'tel:1\\x7f' {_URL}")]),
        (b"\x9f\x08\x02\x00\x10", []),
        (
            b"\x9f\x08\x03\x00\x00\x01",
            [("cpm.value_length", "9F08", "Application Version Number is 3 bytes; Annex A.1: 2")],
        ),
        (b"\x9f\x19\x06\x01\x23\x45\x67\x89\x01", []),
        (
            b"\x9f\x19\x05\x01\x23\x45\x67\x89",
            [
                (
                    "cpm.value_format",
                    "9F19",
                    "Token Requestor ID 0123456789 is not 6 bytes of digits (Annex A.1: n, 6)",
                )
            ],
        ),
        (
            b"\x9f\x19\x06\x01\x23\x45\x67\x89\x0a",
            [
                (
                    "cpm.value_format",
                    "9F19",
                    "Token Requestor ID 01234567890A is not 6 bytes of digits (Annex A.1: n, 6)",
                )
            ],
        ),
        (_ber(b"\x9f\x24", b"Z9" * 14 + b"A"), []),
        (
            _ber(b"\x9f\x24", b"Z9" * 14 + b"a"),
            [("cpm.value_format", "9F24", f"Payment Account Reference '{'Z9' * 14}a' {_PAR}")],
        ),
        (
            _ber(b"\x9f\x24", b"Z9" * 14),
            [("cpm.value_format", "9F24", f"Payment Account Reference '{'Z9' * 14}' {_PAR}")],
        ),
        (b"\x9f\x25\x02\x34\x58", []),
        (
            b"\x9f\x25\x02\x34\x5a",
            [
                (
                    "cpm.value_format",
                    "9F25",
                    "Last 4 Digits of PAN 345A is not 2 bytes of digits (Annex A.1: n, 2)",
                )
            ],
        ),
        (
            b"\x9f\x25\x03\x34\x58\x00",
            [
                (
                    "cpm.value_format",
                    "9F25",
                    "Last 4 Digits of PAN 345800 is not 2 bytes of digits (Annex A.1: n, 2)",
                )
            ],
        ),
        # track 2 in 5A's company (Table 6.1 allows both): 19 bytes at most, Table 6.2 layout
        (_ber(b"\x57", bytes.fromhex("1234567890123456789D2512201" + "1234567890F")), []),
        (
            _ber(b"\x57", bytes.fromhex("1234567890123456789D2512201" + "1234567890123")),
            [("cpm.value_length", "57", "Track 2 Equivalent Data is 20 bytes; Annex A.1: at most 19")],
        ),
        (b"\x57\x03\x12\x34\xd2", [("cpm.track2_format", "57", f"Track 2 Equivalent Data 1234D2 {_T2}")]),
        # unknown and private tags are kept without an issue (CPM 5.1.1.11)
        (b"\xc1\x01\x00\x9f\x7f\x00", []),
    ],
)
def test_format_rules_whole(obj: bytes, expected: list[tuple[str, str, str]]) -> None:
    data = PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + obj)
    assert _issues(data) == [_i(code, ("61", tag), 28, message) for code, tag, message in expected]


@pytest.mark.parametrize(
    ("aid", "pan", "expected"),
    # 5A at byte 18 (after 4F A0000000555555) or byte 16 (after a 5-byte 4F)
    [
        (AID, bytes.fromhex("12345678901234567890"), []),
        (
            AID,
            bytes.fromhex("1234567890123456789012"),
            [
                _i(
                    "cpm.value_length",
                    ("61", "5A"),
                    18,
                    "Application PAN is 11 bytes; Annex A.1: cn, at most 10",
                )
            ],
        ),
        (AID, bytes.fromhex("12345F"), []),
        (AID, bytes.fromhex("123A"), [_i("cpm.pan_format", ("61", "5A"), 18, f"Application PAN 123A {_CN}")]),
        (AID, b"", [_i("cpm.pan_format", ("61", "5A"), 18, f"Application PAN  {_CN}")]),
        # PayNet DuitNow writes 18 bytes: a warning with its AID (docs/cpm.md, variants)
        (
            bytes.fromhex("A0000006150001"),
            bytes.fromhex("12" * 18),
            [
                _i(
                    "cpm.value_length",
                    ("61", "5A"),
                    18,
                    "Application PAN is 18 bytes; Annex A.1: cn, at most 10 (PayNet DuitNow codes carry 18)",
                    "warning",
                )
            ],
        ),
        # a transit ticket (ASCII pseudo-AID) writes its account in ASCII: warnings, without PayNet's note; ASCII
        # digits 0x30-0x39 read as nibbles are digits too, so 5A is not reported as non-cn
        (
            b"GCASH",
            b"12345678901",
            [
                _i(
                    "cpm.aid_ascii",
                    ("61", "4F"),
                    9,
                    f"ADF Name is the ASCII text 'GCASH', {_ASCII_AID}{_READ_AS_WARNINGS}",
                    "warning",
                ),
                _i(
                    "cpm.value_length",
                    ("61", "5A"),
                    16,
                    "Application PAN is 11 bytes; Annex A.1: cn, at most 10",
                    "warning",
                ),
            ],
        ),
    ],
)
def test_pan_rules_whole(aid: bytes, pan: bytes, expected: list[tuple[object, ...]]) -> None:
    assert _issues(PFI + _ber(b"\x61", _ber(b"\x4f", aid) + _ber(b"\x5a", pan))) == expected


QRIS_AID = _ber(b"\x4f", bytes.fromhex("A0000006022020"))
APP_B = _ber(b"\x61", _ber(b"\x4f", bytes.fromhex("A0000000666666")) + PAN_OBJ)  # 21 bytes
APP_A = _ber(b"\x61", AID_OBJ + PAN_OBJ)  # 21 bytes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            PFI,
            [
                _i(
                    "cpm.no_application",
                    ("61",),
                    None,
                    "no Application Template (61): CPM 5.1.1.3 requires one",
                )
            ],
        ),
        (
            b"\x85\x05CPV02" + APP_A,
            [
                _i(
                    "cpm.payload_format_value",
                    ("85",),
                    0,
                    "payload format indicator is 'CPV02'; CPM 5.1.1.3 and Annex A.1 require 'CPV01'",
                )
            ],
        ),
        (
            # JPQR1: every rule of the application is a warning, aid_length included
            b"\x85\x05JPQR1" + _ber(b"\x61", b"\x4f\x03ABC"),
            [
                _i(
                    "cpm.payload_format_value",
                    ("85",),
                    0,
                    "payload format indicator is 'JPQR1' (JPQR's consumer-presented variant, suzzshin/jpqr-cpm "
                    "citing the JPQR CPM guideline 1.2); EMVCo CPM 5.1.1.3 requires 'CPV01'",
                    "warning",
                ),
                _i(
                    "cpm.missing_account",
                    ("61", "5A"),
                    7,
                    _NO_ACCOUNT + " (a transit ticket or JPQR code: warning)",
                    "warning",
                ),
                _i(
                    "cpm.aid_ascii",
                    ("61", "4F"),
                    9,
                    f"ADF Name is the ASCII text 'ABC', {_ASCII_AID}; JPQR writes its brand identifier here{_READ_AS_WARNINGS}",
                    "warning",
                ),
                _i(
                    "cpm.aid_length",
                    ("61", "4F"),
                    9,
                    "ADF Name 414243 is 3 bytes; CPM 5.1.1.4 and Annex A.1 require 5 to 16",
                    "warning",
                ),
            ],
        ),
        (
            # JPQR1 with an ISO AID: the format rules are still warnings
            b"\x85\x05JPQR1" + _ber(b"\x61", AID_OBJ + PAN_OBJ + b"\x50\x03P-1"),
            [
                _i(
                    "cpm.payload_format_value",
                    ("85",),
                    0,
                    "payload format indicator is 'JPQR1' (JPQR's consumer-presented variant, suzzshin/jpqr-cpm "
                    "citing the JPQR CPM guideline 1.2); EMVCo CPM 5.1.1.3 requires 'CPV01'",
                    "warning",
                ),
                _i(
                    "cpm.value_format",
                    ("61", "50"),
                    28,
                    f"Application Label 'P-1' {_NOT_ANS_LABEL}",
                    "warning",
                ),
            ],
        ),
        (
            # an ASCII pseudo-AID outside JPQR: its length is still an error
            PFI + _ber(b"\x61", b"\x4f\x04GCAS"),
            [
                _i(
                    "cpm.missing_account",
                    ("61", "5A"),
                    7,
                    _NO_ACCOUNT + " (a transit ticket or JPQR code: warning)",
                    "warning",
                ),
                _i(
                    "cpm.aid_ascii",
                    ("61", "4F"),
                    9,
                    f"ADF Name is the ASCII text 'GCAS', {_ASCII_AID}{_READ_AS_WARNINGS}",
                    "warning",
                ),
                _i(
                    "cpm.aid_length",
                    ("61", "4F"),
                    9,
                    "ADF Name 47434153 is 4 bytes; CPM 5.1.1.4 and Annex A.1 require 5 to 16",
                ),
            ],
        ),
        (PFI + _ber(b"\x61", _ber(b"\x4f", bytes(range(0xA0, 0xB0))) + PAN_OBJ), []),  # 16 bytes
        (
            PFI + _ber(b"\x61", _ber(b"\x4f", bytes(range(0xA0, 0xB1))) + PAN_OBJ),
            [
                _i(
                    "cpm.aid_length",
                    ("61", "4F"),
                    9,
                    f"ADF Name {bytes(range(0xA0, 0xB1)).hex().upper()} is 17 bytes; CPM 5.1.1.4 and Annex A.1 require 5 to 16",
                )
            ],
        ),
        (
            PFI + _ber(b"\x61", PAN_OBJ),
            [
                _i(
                    "cpm.missing_aid",
                    ("61", "4F"),
                    7,
                    "Application Template without an ADF Name (4F): Table 6.1 makes it mandatory, and a POI skips "
                    "such a template (CPM 5.1.1.4)",
                )
            ],
        ),
        (PFI + _ber(b"\x61", AID_OBJ), [_i("cpm.missing_account", ("61", "5A"), 7, _NO_ACCOUNT)]),
        (
            PFI + APP_A + APP_B + APP_A,
            [
                _i(
                    "cpm.too_many_applications",
                    ("61",),
                    49,
                    "3 Application Templates (61); CPM Table 3.1 allows one or two",
                )
            ],
        ),
        (
            PFI + PFI + APP_A,
            [
                _i(
                    "cpm.duplicate_tag",
                    ("85",),
                    7,
                    "a second Payload Format Indicator (85); it is the first object, once (Table 3.1)",
                )
            ],
        ),
        (
            PFI + APP_A + APP_B + b"\x62\x05\x5f\x20\x02AB" + b"\x62\x05\x5f\x20\x02CD",
            [
                _i(
                    "cpm.duplicate_tag",
                    ("62",),
                    56,
                    "a second Common Data Template (62); Table 3.1 allows one",
                )
            ],
        ),
        (
            PFI + APP_A + b"\x62\x05\x5f\x20\x02AB",
            [
                _i(
                    "cpm.common_data_single_application",
                    ("62",),
                    28,
                    "a Common Data Template (62) with one Application Template: CPM 3.1 (Table 3.1) allows either "
                    "one 61, or two 61 with an optional 62",
                )
            ],
        ),
        (
            PFI + APP_A + b"\x62\x05\x5f\x20\x02AB" + APP_B,
            [
                _i(
                    "cpm.template_order",
                    ("61",),
                    35,
                    "template 61 after the Common Data Template (62)" + _ORDER,
                )
            ],
        ),
        (
            PFI + APP_A + b"\x65\x00" + APP_B + b"\x62\x05\x5f\x20\x02AB",
            [
                _i("cpm.template_order", ("61",), 30, "template 61 after another template" + _ORDER),
                _i("cpm.template_order", ("62",), 51, "template 62 after another template" + _ORDER),
            ],
        ),
        (
            PFI + APP_A + b"\x65\x00\x66\x00\x63\x00\x64\x00\xc1\x01\x00",
            [
                _i(
                    "cpm.transparent_placement",
                    ("63",),
                    32,
                    "transparent template 63 at the root; CPM Table 3.1 places it inside 61 (seen in PayNet DuitNow codes)",
                    "warning",
                ),
                _i(
                    "cpm.transparent_placement",
                    ("64",),
                    34,
                    "transparent template 64 at the root; CPM Table 3.1 places it inside 62 (seen in PayNet DuitNow codes)",
                    "warning",
                ),
                _i(
                    "cpm.unexpected_object",
                    ("C1",),
                    36,
                    "primitive data object C1 at the root; CPM Table 3.1 has only templates after 85",
                    "warning",
                ),
            ],
        ),
        (
            # a QRIS application relaxes the issuer URL of the common data it shares with another application
            PFI + _ber(b"\x61", QRIS_AID + PAN_OBJ) + APP_B + b"\x62\x08\x5f\x50\x05a@b.c",
            [
                _i(
                    "cpm.issuer_url",
                    ("62", "5F50"),
                    51,
                    f"Issuer URL 'a@b.c' {_URL}; QRIS CPM codes write a bare e-mail address or number",
                    "warning",
                )
            ],
        ),
        (
            PFI + APP_A + _ber(b"\x61", QRIS_AID + PAN_OBJ) + b"\x62\x08\x5f\x50\x05a@b.c",
            [
                _i(
                    "cpm.issuer_url",
                    ("62", "5F50"),
                    51,
                    f"Issuer URL 'a@b.c' {_URL}; QRIS CPM codes write a bare e-mail address or number",
                    "warning",
                )
            ],
        ),
        (
            # CPM 3.1, 5.1.1.10: 5A in 61 (byte 7) and in 62 (byte 43, after 64 at 41)
            PFI
            + APP_A
            + _ber(b"\x61", _ber(b"\x4f", bytes.fromhex("A0000000666666")))
            + b"\x62\x0c\x64\x00"
            + PAN_OBJ,
            [
                _i(
                    "cpm.duplicate_object",
                    ("62", "5A"),
                    43,
                    "tag 5A is in both the Application Template (61 at byte 7) and the Common Data Template (62): the "
                    "same data object must not appear in both (CPM 3.1, 5.1.1.10)",
                )
            ],
        ),
        (
            PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + PAN_OBJ + b"\x63\x00\x63\x00"),
            [
                _i(
                    "cpm.duplicate_object",
                    ("61", "5A"),
                    28,
                    "tag 5A occurs twice in template 61: a POI data object occurs once (CPM 5.1.1.10)",
                )
            ],
        ),
        (
            PFI + b"\x61\x81\x00",
            [
                _i(
                    "cpm.length_not_minimal",
                    ("61",),
                    7,
                    f"tag 61's length 0 is written in 2 bytes where 1 {_SHORTEST}",
                    "warning",
                ),
                _i(
                    "cpm.missing_aid",
                    ("61", "4F"),
                    7,
                    "Application Template without an ADF Name (4F): Table 6.1 makes it mandatory, and a POI skips "
                    "such a template (CPM 5.1.1.4)",
                ),
                _i("cpm.missing_account", ("61", "5A"), 7, _NO_ACCOUNT),
            ],
        ),
        (
            # sorted by offset, not by path: 5F20 (byte 18) before 50 (byte 22)
            PFI + _ber(b"\x61", AID_OBJ + b"\x5f\x20\x01A" + b"\x50\x03P-1"),
            [
                _i("cpm.missing_account", ("61", "5A"), 7, _NO_ACCOUNT),
                _i("cpm.value_length", ("61", "5F20"), 18, "Cardholder Name is 1 bytes; Annex A.1: 2-26"),
                _i("cpm.value_format", ("61", "50"), 22, f"Application Label 'P-1' {_NOT_ANS_LABEL}"),
            ],
        ),
        (
            # the transparent template's content is kept as bytes when it is not BER-TLV: 63 at 28, FF at 30
            PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + b"\x63\x02\xff\xff"),
            [
                _i(
                    "cpm.transparent_not_tlv",
                    ("61", "63"),
                    28,
                    f"the content of template 63 is not BER-TLV (byte FF at byte 30 in template 61.63 {_NOT_TAG})"
                    + _KEPT,
                    "warning",
                )
            ],
        ),
    ],
)
def test_structure_rules_whole(data: bytes, expected: list[tuple[object, ...]]) -> None:
    assert _issues(data) == expected


def _nest(levels: int) -> bytes:
    inner = b"\xc1\x00"
    for _ in range(levels):
        inner = _ber(b"\xe1", inner)
    return inner


def test_transparent_data_nests_to_max_depth() -> None:
    # 61 content is depth 2, 63's depth 3, the k-th E1's content depth 3 + k: five E1 reach depth 8
    payload = cpm.decode(_text(PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + _ber(b"\x63", _nest(5)))))
    assert payload.issues == ()
    assert [o.offset for o in payload.walk()][-7:] == [28, 30, 32, 34, 36, 38, 40]  # 63, E1 x5, C1
    # a sixth E1 (at byte 40, content at 42) would be read at depth 9: kept as bytes, with a warning
    assert _issues(PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + _ber(b"\x63", _nest(6)))) == [
        _i(
            "cpm.transparent_not_tlv",
            ("61", "63", *["E1"] * 6),
            40,
            "the content of template E1 is not BER-TLV (templates nest deeper than 8 levels at byte 42"
            + _DEEP
            + ")"
            + _KEPT,
            "warning",
        )
    ]


def test_non_minimal_lengths_whole() -> None:
    # EMV Book 3 Annex B2: 81 nn for 128-255, 82 nnnn for 256 and more; anything longer is not minimal
    objects = [
        b"\xc1\x81\x05" + b"x" * 5,
        b"\xc2\x82\x00\x90" + b"x" * 144,
        b"\xc3\x82\x00\x80" + b"x" * 128,
        b"\xc4\x81\x80" + b"x" * 128,
        b"\xc5\x82\x01\x00" + b"x" * 256,
        b"\xc6\x82\x00\x05" + b"x" * 5,
    ]
    offsets, at = [], 7 + 4 + 19  # 61 82 nnnn, then 4F and 5A
    for obj in objects:
        offsets.append(at)
        at += len(obj)
    data = PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + b"".join(objects))
    text = _text(data)
    assert _issues(data) == [
        _i(
            "cpm.length_not_minimal",
            ("61", "C1"),
            offsets[0],
            f"tag C1's length 5 is written in 2 bytes where 1 {_SHORTEST}",
            "warning",
        ),
        _i(
            "cpm.length_not_minimal",
            ("61", "C2"),
            offsets[1],
            f"tag C2's length 144 is written in 3 bytes where 2 {_SHORTEST}",
            "warning",
        ),
        _i(
            "cpm.length_not_minimal",
            ("61", "C3"),
            offsets[2],
            f"tag C3's length 128 is written in 3 bytes where 2 {_SHORTEST}",
            "warning",
        ),
        _i(
            "cpm.length_not_minimal",
            ("61", "C6"),
            offsets[5],
            f"tag C6's length 5 is written in 3 bytes where 1 {_SHORTEST}",
            "warning",
        ),
        _i(
            "cpm.payload_length",
            (),
            None,
            f"the text is {len(text)} characters; CPM readers need only recover 512 bytes (3.1, 4.1.1.1), so some "
            "will not read it",
            "warning",
        ),
    ]


def test_payload_length_limit_and_padding_warning() -> None:
    # 384 bytes are 512 base64 characters: no warning at the limit (CPM 3.1 "should")
    private = _ber(b"\xc1", b"x" * 200) + _ber(b"\xc2", b"x" * 148)
    data = PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + private)
    assert len(data) == 384 and len(_text(data)) == 512
    assert _issues(data) == []
    longer = PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + private + b"\xc3\x00")
    assert len(_text(longer)) == 516
    assert _issues(longer) == [
        _i(
            "cpm.payload_length",
            (),
            None,
            "the text is 516 characters; CPM readers need only recover 512 bytes (3.1, 4.1.1.1), so some will "
            "not read it",
            "warning",
        )
    ]
    # unpadded (RFC 4648 3.2 requires padding): the warning has no offset and sorts after located issues
    unpadded = _text(PFI + _ber(b"\x61", PAN_OBJ)).rstrip("=")
    payload = cpm.decode(unpadded)
    assert payload.padded is False and payload.to_text() == unpadded
    assert [i.code for i in payload.issues] == ["cpm.missing_aid", "cpm.base64_padding"]
    assert _issue_tuples(payload.issues)[1] == _i(
        "cpm.base64_padding",
        (),
        None,
        "the base64 text has no '=' padding (RFC 4648 section 3.2 requires it; CPM 3.2 encodes per RFC 4648)",
        "warning",
    )


# -- the JSON summary and the small entry points -----------------------------------------------------------


def test_to_dict_of_annex_b1_whole() -> None:
    # CPM Annex B.1: track 2 1234567890123458 D 1912 201 12345 F (Table 6.2)
    assert cpm.decode(B1_TEXT).to_dict() == {
        "format": "cpm",
        "payload_format": "CPV01",
        "variant": "emvco",
        "applications": [
            {
                "aid": "A0000000555555",
                "aid_text": None,
                "network": None,
                "label": None,
                "pan": "1234567890123458",
                "track2": {
                    "pan": "1234567890123458",
                    "expiry": "1912",
                    "service_code": "201",
                    "discretionary": "12345",
                },
                "cardholder_name": None,
                "languages": [],
                "issuer_url": None,
                "app_version": None,
                "token_requestor_id": None,
                "par": None,
                "last4": None,
            }
        ],
    }


def test_to_dict_of_every_field_whole() -> None:
    inner = (
        _ber(b"\x4f", bytes.fromhex("A000000333010101"))
        + b"\x50\x03UPI"
        + PAN_OBJ
        + b"\x5f\x20\x02AB"
        + b"\x5f\x2d\x04zhen"
        + b"\x5f\x50\x05tel:1"
        + b"\x9f\x08\x02\x00\x10"
        + b"\x9f\x19\x06\x01\x23\x45\x67\x89\x01"
        + _ber(b"\x9f\x24", b"Z9" * 14 + b"A")
        + b"\x9f\x25\x02\x34\x58"
    )
    payload = cpm.decode(_text(b"\x85\x05JPQR1" + _ber(b"\x61", inner)))
    assert payload.to_dict() == {
        "format": "cpm",
        "payload_format": "JPQR1",
        "variant": "jpqr",
        "applications": [
            {
                "aid": "A000000333010101",
                "aid_text": None,
                "network": "UnionPay",
                "label": "UPI",
                "pan": "1234567890123458",
                "track2": None,
                "cardholder_name": "AB",
                "languages": ["zh", "en"],
                "issuer_url": "tel:1",
                "app_version": "0010",
                "token_requestor_id": "012345678901",
                "par": "Z9" * 14 + "A",
                "last4": "3458",
            }
        ],
    }


def test_small_entry_points() -> None:
    assert cpm.looks_like_cpm(B1_TEXT.encode("ascii")) is True
    assert cpm.looks_like_cpm(bytearray(b"hQVKUFFSMQ")) is True  # JPQR's 85 05 "JPQR"
    assert cpm.looks_like_cpm(b"hQVDUFZ") is False
    assert cpm.looks_like_cpm(42) is False
    assert cpm.is_valid(B1_TEXT) is True and cpm.is_valid(b"hQVDUFYwMQ==") is False
    assert (
        cpm.is_ascii_aid(b"QCAT01") is True
        and cpm.is_ascii_aid(AID) is False
        and cpm.is_ascii_aid(b"") is False
    )
    assert cpm.validate(B1_TEXT.encode("ascii")).to_bytes() == bytes.fromhex(B1_HEX)


def test_object_and_view_properties() -> None:
    # 61 with 4F, 5A, 5F20 "AB", 5F2D "rue" (an odd byte: no third code), 50 with a non-printable byte,
    # 5F50 "tel:1", 63 with 9F26; JPQR1 so that the malformed values are only warnings
    inner = (
        AID_OBJ
        + PAN_OBJ
        + b"\x5f\x20\x02AB\x5f\x2d\x03rue\x50\x02P\x01\x5f\x50\x05tel:1\x63\x04\x9f\x26\x01\x00"
    )
    payload = cpm.decode(_text(b"\x85\x05JPQR1" + _ber(b"\x61", inner)))
    pfi, app_obj = payload.objects
    assert (pfi.text, pfi.name, pfi.constructed, pfi.raw, pfi.hex) == (
        "JPQR1",
        "Payload Format Indicator",
        False,
        b"\x85\x05JPQR1",
        "4A50515231",
    )
    assert (app_obj.name, app_obj.constructed) == ("Application Template", True)
    assert app_obj.child("5F20") is not None and app_obj.child("5F20").text == "AB"  # type: ignore[union-attr]
    assert app_obj.child("50").text is None  # type: ignore[union-attr]  # 01 is not printable
    assert app_obj.child("4F").text is None and app_obj.child("9F26") is None  # type: ignore[union-attr]
    assert cpm.CPMObject("C1", b"\xc1\x00", b"", 0, ("C1",)).name is None
    app = payload.applications[0]
    assert (app.languages, app.cardholder_name, app.issuer_url, app.label) == (
        ("ru",),
        "AB",
        "tel:1",
        "P\x01",
    )
    assert app.transparent is not None and app.transparent.path == ("61", "63")
    assert [o.tag for o in app.transparent.walk()] == ["63", "9F26"]
    assert [o.tag for o in payload.walk()] == [
        "85",
        "61",
        "4F",
        "5A",
        "5F20",
        "5F2D",
        "50",
        "5F50",
        "63",
        "9F26",
    ]
    assert payload.find("62") is None and payload.common_data is None
    assert (
        payload.is_valid
        and payload.errors == ()
        and [i.code for i in payload.warnings]
        == [
            "cpm.payload_format_value",
            "cpm.language_format",
            "cpm.value_format",
        ]
    )


def test_common_data_view_and_errors_partition() -> None:
    # Annex B.2 shape: two 61 (the second with 4F only) and a 62 with 5A and 64 (81 nn: a warning), and one
    # error (the label)
    data = (
        PFI
        + _ber(b"\x61", AID_OBJ + b"\x50\x03P-1")
        + _ber(b"\x61", AID_OBJ)
        + b"\x62\x81\x0e"
        + PAN_OBJ
        + b"\x64\x02\xc1\x00"
    )
    payload = cpm.decode(_text(data))
    common = payload.common_data
    assert common is not None and common.pan == "1234567890123458"
    assert common.transparent is not None and common.transparent.tag == "64"
    assert [a.pan for a in payload.applications] == ["1234567890123458", "1234567890123458"]
    assert [i.code for i in payload.errors] == ["cpm.value_format"]
    assert [i.code for i in payload.warnings] == ["cpm.length_not_minimal"]
    assert payload.is_valid is False


def test_more_views_and_edges() -> None:
    # 5F is a primitive class byte (b6 clear, Annex B1); 5F20 must not be read as 5F2 or in base 17
    b2 = cpm.decode(_text(PFI + APP_A + APP_B + b"\x62\x05\x5f\x20\x02AB"))
    common = b2.common_data
    assert common is not None and common.template.child("5F20").constructed is False  # type: ignore[union-attr]
    assert common.pan is None and common.cardholder_name == "AB"  # no 5A in 62
    assert cpm.decode(_text(PFI + _ber(b"\x61", AID_OBJ))).applications[0].pan is None  # neither 5A nor 57
    empty = cpm.CPMPayload(())
    assert (empty.payload_format, empty.variant, empty.applications, empty.to_text()) == (
        None,
        "emvco",
        (),
        "",
    )


def test_a_tag_too_long_inside_a_template() -> None:
    # 61 at byte 7, its content at 9: a 5-byte tag there (Annex B1)
    assert _raised(_text(PFI + b"\x61\x06\x9f\xff\xff\xff\x01\x00")) == (
        qrpay.TLVError,
        "cpm.tlv_bad_tag",
        ("61",),
        9,
        "tag starting at byte 9 is longer than 4 bytes (EMV tags are 1-2 bytes, Book 3 Annex B1)",
        {"unit": "byte"},
    )


def test_transparent_templates_may_repeat_and_appear_in_both() -> None:
    # 63/64 are forwarded unparsed (CPM 5.1.1.7, 5.1.1.8): not POI data objects, so no duplicate rule; 61 at 7
    # (4F, 5A, 64 00 at 28), 61 at 30, 62 at 51 with 64 00 twice
    data = PFI + _ber(b"\x61", AID_OBJ + PAN_OBJ + b"\x64\x00") + APP_B + b"\x62\x04\x64\x00\x64\x00"
    assert _issues(data) == []


def test_common_transparent_template_is_forwarded_unparsed() -> None:
    # two 61 (bytes 7, 28), 62 at 49 holding 64 at 51; CPM 5.1.1.8: 64's content may be anything
    apps = PFI + APP_A + APP_B
    assert _issues(apps + b"\x62\x04\x64\x02\xff\xff") == [
        _i(
            "cpm.transparent_not_tlv",
            ("62", "64"),
            51,
            f"the content of template 64 is not BER-TLV (byte FF at byte 53 in template 62.64 {_NOT_TAG})"
            + _KEPT,
            "warning",
        )
    ]
    # a template inside 64 (E1 at 53, its content at 55) is kept as bytes on its own
    assert _issues(apps + b"\x62\x06\x64\x04\xe1\x02\xff\xff") == [
        _i(
            "cpm.transparent_not_tlv",
            ("62", "64", "E1"),
            53,
            f"the content of template E1 is not BER-TLV (byte FF at byte 55 in template 62.64.E1 {_NOT_TAG})"
            + _KEPT,
            "warning",
        )
    ]


def test_the_first_non_ascii_byte_is_named() -> None:
    # 7F is ASCII (DEL); 80 is the first byte that is not
    assert _raised(b"hQ\x7f\x80") == (
        qrpay.DecodeError,
        "cpm.not_base64",
        (),
        3,
        "byte 80 at offset 3 is not base64 (CPM 5.1.1.2)",
        {"unit": "character"},
    )
