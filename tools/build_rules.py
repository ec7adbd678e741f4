"""Build the classification and applicability rules (data/rules/<regime>.ttl) from tools/curation/rules/*.toml.

Run by hand when a rule changes:  python tools/build_rules.py
Rules for the AI Act's Article 5 practices, Annex III points and Article 50 cases follow from the purpose
vocabulary (each purpose names the provision it reads on), and the 72 NIST subcategories are listed from the
regime file, so those are generated here rather than written out by hand.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

import pyoxigraph
from build_data import CW, ID, ROOT, new_graph
from build_vocab import PURPOSES
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

RULES = Path(__file__).resolve().parent / "curation" / "rules"
OUT = ROOT / "data" / "rules"
CONDITIONS = {
    "purposes": (CW.ifPurpose, "purpose"),
    "capabilities": (CW.ifCapability, "capability"),
    "sectors": (CW.ifSector, "sector"),
    "markets": (CW.ifMarket, "jurisdiction"),
    "roles": (CW.ifRole, "role"),
    "tiers": (CW.ifTier, "risk-tier"),
    "entity_types": (CW.ifEntityType, "entity-type"),
    "conformity": (CW.ifConformityAssessment, "conformity-assessment"),
    "licences": (CW.ifLicence, "licence"),
    "circumstances": (CW.ifCircumstance, "circumstance"),
}
# unless = { field = [...] }: conditions that must not hold, by the same field names.
UNLESS = {
    "purposes": CW.unlessPurpose,
    "capabilities": CW.unlessCapability,
    "sectors": CW.unlessSector,
    "roles": CW.unlessRole,
    "tiers": CW.unlessTier,
    "entity_types": CW.unlessEntityType,
    "conformity": CW.unlessConformityAssessment,
    "licences": CW.unlessLicence,
    "circumstances": CW.unlessCircumstance,
}
# all = { field = [...] }: a conjunction, every value of which must hold (within a plain condition the values are
# alternatives). Stored as cw:ifAll, one value each; the value's vocabulary scheme says which field it is read from.
# Not for markets: a rule is indexed by the markets of its plain condition (app/analysis/gap_index.py).
ALL_FIELDS = set(CONDITIONS) - {"markets"}
KINDS = {
    "classification": CW.ClassificationRule,
    "applicability": CW.ApplicabilityRule,
    "exclusion": CW.ExclusionRule,
}


# Article 6(3), second subparagraph, points (a) to (d): an Annex III system meeting one is not high-risk ...
DEROGATIONS = [
    "narrow-procedural-task",
    "improves-completed-human-activity",
    "detects-decision-patterns",
    "preparatory-task",
]


# Annex III points that leave a use out in their own words, by purpose: the circumstance that says the use is left out.
# Point 8(b): "This does not include AI systems to the output of which natural persons are not directly exposed, such
# as tools used to organise, optimise or structure political campaigns from an administrative or logistical point of
# view."
# Point 7(d): "detecting, recognising or identifying natural persons, with the exception of the verification of travel
# documents."
CARVE_OUTS = {
    "election-influence": ["output-not-directly-exposed"],
    "migration-person-identification": ["travel-document-verification"],
}

# Article 6(1a), (1b) and (1c), inserted by Regulation (EU) 2026/1744 (Article 1, point (8)):
# "1a. For the purposes of this Regulation, including paragraph 1 of this Article, AI systems that are solely used for
# non-safety related aspects of user assistance, performance optimisation, service efficiency, automation or
# convenience or quality control shall not qualify as safety components.
# 1b. Notwithstanding paragraph 1a, AI systems the failure or malfunctioning of which would endanger health and safety
# shall qualify as safety components.
# 1c. A product that is required to undergo a third-party conformity assessment solely due to risks other than risks
# to health and safety, in particular risks relating to the distribution of radio spectrum or electromagnetic
# interference that do not affect health and safety, shall not be considered as fulfilling the condition in
# paragraph 1, point (b)."
AMENDMENT = "2026-1744"
NOT_SAFETY = "non-safety-functions-only"
# Paragraph 1b, and the AI system that is itself the Annex I product (Article 6(1)(a), second limb), which paragraph
# 1a (about safety components) does not reach.
STILL_SAFETY = {
    True: ["failure-endangers-health-safety", "ai-system-is-the-product"],
    False: ["failure-endangers-health-safety"],
}


def safety_component_versions(
    rules: list[dict[str, Any]], six_one_a: str, product: bool
) -> list[dict[str, Any]]:
    """A classification that turns on "safety component" in its 2024 wording (until the amendment) and as Article
    6(1a)-(1c) read it (from the amendment). ``product``: the Annex I route, where paragraph 1c applies too."""
    out: list[dict[str, Any]] = []
    basis = ["eu-ai-act:Article-6-1", six_one_a] if product else [six_one_a, "eu-ai-act:Article-6-1"]
    for rule in rules:
        if rule.get("removed_in") == AMENDMENT:
            out.append(rule)
            continue
        if rule.get("introduced_in") != AMENDMENT:
            out.append({**rule, "removed_in": AMENDMENT})
        unless = {k: list(v) for k, v in rule.get("unless", {}).items()}
        if product:
            unless["conformity"] = [*unless.get("conformity", []), "third-party-non-safety-risks"]
        amended = {**rule, "introduced_in": AMENDMENT}
        out.append(
            {**amended, "unless": {**unless, "circumstances": [*unless.get("circumstances", []), NOT_SAFETY]}}
        )
        # 6(1b): a system whose failure would endanger health and safety is a safety component all the same.
        still = {
            **amended,
            "basis": [*rule["basis"], *(b for b in basis if b not in rule["basis"])],
            "unless": unless,
        }
        if "circumstances" not in rule:
            out.append({**still, "circumstances": STILL_SAFETY[product]})
        else:
            # The rule already needs one of its own circumstances (an Article 6(3) derogation): 6(1b) must hold
            # as well, so each ground of 6(1b) is a conjunction of its own.
            out += [{**still, "all": {"circumstances": [ground]}} for ground in STILL_SAFETY[product]]
    return out


def introduced() -> dict[str, str]:
    """Provisions a later version of a regime introduced (data/time/), by short id: the version's slug."""
    g = Graph()
    for path in (ROOT / "data" / "time").glob("*.ttl"):
        g.parse(path, format="turtle")
    out = {}
    for provision, version in g.subject_objects(CW.introducedIn):
        regime, _, rest = str(provision).removeprefix(ID).partition("/")
        out[f"{regime}:{rest}"] = str(version).rsplit("/", 1)[-1]
    return out


