"""Build data/regimes/eu-gpai-cop.ttl: the EU General-Purpose AI Code of Practice (10 July 2025).

Run by hand when this file changes:  python tools/build_gpai_cop.py
The Code has three chapters (Transparency, Copyright, Safety and Security), each with its own commitments and
measures, published as three PDFs by the European Commission (AI Office). Measure numbers restart in every
chapter, so the notation of an item is the chapter's name and the reference as printed ("Copyright, Measure 1.3").
Safety and Security texts are the lead sentences of the chapter as published (read in full from a public copy of
document 118119); Transparency and Copyright texts are the editors' summaries, marked as such (cw:textNote),
because the chapter PDFs were seen only through secondary sources. The Commission's guidelines on the scope of
the obligations for providers of general-purpose AI models, C(2025) 5045, are recorded for the one fact they fix
that the gap analysis uses: the indicative criterion for a general-purpose AI model.
"""

# ruff: noqa: RUF001  (the Code's own typographic quotes are kept as printed)
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_data import (
    CW,
    ID,
    LIC,
    Item,
    Regime,
    describe_source,
    en,
    item_iri,
    provision_iri,
    publication_dates,
    regime_graph,
)
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

ROOT = Path(__file__).resolve().parent.parent
KEY = "eu-gpai-cop"
PAGE = "https://digital-strategy.ec.europa.eu/en/policies/contents-code-gpai"
PUBLISHED = "2025-07-10"
CHAPTER_PDF = {
    "Transparency": "https://ec.europa.eu/newsroom/dae/redirection/document/118120",
    "Copyright": "https://ec.europa.eu/newsroom/dae/redirection/document/118115",
    "Safety and Security": "https://ec.europa.eu/newsroom/dae/redirection/document/118119",
}
GUIDELINES = "https://digital-strategy.ec.europa.eu/en/library/guidelines-scope-obligations-providers-general-purpose-ai-models-under-ai-act"
SUMMARY_NOTE = (
    "Summary written by the ai-crosswalk editors from secondary descriptions of the chapter (the chapter PDF was "
    "not read in full here); the title is as printed."
)


@dataclass
class Measure:
    number: str
    title: str
    text: str
    abridged: bool = False


@dataclass
class Commitment:
    number: int
    title: str
    legal_text: str
    text: str
    measures: list[Measure]


TRANSPARENCY = [
    Commitment(
        1,
        "Documentation",
        "Article 53(1), points (a) and (b), AI Act",
        "In order to fulfil the obligations in Article 53(1), points (a) and (b), AI Act, Signatories commit to "
        "drawing up and keeping up-to-date model documentation in accordance with Measure 1.1, providing relevant "
        "information to providers of AI systems who intend to integrate the general-purpose AI model into their AI "
        "systems (‘downstream providers’ hereafter), and to the AI Office upon request …",
        [
            Measure(
                "1.1",
                "Drawing up and keeping up-to-date model documentation",
                "Document the information the Model Documentation Form lists (Annex XI Section 1 and Annex XII AI "
                "Act) before placing the model on the market, keep it up to date and keep earlier versions for ten "
                "years after the model is placed on the market.",
            ),
            Measure(
                "1.2",
                "Providing relevant information",
                "Give the AI Office, on request, the documented information it asks for, and give downstream "
                "providers the information they need to understand the model's capabilities and limitations and "
                "to meet their own obligations, within 14 days of their request save exceptional circumstances.",
            ),
            Measure(
                "1.3",
                "Ensuring quality, integrity, and security of information",
                "Keep the documented information controlled for quality and integrity, retained as evidence of "
                "compliance and protected from unintended alteration.",
            ),
        ],
    )
]

