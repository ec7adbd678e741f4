"""Derived mappings: compose asserted mappings through shared items, once, when the graph is loaded.

Relationships are NIST IR 8477's set relationships. Reading ``A r B`` as a statement about the sets of
outcomes A and B ask for, composing ``A r1 B`` and ``B r2 C`` gives the strongest relationship set semantics
guarantees between A and C (items are never empty, so a shared item means shared content):

* equal is the identity on either side;
* subset∘subset = subset, superset∘superset = superset;
* superset∘subset, intersects∘subset and superset∘intersects = intersects (A and C share B, or part of it);
* anything else (subset∘superset, intersects∘intersects, …) guarantees nothing and yields no mapping.
notRelated never composes: a crosswalk lists what is related, and disjointness is better stated than inferred.

Confidence is the asserter's, and some asserters state none: a mapping imported from a published crosswalk
whose publisher gives no confidence has none (``Edge.confidence`` is None). The rule for such a mapping:

* a derived mapping carries the product of its path's confidences only when every mapping on the path has
  one; a path through an unscored mapping yields a derived mapping with no confidence (a product with an
  unknown factor is unknown, and no number is made up for the publisher);
* ranking (``_rank``) puts every fully scored path before any path through an unscored mapping; among paths
  through unscored mappings, the product of the confidences that are stated decides, then the length. The key
  only gets worse as a path grows (a path never loses an unscored mapping, and every factor is at most 1), so
  the search below stays best-first.

Derivation is bounded, because the pairs of items a few hops apart grow with the square of mapping density
(the scale benchmark, asserted mappings x10 between the same items: 9,760 asserted gave 38,071 derived in 6 s;
x100 did not finish in 60 s). Derived mappings are suggestions with provenance, so we keep the best ones:

* Output: each item keeps its best PER_REGIME derived mappings into each other regime (ranked as ``_rank``
  ranks: fully scored first, most confident, then shortest, then by IRI), and a derived mapping stays when
  either end keeps it.
  Every item keeps its own best PER_REGIME per regime, and the derived set holds at most items * regimes *
  PER_REGIME mappings: linear in the asserted mappings, which touch two items each. A per-item cap is the
  bound that works: a confidence floor or shorter paths would change what the shipped graph derives and still
  let the pairs grow with density squared. Dropped: the weaker suggestions between two items that each have
  PER_REGIME better ones into the other's regime.
* Work: the search from one item is best-first (most confident path first, then shortest), expands paths
  lazily (a popped path queues one sibling and one child per composable relationship, never a whole
  adjacency list) and stops after PATH_BUDGET composed paths, so derivation's heap operations are linear in
  asserted + items * PATH_BUDGET however dense the graph. Dropped: a dense item's paths less confident than
  its PATH_BUDGET-th. Being best-first, a derived mapping's path is still the best path between its ends.

The shipped graph is far from both bounds (every search runs to its end, nothing is dropped), so it derives
exactly what enumerating every path derives; tests/test_derive.py checks that, and ``Truncation`` counts
what the bounds cut, which the scale benchmark reports.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pyoxigraph

from app.core.identifiers import CW, ID, RELATIONSHIPS
from app.graph.queries import SelectSource, load_query, run_select, term_text

PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"

EQUAL, SUBSET, SUPERSET, INTERSECTS, NOT_RELATED = RELATIONSHIPS  # the IR 8477 notations, in their order
INVERSE = {EQUAL: EQUAL, SUBSET: SUPERSET, SUPERSET: SUBSET, INTERSECTS: INTERSECTS, NOT_RELATED: NOT_RELATED}
COMPOSE: dict[tuple[str, str], str] = {
    (SUBSET, SUBSET): SUBSET,
    (SUPERSET, SUPERSET): SUPERSET,
    (SUPERSET, SUBSET): INTERSECTS,
    (INTERSECTS, SUBSET): INTERSECTS,
    (SUPERSET, INTERSECTS): INTERSECTS,
}
INDIVIDUAL = {notation: individual for notation, (individual, _, _) in RELATIONSHIPS.items()}
DERIVATION_AGENT = ID + "agent/ai-crosswalk-derivation"
DERIVED_SET = ID + "mappingset/derived"
DEFAULT_MAX_LENGTH = 3
# The shipped graph needs 6: no derived mapping ranks below 6th at both ends (one end's list reaches 28, prEN
# 18286 into the NIST AI RMF, and stays whole because each NIST subcategory ranks prEN 18286 high); 10 leaves
# room for the crosswalks to grow and is a top ten a reviewer can read.
PER_REGIME = 10
# The shipped graph's largest search walks 69 composed paths; 512 lets an item fill PER_REGIME in each of six
# other regimes eight times over (paths also end at neighbours, same-regime items and targets already found)
# for about 6 ms per item at the scale benchmark's x100.
PATH_BUDGET = 512


def compose(first: str, second: str) -> str | None:
    """The relationship of A to C given A ``first`` B and B ``second`` C, or None when nothing follows."""
    if NOT_RELATED in (first, second):
        return None
    if first == EQUAL:
        return second
    if second == EQUAL:
        return first
    return COMPOSE.get((first, second))


COMPOSITION = {
    (first, second): composed
    for first in INDIVIDUAL
    for second in INDIVIDUAL
    if (composed := compose(first, second)) is not None
}
FOLLOWERS = {
    first: tuple(second for second in INDIVIDUAL if (first, second) in COMPOSITION) for first in INDIVIDUAL
}


@dataclass(frozen=True)
class Edge:
    """One asserted mapping, read from ``subject``'s side (a mapping stated the other way is inverted)."""

    mapping: str
    subject: str
    object: str
    relationship: str
    confidence: Decimal | None  # None: the asserter stated no confidence


