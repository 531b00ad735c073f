"""Batches on every core (issue 11): ``qrpay check/decode --jobs`` and ``qrpay.batch``.

The oracle is qrpay one call at a time: ``qrpay.decode`` on each text, and the same
command with ``--jobs 1`` (no pool, no chunks sent anywhere). The corpus is every payload
in fixtures/ (manifest-listed decode vectors), one per line.
"""

from __future__ import annotations

import io
import itertools
import json
import multiprocessing
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qrpay
import qrpay.batch
from qrpay import cli
from qrpay._parallel import READ_AHEAD, ordered_map
from qrpay.cli import main

from .conftest import ROOT, iter_corpus

NOW = "2026-01-01T00:00:00Z"
NOW_DT = datetime(2026, 1, 1, tzinfo=timezone.utc)

# Every payload of the corpus that fits on one line (a line reader strips \r and \n).
CORPUS = list(
    dict.fromkeys(
        v["payload"]
        for _, v in iter_corpus()
        if isinstance(v["payload"], str) and v["payload"].strip() and not set(v["payload"]) & {"\r", "\n"}
    )
)
# the PromptPay example of docs/cli.md (its CRC checked by tests/test_crc.py's oracle)
PROMPTPAY = "00020101021129370016A000000677010111011300668012345675802TH530376463046197"


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    path = tmp_path / "codes.txt"
    # a byte order mark, blank lines, a CRLF line, a line that is not UTF-8, an overlong line
    # and a last line without a line break: everything the line reader handles, among them
    lines = [line.encode() for line in CORPUS]
    lines[3:3] = [b"", b"   ", b"\xff\xfe not utf-8", b"0" * 70_000, PROMPTPAY.encode() + b"\r"]
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines))
    return path


def test_the_corpus_is_large_enough_for_many_chunks() -> None:
    assert len(CORPUS) > 800  # about 150 KB: a few dozen 4 KiB chunks in the tests below


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "--json"],
        ["decode"],
        ["decode", "--json"],
        ["--color", "always", "check", "--strict"],
        ["--color", "always", "decode", "--strict-syntax"],
    ],
    ids=" ".join,
)
def test_jobs_2_prints_exactly_what_jobs_1_prints(
    argv: list[str], corpus_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "BLOCK_BYTES", 4096)  # dozens of chunks, spread over the workers
    one = run([*argv, "--now", NOW, "--jobs", "1", "-f", str(corpus_file)])
    two = run([*argv, "--now", NOW, "--jobs", "2", "-f", str(corpus_file)])
    assert one == two
    status, out, err = one
    assert status == 1 and out
    assert f"qrpay: {len(CORPUS) + 3} payloads read, " in err and err.endswith(", 2 blank lines skipped\n")


def test_json_lines_follow_the_input_and_agree_with_decode(
    corpus_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "BLOCK_BYTES", 4096)
    status, out, _ = run(["check", "--json", "--now", NOW, "--jobs", "2", "-f", str(corpus_file)])
    records = [json.loads(line) for line in out.splitlines()]
    lines = corpus_file.read_bytes()[3:].split(b"\n")
    numbered = [(n, raw) for n, raw in enumerate(lines, 1) if raw.strip()]
    assert [r["input"] for r in records] == [f"{corpus_file}:{n}" for n, _ in numbered]  # input order
    for record, (_, raw) in zip(records, numbered, strict=True):
        if raw.startswith(b"\xff") or len(raw) > cli.MAX_LINE_BYTES:
            assert record["valid"] is False
            continue
        text = raw.decode().rstrip("\r")
        assert record["payload"] == text
        try:
            payload = qrpay.decode(text, now=NOW_DT)  # the oracle: one call at a time
        except qrpay.DecodeError as exc:
            failure = exc.code
        else:
            failure = None
        if failure is not None:
            assert (record["valid"], record["issues"][0]["code"]) == (False, failure)
            continue
        assert record["valid"] == payload.is_valid
        assert record["schemes"] == list(payload.schemes)
        assert [i["code"] for i in record["issues"]] == [i.code for i in payload.issues]
    assert status == 1


