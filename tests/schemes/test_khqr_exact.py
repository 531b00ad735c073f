"""KHQR rules and view, each checked whole (issue 13).

Payloads are assembled here (``t``/``code`` from tests/schemes/test_duitnow_exact.py: text
and CRC-16/CCITT-FALSE by crcmod, offsets by a walk written in the tests). Expected values
follow docs/schemes/khqr.md (NBC KHQR specification v1.0 and the Bakong SDK's verify):
29/30 sub-ID 00 is name@bank; 30 needs 01 merchant ID and 02 acquiring bank; 01/02 at
most 32 characters; 52, 59, 60 required; no UnionPay account (15) with USD (SDK error 44);
01 is 11 or 12; riel amounts are whole; a dynamic code carries an amount and 99/01, an
expiration in Unix epoch milliseconds (13 digits) not before 99/00; tags ascending (SDK
error 36, a warning). Epoch values are written by hand: 1767225600000 ms is
2026-01-01T00:00:00Z (1735689600 s for 2025-01-01 plus 365 days of 86400 s).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.errors import InvalidRequest
from qrpay.schemes import khqr
from tests.schemes.test_duitnow_exact import code, locate, t

NEW_YEAR_MS = "1767225600000"  # 2026-01-01T00:00:00Z
NEW_YEAR = datetime(2026, 1, 1, tzinfo=timezone.utc)
NOW = datetime(2025, 12, 1, tzinfo=timezone.utc)
INDIVIDUAL = t("00", "john_smith@aclb") + t("01", "855123") + t("02", "ACLEDA")


def khqr_code(objects: dict[str, str | None], *, order: list[str] | None = None) -> str:
    base: dict[str, str | None] = {
        "00": "01",
        "01": "11",
        "29": INDIVIDUAL,
        "52": "5999",
        "53": "116",
        "58": "KH",
        "59": "John Smith",
        "60": "Phnom Penh",
    }
    base.update(objects)
    tags = order if order is not None else sorted(base)
    return code(*(t(k, v) for k in tags if (v := base[k]) is not None))


def issues(text: str, now: datetime = NOW) -> list[tuple[Any, ...]]:
    return [
        (i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx))
        for i in qrpay.decode(text, now=now).issues
        if i.scheme == "khqr"
    ]


def dynamic(amount: str = "100", stamps: str | None = None) -> dict[str, str | None]:
    return {
        "01": "12",
        "54": amount,
        "99": t("00", "1764547200000") + t("01", NEW_YEAR_MS) if stamps is None else stamps,
    }


def test_clean_codes() -> None:
    assert issues(khqr_code({})) == []
    assert issues(khqr_code(dynamic())) == []
    assert (
        issues(khqr_code({"29": None, "30": t("00", "shop@aclb") + t("01", "M" * 32) + t("02", "B" * 32)}))
        == []
    )


def test_account_id_with_two_at_signs() -> None:
    text = khqr_code({"29": t("00", "john@smith@aclb")})
    assert issues(text) == [
        (
            "khqr.account_id",
            ("29", "00"),
            locate(text, ("29", "00")),
            "warning",
            "Bakong account ID 'john@smith@aclb' is not name@bank with a single '@' (the SDK's verify accepts it; "
            "its account lookup does not)",
            {"actual": "john@smith@aclb"},
        )
    ]


def test_merchant_template_needs_id_and_bank() -> None:
    assert issues(khqr_code({"29": None, "30": t("00", "shop@aclb")})) == [
        (
            "khqr.merchant_id",
            ("30", "01"),
            None,
            "error",
            "merchant account template 30 has no merchant ID (sub-ID 01), which KHQR requires",
            {},
        ),
        (
            "khqr.acquiring_bank",
            ("30", "02"),
            None,
            "error",
            "merchant account template 30 has no acquiring bank (sub-ID 02), which KHQR requires",
            {},
        ),
    ]
    # an individual account (29) needs neither
    assert issues(khqr_code({"29": t("00", "john_smith@aclb")})) == []


def test_account_field_lengths() -> None:
    text = khqr_code({"29": None, "30": t("00", "shop@aclb") + t("01", "M" * 33) + t("02", "B" * 33)})
    assert issues(text) == [
        (
            "khqr.merchant_id",
            ("30", "01"),
            locate(text, ("30", "01")),
            "error",
            f"merchant ID {'M' * 33!r} has 33 characters; KHQR allows 32",
            {"actual": 33},
        ),
        (
            "khqr.acquiring_bank",
            ("30", "02"),
            locate(text, ("30", "02")),
            "error",
            f"acquiring bank {'B' * 33!r} has 33 characters; KHQR allows 32",
            {"actual": 33},
        ),
    ]
    text = khqr_code({"29": t("00", "john_smith@aclb") + t("01", "I" * 33)})
    assert issues(text) == [
        (
            "khqr.account_information",
            ("29", "01"),
            locate(text, ("29", "01")),
            "error",
            f"account information {'I' * 33!r} has 33 characters; KHQR allows 32",
            {"actual": 33},
        )
    ]
    assert issues(khqr_code({"29": t("00", "john_smith@aclb") + t("01", "I" * 32)})) == []


def test_the_first_bakong_template_is_checked() -> None:
    # 29 whose 00 is not an account ID is not Bakong: the merchant template 30 is checked
    text = khqr_code({"29": t("00", "A000000999"), "30": t("00", "shop@aclb") + t("02", "ACLEDA")})
    assert [i[:2] for i in issues(text)] == [("khqr.merchant_id", ("30", "01"))]


def test_required_fields() -> None:
    assert issues(khqr_code({"52": None, "59": None, "60": None})) == [
        (
            "khqr.required",
            (tag,),
            None,
            "error",
            f"no tag {tag} ({name}); KHQR requires it (Bakong SDK verify)",
            {},
        )
        for tag, name in (("52", "merchant category code"), ("59", "merchant name"), ("60", "merchant city"))
    ]


def test_unionpay_account_with_usd() -> None:
    unionpay = "6234567890123456"
    assert issues(khqr_code({"15": unionpay})) == []
    text = khqr_code({"15": unionpay, "53": "840"})
    assert issues(text) == [
        (
            "khqr.upi_currency",
            ("15",),
            locate(text, ("15",)),
            "error",
            "a UnionPay account (tag 15) is not allowed with USD in KHQR (Bakong SDK error 44)",
            {},
        )
    ]


def test_point_of_initiation() -> None:
    text = khqr_code({"01": "13"})
    assert issues(text) == [
        (
            "khqr.initiation",
            ("01",),
            locate(text, ("01",)),
            "error",
            "point of initiation is '13'; KHQR allows only 11 (static) and 12 (dynamic)",
            {"actual": "13"},
        )
    ]


def test_riel_amounts() -> None:
    static_with_stamps = {"99": t("00", "1764547200000")}
    assert issues(khqr_code({"54": "100", **static_with_stamps})) == []
    assert issues(khqr_code({"54": "100.50", "53": "840", **static_with_stamps})) == []
    text = khqr_code({"54": "100.5", **static_with_stamps})
    assert issues(text) == [
        (
            "khqr.amount_khr",
            ("54",),
            locate(text, ("54",)),
            "error",
            "KHR amount '100.5' has a fraction; KHQR amounts in riel are whole numbers",
            {"actual": "100.5"},
        )
    ]
    text = khqr_code({"54": "100.00", **static_with_stamps})
    assert issues(text) == [
        (
            "khqr.amount_khr_decimals",
            ("54",),
            locate(text, ("54",)),
            "warning",
            "KHR amount '100.00' is whole but written with a decimal mark; the Bakong SDK writes whole riel "
            "without one",
            {"actual": "100.00"},
        )
    ]


def test_dynamic_code_needs_amount_and_timestamps() -> None:
    text = khqr_code({"01": "12"})
    assert issues(text) == [
        (
            "khqr.amount_missing",
            ("54",),
            None,
            "error",
            "a dynamic KHQR (01 = 12) must carry a transaction amount (54)",
            {},
        ),
        (
            "khqr.expiration_missing",
            ("99",),
            None,
            "error",
            "a KHQR with an amount or point of initiation 12 must carry the timestamp template 99 with an "
            "expiration",
            {},
        ),
    ]
    # a static code with an amount also needs 99
    assert [i[:2] for i in issues(khqr_code({"54": "100"}))] == [("khqr.expiration_missing", ("99",))]
    # without 01 an amount still asks for 99
    assert [i[:2] for i in issues(khqr_code({"01": None, "54": "100"}))] == [
        ("khqr.expiration_missing", ("99",))
    ]
    assert issues(khqr_code({"01": None})) == []


def test_dynamic_code_needs_an_expiration() -> None:
    assert issues(khqr_code(dynamic(stamps=t("00", "1764547200000")))) == [
        (
            "khqr.expiration_missing",
            ("99", "01"),
            None,
            "error",
            "a dynamic KHQR must carry an expiration timestamp (99/01)",
            {},
        )
    ]
    # a static code's 99 is not checked (ABA writes other things there)
    assert issues(khqr_code({"99": t("00", "x"), "54": "1"})) == []


def test_timestamp_format() -> None:
    text = khqr_code(dynamic(stamps=t("00", "176454720000") + t("01", "17672256000001")))
    assert issues(text) == [
        (
            "khqr.timestamp_format",
            ("99", sub),
            locate(text, ("99", sub)),
            "error",
            f"timestamp {value!r} must be Unix epoch milliseconds (13 digits)",
            {"actual": value},
        )
        for sub, value in (("00", "176454720000"), ("01", "17672256000001"))
    ]


def test_expiration_before_creation() -> None:
    text = khqr_code(dynamic(stamps=t("00", "1767225600001") + t("01", NEW_YEAR_MS)))
    assert issues(text) == [
        (
            "khqr.expiration_before_creation",
            ("99", "01"),
            locate(text, ("99", "01")),
            "error",
            "expiration 1767225600000 is before creation 1767225600001",
            {},
        )
    ]
    assert issues(khqr_code(dynamic(stamps=t("00", NEW_YEAR_MS) + t("01", NEW_YEAR_MS)))) == []
    assert issues(khqr_code(dynamic(stamps=t("01", NEW_YEAR_MS)))) == []


def test_expired() -> None:
    text = khqr_code(dynamic())
    assert issues(text, NEW_YEAR) == []  # expires at that millisecond, not before
    later = NEW_YEAR + timedelta(milliseconds=1)
    assert issues(text, later) == [
        (
            "khqr.expired",
            ("99", "01"),
            locate(text, ("99", "01")),
            "error",
            "this dynamic KHQR expired at 2026-01-01T00:00:00+00:00 (clock: 2026-01-01T00:00:00.001000+00:00)",
            {"expires_at": "2026-01-01T00:00:00+00:00"},
        )
    ]
    # another time zone, same instant: 08:00:00.001 at UTC+8
    plus8 = later.astimezone(timezone(timedelta(hours=8)))
    assert [i[0] for i in issues(text, plus8)] == ["khqr.expired"]
    assert issues(text, NEW_YEAR.astimezone(timezone(timedelta(hours=7)))) == []


@pytest.mark.parametrize(("tag", "char"), [("59", "\u0378"), ("60", "\ue000"), ("59", "\x7f")])
def test_unprintable_characters(tag: str, char: str) -> None:
    text = khqr_code({tag: f"Ab{char}c{char}"})
    assert issues(text) == [
        (
            "khqr.invalid_character",
            (tag,),
            locate(text, (tag,)),
            "error",
            f"tag {tag} contains U+{ord(char):04X}, which is not a printable character",
            {"character": char},
        )
    ]


def test_printable_non_ascii_names() -> None:
    assert issues(khqr_code({"59": "Café Khmer ភ្នំ", "60": "Siem Reap"})) == []


def test_lengths_in_utf8_bytes() -> None:
    # 59 "Café" declared as 5 (UTF-8 bytes), not 4 characters; CRC over the UTF-8 text
    import crcmod.predefined

    crc = crcmod.predefined.mkCrcFun("crc-ccitt-false")
    body = (
        "".join(
            t(k, v)
            for k, v in (
                ("00", "01"),
                ("01", "11"),
                ("29", INDIVIDUAL),
                ("52", "5999"),
                ("53", "116"),
                ("58", "KH"),
            )
        )
        + "5905Café"
        + t("60", "Phnom Penh")
        + "6304"
    )
    text = body + f"{crc(body.encode('utf-8')):04X}"
    assert issues(text) == [
        (
            "khqr.length_unit",
            (),
            None,
            "error",
            "lengths count UTF-8 bytes; the Bakong SDK reads lengths in characters and misreads this code (its "
            "verify fails)",
            {},
        )
    ]


def test_tag_order() -> None:
    order = ["00", "01", "29", "52", "58", "53", "60", "59"]
    text = khqr_code({}, order=order)
    assert issues(text) == [
        (
            "khqr.tag_order",
            ("53",),
            locate(text, ("53",)),
            "warning",
            "tag 53 comes after tag 58; KHQR generators write tags in ascending order (Bakong SDK error 36, which "
            "its verify does not apply)",
            {},
        )
    ]


def test_view_every_field() -> None:
    objects: dict[str, str | None] = {
        **dynamic("1.50"),
        "15": "6234567890123456",
        "29": None,
        "30": t("00", "shop@aclb") + t("01", "M123") + t("02", "ACLEDA Bank"),
        "53": "840",
        "62": t("01", "INV1") + t("02", "85512345678") + t("03", "Store") + t("07", "T1") + t("08", "Pay"),
        "64": t("00", "km") + t("01", "ហាង") + t("02", "ភ្នំពេញ"),
    }
    text = khqr_code(objects)
    got = khqr.view(qrpay.decode(text, now=NOW))
    assert got == khqr.KHQRView(
        account=khqr.BakongAccount(khqr.AccountKind.MERCHANT, "shop@aclb", None, "M123", "ACLEDA Bank"),
        currency="USD",
        amount=Decimal("1.50"),
        merchant_name="John Smith",
        merchant_city="Phnom Penh",
        merchant_category_code="5999",
        bill_number="INV1",
        mobile_number="85512345678",
        store_label="Store",
        terminal_label="T1",
        purpose="Pay",
        language_preference="km",
        merchant_name_alternate="ហាង",
        merchant_city_alternate="ភ្នំពេញ",
        unionpay_account="6234567890123456",
        created_at=datetime(2025, 12, 1, tzinfo=timezone.utc),
        expires_at=NEW_YEAR,
        is_dynamic=True,
        md5=hashlib.md5(text.encode("utf-8")).hexdigest(),
    )
    assert got.is_merchant
    assert got.account is not None and (got.account.tag, got.account.name, got.account.bank_code) == (
        "30",
        "shop",
        "aclb",
    )
    assert khqr.expiry(qrpay.decode(text, now=NOW)) == NEW_YEAR


def test_view_of_a_minimal_individual_code() -> None:
    text = khqr_code({"29": t("00", "john_smith@aclb") + t("01", "855123"), "53": "999", "15": t("00", "X")})
    got = khqr.view(qrpay.decode(text))
    assert got.account == khqr.BakongAccount(
        khqr.AccountKind.INDIVIDUAL, "john_smith@aclb", "855123", None, None
    )
    assert not got.is_merchant
    assert got.currency == "999"
    assert (got.bill_number, got.mobile_number, got.store_label, got.terminal_label, got.purpose) == (
        None,
    ) * 5
    assert (got.language_preference, got.merchant_name_alternate, got.merchant_city_alternate) == (None,) * 3
    assert (got.unionpay_account, got.created_at, got.expires_at, got.is_dynamic) == (None, None, None, False)
    assert khqr.expiry(qrpay.decode(text)) is None
    riel = khqr.view(qrpay.decode(khqr_code({"99": t("00", "17645472000"), "62": t("05", "R")})))
    assert (riel.currency, riel.created_at, riel.bill_number) == ("KHR", None, None)


def test_view_without_a_bakong_account() -> None:
    text = khqr_code(
        {"29": t("00", "john_smith@aclb"), "30": t("00", "shop@aclb") + t("01", "M") + t("02", "B")}
    )
    got = khqr.view(qrpay.decode(text))
    assert got.account is not None and got.account.kind is khqr.AccountKind.INDIVIDUAL
    assert got.account.account_information is None and got.account.merchant_id is None


def test_first_occurrence_and_repeated_tags() -> None:
    # a repeated 01: the rules read the first one, and a repeat is not a descending tag
    text = code(
        *(
            t(k, v)
            for k, v in (
                ("00", "01"),
                ("01", "13"),
                ("01", "11"),
                ("29", INDIVIDUAL),
                ("52", "5999"),
                ("53", "116"),
                ("58", "KH"),
                ("59", "John Smith"),
                ("60", "Phnom Penh"),
            )
        )
    )
    assert issues(text) == [
        (
            "khqr.initiation",
            ("01",),
            locate(text, ("01",)),
            "error",
            "point of initiation is '13'; KHQR allows only 11 (static) and 12 (dynamic)",
            {"actual": "13"},
        )
    ]


def test_riel_amount_that_is_not_an_amount() -> None:
    # "10.5.0" breaks EMVCo's amount format (reported there); the riel rule says nothing
    text = khqr_code({"54": "10.5.0", "99": t("00", "1764547200000")})
    assert issues(text) == []


def test_view_without_a_bakong_account_in_the_payload() -> None:
    text = code(
        t("00", "01"),
        t("01", "11"),
        t("15", "2738041800520446mch19B73F61B9E0"),
        t("53", "116"),
        t("58", "KH"),
    )
    assert khqr.view(qrpay.decode(text)).account is None


def _refusal(call: Any) -> tuple[Any, ...]:
    with pytest.raises(InvalidRequest) as caught:
        call()
    return caught.value.code, caught.value.path, caught.value.message, dict(caught.value.ctx)


def test_amount_text_refusals_whole() -> None:
    assert _refusal(lambda: khqr.amount_text("10.5", "KHR")) == (
        "khqr.amount_khr",
        ("54",),
        "amount: '10.5' is not a whole number of riel; KHQR amounts in KHR are whole",
        {"actual": "'10.5'"},
    )
    assert _refusal(lambda: khqr.amount_text("1.505", "USD")) == (
        "amount_precision",
        ("54",),
        "amount: '1.505' has 3 decimal places; USD allows 2 and qrpay does not round",
        {"actual": 3, "minor_units": 2},
    )
    assert _refusal(lambda: khqr.amount_text("abc", "USD")) == (
        "amount_format",
        ("54",),
        "amount 'abc' is not digits with at most one '.' decimal mark (EMVCo MPM 4.7.4.1)",
        {},
    )
    # 14 digits before the decimal mark: refused before formatting
    assert _refusal(lambda: khqr.amount_text("10000000000000", "KHR")) == (
        "value_too_long",
        ("54",),
        "amount: '10000000000000' has 14 digits before the decimal mark; at most 13 characters fit (EMVCo MPM "
        "Table 3.6)",
        {"max_length": 13, "actual": 14},
    )
    # 11 digits and two decimals: 14 characters written
    assert _refusal(lambda: khqr.amount_text("12345678901.5", "USD")) == (
        "value_too_long",
        ("54",),
        "amount: 12345678901.50 has 14 characters; at most 13 fit (EMVCo MPM Table 3.6)",
        {"max_length": 13, "actual": 14},
    )


def test_amount_text_at_the_limits() -> None:
    assert khqr.amount_text("1000000000000", "KHR") == "1000000000000"  # 13 digits
    assert khqr.amount_text("1234567890.5", "USD") == "1234567890.50"  # 13 characters
    assert khqr.amount_text("10", 840) == "10"
    assert khqr.amount_text(Decimal("1.5"), "usd") == "1.50"
    assert khqr.amount_text(7, 116) == "7"


@pytest.mark.parametrize(
    ("currency", "shown"),
    [
        (1000, "1000"),
        ("EUR", "'EUR'"),
        (True, "True"),
        (116.0, "116.0"),
        (-116, "-116"),
        (None, "None"),
        (["USD"], "['USD']"),
    ],
)
def test_amount_text_currency_refusals(currency: Any, shown: str) -> None:
    assert _refusal(lambda: khqr.amount_text("1", currency)) == (
        "khqr.currency",
        ("53",),
        f"currency: {shown} is not supported by KHQR; use KHR (116) or USD (840)",
        {"actual": shown},
    )


def test_build_expiry_not_epoch_milliseconds() -> None:
    assert _refusal(
        lambda: khqr.build(account_id="john@aclb", merchant_name="J", amount="1", expires_at=123, now=NOW)
    ) == (
        "khqr.timestamp_format",
        ("99", "01"),
        "expires_at: 123 is not Unix epoch milliseconds (13 digits)",
        {"actual": "123"},
    )


def test_describe() -> None:
    describe = khqr.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(khqr_code({}))
    expected = {
        (("99", "00"), NEW_YEAR_MS): "2026-01-01 00:00:00 UTC",
        (("99", "01"), "1767225601500"): "2026-01-01 00:00:01 UTC",
        (("99", "01"), "176722560000"): None,
        (("99", "02"), NEW_YEAR_MS): None,
        (("29", "00"), "john@aclb"): "individual account",
        (("30", "00"), "shop@aclb"): "merchant account",
        (("31", "00"), "shop@aclb"): None,
        (("29", "01"), "john@aclb"): None,
        (("29",), "john@aclb"): None,
        (("29", "00", "00"), "john@aclb"): None,
    }
    assert {key: describe(payload, *key) for key in expected} == expected


# -- builder refusals and output, whole (issue 13: the builder is mutated since 2a79850) ---------


def _build_refusal(**kwargs: Any) -> tuple[Any, ...]:
    """The builder's refusal as (class, code, path, offset, message, ctx)."""
    base: dict[str, Any] = {"account_id": "john@aclb", "merchant_name": "John", "now": NOW}
    with pytest.raises(InvalidRequest) as caught:
        khqr.build(**{**base, **kwargs})
    error = caught.value
    return type(error), error.code, error.path, error.offset, error.message, dict(error.ctx)


