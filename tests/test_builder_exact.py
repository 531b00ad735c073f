"""qrpay.build, the edits and the argument layer of qrpay/builder.py, checked whole (issue 13:
builder's mutation survivors).

Expected payload texts are assembled here: ``t`` joins ID, two-digit length (in characters,
EMVCo MPM 4.4.1.1) and value, ``code`` appends 63 with a CRC-16/CCITT-FALSE computed by crcmod
(both from tests/schemes/test_duitnow_exact.py), so every text below is written from the
EMVCo layout, never by qrpay. Refusals are compared whole: class, code, path, offset, ctx,
message and issues; messages are the ones docs/api.md ("Builder arguments") and
docs/errors.md describe, written out by hand from the rule each one states.

The base request is the module docstring's: a UnionPay primitive account 15, MCC 5999, USD
(840, 2 minor units), KH, "Kuntheas Shop", "Phnom Penh".
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Literal

import pytest

import qrpay
from qrpay import builder
from qrpay.model import InitiationMethod, LanguageTemplate
from qrpay.schemes import get_scheme
from qrpay.tlv import DataObject
from tests.schemes.test_duitnow_exact import code, locate, t

NOW = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
UNIONPAY = "37210116372101160123456789ABCDE"
BASE: dict[str, Any] = {
    "merchant_accounts": {"15": UNIONPAY},
    "merchant_category_code": "5999",
    "currency": "USD",
    "country": "KH",
    "merchant_name": "Kuntheas Shop",
    "merchant_city": "Phnom Penh",
}
#: the objects of BASE after 01, in canonical order
ACCOUNT = t("15", UNIONPAY)
MCC, USD, KH = t("52", "5999"), t("53", "840"), t("58", "KH")
NAME, CITY = t("59", "Kuntheas Shop"), t("60", "Phnom Penh")
STATIC = code(t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY)
#: the expected text of the build's message for merchant_accounts / unreserved
TEMPLATE_TYPE = (
    "a mapping of str to (str or a mapping of str to str or a sequence of a (str, str) pair "
    "or DataObject) or a sequence of DataObject"
)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """The argument layer remembers a predicate per annotation (_ACCEPTS) and the edit
    annotations (_edit_hints); empty both so each test runs the code that makes them."""
    builder._ACCEPTS.clear()
    builder._edit_hints.cache_clear()
    yield
    builder._ACCEPTS.clear()
    builder._edit_hints.cache_clear()


def build(**changes: Any) -> qrpay.Payload:
    return qrpay.build(**{**BASE, **changes})


def issue(i: qrpay.Issue) -> tuple[Any, ...]:
    return (i.code, i.path, i.offset, i.severity, i.message, i.scheme, dict(i.ctx))


def whole(call: Any) -> tuple[Any, ...]:
    """The InvalidRequest ``call`` raises: class, code, path, offset, ctx, message, issues."""
    with pytest.raises(qrpay.QRPayError) as caught:
        call()
    err = caught.value
    issues = [issue(i) for i in getattr(err, "issues", ())]
    return type(err).__name__, err.code, err.path, err.offset, dict(err.ctx), err.message, issues


def refusal(
    code_: str, path: tuple[str, ...], message: str, ctx: dict[str, Any] | None = None
) -> tuple[Any, ...]:
    """An InvalidRequest raised before validation (no offset, no issues)."""
    return "InvalidRequest", code_, path, None, ctx or {}, message, []


# -- what build writes ----------------------------------------------------------------------------


def test_the_base_request() -> None:
    payload = build()
    assert payload.to_text() == STATIC
    assert payload.issues == ()
    assert qrpay.decode(STATIC, strict=True) == payload


def test_every_field_in_canonical_order() -> None:
    # given out of order: 26 before 15, 05 before 01 in 62, city before name in 64
    payload = build(
        merchant_accounts={"26": {"00": "com.example", "01": "M1"}, "15": UNIONPAY},
        amount="1.5",
        convenience_fee_fixed="0.5",
        postal_code="12000",
        additional_data={"05": "REF", "bill_number": "INV-1"},
        language={"merchant_city": "北京", "language_preference": "ZH", "merchant_name": "最佳"},
        unreserved={"80": [("00", "com.example"), ("01", "x")]},
    )
    assert payload.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        ACCOUNT,
        t("26", t("00", "com.example") + t("01", "M1")),
        MCC,
        USD,
        t("54", "1.50"),
        t("55", "02"),
        t("56", "0.50"),
        KH,
        NAME,
        CITY,
        t("61", "12000"),
        t("62", t("01", "INV-1") + t("05", "REF")),
        t("64", t("00", "ZH") + t("01", "最佳") + t("02", "北京")),
        t("80", t("00", "com.example") + t("01", "x")),
    )


def test_canonical_order_puts_the_crc_last() -> None:
    objects = [DataObject(tag, "x", -1, (tag,)) for tag in ("63", "80", "01", "00", "62", "15")]
    assert [o.tag for o in builder.canonical_order(objects)] == ["00", "01", "15", "62", "80", "63"]


@pytest.mark.parametrize(
    ("initiation", "amount", "written"),
    [
        (None, None, "11"),  # EMVCo MPM 4.7.2.1: static without an amount
        (None, "1", "12"),  # dynamic with one
        ("static", "1", "11"),
        ("DYNAMIC", None, "12"),  # the words in any case
        (InitiationMethod.DYNAMIC, None, "12"),
        (InitiationMethod.STATIC, "1", "11"),
        ("12", None, "12"),  # a code as given
    ],
)
def test_initiation(initiation: Any, amount: str | None, written: str) -> None:
    payload = build(initiation=initiation, amount=amount)
    objects = [t("00", "01"), t("01", written), ACCOUNT, MCC, USD]
    objects += [t("54", "1.00")] if amount else []
    assert payload.to_text() == code(*objects, KH, NAME, CITY)


def test_initiation_false_omits_01() -> None:
    assert build(initiation=False).to_text() == code(t("00", "01"), ACCOUNT, MCC, USD, KH, NAME, CITY)


def test_initiation_of_another_type_is_refused() -> None:
    # True passes the declared type (str | InitiationMethod | bool | None): the builder refuses it
    assert whole(lambda: build(initiation=True)) == refusal(
        "value_type", ("01",), "initiation: expected 'static', 'dynamic' or a 2-digit code, got True"
    )


@pytest.mark.parametrize(
    ("changes", "fee"),
    [
        ({"tip": "prompt"}, [t("55", "01")]),
        ({"convenience_fee_fixed": Decimal("0.5")}, [t("55", "02"), t("56", "0.50")]),
        ({"convenience_fee_fixed": "0.5", "amount_style": "minimal"}, [t("55", "02"), t("56", "0.5")]),
        ({"convenience_fee_percentage": "3"}, [t("55", "03"), t("57", "3")]),
        ({"convenience_fee_percentage": "12.50"}, [t("55", "03"), t("57", "12.50")]),
        ({"convenience_fee_percentage": 7}, [t("55", "03"), t("57", "7")]),
    ],
)
def test_tip_and_fees(changes: dict[str, Any], fee: list[str]) -> None:
    """EMVCo MPM 4.7.6.1: 55 = 01 prompt, 02 fixed fee (56), 03 percentage (57)."""
    assert build(**changes).to_text() == code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, *fee, KH, NAME, CITY
    )


def test_a_percentage_is_written_with_at_most_two_decimals_in_five_characters() -> None:
    assert whole(lambda: build(convenience_fee_percentage="1.255")) == refusal(
        "amount_precision",
        ("57",),
        "convenience_fee_percentage 1.255 has 3 decimal places but the currency allows 2; "
        "qrpay does not round amounts",
        {"actual": 3, "minor_units": 2},
    )
    assert whole(lambda: build(convenience_fee_percentage="100.00")) == refusal(
        "value_too_long",
        ("57",),
        "convenience_fee_percentage Decimal('100.00') needs 3 digits before the decimal mark; "
        "at most 5 characters fit (EMVCo MPM Table 3.6)",
        {"max_length": 5, "actual": 6},
    )
    assert whole(lambda: build(convenience_fee_percentage=1.5)) == refusal(
        "amount_type",
        ("57",),
        "convenience_fee_percentage 1.5 is a float; pass a Decimal, an int or a string such as "
        "'12.50' (floats cannot hold decimal amounts exactly)",
    )


def test_fee_refusals_name_the_field() -> None:
    assert whole(lambda: build(convenience_fee_fixed="1.234")) == refusal(
        "amount_precision",
        ("56",),
        "convenience_fee_fixed 1.234 has 3 decimal places but the currency allows 2; qrpay does not round amounts",
        {"actual": 3, "minor_units": 2},
    )
    assert whole(lambda: build(amount="1.234")) == refusal(
        "amount_precision",
        ("54",),
        "amount 1.234 has 3 decimal places but the currency allows 2; qrpay does not round amounts",
        {"actual": 3, "minor_units": 2},
    )
    assert whole(lambda: build(convenience_fee_fixed=1.5)) == refusal(
        "amount_type",
        ("56",),
        "convenience_fee_fixed 1.5 is a float; pass a Decimal, an int or a string such as "
        "'12.50' (floats cannot hold decimal amounts exactly)",
    )


def test_an_amount_of_thirteen_characters_fits_fourteen_do_not() -> None:
    """EMVCo MPM Table 3.6: 54 is at most 13 characters."""
    assert build(amount="1234567890.12").value("54") == "1234567890.12"
    assert whole(lambda: build(amount="12345678901.12")) == refusal(
        "value_too_long",
        ("54",),
        "amount Decimal('12345678901.12') needs 11 digits before the decimal mark; at most 13 "
        "characters fit (EMVCo MPM Table 3.6)",
        {"max_length": 13, "actual": 14},
    )


def test_a_tip_other_than_prompt_is_refused() -> None:
    assert whole(lambda: build(tip="5")) == refusal(
        "value_type",
        ("55",),
        "tip: tip must be 'prompt' (55=01); use convenience_fee_fixed or convenience_fee_percentage for fees",
    )


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"tip": "prompt", "convenience_fee_fixed": "1"}, "tip and convenience_fee_fixed"),
        (
            {"convenience_fee_fixed": "1", "convenience_fee_percentage": "1"},
            "convenience_fee_fixed and convenience_fee_percentage",
        ),
        (
            {"tip": "prompt", "convenience_fee_fixed": "1", "convenience_fee_percentage": "1"},
            "tip and convenience_fee_fixed and convenience_fee_percentage",
        ),
    ],
)
def test_fees_are_exclusive(changes: dict[str, Any], names: str) -> None:
    assert whole(lambda: build(**changes)) == refusal(
        "tip_indicator_value",
        ("55",),
        f"tip: {names} are exclusive: tag 55 holds one indicator (EMVCo MPM 4.7.6.1)",
    )


def test_additional_data_names_sub_ids_and_templates() -> None:
    """EMVCo MPM Table 3.7: 01-09 named fields (primitive), 50-99 payment system specific
    templates; None leaves a field out."""
    payload = build(
        additional_data={
            "50": {"00": "com.example", "01": "x"},
            "purpose": "P",
            "terminal_label": None,
        }
    )
    assert payload.to_text() == code(
        t("00", "01"),
        t("01", "11"),
        ACCOUNT,
        MCC,
        USD,
        KH,
        NAME,
        CITY,
        t("62", t("08", "P") + t("50", t("00", "com.example") + t("01", "x"))),
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"additional_data": {}},
        {"additional_data": {"bill_number": None}},
        {"language": {}},
        {"language": {"merchant_name": None}},
        {"language": None, "additional_data": None, "unreserved": None, "postal_code": None},
    ],
)
def test_an_empty_template_is_left_out(changes: dict[str, Any]) -> None:
    assert build(**changes).to_text() == STATIC


def test_language_as_a_language_template() -> None:
    language = LanguageTemplate("ZH", "最佳", "北京")
    expected = t("64", t("00", "ZH") + t("01", "最佳") + t("02", "北京"))
    assert build(language=language).to_text() == code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY, expected
    )
    sub_ids = build(language={"02": "北京", "00": "ZH", "01": "最佳"})
    assert sub_ids.to_text() == build(language=language).to_text()


def test_merchant_accounts_and_unreserved_as_data_objects() -> None:
    account = DataObject("26", t("00", "com.example") + t("01", "M1"), -1, ("26",))
    unreserved = DataObject("81", t("00", "com.example"), -1, ("81",))
    payload = build(merchant_accounts=[account], unreserved=[unreserved])
    assert payload.to_text() == code(
        t("00", "01"),
        t("01", "11"),
        t("26", t("00", "com.example") + t("01", "M1")),
        MCC,
        USD,
        KH,
        NAME,
        CITY,
        t("81", t("00", "com.example")),
    )


def test_a_mixed_script_word_is_a_warning_that_does_not_block() -> None:
    payload = build(language={"language_preference": "RU", "merchant_name": "Shоp"})  # Cyrillic о
    text = code(
        t("00", "01"),
        t("01", "11"),
        ACCOUNT,
        MCC,
        USD,
        KH,
        NAME,
        CITY,
        t("64", t("00", "RU") + t("01", "Shоp")),
    )
    assert payload.to_text() == text
    assert [issue(i) for i in payload.issues] == [
        (
            "mixed_script",
            ("64", "01"),
            text.index("0104Shоp"),
            "warning",
            "tag 64.01 (Merchant Name—Alternate Language) is 'Shоp': the word 'Shоp' mixes Cyrillic "
            "and Latin letters, the mark of a look-alike name (UTS #39 section 5.1, Highly Restrictive)",
            None,
            {"word": "Shоp", "scripts": ["Cyrillic", "Latin"], "character_offset": 0},
        )
    ]


# -- what validation finds is refused, labelled with the keyword -----------------------------------


def test_every_issue_is_refused_labelled() -> None:
    """Missing 59 and 60 are warnings when decoding (person-to-person codes) that no scheme
    allows here: both are refused, the first one's message counting the rest."""
    first = "merchant_name: no tag 59 (Merchant Name); EMVCo MPM Table 3.6 makes it mandatory; common in person-to-person codes"
    second = "merchant_city: no tag 60 (Merchant City); EMVCo MPM Table 3.6 makes it mandatory; common in person-to-person codes"
    assert whole(lambda: build(merchant_name=None, merchant_city=None)) == (
        "InvalidRequest",
        "missing_field",
        ("59",),
        None,
        {},
        first + " (+1 more)",
        [
            ("missing_field", ("59",), None, "warning", first, None, {}),
            ("missing_field", ("60",), None, "warning", second, None, {}),
        ],
    )


