"""NEPALPAY QR rules, view, builder refusals and relaxations, each checked whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx) on
a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. The rules are
transcribed from docs/schemes/nepalpay.md: 29/00 = NCHL + the 8-digit acquirer ID + the
11-character merchant code (NCHL's bulk-upload example ``NCHL000210001000NOUOFMB``), its
deviations from EMVCo (no 00, 54/56 = ``0``, 64 with only ``00`` = ``en``) warnings, a
non-zero 56 without 55 ``02`` an error (EMVCo MPM 4.7.7.1). NCHL's published example (CRC
5AC6, as published) is rebuilt here from its fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import nepalpay
from tests.schemes.test_duitnow_exact import all_issues, code, locate, scheme_issues, t

ACCOUNT_ID = "NCHL000210001000NOUOFMB"
SOURCE = "NCHL NEPALPAY QR API Specification, Merchant QR generation"


def nepal_code(
    *,
    account_id: str = ACCOUNT_ID,
    account_tag: str = "29",
    drop: tuple[str, ...] = (),
    extra: dict[str, str] | None = None,
) -> str:
    objects = {
        "00": "01",
        "01": "11",
        account_tag: t("00", account_id),
        "52": "5021",
        "53": "524",
        "58": "NP",
        "59": "Nepal Clearing House",
        "60": "Kathmandu",
    }
    for tag in drop:
        del objects[tag]
    objects.update(extra or {})
    return code(*(t(tag, objects[tag]) for tag in sorted(objects)))


def test_base_code_is_clean() -> None:
    assert all_issues(nepal_code()) == []
    assert qrpay.detect(nepal_code()) == ("nepalpay",)


def test_nchls_example_rebuilt_here() -> None:
    text = code(
        t("01", "11"),
        t("29", t("00", ACCOUNT_ID)),
        t("52", "5021"),
        t("53", "524"),
        t("54", "0"),
        t("56", "0"),
        t("58", "NP"),
        t("59", "Nepal Clearing House"),
        t("60", "Kathmandu"),
        t("62", t("01", "0") + t("03", "Store1") + t("07", "Terminal1") + t("08", "Bill payment")),
        t("64", t("00", "en")),
    )
    assert text.endswith("63045AC6")  # NCHL's published CRC
    assert all_issues(text) == [
        (
            "nepalpay.payload_format_missing",
            ("00",),
            None,
            "warning",
            "no payload format indicator (00): NCHL's specification marks it mandatory, but NCHL's own API "
            "examples and codes its system issued start at 01 (with a CRC over exactly that text)",
            {},
        ),
        (
            "nepalpay.zero_amount",
            ("54",),
            locate(text, ("54",)),
            "warning",
            'tag 54 (amount) is "0": NCHL writes 0 for "none" (EMVCo MPM 4.7.4.1 wants the tag absent instead)',
            {"actual": "0"},
        ),
        (
            "nepalpay.zero_amount",
            ("56",),
            locate(text, ("56",)),
            "warning",
            'tag 56 (convenience fee) is "0": NCHL writes 0 for "none" (EMVCo MPM 4.7.4.1 wants the tag absent '
            "instead)",
            {"actual": "0"},
        ),
        (
            "nepalpay.language_template",
            ("64",),
            locate(text, ("64",)),
            "warning",
            "template 64 has no merchant name (64.01), as in NCHL's examples (64 = 00 'en' only); EMVCo MPM "
            "4.9.1.1 makes 01 mandatory",
            {},
        ),
    ]
    got = nepalpay.view(qrpay.decode(text))
    assert got == nepalpay.NepalPayView(
        account=nepalpay.NepalPayAccount("29", ACCOUNT_ID, {}),
        merchant_name="Nepal Clearing House",
        merchant_city="Kathmandu",
        merchant_category_code="5021",
        amount=Decimal("0"),
        bill_number="0",
        store_label="Store1",
        terminal_label="Terminal1",
        purpose="Bill payment",
    )
    assert got.account is not None
    assert (got.account.acquirer_id, got.account.merchant_id) == ("00021000", "1000NOUOFMB")


def test_non_zero_amounts_and_a_language_template_with_a_name_are_clean() -> None:
    text = nepal_code(extra={"54": "10", "55": "02", "56": "5", "64": t("00", "ne") + t("01", "NCHL")})
    assert all_issues(text) == []


def test_convenience_fee_without_tip_indicator() -> None:
    for extra in ({"56": "5"}, {"55": "03", "56": "5", "57": "1"}):
        text = nepal_code(extra=extra)
        assert (
            "nepalpay.convenience_fee",
            ("56",),
            locate(text, ("56",)),
            "error",
            'tag 56 (fixed convenience fee) must be absent unless tag 55 is "02" (EMVCo MPM 4.7.7.1); only '
            'NCHL\'s "0" is tolerated',
            {"actual": "5"},
        ) in scheme_issues(text, "nepalpay")
    # 56 alone: the EMVCo unexpected_field is relaxed, NEPALPAY's error is the one
    assert [i[0] for i in all_issues(nepal_code(extra={"56": "5"}))] == ["nepalpay.convenience_fee"]


@pytest.mark.parametrize("tag", ["26", "30", "51"])
def test_account_not_in_29(tag: str) -> None:
    text = nepal_code(account_tag=tag)
    assert scheme_issues(text, "nepalpay") == [
        (
            "nepalpay.account_tag",
            (tag,),
            locate(text, (tag,)),
            "warning",
            f"the NEPALPAY account (NCHL...) is in tag {tag}; NCHL's codes use tag 29",
            {"actual": tag},
        )
    ]


@pytest.mark.parametrize(
    "account_id",
    [
        "NCHL000210001000NOUOFM",  # merchant code of 10
        "NCHL000210001000NOUOFMBX",  # of 12
        "NCHL0002100A1000NOUOFMB",  # acquirer not digits
        "NCHL00021000",  # no merchant code
        "nchl000210001000NOUOFMB",  # the prefix in lower case
        "NCHL000210001000NOU FMB",  # a space
    ],
)
def test_account_id_layout(account_id: str) -> None:
    text = nepal_code(account_id=account_id)
    assert scheme_issues(text, "nepalpay") == [
        (
            "nepalpay.account_id",
            ("29", "00"),
            locate(text, ("29", "00")),
            "warning",
            f"29.00 is {account_id!r}; NCHL writes NCHL + the 8-digit acquirer ID + the 11-character merchant code "
            "(23 characters)",
            {"actual": account_id},
        )
    ]


def test_only_the_first_nchl_template_is_checked() -> None:
    text = nepal_code(extra={"30": t("00", "NCHLX")})
    assert scheme_issues(text, "nepalpay") == []
    # ... and viewed
    got = nepalpay.view(qrpay.decode(text))
    assert got.account == nepalpay.NepalPayAccount("29", ACCOUNT_ID, {})


def test_view_other_sub_ids_and_layout() -> None:
    text = nepal_code(
        account_id="NCHL0002100", extra={"29": t("00", "NCHL0002100") + t("01", "x") + t("01", "y")}
    )
    got = nepalpay.view(qrpay.decode(text))
    assert got.account == nepalpay.NepalPayAccount("29", "NCHL0002100", {"01": "x"})
    assert (got.account.acquirer_id, got.account.merchant_id) == (None, None)
    assert (got.amount, got.bill_number, got.store_label, got.terminal_label, got.purpose) == (
        None,
        None,
        None,
        None,
        None,
    )


def test_view_without_a_nepalpay_account() -> None:
    for other in (
        code(t("00", "01"), t("26", t("00", "A000000677010111") + t("01", "0812345678")), t("53", "764")),
        code(t("00", "01"), t("25", t("00", ACCOUNT_ID)), t("53", "524")),
        code(t("00", "01"), t("52", "NCHL"), t("53", "524")),
        # an NCHL ID in an unreserved template (80) or in 62 is not a merchant account (26-51)
        code(t("00", "01"), t("53", "524"), t("62", t("00", ACCOUNT_ID)), t("80", t("00", ACCOUNT_ID))),
    ):
        assert nepalpay.view(qrpay.decode(other)).account is None


def test_relaxations() -> None:
    assert [(r.code, r.path, r.values, r.reason) for r in nepalpay.SCHEME.relaxations] == [
        (
            "guid_format",
            ("29", "00"),
            None,
            "NCHL writes NCHL + acquirer ID + merchant code in 29.00, not a GUID",
        ),
        (
            "payload_format_not_first",
            None,  # any path
            None,
            "NCHL's examples and codes have no 00 (nepalpay.payload_format_missing instead)",
        ),
        (
            "missing_field",
            ("00",),
            None,
            "NCHL's examples and codes have no 00 (nepalpay.payload_format_missing instead)",
        ),
        (
            "amount_zero",
            ("54",),
            frozenset({"0"}),
            'NCHL writes 54 = "0" on static codes (nepalpay.zero_amount instead)',
        ),
        ("amount_zero", ("56",), frozenset({"0"}), 'NCHL writes 56 = "0" (nepalpay.zero_amount instead)'),
        (
            "unexpected_field",
            ("56",),
            None,
            '56 without 55: "0" is nepalpay.zero_amount, anything else nepalpay.convenience_fee',
        ),
        (
            "missing_field",
            ("64", "01"),
            None,
            "NCHL writes 64 = 00 'en' only (nepalpay.language_template instead)",
        ),
    ]
    # a zero amount other than "0" is still EMVCo's error
    assert "amount_zero" in [i.code for i in qrpay.decode(nepal_code(extra={"54": "0.00"})).issues]


def refused(**kwargs: Any) -> tuple[str, str, tuple[str, ...], dict[str, Any]]:
    base = {"merchant_name": "BBSM", "merchant_city": "Kathmandu", "merchant_category_code": "5411"}
    with pytest.raises(qrpay.InvalidRequest) as caught:
        nepalpay.build(**{**base, **kwargs})
    err = caught.value
    return (err.code, err.message, err.path, dict(err.ctx))


@pytest.mark.parametrize("acquirer", ["0000170", "000017011", "0000170A"])
def test_builder_refuses_acquirer(acquirer: str) -> None:
    assert refused(acquirer_id=acquirer, merchant_id="17012UVSTIR") == (
        "nepalpay.acquirer_id",
        f"NEPALPAY acquirer ID {acquirer!r} must be 8 digits (NCHL acquirerId, e.g. '00002501')",
        ("29", "00"),
        {"actual": acquirer},
    )


@pytest.mark.parametrize("merchant", ["17012UVSTI", "17012UVSTIRX", "17012 VSTIR", "17012UVSTI\u00e9"])
def test_builder_refuses_merchant(merchant: str) -> None:
    assert refused(acquirer_id="00001701", merchant_id=merchant) == (
        "nepalpay.merchant_id",
        f"NEPALPAY merchant code {merchant!r} must be 11 visible ASCII characters (NCHL merchantId, "
        "e.g. '2501ELFDRY2')",
        ("29", "00"),
        {"actual": merchant},
    )


def test_builder_writes_every_field() -> None:
    built = nepalpay.build(
        acquirer_id="00001701",
        merchant_id="17012UVST!~",
        merchant_name="BBSM",
        merchant_city="Kathmandu",
        merchant_category_code="5411",
        amount="10.00",
        postal_code="44600",
        bill_number="B1",
        store_label="S1",
        terminal_label="T1",
        purpose="P1",
    ).to_text()
    assert built == code(
        t("00", "01"),
        t("01", "12"),
        t("29", t("00", "NCHL0000170117012UVST!~")),
        t("52", "5411"),
        t("53", "524"),
        t("54", "10.00"),
        t("58", "NP"),
        t("59", "BBSM"),
        t("60", "Kathmandu"),
        t("61", "44600"),
        t("62", t("01", "B1") + t("03", "S1") + t("07", "T1") + t("08", "P1")),
    )
    plain = nepalpay.build(
        acquirer_id="00001701",
        merchant_id="17012UVSTIR",
        merchant_name="BBSM",
        merchant_city="Kathmandu",
        merchant_category_code="5411",
    ).to_text()
    assert plain == code(
        t("00", "01"),
        t("01", "11"),
        t("29", t("00", "NCHL0000170117012UVSTIR")),
        t("52", "5411"),
        t("53", "524"),
        t("58", "NP"),
        t("59", "BBSM"),
        t("60", "Kathmandu"),
    )
    assert nepalpay.SCHEME.market_source == SOURCE


def test_builder_writes_the_amount_as_given_by_default() -> None:
    # amount_style is "minimal" by default (docstring: amounts as given, as NCHL's codes write
    # them); without it passed on, _build's default "fixed" would write 10.00 (issue 13)
    built = nepalpay.build(
        acquirer_id="00001701",
        merchant_id="17012UVSTIR",
        merchant_name="BBSM",
        merchant_city="Kathmandu",
        merchant_category_code="5411",
        amount="10",
    ).to_text()
    assert built == code(
        t("00", "01"),
        t("01", "12"),
        t("29", t("00", "NCHL0000170117012UVSTIR")),
        t("52", "5411"),
        t("53", "524"),
        t("54", "10"),
        t("58", "NP"),
        t("59", "BBSM"),
        t("60", "Kathmandu"),
    )


def test_builder_passes_the_initiation_on() -> None:
    # without an amount the POI defaults to 11; initiation="dynamic" asks for 12 (EMVCo MPM ID 01),
    # so a builder that dropped the keyword would write 11 (issue 13)
    built = nepalpay.build(
        acquirer_id="00001701",
        merchant_id="17012UVSTIR",
        merchant_name="BBSM",
        merchant_city="Kathmandu",
        merchant_category_code="5411",
        initiation="dynamic",
    ).to_text()
    assert built == code(
        t("00", "01"),
        t("01", "12"),
        t("29", t("00", "NCHL0000170117012UVSTIR")),
        t("52", "5411"),
        t("53", "524"),
        t("58", "NP"),
        t("59", "BBSM"),
        t("60", "Kathmandu"),
    )
