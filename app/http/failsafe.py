"""The last line of the error contract: whatever escapes a handler still answers ``application/problem+json``.

A store that is down (the remote server refused or dropped the connection) is a 503 with ``Retry-After`` on
every route, not only on /sparql; anything else nobody caught is a 500 problem whose detail says nothing about
the server (the traceback goes to the log, as before), never Starlette's ``text/plain`` page.
"""

from __future__ import annotations

import logging
import shutil
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.core.errors import ProblemError
from app.graph.sandbox import StoreUnavailableError
from app.http.problems import problem_response

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


MIN_FREE_BYTES = 1 << 20
"""Below this much free space under --data-dir, a write is likely to fail: /health says so."""


def write_trouble(state: Any) -> str | None:
    """Why the stored data cannot be written now (a full disk under --data-dir, or an inventory store that
    could not reopen for writing after a failed write), or None. /health reports it; reads still work."""
    settings = getattr(state, "settings", None)
    data_dir = getattr(settings, "data_dir", None)
    if data_dir is not None:
        try:
            free = shutil.disk_usage(data_dir).free
        except OSError:
            free = MIN_FREE_BYTES
        if free < MIN_FREE_BYTES:
            return f"read-only: {free} bytes free for the data directory, writes will fail"
    backend = getattr(getattr(state, "inventory", None), "backend", None)
    if getattr(backend, "writable", True) is False:
        return "read-only: the inventory store cannot write (it failed, and could not reopen yet)"
    return None
