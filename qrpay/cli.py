"""The ``qrpay`` command line: decode, check, encode, render, scan, schemes, conformance.

``main(argv)`` returns the exit status (docs/cli.md):

* 0 — everything read was valid (or the command succeeded);
* 1 — some input is invalid (an error issue, a line that is not UTF-8, an image that
  cannot be read), nothing was read at all, or an output could not be written;
* 2 — usage error;
* 3 — an optional dependency is missing (the message gives the ``pip install``);
* 130 — interrupted (Ctrl-C).

Output goes to stdout (one tree or, with ``--json``, one JSON object per line); errors,
one line each naming the input, the batch summary and the progress bar go to stderr.
Colour only on a terminal, never with ``NO_COLOR`` set.

Everything a payload, an image, a file name or an error message carries is shown
through :func:`qrpay.text.for_display`: :class:`Output` escapes every ``str`` it writes
unless it is :class:`Shown` (text this module made safe, with its own colour codes), so
nothing read can reach a terminal as a control sequence or reorder what is shown.
Input is read as bytes and decoded as UTF-8 line by line, whatever the locale.
"""

from __future__ import annotations

import argparse
import inspect
import io
import json
import os
import re
import sys
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import IO, Any, TextIO

from . import COMPILED, __version__, cpm, emvco, iso
from .builder import build as build_generic
from .builder import payload_summary
from .codec import decode
from .errors import DecodeError, InvalidRequest, Issue, MissingDependencyError, QRPayError
from .model import Payload
from .schemes import all_schemes, get_scheme
from .text import for_display, unsafe_characters
from .tlv import DataObject

__all__ = ["JSON_SCHEMA_VERSION", "Shown", "describe", "main", "payload_record"]

#: Version of the ``--json`` output schema (docs/cli.md); bumped only on incompatible change.
JSON_SCHEMA_VERSION = 1

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_MISSING, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: Longest line read from a file or stdin; a payload holds at most 512 characters.
MAX_LINE_BYTES = 64 * 1024


# -- output ----------------------------------------------------------------------------------


class Shown(str):
    """Text that is safe to write to a terminal as it is: escaped, or this module's own.

    :class:`Output` writes a ``Shown`` unchanged and any other ``str`` through
    :func:`~qrpay.text.for_display`. Only :func:`shown` and :meth:`Output.paint` make one.
    """

    __slots__ = ()


def shown(*parts: str) -> Shown:
    """Join ``parts``, escaping each one that is not already :class:`Shown`."""
    return Shown("".join(p if isinstance(p, Shown) else for_display(p) for p in parts))


TAB = Shown("\t")


