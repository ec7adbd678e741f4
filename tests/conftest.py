"""Shared fixtures: the shipped graph behind a live app, and a tiny fixture graph whose faults we choose."""

from __future__ import annotations

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
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.graph.loading import build_store
from app.graph.store import RemoteStore
from app.main import create_app
from tests.virtuoso_server import VIRTUOSO

REPO_ROOT = Path(__file__).resolve().parent.parent
MINI_ROOT = Path(__file__).resolve().parent / "fixtures" / "mini"

VIOLATING_TTL = """\
@prefix ex:   <https://example.org/mini#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
# No label (qc), no notation (SHACL), and both a Regime and a Provision (disjoint: OWL inconsistent).
ex:art3 a ex:Article, ex:Regime ; skos:inScheme ex:act .
"""


BACKENDS = ["embedded", "remote", "virtuoso"]
"""The embedded store, a real Oxigraph server, a real Virtuoso: every test over ``client``/``live`` and every
module fixture over BACKENDS runs on each (``backend_settings`` finds the session's Virtuoso itself)."""
# Small limits, so the limit tests run in seconds; every other query here finishes far inside them.
LIMITS = {"query_timeout": 3.0, "result_limit": 20_000, "query_workers": 2}


# Modules whose tests take seconds each: the external validators and reasoner (HermiT, sssom-py, trestle) over
# the whole graph (and every test_interop_*.py), every example through the CLI, every generator, process kills,
# query time limits and admission control (every test_abuse_*.py), forked portfolio processes, every binding against Oxigraph's
# substitutions. Measured with `pytest --durations`; `make test-fast` leaves them out.
HEAVY_MODULES = {
    "test_check.py",
    "test_portfolio_pool.py",
    "test_cli_gaps.py",
    "test_data_rebuild.py",
    "test_exports.py",
    "test_exports_sssom.py",
    "test_hostile_queries.py",
    "test_interop_sssom.py",
    "test_inventory_durability.py",
    "test_mapping_sets.py",
    "test_store_binding.py",
}

SERVER_FIXTURES = {"oxigraph_server", "virtuoso_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers for the test tiers (`make test-fast` leaves these out): ``remote`` for anything that needs a
    SPARQL server (the remote back end of a parametrised fixture included), ``browser`` for Chromium,
    ``fuzz`` for the generated-request tests, ``heavy`` for HEAVY_MODULES."""
    for item in items:
        if item.path.name in HEAVY_MODULES or item.path.name.startswith(("test_interop_", "test_abuse_")):
            item.add_marker(pytest.mark.heavy)
        names = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec else ()
        if names & SERVER_FIXTURES or any(value in ("remote", "virtuoso") for value in params):
            item.add_marker(pytest.mark.remote)
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if item.path.name == "test_fuzz.py":
            item.add_marker(pytest.mark.fuzz)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server (PyPI ``oxigraph``) on a free loopback port, loaded over the Graph Store Protocol."""
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert exe, "the oxigraph server is not installed: it is in requirements-dev.lock (make test installs it)"
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    # --timeout-s: a runaway query a test sends is stopped by the server too, not left computing for the session
    command = [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--timeout-s", "10"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, "oxigraph serve exited"
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):  # noqa: S310
                break
        except OSError:
            assert time.monotonic() < deadline, "oxigraph serve did not answer within 30 s"
            time.sleep(0.1)
    RemoteStore(f"{url}/query", f"{url}/update", f"{url}/store").replace_default_graph(build_store(REPO_ROOT))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def virtuoso_server() -> str:
    """The session's Virtuoso server (tests/virtuoso_server.py): its base URL, the SPARQL endpoint ``…/sparql``."""
    return VIRTUOSO.url()


def pytest_sessionfinish() -> None:
    """Stop the session's Virtuoso, whether a fixture or ``backend_settings`` started it."""
    VIRTUOSO.stop()


def backend_settings(backend: str, server: str | None = None, **changes: object) -> Settings:
    """Settings for the shipped graph on one back end, with the test limits; ``server`` is the base URL of the
    Oxigraph server (required for "remote") or of Virtuoso (the session's by default)."""
    settings = Settings(resource_root=REPO_ROOT, **LIMITS)  # type: ignore[arg-type]
    if backend == "remote":
        assert server is not None
        settings = settings.with_(store=f"{server}/query")
    elif backend == "virtuoso":
        settings = settings.with_(store=f"{server or VIRTUOSO.url()}/sparql")
    return settings.with_(**changes)


@pytest.fixture(scope="session")
def embedded_client() -> Iterator[TestClient]:
    """One app over the embedded store for the whole session: loading it is the slow part."""
    with TestClient(create_app(settings=backend_settings("embedded"))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def remote_client(oxigraph_server: str) -> Iterator[TestClient]:
    """One app over the Oxigraph server for the whole session."""
    with TestClient(create_app(settings=backend_settings("remote", oxigraph_server))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def virtuoso_client(virtuoso_server: str) -> Iterator[TestClient]:
    """One app over Virtuoso for the whole session."""
    with TestClient(create_app(settings=backend_settings("virtuoso", virtuoso_server))) as test_client:
        yield test_client


@pytest.fixture(params=BACKENDS)
def client(request: pytest.FixtureRequest) -> TestClient:
    """The same app on each back end in turn: every test that takes it runs on all three."""
    test_client: TestClient = request.getfixturevalue(f"{request.param}_client")
    return test_client


def run_live(app: FastAPI) -> Iterator[str]:
    """Serve an app with uvicorn on a free loopback port in a thread; yield its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start within 60 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="session")
def embedded_live() -> Iterator[str]:
    yield from run_live(create_app(settings=backend_settings("embedded")))


@pytest.fixture(scope="session")
def remote_live(oxigraph_server: str) -> Iterator[str]:
    yield from run_live(create_app(settings=backend_settings("remote", oxigraph_server)))


@pytest.fixture(scope="session")
def virtuoso_live(virtuoso_server: str) -> Iterator[str]:
    yield from run_live(create_app(settings=backend_settings("virtuoso", virtuoso_server)))


@pytest.fixture(params=BACKENDS)
def live(request: pytest.FixtureRequest) -> str:
    """The base URL of a live uvicorn server, on each back end in turn."""
    url: str = request.getfixturevalue(f"{request.param}_live")
    return url


@pytest.fixture
def mini_root() -> Path:
    """The conforming fixture graph."""
    return MINI_ROOT


@pytest.fixture
def violating_root(tmp_path: Path) -> Path:
    """A copy of the fixture graph with one resource that breaks SHACL, a qc query and OWL consistency."""
    root = tmp_path / "violating"
    shutil.copytree(MINI_ROOT, root)
    (root / "data" / "regimes" / "bad.ttl").write_text(VIOLATING_TTL, encoding="utf-8")
    return root
