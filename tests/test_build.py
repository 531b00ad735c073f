"""qrpay.build and the edit API: canonical order, strictness, amounts, edits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import crcmod.predefined
import pytest

import qrpay

CRC = crcmod.predefined.mkCrcFun("crc-ccitt-false")
UNIONPAY = {"15": "37210116372101160123456789ABCDE"}


def base(**overrides: Any) -> qrpay.Payload:
    fields: dict[str, Any] = {
        "merchant_accounts": UNIONPAY,
        "merchant_category_code": "5999",
        "currency": "USD",
        "country": "KH",
        "merchant_name": "Kuntheas Shop",
        "merchant_city": "Phnom Penh",
    }
    fields.update(overrides)
    return qrpay.build(**fields)


def tags(p: qrpay.Payload) -> list[str]:
    return [o.tag for o in p.objects]


def test_canonical_order_and_independent_crc() -> None:
    p = base(
        amount="10.00",
        postal_code="12000",
        additional_data={"bill_number": "INV-1", "terminal_label": "T1"},
        language={"language_preference": "KM", "merchant_name": "គន្ធា"},
        unreserved={"80": {"00": "com.example", "01": "x"}},
        merchant_accounts={"30": {"00": "D15600000000", "01": "123"}, "15": UNIONPAY["15"]},
    )
    assert tags(p) == [
        "00",
        "01",
        "15",
        "30",
        "52",
        "53",
        "54",
        "58",
        "59",
        "60",
        "61",
        "62",
        "64",
        "80",
        "63",
    ]
    text = p.to_text()
    assert text[-4:] == f"{CRC(text[:-4].encode('utf-8')):04X}"
    assert text.startswith("000201010212")
    assert "62150105INV-10702T1" in text
    assert "64150002KM0105គន្ធា" in text  # length 05 counts the 5 Khmer code points (with the coeng)
    assert qrpay.decode(text, strict=True) == p


def test_static_without_amount_dynamic_with_amount() -> None:
    assert base().value("01") == "11"
    assert base(amount="1").value("01") == "12"
    assert base(amount="1", initiation="static").value("01") == "11"
    assert "01" not in base(initiation=False)


@pytest.mark.parametrize(
    ("amount", "currency", "style", "written"),
    [
        ("1.5", "USD", "fixed", "1.50"),
        (Decimal("10"), "USD", "fixed", "10.00"),
        (10, "USD", "minimal", "10"),
        (Decimal("1.50"), "USD", "minimal", "1.50"),
        (Decimal("1.5"), "USD", "khqr", "1.50"),
        (Decimal("10.00"), "USD", "khqr", "10"),
        ("50000", "VND", "fixed", "50000"),
        ("1.500", "USD", "fixed", "1.50"),
        ("0.1", "USD", "fixed", "0.10"),
        ("1234567890.12", "USD", "fixed", "1234567890.12"),
    ],
)
def test_amount_formatting(amount: Any, currency: str, style: str, written: str) -> None:
    p = base(amount=amount, currency=currency, amount_style=style)
    assert p.value("54") == written


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("1.234", "amount_precision"),  # USD has 2 minor units; never rounded
        (0.1, "amount_type"),  # floats refused
        ("0", "amount_zero"),
        ("-5", "amount_format"),
        ("1,50", "amount_format"),
        ("12345678901.12", "value_too_long"),  # 14 characters
        (Decimal("NaN"), "amount_format"),
    ],
)
def test_amount_refusals(amount: Any, code: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        base(amount=amount)
    assert caught.value.code == code
    assert caught.value.path == ("54",)


def test_vnd_refuses_decimals() -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        base(amount="1.5", currency="VND")
    assert caught.value.code == "amount_precision"


@pytest.mark.parametrize(
    ("overrides", "code", "path", "field"),
    [
        ({"merchant_name": "X" * 26}, "value_too_long", ("59",), "merchant_name"),
        ({"merchant_city": "Banteay Meanchey"}, "value_too_long", ("60",), "merchant_city"),
        ({"merchant_name": "សុខា"}, "invalid_character", ("59",), "merchant_name"),
        ({"merchant_category_code": "59A9"}, "not_numeric", ("52",), "merchant_category_code"),
        ({"merchant_category_code": None}, "missing_field", ("52",), "52"),
        ({"merchant_name": None}, "missing_field", ("59",), "59"),
        ({"country": "XX"}, "country_unknown", ("58",), "country"),
        ({"currency": "ABC"}, "currency_unknown", ("53",), "currency"),
        (
            {"additional_data": {"bill_number": "B" * 26}},
            "value_too_long",
            ("62", "01"),
            "additional_data.bill_number",
        ),
        (
            {
                "additional_data": {
                    "reference_label": "R" * 25,
                    "purpose": "P" * 25,
                    "store_label": "S" * 25,
                    "terminal_label": "T" * 20,
                }
            },
            "value_too_long",
            ("62",),
            "additional_data",
        ),
        (
            {"language": {"language_preference": "KM"}},
            "missing_field",
            ("64", "01"),
            "language.merchant_name",
        ),
        ({"merchant_accounts": {"52": "x"}}, "unknown_field", ("52",), "merchant_accounts"),
        ({"merchant_accounts": {"29": {"01": "x"}}}, "guid_missing", ("29",), "merchant_accounts"),
        ({"unreserved": {"70": {"00": "a.b"}}}, "unknown_field", ("70",), "unreserved"),
        ({"initiation": "sometimes"}, "value_length", ("01",), "initiation"),
        ({"tip": "prompt", "convenience_fee_fixed": "1"}, "tip_indicator_value", ("55",), "tip"),
    ],
)
def test_refusals_name_the_field(
    overrides: dict[str, Any], code: str, path: tuple[str, ...], field: str
) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        base(**overrides)
    assert caught.value.code == code
    assert caught.value.path == path
    assert field in str(caught.value)


def test_builder_refuses_deviations_no_scheme_allows() -> None:
    # 62/00 is a warning when decoding (QR Ph uses it) but qrpay never emits a deviation
    with pytest.raises(qrpay.InvalidRequest) as caught:
        base(additional_data={"00": "com.example"})
    assert caught.value.code == "unallocated_tag"


def test_fees() -> None:
    assert base(tip="prompt").value("55") == "01"
    fixed = base(convenience_fee_fixed="0.5")
    assert (fixed.value("55"), fixed.value("56")) == ("02", "0.50")
    assert fixed.convenience_fee == qrpay.ConvenienceFee("02", Decimal("0.50"), None)
    pct = base(convenience_fee_percentage="3")
    assert (pct.value("55"), pct.value("57")) == ("03", "3")
    with pytest.raises(qrpay.InvalidRequest) as caught:
        base(convenience_fee_percentage="100")
    assert caught.value.code == "fee_percentage_range"


def test_nothing_is_truncated() -> None:
    name = "A very long merchant name that does not fit"
    with pytest.raises(qrpay.InvalidRequest):
        base(merchant_name=name)


def test_static_to_dynamic_edit() -> None:
    static = base()
    dynamic = static.with_amount("12.50")
    assert dynamic.value("01") == "12" and dynamic.amount == Decimal("12.50")
    assert static.value("01") == "11" and static.amount is None  # the original is unchanged
    assert qrpay.decode(dynamic.to_text(), strict=True).amount == Decimal("12.50")
    again = dynamic.replace(amount=None, initiation="static")
    assert again.to_text() == static.to_text()


def test_edit_keeps_foreign_order_and_inserts_canonically() -> None:
    # dtinth promptpay-qr writes 29, 58, 53 (not ascending); an added amount goes after 53
    body = "00020101021129370016A000000677010111011300668012345675802TH5303764"
    text = body + "6304" + f"{CRC((body + '6304').encode()):04X}"
    decoded = qrpay.decode(text)
    edited = decoded.replace(amount="4.22", initiation="dynamic")
    assert tags(edited) == ["00", "01", "29", "58", "53", "54", "63"]


def test_with_value_and_without() -> None:
    p = base(additional_data={"bill_number": "INV-1"})
    q = p.with_value(("62", "05"), "REF-9")
    assert q.value(("62", "05")) == "REF-9" and q.value(("62", "01")) == "INV-1"
    r = q.without(("62", "01")).without(("62", "05"))
    assert "62" not in r
    assert p.with_value("59", "New Name").merchant_name == "New Name"
    with pytest.raises(qrpay.InvalidRequest):
        p.with_value("59", "N" * 30)
    with pytest.raises(qrpay.InvalidRequest):
        p.with_value(("59", "01"), "x")


def test_encode_refuses_non_payload() -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        qrpay.encode("000201")  # type: ignore[arg-type]
    assert caught.value.code == "not_a_payload"


def test_build_and_decode_agree_on_fields() -> None:
    p = base(
        amount="2.75",
        additional_data={"reference_label": "R1", "merchant_channel": "521"},
        language={
            "language_preference": "ZH",
            "merchant_name": "最佳运输",
            "merchant_city": "北京",
        },
    )
    d = qrpay.decode(p.to_text())
    assert (d.amount, d.merchant_name, d.language, d.additional_data) == (
        p.amount,
        p.merchant_name,
        p.language,
        p.additional_data,
    )
    assert d.additional_data is not None and d.additional_data.merchant_channel is not None
    assert d.additional_data.merchant_channel.media == "Screen/Electronic - Website"


def test_with_amount_style() -> None:
    static = base(currency="IDR")
    assert static.with_amount("2500").value("54") == "2500.00"
    assert static.with_amount("2500", amount_style="minimal").value("54") == "2500"
    assert static.with_amount("2500", dynamic=False).value("01") == "11"
