"""The EU General-Purpose AI Code of Practice in the graph: its chapters, commitments and measures with source and
licence, their crosswalks to Articles 53 and 55, the guidelines' compute criterion, and a GPAI provider's gaps."""

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
from app.graph.loading import build_store, load_store

REPO_ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ai-crosswalk/id/"
PDF = "https://ec.europa.eu/newsroom/dae/redirection/document/"
PREFIXES = """
PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return load_store(REPO_ROOT)


@pytest.fixture(scope="module")
def engine() -> Iterator[tuple[GapIndex, Validator]]:
    built = build_store(REPO_ROOT)
    yield GapIndex.build(built, REPO_ROOT), Validator(REPO_ROOT, built)


def select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    rows = store.query(PREFIXES + query)
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    names = [v.value for v in rows.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in rows]


def items(store: pyoxigraph.Store, level: str) -> list[dict[str, str]]:
    return select(
        store,
        f"""SELECT ?i ?n ?label ?text ?source ?licence ?parent WHERE {{
              ?i skos:inScheme/cw:key "eu-gpai-cop" ; cw:level "{level}" ; skos:notation ?n ; skos:prefLabel ?label ;
                 skos:definition ?text ; dcterms:source ?source ; dcterms:license ?licence .
              OPTIONAL {{ ?i skos:broader/skos:notation ?parent }} }}""",
    )


def test_three_chapters_twelve_commitments_forty_measures(store: pyoxigraph.Store) -> None:
    assert sorted(r["n"] for r in items(store, "chapter")) == [
        "Copyright Chapter", "Safety and Security Chapter", "Transparency Chapter"
    ]  # fmt: skip
    commitments = items(store, "commitment")
    assert len(commitments) == 12
    measures = items(store, "measure")
    per_chapter: dict[str, int] = {}
    for m in measures:
        chapter = m["n"].split(", Measure ")[0]
        per_chapter[chapter] = per_chapter.get(chapter, 0) + 1
    assert per_chapter == {"Transparency": 3, "Copyright": 5, "Safety and Security": 32}
    notations = {m["n"]: m for m in measures}
    assert notations["Safety and Security, Measure 9.3"]["label"] == "Reporting timelines"
    assert notations["Copyright, Measure 1.3"]["label"] == (
        "Identify and comply with rights reservations when crawling the World Wide Web"
    )
    assert notations["Safety and Security, Measure 7.2"]["parent"] == "Safety and Security, Commitment 7"


def test_every_item_has_its_chapter_source_and_the_eu_licence(store: pyoxigraph.Store) -> None:
    chapter_pdf = {
        "Transparency": PDF + "118120",
        "Copyright": PDF + "118115",
        "Safety and Security": PDF + "118119",
    }
    for level in ("chapter", "commitment", "measure"):
        for row in items(store, level):
            chapter = next(c for c in chapter_pdf if row["n"].startswith(c))
            assert row["source"] == chapter_pdf[chapter], row["n"]
            assert row["licence"] == ID + "licence/eu-reuse-notice"
    regime = select(
        store,
        """SELECT ?v ?d ?src WHERE { ?r cw:key "eu-gpai-cop" ; skos:prefLabel ?t ; owl:versionInfo ?v ;
             dcterms:issued ?d ; dcterms:source ?src ; dcterms:publisher ?p ; dcterms:license ?l ;
             cw:regimeKind cw:CodeOfConduct }""",
    )
    assert regime == [
        {
            "v": "2025-07-10",
            "d": "2025-07-10",
            "src": "https://digital-strategy.ec.europa.eu/en/policies/contents-code-gpai",
        }
    ]
    version = select(
        store,
        """SELECT ?from WHERE { ?v a cw:RegimeVersion ; cw:versionOf/cw:key "eu-gpai-cop" ; cw:inForceFrom ?from }""",
    )
    assert version == [{"from": "2025-07-10"}]


def test_guidelines_fix_the_indicative_compute_criterion(store: pyoxigraph.Store) -> None:
    facts = items(store, "guideline-fact")
    assert len(facts) == 1
    fact = facts[0]
    assert "10^23" in fact["text"] and fact["parent"] == "C(2025) 5045"
    assert fact["source"].startswith(
        "https://digital-strategy.ec.europa.eu/en/library/guidelines-scope-obligations"
    )


@pytest.mark.parametrize("point", ["53-1-a", "53-1-b", "53-1-c", "55-1-a", "55-1-b", "55-1-c", "55-1-d"])
def test_measures_reach_articles_53_and_55(store: pyoxigraph.Store, point: str) -> None:
    rows = select(
        store,
        f"""SELECT ?s ?rel WHERE {{ ?m cw:subject ?s ; cw:object <{ID}eu-ai-act/Article-{point}> ;
              cw:relationship/skos:notation ?rel . ?s skos:inScheme/cw:key "eu-gpai-cop" ; cw:level "measure" }}""",
    )
    assert rows, f"no measure of the Code maps to Article {point}"


def test_serious_incident_commitment_restates_article_55_1_c(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        f"""SELECT ?rel WHERE {{ ?m cw:subject <{ID}eu-gpai-cop/Safety-and-Security-Commitment-9> ;
              cw:object <{ID}eu-ai-act/Article-55-1-c> ; cw:relationship/skos:notation ?rel }}""",
    )
    assert rows == [{"rel": "equal"}]


def run(engine: tuple[GapIndex, Validator], **fields: Any) -> dict[str, Any]:
    index, validator = engine
    document = {"id": "urn:example:gpai", "roles": ["provider"], "markets": ["EU"], **fields}
    return report_json(
        analyse(index, validator.check(parse_description(json.dumps(document))), date(2026, 11, 29))
    )


def code_ids(report: dict[str, Any]) -> set[str]:
    return {r["id"] for r in report["requirements"] if r["regime"] == "eu-gpai-cop"}


def test_gpai_provider_gap_report_lists_transparency_and_copyright_measures(
    engine: tuple[GapIndex, Validator],
) -> None:
    report = run(engine, capabilities=["general-purpose-model"])
    ids = code_ids(report)
    assert ids == {f"eu-gpai-cop:Transparency-Measure-1.{n}" for n in (1, 2, 3)} | {
        f"eu-gpai-cop:Copyright-Measure-1.{n}" for n in range(1, 6)
    }
    voluntary = next(r for r in report["requirements"] if r["id"] == "eu-gpai-cop:Copyright-Measure-1.3")
    assert voluntary["applies_because"][0]["rule"].startswith("Voluntary")


def test_systemic_risk_provider_gets_safety_and_security_measures(engine: tuple[GapIndex, Validator]) -> None:
    report = run(engine, capabilities=["general-purpose-model", "systemic-risk-model"])
    ids = code_ids(report)
    assert len(ids) == 40
    assert "eu-gpai-cop:Safety-and-Security-Measure-9.3" in ids


def test_ai_act_measures_give_credit_for_the_code_through_crosswalks(
    engine: tuple[GapIndex, Validator],
) -> None:
    measures = [{"id": "docs", "addresses": ["eu-ai-act:Article-53-1-a"], "status": "implemented"}]
    report = run(engine, capabilities=["general-purpose-model"], measures=measures)
    documentation = next(
        r for r in report["requirements"] if r["id"] == "eu-gpai-cop:Transparency-Measure-1.1"
    )
    assert documentation["status"] == "met"
    assert documentation["evidence"][0]["relationship"] == "supersetOf"
