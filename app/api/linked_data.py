"""GET /id/{path}: our IRIs dereference here, as RDF for RDF clients and as an HTML page for browsers."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

import pyoxigraph
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from app import catalogue
from app.api.deps import CatalogueDep, choose_format
from app.catalogue import Catalogue, UnknownIdError
from app.web import link, render

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
PREFIXES = {
    "cw": "https://w3id.org/ai-crosswalk/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SKOS = PREFIXES["skos"]
DCTERMS = PREFIXES["dcterms"]
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
    iri, triples = catalogue.describe(cat, cat.base_iri + rest)
    triples.sort(key=lambda t: t.subject != pyoxigraph.NamedNode(iri))  # the item's own statements first
    chosen = choose_format(request, fmt, RDF_TYPES)
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
    if chosen == "html":
        return HTMLResponse(item_page(cat, iri, triples, str(request.url.path)), headers=headers)
    regimes = {cat.short_id(i): i + "/" for i, kind in cat.known.items() if kind == "regime"}
    prefixes = {**PREFIXES, **regimes}
    body = pyoxigraph.serialize(triples, format=RDF_FORMATS[chosen], prefixes=prefixes) or b""
    return Response(body, media_type=RDF_TYPES[chosen], headers=headers)


def item_page(cat: Catalogue, iri: str, triples: list[pyoxigraph.Triple], path: str) -> str:
    """A plain page for one resource: reference, label, text, source, licence, counterparts, statements."""
    own = [t for t in triples if t.subject == pyoxigraph.NamedNode(iri)]
    first = _first_values(own)
    label = (
        first.get(SKOS + "prefLabel") or first.get(DCTERMS + "title") or first.get(PREFIXES["rdf"] + "label")
    )
    text = first.get(SKOS + "definition") or first.get(DCTERMS + "description")
    kind = cat.known.get(iri, "resource")
    counterparts = "<p>None recorded.</p>"
    if kind == "provision":
        with contextlib.suppress(UnknownIdError):
            counterparts = _counterparts(catalogue.provision(cat, iri))
    regime = first.get(SKOS + "inScheme")
    source, licence = first.get(DCTERMS + "source"), first.get(DCTERMS + "license")
    return render(
        "item.html",
        raw={
            "text": f"<blockquote>{_esc(text)}</blockquote>" if text else "",
            "regime": _local_link(cat, regime) if regime else "—",
            "source": link(source, source) if source else "—",
            "licence": _local_link(cat, licence) if licence else "—",
            "counterparts": counterparts,
            "statements": _statements(cat, own),
        },
        title=f"{first.get(SKOS + 'notation', '')} {label or ''}".strip() or cat.short_id(iri),
        notation=first.get(SKOS + "notation", ""),
        label=label or "",
        iri=iri,
        short=cat.short_id(iri),
        kind=kind,
        self=path,
    )


def _first_values(triples: list[pyoxigraph.Triple]) -> dict[str, str]:
    """First value per predicate, English literals preferred."""
    out: dict[str, str] = {}
    for t in sorted(triples, key=lambda t: 0 if getattr(t.object, "language", None) in (None, "en") else 1):
        if isinstance(t.object, pyoxigraph.NamedNode | pyoxigraph.Literal):
            out.setdefault(t.predicate.value, t.object.value)
    return out


def _counterparts(item: dict[str, Any]) -> str:
    rows = []
    for direction in ("out", "in"):
        for m in item["mappings"][direction]:
            c = m["counterpart"]
            href = "/id/" + c["iri"].split("/id/", 1)[-1]
            rows.append(
                f"<tr><td>{_esc(m['relationship'])}</td><td>{link(href, c['id'])}</td>"
                f"<td>{_esc(c['notation'])} {_esc(c['label'])}</td><td>{_esc(m['confidence'])}</td>"
                f"<td>{'derived' if m['derived'] else 'asserted'}</td>"
                f"<td>{_esc(m['justification'])}</td></tr>"
            )
    if not rows:
        return "<p>None recorded.</p>"
    head = "".join(f"<th>{h}</th>" for h in ("relationship", "item", "reference", "confidence", "", "why"))
    head = f"<tr>{head}</tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _statements(cat: Catalogue, triples: list[pyoxigraph.Triple]) -> str:
    rows = [
        f"<tr><td>{_esc(_curie(t.predicate.value))}</td><td>{_term(cat, t.object)}</td></tr>"
        for t in sorted(triples, key=lambda t: (t.predicate.value, str(t.object)))
    ]
    return f"<table>{''.join(rows)}</table>"


def _term(cat: Catalogue, term: Any) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return _local_link(cat, term.value)
    return _esc(term.value if isinstance(term, pyoxigraph.Literal) else str(term))


def _local_link(cat: Catalogue, iri: str) -> str:
    """Link our own IRIs through this service's /id/, others as they are."""
    if iri.startswith(cat.base_iri):
        return link("/id/" + iri.removeprefix(cat.base_iri), cat.short_id(iri))
    return link(iri, _curie(iri))


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri.removeprefix(namespace)}"
    return iri


def _esc(value: Any) -> str:
    from html import escape

    return escape("" if value is None else str(value))
