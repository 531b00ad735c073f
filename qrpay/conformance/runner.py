"""Run an adapter over a :class:`~qrpay.conformance.Suite` and score it (docs/conformance.md).

* :func:`run` starts the adapter command once, sends one JSON line per vector and reads
  one line back, in order; a response that does not come within ``timeout`` seconds is
  a ``timeout`` (the adapter is killed and restarted for the next vector); whatever comes
  back malformed is a failure of that vector, never an exception.
* :func:`score_decode` and :func:`score_encode` judge one response by the contract's
  scoring rules; they take plain JSON values, so any response can be scored.
* :class:`RunReport` holds every result and gives the JSON report
  (:meth:`RunReport.to_json`), the Markdown scoreboard (:meth:`RunReport.markdown`) and
  the exit status.

Nothing the adapter says is trusted: lines are bounded (``max_line``), stderr is kept
only at its end and never shown raw, and every text from the adapter in the Markdown
report is escaped (:func:`markdown_text`).
"""

from __future__ import annotations

import fnmatch
import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from qrpay.conformance.process import AdapterProcess, Received
from qrpay.conformance.suite import DecodeVector, EncodeVector, Suite
from qrpay.text import for_display

__all__ = [
    "DEFAULT_STARTUP",
    "DEFAULT_TIMEOUT",
    "MAX_RESPONSE_BYTES",
    "REPORT_VERSION",
    "AdapterStartError",
    "RunReport",
    "Score",
    "VectorResult",
    "dump_report",
    "markdown_text",
    "request_for",
    "run",
    "score_decode",
    "score_encode",
    "select",
    "suite_counts",
]

#: Version of the JSON report's layout (docs/conformance.md); bumped on incompatible change.
REPORT_VERSION = 1
#: Seconds to wait for each response.
DEFAULT_TIMEOUT = 5.0
#: Longest response line read from an adapter; a longer one is skipped and is a failure.
MAX_RESPONSE_BYTES = 1024 * 1024
#: Seconds more allowed for the first response after each start of the adapter.
DEFAULT_STARTUP = 10.0
#: After this many vectors in a row without an answer (timeouts, the adapter exiting),
#: the rest are not sent: each is a failure saying so. 0 never gives up.
DEFAULT_GIVE_UP = 10
#: A response larger than this is kept in the report only as an excerpt.
KEEP_RESPONSE_BYTES = 16 * 1024
#: Deepest nesting of ``objects`` a response may have (root, children, grandchildren, ...).
MAX_OBJECT_DEPTH = 8

Status = Literal["pass", "fail", "unsupported", "timeout"]
AspectStatus = Literal["pass", "fail", "unsupported", "timeout"]
Vector = DecodeVector | EncodeVector
ASPECTS = ("syntax", "rules", "encode")


class AdapterStartError(Exception):
    """The adapter command could not be started (no such file, not executable)."""


@dataclass(frozen=True)
class Score:
    """How one response fares against one vector."""

    status: Status
    aspects: dict[str, AspectStatus]
    error: str | None = None


@dataclass
class VectorResult:
    """One vector's outcome, as the report gives it."""

    id: str
    op: str
    file: str
    scheme: str | None
    status: Status
    aspects: dict[str, AspectStatus]
    expected: dict[str, Any]
    received: Any
    error: str | None
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "op": self.op,
            "file": self.file,
            "scheme": self.scheme,
            "status": self.status,
            "aspects": dict(self.aspects),
            "error": self.error,
            "expected": self.expected,
            "received": self.received,
            "seconds": round(self.seconds, 6),
        }


# -- requests and expectations ------------------------------------------------------------------


