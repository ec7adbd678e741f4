"""/sparql beyond the protocol basics, on both back ends: limits, dataset parameters, updates, YASGUI."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import LIMITS, backend_settings

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TOKEN = "test-token-not-a-secret"  # noqa: S105
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def count(client: TestClient, query: str = COUNT, **params: str | list[str]) -> int:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_a_cartesian_product_is_stopped_at_the_time_limit(client: TestClient) -> None:
    started = time.monotonic()
    response = client.get("/sparql", params={"query": CARTESIAN})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Query time limit exceeded"
    assert LIMITS["query_timeout"] <= elapsed < LIMITS["query_timeout"] + 5
    # The worker is free again (or replaced): the next request is served at once.
    started = time.monotonic()
    assert count(client) > 10_000
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "query",
    ["SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE { ?s ?p ?o }"],
)
def test_a_result_over_the_limit_is_refused_with_413(client: TestClient, query: str) -> None:
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 413
    problem = response.json()
    assert problem["title"] == "Query result too large"
    assert str(LIMITS["result_limit"]) in problem["detail"]
    assert count(client, "SELECT (COUNT(*) AS ?n) WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 5 } }") == 5


def test_default_graph_uri_selects_the_default_graph(client: TestClient) -> None:
    assert count(client, **{"default-graph-uri": "urn:x-crosswalk:no-such-graph"}) == 0


def test_dataset_parameters_must_be_iris(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT, "named-graph-uri": "not an iri"})
    assert response.status_code == 400


@pytest.fixture(params=["embedded", "remote"])
def writable(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    server = request.getfixturevalue("oxigraph_server") if request.param == "remote" else None
    settings = backend_settings(request.param, server, allow_updates=True, update_token=TOKEN)
    with TestClient(create_app(settings=settings)) as test_client:
        yield test_client
        test_client.post(
            "/sparql",
            data={"update": "DROP SILENT GRAPH <urn:x-crosswalk:test>"},
            headers={"authorization": f"Bearer {TOKEN}"},
        )


def test_updates_need_the_token_and_dataset_parameters_work(writable: TestClient) -> None:
    insert = "INSERT DATA { GRAPH <urn:x-crosswalk:test> { <urn:x:a> <urn:x:b> <urn:x:c> } }"
    before = writable.get("/health").json()["triples"]
    refused = writable.post("/sparql", data={"update": insert})
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    wrong = writable.post("/sparql", data={"update": insert}, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    accepted = writable.post(
        "/sparql",
        content=insert,
        headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"},
    )
    assert accepted.status_code == 204
    assert writable.get("/health").json()["triples"] == before  # a named graph, not the default one
    assert count(writable, **{"default-graph-uri": "urn:x-crosswalk:test"}) == 1
    graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(writable, graphs, **{"named-graph-uri": "urn:x-crosswalk:test"}) == 1
    assert count(writable, graphs, **{"named-graph-uri": "urn:x-crosswalk:other"}) == 0
    described = writable.get("/sparql").text
    assert "SPARQL11Update" in described


def test_a_browser_gets_yasgui_served_locally(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "/static/yasgui/yasgui.min.js" in page and "/static/yasgui/yasgui.min.css" in page
    assert not re.search(r"(src|href)=\"https?://(?!testserver)", page), "no CDN"
    script = client.get("/static/yasgui/yasgui.min.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert "MIT" in client.get("/static/yasgui/LICENSE").text


def test_the_yasgui_examples_are_named_queries_that_run(client: TestClient) -> None:
    page = client.get("/sparql", headers={"accept": BROWSER}).text
    found = re.search(r'<script id="examples" type="application/json">(.*?)</script>', page, re.S)
    assert found
    examples = json.loads(found.group(1))
    assert [e["name"] for e in examples][:2] == ["Crosswalk look-up", "Coverage"]
    for example in examples:
        response = client.post("/sparql", data={"query": example["query"]})
        assert response.status_code == 200, example["name"]
        assert response.json()["results"]["bindings"], example["name"]


def test_a_browser_with_a_query_gets_the_editor_with_it(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT}, headers={"accept": BROWSER})
    assert response.headers["content-type"].startswith("text/html")
