"""Binding named-query variables for a remote server (inline VALUES) gives what Oxigraph's substitutions give."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from app.graph import build_store
from app.queries import load_query, select
from app.sparql_bind import inline_bindings, where_group_start

REPO_ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ai-crosswalk/id/"
TRUE = pyoxigraph.Literal(True)


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return build_store(REPO_ROOT)


@pytest.mark.parametrize(
    ("name", "bindings"),
    [
        ("crosswalk", {"item": pyoxigraph.NamedNode(ID + "nist-ai-rmf/GOVERN-1.1")}),
        ("crosswalk", {"item": pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9"), "includeDerived": TRUE}),
        ("provision", {"item": pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9")}),
        ("provisions", {"regime": pyoxigraph.NamedNode(ID + "m593")}),
        ("coverage", {"includeDerived": TRUE}),
        ("coverage-share", {}),
        ("search", {"q": pyoxigraph.Literal("risk")}),
        ("regime-crosswalk", {"fromRegime": pyoxigraph.NamedNode(ID + "eu-ai-act"), "includeDerived": TRUE}),
        ("mapping-paths", {"item": pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9")}),
    ],
)
def test_inline_values_match_substitutions(
    store: pyoxigraph.Store, name: str, bindings: dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal]
) -> None:
    text = load_query(name, REPO_ROOT)
    substituted = select(store, text, bindings)
    inlined = select(store, inline_bindings(text, bindings))
    assert substituted[0] == inlined[0]
    assert sorted(map(repr, substituted[1])) == sorted(map(repr, inlined[1]))
    assert substituted[1], f"{name} finds rows in the shipped graph"


def test_the_where_group_is_found_past_comments_strings_and_iris() -> None:
    query = (
        "# a WHERE { in a comment\nPREFIX ex: <http://e.org/{WHERE}#>\n"
        'SELECT ?where (CONCAT("WHERE {", \'}\') AS ?x) """WHERE {"""\nWHERE { ?where ex:p ?o }'
    )
    at = where_group_start(query)
    assert query[at - 7 : at] == "WHERE {"
    assert query[at:].startswith(" ?where ex:p")


def test_construct_binds_in_its_where_group_not_its_template() -> None:
    query = "CONSTRUCT { ?item ?p ?o } WHERE { ?item ?p ?o }"
    bound = inline_bindings(query, {"item": pyoxigraph.NamedNode("http://e.org/a")})
    assert bound.startswith("CONSTRUCT { ?item ?p ?o } WHERE {")
    assert "VALUES (?item) { (<http://e.org/a>) }" in bound


def test_hostile_literals_stay_literals(store: pyoxigraph.Store) -> None:
    hostile = pyoxigraph.Literal('x" } } ; DROP ALL ; SELECT * { "')
    bound = inline_bindings(load_query("search", REPO_ROOT), {"q": hostile})
    assert select(store, bound)[1] == []


@pytest.mark.parametrize("bad", [{"not a var": pyoxigraph.Literal("x")}, {"b": pyoxigraph.BlankNode()}])
def test_bad_bindings_are_refused(bad: dict[str, pyoxigraph.Literal | pyoxigraph.BlankNode]) -> None:
    with pytest.raises(ValueError):
        inline_bindings("SELECT * WHERE { ?s ?p ?o }", bad)
