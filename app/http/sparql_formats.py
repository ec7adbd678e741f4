"""The SPARQL protocol's result formats: the media types offered, content negotiation, the neutral results
of a query written in the format asked for, and the service description."""

from __future__ import annotations

import pyoxigraph
from fastapi import Response

from app.core.errors import ProblemError
from app.graph.sandbox import QueryOutcome

SOLUTION_TYPES = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
    "application/json": pyoxigraph.QueryResultsFormat.JSON,
    "application/xml": pyoxigraph.QueryResultsFormat.XML,
}
BOOLEAN_TYPES = {
    k: v
    for k, v in SOLUTION_TYPES.items()
    if v in (pyoxigraph.QueryResultsFormat.JSON, pyoxigraph.QueryResultsFormat.XML)
}
GRAPH_TYPES = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
}
NEUTRAL = {"solutions": pyoxigraph.QueryResultsFormat.TSV, "boolean": pyoxigraph.QueryResultsFormat.JSON}
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"


def serialise(outcome: QueryOutcome, accept: str | None) -> tuple[bytes, str | None, list[str]]:
    """Write a query's neutral results (SPARQL TSV or JSON, N-Triples) in the format the client accepts."""
    if outcome.kind == "graph":
        graph_type = negotiate(accept, list(GRAPH_TYPES))
        if graph_type is None:
            return b"", None, list(GRAPH_TYPES)
        rdf_format = GRAPH_TYPES[graph_type]
        if rdf_format == pyoxigraph.RdfFormat.N_TRIPLES:
            return outcome.data, graph_type, list(GRAPH_TYPES)
        triples = [q.triple for q in pyoxigraph.parse(outcome.data, format=pyoxigraph.RdfFormat.N_TRIPLES)]
        try:
            return pyoxigraph.serialize(triples, format=rdf_format) or b"", graph_type, list(GRAPH_TYPES)
        except OSError as err:  # JSON-LD cannot carry triple terms (RDF 1.2) yet
            raise ProblemError(
                406, f"the result cannot be written as {graph_type} ({err}): ask for text/turtle or n-triples"
            ) from err
    offers = SOLUTION_TYPES if outcome.kind == "solutions" else BOOLEAN_TYPES
    media_type = negotiate(accept, list(offers))
    if media_type is None:
        return b"", None, list(offers)
    neutral = NEUTRAL[outcome.kind]
    if offers[media_type] == neutral:
        return outcome.data, media_type, list(offers)
    results = pyoxigraph.parse_query_results(outcome.data, format=neutral)
    return results.serialize(format=offers[media_type]) or b"", media_type, list(offers)


def service_description(endpoint: str, accept: str | None, updates: bool = False) -> Response:
    """Describe the endpoint (SPARQL 1.1 Service Description) for clients that GET it without a query."""
    try:
        pyoxigraph.NamedNode(endpoint)
    except ValueError as err:  # the endpoint's IRI is built from the Host header, which the client chose
        detail = f"the Host header does not make a valid IRI for this endpoint: {err}"
        raise ProblemError(400, detail) from err
    service = pyoxigraph.BlankNode("service")  # a fixed label: the same bytes on every request
    triples = [
        pyoxigraph.Triple(service, pyoxigraph.NamedNode(RDF_TYPE), pyoxigraph.NamedNode(SD + "Service")),
        pyoxigraph.Triple(service, pyoxigraph.NamedNode(SD + "endpoint"), pyoxigraph.NamedNode(endpoint)),
        pyoxigraph.Triple(
            service,
            pyoxigraph.NamedNode(SD + "supportedLanguage"),
            pyoxigraph.NamedNode(SD + "SPARQL11Query"),
        ),
    ]
    if updates:
        triples.append(
            pyoxigraph.Triple(
                service,
                pyoxigraph.NamedNode(SD + "supportedLanguage"),
                pyoxigraph.NamedNode(SD + "SPARQL11Update"),
            )
        )
    triples += [
        pyoxigraph.Triple(
            service, pyoxigraph.NamedNode(RDF_TYPE), pyoxigraph.NamedNode(DCAT + "DataService")
        ),
        pyoxigraph.Triple(
            service, pyoxigraph.NamedNode(DCAT + "endpointURL"), pyoxigraph.NamedNode(endpoint)
        ),
        pyoxigraph.Triple(
            service,
            pyoxigraph.NamedNode(DCTERMS + "title"),
            pyoxigraph.Literal("ai-crosswalk", language="en"),
        ),
    ]
    # W3C's format IRIs (www.w3.org/ns/formats/); pyoxigraph names JSON-LD .../ns/formats/data/JSON-LD
    fixed = {pyoxigraph.RdfFormat.JSON_LD.iri: "http://www.w3.org/ns/formats/JSON-LD"}
    formats = [f.iri for f in SOLUTION_TYPES.values()]
    formats += [fixed.get(f.iri, f.iri) for f in GRAPH_TYPES.values()]
    triples += [
        pyoxigraph.Triple(service, pyoxigraph.NamedNode(SD + "resultFormat"), pyoxigraph.NamedNode(iri))
        for iri in dict.fromkeys(formats)
    ]
    media_type = negotiate(accept, list(GRAPH_TYPES))
    if media_type is None:
        raise ProblemError(406, f"none of {', '.join(GRAPH_TYPES)} is acceptable to 'Accept: {accept}'")
    prefixes = {"sd": SD, "dcat": DCAT, "dcterms": DCTERMS}
    body = pyoxigraph.serialize(triples, format=GRAPH_TYPES[media_type], prefixes=prefixes)
    return Response(content=body, media_type=media_type, headers={"Vary": "Accept"})


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """Pick the offered media type the client weights highest (ties go to our order), or None if none fits."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q))
    best, best_q = None, 0.0
    for offer in offers:
        q = max((q for r, q in ranges if _matches(r, offer)), default=0.0)
        if q > best_q:
            best, best_q = offer, q
    return best


def _matches(media_range: str, offer: str) -> bool:
    """Match a media range (``*/*``, ``text/*`` or exact) against one of our types."""
    if media_range in ("*/*", offer):
        return True
    return media_range.endswith("/*") and offer.startswith(media_range[:-1])
