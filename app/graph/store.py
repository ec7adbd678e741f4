"""One small store interface with two back ends: an embedded Oxigraph store, or any remote SPARQL 1.1 server.

Named queries (trusted, from queries/) run through ``select`` and ``construct`` with bound terms. User queries
from /sparql run through ``run_query`` under a time limit and a result limit: on the embedded store in a pool
of worker processes that can be killed (app.graph.sandbox), on a remote server over the SPARQL 1.1 Protocol.
"""

from __future__ import annotations

import hashlib
import http.client
import itertools
import json
import re
import traceback
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph

from app.core.settings import Settings
from app.graph.bindings import inline_bindings
from app.graph.guard import keywords, masked
from app.graph.queries import Row, Term, select
from app.graph.sandbox import (
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
        """Run a user's query within the limits (time, rows, bytes), or raise one of app.graph.sandbox's
        QueryError subclasses."""

    @abstractmethod
    def update(self, text: str) -> None:
        """Apply a SPARQL Update (only ever called when the service allows updates)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release processes and connections."""


class EmbeddedStore(GraphStore):
    """The graph in this process (pyoxigraph), with a pool of worker processes for user queries."""

    backend = "embedded"

    def __init__(self, store: pyoxigraph.Store, query_workers: int, worker_memory: int = 0) -> None:
        self.store = store
        self.pool = QueryPool(_dump(store), query_workers, worker_memory)
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
        status, _, body = _http(self.query_url, self._query_form(query, [], []), accept, NAMED_QUERY_TIMEOUT)
        if status != 200:
            raise QueryFailedError(f"the SPARQL server answered {status}: {_snippet(body)}")
        return self._results(body)

    # What an engine may do its own way (VirtuosoStore): a request's dataset, results, updates, the graph.
    def _query_form(self, query: str, default_graphs: list[str], named_graphs: list[str]) -> bytes:
        return _form(query=[query], **{"default-graph-uri": default_graphs, "named-graph-uri": named_graphs})

    def _results(self, body: bytes) -> bytes:
        return body

    def _accept(self, query: str) -> str:
        """What a user's query asks for: solutions as JSON, or a graph as N-Triples, whichever it makes."""
        return f"{SOLUTIONS_JSON}, {N_TRIPLES};q=0.9"

    def _update_form(self, text: str) -> bytes:
        return _form(update=[text])

    def _graph_target(self) -> str:
        """The Graph Store Protocol parameter that names the graph the shipped graph goes into."""
        return "default"

    def run_query(
        self,
        query: str,
        default_graphs: list[str],
        named_graphs: list[str],
        timeout: float,
        limit: int,
        max_bytes: int = MAX_RESULT_BYTES,
    ) -> QueryOutcome:
        form = self._query_form(query, default_graphs, named_graphs)
        accept = self._accept(query)
        # The server's JSON is wordier than the neutral TSV: allow it twice the bytes, then check the TSV.
        status, content_type, body = _http(self.query_url, form, accept, timeout, 2 * max_bytes)
        if status == 400:
            raise QuerySyntaxError(_snippet(body, 2000))
        if status != 200:
            raise QueryFailedError(f"the SPARQL server answered {status}: {_snippet(body)}")
        if CANCELLED in body[-300:]:  # the server's own time-out (oxigraph serve --timeout-s) cut it short
            raise QueryTimeoutError("the SPARQL server stopped the query at its own time limit")
        body = self._results(body)
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
        status, _, body = _http(self.update_url, self._update_form(text), "*/*", NAMED_QUERY_TIMEOUT)
        if status == 400:
            raise QuerySyntaxError(_snippet(body, 2000))
        if status >= 300:
            raise QueryFailedError(f"the SPARQL server answered {status}: {_snippet(body)}")

    def replace_default_graph(self, store: pyoxigraph.Store) -> None:
        """Put a graph into the server's default graph through the Graph Store Protocol (HTTP PUT), or where
        the engine keeps it (VirtuosoStore)."""
        data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()) or b""
        separator = "&" if "?" in self.gsp_url else "?"
        request = urllib.request.Request(  # noqa: S310 - a URL the operator configured
            f"{self.gsp_url}{separator}{self._graph_target()}",
            data=data,
            method="PUT",
            headers={"Content-Type": N_TRIPLES},
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
    from app.core.resources import resource_root
    from app.graph.loading import build_store

    root = resource_root(settings.resource_root)
    if settings.store:
        remote = remote_store(settings.store, settings.update_url, settings.store_gsp, settings.gsp_url)
        if settings.store_load or remote.triple_count() == 0:
            remote.replace_default_graph(build_store(root))
        return remote
    if settings.data_dir is None:
        return EmbeddedStore(build_store(root), settings.query_workers, settings.query_worker_memory)
    prepare_data_dir(root, settings.data_dir)
    path = str(settings.data_dir)
    store = pyoxigraph.Store(path) if settings.allow_updates else pyoxigraph.Store.read_only(path)
    return EmbeddedStore(store, settings.query_workers, settings.query_worker_memory)


VIRTUOSO_GRAPH = "https://w3id.org/ai-crosswalk/graph"
"""Where the shipped graph lives on Virtuoso, which has no default graph of its own (VirtuosoStore)."""
VIRTUOSO_BNODE = re.compile(rb'("type":\s*"bnode",\s*"value":\s*")nodeID://')
BOOLEAN = rb"http://www.w3.org/2001/XMLSchema#boolean"
VIRTUOSO_BOOLEANS = [
    (
        re.compile(rb'("datatype":\s*"' + BOOLEAN + rb'",\s*"value":\s*")' + value + rb'"'),
        rb"\1" + text + rb'"',
    )
    for value, text in ((rb"1", rb"true"), (rb"0", rb"false"))
] + [
    (
        re.compile(rb'(?<!\\)"' + value + rb'"\^\^<' + BOOLEAN + rb">"),
        rb'"' + text + rb'"^^<' + BOOLEAN + rb">",
    )
    for value, text in ((rb"1", rb"true"), (rb"0", rb"false"))
]
ASK_RETVAL = b"__ASK_RETVAL"
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})
INSERT_DATA = re.compile(r"(?<![\w:?$@])INSERT\s+DATA\s*\{", re.IGNORECASE)


