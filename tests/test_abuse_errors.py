"""Client mistakes and a store that is down answer problem+json with the right status, never a 500 page.

Regression tests for issue 15, finding 9: a lone surrogate in a JSON string, an invalid Host header, and a
remote store that refuses or drops the connection each used to give ``500 text/plain`` (or a 200 stream cut
short); the graph store being down is now a 503 with ``Retry-After`` on every route.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.graph.loading import build_store
from app.graph.store import RemoteStore
from app.main import create_app
from tests.conftest import REPO_ROOT, backend_settings, free_port

PROBLEM = "application/problem+json"
# \ud800 as JSON writes it: valid JSON syntax, but the string it makes cannot be written as UTF-8.
DESCRIPTION = (
    '{"id": "urn:example:cv", "name": "CV ranker \\ud800", "purposes": ["recruitment"], '
    '"roles": ["provider"], "markets": ["EU"], "sectors": [], "capabilities": [], "measures": []}'
)


def is_problem(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith(PROBLEM)  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status
    return body


@pytest.mark.parametrize("path", ["/gap-analysis", "/gap-analysis?format=html", "/systems/validate"])
def test_lone_surrogate_in_a_description_is_a_422_naming_the_field(client: TestClient, path: str) -> None:
    response = client.post(path, content=DESCRIPTION.encode(), headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    issues = response.json()["issues"]
    assert [i["field"] for i in issues] == ["name"]
    assert "surrogate" in issues[0]["message"]


def test_lone_surrogate_in_a_key_is_a_422(client: TestClient) -> None:
    body = DESCRIPTION.replace('"sectors"', '"sect\\udc00ors"').encode()
    response = client.post("/gap-analysis", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert "surrogate" in response.json()["issues"][0]["message"]


def test_lone_surrogate_in_turtle_is_a_422(client: TestClient) -> None:
    turtle = (
        "@prefix cw: <https://w3id.org/ai-crosswalk/ontology#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        '<urn:example:cv> a cw:AISystem ; dcterms:title "bad \\ud800" .\n'
    )
    response = client.post("/gap-analysis", content=turtle.encode(), headers={"Content-Type": "text/turtle"})
    assert response.status_code == 422, response.text
    assert "surrogate" in json.dumps(response.json())


@pytest.mark.parametrize("media_type", ["application/json", "application/x-ndjson"])
def test_lone_surrogate_in_a_portfolio_is_that_items_error_and_the_stream_completes(
    client: TestClient, media_type: str
) -> None:
    good = (REPO_ROOT / "data" / "examples" / "cv-ranker.json").read_text(encoding="utf-8")
    items = [DESCRIPTION, json.dumps(json.loads(good)), DESCRIPTION]
    body = ("[" + ",".join(items) + "]") if media_type == "application/json" else "\n".join(items)
    response = client.post(
        "/gap-analysis/portfolio", content=body.encode(), headers={"Content-Type": media_type}
    )
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    assert [line["index"] for line in lines] == [0, 1, 2]
    assert lines[0]["error"]["status"] == 422 and lines[2]["error"]["status"] == 422
    assert "error" not in lines[1]


def test_invalid_host_header_is_a_400_problem(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Host": "%zz", "Accept": "text/turtle"})
    assert "Host" in str(is_problem(response, 400)["detail"])


# --- a remote store that goes away -----------------------------------------------------------------


@pytest.fixture(scope="module")
def fragile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """An Oxigraph server of this module's own, loaded, that the tests may stop."""
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert exe, "the oxigraph server is not installed (requirements-dev.lock)"
    port = free_port()
    location = tmp_path_factory.mktemp("fragile")
    command = [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):  # noqa: S310
                break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "oxigraph did not start"
            time.sleep(0.1)
    RemoteStore(f"{url}/query", f"{url}/update", f"{url}/store").replace_default_graph(build_store(REPO_ROOT))
    yield url, process
    process.terminate()
    process.wait(timeout=10)


def hang_up_on(port: int, stop: threading.Event) -> None:
    """Accept connections on ``port`` and close each at once without answering (RemoteDisconnected)."""
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.recv(65536)
            conn.close()


def test_a_store_that_is_down_is_a_503_problem_everywhere(
    fragile_store: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, process = fragile_store
    with TestClient(create_app(settings=backend_settings("remote", url))) as test_client:
        assert test_client.get("/health").status_code == 200
        process.terminate()
        process.wait(timeout=10)
        port = int(url.rsplit(":", 1)[1])
        for hang_up in (False, True):  # first refused, then accepted and dropped (RemoteDisconnected)
            stop = threading.Event()
            thread = threading.Thread(target=hang_up_on, args=(port, stop), daemon=True)
            if hang_up:
                thread.start()
                time.sleep(0.3)
            try:
                for response in (
                    test_client.get("/health"),
                    test_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}),
                    test_client.post(
                        "/sparql",
                        content=b"ASK {}",
                        headers={"Content-Type": "application/sparql-query"},
                    ),
                ):
                    body = is_problem(response, 503)
                    assert response.headers["retry-after"]
                    assert url not in json.dumps(body)
            finally:
                stop.set()
                if hang_up:
                    thread.join(timeout=5)
