"""The service's one bearer-token check, and the read and write dependencies built on it.

Every route that needs a token goes through ``check_bearer``: the inventory's and the mapping sets' writes
(``WRITE``) and reads (``READ``) here, SPARQL Update and named-graph reads in app/http/sparql.py. Tokens are
compared with ``hmac.compare_digest``, so a wrong guess takes as long as a right one.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from fastapi import Depends, Request

from app.core.errors import ProblemError
from app.core.settings import Settings


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None when there is none."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def check_bearer(request: Request, tokens: Iterable[str | None], what: str) -> None:
    """401 (with ``WWW-Authenticate``) without a token, 403 when it is none of ``tokens`` (None: unset)."""
    token = bearer_token(request)
    if token is None:
        raise ProblemError(
            401,
            f"{what} need a bearer token (Authorization: Bearer …)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not any(hmac.compare_digest(token.encode(), t.encode()) for t in tokens if t):
        raise ProblemError(403, f"the bearer token does not allow {what}")


async def require_write(request: Request) -> None:
    """401 without a token, 403 with a wrong one or when the service has no write token at all."""
    settings: Settings = request.app.state.settings
    if not settings.write_token:
        raise ProblemError(403, "the inventory is read-only here: the service has no CROSSWALK_WRITE_TOKEN")
    check_bearer(request, [settings.write_token], "writes")


async def require_read(request: Request) -> None:
    """Open unless a read token is set; then the read or the write token."""
    settings: Settings = request.app.state.settings
    if settings.read_token:
        check_bearer(request, [settings.read_token, settings.write_token], "reads")


READ = [Depends(require_read)]
WRITE = [Depends(require_write)]
