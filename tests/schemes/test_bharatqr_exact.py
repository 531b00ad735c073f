"""Bharat QR rules, view, describe, detection and builder refusals, each checked whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx)
on a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. The base code is
Razorpay's MPAN test code (abhay-raihal/create_custom_route, a public copy of Razorpay's API:
``tests/Functional/Mpan/MpanTest.php``, CRC E308), rebuilt here from its fields.

The limits are transcribed from docs/schemes/bharatqr.md and world-schemes.md section 3, not
from qrpay's constants; the specification is not public, so every Bharat QR rule is a
warning:

* merchant PANs: Visa (02, 03) 16 digits, Mastercard (04, 05) 15 in every code seen and 16
  accepted, RuPay (06, 07) 16, American Express (11, 12) 15 (Razorpay's test data, real codes);
* 08: an IFSC (RBI: 4 letters, ``0``, 6 letters or digits; 11 characters) followed by the
  account number, at most 37 characters in all (``YESB0CMSNOC2223330048827001``);
* 26: 00 = ``A000000524`` (NPCI's RuPay RID), 01 a VPA ``name@handle``, 02 a minimum amount in
  rupees (at most 2 decimals, as the KVB and Razorpay dynamic codes write it); 27: 01 the UPI
  transaction reference; 28: 01 a 12-digit Aadhaar number (UIDAI: 12 digits);
* 59 at most 23 characters (HDFC and PNB both cut a name at exactly 23; the v4.0.1 summary);
* 61 present, an Indian PIN code: 6 digits, the first not 0 (India Post's PIN zones 1-9).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import bharatqr
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

RID = "A000000524"
#: Razorpay's MPAN test code (test_bharatqr.py's RAZORPAY)
RAZORPAY = (
    "000201010211021652873468239864230415428734682398642061662873468239864230827YESB0CMSNOC222333004882700126"
    "300010A0000005240112random@icici27350010A0000005240117RZPFRu0HVS8RAvIgU5204539953033565802IN5905atque"
    "6009BANGALORE610656003062270514FRu0HVS8RAvIgU0705abcde6304E308"
)
BASE: dict[str, str] = {
    "00": "01",
    "01": "11",
    "02": "5287346823986423",
    "04": "428734682398642",
    "06": "6287346823986423",
    "08": "YESB0CMSNOC2223330048827001",
    "26": t("00", RID) + t("01", "random@icici"),
    "27": t("00", RID) + t("01", "RZPFRu0HVS8RAvIgU"),
    "52": "5399",
    "53": "356",
    "58": "IN",
    "59": "atque",
    "60": "BANGALORE",
    "61": "560030",
    "62": t("05", "FRu0HVS8RAvIgU") + t("07", "abcde"),
}
SEEN = "the form of every Bharat QR code seen"


def bharat_code(*, drop: tuple[str, ...] = (), **changes: str) -> str:
    """Razorpay's code with root tags changed (``t26=...``) or dropped."""
    objects = {**BASE, **{key.removeprefix("t"): value for key, value in changes.items()}}
    for key in drop:
        del objects[key]
    return code(*(t(key, objects[key]) for key in sorted(objects)))


def upi(*subs: tuple[str, str], guid: str = RID) -> str:
    return t("00", guid) + "".join(t(sub, value) for sub, value in subs)


def test_the_base_code_is_razorpays_and_clean() -> None:
    assert bharat_code() == RAZORPAY
    assert qrpay.decode(RAZORPAY).issues == ()
    assert qrpay.detect(RAZORPAY) == ("bharatqr",)


# -- card PANs ------------------------------------------------------------------------------------

PANS = [
    ("02", "Visa", (16,)),
    ("03", "Visa", (16,)),
    ("04", "Mastercard", (15, 16)),
    ("05", "Mastercard", (15, 16)),
    ("06", "RuPay", (16,)),
    ("07", "RuPay", (16,)),
    ("11", "American Express", (15,)),
    ("12", "American Express", (15,)),
]


def pan_issue(text: str, tag: str, network: str, lengths: str, value: str) -> tuple[Any, ...]:
    return (
        "bharatqr.pan_format",
        (tag,),
        locate(text, (tag,)),
        "warning",
        f"{network} merchant PAN {value!r} (tag {tag}) is not {lengths} digits, {SEEN}",
        {"actual": value},
    )


