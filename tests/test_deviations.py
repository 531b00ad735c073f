"""Deviations real codes have (issue 10): a lower-case CRC, a CRC printed with three
digits, the currency as ISO 4217 letters, root tags out of order. Each decodes (three of
them with a warning), comes back from ``to_text()`` exactly as read, and is never written
by a builder or an edit. CRCs are computed with crcmod, not with qrpay."""

from __future__ import annotations

import pickle

import crcmod.predefined
import pytest

import qrpay
from qrpay import crc

CRC = crcmod.predefined.mkCrcFun("crc-ccitt-false")


def _crc(text: str) -> int:
    return CRC(text.encode("utf-8"))


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


# Alexsussa/pixqrcodegen issue #2: the generator's output, joined from two lines; the CRC
# 0x0B8B printed as 'B8B' with the length left at 04 (world-schemes.md section 1)
PIX_3_DIGITS = (
    "00020126230014BR.GOV.BCB.PIX0101352040000530398654040.015802BR5906MYSELF6004HERE62050501*6304B8B"
)
# EMVCo MPM v1.1 Annex B.7 (root IDs in its own order: 64 before 54 and 53)
B7 = (
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678"
    "520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京"
    "540523.7253031565502016233030412340603***0708A60086670902ME"
    "91320016A011223344998877070812345678"
)


def _body(n: int) -> str:
    """An EMVCo payload body (no scheme, no CRC yet); ``n`` varies its CRC."""
    account = _tlv("29", _tlv("00", "D15600000000") + _tlv("05", f"A93FO3230Q{n:04d}"))
    return _tlv("00", "01") + account + "52044111" + "53031565802CN5902AB6002CD"


def _first_body(wanted: object) -> str:
    return next(_body(n) for n in range(10_000) if wanted(_body(n)))  # type: ignore[operator]


# a body whose CRC is below 0x1000 and has a hex letter (so lower case differs)
BODY = _first_body(lambda b: _crc(b + "6304") < 0x1000 and not f"{_crc(b + '6304'):03X}".isdigit())
DIGITS = f"{_crc(BODY + '6304'):03X}"
# a body whose CRC over '...6303' (not what EMVCo signs) has three digits and is not its CRC
BODY_6303 = _first_body(lambda b: _crc(b + "6303") < 0x1000 and _crc(b + "6303") != _crc(b + "6304"))


def test_the_oracle_agrees_with_the_published_three_digit_crc() -> None:
    assert _crc(PIX_3_DIGITS[:-3]) == 0x0B8B
    assert len(DIGITS) == 3 and int(DIGITS, 16) < 0x1000


@pytest.mark.parametrize("field", ["6304", "6303"], ids=["length-04", "length-03"])
def test_three_digit_crc_decodes_with_a_warning_and_round_trips(field: str) -> None:
    text = BODY + field + DIGITS
    payload = qrpay.decode(text)
    found = [(i.code, i.path, i.offset, i.severity) for i in payload.issues]
    assert found == [("crc_three_digits", ("63",), len(BODY), "warning")]
    warning = payload.issues[0]
    assert warning.ctx["expected"] == f"0{DIGITS}" and warning.ctx["actual"] == DIGITS
    assert f"leading zero of 0{DIGITS}" in warning.message
    assert ("length says 03" in warning.message) == (field == "6303")
    assert payload.is_valid
    assert payload.crc == DIGITS
    assert payload.objects[-1].tag == "63" and payload.objects[-1].offset == len(BODY)
    # lossless, through encode, validate and pickle
    assert payload.to_text() == text
    assert qrpay.encode(payload) == text
    assert qrpay.validate(text).to_text() == text
    assert pickle.loads(pickle.dumps(payload)).to_text() == text
    # an edit writes the canonical form: four upper-case digits, length 04
    edited = payload.replace(merchant_name="AC").to_text()
    assert edited[-8:-4] == "6304" and edited[-4:] == f"{_crc(edited[:-4]):04X}"
    with pytest.raises(qrpay.CRCError) as caught:
        qrpay.decode(text, strict=True)
    assert (caught.value.code, caught.value.path, caught.value.offset) == (
        "crc_three_digits",
        ("63",),
        len(BODY),
    )


