"""Direct tests of qrpay.amount, qrpay.iso and schemes.expiry_of (beyond their doctests).

Every expected value is worked out by hand from the rule it tests: EMVCo MPM 4.7.4.1 for
the amount syntax (digits, at most one ".", at most 13 characters, Table 3.6), ISO 4217
minor units, ISO 3166-1 / 639-1 codes, Unix epoch arithmetic for KHQR 99/01 and
Singapore time (UTC+8) for PayNow 26/04. Limits are tested at the limit and one past it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

import qrpay
from qrpay import iso
from qrpay.amount import decimals_of, format_amount, parse_amount, places_needed, shown, to_decimal
from qrpay.schemes import expiry_of


def crc_bitwise(text: str) -> str:
    """CRC-16/CCITT-FALSE bit by bit (poly 0x1021, init 0xFFFF, no reflection, no xorout)."""
    reg = 0xFFFF
    for byte in text.encode("utf-8"):
        reg ^= byte << 8
        for _ in range(8):
            reg = ((reg << 1) ^ 0x1021) if reg & 0x8000 else reg << 1
            reg &= 0xFFFF
    return f"{reg:04X}"


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def with_crc(body: str) -> str:
    return body + "6304" + crc_bitwise(body + "6304")


# -- parse_amount / decimals_of ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("98.73", Decimal("98.73")),
        ("98.", Decimal("98")),  # 4.7.4.1: the mark may end the value
        ("0", Decimal("0")),  # syntax only: zero is refused by the rules, not the parser
        ("007", Decimal("7")),
        ("1234567890123", Decimal("1234567890123")),  # 13 characters: the limit
        ("1234567890.12", Decimal("1234567890.12")),
        ("123456789012.", Decimal("123456789012")),
    ],
)
def test_parse_amount_accepts(value: str, expected: Decimal) -> None:
    assert parse_amount(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "12345678901234",  # 14 characters: one past the limit
        "12345678901.12",
        "1234567890123.",
        "",
        ".5",  # digits must come first
        "1.2.3",
        "-1",
        "+1",
        "1,000",
        " 1",
        "1 ",
        "1e3",
        "\u0661",  # ARABIC-INDIC DIGIT ONE is not "0"-"9"
        "１",  # FULLWIDTH DIGIT ONE
    ],
)
def test_parse_amount_refuses(value: str) -> None:
    assert parse_amount(value) is None


@pytest.mark.parametrize(
    ("value", "expected"), [("98.73", 2), ("98.", 0), ("98", 0), ("1.005", 3), ("0.1", 1), ("12.3456", 4)]
)
def test_decimals_of(value: str, expected: int) -> None:
    assert decimals_of(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (".5", 1),  # a mark in first place still has one character after it
        ("1.2.3", 3),  # counted from the first mark: "2.3"
        ("", 0),
    ],
)
def test_decimals_of_counts_after_the_first_mark(value: str, expected: int) -> None:
    # values the 4.7.4.1 pattern refuses: decimals_of's documented meaning still holds
    assert decimals_of(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1.50"), 1),
        (Decimal("1.05"), 2),
        (Decimal("10"), 0),
        (Decimal("1E+2"), 0),
        (Decimal("0.00"), 0),
        (Decimal("0.001"), 3),
        (Decimal("120.000"), 0),
        (Decimal("1E+999999999"), 0),
    ],
)
def test_places_needed(value: Decimal, expected: int) -> None:
    assert places_needed(value) == expected


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_places_needed_of_non_finite_values_is_zero(value: str) -> None:
    assert places_needed(Decimal(value)) == 0


# -- to_decimal ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1.50"), Decimal("1.50")),
        (5, Decimal("5")),
        (1, Decimal("1")),
        ("12.50", Decimal("12.50")),
        ("98.", Decimal("98")),
        ("0.01", Decimal("0.01")),  # the smallest amount in a 2-decimal currency
        (Decimal("0.001"), Decimal("0.001")),
    ],
)
def test_to_decimal_accepts(amount: object, expected: Decimal) -> None:
    result = to_decimal(amount)
    assert result == expected
    assert str(result) == str(expected)  # no rounding, no change of exponent


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (1.5, "amount_type"),
        (True, "amount_type"),
        (False, "amount_type"),
        (None, "amount_type"),
        ([1], "amount_type"),
        (b"12", "amount_type"),
        ("abc", "amount_format"),
        (" 1", "amount_format"),
        ("1 ", "amount_format"),
        ("-1", "amount_format"),
        ("", "amount_format"),
        ("1e3", "amount_format"),
        ("0", "amount_zero"),  # zero: the limit is "greater than zero"
        ("0.00", "amount_zero"),
        (0, "amount_zero"),
        (Decimal("0"), "amount_zero"),
        (Decimal("-0.01"), "amount_format"),
        (-1, "amount_format"),
        (Decimal("NaN"), "amount_format"),
        (Decimal("Infinity"), "amount_format"),
        (Decimal("-Infinity"), "amount_format"),
    ],
)
def test_to_decimal_refuses(amount: object, code: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        to_decimal(amount, field="fee", path=("56",))
    assert caught.value.code == code
    assert caught.value.path == ("56",)
    assert caught.value.args[0].startswith("fee ")


# -- format_amount ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "units", "style", "expected"),
    [
        (Decimal("1.5"), 2, "fixed", "1.50"),
        (Decimal("10"), 2, "fixed", "10.00"),
        (Decimal("1.500"), 2, "fixed", "1.50"),  # trailing zeros past the minor units dropped
        (Decimal("10"), 0, "fixed", "10"),
        (Decimal("10"), None, "fixed", "10"),  # no minor units: no decimals
        (Decimal("1.5"), 3, "fixed", "1.500"),
        (Decimal("10"), 2, "minimal", "10"),
        (Decimal("1.50"), 2, "minimal", "1.50"),
        (Decimal("1.5"), 2, "minimal", "1.5"),
        (Decimal("1.500"), 2, "minimal", "1.50"),
        (Decimal("1E+2"), 2, "minimal", "100"),
        (Decimal("10"), 2, "khqr", "10"),
        (Decimal("10.00"), 2, "khqr", "10"),
        (Decimal("1.5"), 2, "khqr", "1.50"),
        (Decimal("9999999999.99"), 2, "fixed", "9999999999.99"),  # 13 characters: the limit
        (Decimal("9999999999999"), 0, "fixed", "9999999999999"),
        (Decimal("999999999.999"), 3, "fixed", "999999999.999"),
        (Decimal("99999999999.9"), 2, "minimal", "99999999999.9"),
    ],
)
def test_format_amount(amount: Decimal, units: int | None, style: str, expected: str) -> None:
    assert format_amount(amount, minor_units=units, style=style) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "units", "actual"),
    [
        (Decimal("1.5"), 0, 1),  # one decimal past a 0-decimal currency
        (Decimal("1.005"), 2, 3),
        (Decimal("0.0001"), 3, 4),
        (Decimal("1.5"), None, 1),
    ],
)
def test_format_amount_refuses_rounding(amount: Decimal, units: int | None, actual: int) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        format_amount(amount, minor_units=units)
    assert caught.value.code == "amount_precision"
    assert caught.value.ctx == {"actual": actual, "minor_units": units or 0}


@pytest.mark.parametrize(
    ("amount", "units", "style", "actual"),
    [
        (Decimal("10000000000.00"), 2, "fixed", 14),  # one past 13 characters
        (Decimal("99999999999.99"), 2, "fixed", 14),
        (Decimal("10000000000000"), 0, "fixed", 14),
        (Decimal("1000000000.000"), 3, "fixed", 14),
        (Decimal("1E+999999999"), 2, "fixed", 1000000003),  # measured, never written out
        (Decimal("99999999999.95"), 2, "minimal", 14),
    ],
)
def test_format_amount_refuses_more_than_13_characters(
    amount: Decimal, units: int, style: str, actual: int
) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        format_amount(amount, minor_units=units, style=style, field="fee", path=("57",))  # type: ignore[arg-type]
    assert caught.value.code == "value_too_long"
    assert caught.value.path == ("57",)
    assert caught.value.ctx == {"max_length": 13, "actual": actual}


def test_format_amount_max_length_is_a_limit() -> None:
    assert format_amount(Decimal("99.99"), minor_units=2, max_length=5) == "99.99"
    with pytest.raises(qrpay.InvalidRequest) as caught:
        format_amount(Decimal("100.00"), minor_units=2, max_length=5)
    assert caught.value.ctx == {"max_length": 5, "actual": 6}
    assert format_amount(Decimal("12345"), minor_units=0, max_length=5) == "12345"
    with pytest.raises(qrpay.InvalidRequest):
        format_amount(Decimal("123456"), minor_units=0, max_length=5)


# -- qrpay.iso -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "numeric", "alpha", "units"),
    [
        ("116", "116", "KHR", 2),
        ("khr", "116", "KHR", 2),
        ("KHR", "116", "KHR", 2),
        ("392", "392", "JPY", 0),  # ISO 4217: the yen has no minor unit
        ("048", "048", "BHD", 3),  # Bahraini dinar: 3
        ("990", "990", "CLF", 4),  # Unidad de Fomento: 4
        ("959", "959", "XAU", None),  # gold: "N.A."
        ("764", "764", "THB", 2),
        ("thb", "764", "THB", 2),
    ],
)
def test_currency_lookup(code: str, numeric: str, alpha: str, units: int | None) -> None:
    found = iso.currency(code)
    assert found is not None
    assert (found.numeric, found.alpha, found.minor_units) == (numeric, alpha, units)
    assert iso.currency_by_numeric(numeric) == found


def test_currency_names_and_misses() -> None:
    assert iso.currency("116") == iso.Currency("116", "KHR", "Riel", 2)
    assert iso.currency("999") == iso.Currency(
        "999", "XXX", "The codes assigned for transactions where no currency is involved", None
    )
    for code in ("000", "001", "1160", "11", "", "ZZZ", "US", "USDX", "84O"):
        assert iso.currency(code) is None, code
    # the numeric look-up is numeric only (the hot path of validation)
    assert iso.currency_by_numeric("THB") is None
    assert iso.currency_by_numeric("76") is None
    assert iso.currency_by_numeric("0764") is None


def test_countries() -> None:
    assert iso.is_country("KH") and iso.is_country("TH") and iso.is_country("SG")
    for code in ("kh", "Kh", "XX", "", "KHM", "K", "UK"):  # "UK" is not the ISO code: GB is
        assert not iso.is_country(code), code
    assert iso.country_name("TH") == "Thailand"
    assert iso.country_name("KH") == "Cambodia"
    assert iso.country_name("ZZ") is None
    assert iso.country_name("th") is None
    codes = iso.country_codes()
    assert len(codes) == 249  # ISO 3166-1 assigns 249 alpha-2 codes
    assert {"KH", "LA", "TH", "SG", "MY", "ID", "VN", "PH", "CN", "GB"} <= codes
    assert all(len(c) == 2 and c.isupper() for c in codes)


def test_languages() -> None:
    for code in ("km", "KM", "th", "ZH", "vi", "en", "Lo"):
        assert iso.is_language(code), code
    for code in ("eng", "k", "", "xx", "qq"):
        assert not iso.is_language(code), code


def test_data_sources_are_named() -> None:
    for table in ("iso4217", "iso3166", "iso639"):
        assert iso.data_source(table).strip()
    assert "3166" in iso.data_source("iso3166")


@pytest.mark.parametrize(
    ("name", "key", "code", "row", "standard"),
    [
        # ISO 4217 List One: 116 is KHR, "Riel", 2 minor units, not a fund
        ("iso4217.json", "currencies", "116", ("KHR", "Riel", 2, False), "ISO 4217"),
        ("iso3166.json", "countries", "KH", "Cambodia", "ISO 3166-1"),
        # ISO 639-2's English name of km (what Debian iso-codes lists)
        ("iso639.json", "languages", "KM", "Central Khmer", "ISO 639-1"),
        ("iso639", "languages", "TH", "Thai", "ISO 639-1"),  # the ".json" is optional
    ],
)
def test_load_gives_each_table_in_the_shape_of_its_name(
    name: str, key: str, code: str, row: object, standard: str
) -> None:
    # iso._load is what the CLI reads language names from (qrpay/cli.py _language_name)
    table = iso._load(name)
    assert sorted(table) == sorted(["source", "generated", key])
    assert table[key][code] == row
    assert table["source"].startswith(standard)
    assert table["generated"].startswith("scripts/update_iso_tables.py from ")


# -- schemes.expiry_of ---------------------------------------------------------------------------

KHQR_ACCOUNT = tlv("29", tlv("00", "khqr@aclb"))
EPOCH_1_7E12 = datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)  # 1 700 000 000 s


def khqr(initiation: str, template_99: str | None) -> str:
    body = (
        tlv("00", "01")
        + tlv("01", initiation)
        + KHQR_ACCOUNT
        + tlv("52", "5999")
        + tlv("53", "116")
        + tlv("54", "100")
        + tlv("58", "KH")
        + tlv("59", "SHOP")
        + tlv("60", "Phnom Penh")
        + ("" if template_99 is None else tlv("99", template_99))
    )
    return with_crc(body)


@pytest.mark.parametrize(
    ("expiration", "expected"),
    [
        ("1700000000000", EPOCH_1_7E12),
        ("1700000000001", EPOCH_1_7E12 + timedelta(milliseconds=1)),
        ("0000000000000", datetime(1970, 1, 1, tzinfo=timezone.utc)),
        ("170000000000", None),  # 12 digits: one short of the 13 of epoch milliseconds
        ("17000000000000", None),  # 14 digits: one past
        ("170000000000A", None),
    ],
)
def test_expiry_of_khqr(expiration: str, expected: datetime | None) -> None:
    text = khqr("12", tlv("00", "1699999000000") + tlv("01", expiration))
    payload = qrpay.decode(text)
    assert "khqr" in payload.schemes
    assert expiry_of(payload) == expected


def test_expiry_of_static_khqr_and_no_template_is_none() -> None:
    assert (
        expiry_of(qrpay.decode(khqr("11", tlv("00", "1699999000000") + tlv("01", "1700000000000")))) is None
    )
    assert expiry_of(qrpay.decode(khqr("12", None))) is None


SGT = timezone(timedelta(hours=8))


def paynow(expiry: str | None) -> str:
    account = tlv("00", "SG.PAYNOW") + tlv("01", "2") + tlv("02", "200002150HWCF") + tlv("03", "1")
    if expiry is not None:
        account += tlv("04", expiry)
    body = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("26", account)
        + tlv("52", "0000")
        + tlv("53", "702")
        + tlv("58", "SG")
        + tlv("59", "SHOP")
        + tlv("60", "Singapore")
    )
    return with_crc(body)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a date is valid through the whole day in Singapore: it ends at the next midnight, UTC+8
        ("20251231", datetime(2026, 1, 1, tzinfo=SGT)),
        ("20240228", datetime(2024, 2, 29, tzinfo=SGT)),
        ("20240229", datetime(2024, 3, 1, tzinfo=SGT)),  # a leap day
        # a date and time is valid through its named second
        ("20251231235959", datetime(2026, 1, 1, tzinfo=SGT)),
        ("20251231235958", datetime(2025, 12, 31, 23, 59, 59, tzinfo=SGT)),
        ("20230229", None),  # not a leap year
        ("20251301", None),  # month 13
        ("20251232", None),
        ("20251231240000", None),  # hour 24
        ("2025123", None),  # 7 digits
        ("202512311", None),  # 9 digits
        ("2025123123595", None),  # 13 digits
        ("202512312359590", None),  # 15 digits
    ],
)
def test_expiry_of_paynow(raw: str, expected: datetime | None) -> None:
    payload = qrpay.decode(paynow(raw))
    assert "paynow" in payload.schemes
    assert expiry_of(payload) == expected
    if expected is not None:
        assert expiry_of(payload).utcoffset() is not None  # type: ignore[union-attr]


def test_expiry_of_without_expiry_or_scheme() -> None:
    assert expiry_of(qrpay.decode(paynow(None))) is None
    plain = with_crc(
        tlv("00", "01")
        + tlv("02", "4000123456789012")
        + tlv("52", "5999")
        + tlv("53", "840")
        + tlv("58", "US")
        + tlv("59", "SHOP")
        + tlv("60", "CITY")
    )
    payload = qrpay.decode(plain)
    assert payload.schemes == ()
    assert expiry_of(payload) is None


# -- what the errors say, and the defaults (field "amount", path 54, style "fixed") ----------------


def test_amount_defaults() -> None:
    assert format_amount(Decimal("10"), minor_units=2) == "10.00"  # style "fixed" by default
    with pytest.raises(qrpay.InvalidRequest) as caught:
        to_decimal(1.5)
    assert caught.value.path == ("54",)
    assert caught.value.args[0].startswith("amount 1.5 is a float")
    with pytest.raises(qrpay.InvalidRequest) as caught:
        format_amount(Decimal("1.005"), minor_units=2)
    assert caught.value.path == ("54",)
    assert caught.value.args[0].startswith("amount 1.005 has 3 decimal places")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (
            1.5,
            "fee 1.5 is a float; pass a Decimal, an int or a string such as '12.50' "
            "(floats cannot hold decimal amounts exactly)",
        ),
        (
            True,
            "fee True is a bool; pass a Decimal, an int or a string such as '12.50' "
            "(floats cannot hold decimal amounts exactly)",
        ),
        ("1,5", "fee '1,5' is not digits with at most one '.' decimal mark (EMVCo MPM 4.7.4.1)"),
        ([1], "fee must be a Decimal, int or str, not list"),
        (Decimal("NaN"), "fee Decimal('NaN') is not a finite number"),
        ("0", "fee '0' must be greater than zero (EMVCo MPM 4.7.4.1)"),
        (Decimal("-2"), "fee Decimal('-2') must be greater than zero (EMVCo MPM 4.7.4.1)"),
    ],
)
def test_to_decimal_messages(amount: object, message: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        to_decimal(amount, field="fee")
    assert caught.value.args[0] == message


def test_format_amount_messages() -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        format_amount(Decimal("1.005"), minor_units=2, field="fee", path=("56",))
    assert caught.value.args[0] == (
        "fee 1.005 has 3 decimal places but the currency allows 2; qrpay does not round amounts"
    )
    assert caught.value.path == ("56",)
    with pytest.raises(qrpay.InvalidRequest) as caught:
        format_amount(Decimal("10000000000.5"), minor_units=2, field="fee")
    assert caught.value.args[0] == (
        "fee Decimal('10000000000.5') needs 11 digits before the decimal mark; at most 13 characters "
        "fit (EMVCo MPM Table 3.6)"
    )
    assert caught.value.path == ("54",)


@pytest.mark.parametrize(
    ("amount", "code", "message"),
    [
        # a bug found by mutation testing: format_amount wrote "NaN", "-5.00" and "0.00"
        ("NaN", "amount_format", "fee Decimal('NaN') is not a finite number"),
        ("sNaN", "amount_format", "fee Decimal('sNaN') is not a finite number"),
        ("Infinity", "amount_format", "fee Decimal('Infinity') is not a finite number"),
        ("-5", "amount_format", "fee Decimal('-5') must be greater than zero (EMVCo MPM 4.7.4.1)"),
        ("-0.50", "amount_format", "fee Decimal('-0.50') must be greater than zero (EMVCo MPM 4.7.4.1)"),
        ("0", "amount_zero", "fee Decimal('0') must be greater than zero (EMVCo MPM 4.7.4.1)"),
        ("0.00", "amount_zero", "fee Decimal('0.00') must be greater than zero (EMVCo MPM 4.7.4.1)"),
        ("-0", "amount_zero", "fee Decimal('-0') must be greater than zero (EMVCo MPM 4.7.4.1)"),
    ],
)
@pytest.mark.parametrize("style", ["fixed", "minimal", "khqr"])
def test_format_amount_refuses_what_is_not_a_positive_number(
    amount: str, code: str, message: str, style: str
) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        format_amount(Decimal(amount), minor_units=2, style=style, field="fee", path=("56",))  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.path, caught.value.args[0]) == (code, ("56",), message)


@pytest.mark.parametrize(
    ("amount", "units", "expected"),
    [
        ("10", 2, "10"),  # exponent 0: no places of its own
        ("1E+1", 2, "10"),  # exponent 1: still none
        ("10.0", 2, "10.0"),
        ("10.00", 2, "10.00"),
        ("10.000", 2, "10.00"),  # more zeros than the currency has: down to its minor units
        ("7.5", 0, None),  # needs a place JPY-like currencies do not have
    ],
)
def test_format_amount_minimal_keeps_the_places_given(amount: str, units: int, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(qrpay.InvalidRequest):
            format_amount(Decimal(amount), minor_units=units, style="minimal")
    else:
        assert format_amount(Decimal(amount), minor_units=units, style="minimal") == expected


def test_amounts_below_one_count_one_integer_digit() -> None:
    # "0.01" is 4 characters: 1 integer digit, the mark, 2 decimals
    assert format_amount(Decimal("0.01"), minor_units=2, max_length=4) == "0.01"
    assert format_amount(Decimal("0.5"), minor_units=1, max_length=3) == "0.5"
    with pytest.raises(qrpay.InvalidRequest) as caught:
        format_amount(Decimal("0.01"), minor_units=2, max_length=3)
    assert caught.value.ctx == {"max_length": 3, "actual": 4}


# -- shown(): a caller's value in a message, shortened at its limit and one past ------------------


class _Hostile:
    def __repr__(self) -> str:
        raise RuntimeError("no")


class _Long:
    def __init__(self, size: int) -> None:
        self.size = size

    def __repr__(self) -> str:
        return "r" * self.size


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "'abc'"),
        ("x" * 40, "'" + "x" * 40 + "'"),  # 40 characters: the limit, shown whole
        ("x" * 41, "'" + "x" * 40 + "'... (41 characters)"),  # one past
        (b"y" * 50, "b'" + "y" * 40 + "'... (50 bytes)"),
        (bytearray(b"z" * 41), "bytearray(b'" + "z" * 40 + "')... (41 bytes)"),
        (2**128 - 1, "340282366920938463463374607431768211455"),  # 128 bits: the limit
        (2**128, "<int of 129 bits>"),  # one past
        (10**200, "<int of 665 bits>"),  # 200 * log2(10) = 664.4
        (True, "True"),
        (_Hostile(), "<_Hostile object>"),
        (_Long(60), "r" * 60),  # a repr of limit + 20 characters: whole
        (_Long(61), "r" * 60 + "..."),  # one past
    ],
)
def test_shown(value: object, expected: str) -> None:
    assert shown(value) == expected


def test_shown_limit() -> None:
    assert shown("abcdef", limit=3) == "'abc'... (6 characters)"
    assert shown("abc", limit=3) == "'abc'"
    assert shown(_Long(23), limit=3) == "r" * 23
    assert shown(_Long(24), limit=3) == "r" * 23 + "..."
