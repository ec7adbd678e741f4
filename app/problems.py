"""One JSON shape for every HTTP error: RFC 9457 problem details."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger(__name__)
# What a server error's detail may not show a client: URLs (the store's), filesystem paths (RocksDB files).
URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]*")
PATH = re.compile(r"(?<![\w.:/~-])(?:/[^\s/'\":<>]+){2,}/?|(?<![\w])[A-Za-z]:\\[^\s'\"<>]+")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` without the given secrets (tokens, store URLs), URLs and filesystem paths."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "<redacted>")
    return PATH.sub("<path>", URL.sub("<url>", text))


class ProblemError(Exception):
    """Raised anywhere in a handler to answer with a problem-details body instead of a stack trace."""

    def __init__(
        self,
        status: int,
        detail: str,
        title: str | None = None,
        type_: str = "about:blank",
        extensions: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.type = type_
        self.extensions = dict(extensions or {})
        self.headers = dict(headers or {})


def problem_body(problem: ProblemError) -> dict[str, Any]:
    """The problem-details members, extensions after the standard ones (also NDJSON error lines use it)."""
    body: dict[str, Any] = {
        "type": problem.type,
        "title": problem.title,
        "status": problem.status,
        # a server error's detail is for the operator's log: the client gets it without URLs or paths
        "detail": redact(problem.detail) if problem.status >= 500 else problem.detail,
    }
    body.update({k: v for k, v in problem.extensions.items() if k not in body})
    return body


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