@pytest.mark.parametrize(("tag", "network", "lengths"), PANS)
def test_pan_digits_at_each_length_and_one_past_and_one_short(
    tag: str, network: str, lengths: tuple[int, ...]
) -> None:
    for length in lengths:
        assert scheme_issues(bharat_code(**{f"t{tag}": "4" * length}), "bharatqr") == [], length
    words = " or ".join(str(n) for n in lengths)
    for value in ("4" * (min(lengths) - 1), "4" * (max(lengths) + 1), "4" * (max(lengths) - 1) + "X"):
        text = bharat_code(**{f"t{tag}": value})
        assert scheme_issues(text, "bharatqr") == [pan_issue(text, tag, network, words, value)]


def test_every_pan_reported_in_tag_order() -> None:
    text = bharat_code(t02="1", t04="2", t06="3", t11="4")
    assert scheme_issues(text, "bharatqr") == [
        pan_issue(text, "02", "Visa", "16", "1"),
        pan_issue(text, "04", "Mastercard", "15 or 16", "2"),
        pan_issue(text, "06", "RuPay", "16", "3"),
        pan_issue(text, "11", "American Express", "15", "4"),
    ]


# -- 08: IFSC + account number --------------------------------------------------------------------


def account_issue(text: str, value: str) -> tuple[Any, ...]:
    return (
        "bharatqr.bank_account",
        ("08",),
        locate(text, ("08",)),
        "warning",
        f"tag 08 is {value!r}; Bharat QR writes the merchant's IFSC (4 letters, 0, 6 letters or digits) "
        "followed by the account number there",
        {"actual": value},
    )


def test_bank_account_from_12_to_37_characters() -> None:
    """An IFSC (11) and an account number of at least one character, at most 37 in all."""
    for value in ("YESB0CMSNOC" + "1", "YESB0CMSNOC" + "a" * 26, "SBIN0004152" + "43930804448"):
        assert scheme_issues(bharat_code(t08=value), "bharatqr") == [], value
    for value in ("YESB0CMSNOC", "YESB0CMSNOC" + "1" * 27):
        text = bharat_code(t08=value)
        assert scheme_issues(text, "bharatqr") == [account_issue(text, value)]


@pytest.mark.parametrize(
    "value",
    [
        "YESB1CMSNOC2223330048827001",  # the fifth character is not 0
        "yesb0CMSNOC2223330048827001",  # the bank's letters in lower case
        "Y3SB0CMSNOC2223330048827001",  # a digit in the bank's letters
        "YESB0CMSNoC2223330048827001",  # a lower-case letter in the branch
        "YESB0CMSNOC2223330-48827001",  # not a letter or digit in the account number
        "0000000000000000000000000",  # Mswipe's 25 zeros (world-schemes.md)
    ],
)
def test_bank_account_not_an_ifsc_and_account(value: str) -> None:
    text = bharat_code(t08=value)
    assert scheme_issues(text, "bharatqr") == [account_issue(text, value)]


# -- UPI: 26, 27, 28 --------------------------------------------------------------------------------


def vpa_issue(text: str, value: str | None) -> tuple[Any, ...]:
    found = "missing" if value is None else repr(value)
    return (
        "bharatqr.vpa",
        ("26", "01"),
        None if value is None else locate(text, ("26", "01")),
        "warning",
        f"the UPI VPA (26.01) is {found}; it is the payee's address, name@handle",
        {"actual": value},
    )


@pytest.mark.parametrize(
    "vpa", ["random@icici", "shop.1-2_x@AXISBANK", "SBIPMOPAD.02PL00000644432-21503961@SBIPAY", "a@b"]
)
def test_vpa_name_at_handle_is_clean(vpa: str) -> None:
    assert scheme_issues(bharat_code(t26=upi(("01", vpa))), "bharatqr") == []


@pytest.mark.parametrize("vpa", ["random.icici", "@icici", "random@", "ran dom@icici", "a@b_c", None])
def test_vpa_missing_or_not_name_at_handle(vpa: str | None) -> None:
    text = bharat_code(t26=upi() if vpa is None else upi(("01", vpa)))
    assert scheme_issues(text, "bharatqr") == [vpa_issue(text, vpa)]


