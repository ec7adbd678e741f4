"""The SPARQL 1.1 Protocol over either store back end, as one router: queries under time and result limits,
updates only with a token, a service description on a bare GET and YASGUI for browsers."""

from __future__ import annotations

import json
from functools import partial
from typing import Annotated
from urllib.parse import parse_qs

import pyoxigraph
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from app.core.errors import ProblemError
from app.core.resources import resource_root
from app.core.settings import Settings
from app.graph.bindings import inline_bindings
from app.graph.guard import (
    DATASET_KEYWORDS,
    QueryShapeError,
    ServiceRefusedError,
    check,
    check_shape,
    is_update,
    keywords,
    reach_into,
)
from app.graph.queries import load_query, query_title
from app.graph.sandbox import (
    QueryError,
    QueryFailedError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreUnavailableError,
    WorkerStoppedError,
)
from app.graph.store import GraphStore
from app.http.admission import run_query_lane
from app.http.auth import check_bearer
from app.http.sparql_formats import SOLUTION_TYPES, negotiate, serialise, service_description
from app.http.web import render
from app.inventory.mapping_sets import SET_BASE as USER_MAPPING_SETS
from app.inventory.systems import GRAPH_BASE as INVENTORY_GRAPHS

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
EXAMPLES: tuple[tuple[str, str, dict[str, str | bool]], ...] = (
    ("Crosswalk look-up", "crosswalk", {"item": "nist-ai-rmf/GOVERN-1.1", "includeDerived": True}),
    ("Coverage", "coverage", {}),
    ("Regimes", "regimes", {}),
    ("Provision", "provision", {"item": "eu-ai-act/Article-9"}),
)


async def request_body(request: Request) -> bytes:
    """Read the body on the event loop so the blocking handler itself can stay a plain ``def``."""
    return await request.body()


async def current_store(request: Request) -> GraphStore:
    """Hand handlers the store the app factory loaded (on the event loop: no thread hop); 503 until it has."""
    store: GraphStore | None = getattr(request.app.state, "store", None)
    if store is None:
        raise ProblemError(503, "the graph is still loading")
    return store


def client_of(request: Request) -> str:
    """Who sent a request, for the query lane's shares: its address (uvicorn's, from a trusted proxy's
    ``X-Forwarded-For`` when there is one)."""
    return request.client.host if request.client else ""


StoreDep = Annotated[GraphStore, Depends(current_store)]
GraphUris = Annotated[list[str] | None, Query(alias="default-graph-uri")]
NamedUris = Annotated[list[str] | None, Query(alias="named-graph-uri")]


