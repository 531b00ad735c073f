"""Bharat QR: real codes (Razorpay, PayU, PNB, KVB, SBI), the view, detection without UPI,
each rule (all warnings), the one relaxation, ``upi://`` links, and the builder against
the published codes it must reproduce byte for byte."""

from __future__ import annotations

import binascii
from typing import Any

import pytest

import qrpay
from qrpay.schemes import bharatqr

#: abhay-raihal/create_custom_route tests/Functional/Mpan/MpanTest.php (public copy of Razorpay's API)
RAZORPAY = (
    "000201010211021652873468239864230415428734682398642061662873468239864230827YESB0CMSNOC222333004882700126"
    "300010A0000005240112random@icici27350010A0000005240117RZPFRu0HVS8RAvIgU5204539953033565802IN5905atque"
    "6009BANGALORE610656003062270514FRu0HVS8RAvIgU0705abcde6304E308"
)
#: PayU's "Bharat QR String Response" as quoted in a public GitHub file (emv-and-schemes.md section 14)
PAYU = (
    "000201010211021644038470007469080415522024070007469061661000307000746960825HDFC000062250200018553226264700"
    "10A0000005240129yellowqr.payutest.94@hdfcbank27370010A0000005240119STQ9y45z1cv3z5450925204569153033565802"
    "IN5910vendorName6010vendorCity610650017262350519STQ9y45z1cv3z545092070870007469630417EF"
)
#: Razorpay's dynamic example with a UPI minimum amount (emv-and-schemes.md section 14)
RAZORPAY_DYNAMIC = (
    "000201010212021643926300000000850415540461000000008061661005900000000890827YESB0CMSNOC22233300488270012643"
    "0010A0000005240117razorpaybqr@icici02041.1027350010A0000005240117RZPGT8ildsFTgS5Sp52047531530335654041.1"
    "05802IN5906zxcbmn6005Delhi610611008562300514GT8ildsFTgS5Sp070838R004506304B6A9"
)
#: a PNB merchant's code in a public C# controller (search index id 46210134958): lower-case CRC
PNB = (
    "000201010211021645992400041983220415545927000419832061661000500041983220827PUNB0042000420001210003366226"
    "410010A00000052401230514200A0000151.mab@pnb27260010A00000052401080601414A5204939953033565802IN5923CENTRAL "
    "WAREHOUSING COR6008GHAZIPUR6106110096621207080601414A6304b8e4"
)
#: hussainpithawala/emv-merchant-qr-lib emvqr/in_emvqr_test.go line 55 (commit 67b1eb64): SBI /
#: Hitachi Payments, with an empty Aadhaar number 28/01 and Amex in 11
SBI = (
    "000201010212021645851910410448940415545080003175565061661000100317556350822SBIN0004152439308044481115310900"
    "03127398626590010A0000005240141SBIPMOPAD.02PL00000644432-21503961@SBIPAY27770010A0000005240123526020914454"
    "520875696090232https://www.hitachi-payments.com28180010A00000052401005204544153033565406250.005802IN5923APRIL"
    " MOON RETAIL PRIVA6009AHMEDABAD61063800036258031502PL00000644432052352602091445452087569609070821503961630451DD"
)


def _seal(body: str) -> str:
    """``body`` (ending in ``6304``) with its CRC, from the standard library (not qrpay)."""
    assert body.endswith("6304")
    return body + f"{binascii.crc_hqx(body.encode('utf-8'), 0xFFFF):04X}"


def _swap(text: str, old: str, new: str) -> str:
    """A payload with one fragment replaced, resealed."""
    body = text[:-4]
    assert body.count(old) == 1, old
    return _seal(body.replace(old, new))


@pytest.mark.parametrize(
    "text", [RAZORPAY, PAYU, RAZORPAY_DYNAMIC, PNB, SBI], ids=["rzp", "payu", "dyn", "pnb", "sbi"]
)
def test_real_codes_decode_round_trip_and_detect(text: str) -> None:
    payload = qrpay.decode(text)
    assert payload.schemes == ("bharatqr",)
    assert [i.code for i in payload.issues if i.severity == "error"] == []
    encoded = qrpay.encode(payload)  # the CRC's case may be kept or made upper case
    assert encoded[:-4] == text[:-4] and encoded[-4:].upper() == text[-4:].upper()
    assert qrpay.is_valid(text)


