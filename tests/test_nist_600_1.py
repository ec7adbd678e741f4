"""NIST AI 600-1, the Generative AI Profile, in the shipped graph: its risks and suggested actions, their links
to the AI RMF, its crosswalks, and what a generative system's gap report gets from it."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from fastapi.testclient import TestClient

from app.graph.loading import load_store
from app.qa.completeness import completeness

REPO_ROOT = Path(__file__).resolve().parent.parent
REFERENCE = REPO_ROOT / "tools" / "reference"  # the committed catalogues (tools/reference/README.md)
ID = "https://w3id.org/ai-crosswalk/id/"
PROFILE = ID + "nist-ai-600-1"
PREFIXES = """
PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
# Section 2 of the profile, as its table of contents prints the headings 2.1. to 2.12.
RISKS = [
    "CBRN Information or Capabilities", "Confabulation", "Dangerous, Violent, or Hateful Content", "Data Privacy",
    "Environmental Impacts", "Harmful Bias and Homogenization", "Human-AI Configuration", "Information Integrity",
    "Information Security", "Intellectual Property", "Obscene, Degrading, and/or Abusive Content",
    "Value Chain and Component Integration",
]  # fmt: skip


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return load_store(REPO_ROOT)


def select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    results = store.query(PREFIXES + query)
    assert isinstance(results, pyoxigraph.QuerySolutions)
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in results]


def suggested_for(store: pyoxigraph.Store) -> dict[str, str]:
    """Action short id -> the short id of the AI RMF item it is printed under."""
    rows = select(store, f"SELECT ?a ?s WHERE {{ ?a skos:inScheme <{PROFILE}> ; cw:suggestedFor ?s }}")
    return {
        row["a"].removeprefix(ID).replace("/", ":", 1): row["s"].removeprefix(ID).replace("/", ":", 1)
        for row in rows
    }


def test_the_profile_holds_12_risks_and_212_actions(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        f"SELECT ?level (COUNT(?i) AS ?n) WHERE {{ ?i skos:inScheme <{PROFILE}> ; cw:level ?level }} GROUP BY ?level",
    )
    assert {row["level"]: int(row["n"]) for row in rows} == {"risk": 12, "action": 212}
    risks = select(
        store,
        f"SELECT ?n ?label WHERE {{ ?i skos:inScheme <{PROFILE}> ; cw:level 'risk' ; skos:notation ?n ;"
        " skos:prefLabel ?label ; skos:definition ?text ; a cw:Provision }",
    )
    assert sorted((r["n"], r["label"]) for r in risks) == sorted(
        (f"Section 2.{i}", name) for i, name in enumerate(RISKS, start=1)
    )


def test_action_ids_are_those_the_profile_prints(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        f"SELECT ?n ?text WHERE {{ ?i skos:inScheme <{PROFILE}> ; cw:level 'action' ; skos:notation ?n ;"
        " skos:definition ?text ; a cw:Requirement }",
    )
    notations = {r["n"] for r in rows}
    assert len(rows) == len(notations) == 212
    assert all(re.fullmatch(r"(GV|MP|MS|MG)-\d+\.\d+-\d{3}", n) for n in notations)
    assert {"GV-1.1-001", "GV-4.3-001", "MG-4.3-003"} <= notations  # GV-4.3-001 is printed 'GV4.3--001'
    with (REFERENCE / "nist_ai_600_1_actions.csv").open(encoding="utf-8", newline="") as f:
        catalogue = {row["action_id"]: " ".join(row["suggested_action"].split()) for row in csv.DictReader(f)}
    assert {r["n"]: r["text"] for r in rows} == catalogue


def test_every_action_is_suggested_for_one_ai_rmf_subcategory_that_exists(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        f"SELECT ?a (COUNT(?s) AS ?n) (SAMPLE(?level) AS ?l) (SAMPLE(?key) AS ?k) WHERE {{"
        f" ?a skos:inScheme <{PROFILE}> ; cw:level 'action' ."
        " OPTIONAL { ?a cw:suggestedFor ?s . OPTIONAL { ?s cw:level ?level ; skos:inScheme/cw:key ?key } } }"
        " GROUP BY ?a",
    )
    assert len(rows) == 212
    assert {(r["n"], r.get("l"), r.get("k")) for r in rows} == {("1", "subcategory", "nist-ai-rmf")}
    links = suggested_for(store)
    assert links["nist-ai-600-1:GV-1.1-001"] == "nist-ai-rmf:GOVERN-1.1"
    assert links["nist-ai-600-1:MS-2.2-001"] == "nist-ai-rmf:MEASURE-2.2"
    assert len(set(links.values())) == 49  # the profile covers 49 of the 72 subcategories


def test_every_action_addresses_a_risk_of_the_profile(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        f"SELECT ?a (COUNT(?r) AS ?n) WHERE {{ ?a skos:inScheme <{PROFILE}> ; cw:level 'action' ."
        f" OPTIONAL {{ ?a cw:addressesRisk ?r . ?r skos:inScheme <{PROFILE}> ; cw:level 'risk' }} }} GROUP BY ?a",
    )
    assert len(rows) == 212 and min(int(r["n"]) for r in rows) >= 1


