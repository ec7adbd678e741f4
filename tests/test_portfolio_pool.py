"""Portfolios on every core (issue 19, item 4): the forked processes answer byte for byte as the analysis thread
does, follow a user mapping set at once, and a process that dies fails its own chunk only."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.analysis import portfolio_pool
from app.analysis.portfolio_pool import Chunk, PortfolioPool, PortfolioPools
from app.analysis.service import Analysis
from app.core.settings import Settings
from app.graph.loading import build_store
from app.http.api.gaps import portfolio_line
from app.http.api.portfolio_stream import CHUNK
from app.main import create_app
from tests.conftest import REPO_ROOT, backend_settings
from tests.test_mapping_sets import AUTH, DIRECT, HEADER, SYSTEM, TSV, WRITE

BROKEN: list[Any] = [{}, {"id": "urn:example:bad", "name": 5}, [1, 2], "a string", {"id": "urn:x", "oops": 1}]


def portfolio(n: int) -> list[Any]:
    """``n`` descriptions: the shipped examples under new ids, and every 17th one broken in its own way."""
    examples = [json.loads(p.read_text()) for p in sorted((REPO_ROOT / "data" / "examples").glob("*.json"))]
    out: list[Any] = []
    for i in range(n):
        if i % 17 == 5:
            out.append(BROKEN[(i // 17) % len(BROKEN)])
        else:
            out.append({**examples[i % len(examples)], "id": f"urn:example:portfolio-{i}"})
    return out


@pytest.fixture(scope="module")
def apps() -> Iterator[tuple[TestClient, TestClient]]:
    """The same graph served twice: portfolios on the analysis thread, and on two forked processes."""
    single = create_app(settings=backend_settings("embedded", portfolio_processes=1))
    pooled = create_app(settings=backend_settings("embedded", portfolio_processes=2, write_token=WRITE))
    with TestClient(single) as one, TestClient(pooled) as two:
        yield one, two
        pools: PortfolioPools | None = pooled.state.portfolio_pools
        assert pools is not None
        pools.close()


def post(client: TestClient, body: bytes, media_type: str, as_of: str) -> bytes:
    response = client.post(
        "/gap-analysis/portfolio", content=body, headers={"Content-Type": media_type}, params={"as_of": as_of}
    )
    assert response.status_code == 200, response.text
    return response.content


def test_the_processes_answer_byte_for_byte_as_the_analysis_thread(
    apps: tuple[TestClient, TestClient],
) -> None:
    one, two = apps
    documents = portfolio(3 * CHUNK + 37)  # chunks on both processes, the last one short
    ndjson = b"\n".join(json.dumps(d).encode() for d in documents) + b"\nnot json\n"
    array = json.dumps(documents).encode()
    for body, media_type, as_of in (
        (ndjson, "application/x-ndjson", "2025-03-01"),
        (array, "application/json", "2027-12-01"),
    ):
        expected = post(one, body, media_type, as_of)
        assert post(two, body, media_type, as_of) == expected
    lines = [json.loads(line) for line in expected.splitlines()]
    assert [line["index"] for line in lines] == list(range(len(documents)))
    assert sum("error" in line for line in lines) == len([d for d in documents if d in BROKEN])
    assert two.app.state.portfolio_pools.current.processes == 2  # type: ignore[attr-defined]


def test_the_processes_follow_a_mapping_set_at_once(apps: tuple[TestClient, TestClient]) -> None:
    one, two = apps
    body = b"\n".join(json.dumps({**SYSTEM, "id": f"urn:example:set-{i}"}).encode() for i in range(2 * CHUNK))

    def statuses(client: TestClient) -> set[str]:
        lines = post(client, body, "application/x-ndjson", "2027-12-01").splitlines()
        return {
            r["status"]
            for line in lines
            for r in json.loads(line)["report"]["requirements"]
            if r["id"] == "eu-ai-act:Article-15"
        }

    assert statuses(two) == {"partial"}
    first = two.app.state.portfolio_pools.current  # type: ignore[attr-defined]
    assert (
        two.put("/mapping-sets/pool-test", content=(HEADER + DIRECT).encode(), headers=TSV).status_code == 201
    )
    try:
        assert statuses(two) == {"met"}
        assert two.app.state.portfolio_pools.current is not first  # type: ignore[attr-defined]
        first.join(timeout=10)
        assert not first.pids  # the stale pool stopped its processes
    finally:
        assert two.delete("/mapping-sets/pool-test", headers=AUTH).status_code == 204
    assert statuses(two) == statuses(one) == {"partial"}


def test_a_process_that_dies_fails_its_own_chunk_only(apps: tuple[TestClient, TestClient]) -> None:
    """A killed process is found out when its feeder next hands it a chunk: that chunk's lines are faults (500),
    the rest of the stream is whole, and the process is replaced. Both processes are killed, so the first chunk
    handed out meets a dead one whichever feeder takes it (with one killed, the other feeder could take every
    chunk: seen in full runs)."""
    one, two = apps
    body = b"\n".join(json.dumps(d).encode() for d in portfolio(4 * CHUNK))
    expected = post(one, body, "application/x-ndjson", "2027-12-01").splitlines()
    assert post(two, body, "application/x-ndjson", "2027-12-01").splitlines() == expected  # forked, healthy
    pool = two.app.state.portfolio_pools.current  # type: ignore[attr-defined]
    victims = set(pool.pids)
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    got = post(two, body, "application/x-ndjson", "2027-12-01").splitlines()
    assert len(got) == len(expected)
    lost = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
    assert len(lost) in (CHUNK, 2 * CHUNK)  # a chunk per dead process found out, no more
    assert all(json.loads(got[i])["error"]["status"] == 500 for i in lost)
    assert victims - pool.pids and len(pool.pids) == 2  # replaced


def test_a_silent_process_is_replaced_and_its_chunk_tried_once_more(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A process silent on a chunk for CHUNK_SECONDS (a fork of a threaded server can inherit a lock another
    thread held) is killed, a new one is forked, and the chunk is tried once more there: its lines are the
    analysis's, not faults. The first process to take the chunk hangs (it leaves a mark first); the next does not."""
    analysis = Analysis.build(build_store(REPO_ROOT), REPO_ROOT)
    mark, render = tmp_path / "hung-once", portfolio_pool.render

    def hangs_once(*args: Any) -> bytes:
        if not mark.exists():
            mark.touch()
            time.sleep(3600)
        return render(*args)

    monkeypatch.setattr(portfolio_pool, "render", hangs_once)  # in the processes forked from now on
    monkeypatch.setattr(portfolio_pool, "CHUNK_SECONDS", 2.0)
    chunk = Chunk(
        [json.dumps(d) for d in portfolio(20)], 0, date(2027, 12, 1), Settings().max_description_triples
    )
    pool = PortfolioPool(analysis, portfolio_line, 1)
    try:
        lines = pool.submit(chunk).result(timeout=60)
        assert mark.exists()
        assert lines == render(analysis, portfolio_line, chunk)
        assert b'"error"' not in lines.split(b"\n")[0] and len(pool.pids) == 1
    finally:
        pool.close()
        pool.join(10)
