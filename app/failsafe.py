"""The last line of the error contract: whatever escapes a handler still answers ``application/problem+json``.

A store that is down (the remote server refused or dropped the connection) is a 503 with ``Retry-After`` on
every route, not only on /sparql; anything else nobody caught is a 500 problem whose detail says nothing about
the server (the traceback goes to the log, as before), never Starlette's ``text/plain`` page.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.problems import ProblemError, problem_response
from app.sandbox import StoreUnavailableError

log = logging.getLogger(__name__)


def install_failsafe(app: FastAPI) -> None:
    """Map an unreachable store to 503 and any other uncaught exception to a 500 problem."""

    async def on_store_down(request: Request, exc: Exception) -> JSONResponse:
        log.warning("503 %s: %s", request.url.path, exc)
        return problem_response(
            ProblemError(
                503,
                "the graph store is unavailable; try again shortly",
                title="Store unavailable",
                headers={"Retry-After": "5"},
            )
        )

    async def on_anything(request: Request, exc: Exception) -> JSONResponse:
        # Starlette's ServerErrorMiddleware logs the traceback after sending this response.
        return problem_response(ProblemError(500, "the service failed to answer this request"))

    app.add_exception_handler(StoreUnavailableError, on_store_down)
    app.add_exception_handler(Exception, on_anything)
