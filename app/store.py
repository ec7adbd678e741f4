"""One small store interface with two back ends: an embedded Oxigraph store, or any remote SPARQL 1.1 server.

Named queries (trusted, from queries/) run through ``select`` and ``construct`` with bound terms. User queries
from /sparql run through ``run_query`` under a time limit and a result limit: on the embedded store in a pool
of worker processes that can be killed (app.sandbox), on a remote server over the SPARQL 1.1 Protocol.
"""

from __future__ import annotations

import hashlib
import http.client
import itertools
import json
import traceback
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph

from app.queries import Row, Term, select
from app.sandbox import (
    MAX_RESULT_BYTES,
    QueryError,
    QueryFailedError,
    QueryOutcome,
    QueryPool,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreUnavailableError,
    outcome,
)
from app.settings import Settings
from app.sparql_bind import inline_bindings

SOLUTIONS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
MARKER = "crosswalk-source.json"
NAMED_QUERY_TIMEOUT = 60.0
CANCELLED = b"The SPARQL operation has been cancelled"
"""What Oxigraph's server writes where the results stop when its ``--timeout-s`` cancels a query (the status,
200, was sent before): the query ran out of time, not the server out of order."""
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class GraphStore(ABC):
    """What the service needs from a store, whichever back end holds the graph."""

    backend: str

    @abstractmethod
    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> tuple[list[str], list[Row]]:
        """Run a trusted SELECT with bound terms; return its variables and rows."""

    @abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[pyoxigraph.Triple]:
        """Run a trusted CONSTRUCT with bound terms; return its triples."""

    @abstractmethod
    def triple_count(self) -> int:
        """Count the triples of the default graph."""

    @abstractmethod
    def run_query(
        self,
        query: str,
        default_graphs: list[str],
        named_graphs: list[str],
        timeout: float,
        limit: int,
        max_bytes: int = MAX_RESULT_BYTES,
    ) -> QueryOutcome:
        """Run a user's query within the limits (time, rows, bytes), or raise one of app.sandbox's
        QueryError subclasses."""

    @abstractmethod
    def update(self, text: str) -> None:
        """Apply a SPARQL Update (only ever called when the service allows updates)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release processes and connections."""


class EmbeddedStore(GraphStore):
    """The graph in this process (pyoxigraph), with a pool of worker processes for user queries."""

    backend = "embedded"

    def __init__(self, store: pyoxigraph.Store, query_workers: int) -> None:
        self.store = store
        self.pool = QueryPool(_dump(store), query_workers)
        self._updates = itertools.count(1)
        self._version = 0  # renewed after each update: a count is remembered with the version it counted
        self._triples = (-1, 0)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> tuple[list[str], list[Row]]:
        return select(self.store, query, bindings)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[pyoxigraph.Triple]:
        results = self.store.query(inline_bindings(query, bindings or {}))
        if not isinstance(results, pyoxigraph.QueryTriples):
            raise TypeError("expected a CONSTRUCT query")
        return list(results)

    def triple_count(self) -> int:
        """Count once per contents (only ``update`` changes them): /health probes must stay cheap."""
        version, count = self._triples
        if version != self._version:
            version = self._version
            count = _count(self.select(COUNT_QUERY)[1])
            self._triples = (version, count)
        return count

    def run_query(
        self,
        query: str,
        default_graphs: list[str],
        named_graphs: list[str],
        timeout: float,
        limit: int,
        max_bytes: int = MAX_RESULT_BYTES,
    ) -> QueryOutcome:
        return self.pool.run(query, default_graphs, named_graphs, timeout, limit, max_bytes)

    def update(self, text: str) -> None:
        try:
            self.store.update(text)
        except SyntaxError as err:
            raise QuerySyntaxError(str(err)) from err
        except (OSError, RuntimeError, ValueError) as err:
            raise QueryFailedError(str(err)) from err
        finally:
            self._version = next(self._updates)
        self.pool.reload(_dump(self.store))

    def close(self) -> None:
        self.pool.close()


