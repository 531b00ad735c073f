"""The EMVCo MPM v1.1 rules of qrpay/_rules.py, each issue checked whole (issue 13).

Every payload is assembled here: ``t`` joins ID, two-digit length and value, ``code`` appends
63 with a CRC-16/CCITT-FALSE computed by crcmod, and ``locate`` finds a data object's offset
by a walk written in the tests (all three from tests/schemes/test_duitnow_exact.py). The
expected codes, paths, severities, messages and ctx are written by hand from EMVCo MPM v1.1
(November 2020; sections cited per test) and docs/errors.md, never computed by qrpay.

The base payload is a static code (01 = 11) with one merchant account template 26 whose GUID
is a reverse domain name (``com.example``, claimed by no scheme profile), MCC 5812, currency
840 (USD, 2 minor units), country US.
"""

from __future__ import annotations

from typing import Any

import pytest

import qrpay
from tests.schemes.test_duitnow_exact import code, locate, t

ACCOUNT = t("00", "com.example") + t("01", "M1")
BASE: dict[str, str] = {
    "00": "01",
    "01": "11",
    "26": ACCOUNT,
    "52": "5812",
    "53": "840",
    "58": "US",
    "59": "SHOP",
    "60": "CITY",
}


@pytest.fixture(autouse=True)
def _fresh_guid_verdicts() -> None:
    """_rules remembers each GUID's verdict (_GUID_VERDICTS); empty it so that every test
    checks the GUID rule itself, not a verdict remembered from an earlier test."""
    from qrpay import _rules

    _rules._GUID_VERDICTS.clear()


def emv(changes: dict[str, str | None] | None = None) -> str:
    """BASE with ``changes`` (``None`` removes an ID), in ascending ID order."""
    objects: dict[str, str | None] = {**BASE, **(changes or {})}
    return code(*(t(k, v) for k, v in sorted(objects.items()) if v is not None))


def found(text: str) -> list[tuple[Any, ...]]:
    """The EMVCo issues (no scheme's), each as (code, path, offset, severity, message, ctx)."""
    return [
        (i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx))
        for i in qrpay.decode(text).issues
        if i.scheme is None
    ]


def test_base_is_clean() -> None:
    assert found(emv()) == []


# -- 55-57: tip or convenience fee (EMVCo MPM 4.7.6-4.7.8) -------------------------------------


@pytest.mark.parametrize("indicator", ["01", "02", "03"])
def test_tip_indicator_allowed(indicator: str) -> None:
    fee = {"02": {"56": "1.00"}, "03": {"57": "5"}}.get(indicator, {})
    assert found(emv({"55": indicator, **fee})) == []


@pytest.mark.parametrize("indicator", ["00", "04", "99"])
def test_tip_indicator_value(indicator: str) -> None:
    text = emv({"55": indicator})
    assert found(text) == [
        (
            "tip_indicator_value",
            ("55",),
            locate(text, ("55",)),
            "error",
            f"Tip or Convenience Indicator is '{indicator}'; EMVCo MPM 4.7.6.1 allows 01 (prompt), "
            "02 (fixed fee in 56) or 03 (percentage in 57)",
            {"actual": indicator},
        )
    ]


def test_tip_indicator_wrong_length_is_a_length_error_only() -> None:
    text = emv({"55": "1"})
    assert found(text) == [
        (
            "value_length",
            ("55",),
            locate(text, ("55",)),
            "error",
            "tag 55 (Tip or Convenience Indicator) is '1' (1 characters); it must have exactly 2 "
            "(EMVCo MPM Table 3.6)",
            {"expected": 2, "actual": 1},
        )
    ]


def test_fixed_fee_missing() -> None:
    assert found(emv({"55": "02"})) == [
        (
            "missing_field",
            ("56",),
            None,
            "error",
            'tag 55 is "02" (fixed convenience fee) but tag 56 is absent (EMVCo MPM 4.7.7.1)',
            {},
        )
    ]


def test_percentage_missing() -> None:
    assert found(emv({"55": "03"})) == [
        (
            "missing_field",
            ("57",),
            None,
            "error",
            'tag 55 is "03" (percentage convenience fee) but tag 57 is absent (EMVCo MPM 4.7.8.1)',
            {},
        )
    ]


@pytest.mark.parametrize("indicator", [None, "01", "03"])
def test_fixed_fee_unexpected(indicator: str | None) -> None:
    extra = {"57": "5"} if indicator == "03" else {}
    text = emv({"55": indicator, "56": "1.00", **extra})
    assert found(text) == [
        (
            "unexpected_field",
            ("56",),
            locate(text, ("56",)),
            "error",
            'tag 56 (fixed convenience fee) must be absent unless tag 55 is "02" (EMVCo MPM 4.7.7.1)',
            {},
        )
    ]


@pytest.mark.parametrize("indicator", [None, "01", "02"])
def test_percentage_unexpected(indicator: str | None) -> None:
    extra = {"56": "1.00"} if indicator == "02" else {}
    text = emv({"55": indicator, "57": "5", **extra})
    assert found(text) == [
        (
            "unexpected_field",
            ("57",),
            locate(text, ("57",)),
            "error",
            'tag 57 (percentage convenience fee) must be absent unless tag 55 is "03" (EMVCo MPM 4.7.8.1)',
            {},
        )
    ]


@pytest.mark.parametrize("value", ["0.01", "00.01", "99.99", "1", "50", "12.5", "99.9"])
def test_percentage_in_range(value: str) -> None:
    assert found(emv({"55": "03", "57": value})) == []


def test_percentage_length_limit() -> None:
    text = emv({"55": "03", "57": "099.99"})
    assert found(text) == [
        (
            "value_too_long",
            ("57",),
            locate(text, ("57",)),
            "error",
            "tag 57 (Value of Convenience Fee Percentage) is '099.99' (6 characters); at most 5 are "
            "allowed (EMVCo MPM Tables 3.6-3.8)",
            {"max_length": 5, "actual": 6},
        )
    ]


@pytest.mark.parametrize("value", ["0", "0.00", "0.009", "100", "100.0"])
def test_percentage_out_of_range(value: str) -> None:
    text = emv({"55": "03", "57": value})
    assert found(text) == [
        (
            "fee_percentage_range",
            ("57",),
            locate(text, ("57",)),
            "error",
            f"convenience fee percentage (57) '{value}' must be between 00.01 and 99.99 (EMVCo MPM 4.7.8.1)",
            {"actual": value},
        )
    ]


@pytest.mark.parametrize("value", ["5%", "1,5", "1.2.3", ".5x"])
def test_percentage_format(value: str) -> None:
    text = emv({"55": "03", "57": value})
    assert found(text) == [
        (
            "amount_format",
            ("57",),
            locate(text, ("57",)),
            "error",
            f"convenience fee percentage (57) '{value}' must be digits with at most one '.', "
            "no '%' (EMVCo MPM 4.7.8.2-3)",
            {"actual": value},
        )
    ]


