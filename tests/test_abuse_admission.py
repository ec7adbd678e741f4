"""Admission control (issue 15, finding 3): heavy work has lanes of its own, light requests never wait behind
it, and runaway queries past a bound are refused at once with a clear 503.

The tests hold the real limiters of the running app (through its event loop) instead of racing clocks: a
request that must not wait for a held limiter is shown to finish while it is held; one that must wait is shown
not to finish until it is released. Both back ends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

# A two-way product: past the time limit on both back ends, and one the Oxigraph server's own --timeout-s
# cancels (a three-way product under COUNT ran on in the test server long after the test, starving the suite).
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
QUERY = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
FORM = {"name": "Ranker", "system_id": "urn:example:ranker", "purposes": "recruitment"}
FORM |= {"roles": "provider", "markets": "EU"}


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
