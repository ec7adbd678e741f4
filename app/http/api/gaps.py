"""POST /gap-analysis (JSON, CSV or a printable HTML report) and POST /gap-analysis/portfolio (NDJSON)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse

from app.analysis.description_model import InvalidDescriptionError
from app.analysis.portfolio import PORTFOLIO_TYPES, PortfolioResult, split_portfolio
from app.analysis.report import GapReport, json_bytes, report_json
from app.analysis.report_formats import report_csv, report_html
from app.analysis.service import Analysis
from app.core.errors import ProblemError, problem_body
from app.http.api.cpu_bound import run_analysis
from app.http.api.deps import AnalysisDep, AsOf, SettingsDep, choose_format
from app.http.api.portfolio_stream import portfolio_lines
from app.http.api.report_schema import GapReportSchema
from app.http.api.systems import (
    BODY_ERRORS,
    DESCRIPTION_REQUEST,
    DESCRIPTION_SCHEMA,
    Body,
    DescriptionBody,
    description_problem,
    read_body,
)

router = APIRouter(tags=["gap analysis"])
REPORT_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "html": "text/html",
    "oscal-ar": "application/oscal+json",  # OSCAL Assessment Results (app.exports.oscal_results)
}
ReportFormat = Literal["json", "csv", "html", "oscal-ar", "oscal-poam"]
NDJSON = "application/x-ndjson"
REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "application/oscal+json": {"schema": {"type": "object"}},
        }
    },
    406: {"description": "None of JSON, CSV or HTML is acceptable"},
    **BODY_ERRORS,
}
PORTFOLIO_REQUEST: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "Descriptions as a JSON array, or as NDJSON (one JSON description per line).",
        "content": {
            "application/json": {"schema": {"type": "array", "items": DESCRIPTION_SCHEMA}},
            NDJSON: {"schema": {"type": "string"}},
        },
    }
}
PORTFOLIO_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One JSON object per line, in input order: `{index, id, report}` for a description "
        "analysed, `{index, id, error}` (a problem with `issues`) for one that could not be.",
        "content": {NDJSON: {"schema": {"type": "string"}}},
    },
    **BODY_ERRORS,
}


@router.post(
    "/gap-analysis",
    summary="Gap analysis of one AI system",
    response_model=GapReportSchema,
    responses=REPORT_RESPONSES,
    openapi_extra=DESCRIPTION_REQUEST,
)
async def gap_analysis(
    request: Request,
    body: DescriptionBody,
    analysis: AnalysisDep,
    settings: SettingsDep,
    as_of: AsOf = None,
    fmt: Annotated[ReportFormat | None, Query(alias="format")] = None,
) -> Response:
    """Classify the described system in every regime, list every requirement that applies with why and from
    when, and say which its measures meet, directly or through a crosswalk (`met`, `partial`, `unmet`).

    JSON by default; CSV (one row per requirement), a printable HTML report or OSCAL Assessment Results
    (`application/oscal+json`) by `Accept` or `format=`; `format=oscal-poam` gives an OSCAL POA&M of what is
    not met. An invalid or unreadable description gets 422 with the SHACL report as `issues`."""
    chosen = choose_report_format(request, fmt)
    limit = settings.max_description_triples
    work = partial(analysed_report, analysis, body, as_of or date.today(), chosen, limit)
    return await run_analysis(request, work)


def choose_report_format(request: Request, fmt: str | None) -> str:
    """The report format: ``format=`` (``oscal-poam`` only so), else the Accept header."""
    return fmt if fmt == "oscal-poam" else choose_format(request, fmt, REPORT_TYPES)


def analysed_report(analysis: Analysis, body: Body, as_of: date, chosen: str, max_triples: int) -> Response:
    """Analyse one description and write its report (on the analysis thread)."""
    try:
        report = analysis.run(body.data, body.media_type, as_of, max_triples=max_triples)
    except InvalidDescriptionError as err:
        raise description_problem(err) from err
    return report_response(report, chosen)


def report_response(report: GapReport, chosen: str) -> Response:
    """A gap report as JSON, CSV, printable HTML or OSCAL."""
    if chosen == "csv":
        return Response(report_csv(report), media_type="text/csv; charset=utf-8")
    if chosen == "html":
        return HTMLResponse(report_html(report))
    if chosen in ("oscal-ar", "oscal-poam"):
        from app.exports.oscal_results import OSCAL_MEDIA_TYPE, OSCAL_REPORTS

        return Response(OSCAL_REPORTS[chosen](report_json(report)), media_type=OSCAL_MEDIA_TYPE)
    # The report is typed (app.analysis.report): written once, never re-validated against the schema.
    return Response(json_bytes(report), media_type="application/json")


async def portfolio_body(request: Request, settings: SettingsDep) -> Body:
    """A portfolio's body: a JSON array or NDJSON, at most ``max_portfolio_bytes``."""
    return await read_body(request, PORTFOLIO_TYPES, settings, "max_portfolio_bytes")


def portfolio_line(result: PortfolioResult) -> bytes:
    """One NDJSON line: the report, or the problem (422 with issues, 413 past a limit, 500 for our fault)."""
    line: dict[str, Any] = {"index": result.index, "id": result.id}
    if result.report is not None:
        line["report"] = result.report
    elif result.issues is not None:
        line["error"] = problem_body(description_problem(InvalidDescriptionError(result.issues)))
    elif result.problem is not None:
        line["error"] = problem_body(result.problem)
    else:
        line["error"] = problem_body(
            ProblemError(500, "an internal error stopped this description's analysis")
        )
    return json_bytes(line, newline=True)


@router.post(
    "/gap-analysis/portfolio",
    summary="Gap analysis of many AI systems, streamed",
    response_class=StreamingResponse,
    responses=PORTFOLIO_RESPONSES,
    openapi_extra=PORTFOLIO_REQUEST,
)
async def gap_analysis_portfolio(
    request: Request,
    body: Annotated[Body, Depends(portfolio_body)],
    analysis: AnalysisDep,
    settings: SettingsDep,
    as_of: AsOf = None,
) -> StreamingResponse:
    """Analyse every description of an inventory and stream one NDJSON line per description as it is done,
    in input order (`index` counts from 0). One bad description is its own line's `error`, never the whole
    request's; only a body that is not a JSON array or NDJSON at all is refused (422)."""
    try:
        descriptions = await run_analysis(request, partial(split_portfolio, body.data, body.media_type))
    except InvalidDescriptionError as err:
        raise description_problem(err) from err
    limit = settings.max_description_triples
    lines = portfolio_lines(request, analysis, descriptions, as_of or date.today(), limit, portfolio_line)
    return StreamingResponse(lines, media_type=NDJSON)
