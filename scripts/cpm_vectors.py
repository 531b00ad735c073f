"""Vectors for EMVCo consumer-presented mode (qrpay.cpm): fixtures/cpm/decode.json, encode.json.

    python scripts/cpm_vectors.py            # rewrite both files
    python scripts/cpm_vectors.py --check    # exit 1 if the files differ from what it writes

Nothing here imports qrpay. The BER-TLV writer and walker below are written for this
script (EMV Book 3 Annex B); verdicts, rule ids and qrpay's expected codes are written by
hand from the clause each vector exercises (EMV QRCPS Consumer-Presented Mode v1.0,
"CPM"). The structural cross-check comes from an independent implementation, the PyPI
package ber-tlv 0.0.6 (https://github.com/toumilov/python-ber-tlv): when it is importable
(``pip install ber-tlv==0.0.6`` in a scratch venv, then ``PYTHONPATH=<its site-packages>``)
its parse of every decodable vector is recorded as ``crosscheck``, and its builder writes
the expected payload of every encode vector; without it the recorded values are kept.
"""

# ruff: noqa: E501  (real payloads and their comments are long lines)
from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "cpm"
SCRIPT = "scripts/cpm_vectors.py"
SPEC = "EMV QR Code Specification for Payment Systems, Consumer-Presented Mode, v1.0 (July 2017)"
SPEC_COPY = (
    "https://github.com/mvallim/emv-qrcode/blob/2bcf73ffe4daa03e58e21801de06b8a5d443b748/"
    "docs/EMVCo-Consumer-Presented-QR-Specification-v1-1.pdf"
)
BER_TLV = "ber-tlv 0.0.6"

# -- a BER-TLV writer and walker of this script's own (EMV Book 3 Annex B) ---------------------


def ber(tag: str, value: bytes | list[bytes], *, length: bytes | None = None) -> bytes:
    """One data object; a list value is concatenated (a template). ``length`` overrides."""
    body = b"".join(value) if isinstance(value, list) else value
    n = len(body)
    if length is None:
        length = bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big")
    return bytes.fromhex(tag) + length + body


def b64(data: bytes, *, pad: bool = True) -> str:
    text = base64.b64encode(data).decode("ascii")
    return text if pad else text.rstrip("=")


def walk(data: bytes) -> list[Any]:
    """[tag, value hex] per object; constructed ones (bit 6) get [tag, hex, children]."""
    out: list[Any] = []
    i = 0
    while i < len(data):
        start = i
        i += 1
        if data[start] & 0x1F == 0x1F:
            while data[i] & 0x80:
                i += 1
            i += 1
        tag = data[start:i].hex().upper()
        n = data[i]
        i += 1
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(data[i : i + k], "big")
            i += k
        value = data[i : i + n]
        assert len(value) == n, "truncated: use walk() only on well-formed data"
        if data[start] & 0x20:
            try:
                out.append([tag, value.hex().upper(), walk(value)])
            except (AssertionError, IndexError):
                out.append([tag, value.hex().upper()])  # a transparent template that is not TLV
        else:
            out.append([tag, value.hex().upper()])
        i += n
    return out


def crosscheck(data: bytes) -> list[Any] | None:
    """ber-tlv 0.0.6's parse: [tag, hex] for a primitive, [tag, [children]] for a template."""
    try:
        from ber_tlv.tlv import Tlv  # type: ignore[import-not-found]
    except ImportError:
        return None

    def convert(items: list[tuple[int, Any]]) -> list[Any]:
        result: list[Any] = []
        for tag, value in items:
            hex_tag = f"{tag:X}" if tag > 0xFF else f"{tag:02X}"
            result.append(
                [hex_tag, convert(value)] if isinstance(value, list) else [hex_tag, value.hex().upper()]
            )
        return result

    return convert(Tlv.parse(data, recursive=None))


# -- building blocks -----------------------------------------------------------------------------

PFI = ber("85", b"CPV01")
AID_EX1 = ber("4F", bytes.fromhex("A0000000555555"))
AID_EX2 = ber("4F", bytes.fromhex("A0000000666666"))
TRACK2_EX = ber("57", bytes.fromhex("1234567890123458D191220112345F"))
B1 = PFI + ber("61", [AID_EX1, TRACK2_EX])
COMMON_B2 = ber(
    "62",
    [
        ber("5A", bytes.fromhex("1234567890123458")),
        ber("5F20", b"CARDHOLDER/EMV"),
        ber("5F2D", b"ruesdeen"),
        ber(
            "64",
            [
                ber("9F10", bytes.fromhex("06010A03000000")),
                ber("9F26", bytes.fromhex("584FD385FA234BCC")),
                ber("9F36", bytes.fromhex("0001")),
                ber("9F37", bytes.fromhex("6D58EF13")),
            ],
        ),
    ],
)
APP1_B2 = ber("61", [AID_EX1, ber("50", b"Product1")])
APP2_B2 = ber("61", [AID_EX2, ber("50", b"Product2")])
B2 = PFI + APP1_B2 + APP2_B2 + COMMON_B2


def app(*objects: bytes, aid: bytes = AID_EX1, track2: bytes | None = TRACK2_EX) -> bytes:
    return ber("61", [aid, *([track2] if track2 else []), *objects])


# -- real and specification payloads --------------------------------------------------------------

MVALLIM = "https://github.com/mvallim/emv-qrcode/blob"
QRDATA = "https://github.com/ingonoka/qrdata/blob/b2b2afd1707ea7f6d999f0352a0fd0aa919c3187"
GCASH_TEST = QRDATA + "/src/commonTest/kotlin/com/ingonoka/qrdata/transcode/GenericDecoderTest.kt"

