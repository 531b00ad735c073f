"""PromptPay / Thai QR rules, view, mobile normalisation, builder refusals and describe,
each checked whole (issue 13).

Payloads are assembled here (``t``/``code`` from tests/schemes/test_duitnow_exact.py: text
and CRC-16/CCITT-FALSE by crcmod, offsets by a walk written in the tests). Expected values
follow the Bank of Thailand Thai QR guideline as summarised in docs/schemes/promptpay.md:
template 29 (credit transfer, AID A000000677010111, or ...0114 with a 10-character one-time
authorisation in 05) holds exactly one proxy: 01 mobile = 0066 and 9 digits, 02 national
or tax ID = 13 digits, 03 e-wallet = 15 digits, 04 bank account = 3-digit bank code and at
most 40 more; template 30 (bill payment, ...0112 or cross-border ...2006) has a 15-digit
biller ID in 01, reference 1 (mandatory) and reference 2 of at most 20 characters.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.errors import InvalidRequest
from qrpay.schemes import promptpay
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

TRANSFER = "A000000677010111"
OTA = "A000000677010114"
BILL = "A000000677010112"
CROSS_BORDER = "A000000677012006"
KSHOP = "A000000677010113"


def thai_code(accounts: dict[str, str], extra: dict[str, str] | None = None) -> str:
    objects = {"00": "01", "01": "11", **accounts, "53": "764", "58": "TH", **(extra or {})}
    return code(*(t(k, objects[k]) for k in sorted(objects)))


def transfer(*children: str, aid: str = TRANSFER) -> str:
    return t("00", aid) + "".join(children)


def bill(*children: str, aid: str = BILL) -> str:
    return t("00", aid) + "".join(children)


def issues(text: str) -> list[tuple[Any, ...]]:
    return scheme_issues(text, "promptpay")


def test_clean_codes() -> None:
    for accounts in (
        {"29": transfer(t("01", "0066812345678"))},
        {"29": transfer(t("02", "1234567890123"))},
        {"29": transfer(t("03", "123456789012345"))},
        {"29": transfer(t("04", "014" + "1" * 40))},  # 43 characters, the limit
        {"29": transfer(t("01", "0066812345678"), t("05", "ABCDEFGHIJ"), aid=OTA)},
        {"30": bill(t("01", "012345678912345"), t("02", "R" * 20), t("03", "S" * 20))},
    ):
        assert issues(thai_code(accounts)) == [], accounts


def test_proxy_missing() -> None:
    text = thai_code({"29": transfer(t("05", "X"))})
    assert issues(text) == [
        (
            "promptpay.proxy_missing",
            ("29",),
            locate(text, ("29",)),
            "error",
            "template 29 (A000000677010111) has no proxy: one of 01 mobile, 02 national/tax ID, 03 e-wallet, "
            "04 bank account is required",
            {},
        )
    ]


def test_proxy_multiple() -> None:
    text = thai_code({"29": transfer(t("01", "0066812345678"), t("02", "1234567890123"), t("03", "1" * 15))})
    assert issues(text) == [
        (
            "promptpay.proxy_multiple",
            ("29", "02"),
            locate(text, ("29", "02")),
            "error",
            "template 29 holds 3 proxies (01, 02, 03); PromptPay carries exactly one",
            {},
        )
    ]


@pytest.mark.parametrize(
    ("sub", "value", "code_", "message"),
    [
        (
            "01",
            "0812345678",
            "mobile_format",
            "PromptPay mobile '0812345678' must be 13 digits: 0066 and the 9-digit national number",
        ),
        (
            "01",
            "00668123456789",
            "mobile_format",
            "PromptPay mobile '00668123456789' must be 13 digits: 0066 and the 9-digit national number",
        ),
        (
            "02",
            "123456789012",
            "national_id_format",
            "PromptPay national id '123456789012' must be 13 digits",
        ),
        (
            "03",
            "1234567890123456",
            "ewallet_format",
            "PromptPay ewallet '1234567890123456' must be 15 digits",
        ),
        (
            "04",
            "01",
            "bank_account_format",
            "PromptPay bank account '01' must be a 3-digit bank code and the account (at most 43)",
        ),
        (
            "04",
            "014" + "1" * 41,
            "bank_account_format",
            f"PromptPay bank account {'014' + '1' * 41!r} must be a "
            "3-digit bank code and the account (at most 43)",
        ),
    ],
)
def test_proxy_formats(sub: str, value: str, code_: str, message: str) -> None:
    text = thai_code({"29": transfer(t(sub, value))})
    assert issues(text) == [
        (f"promptpay.{code_}", ("29", sub), locate(text, ("29", sub)), "error", message, {"actual": value})
    ]


def test_one_time_authorisation() -> None:
    text = thai_code({"29": transfer(t("01", "0066812345678"), aid=OTA)})
    message = "AID A000000677010114 needs a 10-character one-time authorisation in sub-ID 05"
    assert issues(text) == [("promptpay.ota", ("29", "05"), None, "error", message, {})]
    text = thai_code({"29": transfer(t("01", "0066812345678"), t("05", "ABCDEFGHI"), aid=OTA)})
    assert issues(text) == [("promptpay.ota", ("29", "05"), locate(text, ("29", "05")), "error", message, {})]
    # the plain credit transfer AID asks for no authorisation
    assert issues(thai_code({"29": transfer(t("01", "0066812345678"))})) == []


def test_biller_id() -> None:
    text = thai_code({"30": bill(t("02", "REF1"))})
    assert issues(text) == [
        (
            "promptpay.biller_id",
            ("30", "01"),
            None,
            "error",
            "bill payment template has no biller ID (sub-ID 01)",
            {},
        )
    ]
    for value in ("01234567891234", "0123456789123456", "01234567891234A"):
        text = thai_code({"30": bill(t("01", value), t("02", "REF1"), aid=CROSS_BORDER)})
        assert issues(text) == [
            (
                "promptpay.biller_id",
                ("30", "01"),
                locate(text, ("30", "01")),
                "error",
                f"biller ID {value!r} must be 15 digits (13-digit tax ID and a 2-digit suffix)",
                {"actual": value},
            )
        ]


def test_references() -> None:
    text = thai_code({"30": bill(t("01", "012345678912345"))})
    assert issues(text) == [
        (
            "promptpay.reference_1",
            ("30", "02"),
            None,
            "error",
            "bill payment template has no reference 1 (sub-ID 02), which is mandatory",
            {},
        )
    ]
    text = thai_code({"30": bill(t("01", "012345678912345"), t("02", "R" * 21), t("03", "S" * 21))})
    assert issues(text) == [
        (
            f"promptpay.reference_{n}",
            ("30", sub),
            locate(text, ("30", sub)),
            "error",
            f"reference {letter * 21!r} has 21 characters; at most 20 are allowed",
            {"actual": 21},
        )
        for n, sub, letter in ((1, "02", "R"), (2, "03", "S"))
    ]


def test_rules_only_in_merchant_account_templates() -> None:
    # a Thai AID in 62/50 or in the unreserved 80 is not a PromptPay account
    text = thai_code(
        {"29": transfer(t("01", "0066812345678"))},
        extra={"62": t("50", t("00", TRANSFER)), "81": t("00", BILL)},
    )
    assert issues(text) == []


def test_view_every_field() -> None:
    text = thai_code(
        {
            "29": transfer(t("01", "0066812345678"), t("05", "ABCDEFGHIJ"), aid=OTA),
            "30": bill(t("01", "012345678912345"), t("02", "REF1"), t("03", "REF2"), aid=CROSS_BORDER),
            "31": t("00", KSHOP) + t("01", "004") + t("04", "KSHOP1"),
            "32": transfer(t("03", "123456789012345")),
            "33": bill(t("01", "012345678912346"), t("02", "R3")),
            "34": t("00", "A000000999") + t("01", "X"),
        },
        extra={"54": "100.00", "80": t("00", "0000000000123") + t("01", "7.00") + t("02", "6.54")},
    )
    got = promptpay.view(qrpay.decode(text))
    assert got.credit_transfers == (
        promptpay.CreditTransfer("29", OTA, promptpay.ProxyType.MOBILE, "0066812345678", "ABCDEFGHIJ"),
        promptpay.CreditTransfer("32", TRANSFER, promptpay.ProxyType.EWALLET, "123456789012345", None),
    )
    assert got.bill_payments == (
        promptpay.BillPayment("30", CROSS_BORDER, "012345678912345", "REF1", "REF2"),
        promptpay.BillPayment("33", BILL, "012345678912346", "R3", None),
    )
    assert [(a.tag, a.guid, a.get("04")) for a in got.other] == [("31", KSHOP, "KSHOP1")]
    assert got.vat == promptpay.Vat("0000000000123", "7.00", "6.54")
    assert got.amount == Decimal("100.00")
    assert got.credit_transfer is not None and got.credit_transfer.mobile == "0812345678"
    assert got.bill_payment is not None and got.bill_payment.cross_border
    assert not got.bill_payments[1].cross_border


def test_view_of_other_proxies_and_no_vat() -> None:
    text = thai_code({"29": transfer(t("04", "0141234567890"), t("02", "1234567890123"))})
    got = promptpay.view(qrpay.decode(text))
    # the first proxy in the template is the one shown
    assert got.credit_transfers == (
        promptpay.CreditTransfer("29", TRANSFER, promptpay.ProxyType.BANK_ACCOUNT, "0141234567890", None),
    )
    assert got.credit_transfers[0].mobile is None
    assert (got.bill_payments, got.other, got.vat, got.amount, got.bill_payment) == ((), (), None, None, None)
    none = promptpay.view(qrpay.decode(thai_code({"29": transfer(t("05", "X"))})))
    assert none.credit_transfers == (promptpay.CreditTransfer("29", TRANSFER, None, None, "X"),)
    primitive_vat = promptpay.view(
        qrpay.decode(thai_code({"29": transfer(t("01", "0066812345678"))}, extra={"80": "VAT"}))
    )
    assert primitive_vat.vat is None


@pytest.mark.parametrize(
    "given",
    ["0812345678", "081-234-5678", "+66 81 234 5678", "66812345678", "0066812345678", "(081) 234.5678"],
)
def test_normalize_mobile(given: str) -> None:
    assert promptpay.normalize_mobile(given) == "0066812345678"


@pytest.mark.parametrize(
    "given",
    [
        "+66 8123456789",
        "0066 81234567",
        "6681234567",
        "668123456789",
        "081234567",
        "08123456789",
        "1812345678",
        "+66 81234567A",
        "",
    ],
)
def test_normalize_mobile_refuses(given: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        promptpay.normalize_mobile(given)
    assert (caught.value.code, caught.value.path, caught.value.message, dict(caught.value.ctx)) == (
        "promptpay.mobile_format",
        ("29", "01"),
        f"mobile: {given!r} is not a Thai phone number (0 and 9 digits, or +66 and 9 digits)",
        {"actual": given},
    )


def _refusal(**kwargs: Any) -> tuple[Any, ...]:
    with pytest.raises(InvalidRequest) as caught:
        promptpay.build(**kwargs)
    return caught.value.code, caught.value.path, caught.value.message, dict(caught.value.ctx)


def test_build_digit_counts() -> None:
    assert _refusal(national_id="1-2345-67890-12") == (
        "promptpay.national_id_format",
        ("29", "02"),
        "national_id: '1-2345-67890-12' must be 13 digits (separators allowed)",
        {"actual": "1-2345-67890-12"},
    )
    assert _refusal(tax_id="12345678901234") == (
        "promptpay.national_id_format",
        ("29", "02"),
        "tax_id: '12345678901234' must be 13 digits (separators allowed)",
        {"actual": "12345678901234"},
    )
    assert _refusal(ewallet_id="12345678901234") == (
        "promptpay.ewallet_format",
        ("29", "03"),
        "ewallet_id: '12345678901234' must be 15 digits (separators allowed)",
        {"actual": "12345678901234"},
    )
    assert _refusal(biller_id="0123456789123", reference_1="R") == (
        "promptpay.biller_id",
        ("30", "01"),
        "biller_id: '0123456789123' must be 15 digits (separators allowed)",
        {"actual": "0123456789123"},
    )


def test_build_refusals() -> None:
    assert _refusal(national_id="1234567890123", tax_id="1234567890123") == (
        "promptpay.proxy_multiple",
        ("29",),
        "national_id and tax_id are the same proxy (sub-ID 02); give one",
        {},
    )
    assert _refusal(mobile="0812345678", biller_id="012345678912345", reference_1="R") == (
        "promptpay.proxy_multiple",
        ("30",),
        "a payload is either a credit transfer (mobile, national_id, tax_id, ewallet_id, bank_account) or a "
        "bill payment (biller_id); not both",
        {},
    )
    assert _refusal(biller_id="012345678912345") == (
        "promptpay.reference_1",
        ("30", "02"),
        "reference_1 is mandatory for a bill payment",
        {},
    )
    assert _refusal() == (
        "promptpay.proxy_missing",
        ("29",),
        "give exactly one of mobile, national_id (or tax_id), ewallet_id, bank_account, or a biller_id; got 0",
        {},
    )
    assert _refusal(mobile="0812345678", bank_account="0141234567") == (
        "promptpay.proxy_multiple",
        ("29",),
        "give exactly one of mobile, national_id (or tax_id), ewallet_id, bank_account, or a biller_id; got 2",
        {},
    )
    for keyword in ("reference_1", "reference_2"):
        assert _refusal(mobile="0812345678", **{keyword: "R"}) == (
            "promptpay.reference_1",
            ("29",),
            "reference_1/reference_2 belong to a bill payment (biller_id)",
            {},
        )


def test_build_bill_payment_and_tax_id() -> None:
    # expected texts written from the Thai QR layout (BOT guideline) with the CRC by crcmod
    got = promptpay.build(biller_id="0123456789123-45", reference_1="REF1", reference_2="REF2").to_text()
    assert got == code(
        t("00", "01"),
        t("01", "11"),
        t("30", t("00", BILL) + t("01", "012345678912345") + t("02", "REF1") + t("03", "REF2")),
        t("53", "764"),
        t("58", "TH"),
    )
    got = promptpay.build(tax_id="0-1234-56789-01-2").to_text()
    assert got == code(
        t("00", "01"),
        t("01", "11"),
        t("29", t("00", TRANSFER) + t("02", "0123456789012")),
        t("53", "764"),
        t("58", "TH"),
    )


def test_describe() -> None:
    describe = promptpay.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(thai_code({"29": transfer(t("01", "0066812345678"))}))
    expected = {
        (("29", "00"), "a000000677010111"): "PromptPay credit transfer",
        (("29", "00"), OTA): "PromptPay credit transfer with one-time authorisation",
        (("30", "00"), BILL): "Thai QR bill payment",
        (("30", "00"), CROSS_BORDER): "Thai QR cross-border bill payment",
        (("31", "00"), KSHOP): "KBank K SHOP",
        (("31", "00"), "A000000677012004"): "Thai QR payment innovation",
        (("31", "00"), "A000000677019999"): None,
        (("29", "01"), "0066812345678"): "mobile 0812345678",
        (("29", "01"), "006681234567"): None,
        (("29", "01"), "1066812345678"): None,
        (("29", "02"), "0066812345678"): None,
        (("00",), "A000000677010111"): None,
        (("62", "50", "00"), "A000000677010111"): None,
        (("62", "50", "01"), "0066812345678"): None,
    }
    assert {key: describe(payload, *key) for key in expected} == expected


def test_templates_anywhere_in_26_to_51() -> None:
    # the rules apply to a Thai template in any merchant account ID, 26 and 51 included;
    # a template without a GUID (27 here) is passed over
    text = thai_code({"26": transfer(t("01", "0812345678")), "27": t("01", "X"), "51": bill(t("02", "REF1"))})
    assert [i[:2] for i in issues(text)] == [
        ("promptpay.mobile_format", ("26", "01")),
        ("promptpay.biller_id", ("51", "01")),
    ]


def test_view_after_a_foreign_account_and_a_national_id() -> None:
    text = thai_code({"26": t("00", "A000000999") + t("01", "X"), "29": transfer(t("02", "1234567890123"))})
    got = promptpay.view(qrpay.decode(text))
    assert got.credit_transfers == (
        promptpay.CreditTransfer("29", TRANSFER, promptpay.ProxyType.NATIONAL_ID, "1234567890123", None),
    )
    assert got.other == ()


def test_build_refuses_an_empty_tax_id() -> None:
    assert _refusal(tax_id="") == (
        "promptpay.national_id_format",
        ("29", "02"),
        "tax_id: '' must be 13 digits (separators allowed)",
        {"actual": ""},
    )


def test_build_merchant_fields_and_amount_written_out() -> None:
    # Thai QR layout (BOT guideline): 29 transfer, 52 MCC, 53 764, 54 with two decimals, 58 TH, 59, 60
    got = promptpay.build(
        mobile="081-234-5678",
        amount=100,
        merchant_name="SHOP",
        merchant_city="BANGKOK",
        merchant_category_code="5999",
    ).to_text()
    assert got == code(
        t("00", "01"),
        t("01", "12"),
        t("29", t("00", TRANSFER) + t("01", "0066812345678")),
        t("52", "5999"),
        t("53", "764"),
        t("54", "100.00"),
        t("58", "TH"),
        t("59", "SHOP"),
        t("60", "BANGKOK"),
    )


def test_view_mobile_only_for_a_0066_mobile_proxy() -> None:
    # a 13-digit national ID that starts 0066 is not a mobile; a mobile proxy not in 0066 form has no local form
    national = promptpay.view(qrpay.decode(thai_code({"29": transfer(t("02", "0066123456789"))})))
    assert national.credit_transfer is not None
    assert (national.credit_transfer.proxy_type, national.credit_transfer.mobile) == (
        promptpay.ProxyType.NATIONAL_ID,
        None,
    )
    local = promptpay.view(qrpay.decode(thai_code({"29": transfer(t("01", "0812345678"))})))
    assert local.credit_transfer is not None
    assert (local.credit_transfer.proxy_type, local.credit_transfer.mobile) == (
        promptpay.ProxyType.MOBILE,
        None,
    )


def test_view_of_a_bill_payment_has_no_credit_transfer() -> None:
    got = promptpay.view(qrpay.decode(thai_code({"30": bill(t("01", "012345678912345"), t("02", "REF1"))})))
    assert (got.credit_transfers, got.credit_transfer, len(got.bill_payments)) == ((), None, 1)