def test_the_published_pix_code_with_three_digits_decodes_and_round_trips() -> None:
    payload = qrpay.decode(PIX_3_DIGITS)
    assert [i.code for i in payload.issues if i.code.startswith("crc")] == ["crc_three_digits"]
    assert payload.crc == "B8B"
    assert payload.to_text() == PIX_3_DIGITS


@pytest.mark.parametrize("field", ["6304", "6303"], ids=["length-04", "length-03"])
def test_three_digits_that_do_not_verify_stay_a_crc_length_error(field: str) -> None:
    wrong = f"{(int(DIGITS, 16) + 1) % 0x1000:03X}"
    with pytest.raises(qrpay.CRCError) as caught:
        qrpay.decode(BODY + field + wrong)
    assert (caught.value.code, caught.value.offset) == ("crc_length", len(BODY))


def test_three_digits_of_the_crc_over_6303_are_not_accepted() -> None:
    """The generator computed the CRC over '6304' before it wrote the short length; a value
    computed over '6303' is no CRC EMVCo defines."""
    with pytest.raises(qrpay.CRCError) as caught:
        qrpay.decode(BODY_6303 + "6303" + f"{_crc(BODY_6303 + '6303'):03X}")
    assert caught.value.code == "crc_length"


def test_lower_case_crc_round_trips_and_an_edit_writes_upper_case() -> None:
    text = BODY + "6304" + f"0{DIGITS}".lower()
    payload = qrpay.decode(text)
    assert [(i.code, i.severity) for i in payload.issues] == [("crc_lowercase", "warning")]
    assert payload.to_text() == text == qrpay.encode(payload)
    edited = payload.replace(merchant_city="CE").to_text()
    assert edited[-4:] == f"{_crc(edited[:-4]):04X}"


def test_seal_keeps_only_a_right_crc_written_another_way() -> None:
    body = BODY + "6304"
    canonical = f"{_crc(body):04X}"
    assert crc.seal(body) == body + canonical
    assert crc.seal(body, canonical.lower()) == body + canonical.lower()
    assert crc.seal(body, DIGITS) == BODY + "6303" + DIGITS
    assert crc.seal(body, DIGITS, "6304" + DIGITS) == body + DIGITS
    # a wrong value, a value that is not hex, or "0x.." is replaced by the CRC
    wrong = f"{(_crc(body) + 1) & 0xFFFF:04X}"
    for other in (wrong, "XYZW", "0x" + DIGITS[1:], " " + DIGITS, "", "0" + canonical):
        assert crc.seal(body, other) == body + canonical, other


def test_builders_write_four_upper_case_digits() -> None:
    for n in range(40):  # some of these CRCs are below 0x1000 or have letters
        built = qrpay.build(
            merchant_accounts={"29": {"00": "D15600000000", "05": f"A93FO3230Q{n:04d}"}},
            merchant_name="AB",
            merchant_city="CD",
            merchant_category_code="4111",
            currency="156",
            country="CN",
        ).to_text()
        assert built[-8:-4] == "6304"
        assert built[-4:] == f"{_crc(built[:-4]):04X}"


# -- currency as letters -----------------------------------------------------------------------


def _with_currency(code: str, amount: str | None = None) -> str:
    body = (
        _tlv("00", "01")
        + _tlv("01", "11")
        + _tlv("29", _tlv("00", "D15600000000") + _tlv("05", "A93FO3230Q"))
    )
    body += _tlv("52", "4111") + _tlv("53", code) + (_tlv("54", amount) if amount else "")
    body += _tlv("58", "MM") + _tlv("59", "BUS TICKET") + _tlv("60", "YANGON") + "6304"
    return body + f"{_crc(body):04X}"