def test_minimum_amount_at_most_two_decimals() -> None:
    for value in ("1", "1.0", "1.10", "250.00"):
        assert scheme_issues(bharat_code(t26=upi(("01", "a@b"), ("02", value))), "bharatqr") == [], value
    for value in ("1.105", "1.", ".5", "1,10", "-1"):
        text = bharat_code(t26=upi(("01", "a@b"), ("02", value)))
        assert scheme_issues(text, "bharatqr") == [
            (
                "bharatqr.minimum_amount",
                ("26", "02"),
                locate(text, ("26", "02")),
                "warning",
                f"the UPI minimum amount (26.02) {value!r} is not an amount in rupees (digits, '.', at most 2 "
                "decimals)",
                {"actual": value},
            )
        ], value


def test_vpa_and_minimum_amount_both_reported() -> None:
    text = bharat_code(t26=upi(("02", "x")))
    assert [i[0] for i in scheme_issues(text, "bharatqr")] == ["bharatqr.vpa", "bharatqr.minimum_amount"]


def test_reference_template_without_its_transaction_reference() -> None:
    assert scheme_issues(bharat_code(t27=upi(("01", "R"), ("02", "https://x.in"))), "bharatqr") == []
    text = bharat_code(t27=upi(("02", "https://x.in")))
    assert scheme_issues(text, "bharatqr") == [
        (
            "bharatqr.transaction_reference",
            ("27", "01"),
            None,
            "warning",
            "the UPI reference template 27 has no transaction reference (01)",
            {},
        )
    ]


def aadhaar_issue(text: str, value: str | None) -> tuple[Any, ...]:
    found = "missing" if value is None else ("empty" if not value else repr(value))
    return (
        "bharatqr.aadhaar",
        ("28", "01"),
        None if value is None else locate(text, ("28", "01")),
        "warning",
        f"the Aadhaar number (28.01) is {found}; it is 12 digits",
        {"actual": value},
    )


def test_aadhaar_exactly_12_digits() -> None:
    assert scheme_issues(bharat_code(t28=upi(("01", "1" * 12))), "bharatqr") == []
    for value in ("1" * 11, "1" * 13, "1" * 11 + "X", "", None):
        text = bharat_code(t28=upi() if value is None else upi(("01", value)))
        assert scheme_issues(text, "bharatqr") == [aadhaar_issue(text, value)], value


def test_the_empty_aadhaar_is_relaxed_but_an_empty_vpa_is_not() -> None:
    aadhaar = qrpay.decode(bharat_code(t28=upi(("01", ""))))
    assert [(i.code, i.path) for i in aadhaar.issues] == [("bharatqr.aadhaar", ("28", "01"))]
    vpa = qrpay.decode(bharat_code(t26=upi(("01", ""))))
    assert ("value_empty", ("26", "01")) in [(i.code, i.path) for i in vpa.errors]


@pytest.mark.parametrize("tag", ["29", "51"])
def test_upi_template_outside_26_to_28(tag: str) -> None:
    # its 01 (no VPA) is not looked at: the tag is what is wrong
    text = bharat_code(**{f"t{tag}": upi(("01", "not a vpa"))})
    assert scheme_issues(text, "bharatqr") == [
        (
            "bharatqr.upi_tag",
            (tag,),
            locate(text, (tag,)),
            "warning",
            f"a template with NPCI's RID {RID} is in tag {tag}; Bharat QR puts UPI in 26 (VPA), 27 (reference) "
            "and 28 (Aadhaar)",
            {"actual": tag},
        )
    ]


def test_upi_rid_in_any_case() -> None:
    text = bharat_code(t26=upi(("01", "x"), guid=RID.lower()))
    assert scheme_issues(text, "bharatqr") == [vpa_issue(text, "x")]


@pytest.mark.parametrize("tag", ["26", "27", "28"])
def test_another_networks_template_in_26_to_28_is_not_bharat_qrs(tag: str) -> None:
    other = upi(("01", "x"), guid="D15600000001")
    assert scheme_issues(bharat_code(**{f"t{tag}": other}), "bharatqr") == []


# -- 59 and 61 --------------------------------------------------------------------------------------


