"""PayNow rules, view, expiry, describe and builder refusals, each checked whole (issue 13).

Payloads are assembled here (``t``/``code`` from tests/schemes/test_duitnow_exact.py: text
and CRC-16/CCITT-FALSE by crcmod, offsets by a walk written in the tests). Expected values
follow the PayNow QR Specifications v1.3 as summarised in docs/schemes/paynow.md: 26/01
proxy type 0 (mobile) or 2 (UEN), 1 not used; 26/02 mandatory, a mobile is "+", the
dialling code and the number, at most 16 characters, a UEN 9 or 10 letters and digits or
12 or 13 with a suffix (spec 2.2); 26/03 editable indicator 0 or 1, mandatory, 1 when no
amount (2.2); 26/04 expiry YYYYMMDD, a transaction after that date is not processed (2.2);
62/01 reference for UEN proxies only (2.3). Singapore time is UTC+8. The warnings
(``mobile_not_sg``, ``uen_form``) are the observed-only rules of that page.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

import qrpay
from qrpay.errors import InvalidRequest
from qrpay.schemes import paynow
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

SGT = timezone(timedelta(hours=8))
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=SGT)


def account(fields: dict[str, str | None]) -> str:
    base: dict[str, str | None] = {"00": "SG.PAYNOW", "01": "2", "02": "201912345K", "03": "1"}
    base.update(fields)
    return "".join(t(k, v) for k, v in sorted(base.items()) if v is not None)


def paynow_code(
    fields: dict[str, str | None] | None = None, *, tag: str = "26", extra: dict[str, str] | None = None
) -> str:
    objects = {
        "00": "01",
        "01": "12",
        tag: account(fields or {}),
        "52": "0000",
        "53": "702",
        "58": "SG",
        "59": "NA",
        "60": "Singapore",
        **(extra or {}),
    }
    return code(*(t(k, objects[k]) for k in sorted(objects)))


def issues(text: str, now: datetime = NOW) -> list[tuple[object, ...]]:
    return [
        (i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx))
        for i in qrpay.decode(text, now=now).issues
        if i.scheme == "paynow"
    ]


def test_the_base_code_is_clean() -> None:
    assert issues(paynow_code()) == []
    assert scheme_issues(paynow_code(), "paynow") == []


def test_proxy_type_missing_or_not_used() -> None:
    assert issues(paynow_code({"01": None}, tag="27")) == [
        (
            "paynow.proxy_type",
            ("27", "01"),
            None,
            "error",
            "PayNow proxy type (27.01) is missing; it must be 0 (mobile) or 2 (UEN); 1 is not used (PayNow QR spec 2.2)",
            {"actual": None},
        )
    ]
    text = paynow_code({"01": "1"})
    assert issues(text) == [
        (
            "paynow.proxy_type",
            ("26", "01"),
            locate(text, ("26", "01")),
            "error",
            "PayNow proxy type (26.01) is '1'; it must be 0 (mobile) or 2 (UEN); 1 is not used (PayNow QR spec 2.2)",
            {"actual": "1"},
        )
    ]


def test_proxy_value_missing() -> None:
    assert issues(paynow_code({"02": None})) == [
        (
            "paynow.proxy_value",
            ("26", "02"),
            None,
            "error",
            "template 26 has no proxy value (sub-ID 02), which PayNow makes mandatory (spec 2.2)",
            {},
        )
    ]


@pytest.mark.parametrize("value", ["6591234567", "+6", "+6591234567890123", "+65 9123 4567"])
def test_mobile_format(value: str) -> None:
    text = paynow_code({"01": "0", "02": value})
    assert issues(text) == [
        (
            "paynow.mobile_format",
            ("26", "02"),
            locate(text, ("26", "02")),
            "error",
            f"PayNow mobile proxy {value!r} must be '+', the international dialling code and the number, at most "
            "16 characters (PayNow QR spec 2.2)",
            {"actual": value},
        )
    ]


def test_mobile_not_singapore() -> None:
    assert issues(paynow_code({"01": "0", "02": "+6591234567"})) == []
    assert issues(paynow_code({"01": "0", "02": "+6581234567"})) == []
    for value in ("+6071234567", "+6571234567", "+659123456"):
        text = paynow_code({"01": "0", "02": value})
        assert issues(text) == [
            (
                "paynow.mobile_not_sg",
                ("26", "02"),
                locate(text, ("26", "02")),
                "warning",
                f"PayNow mobile proxy {value!r} is not a Singapore mobile number (+65 and 8 digits starting with 8 "
                "or 9), which is what PayNow registers",
                {"actual": value},
            )
        ]


@pytest.mark.parametrize("value", ["53312345", "53312345DAB", "53312345DABCDE", "5331234-D", "5331234-DA"])
def test_uen_format(value: str) -> None:
    text = paynow_code({"02": value})
    assert issues(text) == [
        (
            "paynow.uen_format",
            ("26", "02"),
            locate(text, ("26", "02")),
            "error",
            f"PayNow UEN {value!r} ({len(value)} characters) must be 9 or 10 letters and digits, or 12 or 13 with "
            "a suffix (PayNow QR spec 2.2)",
            {"actual": value},
        )
    ]


def test_uen_forms_with_and_without_suffix() -> None:
    # business 8 digits + letter; company year + 5 digits + letter; other entity T08LL1234A
    for value in ("53312345D", "53312345DABC", "201912345K", "201912345KABC", "T08LL1234A", "T08LL1234AXYZ"):
        assert issues(paynow_code({"02": value})) == [], value
    for value in ("ABCDEFGHI", "ABCDEFGHIABC", "5331234567", "5331234567ABC"):
        text = paynow_code({"02": value})
        assert issues(text) == [
            (
                "paynow.uen_form",
                ("26", "02"),
                locate(text, ("26", "02")),
                "warning",
                f"PayNow UEN {value!r} does not start with one of ACRA's UEN forms (8 digits and a letter; a "
                "year, 5 digits and a letter; R/S/T, 2 digits, 2 letters, 4 digits and a letter)",
                {"actual": value},
            )
        ]


def test_editable_missing_or_not_0_or_1() -> None:
    assert issues(paynow_code({"03": None})) == [
        (
            "paynow.editable",
            ("26", "03"),
            None,
            "error",
            "PayNow editable amount indicator (26.03) is missing; it is mandatory, 0 or 1 (PayNow QR spec 2.2)",
            {"actual": None},
        )
    ]
    text = paynow_code({"03": "2"})
    assert issues(text) == [
        (
            "paynow.editable",
            ("26", "03"),
            locate(text, ("26", "03")),
            "error",
            "PayNow editable amount indicator (26.03) is '2'; it is mandatory, 0 or 1 (PayNow QR spec 2.2)",
            {"actual": "2"},
        )
    ]


def test_not_editable_without_an_amount() -> None:
    assert issues(paynow_code({"03": "0"}, extra={"54": "1.00"})) == []
    text = paynow_code({"03": "0"})
    assert issues(text) == [
        (
            "paynow.editable_without_amount",
            ("26", "03"),
            locate(text, ("26", "03")),
            "error",
            "the amount is not editable (03 = 0) but the code carries no amount (54); PayNow QR spec 2.2: the "
            "indicator must be 1 when no amount is provided",
            {},
        )
    ]


@pytest.mark.parametrize("value", ["20261301", "2026063", "202606301200", "20260630246000"])
def test_expiry_format(value: str) -> None:
    text = paynow_code({"04": value})
    assert issues(text) == [
        (
            "paynow.expiry_format",
            ("26", "04"),
            locate(text, ("26", "04")),
            "error",
            f"PayNow QR expiry date {value!r} is not a date YYYYMMDD (PayNow QR spec 2.2) or a date and time "
            "YYYYMMDDhhmmss",
            {"actual": value},
        )
    ]


def test_expiry_date_is_payable_through_the_whole_day() -> None:
    text = paynow_code({"04": "20260531"})
    assert issues(text, datetime(2026, 5, 31, 23, 59, 59, tzinfo=SGT)) == []
    now = datetime(2026, 5, 31, 16, 0, tzinfo=timezone.utc)  # 1 June 00:00 SGT
    assert issues(text, now) == [
        (
            "paynow.expired",
            ("26", "04"),
            locate(text, ("26", "04")),
            "error",
            "the code expired: it could be paid until 2026-05-31 Singapore time (PayNow QR spec 2.2: a transaction "
            "after the QR expiry date is not processed)",
            {"expires_at": "2026-06-01T00:00:00+08:00", "now": "2026-05-31T16:00:00+00:00"},
        )
    ]


def test_expiry_date_and_time() -> None:
    text = paynow_code({"04": "20260531153000"})
    assert issues(text, datetime(2026, 5, 31, 15, 30, 0, tzinfo=SGT)) == []
    now = datetime(2026, 5, 31, 15, 30, 1, tzinfo=SGT)
    assert issues(text, now) == [
        (
            "paynow.expired",
            ("26", "04"),
            locate(text, ("26", "04")),
            "error",
            "the code expired: it could be paid until 2026-05-31 15:30:00 Singapore time (PayNow QR spec 2.2: a "
            "transaction after the QR expiry date is not processed)",
            {"expires_at": "2026-05-31T15:30:01+08:00", "now": "2026-05-31T15:30:01+08:00"},
        )
    ]


def test_reference_with_a_mobile_proxy() -> None:
    assert issues(paynow_code(extra={"62": t("01", "INV1")})) == []
    text = paynow_code({"01": "0", "02": "+6591234567"}, extra={"62": t("01", "INV1")})
    assert issues(text) == [
        (
            "paynow.reference_mobile",
            ("62", "01"),
            locate(text, ("62", "01")),
            "warning",
            "62.01 (transaction reference 'INV1') is defined for UEN proxies only (PayNow QR spec 2.3); a mobile "
            "proxy's payer app may ignore it",
            {},
        )
    ]


def test_view_every_field() -> None:
    text = paynow_code(
        {"03": "0", "04": "20261231", "05": "SHOPEE1"}, extra={"54": "12.50", "62": t("01", "INV1")}
    )
    got = paynow.view(qrpay.decode(text, now=NOW))
    assert got == paynow.PayNowView(
        (
            paynow.PayNowAccount(
                "26",
                paynow.ProxyType.UEN,
                "201912345K",
                False,
                "20261231",
                date(2026, 12, 31),
                datetime(2027, 1, 1, tzinfo=SGT),
                {"05": "SHOPEE1"},
            ),
        ),
        Decimal("12.50"),
        "INV1",
        "NA",
    )
    assert not got.amount_editable


def test_view_proxy_type_not_used_and_time_expiry() -> None:
    got = paynow.view(qrpay.decode(paynow_code({"01": "1", "03": "7", "04": "20261231235959"}), now=NOW))
    assert got.account == paynow.PayNowAccount(
        "26",
        None,
        "201912345K",
        None,
        "20261231235959",
        date(2026, 12, 31),
        datetime(2027, 1, 1, tzinfo=SGT),
        {},
    )


def test_expires_at() -> None:
    assert paynow.expires_at(qrpay.decode(paynow_code(), now=NOW)) is None
    got = paynow.expires_at(qrpay.decode(paynow_code({"04": "20261231"}), now=NOW))
    assert got == datetime(2027, 1, 1, tzinfo=SGT)
    never = paynow.expires_at(qrpay.decode(paynow_code({"04": "99991231"}), now=NOW))
    assert never == datetime.max.replace(tzinfo=SGT)


def test_normalize_mobile() -> None:
    assert paynow.normalize_mobile("+65 9123-4567") == "+6591234567"
    assert paynow.normalize_mobile("+659123456789012") == "+659123456789012"  # 16 characters, the limit
    with pytest.raises(InvalidRequest) as caught:
        paynow.normalize_mobile("+6591234567890123")
    assert (caught.value.code, caught.value.path, caught.value.message, dict(caught.value.ctx)) == (
        "paynow.mobile_format",
        ("26", "02"),
        "mobile: '+6591234567890123' is not '+', a dialling code and a number (at most 16 characters, e.g. "
        "'+6591234567'); PayNow QR spec 2.2",
        {"actual": "+6591234567890123"},
    )
    with pytest.raises(InvalidRequest) as caught:
        paynow.normalize_mobile("91234567", tag="30")
    assert (caught.value.code, caught.value.path) == ("paynow.mobile_format", ("30", "02"))


def test_build_refuses_a_datetime_or_a_bad_expiry() -> None:
    with pytest.raises(InvalidRequest) as caught:
        paynow.build(uen="201912345K", expiry=datetime(2026, 12, 31, tzinfo=SGT), now=NOW)
    assert (caught.value.code, caught.value.path, caught.value.message, dict(caught.value.ctx)) == (
        "paynow.expiry_format",
        ("26", "04"),
        "expiry: give a date (PayNow expires codes by day, spec 2.2) or a 'YYYYMMDDhhmmss' string in Singapore "
        "time, not a datetime",
        {},
    )
    with pytest.raises(InvalidRequest) as caught:
        paynow.build(uen="201912345K", expiry="20261301", tag="28", now=NOW)
    assert (caught.value.code, caught.value.path, caught.value.message, dict(caught.value.ctx)) == (
        "paynow.expiry_format",
        ("28", "04"),
        "expiry: '20261301' is not a date YYYYMMDD or a date and time YYYYMMDDhhmmss",
        {"actual": "20261301"},
    )


def test_describe() -> None:
    describe = paynow.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(paynow_code(extra={"62": t("01", "INV1")}), now=NOW)
    expected = {
        (("26", "01"), "0"): "mobile number",
        (("26", "01"), "2"): "UEN",
        (("26", "01"), "1"): "not used",
        (("26", "01"), "3"): None,
        (("26", "03"), "0"): "amount cannot be edited",
        (("26", "03"), "1"): "amount can be edited",
        (("26", "03"), "2"): None,
        (("26", "04"), "20261231"): "payable until the end of 2026-12-31 (Singapore time)",
        (("26", "04"), "20261231153000"): "payable until 2026-12-31 15:30:00 Singapore time",
        (("26", "04"), "20261331"): None,
        (("26", "02"), "201912345K"): None,
        (("62", "01"), "0"): None,
        (("27", "01"), "0"): None,
        (("25", "01"), "0"): None,
        (("52",), "0"): None,
        (("26", "01", "00"), "0"): None,
    }
    assert {key: describe(payload, *key) for key in expected} == expected


def test_describe_in_tag_51() -> None:
    describe = paynow.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(paynow_code({"01": "0", "02": "+6591234567"}, tag="51"), now=NOW)
    assert describe(payload, ("51", "01"), "0") == "mobile number"


# -- builder refusals, whole (issue 13: the builder is mutated since 2a79850) -----------------


def _build_refusal(**kwargs: object) -> tuple[object, ...]:
    """The builder's refusal as (class, code, path, offset, message, ctx)."""
    with pytest.raises(InvalidRequest) as caught:
        paynow.build(now=NOW, **kwargs)  # type: ignore[arg-type]
    error = caught.value
    return type(error), error.code, error.path, error.offset, error.message, dict(error.ctx)


