"""OpenLink Virtuoso 7 as the remote back end: every quirk of it the service meets, here and only here
(docs/deploy.md, "OpenLink Virtuoso"); the API suite runs on it (tests/conftest.py, BACKENDS)."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping
from email.message import Message

import pyoxigraph

from app.core.identifiers import SITE
from app.graph.guard import keywords, masked
from app.graph.queries import Row, Term
from app.graph.remote import N_TRIPLES, RemoteStore, form, snippet
from app.graph.sandbox import QueryFailedError

VIRTUOSO_GRAPH = SITE + "/graph"
"""Where the shipped graph lives on Virtuoso, which has no default graph of its own (VirtuosoStore)."""
VIRTUOSO_BNODE = re.compile(rb'("type":\s*"bnode",\s*"value":\s*")nodeID://')
BOOLEAN = rb"http://www.w3.org/2001/XMLSchema#boolean"
VIRTUOSO_BOOLEANS = [
    (
        re.compile(rb'("datatype":\s*"' + BOOLEAN + rb'",\s*"value":\s*")' + value + rb'"'),
        rb"\1" + text + rb'"',
    )
    for value, text in ((rb"1", rb"true"), (rb"0", rb"false"))
] + [
    (
        re.compile(rb'(?<!\\)"' + value + rb'"\^\^<' + BOOLEAN + rb">"),
        rb'"' + text + rb'"^^<' + BOOLEAN + rb">",
    )
    for value, text in ((rb"1", rb"true"), (rb"0", rb"false"))
]
VIRTUOSO_OWN_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)
"""The graphs a fresh Virtuoso 7.2 holds of its own (its quad-map schema, LDP, its service description under
the default ``[URIQA] DefaultHost``): never named graphs of the service's dataset."""
ANYTIME_TIMEOUT = b"S1TAT"
"""Virtuoso's SQL state for a query its "anytime" time limit stopped: a 200 with partial results carries it
in ``X-SQL-State`` (an aggregate), a 500 at the end of the partial results it had written (rows)."""
ASK_RETVAL = b"__ASK_RETVAL"
ECHOED_QUERY = b"\n\nSPARQL query:"
"""Where Virtuoso's error answer starts repeating the query it ran, after its message."""
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})
INSERT_DATA = re.compile(r"(?<![\w:?$@])INSERT\s+DATA\s*\{", re.IGNORECASE)
DROP_GRAPH = re.compile(r"(?<![\w:?$@])DROP\s+(?=GRAPH(?![\w:.-]))", re.IGNORECASE)


