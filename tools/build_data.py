"""Build the shipped regime graph (data/regimes/*.ttl, data/sources.ttl) from the reference catalogues, and the
one version of NIST AI RMF and of the G7 Code (data/time/<key>.ttl).

Run by hand when a catalogue or a curation file changes:  python tools/build_data.py [--reference DIR]
The service never runs this: it reads only the Turtle this writes. Each row keeps its source, and facts
checked against public sources (tools/curation/verification.toml) are applied here, so the Turtle is
reproducible from the catalogues plus the curation files.
"""

from __future__ import annotations

import argparse
import csv
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from app.core import identifiers
from app.core.identifiers import ID

ROOT = Path(__file__).resolve().parent.parent
CURATION = Path(__file__).resolve().parent / "curation"
CW = Namespace(identifiers.CW)
LIC = Namespace(ID + "licence/")
ROLE = Namespace(ID + "vocab/role/")
JUR = Namespace(ID + "vocab/jurisdiction/")


def slug(notation: str) -> str:
    """Turn an official reference into the path segment of its IRI ('Article 5(1)(a)' -> 'Article-5-1-a')."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", notation).strip("-")


def item_iri(key: str, notation: str) -> URIRef:
    return URIRef(f"{ID}{key}/{slug(notation)}")


def provision_iri(key: str, it: Item) -> URIRef:
    """An item's IRI as regime_graph mints it: its own segment, or its notation's slug."""
    return URIRef(f"{ID}{key}/{it.segment}") if it.segment else item_iri(key, it.notation)


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in {
        "cw": CW,
        "skos": SKOS,
        "dcterms": DCTERMS,
        "prov": PROV,
        "owl": OWL,
        "xsd": XSD,
        "rdfs": RDFS,
        "role": ROLE,
        "jur": JUR,
        "lic": LIC,
    }.items():
        g.bind(prefix, ns)
    return g


def en(text: str) -> Literal:
    return Literal(" ".join(text.split()), lang="en")


@dataclass
class Item:
    """One provision as the builders assemble it, before it becomes triples."""

    notation: str
    label: str
    level: str
    cls: URIRef
    text: str = ""
    broader: str | None = None
    position: int | None = None
    label_ja: str | None = None
    addressees: list[str] = field(default_factory=list)
    segment: str | None = None
    extra: list[tuple[URIRef, Literal | URIRef]] = field(default_factory=list)


@dataclass
class Regime:
    """A regime (one version) with its source document and items."""

    key: str
    title: str
    kind: URIRef
    jurisdiction: str
    publisher: str
    version: str
    issued: str
    source_url: str
    source_title: str
    licence: URIRef
    description: str
    items: list[Item] = field(default_factory=list)
    transcribed_from: str | None = None
    replaces: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    item_source: dict[str, str] | None = None

    @property
    def iri(self) -> URIRef:
        return URIRef(ID + self.key)


def publication_dates(
    g: Graph, provisions: Iterable[URIRef], version: URIRef, day: str, basis: str, act: str, note: str
) -> None:
    """From when a voluntary instrument's provisions are offered: the day its first version was published. The
    instrument sets no date of application of its own, so the date is inferred (``note`` says how); a report gives
    it as the date each provision applies from, and /changes lists the provisions as dated by that version."""
    segment = str(version).rsplit("/", 1)[-1]
    for provision in provisions:
        statement = URIRef(f"{provision}/applies/{segment}")
        g.add((statement, RDF.type, CW.ApplicationDate))
        g.add((statement, CW.dateOf, provision))
        g.add((statement, CW.inVersion, version))
        g.add((statement, CW.date, Literal(day, datatype=XSD.date)))
        g.add((statement, CW.basisText, Literal(basis)))
        g.add((statement, CW.basisAct, URIRef(act)))
        g.add((statement, CW.inferred, Literal(True)))
        g.add((statement, CW.inferenceNote, en(note)))


def date_literal(value: str) -> Literal:
    """A date, or a year and month where the source gives no day."""
    return Literal(value, datatype=XSD.gYearMonth if len(value) == 7 else XSD.date)


def describe_source(
    g: Graph, url: str, title: str, publisher: str, version: str, issued: str, licence: URIRef
) -> URIRef:
    source = URIRef(url)
    g.add((source, RDF.type, CW.SourceDocument))
    g.add((source, DCTERMS.title, en(title)))
    g.add((source, DCTERMS.publisher, Literal(publisher)))
    g.add((source, OWL.versionInfo, Literal(version)))
    g.add((source, DCTERMS.issued, date_literal(issued)))
    g.add((source, DCTERMS.license, licence))
    return source


def regime_graph(r: Regime) -> Graph:
    """Render one regime as a SKOS concept scheme whose items carry notation, label, text, source, licence."""
    g = new_graph()
    g.bind(r.key.replace("-", ""), Namespace(f"{ID}{r.key}/"))
    s = r.iri
    source = URIRef(r.source_url)
    g.add((s, RDF.type, CW.Regime))
    g.add((s, RDF.type, SKOS.ConceptScheme))
    g.add((s, DCTERMS.title, en(r.title)))
    g.add((s, SKOS.prefLabel, en(r.title)))
    g.add((s, DCTERMS.description, en(r.description)))
    g.add((s, CW.key, Literal(r.key)))
    g.add((s, CW.regimeKind, r.kind))
    g.add((s, CW.jurisdiction, JUR[r.jurisdiction]))
    g.add((s, DCTERMS.publisher, Literal(r.publisher)))
    g.add((s, OWL.versionInfo, Literal(r.version)))
    g.add((s, DCTERMS.issued, date_literal(r.issued)))
    g.add((s, DCTERMS.source, source))
    g.add((s, DCTERMS.license, r.licence))
    for note in r.notes:
        g.add((s, SKOS.editorialNote, en(note)))
    for n, old in enumerate(r.replaces):
        old_iri = URIRef(f"{ID}{r.key}/version/{slug(old['version'])}")
        if n == 0:
            g.add((s, DCTERMS.replaces, old_iri))
        if old["url"] != (r.item_source or {}).get("url"):
            describe_source(
                g,
                old["url"],
                old.get("note") or f"{r.title}, version {old['version']}",
                r.publisher,
                old["version"],
                old["issued"],
                r.licence,
            )
        g.add((old_iri, RDF.type, CW.Regime))
        g.add((old_iri, DCTERMS.title, en(f"{r.title}, version {old['version']}")))
        g.add((old_iri, OWL.versionInfo, Literal(old["version"])))
        g.add((old_iri, DCTERMS.issued, date_literal(old["issued"])))
        g.add((old_iri, DCTERMS.source, URIRef(old["url"])))
        g.add((old_iri, DCTERMS.publisher, Literal(r.publisher)))
        g.add((old_iri, DCTERMS.license, r.licence))
        g.add((old_iri, CW.regimeKind, r.kind))
        if old.get("replaces"):
            g.add((old_iri, DCTERMS.replaces, URIRef(f"{ID}{r.key}/version/{slug(old['replaces'])}")))
        if old.get("note"):
            g.add((old_iri, SKOS.editorialNote, en(old["note"])))

    describe_source(g, r.source_url, r.source_title, r.publisher, r.version, r.issued, r.licence)
    if r.item_source:
        source = describe_source(
            g,
            r.item_source["url"],
            r.item_source["title"],
            r.publisher,
            r.item_source["version"],
            r.item_source["issued"],
            r.licence,
        )

    seen: set[str] = set()
    for it in r.items:
        if it.notation in seen:
            raise ValueError(f"{r.key}: duplicate notation {it.notation!r}")
        seen.add(it.notation)
        i = URIRef(f"{ID}{r.key}/{it.segment}") if it.segment else item_iri(r.key, it.notation)
        g.add((i, RDF.type, it.cls))
        g.add((i, SKOS.inScheme, s))
        g.add((i, SKOS.notation, Literal(it.notation)))
        g.add((i, SKOS.prefLabel, en(it.label)))
        if len(it.label) > SHORT:
            g.add((i, CW.shortLabel, en(cut_label(it.label))))
        if it.label_ja:
            g.add((i, SKOS.prefLabel, Literal(it.label_ja, lang="ja")))
        if it.text:
            g.add((i, SKOS.definition, en(it.text)))
        g.add((i, CW.level, Literal(it.level)))
        if it.position is not None:
            g.add((i, CW.position, Literal(it.position)))
        if it.broader:
            parent = item_iri(r.key, it.broader)
            g.add((i, SKOS.broader, parent))
            g.add((parent, SKOS.narrower, i))
        else:
            g.add((i, SKOS.topConceptOf, s))
            g.add((s, SKOS.hasTopConcept, i))
        for role in it.addressees:
            g.add((i, CW.addressee, ROLE[role]))
        g.add((i, DCTERMS.source, source))
        g.add((i, DCTERMS.license, r.licence))
        if r.transcribed_from:
            g.add((i, CW.transcribedFrom, Literal(r.transcribed_from)))
        for p, o in it.extra:
            g.add((i, p, o))
    for it in r.items:
        if it.broader and it.broader not in seen:
            raise ValueError(f"{r.key}: {it.notation} has unknown parent {it.broader!r}")
    return g


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


SHORT = 110  # a label longer than this also gets a cw:shortLabel, cut at a word boundary


def short_label(text: str, limit: int = SHORT) -> str:
    """A label for an item whose source prints no title: its whole text (never cut: every export and page then
    shows the full wording); regime_graph adds a shortened cw:shortLabel where the text is long."""
    del limit  # kept for callers that named a width; the cut is regime_graph's, at SHORT
    return " ".join(text.split()).rstrip(".")


def cut_label(label: str, limit: int = SHORT) -> str:
    """A long label cut at a word boundary, marked with an ellipsis: the optional short form."""
    cut = label[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


# ---------------------------------------------------------------- NIST AI RMF


def nist_ai_rmf(ref: Path) -> Regime:
    rows = read_csv(ref / "nist_ai_rmf_1_0.csv")
    r = Regime(
        key="nist-ai-rmf",
        title="NIST Artificial Intelligence Risk Management Framework (AI RMF 1.0)",
        kind=CW.Framework,
        jurisdiction="US",
        publisher="National Institute of Standards and Technology (NIST)",
        version="1.0",
        issued="2023-01-26",
        source_url="https://doi.org/10.6028/NIST.AI.100-1",
        source_title="NIST AI 100-1, Artificial Intelligence Risk Management Framework (AI RMF 1.0)",
        licence=LIC["us-government-work"],
        description="The AI RMF Core: 4 functions, 19 categories and 72 subcategories of outcomes for managing "
        "AI risks, and the 7 characteristics of trustworthy AI of Part 1, section 3.",
        transcribed_from=rows[0]["transcribed_from"],
    )
    position: dict[str | None, int] = {}
    for row in rows:
        level = row["level"]
        parent = row["parent"] or None
        position[parent] = position.get(parent, 0) + 1
        extra: list[tuple[URIRef, Literal | URIRef]] = []
        if row["text_note"]:
            extra.append((CW.textNote, en(row["text_note"])))
        if level == "function":
            label = row["notation"].capitalize()
        elif level == "trustworthiness_characteristic":
            label, level = row["text"], "characteristic"
        else:
            label = short_label(row["text"])
        text = "" if level == "characteristic" else row["text"]
        r.items.append(
            Item(
                notation=row["notation"],
                label=label,
                level=level,
                cls=CW.Provision if level == "characteristic" else CW.Requirement,
                text=text,
                broader=parent,
                position=position[parent],
                extra=extra,
            )
        )
    return r


# ---------------------------------------------------------------- G7 Hiroshima Process Code of Conduct


def g7_hcoc(ref: Path, checks: dict) -> Regime:
    rows = read_csv(ref / "g7_hiroshima_code_of_conduct.csv")
    check = checks.get("g7", {})
    r = Regime(
        key="g7-hcoc",
        title="Hiroshima Process International Code of Conduct for Organizations Developing Advanced AI Systems",
        kind=CW.CodeOfConduct,
        jurisdiction="G7",
        publisher="G7 (Hiroshima AI Process)",
        version="2023-10-30",
        issued="2023-10-30",
        source_url=rows[0]["source_url"],
        source_title="Hiroshima Process International Code of Conduct for Organizations Developing Advanced AI "
        "Systems",
        licence=LIC["quotation-with-attribution"],
        description="The eleven actions the G7 leaders asked organisations developing advanced AI systems to "
        "take, published with the G7 Leaders' Statement on the Hiroshima AI Process of 30 October 2023.",
        notes=[
            "Labels are editorial (the Code gives its actions no titles); definitions quote the lead "
            "sentence of each action."
        ],
    )
    for row in rows:
        fix = check.get(row["notation"], {})
        text = fix.get("text", row["text"])
        extra: list[tuple[URIRef, Literal | URIRef]] = []
        note = fix.get("note") or row["text_provenance"]
        extra.append((CW.verificationNote, en(note)))
        if not fix.get("confirmed", False):
            extra.append((CW.unverified, Literal(True)))
        r.items.append(
            Item(
                notation=row["notation"],
                label=row["short_label"],
                level="action",
                cls=CW.Requirement,
                text=text,
                position=int(row["number"]),
                addressees=["ai-developer"],
                extra=extra,
            )
        )
    return r


# ---------------------------------------------------------------- M/593


M593_SERVES = {
    1: ["Article 9"],
    2: ["Article 10"],
    3: ["Article 12"],
    4: ["Article 13"],
    5: ["Article 14"],
    6: ["Article 15"],
    7: ["Article 15"],
    8: ["Article 15"],
    9: ["Article 17", "Article 72"],
    10: ["Article 43"],
}


def m593(ref: Path, checks: dict) -> Regime:
    rows = read_csv(ref / "m593_standardisation_request_items.csv")
    check = checks.get("m593", {})
    r = Regime(
        key="m593",
        title="Standardisation request M/593 in support of Union policy on artificial intelligence",
        kind=CW.StandardisationRequest,
        jurisdiction="EU",
        publisher="European Commission",
        version=check.get("version", "C(2023) 3215"),
        issued="2023-05-22",
        source_url=check.get("source_url", rows[0]["source_url"]),
        source_title="Commission Implementing Decision C(2023) 3215 of 22.5.2023 on a standardisation request "
        "to the European Committee for Standardisation and the European Committee for Electrotechnical "
        "Standardisation in support of Union policy on artificial intelligence",
        licence=LIC["eu-reuse-notice"],
        description="The ten European standards or standardisation deliverables the Commission requested of "
        "CEN and CENELEC to support the requirements of the AI Act.",
        notes=check.get("notes", []),
        replaces=check.get("replaces", []),
    )
    if "source_title" in check:
        r.source_title = check["source_title"]
        r.issued = check["issued"]
    for row in rows:
        n = int(row["number"])
        fix = check.get(str(n), {})
        title = fix.get("title", row["title"])
        extra: list[tuple[URIRef, Literal | URIRef]] = [
            (CW.serves, item_iri("eu-ai-act", a)) for a in M593_SERVES[n]
        ]
        note = fix.get("note") or row["title_note"] or f"Wording from {row['transcribed_from']}."
        extra.append((CW.verificationNote, en(note)))
        if not fix.get("confirmed", False):
            extra.append((CW.unverified, Literal(True)))
        r.items.append(
            Item(
                notation=f"Item {n}",
                label=title[0].upper() + title[1:],
                level="item",
                cls=CW.StandardisationItem,
                text=title[0].upper() + title[1:] + ".",
                position=n,
                extra=extra,
            )
        )
    return r


# ---------------------------------------------------------------- EU AI Act


def split_paragraphs(text: str) -> dict[int, str]:
    """Split an article's text at its numbered paragraphs ('1. … 2. …'), taking numbers only in sequence."""
    marks: list[tuple[int, int, int]] = []
    expected, pos = 1, 0
    while True:
        m = re.compile(rf"(?:^|(?<=[.:;]\s)|(?<=[.:;]\s\s)){expected}\.\s+(?=[A-Z(\u2018\u201c])").search(
            text, pos
        )
        if not m:
            break
        marks.append((expected, m.start(), m.end()))
        expected, pos = expected + 1, m.end()
    out: dict[int, str] = {}
    for i, (n, _, end) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        out[n] = text[end:stop].strip()
    return out


