"""The naive pipeline the gap analysis is measured against: rdflib + pyshacl + rdflib SPARQL, no index.

It holds the same graph as the service (the shipped Turtle plus the derived mappings, as app.graph.loading.build_store
computes them once at load) in one rdflib Graph, and for each description:

1. parses it with the same JSON-LD reader as the service (app.analysis.descriptions.parse_description);
2. adds its triples to the graph and validates it with pyshacl (shapes/system.ttl) against the whole graph,
   so sh:class sees every vocabulary code and provision, as a straightforward implementation would;
3. classifies it with a SPARQL query that matches every classification rule's conditions against the
   description's triples (fallback rules filtered after, as the rules say);
4. finds the applicable requirements with a second query (the fired tiers inlined);
5. looks up every requirement's notation, label, regime and date (a third query), then, one query per
   requirement, what reaches it: the provisions containing it or part of it, and every provision mapped to
   any of those, asserted or derived, either way round, with the credit each gives; a measure addressing one
   of them is evidence;
6. removes the description's triples again.

It computes the same requirements and the same statuses as app.analysis.gaps.analyse (checked by ``same_result``);
what it does not do is precompute anything that does not depend on the description.
"""

from __future__ import annotations

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
CONDITIONS = """
  FILTER (NOT EXISTS { ?rule cw:ifPurpose ?p0 } || EXISTS { ?rule cw:ifPurpose ?p1 . ?system cw:hasPurpose ?p1 })
  FILTER (NOT EXISTS { ?rule cw:ifCapability ?c0 }
          || EXISTS { ?rule cw:ifCapability ?c1 . ?system cw:hasCapability ?c1 })
  FILTER (NOT EXISTS { ?rule cw:ifSector ?s0 } || EXISTS { ?rule cw:ifSector ?s1 . ?system cw:hasSector ?s1 })
  FILTER (NOT EXISTS { ?rule cw:ifMarket ?m0 } || EXISTS { ?rule cw:ifMarket ?m1 . ?system cw:market ?m1 })
  FILTER (NOT EXISTS { ?rule cw:ifRole ?r0 }
          || EXISTS { ?rule cw:ifRole ?r1 . ?system cw:hasRole ?r1 })
"""
CLASSIFY = (
    PREFIXES
    + """
SELECT ?rule ?regimeKey ?tier ?fallback WHERE {
  ?rule a cw:ClassificationRule ; cw:forRegime/cw:key ?regimeKey ; cw:basis ?basis .
  OPTIONAL { ?rule cw:assignsTier ?tier }
  OPTIONAL { ?rule cw:fallback ?fallback }
  FILTER NOT EXISTS { ?rule cw:ifTier ?t }
"""
    + CONDITIONS
    + "}"
)
APPLICABLE = (
    PREFIXES
    + """
SELECT DISTINCT ?requirement WHERE {
  ?rule a cw:ApplicabilityRule ; cw:forRegime/cw:key ?regimeKey ; cw:basis ?basis ;
        cw:appliesRequirement ?requirement .
"""
    + CONDITIONS
    + """
  %s
}"""
)
TIER_TEST = "FILTER (NOT EXISTS { ?rule cw:ifTier ?t0 } || EXISTS { ?rule cw:ifTier ?t1 . FILTER (%s) })"
NO_TIER = "FILTER NOT EXISTS { ?rule cw:ifTier ?t0 }"
LOOKUP = (
    PREFIXES
    + """
SELECT ?requirement ?notation ?label ?regimeKey ?appliesFrom WHERE {
  VALUES ?requirement { %s }
  ?requirement skos:notation ?notation ; skos:prefLabel ?label ; skos:inScheme/cw:key ?regimeKey .
  FILTER (langMatches(lang(?label), "en"))
  OPTIONAL { ?requirement cw:appliesFrom ?appliesFrom }
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

    def run(self, body: bytes | str | dict[str, Any]) -> dict[str, Any]:
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
            bind = {"system": system}
            fired = [
                (r["regimeKey"], r["tier"], r["fallback"]) for r in g.query(self.classify, initBindings=bind)
            ]
            regimes = {str(k) for k, _, fb in fired if not (fb is not None and fb.toPython() is True)}
            tiers = {
                t
                for k, t, fb in fired
                if t is not None and (not (fb is not None and fb.toPython() is True) or str(k) not in regimes)
            }
            tier_test = TIER_TEST % " || ".join(f"?t1 = <{t}>" for t in sorted(tiers)) if tiers else NO_TIER
            requirements = sorted(
                str(r["requirement"]) for r in g.query(APPLICABLE % tier_test, initBindings=bind)
            )
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
                            "applies_from": str(row["appliesFrom"]) if row["appliesFrom"] else None,
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
                "tiers": sorted(str(t).rsplit("/", 1)[-1] for t in tiers),
                "requirements": {short_id(iri): r for iri, r in sorted(report.items())},
            }
        finally:
            for t in triples:
                g.remove(t)


def same_result(ours: dict[str, Any], naive: dict[str, Any]) -> bool:
    """Same requirements with the same statuses, and the same tiers."""
    mine = {r["id"]: r["status"] for r in ours["requirements"]}
    theirs = {k: v["status"] for k, v in naive["requirements"].items()}
    tiers = sorted(t["tier"] for tiers in ours["classification"].values() for t in tiers)
    return mine == theirs and tiers == naive["tiers"]