def test_fixed_fee_amount_rules() -> None:
    """56 follows the amount rules of 54 (4.7.7.2-3), with the currency's minor units."""
    text = emv({"55": "02", "56": "1.005"})
    assert found(text) == [
        (
            "amount_precision",
            ("56",),
            locate(text, ("56",)),
            "error",
            "convenience fee (56) '1.005' has 3 decimals but the currency has 2 minor units "
            "(ISO 4217; EMVCo MPM 4.7.4.1)",
            {"actual": 3, "minor_units": 2},
        )
    ]
    text = emv({"55": "02", "56": "0.00"})
    assert found(text) == [
        (
            "amount_zero",
            ("56",),
            locate(text, ("56",)),
            "error",
            "convenience fee (56) '0.00' is zero; it must differ from zero (EMVCo MPM 4.7.4.1)",
            {"actual": "0.00"},
        )
    ]


# -- 54: amount (EMVCo MPM 4.7.4.1) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "value"),
    [("840", "10.25"), ("840", "10.2"), ("840", "10."), ("840", "0.5"), ("392", "100"), ("048", "1.125")],
)
def test_amount_at_the_precision_limit(currency: str, value: str) -> None:
    assert found(emv({"53": currency, "54": value})) == []


@pytest.mark.parametrize(
    ("currency", "value", "places", "units"),
    [("840", "10.251", 3, 2), ("392", "100.0", 1, 0), ("048", "1.1250", 4, 3)],
)
def test_amount_precision_one_past(currency: str, value: str, places: int, units: int) -> None:
    text = emv({"53": currency, "54": value})
    assert found(text) == [
        (
            "amount_precision",
            ("54",),
            locate(text, ("54",)),
            "error",
            f"transaction amount (54) '{value}' has {places} decimals but the currency has {units} "
            "minor units (ISO 4217; EMVCo MPM 4.7.4.1)",
            {"actual": places, "minor_units": units},
        )
    ]


@pytest.mark.parametrize("value", ["0", "000", "0.", "0.0", "00.00"])
def test_amount_zero(value: str) -> None:
    text = emv({"54": value})
    assert found(text) == [
        (
            "amount_zero",
            ("54",),
            locate(text, ("54",)),
            "error",
            f"transaction amount (54) '{value}' is zero; it must differ from zero (EMVCo MPM 4.7.4.1)",
            {"actual": value},
        )
    ]


@pytest.mark.parametrize("value", ["1,00", "-1", "1.0.0", "1e3", " 1"])
def test_amount_format(value: str) -> None:
    text = emv({"54": value})
    assert found(text) == [
        (
            "amount_format",
            ("54",),
            locate(text, ("54",)),
            "error",
            f"transaction amount (54) '{value}' must be digits with at most one '.' as decimal mark, "
            "nothing else (EMVCo MPM 4.7.4.1)",
            {"actual": value},
        )
    ]


def test_amount_length_limit() -> None:
    assert found(emv({"54": "1" * 13})) == []
    text = emv({"54": "1" * 14})
    assert found(text) == [
        (
            "value_too_long",
            ("54",),
            locate(text, ("54",)),
            "error",
            f"tag 54 (Transaction Amount) is '{'1' * 14}' (14 characters); at most 13 are allowed "
            "(EMVCo MPM Tables 3.6-3.8)",
            {"max_length": 13, "actual": 14},
        )
    ]


# -- check_payload: order, presence, duplicates, values, length ----------------------------------


def test_payload_format_not_first() -> None:
    # 01 before 00: written by hand, not sorted
    objects = [t("01", "11"), t("00", "01")] + [t(k, BASE[k]) for k in sorted(BASE) if k not in ("00", "01")]
    text = code(*objects)
    assert found(text) == [
        (
            "payload_format_not_first",
            ("01",),
            0,
            "error",
            "the first data object is tag 01; the Payload Format Indicator (ID 00) must come first "
            "(EMVCo MPM 4.6.1.1)",
            {},
        )
    ]


def test_duplicate_root_tag() -> None:
    objects = [t(k, BASE[k]) for k in sorted(BASE)]
    objects.insert(7, t("59", "OTHER"))  # after 59 SHOP, before 60
    body = "".join(objects)
    text = code(*objects)
    assert found(text) == [
        (
            "duplicate_tag",
            ("59",),
            body.index("5905OTHER"),
            "error",
            "tag 59 occurs more than once in the root (EMVCo MPM 4.3.1.2)",
            {},
        )
    ]


def test_no_merchant_account() -> None:
    text = emv({"26": None, "02": "4111111111111111"})
    assert found(text) == []
    text = emv({"26": None})
    assert found(text) == [
        (
            "no_merchant_account",
            (),
            None,
            "error",
            "no Merchant Account Information (IDs 02-51); at least one is required (EMVCo MPM 4.7.9.1)",
            {},
        )
    ]


@pytest.mark.parametrize("tag", ["51"])
def test_account_in_51_counts(tag: str) -> None:
    assert found(emv({"26": None, tag: ACCOUNT})) == []


def test_missing_mandatory_hard() -> None:
    text = emv({"53": None})
    assert found(text) == [
        (
            "missing_field",
            ("53",),
            None,
            "error",
            "no tag 53 (Transaction Currency); EMVCo MPM Table 3.6 makes it mandatory",
            {},
        )
    ]
    text = emv({"58": None})
    assert found(text) == [
        (
            "missing_field",
            ("58",),
            None,
            "error",
            "no tag 58 (Country Code); EMVCo MPM Table 3.6 makes it mandatory",
            {},
        )
    ]


@pytest.mark.parametrize(
    ("tag", "name"), [("52", "Merchant Category Code"), ("59", "Merchant Name"), ("60", "Merchant City")]
)
def test_missing_mandatory_soft(tag: str, name: str) -> None:
    assert found(emv({tag: None})) == [
        (
            "missing_field",
            (tag,),
            None,
            "warning",
            f"no tag {tag} ({name}); EMVCo MPM Table 3.6 makes it mandatory; common in person-to-person codes",
            {},
        )
    ]


@pytest.mark.parametrize(
    ("value", "severity", "tail"),
    [
        ("02", "warning", " (DuitNow (PayNet) version 02)"),
        ("00", "warning", " (seen in one published VietQR sample)"),
        ("03", "error", ", other values are RFU"),
        ("10", "error", ", other values are RFU"),
    ],
)
def test_payload_format_value(value: str, severity: str, tail: str) -> None:
    text = emv({"00": value})
    assert found(text) == [
        (
            "payload_format_value",
            ("00",),
            0,
            severity,
            f"Payload Format Indicator is '{value}'; EMVCo MPM 4.7.1.1 requires \"01\"{tail}",
            {"actual": value},
        )
    ]


