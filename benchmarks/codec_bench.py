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
Each figure is the best of interleaved rounds of a timeit loop; ratios compare figures
from one run only, so they hold when other processes load the machine.

Both builds are measured (issue 11, docs/adr/0009): the pure-Python core of this checkout,
and the mypyc-compiled core, built once from this checkout with ``pip wheel`` into
``benchmarks/out/`` (gitignored) and reused while the sources are unchanged. Each runs in
its own interpreter (one process cannot hold both). Usage::

    python benchmarks/codec_bench.py [--repeat N] [--number N]     # both builds
    python benchmarks/codec_bench.py --mode current [--json]       # whatever `import qrpay` gives
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import timeit
import zipfile
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


ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
ROWS = ("reference walk", "qrpay.decode", "decode, EMVCo only", "encode floor", "qrpay.encode", "qrpay.build")


def _load() -> tuple[dict[str, str], dict[str, datetime]]:
    wanted = set(VECTOR_IDS)
    found: dict[str, dict[str, str]] = {}
    for path in sorted((ROOT / "fixtures").rglob("*.json")):
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


def measure_here(repeat: int, number: int) -> dict[str, object]:
    """µs per payload of every row, with the qrpay that ``import qrpay`` gives."""
    texts = list(PAYLOADS.values())
    decoders = [partial(qrpay.decode, t, now=CLOCKS.get(name)) for name, t in PAYLOADS.items()]
    decoded = [decode() for decode in decoders]
    for name, payload in zip(PAYLOADS, decoded, strict=True):
        errors = [str(i) for i in payload.issues if i.severity == "error"]
        if errors:  # encode refuses payloads with errors; the set must be valid
            raise SystemExit(f"{name}: {errors}")
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

    def full_decode(decode: Callable[[], qrpay.Payload]) -> object:
        payload = decode()  # the issues and schemes are read, as a validator would
        return payload.issues, payload.schemes

    count = len(texts)
    per_round = max(1, number // count)
    rows = measure(
        {
            "reference walk": (loop(reference_walk, texts), per_round, count),  # type: ignore[arg-type]
            "qrpay.decode": (loop(full_decode, decoders), per_round, count),  # type: ignore[arg-type]
            "encode floor": (loop(encode_floor, pairs), per_round, count),  # type: ignore[arg-type]
            "qrpay.encode": (loop(qrpay.encode, decoded), per_round, count),  # type: ignore[arg-type]
            "qrpay.build": (
                loop(lambda f: qrpay.build(**f[0], now=f[1]), fields),
                max(1, per_round // 4),
                len(fields),
            ),  # type: ignore[arg-type]
        },
        repeat,
    )
    # Where decode's time goes: the same decodes with an empty scheme registry, so no
    # scheme is detected and no scheme rule runs (EMVCo walk, CRC, rules and Payload only).
    from qrpay import schemes as scheme_registry

    empty = scheme_registry.Registry.build([])
    real_registry = scheme_registry.registry
    scheme_registry.registry = lambda: empty  # type: ignore[assignment]
    try:
        rows.update(
            measure({"decode, EMVCo only": (loop(full_decode, decoders), per_round, count)}, repeat)  # type: ignore[arg-type]
        )
    finally:
        scheme_registry.registry = real_registry
    return {
        "version": qrpay.__version__,
        "compiled": qrpay.COMPILED,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "payloads": count,
        "mean_length": sum(len(t) for t in texts) / count,
        "built": len(fields),
        "rows": rows,
    }


def ratios(rows: dict[str, float]) -> dict[str, float]:
    """The three ratios issue 11 sets targets for."""
    return {
        "decode/walk": rows["qrpay.decode"] / rows["reference walk"],
        "EMVCo-only/walk": rows["decode, EMVCo only"] / rows["reference walk"],
        "build/floor": rows["qrpay.build"] / rows["encode floor"],
        "encode/floor": rows["qrpay.encode"] / rows["encode floor"],
    }


def compiled_build() -> Path:
    """A directory holding qrpay built with mypyc from this checkout (built once per source)."""
    digest = hashlib.sha256()
    for path in sorted([ROOT / "setup.py", ROOT / "pyproject.toml", *(ROOT / "qrpay").rglob("*.py")]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    target = OUT / f"compiled-{digest.hexdigest()[:16]}"
    if (target / "qrpay").is_dir():
        return target
    print(f"building the compiled core into {target} (pip wheel; about a minute)", file=sys.stderr)
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "src"
        source.mkdir()
        for name in ("setup.py", "pyproject.toml", "MANIFEST.in", "README.md"):
            shutil.copy2(ROOT / name, source / name)
        for folder in ("qrpay", "fixtures"):
            shutil.copytree(
                ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", "*.so")
            )
        env = {k: v for k, v in os.environ.items() if k != "QRPAY_PURE"}
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", scratch, str(source)],
            check=True,
            env=env,
        )
        wheel = next(Path(scratch).glob("qrpay-*.whl"))
        OUT.mkdir(parents=True, exist_ok=True)
        for stale in OUT.glob("compiled-*"):  # builds of sources that have changed since
            shutil.rmtree(stale, ignore_errors=True)
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target)
    return target


def run_mode(path: Path, repeat: int, number: int) -> dict[str, object]:
    """Measure in a fresh interpreter whose ``import qrpay`` finds the package in ``path``."""
    env = dict(os.environ, PYTHONPATH=str(path))
    done = subprocess.run(
        [sys.executable, __file__, "--mode", "current", "--json", f"--repeat={repeat}", f"--number={number}"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=path,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def report(results: dict[str, dict[str, object]], repeat: int) -> None:
    first = next(iter(results.values()))
    print(f"qrpay {first['version']}, Python {first['python']} ({first['machine']})")
    print(
        f"{first['payloads']} real payloads, mean {first['mean_length']:.0f} characters; best of "
        f"{repeat} interleaved rounds; qrpay.build over the {first['built']}/{first['payloads']} "
        "payloads the builder reproduces\n"
    )
    names = list(results)
    print(f"{'µs per payload':<16}" + "".join(f"{name:>12}" for name in names))
    for row in ROWS:
        print(f"{row:<16}" + "".join(f"{results[n]['rows'][row]:>12.2f}" for n in names))  # type: ignore[index]
    print(f"\n{'ratio':<16}" + "".join(f"{name:>12}" for name in names) + "  target")
    targets = {
        "decode/walk": "compiled <= 1.5x, pure <= 4x",
        "EMVCo-only/walk": "(no scheme detected, no scheme rule run: where the time goes)",
        "build/floor": "<= 5x",
        "encode/floor": "<= 2x",
    }
    computed = {n: ratios(results[n]["rows"]) for n in names}  # type: ignore[arg-type]
    for key, target in targets.items():
        print(f"{key:<16}" + "".join(f"{computed[n][key]:>11.2f}x" for n in names) + f"  {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument(
        "--mode",
        choices=("both", "current"),
        default="both",
        help="both: pure and compiled, each in its own interpreter; current: this interpreter's qrpay",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON (with --mode current)")
    args = parser.parse_args(argv)

    if args.mode == "current":
        result = measure_here(args.repeat, args.number)
        if args.json:
            print(json.dumps(result))
        else:
            report({"compiled" if result["compiled"] else "pure": result}, args.repeat)
        return 0

    results = {
        "pure": run_mode(ROOT, args.repeat, args.number),
        "compiled": run_mode(compiled_build(), args.repeat, args.number),
    }
    if results["pure"]["compiled"] or not results["compiled"]["compiled"]:
        print("the two builds are not pure and compiled: check qrpay.COMPILED", file=sys.stderr)
        return 1
    report(results, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
