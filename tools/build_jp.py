"""Build Japan's regimes (data/regimes/jp-*.ttl) and the guideline's own cross-references.

Run by hand when a source or a curation file changes:  python tools/build_jp.py [--reference DIR]
* jp-aigfb: AI Guidelines for Business, the whole guideline: Part 2 C (common guiding principles) and D
  (advanced AI systems) from the reference catalogues, Parts 3 (AI developers), 4 (AI providers) and 5 (AI
  business users) parsed from the Ver1.1 English text, and the versions 1.0, 1.01, 1.1 and 1.2;
* jp-ai-act: Act No. 53 of 2025, its 28 articles with the Ministry of Justice's English translation and whom each
  binds (tools/curation/jp/jp-ai-act.csv);
* jp-ai-basic-plan: the AI Basic Plan (Cabinet decision of 23 December 2025), its principles and basic policies
  (tools/curation/jp/jp-ai-basic-plan.csv);
* jp-sectors: the eight candidate sectors, sourced to the 2024 NEC paper that names them.
`cross_references()` gives tools/build_crosswalks.py the common principles each Part 3-5 item cites, imported
as a mapping set attributed to MIC and METI (as the Part 2 D cross-references are).
"""

from __future__ import annotations

import argparse
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from build_data import (
    CURATION,
    CW,
    ID,
    LIC,
    ROOT,
    Item,
    Regime,
    date_literal,
    describe_source,
    en,
    item_iri,
    new_graph,
    provision_iri,
    publication_dates,
    read_csv,
    regime_graph,
    short_label,
    slug,
)
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

REFERENCE = ROOT / "tools" / "reference"
TEXT = "texts/jp-ai-guidelines-for-business-v1.1-en.txt"
JP = CURATION / "jp"
ROLES = ["ai-developer", "ai-provider", "ai-business-user"]
PARTS = {
    "3": ("D", "ai-developer", "Matters Related to AI Developers"),
    "4": ("P", "ai-provider", "Matters Related to AI Providers"),
    "5": ("U", "ai-business-user", "Matters Related to AI Business Users"),
}
ITEM = re.compile(r"^\s*(?:\S\s+)?([DPU])-(\d{1,2})\) ([ivx]+)\.\s+(.+?)\s*$")
STAGE = re.compile(r"^\s*\u26ab\s+((?:When|During|After)\b.*?)\s*$")
CODE_MATTER = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI)\.\s+(.+?)\s*$")
CITED = re.compile(r"\u201c(\d{1,2})\)")


def private_bullet(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def strip_footnote_digits(text: str, numbers: Iterable[str]) -> str:
    """Remove footnote numbers the PDF extraction glued to the word or full stop before them."""
    for n in sorted(set(numbers), key=len, reverse=True):
        text = re.sub(rf"(?<=[A-Za-z.\u201d)]){n}(?=[\s.,]|$)", "", text)
    return text


# ---------------------------------------------------------------- the guideline's text


def clean_lines(lines: list[str]) -> tuple[list[str], set[str]]:
    """Drop page numbers and footnote blocks; return the lines left and the footnote numbers seen."""
    out: list[str] = []
    notes: set[str] = set()
    skipping = False
    for line in lines:
        if re.fullmatch(r"\s{20,}\d{1,3}\s*", line):
            skipping = False
            continue
        if re.fullmatch(r"\d{2,3}", line):
            notes.add(line)
            skipping = True
            continue
        if not skipping and line.strip():
            out.append(line)
    return out, notes


def render(lines: list[str]) -> str:
    """One item's body lines as one text: bullets as a bullet sign, nested bullets as an en dash."""
    parts: list[str] = []
    for line in lines:
        s = line.strip()
        if s and private_bullet(s[0]):
            parts.append("\n• " + s[1:].strip())
        elif s.startswith("\u26ab") or s.startswith("\u27a2"):
            parts.append("\n\u2013 " + s[1:].strip())
        else:
            parts.append(" " + s)
    text = " ".join("".join(parts).replace("\n", " ").split())
    return re.sub(r"(?<=[a-z])- (?=[a-z])", "-", text)


@dataclass
class Matter:
    notation: str
    title: str
    part: str
    stages: list[str] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)
    expected_efforts: bool = False


