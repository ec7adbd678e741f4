"""The page lane: page form posts that run an analysis (``POST /ui/gaps``) go one at a time to the analysis
thread, and one past ``max_pending_pages`` is refused at once (503, before its form is read).

They queued for the analysis thread beside the API's analyses: 41 posted at once made every API analysis wait
for all 41. Through this lane an API analysis waits behind one page at most. The refusal is
``application/problem+json`` for browsers too: this runs before routing, where app/http/web/errors.py's pages
cannot be imported without a cycle (it imports the API routers, which import it).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import State
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.errors import ProblemError
from app.http.admission import lane_of
from app.http.problems import problem_response

PAGE_POSTS = frozenset({"/ui/gaps"})
"""Pages whose POST runs an analysis."""


class PageLane:
    """ASGI middleware: lets one page post at a time through, and refuses one past ``max_pending_pages``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in PAGE_POSTS:
            await self.app(scope, receive, send)
            return
        state: State = scope["app"].state
        bound = state.settings.max_pending_pages
        lane = lane_of(state, "page_lane", 1)
        if lane.in_flight >= bound:
            busy = ProblemError(
                503,
                f"{lane.in_flight} page analyses are already running or waiting (the limit is {bound}): "
                "try again shortly, or use POST /gap-analysis",
                title="Too many page analyses",
                headers={"Retry-After": "2"},
            )
            await problem_response(busy)(scope, receive, send)
            return
        lane.in_flight += 1
        try:
            async with lane.limiter:
                await self.app(scope, receive, send)
        finally:
            lane.in_flight -= 1


def install_page_lane(app: FastAPI) -> None:
    """The page lane in front of every route (idempotent: a second call adds nothing)."""
    if not any(getattr(m, "cls", None) is PageLane for m in app.user_middleware):
        app.add_middleware(PageLane)
