"""Many payloads at once, on every core: an iterable of texts in, an iterator of results out.

This is ``qrpay check`` and ``qrpay decode`` for Python code that holds its texts itself
(a database cursor, a message queue, a DataFrame column)::

    import qrpay.batch

    for result in qrpay.batch.check(texts):          # Checked objects, in input order
        if not result.valid:
            print(result.text, [i.code for i in result.issues])

    with open("verdicts.jsonl", "w", encoding="utf-8") as out:
        for line in qrpay.batch.check_json(texts):   # the lines of `qrpay check --json`
            out.write(line + "\\n")

* **Order and count.** One result per text, in the order of the texts, whatever the
  number of workers. A text that is not a payload (a blank one, a truncated one, one that
  is not a string) is a result like any other, never an exception: nothing in one text
  stops the batch.
* **Workers.** ``jobs`` worker processes (default: one per core); ``jobs=1`` works in
  this process and starts no pool. Texts go to the workers in chunks of ``chunk_size``.
* **Memory.** At most ``2 * jobs + 2`` chunks are held at a time, and the texts are read
  only as results are taken: an endless generator works, and results come out while it
  runs. Stopping early (``break``, closing the iterator, ``KeyboardInterrupt``) cancels
  what is queued, lets the workers finish the chunk they hold and stops them.
* **Same output as the command line.** :func:`check_json` and :func:`decode_json` give
  the lines ``qrpay check --json`` and ``qrpay decode --json`` print (made by the same
  code), with the input labelled ``name:N`` (N counts from 1).

:func:`check_columns` is the piece for DataFrame engines (Dask ``map_partitions``, a
Spark pandas UDF): plain lists, one per column, for one partition, in this process
(the engine already runs one process per core). docs/scale.md has the recipes and the
measured figures.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._parallel import default_jobs, ordered_map
from .cli import (
    MAX_LINE_BYTES,
    BatchJob,
    Input,
    _check_verdict,
    _decoded,
    _error_issue,
    _line_input,
    _painter,
    run_chunk,
)
from .errors import DecodeError, Issue, QRPayError
from .model import Payload

__all__ = [
    "CHUNK_TEXTS",
    "Checked",
    "Decoded",
    "check",
    "check_columns",
    "check_json",
    "decode",
    "decode_json",
]

#: Texts per chunk sent to a worker. Measured (docs/scale.md; processor time a text,
#: two workers, real payloads): 202 µs at 1, 75 at 10, 53 at 100, 48 at 500, 46 at 2000.
#: 500 is within 5 % of the best while a chunk and its results stay small.
CHUNK_TEXTS = 500


@dataclass(frozen=True, slots=True)
class Checked:
    """The verdict on one text, as ``qrpay check`` gives it.

    ``valid`` is ``False`` when an issue is an error (or any issue, with ``strict``).
    ``decoded`` is ``False`` when the text is not a payload at all; ``issues`` then holds
    that one error.
    """

    text: str
    valid: bool
    decoded: bool
    schemes: tuple[str, ...]
    issues: tuple[Issue, ...]


@dataclass(frozen=True, slots=True)
class Decoded:
    """One text and its :class:`~qrpay.model.Payload`, or the error that kept it from one."""

    text: str
    payload: Payload | None
    error: QRPayError | None


def _as_input(label: str, text: object) -> Input:
    if isinstance(text, str):
        return Input(label, text)
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        # read as a line of a file is: UTF-8 (EMVCo MPM 4.12.1) with the first bad byte named,
        # a trailing line break dropped, more than 64 KiB refused as line_too_long
        item = _line_input(label, raw, len(raw) > MAX_LINE_BYTES)
        return item if item is not None else Input(label, raw.decode("utf-8"))
    shown = repr(text)[:60]
    error = DecodeError(f"not a text: {shown} ({type(text).__name__}); a payload is a str", code="not_text")
    return Input(label, "", error)


def _job(command: str, *, strict: bool, strict_syntax: bool, now: datetime | None) -> BatchJob:
    return BatchJob(command, True, strict, strict_syntax, now, colour=False, json_ascii=False)


def _chunks(texts: Iterable[object], name: str, size: int) -> Iterator[tuple[Input, ...]]:
    if size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {size}")
    numbered = enumerate(texts, 1)
    while True:
        chunk = tuple(_as_input(f"{name}:{n}", text) for n, text in itertools.islice(numbered, size))
        if not chunk:
            return
        yield chunk


def _lines(job: BatchJob, chunk: tuple[Input, ...]) -> list[str]:
    """The JSON lines of a chunk (``run_chunk`` writes one line per input in JSON mode)."""
    lines = "".join(text for _, text in run_chunk(job, chunk).pieces).split("\n")
    lines.pop()  # after the last line break
    return lines


def _verdict(job: BatchJob, item: Input, payload: Payload | None, error: QRPayError | None) -> Checked:
    if payload is None:
        assert error is not None
        return Checked(item.text, False, False, (), (_error_issue(error),))
    issues = payload.issues
    valid = not any(i.severity == "error" or job.strict for i in issues)
    return Checked(item.text, valid, True, tuple(payload.schemes), tuple(issues))


def _checked(job: BatchJob, chunk: tuple[Input, ...]) -> list[Checked]:
    return [_verdict(job, item, *_decoded(job, item)) for item in chunk]


def _decoded_chunk(job: BatchJob, chunk: tuple[Input, ...]) -> list[Decoded]:
    return [Decoded(item.text, *_decoded(job, item)) for item in chunk]


def _flatten(
    function: Any, job: BatchJob, texts: Iterable[object], name: str, jobs: int | None, size: int
) -> Iterator[Any]:
    workers = default_jobs() if jobs is None else jobs
    results = ordered_map(function, job, _chunks(texts, name, size), jobs=workers)
    try:
        for chunk_results in results:
            yield from chunk_results
    finally:
        results.close()


def check(
    texts: Iterable[object],
    *,
    jobs: int | None = None,
    strict: bool = False,
    now: datetime | None = None,
    chunk_size: int = CHUNK_TEXTS,
) -> Iterator[Checked]:
    """A :class:`Checked` for each text, in order (``qrpay check``).

    ``strict`` counts warnings as errors; ``now`` is the clock for expiry rules
    (default: the time each text is checked).
    """
    job = _job("check", strict=strict, strict_syntax=False, now=now)
    return _flatten(_checked, job, texts, "text", jobs, chunk_size)


def check_json(
    texts: Iterable[object],
    *,
    jobs: int | None = None,
    strict: bool = False,
    now: datetime | None = None,
    name: str = "text",
    chunk_size: int = CHUNK_TEXTS,
) -> Iterator[str]:
    """The line ``qrpay check --json`` prints for each text, in order (no line break)."""
    job = _job("check", strict=strict, strict_syntax=False, now=now)
    return _flatten(_lines, job, texts, name, jobs, chunk_size)


def decode(
    texts: Iterable[object],
    *,
    jobs: int | None = None,
    strict_syntax: bool = False,
    now: datetime | None = None,
    chunk_size: int = CHUNK_TEXTS,
) -> Iterator[Decoded]:
    """A :class:`Decoded` for each text, in order (``qrpay.decode`` on each).

    Each :class:`~qrpay.model.Payload` is pickled back from its worker, which costs
    about as much as decoding it again; when only the verdict or a few fields are
    wanted, :func:`check` or :func:`decode_json` move less.
    """
    job = _job("decode", strict=False, strict_syntax=strict_syntax, now=now)
    return _flatten(_decoded_chunk, job, texts, "text", jobs, chunk_size)


def decode_json(
    texts: Iterable[object],
    *,
    jobs: int | None = None,
    strict_syntax: bool = False,
    now: datetime | None = None,
    name: str = "text",
    chunk_size: int = CHUNK_TEXTS,
) -> Iterator[str]:
    """The line ``qrpay decode --json`` prints for each text, in order (no line break)."""
    job = _job("decode", strict=False, strict_syntax=strict_syntax, now=now)
    return _flatten(_lines, job, texts, name, jobs, chunk_size)


def check_columns(
    texts: Iterable[object],
    *,
    strict: bool = False,
    now: datetime | None = None,
    json: bool = False,
) -> dict[str, list[Any]]:
    """The verdicts on ``texts`` as columns, in this process (one DataFrame partition).

    ``valid`` (bool), ``schemes`` (scheme ids, comma-separated), ``errors`` and
    ``warnings`` (issue codes, comma-separated, in the order found) and, with
    ``json=True``, ``json`` (the ``qrpay check --json`` line, labelled ``row:N`` from 1
    within the partition). ``pandas.DataFrame(check_columns(series), index=series.index)``
    is the partition's result.
    """
    job = _job("check", strict=strict, strict_syntax=False, now=now)
    columns: dict[str, list[Any]] = {"valid": [], "schemes": [], "errors": [], "warnings": []}
    if json:
        columns["json"] = []
    painter = _painter(False)
    for n, text in enumerate(texts, 1):
        item = _as_input(f"row:{n}", text)
        payload, error = _decoded(job, item)
        result = _verdict(job, item, payload, error)
        columns["valid"].append(result.valid)
        columns["schemes"].append(",".join(result.schemes))
        columns["errors"].append(",".join(i.code for i in result.issues if i.severity == "error"))
        columns["warnings"].append(",".join(i.code for i in result.issues if i.severity == "warning"))
        if json:
            columns["json"].append(_check_verdict(job, painter, item, payload, error)[1].rstrip("\n"))
    return columns
