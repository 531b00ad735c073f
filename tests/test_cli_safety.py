"""The command line as a terminal sees it: hostile text, encodings, streaming, errors (issue 8).

Each test here fails if the fix it pins is reverted: payload text reaching a terminal
raw, stdin decoded with the locale, stdin read whole, tracebacks instead of one line.
"""

from __future__ import annotations

import binascii
import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from qrpay import cli as qrpay_cli
from qrpay.cli import Output, main

ROOT = Path(qrpay_cli.__file__).resolve().parent.parent  # the qrpay under test
PROMPTPAY = "00020101021129370016A000000677010111011300668012345675802TH530376463046197"
HOSTILE_NAME = "EVIL\x1b]0;pwned\x07\x1b[2J\u202epohS\x9b31m\u200b"
# a real KHQR with a Khmer name (tag 64), from fixtures/schemes/khqr/valid.json
KHMER_KHQR = (
    "00020101021229460015john_smith@devb0111855122334550208Dev Bank52045999530384054031005802KH"
    "5910John Smith6010PHNOM PENH62670106#123450211855122334550311Coffee Shop0709Cashier_10810Buy coffee"
    "64280002km0108ចន ស្មីន0206ភ្នំពញ993400131726821915797011317268220357976304B73E"
)
KHMER_NOW = "2024-09-20T08:45:15.797Z"
# what must never reach a terminal from a payload: ESC, BEL, CSI (C1), RLO, ZWSP
RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2028\u2029]")
OWN_COLOUR = re.compile(r"\x1b\[\d+m")


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def crc_valid(name: str) -> str:
    """A CRC-valid payload whose merchant name (59) is ``name``, built by hand, not by a builder."""
    account = tlv("29", tlv("00", "A000000677010111") + tlv("01", "0066801234567"))
    body = tlv("00", "01") + tlv("01", "11") + account + tlv("53", "764") + tlv("58", "TH")
    body += tlv("59", name) + "6304"
    return body + format(binascii.crc_hqx(body.encode("utf-8"), 0xFFFF), "04X")


HOSTILE = crc_valid(HOSTILE_NAME)


