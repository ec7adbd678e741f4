"""Derived mappings: compose asserted mappings through shared items, once, when the graph is loaded.

Relationships are NIST IR 8477's set relationships. Reading ``A r B`` as a statement about the sets of
outcomes A and B ask for, composing ``A r1 B`` and ``B r2 C`` gives the strongest relationship set semantics
guarantees between A and C (items are never empty, so a shared item means shared content):

* equal is the identity on either side;
* subset∘subset = subset, superset∘superset = superset;
* superset∘subset, intersects∘subset and superset∘intersects = intersects (A and C share B, or part of it);
* anything else (subset∘superset, intersects∘intersects, …) guarantees nothing and yields no mapping.
notRelated never composes: a crosswalk lists what is related, and disjointness is better stated than inferred.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph

CW = "https://w3id.org/ai-crosswalk/ontology#"
ID = "https://w3id.org/ai-crosswalk/id/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"

EQUAL, SUBSET, SUPERSET, INTERSECTS, NOT_RELATED = (
    "equal",
    "subsetOf",
    "supersetOf",
    "intersectsWith",
    "notRelated",
)
INVERSE = {EQUAL: EQUAL, SUBSET: SUPERSET, SUPERSET: SUBSET, INTERSECTS: INTERSECTS, NOT_RELATED: NOT_RELATED}
COMPOSE: dict[tuple[str, str], str] = {
    (SUBSET, SUBSET): SUBSET,
    (SUPERSET, SUPERSET): SUPERSET,
    (SUPERSET, SUBSET): INTERSECTS,
    (INTERSECTS, SUBSET): INTERSECTS,
    (SUPERSET, INTERSECTS): INTERSECTS,
}
INDIVIDUAL = {
    EQUAL: "Equal",
    SUBSET: "SubsetOf",
    SUPERSET: "SupersetOf",
    INTERSECTS: "IntersectsWith",
    NOT_RELATED: "NotRelated",
}
DERIVATION_AGENT = ID + "agent/ai-crosswalk-derivation"
DERIVED_SET = ID + "mappingset/derived"
DEFAULT_MAX_LENGTH = 3


def compose(first: str, second: str) -> str | None:
    """The relationship of A to C given A ``first`` B and B ``second`` C, or None when nothing follows."""
    if NOT_RELATED in (first, second):
        return None
    if first == EQUAL:
        return second
    if second == EQUAL:
        return first
    return COMPOSE.get((first, second))


@dataclass(frozen=True)
class Edge:
    """One asserted mapping, read from ``subject``'s side (a mapping stated the other way is inverted)."""

    mapping: str
    subject: str
    object: str
    relationship: str
    confidence: Decimal


@dataclass(frozen=True)
class Derived:
    """A composed mapping with the path of asserted mappings it came from."""

    subject: str
    object: str
    relationship: str
    confidence: Decimal
    path: tuple[Edge, ...]

    @property
    def iri(self) -> str:
        ends = sorted((self.subject, self.object))
        key = "|".join([*ends, *sorted(e.mapping for e in self.path)])
        digest = hashlib.sha1(key.encode(), usedforsecurity=False)
        return f"{ID}mapping/derived/{digest.hexdigest()[:16]}"


def derive(
    edges: Iterable[Edge], regime_of: dict[str, str], max_length: int = DEFAULT_MAX_LENGTH
) -> list[Derived]:
    """Compose paths of 2..max_length asserted mappings between items of different regimes.

    Per pair of end items only the best path is kept (highest confidence product, then shortest), one
    mapping per unordered pair, and never where an asserted mapping already links the pair.
    """
    adjacency: dict[str, list[Edge]] = {}
    asserted: set[frozenset[str]] = set()
    for e in edges:
        if e.relationship == NOT_RELATED or e.subject == e.object:
            continue
        asserted.add(frozenset((e.subject, e.object)))
        adjacency.setdefault(e.subject, []).append(e)
        back = Edge(e.mapping, e.object, e.subject, INVERSE[e.relationship], e.confidence)
        adjacency.setdefault(e.object, []).append(back)
    best: dict[tuple[str, str], Derived] = {}
    for start in sorted(adjacency):
        for found in _paths_from(start, adjacency, max_length):
            if regime_of.get(found.subject) == regime_of.get(found.object):
                continue
            if frozenset((found.subject, found.object)) in asserted:
                continue
            key = (
                (found.subject, found.object)
                if found.subject < found.object
                else (found.object, found.subject)
            )
            current = best.get(key)
            if current is None or _better(found, current):
                best[key] = found if found.subject == key[0] else _reverse(found)
    return sorted(best.values(), key=lambda d: (d.subject, d.object))