@dataclass(frozen=True)
class Derived:
    """A composed mapping with the path of asserted mappings it came from."""

    subject: str
    object: str
    relationship: str
    confidence: Decimal | None  # the product along the path; None when a mapping on it has no confidence
    path: tuple[Edge, ...]

    @property
    def rank(self) -> tuple[bool, Decimal, int]:
        """How good the path is, smaller first (see ``_rank``)."""
        return _rank(self.path)

    @property
    def iri(self) -> str:
        ends = sorted((self.subject, self.object))
        key = "|".join([*ends, *sorted(e.mapping for e in self.path)])
        digest = hashlib.sha1(key.encode(), usedforsecurity=False)
        return f"{ID}mapping/derived/{digest.hexdigest()[:16]}"


def derive(
    edges: Iterable[Edge],
    regime_of: dict[str, str],
    max_length: int = DEFAULT_MAX_LENGTH,
    *,
    per_regime: int = PER_REGIME,
    path_budget: int = PATH_BUDGET,
    truncation: Truncation | None = None,
) -> list[Derived]:
    """Compose paths of 2..max_length asserted mappings between items of different regimes, within the bounds.

    Per pair of end items only the best path is kept (highest confidence product, then shortest), one
    mapping per unordered pair, and never where an asserted mapping already links the pair; each item keeps
    ``per_regime`` per other regime from the first ``path_budget`` paths of its search (see the module).
    """
    adjacency = _adjacency(edges)
    cut = truncation if truncation is not None else Truncation()
    best: dict[tuple[str, str], Derived] = {}
    found: set[tuple[str, str]] = set()
    for start in sorted(adjacency):
        neighbours = {e.object for bucket in adjacency[start].values() for e in bucket}
        targets: dict[str, Derived] = {}
        for d in _paths_from(start, adjacency, max_length, path_budget, cut):
            if d.object in neighbours or regime_of.get(d.subject) == regime_of.get(d.object):
                continue
            current = targets.get(d.object)
            if current is None or _better(d, current):
                targets[d.object] = d
        found.update(_ends(d) for d in targets.values())
        for d in _best_per_regime(targets.values(), regime_of, per_regime):
            key = _ends(d)
            current = best.get(key)
            if current is None or _better(d, current):
                best[key] = d if d.subject == key[0] else _reverse(d)
    cut.dropped += len(found) - len(best)
    return sorted(best.values(), key=lambda d: (d.subject, d.object))


