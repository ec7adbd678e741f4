"""The inventory on both back ends: store, read, list, remove, gaps and portfolio; tokens; restarts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic

from app.analysis.descriptions import parse_description
from app.core.settings import Settings
from app.inventory.systems import GRAPH_BASE, graph_iri
from app.main import create_app
from tests.conftest import BACKENDS, REPO_ROOT, backend_settings

WRITE = "inventory-write-token"
READ = "inventory-read-token"
AUTH = {"authorization": f"Bearer {WRITE}"}
JSON = {"content-type": "application/json", **AUTH}
PROBLEM = "application/problem+json"
EXAMPLES = REPO_ROOT / "data" / "examples"
CV_RANKER = json.loads((EXAMPLES / "cv-ranker.json").read_text(encoding="utf-8"))


def path(system_id: str, suffix: str = "") -> str:
    return f"/systems/{quote(system_id, safe='')}{suffix}"


def described(system_id: str, **changes: Any) -> dict[str, Any]:
    return {**CV_RANKER, "id": system_id, **changes}


def put(client: TestClient, document: dict[str, Any], system_id: str | None = None) -> Any:
    return client.put(path(system_id or document["id"]), content=json.dumps(document), headers=JSON)


def clear_systems(client: TestClient) -> None:
    for record in client.get("/systems", headers=AUTH).json()["systems"]:
        client.delete(path(record["id"]), headers=AUTH)


def inventory_settings(backend: str, server: str | None, **changes: object) -> Settings:
    return backend_settings(backend, server, write_token=WRITE, **changes)


@pytest.fixture(scope="module", params=BACKENDS)
def inv(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """An app with a write token on each back end; the systems it stored are removed afterwards."""
    server = request.getfixturevalue("oxigraph_server") if request.param == "remote" else None
    with TestClient(create_app(settings=inventory_settings(request.param, server))) as client:
        yield client
        clear_systems(client)


def test_put_get_list_delete(inv: TestClient) -> None:
    document = described("urn:test:inventory:cv", name="CV ranker")
    created = put(inv, document)
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["id"] == "urn:test:inventory:cv"
    assert record["graph"] == graph_iri("urn:test:inventory:cv")
    assert record["graph"].startswith(GRAPH_BASE)
    assert created.headers["location"] == path("urn:test:inventory:cv")
    replaced = put(inv, {**document, "name": "CV ranker 2"})
    assert replaced.status_code == 200
    got = inv.get(path(document["id"]))
    assert got.status_code == 200
    body = got.json()
    assert body["name"] == "CV ranker 2"
    assert body["purposes"] == ["recruitment"]
    assert {m["id"] for m in body["measures"]} == {"m1", "m2", "m3", "m4"}
    assert body["record"]["id"] == document["id"]
    listed = inv.get("/systems").json()
    assert document["id"] in {s["id"] for s in listed["systems"]}
    assert inv.delete(path(document["id"]), headers=AUTH).status_code == 204
    missing = inv.get(path(document["id"]))
    assert missing.status_code == 404
    assert missing.headers["content-type"] == PROBLEM
    assert inv.delete(path(document["id"]), headers=AUTH).status_code == 404
    assert document["id"] not in {s["id"] for s in inv.get("/systems").json()["systems"]}


def test_the_json_form_puts_back_as_the_same_triples(inv: TestClient) -> None:
    document = described("urn:test:inventory:roundtrip")
    assert put(inv, document).status_code == 201
    again = inv.get(path(document["id"])).json()
    again.pop("record")
    assert put(inv, again).status_code == 200
    stored = inv.get(path(document["id"]), params={"format": "ntriples"})
    assert stored.headers["content-type"].startswith("application/n-triples")
    graph = rdflib.Graph().parse(data=stored.text, format="nt")
    assert isomorphic(graph, parse_description(json.dumps(document), "application/json").to_rdflib())


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_rdf_forms_hold_exactly_the_stored_triples(inv: TestClient, fmt: str, rdflib_format: str) -> None:
    document = described("urn:test:inventory:rdf", name='Quotes " and \\ and } ; DROP ALL # 日本語')
    assert put(inv, document).status_code in (200, 201)
    response = inv.get(path(document["id"]), params={"format": fmt})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format=rdflib_format)
    assert isomorphic(graph, parse_description(json.dumps(document), "application/json").to_rdflib())


def test_turtle_bodies_are_stored_too(inv: TestClient) -> None:
    turtle = (
        "@prefix cw: <https://w3id.org/ai-crosswalk/ontology#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        '<urn:test:inventory:ttl> a cw:AISystem ; dcterms:title "Turtle system" ;\n'
        "  cw:hasPurpose <https://w3id.org/ai-crosswalk/id/vocab/purpose/recruitment> ;\n"
        "  cw:hasRole <https://w3id.org/ai-crosswalk/id/vocab/role/provider> ;\n"
        "  cw:market <https://w3id.org/ai-crosswalk/id/vocab/jurisdiction/EU> .\n"
    )
    response = inv.put(
        path("urn:test:inventory:ttl"), content=turtle, headers={**AUTH, "content-type": "text/turtle"}
    )
    assert response.status_code == 201, response.text
    assert inv.get(path("urn:test:inventory:ttl")).json()["name"] == "Turtle system"


def test_an_invalid_description_is_a_422_with_the_shacl_report_and_nothing_stored(inv: TestClient) -> None:
    document = described("urn:test:inventory:invalid", purposes=["no-such-purpose"])
    response = put(inv, document)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    issues = response.json()["issues"]
    assert any(i["field"] == "purposes" and i["value"] == "no-such-purpose" for i in issues)
    assert inv.get(path(document["id"])).status_code == 404
    # The same description is refused by the gap analysis with the same issues.
    analysed = inv.post(
        "/gap-analysis", content=json.dumps(document), headers={"content-type": "application/json"}
    )
    assert analysed.status_code == 422
    assert analysed.json()["issues"] == issues


def test_the_path_id_must_be_the_description_id(inv: TestClient) -> None:
    response = put(inv, described("urn:test:inventory:a"), system_id="urn:test:inventory:b")
    assert response.status_code == 422
    assert response.json()["issues"][0]["constraint"] == "path-id"
    assert inv.get(path("urn:test:inventory:a")).status_code == 404
    assert inv.get(path("urn:test:inventory:b")).status_code == 404


def test_ids_with_slashes_and_percent_signs_are_one_segment(inv: TestClient) -> None:
    system_id = "https://example.org/systems/a%2Fb/gaps"
    assert put(inv, described(system_id)).status_code == 201
    assert inv.get(path(system_id)).json()["id"] == system_id
    assert (
        inv.get(path(system_id, "/gaps"), params={"as_of": "2026-11-24"}).json()["system"]["id"] == system_id
    )
    assert inv.get(path("https://example.org/systems/a/b/gaps")).status_code == 404
    assert inv.delete(path(system_id), headers=AUTH).status_code == 204


def test_gaps_of_a_stored_system_are_the_gap_analysis_of_its_description(inv: TestClient) -> None:
    document = described("urn:test:inventory:gaps")
    assert put(inv, document).status_code == 201
    stored = inv.get(path(document["id"], "/gaps"), params={"as_of": "2026-11-24"})
    assert stored.status_code == 200
    posted = inv.post(
        "/gap-analysis",
        params={"as_of": "2026-11-24"},
        content=json.dumps(document),
        headers={"content-type": "application/json"},
    )
    assert stored.json() == posted.json()
    csv = inv.get(path(document["id"], "/gaps"), params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert inv.get(path("urn:test:inventory:none", "/gaps")).status_code == 404


def test_portfolio_counts_tiers_and_statuses(inv: TestClient) -> None:
    clear_systems(inv)
    for name in ("cv-ranker", "support-chatbot", "demand-forecast-us"):
        document = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
        assert put(inv, document).status_code == 201
    portfolio = inv.get("/portfolio", params={"as_of": "2026-11-24"}).json()
    assert portfolio["systems"] == 3
    reports = [
        inv.get(path(s["id"], "/gaps"), params={"as_of": "2026-11-24"}).json()
        for s in inv.get("/systems").json()["systems"]
    ]
    for status in ("applicable", "met", "partial", "unmet", "in_force"):
        assert portfolio["requirements"][status] == sum(
            c[status] for r in reports for c in r["summary"].values()
        )
    tiers = {(t["regime"], t["tier"]): t["systems"] for t in portfolio["tiers"]}
    expected: dict[tuple[str, str], int] = {}
    for r in reports:
        for regime, entries in r["classification"].items():
            for entry in entries:
                expected[(regime, entry["tier"])] = expected.get((regime, entry["tier"]), 0) + 1
    assert tiers == expected
    assert portfolio["unclassified"] == sum(1 for r in reports if not r["classification"])
    clear_systems(inv)
    assert inv.get("/portfolio").json()["systems"] == 0


def test_both_back_ends_store_alike(embedded_client: TestClient, oxigraph_server: str) -> None:
    outputs = []
    for backend, server in (("embedded", None), ("remote", oxigraph_server)):
        with TestClient(create_app(settings=inventory_settings(backend, server))) as client:
            assert put(client, described("urn:test:inventory:alike")).status_code in (200, 201)
            body = client.get(path("urn:test:inventory:alike")).json()
            body["record"].pop("modified")
            outputs.append(body)
            assert client.delete(path("urn:test:inventory:alike"), headers=AUTH).status_code == 204
    assert outputs[0] == outputs[1]


# Tokens.


def test_writes_need_the_token(inv: TestClient) -> None:
    document = json.dumps(described("urn:test:inventory:auth"))
    missing = inv.put(path("urn:test:inventory:auth"), content=document)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.headers["content-type"] == PROBLEM
    wrong = inv.put(
        path("urn:test:inventory:auth"), content=document, headers={"authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403
    assert inv.delete(path("urn:test:inventory:auth")).status_code == 401
    assert inv.get(path("urn:test:inventory:auth")).status_code == 404  # nothing stored


def test_without_a_write_token_the_inventory_is_read_only(embedded_client: TestClient) -> None:
    response = embedded_client.put(
        path("urn:test:inventory:ro"), content=json.dumps(described("urn:test:inventory:ro")), headers=JSON
    )
    assert response.status_code == 403
    assert "CROSSWALK_WRITE_TOKEN" in response.json()["detail"]
    assert embedded_client.get("/systems").status_code == 200


def test_a_read_token_closes_reads() -> None:
    settings = inventory_settings("embedded", None, read_token=READ)
    with TestClient(create_app(settings=settings)) as client:
        assert put(client, described("urn:test:inventory:read")).status_code == 201
        for url in (
            "/systems",
            path("urn:test:inventory:read"),
            path("urn:test:inventory:read", "/gaps"),
            "/portfolio",
        ):
            assert client.get(url).status_code == 401
            assert client.get(url, headers={"authorization": "Bearer nope"}).status_code == 403
            assert client.get(url, headers={"authorization": f"Bearer {READ}"}).status_code == 200
            assert client.get(url, headers=AUTH).status_code == 200  # the write token reads too
        assert client.get("/regimes").status_code == 200  # the graph stays open


def test_several_embedded_workers_cannot_take_writes() -> None:
    with pytest.raises(ValueError, match="remote store"):
        Settings(write_token=WRITE, workers=2).validate()
    Settings(write_token=WRITE, workers=2, store="http://127.0.0.1:7878/query").validate()
    Settings(workers=2).validate()  # read-only inventory: fine


# Persistence of the embedded store.


def test_stored_systems_survive_a_restart_on_the_data_dir(tmp_path: Path) -> None:
    settings = inventory_settings("embedded", None, data_dir=tmp_path / "data")
    with TestClient(create_app(settings=settings)) as client:
        assert put(client, described("urn:test:inventory:kept")).status_code == 201
    assert (tmp_path / "data" / "systems").is_dir()
    with TestClient(create_app(settings=settings)) as client:
        assert client.get(path("urn:test:inventory:kept")).json()["id"] == "urn:test:inventory:kept"
    with TestClient(create_app(settings=inventory_settings("embedded", None))) as client:
        assert client.get(path("urn:test:inventory:kept")).status_code == 404  # in memory: not kept