def split_points(text: str, last: str) -> dict[str, str]:
    """Split a paragraph at its lettered points '(a) … (b) …' up to the given last letter."""
    letters = [chr(c) for c in range(ord("a"), ord(last) + 1)]
    marks: list[tuple[str, int, int]] = []
    pos = 0
    for letter in letters:
        m = re.compile(rf"(?:(?<=:\s)|(?<=;\s)|(?<=; or\s)|(?<=; and\s))\({letter}\)\s+").search(text, pos)
        if not m:
            raise ValueError(f"point ({letter}) not found")
        marks.append((letter, m.start(), m.end()))
        pos = m.end()
    out: dict[str, str] = {}
    for i, (letter, _, end) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        chunk = text[end:stop].strip()
        if i + 1 == len(marks):
            # the last point ends where the paragraph's closing subparagraph (if any) begins
            chunk = re.split(r"(?<=[.;])\s+(?=[A-Z])", chunk, maxsplit=1)[0]
        out[letter] = chunk.rstrip(";").removesuffix("; or").removesuffix("; and").strip()
    return out


def official_case(title: str) -> str:
    """A chapter title in sentence case as the OJ prints it (the catalogue has it in capitals): 'AI', 'EU' kept."""
    words = title.capitalize().split(" ")
    return " ".join({"ai": "AI", "eu": "EU", "ai-related": "AI-related"}.get(w, w) for w in words)