def part_lines(text: str, part: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith(f"Part {part} Matters") and "...." not in x)
    nxt = str(int(part) + 1)
    end = next(
        (i for i, x in enumerate(lines) if x.startswith(f"Part {nxt} Matters") and "...." not in x),
        len(lines),
    )
    return lines[start + 1 : end]


def parse_part(text: str, part: str) -> tuple[str, list[Matter], list[tuple[str, str, str]], set[str]]:
    """The part's introduction, its matters in order (a matter printed twice is merged), the Code of Conduct
    matters Part 3 adds, and the footnote numbers seen."""
    raw, notes = clean_lines(part_lines(text, part))
    intro: list[str] = []
    matters: dict[str, Matter] = {}
    current: Matter | None = None
    stage = ""
    efforts = False
    code: list[tuple[str, str, str]] = []
    in_code = False
    title_open = False
    for line in raw:
        s = line.strip()
        if s.startswith("The matters important for"):
            current = None
            continue
        if s.startswith("The matters at which"):
            efforts, current = True, None
            continue
        if s.startswith("Additional matters described in"):
            in_code, current = True, None
            continue
        if s.startswith("Incidentally,"):
            break
        if in_code:
            m = CODE_MATTER.match(s)
            if m:
                code.append([m.group(1), m.group(2), ""])  # type: ignore[arg-type]
            elif s.startswith("A \u201creporting framework\u201d"):
                break
            elif code:
                code[-1][2 if code[-1][2] or s.startswith("\u27a2") else 1] += " " + s  # type: ignore[index]
            continue
        m = STAGE.match(line)
        if m and not line.startswith(" " * 8):
            stage, current = m.group(1), None
            continue
        m = ITEM.match(line)
        if m:
            notation = f"{m.group(1)}-{m.group(2)}) {m.group(3)}."
            current = matters.setdefault(
                notation, Matter(notation, m.group(4), part, expected_efforts=efforts)
            )
            if stage and stage not in current.stages and not efforts:
                current.stages.append(stage)
            current.body.append([])
            title_open = True
            continue
        if current is None:
            if not matters and not stage:
                intro.append(s)
            continue
        bullet = bool(s) and (private_bullet(s[0]) or s.startswith(("\u26ab", "\u27a2")))
        if title_open and not bullet and not current.body[-1]:
            if len(current.body) == 1:
                current.title += " " + s
            continue
        title_open = False
        current.body[-1].append(line)
    introduction = " ".join(intro)
    cleaned = [
        (n, " ".join(lead.split()), " ".join(rest.replace("\u27a2", "").split())) for n, lead, rest in code
    ]
    return introduction, list(matters.values()), cleaned, notes


def matter_text(m: Matter, notes: set[str]) -> str:
    texts = [strip_footnote_digits(render(body), notes) for body in m.body]
    if len(texts) > 1 and len(m.stages) == len(texts):
        return " ".join(f"[{stage}] {t}" for stage, t in zip(m.stages, texts, strict=True))
    return " ".join(texts)


def matter_segment(notation: str) -> str:
    """'D-2) i.' -> 'D-2-i'."""
    return slug(notation).rstrip(".")


def cited_principles(text: str) -> list[str]:
    seen: list[str] = []
    for n in CITED.findall(text):
        if n not in seen and 1 <= int(n) <= 10:
            seen.append(n)
    return seen


# Table 1 lists a matter again under another principle without printing it again in the Part.
REPEATS = {
    "D-2) i.": "Table 1 of Part 2 lists this matter again under 4) Privacy protection as the AI developer's "
    "matter i. ('Repeat of D-2) i.'); Part 3 prints it once, here.",
}


