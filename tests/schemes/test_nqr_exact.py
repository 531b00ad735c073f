"""NQR (NIBSS) rules, view and detection beside UnionPay, each checked whole, and its limits at
the limit and one past it (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx) on
a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. No NIBSS
specification text is public; the rules are transcribed from docs/schemes/nqr.md and
world-schemes.md section 16, which rest on real CRC-valid codes [obs]: tag 26 with sub-ID 00
``NG.COM.NIBSS-PLC.QR`` or ``NG.COM.NIBSSPLC.QR``, 01 the sub-merchant number ``S`` + digits,
02 a 30-digit order number on dynamic codes, a ``15`` masked with ``*``, currency 566 (NGN),
country NG; every rule a warning. (world-schemes.md says "S + 12 digits"; the real codes it
lists have S + 10, ``S0000000695``, so no count is checked.) The base code is NIBSS's static
test code (tests/schemes/test_nqr.py, search index id 14500929878), rebuilt here from its fields
and compared with its published CRC 9DF0.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import get_scheme, nqr
from tests.schemes import test_nqr as real
from tests.schemes.test_boundaries import edited
from tests.schemes.test_duitnow_exact import all_issues, code, locate, scheme_issues, t

HYPHEN = "NG.COM.NIBSS-PLC.QR"
PLAIN = "NG.COM.NIBSSPLC.QR"
MASKED = "**999166**999166****M0000000939"
ACCOUNT = t("00", PLAIN) + t("01", "S0000000695")
SOURCE = "NQR as observed in real codes; no NIBSS specification is public"


def nqr_code(
    *,
    account: str = ACCOUNT,
    account_tag: str = "26",
    masked: str | None = MASKED,
    extra: dict[str, str] | None = None,
) -> str:
    """NIBSS's static test code with changes; ``extra`` adds or replaces root tags."""
    objects = {
        "00": "01",
        "01": "11",
        account_tag: account,
        "52": "0000",
        "53": "566",
        "54": "4000",
        "58": "NG",
        "59": "Merchant A Test Jaiz Bank",
        "60": "Nigeria",
    }
    if masked is not None:
        objects["15"] = masked
    objects.update(extra or {})
    return code(*(t(tag, objects[tag]) for tag in sorted(objects)))


STATIC = nqr_code()


def layout(text: str, value: str) -> tuple[Any, ...]:
    return (
        "unionpay.account_layout",
        ("15",),
        locate(text, ("15",)),
        "warning",
        f"UnionPay account {value!r} ({len(value)} characters) does not have the observed layout: acquirer "
        "IIN (8 digits) + forwarding IIN (8 digits) + merchant ID (15 characters)",
        {"actual": value},
    )


def test_the_base_code_is_the_real_one() -> None:
    assert STATIC.endswith("63049DF0")  # the CRC published with the real code
    # the module's examples are NIBSS's two test codes as published (tests/schemes/test_nqr.py)
    assert nqr.SCHEME.examples == (real.DYNAMIC, real.STATIC)
    assert real.STATIC == STATIC


def test_masked_15_is_unionpays_too() -> None:
    # as it behaves now: the masked 15 makes UnionPay's matcher (any primitive 15) fire, UnionPay
    # reports the masked value's layout, NQR does not take the code away from it
    assert qrpay.detect(STATIC) == ("unionpay", "nqr")
    assert all_issues(STATIC) == [layout(STATIC, MASKED)]
    # without the 15 the code is NQR's alone, and clean
    text = nqr_code(masked=None)
    assert qrpay.detect(text) == ("nqr",)
    assert all_issues(text) == []
    # a 15 in UnionPay's layout: both schemes, no issue
    assert qrpay.detect(nqr_code(masked="1" * 31)) == ("unionpay", "nqr")
    assert all_issues(nqr_code(masked="1" * 31)) == []
    # the schemes are listed in the order of their objects: 15 written after 26 lists NQR first
    text = code(
        t("00", "01"),
        t("01", "11"),
        t("26", ACCOUNT),
        t("15", MASKED),
        t("52", "0000"),
        t("53", "566"),
        t("58", "NG"),
        t("59", "Merchant A Test Jaiz Bank"),
        t("60", "Nigeria"),
    )
    assert qrpay.detect(text) == ("nqr", "unionpay")
    assert all_issues(text) == [layout(text, MASKED)]


@pytest.mark.parametrize("guid", [HYPHEN, PLAIN, HYPHEN.lower(), "Ng.Com.NibssPlc.Qr"])
def test_both_spellings_in_any_case(guid: str) -> None:
    text = nqr_code(account=t("00", guid) + t("01", "S0000000695"), masked=None)
    assert qrpay.detect(text) == ("nqr",)
    assert all_issues(text) == []
    got = nqr.view(qrpay.decode(text))
    assert got.account is not None and got.account.guid == guid  # as written