def article_text(text: str) -> str:
    """The article text with the exponents the HTML transcription flattened put back ('10 25' is 10^25)."""
    return re.sub(r"\b10 (2[0-9])\b", r"10^\1", text)


def eu_ai_act(ref: Path, checks: dict) -> Regime:
    cur = tomllib.loads((CURATION / "eu-ai-act.toml").read_text(encoding="utf-8"))
    check = checks.get("eu-ai-act", {})
    articles = read_csv(ref / "eu_ai_act_articles.csv")
    annex = read_csv(ref / "eu_ai_act_annex_iii.csv")
    r = Regime(
        key="eu-ai-act",
        title="Regulation (EU) 2024/1689 (Artificial Intelligence Act)",
        kind=CW.Law,
        jurisdiction="EU",
        publisher="European Parliament and Council of the European Union",
        version="OJ L 2024/1689, 12.7.2024",
        issued="2024-06-13",
        source_url="https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
        source_title="Regulation (EU) 2024/1689 of the European Parliament and of the Council of 13 June 2024 "
        "laying down harmonised rules on artificial intelligence (Artificial Intelligence Act)",
        licence=LIC["eu-reuse-notice"],
        description="Every article of the AI Act with its Official Journal title and text as published in 2024; "
        "the articles that place obligations on operators or decide classification carry their addressees, "
        "with paragraphs and points of their own where they differ in who must do what; Annex III with its 8 "
        "areas and 24 points, and Annex I as the product-safety route of Article 6(1). The versions (the 2024 "
        "text; as amended by Regulation (EU) 2026/1744), what each inserted, reworded or removed, and every "
        "date of application with its legal basis are in data/time/eu-ai-act.ttl.",
        transcribed_from=articles[0]["transcribed_from"],
        notes=check.get("notes", []),
    )
    kinds = {
        "requirement": CW.Requirement,
        "prohibition": CW.Prohibition,
        "scope": CW.ScopeCriterion,
        "provision": CW.Provision,
    }
    for row in articles:
        notation = row["notation"]
        c = cur["articles"].get(row["number"], {"kind": "provision"})
        chapter = f"Chapter {row['chapter']} {official_case(row['chapter_title'])}"
        if row["section"]:
            chapter += f", Section {row['section']} {row['section_title']}"

        extra: list[tuple[URIRef, Literal | URIRef]] = [(CW.chapter, Literal(chapter))]
        if row["note"]:
            extra.append((CW.textNote, en(row["note"])))
        r.items.append(
            Item(
                notation=notation,
                label=row["title"],
                level="article",
                cls=kinds[c["kind"]],
                text=article_text(row["text"]),
                position=int(row["number"]),
                addressees=c.get("addressees", []),
                extra=extra,
            )
        )
        paragraphs = split_paragraphs(article_text(row["text"]))
        for n in c.get("paragraphs", []):
            pn = f"{notation}({n})"
            roles = c.get("paragraph_addressees", {}).get(str(n), c.get("addressees", []))
            r.items.append(
                Item(
                    notation=pn,
                    label=f"{row['title']}, paragraph {n}",
                    level="paragraph",
                    cls=kinds[c["kind"]],
                    text=paragraphs[n],
                    broader=notation,
                    position=n,
                    addressees=roles,
                )
            )
        for para, last in c.get("points", {}).items():
            body = paragraphs[int(para)] if para else article_text(row["text"])
            parent = f"{notation}({para})" if para else notation
            for i, (letter, text) in enumerate(split_points(body, last).items(), start=1):
                pn = f"{parent}({letter})"
                r.items.append(
                    Item(
                        notation=pn,
                        label=f"{row['title']}, point ({letter})"
                        if not para
                        else f"{row['title']}, paragraph {para}, point ({letter})",
                        level="point",
                        cls=kinds[c["kind"]],
                        text=text,
                        broader=parent,
                        position=i,
                        addressees=c.get("addressees", []),
                    )
                )
    eu_annexes(r, annex, check, cur["annex_iii_labels"])
    return r


