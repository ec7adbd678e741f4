"""GET /standards/gaps: each M/593 item, the standards that serve it, whether a published one covers it."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from app.crosswalk.standards import presumption_summary, standards_gaps
from app.http.api.crosswalk_models import StandardsGaps
from app.http.api.deps import CatalogueDep

router = APIRouter(tags=["standards"])


@router.get("/standards/gaps", summary="Standards coverage of M/593", response_model=StandardsGaps)
def get_standards_gaps(cat: CatalogueDep) -> StandardsGaps:
    """Each M/593 standardisation item with every standard mapped to it (relationship read from the standard's
    side, status, confidence), `covered` when a published standard is equal to or a superset of it, and the
    drafts that would cover it once published; `gaps` lists the items no published standard covers yet."""
    coverage = standards_gaps(cat.store, cat.root)
    presumption, note = presumption_summary(coverage)
    items = [
        {
            **asdict(item),
            "covered": item.covered,
            "drafts_in_progress": item.drafts_in_progress,
            "presumption_of_conformity": item.presumption_of_conformity,
            "presumption_note": item.presumption_note,
        }
        for item in coverage
    ]
    return StandardsGaps.model_validate(
        {
            "count": len(items),
            "covered": sum(item["covered"] for item in items),
            "gaps": [item["id"] for item in items if not item["covered"]],
            "presumption_of_conformity": presumption,
            "presumption_note": note,
            "items": items,
        }
    )
