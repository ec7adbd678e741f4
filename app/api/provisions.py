"""GET /provisions/{id}: one item with its text, source and every mapping, asserted and derived."""

from __future__ import annotations

from fastapi import APIRouter

from app import catalogue
from app.api.deps import CatalogueDep
from app.api.models import Provision

router = APIRouter(tags=["provisions"])


@router.get("/provisions/{item:path}", summary="One provision and its mappings", response_model=Provision)
def get_provision(item: str, cat: CatalogueDep) -> Provision:
    """Look an item up by short id (`nist-ai-rmf:GOVERN-1.1`, `eu-ai-act:Article-9`) or IRI.

    `mappings.out` holds the mappings stated with the item as subject, `mappings.in` those stated with it as
    object (their relationship read from this item's side); derived ones carry their path.
    """
    return Provision.model_validate(catalogue.provision(cat, item))
