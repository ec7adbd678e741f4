"""Real clients against the service running in uvicorn on a loopback port, on both back ends."""

from __future__ import annotations

import csv
import io
import xml.dom.minidom

import httpx2 as httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

ID = "https://w3id.org/ai-crosswalk/id/"
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
COUNTERPARTS = f"""PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
SELECT ?other WHERE {{ ?m cw:subject <{ID}m593/Item-1> ; cw:object ?other }} ORDER BY ?other"""


def wrapper(live: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{live}/sparql")
    client.setMethod(method)
    client.setReturnFormat(fmt)
    return client


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_json(live: str, method: str) -> None:
    client = wrapper(live, JSON, method)
    client.setQuery(COUNTERPARTS)
    result = client.queryAndConvert()
    assert isinstance(result, dict)
    others = [b["other"]["value"] for b in result["results"]["bindings"]]
    assert f"{ID}eu-ai-act/Article-9" in others


def test_sparqlwrapper_xml(live: str) -> None:
    client = wrapper(live, XML)
    client.setQuery(COUNTERPARTS)
    result = client.queryAndConvert()
    assert isinstance(result, xml.dom.minidom.Document)
    uris = [n.firstChild.data for n in result.getElementsByTagName("uri")]
    assert f"{ID}eu-ai-act/Article-9" in uris


def test_sparqlwrapper_csv(live: str) -> None:
    client = wrapper(live, CSV)
    client.setQuery(COUNTERPARTS)
    result = client.queryAndConvert()
    rows = list(csv.DictReader(io.StringIO(result.decode() if isinstance(result, bytes) else str(result))))
    assert f"{ID}eu-ai-act/Article-9" in [r["other"] for r in rows]


def test_sparqlwrapper_construct(live: str) -> None:
    client = wrapper(live, TURTLE)
    client.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<{ID}nist-ai-rmf/GOVERN-1.1> AS ?s) ?s ?p ?o }}")
    result = client.queryAndConvert()
    graph = rdflib.Graph().parse(data=result, format="turtle")
    assert (
        rdflib.URIRef(f"{ID}nist-ai-rmf/GOVERN-1.1"),
        SKOS.notation,
        rdflib.Literal("GOVERN 1.1"),
    ) in graph


def test_rdflib_sparqlstore(live: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{live}/sparql", returnFormat="json"))
    rows = list(graph.query(f"SELECT ?n WHERE {{ <{ID}eu-ai-act/Article-9> <{SKOS}notation> ?n }}"))
    assert [str(r[0]) for r in rows] == ["Article 9"]  # type: ignore[index]
    labels = list(graph.objects(rdflib.URIRef(f"{ID}nist-ai-rmf/GOVERN-1.1"), SKOS.notation))
    assert labels == [rdflib.Literal("GOVERN 1.1")]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


def test_plain_http_header_by_header(live: str) -> None:
    with httpx.Client(base_url=live, timeout=30) as http:
        health = http.get("/health")
        assert health.status_code == 200
        assert health.headers["content-type"] == "application/json"
        response = http.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://example.org"})
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert "Accept" in response.headers["vary"]
        assert response.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in response.headers
        bad = http.get("/sparql", params={"query": "SELEKT"})
        assert bad.status_code == 400
        assert bad.headers["content-type"] == "application/problem+json"
        page = http.get("/id/eu-ai-act/Article-9", headers={"accept": "text/html"})
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert page.headers["link"] == f'<{ID}eu-ai-act/Article-9>; rel="canonical"'
        svg = http.get("/coverage", headers={"accept": "image/svg+xml"})
        assert svg.headers["content-type"] == "image/svg+xml"
        csv_body = http.get("/crosswalk", params={"from": "m593", "format": "csv"})
        assert csv_body.headers["content-type"] == "text/csv; charset=utf-8"
