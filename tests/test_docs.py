"""The README's tour runs as written (so the front page cannot drift from the code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import qrpay

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_readme_tour_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # it writes code.png and card.png
    (tour,) = python_blocks(README.read_text(encoding="utf-8"))
    namespace: dict[str, object] = {}
    exec(compile(tour, "README.md", "exec"), namespace)
    payload = namespace["payload"]
    assert isinstance(payload, qrpay.Payload)
    assert payload.schemes == ("unionpay", "laoqr")
    assert payload.merchant_name == "AKAPHON XAYYABED"
    code = namespace["code"]
    assert isinstance(code, qrpay.Payload)
    # the payload the README prints is the one built
    assert "'00020101021229370016A0000006770101110113006681234567853037645406100.005802TH6304F142'" in tour
    assert (
        code.to_text()
        == "00020101021229370016A0000006770101110113006681234567853037645406100.005802TH6304F142"
    )
    assert (tmp_path / "code.png").is_file() and (tmp_path / "card.png").is_file()


def test_readme_opens_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)\n```", text, flags=re.DOTALL)
    install, tests = blocks[0], blocks[1]
    assert "pip install" in install and "qrpay decode --example" in install
    assert "pytest" in tests and "[dev]" in tests
    assert text.index(install) < text.index(tests) < text.index("## A short tour")


def test_quickstart_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    docs = Path(__file__).resolve().parent.parent / "docs" / "quickstart.md"
    namespace: dict[str, object] = {}
    blocks = python_blocks(docs.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    for block in blocks:
        exec(compile(block, "docs/quickstart.md", "exec"), namespace)
    assert isinstance(namespace["dynamic"], qrpay.Payload)
    assert str(namespace["dynamic"].amount) == "12.50"  # type: ignore[attr-defined]