def eu_annexes(r: Regime, annex: list[dict[str, str]], check: dict, labels: dict[str, str]) -> None:
    """Annex III (areas and points, the Article 6(2) route) and Annex I (the Article 6(1) route)."""
    r.items.append(
        Item(
            notation="Annex III",
            label="High-risk AI systems referred to in Article 6(2)",
            level="annex",
            cls=CW.ScopeCriterion,
            text="High-risk AI systems pursuant to Article 6(2) are the AI systems listed in any of the "
            "following areas.",
            position=116,
            extra=[(DCTERMS.references, item_iri("eu-ai-act", "Article 6(2)"))],
        )
    )
    for row in annex:
        extra: list[tuple[URIRef, Literal | URIRef]] = []
        if row["condition"]:
            extra.append((CW.condition, en(row["condition"])))
        if row["level"] == "area":
            label, parent = row["name"], "Annex III"
        else:
            label = labels[f"{row['area']}({row['point']})"]
            parent = f"Annex III, point {row['area']}"
        r.items.append(
            Item(
                notation=row["notation"],
                label=label,
                level=row["level"],
                cls=CW.ScopeCriterion,
                text=row["text"],
                broader=parent,
                position=int(row["area"]) if row["level"] == "area" else ord(row["point"]) - ord("a") + 1,
                extra=extra,
            )
        )
    annex_i = check.get("annex_i", {})
    r.items.append(
        Item(
            notation="Annex I",
            label="List of Union harmonisation legislation",
            level="annex",
            cls=CW.ScopeCriterion,
            position=114,
            extra=[
                (DCTERMS.references, item_iri("eu-ai-act", "Article 6(1)")),
                (SKOS.scopeNote, en(annex_i.get("scope_note", ""))),
            ],
        )
    )
    for section in annex_i.get("sections", []):
        sn = f"Annex I, Section {section['letter']}"
        r.items.append(
            Item(
                notation=sn,
                label=section["title"],
                level="section",
                cls=CW.ScopeCriterion,
                broader="Annex I",
                position=ord(section["letter"]) - ord("A") + 1,
            )
        )
        for point in section["points"]:
            extra = [(CW.verificationNote, en(section["verification"]))]
            if not section.get("confirmed", False):
                extra.append((CW.unverified, Literal(True)))
            r.items.append(
                Item(
                    notation=f"{sn}, point {point['n']}",
                    label=f"{point['label']} ({point['act']})",
                    level="point",
                    cls=CW.ScopeCriterion,
                    broader=sn,
                    position=point["n"],
                    extra=extra,
                )
            )


