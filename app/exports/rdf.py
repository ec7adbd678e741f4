"""RDF exports (Turtle, N-Triples, JSON-LD) straight from the store, derived mappings included."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyoxigraph

from app.exports.rows import MappingRow
from app.exports.vocab import CW, DCTERMS, ID, PROV, RDF, RDFS, SKOS, XSD

FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
PREFIXES = {
    "cw": CW,
    "dcterms": DCTERMS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
    "cwid": ID,
}


def selected_triples(store: pyoxigraph.Store, rows: Sequence[MappingRow]) -> Iterator[pyoxigraph.Triple]:
    """The triples describing each selected mapping and the direct ones between its items, once each."""
    seen: set[pyoxigraph.Triple] = set()
    for row in rows:
        m = pyoxigraph.NamedNode(row.mapping)
        # the direct IR 8477 and SKOS triples run from the stated subject to the stated object
        s, o = (row.subject, row.object) if row.direction == "out" else (row.object, row.subject)
        patterns = [(m, None), (pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(o))]
        for subject, obj in patterns:
            for quad in store.quads_for_pattern(subject, None, obj, pyoxigraph.DefaultGraph()):
                triple = pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)
                if triple not in seen:
                    seen.add(triple)
                    yield triple


def asserted_triples(store: pyoxigraph.Store) -> Iterator[pyoxigraph.Triple]:
    """The default graph less the descriptions of derived mappings."""
    derived_type = pyoxigraph.NamedNode(CW + "DerivedMapping")
    rdf_type = pyoxigraph.NamedNode(RDF + "type")
    derived = {q.subject for q in store.quads_for_pattern(None, rdf_type, derived_type)}
    for quad in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()):
        if quad.subject not in derived:
            yield pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)


def write_rdf(
    store: pyoxigraph.Store,
    fmt: str,
    rows: Sequence[MappingRow] | None = None,
    include_derived: bool = True,
) -> str:
    """Serialise the whole default graph, or only the mappings in ``rows``, as turtle/ntriples/jsonld."""
    rdf_format = FORMATS[fmt]
    prefixes = PREFIXES if rdf_format is pyoxigraph.RdfFormat.TURTLE else None
    if rows is not None:
        data = pyoxigraph.serialize(selected_triples(store, rows), format=rdf_format, prefixes=prefixes)
    elif include_derived:
        data = store.dump(format=rdf_format, from_graph=pyoxigraph.DefaultGraph(), prefixes=prefixes)
    else:
        data = pyoxigraph.serialize(asserted_triples(store), format=rdf_format, prefixes=prefixes)
    return (data or b"").decode("utf-8")
