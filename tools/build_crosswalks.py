"""Build data/crosswalks/ from the curated mapping tables and the published crosswalks.

Run by hand when a table changes:  python tools/build_crosswalks.py [--reference DIR]
* tools/curation/crosswalks/<a>--<b>.csv (this project's own mappings, format in the README beside them)
  -> data/crosswalks/<a>--<b>.ttl: one cw:Mapping per row plus the IR 8477 and SKOS triples, or a
  cw:NoCounterpartStatement;
* the published crosswalks in tools/reference/crosswalks/ -> data/crosswalks/published/<name>.ttl, each
  a mapping set attributed to its publisher;
* data/crosswalks/mapping-sets.ttl: the mapping sets and the agents that asserted them.
Every identifier is checked against data/regimes/ before anything is written.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import tomllib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from build_data import CW, ID, ROOT, new_graph
from build_jp import CROSS_REFERENCES, cross_references
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from app.core import identifiers

CURATED = Path(__file__).resolve().parent / "curation" / "crosswalks"
MADE_AGAINST: dict[str, str] = tomllib.loads((CURATED / "made-against.toml").read_text(encoding="utf-8"))
OUT = ROOT / "data" / "crosswalks"
AGENT = Namespace(ID + "agent/")
MSET = Namespace(ID + "mappingset/")
RELATIONSHIPS = {
    notation: (CW[individual], CW[prop], SKOS[skos_prop] if skos_prop else None)
    for notation, (individual, prop, skos_prop) in identifiers.RELATIONSHIPS.items()
}
RATIONALES = {"syntactic": CW.Syntactic, "semantic": CW.Semantic, "functional": CW.Functional}
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

# agent key -> (class, name, homepage)
AGENTS = {
    "ai-crosswalk-editors": (PROV.Organization, "ai-crosswalk editors", "https://w3id.org/ai-crosswalk"),
    "ai-crosswalk-derivation": (
        PROV.SoftwareAgent,
        "ai-crosswalk mapping derivation (app/graph/derive.py)",
        "https://w3id.org/ai-crosswalk",
    ),
    "nist": (
        PROV.Organization,
        "National Institute of Standards and Technology (NIST)",
        "https://www.nist.gov/",
    ),
    "japan-aisi": (PROV.Organization, "Japan AI Safety Institute (J-AISI)", "https://aisi.go.jp/"),
    "mic-meti": (
        PROV.Organization,
        "Ministry of Internal Affairs and Communications and Ministry of Economy, Trade and Industry, Japan",
        "https://www.meti.go.jp/",
    ),
    "microsoft": (PROV.Organization, "Microsoft", "https://www.microsoft.com/"),
}

# mapping set key -> (title, description, agent, source URL, licence)
SETS = {
    "ai-crosswalk": (
        "ai-crosswalk curated crosswalks",
        "This project's own mappings between regimes, each with an IR 8477 relationship, a rationale, a "
        "justification written by the editors and a confidence.",
        "ai-crosswalk-editors",
        ID + "mappingset/ai-crosswalk",
        CC_BY,
    ),
    "derived": (
        "ai-crosswalk derived mappings",
        "Mappings composed from asserted mappings through shared items when the graph is loaded (not shipped "
        "as files); each points to the mappings it came from.",
        "ai-crosswalk-derivation",
        ID + "mappingset/derived",
        CC_BY,
    ),
    "jaisi-nist-crosswalk-1": (
        "J-AISI/NIST Crosswalk-1 Terminology: NIST AI RMF and Japan AI Guidelines for Business",
        "Japan AI Safety Institute's crosswalk (29 April 2024, listed on NIST's AI Resource Center): for each NIST "
        "trustworthiness characteristic, the AI GfB items it lists as 'AI GfB Context'. The publisher types no "
        "relationship and states no confidence: each listed pair is imported as intersectsWith, typed by the "
        "ai-crosswalk editors (cw:relationshipTypedBy), with no confidence and no rationale. Item numbering of "
        "AI GfB Ver1.0, matched to the item with the same number in the current version.",
        "japan-aisi",
        "https://airc.nist.gov/docs/FINAL_Crosswalk1_Terminology_RMF_GfB.pdf",
        URIRef(ID + "licence/japan-government-terms"),
    ),
    "jaisi-nist-crosswalk-2": (
        "J-AISI/NIST Crosswalk-2 Concepts: NIST AI Risk Management Framework and Japan AI Guidelines for Business",
        "Japan AI Safety Institute's crosswalk (17 September 2024, listed on NIST's AI Resource Center): for 39 "
        "topics, the AI RMF subcategories and the AI GfB sections that address each; it pairs no items one to "
        "one. A subcategory and a main-text GfB principle listed under the same topic are imported as one "
        "intersectsWith, typed by the ai-crosswalk editors, with the topics as the comment and no confidence "
        "or rationale (the publisher states none); appendix sections are not in this graph and are left out.",
        "japan-aisi",
        "https://airc.nist.gov/docs/FINAL_Crosswalk2_Concepts_RMF_GfB.pdf",
        URIRef(ID + "licence/japan-government-terms"),
    ),
    "aigfb-cross-references": (
        "AI Guidelines for Business: cross-references of Part 2 D to the common guiding principles",
        "The common principles MIC and METI print in parentheses after each item for advanced AI systems "
        "(Ver1.1, Part 2 D). The guideline types no relationship and states no confidence: each is imported "
        "as intersectsWith, typed by the ai-crosswalk editors, with no confidence or rationale.",
        "mic-meti",
        "https://www.meti.go.jp/shingikai/mono_info_service/ai_shakai_jisso/pdf/20240419_14.pdf",
        URIRef(ID + "licence/japan-government-terms"),
    ),
    "nist-ai-600-1-subcategories": (
        "NIST AI 600-1: suggested actions and the AI RMF subcategories they are printed under",
        "NIST AI 600-1 (July 2024), section 3, prints each suggested action under one AI RMF subcategory. NIST "
        "types no relationship and states no confidence: each is imported as intersectsWith, typed by the "
        "ai-crosswalk editors (an action serves its subcategory, but doing the one neither entails nor is "
        "entailed by doing the other), with no confidence or rationale.",
        "nist",
        "https://doi.org/10.6028/NIST.AI.600-1",
        URIRef(ID + "licence/us-government-work"),
    ),
    "nist-ai-rmf-iso-23894": (
        "Crosswalk AI RMF (1.0) and ISO/IEC FDIS 23894",
        "NIST's crosswalk of 26 January 2023 (listed on NIST's AI Resource Center as superseded): the AI RMF "
        "functions and the ISO/IEC FDIS 23894 clauses mapped to each, with no relationship type and no "
        "confidence. Imported as one intersectsWith per function and the standard, typed by the ai-crosswalk "
        "editors, the clauses as the comment, with no confidence or rationale.",
        "nist",
        "https://www.nist.gov/system/files/documents/2023/01/26/crosswalk_AI_RMF_1_0_ISO_IEC_23894.pdf",
        URIRef(ID + "licence/us-government-work"),
    ),
    "nist-ai-rmf-iso-42001": (
        "NIST AI Risk Management Framework to ISO/IEC FDIS 42001 AI Management System Crosswalk",
        "By Microsoft, listed on NIST's AI Resource Center: each AI RMF subcategory and the ISO/IEC FDIS 42001 "
        "clauses and Annex B controls mapped to it, with no relationship type and no confidence. Imported as "
        "one intersectsWith per subcategory and the standard, typed by the ai-crosswalk editors, the clauses "
        "as the comment, with no confidence or rationale.",
        "microsoft",
        "https://airc.nist.gov/docs/NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.pdf",
        URIRef(ID + "licence/facts-with-citation"),
    ),
}
SETS.update(CROSS_REFERENCES)  # Japan's guideline: Parts 3-5 to the common principles (tools/build_jp.py)

AIRC_CROSSWALKS = "https://airc.nist.gov/airmf-resources/crosswalks/"
CSA = "CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards"
# The published crosswalks' documents, as their publishers title and date them (checked against NIST's AI
# Resource Center list of crosswalk documents, AIRC_CROSSWALKS, and the documents' headings in CSA's copies):
# URL -> (title, publisher, issued or None, version or None, transcribed from, note). The AI Guidelines for
# Business and NIST AI 600-1 are described with their regimes (data/regimes/), so they are not repeated here.
SOURCES: dict[str, tuple[str, str, str | None, str | None, str, str | None]] = {
    SETS["jaisi-nist-crosswalk-1"][3]: (
        "Crosswalk 1 \u2013 Terminology: NIST AI Risk Management Framework (NIST AI RMF) and Japan AI Guidelines "
        "for Business (AI GfB)",
        "Japan AI Safety Institute (J-AISI), with NIST",
        "2024-04-29",
        None,
        f"{CSA} reference/nist.gov/ai-rmf-crosswalks/FINAL_Crosswalk1_Terminology_RMF_GfB/"
        "FINAL_Crosswalk1_Terminology_RMF_GfB.md (read by hand)",
        "Listed on NIST's AI Resource Center as 'J-AISI/NIST Crosswalk-1 Terminology (April 29, 2024)', provider "
        "Japan AISI. Relates terms and lists AI GfB items as 'AI GfB Context'; no relationship types, no scores.",
    ),
    SETS["jaisi-nist-crosswalk-2"][3]: (
        "Crosswalk 2 \u2013 Concepts: NIST AI Risk Management Framework and Japan AI Guidelines for Business",
        "Japan AI Safety Institute (J-AISI), with NIST",
        "2024-09-17",
        None,
        f"{CSA} reference/nist.gov/ai-rmf-crosswalks/FINAL_Crosswalk2_Concepts_RMF_GfB/"
        "FINAL_Crosswalk2_Concepts_RMF_GfB.md",
        "Listed on NIST's AI Resource Center as 'J-AISI/NIST Crosswalk-2 Concepts (September 17, 2024)', provider "
        "Japan AISI. Topic by topic, with notable similarities and differences; no relationship types, no scores.",
    ),
    SETS["nist-ai-rmf-iso-23894"][3]: (
        "Crosswalk AI RMF (1.0) and ISO/IEC FDIS 23894 Information technology - Artificial intelligence - "
        "Guidance on risk management",
        "National Institute of Standards and Technology (NIST)",
        "2023-01-26",
        "draft for comment (as the PDF is marked)",
        f"{CSA} reference/nist.gov/ai-rmf-crosswalks/crosswalk_AI_RMF_1_0_ISO_IEC_23894/"
        "crosswalk_AI_RMF_1_0_ISO_IEC_23894.md",
        "Listed on NIST's AI Resource Center as 'ISO/IEC 23894 FDIS (superseded)'; the revised crosswalk of ISO/IEC "
        "23894 and the AI RMF by INCITS/AI (14 August 2025) that supersedes it is not imported. Maps AI RMF "
        "functions to clauses; no relationship types, no scores.",
    ),
    SETS["nist-ai-rmf-iso-42001"][3]: (
        "NIST AI RMF to ISO/IEC FDIS 42001 AI Management system Crosswalk",
        "Microsoft (listed by NIST on the AI Resource Center)",
        None,
        None,
        f"{CSA} reference/nist.gov/ai-rmf-crosswalks/NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk/"
        "NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.md (marker PDF-to-markdown)",
        "Listed on NIST's AI Resource Center as 'NIST AI Risk Management Framework to ISO-IEC-42001 Crosswalk', "
        "provider Microsoft, with no date; the document carries none either, so none is recorded. Maps each "
        "subcategory to clauses of the FDIS text; no relationship types, no scores.",
    ),
}
# What each publisher's document says relates two items, where it states no IR 8477 relationship
# (cw:publishedRelation); the reference tables' relationship column where they have one.
PUBLISHED_RELATION = {
    "jaisi-nist-crosswalk-2": "listed under the same topic (the crosswalk relates topics, not items one to one)",
    "nist-ai-600-1-subcategories": "suggested action printed under the subcategory (section 3)",
    "aigfb-per-actor-cross-references": "principle cited in parentheses after the matter",
}
# The type the editors give a mapping whose publisher states none: the weakest IR 8477 type that still says the
# two share content (the publishers list what is related; none says one contains or equals the other).
UNTYPED = "intersectsWith"
EDITORS = "ai-crosswalk-editors"


def known_items() -> dict[str, str]:
    """Map every short id (regime:slug) in data/regimes to its IRI, and every notation key to the short id."""
    store = pyoxigraph.Store()
    for path in sorted((ROOT / "data" / "regimes").glob("*.ttl")):
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
    results = store.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX cw: <" + str(CW) + ">"
        " SELECT ?item ?key WHERE { ?item skos:inScheme ?r . ?r cw:key ?key }"
    )
    assert isinstance(results, pyoxigraph.QuerySolutions)
    items = {}
    for row in results:
        iri = row["item"].value
        items[f"{row['key'].value}:{iri.rsplit('/', 1)[1]}"] = iri
    return items


@functools.cache
def unpublished() -> frozenset[str]:
    """Standards not (yet) published: a draft may still change, so it is never stated an exact match of anything
    (skos:exactMatch is transitive, and would carry the claim on to every item the draft's counterpart equals)."""
    store = pyoxigraph.Store()
    store.bulk_load(path=ROOT / "data" / "regimes" / "standards.ttl", format=pyoxigraph.RdfFormat.TURTLE)
    results = store.query(
        "PREFIX cw: <"
        + str(CW)
        + "> SELECT ?s WHERE { ?s cw:standardStatus ?status FILTER (?status != cw:Published) }"
    )
    assert isinstance(results, pyoxigraph.QuerySolutions)
    return frozenset(row["s"].value for row in results)


def mapping_iri(pair: str, subject: str, obj: str, agent: str) -> URIRef:
    digest = hashlib.sha1(f"{subject}|{obj}|{agent}".encode(), usedforsecurity=False).hexdigest()[:12]
    return URIRef(f"{ID}mapping/{pair}/{digest}")


def add_mapping(
    g: Graph,
    m: URIRef,
    subject: str,
    relationship: str,
    obj: str,
    rationale: str | None,
    confidence: str | None,
    justification: str | None,
    agent: str,
    mapping_set: str,
    comment: str | None = None,
) -> None:
    """One reified mapping with its provenance, and the direct IR 8477 and SKOS triples it stands for.

    Rationale, confidence and justification are the asserter's: None where it stated none (a published
    crosswalk's), and then nothing is written (see add_published)."""
    individual, prop, skos_prop = RELATIONSHIPS[relationship]
    s, o = URIRef(subject), URIRef(obj)
    g.add((m, RDF.type, CW.Mapping))
    g.add((m, CW.subject, s))
    g.add((m, CW.object, o))
    g.add((m, CW.relationship, individual))
    if rationale is not None:
        g.add((m, CW.rationaleKind, RATIONALES[rationale]))
    if justification is not None:
        g.add((m, CW.justification, Literal(justification, lang="en")))
    if confidence is not None:
        g.add((m, CW.confidence, Literal(confidence, datatype=XSD.decimal)))
    g.add((m, PROV.wasAttributedTo, AGENT[agent]))
    g.add((m, DCTERMS.source, URIRef(SETS[mapping_set][3])))
    g.add((m, CW.inMappingSet, MSET[mapping_set]))
    if comment:
        g.add((m, CW.comment, Literal(comment, lang="en")))
    g.add((s, prop, o))
    if skos_prop == SKOS.exactMatch and {subject, obj} & unpublished():
        skos_prop = SKOS.closeMatch  # an equal-in-scope draft, not (yet) the same thing
    if skos_prop is not None:
        g.add((s, skos_prop, o))


def add_published(
    g: Graph,
    mapping_set: str,
    subject: str,
    obj: str,
    published_relation: str,
    reading: str,
    comment: str | None = None,
    text_note: str | None = None,
) -> None:
    """One mapping of a published crosswalk that types no relationship and states no confidence or rationale.

    It says what the publisher said and no more: attributed to the publisher, its source the publisher's
    document, what the document says relates the two (cw:publishedRelation) and what it printed with them
    (cw:comment); no confidence, rationale kind or justification. The IR 8477 type is UNTYPED and marked as the
    editors' (cw:relationshipTypedBy), and the one sentence saying how the editors read the entry is theirs
    (cw:editorsReading), as is a note on the transcription (cw:textNote)."""
    agent = SETS[mapping_set][2]
    m = mapping_iri(mapping_set, subject, obj, agent)
    add_mapping(g, m, subject, UNTYPED, obj, None, None, None, agent, mapping_set, comment=comment)
    g.add((m, CW.relationshipTypedBy, AGENT[EDITORS]))
    g.add((m, CW.publishedRelation, Literal(published_relation, lang="en")))
    g.add((m, CW.editorsReading, Literal(reading, lang="en")))
    if text_note:
        g.add((m, CW.textNote, Literal(text_note, lang="en")))


def published_adapter(mapping_set: str) -> Callable[..., None]:
    """add_mapping's signature for tools/build_jp.py's cross_references, writing add_published's mapping: the
    rationale and confidence it passes are dropped (the guideline states none), its sentence kept as the
    editors' reading."""

    def add(
        g: Graph, m: URIRef, subject: str, relationship: str, obj: str, rationale: str, confidence: str,
        justification: str, agent: str, name: str, comment: str | None = None,
    ) -> None:  # fmt: skip
        assert name == mapping_set and agent == SETS[name][2] and relationship == UNTYPED
        assert m == mapping_iri(name, subject, obj, agent)
        add_published(g, name, subject, obj, PUBLISHED_RELATION[name], justification, comment=comment)

    return add


def curated(items: dict[str, str]) -> dict[str, Graph]:
    """Turn each curated table into a graph, refusing unknown identifiers and values."""
    graphs: dict[str, Graph] = {}
    errors: list[str] = []
    for path in sorted(CURATED.glob("*--*.csv")):
        pair = path.stem
        a, b = pair.split("--")
        g = graphs.setdefault(pair, new_graph())
        with path.open(encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                where = f"{path.name}:{line}"
                if None in row or None in row.values():
                    errors.append(f"{where}: wrong number of fields (quote text that holds commas)")
                    continue
                subject = items.get(row["subject"])
                if subject is None or not row["subject"].startswith(a + ":"):
                    errors.append(f"{where}: unknown subject {row['subject']!r}")
                    continue
                justification = " ".join(row["justification"].split())
                if row["relationship"] == "noCounterpart":
                    if row["object"] != b:
                        errors.append(f"{where}: noCounterpart must name regime {b!r}")
                        continue
                    st = URIRef(f"{ID}no-counterpart/{pair}/{row['subject'].split(':', 1)[1]}")
                    g.add((st, RDF.type, CW.NoCounterpartStatement))
                    g.add((st, CW.subject, URIRef(subject)))
                    g.add((st, CW.noCounterpartIn, URIRef(ID + b)))
                    g.add((st, CW.justification, Literal(justification, lang="en")))
                    g.add((st, PROV.wasAttributedTo, AGENT["ai-crosswalk-editors"]))
                    g.add((st, DCTERMS.source, URIRef(SETS["ai-crosswalk"][3])))
                    continue
                obj = items.get(row["object"])
                if obj is None or not row["object"].startswith(b + ":"):
                    errors.append(f"{where}: unknown object {row['object']!r}")
                    continue
                if row["relationship"] not in RELATIONSHIPS or row["rationale"] not in RATIONALES:
                    errors.append(f"{where}: bad relationship or rationale")
                    continue
                if not 0 < float(row["confidence"]) <= 1:
                    errors.append(f"{where}: confidence out of (0, 1]")
                    continue
                m = mapping_iri(pair, subject, obj, "ai-crosswalk-editors")
                if (m, RDF.type, CW.Mapping) in g:
                    errors.append(f"{where}: the pair {row['subject']} / {row['object']} is mapped twice")
                    continue
                add_mapping(
                    g, m, subject, row["relationship"], obj, row["rationale"], row["confidence"],
                    justification, "ai-crosswalk-editors", "ai-crosswalk",
                )  # fmt: skip
                for key in (a, b):
                    if key in MADE_AGAINST:
                        g.add((m, CW.madeAgainst, URIRef(f"{ID}{key}/version/{MADE_AGAINST[key]}")))
    if errors:
        raise SystemExit("\n".join(errors))
    return graphs


def read(ref: Path, name: str) -> list[dict[str, str]]:
    with (ref / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def published(ref: Path, items: dict[str, str]) -> dict[str, tuple[Graph, int, int]]:
    """Import each published crosswalk as its own mapping set; return graph, rows used, rows left out."""
    out: dict[str, tuple[Graph, int, int]] = {}

    def jp(notation: str) -> str | None:
        return items.get("jp-aigfb:" + notation.replace(")(", "-").rstrip(")"))

    characteristics = {
        "Valid and Reliable": "Section-3.1",
        "Safe": "Section-3.2",
        "Secure and Resilient": "Section-3.3",
        "Accountable and Transparent": "Section-3.4",
        "Explainable and Interpretable": "Section-3.5",
        "Privacy-Enhanced": "Section-3.6",
        "Fair \u2013 with Harmful Bias Managed": "Section-3.7",
        "Fair - with Harmful Bias Managed": "Section-3.7",
        "Fair": "Section-3.7",
    }
    g, used, skipped = new_graph(), 0, 0
    for row in read(ref, "crosswalk_jaisi_nist_1_terminology.csv"):
        nist = items.get("nist-ai-rmf:" + characteristics.get(row["nist_trustworthy_characteristic"], "?"))
        target = jp(row["jp_gfb_item"])
        if nist is None or target is None:
            skipped += 1
            continue
        used += 1
        add_published(
            g, "jaisi-nist-crosswalk-1", nist, target, row["relationship"],
            f"Japan AISI's Crosswalk-1 lists AI GfB item {row['jp_gfb_item']} as context for the NIST "
            f"characteristic '{row['nist_trustworthy_characteristic']}'.",
            text_note=row["note"] or None,
        )  # fmt: skip
    out["jaisi-nist-crosswalk-1"] = (g, used, skipped)

    topics: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"nist": [], "jp": []})
    skipped = 0
    for row in read(ref, "crosswalk_jaisi_nist_2_concepts_long.csv"):
        if row["regime"].startswith("NIST"):
            topics[row["topic"]]["nist"].append(row["reference"])
        elif row["reference"].startswith(("Part 2.C.", "Part 2.D.")):
            section = row["reference"].removeprefix("Part 2.C.").removeprefix("Part 2.D.")
            topics[row["topic"]]["jp"].append(section)
        else:
            skipped += 1
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for topic, refs in topics.items():
        for n in refs["nist"]:
            for j in refs["jp"]:
                nist, target = items.get("nist-ai-rmf:" + n.replace(" ", "-")), items.get(f"jp-aigfb:{j}")
                if nist and target:
                    pairs[(nist, target)].append(topic)
    g = new_graph()
    for (nist, target), names in sorted(pairs.items()):
        listed = "; ".join(sorted(set(names)))
        add_published(
            g, "jaisi-nist-crosswalk-2", nist, target, PUBLISHED_RELATION["jaisi-nist-crosswalk-2"],
            "Japan AISI's Crosswalk-2 lists both under the same topic, so the editors read them as sharing "
            "content; the crosswalk itself pairs no items.",
            comment="Topics: " + listed,
        )  # fmt: skip
    out["jaisi-nist-crosswalk-2"] = (g, len(pairs), skipped)

    g, used, skipped = new_graph(), 0, 0
    for row in read(ref, "crosswalk_jp_gfb_advanced_ai_items_to_common_principles.csv"):
        item, principle = jp(row["jp_gfb_advanced_ai_item"]), jp(row["jp_gfb_common_principle"])
        if item is None or principle is None:
            skipped += 1
            continue
        used += 1
        add_published(
            g, "aigfb-cross-references", item, principle, row["relationship"],
            f"The guideline prints principle {row['jp_gfb_common_principle']} after item "
            f"{row['jp_gfb_advanced_ai_item']}; the editors read the two as sharing content.",
            text_note=row["note"] or None,
        )  # fmt: skip
    out["aigfb-cross-references"] = (g, used, skipped)

    g, used, skipped = new_graph(), 0, 0
    for row in read(ref.parent, "nist_ai_600_1_actions.csv"):
        action = items.get(f"nist-ai-600-1:{row['action_id']}")
        subcategory = items.get("nist-ai-rmf:" + row["subcategory"].replace(" ", "-"))
        if action is None or subcategory is None:
            skipped += 1
            continue
        used += 1
        add_published(
            g, "nist-ai-600-1-subcategories", action, subcategory,
            PUBLISHED_RELATION["nist-ai-600-1-subcategories"],
            f"NIST AI 600-1 prints action {row['action_id']} under {row['subcategory']}; the editors read the "
            "action as one way to achieve part of it.",
        )  # fmt: skip
    out["nist-ai-600-1-subcategories"] = (g, used, skipped)

    for name, file, key, standard, level in [
        ("nist-ai-rmf-iso-23894", "crosswalk_nist_ai_rmf_to_iso23894_nist.csv", "nist_function",
         "standards:ISO-IEC-23894", "function"),
        ("nist-ai-rmf-iso-42001", "crosswalk_nist_ai_rmf_to_iso42001_microsoft.csv", "nist_subcategory",
         "standards:ISO-IEC-42001", "subcategory"),
    ]:  # fmt: skip
        clauses: dict[str, list[str]] = defaultdict(list)
        relation: dict[str, set[str]] = defaultdict(set)
        ref_col = "iso23894_ref" if "23894" in file else "iso42001_ref"
        title_col = ref_col.replace("_ref", "_title")
        for row in read(ref, file):
            clauses[row[key]].append(f"{row[ref_col]} {row[title_col]}")
            relation[row[key]].add(row["relationship"])
        g, skipped = new_graph(), 0
        target = items[standard]
        for notation, refs in sorted(clauses.items()):
            nist = items.get("nist-ai-rmf:" + notation.replace(" ", "-"))
            if nist is None:
                skipped += 1
                continue
            label = standard.split(":")[1].replace("ISO-IEC-", "ISO/IEC ")
            (stated,) = relation[notation]
            add_published(
                g, name, nist, target, stated,
                f"The crosswalk maps {notation} to {len(refs)} clause(s) of {label}; the editors read the "
                f"{level} and the standard as sharing content.",
                comment="Clauses: " + "; ".join(refs),
            )  # fmt: skip
        out[name] = (g, len(clauses) - skipped, skipped)
    out.update(cross_references(items, published_adapter("aigfb-per-actor-cross-references"), mapping_iri))
    return out


def sets_graph() -> Graph:
    """The mapping sets and the agents behind them."""
    g = new_graph()
    for key, (cls, name, homepage) in AGENTS.items():
        a = AGENT[key]
        g.add((a, RDF.type, PROV.Agent))
        g.add((a, RDF.type, cls))
        g.add((a, RDFS.label, Literal(name, lang="en")))
        g.add((a, RDFS.seeAlso, URIRef(homepage)))
    for key, (title, description, agent, url, licence) in SETS.items():
        s = MSET[key]
        g.add((s, RDF.type, CW.MappingSet))
        g.add((s, DCTERMS.title, Literal(title, lang="en")))
        g.add((s, DCTERMS.description, Literal(description, lang="en")))
        g.add((s, PROV.wasAttributedTo, AGENT[agent]))
        g.add((s, DCTERMS.license, licence))
        g.add((s, DCTERMS.source, URIRef(url)))
    for url, (title, publisher, issued, version, transcribed, note) in SOURCES.items():
        doc = URIRef(url)
        g.add((doc, RDF.type, PROV.Entity))
        g.add((doc, DCTERMS.title, Literal(title, lang="en")))
        g.add((doc, DCTERMS.publisher, Literal(publisher)))
        if issued:
            g.add((doc, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        if version:
            g.add((doc, OWL.versionInfo, Literal(version)))
        g.add((doc, CW.transcribedFrom, Literal(transcribed)))
        g.add((doc, RDFS.seeAlso, URIRef(AIRC_CROSSWALKS)))
        if note:
            g.add((doc, CW.verificationNote, Literal(note, lang="en")))
    return g


def write(path: Path, g: Graph, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# {title}\n# Generated by tools/build_crosswalks.py; edit the tables it reads, not this file.\n"
    )
    path.write_text(header + g.serialize(format="turtle"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=ROOT / "tools" / "reference" / "crosswalks",
        help="folder of the published crosswalks (default: tools/reference/crosswalks)",
    )
    args = parser.parse_args()
    items = known_items()
    for old in OUT.rglob("*.ttl"):
        old.unlink()
    write(OUT / "mapping-sets.ttl", sets_graph(), "Mapping sets and the agents that asserted them")
    for pair, g in curated(items).items():
        mappings = len(set(g.subjects(RDF.type, CW.Mapping)))
        statements = len(set(g.subjects(RDF.type, CW.NoCounterpartStatement)))
        write(OUT / f"{pair}.ttl", g, f"Crosswalk {pair.replace('--', ' to ')} (ai-crosswalk editors)")
        print(f"{pair:<28} {mappings:>4} mappings {statements:>4} no-counterpart statements")
    for name, (g, used, skipped) in published(args.reference, items).items():
        write(OUT / "published" / f"{name}.ttl", g, SETS[name][0])
        print(f"{name:<28} {used:>4} mappings (from the source) {skipped:>4} rows left out")


if __name__ == "__main__":
    main()
