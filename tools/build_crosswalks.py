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
from pathlib import Path

import pyoxigraph
from build_data import CW, ID, ROOT, new_graph
from build_jp import CROSS_REFERENCES, cross_references
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

CURATED = Path(__file__).resolve().parent / "curation" / "crosswalks"
MADE_AGAINST: dict[str, str] = tomllib.loads((CURATED / "made-against.toml").read_text(encoding="utf-8"))
OUT = ROOT / "data" / "crosswalks"
AGENT = Namespace(ID + "agent/")
MSET = Namespace(ID + "mappingset/")
RELATIONSHIPS = {
    "equal": (CW.Equal, CW.equal, SKOS.exactMatch),
    "subsetOf": (CW.SubsetOf, CW.subsetOf, SKOS.broadMatch),
    "supersetOf": (CW.SupersetOf, CW.supersetOf, SKOS.narrowMatch),
    "intersectsWith": (CW.IntersectsWith, CW.intersectsWith, SKOS.relatedMatch),
    "notRelated": (CW.NotRelated, CW.notRelated, None),
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
        "https://w3id.org/ai-crosswalk/id/mappingset/ai-crosswalk",
        CC_BY,
    ),
    "derived": (
        "ai-crosswalk derived mappings",
        "Mappings composed from asserted mappings through shared items when the graph is loaded (not shipped "
        "as files); each points to the mappings it came from.",
        "ai-crosswalk-derivation",
        "https://w3id.org/ai-crosswalk/id/mappingset/derived",
        CC_BY,
    ),
    "jaisi-nist-crosswalk-1": (
        "J-AISI/NIST Crosswalk-1 Terminology: NIST AI RMF and Japan AI Guidelines for Business",
        "Japan AI Safety Institute with NIST, 29 April 2024: NIST trustworthiness characteristics and the AI GfB "
        "items listed as their context. Untyped in the source: imported as intersectsWith. Item numbering of AI "
        "GfB Ver1.0, matched to the item with the same number in the current version.",
        "japan-aisi",
        "https://airc.nist.gov/docs/FINAL_Crosswalk1_Terminology_RMF_GfB.pdf",
        URIRef(ID + "licence/japan-government-terms"),
    ),
    "jaisi-nist-crosswalk-2": (
        "J-AISI/NIST Crosswalk-2 Concepts: NIST AI Risk Management Framework and Japan AI Guidelines for Business",
        "Japan AI Safety Institute with NIST, 17 September 2024: for 39 topics, the AI RMF subcategories and the "
        "AI GfB sections that address each. A subcategory and a main-text GfB principle listed under the same "
        "topic are imported as intersectsWith, the topics kept as the comment; appendix sections are not in "
        "this graph and are left out.",
        "japan-aisi",
        "https://airc.nist.gov/docs/FINAL_Crosswalk2_Concepts_RMF_GfB.pdf",
        URIRef(ID + "licence/japan-government-terms"),
    ),
    "aigfb-cross-references": (
        "AI Guidelines for Business: cross-references of Part 2 D to the common guiding principles",
        "The common principles MIC and METI print in parentheses after each item for advanced AI systems "
        "(Ver1.1, Part 2 D), imported as intersectsWith.",
        "mic-meti",
        "https://www.meti.go.jp/shingikai/mono_info_service/ai_shakai_jisso/pdf/20240419_14.pdf",
        URIRef(ID + "licence/japan-government-terms"),
    ),
    "nist-ai-600-1-subcategories": (
        "NIST AI 600-1: suggested actions and the AI RMF subcategories they are printed under",
        "NIST AI 600-1 (July 2024), section 3, prints each suggested action under one AI RMF subcategory as one "
        "way to achieve it. Imported as intersectsWith: an action serves its subcategory, but doing the one "
        "neither entails nor is entailed by doing the other, so a measure for either gives the other partial "
        "credit.",
        "nist",
        "https://nvlpubs.nist.gov/nistpubs/ai/NIST.AI.600-1.pdf",
        URIRef(ID + "licence/us-government-work"),
    ),
    "nist-ai-rmf-iso-23894": (
        "Crosswalk AI RMF (1.0) and ISO/IEC FDIS 23894",
        "NIST, draft for comment, 26 January 2023: AI RMF functions and the ISO/IEC 23894 clauses that "
        "address them, imported as one intersectsWith per function with the clauses as the comment.",
        "nist",
        "https://www.nist.gov/system/files/documents/2023/01/26/crosswalk_AI_RMF_1_0_ISO_IEC_23894.pdf",
        URIRef(ID + "licence/us-government-work"),
    ),
    "nist-ai-rmf-iso-42001": (
        "NIST AI Risk Management Framework to ISO/IEC FDIS 42001 AI Management System Crosswalk",
        "By Microsoft, listed on NIST's AI Resource Center: each AI RMF subcategory and the ISO/IEC 42001 "
        "clauses and Annex B controls it maps to, imported as one intersectsWith per subcategory with the "
        "clauses as the comment.",
        "microsoft",
        "https://airc.nist.gov/docs/NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.pdf",
        URIRef(ID + "licence/facts-with-citation"),
    ),
}
SETS.update(CROSS_REFERENCES)  # Japan's guideline: Parts 3-5 to the common principles (tools/build_jp.py)


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
    rationale: str,
    confidence: str,
    justification: str,
    agent: str,
    mapping_set: str,
    comment: str | None = None,
) -> None:
    """One reified mapping with its provenance, and the direct IR 8477 and SKOS triples it stands for."""
    individual, prop, skos_prop = RELATIONSHIPS[relationship]
    s, o = URIRef(subject), URIRef(obj)
    g.add((m, RDF.type, CW.Mapping))
    g.add((m, CW.subject, s))
    g.add((m, CW.object, o))
    g.add((m, CW.relationship, individual))
    g.add((m, CW.rationaleKind, RATIONALES[rationale]))
    g.add((m, CW.justification, Literal(justification, lang="en")))
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
        add_mapping(
            g, mapping_iri("jaisi-nist-crosswalk-1", nist, target, "japan-aisi"), nist, "intersectsWith", target,
            "semantic", "0.7",
            f"Japan AISI's Crosswalk-1 lists AI GfB item {row['jp_gfb_item']} as context for the NIST "
            f"characteristic '{row['nist_trustworthy_characteristic']}'.",
            "japan-aisi", "jaisi-nist-crosswalk-1", comment=row["note"] or None,
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
        add_mapping(
            g, mapping_iri("jaisi-nist-crosswalk-2", nist, target, "japan-aisi"), nist, "intersectsWith", target,
            "semantic", "0.8",
            "Japan AISI's Crosswalk-2 lists both under the same topic: " + "; ".join(sorted(set(names))) + ".",
            "japan-aisi", "jaisi-nist-crosswalk-2",
        )  # fmt: skip
    out["jaisi-nist-crosswalk-2"] = (g, len(pairs), skipped)

    g, used, skipped = new_graph(), 0, 0
    for row in read(ref, "crosswalk_jp_gfb_advanced_ai_items_to_common_principles.csv"):
        item, principle = jp(row["jp_gfb_advanced_ai_item"]), jp(row["jp_gfb_common_principle"])
        if item is None or principle is None:
            skipped += 1
            continue
        used += 1
        add_mapping(
            g, mapping_iri("aigfb-cross-references", item, principle, "mic-meti"), item, "intersectsWith",
            principle, "semantic", "0.9",
            f"The guideline prints principle {row['jp_gfb_common_principle']} after item "
            f"{row['jp_gfb_advanced_ai_item']} as one it relates to.",
            "mic-meti", "aigfb-cross-references",
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
        add_mapping(
            g, mapping_iri("nist-ai-600-1-subcategories", action, subcategory, "nist"), action, "intersectsWith",
            subcategory, "functional", "0.9",
            f"NIST AI 600-1 prints action {row['action_id']} under {row['subcategory']} as one suggested way to "
            "achieve it.",
            "nist", "nist-ai-600-1-subcategories",
        )  # fmt: skip
    out["nist-ai-600-1-subcategories"] = (g, used, skipped)

    for name, file, key, standard, agent in [
        ("nist-ai-rmf-iso-23894", "crosswalk_nist_ai_rmf_to_iso23894_nist.csv", "nist_function",
         "standards:ISO-IEC-23894", "nist"),
        ("nist-ai-rmf-iso-42001", "crosswalk_nist_ai_rmf_to_iso42001_microsoft.csv", "nist_subcategory",
         "standards:ISO-IEC-42001", "microsoft"),
    ]:  # fmt: skip
        clauses: dict[str, list[str]] = defaultdict(list)
        ref_col = "iso23894_ref" if "23894" in file else "iso42001_ref"
        title_col = ref_col.replace("_ref", "_title")
        for row in read(ref, file):
            clauses[row[key]].append(f"{row[ref_col]} {row[title_col]}")
        g, skipped = new_graph(), 0
        target = items[standard]
        for notation, refs in sorted(clauses.items()):
            nist = items.get("nist-ai-rmf:" + notation.replace(" ", "-"))
            if nist is None:
                skipped += 1
                continue
            label = standard.split(":")[1].replace("ISO-IEC-", "ISO/IEC ")
            add_mapping(
                g, mapping_iri(name, nist, target, agent), nist, "intersectsWith", target, "semantic", "0.8",
                f"{SETS[name][0]} maps {notation} to {len(refs)} clause(s) of {label}.",
                agent, name, comment="Clauses: " + "; ".join(refs),
            )  # fmt: skip
        out[name] = (g, len(clauses) - skipped, skipped)
    out.update(cross_references(items, add_mapping, mapping_iri))
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
        source = URIRef(url)
        g.add((s, DCTERMS.source, source))
        if source != s:
            g.add((source, RDF.type, PROV.Entity))
            g.add((source, DCTERMS.title, Literal(title, lang="en")))
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
