"""The server process under slow and careless clients (issue 15, findings 7 and 11): slowloris connections
are closed at the header and body time-outs, an impossible port is refused, and import-sssom never writes into
the installed package. A real ``crosswalk serve`` process, with short time-outs from its environment."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, free_port

CLI = [sys.executable, "-c", "from app.cli.main import main; main()"]
GIVE_UP = 30.0  # far past the 1 s time-outs set below: a connection still open then was never closed


def serve_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSWALK_")}
    return env | extra


def serve(**env: str) -> Iterator[tuple[str, int]]:
    """``crosswalk serve`` on a free loopback port with these ``CROSSWALK_*`` variables, until the test ends."""
    port = free_port()
    command = [*CLI, "serve", "--port", str(port), "--no-access-log", "--root", str(REPO_ROOT)]
    process = subprocess.Popen(
        command, env=serve_env(**env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "crosswalk serve did not start"
            time.sleep(0.2)
    yield "127.0.0.1", port
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    """A server with a 1 s header and body time-out."""
    yield from serve(CROSSWALK_HEADER_TIMEOUT="1", CROSSWALK_BODY_TIMEOUT="1", CROSSWALK_QUERY_WORKERS="1")


@pytest.fixture(scope="module")
def crowded() -> Iterator[tuple[str, int]]:
    """A server that takes three connections at once (and waits a minute for a request's head)."""
    yield from serve(
        CROSSWALK_MAX_CONNECTIONS="3", CROSSWALK_HEADER_TIMEOUT="60", CROSSWALK_QUERY_WORKERS="1"
    )


def closed_by_server(sock: socket.socket, trickle: bytes = b"") -> bool:
    """Keep the connection busy with ``trickle`` every 0.3 s (if any); True once the server closes it."""
    sock.settimeout(0.3)
    deadline = time.monotonic() + GIVE_UP
    while time.monotonic() < deadline:
        try:
            if sock.recv(65536) == b"":
                return True
        except TimeoutError:
            pass
        except ConnectionError:
            return True
        if trickle:
            try:
                sock.sendall(trickle)
            except ConnectionError:
                return True
    return False


def test_a_head_sent_a_byte_at_a_time_is_cut_off(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n")
        assert closed_by_server(sock, trickle=b"X")


def test_a_silent_connection_is_cut_off(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as sock:
        assert closed_by_server(sock)


def test_a_body_that_never_finishes_is_cut_off(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as sock:
        head = b"POST /gap-analysis HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        sock.sendall(head + b"Content-Length: 100000\r\n\r\n{")
        assert closed_by_server(sock, trickle=b" ")


def test_prompt_clients_keep_their_connection(server: tuple[str, int]) -> None:
    with socket.create_connection(server) as sock:
        sock.settimeout(GIVE_UP)
        for _ in range(3):  # one keep-alive connection, several requests, each well inside the time-outs
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            answer = b""
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                chunk = sock.recv(65536)
                assert chunk, "the server closed a prompt client's connection"
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200")
    body = b'{"id": "urn:example:x"}'
    request = urllib.request.Request(
        f"http://{server[0]}:{server[1]}/systems/validate",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=GIVE_UP) as response:  # noqa: S310
        assert response.status == 200


def test_an_impossible_port_is_refused() -> None:
    result = subprocess.run(
        [*CLI, "serve", "--port", "99999"], env=serve_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "99999" in result.stderr and "65535" in result.stderr
    assert "serving" not in result.stdout


def test_import_sssom_never_writes_into_the_installed_package(tmp_path: Path) -> None:
    """A copy of the package with its graph shipped inside (as a wheel installs it), run without --root."""
    site = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "app", site / "app", ignore=shutil.ignore_patterns("__pycache__", "_shipped"))
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(REPO_ROOT / folder, site / "app" / "_shipped" / folder)
    table = tmp_path / "m593.sssom.tsv"
    env = serve_env(PYTHONPATH=str(site))
    export = [*CLI, "export", "sssom", "--from", "m593", "--to", "eu-ai-act", "-o", str(table)]
    subprocess.run(export, env=env, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    before = sorted(p for p in site.rglob("*") if p.is_file())
    result = subprocess.run(
        [*CLI, "import-sssom", str(table)], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0
    assert "-o" in result.stderr
    assert sorted(p for p in site.rglob("*") if p.is_file()) == before
    out = tmp_path / "imported.ttl"
    ok = subprocess.run(
        [*CLI, "import-sssom", str(table), "-o", str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    assert ok.returncode == 0, ok.stderr
    assert "cw:Mapping" in out.read_text(encoding="utf-8")


def test_past_the_connection_limit_the_503_is_a_problem(crowded: tuple[str, int]) -> None:
    idle = [socket.create_connection(crowded) for _ in range(3)]  # every connection the server takes
    try:
        time.sleep(0.5)  # the server has accepted them
        with socket.create_connection(crowded) as sock:
            sock.settimeout(GIVE_UP)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            answer = b""
            while chunk := sock.recv(65536):  # the server closes the connection after its answer
                answer += chunk
    finally:
        for sock in idle:
            sock.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503"), answer[:300]
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:])
    }
    assert headers[b"content-type"].startswith(b"application/problem+json")
    assert headers[b"retry-after"]
    assert json.loads(body)["status"] == 503
    time.sleep(0.5)  # the idle connections' close has reached the server
    with urllib.request.urlopen(f"http://{crowded[0]}:{crowded[1]}/health", timeout=GIVE_UP) as response:
        assert response.status == 200  # the limit, not a broken server