def test_build_refuses_an_account_id_that_is_not_name_at_bank() -> None:
    # the SDK's generate refuses an account ID without "@" (docs/schemes/khqr.md)
    assert _build_refusal(account_id="john") == (
        InvalidRequest,
        "khqr.account_id",
        ("29", "00"),
        None,
        "account_id: 'john' is not a Bakong account ID name@bank",
        {"actual": "john"},
    )
    assert _build_refusal(account_id="shop", merchant_id="M1", acquiring_bank="ACLEDA") == (
        InvalidRequest,
        "khqr.account_id",
        ("30", "00"),
        None,
        "account_id: 'shop' is not a Bakong account ID name@bank",
        {"actual": "shop"},
    )


def test_build_refuses_a_mixed_up_account_template() -> None:
    assert _build_refusal(merchant_id="M1", acquiring_bank="ACLEDA", account_information="855") == (
        InvalidRequest,
        "khqr.account_information",
        ("30", "01"),
        None,
        "account_information belongs to an individual account (29); a merchant account (30) carries "
        "merchant_id in sub-ID 01",
        {},
    )
    assert _build_refusal(merchant=True, acquiring_bank="ACLEDA") == (
        InvalidRequest,
        "khqr.merchant_id",
        ("30", "01"),
        None,
        "merchant_id is required for a merchant account (30)",
        {},
    )
    assert _build_refusal(merchant_id="M1") == (
        InvalidRequest,
        "khqr.acquiring_bank",
        ("30", "02"),
        None,
        "acquiring_bank is required for a merchant account (30)",
        {},
    )
    assert _build_refusal(merchant=False, merchant_id="M1") == (
        InvalidRequest,
        "khqr.merchant_id",
        ("29", "01"),
        None,
        "merchant_id belongs to a merchant account (30); pass merchant=True or omit it",
        {},
    )


