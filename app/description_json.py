"""Descriptions in the published JSON form, turned straight into the triples JSON-LD gives them.

Running rdflib's JSON-LD processor costs about 1 ms a description, most of it re-processing the same context.
A description that uses the published context (by its URL, or none) and keeps to the documented fields and
value shapes (strings or lists of strings, measures as objects, codes and short ids as the context expands
them) is read here directly; anything else (other keywords or terms, compact IRIs with other prefixes,
relative IRIs, numbers, nulls) gets None and goes through the JSON-LD processor. The tests check that both
give the same graph on every example and on generated descriptions.
"""

from __future__ import annotations

import re
from typing import Any

import rdflib
from rdflib.namespace import DCTERMS, RDF

CW = rdflib.Namespace("https://w3id.org/ai-crosswalk/ontology#")
ID = "https://w3id.org/ai-crosswalk/id/"
VOCAB = ID + "vocab/"

# JSON field -> (property, vocabulary the context's @vocab expands a code against).
CODES = {
    "purposes": (CW.hasPurpose, VOCAB + "purpose/"),
    "roles": (CW.hasRole, VOCAB + "role/"),
    "markets": (CW.market, VOCAB + "jurisdiction/"),
    "sectors": (CW.hasSector, VOCAB + "sector/"),
    "capabilities": (CW.hasCapability, VOCAB + "capability/"),
    "lifecycle_stage": (CW.lifecycleStage, VOCAB + "lifecycle-stage/"),
}
TEXT = {"name": DCTERMS.title, "description": DCTERMS.description}
MEASURE_TEXT = {"id": CW.measureId, "description": DCTERMS.description, "evidence": CW.evidence}
STATUS_VOCAB = VOCAB + "measure-status/"
STATUS_TERMS = {"implemented": CW.Implemented, "partial": CW.Partial, "planned": CW.Planned}
REGIME_PREFIXES = ("eu-ai-act", "m593", "g7-hcoc", "nist-ai-rmf", "jp-aigfb", "jp-sectors", "standards")
TYPES = {"AISystem", "cw:AISystem", str(CW.AISystem)}
# Every term the context defines at any level: a code equal to one expands to the term, not the vocabulary.
TERMS = {"cw", "dcterms", "xsd", "id", "type", "AISystem", "measures", "addresses", "status", "evidence"}
TERMS |= {*TEXT, *CODES, *STATUS_TERMS, *REGIME_PREFIXES}
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
# An absolute IRI whose scheme is not a term and that holds nothing a JSON-LD processor would rewrite.
ABSOLUTE = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):[^\s<>\"{}|\\^`]*")


def description_triples(document: dict[str, Any], context: dict[str, Any]) -> rdflib.Graph | None:
    """The description's graph when ``document`` is in the plain published form, else None."""
    if document.get("@context") is not context:
        return None
    try:
        return _Reader().system(document)
    except _NotPlainError:
        return None


class _NotPlainError(Exception):
    """The document needs the full JSON-LD processor."""


class _Reader:
    def __init__(self) -> None:
        # rdflib's SimpleMemory store: half the cost of the default one, and a description needs no contexts
        self.graph = rdflib.Graph(store="SimpleMemory", bind_namespaces="none")
        self.blank_nodes = 0

    def blank_node(self) -> rdflib.BNode:
        """A fresh blank node, named by a counter: rdflib's default draws a uuid4 (a system call) for each."""
        self.blank_nodes += 1
        return rdflib.BNode(f"b{self.blank_nodes}")

    def system(self, document: dict[str, Any]) -> rdflib.Graph:
        ids = [document[k] for k in ("id", "@id") if k in document]
        types = [document[k] for k in ("type", "@type") if k in document]
        if len(ids) > 1 or len(types) != 1 or not isinstance(types[0], str) or types[0] not in TYPES:
            raise _NotPlainError
        node = _iri(ids[0]) if ids else self.blank_node()
        add = self.graph.add
        add((node, RDF.type, CW.AISystem))
        for key, value in document.items():
            if key in ("@context", "id", "@id", "type", "@type"):
                continue
            if key in TEXT:
                for text in _strings(value):
                    add((node, TEXT[key], rdflib.Literal(text)))
            elif key in CODES:
                prop, vocab = CODES[key]
                for code in _strings(value):
                    add((node, prop, _code(code, vocab, {})))
            elif key == "measures":
                for measure in value if isinstance(value, list) else [value]:
                    add((node, CW.hasMeasure, self.measure(measure)))
            else:
                raise _NotPlainError
        return self.graph

    def measure(self, measure: Any) -> rdflib.BNode:
        if not isinstance(measure, dict) or not measure:
            raise _NotPlainError
        node = self.blank_node()
        add = self.graph.add
        for key, value in measure.items():
            if key in MEASURE_TEXT:
                for text in _strings(value):
                    add((node, MEASURE_TEXT[key], rdflib.Literal(text)))
            elif key == "addresses":
                for reference in _strings(value):
                    add((node, CW.addresses, _reference(reference)))
            elif key == "status":
                for code in _strings(value):
                    add((node, CW.measureStatus, _code(code, STATUS_VOCAB, STATUS_TERMS)))
            else:
                raise _NotPlainError
        return node


def _strings(value: Any) -> list[str]:
    """A JSON-LD value that is a string or a flat list of strings, as that list."""
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in values):
        raise _NotPlainError
    return values


def _code(code: str, vocab: str, terms: dict[str, rdflib.URIRef]) -> rdflib.URIRef:
    """A code as ``@type: @vocab`` expands it: a scoped term, or the vocabulary IRI plus the code."""
    if code in terms:
        return terms[code]
    if code in TERMS or not CODE.fullmatch(code):
        raise _NotPlainError
    return rdflib.URIRef(vocab + code)


def _reference(text: str) -> rdflib.URIRef:
    """A provision reference as ``@type: @id`` expands it: a short id of a regime, or an absolute IRI."""
    prefix, colon, slug = text.partition(":")
    if colon and prefix in REGIME_PREFIXES and SLUG.fullmatch(slug):
        return rdflib.URIRef(f"{ID}{prefix}/{slug}")
    return _iri(text)


def _iri(value: Any) -> rdflib.URIRef:
    """An absolute IRI used as is; compact, relative and blank-node identifiers need the processor."""
    if not isinstance(value, str):
        raise _NotPlainError
    match = ABSOLUTE.fullmatch(value)
    if match is None or match["scheme"] in TERMS or match["scheme"] == "_":
        raise _NotPlainError
    return rdflib.URIRef(value)