@pytest.mark.parametrize("value", ["11", "12"])
def test_initiation_allowed(value: str) -> None:
    assert found(emv({"01": value})) == []


@pytest.mark.parametrize(
    ("value", "severity", "tail"),
    [
        ("21", "warning", "; Thai QR and Bharat QR use 21/22 (BLE) and 31/32 (NFC)"),
        ("32", "warning", "; Thai QR and Bharat QR use 21/22 (BLE) and 31/32 (NFC)"),
        ("13", "error", ""),
        ("10", "error", ""),
    ],
)
def test_initiation_value(value: str, severity: str, tail: str) -> None:
    text = emv({"01": value})
    assert found(text) == [
        (
            "initiation_value",
            ("01",),
            6,
            severity,
            f"Point of Initiation Method is '{value}'; EMVCo MPM 4.7.2.1 allows \"11\" (static) "
            f'or "12" (dynamic){tail}',
            {"actual": value},
        )
    ]


def test_currency_unknown() -> None:
    text = emv({"53": "001"})
    issues = found(text)
    assert [(*i[:4], i[5]) for i in issues] == [
        ("currency_unknown", ("53",), locate(text, ("53",)), "error", {"actual": "001"})
    ]
    assert issues[0][4].startswith("currency '001' is not an ISO 4217 numeric code in qrpay's table (")
    assert issues[0][4].endswith("); EMVCo MPM 4.7.5.1")


def test_currency_alphabetic_sets_minor_units() -> None:
    """An alphabetic code (MMK, world-schemes.md section 8) is a warning and its minor units
    (2, ISO 4217) govern the amount."""
    text = emv({"53": "MMK", "54": "1.005"})
    assert found(text) == [
        (
            "currency_alphabetic",
            ("53",),
            locate(text, ("53",)),
            "warning",
            "tag 53 (Transaction Currency) is 'MMK', the ISO 4217 alphabetic code of Kyat; "
            "EMVCo MPM 4.7.5.1 asks for the numeric code '104' (a builder writes that)",
            {"actual": "MMK", "expected": "104"},
        ),
        (
            "amount_precision",
            ("54",),
            locate(text, ("54",)),
            "error",
            "transaction amount (54) '1.005' has 3 decimals but the currency has 2 minor units "
            "(ISO 4217; EMVCo MPM 4.7.4.1)",
            {"actual": 3, "minor_units": 2},
        ),
    ]


def test_currency_not_numeric() -> None:
    text = emv({"53": "usd"})
    assert found(text) == [
        (
            "not_numeric",
            ("53",),
            locate(text, ("53",)),
            "error",
            "tag 53 (Transaction Currency) is 'usd'; format N allows only digits 0-9 (EMVCo MPM 4.5.1.1)",
            {"actual": "usd"},
        )
    ]


@pytest.mark.parametrize("value", ["XX", "us", "ZZ"])
def test_country_unknown(value: str) -> None:
    text = emv({"58": value})
    assert found(text) == [
        (
            "country_unknown",
            ("58",),
            locate(text, ("58",)),
            "error",
            f"country code '{value}' is not an ISO 3166-1 alpha-2 code (upper case; EMVCo MPM 4.7.13.1)",
            {"actual": value},
        )
    ]


def test_payload_length_limit() -> None:
    """4.1: at most 512 characters. Filled with an unreserved template 80 (GUID + 01)."""

    def sized(total: int) -> str:
        # templates 80, 81, ... each "8N" + length + 0010com.filler + 01 + length + filler
        missing = total - len(emv())
        templates: dict[str, str | None] = {}
        for n in range(80, 100):
            if missing <= 0:
                break
            size = min(missing - 22, 81)
            if 0 < missing - 22 - size < 23:  # leave room for one more template of 23 or more
                size = missing - 22 - 23
            templates[str(n)] = t("00", "com.filler") + t("01", "F" * size)
            missing -= 4 + 14 + 4 + size
        text = emv(templates)
        assert len(text) == total
        return text

    assert found(sized(512)) == []
    text = sized(513)
    assert len(text) == 513
    assert found(text) == [
        (
            "payload_length",
            (),
            None,
            "warning",
            "the payload has 513 characters; EMVCo MPM 4.1 says it should not exceed 512",
            {"actual": 513},
        )
    ]


# -- check_value / check_format: lengths (Tables 3.6-3.8) and formats N, ans (4.5.1-4.5.2) -------


@pytest.mark.parametrize(
    ("tag", "name", "limit"),
    [("59", "Merchant Name", 25), ("60", "Merchant City", 15), ("61", "Postal Code", 10)],
)
def test_root_length_limits(tag: str, name: str, limit: int) -> None:
    assert found(emv({tag: "A" * limit})) == []
    value = "A" * (limit + 1)
    text = emv({tag: value})
    assert found(text) == [
        (
            "value_too_long",
            (tag,),
            locate(text, (tag,)),
            "error",
            f"tag {tag} ({name}) is '{value}' ({limit + 1} characters); at most {limit} are allowed "
            "(EMVCo MPM Tables 3.6-3.8)",
            {"max_length": limit, "actual": limit + 1},
        )
    ]


@pytest.mark.parametrize("value", ["581", "58120"])
def test_fixed_length(value: str) -> None:
    text = emv({"52": value})
    assert found(text) == [
        (
            "value_length",
            ("52",),
            locate(text, ("52",)),
            "error",
            f"tag 52 (Merchant Category Code) is '{value}' ({len(value)} characters); it must have "
            "exactly 4 (EMVCo MPM Table 3.6)",
            {"expected": 4, "actual": len(value)},
        )
    ]


