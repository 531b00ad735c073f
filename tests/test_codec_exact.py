"""The errors ``qrpay.decode`` raises for text it cannot trust, checked whole (code, class,
path, offset, ctx, message) and the CRC warnings it records (issue 13: codec's mutation
survivors).

Payloads are assembled here: ID/length/value joined by hand and the CRC-16/CCITT-FALSE from
crcmod (EMVCo MPM 4.7.3), so every offset and value below is counted from the text itself.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, cast

import crcmod.predefined
import pytest

import qrpay
from qrpay.codec import require_clock, unencodable
from qrpay.errors import DecodeError, InvalidRequest, QRPayError, ValidationError
from qrpay.tlv import DataObject, LengthUnit

_crc = crcmod.predefined.mkCrcFun("crc-ccitt-false")
#: 00, 01, a UnionPay 15 account, 52, 53, 58, 59, 60 (the CRC follows)
BODY = "000201010211153137210116372101160123456789ABCDE5204599953038405802KH5904SHOP6010Phnom Penh"


def sealed(body: str = BODY) -> str:
    head = body + "6304"
    return head + f"{_crc(head.encode('utf-8')):04X}"


def raised(text: str, *, strict: bool = False) -> DecodeError:
    with pytest.raises(DecodeError) as caught:
        qrpay.decode(text, strict=strict)
    return caught.value


def whole(err: QRPayError) -> tuple[str, str, tuple[str, ...], int | None, dict[str, object], str]:
    return type(err).__name__, err.code, err.path, err.offset, dict(err.ctx), err.message


def test_the_base_payload_is_valid() -> None:
    text = sealed()
    assert qrpay.decode(text).issues == ()


def test_a_wrong_crc() -> None:
    text = sealed()
    good = text[-4:]
    bad = f"{(int(good, 16) + 1) % 0x10000:04X}"
    err = raised(text[:-4] + bad)
    assert whole(err) == (
        "CRCError",
        "crc_mismatch",
        ("63",),
        len(text) - 8,
        {"expected": good, "actual": bad},
        f"CRC is {bad} but the payload's CRC-16/CCITT-FALSE is {good} (EMVCo MPM 4.7.3.1); "
        "the code is damaged or was edited",
    )


def test_a_crc_that_is_not_hex() -> None:
    text = sealed()[:-4] + "12G4"
    assert whole(raised(text)) == (
        "CRCError",
        "crc_format",
        ("63",),
        len(text) - 8,
        {"actual": "12G4"},
        "CRC value '12G4' is not 4 hexadecimal digits (EMVCo MPM 4.7.3.2)",
    )


def _lower_case_body() -> tuple[str, str]:
    """A body whose CRC has a letter A-F (the CRC of BODY + a varying 62/05)."""
    for n in range(100):
        body = BODY + f"62060502{n:02d}"
        crc = f"{_crc((body + '6304').encode('utf-8')):04X}"
        if any(c in "ABCDEF" for c in crc):
            return body, crc
    raise AssertionError("no CRC with a letter")  # pragma: no cover


def test_a_lower_case_crc_is_a_warning_and_kept() -> None:
    body, crc = _lower_case_body()
    text = body + "6304" + crc.lower()
    payload = qrpay.decode(text)
    (issue,) = payload.issues
    assert (issue.code, issue.path, issue.offset, issue.severity) == (
        "crc_lowercase",
        ("63",),
        len(text) - 8,
        "warning",
    )
    assert issue.message == (
        f"CRC {crc.lower()!r} is in lower case; EMVCo MPM 4.7.3.2 requires upper-case A-F "
        "(to_text() keeps it as read; an edit or a builder writes upper case)"
    )
    assert payload.to_text() == text


def test_a_lower_case_crc_under_strict() -> None:
    body, crc = _lower_case_body()
    text = body + "6304" + crc.lower()
    assert whole(raised(text, strict=True)) == (
        "CRCError",
        "crc_lowercase",
        ("63",),
        len(text) - 8,
        {"expected": crc, "actual": crc.lower()},
        f"CRC {crc.lower()!r} is in lower case; EMVCo MPM 4.7.3.2 requires upper-case A-F",
    )


def test_no_crc() -> None:
    text = BODY
    assert whole(raised(text)) == (
        "CRCError",
        "crc_missing",
        ("63",),
        len(text),
        {},
        "there is no CRC (tag 63); every payload ends with '6304' and four hex digits (EMVCo MPM 4.6.1.2, 4.7.3)",
    )


def test_a_crc_that_is_not_last() -> None:
    text = sealed() + "6202AB"
    crc_at = len(BODY)
    assert whole(raised(text)) == (
        "CRCError",
        "crc_not_last",
        ("63",),
        crc_at,
        {},
        f"the CRC (tag 63) at offset {crc_at} is not the last data object; tag 62 follows at offset "
        f"{crc_at + 8} (EMVCo MPM 4.6.1.2)",
    )


def test_a_crc_of_length_05() -> None:
    text = BODY + "630512345"
    assert whole(raised(text)) == (
        "CRCError",
        "crc_length",
        ("63",),
        len(BODY),
        {"actual": 5},
        "the CRC (tag 63) has length 05; it must be 04 (EMVCo MPM Table 3.6)",
    )


def test_a_crc_cut_short() -> None:
    text = BODY + "630412"
    err = raised(text)
    assert (type(err).__name__, err.code, err.path, err.offset) == (
        "CRCError",
        "crc_length",
        ("63",),
        len(BODY),
    )
    assert err.message == (
        "the CRC (tag 63) is cut short: tag 63 declares length 04 but only 2 characters remain in root "
        f"(after tag 60 at offset {len(BODY) - 14}, declared length 10: if that length is wrong, the walk "
        "goes astray here)"
    )


def test_empty_and_too_long_text() -> None:
    assert whole(raised("")) == ("TLVError", "payload_empty", (), 0, {}, "the payload is empty")
    long = "0" * 2954
    assert whole(raised(long)) == (
        "TLVError",
        "payload_too_long",
        (),
        2953,
        {"actual": 2954, "max_length": 2953},
        "the text has 2954 characters; no QR code holds more than 2953 bytes (ISO/IEC 18004, version 40-L), "
        "so this is not a scanned payload",
    )
    # 2953 characters pass the first check; 1477 two-byte characters are 2954 UTF-8 bytes
    wide = "é" * 1477
    assert whole(raised(wide)) == (
        "TLVError",
        "payload_too_long",
        (),
        None,
        {"actual": 2954, "max_length": 2953},
        "the text has 2954 UTF-8 bytes; no QR code holds more than 2953",
    )
    # exactly 2953 bytes (and 2953 characters) fit a symbol: refused later, for what they hold
    assert raised("0" + "é" * 1476).code != "payload_too_long"
    assert raised("0" * 2953).code != "payload_too_long"


@pytest.mark.parametrize(("text", "at"), [(" " + sealed(), 0), (sealed() + "\n", None)])
def test_surrounding_whitespace(text: str, at: int | None) -> None:
    where = len(text) - 1 if at is None else at
    assert whole(raised(text)) == (
        "TLVError",
        "surrounding_whitespace",
        (),
        where,
        {},
        f"the text has surrounding whitespace ({text[where]!r} at offset {where}); a payload starts with "
        "'00' and ends with the CRC — strip what the scanner or clipboard added",
    )


def test_a_lone_surrogate() -> None:
    text = "0002" + "\ud800" + "1"
    err = raised(text)
    assert (type(err).__name__, err.code, err.offset) == ("TLVError", "invalid_text", 4)
    assert err.message.startswith("character 4 is a lone surrogate (U+D800), which has no UTF-8 encoding")


def test_a_naive_clock_is_refused_before_anything_else() -> None:
    with pytest.raises(TypeError):
        qrpay.decode("", now=datetime(2026, 1, 1))


def test_text_ending_in_half_a_header() -> None:
    err = raised(BODY + "63")
    assert whole(err)[:5] == (
        "TLVError",
        "tlv_truncated",
        (),
        len(BODY),
        {"actual": "63", "previous_tag": "60", "previous_offset": len(BODY) - 14},
    )
    assert err.message.startswith(
        "root ends with '63', too short for an ID and a length (4 digits, EMVCo MPM 4.1)"
    )


def test_a_repeated_00_inside_a_merchant_account_is_a_duplicate_tag() -> None:
    """EMVCo MPM 4.3.1.2: an ID occurs once in a template. The repeat comes after other IDs,
    in a printable-ASCII payload (decode's screen once let it through)."""
    body = (
        "000201010211"
        "2640" + "0012hk.com.hkicl" + "0103004" + "0013+852-87654321"
        "52040000"
        "5303344"
        "54041.23"
        "5802HK"
        "5902NA"
        "6002HK"
    )
    text = sealed(body)
    found = [(i.code, i.path, i.offset, i.severity) for i in qrpay.decode(text).issues if i.scheme is None]
    assert found == [("duplicate_tag", ("26", "00"), 39, "error")]


# --- the rest of codec (issue 13, second pass): what is not a payload, lengths in other
# units, templates, three-digit CRCs, the clock, the entry points, encode and unencodable.

#: BODY's pieces: 00, 01, the UnionPay account 15, and 52 to 60
START = "000201010211"
ACCOUNT15 = "153137210116372101160123456789ABCDE"
REST = "5204599953038405802KH5904SHOP6010Phnom Penh"
#: BODY without 59 and 60 (the length-unit tests write those in other units)
HEAD = START + ACCOUNT15 + "5204599953038405802KH"
NOT_EMV_TAIL = (
    "not an EMVCo merchant-presented payload (which starts with '000201' and ends with a '6304' CRC)"
)
NOT_AN_ID = "does not start with an EMVCo data object ID and length (a merchant-presented payload starts with '000201')"
ASTRAY = "if that length is wrong, the walk goes astray here"
SURROGATE_RULE = "which has no UTF-8 form; payload text is Unicode encoded as UTF-8 (EMVCo MPM 1.4.3)"


def t(tag: str, value: str) -> str:
    """One data object, its length in characters (EMVCo MPM 4.4.1.1)."""
    return f"{tag}{len(value):02d}{value}"


def tb(tag: str, value: str) -> str:
    """One data object, its length in UTF-8 bytes (as byte-counting generators write it)."""
    return f"{tag}{len(value.encode('utf-8')):02d}{value}"


def tu(tag: str, value: str) -> str:
    """One data object, its length in UTF-16 code units (JavaScript's String.length)."""
    return f"{tag}{len(value.encode('utf-16-le')) // 2:02d}{value}"


def as_tuple(issue: qrpay.Issue) -> tuple[object, ...]:
    """An issue whole (Issue's own equality leaves ctx out)."""
    return (
        issue.code,
        issue.path,
        issue.offset,
        issue.message,
        issue.severity,
        issue.scheme,
        dict(issue.ctx),
    )


def issues_with(text: str, code: str, *, strict: bool = False) -> list[tuple[object, ...]]:
    return [as_tuple(i) for i in qrpay.decode(text, strict=strict).issues if i.code == code]


def test_the_pieces_make_the_base_body() -> None:
    assert START + ACCOUNT15 + REST == BODY
    assert HEAD + "5904SHOP6010Phnom Penh" == BODY


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("wxp://f2f0abcdefghijklmnop", "a WeChat Pay payment URL (wxp://)"),
        ("https://qr.alipay.com/fkx12345", "an Alipay payment URL"),
        # a byte-order mark or zero-width space before the text is stripped before naming it
        ("\ufeffwxp://f2f0abc", "a WeChat Pay payment URL (wxp://)"),
        ("https://qr.alipay.com/fkx12345\u200b", "an Alipay payment URL"),
        # URL schemes and host names ignore case (RFC 3986 3.1, 3.2.2), and QR encoders write
        # URLs in upper case to use the alphanumeric mode (ISO/IEC 18004 7.4.4: no lower case)
        ("HTTPS://QR.ALIPAY.COM/FKX12345", "an Alipay payment URL"),
        ("WXP://F2F0ABC", "a WeChat Pay payment URL (wxp://)"),
    ],
)
def test_a_known_other_code_is_named(text: str, kind: str) -> None:
    assert whole(raised(text)) == (
        "DecodeError",
        "not_emv",
        (),
        0,
        {"kind": kind},
        f"this is {kind}, {NOT_EMV_TAIL}",
    )


