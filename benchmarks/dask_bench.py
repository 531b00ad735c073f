"""Throughput of the Dask recipe of docs/scale.md on a local cluster (issue 11).

A Dask DataFrame of ``--rows`` payloads (the corpus's real payloads, repeated) is made
partition by partition on the workers (``dd.from_map``: no payload travels from this
process), checked with ``check_partition`` (``qrpay.batch.check_columns`` per partition,
the docs/scale.md recipe) and reduced to two counts, so only numbers come back. Printed:
the cluster's rows per second and per worker, next to ``check_columns`` on one partition
in this process (the per-core rate without Dask), and the load average (other work on
the machine slows every figure).

Usage: ``python benchmarks/dask_bench.py [--rows 10000000] [--partition-rows 100000]
[--workers N]``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import time
from datetime import datetime, timezone

import dask
import dask.dataframe as dd
import pandas as pd
from batch_bench import real_payloads
from dask.distributed import Client, LocalCluster

import qrpay
import qrpay.batch

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def make_partition(index: int, rows: int, total: int, payloads: list[str]) -> pd.DataFrame:
    """Rows ``index * rows`` onwards (at most ``total`` in all) of the repeated payloads."""
    start = index * rows
    count = max(0, min(rows, total - start))
    offset = start % len(payloads)
    texts = list(itertools.islice(itertools.cycle(payloads[offset:] + payloads[:offset]), count))
    return pd.DataFrame({"payload": pd.Series(texts, dtype=str, index=pd.RangeIndex(start, start + count))})


def check_partition(payloads: pd.Series) -> pd.DataFrame:
    """The docs/scale.md recipe, with the clock pinned (expiry rules)."""
    return pd.DataFrame(qrpay.batch.check_columns(payloads, now=NOW), index=payloads.index)


VERDICT_META = pd.DataFrame(
    {
        "valid": pd.Series(dtype=bool),
        "schemes": pd.Series(dtype=str),
        "errors": pd.Series(dtype=str),
        "warnings": pd.Series(dtype=str),
    }
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--partition-rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    payloads = real_payloads()

    sample = make_partition(0, min(args.partition_rows, 50_000), args.rows, payloads)["payload"]
    started = time.perf_counter()
    check_partition(sample)
    alone = len(sample) / (time.perf_counter() - started)

    print(
        f"qrpay {qrpay.__version__} ({'compiled' if getattr(qrpay, 'COMPILED', False) else 'pure Python'}), "
        f"dask {dask.__version__}, Python {platform.python_version()}, {os.cpu_count()} cores"
    )
    print(f"one process, no Dask: {alone:,.0f} rows/s ({len(sample)} rows)")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with (
        LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        parts = -(-args.rows // args.partition_rows)
        ddf = dd.from_map(
            make_partition,
            range(parts),
            args=[args.partition_rows, args.rows, payloads],
            meta=pd.DataFrame({"payload": pd.Series(dtype=str)}),
        )
        verdicts = ddf["payload"].map_partitions(check_partition, meta=VERDICT_META)
        started = time.perf_counter()
        rows, valid = dask.compute(verdicts["valid"].count(), verdicts["valid"].sum())
        elapsed = time.perf_counter() - started
    rate = rows / elapsed
    print(
        f"{rows:,} rows in {parts} partitions on {args.workers} workers: {elapsed:.1f} s, "
        f"{rate:,.0f} rows/s, {rate / args.workers:,.0f} rows/s per worker "
        f"({rate / args.workers / alone:.0%} of one process alone); {rows - valid:,} invalid"
    )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
