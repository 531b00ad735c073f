"""The errors ``qrpay.decode`` raises for text it cannot trust, checked whole (code, class,
path, offset, ctx, message) and the CRC warnings it records (issue 13: codec's mutation
survivors).

Payloads are assembled here: ID/length/value joined by hand and the CRC-16/CCITT-FALSE from
crcmod (EMVCo MPM 4.7.3), so every offset and value below is counted from the text itself.
"""

from __future__ import annotations

from datetime import datetime

import crcmod.predefined
import pytest

import qrpay
from qrpay.errors import DecodeError

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


def whole(err: DecodeError) -> tuple[str, str, tuple[str, ...], int | None, dict[str, object], str]:
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
