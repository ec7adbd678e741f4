"""Admission control: heavy work has lanes of its own, so light requests never queue behind it.

Starlette runs every plain ``def`` handler on one shared pool of 40 threads. Left there, 41 slow requests
(runaway /sparql queries, analyses) took every thread and ``/health`` waited 44 s behind them. So:

* analyses (the API's and /ui/gaps) queue for the analysis thread (app/http/api/cpu_bound.py);
* /sparql runs on a lane of ``max_pending_queries`` threads of its own; a query that finds the lane full is
  answered 503 at once with ``Retry-After`` instead of waiting past its time limit for a thread;
* ``/health`` has a lane of two threads that nothing else uses.

The shared pool is left to the light reads (``/regimes``, ``/provisions/…``), which finish in milliseconds.
Limiters belong to an event loop: each lane is made on first use in the loop that serves the request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from starlette.datastructures import State

from app.core.errors import ProblemError

T = TypeVar("T")
HEALTH_THREADS = 2


@dataclass
class Lane:
    """Threads for one kind of work, and how many requests are in it now (touched on the event loop only)."""

    loop: asyncio.AbstractEventLoop
    limiter: CapacityLimiter
    in_flight: int = 0


def _lane(state: State, name: str, threads: int) -> Lane:
    loop = asyncio.get_running_loop()
    lane: Lane | None = getattr(state, name, None)
    if lane is None or lane.loop is not loop:
        lane = Lane(loop, CapacityLimiter(threads))
        setattr(state, name, lane)
    return lane


async def run_query_lane(state: State, max_pending: int, work: Callable[[], T]) -> T:
    """Run a /sparql request on the query lane, or 503 at once when ``max_pending`` are already in it."""
    lane = _lane(state, "query_lane", max_pending)
    if lane.in_flight >= max_pending:
        raise ProblemError(
            503,
            f"{lane.in_flight} SPARQL queries are already running or waiting here (the limit is "
            f"{max_pending}): try again shortly",
            title="Too many queries",
            headers={"Retry-After": "2"},
        )
    lane.in_flight += 1
    try:
        return await anyio.to_thread.run_sync(work, limiter=lane.limiter)
    finally:
        lane.in_flight -= 1


async def run_health_lane(state: State, work: Callable[[], T]) -> T:
    """Run a health probe on its own two threads, whatever else is running."""
    lane = _lane(state, "health_lane", HEALTH_THREADS)
    return await anyio.to_thread.run_sync(work, limiter=lane.limiter)
