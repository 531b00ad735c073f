"""Throughput of the Spark recipe of docs/scale.md in a local session (issue 11).

``--rows`` payloads (the corpus's real payloads, repeated) are made inside Spark
(``spark.range`` and an array of the payloads, so none travels from this process),
checked by the docs/scale.md pandas UDF (``qrpay.batch.check_columns`` over Arrow
batches) and counted by verdict, so only two numbers come back. Needs pyspark, pandas,
pyarrow and a Java runtime (docs/scale.md: Spark); qrpay must be importable by Spark's
Python workers (installed, or on PYTHONPATH).

Usage: ``python benchmarks/spark_bench.py [--rows 1000000] [--cores N]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import datetime, timezone

import pandas as pd
import pyspark
from batch_bench import real_payloads
from pyspark.sql import SparkSession
from pyspark.sql import functions as spark_functions
from pyspark.sql.functions import pandas_udf

import qrpay
import qrpay.batch

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def check_batch(payloads: pd.Series) -> pd.DataFrame:
    """The docs/scale.md recipe, with the clock pinned (expiry rules)."""
    return pd.DataFrame(qrpay.batch.check_columns(payloads, now=NOW))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cores", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--partitions", type=int, default=0, help="default: 4 per core")
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    payloads = real_payloads()
    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .appName("qrpay-bench")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    print(
        f"qrpay {qrpay.__version__} ({'compiled' if getattr(qrpay, 'COMPILED', False) else 'pure Python'}), "
        f"pyspark {pyspark.__version__}, Python {platform.python_version()}, local[{args.cores}]; "
        f"session started in {time.perf_counter() - started:.1f} s"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # the struct type is parsed by the session, so the UDF is made once there is one
    qrpay_check = pandas_udf(check_batch, "valid boolean, schemes string, errors string, warnings string")
    parts = args.partitions or 4 * args.cores
    index = (spark_functions.col("id") % len(payloads) + 1).cast("int")
    df = spark.range(args.rows, numPartitions=parts).select(
        spark_functions.element_at(
            spark_functions.array(*[spark_functions.lit(p) for p in payloads]), index
        ).alias("payload")
    )
    checked = df.withColumn("verdict", qrpay_check("payload")).select("verdict.*")
    started = time.perf_counter()
    counts = {row["valid"]: row["count"] for row in checked.groupBy("valid").count().collect()}
    elapsed = time.perf_counter() - started
    rows = sum(counts.values())
    rate = rows / elapsed
    print(
        f"{rows:,} rows in {parts} partitions on {args.cores} cores: {elapsed:.1f} s, {rate:,.0f} rows/s, "
        f"{rate / args.cores:,.0f} rows/s per core; {counts.get(False, 0):,} invalid"
    )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    spark.stop()


if __name__ == "__main__":
    main()