@dataclass
class Truncation:
    """What the bounds cut: nothing on the shipped graph; the scale benchmark reports it at higher density."""

    searches: int = 0  # searches stopped at the path budget with paths left to walk
    dropped: int = 0  # pairs of items a search linked that neither end kept


class _Cursor(NamedTuple):
    """A position in one bucket: the next edge that may extend ``path``."""

    path: tuple[Edge, ...]
    relationship: str
    confidence: Decimal  # the product of the stated confidences on ``path``
    unscored: bool  # a mapping on ``path`` has no confidence
    bucket: list[Edge]
    position: int


def stated(confidence: Decimal | None) -> Decimal:
    """A confidence as a factor of the product that ranks paths: an unstated one counts 1 there, and the path
    is marked unscored, which ranks it after every scored path (``_rank``)."""
    return Decimal(1) if confidence is None else confidence


def _rank(path: Iterable[Edge]) -> tuple[bool, Decimal, int]:
    """The documented order of paths, smaller first: every mapping scored before any unscored one, then the
    higher product of the stated confidences, then the shorter path."""
    edges = tuple(path)
    product = Decimal(1)
    for e in edges:
        product *= stated(e.confidence)
    return (any(e.confidence is None for e in edges), -product, len(edges))


def _adjacency(edges: Iterable[Edge]) -> dict[str, dict[str, list[Edge]]]:
    """Each item's mappings read from its side, by relationship, most confident first, in a stable order."""
    adjacency: dict[str, dict[str, list[Edge]]] = {}
    for e in edges:
        if e.relationship == NOT_RELATED or e.subject == e.object:
            continue
        for edge in (e, Edge(e.mapping, e.object, e.subject, INVERSE[e.relationship], e.confidence)):
            adjacency.setdefault(edge.subject, {}).setdefault(edge.relationship, []).append(edge)
    for buckets in adjacency.values():
        for bucket in buckets.values():
            bucket.sort(key=lambda e: (e.confidence is None, -stated(e.confidence), e.object, e.mapping))
    return adjacency


def _paths_from(
    start: str,
    adjacency: dict[str, dict[str, list[Edge]]],
    max_length: int,
    budget: int,
    cut: Truncation,
) -> Iterator[Derived]:
    """Yield the composable simple paths from ``start`` of 2 or more edges, best first, at most ``budget``.

    A path's rank (``_rank``) never improves as it grows (a path keeps an unscored mapping once it has one,
    and every stated confidence is at most 1), so every path a pop queues ranks no better than the popped
    one: paths come out in ``_rank``'s order but for the IRI among equals.
    """
    heap: list[tuple[bool, Decimal, int, int, _Cursor]] = []
    order = itertools.count()

    def queue(cursor: _Cursor) -> None:
        """Queue ``cursor`` by the rank of the path it yields, then first come first."""
        edge = cursor.bucket[cursor.position]
        rank = (
            cursor.unscored or edge.confidence is None,
            -cursor.confidence * stated(edge.confidence),
            len(cursor.path) + 1,
        )
        heapq.heappush(heap, (*rank, next(order), cursor))

    def extend(path: tuple[Edge, ...], relationship: str, confidence: Decimal, unscored: bool) -> None:
        """Queue the first edge off ``path`` in each bucket whose relationship composes after it."""
        buckets = adjacency[path[-1].object if path else start]
        visited = {start, *(e.object for e in path)}
        for following in FOLLOWERS[relationship]:
            bucket = buckets.get(following, [])
            if (position := _next_off(bucket, 0, visited)) is not None:
                queue(_Cursor(path, relationship, confidence, unscored, bucket, position))

    extend((), EQUAL, Decimal(1), False)
    composed = 0
    while heap:
        if composed == budget:
            cut.searches += 1
            return
        _, _, length, _, cursor = heapq.heappop(heap)
        visited = {start, *(e.object for e in cursor.path)}
        if (sibling := _next_off(cursor.bucket, cursor.position + 1, visited)) is not None:
            queue(cursor._replace(position=sibling))
        edge = cursor.bucket[cursor.position]
        path = (*cursor.path, edge)
        relationship = COMPOSITION[cursor.relationship, edge.relationship]
        confidence = cursor.confidence * stated(edge.confidence)
        unscored = cursor.unscored or edge.confidence is None
        if length >= 2:
            composed += 1
            yield Derived(start, edge.object, relationship, None if unscored else confidence, path)
        if length < max_length:
            extend(path, relationship, confidence, unscored)