@pytest.mark.parametrize(
    ("text", "preview"),
    [
        ("hello", "'hello'"),
        # the preview is the first 24 characters; an ellipsis only when more follow
        ("ABCDEFGHIJKLMNOPQRSTUVWX", "'ABCDEFGHIJKLMNOPQRSTUVWX'"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXY", "'ABCDEFGHIJKLMNOPQRSTUVWX…'"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123", "'ABCDEFGHIJKLMNOPQRSTUVWX…'"),
        # digits, but not ASCII ones (Arabic-Indic 000201): no EMVCo ID is written so
        ("\u0660\u0660\u0660\u0662\u0660\u0661", "'\u0660\u0660\u0660\u0662\u0660\u0661'"),
    ],
)
def test_text_that_does_not_start_with_an_id_and_length(text: str, preview: str) -> None:
    assert whole(raised(text)) == ("DecodeError", "not_emv", (), 0, {}, f"text {preview} {NOT_AN_ID}")


def test_four_ascii_digits_then_other_text_is_a_tlv_error_not_a_not_emv() -> None:
    # "0002" is an ID and a length; the value is cut short. The UTF-8 walk reads 00 = "é"
    # (2 bytes) but finds no CRC after it, so the character walk's error stands.
    assert whole(raised("0002é")) == (
        "TLVError",
        "tlv_truncated",
        ("00",),
        0,
        {"declared": 2, "available": 1},
        "tag 00 declares length 02 but only 1 characters remain in root",
    )