def test_build_refuses_timestamps_that_do_not_fit() -> None:
    assert _build_refusal(amount="100") == (
        InvalidRequest,
        "khqr.expiration_missing",
        ("99", "01"),
        None,
        "expires_at is required for a dynamic KHQR (one with an amount)",
        {},
    )
    # NOW is 2025-12-01T00:00:00Z = 1764547200000 ms (1735689600 s + 334 days of 86400 s)
    assert _build_refusal(amount="100", expires_at=1764547199999) == (
        InvalidRequest,
        "khqr.expiration_before_creation",
        ("99", "01"),
        None,
        "expires_at: 1764547199999 is before the creation time 1764547200000",
        {},
    )
    assert _build_refusal(expires_at=int(NEW_YEAR_MS)) == (
        InvalidRequest,
        "khqr.expiration_static",
        ("99", "01"),
        None,
        "expires_at needs an amount: KHQR writes timestamps on dynamic codes only (the SDK drops the "
        "expiration of a static code silently)",
        {},
    )


def test_build_expiring_at_its_creation_time() -> None:
    """An expiration equal to the creation time is not before it: built."""
    built = khqr.build(
        account_id="john@aclb", merchant_name="John", amount="100", expires_at=1764547200000, now=NOW
    )
    stamps = t("00", "1764547200000") + t("01", "1764547200000")
    assert built.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("29", t("00", "john@aclb")),
        t("52", "5999"),
        t("53", "116"),
        t("54", "100"),
        t("58", "KH"),
        t("59", "John"),
        t("60", "Phnom Penh"),
        t("99", stamps),
    )


