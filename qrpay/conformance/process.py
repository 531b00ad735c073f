"""The adapter process: one JSON line out, one line back, with bounds on everything.

:class:`AdapterProcess` starts the adapter command with pipes for stdin, stdout and
stderr and three daemon threads, so that nothing the adapter does can block the runner:

* a writer sends request lines (an adapter that never reads its stdin blocks only the
  writer thread, and the runner times out waiting for the answer);
* a reader splits stdout into lines of at most ``max_line`` bytes; a longer line is
  skipped to its end without being held and reported as ``too_long``;
* a drain reads stderr and keeps only its last :data:`STDERR_KEEP` bytes.

On POSIX the adapter runs in its own session, so a timeout kills the whole process
group (an adapter started through ``sh -c`` or ``npx`` leaves nothing behind).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Literal

__all__ = ["STDERR_KEEP", "AdapterProcess", "Received"]

#: How much of the adapter's stderr is kept (the end of it), for messages and the report.
STDERR_KEEP = 4096

#: Lines the reader may hold before the adapter is made to wait (back pressure).
_QUEUE_LINES = 8

ReceivedKind = Literal["line", "too_long", "eof", "timeout"]


@dataclass(frozen=True)
class Received:
    """What came back: a line (``data``, without its newline), a line that was too long
    (``size`` bytes, not kept), the end of stdout, or nothing within the timeout."""

    kind: ReceivedKind
    data: bytes = b""
    size: int = 0


class AdapterProcess:
    """One run of the adapter command (see the module docstring)."""

    def __init__(self, command: Sequence[str], *, max_line: int, env: dict[str, str] | None = None) -> None:
        self.command = list(command)
        self.max_line = max_line
        self._stopping = threading.Event()
        self._lines: queue.Queue[Received] = queue.Queue(_QUEUE_LINES)
        self._requests: queue.Queue[bytes | None] = queue.Queue()
        self._stderr = bytearray()
        self.stderr_bytes = 0
        self._stderr_lock = threading.Lock()
        posix = os.name == "posix"
        # OSError (no such file, not executable) goes to the caller: the adapter cannot start.
        self.proc = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=posix,
            env=env,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None and self.proc.stderr is not None
        self._threads = [
            threading.Thread(target=self._write, args=(self.proc.stdin,), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True),
            threading.Thread(target=self._drain, args=(self.proc.stderr,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # -- threads ---------------------------------------------------------------------------

    def _put(self, item: Received) -> bool:
        while not self._stopping.is_set():
            try:
                self._lines.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _read(self, stream: IO[bytes]) -> None:
        limit = self.max_line
        try:
            while not self._stopping.is_set():
                line = stream.readline(limit + 1)
                if not line:
                    break
                if len(line) > limit and not line.endswith(b"\n"):
                    size = len(line)
                    while True:  # skip to the end of the line without holding it
                        rest = stream.readline(limit)
                        if not rest:
                            break
                        size += len(rest)
                        if rest.endswith(b"\n"):
                            size -= 1  # the newline is not part of the line
                            break
                    if not self._put(Received("too_long", size=size)):
                        return
                    continue
                if not self._put(Received("line", data=line.rstrip(b"\n").rstrip(b"\r"))):
                    return
        except (OSError, ValueError):
            pass
        self._put(Received("eof"))

    def _drain(self, stream: IO[bytes]) -> None:
        read = getattr(stream, "read1", stream.read)
        try:
            while True:
                chunk = read(65536)
                if not chunk:
                    return
                with self._stderr_lock:
                    self.stderr_bytes += len(chunk)
                    self._stderr += chunk
                    if len(self._stderr) > STDERR_KEEP:
                        del self._stderr[: len(self._stderr) - STDERR_KEEP]
        except (OSError, ValueError):
            return

    def _write(self, stream: IO[bytes]) -> None:
        try:
            while True:
                line = self._requests.get()
                if line is None:
                    break
                stream.write(line)
                stream.flush()
        except (OSError, ValueError):  # the adapter closed its stdin or died
            pass
        with contextlib.suppress(OSError, ValueError):
            stream.close()

    # -- the runner's side ---------------------------------------------------------------------

    def send(self, line: bytes) -> None:
        """Queue one request line (with its newline); never blocks."""
        self._requests.put(line)

    def receive(self, timeout: float) -> Received:
        """The next line of stdout, or ``eof``, or ``timeout`` after ``timeout`` seconds."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            return Received("timeout")

    def stderr_tail(self) -> str:
        """The end of what the adapter wrote to stderr, as text (not safe to show as it is)."""
        with self._stderr_lock:
            return bytes(self._stderr).decode("utf-8", "replace")

    @property
    def returncode(self) -> int | None:
        return self.proc.poll()

    def kill(self) -> None:
        """Kill the adapter (its process group on POSIX) and wait for it."""
        self._stopping.set()
        if self.proc.returncode is None:  # not reaped yet: its pid (and group id) is still its own
            try:
                if os.name == "posix":
                    os.killpg(self.proc.pid, signal.SIGKILL)
                else:  # pragma: no cover - Windows
                    self.proc.kill()
            except (ProcessLookupError, PermissionError):
                pass
        self._finish()

    def close(self, grace: float = 2.0) -> None:
        """End the adapter: close its stdin (it should exit), kill it after ``grace`` seconds."""
        self._requests.put(None)
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self._stopping.set()
        self._finish()

    def _finish(self) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL is not refused
            self.proc.wait(timeout=5)
        self._requests.put(None)
        for thread in self._threads[1:]:
            thread.join(timeout=0.5)
        # leftover grandchildren may hold the pipes open; the daemon threads then stay blocked
        # in read() until they exit, holding at most one line each
