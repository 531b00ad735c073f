"""The public surface is exactly what __all__ lists."""

from __future__ import annotations

import qrpay


def test_all_is_exact_and_sorted() -> None:
    public = {name for name in dir(qrpay) if not name.startswith("_")} | {"__version__"}
    # submodules imported as a side effect, and the __future__ import
    incidental = {
        "amount",
        "builder",
        "codec",
        "errors",
        "model",
        "schemes",
        "annotations",
        "image",
        "scan",
        "cli",
        "batch",
        "text",
        "conformance",
    }
    assert set(qrpay.__all__) == public - incidental
    assert list(qrpay.__all__) == sorted(qrpay.__all__)


def test_all_names_resolve() -> None:
    for name in qrpay.__all__:
        assert getattr(qrpay, name) is not None