def test_the_warnings_of_real_codes() -> None:
    assert qrpay.decode(RAZORPAY).issues == ()
    assert [i.code for i in qrpay.decode(PNB).issues] == ["crc_lowercase"]
    sbi = qrpay.decode(SBI).issues
    assert [(i.code, i.path, i.severity) for i in sbi] == [("bharatqr.aadhaar", ("28", "01"), "warning")]
    assert "is empty" in sbi[0].message


def test_view_of_the_sbi_code() -> None:
    view = qrpay.decode(SBI).view("bharatqr")
    assert [(c.tag, c.network, c.pan) for c in view.cards] == [
        ("02", "Visa", "4585191041044894"),
        ("04", "Mastercard", "545080003175565"),
        ("06", "RuPay", "6100010031755635"),
        ("11", "American Express", "310900031273986"),
    ]
    assert view.card("RuPay") == "6100010031755635" and view.card("Discover") is None
    assert (view.ifsc, view.account_number) == ("SBIN0004152", "43930804448")
    assert view.vpa == "SBIPMOPAD.02PL00000644432-21503961@SBIPAY"
    assert view.transaction_reference == "52602091445452087569609"
    assert view.reference_url == "https://www.hitachi-payments.com"
    assert view.aadhaar == ""
    assert str(view.amount) == "250.00" and view.postal_code == "380003"
    assert (view.reference_id, view.terminal_id) == ("52602091445452087569609", "21503961")


def test_view_of_the_dynamic_code() -> None:
    view = qrpay.decode(RAZORPAY_DYNAMIC).view("bharatqr")
    assert (view.vpa, view.minimum_amount, str(view.amount)) == ("razorpaybqr@icici", "1.10", "1.10")
    assert view.aadhaar is None and view.reference_url is None


def test_detected_without_upi_by_rupay_or_bank_account_in_an_indian_code() -> None:
    cards = _swap(
        RAZORPAY,
        "26300010A0000005240112random@icici27350010A0000005240117RZPFRu0HVS8RAvIgU",
        "",
    )
    assert qrpay.detect(cards) == ("bharatqr",)
    only_visa = _swap(cards, "061662873468239864230827YESB0CMSNOC2223330048827001", "")
    assert qrpay.detect(only_visa) == ()
    abroad = _swap(cards, "5802IN", "5802NP")
    assert qrpay.detect(abroad) == ()


@pytest.mark.parametrize(
    ("old", "new", "code", "path"),
    [
        ("02165287346823986423", "0215528734682398642", "bharatqr.pan_format", ("02",)),
        ("0415428734682398642", "041454287346823986", "bharatqr.pan_format", ("04",)),
        ("06166287346823986423", "0616628734682398642A", "bharatqr.pan_format", ("06",)),
        ("0827YESB0CMSNOC2223330048827001", "0811YESB0CMSNOC", "bharatqr.bank_account", ("08",)),
        (
            "0827YESB0CMSNOC2223330048827001",
            "0827YES00CMSNOC2223330048827001",
            "bharatqr.bank_account",
            ("08",),
        ),
        ("0112random@icici", "0112random.icici", "bharatqr.vpa", ("26", "01")),
        ("26300010A0000005240112random@icici", "26140010A000000524", "bharatqr.vpa", ("26", "01")),
        (
            "27350010A0000005240117RZPFRu0HVS8RAvIgU",
            "27140010A000000524",
            "bharatqr.transaction_reference",
            ("27", "01"),
        ),
        ("5303356", "5303840", "bharatqr.currency", ("53",)),
        ("5802IN", "5802LK", "bharatqr.country", ("58",)),
        ("5905atque", "5924ABCDEFGHIJKLMNOPQRSTUVWX", "bharatqr.name_length", ("59",)),
        ("6106560030", "", "bharatqr.postal_code", ("61",)),
        ("6106560030", "6106056003", "bharatqr.postal_code", ("61",)),
    ],
)
def test_each_rule_is_a_warning(old: str, new: str, code: str, path: tuple[str, ...]) -> None:
    found = qrpay.check(_swap(RAZORPAY, old, new))
    assert [(i.code, i.path, i.severity) for i in found] == [(code, path, "warning")]


