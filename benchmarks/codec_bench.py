"""Time qrpay's decode and encode against minimal references measured in the same run.

* decode: ``qrpay.decode(text)`` - TLV walk with nested templates, CRC check, every
  EMVCo rule and scheme detection/rules - against a **reference walk**: a few lines that
  expand one nested level (26-51, 62, 64, 80-99) into dicts and check nothing.
* encode: ``qrpay.encode(payload)`` - serialize the data objects and compute a fresh
  CRC - against an **encode floor**: one f-string per data object plus ``crc_hqx``.
* build: ``qrpay.build(...)`` from fields, which also validates its result the way
  decode does, reported against the same floor.

The payloads are a fixed set of real payloads of about 150 characters (sources below).
Each figure is the median over repeats of a timeit loop; ratios compare figures from
this run only. Usage: ``python benchmarks/codec_bench.py [--repeat N] [--number N]``.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import timeit
from binascii import crc_hqx
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from functools import partial

import qrpay

# Real payloads of 120-180 characters (see fixtures/ for the sources of each).
PAYLOADS: dict[str, str] = {
    # EMVCo MPM v1.1 Annex B.7 (multi-byte, nested 29/31/62/64/91)
    "emvco-annex-b7": "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    # KHQR, ishinvin/ts-khqr README (individual 29, 62, 64 in Chinese, 99 timestamps)
    "khqr-individual": "00020101021229420013ishinvin@devb01090123456780208Dev Bank5204599953031165405100005802KH5909Ishin Vin6010Phnom Penh62680114INV-2022-12-250211855123456780310Ishin Shop07060123450807Payment64180002ZH0102文山0202金边99340013175507623233601131755076292336630416C4",
    # QRIS, astrapay/spring-qris tests (26 + 51 + 62)
    "qris-static-bca": "00020101021126650013ID.CO.BCA.WWW011893600014000128766702150008850012876670303UKE51440014ID.CO.QRIS.WWW0215ID10210818616060303UKE5204074253033605802ID5909GREEN PAW6007TANGSEL61051532362070703A0163046D3F",
    # SGQR + PayNow, lee-ratinan/emv-qr README
    "sgqr-paynow": "00020101021126490009SG.PAYNOW010120210202012345X0301104082021123151820007SG.SGQR0113202012345X123020701.000103068286710402010503123060400000708201912315204000053037025802SG5911RATINAN LEE6009SINGAPORE610682876162140110987654321X630429FD",
    # VietQR, odoo/odoo l10n_vn tests
    "vietqr-odoo": "00020101021238590010A0000007270129000697042201156607040600001290208QRIBFTTA52040000530370454031005802VN5914company_1_data6007Vietnam62150811INVTEST000163042656",
    # HK FPS, odoo/odoo l10n_hk tests
    "hkfps-odoo": "00020101021226330012hk.com.hkicl0313+852-6789123452040000530334454031005802HK5914company_1_data6002HK62170513INV/TEST/00016304A154",
    # Pix, naomijub/brcode README
    "pix-brcode": "00020104141234567890123426580014BR.GOV.BCB.PIX0136123e4567-e12b-12d1-a456-42665544000027300012BR.COM.OUTRO011001234567895204000053039865406123.455802BR5917NOME DO RECEBEDOR6008BRASILIA61087007490062190515RP12345678-201980390012BR.COM.OUTRO01190123.ABCD.3456.WXYZ6304AD38",
    # Lao BCEL OnePay merchant (UnionPay 15 + LAPNet 38)
    "laoqr-bcel": "00020101021115312738041800520446mch19B73F61B9E038570016A00526628466257701082771041802030020314mch19B73F61B9E5204569153034185802LA5916AKAPHON XAYYABED6002VT62120208586625406304C735",
}

# The clock to decode each payload at, where the payload expires: inside its validity.
CLOCKS: dict[str, datetime] = {
    "khqr-individual": datetime(2025, 8, 13, 9, 11, tzinfo=timezone.utc),
    "sgqr-paynow": datetime(2021, 6, 1, tzinfo=timezone.utc),
}

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