def per_actor(ref: Path) -> tuple[list[Item], dict[str, list[str]]]:
    """Parts 3-5 as items, and for each matter the common principles it cites."""
    text = (ref / TEXT).read_text(encoding="utf-8")
    items: list[Item] = []
    cites: dict[str, list[str]] = {}
    for part, (letter, role, title) in PARTS.items():
        intro, matters, code, notes = parse_part(text, part)
        heading = f"Part {part}"
        items.append(
            Item(
                notation=heading,
                label=title,
                level="part",
                cls=CW.Requirement,
                text=strip_footnote_digits(intro, notes),
                position=int(part),
                addressees=[role],
            )
        )
        for n, m in enumerate(matters, start=1):
            if not m.notation.startswith(letter):
                raise ValueError(f"{m.notation} printed in Part {part}")
            body = matter_text(m, notes)
            extra: list[tuple[URIRef, Literal | URIRef]] = []
            if m.stages:
                extra.append(
                    (SKOS.scopeNote, en("Stage, as the guideline groups it: " + "; ".join(m.stages)))
                )
            if m.notation in REPEATS:
                extra.append((SKOS.note, en(REPEATS[m.notation])))
            if m.expected_efforts:
                extra.append(
                    (SKOS.scopeNote, en("A matter at which AI developers are expected to make efforts."))
                )
            items.append(
                Item(
                    notation=m.notation,
                    segment=matter_segment(m.notation),
                    label=f"{m.notation} " + " ".join(m.title.split()),
                    level="matter",
                    cls=CW.Requirement,
                    text=body,
                    broader=heading,
                    position=n,
                    addressees=[role],
                    extra=extra,
                )
            )
            cites[m.notation] = cited_principles(body)
        for k, (numeral, lead, rest) in enumerate(code, start=1):
            items.append(
                Item(
                    notation=f"{numeral}.",
                    segment=f"Part-3-{numeral}",
                    label=f"{numeral}. " + short_label(lead, 100),
                    level="code-of-conduct-matter",
                    cls=CW.Requirement,
                    text=f"{lead} \u2022 {rest}",
                    broader=heading,
                    position=100 + k,
                    addressees=["ai-developer"],
                    extra=[
                        (
                            SKOS.scopeNote,
                            en(
                                "Part 3: a matter the Hiroshima Process International Code of Conduct adds to Part 2 D, "
                                "for AI developers who develop advanced AI systems."
                            ),
                        )
                    ],
                )
            )
    return items, cites


# ---------------------------------------------------------------- versions


def version_iri(key: str, v: dict) -> URIRef:
    return URIRef(f"{ID}{key}/version/{v.get('slug') or slug(v['version'])}")


def versions_graph(r: Regime, versions: list[dict], regime: Graph) -> Graph:
    """The regime's cw:RegimeVersion resources (data/time/<key>.ttl), each replacing the one before. The older
    ones are typed cw:Regime as well, since the regime's dcterms:replaces has always pointed at them; the regime
    itself (written to ``regime``) replaces the version its current version replaces."""
    g = new_graph()
    by_version = {v["version"]: v for v in versions}
    for v in versions:
        iri = version_iri(r.key, v)
        g.add((iri, RDF.type, CW.RegimeVersion))
        g.add((iri, CW.versionOf, r.iri))
        g.add((iri, SKOS.prefLabel, en(v.get("label") or f"{r.title}, version {v['version']}")))
        g.add((iri, OWL.versionInfo, Literal(v["version"])))
        g.add((iri, DCTERMS.title, en(f"{r.title}, version {v['version']}")))
        g.add((iri, DCTERMS.issued, date_literal(v["issued"])))
        g.add((iri, DCTERMS.source, URIRef(v["url"])))
        g.add((iri, DCTERMS.publisher, Literal(r.publisher)))
        g.add((iri, DCTERMS.license, r.licence))
        in_force = v.get("in_force_from", v["issued"])
        g.add((iri, CW.inForceFrom, Literal(in_force, datatype=XSD.date)))
        source = URIRef(v["url"])
        title = v.get("made_by_title", f"{r.title}, version {v['version']}")
        if (source, RDF.type, CW.SourceDocument) not in regime:
            source_title = v.get("source_title", title)
            describe_source(g, v["url"], source_title, r.publisher, v["version"], v["issued"], r.licence)
        made = URIRef(v.get("made_by", v["url"]))
        g.add((iri, CW.madeBy, made))
        if made != source:
            g.add((made, DCTERMS.title, en(title)))
        if v.get("replaces"):
            g.add((iri, DCTERMS.replaces, version_iri(r.key, by_version[v["replaces"]])))
        for note in v.get("changes", []):
            g.add((iri, SKOS.changeNote, en(note)))
        if v.get("english"):
            g.add((iri, SKOS.note, en(v["english"])))
        if v.get("unverified"):
            g.add((iri, CW.unverified, Literal(True)))
            g.add((iri, CW.verificationNote, en(v["unverified"])))
        if v["version"] != r.version:
            g.add((iri, RDF.type, CW.Regime))
            g.add((iri, CW.regimeKind, r.kind))
    current = by_version.get(r.version, {})
    if current.get("replaces"):
        regime.add((r.iri, DCTERMS.replaces, version_iri(r.key, by_version[current["replaces"]])))
    return g


