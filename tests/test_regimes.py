"""The shipped graph holds each regime as its official sources structure it: counts, identifiers and titles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyoxigraph
import pytest

from app.analysis.changes import changes, impact
from app.analysis.descriptions import parse_description
from app.analysis.gap_index import GapIndex
from app.analysis.service import Analysis
from app.graph.loading import load_store

REPO_ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ai-crosswalk/id/"
PREFIXES = """
PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

# NIST AI 100-1, Tables 1-4: subcategories per category.
NIST_CATEGORIES = {
    "GOVERN 1": 7, "GOVERN 2": 3, "GOVERN 3": 2, "GOVERN 4": 3, "GOVERN 5": 2, "GOVERN 6": 2,
    "MAP 1": 6, "MAP 2": 3, "MAP 3": 5, "MAP 4": 2, "MAP 5": 2,
    "MEASURE 1": 3, "MEASURE 2": 13, "MEASURE 3": 3, "MEASURE 4": 3,
    "MANAGE 1": 4, "MANAGE 2": 4, "MANAGE 3": 2, "MANAGE 4": 3,
}  # fmt: skip

# Official titles (OJ L 2024/1689) of the articles the graph must hold at least.
EU_ARTICLES = {
    4: "AI literacy",
    5: "Prohibited AI practices",
    6: "Classification rules for high-risk AI systems",
    8: "Compliance with the requirements",
    9: "Risk management system",
    10: "Data and data governance",
    11: "Technical documentation",
    12: "Record-keeping",
    13: "Transparency and provision of information to deployers",
    14: "Human oversight",
    15: "Accuracy, robustness and cybersecurity",
    16: "Obligations of providers of high-risk AI systems",
    17: "Quality management system",
    18: "Documentation keeping",
    19: "Automatically generated logs",
    20: "Corrective actions and duty of information",
    21: "Cooperation with competent authorities",
    22: "Authorised representatives of providers of high-risk AI systems",
    23: "Obligations of importers",
    24: "Obligations of distributors",
    25: "Responsibilities along the AI value chain",
    26: "Obligations of deployers of high-risk AI systems",
    27: "Fundamental rights impact assessment for high-risk AI systems",
    43: "Conformity assessment",
    47: "EU declaration of conformity",
    48: "CE marking",
    49: "Registration",
    50: "Transparency obligations for providers and deployers of certain AI systems",
    53: "Obligations for providers of general-purpose AI models",
    54: "Authorised representatives of providers of general-purpose AI models",
    55: "Obligations of providers of general-purpose AI models with systemic risk",
    72: "Post-market monitoring by providers and post-market monitoring plan for high-risk AI systems",
    73: "Reporting of serious incidents",
}

ANNEX_III_POINTS = {1: "abc", 2: "", 3: "abcd", 4: "ab", 5: "abcd", 6: "abcde", 7: "abcd", 8: "ab"}

STANDARDS = [
    "ISO/IEC 42001:2023", "ISO/IEC 23894:2023", "ISO/IEC 22989:2022", "ISO/IEC 23053:2022",
    "ISO/IEC 5259-1:2024", "ISO/IEC 5259-2:2024", "ISO/IEC 5259-3:2024", "ISO/IEC 5259-4:2024",
    "ISO/IEC 5259-5:2025", "ISO/IEC 25059:2023", "ISO/IEC TR 24027:2021", "ISO/IEC TR 24029-1:2021",
    "ISO/IEC 24029-2:2023", "ISO/IEC 12792:2025", "ISO/IEC 8183:2023", "ISO/IEC 42005:2025",
    "ISO/IEC 42006:2025", "ISO/IEC 27001:2022", "ISO/IEC TS 29119-11", "ISO/IEC TR 5469:2024",
    "prEN 18286", "prEN 18228", "prEN 18229-1", "prEN 18282", "prEN 18283", "prEN 18284",
    "ETSI TS 104 223 V1.1.1 (2025-04)", "IEEE 7001-2021",
]  # fmt: skip


