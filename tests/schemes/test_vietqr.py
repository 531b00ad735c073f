"""VietQR: builder against npm vietnam-qr-pay, refusals, nested 38/01, bank directory, view."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import crcmod.predefined
import pytest

import qrpay
from qrpay.schemes import vietqr
from tests.conftest import FIXTURES

VNQRPAY = json.loads((FIXTURES / "crosscheck" / "vietqr-vietnam-qr-pay.json").read_text(encoding="utf-8"))

# Requests where qrpay deliberately does not write what vietnam-qr-pay 1.5.1 writes, and
# the code it refuses with (docs/schemes/vietqr.md, "Differences from vietnam-qr-pay").
REFUSED: dict[str, str] = {
    # VND has no minor unit; the package passes "10000.50" through
    "vietqr-acb-amount-decimal-string": "amount_precision",
    # "0" is a truthy string: the package writes 54 = "0" with 01 = 12
    "vietqr-acb-amount-0-string": "amount_zero",
    # "" means "no amount" to the package; qrpay asks the caller to omit the amount
    "vietqr-acb-amount-empty-string": "amount_format",
    # 62/08 is format ans: no Vietnamese diacritics, no emoji (the package writes them;
    # the emoji one also with a UTF-16 length)
    "vietqr-vcb-purpose-vietnamese": "invalid_character",
    "vietqr-vcb-purpose-emoji": "invalid_character",
    # 62/08 holds at most 25 characters; the package writes 30, and 100 with length "00"
    "vietqr-purpose-30": "value_too_long",
    "vietqr-purpose-100": "value_too_long",
    # tag 80 = "046" (MoMo's old-account marker) is not an EMVCo template: no GUID
    "vietqr-momo-old-readme": "template_malformed",
}
# The package writes broken TLV (54 length "ed") for a JS number amount; qrpay writes the
# amount correctly from an int.
FIXED = {"vietqr-acb-amount-number"}
# VNPay QR (template 26, A000000775) is another network, not NAPAS VietQR.
NOT_VIETQR = {"vnpay-readme", "vnpay-amount-all"}


def to_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """vietnam-qr-pay's initVietQR options (plus fields set afterwards) as qrpay keywords."""
    options = request["input"]["options"]
    kwargs: dict[str, Any] = {"bank_bin": options["bankBin"]}
    if options.get("service") == "QRIBFTTC":
        kwargs["card_number"] = options["bankNumber"]
    else:
        kwargs["account_number"] = options["bankNumber"]
    if "amount" in options:
        kwargs["amount"] = options["amount"]
    if "purpose" in options:
        kwargs["purpose"] = options["purpose"]
    if "initMethod" in options:
        kwargs["initiation"] = {"11": "static", "12": "dynamic"}[options["initMethod"]]
    names = {
        "category": "merchant_category_code",
        "merchant.name": "merchant_name",
        "city": "merchant_city",
        "additionalData.purpose": "purpose",
    }
    additional: dict[str, str] = {}
    for key, value in request["input"].get("set_after_init", []):
        if key == "additionalData.reference":
            additional["reference_label"] = value
        else:
            kwargs[names[key]] = value
    if additional:
        kwargs["additional_data"] = additional
    unreserved = request["input"].get("setUnreservedField")
    if unreserved:
        kwargs["unreserved"] = dict(unreserved)
    return kwargs


@pytest.mark.parametrize("request_", VNQRPAY["requests"], ids=[r["id"] for r in VNQRPAY["requests"]])
def test_builder_against_vietnam_qr_pay(request_: dict[str, Any]) -> None:
    rid = request_["id"]
    if rid in NOT_VIETQR:
        assert request_["call"] == "QRPay.initVNPayQR"
        theirs = qrpay.decode(request_["output"])
        assert theirs.is_valid and "vietqr" not in theirs.schemes
        return
    kwargs = to_kwargs(request_)
    if rid in REFUSED:
        with pytest.raises(qrpay.InvalidRequest) as caught:
            vietqr.build(**kwargs)
        assert caught.value.code == REFUSED[rid]
        return
    ours = vietqr.build(**kwargs)
    if rid in FIXED:
        with pytest.raises(qrpay.TLVError):
            qrpay.decode(request_["output"])
        assert ours.value("54") == "10000" and ours.is_valid
        return
    assert ours.to_text() == request_["output"]  # byte for byte, CRC included


