"""GET /provisions/{id}: one item with its text, source and every mapping, asserted and derived."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from app.crosswalk import catalogue
from app.crosswalk.versions import provision_as_of
from app.http.api.deps import AnalysisDep, AsOf, CatalogueDep
from app.http.api.regime_models import Provision

router = APIRouter(tags=["provisions"])


@router.get("/provisions/{item:path}", summary="One provision and its mappings", response_model=Provision)
def get_provision(item: str, cat: CatalogueDep, analysis: AnalysisDep, as_of: AsOf = None) -> Provision:
    """Look an item up by short id (`nist-ai-rmf:GOVERN-1.1`, `eu-ai-act:Article-9`) or IRI.

    `mappings.out` holds the mappings stated with the item as subject, `mappings.in` those stated with it as
    object (their relationship read from this item's side); derived ones carry their path. `point_in_time`
    says what the version of its regime in force on `as_of` (default today) makes of it: whether it is part of
    that version, its wording there, and from when it applies, per case, with the clause that sets each date.
    """
    record = catalogue.provision(cat, item)
    index = analysis.index
    record["point_in_time"] = provision_as_of(
        index.timeline,
        record["iri"],
        list(index.ancestors(record["iri"])),
        record["regime_key"],
        as_of or date.today(),
    )
    return Provision.model_validate(record)
