"""Japan's AI Guidelines for Business per actor (Parts 3-5), on the real graph: the items as printed, their
actors and cited principles, the versions, and a gap report per Japanese role with the roles no longer merged."""

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
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
AS_OF = date(2026, 11, 24)
DEVELOPER = {"D-2) i.", "D-2) ii.", "D-2) iii.", "D-3) i.", "D-3) ii.", "D-5) i.", "D-5) ii.", "D-6) i.",
             "D-6) ii.", "D-7) i.", "D-7) ii.", "D-10) i."}  # fmt: skip
PROVIDER = {"P-2) i.", "P-2) ii.", "P-3) i.", "P-4) i.", "P-4) ii.", "P-5) i.", "P-5) ii.", "P-6) i.",
            "P-6) ii.", "P-7) i.", "P-7) ii."}  # fmt: skip
USER = {"U-2) i.", "U-3) i.", "U-4) i.", "U-5) i.", "U-6) i.", "U-7) i.", "U-7) ii."}


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


def run(engine: tuple[GapIndex, Validator], **fields: Any) -> dict[str, Any]:
    index, validator = engine
    document = {"id": "urn:example:jp", "purposes": ["spam-filtering"], **fields}
    return report_json(analyse(index, validator.check(parse_description(json.dumps(document))), AS_OF))


def notations(report: dict[str, Any], regime: str) -> set[str]:
    return {r["notation"] for r in report["requirements"] if r["regime"] == regime}


