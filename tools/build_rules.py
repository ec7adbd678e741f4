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
from rdflib import RDF, RDFS, Graph, Literal, URIRef

RULES = Path(__file__).resolve().parent / "curation" / "rules"
OUT = ROOT / "data" / "rules"
CONDITIONS = {
    "purposes": (CW.ifPurpose, "purpose"),
    "capabilities": (CW.ifCapability, "capability"),
    "sectors": (CW.ifSector, "sector"),
    "markets": (CW.ifMarket, "jurisdiction"),
    "roles": (CW.ifRole, "role"),
    "tiers": (CW.ifTier, "risk-tier"),
}


def generated() -> dict[str, list[dict[str, Any]]]:
    """Rules that follow mechanically from the purpose vocabulary and the NIST regime file."""
    classification: list[dict[str, Any]] = []
    applicability: list[dict[str, Any]] = []
    for code, _label, _definition, provision in PURPOSES:
        basis = f"eu-ai-act:{provision}"
        if provision.startswith("Article-5-1-"):
            classification.append({"regime": "eu-ai-act", "tier": "eu-prohibited", "basis": [basis]})
            applicability.append(
                {
                    "regime": "eu-ai-act",
                    "label": f"Placing on the market, putting into service or using a system for {code} is prohibited",
                    "requirements": [basis],
                    "roles": ["provider", "deployer"],
                    "purposes": [code],
                    "markets": ["EU"],
                    "basis": [basis],
                }
            )
        elif provision.startswith("Annex-III-"):
            classification.append({"regime": "eu-ai-act", "tier": "eu-high-risk-annex-iii", "basis": [basis]})
        elif provision.startswith("Article-50-"):
            classification.append({"regime": "eu-ai-act", "tier": "eu-transparency", "basis": [basis]})
        else:
            continue
        classification[-1].update({"purposes": [code], "markets": ["EU"]})
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
    cls = CW.ClassificationRule if kind == "classification" else CW.ApplicabilityRule
    for rule in rules:
        g = graphs.setdefault(rule["regime"], new_graph())
        key = repr(
            sorted((k, v if isinstance(v, str | bool) else tuple(v)) for k, v in rule.items() if k != "label")
        )
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
        else:
            for req in rule["requirements"]:
                g.add((r, CW.appliesRequirement, iri(req)))
            label = f"{rule['regime']}: {len(rule['requirements'])} requirement(s)"
        if rule.get("fallback"):
            g.add((r, CW.fallback, Literal(True)))
        conditions = []
        for field, (prop, scheme) in CONDITIONS.items():
            for code in rule.get(field, []):
                g.add((r, prop, URIRef(f"{ID}vocab/{scheme}/{code}")))
            if rule.get(field):
                conditions.append(f"{field} {' or '.join(rule[field])}")
        text = rule.get("label") or f"{label} when {'; '.join(conditions) or 'always'}"
        g.add((r, RDFS.label, Literal(text, lang="en")))
    return graphs


def main() -> None:
    curated: dict[str, list[dict[str, Any]]] = {"classification": [], "applicability": []}
    for path in sorted(RULES.glob("*.toml")):
        for kind, rules in tomllib.loads(path.read_text(encoding="utf-8")).items():
            curated[kind] += rules
    extra = generated()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.ttl"):
        old.unlink()
    merged: dict[str, Graph] = {}
    for kind in ("classification", "applicability"):
        for regime, g in rule_graph(kind, curated.get(kind, []) + extra[kind]).items():
            merged[regime] = merged.get(regime, new_graph()) + g
    header = (
        "# Generated by tools/build_rules.py from tools/curation/rules/*.toml; edit those, not this.\n"
    )
    for regime, g in sorted(merged.items()):
        g.bind("cw", CW)
        (OUT / f"{regime}.ttl").write_text(header + g.serialize(format="turtle"), encoding="utf-8")
        print(f"data/rules/{regime}.ttl  {len(set(g.subjects(RDF.type, None)))} rules")


if __name__ == "__main__":
    main()
