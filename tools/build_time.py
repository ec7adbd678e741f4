"""Build data/time/<regime>.ttl from tools/curation/time/<regime>.toml: a regime's versions, the provisions a
version introduces or rewords, and per version the date each provision applies from, for which case, on what basis.

Run by hand when a curation file changes:  python tools/build_time.py [--reference DIR]
Provisions are selected by article, chapter or section as the reference catalogue of the Act lists them.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from build_data import CW, ID, ROOT, describe_source, en, new_graph, read_csv
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

CURATION = Path(__file__).resolve().parent / "curation" / "time"
OUT = ROOT / "data" / "time"
CASE = f"{ID}vocab/application-case/"


def short(sid: str) -> URIRef:
    regime, _, rest = sid.partition(":")
    return URIRef(f"{ID}{regime}/{rest}")


def selected(spec: dict[str, Any], articles: list[dict[str, str]]) -> list[URIRef]:
    """The provisions a date statement is about."""
    out = [short(p) for p in spec.get("provisions", [])]
    for row in articles:
        number = int(row["number"])
        if number in spec.get("except_articles", []):
            continue
        chapter, section = row["chapter"], row["section"]
        if (
            spec.get("all")
            or chapter in spec.get("chapters", [])
            or f"{chapter}/{section}" in spec.get("sections", [])
            or number in spec.get("articles", [])
        ):
            out.append(URIRef(f"{ID}{spec['regime']}/Article-{number}"))
    return out


def changes(cur: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The change entries of the acts' curation files, by the notation they give (new_notation, else target)."""
    out: dict[str, dict[str, Any]] = {}
    for act in cur["acts"].values():
        if act.get("changes"):
            for change in tomllib.loads((CURATION.parent / act["changes"]).read_text(encoding="utf-8"))[
                "change"
            ]:
                out.setdefault(change.get("new_notation") or change["target"], change)
    return out


