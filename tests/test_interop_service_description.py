"""The SPARQL service description names, with W3C's format IRIs (https://www.w3.org/ns/formats/), exactly the
result formats /sparql serves, and /sparql serves each of them."""

from __future__ import annotations

import rdflib
from fastapi.testclient import TestClient

W3C = "http://www.w3.org/ns/formats/"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
# media type -> W3C format IRI, from https://www.w3.org/ns/formats/ (the list of unique URIs for formats)
SELECT_FORMATS = {
    "application/sparql-results+json": W3C + "SPARQL_Results_JSON",
    "application/sparql-results+xml": W3C + "SPARQL_Results_XML",
    "text/csv": W3C + "SPARQL_Results_CSV",
    "text/tab-separated-values": W3C + "SPARQL_Results_TSV",
}
GRAPH_FORMATS = {
    "text/turtle": W3C + "Turtle",
    "application/n-triples": W3C + "N-Triples",
    "application/rdf+xml": W3C + "RDF_XML",
    "application/ld+json": W3C + "JSON-LD",
}
SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/ai-crosswalk/ontology#Regime> } LIMIT 2"
CONSTRUCT = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 2"


def test_service_description_lists_the_served_formats_with_w3c_iris(embedded_client: TestClient) -> None:
    response = embedded_client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    listed = {str(o) for o in graph.objects(None, SD.resultFormat)}
    assert listed == set(SELECT_FORMATS.values()) | set(GRAPH_FORMATS.values())
    assert "https://www.w3.org/ns/formats/data/JSON-LD" not in response.text


def test_each_listed_format_is_served(embedded_client: TestClient) -> None:
    for formats, query in ((SELECT_FORMATS, SELECT), (GRAPH_FORMATS, CONSTRUCT)):
        for media_type in formats:
            response = embedded_client.get("/sparql", params={"query": query}, headers={"accept": media_type})
            assert response.status_code == 200, (media_type, response.text)
            assert response.headers["content-type"].split(";")[0] == media_type
