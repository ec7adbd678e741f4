"""The HTTP routers of the service, thin over the domain packages (crosswalk, exports, analysis)."""

from __future__ import annotations

from fastapi import APIRouter

from app.http.api import (
    changes,
    crosswalk,
    gaps,
    inventory,
    linked_data,
    mapping_sets,
    provisions,
    regimes,
    search,
    standards,
    systems,
    vocab,
)


def routers() -> list[APIRouter]:
    """Every REST and linked-data router, in the order the OpenAPI document lists them."""
    return [
        regimes.router,
        provisions.router,
        crosswalk.router,
        search.router,
        gaps.router,
        systems.router,
        inventory.router,
        mapping_sets.router,
        changes.router,
        standards.router,
        vocab.router,
        linked_data.router,
    ]
