"""The neutral form /sparql results travel in (SPARQL TSV, N-Triples) loses nothing and counts to the limit."""

from __future__ import annotations

import pyoxigraph
import pytest

from app.graph.sandbox import ResultTooLargeError, evaluate, outcome
from app.http.sparql_formats import GRAPH_TYPES, SOLUTION_TYPES, serialise

X = "http://www.w3.org/2001/XMLSchema#"
ODD_TERMS = f"""
PREFIX e: <http://e.org/>
INSERT DATA {{
  e:s e:lang "line one\\nline\\ttwo"@en-GB ; e:dir "x"@ar--rtl ; e:plain "say \\"hi\\" \\\\ \\r" ; e:empty "" ;
      e:int "01"^^<{X}integer> ; e:dec "1.50"^^<{X}decimal> ; e:dbl "1e3"^^<{X}double> ; e:nan "NaN"^^<{X}double> ;
      e:bool "1"^^<{X}boolean> ; e:bad "abc"^^<{X}integer> ; e:own "x"^^e:type ; e:iri <http://e.org/ü%20x> ;
      e:blank [ e:p "in a blank node" ] .
  << e:s e:says "it" >> e:according e:them .
  GRAPH e:g {{ e:s e:in "a named graph" }}
}}
"""
SELECTS = [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT ?o ?s WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } }",
    "SELECT ?t WHERE { ?r <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> ?t }",
    "SELECT * WHERE { }",
    "SELECT ?x ?y WHERE { BIND (1 AS ?x) }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 0",
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
]


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.update(ODD_TERMS)
    return store


def solutions(data: bytes, fmt: pyoxigraph.QueryResultsFormat) -> tuple[list[str], list[str]]:
    results = pyoxigraph.parse_query_results(data, format=fmt)
    assert isinstance(results, pyoxigraph.QuerySolutions)
    variables = [v.value for v in results.variables]
    return variables, [repr({v: s[v] for v in variables}) for s in results]


@pytest.mark.parametrize("query", SELECTS)
@pytest.mark.parametrize("media_type", list(SOLUTION_TYPES))
def test_solutions_come_out_as_pyoxigraph_writes_them(
    store: pyoxigraph.Store, query: str, media_type: str
) -> None:
    neutral = evaluate(store, query, [], [], 1000)
    body, chosen, _ = serialise(neutral, media_type)
    assert chosen == media_type
    fmt = SOLUTION_TYPES[media_type]
    direct = store.query(query).serialize(format=fmt) or b""
    if fmt == pyoxigraph.QueryResultsFormat.CSV:  # CSV drops term kinds: compare the text
        assert sorted(body.splitlines()) == sorted(direct.splitlines())
    else:
        assert solutions(body, fmt) == solutions(direct, fmt)
    assert neutral.count == len(list(store.query(query)))


@pytest.mark.parametrize("media_type", list(GRAPH_TYPES))
def test_graphs_come_out_whole(store: pyoxigraph.Store, media_type: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER (!isTRIPLE(?o)) }"  # JSON-LD has no triple terms
    if media_type != "application/ld+json":
        query = "CONSTRUCT WHERE { ?s ?p ?o }"
    neutral = evaluate(store, query, [], [], 1000)
    body, chosen, _ = serialise(neutral, media_type)
    assert chosen == media_type
    found = {str(q.triple) for q in pyoxigraph.parse(body, format=GRAPH_TYPES[media_type])}
    expected = {str(t) for t in store.query(query)}
    if media_type == "application/n-triples":
        assert found == expected  # blank node labels survive N-Triples
    else:
        assert len(found) == len(expected)
    assert neutral.count == len(expected)


def test_a_boolean_is_sparql_json(store: pyoxigraph.Store) -> None:
    neutral = evaluate(store, "ASK { ?s ?p ?o }", [], [], 0)
    for media_type in ("application/sparql-results+json", "application/sparql-results+xml"):
        body, _, _ = serialise(neutral, media_type)
        assert bool(pyoxigraph.parse_query_results(body, format=SOLUTION_TYPES[media_type])) is True


@pytest.mark.parametrize(
    ("query", "unit"),
    [("SELECT * WHERE { ?s ?p ?o }", "rows"), ("CONSTRUCT WHERE { ?s ?p ?o }", "triples")],
)
def test_the_limit_is_exact_and_escaped_newlines_do_not_count(
    store: pyoxigraph.Store, query: str, unit: str
) -> None:
    total = len(list(store.query(query)))
    assert evaluate(store, query, [], [], total).count == total
    with pytest.raises(ResultTooLargeError, match=f"more than {total - 1} {unit}"):
        evaluate(store, query, [], [], total - 1)


def test_results_from_a_remote_server_become_the_same_neutral_form(store: pyoxigraph.Store) -> None:
    query = "SELECT * WHERE { ?s ?p ?o }"
    remote = pyoxigraph.parse_query_results(
        store.query(query).serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b"",
        format=pyoxigraph.QueryResultsFormat.JSON,
    )
    assert outcome(remote, 1000) == evaluate(store, query, [], [], 1000)