class VirtuosoStore(RemoteStore):
    """OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource``).

    - Its Graph Store Protocol has no default graph (``?default`` is refused) and a query that names no
      dataset reads the union of all graphs, its own system graphs and the inventory's included. So the
      shipped graph lives in the named graph VIRTUOSO_GRAPH, which every query that names no dataset of its
      own (no ``FROM``, no ``default-graph-uri``/``named-graph-uri``) and every update get as their default
      graph. Such a query's ``GRAPH ?g`` reaches every graph but Virtuoso's own (VIRTUOSO_OWN_GRAPHS): the
      named graphs it reaches on other servers, and the regime graph too (excluding it would empty the
      default graph as well, a Virtuoso 7.2 bug).
    - A user's query gets the service's time limit as the ``timeout`` parameter: Virtuoso stops the query
      itself ("anytime" query; an aggregate gets two such spans, one to aggregate and one to answer) and says
      so (ANYTIME_TIMEOUT), which is a time-out, not partial results.
    - ``DROP GRAPH`` fails on a graph that holds triples but was not made with ``CREATE GRAPH`` ("has not been
      explicitly created before"): it is sent as ``DROP SILENT GRAPH``, which drops it.
    - ``INSERT DATA`` refuses blank nodes ("not allowed in a constant clause"): one with blank nodes is sent
      as the same ``INSERT { … } WHERE {}``.
    - Its JSON results write blank nodes as ``nodeID://b…``, not a blank node label: the prefix is dropped.
    - It answers an ASK in JSON as a SELECT of ``__ASK_RETVAL`` (a row for true): given back as a boolean.
    - It writes booleans as ``"1"``/``"0"`` (valid, not canonical): they are given back as ``true``/``false``.
    - Asked for JSON or N-Triples, it answers a DESCRIBE or CONSTRUCT in JSON: a graph is asked for in
      N-Triples only. Its DESCRIBE gives the triples with the resource as object too; asked for the concise
      bounded description (``define sql:describe-mode "CBD"``), it gives what Oxigraph gives.
    - ``GROUP_CONCAT`` without ``separator`` fails ("SR183: Required argument DELIM"): the default separator,
      a space, is written out.
    - It cannot sort rows holding a value over ~4 KB (``select``, below); its query cost estimate refuses the
      bigger named queries unless ``MaxQueryCostEstimationTime = 0`` (server configuration, docs/deploy.md).
    """

    def __init__(self, query_url: str, update_url: str, gsp_url: str, graph: str = VIRTUOSO_GRAPH) -> None:
        super().__init__(query_url, update_url, gsp_url)
        self.graph = graph

    def query_form(
        self, query: str, default_graphs: list[str], named_graphs: list[str], timeout: float | None
    ) -> bytes:
        pragmas = []
        if not default_graphs and not named_graphs and not keywords(query, frozenset({"FROM"})):
            default_graphs = [self.graph]  # with FROM as well, Virtuoso would read both
            # not self.graph: Virtuoso then drops it from the default graph as well
            pragmas += [f"define input:named-graph-exclude <{g}>" for g in VIRTUOSO_OWN_GRAPHS]
        if keywords(query, frozenset({"DESCRIBE"})):
            pragmas.append('define sql:describe-mode "CBD"')
        query = " ".join([*pragmas, _with_separators(query)])
        body = super().query_form(query, default_graphs, named_graphs, timeout)
        if timeout is None:
            return body
        # it ignores a limit under a second (its unit is the millisecond)
        return body + b"&" + form(timeout=[str(max(1000, round(timeout * 1000)))])

    def stopped(self, status: int, headers: Message, body: bytes) -> bool:
        if status == 200:
            return headers.get("X-SQL-State", "").encode() == ANYTIME_TIMEOUT
        return status == 500 and ANYTIME_TIMEOUT + b" Error" in body

    def _results(self, body: bytes) -> bytes:
        if ASK_RETVAL in body[:200]:  # an ASK, answered as a SELECT of one variable: a row for true
            rows = json.loads(body)["results"]["bindings"]
            answer = bool(rows) and rows[0].get(ASK_RETVAL.decode(), {}).get("value") not in ("0", "false")
            return json.dumps({"head": {}, "boolean": answer}).encode()
        body = VIRTUOSO_BNODE.sub(rb"\1", body)
        for pattern, canonical in VIRTUOSO_BOOLEANS:
            body = pattern.sub(canonical, body)
        return body

    def _accept(self, query: str) -> str:
        return N_TRIPLES if keywords(query, GRAPH_FORMS) else super()._accept(query)

    def _message(self, body: bytes, size: int = 300) -> str:
        # its error echoes the request as it ran it, the service's defines and default graph included: the
        # client sent the query, so only the error is given back
        return snippet(body.split(ECHOED_QUERY, 1)[0], size)

    def _update_form(self, text: str) -> bytes:
        update = _silent_drops(_without_blank_data(text))
        return form(update=[update], **{"default-graph-uri": [self.graph]})

    def _graph_target(self) -> str:
        return urllib.parse.urlencode({"graph": self.graph})

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> tuple[list[str], list[Row]]:
        """As on any server; but Virtuoso cannot sort rows holding a value over ~4 KB ("SR319: Max row length
        is exceeded ... temp col", e.g. a long GROUP_CONCAT): such a query is run unsorted and sorted here,
        when its ORDER BY names plain variables (the named queries' do)."""
        try:
            return super().select(query, bindings)
        except QueryFailedError as err:
            split = _split_order_by(query) if "SR319" in str(err) else None
            if split is None:
                raise
        unsorted, keys = split
        variables, rows = super().select(unsorted, bindings)
        for name, descending in reversed(keys):  # stable sorts, last key first
            rows.sort(key=lambda row: _order_key(row.get(name)), reverse=descending)
        return variables, rows


