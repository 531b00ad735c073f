"""DuitNow rules, view, descriptions and relaxations, each checked whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message,
ctx) on a payload assembled here: the ID/length/value text is written by ``t`` and its
CRC by crcmod's CRC-16/CCITT-FALSE, and each offset is found by ``locate``, a walk over
the characters written here. Expected messages and values are transcribed from PayNet's
DuitNow QR Generation Specification V1.5 "QR Data Object" page as summarised in
docs/schemes/duitnow.md (limits: 26/01 <= 6, 26/02 letters and digits <= 28, 26/03 <= 20,
26/04 <= 15, 62/10 <= 15, 62/90 <= 20, 62/91 <= 30, 62/92 <= 35, 61 five digits, 01 and
52 mandatory, 00 = "02", 27 RFU, 82 a hexadecimal hash, JomPAY acquirer 898989 needs
62/90) and from the messages the rules table promises (the value and the rule named).

The helpers ``t``, ``code``, ``locate`` and ``scheme_issues`` are shared with the other
tests/schemes/test_*_exact.py files.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import crcmod.predefined
import pytest

import qrpay
from qrpay.schemes import duitnow
from qrpay.schemes._base import Relaxation

_crc16 = crcmod.predefined.mkCrcFun("crc-ccitt-false")


def t(tag: str, value: str) -> str:
    """One data object: ID, two-digit length, value."""
    return f"{tag}{len(value):02d}{value}"


def code(*objects: str) -> str:
    """The objects followed by 63 with its CRC-16/CCITT-FALSE."""
    body = "".join(objects) + "6304"
    return body + f"{_crc16(body.encode('utf-8')):04X}"


def locate(text: str, path: tuple[str, ...]) -> int:
    """Character offset of the data object at ``path``, by a walk written here."""
    start, end, found = 0, len(text), -1
    for tag in path:
        i, found = start, -1
        while i < end:
            size = int(text[i + 2 : i + 4])
            if text[i : i + 2] == tag:
                found, start, end = i, i + 4, i + 4 + size
                break
            i += 4 + size
        assert found >= 0, path
    return found


def all_issues(text: str) -> list[tuple[Any, ...]]:
    """Every issue of the decoded text, each as (code, path, offset, severity, message, ctx)."""
    return [(i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx)) for i in qrpay.decode(text).issues]


def scheme_issues(text: str, scheme: str) -> list[tuple[Any, ...]]:
    """The scheme's issues, each as (code, path, offset, severity, message, ctx)."""
    return [
        (i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx))
        for i in qrpay.decode(text).issues
        if i.scheme == scheme
    ]


AID = "A0000006150001"
ACCOUNT = t("00", AID) + t("01", "501664") + t("02", "123456789")
TAIL = t("52", "5999") + t("53", "458") + t("58", "MY") + t("59", "QRCSDNBHD") + t("60", "BANGI")


def duitnow_code(
    *,
    pfi: str = "02",
    poi: str | None = "11",
    account: str = ACCOUNT,
    mcc: str | None = "5999",
    account_tag: str = "26",
    extra: dict[str, str] | None = None,
) -> str:
    """A DuitNow code built like PayNet's retail example, with changes; ``extra`` adds root tags."""
    objects = {"00": pfi, account_tag: account, "53": "458", "58": "MY", "59": "QRCSDNBHD", "60": "BANGI"}
    if poi is not None:
        objects["01"] = poi
    if mcc is not None:
        objects["52"] = mcc
    objects.update(extra or {})
    return code(*(t(tag, objects[tag]) for tag in sorted(objects)))


def test_the_base_code_is_clean() -> None:
    assert list(qrpay.decode(duitnow_code()).issues) == []
    assert qrpay.detect(duitnow_code()) == ("duitnow",)


def test_payload_format_not_02() -> None:
    text = duitnow_code(pfi="01")
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.payload_format",
            ("00",),
            0,
            "error",
            "Payload Format Indicator is '01'; DuitNow QR codes carry \"02\" (PayNet QR Data Object)",
            {"actual": "01"},
        )
    ]


def test_point_of_initiation_and_mcc_are_mandatory() -> None:
    text = duitnow_code(poi=None, mcc=None)
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.missing_field",
            ("01",),
            None,
            "error",
            "no tag 01 (Point of Initiation Method), which DuitNow makes mandatory (PayNet QR Data Object)",
            {},
        ),
        (
            "duitnow.missing_field",
            ("52",),
            None,
            "error",
            "no tag 52 (Merchant Category Code), which DuitNow makes mandatory (PayNet QR Data Object)",
            {},
        ),
    ]


