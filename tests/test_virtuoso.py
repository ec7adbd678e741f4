"""What only Virtuoso needs checking: its inventory answers as the embedded store's, its dataset, its own time
limit, its updates (its quirks are handled in app/graph/virtuoso.py; the API suite runs on it through
tests/conftest.py's BACKENDS and tests/test_api_backends_agree.py compares its answers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from app.graph.remote import SOLUTIONS_JSON, post_form
from app.graph.sandbox import QueryTimeoutError
from app.graph.store import remote_store
from app.graph.virtuoso import VIRTUOSO_GRAPH, VIRTUOSO_OWN_GRAPHS
from app.main import create_app
from tests.conftest import REPO_ROOT, backend_settings


def test_health_names_the_same_graph(embedded_client: TestClient, virtuoso_client: TestClient) -> None:
    embedded, virtuoso = embedded_client.get("/health").json(), virtuoso_client.get("/health").json()
    assert virtuoso["backend"] == "remote"
    assert virtuoso["triples"] == embedded["triples"]  # Virtuoso's own graphs are not counted


WRITE = "virtuoso-write-token"
UPDATE = "virtuoso-update-token"
AUTH = {"authorization": f"Bearer {WRITE}"}
EXAMPLES = REPO_ROOT / "data" / "examples"
TRICKY = 'Quotes " and \\ and } ; DROP ALL # 日本語 true 1'
SYSTEMS = {  # id -> (body, media type): JSON measures, and Turtle measures as blank nodes
    "urn:test:virtuoso:cv": (
        json.dumps({**json.loads((EXAMPLES / "cv-ranker.json").read_text()), "id": "urn:test:virtuoso:cv"}),
        "application/json",
    ),
    "urn:test:virtuoso:tricky": (
        json.dumps(
            {
                **json.loads((EXAMPLES / "credit-scoring-bank.json").read_text()),
                "id": "urn:test:virtuoso:tricky",
            }
            | {"name": TRICKY}
        ),
        "application/json",
    ),
    "urn:example:exam-proctor-jp": ((EXAMPLES / "exam-proctor-jp.ttl").read_text(), "text/turtle"),
}


def without_times(value: Any) -> Any:
    """The answer without the time each store recorded the write (it differs by milliseconds)."""
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k not in {"modified", "generated"}}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


@pytest.fixture(scope="module")
def inventories(virtuoso_server: str) -> Iterator[tuple[TestClient, TestClient]]:
    """Apps with a write token on the embedded store and on Virtuoso, holding the same systems."""
    embedded = TestClient(create_app(settings=backend_settings("embedded", write_token=WRITE)))
    virtuoso = TestClient(
        create_app(settings=backend_settings("virtuoso", virtuoso_server, write_token=WRITE))
    )
    with embedded, virtuoso:
        for system_id, (body, media_type) in SYSTEMS.items():
            for client in (embedded, virtuoso):
                response = client.put(
                    f"/systems/{quote(system_id, safe='')}",
                    content=body,
                    headers={**AUTH, "content-type": media_type},
                )
                assert response.status_code == 201, response.text
        yield embedded, virtuoso
        for system_id in SYSTEMS:
            for client in (embedded, virtuoso):
                client.delete(f"/systems/{quote(system_id, safe='')}", headers=AUTH)


# GROUP_CONCAT's order is the engine's choice: app.crosswalk.standards puts the articles an item serves in reading order.
INVENTORY_URLS = [
    "/systems",
    *(f"/systems/{quote(i, safe='')}" for i in SYSTEMS),
    *(f"/systems/{quote(i, safe='')}/gaps" for i in SYSTEMS),
    "/portfolio",
]


@pytest.mark.parametrize("url", INVENTORY_URLS)
def test_inventory_answers_agree(inventories: tuple[TestClient, TestClient], url: str) -> None:
    embedded, virtuoso = (client.get(url, headers=AUTH) for client in inventories)
    assert embedded.status_code == virtuoso.status_code == 200, virtuoso.text
    assert without_times(embedded.json()) == without_times(virtuoso.json())


@pytest.mark.parametrize("system_id", list(SYSTEMS))
def test_stored_triples_agree(inventories: tuple[TestClient, TestClient], system_id: str) -> None:
    graphs = [
        rdflib.Graph().parse(
            data=c.get(f"/systems/{quote(system_id, safe='')}", params={"format": "ntriples"}).text,
            format="nt",
        )
        for c in inventories
    ]
    assert len(graphs[0]) > 5
    assert isomorphic(*(without_record(g) for g in graphs))


def without_record(graph: rdflib.Graph) -> rdflib.Graph:
    """The description's own triples (the record's dcterms:modified differs by the write's time)."""
    modified = rdflib.URIRef("http://purl.org/dc/terms/modified")
    kept = rdflib.Graph()
    for triple in graph:
        if triple[1] != modified:
            kept.add(triple)
    return kept


def test_a_replaced_system_leaves_nothing_behind(inventories: tuple[TestClient, TestClient]) -> None:
    _, virtuoso = inventories
    system = f"/systems/{quote('urn:example:exam-proctor-jp', safe='')}"
    body, media_type = SYSTEMS["urn:example:exam-proctor-jp"]
    before = virtuoso.get(system, params={"format": "ntriples"}).text
    again = virtuoso.put(system, content=body, headers={**AUTH, "content-type": media_type})
    assert again.status_code == 200, again.text
    after = virtuoso.get(system, params={"format": "ntriples"}).text
    assert len(after.splitlines()) == len(
        before.splitlines()
    )  # DROP then INSERT: no second copy of the blank nodes
    deleted = virtuoso.delete(system, headers=AUTH)
    assert deleted.status_code == 204
    assert virtuoso.get(system, headers=AUTH).status_code == 404
    restored = virtuoso.put(system, content=body, headers={**AUTH, "content-type": media_type})
    assert restored.status_code == 201


