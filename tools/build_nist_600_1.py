"""Build NIST AI 600-1 (the Generative AI Profile) from the reference catalogues.

Run by hand when a catalogue changes:  python tools/build_nist_600_1.py [--reference DIR]
Writes
* data/regimes/nist-ai-600-1.ttl: the 12 risks (section 2.x) and the 212 suggested actions (GV-1.1-001 ...),
  each action linked to the AI RMF subcategory it is printed under (cw:suggestedFor) and to the risks it is
  tagged with (cw:addressesRisk), and the one version of the profile;
* tools/curation/rules/nist-ai-600-1.toml: the rules that give a generative system under the AI RMF the
  actions suggested for each subcategory (tools/build_rules.py turns them into data/rules/).
The intrinsic mappings (each action to its subcategory, as NIST arranges them) are built by
tools/build_crosswalks.py, from the same catalogue, as a mapping set attributed to NIST.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from pathlib import Path

from build_data import (
    CW,
    ID,
    LIC,
    ROOT,
    Item,
    Regime,
    en,
    provision_iri,
    publication_dates,
    read_csv,
    regime_graph,
    short_label,
)
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

KEY = "nist-ai-600-1"
DOI = "https://doi.org/10.6028/NIST.AI.600-1"
VERSION = "1.0"
ISSUED = "2024-07-26"
CSA = (
    "github.com/CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards "
    "control/nist.gov/ai-600-1/1.0/ai-600-1-1.0-actions.csv @7d418867b0650a0982683b90af1bd0a42357a227 "
    "(marker extraction of the PDF)"
)
RULES = Path(__file__).resolve().parent / "curation" / "rules" / f"{KEY}.toml"

# The characteristics as the profile names them -> the AI RMF items (Part 1, section 3) in nist-ai-rmf.ttl.
CHARACTERISTICS = {
    "Valid and Reliable": "Section-3.1",
    "Safe": "Section-3.2",
    "Secure and Resilient": "Section-3.3",
    "Accountable and Transparent": "Section-3.4",
    "Explainable and Interpretable": "Section-3.5",
    "Interpretable and Explainable": "Section-3.5",
    "Privacy Enhanced": "Section-3.6",
    "Fair with Harmful Bias Managed": "Section-3.7",
}

VERSION_NOTE = (
    "NIST AI 600-1 prints 'July 2024' and 'Approved by the NIST Editorial Review Board on 07-25-2024'; the "
    "Department of Commerce released it as final on 26 July 2024, the 270-day mark of EO 14110 (Commerce press "
    "release, commerce.gov/node/6853; Covington, 12 August 2024). The publication prints no version number: "
    "'1.0' is the label the CSA dataset files it under (ai-600-1/1.0) and marks the first and only edition."
)


def risk_iri(section: str) -> URIRef:
    return URIRef(f"{ID}{KEY}/Section-{section}")


def subcategory_slug(notation: str) -> str:
    """'GOVERN 1.1' -> 'GOVERN-1.1', the segment of the subcategory's IRI in nist-ai-rmf.ttl."""
    return notation.replace(" ", "-")


def action_sort_key(action_id: str) -> tuple[int, int, int, int]:
    """GV-1.1-001 before GV-1.2-001 before MP-1.1-001: the profile's order (functions, then numbers)."""
    function, numbers, serial = action_id.split("-")
    major, minor = numbers.split(".")
    return (["GV", "MP", "MS", "MG"].index(function), int(major), int(minor), int(serial))


def profile(ref: Path) -> Regime:
    risks = read_csv(ref / "nist_ai_600_1_risks.csv")
    actions = sorted(
        read_csv(ref / "nist_ai_600_1_actions.csv"), key=lambda r: action_sort_key(r["action_id"])
    )
    r = Regime(
        key=KEY,
        title="Artificial Intelligence Risk Management Framework: Generative Artificial Intelligence Profile "
        "(NIST AI 600-1)",
        kind=CW.Framework,
        jurisdiction="US",
        publisher="National Institute of Standards and Technology (NIST)",
        version=VERSION,
        issued=ISSUED,
        source_url=DOI,
        source_title="NIST AI 600-1, Artificial Intelligence Risk Management Framework: Generative Artificial "
        "Intelligence Profile (July 2024)",
        licence=LIC["us-government-work"],
        description="The AI RMF's cross-sectoral profile for generative AI: the 12 risks unique to or "
        "exacerbated by generative AI (section 2) and the 212 suggested actions (section 3), each printed "
        "under the AI RMF subcategory it helps achieve and tagged with the risks it addresses. Voluntary.",
        notes=[
            "Risk notations follow the profile's section numbers (section 2.1 to 2.12), labels its section "
            "headings; definitions quote the list of risks at the start of section 2. Action labels are the "
            "action's text, shortened; definitions quote it whole."
        ],
    )
    names = {}
    for row in risks:
        extra: list[tuple[URIRef, Literal | URIRef]] = [
            (CW.trustworthyCharacteristic, URIRef(f"{ID}nist-ai-rmf/{CHARACTERISTICS[c.strip()]}"))
            for c in row["trustworthy_ai_characteristics"].split(";")
        ]
        if row["note"]:
            extra.append((SKOS.editorialNote, en(row["note"])))
        extra.append((CW.transcribedFrom, Literal(row["transcribed_from"])))
        names[row["name"]] = risk_iri(row["section"])
        r.items.append(
            Item(
                notation=f"Section {row['section']}",
                label=row["name"],
                level="risk",
                cls=CW.Provision,
                text=row["definition"],
                position=int(row["number"]),
                extra=extra,
            )
        )
    for n, row in enumerate(actions, start=len(risks) + 1):
        extra = [(CW.suggestedFor, URIRef(f"{ID}nist-ai-rmf/{subcategory_slug(row['subcategory'])}"))]
        tags = [t for t in row["gai_risks"].split("|") if t]
        extra += [(CW.addressesRisk, names[t]) for t in tags if t in names]
        extra += [(CW.aiActorTask, Literal(t)) for t in row["ai_actor_tasks"].split("|") if t]
        extra.append((CW.transcribedFrom, Literal(CSA)))
        if row["note"]:
            extra.append((SKOS.editorialNote, en(row["note"])))
        r.items.append(
            Item(
                notation=row["action_id"],
                label=short_label(row["suggested_action"]),
                level="action",
                cls=CW.Requirement,
                text=row["suggested_action"],
                position=n,
                extra=extra,
            )
        )
    return r


