"""Japan's Act No. 53 of 2025 and the AI Basic Plan on the real graph: the articles, whom each binds, their dates,
and a gap report that lists the business operators' duty (Article 7) and never the state's articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from app.analysis.descriptions import parse_description
from app.analysis.gap_index import GapIndex
from app.analysis.gaps import analyse
from app.analysis.report import report_json
from app.analysis.validation import Validator
from app.graph.loading import build_store

REPO_ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ai-crosswalk/id/"
PREFIXES = """
PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return build_store(REPO_ROOT)


@pytest.fixture(scope="module")
def engine(store: pyoxigraph.Store) -> Iterator[tuple[GapIndex, Validator]]:
    yield GapIndex.build(store, REPO_ROOT), Validator(REPO_ROOT, store)


def select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    results = store.query(PREFIXES + query)
    assert isinstance(results, pyoxigraph.QuerySolutions)
    return [{str(v)[1:]: row[v].value for v in results.variables if row[v] is not None} for row in results]


def run(
    engine: tuple[GapIndex, Validator], as_of: date = date(2026, 11, 24), **fields: Any
) -> dict[str, Any]:
    index, validator = engine
    document = {"id": "urn:example:jp-act", "purposes": ["spam-filtering"], **fields}
    return report_json(analyse(index, validator.check(parse_description(json.dumps(document))), as_of))


def act_ids(report: dict[str, Any]) -> set[str]:
    return {r["id"] for r in report["requirements"] if r["regime"] == "jp-ai-act"}


def test_the_act_has_28_articles_each_saying_whom_it_binds(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?n ?binds ?text WHERE { ?a skos:inScheme <" + ID + "jp-ai-act> ; cw:level 'article' ;"
        " skos:notation ?n ; skos:scopeNote ?binds ; skos:definition ?text }",
    )
    binds = {row["n"]: row["binds"] for row in rows}
    assert set(binds) == {f"Article {n}" for n in range(1, 29)}
    assert binds["Article 4"] == "Binds: the national government"
    assert binds["Article 5"] == "Binds: local governments"
    assert binds["Article 8"] == "Binds: citizens"
    assert binds["Article 7"].startswith("Binds: utilization business operators")
    article_7 = next(row["text"] for row in rows if row["n"] == "Article 7")
    assert "must cooperate with the measures implemented by the national government" in article_7


def test_chapters_iii_and_iv_apply_from_1_september_2025(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?n ?date ?basis WHERE { ?s a cw:ApplicationDate ; cw:dateOf ?a ; cw:date ?date ; cw:basisText ?basis ."
        " ?a skos:inScheme <" + ID + "jp-ai-act> ; skos:notation ?n }",
    )
    dates = {row["n"]: row["date"] for row in rows}
    assert len(dates) == 28
    assert {n for n, d in dates.items() if d == "2025-09-01"} == {f"Article {n}" for n in range(18, 29)}
    assert {n for n, d in dates.items() if d == "2025-06-04"} == {f"Article {n}" for n in range(1, 18)}
    assert all(row["basis"].startswith("Supplementary Provisions, Article 1") for row in rows)


def test_a_japanese_operator_gets_article_7_and_no_state_article(engine: tuple[GapIndex, Validator]) -> None:
    for roles in (["ai-business-user"], ["ai-developer"], ["ai-provider"], ["provider"], ["deployer"]):
        assert act_ids(run(engine, roles=roles, markets=["JP"])) == {"jp-ai-act:Article-7"}, roles


def test_an_eu_only_operator_gets_nothing_from_the_act(engine: tuple[GapIndex, Validator]) -> None:
    assert act_ids(run(engine, roles=["provider"], markets=["EU"])) == set()


def test_no_rule_ever_applies_a_state_article_or_the_basic_plan(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT DISTINCT ?p WHERE { ?rule cw:appliesRequirement ?p . ?p skos:inScheme ?r . ?r cw:key ?key"
        " FILTER(?key IN ('jp-ai-act', 'jp-ai-basic-plan')) }",
    )
    assert [row["p"] for row in rows] == [ID + "jp-ai-act/Article-7"]


def test_basic_plan_items_are_marked_summaries_for_the_government(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?n ?binds ?note WHERE { ?p skos:inScheme <" + ID + "jp-ai-basic-plan> ; skos:notation ?n ;"
        " skos:scopeNote ?binds ; skos:editorialNote ?note ; dcterms:source ?s ; dcterms:license ?l }",
    )
    assert len({row["n"] for row in rows}) == 7 + 4  # 3 principles, 4 basic policies, 4 measures reported
    assert all(row["binds"].startswith("Binds: the government") for row in rows)
    assert all("not the plan's text" in row["note"] for row in rows)
