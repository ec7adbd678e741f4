"""Build data/regimes/oecd-haip.ttl: the OECD reporting framework of the G7 Hiroshima AI Process (HAIP).

Run by hand when this file changes:  python tools/build_haip.py
The OECD launched the voluntary reporting framework on 7 February 2025, to monitor the application of the
Hiroshima Process International Code of Conduct; organisations answer a questionnaire organised in seven
sections that correspond to the Code's actions. Version 2.0 was launched on 28 May 2026. The questions themselves
(version 1 or 2.0) were not found in a source this project could read, so the provisions are the seven sections,
with the section titles as published and a description of what each asks written by the editors (OECD text is
quoted only as short titles, with attribution). Version 2.0 is recorded as the version in force; its sections
are assumed unchanged, and each section says so.
"""

from __future__ import annotations

from pathlib import Path

from build_data import (
    CW,
    ID,
    LIC,
    Item,
    Regime,
    describe_source,
    en,
    provision_iri,
    publication_dates,
    regime_graph,
)
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
KEY = "oecd-haip"
PORTAL = "https://oecd.ai/en/transparency/faq"
INSIGHTS = "https://oecd.ai/en/wonk/haip-reporting-insights"
LAUNCH = "https://www.insideglobaltech.com/2025/02/19/oecd-launches-voluntary-reporting-framework-on-ai-risk-management-practices/"
V2_NOTE = (
    "Version 2.0 (28 May 2026) reorganises the questions by role (model developer, application developer, "
    "deployer) and covers agentic AI (OECD.AI FAQ); its section structure was not seen, so this section is "
    "recorded as in version 1 (2025)."
)

# (number, title as published, what the section asks (editors' description), how far the title was read)
SECTIONS = [
    (
        1,
        "Risk identification and evaluation",
        "Report how the organisation defines and classifies AI risks, identifies and evaluates them across the "
        "lifecycle, and tests its advanced AI systems (for example evaluations and red-teaming).",
        "confirmed",
    ),
    (
        2,
        "Risk management and information security",
        "Report how the organisation manages the risks it identified, including data quality, protection of "
        "intellectual property and privacy, and AI-specific information security.",
        "confirmed",
    ),
    (
        3,
        "Transparency reporting on advanced AI systems",
        "Report what the organisation publishes about its advanced AI systems: reports, technical documentation "
        "and other transparency practices on capabilities, limitations and appropriate use.",
        "confirmed",
    ),
    (
        4,
        "Organizational governance, incident management and transparency",
        "Report the organisation's AI governance, staff training and processes for responding to, documenting "
        "and sharing information about AI incidents.",
        "confirmed",
    ),
    (
        5,
        "Content authentication & provenance mechanisms",
        "Report the mechanisms that tell users they are interacting with an AI system and that let users "
        "identify AI-generated content, such as labelling or watermarking.",
        "confirmed",
    ),
    (
        6,
        "Research & investment to advance AI safety & mitigate societal risks",
        "Report the organisation's research and investment to advance AI safety and security and to mitigate "
        "societal risks.",
        "partial",
    ),
    (
        7,
        "Advancing human and global interests",
        "Report how the organisation's advanced AI systems are directed at global challenges and human "
        "interests, and its contribution to international technical standards and good practice.",
        "recall",
    ),
]


def regime() -> Regime:
    r = Regime(
        key=KEY,
        title="OECD Reporting Framework of the Hiroshima AI Process (HAIP Reporting Framework)",
        kind=CW.Framework,
        jurisdiction="INT",
        publisher="OECD",
        version="2.0",
        issued="2026-05-28",
        source_url=PORTAL,
        source_title="Hiroshima AI Reporting Framework: frequently asked questions, including what is new in "
        "version 2.0 (OECD.AI)",
        licence=LIC["quotation-with-attribution"],
        description="The OECD's voluntary reporting framework through which organisations report how they apply "
        "the Hiroshima Process International Code of Conduct for Organizations Developing Advanced AI Systems: a "
        "questionnaire in seven sections that correspond to the Code's eleven actions. Launched on 7 February 2025; "
        "version 2.0 launched on 28 May 2026.",
        notes=[
            "Provisions are the seven sections of the questionnaire; the individual questions were not found in a "
            "readable source and are not recorded.",
            "Section titles are quoted as published (short quotation, attributed to the OECD); what each section "
            "asks is the ai-crosswalk editors' description.",
            "Version 2.0's launch on 28 May 2026, at a Tech7 event of the G7 Digital and Tech Ministerial Meeting in "
            "Paris, is reported by two secondary sources; the OECD.AI FAQ confirms a version 2.0 and what it "
            "changed, without a date.",
        ],
    )
    notes = {
        "confirmed": "Title as listed in the February 2025 summary of the questionnaire (insideglobaltech.com, 19 "
        "February 2025); the OECD.AI blog lists the same seven areas.",
        "partial": "Title only partly read (the summaries seen cut it short after 'Research & invest'); the rest "
        "is the editors' reading and was not confirmed against an OECD document.",
        "recall": "Title not read in any source seen (the summaries seen stop before the seventh section); it is "
        "the editors' recall of the questionnaire and was not confirmed. The section's existence is confirmed "
        "(seven thematic areas, OECD.AI blog).",
    }
    for n, title, text, status in SECTIONS:
        note = notes[status]
        confirmed = status == "confirmed"
        extra: list = [
            (CW.textNote, en("Description written by the ai-crosswalk editors, not the OECD's text.")),
            (CW.verificationNote, en(f"{note} {V2_NOTE}")),
        ]
        if not confirmed:
            extra.append((CW.unverified, Literal(True)))
        r.items.append(
            Item(
                notation=f"Section {n}",
                label=title,
                level="section",
                cls=CW.Requirement,
                text=text,
                position=n,
                addressees=["ai-developer"],
                extra=extra,
            )
        )
    return r