def test_an_emvco_warning_is_refused() -> None:
    text = code(t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY, t("62", t("00", "x")))
    message = (
        "additional_data.00: ID 00 inside template 62 is not allocated by EMVCo (Table 3.7 starts "
        "at 01); QR Ph and LankaQR use it for a GUID"
    )
    offset = text.index("62050001x") + 4
    assert whole(lambda: build(additional_data={"00": "x"})) == (
        "InvalidRequest",
        "unallocated_tag",
        ("62", "00"),
        offset,
        {},
        message,
        [("unallocated_tag", ("62", "00"), offset, "warning", message, None, {})],
    )


@pytest.mark.parametrize(
    ("changes", "path", "label", "value"),
    [
        ({"merchant_name": "S\ud800"}, ("59",), "merchant_name", "'S\\ud800'"),
        ({"additional_data": {"05": "\ud800"}}, ("62", "05"), "additional_data.reference_label", "'\\ud800'"),
        (
            {"additional_data": {"50": {"00": "com.example", "01": "\ud800"}}},
            ("62", "50", "01"),
            "additional_data.50",
            "'\\ud800'",
        ),
        (
            {"language": {"language_preference": "ZH", "merchant_name": "\ud800"}},
            ("64", "01"),
            "language.merchant_name",
            "'\\ud800'",
        ),
        (
            {"merchant_accounts": {"26": {"00": "com.example", "01": "\ud800"}}},
            ("26", "01"),
            "merchant_accounts[26.01]",
            "'\\ud800'",
        ),
        (
            {"unreserved": {"80": {"00": "com.example", "01": "\ud800"}}},
            ("80", "01"),
            "unreserved[80.01]",
            "'\\ud800'",
        ),
    ],
)
def test_a_lone_surrogate_is_refused_at_its_path(
    changes: dict[str, Any], path: tuple[str, ...], label: str, value: str
) -> None:
    index = 1 if value.startswith("'S") else 0
    assert whole(lambda: build(**changes)) == refusal(
        "invalid_text",
        path,
        f"{label}: character {index} of {value} is a lone surrogate (U+D800), which has no UTF-8 "
        "form; payload text is Unicode encoded as UTF-8 (EMVCo MPM 1.4.3)",
        {"actual": "U+D800", "index": index},
    )


