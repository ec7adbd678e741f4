"""Limits on what a request may make the service do, checked before any work: body bytes and description size.

``BodySizeLimit`` is a pure ASGI middleware: every request body is refused with ``413`` once its declared
length, or the bytes actually received, pass the limit (``max_portfolio_bytes`` for the portfolio endpoint,
``max_body_bytes`` everywhere else), before any handler reads it whole. Endpoints may set a tighter limit of
their own. ``check_description_size`` bounds a description by its number of triples before an RDF parser
sees it (a 4 MiB Turtle body can hold half a million triples, which take rdflib seconds to parse).
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.problems import ProblemError, problem_response
from app.settings import Settings

PORTFOLIO_PATH = "/gap-analysis/portfolio"
TURTLE_TYPES = ("text/turtle", "application/x-turtle")


def too_large(limit: str, setting: str, what: str = "the body") -> ProblemError:
    """413 naming the limit and the setting that raises it."""
    return ProblemError(
        413,
        f"{what} is larger than the limit of {limit}; send less or raise CROSSWALK_{setting.upper()}",
        title="Request body too large" if what == "the body" else "Description too large",
    )


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


def _json_values(value: Any) -> int:
    """How many values a JSON document holds (a bound on the triples it can become)."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def check_description_size(body: bytes, media_type: str, max_triples: int) -> None:
    """Refuse (413) a description with more than ``max_triples`` triples (JSON: values), before rdflib.

    Turtle is counted with Oxigraph's streaming parser, stopping at the limit; a body it cannot read is left
    to the description parser, which reports the syntax error. JSON that does not parse is left to it too.
    """
    kind = media_type.split(";")[0].strip().lower()
    problem = too_large(f"{max_triples} triples", "max_description_triples", "the description")
    if kind in TURTLE_TYPES:
        count = 0
        try:
            for _ in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE, lenient=True):
                count += 1
                if count > max_triples:
                    raise problem
        except (SyntaxError, ValueError):
            return
        return
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return
    if _json_values(document) > max_triples:
        raise problem


SURROGATE = (
    "holds a lone UTF-16 surrogate (an escape from \\ud800 to \\udfff without its pair), which is not a "
    "character: send the text as UTF-8, or escape a character outside the BMP as a surrogate pair"
)


def has_lone_surrogate(text: str) -> bool:
    """True when ``text`` cannot be written as UTF-8 because it holds half of a surrogate pair."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def lone_surrogate(document: Any) -> str | None:
    """The dotted path of the first key or string in a parsed JSON document that holds a lone surrogate
    (JSON's ``\\ud800`` escapes parse into one, and nothing downstream can write it), or None."""
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                return where or "body"
        elif isinstance(item, dict):
            for key, value in item.items():
                name = f"{where}.{key}" if where else str(key)
                if has_lone_surrogate(str(key)):
                    shown = str(key).encode("utf-8", "backslashreplace").decode()
                    return f"{where}.{shown}" if where else shown
                stack.append((name, value))
        elif isinstance(item, list):
            stack.extend((f"{where}.{i}" if where else str(i), value) for i, value in enumerate(item))
    return None