def test_value_empty() -> None:
    text = emv({"59": ""})
    assert found(text) == [
        (
            "value_empty",
            ("59",),
            locate(text, ("59",)),
            "error",
            "tag 59 (Merchant Name) is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        )
    ]


@pytest.mark.parametrize("value", ["58A2", "58 2", "\u0665\u0668\u0661\u0662"])
def test_not_numeric(value: str) -> None:
    """Format N is digits 0-9 only (4.5.1.1): Arabic-Indic digits are not."""
    text = emv({"52": value})
    assert found(text) == [
        (
            "not_numeric",
            ("52",),
            locate(text, ("52",)),
            "error",
            f"tag 52 (Merchant Category Code) is {value!r}; format N allows only digits 0-9 (EMVCo MPM 4.5.1.1)",
            {"actual": value},
        )
    ]


def test_ans_outside_common_set() -> None:
    """4.5.2.1: ans is the common character set; a non-Latin name belongs in 64."""
    text = emv({"59": "CAF\u00c9"})
    assert found(text) == [
        (
            "invalid_character",
            ("59",),
            locate(text, ("59",)),
            "error",
            "tag 59 (Merchant Name) is 'CAF\u00c9'; '\u00c9' (U+00C9) is outside the EMVCo common "
            "character set, format ans (EMVCo MPM 4.5.2.1); non-Latin names belong in the language "
            "template 64",
            {"character": "\u00c9"},
        )
    ]


def test_ans_with_bidi_control() -> None:
    text = emv({"59": "SHOP\u202eX"})
    at = locate(text, ("59",))
    assert found(text) == [
        (
            "invalid_character",
            ("59",),
            at,
            "error",
            "tag 59 (Merchant Name) is 'SHOP\\u202eX'; '\\u202e' (U+202E) is outside the EMVCo common "
            "character set, format ans (EMVCo MPM 4.5.2.1); non-Latin names belong in the language "
            "template 64",
            {"character": "\u202e"},
        ),
        (
            "bidi_control",
            ("59",),
            at,
            "error",
            "tag 59 (Merchant Name) is 'SHOP\\u202eX': character 4 is U+202E (RIGHT-TO-LEFT OVERRIDE), "
            "a directional formatting character, which reorders how the text after it displays "
            "(Unicode TR #36 section 2.1; text shown to a payer must display as it is stored)",
            {"character": "\u202e", "character_offset": 4, "count": 1},
        ),
    ]


# -- format S (4.5.3.1) and display (Unicode TR #36, UTS #39), in 64.01 -------------------------

NAME_64 = "tag 64.01 (Merchant Name\u2014Alternate Language)"


def alternate(name: str, extra: dict[str, str] | None = None) -> str:
    fields = {"00": "ZH", "01": name, **(extra or {})}
    return emv({"64": "".join(t(k, v) for k, v in sorted(fields.items()))})


def test_alternate_name_clean() -> None:
    assert found(alternate("\u5e97\u540d", {"02": "\u5317\u4eac"})) == []


def test_ascii_control_in_s() -> None:
    text = alternate("AB\x1bC")
    assert found(text) == [
        (
            "invalid_character",
            ("64", "01"),
            locate(text, ("64", "01")),
            "error",
            f"{NAME_64} contains control character U+001B",
            {"character": "\x1b"},
        )
    ]


@pytest.mark.parametrize(
    ("char", "kind"),
    [("\x07", "control"), ("\x85", "control"), ("\ue000", "not a character"), ("\u0378", "not a character")],
)
def test_unicode_control_or_noncharacter_in_s(char: str, kind: str) -> None:
    text = alternate("\u5e97" + char + "A")
    assert found(text) == [
        (
            "invalid_character",
            ("64", "01"),
            locate(text, ("64", "01")),
            "error",
            f"{NAME_64} contains U+{ord(char):04X} ({kind}); format S allows Unicode characters only "
            "(EMVCo MPM 4.5.3.1)",
            {"character": char},
        )
    ]


def test_not_precomposed() -> None:
    """1.4.3, 4.5.3.1: precomposed characters; 'e' + U+0301 is not NFC."""
    value = "Cafe\u0301"
    text = alternate(value)
    assert found(text) == [
        (
            "not_precomposed",
            ("64", "01"),
            locate(text, ("64", "01")),
            "warning",
            f"{NAME_64} is 'Cafe\u0301', which is not in precomposed (NFC) form; EMVCo MPM 1.4.3 and "
            "4.5.3.1 ask for precomposed characters so that lengths agree across platforms",
            {},
        )
    ]


@pytest.mark.parametrize(
    ("char", "name", "code", "what"),
    [
        (
            "\u200b",
            "ZERO WIDTH SPACE",
            "invisible_character",
            "an invisible character, which hides inside the text it is shown with (Unicode TR #36 "
            "section 2.2, UTS #39 section 3.1)",
        ),
        (
            "\u2028",
            "LINE SEPARATOR",
            "line_separator",
            "a line or paragraph separator, which breaks the line it is shown on (EMVCo MPM 4.5.3.1 "
            "allows no control characters; Unicode TR #36 section 2.2)",
        ),
        (
            "\u2067",
            "RIGHT-TO-LEFT ISOLATE",
            "bidi_control",
            "a directional formatting character, which reorders how the text after it displays "
            "(Unicode TR #36 section 2.1; text shown to a payer must display as it is stored)",
        ),
    ],
)
def test_display_rules(char: str, name: str, code: str, what: str) -> None:
    escaped = f"\\u{ord(char):04x}"
    one = alternate("AB" + char + "C")
    assert found(one) == [
        (
            code,
            ("64", "01"),
            locate(one, ("64", "01")),
            "error",
            f"{NAME_64} is 'AB{escaped}C': character 2 is U+{ord(char):04X} ({name}), {what}",
            {"character": char, "character_offset": 2, "count": 1},
        )
    ]
    two = alternate("A" + char + "B" + char + "C")
    assert found(two) == [
        (
            code,
            ("64", "01"),
            locate(two, ("64", "01")),
            "error",
            f"{NAME_64} is 'A{escaped}B{escaped}C': character 1 is U+{ord(char):04X} ({name}), {what}; "
            "2 such characters in all",
            {"character": char, "character_offset": 1, "count": 2},
        )
    ]


def test_two_display_kinds_each_reported_once() -> None:
    text = alternate("\u200bA\u2028B\u200b")
    at = locate(text, ("64", "01"))
    assert [(i[0], i[5]) for i in found(text)] == [
        ("invisible_character", {"character": "\u200b", "character_offset": 0, "count": 2}),
        ("line_separator", {"character": "\u2028", "character_offset": 2, "count": 1}),
    ]
    assert {i[2] for i in found(text)} == {at}


def test_mixed_script() -> None:
    """UTS #39 section 5.1: a Latin word with a Cyrillic a (U+0430) is a warning, once per value."""
    text = alternate("P\u0430ypal \u0430Bc")
    assert found(text) == [
        (
            "mixed_script",
            ("64", "01"),
            locate(text, ("64", "01")),
            "warning",
            f"{NAME_64} is 'P\u0430ypal \u0430Bc': the word 'P\u0430ypal' mixes Cyrillic and Latin "
            "letters, the mark of a look-alike name (UTS #39 section 5.1, Highly Restrictive)",
            {"word": "P\u0430ypal", "scripts": ["Cyrillic", "Latin"], "character_offset": 0},
        )
    ]


# -- 64: language template (EMVCo MPM 4.9) -------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "name"), [("00", "Language Preference"), ("01", "Merchant Name\u2014Alternate Language")]
)
def test_language_template_mandatory(tag: str, name: str) -> None:
    fields = {"00": "ZH", "01": "\u5e97", "02": "\u5317\u4eac"}
    del fields[tag]
    text = emv({"64": "".join(t(k, v) for k, v in sorted(fields.items()))})
    assert found(text) == [
        (
            "missing_field",
            ("64", tag),
            None,
            "error",
            f"template 64 has no ID {tag} ({name}), which EMVCo MPM 4.9.1.1 makes mandatory",
            {},
        )
    ]


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("Z1", "; it must be 2 letters of ISO 639 (EMVCo MPM 4.9.2.1)"),
        ("1Z", "; it must be 2 letters of ISO 639 (EMVCo MPM 4.9.2.1)"),
        ("QQ", ", which is not an ISO 639-1 language code (EMVCo MPM 4.9.2.1)"),
    ],
)
def test_language_code(code: str, rule: str) -> None:
    text = emv({"64": t("00", code) + t("01", "SHOP")})
    assert found(text) == [
        (
            "language_code",
            ("64", "00"),
            locate(text, ("64", "00")),
            "error",
            f"tag 64.00 is '{code}'{rule}",
            {"actual": code},
        )
    ]


