"""The remote back end: any SPARQL 1.1 Query + Update + Graph Store Protocol server, over HTTP.

What an engine does its own way goes in a subclass's hooks (app.graph.virtuoso); nothing here knows an engine
but for the marker Oxigraph's server writes when its own time-out cancels a query.
"""

from __future__ import annotations

import http.client
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from email.message import Message

import pyoxigraph

from app.graph.backend import COUNT_QUERY, GraphStore, counted
from app.graph.bindings import inline_bindings
from app.graph.queries import Row, Term
from app.graph.sandbox import (
    MAX_RESULT_BYTES,
    QueryError,
    QueryFailedError,
    QueryOutcome,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreUnavailableError,
    outcome,
)

SOLUTIONS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
NAMED_QUERY_TIMEOUT = 60.0
CANCELLED = b"The SPARQL operation has been cancelled"
"""What Oxigraph's server writes where the results stop when its ``--timeout-s`` cancels a query (the status,
200, was sent before): the query ran out of time, not the server out of order."""
STOPPED = "the SPARQL server stopped the query at its own time limit"


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
        return counted(self.select(COUNT_QUERY)[1])

    def _query(self, query: str, accept: str) -> bytes:
        form = self.query_form(query, [], [], None)
        status, _, body = post_form(self.query_url, form, accept, NAMED_QUERY_TIMEOUT)
        if status != 200:
            raise QueryFailedError(f"the SPARQL server answered {status}: {self._message(body)}")
        return self._results(body)

    # What an engine may do its own way (VirtuosoStore): a request's dataset and time limit, how it says it
    # stopped a query, results, updates, the graph.
    def query_form(
        self, query: str, default_graphs: list[str], named_graphs: list[str], timeout: float | None
    ) -> bytes:
        """The form asking for a query's results; a user's query (``timeout`` given) is one the server should
        stop itself at that limit, where its protocol lets the service say so (SPARQL 1.1 does not)."""
        return form(query=[query], **{"default-graph-uri": default_graphs, "named-graph-uri": named_graphs})

    def stopped(self, status: int, headers: Message, body: bytes) -> bool:
        """Whether the server says it stopped the query at its own limit (``oxigraph serve --timeout-s``)."""
        return status == 200 and CANCELLED in body[-300:]

    def _results(self, body: bytes) -> bytes:
        return body

    def _message(self, body: bytes, size: int = 300) -> str:
        """What the server's error answer says, for the client's problem detail."""
        return snippet(body, size)

    def _accept(self, query: str) -> str:
        """What a user's query asks for: solutions as JSON, or a graph as N-Triples, whichever it makes."""
        return f"{SOLUTIONS_JSON}, {N_TRIPLES};q=0.9"

    def _update_form(self, text: str) -> bytes:
        return form(update=[text])

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
        request = self.query_form(query, default_graphs, named_graphs, timeout)
        # The server's JSON is wordier than the neutral TSV: allow it twice the bytes, then check the TSV.
        status, headers, body = post_form(
            self.query_url, request, self._accept(query), timeout, 2 * max_bytes
        )
        if self.stopped(status, headers, body):
            raise QueryTimeoutError(STOPPED)
        if status == 400:
            raise QuerySyntaxError(self._message(body, 2000))
        if status != 200:
            raise QueryFailedError(f"the SPARQL server answered {status}: {self._message(body)}")
        body = self._results(body)
        if headers.get_content_type() == SOLUTIONS_JSON:
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
        status, _, body = post_form(self.update_url, self._update_form(text), "*/*", NAMED_QUERY_TIMEOUT)
        if status == 400:
            raise QuerySyntaxError(self._message(body, 2000))
        if status >= 300:
            raise QueryFailedError(f"the SPARQL server answered {status}: {self._message(body)}")

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
            raise QueryFailedError(f"loading the graph failed: {err.code} {snippet(err.read())}") from err
        except (urllib.error.URLError, OSError) as err:
            raise QueryFailedError(f"the SPARQL server at {self.gsp_url} is unreachable: {err}") from err


def form(**fields: list[str]) -> bytes:
    """An HTML form body, each field given as many times as it has values."""
    return urllib.parse.urlencode([(k, v) for k, values in fields.items() for v in values]).encode()


def post_form(
    url: str, data: bytes, accept: str, timeout: float, max_bytes: int | None = None
) -> tuple[int, Message, bytes]:
    """POST a form; return status, headers and body (a 200 body past ``max_bytes`` raises ResultTooLargeError
    before more is read; an error's body is cut there); time-outs, unreachable servers: QueryErrors."""
    request = urllib.request.Request(  # noqa: S310 - a URL the operator configured
        url, data=data, method="POST", headers={"Content-Type": FORM, "Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            if max_bytes is None:
                return response.status, response.headers, response.read()
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise ResultTooLargeError(f"the SPARQL server's answer is larger than {max_bytes} bytes")
            return response.status, response.headers, body
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read() if max_bytes is None else err.read(max_bytes)
    except TimeoutError as err:
        raise QueryTimeoutError(
            f"the service stopped waiting after {timeout:g} s; the store server may still be computing it"
        ) from err
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise QueryTimeoutError(
                f"the service stopped waiting after {timeout:g} s; the store server may still be computing it"
            ) from err
        raise StoreUnavailableError(f"the SPARQL server at {url} is unreachable: {err.reason}") from err
    except (OSError, http.client.HTTPException) as err:  # RemoteDisconnected, a reset, a garbled answer
        raise StoreUnavailableError(f"the SPARQL server at {url} failed to answer: {err!r}") from err


def snippet(body: bytes, size: int = 300) -> str:
    """The start of a server's answer, as text, for an error message."""
    return body.decode("utf-8", errors="replace").strip()[:size]