def test_byte_lengths_that_do_not_end_with_the_crc_are_not_taken() -> None:
    # In UTF-8 bytes this walks (00 = "é", 99 = "ABCD", the last object 8 characters
    # from the end) but the last object is not 63: the character walk's error stands.
    assert whole(raised("0002é9904ABCD")) == (
        "TLVError",
        "tlv_bad_length",
        ("90",),
        6,
        {"actual": "4A", "previous_tag": "00", "previous_offset": 0},
        f"length '4A' of tag 90 is not two digits 00-99 (EMVCo MPM 4.1) (after tag 00 at offset 0, "
        f"declared length 02: {ASTRAY})",
    )


@pytest.mark.parametrize(("text", "shown"), [("   ", "' '"), ("\u200b", "'\\u200b'"), ("\t\n", "'\\t'")])
def test_nothing_but_whitespace(text: str, shown: str) -> None:
    assert whole(raised(text)) == (
        "TLVError",
        "surrounding_whitespace",
        (),
        0,
        {},
        f"the text has surrounding whitespace ({shown} at offset 0); a payload starts with '00' and ends "
        "with the CRC — strip what the scanner or clipboard added",
    )


def test_bytes_that_are_not_utf8_and_values_that_are_not_text() -> None:
    assert whole(raised(cast(Any, b"000201\xff"))) == (
        "DecodeError",
        "not_utf8",
        (),
        None,
        {"byte_offset": 6},
        "the bytes are not valid UTF-8 at byte 6 (EMVCo MPM 1.4.3 encodes text as UTF-8)",
    )
    assert whole(raised(cast(Any, 12))) == (
        "DecodeError",
        "not_text",
        (),
        None,
        {},
        "expected payload text (str), got int",
    )