def test_name_at_23_characters_and_one_past() -> None:
    for name in ("N" * 23, "CENTRAL WAREHOUSING COR", "É" * 23):
        assert scheme_issues(bharat_code(t59=name), "bharatqr") == [], name
    for name in ("N" * 24, "É" * 24):
        text = bharat_code(t59=name)
        assert scheme_issues(text, "bharatqr") == [
            (
                "bharatqr.name_length",
                ("59",),
                locate(text, ("59",)),
                "warning",
                f"merchant name {name!r} has 24 characters; Bharat QR issuers cut it at 23 (a secondary summary "
                "of the spec; HDFC and PNB codes do so)",
                {"actual": 24, "max_length": 23},
            )
        ]


def test_rupee_amounts_have_at_most_two_decimals() -> None:
    """ISO 4217: INR has 2 minor-unit digits; EMVCo's amount_precision is an error."""
    assert qrpay.decode(bharat_code(t54="250.05")).issues == ()
    assert [(i.code, i.path, i.severity) for i in qrpay.decode(bharat_code(t54="250.005")).issues] == [
        ("amount_precision", ("54",), "error")
    ]
    assert bharatqr.build(**PLACE, vpa="a@b", amount="1.05").value("54") == "1.05"
    assert refused(vpa="a@b", amount="1.005")[0] == "amount_precision"


def test_postal_code_missing() -> None:
    assert scheme_issues(bharat_code(drop=("61",)), "bharatqr") == [
        (
            "bharatqr.postal_code",
            ("61",),
            None,
            "warning",
            "no tag 61 (postal code); every Bharat QR code seen carries the merchant's 6-digit PIN code",
            {},
        )
    ]


def test_postal_code_six_digits_not_starting_with_0() -> None:
    for value in ("110001", "999999", "380003"):
        assert scheme_issues(bharat_code(t61=value), "bharatqr") == [], value
    for value in ("56003", "5600301", "056003", "56003A"):
        text = bharat_code(t61=value)
        assert scheme_issues(text, "bharatqr") == [
            (
                "bharatqr.postal_code",
                ("61",),
                locate(text, ("61",)),
                "warning",
                f"postal code {value!r} is not an Indian PIN code (6 digits, not starting with 0)",
                {"actual": value},
            )
        ], value


def test_every_rule_at_once_in_order() -> None:
    text = bharat_code(
        t02="1",
        t08="X",
        t26=upi(("02", "x")),
        t27=upi(),
        t28=upi(),
        t29=upi(),
        t53="840",
        t58="NP",
        t59="N" * 24,
        t61="0",
    )
    assert [(c, p) for c, p, *_ in scheme_issues(text, "bharatqr")] == [
        ("bharatqr.currency", ("53",)),
        ("bharatqr.country", ("58",)),
        ("bharatqr.pan_format", ("02",)),
        ("bharatqr.bank_account", ("08",)),
        ("bharatqr.vpa", ("26", "01")),
        ("bharatqr.minimum_amount", ("26", "02")),
        ("bharatqr.transaction_reference", ("27", "01")),
        ("bharatqr.aadhaar", ("28", "01")),
        ("bharatqr.upi_tag", ("29",)),
        ("bharatqr.name_length", ("59",)),
        ("bharatqr.postal_code", ("61",)),
    ]
    source = "Razorpay's Bharat QR constants; every Indian code seen"
    assert scheme_issues(text, "bharatqr")[:2] == [
        (
            "bharatqr.currency",
            ("53",),
            locate(text, ("53",)),
            "warning",
            f"Bharat QR payments are in INR (356), not '840' ({source})",
            {"actual": "840"},
        ),
        (
            "bharatqr.country",
            ("58",),
            locate(text, ("58",)),
            "warning",
            f"country code is 'NP'; Bharat QR codes carry IN ({source})",
            {"actual": "NP"},
        ),
    ]


