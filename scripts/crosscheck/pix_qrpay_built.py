"""Payloads qrpay.schemes.pix.build writes, for the independent implementations to judge.

Writes fixtures/crosscheck/pix-qrpay-built.json: each request's keywords and qrpay's output.
The npm drivers (pix_brazilian_utils.mjs, pix_pix_utils.mjs) read it and record what
brazilian-utils' isValidPixPayload / getPixPayloadInfo and pix-utils' parsePix say about each
payload; tests/schemes/test_pix.py checks that qrpay still builds exactly these payloads.

    .venv/bin/python scripts/crosscheck/pix_qrpay_built.py > fixtures/crosscheck/pix-qrpay-built.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from qrpay.schemes import pix

EVP = "123e4567-e12b-12d1-a456-426655440000"
BASE = {"merchant_name": "Fulano de Tal", "merchant_city": "BRASILIA"}

#: (id, keywords) - every key type, every template shape the builder writes
REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("static-evp", {"key": EVP}),
    ("static-cpf-amount", {"key": "12345678909", "amount": "10.50"}),
    ("static-cnpj-txid", {"key": "60701190000104", "amount": "1234.56", "txid": "Pedido42"}),
    ("static-cnpj-alphanumeric", {"key": "12ABC34501DE35", "amount": "5"}),
    ("static-phone-description", {"key": "+5561912345678", "description": "Mesa 4"}),
    ("static-email", {"key": "fulano.de.tal@example.com", "amount": "0.01", "txid": "A1"}),
    ("static-txid-25", {"key": EVP, "txid": "ABCDEFGHIJKLMNOPQRSTUVWXY"}),
    ("static-postal-code", {"key": "12345678909", "postal_code": "70074900"}),
    ("static-single-use", {"key": "12345678909", "amount": "2.00", "initiation": "dynamic"}),
    ("saque", {"key": EVP, "fss": "12345678"}),
    ("troco", {"key": EVP, "fss": "12345678", "amount": "15.00"}),
    ("dynamic", {"url": "pix.example.com/qr/v2/12345"}),
    ("dynamic-long", {"url": "pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7"}),
    (
        "automatico-composite",
        {
            "url": "pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7",
            "recurrence_url": "pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d0",
        },
    ),
    (
        "automatico-static",
        {
            "key": EVP,
            "amount": "100.50",
            "recurrence_url": "pix.example.com/rec/2353c790eefb11eaadc10242ac120002",
        },
    ),
    ("automatico-only", {"recurrence_url": "pix.example.com/qr/v2/rec/2353c790eefb11eaadc10242ac120002"}),
]


def main() -> int:
    requests = []
    for rid, keywords in REQUESTS:
        fields = {**BASE, **keywords}
        requests.append({"id": rid, "fields": fields, "output": pix.build(**fields).to_text()})
    data = {
        "description": "Payloads written by qrpay.schemes.pix.build from these fields, for the npm drivers "
        "to judge (pix_brazilian_utils.mjs, pix_pix_utils.mjs record the verdicts).",
        "scheme": "pix",
        "generated_by": "scripts/crosscheck/pix_qrpay_built.py",
        "requests": requests,
    }
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