def test_lengths_in_utf8_bytes() -> None:
    # 59 = "Café" is 4 characters, 5 UTF-8 bytes. Read in characters, 59 takes "Café6" and
    # the walk meets "010P" at 59's offset + 9: ID 01 with length "0P".
    text = sealed(HEAD + tb("59", "Café") + tb("60", "Phnom Penh"))
    at = len(HEAD)
    failure = (
        f"length '0P' of tag 01 is not two digits 00-99 (EMVCo MPM 4.1) (after tag 59 at offset {at}, "
        f"declared length 05: {ASTRAY})"
    )
    message = (
        "lengths count UTF-8 bytes, not characters as EMVCo MPM 4.4.1.1 requires; read in UTF-8 bytes "
        f"because the character walk fails ({failure})"
    )
    payload = qrpay.decode(text)
    assert [as_tuple(i) for i in payload.issues if i.code.startswith("length_unit")] == [
        ("length_unit_bytes", (), None, message, "warning", None, {"unit": "utf8_bytes"})
    ]
    assert (payload.length_unit, payload.value("59"), payload.value("60")) == (
        LengthUnit.UTF8_BYTES,
        "Café",
        "Phnom Penh",
    )
    assert whole(raised(text, strict=True)) == ("TLVError", "length_unit_bytes", ("01",), at + 9, {}, message)