@pytest.mark.parametrize(
    ("changes", "path", "label"),
    [
        (
            {"merchant_accounts": {"26": {"00": "com.example", "01": "x" * 100}}},
            ("26", "01"),
            "merchant_accounts[26.01]",
        ),
        ({"additional_data": {"bill_number": "x" * 100}}, ("62",), "additional_data"),
        ({"language": {"language_preference": "ZH", "merchant_name": "x" * 100}}, ("64",), "language"),
    ],
)
def test_a_value_over_99_characters_is_refused(
    changes: dict[str, Any], path: tuple[str, ...], label: str
) -> None:
    found = whole(lambda: build(**changes))
    assert found[:3] == ("InvalidRequest", "value_too_long", path)
    assert found[5].startswith(f"{label}: ")
    assert "100" in found[5] and "99" in found[5]


def test_a_data_object_with_another_tag_is_refused() -> None:
    wrong = DataObject("27", t("00", "com.example"), -1, ("27",))
    assert whole(lambda: build(merchant_accounts={"26": wrong})) == refusal(
        "value_type", ("26",), "merchant_accounts[26]: data object has tag 27, expected 26"
    )
    assert whole(lambda: build(unreserved={"81": wrong})) == refusal(
        "value_type", ("81",), "unreserved[81]: data object has tag 27, expected 81"
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"currency": "ABC"},
            refusal(
                "currency_unknown",
                ("53",),
                "currency: 'ABC' is not an ISO 4217 currency in qrpay's table (ISO 4217 List One (SIX "
                "Financial Information, maintenance agency), published 2026-01-01; read from table.xml "
                "in PyPI package iso4217)",
                {"actual": "ABC"},
            ),
        ),
        (
            {"additional_data": {"bill_number": 5}},
            refusal("value_type", ("62", "01"), "additional_data.bill_number: expected a string, got int 5"),
        ),
        (
            {"additional_data": {"50": 5}},
            refusal(
                "value_type", ("62", "50"), "additional_data.50: expected a string or a template, got int"
            ),
        ),
        (
            {"additional_data": {"nope": "x"}},
            refusal(
                "unknown_field",
                ("62",),
                "additional_data: unknown field 'nope'; use a sub-ID 01-99 or one of bill_number, "
                "mobile_number, store_label, loyalty_number, reference_label, customer_label, "
                "terminal_label, purpose, consumer_data_request, merchant_tax_id, merchant_channel",
            ),
        ),
        (
            {"language": {"nope": "x"}},
            refusal(
                "unknown_field",
                ("64",),
                "language: unknown field 'nope'; use language_preference, merchant_name, merchant_city",
            ),
        ),
        (
            {"merchant_accounts": {"52": "x"}},
            refusal(
                "unknown_field", ("52",), "merchant_accounts: tag '52' is outside 02-51 (EMVCo MPM 4.7.9)"
            ),
        ),
        (
            {"merchant_accounts": {"01": "x"}},
            refusal(
                "unknown_field", ("01",), "merchant_accounts: tag '01' is outside 02-51 (EMVCo MPM 4.7.9)"
            ),
        ),
        (
            {"unreserved": {"79": "x"}},
            refusal("unknown_field", ("79",), "unreserved: tag '79' is outside 80-99 (EMVCo MPM 4.11)"),
        ),
        (
            {"unreserved": {"9A": "x"}},
            refusal("unknown_field", ("9A",), "unreserved: tag '9A' is outside 80-99 (EMVCo MPM 4.11)"),
        ),
    ],
)
def test_refusals_before_validation(changes: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert whole(lambda: build(**changes)) == expected


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("02", "merchant_accounts[02]"),
        ("51", "merchant_accounts[51]"),
        ("80", "unreserved[80]"),
        ("99", "unreserved[99]"),
    ],
)
def test_the_edges_of_the_account_and_unreserved_ranges(tag: str, label: str) -> None:
    keyword = "merchant_accounts" if tag < "52" else "unreserved"
    accounts = (
        {"15": UNIONPAY, tag: {"00": "com.example", "01": "\ud800"}}
        if keyword == "merchant_accounts"
        else {"15": UNIONPAY}
    )
    changes: dict[str, Any] = {"merchant_accounts": accounts}
    if keyword == "unreserved":
        changes["unreserved"] = {tag: {"00": "com.example", "01": "\ud800"}}
    found = whole(lambda: build(**changes))
    assert found[1:3] == ("invalid_text", (tag, "01"))
    assert found[5].startswith(f"{label[:-1]}.01]: character 0 of")


# -- the argument layer -------------------------------------------------------------------------


