"""The embedded store, the Oxigraph server and Virtuoso give the same answers, endpoint by endpoint."""

from __future__ import annotations

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import to_isomorphic

JSON_URLS = [
    "/regimes",
    "/regimes/eu-ai-act",
    "/regimes/jp-aigfb/provisions",
    "/provisions/nist-ai-rmf:GOVERN-1.1",
    "/provisions/eu-ai-act:Article-9",
    "/provisions/m593:Item-1",
    "/crosswalk?from=eu-ai-act",
    "/crosswalk?from=nist-ai-rmf&to=standards&derived=true",
    "/crosswalk?from=g7-hcoc&relationship=intersectsWith",
    "/coverage",
    "/coverage?derived=true",
    "/search?q=risk&limit=200",
    "/regimes/nist-ai-rmf-x",
    "/sparql?query=SELECT%20%3Fk%20WHERE%20%7B%20%3Fr%20%3Chttps%3A%2F%2Fw3id.org%2Fai-crosswalk%2Fontology%23key%3E%20%3Fk%20%7D%20ORDER%20BY%20%3Fk",
]
TEXT_URLS = [
    "/crosswalk?from=m593&format=csv",
    "/coverage?format=svg",
    "/id/nist-ai-rmf/GOVERN-1.1?format=html",
]
SERVERS = ["remote", "virtuoso"]  # each compared with the embedded store
RDF_URLS = [
    "/id/eu-ai-act/Article-9",
    "/id/nist-ai-rmf",
    "/sparql?query=DESCRIBE%20%3Chttps%3A%2F%2Fw3id.org%2Fai-crosswalk%2Fid%2Fm593%2FItem-1%3E",
]


@pytest.fixture(params=SERVERS)
def server_client(request: pytest.FixtureRequest) -> TestClient:
    """The app over each SPARQL server in turn."""
    test_client: TestClient = request.getfixturevalue(f"{request.param}_client")
    return test_client


@pytest.mark.parametrize("url", JSON_URLS)
def test_json_answers_agree(embedded_client: TestClient, server_client: TestClient, url: str) -> None:
    embedded, remote = embedded_client.get(url), server_client.get(url)
    assert embedded.status_code == remote.status_code
    assert embedded.json() == remote.json()


@pytest.mark.parametrize("url", TEXT_URLS)
def test_text_answers_agree(embedded_client: TestClient, server_client: TestClient, url: str) -> None:
    embedded, remote = embedded_client.get(url), server_client.get(url)
    assert embedded.status_code == remote.status_code == 200
    assert embedded.text == remote.text


@pytest.mark.parametrize("url", RDF_URLS)
def test_graphs_agree(embedded_client: TestClient, server_client: TestClient, url: str) -> None:
    graphs = [
        to_isomorphic(rdflib.Graph().parse(data=c.get(url).content, format="turtle"))
        for c in (embedded_client, server_client)
    ]
    assert len(graphs[0]) > 10
    assert graphs[0] == graphs[1]