def run(argv: list[str], stdin: Any = "", **streams: Any) -> tuple[int, str, str]:
    out, err = streams.get("stdout", io.StringIO()), streams.get("stderr", io.StringIO())
    source = io.BytesIO(stdin) if isinstance(stdin, bytes) else io.StringIO(stdin)
    status = main(argv, stdin=source, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def assert_safe(*texts: str, colour: bool = False) -> None:
    for text in texts:
        if colour:
            text = OWN_COLOUR.sub("", text)
        found = RAW_UNSAFE.findall(text.replace("\n", "").replace("\t", ""))
        assert not found, f"raw control or bidi characters reached the output: {found!r}"


def run_cli(
    args: list[str], stdin: bytes = b"", env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "qrpay", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        check=False,
        timeout=timeout,
    )


# -- text shown to people ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["decode", "check"])
@pytest.mark.parametrize("colour", ["never", "always"])
def test_a_hostile_name_reaches_the_terminal_escaped(command: str, colour: str) -> None:
    status, out, err = run(["--color", colour, command], stdin=HOSTILE + "\n")
    assert status == 1  # the name breaks the ans character set: an error, but shown safely
    assert_safe(out, err, colour=colour == "always")
    if command == "decode":  # the value itself, escaped (check quotes the rule's message)
        assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202epohS\\x9b31m\\u200b" in out
    if colour == "always":
        assert OWN_COLOUR.search(out)  # the CLI's own colours are kept


def test_json_escapes_bidi_c1_and_controls_and_round_trips() -> None:
    for command in ("decode", "check"):
        status, out, _ = run([command, "--json", "-"], stdin=HOSTILE + "\n")
        assert status == 1
        assert_safe(out)
        assert "\\u202e" in out and "\\u009b" in out
        assert json.loads(out)["payload"] == HOSTILE  # exactly what was read


def test_dump_json_escapes_what_json_dumps_leaves_raw() -> None:
    record = {"v": "a\x7fb\x9bc\u202ed\u2028e\ud800f\U000e0041 ក"}
    line = qrpay_cli.dump_json(record)
    assert_safe(line)
    assert line.encode("utf-8")  # a lone surrogate is escaped, so the line encodes
    assert json.loads(line) == record and "ក" in line  # readable UTF-8 kept
    assert qrpay_cli.dump_json(record, ascii_only=True).isascii()


def test_file_names_and_argparse_messages_are_escaped(tmp_path: Path) -> None:
    evil = tmp_path / "codes\x1b[2J\u202e.txt"
    evil.write_bytes(f"{HOSTILE}\nnot a payload\n".encode())
    status, out, err = run(["check", "-f", str(evil)])
    assert status == 1 and "codes\\x1b[2J\\u202e.txt:2" in out
    assert_safe(out, err)
    status, out, err = run(["check", "-f", str(tmp_path / "missing\x1b]0;x\x07")])
    assert status == 2 and "missing\\x1b]0;x\\x07" in err
    assert_safe(out, err)
    status, out, err = run(["decode", "--bogus\x1b[2J"])
    assert status == 2 and "--bogus\\x1b[2J" in err
    assert_safe(out, err)


def test_scan_escapes_qr_text_and_image_names(tmp_path: Path) -> None:
    segno = pytest.importorskip("segno")
    pytest.importorskip("qrpay.scan")
    image = tmp_path / "shot\x1b[2J.png"
    segno.make(HOSTILE, error="M", micro=False).save(str(image), scale=6)
    other = tmp_path / "url.png"
    segno.make("http://x\x1b]0;pwned\x07", micro=False).save(str(other), scale=6)
    status, out, err = run(["scan", str(image), str(other)])
    assert status == 1
    assert_safe(out, err)
    assert "shot\\x1b[2J.png#1" in out and "\\x1b]0;pwned\\x07" in err
    status, out, _ = run(["scan", "--json", str(image)])
    assert_safe(out)
    assert json.loads(out)["payload"] == HOSTILE


def test_an_error_without_a_location_is_not_labelled_payload(tmp_path: Path) -> None:
    pytest.importorskip("qrpay.scan")
    status, _, err = run(["scan", str(tmp_path / "nonexistent.png")])
    assert status == 1 and "nonexistent.png: no such file" in err and "payload:" not in err


# -- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "latin-1"}, {"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}],
    ids=["latin-1", "ascii", "C-locale"],
)
def test_stdin_is_utf8_whatever_the_locale(env: dict[str, str]) -> None:
    done = run_cli(["check", "--now", KHMER_NOW, "-"], stdin=KHMER_KHQR.encode() + b"\n", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(b"stdin:1: valid")
    garbage = b"\xff\xfe\x00binary\x80junk\n" + PROMPTPAY.encode() + b"\n"
    done = run_cli(["check", "-"], stdin=garbage, env=env)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"stdin:1: invalid" in done.stdout and b"not_utf8" in done.stdout
    assert b"byte 0xff at byte offset 0" in done.stdout and b"stdin:2: valid" in done.stdout
    done = run_cli(["decode", "--json", "-"], stdin=garbage, env=env)
    lines = done.stdout.splitlines()
    records = [json.loads(line.decode("utf-8")) for line in lines]  # valid UTF-8 JSON, every line
    assert [r["error"] and r["error"]["code"] for r in records] == ["not_utf8", None]


def test_undecodable_line_in_process_names_label_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "codes.txt"
    path.write_bytes(PROMPTPAY.encode() + b"\n" + b"0002\xc3\x28\n")
    status, _, err = run(["decode", "-f", str(path)])
    assert status == 1
    assert f"{path}:2: not UTF-8: byte 0xc3 at byte offset 4" in err


def test_byte_order_mark_is_dropped_and_blank_lines_counted(tmp_path: Path) -> None:
    path = tmp_path / "codes.txt"
    path.write_bytes(b"\xef\xbb\xbf" + PROMPTPAY.encode() + b"\r\n\r\n\n" + PROMPTPAY.encode() + b"\r\n")
    status, out, err = run(["check", "-f", str(path)])
    assert status == 0 and out.splitlines() == [f"{path}:1: valid", f"{path}:4: valid"]
    assert err == "qrpay: 2 payloads read, 0 invalid, 2 blank lines skipped\n"
    status, out, err = run(["check"], stdin=b"\xef\xbb\xbf" + PROMPTPAY.encode() + b"\n")
    assert status == 0 and out == "stdin:1: valid\n"


def test_empty_input_says_so_and_exits_1(tmp_path: Path) -> None:
    assert run(["check"], stdin=b"") == (1, "", "qrpay: no payloads read\n")
    assert run(["decode"], stdin=b"\n\n") == (1, "", "qrpay: no payloads read (2 blank lines skipped)\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run(["check", "-f", str(empty)])[0] == 1


def test_a_single_argument_prints_no_summary() -> None:
    status, out, err = run(["check", PROMPTPAY])
    assert (status, out, err) == (0, "argument: valid\n", "")


def test_an_overlong_line_is_an_invalid_line_not_memory() -> None:
    status, out, _ = run(["check", "--json"], stdin=b"0" * 200_000 + b"\n" + PROMPTPAY.encode() + b"\n")
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 1 and [r["valid"] for r in records] == [False, True]
    assert records[0]["issues"][0]["code"] == "line_too_long" and records[1]["input"] == "stdin:2"


# -- streaming and interruption ----------------------------------------------------------------


def _readline(stream: Any, timeout: float) -> bytes:
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else b""


@pytest.mark.skipif(sys.platform == "win32", reason="select on pipes")
def test_stdin_is_streamed_one_verdict_per_line() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "qrpay", "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(PROMPTPAY.encode() + b"\n")
        proc.stdin.flush()
        assert _readline(proc.stdout, 30) == b"stdin:1: valid\n"  # before stdin is closed
        proc.stdin.write(b"junk\n")
        proc.stdin.flush()
        assert _readline(proc.stdout, 30) == b"stdin:2: invalid\n"
        proc.stdin.close()
        assert proc.wait(30) == 1
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_exits_130_without_a_traceback() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "qrpay", "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(PROMPTPAY.encode() + b"\n")
        proc.stdin.flush()
        assert _readline(proc.stdout, 30) == b"stdin:1: valid\n"  # it is running, waiting on stdin
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130 and b"Traceback" not in err
    finally:
        proc.kill()
        proc.wait()


# -- the progress bar -------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.001  # every call: a millisecond
        return self.now


def test_progress_is_drawn_at_a_bounded_rate_and_never_on_a_result_line() -> None:
    out, err = io.StringIO(), Terminal()
    clock = Clock()
    output = Output(out, err, "never", clock=clock)
    output.start_batch()
    for done in range(1, 20_001):
        output.progress(done, None)
        output.line(f"result {done}")  # a result per item, as check writes
    output.clear_progress()
    # 20 000 items in ~20 s of fake time: at most ~10 draws a second, not one per item
    assert output.progress_draws <= 10 * clock.now + 2
    assert len(err.getvalue()) < 5_000
    assert "\r" not in out.getvalue() and "read" in err.getvalue()  # a count: the total is unknown


def test_no_progress_bar_when_stdout_is_the_terminal() -> None:
    output = Output(Terminal(), Terminal(), "never", clock=Clock())
    assert not output.progress_enabled
    output = Output(io.StringIO(), Terminal(), "never", clock=Clock())
    assert output.progress_enabled


def test_results_start_on_their_own_line_when_the_bar_is_shown() -> None:
    out, err = io.StringIO(), Terminal()
    output = Output(out, err, "never", clock=Clock())
    output.PROGRESS_DELAY = 0.0
    output.progress(1, 10)
    assert err.getvalue().startswith("\r[")
    output.error("codes.txt:1", "bad")
    assert err.getvalue().endswith("\r\x1b[K" + "qrpay: codes.txt:1: bad\n")


# -- encode, render -------------------------------------------------------------------------------


def test_encode_help_and_bare_encode_list_the_schemes() -> None:
    status, out, _ = run(["encode", "--help"])
    assert status == 0 and "khqr" in out and "promptpay" in out
    status, out, err = run(["encode"])
    assert status == 2 and "khqr" in err and "encode needs a SCHEME" in err and out == ""


def test_render_takes_an_example() -> None:
    pytest.importorskip("segno")
    status, out, _ = run(["render", "--example", "promptpay"])
    assert status == 0 and "█" in out


@pytest.mark.parametrize("scheme", ["emvco", "khqr", "laoqr", "promptpay", "paynow", "sgqr", "qrph"])
def test_encode_scheme_help_describes_every_option(scheme: str) -> None:
    status, out, _ = run(["encode", scheme, "--help"])
    assert status == 0
    assert "(text)" not in out and "(flag)" not in out and "``" not in out and ":class:" not in out
    options = re.findall(r"^  (--[a-z0-9-]+)[^\n]*\n?(.*)$", out, flags=re.MULTILINE)
    assert options
    for flag, rest in options:
        assert rest.strip() or flag, flag
    if scheme == "khqr":
        assert re.search(r"--currency VALUE\s+transaction currency.*\(default: KHR\)", out, re.DOTALL)
        assert "--account-id VALUE    Bakong account ID, name@bank (required)" in out


def test_encode_errors_name_the_option_not_the_keyword() -> None:
    status, _, err = run(["encode", "khqr", "--account-id", "a@b", "--name", "X", "--amount", "1"])
    assert status == 1 and "--expires-in" in err and "expires_at" not in err


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (
            [
                "encode",
                "khqr",
                "--account-id",
                "a@b",
                "--name",
                "X",
                "--amount",
                "1",
                "--expires-in",
                "999999999999d",
            ],
            2,
            "too long",
        ),
        (
            [
                "encode",
                "khqr",
                "--account-id",
                "a@b",
                "--name",
                "X",
                "--amount",
                "1",
                "--expires-in",
                "9999999d",
            ],
            2,
            "9999",
        ),
        (
            ["render", PROMPTPAY, "-o", "/nonexistent/dir/code.png"],
            1,
            "cannot write /nonexistent/dir/code.png",
        ),
        (["render", PROMPTPAY, "--scale", "-1"], 2, "--scale"),
        (["render", PROMPTPAY, "--border", "-1"], 2, "--border"),
        (["render", PROMPTPAY, "--card", "-o", "x.png", "--logo", "/nonexistent.png"], 2, "--logo"),
    ],
)
def test_one_line_errors_not_tracebacks(argv: list[str], status: int, said: str) -> None:
    got, _, err = run(argv)
    assert got == status and said in err and "Traceback" not in err


