"""/sparql beyond the protocol basics, on every back end: limits, dataset parameters, updates, YASGUI, and the
one token check behind its updates and named-graph reads."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.graph.sandbox import QueryPool
from app.main import create_app
from tests.conftest import BACKENDS, LIMITS, REPO_ROOT, backend_settings

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TOKEN = "test-token-not-a-secret"  # noqa: S105
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PATIENT = 30.0
"""The time limit of the ``patient`` apps: far past what any engine takes to compute the whole graph, so that
what a test checks (a result too large, an example query that runs) is not raced by the 3 s limit of the
suite, which a loaded machine can make Virtuoso exceed."""


def count(client: TestClient, query: str = COUNT, **params: str | list[str]) -> int:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def server_of(request: pytest.FixtureRequest, backend: str) -> str | None:
    """The base URL of the session's server for a back end (None for the embedded store)."""
    if backend == "embedded":
        return None
    fixture = {"remote": "oxigraph_server", "virtuoso": "virtuoso_server"}[backend]
    server: str = request.getfixturevalue(fixture)
    return server


@pytest.fixture(scope="module", params=BACKENDS)
def patient(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """An app with the suite's result limit and a time limit of PATIENT seconds, on each back end."""
    settings = backend_settings(request.param, server_of(request, request.param), query_timeout=PATIENT)
    with TestClient(create_app(settings=settings)) as test_client:
        yield test_client


def test_a_cartesian_product_is_stopped_at_the_time_limit(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": CARTESIAN})
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "1"
    problem = response.json()
    assert problem["title"] == "Query time limit exceeded"
    assert f"the limit is {LIMITS['query_timeout']:g} s" in problem["detail"]
    # The worker is free again (or replaced), and the store too: the next query is answered, in full.
    assert count(client) > 10_000


@pytest.mark.parametrize(
    "query",
    ["SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE ?s WHERE { ?s ?p ?o }"],
)
def test_a_result_over_the_limit_is_refused_with_413(patient: TestClient, query: str) -> None:
    response = patient.post("/sparql", data={"query": query})
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Query result too large"
    assert str(LIMITS["result_limit"]) in problem["detail"]
    assert count(patient, "SELECT (COUNT(*) AS ?n) WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 5 } }") == 5


def test_default_graph_uri_selects_the_default_graph(client: TestClient) -> None:
    assert count(client, **{"default-graph-uri": "urn:x-crosswalk:no-such-graph"}) == 0


def test_dataset_parameters_must_be_iris(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT, "named-graph-uri": "not an iri"})
    assert response.status_code == 400


@pytest.fixture(params=BACKENDS)
def writable(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    server = server_of(request, request.param)
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
    assert wrong.status_code == 403  # a token, but not the update token (app/http/auth.py: check_bearer)
    assert wrong.headers["content-type"] == "application/problem+json"
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


def test_the_yasgui_examples_are_named_queries_that_run(patient: TestClient) -> None:
    page = patient.get("/sparql", headers={"accept": BROWSER}).text
    found = re.search(r'<script id="examples" type="application/json">(.*?)</script>', page, re.S)
    assert found
    examples = json.loads(found.group(1))
    assert [e["name"] for e in examples][:2] == ["Crosswalk look-up", "Coverage"]
    for example in examples:
        response = patient.post("/sparql", data={"query": example["query"]})
        assert response.status_code == 200, example["name"]
        assert response.json()["results"]["bindings"], example["name"]


def test_a_browser_with_a_query_gets_the_editor_with_it(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT}, headers={"accept": BROWSER})
    assert response.headers["content-type"].startswith("text/html")


def test_there_is_one_token_comparison_in_the_service() -> None:
    """Every bearer token is checked by app/http/auth.py (check_bearer): no module compares tokens or reads the
    Authorization header on its own."""
    auth = Path("app/http/auth.py")
    comparing, reading = [], []
    for path in sorted((REPO_ROOT / "app").rglob("*.py")):
        name = path.relative_to(REPO_ROOT)
        text = path.read_text(encoding="utf-8")
        if re.search(r"compare_digest|secrets\.compare", text):
            comparing.append(name)
        if re.search(r"""headers(\.get\(|\[)\s*["']authorization["']""", text, re.IGNORECASE):
            reading.append(name)
    assert comparing == [auth]
    assert reading == [auth]


def test_an_update_swaps_the_graph_while_a_worker_of_the_new_graph_is_idle() -> None:
    """QueryPool.reload, which an update on the embedded store calls, took every idle worker and gave it back
    until none was idle: a worker of the new graph already idle (spawned meanwhile to replace a stale one) was
    taken and given back forever, and the update never answered."""
    pool = QueryPool(b"", 1)
    try:
        assert pool.wait_ready()
        worker = pool._idle.get_nowait()  # the race, set up without waiting for it
        worker.generation += 1  # as if spawned for the graph the reload below brings
        pool._idle.put(worker)
        reload = threading.Thread(target=pool.reload, args=(b"",), daemon=True)
        reload.start()
        reload.join(timeout=60)  # a hang detector, not a speed check: the loop never ended before
        assert not reload.is_alive(), "reload went on taking and giving back the same worker"
        assert pool.wait_ready()
        assert pool.run("ASK { }", [], [], 30, 10).kind == "boolean"
    finally:
        pool.close()
