"""AI-system descriptions read from JSON, JSON-LD or Turtle into RDF, without fetching anything.

The JSON form is JSON-LD under the published context (app/analysis/context.jsonld), so every accepted form
becomes the same RDF, and shapes/system.ttl decides what is valid (app.analysis.validation). Nothing is read
from the network: a remote @context or @import is refused, not followed. What a description is lives in
app.analysis.description_model, what a JSON one may not do in app.analysis.description_screen.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pyoxigraph
import rdflib
import rdflib.plugins.shared.jsonld.context as _jsonld_context

from app.analysis.description_graph import DescriptionGraph
from app.analysis.description_json import CW, description_triples
from app.analysis.description_model import (
    JSON_TYPES,
    TURTLE_TYPES,
    InvalidDescriptionError,
    Issue,
    context,
    field_of,
    plain_form,
    refused,
    shown,
)
from app.analysis.description_screen import screen, without_extensions
from app.analysis.limits import SURROGATE, has_lone_surrogate, lone_surrogate
from app.core.identifiers import CONTEXT_URL

MAX_DEPTH = 20
# Relative IRIs are resolved against this base, never the working directory, and then refused by field.
RELATIVE_BASE = "https://relative.invalid/"


def plain_triples(document: dict[str, Any]) -> DescriptionGraph | None:
    """A description under the published context, read directly; None when it needs the JSON-LD processor."""
    if document.get("@context") is not context()["@context"]:
        return None
    return description_triples(document, plain_form())


def parse_description(
    body: bytes | str | dict[str, Any], media_type: str = "application/json"
) -> DescriptionGraph:
    """Turn a description in any accepted form into RDF, or raise InvalidDescriptionError saying why not."""
    kind = media_type.split(";")[0].strip().lower()
    if kind in TURTLE_TYPES:
        graph = rdflib.Graph()
        try:
            graph.parse(
                data=body if isinstance(body, str | bytes) else json.dumps(body),
                format="turtle",
                publicID=RELATIVE_BASE,
            )
        except Exception as err:  # rdflib raises many parser exception types
            raise InvalidDescriptionError([refused("body", f"not valid Turtle: {err}", "syntax")]) from err
        for triple in graph:
            if any(has_lone_surrogate(str(term)) for term in triple):
                field = field_of(triple[1], None)
                field = "body" if not field or has_lone_surrogate(field) else field
                raise InvalidDescriptionError([Issue(field, "", "", "", "encoding", f"{field} {SURROGATE}")])
        return _checked_iris(DescriptionGraph(graph))
    if kind not in JSON_TYPES:
        raise InvalidDescriptionError([refused("body", f"unsupported media type {kind!r}", "media-type")])
    document = body if isinstance(body, dict) else _load_json(body)
    screen(document)
    document = with_local_context(without_extensions(document))
    plain = plain_triples(document)
    if plain is not None:
        return _checked_iris(plain)
    graph = rdflib.Graph()
    try:
        graph.parse(data=json.dumps(document), format="json-ld", base=RELATIVE_BASE)
    except InvalidDescriptionError:
        raise
    except Exception as err:  # the JSON-LD processor raises many exception types
        raise InvalidDescriptionError([refused("body", f"not valid JSON-LD: {err}", "syntax")]) from err
    return _checked_iris(DescriptionGraph(graph))


def _checked_iris(graph: DescriptionGraph) -> DescriptionGraph:
    """Refuse IRIs no RDF store accepts (a code like '}.%' makes one), naming the field they came from."""
    issues = []
    for s, p, o in graph:
        for node, where in ((s, "id"), (p, "body"), (o, "")):
            if isinstance(node, rdflib.URIRef) and not _acceptable(node):
                where = where or field_of(p, None) or "body"
                if str(node).startswith(RELATIVE_BASE):
                    relative = str(node).removeprefix(RELATIVE_BASE)
                    message = "a relative IRI: write an absolute IRI (urn:…, https://…) or a short id"
                    issues.append(Issue(where, shown(s), str(p), relative[:200], "relative-iri", message))
                else:
                    issues.append(Issue(where, shown(s), str(p), str(node), "iri", "not a valid code or IRI"))
    if issues:
        raise InvalidDescriptionError(sorted(set(issues)))
    return graph


@lru_cache(maxsize=65536)
def _acceptable(iri: str) -> bool:
    """Whether an IRI is absolute and every RDF store accepts it (asked once per IRI: codes and provisions
    recur in every description of a portfolio)."""
    if iri.startswith(RELATIVE_BASE):
        return False
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


def _load_json(body: bytes | str) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as err:
        raise InvalidDescriptionError([refused("body", f"not valid JSON: {err}", "syntax")]) from err
    if not isinstance(document, dict):
        raise InvalidDescriptionError([refused("body", "a description is a JSON object", "type")])
    if _depth(document) > MAX_DEPTH:
        raise InvalidDescriptionError([refused("body", f"nested deeper than {MAX_DEPTH} levels", "depth")])
    if (where := lone_surrogate(document)) is not None:
        raise InvalidDescriptionError([Issue(where, "", "", "", "encoding", f"{where} {SURROGATE}")])
    return document


def _depth(value: dict[str, Any] | list[Any], level: int = 0) -> int:
    """How deeply a JSON value nests, stopping early once past the limit (only containers are visited)."""
    if level > MAX_DEPTH:
        return level
    children = value.values() if isinstance(value, dict) else value
    return max((_depth(v, level + 1) for v in children if isinstance(v, dict | list)), default=level + 1)


def with_local_context(document: dict[str, Any]) -> dict[str, Any]:
    """Use the packaged context for ours or none; refuse any context that would be fetched."""
    document = dict(document)
    given = document.get("@context")
    if given is None or given == CONTEXT_URL:
        document["@context"] = context()["@context"]
    elif isinstance(given, list) and CONTEXT_URL in given:
        document["@context"] = [context()["@context"] if c == CONTEXT_URL else c for c in given]
    if _mentions_remote(document["@context"]):
        raise InvalidDescriptionError(
            [
                refused(
                    "body",
                    "a remote @context or @import is not fetched: use the published context inline",
                    "remote",
                )
            ]
        )
    if "@type" not in document and "type" not in document:
        document["@type"] = str(CW.AISystem)
    return document


def _mentions_remote(value: Any) -> bool:
    """True if a context (or anything inside it) names a document to load."""
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(_mentions_remote(v) for v in value)
    if isinstance(value, dict):
        return "@import" in value or any(
            isinstance(v, dict) and "@context" in v and _mentions_remote(v["@context"])
            for v in value.values()
        )
    return False


def _refuse_fetch(*_: Any, **__: Any) -> Any:
    """rdflib's JSON-LD document loader, replaced: no context is ever fetched, from the network or a file."""
    raise InvalidDescriptionError(
        [
            refused(
                "@context", "a remote @context or @import is not fetched: use the published context", "remote"
            )
        ]
    )


# The one loader of every JSON-LD path in this process (descriptions are screened first: a backstop).
setattr(_jsonld_context, "source_to_json", _refuse_fetch)  # noqa: B010 - a module's global, by name