def test_build_refuses_a_template_outside_26_to_51() -> None:
    # PayNow QR spec 2.1-2.2: a merchant account template 26-51
    for tag in ("25", "52"):
        assert _build_refusal(uen="201912345K", tag=tag) == (
            InvalidRequest,
            "unknown_field",
            (tag,),
            None,
            f"tag: PayNow goes in a merchant account template 26-51 (spec 2.1-2.2), not {tag!r}",
            {},
        )


def test_build_in_the_edge_templates() -> None:
    for tag in ("26", "51"):
        built = paynow.build(uen="201912345K", tag=tag, now=NOW)
        assert built.to_text() == code(
            t("00", "01"),
            t("01", "11"),
            t(tag, t("00", "SG.PAYNOW") + t("01", "2") + t("02", "201912345K") + t("03", "1")),
            t("52", "0000"),
            t("53", "702"),
            t("58", "SG"),
            t("59", "NA"),
            t("60", "Singapore"),
        )


def test_build_refuses_other_than_one_proxy() -> None:
    expected = (
        InvalidRequest,
        "paynow.proxy_value",
        ("26", "02"),
        None,
        "give exactly one of mobile or uen (the PayNow proxy, spec 2.2)",
        {},
    )
    assert _build_refusal() == expected
    assert _build_refusal(mobile="+6591234567", uen="201912345K") == expected


