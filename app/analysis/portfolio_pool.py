"""Portfolios on every core: forked processes, each holding the parent's ``Analysis``, analyse its chunks.

An analysis is ~1 ms of pure Python, so threads cannot share it out (the GIL): processes do. The ``Analysis``
cannot be pickled (the compiled checks are closures) and rebuilding it per process would cost a second and its
memory, so each process is forked from the one serving requests and inherits it, shared copy-on-write (the
objects frozen out of the garbage collector first, so collections do not copy every page). A process gets a
chunk of descriptions (their texts, the index of the first, ``as_of``) and sends back the chunk's finished
NDJSON lines, so the parent only streams bytes. One thread per process in the parent feeds it from the pool's
queue: a task cancelled before it is taken is never run (a client that left stops the work within a chunk).

A pool is built for one ``Analysis`` object, the snapshot's (app.inventory.snapshot): ``PortfolioPools`` forks
a new pool when a request comes with another one (a user mapping set changed) and stops the old one once the
requests using it are done, so no answer comes from a stale index. A process that dies mid-chunk fails that
chunk's descriptions only (each a fault line) and is replaced.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import os
import queue
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from multiprocessing import Pipe
from multiprocessing.connection import Connection

from app.analysis.portfolio import PortfolioResult, declared_id, run_portfolio
from app.analysis.service import Analysis

log = logging.getLogger(__name__)
Line = Callable[[PortfolioResult], bytes]
WATCH_PARENT_SECONDS = 1.0
# A chunk takes well under a second; a process silent this long is stuck, killed and replaced (the chunk is
# tried once more on the new one): a fork of a threaded process can inherit a lock another thread held.
CHUNK_SECONDS = 30.0
_FORKING = threading.Lock()  # one fork at a time, between freezing the collector and thawing it


@dataclass(frozen=True)
class Chunk:
    """Consecutive descriptions of a portfolio: their texts, the index of the first, the date of analysis, and
    the limit on each description's triples."""

    texts: list[str]
    start: int
    as_of: date | None
    max_triples: int


def default_processes(workers: int) -> int:
    """The machine's cores shared among the service's worker processes, at least one each."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def render(analysis: Analysis, line: Line, chunk: Chunk) -> bytes:
    """A chunk's NDJSON: one line per description, in order (what the single-process stream writes too)."""
    results = run_portfolio(analysis, chunk.texts, chunk.as_of, chunk.start, max_triples=chunk.max_triples)
    return b"".join(line(r) for r in results)


def faults(line: Line, chunk: Chunk) -> bytes:
    """A chunk whose process died: each of its descriptions a fault of ours, the rest of the stream unhurt."""
    return b"".join(
        line(PortfolioResult(chunk.start + i, declared_id(text), fault=True))
        for i, text in enumerate(chunk.texts)
    )


class _Task:
    """A chunk and the future its lines go to; ``None`` in the queue stops one process."""

    def __init__(self, chunk: Chunk) -> None:
        self.chunk, self.future = chunk, Future[bytes]()