class RemoteStore(GraphStore):
    """A SPARQL 1.1 Query + Update + Graph Store Protocol server (Oxigraph server, Fuseki, GraphDB, ...)."""

    backend = "remote"

    def __init__(self, query_url: str, update_url: str, gsp_url: str) -> None:
        self.query_url, self.update_url, self.gsp_url = query_url, update_url, gsp_url

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> tuple[list[str], list[Row]]:
        body = self._query(inline_bindings(query, bindings or {}), SOLUTIONS_JSON)
        results = pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
        if not isinstance(results, pyoxigraph.QuerySolutions):
            raise TypeError("expected a SELECT query")
        variables = [v.value for v in results.variables]
        rows: list[Row] = []
        for solution in results:
            rows.append({name: value for name in variables if (value := solution[name]) is not None})
        return variables, rows

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[pyoxigraph.Triple]:
        body = self._query(inline_bindings(query, bindings or {}), N_TRIPLES)
        return [quad.triple for quad in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)]

    def triple_count(self) -> int:
        return _count(self.select(COUNT_QUERY)[1])

    def _query(self, query: str, accept: str) -> bytes:
        status, _, body = _http(self.query_url, _form(query=[query]), accept, NAMED_QUERY_TIMEOUT)
        if status != 200:
            raise QueryFailedError(f"the SPARQL server answered {status}: {_snippet(body)}")
        return body

    def run_query(
        self,
        query: str,
        default_graphs: list[str],
        named_graphs: list[str],
        timeout: float,
        limit: int,
        max_bytes: int = MAX_RESULT_BYTES,
    ) -> QueryOutcome:
        form = _form(query=[query], **{"default-graph-uri": default_graphs, "named-graph-uri": named_graphs})
        accept = f"{SOLUTIONS_JSON}, {N_TRIPLES};q=0.9"
        # The server's JSON is wordier than the neutral TSV: allow it twice the bytes, then check the TSV.
        status, content_type, body = _http(self.query_url, form, accept, timeout, 2 * max_bytes)
        if status == 400:
            raise QuerySyntaxError(_snippet(body, 2000))
        if status != 200:
            raise QueryFailedError(f"the SPARQL server answered {status}: {_snippet(body)}")
        if CANCELLED in body[-300:]:  # the server's own time-out (oxigraph serve --timeout-s) cut it short
            raise QueryTimeoutError("the SPARQL server stopped the query at its own time limit")
        if content_type == SOLUTIONS_JSON:
            try:
                return outcome(
                    pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON),
                    limit,
                    max_bytes,
                )
            except SyntaxError as err:  # the parser is lazy: a bad row may only show while writing
                error: QueryError = QueryFailedError(f"the SPARQL server's results do not parse: {err}")
            except QueryError as err:
                error = err
            # pyoxigraph's results may only be dropped on this thread, not where the error is handled
            traceback.clear_frames(error.__traceback__)
            raise error
        try:
            count = sum(1 for _ in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))
        except SyntaxError as err:
            raise QueryFailedError(f"the SPARQL server's triples do not parse: {err}") from err
        if count > limit:
            raise ResultTooLargeError(f"the query returns more than {limit} triples")
        if len(body) > max_bytes:
            raise ResultTooLargeError(f"the result is larger than {max_bytes} bytes")
        return QueryOutcome("graph", body, count)

    def update(self, text: str) -> None:
        status, _, body = _http(self.update_url, _form(update=[text]), "*/*", NAMED_QUERY_TIMEOUT)
        if status == 400:
            raise QuerySyntaxError(_snippet(body, 2000))
        if status >= 300:
            raise QueryFailedError(f"the SPARQL server answered {status}: {_snippet(body)}")

    def replace_default_graph(self, store: pyoxigraph.Store) -> None:
        """Put a graph into the server's default graph through the Graph Store Protocol (HTTP PUT)."""
        data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()) or b""
        separator = "&" if "?" in self.gsp_url else "?"
        request = urllib.request.Request(  # noqa: S310 - a URL the operator configured
            f"{self.gsp_url}{separator}default", data=data, method="PUT", headers={"Content-Type": N_TRIPLES}
        )
        try:
            with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as err:
            raise QueryFailedError(f"loading the graph failed: {err.code} {_snippet(err.read())}") from err
        except (urllib.error.URLError, OSError) as err:
            raise QueryFailedError(f"the SPARQL server at {self.gsp_url} is unreachable: {err}") from err


