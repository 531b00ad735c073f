"""qrpay.cpm pinned exactly (issue 13, mutation testing): objects, views, every issue and
every error compared whole (class, code, path, offset, message, ctx).

Payloads are written out here as bytes: BER-TLV assembled by ``_ber`` below (EMV Book 3
Annex B: tag, one length byte below 128, ``81 nn`` below 256, ``82 nnnn`` above), base64 by
the standard library. Expected values come from the CPM v1.0 specification ("CPM"; the
section is cited at each test) and its Annex B.1/B.2 hex dumps, never from qrpay.
"""

from __future__ import annotations

import base64

import qrpay
from qrpay import cpm

# CPM Annex B.1, "Binary Data (shown as hex bytes)", copied from the specification
B1_HEX = (
    "85 05 43 50 56 30 31 61 1A 4F 07 A0 00 00 00 55 55 55 57 0F 12 34 56 78 90 12 34 58 D1 91 22 01 12 34 5F"
)
B1_TEXT = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8="  # CPM Annex B.1, "Base64 Encoding"


def _ber(tag: bytes, value: bytes) -> bytes:
    n = len(value)
    length = bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big")
    return tag + length + value


def _text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def test_annex_b1_objects_exactly() -> None:
    data = bytes.fromhex(B1_HEX)
    assert _text(data) == B1_TEXT  # the spec's base64 is the stdlib's encoding of its hex dump
    payload = cpm.decode(B1_TEXT)
    assert payload.issues == () and payload.padded is True
    pfi, app = payload.objects
    assert (pfi.tag, pfi.header, pfi.value, pfi.offset, pfi.path, pfi.children) == (
        "85",
        b"\x85\x05",
        b"CPV01",
        0,
        ("85",),
        None,
    )
    assert (app.tag, app.header, app.offset, app.path) == ("61", b"\x61\x1a", 7, ("61",))
    aid, track2 = app.children or ()
    assert (aid.tag, aid.header, aid.hex, aid.offset, aid.path) == (
        "4F",
        b"\x4f\x07",
        "A0000000555555",
        9,
        ("61", "4F"),
    )
    assert (track2.tag, track2.offset, track2.path, track2.value) == (
        "57",
        18,
        ("61", "57"),
        data[20:35],
    )
    assert payload.to_bytes() == data and payload.to_text() == B1_TEXT
    assert isinstance(payload, cpm.CPMPayload) and not isinstance(payload, qrpay.Payload)
