"""Each fuzz target (tests/fuzz) runs for a bounded time: QRPAY_FUZZ_SECONDS (default 5).

CI runs them from a fixed seed; a longer run is ``python -m tests.fuzz TARGET --seconds N``
(docs/security.md).
"""

from __future__ import annotations

import os

import pytest

from .fuzz import TARGETS, run_for

SECONDS = float(os.environ.get("QRPAY_FUZZ_SECONDS", "5"))
SEED = int(os.environ.get("QRPAY_FUZZ_SEED", "0"))


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_target_runs_clean(target: str) -> None:
    runs = run_for(target, SECONDS, SEED)
    assert runs > 0, f"{target} ran no input in {SECONDS} s"