def test_the_profile_names_its_source_version_and_licence(store: pyoxigraph.Store) -> None:
    [regime] = select(
        store,
        f"SELECT ?v ?d ?src ?lic ?kind ?jur WHERE {{ <{PROFILE}> a cw:Regime ; owl:versionInfo ?v ; dcterms:issued ?d ;"
        " dcterms:source ?src ; dcterms:license ?lic ; cw:regimeKind ?kind ; cw:jurisdiction ?jur }",
    )
    assert regime == {
        "v": "1.0",
        "d": "2024-07-26",
        "src": "https://doi.org/10.6028/NIST.AI.600-1",
        "lic": ID + "licence/us-government-work",
        "kind": "https://w3id.org/ai-crosswalk/ontology#Framework",
        "jur": ID + "vocab/jurisdiction/US",
    }
    [version] = select(
        store,
        "SELECT ?v ?from ?by WHERE { ?v a cw:RegimeVersion ; cw:versionOf <" + PROFILE + "> ;"
        " cw:inForceFrom ?from ; cw:madeBy ?by ; cw:verificationNote ?note }",
    )
    assert version == {
        "v": PROFILE + "/version/1.0",
        "from": "2024-07-26",
        "by": "https://doi.org/10.6028/NIST.AI.600-1",
    }


def test_every_risk_is_crosswalked_or_stated_for_every_other_regime(store: pyoxigraph.Store) -> None:
    cells = [c for c in completeness(store, REPO_ROOT) if c.source == "nist-ai-600-1"]
    assert {c.target for c in cells} >= {"eu-ai-act", "g7-hcoc", "jp-aigfb"}
    assert [(c.target, c.missing) for c in cells if c.covered < c.items] == []
    assert all(c.items == 12 for c in cells)


def test_risks_reach_the_ai_act_transparency_and_gpai_articles(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?s ?o WHERE { ?m cw:subject ?s ; cw:object ?o ; cw:relationship cw:IntersectsWith ;"
        " cw:inMappingSet <https://w3id.org/ai-crosswalk/id/mappingset/ai-crosswalk> ."
        f" ?s skos:inScheme <{PROFILE}> . ?o skos:inScheme <{ID}eu-ai-act> }}",
    )
    pairs = {(r["s"].removeprefix(PROFILE + "/"), r["o"].removeprefix(ID + "eu-ai-act/")) for r in rows}
    assert {
        ("Section-2.8", "Article-50-2"),
        ("Section-2.10", "Article-53-1-c"),
        ("Section-2.9", "Article-55-1-d"),
    } <= pairs


def test_nist_attributes_each_action_to_its_subcategory_as_a_mapping(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?s ?o ?rel ?agent WHERE { ?m cw:inMappingSet"
        " <https://w3id.org/ai-crosswalk/id/mappingset/nist-ai-600-1-subcategories> ;"
        " cw:subject ?s ; cw:object ?o ; cw:relationship ?rel ; prov:wasAttributedTo ?agent }",
    )
    assert len(rows) == 212
    assert {(r["rel"], r["agent"]) for r in rows} == {
        ("https://w3id.org/ai-crosswalk/ontology#IntersectsWith", ID + "agent/nist")
    }
    links = suggested_for(store)
    short = {
        (r["s"].removeprefix(ID).replace("/", ":", 1), r["o"].removeprefix(ID).replace("/", ":", 1))
        for r in rows
    }
    assert short == set(links.items())


# ---------------------------------------------------------------- gap analysis


def report(client: TestClient, **fields: Any) -> dict[str, Any]:
    document = {"id": "urn:example:genai", "roles": ["provider"], "markets": ["US"], **fields}
    response = client.post(
        "/gap-analysis",
        params={"as_of": "2026-11-24"},
        content=json.dumps(document),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def profile_requirements(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in body["requirements"] if r["regime"] == "nist-ai-600-1"}


def test_a_generative_us_system_gets_every_action_under_its_subcategory(
    embedded_client: TestClient, store: pyoxigraph.Store
) -> None:
    body = report(
        embedded_client,
        capabilities=["generative"],
        measures=[{"id": "legal-register", "addresses": ["nist-ai-rmf:GOVERN-1.1"], "status": "implemented"}],
    )
    assert [c["tier"] for c in body["classification"]["nist-ai-600-1"]] == ["nist-voluntary"]
    found = profile_requirements(body)
    links = suggested_for(store)
    assert set(found) == set(links)
    for action, requirement in found.items():
        bases = {b["id"] for why in requirement["applies_because"] for b in why["basis"]}
        assert links[action] in bases, action
    # A measure for GOVERN 1.1 gives the actions suggested for it partial credit, through NIST's mapping ...
    legal = found["nist-ai-600-1:GV-1.1-001"]
    assert legal["status"] == "partial"
    assert {(e["addresses"], e["relationship"], e["asserted_by"]) for e in legal["evidence"]} == {
        ("nist-ai-rmf:GOVERN-1.1", "intersectsWith", "National Institute of Standards and Technology (NIST)")
    }
    # ... and none to actions suggested for other subcategories.
    assert found["nist-ai-600-1:GV-1.2-001"]["status"] == "unmet"
    assert body["summary"]["nist-ai-600-1"]["applicable"] == 212


@pytest.mark.parametrize(
    "fields",
    [
        {"capabilities": [], "purposes": ["demand-forecasting"]},  # not generative
        {"capabilities": ["generative"], "markets": ["EU"]},  # generative, but outside the AI RMF's reach
    ],
)
def test_the_profile_stays_out_of_other_reports(embedded_client: TestClient, fields: dict[str, Any]) -> None:
    body = report(embedded_client, **fields)
    assert profile_requirements(body) == {}
    assert "nist-ai-600-1" not in body["classification"]