def test_postal_code_five_digits() -> None:
    assert scheme_issues(duitnow_code(extra={"61": "43650"}), "duitnow") == []
    text = duitnow_code(extra={"61": "4365A"})
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.postal_code",
            ("61",),
            locate(text, ("61",)),
            "error",
            "postal code '4365A' must be 5 digits (PayNet QR Data Object)",
            {"actual": "4365A"},
        )
    ]


def test_tag_27_is_rfu() -> None:
    text = duitnow_code(extra={"27": t("00", "A000000999") + t("01", "X")})
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.tag_27",
            ("27",),
            locate(text, ("27",)),
            "warning",
            "tag 27 is RFU in DuitNow QR (merchant account information is tag 26); a reader ignores it",
            {},
        )
    ]


@pytest.mark.parametrize(
    ("sub", "name", "limit"),
    [("10", "merchant tax ID", 15), ("90", "RRN", 20), ("91", "RRN2", 30), ("92", "geo coordinates", 35)],
)
def test_62_limits_at_and_past_the_limit(sub: str, name: str, limit: int) -> None:
    at_limit = duitnow_code(extra={"62": t("01", "INV1") + t(sub, "1" * limit)})
    assert scheme_issues(at_limit, "duitnow") == []
    text = duitnow_code(extra={"62": t("01", "INV1") + t(sub, "1" * (limit + 1))})
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.value_too_long",
            ("62", sub),
            locate(text, ("62", sub)),
            "error",
            f"62.{sub} ({name}) has {limit + 1} characters; DuitNow allows at most {limit}",
            {"actual": limit + 1, "max_length": limit},
        )
    ]


def test_jompay_needs_the_rrn() -> None:
    jompay = t("00", AID) + t("01", "898989") + t("02", "1234")
    assert scheme_issues(duitnow_code(account=jompay, extra={"62": t("90", "0124")}), "duitnow") == []
    assert scheme_issues(duitnow_code(account=jompay), "duitnow") == [
        (
            "duitnow.jompay_rrn",
            ("62", "90"),
            None,
            "error",
            "a JomPAY code (acquirer ID 898989) needs the RRN in 62.90 (PayNet QR Data Object)",
            {},
        )
    ]


def test_integrity_check_not_hexadecimal() -> None:
    assert scheme_issues(duitnow_code(extra={"82": "7FFC1ac0"}), "duitnow") == []
    text = duitnow_code(extra={"82": "7FFC1XYZ"})
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.integrity_check",
            ("82",),
            locate(text, ("82",)),
            "warning",
            "tag 82 (data integrity check) is '7FFC1XYZ'; every real DuitNow code has a hexadecimal hash there",
            {"actual": "7FFC1XYZ"},
        )
    ]


def test_account_not_in_tag_26() -> None:
    text = duitnow_code(account_tag="28")
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.account_tag",
            ("28",),
            locate(text, ("28",)),
            "error",
            "the DuitNow merchant account is in tag 28; PayNet allocates tag 26 (27 is RFU)",
            {"actual": "28"},
        )
    ]


def test_acquirer_id_missing_empty_and_too_long() -> None:
    text = duitnow_code(account=t("00", AID) + t("02", "123456789"))
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.acquirer_id",
            ("26", "01"),
            None,
            "error",
            "the DuitNow acquirer ID (26.01) is missing; it is mandatory, at most 6 characters",
            {},
        )
    ]
    for value in ("", "5016640"):
        text = duitnow_code(account=t("00", AID) + t("01", value) + t("02", "123456789"))
        assert scheme_issues(text, "duitnow") == [
            (
                "duitnow.acquirer_id",
                ("26", "01"),
                locate(text, ("26", "01")),
                "error",
                f"the DuitNow acquirer ID (26.01) is {value!r}; it is mandatory, at most 6 characters",
                {},
            )
        ]


def test_acquirer_not_in_the_directory() -> None:
    # "5" (one character, within the length rule) and "999999" are not in PayNet's table
    for value in ("5", "999999"):
        text = duitnow_code(account=t("00", AID) + t("01", value) + t("02", "123456789"))
        assert scheme_issues(text, "duitnow") == [
            (
                "duitnow.acquirer_unknown",
                ("26", "01"),
                locate(text, ("26", "01")),
                "warning",
                f"acquirer ID {value!r} is not in PayNet's acquirer directory as bundled "
                "(qrpay/data/duitnow_acquirers.json); new participants join over time",
                {"actual": value},
            )
        ]


