"""Named queries bound with an inline VALUES block (both back ends) give what Oxigraph's substitutions gave."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from app.graph.bindings import inline_bindings, where_group_start
from app.graph.loading import build_store
from app.graph.queries import Term, load_query, select
from app.graph.store import EmbeddedStore

REPO_ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ai-crosswalk/id/"
CW = "https://w3id.org/ai-crosswalk/ontology#"
TRUE = pyoxigraph.Literal(True)
FALSE = pyoxigraph.Literal(False)


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return build_store(REPO_ROOT)


def substituted(store: pyoxigraph.Store, text: str, bindings: dict[str, Term]) -> pyoxigraph.QuerySolutions:
    """The reference: the query bound the way the embedded store bound it before, by substitutions."""
    results = store.query(
        text, substitutions={pyoxigraph.Variable(k): v for k, v in bindings.items()} or None
    )
    assert isinstance(results, pyoxigraph.QuerySolutions)
    return results


def rows(results: pyoxigraph.QuerySolutions) -> tuple[list[str], list[str]]:
    variables = [v.value for v in results.variables]
    return variables, [repr({v: s[v] for v in variables if s[v] is not None}) for s in results]


# Every named query the service runs with bindings (app/crosswalk/catalogue.py, app/exports/tables.py, app/crosswalk/vocabularies.py,
# app/exports), with each optional binding set at least once.
@pytest.mark.parametrize(
    ("name", "bindings"),
    [
        ("crosswalk", {"item": pyoxigraph.NamedNode(ID + "nist-ai-rmf/GOVERN-1.1")}),
        ("crosswalk", {"item": pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9"), "includeDerived": TRUE}),
        (
            "crosswalk",
            {
                "item": pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9"),
                "targetRegime": pyoxigraph.NamedNode(ID + "m593"),
            },
        ),
        ("provision", {"item": pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9")}),
        ("provisions", {"regime": pyoxigraph.NamedNode(ID + "m593")}),
        ("coverage", {"includeDerived": TRUE}),
        ("coverage", {}),
        ("coverage-share", {"includeDerived": TRUE}),
        ("coverage-share", {}),
        ("search", {"q": pyoxigraph.Literal("risk")}),
        ("regime-crosswalk", {"fromRegime": pyoxigraph.NamedNode(ID + "eu-ai-act"), "includeDerived": TRUE}),
        (
            "regime-crosswalk",
            {
                "fromRegime": pyoxigraph.NamedNode(ID + "nist-ai-rmf"),
                "toRegime": pyoxigraph.NamedNode(ID + "eu-ai-act"),
                "relationship": pyoxigraph.NamedNode(CW + "IntersectsWith"),
            },
        ),
        ("mapping-paths", {"item": pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9")}),
        ("vocab", {"scheme": pyoxigraph.NamedNode(ID + "vocab/role")}),
        (
            "export-mappings",
            {"fromRegime": pyoxigraph.NamedNode(ID + "eu-ai-act"), "includeDerived": FALSE},
        ),
        (
            "export-mappings",
            {"toRegime": pyoxigraph.NamedNode(ID + "m593"), "includeDerived": TRUE},
        ),
    ],
)
def test_inline_values_match_substitutions(
    store: pyoxigraph.Store, name: str, bindings: dict[str, Term]
) -> None:
    text = load_query(name, REPO_ROOT)
    expected = rows(substituted(store, text, bindings))
    variables, found = select(store, text, bindings)
    assert variables == expected[0]
    assert sorted(repr(row) for row in found) == sorted(expected[1])
    assert found, f"{name} finds rows in the shipped graph"


def test_crosswalk_look_ups_return_exactly_what_substitutions_did(store: pyoxigraph.Store) -> None:
    text = load_query("crosswalk", REPO_ROOT)
    query = f"SELECT DISTINCT ?i WHERE {{ {{ ?m <{CW}subject> ?i }} UNION {{ ?m <{CW}object> ?i }} }}"
    mapped = select(store, query)
    items = sorted(row["i"].value for row in mapped[1])[::4]
    assert len(items) > 50
    for iri in items:
        for derived in ({}, {"includeDerived": TRUE}):
            bindings: dict[str, Term] = {"item": pyoxigraph.NamedNode(iri), **derived}
            variables, found = select(store, text, bindings)
            assert (variables, [repr(row) for row in found]) == rows(substituted(store, text, bindings)), iri


def test_describe_item_construct_matches_substitutions(store: pyoxigraph.Store) -> None:
    text = load_query("describe-item", REPO_ROOT)
    item = {"item": pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9")}
    embedded = EmbeddedStore(store, query_workers=0)
    try:
        found = embedded.construct(text, item)
    finally:
        embedded.close()
    expected = store.query(text, substitutions={pyoxigraph.Variable("item"): item["item"]})
    assert found
    assert sorted(map(str, found)) == sorted(map(str, expected))


def test_inventory_queries_bind_the_graph_in_a_graph_block() -> None:
    store = pyoxigraph.Store()
    dcat = "http://www.w3.org/ns/dcat#"
    for n in (1, 2):
        graph = f"<{ID}system/{n}>"
        store.update(
            f"INSERT DATA {{ GRAPH {graph} {{ {graph} a <{dcat}CatalogRecord> ; "
            f"<http://xmlns.com/foaf/0.1/primaryTopic> <urn:s:{n}> ; "
            f'<http://purl.org/dc/terms/modified> "2025-01-0{n}" . }} }}'
        )
    one = {"graph": pyoxigraph.NamedNode(f"{ID}system/2")}
    for name in ("inventory/records", "inventory/triples"):
        text = load_query(name, REPO_ROOT)
        variables, found = select(store, text, one)
        expected = rows(substituted(store, text, one))
        assert (variables, sorted(map(repr, found))) == (expected[0], sorted(expected[1]))
        assert found and all(row["graph"] == one["graph"] for row in found)


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