COPYRIGHT = [
    Commitment(
        1,
        "Copyright policy",
        "Article 53(1), point (c), AI Act",
        "Draw up, keep up to date and implement a policy to comply with Union law on copyright and related rights "
        "for all general-purpose AI models placed on the Union market, as the measures of this chapter specify.",
        [
            Measure(
                "1.1",
                "Draw up, keep up-to-date and implement a copyright policy",
                "Hold one up-to-date copyright policy covering the measures of this chapter, assign internal "
                "responsibility for implementing it, and consider publishing a summary of it.",
            ),
            Measure(
                "1.2",
                "Reproduce and extract only lawfully accessible copyright-protected content when crawling the "
                "World Wide Web",
                "When crawling the web for training data, do not circumvent effective technological measures such "
                "as paywalls, and exclude websites that courts or public authorities recognise as persistently "
                "and repeatedly infringing copyright on a commercial scale.",
            ),
            Measure(
                "1.3",
                "Identify and comply with rights reservations when crawling the World Wide Web",
                "Use web crawlers that read and follow robots.txt (RFC 9309) and other state-of-the-art "
                "machine-readable protocols expressing rights reservations under Article 4(3) of Directive (EU) "
                "2019/790, and tell rightsholders about the crawlers used.",
            ),
            Measure(
                "1.4",
                "Mitigate the risk of copyright-infringing outputs",
                "Implement appropriate and proportionate technical safeguards against the model reproducing "
                "training content in infringing outputs, and prohibit infringing uses in the acceptable use policy "
                "or terms (or, for open models, the accompanying documentation).",
            ),
            Measure(
                "1.5",
                "Designate a point of contact and enable the lodging of complaints",
                "Designate a point of contact for rightsholders and a mechanism through which they can lodge "
                "sufficiently precise and substantiated complaints, and handle those complaints diligently and "
                "within a reasonable time.",
            ),
        ],
    )
]