def test_qr_id_missing_and_not_alphanumeric() -> None:
    text = duitnow_code(account=t("00", AID) + t("01", "501664"))
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.qr_id",
            ("26", "02"),
            None,
            "error",
            "the DuitNow QR ID (26.02) is missing; it is mandatory, letters and digits, at most 28",
            {},
        )
    ]
    for value in ("ABC-1", "A" * 29):
        text = duitnow_code(account=t("00", AID) + t("01", "501664") + t("02", value))
        assert scheme_issues(text, "duitnow") == [
            (
                "duitnow.qr_id",
                ("26", "02"),
                locate(text, ("26", "02")),
                "error",
                f"the DuitNow QR ID (26.02) is {value!r}; it is mandatory, letters and digits, at most 28",
                {},
            )
        ]
    assert (
        scheme_issues(duitnow_code(account=t("00", AID) + t("01", "501664") + t("02", "A" * 28)), "duitnow")
        == []
    )


def test_descriptor_and_mobile_limits() -> None:
    at_limit = ACCOUNT + t("03", "D" * 20) + t("04", "6" * 15)
    assert scheme_issues(duitnow_code(account=at_limit), "duitnow") == []
    text = duitnow_code(account=ACCOUNT + t("03", "D" * 21) + t("04", "6" * 16))
    assert scheme_issues(text, "duitnow") == [
        (
            "duitnow.value_too_long",
            ("26", "03"),
            locate(text, ("26", "03")),
            "error",
            "26.03 (merchant descriptor) has 21 characters; DuitNow allows at most 20",
            {"actual": 21, "max_length": 20},
        ),
        (
            "duitnow.value_too_long",
            ("26", "04"),
            locate(text, ("26", "04")),
            "error",
            "26.04 (mobile number) has 16 characters; DuitNow allows at most 15",
            {"actual": 16, "max_length": 15},
        ),
    ]


def test_view_every_field() -> None:
    account = ACCOUNT + t("03", "KEDAI") + t("04", "60123456789") + t("05", "X1")
    extra = {
        "54": "10.00",
        "62": t("90", "0124") + t("91", "0075524") + t("92", "3.1,101.6"),
        "82": "ABCDEF01",
    }
    got = duitnow.view(qrpay.decode(duitnow_code(account=account, mcc="0000", extra=extra)))
    assert got == duitnow.DuitNowView(
        account=duitnow.DuitNowAccount("26", "501664", "123456789", "KEDAI", "60123456789", {"05": "X1"}),
        payload_format="02",
        merchant_category_code="0000",
        amount=Decimal("10.00"),
        rrn="0124",
        rrn2="0075524",
        geo_coordinates="3.1,101.6",
        integrity_check="ABCDEF01",
    )
    assert got.account is not None
    assert got.account.acquirer == duitnow.Acquirer("501664", "Affin Bank Berhad", "PHBMMYKL", "bank")
    assert got.is_person_to_person and not got.is_cash_out and not got.account.is_jompay


def test_view_without_a_duitnow_account() -> None:
    other = code(
        t("00", "01"),
        t("01", "11"),
        t("26", t("00", "A000000677010111") + t("01", "0812345678")),
        t("53", "764"),
        t("58", "TH"),
    )
    got = duitnow.view(qrpay.decode(other))
    assert got.account is None
    assert (got.rrn, got.rrn2, got.geo_coordinates, got.integrity_check) == (None, None, None, None)


def test_describe() -> None:
    describe = duitnow.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(duitnow_code(extra={"62": t("01", "INV1")}))
    assert describe(payload, ("82",), "ABCD") == "PayNet data integrity check (a hash)"
    assert describe(payload, ("00",), "02") == "DuitNow QR (PayNet) payload format 02"
    assert describe(payload, ("00",), "01") is None
    assert describe(payload, ("26", "01"), "501664") == "Affin Bank Berhad"
    assert describe(payload, ("26", "01"), "999999") is None
    assert describe(payload, ("62", "01"), "INV1") is None
    # an acquirer ID's name only for sub-ID 01 of the DuitNow account, not of 62 or an absent 27
    assert describe(payload, ("62", "01"), "501664") is None
    assert describe(payload, ("27", "01"), "501664") is None
    assert describe(payload, ("59",), "02") is None
    assert describe(payload, ("26", "02"), "501664") is None


def _relaxations_for(tag: tuple[str, ...], what: str) -> tuple[Relaxation, ...]:
    dotted = ".".join(tag)
    reason = f"DuitNow defines {dotted} ({what}) as a plain value, not an EMVCo template"
    parsed = reason + " (a value that happens to parse as ID/length/value)"
    below = (
        "guid_format",
        "duplicate_tag",
        "value_empty",
        "value_too_long",
        "invalid_character",
        "not_precomposed",
        "rfu_tag",
        "guid_missing",
        "template_malformed",
    )
    return (
        Relaxation("template_malformed", tag, reason=reason),
        Relaxation("guid_missing", tag, reason=parsed),
        *(Relaxation(c, tag, reason=parsed, prefix=True) for c in below),
    )