@pytest.fixture(scope="module")
def store() -> Iterator[pyoxigraph.Store]:
    """The shipped graph, loaded once for this module and only read."""
    yield load_store(REPO_ROOT)


def select(store: pyoxigraph.Store, query: str, **bindings: pyoxigraph.Term) -> list[dict[str, str]]:
    """Run a SELECT with bound variables; return each row as {variable: lexical value}."""
    subs = {pyoxigraph.Variable(k): v for k, v in bindings.items()}
    results = store.query(PREFIXES + query, substitutions=subs)
    assert isinstance(results, pyoxigraph.QuerySolutions)
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in results]


def notations(store: pyoxigraph.Store, regime: str, level: str) -> list[str]:
    rows = select(
        store,
        "SELECT * WHERE { ?p skos:inScheme ?r ; cw:level ?level ; skos:notation ?n }",
        r=pyoxigraph.NamedNode(ID + regime),
        level=pyoxigraph.Literal(level),
    )
    return sorted(row["n"] for row in rows)


def test_nist_has_4_functions_19_categories_72_subcategories(store: pyoxigraph.Store) -> None:
    assert notations(store, "nist-ai-rmf", "function") == ["GOVERN", "MANAGE", "MAP", "MEASURE"]
    assert notations(store, "nist-ai-rmf", "category") == sorted(NIST_CATEGORIES)
    expected = sorted(f"{cat}.{i}" for cat, n in NIST_CATEGORIES.items() for i in range(1, n + 1))
    assert len(expected) == 72
    assert notations(store, "nist-ai-rmf", "subcategory") == expected


