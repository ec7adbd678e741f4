"""GET /search?q=: items by notation, label and text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.crosswalk import catalogue
from app.http.api.deps import CatalogueDep
from app.http.api.regime_models import SearchHit, SearchResults

router = APIRouter(tags=["search"])


@router.get("/search", summary="Search items", response_model=SearchResults)
def search(
    cat: CatalogueDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Text to look for (case-insensitive)")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchResults:
    """Ranked: exact notation hits first (`GOVERN 1.1`), then notation prefixes, then labels, then text."""
    hits = [SearchHit.model_validate(h) for h in catalogue.search(cat, q, limit)]
    return SearchResults(q=q, count=len(hits), hits=hits)