# -- detection without UPI --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "drop", "detected"),
    [
        ({}, ("02", "04", "08"), True),  # RuPay 06 alone
        ({"t07": "6287346823986423"}, ("02", "04", "06", "08"), True),  # RuPay 07 alone
        ({}, ("02", "04", "06"), True),  # the bank account alone
        ({"t06": "62873468239864A3"}, ("02", "04", "08"), False),  # 06 not digits
        ({"t08": "YESB1CMSNOC1"}, ("02", "04", "06"), False),  # 08 not an IFSC + account
        ({}, ("06", "08"), False),  # Visa and Mastercard: every EMVCo country uses them
        ({"t58": "NP"}, ("02", "04"), False),  # not an Indian code
        ({}, ("02", "04", "58"), False),  # no country
    ],
)
def test_detected_without_upi(changes: dict[str, str], drop: tuple[str, ...], detected: bool) -> None:
    text = bharat_code(drop=("26", "27", *drop), **changes)
    assert qrpay.detect(text) == (("bharatqr",) if detected else ())


def test_a_rupay_pan_that_reads_as_a_template_is_still_claimed() -> None:
    """A 16-digit PAN starting ``0012`` parses as one sub-ID 00 (qrpay exposes 02-25 values
    that parse as templates); it is still 16 digits in 06, and claimed."""
    pan = "0012" + "345678901234"
    text = bharat_code(drop=("02", "04", "08", "26", "27"), t06=pan)
    payload = qrpay.decode(text)
    assert payload.get("06") is not None and payload.get("06").children is not None
    assert payload.schemes == ("bharatqr",)
    assert scheme_issues(text, "bharatqr") == []
    assert bharatqr.view(payload).cards == (bharatqr.CardAccount("06", "RuPay", pan),)


@pytest.mark.parametrize("country", ["IN", "NP"])
def test_an_unknown_template_is_not_claimed(country: str) -> None:
    other = upi(("01", "x"), guid="com.example.pay")
    text = bharat_code(drop=("02", "04", "06", "08", "27"), t26=other, t58=country)
    assert qrpay.detect(text) == ()


# -- view and describe ------------------------------------------------------------------------------


def test_view_every_field() -> None:
    text = bharat_code(
        t03="4111111111111111",
        t05="5111111111111111",
        t07="6111111111111111",
        t11="371111111111111",
        t12="372222222222222",
        t26=upi(("01", "shop@upi"), ("02", "250.00"), ("01", "second@upi")),
        t27=upi(("01", "TR1"), ("02", "https://x.in")),
        t28=upi(("01", "123412341234")),
        t54="250.00",
        t62=t("05", "REF") + t("07", "TERM"),
    )
    got = bharatqr.view(qrpay.decode(text))
    card = bharatqr.CardAccount
    assert got == bharatqr.BharatQrView(
        cards=(
            card("02", "Visa", "5287346823986423"),
            card("03", "Visa", "4111111111111111"),
            card("04", "Mastercard", "428734682398642"),
            card("05", "Mastercard", "5111111111111111"),
            card("06", "RuPay", "6287346823986423"),
            card("07", "RuPay", "6111111111111111"),
            card("11", "American Express", "371111111111111"),
            card("12", "American Express", "372222222222222"),
        ),
        ifsc="YESB0CMSNOC",
        account_number="2223330048827001",
        vpa="shop@upi",
        minimum_amount="250.00",
        transaction_reference="TR1",
        reference_url="https://x.in",
        aadhaar="123412341234",
        amount=Decimal("250.00"),
        merchant_name="atque",
        postal_code="560030",
        reference_id="REF",
        terminal_id="TERM",
    )
    assert (got.card("Visa"), got.card("Mastercard"), got.card("American Express")) == (
        "5287346823986423",
        "428734682398642",
        "371111111111111",
    )
    assert got.card("Discover") is None


def test_view_of_a_code_without_upi_cards_or_bank_account() -> None:
    text = bharat_code(
        drop=("02", "04", "06", "61", "62"), t08="YESB0CMSNOC", t26=upi(("01", "a@b"), guid="D15600000001")
    )
    got = bharatqr.view(qrpay.decode(text))
    assert got == bharatqr.BharatQrView(
        (), None, None, None, None, "RZPFRu0HVS8RAvIgU", None, None, None, "atque", None, None, None
    )
    assert got.card("Visa") is None
    no_upi = bharatqr.view(qrpay.decode(bharat_code(drop=("08", "26", "27"))))
    assert (no_upi.ifsc, no_upi.account_number, no_upi.vpa, no_upi.transaction_reference) == (
        None,
        None,
        None,
        None,
    )