def test_limits_that_pass() -> None:
    assert qrpay.check(_swap(RAZORPAY, "5905atque", "5923ABCDEFGHIJKLMNOPQRSTUVW")) == []
    assert qrpay.check(_swap(RAZORPAY, "0415428734682398642", "04165428734682398642")) == []
    assert qrpay.check(_swap(RAZORPAY, "0112random@icici", "0112random@ICICI")) == []


def test_aadhaar_minimum_amount_and_upi_outside_26_28() -> None:
    reference = "27350010A0000005240117RZPFRu0HVS8RAvIgU"
    for aadhaar, codes in (("123456789012", []), ("12345678901", ["bharatqr.aadhaar"])):
        text = _swap(
            RAZORPAY,
            reference,
            reference + f"28{14 + 4 + len(aadhaar):02d}0010A00000052401{len(aadhaar):02d}{aadhaar}",
        )
        assert [i.code for i in qrpay.check(text)] == codes, aadhaar
    empty_vpa = qrpay.check(_swap(RAZORPAY, "26300010A0000005240112random@icici", "26180010A0000005240100"))
    assert ("value_empty", ("26", "01"), "error") in [(i.code, i.path, i.severity) for i in empty_vpa]
    minimum = _swap(RAZORPAY_DYNAMIC, "02041.10", "02041,10")
    assert [(i.code, i.path) for i in qrpay.check(minimum)] == [("bharatqr.minimum_amount", ("26", "02"))]
    in_29 = _swap(RAZORPAY, reference, reference + "29300010A0000005240112random@icici")
    assert [(i.code, i.path) for i in qrpay.check(in_29)] == [("bharatqr.upi_tag", ("29",))]


def test_upi_links_are_not_emv_and_the_message_says_what_they_are() -> None:
    with pytest.raises(qrpay.DecodeError) as caught:
        qrpay.decode("upi://pay?pa=shop@upi&pn=Shop&am=10.00&cu=INR")
    err = caught.value
    assert (err.code, err.offset) == ("not_emv", 0)
    assert "UPI deep link" in err.message and "not an EMVCo merchant-presented payload" in err.message
    assert "A000000524" in err.message


# -- builder -------------------------------------------------------------------------------------

#: keywords that must reproduce each published code byte for byte
PUBLISHED: list[tuple[str, dict[str, Any]]] = [
    (
        RAZORPAY,
        {
            "vpa": "random@icici",
            "transaction_reference": "RZPFRu0HVS8RAvIgU",
            "visa": "5287346823986423",
            "mastercard": "428734682398642",
            "rupay": "6287346823986423",
            "ifsc": "YESB0CMSNOC",
            "account_number": "2223330048827001",
            "merchant_name": "atque",
            "merchant_city": "BANGALORE",
            "postal_code": "560030",
            "merchant_category_code": "5399",
            "reference_id": "FRu0HVS8RAvIgU",
            "terminal_id": "abcde",
        },
    ),
    (
        PAYU,
        {
            "visa": "4403847000746908",
            "mastercard": "522024070007469",
            "rupay": "6100030700074696",
            "ifsc": "HDFC0000622",
            "account_number": "50200018553226",
            "vpa": "yellowqr.payutest.94@hdfcbank",
            "transaction_reference": "STQ9y45z1cv3z545092",
            "merchant_name": "vendorName",
            "merchant_city": "vendorCity",
            "postal_code": "500172",
            "merchant_category_code": "5691",
            "reference_id": "STQ9y45z1cv3z545092",
            "terminal_id": "70007469",
        },
    ),
    (
        RAZORPAY_DYNAMIC,
        {
            "visa": "4392630000000085",
            "mastercard": "540461000000008",
            "rupay": "6100590000000089",
            "ifsc": "YESB0CMSNOC",
            "account_number": "2223330048827001",
            "vpa": "razorpaybqr@icici",
            "minimum_amount": "1.10",
            "transaction_reference": "RZPGT8ildsFTgS5Sp",
            "amount": "1.10",
            "merchant_name": "zxcbmn",
            "merchant_city": "Delhi",
            "postal_code": "110085",
            "merchant_category_code": "7531",
            "reference_id": "GT8ildsFTgS5Sp",
            "terminal_id": "38R00450",
        },
    ),
]