SAFETY = [
    Commitment(
        1,
        "Safety and Security Framework",
        "Articles 55(1) and 56(5), and recitals 110, 114, and 115 AI Act",
        "Signatories commit to adopting a state-of-the-art Safety and Security Framework (“Framework”). The "
        "purpose of the Framework is to outline the systemic risk management processes and measures that "
        "Signatories implement to ensure the systemic risks stemming from their models are acceptable.",
        [
            Measure(
                "1.1",
                "Creating the Framework",
                "Signatories will create a state-of-the-art Framework, taking into account the models they are "
                "developing, making available on the market, and/or using.",
            ),
            Measure(
                "1.2",
                "Implementing the Framework",
                "Signatories will implement the processes and measures outlined in their Framework as specified in "
                "the following paragraphs.",
            ),
            Measure(
                "1.3",
                "Updating the Framework",
                "Signatories will update the Framework as appropriate, including without undue delay after a "
                "Framework assessment (specified in the following paragraphs), to ensure the information in "
                "Measure 1.1 is kept up-to-date and the Framework is at least state-of-the-art.",
            ),
            Measure(
                "1.4",
                "Framework notifications",
                "Signatories will provide the AI Office with (unredacted) access to their Framework, and updates "
                "thereof, within five business days of either being confirmed.",
            ),
        ],
    ),
    Commitment(
        2,
        "Systemic risk identification",
        "Article 55(1) and recital 110 AI Act",
        "Signatories commit to identifying the systemic risks stemming from the model.",
        [
            Measure(
                "2.1",
                "Systemic risk identification process",
                "Signatories will identify: (1) the systemic risks obtained through the following process: … and "
                "(2) the specified systemic risks in Appendix 1.4.",
                abridged=True,
            ),
            Measure(
                "2.2",
                "Systemic risk scenarios",
                "Signatories will develop appropriate systemic risk scenarios, including regarding the number and "
                "level of detail of these systemic risk scenarios, for each identified systemic risk (pursuant to "
                "Measure 2.1).",
            ),
        ],
    ),
    Commitment(
        3,
        "Systemic risk analysis",
        "Article 55(1) and recital 114 AI Act",
        "Signatories commit to analysing each identified systemic risk (pursuant to Commitment 2).",
        [
            Measure(
                "3.1",
                "Model-independent information",
                "Signatories will gather model-independent information relevant to the systemic risk.",
            ),
            Measure(
                "3.2",
                "Model evaluations",
                "Signatories will conduct at least state-of-the-art model evaluations in the modalities relevant "
                "to the systemic risk to assess the model’s capabilities, propensities, affordances, and/or effects, "
                "as specified in Appendix 3.",
            ),
            Measure(
                "3.3",
                "Systemic risk modelling",
                "Signatories will conduct systemic risk modelling for the systemic risk.",
            ),
            Measure(
                "3.4",
                "Systemic risk estimation",
                "Signatories will estimate the probability and severity of harm for the systemic risk.",
            ),
            Measure(
                "3.5",
                "Post-market monitoring",
                "Signatories will conduct appropriate post-market monitoring to gather information relevant to "
                "assessing whether the systemic risk could be determined to not be acceptable (pursuant to Measure "
                "4.1) and to inform whether a Model Report update is necessary (pursuant to Measure 7.6).",
            ),
        ],
    ),
    Commitment(
        4,
        "Systemic risk acceptance determination",
        "Article 55(1) AI Act",
        "Signatories commit to specifying systemic risk acceptance criteria and determining whether the systemic "
        "risks stemming from the model are acceptable (as specified in Measure 4.1).",
        [
            Measure(
                "4.1",
                "Systemic risk acceptance criteria and acceptance determination",
                "Signatories will describe and justify (in the Framework pursuant to Measure 1.1, point (2)(a)) how "
                "they will determine whether the systemic risks stemming from the model are acceptable.",
            ),
            Measure(
                "4.2",
                "Proceeding or not proceeding based on systemic risk acceptance determination",
                "Signatories will only proceed with the development, the making available on the market, and/or the "
                "use of the model, if the systemic risks stemming from the model are determined to be acceptable "
                "(pursuant to Measure 4.1).",
            ),
        ],
    ),
    Commitment(
        5,
        "Safety mitigations",
        "Article 55(1) and recital 114 AI Act",
        "Signatories commit to implementing appropriate safety mitigations along the entire model lifecycle, as "
        "specified in the Measure for this Commitment, to ensure the systemic risks stemming from the model are "
        "acceptable (pursuant to Commitment 4).",
        [
            Measure(
                "5.1",
                "Appropriate safety mitigations",
                "Signatories will implement safety mitigations that are appropriate, including sufficiently robust "
                "under adversarial pressure (e.g. fine-tuning attacks or jailbreaking), taking into account the "
                "model’s release and distribution strategy.",
            ),
        ],
    ),
    Commitment(
        6,
        "Security mitigations",
        "Article 55(1), and recitals 114 and 115 AI Act",
        "Signatories commit to implementing an adequate level of cybersecurity protection for their models and "
        "their physical infrastructure along the entire model lifecycle, as specified in the Measures for this "
        "Commitment, to ensure the systemic risks stemming from their models that could arise from unauthorised "
        "releases, unauthorised access, and/or model theft are acceptable (pursuant to Commitment 4).",
        [
            Measure(
                "6.1",
                "Security Goal",
                "Signatories will define a goal that specifies the threat actors that their security mitigations are "
                "intended to protect against (“Security Goal”), including non-state external threats, insider "
                "threats, and other expected threat actors, taking into account at least the current and expected "
                "capabilities of their models.",
            ),
            Measure(
                "6.2",
                "Appropriate security mitigations",
                "Signatories will implement appropriate security mitigations to meet the Security Goal, including "
                "the security mitigations pursuant to Appendix 4.",
            ),
        ],
    ),
    Commitment(
        7,
        "Safety and Security Model Reports",
        "Articles 55(1) and 56(5) AI Act",
        "Signatories commit to reporting to the AI Office information about their model and their systemic risk "
        "assessment and mitigation processes and measures by creating a Safety and Security Model Report (“Model "
        "Report”) before placing a model on the market (as specified in Measures 7.1 to 7.5).",
        [
            Measure(
                "7.1",
                "Model description and behaviour",
                "Signatories will provide in the Model Report: (1) a high-level description of the model’s "
                "architecture, capabilities, propensities, and affordances, and how the model has been developed, "
                "including its training method and data, … (4) a specification … of how Signatories intend the "
                "model to operate.",
                abridged=True,
            ),
            Measure(
                "7.2",
                "Reasons for proceeding",
                "Signatories will provide in the Model Report: (1) a detailed justification for why the systemic "
                "risks stemming from the model are acceptable, including details of the safety margins "
                "incorporated (pursuant to Measure 4.1); …",
                abridged=True,
            ),
            Measure(
                "7.3",
                "Documentation of systemic risk identification, analysis, and mitigation",
                "Signatories will provide in the Model Report: (1) a description of the results of their systemic "
                "risk identification and analysis and any information relevant to understanding them …",
                abridged=True,
            ),
            Measure(
                "7.4",
                "External reports",
                "Signatories will provide in the Model Report: (1) any available reports (e.g. via valid "
                "hyperlinks) from: (a) independent external evaluators involved in model evaluations pursuant to "
                "Appendix 3.5; and (b) security reviews undertaken by an independent external party pursuant to "
                "Appendix 4.5; …",
                abridged=True,
            ),
            Measure(
                "7.5",
                "Material changes to the systemic risk landscape",
                "Signatories will ensure that the Model Report contains information relevant for the AI Office to "
                "understand whether and how the development, making available on the market, and/or use of the "
                "model result in material changes in the systemic risk landscape that are relevant for the "
                "implementation of systemic risk assessment and mitigation measures and processes under this "
                "Chapter.",
            ),
            Measure(
                "7.6",
                "Model Report updates",
                "Signatories will update their Model Report if they have reasonable grounds to believe that the "
                "justification for why the systemic risks stemming from the model are acceptable (pursuant to "
                "Measure 7.2, point (1)) has been materially undermined.",
            ),
            Measure(
                "7.7",
                "Model Report notifications",
                "Signatories will provide the AI Office with access to the Model Report (without redactions, unless "
                "they are required by national security laws to which Signatories are subject) by the time they "
                "place a model on the market, e.g. through a publicly accessible link or through a sufficiently "
                "secure channel specified by the AI Office.",
            ),
        ],
    ),
    Commitment(
        8,
        "Systemic risk responsibility allocation",
        "Article 55(1) and recital 114 AI Act",
        "Signatories commit to: (1) defining clear responsibilities for managing the systemic risks stemming from "
        "their models across all levels of the organisation (as specified in Measure 8.1); (2) allocating "
        "appropriate resources to actors who have been assigned responsibilities for managing systemic risk (as "
        "specified in Measure 8.2); and (3) promoting a healthy risk culture (as specified in Measure 8.3).",
        [
            Measure(
                "8.1",
                "Definition of clear responsibilities",
                "Signatories will clearly define responsibilities for managing the systemic risks stemming from "
                "their models across all levels of the organisation.",
            ),
            Measure(
                "8.2",
                "Allocation of appropriate resources",
                "Signatories will ensure that their management bodies oversee the allocation of resources to those "
                "who have been assigned responsibilities (pursuant to Measure 8.1) that are appropriate for the "
                "systemic risks stemming from their models.",
            ),
            Measure(
                "8.3",
                "Promotion of a healthy risk culture",
                "Signatories will promote a healthy risk culture and take appropriate measures to ensure that actors "
                "who have been assigned responsibilities for managing the systemic risks stemming from their models "
                "(pursuant to Measure 8.1) take a reasoned and balanced approach to systemic risk.",
            ),
        ],
    ),
    Commitment(
        9,
        "Serious incident reporting",
        "Article 55(1), and recitals 114 and 115 AI Act",
        "Signatories commit to implementing appropriate processes and measures for keeping track of, documenting, "
        "and reporting to the AI Office and, as applicable, to national competent authorities, without undue "
        "delay relevant information about serious incidents along the entire model lifecycle and possible "
        "corrective measures to address them, as specified in the Measures of this Commitment.",
        [
            Measure(
                "9.1",
                "Methods for serious incident identification",
                "Signatories will consider the exemplary methods in Measure 3.5 to keep track of relevant "
                "information about serious incidents.",
            ),
            Measure(
                "9.2",
                "Relevant information for serious incident tracking, documentation, and reporting",
                "Signatories will keep track of, document, and report to the AI Office and, as applicable, to "
                "national competent authorities, at least the following information to the best of their "
                "knowledge, …",
                abridged=True,
            ),
            Measure(
                "9.3",
                "Reporting timelines",
                "Signatories will provide the information in points (1) to (7) of Measure 9.2 in an initial report "
                "that is submitted to the AI Office and, as applicable, to national competent authorities, at the "
                "following points in time, … not later than two days … five days … 10 days … 15 days after the "
                "Signatories become aware of the involvement of their model in the incident, depending on its kind.",
                abridged=True,
            ),
            Measure(
                "9.4",
                "Retention period",
                "Signatories will keep documentation of all relevant information gathered in adhering to this "
                "Commitment for at least five years from the date of the documentation or the date of the serious "
                "incident, whichever is later, without prejudice to Union law applicable to such information.",
            ),
        ],
    ),
    Commitment(
        10,
        "Additional documentation and transparency",
        "Articles 53(1)(a) and 55(1) AI Act",
        "Signatories commit to documenting the implementation of this Chapter (as specified in Measure 10.1) and "
        "publish summarised versions of their Framework and Model Reports as necessary (as specified in Measure "
        "10.2).",
        [
            Measure(
                "10.1",
                "Additional documentation",
                "Signatories will draw up and keep up-to-date the following information for the purpose of "
                "providing it to the AI Office upon request: …",
                abridged=True,
            ),
            Measure(
                "10.2",
                "Public transparency",
                "If and insofar as necessary to assess and/or mitigate systemic risks, Signatories will publish "
                "(e.g. via their websites) a summarised version of their Framework and Model Report(s), and updates "
                "thereof (pursuant to Commitments 1 and 7), with removals to not undermine the effectiveness of "
                "safety and/or security mitigations and to protect sensitive commercial information.",
            ),
        ],
    ),
]