def value_type(
    keyword: str, path: tuple[str, ...], expected: str, actual: str, message: str
) -> tuple[Any, ...]:
    return refusal("value_type", path, message, {"keyword": keyword, "expected": expected, "actual": actual})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"currency": 5},
            value_type("currency", ("53",), "str", "int", "currency: expected str, got int 5 (build)"),
        ),
        (
            {"merchant_name": b"x"},
            value_type(
                "merchant_name",
                ("59",),
                "str or None",
                "bytes",
                "merchant_name: expected str or None, got bytes b'x' (build)",
            ),
        ),
        (
            {"merchant_accounts": 5},
            value_type(
                "merchant_accounts",
                (),
                TEMPLATE_TYPE,
                "int",
                f"merchant_accounts: expected {TEMPLATE_TYPE}, got int 5 (build)",
            ),
        ),
        (
            {"merchant_accounts": {"26": {"01": 5}}},
            value_type(
                "merchant_accounts",
                ("26",),
                TEMPLATE_TYPE,
                "dict",
                "merchant_accounts['26']['01']: expected str, got int 5 (build)",
            ),
        ),
        (
            {"merchant_accounts": {"26": [("00", "a", "b")]}},
            value_type(
                "merchant_accounts",
                ("26",),
                TEMPLATE_TYPE,
                "dict",
                "merchant_accounts['26'][0]: expected a (str, str) pair, got tuple ('00', 'a', 'b') (build)",
            ),
        ),
        (
            {"merchant_accounts": {"26": [("00", 5)]}},
            value_type(
                "merchant_accounts",
                ("26",),
                TEMPLATE_TYPE,
                "dict",
                "merchant_accounts['26'][0][1]: expected str, got int 5 (build)",
            ),
        ),
        (
            {"merchant_accounts": {"zz": 5}},
            value_type(
                "merchant_accounts",
                (),
                TEMPLATE_TYPE,
                "dict",
                "merchant_accounts['zz']: expected str or a mapping of str to str or a sequence of a (str, str) pair or DataObject, got int 5 (build)",
            ),
        ),
        (
            {"merchant_accounts": {5: "x"}},
            value_type(
                "merchant_accounts",
                (),
                TEMPLATE_TYPE,
                "dict",
                "merchant_accounts[5]: keys must be str, got int 5 (build)",
            ),
        ),
        (
            {"unreserved": {"80": [("00", None)]}},
            value_type(
                "unreserved",
                ("80",),
                TEMPLATE_TYPE + " or None",
                "dict",
                "unreserved['80'][0][1]: expected str, got NoneType None (build)",
            ),
        ),
        (
            {"language": {"merchant_name": 5}},
            value_type(
                "language",
                ("64", "01"),
                "LanguageTemplate or a mapping of str to (str or None) or None",
                "dict",
                "language['merchant_name']: expected str or None, got int 5 (build)",
            ),
        ),
        (
            {"language": {"02": 5}},
            value_type(
                "language",
                ("64", "02"),
                "LanguageTemplate or a mapping of str to (str or None) or None",
                "dict",
                "language['02']: expected str or None, got int 5 (build)",
            ),
        ),
        (
            {"language": {5: "x"}},
            value_type(
                "language",
                ("64",),
                "LanguageTemplate or a mapping of str to (str or None) or None",
                "dict",
                "language[5]: keys must be str, got int 5 (build)",
            ),
        ),
        (
            {"additional_data": {5: "x"}},
            value_type(
                "additional_data",
                ("62",),
                "a mapping of str to anything or None",
                "dict",
                "additional_data[5]: keys must be str, got int 5 (build)",
            ),
        ),
        (
            {"additional_data": "INV-1"},
            value_type(
                "additional_data",
                ("62",),
                "a mapping of str to anything or None",
                "str",
                "additional_data: expected a mapping of str to anything or None, got str 'INV-1' (build)",
            ),
        ),
        (
            {"amount_style": "rounded"},
            value_type(
                "amount_style",
                ("54",),
                "'fixed' or 'minimal' or 'khqr'",
                "str",
                "amount_style: expected 'fixed' or 'minimal' or 'khqr', got str 'rounded' (build)",
            ),
        ),
        (
            {"initiation": 12},
            value_type(
                "initiation",
                ("01",),
                "str or InitiationMethod or bool or None",
                "int",
                "initiation: expected str or InitiationMethod or bool or None, got int 12 (build)",
            ),
        ),
        (
            {"amount": 1.5},
            refusal(
                "amount_type",
                ("54",),
                "amount 1.5 is a float; pass a Decimal, an int or a string such as '12.50' (floats "
                "cannot hold decimal amounts exactly)",
            ),
        ),
        (
            {"amount": b"1"},
            refusal(
                "amount_type",
                ("54",),
                "amount must be a Decimal, int or str, not bytes",
            ),
        ),
    ],
)
def test_a_value_of_the_wrong_type(changes: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert whole(lambda: build(**changes)) == expected


@pytest.mark.parametrize(
    ("hint", "text"),
    [
        (Any, "anything"),
        (None, "None"),
        (type(None), "None"),
        (str, "str"),
        (typing.Optional[int], "int or None"),  # noqa: UP045 - the typing.Union form
        (int | str | int, "int or str"),
        (Literal["a", 1], "'a' or 1"),
        (dict, "dict"),
        (typing.Dict, "a mapping"),  # noqa: UP006
        (typing.Mapping, "a mapping"),
        (Mapping[str, int], "a mapping of str to int"),
        (dict[str, int | None], "a mapping of str to (int or None)"),
        (Mapping[int | str, int], "a mapping of (int or str) to int"),
        (typing.List, "a sequence"),  # noqa: UP006
        (typing.Sequence, "a sequence"),
        (list[str], "a sequence of str"),
        (Sequence[int | None], "a sequence of (int or None)"),
        (tuple[str, int], "a (str, int) pair"),
        (typing.Callable, "Callable"),
    ],
)
def test_describe(hint: Any, text: str) -> None:
    assert builder._describe(hint) == text


class _Hintless:
    """An annotation object with no __name__: described by str()."""

    def __str__(self) -> str:
        return "hintless"


def test_describe_a_hint_without_a_name() -> None:
    assert builder._describe(_Hintless()) == "hintless"


@pytest.mark.parametrize(
    ("hint", "value", "found"),
    [
        (Any, object(), None),
        (None, None, None),
        (None, 0, ("expected None, got int 0", ())),
        (type(None), "", ("expected None, got str ''", ())),
        (str, "x", None),
        (str, 5, ("expected str, got int 5", ())),
        (bool, True, None),
        (bool, 1, ("expected bool, got int 1", ())),
        (int, 1, None),
        (int, True, ("expected int, got bool True", ())),
        (Literal["a", 1], 1, None),
        (Literal[1], True, ("expected 1, got bool True", ())),
        (Literal["a"], "b", ("expected 'a', got str 'b'", ())),
        (int | None, "x", ("expected int or None, got str 'x'", ())),
        (Mapping[str, int] | None, {"a": "x"}, ("expected int, got str 'x'", ("a",))),
        (dict[str, int], {"a": 1}, None),
        (dict[str, int], {"a": "x", "b": 2}, ("expected int, got str 'x'", ("a",))),
        (dict[str, int], {1: 1}, ("keys must be str, got int 1", (1,))),
        (dict[str, int], [("a", 1)], ("expected a mapping of str to int, got list [('a', 1)]", ())),
        (Mapping[str, list[int]], {"a": [1, "x"]}, ("expected int, got str 'x'", ("a", 1))),
        (typing.Mapping, {1: object()}, None),
        (list[int], (1,), ("expected a sequence of int, got tuple (1,)", ())),
        (Sequence[int], (1, 2), None),
        (Sequence[int], [1, "x"], ("expected int, got str 'x'", (1,))),
        (Sequence[str], "ab", ("expected a sequence of str, got str 'ab'", ())),
        (Sequence[int], b"ab", ("expected a sequence of int, got bytes b'ab'", ())),
        (typing.Sequence, [object()], None),
        (tuple[str, int], ("a", 1), None),
        (tuple[str, int], ("a",), ("expected a (str, int) pair, got tuple ('a',)", ())),
        (tuple[str, int], ["a", 1], ("expected a (str, int) pair, got list ['a', 1]", ())),
        (tuple[str, int], ("a", "b"), ("expected int, got str 'b'", (1,))),
        (tuple[str, ...], ("a", "b", "c"), None),
        (tuple[str, ...], ("a", 2), None),  # only the first (declared) item is checked
        (tuple[str, ...], (2,), ("expected str, got int 2", (0,))),
        (Decimal, Decimal(1), None),
        (Decimal, 1.0, ("expected Decimal, got float 1.0", ())),
    ],
)
def test_mismatch_and_the_fast_check(hint: Any, value: object, found: Any) -> None:
    assert builder._mismatch(value, hint) == found
    assert builder._accepts(hint)(value) is (found is None)


def test_the_fast_check_is_made_once_per_annotation() -> None:
    hint = Mapping[str, int]
    first = builder._accepts(hint)
    assert builder._ACCEPTS[hint] is first
    assert builder._accepts(hint) is first
    assert first({"a": 1}) and not first({"a": "x"}) and not first({1: 1}) and not first([("a", 1)])


@pytest.mark.parametrize(
    ("hint", "good", "bad"),
    [
        (Any, [None, 1, "x"], []),
        (None, [None], [0, ""]),
        (int | str, [1, "x"], [None, 1.0, True]),
        (Literal["a", 1], ["a", 1], [True, "b", 1.0]),
        (dict[str, int], [{}, {"a": 1}], [{"a": True}, {1: 1}, [("a", 1)], None]),
        (typing.Mapping, [{}, {1: None}], [[], "x"]),
        (list[int], [[], [1, 2]], [(1,), [1, "x"], "1"]),
        (typing.Sequence, [[], (1,), [None]], ["ab", b"ab", bytearray(b"a"), memoryview(b"a"), 5]),
        (Sequence[int], [[], (1, 2)], [[True], "1", 5]),
        (tuple[str, int], [("a", 1)], [("a",), ("a", 1, 2), ("a", "b"), ["a", 1], "ab"]),
        (tuple[str, ...], [(), ("a",), ("a", 2)], [(2,), ["a"]]),
        (bool, [True, False], [0, 1, None]),
        (int, [0, -1], [True, 1.0, "1"]),
        (Decimal, [Decimal(1)], [1, "1"]),
    ],
)
def test_the_fast_check(hint: Any, good: list[object], bad: list[object]) -> None:
    accepts = builder._accepts(hint)
    assert [accepts(v) for v in good] == [True] * len(good)
    assert [accepts(v) for v in bad] == [False] * len(bad)


def test_an_amount_of_the_wrong_type_in_a_scheme_builder_has_the_amount_path() -> None:
    # check_keywords: a Decimal-typed keyword is explained by to_decimal (amount_type)
    @builder.checked_keywords({"fee": ("56",)}, owner="example.build")
    def example(
        *, fee: Decimal | None = None, amount: Decimal | None = None, other: Decimal | None = None
    ) -> str:
        return "built"

    assert example(fee=Decimal(1)) == "built"
    assert whole(lambda: example(fee=1.5)) == refusal(
        "amount_type",
        ("56",),
        "fee 1.5 is a float; pass a Decimal, an int or a string such as '12.50' (floats cannot hold decimal amounts exactly)",
    )
    assert whole(lambda: example(amount=1.5))[1:3] == ("amount_type", ("54",))
    assert whole(lambda: example(other=1.5))[1:3] == ("amount_type", ("54",))  # no path given: 54


def test_checked_keywords_names_the_owner_and_places_the_keyword() -> None:
    def create(*, account: str, note: str | None = None) -> str:
        return account + (note or "")

    create.__module__ = "thirdparty.schemes.example"
    checked = builder.checked_keywords({"account": ("26", "01")})(create)
    assert checked.__wrapped__ is create  # type: ignore[attr-defined]
    assert checked(account="A", note="B") == "AB"
    assert checked(account="A") == "A"
    assert whole(lambda: checked(account=5)) == value_type(
        "account", ("26", "01"), "str", "int", "account: expected str, got int 5 (example.create)"
    )
    # a shared keyword is placed by KEYWORD_PATHS
    assert whole(lambda: checked(account="A", note=5))[2] == ()
    named = builder.checked_keywords(owner="mine")(create)
    assert whole(lambda: named(account=5)) == value_type(
        "account", (), "str", "int", "account: expected str, got int 5 (mine)"
    )
    with pytest.raises(TypeError, match=r"^now must be an aware datetime"):
        builder.checked_keywords()(lambda **k: k)(now=datetime(2026, 1, 1))


def test_qrpay_build_is_named_build() -> None:
    def build(*, merchant_name: str) -> str:
        return merchant_name

    build.__module__ = "qrpay.builder"
    checked = builder.checked_keywords()(build)
    assert whole(lambda: checked(merchant_name=5)) == value_type(
        "merchant_name", ("59",), "str", "int", "merchant_name: expected str, got int 5 (build)"
    )


def test_check_keywords_directly() -> None:
    hints = {"merchant_name": str, "bill_number": str | None, "extra": int}
    builder.check_keywords("owner", {"merchant_name": "x", "unknown": 5, "now": NOW}, hints)
    assert whole(lambda: builder.check_keywords("owner", {"bill_number": 5}, hints)) == value_type(
        "bill_number",
        ("62", "01"),
        "str or None",
        "int",
        "bill_number: expected str or None, got int 5 (owner)",
    )
    assert whole(lambda: builder.check_keywords("owner", {"extra": "5"}, hints, {"extra": ("99",)}))[2] == (
        "99",
    )
    with pytest.raises(TypeError, match=r"^now must be an aware datetime .* \(owner\)$"):
        builder.check_keywords("owner", {"now": "2026"}, hints)


def test_keyword_paths() -> None:
    assert builder.KEYWORD_PATHS["merchant_name"] == ("59",)
    assert builder.KEYWORD_PATHS["bill_number"] == ("62", "01")
    assert builder.KEYWORD_PATHS["merchant_channel"] == ("62", "11")
    assert builder.KEYWORD_PATHS["language_preference"] == ("64", "00")
    assert builder.KEYWORD_PATHS["amount_style"] == ("54",)
    assert builder.KEYWORD_PATHS["merchant_accounts"] == ()


# -- timestamps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "written"),
    [
        (datetime(2026, 1, 1, 12, tzinfo=timezone.utc), "1767268800000"),
        (datetime(2026, 1, 1, 19, tzinfo=timezone(timedelta(hours=7))), "1767268800000"),
        (10**12, "1000000000000"),
        (10**13 - 1, "9999999999999"),
    ],
)
def test_epoch_ms(when: object, written: str) -> None:
    assert builder.epoch_ms(when, field="expires_at", path=("99", "01"), code="x.format") == written


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (
            datetime(2026, 1, 1, 12),
            refusal(
                "naive_datetime",
                ("99", "01"),
                "expires_at: datetime.datetime(2026, 1, 1, 12, 0) is a naive datetime; give an aware one "
                "(with tzinfo, e.g. timezone.utc): qrpay does not guess the time zone",
                {"keyword": "expires_at"},
            ),
        ),
        (
            True,
            refusal(
                "value_type",
                ("99", "01"),
                "expires_at: expected an aware datetime or Unix epoch milliseconds (int), got bool True",
                {"keyword": "expires_at"},
            ),
        ),
        (
            "1767268800000",
            refusal(
                "value_type",
                ("99", "01"),
                "expires_at: expected an aware datetime or Unix epoch milliseconds (int), got str '1767268800000'",
                {"keyword": "expires_at"},
            ),
        ),
        (
            10**12 - 1,
            refusal(
                "x.format",
                ("99", "01"),
                "expires_at: 999999999999 is not Unix epoch milliseconds (13 digits)",
                {"actual": "999999999999"},
            ),
        ),
        (
            10**13,
            refusal(
                "x.format",
                ("99", "01"),
                "expires_at: 10000000000000 is not Unix epoch milliseconds (13 digits)",
                {"actual": "10000000000000"},
            ),
        ),
        (
            datetime(1970, 1, 1, tzinfo=timezone.utc),
            refusal(
                "x.format",
                ("99", "01"),
                "expires_at: 0 is not Unix epoch milliseconds (13 digits)",
                {"actual": "0"},
            ),
        ),
    ],
)
def test_epoch_ms_refusals(when: object, expected: tuple[Any, ...]) -> None:
    assert (
        whole(lambda: builder.epoch_ms(when, field="expires_at", path=("99", "01"), code="x.format"))
        == expected
    )


