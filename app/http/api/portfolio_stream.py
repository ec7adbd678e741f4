"""A portfolio's NDJSON stream: from the app's portfolio processes, or on the analysis thread without them.

With processes (app.analysis.portfolio_pool), the descriptions are drawn a chunk at a time (on the analysis
thread: reading a JSON array's elements is CPU work too) and at most ``IN_FLIGHT`` chunks per process are
queued, so memory stays bounded by chunks, not by the portfolio; the chunks' lines go out in input order. When
the client leaves, Starlette cancels the stream and the chunks not yet started are dropped.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Future
from datetime import date
from itertools import islice

from fastapi import Request

from app.analysis.portfolio import run_portfolio
from app.analysis.portfolio_pool import Chunk, Line, PortfolioPools, default_processes
from app.analysis.service import Analysis
from app.http.api.cpu_bound import iterate_analysis, run_analysis

CHUNK = 100
"""Descriptions per chunk: ~0.1 s of work, so the first lines come soon and a chunk's round trip is noise."""
IN_FLIGHT = 2
"""Chunks queued per process for one request: one being analysed, one waiting, while the parent streams."""


def portfolio_lines(
    request: Request,
    analysis: Analysis,
    descriptions: Iterator[str],
    as_of: date,
    max_triples: int,
    line: Line,
) -> AsyncIterator[bytes]:
    """Each description's NDJSON line, in order, from the portfolio processes if the app has them."""
    pools = portfolio_pools(request, line)
    if pools is None:
        results = run_portfolio(analysis, descriptions, as_of, max_triples=max_triples)
        return iterate_analysis(request, (line(r) for r in results))
    return _pooled(request, pools, analysis, descriptions, as_of, max_triples)


def portfolio_pools(request: Request, line: Line) -> PortfolioPools | None:
    """The app's portfolio pools, made on first use; None when portfolios run on the analysis thread."""
    state = request.app.state
    pools: PortfolioPools | None = getattr(state, "portfolio_pools", None)
    if pools is None:
        settings = state.settings
        processes = settings.portfolio_processes or default_processes(settings.workers)
        if processes == 1:
            return None
        pools = state.portfolio_pools = PortfolioPools(line, processes)
    return pools


async def _pooled(
    request: Request,
    pools: PortfolioPools,
    analysis: Analysis,
    descriptions: Iterator[str],
    as_of: date,
    max_triples: int,
) -> AsyncIterator[bytes]:
    pool = pools.acquire(analysis)
    pending: deque[Future[bytes]] = deque()
    start, more = 0, True
    try:
        while True:
            while more and len(pending) < IN_FLIGHT * pool.processes:
                texts = await run_analysis(request, lambda: list(islice(descriptions, CHUNK)))
                more = len(texts) == CHUNK
                if texts:
                    pending.append(pool.submit(Chunk(texts, start, as_of, max_triples)))
                    start += len(texts)
            if not pending:
                return
            yield await asyncio.wrap_future(pending.popleft())
    finally:
        for future in pending:
            future.cancel()
        pools.release(pool)