CHAPTERS = [
    (
        "Transparency",
        TRANSPARENCY,
        "The chapter for every provider of a general-purpose AI model: documenting the model (with the Model "
        "Documentation Form) and giving that information to the AI Office and downstream providers.",
    ),
    (
        "Copyright",
        COPYRIGHT,
        "The chapter for every provider of a general-purpose AI model: a policy to comply with Union copyright "
        "law, lawful crawling, respect for rights reservations, safeguards against infringing outputs and a "
        "point of contact for rightsholders.",
    ),
    (
        "Safety and Security",
        SAFETY,
        "The chapter for providers of general-purpose AI models with systemic risk: a Safety and Security "
        "Framework, systemic risk identification, analysis, acceptance and mitigation, Model Reports, "
        "responsibilities, serious incident reporting and documentation.",
    ),
]


def regime() -> Regime:
    r = Regime(
        key=KEY,
        title="General-Purpose AI Code of Practice",
        kind=CW.CodeOfConduct,
        jurisdiction="EU",
        publisher="European Commission (AI Office)",
        version="2025-07-10",
        issued=PUBLISHED,
        source_url=PAGE,
        source_title="The General-Purpose AI Code of Practice (Transparency, Copyright, and Safety and Security "
        "chapters), published by the European Commission on 10 July 2025",
        licence=LIC["eu-reuse-notice"],
        description="The voluntary code of practice under Article 56 of the AI Act, drawn up by independent experts "
        "and published by the Commission on 10 July 2025, through which providers of general-purpose AI models "
        "may demonstrate compliance with Articles 53 and 55: three chapters, 12 commitments and 40 measures. "
        "Adherence is voluntary and, as the Code says, not conclusive evidence of compliance.",
        notes=[
            "Notations are the chapter's name and the commitment or measure number as printed (measure numbers "
            "restart in every chapter).",
            "Safety and Security texts are the chapter's lead sentences (some abridged, marked with an ellipsis); "
            "Transparency and Copyright texts are the editors' summaries, marked with a text note.",
            "The Commission and the AI Board confirmed the Code as an adequate voluntary tool on 1 August 2025 "
            "(secondary sources; not read in the Commission's decision itself).",
        ],
    )
    position = 0
    for n, (chapter, commitments, description) in enumerate(CHAPTERS, start=1):
        chapter_notation = f"{chapter} Chapter"
        r.items.append(
            Item(
                notation=chapter_notation,
                label=f"{chapter} Chapter",
                level="chapter",
                cls=CW.Provision,
                text=description,
                position=n,
                extra=[(CW.textNote, en("Description written by the ai-crosswalk editors."))],
            )
        )
        for c in commitments:
            c_notation = f"{chapter}, Commitment {c.number}"
            extra: list = [(SKOS.scopeNote, en(f"Legal text: {c.legal_text}"))]
            if chapter != "Safety and Security":
                extra.append((CW.textNote, en(SUMMARY_NOTE)))
            elif c.text.endswith("…"):
                extra.append((CW.textNote, en("Lead sentence as printed, abridged.")))
            r.items.append(
                Item(
                    notation=c_notation,
                    label=c.title,
                    level="commitment",
                    cls=CW.Requirement,
                    text=c.text,
                    broader=chapter_notation,
                    position=c.number,
                    extra=extra,
                )
            )
            for i, m in enumerate(c.measures, start=1):
                position += 1
                m_extra: list = []
                if chapter != "Safety and Security":
                    m_extra.append((CW.textNote, en(SUMMARY_NOTE)))
                elif m.abridged:
                    m_extra.append(
                        (CW.textNote, en("Lead sentence as printed, abridged (ellipses mark cuts)."))
                    )
                r.items.append(
                    Item(
                        notation=f"{chapter}, Measure {m.number}",
                        label=m.title,
                        level="measure",
                        cls=CW.Requirement,
                        text=m.text,
                        broader=c_notation,
                        position=i,
                        extra=m_extra,
                    )
                )
    # Commission guidelines C(2025) 5045: the facts they fix that the graph uses.
    r.items.append(
        Item(
            notation="C(2025) 5045",
            label="Guidelines on the scope of the obligations for providers of general-purpose AI models",
            level="guidelines",
            cls=CW.Provision,
            text="Commission guidelines of 18 July 2025 (C(2025) 5045 final), non-binding, setting out how the "
            "Commission interprets and will enforce the obligations of Chapter V of the AI Act: what a "
            "general-purpose AI model is, who its provider is, the open-source exemptions and enforcement.",
            position=4,
            extra=[
                (CW.textNote, en("Description written by the ai-crosswalk editors.")),
                (
                    CW.verificationNote,
                    en(
                        "Number, date (18 July 2025) and content confirmed from several independent secondary "
                        "sources (Digital Policy Alert event 31989 citing C(2025) 5045 final; Stibbe; "
                        "biodiritto.org), not read in the guidelines themselves. One secondary source cites a later "
                        "decision, C(2025) 7719 final, and a page date of 19 November 2025 for the same guidelines "
                        "(possibly a revised version); not resolved."
                    ),
                ),
            ],
        )
    )
    r.items.append(
        Item(
            notation="C(2025) 5045, indicative criterion for a general-purpose AI model",
            label="Indicative criterion: training compute above 10^23 FLOP and generation of language, "
            "text-to-image or text-to-video",
            level="guideline-fact",
            cls=CW.Provision,
            text="The Commission considers a model indicatively to be a general-purpose AI model where its "
            "training compute is greater than 10^23 floating-point operations (FLOP) and it can generate "
            "language (text or audio), text-to-image or text-to-video; a model meeting the criterion that is "
            "nonetheless competent only in a narrow range of tasks is not one.",
            broader="C(2025) 5045",
            position=1,
            extra=[
                (CW.textNote, en("Paraphrase by the ai-crosswalk editors, not the guidelines' wording.")),
                (
                    CW.verificationNote,
                    en(
                        "The 10^23 FLOP figure and the output modalities are reported alike by Digital Policy "
                        "Alert, Stibbe, biodiritto.org and Kostić Perović (2025); not read in the guidelines "
                        "themselves. The Act's own presumption of systemic risk (10^25 FLOP, Article 51(2)) is "
                        "not restated here."
                    ),
                ),
            ],
        )
    )
    return r


