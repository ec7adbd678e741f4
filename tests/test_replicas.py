"""Two API replicas (real `crosswalk serve` processes) over one Oxigraph server: they answer alike, and an
inventory write through one is visible through the other at once (no cache between them and the store)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx2 as httpx
import pytest

from tests.conftest import REPO_ROOT, free_port

WRITE = "replica-write-token"
READ = "replica-read-token"
WRITER = {"authorization": f"Bearer {WRITE}"}
READER = {"authorization": f"Bearer {READ}"}
SYSTEM = "urn:test:replicas:cv-ranker"
CV_RANKER = json.loads((REPO_ROOT / "data" / "examples" / "cv-ranker.json").read_text(encoding="utf-8"))
SAME_ANSWERS = [
    "/regimes",
    "/provisions/eu-ai-act:Article-9",
    "/crosswalk?from=nist-ai-rmf&to=standards&derived=true",
    "/coverage",
    "/search?q=risk&limit=50",
    "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
]


def start_replica(store: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`crosswalk serve` over the store, as an operator runs it (settings from CROSSWALK_* variables)."""
    exe = shutil.which("crosswalk", path=str(Path(sys.executable).parent))
    assert exe, "the crosswalk command is not installed in the venv"
    port = free_port()
    env = {
        **os.environ,
        "CROSSWALK_WRITE_TOKEN": WRITE,
        "CROSSWALK_READ_TOKEN": READ,
        "CROSSWALK_ACCESS_LOG": "false",
    }
    command = [exe, "serve", "--host", "127.0.0.1", "--port", str(port), "--store", f"{store}/query"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def wait_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, f"the replica exited: {log.read_text(errors='replace')[-2000:]}"
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, (
            f"no /health within 90 s: {log.read_text(errors='replace')[-2000:]}"
        )
        time.sleep(0.2)


@pytest.fixture(scope="module")
def replicas(oxigraph_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two replicas started side by side (they load in parallel), stopped afterwards."""
    logs = tmp_path_factory.mktemp("replicas")
    started = [start_replica(oxigraph_server, logs / f"replica-{n}.log") for n in (1, 2)]
    try:
        for n, (process, url) in enumerate(started, 1):
            wait_healthy(process, url, logs / f"replica-{n}.log")
        yield started[0][1], started[1][1]
    finally:
        for process, url in started:
            httpx.delete(f"{url}/systems/{quote(SYSTEM, safe='')}", headers=WRITER, timeout=10)
            process.terminate()
        for process, _ in started:
            process.wait(timeout=15)


def test_replicas_answer_alike(replicas: tuple[str, str]) -> None:
    one, two = replicas
    health = [httpx.get(f"{url}/health").json() for url in replicas]
    assert health[0] == health[1]
    assert health[0]["backend"] == "remote"
    for path in SAME_ANSWERS:
        first, second = httpx.get(f"{one}{path}", timeout=30), httpx.get(f"{two}{path}", timeout=30)
        assert first.status_code == second.status_code == 200, path
        assert first.json() == second.json(), path


def test_a_write_through_one_is_read_through_the_other_at_once(replicas: tuple[str, str]) -> None:
    one, two = replicas
    system = f"/systems/{quote(SYSTEM, safe='')}"
    document = {**CV_RANKER, "id": SYSTEM, "name": "Replicated CV ranker"}
    created = httpx.put(f"{one}{system}", content=json.dumps(document), headers=WRITER, timeout=30)
    assert created.status_code == 201, created.text
    read = httpx.get(f"{two}{system}", headers=READER, timeout=30)  # no wait, no retry
    assert read.status_code == 200, read.text
    assert read.json() == httpx.get(f"{one}{system}", headers=READER, timeout=30).json()
    assert read.json()["name"] == "Replicated CV ranker"
    assert SYSTEM in {s["id"] for s in httpx.get(f"{two}/systems", headers=READER).json()["systems"]}
    gaps = [httpx.get(f"{url}{system}/gaps", headers=READER, timeout=30) for url in replicas]
    assert gaps[0].status_code == gaps[1].status_code == 200
    assert gaps[0].json() == gaps[1].json()

    renamed = httpx.put(
        f"{two}{system}", content=json.dumps({**document, "name": "Renamed"}), headers=WRITER, timeout=30
    )
    assert renamed.status_code == 200, renamed.text
    assert httpx.get(f"{one}{system}", headers=READER).json()["name"] == "Renamed"

    assert httpx.delete(f"{two}{system}", headers=WRITER).status_code == 204
    assert httpx.get(f"{one}{system}", headers=READER).status_code == 404
    assert SYSTEM not in {s["id"] for s in httpx.get(f"{one}/systems", headers=READER).json()["systems"]}


def test_tokens_hold_on_every_replica(replicas: tuple[str, str]) -> None:
    document = {**CV_RANKER, "id": SYSTEM}
    for url in replicas:
        system = f"{url}/systems/{quote(SYSTEM, safe='')}"
        assert httpx.put(system, content=json.dumps(document), headers=READER).status_code in (401, 403)
        assert httpx.get(f"{url}/systems").status_code == 401
