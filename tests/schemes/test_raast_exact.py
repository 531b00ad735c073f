"""Pakistani merchant QR (SBP / Raast P2M) rules, view and detection, each checked whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx)
on a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. The base code is
MCB's published static code (MILAN BOUTIQUE, CRC 0E26), rebuilt here from its fields.

The limits come from the sources docs/schemes/raast.md and world-schemes.md section 7 cite,
not from qrpay's constants:

* 28/02, the merchant IBAN: SWIFT IBAN Registry, Pakistan ``PK2!n4!a16!c`` = 24 characters
  (``PK``, 2 check digits, a 4-letter bank code, 16 letters or digits), check digits such
  that the number mod 97 is 1 (ISO 13616-1) - an **error**. The check digits of the IBANs
  that break only a length are computed by ``check_digits`` below (ISO 13616-1's algorithm,
  written here), so that the length alone is wrong.
* 28/01, the acquirer's BIC: 8 or 11 characters (ISO 9362; every real code: ``MUCBPKKKRTG``,
  ``GPAYFAST``, ``TMICFBPK``) - a warning (observed).
* An IBAN has at most 34 characters (ISO 13616-1: 30 after ``PK`` and the check digits);
  detection reads a template 28 whose 02 is ``PK``, 2 digits and 10 to 30 letters or digits
  (docs/schemes/raast.md, "Recognised by") so that a mistyped IBAN is still reported.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import qrpay
from qrpay.schemes import raast
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

#: MCB's static code for MILAN BOUTIQUE (test_raast.py's MCB[0]; world-schemes.md appendix)
MILAN = (
    "00020101021128790032f5afde196d1845a59181b9e0a7c60e3e0111MUCBPKKKRTG0224PK58MUCB0077128401008349"
    "5204562153035865802PK5914MILAN BOUTIQUE6007Karachi63040E26"
)
QR_ID = "f5afde196d1845a59181b9e0a7c60e3e"
BIC = "MUCBPKKKRTG"
IBAN = "PK58MUCB0077128401008349"
IBAN_RULE = (
    "PK + 2 check digits + 4-letter bank code + 16 characters, check digits mod 97 = 1 "
    "(ISO 13616-1; SWIFT IBAN registry)"
)


def check_digits(bank_and_account: str) -> str:
    """ISO 13616-1: 98 minus (BBAN + "PK00", letters as 10-35) mod 97, two digits."""
    moved = bank_and_account + "PK00"
    number = int("".join(str(ord(c) - 55) if c.isalpha() else c for c in moved))
    return f"{98 - number % 97:02d}"


def pk_iban(bank_and_account: str) -> str:
    return "PK" + check_digits(bank_and_account) + bank_and_account


def account(qr_id: str | None = QR_ID, bic: str | None = BIC, iban: str | None = IBAN, more: str = "") -> str:
    parts = [("00", qr_id), ("01", bic), ("02", iban)]
    return "".join(t(sub, value) for sub, value in parts if value is not None) + more


def raast_code(*, template: str | None = None, tag: str = "28", extra: dict[str, str] | None = None) -> str:
    objects = {
        "00": "01",
        "01": "11",
        tag: account() if template is None else template,
        "52": "5621",
        "53": "586",
        "58": "PK",
        "59": "MILAN BOUTIQUE",
        "60": "Karachi",
    }
    objects.update(extra or {})
    return code(*(t(key, objects[key]) for key in sorted(objects)))


def iban_issue(text: str, value: str) -> tuple[object, ...]:
    return (
        "raast.iban",
        ("28", "02"),
        locate(text, ("28", "02")),
        "error",
        f"28.02 {value!r} is not a valid Pakistani IBAN: {IBAN_RULE}",
        {"actual": value},
    )


def bic_issue(text: str, value: str) -> tuple[object, ...]:
    return (
        "raast.bic",
        ("28", "01"),
        locate(text, ("28", "01")),
        "warning",
        f"28.01 is {value!r}; every real code has the acquirer's BIC there, 8 or 11 upper-case letters and digits",
        {"actual": value},
    )


def test_the_base_code_is_mcbs_published_code_and_clean() -> None:
    assert raast_code() == MILAN
    assert qrpay.decode(MILAN).issues == ()
    assert qrpay.detect(MILAN) == ("raast",)


def test_the_independent_check_digits_agree_with_the_published_ibans() -> None:
    # MCB, Easypaisa (test_raast.py) and the SWIFT registry's own example for Pakistan
    for published in (IBAN, "PK92TMFB0000000012973789", "PK36SCBL0000001123456702"):
        assert pk_iban(published[4:]) == published
        assert raast.iban_is_valid(published)


@pytest.mark.parametrize(
    "iban",
    [
        "PK59MUCB0077128401008349",  # check digits off by one
        "PK58MUCB0077128401008394",  # two digits swapped
        "PK58MUC10077128401008349",  # a digit in the bank code
        "pk58mucb0077128401008349",  # lower case
    ],
)
def test_iban_not_valid(iban: str) -> None:
    text = raast_code(template=account(iban=iban))
    assert qrpay.detect(text) == ("raast",)
    assert scheme_issues(text, "raast") == [iban_issue(text, iban)]
    assert not raast.iban_is_valid(iban)


def test_iban_length_at_24_and_one_past_and_one_short() -> None:
    """SWIFT IBAN Registry, Pakistan: 24 characters; each IBAN here has right check digits."""
    at_limit = pk_iban("MUCB" + "0077128401008349")
    past, short = pk_iban("MUCB" + "00771284010083491"), pk_iban("MUCB" + "007712840100834")
    assert (len(at_limit), len(past), len(short)) == (24, 25, 23)
    assert scheme_issues(raast_code(template=account(iban=at_limit)), "raast") == []
    for iban in (past, short):
        text = raast_code(template=account(iban=iban))
        assert scheme_issues(text, "raast") == [iban_issue(text, iban)]


def test_iban_bank_code_four_letters_with_right_check_digits() -> None:
    """PK2!n4!a16!c: letters in the bank code, letters or digits after it."""
    letters_after = pk_iban("MUCB" + "ABCDEFGHIJ012345")
    assert scheme_issues(raast_code(template=account(iban=letters_after)), "raast") == []
    digit_in_bank = pk_iban("MUC1" + "0077128401008349")
    text = raast_code(template=account(iban=digit_in_bank))
    assert scheme_issues(text, "raast") == [iban_issue(text, digit_in_bank)]


@pytest.mark.parametrize("bic", ["MUCBPKKK", "MUCBPKKKRTG", "GPAYFAST", "TMICFBPK", "12345678"])
def test_bic_of_8_or_11_is_clean(bic: str) -> None:
    assert scheme_issues(raast_code(template=account(bic=bic)), "raast") == []


@pytest.mark.parametrize(
    "bic",
    [
        "MUCBPKK",  # 7: one short of 8
        "MUCBPKKKR",  # 9: one past 8
        "MUCBPKKKRT",  # 10: one short of 11
        "MUCBPKKKRTGX",  # 12: one past 11
        "mucbpkkkrtg",  # lower case
        "MUCB-KKKRTG",  # not a letter or digit
    ],
)
def test_bic_not_8_or_11_letters_and_digits(bic: str) -> None:
    text = raast_code(template=account(bic=bic))
    assert scheme_issues(text, "raast") == [bic_issue(text, bic)]


def test_market_warnings_then_iban_then_bic() -> None:
    iban = "PK59MUCB0077128401008349"
    text = raast_code(template=account(bic="MUCB", iban=iban), extra={"53": "840", "58": "IN"})
    source = "SBP QR standard as observed in real codes; the text is not public"
    title = "Pakistan merchant QR (SBP / Raast P2M)"
    assert scheme_issues(text, "raast") == [
        (
            "raast.currency",
            ("53",),
            locate(text, ("53",)),
            "warning",
            f"{title} payments are in PKR (586), not '840' ({source})",
            {"actual": "840"},
        ),
        (
            "raast.country",
            ("58",),
            locate(text, ("58",)),
            "warning",
            f"country code is 'IN'; {title} codes carry PK ({source})",
            {"actual": "IN"},
        ),
        iban_issue(text, iban),
        bic_issue(text, "MUCB"),
    ]


def test_only_the_first_template_28_is_checked() -> None:
    second = account(bic="mucb", iban="PK59MUCB0077128401008349")
    body = raast_code()[:-8]
    split = body.index("5204")
    text = code(body[:split], t("28", second), body[split:])
    payload = qrpay.decode(text)
    assert payload.schemes == ("raast",)
    assert [(i.code, i.path) for i in payload.issues] == [("duplicate_tag", ("28",))]
    assert payload.view("raast").account == raast.RaastAccount("28", QR_ID, BIC, IBAN, {})


def test_the_28_without_its_id_is_emvcos_guid_missing_and_still_checked() -> None:
    text = raast_code(template=account(qr_id=None, bic="MUCB"))
    assert qrpay.detect(text) == ("raast",)
    assert scheme_issues(text, "raast") == [bic_issue(text, "MUCB")]
    assert [(i.code, i.path, i.severity) for i in qrpay.decode(text).issues if i.scheme is None] == [
        ("guid_missing", ("28",), "error")
    ]


@pytest.mark.parametrize(
    ("template", "tag"),
    [
        (account(), "26"),  # the same template in another tag
        (account(), "51"),
        (account(bic=None), "28"),  # no BIC
        (account(iban=None), "28"),  # no IBAN
        (account(iban="0077128401008349"), "28"),  # 02 is no IBAN
        (account(iban="PKABMUCB0077128401008349"), "28"),  # no check digits
        (account(iban="PK58MUCB0"), "28"),  # PK, 2 digits and 5 more: too short to be one
    ],
)
def test_not_claimed(template: str, tag: str) -> None:
    text = raast_code(template=template, tag=tag)
    payload = qrpay.decode(text)
    assert payload.schemes == ()
    assert raast.view(payload).account is None
    assert scheme_issues(text, "raast") == []


def test_a_28_that_is_no_template_is_not_claimed() -> None:
    text = raast_code(template="PK58MUCB0077128401008349")
    payload = qrpay.decode(text)
    assert payload.schemes == () and raast.view(payload).account is None


def test_detection_reads_an_iban_of_14_to_34_characters() -> None:
    """ISO 13616-1: at most 34 characters. Below 14 (``PK``, 2 digits, 10 more) detection
    does not take 02 for an IBAN (docs/schemes/raast.md, "Recognised by")."""
    for length, claimed in ((13, False), (14, True), (34, True), (35, False)):
        iban = "PK58MUCB" + "1" * (length - 8)
        assert len(iban) == length
        text = raast_code(template=account(iban=iban))
        assert qrpay.detect(text) == (("raast",) if claimed else ()), length
        if claimed:
            assert scheme_issues(text, "raast") == [iban_issue(text, iban)]
    # mixed case still reads as a (mistyped) IBAN
    lower = raast_code(template=account(iban="pK58mucb0077128401008349"))
    assert qrpay.detect(lower) == ("raast",)


def test_rupee_amounts_have_at_most_two_decimals() -> None:
    """ISO 4217: PKR has 2 minor-unit digits; EMVCo's amount_precision is an error."""
    assert qrpay.decode(raast_code(extra={"54": "150.50"})).issues == ()
    text = raast_code(extra={"54": "150.505"})
    assert [(i.code, i.path, i.severity) for i in qrpay.decode(text).issues] == [
        ("amount_precision", ("54",), "error")
    ]