def test_lengths_in_utf16_units() -> None:
    # U+10000, the first character outside the BMP: one character, two UTF-16 units, four
    # UTF-8 bytes. 59 = "A" + U+10000 is 3 units; read in characters 59 takes "A", U+10000
    # and "6", and meets "010P"; read in UTF-8 bytes, 3 bytes split U+10000.
    text = sealed(HEAD + tu("59", "A\U00010000") + tu("60", "Phnom Penh"))
    at = len(HEAD)
    failure = (
        f"length '0P' of tag 01 is not two digits 00-99 (EMVCo MPM 4.1) (after tag 59 at offset {at}, "
        f"declared length 03: {ASTRAY})"
    )
    message = (
        "lengths count UTF-16 code units, not characters as EMVCo MPM 4.4.1.1 requires; read in UTF-16 "
        f"code units because the character walk fails ({failure})"
    )
    payload = qrpay.decode(text)
    assert [as_tuple(i) for i in payload.issues if i.code.startswith("length_unit")] == [
        ("length_unit_utf16", (), None, message, "warning", None, {"unit": "utf16_units"})
    ]
    assert (payload.length_unit, payload.value("59")) == (LengthUnit.UTF16_UNITS, "A\U00010000")
    assert whole(raised(text, strict=True)) == ("TLVError", "length_unit_utf16", ("01",), at + 7, {}, message)


def test_templates_in_a_payload_read_in_utf8_bytes() -> None:
    # 02 (primitive by allocation) holds 00 = "Café!" (6 bytes); 62 holds 05 and the
    # payment-system template 50 (Table 4.3), itself holding 00
    before_62 = (
        START
        + tb("02", "0006Café!")
        + ACCOUNT15
        + "5204599953038405802KH"
        + tb("59", "Café")
        + tb("60", "Phnom Penh")
    )
    text = sealed(before_62 + tb("62", t("05", "ABC") + t("50", t("00", "TEST"))))
    payload = qrpay.decode(text)
    assert payload.length_unit is LengthUnit.UTF8_BYTES
    assert payload.get("02") == DataObject(
        "02", "0006Café!", 12, ("02",), (DataObject("00", "Café!", 16, ("02", "00"), None),)
    )
    at = len(before_62)
    assert payload.get(("62", "50")) == DataObject(
        "50",
        "0004TEST",
        at + 11,
        ("62", "50"),
        (DataObject("00", "TEST", at + 15, ("62", "50", "00"), None),),
    )


def test_a_primitive_id_holding_a_template_is_read_as_one() -> None:
    # 02 holds "0004ABCD" (sub-ID 00 = "ABCD"); the other templates are read as usual:
    # 62 keeps its payment-system template 50, and 59 (not 02-25) stays a plain value
    before_62 = START + "02080004ABCD" + ACCOUNT15 + "5204599953038405802KH" + "59080004SHOP6010Phnom Penh"
    text = sealed(before_62 + t("62", t("50", t("00", "TEST"))))
    payload = qrpay.decode(text)
    assert payload.get("02") == DataObject(
        "02", "0004ABCD", 12, ("02",), (DataObject("00", "ABCD", 16, ("02", "00"), None),)
    )
    at = len(before_62)
    assert payload.get(("62", "50", "00")) == DataObject("00", "TEST", at + 8, ("62", "50", "00"), None)
    assert payload.get("59") == DataObject("59", "0004SHOP", before_62.index("5908"), ("59",), None)


def test_id_25_holding_a_template() -> None:
    text = sealed(START + ACCOUNT15 + "25080004ABCD" + REST)
    at = len(START + ACCOUNT15)
    assert qrpay.decode(text).get("25") == DataObject(
        "25", "0004ABCD", at, ("25",), (DataObject("00", "ABCD", at + 4, ("25", "00"), None),)
    )


