"""Admission control: heavy work has lanes of its own, so light requests never queue behind it.

Starlette runs every plain ``def`` handler on one shared pool of 40 threads. Left there, 41 slow requests
(runaway /sparql queries, analyses) took every thread and ``/health`` waited 44 s behind them. So:

* analyses queue for the analysis thread (app/http/api/cpu_bound.py); page form posts (``POST /ui/gaps``)
  first pass a lane of their own (app/http/page_lane.py), one at a time, so an API analysis waits behind one
  page at most however many are posted, and one past ``max_pending_pages`` is answered 503 at once;
* /sparql runs on a lane of ``max_pending_queries`` threads of its own; a query that finds the lane full is
  answered 503 at once with ``Retry-After`` instead of waiting past its time limit for a thread. Within it,
  one client (address) has at most ``max_client_queries`` requests (429 past them) and runs at most
  ``query_workers - 1`` of them at once, so a client sending runaway queries leaves a worker to the others;
* ``/health`` has a lane of two threads that nothing else uses.

The shared pool is left to the light reads (``/regimes``, ``/provisions/…``), which finish in milliseconds.
Limiters belong to an event loop: each lane is made on first use in the loop that serves the request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from starlette.datastructures import State

from app.core.errors import ProblemError
from app.core.settings import Settings

T = TypeVar("T")
HEALTH_THREADS = 2


@dataclass
class Share:
    """One client's part of the query lane: its requests there, and the workers it may hold at once."""

    limiter: CapacityLimiter
    in_flight: int = 0


@dataclass
class Lane:
    """Threads for one kind of work, and how many requests are in it now (touched on the event loop only)."""

    loop: asyncio.AbstractEventLoop
    limiter: CapacityLimiter
    in_flight: int = 0
    clients: dict[str, Share] = field(default_factory=dict)


def lane_of(state: State, name: str, threads: int) -> Lane:
    """The lane ``name`` of this app in the running event loop, made with ``threads`` threads on first use."""
    loop = asyncio.get_running_loop()
    lane: Lane | None = getattr(state, name, None)
    if lane is None or lane.loop is not loop:
        lane = Lane(loop, CapacityLimiter(threads))
        setattr(state, name, lane)
    return lane


def worker_share(settings: Settings) -> int:
    """How many queries one client runs at once: all the workers but one (at least one)."""
    return max(1, settings.query_workers - 1)


async def run_query_lane(state: State, client: str | None, work: Callable[[], T]) -> T:
    """Run a /sparql request on the query lane within its client's share (None: a request that runs no query,
    the YASGUI page or the service description); 503 at once when the lane is full, 429 when the client
    already has ``max_client_queries`` requests in it."""
    settings: Settings = state.settings
    lane = lane_of(state, "query_lane", settings.max_pending_queries)
    if lane.in_flight >= settings.max_pending_queries:
        raise ProblemError(
            503,
            f"{lane.in_flight} SPARQL queries are already running or waiting here (the limit is "
            f"{settings.max_pending_queries}): try again shortly",
            title="Too many queries",
            headers={"Retry-After": "2"},
        )
    share = lane.clients.get(client) if client is not None else None
    if share is not None and share.in_flight >= settings.max_client_queries:
        raise ProblemError(
            429,
            f"this client already has {share.in_flight} SPARQL queries running or waiting (the limit is "
            f"{settings.max_client_queries}): wait for their answers",
            title="Too many queries from this client",
            headers={"Retry-After": "2"},
        )
    if share is None and client is not None:
        share = lane.clients[client] = Share(CapacityLimiter(worker_share(settings)))
    lane.in_flight += 1
    try:
        if share is None:
            return await anyio.to_thread.run_sync(work, limiter=lane.limiter)
        share.in_flight += 1
        try:
            async with share.limiter:
                return await anyio.to_thread.run_sync(work, limiter=lane.limiter)
        finally:
            share.in_flight -= 1
            if share.in_flight == 0 and client is not None:
                del lane.clients[client]
    finally:
        lane.in_flight -= 1


async def run_health_lane(state: State, work: Callable[[], T]) -> T:
    """Run a health probe on its own two threads, whatever else is running."""
    lane = lane_of(state, "health_lane", HEALTH_THREADS)
    return await anyio.to_thread.run_sync(work, limiter=lane.limiter)
