"""The ``qrpay`` command line: decode, check, encode, render, scan, schemes.

``main(argv)`` returns the exit status (docs/cli.md):

* 0 — everything read was valid (or the command succeeded);
* 1 — some input is invalid (an error issue, or it did not decode);
* 2 — usage error;
* 3 — an optional dependency is missing (the message gives the ``pip install``).

Output goes to stdout (one tree or, with ``--json``, one JSON object per line); errors,
one line each naming the input, and the progress bar go to stderr. Colour only on a
terminal, never with ``NO_COLOR`` set.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import sys
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TextIO

from . import __version__, emvco, iso
from .builder import build as build_generic
from .builder import payload_summary
from .codec import decode
from .errors import DecodeError, InvalidRequest, Issue, MissingDependencyError, QRPayError, ScanError
from .model import Payload
from .schemes import all_schemes, get_scheme
from .tlv import DataObject

__all__ = ["JSON_SCHEMA_VERSION", "describe", "main", "payload_record"]

#: Version of the ``--json`` output schema (docs/cli.md); bumped only on incompatible change.
JSON_SCHEMA_VERSION = 1

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_MISSING = 0, 1, 2, 3


# -- output ----------------------------------------------------------------------------------


class Output:
    """stdout/stderr with optional ANSI colour and a progress bar on a terminal."""

    COLOURS: typing.ClassVar[dict[str, str]] = {
        "red": "31",
        "yellow": "33",
        "green": "32",
        "cyan": "36",
        "dim": "2",
        "bold": "1",
    }

    def __init__(self, stdout: TextIO, stderr: TextIO, colour: str) -> None:
        self.out = stdout
        self.err = stderr
        wanted = colour == "always" or (
            colour == "auto"
            and "NO_COLOR" not in os.environ
            and os.environ.get("TERM") != "dumb"
            and _isatty(stdout)
        )
        self.colour = wanted and colour != "never"
        self.progress_enabled = _isatty(stderr)
        self._progress_shown = False

    def paint(self, text: str, colour: str) -> str:
        if not self.colour:
            return text
        return f"\x1b[{self.COLOURS[colour]}m{text}\x1b[0m"

    def line(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def error(self, label: str, message: str) -> None:
        self.clear_progress()
        self.err.write(f"qrpay: {label}: {message}\n")

    def progress(self, done: int, total: int | None) -> None:
        if not self.progress_enabled or (total is not None and total < 20):
            return
        if total:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "." * (width - filled)
            self.err.write(f"\r[{bar}] {done}/{total}")
        else:
            self.err.write(f"\r{done} read")
        self.err.flush()
        self._progress_shown = True

    def clear_progress(self) -> None:
        if self._progress_shown:
            self.err.write("\r\x1b[K")
            self._progress_shown = False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Input:
    label: str  # names the input in messages: "argument 2", "codes.txt:14", "stdin:3"
    text: str


def _examples() -> dict[str, str]:
    """Bundled example payloads: the EMVCo specification's own, and each scheme's first."""
    from .emvco import ANNEX_B7_EXAMPLE

    examples = {"emvco": ANNEX_B7_EXAMPLE}
    for scheme in all_schemes():
        if scheme.examples:
            examples[scheme.id] = scheme.examples[0]
    return examples


def _lines(stream: TextIO, name: str) -> Iterator[Input]:
    for number, raw in enumerate(stream, 1):
        # a payload never holds line breaks; a scanner's or editor's trailing newline is dropped
        text = raw.rstrip("\r\n")
        if text.strip():
            yield Input(f"{name}:{number}", text)


def read_inputs(args: argparse.Namespace, stdin: TextIO) -> Iterator[Input]:
    """Payloads from arguments, ``--file`` files, ``--example`` names, or stdin lines.

    An argument ``-`` (or no argument at all) reads one payload per line from stdin.
    """
    for name in getattr(args, "example", None) or ():
        examples = _examples()
        if name not in examples:
            raise UsageError(f"no bundled example {name!r}; choose from {', '.join(examples)}")
        yield Input(f"example {name}", examples[name])
    for path in getattr(args, "file", None) or ():
        try:
            with open(path, encoding="utf-8") as handle:
                yield from _lines(handle, path)
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path} is not UTF-8 text") from exc
    payloads = list(getattr(args, "payload", None) or ())
    if not payloads and not getattr(args, "file", None) and not getattr(args, "example", None):
        payloads = ["-"]
    for index, value in enumerate(payloads, 1):
        if value == "-":
            yield from _lines(stdin, "stdin")
        else:
            yield Input(f"argument {index}" if len(payloads) > 1 else "argument", value)


class UsageError(Exception):
    """A command-line mistake: exit status 2."""


# -- describing a payload ------------------------------------------------------------------------


def _scheme_titles(payload: Payload) -> dict[str, str]:
    return {scheme_id: get_scheme(scheme_id).title for scheme_id in payload.schemes}


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


def tree_lines(payload: Payload, out: Output) -> list[str]:
    """The readable tree of every data object, with its issues where they occur."""
    lines: list[str] = []
    issues = payload.issues
    placed: set[int] = set()

    def walk(objects: Sequence[DataObject], depth: int) -> None:
        for obj in objects:
            indent = "  " * depth
            label = ".".join(obj.path)
            name = field_name(payload, obj.path)
            meaning = describe(payload, obj)
            shown = obj.value if obj.children is None else ""
            pad = " " * max(1, 7 - len(label))  # aligned whether or not the label is coloured
            row = f"{indent}{out.paint(label, 'cyan')}{pad}{name} [{len(obj.value):02d}]"
            if shown:
                row += f" {shown!r}" if _needs_quotes(shown) else f" {shown}"
            if meaning:
                row += out.paint(f"  — {meaning}", "dim")
            lines.append(row)
            for found in _issues_at(issues, obj.path):
                placed.add(id(found))
                lines.append(indent + "  " + _issue_text(found, out))
            if obj.children:
                walk(obj.children, depth + 1)

    walk(payload.objects, 0)
    lines.extend(_issue_text(found, out) for found in issues if id(found) not in placed)
    return lines


def _needs_quotes(value: str) -> bool:
    return value != value.strip() or value == ""


def _issue_text(found: Issue, out: Output) -> str:
    colour = "red" if found.severity == "error" else "yellow"
    where = ".".join(found.path) or "payload"
    offset = f" @{found.offset}" if found.offset is not None else ""
    return out.paint(f"{found.severity}: {found.code}", colour) + f" ({where}{offset}) {found.message}"


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


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


# -- commands ---------------------------------------------------------------------------------


def _decode_each(
    args: argparse.Namespace, out: Output, stdin: TextIO
) -> Iterator[tuple[Input, Payload | None, QRPayError | None]]:
    inputs = list(read_inputs(args, stdin))
    now = _parse_now(args.now) if getattr(args, "now", None) else None
    for done, item in enumerate(inputs, 1):
        try:
            payload: Payload | None = decode(item.text, strict=getattr(args, "strict_syntax", False), now=now)
            error = None
        except QRPayError as exc:
            payload, error = None, exc
        out.progress(done, len(inputs))
        yield item, payload, error
    out.clear_progress()


def cmd_decode(args: argparse.Namespace, out: Output, stdin: TextIO) -> int:
    status = EXIT_OK
    first = True
    for item, payload, error in _decode_each(args, out, stdin):
        if payload is None or not payload.is_valid:
            status = EXIT_INVALID
        if args.json:
            out.line(_dump(payload_record(item.label, item.text, payload, error)))
            continue
        if error is not None:
            out.error(item.label, str(error))
            continue
        assert payload is not None
        if not first:
            out.line()
        first = False
        titles = _scheme_titles(payload)
        schemes = ", ".join(f"{k} ({v})" for k, v in titles.items()) or "none recognised"
        verdict = out.paint("valid", "green") if payload.is_valid else out.paint("INVALID", "red")
        out.line(f"{out.paint(item.label, 'bold')}: {verdict}; schemes: {schemes}")
        for line in tree_lines(payload, out):
            out.line("  " + line)
    return status


def cmd_check(args: argparse.Namespace, out: Output, stdin: TextIO) -> int:
    status = EXIT_OK
    for item, payload, error in _decode_each(args, out, stdin):
        issues = [_error_issue(error)] if error is not None else list(payload.issues if payload else ())
        failing = [i for i in issues if i.severity == "error" or args.strict]
        if failing:
            status = EXIT_INVALID
        if args.json:
            out.line(
                _dump(
                    {
                        "schema": JSON_SCHEMA_VERSION,
                        "input": item.label,
                        "payload": item.text,
                        "valid": not failing,
                        "schemes": list(payload.schemes) if payload else [],
                        "issues": [i.to_dict() for i in issues],
                    }
                )
            )
            continue
        if not issues:
            out.line(f"{item.label}: {out.paint('valid', 'green')}")
            continue
        state = out.paint("invalid", "red") if failing else out.paint("valid with warnings", "yellow")
        out.line(f"{item.label}: {state}")
        for found in issues:
            out.line(
                f"  {found.severity}\t{found.code}\t{'.'.join(found.path) or '-'}\t"
                f"{'-' if found.offset is None else found.offset}\t{found.message}"
            )
    return status


def cmd_schemes(args: argparse.Namespace, out: Output, stdin: TextIO) -> int:
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
            out.line(_dump(row))
        return EXIT_OK
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        currencies = ",".join(row["currencies"]) or "any"
        out.line(
            f"{out.paint(row['id'].ljust(width), 'bold')}  {row['country']}  {currencies:<8} {row['title']}"
        )
        out.line(f"{'':{width}}  identifiers: {'; '.join(row['identifiers'])}")
        out.line(f"{'':{width}}  supports: {row['summary']}")
    return EXIT_OK


# encode: builder keywords become options -------------------------------------------------------

_ALIASES = {"merchant_name": ["--name"], "merchant_city": ["--city"], "merchant_category_code": ["--mcc"]}
_DURATION = re.compile(r"(?i)^\+?(\d+)\s*(s|sec|m|min|h|hour|d|day)s?$")


def parse_duration(text: str) -> timedelta:
    """``15m``, ``2h``, ``1d``, ``90s`` (also with a leading ``+``)."""
    match = _DURATION.match(text.strip())
    if not match:
        raise UsageError(f"{text!r} is not a duration such as 90s, 15m, 2h or 1d")
    amount, unit = int(match.group(1)), match.group(2).lower()[0]
    return timedelta(**{{"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[unit]: amount})


def _parse_now(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(f"--now {text!r} is not an ISO 8601 time such as 2026-01-01T00:00:00Z") from exc
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _parse_datetime(text: str, now: datetime) -> datetime:
    if _DURATION.match(text.strip()):
        return now + parse_duration(text)
    return _parse_now(text)


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


def _encode_parser(scheme_id: str) -> argparse.ArgumentParser:
    """The option parser of ``qrpay encode SCHEME``, made from the builder's keywords."""
    generic = scheme_id in ("emvco", "generic")
    builder = build_generic if generic else get_scheme(scheme_id).build
    assert builder is not None
    parser = argparse.ArgumentParser(
        prog=f"qrpay encode {scheme_id}",
        description=(builder.__doc__ or "").strip().split("\n\n")[0],
    )
    for param in _builder_parameters(builder):
        flags = [f"--{param.name.replace('_', '-')}", *_ALIASES.get(param.name, [])]
        kind = _kind_of(param.annotation)
        required = param.default is inspect.Parameter.empty
        helptext = f"({kind}{', required' if required else ''})"
        if kind == "flag":
            parser.add_argument(
                *flags, dest=param.name, action=argparse.BooleanOptionalAction, default=None, help=helptext
            )
        elif kind == "mapping" or param.name in ("merchant_accounts", "unreserved"):
            parser.add_argument(
                *flags,
                dest=param.name,
                action="append",
                metavar="KEY=VALUE",
                required=required,
                help=helptext + " repeat for each entry; templates as TAG.SUB=VALUE",
            )
        else:
            parser.add_argument(*flags, dest=param.name, required=required, metavar="VALUE", help=helptext)
        if kind == "datetime":
            suffix = param.name.removesuffix("_at")
            parser.add_argument(
                f"--{suffix.replace('_', '-')}-in",
                dest=f"{param.name}__in",
                metavar="DURATION",
                help=f"{param.name} as a duration from now (15m, 2h, 1d)",
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
    builder = build_generic if scheme_id in ("emvco", "generic") else get_scheme(scheme_id).build
    assert builder is not None
    now = _parse_now(options.now) if options.now else datetime.now(timezone.utc)
    kwargs: dict[str, Any] = {}
    for param in _builder_parameters(builder):
        value = getattr(options, param.name, None)
        kind = _kind_of(param.annotation)
        if kind == "datetime":
            relative = getattr(options, f"{param.name}__in", None)
            if relative is not None:
                value = now + parse_duration(relative)
            elif value is not None:
                value = _parse_datetime(value, now)
        elif value is None:
            continue
        elif param.name in ("merchant_accounts", "unreserved"):
            value = _templates(value, f"--{param.name.replace('_', '-')}")
        elif kind == "mapping":
            value = _pairs(value, f"--{param.name.replace('_', '-')}")
        elif kind == "duration":
            value = parse_duration(value)
        elif kind == "int":
            try:
                value = int(value)
            except ValueError as exc:
                raise UsageError(f"--{param.name.replace('_', '-')} expects a whole number") from exc
        if value is not None:
            kwargs[param.name] = value
    if "now" in inspect.signature(builder).parameters:
        kwargs["now"] = now
    return kwargs


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
    group.add_argument("--scale", type=int, help="module size (pixels; points for PDF)")
    group.add_argument("--border", type=int, default=4, help="quiet zone in modules (default 4)")
    group.add_argument("--error", choices=["L", "M", "Q", "H"], help="error-correction level (default M)")
    group.add_argument("--logo", help="logo image for the centre of the card")


def _write_outputs(payload: Payload, options: argparse.Namespace, out: Output) -> None:
    if options.card and not options.output:
        raise UsageError("--card needs -o FILE")
    if not (options.output or options.show):
        return
    from . import image  # raises MissingDependencyError without qrpay[image]

    if options.output:
        if options.card:
            card_options: dict[str, Any] = {"border": options.border}
            if options.scale:
                card_options["scale"] = options.scale
            if options.error:
                card_options["error"] = options.error
            if options.logo:
                card_options["logo"] = options.logo
            written = image.save_card(payload, options.output, **card_options)
        else:
            written = image.save(
                payload, options.output, scale=options.scale, border=options.border, error=options.error
            )
        out.err.write(f"qrpay: wrote {written}\n")
    if options.show:
        out.line(image.terminal(payload, border=options.border, error=options.error))


def cmd_encode(args: argparse.Namespace, out: Output, stdin: TextIO) -> int:
    del stdin
    scheme_id = args.scheme
    if scheme_id not in ("emvco", "generic"):
        get_scheme(scheme_id)  # UnknownSchemeError -> usage error
    parser = _encode_parser(scheme_id)
    options = parser.parse_args(args.fields)
    kwargs = _encode_kwargs(scheme_id, options)
    builder = build_generic if scheme_id in ("emvco", "generic") else get_scheme(scheme_id).build
    assert builder is not None
    try:
        payload = builder(**kwargs)
    except InvalidRequest as exc:
        for found in exc.issues or (_error_issue(exc),):
            out.error(f"encode {scheme_id}", str(found))
        return EXIT_INVALID
    if options.json:
        out.line(_dump(payload_record("encode", payload.to_text(), payload, None)))
    else:
        out.line(payload.to_text())
    _write_outputs(payload, options, out)
    return EXIT_OK


def cmd_render(args: argparse.Namespace, out: Output, stdin: TextIO) -> int:
    inputs = list(read_inputs(args, stdin))
    if len(inputs) != 1:
        raise UsageError(f"render takes one payload, got {len(inputs)}")
    item = inputs[0]
    try:
        payload = decode(item.text)
    except DecodeError as exc:
        out.error(item.label, str(exc))
        return EXIT_INVALID
    if not (args.output or args.show):
        args.show = True
    _write_outputs(payload, args, out)
    return EXIT_OK if payload.is_valid else EXIT_INVALID


def cmd_scan(args: argparse.Namespace, out: Output, stdin: TextIO) -> int:
    from . import scan  # raises MissingDependencyError without qrpay[scan]

    status = EXIT_OK
    first = True
    images = list(args.image or ())
    for listing in args.file or ():
        try:
            with open(listing, encoding="utf-8") as handle:
                images.extend(line.rstrip("\r\n") for line in handle if line.strip())
        except OSError as exc:
            raise UsageError(f"cannot read {listing}: {exc.strerror}") from exc
    if not images or images == ["-"]:
        images = [line.rstrip("\r\n") for line in stdin if line.strip()]
    if "-" in images:
        raise UsageError("'-' (image paths from stdin) cannot be mixed with image arguments")
    args.image = images
    for done, path in enumerate(args.image, 1):
        try:
            results = scan.read(path)
        except ScanError as exc:
            out.error(path, str(exc))
            status = EXIT_INVALID
            continue
        finally:
            out.progress(done, len(args.image))
        if not results:
            out.error(path, "no QR code found")
            status = EXIT_INVALID
        for number, result in enumerate(results, 1):
            label = f"{path}#{number}"
            payload, error = result.payload, result.error
            if payload is None or not payload.is_valid:
                status = EXIT_INVALID
            if args.json:
                record = payload_record(label, result.text, payload, error)
                record["position"] = [list(p) for p in result.position]
                record["method"] = result.method
                out.line(_dump(record))
                continue
            if error is not None:
                out.error(label, f"{error} (text: {result.text[:60]!r})")
                continue
            assert payload is not None
            if not first:
                out.line()
            first = False
            titles = _scheme_titles(payload)
            schemes = ", ".join(f"{k} ({v})" for k, v in titles.items()) or "none recognised"
            verdict = "valid" if payload.is_valid else "INVALID"
            out.line(f"{out.paint(label, 'bold')}: {verdict}; schemes: {schemes}")
            for line in tree_lines(payload, out):
                out.line("  " + line)
    out.clear_progress()
    return status


# -- parser ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qrpay",
        description="Decode, check, build, render and scan EMVCo merchant-presented payment QR codes "
        "(KHQR, LAOQR, PromptPay, PayNow, SGQR, DuitNow, QRIS, VietQR, QR Ph, UnionPay).",
        epilog="Exit status: 0 ok, 1 invalid input, 2 usage error, 3 missing optional dependency. "
        "See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"qrpay {__version__}")
    parser.add_argument(
        "--color",
        "--colour",
        dest="colour",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the output (auto: only on a terminal, never with NO_COLOR)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def inputs(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("payload", nargs="*", help="payloads; '-' or none reads one per line from stdin")
        sub.add_argument("-f", "--file", action="append", help="read one payload per line from FILE")
        sub.add_argument("--json", action="store_true", help="JSON Lines: one object per payload")
        sub.add_argument("--now", help="clock for expiry rules (ISO 8601, default: now)")

    decode_p = commands.add_parser("decode", help="show every data object of a payload as a tree")
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
        help="refuse byte- or UTF-16-counted lengths and a lower-case CRC",
    )
    decode_p.set_defaults(handler=cmd_decode)

    check_p = commands.add_parser("check", help="list every issue; exit 1 if any error")
    inputs(check_p)
    check_p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_p.add_argument("--example", action="append", metavar="NAME", help="check a bundled example")
    check_p.set_defaults(handler=cmd_check)

    encode_p = commands.add_parser(
        "encode",
        help="build a payload with a scheme's builder (or 'emvco' for plain fields)",
        description="qrpay encode SCHEME --field value ...  (qrpay encode SCHEME --help lists the fields)",
        add_help=False,
    )
    encode_p.add_argument("scheme", help="a scheme id (qrpay schemes) or 'emvco'")
    encode_p.add_argument("fields", nargs=argparse.REMAINDER, help="the builder's options")
    encode_p.set_defaults(handler=cmd_encode)

    render_p = commands.add_parser("render", help="draw a payload as a QR code image or in the terminal")
    render_p.add_argument("payload", nargs="*", help="the payload, or '-' for stdin")
    render_p.add_argument("-f", "--file", action="append", help="read the payload from FILE")
    _add_output_options(render_p)
    render_p.set_defaults(handler=cmd_render)

    scan_p = commands.add_parser(
        "scan", help="find and decode payment QR codes in images (needs qrpay[scan])"
    )
    scan_p.add_argument(
        "image", nargs="*", help="image files (PNG, JPEG, ...); '-' or none: paths from stdin"
    )
    scan_p.add_argument("-f", "--file", action="append", help="read image paths from FILE, one per line")
    scan_p.add_argument("--json", action="store_true", help="JSON Lines: one object per code found")
    scan_p.set_defaults(handler=cmd_scan)

    schemes_p = commands.add_parser("schemes", help="list the scheme profiles")
    schemes_p.add_argument("--json", action="store_true", help="JSON Lines: one object per scheme")
    schemes_p.set_defaults(handler=cmd_schemes)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status (never raises for user errors)."""
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    for stream in (stdout, stderr):
        # Khmer, Thai, Lao and Chinese names must not crash a terminal that is not UTF-8:
        # they come out escaped there instead.
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding and encoding != "utf8" and reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    out = Output(stdout, stderr, args.colour)
    try:
        status: int = args.handler(args, out, stdin)
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
        out.error(args.command, str(exc))
        return EXIT_USAGE if exc.code == "unknown_scheme" else EXIT_INVALID
    except BrokenPipeError:  # e.g. `qrpay decode ... | head`
        return EXIT_OK
    finally:
        out.clear_progress()


if typing.TYPE_CHECKING:  # pragma: no cover
    _: Decimal