def test_malformed_templates() -> None:
    at = len(BODY)
    # 62 and 64 are errors, as is the ID 'AB' inside 62 at its value's start
    assert issues_with(sealed(BODY + "6204ABCD"), "template_malformed") == [
        (
            "template_malformed",
            ("62",),
            at,
            f"value of tag 62 is not ID/length/value data (ID 'AB' in template 62 is not two digits 00-99 "
            f"(EMVCo MPM 4.1) at offset {at + 4}); EMVCo defines it as a template",
            "error",
            None,
            {"cause": "tlv_bad_tag", "cause_offset": at + 4},
        )
    ]
    # a merchant account template (26-51) is kept as a raw value, with a warning
    assert issues_with(sealed(BODY + "2604ABCD"), "template_malformed") == [
        (
            "template_malformed",
            ("26",),
            at,
            f"value of tag 26 is not ID/length/value data (ID 'AB' in template 26 is not two digits 00-99 "
            f"(EMVCo MPM 4.1) at offset {at + 4}); EMVCo defines it as a template; kept as a raw value",
            "warning",
            None,
            {"cause": "tlv_bad_tag", "cause_offset": at + 4},
        )
    ]
    # 62 parses; its payment-system template 50 does not, and is named by its own path
    assert issues_with(sealed(BODY + "62085004ABCD"), "template_malformed") == [
        (
            "template_malformed",
            ("62", "50"),
            at + 4,
            f"value of tag 62.50 is not ID/length/value data (ID 'AB' in template 62.50 is not two digits "
            f"00-99 (EMVCo MPM 4.1) at offset {at + 8}); EMVCo defines it as a template; kept as a raw value",
            "warning",
            None,
            {"cause": "tlv_bad_tag", "cause_offset": at + 8},
        )
    ]


def _short_crc_body() -> tuple[str, int]:
    """A body whose CRC is below 0x1000 (BODY + a varying 62/05; crcmod)."""
    for n in range(1000):
        body = BODY + t("62", t("05", f"{n:03d}"))
        crc = _crc((body + "6304").encode("utf-8"))
        if crc < 0x1000:
            return body, crc
    raise AssertionError("no CRC below 0x1000")  # pragma: no cover


@pytest.mark.parametrize(
    ("field", "form"), [("6304", "its length still says 04"), ("6303", "its length says 03")]
)
def test_a_crc_with_three_digits(field: str, form: str) -> None:
    body, crc = _short_crc_body()
    digits, canonical = f"{crc:03X}", f"{crc:04X}"
    text = body + field + digits
    message = (
        f"CRC {digits!r} has three hex digits, {form}: the leading zero of {canonical} was dropped "
        "(EMVCo MPM 4.7.3.2 writes four); it matches CRC-16/CCITT-FALSE read as a number"
    )
    payload = qrpay.decode(text)
    assert [as_tuple(i) for i in payload.issues] == [
        (
            "crc_three_digits",
            ("63",),
            len(body),
            message + "; to_text() keeps it as read, an edit or a builder writes four digits",
            "warning",
            None,
            {"expected": canonical, "actual": digits, "field": field + digits},
        )
    ]
    # the payload keeps the CRC as written (docs/adr/0003)
    as_written = DataObject("63", digits, len(body), ("63",), None)
    assert (payload.objects[-1], payload.get("63"), payload.to_text()) == (as_written, as_written, text)
    assert whole(raised(text, strict=True)) == (
        "CRCError",
        "crc_three_digits",
        ("63",),
        len(body),
        {"expected": canonical, "actual": digits},
        message,
    )


def test_a_three_digit_crc_in_eight_characters() -> None:
    # CRC-16/CCITT-FALSE of "C6304" is 0x0A71, so "C6304A71" ends with a valid three-digit CRC
    assert _crc(b"C6304") == 0x0A71
    assert whole(raised("C6304A71", strict=True)) == (
        "CRCError",
        "crc_three_digits",
        ("63",),
        1,
        {"expected": "0A71", "actual": "A71"},
        "CRC 'A71' has three hex digits, its length still says 04: the leading zero of 0A71 was dropped "
        "(EMVCo MPM 4.7.3.2 writes four); it matches CRC-16/CCITT-FALSE read as a number",
    )


def test_three_characters_after_6304_that_are_not_hex() -> None:
    text = BODY + "630412G"
    assert whole(raised(text)) == (
        "CRCError",
        "crc_length",
        ("63",),
        len(BODY),
        {},
        "the CRC (tag 63) is cut short: tag 63 declares length 04 but only 3 characters remain in root "
        f"(after tag 60 at offset {len(BODY) - 14}, declared length 10: {ASTRAY})",
    )


