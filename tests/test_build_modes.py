"""qrpay.COMPILED tells the truth about which core is running (issue 11, docs/build.md).

CI runs the whole suite twice (.ci/run): on the editable, pure-Python install with
``QRPAY_EXPECT_COMPILED=0`` and on the mypyc extensions built in place with
``QRPAY_EXPECT_COMPILED=1``, so a build that silently fell back to pure Python fails here
instead of passing as compiled.
"""

from __future__ import annotations

import ast
import importlib
import io
import os
import subprocess
import sys
from pathlib import Path

import qrpay
from qrpay import cli
from tests.conftest import ROOT


def compiled_modules() -> list[str]:
    """The module names setup.py compiles (its COMPILED_MODULES)."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "COMPILED_MODULES":
            paths = ast.literal_eval(node.value)
            return [Path(p).with_suffix("").as_posix().replace("/", ".") for p in paths]
    raise AssertionError("no COMPILED_MODULES in setup.py")


def is_extension(module_name: str) -> bool:
    path = importlib.import_module(module_name).__file__ or ""
    return path.endswith((".so", ".pyd"))


def test_the_compiled_modules_are_the_hot_core() -> None:
    names = compiled_modules()
    assert {"qrpay.tlv", "qrpay.codec", "qrpay._rules"} <= set(names)
    assert all(n.startswith("qrpay.") for n in names)


def test_compiled_flag_matches_the_loaded_modules() -> None:
    loaded = [is_extension(name) for name in compiled_modules()]
    assert qrpay.COMPILED is all(loaded)
    assert all(loaded) or not any(loaded), "a partial set of extensions is loaded"


def test_the_mode_ci_asked_for_is_running() -> None:
    expected = os.environ.get("QRPAY_EXPECT_COMPILED")
    if expected is None:
        # a local run: compiled exactly when the extensions sit next to the sources
        package = Path(qrpay.__file__).parent
        expected = "1" if list(package.glob("codec.*.so")) or list(package.glob("codec.*.pyd")) else "0"
    assert expected in ("0", "1")
    assert qrpay.COMPILED is (expected == "1")


def test_version_shows_the_mode() -> None:
    out = io.StringIO()
    assert cli.main(["--version"], stdout=out, stderr=io.StringIO()) == 0
    mode = "compiled" if qrpay.COMPILED else "pure Python"
    assert out.getvalue().strip() == f"qrpay {qrpay.__version__} ({mode})"


def test_version_in_a_fresh_interpreter() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qrpay", "--version"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip().endswith("(compiled)" if qrpay.COMPILED else "(pure Python)")


def test_amount_style_none_is_the_default_style_in_both_builds() -> None:
    # found by the builders' fuzz target on the compiled core (TypeError from the typed
    # amount module) where pure Python had written the minimal style: None is the default
    # ("fixed": THB has 2 minor units, ISO 4217)
    payload = qrpay.build(
        merchant_accounts={"29": {"00": "A000000677010111", "01": "0066812345678"}},
        currency="THB",
        country="TH",
        merchant_name="SHOP",
        merchant_city="BANGKOK",
        merchant_category_code="5999",
    )
    assert payload.with_amount("9530", dynamic=False, amount_style=None).value("54") == "9530.00"
    assert payload.replace(amount="12.5", amount_style=None).value("54") == "12.50"