def _thaw(value: Any) -> Any:
    """A vector's frozen JSON (mapping proxies, tuples) as plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): _thaw(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_thaw(v) for v in value]
    return value


def request_for(vector: Vector) -> dict[str, Any]:
    """The protocol request for ``vector``."""
    if isinstance(vector, DecodeVector):
        request: dict[str, Any] = {"id": vector.id, "op": "decode", "payload": vector.payload}
        if vector.now is not None:
            request["now"] = vector.now
        return request
    return {"id": vector.id, "op": "encode", "scheme": vector.scheme, "fields": _thaw(vector.fields)}


def encode_line(request: Mapping[str, Any]) -> bytes:
    """One request line: ASCII JSON (every other character as a ``\\u`` escape, so a lone
    surrogate in a hostile payload still makes valid JSON) and a newline."""
    return (json.dumps(request, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii")


def expected_for(vector: Vector) -> dict[str, Any]:
    """What the vector expects, for the report."""
    if isinstance(vector, DecodeVector):
        return {
            "result": vector.result,
            "flags": list(vector.flags),
            "syntax": vector.syntax,
            "objects": _thaw(vector.objects),
            "rules": vector.rules,
            "rule_ids": list(vector.rule_ids),
        }
    return {"result": vector.result, "payload": vector.payload}


def _claimed_aspects(vector: Vector) -> tuple[str, ...]:
    if isinstance(vector, EncodeVector):
        return ("encode",)
    return ("syntax", "rules") if vector.rules is not None else ("syntax",)


# -- scoring --------------------------------------------------------------------------------------


def _short(value: Any, limit: int = 80) -> str:
    """A JSON excerpt of ``value`` for a message (ASCII; shown through for_display later)."""
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _all(aspects: Iterable[str], status: AspectStatus) -> dict[str, AspectStatus]:
    return dict.fromkeys(aspects, status)


def _malformed(vector: Vector, why: str) -> Score:
    return Score("fail", _all(_claimed_aspects(vector), "fail"), f"malformed response: {why}")


def _check_objects(items: Any, depth: int = 1) -> str | None:
    """Why ``items`` is not a list of ``[tag, value]`` / ``[tag, value, children]``, or None."""
    if not isinstance(items, list):
        return f"objects is {_short(items, 40)}, not a list"
    if depth > MAX_OBJECT_DEPTH:
        return f"objects nested deeper than {MAX_OBJECT_DEPTH} levels"
    for item in items:
        if not isinstance(item, list) or len(item) not in (2, 3):
            return f"object {_short(item, 40)} is not [tag, value] or [tag, value, children]"
        if not isinstance(item[0], str) or not isinstance(item[1], str):
            return f"object {_short(item, 40)}: tag and value must be strings"
        if len(item) == 3:
            why = _check_objects(item[2], depth + 1)
            if why:
                return why
    return None


def _compare_objects(expected: Sequence[Any], got: Sequence[Any], where: str, root: bool) -> str | None:
    """The first difference between the vector's objects and the response's, or None.

    Children are compared only where both give them (docs/conformance.md); the value of a
    root ID 63 (the CRC) is compared case-insensitively.
    """
    for index, (want, have) in enumerate(zip(expected, got, strict=False)):
        place = f"{where}object {index + 1}"
        if want[0] != have[0]:
            return f"{place}: tag {_short(have[0])}, expected {_short(want[0])}"
        same = (
            want[1].upper() == have[1].upper()
            if root and want[0] == "63" and isinstance(want[1], str)
            else want[1] == have[1]
        )
        if not same:
            return f"{place} (tag {want[0]}): value {_short(have[1])}, expected {_short(want[1])}"
        if len(want) == 3 and len(have) == 3:
            found = _compare_objects(want[2], have[2], f"{where}{want[0]}.", False)
            if found:
                return found
    if len(expected) != len(got):
        scope = f"in {where.rstrip('.')}" if where else "at the root"
        extra = f"; first extra tag {_short(got[len(expected)][0])}" if len(got) > len(expected) else ""
        return f"{len(got)} data objects {scope}, expected {len(expected)}{extra}"
    return None


def score_decode(vector: DecodeVector, response: Any) -> Score:
    """Judge a decode response (any JSON value) against ``vector``."""
    if not isinstance(response, dict):
        return _malformed(vector, f"{_short(response, 40)} is not a JSON object")
    if response.get("id") != vector.id:
        return _malformed(vector, f"id {_short(response.get('id'), 40)}, expected {_short(vector.id, 40)}")
    if response.get("unsupported") is True:
        return Score("unsupported", _all(_claimed_aspects(vector), "unsupported"))
    syntax = response.get("syntax")
    if syntax not in ("valid", "invalid"):
        return _malformed(vector, f'syntax is {_short(syntax, 40)}, not "valid" or "invalid"')
    objects: Any = response.get("objects")
    if syntax == "valid":
        if "objects" not in response:
            return _malformed(vector, 'no objects for syntax "valid"')
        why = _check_objects(objects)
        if why:
            return _malformed(vector, why)
    rules = response.get("rules")
    has_rules = "rules" in response and rules is not None
    if has_rules and rules not in ("valid", "invalid"):
        return _malformed(vector, f'rules is {_short(rules, 40)}, not "valid" or "invalid"')
    rule_ids = response.get("rule_ids", [])
    if rule_ids is None:
        rule_ids = []
    if not isinstance(rule_ids, list) or not all(isinstance(r, str) for r in rule_ids):
        return _malformed(vector, f"rule_ids is {_short(rule_ids, 40)}, not a list of strings")

    aspects: dict[str, AspectStatus] = {}
    errors: list[str] = []
    # syntax
    if vector.syntax not in ("acceptable", syntax):
        aspects["syntax"] = "fail"
        errors.append(f"syntax {syntax}, expected {vector.syntax}")
    elif syntax == "valid" and vector.objects is not None:
        diff = _compare_objects(vector.objects, objects, "", True)
        aspects["syntax"] = "fail" if diff else "pass"
        if diff:
            errors.append(diff)
    else:
        aspects["syntax"] = "pass"
    # rules
    if vector.rules is not None:
        if not has_rules:
            aspects["rules"] = "unsupported"
        elif vector.rules not in ("acceptable", rules):
            aspects["rules"] = "fail"
            errors.append(f"rules {rules}, expected {vector.rules}")
        elif vector.rules == "invalid" and rules == "invalid":
            missing = [r for r in vector.rule_ids if r not in rule_ids]
            aspects["rules"] = "fail" if missing else "pass"
            if missing:
                errors.append(f"rule_ids {_short(rule_ids)} lack {', '.join(missing)}")
        else:
            aspects["rules"] = "pass"
    return _verdict(aspects, errors)


def _same_payload(expected: str, got: str) -> bool:
    """Equal, with the four CRC digits after a final ``6304`` compared case-insensitively."""
    if expected == got:
        return True
    return (
        len(expected) == len(got)
        and len(got) >= 8
        and got[-8:-4] == "6304"
        and expected[:-4] == got[:-4]
        and expected[-4:].upper() == got[-4:].upper()
    )


def score_encode(vector: EncodeVector, response: Any) -> Score:
    """Judge an encode response (any JSON value) against ``vector``."""
    if not isinstance(response, dict):
        return _malformed(vector, f"{_short(response, 40)} is not a JSON object")
    if response.get("id") != vector.id:
        return _malformed(vector, f"id {_short(response.get('id'), 40)}, expected {_short(vector.id, 40)}")
    if response.get("unsupported") is True:
        return Score("unsupported", {"encode": "unsupported"})
    if response.get("refused") is True:
        if vector.result == "refused":
            return Score("pass", {"encode": "pass"})
        reason = response.get("reason")
        said = f" ({_short(reason)})" if reason is not None else ""
        return Score("fail", {"encode": "fail"}, f"refused{said}; expected {_short(vector.payload)}")
    payload = response.get("payload")
    if not isinstance(payload, str):
        return _malformed(vector, 'neither a payload string nor "refused": true')
    if vector.result == "refused":
        return Score("fail", {"encode": "fail"}, f"payload {_short(payload)}; expected a refusal")
    assert vector.payload is not None
    if _same_payload(vector.payload, payload):
        return Score("pass", {"encode": "pass"})
    return Score(
        "fail", {"encode": "fail"}, f"payload {_short(payload, 200)}; expected {_short(vector.payload, 200)}"
    )


def _verdict(aspects: dict[str, AspectStatus], errors: list[str]) -> Score:
    states = set(aspects.values())
    if "fail" in states:
        return Score("fail", aspects, "; ".join(errors))
    if "pass" in states:
        return Score("pass", aspects)
    return Score("unsupported", aspects)


def score(vector: Vector, response: Any) -> Score:
    if isinstance(vector, DecodeVector):
        return score_decode(vector, response)
    return score_encode(vector, response)


# -- the run ------------------------------------------------------------------------------------


def select(suite: Suite, only: Sequence[str] = ()) -> list[Vector]:
    """The suite's vectors (decode, then encode), or those whose id or file matches a pattern."""
    vectors: list[Vector] = [*suite.decode, *suite.encode]
    if not only:
        return vectors
    return [
        v
        for v in vectors
        if any(fnmatch.fnmatchcase(v.id, p) or fnmatch.fnmatchcase(v.file, p) for p in only)
    ]


