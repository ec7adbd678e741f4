"""Admission control (issue 15, finding 3): heavy work has lanes of its own, light requests never wait behind
it, and runaway queries past a bound are refused at once with a clear 503.

The tests hold the real limiters of the running app (through its event loop) instead of racing clocks: a
request that must not wait for a held limiter is shown to finish while it is held; one that must wait is shown
not to finish until it is released. Both back ends.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.http.page_lane import install_page_lane
from app.main import create_app
from tests.conftest import REPO_ROOT, backend_settings, run_live

# A two-way product: past the time limit on both back ends, and one the Oxigraph server's own --timeout-s
# cancels (a three-way product under COUNT ran on in the test server long after the test, starving the suite).
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
QUERY = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
FORM = {"name": "Ranker", "system_id": "urn:example:ranker", "purposes": "recruitment"}
FORM |= {"roles": "provider", "markets": "EU"}
EXAMPLE = (REPO_ROOT / "data" / "examples" / "cv-ranker.json").read_bytes()
JSON = {"Content-Type": "application/json"}


def in_background(call: Callable[[], Any]) -> tuple[threading.Event, dict[str, Any]]:
    """Start a request on a thread; return an event set when it has answered, and where the answer goes."""
    done, out = threading.Event(), {}

    def run() -> None:
        out["response"] = call()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done, out


@pytest.fixture
def default_pool_exhausted(client: TestClient) -> Iterator[TestClient]:
    """Every token of the shared thread pool (where plain ``def`` handlers run) held by the test."""
    portal = client.portal  # type: ignore[attr-defined]
    limiter = portal.call(anyio.to_thread.current_default_thread_limiter)
    holders = [object() for _ in range(int(limiter.total_tokens))]
    for holder in holders:
        portal.call(limiter.acquire_on_behalf_of, holder)
    try:
        yield client
    finally:
        for holder in holders:
            portal.call(limiter.release_on_behalf_of, holder)


def test_health_and_sparql_answer_while_the_shared_pool_is_exhausted(
    default_pool_exhausted: TestClient,
) -> None:
    client = default_pool_exhausted
    health_done, health = in_background(lambda: client.get("/health"))
    sparql_done, sparql = in_background(lambda: client.post("/sparql", content=b"ASK {}", headers=QUERY))
    assert health_done.wait(60), "/health waited for the shared thread pool"
    assert sparql_done.wait(60), "/sparql waited for the shared thread pool"
    assert health["response"].status_code == 200
    assert sparql["response"].json()["boolean"] is True


def test_ui_gaps_waits_for_the_analysis_thread(client: TestClient) -> None:
    portal = client.portal  # type: ignore[attr-defined]
    limiter = client.app.state.analysis_limiter  # type: ignore[attr-defined]
    holder = object()
    portal.call(limiter.acquire_on_behalf_of, holder)
    try:
        done, out = in_background(lambda: client.post("/ui/gaps", data=FORM))
        assert not done.wait(1.5), "/ui/gaps ran its analysis beside the analysis thread"
    finally:
        portal.call(limiter.release_on_behalf_of, holder)
    assert done.wait(60)
    assert out["response"].status_code == 200, out["response"].text[:300]
    assert "Article 9" in out["response"].text


def test_queries_past_the_bound_get_503_at_once(client: TestClient) -> None:
    state = client.app.state  # type: ignore[attr-defined]
    before = state.settings
    state.settings = before.with_(max_pending_queries=2)
    try:
        runaways = [in_background(lambda: client.post("/sparql", content=RUNAWAY.encode(), headers=QUERY))]
        runaways.append(
            in_background(lambda: client.post("/sparql", content=RUNAWAY.encode(), headers=QUERY))
        )
        deadline = time.monotonic() + 30
        while getattr(getattr(state, "query_lane", None), "in_flight", 0) < 2:
            assert time.monotonic() < deadline, "the runaway queries never reached the query lane"
            time.sleep(0.02)
        refused = client.post("/sparql", content=b"ASK {}", headers=QUERY)
        assert refused.status_code == 503
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["title"] == "Too many queries"
        assert refused.headers["retry-after"]
        assert all(not done.is_set() for done, _ in runaways)  # refused while both were still running
        for done, out in runaways:
            assert done.wait(60)
            assert out["response"].status_code == 503
            assert out["response"].json()["title"] == "Query time limit exceeded"
    finally:
        state.settings = before
    assert client.post("/sparql", content=b"ASK {}", headers=QUERY).status_code == 200


@pytest.fixture(scope="module")
def live_app() -> Iterator[tuple[FastAPI, str]]:
    """A live server on the embedded store (two query workers, a 6 s time limit, two queries per client),
    its app at hand to see its lanes; clients come from 127.0.0.1 and 127.0.0.2, two addresses."""
    settings = backend_settings("embedded", query_timeout=6.0, max_client_queries=2)
    app = create_app(settings=settings)
    for url in run_live(app):
        yield app, url


def query_from(url: str, address: str, text: str | None) -> tuple[int, dict[str, str], bytes]:
    """POST a query (None: a bare GET) from a given loopback address: the server tells clients apart by it."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(address, 0))
    try:
        if text is None:
            connection.request("GET", "/sparql", headers={"Accept": "text/turtle"})
        else:
            connection.request("POST", "/sparql", body=text.encode(), headers=QUERY)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_one_clients_runaways_leave_a_worker_to_the_others(live_app: tuple[FastAPI, str]) -> None:
    app, url = live_app
    runaways = [in_background(lambda: query_from(url, "127.0.0.2", RUNAWAY)) for _ in range(2)]
    deadline = time.monotonic() + 30
    while getattr(getattr(app.state, "query_lane", None), "in_flight", 0) < 2:
        assert time.monotonic() < deadline, "the runaway queries never reached the query lane"
        time.sleep(0.02)
    status, headers, body = query_from(url, "127.0.0.2", "ASK {}")  # a third from the same client
    assert status == 429, body[:300]
    assert headers["content-type"].startswith("application/problem+json")
    assert headers["retry-after"]
    status, headers, _ = query_from(url, "127.0.0.2", None)  # the same client's bare GET runs no query
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, _, body = query_from(url, "127.0.0.1", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10")
    assert status == 200, body[:300]  # another client's light query, answered by the worker left free
    assert all(not done.is_set() for done, _ in runaways), "answered only once the runaways had stopped"
    for done, out in runaways:
        assert done.wait(60)
        assert out["response"][0] == 503


def query_workers() -> list[int]:
    """The process ids of this process's query workers (children running app.graph.sandbox)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == os.getpid() and b"app.graph.sandbox" in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except (OSError, ValueError, IndexError):
            continue  # not a process, or gone meanwhile
    return found


def test_query_workers_yield_the_cpu_to_the_server(live_app: tuple[FastAPI, str]) -> None:
    app, _ = live_app
    assert app.state.store.pool.wait_ready()
    workers = query_workers()
    assert len(workers) >= 2
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert all(os.getpriority(os.PRIO_PROCESS, pid) >= ours + 10 for pid in workers)


@pytest.fixture(scope="module")
def paged() -> Iterator[TestClient]:
    """The embedded app with its page lane, two page posts allowed in it."""
    app = create_app(settings=backend_settings("embedded", max_pending_pages=2))
    install_page_lane(app)  # a no-op once app/main.py installs it
    with TestClient(app) as client:
        yield client


def test_an_api_analysis_waits_behind_one_page_at_most(paged: TestClient) -> None:
    portal = paged.portal  # type: ignore[attr-defined]
    state = paged.app.state  # type: ignore[attr-defined]
    limiter = state.analysis_limiter
    holder = object()
    portal.call(limiter.acquire_on_behalf_of, holder)
    try:
        pages = [in_background(lambda: paged.post("/ui/gaps", data=FORM)) for _ in range(2)]
        deadline = time.monotonic() + 30
        while getattr(getattr(state, "page_lane", None), "in_flight", 0) < 2:
            assert time.monotonic() < deadline, "the page posts never reached the page lane"
            time.sleep(0.02)
        refused = paged.post("/ui/gaps", data=FORM)  # a third, past max_pending_pages
        assert refused.status_code == 503
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.headers["retry-after"]
        api = in_background(lambda: paged.post("/gap-analysis", content=EXAMPLE, headers=JSON))
        while limiter.statistics().tasks_waiting < 2:
            assert time.monotonic() < deadline, "the API's analysis never queued"
            time.sleep(0.02)
        time.sleep(0.3)  # a second page, were it let through, would queue for the thread by now
        assert limiter.statistics().tasks_waiting == 2  # one page and the API's analysis, not both pages
    finally:
        portal.call(limiter.release_on_behalf_of, holder)
    for done, out in [*pages, api]:
        assert done.wait(60)
        assert out["response"].status_code == 200
