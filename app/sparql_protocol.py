"""The SPARQL 1.1 Protocol (query operation) over the read-only embedded store, as one router."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

import pyoxigraph
from fastapi import APIRouter, Depends, Query, Request, Response

from app.problems import ProblemError

SOLUTION_TYPES = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
}
BOOLEAN_TYPES = {
    k: v
    for k, v in SOLUTION_TYPES.items()
    if v in (pyoxigraph.QueryResultsFormat.JSON, pyoxigraph.QueryResultsFormat.XML)
}
GRAPH_TYPES = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
}
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


async def request_body(request: Request) -> bytes:
    """Read the body on the event loop so the blocking handler itself can stay a plain ``def``."""
    return await request.body()


def current_store(request: Request) -> pyoxigraph.Store:
    """Hand handlers the store the app factory loaded; 503 until it has."""
    store: pyoxigraph.Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise ProblemError(503, "the graph is still loading")
    return store


StoreDep = Annotated[pyoxigraph.Store, Depends(current_store)]
GraphUris = Annotated[list[str] | None, Query(alias="default-graph-uri")]
NamedUris = Annotated[list[str] | None, Query(alias="named-graph-uri")]


class SparqlProtocol:
    """Holds the protocol's routes: GET and POST (form or direct body) on one path."""

    def __init__(self, path: str = "/sparql") -> None:
        self.router = APIRouter(tags=["sparql"])
        self.router.add_api_route(path, self.get, methods=["GET"], summary="SPARQL query via GET")
        self.router.add_api_route(path, self.post, methods=["POST"], summary="SPARQL query via POST")

    def get(
        self,
        request: Request,
        store: StoreDep,
        query: str | None = None,
        default_graph_uri: GraphUris = None,
        named_graph_uri: NamedUris = None,
    ) -> Response:
        """Answer ``?query=``; a bare GET describes the service instead."""
        accept = request.headers.get("accept")
        if query is None:
            return service_description(str(request.url.replace(query="")), accept)
        return execute(store, query, accept, default_graph_uri or [], named_graph_uri or [])

    def post(
        self,
        request: Request,
        store: StoreDep,
        body: Annotated[bytes, Depends(request_body)],
        default_graph_uri: GraphUris = None,
        named_graph_uri: NamedUris = None,
    ) -> Response:
        """Answer a form-encoded ``query=`` or a direct ``application/sparql-query`` body; refuse updates."""
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        accept = request.headers.get("accept")
        if content_type == UPDATE_BODY:
            raise ProblemError(403, READ_ONLY)
        if content_type == QUERY_BODY:
            return execute(store, _text(body), accept, default_graph_uri or [], named_graph_uri or [])
        if content_type == FORM:
            form = parse_qs(_text(body), keep_blank_values=True)
            if "update" in form:
                raise ProblemError(403, READ_ONLY)
            if "query" not in form:
                raise ProblemError(400, "the form has no 'query' field")
            graphs, named = form.get("default-graph-uri", []), form.get("named-graph-uri", [])
            return execute(store, form["query"][0], accept, graphs, named)
        raise ProblemError(415, f"send the query as {FORM} or {QUERY_BODY}, not {content_type or 'no type'}")


def execute(
    store: pyoxigraph.Store,
    query: str,
    accept: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
) -> Response:
    """Run one query and serialise its results in the negotiated format."""
    default_graph: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph] | None
    default_graph = [_iri(g) for g in default_graphs] or None
    named: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode] | None = [_iri(g) for g in named_graphs] or None
    try:
        body, media_type, offers = _evaluate(store, query, accept, default_graph, named)
    except SyntaxError as err:
        if is_update(query):
            raise ProblemError(403, READ_ONLY) from err
        raise ProblemError(400, f"malformed query: {err}", title="Malformed SPARQL query") from err
    except (OSError, RuntimeError, ValueError) as err:
        raise ProblemError(500, f"query evaluation failed: {err}", title="SPARQL evaluation error") from err
    if media_type is None:
        raise ProblemError(406, f"none of {', '.join(offers)} is acceptable to 'Accept: {accept}'")
    return Response(content=body, media_type=media_type, headers={"Vary": "Accept"})