def graph() -> tuple[Regime, Graph]:
    r = regime()
    g = regime_graph(r)
    # Each item cites the chapter PDF it comes from (or the guidelines), not the landing page.
    for chapter, url in CHAPTER_PDF.items():
        describe_source(
            g,
            url,
            f"Code of Practice for General-Purpose AI Models — {chapter} Chapter",
            r.publisher,
            r.version,
            r.issued,
            r.licence,
        )
    describe_source(
        g,
        GUIDELINES,
        "Commission Guidelines on the scope of the obligations for providers of general-purpose AI models "
        "established by Regulation (EU) 2024/1689 (AI Act), C(2025) 5045 final",
        "European Commission",
        "C(2025) 5045 final",
        "2025-07-18",
        r.licence,
    )
    page = URIRef(PAGE)
    for it in r.items:
        iri = item_iri(KEY, it.notation)
        if it.notation.startswith("C(2025) 5045"):
            url = GUIDELINES
        else:
            url = CHAPTER_PDF[next(c for c in CHAPTER_PDF if it.notation.startswith(c))]
        g.remove((iri, DCTERMS.source, page))
        g.add((iri, DCTERMS.source, URIRef(url)))
    # The version (one so far): the Code as published on 10 July 2025.
    version = URIRef(f"{ID}{KEY}/version/2025-07-10")
    g.add((version, RDF.type, CW.RegimeVersion))
    g.add((version, CW.versionOf, r.iri))
    g.add((version, SKOS.prefLabel, en("General-Purpose AI Code of Practice, final version of 10 July 2025")))
    g.add((version, CW.madeBy, page))
    g.add((version, CW.inForceFrom, Literal(PUBLISHED, datatype=XSD.date)))
    # Its measures are offered from the day it was published: a report on an earlier day shows them not yet in force.
    publication_dates(
        g,
        [provision_iri(KEY, it) for it in r.items if "Measure" in it.notation],
        version,
        PUBLISHED,
        "Publication of the Code's final version by the European Commission, 10 July 2025",
        PAGE,
        "The Code sets no date from which its measures apply (a provider adheres by signing it); they are read as "
        "offered from the day the final version was published.",
    )
    return r, g


def main() -> None:
    r, g = graph()
    header = (
        f"# {r.title}\n# Generated by tools/build_gpai_cop.py from the Code's chapters as transcribed there; "
        "edit that file, not this one.\n"
    )
    out = ROOT / "data" / "regimes" / f"{KEY}.ttl"
    out.write_text(header + g.serialize(format="turtle"), encoding="utf-8")
    print(f"{KEY:<14} {len(r.items):>5} items")


if __name__ == "__main__":
    main()
