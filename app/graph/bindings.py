"""Bind variables of a named query on either back end: an inline ``VALUES`` block, never pasted text.

The embedded store and a remote server run the same query with a ``VALUES`` block as the first element of its
top-level ``WHERE`` group. The values are RDF terms, checked by pyoxigraph's constructors and written in their
canonical N-Triples form, so no user string ever becomes SPARQL syntax. A ``VALUES`` block joins with the rest
of its group: patterns anywhere in the group (``OPTIONAL``, ``UNION`` and ``GRAPH`` blocks included) match
only the value and the group's own filters and binds see it (``BOUND()`` is true), but a filter or bind
nested in an inner group or a subquery does not. The named queries rely on the first two only.

Binding a variable the group cannot see would bind nothing and return every row, so it is an error: a bound
name must be one of ``top_level_variables(query)``, the variables of the top-level group's patterns (nested
groups, ``OPTIONAL``, ``UNION`` and ``GRAPH`` blocks included; a subquery only by what it projects; never a
``MINUS`` block) and of its own ``FILTER`` and ``BIND`` expressions. tests/test_named_queries.py holds this
scanner to the same rule computed on rdflib's parse tree of every named query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import pyoxigraph

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[?$]?[A-Za-z0-9_][A-Za-z0-9_:.\-]*")
_VARIABLE = re.compile(r"[A-Za-z0-9_]+")
_VAR_TOKEN = re.compile(r"[?$]([A-Za-z0-9_]+)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_:.\-]*|[A-Za-z0-9_]*:[A-Za-z0-9_:.\-]*|\d[\w.]*")


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
    visible = top_level_variables(query)
    unseen = [name for name in names if name not in visible]
    if unseen:
        listed = ", ".join(f"?{name}" for name in sorted(visible)) or "none"
        raise ValueError(
            f"the query's WHERE group has no variable {', '.join(f'?{n}' for n in unseen)} to bind "
            f"(it can bind: {listed})"
        )
    at = where_group_start(query)
    variables = " ".join(f"?{name}" for name in names)
    values = " ".join(term_syntax(bindings[name]) for name in names)
    return f"{query[:at]}\n  VALUES ({variables}) {{ ({values}) }}\n{query[at:]}"


# ---------------------------------------------------------------------------------------------- variables

Token = tuple[str, str]  # (kind, text): "var" (name without ?), "word" (upper-cased), "{", "}", "(", ")", "*"


def _tokens(query: str, start: int = 0) -> list[Token]:
    """Split a query into the tokens the scope rule needs; comments vanish, strings and IRIs become "term"."""
    out: list[Token] = []
    i = start
    while i < len(query):
        char = query[i]
        if char == "#":
            end = query.find("\n", i)
            i = len(query) if end < 0 else end + 1
        elif char in "\"'":
            i = _skip_string(query, i)
            out.append(("term", ""))
        elif char == "<" and (iri := _IRIREF.match(query, i)):
            i = iri.end()
            out.append(("term", ""))
        elif var := _VAR_TOKEN.match(query, i):
            out.append(("var", var.group(1)))
            i = var.end()
        elif char in "{}()*":
            out.append((char, char))
            i += 1
        elif name := _NAME.match(query, i):
            out.append(("word", name.group().upper()))
            i = name.end()
        else:
            i += 1
    return out


@lru_cache(maxsize=256)
def top_level_variables(query: str) -> frozenset[str]:
    """The variables a ``VALUES`` block at the start of the top-level WHERE group binds (the module doc)."""
    tokens = _tokens(query, where_group_start(query))
    found, _ = _group(tokens, 0, top=True)
    return frozenset(found)


def _group(tokens: list[Token], i: int, top: bool) -> tuple[set[str], int]:
    """Scan a group from just after its ``{`` to just after its ``}``: its in-scope variables (and, at the
    top, those of its own filters and binds)."""
    found: set[str] = set()
    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "}":
            return found, i + 1
        if kind == "{":
            if i + 1 < len(tokens) and tokens[i + 1] == ("word", "SELECT"):
                projected, i = _subquery(tokens, i + 1)
                found |= projected
            else:
                inner, i = _group(tokens, i + 1, top=False)
                found |= inner
        elif kind == "var":
            found.add(text)
            i += 1
        elif kind == "word" and text == "FILTER":
            seen, i = _expression(tokens, i + 1)
            if top:
                found |= seen
        elif kind == "word" and text == "BIND":
            start = i + 1
            seen, i = _expression(tokens, start)
            target = [t for k, t in tokens[start:i] if k == "var"][-1:]
            found |= seen if top else set(target)
        elif kind == "word" and text == "MINUS":
            _, i = _balanced(tokens, i + 1)
        else:
            i += 1
    return found, i


def _expression(tokens: list[Token], i: int) -> tuple[set[str], int]:
    """Scan a FILTER or BIND expression, ``(...)``, ``name(...)`` or ``[NOT] EXISTS {...}``: its variables."""
    while i < len(tokens) and tokens[i][0] == "word":
        i += 1  # a function name, NOT, EXISTS
    return _balanced(tokens, i)


def _balanced(tokens: list[Token], i: int) -> tuple[set[str], int]:
    """Scan one balanced ``(...)`` or ``{...}`` starting at ``i``; every variable inside."""
    seen: set[str] = set()
    depth = 0
    while i < len(tokens):
        kind, text = tokens[i]
        i += 1
        if kind in "({":
            depth += 1
        elif kind in ")}":
            depth -= 1
            if depth <= 0:
                return seen, i
        elif kind == "var":
            seen.add(text)
    return seen, i


def _subquery(tokens: list[Token], i: int) -> tuple[set[str], int]:
    """Scan a subquery from its ``SELECT`` to just after the ``}`` around it: the variables it projects."""
    projected: set[str] = set()
    star, depth = False, 0
    while i < len(tokens) and tokens[i][0] != "{":
        kind, text = tokens[i]
        if kind == "(":
            depth += 1
        elif kind == ")":
            depth -= 1
        elif kind == "*" and depth == 0:
            star = True
        elif kind == "var" and (depth == 0 or tokens[i - 1] == ("word", "AS")):
            projected.add(text)
        i += 1
    inner, i = _group(tokens, i + 1, top=False)
    depth = 1  # the subquery's own group is closed; modifiers (GROUP BY, ORDER BY, ...) run to the outer "}"
    while i < len(tokens) and depth:
        depth += {"{": 1, "}": -1}.get(tokens[i][0], 0)
        i += 1
    return (inner if star else projected), i