def test_build_refuses_a_reference_on_a_mobile_proxy() -> None:
    assert _build_refusal(mobile="+6591234567", reference="INV1") == (
        InvalidRequest,
        "paynow.reference_mobile",
        ("62", "01"),
        None,
        "reference: a transaction reference (62.01) applies to UEN proxies only (PayNow QR spec 2.3)",
        {},
    )


def test_build_refuses_a_uen_out_of_form() -> None:
    for uen, tag in (("201912345k", "26"), ("2019-12345K", "40")):
        assert _build_refusal(uen=uen, tag=tag) == (
            InvalidRequest,
            "paynow.uen_format",
            (tag, "02"),
            None,
            f"uen: {uen!r} must be 9 or 10 upper-case letters and digits, or 12 or 13 with a suffix "
            "(PayNow QR spec 2.2)",
            {"actual": uen},
        )


def test_build_refuses_a_fixed_amount_without_an_amount() -> None:
    assert _build_refusal(uen="201912345K", editable=False, tag="27") == (
        InvalidRequest,
        "paynow.editable_without_amount",
        ("27", "03"),
        None,
        "editable=False needs an amount: without one the payer must enter it (PayNow QR spec 2.2)",
        {},
    )


def test_build_mobile_proxy_with_a_fixed_amount_and_an_expiry() -> None:
    built = paynow.build(
        mobile="+65 9123 4567",
        amount="12.30",
        editable=False,
        expiry=date(2026, 12, 31),
        merchant_name="Shop",
        merchant_city="SG",
        merchant_category_code="5999",
        postal_code="018956",
        now=NOW,
    )
    account = (
        t("00", "SG.PAYNOW") + t("01", "0") + t("02", "+6591234567") + t("03", "0") + t("04", "20261231")
    )
    assert built.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("26", account),
        t("52", "5999"),
        t("53", "702"),
        t("54", "12.30"),
        t("58", "SG"),
        t("59", "Shop"),
        t("60", "SG"),
        t("61", "018956"),
    )


