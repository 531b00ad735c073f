"""Time qrpay's decode and encode against minimal references measured in the same run.

* decode: ``qrpay.decode(text)`` - TLV walk with nested templates, CRC check, every
  EMVCo rule and scheme detection/rules - against a **reference walk**: a few lines that
  expand one nested level (26-51, 62, 64, 80-99) into dicts and check nothing.
* encode: ``qrpay.encode(payload)`` - serialize the data objects and compute a fresh
  CRC - against an **encode floor**: one f-string per data object plus ``crc_hqx``.
* build: ``qrpay.build(...)`` from fields, which also validates its result the way
  decode does, reported against the same floor.

The payloads are a fixed set of ten real payloads of about 150 characters, read from
fixtures/ by vector id (the vector files name their sources).
Each figure is the median over repeats of a timeit loop; ratios compare figures from
this run only. Usage: ``python benchmarks/codec_bench.py [--repeat N] [--number N]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sys
import timeit
from binascii import crc_hqx
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import partial
from pathlib import Path

import qrpay

# Ten real payloads of about 150 characters (mean 156): one per scheme profile, plus two of
# schemes qrpay has no profile for. They are read from fixtures/ by vector id, so each keeps
# its source and, where it expires, the clock ("now") that puts it inside its validity.
VECTOR_IDS = (
    "hkfps-odoo-mobile-reference",  # HK FPS (no profile)
    "pix-dynamic-gist-6-2",  # Pix (no profile)
    "promptpay-bill-payment-go-test",
    "khqr-nukcafe-usd-cents",
    "laoqr-ldb-dynamic",
    "paynow-odoo-uen-bill-number",
    "duitnow-tng-association",
    "qris-dana-semilir-semarang",
    "vietqr-odoo-with-name-city",
    "unionpay-nepal-khalti-80-token",
)


def _load() -> tuple[dict[str, str], dict[str, datetime]]:
    wanted = set(VECTOR_IDS)
    found: dict[str, dict[str, str]] = {}
    for path in sorted((Path(__file__).resolve().parent.parent / "fixtures").rglob("*.json")):
        for vector in json.loads(path.read_text(encoding="utf-8")).get("vectors", []):
            if vector.get("id") in wanted:
                found[vector["id"]] = vector
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"benchmark vectors not found in fixtures/: {sorted(missing)}")
    payloads = {vid: found[vid]["payload"] for vid in VECTOR_IDS}
    clocks = {
        vid: datetime.fromisoformat(found[vid]["now"].replace("Z", "+00:00"))
        for vid in VECTOR_IDS
        if "now" in found[vid]
    }
    return payloads, clocks


PAYLOADS, CLOCKS = _load()

NESTED = frozenset([f"{n:02d}" for n in range(26, 52)] + ["62", "64"] + [f"{n}" for n in range(80, 100)])


def reference_walk(text: str) -> dict[str, object]:
    """The practical floor of pure-Python decoding: expand one nested level, check nothing."""
    out: dict[str, object] = {}
    i, n = 0, len(text)
    while i < n:
        tag = text[i : i + 2]
        size = int(text[i + 2 : i + 4])
        value = text[i + 4 : i + 4 + size]
        i += 4 + size
        if tag in NESTED:
            sub: dict[str, str] = {}
            j = 0
            while j < size:
                sub_size = int(value[j + 2 : j + 4])
                sub[value[j : j + 2]] = value[j + 4 : j + 4 + sub_size]
                j += 4 + sub_size
            out[tag] = sub
        else:
            out[tag] = value
    return out


def encode_floor(pairs: list[tuple[str, str]]) -> str:
    """The practical floor of encoding: an f-string per data object plus crc_hqx."""
    body = "".join([f"{tag}{len(value):02d}{value}" for tag, value in pairs]) + "6304"
    return body + f"{crc_hqx(body.encode('utf-8'), 0xFFFF):04X}"


def build_fields(payload: qrpay.Payload) -> dict[str, object]:
    """The builder keywords that reproduce a decoded payload (for the build row)."""
    fields: dict[str, object] = {
        "merchant_accounts": {
            a.tag: (a.fields if a.objects is not None else a.value) for a in payload.merchant_accounts
        },
        "currency": payload.currency_code,
        "country": payload.country_code,
        "merchant_name": payload.merchant_name,
        "merchant_city": payload.merchant_city,
        "merchant_category_code": payload.merchant_category_code,
    }
    if payload.amount is not None:
        fields["amount"] = Decimal(payload.value("54") or "0")
        fields["amount_style"] = "minimal"
    if payload.postal_code is not None:
        fields["postal_code"] = payload.postal_code
    if payload.additional_data is not None:
        fields["additional_data"] = payload.additional_data.fields
    return fields


def measure(rows: dict[str, tuple[Callable[[], None], int, int]], rounds: int) -> dict[str, float]:
    """µs per item for each row: rows run interleaved, round after round, and each row
    keeps its fastest round (the timeit convention: slower rounds measure interference
    from other processes, not the code), so every ratio compares like with like."""
    best = dict.fromkeys(rows, float("inf"))
    gc.disable()
    try:
        for _ in range(rounds):
            for name, (func, number, items) in rows.items():
                elapsed = timeit.Timer(func).timeit(number=number)
                best[name] = min(best[name], elapsed / number / items * 1e6)
    finally:
        gc.enable()
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--number", type=int, default=2000)
    args = parser.parse_args(argv)

    texts = list(PAYLOADS.values())
    decoders = [partial(qrpay.decode, t, now=CLOCKS.get(name)) for name, t in PAYLOADS.items()]
    decoded = [decode() for decode in decoders]
    for name, payload in zip(PAYLOADS, decoded, strict=True):
        errors = [str(i) for i in payload.issues if i.severity == "error"]
        if errors:  # encode refuses payloads with errors; the set must be valid
            print(f"{name}: {errors}", file=sys.stderr)
            return 1
    pairs = [[(o.tag, o.value) for o in p.objects if o.tag != "63"] for p in decoded]
    # the references must produce what qrpay produces, or the comparison is meaningless
    assert [encode_floor(p) for p in pairs] == [qrpay.encode(p) for p in decoded]
    assert all(reference_walk(t) for t in texts)
    fields = []
    for name, payload in zip(PAYLOADS, decoded, strict=True):
        candidate = build_fields(payload)
        try:
            reproduced = qrpay.build(**candidate, now=CLOCKS.get(name)).to_text() == payload.to_text()
        except qrpay.InvalidRequest:
            continue  # e.g. a deviation only a scheme profile allows
        if reproduced:
            fields.append((candidate, CLOCKS.get(name)))

    def loop(fn: Callable[[object], object], items: list[object]) -> Callable[[], None]:
        def run() -> None:
            for item in items:
                fn(item)

        return run

    count = len(texts)
    number = max(1, args.number // count)
    rows = measure(
        {
            "reference walk": (loop(reference_walk, texts), number, count),  # type: ignore[arg-type]
            "qrpay.decode": (loop(lambda decode: decode(), decoders), number, count),  # type: ignore[arg-type]
            "encode floor": (loop(encode_floor, pairs), number, count),  # type: ignore[arg-type]
            "qrpay.encode": (loop(qrpay.encode, decoded), number, count),  # type: ignore[arg-type]
            "qrpay.build": (
                loop(lambda f: qrpay.build(**f[0], now=f[1]), fields),
                max(1, number // 4),
                len(fields),
            ),  # type: ignore[arg-type]
        },
        args.repeat,
    )
    mean_len = sum(len(t) for t in texts) / count
    print(f"qrpay {qrpay.__version__}, Python {platform.python_version()} ({platform.machine()})")
    print(
        f"{count} real payloads, mean {mean_len:.0f} characters; best of {args.repeat} interleaved rounds\n"
    )
    print(f"{'operation':<16} {'µs/payload':>11}  ratio")
    print(f"{'reference walk':<16} {rows['reference walk']:>11.2f}")
    print(
        f"{'qrpay.decode':<16} {rows['qrpay.decode']:>11.2f}  {rows['qrpay.decode'] / rows['reference walk']:.2f}x walk"
    )
    print(f"{'encode floor':<16} {rows['encode floor']:>11.2f}")
    print(
        f"{'qrpay.encode':<16} {rows['qrpay.encode']:>11.2f}  {rows['qrpay.encode'] / rows['encode floor']:.2f}x floor"
    )
    print(
        f"{'qrpay.build':<16} {rows['qrpay.build']:>11.2f}  {rows['qrpay.build'] / rows['encode floor']:.2f}x floor"
        f"  (validates like decode; over the {len(fields)}/{count} payloads the builder reproduces)"
    )
    print("\ntargets: decode <= 1.5x reference walk, encode <= 2x encode floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