def application_dates(
    g: Graph, r: Regime, version: dict, dates: dict[str, str], basis: dict[str, str], act: str
) -> None:
    """Each article: introduced in the version that enacted it, and from when it applies, on what basis."""
    v = version_iri(r.key, version)
    for it in r.items:
        provision = item_iri(r.key, it.notation)
        date = dates[it.notation]
        g.add((provision, CW.introducedIn, v))
        statement = URIRef(f"{provision}/applies/{version.get('slug') or slug(version['version'])}")
        g.add((statement, RDF.type, CW.ApplicationDate))
        g.add((statement, CW.dateOf, provision))
        g.add((statement, CW.inVersion, v))
        g.add((statement, CW.date, Literal(date, datatype=XSD.date)))
        g.add((statement, CW.basisText, Literal(basis[date])))
        g.add((statement, CW.basisAct, URIRef(act)))
        g.add((statement, CW.inferred, Literal(False)))


# ---------------------------------------------------------------- AI Guidelines for Business


def jp_aigfb(ref: Path, cur: dict) -> tuple[Regime, dict[str, list[str]]]:
    common = read_csv(ref / "jp_ai_guidelines_common_principles.csv")
    advanced = read_csv(ref / "jp_ai_guidelines_advanced_ai_principles.csv")
    g = cur["jp-aigfb"]
    r = Regime(
        key="jp-aigfb",
        title="AI Guidelines for Business",
        kind=CW.Guideline,
        jurisdiction="JP",
        publisher="Ministry of Internal Affairs and Communications (MIC) and Ministry of Economy, Trade and "
        "Industry (METI), Japan",
        version=g["version"],
        issued=g["issued"],
        source_url=g["source_url"],
        source_title=g["source_title"],
        licence=LIC["japan-government-terms"],
        description="Japan's AI Guidelines for Business: the ten common guiding principles with their sub-items "
        "(Part 2 C), the twelve principles for AI business actors involved in advanced AI systems (Part 2 D), "
        "and the matters important for each actor: AI developers (Part 3), AI providers (Part 4) and AI business "
        "users (Part 5), each citing the common principles it serves.",
        transcribed_from=common[0]["transcribed_from"],
        notes=g["notes"],
        item_source={
            "url": g["item_source_url"],
            "title": g["item_source_title"],
            "version": g["item_source_version"],
            "issued": g["item_source_issued"],
        },
    )
    ja_sub = g.get("sub_item_ja", {})
    footnoted = g["footnote_digits"]
    for row in common:
        is_principle = row["level"] == "principle"
        text = row["text"]
        if row["notation"] in footnoted:
            text = strip_footnote_digits(text, footnoted[row["notation"]])
        r.items.append(
            Item(
                notation=row["notation"],
                label=row["title"],
                label_ja=row["title_ja"] or ja_sub.get(row["notation"]),
                level="principle" if is_principle else "sub-item",
                cls=CW.Requirement,
                text=text,
                broader=None if is_principle else f"{row['principle']})",
                position=int(row["principle"] if is_principle else row["sub_item"]),
                addressees=ROLES,
            )
        )
    for row in advanced:
        last = row["notation"] == "XII)"
        r.items.append(
            Item(
                notation=row["notation"],
                label=short_label(row["text"], 100),
                level="advanced-ai-principle",
                cls=CW.Requirement,
                text=row["text"],
                position=10 + int(row["number"]),
                addressees=ROLES,
                extra=[(SKOS.scopeNote, en(g["d_scope_all"] if last else g["d_scope"]))],
            )
        )
    items, cites = per_actor(ref)
    r.items += items
    return r, cites


# ---------------------------------------------------------------- the Act and the Basic Plan


