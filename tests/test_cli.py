"""The qrpay command line, in-process (main(argv) -> exit status) and as a subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import qrpay
from qrpay.cli import JSON_SCHEMA_VERSION, main
from qrpay.emvco import ANNEX_B7_EXAMPLE

PROMPTPAY = "00020101021129370016A000000677010111011300668012345675802TH530376463046197"
BROKEN_CRC = PROMPTPAY[:-4] + "0000"


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_decode_tree_shows_names_lengths_values_and_meanings() -> None:
    status, out, err = run(["decode", ANNEX_B7_EXAMPLE])
    assert status == 0 and err == ""
    assert "valid; schemes: none recognised" in out
    assert "64.01  Merchant Name—Alternate Language [04] 最佳运输" in out
    assert "53     Transaction Currency [03] 156  — CNY, Yuan Renminbi (2 minor units)" in out
    assert "01     Point of Initiation Method [02] 12  — dynamic: one code per payment" in out
    assert "62.06  Customer Label [03] ***  — the app prompts the consumer for it" in out


def test_decode_names_scheme_fields_and_detected_schemes() -> None:
    status, out, _ = run(["decode", PROMPTPAY])
    assert status == 0
    assert "schemes: promptpay (PromptPay / Thai QR Payment)" in out
    assert "29.01  Mobile number [13] 0066801234567  — mobile 0801234567" in out


def test_issues_are_shown_where_they_occur() -> None:
    text = qrpay.crc.with_crc(PROMPTPAY[:-8].replace("5802TH", "5802LA"))
    status, out, _ = run(["decode", text])
    assert status == 1
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("58 "))
    assert "error: promptpay.country (58 @" in lines[at + 1]


SCHEMA_KEYS = {
    "schema",
    "input",
    "payload",
    "decoded",
    "valid",
    "schemes",
    "fields",
    "objects",
    "issues",
    "error",
}
OBJECT_KEYS = {"path", "tag", "name", "offset", "length", "value", "meaning", "children"}
ISSUE_KEYS = {"code", "severity", "path", "offset", "message", "scheme"}
FIELD_KEYS = {
    "payload_format",
    "initiation",
    "merchant_accounts",
    "merchant_category_code",
    "currency",
    "amount",
    "convenience_fee",
    "country",
    "merchant_name",
    "merchant_city",
    "postal_code",
    "additional_data",
    "language",
    "unreserved_templates",
    "expires_at",
    "crc",
}


def test_decode_json_schema_is_pinned() -> None:
    status, out, _ = run(["decode", "--json", ANNEX_B7_EXAMPLE, BROKEN_CRC])
    assert status == 1
    good, bad = (json.loads(line) for line in out.splitlines())
    assert set(good) == SCHEMA_KEYS and good["schema"] == JSON_SCHEMA_VERSION == 1
    assert good["decoded"] and good["valid"] and good["error"] is None
    assert set(good["fields"]) == FIELD_KEYS
    assert good["fields"]["amount"] == "23.72"
    assert good["fields"]["currency"] == {"numeric": "156", "alpha": "CNY", "minor_units": 2}
    first = good["objects"][0]
    assert set(first) == OBJECT_KEYS
    assert first == {
        "path": ["00"],
        "tag": "00",
        "name": "Payload Format Indicator",
        "offset": 0,
        "length": 2,
        "value": "01",
        "meaning": "EMVCo MPM format 01",
        "children": None,
    }
    t64 = next(o for o in good["objects"] if o["tag"] == "64")
    assert [c["path"] for c in t64["children"]] == [["64", "00"], ["64", "01"], ["64", "02"]]
    assert set(bad) == SCHEMA_KEYS and not bad["decoded"] and bad["objects"] is None
    assert bad["error"]["class"] == "CRCError" and bad["error"]["code"] == "crc_mismatch"
    assert set(bad["issues"][0]) == ISSUE_KEYS
    assert good["input"] == "argument 1" and bad["input"] == "argument 2"


def test_check_exit_status_and_strict() -> None:
    assert run(["check", PROMPTPAY])[0] == 0
    status, out, _ = run(["check", BROKEN_CRC])
    assert status == 1 and "crc_mismatch\t63\t66\t" in out
    warn = qrpay.crc.with_crc(ANNEX_B7_EXAMPLE[:-8].replace("5802CN", "5802CN7003abc"))  # RFU tag: a warning
    assert run(["check", warn])[0] == 0
    assert run(["check", "--strict", warn])[0] == 1
    status, out, _ = run(["check", "--json", warn])
    record = json.loads(out)
    assert set(record) == {"schema", "input", "payload", "valid", "schemes", "issues"}
    assert record["valid"] is True and record["issues"][0]["code"] == "rfu_tag"


def test_batch_from_stdin_and_file(tmp_path: Path) -> None:
    lines = "\n".join([PROMPTPAY, BROKEN_CRC, "", ANNEX_B7_EXAMPLE]) + "\n"
    status, out, _ = run(["check", "--json"], stdin=lines)
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 1
    assert [r["input"] for r in records] == ["stdin:1", "stdin:2", "stdin:4"]
    assert [r["valid"] for r in records] == [True, False, True]
    path = tmp_path / "codes.txt"
    path.write_text(lines, encoding="utf-8")
    status, out, _ = run(["decode", "--json", "-f", str(path)])
    assert [json.loads(line)["input"] for line in out.splitlines()] == [f"{path}:1", f"{path}:2", f"{path}:4"]


def test_payload_with_spaces_and_shell_characters_from_stdin() -> None:
    text = qrpay.build(
        merchant_accounts={"15": "37210116372101160123456789ABCDE"},
        currency="USD",
        country="KH",
        merchant_name="Tom & Jerry's $hop; *",
        merchant_city="Phnom Penh",
        merchant_category_code="5999",
    ).to_text()
    status, out, _ = run(["decode", "--json", "-"], stdin=text + "\n")
    assert status == 0
    assert json.loads(out)["fields"]["merchant_name"] == "Tom & Jerry's $hop; *"


def test_decode_errors_go_to_stderr_naming_the_input() -> None:
    status, out, err = run(["decode", PROMPTPAY, "wxp://f2f0abc"])
    assert status == 1
    assert "argument 2: payload at offset 0: this is a WeChat Pay payment URL" in err
    assert "argument 1" in out


def test_encode_with_a_scheme_builder() -> None:
    status, out, _ = run(["encode", "promptpay", "--mobile", "081-234-5678", "--amount", "4.22"])
    assert status == 0
    payload = qrpay.decode(out.strip())
    assert payload.value(("29", "01")) == "0066812345678" and str(payload.amount) == "4.22"


def test_encode_refusal_is_exit_1_with_the_field() -> None:
    status, out, err = run(["encode", "promptpay", "--mobile", "12345"])
    assert status == 1 and out == ""
    assert "promptpay.mobile_format" in err and "mobile" in err


def test_encode_generic_emvco() -> None:
    status, out, _ = run(
        [
            "encode",
            "emvco",
            "--merchant-accounts",
            "26.00=com.example",
            "--merchant-accounts",
            "26.01=M1",
            "--currency",
            "USD",
            "--country",
            "KH",
            "--name",
            "Shop",
            "--city",
            "Phnom Penh",
            "--mcc",
            "5999",
            "--amount",
            "1.5",
            "--additional-data",
            "bill_number=INV-7",
        ]
    )
    assert status == 0
    payload = qrpay.decode(out.strip())
    assert payload.merchant_account("26").fields == {"00": "com.example", "01": "M1"}  # type: ignore[union-attr]
    assert str(payload.amount) == "1.50" and payload.additional_data.bill_number == "INV-7"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["encode", "nosuch"], 2),
        (["nosuch"], 2),
        (["decode", "--example", "nosuch"], 2),
        (["encode", "promptpay", "--no-such-option", "1"], 2),
        (["--version"], 0),
        (["encode", "promptpay", "--help"], 0),
    ],
)
def test_usage_errors_exit_2(argv: list[str], status: int) -> None:
    assert run(argv)[0] == status


def test_render_and_card_files(tmp_path: Path) -> None:
    png, card = tmp_path / "code.png", tmp_path / "card.png"
    assert run(["render", PROMPTPAY, "-o", str(png)])[0] == 0
    assert (
        run(["encode", "promptpay", "--mobile", "0812345678", "--amount", "10", "-o", str(card), "--card"])[0]
        == 0
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and card.stat().st_size > png.stat().st_size
    status, out, _ = run(["scan", "--json", str(png)])
    assert status == 0 and json.loads(out)["payload"] == PROMPTPAY


def test_render_to_terminal() -> None:
    status, out, _ = run(["render", PROMPTPAY])
    assert status == 0 and "█" in out


def test_missing_extra_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "segno", None)
    monkeypatch.delitem(sys.modules, "qrpay.image", raising=False)
    status, _, err = run(["render", PROMPTPAY, "-o", "x.png"])
    assert status == 3 and "pip install 'qrpay[image]'" in err


def test_scan_reports_unreadable_image(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    status, _, err = run(["scan", str(bad)])
    assert status == 1 and str(bad) in err


def test_schemes_listing() -> None:
    status, out, _ = run(["schemes", "--json"])
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and {"promptpay", "unionpay"} <= {r["id"] for r in rows}
    assert set(rows[0]) == {
        "id",
        "title",
        "country",
        "currencies",
        "identifiers",
        "supports",
        "summary",
        "references",
    }


def test_colour_only_when_asked_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in run(["decode", PROMPTPAY])[1]  # not a terminal
    assert "\x1b[" in run(["--color", "always", "decode", PROMPTPAY])[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(["--color", "auto", "decode", PROMPTPAY])[1]


def _subprocess(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "qrpay", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        encoding="utf-8",
    )


def test_as_a_subprocess() -> None:
    done = _subprocess(["decode", "--example", "emvco"])
    assert done.returncode == 0 and "最佳运输" in done.stdout and done.stderr == ""
    done = _subprocess(["check", "-"], stdin=f"{PROMPTPAY}\n{BROKEN_CRC}\n")
    assert done.returncode == 1 and "stdin:2: invalid" in done.stdout
    assert _subprocess(["bogus"]).returncode == 2


def test_json_lines_are_one_object_per_line(tmp_path: Path) -> None:
    done = _subprocess(["decode", "--json", "--example", "emvco", "--example", "promptpay"])
    records: list[dict[str, Any]] = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["input"] for r in records] == ["example emvco", "example promptpay"]


def test_scheme_names_root_level_fields() -> None:
    vectors = json.loads(
        (
            Path(__file__).resolve().parent.parent / "fixtures" / "schemes" / "duitnow" / "valid.json"
        ).read_text(encoding="utf-8")
    )["vectors"]
    text = next(v["payload"] for v in vectors if "8232" in v["payload"] or "8264" in v["payload"])
    _, out, _ = run(["decode", "--now", "2024-01-01T00:00:00Z", text])
    line = next(line for line in out.splitlines() if line.strip().startswith("82 "))
    assert "Data integrity check" in line and "Unreserved Template" not in line


def test_scan_takes_paths_from_a_file_and_stdin(tmp_path: Path) -> None:
    png = tmp_path / "code.png"
    assert run(["render", PROMPTPAY, "-o", str(png)])[0] == 0
    listing = tmp_path / "images.txt"
    listing.write_text(f"{png}\n{png}\n", encoding="utf-8")
    status, out, _ = run(["scan", "--json", "-f", str(listing)])
    assert status == 0 and [json.loads(line)["payload"] for line in out.splitlines()] == [
        PROMPTPAY,
        PROMPTPAY,
    ]
    status, out, _ = run(["scan", "--json"], stdin=f"{png}\n")
    assert status == 0 and json.loads(out)["input"] == f"{png}#1"


def test_non_utf8_terminal_gets_escapes_not_a_crash() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "qrpay", "decode", "--example", "emvco"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0
    assert b"\\u6700\\u4f73\\u8fd0\\u8f93" in done.stdout  # 最佳运输, escaped
