"""CRC-16/CCITT-FALSE, the checksum of EMVCo MPM tag 63 (low-level primitive).

EMVCo MPM v1.1 section 4.7.3: ISO/IEC 13239, polynomial ``0x1021``, initial value
``0xFFFF``, computed over every data object in order *including* the ID and length of
the CRC itself (the literal ``"6304"``), over the UTF-8 bytes of the text (section
1.4.3), written as four upper-case hexadecimal characters (``6304007B``). Real codes also write
it in lower case or, when it is below 0x1000, with three digits (``B8B`` for ``0B8B``):
:func:`seal` keeps such a value as written when it is the right number, so a decoded
payload comes back exactly as read (docs/adr/0003).

``binascii.crc_hqx(data, 0xFFFF)`` computes exactly this CRC in C (no reflection, no
final XOR; check value ``0x29B1`` for ``b"123456789"``).

>>> checksum("123456789")  # the standard check input
'29B1'
>>> with_crc("0002010102115802KH")
'0002010102115802KH6304A3A4'
"""

from __future__ import annotations

import re
from binascii import crc_hqx

__all__ = ["CRC_PREFIX", "checksum", "crc16", "seal", "with_crc"]

#: ID and length of the CRC data object; part of the CRC input (EMVCo MPM 4.7.3).
CRC_PREFIX = "6304"
# a CRC value as real codes write it: four hex digits in either case, or three
_HEX = re.compile(r"[0-9A-Fa-f]{3,4}")


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


def seal(body: str, written: str | None = None, field: str | None = None) -> str:
    """``body`` (ending with ``6304``) followed by its CRC.

    ``written`` is the CRC value a decoded payload carried. When it is the CRC of
    ``body`` written another way (hex digits in lower case, or three digits with the
    leading zero dropped), it is kept as written, so that a decoded payload comes back
    exactly as it was read. A three-digit value is written with the length ``03``
    unless ``field``, the CRC data object as the text had it, says ``6304`` (the
    length left at 04). Any other ``written`` value is ignored: the CRC is computed
    afresh, upper case, four digits.

    >>> seal("0002010102115802KH6304")
    '0002010102115802KH6304A3A4'
    >>> seal("0002010102115802KH6304", "a3a4")
    '0002010102115802KH6304a3a4'
    >>> seal("0002010102115802KH6304", "FFFF")
    '0002010102115802KH6304A3A4'
    """
    crc = crc_hqx(body.encode("utf-8"), 0xFFFF)
    canonical = f"{crc:04X}"
    if written is None or written == canonical or not _HEX.fullmatch(written) or int(written, 16) != crc:
        return body + canonical
    if len(written) == 3:
        head = "6304" if field is not None and field.startswith("6304") else "6303"
        return body[:-4] + head + written
    return body + written