# -- edits --------------------------------------------------------------------------------------


def test_replace_writes_an_amount_with_the_currency_s_minor_units() -> None:
    static = build()
    assert static.replace(amount="1.5").to_text() == code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, t("54", "1.50"), KH, NAME, CITY
    )
    yen = static.replace(currency="JPY", amount="100")  # JPY: 0 minor units
    assert yen.to_text() == code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, t("53", "392"), t("54", "100"), KH, NAME, CITY
    )
    assert yen.replace(amount="250").value("54") == "250"  # the payload's currency
    assert static.replace(amount="1.5", amount_style=None).value("54") == "1.50"
    assert static.replace(convenience_fee_fixed="2", amount_style="minimal").value("56") == "2"


def test_replace_with_an_unknown_or_no_currency_writes_the_amount_without_decimals() -> None:
    """qrpay.amount.format_amount: no known minor units means none (an amount is not rounded)."""
    for currency in ([t("53", "001")], []):
        text = code(t("00", "01"), t("01", "11"), ACCOUNT, MCC, *currency, KH, NAME, CITY)
        decoded = qrpay.decode(text)
        found = whole(lambda decoded=decoded: decoded.replace(amount="15"))
        assert (
            [i[:2] for i in found[6]] == [("currency_unknown", ("53",))]
            if currency
            else [("missing_field", ("53",))]
        )
        found = whole(lambda decoded=decoded: decoded.replace(amount="1.5"))
        assert found[1:5] == ("amount_precision", ("54",), None, {"actual": 1, "minor_units": 0})


def test_replace_keeps_positions_and_inserts_after_the_last_smaller_tag() -> None:
    static = build()
    assert static.replace(merchant_name="New").to_text() == code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, t("59", "New"), CITY
    )


def test_replace_inserts_in_the_middle() -> None:
    static = build()
    assert static.replace(postal_code="12000", tip="prompt").to_text() == code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, t("55", "01"), KH, NAME, CITY, t("61", "12000")
    )


def test_replace_inserts_first_when_no_tag_sorts_before() -> None:
    # no 00: decodes with errors (payload_format_not_first, missing_field); adding 00 fixes both
    text = code(t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY)
    assert qrpay.decode(text).replace(payload_format="01").to_text() == STATIC


def test_replace_initiation() -> None:
    static = build()
    dynamic = build(amount="1")
    no_01 = build(initiation=False)
    assert no_01.replace(initiation="static").to_text() == code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY
    )
    assert static.replace(initiation=False).to_text() == no_01.to_text()
    assert static.replace(amount="1", initiation=None).to_text() == dynamic.to_text()
    assert static.replace(initiation=None).value("01") == "11"
    assert dynamic.replace(initiation=None).value("01") == "12"  # the payload's amount
    assert dynamic.replace(merchant_name="Kuntheas Shop").value("01") == "12"  # untouched
    assert dynamic.replace(initiation="static").value("01") == "11"


def test_replace_merchant_accounts_replaces_the_whole_set() -> None:
    two = build(merchant_accounts={"15": UNIONPAY, "26": {"00": "com.example", "01": "M1"}})
    one = two.replace(merchant_accounts={"26": {"00": "com.example", "01": "M2"}})
    assert one.to_text() == code(
        t("00", "01"),
        t("01", "11"),
        t("26", t("00", "com.example") + t("01", "M2")),
        MCC,
        USD,
        KH,
        NAME,
        CITY,
    )
    assert two.replace(merchant_name="X").value("15") == UNIONPAY  # other edits keep accounts


