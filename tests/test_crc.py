"""CRC-16/CCITT-FALSE (EMVCo MPM 4.7.3), cross-checked against crcmod."""

from __future__ import annotations

import binascii

import crcmod.predefined
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qrpay
from qrpay import crc

CRCMOD = crcmod.predefined.mkCrcFun("crc-ccitt-false")


def test_check_value() -> None:
    # The catalogue check value of CRC-16/CCITT-FALSE over ASCII "123456789".
    assert crc.crc16(b"123456789") == 0x29B1
    assert crc.checksum("123456789") == "29B1"
    assert CRCMOD(b"123456789") == 0x29B1


@given(st.binary(max_size=600))
def test_matches_crcmod_on_bytes(data: bytes) -> None:
    assert crc.crc16(data) == CRCMOD(data)


def crc_bitwise(data: bytes) -> int:
    """CRC-16/CCITT-FALSE bit by bit, from its definition (ISO/IEC 13239 as EMVCo MPM 4.7.3
    uses it): polynomial 0x1021, register preset 0xFFFF, most significant bit first, no
    reflection, no final XOR. Independent of binascii and of crcmod's table."""
    register = 0xFFFF
    for byte in data:
        for bit in range(7, -1, -1):
            top = (register >> 15) & 1
            register = (register << 1) & 0xFFFF
            if top ^ ((byte >> bit) & 1):
                register ^= 0x1021
    return register


def test_bitwise_oracle_check_value() -> None:
    assert crc_bitwise(b"123456789") == 0x29B1  # the catalogue check value
    assert crc_bitwise(b"") == 0xFFFF


@given(st.binary(max_size=300))
def test_matches_bitwise_crc_on_bytes(data: bytes) -> None:
    assert crc.crc16(data) == crc_bitwise(data)


@given(st.text(max_size=200))
def test_checksum_matches_bitwise_crc_of_utf8(text: str) -> None:
    assert crc.checksum(text) == f"{crc_bitwise(text.encode('utf-8')):04X}"
    assert crc.with_crc(text) == text + "6304" + f"{crc_bitwise((text + '6304').encode('utf-8')):04X}"


def test_checksum_refuses_lone_surrogates() -> None:
    # Hypothesis text has no surrogates by default; a lone one has no UTF-8 form
    with pytest.raises(UnicodeEncodeError):
        crc.checksum("6304\ud800")


@given(st.text(max_size=300))
def test_checksum_is_utf8_and_four_upper_hex(text: str) -> None:
    data = text.encode("utf-8")  # st.text() draws no surrogates, so this always encodes
    value = crc.checksum(text)
    assert value == f"{CRCMOD(data):04X}"
    assert len(value) == 4
    assert value == value.upper()


def test_zero_padding_for_small_crc() -> None:
    # Find inputs whose CRC is below 0x1000 and 0x100: the text must still be 4 digits
    # (the 3-digit CRC bug of several libraries, pitfalls.md section 3).
    found = {}
    for n in range(200000):
        body = f"000201010211{n}6304"
        value = CRCMOD(body.encode())
        if value < 0x100 and "small" not in found:
            found["small"] = body
        if 0x100 <= value < 0x1000 and "medium" not in found:
            found["medium"] = body
        if len(found) == 2:
            break
    for body in found.values():
        out = crc.checksum(body)
        assert len(out) == 4 and out.startswith("0")


def test_with_crc_appends_prefix_and_checksum() -> None:
    text = crc.with_crc("0002010102115802KH")
    assert text.startswith("0002010102115802KH6304")
    assert text[-4:] == f"{CRCMOD(text[:-4].encode()):04X}"


def test_decode_compares_case_insensitively() -> None:
    # pick a payload whose CRC has hex letters, so lower case differs from upper case
    for n in range(100):
        body = f"00020101021229300012D156000000000510A93FO323{n:02d}53031565802CN5902AB6002CD6304"
        value = f"{binascii.crc_hqx(body.encode(), 0xFFFF):04X}"
        if value != value.lower():
            break
    assert value != value.lower()
    text = body + value.lower()
    payload = qrpay.decode(text)
    assert payload.crc == value.lower()
    assert [i.code for i in payload.issues if i.code.startswith("crc")] == ["crc_lowercase"]
    assert payload.to_text() == text  # kept as read (docs/adr/0003); an edit writes upper case
    assert payload.replace(merchant_name="AB").to_text()[-4:] == value
    with pytest.raises(qrpay.CRCError) as caught:
        qrpay.decode(text, strict=True)
    assert caught.value.code == "crc_lowercase"
