"""The REST API on both back ends: regimes, provision trees, items with mappings, crosswalk, coverage, search."""

from __future__ import annotations

import csv
import functools
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.cli.main import main
from app.core.identifiers import RELATIONSHIPS
from app.http.api.crosswalk import Relationship

ID = "https://w3id.org/ai-crosswalk/id/"
REPO_ROOT = Path(__file__).resolve().parent.parent
PROBLEM = "application/problem+json"


def test_health_names_the_backend(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["backend"] in {"embedded", "remote"}
    assert body["triples"] > 10_000


def test_regimes_lists_every_regime_with_version_and_source(client: TestClient) -> None:
    response = client.get("/regimes")
    assert response.status_code == 200
    regimes = {r["id"]: r for r in response.json()}
    assert {"eu-ai-act", "nist-ai-rmf", "m593", "g7-hcoc", "jp-aigfb", "standards"} <= set(regimes)
    nist = regimes["nist-ai-rmf"]
    assert nist["iri"] == ID + "nist-ai-rmf"
    assert nist["version"] == "1.0"
    assert nist["source"].startswith("https://")
    assert nist["items"] > 90


@pytest.mark.parametrize("identifier", ["nist-ai-rmf", ID + "nist-ai-rmf"])
def test_one_regime_by_key_or_iri(client: TestClient, identifier: str) -> None:
    response = client.get(f"/regimes/{identifier}")
    assert response.status_code == 200
    assert response.json()["key"] == "nist-ai-rmf"
    assert response.json()["kind"] == "framework"


def test_unknown_regime_is_a_404_with_the_closest_keys(client: TestClient) -> None:
    response = client.get("/regimes/nist-ai-rfm")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["title"] == "Unknown identifier"
    assert problem["suggestions"][0] == "nist-ai-rmf"
    assert "did you mean nist-ai-rmf" in problem["detail"]


def test_provision_tree_follows_broader(client: TestClient) -> None:
    tree = client.get("/regimes/nist-ai-rmf/provisions").json()
    roots = [n["notation"] for n in tree["provisions"]]
    assert roots[:4] == ["GOVERN", "MAP", "MEASURE", "MANAGE"]  # then the characteristics (Section 3.x)
    govern_1 = tree["provisions"][0]["children"][0]
    assert govern_1["id"] == "nist-ai-rmf:GOVERN-1"
    assert [c["notation"] for c in govern_1["children"]][:3] == ["GOVERN 1.1", "GOVERN 1.2", "GOVERN 1.3"]

    def count(nodes: list[dict[str, object]]) -> int:
        return sum(1 + count(n["children"]) for n in nodes)  # type: ignore[arg-type]

    assert count(tree["provisions"]) == tree["count"]


@pytest.mark.parametrize("identifier", ["nist-ai-rmf:GOVERN-1.1", ID + "nist-ai-rmf/GOVERN-1.1"])
def test_provision_has_text_source_and_mappings(client: TestClient, identifier: str) -> None:
    response = client.get(f"/provisions/{identifier}")
    assert response.status_code == 200
    item = response.json()
    assert item["notation"] == "GOVERN 1.1"
    assert item["text"].startswith("Legal and regulatory requirements involving AI")
    assert item["source"] == "https://doi.org/10.6028/NIST.AI.100-1"
    assert item["broader"]["id"] == "nist-ai-rmf:GOVERN-1"
    assert item["regime_key"] == "nist-ai-rmf" and item["point_in_time"]["in_version"] is True
    mappings = item["mappings"]["out"] + item["mappings"]["in"]
    assert mappings, "GOVERN 1.1 has counterparts in the shipped crosswalks"
    for m in mappings:
        assert m["relationship"] in {"equal", "subsetOf", "supersetOf", "intersectsWith", "notRelated"}
        assert m["counterpart"]["id"].split(":")[0] != "nist-ai-rmf"
        # a published crosswalk states no confidence (None); ours are in [0, 1]
        assert m["confidence"] is None or 0 <= m["confidence"] <= 1


def test_derived_mappings_carry_their_path(client: TestClient) -> None:
    item = client.get("/provisions/eu-ai-act:Article-9").json()
    mappings = item["mappings"]["out"] + item["mappings"]["in"]
    asserted = [m for m in mappings if not m["derived"]]
    derived = [m for m in mappings if m["derived"]]
    assert asserted and derived
    assert any(m["counterpart"]["id"] == "m593:Item-1" and m["relationship"] == "equal" for m in asserted)
    for m in derived:
        assert m["path"]["length"] >= 2
        assert m["path"]["via"], m
        assert len(m["path"]["derived_from"]) >= 2
    assert all(m["path"] is None for m in asserted)


def test_unknown_provision_suggests_close_ids(client: TestClient) -> None:
    response = client.get("/provisions/nist-ai-rmf:GOVERN-1.x")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "nist-ai-rmf:GOVERN-1.1" in response.json()["suggestions"] or any(
        s.startswith("nist-ai-rmf:GOVERN-1.") for s in response.json()["suggestions"]
    )


def test_crosswalk_as_json(client: TestClient) -> None:
    response = client.get("/crosswalk", params={"from": "m593", "to": "eu-ai-act"})
    assert response.status_code == 200
    table = response.json()
    assert table["from"] == "m593" and table["to"] == "eu-ai-act" and table["count"] == len(table["rows"]) > 5
    pairs = {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in table["rows"]}
    assert ("m593:Item-1", "equal", "eu-ai-act:Article-9") in pairs
    assert not any(r["derived"] for r in table["rows"])


def test_crosswalk_is_read_from_the_from_side(client: TestClient) -> None:
    forward = client.get("/crosswalk", params={"from": "m593", "to": "eu-ai-act"}).json()["rows"]
    backward = client.get("/crosswalk", params={"from": "eu-ai-act", "to": "m593"}).json()["rows"]
    inverse = {"equal": "equal", "subsetOf": "supersetOf", "supersetOf": "subsetOf"}
    inverse |= {"intersectsWith": "intersectsWith", "notRelated": "notRelated"}
    assert {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in forward} == {
        (r["object_id"], inverse[r["predicate_id"]], r["subject_id"]) for r in backward
    }


def test_crosswalk_filters_by_relationship_and_adds_derived(client: TestClient) -> None:
    base = {"from": "eu-ai-act"}
    every = client.get("/crosswalk", params=base).json()
    equal = client.get("/crosswalk", params={**base, "relationship": "equal"}).json()
    derived = client.get("/crosswalk", params={**base, "derived": "true"}).json()
    assert 0 < equal["count"] < every["count"]
    assert {r["predicate_id"] for r in equal["rows"]} == {"equal"}
    assert derived["count"] > every["count"]
    assert any(
        r["derived"] and r["mapping_justification"] == "semapv:MappingChaining" for r in derived["rows"]
    )


def test_the_relationship_parameter_is_the_ir_8477_list() -> None:
    """The query parameter's Literal (for the OpenAPI enum) lists app.core.identifiers' relationships, in order."""
    assert get_args(Relationship) == tuple(RELATIONSHIPS)


def test_crosswalk_rejects_an_unknown_relationship(client: TestClient) -> None:
    response = client.get("/crosswalk", params={"from": "m593", "relationship": "sameAs"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(("params", "headers"), [({"format": "csv"}, {}), ({}, {"accept": "text/csv"})])
def test_crosswalk_as_csv(client: TestClient, params: dict[str, str], headers: dict[str, str]) -> None:
    response = client.get("/crosswalk", params={"from": "m593", "to": "eu-ai-act", **params}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"subject notation", "relationship", "object notation", "confidence"} <= set(rows[0])
    assert any(r["subject notation"] == "Item 1" and r["object notation"] == "Article 9" for r in rows)


@pytest.mark.parametrize("fmt", ["csv", "sssom"])
@pytest.mark.parametrize(
    ("params", "options"),
    [
        ({"from": "m593", "to": "eu-ai-act"}, ("--from", "m593", "--to", "eu-ai-act", "--no-derived")),
        ({"from": "jp-aigfb", "derived": "true"}, ("--from", "jp-aigfb", "--derived")),
    ],
)
def test_crosswalk_csv_and_sssom_are_the_cli_export(
    client: TestClient, fmt: str, params: dict[str, str], options: tuple[str, ...]
) -> None:
    """One writer per format: GET /crosswalk's CSV and SSSOM are byte for byte `crosswalk export`'s."""
    response = client.get("/crosswalk", params={**params, "format": fmt})
    assert response.status_code == 200, response.text
    assert response.content == cli_export(fmt, *options)
    assert response.text.count("\n") > 2


@functools.cache
def cli_export(*arguments: str) -> bytes:
    """What `crosswalk export` writes to stdout, once per selection (it builds the store each time)."""
    exported = CliRunner().invoke(main, ["export", *arguments, "--root", str(REPO_ROOT)])
    assert exported.exit_code == 0, exported.output
    return exported.stdout_bytes


def test_crosswalk_as_sssom(client: TestClient) -> None:
    response = client.get("/crosswalk", params={"from": "m593", "to": "eu-ai-act", "format": "sssom"})
    if response.status_code == 501:  # the SSSOM writer (app.exports.sssom) is not in this tree yet
        assert response.headers["content-type"] == PROBLEM
        return
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    assert "m593:Item-1" in response.text or ID + "m593/Item-1" in response.text


def test_coverage_matrix(client: TestClient) -> None:
    matrix = client.get("/coverage").json()
    assert "eu-ai-act" in matrix["regimes"] and "m593" in matrix["regimes"]
    cell = {(c["from"], c["to"], c["relationship"]): c["items"] for c in matrix["cells"]}
    assert cell[("m593", "eu-ai-act", "equal")] > 0
    for pair in matrix["pairs"]:
        assert 0 < pair["items"] <= pair["of"]
        assert pair["share"] == pytest.approx(pair["items"] / pair["of"], abs=1e-4)
    derived = client.get("/coverage", params={"derived": "true"}).json()
    assert sum(p["items"] for p in derived["pairs"]) >= sum(p["items"] for p in matrix["pairs"])


@pytest.mark.parametrize(("params", "headers"), [({"format": "svg"}, {}), ({}, {"accept": "image/svg+xml"})])
def test_coverage_heatmap_svg(client: TestClient, params: dict[str, str], headers: dict[str, str]) -> None:
    response = client.get("/coverage", params=params, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    svg = ET.fromstring(response.content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    cells = svg.findall("{http://www.w3.org/2000/svg}rect")
    regimes = client.get("/coverage").json()["regimes"]
    assert len(cells) == len(regimes) ** 2
    assert any("m593 → eu-ai-act" in (c.findtext("{http://www.w3.org/2000/svg}title") or "") for c in cells)


def test_search_ranks_exact_notation_first(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "govern 1.1"}).json()["hits"]
    assert hits[0]["id"] == "nist-ai-rmf:GOVERN-1.1"
    assert hits[0]["match"] == "notation"


def test_search_ranking_is_notation_prefix_label_text(client: TestClient) -> None:
    body = client.get("/search", params={"q": "govern", "limit": 200}).json()
    ranks = [h["rank"] for h in body["hits"]]
    assert ranks == sorted(ranks)
    assert body["hits"][0]["notation"] == "GOVERN"  # exact notation
    assert body["hits"][1]["match"] == "notation-prefix"
    risk = client.get("/search", params={"q": "risk management system"}).json()["hits"]
    assert any(h["id"] == "eu-ai-act:Article-9" and h["match"] == "label" for h in risk)


def test_search_needs_a_query(client: TestClient) -> None:
    response = client.get("/search")
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


def test_search_binds_the_string_it_never_pastes_it(client: TestClient) -> None:
    hostile = '") } } SELECT * WHERE { ?s ?p ?o } #'
    response = client.get("/search", params={"q": hostile})
    assert response.status_code == 200
    assert response.json()["hits"] == []


def test_openapi_documents_every_endpoint_with_typed_models(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ["/regimes", "/regimes/{regime}", "/provisions/{item}", "/crosswalk", "/coverage", "/search"]:
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    assert {"Regime", "Provision", "ItemMapping", "Crosswalk", "Coverage", "SearchResults"} <= set(schemas)