def test_replace_tolerates_the_warnings_the_payload_had_but_not_its_errors() -> None:
    warned = code(t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY, t("62", t("00", "x")))
    decoded = qrpay.decode(warned)
    assert [i.code for i in decoded.issues] == ["unallocated_tag"]
    assert decoded.replace(merchant_city="Siem Reap").to_text() == code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, t("60", "Siem Reap"), t("62", t("00", "x"))
    )
    erred = code(t("00", "01"), t("01", "11"), ACCOUNT, t("52", "59A9"), USD, KH, NAME, CITY)
    found = whole(lambda: qrpay.decode(erred).replace(merchant_city="Siem Reap"))
    assert found[1:3] == ("not_numeric", ("52",))


def test_an_edit_of_a_payload_in_utf8_byte_lengths_is_written_in_characters() -> None:
    """EMVCo MPM 4.4.1.1: lengths count characters. A payload written with UTF-8 byte lengths
    (64 with Chinese, and a 62/00 warning) is edited: everything, templates included, is
    rewritten with character lengths, and the other warning is still tolerated."""
    name = "最佳"  # 2 characters, 6 UTF-8 bytes
    inner = "0002ZH" + "0106" + name  # 01 with its length in bytes
    in_bytes = code(
        t("00", "01"),
        t("01", "11"),
        ACCOUNT,
        MCC,
        USD,
        KH,
        NAME,
        CITY,
        t("62", t("00", "x")),
        f"64{len(inner.encode()):02d}{inner}",
    )
    decoded = qrpay.decode(in_bytes)
    assert [i.code for i in decoded.issues] == ["length_unit_bytes", "unallocated_tag"]
    edited = decoded.replace(merchant_city="Siem Reap")
    assert edited.to_text() == code(
        t("00", "01"),
        t("01", "11"),
        ACCOUNT,
        MCC,
        USD,
        KH,
        NAME,
        t("60", "Siem Reap"),
        t("62", t("00", "x")),
        t("64", t("00", "ZH") + t("01", name)),
    )
    assert [i.code for i in edited.issues] == ["unallocated_tag"]


def test_replace_passes_now_to_the_scheme_rules() -> None:
    khqr = get_scheme("khqr").build
    assert khqr is not None
    payload = khqr(
        account_id="a_b@devb", merchant_name="x", amount=1, expires_at=NOW + timedelta(minutes=10), now=NOW
    )
    edited = payload.replace(merchant_city="Siem Reap", now=NOW)
    assert edited.merchant_city == "Siem Reap"
    later = NOW + timedelta(hours=1)
    assert whole(lambda: payload.replace(merchant_city="Siem Reap", now=later))[1] == "khqr.expired"


def test_replace_refuses_an_unknown_keyword() -> None:
    assert whole(lambda: build().replace(bogus=1)) == refusal(
        "unknown_field", (), "unknown field 'bogus'", {"actual": "bogus"}
    )


def test_replace_checks_types_allowing_none() -> None:
    assert whole(lambda: build().replace(currency=5)) == value_type(
        "currency",
        ("53",),
        "str or None",
        "int",
        "currency: expected str or None, got int 5 (Payload.replace)",
    )


# -- with_value / without (edit_path) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (5, refusal("unknown_field", (), "5 is not a tag path of two-digit IDs", {"actual": "int"})),
        (
            [("59")],
            refusal("unknown_field", (), "['59'] is not a tag path of two-digit IDs", {"actual": "list"}),
        ),
        ((), refusal("unknown_field", (), "() is not a tag path of two-digit IDs", {"actual": "tuple"})),
        (
            ("62", 5),
            refusal(
                "unknown_field", ("62",), "('62', 5) is not a tag path of two-digit IDs", {"actual": "tuple"}
            ),
        ),
        (
            ("5",),
            refusal(
                "unknown_field", ("5",), "('5',) is not a tag path of two-digit IDs", {"actual": "tuple"}
            ),
        ),
        (
            ("62", "50", "01"),
            refusal(
                "unknown_field",
                ("62", "50", "01"),
                "edit a nested template's child with a two-level path, e.g. ('62', '05')",
            ),
        ),
        (
            ("59", "01"),
            refusal("unknown_field", ("59", "01"), "tag 59 is not a template, so it has no sub-ID 01"),
        ),
    ],
)
def test_with_value_refusals(path: Any, expected: tuple[Any, ...]) -> None:
    payload = build()
    assert whole(lambda: builder.edit_path(payload, path, "x")) == expected


def test_with_value_of_the_wrong_type_and_too_long() -> None:
    payload = build()
    assert whole(lambda: builder.edit_path(payload, ("62", "05"), 5)) == refusal(  # type: ignore[arg-type]
        "value_type", ("62", "05"), "additional_data.reference_label: expected a string, got int 5"
    )
    found = whole(lambda: payload.with_value(("62", "05"), "x" * 100))
    assert found[1:3] == ("value_too_long", ("62", "05"))
    assert found[5].startswith("additional_data.reference_label: ")
    found = whole(lambda: payload.with_value("59", "x" * 100))
    assert found[1:3] == ("value_too_long", ("59",))
    assert found[5].startswith("merchant_name: ")


def test_with_value_and_without() -> None:
    payload = build(additional_data={"bill_number": "INV-1", "terminal_label": "T1"})
    head = [t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY]
    # a child replaced in place, a child added in ID order, a child removed
    assert payload.with_value(("62", "01"), "INV-2").to_text() == code(
        *head, t("62", t("01", "INV-2") + t("07", "T1"))
    )
    assert payload.with_value(("62", "05"), "R").to_text() == code(
        *head, t("62", t("01", "INV-1") + t("05", "R") + t("07", "T1"))
    )
    assert payload.without(("62", "01")).to_text() == code(*head, t("62", t("07", "T1")))
    assert payload.without(("62", "01")).without(("62", "07")).to_text() == code(*head)
    assert payload.without(("62", "05")).to_text() == payload.to_text()
    # a template created, a root value set and removed
    static = build()
    assert static.with_value(("62", "05"), "R").to_text() == code(*head, t("62", t("05", "R")))
    assert static.with_value("61", "12000").to_text() == code(*head, t("61", "12000"))
    assert static.with_value("59", "New").to_text() == code(*head[:6], t("59", "New"), CITY)
    assert static.without("01").to_text() == code(t("00", "01"), ACCOUNT, MCC, USD, KH, NAME, CITY)
    assert builder.edit_path(static, ("61",), None) == static


# -- to_dict (payload_summary) ------------------------------------------------------------------


def test_to_dict_of_a_rich_payload() -> None:
    """The fields object documented in docs/cli.md ("fields")."""
    payload = build(
        merchant_accounts={"15": UNIONPAY, "26": {"00": "com.example", "01": "M1"}},
        amount="1.5",
        convenience_fee_fixed="0.5",
        postal_code="12000",
        additional_data={"bill_number": "INV-1"},
        language={"language_preference": "ZH", "merchant_name": "最佳", "merchant_city": "北京"},
        unreserved={"80": {"00": "com.example", "01": "x"}},
    )
    assert payload.to_dict() == {
        "payload_format": "01",
        "initiation": {"raw": "12", "method": "dynamic"},
        "merchant_accounts": [
            {
                "tag": "15",
                "guid": None,
                "scheme": "unionpay",
                "network": "UnionPay",
                "fields": None,
                "value": UNIONPAY,
            },
            {
                "tag": "26",
                "guid": "com.example",
                "scheme": None,
                "network": None,
                "fields": {"00": "com.example", "01": "M1"},
                "value": t("00", "com.example") + t("01", "M1"),
            },
        ],
        "merchant_category_code": "5999",
        "currency": {"numeric": "840", "alpha": "USD", "minor_units": 2},
        "amount": "1.50",
        "convenience_fee": {"indicator": "02", "kind": "fixed", "fixed": "0.50", "percentage": None},
        "country": "KH",
        "merchant_name": "Kuntheas Shop",
        "merchant_city": "Phnom Penh",
        "postal_code": "12000",
        "additional_data": {"01": "INV-1"},
        "language": {"language_preference": "ZH", "merchant_name": "最佳", "merchant_city": "北京"},
        "unreserved_templates": [
            {
                "tag": "80",
                "guid": "com.example",
                "fields": {"00": "com.example", "01": "x"},
                "value": t("00", "com.example") + t("01", "x"),
            }
        ],
        "expires_at": None,
        "crc": payload.to_text()[-4:],
    }