def test_build_every_field_written_out() -> None:
    """Each keyword lands in its tag (SDK layout: 29/01, 29/02, 62/01-08, 64/00-02, 99)."""
    built = khqr.build(
        account_id="john@aclb",
        account_information="85512345678",
        acquiring_bank="ACLEDA",
        merchant_name="John",
        merchant_city="Siem Reap",
        currency=840,
        amount="1.50",
        expires_at=NEW_YEAR,
        merchant_category_code="5411",
        bill_number="INV1",
        mobile_number="85512345678",
        store_label="S1",
        terminal_label="T1",
        purpose="gift",
        language_preference="km",
        merchant_name_alternate="Jon",
        merchant_city_alternate="SR",
        now=NOW,
    )
    account = t("00", "john@aclb") + t("01", "85512345678") + t("02", "ACLEDA")
    additional = t("01", "INV1") + t("02", "85512345678") + t("03", "S1") + t("07", "T1") + t("08", "gift")
    language = t("00", "km") + t("01", "Jon") + t("02", "SR")
    assert built.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("29", account),
        t("52", "5411"),
        t("53", "840"),
        t("54", "1.50"),
        t("58", "KH"),
        t("59", "John"),
        t("60", "Siem Reap"),
        t("62", additional),
        t("64", language),
        t("99", t("00", "1764547200000") + t("01", NEW_YEAR_MS)),
    )