GROUP_CONCAT = re.compile(r"(?<![\w:?$@])GROUP_CONCAT\s*\(", re.IGNORECASE)


def _with_separators(query: str) -> str:
    """Each ``GROUP_CONCAT(…)`` without a separator with SPARQL's default written out: ``; separator=" "``."""
    code, _ = masked(query)  # comments, strings and IRIs blanked, offsets kept
    inserts: list[int] = []
    for match in GROUP_CONCAT.finditer(code):
        depth, semicolon = 0, False
        for i in range(match.end() - 1, len(code)):
            char = code[i]
            depth += {"(": 1, ")": -1}.get(char, 0)
            semicolon = semicolon or (char == ";" and depth == 1)
            if depth == 0:
                if not semicolon:
                    inserts.append(i)
                break
    for position in reversed(inserts):
        query = f'{query[:position]}; separator=" "{query[position:]}'
    return query


def _without_blank_data(update: str) -> str:
    """Each ``INSERT DATA { … }`` holding blank nodes as ``INSERT { … } WHERE {}`` (the same triples)."""
    code, _ = masked(update)  # comments, strings and IRIs blanked, offsets kept
    parts, done = [], 0
    for match in INSERT_DATA.finditer(code):
        if match.start() < done:
            continue
        depth, end = 0, None
        for i in range(match.end() - 1, len(code)):
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            if depth == 0:
                end = i
                break
        if end is None:  # unbalanced: let the server say what is wrong
            break
        body = code[match.end() : end]
        if "_:" in body or "[" in body:
            parts += [update[done : match.start()], "INSERT {", update[match.end() : end], "} WHERE {}"]
            done = end + 1
    return "".join([*parts, update[done:]])


def _silent_drops(update: str) -> str:
    """Each ``DROP GRAPH`` as ``DROP SILENT GRAPH`` (outside strings, comments and IRIs)."""
    code, _ = masked(update)
    for match in reversed(list(DROP_GRAPH.finditer(code))):
        update = f"{update[: match.end()]}SILENT {update[match.end() :]}"
    return update


ORDER_BY = re.compile(r"(?<![\w:?$@])ORDER\s+BY(?![\w:.-])", re.IGNORECASE)
ORDER_KEY = re.compile(r"\s*(?:(ASC|DESC)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+))", re.IGNORECASE)


def _split_order_by(query: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """The query without its final ``ORDER BY`` and that clause's keys (variable, descending), when every key
    is a plain variable and the clause ends the query; else None."""
    code, _ = masked(query)
    matches = list(ORDER_BY.finditer(code))
    if not matches or "}" in code[matches[-1].end() :]:
        return None
    position = matches[-1].end()
    keys: list[tuple[str, bool]] = []
    while (key := ORDER_KEY.match(code, position)) is not None:
        keys.append((key[2] or key[3], (key[1] or "").upper() == "DESC"))
        position = key.end()
    if not keys or re.fullmatch(r"\s*", code[position:]) is None:
        return None
    return query[: matches[-1].start()] + query[position:], keys


def _order_key(term: Term | None) -> tuple[int, object, str]:
    """SPARQL's order: unbound, blank nodes, IRIs, literals (numbers by value, the rest by their text)."""
    if term is None:
        return (0, "", "")
    if isinstance(term, pyoxigraph.BlankNode):
        return (1, term.value, "")
    if isinstance(term, pyoxigraph.NamedNode):
        return (2, term.value, "")
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value.rsplit("#", 1)[-1] in NUMERIC:
        try:
            return (3, float(term.value), "")
        except ValueError:
            pass
    return (4, getattr(term, "value", str(term)), str(term))


NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger"}