def generated() -> dict[str, list[dict[str, Any]]]:
    """Rules that follow mechanically from the purpose vocabulary and the NIST regime file."""
    classification: list[dict[str, Any]] = []
    applicability: list[dict[str, Any]] = []
    new_in = introduced()
    for code, _label, _definition, provision in PURPOSES:
        basis = f"eu-ai-act:{provision}"
        since = {"introduced_in": new_in[basis]} if basis in new_in else {}
        if provision.startswith("Article-5-1-"):
            # Article 5(1)(f): "except where the use of the AI system is intended to be put in place or into the
            # market for medical or safety reasons"
            # Article 5(1)(h): "unless and in so far as such use is strictly necessary for one of the following
            # objectives" (then Article 5(2) to (7) govern the use: see tools/curation/rules/eu-ai-act.toml)
            # Article 5(1)(d): "this prohibition shall not apply to AI systems used to support the human assessment of
            # the involvement of a person in a criminal activity, which is already based on objective and verifiable
            # facts directly linked to a criminal activity"
            # Article 5(1)(g): "this prohibition does not cover any labelling or filtering of lawfully acquired
            # biometric datasets, such as images, based on biometric data or categorizing of biometric data in the
            # area of law enforcement"
            # Where the exception holds the system is an Annex III system: tools/curation/rules/eu-ai-act.toml.
            exception = {
                "Article-5-1-d": "supports-human-assessment-on-facts",
                "Article-5-1-f": "medical-or-safety-reasons",
                "Article-5-1-g": "law-enforcement-biometric-dataset-labelling",
                "Article-5-1-h": "article-5-1-h-objective",
            }
            since |= {"unless": {"circumstances": [exception[provision]]}} if provision in exception else {}
            # Article 5(1)(h) prohibits "the use" only (the other points also "the placing on the market, the putting
            # into service"): its provider places a remote biometric identification system of Annex III, point 1(a)
            # on the market (tools/curation/rules/eu-ai-act.toml), only its deployer can be caught by the ban.
            # Article 5(1) prohibits "the placing on the market, the putting into service or the use": the importer
            # places on the market (Article 3(6)), as does the product manufacturer who places the system with its
            # product under its own name (Article 2(1)(e)).
            roles = (
                ["deployer"]
                if provision == "Article-5-1-h"
                else ["provider", "deployer", "importer", "product-manufacturer"]
            )
            since |= {"roles": roles} if provision == "Article-5-1-h" else {}
            classification.append({"regime": "eu-ai-act", "tier": "eu-prohibited", "basis": [basis], **since})
            applicability.append(
                {
                    "regime": "eu-ai-act",
                    "label": f"Placing on the market, putting into service or using a system for {code} is prohibited",
                    "requirements": [basis],
                    "purposes": [code],
                    "markets": ["EU"],
                    "basis": [basis],
                    **since,
                    "roles": roles,
                }
            )
        elif provision.startswith("Annex-III-"):
            # Article 6(2) makes it high-risk; 6(3) lifts that where a condition of its second subparagraph
            # holds, but never for a system that profiles natural persons (6(3), third subparagraph).
            six_three = "eu-ai-act:Article-6-3"
            carved_out = CARVE_OUTS.get(code, [])
            point = [
                {
                    "tier": "eu-high-risk-annex-iii",
                    "basis": [basis, "eu-ai-act:Article-6-2"],
                    "unless": {"circumstances": DEROGATIONS + carved_out},
                },
                {
                    "tier": "eu-high-risk-annex-iii",
                    "basis": [basis, six_three],
                    "capabilities": ["profiling"],
                    **({"unless": {"circumstances": carved_out}} if carved_out else {}),
                },
                {
                    "tier": "eu-annex-iii-not-high-risk",
                    "basis": [basis, six_three],
                    "circumstances": DEROGATIONS,
                    "unless": {
                        "capabilities": ["profiling"],
                        **({"circumstances": carved_out} if carved_out else {}),
                    },
                },
            ]
            if provision == "Annex-III-point-2":  # "as safety components": Article 6(1a), (1b) from 2026/1744
                point = safety_component_versions(point, "eu-ai-act:Annex-III-point-2", product=False)
            for rule in point:
                classification.append({"regime": "eu-ai-act", **rule, "purposes": [code], "markets": ["EU"]})
            continue
        elif provision.startswith("Article-50-"):
            classification.append({"regime": "eu-ai-act", "tier": "eu-transparency", "basis": [basis]})
        else:
            continue
        classification[-1].update({"purposes": [code], "markets": ["EU"]})
    # Article 4: a provider of a general-purpose AI model is bound when it also provides an AI system; a purpose is
    # an AI system's intended purpose (tools/curation/rules/eu-ai-act.toml has the rest of Article 4).
    applicability.append(
        {
            "regime": "eu-ai-act",
            "label": "Providers of a general-purpose AI model that also provide an AI system with an intended "
            "purpose take AI-literacy measures (Article 4)",
            "requirements": ["eu-ai-act:Article-4"],
            "roles": ["provider"],
            "capabilities": ["general-purpose-model", "systemic-risk-model"],
            "purposes": [code for code, *_ in PURPOSES],
            "markets": ["EU"],
            "basis": ["eu-ai-act:Article-4"],
        }
    )
    for code in ("emotion-recognition", "biometric-categorisation"):
        classification.append(
            {
                "regime": "eu-ai-act",
                "tier": "eu-transparency",
                "basis": ["eu-ai-act:Article-50-3"],
                "purposes": [code],
                "markets": ["EU"],
            }
        )
    store = pyoxigraph.Store()
    store.bulk_load(path=ROOT / "data" / "regimes" / "nist-ai-rmf.ttl", format=pyoxigraph.RdfFormat.TURTLE)
    results = store.query(
        "PREFIX cw: <"
        + str(CW)
        + "> SELECT ?p WHERE { ?p cw:level 'subcategory' ; cw:position ?n } ORDER BY ?p"
    )
    assert isinstance(results, pyoxigraph.QuerySolutions)
    subcategories = sorted(
        (row["p"].value.rsplit("/", 1)[1] for row in results),
        key=lambda s: (s.split("-")[0], [int(x) for x in s.split("-")[1].split(".")]),
    )
    applicability.append(
        {
            "regime": "nist-ai-rmf",
            "label": "The AI RMF Core outcomes are offered to every organisation as a voluntary framework",
            "requirements": [f"nist-ai-rmf:{s}" for s in subcategories],
            "tiers": ["nist-voluntary"],
            "basis": ["nist-ai-rmf"],
        }
    )
    return {"classification": classification, "applicability": applicability}