@dataclass
class RunReport:
    """Everything one run found (see :func:`run`)."""

    suite_version: str
    command: list[str]
    started: datetime
    results: list[VectorResult] = field(default_factory=list)
    seconds: float = 0.0
    starts: int = 0  # times the adapter was started (1 + restarts)
    exits: int = 0  # times it exited on its own while the runner still had vectors for it
    extra_lines: int = 0  # lines skipped as second answers to earlier requests
    notes: list[str] = field(default_factory=list)  # the runner's own remarks (give up, exits)
    stderr_tail: str = ""
    stderr_bytes: int = 0

    @property
    def exit_status(self) -> int:
        """0 when every vector passed or is unsupported, else 1 (docs/conformance.md)."""
        return 1 if any(r.status in ("fail", "timeout") for r in self.results) else 0

    def counts(self, results: Iterable[VectorResult] | None = None) -> dict[str, int]:
        chosen = list(self.results if results is None else results)
        return {
            "total": len(chosen),
            "passed": sum(r.status == "pass" for r in chosen),
            "failed": sum(r.status == "fail" for r in chosen),
            "unsupported": sum(r.status == "unsupported" for r in chosen),
            "timeouts": sum(r.status == "timeout" for r in chosen),
        }

    def aspect_counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        names = {"pass": "passed", "fail": "failed", "unsupported": "unsupported", "timeout": "timeouts"}
        for aspect in ASPECTS:
            counts = dict.fromkeys(names.values(), 0)
            for result in self.results:
                state = result.aspects.get(aspect)
                if state is not None:
                    counts[names[state]] += 1
            out[aspect] = counts
        return out

    def scheme_counts(self) -> dict[str, dict[str, int]]:
        groups: dict[str, list[VectorResult]] = {}
        for result in self.results:
            groups.setdefault(result.scheme or "emvco", []).append(result)
        return {name: self.counts(groups[name]) for name in sorted(groups)}

    def summary(self) -> dict[str, Any]:
        return {
            **self.counts(),
            "aspects": self.aspect_counts(),
            "schemes": self.scheme_counts(),
            "suite_version": self.suite_version,
            "adapter": list(self.command),
            "date": self.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "seconds": round(self.seconds, 3),
            "adapter_starts": self.starts,
            "adapter_exits": self.exits,
            "extra_lines": self.extra_lines,
            "notes": list(self.notes),
            "adapter_stderr_bytes": self.stderr_bytes,
            "adapter_stderr_tail": self.stderr_tail,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "report": REPORT_VERSION,
            "summary": self.summary(),
            "vectors": [r.to_json() for r in self.results],
        }

    def failures(self) -> list[VectorResult]:
        return [r for r in self.results if r.status in ("fail", "timeout")]

    def markdown(self) -> str:
        """The scoreboard: totals, per aspect, per scheme, then every failure."""
        md = markdown_text
        counts = self.counts()
        lines = [
            "# Conformance report",
            "",
            f"Suite {md(self.suite_version)}, adapter {md(' '.join(self.command))}, "
            f"{self.started:%Y-%m-%d %H:%M} UTC, {self.seconds:.1f} s, "
            f"{self.starts} adapter start{'s' if self.starts != 1 else ''}.",
            "",
            "| vectors | passed | failed | unsupported | timeouts |",
            "|---:|---:|---:|---:|---:|",
            f"| {counts['total']} | {counts['passed']} | {counts['failed']} | "
            f"{counts['unsupported']} | {counts['timeouts']} |",
            "",
            "## By aspect",
            "",
            "| aspect | passed | failed | unsupported | timeouts |",
            "|---|---:|---:|---:|---:|",
        ]
        for aspect, row in self.aspect_counts().items():
            lines.append(
                f"| {aspect} | {row['passed']} | {row['failed']} | {row['unsupported']} | {row['timeouts']} |"
            )
        lines += [
            "",
            "## By scheme",
            "",
            "| scheme | vectors | passed | failed | unsupported | timeouts |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for scheme, row in self.scheme_counts().items():
            lines.append(
                f"| {md(scheme)} | {row['total']} | {row['passed']} | {row['failed']} | "
                f"{row['unsupported']} | {row['timeouts']} |"
            )
        if self.notes:
            lines += ["", "## Notes", ""]
            lines += [f"- {md(note)}" for note in self.notes]
        failures = self.failures()
        lines += ["", f"## Failures ({len(failures)})", ""]
        if not failures:
            lines.append("None.")
        else:
            lines += ["| vector | file | status | what went wrong |", "|---|---|---|---|"]
            for result in failures:
                lines.append(
                    f"| {md(result.id)} | {md(result.file)} | {result.status} | "
                    f"{md(result.error or '', limit=400)} |"
                )
        return "\n".join(lines) + "\n"


#: Characters with a meaning in Markdown (CommonMark's ASCII punctuation escapes) or HTML.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~&\"'=:$^")


def markdown_text(text: str, *, limit: int = 200) -> str:
    """``text`` safe inside a Markdown paragraph or table cell.

    Unsafe characters first become visible escapes (:func:`~qrpay.text.for_display`:
    controls, bidi overrides, line breaks), then every Markdown and HTML punctuation
    character, the backslashes of those escapes included, is backslash-escaped, so the
    text renders as itself: no links, emphasis, HTML, or broken table.
    """
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    shown = for_display(text)
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in shown)


