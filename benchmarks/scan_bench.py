"""Benchmark qrpay.scan against raw zxing-cpp (and optionally OpenCV) on seeded corpora.

    python benchmarks/scan_bench.py [--seed 4242 --seed 20261201] [--per-tier 80]
                                    [--regenerate] [--only qrpay.scan ...] [--runs 1]

For each seed (default: the tuning seed scan_corpus.DEFAULT_SEED and the held-out seed
scan_corpus.HELD_OUT_SEED), generates the corpus (benchmarks/scan_corpus.py) into
benchmarks/out/corpus-<seed> if it is missing or was made with another size, then runs
each method on every image, back to back in this one process, single-threaded
(``cv2.setNumThreads(1)``):

* ``qrpay.scan``: :func:`qrpay.scan.read` on the BGR array from ``cv2.imread`` (load
  time excluded);
* ``qrpay.scan@path``: :func:`qrpay.scan.read` on the file's path (decoding included;
  the file is in the OS cache: it was read just before);
* ``zxingcpp``: ``zxingcpp.read_barcodes(img, formats=QRCode)`` with library defaults,
  on the same BGR array: the reference that the latency ratios are taken against;
* ``zxingcpp@path``: ``cv2.imread`` then the same call, the raw reference from a path;
* ``opencv`` / ``opencv_aruco`` (only with ``--only``): ``cv2.QRCodeDetector`` /
  ``cv2.QRCodeDetectorAruco`` ``.detectAndDecode(img)``.

Success: a returned payload whose text equals the encoded payload (raw decoders: one
returned text equals it). Wrong: a payload with any other text (raw: text returned, none
equal). In the tiers without a valid payload (scan_corpus.NEGATIVE: no_code, bad_crc)
success means that no payload is returned, and wrong that one is (raw decoders: a
returned text that qrpay.decode accepts).

Latency is wall time. When the machine is shared, absolute times move with its load; the
ratio of qrpay.scan's median to raw zxing-cpp's median on the same images, measured in
the same run, moves much less, so both are reported (with the load average at the start
and the end of each seed). ``--runs N`` repeats each call N times and keeps the fastest.
Writes benchmarks/out/scan_bench.json and scan_bench.md (gitignored).
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

import qrpay  # noqa: E402
from qrpay import scan  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
DEFAULT_METHODS = ("qrpay.scan", "qrpay.scan@path", "zxingcpp", "zxingcpp@path")
METHODS = (*DEFAULT_METHODS, "opencv", "opencv_aruco")

Runner = Callable[[Any, Path, str, bool], tuple[str, float, float, str]]


class _Clock:
    """Wall time and this thread's CPU time of one call, in ms. Every decoder runs in
    the calling thread (cv2.setNumThreads(1)), so the CPU time is the work done; unlike
    wall time it does not count the time spent waiting for a core on a loaded machine."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter_ns(), time.thread_time_ns()

    def stop(self) -> tuple[float, float]:
        return (time.perf_counter_ns() - self.wall) / 1e6, (time.thread_time_ns() - self.cpu) / 1e6


def _qrpay(from_path: bool) -> Runner:
    def run(img: Any, path: Path, expected: str, negative: bool) -> tuple[str, float, float, str]:
        clock = _Clock()
        results = scan.read(str(path) if from_path else img)
        ms, cpu = clock.stop()
        found = [r for r in results if r.payload is not None]
        if negative:
            return ("wrong" if found else "ok"), ms, cpu, (results[0].method if results else "-")
        if any(r.text == expected for r in found):
            return "ok", ms, cpu, next(r.method for r in found if r.text == expected)
        return ("wrong" if found else "miss"), ms, cpu, "-"

    return run


def _is_payload(text: str) -> bool:
    try:
        qrpay.decode(text.strip())
    except qrpay.QRPayError:
        return False
    return True


def _raw_status(texts: list[str], expected: str, negative: bool) -> str:
    if negative:
        return "wrong" if any(_is_payload(t) for t in texts) else "ok"
    return "ok" if expected in texts else "wrong" if texts else "miss"


