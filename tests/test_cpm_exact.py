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
