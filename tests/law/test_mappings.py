"""Mappings as strong as the texts support: the reviewed M/593 rows, drafts never exact, no exact-match chain."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from app.graph.loading import build_store
from app.qa.check import sparql_check

REPO_ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/ai-crosswalk/id/"
CW = "https://w3id.org/ai-crosswalk/ontology#"


def relationship(store: pyoxigraph.Store, subject: str, obj: str) -> set[str]:
    query = f"""SELECT ?r WHERE {{ ?m <{CW}subject> <{ID}{subject}> ; <{CW}object> <{ID}{obj}> ;
        <{CW}relationship> ?r ; <{CW}inMappingSet> <{ID}mappingset/ai-crosswalk> }}"""
    return {row["r"].value.rsplit("#", 1)[1] for row in store.query(query)}  # type: ignore[union-attr]


def test_reviewed_m593_rows() -> None:
    """M/593 item 3 asks for standards on logging capabilities (Article 12 content); Article 19 is only the
    retention of those logs. Item 10 asks for standards on conformity assessment; Article 43 decides which procedure
    applies, which no standard does. Neither is equal or a subset."""
    store = build_store(REPO_ROOT)
    assert relationship(store, "m593/Item-3", "eu-ai-act/Article-19") == {"IntersectsWith"}
    assert relationship(store, "m593/Item-10", "eu-ai-act/Article-43") == {"IntersectsWith"}
    assert relationship(store, "m593/Item-3", "eu-ai-act/Article-12") == {"Equal"}


def test_drafts_are_never_an_exact_match() -> None:
    """A draft standard may still change; skos:exactMatch is transitive. Drafts equal in scope to an item are
    stated skos:closeMatch."""
    store = build_store(REPO_ROOT)
    query = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?s ?o WHERE {{ ?s <{CW}standardStatus> ?status FILTER (?status != <{CW}Published>)
        {{ ?s skos:exactMatch ?o }} UNION {{ ?o skos:exactMatch ?s }} }}"""
    assert not list(store.query(query))  # type: ignore[arg-type]
    close = f"ASK {{ <{ID}standards/prEN-18229-1> <http://www.w3.org/2004/02/skos/core#closeMatch> <{ID}m593/Item-3> }}"
    assert store.query(close)


def test_check_fails_on_an_exact_match_chain_within_one_regime() -> None:
    """crosswalk check's quality query: items A and B of one regime linked by a chain of exact matches (here through
    an item of another regime) are a violation; the shipped graph has none."""
    shipped = sparql_check(build_store(REPO_ROOT), REPO_ROOT, "qc/exact-match-chain")
    assert not shipped.failed
    store = pyoxigraph.Store()
    turtle = f"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{ID}x/A> skos:inScheme <{ID}x> ; skos:exactMatch <{ID}y/C> .
        <{ID}x/B> skos:inScheme <{ID}x> .
        <{ID}y/C> skos:inScheme <{ID}y> ; skos:exactMatch <{ID}x/B> ."""
    store.load(turtle.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    chained = sparql_check(store, REPO_ROOT, "qc/exact-match-chain")
    assert chained.failed
    assert {v.focus for v in chained.violations} == {f"{ID}x/A", f"{ID}x/B"}


def test_credit_through_a_drifted_mapping_is_flagged() -> None:
    """Mappings record the version they were made against (cw:madeAgainst); Regulation (EU) 2026/1744 reworded
    Article 4, so a credit for Article 4 through a mapping made against the 2024 text says so."""
    import json
    from datetime import date

    from app.analysis.report import report_json
    from app.analysis.service import Analysis
    from app.core.settings import Settings

    analysis = Analysis.build(build_store(REPO_ROOT), REPO_ROOT)
    document = {
        "id": "urn:example:literacy",
        "purposes": ["spam-filtering"],
        "roles": ["provider"],
        "markets": ["EU"],
        "measures": [{"id": "training", "addresses": ["jp-aigfb:8-1"], "status": "implemented"}],
    }
    report = report_json(
        analysis.run(
            json.dumps(document),
            "application/json",
            date(2026, 11, 29),
            max_triples=Settings().max_description_triples,
        )
    )
    article_4 = next(r for r in report["requirements"] if r["id"] == "eu-ai-act:Article-4")
    drifted = [e for e in article_4["evidence"] if e.get("drift")]
    assert drifted and "eu-ai-act:Article-4 reworded" in drifted[0]["drift"]