REAL: list[dict[str, Any]] = [
    {
        "id": "cpm-spec-b1",
        "comment": "CPM Annex B.1: one 61 with 4F and 57; the spec gives the hex and the base64",
        "payload": "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
        "hex": "85054350563031611A4F07A0000000555555570F1234567890123458D191220112345F",
        "source": {"kind": "spec", "document": SPEC, "section": "Annex B.1", "url": SPEC_COPY},
        "rule_ids": [],
        "qrpay": {"valid": True, "warnings": []},
    },
    {
        "id": "cpm-spec-b2",
        "comment": "CPM Annex B.2: two 61 (4F, 50) and 62 (5A, 5F20, 5F2D, 64); the PDF wraps the base64 "
        "over three lines, joined here",
        "payload": "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0x"
        "ERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==",
        "hex": B2.hex().upper(),
        "source": {"kind": "spec", "document": SPEC, "section": "Annex B.2", "url": SPEC_COPY},
        "rule_ids": [],
        "qrpay": {"valid": True, "warnings": []},
    },
    {
        "id": "cpm-unionpay-a000000333010102",
        "comment": "UnionPay (AID A000000333010102): 57, 5F34 and 63 with cryptogram data (9F26, 9F27, 9F10, "
        "9F36, 82, 9F37)",
        "payload": "hQVDUFYwMWFWTwigAAADMwEBAlcRYmNgAQBxNnLSMSIBAAABiAFfNAEAYzOfJghWite85mtxi58nAYCfEBEHAAEDoAAAAQg"
        "wMDAwMDAwMZ82AhEiggIAAJ83BCJgSI4=",
        "source": {
            "kind": "real",
            "url": MVALLIM
            + "/089535a10ea78c72847865a54f40d48f99558493/src/test/java/com/emv/qrcode/decoder/cpm/"
            "ConsumerPresentedModeDecoderTest.java",
            "repository": "mvallim/emv-qrcode",
            "commit": "089535a10ea78c72847865a54f40d48f99558493",
            "file": "src/test/java/com/emv/qrcode/decoder/cpm/ConsumerPresentedModeDecoderTest.java",
            "citation": "testSuccessDecodeUnionPay",
        },
        "rule_ids": [],
        "qrpay": {"valid": True, "warnings": [], "networks": ["UnionPay"]},
    },
    {
        "id": "cpm-unionpay-a000000333010101",
        "comment": "UnionPay CPQRC payload sent in a test of a UnionPay gateway client (AID A000000333010101, "
        "57 with a test token PAN, 63 cryptogram data)",
        "payload": "hQVDUFYwMWFYTwigAAADMwEBAVcTYpJhA1hEQzVkHSIQIBAAABiAH180AQBjM58mCFaLEtnaC9l/nycBgJ8QEQcAAQOgAA"
        "ABCDM5OTk5OTk5nzYCAAGCAgAAnzcE6gZYyA==",
        "source": {
            "kind": "real",
            "citation": "GitHub file, repository not identified by the code index (Java test "
            "AdditionalProcessingResultTest, emvCpqrcPayload)",
            "search_index_id": "3557657260",
        },
        "rule_ids": [],
        "qrpay": {"valid": True, "warnings": [], "networks": ["UnionPay"]},
    },
    {
        "id": "cpm-mvallim-duplicate-5f20",
        "comment": "Annex B.2 with 5F20 'Master Class' added to the first 61: 5F20 is then in 61 and in 62, "
        "which CPM 3.1 forbids (mvallim's validator reports the same)",
        "payload": "hQVDUFYwMWEiTwegAAAAVVVVUAhQcm9kdWN0MV8gDE1hc3RlciBDbGFzc2ETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSN"
        "FZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==",
        "source": {
            "kind": "real",
            "url": MVALLIM
            + "/41409fd871797bf8bc4cb39d21c938bee71ba977/src/test/java/com/emv/qrcode/validators/"
            "ConsumerPresentedModeValidateTest.java",
            "repository": "mvallim/emv-qrcode",
            "commit": "41409fd871797bf8bc4cb39d21c938bee71ba977",
            "file": "src/test/java/com/emv/qrcode/validators/ConsumerPresentedModeValidateTest.java",
            "citation": "testFailValidate",
        },
        "rule_ids": ["cpm.duplicate-object"],
        "qrpay": {"valid": False, "warnings": [], "errors": [["cpm.duplicate_object", ["62", "5F20"]]]},
    },
    {
        "id": "cpm-paynet-duitnow",
        "comment": "PayNet (DuitNow) CPM from a terminal script: 5A of 18 bytes (Annex A.1 allows 10), 9F53 in "
        "61, and 63 at the root after 61 instead of inside it",
        "payload": "hQVDUFYwMWEhTwegAAAGFQABWhIAAAAAAAAAAABQeAgVg5GFSZGfUwEBYxWfJgQ5SRiRnwgBAV8tAkVOnyUCSUg=",
        "source": {
            "kind": "real",
            "citation": "GitHub file, repository not identified by the code index (Python terminal script, GHL "
            "'qrNum' sample)",
            "search_index_id": "30657076608",
        },
        "flags": ["cpm-pan-long", "cpm-transparent-placement"],
        "rule_ids": [],
        "qrpay": {
            "valid": True,
            "warnings": ["cpm.transparent_placement", "cpm.value_length"],
            "networks": ["PayNet DuitNow"],
        },
    },
    *[
        {
            "id": f"cpm-gcash-ticket-{name}",
            "comment": f"GCash transit ticket ({name}): 4F is the ASCII text 'GCASH', 5A an ASCII account number "
            "of 27 bytes, 63 holds private tags C1-DE (DE: an ECDSA signature); long-form length 61 81 "
            + length,
            "payload": payload,
            "source": {
                "kind": "real",
                "url": GCASH_TEST,
                "repository": "ingonoka/qrdata",
                "commit": "b2b2afd1707ea7f6d999f0352a0fd0aa919c3187",
                "file": "src/commonTest/kotlin/com/ingonoka/qrdata/transcode/GenericDecoderTest.kt",
                "citation": citation,
            },
            "flags": ["cpm-aid-ascii"],
            "rule_ids": [],
            "qrpay": {"valid": True, "warnings": ["cpm.aid_ascii", "cpm.value_length"]},
        }
        for name, length, citation, payload in (
            (
                "july-2025",
                "97",
                "testDecode, 'GCash Transit ticket July 2025'",
                "hQVDUFYwMWGBl08FR0NBU0haGzExMDcwMDQwMDAwMDAwMDAwMDEwODkwMzA5MGNxwRZHQy0wNzI1MjAyNS0wMDAwMDkzOTA4wgIAAcQ"
                "EaINZd8gEaIM9a95HMEUCIGWdjueZsFZHMkVQSy/jlqQubfpvMk4BsQKeHJuIn5aJAiEAvNpixJCHfUCj6T/8Q8/V3ay0GmNFgAUd"
                "DzE+c/Ilny0=",
            ),
            (
                "p1",
                "96",
                "testGCashTransitQr, p1",
                "hQVDUFYwMWGBlk8FR0NBU0haGzExMDcwMDQwMDAwMDAwMDAwMDEwODkwMzA5MGNwwRZHQy0wODAxMjAyNS0wMDAwMDg4NjU0wgIAAcQ"
                "EaIyGmcgEaIxqjd5GMEQCIFJH6M8dutmI1x23W39Mf4KgXA+l6weUAArBDGvU8ek1AiBjMZYEHVMfNRJVIVfG/wZ+mtDhAQHmNmLq"
                "SrIwmOtbSQ==",
            ),
            (
                "p2",
                "96",
                "testGCashTransitQr, p2 (also in the shared reference's appendix)",
                "hQVDUFYwMWGBlk8FR0NBU0haGzExMDcwMDQwMDAwMDAwMDAwMDEwODkwMzA5MGNwwRZHQy0wODAxMjAyNS0wMDAwMTE4Mjg3wgIAAcQ"
                "EaIypacgEaIyNXd5GMEQCIAgmKMFDFNGaBHwbjefbGDL6N4hxqHI8Qc1pHxfX9xjEAiA2PtajUjAk3ApPOtNLeGPh1ifWGV4pYFV2"
                "NHTK6zklpQ==",
            ),
            (
                "p3",
                "96",
                "testGCashTransitQr, p3",
                "hQVDUFYwMWGBlk8FR0NBU0haGzExMDcwMDQwMDAwMDAwMDAwMDEwODkwMzA5MGNwwRZHQy0wODAxMjAyNS0wMDAwMTE5NzA0wgIAAcQ"
                "EaIyqb8gEaIyOY95GMEQCIHK9R1mdx2U2ev0iDsiOBTHkQcGsC1knu08im/bBI9OCAiA106gu80AoN/lJ8VDERSZx0Q7qipuoK9rQ"
                "j8eY9EvpdQ==",
            ),
        )
    ],
    {
        "id": "cpm-qcat01-ticket-base64kt",
        "comment": "QCAT01 transit ticket: 4F is the ASCII text 'QCAT01', no 57 or 5A at all, 63 holds private "
        "tags C1-C4 and a signature in DE; the test gives the hex next to the base64",
        "payload": "hQVDUFYwMWFWTwZRQ0FUMDFjTMEDExOIwgIBE8MEXXjctsQCA4TeNwIwNAIYWVJ7eVHnfrbLJQFJ/6IAaxpBUpfROqSKAhhAmG"
        "3AXbIjUIjbRZk4mCOjJIQuc6Y1s/0=",
        "source": {
            "kind": "real",
            "citation": "GitHub file, repository not identified by the code index (Kotlin Base64KtTest, "
            "com.ingonoka.utils)",
            "search_index_id": "66776170780",
        },
        "flags": ["cpm-aid-ascii", "cpm-account-missing"],
        "rule_ids": [],
        "qrpay": {"valid": True, "warnings": ["cpm.aid_ascii", "cpm.missing_account"]},
    },
    {
        "id": "cpm-qcat01-ticket-qrdata",
        "comment": "QCAT01 transit ticket with more private tags (C6, C9, CB, CC, CE, D3) and no 57 or 5A",
        "payload": "hQVDUFYwMWFuTwZRQ0FUMDFjZMECEwfCAgEGwwRd6cfcxAMD9IDGAgEGyQEBywEBzAEAzgEL0wUzMDI4Mt44AjA1Ahhz3dBM7Dq"
        "COUzUZjtuQqfDITW3bGlX6G0CGQCoAyQM7geTFZQSU0C9APUeqNLYNUKBwDc=",
        "source": {
            "kind": "real",
            "url": GCASH_TEST,
            "repository": "ingonoka/qrdata",
            "commit": "b2b2afd1707ea7f6d999f0352a0fd0aa919c3187",
            "file": "src/commonTest/kotlin/com/ingonoka/qrdata/transcode/GenericDecoderTest.kt",
            "citation": "testDecodeQcat",
        },
        "flags": ["cpm-aid-ascii", "cpm-account-missing"],
        "rule_ids": [],
        "qrpay": {"valid": True, "warnings": ["cpm.aid_ascii", "cpm.missing_account"]},
    },
]