def iri(short: str) -> URIRef:
    """A short id (regime:slug) or a bare regime key as an IRI."""
    regime, _, slug = short.partition(":")
    return URIRef(f"{ID}{regime}/{slug}" if slug else f"{ID}{regime}")


def rule_graph(kind: str, rules: list[dict[str, Any]]) -> dict[str, Graph]:
    """One graph per regime with the rules of one kind."""
    graphs: dict[str, Graph] = {}
    cls = KINDS[kind]
    for rule in rules:
        unknown = set(rule) - {*CONDITIONS, *RULE_KEYS}
        if unknown:
            raise ValueError(
                f"{kind} rule {rule.get('label') or rule.get('basis')}: unknown keys {sorted(unknown)}"
            )
        g = graphs.setdefault(rule["regime"], new_graph())
        key = repr(sorted((k, _hashable(v)) for k, v in rule.items() if k != "label"))
        r = URIRef(
            f"{ID}rule/{rule['regime']}/{kind}-{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10]}"
        )
        g.add((r, RDF.type, cls))
        g.add((r, CW.forRegime, iri(rule["regime"])))
        for basis in rule["basis"]:
            g.add((r, CW.basis, iri(basis)))
        if kind == "classification":
            g.add((r, CW.assignsTier, URIRef(f"{ID}vocab/risk-tier/{rule['tier']}")))
            label = f"{rule['regime']}: {rule['tier']}"
        elif kind == "exclusion":
            for req in rule.get("excludes", []):
                g.add((r, CW.excludesRequirement, iri(req)))
            for req in rule.get("keeps", []):
                g.add((r, CW.keepsRequirement, iri(req)))
            label = f"{rule['regime']}: exclusion"
        else:
            for req in rule["requirements"]:
                g.add((r, CW.appliesRequirement, iri(req)))
            label = f"{rule['regime']}: {len(rule['requirements'])} requirement(s)"
        if rule.get("fallback"):
            g.add((r, CW.fallback, Literal(True)))
        for field, codes in rule.get("all", {}).items():
            if field not in ALL_FIELDS:
                raise ValueError(
                    f"{kind} rule {rule.get('label') or rule.get('basis')}: `all` cannot take {field}"
                )
            for code in codes:
                g.add((r, CW.ifAll, URIRef(f"{ID}vocab/{CONDITIONS[field][1]}/{code}")))
        for field, prop in UNLESS.items():
            for code in rule.get("unless", {}).get(field, []):
                g.add((r, prop, URIRef(f"{ID}vocab/{CONDITIONS[field][1]}/{code}")))
        if rule.get("placed_before"):
            g.add((r, CW.ifPlacedBefore, Literal(rule["placed_before"], datatype=XSD.date)))
        if rule.get("unless_placed_before"):
            g.add((r, CW.unlessPlacedBefore, Literal(rule["unless_placed_before"], datatype=XSD.date)))
        for prop, name in ((CW.introducedIn, "introduced_in"), (CW.removedIn, "removed_in")):
            if rule.get(name):
                g.add((r, prop, URIRef(f"{ID}{rule['regime']}/version/{rule[name]}")))
        conditions = []
        for field, (prop, scheme) in CONDITIONS.items():
            for code in rule.get(field, []):
                g.add((r, prop, URIRef(f"{ID}vocab/{scheme}/{code}")))
            if rule.get(field):
                conditions.append(f"{field} {' or '.join(rule[field])}")
            if rule.get("all", {}).get(field):
                conditions.append(f"{field} {' and '.join(rule['all'][field])}")
        text = rule.get("label") or f"{label} when {'; '.join(conditions) or 'always'}"
        g.add((r, RDFS.label, Literal(text, lang="en")))
    return graphs