class PortfolioPool:
    """``processes`` forked processes analysing chunks with ``analysis``, fed from one queue in order."""

    def __init__(self, analysis: Analysis, line: Line, processes: int) -> None:
        self.analysis, self.line, self.processes = analysis, line, processes
        self.tasks: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self.pids: set[int] = set()
        self._threads = [
            threading.Thread(target=self._feed, name=f"portfolio-{n}", daemon=True) for n in range(processes)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, chunk: Chunk) -> Future[bytes]:
        """Queue a chunk; its future gives the chunk's NDJSON lines (cancelled: dropped unless started)."""
        task = _Task(chunk)
        self.tasks.put(task)
        return task.future

    def close(self) -> None:
        """Let the queued chunks finish, then stop every process (without waiting for them)."""
        for _ in self._threads:
            self.tasks.put(None)

    def join(self, timeout: float) -> None:
        """Wait for the processes to stop after ``close``."""
        for thread in self._threads:
            thread.join(timeout)

    def _feed(self) -> None:
        """One process's feeder: fork it, hand it chunks one at a time, replace it if it dies."""
        pid, conn = self._fork()
        try:
            while (task := self.tasks.get()) is not None:
                if not task.future.set_running_or_notify_cancel():
                    continue
                lines = b""
                for attempt in (1, 2):
                    try:
                        conn.send(task.chunk)
                        if conn.poll(CHUNK_SECONDS):
                            lines = conn.recv_bytes()
                            break
                        # silent: stuck on a lock another thread held at the fork; a new one tries again
                        log.error("portfolio: process %d silent from description %d", pid, task.chunk.start)
                        retry = attempt == 1
                    except (EOFError, OSError):  # the process died (killed, out of memory): the chunk's fault
                        log.error("portfolio: process %d died on descriptions from %d", pid, task.chunk.start)
                        retry = False
                    conn.close()
                    self._stop(pid, signal.SIGKILL)
                    pid, conn = self._fork()
                    if not retry:
                        break
                task.future.set_result(lines or faults(self.line, task.chunk))
            conn.send(None)
        except OSError:
            log.warning("portfolio: could not stop process %d", pid, exc_info=True)
        finally:
            conn.close()
            self._stop(pid, signal.SIGTERM)

    def _fork(self) -> tuple[int, Connection]:
        """Fork a process holding this pool's analysis; return its pid and our end of its pipe."""
        ours, theirs = Pipe()
        parent = os.getpid()
        with _FORKING:
            gc.freeze()  # what exists now stays out of the child's collections: its pages stay shared
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child; the tests see it through its answers
                code = 0
                try:
                    ours.close()
                    _serve(theirs, self.analysis, self.line, parent)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            gc.unfreeze()
        theirs.close()
        self.pids.add(pid)
        return pid, ours

    def _stop(self, pid: int, how: signal.Signals) -> None:
        """Make sure a process of ours is gone, and reap it (told to stop, it is gone or about to be)."""
        if how == signal.SIGKILL:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, how)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        self.pids.discard(pid)


def _serve(conn: Connection, analysis: Analysis, line: Line, parent: int) -> None:
    """The child: answer chunks until told to stop, its pipe closes, or its parent is gone."""
    signal.set_wakeup_fd(-1)  # the parent's event loop is listening on the inherited one
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops us
    while True:
        if not conn.poll(WATCH_PARENT_SECONDS):
            if os.getppid() != parent:
                return
            continue
        try:
            chunk = conn.recv()
        except EOFError:
            return
        if chunk is None:
            return
        gc.disable()  # a chunk's garbage is freed by reference counts; the collector runs once, after it
        try:
            lines = render(analysis, line, chunk)
        except Exception:
            log.exception("portfolio: descriptions %d on could not be written", chunk.start)
            lines = b""
        finally:
            gc.enable()
            gc.collect(1)  # the young generations only: the inherited index is frozen, the caches long-lived
        conn.send_bytes(lines)


class PortfolioPools:
    """The pool for the current ``Analysis``: forked on first use, replaced when the analysis changes."""

    def __init__(self, line: Line, processes: int) -> None:
        self.line, self.processes = line, processes
        self.current: PortfolioPool | None = None
        self._users: dict[PortfolioPool, int] = {}
        self._lock = threading.Lock()
        atexit.register(self.close)

    def acquire(self, analysis: Analysis) -> PortfolioPool:
        """The pool answering from ``analysis`` (forking it if needed); ``release`` it when done."""
        with self._lock:
            if self.current is None or self.current.analysis is not analysis:
                old, self.current = self.current, PortfolioPool(analysis, self.line, self.processes)
                if old is not None and not self._users.get(old):
                    old.close()
            pool = self.current
            self._users[pool] = self._users.get(pool, 0) + 1
            return pool

    def release(self, pool: PortfolioPool) -> None:
        """One request is done with ``pool``: a replaced pool stops once none uses it."""
        with self._lock:
            self._users[pool] -= 1
            if not self._users[pool]:
                del self._users[pool]
                if pool is not self.current:
                    pool.close()

    def close(self) -> None:
        """Stop the current pool (at shutdown)."""
        with self._lock:
            pool, self.current = self.current, None
        if pool is not None:
            pool.close()
            pool.join(5)