def test_describe_splits_only_08() -> None:
    describe = bharatqr.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(RAZORPAY)
    assert (
        describe(payload, ("08",), "YESB0CMSNOC2223330048827001")
        == "IFSC YESB0CMSNOC, account 2223330048827001"
    )
    assert describe(payload, ("08",), "YESB0CMSNOC") is None
    assert describe(payload, ("02",), "YESB0CMSNOC2223330048827001") is None
    assert describe(payload, ("26", "08"), "YESB0CMSNOC2223330048827001") is None


# -- builder ----------------------------------------------------------------------------------------

PLACE: dict[str, Any] = {
    "merchant_name": "atque",
    "merchant_city": "BANGALORE",
    "postal_code": "560030",
    "merchant_category_code": "5399",
}


def refused(**keywords: Any) -> tuple[Any, ...]:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        bharatqr.build(**{**PLACE, **keywords})
    err = caught.value
    return (err.code, err.message, err.path, dict(err.ctx))


def test_builder_writes_razorpays_code() -> None:
    built = bharatqr.build(
        **PLACE,
        vpa="random@icici",
        transaction_reference="RZPFRu0HVS8RAvIgU",
        visa="5287346823986423",
        mastercard="428734682398642",
        rupay="6287346823986423",
        ifsc="YESB0CMSNOC",
        account_number="2223330048827001",
        reference_id="FRu0HVS8RAvIgU",
        terminal_id="abcde",
    )
    assert built.to_text() == RAZORPAY


def test_builder_writes_every_other_field() -> None:
    built = bharatqr.build(
        **PLACE,
        vpa="shop@upi",
        minimum_amount="250.00",
        transaction_reference="TR1",
        reference_url="https://x.in",
        amount="250",
        initiation="static",
        additional_data={"store_label": "S1"},
        reference_id="REF",
    )
    expected = code(
        t("00", "01"),
        t("01", "11"),
        t("26", upi(("01", "shop@upi"), ("02", "250.00"))),
        t("27", upi(("01", "TR1"), ("02", "https://x.in"))),
        t("52", "5399"),
        t("53", "356"),
        t("54", "250.00"),
        t("58", "IN"),
        t("59", "atque"),
        t("60", "BANGALORE"),
        t("61", "560030"),
        t("62", t("03", "S1") + t("05", "REF")),
    )
    assert built.to_text() == expected and built.issues == ()
    only_bank = bharatqr.build(**PLACE, ifsc="YESB0CMSNOC", account_number="1", terminal_id="T")
    assert only_bank.value("08") == "YESB0CMSNOC1" and only_bank.value(("62", "07")) == "T"
    assert only_bank.value("01") == "11" and only_bank.get("26") is None


@pytest.mark.parametrize(
    ("keyword", "tag", "network", "lengths"),
    [
        ("visa", "02", "Visa", (16,)),
        ("mastercard", "04", "Mastercard", (15, 16)),
        ("rupay", "06", "RuPay", (16,)),
    ],
)
def test_builder_pan_at_each_length_and_one_past_and_one_short(
    keyword: str, tag: str, network: str, lengths: tuple[int, ...]
) -> None:
    for length in lengths:
        assert bharatqr.build(**PLACE, **{keyword: "5" * length}).value(tag) == "5" * length
    words = " or ".join(str(n) for n in lengths)
    for value in ("5" * (min(lengths) - 1), "5" * (max(lengths) + 1), "5" * (max(lengths) - 1) + "X"):
        assert refused(**{keyword: value}) == (
            "bharatqr.pan_format",
            f"{keyword}: {value!r} is not a {network} merchant PAN ({words} digits)",
            (tag,),
            {"actual": value},
        )


def test_builder_bank_account_needs_both_halves() -> None:
    for keywords in ({"ifsc": "YESB0CMSNOC"}, {"account_number": "1"}):
        assert refused(**keywords) == (
            "bharatqr.bank_account",
            "give ifsc and account_number together (tag 08 holds both)",
            ("08",),
            {},
        )


