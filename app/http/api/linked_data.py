"""GET /id/{path}: our IRIs dereference here, as RDF for RDF clients and as an HTML page for browsers."""

from __future__ import annotations

from typing import Annotated, Any

import pyoxigraph
from fastapi import APIRouter, Query, Request, Response

from app.crosswalk import catalogue
from app.crosswalk.catalogue import UnknownIdError
from app.http.api.deps import CatalogueDep, choose_format
from app.http.web.errors import not_found_page, prefers_html
from app.http.web.item_view import PREFIXES, item_response

router = APIRouter(tags=["linked data"])
RDF_TYPES = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "html": "text/html",
}
RDF_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
}
RDF_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {t: {} for t in RDF_TYPES.values()}}}


@router.get(
    "/id/{rest:path}", summary="Dereference one of our IRIs", response_class=Response, responses=RDF_RESPONSES
)
def dereference(
    rest: str,
    request: Request,
    cat: CatalogueDep,
    fmt: Annotated[str | None, Query(alias="format", description=", ".join(RDF_TYPES))] = None,
) -> Response:
    """`/id/nist-ai-rmf/GOVERN-1.1` answers for `https://w3id.org/ai-crosswalk/id/nist-ai-rmf/GOVERN-1.1`: its
    triples and its mappings' (Turtle, JSON-LD, N-Triples, RDF/XML by `Accept`), or a page for a browser."""
    try:
        iri, triples = catalogue.describe(cat, cat.base_iri + rest)
    except UnknownIdError as err:
        if fmt is None and prefers_html(request):
            return not_found_page(request, err)
        raise
    triples.sort(key=lambda t: t.subject != pyoxigraph.NamedNode(iri))  # the item's own statements first
    chosen = choose_format(request, fmt, RDF_TYPES)
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
    if chosen == "html":
        return item_response(request, cat, iri, triples, headers)
    regimes = {cat.short_id(i): i + "/" for i, kind in cat.known.items() if kind == "regime"}
    prefixes = {**PREFIXES, **regimes}
    body = pyoxigraph.serialize(triples, format=RDF_FORMATS[chosen], prefixes=prefixes) or b""
    return Response(body, media_type=RDF_TYPES[chosen], headers=headers)
