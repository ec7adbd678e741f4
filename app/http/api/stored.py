"""What the routers of things users store by id (systems, mapping sets) share, so they answer alike.

A failing store is a 503 with ``Retry-After``, an id not stored a 404 naming it, a PUT 201 with ``Location``
when new and 200 when it replaced; the token checks are app/http/auth.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from fastapi import Request, Response

from app.core.errors import ProblemError
from app.graph.sandbox import QueryError

T = TypeVar("T")
SHOWN_ID = 200


@dataclass(frozen=True)
class Stored:
    """One kind of stored thing: its noun in messages, its store's name, and the path of its collection."""

    noun: str
    store: str
    path: str

    def call(self, call: Callable[[], T]) -> T:
        """Run a store call; an unreachable or failing store is a 503, not a stack trace."""
        try:
            return call()
        except (QueryError, OSError, RuntimeError) as err:
            raise ProblemError(503, f"{self.store} failed: {err}", headers={"Retry-After": "1"}) from err

    def not_stored(self, id: str) -> ProblemError:
        """404 naming the id (cut short past 200 characters)."""
        shown = id if len(id) <= SHOWN_ID else id[:SHOWN_ID] + "…"
        return ProblemError(
            404,
            f"no {self.noun} is stored as {shown!r}",
            title=f"Unknown {self.noun}",
            extensions={"id": shown},
        )

    def href(self, request: Request, id: str) -> str:
        """The path of one stored thing on this service, the id one percent-encoded segment."""
        return f"{request.scope.get('root_path', '')}{self.path}/{quote(id, safe='')}"

    def answered(self, response: Response, created: bool, href: str) -> None:
        """Set a PUT's status: 201 with ``Location`` when new, 200 when it replaced what was stored."""
        response.status_code = 201 if created else 200
        if created:
            response.headers["Location"] = href