class SparqlProtocol:
    """Holds the protocol's routes: GET and POST (form or direct body) on one path."""

    def __init__(self, path: str = "/sparql") -> None:
        self.path = path
        self.router = APIRouter(tags=["sparql"])
        self.router.add_api_route(
            path, self.get, methods=["GET"], summary="SPARQL query via GET", response_class=Response
        )
        self.router.add_api_route(
            path,
            self.post,
            methods=["POST"],
            summary="SPARQL query or update via POST",
            response_class=Response,
        )

    async def get(
        self,
        request: Request,
        store: StoreDep,
        query: str | None = None,
        default_graph_uri: GraphUris = None,
        named_graph_uri: NamedUris = None,
    ) -> Response:
        """Answer ``?query=``; a bare GET describes the service; a browser gets the YASGUI page."""
        work = partial(self.answer_get, request, store, query, default_graph_uri, named_graph_uri)
        client = client_of(request) if query is not None else None  # a bare GET runs no query
        return await run_query_lane(request.app.state, client, work)

    async def post(
        self,
        request: Request,
        store: StoreDep,
        body: Annotated[bytes, Depends(request_body)],
        default_graph_uri: GraphUris = None,
        named_graph_uri: NamedUris = None,
    ) -> Response:
        """Answer a form-encoded ``query=`` or an ``application/sparql-query`` body; updates need a token."""
        work = partial(self.answer_post, request, store, body, default_graph_uri, named_graph_uri)
        return await run_query_lane(request.app.state, client_of(request), work)

    def answer_get(
        self,
        request: Request,
        store: GraphStore,
        query: str | None,
        default_graph_uri: list[str] | None,
        named_graph_uri: list[str] | None,
    ) -> Response:
        """GET's work, on the query lane's thread (app/http/admission.py)."""
        accept = request.headers.get("accept")
        settings = request.app.state.settings
        if negotiate(accept, [*SOLUTION_TYPES, "text/html"]) == "text/html":
            return yasgui_page(request, settings)
        if query is None:
            return service_description(str(request.url.replace(query="")), accept, settings.allow_updates)
        graphs, named = default_graph_uri or [], named_graph_uri or []
        guard_named_graphs(request, store, settings, query, graphs + named)
        return execute(store, settings, query, accept, graphs, named)

    def answer_post(
        self,
        request: Request,
        store: GraphStore,
        body: bytes,
        default_graph_uri: list[str] | None,
        named_graph_uri: list[str] | None,
    ) -> Response:
        """POST's work, on the query lane's thread (app/http/admission.py)."""
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        accept = request.headers.get("accept")
        settings = request.app.state.settings
        if content_type == UPDATE_BODY:
            return update(request, store, settings, _text(body))
        if content_type == QUERY_BODY:
            graphs, named = default_graph_uri or [], named_graph_uri or []
            guard_named_graphs(request, store, settings, _text(body), graphs + named)
            return execute(store, settings, _text(body), accept, graphs, named)
        if content_type == FORM:
            form = parse_qs(_text(body), keep_blank_values=True)
            if "update" in form:
                return update(request, store, settings, form["update"][0])
            if "query" not in form:
                raise ProblemError(400, "the form has no 'query' field")
            graphs, named = form.get("default-graph-uri", []), form.get("named-graph-uri", [])
            given = [*graphs, *named, *(default_graph_uri or []), *(named_graph_uri or [])]
            guard_named_graphs(request, store, settings, form["query"][0], given)
            return execute(store, settings, form["query"][0], accept, graphs, named)
        raise ProblemError(415, f"send the query as {FORM} or {QUERY_BODY}, not {content_type or 'no type'}")


def execute(
    store: GraphStore,
    settings: Settings,
    query: str,
    accept: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
) -> Response:
    """Run one user query under the time and result limits and serialise it in the negotiated format."""
    for graph in [*default_graphs, *named_graphs]:
        _iri(graph)
    refuse_misshapen(query, settings.max_query_chars)
    if is_update(query):  # an update sent as a query: refused before anything parses or runs it
        raise ProblemError(403, READ_ONLY)
    refuse_reaching_out(query, settings)
    limit, timeout = settings.result_limit, settings.query_timeout
    try:
        outcome = store.run_query(
            query, default_graphs, named_graphs, timeout, limit, settings.max_result_bytes
        )
    except QuerySyntaxError as err:
        raise ProblemError(400, f"malformed query: {err}", title="Malformed SPARQL query") from err
    except QueryTimeoutError as err:
        detail = f"{err}; the limit is {timeout:g} s: narrow the query or add a LIMIT"
        raise ProblemError(
            503, detail, title="Query time limit exceeded", headers={"Retry-After": "1"}
        ) from err
    except ResultTooLargeError as err:
        detail = (
            f"{err}; the limits are {limit} rows or triples and {settings.max_result_bytes} bytes: add a "
            "LIMIT, page with LIMIT and OFFSET, or select less"
        )
        raise ProblemError(413, detail, title="Query result too large") from err
    except StoreUnavailableError as err:
        raise store_unavailable(err) from err
    except WorkerStoppedError as err:
        detail = (
            f"{err}: the query needed more than the worker's memory limit ({settings.query_worker_memory} "
            "bytes) or crashed the engine; narrow it, or aggregate less"
        )
        raise ProblemError(503, detail, title="Query stopped") from err
    except QueryFailedError as err:
        raise ProblemError(500, f"query evaluation failed: {err}", title="SPARQL evaluation error") from err
    body, media_type, offers = serialise(outcome, accept)
    if media_type is None:
        raise ProblemError(406, f"none of {', '.join(offers)} is acceptable to 'Accept: {accept}'")
    return Response(content=body, media_type=media_type, headers={"Vary": "Accept"})