def test_build_refuses_a_mobile_with_the_template_tag_in_its_path() -> None:
    assert _build_refusal(mobile="91234567", tag="30") == (
        InvalidRequest,
        "paynow.mobile_format",
        ("30", "02"),
        None,
        "mobile: '91234567' is not '+', a dialling code and a number (at most 16 characters, e.g. "
        "'+6591234567'); PayNow QR spec 2.2",
        {"actual": "91234567"},
    )


# -- view properties (mutated since 2a79850) ---------------------------------------------------


@pytest.mark.parametrize(
    ("uen", "base", "suffix"),
    [
        ("201912345K", "201912345K", None),  # 10 characters: no suffix (spec 2.2)
        ("53312345D", "53312345D", None),  # 9 characters
        ("53312345DCHA", "53312345D", "CHA"),  # 9 + a 3-character suffix
        ("201912345KCHA", "201912345K", "CHA"),  # 10 + a 3-character suffix
    ],
)
def test_view_uen_base_and_suffix(uen: str, base: str, suffix: str | None) -> None:
    got = paynow.view(qrpay.decode(paynow_code({"02": uen}), now=NOW)).account
    assert got is not None
    assert (got.uen, got.uen_base, got.uen_suffix, got.mobile) == (uen, base, suffix, None)


def test_view_of_a_mobile_proxy_has_no_uen_parts() -> None:
    got = paynow.view(qrpay.decode(paynow_code({"01": "0", "02": "+6591234567"}), now=NOW)).account
    assert got is not None
    assert (got.mobile, got.uen, got.uen_base, got.uen_suffix) == ("+6591234567", None, None, None)


def test_view_without_a_paynow_account() -> None:
    text = code(
        *(t(k, v) for k, v in (("00", "01"), ("01", "11"), ("52", "0000"), ("53", "702"), ("58", "SG")))
    )
    got = paynow.view(qrpay.decode(text, now=NOW))
    assert (got.accounts, got.account, got.amount_editable) == ((), None, True)


def test_view_amount_editable_without_an_amount() -> None:
    # indicator 0 with no amount breaks spec 2.2, but the payer must then enter an amount anyway
    got = paynow.view(qrpay.decode(paynow_code({"03": "0"}), now=NOW))
    assert got.amount is None and got.account is not None and got.account.editable is False
    assert got.amount_editable