def _zxing(from_path: bool) -> Runner:
    def run(img: Any, path: Path, expected: str, negative: bool) -> tuple[str, float, float, str]:
        clock = _Clock()
        if from_path:
            img = cv2.imread(str(path), cv2.IMREAD_COLOR)
        texts = [b.text for b in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)]
        ms, cpu = clock.stop()
        return _raw_status(texts, expected, negative), ms, cpu, "zxingcpp"

    return run


def _opencv(detector: Any) -> Runner:
    def run(img: Any, path: Path, expected: str, negative: bool) -> tuple[str, float, float, str]:
        clock = _Clock()
        try:
            text, _, _ = detector.detectAndDecode(img)
        except cv2.error:
            text = ""
        ms, cpu = clock.stop()
        return _raw_status([text] if text else [], expected, negative), ms, cpu, "opencv"

    return run


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _corpus(seed: int, per_tier: int, regenerate: bool) -> tuple[Path, dict[str, Any]]:
    out = OUT / f"corpus-{seed}"
    manifest = out / "manifest.json"
    if not regenerate and manifest.exists():
        data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
        if data["seed"] == seed and data["per_tier"] == per_tier:
            return out, data
    print(f"generating corpus: seed {seed}, {per_tier} images per tier ...", flush=True)
    scan_corpus.write(out, seed, per_tier)
    result: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    return out, result


def _versions() -> dict[str, str]:
    names = ("zxing-cpp", "opencv-python-headless", "numpy", "pillow", "segno")
    found = {"python": platform.python_version(), "cv2": cv2.__version__, "cores": str(os.cpu_count())}
    installed = {d.metadata["Name"].lower() for d in metadata.distributions()}
    found.update({name: metadata.version(name) if name in installed else "-" for name in names})
    return found


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _bench_seed(
    seed: int, per_tier: int, regenerate: bool, methods: tuple[str, ...], runs: int
) -> dict[str, Any]:
    base, corpus = _corpus(seed, per_tier, regenerate)
    runners: dict[str, Runner] = {
        "qrpay.scan": _qrpay(False),
        "qrpay.scan@path": _qrpay(True),
        "zxingcpp": _zxing(False),
        "zxingcpp@path": _zxing(True),
        "opencv": _opencv(cv2.QRCodeDetector()),
        "opencv_aruco": _opencv(cv2.QRCodeDetectorAruco()),
    }
    first = base / corpus["images"][0]["file"]
    warm = cv2.imread(str(first))
    for name in methods:  # warm-up: first calls allocate and load code
        runners[name](warm, first, "", False)
    load_start = _load()
    rows: list[dict[str, Any]] = []
    for i, item in enumerate(corpus["images"]):
        path = base / item["file"]
        path.read_bytes()  # into the OS cache: the path timings measure decoding, not the disk
        img = cv2.imread(str(path), cv2.IMREAD_COLOR)
        negative = item["tier"] in scan_corpus.NEGATIVE
        row: dict[str, Any] = {"tier": item["tier"], "file": item["file"]}
        for name in methods:
            outcomes = [runners[name](img, path, item["text"], negative) for _ in range(runs)]
            status, _, _, how = outcomes[0]
            row[name] = {
                "status": status,
                "ms": min(o[1] for o in outcomes),
                "cpu": min(o[2] for o in outcomes),
                "method": how,
            }
        rows.append(row)
        if (i + 1) % 400 == 0:
            print(f"  seed {seed}: {i + 1}/{len(corpus['images'])}", flush=True)
    load_end = _load()

    tiers = list(dict.fromkeys(r["tier"] for r in rows))
    summary: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    groups = {tier: [r for r in rows if r["tier"] == tier] for tier in tiers}
    groups["all"] = rows
    groups["all with a payload"] = [r for r in rows if r["tier"] not in scan_corpus.NEGATIVE]
    for group, chosen in groups.items():
        for name in methods:
            times = [r[name]["ms"] for r in chosen]
            cpu = [r[name]["cpu"] for r in chosen]
            summary[group][name] = {
                "n": len(chosen),
                "ok": sum(r[name]["status"] == "ok" for r in chosen),
                "wrong": sum(r[name]["status"] == "wrong" for r in chosen),
                "median": statistics.median(times),
                "p95": _p95(times),
                "max": max(times),
                "mean": statistics.fmean(times),
                "cpu_median": statistics.median(cpu),
                "cpu_p95": _p95(cpu),
                "cpu_max": max(cpu),
            }
    steps = Counter(
        r["qrpay.scan"]["method"] for r in rows if "qrpay.scan" in r and r["qrpay.scan"]["status"] == "ok"
    )
    failures = [
        f"{r['file']} ({r['qrpay.scan']['status']})"
        for r in rows
        if "qrpay.scan" in r and r["qrpay.scan"]["status"] != "ok"
    ]
    return {
        "seed": seed,
        "per_tier": corpus["per_tier"],
        "images": len(rows),
        "load_start": load_start,
        "load_end": load_end,
        "tiers": [*groups],
        "summary": summary,
        "steps": dict(steps.most_common()),
        "failures": failures,
        "rows": rows,
    }


