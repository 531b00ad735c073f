"""KHQR: builder against the official Bakong SDK (npm bakong-khqr 1.0.20), verify verdicts,
amount formatting, refusals, expiry with an injected clock, view."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import khqr
from tests.conftest import FIXTURES

SDK = json.loads((FIXTURES / "crosscheck" / "khqr-bakong-khqr.json").read_text(encoding="utf-8"))
FIXED_NOW_MS: int = SDK["constants"]["fixed_now_ms"]
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def clock(ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ms)


# Requests the SDK refused, with the code qrpay refuses them with. The SDK's error code is
# in the recorded "error"; the mapping is by rule (docs/schemes/khqr.md, "Differences").
SDK_REFUSED: dict[str, str] = {
    "khqr-ind-usd-99999999999.99": "value_too_long",  # SDK 4: more than 13 characters
    "khqr-ind-usd-1.234": "amount_precision",  # SDK 4: more than 2 decimals
    "khqr-ind-usd-0.30000000000000004": "amount_precision",  # SDK 4 (0.1 + 0.2)
    "khqr-ind-usd-negative": "amount_format",  # SDK 4
    "khqr-ind-khr-1.5": "khqr.amount_khr",  # SDK 4: riel are whole
    "khqr-ind-khr-99999999999999": "value_too_long",  # SDK 4: 14 digits
    "khqr-ind-usd-1.5-no-expiry": "khqr.expiration_missing",  # SDK 45
    "khqr-ind-usd-1.5-expiry-before-now": "khqr.expiration_before_creation",  # SDK 50
    "khqr-ind-usd-1.5-expiry-12-digits": "khqr.timestamp_format",  # SDK 49
    "khqr-ind-khr-acctinfo-33": "khqr.account_information",  # SDK 35
    "khqr-ind-khr-account-no-at": "khqr.account_id",  # SDK 3
    "khqr-ind-khr-account-33": "value_too_long",  # SDK 6 (EMVCo: sub-ID 00 at most 32)
    "khqr-ind-khr-bill-26": "value_too_long",  # SDK 10
    "khqr-ind-khr-mobile-26": "value_too_long",  # SDK 34
    "khqr-ind-khr-store-26": "value_too_long",  # SDK 11
    "khqr-ind-khr-terminal-26": "value_too_long",  # SDK 12
    "khqr-ind-khr-purpose-26": "value_too_long",  # SDK 42
    "khqr-ind-khr-lang-pref-only": "missing_field",  # SDK 39: 64/01 required with 64/00
    "khqr-ind-khr-lang-pref-3": "value_length",  # SDK 38: 64/00 is 2 letters
    "khqr-ind-khr-lang-name-26": "value_too_long",  # SDK 40
    "khqr-ind-khr-lang-city-16": "value_too_long",  # SDK 41
    "khqr-ind-khr-name-26": "value_too_long",  # SDK 7
    "khqr-ind-khr-name-empty": "value_empty",  # SDK 2
    "khqr-ind-khr-city-16": "value_too_long",  # SDK 21
    "khqr-ind-khr-mcc-12345": "value_length",  # SDK 18
    "khqr-ind-khr-mcc-abcd": "not_numeric",  # SDK 51
    "khqr-ind-currency-978": "khqr.currency",  # SDK 28
    "khqr-ind-usd-upi": "khqr.upi_currency",  # SDK 44
    "khqr-ind-khr-upi-100": "value_too_long",  # SDK 43: a data object holds 99 characters
    "khqr-mer-no-merchant-id": "khqr.merchant_id",  # SDK 30
    "khqr-mer-empty-merchant-id": "khqr.merchant_id",  # SDK 30
    "khqr-mer-no-bank": "khqr.acquiring_bank",  # SDK 31
    "khqr-mer-merchant-id-33": "khqr.merchant_id",  # SDK 32
    "khqr-mer-bank-33": "khqr.acquiring_bank",  # SDK 33
    # the SDK returns a TypeError as a *successful* response (status 0): EMVCo 64/00 is mandatory
    "khqr-ind-khr-lang-name-only": "missing_field",
}

# Requests the SDK accepted and qrpay deliberately refuses (docs/schemes/khqr.md).
QRPAY_REFUSES: dict[str, str] = {
    "khqr-ind-usd-abc-string": "amount_format",  # SDK writes 5403abc
    "khqr-ind-usd-1e21": "value_too_long",  # SDK writes 54051e+21; the number has 22 digits
    "khqr-ind-usd-amount-0": "amount_zero",  # SDK drops amount 0 silently (static code)
    "khqr-ind-usd-static-with-expiry": "khqr.expiration_static",  # SDK drops the expiry silently
    "khqr-ind-khr-mcc-123": "value_length",  # SDK writes 5203123; EMVCo 52 has 4 digits
    "khqr-ind-khr-account-two-at": "khqr.account_id",  # a@b@c is not name@bank
    "khqr-ind-khr-city-empty": "value_empty",  # SDK replaces "" by "Phnom Penh"; qrpay only None
    "khqr-ind-khr-lang-city-only": "missing_field",  # SDK writes 64 without 00/01 (EMVCo 4.9.1.1)
    "khqr-ind-khr-bill-khmer": "invalid_character",  # 62/01 is EMVCo ans; only 59/60 are relaxed
}

# Requests both accept where the payloads differ, and how.
DIFFERENT_OUTPUT: dict[str, tuple[str, str]] = {
    # The SDK counts UTF-16 code units (😀 is 2); EMVCo MPM 4.4.1.1 counts characters.
    "khqr-ind-khr-name-emoji": ("5907Shop 😀", "5906Shop 😀"),
}

#: optional-object keys of the SDK -> khqr.build keywords
OPTIONAL = {
    "currency": "currency",
    "amount": "amount",
    "accountInformation": "account_information",
    "acquiringBank": "acquiring_bank",
    "billNumber": "bill_number",
    "mobileNumber": "mobile_number",
    "storeLabel": "store_label",
    "terminalLabel": "terminal_label",
    "purposeOfTransaction": "purpose",
    "languagePreference": "language_preference",
    "merchantNameAlternateLanguage": "merchant_name_alternate",
    "merchantCityAlternateLanguage": "merchant_city_alternate",
    "upiMerchantAccount": "upi_account",
    "expirationTimestamp": "expires_at",
    "merchantCategoryCode": "merchant_category_code",
}


def js_text(value: Any) -> Any:
    """JS ``String(x)`` for the text fields the SDK coerces (a number MCC or merchant ID)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


