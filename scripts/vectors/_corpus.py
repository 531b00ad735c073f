"""The conformance-corpus format (fixtures/README.md): an independent reference TLV
walker, the rule-id and flag registries, and the conversion of qrpay's vector records
(the dicts the generators build) into implementation-neutral vectors.

Nothing here imports qrpay: syntax expectations come from ``walk`` below (a separate
TLV walk in characters, bytes or UTF-16 units, with the bit-by-bit CRC of _common), rule
ids come from the hand-written expected error of each vector.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from _common import crc16

ROOT = Path(__file__).resolve().parent.parent.parent
DECODE_SCHEMA = "schema/decode.schema.json"
ENCODE_SCHEMA = "schema/encode.schema.json"
TEMPLATES = {f"{t:02d}" for t in (*range(26, 52), 62, 64, *range(80, 100))}
THIRD_PARTY = (
    "third-party material quoted as a short factual test datum (a payment-code string) for "
    "interoperability testing; the licence of the cited source applies to it"
)

# -- the reference walker -----------------------------------------------------------------


class Malformed(ValueError):
    """The text is not a sequence of ID/length/value data objects with a good CRC."""


def _units(text: str, unit: str) -> list[Any]:
    if unit == "chars":
        return list(text)
    if unit == "bytes":
        return list(text.encode("utf-8"))
    raw = text.encode("utf-16-le")
    return [raw[i : i + 2] for i in range(0, len(raw), 2)]


def _join(units: list[Any], unit: str) -> str:
    if unit == "chars":
        return "".join(units)
    if unit == "bytes":
        return bytes(units).decode("utf-8")  # raises on a split character
    return b"".join(units).decode("utf-16-le")


def _flat(text: str, unit: str) -> list[tuple[str, str]]:
    units = _units(text, unit)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(units):
        if len(units) - i < 4:
            raise Malformed("fewer than 4 units left for an ID and a length")
        head = _join(units[i : i + 4], unit)
        tag, length = head[:2], head[2:]
        if not (tag.isascii() and tag.isdigit() and length.isascii() and length.isdigit()):
            raise Malformed(f"bad ID or length {head!r}")
        stop = i + 4 + int(length)
        if stop > len(units):
            raise Malformed(f"value of {tag} runs past the end")
        try:
            value = _join(units[i + 4 : stop], unit)
        except UnicodeDecodeError as exc:
            raise Malformed(f"value of {tag} splits a character") from exc
        out.append((tag, value))
        i = stop
    return out


def walk(text: str, unit: str = "chars") -> list[list[Any]]:
    """Root objects ``[tag, value]`` (``[tag, value, children]`` for a template whose
    value parses) of a payload, or :class:`Malformed`."""
    if not text:
        raise Malformed("empty")
    root = _flat(text, unit)
    if not root or root[-1][0] != "63" or any(tag == "63" for tag, _ in root[:-1]):
        raise Malformed("tag 63 is missing or not last")
    crc = root[-1][1]
    if len(crc) != 4 or not re.fullmatch(r"[0-9A-Fa-f]{4}", crc):
        raise Malformed("tag 63 is not 4 hex digits")
    signed = text[: len(text) - 4]
    if not signed.endswith("6304") or int(crc, 16) != crc16(signed.encode("utf-8")):
        raise Malformed("CRC mismatch")
    objects: list[list[Any]] = []
    for tag, value in root:
        item: list[Any] = [tag, value]
        if tag in TEMPLATES:  # an empty value is an empty template
            with contextlib.suppress(Malformed):
                item.append([[t, v] for t, v in _flat(value, unit)])
        objects.append(item)
    return objects


def walk_three_digit_crc(text: str) -> list[list[Any]]:
    """The objects of a payload whose CRC is printed with three hex digits (``6304B8B`` or
    ``6303B8B``: the leading zero dropped), or :class:`Malformed`. The three digits, read
    as a number, must be the CRC over the text up to and including ``6304``."""
    field, digits = text[-7:-3], text[-3:]
    if field not in ("6304", "6303") or not re.fullmatch(r"[0-9A-Fa-f]{3}", digits):
        raise Malformed("no three-digit CRC")
    signed = text[:-7] + "6304"
    if int(digits, 16) != crc16(signed.encode("utf-8")):
        raise Malformed("CRC mismatch")
    objects = walk(signed + f"{int(digits, 16):04X}", "chars")
    objects[-1][1] = digits
    return objects


def syntax_of(text: str) -> tuple[str, list[list[Any]] | None, list[str]]:
    """(result, objects, flags): ``valid`` in characters; ``acceptable`` with a flag when
    only a byte- or UTF-16-counted walk succeeds, or the CRC has three digits; else
    ``invalid``."""
    try:
        return "valid", walk(text, "chars"), []
    except Malformed:
        pass
    with contextlib.suppress(Malformed):
        return "acceptable", walk_three_digit_crc(text), ["crc-three-digits"]
    for unit, flag in (("bytes", "length-bytes"), ("utf16", "length-utf16")):
        try:
            return "acceptable", walk(text, unit), [flag]
        except Malformed:
            continue
    return "invalid", None, []


# -- registries ------------------------------------------------------------------------------

#: qrpay's EMVCo-level codes -> neutral rule ids (scheme codes map mechanically, see rule_id)
EMVCO_RULES = {
    "not_text": "emvco.text.not-text",
    "not_utf8": "emvco.text.not-utf8",
    "not_emv": "emvco.text.not-emv",
    "payload_empty": "emvco.text.empty",
    "payload_too_long": "emvco.text.too-long",
    "surrounding_whitespace": "emvco.text.surrounding-whitespace",
    "invalid_text": "emvco.text.lone-surrogate",
    "tlv_bad_tag": "emvco.tlv.id-not-digits",
    "tlv_bad_length": "emvco.tlv.length-not-digits",
    "tlv_truncated": "emvco.tlv.truncated",
    "tlv_split_character": "emvco.tlv.split-character",
    "length_unit_bytes": "emvco.tlv.length-in-bytes",
    "length_unit_utf16": "emvco.tlv.length-in-utf16",
    "crc_missing": "emvco.crc.missing",
    "crc_not_last": "emvco.crc.not-last",
    "crc_length": "emvco.crc.length",
    "crc_format": "emvco.crc.format",
    "crc_mismatch": "emvco.crc.mismatch",
    "crc_lowercase": "emvco.crc.lowercase",
    "crc_three_digits": "emvco.crc.three-digits",
    "payload_format_not_first": "emvco.pfi.not-first",
    "payload_format_value": "emvco.pfi.value",
    "initiation_value": "emvco.poi.value",
    "no_merchant_account": "emvco.account.none",
    "missing_field": "emvco.field.missing",
    "unexpected_field": "emvco.field.unexpected",
    "value_empty": "emvco.value.empty",
    "value_too_long": "emvco.value.too-long",
    "value_length": "emvco.value.length",
    "not_numeric": "emvco.format.not-numeric",
    "invalid_character": "emvco.format.invalid-character",
    "not_precomposed": "emvco.format.not-nfc",
    "bidi_control": "text.bidi-control",
    "invisible_character": "text.invisible-character",
    "line_separator": "text.line-separator",
    "mixed_script": "text.mixed-script",
    "duplicate_tag": "emvco.tlv.duplicate-id",
    "currency_unknown": "emvco.currency.unknown",
    "currency_alphabetic": "emvco.currency.alphabetic",
    "amount_format": "emvco.amount.format",
    "amount_zero": "emvco.amount.zero",
    "amount_precision": "emvco.amount.precision",
    "tip_indicator_value": "emvco.tip.indicator",
    "fee_percentage_range": "emvco.tip.percentage-range",
    "country_unknown": "emvco.country.unknown",
    "template_empty": "emvco.template.empty",
    "template_malformed": "emvco.template.malformed",
    "guid_missing": "emvco.guid.missing",
    "guid_format": "emvco.guid.format",
    "unallocated_tag": "emvco.id.unallocated",
    "rfu_tag": "emvco.id.rfu",
    "consumer_data_request": "emvco.additional.consumer-data-request",
    "merchant_channel_value": "emvco.additional.merchant-channel",
    "language_code": "emvco.language.code",
    "payload_length": "emvco.text.over-512",
}

SCHEME_DOCS = {
    "khqr": "KHQR (National Bank of Cambodia, Bakong): KHQR Content Guideline as implemented by the "
    "official SDK npm bakong-khqr 1.0.20; SDK error code in parentheses",
    "laoqr": "LAOQR (LAPNet) and BCEL OnePay merchant profile",
    "promptpay": "Thai QR Code Standard for Payment Transactions (Bank of Thailand / ITMX), templates 29/30",
    "paynow": "PayNow QR Specifications v1.3 (26 June 2018)",
    "sgqr": "SGQR Specifications (MAS / IMDA), template 51 SG.SGQR",
    "duitnow": "PayNet DuitNow QR Generation Specification V1.5",
    "qris": "QRIS standard (Bank Indonesia / ASPI)",
    "vietqr": "NAPAS VietQR (IBFT) QR specification",
    "qrph": "QR Ph P2P and P2M specifications (BSP / PPMI)",
    "unionpay": "UnionPay International QRC merchant-presented profile (IDs 15/16)",
    "pix": "BCB Manual do BR Code and Manual de Padrões para Iniciação do Pix (Pix Regulation Annex II); "
    "DICT API for keys",
    "fps": "HKMA Common QR Code Specification v1.0 and HKICL FPS payee-presented QR spec v1.2, as quoted by "
    "implementations (derekchu322/fps-qr-code, DemChing/hkqr-fps, Odoo l10n_hk)",
    "bharatqr": "Bharat QR (NPCI; specification not public): Razorpay's Bharat QR constants and real codes",
    "jpqr": "JPQR MPM guideline 1.0 (Payments Japan Association), as checked by mercari/go-emv-code",
    "lankaqr": "LANKAQR Specification v1.3 (CBSL; text not public): LankaPay conventions seen in real codes",
    "nepalpay": "NCHL NEPALPAY QR Technical & API Specification v2.0 and NCHL's API examples",
    "fonepay": "Fonepay merchant QR (no public specification): conventions seen in real codes",
    "raast": "SBP QR standard / Raast P2M (text not public): real codes; IBAN per ISO 13616-1",
    "keqr": "CBK Kenya Quick Response Code Standard 2023, as read by KevinMwita7/keqr",
    "nqr": "NIBSS NQR (no public specification): conventions seen in real codes",
    "cpm": "EMV QR Code Specification for Payment Systems, Consumer-Presented Mode v1.0 (July 2017)",
}

#: qrpay warning codes (deviations) -> neutral flags; scheme warnings map mechanically
EMVCO_FLAGS = {
    "crc_lowercase": "crc-lowercase",
    "crc_three_digits": "crc-three-digits",
    "currency_alphabetic": "currency-alphabetic",
    "length_unit_bytes": "length-bytes",
    "length_unit_utf16": "length-utf16",
    "payload_format_value": "pfi-not-01",
    "initiation_value": "poi-not-11-12",
    "missing_field": "root-field-absent",
    "template_malformed": "template-not-tlv",
    "guid_format": "guid-not-aid",
    "unallocated_tag": "unallocated-id",
    "rfu_tag": "rfu-id",
    "not_precomposed": "text-not-nfc",
    "payload_length": "payload-over-512",
    "mixed_script": "mixed-script",
}
FLAG_NOTES = {
    "crc-lowercase": "the CRC's hex digits A-F are lower case (EMVCo MPM 4.7.3.2 asks for upper "
    "case; the syntax compare is case-insensitive, rules may accept or refuse)",
    "length-bytes": "lengths count UTF-8 bytes instead of characters (EMVCo MPM 4.4.1.1 counts "
    "characters); `objects` is the reading in bytes; an implementation may refuse the text",
    "length-utf16": "lengths count UTF-16 code units (JavaScript String.length); differs from "
    "characters only for non-BMP text such as emoji; `objects` is the reading in UTF-16 units",
    "crc-three-digits": "the CRC is printed with three hex digits, its leading zero dropped "
    "(6304B8B, the length left at 04, or 6303B8B); read as a number it is the CRC over the text up "
    "to and including 6304 (EMVCo MPM 4.7.3 writes four digits); `objects` ends with the value as written",
    "currency-alphabetic": "ID 53 holds the ISO 4217 alphabetic code (MMK) instead of the numeric "
    "one (EMVCo MPM 4.7.5.1 asks for the numeric code)",
    "tag-order": "root IDs not in ascending order (EMVCo MPM 4.3.1.2 does not require order; "
    "the KHQR SDK defines but does not apply an order check)",
}


def _table_meanings() -> dict[str, str]:
    """code -> meaning, from the tables of docs/errors.md and docs/schemes/*.md."""
    out: dict[str, str] = {}
    for doc in [ROOT / "docs" / "errors.md", *sorted((ROOT / "docs" / "schemes").glob("*.md"))]:
        for line in doc.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\| `([a-z0-9_.]+)` \|(.*)\|\s*$", line)
            if m and m.group(1) not in out:
                cells = [c.strip() for c in m.group(2).split("|")]
                out[m.group(1)] = cells[-1]
    return out


MEANINGS = _table_meanings()


def rule_id(code: str) -> str:
    if code in EMVCO_RULES:
        return EMVCO_RULES[code]
    scheme, _, rest = code.partition(".")
    assert scheme in SCHEME_DOCS and rest, code
    return f"{scheme}.{rest.replace('_', '-')}"


def flag_of(code: str) -> str:
    if code in EMVCO_FLAGS:
        return EMVCO_FLAGS[code]
    if code == "khqr.tag_order":
        return "tag-order"
    if code.startswith("cpm."):  # consumer-presented deviations: cpm.aid_ascii -> cpm-aid-ascii
        return "cpm-" + code.partition(".")[2].replace("_", "-")
    return rule_id(code)


#: clauses for the codes whose docs/errors.md text cites none
CLAUSES = {
    "not_text": "EMVCo MPM v1.1 4.3, 4.4 (a payload is text: data objects of ID, length and value)",
    "not_emv": "EMVCo MPM v1.1 4.3, 4.6.1.1 (a payload is data objects, starting with ID 00)",
    "payload_empty": "EMVCo MPM v1.1 4.6.1.1 (ID 00 first, ID 63 last: a payload is never empty)",
    "surrounding_whitespace": "EMVCo MPM v1.1 4.3, 4.6.1.2 (data objects only; ID 63 is the last)",
    "invalid_text": "EMVCo MPM v1.1 1.4.3 (text is UTF-8)",
    "tlv_truncated": "EMVCo MPM v1.1 4.3, 4.4 (a value has the length its length field gives)",
    "tlv_split_character": "EMVCo MPM v1.1 4.4.1.1 (lengths count characters)",
    "length_unit_utf16": "EMVCo MPM v1.1 4.4.1.1 (lengths count characters)",
    "template_malformed": "EMVCo MPM v1.1 4.4 (a template's value is a sequence of data objects)",
    "unallocated_tag": "EMVCo MPM v1.1 4.8 (Additional Data Field Template: ID 00 is not allocated)",
}


def _clause(code: str) -> str:
    if code in CLAUSES:
        return CLAUSES[code]
    meaning = MEANINGS.get(code, "")
    refs = re.findall(r"\(([^()]*\d[^()]*)\)", meaning)
    if "." in code:
        scheme = code.partition(".")[0]
        page = "docs/cpm.md" if scheme == "cpm" else f"docs/schemes/{scheme}.md"
        doc = f"{SCHEME_DOCS[scheme]} (qrpay {page})"
        return doc + (f"; {refs[-1]}" if refs else "")
    if code in {"bidi_control", "invisible_character", "line_separator", "mixed_script"}:
        return refs[-1] if refs else "Unicode TR #36 / UTS #39 (qrpay docs/security.md)"
    return "EMVCo MPM v1.1 " + (refs[-1] if refs else "")


def rule_entry(code: str) -> dict[str, Any]:
    return {"clause": _clause(code), "description": MEANINGS.get(code, code), "qrpay_code": code}


def flag_entry(code: str) -> str:
    flag = flag_of(code)
    return FLAG_NOTES.get(flag) or f"{MEANINGS.get(code, code)} (deviation; rule {rule_id(code)})"


# -- sources ---------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s,;)']+")
_COMMIT = re.compile(r"commit ([0-9a-f]{7,40})")
_REPO_FILE = re.compile(r"^(?:[^']*?\s)?([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+) ((?:[\w.-]+/)*[\w.-]+\.\w+)")
_PACKAGE = re.compile(r"npm (@?[\w./-]+) (\d+\.\d+\.\d+)")
_INDEX = re.compile(r"search index id (\d+)")
_SECTION = re.compile(r"((?:section|Annex|example) [A-Z0-9][\w.]*)", re.I)


def structure_source(
    kind: str, text: str, *, rule: str | None = None, generator: str | None = None
) -> dict[str, Any]:
    """A structured source from the old one-line source text (kept as ``citation``)."""
    src: dict[str, Any] = {"kind": kind, "citation": text}
    if kind == "synthetic":
        m = re.match(r"synthetic: (\S+) \((.*)\)$", text, re.S)
        src["script"] = m.group(1) if m else "scripts/make_vectors.py"
        if generator:
            src["generator"] = generator
        if m:
            how, _, base = m.group(2).partition("; derived from ")
            src["how"] = how
            if base:
                src["derived_from"] = base
        elif "derived from" in text:
            src["derived_from"] = text.split("derived from", 1)[1].strip(" )")
        src["rule"] = rule or "baseline: a valid payload"
        return src
    url = _URL.search(text)
    if url:
        src["url"] = url.group(0)
    commit = _COMMIT.search(text)
    if commit:
        src["commit"] = commit.group(1)
    repo = _REPO_FILE.search(text)
    if repo and "." not in repo.group(1).split("/")[0] and not repo.group(1).startswith("emv-and"):
        src["repository"] = repo.group(1)
        src["file"] = repo.group(2)
    index = _INDEX.search(text)
    if index:
        src["search_index_id"] = int(index.group(1))
    if kind == "implementation":
        pkg = _PACKAGE.search(text)
        if pkg:
            src["package"], src["version"] = pkg.group(1), pkg.group(2)
        elif "ts-khqr" in text:
            src["package"], src["version"] = "ts-khqr (GitHub ishinvin/ts-khqr)", "unpinned (repository HEAD)"
        elif "vietqr-ts" in text:
            src["package"], src["version"] = (
                "vietqr-ts (GitHub binhnguyenduc/vietqr-ts)",
                "unpinned (repository HEAD)",
            )
        elif "promptpay-qr" in text:
            src["package"], src["version"] = "promptpay-qr", "0.5.0"
    if kind == "spec":
        section = _SECTION.search(text)
        src["document"] = text.split(",", maxsplit=1)[0].split(" (", maxsplit=1)[0]
        src["section"] = section.group(1) if section else ""
    src["licence"] = THIRD_PARTY
    # a URL found in the text of a file whose repository the search index did not name is
    # the URL of an article it cites, not of the file: such a vector is not traceable
    unnamed = "repository not named" in text or "repositories not named" in text
    src["traceable"] = bool(
        ("url" in src and not unnamed)
        or ("repository" in src and "file" in src)
        or (kind == "spec" and src["section"])
        or (kind == "implementation" and "version" in src and "unpinned" not in src["version"])
    )
    return src


#: invalid vectors where qrpay reports more errors than the one the vector was written for:
#: recorded from qrpay on 2026-11-30 and reviewed by hand (each extra is a real second
#: breach of the same payload). tests/test_vectors.py checks the error set exactly:
#: {qrpay.error} | qrpay.also_errors.
EXTRA_ERRORS: dict[str, list[list[Any]]] = {
    "duitnow-rust-fixture-format-01": [
        ["duitnow.acquirer_id", ["26", "01"]],
        ["duitnow.qr_id", ["26", "02"]],
    ],
    "khqr-sdk-readme-verify-example-terminal-27": [
        ["khqr.acquiring_bank", ["30", "02"]],
        ["khqr.merchant_id", ["30", "01"]],
    ],
    "khqr-aba-payway-sandbox-dynamic-no-expiration": [["khqr.timestamp_format", ["99", "00"]]],
    "khqr-dynamic-without-amount": [["khqr.expiration_missing", ["99"]]],
    "khqr-expiration-before-creation": [["khqr.expired", ["99", "01"]]],
    "khqr-sdk-test-14-digit-timestamps": [["khqr.timestamp_format", ["99", "01"]]],
    "paynow-sgqr-spec-style-sample-old-template": [["paynow.editable_without_amount", ["36", "03"]]],
    "paynow-generator-uen-template-length-50": [["missing_field", ["58"]], ["template_malformed", ["62"]]],
}

# -- conversion ----------------------------------------------------------------------------


def convert(old: dict[str, Any], scheme: str | None, generator: str | None = None) -> dict[str, Any]:
    """One vector of qrpay's earlier format (fixtures/README.md before 1.0.0) -> 1.0.0."""
    payload = old["payload"]
    syn, objects, syn_flags = syntax_of(payload)
    qr: dict[str, Any] = {"valid": old["valid"]}
    for key in ("schemes", "expect", "warnings", "error"):
        if key in old:
            qr[key] = old[key]
    warnings = old.get("warnings", [])
    flags = sorted({*syn_flags, *(flag_of(w) for w in warnings)})
    if old["valid"]:
        rules_result = "acceptable" if flags else "valid"
        rules: dict[str, Any] = {"result": rules_result, "rule_ids": []}
        rule = None
        result = rules_result
    else:
        code = old["error"]["code"]
        rules = {"result": "invalid", "rule_ids": [rule_id(code)]}
        rule = rule_id(code)
        result = "invalid"
    if old["id"] in EXTRA_ERRORS:
        qr["also_errors"] = EXTRA_ERRORS[old["id"]]
    syntax: dict[str, Any] = {"result": syn}
    if objects is not None and syn != "invalid":
        syntax["objects"] = objects
    comment = old.get("notes", "")
    src = structure_source(
        old["kind"], old["source"], rule=rule or (flags[0] if flags else None), generator=generator
    )
    if src["kind"] == "synthetic" and src.get("how") and not comment:
        comment = src["how"]
    vector: dict[str, Any] = {"id": old["id"], "comment": comment, "payload": payload}
    if "now" in old:
        vector["now"] = old["now"]
    vector.update(
        {
            "scheme": scheme,
            "result": result,
            "flags": flags,
            "syntax": syntax,
            "rules": rules,
            "source": src,
            "qrpay": qr,
        }
    )
    return vector


def real_vector(entry: dict[str, Any], vid: str) -> dict[str, Any]:
    """A real payload found in public material (fixtures/incoming/): syntax from the walker,
    no rules claim (nobody has checked the scheme rules by hand)."""
    syn, objects, flags = syntax_of(entry["payload"])
    syntax: dict[str, Any] = {"result": syn}
    if objects is not None:
        syntax["objects"] = objects
    src: dict[str, Any] = {"kind": "real"}
    for key in ("url", "commit", "repository", "file", "document", "section"):
        if entry.get(key):
            src[key] = entry[key]
    if entry.get("notes"):
        src["citation"] = entry["notes"]
    src["licence"] = entry.get("licence") or THIRD_PARTY
    src["traceable"] = bool(src.get("url"))
    return {
        "id": vid,
        "comment": entry.get("notes", ""),
        "payload": entry["payload"],
        "scheme": entry.get("scheme"),
        "result": syn,
        "flags": flags,
        "syntax": syntax,
        "rules": None,
        "source": src,
    }


def to_file(description: str, scheme: str | None, vectors: list[dict[str, Any]]) -> dict[str, Any]:
    """A decode-vector file: numbered tcIds, the schema it follows."""
    numbered = []
    for n, vector in enumerate(vectors, 1):
        numbered.append({"tcId": n, **{k: v for k, v in vector.items() if k != "tcId"}})
    return {
        "schema": DECODE_SCHEMA,
        "kind": "decode",
        "description": description,
        "scheme": scheme,
        "vectors": numbered,
    }


def dumps(data: Any) -> str:
    """JSON with one space of indent, but each ``objects`` entry and every short list of
    scalars on one line (readable diffs, files a third the size)."""
    import json

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def render(value: Any, depth: int, key: str | None = None) -> str:
        pad, inner = " " * depth, " " * (depth + 1)
        if isinstance(value, dict):
            if not value:
                return "{}"
            items = [f"{inner}{compact(k)}: {render(v, depth + 1, k)}" for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(value, list):
            if key == "objects":
                return "[\n" + ",\n".join(inner + compact(v) for v in value) + "\n" + pad + "]"
            if all(not isinstance(v, dict) for v in value) and len(compact(value)) <= 100:
                return compact(value)
            return "[\n" + ",\n".join(inner + render(v, depth + 1) for v in value) + "\n" + pad + "]"
        return compact(value)

    return render(data, 0) + "\n"
