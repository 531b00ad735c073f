"""Fonepay rules, view and detection, each checked whole, and its limits at the limit and one
past it (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx) on
a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. No Fonepay
specification is public; the rules are transcribed from docs/schemes/fonepay.md and
world-schemes.md section 6, which rest on real CRC-valid codes [obs]: tag 26 with sub-ID 00
``fonepay.com``, 26/07 a 16-digit merchant ID in every real static code, 01/02/06/09 on codes
of Fonepay's dynamic-QR API (DexA1948/fonepay-dynamic-qr-demo, API_Details.md), currency 524
(NPR), country NP; every rule a warning. The base code is Prakash Store 1, a real static code
(tests/schemes/test_fonepay.py, search index id 55109212347), rebuilt here from its fields and
compared with its published CRC 8986.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

import qrpay
from qrpay.schemes import fonepay, get_scheme
from tests.schemes.test_boundaries import edited
from tests.schemes.test_duitnow_exact import all_issues, code, locate, scheme_issues, t

MERCHANT_ID = "2222610015873056"
ACCOUNT = t("00", "fonepay.com") + t("07", MERCHANT_ID)
SOURCE = "Fonepay as observed in real codes; no specification is public"


def fonepay_code(
    *, account: str = ACCOUNT, account_tag: str = "26", extra: dict[str, str] | None = None
) -> str:
    """Prakash Store 1's code with changes; ``extra`` adds or replaces root tags."""
    objects = {
        "00": "01",
        "01": "11",
        account_tag: account,
        "52": "5271",
        "53": "524",
        "58": "NP",
        "59": "Prakash Store 1",
        "60": "Pokhariya MC",
        "62": t("07", "1625686"),
    }
    objects.update(extra or {})
    return code(*(t(tag, objects[tag]) for tag in sorted(objects)))


PRAKASH = fonepay_code()


def test_the_base_code_is_the_real_one_and_clean() -> None:
    assert PRAKASH.endswith("63048986")  # the CRC published with the real code
    assert all_issues(PRAKASH) == []
    assert qrpay.detect(PRAKASH) == ("fonepay",)


def test_currency_not_npr() -> None:
    text = fonepay_code(extra={"53": "356"})
    assert scheme_issues(text, "fonepay") == [
        (
            "fonepay.currency",
            ("53",),
            locate(text, ("53",)),
            "warning",
            f"Fonepay payments are in NPR (524), not '356' ({SOURCE})",
            {"actual": "356"},
        )
    ]


def test_country_not_np() -> None:
    text = fonepay_code(extra={"58": "IN"})
    assert scheme_issues(text, "fonepay") == [
        (
            "fonepay.country",
            ("58",),
            locate(text, ("58",)),
            "warning",
            f"country code is 'IN'; Fonepay codes carry NP ({SOURCE})",
            {"actual": "IN"},
        )
    ]


@pytest.mark.parametrize("tag", ["27", "51"])
def test_account_not_in_26(tag: str) -> None:
    text = fonepay_code(account_tag=tag, account=t("00", "FONEPAY.COM") + t("07", MERCHANT_ID))
    assert qrpay.detect(text) == ("fonepay",)
    assert all_issues(text) == [
        (
            "fonepay.account_tag",
            (tag,),
            locate(text, (tag,)),
            "warning",
            f"the Fonepay account (fonepay.com) is in tag {tag}; every real Fonepay code uses 26",
            {"actual": tag},
        )
    ]
    got = fonepay.view(qrpay.decode(text))
    assert got.account == fonepay.FonepayAccount(tag, MERCHANT_ID, {})


@pytest.mark.parametrize("tag", ["26", "27"])
def test_no_merchant_id_nor_api_sub_ids(tag: str) -> None:
    # 03, 05, 08 and 11 are none of the API sub-IDs that stand in for 07
    text = fonepay_code(
        account_tag=tag,
        account=t("00", "fonepay.com") + t("03", "X") + t("05", "Y") + t("08", "Z") + t("11", "1"),
    )
    assert [i for i in scheme_issues(text, "fonepay") if i[0] == "fonepay.merchant_id"] == [
        (
            "fonepay.merchant_id",
            (tag, "07"),
            None,
            "warning",
            "the Fonepay template has no merchant ID (26.07), nor the 01/02/06/09 of API codes; every real "
            "Fonepay code identifies the merchant",
            {},
        )
    ]


