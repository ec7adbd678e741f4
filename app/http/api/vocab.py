"""GET /vocab and GET /vocab/{scheme}: the codes a description may use, with labels and definitions."""

from __future__ import annotations

from typing import Annotated

import pyoxigraph
from fastapi import APIRouter, Query, Request, Response

from app.crosswalk import catalogue, vocabularies
from app.http.api.deps import CatalogueDep, choose_format
from app.http.api.linked_data import RDF_FORMATS, RDF_TYPES
from app.http.api.models import VocabScheme, VocabSchemeRef
from app.http.web.item_view import PREFIXES

SCHEME_TYPES = {"json": "application/json", **{k: v for k, v in RDF_TYPES.items() if k in RDF_FORMATS}}

router = APIRouter(tags=["vocabularies"])


@router.get("/vocab", summary="The description vocabularies", response_model=list[VocabSchemeRef])
def list_schemes(cat: CatalogueDep) -> list[VocabSchemeRef]:
    """Every scheme a description draws codes from (purpose, role, jurisdiction, sector, capability,
    lifecycle-stage) and the risk tiers a report classifies into, with how many codes each holds."""
    return [VocabSchemeRef.model_validate(s) for s in vocabularies.schemes(cat)]


@router.get(
    "/vocab/{scheme}",
    summary="One vocabulary's codes",
    response_model=VocabScheme,
    responses={200: {"content": {t: {} for t in SCHEME_TYPES.values() if t != "application/json"}}},
)
def get_scheme(
    scheme: str,
    request: Request,
    cat: CatalogueDep,
    fmt: Annotated[str | None, Query(alias="format", description=", ".join(SCHEME_TYPES))] = None,
) -> VocabScheme | Response:
    """Every code of the scheme in order, with its label, definition, source and the provisions it reads on
    (`see_also`), as JSON, or as the SKOS scheme and its concepts in RDF (`format=turtle`, `jsonld`,
    `ntriples`, `rdfxml`, or by `Accept`). An unknown scheme is a 404 naming the closest known ones."""
    found = vocabularies.scheme(cat, scheme)
    chosen = choose_format(request, fmt, SCHEME_TYPES)
    if chosen == "json":
        return VocabScheme.model_validate(found)
    triples = catalogue.describe(cat, str(found["iri"]))[1]
    for concept in found["concepts"]:
        triples += catalogue.describe(cat, str(concept["iri"]))[1]
    unique = list(dict.fromkeys(triples))
    body = pyoxigraph.serialize(unique, format=RDF_FORMATS[chosen], prefixes=PREFIXES) or b""
    return Response(body, media_type=SCHEME_TYPES[chosen], headers={"Vary": "Accept"})
