"""Published crosswalks say only what their publishers said (issue 13).

Each imported mapping is checked against the reference table it was read from (tools/reference/crosswalks/):
no confidence, rationale kind or justification where the table (the publisher's document) holds none, the
pair listed in the table, the publisher as asserter and its document as source, the publisher's own wording
of the relation, the IR 8477 type marked as the editors', and the one sentence the editors wrote marked as
their reading."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "data" / "crosswalks" / "published"
REFERENCE = ROOT / "tools" / "reference" / "crosswalks"
CW = Namespace("https://w3id.org/ai-crosswalk/ontology#")
ID = "https://w3id.org/ai-crosswalk/id/"
EDITORS = URIRef(ID + "agent/ai-crosswalk-editors")
# mapping set -> (publisher, document, reference table or None, its subject and object columns)
SETS = {
    "jaisi-nist-crosswalk-1": ("japan-aisi", "https://airc.nist.gov/docs/FINAL_Crosswalk1_Terminology_RMF_GfB.pdf",
                               "crosswalk_jaisi_nist_1_terminology.csv"),
    "jaisi-nist-crosswalk-2": ("japan-aisi", "https://airc.nist.gov/docs/FINAL_Crosswalk2_Concepts_RMF_GfB.pdf",
                               "crosswalk_jaisi_nist_2_concepts_long.csv"),
    "aigfb-cross-references": (
        "mic-meti", "https://www.meti.go.jp/shingikai/mono_info_service/ai_shakai_jisso/pdf/20240419_14.pdf",
        "crosswalk_jp_gfb_advanced_ai_items_to_common_principles.csv"),
    "aigfb-per-actor-cross-references": (
        "mic-meti", "https://www.meti.go.jp/shingikai/mono_info_service/ai_shakai_jisso/pdf/20240419_14.pdf", None),
    "nist-ai-600-1-subcategories": ("nist", "https://doi.org/10.6028/NIST.AI.600-1", None),
    "nist-ai-rmf-iso-23894": (
        "nist", "https://www.nist.gov/system/files/documents/2023/01/26/crosswalk_AI_RMF_1_0_ISO_IEC_23894.pdf",
        "crosswalk_nist_ai_rmf_to_iso23894_nist.csv"),
    "nist-ai-rmf-iso-42001": ("microsoft", "https://airc.nist.gov/docs/NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.pdf",
                              "crosswalk_nist_ai_rmf_to_iso42001_microsoft.csv"),
}  # fmt: skip


def rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def notation(iri: URIRef) -> str:
    """The reference tables' notation of an item: GOVERN-1.1 -> GOVERN 1.1, 2-1 -> 2)(1), IV -> IV)."""
    slug = str(iri).rsplit("/", 1)[1]
    if "/nist-ai-rmf/" in str(iri):
        return slug.replace("-", " ")
    return ")(".join(slug.split("-")) + ")"


def test_every_published_crosswalk_is_checked() -> None:
    assert {p.stem for p in PUBLISHED.glob("*.ttl")} == set(SETS)
    for name, (_, _, table) in SETS.items():
        assert table is None or (REFERENCE / table).exists(), name


def test_no_reference_table_states_a_confidence_or_a_relationship_type() -> None:
    """What the assertions below rest on: the publishers' tables hold no score and no IR 8477 type."""
    for path in REFERENCE.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert not {"confidence", "score", "strength", "rationale"} & set(header), path.name
        relations = {r.get("relationship", "") for r in rows(path.name)}
        assert not relations & {"equal", "subsetOf", "supersetOf", "intersectsWith", "notRelated"}, path.name


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_published_mapping_carries_only_what_its_source_holds(name: str) -> None:
    publisher, document, table = SETS[name]
    g = Graph().parse(PUBLISHED / f"{name}.ttl")
    mappings = set(g.subjects(RDF.type, CW.Mapping))
    assert mappings
    stated = {r["relationship"] for r in rows(table)} if table and "relationship" in rows(table)[0] else None
    for m in mappings:
        # nothing the publisher did not state: no confidence, no rationale kind, no justification of its own
        assert (m, CW.confidence, None) not in g, m
        assert (m, CW.rationaleKind, None) not in g, m
        assert (m, CW.justification, None) not in g, m
        # the publisher asserted it, in its document
        assert set(g.objects(m, PROV.wasAttributedTo)) == {URIRef(f"{ID}agent/{publisher}")}, m
        assert set(g.objects(m, DCTERMS.source)) == {URIRef(document)}, m
        # the type is the weakest that says "related", and marked as the editors'; the publisher's own wording kept
        assert set(g.objects(m, CW.relationship)) == {CW.IntersectsWith}, m
        assert set(g.objects(m, CW.relationshipTypedBy)) == {EDITORS}, m
        (relation,) = g.objects(m, CW.publishedRelation)
        if stated is not None:
            assert str(relation) in stated, m
        # the editors' sentence is theirs: cw:editorsReading (a skos:editorialNote), one, in English
        (reading,) = g.objects(m, CW.editorsReading)
        assert isinstance(reading, Literal) and reading.language == "en", m