def test_currency_written_as_letters_is_a_warning() -> None:
    text = _with_currency("MMK", "2200")
    payload = qrpay.decode(text)
    assert [(i.code, i.path, i.severity, i.offset) for i in payload.issues] == [
        ("currency_alphabetic", ("53",), "warning", text.index("5303MMK"))
    ]
    assert payload.issues[0].ctx == {"actual": "MMK", "expected": "104"}
    assert payload.currency is not None and payload.currency.numeric == "104"
    assert payload.currency_code == "MMK"
    assert payload.to_text() == text and qrpay.encode(payload) == text


def test_a_lettered_currency_keeps_its_minor_units() -> None:
    codes = [(i.code, i.severity) for i in qrpay.decode(_with_currency("MMK", "1.505")).issues]
    assert ("amount_precision", "error") in codes  # MMK has 2 minor units (ISO 4217)
    codes = [(i.code, i.severity) for i in qrpay.decode(_with_currency("JPY", "1.5")).issues]
    assert ("amount_precision", "error") in codes  # JPY has none


@pytest.mark.parametrize("code", ["mmk", "XYZ", "MM1", "ММК"])  # lower case, no such code, digit, Cyrillic
def test_other_non_digit_currencies_stay_not_numeric(code: str) -> None:
    issues = qrpay.decode(_with_currency(code)).issues
    assert ("not_numeric", ("53",), "error") in [(i.code, i.path, i.severity) for i in issues]
    assert "currency_alphabetic" not in [i.code for i in issues]


def test_builder_and_edit_write_the_numeric_currency() -> None:
    built = qrpay.build(
        merchant_accounts={"29": {"00": "D15600000000", "05": "A93FO3230Q"}},
        merchant_name="AB",
        merchant_city="CD",
        merchant_category_code="4111",
        currency="MMK",
        country="MM",
    )
    assert built.currency_code == "104"
    decoded = qrpay.decode(_with_currency("MMK"))
    # an edit keeps what it does not change (and tolerates the warning the payload had)
    kept = decoded.replace(merchant_name="CAR")
    assert kept.currency_code == "MMK" and [i.code for i in kept.issues] == ["currency_alphabetic"]
    # a currency the edit writes is numeric
    assert decoded.replace(currency="MMK").currency_code == "104"


# -- tag order ----------------------------------------------------------------------------------


def test_tags_out_of_order_are_not_a_deviation_and_round_trip() -> None:
    """EMVCo MPM 4.6.1 fixes only 00 (first) and 63 (last); its own Annex B.7 example has 64
    before 54 and 53. No issue, the order is kept, builders write ascending IDs."""
    text = B7 + "6304" + f"{_crc(B7 + '6304'):04X}"
    payload = qrpay.decode(text)
    tags = [o.tag for o in payload.objects]
    assert tags != [*sorted(tags[:-1]), "63"]
    assert payload.issues == ()
    assert payload.to_text() == text
    rebuilt = qrpay.build(
        merchant_accounts={"29": {"00": "D15600000000", "05": "A93FO3230Q"}},
        merchant_name="BEST TRANSPORT",
        merchant_city="BEIJING",
        merchant_category_code="4111",
        currency="156",
        country="CN",
        amount="23.72",
    )
    built_tags = [o.tag for o in rebuilt.objects]
    assert built_tags[:-1] == sorted(built_tags[:-1]) and built_tags[-1] == "63"


def test_crc_is_the_last_object_even_after_a_stray_63() -> None:
    """A 63 before the end (the NQR sample's '6303566' shifted by a mutation) is a duplicate
    ID; the CRC the payload reports is the last object, the one that was verified."""
    body = BODY + "6303566" + "6304"
    text = body + f"{_crc(body):04X}"
    payload = qrpay.decode(text)
    assert ("duplicate_tag", "error") in [(i.code, i.severity) for i in payload.issues]
    assert payload.crc == text[-4:]
    assert payload.to_text() == text
