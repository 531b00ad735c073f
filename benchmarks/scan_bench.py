"""Benchmark qrpay.scan against raw zxing-cpp and raw OpenCV on the seeded corpus.

    python benchmarks/scan_bench.py [--seed 4242] [--per-tier 80] [--regenerate]

Generates the corpus (benchmarks/scan_corpus.py) into benchmarks/out/corpus if it is
missing or was made with another seed or size, then, for every image, loads it with
``cv2.imread`` (BGR; load time excluded) and runs each method back to back in this one
process, single-threaded (``cv2.setNumThreads(1)``):

* ``qrpay.scan``: :func:`qrpay.scan.read` on the BGR array (success = a payload whose
  text equals the encoded payload; wrong = a payload with any other text);
* ``zxingcpp``: ``zxingcpp.read_barcodes(img, formats=QRCode)`` with library defaults;
* ``opencv`` / ``opencv_aruco``: ``cv2.QRCodeDetector`` / ``cv2.QRCodeDetectorAruco``
  ``.detectAndDecode(img)``.

For the raw decoders, success = one returned text equals the payload; wrong = text
returned but none equals it. Time = wall time of the call. Prints a table per tier and
writes benchmarks/out/scan_bench.json and scan_bench.md (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import cv2
import zxingcpp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scan_corpus  # noqa: E402

from qrpay import scan  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
METHODS = ("qrpay.scan", "zxingcpp", "opencv", "opencv_aruco")


def _ms(start: int) -> float:
    return (time.perf_counter_ns() - start) / 1e6


def _run_qrpay(img: Any, expected: str) -> tuple[str, float, str]:
    start = time.perf_counter_ns()
    results = scan.read(img)
    ms = _ms(start)
    found = [r for r in results if r.payload is not None]
    if any(r.text == expected for r in found):
        method = next(r.method for r in found if r.text == expected)
        return "ok", ms, method
    return ("wrong" if found else "miss"), ms, "-"


def _run_zxing(img: Any, expected: str) -> tuple[str, float, str]:
    start = time.perf_counter_ns()
    texts = [b.text for b in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)]
    ms = _ms(start)
    return ("ok" if expected in texts else "wrong" if texts else "miss"), ms, "zxingcpp"


def _opencv(detector: Any) -> Callable[[Any, str], tuple[str, float, str]]:
    def run(img: Any, expected: str) -> tuple[str, float, str]:
        start = time.perf_counter_ns()
        try:
            text, _, _ = detector.detectAndDecode(img)
        except cv2.error:
            text = ""
        ms = _ms(start)
        return ("ok" if text == expected else "wrong" if text else "miss"), ms, "opencv"

    return run


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _corpus(seed: int, per_tier: int, regenerate: bool) -> dict[str, Any]:
    out = OUT / "corpus"
    manifest = out / "manifest.json"
    if not regenerate and manifest.exists():
        data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
        if data["seed"] == seed and data["per_tier"] == per_tier:
            return data
    print(f"generating corpus: seed {seed}, {per_tier} images per tier ...", flush=True)
    scan_corpus.write(out, seed, per_tier)
    result: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    return result


def _versions() -> dict[str, str]:
    names = ("zxing-cpp", "opencv-python-headless", "numpy", "pillow", "segno")
    found = {"python": platform.python_version(), "cv2": cv2.__version__, "cores": str(os.cpu_count())}
    installed = {d.metadata["Name"].lower() for d in metadata.distributions()}
    found.update({name: metadata.version(name) if name in installed else "-" for name in names})
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=scan_corpus.DEFAULT_SEED)
    parser.add_argument("--per-tier", type=int, default=scan_corpus.DEFAULT_PER_TIER)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--only", choices=METHODS, action="append", help="run only these methods (repeatable)"
    )
    args = parser.parse_args(argv)

    cv2.setNumThreads(1)  # latency of one decode on one core, as a server worker sees it
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # "ECI not supported"
    corpus = _corpus(args.seed, args.per_tier, args.regenerate)
    runners: dict[str, Callable[[Any, str], tuple[str, float, str]]] = {
        "qrpay.scan": _run_qrpay,
        "zxingcpp": _run_zxing,
        "opencv": _opencv(cv2.QRCodeDetector()),
        "opencv_aruco": _opencv(cv2.QRCodeDetectorAruco()),
    }
    methods = tuple(args.only or METHODS)
    base = OUT / "corpus"
    warm = cv2.imread(str(base / corpus["images"][0]["file"]))
    for name in methods:  # warm-up: first calls allocate and load code
        runners[name](warm, "")

    rows: list[dict[str, Any]] = []
    for i, item in enumerate(corpus["images"]):
        img = cv2.imread(str(base / item["file"]), cv2.IMREAD_COLOR)
        row: dict[str, Any] = {"tier": item["tier"], "file": item["file"]}
        for name in methods:
            status, ms, how = runners[name](img, item["text"])
            row[name] = {"status": status, "ms": ms, "method": how}
        rows.append(row)
        if (i + 1) % 200 == 0:
            print(f"  {i + 1}/{len(corpus['images'])}", flush=True)

    tiers = list(dict.fromkeys(r["tier"] for r in rows))
    summary: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    for tier in [*tiers, "all"]:
        chosen = [r for r in rows if tier in ("all", r["tier"])]
        for name in methods:
            times = [r[name]["ms"] for r in chosen]
            summary[tier][name] = {
                "n": len(chosen),
                "ok": sum(r[name]["status"] == "ok" for r in chosen),
                "wrong": sum(r[name]["status"] == "wrong" for r in chosen),
                "median": statistics.median(times),
                "p95": _p95(times),
                "mean": statistics.fmean(times),
            }

    lines = [
        f"corpus: seed {corpus['seed']}, {len(rows)} images ({corpus['per_tier']} per tier); "
        + ", ".join(f"{k} {v}" for k, v in _versions().items()),
        "",
        "| tier | " + " | ".join(f"{m} rate (wrong) | {m} ms median / p95" for m in methods) + " |",
        "|---|" + "---:|---:|" * len(methods),
    ]
    for tier in [*tiers, "all"]:
        cells = []
        for name in methods:
            s = summary[tier][name]
            cells.append(f"{100 * s['ok'] / s['n']:.1f}% ({s['wrong']:.0f})")
            cells.append(f"{s['median']:.2f} / {s['p95']:.2f}")
        label = f"**{tier}**" if tier == "all" else tier
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if "qrpay.scan" in methods:
        steps = Counter(r["qrpay.scan"]["method"] for r in rows)
        lines += [
            "",
            "qrpay.scan: step that found the payload: "
            + ", ".join(f"{k} {v}" for k, v in steps.most_common()),
        ]
        misses = [
            f"{r['file']} ({r['qrpay.scan']['status']})" for r in rows if r["qrpay.scan"]["status"] != "ok"
        ]
        lines += ["qrpay.scan failures: " + (", ".join(misses) or "none")]
    table = "\n".join(lines)
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "scan_bench.md").write_text(table + "\n", encoding="utf-8")
    (OUT / "scan_bench.json").write_text(
        json.dumps({"summary": summary, "rows": rows, "versions": _versions()}, indent=1), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
