"""Descriptions in the published JSON form, turned straight into the triples JSON-LD gives them.

Running rdflib's JSON-LD processor costs about 1 ms a description, most of it re-processing the same context.
A description that uses the published context (by its URL, or none) and keeps to the fields it defines and
plain value shapes (strings or lists of strings, measures as objects, codes and short ids as the context
expands them) is read here directly; anything else (other keywords or terms, compact IRIs with other
prefixes, relative IRIs, numbers, nulls) gets None and goes through the JSON-LD processor. What a field means
is read from the context itself (``PlainForm.of``), so the two cannot drift apart; the tests check that both
readers give the same graph on every example and on generated descriptions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import rdflib
from rdflib.namespace import RDF

from app.analysis.description_graph import DescriptionGraph
from app.core import identifiers

CW = rdflib.Namespace(identifiers.CW)  # the one rdflib form of the ontology's namespace
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
# An absolute IRI whose scheme is not a term and that holds nothing a JSON-LD processor would rewrite.
ABSOLUTE = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):[^\s<>\"{}|\\^`]*")


@dataclass(frozen=True)
class Field:
    """A property term of the context: text, a code (``@vocab``), a reference (``@id``) or a nested object."""

    prop: rdflib.URIRef
    kind: str
    vocab: str = ""
    terms: Mapping[str, rdflib.URIRef] = field(default_factory=dict)
    fields: Mapping[str, Field] = field(default_factory=dict)


@dataclass(frozen=True)
class PlainForm:
    """What the published context says a plain description may hold, read once from the context."""

    fields: Mapping[str, Field]
    id_keys: frozenset[str]
    type_keys: frozenset[str]
    types: frozenset[str]
    prefixes: Mapping[str, str]
    terms: frozenset[str]
    node_keys: frozenset[str]  # what says which node a description is, not what it holds

    @classmethod
    def of(cls, context: Mapping[str, Any]) -> PlainForm:
        """Read the form from the ``@context`` object of the published context."""
        prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        types = {
            k for k, v in context.items() if isinstance(v, str) and _expand(v, prefixes) == str(CW.AISystem)
        }
        id_keys = frozenset({"@id", *(k for k, v in context.items() if v == "@id")})
        type_keys = frozenset({"@type", *(k for k, v in context.items() if v == "@type")})
        return cls(
            fields=_fields(context, prefixes),
            id_keys=id_keys,
            type_keys=type_keys,
            types=frozenset({*types, "cw:AISystem", str(CW.AISystem)}),
            prefixes={k: v["@id"] for k, v in context.items() if isinstance(v, dict) and v.get("@prefix")},
            terms=frozenset(_names(context)),
            node_keys=frozenset({"@context", *id_keys, *type_keys}),
        )


def _fields(context: Mapping[str, Any], prefixes: Mapping[str, str]) -> dict[str, Field]:
    """The property terms of one context (not prefixes), each with what its values become."""
    out: dict[str, Field] = {}
    for name, definition in context.items():
        if not isinstance(definition, dict) or "@id" not in definition or definition.get("@prefix"):
            continue
        prop = rdflib.URIRef(_expand(definition["@id"], prefixes))
        scoped: dict[str, Any] = definition.get("@context", {})
        if definition.get("@type") == "@vocab":
            terms = {
                k: rdflib.URIRef(_expand(v, prefixes)) for k, v in scoped.items() if not k.startswith("@")
            }
            out[name] = Field(prop, "code", vocab=scoped["@vocab"], terms=terms)
        elif definition.get("@type") == "@id":
            out[name] = Field(prop, "reference")
        elif scoped:
            out[name] = Field(prop, "nested", fields=_fields(scoped, prefixes))
        else:
            out[name] = Field(prop, "text")
    return out


def _names(context: Mapping[str, Any]) -> set[str]:
    """Every term a context defines at any depth (a code equal to one expands to the term, not the vocab)."""
    names = {k for k in context if not k.startswith("@")}
    for definition in context.values():
        if isinstance(definition, dict) and isinstance(definition.get("@context"), dict):
            names |= _names(definition["@context"])
    return names


def _expand(value: str, prefixes: Mapping[str, str]) -> str:
    prefix, colon, suffix = value.partition(":")
    return prefixes[prefix] + suffix if colon and prefix in prefixes else value


def description_triples(document: dict[str, Any], form: PlainForm) -> DescriptionGraph | None:
    """The description's graph when ``document`` keeps to the plain form, else None."""
    try:
        return _Reader(form).system(document)
    except _NotPlainError:
        return None


