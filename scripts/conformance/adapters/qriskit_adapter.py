"""Conformance adapter for PyPI ``qriskit``: parse, validate and build QRIS payloads.

    python scripts/conformance/adapters/qriskit_adapter.py   (run with the scratch venv's python)

decode: ``qriskit.parse(payload)`` (TLV only; it strips surrounding whitespace first). A
``QRISParseError`` is syntax invalid; so is a CRC error from ``qriskit.validate.crc_issues``
(``crc.missing``, ``crc.mismatch``; ``crc.lowercase`` is a warning there). Otherwise ``objects``
are its nodes in text order, with children from ``qriskit.model.children_of`` for the templates
the spec defines (26-51, 62, 64, 80-99) where they parse.
rules: ``qriskit.validate(payload)`` (QRIS rules), claimed only for codes that name Indonesia
(58 = ID): ``invalid`` when it reports an error-level issue, with its issue codes mapped to the
suite's rule ids where one fits, else sent as ``qriskit:CODE``.
encode: the suite's encode vectors are KHQR, PayNow and VietQR: unsupported.
"""

from __future__ import annotations

from typing import Any

import qriskit
from _jsonl import serve
from qriskit.errors import QRISParseError
from qriskit.model import children_of
from qriskit.validate import crc_issues

TEMPLATES = {f"{n:02d}" for n in range(26, 52)} | {"62", "64"} | {str(n) for n in range(80, 100)}
RULE_IDS = {
    "crc.missing": "emvco.crc.missing",
    "crc.mismatch": "emvco.crc.mismatch",
    "crc.not_last": "emvco.crc.not-last",
    "pfi.invalid": "emvco.pfi.value",
    "tag.duplicate": "emvco.tlv.duplicate-id",
    "tag.required": "emvco.field.missing",
    "country.invalid": "emvco.country.unknown",
    "currency.invalid": "qris.currency",
    "tip.invalid": "emvco.tip.indicator",
}


def decode(req: dict[str, Any]) -> dict[str, Any]:
    try:
        qris = qriskit.parse(req["payload"])
    except QRISParseError:
        return {"syntax": "invalid"}
    if any(i.severity == "error" for i in crc_issues(qris)):
        return {"syntax": "invalid"}
    objects: list[list[Any]] = []
    for node in qris.nodes:
        entry: list[Any] = [node.tag, node.value]
        kids = children_of(node.value) if node.tag in TEMPLATES else None
        if kids:
            entry.append([[k.tag, k.value] for k in kids])
        objects.append(entry)
    out: dict[str, Any] = {"syntax": "valid", "objects": objects}
    if any(n.tag == "58" and n.value == "ID" for n in qris.nodes):
        errors = [i for i in qriskit.validate(qris) if i.severity == "error"]
        out["rules"] = "invalid" if errors else "valid"
        if errors:
            out["rule_ids"] = sorted({RULE_IDS.get(i.code, f"qriskit:{i.code}") for i in errors})
    return out


if __name__ == "__main__":
    serve(decode=decode)