def test_view_every_field() -> None:
    more = t("03", "X") + t("01", "B") + t("77", "Y")  # a second 01: the first is read
    text = raast_code(
        template=account(more=more),
        extra={
            "54": "150.50",
            "62": t("00", "DQR4B068L78N249N1DXD23RVABOJBU9Q")
            + t("01", "BILL7")
            + t("05", "REF5")
            + t("07", "TERM7")
            + t("08", "Other"),
        },
    )
    got = raast.view(qrpay.decode(text))
    assert got == raast.RaastView(
        account=raast.RaastAccount("28", QR_ID, BIC, IBAN, {"03": "X", "77": "Y"}),
        merchant_name="MILAN BOUTIQUE",
        merchant_city="Karachi",
        merchant_category_code="5621",
        amount=Decimal("150.50"),
        transaction_id="DQR4B068L78N249N1DXD23RVABOJBU9Q",
        bill_number="BILL7",
        reference_label="REF5",
        terminal_label="TERM7",
        purpose="Other",
    )
    assert got.account is not None and got.account.bank_code == "MUCB"


def test_view_of_a_code_without_62_and_of_an_account_without_an_id() -> None:
    got = raast.view(qrpay.decode(raast_code(template=account(qr_id=None))))
    assert got.account == raast.RaastAccount("28", None, BIC, IBAN, {})
    assert (got.amount, got.transaction_id, got.bill_number, got.reference_label) == (None, None, None, None)
    assert (got.terminal_label, got.purpose) == (None, None)


def test_bank_code_is_the_four_characters_after_the_check_digits() -> None:
    assert raast.RaastAccount("28", None, None, "PK58MUCB", {}).bank_code == "MUCB"
    assert raast.RaastAccount("28", None, None, "PK58MUC", {}).bank_code is None
    assert raast.RaastAccount("28", None, None, None, {}).bank_code is None


def test_relaxations_of_the_id_and_62_00() -> None:
    # Easypaisa's 28/00 is mixed case (no GUID) and dynamic codes carry an ID in 62/00
    easypaisa_id = "EpGdjILBmzzJ3USyc3wuXjD1SPLJ6fgN"
    text = raast_code(template=account(qr_id=easypaisa_id), extra={"62": t("00", "OPS2.0")})
    assert qrpay.decode(text).issues == ()
    # the same values where the profile is not detected keep EMVCo's issues
    other = raast_code(template=account(qr_id=easypaisa_id), tag="26", extra={"62": t("00", "OPS2.0")})
    assert {(i.code, i.path) for i in qrpay.decode(other).issues} >= {
        ("guid_format", ("26", "00")),
        ("unallocated_tag", ("62", "00")),
    }
