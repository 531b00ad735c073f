"""Fuzz targets for payload text: the codec's property tests, run as fuzz targets.

``decode``: any text (random, digits, or a real payload mutated) -> ``decode`` raises
only a ``QRPayError``, and what decodes is reproduced exactly.
``check``: the same inputs -> ``check`` never raises, and ``is_valid`` agrees with it.
The tests themselves live in tests/test_properties.py, where the suite runs them.
"""

from __future__ import annotations

from tests.test_properties import test_check_never_raises as fuzz_check
from tests.test_properties import test_decode_raises_only_qrpay_errors as fuzz_decode

__all__ = ["fuzz_check", "fuzz_decode"]
