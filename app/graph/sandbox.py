"""Run untrusted SPARQL where it can be stopped: a pool of worker processes, each with its own in-memory copy.

An Oxigraph query running in this process cannot be interrupted from Python, so /sparql queries go to a
worker process instead. A worker that overruns the time limit is killed and replaced in the background, so the
request gets its error at the limit and the next request is served by another worker. Results come back in a
neutral form written by Oxigraph itself, one row or triple a line so the result limit is a line count (SPARQL
TSV for solutions, N-Triples for graphs; SPARQL JSON for booleans), that the HTTP layer re-serialises.
"""

from __future__ import annotations

import io
import json
import logging
import os
import queue
import resource
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph

START_TIMEOUT = 120.0
log = logging.getLogger(__name__)
MAX_RESULT_BYTES = 32 * 1024 * 1024
"""The default byte cap on one result (``Settings.max_result_bytes``): rows are not the only way to be big."""
WORKER_NICENESS = 10
"""How much lower a worker's CPU priority is than the server's: runaway queries on every core left the
server's own requests a third of a core (40 at once made every other request's p99 3-4x slower)."""


def worker_environment() -> dict[str, str]:
    """What a query worker (which runs anonymous clients' SPARQL) inherits: our environment without any
    ``CROSSWALK_*`` variable, so without the tokens and the store's URL; it needs none of them."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("CROSSWALK_")}
    env["RUST_BACKTRACE"] = "0"  # a worker stopped at its memory limit logs one line, not a backtrace
    return env


@dataclass(frozen=True)
class QueryOutcome:
    """One query's results: ``solutions`` as SPARQL TSV, ``boolean`` as SPARQL JSON, ``graph`` N-Triples."""

    kind: str
    data: bytes
    count: int


class QueryError(Exception):
    """A user query could not be answered; subclasses say why, the HTTP layer picks the status."""


class QuerySyntaxError(QueryError):
    """The query does not parse (the message is the parser's)."""


class QueryTimeoutError(QueryError):
    """The query ran past the time limit and was stopped."""


class ResultTooLargeError(QueryError):
    """The query returned more rows or triples than the result limit."""


class QueryFailedError(QueryError):
    """The engine failed while evaluating the query, or the store could not be reached."""


class WorkerStoppedError(QueryFailedError):
    """The worker running the query died: it went past its memory limit, or the query crashed the engine."""


class StoreUnavailableError(QueryFailedError):
    """The remote store could not be reached or dropped the connection: the service, not the query, is at
    fault, and trying again later may work (503)."""


class _LineLimit(io.BytesIO):
    """Collects what Oxigraph serialises and stops it mid-way once it passes the limit, counted in lines and
    in bytes (one row of a GROUP_CONCAT can hold hundreds of megabytes)."""

    def __init__(self, max_lines: int, too_large: str, max_bytes: int = MAX_RESULT_BYTES) -> None:
        super().__init__()
        self.lines = 0
        self.max_lines = max_lines
        self.max_bytes = max_bytes
        self.too_large = too_large

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        """Count the lines of each chunk before keeping it (the error unwinds out of ``serialize``)."""
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines:
            raise ResultTooLargeError(self.too_large)
        if self.tell() + len(chunk) > self.max_bytes:
            raise ResultTooLargeError(f"the result is larger than {self.max_bytes} bytes")
        return super().write(chunk)


def outcome(
    results: pyoxigraph.QueryBoolean | pyoxigraph.QuerySolutions | pyoxigraph.QueryTriples,
    limit: int,
    max_bytes: int = MAX_RESULT_BYTES,
) -> QueryOutcome:
    """Write results in the neutral form; more than ``limit`` rows or triples, or ``max_bytes`` bytes, raise
    ResultTooLargeError."""
    try:
        if isinstance(results, pyoxigraph.QueryBoolean):
            return QueryOutcome("boolean", json.dumps({"head": {}, "boolean": bool(results)}).encode(), 1)
        if isinstance(results, pyoxigraph.QuerySolutions):
            too_many = f"the query returns more than {limit} rows"
            rows = _LineLimit(limit + 1, too_many, max_bytes)  # + the header line
            results.serialize(rows, format=pyoxigraph.QueryResultsFormat.TSV)
            return QueryOutcome("solutions", rows.getvalue(), rows.lines - 1)
        triples = _LineLimit(limit, f"the query returns more than {limit} triples", max_bytes)
        results.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return QueryOutcome("graph", triples.getvalue(), triples.lines)
    except (OSError, RuntimeError, ValueError, TypeError) as err:
        raise QueryFailedError(str(err)) from err


def evaluate(
    store: pyoxigraph.Store,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    limit: int,
    max_bytes: int = MAX_RESULT_BYTES,
) -> QueryOutcome:
    """Run one query and collect at most ``limit`` results (raises the QueryError subclasses)."""
    default = [pyoxigraph.NamedNode(g) for g in default_graphs] or None
    named = [pyoxigraph.NamedNode(g) for g in named_graphs] or None
    try:
        results = store.query(query, default_graph=default, named_graphs=named)  # type: ignore[arg-type]
    except SyntaxError as err:
        raise QuerySyntaxError(str(err)) from err
    return outcome(results, limit, max_bytes)