@pytest.mark.parametrize(
    "guid", ["NG.COM.NIBSS.PLC.QR", "NG.COM.NIBSS-PLC", "NG.COM.NIBSS-PLC.QR.X", "NIBSS"]
)
def test_lookalike_guids_are_not_nqr(guid: str) -> None:
    text = nqr_code(account=t("00", guid) + t("01", "S0000000695"), masked=None)
    assert qrpay.detect(text) == ()
    assert nqr.view(qrpay.decode(text)).account is None


def test_currency_not_ngn() -> None:
    text = nqr_code(masked=None, extra={"53": "840"})
    assert scheme_issues(text, "nqr") == [
        (
            "nqr.currency",
            ("53",),
            locate(text, ("53",)),
            "warning",
            f"NQR (NIBSS) payments are in NGN (566), not '840' ({SOURCE})",
            {"actual": "840"},
        )
    ]


def test_country_not_ng() -> None:
    text = nqr_code(masked=None, extra={"58": "GH"})
    assert scheme_issues(text, "nqr") == [
        (
            "nqr.country",
            ("58",),
            locate(text, ("58",)),
            "warning",
            f"country code is 'GH'; NQR (NIBSS) codes carry NG ({SOURCE})",
            {"actual": "GH"},
        )
    ]


@pytest.mark.parametrize("tag", ["27", "51"])
def test_account_not_in_26(tag: str) -> None:
    text = nqr_code(account_tag=tag, masked=None)
    assert qrpay.detect(text) == ("nqr",)
    assert all_issues(text) == [
        (
            "nqr.account_tag",
            (tag,),
            locate(text, (tag,)),
            "warning",
            f"the NIBSS account is in tag {tag}; every real NQR code uses 26",
            {"actual": tag},
        )
    ]
    got = nqr.view(qrpay.decode(text))
    assert got.account == nqr.NqrAccount(tag, PLAIN, "S0000000695", None, {})


@pytest.mark.parametrize("tag", ["26", "27"])
def test_sub_merchant_missing(tag: str) -> None:
    text = nqr_code(account_tag=tag, account=t("00", PLAIN) + t("02", "9" * 30), masked=None)
    assert scheme_issues(text, "nqr")[-1] == (
        "nqr.sub_merchant",
        (tag, "01"),
        None,
        "warning",
        "the NQR sub-merchant number (26.01) is missing; every real NQR code has S followed by digits there",
        {},
    )
    assert len(scheme_issues(text, "nqr")) == (1 if tag == "26" else 2)


@pytest.mark.parametrize(
    "sub",
    [
        "S",  # no digits: one short of the shortest
        "0000000695",  # no S
        "s0000000695",  # a lower-case s
        "S000000069X",
        "S0000000695 ",
        "SS0000000695",
        "S\u0660\u0661",  # Arabic-Indic digits
    ],
)
def test_sub_merchant_not_s_and_digits(sub: str) -> None:
    text = nqr_code(account=t("00", PLAIN) + t("01", sub), masked=None)
    assert scheme_issues(text, "nqr") == [
        (
            "nqr.sub_merchant",
            ("26", "01"),
            locate(text, ("26", "01")),
            "warning",
            f"the NQR sub-merchant number (26.01) is {sub!r}; every real NQR code has S followed by digits there",
            {},
        )
    ]


@pytest.mark.parametrize("sub", ["S0", "S0000000001", "S" + "9" * 20])
def test_sub_merchant_s_and_any_number_of_digits(sub: str) -> None:
    text = nqr_code(account=t("00", PLAIN) + t("01", sub), masked=None)
    assert all_issues(text) == []


def test_the_first_01_is_the_sub_merchant() -> None:
    text = nqr_code(account=ACCOUNT + t("01", "bad"), masked=None)
    assert scheme_issues(text, "nqr") == []
    assert nqr.view(qrpay.decode(text)).account == nqr.NqrAccount("26", PLAIN, "S0000000695", None, {})
    text = nqr_code(account=t("00", PLAIN) + t("01", "bad") + t("01", "S0000000695"), masked=None)
    assert [i[4] for i in scheme_issues(text, "nqr")] == [
        "the NQR sub-merchant number (26.01) is 'bad'; every real NQR code has S followed by digits there"
    ]