def test_nist_hierarchy_and_official_text(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT * WHERE { ?p skos:notation ?n ; skos:broader/skos:notation ?parent ;"
        " skos:definition ?text ; cw:level 'subcategory' ; skos:inScheme ?r }",
        r=pyoxigraph.NamedNode(ID + "nist-ai-rmf"),
    )
    assert len(rows) == 72
    assert all(row["n"].rsplit(".", 1)[0] == row["parent"] for row in rows)
    text = {row["n"]: row["text"] for row in rows}
    assert text["GOVERN 1.1"] == (
        "Legal and regulatory requirements involving AI are understood, managed, and documented."
    )


def test_g7_code_has_11_actions(store: pyoxigraph.Store) -> None:
    assert notations(store, "g7-hcoc", "action") == sorted(f"Action {i}" for i in range(1, 12))


def test_g7_doubtful_wording_is_marked_unverified(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT * WHERE { ?p skos:inScheme ?r ; skos:notation ?n ; cw:unverified true ;"
        " cw:verificationNote ?note }",
        r=pyoxigraph.NamedNode(ID + "g7-hcoc"),
    )
    assert sorted(row["n"] for row in rows) == ["Action 5", "Action 6"]


def test_m593_has_10_items_each_serving_an_article(store: pyoxigraph.Store) -> None:
    assert notations(store, "m593", "item") == sorted(f"Item {i}" for i in range(1, 11))
    rows = select(
        store,
        "SELECT * WHERE { ?i skos:inScheme ?r ; skos:notation ?n ; cw:serves ?a ."
        " ?a skos:notation ?article ; skos:inScheme ?eu }",
        r=pyoxigraph.NamedNode(ID + "m593"),
        eu=pyoxigraph.NamedNode(ID + "eu-ai-act"),
    )
    served = {(row["n"], row["article"]) for row in rows}
    assert ("Item 1", "Article 9") in served
    assert ("Item 9", "Article 72") in served
    assert {n for n, _ in served} == {f"Item {i}" for i in range(1, 11)}


def test_m593_is_recorded_as_replaced_by_m613(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?r ?v ?old WHERE { ?r owl:versionInfo ?v ; dcterms:replaces/owl:versionInfo ?old }",
        r=pyoxigraph.NamedNode(ID + "m593"),
    )
    assert [(row["v"], row["old"]) for row in rows] == [("M/613, C(2025) 3871", "M/593, C(2023) 3215")]


def test_annex_iii_has_8_areas_and_every_point(store: pyoxigraph.Store) -> None:
    assert notations(store, "eu-ai-act", "area") == sorted(f"Annex III, point {a}" for a in range(1, 9))
    points = [f"Annex III, point {a}({p})" for a, letters in ANNEX_III_POINTS.items() for p in letters]
    in_graph = [n for n in notations(store, "eu-ai-act", "point") if n.startswith("Annex III")]
    assert in_graph == sorted(points)


def test_every_listed_article_has_its_official_title(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT * WHERE { ?p skos:inScheme ?r ; cw:level 'article' ; skos:notation ?n ;"
        " skos:prefLabel ?title }",
        r=pyoxigraph.NamedNode(ID + "eu-ai-act"),
    )
    titles = {row["n"]: row["title"] for row in rows}
    assert len(titles) == 113 + 1  # the 2024 text's 113 articles, and Article 4a inserted by 2026/1744
    for number, title in EU_ARTICLES.items():
        assert titles[f"Article {number}"] == title


@pytest.mark.parametrize(
    ("notation", "roles"),
    [
        ("Article 5(1)(a)", {"provider", "deployer"}),
        ("Article 5(1)(h)", {"provider", "deployer"}),
        ("Article 16(l)", {"provider"}),
        ("Article 26(1)", {"deployer"}),
        ("Article 26(12)", {"deployer"}),
        ("Article 50(1)", {"provider"}),
        ("Article 50(2)", {"provider"}),
        ("Article 50(3)", {"deployer"}),
        ("Article 50(4)", {"deployer"}),
        ("Article 23", {"importer"}),
        ("Article 24", {"distributor"}),
        ("Article 53(1)(c)", {"provider"}),
    ],
)
def test_provisions_name_who_must_act(store: pyoxigraph.Store, notation: str, roles: set[str]) -> None:
    rows = select(
        store,
        "SELECT * WHERE { ?p skos:inScheme ?r ; skos:notation ?n ; skos:definition ?text ;"
        " cw:addressee/skos:notation ?role }",
        r=pyoxigraph.NamedNode(ID + "eu-ai-act"),
        n=pyoxigraph.Literal(notation),
    )
    assert {row["role"] for row in rows} == roles
    assert all(len(row["text"]) > 20 for row in rows)


def test_japan_principles_sectors_and_versions(store: pyoxigraph.Store) -> None:
    assert notations(store, "jp-aigfb", "principle") == sorted(f"{i})" for i in range(1, 11))
    assert len(notations(store, "jp-aigfb", "advanced-ai-principle")) == 12
    rows = select(
        store,
        "SELECT ?r ?ja WHERE { ?p skos:inScheme ?r ; skos:notation '1)' ; skos:prefLabel ?ja FILTER(lang(?ja) = 'ja') }",
        r=pyoxigraph.NamedNode(ID + "jp-aigfb"),
    )
    assert [row["ja"] for row in rows] == ["人間中心"]
    assert notations(store, "jp-sectors", "sector") == sorted(
        ["government", "finance", "energy", "transportation", "traffic", "telecommunications", "broadcasting",
         "medical"]
    )  # fmt: skip
    chain = select(
        store,
        "SELECT ?r ?v WHERE { ?r dcterms:replaces* ?old . ?old owl:versionInfo ?v }",
        r=pyoxigraph.NamedNode(ID + "jp-aigfb"),
    )
    assert sorted(row["v"] for row in chain) == ["1.0", "1.01", "1.1", "1.2"]


def test_standards_are_listed_without_their_text(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?d ?status WHERE { ?s a cw:Standard ; cw:designation ?d ; cw:standardStatus/skos:prefLabel ?status"
        " FILTER NOT EXISTS { ?s skos:definition ?text } }",
    )
    designations = {row["d"] for row in rows}
    assert set(STANDARDS) <= designations
    assert len(rows) == len(designations) == len(notations(store, "standards", "standard"))


def test_every_regime_names_source_version_date_and_licence(store: pyoxigraph.Store) -> None:
    rows = select(
        store,
        "SELECT ?key ?source ?title WHERE { ?r a cw:Regime ; cw:key ?key ; owl:versionInfo ?v ; dcterms:issued ?d ;"
        " dcterms:license ?l ; dcterms:source ?source . ?source dcterms:title ?title }",
    )
    assert {row["key"] for row in rows} == {
        "eu-ai-act", "m593", "g7-hcoc", "nist-ai-rmf", "jp-aigfb", "jp-sectors", "standards", "nist-ai-600-1",
        "jp-ai-act", "jp-ai-basic-plan", "eu-gpai-cop", "oecd-haip",
    }  # fmt: skip


def test_g7_code_and_ai_rmf_have_a_version_each(store: pyoxigraph.Store) -> None:
    """Every regime the gap analysis applies has versions, so a date before it existed leaves it out: NIST AI RMF 1.0
    (NIST AI 100-1, January 2023; released 26 January 2023) and the G7 Code of Conduct (30 October 2023), each made
    by its source document, with what could not be read on the official pages said in a note."""
    rows = select(
        store,
        "SELECT ?key ?from ?act ?note WHERE { ?v a cw:RegimeVersion ; cw:versionOf ?r ; cw:inForceFrom ?from ;"
        " cw:madeBy ?act ; cw:unverified true ; cw:verificationNote ?note . ?r cw:key ?key ; dcterms:source ?act }",
    )
    found = {row["key"]: row for row in rows if row["key"] in {"nist-ai-rmf", "g7-hcoc"}}
    assert {k: (r["from"], r["act"]) for k, r in found.items()} == {
        "nist-ai-rmf": ("2023-01-26", "https://doi.org/10.6028/NIST.AI.100-1"),
        "g7-hcoc": ("2023-10-30", "https://www.mofa.go.jp/files/100573473.pdf"),
    }
    assert "January 2023" in found["nist-ai-rmf"]["note"] and "30 October 2023" in found["g7-hcoc"]["note"]
    ruled = select(store, "SELECT DISTINCT ?key WHERE { ?rule cw:forRegime/cw:key ?key }")
    versioned = select(
        store, "SELECT DISTINCT ?key WHERE { ?v a cw:RegimeVersion ; cw:versionOf/cw:key ?key }"
    )
    assert {r["key"] for r in ruled} - {r["key"] for r in versioned} <= {"jp-sectors"}  # a policy, undated


def test_a_regime_coming_into_existence_is_a_change(store: pyoxigraph.Store) -> None:
    """Between 31 December 2022 and 1 January 2024 the AI RMF 1.0 (26 January 2023) and the G7 Code (30 October 2023)
    came into existence: /changes lists their provisions as dated by their first version, and a developer's impact
    shows their requirements appearing; the EU AI Act, in force from 1 August 2024, shows neither."""
    analysis = Analysis.build(store, REPO_ROOT)
    index: GapIndex = analysis.index
    start, end = date(2022, 12, 31), date(2024, 1, 1)
    found = {(c.regime, c.kind) for c in changes(index, start, end)}
    assert {("nist-ai-rmf", "dated"), ("g7-hcoc", "dated")} <= found
    assert not {regime for regime, _ in found} & {"eu-ai-act", "jp-aigfb"}
    system = analysis.validator.check(
        parse_description(
            b'{"id": "urn:test:new-regimes", "roles": ["ai-developer"], "markets": ["US"],'
            b' "capabilities": ["advanced-ai"], "purposes": ["recruitment"]}',
            "application/json",
        )
    )
    moves = impact(index, system, start, end)
    appeared = {c["regime"] for c in moves["changes"] if c["change"] == "appears"}
    assert appeared == {"nist-ai-rmf", "g7-hcoc"} and moves["summary"]["appears"] == 72 + 11
    assert not moves["versions"]["from"] and {"nist-ai-rmf", "g7-hcoc"} <= set(moves["versions"]["to"])
