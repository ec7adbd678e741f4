"""What every router needs from the running app: the catalogue over the store, settings, negotiation.

The look-ups only read ``app.state``, so they are ``async``: FastAPI runs them on the event loop instead of
sending each one through the thread pool (handlers that do real work stay plain ``def``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator

from app.analysis.service import Analysis
from app.core.errors import ProblemError
from app.core.settings import Settings
from app.crosswalk.catalogue import Catalogue, UnknownIdError
from app.crosswalk.versions import iso_date
from app.http.sparql_formats import negotiate
from app.inventory.snapshot import Snapshot


async def current_catalogue(request: Request) -> Catalogue:
    """The catalogue the app's lifespan built; 503 until the graph is loaded."""
    return current_snapshot(request).catalogue


async def current_analysis(request: Request) -> Analysis:
    """The gap-analysis index and description validator built at start; 503 until they are."""
    return current_snapshot(request).analysis


def current_snapshot(request: Request) -> Snapshot:
    """The snapshot of everything built from the graph (app.inventory.snapshot), read once per dependency;
    503 until the lifespan built the first one."""
    snapshot: Snapshot | None = getattr(request.app.state, "snapshot", None)
    if snapshot is None:
        raise ProblemError(503, "the graph is still loading")
    return snapshot


async def current_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def _iso_date(value: object) -> object:
    """Only a calendar date written YYYY-MM-DD: '0' or a timestamp is not silently read as 1970-01-01."""
    return iso_date(value) if isinstance(value, str) else value


AsOf = Annotated[
    date | None,
    BeforeValidator(_iso_date),
    Query(
        description="The date the law is read on (ISO 8601, YYYY-MM-DD; default: today): the version of each "
        "regime in force that day, with that version's dates of application"
    ),
]
CatalogueDep = Annotated[Catalogue, Depends(current_catalogue)]
AnalysisDep = Annotated[Analysis, Depends(current_analysis)]
SettingsDep = Annotated[Settings, Depends(current_settings)]


def unknown_id_problem(err: UnknownIdError) -> ProblemError:
    """404 naming what was asked for and the closest known short ids."""
    hint = f"; did you mean {', '.join(err.suggestions)}?" if err.suggestions else ""
    return ProblemError(
        404,
        f"{err}{hint}",
        title="Unknown identifier",
        extensions={"identifier": err.value, "suggestions": err.suggestions},
    )


def choose_format(request: Request, fmt: str | None, offers: dict[str, str]) -> str:
    """Pick a format name: ``format=`` wins, else the Accept header against the offered media types."""
    if fmt is not None:
        if fmt not in offers:
            raise ProblemError(422, f"unknown format {fmt!r}: use one of {', '.join(offers)}")
        return fmt
    by_type = {media_type: name for name, media_type in offers.items()}
    chosen = negotiate(request.headers.get("accept"), list(by_type))
    if chosen is None:
        raise ProblemError(
            406, f"none of {', '.join(by_type)} is acceptable to 'Accept: {request.headers.get('accept')}'"
        )
    return by_type[chosen]
