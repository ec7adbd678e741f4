"""One JSON shape for every HTTP error: RFC 9457 problem details, from app.core.errors.ProblemError."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.errors import PROBLEM_MEDIA_TYPE, ProblemError, problem_body, redact

log = logging.getLogger(__name__)


def problem_response(problem: ProblemError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """Render a problem as ``application/problem+json`` with its status code and extension members."""
    body = problem_body(problem)
    merged = {**problem.headers, **(headers or {})}
    return JSONResponse(
        body, status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE, headers=merged or None
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Route our own, Starlette's and FastAPI's validation errors through the same problem shape."""

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        if exc.status >= 500:
            log.warning("%d %s: %s", exc.status, request.url.path, exc.detail)
            settings = getattr(request.app.state, "settings", None)
            secrets = [
                str(getattr(settings, name, "") or "")
                for name in ("update_token", "write_token", "read_token", "store", "data_dir")
            ]
            exc.detail = redact(exc.detail, secrets)
        return problem_response(exc)

    async def on_http(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return problem_response(ProblemError(exc.status_code, str(exc.detail)), headers=exc.headers)

    async def on_validation(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = exc.errors()
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        issues = [
            {
                "field": ".".join(map(str, e["loc"][1:])) or str(e["loc"][0]),
                "focus_node": str(e["loc"][0]),
                "path": "",
                "value": str(e.get("input", ""))[:200],
                "constraint": str(e.get("type", "")),
                "message": str(e["msg"]),
                "severity": "Violation",
            }
            for e in errors
        ]
        return problem_response(ProblemError(422, detail, extensions={"issues": issues}))

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
