"""Our IRIs dereference through /id/...: RDF by Accept, an HTML page for browsers, 404 with suggestions."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
import rdflib
from fastapi.testclient import TestClient

ID = "https://w3id.org/ai-crosswalk/id/"
GOVERN_1_1 = rdflib.URIRef(ID + "nist-ai-rmf/GOVERN-1.1")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
CW = rdflib.Namespace("https://w3id.org/ai-crosswalk/ontology#")


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_item_as_rdf(client: TestClient, accept: str | None, media_type: str, rdflib_format: str) -> None:
    response = client.get("/id/nist-ai-rmf/GOVERN-1.1", headers={"accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "Accept" in response.headers["vary"]
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert (GOVERN_1_1, SKOS.notation, rdflib.Literal("GOVERN 1.1")) in graph
    mappings = set(graph.subjects(CW.subject, GOVERN_1_1)) | set(graph.subjects(CW.object, GOVERN_1_1))
    assert mappings, "the description carries the item's mappings"
    for mapping in mappings:
        assert graph.value(mapping, CW.relationship) is not None


def test_item_as_json_ld(client: TestClient) -> None:
    response = client.get("/id/nist-ai-rmf/GOVERN-1.1", headers={"accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    json.loads(response.content)
    quads = pyoxigraph.parse(response.content, pyoxigraph.RdfFormat.JSON_LD)
    assert any(q.subject == pyoxigraph.NamedNode(str(GOVERN_1_1)) for q in quads)


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    response = client.get(
        "/id/eu-ai-act/Article-9", params={"format": "ntriples"}, headers={"accept": "text/html"}
    )
    assert response.headers["content-type"].startswith("application/n-triples")


def test_browser_gets_an_html_page(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/id/eu-ai-act/Article-9", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "Article 9" in page and "Risk management system" in page
    assert "A risk management system shall be established" in page  # the official text
    assert 'href="https://eur-lex.europa.eu' in page  # source link
    assert "/id/m593/Item-1" in page  # a counterpart, linked through this service
    assert "<script" not in page


def test_regimes_and_mappings_dereference_too(client: TestClient) -> None:
    regime = client.get("/id/nist-ai-rmf", headers={"accept": "text/turtle"})
    assert regime.status_code == 200
    graph = rdflib.Graph().parse(data=regime.content, format="turtle")
    assert (rdflib.URIRef(ID + "nist-ai-rmf"), CW.key, rdflib.Literal("nist-ai-rmf")) in graph
    item = client.get("/provisions/m593:Item-1").json()
    mapping = item["mappings"]["out"][0]["mapping"]
    response = client.get("/id/" + mapping.removeprefix(ID))
    assert response.status_code == 200
    assert (rdflib.URIRef(mapping), CW.subject, rdflib.URIRef(ID + "m593/Item-1")) in rdflib.Graph().parse(
        data=response.content, format="turtle"
    )


def test_unknown_iri_is_a_404_problem_with_suggestions(client: TestClient) -> None:
    response = client.get("/id/nist-ai-rmf/GOVERN-1.10")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "nist-ai-rmf:GOVERN-1.1" in response.json()["suggestions"]
