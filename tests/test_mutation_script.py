"""scripts/mutation.py keeps up with the code: every core module the issue names and every
scheme profile has a mutation selection, and every test file a selection names exists (a
missing one would make mutmut's pytest run fail and every mutant look killed or not run)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qrpay_mutation_script", ROOT / "scripts" / "mutation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_scheme_profile_and_core_module_has_a_selection() -> None:
    script = _script()
    profiles = {
        f"schemes/{p.stem}" for p in (ROOT / "qrpay" / "schemes").glob("*.py") if not p.stem.startswith("_")
    }
    assert len(profiles) == 20
    # issue 13 names crc, tlv, codec, the rules, amount and builder; model and iso hold money too
    core = {"crc", "tlv", "codec", "_rules", "amount", "builder", "model", "iso", "text"}
    # consumer-presented mode (qrpay/cpm.py) has its own selection, outside "core"
    assert set(script.TESTS) == profiles | core | {"cpm"}
    assert set(script.GROUPS["schemes"]) == profiles
    assert set(script.GROUPS["core"]) == core
    assert script.GROUPS["all"] == script.GROUPS["core"] + ["cpm"] + script.GROUPS["schemes"]


def test_every_selected_test_file_exists() -> None:
    script = _script()
    for module in script.TESTS:
        files = [arg for arg in script.selection(module) if arg.startswith("tests/")]
        assert files, module
        for name in files:
            assert (ROOT / name).is_file(), (module, name)
        assert (ROOT / "qrpay" / f"{module}.py").is_file(), module


def test_an_unknown_module_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    script = _script()
    with pytest.raises(SystemExit) as caught:
        script.main(["no_such_module"])
    assert caught.value.code == 2
    assert (
        "unknown module(s) no_such_module; see --list (groups: core, schemes, all)" in capsys.readouterr().err
    )


SAMPLE = """\
from functools import cache


class View:
    @property
    def amount(self) -> int:
        return 1

    @overload_like
    def other(self) -> int:
        return 2


@cache
def table() -> dict[str, int]:
    return {}


@checked_keywords(owner="x.build", paths={"a": ("26",)})
def build(**kwargs: object) -> None:
    return None
"""

UNDECORATED = """\
from functools import cache


class View:
    def _prop_amount(self) -> int:
        return 1
    amount = property(_prop_amount)

    @overload_like
    def other(self) -> int:
        return 2


def table() -> dict[str, int]:
    return {}
table.cache_clear = lambda: None  # the cache is dropped here


def build(**kwargs: object) -> None:
    return None
build = checked_keywords(owner="x.build", paths={"a": ("26",)})(build)
"""


def test_undecorate_moves_what_mutmut_would_skip() -> None:
    # mutmut 3 does not mutate a decorated function; the scratch copy applies the decorator
    # after the function instead, and leaves any other decorator alone
    source, names = _script().undecorate(SAMPLE)
    assert source == UNDECORATED
    assert sorted(names) == ["amount", "build", "table"]