def test_the_command_line_in_its_own_processes_agrees(corpus_file: Path) -> None:
    def cli_run(jobs: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "qrpay",
                "check",
                "--json",
                "--now",
                NOW,
                "-j",
                jobs,
                "-f",
                str(corpus_file),
            ],
            capture_output=True,
            cwd=ROOT,
            check=False,
            timeout=300,
        )

    one, two = cli_run("1"), cli_run("2")
    assert (one.returncode, one.stdout, one.stderr) == (two.returncode, two.stdout, two.stderr)
    assert one.returncode == 1 and len(one.stdout.splitlines()) == len(CORPUS) + 3


def test_batch_check_json_is_the_command_line_output(corpus_file: Path) -> None:
    status, out, _ = run(["check", "--json", "--now", NOW, "--jobs", "1", "-f", str(corpus_file)])
    assert status == 1
    listing = corpus_file.read_bytes()[3:].split(b"\n")
    # the texts as Python holds them, labelled as the file's lines are
    texts = [raw.rstrip(b"\r") for raw in listing if raw.strip()]
    numbers = [n for n, raw in enumerate(listing, 1) if raw.strip()]
    lines = list(qrpay.batch.check_json(texts, jobs=2, now=NOW_DT, name=str(corpus_file), chunk_size=50))
    expected = out.splitlines()
    # the API numbers texts, not lines: relabel the command line's records to compare
    for n, (line, wanted) in enumerate(zip(lines, expected, strict=True), 1):
        record, cli_record = json.loads(line), json.loads(wanted)
        assert record.pop("input") == f"{corpus_file}:{n}"
        assert cli_record.pop("input") == f"{corpus_file}:{numbers[n - 1]}"
        assert record == cli_record
    assert len(lines) == len(expected) == len(texts)


def test_batch_check_and_decode_agree_with_one_call_at_a_time() -> None:
    checked = list(qrpay.batch.check(CORPUS, jobs=2, now=NOW_DT, chunk_size=37))
    decoded = list(qrpay.batch.decode(CORPUS, jobs=2, now=NOW_DT, chunk_size=37))
    assert [c.text for c in checked] == [d.text for d in decoded] == CORPUS
    for text, result, got in zip(CORPUS, checked, decoded, strict=True):
        try:
            payload = qrpay.decode(text, now=NOW_DT)
        except qrpay.DecodeError as exc:
            failure = exc.code
        else:
            failure = None
        if failure is not None:
            assert (result.valid, result.decoded, result.issues[0].code) == (False, False, failure)
            assert got.payload is None and got.error is not None and got.error.code == failure
            continue
        assert (result.valid, result.decoded) == (payload.is_valid, True)
        assert result.schemes == tuple(payload.schemes) and result.issues == tuple(payload.issues)
        assert got.payload == payload and got.error is None
    assert {c.valid for c in checked} == {True, False}


def test_strict_counts_warnings_as_errors() -> None:
    normal = list(qrpay.batch.check(CORPUS, jobs=1, now=NOW_DT))
    strict = list(qrpay.batch.check(CORPUS, jobs=1, now=NOW_DT, strict=True))
    warned = [n for n, c in enumerate(normal) if c.valid and c.issues]
    assert warned, "the corpus has payloads with warnings only"
    assert all(not strict[n].valid for n in warned)
    assert [c.valid and not c.issues for c in normal] == [c.valid for c in strict]


def test_check_columns_match_check() -> None:
    texts: list[Any] = [*CORPUS[:200], None, b"\xff", "", PROMPTPAY.encode()]
    columns = qrpay.batch.check_columns(texts, now=NOW_DT, json=True)
    checked = list(qrpay.batch.check(texts, jobs=1, now=NOW_DT))
    assert columns["valid"] == [c.valid for c in checked]
    assert columns["schemes"] == [",".join(c.schemes) for c in checked]
    assert columns["errors"] == [",".join(i.code for i in c.issues if i.is_error) for c in checked]
    assert columns["warnings"] == [",".join(i.code for i in c.issues if not i.is_error) for c in checked]
    assert columns["errors"][-4:-1] == ["not_text", "not_utf8", "payload_empty"]
    assert columns["valid"][-1] is True and columns["schemes"][-1] == "promptpay"
    records = [json.loads(line) for line in columns["json"]]
    assert [r["input"] for r in records] == [f"row:{n}" for n in range(1, len(texts) + 1)]
    assert [r["valid"] for r in records] == columns["valid"]


# -- bounded memory --------------------------------------------------------------------------


