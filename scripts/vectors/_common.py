"""Helpers shared by the synthetic-vector generators in scripts/vectors/.

The CRC here is an independent implementation (bit by bit, CRC-16/CCITT-FALSE) so the
vectors do not depend on qrpay.crc; expected codes, paths and offsets are written by
hand from the rule each change breaks, and offsets are found by string search.
"""

from __future__ import annotations

from typing import Any

SCRIPT = "scripts/make_vectors.py"


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE, bit by bit (ISO/IEC 13239, poly 0x1021, init 0xFFFF)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def seal(body: str) -> str:
    """Append 6304 and the CRC over the UTF-8 bytes up to and including 6304."""
    text = body + "6304"
    return text + f"{crc16(text.encode('utf-8')):04X}"


def unseal(payload: str) -> str:
    """A payload without its trailing 6304 + CRC (to change it and seal it again)."""
    assert payload[-8:-4] == "6304", payload
    return payload[:-8]


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def swap(old: str, new: str, base: str) -> str:
    """Replace a fragment that occurs exactly once."""
    assert base.count(old) == 1, old
    return base.replace(old, new)


def at(text: str, fragment: str) -> int:
    """Offset of a fragment that occurs once in text."""
    assert text.count(fragment) == 1, fragment
    return text.index(fragment)


class Collector:
    """Accumulates vectors for one output file."""

    def __init__(self, base_source: str) -> None:
        self.base_source = base_source
        self.vectors: list[dict[str, Any]] = []

    def add(
        self,
        vid: str,
        text: str,
        how: str,
        *,
        error: dict[str, Any] | None = None,
        warnings: list[str] | None = None,
        notes: str = "",
        base: str | None = None,
        **extra: Any,
    ) -> None:
        vector: dict[str, Any] = {
            "id": vid,
            "kind": "synthetic",
            "valid": error is None,
            "source": f"synthetic: {SCRIPT} ({how}; derived from {base or self.base_source})",
            "payload": text,
        }
        vector.update(extra)
        if error is not None:
            vector["error"] = error
        if warnings is not None:
            vector["warnings"] = sorted(warnings)
        if notes:
            vector["notes"] = notes
        self.vectors.append(vector)

    def rule(
        self,
        vid: str,
        body: str,
        how: str,
        code: str,
        path: list[str],
        fragment: str | None,
        **kw: Any,
    ) -> None:
        """A payload body (sealed here) that breaks one rule: code at path, at fragment."""
        text = seal(body)
        error: dict[str, Any] = {"code": code, "path": path}
        if fragment is not None:
            error["offset"] = at(text, fragment)
        self.add(vid, text, how, error=error, **kw)