def _worker_main(conn: Connection, memory: int = 0) -> None:
    """A worker's life: load the dump it is sent, say ready, then answer queries until the pipe closes."""
    try:
        _serve(conn, memory)
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the pool closed our socket or stopped us: nothing left to answer


def _serve(conn: Connection, memory: int = 0) -> None:
    os.nice(WORKER_NICENESS)  # the server's requests first; a worker's query gets what is left of a core
    if memory > 0:  # an allocation past it fails: the worker dies, not the machine (GROUP_CONCAT: 2.2 GB)
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    dump: bytes = conn.recv()
    store = pyoxigraph.Store()
    if dump:
        store.bulk_load(dump, format=pyoxigraph.RdfFormat.N_QUADS)
    conn.send(("ready", len(store)))
    while True:
        job = conn.recv()
        query, default_graphs, named_graphs, limit, max_bytes = job
        try:
            conn.send(("ok", evaluate(store, query, default_graphs, named_graphs, limit, max_bytes)))
        except QueryError as err:
            conn.send((type(err).__name__, str(err)))


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    generation: int

    def kill(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.wait(timeout=10)


ERRORS: dict[str, type[QueryError]] = {
    cls.__name__: cls
    for cls in (
        QuerySyntaxError,
        QueryTimeoutError,
        ResultTooLargeError,
        QueryFailedError,
        WorkerStoppedError,
    )
}


class QueryPool:
    """Worker processes holding copies of one graph; ``run`` borrows one, and kills it at the time limit."""

    def __init__(self, dump: bytes, size: int, memory: int = 0) -> None:
        self._dump = dump
        self._size = size
        self._memory = memory  # bytes of address space each worker may use; 0: no limit
        self._generation = 0
        # Last in, first out: sequential requests keep going to the same warm worker (its caches, its core).
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0
        for _ in range(size):
            self._spawn_later()

    def _spawn_later(self) -> None:
        threading.Thread(target=self._spawn, daemon=True, name="query-worker-spawn").start()

    def _spawn(self) -> None:
        with self._lock:
            if self._closed:
                return
            dump, generation = self._dump, self._generation
        # A fresh interpreter (not multiprocessing's spawn, which re-imports the parent's __main__), talking
        # pickled messages over a socket pair: ours on both ends.
        ours, theirs = socket.socketpair()
        process = subprocess.Popen(  # noqa: S603 - this interpreter running this module
            [sys.executable, "-m", "app.graph.sandbox", str(theirs.fileno()), str(self._memory)],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env=worker_environment(),
        )
        theirs.close()
        parent = Connection(ours.detach())
        worker = _Worker(process, parent, generation)
        try:
            parent.send(dump)
            if not parent.poll(START_TIMEOUT):
                raise TimeoutError("query worker did not start")
            parent.recv()
        except (OSError, EOFError, TimeoutError) as err:
            log.warning("a query worker did not start (%r): raise CROSSWALK_QUERY_WORKER_MEMORY?", err)
            worker.kill()
            return
        self._give_back(worker)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            stale = self._closed or worker.generation != self._generation
        if stale:
            worker.kill()
            if not self._closed:
                self._spawn_later()
            return
        self._idle.put(worker)

    def run(
        self,
        query: str,
        default_graphs: list[str],
        named_graphs: list[str],
        timeout: float,
        limit: int,
        max_bytes: int = MAX_RESULT_BYTES,
    ) -> QueryOutcome:
        """Answer one query within ``timeout`` seconds (waiting for a free worker counts), or raise."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeoutError(f"no query worker became free within {timeout:g} s") from None
        try:
            worker.conn.send((query, default_graphs, named_graphs, limit, max_bytes))
            if not worker.conn.poll(max(deadline - time.monotonic(), 0.001)):
                self._replace(worker)
                raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped")
            status, payload = worker.conn.recv()
        except (OSError, EOFError) as err:
            self._replace(worker)
            raise WorkerStoppedError(f"the query worker died: {err!r}") from err
        self._give_back(worker)
        if status == "ok":
            assert isinstance(payload, QueryOutcome)
            return payload
        raise ERRORS.get(status, QueryFailedError)(str(payload))

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (in the background, so the caller answers at once) and start another."""
        self.replaced += 1
        threading.Thread(target=worker.kill, daemon=True).start()
        self._spawn_later()

    def reload(self, dump: bytes) -> None:
        """Swap in a new copy of the graph (after an update): idle workers now, busy ones when they return."""
        with self._lock:
            self._dump = dump
            self._generation += 1
        # Take every idle worker first, then give them back: a worker already of the new generation (spawned
        # meanwhile, e.g. to replace a stale one killed here) would otherwise be taken and given back forever.
        idle = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in idle:
            self._give_back(worker)

    def wait_ready(self, timeout: float = START_TIMEOUT) -> bool:
        """Block until every worker is idle (tests and start-up use it); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._idle.qsize() < self._size:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def close(self) -> None:
        """Stop every worker; busy ones are stopped when they come back."""
        with self._lock:
            self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


if __name__ == "__main__":
    # Import ourselves by name, so what the worker pickles is app.graph.sandbox.QueryOutcome, not __main__'s.
    from app.graph.sandbox import _worker_main as worker_main

    worker_main(Connection(int(sys.argv[1])), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
