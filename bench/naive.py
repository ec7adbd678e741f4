"""The naive pipeline the gap analysis is measured against: rdflib + pyshacl + rdflib SPARQL, no index.

It holds the same graph as the service (the shipped Turtle plus the derived mappings, as app.graph.loading.build_store
computes them once at load) in one rdflib Graph, and for each description and analysis date (today unless given):

1. parses it with the same JSON-LD reader as the service (app.analysis.descriptions.parse_description);
2. adds its triples to the graph and validates it with pyshacl (shapes/system.ttl) against the whole graph,
   so sh:class sees every vocabulary code and provision, as a straightforward implementation would;
3. classifies it with a SPARQL query that matches every classification rule against the description's
   triples: each condition (cw:ifPurpose ... cw:ifCircumstance) needs one of its values, a conjunction
   (cw:ifAll) every one, a counter-condition (cw:unless...) none; cw:ifPlacedBefore needs a system placed on
   the market before the cut-off, cw:unlessPlacedBefore fails for one. A rule holds only in the law of the
   date: its regime exists that day (it has no versions, or one in force), and a version it was introduced in
   (cw:introducedIn) is in force by then, one it was removed in (cw:removedIn) not (a regime without versions
   holds no rule introduced in a version). Fallback rules are filtered after, as the rules say: they count
   only in a regime where no other rule fired;
4. finds the exclusion rules and the applicability rules that fire, matched the same way (two more queries,
   the fired tiers inlined for cw:ifTier, cw:unlessTier and cw:ifAll), then the requirements those rules
   apply (a fourth): each only where it is part of the version of the rule's regime in force that day, and
   none that a fired exclusion rule of that regime takes out (its cw:excludesRequirement, or everything but
   its cw:keepsRequirement);
5. looks up every requirement's notation, label and regime (a fifth query), then, one query per
   requirement, what reaches it: the provisions containing it or part of it, and every provision mapped to
   any of those, asserted or derived, either way round, with the credit each gives; a measure addressing one
   of them is evidence;
6. removes the description's triples again.

It computes the same requirements, the same statuses and the same tiers per regime as app.analysis.gaps.analyse
(checked by ``same_result``; dates of application are not computed); what it does not do is precompute
anything that does not depend on the description.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery

from app.analysis.description_json import CW
from app.analysis.descriptions import parse_description
from app.analysis.gaps import short_id
from app.graph.loading import build_store

PREFIXES = """PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# The conditions a rule may have on a description, and the property of the description each reads.
FACTS = {
    "Purpose": "hasPurpose",
    "Capability": "hasCapability",
    "Sector": "hasSector",
    "Market": "market",
    "Role": "hasRole",
    "EntityType": "entityType",
    "ConformityAssessment": "conformityAssessment",
    "Licence": "licenceType",
    "Circumstance": "circumstance",
}
UNLESS = [name for name in FACTS if name != "Market"]  # there is no cw:unlessMarket


def in_tiers(var: str, tiers: list[str]) -> str:
    """A SPARQL test that ?var is one of the fired tiers (none fired yet: ``IN ()``, false; rdflib takes a
    bare ``FILTER (false)`` for true)."""
    return f"?{var} IN ({', '.join(f'<{t}>' for t in tiers)})"


def matches(r: str, tiers: list[str]) -> str:
    """FILTERs that hold when rule ?r matches ?system placed in ``tiers``: every condition one of its values,
    every value of its conjunction, no counter-condition, its placed-on-market cut-offs."""
    out = [
        f"FILTER (NOT EXISTS {{ ?{r} cw:if{n} ?{r}_if{n}0 }}"
        f" || EXISTS {{ ?{r} cw:if{n} ?{r}_if{n} . ?system cw:{p} ?{r}_if{n} }})"
        for n, p in FACTS.items()
    ]
    out.append(
        f"FILTER (NOT EXISTS {{ ?{r} cw:ifTier ?{r}_ifTier0 }}"
        f" || EXISTS {{ ?{r} cw:ifTier ?{r}_ifTier . FILTER ({in_tiers(f'{r}_ifTier', tiers)}) }})"
    )
    out += [
        f"FILTER NOT EXISTS {{ ?{r} cw:unless{n} ?{r}_un{n} . ?system cw:{FACTS[n]} ?{r}_un{n} }}"
        for n in UNLESS
    ]
    out.append(
        f"FILTER NOT EXISTS {{ ?{r} cw:unlessTier ?{r}_unTier . FILTER ({in_tiers(f'{r}_unTier', tiers)}) }}"
    )
    props = ", ".join(f"cw:{p}" for p in FACTS.values())
    out.append(
        f"FILTER NOT EXISTS {{ ?{r} cw:ifAll ?{r}_all ."
        f" FILTER NOT EXISTS {{ ?system ?{r}_allP ?{r}_all . FILTER (?{r}_allP IN ({props})) }}"
        f" FILTER (!({in_tiers(f'{r}_all', tiers)})) }}"
    )
    out.append(
        f"FILTER (NOT EXISTS {{ ?{r} cw:ifPlacedBefore ?{r}_cut0 }}"
        f" || EXISTS {{ ?{r} cw:ifPlacedBefore ?{r}_cut . ?system cw:placedOnMarket ?{r}_placed ."
        f" FILTER (STR(?{r}_placed) < STR(?{r}_cut)) }})"
    )
    out.append(
        f"FILTER NOT EXISTS {{ ?{r} cw:unlessPlacedBefore ?{r}_ucut . ?system cw:placedOnMarket ?{r}_uplaced ."
        f" FILTER (STR(?{r}_uplaced) < STR(?{r}_ucut)) }}"
    )
    return "\n  ".join(out)