class VirtuosoStore(RemoteStore):
    """OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource``): every quirk of it the service meets, here and
    only here (docs/deploy.md, "OpenLink Virtuoso"); tests/test_virtuoso.py checks the API answers as on
    the embedded store.

    - Its Graph Store Protocol has no default graph (``?default`` is refused) and a query that names no
      dataset reads the union of all graphs, its own system graphs and the inventory's included. So the
      shipped graph lives in the named graph VIRTUOSO_GRAPH, which every query that names no dataset of its
      own (no ``FROM``, no ``default-graph-uri``/``named-graph-uri``) and every update get as their default
      graph; ``GRAPH ?g`` still reaches every graph, as on other servers.
    - ``INSERT DATA`` refuses blank nodes ("not allowed in a constant clause"): one with blank nodes is sent
      as the same ``INSERT { … } WHERE {}``.
    - Its JSON results write blank nodes as ``nodeID://b…``, not a blank node label: the prefix is dropped.
    - It answers an ASK in JSON as a SELECT of ``__ASK_RETVAL`` (a row for true): given back as a boolean.
    - It writes booleans as ``"1"``/``"0"`` (valid, not canonical): they are given back as ``true``/``false``.
    - Asked for JSON or N-Triples, it answers a DESCRIBE or CONSTRUCT in JSON: a graph is asked for in
      N-Triples only. Its DESCRIBE gives the triples with the resource as object too; asked for the concise
      bounded description (``define sql:describe-mode "CBD"``), it gives what Oxigraph gives.
    - ``GROUP_CONCAT`` without ``separator`` fails ("SR183: Required argument DELIM"): the default separator,
      a space, is written out.
    - It cannot sort rows holding a value over ~4 KB (``select``, below); its query cost estimate refuses the
      bigger named queries unless ``MaxQueryCostEstimationTime = 0`` (server configuration, docs/deploy.md).
    """

    def __init__(self, query_url: str, update_url: str, gsp_url: str, graph: str = VIRTUOSO_GRAPH) -> None:
        super().__init__(query_url, update_url, gsp_url)
        self.graph = graph

    def _query_form(self, query: str, default_graphs: list[str], named_graphs: list[str]) -> bytes:
        if not default_graphs and not named_graphs and not keywords(query, frozenset({"FROM"})):
            default_graphs = [self.graph]  # with FROM as well, Virtuoso would read both
        if keywords(query, frozenset({"DESCRIBE"})):
            query = f'define sql:describe-mode "CBD" {query}'
        query = _with_separators(query)
        return super()._query_form(query, default_graphs, named_graphs)

    def _results(self, body: bytes) -> bytes:
        if ASK_RETVAL in body[:200]:  # an ASK, answered as a SELECT of one variable: a row for true
            rows = json.loads(body)["results"]["bindings"]
            answer = bool(rows) and rows[0].get(ASK_RETVAL.decode(), {}).get("value") not in ("0", "false")
            return json.dumps({"head": {}, "boolean": answer}).encode()
        body = VIRTUOSO_BNODE.sub(rb"\1", body)
        for pattern, canonical in VIRTUOSO_BOOLEANS:
            body = pattern.sub(canonical, body)
        return body

    def _accept(self, query: str) -> str:
        return N_TRIPLES if keywords(query, GRAPH_FORMS) else super()._accept(query)

    def _update_form(self, text: str) -> bytes:
        return _form(update=[_without_blank_data(text)], **{"default-graph-uri": [self.graph]})

    def _graph_target(self) -> str:
        return urllib.parse.urlencode({"graph": self.graph})

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> tuple[list[str], list[Row]]:
        """As on any server; but Virtuoso cannot sort rows holding a value over ~4 KB ("SR319: Max row length
        is exceeded ... temp col", e.g. a long GROUP_CONCAT): such a query is run unsorted and sorted here,
        when its ORDER BY names plain variables (the named queries' do)."""
        try:
            return super().select(query, bindings)
        except QueryFailedError as err:
            split = _split_order_by(query) if "SR319" in str(err) else None
            if split is None:
                raise
        unsorted, keys = split
        variables, rows = super().select(unsorted, bindings)
        for name, descending in reversed(keys):  # stable sorts, last key first
            rows.sort(key=lambda row: _order_key(row.get(name)), reverse=descending)
        return variables, rows


