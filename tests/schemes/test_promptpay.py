"""PromptPay: builder against dtinth/promptpay-qr, normalisation, refusals, view."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.builder import canonical_order
from qrpay.schemes import promptpay
from qrpay.tlv import serialize
from tests.conftest import FIXTURES

DTINTH = json.loads((FIXTURES / "crosscheck" / "promptpay-promptpay-qr.json").read_text(encoding="utf-8"))

# Requests where qrpay deliberately does not do what promptpay-qr 0.5.0 does, and why.
# (docs/schemes/promptpay.md, "Differences from promptpay-qr")
REFUSED: dict[str, str] = {
    # promptpay-qr zero-pads anything shorter than 13 digits into a "mobile" number
    "pp-mobile-9-digits-no-0": "promptpay.mobile_format",
    "pp-short-12345": "promptpay.mobile_format",
    "pp-empty-target": "promptpay.mobile_format",
    # 14 and 16 digits are neither a national ID (13) nor an e-wallet ID (15)
    "pp-14-digits": "promptpay.national_id_format",
    "pp-ewallet-16": "promptpay.ewallet_format",
    # float amounts rounded by toFixed(2); qrpay never rounds an amount
    "pp-mobile-amount-1.005": "amount_precision",
    "pp-mobile-amount-0.125": "amount_precision",
    "pp-mobile-amount-2.675": "amount_precision",
    # nonsense amounts promptpay-qr writes as they come
    "pp-mobile-amount-1e21": "value_too_long",
    "pp-mobile-amount-negative-5": "amount_format",
    # amount 0 means "no amount" to promptpay-qr; qrpay asks the caller to omit it
    "pp-mobile-amount-0": "amount_zero",
}
# Requests that make promptpay-qr throw; qrpay accepts them (a string amount, no options).
ACCEPTED_WHERE_DTINTH_THROWS = {"pp-mobile-amount-string": "4.22", "pp-mobile-no-options": None}


def to_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """dtinth's (target, {amount}) as qrpay keywords, using dtinth's own target inference."""
    target = request["input"]["target"]
    digits = re.sub(r"[^0-9]", "", target)
    if len(digits) >= 15:
        kwargs: dict[str, Any] = {"ewallet_id": target}
    elif len(digits) >= 13:
        kwargs = {"national_id": target}
    else:
        kwargs = {"mobile": target}
    options = request["input"]["options"]
    amount = options.get("amount") if isinstance(options, dict) else None
    if amount is not None and amount != "NaN":
        kwargs["amount"] = amount if isinstance(amount, str) else Decimal(repr(amount))
    if request["id"] in ACCEPTED_WHERE_DTINTH_THROWS:
        amount_text = ACCEPTED_WHERE_DTINTH_THROWS[request["id"]]
        kwargs.pop("amount", None)
        if amount_text is not None:
            kwargs["amount"] = amount_text
    return kwargs


@pytest.mark.parametrize("request_", DTINTH["requests"], ids=[r["id"] for r in DTINTH["requests"]])
def test_builder_against_dtinth_promptpay_qr(request_: dict[str, Any]) -> None:
    kwargs = to_kwargs(request_)
    rid = request_["id"]
    if rid in REFUSED:
        with pytest.raises(qrpay.InvalidRequest) as caught:
            promptpay.build(**kwargs)
        assert caught.value.code == REFUSED[rid]
        return
    ours = promptpay.build(**kwargs)
    if "output" not in request_:
        assert rid in ACCEPTED_WHERE_DTINTH_THROWS
        assert ours.is_valid
        return
    theirs = qrpay.decode(request_["output"])
    # byte-identical data objects ...
    assert sorted((o.tag, o.value) for o in ours.objects if o.tag != "63") == sorted(
        (o.tag, o.value) for o in theirs.objects if o.tag != "63"
    )
    # ... in canonical order (dtinth writes 58 before 53): reorder theirs and compare text
    reordered = serialize(canonical_order(o for o in theirs.objects if o.tag != "63"))
    assert ours.to_text()[:-8] == reordered


def test_every_dtinth_request_is_accounted_for() -> None:
    ids = {r["id"] for r in DTINTH["requests"]}
    assert set(REFUSED) <= ids and set(ACCEPTED_WHERE_DTINTH_THROWS) <= ids
    assert DTINTH["package"] == "promptpay-qr" and DTINTH["version"] == "0.5.0"


@pytest.mark.parametrize(
    "mobile",
    [
        "0812345678",
        "081-234-5678",
        "081 234 5678",
        "+66812345678",
        "+66 81 234 5678",
        "66812345678",
        "0066812345678",
        "(081) 234-5678",
    ],
)
def test_mobile_normalisation(mobile: str) -> None:
    assert promptpay.normalize_mobile(mobile) == "0066812345678"
    assert promptpay.build(mobile=mobile).value(("29", "01")) == "0066812345678"


@pytest.mark.parametrize(
    "mobile", ["081234567", "08123456789", "812345678", "+85512345678", "abc", "", "081234567a"]
)
def test_not_a_thai_mobile_is_refused(mobile: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        promptpay.build(mobile=mobile)
    assert caught.value.code == "promptpay.mobile_format"
    assert caught.value.path == ("29", "01")


def test_bill_payment_builder_matches_the_published_example() -> None:
    # emv-and-schemes.md section 5.3 bill payment (public Go test): same objects; we write them canonically
    published = qrpay.decode(
        "00020101021230710016A00000067701011201150112345678912330212REF1234567890312REF98765432153037645406200.00"
        "5802TH5906THAIQR6304F528"
    )
    ours = promptpay.build(
        biller_id="011234567891233",
        reference_1="REF123456789",
        reference_2="REF987654321",
        amount="200",
        merchant_name="THAIQR",
    )
    assert ours.to_text() == published.to_text()  # already canonical: identical, CRC included


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({}, "promptpay.proxy_missing"),
        ({"mobile": "0812345678", "ewallet_id": "012345678901234"}, "promptpay.proxy_multiple"),
        ({"national_id": "1234567890123", "tax_id": "1234567890123"}, "promptpay.proxy_multiple"),
        ({"biller_id": "011234567891233"}, "promptpay.reference_1"),
        ({"biller_id": "0112345678912", "reference_1": "R"}, "promptpay.biller_id"),
        ({"biller_id": "011234567891233", "reference_1": "R" * 21}, "promptpay.reference_1"),
        ({"mobile": "0812345678", "reference_1": "R"}, "promptpay.reference_1"),
        (
            {"mobile": "0812345678", "biller_id": "011234567891233", "reference_1": "R"},
            "promptpay.proxy_multiple",
        ),
        ({"mobile": "0812345678", "amount": "1.001"}, "amount_precision"),
        ({"mobile": "0812345678", "merchant_name": "N" * 26}, "value_too_long"),
    ],
)
def test_builder_refusals(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        promptpay.build(**kwargs)
    assert caught.value.code == code


def test_view_of_credit_transfer_and_bill_payment() -> None:
    transfer = promptpay.view(promptpay.build(mobile="0812345678", amount="12.5"))
    assert transfer.credit_transfer is not None
    assert transfer.credit_transfer.proxy_type is promptpay.ProxyType.MOBILE
    assert transfer.credit_transfer.mobile == "0812345678"
    assert transfer.amount == Decimal("12.50")
    bill = qrpay.decode(
        "00020101021230710016A00000067701011201150112345678912330212REF1234567890312REF98765432153037645406200.00"
        "5802TH5906THAIQR6304F528"
    ).view("promptpay")
    assert bill.bill_payment is not None
    assert (bill.bill_payment.biller_id, bill.bill_payment.reference_1, bill.bill_payment.reference_2) == (
        "011234567891233",
        "REF123456789",
        "REF987654321",
    )
    assert not bill.bill_payment.cross_border


def test_vat_template_is_read() -> None:
    text = json.loads((FIXTURES / "schemes" / "promptpay" / "synthetic.json").read_text(encoding="utf-8"))
    vat_payload = next(v["payload"] for v in text["vectors"] if v["id"] == "promptpay-vat-template-80")
    vat = qrpay.decode(vat_payload).view("promptpay").vat
    assert vat == promptpay.Vat("00000", "7.00", "28.04")


# -- the national number after the country code: 9 digits, not 8, not 10 (issue 13) ----------
# PromptPay's mobile proxy (29/01) is 13 digits: "0066" and the 9-digit national number
# without its trunk 0 (ITMX Thai QR Payment; emv-and-schemes.md, PromptPay 29/01).


@pytest.mark.parametrize(
    "mobile",
    ["+66812345678", "+66 81 234 5678", "0066812345678", "0066 812 345 678", "66812345678", "0812345678"],
)
def test_nine_national_digits_after_any_prefix(mobile: str) -> None:
    assert promptpay.normalize_mobile(mobile) == "0066812345678"


@pytest.mark.parametrize(
    "mobile",
    [
        "+66 8123456789",  # 10 digits after +66: issue 13's "00668123456789"
        "+668123456789",
        "+66 0812345678",  # the trunk 0 kept after the country code: 10 digits
        "00668123456789",
        "0066 0812345678",
        "668123456789",  # 66 and 10 digits
        "08123456789",  # 0 and 10 digits
        "+6681234567",  # 8 digits: one short
        "006681234567",
        "6681234567",
        "+66",
        "0066",
    ],
)
def test_national_number_one_digit_off_is_refused(mobile: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        promptpay.normalize_mobile(mobile)
    assert caught.value.code == "promptpay.mobile_format"
    with pytest.raises(qrpay.InvalidRequest):
        promptpay.build(mobile=mobile)


def _crc(text: str) -> str:
    reg = 0xFFFF
    for byte in text.encode("utf-8"):
        reg ^= byte << 8
        for _ in range(8):
            reg = ((reg << 1) ^ 0x1021 if reg & 0x8000 else reg << 1) & 0xFFFF
    return f"{reg:04X}"


@pytest.mark.parametrize(
    ("proxy", "valid"),
    [("0066812345678", True), ("00668123456789", False), ("006681234567", False), ("0067812345678", False)],
)
def test_decoded_mobile_proxy_is_13_digits(proxy: str, valid: bool) -> None:
    account = "0016A000000677010111" + f"01{len(proxy):02d}{proxy}"
    body = "000201010211" + f"29{len(account):02d}{account}" + "5802TH5303764" + "6304"
    payload = qrpay.decode(body + _crc(body))
    codes = {i.code for i in payload.issues if i.severity == "error"}
    assert ("promptpay.mobile_format" not in codes) is valid
    assert payload.is_valid is valid