def test_published_pairs_are_the_reference_tables_pairs() -> None:
    """No pair the publisher did not list: each imported pair is in its reference table."""
    checks = {
        "jaisi-nist-crosswalk-1": ("crosswalk_jaisi_nist_1_terminology.csv", None, "jp_gfb_item"),
        "aigfb-cross-references": (
            "crosswalk_jp_gfb_advanced_ai_items_to_common_principles.csv",
            "jp_gfb_advanced_ai_item",
            "jp_gfb_common_principle",
        ),
        "nist-ai-rmf-iso-42001": (
            "crosswalk_nist_ai_rmf_to_iso42001_microsoft.csv",
            "nist_subcategory",
            None,
        ),
        "nist-ai-rmf-iso-23894": ("crosswalk_nist_ai_rmf_to_iso23894_nist.csv", "nist_function", None),
    }
    for name, (table, subject_col, object_col) in checks.items():
        g = Graph().parse(PUBLISHED / f"{name}.ttl")
        listed = {
            (r[subject_col] if subject_col else None, r[object_col] if object_col else None)
            for r in rows(table)
        }
        for m in g.subjects(RDF.type, CW.Mapping):
            s, o = g.value(m, CW.subject), g.value(m, CW.object)
            pair = (notation(s) if subject_col else None, notation(o) if object_col else None)
            assert isinstance(s, URIRef) and isinstance(o, URIRef)
            assert pair in listed, (name, pair)
    # Crosswalk-2 pairs items only through a topic: each imported pair shares a topic in the table
    topics: dict[str, set[str]] = {}
    for r in rows("crosswalk_jaisi_nist_2_concepts_long.csv"):
        ref = r["reference"].removeprefix("Part 2.C.").removeprefix("Part 2.D.")
        topics.setdefault(ref if not r["regime"].startswith("NIST") else r["reference"], set()).add(
            r["topic"]
        )
    g = Graph().parse(PUBLISHED / "jaisi-nist-crosswalk-2.ttl")
    for m in g.subjects(RDF.type, CW.Mapping):
        s, o = g.value(m, CW.subject), g.value(m, CW.object)
        assert isinstance(s, URIRef) and isinstance(o, URIRef)
        jp = str(o).rsplit("/", 1)[1]
        assert topics[notation(s)] & topics[jp], m


def test_the_published_documents_are_described_as_published() -> None:
    """Each crosswalk document: its own title, its publisher and its date where it has one, never made up."""
    g = Graph().parse(ROOT / "data" / "crosswalks" / "mapping-sets.ttl")
    for doc, issued in [
        ("https://airc.nist.gov/docs/FINAL_Crosswalk1_Terminology_RMF_GfB.pdf", "2024-04-29"),
        ("https://airc.nist.gov/docs/FINAL_Crosswalk2_Concepts_RMF_GfB.pdf", "2024-09-17"),
        (
            "https://www.nist.gov/system/files/documents/2023/01/26/crosswalk_AI_RMF_1_0_ISO_IEC_23894.pdf",
            "2023-01-26",
        ),
        ("https://airc.nist.gov/docs/NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.pdf", None),
    ]:
        d = URIRef(doc)
        assert len(set(g.objects(d, DCTERMS.title))) == 1, doc
        assert g.value(d, DCTERMS.publisher) is not None, doc
        assert (str(g.value(d, DCTERMS.issued)) if g.value(d, DCTERMS.issued) else None) == issued, doc
    # documents described with their regimes get no second title here
    for doc in ("https://doi.org/10.6028/NIST.AI.600-1",
                "https://www.meti.go.jp/shingikai/mono_info_service/ai_shakai_jisso/pdf/20240419_14.pdf"):  # fmt: skip
        assert not set(g.objects(URIRef(doc), DCTERMS.title)), doc
