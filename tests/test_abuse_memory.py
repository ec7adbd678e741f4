"""A query worker has a memory limit (issue 15, finding 4: one GROUP_CONCAT took a worker to 2.2 GB): a query
that needs more stops its worker and is answered 503 "Query stopped", and the next query is served. Embedded
store only: a remote server's memory is its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import backend_settings

QUERY = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
VALUES = " ".join(str(i) for i in range(400))
# One string of every literal, 400 times over: gigabytes, built inside the engine before any result is written.
HUNGRY = (
    "SELECT (STRLEN(GROUP_CONCAT(STR(?o))) AS ?n) "
    f"WHERE {{ ?s ?p ?o . FILTER(isLiteral(?o)) VALUES ?k {{ {VALUES} }} }}"
)


@pytest.fixture(scope="module")
def small_workers() -> Iterator[TestClient]:
    settings = backend_settings(
        "embedded", query_worker_memory=400 * 1024 * 1024, query_workers=1, query_timeout=60.0
    )
    with TestClient(create_app(settings=settings)) as client:
        yield client


def test_a_query_past_the_workers_memory_limit_is_stopped_and_the_next_is_served(
    small_workers: TestClient,
) -> None:
    response = small_workers.post("/sparql", content=HUNGRY.encode(), headers=QUERY)
    assert response.status_code == 503, response.text[:500]
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == "Query stopped"
    assert "memory" in response.json()["detail"]
    ok = small_workers.post("/sparql", content=b"ASK { ?s ?p ?o }", headers=QUERY)
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_ordinary_queries_fit_in_the_limit(small_workers: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) (STRLEN(GROUP_CONCAT(STR(?o))) AS ?len) WHERE { ?s ?p ?o }"
    response = small_workers.post("/sparql", content=query.encode(), headers=QUERY)
    assert response.status_code == 200, response.text[:500]
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 10_000
