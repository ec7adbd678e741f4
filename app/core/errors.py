"""The service's one error type: a problem (RFC 9457) any layer may raise, rendered by app.http.problems."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

PROBLEM_MEDIA_TYPE = "application/problem+json"
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
