"""Encode vectors from the cross-checks in fixtures/crosscheck/.

Each vector is one request an independent implementation (an npm package, run by
scripts/crosscheck/) answered, written as a scheme id and neutral field names (the
keywords of qrpay's scheme builder: ``merchant_name``, ``amount``, ``mobile``, ...;
amounts as text, ``now`` as an ISO 8601 instant). The expected payload is the
package's output. Only requests on which qrpay and the package agree are kept: the
package produced a payload and qrpay builds the same text from the fields, or both
refuse. Requests where they differ are documented in the scheme tests
(tests/schemes/test_*.py) and docs/schemes/*.md, not here.
"""

from __future__ import annotations

import importlib
import json
import sys
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent


def _jsonify(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return value


# (crosscheck file, scheme, test module, keyword function name or callable)
SOURCES = [
    ("khqr-bakong-khqr.json", "khqr", "tests.schemes.test_khqr", "to_kwargs"),
    ("paynow-paynowqr.json", "paynow", "tests.schemes.test_paynow", "paynowqr_kwargs"),
    ("paynow-chewhx-paynowqr.json", "paynow", "tests.schemes.test_paynow", "paynowqr_kwargs"),
    ("paynow-sgqr.json", "paynow", "tests.schemes.test_paynow", "sgqr_kwargs"),
    ("vietqr-vietnam-qr-pay.json", "vietqr", "tests.schemes.test_vietqr", "to_kwargs"),
    ("pix-brazilian-utils.json", "pix", "tests.schemes.test_pix", "bu_kwargs"),
    ("pix-pix-utils.json", "pix", "tests.schemes.test_pix", "pixutils_kwargs"),
    ("fps-hkqr.json", "fps", "tests.schemes.test_fps", "hkqr_kwargs"),
    ("jpqr-natade-coco.json", "jpqr", "tests.schemes.test_jpqr", "natade_kwargs"),
]


def build(crosscheck: Path) -> dict[str, dict[str, Any]]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import qrpay
    from qrpay.conformance.suite import builder_keywords

    files: dict[str, dict[str, Any]] = {}
    for name, scheme, module_name, fn_name in SOURCES:
        data = json.loads((crosscheck / name).read_text(encoding="utf-8"))
        module = importlib.import_module(module_name)
        to_kwargs = getattr(module, fn_name)
        builder = importlib.import_module(f"qrpay.schemes.{scheme}").build
        vectors = []
        for request in data["requests"]:
            try:
                kwargs = to_kwargs(request)
            except Exception:
                continue
            fields = {k: _jsonify(v) for k, v in kwargs.items() if v is not None}
            try:
                ours: str | None = builder(**builder_keywords(fields)).to_text()
            except qrpay.InvalidRequest:
                ours = None
            except Exception:
                continue
            theirs = request.get("output")
            source = {
                "kind": "implementation",
                "package": data["package"],
                "version": data["version"],
                "request": request["id"],
                "call": request.get("call", ""),
                "file": f"fixtures/crosscheck/{name}",
                "script": data.get("generated_by", ""),
                "licence": "output of a third-party package, recorded by qrpay's cross-check driver",
            }
            vid = f"enc-{scheme}-{data['package'].strip('@').replace('/', '-')}-{request['id']}"
            if theirs is not None and ours == theirs:
                vectors.append(
                    {
                        "id": vid,
                        "scheme": scheme,
                        "fields": fields,
                        "result": "valid",
                        "payload": theirs,
                        "comment": request.get("notes", ""),
                        "source": source,
                    }
                )
            elif theirs is None and ours is None:
                vectors.append(
                    {
                        "id": vid,
                        "scheme": scheme,
                        "fields": fields,
                        "result": "refused",
                        "comment": request.get("notes", "") or "refused by the package and by qrpay",
                        "source": source,
                    }
                )
        stem = name.removesuffix(".json")
        files[f"{stem}.json"] = {
            "schema": "schema/encode.schema.json",
            "kind": "encode",
            "description": f"Encode vectors from {data['package']} {data['version']} "
            f"(fixtures/crosscheck/{name}): requests it answered and qrpay answers identically "
            "from the same fields.",
            "scheme": scheme,
            "vectors": [{"tcId": n, **v} for n, v in enumerate(vectors, 1)],
        }
    return files
