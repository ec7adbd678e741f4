"""The byte limit on request bodies, checked before any handler reads one.

``BodySizeLimit`` is a pure ASGI middleware: every request body is refused with ``413`` once its declared
length, or the bytes actually received, pass the limit (``max_portfolio_bytes`` for the portfolio endpoint,
``max_body_bytes`` everywhere else), before any handler reads it whole. Endpoints may set a tighter limit of
their own.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.analysis.limits import too_large
from app.core.errors import ProblemError
from app.core.settings import Settings
from app.http.problems import problem_response

PORTFOLIO_PATH = "/gap-analysis/portfolio"


class BodySizeLimit:
    """Refuse request bodies over the configured byte limit with a 413 problem, without buffering them."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def limit_for(self, path: str) -> tuple[int, str]:
        """The byte limit for a path, and the setting it comes from."""
        if path.rstrip("/") == PORTFOLIO_PATH:
            return self.settings.max_portfolio_bytes, "max_portfolio_bytes"
        return self.settings.max_body_bytes, "max_body_bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = self.limit_for(scope.get("path", ""))
        problem = too_large(f"{limit} bytes", setting)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await problem_response(problem)(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise problem
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except ProblemError as err:  # raised by limited_receive where no handler turned it into a response
            if err is not problem or started:
                raise
            await problem_response(problem)(scope, receive, send)