GROUP_CONCAT = re.compile(r"(?<![\w:?$@])GROUP_CONCAT\s*\(", re.IGNORECASE)


def _with_separators(query: str) -> str:
    """Each ``GROUP_CONCAT(…)`` without a separator with SPARQL's default written out: ``; separator=" "``."""
    code, _ = masked(query)  # comments, strings and IRIs blanked, offsets kept
    inserts: list[int] = []
    for match in GROUP_CONCAT.finditer(code):
        depth, semicolon = 0, False
        for i in range(match.end() - 1, len(code)):
            char = code[i]
            depth += {"(": 1, ")": -1}.get(char, 0)
            semicolon = semicolon or (char == ";" and depth == 1)
            if depth == 0:
                if not semicolon:
                    inserts.append(i)
                break
    for position in reversed(inserts):
        query = f'{query[:position]}; separator=" "{query[position:]}'
    return query


def _without_blank_data(update: str) -> str:
    """Each ``INSERT DATA { … }`` holding blank nodes as ``INSERT { … } WHERE {}`` (the same triples)."""
    code, _ = masked(update)  # comments, strings and IRIs blanked, offsets kept
    parts, done = [], 0
    for match in INSERT_DATA.finditer(code):
        if match.start() < done:
            continue
        depth, end = 0, None
        for i in range(match.end() - 1, len(code)):
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            if depth == 0:
                end = i
                break
        if end is None:  # unbalanced: let the server say what is wrong
            break
        body = code[match.end() : end]
        if "_:" in body or "[" in body:
            parts += [update[done : match.start()], "INSERT {", update[match.end() : end], "} WHERE {}"]
            done = end + 1
    return "".join([*parts, update[done:]])


ORDER_BY = re.compile(r"(?<![\w:?$@])ORDER\s+BY(?![\w:.-])", re.IGNORECASE)
ORDER_KEY = re.compile(r"\s*(?:(ASC|DESC)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+))", re.IGNORECASE)


def _split_order_by(query: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """The query without its final ``ORDER BY`` and that clause's keys (variable, descending), when every key
    is a plain variable and the clause ends the query; else None."""
    code, _ = masked(query)
    matches = list(ORDER_BY.finditer(code))
    if not matches or "}" in code[matches[-1].end() :]:
        return None
    position = matches[-1].end()
    keys: list[tuple[str, bool]] = []
    while (key := ORDER_KEY.match(code, position)) is not None:
        keys.append((key[2] or key[3], (key[1] or "").upper() == "DESC"))
        position = key.end()
    if not keys or re.fullmatch(r"\s*", code[position:]) is None:
        return None
    return query[: matches[-1].start()] + query[position:], keys


def _order_key(term: Term | None) -> tuple[int, object, str]:
    """SPARQL's order: unbound, blank nodes, IRIs, literals (numbers by value, the rest by their text)."""
    if term is None:
        return (0, "", "")
    if isinstance(term, pyoxigraph.BlankNode):
        return (1, term.value, "")
    if isinstance(term, pyoxigraph.NamedNode):
        return (2, term.value, "")
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value.rsplit("#", 1)[-1] in NUMERIC:
        try:
            return (3, float(term.value), "")
        except ValueError:
            pass
    return (4, getattr(term, "value", str(term)), str(term))


NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger"}


def remote_store(query_url: str, update_url: str | None, gsp: str | None, gsp_url: str | None) -> RemoteStore:
    """The remote back end for the server at ``query_url``: Virtuoso (told by its ``Server`` header) gets its
    own URLs and quirks (VirtuosoStore), any other server the plain SPARQL 1.1 protocols."""
    if "virtuoso" in _server_software(query_url).lower():
        origin = urllib.parse.urljoin(query_url, "/")
        return VirtuosoStore(query_url, update_url or query_url, gsp or f"{origin}sparql-graph-crud")
    return RemoteStore(query_url, update_url or query_url, gsp_url or query_url)


def _server_software(url: str) -> str:
    """The server's ``Server`` header on an ``ASK {}`` ("" when it sends none or does not answer)."""
    separator = "&" if "?" in url else "?"
    request = urllib.request.Request(f"{url}{separator}query=ASK%7B%7D", method="GET")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=NAMED_QUERY_TIMEOUT) as response:  # noqa: S310
            return str(response.headers.get("Server", ""))
    except urllib.error.HTTPError as err:
        return str(err.headers.get("Server", ""))
    except (urllib.error.URLError, OSError):
        return ""


def prepare_data_dir(root: Path, data_dir: Path) -> bool:
    """Load the graph into an on-disk store unless it already holds these very files; True if it loaded."""
    from app.graph.loading import build_store, graph_files

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