def wording(entry: dict[str, Any], known: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """The (title, text) of a provision as an amending act words it: its own, or its change entry's verbatim text
    (an inserted or replaced article's heading lines 'Article N' and its title taken off the text)."""
    if "text" in entry:
        return entry.get("label", ""), entry["text"]
    change = known[entry["change"]]
    lines = [line.strip() for line in change["text"].strip().splitlines()]
    title = ""
    if len(lines) > 2 and re.fullmatch(r"Article \d+[a-z]?", lines[0]):
        title, lines = lines[1], lines[2:]
    return title, " ".join(lines)


def build(path: Path, reference: Path) -> tuple[str, int]:
    cur = tomllib.loads(path.read_text(encoding="utf-8"))
    known = changes(cur)
    key = cur["regime"]
    articles = read_csv(reference / "eu_ai_act_articles.csv") if key == "eu-ai-act" else []
    g = new_graph()
    g.bind("case", URIRef(CASE))
    g.bind(key.replace("-", ""), URIRef(f"{ID}{key}/"))
    regime = URIRef(ID + key)
    version_iri = {v["slug"]: URIRef(f"{ID}{key}/version/{v['slug']}") for v in cur["versions"]}
    acts = {slug: URIRef(a["eli"]) for slug, a in cur["acts"].items()}
    for act in cur["acts"].values():
        a = describe_source(
            g,
            act["eli"],
            act["title"],
            act["publisher"],
            act["version"],
            act["issued"],
            URIRef(act["licence"]),
        )
        if act.get("published"):
            g.add((a, CW.publishedOn, Literal(act["published"], datatype=XSD.date)))
        if act.get("note"):
            g.add((a, CW.verificationNote, en(act["note"])))
        if act.get("unverified"):
            g.add((a, CW.unverified, Literal(True)))
    for v in cur["versions"]:
        s = version_iri[v["slug"]]
        g.add((s, RDF.type, CW.RegimeVersion))
        g.add((s, CW.versionOf, regime))
        g.add((s, SKOS.prefLabel, en(v["label"])))
        g.add((s, CW.madeBy, acts[v["act"]]))
        g.add((s, DCTERMS.issued, Literal(cur["acts"][v["act"]]["issued"], datatype=XSD.date)))
        g.add((s, CW.inForceFrom, Literal(v["in_force"], datatype=XSD.date)))
        g.add((s, CW.inForceBasis, en(v["in_force_basis"])))
        if v.get("replaces"):
            g.add((s, DCTERMS.replaces, version_iri[v["replaces"]]))
    for p in cur.get("provisions", []):
        i = short(p["id"])
        g.add((i, RDF.type, CW[p.get("class", "Requirement")]))
        g.add((i, SKOS.inScheme, regime))
        g.add((i, SKOS.notation, Literal(p["notation"])))
        g.add((i, SKOS.prefLabel, en(p["label"])))
        g.add((i, SKOS.definition, en(wording(p, known)[1])))
        g.add((i, CW.level, Literal(p["level"])))
        g.add((i, CW.position, Literal(p["position"])))
        g.add((i, CW.introducedIn, version_iri[p["version"]]))
        g.add((i, DCTERMS.source, acts[p["act"]]))
        g.add((i, DCTERMS.license, URIRef(f"{ID}licence/eu-reuse-notice")))
        for role in p.get("addressees", []):
            g.add((i, CW.addressee, URIRef(f"{ID}vocab/role/{role}")))
        if p.get("broader"):
            g.add((i, SKOS.broader, short(p["broader"])))
        else:
            g.add((i, SKOS.topConceptOf, regime))
        if p.get("note"):
            g.add((i, CW.verificationNote, en(p["note"])))
        if not p.get("confirmed", True):
            g.add((i, CW.unverified, Literal(True)))
    for t in cur.get("texts", []):
        provision = short(t["id"])
        s = URIRef(f"{provision}/text/{t['version']}")
        g.add((s, RDF.type, CW.ProvisionText))
        g.add((s, CW.textOf, provision))
        g.add((s, CW.inVersion, version_iri[t["version"]]))
        title, text = wording(t, known)
        if t.get("label") or title:
            g.add((s, SKOS.prefLabel, en(t.get("label") or title)))
        g.add((s, SKOS.definition, en(text)))
        g.add((s, DCTERMS.source, acts[t["act"]]))
        if t.get("note"):
            g.add((s, CW.verificationNote, en(t["note"])))
        if not t.get("confirmed", True):
            g.add((s, CW.unverified, Literal(True)))
    for removal in cur.get("removals", []):
        g.add((short(removal["id"]), CW.removedIn, version_iri[removal["version"]]))
    statements = 0
    # The general date ("It shall apply from ...") covers only what no exception of the same version, for
    # every case, covers: one statement per provision, version and case.
    covered: dict[str, set[URIRef]] = {}
    for spec in cur["dates"]:
        if not spec.get("all") and not spec.get("case"):
            covered.setdefault(spec["version"], set()).update(selected({**spec, "regime": key}, articles))
    for spec in cur["dates"]:
        spec = {**spec, "regime": key}
        for provision in selected(spec, articles):
            if spec.get("all") and provision in covered.get(spec["version"], set()):
                continue
            digest = hashlib.sha1(
                repr((spec["version"], spec.get("case", ""), spec.get("until", ""))).encode(),
                usedforsecurity=False,
            ).hexdigest()[:8]
            s = URIRef(f"{provision}/applies/{spec['version']}-{digest}")
            g.add((s, RDF.type, CW.ApplicationDate))
            g.add((s, CW.dateOf, provision))
            g.add((s, CW.inVersion, version_iri[spec["version"]]))
            g.add((s, CW.date, Literal(spec["date"], datatype=XSD.date)))
            g.add((s, CW.basisText, Literal(spec["basis"])))
            g.add((s, CW.basisAct, acts[spec["act"]]))
            g.add((s, CW.inferred, Literal(bool(spec.get("inferred")))))
            if spec.get("case"):
                g.add((s, CW.forCase, URIRef(CASE + spec["case"])))
            if spec.get("until"):
                g.add((s, CW.until, Literal(spec["until"], datatype=XSD.date)))
            if spec.get("note"):
                g.add((s, CW.inferenceNote, en(spec["note"])))
            if not spec.get("confirmed", True):
                g.add((s, CW.unverified, Literal(True)))
            statements += 1
    header = f"# Generated by tools/build_time.py from tools/curation/time/{path.name}; edit that file.\n"
    (OUT / f"{key}.ttl").write_text(header + g.serialize(format="turtle"), encoding="utf-8")
    return key, statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=ROOT / "tools" / "reference")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for path in sorted(CURATION.glob("*.toml")):
        key, statements = build(path, args.reference)
        print(f"data/time/{key}.ttl  {statements} date statements")


if __name__ == "__main__":
    main()