def test_language_code_length() -> None:
    text = emv({"64": t("00", "ZHO") + t("01", "SHOP")})
    assert found(text) == [
        (
            "value_length",
            ("64", "00"),
            locate(text, ("64", "00")),
            "error",
            "tag 64.00 (Language Preference) is 'ZHO' (3 characters); it must have exactly 2 "
            "(EMVCo MPM Table 3.6)",
            {"expected": 2, "actual": 3},
        )
    ]


@pytest.mark.parametrize(("tag", "limit"), [("01", 25), ("02", 15)])
def test_language_template_lengths(tag: str, limit: int) -> None:
    other = {"01": "SHOP"} if tag == "02" else {}
    assert (
        found(
            emv(
                {
                    "64": "".join(
                        t(k, v) for k, v in sorted({"00": "ZH", tag: "\u5e97" * limit, **other}.items())
                    )
                }
            )
        )
        == []
    )
    value = "\u5e97" * (limit + 1)
    text = emv({"64": "".join(t(k, v) for k, v in sorted({"00": "ZH", tag: value, **other}.items()))})
    name = {"01": "Merchant Name", "02": "Merchant City"}[tag] + "\u2014Alternate Language"
    assert found(text) == [
        (
            "value_too_long",
            ("64", tag),
            locate(text, ("64", tag)),
            "error",
            f"tag 64.{tag} ({name}) is '{value}' ({limit + 1} characters); at most {limit} are allowed "
            "(EMVCo MPM Tables 3.6-3.8)",
            {"max_length": limit, "actual": limit + 1},
        )
    ]


def test_language_template_rfu_and_duplicate() -> None:
    inner = t("00", "ZH") + t("01", "SHOP") + t("03", "X") + t("01", "SHOP2")
    text = emv({"64": inner})
    start = locate(text, ("64",)) + 4
    assert found(text) == [
        (
            "duplicate_tag",
            ("64", "01"),
            start + inner.index("0105SHOP2"),
            "error",
            "tag 01 occurs more than once in template 64 (EMVCo MPM 4.3.1.2)",
            {},
        ),
        (
            "rfu_tag",
            ("64", "03"),
            start + inner.index("0301X"),
            "warning",
            "ID 03 inside template 64 is RFU for EMVCo (EMVCo MPM 4.9.1.1)",
            {},
        ),
    ]


# -- GUID templates 26-51, 80-99, 62/50-99 (EMVCo MPM 4.7.11.2, 4.11.1.2, 4.8.1.5) --------------


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("26", "merchant account template"),
        ("51", "merchant account template"),
        ("80", "unreserved template"),
        ("99", "unreserved template"),
    ],
)
def test_guid_missing(tag: str, kind: str) -> None:
    changes: dict[str, str | None] = {tag: t("01", "M1")}
    if tag != "26":
        changes["26"] = ACCOUNT
    text = emv(changes)
    assert found(text) == [
        (
            "guid_missing",
            (tag,),
            locate(text, (tag,)),
            "error",
            f"{kind} {tag} has no sub-ID 00 (Globally Unique Identifier), which EMVCo MPM 4.7.11.2 / "
            "4.8.1.5 / 4.11.1.2 make mandatory",
            {},
        )
    ]


@pytest.mark.parametrize(
    "guid",
    [
        "A000000677",  # RID alone: 5 bytes
        "A0000006770101",
        "a000000677010112",
        "0123456789ABCDEF0123456789ABCDEF",  # 32 hex: a UUID / the longest AID
        "com.example",
        "br.gov.bcb.pix",
        "my-pay_1.example",
    ],
)
def test_guid_well_formed(guid: str) -> None:
    assert found(emv({"26": t("00", guid) + t("01", "M1")})) == []


@pytest.mark.parametrize(
    "guid",
    [
        "A0000006",  # 4 bytes: shorter than a RID
        "A00000067",  # odd number of hex digits
        "A00000067701011",
        "com",  # one label
        "com..example",
        "com.example.",
        "pay@example",
        "0123456789ABCDEF0123456789ABCDE",  # 31 hex
    ],
)
def test_guid_format(guid: str) -> None:
    text = emv({"26": t("00", guid) + t("01", "M1")})
    assert found(text) == [
        (
            "guid_format",
            ("26", "00"),
            locate(text, ("26", "00")),
            "warning",
            f"sub-ID 00 of 26 is '{guid}', which is not an AID (RID + PIX in hex), a 32-digit hex UUID "
            "or a reverse domain name (EMVCo MPM 4.7.11.2)",
            {"actual": guid},
        )
    ]


def test_guid_too_long() -> None:
    guid = "0123456789ABCDEF0123456789ABCDEF01"  # 34 hex: past 32 (Table 3.6) and no AID
    text = emv({"26": t("00", guid) + t("01", "M1")})
    at = locate(text, ("26", "00"))
    assert found(text) == [
        (
            "value_too_long",
            ("26", "00"),
            at,
            "error",
            f"tag 26.00 (Globally Unique Identifier) is '{guid}' (34 characters); at most 32 are "
            "allowed (EMVCo MPM Tables 3.6-3.8)",
            {"max_length": 32, "actual": 34},
        ),
        (
            "guid_format",
            ("26", "00"),
            at,
            "warning",
            f"sub-ID 00 of 26 is '{guid}', which is not an AID (RID + PIX in hex), a 32-digit hex UUID "
            "or a reverse domain name (EMVCo MPM 4.7.11.2)",
            {"actual": guid},
        ),
    ]