def test_to_dict_of_a_percentage_fee_and_absent_fields() -> None:
    payload = build(convenience_fee_percentage="3", initiation=False)
    summary = payload.to_dict()
    assert summary["convenience_fee"] == {
        "indicator": "03",
        "kind": "percentage",
        "fixed": None,
        "percentage": "3",
    }
    assert (summary["initiation"], summary["amount"], summary["language"], summary["additional_data"]) == (
        None,
        None,
        None,
        None,
    )
    assert summary["unreserved_templates"] == []


def test_to_dict_of_an_unknown_or_missing_currency() -> None:
    unknown = qrpay.decode(code(t("00", "01"), t("01", "11"), ACCOUNT, MCC, t("53", "001"), KH, NAME, CITY))
    assert unknown.to_dict()["currency"] == {"numeric": "001", "alpha": None, "minor_units": None}
    missing = qrpay.decode(code(t("00", "01"), t("01", "11"), ACCOUNT, MCC, KH, NAME, CITY))
    assert missing.to_dict()["currency"] is None


def test_to_dict_of_a_primitive_unreserved_and_an_expiry() -> None:
    khqr = get_scheme("khqr").build
    assert khqr is not None
    expires = NOW + timedelta(minutes=10)
    payload = khqr(account_id="a_b@devb", merchant_name="x", amount=1, expires_at=expires, now=NOW)
    assert payload.to_dict()["expires_at"] == "2026-01-01T12:10:00+00:00"
    text = code(t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY, t("85", "ABC"))
    summary = qrpay.decode(text).to_dict()
    assert summary["unreserved_templates"] == [{"tag": "85", "guid": None, "fields": None, "value": "ABC"}]


# -- further survivors (second run) ----------------------------------------------------------------


def test_a_root_value_over_99_characters_is_refused() -> None:
    """EMVCo MPM 4.4.1.2: a length is two digits, so a value holds at most 99 characters."""
    assert whole(lambda: build(merchant_name="x" * 100)) == refusal(
        "value_too_long",
        ("59",),
        "merchant_name: value of tag 59 has 100 characters; a data object holds at most 99 (EMVCo MPM 4.4.1.2)",
    )
    assert whole(lambda: build(additional_data={"50": {"00": "com.example", "01": "x" * 100}})) == refusal(
        "value_too_long",
        ("62", "50", "01"),
        "additional_data.50: value of tag 62.50.01 has 100 characters; a data object holds at most 99 "
        "(EMVCo MPM 4.4.1.2)",
    )
    found = whole(lambda: build().with_value("59", "x" * 100))
    assert found == refusal(
        "value_too_long",
        ("59",),
        "merchant_name: value of tag 59 has 100 characters; a data object holds at most 99 (EMVCo MPM 4.4.1.2)",
    )
    found = whole(lambda: build().with_value(("62", "05"), "x" * 100))
    assert found == refusal(
        "value_too_long",
        ("62", "05"),
        "additional_data.reference_label: value of tag 62.05 has 100 characters; a data object holds at most "
        "99 (EMVCo MPM 4.4.1.2)",
    )


def _accounts(first: int) -> dict[str, Any]:
    """Merchant account templates first..51, each 103 characters (15 + 84 inside)."""
    return {f"{n:02d}": {"00": "com.example", "01": "x" * 80} for n in range(first, 52)}


def test_a_long_payload_is_refused_with_its_length() -> None:
    """EMVCo MPM 4.1: a payload should not exceed 512 characters (a warning when decoding, so
    the builder refuses it, at the whole payload's path, labelled "payload"); past 2953
    characters no QR code holds it (ISO/IEC 18004 version 40-L) and it does not decode."""
    text = code(
        t("00", "01"),
        t("01", "11"),
        ACCOUNT,
        *(t(tag, t("00", "com.example") + t("01", "x" * 80)) for tag in _accounts(26)),
        MCC,
        USD,
        KH,
        NAME,
        CITY,
    )
    size = len(text)
    message = f"payload: the payload has {size} characters; EMVCo MPM 4.1 says it should not exceed 512"
    assert whole(lambda: build(merchant_accounts={"15": UNIONPAY, **_accounts(26)})) == (
        "InvalidRequest",
        "payload_length",
        (),
        None,
        {"actual": size},
        message,
        [("payload_length", (), None, "warning", message, None, {"actual": size})],
    )
    longer = code(
        t("00", "01"),
        t("01", "11"),
        ACCOUNT,
        *(t(tag, t("00", "com.example") + t("01", "x" * 80)) for tag in _accounts(20)),
        MCC,
        USD,
        KH,
        NAME,
        CITY,
    )
    assert whole(lambda: build(merchant_accounts={"15": UNIONPAY, **_accounts(20)})) == refusal(
        "payload_too_long",
        (),
        f"the built payload does not decode: the text has {len(longer)} characters; no QR code holds more "
        "than 2953 bytes (ISO/IEC 18004, version 40-L), so this is not a scanned payload",
    )