RULE_KEYS = {
    "regime",
    "label",
    "basis",
    "tier",
    "fallback",
    "requirements",
    "unless",
    "all",
    "placed_before",
    "unless_placed_before",
    "introduced_in",
    "removed_in",
    "excludes",
    "keeps",
}


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(value)
    return value


def main() -> None:
    curated: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for path in sorted(RULES.glob("*.toml")):
        for kind, rules in tomllib.loads(path.read_text(encoding="utf-8")).items():
            curated[kind] += rules
    # The Annex I classifications as Article 6(1a)-(1c) read them from Regulation (EU) 2026/1744.
    curated["classification"] = [
        versioned
        for rule in curated["classification"]
        for versioned in (
            safety_component_versions([rule], "eu-ai-act:Article-6-1", product=True)
            if rule.get("tier") == "eu-high-risk-annex-i"
            else [rule]
        )
    ]
    extra = generated()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.ttl"):
        old.unlink()
    merged: dict[str, Graph] = {}
    for kind in KINDS:
        for regime, g in rule_graph(kind, curated.get(kind, []) + extra.get(kind, [])).items():
            merged[regime] = merged.get(regime, new_graph()) + g
    header = "# Generated by tools/build_rules.py from tools/curation/rules/*.toml; edit those, not this.\n"
    for regime, g in sorted(merged.items()):
        g.bind("cw", CW)
        (OUT / f"{regime}.ttl").write_text(header + g.serialize(format="turtle"), encoding="utf-8")
        print(f"data/rules/{regime}.ttl  {len(set(g.subjects(RDF.type, None)))} rules")


if __name__ == "__main__":
    main()
