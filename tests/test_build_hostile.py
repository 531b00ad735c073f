"""Issue 8: every bad value given to a builder or an edit is an InvalidRequest.

Each test names the exception class, the code and the tag path. The rule (docs/api.md,
"Builder arguments"): every keyword value of a builder or an edit that has the wrong
type or value is an ``InvalidRequest``; the one ``TypeError`` is a ``now`` that is not
an aware ``datetime`` (the clock, not payment data), as in ``decode``/``check``/``validate``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import get_scheme
from qrpay.tlv import DataObject

NOW = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
UNIONPAY = {"15": "37210116372101160123456789ABCDE"}
BASE: dict[str, Any] = {
    "merchant_accounts": UNIONPAY,
    "merchant_category_code": "5999",
    "currency": "USD",
    "country": "KH",
    "merchant_name": "Kuntheas Shop",
    "merchant_city": "Phnom Penh",
}


def _id(value: object) -> str:
    """A pytest id for any value (repr() of a 5000-digit int raises ValueError)."""
    try:
        return repr(value)[:30]
    except ValueError:
        return f"<{type(value).__name__}>"


def build(**changes: Any) -> qrpay.Payload:
    return qrpay.build(**{**BASE, **changes})


def scheme(scheme_id: str, **keywords: Any) -> qrpay.Payload:
    builder = get_scheme(scheme_id).build
    assert builder is not None
    return builder(**keywords)


def refused(call: Any) -> qrpay.InvalidRequest:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        call()
    assert type(caught.value) is qrpay.InvalidRequest
    return caught.value


# -- lone surrogates: refused before the CRC (was UnicodeEncodeError) ---------------------------


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: build(merchant_name="Shop\ud800"), ("59",)),
        (lambda: build(merchant_city="\udfffCity"), ("60",)),
        (lambda: build(additional_data={"bill_number": "A\ud800"}), ("62", "01")),
        (lambda: build(language={"language_preference": "KM", "merchant_name": "\ud800"}), ("64", "01")),
        (lambda: build(merchant_accounts={"26": {"00": "com.example", "01": "\ud800"}}), ("26", "01")),
        (lambda: build(initiation="1\ud800"), ("01",)),
        (lambda: scheme("promptpay", mobile="0812345678", merchant_name="\ud800"), ("59",)),
        (
            lambda: scheme("khqr", account_id="a_b@devb", merchant_name="x", terminal_label="\ud800"),
            ("62", "07"),
        ),
        (lambda: scheme("laoqr", iin="27710418", receiver_id="A\ud800"), ("38", "03")),
        (
            lambda: scheme("vietqr", bank_bin="970403", card_number="9704031101234567", purpose="\ud800"),
            ("62", "08"),
        ),
        (
            lambda: scheme(
                "pix", key="12345678909", description="\ud800", merchant_name="a", merchant_city="b"
            ),
            ("26", "02"),
        ),
    ],
)
def test_lone_surrogate_is_invalid_text_at_its_path(call: Any, path: tuple[str, ...]) -> None:
    err = refused(call)
    assert (err.code, err.path) == ("invalid_text", path)
    assert "lone surrogate (U+D" in err.message and "UTF-8" in err.message


def test_edits_refuse_a_lone_surrogate() -> None:
    payload = build()
    err = refused(lambda: payload.with_value("59", "a\ud800"))
    assert (err.code, err.path) == ("invalid_text", ("59",))
    err = refused(lambda: payload.replace(merchant_name="\ud800"))
    assert (err.code, err.path) == ("invalid_text", ("59",))


def test_encode_refuses_a_hand_made_payload_with_a_surrogate() -> None:
    objects = (DataObject("00", "01", 0, ("00",)), DataObject("59", "\ud800", 6, ("59",)))
    err = refused(lambda: qrpay.encode(qrpay.Payload(objects)))
    assert (err.code, err.path) == ("invalid_text", ("59",))


# -- values of the wrong type: value_type at the keyword's path (was TypeError/AttributeError) ---


@pytest.mark.parametrize(
    ("scheme_id", "keywords", "path"),
    [
        ("promptpay", {"mobile": 812345678}, ("29", "01")),
        ("promptpay", {"national_id": 1234567890123}, ("29", "02")),
        ("promptpay", {"tax_id": 1234567890123}, ("29", "02")),
        ("promptpay", {"ewallet_id": 123456789012345}, ("29", "03")),
        ("paynow", {"uen": 201403121}, ("26", "02")),
        ("paynow", {"mobile": 6591234567}, ("26", "02")),
        ("paynow", {"mobile": "+6591234567", "tag": 26}, ("26",)),
        ("laoqr", {"iin": "27710418", "receiver_id": "A", "unionpay_account": 5}, ("15",)),
        (
            "vietqr",
            {"bank_bin": "970403", "card_number": "9704031101234567", "additional_data": ["x"]},
            ("62",),
        ),
        (
            "qrph",
            {
                "kind": "p2p",
                "bic": "PAEYPHM2XXX",
                "account_number": "1",
                "merchant_name": "a",
                "merchant_city": "b",
                "merchant_category_code": "6016",
                "template_fields": 5,
            },
            ("27",),
        ),
        (
            "duitnow",
            {
                "acquirer_id": "501664",
                "qr_id": "1",
                "merchant_name": "A",
                "merchant_category_code": "0000",
                "additional_data": {"90": 5},
            },
            ("62", "90"),
        ),
        (
            "sgqr",
            {
                "networks": 5,
                "sgqr_id": "1809072DD85C",
                "version": "01.0001",
                "postal_code": "079027",
                "version_date": "20180915",
                "merchant_name": "SOBA",
            },
            (),
        ),
        (
            "khqr",
            {"account_id": "a_b@devb", "merchant_name": "x", "amount": 1, "expires_at": timedelta(minutes=5)},
            ("99", "01"),
        ),
        ("pix", {"key": 12345678909, "merchant_name": "a", "merchant_city": "b"}, ("26", "01")),
        (
            "pix",
            {"url": "pix.example.com/qr/1", "recurrence_url": 5, "merchant_name": "a", "merchant_city": "b"},
            ("80", "25"),
        ),
        ("fps", {"fps_id": 9999999}, ("26", "02")),
        ("fps", {"email": "a@b.hk", "timeout": 291231235959}, ("26", "05")),
        (
            "bharatqr",
            {
                "vpa": "shop@upi",
                "rupay": 6000010000000050,
                "merchant_name": "A",
                "merchant_city": "B",
                "postal_code": "411001",
                "merchant_category_code": "5411",
            },
            ("06",),
        ),
        (
            "jpqr",
            {
                "store_code": "0000000000001",
                "code_02": 1,
                "code_03": "000001",
                "code_04": "000001",
                "merchant_name": "x",
                "merchant_city": "x",
                "postal_code": "5300005",
                "local_name": "カフェ",
                "merchant_category_code": "5812",
            },
            ("26", "02"),
        ),
        (
            "lankaqr",
            {
                "block": 1672800058120000000010000005,
                "merchant_name": "A",
                "merchant_city": "B",
                "merchant_category_code": "5812",
            },
            ("26", "00"),
        ),
        (
            "nepalpay",
            {
                "acquirer_id": "00001701",
                "merchant_id": 17012,
                "merchant_name": "A",
                "merchant_city": "B",
                "merchant_category_code": "5021",
            },
            ("29", "00"),
        ),
        (
            "nepalpay",
            {
                "acquirer_id": "00001701",
                "merchant_id": "17012UVSTIR",
                "merchant_name": "A",
                "merchant_city": "B",
                "merchant_category_code": "5021",
                "purpose": ["x"],
            },
            ("62", "08"),
        ),
    ],
)
def test_scheme_keyword_of_the_wrong_type(
    scheme_id: str, keywords: dict[str, Any], path: tuple[str, ...]
) -> None:
    err = refused(lambda: scheme(scheme_id, **keywords, now=NOW))
    assert (err.code, err.path) == ("value_type", path)
    assert err.message.startswith(err.ctx["keyword"]) and "expected" in err.message
    assert f"({scheme_id}.build)" in err.message


def test_the_message_names_the_value_and_the_declared_type() -> None:
    err = refused(lambda: scheme("promptpay", mobile=812345678))
    assert str(err) == (
        "tag 29.01: mobile: expected str or None, got int 812345678 (promptpay.build) [value_type]"
    )


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"currency": 5}, ("53",)),
        ({"country": b"KH"}, ("58",)),
        ({"merchant_name": ["Shop"]}, ("59",)),
        ({"postal_code": 12000}, ("61",)),
        ({"initiation": 12}, ("01",)),
        ({"merchant_accounts": {"26": [("00", 5)]}}, ("26",)),
        ({"language": {"merchant_name": 5}}, ("64", "01")),
        ({"amount_style": "rounded", "amount": "1"}, ("54",)),
    ],
)
def test_replace_refuses_a_value_of_the_wrong_type(changes: dict[str, Any], path: tuple[str, ...]) -> None:
    payload = build()
    err = refused(lambda: payload.replace(**changes))
    assert (err.code, err.path) == ("value_type", path)
    assert "(Payload.replace)" in err.message


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"merchant_accounts": {"15": 5}}, ("15",)),
        ({"merchant_accounts": {5: "x"}}, ()),
        ({"merchant_accounts": [b"x"]}, ()),
        ({"unreserved": {"80": [("00", None)]}}, ("80",)),
        ({"merchant_name": 10**5000}, ("59",)),  # repr() of this int raises ValueError
        ({"amount_style": "rounded", "amount": "1"}, ("54",)),  # was silently written "minimal"
        ({"additional_data": "INV-1"}, ("62",)),
        ({"language": 5}, ("64",)),
    ],
    ids=_id,
)
def test_build_refuses_a_value_of_the_wrong_type(changes: dict[str, Any], path: tuple[str, ...]) -> None:
    err = refused(lambda: build(**changes))
    assert (err.code, err.path) == ("value_type", path)


def test_a_huge_int_is_shown_not_repr_d() -> None:
    err = refused(lambda: build(merchant_name=10**5000))
    assert "<int of 16610 bits>" in err.message


def test_with_amount_dynamic_must_be_a_bool() -> None:
    payload = build()
    err = refused(lambda: payload.with_amount("1", dynamic="no"))  # was truthy: made dynamic
    assert (err.code, err.path) == ("value_type", ("01",))


@pytest.mark.parametrize("path", [5, None, ["59"], ("5",), ("62", 5), (), b"59"])
def test_with_value_and_without_refuse_a_path_that_is_not_two_digit_ids(path: Any) -> None:
    payload = build()
    assert refused(lambda: payload.with_value(path, "x")).code == "unknown_field"
    assert refused(lambda: payload.without(path)).code == "unknown_field"


def test_with_value_over_99_characters_is_refused_not_a_tlv_error() -> None:
    payload = build(additional_data={"bill_number": "1"})
    err = refused(lambda: payload.with_value(("62", "05"), "x" * 5000))
    assert (err.code, err.path) == ("value_too_long", ("62", "05"))
    err = refused(lambda: payload.with_value("59", "x" * 100))
    assert (err.code, err.path) == ("value_too_long", ("59",))


def test_python_call_errors_stay_type_errors() -> None:
    with pytest.raises(TypeError):
        scheme("promptpay", mobile="0812345678", bogus=1)
    with pytest.raises(TypeError):
        qrpay.build(currency="USD", country="KH")  # type: ignore[call-arg]
    assert refused(lambda: build().replace(bogus=1)).code == "unknown_field"


# -- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (1.5, "amount_type"),  # floats are refused, never rounded (documented)
        (float("nan"), "amount_type"),
        (True, "amount_type"),
        (b"1", "amount_type"),
        ([1], "amount_type"),
        (Decimal("NaN"), "amount_format"),
        (Decimal("sNaN"), "amount_format"),
        (Decimal("Infinity"), "amount_format"),
        (Decimal("-1"), "amount_format"),
        (-(10**5000), "amount_format"),
        (Decimal("-0"), "amount_zero"),
        (Decimal("1E+999999999"), "value_too_long"),  # was decimal.Overflow
        (10**5000, "value_too_long"),
        (Decimal("1E-999999999"), "amount_precision"),
        ("1" * 100_000, "value_too_long"),
    ],
    ids=_id,
)
def test_bad_amounts(amount: Any, code: str) -> None:
    for call in (
        lambda: build(amount=amount),
        lambda: build(convenience_fee_fixed=amount),
        lambda: build().with_amount(amount),
        lambda: build().replace(amount=amount),
    ):
        err = refused(call)
        assert err.code == code
        assert err.path in (("54",), ("56",))


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (Decimal("1E+999999999"), "value_too_long"),  # was decimal.Overflow
        (1.5, "amount_type"),
        (Decimal("NaN"), "amount_format"),
    ],
)
def test_bad_khqr_amounts(amount: Any, code: str) -> None:
    err = refused(
        lambda: scheme(
            "khqr",
            account_id="a_b@devb",
            merchant_name="x",
            currency="USD",
            amount=amount,
            expires_at=NOW + timedelta(minutes=5),
            now=NOW,
        )
    )
    assert (err.code, err.path) == (code, ("54",))


# -- datetimes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme_id", "keywords", "path"),
    [
        ("khqr", {"account_id": "a_b@devb", "merchant_name": "x", "amount": 1}, ("99", "01")),
        ("laoqr", {"iin": "27710418", "receiver_id": "A"}, ("38", "04")),
    ],
)
def test_timestamps_refuse_naive_datetimes_and_out_of_range_ints(
    scheme_id: str, keywords: dict[str, Any], path: tuple[str, ...]
) -> None:
    naive = datetime(2026, 1, 1, 12, 10)  # was read as UTC silently
    err = refused(lambda: scheme(scheme_id, **keywords, expires_at=naive, now=NOW))
    assert (err.code, err.path) == ("naive_datetime", path)
    for bad in (10**5000, -1, 10**13):
        err = refused(lambda bad=bad: scheme(scheme_id, **keywords, expires_at=bad, now=NOW))
        assert err.code == f"{scheme_id}.{'timestamp_format' if scheme_id == 'khqr' else 'expiry_format'}"
        assert err.path == path
    assert refused(lambda: scheme(scheme_id, **keywords, expires_at=True, now=NOW)).code == "value_type"
    aware = NOW + timedelta(minutes=10)
    assert scheme(scheme_id, **keywords, expires_at=aware, now=NOW).expires_at() == aware


def test_khqr_currency_huge_int_is_refused() -> None:
    err = refused(lambda: scheme("khqr", account_id="a_b@devb", merchant_name="x", currency=10**5000))
    assert (err.code, err.path) == ("khqr.currency", ("53",))


@pytest.mark.parametrize(
    "now", [date(2026, 1, 1), datetime(2026, 1, 1), "2026-01-01", 1767225600, timedelta(0)]
)
def test_now_must_be_an_aware_datetime(now: Any) -> None:
    payload = build()
    text = payload.to_text()
    for call in (
        lambda: qrpay.check(text, now=now),  # was AttributeError for a date
        lambda: qrpay.decode(text, now=now),
        lambda: qrpay.validate(text, now=now),
        lambda: build(now=now),
        lambda: scheme("promptpay", mobile="0812345678", now=now),
        lambda: payload.replace(merchant_name="B", now=now),
    ):
        with pytest.raises(TypeError, match=r"^now must be an aware datetime") as caught:
            call()
        assert not isinstance(caught.value, qrpay.QRPayError)
    assert qrpay.is_valid(text, now=now) is False  # is_valid never raises
    assert qrpay.check(text, now=NOW) == []
    assert qrpay.check(text, now=NOW.astimezone(timezone(timedelta(hours=7)))) == []


def test_naive_now_message_says_why() -> None:
    with pytest.raises(TypeError, match=r"naive datetime .* qrpay does not guess the time zone"):
        qrpay.check(build().to_text(), now=datetime(2026, 1, 1))


# -- every registered builder keeps its valid calls working -------------------------------------


def test_valid_calls_still_build() -> None:
    assert build(amount=Decimal("1.50"), now=NOW).amount == Decimal("1.50")
    assert build().with_amount(10).value("54") == "10.00"
    assert scheme("promptpay", mobile="081-234-5678", amount="12.5").value("54") == "12.50"
    assert scheme("paynow", uen="201403121W", amount=5, now=NOW).value(("26", "02")) == "201403121W"
    assert build().with_value(("62", "05"), "REF").value(("62", "05")) == "REF"
    assert build().replace(language=None, merchant_accounts=UNIONPAY, now=NOW) == build()