def jp_ai_act(cur: dict) -> Regime:
    a = cur["jp-ai-act"]
    r = Regime(
        key="jp-ai-act",
        title=a["title"],
        kind=CW.Law,
        jurisdiction="JP",
        publisher=a["publisher"],
        version=a["version"],
        issued=a["issued"],
        source_url=a["source_url"],
        source_title=a["source_title"],
        licence=LIC[a["licence"]],
        description=a["description"],
        notes=a["notes"],
        item_source=a["item_source"],
    )
    for row in read_csv(JP / "jp-ai-act.csv"):
        extra: list[tuple[URIRef, Literal | URIRef]] = [
            (SKOS.scopeNote, en("Binds: " + row["binds"])),
        ]
        if row["chapter"]:
            extra.append((SKOS.note, en(row["chapter"])))
        if row["label_note"]:
            extra.append((SKOS.editorialNote, en(row["label_note"])))
        r.items.append(
            Item(
                notation=f"Article {row['article']}",
                label=row["title"],
                label_ja=row["title_ja"] or None,
                level="article",
                cls=CW.Requirement,
                text=row["text"],
                position=int(row["article"]),
                addressees=[x for x in row["roles"].split() if x],
                extra=extra,
            )
        )
    return r


def jp_ai_basic_plan(cur: dict) -> Regime:
    p = cur["jp-ai-basic-plan"]
    r = Regime(
        key="jp-ai-basic-plan",
        title=p["title"],
        kind=CW.Guideline,
        jurisdiction="JP",
        publisher=p["publisher"],
        version=p["version"],
        issued=p["issued"],
        source_url=p["source_url"],
        source_title=p["source_title"],
        licence=LIC["japan-government-terms"],
        description=p["description"],
        notes=p["notes"],
    )
    for n, row in enumerate(read_csv(JP / "jp-ai-basic-plan.csv"), start=1):
        extra: list[tuple[URIRef, Literal | URIRef]] = [
            (SKOS.scopeNote, en("Binds: " + row["binds"])),
            (SKOS.editorialNote, en(p["summary_note"])),
        ]
        if row["unverified"]:
            extra += [(CW.unverified, Literal(True)), (CW.verificationNote, en(row["unverified"]))]
        r.items.append(
            Item(
                notation=row["notation"],
                label=row["title"],
                label_ja=row["title_ja"] or None,
                level=row["level"],
                cls=CW.Requirement,
                text=row["summary"],
                broader=row.get("broader") or None,
                position=n,
                extra=extra,
            )
        )
    return r


def jp_sectors(ref: Path, cur: dict) -> Regime:
    rows = read_csv(ref / "jp_candidate_sectors.csv")
    ja = cur["jp-sectors"]["ja"]
    r = Regime(
        key="jp-sectors",
        title="Japan: candidate high-risk sectors for individual AI rules",
        kind=CW.PolicyConsideration,
        jurisdiction="JP",
        publisher="NEC Corporation (NEC Technical Journal)",
        version="2024-06",
        issued="2024-06-01",
        source_url="https://www.nec.com/en/global/techrep/journal/g24/n02/g2402pa.html",
        source_title="Tabe et al., 'Movements in AI Standardization and Rule Making and NEC Initiatives', NEC "
        "Technical Journal Vol. 17 No. 2 (June 2024), section 2.3",
        licence=LIC["facts-with-citation"],
        description="The eight sectors for which, as the NEC paper reports, Japan was considering individual "
        "rules for high-risk AI. A policy under consideration, not a rule in force; the sectors are not named "
        "in the AI Guidelines for Business, in Act No. 53 of 2025 or in the AI Basic Plan.",
        notes=[rows[0]["status"], cur["jp-sectors"]["status_note"]],
    )
    for row in rows:
        name = row["sector"]
        r.items.append(
            Item(
                notation=name,
                label=name.capitalize(),
                label_ja=ja.get(name),
                level="sector",
                cls=CW.ScopeCriterion,
                text="",
                position=int(row["id"]),
                extra=[(SKOS.exactMatch, URIRef(f"{ID}vocab/sector/{name}"))],
            )
        )
    return r


# ---------------------------------------------------------------- cross-references for build_crosswalks.py

CROSS_REFERENCES = {
    "aigfb-per-actor-cross-references": (
        "AI Guidelines for Business: cross-references of Parts 3-5 to the common guiding principles",
        "The common principles MIC and METI print in parentheses after each matter for AI developers (Part 3), "
        "AI providers (Part 4) and AI business users (Part 5) of Ver1.1, imported as intersectsWith.",
        "mic-meti",
        "https://www.meti.go.jp/shingikai/mono_info_service/ai_shakai_jisso/pdf/20240419_14.pdf",
        URIRef(ID + "licence/japan-government-terms"),
    )
}