def test_only_the_first_nibss_template_is_checked_and_viewed() -> None:
    second = t("00", HYPHEN) + t("01", "bad")
    text = nqr_code(masked=None, extra={"27": second, "28": second})
    assert scheme_issues(text, "nqr") == []
    assert nqr.view(qrpay.decode(text)).account == nqr.NqrAccount("26", PLAIN, "S0000000695", None, {})
    text = nqr_code(account=t("00", PLAIN), masked=None, extra={"27": ACCOUNT})
    assert [(i[0], i[1]) for i in scheme_issues(text, "nqr")] == [("nqr.sub_merchant", ("26", "01"))]


def test_templates_of_other_schemes_are_passed_over() -> None:
    promptpay = t("00", "A000000677010111") + t("01", "0812345678")
    text = nqr_code(account=promptpay, masked=None, extra={"27": t("00", HYPHEN) + t("01", "bad")})
    assert qrpay.detect(text) == ("promptpay", "nqr")
    assert [(i[0], i[1]) for i in scheme_issues(text, "nqr")] == [
        ("nqr.account_tag", ("27",)),
        ("nqr.sub_merchant", ("27", "01")),
    ]
    assert nqr.view(qrpay.decode(text)).account == nqr.NqrAccount("27", HYPHEN, "bad", None, {})


def test_view_every_field() -> None:
    order = "999166200521092252016378356101"
    account = t("00", HYPHEN) + t("01", "S0000000001") + t("02", order) + t("03", "X") + t("00", "again")
    text = nqr_code(account=account, extra={"54": "200.00", "52": "5999", "60": "Lagos", "59": "MTN NIGERIA"})
    got = nqr.view(qrpay.decode(text))
    assert got == nqr.NqrView(
        account=nqr.NqrAccount("26", HYPHEN, "S0000000001", order, {"03": "X"}),
        merchant_name="MTN NIGERIA",
        merchant_city="Lagos",
        merchant_category_code="5999",
        amount=Decimal("200.00"),
        masked_15=MASKED,
    )


def test_view_without_nqr() -> None:
    other = code(
        t("00", "01"),
        t("01", "11"),
        t("26", t("00", "A000000677010111") + t("01", "0812345678")),
        t("53", "764"),
        t("58", "TH"),
    )
    assert nqr.view(qrpay.decode(other)) == nqr.NqrView(None, None, None, None, None, None)
    # a NIBSS GUID outside 26-51 is no NQR account: neither viewed nor checked
    for tag in ("25", "80"):
        text = nqr_code(account_tag=tag, account=t("00", PLAIN), masked=None)
        assert nqr.view(qrpay.decode(text)).account is None
        assert list(nqr.check(qrpay.decode(text), datetime(2026, 1, 1))) == []


def test_no_describe_no_expiry_and_the_clock_is_ignored() -> None:
    scheme = get_scheme("nqr")
    assert scheme.describe is None and scheme.expiry is None
    payload = qrpay.decode(nqr_code(account=t("00", PLAIN), masked=None))
    for now in (datetime(1970, 1, 1, tzinfo=timezone.utc), datetime(2999, 12, 31, tzinfo=timezone.utc)):
        assert [i.code for i in nqr.check(payload, now)] == ["nqr.sub_merchant"]


# Boundaries: the published examples with one value replaced (``edited`` of test_boundaries).


@pytest.mark.parametrize("example", [0, 1])
def test_sub_merchant_digits_at_the_limit_and_past_it(example: int) -> None:
    # the fewest digits after S is one: "S0" is silent, "S" (one fewer) is reported
    text = nqr.SCHEME.examples[example]
    base = scheme_issues(text, "nqr")
    assert base == []
    assert scheme_issues(edited(text, {("26", "01"): "S0"}), "nqr") == []
    past = edited(text, {("26", "01"): "S"})
    assert scheme_issues(past, "nqr") == [
        (
            "nqr.sub_merchant",
            ("26", "01"),
            locate(past, ("26", "01")),
            "warning",
            "the NQR sub-merchant number (26.01) is 'S'; every real NQR code has S followed by digits there",
            {},
        )
    ]


def test_amount_precision_of_ngn() -> None:
    # ISO 4217: NGN has 2 minor units; EMVCo MPM 4.7.4.1 (the core rule, under NQR's currency)
    text = nqr.SCHEME.examples[0]
    assert [i[0] for i in all_issues(edited(text, {("54",): "10.99"}))] == ["unionpay.account_layout"]
    past = edited(text, {("54",): "10.999"})
    assert all_issues(past) == [
        (
            "amount_precision",
            ("54",),
            locate(past, ("54",)),
            "error",
            "transaction amount (54) '10.999' has 3 decimals but the currency has 2 minor units "
            "(ISO 4217; EMVCo MPM 4.7.4.1)",
            {"actual": 3, "minor_units": 2},
        ),
        layout(past, "**999166**999166****M0000000001"),
    ]