def test_each_part_holds_its_actors_matters_as_printed(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?n ?part ?role WHERE { ?m skos:inScheme <" + ID + "jp-aigfb> ; cw:level 'matter' ;"
        " skos:notation ?n ; skos:broader/skos:notation ?part ; cw:addressee ?role }",
    )
    by_part: dict[str, set[str]] = {}
    for row in rows:
        by_part.setdefault(row["part"], set()).add(row["n"])
        assert row["role"].endswith(
            {"D": "ai-developer", "P": "ai-provider", "U": "ai-business-user"}[row["n"][0]]
        )
    assert by_part == {"Part 3": DEVELOPER, "Part 4": PROVIDER, "Part 5": USER}


def test_a_matter_printed_in_two_stages_is_one_item_with_both_texts(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?text WHERE { ?m skos:inScheme <" + ID + "jp-aigfb> ; skos:notation 'P-2) ii.' ;"
        " skos:definition ?text }",
    )
    assert len(rows) == 1
    text = rows[0]["text"]
    assert "Use AI within the expected scope of use set by AI developers" in text
    assert "Periodically verify whether the AI system or service is used for proper purposes" in text


def test_cited_principles_are_the_guidelines_own_mappings(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?p ?agent WHERE { ?m cw:subject ?s ; cw:object ?o ;"
        " cw:inMappingSet <" + ID + "mappingset/aigfb-per-actor-cross-references> ;"
        " cw:relationship cw:IntersectsWith ; prov:wasAttributedTo ?agent ."
        " ?s skos:notation 'D-2) i.' . ?o skos:notation ?p }",
    )
    # D-2) i. prints ("2) Safety," "4) Privacy protection," "5) Ensuring security")
    assert {row["p"] for row in rows} == {"2)", "4)", "5)"}
    assert {row["agent"] for row in rows} == {ID + "agent/mic-meti"}


def test_part_2_d_names_its_actors_and_xii_applies_to_all(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?n (COUNT(DISTINCT ?role) AS ?roles) (SAMPLE(?scope) AS ?note) WHERE {"
        " ?d skos:inScheme <" + ID + "jp-aigfb> ; cw:level 'advanced-ai-principle' ; skos:notation ?n ;"
        " cw:addressee ?role ; skos:scopeNote ?scope } GROUP BY ?n",
    )
    assert len(rows) == 12
    assert all(row["roles"] == "3" for row in rows)
    notes = {row["n"]: row["note"] for row in rows}
    assert "within the appropriate scope" in notes["I)"]
    assert "Comply with it" in notes["XII)"]


def test_footnote_digits_are_gone(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?n ?text WHERE { ?p skos:inScheme <"
        + ID
        + "jp-aigfb> ; skos:notation ?n ; skos:definition ?text"
        " VALUES ?n { '3)' '8)' '4)(1)' } }",
    )
    texts = {row["n"]: row["text"] for row in rows}
    assert texts["3)"].endswith("diverse cultures.")
    assert texts["8)"].endswith("intentional misuse of AI.")
    assert texts["4)(1)"].endswith("personal data protection.")


def test_versions_chain_and_the_one_without_english(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?v ?from ?old ?note WHERE { ?x a cw:RegimeVersion ; cw:versionOf <" + ID + "jp-aigfb> ;"
        " owl:versionInfo ?v ; cw:inForceFrom ?from OPTIONAL { ?x dcterms:replaces/owl:versionInfo ?old }"
        " OPTIONAL { ?x skos:note ?note } }",
    )
    versions = {row["v"]: row for row in rows}
    assert {v: row["from"] for v, row in versions.items()} == {
        "1.0": "2024-04-19", "1.01": "2024-11-30", "1.1": "2025-03-28", "1.2": "2026-03-31"
    }  # fmt: skip
    assert [versions[v].get("old") for v in ("1.0", "1.01", "1.1", "1.2")] == [None, "1.0", "1.01", "1.1"]
    assert "No English translation" in versions["1.2"]["note"]


def test_every_japanese_item_has_source_and_licence(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?key (COUNT(?p) AS ?n) WHERE { ?p skos:inScheme ?r . ?r cw:key ?key"
        " FILTER(STRSTARTS(?key, 'jp-')) FILTER NOT EXISTS { ?p dcterms:source ?s ; dcterms:license ?l .  ?s dcterms:title ?t }"
        " } GROUP BY ?key",
    )
    assert rows == []


def test_a_japanese_business_user_gets_part_5_and_no_part_3(engine: tuple[GapIndex, Validator]) -> None:
    report = run(engine, roles=["ai-business-user"], markets=["JP"], purposes=["spam-filtering"])
    found = notations(report, "jp-aigfb")
    assert found >= USER
    assert not found & (DEVELOPER | PROVIDER)
    assert {f"{n})" for n in range(1, 11)} <= found


def test_a_developer_gets_part_3_and_a_provider_part_4(engine: tuple[GapIndex, Validator]) -> None:
    developer = notations(run(engine, roles=["ai-developer"], markets=["JP"]), "jp-aigfb")
    assert developer >= DEVELOPER and not developer & (PROVIDER | USER)
    provider = notations(run(engine, roles=["ai-provider"], markets=["JP"]), "jp-aigfb")
    assert provider >= PROVIDER and not provider & (DEVELOPER | USER)


def test_an_eu_provider_is_not_a_japanese_developer(engine: tuple[GapIndex, Validator]) -> None:
    eu_only = run(engine, roles=["provider"], markets=["EU"], purposes=["recruitment"])
    assert not [r for r in eu_only["requirements"] if r["regime"].startswith("jp-")]
    in_japan = notations(run(engine, roles=["provider"], markets=["EU", "JP"]), "jp-aigfb")
    assert in_japan == {f"{n})" for n in range(1, 11)}  # the common principles only: no role of Parts 3-5
    both = notations(run(engine, roles=["provider", "ai-developer"], markets=["EU", "JP"]), "jp-aigfb")
    assert both >= DEVELOPER and not both & PROVIDER


def test_advanced_ai_developer_gets_part_2_d_and_the_code_matters(engine: tuple[GapIndex, Validator]) -> None:
    report = run(engine, roles=["ai-developer"], markets=["JP"], capabilities=["general-purpose-model"])
    found = notations(report, "jp-aigfb")
    assert {"I)", "XII)", "I.", "XI."} <= found
    user = notations(
        run(engine, roles=["ai-business-user"], markets=["JP"], capabilities=["general-purpose-model"]),
        "jp-aigfb",
    )
    assert {"I)", "XII)"} <= user and "I." not in user


def test_a_general_purpose_model_developer_in_the_eu_and_japan_gets_credit_across(
    engine: tuple[GapIndex, Validator],
) -> None:
    measure = {"id": "techdoc", "addresses": ["eu-ai-act:Article-53-1-a"], "status": "implemented"}
    report = run(
        engine,
        roles=["provider", "ai-developer"],
        markets=["EU", "JP"],
        capabilities=["general-purpose-model"],
        measures=[measure],
    )
    assert {"eu-ai-act", "jp-aigfb", "jp-ai-act"} <= set(report["summary"])
    documentation = next(r for r in report["requirements"] if r["id"] == "jp-aigfb:D-7-ii")
    assert documentation["status"] == "partial"
    assert [(e["relationship"], e["measure"]) for e in documentation["evidence"]] == [
        ("intersectsWith", "techdoc")
    ]
