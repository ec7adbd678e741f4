"""The inventory over HTTP: PUT/GET/DELETE /systems/{id}, GET /systems, /systems/{id}/gaps and /portfolio.

Thin over app.inventory.systems. ``{id}`` is the description's id percent-encoded as one path segment
(``/`` as ``%2F``): the routes match on the raw path, so an id holding ``/`` or ``%`` is one segment. Writes
need ``Authorization: Bearer <CROSSWALK_WRITE_TOKEN>``; reads need ``CROSSWALK_READ_TOKEN`` (or the write
token) only when one is set.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Literal
from urllib.parse import unquote

import anyio.to_thread
import pyoxigraph
from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match
from starlette.types import Scope

from app.analysis.description_model import InvalidDescriptionError, read_system, system_iri
from app.analysis.gaps import analyse
from app.core.errors import ProblemError
from app.core.resources import resource_root
from app.core.settings import Settings
from app.http.api.cpu_bound import run_analysis
from app.http.api.deps import AnalysisDep, AsOf, SettingsDep, choose_format
from app.http.api.gaps import ReportFormat, choose_report_format, report_response
from app.http.api.models import GapReport
from app.http.api.stored import Stored
from app.http.api.systems import DESCRIPTION_REQUEST, DescriptionBody, description_problem
from app.http.auth import READ, WRITE
from app.inventory.systems import (
    Inventory,
    description_json,
    open_inventory,
    portfolio,
    stored_triples,
    to_rdflib,
)

ESCAPED = "crosswalk.escaped_path"
SLASH = re.compile("%2[fF]")
RDF_TYPES = {
    "turtle": ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
}
SYSTEM_TYPES = {"json": "application/json", **{k: v[0] for k, v in RDF_TYPES.items()}}
STRING = {"type": "string"}
SYSTEMS = Stored("system", "the inventory store", "/systems")


class SystemPathRoute(APIRoute):
    """Match ``/systems/{id}`` on the raw path, so ``%2F`` inside an id stays inside its segment."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        raw = scope.get("raw_path")
        if scope["type"] != "http" or not raw:
            return super().matches(scope)
        pieces = [unquote(p) for p in SLASH.split(raw.decode("latin-1"))]
        escaped = "%2F".join(p.replace("%", "%25") for p in pieces)
        match, child = super().matches({**scope, "path": escaped})
        return match, {**child, ESCAPED: True} if match != Match.NONE else child


class SystemRecord(BaseModel):
    id: str = Field(description="The system's id (an IRI)", examples=["urn:example:cv-ranker"])
    name: str
    graph: str = Field(description="The named graph holding it: …/id/system/<sha-256 of the id>")
    modified: str = Field(description="When it was last stored (xsd:dateTime, UTC)")
    href: str = Field(description="Its path on this service")


class SystemList(BaseModel):
    count: int = Field(description="How many systems are stored (not only on this page)")
    systems: list[SystemRecord]


class MeasureOut(BaseModel):
    id: str
    addresses: list[str] = Field(description="Provisions by short id")
    status: str
    evidence: str | None = None


class StoredDescription(BaseModel):
    """A stored description in the JSON form it is sent in, and its record."""

    id: str
    name: str
    description: str | None = None
    purposes: list[str]
    roles: list[str]
    markets: list[str]
    sectors: list[str]
    capabilities: list[str]
    lifecycle_stage: str | None
    measures: list[MeasureOut]
    record: SystemRecord


class TierCount(BaseModel):
    regime: str
    tier: str
    label: str
    systems: int


class StatusCounts(BaseModel):
    applicable: int
    met: int
    partial: int
    unmet: int
    in_force: int


class Portfolio(BaseModel):
    as_of: str
    systems: int
    unclassified: int = Field(description="Systems no regime places in a tier")
    tiers: list[TierCount] = Field(description="Per regime and tier, how many systems it holds")
    requirements: StatusCounts = Field(description="Applicable requirements over all systems, by status")
    by_regime: dict[str, StatusCounts]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the inventory once the app's own lifespan has opened the store; close it at shutdown."""
    settings: Settings = app.state.settings
    remote = app.state.store if settings.store else None
    root = resource_root(settings.resource_root)
    inventory, _ = await anyio.to_thread.run_sync(open_inventory, settings, remote, root)
    app.state.inventory = inventory
    try:
        yield
    finally:
        app.state.inventory = None  # drops the last reference: RocksDB's lock goes with it


router = APIRouter(tags=["inventory"], route_class=SystemPathRoute, lifespan=lifespan)


async def current_inventory(request: Request) -> Inventory:
    """The inventory the router's lifespan opened; 503 until it has."""
    inventory: Inventory | None = getattr(request.app.state, "inventory", None)
    if inventory is None:
        raise ProblemError(503, "the inventory is still opening")
    return inventory


async def system_id(
    request: Request, id: Annotated[str, Path(description="The system's id, percent-encoded")]
) -> str:
    """The id as the client wrote it, percent-decoded once whatever the server decoded before routing; a short
    name is the IRI a description's short ``id`` is minted as."""
    return system_iri(unquote(id) if request.scope.get(ESCAPED) else id)


InventoryDep = Annotated[Inventory, Depends(current_inventory)]
SystemId = Annotated[str, Depends(system_id)]


def _record(request: Request, inventory: Inventory, sid: str) -> SystemRecord:
    record = SYSTEMS.call(lambda: inventory.record(sid))
    if record is None:
        raise SYSTEMS.not_stored(sid)
    return SystemRecord(**record.__dict__, href=SYSTEMS.href(request, sid))


