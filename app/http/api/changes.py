"""GET /changes, POST /impact, GET /systems/{id}/impact and /systems/{id}/deadlines.

The law's changes and what they do to a system, over the versions the graph holds."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.analysis.change_formats import changes_atom, changes_csv, deadlines_ics
from app.analysis.changes import changes, deadlines, impact, inventory_impact
from app.analysis.description_model import InvalidDescriptionError, read_system
from app.core.errors import ProblemError
from app.crosswalk.catalogue import UnknownIdError
from app.http.api.cpu_bound import run_analysis
from app.http.api.deps import AnalysisDep, CatalogueDep, SettingsDep, choose_format
from app.http.api.inventory import SYSTEMS, InventoryDep, SystemId
from app.http.api.systems import DESCRIPTION_REQUEST, DescriptionBody, description_problem
from app.http.auth import READ
from app.inventory.systems import to_rdflib

router = APIRouter(tags=["changes"])
CHANGE_TYPES = {"json": "application/json", "csv": "text/csv", "atom": "application/atom+xml"}
DEADLINE_TYPES = {"json": "application/json", "ics": "text/calendar"}
From = Annotated[date, Query(alias="from", description="The earlier date (ISO 8601)")]
To = Annotated[date | None, Query(alias="to", description="The later date (ISO 8601; default today)")]


def _span(start: date, end: date | None) -> tuple[date, date]:
    end = end or date.today()
    if end < start:
        raise ProblemError(422, f"'to' ({end}) is before 'from' ({start})", extensions={"field": "to"})
    return start, end


@router.get(
    "/changes",
    summary="What changed in the law between two dates",
    responses={200: {"content": {"text/csv": {}, "application/atom+xml": {}}}},
)
def get_changes(
    request: Request,
    cat: CatalogueDep,
    analysis: AnalysisDep,
    start: From,
    end: To = None,
    regime: Annotated[str | None, Query(description="Only this regime (its key)")] = None,
    fmt: Annotated[Literal["json", "csv", "atom"] | None, Query(alias="format")] = None,
) -> Response:
    """Every provision added, removed, reworded or re-dated by a version that came into force after `from`
    and on or before `to`, with the act that made the change, the clause behind each date, and the asserted
    mappings that rest on the provision. JSON, CSV or an Atom feed (`format=` or `Accept`)."""
    chosen = choose_format(request, fmt, CHANGE_TYPES)
    start, end = _span(start, end)
    key = None
    if regime is not None:
        try:
            key = cat.short_id(cat.resolve(regime, "regime"))
        except UnknownIdError as err:
            raise ProblemError(
                404, str(err), extensions={"field": "regime", "suggestions": err.suggestions}
            ) from err
    records = [c.record() for c in changes(analysis.index, start, end, key)]
    if chosen == "csv":
        return Response(changes_csv(records), media_type="text/csv; charset=utf-8")
    if chosen == "atom":
        title = f"ai-crosswalk: changes to {key or 'every regime'} from {start} to {end}"
        feed = changes_atom(
            records, f"urn:ai-crosswalk:changes:{key or 'all'}:{start}:{end}", title, str(request.url)
        )
        return Response(feed, media_type="application/atom+xml")
    body = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "regime": key,
        "count": len(records),
        "changes": records,
    }
    return Response(orjson.dumps(body), media_type="application/json")


@router.post("/impact", summary="What the law's changes between two dates do to a described system",
             openapi_extra=DESCRIPTION_REQUEST)  # fmt: skip
async def post_impact(
    request: Request,
    body: DescriptionBody,
    analysis: AnalysisDep,
    settings: SettingsDep,
    start: From,
    end: To = None,
) -> Response:
    """The requirements that appear, disappear or move in time between the law on `from` and on `to`, each
    with its reason (the clause and act)."""
    start, end = _span(start, end)

    def work() -> Response:
        try:
            system = analysis.read(body.data, body.media_type, max_triples=settings.max_description_triples)
        except InvalidDescriptionError as err:
            raise description_problem(err) from err
        return Response(
            orjson.dumps(impact(analysis.index, system, start, end)), media_type="application/json"
        )

    return await run_analysis(request, work)


@router.get("/systems/{id}/impact", summary="What the law's changes do to a stored system", dependencies=READ)
async def system_impact(
    request: Request,
    sid: SystemId,
    inventory: InventoryDep,
    analysis: AnalysisDep,
    start: From,
    end: To = None,
) -> Response:
    """As POST /impact, for the stored description."""
    start, end = _span(start, end)
    triples = await run_in_threadpool(SYSTEMS.call, lambda: inventory.triples(sid))
    if triples is None:
        raise SYSTEMS.not_stored(sid)
    system = read_system(to_rdflib(triples))
    return await run_analysis(
        request,
        lambda: Response(
            orjson.dumps(impact(analysis.index, system, start, end)), media_type="application/json"
        ),
    )


@router.get(
    "/portfolio/impact", summary="What the law's changes do to every stored system", dependencies=READ
)
async def portfolio_impact(
    request: Request, inventory: InventoryDep, analysis: AnalysisDep, start: From, end: To = None
) -> Response:
    """Per stored system the requirements that appear, disappear or move between `from` and `to`, and a
    summary: how many systems each change gives more (or less) time, and what newly applies."""
    start, end = _span(start, end)
    stored = await run_in_threadpool(SYSTEMS.call, lambda: list(inventory.descriptions()))
    systems = [read_system(graph) for _, graph in stored]

    def work() -> Response:
        summary = inventory_impact(analysis.index, systems, start, end)
        return Response(orjson.dumps(summary), media_type="application/json")

    return await run_analysis(request, work)


@router.get(
    "/portfolio/deadlines",
    summary="Every stored system's obligation start dates, as JSON or one iCalendar",
    dependencies=READ,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def portfolio_deadlines(
    request: Request,
    inventory: InventoryDep,
    analysis: AnalysisDep,
    fmt: Annotated[Literal["json", "ics"] | None, Query(alias="format")] = None,
) -> Response:
    """The inventory's combined calendar: each stored system's requirements and the date each applies from."""
    chosen = choose_format(request, fmt, DEADLINE_TYPES)
    stored = await run_in_threadpool(SYSTEMS.call, lambda: list(inventory.descriptions()))
    systems = [read_system(graph) for _, graph in stored]

    def work() -> Response:
        events = [e for system in systems for e in deadlines(analysis.index, system, date.today())]
        if chosen == "ics":
            return Response(deadlines_ics(events, "AI obligations: the inventory"),
                            media_type="text/calendar; charset=utf-8")  # fmt: skip
        return Response(
            orjson.dumps({"systems": len(systems), "deadlines": events}), media_type="application/json"
        )

    return await run_analysis(request, work)


@router.get(
    "/systems/{id}/deadlines",
    summary="A stored system's obligation start dates, as JSON or iCalendar",
    dependencies=READ,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def system_deadlines(
    request: Request,
    sid: SystemId,
    inventory: InventoryDep,
    analysis: AnalysisDep,
    fmt: Annotated[Literal["json", "ics"] | None, Query(alias="format")] = None,
) -> Response:
    """Each applicable requirement's start date under the law in force today, earliest first: JSON, or an
    iCalendar file (`format=ics` or `Accept: text/calendar`) a team can subscribe to."""
    chosen = choose_format(request, fmt, DEADLINE_TYPES)
    triples = await run_in_threadpool(SYSTEMS.call, lambda: inventory.triples(sid))
    if triples is None:
        raise SYSTEMS.not_stored(sid)
    system = read_system(to_rdflib(triples))

    def work() -> Response:
        events: list[dict[str, Any]] = deadlines(analysis.index, system, date.today())
        if chosen == "ics":
            return Response(deadlines_ics(events, f"AI obligations: {system.name or system.id}"),
                            media_type="text/calendar; charset=utf-8")  # fmt: skip
        return Response(
            orjson.dumps({"system": system.id, "deadlines": events}), media_type="application/json"
        )

    return await run_analysis(request, work)