def test_every_vietnam_qr_pay_request_is_accounted_for() -> None:
    ids = {r["id"] for r in VNQRPAY["requests"]}
    assert set(REFUSED) | FIXED | NOT_VIETQR <= ids
    assert len(ids) == 22 and len(ids - set(REFUSED) - FIXED - NOT_VIETQR) == 11
    assert VNQRPAY["package"] == "vietnam-qr-pay" and VNQRPAY["version"] == "1.5.1"


@pytest.mark.parametrize("entry", VNQRPAY["decode"], ids=[d["id"] for d in VNQRPAY["decode"]])
def test_decoder_agrees_with_vietnam_qr_pay_where_it_is_right(entry: dict[str, Any]) -> None:
    """Where the package's parser reports a VietQR code valid, qrpay reads the same BIN,
    account and purpose; qrpay rejects what the package rejects (and the byte-length one
    it mis-reads)."""
    text = entry["payload"]
    result = entry["result"]
    try:
        payload = qrpay.decode(text)
    except qrpay.DecodeError:
        assert not result["isValid"] or entry["id"] == "neg-purpose-utf8-byte-length"
        return
    if entry["id"] == "neg-purpose-utf8-byte-length":
        # lengths in UTF-8 bytes: qrpay reads the purpose right (with a warning); the
        # package swallows the CRC tag into it
        assert payload.value(("62", "08")) == "Thanh toán đơn hàng"
        assert result["additionalData"]["purpose"] == "Thanh toán đơn hàng6304"
        return
    if result.get("provider", {}).get("name") != "VIETQR" or not result["isValid"]:
        return
    view = vietqr.view(payload)
    assert view.beneficiary is not None
    assert view.beneficiary.bank_bin == result["consumer"]["bankBin"]
    assert view.beneficiary.account_number == result["consumer"]["bankNumber"]
    assert view.beneficiary.service_code == result["provider"]["service"]
    assert view.purpose == result["additionalData"].get("purpose")


# -- builder -------------------------------------------------------------------------------


def test_builder_static_and_dynamic() -> None:
    static = vietqr.build(bank_bin="970403", card_number="9704031101234567")
    assert (
        static.to_text()
        == "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"
    )
    dynamic = vietqr.build(
        bank_bin="970415", account_number="0011001932418", amount=120000, purpose="ung ho lu lut"
    )
    assert dynamic.is_dynamic and dynamic.value("54") == "120000"
    assert dynamic.warnings == ()  # no 52/59/60: VietQR allows it


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({}, "vietqr.account"),
        ({"account_number": "1", "card_number": "2"}, "vietqr.account"),
        ({"account_number": "0011.00.1932418"}, "vietqr.account"),
        ({"account_number": "0" * 20}, "vietqr.account"),
        ({"account_number": "1", "bank_bin": "97041"}, "vietqr.bank_bin"),
        ({"account_number": "1", "bank_bin": "VCB"}, "vietqr.bank_bin"),
        ({"account_number": "1", "amount": "1000.5"}, "amount_precision"),
        ({"account_number": "1", "amount": 1000.0}, "amount_type"),
        ({"account_number": "1", "purpose": "Cảm ơn"}, "invalid_character"),
        ({"account_number": "1", "purpose": "P" * 26}, "value_too_long"),
        ({"account_number": "1", "purpose": "a", "additional_data": {"purpose": "b"}}, "unknown_field"),
        ({"account_number": "1", "merchant_name": "N" * 26}, "value_too_long"),
    ],
)
def test_builder_refusals(kwargs: dict[str, Any], code: str) -> None:
    kwargs = {"bank_bin": "970436", **kwargs}
    with pytest.raises(qrpay.InvalidRequest) as caught:
        vietqr.build(**kwargs)
    assert caught.value.code == code


def test_unknown_bin_is_built_with_a_warning() -> None:
    payload = vietqr.build(bank_bin="979999", account_number="123456")
    assert [i.code for i in payload.warnings] == ["vietqr.bank_unknown"]
    assert payload.view("vietqr").beneficiary.bank is None


# -- view, nested template, directory ---------------------------------------------------------


def test_view_reads_the_nested_beneficiary() -> None:
    view = qrpay.decode(
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
        "62170813ung ho lu lut6304C15C"
    ).view("vietqr")
    beneficiary = view.beneficiary
    assert beneficiary is not None
    assert (beneficiary.bank_bin, beneficiary.account_number) == ("970415", "0011001932418")
    assert beneficiary.service_code == "QRIBFTTA" and not beneficiary.is_card
    assert beneficiary.service == "interbank fund transfer to an account"
    assert beneficiary.bank is not None and beneficiary.bank.short_name == "VietinBank"
    assert (view.amount, view.purpose) == (Decimal("120000"), "ung ho lu lut")