def _received(item: Received, parsed: Any) -> Any:
    if item.kind != "line":
        return None
    if parsed is not _UNPARSED and len(item.data) <= KEEP_RESPONSE_BYTES:
        return parsed
    return {"excerpt": item.data[:200].decode("utf-8", "replace"), "bytes": len(item.data)}


_UNPARSED = object()


def _parse(item: Received, vector: Vector) -> tuple[Any, Score | None]:
    """The JSON value of a response line, or the failing score of a line that is not one."""
    if item.kind == "too_long":
        return _UNPARSED, _malformed(
            vector, f"a line of {item.size} bytes (the limit is {MAX_RESPONSE_BYTES})"
        )
    try:
        text = item.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _UNPARSED, _malformed(vector, f"not UTF-8 (byte 0x{item.data[exc.start]:02x} at {exc.start})")
    try:
        return json.loads(text), None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError; so are huge ints
        return _UNPARSED, _malformed(vector, f"not JSON ({str(exc)[:80]})")


def _exchange(
    adapter: AdapterProcess, vector: Vector, deadline: float, asked: set[str], clock: Callable[[], float]
) -> tuple[Received, Any, Score | None, list[str]]:
    """The answer to the request just sent, and the ids of the lines skipped on the way:
    second answers to earlier requests, so that one extra line does not put every later
    answer out of step."""
    skipped: list[str] = []
    while True:
        item = adapter.receive(max(0.0, deadline - clock()))
        parsed: Any = _UNPARSED
        failed: Score | None = None
        if item.kind in ("line", "too_long"):
            parsed, failed = _parse(item, vector)
        said = parsed.get("id") if isinstance(parsed, dict) else None
        if not (isinstance(said, str) and said != vector.id and said in asked):
            return item, parsed, failed, skipped
        skipped.append(said)


