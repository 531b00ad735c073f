"""The Spark recipe of docs/scale.md, run as written in a local Spark session (issue 11).

Spark needs pyspark and a Java runtime, which the dev extra does not install (about
300 MB and minutes; docs/scale.md says how): this test runs where both are present and
is skipped, saying why, where they are not. Every row is compared with
``qrpay.batch.check`` in this process (one call at a time, no Spark).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

import qrpay.batch

from .conftest import ROOT, iter_corpus

pytest.importorskip("pyspark", reason="pyspark is not installed (docs/scale.md: Spark)")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("no Java runtime for Spark (docs/scale.md: Spark)", allow_module_level=True)

from pyspark.sql import SparkSession

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
PAYLOADS = list(dict.fromkeys(v["payload"] for _, v in iter_corpus() if isinstance(v["payload"], str)))


def recipe(name: str) -> str:
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- recipe: {name} -->\n```python\n(.*?)```", text, flags=re.DOTALL)
    assert match, f"docs/scale.md has no {name} recipe"
    return match.group(1)


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # Spark's Python workers run this interpreter (with qrpay, pandas and pyarrow), not
    # whatever "python3" is first on the PATH
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("qrpay-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_the_spark_recipe_gives_qrpay_s_verdict_on_every_row(spark: SparkSession) -> None:
    rows = [(n, text) for n, text in enumerate(PAYLOADS)]
    df = spark.createDataFrame(rows, "row long, payload string").repartition(4)
    # the clock is pinned so that expiry rules do not depend on the day the test runs
    code = recipe("spark").replace("check_columns(payloads)", "check_columns(payloads, now=NOW)")
    assert code != recipe("spark")
    namespace: dict[str, object] = {"df": df, "NOW": NOW}
    exec(compile(code, "docs/scale.md", "exec"), namespace)
    checked = namespace["checked"]
    got = {r["payload"]: r for r in checked.collect()}  # type: ignore[attr-defined]
    assert set(got) == set(PAYLOADS)
    expected = list(qrpay.batch.check(PAYLOADS, jobs=1, now=NOW))
    for text, want in zip(PAYLOADS, expected, strict=True):
        row = got[text]
        assert row["valid"] == want.valid, text
        assert row["schemes"] == ",".join(want.schemes)
        assert row["errors"] == ",".join(i.code for i in want.issues if i.is_error)
        assert row["warnings"] == ",".join(i.code for i in want.issues if not i.is_error)
    assert {r["valid"] for r in got.values()} == {True, False}