def test_build_merchant_template() -> None:
    built = khqr.build(
        account_id="shop@aclb", merchant_id="M1", acquiring_bank="ACLEDA", merchant_name="Shop", now=NOW
    )
    assert built.to_text() == code(
        t("00", "01"),
        t("01", "11"),
        t("30", t("00", "shop@aclb") + t("01", "M1") + t("02", "ACLEDA")),
        t("52", "5999"),
        t("53", "116"),
        t("58", "KH"),
        t("59", "Shop"),
        t("60", "Phnom Penh"),
    )


def test_build_creation_time_defaults_to_the_current_time() -> None:
    before = int(datetime.now(timezone.utc).timestamp() * 1000)
    built = khqr.build(account_id="john@aclb", merchant_name="John", amount="100", expires_at=4102444800000)
    after = int(datetime.now(timezone.utc).timestamp() * 1000)
    created = built.value(("99", "00"))
    assert created is not None and before - 1 <= int(created) <= after + 1


def test_view_splits_an_account_id_with_two_at_signs_at_the_first() -> None:
    # name is the part before the first "@", bank_code all after it (the rule warns on a second "@")
    account = khqr.view(qrpay.decode(khqr_code({"29": t("00", "john@smith@aclb")}))).account
    assert account is not None
    assert (account.tag, account.name, account.bank_code) == ("29", "john", "smith@aclb")