@pytest.mark.parametrize("sub", ["01", "02", "06", "09"])
def test_each_api_sub_id_stands_in_for_07(sub: str) -> None:
    text = fonepay_code(account=t("00", "fonepay.com") + t(sub, "NBQM"))
    assert all_issues(text) == []
    got = fonepay.view(qrpay.decode(text))
    assert got.account == fonepay.FonepayAccount("26", None, {sub: "NBQM"})


@pytest.mark.parametrize(
    "merchant_id",
    [
        "2" * 15,  # one short of 16
        "2" * 17,  # one past 16
        "222261001587305A",  # 16 characters, one not a digit
        "22226100 5873056",
        "\u0662" * 16,  # 16 Arabic-Indic digits: not the ASCII digits of real codes
    ],
)
def test_merchant_id_not_16_digits(merchant_id: str) -> None:
    text = fonepay_code(account=t("00", "fonepay.com") + t("07", merchant_id))
    assert scheme_issues(text, "fonepay") == [
        (
            "fonepay.merchant_id",
            ("26", "07"),
            locate(text, ("26", "07")),
            "warning",
            f"26.07 is {merchant_id!r}; in every real Fonepay code it is 16 digits",
            {"actual": merchant_id},
        )
    ]


def test_merchant_id_checked_even_beside_api_sub_ids() -> None:
    text = fonepay_code(account=t("00", "fonepay.com") + t("01", "NBQM") + t("07", "123"))
    assert [(i[0], i[1]) for i in scheme_issues(text, "fonepay")] == [("fonepay.merchant_id", ("26", "07"))]


def test_the_first_07_is_the_merchant_id() -> None:
    text = fonepay_code(account=ACCOUNT + t("07", "bad"))
    assert scheme_issues(text, "fonepay") == []
    assert fonepay.view(qrpay.decode(text)).account == fonepay.FonepayAccount("26", MERCHANT_ID, {})
    text = fonepay_code(account=t("00", "fonepay.com") + t("07", "bad") + t("07", MERCHANT_ID))
    assert [i[4] for i in scheme_issues(text, "fonepay")] == [
        "26.07 is 'bad'; in every real Fonepay code it is 16 digits"
    ]


def test_only_the_first_fonepay_template_is_checked_and_viewed() -> None:
    second = t("00", "fonepay.com") + t("07", "bad")
    text = fonepay_code(extra={"27": second, "28": second})
    assert scheme_issues(text, "fonepay") == []
    assert fonepay.view(qrpay.decode(text)).account == fonepay.FonepayAccount("26", MERCHANT_ID, {})
    # the first one in 26 without 07, then a good one: the first is the one reported
    text = fonepay_code(account=t("00", "fonepay.com"), extra={"27": ACCOUNT})
    assert [(i[0], i[1]) for i in scheme_issues(text, "fonepay")] == [("fonepay.merchant_id", ("26", "07"))]


def test_templates_of_other_schemes_are_passed_over() -> None:
    # a PromptPay template in 26 before Fonepay's in 27
    promptpay = t("00", "A000000677010111") + t("01", "0812345678")
    text = fonepay_code(account=promptpay, extra={"27": t("00", "fonepay.com") + t("07", "bad")})
    assert qrpay.detect(text) == ("promptpay", "fonepay")
    assert [(i[0], i[1]) for i in scheme_issues(text, "fonepay")] == [
        ("fonepay.account_tag", ("27",)),
        ("fonepay.merchant_id", ("27", "07")),
    ]
    got = fonepay.view(qrpay.decode(text))
    assert got.account == fonepay.FonepayAccount("27", "bad", {})


def test_view_every_field() -> None:
    account = t("00", "fonepay.com") + t("01", "NBQM") + t("02", "292") + t("07", MERCHANT_ID) + t("01", "X")
    text = fonepay_code(
        account=account,
        extra={
            "02": "4271420018185763",
            "04": "5123450000000008",
            "15": "3" * 31,
            "25": "card",
            "54": "1500.50",
            "62": t("01", "BILL") + t("07", "1867409"),
        },
    )
    got = fonepay.view(qrpay.decode(text))
    assert got == fonepay.FonepayView(
        account=fonepay.FonepayAccount("26", MERCHANT_ID, {"01": "NBQM", "02": "292"}),
        merchant_name="Prakash Store 1",
        merchant_city="Pokhariya MC",
        merchant_category_code="5271",
        amount=Decimal("1500.50"),
        terminal_label="1867409",
        # 02-25 only: not 01 (point of initiation) nor the Fonepay template in 26
        card_networks={"02": "4271420018185763", "04": "5123450000000008", "15": "3" * 31, "25": "card"},
    )