# -- synthetic vectors -----------------------------------------------------------------------------

QRIS_REDACTED = PFI + ber(
    "61",
    [
        ber("4F", bytes.fromhex("A0000006022020")),
        ber("50", b"QRISCPM"),
        ber("5A", bytes.fromhex("9360000000000000000F")),
        ber("5F20", b"CARDHOLDER NAME"),
        ber("5F2D", b"iden"),
        ber("5F50", b"someone@example.com"),
        ber("9F25", bytes.fromhex("0000")),
        ber("63", [ber("9F74", b"ae61")]),
    ],
)


def synthetic() -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = []

    def add(
        vid: str,
        data: bytes | str,
        how: str,
        rule: str,
        *,
        errors: list[tuple[str, list[str]]] = (),  # type: ignore[assignment]
        warnings: list[str] = (),  # type: ignore[assignment]
        flags: list[str] = (),  # type: ignore[assignment]
        raises: dict[str, Any] | None = None,
        derived: str = "CPM Annex B.1",
        pad: bool = True,
    ) -> None:
        payload = data if isinstance(data, str) else b64(data, pad=pad)
        qrpay: dict[str, Any] = {"valid": not errors and raises is None, "warnings": sorted(warnings)}
        if errors:
            qrpay["errors"] = [[code, path] for code, path in errors]
        if raises is not None:
            qrpay["error"] = raises
        rule_ids = [] if rule.startswith(("baseline", "cpm-")) else [rule]
        vectors.append(
            {
                "id": vid,
                "comment": how,
                "payload": payload,
                "source": {
                    "kind": "synthetic",
                    "script": SCRIPT,
                    "rule": rule,
                    "how": how,
                    "derived_from": derived,
                },
                "flags": list(flags),
                "rule_ids": rule_ids,
                "qrpay": qrpay,
            }
        )

    # the JPQR variant, laid out as suzzshin/jpqr-cpm jpqrcpm/cpm.go writes it (85 'JPQR1', 61 with an
    # ASCII 4F brand identifier, an ASCII 57 payment ID and a free area in 99)
    jpqr = ber("85", b"JPQR1") + ber(
        "61", [ber("4F", b"1700000000"), ber("57", b"1700000001"), ber("99", b'{"key":"value"}')]
    )
    add(
        "cpm-jpqr1",
        jpqr,
        "JPQR's layout: 85 'JPQR1', 4F and 57 as ASCII digits, 99 free text (suzzshin/jpqr-cpm jpqrcpm/cpm.go)",
        "cpm-jpqr1",
        warnings=["cpm.payload_format_value", "cpm.aid_ascii", "cpm.track2_format"],
        flags=["cpm-jpqr1", "cpm-aid-ascii"],
        derived="suzzshin/jpqr-cpm jpqrcpm/cpm.go (NewJPQR1)",
    )
    add(
        "cpm-qris-redacted",
        QRIS_REDACTED,
        "a QRIS CPM code's layout (AID A0000006022020, label QRISCPM, 5A, 5F20, 5F2D 'iden', 5F50 a bare e-mail "
        "address, 9F25, 63 with 9F74) with name, PAN and e-mail replaced",
        "cpm-issuer-url-bare",
        warnings=["cpm.issuer_url"],
        flags=["cpm-issuer-url-bare"],
        derived="a real QRIS CPM payload (shared reference world-schemes.md appendix; Kotlin NDEF record)",
    )
    add(
        "cpm-pfi-cpv02",
        ber("85", b"CPV02") + B1[7:],
        "85 is 'CPV02'",
        "cpm.payload-format",
        errors=[("cpm.payload_format_value", ["85"])],
    )
    add(
        "cpm-no-application",
        PFI,
        "85 alone: no 61",
        "cpm.application-missing",
        errors=[("cpm.no_application", ["61"])],
    )
    add(
        "cpm-three-applications",
        B1 + app() + app(aid=AID_EX2),
        "three 61",
        "cpm.applications-too-many",
        errors=[("cpm.too_many_applications", ["61"])],
    )
    add(
        "cpm-common-one-application",
        B1 + ber("62", [ber("5F20", b"CARDHOLDER/EMV")]),
        "one 61 and a 62",
        "cpm.common-data-single-application",
        errors=[("cpm.common_data_single_application", ["62"])],
    )
    add(
        "cpm-common-before-application",
        PFI + APP1_B2 + COMMON_B2 + APP2_B2,
        "62 between the two 61",
        "cpm.template-order",
        errors=[("cpm.template_order", ["61"])],
        derived="CPM Annex B.2",
    )
    add(
        "cpm-other-before-application",
        PFI + ber("65", [ber("C1", b"x")]) + B1[7:],
        "another template (65) before 61",
        "cpm.template-order",
        errors=[("cpm.template_order", ["61"])],
    )
    add(
        "cpm-aid-missing",
        PFI + ber("61", [TRACK2_EX]),
        "61 without 4F",
        "cpm.aid-missing",
        errors=[("cpm.missing_aid", ["61", "4F"])],
    )
    add(
        "cpm-aid-short",
        PFI + app(aid=ber("4F", bytes.fromhex("A0000000"))),
        "4F of 4 bytes",
        "cpm.aid-length",
        errors=[("cpm.aid_length", ["61", "4F"])],
    )
    add(
        "cpm-aid-long",
        PFI + app(aid=ber("4F", bytes.fromhex("A0" + "00" * 16))),
        "4F of 17 bytes",
        "cpm.aid-length",
        errors=[("cpm.aid_length", ["61", "4F"])],
    )
    add(
        "cpm-account-missing",
        PFI + app(ber("50", b"Product1"), track2=None),
        "61 with 4F and 50, no 57 or 5A",
        "cpm.account-missing",
        errors=[("cpm.missing_account", ["61", "5A"])],
    )
    add(
        "cpm-account-in-common",
        PFI + APP1_B2 + APP2_B2 + COMMON_B2,
        "the PAN is in 62 only (Annex B.2)",
        "baseline: 5A in 62 serves both applications (CPM 5.1.1.9)",
        derived="CPM Annex B.2",
    )
    add(
        "cpm-pan-11-bytes",
        PFI + app(ber("5A", bytes.fromhex("1234567890123456789012")), track2=None),
        "5A of 11 bytes",
        "cpm.value-length",
        errors=[("cpm.value_length", ["61", "5A"])],
    )
    add(
        "cpm-pan-not-cn",
        PFI + app(ber("5A", bytes.fromhex("12345678901234A8")), track2=None),
        "5A with a nibble A",
        "cpm.pan-format",
        errors=[("cpm.pan_format", ["61", "5A"])],
    )
    add(
        "cpm-track2-no-separator",
        PFI + app(track2=ber("57", bytes.fromhex("12345678901234581912201F"))),
        "57 without the D separator",
        "cpm.track2-format",
        errors=[("cpm.track2_format", ["61", "57"])],
    )
    add(
        "cpm-track2-double-pad",
        PFI + app(track2=ber("57", bytes.fromhex("1234567890123458D1912201FF"))),
        "57 padded with FF",
        "cpm.track2-format",
        errors=[("cpm.track2_format", ["61", "57"])],
    )
    add(
        "cpm-track2-20-bytes",
        PFI + app(track2=ber("57", bytes.fromhex("1234567890123456789D2512201" + "1234567890123"))),
        "57 of 20 bytes (19-digit PAN, 13 discretionary digits)",
        "cpm.value-length",
        errors=[("cpm.value_length", ["61", "57"])],
    )
    add(
        "cpm-label-star",
        PFI + app(ber("50", b"Product*1")),
        "50 'Product*1'",
        "cpm.value-format",
        errors=[("cpm.value_format", ["61", "50"])],
    )
    add(
        "cpm-label-17",
        PFI + app(ber("50", b"A" * 17)),
        "50 of 17 characters",
        "cpm.value-length",
        errors=[("cpm.value_length", ["61", "50"])],
    )
    add(
        "cpm-name-1",
        PFI + app(ber("5F20", b"X")),
        "5F20 of 1 character",
        "cpm.value-length",
        errors=[("cpm.value_length", ["61", "5F20"])],
    )
    add(
        "cpm-name-27",
        PFI + app(ber("5F20", b"N" * 27)),
        "5F20 of 27 characters",
        "cpm.value-length",
        errors=[("cpm.value_length", ["61", "5F20"])],
    )
    add(
        "cpm-language-word",
        PFI + app(ber("5F2D", b"English")),
        "5F2D 'English'",
        "cpm.language-format",
        errors=[("cpm.language_format", ["61", "5F2D"])],
    )
    add(
        "cpm-language-unknown",
        PFI + app(ber("5F2D", b"enqq")),
        "5F2D 'enqq' ('qq' is not ISO 639-1)",
        "cpm.language-format",
        errors=[("cpm.language_format", ["61", "5F2D"])],
    )
    add(
        "cpm-issuer-url-https",
        PFI + app(ber("5F50", b"https://example.com")),
        "5F50 an https URL",
        "cpm.issuer-url",
        errors=[("cpm.issuer_url", ["61", "5F50"])],
    )
    add(
        "cpm-issuer-url-tel",
        PFI + app(ber("5F50", b"tel:+1-234-567-8910")),
        "5F50 'tel:+1-234-567-8910' (CPM Table 6.3's own example)",
        "baseline: Table 6.3 example",
    )
    add(
        "cpm-app-version-3",
        PFI + app(ber("9F08", bytes.fromhex("000001"))),
        "9F08 of 3 bytes",
        "cpm.value-length",
        errors=[("cpm.value_length", ["61", "9F08"])],
    )
    add(
        "cpm-trid-5",
        PFI + app(ber("9F19", bytes.fromhex("1234567890"))),
        "9F19 of 5 bytes",
        "cpm.value-format",
        errors=[("cpm.value_format", ["61", "9F19"])],
    )
    add(
        "cpm-par-lower",
        PFI + app(ber("9F24", b"5001a9f027e0d6a9f4e5d3e2b9c3a")),
        "9F24 in lower case",
        "cpm.value-format",
        errors=[("cpm.value_format", ["61", "9F24"])],
    )
    add(
        "cpm-par-ok",
        PFI + app(ber("9F24", b"5001A9F027E0D6A9F4E5D3E2B9C3A"), ber("9F25", bytes.fromhex("3458"))),
        "9F24 of 29 upper-case characters, 9F25 '3458'",
        "baseline: Annex A.1 9F24 and 9F25",
    )
    add(
        "cpm-last4-hex",
        PFI + app(ber("9F25", bytes.fromhex("34A8"))),
        "9F25 with a nibble A",
        "cpm.value-format",
        errors=[("cpm.value_format", ["61", "9F25"])],
    )
    add(
        "cpm-duplicate-in-application",
        PFI + app(ber("50", b"One"), ber("50", b"Two")),
        "two 50 in one 61",
        "cpm.duplicate-object",
        errors=[("cpm.duplicate_object", ["61", "50"])],
    )
    add(
        "cpm-duplicate-pfi",
        B1 + PFI,
        "a second 85 after 61",
        "cpm.duplicate-tag",
        errors=[("cpm.duplicate_tag", ["85"])],
    )
    add(
        "cpm-transparent-at-root",
        B1 + ber("63", [ber("9F26", bytes.fromhex("584FD385FA234BCC"))]),
        "63 at the root after 61",
        "cpm-transparent-placement",
        warnings=["cpm.transparent_placement"],
        flags=["cpm-transparent-placement"],
    )
    add(
        "cpm-primitive-at-root",
        B1 + ber("C1", b"ticket"),
        "a primitive C1 at the root after 61",
        "cpm-unexpected-object",
        warnings=["cpm.unexpected_object"],
        flags=["cpm-unexpected-object"],
    )
    add(
        "cpm-transparent-not-tlv",
        PFI + app(ber("63", bytes.fromhex("FFFF"))),
        "63 holding FF FF",
        "cpm-transparent-not-tlv",
        warnings=["cpm.transparent_not_tlv"],
        flags=["cpm-transparent-not-tlv"],
    )
    add(
        "cpm-length-long-form",
        PFI + ber("61", [AID_EX1, TRACK2_EX], length=b"\x81\x1a"),
        "61's length 26 written 81 1A",
        "cpm-length-not-minimal",
        warnings=["cpm.length_not_minimal"],
        flags=["cpm-length-not-minimal"],
    )
    add(
        "cpm-unpadded",
        B1,
        "Annex B.1 without its '=' padding",
        "cpm-base64-unpadded",
        pad=False,
        warnings=["cpm.base64_padding"],
        flags=["cpm-base64-unpadded"],
    )
    add(
        "cpm-over-512",
        PFI + app(ber("63", [ber("DF01", b"\x00" * 400)])),
        "63 holding 400 bytes: the text is over 512 characters",
        "cpm-payload-over-512",
        warnings=["cpm.payload_length"],
        flags=["cpm-payload-over-512"],
    )
    add(
        "cpm-long-form-needed",
        PFI + app(ber("63", [ber("DF01", b"\x00" * 200)])),
        "63 of 204 bytes: the lengths of DF01, 63 and 61 (over 127) take the long form 81 xx, as they must",
        "baseline: BER long-form lengths (EMV Book 3 Annex B2)",
    )

    # decode errors (raised): the text is not base64 BER-TLV starting with 85
    b1 = b64(B1)
    add(
        "cpm-not-base64-char",
        b1[:20] + "*" + b1[21:],
        "character 20 replaced by '*'",
        "cpm.base64",
        raises={"code": "cpm.not_base64", "path": [], "offset": 20, "raises": "DecodeError"},
    )
    add(
        "cpm-base64-pad-bits",
        b1[:-2] + "9=",
        "the last character before '=' has non-zero pad bits",
        "cpm.base64",
        raises={"code": "cpm.not_base64", "path": [], "offset": len(b1) - 2, "raises": "DecodeError"},
    )
    add(
        "cpm-base64-length",
        b1.rstrip("=") + "AA",
        "two characters added: 49, which no whole bytes give",
        "cpm.base64",
        raises={
            "code": "cpm.not_base64",
            "path": [],
            "offset": len(b1.rstrip("=")) + 2,
            "raises": "DecodeError",
        },
    )
    add(
        "cpm-base64-inner-pad",
        b1[:8] + "=" + b1[9:],
        "'=' inside the text",
        "cpm.base64",
        raises={"code": "cpm.not_base64", "path": [], "offset": 8, "raises": "DecodeError"},
    )
    add(
        "cpm-truncated-application",
        PFI + ber("61", [AID_EX1, TRACK2_EX], length=b"\x30"),
        "61 declares 48 bytes, 26 follow",
        "cpm.tlv-truncated",
        raises={"code": "cpm.tlv_truncated", "path": ["61"], "offset": 7, "raises": "TLVError"},
    )
    add(
        "cpm-truncated-tag",
        PFI + b"\x9f",
        "a two-byte tag cut after its first byte",
        "cpm.tlv-truncated",
        raises={"code": "cpm.tlv_truncated", "path": [], "offset": 7, "raises": "TLVError"},
    )
    add(
        "cpm-tag-00",
        PFI + b"\x00" + B1[7:],
        "a 00 byte between 85 and 61",
        "cpm.tlv-bad-tag",
        raises={"code": "cpm.tlv_bad_tag", "path": [], "offset": 7, "raises": "TLVError"},
    )
    add(
        "cpm-length-indefinite",
        PFI + b"\x61\x80" + B1[9:] + b"\x00\x00",
        "61 with the indefinite length 80",
        "cpm.tlv-bad-length",
        raises={"code": "cpm.tlv_bad_length", "path": ["61"], "offset": 7, "raises": "TLVError"},
    )
    add(
        "cpm-length-four-bytes",
        PFI + ber("61", [AID_EX1, TRACK2_EX], length=b"\x84\x00\x00\x00\x1a"),
        "61's length written in 4 bytes after 84",
        "cpm.tlv-bad-length",
        raises={"code": "cpm.tlv_bad_length", "path": ["61"], "offset": 7, "raises": "TLVError"},
    )
    deep = ber("C1", b"x")
    for _ in range(9):
        deep = ber("65", deep)
    # 61 is level 1 and the first 65 level 2 (at byte 7 + 2 + 9 + 17 = 35, each 65 header 2 bytes): the
    # content of the 7th 65 (byte 35 + 7 * 2 = 49) would be level 9, past the limit of 8 (qrpay.cpm.MAX_DEPTH)
    add(
        "cpm-too-deep",
        PFI + app(deep),
        "templates 65 nested 9 deep inside 61",
        "cpm.tlv-too-deep",
        raises={"code": "cpm.too_deep", "path": ["61", *["65"] * 7], "offset": 49, "raises": "TLVError"},
    )
    add(
        "cpm-mpm-text",
        "00020101021153037645802TH6304",
        "a merchant-presented text",
        "cpm.not-cpm",
        raises={"code": "cpm.not_cpm", "path": [], "offset": 0, "raises": "DecodeError"},
        derived="none",
    )
    assert len(b"5001A9F027E0D6A9F4E5D3E2B9C3A") == 29
    return vectors


