"""A real SPARQL client (SPARQLWrapper) against the service running in uvicorn on a loopback port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from app.main import create_app

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """Start uvicorn on 127.0.0.1 with an ephemeral port; stop it when the module is done."""
    server = uvicorn.Server(
        uvicorn.Config(create_app(REPO_ROOT), host="127.0.0.1", port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start within 30 s"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/sparql"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_reads_regimes(endpoint: str, method: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    result = client.queryAndConvert()
    assert isinstance(result, dict)
    assert int(result["results"]["bindings"][0]["n"]["value"]) > 1000
