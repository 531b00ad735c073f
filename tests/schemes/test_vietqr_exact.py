"""VietQR rules, view, descriptions, builder refusals and relaxations, each checked whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message,
ctx) on a payload assembled here with ``t``/``code`` (CRC by crcmod) and offsets found by
``locate`` (tests/schemes/test_duitnow_exact.py). The base code is the shape of the NAPAS
card example in ``SCHEME.examples`` (38: 00 A000000727, 01 = 00 BIN + 01 account, 02
service code; 53 704; 58 VN; no 52/59/60). Expected values are transcribed from
docs/schemes/vietqr.md (NAPAS QR Code Format v1.5.2 as implemented by vietqr-ts and
vietnam-qr-pay): 38/01 a template of 00 a 6-digit BIN and 01 1-19 letters and digits;
38/02 one of QRIBFTTA, QRIBFTTC, QRCASH, QRPUSH (missing: a warning); a BIN missing from
the directory a warning. Bank names are copied from qrpay/data/vn_banks.json's source,
npm vietnam-qr-pay's bank list (Vietcombank 970436, BIN 970406 renamed from DongA Bank to
Vikki Bank).
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import vietqr
from qrpay.schemes._base import Relaxation
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

SERVICES = "QRIBFTTA, QRIBFTTC, QRCASH, QRPUSH"
ACCOUNT = "0011001932418"
BENEFICIARY = t("00", "970436") + t("01", ACCOUNT)
NAPAS = t("00", "A000000727") + t("01", BENEFICIARY) + t("02", "QRIBFTTA")


def vietqr_code(*, drop: tuple[str, ...] = (), **objects: str) -> str:
    """A VietQR bank-app code with root objects replaced (``_38="..."``) or dropped."""
    base = {"00": "01", "01": "11", "38": NAPAS, "53": "704", "58": "VN"}
    base.update({tag.lstrip("_"): value for tag, value in objects.items()})
    return code(*(t(tag, base[tag]) for tag in sorted(base) if tag not in drop))


def napas(beneficiary: str | None = BENEFICIARY, service: str | None = "QRIBFTTA") -> str:
    out = t("00", "A000000727")
    if beneficiary is not None:
        out += t("01", beneficiary)
    if service is not None:
        out += t("02", service)
    return out


def test_the_base_code_is_clean() -> None:
    assert list(qrpay.decode(vietqr_code()).issues) == []
    assert qrpay.detect(vietqr_code()) == ("vietqr",)


def test_beneficiary_missing() -> None:
    assert scheme_issues(vietqr_code(_38=napas(beneficiary=None)), "vietqr") == [
        (
            "vietqr.beneficiary_missing",
            ("38", "01"),
            None,
            "error",
            "template 38 (A000000727) has no beneficiary organisation (sub-ID 01: bank BIN and account or "
            "card number)",
            {},
        )
    ]


def test_beneficiary_not_a_template() -> None:
    text = vietqr_code(_38=napas(beneficiary="ABC"))
    assert scheme_issues(text, "vietqr") == [
        (
            "vietqr.beneficiary_malformed",
            ("38", "01"),
            locate(text, ("38", "01")),
            "error",
            "38.01 must be a template (00 bank BIN, 01 account or card number): template 38.01 ends with "
            "'ABC', too short for an ID and a length (4 digits, EMVCo MPM 4.1)",
            {"actual": "ABC"},
        )
    ]
    view = vietqr.view(qrpay.decode(text))
    assert view.beneficiary == vietqr.Beneficiary("38", "A000000727", None, None, "QRIBFTTA", None)


def test_service_code_missing_and_unknown() -> None:
    assert scheme_issues(vietqr_code(_38=napas(service=None)), "vietqr") == [
        (
            "vietqr.service_code_missing",
            ("38", "02"),
            None,
            "warning",
            f"template 38 has no service code (sub-ID 02: {SERVICES}); implementations quoting NAPAS "
            "v1.5.2 read a code without one as QRPUSH (payment to a merchant)",
            {},
        )
    ]
    text = vietqr_code(_38=napas(service="QRIBFTT"))
    assert scheme_issues(text, "vietqr") == [
        (
            "vietqr.service_code",
            ("38", "02"),
            locate(text, ("38", "02")),
            "error",
            f"service code 'QRIBFTT' is not one of {SERVICES}",
            {"actual": "QRIBFTT"},
        )
    ]
    for service in ("QRIBFTTA", "QRIBFTTC", "QRCASH", "QRPUSH"):
        assert scheme_issues(vietqr_code(_38=napas(service=service)), "vietqr") == [], service


def test_bank_bin_missing_and_not_six_digits() -> None:
    assert scheme_issues(vietqr_code(_38=napas(beneficiary=t("01", ACCOUNT))), "vietqr") == [
        ("vietqr.bank_bin", ("38", "01", "00"), None, "error", "38.01 has no bank BIN (sub-ID 00)", {})
    ]
    for bin_ in ("97043", "9704360", "97043A"):
        text = vietqr_code(_38=napas(beneficiary=t("00", bin_) + t("01", ACCOUNT)))
        assert scheme_issues(text, "vietqr") == [
            (
                "vietqr.bank_bin",
                ("38", "01", "00"),
                locate(text, ("38", "01", "00")),
                "error",
                f"bank BIN {bin_!r} in 38.01.00 must be 6 digits",
                {},
            )
        ], bin_


def test_bank_not_in_the_directory() -> None:
    text = vietqr_code(_38=napas(beneficiary=t("00", "999999") + t("01", ACCOUNT)))
    assert scheme_issues(text, "vietqr") == [
        (
            "vietqr.bank_unknown",
            ("38", "01", "00"),
            locate(text, ("38", "01", "00")),
            "warning",
            "bank BIN 999999 is not in qrpay's VietQR bank directory (qrpay/data/vn_banks.json); it may be "
            "a bank that joined NAPAS since",
            {"actual": "999999"},
        )
    ]


def test_account_missing_and_not_1_to_19_letters_and_digits() -> None:
    assert scheme_issues(vietqr_code(_38=napas(beneficiary=t("00", "970436"))), "vietqr") == [
        (
            "vietqr.account",
            ("38", "01", "01"),
            None,
            "error",
            "38.01 has no account or card number (sub-ID 01)",
            {},
        )
    ]
    for account in ("A" * 20, "0011-001932418", ""):
        text = vietqr_code(_38=napas(beneficiary=t("00", "970436") + t("01", account)))
        assert scheme_issues(text, "vietqr") == [
            (
                "vietqr.account",
                ("38", "01", "01"),
                locate(text, ("38", "01", "01")),
                "error",
                f"account or card number {account!r} in 38.01.01 must be 1-19 letters and digits",
                {},
            )
        ], account
    for account in ("A" * 19, "7", "abc123"):
        text = vietqr_code(_38=napas(beneficiary=t("00", "970436") + t("01", account)))
        assert scheme_issues(text, "vietqr") == [], account


def test_the_first_of_a_repeated_sub_id_counts() -> None:
    # 38/01 with 00 and 01 twice: the rules and the view read the first of each
    beneficiary = t("00", "970436") + t("01", ACCOUNT) + t("00", "97X") + t("01", "-")
    text = vietqr_code(_38=napas(beneficiary=beneficiary))
    assert scheme_issues(text, "vietqr") == []
    view = vietqr.view(qrpay.decode(text))
    assert view.beneficiary is not None
    assert (view.beneficiary.bank_bin, view.beneficiary.account_number) == ("970436", ACCOUNT)


def test_every_napas_template_is_checked_and_the_first_is_viewed() -> None:
    second = napas(beneficiary=t("00", "970415") + t("01", "1"), service="BAD")
    text = vietqr_code(_26=napas(), _38=second)
    assert [i[0:2] for i in scheme_issues(text, "vietqr")] == [("vietqr.service_code", ("38", "02"))]
    view = vietqr.view(qrpay.decode(text))
    assert view.beneficiary is not None and view.beneficiary.tag == "26"
    assert view.beneficiary.bank_bin == "970436"
    # 51 is the last account template NAPAS's AID is looked for in; lower case counts too
    text = vietqr_code(_51=t("00", "a000000727") + t("01", BENEFICIARY) + t("02", "QRX"), drop=("38",))
    assert [i[0:2] for i in scheme_issues(text, "vietqr")] == [("vietqr.service_code", ("51", "02"))]
    assert [o.tag for o in vietqr._napas_templates(qrpay.decode(text))] == ["51"]


def test_napas_templates_only_in_26_51() -> None:
    payload = qrpay.decode(vietqr_code(_26=t("00", "A0000007270") + t("01", "X")))
    assert [o.tag for o in vietqr._napas_templates(payload)] == ["38"]
    # an unreserved template (80) with NAPAS's AID is not a merchant account template
    text = vietqr_code(_80=t("00", "A000000727") + t("02", "BAD"))
    assert [o.tag for o in vietqr._napas_templates(qrpay.decode(text))] == ["38"]
    assert scheme_issues(text, "vietqr") == []
    beneficiary = qrpay.decode(vietqr_code()).get(("38",))
    assert beneficiary is not None
    assert vietqr._beneficiary_objects(beneficiary) is not None
    no_01 = qrpay.decode(vietqr_code(_38=napas(beneficiary=None))).get("38")
    assert no_01 is not None and vietqr._beneficiary_objects(no_01) is None


# -- view -------------------------------------------------------------------------------------


VIETCOMBANK = vietqr.VnBank("970436", "Vietcombank", "Ngân hàng TMCP Ngoại Thương Việt Nam", "BFTVVNVX", ())


def test_view_every_field() -> None:
    text = vietqr_code(_01="12", _54="50000", _62=t("01", "INV1") + t("08", "Thanh toan"))
    assert vietqr.view(qrpay.decode(text)) == vietqr.VietQRView(
        vietqr.Beneficiary("38", "A000000727", "970436", ACCOUNT, "QRIBFTTA", VIETCOMBANK),
        Decimal("50000"),
        "Thanh toan",
        "INV1",
    )
    assert vietqr.view(qrpay.decode(code(t("00", "01"), t("53", "704"), t("58", "VN")))) == vietqr.VietQRView(
        None, None, None, None
    )


def test_view_without_a_bin() -> None:
    text = vietqr_code(_38=napas(beneficiary=t("01", ACCOUNT), service=None))
    assert vietqr.view(qrpay.decode(text)).beneficiary == vietqr.Beneficiary(
        "38", "A000000727", None, ACCOUNT, None, None
    )


def test_beneficiary_properties() -> None:
    def ben(service: str | None) -> vietqr.Beneficiary:
        return vietqr.Beneficiary("38", "A000000727", "970436", "1", service, None)

    assert ben("QRIBFTTC").is_card and not ben("QRIBFTTA").is_card and not ben(None).is_card
    assert ben("QRPUSH").is_merchant_payment and ben(None).is_merchant_payment
    assert not ben("QRIBFTTA").is_merchant_payment and not ben("QRCASH").is_merchant_payment
    assert ben("QRIBFTTA").service == "interbank fund transfer to an account"
    assert ben("QRIBFTTC").service == "interbank fund transfer to a card"
    assert ben("QRCASH").service == "ATM cash withdrawal"
    assert ben("QRPUSH").service == "payment to a merchant (push payment)"
    assert ben("OTHER").service is None and ben(None).service is None


def test_bank_directory() -> None:
    assert vietqr.bank("970436") == VIETCOMBANK
    renamed = vietqr.bank("970406")
    assert renamed is not None
    assert (renamed.short_name, renamed.also_known_as) == ("Vikki Bank", ("DongA Bank",))
    assert vietqr.bank("999999") is None


# -- describe, relaxations --------------------------------------------------------------------


def test_describe() -> None:
    describe = vietqr.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(vietqr_code())
    assert describe(payload, ("38", "02"), "QRIBFTTA") == "transfer to an account"
    assert describe(payload, ("38", "02"), "QRIBFTTC") == "transfer to a card"
    assert describe(payload, ("38", "02"), "QRCASH") == "cash withdrawal at an ATM"
    assert describe(payload, ("38", "02"), "QRPUSH") == "payment to a merchant"
    assert describe(payload, ("38", "02"), "OTHER") is None
    assert (
        describe(payload, ("38", "01"), BENEFICIARY) == f"Vietcombank (BIN 970436), account or card {ACCOUNT}"
    )
    assert (
        describe(payload, ("38", "01"), t("00", "999999") + t("01", "12")) == "BIN 999999, account or card 12"
    )
    assert describe(payload, ("38", "01"), t("01", "12")) == "BIN None, account or card 12"
    assert describe(payload, ("38", "01"), "ABC") is None
    assert describe(payload, ("38", "00"), "A000000727") is None
    assert describe(payload, ("26", "02"), "QRIBFTTA") is None
    assert describe(payload, ("02",), "QRIBFTTA") is None
    assert describe(payload, ("38", "01", "00"), "970436") is None


def test_relaxations() -> None:
    assert vietqr.SCHEME.relaxations == (
        Relaxation("missing_field", ("52",), reason="VietQR bank-app codes omit the MCC"),
        Relaxation("missing_field", ("59",), reason="VietQR bank-app codes omit the merchant name"),
        Relaxation("missing_field", ("60",), reason="VietQR bank-app codes omit the merchant city"),
    )


# -- builder ----------------------------------------------------------------------------------


def refusal(**kwargs: Any) -> tuple[Any, ...]:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        vietqr.build(**kwargs)
    error = caught.value
    return (error.code, error.path, error.message, dict(error.ctx))


def test_builder_refusals_whole() -> None:
    both = "give exactly one of account_number (QRIBFTTA) and card_number (QRIBFTTC)"
    assert refusal(bank_bin="970436") == ("vietqr.account", ("38", "01", "01"), both, {})
    assert refusal(bank_bin="970436", account_number="1", card_number="2") == (
        "vietqr.account",
        ("38", "01", "01"),
        both,
        {},
    )
    assert refusal(bank_bin="97043", account_number="1") == (
        "vietqr.bank_bin",
        ("38", "01", "00"),
        "bank_bin: '97043' must be the 6-digit NAPAS BIN of the bank",
        {"actual": "97043"},
    )
    assert refusal(bank_bin="970436", account_number="0011-00") == (
        "vietqr.account",
        ("38", "01", "01"),
        "account_number: '0011-00' must be 1-19 letters and digits (NAPAS)",
        {"actual": "0011-00"},
    )
    assert refusal(bank_bin="970436", card_number="9" * 20) == (
        "vietqr.account",
        ("38", "01", "01"),
        f"card_number: {'9' * 20!r} must be 1-19 letters and digits (NAPAS)",
        {"actual": "9" * 20},
    )
    for key in ("purpose", "bill_number"):
        assert refusal(bank_bin="970436", account_number="1", additional_data={key: "A"}, **{key: "B"}) == (
            "unknown_field",
            ("62",),
            f"{key} is given twice (keyword and additional_data)",
            {},
        )


def test_builder_writes_every_object() -> None:
    ours = vietqr.build(bank_bin="970436", account_number=ACCOUNT, amount=50000, purpose="Thanh toan")
    assert ours.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("38", NAPAS),
        t("53", "704"),
        t("54", "50000"),
        t("58", "VN"),
        t("62", t("08", "Thanh toan")),
    )
    card = "9704031101234567"
    ours = vietqr.build(
        bank_bin="970403", card_number=card, bill_number="INV1", additional_data={"terminal_label": "T1"}
    )
    assert ours.to_text() == code(
        t("00", "01"),
        t("01", "11"),
        t("38", t("00", "A000000727") + t("01", t("00", "970403") + t("01", card)) + t("02", "QRIBFTTC")),
        t("53", "704"),
        t("58", "VN"),
        t("62", t("01", "INV1") + t("07", "T1")),
    )
    ours = vietqr.build(
        bank_bin="970436",
        account_number="1",
        initiation="dynamic",
        merchant_name="SHOP",
        merchant_city="HANOI",
        merchant_category_code="5812",
        postal_code="100000",
        unreserved={"80": {"00": "VN.EXAMPLE", "01": "X"}},
    )
    assert ours.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("38", t("00", "A000000727") + t("01", t("00", "970436") + t("01", "1")) + t("02", "QRIBFTTA")),
        t("52", "5812"),
        t("53", "704"),
        t("58", "VN"),
        t("59", "SHOP"),
        t("60", "HANOI"),
        t("61", "100000"),
        t("80", t("00", "VN.EXAMPLE") + t("01", "X")),
    )


def test_bank_directory_is_read_as_utf8_whatever_the_locale() -> None:
    """The directory's Vietnamese names are UTF-8: an ASCII locale (C, no coercion) must not change them."""
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    script = (
        "import codecs, locale, sys\n"
        "from qrpay.schemes import vietqr\n"
        "sys.stdout.write(ascii((codecs.lookup(locale.getpreferredencoding(False)).name, vietqr.bank('970436').name)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    # the locale really is ASCII; the name as in npm vietnam-qr-pay 1.5.1's bank list (docs/schemes/vietqr.md)
    assert done.stdout.decode("ascii") == ascii(("ascii", "Ngân hàng TMCP Ngoại Thương Việt Nam"))
