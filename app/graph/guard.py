"""Keep /sparql from reaching out: find every SERVICE (and, in updates, LOAD) a query names, the way a SPARQL
parser reads it, and refuse it unless the operator allow-listed that endpoint (``--service-allow``).

A regular expression over the raw text is fooled both ways: ``# SERVICE`` in a comment or ``"SERVICE"`` in a
string is not one, and ``\\u0053ERVICE`` is one (SPARQL expands ``\\u`` escapes before parsing). So the text
is read as the grammar reads it: escapes expanded first, then comments, strings and IRIs masked out, and only
then is the keyword looked for, where a name cannot continue around it. When in doubt this refuses (a prefixed
name such as ``ex:a.service`` is taken for the keyword): the cost of a false refusal is a 400, of a miss a
request on the client's behalf to any URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
LONG_STRING = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"", re.DOTALL)
STRING = re.compile(r"'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"")
SPECIAL = re.compile(r"[#'\"<]")
NEWLINE = re.compile(r"[\n\r]")
KEYWORD = re.compile(r"(?<![\w:?$@])(SERVICE|LOAD)(?![\w:.-])", re.IGNORECASE)
AFTER = re.compile(r"\s*(?:SILENT(?![\w:.-])\s*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Reach:
    """One place a query reaches out: the keyword and the endpoint as an absolute IRI, or None if not one."""

    keyword: str
    endpoint: str | None


class ServiceRefusedError(Exception):
    """A query names an endpoint the service will not call."""


class QueryShapeError(Exception):
    """A query is too large or nests too deeply to be parsed safely (the status it deserves is ``status``)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def unescape(text: str) -> str:
    """Expand SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes, as a parser does before reading the query."""

    def expand(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return ESCAPE.sub(expand, text)


def masked(text: str) -> tuple[str, dict[int, str]]:
    """The text with comments and string contents blanked and IRIs emptied (``<`` and ``>`` kept), and the
    IRIs by their start offset: what is left is keywords, names, variables and punctuation."""
    out: list[str] = []
    iris: dict[int, str] = {}
    i, n = 0, len(text)
    while i < n:
        special = SPECIAL.search(text, i)
        if special is None:
            out.append(text[i:])
            break
        out.append(text[i : special.start()])
        i, c = special.start(), special[0]
        if c == "#":
            end = NEWLINE.search(text, i)
            stop = end.start() if end else n
            out.append(" " * (stop - i))
            i = stop
        elif c in "'\"":
            match = LONG_STRING.match(text, i) or STRING.match(text, i)
            if match is None:  # unterminated: the parser refuses it anyway; blank the rest to be safe
                out.append(" " * (n - i))
                break
            out.append(c + " " * (match.end() - i - 2) + c)
            i = match.end()
        else:
            match = IRIREF.match(text, i)
            if match is None:  # the less-than operator
                out.append(c)
                i += 1
            else:
                iris[i] = match[0][1:-1]
                out.append("<" + " " * (match.end() - i - 2) + ">")
                i = match.end()
    return "".join(out), iris


def reaches(query: str) -> Iterator[Reach]:
    """Every SERVICE or LOAD in ``query``, with its endpoint when written as an absolute IRI."""
    text = unescape(query)
    code, iris = masked(text)
    for match in KEYWORD.finditer(code):
        after = AFTER.match(code, match.end())
        start = after.end() if after else match.end()
        iri = iris.get(start)
        absolute = iri is not None and ABSOLUTE.match(iri) is not None
        yield Reach(match[1].upper(), iri if absolute else None)


DATASET_KEYWORDS = frozenset({"GRAPH", "FROM", "NAMED"})
"""What lets a query read named graphs (on a remote store, the inventory's): ``GRAPH``, ``FROM [NAMED]``."""
ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
GRAPH_VARIABLE = re.compile(r"(?<![\w:?$@])GRAPH\s*[?$]", re.IGNORECASE)


def keywords(query: str, wanted: frozenset[str]) -> set[str]:
    """Which of the ``wanted`` keywords ``query`` uses, read as the grammar reads it (not in names, IRIs,
    strings or comments; escapes expanded); like SERVICE, a look-alike prefixed name counts (fail closed)."""
    code, _ = masked(unescape(query))
    pattern = re.compile(r"(?<![\w:?$@])(" + "|".join(sorted(wanted)) + r")(?![\w:.-])", re.IGNORECASE)
    return {match[1].upper() for match in pattern.finditer(code)}


def reach_into(update: str, protected: str) -> str | None:
    """What in ``update`` could touch a graph whose IRI starts with ``protected`` (the inventory's), or None.

    Every IRI the update writes is checked, and whatever could make one it does not write: ``ALL`` and
    ``NAMED`` (``DROP ALL``, ``CLEAR NAMED``, ``USING NAMED``), ``GRAPH ?var``, ``BASE`` and relative IRIs,
    and a prefix IRI that ``protected`` starts with (a prefixed name could then spell a protected graph)."""
    code, iris = masked(unescape(update))
    words = keywords(update, frozenset({"ALL", "NAMED", "BASE"}))
    if words:
        return " and ".join(sorted(words))
    if GRAPH_VARIABLE.search(code):
        return "GRAPH with a variable"
    for iri in iris.values():
        if not ABSOLUTE.match(iri):
            return f"the relative IRI <{iri[:200]}>"
        if iri.startswith(protected) or protected.startswith(iri):
            return f"<{iri[:200]}>"
    return None


def check(query: str, allowed: frozenset[str]) -> None:
    """Raise ServiceRefusedError unless every SERVICE/LOAD names an allow-listed endpoint as a full IRI."""
    for reach in reaches(query):
        if reach.endpoint is not None and reach.endpoint in allowed:
            continue
        if not allowed:
            raise ServiceRefusedError(
                f"{reach.keyword} is not accepted: this endpoint queries no other endpoint on a client's "
                "behalf (an operator may allow some with --service-allow)"
            )
        if reach.endpoint is None:
            raise ServiceRefusedError(
                f"{reach.keyword} must name its endpoint as a full IRI in <…> (no variable, prefixed or "
                "relative name) for it to be checked against the allowed endpoints"
            )
        raise ServiceRefusedError(
            f"{reach.keyword} <{reach.endpoint[:200]}> is not one of the endpoints this service may call"
        )


MAX_NESTING = 64
"""Brackets (``{``, ``(``, ``[``) a query may nest. Oxigraph's recursive-descent parser overflows its stack at
a few thousand (a crash: the remote server aborts, an embedded worker dies), rdflib's at about 40; real
queries rarely pass 15."""
BRACKET = re.compile(r"[{}()\[\]]")
PROLOGUE = re.compile(r"\s*(?:BASE\s*<\s*>|PREFIX\s+[\w.-]*:\s*<\s*>)", re.IGNORECASE)
FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


def nesting(code: str) -> int:
    """The deepest bracket nesting of masked query text, in one pass (unbalanced closers are the parser's)."""
    depth = deepest = 0
    for match in BRACKET.finditer(code):
        if match[0] in "{([":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def is_update(text: str) -> bool:
    """Tell a SPARQL Update from a query in one linear pass: after the prologue (BASE, PREFIX), an update's
    first operation starts with one of its keywords and a query never does. No parser runs: a 3.6 MB
    ``INSERT DATA`` takes half a second here where rdflib's parser took 48 s (longer ones never get here)."""
    code, _ = masked(unescape(text))
    position = 0
    while prologue := PROLOGUE.match(code, position):
        if prologue.end() == position:
            break
        position = prologue.end()
    first = FIRST_WORD.match(code, position)
    return first is not None and first[1].upper() in UPDATE_KEYWORDS


def check_shape(text: str, max_chars: int) -> None:
    """Refuse, before any parser sees it, a query or update longer than ``max_chars`` characters (413) or
    nested deeper than MAX_NESTING brackets (400)."""
    if len(text) > max_chars:
        raise QueryShapeError(413, f"the query is {len(text)} characters long, over the limit of {max_chars}")
    code, _ = masked(unescape(text))
    depth = nesting(code)
    if depth > MAX_NESTING:
        raise QueryShapeError(
            400, f"the query nests {depth} levels of brackets deep, over the limit of {MAX_NESTING}"
        )
