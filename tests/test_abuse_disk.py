"""A full disk under --data-dir (issue 15, finding 8): a write that finds no room is a 503 and loses nothing,
and once room is freed the next write succeeds without a restart (RocksDB refused every write until the store
was reopened). Needs a small filesystem to fill: a tmpfs, mounted when the tests run as root, else skipped."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import REPO_ROOT, backend_settings

TOKEN = "disk-test-token"  # noqa: S105 - a test's own token
HEADERS = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
CV_RANKER = json.loads((REPO_ROOT / "data" / "examples" / "cv-ranker.json").read_text(encoding="utf-8"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    """Fill the filesystem to the last block, and return the file that does it."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def put(client: TestClient, system_id: str) -> int:
    document = {**CV_RANKER, "id": system_id, "description": "x" * 20_000}
    response = client.put(
        f"/systems/{quote(system_id, safe='')}", content=json.dumps(document), headers=HEADERS
    )
    if response.status_code >= 300:
        assert response.headers["content-type"].startswith("application/problem+json")
    return response.status_code


def test_writes_recover_once_the_disk_has_room_again(small_disk: Path) -> None:
    settings = backend_settings("embedded", data_dir=small_disk / "data", write_token=TOKEN, query_workers=1)
    with TestClient(create_app(settings=settings)) as client:
        assert put(client, "urn:example:before") == 201
        assert client.get("/health").json()["status"] == "ok"
        filler = fill(small_disk)
        assert client.get("/health").json()["status"].startswith("read-only")
        assert [put(client, f"urn:example:full-{i}") for i in range(2)] == [503, 503]
        assert client.get("/health").json()["status"].startswith("read-only")
        filler.unlink()
        assert put(client, "urn:example:after") == 201
        assert client.get("/health").json()["status"] == "ok"
        stored = {r["id"] for r in client.get("/systems", headers=HEADERS).json()["systems"]}
        assert {"urn:example:before", "urn:example:after"} <= stored
        assert not any(s.startswith("urn:example:full") for s in stored)
