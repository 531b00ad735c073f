"""The Dask recipe of docs/scale.md, run as written on a local cluster (issue 11).

Two worker processes (``LocalCluster``), the whole corpus in eight partitions; every row
is compared with ``qrpay.batch.check`` in this process (the oracle: one call at a time,
no Dask).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster

import qrpay.batch

from .conftest import ROOT, iter_corpus

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
PAYLOADS = list(dict.fromkeys(v["payload"] for _, v in iter_corpus() if isinstance(v["payload"], str)))


def recipe(name: str) -> str:
    """The Python block after ``<!-- recipe: name -->`` in docs/scale.md."""
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- recipe: {name} -->\n```python\n(.*?)```", text, flags=re.DOTALL)
    assert match, f"docs/scale.md has no {name} recipe"
    return match.group(1)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def test_the_dask_recipe_gives_qrpay_s_verdict_on_every_row(client: Client, tmp_path: Path) -> None:
    # the clock is pinned so that expiry rules do not depend on the day the test runs
    frame = pd.DataFrame({"payload": PAYLOADS, "row": range(len(PAYLOADS))})
    ddf = dd.from_pandas(frame, npartitions=8)
    namespace: dict[str, object] = {"ddf": ddf}
    code = recipe("dask").replace("check_columns(payloads)", "check_columns(payloads, now=NOW)")
    assert code != recipe("dask")
    namespace["NOW"] = NOW
    exec(compile(code, "docs/scale.md", "exec"), namespace)

    verdicts = namespace["verdicts"].compute()  # type: ignore[attr-defined]
    expected = list(qrpay.batch.check(PAYLOADS, jobs=1, now=NOW))
    assert len(verdicts) == len(PAYLOADS) and list(verdicts.index) == list(range(len(PAYLOADS)))
    assert list(verdicts["valid"]) == [c.valid for c in expected]
    assert list(verdicts["schemes"]) == [",".join(c.schemes) for c in expected]
    assert list(verdicts["errors"]) == [",".join(i.code for i in c.issues if i.is_error) for c in expected]
    assert list(verdicts["warnings"]) == [
        ",".join(i.code for i in c.issues if not i.is_error) for c in expected
    ]
    assert {True, False} == set(verdicts["valid"])

    invalid = namespace["invalid"].compute()  # type: ignore[attr-defined]
    assert list(invalid["row"]) == [n for n, c in enumerate(expected) if not c.valid]
    counts = namespace["error_counts"].compute()  # type: ignore[attr-defined]
    codes = [i.code for c in expected for i in c.issues if i.is_error]
    assert counts["crc_mismatch"] == codes.count("crc_mismatch") > 0
    # the work ran on the cluster's two worker processes, not here
    assert len(client.scheduler_info()["workers"]) == 2
