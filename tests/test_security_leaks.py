"""Issue 14, leaks: server errors carry no store URL, filesystem path or token; query workers inherit no token."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.inventory.systems import Inventory
from app.main import create_app
from tests.conftest import backend_settings
from tests.test_inventory import AUTH, CV_RANKER, WRITE

SECRET = "do-not-leak-this-token"  # noqa: S105 - a test token


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_store_that_is_down_is_not_named(oxigraph_server: str) -> None:
    settings = backend_settings("remote", oxigraph_server, read_token=SECRET)
    with TestClient(create_app(settings=settings)) as client:
        hidden = f"http://127.0.0.1:{closed_port()}/private/store/query"
        client.app.state.store.query_url = hidden  # type: ignore[attr-defined] # the server goes away
        response = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
        assert response.status_code >= 500
        text = response.text
        assert response.headers["content-type"] == "application/problem+json"
        for leak in ("127.0.0.1", "http://", "/private/store", oxigraph_server, SECRET):
            assert leak not in text, text


@pytest.fixture
def inventory_client(tmp_path: Path) -> Iterator[TestClient]:
    settings = backend_settings("embedded", write_token=WRITE, data_dir=tmp_path / "data")
    with TestClient(create_app(settings=settings)) as client:
        yield client


def test_a_failing_disk_is_not_shown(
    inventory_client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "data" / "systems" / "000012.log"

    def full(*_: Any, **__: Any) -> Any:
        raise OSError(f"IO error: While appending to file: {log}: No space left on device")

    monkeypatch.setattr(Inventory, "write", full)
    response = inventory_client.put(
        "/systems/urn%3Atest%3Aleak", content=json.dumps({**CV_RANKER, "id": "urn:test:leak"}), headers=AUTH
    )
    assert response.status_code == 503, response.text
    assert "No space left on device" in response.json()["detail"]  # what went wrong is still said
    assert str(tmp_path) not in response.text and "000012.log" not in response.text


def environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_query_workers_inherit_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CROSSWALK_READ_TOKEN", "CROSSWALK_WRITE_TOKEN", "CROSSWALK_UPDATE_TOKEN"):
        monkeypatch.setenv(name, SECRET)
    with TestClient(create_app(settings=backend_settings("embedded"))) as client:
        assert client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).status_code == 200
        workers = list(client.app.state.store.pool._idle.queue)  # type: ignore[attr-defined]
        assert workers
        for worker in workers:
            environment = environment_of(worker.process.pid)
            assert "PATH" in environment  # the rest of the environment is kept
            assert not [k for k in environment if k.startswith("CROSSWALK_")]
            assert SECRET not in json.dumps(environment)