def test_malformed_beneficiary_is_reported_with_its_offset() -> None:
    text = next(
        v["payload"]
        for v in json.loads((FIXTURES / "schemes" / "vietqr" / "synthetic.json").read_text(encoding="utf-8"))[
            "vectors"
        ]
        if v["id"] == "vietqr-beneficiary-not-a-template"
    )
    payload = qrpay.decode(text)
    (found,) = [i for i in payload.issues if i.code == "vietqr.beneficiary_malformed"]
    assert found.path == ("38", "01") and text[found.offset or 0 :].startswith("0120970415-")
    assert payload.view("vietqr").beneficiary.bank_bin is None  # nothing guessed


def test_bank_directory() -> None:
    vcb = vietqr.bank("970436")
    assert vcb is not None and (vcb.short_name, vcb.swift) == ("Vietcombank", "BFTVVNVX")
    renamed = vietqr.bank("970449")
    assert renamed is not None and "LPBank" in (renamed.short_name, *renamed.also_known_as)
    assert vietqr.bank("000000") is None
    from importlib import resources

    data = json.loads(resources.files("qrpay").joinpath("data", "vn_banks.json").read_text(encoding="utf-8"))
    assert "vietnam-qr-pay 1.5.1" in data["source"] and data["generated"].startswith(
        "scripts/update_vn_banks.py"
    )
    assert all(len(b) == 6 and b.isdigit() for b in data["banks"])


# -- issue 10: the QRPUSH service code (payment to a merchant) ---------------------------------

CRC = crcmod.predefined.mkCrcFun("crc-ccitt-false")
# trantuan94/vietqrjs src/decryptor/vietqrv1.decryptor.spec.ts line 10 (commit 3c66284b)
QRPUSH = (
    "00020101021238580010A00000072701300006970403011621129950446040250206QRPUSH52045812530370454061800005802VN"
    "5910PHUONG CAC6005HANOI62110307NPS686963047C1B"
)
# liopayvn/vietqr-php README (NAPAS v1.5.2 test case 6.1.1): the same merchant, static, no 38/02
QRPUSH_NO_SERVICE = (
    "00020101021138480010A00000072701300006970403011621129950446040255204581253037045802VN5910PHUONG CAC"
    "6005HANOI62110307NPS686963045802"
)


def test_qrpush_payloads_carry_their_published_crc() -> None:
    for text in (QRPUSH, QRPUSH_NO_SERVICE):
        assert f"{CRC(text[:-4].encode()):04X}" == text[-4:]


def test_qrpush_is_a_known_service_code() -> None:
    payload = qrpay.decode(QRPUSH)
    assert payload.schemes == ("vietqr",)
    assert [i.code for i in payload.issues] == []
    beneficiary = payload.view("vietqr").beneficiary
    assert (beneficiary.bank_bin, beneficiary.account_number, beneficiary.service_code) == (
        "970403",
        "2112995044604025",
        "QRPUSH",
    )
    assert beneficiary.service == "payment to a merchant (push payment)"
    assert beneficiary.is_merchant_payment and not beneficiary.is_card
    assert vietqr.SCHEME.describe is not None
    assert vietqr.SCHEME.describe(payload, ("38", "02"), "QRPUSH") == "payment to a merchant"


def test_missing_service_code_is_a_warning_read_as_a_payment() -> None:
    payload = qrpay.decode(QRPUSH_NO_SERVICE)
    assert payload.is_valid
    assert [(i.code, i.path, i.severity, i.offset) for i in payload.issues] == [
        ("vietqr.service_code_missing", ("38", "02"), "warning", None)
    ]
    beneficiary = payload.view("vietqr").beneficiary
    assert beneficiary.service_code is None and beneficiary.is_merchant_payment


def test_unknown_service_code_is_still_an_error() -> None:
    body = QRPUSH[:-8].replace("0206QRPUSH", "0206QRPULL")
    text = body + "6304" + f"{CRC((body + '6304').encode()):04X}"
    found = [(i.code, i.severity, i.offset) for i in qrpay.decode(text).issues]
    assert found == [("vietqr.service_code", "error", text.index("0206QRPULL"))]