class Output:
    """stdout/stderr with optional ANSI colour and a progress bar on a terminal.

    Every line goes through :func:`shown`: a plain ``str`` is escaped, a :class:`Shown`
    is written as it is. The progress bar is drawn on stderr only when stderr is a
    terminal and stdout is not (results are redirected), at most ten times a second; it
    is cleared before anything else is written.
    """

    COLOURS: typing.ClassVar[dict[str, str]] = {
        "red": "31",
        "yellow": "33",
        "green": "32",
        "cyan": "36",
        "dim": "2",
        "bold": "1",
    }
    #: Seconds before the bar first appears (short batches never show it), and between redraws.
    PROGRESS_DELAY, PROGRESS_INTERVAL = 0.25, 0.1

    def __init__(
        self,
        stdout: TextIO,
        stderr: TextIO,
        colour: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out = stdout
        self.err = stderr
        wanted = colour == "always" or (
            colour == "auto"
            and "NO_COLOR" not in os.environ
            and os.environ.get("TERM") != "dumb"
            and _isatty(stdout)
        )
        self.colour = wanted and colour != "never"
        self.stdout_is_terminal = _isatty(stdout)
        self.progress_enabled = _isatty(stderr) and not self.stdout_is_terminal
        # JSON is ASCII (\\u escapes) where stdout is not UTF-8, so it stays valid JSON there.
        encoding = (getattr(stdout, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
        self.json_ascii = encoding not in ("utf8", "utf8sig")
        self.clock = clock
        self._progress_shown = False
        self._batch_started: float | None = None
        self._last_drawn = 0.0
        self.progress_draws = 0  # how many times the bar was drawn (for tests and measurement)

    def paint(self, text: str, colour: str) -> Shown:
        """``text``, escaped, in ``colour`` when colour is on."""
        safe = shown(text)
        if not self.colour:
            return safe
        return Shown(f"\x1b[{self.COLOURS[colour]}m{safe}\x1b[0m")

    def line(self, *parts: str) -> None:
        """One line on stdout; plain ``str`` parts are escaped (see :func:`shown`)."""
        if self.stdout_is_terminal:
            self.clear_progress()  # the bar is never drawn then; this only makes sure
        self.out.write(shown(*parts) + "\n")

    def block(self, text: Shown) -> None:
        """Several lines this module drew itself (a QR code in block characters)."""
        if self.stdout_is_terminal:
            self.clear_progress()
        self.out.write(text + "\n")

    def flush(self) -> None:
        self.out.flush()

    def error(self, label: str, message: str) -> None:
        self.note(shown(label, ": ", message))

    def note(self, message: str) -> None:
        """``qrpay: message`` on stderr."""
        self.clear_progress()
        self.err.write(shown("qrpay: ", message) + "\n")
        self.err.flush()

    def start_batch(self) -> None:
        self._batch_started = self.clock()

    def progress(self, done: int, total: int | None) -> None:
        if not self.progress_enabled:
            return
        now = self.clock()
        if self._batch_started is None:
            self._batch_started = now
        if now - self._batch_started < self.PROGRESS_DELAY:
            return
        if self.progress_draws and now - self._last_drawn < self.PROGRESS_INTERVAL:
            return  # at most ten draws a second, however often it is called or cleared
        if total:
            width = 30
            filled = min(width, int(width * done / total))
            bar = "#" * filled + "." * (width - filled)
            self.err.write(f"\r[{bar}] {done}/{total}")
        else:
            self.err.write(f"\r\x1b[K{done} read")
        self.err.flush()
        self._last_drawn = now
        self._progress_shown = True
        self.progress_draws += 1

    def clear_progress(self) -> None:
        if self._progress_shown:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._progress_shown = False


def _isatty(stream: IO[Any] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def message_text(text: str) -> Shown:
    """One of qrpay's own messages, made safe to show.

    Messages quote values already escaped (``repr`` or :func:`~qrpay.text.for_display`),
    so backslashes are left single; every unsafe character is still escaped.
    """
    return Shown(for_display(text, backslashes=False))


def _message(error: QRPayError) -> Shown:
    """The error's text, with its location only when it has one (not a bare ``payload:``)."""
    if not error.path and error.offset is None:
        return message_text(f"{error.message} [{error.code}]")
    return message_text(str(error))


# -- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Input:
    label: str  # names the input in messages: "argument 2", "codes.txt:14", "stdin:3"
    text: str
    error: QRPayError | None = None  # the line could not be read as text (not UTF-8, too long)


@dataclass(slots=True)
class Tally:
    """What a batch read, for the summary line on stderr (docs/cli.md)."""

    batch: bool = False  # some input came from stdin or a file: print the summary
    read: int = 0
    invalid: int = 0
    blank: int = 0
    unit: str = "payload"
    extra: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.read:
            said = f"no {self.unit}s read"
            return said + (f" ({_count(self.blank, 'blank line')} skipped)" if self.blank else "")
        parts = [f"{_count(self.read, self.unit)} read", *self.extra, f"{self.invalid} invalid"]
        if self.blank:
            parts.append(f"{_count(self.blank, 'blank line')} skipped")
        return ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _examples() -> dict[str, str]:
    """Bundled example payloads: the EMVCo specification's own, and each scheme's first."""
    from .emvco import ANNEX_B7_EXAMPLE

    examples = {"emvco": ANNEX_B7_EXAMPLE}
    for scheme in all_schemes():
        if scheme.examples:
            examples[scheme.id] = scheme.examples[0]
    return examples


_BOM = b"\xef\xbb\xbf"


def _raw_lines(stream: IO[Any]) -> Iterator[tuple[bytes, bool]]:
    """``(line, too_long)`` for each line of ``stream``, as bytes, as soon as it arrives.

    A text stream's ``buffer`` is read when it has one (``sys.stdin``), so the locale's
    encoding plays no part; a text stream without one (``io.StringIO``) is re-encoded. A
    UTF-8 byte order mark at the start is dropped (Windows editors write one). A line
    longer than :data:`MAX_LINE_BYTES` is skipped to its end and flagged.
    """
    binary = getattr(stream, "buffer", None)
    source: IO[Any] = binary if binary is not None else stream
    first = True
    while True:
        chunk: bytes | str = source.readline(MAX_LINE_BYTES + 1)
        if not chunk:
            return
        raw = chunk.encode("utf-8", "surrogatepass") if isinstance(chunk, str) else bytes(chunk)
        too_long = len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")
        while too_long:  # skip to the end of the line without holding it
            rest = source.readline(MAX_LINE_BYTES)
            if not rest or rest[-1:] in ("\n", b"\n"):
                break
        if first and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        first = False
        yield raw, too_long


def _line_input(label: str, raw: bytes, too_long: bool) -> Input | None:
    """The payload on one line, or ``None`` for a blank line.

    Payloads are UTF-8 (EMVCo MPM 4.12.1): a line that is not is an input with an error,
    naming the first bad byte and its offset in the line.
    """
    # a payload never holds line breaks; a scanner's or editor's trailing newline is dropped
    body = raw.rstrip(b"\r\n")
    if too_long:
        error = DecodeError(
            f"line longer than {MAX_LINE_BYTES} bytes: not a payload (at most 512 characters)",
            code="line_too_long",
        )
        return Input(label, body[:64].decode("utf-8", "replace"), error)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = DecodeError(
            f"not UTF-8: byte 0x{body[exc.start]:02x} at byte offset {exc.start} "
            "(payloads are UTF-8, EMVCo MPM 4.12.1)",
            code="not_utf8",
            ctx={"byte_offset": exc.start},
        )
        return Input(label, body.decode("utf-8", "replace"), error)
    if not text.strip():
        return None
    return Input(label, text)


def _lines(stream: IO[Any], name: str, tally: Tally) -> Iterator[Input]:
    tally.batch = True
    for number, (raw, too_long) in enumerate(_raw_lines(stream), 1):
        item = _line_input(f"{name}:{number}", raw, too_long)
        if item is None:
            tally.blank += 1
        else:
            yield item


def _open_listing(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")  # the caller closes it (with)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc


@dataclass(frozen=True, slots=True)
class Listing:
    """A file or stdin that holds one payload per line."""

    name: str  # names it in labels: the file name or "stdin"
    path: str | None  # the file to open, or None for stdin
    stream: IO[Any] | None = None  # stdin (None when there is none)


def _sources(args: argparse.Namespace, stdin: IO[Any] | None) -> Iterator[Input | Listing]:
    """Where the payloads come from, in order: ``--example`` names, ``--file`` files, then
    the arguments, where ``-`` (or no argument at all) stands for stdin."""
    for name in getattr(args, "example", None) or ():
        examples = _examples()
        if name not in examples:
            raise UsageError(f"no bundled example {name!r}; choose from {', '.join(examples)}")
        yield Input(f"example {name}", examples[name])
    for path in getattr(args, "file", None) or ():
        yield Listing(path, path)
    payloads = list(getattr(args, "payload", None) or ())
    if not payloads and not getattr(args, "file", None) and not getattr(args, "example", None):
        payloads = ["-"]
    for index, value in enumerate(payloads, 1):
        if value == "-":
            yield Listing("stdin", None, stdin)
        else:
            yield Input(f"argument {index}" if len(payloads) > 1 else "argument", value)


def read_inputs(
    args: argparse.Namespace, stdin: IO[Any] | None, tally: Tally | None = None
) -> Iterator[Input]:
    """Payloads from arguments, ``--file`` files, ``--example`` names, or stdin lines.

    An argument ``-`` (or no argument at all) reads one payload per line from stdin.
    Lines are yielded as they are read (stdin is streamed, never read whole).
    """
    tally = tally if tally is not None else Tally()
    for source in _sources(args, stdin):
        if isinstance(source, Input):
            yield source
        elif source.path is not None:
            with _open_listing(source.path) as handle:
                yield from _lines(handle, source.name, tally)
        elif source.stream is not None:
            yield from _lines(source.stream, source.name, tally)
        else:
            tally.batch = True


def _known_total(args: argparse.Namespace) -> int | None:
    """How many inputs there are, when that is known before reading (no stdin, no file)."""
    payloads = list(getattr(args, "payload", None) or ())
    if getattr(args, "file", None) or "-" in payloads or not (payloads or getattr(args, "example", None)):
        return None
    return len(payloads) + len(getattr(args, "example", None) or ())


class UsageError(Exception):
    """A command-line mistake: exit status 2."""


# -- describing a payload ------------------------------------------------------------------------


def _epoch_ms(value: str) -> str | None:
    if len(value) == 13 and value.isdigit():
        when = datetime.fromtimestamp(int(value) / 1000, tz=timezone.utc)
        return when.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC"
    return None


def field_name(payload: Payload, path: tuple[str, ...]) -> str:
    """The name of the data object at ``path``: the scheme's, else EMVCo's.

    A scheme names its fields in ``Scheme.field_names``: ``"account.01"`` is sub-ID 01 of
    the merchant account the scheme recognised; other keys are tag paths (``"82"``,
    ``"99.00"``).
    """
    account_scheme = None
    if len(path) >= 2 and "02" <= path[0] <= "51":
        account = payload.merchant_account(path[0])
        account_scheme = account.scheme if account else None
    dotted = ".".join(path)
    for scheme_id in dict.fromkeys([account_scheme, *payload.schemes]):
        if scheme_id is None:
            continue
        names = get_scheme(scheme_id).field_names
        if dotted in names:  # a tag path is more specific than "account.<sub>"
            return names[dotted]
        if scheme_id == account_scheme:
            relative = "account." + ".".join(path[1:])
            if relative in names:
                return names[relative]
    return emvco.field_name(path)


def describe(payload: Payload, obj: DataObject) -> str | None:
    """What a value means, in words (currency and its code, static/dynamic, dates, ...)."""
    path, value = obj.path, obj.value
    for scheme_id in payload.schemes:
        describer = get_scheme(scheme_id).describe
        if describer is not None:
            said = describer(payload, path, value)
            if said:
                return said
    tag = path[0]
    if len(path) == 1:
        if tag == "00":
            return "EMVCo MPM format 01" if value == "01" else None
        if tag == "01":
            return {"11": "static: one code for many payments", "12": "dynamic: one code per payment"}.get(
                value
            )
        if "02" <= tag <= "51":
            account = payload.merchant_account(tag)
            if account is not None and account.scheme:
                return get_scheme(account.scheme).title
            return emvco.MERCHANT_ACCOUNT_NETWORKS.get(tag)
        if tag == "53":
            found = iso.currency(value) if value.isdigit() else None
            return f"{found.alpha}, {found.name} ({found.minor_units} minor units)" if found else None
        if tag in ("54", "56"):
            currency = payload.currency
            return f"{value} {currency.alpha}" if currency else None
        if tag == "55":
            return {
                "01": "consumer is prompted for a tip",
                "02": "fixed convenience fee (56)",
                "03": "percentage convenience fee (57)",
            }.get(value)
        if tag == "57":
            return f"{value} %"
        if tag == "58":
            return iso.country_name(value)
        if tag == "63":
            return "CRC-16/CCITT-FALSE, checked"
        return None
    sub = path[1]
    if tag == "62" and len(path) == 2:
        if value == emvco.PROMPT and "01" <= sub <= "08":
            return "the app prompts the consumer for it"
        if sub == "09":
            letters = {"A": "address", "M": "mobile number", "E": "e-mail"}
            return "consumer to provide: " + ", ".join(letters.get(c, c) for c in value)
        if sub == "11" and len(value) == 3:
            channel = payload.additional_data.merchant_channel if payload.additional_data else None
            if channel is not None:
                return " / ".join(str(p) for p in (channel.media, channel.location, channel.presence))
    if tag == "64" and sub == "00":
        return _language_name(value)
    return None


def _language_name(code: str) -> str | None:
    from .iso import _load

    name = _load("iso639.json")["languages"].get(code.upper())
    return name if isinstance(name, str) else None


def _issues_at(issues: Sequence[Issue], path: tuple[str, ...]) -> list[Issue]:
    return [i for i in issues if i.path == path]


def tree_lines(payload: Payload, out: Output) -> list[Shown]:
    """The readable tree of every data object, with its issues where they occur.

    Values, names and meanings are escaped (:func:`shown`); only the colour is not.
    """
    lines: list[Shown] = []
    issues = payload.issues
    placed: set[int] = set()

    def walk(objects: Sequence[DataObject], depth: int) -> None:
        for obj in objects:
            indent = "  " * depth
            label = ".".join(obj.path)
            name = field_name(payload, obj.path)
            meaning = describe(payload, obj)
            value = obj.value if obj.children is None else ""
            pad = " " * max(1, 7 - len(label))  # aligned whether or not the label is coloured
            parts: list[str] = [indent, out.paint(label, "cyan"), pad, name, f" [{len(obj.value):02d}]"]
            if value:
                parts += [" '", value, "'"] if _needs_quotes(value) else [" ", value]
            if meaning:
                parts.append(out.paint(f"  — {meaning}", "dim"))
            lines.append(shown(*parts))
            for found in _issues_at(issues, obj.path):
                placed.add(id(found))
                lines.append(shown(indent, "  ", _issue_text(found, out)))
            if obj.children:
                walk(obj.children, depth + 1)

    walk(payload.objects, 0)
    lines.extend(_issue_text(found, out) for found in issues if id(found) not in placed)
    return lines


def _needs_quotes(value: str) -> bool:
    return value != value.strip() or value == ""


def _issue_text(found: Issue, out: Output) -> Shown:
    colour = "red" if found.severity == "error" else "yellow"
    where = ".".join(found.path) or "payload"
    offset = f" @{found.offset}" if found.offset is not None else ""
    return shown(
        out.paint(f"{found.severity}: {found.code}", colour),
        f" ({where}{offset}) ",
        message_text(found.message),
    )


# -- JSON records (docs/cli.md pins this schema) ---------------------------------------------


def _object_record(payload: Payload, obj: DataObject) -> dict[str, Any]:
    return {
        "path": list(obj.path),
        "tag": obj.tag,
        "name": field_name(payload, obj.path),
        "offset": obj.offset if obj.offset >= 0 else None,
        "length": len(obj.value),
        "value": obj.value,
        "meaning": describe(payload, obj),
        "children": None if obj.children is None else [_object_record(payload, c) for c in obj.children],
    }


def payload_record(
    label: str, text: str, payload: Payload | None, error: QRPayError | None
) -> dict[str, Any]:
    """One ``--json`` object for ``decode`` / ``scan`` (schema in docs/cli.md)."""
    if payload is None:
        assert error is not None
        return {
            "schema": JSON_SCHEMA_VERSION,
            "input": label,
            "payload": text,
            "decoded": False,
            "valid": False,
            "schemes": [],
            "fields": None,
            "objects": None,
            "issues": [_error_issue(error).to_dict()],
            "error": {
                "class": type(error).__name__,
                "code": error.code,
                "path": list(error.path),
                "offset": error.offset,
                "message": error.message,
            },
        }
    return {
        "schema": JSON_SCHEMA_VERSION,
        "input": label,
        "payload": text,
        "decoded": True,
        "valid": payload.is_valid,
        "schemes": list(payload.schemes),
        "fields": payload_summary(payload),
        "objects": [_object_record(payload, o) for o in payload.objects],
        "issues": [i.to_dict() for i in payload.issues],
        "error": None,
    }


def _error_issue(error: QRPayError) -> Issue:
    return Issue(error.code, error.path, error.offset, error.message, "error", None, error.ctx)


def _json_escape(ch: str) -> str:
    cp = ord(ch)
    if cp > 0xFFFF:
        cp -= 0x10000
        return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}"
    return f"\\u{cp:04x}"


#: ``json.dumps`` with options builds an encoder per call; a batch writes millions of lines.
_JSON_ENCODERS = {
    ascii_only: json.JSONEncoder(ensure_ascii=ascii_only, separators=(",", ":"))
    for ascii_only in (False, True)
}


def dump_json(record: dict[str, Any], *, ascii_only: bool = False) -> str:
    """One JSON Lines record: UTF-8 text with every unsafe character as a ``\\u`` escape.

    ``json.dumps`` escapes C0 controls but leaves DEL, C1 controls (``\\x9b`` is CSI on
    some terminals), bidi overrides, invisible characters, U+2028/9 and lone surrogates
    raw. Every character :func:`qrpay.text.unsafe_characters` reports is written as a
    JSON escape instead, so the line displays as it parses and always encodes as UTF-8.
    ``ascii_only`` escapes every non-ASCII character (for a stdout that is not UTF-8).
    """
    return _made_safe(_JSON_ENCODERS[ascii_only].encode(record))


def _made_safe(text: str) -> str:
    """A JSON text with every character :func:`dump_json` escapes written as ``\\u``."""
    if "\x7f" in text:  # DEL is ASCII, and json.dumps leaves it raw
        text = text.replace("\x7f", "\\u007f")
    if text.isascii():
        return text
    unsafe = {u.offset for u in unsafe_characters(text)}
    if not unsafe:
        return text
    return "".join(_json_escape(ch) if i in unsafe else ch for i, ch in enumerate(text))


# -- commands ---------------------------------------------------------------------------------

# Batches (docs/scale.md): the inputs go in chunks through qrpay._parallel.ordered_map,
# on --jobs worker processes. A worker turns a chunk into the exact text this command
# prints for it (escaped through shown(), coloured or not), so the output is the same
# whatever the number of workers, and in the input's order.

#: Bytes of a file or stdin read at a time. Measured (docs/scale.md; processor time a
#: line, two workers): 4 KiB 57.3 µs, 16 KiB 49.2, 64 KiB 47.6, 256 KiB 48.7. 64 KiB is
#: about 400 payloads. A pipe gives what it holds, so a line that arrives alone is
#: checked alone.
BLOCK_BYTES = 64 * 1024

OUT, ERR, TREE = 0, 1, 2  # where a piece of a chunk's output goes; a TREE follows a blank line


class LineBlock(typing.NamedTuple):
    """Whole lines of a file or stdin, as read; a line longer than :data:`MAX_LINE_BYTES`
    is cut to ``MAX_LINE_BYTES + 1`` bytes (enough to know it is too long)."""

    name: str  # "stdin" or the file name, for the labels
    first: int  # the number of its first line
    data: bytes


class BatchJob(typing.NamedTuple):
    """What a worker needs to know to turn inputs into ``decode`` or ``check`` output."""

    command: str  # "decode" or "check"
    json: bool
    strict: bool  # check --strict
    strict_syntax: bool  # decode --strict-syntax
    now: datetime | None
    colour: bool
    json_ascii: bool


class ChunkOutput(typing.NamedTuple):
    pieces: list[tuple[int, str]]  # (OUT, ERR or TREE, text), in order
    read: int
    invalid: int
    blank: int


_PAINTERS: dict[bool, Output] = {}


def _painter(colour: bool) -> Output:
    """An :class:`Output` only for :meth:`Output.paint` (tree lines and issues), per process."""
    if colour not in _PAINTERS:
        _PAINTERS[colour] = Output(io.StringIO(), io.StringIO(), "always" if colour else "never")
    return _PAINTERS[colour]


def _block_inputs(block: LineBlock) -> Iterator[Input | None]:
    lines = block.data.split(b"\n")
    if block.data.endswith(b"\n"):
        lines.pop()
    for number, raw in enumerate(lines, block.first):
        too_long = len(raw) > MAX_LINE_BYTES  # a byte order mark counts, as in _raw_lines
        if too_long:
            raw = raw[: MAX_LINE_BYTES + 1]  # what _raw_lines holds of it
        if number == 1 and raw.startswith(_BOM):  # the first line of a file or stdin
            raw = raw[len(_BOM) :]
        yield _line_input(f"{block.name}:{number}", raw, too_long)


def _decoded(job: BatchJob, item: Input) -> tuple[Payload | None, QRPayError | None]:
    if item.error is not None:
        return None, item.error
    try:
        return decode(item.text, strict=job.strict_syntax, now=job.now), None
    except QRPayError as exc:
        return None, exc
    except Exception as exc:  # a bug in qrpay must not stop a batch of a million lines
        return None, DecodeError(
            f"qrpay failed on this input: {type(exc).__name__}: {exc} (a bug; please report it)",
            code="internal_error",
        )


def run_chunk(job: BatchJob, chunk: LineBlock | tuple[Input, ...]) -> ChunkOutput:
    """The output of ``decode`` or ``check`` for one chunk of inputs (in a worker or here)."""
    out = _painter(job.colour)
    pieces: list[tuple[int, list[str]]] = []  # joined once at the end (not copied per line)
    read = invalid = blank = 0
    verdict = _decode_verdict if job.command == "decode" else _check_verdict
    items: Iterable[Input | None] = _block_inputs(chunk) if isinstance(chunk, LineBlock) else chunk
    for item in items:
        if item is None:
            blank += 1
            continue
        read += 1
        payload, error = _decoded(job, item)
        if error is not None and error.code == "not_emv" and cpm.looks_like_cpm(item.text):
            kind, text, failed = _cpm_verdict(job, out, item)  # consumer-presented (qrpay.cpm)
        else:
            kind, text, failed = verdict(job, out, item, payload, error)
        invalid += failed
        if pieces and kind != TREE and pieces[-1][0] == kind:
            pieces[-1][1].append(text)
        else:
            pieces.append((kind, [text]))
    return ChunkOutput([(kind, "".join(texts)) for kind, texts in pieces], read, invalid, blank)


def _decode_verdict(
    job: BatchJob, out: Output, item: Input, payload: Payload | None, error: QRPayError | None
) -> tuple[int, str, bool]:
    failed = payload is None or not payload.is_valid
    if job.json:
        record = payload_record(item.label, item.text, payload, error)
        return OUT, dump_json(record, ascii_only=job.json_ascii) + "\n", failed
    if error is not None:
        return ERR, shown("qrpay: ", shown(item.label, ": ", _message(error))) + "\n", failed
    assert payload is not None
    verdict = out.paint("valid", "green") if payload.is_valid else out.paint("INVALID", "red")
    lines = [shown(out.paint(item.label, "bold"), ": ", verdict, "; schemes: ", _schemes_text(payload))]
    lines += [shown("  ", line) for line in tree_lines(payload, out)]
    return TREE, "".join(line + "\n" for line in lines), failed


def _check_json_line(
    job: BatchJob, item: Input, payload: Payload | None, issues: Sequence[Issue], valid: bool
) -> str:
    """The ``check --json`` record ``{"schema", "input", "payload", "valid", "schemes",
    "issues"}`` (issues as :meth:`Issue.to_dict`), written as :func:`dump_json` writes it.

    Written field by field with the ``json`` module's own string encoder: the same text
    as ``dump_json(record)`` (tests/test_batch.py holds them equal on the whole corpus and
    hostile text) in half the time, which is a fifth of a compiled batch's time per line.
    """
    quote = encode_basestring_ascii if job.json_ascii else encode_basestring
    issue_texts = []
    for found in issues:
        path = ",".join(map(quote, found.path))
        offset = "null" if found.offset is None else int.__repr__(found.offset)
        scheme = "null" if found.scheme is None else quote(found.scheme)
        issue_texts.append(
            f'{{"code":{quote(found.code)},"severity":{quote(found.severity)},"path":[{path}],'
            f'"offset":{offset},"message":{quote(found.message)},"scheme":{scheme}}}'
        )
    schemes = ",".join(map(quote, payload.schemes)) if payload else ""
    line = (
        f'{{"schema":{JSON_SCHEMA_VERSION:d},"input":{quote(item.label)},"payload":{quote(item.text)},'
        f'"valid":{"true" if valid else "false"},"schemes":[{schemes}],"issues":[{",".join(issue_texts)}]}}'
    )
    return _made_safe(line)


def _check_verdict(
    job: BatchJob, out: Output, item: Input, payload: Payload | None, error: QRPayError | None
) -> tuple[int, str, bool]:
    issues = [_error_issue(error)] if error is not None else list(payload.issues if payload else ())
    failing = [i for i in issues if i.severity == "error" or job.strict]
    if job.json:
        return OUT, _check_json_line(job, item, payload, issues, not failing) + "\n", bool(failing)
    if not issues:
        return OUT, shown(item.label, ": ", out.paint("valid", "green")) + "\n", False
    state = out.paint("invalid", "red") if failing else out.paint("valid with warnings", "yellow")
    lines = [shown(item.label, ": ", state)]
    for found in issues:
        where = ".".join(found.path) or "-"
        offset = "-" if found.offset is None else str(found.offset)
        message = message_text(found.message)
        lines.append(shown("  ", found.severity, TAB, found.code, TAB, where, TAB, offset, TAB, message))
    return OUT, "".join(line + "\n" for line in lines), bool(failing)


# -- consumer-presented payloads (qrpay.cpm, docs/cpm.md) -------------------------------------

#: Tags whose value is text (CPM Annex A.1 formats an/ans); others are shown as hex.
_CPM_TEXT_TAGS = frozenset({"85", "50", "5F20", "5F2D", "5F50", "9F24"})


def _cpm_value(obj: cpm.CPMObject, ascii_aid: bool) -> str:
    text = obj.text
    if text is not None and (obj.tag in _CPM_TEXT_TAGS or ascii_aid):
        return text
    return obj.hex


def _cpm_meaning(obj: cpm.CPMObject, ascii_aid: bool) -> str | None:
    if obj.tag == "4F":
        if ascii_aid:
            return f"AID {obj.hex}, ASCII text (a transit ticket's pseudo-AID)"
        return next((name for prefix, name in cpm.NETWORKS.items() if obj.hex.startswith(prefix)), None)
    if obj.tag == "57":
        track2 = cpm.parse_track2(obj.value)
        if track2 is None:
            return None
        expiry = f"{track2.expiry[2:]}/{track2.expiry[:2]}"  # YYMM as MM/YY
        return f"PAN {track2.pan}, expires {expiry}, service code {track2.service_code}"
    if obj.tag == "85":
        return {"CPV01": "EMVCo CPM version 01", "JPQR1": "JPQR consumer-presented"}.get(
            obj.value.decode("latin-1")
        )
    return None


def cpm_tree_lines(payload: cpm.CPMPayload, out: Output) -> list[Shown]:
    """The readable tree of a CPM payload, with its issues where they occur (escaped)."""
    lines: list[Shown] = []
    placed: set[int] = set()

    def walk(objects: Sequence[cpm.CPMObject], depth: int, ascii_aid: bool) -> None:
        # ascii_aid: the enclosing 61 is a transit ticket's (its 4F and 5A are ASCII text)
        for obj in objects:
            indent = "  " * depth
            aid = obj.child("4F") if obj.tag == "61" else None
            inner_ascii = ascii_aid or (aid is not None and cpm.is_ascii_aid(aid.value))
            pad = " " * max(1, 7 - len(obj.tag))
            name = obj.name or f"tag {obj.tag}"
            parts: list[str] = [indent, out.paint(obj.tag, "cyan"), pad, name, f" [{len(obj.value)}]"]
            if obj.children is None:
                parts += [" ", _cpm_value(obj, ascii_aid and obj.tag in ("4F", "5A"))]
            meaning = _cpm_meaning(obj, ascii_aid)
            if meaning:
                parts.append(out.paint(f"  — {meaning}", "dim"))
            lines.append(shown(*parts))
            for found in payload.issues:
                if found.path == obj.path and found.offset == obj.offset and id(found) not in placed:
                    placed.add(id(found))
                    lines.append(shown(indent, "  ", _issue_text(found, out)))
            if obj.children:
                walk(obj.children, depth + 1, inner_ascii)

    walk(payload.objects, 0, False)
    lines.extend(_issue_text(found, out) for found in payload.issues if id(found) not in placed)
    return lines


def _cpm_object_record(obj: cpm.CPMObject) -> dict[str, Any]:
    return {
        "path": list(obj.path),
        "tag": obj.tag,
        "name": obj.name,
        "offset": obj.offset,
        "length": len(obj.value),
        "value": obj.hex,
        "text": obj.text,
        "children": None if obj.children is None else [_cpm_object_record(c) for c in obj.children],
    }


def _cpm_verdict(job: BatchJob, out: Output, item: Input) -> tuple[int, str, bool]:
    """``decode`` / ``check`` output for a consumer-presented text: the same shapes as a
    merchant-presented one, with ``"format": "cpm"`` in JSON and byte offsets."""
    payload: cpm.CPMPayload | None = None
    error: QRPayError | None = None
    try:
        payload = cpm.decode(item.text)
    except QRPayError as exc:
        error = exc
    issues = [_error_issue(error)] if error is not None else list(payload.issues if payload else ())
    if job.command == "check":
        failing = [i for i in issues if i.severity == "error" or job.strict]
        if job.json:
            record = {
                "schema": JSON_SCHEMA_VERSION,
                "input": item.label,
                "payload": item.text,
                "format": "cpm",
                "valid": not failing,
                "schemes": [],
                "issues": [i.to_dict() for i in issues],
            }
            return OUT, dump_json(record, ascii_only=job.json_ascii) + "\n", bool(failing)
        if not issues:
            return (
                OUT,
                shown(item.label, ": ", out.paint("valid", "green"), " (consumer-presented)") + "\n",
                False,
            )
        state = out.paint("invalid", "red") if failing else out.paint("valid with warnings", "yellow")
        lines = [shown(item.label, ": ", state, " (consumer-presented)")]
        for found in issues:
            where = ".".join(found.path) or "-"
            offset = "-" if found.offset is None else str(found.offset)
            message = message_text(found.message)
            lines.append(shown("  ", found.severity, TAB, found.code, TAB, where, TAB, offset, TAB, message))
        return OUT, "".join(line + "\n" for line in lines), bool(failing)
    failed = payload is None or not payload.is_valid
    if job.json:
        record = (
            payload_record(item.label, item.text, None, error)
            if error is not None
            else {
                "schema": JSON_SCHEMA_VERSION,
                "input": item.label,
                "payload": item.text,
                "decoded": True,
                "valid": not failed,
                "schemes": [],
                "fields": payload.to_dict() if payload else None,
                "objects": [_cpm_object_record(o) for o in payload.objects] if payload else None,
                "issues": [i.to_dict() for i in issues],
                "error": None,
            }
        )
        record["format"] = "cpm"
        return OUT, dump_json(record, ascii_only=job.json_ascii) + "\n", failed
    if error is not None:
        return ERR, shown("qrpay: ", shown(item.label, ": ", _message(error))) + "\n", failed
    assert payload is not None
    verdict = out.paint("valid", "green") if payload.is_valid else out.paint("INVALID", "red")
    networks = (
        ", ".join(dict.fromkeys(a.network for a in payload.applications if a.network)) or "none recognised"
    )
    variant = "JPQR consumer-presented" if payload.variant == "jpqr" else "EMVCo consumer-presented (CPM)"
    lines = [shown(out.paint(item.label, "bold"), ": ", verdict, "; ", variant, "; networks: ", networks)]
    lines += [shown("  ", line) for line in cpm_tree_lines(payload, out)]
    return TREE, "".join(line + "\n" for line in lines), failed


def _block_reader(stream: IO[Any]) -> Callable[[int], bytes]:
    """A function reading up to ``n`` bytes, returning what is there (a pipe's line at once).

    A stream with a file descriptor is read with :func:`os.read` (bytes, whatever the
    locale, and no lock a reader thread could hold at exit); a text stream without one
    (``io.StringIO``) is re-encoded as UTF-8.
    """
    binary = getattr(stream, "buffer", None)
    source: Any = binary if binary is not None else stream
    try:
        descriptor = source.fileno()
    except (AttributeError, OSError, ValueError):
        descriptor = None
    if isinstance(descriptor, int):
        return lambda n: os.read(descriptor, n)
    read = getattr(source, "read1", None) or source.read

    def read_bytes(n: int) -> bytes:
        got = read(n)
        return got.encode("utf-8", "surrogatepass") if isinstance(got, str) else bytes(got)

    return read_bytes


def _line_blocks(stream: IO[Any], name: str, block_bytes: int | None = None) -> Iterator[LineBlock]:
    """The whole lines of ``stream`` in blocks of about ``block_bytes`` (:data:`BLOCK_BYTES`),
    as they arrive.

    As :func:`_raw_lines` reads them, but many lines at a time: a line longer than
    :data:`MAX_LINE_BYTES` is cut (the rest skipped unread); a byte order mark at the
    start is left for :func:`_block_inputs` to drop.
    """
    read = _block_reader(stream)
    size = block_bytes or BLOCK_BYTES
    number, held, skipping = 1, b"", False
    while True:
        data = read(size)
        if not data:
            break
        if skipping:
            end = data.find(b"\n")
            if end < 0:
                continue
            data, skipping = data[end + 1 :], False
        cut = data.rfind(b"\n")
        if cut < 0:
            held += data
            if len(held) > MAX_LINE_BYTES:
                yield LineBlock(name, number, held[: MAX_LINE_BYTES + 1] + b"\n")
                number, held, skipping = number + 1, b"", True
            continue
        block, held = held + data[: cut + 1], data[cut + 1 :]
        yield LineBlock(name, number, block)
        number += block.count(b"\n")
    if held and not skipping:
        yield LineBlock(name, number, held)


def _batch_chunks(
    args: argparse.Namespace, stdin: IO[Any] | None, tally: Tally
) -> Iterator[LineBlock | tuple[Input, ...]]:
    """The inputs of ``decode``/``check`` in the order :func:`read_inputs` gives them."""
    loose: list[Input] = []
    for source in _sources(args, stdin):
        if isinstance(source, Input):
            loose.append(source)
            continue
        if loose:
            yield tuple(loose)
            loose = []
        tally.batch = True
        if source.path is not None:
            with _open_listing(source.path) as handle:
                yield from _line_blocks(handle, source.name)
        elif source.stream is not None:
            yield from _line_blocks(source.stream, source.name)
    if loose:
        yield tuple(loose)


def _finish(tally: Tally, out: Output, status: int) -> int:
    """The summary on stderr after a batch from stdin or files; nothing read is status 1."""
    if tally.batch or not tally.read:
        out.note(tally.summary())
    if not tally.read:
        return EXIT_INVALID
    return status


def _run_batch(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    """``decode`` and ``check``: every input, on ``--jobs`` processes, written in order."""
    from concurrent.futures import BrokenExecutor

    from ._parallel import default_jobs, ordered_map

    job = BatchJob(
        command=args.command,
        json=args.json,
        strict=getattr(args, "strict", False),
        strict_syntax=getattr(args, "strict_syntax", False),
        now=_parse_now(args.now) if getattr(args, "now", None) else None,
        colour=out.colour,
        json_ascii=out.json_ascii,
    )
    tally = Tally()
    total = _known_total(args)
    trees = 0
    out.start_batch()
    results = ordered_map(run_chunk, job, _batch_chunks(args, stdin, tally), jobs=args.jobs or default_jobs())
    try:
        for result in results:
            for kind, text in result.pieces:
                if kind == ERR:
                    out.clear_progress()
                    out.err.write(text)
                    out.err.flush()
                    continue
                if kind == TREE:
                    trees += 1
                    if trees > 1:
                        out.out.write("\n")
                out.out.write(text)
            tally.read += result.read
            tally.invalid += result.invalid
            tally.blank += result.blank
            out.flush()  # each verdict is written as soon as its chunk is done
            out.progress(tally.read, total)
    except BrokenExecutor as exc:
        out.error(args.command, f"a worker process stopped: {exc} (try --jobs 1)")
        return EXIT_INVALID
    finally:
        results.close()  # a Ctrl-C or a closed pipe stops the workers here
    out.clear_progress()
    return _finish(tally, out, EXIT_INVALID if tally.invalid else EXIT_OK)


def cmd_decode(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    return _run_batch(args, out, stdin)


def _schemes_text(payload: Payload) -> str:
    titles = {scheme_id: get_scheme(scheme_id).title for scheme_id in payload.schemes}
    return ", ".join(f"{k} ({v})" for k, v in titles.items()) or "none recognised"


def cmd_check(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    return _run_batch(args, out, stdin)


def cmd_schemes(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    del stdin
    rows: list[dict[str, Any]] = [
        {
            "id": scheme.id,
            "title": scheme.title,
            "country": scheme.country,
            "currencies": list(scheme.currencies),
            "identifiers": list(scheme.identifiers),
            "supports": list(scheme.supports),
            "summary": scheme.summary,
            "references": list(scheme.references),
        }
        for scheme in all_schemes()
    ]
    if args.json:
        for row in rows:
            out.line(Shown(dump_json(row, ascii_only=out.json_ascii)))
        return EXIT_OK
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        currencies = ",".join(row["currencies"]) or "any"
        out.line(
            out.paint(row["id"].ljust(width), "bold"), f"  {row['country']}  {currencies:<8} {row['title']}"
        )
        out.line(f"{'':{width}}  identifiers: {'; '.join(row['identifiers'])}")
        out.line(f"{'':{width}}  supports: {row['summary']}")
    return EXIT_OK


def cmd_render(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    inputs = list(read_inputs(args, stdin))
    if len(inputs) != 1:
        raise UsageError(f"render takes one payload, got {len(inputs)}")
    item = inputs[0]
    if item.error is not None:
        out.error(item.label, _message(item.error))
        return EXIT_INVALID
    try:
        payload = decode(item.text)
    except DecodeError as exc:
        out.error(item.label, _message(exc))
        return EXIT_INVALID
    if not (args.output or args.show):
        args.show = True
    _write_outputs(payload, args, out)
    return EXIT_OK if payload.is_valid else EXIT_INVALID


def _image_paths(args: argparse.Namespace, stdin: IO[Any] | None, tally: Tally) -> Iterator[str]:
    """Image paths from arguments, ``-f`` listings and stdin, one per line, as they arrive.

    Paths are bytes on POSIX: a listed line is decoded as the file system does
    (:func:`os.fsdecode`), so any file name can be listed, whatever the locale.
    """
    images = list(args.image or ())
    if "-" in images and images != ["-"]:
        raise UsageError("'-' (image paths from stdin) cannot be mixed with image arguments")
    sources: list[tuple[str, IO[Any] | None]] = []
    if images == ["-"] or (not images and not args.file):
        sources.append(("stdin", stdin))
        images = []
    yield from images
    for listing in args.file or ():
        with _open_listing(listing) as handle:
            yield from _listed_paths(handle, tally)
    for _, stream in sources:
        tally.batch = True
        if stream is not None:
            yield from _listed_paths(stream, tally)


def _listed_paths(stream: IO[Any], tally: Tally) -> Iterator[str]:
    tally.batch = True
    for raw, _too_long in _raw_lines(stream):
        body = raw.rstrip(b"\r\n")
        if not body.strip():
            tally.blank += 1
            continue
        yield os.fsdecode(body)


def _scan_timeout(text: str) -> float | None:
    """``--timeout``: seconds (> 0), or 0 for no budget."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a number of seconds >= 0 (0: no budget)")
    return value or None


def cmd_scan(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    from . import scan  # raises MissingDependencyError without qrpay[scan]

    status = EXIT_OK
    first = True
    tally = Tally(unit="image")
    codes = 0
    total = None if (args.file or not args.image or args.image == ["-"]) else len(args.image)
    out.start_batch()
    for done, path in enumerate(_image_paths(args, stdin, tally), 1):
        tally.read += 1
        try:
            results = scan.read(path, timeout=args.timeout)
        except MissingDependencyError:
            raise
        except QRPayError as exc:  # ScanError: unreadable, truncated, too large
            out.error(path, _message(exc))
            status = EXIT_INVALID
            tally.invalid += 1
            continue
        except Exception as exc:  # an image decoder meeting a malformed file can raise anything
            out.error(path, f"cannot read the image: {type(exc).__name__}: {exc}")
            status = EXIT_INVALID
            tally.invalid += 1
            continue
        finally:
            out.progress(done, total)
        if not results or not all(r.payload is not None and r.payload.is_valid for r in results):
            status = EXIT_INVALID
            tally.invalid += 1
        if not results:
            out.error(path, "no QR code found")
        for number, result in enumerate(results, 1):
            codes += 1
            label = f"{path}#{number}"
            payload, error = result.payload, result.error
            if args.json:
                record = payload_record(label, result.text, payload, error)
                record["position"] = [list(p) for p in result.position]
                record["method"] = result.method
                out.line(Shown(dump_json(record, ascii_only=out.json_ascii)))
                continue
            if error is not None:
                preview = result.text[:60]
                out.error(label, shown(_message(error), " (text: '", preview, "')"))
                continue
            assert payload is not None
            if not first:
                out.line()
            first = False
            verdict = out.paint("valid", "green") if payload.is_valid else out.paint("INVALID", "red")
            out.line(out.paint(label, "bold"), ": ", verdict, "; schemes: ", _schemes_text(payload))
            for line in tree_lines(payload, out):
                out.line("  ", line)
        out.flush()
    out.clear_progress()
    tally.extra.append(_count(codes, "code") + " found")
    return _finish(tally, out, status)


# encode: builder keywords become options -------------------------------------------------------

_ALIASES = {"merchant_name": ["--name"], "merchant_city": ["--city"], "merchant_category_code": ["--mcc"]}
_DURATION = re.compile(r"(?i)^\+?(\d+)\s*(s|sec|m|min|h|hour|d|day)s?$")
_TEMPLATE_OPTIONS = ("merchant_accounts", "unreserved", "networks", "template_fields")

#: What each builder keyword means (``qrpay encode SCHEME --help``); a keyword not here
#: is described by the first sentence of its builder's docstring that names it.
OPTION_HELP: dict[str, str] = {
    "merchant_accounts": "merchant account information (IDs 02-51): TAG=VALUE for a primitive, "
    "TAG.SUB=VALUE for each field of a template",
    "unreserved": "unreserved templates (IDs 80-99), TAG.SUB=VALUE for each field",
    "additional_data": "additional data field template (ID 62) as NAME=VALUE: bill_number, "
    "mobile_number, store_label, loyalty_number, reference_label, customer_label, terminal_label, "
    "purpose, or a sub-ID",
    "language": "merchant information in an alternate language (ID 64) as NAME=VALUE: "
    "language_preference, merchant_name, merchant_city",
    "payload_format": "payload format indicator (ID 00)",
    "initiation": "point of initiation method (ID 01): static (11) or dynamic (12)",
    "merchant_category_code": "merchant category code, 4 digits, ISO 18245 (ID 52)",
    "currency": "transaction currency, ISO 4217 alphabetic or numeric: USD or 840 (ID 53)",
    "amount": "transaction amount, e.g. 12.50 (ID 54); never rounded",
    "amount_style": "how the amount is written: fixed (the currency's minor units), minimal "
    "(as given) or khqr (as the Bakong SDK does)",
    "tip": "tip or convenience indicator (ID 55): 01 prompt for a tip, 02 fixed fee, 03 percentage fee",
    "convenience_fee_fixed": "fixed convenience fee (ID 56; sets ID 55 to 02)",
    "convenience_fee_percentage": "percentage convenience fee, e.g. 3.5 (ID 57; sets ID 55 to 03)",
    "country": "country code, ISO 3166-1 alpha-2 (ID 58)",
    "merchant_name": "merchant name (ID 59)",
    "merchant_city": "merchant city (ID 60)",
    "postal_code": "postal code (ID 61)",
    "bill_number": "bill number (ID 62.01)",
    "mobile_number": "mobile number (ID 62.02)",
    "store_label": "store label (ID 62.03)",
    "terminal_label": "terminal label (ID 62.07)",
    "purpose": "purpose of transaction (ID 62.08)",
    "language_preference": "language of the alternate-language fields, ISO 639-1 (ID 64.00)",
    "merchant_name_alternate": "merchant name in the alternate language (ID 64.01)",
    "merchant_city_alternate": "merchant city in the alternate language (ID 64.02)",
    "account_id": "Bakong account ID, name@bank",
    "upi_account": "UnionPay account of the merchant (ID 15)",
    "acquirer_iin": "acquirer IIN, 8 digits (ID 15)",
    "forwarding_iin": "forwarding IIN, 8 digits (ID 15)",
    "expires_at": "expiry time, ISO 8601 (or use the -in form with a duration)",
    "sgqr_id": "SGQR ID (ID 51.01)",
    "version": "SGQR version NN.NNNN, e.g. 01.0001 (ID 51.02)",
    "level": "level, at most 3 characters (ID 51.04)",
    "unit_number": "unit number, at most 5 characters (ID 51.05)",
    "miscellaneous": "miscellaneous, at most 10 characters (ID 51.06)",
    "networks": "the networks' merchant account templates (IDs 02-50): TAG.SUB=VALUE for each field",
    "merchant_descriptor": "merchant descriptor (ID 26.03)",
    "rrn2": "second reference number (ID 82.91)",
    "geo_coordinates": "geographical coordinates (ID 82.92)",
    "tag": "the merchant account ID of the PayNow template",
    "template_fields": "other sub-IDs of the template, SUB=VALUE, written as given",
}


#: Scheme-specific meanings (``scheme.keyword``), before :data:`OPTION_HELP`.
SCHEME_OPTION_HELP: dict[str, str] = {
    "khqr.merchant": "a merchant code (template 30: needs merchant_id and acquiring_bank) or an "
    "individual one (29); default: a merchant code when merchant_id is given",
    "khqr.merchant_id": "Bakong merchant ID; makes a merchant code (template 30)",
    "khqr.acquiring_bank": "acquiring bank name (required for a merchant code, optional for an individual)",
    "khqr.account_information": "account information of an individual code (template 29)",
}


def parse_duration(text: str) -> timedelta:
    """``15m``, ``2h``, ``1d``, ``90s`` (also with a leading ``+``)."""
    match = _DURATION.match(text.strip())
    if not match:
        raise UsageError(f"{text!r} is not a duration such as 90s, 15m, 2h or 1d")
    amount, unit = int(match.group(1)), match.group(2).lower()[0]
    try:
        return timedelta(**{{"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[unit]: amount})
    except OverflowError as exc:
        raise UsageError(f"{text!r} is too long a duration") from exc


def _parse_now(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(f"--now {text!r} is not an ISO 8601 time such as 2026-01-01T00:00:00Z") from exc
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _later(now: datetime, text: str) -> datetime:
    try:
        return now + parse_duration(text)
    except OverflowError as exc:
        raise UsageError(f"{now:%Y-%m-%d} + {text} is past the year 9999") from exc


def _parse_datetime(text: str, now: datetime) -> datetime:
    if _DURATION.match(text.strip()):
        return _later(now, text)
    return _parse_now(text)


def _argument_type(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """A parser ``type=`` function: a :class:`UsageError` becomes argparse's own error."""

    def convert(text: str) -> Any:
        try:
            return parse(text)
        except UsageError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    convert.__name__ = parse.__name__.strip("_")
    return convert


def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def whole_number(text: str) -> int:
        try:
            value = int(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from exc
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return whole_number


def _existing_file(text: str) -> str:
    if not os.path.isfile(text):
        raise argparse.ArgumentTypeError(f"no such file: {text!r}")
    return text


def _kind_of(annotation: Any) -> str:
    """How to read an option value for a builder parameter of this type."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    if "Mapping" in text or "dict" in text:
        return "mapping"
    if "timedelta" in text:
        return "duration"
    if "datetime" in text:
        return "datetime"
    if text in ("bool", "bool | None") or text.startswith("bool"):
        return "flag"
    if "int" in text and "str" not in text and "Decimal" not in text:
        return "int"
    return "text"


def _builder_parameters(builder: Callable[..., Any]) -> list[inspect.Parameter]:
    return [
        p
        for p in inspect.signature(builder).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name != "now"
    ]


def _builder(scheme_id: str) -> Callable[..., Payload]:
    builder = build_generic if scheme_id in ("emvco", "generic") else get_scheme(scheme_id).build
    if builder is None:
        raise UsageError(f"scheme {scheme_id!r} has no builder; qrpay encode emvco builds plain EMVCo fields")
    return builder


def _plain(text: str) -> str:
    """Docstring markup to plain text: ``x`` -> x, :class:`~a.B` -> B."""
    text = re.sub(r":\w+:`~?(?:[\w.]+\.)?([\w]+)`", r"\1", text)
    return " ".join(text.replace("``", "").split())


def _doc_sentence(doc: str, name: str) -> str | None:
    """The first sentence of a builder's docstring that names ``name`` (``name`` or ``name=``)."""
    flat = " ".join(doc.split())
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z`(])", flat):
        if re.search(rf"``{re.escape(name)}(``|=)", sentence):
            return _plain(sentence)
    return None


def option_help(scheme_id: str, builder: Callable[..., Any], param: inspect.Parameter) -> str:
    """The ``--help`` text of a builder keyword: what it is, then required or its default."""
    said = (
        SCHEME_OPTION_HELP.get(f"{scheme_id}.{param.name}")
        or OPTION_HELP.get(param.name)
        or _doc_sentence(inspect.getdoc(builder) or "", param.name)
    )
    if said is None:
        said = param.name.replace("_", " ")
    if param.default is inspect.Parameter.empty:
        said += " (required)"
    elif param.default is not None:
        default = param.default
        shown_default = ("yes" if default else "no") if isinstance(default, bool) else str(default)
        said += f" (default: {shown_default})"
    said = options_named(said, flag_names(builder))
    return said.replace("%", "%%")  # argparse formats help with %


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _encode_parser(scheme_id: str, stdout: IO[Any] | None = None, stderr: IO[Any] | None = None) -> Parser:
    """The option parser of ``qrpay encode SCHEME``, made from the builder's keywords."""
    builder = _builder(scheme_id)
    parser = Parser(
        prog=f"qrpay encode {scheme_id}",
        description=_plain((inspect.getdoc(builder) or "").split("\n\n")[0]),
        epilog="Aliases: --name, --city and --mcc. A time option also takes a duration from now "
        "(15m, 2h, 1d) as its -in form. Output options need qrpay[image].",
        stdout=stdout,
        stderr=stderr,
    )
    for param in _builder_parameters(builder):
        flags = [_flag(param.name), *_ALIASES.get(param.name, [])]
        kind = _kind_of(param.annotation)
        required = param.default is inspect.Parameter.empty
        helptext = option_help(scheme_id, builder, param)
        if kind == "flag":
            parser.add_argument(
                *flags, dest=param.name, action=argparse.BooleanOptionalAction, default=None, help=helptext
            )
        elif kind == "mapping" or param.name in _TEMPLATE_OPTIONS:
            parser.add_argument(
                *flags,
                dest=param.name,
                action="append",
                metavar="KEY=VALUE",
                required=required,
                help=helptext + "; repeat the option for each entry",
            )
        elif kind == "int":
            parser.add_argument(
                *flags,
                dest=param.name,
                required=required,
                metavar="N",
                help=helptext,
                type=_bounded_int(-(2**63), 2**63 - 1),
            )
        elif kind == "duration":
            parser.add_argument(
                *flags,
                dest=param.name,
                required=required,
                metavar="DURATION",
                help=helptext,
                type=_argument_type(parse_duration),
            )
        else:
            parser.add_argument(*flags, dest=param.name, required=required, metavar="VALUE", help=helptext)
        if kind == "datetime":
            suffix = param.name.removesuffix("_at")
            parser.add_argument(
                f"--{suffix.replace('_', '-')}-in",
                dest=f"{param.name}__in",
                metavar="DURATION",
                type=_argument_type(parse_duration),
                help=f"{_flag(param.name)} as a duration from now: 90s, 15m, 2h, 1d",
            )
    _add_output_options(parser)
    parser.add_argument("--now", help="the clock for timestamps and expiry (ISO 8601; default: now)")
    parser.add_argument("--json", action="store_true", help="print a JSON record instead of the payload")
    return parser


def _pairs(values: Iterable[str], option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} expects KEY=VALUE, got {item!r}")
        out[key] = value
    return out


def _templates(values: Iterable[str], option: str) -> dict[str, Any]:
    """``15=VALUE`` (primitive) and ``26.00=SG.PAYNOW`` ``26.01=2`` (template) entries."""
    out: dict[str, Any] = {}
    for key, value in _pairs(values, option).items():
        tag, _, sub = key.partition(".")
        if sub:
            current = out.setdefault(tag, {})
            if not isinstance(current, dict):
                raise UsageError(f"{option}: tag {tag} given both as a value and as a template")
            current[sub] = value
        else:
            if tag in out:
                raise UsageError(f"{option}: tag {tag} given twice")
            out[tag] = value
    return out


def _encode_kwargs(scheme_id: str, options: argparse.Namespace) -> dict[str, Any]:
    builder = _builder(scheme_id)
    now = _parse_now(options.now) if options.now else datetime.now(timezone.utc)
    kwargs: dict[str, Any] = {}
    for param in _builder_parameters(builder):
        value = getattr(options, param.name, None)
        kind = _kind_of(param.annotation)
        if kind == "datetime":
            relative: timedelta | None = getattr(options, f"{param.name}__in", None)
            if relative is not None:
                try:
                    value = now + relative
                except OverflowError as exc:
                    raise UsageError(
                        f"{_flag(param.name)}: now + {relative.days} days is past the year 9999"
                    ) from exc
            elif value is not None:
                value = _parse_datetime(value, now)
        elif value is None:
            continue
        elif param.name in ("merchant_accounts", "unreserved", "networks"):
            value = _templates(value, _flag(param.name))
        elif kind == "mapping":
            value = _pairs(value, _flag(param.name))
        if value is not None:
            kwargs[param.name] = value
    if "now" in inspect.signature(builder).parameters:
        kwargs["now"] = now
    return kwargs


def flag_names(builder: Callable[..., Any]) -> dict[str, str]:
    """Builder keyword -> the option(s) that set it, for error messages."""
    names: dict[str, str] = {}
    for param in _builder_parameters(builder):
        flag = _flag(param.name)
        if _kind_of(param.annotation) == "datetime":
            flag += f" / --{param.name.removesuffix('_at').replace('_', '-')}-in"
        names[param.name] = flag
    return names


def options_named(message: str, names: dict[str, str]) -> str:
    """A builder's message with its keyword names (``expires_at``) as options (``--expires-at``).

    A keyword with an underscore is replaced wherever it stands as a word; a one-word
    keyword (``amount``) only where it opens the message or a clause (``amount: ...``),
    so that ordinary words stay as they are.
    """
    if not names:
        return message
    joined = "|".join(sorted((re.escape(n) for n in names if "_" in n), key=len, reverse=True))
    if joined:
        message = re.sub(rf"(?<![\w\-.\[])({joined})(?![\w])", lambda m: names[m.group(1)], message)
    single = "|".join(re.escape(n) for n in names if "_" not in n)
    if single:
        message = re.sub(rf"(^|; )({single})(?=[:\[])", lambda m: m.group(1) + names[m.group(2)], message)
        # in a list of options: "one of mobile or uen", "one of mobile, --national-id ..."
        head, sep, tail = message.partition("one of ")
        if sep:
            tail = re.sub(rf"(?<![\w\-])({single})(?![\w\-])", lambda m: names[m.group(1)], tail)
            message = head + sep + tail
        message = re.sub(
            rf"(?<![\w\-])({single})(?=(?:,| or| and| /| \(or) --)", lambda m: names[m.group(1)], message
        )
        message = re.sub(
            rf"(--[a-z\-]+(?:,| or| /) )({single})(?![\w\-])",
            lambda m: m.group(1) + names[m.group(2)],
            message,
        )
    return message


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("image output (needs qrpay[image])")
    group.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the QR code (.png .svg .pdf .txt) "
        "or, with --card, the payment card (.png .pdf .jpg .webp)",
    )
    group.add_argument("--card", action="store_true", help="write a printable payment card to -o FILE")
    group.add_argument("--show", action="store_true", help="draw the QR code in the terminal")
    group.add_argument(
        "--scale", type=_bounded_int(1, 100), metavar="N", help="module size, 1-100 (pixels; points for PDF)"
    )
    group.add_argument(
        "--border",
        type=_bounded_int(0, 100),
        default=4,
        metavar="N",
        help="quiet zone in modules, 0-100 (default: 4)",
    )
    group.add_argument("--error", choices=["L", "M", "Q", "H"], help="error-correction level (default: M)")
    group.add_argument(
        "--logo", metavar="IMAGE", type=_existing_file, help="logo image for the centre of the card"
    )


def _load_logo(path: str) -> Any:
    from PIL import Image

    try:
        with Image.open(path) as opened:
            opened.load()
            return opened.copy()
    except Exception as exc:  # Pillow raises OSError, ValueError, DecompressionBombError, ...
        raise UsageError(f"--logo {path}: not an image Pillow can read ({exc})") from exc


def _write_outputs(payload: Payload, options: argparse.Namespace, out: Output) -> None:
    if options.card and not options.output:
        raise UsageError("--card needs -o FILE")
    if options.logo and not options.card:
        raise UsageError("--logo is for the payment card: add --card")
    if not (options.output or options.show):
        return
    from . import image  # raises MissingDependencyError without qrpay[image]

    if options.output:
        try:
            if options.card:
                card_options: dict[str, Any] = {"border": options.border}
                if options.scale:
                    card_options["scale"] = options.scale
                if options.error:
                    card_options["error"] = options.error
                if options.logo:
                    card_options["logo"] = _load_logo(options.logo)
                written = image.save_card(payload, options.output, **card_options)
            else:
                written = image.save(
                    payload, options.output, scale=options.scale, border=options.border, error=options.error
                )
        except OSError as exc:
            raise OutputError(f"cannot write {options.output}: {exc.strerror or exc}") from exc
        out.note(f"wrote {written}")
    if options.show:
        out.block(Shown(image.terminal(payload, border=options.border, error=options.error)))


class OutputError(Exception):
    """An output file or stream could not be written: exit status 1."""


def _encode_overview() -> str:
    ids = ", ".join(["emvco", *(s.id for s in all_schemes() if s.build is not None)])
    return (
        "usage: qrpay encode SCHEME [--FIELD VALUE ...] [-o FILE] [--card] [--show]\n\n"
        "Build a payload with a scheme's builder; the payload goes to stdout.\n\n"
        f"SCHEME is one of: {ids}\n"
        "'qrpay encode SCHEME --help' lists that scheme's options, each with what it means and its default.\n"
    )


def _payload_line(text: str, out: Output) -> None:
    """The built payload, exactly, unless that would put a control character on a terminal.

    A payload is data: a backslash is not doubled, so a file or a pipe gets the exact
    text. Only if it holds a character :func:`~qrpay.text.unsafe_characters` reports and
    stdout is a terminal is it shown escaped, with a note (``--json`` gives it exactly).
    """
    if unsafe_characters(text) and _isatty(out.out):
        out.line(text)
        out.note("the payload holds characters a terminal acts on; shown escaped (--json gives it exactly)")
    else:
        out.block(Shown(text))


def cmd_encode(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    del stdin
    scheme_id = args.scheme
    if scheme_id is None or scheme_id in ("-h", "--help"):
        overview = Shown("".join(for_display(line) + "\n" for line in _encode_overview().splitlines()))
        if args.encode_help or scheme_id is not None:
            out.block(Shown(overview.rstrip("\n")))
            return EXIT_OK
        out.err.write(overview)
        out.note("encode needs a SCHEME")
        return EXIT_USAGE
    if args.encode_help:
        args.fields.insert(0, "--help")
    if scheme_id not in ("emvco", "generic"):
        get_scheme(scheme_id)  # UnknownSchemeError -> usage error
    builder = _builder(scheme_id)
    parser = _encode_parser(scheme_id, out.out, out.err)
    options = parser.parse_args(args.fields)
    kwargs = _encode_kwargs(scheme_id, options)
    names = flag_names(builder)
    try:
        payload = builder(**kwargs)
    except InvalidRequest as exc:
        for found in exc.issues or (_error_issue(exc),):
            where = ".".join(found.path)
            location = f"tag {where}: " if where else ""
            out.error(
                f"encode {scheme_id}",
                message_text(f"{location}{options_named(found.message, names)} [{found.code}]"),
            )
        return EXIT_INVALID
    if options.json:
        out.line(
            Shown(
                dump_json(
                    payload_record("encode", payload.to_text(), payload, None), ascii_only=out.json_ascii
                )
            )
        )
    else:
        _payload_line(payload.to_text(), out)
    _write_outputs(payload, options, out)
    return EXIT_OK


# -- conformance -----------------------------------------------------------------------------


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from exc
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 3600 seconds")
    return value


def _seconds_or_zero(text: str) -> float:
    return 0.0 if text.strip() in ("0", "0.0") else _seconds(text)


def _load_suite(path: str | None) -> Any:
    from .conformance.suite import load_suite

    try:
        return load_suite(path)
    except FileNotFoundError as exc:
        where = f" in {path}" if path else ""
        raise UsageError(f"no conformance corpus{where}: {exc.strerror or exc}") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(
            f"cannot read the conformance corpus {path or ''}: {type(exc).__name__}: {exc}"
        ) from exc


def _counts_text(row: dict[str, int]) -> str:
    return ", ".join(f"{row[k]} {k}" for k in ("passed", "failed", "unsupported", "timeouts"))


#: Failures listed on the terminal; the reports list them all.
SHOWN_FAILURES = 20


def _write_text(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def cmd_conformance_run(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    del stdin
    from .conformance import runner

    command = list(args.adapter_command or ())
    if command[:1] == ["--"]:
        command = command[1:]
    if not command:
        raise UsageError(
            "conformance run needs the adapter command after --, e.g. "
            "qrpay conformance run -- qrpay conformance adapter"
        )
    suite = _load_suite(args.suite)
    out.start_batch()
    try:
        report = runner.run(
            suite,
            command,
            timeout=args.timeout,
            only=args.only or (),
            give_up=args.give_up,
            startup=args.startup,
            progress=out.progress,
        )
    except runner.AdapterStartError as exc:
        out.error("conformance run", str(exc))
        return EXIT_USAGE
    finally:
        out.clear_progress()
    if not report.results:
        out.note("no vectors selected" + (f" by --only {' '.join(args.only)}" if args.only else ""))
        return EXIT_USAGE
    if args.report:
        _write_text(args.report, runner.dump_report(report))
    if args.markdown:
        _write_text(args.markdown, report.markdown())
    summary = report.summary()
    out.line(
        f"suite {suite.version}: {summary['total']} vectors: {_counts_text(summary)} "
        f"({report.seconds:.1f} s, adapter started {report.starts} time{'s' if report.starts != 1 else ''})"
    )
    for aspect, row in summary["aspects"].items():
        if any(row.values()):
            out.line(f"  {aspect:<7} {_counts_text(row)}")
    for scheme, row in summary["schemes"].items():
        out.line(f"  {scheme:<10} {row['total']:>4} vectors: {_counts_text(row)}")
    failures = report.failures()
    for result in failures[:SHOWN_FAILURES]:
        out.line("  ", out.paint(result.status.upper(), "red"), " ", result.id, ": ", result.error or "")
    if len(failures) > SHOWN_FAILURES:
        more = len(failures) - SHOWN_FAILURES
        out.line(
            f"  ... and {more} more" + ("" if args.report or args.markdown else " (--report FILE lists all)")
        )
    for note in report.notes:
        out.note(note)
    if report.stderr_bytes and (failures and report.stderr_tail.strip()):
        last = report.stderr_tail.strip().splitlines()[-1][-200:]
        said = message_text(f"the adapter wrote {report.stderr_bytes} bytes to stderr, ending: ")
        out.note(Shown(said + shown(last)))
    return report.exit_status


def cmd_conformance_adapter(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    from .conformance.adapter import load_rule_map, serve

    if args.suite is not None and not os.path.isfile(os.path.join(args.suite, "manifest.json")):
        raise UsageError(f"no conformance corpus in {args.suite}: no manifest.json")
    mapping = load_rule_map(args.suite)

    source: Any = getattr(stdin, "buffer", stdin)
    sink: Any = getattr(out.out, "buffer", None)
    if sink is None:  # a text stream without a byte buffer (tests): write the ASCII lines as text
        sink = _TextSink(out.out)
    if source is None:
        return EXIT_OK
    return serve(source, sink, mapping)


class _TextSink:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        return self.stream.write(data.decode("ascii"))

    def flush(self) -> None:
        self.stream.flush()


def cmd_conformance_list(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    del stdin
    from .conformance.runner import suite_counts

    suite = _load_suite(args.suite)
    counts = suite_counts(suite)
    if args.json:
        out.line(Shown(dump_json(counts, ascii_only=out.json_ascii)))
        return EXIT_OK

    def listed(tally: dict[str, int]) -> str:
        return ", ".join(f"{n} {k}" for k, n in tally.items()) or "none"

    out.line(f"suite {counts['suite_version']} ({suite.root})")
    out.line(f"decode vectors: {counts['decode']} ({listed(counts['result'])})")
    out.line(f"  syntax: {listed(counts['syntax'])}")
    out.line(f"  rules:  {listed(counts['rules'])}".replace(" none", " no claim"))
    out.line(f"encode vectors: {counts['encode']} ({listed(counts['encode_result'])})")
    out.line(f"rule ids: {counts['rule_ids']}, flags: {counts['flags']}")
    width = max([len(name) for name in counts["schemes"]] + [6])
    for name, row in counts["schemes"].items():
        out.line(
            f"  {name:<{width}}  decode {row['decode']:>4} ({listed(row['result'])}); "
            f"encode {row['encode']:>3} ({listed(row['encode_result'])})"
        )
    return EXIT_OK


# -- parser ----------------------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose messages go to the given streams, escaped.

    argparse quotes what it was given (``unrecognized arguments: ...``); each line of its
    help, usage and error messages goes through :func:`~qrpay.text.for_display`.
    """

    def __init__(
        self, *args: Any, stdout: IO[Any] | None = None, stderr: IO[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.streams = (stdout, stderr)

    def _print_message(self, message: str, file: Any = None) -> None:
        if not message:
            return
        stdout, stderr = self.streams
        if file is None or file is sys.stdout:
            file = stdout or sys.stdout
        elif file is sys.stderr:
            file = stderr or sys.stderr
        file.write("\n".join(for_display(line) for line in message.split("\n")))


def build_parser(stdout: IO[Any] | None = None, stderr: IO[Any] | None = None) -> Parser:
    parser = Parser(
        prog="qrpay",
        description="Decode, check, build, render and scan EMVCo merchant-presented payment QR codes "
        "(KHQR, LAOQR, PromptPay, PayNow, SGQR, DuitNow, QRIS, VietQR, QR Ph, UnionPay).",
        epilog="Exit status: 0 ok, 1 invalid input (or nothing read), 2 usage error, "
        "3 missing optional dependency, 130 interrupted. See docs/cli.md.",
        stdout=stdout,
        stderr=stderr,
    )
    mode = "compiled" if COMPILED else "pure Python"  # the mypyc core or not (docs/build.md)
    parser.add_argument("--version", action="version", version=f"qrpay {__version__} ({mode})")
    parser.add_argument(
        "--color",
        "--colour",
        dest="colour",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the output (auto: only on a terminal, never with NO_COLOR)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, **kwargs: Any) -> Parser:
        sub = commands.add_parser(name, **kwargs)
        assert isinstance(sub, Parser)
        sub.streams = (stdout, stderr)
        return sub

    def inputs(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("payload", nargs="*", help="payloads; '-' or none reads one per line from stdin")
        sub.add_argument("-f", "--file", action="append", help="read one payload per line from FILE")
        sub.add_argument("--json", action="store_true", help="JSON Lines: one object per payload")
        sub.add_argument("--now", help="clock for expiry rules (ISO 8601, default: now)")
        sub.add_argument(
            "-j",
            "--jobs",
            type=_bounded_int(0, 1024),
            default=0,
            metavar="N",
            help="worker processes for files and stdin (default 0: one per core; 1: this process only)",
        )

    decode_p = command("decode", help="show every data object of a payload as a tree")
    inputs(decode_p)
    decode_p.add_argument(
        "--example",
        action="append",
        metavar="NAME",
        help="decode a bundled example: emvco or a scheme id (e.g. khqr)",
    )
    decode_p.add_argument(
        "--strict-syntax",
        action="store_true",
        help="refuse byte- or UTF-16-counted lengths and a lower-case or three-digit CRC",
    )
    decode_p.set_defaults(handler=cmd_decode)

    check_p = command("check", help="list every issue; exit 1 if any error")
    inputs(check_p)
    check_p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_p.add_argument("--example", action="append", metavar="NAME", help="check a bundled example")
    check_p.set_defaults(handler=cmd_check)

    encode_p = command(
        "encode",
        help="build a payload with a scheme's builder (or 'emvco' for plain fields)",
        description="qrpay encode SCHEME --field value ...  (qrpay encode SCHEME --help lists the fields)",
        add_help=False,
    )
    encode_p.add_argument("-h", "--help", dest="encode_help", action="store_true", help="list the schemes")
    encode_p.add_argument("scheme", nargs="?", help="a scheme id (qrpay schemes) or 'emvco'")
    encode_p.add_argument("fields", nargs=argparse.REMAINDER, help="the builder's options")
    encode_p.set_defaults(handler=cmd_encode)

    render_p = command("render", help="draw a payload as a QR code image or in the terminal")
    render_p.add_argument("payload", nargs="*", help="the payload, or '-' for stdin")
    render_p.add_argument("-f", "--file", action="append", help="read the payload from FILE")
    render_p.add_argument(
        "--example", action="append", metavar="NAME", help="draw a bundled example: emvco or a scheme id"
    )
    _add_output_options(render_p)
    render_p.set_defaults(handler=cmd_render)

    scan_p = command("scan", help="find and decode payment QR codes in images (needs qrpay[scan])")
    scan_p.add_argument(
        "image", nargs="*", help="image files (PNG, JPEG, ...); '-' or none: paths from stdin"
    )
    scan_p.add_argument("-f", "--file", action="append", help="read image paths from FILE, one per line")
    scan_p.add_argument("--json", action="store_true", help="JSON Lines: one object per code found")
    scan_p.add_argument(
        "--timeout",
        type=_scan_timeout,
        default=5.0,
        metavar="SECONDS",
        help="time budget per image (default 5; 0 for none): an image not read in time is "
        "reported as scan_timeout (docs/security.md)",
    )
    scan_p.set_defaults(handler=cmd_scan)

    schemes_p = command("schemes", help="list the scheme profiles")
    schemes_p.add_argument("--json", action="store_true", help="JSON Lines: one object per scheme")
    schemes_p.set_defaults(handler=cmd_schemes)

    conformance_p = command(
        "conformance",
        help="run the conformance suite against an implementation (docs/conformance.md)",
        description="The conformance suite: score any implementation through an adapter.",
    )
    conformance = conformance_p.add_subparsers(
        dest="conformance_command", metavar="SUBCOMMAND", required=True
    )

    def conformance_command(name: str, **kwargs: Any) -> Parser:
        sub = conformance.add_parser(name, **kwargs)
        assert isinstance(sub, Parser)
        sub.streams = (stdout, stderr)
        return sub

    run_p = conformance_command(
        "run",
        help="score an adapter: qrpay conformance run [options] -- COMMAND [ARGS...]",
        usage="qrpay conformance run [--report FILE.json] [--markdown FILE.md] [--timeout SECONDS] "
        "[--startup SECONDS] [--suite DIR] [--only PATTERN] [--give-up N] -- COMMAND [ARGS...]",
        description="Start COMMAND once and send it every vector as JSON Lines; score the answers.",
        epilog="Exit status: 0 every vector passed or is unsupported, 1 some failed or timed out, "
        "2 the adapter cannot be started or the arguments are wrong.",
    )
    run_p.add_argument("--report", metavar="FILE.json", help="write the JSON report")
    run_p.add_argument("--markdown", metavar="FILE.md", help="write the Markdown scoreboard")
    run_p.add_argument(
        "--timeout",
        type=_seconds,
        default=5.0,
        metavar="SECONDS",
        help="wait this long for each response (default: 5); then the adapter is restarted",
    )
    run_p.add_argument(
        "--startup",
        type=_seconds_or_zero,
        default=10.0,
        metavar="SECONDS",
        help="more time for the first response after each start of the adapter (default: 10)",
    )
    run_p.add_argument(
        "--suite", metavar="DIR", help="the corpus folder (holding manifest.json); default: qrpay's"
    )
    run_p.add_argument(
        "--only",
        action="append",
        metavar="PATTERN",
        help="run only vectors whose id or file matches this glob (repeatable), e.g. 'khqr-*'",
    )
    run_p.add_argument(
        "--give-up",
        type=_bounded_int(0, 1_000_000),
        default=10,
        metavar="N",
        help="stop sending after N vectors in a row get no answer (default: 10; 0: never)",
    )
    run_p.add_argument("adapter_command", nargs=argparse.REMAINDER, metavar="-- COMMAND [ARGS...]")
    run_p.set_defaults(handler=cmd_conformance_run)

    adapter_p = conformance_command(
        "adapter", help="qrpay's own adapter: JSON Lines requests on stdin, responses on stdout"
    )
    adapter_p.add_argument(
        "--suite", metavar="DIR", help="map issue codes to the rule ids of this corpus; default: qrpay's"
    )
    adapter_p.set_defaults(handler=cmd_conformance_adapter)

    list_p = conformance_command(
        "list", help="the suite's version and its vectors per scheme, level and verdict"
    )
    list_p.add_argument(
        "--suite", metavar="DIR", help="the corpus folder (holding manifest.json); default: qrpay's"
    )
    list_p.add_argument("--json", action="store_true", help="one JSON object with the counts")
    list_p.set_defaults(handler=cmd_conformance_list)
    return parser


def _escaping_errors(stream: IO[Any]) -> None:
    """Khmer, Thai, Lao and Chinese names must not crash a terminal that is not UTF-8:
    they come out as ``\\uXXXX`` there instead."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(stream, "reconfigure", None)
    if encoding and encoding != "utf8" and reconfigure is not None:
        reconfigure(errors="backslashreplace")


def _silence(stream: IO[Any]) -> None:
    """After a closed pipe, send what is left to /dev/null (no 'Exception ignored' at exit)."""
    try:
        if stream is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[Any] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status (never raises for user errors).

    ``stdin`` may be a binary or a text stream; a text stream's ``buffer`` is read when it
    has one, so input is UTF-8 whatever the locale says.
    """
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    out: Output | None = None
    try:
        for stream in (stdout, stderr):
            _escaping_errors(stream)
        parser = build_parser(stdout, stderr)
        arguments = list(sys.argv[1:] if argv is None else argv)
        try:
            args = parser.parse_args(arguments)
        except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
            return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
        out = Output(stdout, stderr, args.colour)
        return _run(args, out, stdin)
    except KeyboardInterrupt:
        if out is not None:
            out.clear_progress()
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `qrpay decode ... | head`
        _silence(stdout)
        return EXIT_OK
    finally:
        try:
            stdout.flush()
        except BrokenPipeError:
            _silence(stdout)
        except (OSError, ValueError):
            pass


def _run(args: argparse.Namespace, out: Output, stdin: IO[Any] | None) -> int:
    try:
        status: int = args.handler(args, out, stdin)
        out.flush()
        return status
    except UsageError as exc:
        out.error("usage", str(exc))
        return EXIT_USAGE
    except MissingDependencyError as exc:
        out.error(args.command, exc.message)
        return EXIT_MISSING
    except SystemExit as exc:  # an encode sub-parser: --help or a usage error
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    except QRPayError as exc:
        out.error(args.command, _message(exc))
        return EXIT_USAGE if exc.code == "unknown_scheme" else EXIT_INVALID
    except OutputError as exc:
        out.error(args.command, str(exc))
        return EXIT_INVALID
    except BrokenPipeError:
        raise
    except OSError as exc:  # writing stdout (a full disk, a closed terminal), an image file
        where = f" {exc.filename}" if exc.filename else ""
        out.error(args.command, f"cannot write{where}: {exc.strerror or exc}")
        return EXIT_INVALID
    finally:
        out.clear_progress()


if typing.TYPE_CHECKING:  # pragma: no cover
    _: Decimal