def test_an_endless_generator_is_read_only_as_results_are_taken() -> None:
    taken = 0

    def endless() -> Iterator[str]:
        nonlocal taken
        for n in itertools.count():
            taken += 1
            yield CORPUS[n % len(CORPUS)]

    jobs, size = 2, 50
    results = qrpay.batch.check(endless(), jobs=jobs, now=NOW_DT, chunk_size=size)
    first = list(itertools.islice(results, 3000))
    time.sleep(0.3)  # the reader has had time to run ahead as far as it may
    # at most: what was taken, the chunks with the workers, the read-ahead, one in the reader's hand
    assert taken <= 3000 + (2 * jobs + READ_AHEAD + 2) * size
    results.close()
    assert [r.text for r in first] == [CORPUS[n % len(CORPUS)] for n in range(3000)]
    assert multiprocessing.active_children() == []  # closing stopped the workers


def test_the_command_line_reads_only_as_far_as_it_writes() -> None:
    """200 000 lines offered on stdin while nobody reads stdout: what it took stays small.

    When stdout is full the command waits, and so must its reading: the chunks it holds
    are one being written, ``2 * jobs`` with the workers, the read-ahead and one in the
    reader's hand, 64 KiB each, plus the pipes' own buffers. A command that read on
    regardless would take all 34 MB.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "qrpay", "check", "--json", "-j", "2", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    assert proc.stdin is not None
    lines = ("\n".join(CORPUS) + "\n").encode()
    offered = lines * (200_000 // len(CORPUS) + 1)
    written = 0

    def write() -> None:
        nonlocal written
        assert proc.stdin is not None
        try:
            for start in range(0, len(offered), 4096):
                written += proc.stdin.write(offered[start : start + 4096])
                proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        last, still = -1, 0
        for _ in range(200):  # until it has taken nothing more for a second (20 s at most)
            time.sleep(0.1)
            still = still + 1 if written == last else 0
            last = written
            if still >= 10:
                break
        assert len(offered) > 30_000_000
        assert 0 < written < 2 * 1024 * 1024, written
    finally:
        proc.kill()
        proc.wait()


# -- streaming and interruption ----------------------------------------------------------------


def _readline(stream: Any, timeout: float) -> bytes:
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else b""


def test_stdin_is_streamed_with_workers() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "qrpay", "check", "-j", "2", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        # line 1 is checked here, line 2 starts the workers, line 3 comes through the reader
        for n, (text, said) in enumerate(
            [(PROMPTPAY, "valid"), ("junk", "invalid"), (PROMPTPAY, "valid")], 1
        ):
            proc.stdin.write(text.encode() + b"\n")
            proc.stdin.flush()
            assert _readline(proc.stdout, 30) == f"stdin:{n}: {said}\n".encode()  # stdin still open
            if said == "invalid":
                # its one issue, written with it (already read into the buffer: no select)
                assert proc.stdout.readline().startswith(b"  error\t")
        proc.stdin.close()
        assert proc.wait(30) == 1
        assert proc.stderr is not None and proc.stderr.read() == b"qrpay: 3 payloads read, 1 invalid\n"
    finally:
        proc.kill()
        proc.wait()


def _write_all(stream: Any, data: bytes) -> None:
    try:
        stream.write(data)
        stream.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass  # the command was stopped before it read everything


def _group_is_gone(group: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("whole_group", [True, False], ids=["terminal-ctrl-c", "signal-to-main"])
def test_ctrl_c_stops_the_workers_and_exits_130(whole_group: bool) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "qrpay", "check", "--json", "-j", "2", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        block = ("\n".join(CORPUS) + "\n").encode() * 3  # many chunks: the workers are busy
        threading.Thread(target=_write_all, args=(proc.stdin, block), daemon=True).start()
        assert _readline(proc.stdout, 60).startswith(b'{"schema":1')
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        workers = children.read_text().split() if children.exists() else []
        if whole_group:
            os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C at a terminal does
        else:
            proc.send_signal(signal.SIGINT)
        proc.stdout.close()  # what was printed before does not matter here
        proc.wait(60)
        assert proc.stderr is not None
        err = proc.stderr.read()
        assert proc.returncode == 130 and b"Traceback" not in err, err
        assert _group_is_gone(proc.pid, 30), f"workers {workers} outlived the command"
    finally:
        proc.kill()
        proc.wait()


def test_keyboard_interrupt_in_the_consumer_stops_the_workers() -> None:
    results = qrpay.batch.check(itertools.cycle(CORPUS), jobs=2, now=NOW_DT, chunk_size=20)

    def consume() -> None:
        for n, _ in enumerate(results):
            if n == 500:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        consume()
    results.close()
    assert multiprocessing.active_children() == []


# -- nothing in one text stops the batch ---------------------------------------------------------


def test_a_bug_on_one_text_is_that_text_s_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_decode = cli.decode

    def buggy(text: str, **kwargs: Any) -> qrpay.Payload:
        if text == "boom":
            raise IndexError("list index out of range")
        return real_decode(text, **kwargs)

    monkeypatch.setattr(cli, "decode", buggy)
    texts = [PROMPTPAY, "boom", PROMPTPAY]
    results = list(qrpay.batch.check(texts, jobs=1))
    assert [r.valid for r in results] == [True, False, True]
    assert results[1].issues[0].code == "internal_error"
    assert "IndexError: list index out of range" in results[1].issues[0].message
    status, out, err = run(["check", "-j", "1"], stdin="\n".join(texts).encode())
    assert status == 1 and out.splitlines()[1] == "stdin:2: invalid" and "internal_error" in out
    assert err == "qrpay: 3 payloads read, 1 invalid\n"


def test_texts_that_are_not_payloads_are_results_in_place() -> None:
    texts: list[Any] = [PROMPTPAY, None, 42, b"\xc3\x28", "", "   ", "0" * 100_000, PROMPTPAY]
    for jobs in (1, 2):
        results = list(qrpay.batch.check(texts, jobs=jobs, chunk_size=3))
        codes = [r.issues[0].code if not r.valid else None for r in results]
        assert codes[0] is None and codes[-1] is None
        assert codes[1:3] == ["not_text", "not_text"] and codes[3] == "not_utf8"
        assert all(code for code in codes[4:7])  # each a decode error, not a crash


def test_jobs_and_chunk_size_are_checked() -> None:
    assert run(["check", "--jobs", "-1", PROMPTPAY])[0] == 2
    assert run(["check", "--jobs", "x", PROMPTPAY])[0] == 2
    assert run(["check", "--jobs", "0", PROMPTPAY]) == (0, "argument: valid\n", "")
    with pytest.raises(ValueError, match="chunk_size"):
        list(qrpay.batch.check([PROMPTPAY], chunk_size=0))
    with pytest.raises(ValueError, match="jobs"):
        list(qrpay.batch.check([PROMPTPAY], jobs=0))


def _failing_square(shared: int, chunk: int) -> int:
    if chunk == 5:
        raise ZeroDivisionError("chunk 5")
    return shared * chunk * chunk


def test_ordered_map_keeps_order_and_raises_in_place() -> None:
    assert list(ordered_map(_failing_square, 1, iter(range(5)), jobs=2)) == [0, 1, 4, 9, 16]
    got: list[int] = []
    with pytest.raises(ZeroDivisionError, match="chunk 5"):
        got.extend(ordered_map(_failing_square, 1, iter(range(40)), jobs=2))
    assert got == [n * n for n in range(5)]  # every result before the failing chunk, in order

    def broken_input() -> Iterator[int]:
        yield from range(12)
        raise OSError("disk gone")

    got = []
    with pytest.raises(OSError, match="disk gone"):
        got.extend(ordered_map(_failing_square, 2, (n for n in broken_input() if n != 5), jobs=2))
    assert got == [2 * n * n for n in range(12) if n != 5]
    assert multiprocessing.active_children() == []


# -- the block reader against the line reader -------------------------------------------------------


class Trickle(io.BytesIO):
    """A stream that gives at most ``step`` bytes a read, as a pipe may."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__(data)
        self.step = step

    def read1(self, size: int = -1) -> bytes:
        return super().read1(min(self.step, size if size > 0 else self.step))


