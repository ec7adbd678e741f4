"""Hostile bodies on every endpoint that reads a description, on both back ends: each a clear 4xx, nothing
fetched from the network, and the service still serving afterwards."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.main import create_app
from tests.conftest import BACKENDS
from tests.test_inventory import AUTH, CV_RANKER, clear_systems, inventory_settings

PROBLEM = "application/problem+json"
SYSTEM_ID = "urn:test:hostile"
LIMIT = Settings().max_body_bytes
DESCRIPTION_ENDPOINTS = [
    ("POST", "/gap-analysis"),
    ("POST", "/systems/validate"),
    ("PUT", f"/systems/{quote(SYSTEM_ID, safe='')}"),
]


class Recorder(BaseHTTPRequestHandler):
    """Answers anything with a JSON-LD context, and remembers that it was asked."""

    requests: list[str] = []  # noqa: RUF012 - shared by the server's handler instances

    def do_GET(self) -> None:
        Recorder.requests.append(self.path)
        body = b'{"@context": {"name": "http://example.org/evil"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        return


@pytest.fixture(scope="module")
def lure() -> Iterator[str]:
    """A local HTTP server that would serve a context or an entity: any request to it is a failure."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module", params=BACKENDS)
def app_client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    server = request.getfixturevalue("oxigraph_server") if request.param == "remote" else None
    with TestClient(create_app(settings=inventory_settings(request.param, server))) as client:
        yield client
        clear_systems(client)


def send(client: TestClient, method: str, url: str, body: bytes | str, media_type: str) -> Any:
    return client.request(method, url, content=body, headers={"content-type": media_type, **AUTH})


