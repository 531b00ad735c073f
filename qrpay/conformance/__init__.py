"""qrpay's conformance suite: the corpus loader (suite), the runner and qrpay's adapter.

See docs/conformance.md for the contract and fixtures/README.md for the vector format.
"""

from __future__ import annotations

from qrpay.conformance.suite import DecodeVector, EncodeVector, Suite, load_suite

__all__ = ["DecodeVector", "EncodeVector", "Suite", "load_suite"]