LINE_PARTS = st.sampled_from([b"a", b"0", b"\r", b"\n", b"\n", b"\xef\xbb\xbf", b"\xff", b" ", "ក".encode()])


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(LINE_PARTS, max_size=60).map(b"".join),
    step=st.integers(1, 9),
    block=st.integers(1, 12),
)
def test_block_reader_reads_what_the_line_reader_reads(data: bytes, step: int, block: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "MAX_LINE_BYTES", 8)  # small, so the overlong-line paths are reached
        expected = [
            cli._line_input(f"f:{n}", raw, too_long)
            for n, (raw, too_long) in enumerate(cli._raw_lines(io.BytesIO(data)), 1)
        ]
        got = [
            item
            for chunk in cli._line_blocks(Trickle(data, step), "f", block)
            for item in cli._block_inputs(chunk)
        ]
    assert [_seen(item) for item in got] == [_seen(item) for item in expected]


def _seen(item: cli.Input | None) -> tuple[Any, ...] | None:
    """What an input shows (errors compare by identity, so by code and message here)."""
    if item is None:
        return None
    error = item.error and (item.error.code, item.error.message, dict(item.error.ctx))
    return item.label, item.text, error


# -- the check --json line, written field by field ---------------------------------------------

HOSTILE_TEXTS = [
    '\u202eevil\x7f\x9b[2J\u2028\ud800"quoted" back\\slash\ttab ក្រុង 北京 \U0001f600',
    PROMPTPAY[:-4] + "\u202e",
    "0002010102115913\x1b]0;title\x07",
]


