"""Hostile queries and identifiers: SPARQL that would run forever, updates on the read-only endpoint, and
injection attempts in every path and query parameter of the OpenAPI document, which never reach a query as
text (a spy on the store sees only the named queries, the values as bound terms)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import BACKENDS, LIMITS
from tests.test_inventory import AUTH, CV_RANKER, clear_systems, inventory_settings

MARK = "ZQXMARK"
PAYLOADS = [
    f"{MARK}'",
    f'{MARK}"',
    f"{MARK}'> }} ; DROP ALL #",
    f'{MARK}"> }} UNION {{ ?s ?p ?o }} #',
    f"{MARK}> . ?s ?p ?o }} #",
    f"{MARK}{{{{}}}}",
    f"{MARK}\n}} ; DELETE WHERE {{ ?s ?p ?o }}",
    f"{MARK}\\",
    f"{MARK} 日本語 \u202e ÿ",
    f"nist-ai-rmf:GOVERN-1.1> }} #{MARK}",
    f"eu-ai-act:Article-9' || true || '{MARK}",
    f"<urn:x:{MARK}>",
    f"?s{MARK}",
    f"../../{MARK}",
]
# Query parameters whose value is free text, answered 200 when nothing matches.
FREE_TEXT = {("/search", "q")}
VALID = {"from": "eu-ai-act", "q": "risk", "as_of": "2026-11-24"}
LOOPS = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:x:p>|!<urn:x:p>)* ?o . ?o (<urn:x:p>|!<urn:x:p>)* ?t }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 . FILTER(STR(?o) != STR(?o2)) }",
]
UPDATES = ["DROP ALL", "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "DELETE WHERE { ?s ?p ?o }"]


@pytest.fixture(scope="module", params=BACKENDS)
def app_client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    server = request.getfixturevalue("oxigraph_server") if request.param == "remote" else None
    with TestClient(create_app(settings=inventory_settings(request.param, server))) as client:
        yield client
        clear_systems(client)


def count(client: TestClient) -> int:
    response = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("query", LOOPS, ids=["cartesian", "property-paths", "filtered-product"])
def test_queries_that_would_run_forever_stop_at_the_limit(embedded_client: TestClient, query: str) -> None:
    """Embedded only: a remote server keeps computing after the HTTP time-out (README: give it its own)."""
    started = time.monotonic()
    response = embedded_client.post("/sparql", data={"query": query})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert LIMITS["query_timeout"] <= elapsed < LIMITS["query_timeout"] + 5
    for _ in range(int(LIMITS["query_workers"]) + 1):  # every worker serves again, the killed one replaced
        started = time.monotonic()
        assert count(embedded_client) > 10_000
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("update", UPDATES)
def test_updates_on_the_read_only_endpoint_are_403(app_client: TestClient, update: str) -> None:
    before = count(app_client)
    attempts = [
        app_client.post("/sparql", data={"update": update}),
        app_client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"}),
        app_client.post("/sparql", data={"query": update}),
        app_client.get("/sparql", params={"query": update}),
    ]
    for response in attempts:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert count(app_client) == before


def operations(client: TestClient) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    for url, methods in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        for method, operation in methods.items():
            yield method.upper(), url, operation.get("parameters", [])


def fill(url: str, parameters: list[dict[str, Any]], path_value: str = "x") -> str:
    for p in parameters:
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", quote(path_value, safe=""))
    return url


def required_query(parameters: list[dict[str, Any]], skip: str = "") -> dict[str, str]:
    return {
        p["name"]: VALID[p["name"]]
        for p in parameters
        if p["in"] == "query" and p.get("required") and p["name"] != skip
    }


def body_for(method: str) -> dict[str, Any]:
    return (
        {"content": json.dumps(CV_RANKER), "headers": {"content-type": "application/json", **AUTH}}
        if method in ("PUT", "POST")
        else {"headers": AUTH}
    )


def test_every_path_parameter_refuses_injection(app_client: TestClient) -> None:
    tried = 0
    for method, url, parameters in operations(app_client):
        if not any(p["in"] == "path" for p in parameters):
            continue
        for payload in PAYLOADS:
            target = fill(url, parameters, payload)
            response = app_client.request(
                method, target, params=required_query(parameters), **body_for(method)
            )
            assert 400 <= response.status_code < 500, (
                method,
                target,
                response.status_code,
                response.text[:300],
            )
            tried += 1
    assert tried >= 7 * len(PAYLOADS)
    assert app_client.get("/health").status_code == 200


def test_every_query_parameter_refuses_injection(app_client: TestClient) -> None:
    tried = 0
    for method, url, parameters in operations(app_client):
        target = fill(url, parameters, "eu-ai-act" if "{regime}" in url else "nist-ai-rmf:GOVERN-1.1")
        for p in parameters:
            if p["in"] != "query" or (url, p["name"]) == ("/sparql", "query"):
                continue
            for payload in PAYLOADS:
                params = {**required_query(parameters, p["name"]), p["name"]: payload}
                if (method, url) == ("GET", "/sparql"):
                    params["query"] = "ASK {}"
                response = app_client.request(method, target, params=params, **body_for(method))
                assert response.status_code < 500, (method, target, p["name"], response.text[:300])
                if (url, p["name"]) not in FREE_TEXT:
                    assert response.status_code >= 400, (method, target, p["name"], payload)
                tried += 1
    assert tried >= 15 * len(PAYLOADS)
    assert app_client.get("/health").status_code == 200


class Spy:
    """Stands in for a back end, recording every query and update text it is given, then passing it on."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> Any:
        self.texts.append(query)
        return self.inner.select(query, bindings)

    def construct(self, query: str, bindings: Mapping[str, Any] | None = None) -> Any:
        self.texts.append(query)
        return self.inner.construct(query, bindings)

    def update(self, text: str) -> None:
        self.texts.append(text)
        self.inner.update(text)


