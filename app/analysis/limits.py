"""Limits on a description, checked before any parser sees it: its size in triples, and text it cannot hold.

``check_description_size`` bounds a description by its number of triples before an RDF parser sees it (a 4 MiB
Turtle body can hold half a million triples, which take rdflib seconds to parse); the byte limit on bodies is
the HTTP layer's (app.http.limits).
"""

from __future__ import annotations

import json
from typing import Any

import orjson
import pyoxigraph

from app.analysis.description_model import TURTLE_TYPES
from app.core.errors import ProblemError


def too_large(limit: str, setting: str, what: str = "the body") -> ProblemError:
    """413 naming the limit and the setting that raises it."""
    return ProblemError(
        413,
        f"{what} is larger than the limit of {limit}; send less or raise CROSSWALK_{setting.upper()}",
        title="Request body too large" if what == "the body" else "Description too large",
    )


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


def check_description_size(body: bytes | str | dict[str, Any], media_type: str, max_triples: int) -> None:
    """Refuse (413) a description with more than ``max_triples`` triples (JSON: values), before rdflib.

    Turtle is counted with Oxigraph's streaming parser, stopping at the limit; a body it cannot read is left
    to the description parser, which reports the syntax error. JSON that does not parse is left to it too.
    """
    kind = media_type.split(";")[0].strip().lower()
    problem = too_large(f"{max_triples} triples", "max_description_triples", "the description")
    if kind in TURTLE_TYPES and not isinstance(body, dict):
        count = 0
        try:
            for _ in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE, lenient=True):
                count += 1
                if count > max_triples:
                    raise problem
        except (SyntaxError, ValueError):
            return
        return
    if not isinstance(body, dict) and _most_json_values(body) <= max_triples:
        return  # no need to parse it here: it cannot hold more
    try:
        document = body if isinstance(body, dict) else _loads(body)
    except (ValueError, RecursionError):
        return
    if _json_values(document) > max_triples:
        raise problem


def _most_json_values(text: bytes | str) -> int:
    """The most values a JSON text can hold, counted without parsing it: the first, one after each comma and
    one at the start of each array or object (a comma or bracket inside a string only raises the bound)."""
    if isinstance(text, str):
        return 1 + text.count(",") + text.count("[") + text.count("{")
    return 1 + text.count(b",") + text.count(b"[") + text.count(b"{")


def _loads(body: bytes | str) -> Any:
    """JSON parsed by orjson (several times faster on a large body), or by json where orjson refuses what json
    reads (a lone surrogate escape, an integer past 64 bits): the count must not depend on which."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return json.loads(body)


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