def run(
    suite: Suite,
    command: Sequence[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    only: Sequence[str] = (),
    max_line: int = MAX_RESPONSE_BYTES,
    give_up: int = DEFAULT_GIVE_UP,
    startup: float = DEFAULT_STARTUP,
    progress: Callable[[int, int], None] | None = None,
    env: dict[str, str] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> RunReport:
    """Run ``command`` as the adapter over ``suite`` (or the vectors ``only`` selects).

    Each response must come within ``timeout`` seconds; the first after each (re)start may
    take ``startup`` seconds more (an interpreter, ``npx`` or a JVM starting). Raises
    :class:`AdapterStartError` if the command cannot be started at all; everything the
    adapter does after that is a result in the report.
    """
    vectors = select(suite, only)
    report = RunReport(suite.version, list(command), datetime.now(timezone.utc))
    began = clock()
    adapter: AdapterProcess | None = None
    silent = 0  # vectors in a row without an answer
    asked: set[str] = set()  # ids of the requests sent before this one
    fresh = True  # the adapter was just started: its first answer may take startup seconds more
    answered = 0  # requests this run of the adapter answered
    start_error: str | None = None

    def start() -> AdapterProcess:
        try:
            started = AdapterProcess(command, max_line=max_line, env=env)
        except (OSError, ValueError) as exc:
            raise AdapterStartError(f"cannot start {command[0] if command else '(nothing)'}: {exc}") from exc
        report.starts += 1
        return started

    def ended(process: AdapterProcess) -> None:
        report.stderr_tail = process.stderr_tail() or report.stderr_tail
        report.stderr_bytes += process.stderr_bytes

    if not vectors:
        return report
    adapter = start()
    try:
        for done, vector in enumerate(vectors, 1):
            expected = expected_for(vector)
            op = "decode" if isinstance(vector, DecodeVector) else "encode"
            if give_up and silent >= give_up:
                report.results.append(
                    VectorResult(
                        vector.id, op, vector.file, vector.scheme, "fail",
                        _all(_claimed_aspects(vector), "fail"), expected, None,
                        f"not sent: the adapter gave no answer to the {give_up} requests before", 0.0,
                    )
                )  # fmt: skip
                if progress is not None:
                    progress(done, len(vectors))
                continue
            retried = False
            while True:
                if adapter is not None and adapter.returncode is not None:
                    # it exited after its last answer: what it left unread or unsaid is not
                    # an answer to this vector, so it starts afresh
                    _exited(report, adapter, vector.id)
                    ended(adapter)
                    adapter.close(grace=0)
                    adapter = None
                if adapter is None:
                    try:
                        adapter = start()
                    except AdapterStartError as exc:
                        start_error = str(exc)
                        break
                    fresh, answered = True, 0
                start_error = None
                sent = clock()
                adapter.send(encode_line(request_for(vector)))
                deadline = sent + timeout + (startup if fresh else 0.0)
                item, parsed, failed, skipped = _exchange(adapter, vector, deadline, asked, clock)
                fresh = False
                if skipped:
                    if not report.extra_lines:
                        report.notes.append(f"the adapter answered request {skipped[0]} more than once")
                    report.extra_lines += len(skipped)
                seconds = clock() - sent
                if item.kind != "eof" or answered == 0 or retried:
                    break
                # It died with this request unanswered, after answering others: perhaps of
                # the request before (an exit is seen only when stdout ends), so this one is
                # sent once more to a fresh adapter before it counts as a failure.
                adapter.close(grace=1.0)
                _exited(report, adapter, vector.id)
                ended(adapter)
                adapter = None
                retried = True
            if start_error is not None:
                silent += 1
                report.results.append(
                    VectorResult(
                        vector.id, op, vector.file, vector.scheme, "fail",
                        _all(_claimed_aspects(vector), "fail"), expected, None, start_error, 0.0,
                    )
                )  # fmt: skip
                if progress is not None:
                    progress(done, len(vectors))
                continue
            assert adapter is not None
            answered += 1
            asked.add(vector.id)
            if item.kind == "timeout":
                verdict = Score(
                    "timeout", _all(_claimed_aspects(vector), "timeout"), f"no answer within {timeout:g} s"
                )
            elif item.kind == "eof":
                adapter.close(grace=1.0)
                code = adapter.returncode
                verdict = _malformed(vector, f"the adapter closed its stdout (exit status {code})")
                _exited(report, adapter, vector.id)
            else:
                verdict = failed or score(vector, parsed)
            if item.kind in ("timeout", "eof"):
                silent += 1
                if item.kind == "timeout":
                    adapter.kill()
                ended(adapter)
                adapter = None
            else:
                silent = 0
            report.results.append(
                VectorResult(
                    vector.id, op, vector.file, vector.scheme, verdict.status, verdict.aspects, expected,
                    _received(item, parsed), verdict.error, seconds,
                )
            )  # fmt: skip
            if progress is not None:
                progress(done, len(vectors))
        if give_up and silent >= give_up and len(report.results) > 0:
            report.notes.append(
                f"gave up after {give_up} vectors in a row without an answer; the rest were not sent"
            )
    finally:
        if adapter is not None:
            adapter.close()
            ended(adapter)
        report.seconds = clock() - began
    return report


#: Exits of the adapter the report's notes mention (then only counts them).
_NOTED_EXITS = 5


def _exited(report: RunReport, adapter: AdapterProcess, vector_id: str) -> None:
    report.exits += 1
    if report.exits <= _NOTED_EXITS:
        report.notes.append(f"the adapter exited with status {adapter.returncode} at vector {vector_id}")
    elif report.exits == _NOTED_EXITS + 1:
        report.notes.append("the adapter exited again (further exits are only counted)")


# -- output ----------------------------------------------------------------------------------------


def dump_report(report: RunReport) -> str:
    """The JSON report as text: ASCII only (every other character a ``\\u`` escape, DEL
    included), so it is valid, safe to show, and parses back to exactly what came back."""
    text = json.dumps(report.to_json(), ensure_ascii=True, indent=1)
    return text.replace("\x7f", "\\u007f") + "\n"


def suite_counts(suite: Suite) -> dict[str, Any]:
    """The suite's size: per kind, per scheme, per level and verdict (``qrpay conformance list``)."""

    def tally(values: Iterable[str | None]) -> dict[str, int]:
        out: dict[str, int] = {}
        for value in values:
            key = "none" if value is None else value
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items()))

    schemes: dict[str, dict[str, Any]] = {}
    for scheme in sorted({v.scheme or "emvco" for v in suite.decode} | {v.scheme for v in suite.encode}):
        decode = [v for v in suite.decode if (v.scheme or "emvco") == scheme]
        encode = [v for v in suite.encode if v.scheme == scheme]
        schemes[scheme] = {
            "decode": len(decode),
            "encode": len(encode),
            "result": tally(v.result for v in decode),
            "encode_result": tally(v.result for v in encode),
        }
    return {
        "suite_version": suite.version,
        "decode": len(suite.decode),
        "encode": len(suite.encode),
        "result": tally(v.result for v in suite.decode),
        "syntax": tally(v.syntax for v in suite.decode),
        "rules": tally(v.rules for v in suite.decode),
        "encode_result": tally(v.result for v in suite.encode),
        "schemes": schemes,
        "rule_ids": len(suite.rules),
        "flags": len(suite.flags),
    }
