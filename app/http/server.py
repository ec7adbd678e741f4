"""uvicorn's HTTP protocol with read deadlines, against slow clients (slowloris).

uvicorn closes a keep-alive connection that stays idle, but not one that sends its request slowly: a client
that opens connections and sends a header byte every few seconds (or a body a byte at a time) holds each one,
and its file descriptor, for ever; enough of them and every new request is reset. Here a request's head must
arrive within ``header_timeout`` seconds of the connection opening (or of the previous response), and its
body within ``body_timeout`` seconds of the head; a connection that misses either is closed. With
``limit_concurrency`` (``max_connections``), which uvicorn answers 503 past, this bounds what slow clients
hold. Past ``limit_concurrency`` the answer is a 503 ``application/problem+json`` with ``Retry-After``, like
every other error of the service (uvicorn's own is ``text/plain``). ``crosswalk serve`` runs uvicorn with
``http="app.http.server:GuardedHTTP"``.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from starlette.types import Receive, Scope, Send
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from app.core.errors import ProblemError
from app.core.settings import Settings
from app.http.problems import problem_response


@cache
def deadlines() -> tuple[float, float]:
    """The header and body time-outs, from the ``CROSSWALK_*`` variables the CLI hands its workers."""
    settings = Settings.from_env()
    return settings.header_timeout, settings.body_timeout


async def too_busy(scope: Scope, receive: Receive, send: Send) -> None:
    """What a request past the connection limit gets: a problem, and the connection closed after it."""
    busy = ProblemError(
        503,
        "the server has as many connections and requests as it takes at once: try again shortly",
        title="Too many connections",
        headers={"Retry-After": "2", "Connection": "close"},
    )
    await problem_response(busy)(scope, receive, send)


class GuardedHTTP(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """The protocol uvicorn would pick (httptools, else h11), closing connections that send too slowly."""

    limit_concurrency: int | None  # uvicorn's, set in its __init__
    app: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._reading: Any = None  # the cycle whose body is awaited, once its head has come
        self._answered: Any = None  # the last cycle answered: its successor is the next request

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:
        super().connection_made(transport)
        self._arm(deadlines()[0])

    def data_received(self, data: bytes) -> None:
        # uvicorn decides at each request's head whether it is past the limit (the same test as here) and
        # then runs its text/plain answer: this data's requests run ours instead, or the app.
        limit, app = self.limit_concurrency, self.app
        over = limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit)
        self.limit_concurrency, self.app = None, too_busy if over else app
        try:
            super().data_received(data)
        finally:
            self.limit_concurrency, self.app = limit, app
        cycle = self.cycle
        if cycle is None or cycle is self._answered:
            return  # still reading the head (the head deadline runs)
        if cycle is not self._reading:  # the head has come
            self._reading = cycle
            if cycle.more_body:
                self._arm(deadlines()[1])
            else:
                self._disarm()
        elif not cycle.more_body:
            self._disarm()

    def on_response_complete(self) -> None:
        self._answered = self.cycle
        self._arm(deadlines()[0])  # the next request's head (uvicorn's keep-alive time-out also runs)
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