def test_a_text_that_is_only_a_crc() -> None:
    # eight characters: the CRC is checked over "6304" (CRC-16/CCITT-FALSE 0x6007, crcmod)
    expected = f"{_crc(b'6304'):04X}"
    assert whole(raised("63041234")) == (
        "CRCError",
        "crc_mismatch",
        ("63",),
        0,
        {"expected": expected, "actual": "1234"},
        f"CRC is 1234 but the payload's CRC-16/CCITT-FALSE is {expected} (EMVCo MPM 4.7.3.1); the code is "
        "damaged or was edited",
    )
    assert qrpay.decode(sealed("")).objects == (DataObject("63", expected, 0, ("63",), None),)


CLOCK = "now must be an aware datetime such as datetime.now(timezone.utc), not "


def test_require_clock() -> None:
    aware = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert require_clock(aware) is aware
    assert require_clock(None) is None
    refused: list[tuple[object, str | None, str]] = [
        (
            datetime(2026, 1, 1),
            None,
            "a naive datetime datetime.datetime(2026, 1, 1, 0, 0) (no tzinfo); qrpay does not guess the time zone",
        ),
        ("2026-01-01", "qrpay.build", "str '2026-01-01' (qrpay.build)"),
        (1767225600, None, "int 1767225600"),
        (1767225600, "", "int 1767225600"),
    ]
    for now, owner, problem in refused:
        with pytest.raises(TypeError) as caught:
            require_clock(now, owner)
        assert str(caught.value) == CLOCK + problem
    with pytest.raises(TypeError) as caught:
        qrpay.decode(sealed(), now=cast(Any, "2026-01-01"))
    assert str(caught.value) == CLOCK + "str '2026-01-01'"


#: a dynamic KHQR (docs/schemes/khqr.md) created 2099-12-31 and expiring 2100-01-01T00:00:00Z:
#: 4102444800000 ms = (130 years of 365 days + 32 leap days) x 86400 s x 1000
KHQR_BEFORE_99 = (
    "000201010212"
    + t("29", t("00", "john_smith@aclb") + t("01", "855123") + t("02", "ACLEDA"))
    + "52045999530311654031005802KH"
    + t("59", "John Smith")
    + t("60", "Phnom Penh")
)
KHQR = sealed(KHQR_BEFORE_99 + t("99", t("00", "4102358400000") + t("01", "4102444800000")))
BEFORE = datetime(2099, 12, 31, 12, tzinfo=timezone.utc)
AFTER = datetime(2100, 1, 1, 0, 0, 1, tzinfo=timezone.utc)
EXPIRED = (
    "khqr.expired",
    ("99", "01"),
    len(KHQR_BEFORE_99) + 4 + 17,
    "this dynamic KHQR expired at 2100-01-01T00:00:00+00:00 (clock: 2100-01-01T00:00:01+00:00)",
    "error",
    "khqr",
    {"expires_at": "2100-01-01T00:00:00+00:00"},
)


def test_every_entry_point_passes_the_clock_to_the_schemes() -> None:
    # the real clock is before 2100: only the clock given makes the code expired
    assert qrpay.decode(KHQR, now=BEFORE).issues == ()
    assert [as_tuple(i) for i in qrpay.decode(KHQR, now=AFTER).issues] == [EXPIRED]
    assert [as_tuple(i) for i in qrpay.check(KHQR, now=AFTER)] == [EXPIRED]
    assert qrpay.check(KHQR, now=BEFORE) == []
    with pytest.raises(ValidationError) as caught:
        qrpay.validate(KHQR, now=AFTER)
    assert [as_tuple(i) for i in caught.value.issues] == [EXPIRED]
    assert qrpay.validate(KHQR, now=BEFORE).to_text() == KHQR
    assert (qrpay.is_valid(KHQR, now=AFTER), qrpay.is_valid(KHQR, now=BEFORE)) == (False, True)


def test_check_returns_a_refusal_as_one_issue() -> None:
    assert [as_tuple(i) for i in qrpay.check("")] == [
        ("payload_empty", (), 0, "the payload is empty", "error", None, {})
    ]
    text = sealed()
    good = text[-4:]
    bad = "0000" if good != "0000" else "0001"
    assert [as_tuple(i) for i in qrpay.check(text[:-4] + bad)] == [
        (
            "crc_mismatch",
            ("63",),
            len(text) - 8,
            f"CRC is {bad} but the payload's CRC-16/CCITT-FALSE is {good} (EMVCo MPM 4.7.3.1); the code is "
            "damaged or was edited",
            "error",
            None,
            {"expected": good, "actual": bad},
        )
    ]