def js_amount(value: Any) -> Any:
    """A JS number is a Decimal (or int) in Python, a JS string stays a str (khqr.amount_text)."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    return Decimal(repr(value))


def to_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """The SDK's constructor arguments as khqr.build keywords (by the SDK's own rules)."""
    args = request["input"]["args"]
    merchant = request["input"]["constructor"] == "MerchantInfo"
    # JavaScript ignores extra constructor arguments (the SDK README passes five to IndividualInfo)
    if merchant:
        account, name, city, merchant_id, bank, optional = args[:6]
    else:
        account, name, city, optional = args[:4]
    kwargs: dict[str, Any] = {"account_id": account, "merchant_name": js_text(name), "merchant": merchant}
    # the SDK uses its default city for undefined or ""; qrpay only for None (see QRPAY_REFUSES)
    kwargs["merchant_city"] = None if city == "<undefined>" else js_text(city)
    if merchant:
        kwargs["merchant_id"] = None if merchant_id == "<undefined>" else js_text(merchant_id)
        kwargs["acquiring_bank"] = None if bank == "<undefined>" else js_text(bank)
    if isinstance(optional, dict):  # the README-argument-order request passes a string here
        for key, value in optional.items():
            if value in ("", None, "<undefined>"):
                continue  # the SDK's removeEmptyElement drops them
            name_ = OPTIONAL[key]
            if key == "amount":
                kwargs[name_] = js_amount(value)
            elif key == "expirationTimestamp":
                kwargs[name_] = int(value)  # the SDK applies Number() to it
            elif key == "currency":
                kwargs[name_] = str(value)
            else:
                kwargs[name_] = js_text(value)
    if kwargs.get("amount") == 0:
        pass  # the SDK treats 0 as "no amount"; qrpay refuses it (QRPAY_REFUSES)
    kwargs["now"] = clock(request.get("clock_ms", FIXED_NOW_MS))
    return kwargs


@pytest.mark.parametrize("request_", SDK["requests"], ids=[r["id"] for r in SDK["requests"]])
def test_builder_against_the_official_sdk(request_: dict[str, Any]) -> None:
    rid = request_["id"]
    kwargs = to_kwargs(request_)
    if "output" not in request_:
        with pytest.raises(qrpay.InvalidRequest) as caught:
            khqr.build(**kwargs)
        assert caught.value.code == SDK_REFUSED[rid], str(caught.value)
        return
    if rid in QRPAY_REFUSES:
        with pytest.raises(qrpay.InvalidRequest) as caught:
            khqr.build(**kwargs)
        assert caught.value.code == QRPAY_REFUSES[rid], str(caught.value)
        return
    ours = khqr.build(**kwargs).to_text()
    theirs: str = request_["output"]
    if rid in DIFFERENT_OUTPUT:
        sdk_part, our_part = DIFFERENT_OUTPUT[rid]
        assert sdk_part in theirs and our_part in ours
        assert ours[:-4] == theirs[:-4].replace(sdk_part, our_part)
        return
    assert ours == theirs
    assert khqr.md5(ours) == request_["md5"]


def test_every_sdk_request_is_accounted_for() -> None:
    ids = {r["id"] for r in SDK["requests"]}
    refused = {r["id"] for r in SDK["requests"] if "output" not in r}
    assert set(SDK_REFUSED) == refused
    assert set(QRPAY_REFUSES) | set(DIFFERENT_OUTPUT) <= ids - refused
    assert SDK["package"] == "bakong-khqr" and SDK["version"] == "1.0.20"
    identical = len(ids) - len(refused) - len(QRPAY_REFUSES) - len(DIFFERENT_OUTPUT)
    assert (len(ids), len(refused), identical) == (104, 35, 59)


# Payloads where qrpay's verdict differs from the SDK's verify() on purpose, and why.
VERDICT_DIFFERS: dict[str, str] = {
    "gen:khqr-ind-usd-1e21": "amount_format",  # 54 = '1e+21' is not an EMVCo amount
    "gen:khqr-ind-usd-abc-string": "amount_format",  # 54 = 'abc'
    "gen:khqr-ind-khr-mcc-123": "value_length",  # 52 = '123'
    "gen:khqr-ind-khr-lang-city-only": "missing_field",  # 64 without 00 and 01
    "gen:khqr-ind-khr-bill-khmer": "invalid_character",  # Khmer in 62/01 (format ans)
    # not KHQR at all: qrpay validates them as what they are (the SDK asks for tag 52 / 99)
    "other-promptpay": "",
    "other-nepal-lowercase-crc": "",
}


@pytest.mark.parametrize("entry", SDK["verify"], ids=[e["id"] for e in SDK["verify"]])
def test_verdict_against_sdk_verify(entry: dict[str, Any]) -> None:
    now = clock(entry.get("clock_ms", FIXED_NOW_MS))
    ours = qrpay.is_valid(entry["payload"], now=now)
    theirs = entry["result"]["isValid"]
    eid = entry["id"]
    if eid in VERDICT_DIFFERS:
        assert ours is not theirs
        code = VERDICT_DIFFERS[eid]
        if code:
            issues = qrpay.check(entry["payload"], now=now)
            assert code in {i.code for i in issues if i.severity == "error"}
        else:
            assert "khqr" not in qrpay.detect(entry["payload"])
        return
    assert ours is theirs, [str(i) for i in qrpay.check(entry["payload"], now=now)]


def test_sdk_byte_length_payload_is_refused_like_the_sdk() -> None:
    entry = next(e for e in SDK["verify"] if e["id"] == "neg-khmer-name-byte-length")
    issues = qrpay.check(entry["payload"], now=clock(FIXED_NOW_MS))
    assert ("khqr.length_unit", "error") in {(i.code, i.severity) for i in issues}


# -- amounts: the SDK's JS number/string semantics in Python types ----------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (1, "USD", "1"),
        (Decimal("1.5"), "USD", "1.50"),
        (Decimal("1.50"), "USD", "1.50"),
        (Decimal("10.00"), "USD", "10"),  # a JS number 10.00 is 10
        ("10.00", "USD", "10.00"),  # a JS string keeps its decimal mark: 2 decimals
        ("1.5", "USD", "1.50"),
        ("10", "USD", "10"),
        ("10.", "USD", "10.00"),
        (Decimal("0.01"), "USD", "0.01"),
        (Decimal("9999999999.99"), "USD", "9999999999.99"),
        (50000, "KHR", "50000"),
        ("1000.00", "KHR", "1000"),
        (Decimal("1000.0"), "116", "1000"),
        (9999999999999, 116, "9999999999999"),
    ],
)
def test_amount_text_matches_the_sdk(amount: Any, currency: Any, text: str) -> None:
    assert khqr.amount_text(amount, currency) == text


@pytest.mark.parametrize(
    ("amount", "currency", "code"),
    [
        (1.5, "USD", "amount_type"),
        (Decimal("1.234"), "USD", "amount_precision"),
        ("1.500", "USD", "amount_precision"),  # the SDK refuses a string with 3 decimals
        (Decimal("1.5"), "KHR", "khqr.amount_khr"),
        ("abc", "USD", "amount_format"),
        (0, "USD", "amount_zero"),
        (-1, "KHR", "amount_format"),
        (10**13, "KHR", "value_too_long"),
        (1, "EUR", "khqr.currency"),
    ],
)
def test_amount_text_refusals(amount: Any, currency: Any, code: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        khqr.amount_text(amount, currency)
    assert caught.value.code == code


# -- builder ------------------------------------------------------------------------------------

NOW = clock(FIXED_NOW_MS)


def test_static_individual_defaults() -> None:
    payload = khqr.build(account_id="john_smith@devb", merchant_name="John Smith", now=NOW)
    assert payload.to_text() == (
        "00020101021129190015john_smith@devb5204599953031165802KH5910John Smith6010Phnom Penh63046BFA"
    )
    assert payload.schemes == ("khqr",) and payload.issues == ()


def test_dynamic_with_datetime_expiry() -> None:
    payload = khqr.build(
        account_id="john_smith@devb",
        merchant_name="John Smith",
        currency="USD",
        amount="1.5",
        expires_at=NOW + timedelta(minutes=10),
        now=NOW,
    )
    assert payload.value(("99", "00")) == str(FIXED_NOW_MS)
    assert payload.value(("99", "01")) == str(FIXED_NOW_MS + 600_000)
    assert payload.expires_at() == NOW + timedelta(minutes=10)
    # the same code read after its expiry is an error, by the injected clock
    later = qrpay.check(payload.to_text(), now=NOW + timedelta(minutes=11))
    assert [i.code for i in later if i.severity == "error"] == ["khqr.expired"]
    assert qrpay.is_valid(payload.to_text(), now=NOW + timedelta(minutes=10))


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"account_id": "john_smith"}, "khqr.account_id"),
        (
            {"merchant": True, "merchant_id": "1", "acquiring_bank": "B", "account_information": "x"},
            "khqr.account_information",
        ),
        ({"merchant_id": "123"}, "khqr.acquiring_bank"),
        ({"merchant": False, "merchant_id": "123"}, "khqr.merchant_id"),
        ({"currency": "THB"}, "khqr.currency"),
        ({"amount": 100}, "khqr.expiration_missing"),
        ({"expires_at": FIXED_NOW_MS + 1}, "khqr.expiration_static"),
        ({"amount": 100, "expires_at": "1767226200000"}, "value_type"),
        ({"amount": 100, "expires_at": NOW - timedelta(seconds=1)}, "khqr.expiration_before_creation"),
        ({"currency": "USD", "upi_account": "2738041800520446mch19B73F61B9E0"}, "khqr.upi_currency"),
        ({"merchant_city": "Phnom Penh Thmey"}, "value_too_long"),
        ({"bill_number": "វិក្កយបត្រ"}, "invalid_character"),
    ],
)
def test_builder_refusals(kwargs: dict[str, Any], code: str) -> None:
    base: dict[str, Any] = {"account_id": "john_smith@devb", "merchant_name": "John Smith", "now": NOW}
    with pytest.raises(qrpay.InvalidRequest) as caught:
        khqr.build(**{**base, **kwargs})
    assert caught.value.code == code


def test_khmer_name_and_city_are_allowed() -> None:
    payload = khqr.build(account_id="john_smith@devb", merchant_name="សុខា", merchant_city="ភ្នំពេញ", now=NOW)
    assert payload.issues == ()
    assert payload.merchant_name == "សុខា"


def test_control_character_in_name_is_still_refused() -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        khqr.build(account_id="john_smith@devb", merchant_name="សុខា\x07", now=NOW)
    assert caught.value.code == "khqr.invalid_character"


def test_merchant_with_unionpay_detects_both() -> None:
    payload = khqr.build(
        account_id="devit@abaa",
        merchant_name="devit",
        merchant_city="Battambang",
        merchant_id="1243546472",
        acquiring_bank="DEVBKKHPXXX",
        upi_account="2738041800520446mch19B73F61B9E",
        now=NOW,
    )
    assert payload.schemes == ("unionpay", "khqr")
    assert payload.to_text().startswith("00020101021115302738041800520446mch19B73F61B9E30430010devit@abaa")


# -- view and md5 ----------------------------------------------------------------------------------


def test_view_of_the_ts_khqr_readme_payload() -> None:
    text = (
        "00020101021229420013ishinvin@devb01090123456780208Dev Bank5204599953031165405100005802KH5909Ishin Vin"
        "6010Phnom Penh62680114INV-2022-12-250211855123456780310Ishin Shop07060123450807Payment64180002ZH"
        "0102文山0202金边99340013175507623233601131755076292336630416C4"
    )
    view = qrpay.decode(text, now=clock(1755076232336)).view("khqr")
    assert view.account == khqr.BakongAccount(
        khqr.AccountKind.INDIVIDUAL, "ishinvin@devb", "012345678", None, "Dev Bank"
    )
    assert (view.account.name, view.account.bank_code, view.account.tag) == ("ishinvin", "devb", "29")
    assert (view.currency, view.amount, view.is_dynamic) == ("KHR", Decimal("10000"), True)
    assert (view.bill_number, view.mobile_number, view.store_label, view.terminal_label, view.purpose) == (
        "INV-2022-12-25",
        "85512345678",
        "Ishin Shop",
        "012345",
        "Payment",
    )
    assert (view.language_preference, view.merchant_name_alternate, view.merchant_city_alternate) == (
        "ZH",
        "文山",
        "金边",
    )
    assert view.created_at == clock(1755076232336) and view.expires_at == clock(1755076292336)
    assert view.md5 == "922a409e0f8784858f644bf912c132b0"  # what the SDK returned for it


def test_view_of_a_merchant_code() -> None:
    text = (
        "00020101021130640009khqr@aclb0111855124649060215ACLEDA Bank Plc051385500000019425204593153038405802KH"
        "5912KHQR TESTING6010Phnom Penh6102126213020901753577164360002KM0112KHQR TESTING0210Phnom Penh6304AC1C"
    )
    view = khqr.view(qrpay.decode(text))
    assert view.is_merchant and view.account is not None
    assert (view.account.merchant_id, view.account.acquiring_bank, view.account.account_information) == (
        "85512464906",
        "ACLEDA Bank Plc",
        None,
    )
    assert view.expires_at is None and not view.is_dynamic and view.currency == "USD"


def test_md5_of_text_and_payload() -> None:
    text = "00020101021129190015john_smith@devb5204599953031165802KH5910John Smith6010Phnom Penh63046BFA"
    assert khqr.md5(text) == khqr.md5(qrpay.decode(text)) == "851710edf362c4a9091f7b4739cbe1a3"


# -- the typed view against the SDK's decode() ---------------------------------------------------

#: SDK decode() result key -> the same value read from khqr.view() or the payload
DECODED = {
    "bakongAccountID": lambda v, p: v.account and v.account.account_id,
    "accountInformation": lambda v, p: v.account and v.account.account_information,
    "merchantID": lambda v, p: v.account and v.account.merchant_id,
    "acquiringBank": lambda v, p: v.account and v.account.acquiring_bank,
    "merchantType": lambda v, p: v.account and v.account.tag,
    "billNumber": lambda v, p: v.bill_number,
    "mobileNumber": lambda v, p: v.mobile_number,
    "storeLabel": lambda v, p: v.store_label,
    "terminalLabel": lambda v, p: v.terminal_label,
    "purposeOfTransaction": lambda v, p: v.purpose,
    "languagePreference": lambda v, p: v.language_preference,
    "merchantNameAlternateLanguage": lambda v, p: v.merchant_name_alternate,
    "merchantCityAlternateLanguage": lambda v, p: v.merchant_city_alternate,
    "unionPayMerchant": lambda v, p: v.unionpay_account,
    "merchantCategoryCode": lambda v, p: v.merchant_category_code,
    "merchantName": lambda v, p: v.merchant_name,
    "merchantCity": lambda v, p: v.merchant_city,
    "payloadFormatIndicator": lambda v, p: p.value("00"),
    "pointofInitiationMethod": lambda v, p: p.value("01"),
    "transactionCurrency": lambda v, p: p.value("53"),
    "transactionAmount": lambda v, p: p.value("54"),
    "countryCode": lambda v, p: p.value("58"),
    "creationTimestamp": lambda v, p: p.value(("99", "00")),
    "expirationTimestamp": lambda v, p: p.value(("99", "01")),
}
# Where the SDK's decoder misreads (qrpay reads the fields correctly):
DECODE_DIFFERS = {
    # lengths in UTF-8 bytes: the SDK slices 12 characters, name 'សុខា6010Phno', no city
    "neg-khmer-name-byte-length": {"merchantName", "merchantCity"},
    # the SDK stops parsing at a tag equal to the one before it (58 58): no name, no city
    "neg-duplicate-58": {"merchantName", "merchantCity"},
}


@pytest.mark.parametrize("entry", SDK["decode"], ids=[e["id"] for e in SDK["decode"]])
def test_view_against_sdk_decode(entry: dict[str, Any]) -> None:
    try:
        payload = qrpay.decode(entry["payload"])
    except qrpay.DecodeError:
        return  # damaged CRC or text: the SDK's decode() does not check (it returns what it slices)
    if "khqr" not in payload.schemes:
        return  # PromptPay, Nepal UnionPay, a 29 without '@'
    view = khqr.view(payload)
    sdk = entry["result"]["data"]
    differs = {k for k, read in DECODED.items() if read(view, payload) != sdk.get(k)}
    assert differs == DECODE_DIFFERS.get(entry["id"], set())


def test_view_covers_the_sdk_decodes() -> None:
    detected = [e for e in SDK["decode"] if _khqr_decodes(e["payload"])]
    assert len(detected) == 90


def _khqr_decodes(text: str) -> bool:
    try:
        return "khqr" in qrpay.decode(text).schemes
    except qrpay.DecodeError:
        return False