def _paths_from(start: str, adjacency: dict[str, list[Edge]], max_length: int) -> Iterator[Derived]:
    """Walk simple paths from ``start``, composing as we go and stopping where composition yields nothing."""
    stack: list[tuple[str, str, Decimal, tuple[Edge, ...]]] = [
        (e.object, e.relationship, e.confidence, (e,)) for e in adjacency[start]
    ]
    while stack:
        node, relationship, confidence, path = stack.pop()
        if len(path) >= 2:
            yield Derived(start, node, relationship, confidence, path)
        if len(path) == max_length:
            continue
        visited = {start, *(e.object for e in path)}
        for e in adjacency.get(node, []):
            if e.object in visited:
                continue
            composed = compose(relationship, e.relationship)
            if composed is not None:
                stack.append((e.object, composed, confidence * e.confidence, (*path, e)))


def _better(a: Derived, b: Derived) -> bool:
    """Prefer the more confident path, then the shorter, then a stable order of mapping IRIs."""
    return (-a.confidence, len(a.path), a.iri) < (-b.confidence, len(b.path), b.iri)


def _reverse(d: Derived) -> Derived:
    """The same derived mapping read from the other end, its path walked backwards."""
    path = tuple(Edge(e.mapping, e.object, e.subject, INVERSE[e.relationship], e.confidence) for e in d.path)
    return Derived(d.object, d.subject, INVERSE[d.relationship], d.confidence, path[::-1])


ASSERTED_QUERY = f"""
PREFIX cw: <{CW}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?mapping ?subject ?object ?relationship ?confidence ?subjectRegime ?objectRegime WHERE {{
  ?mapping a cw:Mapping ; cw:subject ?subject ; cw:object ?object ; cw:confidence ?confidence ;
           cw:relationship/skos:notation ?relationship .
  FILTER NOT EXISTS {{ ?mapping cw:derived true }}
  ?subject skos:inScheme ?subjectRegime .
  ?object skos:inScheme ?objectRegime .
}}
"""


def asserted_edges(store: pyoxigraph.Store) -> tuple[list[Edge], dict[str, str]]:
    """Read the asserted mappings and the regime of every item they touch."""
    results = store.query(ASSERTED_QUERY)
    assert isinstance(results, pyoxigraph.QuerySolutions)
    edges: list[Edge] = []
    regime_of: dict[str, str] = {}
    for row in results:
        subject, obj = row["subject"].value, row["object"].value
        regime_of[subject], regime_of[obj] = row["subjectRegime"].value, row["objectRegime"].value
        edges.append(
            Edge(
                row["mapping"].value,
                subject,
                obj,
                row["relationship"].value,
                Decimal(row["confidence"].value),
            )
        )
    return sorted(edges, key=lambda e: e.mapping), regime_of


def derived_quads(derived: Iterable[Derived]) -> Iterator[pyoxigraph.Quad]:
    """The triples that describe each derived mapping, marked as derived and pointing to its sources."""
    n = pyoxigraph.NamedNode
    for d in derived:
        m = n(d.iri)
        relationship = INDIVIDUAL[d.relationship]
        steps = " then ".join(f"{e.relationship}" for e in d.path)
        triples: list[tuple[pyoxigraph.NamedNode, pyoxigraph.NamedNode | pyoxigraph.Literal]] = [
            (RDF_TYPE, n(CW + "Mapping")),
            (RDF_TYPE, n(CW + "DerivedMapping")),
            (n(CW + "subject"), n(d.subject)),
            (n(CW + "object"), n(d.object)),
            (n(CW + "relationship"), n(CW + relationship)),
            (n(CW + "rationaleKind"), n(CW + "Semantic")),
            (
                n(CW + "confidence"),
                pyoxigraph.Literal(str(round(d.confidence, 4)), datatype=n(XSD + "decimal")),
            ),
            (n(CW + "derived"), pyoxigraph.Literal("true", datatype=n(XSD + "boolean"))),
            (n(CW + "pathLength"), pyoxigraph.Literal(str(len(d.path)), datatype=n(XSD + "integer"))),
            (
                n(CW + "justification"),
                pyoxigraph.Literal(
                    f"Composed from {len(d.path)} asserted mappings ({steps}) through shared items.",
                    language="en",
                ),
            ),
            (n(PROV + "wasAttributedTo"), n(DERIVATION_AGENT)),
            (n(DCTERMS + "source"), n(DERIVED_SET)),
            (n(CW + "inMappingSet"), n(DERIVED_SET)),
        ]
        triples += [(n(PROV + "wasDerivedFrom"), n(e.mapping)) for e in d.path]
        triples += [(n(CW + "via"), n(e.object)) for e in d.path[:-1]]
        for predicate, obj in triples:
            yield pyoxigraph.Quad(m, predicate, obj, pyoxigraph.DefaultGraph())


def materialise(store: pyoxigraph.Store, max_length: int = DEFAULT_MAX_LENGTH) -> int:
    """Add the derived mappings to the store and return how many there are."""
    edges, regime_of = asserted_edges(store)
    derived = derive(edges, regime_of, max_length)
    store.extend(derived_quads(derived))
    return len(derived)