def _evaluate(
    store: pyoxigraph.Store,
    query: str,
    accept: str | None,
    default_graph: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph] | None,
    named_graphs: list[pyoxigraph.NamedNode | pyoxigraph.BlankNode] | None,
) -> tuple[bytes, str | None, list[str]]:
    """Query and serialise on this thread: Oxigraph's result iterators must not reach, or die on, another."""
    results = store.query(query, default_graph=default_graph, named_graphs=named_graphs)
    try:
        if isinstance(results, pyoxigraph.QueryTriples):
            graph_type = negotiate(accept, list(GRAPH_TYPES))
            body = results.serialize(format=GRAPH_TYPES[graph_type]) if graph_type else b""
            return body or b"", graph_type, list(GRAPH_TYPES)
        offers = SOLUTION_TYPES if isinstance(results, pyoxigraph.QuerySolutions) else BOOLEAN_TYPES
        media_type = negotiate(accept, list(offers))
        body = results.serialize(format=offers[media_type]) if media_type else b""
        return body or b"", media_type, list(offers)
    finally:
        del results  # drop the iterator here, even when an error carries this frame to the event loop


def is_update(text: str) -> bool:
    """Tell a SPARQL Update from a malformed query, by parsing only (never executing) it with rdflib."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except (ParseException, ValueError):
        return False
    return True


def service_description(endpoint: str, accept: str | None) -> Response:
    """Describe the endpoint (SPARQL 1.1 Service Description) for clients that GET it without a query."""
    service = pyoxigraph.BlankNode()
    triples = [
        pyoxigraph.Triple(service, pyoxigraph.NamedNode(RDF_TYPE), pyoxigraph.NamedNode(SD + "Service")),
        pyoxigraph.Triple(service, pyoxigraph.NamedNode(SD + "endpoint"), pyoxigraph.NamedNode(endpoint)),
        pyoxigraph.Triple(
            service,
            pyoxigraph.NamedNode(SD + "supportedLanguage"),
            pyoxigraph.NamedNode(SD + "SPARQL11Query"),
        ),
    ]
    formats = [f.iri for f in SOLUTION_TYPES.values()] + [f.iri for f in GRAPH_TYPES.values()]
    triples += [
        pyoxigraph.Triple(service, pyoxigraph.NamedNode(SD + "resultFormat"), pyoxigraph.NamedNode(iri))
        for iri in dict.fromkeys(formats)
    ]
    media_type = negotiate(accept, list(GRAPH_TYPES))
    if media_type is None:
        raise ProblemError(406, f"none of {', '.join(GRAPH_TYPES)} is acceptable to 'Accept: {accept}'")
    body = pyoxigraph.serialize(triples, format=GRAPH_TYPES[media_type], prefixes={"sd": SD})
    return Response(content=body, media_type=media_type, headers={"Vary": "Accept"})


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """Pick the offered media type the client weights highest (ties go to our order), or None if none fits."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    best, best_q = None, 0.0
    for offer in offers:
        q = max((q for r, q in ranges if _matches(r, offer)), default=0.0)
        if q > best_q:
            best, best_q = offer, q
    return best


def _matches(media_range: str, offer: str) -> bool:
    """Match a media range (``*/*``, ``text/*`` or exact) against one of our types."""
    if media_range in ("*/*", offer):
        return True
    return media_range.endswith("/*") and offer.startswith(media_range[:-1])


def _iri(value: str) -> pyoxigraph.NamedNode:
    """Turn a dataset parameter into an IRI, or a 400 if it is not one."""
    try:
        return pyoxigraph.NamedNode(value)
    except ValueError as err:
        raise ProblemError(400, f"not an IRI: {value!r}") from err


def _text(body: bytes) -> str:
    """Decode a request body as the UTF-8 the protocol requires."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProblemError(400, "the request body is not UTF-8") from err