@pytest.mark.parametrize("ascii_only", [False, True], ids=["utf-8", "ascii"])
def test_check_json_line_is_what_dump_json_writes(ascii_only: bool) -> None:
    """The fast writer against the general one: json.dumps of the record from Issue.to_dict."""
    job = cli.BatchJob("check", True, False, False, NOW_DT, False, ascii_only)
    for n, text in enumerate([*CORPUS, *HOSTILE_TEXTS], 1):
        item = cli.Input(f"f\u202e:{n}", text)
        payload, error = cli._decoded(job, item)
        issues = [cli._error_issue(error)] if error is not None else list(payload.issues if payload else ())
        valid = not any(i.severity == "error" for i in issues)
        record = {
            "schema": cli.JSON_SCHEMA_VERSION,
            "input": item.label,
            "payload": item.text,
            "valid": valid,
            "schemes": list(payload.schemes) if payload else [],
            "issues": [i.to_dict() for i in issues],
        }
        line = cli._check_json_line(job, item, payload, issues, valid)
        assert line == cli.dump_json(record, ascii_only=ascii_only), text
        assert json.loads(line) == record
        assert not ascii_only or line.isascii()


# -- a worker that dies ----------------------------------------------------------------------------

PARENT = os.getpid()
RUN_CHUNK = cli.run_chunk


def _dying_chunk(job: cli.BatchJob, chunk: Any) -> cli.ChunkOutput:
    """run_chunk, except that a worker process dies (as if killed) on its first chunk."""
    if os.getpid() != PARENT:
        os._exit(9)
    return RUN_CHUNK(job, chunk)


def test_a_worker_that_dies_is_one_line_and_status_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "codes.txt"
    path.write_text((PROMPTPAY + "\n") * 50, encoding="utf-8")
    monkeypatch.setattr(cli, "BLOCK_BYTES", 1024)  # several chunks: the second goes to a worker
    monkeypatch.setattr(cli, "run_chunk", _dying_chunk)
    status, out, err = run(["check", "--jobs", "2", "-f", str(path)])
    assert status == 1 and "Traceback" not in err
    assert err.startswith("qrpay: check: a worker process stopped") and err.endswith("(try --jobs 1)\n")
    assert out.startswith(f"{path}:1: valid\n")  # what was checked before it is printed
    assert multiprocessing.active_children() == []


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_counts_lines_with_workers(
    corpus_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(cli.Output, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(cli.Output, "PROGRESS_INTERVAL", 0.0)
    out, err = io.StringIO(), Terminal()  # results to a file, stderr on a terminal: the bar is drawn
    status = main(["check", "--json", "-j", "2", "-f", str(corpus_file)], stdout=out, stderr=err)
    *drawn, last = err.getvalue().split("\r\x1b[K")
    counts = [int(part.removesuffix(" read")) for part in drawn[1:]]
    assert status == 1 and counts == sorted(counts) and len(counts) > 10  # a count per chunk, rising
    assert counts[-1] == len(CORPUS) + 3 and "\r" not in out.getvalue()
    # the bar is cleared before the summary
    assert last.startswith(f"qrpay: {len(CORPUS) + 3} payloads read, ") and last.endswith(" skipped\n")