def _next_off(bucket: list[Edge], index: int, visited: set[str]) -> int | None:
    """The first position from ``index`` whose edge leads off the path (paths are simple), if any."""
    for i in range(index, len(bucket)):
        if bucket[i].object not in visited:
            return i
    return None


def _best_per_regime(
    targets: Iterable[Derived], regime_of: dict[str, str], per_regime: int
) -> Iterator[Derived]:
    """The ``per_regime`` best of one item's derived mappings into each regime."""
    by_regime: dict[str | None, list[Derived]] = {}
    for d in targets:
        by_regime.setdefault(regime_of.get(d.object), []).append(d)
    for found in by_regime.values():
        yield from sorted(found, key=lambda d: (*d.rank, d.iri))[:per_regime]


def _ends(d: Derived) -> tuple[str, str]:
    """The unordered pair of ``d``'s end items, as a key."""
    return (d.subject, d.object) if d.subject < d.object else (d.object, d.subject)


def _better(a: Derived, b: Derived) -> bool:
    """Prefer the better ranked path (``_rank``: scored, more confident, shorter), then a stable IRI order."""
    ka, kb = a.rank, b.rank
    return ka < kb or (ka == kb and a.iri < b.iri)


def _reverse(d: Derived) -> Derived:
    """The same derived mapping read from the other end, its path walked backwards."""
    path = tuple(Edge(e.mapping, e.object, e.subject, INVERSE[e.relationship], e.confidence) for e in d.path)
    return Derived(d.object, d.subject, INVERSE[d.relationship], d.confidence, path[::-1])


def confidence_of(text: str | None) -> Decimal | None:
    """A mapping's confidence from the query's ``?confidence`` (unbound or empty: none stated)."""
    return Decimal(text) if text else None


def written_confidence(confidence: Decimal | None) -> Decimal | None:
    """A derived mapping's confidence as the graph holds it: rounded to 4 places, or none."""
    return None if confidence is None else Decimal(str(round(confidence, 4)))


def asserted_edges(source: pyoxigraph.Store | SelectSource, root: Path) -> tuple[list[Edge], dict[str, str]]:
    """Read the asserted mappings and the regime of every item they touch, on any back end."""
    _, rows = run_select(source, load_query("asserted-mappings", root))
    edges: list[Edge] = []
    regime_of: dict[str, str] = {}
    for row in rows:
        subject, obj = term_text(row["subject"]), term_text(row["object"])
        regime_of[subject], regime_of[obj] = term_text(row["subjectRegime"]), term_text(row["objectRegime"])
        edges.append(
            Edge(
                term_text(row["mapping"]),
                subject,
                obj,
                term_text(row["relationship"]),
                confidence_of(term_text(row.get("confidence"))),
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
        if (confidence := written_confidence(d.confidence)) is not None:
            triples.append(
                (n(CW + "confidence"), pyoxigraph.Literal(str(confidence), datatype=n(XSD + "decimal")))
            )
        triples += [(n(PROV + "wasDerivedFrom"), n(e.mapping)) for e in d.path]
        triples += [(n(CW + "via"), n(e.object)) for e in d.path[:-1]]
        for predicate, obj in triples:
            yield pyoxigraph.Quad(m, predicate, obj, pyoxigraph.DefaultGraph())


def materialise(
    store: pyoxigraph.Store,
    root: Path,
    max_length: int = DEFAULT_MAX_LENGTH,
    truncation: Truncation | None = None,
) -> int:
    """Add the derived mappings to the store and return how many there are."""
    edges, regime_of = asserted_edges(store, root)
    derived = derive(edges, regime_of, max_length, truncation=truncation)
    store.extend(derived_quads(derived))
    return len(derived)