def test_a_logo_that_is_not_an_image(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not an image")
    status, _, err = run(["render", PROMPTPAY, "--card", "-o", str(tmp_path / "c.png"), "--logo", str(logo)])
    assert status == 2 and "not an image" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "data", [b"", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"GIF89a\x01\x00\x01\x00\x80\x00\x00"]
)
def test_scan_a_malformed_image_is_one_line(tmp_path: Path, data: bytes) -> None:
    pytest.importorskip("qrpay.scan")
    bad = tmp_path / "bad.png"
    bad.write_bytes(data)
    status, out, err = run(["scan", str(bad), str(bad)])
    assert status == 1 and out == "" and len(err.splitlines()) == 2 and "Traceback" not in err


class FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_an_output_that_cannot_be_written_is_one_line() -> None:
    err = io.StringIO()
    status = main(["decode", PROMPTPAY], stdin=io.StringIO(), stdout=FullDisk(), stderr=err)
    assert (
        status == 1 and "No space left on device" in err.getvalue() and len(err.getvalue().splitlines()) == 1
    )


def test_nothing_raw_reaches_stdout_in_any_subprocess_mode(tmp_path: Path) -> None:
    for args in (["decode"], ["check"], ["decode", "--json"], ["check", "--json"]):
        done = run_cli([*args, "-"], stdin=HOSTILE.encode() + b"\n", env={"PYTHONIOENCODING": "utf-8"})
        assert done.returncode == 1 and b"Traceback" not in done.stderr
        assert_safe(done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))
    done = run_cli(
        ["decode", "--json", "-"], stdin=HOSTILE.encode() + b"\n", env={"PYTHONIOENCODING": "ascii"}
    )
    assert done.stdout.isascii() and json.loads(done.stdout)["payload"] == HOSTILE
    time.sleep(0)


