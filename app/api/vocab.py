"""GET /vocab and GET /vocab/{scheme}: the codes a description may use, with labels and definitions."""

from __future__ import annotations

from fastapi import APIRouter

from app import vocabularies
from app.api.deps import CatalogueDep
from app.api.models import VocabScheme, VocabSchemeRef

router = APIRouter(tags=["vocabularies"])


@router.get("/vocab", summary="The description vocabularies", response_model=list[VocabSchemeRef])
def list_schemes(cat: CatalogueDep) -> list[VocabSchemeRef]:
    """Every scheme a description draws codes from (purpose, role, jurisdiction, sector, capability,
    lifecycle-stage) and the risk tiers a report classifies into, with how many codes each holds."""
    return [VocabSchemeRef.model_validate(s) for s in vocabularies.schemes(cat)]


@router.get("/vocab/{scheme}", summary="One vocabulary's codes", response_model=VocabScheme)
def get_scheme(scheme: str, cat: CatalogueDep) -> VocabScheme:
    """Every code of the scheme in order, with its label, definition, source and the provisions it reads on
    (`seeAlso`). An unknown scheme is a 404 naming the closest known ones."""
    return VocabScheme.model_validate(vocabularies.scheme(cat, scheme))
