"""Time ``qrpay check --json`` over a million lines, on 1 to N worker processes (issue 11).

The input is the corpus's real payloads (fixtures/, vectors whose ``source.kind`` is
``real``: codes seen in the field, about 170 characters), repeated in order to
``--lines`` lines and written once to a file in /tmp. Each run is the command line
itself, in a fresh process, with stdout to /dev/null and a fixed ``--now``:

    qrpay check --json --now 2026-01-01T00:00:00Z --jobs J -f FILE

It prints the wall time, lines per second and the speed-up over ``--jobs 1``, the load
average before and after (other work on the machine slows every figure), and with
``--breakdown`` where one line's time goes: reading and splitting, ``qrpay.decode``,
the verdict and its JSON, moving chunks between processes, and writing. With
``--block-sizes`` it times ``--jobs 2`` at other read sizes (BLOCK_BYTES).

Usage: ``python benchmarks/batch_bench.py [--lines N] [--jobs 1,2] [--repeat R]
[--breakdown] [--block-sizes 4096,16384,65536,262144]``. ``QRPAY_PURE=1`` in the
environment runs the pure-Python modules when a compiled build is installed;
``PYTHONPATH=benchmarks/out/compiled-*`` (built by codec_bench.py) runs the compiled one.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-01-01T00:00:00Z"


def real_payloads() -> list[str]:
    """Every real payload of the corpus that fits on a line, once, in file order."""
    found: dict[str, None] = {}
    for path in sorted((ROOT / "fixtures").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        for vector in data.get("vectors", []):
            text = vector.get("payload")
            source = vector.get("source")
            kind = source.get("kind") if isinstance(source, dict) else None
            one_line = isinstance(text, str) and text.strip() and not {"\n", "\r"} & set(text)
            if one_line and kind == "real":
                found[text] = None
    return list(found)


def input_file(lines: int) -> Path:
    path = Path("/tmp") / f"qrpay-batch-bench-{lines}.txt"
    payloads = real_payloads()
    body = "\n".join(itertools.islice(itertools.cycle(payloads), lines)) + "\n"
    data = body.encode("utf-8")
    if not path.exists() or path.stat().st_size != len(data):
        path.write_bytes(data)
    return path


CPU_SECONDS: list[float] = []  # of each run, the command and its workers (user + system)


def run_cli(path: Path, jobs: int, block_bytes: int | None = None) -> float:
    """Seconds for one ``qrpay check --json`` over ``path`` (stdout to /dev/null).

    The processor time it used, which other work on the machine changes less than the
    wall time, goes to :data:`CPU_SECONDS`.
    """
    argv = ["check", "--json", "--now", NOW, "--jobs", str(jobs), "-f", str(path)]
    if block_bytes is None:
        command = [sys.executable, "-m", "qrpay", *argv]
    else:
        code = f"import sys, qrpay.cli as c; c.BLOCK_BYTES = {block_bytes}; sys.exit(c.main({argv!r}))"
        command = [sys.executable, "-c", code]
    # the command runs the qrpay this script imported (a compiled build through PYTHONPATH)
    import qrpay

    home = Path(qrpay.__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(home))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, cwd=home, env=env
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1) or b"payloads read" not in done.stderr:
        raise SystemExit(f"qrpay check failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def breakdown(path: Path, sample_lines: int) -> None:
    """Where one line's time goes, each stage timed alone in this process."""
    from qrpay import cli

    job = cli.BatchJob("check", True, False, False, datetime(2026, 1, 1, tzinfo=timezone.utc), False, False)
    with path.open("rb") as handle:
        blocks = list(itertools.islice(cli._line_blocks(handle, str(path)), max(1, sample_lines // 380)))
    n = sum(block.data.count(b"\n") for block in blocks)

    def timed(work: object) -> float:
        # the garbage collector off: keeping 60 000 payloads alive here (a batch keeps none)
        # would otherwise make it walk them again and again
        gc.collect()
        gc.disable()
        started = time.perf_counter()
        work()  # type: ignore[operator]
        elapsed = time.perf_counter() - started
        gc.enable()
        return elapsed / n * 1e6

    items = [item for block in blocks for item in cli._block_inputs(block) if item is not None]
    read = timed(lambda: [list(cli._block_inputs(b)) for b in blocks])
    decoded: list[tuple[object, object]] = []
    decode = timed(lambda: decoded.extend(cli._decoded(job, item) for item in items))
    painter = cli._painter(False)
    verdict = timed(
        lambda: [cli._check_verdict(job, painter, i, *d) for i, d in zip(items, decoded, strict=True)]
    )  # type: ignore[arg-type]
    outputs = [cli.run_chunk(job, block) for block in blocks]
    ipc = timed(
        lambda: [
            (pickle.loads(pickle.dumps((job, b))), pickle.loads(pickle.dumps(o)))
            for b, o in zip(blocks, outputs, strict=True)
        ]
    )
    with open(os.devnull, "w", encoding="utf-8") as sink:
        write = timed(lambda: [sink.write(text) for o in outputs for _, text in o.pieces])
    total = read + decode + verdict + ipc + write
    print(f"\nwhere a line's time goes ({n} lines, one process, microseconds per line):")
    for name, value in [
        ("split lines, UTF-8, labels", read),
        ("qrpay.decode (every rule)", decode),
        ("verdict + JSON line", verdict),
        ("chunk and result pickled", ipc),
        ("write (to /dev/null)", write),
    ]:
        print(f"  {name:<28} {value:7.2f}  {value / total:6.1%}")
    print(f"  {'total':<28} {total:7.2f}")
    size = sum(len(text) for o in outputs for _, text in o.pieces) / n
    print(f"  JSON output: {size:.0f} bytes a line; input {path.stat().st_size / max(1, n_lines(path)):.0f}")


def n_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--jobs", default=None, help="comma-separated job counts (default: 1 to cores)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting; the median is shown")
    parser.add_argument("--breakdown", action="store_true", help="time each stage of a line")
    parser.add_argument("--block-sizes", default="", help="also time --jobs 2 at these BLOCK_BYTES")
    args = parser.parse_args()

    import qrpay

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    jobs_list = [int(j) for j in args.jobs.split(",")] if args.jobs else list(range(1, cores + 1))
    path = input_file(args.lines)
    compiled = getattr(qrpay, "COMPILED", None)
    print(
        f"qrpay {qrpay.__version__} ({'compiled' if compiled else 'pure Python'}), "
        f"Python {platform.python_version()}, {platform.machine()}, {cores} cores"
    )
    print(f"input: {args.lines} lines, {len(real_payloads())} distinct real payloads, {path}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results: dict[int, float] = {}
    for jobs in jobs_list:
        times = [run_cli(path, jobs) for _ in range(args.repeat)]
        cpu = statistics.median(CPU_SECONDS[-args.repeat :])
        results[jobs] = statistics.median(times)
        base = results.get(1)
        speedup = f"  x{base / results[jobs]:.2f} over --jobs 1" if base else ""
        print(
            f"--jobs {jobs}: {results[jobs]:6.2f} s  {args.lines / results[jobs]:9,.0f} lines/s  "
            f"{results[jobs] / args.lines * 1e6:6.2f} us/line{speedup}; "
            f"CPU {cpu:.2f} s ({cpu / args.lines * 1e6:.2f} us/line)"
        )
    for size in [int(s) for s in args.block_sizes.split(",") if s]:
        seconds = statistics.median(run_cli(path, 2, size) for _ in range(args.repeat))
        print(f"--jobs 2, {size:>7} byte blocks: {seconds:6.2f} s  {args.lines / seconds:9,.0f} lines/s")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.breakdown:
        breakdown(path, 60_000)


if __name__ == "__main__":
    main()
