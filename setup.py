"""Build qrpay: pure Python, plus the hot modules compiled with mypyc when it can be done.

The Python source is the only source (docs/adr/0009). ``pip install .`` compiles
:data:`COMPILED_MODULES` with mypyc (shipped with mypy, a build requirement) into C
extensions that sit next to the ``.py`` files and take precedence at import. It falls back
to the pure-Python package, with a warning, when

* ``QRPAY_PURE=1`` is set,
* the install is editable (``pip install -e``: the checkout stays the code that runs), or
* mypyc or the C compiler fails (no compiler, no Python headers).

``qrpay.COMPILED`` tells which one is running; ``qrpay --version`` shows it.
Project metadata lives in pyproject.toml; this file only adds what a table cannot say.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

#: The modules decode and build spend their time in (benchmarks/codec_bench.py, profiled
#: in docs/adr/0009). Each compiles to a C extension; all others stay interpreted.
COMPILED_MODULES = (
    "qrpay/crc.py",
    "qrpay/tlv.py",
    "qrpay/amount.py",
    "qrpay/_rules.py",
    "qrpay/codec.py",
)


def _log(message: str) -> None:
    print(f"qrpay build: {message}", file=sys.stderr)


def _wants_compiled() -> bool:
    if os.environ.get("QRPAY_PURE", "") not in ("", "0"):
        _log("QRPAY_PURE is set: pure Python")
        return False
    if any(command in sys.argv for command in ("editable_wheel", "develop")):
        _log("editable install: pure Python (the checkout's .py files are what runs)")
        return False
    return True


class OptionalBuildExt(build_ext):
    """build_ext that leaves the pure-Python package in place when compiling fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as err:  # any failure to compile means: pure Python
            _log(f"compiling the mypyc extensions failed ({err}); installing pure Python")
            # all or nothing: a partial set of extensions would not import
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            self.extensions = []


def _extensions() -> list[object]:
    if not _wants_compiled():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as err:
        _log(f"mypyc is not available ({err}): pure Python")
        return []
    try:
        return list(mypycify(list(COMPILED_MODULES), opt_level="3", debug_level="0"))
    except Exception as err:  # a mypyc failure must not block a pure install
        _log(f"mypyc could not compile the core ({err}): pure Python")
        return []


setup(
    packages=["qrpay", "qrpay.schemes", "qrpay.conformance", "qrpay._fixtures"],
    # the conformance corpus ships inside the wheel (qrpay.conformance.load_suite finds it there)
    package_dir={"qrpay._fixtures": "fixtures"},
    package_data={
        "qrpay": ["py.typed", "data/*.json"],
        "qrpay._fixtures": ["*.json", "*.md", "**/*.json", "**/*.md"],
    },
    ext_modules=_extensions(),  # type: ignore[arg-type]
    cmdclass={"build_ext": OptionalBuildExt},
)