@pytest.mark.parametrize(("expected", "keywords"), PUBLISHED, ids=["razorpay", "payu", "razorpay-dynamic"])
def test_builder_reproduces_published_codes(expected: str, keywords: dict[str, Any]) -> None:
    built = bharatqr.build(**keywords)
    assert built.to_text() == expected
    assert built.issues == ()


BASE: dict[str, Any] = {
    "merchant_name": "SHOP",
    "merchant_city": "PUNE",
    "postal_code": "411001",
    "merchant_category_code": "5411",
}


@pytest.mark.parametrize(
    ("keywords", "code", "path"),
    [
        ({}, "no_merchant_account", ()),
        ({"vpa": "shop.upi"}, "bharatqr.vpa", ("26", "01")),
        ({"minimum_amount": "1.00"}, "bharatqr.vpa", ("26", "01")),
        ({"vpa": "shop@upi", "minimum_amount": "1,00"}, "bharatqr.minimum_amount", ("26", "02")),
        (
            {"vpa": "shop@upi", "reference_url": "https://x.in"},
            "bharatqr.transaction_reference",
            ("27", "01"),
        ),
        ({"visa": "411111111111111"}, "bharatqr.pan_format", ("02",)),
        ({"rupay": "60000100000000AB"}, "bharatqr.pan_format", ("06",)),
        ({"ifsc": "YESB0CMSNOC"}, "bharatqr.bank_account", ("08",)),
        ({"ifsc": "YESBXCMSNOC", "account_number": "1"}, "bharatqr.bank_account", ("08",)),
        ({"vpa": "shop@upi", "merchant_name": "ABCDEFGHIJKLMNOPQRSTUVWX"}, "bharatqr.name_length", ("59",)),
        ({"vpa": "shop@upi", "postal_code": "41100"}, "bharatqr.postal_code", ("61",)),
        (
            {"vpa": "shop@upi", "terminal_id": "T", "additional_data": {"terminal_label": "U"}},
            "duplicate_tag",
            ("62",),
        ),
        ({"vpa": 5}, "value_type", ("26", "01")),
    ],
)
def test_builder_refusals(keywords: dict[str, Any], code: str, path: tuple[str, ...]) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        bharatqr.build(**{**BASE, **keywords})
    assert (caught.value.code, caught.value.path) == (code, path)


def test_builder_upi_only_and_a_23_character_name() -> None:
    built = bharatqr.build(**{**BASE, "vpa": "shop@upi", "amount": "250", "merchant_name": "A" * 23})
    assert built.value(("26",)) == "0010A0000005240108shop@upi"
    assert (built.value("54"), built.value("01"), built.value("53"), built.value("58")) == (
        "250.00",
        "12",
        "356",
        "IN",
    )
    assert built.schemes == ("bharatqr",) and built.issues == ()


def test_describe_splits_the_bank_account_and_names_the_networks() -> None:
    scheme = qrpay.get_scheme("bharatqr")
    assert scheme.describe is not None
    payload = qrpay.decode(RAZORPAY)
    assert (
        scheme.describe(payload, ("08",), "YESB0CMSNOC2223330048827001")
        == "IFSC YESB0CMSNOC, account 2223330048827001"
    )
    assert scheme.describe(payload, ("08",), "0000000000000000000000000") is None
    assert scheme.describe(payload, ("26", "01"), "random@icici") is None
    assert scheme.field_names["11"] == "American Express merchant PAN"
    assert scheme.field_names["07"] == "RuPay merchant PAN"