@pytest.mark.parametrize(
    ("additional", "expected"),
    [
        (
            {"50": [("00",)]},
            refusal(
                "value_type",
                ("62", "50"),
                "additional_data.50: template entries must be (sub-ID, value) pairs, got ('00',)",
            ),
        ),
        (
            {"50": {5: "x"}},
            refusal("value_type", ("62", "50"), "additional_data.50: expected a string, got int 5"),
        ),
        (
            {"50": {"00": 5}},
            refusal("value_type", ("62", "50", "00"), "additional_data.50: expected a string, got int 5"),
        ),
        (
            {"50": "\ud800"},
            refusal(
                "invalid_text",
                ("62", "50"),
                "additional_data.50: character 0 of '\\ud800' is a lone surrogate (U+D800), which has no "
                "UTF-8 form; payload text is Unicode encoded as UTF-8 (EMVCo MPM 1.4.3)",
                {"actual": "U+D800", "index": 0},
            ),
        ),
    ],
)
def test_an_additional_data_template_is_checked_by_the_builder(
    additional: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    """additional_data is declared a mapping of str to anything: its values are checked here."""
    assert whole(lambda: build(additional_data=additional)) == expected


def test_amount_syntax_refusals_name_the_field() -> None:
    """EMVCo MPM 4.7.4.1: digits with at most one '.' decimal mark."""
    for keyword, path in (
        ("amount", ("54",)),
        ("convenience_fee_fixed", ("56",)),
        ("convenience_fee_percentage", ("57",)),
    ):
        assert whole(lambda keyword=keyword: build(**{keyword: "1,5"})) == refusal(
            "amount_format",
            path,
            f"{keyword} '1,5' is not digits with at most one '.' decimal mark (EMVCo MPM 4.7.4.1)",
        )
        assert whole(lambda keyword=keyword: build().replace(**{keyword: "1,5"}))[1:3] == (
            "amount_format",
            path,
        )


def test_replace_removes_fields() -> None:
    with_everything = build(tip="prompt", postal_code="12000")
    assert with_everything.replace(tip=None, postal_code=None).to_text() == STATIC
    fixed = build(convenience_fee_fixed="1")
    assert fixed.replace(tip=None, convenience_fee_fixed=None).to_text() == STATIC
    percent = build(convenience_fee_percentage="1")
    assert percent.replace(tip=None, convenience_fee_percentage=None).to_text() == STATIC
    assert whole(lambda: build().replace(currency=None)) == (
        "InvalidRequest",
        "missing_field",
        ("53",),
        None,
        {},
        "currency: no tag 53 (Transaction Currency); EMVCo MPM Table 3.6 makes it mandatory",
        [
            (
                "missing_field",
                ("53",),
                None,
                "error",
                "currency: no tag 53 (Transaction Currency); EMVCo MPM Table 3.6 makes it mandatory",
                None,
                {},
            )
        ],
    )


def test_replace_inserts_fees_and_templates_in_canonical_place() -> None:
    head = [t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD]
    assert build().replace(convenience_fee_fixed="2").to_text() == code(
        *head, t("55", "02"), t("56", "2.00"), KH, NAME, CITY
    )
    assert build().replace(convenience_fee_percentage="2").to_text() == code(
        *head, t("55", "03"), t("57", "2"), KH, NAME, CITY
    )
    language = t("64", t("00", "ZH") + t("01", "最佳"))
    unreserved = t("80", t("00", "com.example"))
    rich = build(
        language={"language_preference": "ZH", "merchant_name": "最佳"},
        unreserved={"80": {"00": "com.example"}},
    )
    assert rich.replace(additional_data={"bill_number": "B"}).to_text() == code(
        *head, KH, NAME, CITY, t("62", t("01", "B")), language, unreserved
    )
    plain = build(unreserved={"80": {"00": "com.example"}})
    assert plain.replace(language={"language_preference": "ZH", "merchant_name": "最佳"}).to_text() == code(
        *head, KH, NAME, CITY, language, unreserved
    )


def test_a_scheme_error_is_refused_with_its_scheme() -> None:
    khqr = get_scheme("khqr").build
    assert khqr is not None
    payload = khqr(
        account_id="a_b@devb", merchant_name="x", amount=1, expires_at=NOW + timedelta(minutes=10), now=NOW
    )
    offset = locate(payload.to_text(), ("99", "01"))
    message = (
        "unreserved[99.01]: this dynamic KHQR expired at 2026-01-01T12:10:00+00:00 "
        "(clock: 2026-01-01T13:00:00+00:00)"
    )
    ctx = {"expires_at": "2026-01-01T12:10:00+00:00"}
    later = NOW + timedelta(hours=1)
    assert whole(lambda: payload.replace(merchant_city="Phnom Penh", now=later)) == (
        "InvalidRequest",
        "khqr.expired",
        ("99", "01"),
        offset,
        ctx,
        message,
        [("khqr.expired", ("99", "01"), offset, "error", message, "khqr", ctx)],
    )


def test_a_validation_error_keeps_its_context() -> None:
    """EMVCo MPM Table 3.6: 59 is at most 25 characters."""
    text = code(t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, t("59", "X" * 26), CITY)
    message = (
        "merchant_name: tag 59 (Merchant Name) is 'XXXXXXXXXXXXXXXXXXXXXXXXXX' (26 characters); at most 25 "
        "are allowed (EMVCo MPM Tables 3.6-3.8)"
    )
    ctx = {"max_length": 25, "actual": 26}
    offset = locate(text, ("59",))
    assert whole(lambda: build(merchant_name="X" * 26)) == (
        "InvalidRequest",
        "value_too_long",
        ("59",),
        offset,
        ctx,
        message,
        [("value_too_long", ("59",), offset, "error", message, None, ctx)],
    )


def test_a_scheme_keyword_named_like_an_additional_data_field_is_placed_at_its_sub_id() -> None:
    duitnow = get_scheme("duitnow").build
    assert duitnow is not None
    keywords = {"acquirer_id": "501664", "qr_id": "1", "merchant_name": "A", "merchant_category_code": "0000"}
    assert whole(lambda: duitnow(**keywords, additional_data={"bill_number": 5})) == value_type(
        "additional_data",
        ("62", "01"),
        "a mapping of str to str or None",
        "dict",
        "additional_data['bill_number']: expected str, got int 5 (duitnow.build)",
    )
    # a merchant account key is a tag, never an additional data name
    assert whole(lambda: build(merchant_accounts={"bill_number": 5}))[2] == ()


def test_now_is_checked_first_and_the_other_keywords_after_it() -> None:
    hints = {"currency": str}
    assert whole(lambda: builder.check_keywords("owner", {"now": NOW, "currency": 5}, hints))[2] == ("53",)
    with pytest.raises(TypeError) as caught:
        builder.check_keywords("owner", {"now": "2026"}, hints)
    assert str(caught.value) == (
        "now must be an aware datetime such as datetime.now(timezone.utc), not str '2026' (owner)"
    )


def test_the_fast_check_tells_a_dict_from_another_mapping() -> None:
    proxy = types.MappingProxyType({"a": 1})
    assert builder._accepts(dict[str, int])(proxy) is False
    assert builder._mismatch(proxy, dict[str, int]) == (
        f"expected a mapping of str to int, got mappingproxy {proxy!r}",
        (),
    )
    assert builder._accepts(Mapping[str, int])(proxy) is True
    assert builder._accepts(typing.Mapping)(proxy) is True
    assert builder._accepts(typing.Dict)(proxy) is False  # noqa: UP006


@pytest.mark.parametrize("value", [(), ("a",)])
def test_an_open_ended_tuple_may_be_short(value: tuple[str, ...]) -> None:
    assert builder._mismatch(value, tuple[str, ...]) is None
    assert builder._accepts(tuple[str, ...])(value) is True


def test_an_annotation_of_another_kind_accepts_anything() -> None:
    hint = _Hintless()
    assert builder._mismatch(5, hint) is None
    assert builder._accepts(hint)(5) is True


def test_an_edit_in_byte_lengths_still_finds_a_lone_surrogate_in_a_template() -> None:
    name = "最佳"
    inner = "0002ZH" + "0106" + name  # 64/01 with its length in UTF-8 bytes
    in_bytes = code(
        t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY, f"64{len(inner.encode()):02d}{inner}"
    )
    decoded = qrpay.decode(in_bytes)
    assert [i.code for i in decoded.issues] == ["length_unit_bytes"]
    assert whole(lambda: decoded.replace(additional_data={"bill_number": "\ud800"})) == refusal(
        "invalid_text",
        ("62", "01"),
        "additional_data.bill_number: character 0 of '\\ud800' is a lone surrogate (U+D800), which has no "
        "UTF-8 form; payload text is Unicode encoded as UTF-8 (EMVCo MPM 1.4.3)",
        {"actual": "U+D800", "index": 0},
    )


def test_an_unhashable_annotation_is_checked_without_the_cache() -> None:
    hint = Literal[[1]]  # a Literal of a list cannot be a dict key
    assert builder._accepts(hint)([1]) is True
    assert builder._accepts(hint)([2]) is False
    assert builder._ACCEPTS == {}


def test_children_with_the_same_sub_id_keep_the_order_given() -> None:
    """Sub-IDs are sorted by ID only (a stable sort): two values for 62/05 (a duplicate, refused
    by EMVCo MPM 4.3.1.2) stay in the order given, so the issues point at the second one."""
    head = [t("00", "01"), t("01", "11"), ACCOUNT, MCC, USD, KH, NAME, CITY]
    expected = code(*head, t("62", t("05", "A") + t("05", "\tB")))
    second = expected.index("0502\tB")
    found = whole(lambda: build(additional_data={"reference_label": "A", "05": "\tB"}))
    assert [i[:3] for i in found[6]] == [
        ("duplicate_tag", ("62", "05"), second),
        ("invalid_character", ("62", "05"), second),
    ]
    decoded = qrpay.decode(expected)
    edited = code(*head, t("62", t("05", "A") + t("05", "\tB") + t("07", "x")))
    found = whole(lambda: decoded.with_value(("62", "07"), "x"))
    assert [i[:3] for i in found[6]] == [
        ("duplicate_tag", ("62", "05"), edited.index("0502\tB")),
        ("invalid_character", ("62", "05"), edited.index("0502\tB")),
    ]


@pytest.mark.parametrize(("keyword", "path"), [("currency", ("53",)), ("country", ("58",))])
def test_none_for_a_required_keyword_is_a_value_type(keyword: str, path: tuple[str, ...]) -> None:
    assert whole(lambda: build(**{keyword: None})) == value_type(
        keyword, path, "str", "NoneType", f"{keyword}: expected str, got NoneType None (build)"
    )


# -- what the mutation run with build and _edit_hints mutated showed untested (issue 13) --------


def test_replace_refuses_return_as_an_unknown_keyword() -> None:
    # "return" is the build's return annotation, not a field: the edit annotations leave it out,
    # so a value for it is an unknown field, not a value of the wrong type (Payload)
    assert whole(lambda: build().replace(**{"return": "x"})) == refusal(
        "unknown_field", (), "unknown field 'return'", {"actual": "return"}
    )


def test_with_value_names_the_template_that_grows_over_99_characters() -> None:
    # 62 holds 01 (4 + 10) and the new 05 (4 + 95): 113 characters, over the 99 of EMVCo MPM
    # 4.4.1.2. The template is what is too long, so the refusal names 62, not 62/05
    payload = build(additional_data={"01": "X" * 10})
    assert whole(lambda: payload.with_value(("62", "05"), "Y" * 95)) == refusal(
        "value_too_long",
        ("62",),
        "additional_data: value of tag 62 has 113 characters; a data object holds at most 99 "
        "(EMVCo MPM 4.4.1.2)",
    )