def cross_references(
    items: dict[str, str], add_mapping: Callable, mapping_iri: Callable, ref: Path = REFERENCE
) -> dict[str, tuple[Graph, int, int]]:
    """The principles each Part 3-5 matter cites, as mappings attributed to the guideline's publishers
    (tools/build_crosswalks.py passes its add_mapping and mapping_iri)."""
    _, cites = per_actor(ref)
    g = Graph()
    used = skipped = 0
    for notation, principles in cites.items():
        subject = items.get("jp-aigfb:" + matter_segment(notation))
        for n in principles:
            obj = items.get(f"jp-aigfb:{n}")
            if subject is None or obj is None:
                skipped += 1
                continue
            used += 1
            add_mapping(
                g, mapping_iri("aigfb-per-actor-cross-references", subject, obj, "mic-meti"), subject,
                "intersectsWith", obj, "semantic", "0.9",
                f"The guideline prints principle {n}) after matter {notation} as one it serves.",
                "mic-meti", "aigfb-per-actor-cross-references",
            )  # fmt: skip
    return {"aigfb-per-actor-cross-references": (g, used, skipped)}


# ---------------------------------------------------------------- main


def regime_file(
    r: Regime, out: Path, versions: list[dict] | None = None, extra: Graph | None = None
) -> Graph:
    """Write the regime to out/<key>.ttl and its versions to out/../time/<key>.ttl; return the versions graph."""
    g = regime_graph(r)
    if extra is not None:
        g += extra
    time = versions_graph(r, versions, g) if versions else None
    header = (
        f"# {r.title}\n# Generated by tools/build_jp.py from the reference catalogues and tools/curation/jp/; "
        "edit those, not this file.\n"
    )
    (out / f"{r.key}.ttl").write_text(header + g.serialize(format="turtle"), encoding="utf-8")
    return time or new_graph()


def write_time(r: Regime, out: Path, g: Graph) -> None:
    header = f"# Versions of {r.title}\n# Generated by tools/build_jp.py from tools/curation/jp/; edit those, not this.\n"
    path = out.parent / "time" / f"{r.key}.ttl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + g.serialize(format="turtle"), encoding="utf-8")


def licence_graph(cur: dict) -> Graph:
    g = Graph()
    for key, (label, url) in cur["licences"].items():
        lic = LIC[key]
        g.add((lic, RDF.type, DCTERMS.LicenseDocument))
        g.add((lic, RDFS.label, Literal(label, lang="en")))
        g.add((lic, RDFS.seeAlso, URIRef(url)))
    return g


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference", type=Path, default=REFERENCE, help="folder of the reference catalogues"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "regimes", help="folder to write to")
    args = parser.parse_args(list(argv) if argv is not None else None)
    cur = tomllib.loads((JP / "jp.toml").read_text(encoding="utf-8"))
    aigfb, _ = jp_aigfb(args.reference, cur)
    act = jp_ai_act(cur)
    plan = jp_ai_basic_plan(cur)
    for r, versions, extra in [
        (aigfb, cur["jp-aigfb"]["versions"], None),
        (act, cur["jp-ai-act"]["versions"], licence_graph(cur)),
        (plan, cur["jp-ai-basic-plan"]["versions"], None),
    ]:
        time = regime_file(r, args.out, versions, extra)
        if r is aigfb:
            # A guideline sets no date of application: its matters are offered from Ver1.0's publication, so a
            # report on an earlier day shows them as not yet in force.
            first = versions[0]
            publication_dates(
                time,
                [provision_iri(r.key, it) for it in r.items],
                version_iri(r.key, first),
                first["issued"],
                f"Publication of {first['label']} by MIC and METI",
                first["url"],
                "The guideline sets no date from which its matters apply (it is voluntary); they are read as "
                "offered from the day Ver1.0 was published.",
            )
        if r is act:
            a = cur["jp-ai-act"]
            dates = {
                f"Article {row['article']}": row["applies_from"] for row in read_csv(JP / "jp-ai-act.csv")
            }
            application_dates(time, act, versions[0], dates, a["applies_from_basis"], a["source_url"])
        write_time(r, args.out, time)
    sectors = jp_sectors(args.reference, cur)
    regime_file(sectors, args.out)
    counts = {r.key: len(r.items) for r in (aigfb, act, plan, sectors)}
    for key, n in counts.items():
        print(f"{key:<18} {n:>5} items")


if __name__ == "__main__":
    main()