# Japan (jp-aigfb, jp-ai-act, jp-ai-basic-plan, jp-sectors): tools/build_jp.py


# ---------------------------------------------------------------- standards


def standard_slug(designation: str) -> str:
    """A standard's IRI segment: its designation without year or version, so that it survives a new edition."""
    d = re.sub(r"\s+V\d+(\.\d+)*.*$", "", designation)
    d = re.sub(r":\d{4}$", "", d)
    return d


def standards(ref: Path, checks: dict) -> Regime:
    rows = read_csv(ref / "standards_catalog.csv")
    check = checks.get("standards", {})
    rows += check.get("add", [])
    r = Regime(
        key="standards",
        title="Standards serving AI governance (ISO/IEC, CEN-CENELEC JTC 21, ETSI, IEEE)",
        kind=CW.StandardsCatalogue,
        jurisdiction="INT",
        publisher="ai-crosswalk (catalogue compiled from publishers' records)",
        version=check.get("version", "2026-11-24"),
        issued=check.get("version", "2026-11-24"),
        source_url="https://w3id.org/ai-crosswalk/id/standards/catalogue",
        source_title="ai-crosswalk standards catalogue: designations, titles and status from the publishers' and "
        "national bodies' records named on each entry",
        licence=LIC["facts-only"],
        description="ISO/IEC JTC 1/SC 42 and related, CEN-CENELEC JTC 21, ETSI TC SAI and IEEE deliverables "
        "relevant to the AI Act and M/593: number, title, publisher, status and year only, never their text.",
        notes=check.get("notes", []),
    )
    for i, row in enumerate(rows, start=1):
        fix = check.get(row["designation"], {})
        row = {**row, **{k: v for k, v in fix.items() if k in row}}
        status = row["status"].lower()
        published = status.startswith("published")
        extra: list[tuple[URIRef, Literal | URIRef]] = [
            (CW.designation, Literal(row["designation"])),
            (DCTERMS.publisher, Literal(row["publisher"])),
            (CW.committee, Literal(row["committee"])),
            (CW.deliverableType, Literal(row["deliverable_type"])),
            (CW.standardStatus, CW.Published if published else CW.UnderDevelopment),
            (CW.stageNote, Literal(row["status"])),
            (CW.statusSource, Literal(fix.get("status_source", row["status_source"]))),
            (CW.recordConfidence, Literal(fix.get("confidence", row["confidence"]))),
        ]
        if row["status_date"]:
            extra.append((CW.statusDate, Literal(row["status_date"])))
        if fix.get("catalogue_url"):  # the publisher's or a national body's record of the deliverable
            extra.append((RDFS.seeAlso, URIRef(fix["catalogue_url"])))
        for citation in fix.get("oj_citations", []):  # OJ acts citing it as a harmonised standard
            extra.append((DCTERMS.isReferencedBy, URIRef(citation)))
        if row.get("notes"):
            extra.append((SKOS.editorialNote, en(row["notes"])))
        doubtful = "compiler recall" in row["status_source"] and not fix.get("confirmed", False)
        if doubtful or fix.get("unverified"):
            extra.append((CW.unverified, Literal(True)))
            extra.append(
                (
                    CW.verificationNote,
                    en(
                        fix.get(
                            "note",
                            "Status or title from the catalogue "
                            "compiler's recall; not confirmed against the "
                            "publisher's record.",
                        )
                    ),
                )
            )
        elif fix.get("note"):
            extra.append((CW.verificationNote, en(fix["note"])))
        r.items.append(
            Item(
                notation=row["designation"],
                segment=slug(standard_slug(row["designation"])),
                label=f"{row['designation']} {row['title']}",
                level="standard",
                cls=CW.Standard,
                position=i,
                extra=extra,
            )
        )
    return r