def graph() -> tuple[Regime, Graph]:
    r = regime()
    g = regime_graph(r)
    # The sections are cited from the published summary of the questionnaire, not from the FAQ page.
    describe_source(
        g,
        LAUNCH,
        "OECD Launches Voluntary Reporting Framework on AI Risk Management Practices (Inside Global Tech, "
        "Covington & Burling LLP): the seven sections of the questionnaire",
        "Covington & Burling LLP (Inside Global Tech)",
        "2025-02-19",
        "2025-02-19",
        r.licence,
    )
    for item in list(g.subjects(DCTERMS.source, URIRef(PORTAL))):
        if item != r.iri:
            g.remove((item, DCTERMS.source, URIRef(PORTAL)))
            g.add((item, DCTERMS.source, URIRef(LAUNCH)))
            g.add((item, RDFS.seeAlso, URIRef(INSIGHTS)))
    v1 = URIRef(f"{ID}{KEY}/version/1.0")
    v2 = URIRef(f"{ID}{KEY}/version/2.0")
    for v, label, issued, made_by, replaces in (
        (v1, "HAIP Reporting Framework, version 1 (launched 7 February 2025)", "2025-02-07", PORTAL, None),
        (v2, "HAIP Reporting Framework, version 2.0 (launched 28 May 2026)", "2026-05-28", PORTAL, v1),
    ):
        g.add((v, RDF.type, CW.RegimeVersion))
        g.add((v, CW.versionOf, r.iri))
        g.add((v, SKOS.prefLabel, en(label)))
        g.add((v, CW.madeBy, URIRef(made_by)))
        g.add((v, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        g.add((v, CW.inForceFrom, Literal(issued, datatype=XSD.date)))
        if replaces is not None:
            g.add((v, DCTERMS.replaces, replaces))
    # The sections are offered from the launch of version 1: a report on an earlier day shows them not yet in force.
    publication_dates(
        g,
        [provision_iri(KEY, it) for it in r.items],
        v1,
        "2025-02-07",
        "Launch of the HAIP Reporting Framework (version 1) by the OECD, 7 February 2025",
        PORTAL,
        "The framework sets no date from which organisations report on it; its sections are read as offered from "
        "the launch of version 1.",
    )
    g.add(
        (
            v1,
            CW.verificationNote,
            en(
                "Launch on 7 February 2025 at the AI Action Summit confirmed by the OECD.AI blog on the first "
                "reports and by several secondary sources (Inside Global Tech, 19 February 2025)."
            ),
        )
    )
    g.add(
        (
            v2,
            CW.verificationNote,
            en(
                "Launch date 28 May 2026 from peopleofinternet.com and levellers.ai (June 2026); the OECD.AI FAQ "
                "confirms version 2.0 and its changes but gives no date. Both versions are published on the OECD.AI "
                "portal; no separate document URL for either questionnaire was found."
            ),
        )
    )
    return r, g


def main() -> None:
    r, g = graph()
    header = f"# {r.title}\n# Generated by tools/build_haip.py; edit that file, not this one.\n"
    out = ROOT / "data" / "regimes" / f"{KEY}.ttl"
    out.write_text(header + g.serialize(format="turtle"), encoding="utf-8")
    print(f"{KEY:<14} {len(r.items):>5} items")


if __name__ == "__main__":
    main()