def test_builder_bank_account_at_37_characters_and_one_past() -> None:
    assert (
        bharatqr.build(**PLACE, ifsc="YESB0CMSNOC", account_number="1" * 26).value("08")
        == "YESB0CMSNOC" + "1" * 26
    )
    for ifsc, account in (
        ("YESB0CMSNOC", "1" * 27),  # 38 in all
        ("YESB0CMSNOC", "22-23"),  # not letters and digits
        ("YESB0CMSNO", "C2223"),  # a 10-character IFSC (the two together would read as one)
        ("YESB1CMSNOC", "2223"),  # the fifth character not 0
    ):
        assert refused(ifsc=ifsc, account_number=account) == (
            "bharatqr.bank_account",
            f"ifsc/account_number: {ifsc!r} + {account!r} is not an IFSC (4 letters, 0, 6 letters or digits) and "
            "an account number of letters and digits",
            ("08",),
            {"actual": ifsc + account},
        )


def test_builder_upi_refusals() -> None:
    assert refused(vpa="shop.upi") == (
        "bharatqr.vpa",
        "vpa: 'shop.upi' is not a UPI address name@handle",
        ("26", "01"),
        {"actual": "shop.upi"},
    )
    assert refused(vpa="a@b", minimum_amount="1.005") == (
        "bharatqr.minimum_amount",
        "minimum_amount: '1.005' is not an amount in rupees",
        ("26", "02"),
        {"actual": "1.005"},
    )
    assert bharatqr.build(**PLACE, vpa="a@b", minimum_amount="1.05").value(("26", "02")) == "1.05"
    assert refused(visa="5" * 16, minimum_amount="1") == (
        "bharatqr.vpa",
        "minimum_amount needs a vpa (it is 26/02)",
        ("26", "01"),
        {},
    )
    assert refused(vpa="a@b", reference_url="https://x.in") == (
        "bharatqr.transaction_reference",
        "reference_url needs a transaction_reference (27/01)",
        ("27", "01"),
        {},
    )


def test_builder_needs_somewhere_to_pay() -> None:
    for keywords in ({}, {"transaction_reference": "TR1"}):
        assert refused(**keywords) == (
            "no_merchant_account",
            "give a vpa, a card PAN (visa, mastercard, rupay) or ifsc + account_number: a Bharat QR code needs "
            "somewhere to pay",
            (),
            {},
        )


def test_builder_name_at_23_and_one_past() -> None:
    assert bharatqr.build(**{**PLACE, "merchant_name": "N" * 23}, vpa="a@b").merchant_name == "N" * 23
    assert refused(vpa="a@b", merchant_name="N" * 24) == (
        "bharatqr.name_length",
        f"merchant_name: {'N' * 24!r} has 24 characters; Bharat QR issuers cut it at 23",
        ("59",),
        {"actual": "N" * 24},
    )


def test_builder_postal_code_six_digits() -> None:
    assert bharatqr.build(**{**PLACE, "postal_code": "110001"}, vpa="a@b").value("61") == "110001"
    for value in ("56003", "5600301", "056003"):
        assert refused(vpa="a@b", postal_code=value) == (
            "bharatqr.postal_code",
            f"postal_code: {value!r} is not an Indian PIN code (6 digits)",
            ("61",),
            {"actual": value},
        )


@pytest.mark.parametrize(
    ("keywords", "key"),
    [
        ({"reference_id": "R", "additional_data": {"reference_label": "X"}}, "reference_label"),
        ({"terminal_id": "T", "additional_data": {"terminal_label": "X"}}, "terminal_label"),
    ],
)
def test_builder_62_given_twice(keywords: dict[str, Any], key: str) -> None:
    assert refused(vpa="a@b", **keywords) == (
        "duplicate_tag",
        f"62 {key} given twice (keyword and additional_data)",
        ("62",),
        {},
    )


def test_builder_passes_the_amount_style_on() -> None:
    # the default is "fixed" (two decimals); "minimal" writes the amount as given, so a builder
    # that dropped the keyword would write 250.00 (issue 13)
    built = bharatqr.build(**PLACE, vpa="shop@upi", amount="250", amount_style="minimal")
    assert built.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("26", upi(("01", "shop@upi"))),
        t("52", "5399"),
        t("53", "356"),
        t("54", "250"),
        t("58", "IN"),
        t("59", "atque"),
        t("60", "BANGALORE"),
        t("61", "560030"),
    )
