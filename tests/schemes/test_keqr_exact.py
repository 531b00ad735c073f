"""KE-QR rules, view, timestamp reader and description, each checked whole, and its limits at
the limit and one past it (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx) on
a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. The rules are
transcribed from docs/schemes/keqr.md and world-schemes.md section 14: CBK's Kenya Quick
Response Code Standard 2023 as KevinMwita7/keqr reads it (lib/src/models/
merchant_account_information.dart, "Table 7.5": 26-27 reserved for CBK, 28 PSP account, 29 bank
account, 30-51 future schemes; 80 premises, 81 USSD, 82 QR timestamp) and real codes (GUID
``ke.go.qr``, 28/01 and 29/68 accounts, 82/01 ``ddMMyyyyTHHmmss`` or with a space, 83
``m-pesa.com``); every rule a warning. The base code is the Thika Vivian Stores Equity Bank code
(tests/schemes/test_keqr.py, search index ids 14987923279, 15684254667), rebuilt here from its
fields and compared with its published CRC AA94. Expected date-times are written out here from
the digits (the calendar: 30 days in April, 29 February only in leap years).
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

import qrpay
from qrpay.schemes import get_scheme, keqr
from tests.schemes import test_keqr as real
from tests.schemes.test_boundaries import edited
from tests.schemes.test_duitnow_exact import all_issues, code, locate, scheme_issues, t

BANK = t("00", "ke.go.qr") + t("68", "2226665")
STAMP = t("00", "ke.go.qr") + t("01", "11062025T125906")
SOURCE = "CBK Kenya Quick Response Code Standard 2023, as KevinMwita7/keqr reads it"


def keqr_code(
    *,
    account: str = BANK,
    account_tag: str = "29",
    stamp: str | None = STAMP,
    extra: dict[str, str] | None = None,
) -> str:
    """The Thika Vivian Stores code with changes; ``extra`` adds or replaces root tags."""
    objects = {
        "00": "01",
        "01": "11",
        account_tag: account,
        "52": "5411",
        "53": "404",
        "58": "KE",
        "59": "Thika Vivian Stores",
        "60": "KE",
        "61": "00",
    }
    if stamp is not None:
        objects["82"] = stamp
    objects.update(extra or {})
    return code(*(t(tag, objects[tag]) for tag in sorted(objects)))


THIKA = keqr_code()


def test_the_base_code_is_the_real_one_and_clean() -> None:
    assert THIKA.endswith("6304AA94")  # the CRC published with the real code
    assert keqr.SCHEME.examples[0] == THIKA
    assert all_issues(THIKA) == []
    assert qrpay.detect(THIKA) == ("keqr",)


def test_currency_not_kes() -> None:
    text = keqr_code(extra={"53": "840"})
    assert scheme_issues(text, "keqr") == [
        (
            "keqr.currency",
            ("53",),
            locate(text, ("53",)),
            "warning",
            f"KE-QR (Central Bank of Kenya) payments are in KES (404), not '840' ({SOURCE})",
            {"actual": "840"},
        )
    ]


def test_country_not_ke() -> None:
    text = keqr_code(extra={"58": "TZ"})
    assert scheme_issues(text, "keqr") == [
        (
            "keqr.country",
            ("58",),
            locate(text, ("58",)),
            "warning",
            f"country code is 'TZ'; KE-QR (Central Bank of Kenya) codes carry KE ({SOURCE})",
            {"actual": "TZ"},
        )
    ]


@pytest.mark.parametrize("tag", ["28", "29"])
def test_psp_and_bank_tags_are_clean(tag: str) -> None:
    assert scheme_issues(keqr_code(account_tag=tag), "keqr") == []


@pytest.mark.parametrize("tag", ["26", "27", "30", "51"])
def test_account_not_in_28_or_29(tag: str) -> None:
    text = keqr_code(account_tag=tag, account=t("00", "KE.GO.QR") + t("68", "2226665"))
    assert qrpay.detect(text) == ("keqr",)
    assert all_issues(text) == [
        (
            "keqr.account_tag",
            (tag,),
            locate(text, (tag,)),
            "warning",
            f"the KE-QR account (ke.go.qr) is in tag {tag}; CBK's table puts PSP accounts in 28 and bank "
            "accounts in 29 (26-27 reserved for CBK, 30-51 for future schemes)",
            {"actual": tag},
        )
    ]


@pytest.mark.parametrize("tag", ["28", "29", "30"])
def test_account_with_only_the_guid(tag: str) -> None:
    text = keqr_code(account_tag=tag, account=t("00", "ke.go.qr"))
    missing = (
        "keqr.account_missing",
        (tag,),
        locate(text, (tag,)),
        "warning",
        f"template {tag} has only the GUID; a KE-QR account carries the merchant's phone number or till in a "
        "further sub-ID (28.01, 29.68 in real codes)",
        {},
    )
    assert scheme_issues(text, "keqr")[-1] == missing
    assert len(scheme_issues(text, "keqr")) == (2 if tag == "30" else 1)


def test_every_account_template_is_checked() -> None:
    # the M-Pesa layout: 28 with an account, 29 with only the GUID, then a third in 30
    text = keqr_code(
        account_tag="28",
        account=t("00", "ke.go.qr") + t("01", "9876543"),
        extra={"29": t("00", "ke.go.qr"), "30": t("00", "ke.go.qr") + t("00", "ke.go.qr")},
    )
    assert [(i[0], i[1]) for i in scheme_issues(text, "keqr")] == [
        ("keqr.account_missing", ("29",)),
        ("keqr.account_tag", ("30",)),
        ("keqr.account_missing", ("30",)),
    ]


def test_other_schemes_templates_are_passed_over() -> None:
    promptpay = t("00", "A000000677010111") + t("01", "0812345678")
    text = keqr_code(extra={"26": promptpay, "30": t("00", "ke.go.qr")})
    assert qrpay.detect(text) == ("promptpay", "keqr")
    assert [(i[0], i[1]) for i in scheme_issues(text, "keqr")] == [
        ("keqr.account_tag", ("30",)),
        ("keqr.account_missing", ("30",)),
    ]
    assert [a.tag for a in keqr.view(qrpay.decode(text)).accounts] == ["29", "30"]


@pytest.mark.parametrize(
    "written",
    [
        "32062025T125906",  # day 32
        "31042025T125906",  # 31 April
        "00062025T125906",  # day 0
        "11132025T125906",  # month 13
        "11002025T125906",  # month 0
        "11062025T245906",  # hour 24
        "11062025T126006",  # minute 60
        "11062025T125960",  # second 60
        "29022025T000000",  # 29 February, 2025 is not a leap year
        "11062025t125906",  # lower-case t
        "11062025-125906",  # another separator
        "11062025T12590",  # 14 characters
        "11062025T1259060",  # 16 characters
        "1106202T5125906",  # the separator out of place
        "2025-06-11T12:59",
        "110620250125906",  # no separator
        "11062025T12590\u0666",  # an Arabic-Indic digit
    ],
)
def test_timestamp_not_a_date_time(written: str) -> None:
    text = keqr_code(stamp=t("00", "ke.go.qr") + t("01", written))
    assert all_issues(text) == [
        (
            "keqr.timestamp",
            ("82", "01"),
            locate(text, ("82", "01")),
            "warning",
            f"82.01 (QR timestamp) is {written!r}; KE-QR writes ddMMyyyyTHHmmss (a space for T is seen)",
            {"actual": written},
        )
    ]
    view = keqr.view(qrpay.decode(text))
    assert (view.timestamp, view.created_at) == (written, None)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("11062025T125906", datetime(2025, 6, 11, 12, 59, 6)),
        ("11062025 125906", datetime(2025, 6, 11, 12, 59, 6)),
        ("31122025T235959", datetime(2025, 12, 31, 23, 59, 59)),  # every field at its limit
        ("01010001T000000", datetime(1, 1, 1)),  # and at its lowest
        ("30042025T000000", datetime(2025, 4, 30)),
        ("29022024T000000", datetime(2024, 2, 29)),  # a leap year
        ("29022000T120000", datetime(2000, 2, 29, 12)),
    ],
)
def test_timestamp_read(written: str, expected: datetime) -> None:
    text = keqr_code(stamp=t("00", "ke.go.qr") + t("01", written))
    assert all_issues(text) == []
    view = keqr.view(qrpay.decode(text))
    assert (view.timestamp, view.created_at) == (written, expected)
    assert keqr.timestamp_of(written) == expected
    assert expected.tzinfo is None  # naive: the code gives no time zone


def test_timestamp_template_needs_its_guid() -> None:
    # 82 under another GUID, or without a 00, or with 00 after 01: not KE-QR's timestamp
    for stamp in (
        t("00", "ke.go.qrx") + t("01", "nonsense"),
        t("01", "nonsense"),
        t("02", "ke.go.qr") + t("01", "nonsense"),
    ):
        text = keqr_code(stamp=stamp)
        assert scheme_issues(text, "keqr") == [], stamp
        view = keqr.view(qrpay.decode(text))
        assert (view.timestamp, view.created_at) == (None, None)
    # the GUID is compared case-insensitively, and the first 00 decides
    for stamp in (
        t("00", "KE.GO.QR") + t("01", "nonsense"),
        t("01", "nonsense") + t("00", "ke.go.qr"),
        t("00", "Ke.Go.Qr") + t("00", "other") + t("01", "nonsense"),
    ):
        text = keqr_code(stamp=stamp)
        assert [(i[0], i[1], i[2]) for i in scheme_issues(text, "keqr")] == [
            ("keqr.timestamp", ("82", "01"), locate(text, ("82", "01")))
        ], stamp
        assert keqr.view(qrpay.decode(text)).timestamp == "nonsense"


def test_timestamp_template_not_a_template_or_without_01() -> None:
    for stamp in ("ke.go.qr", t("00", "ke.go.qr"), t("00", "ke.go.qr") + t("02", "11062025T125906")):
        text = keqr_code(stamp=stamp)
        assert scheme_issues(text, "keqr") == [], stamp
        view = keqr.view(qrpay.decode(text))
        assert (view.timestamp, view.created_at) == (None, None)
    text = keqr_code(stamp=None)
    assert all_issues(text) == []
    assert keqr.view(qrpay.decode(text)).timestamp is None


def test_the_first_01_is_the_timestamp() -> None:
    text = keqr_code(stamp=STAMP + t("01", "nonsense"))
    assert scheme_issues(text, "keqr") == []
    text = keqr_code(stamp=t("00", "ke.go.qr") + t("01", "nonsense") + t("01", "11062025T125906"))
    assert [i[0] for i in scheme_issues(text, "keqr")] == ["keqr.timestamp"]
    assert scheme_issues(text, "keqr")[0][2] == locate(text, ("82", "01"))


def test_timestamp_without_any_account() -> None:
    # 82 alone does not make a code KE-QR (docs: detection needs the 28/29 account)
    text = code(t("00", "01"), t("53", "404"), t("58", "KE"), t("82", t("00", "ke.go.qr") + t("01", "x")))
    assert qrpay.detect(text) == ()
    assert [i.code for i in keqr.check(qrpay.decode(text), datetime(2026, 1, 1))] == ["keqr.timestamp"]


def test_the_clock_is_ignored() -> None:
    # 82 is when the code was made, not an expiry: no date of checking changes anything
    payload = qrpay.decode(keqr_code(stamp=t("00", "ke.go.qr") + t("01", "11062099T125906")))
    for now in (datetime(1970, 1, 1, tzinfo=timezone.utc), datetime(2999, 12, 31, tzinfo=timezone.utc)):
        assert list(keqr.check(payload, now)) == []
        assert qrpay.decode(keqr_code(), now=now).issues == ()
    assert get_scheme("keqr").expiry is None


def test_view_every_field() -> None:
    text = keqr_code(
        account_tag="28",
        account=t("00", "ke.go.qr") + t("01", "9876543") + t("02", "X") + t("00", "again"),
        extra={
            "29": BANK,
            "30": t("00", "ke.go.qr") + t("05", "F"),
            "54": "150.50",
            "61": "01",
            "80": "Kenyatta Avenue",
            "81": "*334#",
            "82": t("00", "ke.go.qr") + t("01", "11062025 125906") + t("02", "x"),
            "83": t("00", "M-PESA.COM") + t("01", "02") + t("03", "00002") + t("04", "00000"),
        },
    )
    got = keqr.view(qrpay.decode(text))
    assert got == keqr.KeQRView(
        accounts=(
            keqr.KeQRAccount("28", {"01": "9876543", "02": "X"}),
            keqr.KeQRAccount("29", {"68": "2226665"}),
            keqr.KeQRAccount("30", {"05": "F"}),
        ),
        merchant_name="Thika Vivian Stores",
        merchant_city="KE",
        merchant_category_code="5411",
        amount=Decimal("150.50"),
        postal_code="01",
        timestamp="11062025 125906",
        created_at=datetime(2025, 6, 11, 12, 59, 6),
        premises_location="Kenyatta Avenue",
        ussd="*334#",
        mpesa={"01": "02", "03": "00002", "04": "00000"},
    )
    assert [a.kind for a in got.accounts] == ["psp", "bank", "other"]


def test_view_mpesa_template() -> None:
    def mpesa(template: str | None) -> dict[str, str] | None:
        extra = {} if template is None else {"83": template}
        return keqr.view(qrpay.decode(keqr_code(extra=extra))).mpesa

    assert mpesa(None) is None
    assert mpesa(t("00", "m-pesa.com")) == {}
    assert mpesa(t("00", "m-pesa.com") + t("00", "x") + t("01", "02")) == {"01": "02"}
    assert mpesa(t("00", "mpesa.com") + t("01", "02")) is None
    assert mpesa(t("01", "02")) is None
    assert mpesa("m-pesa.com") is None


def test_view_without_keqr() -> None:
    other = code(
        t("00", "01"),
        t("01", "11"),
        t("26", t("00", "A000000677010111") + t("01", "0812345678")),
        t("53", "764"),
        t("58", "TH"),
    )
    assert keqr.view(qrpay.decode(other)) == keqr.KeQRView(
        (), None, None, None, None, None, None, None, None, None, None
    )
    # ke.go.qr outside 26-51 (82 is the timestamp, 80 not an account template) is no account
    text = keqr_code(account_tag="80", account=t("00", "ke.go.qr") + t("01", "1"))
    assert keqr.view(qrpay.decode(text)).accounts == ()
    assert list(keqr.check(qrpay.decode(text), datetime(2026, 1, 1))) == []


def test_describe() -> None:
    describe = keqr.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(THIKA)
    assert describe(payload, ("82", "01"), "11062025T125906") == (
        "QR created 2025-06-11 12:59:06 (no time zone in the code)"
    )
    assert describe(payload, ("82", "01"), "31122025 235959") == (
        "QR created 2025-12-31 23:59:59 (no time zone in the code)"
    )
    assert describe(payload, ("82", "01"), "32062025T125906") is None
    assert describe(payload, ("82", "00"), "11062025T125906") is None
    assert describe(payload, ("83", "01"), "11062025T125906") is None
    assert describe(payload, ("82",), "11062025T125906") is None


def test_lookalike_guids_are_not_keqr() -> None:
    for guid in ("ke.go.qr.x", "go.ke.qr", "ke.co.qr"):
        text = keqr_code(account=t("00", guid) + t("68", "2226665"))
        assert qrpay.detect(text) == (), guid
        assert keqr.view(qrpay.decode(text)).accounts == ()


# Boundaries: the published examples with one value replaced (``edited`` of test_boundaries).
SANITISED = keqr.SCHEME.examples[1]


@pytest.mark.parametrize(
    ("at_limit", "past"),
    [
        ("31012025T120000", "32012025T120000"),  # day: 31 in January
        ("30062025T120000", "31062025T120000"),  # day: 30 in June
        ("28022025T120000", "29022025T120000"),  # day: 28 in February of a common year
        ("29022024T120000", "30022024T120000"),  # day: 29 in February of a leap year
        ("15122025T120000", "15132025T120000"),  # month: 12
        ("15062025T230000", "15062025T240000"),  # hour: 23
        ("15062025T125900", "15062025T126000"),  # minute: 59
        ("15062025T120059", "15062025T120060"),  # second: 59
        ("15062025 120000", "15062025  120000"),  # 15 characters, not 16
    ],
)
def test_timestamp_limits(at_limit: str, past: str) -> None:
    for example in keqr.SCHEME.examples:
        assert scheme_issues(edited(example, {("82", "01"): at_limit}), "keqr") == [
            i for i in scheme_issues(example, "keqr") if i[0] != "keqr.timestamp"
        ]
        text = edited(example, {("82", "01"): past})
        assert (
            "keqr.timestamp",
            ("82", "01"),
            locate(text, ("82", "01")),
            "warning",
            f"82.01 (QR timestamp) is {past!r}; KE-QR writes ddMMyyyyTHHmmss (a space for T is seen)",
            {"actual": past},
        ) in scheme_issues(text, "keqr")


def test_amount_precision_of_kes() -> None:
    # ISO 4217: KES has 2 minor units; EMVCo MPM 4.7.4.1 (the core rule, under KE-QR's currency)
    assert all_issues(edited(THIKA, {("54",): "99.99"})) == []
    text = edited(THIKA, {("54",): "99.999"})
    assert all_issues(text) == [
        (
            "amount_precision",
            ("54",),
            locate(text, ("54",)),
            "error",
            "transaction amount (54) '99.999' has 3 decimals but the currency has 2 minor units "
            "(ISO 4217; EMVCo MPM 4.7.4.1)",
            {"actual": 3, "minor_units": 2},
        )
    ]


def test_sanitised_example_is_the_published_code() -> None:
    # KevinMwita7/keqr example/keqr_example.dart, commit 930ff5e81d9eafb8632fb7ab60149a682489af10
    assert real.SANITISED == SANITISED
    assert edited(SANITISED, {}) == SANITISED  # its CRC 1307 is CRC-16/CCITT-FALSE's