# -- encode vectors --------------------------------------------------------------------------------

ENCODE: list[dict[str, Any]] = [
    {
        "id": "cpm-encode-b1",
        "comment": "CPM Annex B.1 from its fields (an odd number of track 2 nibbles: F is added)",
        "fields": {"applications": [{"aid": "A0000000555555", "track2": "1234567890123458D191220112345"}]},
        "ber": [
            [0x85, "CPV01"],
            [0x61, [[0x4F, "A0000000555555"], [0x57, "1234567890123458D191220112345F"]]],
        ],
    },
    {
        "id": "cpm-encode-b2",
        "comment": "CPM Annex B.2 from its fields",
        "fields": {
            "applications": [
                {"aid": "A0000000555555", "label": "Product1"},
                {"aid": "A0000000666666", "label": "Product2"},
            ],
            "common": {
                "pan": "1234567890123458",
                "cardholder_name": "CARDHOLDER/EMV",
                "languages": ["ru", "es", "de", "en"],
                "transparent": {
                    "9F10": "06010A03000000",
                    "9F26": "584FD385FA234BCC",
                    "9F36": "0001",
                    "9F37": "6D58EF13",
                },
            },
        },
        "ber": [
            [0x85, "CPV01"],
            [0x61, [[0x4F, "A0000000555555"], [0x50, "Product1"]]],
            [0x61, [[0x4F, "A0000000666666"], [0x50, "Product2"]]],
            [
                0x62,
                [
                    [0x5A, "1234567890123458"],
                    [0x5F20, "CARDHOLDER/EMV"],
                    [0x5F2D, "ruesdeen"],
                    [
                        0x64,
                        [
                            [0x9F10, "06010A03000000"],
                            [0x9F26, "584FD385FA234BCC"],
                            [0x9F36, "0001"],
                            [0x9F37, "6D58EF13"],
                        ],
                    ],
                ],
            ],
        ],
    },
    {
        "id": "cpm-encode-every-field",
        "comment": "every POI data object of Table 6.1 in one application, and a 63",
        "fields": {
            "applications": [
                {
                    "aid": "A000000333010101",
                    "label": "UnionPay Debit",
                    "pan": "6292610358444335641",
                    "cardholder_name": "CARDHOLDER/EMV",
                    "languages": ["zh", "en"],
                    "issuer_url": "mailto:example@emvco.com",
                    "app_version": "0030",
                    "token_requestor_id": "12345678901",
                    "par": "5001A9F027E0D6A9F4E5D3E2B9C3A",
                    "last4": "5641",
                    "transparent": {"9F26": "568B12D9DA0BD97F", "9F36": "0001"},
                }
            ]
        },
        "ber": [
            [0x85, "CPV01"],
            [
                0x61,
                [
                    [0x4F, "A000000333010101"],
                    [0x50, "UnionPay Debit"],
                    [0x5A, "6292610358444335641F"],
                    [0x5F20, "CARDHOLDER/EMV"],
                    [0x5F2D, "zhen"],
                    [0x5F50, "mailto:example@emvco.com"],
                    [0x9F08, "0030"],
                    [0x9F19, "012345678901"],
                    [0x9F24, "5001A9F027E0D6A9F4E5D3E2B9C3A"],
                    [0x9F25, "5641"],
                    [0x63, [[0x9F26, "568B12D9DA0BD97F"], [0x9F36, "0001"]]],
                ],
            ],
        ],
    },
    {
        "id": "cpm-encode-long-form",
        "comment": "a 63 of 150 bytes: 61 and 63 need long-form lengths (81 xx)",
        "fields": {
            "applications": [
                {
                    "aid": "A0000000555555",
                    "track2": "1234567890123458D191220112345",
                    "transparent": {"DF01": "00" * 150},
                }
            ]
        },
        "ber": [
            [0x85, "CPV01"],
            [
                0x61,
                [
                    [0x4F, "A0000000555555"],
                    [0x57, "1234567890123458D191220112345F"],
                    [0x63, [[0xDF01, "00" * 150]]],
                ],
            ],
        ],
    },
    {
        "id": "cpm-encode-refused-no-account",
        "comment": "no 57 or 5A (Table 6.1)",
        "fields": {"applications": [{"aid": "A0000000555555", "label": "Product1"}]},
        "refused": "cpm.missing_account",
    },
    {
        "id": "cpm-encode-refused-ascii-aid",
        "comment": "an ASCII pseudo-AID: a warning, and builders write none",
        "fields": {"applications": [{"aid": "4743415348", "pan": "1234567890123458"}]},
        "refused": "cpm.aid_ascii",
    },
    {
        "id": "cpm-encode-refused-language",
        "comment": "5F2D 'english' is not ISO 639-1 codes",
        "fields": {
            "applications": [{"aid": "A0000000555555", "pan": "1234567890123458", "languages": ["english"]}]
        },
        "refused": "cpm.language_format",
    },
    {
        "id": "cpm-encode-refused-issuer-url",
        "comment": "5F50 without tel: or mailto:",
        "fields": {
            "applications": [
                {"aid": "A0000000555555", "pan": "1234567890123458", "issuer_url": "someone@example.com"}
            ]
        },
        "refused": "cpm.issuer_url",
    },
    {
        "id": "cpm-encode-refused-common-one-app",
        "comment": "62 with one 61 (Table 3.1)",
        "fields": {"applications": [{"aid": "A0000000555555"}], "common": {"pan": "1234567890123458"}},
        "refused": "cpm.common_data_single_application",
    },
]


