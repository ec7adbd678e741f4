"""Issue 14: /sparql makes no request on a client's behalf (SERVICE, LOAD) unless the operator allow-listed the
endpoint, on every back end; a local listener records every request that would have left."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.graph.guard import reaches
from app.main import create_app
from tests.conftest import BACKENDS, backend_settings

PROBLEM = "application/problem+json"
JSON = "application/sparql-results+json"
HANG = 8.0
TOKEN = "update-token-for-tests"  # noqa: S105 - a test token
FAR = "urn:x-test:far"  # an IRI: ?x is a subject in the queries (Virtuoso drops a literal there)
RESULTS = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "%s"}}]}}' % (
    FAR.encode()
)
RESULTS_XML = (
    b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/>'
    b'</head><results><result><binding name="x"><uri>%s</uri></binding></result></results></sparql>'
    % FAR.encode()
)


class Endpoint(BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers one row to anything, and remembers being asked. It answers SPARQL JSON,
    or SPARQL XML to a client that asks for XML and not JSON: Virtuoso, which makes the SERVICE call itself
    and does not read SPARQL JSON results (docs/deploy.md)."""

    requests: list[str] = []  # noqa: RUF012 - shared by the server's handler instances

    def answer(self) -> None:
        Endpoint.requests.append(self.path)
        if "hang" in self.path:
            time.sleep(HANG)
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        accept = self.headers.get("accept", "")
        xml = "sparql-results+xml" in accept and "sparql-results+json" not in accept
        body, media_type = (RESULTS_XML, "application/sparql-results+xml") if xml else (RESULTS, JSON)
        try:
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # a caller that stopped waiting (the hang test)
            return

    do_GET = answer  # noqa: N815 - the handler method names http.server calls
    do_POST = answer  # noqa: N815

    def log_message(self, *_: Any) -> None:
        return


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    server = request.getfixturevalue("oxigraph_server") if request.param == "remote" else None
    return request.param, server


@pytest.fixture(scope="module")
def closed(backend: tuple[str, str | None]) -> Iterator[TestClient]:
    """The default service: no endpoint allowed; updates on, so that they are checked too."""
    settings = backend_settings(*backend, allow_updates=True, update_token=TOKEN)
    with TestClient(create_app(settings=settings)) as client:
        yield client


def send(client: TestClient, how: str, query: str) -> Any:
    if how == "get":
        return client.get("/sparql", params={"query": query})
    if how == "form":
        return client.post("/sparql", data={"query": query})
    return client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})


def hostile(url: str) -> dict[str, str]:
    silent = " ".join(f"OPTIONAL {{ SERVICE SILENT <{url}?n={n}> {{ ?x ?y ?z }} }}" for n in range(30))
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
        "lower-case": f"select * where {{ sErViCe <{url}> {{ ?x ?y ?z }} }}",
        "no-space": f"SELECT * WHERE {{ ?a ?b ?c .SERVICE<{url}>{{ ?x ?y ?z }} }}",
        "escaped": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?x ?y ?z }} }}",
        "comment-between": f"SELECT * WHERE {{ SERVICE # <http://example.org/>\n <{url}> {{ ?x ?y ?z }} }}",
        "prefixed": f"PREFIX e: <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE e:sparql {{ ?x ?y ?z }} }}",
        "variable": f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?x ?y ?z }} }}",
        "silent-fan-out": f"SELECT * WHERE {{ {silent} }}",
        "in-exists": f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?x ?y ?z }} }} }}",
        "construct": f"CONSTRUCT {{ ?x ?y ?z }} WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
    }


CASES = list(hostile("http://x"))


@pytest.mark.parametrize("how", ["get", "form", "body"])
@pytest.mark.parametrize("case", CASES)
def test_service_is_a_400_and_nothing_leaves(closed: TestClient, endpoint: str, how: str, case: str) -> None:
    Endpoint.requests.clear()
    response = send(closed, how, hostile(endpoint)[case])
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "SERVICE" in response.json()["detail"]
    assert Endpoint.requests == []


@pytest.mark.parametrize(
    "update",
    [
        "INSERT {{ <urn:a> <urn:b> ?z }} WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}",
        "LOAD <{url}>",
        "LOAD SILENT <{url}> INTO GRAPH <urn:g>",
    ],
)
def test_updates_reach_out_to_nothing_even_with_the_token(
    closed: TestClient, endpoint: str, update: str
) -> None:
    Endpoint.requests.clear()
    response = closed.post(
        "/sparql", data={"update": update.format(url=endpoint)}, headers={"authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 400, response.text
    assert Endpoint.requests == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
        "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:load ?o } LIMIT 1",
        'SELECT * WHERE { BIND("SERVICE <http://127.0.0.1:1/>" AS ?x) }',
        "SELECT * WHERE { BIND('''\nSERVICE <http://127.0.0.1:1/> {}''' AS ?x) }",
        "SELECT * WHERE { # SERVICE <http://127.0.0.1:1/> { }\n ?s ?p ?o } LIMIT 1",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } LIMIT 1",
        'SELECT * WHERE { BIND("x"@service AS ?x) }',
    ],
)
def test_service_in_names_comments_and_strings_is_not_refused(closed: TestClient, query: str) -> None:
    response = send(closed, "form", query)
    assert response.status_code == 200, response.text


def test_the_allow_list_lets_only_its_endpoints_through(
    backend: tuple[str, str | None], endpoint: str
) -> None:
    settings = backend_settings(*backend, service_allow=f"{endpoint} http://127.0.0.1:1/other")
    with TestClient(create_app(settings=settings)) as client:
        Endpoint.requests.clear()
        elsewhere = endpoint.replace("/sparql", "/elsewhere")
        for refused in (
            hostile(elsewhere)["plain"],
            hostile(endpoint)["variable"],
            hostile(endpoint)["prefixed"],
        ):
            assert send(client, "form", refused).status_code == 400
        assert Endpoint.requests == []
        allowed = client.post(
            "/sparql",
            data={"query": hostile(endpoint)["plain"]},
            headers={"accept": "application/sparql-results+json"},
        )
        assert allowed.status_code == 200, allowed.text
        assert allowed.json()["results"]["bindings"] == [{"x": {"type": "uri", "value": FAR}}]
        assert len(Endpoint.requests) == 1  # the allowed endpoint was called, once


def test_the_guard_reads_as_the_grammar_does() -> None:
    assert [r.endpoint for r in reaches("SELECT * { SERVICE SILENT <http://a/> {} SERVICE ?v {} }")] == [
        "http://a/",
        None,
    ]
    assert list(reaches("SELECT * { ?s ?p ?o FILTER(?a<?b && ?c>?d) }")) == []
    assert list(reaches('SELECT * { ?s ?p """SERVICE <http://a/> {}""" }')) == []


def test_an_allowed_endpoint_that_hangs_ends_at_the_time_limit(
    backend: tuple[str, str | None], endpoint: str
) -> None:
    """The time-out of an allowed SERVICE is the query's: 503 at the limit (3 s here), not a stalled request
    (the endpoint answers a row after HANG seconds: a service that waited for it would answer 200)."""
    hanging = endpoint + "-hang"
    settings = backend_settings(*backend, service_allow=hanging)
    with TestClient(create_app(settings=settings)) as client:
        Endpoint.requests.clear()
        response = send(client, "form", hostile(hanging)["plain"])
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["title"] == "Query time limit exceeded"
        assert response.headers["retry-after"] == "1"
        assert Endpoint.requests  # the endpoint was called: it is its hang the limit ended