def assert_refused(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["status"] == response.status_code
    return problem


def assert_still_serving(client: TestClient) -> None:
    assert client.get("/health").status_code == 200
    ok = client.post("/systems/validate", json=CV_RANKER)
    assert ok.status_code == 200
    assert ok.json()["conforms"] is True


def with_id(**changes: Any) -> dict[str, Any]:
    return {**CV_RANKER, "id": SYSTEM_ID, **changes}


@pytest.mark.parametrize(("method", "url"), DESCRIPTION_ENDPOINTS)
@pytest.mark.parametrize(
    "context",
    [
        "{lure}/context.jsonld",
        ["{lure}/context.jsonld"],
        {"@import": "{lure}/import.jsonld"},
        [{"@version": 1.1}, {"@import": "{lure}/import.jsonld"}],
        {"name": {"@id": "dcterms:title", "@context": "{lure}/scoped.jsonld"}},
    ],
    ids=["context-url", "context-list", "import", "import-in-list", "scoped-context"],
)
def test_remote_contexts_are_refused_unfetched(
    app_client: TestClient, lure: str, method: str, url: str, context: Any
) -> None:
    Recorder.requests.clear()
    document = with_id(**{"@context": json.loads(json.dumps(context).replace("{lure}", lure))})
    for media_type in ("application/ld+json", "application/json"):
        problem = assert_refused(send(app_client, method, url, json.dumps(document), media_type), 422)
        assert "remote" in json.dumps(problem)
    assert Recorder.requests == [], "the service fetched a document"
    assert app_client.get(f"/systems/{quote(SYSTEM_ID, safe='')}").status_code == 404
    assert_still_serving(app_client)


XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY ext SYSTEM "{lure}/entity.txt"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcterms="http://purl.org/dc/terms/">
  <rdf:Description rdf:about="urn:test:hostile"><dcterms:title>&ext;</dcterms:title></rdf:Description>
</rdf:RDF>"""
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10)
    )
    + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'rdf:about="urn:test:hostile"><rdf:value>&lol9;</rdf:value></rdf:Description></rdf:RDF>'
)


@pytest.mark.parametrize(("method", "url"), DESCRIPTION_ENDPOINTS)
@pytest.mark.parametrize("media_type", ["application/rdf+xml", "application/xml", "text/xml"])
@pytest.mark.parametrize("xml", [XXE, BOMB], ids=["external-entity", "entity-bomb"])
def test_rdf_xml_is_refused_with_415_before_it_is_parsed(
    app_client: TestClient, lure: str, method: str, url: str, media_type: str, xml: str
) -> None:
    Recorder.requests.clear()
    started = time.monotonic()
    assert_refused(send(app_client, method, url, xml.replace("{lure}", lure), media_type), 415)
    assert time.monotonic() - started < 1  # refused on the media type: a parsed bomb takes far longer
    assert Recorder.requests == []
    assert_still_serving(app_client)


@pytest.mark.parametrize(
    ("method", "url"), [*DESCRIPTION_ENDPOINTS, ("POST", "/sparql"), ("POST", "/ui/gaps")]
)
def test_a_body_over_the_limit_is_413(app_client: TestClient, method: str, url: str) -> None:
    big = with_id(name="x" * (LIMIT + 1))
    problem = assert_refused(send(app_client, method, url, json.dumps(big), "application/json"), 413)
    assert str(LIMIT) in problem["detail"]
    assert_still_serving(app_client)


@pytest.mark.parametrize(("method", "url"), [*DESCRIPTION_ENDPOINTS, ("POST", "/sparql")])
def test_a_chunked_body_without_length_is_cut_off_at_the_limit(
    app_client: TestClient, method: str, url: str
) -> None:
    sent = 0

    def chunks() -> Iterator[bytes]:
        nonlocal sent
        while sent < 4 * LIMIT:  # a client that would go on and on
            sent += 65_536
            yield b" " * 65_536

    response = app_client.request(
        method, url, content=chunks(), headers={"content-type": "application/json", **AUTH}
    )
    assert_refused(response, 413)
    assert_still_serving(app_client)


def test_the_portfolio_limit_is_its_own(app_client: TestClient) -> None:
    """The portfolio endpoint takes more than one description's limit, and stops at its own."""
    body = json.dumps([with_id(name="x" * (LIMIT // 2)) for _ in range(3)])
    assert len(body) > LIMIT
    response = app_client.post(
        "/gap-analysis/portfolio", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")


@pytest.mark.parametrize(("method", "url"), DESCRIPTION_ENDPOINTS)
@pytest.mark.parametrize("depth", [50, 100_000])
def test_deeply_nested_json_is_a_422(app_client: TestClient, method: str, url: str, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    body = json.dumps(with_id()).replace('"measures": [', f'"deep": {nested}, "measures": [', 1)
    assert_refused(send(app_client, method, url, body, "application/json"), 422, 413)
    assert_still_serving(app_client)


def test_huge_literals(app_client: TestClient) -> None:
    """Over the body limit: 413 everywhere. Under it, but longer than a stored literal may be: 422 on PUT."""
    url = f"/systems/{quote(SYSTEM_ID, safe='')}"
    assert_refused(
        send(app_client, "PUT", url, json.dumps(with_id(name="x" * (2 * LIMIT))), "application/json"), 413
    )
    huge = json.dumps(with_id(name="x" * (LIMIT // 2)))
    problem = assert_refused(send(app_client, "PUT", url, huge, "application/json"), 422)
    assert problem["issues"][0]["constraint"] == "length"
    assert app_client.get(url).status_code == 404
    assert_still_serving(app_client)


def dense_turtle(triples: int) -> str:
    """A system with ``triples`` sector values: the most triples a byte of Turtle can carry."""
    objects = ",".join(f"<urn:s:{i}>" for i in range(triples))
    return (
        "@prefix cw: <https://w3id.org/ai-crosswalk/ontology#> .\n"
        f"<{SYSTEM_ID}> a cw:AISystem ; cw:hasSector {objects} .\n"
    )


@pytest.mark.parametrize(("method", "url"), DESCRIPTION_ENDPOINTS)
def test_millions_of_triples_are_refused_by_the_size_limit(
    app_client: TestClient, method: str, url: str
) -> None:
    body = dense_turtle(2_000_000)
    assert len(body) > LIMIT
    assert_refused(send(app_client, method, url, body, "text/turtle"), 413)
    assert_still_serving(app_client)


@pytest.mark.parametrize(
    ("body", "media_type"),
    [
        (dense_turtle(250_000), "text/turtle"),
        (json.dumps(with_id(sectors=["x"] * 500_000)), "application/json"),
    ],
    ids=["turtle", "json"],
)
def test_many_triples_under_the_size_limit_are_refused_before_parsing(
    app_client: TestClient, body: str, media_type: str
) -> None:
    assert len(body) < LIMIT
    started = time.monotonic()
    url = f"/systems/{quote(SYSTEM_ID, safe='')}"
    problem = assert_refused(send(app_client, "PUT", url, body, media_type), 413)
    assert "triples" in problem["detail"]
    assert time.monotonic() - started < 3  # rdflib would take ~8 s to parse it
    assert_still_serving(app_client)