def test_view_without_fonepay() -> None:
    other = code(
        t("00", "01"),
        t("01", "11"),
        t("26", t("00", "A000000677010111") + t("01", "0812345678")),
        t("53", "764"),
        t("58", "TH"),
    )
    got = fonepay.view(qrpay.decode(other))
    assert got == fonepay.FonepayView(None, None, None, None, None, None, {})
    # fonepay.com outside 26-51 (in a card network's 25, or in 80) is no Fonepay account: neither
    # viewed nor checked (no account_tag, no merchant_id warning even with 07 missing)
    for tag in ("25", "80"):
        text = fonepay_code(account_tag=tag, account=t("00", "fonepay.com"))
        assert fonepay.view(qrpay.decode(text)).account is None
        assert list(fonepay.check(qrpay.decode(text), datetime(2026, 1, 1))) == []
    # as the registry behaves now, a GUID in 25 still names the scheme (scheme_of does not
    # limit GUIDs to 26-51), in 80 it does not (detection looks at 02-51 only)
    assert qrpay.detect(fonepay_code(account_tag="25")) == ("fonepay",)
    assert qrpay.detect(fonepay_code(account_tag="80")) == ()


def test_lookalike_guids_are_not_fonepay() -> None:
    # world-schemes.md section 6: vendor-invented variants are not used by real codes
    for guid in ("np.fonepay", "np.com.fonepay", "fonepay.com.np", "www.fonepay.com"):
        text = fonepay_code(account=t("00", guid) + t("07", MERCHANT_ID))
        assert qrpay.detect(text) == (), guid
        assert fonepay.view(qrpay.decode(text)).account is None


def test_detected_beside_unionpay() -> None:
    # Fonepay's API sample puts a UnionPay-format 15 beside 26 (docs/schemes/fonepay.md)
    text = fonepay_code(extra={"15": "3" * 31})
    assert qrpay.detect(text) == ("unionpay", "fonepay")
    assert all_issues(text) == []


def test_no_describe_no_expiry_and_the_clock_is_ignored() -> None:
    scheme = get_scheme("fonepay")
    assert scheme.describe is None and scheme.expiry is None
    payload = qrpay.decode(fonepay_code(account=t("00", "fonepay.com")))
    for now in (datetime(1970, 1, 1, tzinfo=timezone.utc), datetime(2999, 12, 31, tzinfo=timezone.utc)):
        assert [i.code for i in fonepay.check(payload, now)] == ["fonepay.merchant_id"]


# Boundaries: a published example with one value replaced (``edited`` of test_boundaries).
SANJANA = fonepay.SCHEME.examples[0]


def test_sanjana_example_is_the_published_code() -> None:
    # tests/schemes/test_fonepay.py, search index id 57115585630
    assert SANJANA == (
        "0002010102110216427142001818576326350011fonepay.com071622220300181857645204566153035245802NP"
        "5918SANJANA SHOE STORE6013DHARAN BRANCH62110707186740963048913"
    )
    assert edited(SANJANA, {}) == SANJANA


@pytest.mark.parametrize("example", [0, 1])
def test_merchant_id_of_16_digits_at_the_limit_and_past_it(example: int) -> None:
    text = fonepay.SCHEME.examples[example]
    at_limit = edited(text, {("26", "07"): "9" * 16})
    assert all_issues(at_limit) == []
    for past in ("9" * 17, "9" * 15):
        text_past = edited(text, {("26", "07"): past})
        assert all_issues(text_past) == [
            (
                "fonepay.merchant_id",
                ("26", "07"),
                locate(text_past, ("26", "07")),
                "warning",
                f"26.07 is {past!r}; in every real Fonepay code it is 16 digits",
                {"actual": past},
            )
        ]


def test_amount_precision_of_npr() -> None:
    # ISO 4217: NPR has 2 minor units; EMVCo MPM 4.7.4.1 (the core rule, under Fonepay's currency)
    assert all_issues(edited(SANJANA, {("54",): "2000.05"})) == []
    text = edited(SANJANA, {("54",): "2000.050"})
    assert all_issues(text) == [
        (
            "amount_precision",
            ("54",),
            locate(text, ("54",)),
            "error",
            "transaction amount (54) '2000.050' has 3 decimals but the currency has 2 minor units "
            "(ISO 4217; EMVCo MPM 4.7.4.1)",
            {"actual": 3, "minor_units": 2},
        )
    ]