def open_store(settings: Settings) -> GraphStore:
    """Build the back end the settings ask for, with the shipped graph loaded (blocking: seconds at most)."""
    from app.graph import build_store
    from app.resources import resource_root

    root = resource_root(settings.resource_root)
    if settings.store:
        remote = RemoteStore(
            settings.store, settings.update_url or settings.store, settings.gsp_url or settings.store
        )
        if settings.store_load or remote.triple_count() == 0:
            remote.replace_default_graph(build_store(root))
        return remote
    if settings.data_dir is None:
        return EmbeddedStore(build_store(root), settings.query_workers)
    prepare_data_dir(root, settings.data_dir)
    path = str(settings.data_dir)
    store = pyoxigraph.Store(path) if settings.allow_updates else pyoxigraph.Store.read_only(path)
    return EmbeddedStore(store, settings.query_workers)


def prepare_data_dir(root: Path, data_dir: Path) -> bool:
    """Load the graph into an on-disk store unless it already holds these very files; True if it loaded."""
    from app.graph import build_store, graph_files

    fingerprint = hashlib.sha256()
    for path in graph_files(root):
        fingerprint.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    marker = data_dir / MARKER
    if (
        marker.is_file()
        and json.loads(marker.read_text(encoding="utf-8")).get("sha256") == fingerprint.hexdigest()
    ):
        return False
    data_dir.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    disk = pyoxigraph.Store(str(data_dir))
    disk.clear()
    disk.bulk_load(_dump(build_store(root)), format=pyoxigraph.RdfFormat.N_QUADS)
    disk.flush()
    del disk  # release RocksDB's lock before anyone reopens the directory
    marker.write_text(json.dumps({"sha256": fingerprint.hexdigest()}), encoding="utf-8")
    return True


def _count(rows: list[Row]) -> int:
    count = rows[0]["n"]
    assert isinstance(count, pyoxigraph.Literal)
    return int(count.value)


def _dump(store: pyoxigraph.Store) -> bytes:
    return store.dump(format=pyoxigraph.RdfFormat.N_QUADS) or b""


def _form(**fields: list[str]) -> bytes:
    return urllib.parse.urlencode([(k, v) for k, values in fields.items() for v in values]).encode()


def _http(
    url: str, data: bytes, accept: str, timeout: float, max_bytes: int | None = None
) -> tuple[int, str, bytes]:
    """POST a form; return status, media type and body (a 200 body past ``max_bytes`` raises
    ResultTooLargeError before more is read); time-outs, unreachable servers: QueryErrors."""
    request = urllib.request.Request(  # noqa: S310 - a URL the operator configured
        url, data=data, method="POST", headers={"Content-Type": FORM, "Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            media_type = response.headers.get_content_type()
            if max_bytes is None:
                return response.status, media_type, response.read()
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise ResultTooLargeError(f"the SPARQL server's answer is larger than {max_bytes} bytes")
            return response.status, media_type, body
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read()
    except TimeoutError as err:
        raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped") from err
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped") from err
        raise StoreUnavailableError(f"the SPARQL server at {url} is unreachable: {err.reason}") from err
    except (OSError, http.client.HTTPException) as err:  # RemoteDisconnected, a reset, a garbled answer
        raise StoreUnavailableError(f"the SPARQL server at {url} failed to answer: {err!r}") from err


def _snippet(body: bytes, size: int = 300) -> str:
    return body.decode("utf-8", errors="replace").strip()[:size]