def test_encode_errors_name_options_in_lists_too() -> None:
    status, _, err = run(["encode", "promptpay"])
    assert status == 1 and "one of --mobile, --national-id (or --tax-id), --ewallet-id" in err
    status, _, err = run(["encode", "paynow", "--amount", "1"])
    assert status == 1 and "one of --mobile or --uen" in err
    assert qrpay_cli.options_named("the amount: mobile or uen", {"amount": "--amount", "uen": "--uen"}) == (
        "the amount: mobile or uen"  # ordinary words stay words
    )


def test_encode_writes_the_payload_exactly_when_piped() -> None:
    # display escaping doubles a backslash; the payload itself must not be rewritten
    status, out, _ = run(
        ["encode", "promptpay", "--mobile", "0812345678", "--name", "Tom\\Jerry", "--city", "BKK"]
    )
    assert status == 0
    payload = qrpay_cli.decode(out.strip())
    assert payload.merchant_name == "Tom\\Jerry" and payload.is_valid


def test_messages_quote_escaped_values_without_doubling_backslashes() -> None:
    status, out, err = run(["check"], stdin=HOSTILE + "\n")
    assert status == 1
    assert_safe(out, err)
    # the rule's message quotes the value with repr(): shown with single backslashes
    assert "is 'EVIL\\x1b]0;pwned\\x07\\x1b[2J" in out
    assert "\\\\x1b" not in out
    # a raw value is still shown with a backslash doubled, so it cannot fake an escape
    status, out, _ = run(["decode"], stdin=crc_valid("A\\x1bB") + "\n")
    assert "A\\\\x1bB" in out