def test_sparql_without_a_dataset_sees_the_regime_graph_only(
    inventories: tuple[TestClient, TestClient],
) -> None:
    """Virtuoso's default graph is the union of all graphs: the service names the regime graph instead, so a
    query without GRAPH or FROM sees neither the stored systems nor Virtuoso's own graphs."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    system = "ASK { <urn:test:virtuoso:cv> ?p ?o }"
    embedded, virtuoso = inventories
    for query in (count, system):
        answers = [c.get("/sparql", params={"query": query}).json() for c in inventories]
        assert answers[0] == answers[1], query
    assert virtuoso.get("/sparql", params={"query": system}).json()["boolean"] is False
    assert embedded.get(f"/systems/{quote('urn:test:virtuoso:cv', safe='')}", headers=AUTH).status_code == 200


def test_a_sparql_update_without_a_graph_changes_the_regime_graph(virtuoso_server: str) -> None:
    """An update names no graph: on Virtuoso it goes to the graph the service reads as its default (the
    named graph the shipped graph lives in), as it goes to the default graph on Oxigraph; then it is undone."""
    settings = backend_settings("virtuoso", virtuoso_server, allow_updates=True, update_token=UPDATE)
    triple = '<urn:test:virtuoso:s> <urn:test:virtuoso:p> "inserted", "1"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    ask = "ASK { <urn:test:virtuoso:s> <urn:test:virtuoso:p> true }"
    auth = {"authorization": f"Bearer {UPDATE}"}
    with TestClient(create_app(settings=settings)) as client:
        before = client.get("/health").json()["triples"]
        inserted = client.post("/sparql", data={"update": f"INSERT DATA {{ {triple} }}"}, headers=auth)
        assert inserted.status_code == 204, inserted.text
        try:
            assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True
            assert client.get("/health").json()["triples"] == before + 2
        finally:
            deleted = client.post("/sparql", data={"update": f"DELETE DATA {{ {triple} }}"}, headers=auth)
        assert deleted.status_code == 204, deleted.text
        assert client.get("/sparql", params={"query": ask}).json()["boolean"] is False
        assert client.get("/health").json()["triples"] == before


def test_group_concat_without_a_separator(embedded_client: TestClient, virtuoso_client: TestClient) -> None:
    """Virtuoso needs GROUP_CONCAT's separator spelt out (SR183 otherwise): the service writes the default."""
    query = (
        "SELECT (GROUP_CONCAT(?key) AS ?keys) (COUNT(?key) AS ?n) "
        "WHERE { ?r <https://w3id.org/ai-crosswalk/ontology#key> ?key }"
    )
    answers = [c.get("/sparql", params={"query": query}) for c in (embedded_client, virtuoso_client)]
    assert answers[0].status_code == answers[1].status_code == 200, answers[1].text
    rows = [a.json()["results"]["bindings"][0] for a in answers]
    assert rows[0]["n"] == rows[1]["n"]
    keys = [sorted(row["keys"]["value"].split(" ")) for row in rows]  # the order is the engine's
    assert keys[0] == keys[1] and len(keys[0]) > 5


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~10^14 rows: never ends


def test_virtuoso_stops_a_runaway_query_itself(virtuoso_server: str) -> None:
    """The service's time limit goes to Virtuoso with the query: the server ends the query and says so (its
    "anytime" S1TAT), long before this request's own time-out, rather than computing for the session."""
    store = remote_store(f"{virtuoso_server}/sparql", None, None, None)
    form = store.query_form(RUNAWAY, [], [], timeout=1.0)
    status, headers, body = post_form(store.query_url, form, SOLUTIONS_JSON, timeout=300)
    assert store.stopped(status, headers, body), (status, dict(headers), body[-300:])
    with pytest.raises(QueryTimeoutError):
        store.run_query(RUNAWAY, [], [], timeout=1.0, limit=10)


def test_a_runaway_query_is_a_503(virtuoso_client: TestClient) -> None:
    response = virtuoso_client.get("/sparql", params={"query": RUNAWAY})
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Query time limit exceeded"


def test_graph_variables_do_not_reach_virtuosos_own_graphs(virtuoso_client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = virtuoso_client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    graphs = {row["g"]["value"] for row in rows}
    assert VIRTUOSO_GRAPH in graphs  # the regime graph is a named graph on Virtuoso (docs/deploy.md)
    assert graphs.isdisjoint(VIRTUOSO_OWN_GRAPHS)


def test_dropping_a_graph_an_update_made(virtuoso_server: str) -> None:
    """Virtuoso refuses ``DROP GRAPH`` of a graph that was never CREATEd, triples or not: sent as SILENT."""
    store = remote_store(f"{virtuoso_server}/sparql", None, None, None)
    store.update("INSERT DATA { GRAPH <urn:test:virtuoso:g> { <urn:a> <urn:b> <urn:c> } }")
    store.update("DROP GRAPH <urn:test:virtuoso:g>")
    # not ASK: Virtuoso 7.2 answers true to an ASK of ``GRAPH <iri>`` whenever a default graph is set (left)
    query = "SELECT ?s WHERE { GRAPH <urn:test:virtuoso:g> { ?s ?p ?o } }"
    assert store.run_query(query, [], [], timeout=10, limit=10).count == 0