def test_nothing_a_client_sends_reaches_a_query_as_text(app_client: TestClient) -> None:
    """Identifiers travel as bound terms: the query texts the stores receive never hold the marker."""
    state = app_client.app.state  # type: ignore[attr-defined]
    catalogue, inventory = state.catalogue, state.inventory
    spies = [Spy(catalogue.store), Spy(inventory.backend)]
    catalogue.store, inventory.backend = spies
    try:
        test_every_path_parameter_refuses_injection(app_client)
        test_every_query_parameter_refuses_injection(app_client)
    finally:
        catalogue.store, inventory.backend = (spy.inner for spy in spies)
    assert all(spy.texts for spy in spies), "a store was not asked anything"
    assert not [text for spy in spies for text in spy.texts if MARK in text]


def test_a_crafted_identifier_cannot_change_what_a_query_returns(app_client: TestClient) -> None:
    system = {**CV_RANKER, "id": "urn:test:crafted:a"}
    stored = app_client.put(
        "/systems/urn%3Atest%3Acrafted%3Aa",
        content=json.dumps(system),
        headers={"content-type": "application/json", **AUTH},
    )
    assert stored.status_code in (200, 201)
    listed = app_client.get("/systems").json()["count"]
    for crafted in (
        "urn:test:crafted:a> } UNION { GRAPH ?g { ?s ?p ?o } } #",
        'urn:test:crafted:a" } UNION { ?s ?p ?o } #',
        "urn:test:crafted:a\n",
        "urn:test:crafted:*",
    ):
        for suffix in ("", "/gaps"):
            assert app_client.get(f"/systems/{quote(crafted, safe='')}{suffix}").status_code == 404
        assert app_client.delete(f"/systems/{quote(crafted, safe='')}", headers=AUTH).status_code == 404
    assert app_client.get("/systems").json()["count"] == listed
    assert app_client.get("/systems/urn%3Atest%3Acrafted%3Aa").status_code == 200
    for item in (
        "nist-ai-rmf:GOVERN-1.1> . ?s ?p ?o } #",
        "nist-ai-rmf:GOVERN-1.1' || '1'='1",
        "nist-ai-rmf:GOVERN-1.*",
    ):
        assert app_client.get(f"/provisions/{quote(item, safe='')}").status_code == 404
    assert (
        app_client.get("/crosswalk", params={"from": "eu-ai-act> } UNION { ?s ?p ?o } #"}).status_code >= 400
    )


def test_hostile_text_in_a_stored_description_comes_back_exactly(app_client: TestClient) -> None:
    name = f"{MARK}\"\"\" '''> }} ; DROP ALL # \\u0000 \\\\ \n\r\t 日本語 \u202e"
    evidence = "} } } INSERT DATA { <urn:x> <urn:y> <urn:z> } #"
    measures = [{**CV_RANKER["measures"][0], "evidence": evidence}]
    system = {**CV_RANKER, "id": "urn:test:crafted:text", "name": name, "measures": measures}
    url = "/systems/urn%3Atest%3Acrafted%3Atext"
    assert app_client.put(
        url, content=json.dumps(system), headers={"content-type": "application/json", **AUTH}
    ).status_code in (200, 201)
    stored = app_client.get(url).json()
    assert stored["name"] == name
    assert stored["measures"][0]["evidence"] == evidence
    # and nothing was inserted anywhere by the text
    probe = app_client.get("/sparql", params={"query": "ASK { GRAPH ?g { <urn:x> <urn:y> <urn:z> } }"})
    assert probe.json()["boolean"] is False
    assert re.fullmatch(r"[0-9a-f]{64}", stored["record"]["graph"].rsplit("/", 1)[-1])
