"""One description's RDF, held as rdflib terms in two dictionaries: what validation and the reader ask of it.

A description is a few dozen triples, read a dozen ways (validated, its IRIs checked, read into a
SystemDescription). rdflib.Graph's store made that the larger half of a gap analysis: adding a triple and
iterating over one cost microseconds each through its context machinery. This holds the triples once, in
insertion order, indexed by subject and by predicate, and answers the few rdflib.Graph reads the analysis
uses, by the same names. ``to_rdflib`` gives an rdflib.Graph where one is needed (comparisons, serialisers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import rdflib

Node = rdflib.term.Node
Triple = tuple[Node, Node, Node]


class DescriptionGraph:
    """A set of triples (no duplicates, insertion order kept) with look-ups by subject and by predicate."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: list[Triple] = []
        self._by_subject: dict[Node, dict[Node, dict[Node, None]]] = {}  # dicts: ordered sets
        self._by_predicate: dict[Node, dict[Node, list[Node]]] = {}  # predicate -> object -> subjects
        for triple in triples:
            self.add(triple)

    def add(self, triple: Triple) -> None:
        """Add a triple (a triple already held is not added twice)."""
        s, p, o = triple
        values = self._by_subject.setdefault(s, {}).setdefault(p, {})
        if o in values:  # not the triple: rdflib hashes each term in Python; not a list: quadratic
            return
        values[o] = None
        self._triples.append(triple)
        self._by_predicate.setdefault(p, {}).setdefault(o, []).append(s)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: object) -> bool:
        if not isinstance(triple, tuple) or len(triple) != 3:
            return False
        s, p, o = triple
        return o in self._by_subject.get(s, {}).get(p, ())

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> list[Node]:
        """The objects of the triples with this subject and predicate (either None: any), one per triple."""
        if subject is not None and predicate is not None:
            return list(self._by_subject.get(subject, {}).get(predicate, ()))
        return [o for s, p, o in self._triples if subject in (None, s) and predicate in (None, p)]

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        """The subjects of the triples with this predicate and object."""
        return list(self._by_predicate.get(predicate, {}).get(obj, ()))

    def subject_objects(self, predicate: Node) -> list[tuple[Node, Node]]:
        """The subject and object of each triple with this predicate."""
        return [(s, o) for o, subjects in self._by_predicate.get(predicate, {}).items() for s in subjects]

    def objects_of(self, predicate: Node) -> list[Node]:
        """Each object some triple with this predicate has, once."""
        return list(self._by_predicate.get(predicate, {}))

    def subjects_with(self, predicate: Node) -> list[Node]:
        """Each subject that has this predicate, once."""
        return [s for s, by_predicate in self._by_subject.items() if predicate in by_predicate]

    def value(self, subject: Node | None, predicate: Node) -> Node | None:
        """One object of ``subject``'s ``predicate`` (the first added), or None."""
        found = self._by_subject.get(subject, {}).get(predicate) if subject is not None else None
        return next(iter(found)) if found else None

    def to_rdflib(self) -> rdflib.Graph:
        """The same triples as an rdflib.Graph."""
        graph = rdflib.Graph(bind_namespaces="none")
        for triple in self._triples:
            graph.add(triple)
        return graph