def test_guid_empty_and_sub_id_empty() -> None:
    inner = "0000" + t("01", "M1") + "0200"
    text = emv({"26": inner})
    start = locate(text, ("26",)) + 4
    assert found(text) == [
        (
            "value_empty",
            ("26", "00"),
            start,
            "error",
            "tag 26.00 (Globally Unique Identifier) is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        ),
        (
            "value_empty",
            ("26", "02"),
            start + inner.index("0200"),
            "error",
            "tag 26.02 is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        ),
    ]


def test_guid_duplicate_keeps_the_first() -> None:
    """A second 00 is a duplicate (4.3.1.2); the first one is the GUID that is checked."""
    inner = t("00", "com.example") + t("01", "M1") + t("00", "bad")
    text = emv({"26": inner})
    assert found(text) == [
        (
            "duplicate_tag",
            ("26", "00"),
            locate(text, ("26",)) + 4 + inner.index("0003bad"),
            "error",
            "tag 00 occurs more than once in template 26 (EMVCo MPM 4.3.1.2)",
            {},
        )
    ]


def test_guid_template_ids_out_of_order_are_fine() -> None:
    """4.3.1.2 asks for unique IDs, not ascending ones (the screen's fast path wants both)."""
    assert found(emv({"26": t("00", "com.example") + t("02", "B") + t("01", "A")})) == []
    assert found(emv({"26": t("01", "A") + t("00", "com.example")})) == []


def test_guid_template_child_control() -> None:
    text = emv({"26": t("00", "com.example") + t("01", "M\x1b")})
    assert found(text) == [
        (
            "invalid_character",
            ("26", "01"),
            locate(text, ("26", "01")),
            "error",
            "tag 26.01 contains control character U+001B",
            {"character": "\x1b"},
        )
    ]


def test_empty_templates() -> None:
    text = emv({"26": ""})
    assert found(text) == [
        (
            "value_empty",
            ("26",),
            locate(text, ("26",)),
            "error",
            "tag 26 (Merchant Account Information) is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        )
    ]
    text = emv({"80": ""})
    assert found(text) == [
        (
            "value_empty",
            ("80",),
            locate(text, ("80",)),
            "error",
            "tag 80 (Unreserved Template) is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        )
    ]


# -- primitive accounts 02-25 and RFU 65-79 ------------------------------------------------------


def test_primitive_account() -> None:
    assert found(emv({"26": None, "02": "4111111111111111", "25": "X"})) == []
    text = emv({"02": ""})
    assert found(text) == [
        (
            "value_empty",
            ("02",),
            locate(text, ("02",)),
            "error",
            "tag 02 (Merchant Account Information) is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        )
    ]
    text = emv({"15": "4111\u00e9"})
    assert found(text) == [
        (
            "invalid_character",
            ("15",),
            locate(text, ("15",)),
            "error",
            "tag 15 (Merchant Account Information) is '4111\u00e9'; '\u00e9' (U+00E9) is outside the EMVCo "
            "common character set, format ans (EMVCo MPM 4.5.2.1); non-Latin names belong in the "
            "language template 64",
            {"character": "\u00e9"},
        )
    ]


RFU_65 = (
    "ID {tag} is RFU for EMVCo (Table 3.6); readers ignore it and generators must not emit it "
    "(EMVCo MPM 1.4.4, 4.5.4.1)"
)


@pytest.mark.parametrize("tag", ["65", "70", "79"])
def test_rfu_root(tag: str) -> None:
    text = emv({tag: "X"})
    assert found(text) == [("rfu_tag", (tag,), locate(text, (tag,)), "warning", RFU_65.format(tag=tag), {})]


def test_rfu_root_empty_or_with_control() -> None:
    text = emv({"65": ""})
    at = locate(text, ("65",))
    assert found(text) == [
        ("rfu_tag", ("65",), at, "warning", RFU_65.format(tag="65"), {}),
        (
            "value_empty",
            ("65",),
            at,
            "error",
            "tag 65 (RFU for EMVCo) is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        ),
    ]
    text = emv({"65": "a\x1b"})
    at = locate(text, ("65",))
    assert found(text) == [
        ("rfu_tag", ("65",), at, "warning", RFU_65.format(tag="65"), {}),
        (
            "invalid_character",
            ("65",),
            at,
            "error",
            "tag 65 (RFU for EMVCo) contains control character U+001B",
            {"character": "\x1b"},
        ),
    ]


# -- 62: additional data field template (EMVCo MPM 4.8, Table 3.7) ------------------------------

AD_NAMES = {
    "01": ("Bill Number", 25),
    "02": ("Mobile Number", 25),
    "03": ("Store Label", 25),
    "04": ("Loyalty Number", 25),
    "05": ("Reference Label", 25),
    "06": ("Customer Label", 25),
    "07": ("Terminal Label", 25),
    "08": ("Purpose of Transaction", 25),
    "10": ("Merchant Tax ID", 20),
}


def additional(*objects: str) -> str:
    return emv({"62": "".join(objects)})


@pytest.mark.parametrize("tag", sorted(AD_NAMES))
def test_additional_data_limits(tag: str) -> None:
    name, limit = AD_NAMES[tag]
    assert found(additional(t(tag, "A" * limit))) == []
    assert found(additional(t(tag, "***"))) == []
    value = "A" * (limit + 1)
    text = additional(t(tag, value))
    assert found(text) == [
        (
            "value_too_long",
            ("62", tag),
            locate(text, ("62", tag)),
            "error",
            f"tag 62.{tag} ({name}) is '{value}' ({limit + 1} characters); at most {limit} are allowed "
            "(EMVCo MPM Tables 3.6-3.8)",
            {"max_length": limit, "actual": limit + 1},
        )
    ]
    text = additional(t(tag, ""))
    assert found(text) == [
        (
            "value_empty",
            ("62", tag),
            locate(text, ("62", tag)),
            "error",
            f"tag 62.{tag} ({name}) is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        )
    ]


def test_additional_data_empty() -> None:
    text = emv({"62": ""})
    assert found(text) == [
        (
            "template_empty",
            ("62",),
            locate(text, ("62",)),
            "error",
            "template 62 is empty; if present it must hold at least one data object (EMVCo MPM "
            "4.8.1.1, lengths 01-99 per 4.4.1.2)",
            {},
        )
    ]


@pytest.mark.parametrize("value", ["A", "M", "E", "AME", "EA", "MEA"])
def test_consumer_data_request_allowed(value: str) -> None:
    assert found(additional(t("09", value))) == []


@pytest.mark.parametrize("value", ["AA", "X", "***", "a", "AMM"])
def test_consumer_data_request(value: str) -> None:
    text = additional(t("09", value))
    assert found(text) == [
        (
            "consumer_data_request",
            ("62", "09"),
            locate(text, ("62", "09")),
            "error",
            f"tag 62.09 is '{value}'; it may hold only the letters A, M and E, each at most once "
            "(EMVCo MPM 4.8.1.3)",
            {"actual": value},
        )
    ]


def test_consumer_data_request_too_long() -> None:
    text = additional(t("09", "AMEA"))
    at = locate(text, ("62", "09"))
    assert found(text) == [
        (
            "value_too_long",
            ("62", "09"),
            at,
            "error",
            "tag 62.09 (Additional Consumer Data Request) is 'AMEA' (4 characters); at most 3 are "
            "allowed (EMVCo MPM Tables 3.6-3.8)",
            {"max_length": 3, "actual": 4},
        ),
        (
            "consumer_data_request",
            ("62", "09"),
            at,
            "error",
            "tag 62.09 is 'AMEA'; it may hold only the letters A, M and E, each at most once (EMVCo MPM 4.8.1.3)",
            {"actual": "AMEA"},
        ),
    ]


@pytest.mark.parametrize("value", ["000", "733", "123"])
def test_merchant_channel_allowed(value: str) -> None:
    assert found(additional(t("11", value))) == []


@pytest.mark.parametrize(
    ("value", "wrong"),
    [
        ("800", "media '8' (Table 4.5: 0-7)"),
        ("040", "location '4' (Table 4.6: 0-3)"),
        ("004", "presence '4' (Table 4.7: 0-3)"),
        ("9X4", "media '9' (Table 4.5: 0-7), location 'X' (Table 4.6: 0-3), presence '4' (Table 4.7: 0-3)"),
    ],
)
def test_merchant_channel_value(value: str, wrong: str) -> None:
    text = additional(t("11", value))
    assert found(text) == [
        (
            "merchant_channel_value",
            ("62", "11"),
            locate(text, ("62", "11")),
            "error",
            f"tag 62.11 is '{value}': {wrong} are RFU (EMVCo MPM 4.8.1.6)",
            {"actual": value},
        )
    ]


def test_merchant_channel_length() -> None:
    text = additional(t("11", "12"))
    assert found(text) == [
        (
            "value_length",
            ("62", "11"),
            locate(text, ("62", "11")),
            "error",
            "tag 62.11 (Merchant Channel) is '12' (2 characters); it must have exactly 3 (EMVCo MPM Table 3.6)",
            {"expected": 3, "actual": 2},
        )
    ]


def test_additional_data_unallocated_rfu_duplicate() -> None:
    inner = t("00", "com.x") + t("01", "B1") + t("12", "R") + t("49", "R") + t("01", "B2")
    text = additional(inner)
    start = locate(text, ("62",)) + 4
    rfu = (
        "ID {tag} inside template 62 is RFU for EMVCo (Table 4.3); readers ignore it and generators "
        "must not emit it (EMVCo MPM 1.4.4, 4.5.4.1)"
    )
    assert found(text) == [
        (
            "duplicate_tag",
            ("62", "01"),
            start + inner.index("0102B2"),
            "error",
            "tag 01 occurs more than once in template 62 (EMVCo MPM 4.3.1.2)",
            {},
        ),
        (
            "unallocated_tag",
            ("62", "00"),
            start,
            "warning",
            "ID 00 inside template 62 is not allocated by EMVCo (Table 3.7 starts at 01); QR Ph and "
            "LankaQR use it for a GUID",
            {},
        ),
        ("rfu_tag", ("62", "12"), start + inner.index("1201R"), "warning", rfu.format(tag="12"), {}),
        ("rfu_tag", ("62", "49"), start + inner.index("4901R"), "warning", rfu.format(tag="49"), {}),
    ]


def test_additional_data_payment_system_template() -> None:
    assert found(additional(t("01", "B"), t("50", t("00", "com.example") + t("01", "X")))) == []
    text = additional(t("01", "B"), t("50", t("01", "X")))
    assert found(text) == [
        (
            "guid_missing",
            ("62", "50"),
            locate(text, ("62", "50")),
            "error",
            "payment system specific template 62.50 has no sub-ID 00 (Globally Unique Identifier), "
            "which EMVCo MPM 4.7.11.2 / 4.8.1.5 / 4.11.1.2 make mandatory",
            {},
        )
    ]
    text = additional(t("99", t("00", "bad guid") + t("01", "X")))
    assert found(text) == [
        (
            "guid_format",
            ("62", "99", "00"),
            locate(text, ("62", "99", "00")),
            "warning",
            "sub-ID 00 of 62.99 is 'bad guid', which is not an AID (RID + PIX in hex), a 32-digit hex "
            "UUID or a reverse domain name (EMVCo MPM 4.7.11.2)",
            {"actual": "bad guid"},
        )
    ]


# -- the screen: decode's fast path must flag every object that breaks a rule --------------------

CLEAN_AT_LIMITS = [
    emv(),
    emv({"59": "N" * 25, "60": "C" * 15, "61": "P" * 10, "54": "1" * 10 + ".25"}),
    emv({"26": t("00", "0123456789ABCDEF0123456789ABCDEF") + t("01", "M") + t("99", "Z" * 10)}),
    emv({"26": t("00", "A000000677") + t("01", "M"), "51": ACCOUNT, "02": "4111", "25": "X"}),
    emv({"80": t("00", "com.example") + t("01", "U"), "99": t("00", "A000000677010111")}),
    emv({"62": t("01", "A" * 25) + t("05", "R" * 25) + t("10", "T" * 20)}),
    emv(
        {"62": t("01", "B") + t("50", t("00", "com.example") + t("01", "X")) + t("99", t("00", "A000000677"))}
    ),
]

FLAGGED = [
    emv({"26": t("00", "com.example") + t("01", "M") + t("00", "com.other")}),
    emv({"26": t("00", "com.example") + t("01", "")}),
    emv({"26": t("00", "0123456789ABCDEF0123456789ABCDEF0")}),
    emv({"26": t("00", "com")}),
    emv({"26": t("01", "M")}),
    emv({"26": t("00", "")}),
    emv({"80": t("01", "U")}),
    emv({"02": ""}),
    emv({"62": t("01", "A" * 26)}),
    emv({"62": t("10", "A" * 21)}),
    emv({"62": t("01", "")}),
    emv({"62": t("00", "com.x")}),
    emv({"62": t("12", "R")}),
    emv({"62": t("09", "X")}),
    emv({"62": t("11", "800")}),
    emv({"62": t("01", "A") + t("01", "B")}),
    emv({"62": t("50", t("01", "X"))}),
    emv({"62": t("50", t("00", "com"))}),
    emv({"62": ""}),
    emv({"52": "58A2"}),
    emv({"52": "581"}),
    emv({"59": "N" * 26}),
    emv({"59": ""}),
    emv({"00": "1"}),
    emv({"54": "1" * 14}),
    emv({"26": t("00", "com." + "e" * 29)}),  # 33 characters, a well-formed domain: too long
    emv({"26": t("00", "com.example") + t("01", "A") + t("01", "B")}),
    emv({"51": t("01", "M")}),
    emv({"99": t("01", "U")}),
    emv({"25": ""}),
    emv({"64": t("00", "ZH")}),
    # a clean 62/50 then a 62/51 without GUID: the screen must look past the clean one
    emv({"62": t("50", t("00", "com.example")) + t("51", t("01", "X"))}),
]


@pytest.mark.parametrize("text", CLEAN_AT_LIMITS + FLAGGED)
def test_screen_flags_every_broken_object(text: str) -> None:
    from qrpay._rules import check_object, screen

    for obj in qrpay.decode(text).objects:
        out: list[Any] = []
        check_object(obj, out, True)
        if out:
            assert screen(obj), (obj.tag, out)


@pytest.mark.parametrize("text", FLAGGED)
def test_flagged_payloads_have_an_issue(text: str) -> None:
    assert found(text) != []


@pytest.mark.parametrize("text", CLEAN_AT_LIMITS)
def test_screen_passes_clean_objects(text: str) -> None:
    """A clean object of a printable-ASCII payload costs no detailed check (its docstring's promise)."""
    from qrpay._rules import screen

    assert found(text) == []
    assert [obj.tag for obj in qrpay.decode(text).objects if screen(obj)] == []


# -- more of check_payload: values checked only when they have the right shape --------------------


def test_values_of_the_wrong_shape_get_one_issue() -> None:
    """A value already refused for its length or format (Table 3.6, 4.5.1.1) is not judged
    again by the value rules (4.7.1.1, 4.7.2.1, 4.7.5.1, 4.7.13.1)."""
    cases = [
        ("00", "0A", "not_numeric"),
        ("00", "1", "value_length"),
        ("01", "1A", "not_numeric"),
        ("01", "111", "value_length"),
        ("53", "\u0668\u0664\u0660", "not_numeric"),
        ("53", "84", "value_length"),
        ("58", "USA", "value_length"),
        ("54", "", "value_empty"),
        ("59", "N" * 26, "value_too_long"),
    ]
    for tag, value, expected in cases:
        text = emv({tag: value})
        assert [(i[0], i[1], i[2]) for i in found(text)] == [(expected, (tag,), locate(text, (tag,)))], tag


def test_unknown_currency_has_no_minor_units() -> None:
    text = emv({"53": "001", "54": "1.005"})
    assert [i[0] for i in found(text)] == ["currency_unknown"]


@pytest.mark.parametrize("value", ["mmk", "QQQ", "MM1"])
def test_alphabetic_currency_only_an_iso_code(value: str) -> None:
    """Only an upper-case ISO 4217 alphabetic code is the MMQR deviation; the rest is not_numeric,
    and no minor units apply to the amount."""
    text = emv({"53": value, "54": "1.005"})
    assert found(text) == [
        (
            "not_numeric",
            ("53",),
            locate(text, ("53",)),
            "error",
            f"tag 53 (Transaction Currency) is '{value}'; format N allows only digits 0-9 (EMVCo MPM 4.5.1.1)",
            {"actual": value},
        )
    ]


@pytest.mark.parametrize(("indicator", "tag"), [("02", "56"), ("03", "57")])
def test_empty_fee(indicator: str, tag: str) -> None:
    name = {"56": "Value of Convenience Fee Fixed", "57": "Value of Convenience Fee Percentage"}[tag]
    text = emv({"55": indicator, tag: ""})
    assert found(text) == [
        (
            "value_empty",
            (tag,),
            locate(text, (tag,)),
            "error",
            f"tag {tag} ({name}) is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)",
            {},
        )
    ]


@pytest.mark.parametrize(
    ("value", "wrong"),
    [
        ("X00", "media 'X' (Table 4.5: 0-7)"),
        ("0X0", "location 'X' (Table 4.6: 0-3)"),
        ("00X", "presence 'X' (Table 4.7: 0-3)"),
    ],
)
def test_merchant_channel_letters(value: str, wrong: str) -> None:
    text = additional(t("11", value))
    assert found(text) == [
        (
            "merchant_channel_value",
            ("62", "11"),
            locate(text, ("62", "11")),
            "error",
            f"tag 62.11 is '{value}': {wrong} are RFU (EMVCo MPM 4.8.1.6)",
            {"actual": value},
        )
    ]


def test_duplicate_in_a_nested_template() -> None:
    inner = t("00", "com.example") + t("01", "A") + t("01", "B")
    text = additional(t("50", inner))
    assert found(text) == [
        (
            "duplicate_tag",
            ("62", "50", "01"),
            locate(text, ("62", "50")) + 4 + inner.index("0101B"),
            "error",
            "tag 01 occurs more than once in template 62.50 (EMVCo MPM 4.3.1.2)",
            {},
        )
    ]


def test_control_in_ans_is_not_a_display_issue() -> None:
    """A control character is invalid_character (4.5.2.1) only; a bidi control after it is
    still reported by the display rules."""
    text = emv({"59": "A\x1bB\u202e"})
    at = locate(text, ("59",))
    assert [(i[0], i[2], i[5]) for i in found(text)] == [
        ("invalid_character", at, {"character": "\x1b"}),
        ("bidi_control", at, {"character": "\u202e", "character_offset": 3, "count": 1}),
    ]


def test_non_ascii_payload_checks_its_ascii_objects() -> None:
    """In a payload that is not printable ASCII, ASCII objects still get every rule."""
    text = emv({"59": "N" * 26, "64": t("00", "ZH") + t("01", "\u5e97"), "62": t("01", "")})
    assert [(i[0], i[1]) for i in found(text)] == [
        ("value_too_long", ("59",)),
        ("value_empty", ("62", "01")),
    ]
    assert found(emv({"59": "SHOP", "64": t("00", "ZH") + t("01", "\u5e97")})) == []


def test_objects_built_in_memory_have_no_offset() -> None:
    """An object built in memory (qrpay.tlv.primitive, offset -1) is reported with offset None."""
    from qrpay import tlv
    from qrpay._rules import check_objects

    fields = {**BASE, "59": "N" * 26}
    root = tuple(tlv.primitive(k, v) for k, v in sorted(fields.items()) if k != "26")
    root = (*root[:2], tlv.template("26", [tlv.primitive("00", "com.example")]), *root[2:])
    index = {o.tag: o for o in root}
    issues = check_objects(root, index, "".join(t(k, v) for k, v in sorted(fields.items())))
    assert [(i.code, i.path, i.offset) for i in issues] == [("value_too_long", ("59",), None)]


def test_language_template_checks_children_after_an_rfu_one() -> None:
    value = "\u5e97" * 26
    inner = t("00", "ZH") + t("03", "X") + t("01", value)
    text = emv({"64": inner})
    assert found(text) == [
        (
            "rfu_tag",
            ("64", "03"),
            locate(text, ("64", "03")),
            "warning",
            "ID 03 inside template 64 is RFU for EMVCo (EMVCo MPM 4.9.1.1)",
            {},
        ),
        (
            "value_too_long",
            ("64", "01"),
            locate(text, ("64", "01")),
            "error",
            f"{NAME_64} is '{value}' (26 characters); at most 25 are allowed (EMVCo MPM Tables 3.6-3.8)",
            {"max_length": 25, "actual": 26},
        ),
    ]
