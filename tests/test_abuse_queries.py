"""/sparql bounds a query's work before it starts: size and nesting checked before any parser, updates told
from queries without parsing, results capped in bytes as well as rows (issue 15, findings 1, 4 and 5).

Every test runs on both back ends; after each attack the same store still answers an ordinary query.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"
SIMPLE = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
SPARQL_QUERY = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}


def post_query(client: TestClient, query: str) -> object:
    return client.post("/sparql", content=query.encode(), headers=SPARQL_QUERY)


def assert_problem(response: object, status: int, words: str) -> None:
    assert response.status_code == status, response.text[:500]  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith(PROBLEM)  # type: ignore[attr-defined]
    assert words in response.json()["detail"]  # type: ignore[attr-defined]


def assert_still_answers(client: TestClient) -> None:
    response = post_query(client, SIMPLE)
    assert response.status_code == 200, response.text[:500]  # type: ignore[attr-defined]
    assert len(response.json()["results"]["bindings"]) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("depth", [65, 5000])
def test_deeply_nested_query_is_refused_before_any_parser(client: TestClient, depth: int) -> None:
    query = "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    assert_problem(post_query(client, query), 400, "nests")
    assert_still_answers(client)


def test_nesting_inside_strings_and_comments_does_not_count(client: TestClient) -> None:
    query = 'SELECT ?s WHERE { ?s ?p ?o FILTER(?o != "' + "{" * 200 + '") } LIMIT 1 # ' + "(" * 200
    response = post_query(client, query)
    assert response.status_code == 200, response.text[:500]


def test_ordinary_nesting_is_accepted(client: TestClient) -> None:
    query = "SELECT ?s WHERE " + "{" * 30 + " ?s ?p ?o " + "}" * 30 + " LIMIT 1"
    assert post_query(client, query).status_code == 200


def test_update_nested_40_deep_sent_as_a_query_is_403_not_500(client: TestClient) -> None:
    update = "INSERT { <urn:a> <urn:b> 1 } WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40
    assert_problem(post_query(client, update), 403, "read-only")
    form = client.post("/sparql", data={"query": update})
    assert_problem(form, 403, "read-only")


def test_large_insert_data_sent_as_a_query_is_refused_at_once(client: TestClient) -> None:
    triples = " ".join(f'<urn:s{i}> <urn:p> "value number {i}" .' for i in range(40_000))
    update = "PREFIX ex: <urn:ex:>\nINSERT DATA { " + triples + " }"
    assert 1024 * 1024 < len(update) < 4 * 1024 * 1024
    assert_problem(post_query(client, update), 413, "characters")
    shorter = "INSERT DATA { " + triples[:600_000].rsplit(" .", 1)[0] + " . }"
    assert_problem(post_query(client, shorter), 403, "read-only")
    assert_still_answers(client)


def test_updates_in_disguise_are_still_updates(client: TestClient) -> None:
    for text in (
        "# a comment\nPREFIX insert: <urn:x:>\nBASE <urn:y:>\ndelete where { ?s ?p ?o }",
        "\\u0049NSERT DATA { <urn:a> <urn:b> 1 }",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ):
        assert_problem(post_query(client, text), 403, "read-only")


@pytest.fixture
def small_results(client: TestClient) -> Iterator[TestClient]:
    """The same running app with a 100 kB result cap (its handlers read the settings per request)."""
    state = client.app.state  # type: ignore[attr-defined]
    before = state.settings
    state.settings = before.with_(max_result_bytes=100_000)
    try:
        yield client
    finally:
        state.settings = before


def test_one_huge_row_is_refused_by_bytes(small_results: TestClient) -> None:
    query = "SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"
    assert_problem(post_query(small_results, query), 413, "bytes")
    assert_still_answers(small_results)


def test_a_big_graph_result_is_refused_by_bytes(small_results: TestClient) -> None:
    response = small_results.post(
        "/sparql",
        content=b"CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5000",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert_problem(response, 413, "bytes")


def test_results_under_the_byte_cap_still_answer(small_results: TestClient) -> None:
    response = small_results.post(
        "/sparql",
        content=b"CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    assert response.text.count("\n") == 50