# ---------------------------------------------------------------- versions of the voluntary instruments built here

# NIST AI RMF 1.0 and the G7 Code of Conduct have one version each, in force (offered) from the day it was published;
# before it the instrument did not exist, so a report dated earlier leaves it out. Neither sets a date from which its
# items apply, so each item is dated from that day (inferred), as the other voluntary instruments are. Written to
# data/time/<key>.ttl beside the regime file; the version's act is the regime's own source document.
FIRST_VERSIONS: dict[str, dict[str, str]] = {
    "nist-ai-rmf": {
        "version": "1.0",
        "label": "NIST AI RMF 1.0 (NIST AI 100-1, January 2023)",
        "issued": "2023-01-26",
        "basis": "Release of the AI RMF 1.0 (NIST AI 100-1) by NIST, 26 January 2023",
        "inference": "The framework is voluntary and sets no date from which its outcomes apply; they are read as "
        "offered from its release.",
        "changes": "First version: AI RMF 1.0. The publication sets a two-number versioning scheme (1.0, minor "
        "revisions 1.1 ...) and announces a formal review no later than 2028 ('Update Schedule and Versions').",
        "unverified": "Checked 2026-11-29 with the project's search tool. NIST AI 100-1 prints 'January 2023' on its "
        "cover and 'AI RMF 1.0' in its title (read in copies of the publication). The day, 26 January 2023, is that "
        "of NIST's news release 'NIST Risk Management Framework Aims to Improve Trustworthiness of Artificial "
        "Intelligence' (nist.gov/news-events/news/2023/01/nist-risk-management-framework-aims-improve-"
        "trustworthiness-artificial; its text was read in a copy) as dated by those who cite it and by Osler "
        "(2 February 2023: 'On January 26, 2023, ... NIST released its AI Risk Management Framework (AI RMF 1.0)'); "
        "no NIST page showing the date was read directly.",
    },
    "g7-hcoc": {
        "version": "2023-10-30",
        "label": "Hiroshima Process International Code of Conduct (30 October 2023)",
        "issued": "2023-10-30",
        "basis": "Publication of the Code with the G7 Leaders' Statement on the Hiroshima AI Process, 30 October 2023",
        "inference": "The Code is voluntary and sets no date from which its actions apply; they are read as offered "
        "from its publication.",
        "changes": "First version: the eleven actions published with the G7 Leaders' Statement on the Hiroshima AI "
        "Process.",
        "unverified": "Checked 2026-11-29 with the project's search tool. The European Commission's page of the Code "
        "(digital-strategy.ec.europa.eu, 'Hiroshima Process International Code of Conduct for Advanced AI Systems') "
        "gives 'Publication 30 October 2023'; Jiji Press (30 October 2023) reports the G7 leaders' statement of that "
        "day agreeing the guiding principles and the Code. The MOFA pages (www.mofa.go.jp/ecm/ec/page5e_000076.html, "
        "the PDF www.mofa.go.jp/files/100573473.pdf) were not read here.",
    },
}


