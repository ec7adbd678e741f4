"""Named queries fail loudly: every .rq is linted, and binding a variable the query cannot see is an error.

A value bound by the inline ``VALUES`` block (app/graph/bindings.py) only restricts the rows if the top-level
WHERE group can see the variable; a misspelt or misplaced name used to bind nothing and return every row.
The scope rule is computed here a second time, on rdflib's parse tree, and held against the scanner.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from click.testing import CliRunner
from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from app.cli.main import main
from app.exports.rows import export_bindings
from app.graph.bindings import inline_bindings, top_level_variables
from app.graph.queries import load_query, select
from app.http.sparql import EXAMPLES

REPO_ROOT = Path(__file__).resolve().parent.parent
QUERIES = REPO_ROOT / "queries"
FILES = sorted(QUERIES.rglob("*.rq"))
NAMES = [p.relative_to(QUERIES).with_suffix("").as_posix() for p in FILES]
ID = "https://w3id.org/ai-crosswalk/id/"


def declared_bindings(text: str) -> set[str]:
    """The variables a query's header offers for binding (``# Bindings: ?a (required), ?b``)."""
    found = re.search(r"^# Bindings: (.*)$", text, flags=re.MULTILINE)
    return set(re.findall(r"\?([A-Za-z0-9_]+)", found.group(1))) if found else set()


# ------------------------------------------------------------------ the reference: rdflib's parse tree


def variables_in(node: Any) -> set[str]:
    """Every variable anywhere under a parse-tree node."""
    if isinstance(node, Variable):
        return {str(node)}
    if isinstance(node, CompValue):
        return set().union(*(variables_in(v) for v in node.values()))
    if isinstance(node, list | tuple | ParseResults):
        return set().union(*(variables_in(v) for v in node))
    return set()


def scope(node: CompValue, top: bool) -> set[str]:
    """What a top-level VALUES block binds in a group: the module doc of app/graph/bindings.py, on the tree."""
    if node.name == "SubSelect":
        if "projection" not in node:  # SELECT *
            return scope(node["where"], top=False)
        return {str(v["var"] if "var" in v else v["evar"]) for v in node["projection"]}
    assert node.name == "GroupGraphPatternSub", node.name
    found: set[str] = set()
    for part in dict.get(node, "part", []):  # CompValue.get would answer a missing key with its name
        name = part.name
        if name in ("TriplesBlock", "InlineData"):
            found |= variables_in(part)
        elif name == "Filter":
            found |= variables_in(part) if top else set()
        elif name == "Bind":
            found |= variables_in(part) if top else {str(part["var"])}
        elif name == "OptionalGraphPattern":
            found |= scope(part["graph"], top=False)
        elif name == "GroupOrUnionGraphPattern":
            for graph in part["graph"]:
                found |= scope(graph, top=False)
        elif name in ("GraphGraphPattern", "ServiceGraphPattern"):
            found |= variables_in(part["term"]) | scope(part["graph"], top=False)
        elif name == "MinusGraphPattern":
            pass
        else:
            raise AssertionError(f"no scope rule for {name}: teach both this test and app/graph/bindings.py")
    return found


@functools.cache
def parsed(text: str) -> Any:
    return parseQuery(text)


def reference_scope(text: str) -> set[str]:
    return scope(parsed(text)[1]["where"], top=True)


# ------------------------------------------------------------------ lint every .rq


