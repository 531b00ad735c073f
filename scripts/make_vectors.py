"""Write fixtures/emvco/synthetic.json: one synthetic vector per EMVCo rule.

Every vector is the EMVCo MPM v1.1 Annex B.7 example (or a minimal payload) changed in
one place, with the CRC recomputed (except where the CRC is what is tested). The
expected code, path and offset come from the rule the change breaks and from where this
script put the change (found by string search), never from running qrpay.

The CRC here is an independent implementation (bit by bit, CRC-16/CCITT-FALSE) so the
vectors do not depend on qrpay.crc.

Usage: ``python scripts/make_vectors.py`` (writes the file) or ``--check`` (exit 1 if
the committed file differs from what this script generates; run by the tests).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "emvco" / "synthetic.json"
SCRIPT = "scripts/make_vectors.py"

B7 = (
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678"
    "520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京"
    "540523.7253031565502016233030412340603***0708A60086670902ME"
    "91320016A011223344998877070812345678"
)
B7_SOURCE = "EMVCo MPM v1.1 Annex B.7"


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


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def swap(old: str, new: str, base: str = B7) -> str:
    assert base.count(old) == 1, old
    return base.replace(old, new)


def at(text: str, fragment: str) -> int:
    """Offset of a fragment that occurs once in text."""
    assert text.count(fragment) == 1, fragment
    return text.index(fragment)


vectors: list[dict[str, Any]] = []


def add(
    vid: str,
    text: str,
    how: str,
    *,
    error: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
    notes: str = "",
    base: str = B7_SOURCE,
) -> None:
    vector: dict[str, Any] = {
        "id": vid,
        "kind": "synthetic",
        "valid": error is None,
        "source": f"synthetic: {SCRIPT} ({how}; derived from {base})",
        "payload": text,
    }
    if error is not None:
        vector["error"] = error
    if warnings is not None:
        vector["warnings"] = sorted(warnings)
    if notes:
        vector["notes"] = notes
    vectors.append(vector)


def rule(vid: str, body: str, how: str, code: str, path: list[str], fragment: str | None, **kw: Any) -> None:
    text = seal(body)
    error: dict[str, Any] = {"code": code, "path": path}
    if fragment is not None:
        error["offset"] = at(text, fragment)
    add(vid, text, how, error=error, **kw)


def main_vectors() -> None:
    sealed = seal(B7)
    crc_at = len(sealed) - 8

    # -- decode errors: CRC (EMVCo MPM 4.6.1.2, 4.7.3) ------------------------------------
    damaged = sealed.replace("BEST TRANSPORT", "BEST TRANSPORX")
    add(
        "emvco-crc-mismatch",
        damaged,
        "merchant name edited after the CRC was computed",
        error={"raises": "CRCError", "code": "crc_mismatch", "path": ["63"], "offset": crc_at},
    )
    add(
        "emvco-crc-lowercase",
        sealed[:-4] + sealed[-4:].lower(),
        "CRC hex written in lower case",
        warnings=["crc_lowercase"],
        notes="EMVCo MPM 4.7.3.2 requires upper case; real codes use lower case; "
        "decode accepts with a warning, strict decode refuses",
    )
    add(
        "emvco-crc-missing",
        B7,
        "payload without tag 63",
        error={"raises": "CRCError", "code": "crc_missing", "path": ["63"], "offset": len(B7)},
    )
    crc_object = sealed[-8:]
    moved = sealed[:-8].replace("91320016", crc_object + "91320016")
    add(
        "emvco-crc-not-last",
        moved,
        "tag 63 moved before tag 91",
        error={
            "raises": "CRCError",
            "code": "crc_not_last",
            "path": ["63"],
            "offset": at(moved, crc_object),
        },
    )
    short = B7 + "6303ABC"
    add(
        "emvco-crc-length-3",
        short,
        "tag 63 with length 03",
        error={"raises": "CRCError", "code": "crc_length", "path": ["63"], "offset": len(B7)},
    )
    add(
        "emvco-crc-not-hex",
        B7 + "6304XYZW",
        "tag 63 value is not hex",
        error={"raises": "CRCError", "code": "crc_format", "path": ["63"], "offset": len(B7)},
    )

    # -- decode errors: TLV (EMVCo MPM 4.3.1.1, 4.4) -----------------------------------------
    bad_len = seal(swap("5802CN", "58A2CN"))
    add(
        "emvco-tlv-length-not-digits",
        bad_len,
        "length of tag 58 written '0A'... as 'A2'",
        error={
            "raises": "TLVError",
            "code": "tlv_bad_length",
            "path": ["58"],
            "offset": at(bad_len, "58A2CN"),
        },
    )
    bad_tag = seal(swap("5802CN", "X802CN"))
    add(
        "emvco-tlv-id-not-digits",
        bad_tag,
        "ID 58 written 'X8'",
        error={
            "raises": "TLVError",
            "code": "tlv_bad_tag",
            "path": [],
            "offset": at(bad_tag, "X802CN"),
        },
    )
    overrun = seal(B7 + "9950short")
    add(
        "emvco-tlv-value-overruns",
        overrun,
        "tag 99 declares 50 characters but the text ends first",
        error={
            "raises": "TLVError",
            "code": "tlv_truncated",
            "path": ["99"],
            "offset": at(overrun, "9950short"),
        },
    )
    add(
        "emvco-not-emv-wechat",
        "wxp://f2f0qPiSLTIgmO3cV5mAyZTf0oyOBbLUVcXv",
        "a WeChat Pay URL",
        error={"raises": "DecodeError", "code": "not_emv", "path": [], "offset": 0},
        base="WeChat Pay URL shape",
    )
    add(
        "emvco-not-emv-upi",
        "upi://pay?pa=merchant@bank&pn=Merchant&am=10.00&cu=INR",
        "a UPI deep link",
        error={"raises": "DecodeError", "code": "not_emv", "path": [], "offset": 0},
        base="UPI deep link shape",
    )
    add(
        "emvco-not-emv-text",
        "hello world, this is not a payment code",
        "plain text",
        error={"raises": "DecodeError", "code": "not_emv", "path": [], "offset": 0},
        base="plain text",
    )
    add(
        "emvco-trailing-newline",
        sealed + "\n",
        "a scanner's trailing newline",
        error={
            "raises": "TLVError",
            "code": "surrounding_whitespace",
            "path": [],
            "offset": len(sealed),
        },
    )
    add(
        "emvco-empty",
        "",
        "empty text",
        error={"raises": "TLVError", "code": "payload_empty", "path": [], "offset": 0},
        base="empty text",
    )

    # -- length units (EMVCo MPM 4.4.1.1 counts characters) ----------------------------------
    bytes_64 = "6432" + "0002ZH" + "0112最佳运输" + "0206北京"
    add(
        "emvco-length-unit-utf8-bytes",
        seal(swap("64200002ZH0104最佳运输0202北京", bytes_64)),
        "template 64 written with lengths counted in UTF-8 bytes (a byte-counting generator)",
        warnings=["length_unit_bytes"],
    )
    emoji_name = "Cafe 😀"  # 6 code points, 7 UTF-16 code units, 9 UTF-8 bytes
    utf16_64 = "6417" + "0002EN" + "0107" + emoji_name
    add(
        "emvco-length-unit-utf16",
        seal(swap("64200002ZH0104最佳运输0202北京", utf16_64)),
        "template 64 with an emoji name, lengths counted in UTF-16 code units (JavaScript String.length)",
        warnings=["length_unit_utf16"],
    )

    # -- root rules ----------------------------------------------------------------------------
    rule(
        "emvco-payload-format-not-first",
        swap("000201010212", "010212000201"),
        "IDs 00 and 01 swapped",
        "payload_format_not_first",
        ["01"],
        "010212000201",
    )
    rule(
        "emvco-payload-format-03",
        swap("000201", "000203"),
        "payload format indicator 03",
        "payload_format_value",
        ["00"],
        "000203",
    )
    add(
        "emvco-payload-format-02-warning",
        seal(swap("000201", "000202")),
        "payload format indicator 02 (DuitNow's version)",
        warnings=["payload_format_value"],
    )
    rule(
        "emvco-initiation-13",
        swap("010212", "010213"),
        "point of initiation 13",
        "initiation_value",
        ["01"],
        "010213",
    )
    add(
        "emvco-initiation-21-warning",
        seal(swap("010212", "010221")),
        "point of initiation 21 (Thai QR BLE)",
        warnings=["initiation_value"],
    )
    no_accounts = swap("29300012D156000000000510A93FO3230Q31280012D15600000001030812345678", "")
    rule(
        "emvco-no-merchant-account",
        no_accounts,
        "merchant accounts 29 and 31 removed",
        "no_merchant_account",
        [],
        None,
    )
    rule(
        "emvco-missing-currency",
        swap("5303156", ""),
        "tag 53 removed",
        "missing_field",
        ["53"],
        None,
    )
    rule("emvco-missing-country", swap("5802CN", ""), "tag 58 removed", "missing_field", ["58"], None)
    add(
        "emvco-missing-mcc-warning",
        seal(swap("52044111", "")),
        "tag 52 removed (as in P2P codes)",
        warnings=["missing_field"],
    )
    rule(
        "emvco-mcc-3-digits",
        swap("52044111", "5203411"),
        "MCC with 3 digits",
        "value_length",
        ["52"],
        "5203411",
    )
    rule(
        "emvco-mcc-not-numeric",
        swap("52044111", "520441A1"),
        "MCC '41A1'",
        "not_numeric",
        ["52"],
        "520441A1",
    )
    rule(
        "emvco-currency-unknown",
        swap("5303156", "5303001"),
        "currency 001",
        "currency_unknown",
        ["53"],
        "5303001",
    )
    rule(
        "emvco-amount-comma",
        swap("540523.72", "540523,72"),
        "amount '23,72'",
        "amount_format",
        ["54"],
        "540523,72",
    )
    rule(
        "emvco-amount-zero",
        swap("540523.72", "54040.00"),
        "amount '0.00'",
        "amount_zero",
        ["54"],
        "54040.00",
    )
    rule(
        "emvco-amount-3-decimals-cny",
        swap("540523.72", "540623.725"),
        "amount '23.725' in CNY (2 minor units)",
        "amount_precision",
        ["54"],
        "540623.725",
    )
    rule(
        "emvco-amount-14-chars",
        swap("540523.72", "541412345678901.12"),
        "amount of 14 characters",
        "value_too_long",
        ["54"],
        "541412345678901.12",
    )
    add(
        "emvco-amount-trailing-point",
        seal(swap("540523.72", "540324.")),
        "amount '24.' (valid per 4.7.4.1)",
        warnings=[],
    )
    rule(
        "emvco-tip-indicator-04",
        swap("550201", "550204"),
        "tip indicator 04",
        "tip_indicator_value",
        ["55"],
        "550204",
    )
    rule(
        "emvco-fee-fixed-missing",
        swap("550201", "550202"),
        "indicator 02 without tag 56",
        "missing_field",
        ["56"],
        None,
    )
    rule(
        "emvco-fee-fixed-unexpected",
        swap("550201", "550201" + "56031.5"),
        "tag 56 with indicator 01",
        "unexpected_field",
        ["56"],
        "56031.5",
    )
    rule(
        "emvco-fee-percentage-zero",
        swap("550201", "550203" + "570500.00"),
        "percentage fee 00.00",
        "fee_percentage_range",
        ["57"],
        "570500.00",
    )
    add(
        "emvco-fee-percentage-3",
        seal(swap("550201", "550203" + "57043.00")),
        "percentage fee 3.00",
        warnings=[],
    )
    rule(
        "emvco-country-unknown",
        swap("5802CN", "5802XX"),
        "country 'XX'",
        "country_unknown",
        ["58"],
        "5802XX",
    )
    rule(
        "emvco-country-lowercase",
        swap("5802CN", "5802cn"),
        "country 'cn'",
        "country_unknown",
        ["58"],
        "5802cn",
    )
    rule(
        "emvco-name-non-ascii",
        swap("5914BEST TRANSPORT", "5914BEST TRÀNSPORT"),
        "merchant name with 'À'",
        "invalid_character",
        ["59"],
        "5914BEST TRÀNSPORT",
        notes="59 is format ans (printable ASCII); non-Latin names belong in template 64",
    )
    rule(
        "emvco-name-26-chars",
        swap("5914BEST TRANSPORT", "5926BEST TRANSPORT AND LOGISTI"),
        "merchant name of 26 characters",
        "value_too_long",
        ["59"],
        "5926BEST TRANSPORT",
    )
    rule(
        "emvco-city-16-chars",
        swap("6007BEIJING", "6016BEIJING CHAOYANG"),
        "merchant city of 16 characters",
        "value_too_long",
        ["60"],
        "6016BEIJING",
    )
    rule(
        "emvco-postal-11-chars",
        swap("6007BEIJING", "6007BEIJING" + "611112345678901"),
        "postal code of 11 characters",
        "value_too_long",
        ["61"],
        "611112345678901",
    )
    rule(
        "emvco-name-empty",
        swap("5914BEST TRANSPORT", "5900"),
        "merchant name of length 00",
        "value_empty",
        ["59"],
        "5900",
    )
    rule(
        "emvco-duplicate-root-54",
        swap("540523.72", "540523.72" + "540510.00"),
        "tag 54 twice",
        "duplicate_tag",
        ["54"],
        "540510.00",
    )
    add(
        "emvco-rfu-root-70",
        seal(swap("5802CN", "5802CN7003abc")),
        "RFU tag 70 present",
        warnings=["rfu_tag"],
    )

    # -- template 62 (EMVCo MPM 4.8) ----------------------------------------------------------
    t62v = "030412340603***0708A60086670902ME"
    t62 = tlv("62", t62v)
    assert t62 in B7
    rule(
        "emvco-62-empty",
        swap(t62, "6200"),
        "template 62 with length 00 (no objects)",
        "template_empty",
        ["62"],
        "6200",
    )
    rule(
        "emvco-62-bill-26-chars",
        swap(t62, tlv("62", tlv("01", "B" * 26))),
        "62/01 of 26 characters",
        "value_too_long",
        ["62", "01"],
        "0126BBBB",
    )
    rule(
        "emvco-62-consumer-data-MMA",
        swap(t62, tlv("62", t62v.replace("0902ME", "0903MMA"))),
        "62/09 'MMA'",
        "consumer_data_request",
        ["62", "09"],
        "0903MMA",
    )
    rule(
        "emvco-62-consumer-data-X",
        swap(t62, tlv("62", tlv("09", "AX"))),
        "62/09 'AX'",
        "consumer_data_request",
        ["62", "09"],
        "0902AX",
    )
    rule(
        "emvco-62-merchant-channel-900",
        swap(t62, tlv("62", tlv("11", "900"))),
        "62/11 '900'",
        "merchant_channel_value",
        ["62", "11"],
        "1103900",
    )
    add(
        "emvco-62-merchant-channel-521",
        seal(swap(t62, tlv("62", tlv("11", "521")))),
        "62/11 '521' (e-commerce)",
        warnings=[],
    )
    rule(
        "emvco-62-tax-id-21-chars",
        swap(t62, tlv("62", tlv("10", "1" * 21))),
        "62/10 of 21 characters",
        "value_too_long",
        ["62", "10"],
        "1021111",
    )
    rule(
        "emvco-62-duplicate-03",
        swap(t62, tlv("62", tlv("03", "1234") + tlv("03", "5678"))),
        "62/03 twice",
        "duplicate_tag",
        ["62", "03"],
        "03045678",
    )
    rule(
        "emvco-62-not-tlv",
        swap(t62, tlv("62", "hello")),
        "template 62 holding 'hello'",
        "template_malformed",
        ["62"],
        "6205hello",
    )
    add(
        "emvco-62-sub-00-warning",
        seal(swap(t62, tlv("62", tlv("00", "com.p2pqrpay") + tlv("05", "REF1")))),
        "62/00 GUID as QR Ph writes it",
        warnings=["unallocated_tag"],
    )
    add(
        "emvco-62-rfu-20-warning",
        seal(swap(t62, tlv("62", tlv("20", "abc")))),
        "62/20 (RFU)",
        warnings=["rfu_tag"],
    )
    rule(
        "emvco-62-50-no-guid",
        swap(t62, tlv("62", tlv("50", tlv("01", "abc")))),
        "62/50 without sub-ID 00",
        "guid_missing",
        ["62", "50"],
        "50070103abc",
    )

    # -- template 64 (EMVCo MPM 4.9) ----------------------------------------------------------
    t64 = "64200002ZH0104最佳运输0202北京"
    rule(
        "emvco-64-no-name",
        swap(t64, tlv("64", tlv("00", "ZH") + tlv("02", "北京"))),
        "64 without 01",
        "missing_field",
        ["64", "01"],
        None,
    )
    rule(
        "emvco-64-language-digits",
        swap(t64, tlv("64", tlv("00", "Z1") + tlv("01", "最佳运输"))),
        "64/00 'Z1'",
        "language_code",
        ["64", "00"],
        "0002Z1",
    )
    rule(
        "emvco-64-language-unknown",
        swap(t64, tlv("64", tlv("00", "XQ") + tlv("01", "最佳运输"))),
        "64/00 'XQ' (not ISO 639-1)",
        "language_code",
        ["64", "00"],
        "0002XQ",
    )
    rule(
        "emvco-64-name-26-chars",
        swap(t64, tlv("64", tlv("00", "ZH") + tlv("01", "最" * 26))),
        "64/01 of 26 characters",
        "value_too_long",
        ["64", "01"],
        "0126",
    )
    rule(
        "emvco-64-control-char",
        swap(t64, tlv("64", tlv("00", "ZH") + tlv("01", "最佳\u0007运输"))),
        "64/01 with BEL (U+0007)",
        "invalid_character",
        ["64", "01"],
        "0105",
    )
    add(
        "emvco-64-decomposed-warning",
        seal(swap(t64, tlv("64", tlv("00", "FR") + tlv("01", "Cafe\u0301")))),
        "64/01 'Café' with a combining acute accent (not NFC)",
        warnings=["not_precomposed"],
    )
    add(
        "emvco-64-rfu-03-warning",
        seal(swap(t64, t64[:2] + f"{len(t64) - 4 + 7:02d}" + t64[4:] + tlv("03", "abc"))),
        "64/03 (RFU)",
        warnings=["rfu_tag"],
    )

    # -- merchant-account and unreserved templates (4.7.11, 4.11) ------------------------------
    rule(
        "emvco-29-no-guid",
        swap("29300012D156000000000510A93FO3230Q", "29140510A93FO3230Q"),
        "template 29 without sub-ID 00",
        "guid_missing",
        ["29"],
        "29140510A93FO3230Q",
    )
    add(
        "emvco-29-guid-not-aid-warning",
        seal(
            swap("0012D156000000000510A93FO3230Q", "0005hello0510A93FO3230Q").replace("29300005", "29230005")
        ),
        "template 29 whose sub-ID 00 is 'hello'",
        warnings=["guid_format"],
    )
    rule(
        "emvco-29-guid-33-chars",
        swap("29300012D156000000000510A93FO3230Q", tlv("29", tlv("00", "A" * 34))),
        "sub-ID 00 of 34 characters",
        "value_too_long",
        ["29", "00"],
        "0034AAAA",
    )
    add(
        "emvco-31-not-tlv-warning",
        seal(swap("31280012D15600000001030812345678", "3105hello")),
        "template 31 holding 'hello' (kept raw)",
        warnings=["template_malformed"],
    )
    rule(
        "emvco-91-no-guid",
        swap("91320016A011223344998877070812345678", "91120708123456789"[:16]),
        "template 91 without GUID",
        "guid_missing",
        ["91"],
        "91120708",
    )
    rule(
        "emvco-duplicate-in-29",
        swap(
            "29300012D156000000000510A93FO3230Q",
            tlv("29", tlv("00", "D15600000000") + tlv("05", "A") + tlv("05", "B")),
        ),
        "29/05 twice",
        "duplicate_tag",
        ["29", "05"],
        "0501B",
    )

    # -- payload length (EMVCo MPM 4.1) ---------------------------------------------------------
    long_body = B7 + "".join(
        tlv(f"{t}", tlv("00", "com.example.long") + tlv("01", "x" * 70)) for t in range(92, 97)
    )
    add(
        "emvco-payload-over-512-warning",
        seal(long_body),
        "five unreserved templates push it past 512 characters",
        warnings=["payload_length"],
    )


def generate() -> str:
    vectors.clear()
    main_vectors()
    data = {
        "description": "Synthetic vectors, one per EMVCo MPM v1.1 rule and decode error, generated by "
        f"{SCRIPT}. Do not edit by hand: change the script and rerun it.",
        "vectors": vectors,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        return 0 if OUT.read_text(encoding="utf-8") == text else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(vectors)} vectors to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
