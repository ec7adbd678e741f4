"""Bind variables of a named query on either back end: an inline ``VALUES`` block, never pasted text.

The embedded store and a remote server run the same query with a ``VALUES`` block as the first element of its
top-level ``WHERE`` group. The values are RDF terms, checked by pyoxigraph's constructors and written in their
canonical N-Triples form, so no user string ever becomes SPARQL syntax. A ``VALUES`` block joins with the rest
of its group: patterns anywhere in the group (``OPTIONAL``, ``UNION`` and ``GRAPH`` blocks included) match
only the value and the group's own filters and binds see it (``BOUND()`` is true), but a filter or bind
nested in an inner group or a subquery does not. The named queries rely on the first two only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[?$]?[A-Za-z0-9_][A-Za-z0-9_:.\-]*")
_VARIABLE = re.compile(r"[A-Za-z0-9_]+")


def where_group_start(query: str) -> int:
    """Return the index just after the ``{`` that opens the top-level ``WHERE`` group."""
    i, seen_where = 0, False
    while i < len(query):
        char = query[i]
        if char == "#":
            end = query.find("\n", i)
            i = len(query) if end < 0 else end + 1
        elif char in "\"'":
            i = _skip_string(query, i)
        elif char == "<" and (iri := _IRIREF.match(query, i)):
            i = iri.end()
        elif char == "{":
            if seen_where:
                return i + 1
            i += 1
        elif word := _WORD.match(query, i):
            seen_where = seen_where or word.group().upper() == "WHERE"
            i = word.end()
        else:
            i += 1
    raise ValueError("the query has no WHERE group to bind values in")


def _skip_string(query: str, start: int) -> int:
    """Skip a short or long string literal, escapes included."""
    quote = query[start]
    long_quote = quote * 3
    if query.startswith(long_quote, start):
        end = query.find(long_quote, start + 3)
        while end > 0 and query[end - 1] == "\\":
            end = query.find(long_quote, end + 1)
        return len(query) if end < 0 else end + 3
    i = start + 1
    while i < len(query):
        if query[i] == "\\":
            i += 2
            continue
        if query[i] == quote:
            return i + 1
        i += 1
    return i


def term_syntax(term: Term) -> str:
    """Write a bound value as SPARQL term syntax (N-Triples form), refusing what VALUES cannot hold."""
    if isinstance(term, pyoxigraph.BlankNode | pyoxigraph.Triple):
        raise ValueError("only IRIs and literals can be bound")
    return str(term)


def inline_bindings(query: str, bindings: Mapping[str, Term]) -> str:
    """Return the query with one ``VALUES`` row binding each variable, at the start of its WHERE group."""
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise ValueError(f"not a variable name: {name!r}")
    at = where_group_start(query)
    variables = " ".join(f"?{name}" for name in names)
    values = " ".join(term_syntax(bindings[name]) for name in names)
    return f"{query[:at]}\n  VALUES ({variables}) {{ ({values}) }}\n{query[at:]}"
