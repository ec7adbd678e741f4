"""The changes page: what the law's versions changed between two dates, by version, with a feed link."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.analysis.changes import changes, versions_between
from app.http.api.deps import AnalysisDep
from app.http.web import page

router = APIRouter(include_in_schema=False)
DEFAULT_FROM = date(2024, 8, 1)  # the AI Act's entry into force: the earliest date most readers ask about


@router.get("/ui/changes", response_class=HTMLResponse)
def changes_page(
    request: Request,
    analysis: AnalysisDep,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    regime: Annotated[str | None, Query(max_length=60)] = None,
) -> HTMLResponse:
    """A form (two dates, a regime) and the changes between them, one section per version."""
    start, end = start or DEFAULT_FROM, end or date.today()
    index = analysis.index
    key = regime if regime in index.timeline.versions else None
    if end < start:
        start, end = end, start
    found = changes(index, start, end, key)
    sections: list[dict[str, Any]] = []
    for version in versions_between(index, start, end, key):
        rows = [c.record() for c in found if c.version == version.iri]
        sections.append({"version": version, "rows": rows, "kinds": _kinds(rows)})
    query = urlencode({"from": start.isoformat(), "to": end.isoformat(), **({"regime": key} if key else {})})
    return page(
        request,
        "changes.html",
        nav="changes",
        start=start.isoformat(),
        end=end.isoformat(),
        regime=key or "",
        regimes=sorted(index.timeline.versions),
        sections=sections,
        count=len(found),
        feed=f"/changes?{query}&format=atom",
        csv=f"/changes?{query}&format=csv",
    )


def _kinds(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    return counts