@router.put(
    "/systems/{id}",
    summary="Store an AI-system description",
    status_code=200,
    response_model=SystemRecord,
    dependencies=WRITE,
    responses={201: {"model": SystemRecord, "description": "Stored as a new system"}},
    openapi_extra=DESCRIPTION_REQUEST,
)
def put_system(
    request: Request,
    response: Response,
    sid: SystemId,
    body: DescriptionBody,
    analysis: AnalysisDep,
    inventory: InventoryDep,
    settings: SettingsDep,
) -> SystemRecord:
    """Validate the description exactly as POST /gap-analysis does (422 with the SHACL report as `issues`,
    nothing stored) and store it as the system `{id}`, which must be the description's own id. 201 when new,
    200 when it replaced the stored one; the answer comes only once the write is committed."""
    try:
        graph = analysis.parse(body.data, body.media_type, max_triples=settings.max_description_triples)
        triples = stored_triples(graph, sid)  # checks every IRI
        analysis.validator.check(graph)
    except InvalidDescriptionError as err:
        raise description_problem(err) from err
    written = SYSTEMS.call(lambda: inventory.write(sid, triples))  # the record written, not one read back
    record = SystemRecord(**written.record.__dict__, href=SYSTEMS.href(request, sid))
    SYSTEMS.answered(response, written.created, record.href)
    return record


@router.get(
    "/systems",
    summary="Stored AI systems",
    response_model=SystemList,
    dependencies=READ,
)
def list_systems(
    request: Request,
    inventory: InventoryDep,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> SystemList:
    """Every stored system's record (id, name, graph, when stored), by id, a page at a time."""
    records = SYSTEMS.call(inventory.records)
    page = records[offset : offset + limit]
    return SystemList(
        count=len(records),
        systems=[SystemRecord(**r.__dict__, href=SYSTEMS.href(request, r.id)) for r in page],
    )


@router.get(
    "/systems/{id}",
    summary="One stored AI system",
    response_model=StoredDescription,
    dependencies=READ,
    responses={200: {"content": {t: {"schema": STRING} for t, _ in RDF_TYPES.values()}}},
)
def get_system(
    request: Request,
    sid: SystemId,
    inventory: InventoryDep,
    fmt: Annotated[Literal["json", "turtle", "ntriples", "jsonld"] | None, Query(alias="format")] = None,
) -> StoredDescription | Response:
    """The stored description: JSON in the form it is sent in, with its record (default), or exactly the
    stored triples as Turtle, N-Triples or JSON-LD (by `Accept` or `format=`)."""
    chosen = choose_format(request, fmt, SYSTEM_TYPES)
    record = _record(request, inventory, sid)
    triples = SYSTEMS.call(lambda: inventory.triples(sid))
    if triples is None:
        raise SYSTEMS.not_stored(sid)
    if chosen in RDF_TYPES:
        media_type, rdf_format = RDF_TYPES[chosen]
        return Response(pyoxigraph.serialize(triples, format=rdf_format) or b"", media_type=media_type)
    return StoredDescription(**description_json(to_rdflib(triples)), record=record)


@router.delete(
    "/systems/{id}",
    summary="Remove a stored AI system",
    status_code=204,
    response_class=Response,
    dependencies=WRITE,
)
def delete_system(sid: SystemId, inventory: InventoryDep) -> Response:
    """Remove the system `{id}` (its whole named graph, in one transaction); 404 if it is not stored."""
    if not SYSTEMS.call(lambda: inventory.delete(sid)):
        raise SYSTEMS.not_stored(sid)
    return Response(status_code=204)


@router.get(
    "/systems/{id}/gaps",
    summary="Gap analysis of a stored AI system",
    response_model=GapReport,
    response_model_exclude_unset=True,
    dependencies=READ,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": STRING},
                "text/html": {"schema": STRING},
                "application/oscal+json": {"schema": {"type": "object"}},
            }
        }
    },
)
async def system_gaps(
    request: Request,
    sid: SystemId,
    inventory: InventoryDep,
    analysis: AnalysisDep,
    as_of: AsOf = None,
    fmt: Annotated[ReportFormat | None, Query(alias="format")] = None,
) -> Response:
    """The gap report of the stored description, as POST /gap-analysis gives it (JSON, CSV, HTML, OSCAL
    Assessment Results, or `format=oscal-poam` an OSCAL POA&M)."""
    chosen = choose_report_format(request, fmt)
    triples = await run_in_threadpool(SYSTEMS.call, lambda: inventory.triples(sid))  # I/O on a remote store
    if triples is None:
        raise SYSTEMS.not_stored(sid)
    when = as_of or date.today()
    return await run_analysis(
        request,
        lambda: report_response(analyse(analysis.index, read_system(to_rdflib(triples)), when), chosen),
    )


@router.get(
    "/portfolio",
    summary="Counts across the stored AI systems",
    response_model=Portfolio,
    dependencies=READ,
)
async def get_portfolio(
    request: Request, inventory: InventoryDep, analysis: AnalysisDep, as_of: AsOf = None
) -> Portfolio:
    """How many stored systems each regime places in each tier, and their applicable requirements by status
    (met, partial, unmet, in force), over all systems and per regime. The analyses queue on the analysis
    thread like every other (they took the shared pool before)."""
    descriptions = await run_in_threadpool(SYSTEMS.call, lambda: list(inventory.descriptions()))
    systems = [read_system(graph) for _, graph in descriptions]
    when = as_of or date.today()
    return await run_analysis(
        request, lambda: Portfolio.model_validate(portfolio(analysis.index, systems, when))
    )
