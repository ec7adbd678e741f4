"""User mapping sets on both back ends: stored apart, checked like import-sssom, followed at once by the gap
analysis and derivation and flagged as the user's, removable; the snapshot is rebuilt on every change."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.analysis.gap_index import GapIndex
from app.graph import derive
from app.graph.loading import build_store
from app.inventory.mapping_sets import SET_BASE
from app.inventory.snapshot import WATCH_SECONDS
from app.main import create_app
from tests.conftest import BACKENDS, REPO_ROOT, backend_settings

WRITE = "mapping-set-write-token"
READ = "mapping-set-read-token"
UPDATE = "mapping-set-update-token"
AUTH = {"authorization": f"Bearer {WRITE}"}
TSV = {"content-type": "text/tab-separated-values", **AUTH}
PROBLEM = "application/problem+json"
ID = "https://w3id.org/ai-crosswalk/id/"
HEADER = """\
#curie_map:
#  nist: https://w3id.org/ai-crosswalk/id/nist-ai-rmf/
#  eu: https://w3id.org/ai-crosswalk/id/eu-ai-act/
#  jp: https://w3id.org/ai-crosswalk/id/jp-aigfb/
#  orcid: https://orcid.org/
#mapping_set_id: https://example.org/analyst/nist-eu
#mapping_set_title: An analyst's own mappings
#license: https://creativecommons.org/licenses/by/4.0/
subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tauthor_id\tauthor_label\trationale_kind\tjustification
"""
AUTHOR = "orcid:0000-0002-1825-0097\tJosiah Carberry"
# MEASURE-2.7 (security and resilience) only intersects Article 15 in the graph: partial credit at most.
DIRECT = f"nist:MEASURE-2.7\tskos:exactMatch\teu:Article-15\tsemapv:ManualMappingCuration\t0.9\t{AUTHOR}\tsemantic\tBoth ask for resilience.\n"
# The graph says G7 Action 8 equals Japan's guideline VIII; a user's VIII = Article 17 composes into Action 8 =
# Article 17 (no mapping links Action 8 to Article 17 in the graph).
CHAINED = f"jp:VIII\tskos:exactMatch\teu:Article-17\tsemapv:ManualMappingCuration\t0.8\t{AUTHOR}\tfunctional\tThe same quality duty.\n"
SYSTEM = {
    "id": "urn:example:mapping-set-test",
    "name": "Mapping set test",
    "purposes": ["recruitment"],
    "roles": ["provider"],
    "markets": ["EU"],
    "measures": [
        {"id": "m1", "addresses": ["nist-ai-rmf:MEASURE-2.7"], "status": "implemented"},
        {"id": "m2", "addresses": ["g7-hcoc:Action-8"], "status": "implemented"},
    ],
}


def requirement(client: TestClient, short: str, fmt: str = "json") -> Any:
    response = client.post("/gap-analysis", json=SYSTEM, params={"as_of": "2027-12-01"})
    assert response.status_code == 200, response.text
    return next(r for r in response.json()["requirements"] if r["id"] == short)


def put(client: TestClient, set_id: str, body: str, headers: dict[str, str] | None = None) -> Any:
    return client.put(f"/mapping-sets/{set_id}", content=body.encode("utf-8"), headers=headers or TSV)


def clear(client: TestClient) -> None:
    for record in client.get("/mapping-sets", headers=AUTH).json()["mapping_sets"]:
        client.delete(f"/mapping-sets/{record['id']}", headers=AUTH)


@pytest.fixture(scope="module", params=BACKENDS)
def sets(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """An app with a write token on each back end; the sets it stored are removed afterwards."""
    server = request.getfixturevalue("oxigraph_server") if request.param == "remote" else None
    settings = backend_settings(request.param, server, write_token=WRITE)
    with TestClient(create_app(settings=settings)) as client:
        clear(client)
        try:
            yield client
        finally:
            clear(client)
            if request.param != "embedded":  # other apps on the server see the removal within WATCH_SECONDS
                time.sleep(WATCH_SECONDS + 0.5)


def test_put_list_get_delete(sets: TestClient) -> None:
    created = put(sets, "analyst-1", HEADER + DIRECT)
    assert created.status_code == 201, created.text
    record = created.json()
    assert created.headers["location"] == "/mapping-sets/analyst-1" == record["href"]
    assert record["iri"] == SET_BASE + "analyst-1"
    assert record["declared_id"] == "https://example.org/analyst/nist-eu"
    assert (record["mappings"], record["title"]) == (1, "An analyst's own mappings")
    replaced = put(sets, "analyst-1", HEADER + DIRECT + CHAINED)
    assert replaced.status_code == 200 and replaced.json()["mappings"] == 2
    listed = sets.get("/mapping-sets").json()
    assert listed["count"] == 1 and listed["mapping_sets"][0]["id"] == "analyst-1"
    one = sets.get("/mapping-sets/analyst-1").json()
    assert one["in_use"] is True and one["derived"] >= 1
    first = one["mappings"][0]
    assert {first["subject"], first["object"]} <= {
        "jp-aigfb:VIII",
        "eu-ai-act:Article-17",
        "nist-ai-rmf:MEASURE-2.7",
        "eu-ai-act:Article-15",
    }
    assert all(m["mapping"].startswith(ID + "mapping/user/analyst-1/") for m in one["mappings"])
    assert {m["author_label"] for m in one["mappings"]} == {"Josiah Carberry"}
    assert sets.delete("/mapping-sets/analyst-1", headers=AUTH).status_code == 204
    gone = sets.get("/mapping-sets/analyst-1")
    assert gone.status_code == 404 and gone.headers["content-type"] == PROBLEM
    assert sets.delete("/mapping-sets/analyst-1", headers=AUTH).status_code == 404
    assert sets.get("/mapping-sets").json()["count"] == 0


def test_the_gap_analysis_follows_a_user_mapping_at_once_flags_it_and_forgets_it(sets: TestClient) -> None:
    before = requirement(sets, "eu-ai-act:Article-15")
    assert before["status"] == "partial"
    assert not any("user_mapping_sets" in e for e in before["evidence"])
    assert put(sets, "analyst-2", HEADER + DIRECT).status_code == 201
    after = requirement(sets, "eu-ai-act:Article-15")
    assert after["status"] == "met"
    (user,) = [e for e in after["evidence"] if e.get("user_mapping_sets")]
    assert user["user_mapping_sets"] == ["analyst-2"]
    assert user["asserted_by"] == SET_BASE + "analyst-2"  # the set, not the author the file names
    assert user["relationship"] == "equal" and user["derived"] is False and user["credit"] == "met"
    assert user["how"].endswith("(user mapping set analyst-2)")
    table = sets.post("/gap-analysis", json=SYSTEM, params={"as_of": "2027-12-01", "format": "csv"}).text
    assert "(user mapping set analyst-2)" in table  # the flag is in every format, CSV too
    assert sets.delete("/mapping-sets/analyst-2", headers=AUTH).status_code == 204
    again = requirement(sets, "eu-ai-act:Article-15")
    assert again == before


def test_derivation_composes_through_a_user_mapping(sets: TestClient) -> None:
    assert requirement(sets, "eu-ai-act:Article-17")["status"] == "unmet"
    assert put(sets, "analyst-3", HEADER + CHAINED).status_code == 201
    article17 = requirement(sets, "eu-ai-act:Article-17")
    assert article17["status"] == "met"
    (derived,) = [e for e in article17["evidence"] if e["measure"] == "m2"]
    assert derived["derived"] is True and derived["user_mapping_sets"] == ["analyst-3"]
    assert derived["path"] == ["jp-aigfb:VIII"]
    assert derived["relationship"] == "equal" and derived["confidence"] == pytest.approx(0.95 * 0.8)
    assert derived["mapping"].startswith(ID + "mapping/derived/")
    assert sets.delete("/mapping-sets/analyst-3", headers=AUTH).status_code == 204
    assert requirement(sets, "eu-ai-act:Article-17")["status"] == "unmet"


def issues(response: Any) -> list[tuple[int | None, str]]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    return [(i["line"], i["field"]) for i in response.json()["issues"]]


def test_an_invalid_set_is_a_422_naming_line_and_field_and_nothing_is_stored(sets: TestClient) -> None:
    bad = HEADER + DIRECT.replace("MEASURE-2.7", "MEASURE-99.9") + CHAINED.replace("\t0.8\t", "\t1.8\t")
    found = issues(put(sets, "bad", bad))
    assert (10, "subject_id") in found and (11, "confidence") in found
    predicate = issues(put(sets, "bad", HEADER + DIRECT.replace("skos:exactMatch", "skos:fooMatch")))
    assert predicate == [(10, "predicate_id")]
    no_set_id = HEADER.replace("https://example.org/analyst/nist-eu", "x") + DIRECT
    assert (None, "mapping_set_id") in issues(put(sets, "bad", no_set_id))
    assert issues(put(sets, "bad", HEADER)) == [(None, "body")]
    assert issues(put(sets, "bad id!", HEADER + DIRECT)) == [(None, "id")]
    bomb = HEADER.replace("#license:", "#a: &a [x, x]\n#b: &b [*a, *a]\n#license:") + DIRECT
    assert issues(put(sets, "bad", bomb)) == [(None, "metadata")]
    item = HEADER.replace("https://example.org/analyst/nist-eu", ID + "eu-ai-act/Article-9") + DIRECT
    assert issues(put(sets, "bad", item)) == [(None, "mapping_set_id")]
    latin1 = sets.put("/mapping-sets/bad", content=(HEADER + DIRECT).encode() + b"\xff", headers=TSV)
    assert latin1.status_code == 422
    json_body = sets.put(
        "/mapping-sets/bad", content=b"{}", headers={**AUTH, "content-type": "application/json"}
    )
    assert json_body.status_code == 415 and json_body.headers["content-type"] == PROBLEM
    assert sets.get("/mapping-sets").json()["count"] == 0


def test_sets_are_bounded_each_and_together(sets: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.inventory.mapping_sets.MAX_MAPPINGS", 1)
    assert issues(put(sets, "big", HEADER + DIRECT + CHAINED)) == [(None, "body")]
    monkeypatch.setattr("app.inventory.mapping_sets.MAX_MAPPINGS", 2)
    monkeypatch.setattr("app.http.api.mapping_sets.MAX_TOTAL_MAPPINGS", 2)
    assert put(sets, "first", HEADER + DIRECT).status_code == 201
    assert put(sets, "first", HEADER + DIRECT + CHAINED).status_code == 200  # its own rows do not count twice
    over = put(sets, "second", HEADER + CHAINED)
    assert issues(over) == [(None, "body")] and "remove a set first" in over.json()["detail"]
    assert [r["id"] for r in sets.get("/mapping-sets").json()["mapping_sets"]] == ["first"]
    assert sets.delete("/mapping-sets/first", headers=AUTH).status_code == 204


def test_writes_need_the_write_token(sets: TestClient) -> None:
    headers = {"content-type": "text/tab-separated-values"}
    missing = put(sets, "analyst-4", HEADER + DIRECT, headers)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = put(sets, "analyst-4", HEADER + DIRECT, {**headers, "authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert put(sets, "analyst-4", HEADER + DIRECT).status_code == 201
    assert sets.delete("/mapping-sets/analyst-4").status_code == 401
    assert sets.delete("/mapping-sets/analyst-4", headers=AUTH).status_code == 204


def test_the_file_cannot_speak_for_the_project() -> None:
    """A set that declares itself the derivation set, by the project's editors, is still the user's."""
    forged = (
        HEADER.replace("https://example.org/analyst/nist-eu", ID + "mappingset/derived").replace(
            "orcid: https://orcid.org/", "cwagent: https://w3id.org/ai-crosswalk/id/agent/"
        )
    ) + DIRECT.replace(AUTHOR, "cwagent:ai-crosswalk-editors\tai-crosswalk editors")
    settings = backend_settings("embedded", write_token=WRITE)
    with TestClient(create_app(settings=settings)) as client:
        assert put(client, "forged", forged).status_code == 201
        (user,) = [
            e for e in requirement(client, "eu-ai-act:Article-15")["evidence"] if e.get("user_mapping_sets")
        ]
        assert user["asserted_by"] == SET_BASE + "forged" and user["mapping"].startswith(
            ID + "mapping/user/forged/"
        )
        # /sparql never sees the set: it is not in the regime graph
        ask = (
            "ASK { ?m <https://w3id.org/ai-crosswalk/ontology#inMappingSet> ?s FILTER STRSTARTS(STR(?m), '"
            + ID
            + "mapping/user/') }"
        )
        answer = client.get(
            "/sparql", params={"query": ask}, headers={"accept": "application/sparql-results+json"}
        )
        assert answer.json()["boolean"] is False
        graphs = "ASK { GRAPH ?g { ?s ?p ?o } }"
        assert (
            client.get(
                "/sparql", params={"query": graphs}, headers={"accept": "application/sparql-results+json"}
            ).json()["boolean"]
            is False
        )


def test_a_read_token_closes_reads() -> None:
    settings = backend_settings("embedded", write_token=WRITE, read_token=READ)
    with TestClient(create_app(settings=settings)) as client:
        assert client.get("/mapping-sets").status_code == 401
        assert client.get("/mapping-sets", headers={"authorization": f"Bearer {READ}"}).status_code == 200
        assert client.get("/mapping-sets/x", headers={"authorization": f"Bearer {READ}"}).status_code == 404


def test_sparql_update_cannot_touch_the_sets_on_a_remote_store(oxigraph_server: str) -> None:
    settings = backend_settings(
        "remote", oxigraph_server, write_token=WRITE, allow_updates=True, update_token=UPDATE
    )
    with TestClient(create_app(settings=settings)) as client:
        drop = client.post(
            "/sparql",
            data={"update": f"DROP SILENT GRAPH <{SET_BASE}anything>"},
            headers={"authorization": f"Bearer {UPDATE}"},
        )
        assert drop.status_code == 403 and SET_BASE in drop.json()["detail"]


def test_a_sparql_update_rebuilds_known_ids_and_the_gap_index() -> None:
    """Where updates are still allowed, the next answer reads the changed graph (it used to keep stale ones)."""
    settings = backend_settings("embedded", allow_updates=True, update_token=UPDATE)
    new_item = f"{ID}eu-ai-act/Article-15-bis"
    mapping = f"{ID}mapping/test/update-1"
    insert = f"""
        PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        INSERT DATA {{
          <{new_item}> a cw:Provision ; skos:inScheme <{ID}eu-ai-act> ; skos:notation "Article 15a" ;
              skos:prefLabel "A test provision"@en .
          <{mapping}-2> a cw:Mapping ; cw:subject <{ID}jp-aigfb/VIII> ; cw:object <{ID}eu-ai-act/Article-17> ;
              cw:relationship cw:Equal ; cw:confidence 0.8 ; prov:wasAttributedTo <{ID}agent/test> .
          <{mapping}> a cw:Mapping ; cw:subject <{ID}nist-ai-rmf/MEASURE-2.7> ; cw:object <{ID}eu-ai-act/Article-15> ;
              cw:relationship cw:Equal ; cw:confidence 0.9 ; prov:wasAttributedTo <{ID}agent/test> .
        }}"""
    with TestClient(create_app(settings=settings)) as client:
        assert "eu-ai-act:Article-15-bis" not in suggestions(client, "eu-ai-act:Article-15-biss")
        assert requirement(client, "eu-ai-act:Article-15")["status"] == "partial"
        assert requirement(client, "eu-ai-act:Article-17")["status"] == "unmet"
        done = client.post("/sparql", data={"update": insert}, headers={"authorization": f"Bearer {UPDATE}"})
        assert done.status_code == 204, done.text
        assert "eu-ai-act:Article-15-bis" in suggestions(client, "eu-ai-act:Article-15-biss")  # known ids
        after = requirement(client, "eu-ai-act:Article-15")
        assert after["status"] == "met" and any(e.get("mapping") == mapping for e in after["evidence"])
        (derived,) = requirement(client, "eu-ai-act:Article-17")["evidence"]  # composed with the new mapping
        assert derived["derived"] is True and derived["path"] == ["jp-aigfb:VIII"]


def suggestions(client: TestClient, short: str) -> list[str]:
    response = client.get(f"/provisions/{short}")
    assert response.status_code == 404
    found: list[str] = response.json()["suggestions"]
    return found


def test_another_app_on_the_same_remote_store_follows_a_change(oxigraph_server: str) -> None:
    """Workers and replicas over one server: a set stored through one is followed by the other within
    WATCH_SECONDS, and its removal too."""
    settings = backend_settings("remote", oxigraph_server, write_token=WRITE)
    with TestClient(create_app(settings=settings)) as one, TestClient(create_app(settings=settings)) as other:
        try:
            assert requirement(other, "eu-ai-act:Article-15")["status"] == "partial"
            assert put(one, "analyst-5", HEADER + DIRECT).status_code == 201
            assert wait_for(lambda: requirement(other, "eu-ai-act:Article-15")["status"] == "met")
            assert one.delete("/mapping-sets/analyst-5", headers=AUTH).status_code == 204
            assert wait_for(lambda: requirement(other, "eu-ai-act:Article-15")["status"] == "partial")
        finally:
            clear(one)
    time.sleep(WATCH_SECONDS + 0.5)


def wait_for(check: Any, seconds: float = WATCH_SECONDS * 6) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_sets_survive_a_restart_on_the_data_dir(tmp_path: Path) -> None:
    settings = backend_settings("embedded", write_token=WRITE, data_dir=tmp_path / "data")
    with TestClient(create_app(settings=settings)) as client:
        assert put(client, "kept", HEADER + DIRECT).status_code == 201
    with TestClient(create_app(settings=settings)) as client:
        assert client.get("/mapping-sets/kept").status_code == 200
        assert requirement(client, "eu-ai-act:Article-15")["status"] == "met"


def test_layering_nothing_over_the_graph_derives_what_the_graph_holds() -> None:
    """Derivation run again over the graph's asserted mappings gives exactly the derived mappings loaded with
    it, so layering user mappings changes only what they change."""
    store = build_store(REPO_ROOT)
    index = GapIndex.build(store, REPO_ROOT)
    stored = {
        link.mapping for by in index.links.values() for found in by.values() for link in found if link.derived
    }
    edges, regime_of = derive.asserted_edges(store, REPO_ROOT)
    again = {d.iri for d in derive.derive(edges, regime_of)}
    assert stored and again == stored
