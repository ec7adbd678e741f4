"""HTTP conventions a careless integrator relies on (issue 15, finding 11): HEAD wherever GET, a complete
``Allow`` on 405, CORS preflights for the inventory's writes from the configured origins, and
``/vocab/{scheme}?format=turtle`` answering Turtle. Both back ends."""

from __future__ import annotations

import pyoxigraph
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import backend_settings

SKOS = "http://www.w3.org/2004/02/skos/core#"
GETS = [
    "/health",
    "/regimes",
    "/vocab/purpose",
    "/provisions/eu-ai-act:Article-9",
    "/id/eu-ai-act/Article-9",
    "/sparql",
    "/openapi.json",
    "/ui/gaps",
    "/regimes/no-such-regime",
]


@pytest.mark.parametrize("path", GETS)
def test_head_answers_as_get_without_a_body(client: TestClient, path: str) -> None:
    get = client.get(path, headers={"Accept": "text/turtle, application/json;q=0.9, */*;q=0.1"})
    head = client.head(path, headers={"Accept": "text/turtle, application/json;q=0.9, */*;q=0.1"})
    assert head.status_code == get.status_code != 405
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.content == b""
    if "content-length" in get.headers:
        assert head.headers["content-length"] == get.headers["content-length"]


def test_head_on_a_post_only_path_is_405_naming_post(client: TestClient) -> None:
    response = client.head("/gap-analysis")
    assert response.status_code == 405
    assert "POST" in response.headers["allow"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_405_on_sparql_lists_every_method_it_takes(client: TestClient, method: str) -> None:
    response = client.request(method, "/sparql")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "HEAD", "POST"} <= allowed
    assert method not in allowed


def preflight(test_client: TestClient, origin: str, method: str = "PUT") -> object:
    return test_client.options(
        "/systems/cv-ranker",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_cors_preflight_for_the_inventorys_writes(client: TestClient, method: str) -> None:
    response = preflight(client, "https://dashboard.example", method)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert method in response.headers["access-control-allow-methods"]  # type: ignore[attr-defined]
    assert "authorization" in response.headers["access-control-allow-headers"].lower()  # type: ignore[attr-defined]


def test_cors_only_from_the_configured_origins() -> None:
    settings = backend_settings("embedded", cors_origins="https://dashboard.example, https://ops.example")
    app = TestClient(create_app(settings=settings))  # preflights never reach the store: no start needed
    allowed = preflight(app, "https://ops.example")
    assert allowed.status_code == 200  # type: ignore[attr-defined]
    assert allowed.headers["access-control-allow-origin"] == "https://ops.example"  # type: ignore[attr-defined]
    refused = preflight(app, "https://evil.example")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "access-control-allow-origin" not in refused.headers  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("params", "accept", "media_type"),
    [
        ({"format": "turtle"}, None, "text/turtle"),
        ({}, "text/turtle", "text/turtle"),
        ({"format": "ntriples"}, None, "application/n-triples"),
    ],
)
def test_vocab_scheme_answers_rdf_when_asked(
    client: TestClient, params: dict[str, str], accept: str | None, media_type: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/vocab/purpose", params=params, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    fmt = pyoxigraph.RdfFormat.TURTLE if media_type == "text/turtle" else pyoxigraph.RdfFormat.N_TRIPLES
    quads = list(pyoxigraph.parse(response.content, format=fmt))
    codes = client.get("/vocab/purpose").json()["concepts"]
    concepts = {str(q.subject.value) for q in quads if q.predicate.value == SKOS + "inScheme"}
    assert {c["iri"] for c in codes} <= concepts
    assert any(q.object.value == SKOS + "ConceptScheme" for q in quads)


def test_vocab_scheme_json_by_default_and_unknown_format_refused(client: TestClient) -> None:
    assert client.get("/vocab/purpose").headers["content-type"].startswith("application/json")
    assert client.get("/vocab/purpose", params={"format": "yaml"}).status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        # 422: the request was read, and a value in it breaks a rule (a parameter's, a field's)
        ("GET", "/crosswalk", {"params": {"from": "m593", "format": "yaml"}}, 422),
        ("GET", "/coverage", {"params": {"format": "pdf"}}, 422),
        ("GET", "/search", {"params": {"q": "risk", "limit": "many"}}, 422),
        ("POST", "/gap-analysis", {"json": {"id": "urn:x", "sector": ["health"]}}, 422),
        # 400: the request cannot be read as what it claims to be (the SPARQL Protocol's malformed query)
        ("GET", "/sparql", {"params": {"query": "SELECT WHERE {"}}, 400),
        ("POST", "/sparql", {"data": {"nothing": "here"}}, 400),
    ],
)
def test_one_rule_for_400_and_422(
    client: TestClient, method: str, path: str, kwargs: dict[str, object], status: int
) -> None:
    response = client.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/problem+json")