def test_relax_value_lists_each_relaxation() -> None:
    assert duitnow._relax_value(("62", "90"), "RRN") == _relaxations_for(("62", "90"), "RRN")
    got = duitnow._relax_value(("82",), "a hash")
    assert got[0].reason == "DuitNow defines 82 (a hash) as a plain value, not an EMVCo template"
    assert got[1].reason == (
        "DuitNow defines 82 (a hash) as a plain value, not an EMVCo template "
        "(a value that happens to parse as ID/length/value)"
    )
    for relaxation in _relaxations_for(("82",), "data integrity check, a hash") + _relaxations_for(
        ("62", "91"), "RRN2, JomPAY reference 2"
    ):
        assert relaxation in duitnow.SCHEME.relaxations


def test_plain_values_raise_no_emvco_issue() -> None:
    # values that a template walk would reject, or read as children with EMVCo problems:
    # malformed, an empty child, a duplicate child, a child with a GUID-less "template"
    for value in ("12345", "0000", "01020102AB0102CD", "110412340000"):
        extra = {"62": t("90", value) + t("91", value) + t("92", value), "82": value}
        text = duitnow_code(extra=extra)
        assert [i for i in qrpay.decode(text).issues if i.scheme is None] == [], value
    # the same value where EMVCo's template rules apply (62/50) is still reported
    assert any(i.scheme is None for i in qrpay.decode(duitnow_code(extra={"62": t("50", "12345")})).issues)


# -- builder, whole (issue 13: the builder is mutated since 2a79850) ---------------------------


def test_build_every_keyword_written_out() -> None:
    built = duitnow.build(
        acquirer_id="501664",
        qr_id="123456789",
        merchant_descriptor="SHOP1",
        mobile_number="+60123456789",
        merchant_name="QRCSDNBHD",
        merchant_category_code="5999",
        merchant_city="BANGI",
        postal_code="43650",
        amount="10",
        additional_data={"store_label": "S1"},
        rrn="R1",
        rrn2="R2",
        geo_coordinates="3.1,101.6",
        integrity_check="31d4db4506dc9852b1c21c74be148b83",
    )
    account = ACCOUNT + t("03", "SHOP1") + t("04", "+60123456789")
    additional = t("03", "S1") + t("90", "R1") + t("91", "R2") + t("92", "3.1,101.6")
    assert built.to_text() == code(
        t("00", "02"),
        t("01", "12"),
        t("26", account),
        t("52", "5999"),
        t("53", "458"),
        t("54", "10.00"),
        t("58", "MY"),
        t("59", "QRCSDNBHD"),
        t("60", "BANGI"),
        t("61", "43650"),
        t("62", additional),
        t("82", "31d4db4506dc9852b1c21c74be148b83"),
    )


def test_build_minimal_defaults() -> None:
    built = duitnow.build(
        acquirer_id="501664", qr_id="123456789", merchant_name="A", merchant_category_code="0000"
    )
    assert built.to_text() == code(
        t("00", "02"),
        t("01", "11"),
        t("26", ACCOUNT),
        t("52", "0000"),
        t("53", "458"),
        t("58", "MY"),
        t("59", "A"),
        t("60", "MY"),
    )


@pytest.mark.parametrize(("sub", "keyword"), [("90", "rrn"), ("91", "rrn2"), ("92", "geo_coordinates")])
def test_build_refuses_a_62_field_given_twice(sub: str, keyword: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        duitnow.build(
            acquirer_id="501664",
            qr_id="123456789",
            merchant_name="A",
            merchant_category_code="0000",
            additional_data={sub: "1"},
            **{keyword: "2"},
        )
    error = caught.value
    assert (type(error), error.code, error.path, error.offset, error.message, dict(error.ctx)) == (
        qrpay.InvalidRequest,
        "duplicate_tag",
        ("62", sub),
        None,
        f"62.{sub} given twice (keyword and additional_data)",
        {},
    )


def test_view_cash_out_and_person_to_person_by_mcc() -> None:
    # PayNet: MCC 6010 is a cash-out code, 0000 person to person (docs/schemes/duitnow.md)
    for mcc, cash_out, p2p in (("6010", True, False), ("0000", False, True), ("5999", False, False)):
        got = duitnow.view(qrpay.decode(duitnow_code(mcc=mcc)))
        assert (got.merchant_category_code, got.is_cash_out, got.is_person_to_person) == (mcc, cash_out, p2p)
