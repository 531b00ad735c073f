"""An ordered map over chunks of work on worker processes, in bounded memory.

:func:`ordered_map` is the engine under ``qrpay check/decode -f`` and :mod:`qrpay.batch`
(docs/scale.md). It is the standard library only (:mod:`concurrent.futures`) and knows
nothing of payloads: it calls ``function(shared, chunk)`` for each chunk and yields the
results in the order of the chunks.

* **One process when one is enough.** With ``jobs=1`` every chunk runs in this process,
  and no pool is started. With more, the first chunk still runs here (a short batch
  never pays for starting workers) and the pool starts when a second chunk exists.
* **Bounded memory.** At most ``2 * jobs`` chunks are with the workers and
  :data:`READ_AHEAD` chunks wait to be sent; the input is read only as results are taken,
  so an endless generator works.
* **Streaming.** Chunks are read by a thread, so a result is yielded as soon as it is
  ready even while the input waits for its next line (a pipe that stays open).
* **Interruption.** Workers ignore SIGINT (Ctrl-C at a terminal reaches the whole
  process group; only this process should answer it). When the caller stops (an
  exception such as ``KeyboardInterrupt``, or closing the generator), chunks not yet
  started are cancelled, the few being worked on finish, and the workers exit.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for
from typing import TypeVar

__all__ = ["READ_AHEAD", "default_jobs", "ordered_map"]

Shared = TypeVar("Shared")
Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

#: Chunks read ahead of the workers (besides the ``2 * jobs`` they hold).
READ_AHEAD = 2
#: How long the dispatcher waits on one thing before looking at the other (seconds).
_POLL = 0.005


def default_jobs() -> int:
    """Worker processes by default: one per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Reader(threading.Thread):
    """Takes chunks from an iterator into a small queue, so reading never holds up results."""

    def __init__(self, chunks: Iterator[object]) -> None:
        super().__init__(name="qrpay-batch-reader", daemon=True)
        self.chunks = chunks
        self.queue: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=READ_AHEAD)
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            for chunk in self.chunks:
                if not self._put(("chunk", chunk)):
                    return
        except BaseException as exc:  # handed to the caller's thread, raised there
            self._put(("error", exc))
            return
        self._put(("end", None))

    def _put(self, item: tuple[str, object]) -> bool:
        while not self.stopping.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False


def ordered_map(
    function: Callable[[Shared, Chunk], Result],
    shared: Shared,
    chunks: Iterator[Chunk],
    *,
    jobs: int,
) -> Generator[Result, None, None]:
    """``function(shared, chunk)`` for each chunk, in order; on ``jobs`` processes.

    ``function`` must be a module-level function and ``shared`` and each chunk picklable
    when ``jobs > 1``. An exception from ``function`` is raised here, in order, after the
    results before it; one from ``chunks`` likewise, after the results of the chunks
    read before it.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    first = next(chunks, _END)
    if first is _END:
        return
    yield function(shared, first)  # type: ignore[arg-type]
    if jobs == 1:
        for chunk in chunks:
            yield function(shared, chunk)
        return
    second = next(chunks, _END)
    if second is _END:
        return
    # The pool starts before the reader thread: a forked worker never copies a thread.
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    reader = _Reader(chunks)
    pending: deque[Future[Result]] = deque()
    try:
        pending.append(pool.submit(function, shared, second))  # type: ignore[arg-type]
        reader.start()
        yield from _dispatch(function, shared, pool, reader, pending, 2 * jobs)
    finally:
        reader.stopping.set()
        for future in pending:
            future.cancel()
        with contextlib.suppress(Exception):
            pool.shutdown(wait=True, cancel_futures=True)


_END = object()


def _dispatch(
    function: Callable[[Shared, Chunk], Result],
    shared: Shared,
    pool: ProcessPoolExecutor,
    reader: _Reader,
    pending: deque[Future[Result]],
    in_flight: int,
) -> Iterator[Result]:
    failure: BaseException | None = None
    reading = True
    while True:
        while pending and pending[0].done():
            yield pending.popleft().result()
        if not reading:
            if not pending:
                if failure is not None:
                    raise failure
                return
            yield pending.popleft().result()
            continue
        if len(pending) >= in_flight:
            yield pending.popleft().result()
            continue
        try:
            kind, value = reader.queue.get(timeout=_POLL) if pending else reader.queue.get()
        except queue.Empty:  # no input yet: wait a moment for the oldest result instead
            wait_for([pending[0]], timeout=_POLL)
            continue
        if kind == "chunk":
            pending.append(pool.submit(function, shared, value))  # type: ignore[arg-type]
        else:
            reading = False
            if kind == "error":
                assert isinstance(value, BaseException)
                failure = value
