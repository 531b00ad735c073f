"""CRC-16/CCITT-FALSE (EMVCo MPM 4.7.3), cross-checked against crcmod."""

from __future__ import annotations

import binascii

import crcmod.predefined
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


@given(st.text(max_size=300))
def test_checksum_is_utf8_and_four_upper_hex(text: str) -> None:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return
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
    assert payload.to_text() == body + value  # comes back upper case
    with __import__("pytest").raises(qrpay.CRCError) as caught:
        qrpay.decode(text, strict=True)
    assert caught.value.code == "crc_lowercase"
