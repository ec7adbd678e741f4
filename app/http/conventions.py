"""HTTP conventions the routers do not give by themselves: ``HEAD`` wherever ``GET``, and a ``405`` whose
``Allow`` lists every method the path takes (not only those of the first route that matched it)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import ProblemError
from app.http.problems import problem_response


class HeadAsGet:
    """Answer ``HEAD`` as the ``GET`` of the same URL would, headers and all, without the body (RFC 9110
    §9.3.2). FastAPI's routes list ``HEAD`` nowhere, so without this every ``HEAD`` was a 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def headers_only(message: Message) -> None:
            nonlocal finished
            if message["type"] == "http.response.body":
                if finished or message.get("more_body", False):
                    return  # the body's chunks are dropped; the last one ends the response
                finished = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


def allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some route of ``app`` takes at this path (``HEAD`` with ``GET``), asked
    of the routes themselves (included routers wrap theirs, so their paths and methods cannot be read)."""
    methods = {
        method
        for method in METHODS
        for route in app.router.routes
        if route.matches({**scope, "method": method})[0] == Match.FULL
    }
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def install_http_conventions(app: FastAPI) -> None:
    """HEAD as GET, and complete ``Allow`` headers on 405."""

    async def on_405(request: Request, exc: Exception) -> JSONResponse:
        methods = allowed_methods(app, request.scope)
        detail = f"{request.method} is not allowed here: use {', '.join(methods) or 'another path'}"
        return problem_response(ProblemError(405, detail, headers={"Allow": ", ".join(methods)}))

    app.add_exception_handler(405, on_405)
    app.add_middleware(HeadAsGet)