def version_triples(r: Regime):  # type: ignore[no-untyped-def]
    """The profile's one version (time.ttl): made by the publication, in force from its release."""
    v = URIRef(f"{ID}{KEY}/version/{VERSION}")
    yield v, RDF.type, CW.RegimeVersion
    yield v, CW.versionOf, r.iri
    yield v, CW.madeBy, URIRef(DOI)
    yield v, DCTERMS.title, en(f"{r.title}, version {VERSION}")
    yield v, SKOS.prefLabel, en("NIST AI 600-1 (July 2024)")
    yield v, OWL.versionInfo, Literal(VERSION)
    yield v, DCTERMS.issued, Literal(ISSUED, datatype=XSD.date)
    yield v, CW.inForceFrom, Literal(ISSUED, datatype=XSD.date)
    yield v, DCTERMS.source, URIRef(DOI)
    yield v, DCTERMS.license, r.licence
    yield v, CW.verificationNote, en(VERSION_NOTE)


def rules(ref: Path) -> str:
    """The TOML rules: tier nist-voluntary for a generative system in the US, and per subcategory its actions."""
    actions = sorted(
        read_csv(ref / "nist_ai_600_1_actions.csv"), key=lambda r: action_sort_key(r["action_id"])
    )
    by_subcategory: dict[str, list[str]] = {}
    for row in actions:
        by_subcategory.setdefault(row["subcategory"], []).append(row["action_id"])
    out = [
        "# NIST AI 600-1, the Generative AI Profile (voluntary): classification and applicability rules, held as",
        "# data. Written by tools/build_nist_600_1.py from the actions catalogue; edit that script, not this file.",
        "# A generative system that the AI RMF reaches (market US, tier nist-voluntary) gets the profile's",
        "# suggested actions, one rule per AI RMF subcategory, so a report says which subcategory each serves.",
        "",
        "[[classification]]",
        f'regime = "{KEY}"',
        'tier = "nist-voluntary"',
        f'basis = ["{KEY}"]',
        'markets = ["US"]',
        'capabilities = ["generative"]',
    ]
    for subcategory, ids in by_subcategory.items():
        out += [
            "",
            "[[applicability]]",
            f'regime = "{KEY}"',
            f'label = "NIST AI 600-1 suggests these actions for {subcategory} in generative AI"',
            "requirements = [" + ", ".join(f'"{KEY}:{i}"' for i in ids) + "]",
            'tiers = ["nist-voluntary"]',
            'capabilities = ["generative"]',
            f'basis = ["{KEY}", "nist-ai-rmf:{subcategory_slug(subcategory)}"]',
        ]
    return "\n".join(out) + "\n"


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=ROOT / "tools" / "reference",
        help="folder of the reference catalogues (default: tools/reference)",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    r = profile(args.reference)
    tags = {
        t
        for row in read_csv(args.reference / "nist_ai_600_1_actions.csv")
        for t in row["gai_risks"].split("|")
    }
    unknown = tags - {it.label for it in r.items if it.level == "risk"} - {"", "Civil Rights violations"}
    if unknown:
        raise SystemExit(f"risk tags not among the 12 risks: {sorted(unknown)}")
    if not all(
        re.fullmatch(r"(GV|MP|MS|MG)-\d+\.\d+-\d{3}", it.notation) for it in r.items if it.level == "action"
    ):
        raise SystemExit("an action ID is not of the form GV-1.1-001")
    g = regime_graph(r)
    for triple in version_triples(r):
        g.add(triple)
    # The suggested actions are offered from the profile's release: a report on an earlier day shows them not yet
    # in force.
    publication_dates(
        g,
        [provision_iri(KEY, it) for it in r.items if it.level == "action"],
        URIRef(f"{ID}{KEY}/version/{VERSION}"),
        ISSUED,
        "Release of NIST AI 600-1 as final by the Department of Commerce, 26 July 2024",
        DOI,
        "The profile is voluntary and sets no date from which its actions apply; they are read as offered from its "
        "release.",
    )
    header = f"# {r.title}\n# Generated by tools/build_nist_600_1.py from the reference catalogues; edit those, not this file.\n"
    (ROOT / "data" / "regimes" / f"{KEY}.ttl").write_text(
        header + g.serialize(format="turtle"), encoding="utf-8"
    )
    RULES.write_text(rules(args.reference), encoding="utf-8")
    levels = [it.level for it in r.items]
    print(f"{KEY}: {levels.count('risk')} risks, {levels.count('action')} actions")


if __name__ == "__main__":
    main()