def first_version(r: Regime) -> tuple[Graph, int]:
    """The regime's one cw:RegimeVersion and its items' publication dates (data/time/<key>.ttl)."""
    v = FIRST_VERSIONS[r.key]
    g = new_graph()
    iri = URIRef(f"{ID}{r.key}/version/{slug(v['version'])}")
    g.add((iri, RDF.type, CW.RegimeVersion))
    g.add((iri, CW.versionOf, r.iri))
    g.add((iri, SKOS.prefLabel, en(v["label"])))
    g.add((iri, OWL.versionInfo, Literal(v["version"])))
    g.add((iri, DCTERMS.title, en(f"{r.title}, version {v['version']}")))
    g.add((iri, DCTERMS.issued, date_literal(v["issued"])))
    g.add((iri, DCTERMS.source, URIRef(r.source_url)))
    g.add((iri, DCTERMS.publisher, Literal(r.publisher)))
    g.add((iri, DCTERMS.license, r.licence))
    g.add((iri, CW.inForceFrom, Literal(v["issued"], datatype=XSD.date)))
    g.add((iri, CW.madeBy, URIRef(r.source_url)))
    g.add((iri, SKOS.changeNote, en(v["changes"])))
    g.add((iri, CW.unverified, Literal(True)))
    g.add((iri, CW.verificationNote, en(v["unverified"])))
    provisions = [provision_iri(r.key, it) for it in r.items]
    publication_dates(g, provisions, iri, v["issued"], v["basis"], r.source_url, v["inference"])
    return g, len(provisions)


