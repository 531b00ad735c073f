"""Conformance adapter for PyPI ``sgqrgen``: "parse, modify, and generate SGQR codes".

    python scripts/conformance/adapters/sgqrgen_adapter.py   (run with the scratch venv's python)

decode: ``SgQRGenerator.parse_sgqr(payload)``, the library's reader. It returns a dict of
tag -> value (Python keeps insertion order, so text order is kept; a repeated tag keeps its
last value at its first position) and never rejects a text: it stops at a length that is not
a number or after tag 63, checks no CRC and no lengths. So every text is answered syntax
valid with that dict as ``objects``; no children (it does not read templates); no rules.
encode: its generator only edits an existing code (change_price, change_comment): unsupported.
"""

from __future__ import annotations

from typing import Any

from _jsonl import serve
from sgqrgen import SgQRGenerator


def decode(req: dict[str, Any]) -> dict[str, Any]:
    tags = SgQRGenerator.parse_sgqr(req["payload"])
    return {"syntax": "valid", "objects": [[k, v] for k, v in tags.items()]}


if __name__ == "__main__":
    serve(decode=decode)
