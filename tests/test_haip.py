"""The OECD HAIP reporting framework: its seven sections with source and licence, its two versions, and the
eleven G7 actions each reached by a section."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from app.graph.loading import load_store

REPO_ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ai-crosswalk/id/"
PREFIXES = """
PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return load_store(REPO_ROOT)


def select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    rows = store.query(PREFIXES + query)
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    names = [v.value for v in rows.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in rows]


def test_seven_sections_with_source_licence_and_verification(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        """SELECT ?n ?label ?source ?licence ?unverified WHERE {
             ?s skos:inScheme/cw:key "oecd-haip" ; cw:level "section" ; skos:notation ?n ; skos:prefLabel ?label ;
                skos:definition ?text ; dcterms:source ?source ; dcterms:license ?licence ; cw:verificationNote ?v .
             ?source a cw:SourceDocument ; dcterms:title ?t ; dcterms:issued ?d .
             OPTIONAL { ?s cw:unverified ?unverified } } ORDER BY ?n""",
    )
    assert [r["n"] for r in rows] == [f"Section {n}" for n in range(1, 8)]
    assert rows[0]["label"] == "Risk identification and evaluation"
    assert rows[4]["label"] == "Content authentication & provenance mechanisms"
    assert {r["licence"] for r in rows} == {ID + "licence/quotation-with-attribution"}
    # sections 6 and 7: titles not fully read in a source
    assert [r["n"] for r in rows if r.get("unverified") == "true"] == ["Section 6", "Section 7"]


def test_version_2_0_follows_version_1(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        """SELECT ?v ?from ?replaces WHERE { ?v a cw:RegimeVersion ; cw:versionOf/cw:key "oecd-haip" ;
             cw:inForceFrom ?from . OPTIONAL { ?v dcterms:replaces ?replaces } } ORDER BY ?from""",
    )
    assert rows == [
        {"v": ID + "oecd-haip/version/1.0", "from": "2025-02-07"},
        {"v": ID + "oecd-haip/version/2.0", "from": "2026-05-28", "replaces": ID + "oecd-haip/version/1.0"},
    ]
    regime = select(
        store, """SELECT ?v ?d WHERE { ?r cw:key "oecd-haip" ; owl:versionInfo ?v ; dcterms:issued ?d }"""
    )
    assert regime == [{"v": "2.0", "d": "2026-05-28"}]


def test_every_g7_action_is_reached_by_a_section(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        """SELECT DISTINCT ?action WHERE { ?m cw:subject ?s ; cw:object ?a ; cw:relationship ?rel .
             FILTER (?rel != cw:NotRelated)
             ?s skos:inScheme/cw:key "oecd-haip" . ?a skos:inScheme/cw:key "g7-hcoc" ; skos:notation ?action }""",
    )
    assert sorted(r["action"] for r in rows) == sorted(f"Action {n}" for n in range(1, 12))


def test_sections_reach_every_other_regime_or_say_why_not(store: pyoxigraph.Store) -> None:
    for target in ("eu-ai-act", "g7-hcoc", "jp-aigfb", "m593", "nist-ai-rmf"):
        rows = select(
            store,
            f"""SELECT DISTINCT ?n WHERE {{
                  ?s skos:inScheme/cw:key "oecd-haip" ; cw:level "section" ; skos:notation ?n .
                  {{ ?m cw:subject ?s ; cw:object/skos:inScheme/cw:key "{target}" }}
                  UNION {{ ?st cw:subject ?s ; cw:noCounterpartIn/cw:key "{target}" }} }}""",
        )
        assert len(rows) == 7, target


def test_advanced_ai_developer_gap_report_lists_the_sections_as_voluntary_items() -> None:
    import json
    from datetime import date

    from app.analysis.descriptions import parse_description
    from app.analysis.gap_index import GapIndex
    from app.analysis.gaps import analyse
    from app.analysis.report import report_json
    from app.analysis.validation import Validator
    from app.graph.loading import build_store

    built = build_store(REPO_ROOT)
    index, validator = GapIndex.build(built, REPO_ROOT), Validator(REPO_ROOT, built)
    document = {
        "id": "urn:example:frontier",
        "roles": ["ai-developer"],
        "markets": ["JP"],
        "capabilities": ["general-purpose-model"],
        "measures": [{"id": "watermark", "addresses": ["g7-hcoc:Action-7"], "status": "implemented"}],
    }
    report = report_json(
        analyse(index, validator.check(parse_description(json.dumps(document))), date(2026, 11, 29))
    )
    sections = {r["id"]: r for r in report["requirements"] if r["regime"] == "oecd-haip"}
    assert sorted(sections) == [f"oecd-haip:Section-{n}" for n in range(1, 8)]
    assert sections["oecd-haip:Section-1"]["applies_because"][0]["rule"].startswith("Voluntary")
    # a watermarking measure under G7 Action 7 reaches the provenance section through the crosswalk, in part
    assert sections["oecd-haip:Section-5"]["status"] == "partial"
    assert sections["oecd-haip:Section-6"]["status"] == "unmet"