# ---------------------------------------------------------------- main

BUILDERS = {
    "nist-ai-rmf": lambda ref, checks: nist_ai_rmf(ref),
    "eu-ai-act": eu_ai_act,
    "m593": m593,
    "g7-hcoc": g7_hcoc,
    "standards": standards,
}


def build(ref: Path, out: Path) -> Iterator[tuple[str, int]]:
    """Write one Turtle file per regime and yield (regime, number of items)."""
    checks = tomllib.loads((CURATION / "verification.toml").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    for key, builder in BUILDERS.items():
        regime = builder(ref, checks)
        g = regime_graph(regime)
        header = (
            f"# {regime.title}\n# Generated by tools/build_data.py from the reference catalogues and "
            "tools/curation/; edit those, not this file.\n"
        )
        (out / f"{key}.ttl").write_text(header + g.serialize(format="turtle"), encoding="utf-8")
        if key in FIRST_VERSIONS:
            time, _ = first_version(regime)
            path = out.parent / "time" / f"{key}.ttl"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                f"# Versions of {regime.title}\n# Generated by tools/build_data.py (FIRST_VERSIONS); edit that, "
                "not this file.\n" + time.serialize(format="turtle"),
                encoding="utf-8",
            )
        yield key, len(regime.items)


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=ROOT / "tools" / "reference",
        help="folder of the reference catalogues (default: tools/reference)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "data" / "regimes",
        help="folder to write the regime files to (default: data/regimes)",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    for key, n in build(args.reference, args.out):
        print(f"{key:<14} {n:>5} items")


if __name__ == "__main__":
    main()