def test_detect_takes_text_or_a_payload() -> None:
    # 29/00 "name@bank" is a KHQR account (docs/schemes/khqr.md)
    assert qrpay.detect(KHQR) == ("khqr",)
    assert qrpay.detect(qrpay.decode(KHQR)) == ("khqr",)


def test_encode_refuses_what_is_not_a_payload() -> None:
    with pytest.raises(InvalidRequest) as caught:
        qrpay.encode(cast(Any, "000201"))
    assert whole(caught.value) == (
        "InvalidRequest",
        "not_a_payload",
        (),
        None,
        {},
        "encode() takes a Payload (use qrpay.build(...) or qrpay.decode(text)), not str",
    )


def test_encode_refuses_a_hand_made_payload_with_no_utf8_form() -> None:
    # a lone surrogate in a value: the value is named
    payload = qrpay.Payload((DataObject("00", "01", 0, ("00",)), DataObject("59", "x\ud800", 6, ("59",))))
    with pytest.raises(InvalidRequest) as caught:
        qrpay.encode(payload)
    assert whole(caught.value) == (
        "InvalidRequest",
        "invalid_text",
        ("59",),
        None,
        {"actual": "U+D800", "index": 1},
        f"tag 59: character 1 of 'x\\ud800' is a lone surrogate (U+D800), {SURROGATE_RULE}",
    )
    # a lone surrogate in an ID (no value holds it): the text as a whole is refused
    payload = qrpay.Payload((DataObject("5\ud800", "x", 0, ("5\ud800",)),))
    with pytest.raises(InvalidRequest) as caught:
        qrpay.encode(payload)
    assert whole(caught.value) == (
        "InvalidRequest",
        "invalid_text",
        (),
        None,
        {},
        "the payload text has no UTF-8 form",
    )


def test_unencodable_names_the_first_value_with_a_lone_surrogate() -> None:
    child = DataObject("07", "a\ud800b", 10, ("62", "07"))
    template = DataObject(
        "62", "0502ok0703a\ud800b", 0, ("62",), (DataObject("05", "ok", 4, ("62", "05")), child)
    )
    expected = (
        "InvalidRequest",
        "invalid_text",
        ("62", "07"),
        None,
        {"actual": "U+D800", "index": 1},
        f"tag 62.07: character 1 of 'a\\ud800b' is a lone surrogate (U+D800), {SURROGATE_RULE}",
    )
    err = unencodable([template])
    assert err is not None and whole(err) == expected
    # the label names the path (the builder names its keyword)
    err = unencodable([template], lambda path: "field " + "/".join(path))
    assert err is not None
    assert (
        err.message
        == f"field 62/07: character 1 of 'a\\ud800b' is a lone surrogate (U+D800), {SURROGATE_RULE}"
    )
    # a template whose children are all fine does not stop the search
    clean = DataObject("62", "0502ok", 0, ("62",), (DataObject("05", "ok", 4, ("62", "05")),))
    err = unencodable([clean, DataObject("59", "\udfffz", 10, ("59",))])
    assert err is not None and whole(err) == (
        "InvalidRequest",
        "invalid_text",
        ("59",),
        None,
        {"actual": "U+DFFF", "index": 0},
        f"tag 59: character 0 of '\\udfffz' is a lone surrogate (U+DFFF), {SURROGATE_RULE}",
    )
    assert unencodable([clean, DataObject("59", "fine", 10, ("59",))]) is None


@pytest.mark.parametrize("value", ["é123", "\U0001f600123"])
def test_a_crc_of_four_characters_that_are_five_bytes_or_units(value: str) -> None:
    # Read in characters, 63 (length 05) is cut short; read in UTF-8 bytes ("é" is 2) or
    # UTF-16 units (U+1F600 is 2) it is the last object, 8 characters from the end. Its
    # four characters are not "6304" + four hex digits, so the CRC was never checked.
    assert whole(raised(BODY + "6305" + value)) == (
        "CRCError",
        "crc_format",
        ("63",),
        len(BODY),
        {"actual": value},
        f"CRC value {value!r} is not 4 hexadecimal digits (EMVCo MPM 4.7.3.2)",
    )
