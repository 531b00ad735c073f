"""Fuzz targets for qrpay's untrusted-input edges, and a driver that runs them for a time.

Every target is a Hypothesis test (``@given``) in one of the ``targets_*.py`` modules
of this package, registered in :data:`TARGETS`. The same target runs three ways:

* in the test suite (``tests/test_fuzz.py``) for a bounded time per target,
  ``QRPAY_FUZZ_SECONDS`` seconds (default 5), from a fixed seed in CI;
* for a longer run from the command line::

      python -m tests.fuzz scan --seconds 3600 [--seed N]

  which feeds random byte strings to Hypothesis' ``fuzz_one_input`` (Hypothesis reads
  them as its choice sequence, so every byte string is a well-formed example);
* coverage-guided, with atheris (``pip install atheris``)::

      python -m tests.fuzz scan --atheris -max_total_time=3600

A failing input is printed by Hypothesis with the blob that reproduces it
(``@reproduce_failure``), and the driver exits 1. docs/security.md lists the targets
and what each one asserts.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable
from typing import Any

__all__ = ["TARGETS", "load", "run_for"]

#: target name -> "module:function" (modules in this package)
TARGETS: dict[str, str] = {
    # filled in by the target modules' authors; see docs/security.md
    "builders": "targets_builders:fuzz_builders",
    "check": "targets_codec:fuzz_check",
    "cpm": "targets_cpm:fuzz_cpm",
    "decode": "targets_codec:fuzz_decode",
    "display": "targets_text:fuzz_display",
    "payload_text": "targets_text:fuzz_payload_text",
    "scan": "targets_scan:fuzz_scan_read",
}


def load(name: str) -> Callable[..., Any]:
    """The Hypothesis test behind a target name."""
    module_name, _, function = TARGETS[name].partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, function)  # type: ignore[no-any-return]


def run_for(name: str, seconds: float, seed: int = 0, max_bytes: int = 8192) -> int:
    """Run target ``name`` on random choice sequences for ``seconds``; returns inputs run.

    Raises whatever the target raises on a failing input (Hypothesis reports the
    example first).
    """
    test = load(name)
    fuzz_one_input = test.hypothesis.fuzz_one_input
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    runs = 0
    while time.monotonic() < deadline:
        size = rng.choice((16, 64, 256, 1024, max_bytes))
        fuzz_one_input(rng.randbytes(rng.randint(1, size)))
        runs += 1
    return runs