def update(request: Request, store: GraphStore, settings: Settings, text: str) -> Response:
    """Apply a SPARQL Update, only when the service allows updates and the bearer token matches."""
    if not settings.allow_updates or not settings.update_token:
        raise ProblemError(403, READ_ONLY)
    check_bearer(request, [settings.update_token], "updates")
    refuse_misshapen(text, None)
    refuse_reaching_out(text, settings)
    if store.backend == "remote":  # the inventory's graphs live on the same server
        reach = reach_into(text, INVENTORY_GRAPHS) or reach_into(text, USER_MAPPING_SETS)
        if reach is not None:
            raise ProblemError(
                403,
                f"{reach} could reach the stored AI systems' graphs ({INVENTORY_GRAPHS}…) or the user "
                f"mapping sets' ({USER_MAPPING_SETS}…), which only PUT and DELETE /systems/{{id}} and "
                "/mapping-sets/{id} change: name every graph by a full IRI outside them",
            )
    try:
        store.update(text)
    except QuerySyntaxError as err:
        raise ProblemError(400, f"malformed update: {err}", title="Malformed SPARQL update") from err
    except StoreUnavailableError as err:
        raise store_unavailable(err) from err
    except QueryError as err:
        raise ProblemError(500, f"the update failed: {err}") from err
    snapshots = getattr(request.app.state, "snapshots", None)
    if snapshots is not None:  # known ids, counts, the gap index: all read again from the changed graph
        snapshots.rebuild(graph_changed=True)
    return Response(status_code=204)


def store_unavailable(err: Exception) -> ProblemError:
    """503 for a remote store that is down or dropped the connection: not the client's fault, try later."""
    return ProblemError(
        503, f"the graph store is unavailable: {err}", title="Store unavailable", headers={"Retry-After": "5"}
    )


def guard_named_graphs(
    request: Request, store: GraphStore, settings: Settings, query: str, dataset: list[str]
) -> None:
    """On a remote store the named graphs hold the inventory: a query that can read them (GRAPH, FROM,
    FROM NAMED, or a dataset in the request) needs the read token when one is set (as GET /systems does).
    The embedded back end keeps the inventory in a store of its own, which /sparql never sees."""
    if store.backend != "remote" or not settings.read_token:
        return
    if not dataset and not keywords(query, DATASET_KEYWORDS):
        return
    check_bearer(
        request,
        [settings.read_token, settings.write_token],
        "GRAPH, FROM, FROM NAMED, default-graph-uri and named-graph-uri (they reach the stored AI systems)",
    )


def refuse_misshapen(text: str, max_chars: int | None) -> None:
    """413 for a query longer than the limit, 400 for one nested too deeply: before any parser sees it, here
    or on the remote store (a few thousand nested braces crash Oxigraph's parser). Updates, sent only by the
    token's holder, have no length limit but the body's."""
    try:
        check_shape(text, max_chars if max_chars is not None else len(text))
    except QueryShapeError as err:
        title = "SPARQL request too large" if err.status == 413 else "SPARQL nested too deeply"
        raise ProblemError(err.status, str(err), title=title) from err


def refuse_reaching_out(text: str, settings: Settings) -> None:
    """400 for a SERVICE (or LOAD) that is not to an allow-listed endpoint, before anything runs."""
    try:
        check(text, settings.service_endpoints)
    except ServiceRefusedError as err:
        raise ProblemError(400, str(err), title="SERVICE not allowed") from err


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


def yasgui_page(request: Request, settings: Settings) -> HTMLResponse:
    """The YASGUI editor (served from /static, no CDN), preloaded with example queries from queries/."""
    root = resource_root(settings.resource_root)
    examples = []
    for name, query_name, params in EXAMPLES:
        text = load_query(query_name, root)
        bindings: dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal] = {
            k: pyoxigraph.Literal(v)
            if isinstance(v, bool)
            else pyoxigraph.NamedNode(settings.base_iri + str(v))
            for k, v in params.items()
        }
        examples.append({"name": name, "title": query_title(text), "query": inline_bindings(text, bindings)})
    path = request.url.path
    page = render(
        "sparql.html",
        raw={"examples": json.dumps(examples).replace("</", "<\\/")},
        static=str(request.url_for("static", path="")).rstrip("/"),
        endpoint=str(request.url.replace(query="")),
        endpoint_path=path,
        timeout=f"{settings.query_timeout:g}",
        limit=settings.result_limit,
    )
    return HTMLResponse(page, headers={"Vary": "Accept"})