def test_there_are_named_queries() -> None:
    assert len(FILES) > 30
    assert "crosswalk" in NAMES and "inventory/records" in NAMES and "qc/missing-label" in NAMES


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_every_query_has_a_header_title(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert re.fullmatch(r"# \S.{2,}", first), f"{path.name}: the first line is a '# Title' comment"


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_every_query_parses_on_both_parsers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pyoxigraph.Store().query(text)  # raises SyntaxError on a query Oxigraph cannot parse
    parsed(text)


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_the_scanner_agrees_with_the_parse_tree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert set(top_level_variables(text)) == reference_scope(text)


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_declared_bindings_are_at_top_level(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    declared = declared_bindings(text)
    assert declared <= reference_scope(text), f"{path.name} declares bindings its WHERE group cannot see"


# ------------------------------------------------------------------ every call site binds declared variables


def call_site_bindings() -> list[tuple[str, str, str]]:
    """(file, query, variable) for every ``x.select("name", var=...)`` / ``x.construct(...)`` in app/."""
    found = []
    for path in sorted((REPO_ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("select", "construct")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found += [(path.name, node.args[0].value, k.arg) for k in node.keywords if k.arg]
    return found


def test_every_keyword_binding_in_app_is_declared_by_its_query() -> None:
    sites = call_site_bindings()
    assert len(sites) >= 10, "the scan finds the catalogue's call sites"
    wrong = [s for s in sites if s[2] not in declared_bindings(load_query(s[1], REPO_ROOT))]
    assert wrong == []


def test_the_other_binding_call_sites_bind_declared_variables() -> None:
    for _, query_name, params in EXAMPLES:
        assert set(params) <= declared_bindings(load_query(query_name, REPO_ROOT)), query_name
    export = declared_bindings(load_query("export-mappings", REPO_ROOT))
    assert set(export_bindings("eu-ai-act", "m593", include_derived=False)) <= export
    # app/inventory/systems.py and app/inventory/mapping_sets.py bind ?graph; app/exports/oscal_catalog.py binds ?regime
    for name in ("inventory/records", "inventory/triples", "mapping-sets/records", "mapping-sets/mappings"):
        assert declared_bindings(load_query(name, REPO_ROOT)) == {"graph"}
    assert declared_bindings(load_query("export-catalog", REPO_ROOT)) == {"regime"}


# ------------------------------------------------------------------ a binding the query lacks is an error


ITEM = pyoxigraph.NamedNode(ID + "eu-ai-act/Article-9")


def test_a_misspelt_binding_is_refused_not_ignored() -> None:
    text = load_query("crosswalk", REPO_ROOT)
    with pytest.raises(ValueError, match=r"no variable \?itme.*can bind:.*\?item"):
        inline_bindings(text, {"itme": ITEM})
    assert "VALUES (?item)" in inline_bindings(text, {"item": ITEM})


def test_a_misspelt_binding_fails_on_a_store_instead_of_returning_every_row() -> None:
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(ITEM, ITEM, pyoxigraph.Literal("x")))
    text = "SELECT ?s WHERE { ?s ?p ?o }"
    assert len(select(store, text, {"s": ITEM})[1]) == 1
    with pytest.raises(ValueError):
        select(store, text, {"S": ITEM})


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("SELECT ?v WHERE { ?s ?p ?o }", "v"),  # only projected
        ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?v } } }", "v"),  # not projected by the subquery
        ("SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?w FILTER (?w = ?v) } }", "v"),  # a nested filter
        ("SELECT ?s WHERE { ?s ?p ?o { BIND (?v AS ?w) } }", "v"),  # a nested bind's expression
        ("SELECT ?s WHERE { ?s ?p ?o MINUS { ?s ?q ?v } }", "v"),  # MINUS binds nothing
        ("SELECT ?s WHERE { ?s ?p ?o } # ?v in a comment", "v"),
        ('SELECT ?s WHERE { ?s ?p "?v" }', "v"),  # in a string
    ],
)
def test_variables_the_top_level_cannot_see_are_refused(query: str, name: str) -> None:
    assert name not in top_level_variables(query)
    assert name not in reference_scope(query)
    with pytest.raises(ValueError):
        inline_bindings(query, {name: ITEM})


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o FILTER (?o <= ?v) }", "v"),  # the group's own filter
        ("SELECT ?s WHERE { ?s ?p ?o BIND (COALESCE(?v, 1) AS ?w) }", "v"),  # the group's own bind
        ("SELECT ?s WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?v } }", "v"),
        ("SELECT ?s WHERE { { ?s ?p ?v } UNION { ?v ?p ?s } }", "v"),
        ("SELECT ?s WHERE { GRAPH ?v { ?s ?p ?o } }", "v"),
        ("SELECT ?s WHERE { { SELECT ?s (COUNT(?o) AS ?v) WHERE { ?s ?p ?o } GROUP BY ?s } }", "v"),
        ("SELECT ?s WHERE { { SELECT * WHERE { ?s ?p ?v } } }", "v"),
        ("SELECT ?s WHERE { ?s ?p ?o { BIND (1 AS ?v) } }", "v"),
        ("SELECT ?s WHERE { ?s ?p ?o FILTER NOT EXISTS { ?o ?q ?v } }", "v"),  # a top-level EXISTS sees it
    ],
)
def test_variables_the_top_level_sees_are_accepted(query: str, name: str) -> None:
    assert name in top_level_variables(query)
    assert name in reference_scope(query)
    assert f"VALUES (?{name})" in inline_bindings(query, {name: ITEM})


def test_the_cli_refuses_a_misspelt_binding(mini_root: Path, tmp_path: Path) -> None:
    query = tmp_path / "dated.rq"
    query.write_text("SELECT ?s WHERE { ?s ?p ?o FILTER (?o <= ?asOf) }")
    result = CliRunner().invoke(
        main, ["query", "--root", str(mini_root), str(query), "--bind", "asof=2026-09-01"]
    )
    assert result.exit_code == 1
    assert "?asof" in result.output and "?asOf" in result.output
