"""CRC-16/CCITT-FALSE, the checksum of EMVCo MPM tag 63 (low-level primitive).

EMVCo MPM v1.1 section 4.7.3: ISO/IEC 13239, polynomial ``0x1021``, initial value
``0xFFFF``, computed over every data object in order *including* the ID and length of
the CRC itself (the literal ``"6304"``), over the UTF-8 bytes of the text (section
1.4.3), written as four upper-case hexadecimal characters (``6304007B``).

``binascii.crc_hqx(data, 0xFFFF)`` computes exactly this CRC in C (no reflection, no
final XOR; check value ``0x29B1`` for ``b"123456789"``).

>>> checksum("123456789")  # the standard check input
'29B1'
>>> with_crc("0002010102115802KH")
'0002010102115802KH6304A3A4'
"""

from __future__ import annotations

from binascii import crc_hqx

__all__ = ["CRC_PREFIX", "checksum", "crc16", "with_crc"]

#: ID and length of the CRC data object; part of the CRC input (EMVCo MPM 4.7.3).
CRC_PREFIX = "6304"


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE of raw bytes, as an integer."""
    return crc_hqx(data, 0xFFFF)


def checksum(text: str) -> str:
    """The four upper-case hex digits of the CRC over the UTF-8 bytes of ``text``.

    ``text`` must already end with ``"6304"`` when it is a payload prefix.
    """
    return f"{crc_hqx(text.encode('utf-8'), 0xFFFF):04X}"


def with_crc(text: str) -> str:
    """Append ``6304`` and the CRC to payload text that has no CRC yet."""
    body = text + CRC_PREFIX
    return body + checksum(body)