def _text_or_hex(tag: int, value: str) -> bytes:
    if tag in (0x85, 0x50, 0x5F20, 0x5F2D, 0x5F50, 0x9F24):
        return value.encode("ascii")
    return bytes.fromhex(value)


def encode_vectors(recorded: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        from ber_tlv.tlv import Tlv
    except ImportError:
        Tlv = None  # noqa: N806
    vectors = []
    for spec in ENCODE:
        vector: dict[str, Any] = {"id": spec["id"], "comment": spec["comment"], "fields": spec["fields"]}
        if "refused" in spec:
            vector.update(
                result="refused",
                qrpay={"code": spec["refused"]},
                source={
                    "kind": "synthetic",
                    "rule": spec["refused"],
                    "how": "fields that break the rule the comment names (EMV QRCPS CPM v1.0)",
                    "script": SCRIPT,
                },
            )
        else:

            def items(pairs: list[Any]) -> list[tuple[int, Any]]:
                return [(t, items(v) if isinstance(v, list) else _text_or_hex(t, v)) for t, v in pairs]

            if Tlv is not None:
                payload = b64(Tlv.Builder.build(items(spec["ber"]), []))
            else:
                payload = recorded[spec["id"]]
            vector.update(
                result="valid",
                payload=payload,
                source={
                    "kind": "implementation",
                    "package": "ber-tlv",
                    "version": "0.0.6",
                    "how": "the objects listed in the generator (scripts/cpm_vectors.py ENCODE) written by "
                    "ber_tlv.tlv.Tlv.Builder.build, then base64 (RFC 4648)",
                    "script": SCRIPT,
                },
            )
        vectors.append(vector)
    return vectors


def decode_vectors(recorded: dict[str, Any]) -> list[dict[str, Any]]:
    vectors = []
    for number, vector in enumerate([*REAL, *synthetic()], 1):
        payload = vector["payload"]
        qrpay = vector["qrpay"]
        raises = qrpay.get("error")
        out: dict[str, Any] = {
            "tcId": number,
            "id": vector["id"],
            "comment": vector["comment"],
            "payload": payload,
        }
        flags = vector.get("flags", [])
        has_errors = bool(qrpay.get("errors")) or raises is not None
        out["result"] = "invalid" if has_errors else "acceptable" if flags else "valid"
        out["flags"] = flags
        if raises is None:
            data = base64.b64decode(payload + "=" * (-len(payload) % 4))
            if "hex" in vector:
                assert data.hex().upper() == vector["hex"], vector["id"]
            out["syntax"] = {"result": "valid", "objects": walk(data)}
            checked = crosscheck(data)
            out["crosscheck"] = {BER_TLV: checked if checked is not None else recorded.get(vector["id"])}
        else:
            out["syntax"] = {"result": "invalid", "objects": None}
        out["rules"] = {"result": "invalid" if has_errors else out["result"], "rule_ids": vector["rule_ids"]}
        out["source"] = vector["source"]
        out["qrpay"] = qrpay
        vectors.append(out)
    return vectors


def render() -> dict[str, str]:
    def recorded_from(name: str, key: str) -> dict[str, Any]:
        path = OUT / name
        if not path.exists():
            return {}
        found = json.loads(path.read_text(encoding="utf-8"))["vectors"]
        if key == "crosscheck":
            return {v["id"]: v.get("crosscheck", {}).get(BER_TLV) for v in found}
        return {v["id"]: v.get("payload") for v in found}

    decode = {
        "schema": "schema/cpm-decode.schema.json",
        "kind": "decode",
        "format": "cpm",
        "description": "EMVCo consumer-presented mode (base64 BER-TLV) decode vectors: the CPM specification's "
        "examples, real payloads with their sources, and synthetic ones (one per rule, generated by "
        f"{SCRIPT}). fixtures/README.md, section 'Consumer-presented vectors', describes the fields.",
        "vectors": decode_vectors(recorded_from("decode.json", "crosscheck")),
    }
    encode = {
        "schema": "schema/cpm-encode.schema.json",
        "kind": "encode",
        "format": "cpm",
        "description": "EMVCo consumer-presented mode encode vectors: fields and the payload an independent "
        "implementation (ber-tlv 0.0.6) writes for them, or the rule that makes a builder refuse them.",
        "vectors": encode_vectors(recorded_from("encode.json", "payload")),
    }
    return {
        name: json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        for name, content in (("decode.json", decode), ("encode.json", encode))
    }


def main(argv: list[str]) -> int:
    files = render()
    if "--check" in argv:
        stale = [name for name, text in files.items() if (OUT / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"fixtures/cpm/{name} is out of date: run python {SCRIPT}")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote fixtures/cpm/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