def _table(result: dict[str, Any], methods: tuple[str, ...]) -> list[str]:
    summary = result["summary"]
    lines = [
        f"### seed {result['seed']}: {result['images']} images ({result['per_tier']} per tier; "
        f"phone_12mp {round(result['per_tier'] * scan_corpus.TIER_SHARE['phone_12mp'])}); "
        f"load average {result['load_start']} at the start, {result['load_end']} at the end",
        "",
        "| tier | "
        + " | ".join(f"{m} rate (wrong) | {m} ms median / p95 | {m} CPU ms median / p95" for m in methods)
        + (" | qrpay.scan / zxingcpp median" if "qrpay.scan" in methods and "zxingcpp" in methods else "")
        + (
            " | @path / zxingcpp@path median"
            if "qrpay.scan@path" in methods and "zxingcpp@path" in methods
            else ""
        )
        + " |",
        "|---|"
        + "---:|---:|---:|" * len(methods)
        + "---:|" * (("zxingcpp" in methods) + ("zxingcpp@path" in methods)),
    ]
    for tier in result["tiers"]:
        cells = []
        for name in methods:
            s = summary[tier][name]
            cells.append(f"{100 * s['ok'] / s['n']:.1f}% ({s['wrong']:.0f})")
            cells.append(f"{s['median']:.2f} / {s['p95']:.2f}")
            cells.append(f"{s['cpu_median']:.2f} / {s['cpu_p95']:.2f}")
        for ours, ref in (("qrpay.scan", "zxingcpp"), ("qrpay.scan@path", "zxingcpp@path")):
            if ours in methods and ref in methods:
                cells.append(f"{summary[tier][ours]['median'] / max(summary[tier][ref]['median'], 1e-9):.2f}")
        label = f"**{tier}**" if tier.startswith("all") else tier
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if "qrpay.scan" in methods:
        lines += [
            "",
            "qrpay.scan (in memory): step that found the payload (negative tiers: what was found): "
            + ", ".join(f"{k} {v}" for k, v in result["steps"].items()),
            "qrpay.scan failures: " + (", ".join(result["failures"]) or "none"),
        ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, action="append", help="repeatable")
    parser.add_argument("--per-tier", type=int, default=scan_corpus.DEFAULT_PER_TIER)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="calls per image and method; the fastest counts")
    parser.add_argument(
        "--only", choices=METHODS, action="append", help="run only these methods (repeatable)"
    )
    args = parser.parse_args(argv)
    seeds = args.seed or [scan_corpus.DEFAULT_SEED, scan_corpus.HELD_OUT_SEED]
    methods = tuple(args.only or DEFAULT_METHODS)

    cv2.setNumThreads(1)  # latency of one decode on one core, as a server worker sees it
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # "ECI not supported"
    results = [_bench_seed(seed, args.per_tier, args.regenerate, methods, args.runs) for seed in seeds]
    versions = _versions()
    lines = [", ".join(f"{k} {v}" for k, v in versions.items()), ""]
    for result in results:
        lines += [*_table(result, methods), ""]
    table = "\n".join(lines)
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "scan_bench.md").write_text(table + "\n", encoding="utf-8")
    (OUT / "scan_bench.json").write_text(
        json.dumps({"results": results, "versions": versions, "methods": methods}, indent=1), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
