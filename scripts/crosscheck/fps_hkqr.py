"""Cross-check requests for PyPI `hkqr` (pulsely/hkqr: Hong Kong FPS codes), recorded.

Runs in a scratch virtual environment outside the repo (never the project's), and does not
import qrpay:

    python3 -m venv /tmp/hkqr-venv && /tmp/hkqr-venv/bin/pip install hkqr==0.2.0
    /tmp/hkqr-venv/bin/python scripts/crosscheck/fps_hkqr.py > fixtures/crosscheck/fps-hkqr.json

requests: HKQR(proxy).create_hkqr_code(amount, **options). hkqr fills its own template (POI 12,
          MCC 0000, HKD, HK / NA / HK) and picks the proxy's sub-ID itself: +852... is a mobile
          (26/03), text with '@' an e-mail (26/04), anything else an FPS Identifier (26/02).
          An exception is recorded as a refusal (`error.thrown`); hkqr 0.2.0 raises none for
          these requests.
`check` is computed by this driver (CRC-16/CCITT-FALSE over the UTF-8 bytes, a root TLV walk in
characters), not by the package. tests/schemes/test_fps.py maps `input` to qrpay's keywords
(hkqr_kwargs) and scripts/vectors/_encode.py turns the requests qrpay answers identically into
fixtures/encode/fps-hkqr.json.
"""

from __future__ import annotations

import json
import platform
import sys
from datetime import datetime, timezone
from importlib.metadata import version
from typing import Any

from hkqr import HKQR

PACKAGE = "hkqr"

#: (id, proxy, amount, keyword options, notes)
REQUESTS: list[tuple[str, str, str, dict[str, str], str]] = [
    ("fps-id-integer-amount", "9999999", "123", {}, "hkqr's sample FPS Identifier, amount as given"),
    ("fps-id-bill-number", "1234567", "10.50", {"bill_number": "INV-1"}, "62/01 bill number"),
    (
        "mobile-reference",
        "+852-67891234",
        "100",
        {"reference_id": "INV/TEST/0001"},
        "mobile as FPS registers it; 62/05 reference label (Odoo's example proxy)",
    ),
    ("email", "test@example.com", "5", {}, "e-mail proxy in 26/04"),
    ("fps-id-nine-digits", "166069526", "2.00", {}, "a 9-digit FPS Identifier, two decimals kept"),
    ("email-bill-number", "shop@example.hk", "0.01", {"bill_number": "B-2"}, "smallest amount"),
    ("mobile-large-amount", "+852-91234567", "99999.99", {}, ""),
    (
        "mobile-without-hyphen",
        "+85267891234",
        "1",
        {},
        "hkqr writes the mobile as given; FPS registers +852-...",
    ),
    (
        "bill-and-reference",
        "9999999",
        "1",
        {"bill_number": "A", "reference_id": "B"},
        "hkqr writes 62 with both 01 and 05",
    ),
    ("amount-three-decimals", "9999999", "1.234", {}, "1.234 HKD: the dollar has two decimals"),
]


def crc16_ccitt_false(text: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over UTF-8, bit by bit: the driver's own."""
    crc = 0xFFFF
    for byte in text.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return f"{crc:04X}"


def annotate(payload: str) -> dict[str, Any]:
    """Whether the CRC matches and a strict root TLV walk (lengths in characters) ends exactly."""
    tags: list[str] = []
    index, ok = 0, True
    while index < len(payload):
        tag, length = payload[index : index + 2], payload[index + 2 : index + 4]
        if not (tag.isdigit() and length.isdigit()) or index + 4 + int(length) > len(payload):
            ok = False
            break
        tags.append(tag)
        index += 4 + int(length)
    crc_ok = payload[-8:-4] == "6304" and crc16_ccitt_false(payload[:-4]) == payload[-4:].upper()
    check: dict[str, Any] = {"crc_valid_utf8": crc_ok, "root_tlv_ok": ok}
    if ok:
        check["root_tags"] = tags
    return check


def main() -> None:
    requests = []
    for request_id, proxy, amount, options, notes in REQUESTS:
        entry: dict[str, Any] = {
            "id": request_id,
            "call": "HKQR(proxy).create_hkqr_code(amount, **options)",
            "input": {"proxy": proxy, "amount": amount, "options": options},
        }
        try:
            output = HKQR(proxy).create_hkqr_code(amount, **options)
        except Exception as error:  # a refusal: recorded, not raised
            entry["error"] = {"thrown": f"{type(error).__name__}: {error}"}
        else:
            entry["output"] = output
            entry["check"] = annotate(output)
        if notes:
            entry["notes"] = notes
        requests.append(entry)
    document = {
        "description": "Cross-check vectors from PyPI hkqr: HKQR(proxy).create_hkqr_code(amount, **options) "
        "requests. 'check' is computed by the driver.",
        "scheme": "fps",
        "package": PACKAGE,
        "version": version(PACKAGE),
        "generated_by": "scripts/crosscheck/fps_hkqr.py",
        "generated_with": f"Python {platform.python_version()} in a scratch venv (the package does not read "
        "the clock)",
        "recorded": datetime.now(timezone.utc).date().isoformat(),
        "requests": requests,
    }
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