class _NotPlainError(Exception):
    """The document needs the full JSON-LD processor."""


class _Reader:
    def __init__(self, form: PlainForm) -> None:
        self.form = form
        self.graph = DescriptionGraph()
        self.blank_nodes = 0

    def blank_node(self) -> rdflib.BNode:
        """A fresh blank node, named by a counter: rdflib's default draws a uuid4 (a system call) for each."""
        self.blank_nodes += 1
        return rdflib.BNode(f"b{self.blank_nodes}")

    def system(self, document: dict[str, Any]) -> DescriptionGraph:
        form = self.form
        ids = [document[k] for k in form.id_keys if k in document]
        types = [document[k] for k in form.type_keys if k in document]
        if len(ids) > 1 or len(types) != 1 or not isinstance(types[0], str) or types[0] not in form.types:
            raise _NotPlainError
        node = self.iri(ids[0]) if ids else self.blank_node()
        self.graph.add((node, RDF.type, CW.AISystem))
        self.properties(node, document, form.fields, form.node_keys)
        return self.graph

    def properties(
        self,
        node: rdflib.term.Node,
        values: dict[str, Any],
        fields: Mapping[str, Field],
        skip: frozenset[str] = frozenset(),
    ) -> None:
        """Add each key's values as its term defines; a key the context lacks needs the processor."""
        add = self.graph.add
        for key, value in values.items():
            term = fields.get(key)
            if term is None:
                if key in skip:
                    continue
                raise _NotPlainError
            if term.kind == "nested":
                for item in value if isinstance(value, list) else [value]:
                    add((node, term.prop, self.nested(item, term.fields)))
            else:
                for text in _strings(value):
                    add((node, term.prop, self.value(term, text)))

    def nested(self, value: Any, fields: Mapping[str, Field]) -> rdflib.BNode:
        if not isinstance(value, dict) or not value:
            raise _NotPlainError
        node = self.blank_node()
        self.properties(node, value, fields)
        return node

    def value(self, term: Field, text: str) -> rdflib.term.Node:
        """One string as its term expands it: a literal, a code or a reference."""
        if term.kind == "code":
            return self.code(text, term)
        if term.kind == "reference":
            return self.reference(text)
        return rdflib.Literal(text)

    def code(self, code: str, term: Field) -> rdflib.URIRef:
        """A code as ``@type: @vocab`` expands it: a scoped term, or the vocabulary IRI plus the code."""
        if code in term.terms:
            return term.terms[code]
        if code in self.form.terms or not CODE.fullmatch(code):
            raise _NotPlainError
        return _uri(term.vocab + code)

    def reference(self, text: str) -> rdflib.URIRef:
        """A provision reference as ``@type: @id`` expands it: a short id of a regime, or an absolute IRI."""
        prefix, colon, slug = text.partition(":")
        if colon and prefix in self.form.prefixes and SLUG.fullmatch(slug):
            return _uri(self.form.prefixes[prefix] + slug)
        return self.iri(text)

    def iri(self, value: Any) -> rdflib.URIRef:
        """An absolute IRI used as is; compact, relative and blank-node identifiers need the processor."""
        if not isinstance(value, str):
            raise _NotPlainError
        match = ABSOLUTE.fullmatch(value)
        if match is None or match["scheme"] in self.form.terms or match["scheme"] == "_":
            raise _NotPlainError
        return rdflib.URIRef(value)


@lru_cache(maxsize=65536)
def _uri(text: str) -> rdflib.URIRef:
    """One URIRef per code or provision IRI: rdflib checks each new one character by character, and the same
    codes and provisions recur in every description of a portfolio."""
    return rdflib.URIRef(text)


def _strings(value: Any) -> list[str]:
    """A JSON-LD value that is a string or a flat list of strings, as that list."""
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) for v in values):
        raise _NotPlainError
    return values