def in_law(x: str, regime: str) -> str:
    """FILTERs that hold when ?x (a rule or a requirement) is part of the version of ?regime in force on
    ?asOf: a regime without versions holds only what no version introduced; a versioned one, what was
    introduced in a version in force by then and not removed in one."""
    versioned = f"EXISTS {{ ?{x}_v a cw:RegimeVersion ; cw:versionOf ?{regime} }}"
    return (
        f"FILTER NOT EXISTS {{ ?{x} cw:introducedIn ?{x}_in ."
        f" FILTER (!{versioned} || EXISTS {{ ?{x}_in cw:inForceFrom ?{x}_inD . FILTER (?{x}_inD > ?asOf) }}) }}\n"
        f"  FILTER NOT EXISTS {{ ?{x} cw:removedIn ?{x}_out . FILTER ({versioned})"
        f" FILTER NOT EXISTS {{ ?{x}_out cw:inForceFrom ?{x}_outD . FILTER (?{x}_outD > ?asOf) }} }}"
    )


def regime_exists(regime: str) -> str:
    """A FILTER that holds when ?regime is part of the law on ?asOf: it has no versions, or one in force."""
    return (
        f"FILTER (NOT EXISTS {{ ?{regime}_v0 a cw:RegimeVersion ; cw:versionOf ?{regime} }}"
        f" || EXISTS {{ ?{regime}_v1 a cw:RegimeVersion ; cw:versionOf ?{regime} ; cw:inForceFrom ?{regime}_d ."
        f" FILTER (?{regime}_d <= ?asOf) }})"
    )


RULES = (
    PREFIXES
    + """
SELECT DISTINCT ?rule ?regime ?regime_key ?tier ?fallback WHERE {
  ?rule a cw:%s ; cw:forRegime ?regime .
  ?regime cw:key ?regime_key .
  FILTER EXISTS { ?rule cw:basis ?basis }
  %s
  %s
  %s
  OPTIONAL { ?rule cw:assignsTier ?tier }
  OPTIONAL { ?rule cw:fallback ?fallback }
}"""
)


def rules_query(kind: str, tiers: list[str]) -> str:
    """The rules of ``kind`` that hold on ?asOf and match ?system placed in ``tiers``."""
    return RULES % (kind, regime_exists("regime"), in_law("rule", "regime"), matches("rule", tiers))


CLASSIFY = rules_query("ClassificationRule", [])  # no tier known yet: no cw:ifTier or cw:unlessTier holds
APPLICABLE = (
    PREFIXES
    + """
SELECT DISTINCT ?requirement WHERE {
  VALUES (?rule ?regime) { %s }
  ?rule cw:appliesRequirement ?requirement .
  %s
  %s
}"""
)
EXCLUDED = """FILTER NOT EXISTS {
    VALUES ?exclusion { %s }
    ?exclusion cw:forRegime/cw:key ?exclusionKey . ?regime cw:key ?exclusionKey .
    FILTER (EXISTS { ?exclusion cw:excludesRequirement ?requirement }
            || (NOT EXISTS { ?exclusion cw:excludesRequirement ?excluded }
                && NOT EXISTS { ?exclusion cw:keepsRequirement ?requirement }))
  }"""
LOOKUP = (
    PREFIXES
    + """
SELECT ?requirement ?notation ?label ?regimeKey WHERE {
  VALUES ?requirement { %s }
  ?requirement skos:notation ?notation ; skos:prefLabel ?label ; skos:inScheme/cw:key ?regimeKey .
  FILTER (langMatches(lang(?label), "en"))
}"""
)
EVIDENCE = (
    PREFIXES
    + """
SELECT ?source ?kind WHERE {
  {
    ?requirement skos:broader* ?source . BIND ("full" AS ?kind)
  } UNION {
    ?source skos:broader+ ?requirement . BIND ("part" AS ?kind)
  } UNION {
    ?requirement skos:broader* ?target .
    { ?mapping cw:subject ?source ; cw:object ?target ; cw:relationship/skos:notation ?rel }
    UNION { ?mapping cw:object ?source ; cw:subject ?target ; cw:relationship/cw:inverseRelationship/skos:notation ?rel }
    FILTER (?rel != "notRelated")
    BIND (IF(?rel IN ("equal", "supersetOf"), "full", "part") AS ?kind)
  } UNION {
    ?target skos:broader+ ?requirement .
    { ?mapping cw:subject ?source ; cw:object ?target ; cw:relationship/skos:notation ?rel }
    UNION { ?mapping cw:object ?source ; cw:subject ?target ; cw:relationship/cw:inverseRelationship/skos:notation ?rel }
    FILTER (?rel != "notRelated")
    BIND ("part" AS ?kind)
  }
}"""
)
RANK = {"met": 2, "partial": 1, "unmet": 0}
STATUS = {CW.Implemented: "implemented", CW.Partial: "partial", CW.Planned: "planned"}


