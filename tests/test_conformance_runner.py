"""The conformance runner, qrpay's adapter and ``qrpay conformance`` (issue 9).

The runner is tested against small suites built here (so it does not depend on the
corpus) and the adapters in tests/adapters/: a good one (qrpay's own), one written from
the docs alone that checks syntax only, liars, one that hangs, one that never reads,
one that prints garbage, one that exits at once, and a command that does not exist.
The last test runs qrpay's adapter over the whole corpus qrpay ships.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

import qrpay
from qrpay import cli
from qrpay.conformance import runner
from qrpay.conformance.adapter import answer, serve
from qrpay.conformance.suite import DecodeVector, EncodeVector, Suite
from qrpay.crc import with_crc
from qrpay.schemes import get_scheme

ADAPTERS = Path(__file__).resolve().parent / "adapters"
PY = sys.executable
PROMPTPAY = get_scheme("promptpay").examples[0]
EMVCO = qrpay.emvco.ANNEX_B7_EXAMPLE
RULE_IDS = {"crc_mismatch": "emvco.crc.value", "amount_format": "emvco.amount.format"}


def objects_of(text: str) -> tuple[tuple[Any, ...], ...]:
    """The neutral objects of a text (roots; children of the spec's templates)."""
    templates = {f"{n:02d}" for n in range(26, 52)} | {"62", "64"} | {str(n) for n in range(80, 100)}
    out: list[tuple[Any, ...]] = []
    for obj in qrpay.decode(text).objects:
        if obj.children is not None and obj.tag in templates:
            out.append((obj.tag, obj.value, tuple((c.tag, c.value) for c in obj.children)))
        else:
            out.append((obj.tag, obj.value))
    return tuple(out)


def dv(ident: str, payload: str, **kw: Any) -> DecodeVector:
    syntax = kw.pop("syntax", "valid")
    fields: dict[str, Any] = {
        "id": ident,
        "file": "test/decode.json",
        "scheme": None,
        "payload": payload,
        "now": "2026-01-01T00:00:00Z",
        "result": "valid",
        "flags": (),
        "syntax": syntax,
        "objects": objects_of(payload) if syntax != "invalid" else None,
        "rules": "valid",
        "rule_ids": (),
        "comment": "",
        "source": MappingProxyType({"kind": "synthetic"}),
        "qrpay": MappingProxyType({}),
    }
    fields.update(kw)
    return DecodeVector(**fields)


def ev(ident: str, scheme: str, fields: dict[str, Any], payload: str | None) -> EncodeVector:
    return EncodeVector(
        id=ident,
        file="test/encode.json",
        scheme=scheme,
        fields=MappingProxyType(fields),
        result="valid" if payload is not None else "refused",
        payload=payload,
        comment="",
        source=MappingProxyType({"kind": "synthetic"}),
    )


def suite_of(*vectors: DecodeVector | EncodeVector) -> Suite:
    return Suite(
        version="0.0.1-test",
        decode=tuple(v for v in vectors if isinstance(v, DecodeVector)),
        encode=tuple(v for v in vectors if isinstance(v, EncodeVector)),
        rules=MappingProxyType({}),
        flags=MappingProxyType({}),
        root=Path("."),
    )


BAD_CRC = PROMPTPAY[:-4] + ("0000" if PROMPTPAY[-4:] != "0000" else "1111")
LOWER_CRC = EMVCO[:-4] + EMVCO[-4:].lower()
BAD_AMOUNT = with_crc(PROMPTPAY[:-8] + "54031x5")
PROMPTPAY_BUILT = get_scheme("promptpay").build(mobile="0812345678", amount="10").to_text()  # type: ignore[misc]


def mini_suite() -> Suite:
    return suite_of(
        dv("valid-promptpay", PROMPTPAY, scheme="promptpay"),
        dv("valid-emvco", EMVCO),
        dv(
            "invalid-crc",
            BAD_CRC,
            syntax="invalid",
            result="invalid",
            rules="invalid",
            rule_ids=("emvco.crc.value",),
        ),
        dv(
            "acceptable-lower-crc",
            LOWER_CRC,
            result="acceptable",
            flags=("crc-lowercase",),
            rules="acceptable",
        ),
        dv(
            "invalid-amount",
            BAD_AMOUNT,
            scheme="promptpay",
            result="invalid",
            rules="invalid",
            rule_ids=("emvco.amount.format",),
        ),
        dv("no-rules-claim", PROMPTPAY, rules=None),
        ev("enc-promptpay", "promptpay", {"mobile": "0812345678", "amount": "10"}, PROMPTPAY_BUILT),
        ev("enc-refused", "promptpay", {"mobile": "12"}, None),
    )


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A folder with a manifest that maps the qrpay codes the mini suite needs."""
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {"version": "0.0.1-test", "files": [], "rules": {}, "flags": {}, "qrpay": {"rule_ids": RULE_IDS}}
        )
    )
    return tmp_path


def qrpay_adapter(corpus: Path) -> list[str]:
    return [PY, "-m", "qrpay", "conformance", "adapter", "--suite", str(corpus)]


def statuses(report: runner.RunReport) -> dict[str, str]:
    return {r.id: r.status for r in report.results}


# -- good adapters ---------------------------------------------------------------------------


def test_mini_suite_is_what_it_says() -> None:
    assert qrpay.decode(PROMPTPAY).is_valid and qrpay.decode(EMVCO).is_valid
    assert [i.code for i in qrpay.check(BAD_CRC)] == ["crc_mismatch"]
    assert "amount_format" in [i.code for i in qrpay.check(BAD_AMOUNT)]


def test_qrpay_adapter_passes_every_vector(corpus_dir: Path) -> None:
    report = runner.run(mini_suite(), qrpay_adapter(corpus_dir), timeout=20)
    assert statuses(report) == dict.fromkeys(statuses(report), "pass"), [r.error for r in report.results]
    assert report.exit_status == 0
    assert report.starts == 1 and report.exits == 0 and not report.notes
    summary = report.summary()
    assert (summary["total"], summary["passed"], summary["failed"]) == (8, 8, 0)
    assert summary["aspects"]["syntax"]["passed"] == 6
    assert summary["aspects"]["rules"]["passed"] == 5
    assert summary["aspects"]["encode"]["passed"] == 2
    assert summary["schemes"]["promptpay"]["total"] == 4
    assert summary["schemes"]["emvco"]["total"] == 4


def test_syntax_only_adapter_passes_with_rules_unsupported() -> None:
    report = runner.run(mini_suite(), [PY, str(ADAPTERS / "syntax_only.py")], timeout=20)
    by_id = {r.id: r for r in report.results}
    assert {i: r.status for i, r in by_id.items() if r.op == "decode"} == dict.fromkeys(
        [r.id for r in report.results if r.op == "decode"], "pass"
    )
    assert by_id["enc-promptpay"].status == "unsupported"
    assert by_id["valid-promptpay"].aspects == {"syntax": "pass", "rules": "unsupported"}
    assert by_id["no-rules-claim"].aspects == {"syntax": "pass"}
    aspects = report.summary()["aspects"]
    assert aspects["rules"] == {"passed": 0, "failed": 0, "unsupported": 5, "timeouts": 0}
    assert aspects["encode"]["unsupported"] == 2
    assert report.exit_status == 0


# -- liars ------------------------------------------------------------------------------------


def test_adapter_that_says_everything_is_valid_scores_badly() -> None:
    report = runner.run(mini_suite(), [PY, str(ADAPTERS / "liar.py"), "valid"], timeout=20)
    assert all(s == "fail" for s in statuses(report).values())
    assert report.exit_status == 1
    by_id = {r.id: r for r in report.results}
    assert "syntax valid, expected invalid" in (by_id["invalid-crc"].error or "")
    assert "data objects at the root, expected" in (by_id["valid-promptpay"].error or "")
    assert "expected a refusal" in (by_id["enc-refused"].error or "")


def test_adapter_with_wrong_objects_and_rule_ids_scores_badly() -> None:
    report = runner.run(mini_suite(), [PY, str(ADAPTERS / "liar.py"), "wrong"], timeout=20)
    by_id = {r.id: r for r in report.results}
    assert by_id["valid-promptpay"].status == "fail"
    assert "object 2 (tag" in (by_id["valid-promptpay"].error or "") or "tag" in (
        by_id["valid-promptpay"].error or ""
    )
    assert "rules invalid, expected valid" in (by_id["valid-emvco"].error or "")
    assert by_id["enc-refused"].status == "pass"  # a refusal is right there, and only there
    assert by_id["enc-promptpay"].status == "fail"
    assert report.summary()["passed"] == 1


# -- scoring rules ----------------------------------------------------------------------------


def test_scoring_rules() -> None:
    vector = dv("v", PROMPTPAY)
    objects = [list(o[:2]) + ([[list(c) for c in o[2]]] if len(o) == 3 else []) for o in vector.objects or ()]
    good = {"id": "v", "syntax": "valid", "objects": objects}
    assert runner.score_decode(vector, good).status == "pass"
    # the CRC value compares case-insensitively; children only where given
    lower = json.loads(json.dumps(good))
    lower["objects"][-1][1] = lower["objects"][-1][1].lower()
    lower["objects"][2] = lower["objects"][2][:2]
    assert runner.score_decode(vector, lower).status == "pass"
    wrong_child = json.loads(json.dumps(good))
    wrong_child["objects"][2][2][0][1] = "X"
    assert "29.object 1 (tag 00)" in (runner.score_decode(vector, wrong_child).error or "")
    # rules: every expected rule id must be among the response's
    bad = dv("b", BAD_AMOUNT, result="invalid", rules="invalid", rule_ids=("emvco.amount.format",))
    said = {
        "id": "b",
        "syntax": "valid",
        "objects": [list(o[:2]) for o in bad.objects or ()],
        "rules": "invalid",
    }
    assert "lack emvco.amount.format" in (runner.score_decode(bad, said).error or "")
    said["rule_ids"] = ["x", "emvco.amount.format"]
    assert runner.score_decode(bad, said).status == "pass"
    # acceptable: either answer
    acceptable = dv("a", LOWER_CRC, syntax="acceptable", rules="acceptable", result="acceptable")
    assert (
        runner.score_decode(acceptable, {"id": "a", "syntax": "invalid", "rules": "invalid"}).status == "pass"
    )
    assert runner.score_decode(acceptable, {"id": "a", "unsupported": True}).status == "unsupported"
    # encode: CRC digits case-insensitive
    enc = ev("e", "promptpay", {}, PROMPTPAY_BUILT)
    assert (
        runner.score_encode(
            enc, {"id": "e", "payload": PROMPTPAY_BUILT[:-4] + PROMPTPAY_BUILT[-4:].lower()}
        ).status
        == "pass"
    )
    assert runner.score_encode(enc, {"id": "e", "payload": PROMPTPAY_BUILT + "0"}).status == "fail"
    assert runner.score_encode(enc, {"id": "e"}).error == (
        'malformed response: neither a payload string nor "refused": true'
    )


@pytest.mark.parametrize(
    ("response", "why"),
    [
        ([], "is not a JSON object"),
        ({"id": "zz", "syntax": "valid"}, 'id "zz", expected "v"'),
        ({"id": "v"}, "syntax is null"),
        ({"id": "v", "syntax": "valid"}, "no objects"),
        ({"id": "v", "syntax": "valid", "objects": {"00": "01"}}, "not a list"),
        ({"id": "v", "syntax": "valid", "objects": [["00"]]}, "is not [tag, value]"),
        ({"id": "v", "syntax": "valid", "objects": [[0, "01"]]}, "must be strings"),
        ({"id": "v", "syntax": "invalid", "rules": "perhaps"}, 'rules is "perhaps"'),
        ({"id": "v", "syntax": "invalid", "rule_ids": [1]}, "rule_ids is [1]"),
    ],
)
def test_malformed_decode_responses_fail(response: Any, why: str) -> None:
    score = runner.score_decode(dv("v", PROMPTPAY), response)
    assert score.status == "fail"
    assert why in (score.error or ""), score.error


def test_deeply_nested_objects_are_malformed_not_a_crash() -> None:
    nested: Any = []
    for _ in range(50):
        nested = [["62", "x", nested]]
    score = runner.score_decode(dv("v", PROMPTPAY), {"id": "v", "syntax": "valid", "objects": nested})
    assert score.status == "fail" and "deeper than" in (score.error or "")


# -- hangs, garbage, exits ------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(os.name != "posix", reason="process groups")
def test_hanging_adapter_times_out_is_restarted_and_the_run_ends(tmp_path: Path) -> None:
    count = tmp_path / "starts.txt"
    suite = suite_of(
        dv("ok-1", PROMPTPAY),
        dv("hang-1", PROMPTPAY),
        dv("ok-2", PROMPTPAY),
        dv("hang-2", PROMPTPAY),
        dv("ok-3", PROMPTPAY),
    )
    began = time.monotonic()
    report = runner.run(suite, [PY, str(ADAPTERS / "hang.py"), "--count", str(count)], timeout=0.5, startup=0)
    took = time.monotonic() - began
    assert statuses(report) == {
        "ok-1": "unsupported",
        "hang-1": "timeout",
        "ok-2": "unsupported",
        "hang-2": "timeout",
        "ok-3": "unsupported",
    }
    assert report.starts == 3 and count.read_text().count("start") == 3
    assert report.summary()["timeouts"] == 2 and report.exit_status == 1
    assert {r.error for r in report.results if r.status == "timeout"} == {"no answer within 0.5 s"}
    assert took < 10, took  # two timeouts of 0.5 s and three starts, whatever SIGTERM does


@pytest.mark.skipif(os.name != "posix", reason="process groups")
def test_killed_adapters_leave_no_process(tmp_path: Path) -> None:
    script = tmp_path / "pids.py"
    pids = tmp_path / "pids.txt"
    script.write_text(
        "import os, subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        f"open({str(pids)!r}, 'a').write(f'{{os.getpid()}} {{child.pid}}\\n')\n"
        "sys.stdin.readline(); time.sleep(600)\n"
    )
    report = runner.run(
        suite_of(dv("a", PROMPTPAY), dv("b", PROMPTPAY)), [PY, str(script)], timeout=1.0, startup=0
    )
    assert statuses(report) == {"a": "timeout", "b": "timeout"}
    every = [int(p) for line in pids.read_text().split("\n") if line for p in line.split()]
    assert len(every) == 4
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in every) and time.monotonic() < deadline:
        time.sleep(0.05)  # the grandchildren were killed with the group; init reaps them
    assert not any(_alive(p) for p in every)


def test_adapter_that_never_reads_times_out() -> None:
    suite = suite_of(*(dv(f"deaf-{i}", "0" * 60000, syntax="invalid") for i in range(3)))
    began = time.monotonic()
    report = runner.run(suite, [PY, str(ADAPTERS / "hang.py"), "--deaf"], timeout=0.5, startup=0)
    assert set(statuses(report).values()) == {"timeout"}
    assert time.monotonic() - began < 10


def test_slow_start_is_allowed_startup_seconds(tmp_path: Path) -> None:
    script = tmp_path / "slow.py"
    script.write_text(
        "import json, sys, time\n"
        "time.sleep(1.0)\n"
        "for line in sys.stdin:\n"
        "    print(json.dumps({'id': json.loads(line)['id'], 'unsupported': True}), flush=True)\n"
    )
    suite = suite_of(dv("a", PROMPTPAY), dv("b", PROMPTPAY))
    slow = runner.run(suite, [PY, str(script)], timeout=0.3, startup=0)
    assert statuses(slow)["a"] == "timeout"
    patient = runner.run(suite, [PY, str(script)], timeout=0.3, startup=5)
    assert statuses(patient) == {"a": "unsupported", "b": "unsupported"}


def test_give_up_after_silent_vectors() -> None:
    suite = suite_of(*(dv(f"hang-{i}", PROMPTPAY) for i in range(6)))
    began = time.monotonic()
    report = runner.run(suite, [PY, str(ADAPTERS / "hang.py")], timeout=0.3, give_up=2, startup=0)
    assert [r.status for r in report.results] == ["timeout", "timeout", "fail", "fail", "fail", "fail"]
    assert report.results[-1].error == "not sent: the adapter gave no answer to the 2 requests before"
    assert report.starts == 2 and any("gave up" in n for n in report.notes)
    assert time.monotonic() - began < 8


GARBAGE = {
    "g-text": "not JSON",
    "g-huge": "a line of 3145738 bytes",
    "g-binary": "not UTF-8 (byte 0xff at 0)",
    "g-wrong-id": 'id "someone-else"',
    "g-array": "is not a JSON object",
    "g-no-syntax": "syntax is null",
    "g-bad-objects": "tag and value must be strings",
    "g-deep": "not JSON",
    "g-bigint": "not JSON",
    "g-escape": "syntax is",
    "g-bad-rules": 'rules is "perhaps"',
    "g-twice": None,  # unsupported: passes; its second line is skipped (an earlier id)
    "g-after-twice": None,
    "g-die": "closed its stdout (exit status 7)",
    "g-huge-unterminated": "a line of 3145728 bytes",
    "g-last": None,
    "g-stderr-flood": None,
}


def test_garbage_fails_vectors_never_the_runner() -> None:
    suite = suite_of(*(dv(ident, PROMPTPAY) for ident in GARBAGE))
    began = time.monotonic()
    report = runner.run(suite, [PY, str(ADAPTERS / "garbage.py")], timeout=10)
    took = time.monotonic() - began
    by_id = {r.id: r for r in report.results}
    for ident, why in GARBAGE.items():
        result = by_id[ident]
        if why is None:
            assert result.status == "unsupported", (ident, result.error)
        else:
            assert result.status == "fail", ident
            assert why in (result.error or ""), (ident, result.error)
    # the runner kept excerpts of what was too large, never the whole line
    assert by_id["g-huge"].received is None
    assert by_id["g-deep"].received["bytes"] > runner.KEEP_RESPONSE_BYTES
    # g-die exits twice (it is sent once more to a fresh adapter), g-huge-unterminated once
    assert report.starts == 4 and report.exits == 3
    assert report.extra_lines == 1 and "the adapter answered request g-twice more than once" in report.notes
    assert report.stderr_bytes > 20_000_000 and len(report.stderr_tail) <= 4096
    assert took < 30


def test_adapter_that_floods_stdout_is_held_back_and_killed() -> None:
    flood = 'import sys\nwhile True:\n    sys.stdout.write(\'{"id": "x"}\\n\' * 1000)\n'
    began = time.monotonic()
    report = runner.run(suite_of(*(dv(f"f-{i}", PROMPTPAY) for i in range(3))), [PY, "-c", flood], timeout=5)
    assert [r.error for r in report.results] == [
        f'malformed response: id "x", expected "f-{i}"' for i in range(3)
    ]
    assert time.monotonic() - began < 10  # it never reads stdin nor exits: killed after the grace


def test_adapter_that_exits_at_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    suite = suite_of(dv("a", PROMPTPAY), dv("b", PROMPTPAY), dv("c", PROMPTPAY))
    monkeypatch.setattr(cli, "_load_suite", lambda path: suite)
    status = cli.main(["conformance", "run", "--give-up", "2", "--", PY, str(ADAPTERS / "exits.py")])
    out, err = capsys.readouterr()
    assert status == 1
    assert "0 passed, 3 failed" in out
    assert "closed its stdout (exit status 3)" in out
    assert "\x1b" not in out + err
    assert "the adapter exited with status 3 at vector a" in err
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in err  # its stderr, escaped


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["conformance", "run", "--", "/nonexistent/adapter"], "cannot start /nonexistent/adapter"),
        (["conformance", "run"], "needs the adapter command after --"),
        (["conformance", "run", "--"], "needs the adapter command after --"),
        (["conformance", "run", "--timeout", "0", "--", "x"], "not between 0 and 3600"),
        (["conformance", "run", "--timeout", "soon", "--", "x"], "not a number of seconds"),
        (["conformance", "run", "--only", "nothing-*", "--", PY, "-c", "pass"], "no vectors selected"),
        (["conformance", "run", "--suite", "/nonexistent", "--", "x"], "no conformance corpus"),
        (["conformance", "list", "--suite", "/nonexistent"], "no conformance corpus"),
        (["conformance", "adapter", "--suite", "/nonexistent"], "no conformance corpus"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if "--suite" not in argv:
        monkeypatch.setattr(cli, "_load_suite", lambda path: mini_suite())
    assert cli.main(argv, stdin=io.BytesIO(b"")) == 2
    err = capsys.readouterr().err
    assert message in err, err


# -- reports --------------------------------------------------------------------------------------


def test_unwritable_report_is_status_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_load_suite", lambda path: suite_of(dv("a", PROMPTPAY)))
    argv = [
        "conformance",
        "run",
        "--report",
        "/nonexistent/dir/r.json",
        "--",
        PY,
        str(ADAPTERS / "syntax_only.py"),
    ]
    assert cli.main(argv) == 1
    assert "cannot write /nonexistent/dir/r.json" in capsys.readouterr().err


def test_nothing_selected_starts_nothing() -> None:
    report = runner.run(mini_suite(), ["/nonexistent/adapter"], only=["nothing-*"])
    assert report.results == [] and report.starts == 0 and report.exit_status == 0


def test_json_and_markdown_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = "evil|*[link](http://x) <b>\x1b[2J\u202e"
    suite = suite_of(*mini_suite().decode, *mini_suite().encode, dv("g-escape", PROMPTPAY, comment=hostile))
    monkeypatch.setattr(cli, "_load_suite", lambda path: suite)
    report_file, md_file = tmp_path / "r.json", tmp_path / "r.md"
    argv = ["conformance", "run", "--report", str(report_file), "--markdown", str(md_file), "--timeout", "20"]
    assert cli.main([*argv, "--", PY, str(ADAPTERS / "liar.py"), "wrong"]) == 1
    out, err = capsys.readouterr()
    assert "suite 0.0.1-test: 9 vectors: 1 passed, 8 failed, 0 unsupported, 0 timeouts" in out
    assert "FAIL valid-promptpay" in out and "\x1b" not in out + err
    text = report_file.read_text(encoding="utf-8")
    assert text.isascii()
    report = json.loads(text)
    assert report["report"] == runner.REPORT_VERSION
    summary = report["summary"]
    for key in ("total", "passed", "failed", "unsupported", "timeouts", "aspects", "schemes"):
        assert key in summary
    assert summary["suite_version"] == "0.0.1-test"
    assert summary["adapter"] == [PY, str(ADAPTERS / "liar.py"), "wrong"]
    assert summary["date"].endswith("Z")
    assert (summary["total"], summary["passed"], summary["failed"]) == (9, 1, 8)
    assert summary["aspects"]["rules"] == {
        "passed": 1,
        "failed": 5,
        "unsupported": 0,
        "timeouts": 0,
    }  # acceptable: either
    assert summary["schemes"]["promptpay"]["failed"] == 3
    first = report["vectors"][0]
    assert first["id"] == "valid-promptpay" and first["status"] == "fail"
    assert first["expected"]["objects"][0] == ["00", "01"] and first["expected"]["rules"] == "valid"
    assert first["received"]["rule_ids"] == ["made.up"]
    assert set(first) >= {"id", "status", "expected", "received", "error", "aspects", "file", "scheme"}
    md = md_file.read_text(encoding="utf-8")
    assert md.startswith("# Conformance report")
    assert "| 9 | 1 | 8 | 0 | 0 |" in md
    assert "## Failures (8)" in md and "valid\\-promptpay" in md
    assert "\x1b" not in md and "\u202e" not in md


def test_markdown_text_escapes() -> None:
    said = runner.markdown_text("a|b *x* [l](u) <i> \\ \x1b[2J \u202e `c`")
    assert "|" not in said.replace("\\|", "")
    assert "\x1b" not in said and "\u202e" not in said
    assert said.startswith("a\\|b \\*x\\* \\[l\\]\\(u\\) \\<i\\>")
    assert "\\\\\\\\" in said  # a backslash is doubled by for_display, each then escaped
    assert len(runner.markdown_text("x" * 1000, limit=50)) <= 60


def test_markdown_of_a_hostile_response(monkeypatch: pytest.MonkeyPatch) -> None:
    report = runner.run(suite_of(dv("g-escape", PROMPTPAY)), [PY, str(ADAPTERS / "garbage.py")], timeout=20)
    md = report.markdown()
    assert "\x1b" not in md and "\u202e" not in md and "\x07" not in md
    line = next(x for x in md.splitlines() if x.startswith("| g\\-escape"))
    assert line.count("|") - line.count("\\|") == 5  # four cells: nothing broke out of its cell
    assert json.loads(runner.dump_report(report))["vectors"][0]["received"]["syntax"].startswith(
        "maybe \x1b]0;"
    )


# -- qrpay's adapter ------------------------------------------------------------------------------


def test_adapter_answers_bad_requests_and_goes_on() -> None:
    lines = [
        b"not json",
        b"[1, 2]",
        json.dumps({"id": "x", "op": "fly"}).encode(),
        json.dumps({"id": "y", "op": "decode"}).encode(),
        json.dumps({"id": "z", "op": "decode", "payload": PROMPTPAY, "now": "yesterday"}).encode(),
        json.dumps({"id": "e", "op": "encode", "scheme": "nowhere", "fields": {}}).encode(),
        json.dumps({"id": "f", "op": "encode", "scheme": "promptpay", "fields": {"colour": "red"}}).encode(),
        b"",
        json.dumps({"id": "ok", "op": "decode", "payload": PROMPTPAY}).encode(),
    ]
    out = io.BytesIO()
    assert serve(io.BytesIO(b"\n".join(lines) + b"\n"), out, RULE_IDS) == 0
    responses = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in responses] == [None, None, "x", "y", "z", "e", "f", "ok"]
    assert all(r.get("unsupported") for r in responses[:-1])
    assert responses[-1]["syntax"] == "valid" and responses[-1]["rules"] == "valid"


def test_adapter_decode_and_encode_answers() -> None:
    said = answer({"id": "c", "op": "decode", "payload": BAD_CRC}, RULE_IDS)
    assert said == {"id": "c", "syntax": "invalid", "rules": "invalid", "rule_ids": ["emvco.crc.value"]}
    said = answer({"id": "u", "op": "decode", "payload": BAD_AMOUNT}, {})
    assert said["rules"] == "invalid" and "qrpay:amount_format" in said["rule_ids"]
    said = answer({"id": "r", "op": "encode", "scheme": "promptpay", "fields": {"mobile": "12"}}, {})
    assert said["refused"] is True and said["reason"]
    said = answer(
        {
            "id": "p",
            "op": "encode",
            "scheme": "promptpay",
            "fields": {"mobile": "0812345678", "amount": "10"},
        },
        {},
    )
    assert said == {"id": "p", "payload": PROMPTPAY_BUILT}


def test_adapter_through_main(corpus_dir: Path) -> None:
    stdin = io.BytesIO(json.dumps({"id": "a", "op": "decode", "payload": BAD_CRC}).encode() + b"\n")
    stdout = io.StringIO()
    assert cli.main(["conformance", "adapter", "--suite", str(corpus_dir)], stdin=stdin, stdout=stdout) == 0
    assert json.loads(stdout.getvalue())["rule_ids"] == ["emvco.crc.value"]


# -- the corpus qrpay ships --------------------------------------------------------------------------


def _shipped_suite() -> Suite:
    from qrpay.conformance.suite import load_suite

    try:
        return load_suite()
    except FileNotFoundError:
        pytest.skip("no conformance corpus (fixtures/manifest.json) yet")


def test_qrpay_adapter_passes_the_whole_corpus(tmp_path: Path) -> None:
    suite = _shipped_suite()
    report = runner.run(suite, [PY, "-m", "qrpay", "conformance", "adapter"], timeout=30)
    failures = [(r.id, r.status, r.error) for r in report.failures()]
    assert not failures, failures[:20]
    assert report.summary()["total"] == len(suite.decode) + len(suite.encode)
    assert report.summary()["unsupported"] == 0
    assert report.starts == 1


def test_an_adapter_written_from_the_docs_passes_every_decode_vector() -> None:
    """tests/adapters/syntax_only.py knows nothing of qrpay: the corpus's syntax level is neutral."""
    suite = _shipped_suite()
    report = runner.run(suite, [PY, str(ADAPTERS / "syntax_only.py")], timeout=30)
    failures = [(r.id, r.error) for r in report.failures()]
    assert not failures, failures[:20]
    assert report.summary()["aspects"]["syntax"]["passed"] == len(suite.decode)


def test_cli_scores_qrpay_on_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    suite = _shipped_suite()
    total = len(suite.decode) + len(suite.encode)
    report_file, md_file = tmp_path / "qrpay.json", tmp_path / "qrpay.md"
    argv = ["conformance", "run", "--report", str(report_file), "--markdown", str(md_file)]
    assert cli.main([*argv, "--", PY, "-m", "qrpay", "conformance", "adapter"]) == 0
    out = capsys.readouterr().out
    assert f"suite {suite.version}: {total} vectors: {total} passed, 0 failed" in out
    summary = json.loads(report_file.read_text())["summary"]
    assert summary["passed"] == total and summary["suite_version"] == suite.version
    assert "## Failures (0)" in md_file.read_text()


def test_only_selects_by_id_or_file() -> None:
    suite = mini_suite()
    assert [v.id for v in runner.select(suite, ["invalid-*"])] == ["invalid-crc", "invalid-amount"]
    assert [v.id for v in runner.select(suite, ["test/encode.json"])] == ["enc-promptpay", "enc-refused"]
    assert len(runner.select(suite)) == 8


def test_conformance_list(capsys: pytest.CaptureFixture[str]) -> None:
    suite = _shipped_suite()
    assert cli.main(["conformance", "list"]) == 0
    out = capsys.readouterr().out
    assert f"suite {suite.version}" in out and f"decode vectors: {len(suite.decode)}" in out
    assert cli.main(["conformance", "list", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["decode"] == len(suite.decode) and counts["encode"] == len(suite.encode)
    assert sum(row["decode"] for row in counts["schemes"].values()) == len(suite.decode)