def credit(kind: str, status: str) -> str:
    if status == "planned":
        return "unmet"
    if kind == "full":
        return "met" if status == "implemented" else "partial"
    return "partial"


class NaivePipeline:
    def __init__(self, root: Path, store: pyoxigraph.Store | None = None) -> None:
        store = store or build_store(root)
        data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()) or b""
        self.graph = rdflib.Graph()
        self.graph.parse(data=data, format="nt")
        self.shapes = rdflib.Graph().parse(root / "shapes" / "system.ttl", format="turtle")
        # the fixed queries are parsed once (rdflib spends tens of ms parsing a query)
        self.classify = prepareQuery(CLASSIFY)
        self.evidence = prepareQuery(EVIDENCE)

    def run(self, body: bytes | str | dict[str, Any], as_of: date | None = None) -> dict[str, Any]:
        import pyshacl

        description = parse_description(body)
        g = self.graph
        triples = list(description)
        for t in triples:
            g.add(t)
        try:
            conforms, _, _ = pyshacl.validate(g, shacl_graph=self.shapes, inference="none", inplace=True)
            if not conforms:
                raise ValueError("invalid description")
            system = next(iter(description.subjects(RDF.type, CW.AISystem)))
            bind = {"system": system, "asOf": rdflib.Literal(as_of or date.today())}
            fired = [
                (
                    str(r["regime_key"]),
                    r["tier"],
                    r["fallback"] is not None and r["fallback"].toPython() is True,
                )
                for r in g.query(self.classify, initBindings=bind)
            ]
            regimes = {k for k, _, fallback in fired if not fallback}
            classification: dict[str, set[str]] = {}
            for k, t, fallback in fired:
                if t is not None and (not fallback or k not in regimes):
                    classification.setdefault(k, set()).add(str(t))
            tiers = sorted({t for ts in classification.values() for t in ts})
            excluding = sorted(
                {r["rule"] for r in g.query(rules_query("ExclusionRule", tiers), initBindings=bind)}
            )
            applying = sorted(
                {
                    (r["rule"], r["regime"])
                    for r in g.query(rules_query("ApplicabilityRule", tiers), initBindings=bind)
                }
            )
            requirements = []
            if applying:
                query = APPLICABLE % (
                    " ".join(f"(<{rule}> <{regime}>)" for rule, regime in applying),
                    in_law("requirement", "regime"),
                    EXCLUDED % " ".join(f"<{e}>" for e in excluding) if excluding else "",
                )
                requirements = sorted(str(r["requirement"]) for r in g.query(query, initBindings=bind))
            report: dict[str, dict[str, Any]] = {}
            if requirements:
                values = " ".join(f"<{r}>" for r in requirements)
                for row in g.query(LOOKUP % values):
                    report.setdefault(
                        str(row["requirement"]),
                        {
                            "notation": str(row["notation"]),
                            "label": str(row["label"]),
                            "regime": str(row["regimeKey"]),
                            "status": "unmet",
                            "evidence": [],
                        },
                    )
                measures = []
                for n, m in enumerate(description.objects(system, CW.hasMeasure), start=1):
                    mid = str(description.value(m, CW.measureId) or f"measure-{n}")
                    status = STATUS.get(description.value(m, CW.measureStatus), "")  # type: ignore[arg-type]
                    measures += [(mid, status, a) for a in description.objects(m, CW.addresses)]
                for iri, entry in report.items():  # one query per requirement: what reaches it, and how
                    if not measures:
                        break
                    reach = [
                        (str(r["source"]), str(r["kind"]))
                        for r in g.query(self.evidence, initBindings={"requirement": rdflib.URIRef(iri)})
                    ]
                    for mid, status, addressed in measures:
                        for source, kind in reach:
                            if source != str(addressed):
                                continue
                            c = credit(kind, status)
                            entry["evidence"].append({"measure": mid, "credit": c})
                            if RANK[c] > RANK[entry["status"]]:
                                entry["status"] = c
            return {
                "system": str(system),
                "classification": {
                    k: sorted(t.rsplit("/", 1)[-1] for t in ts) for k, ts in sorted(classification.items())
                },
                "requirements": {short_id(iri): r for iri, r in sorted(report.items())},
            }
        finally:
            for t in triples:
                g.remove(t)


def same_result(ours: dict[str, Any], naive: dict[str, Any]) -> bool:
    """Same requirements with the same statuses, and the same tiers in each regime."""
    mine = {r["id"]: r["status"] for r in ours["requirements"]}
    theirs = {k: v["status"] for k, v in naive["requirements"].items()}
    tiers = {regime: sorted(t["tier"] for t in tiers) for regime, tiers in ours["classification"].items()}
    return mine == theirs and tiers == naive["classification"]
