"""GET /crosswalk (JSON, CSV, SSSOM TSV) and GET /coverage (JSON or an SVG heatmap)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from app.exports import tables as mapping_tables
from app.exports.spreadsheet import write_csv
from app.http.api.crosswalk_models import Coverage, Crosswalk
from app.http.api.deps import CatalogueDep, choose_format

router = APIRouter(tags=["crosswalk"])
CROSSWALK_TYPES = {"json": "application/json", "csv": "text/csv", "sssom": "text/tab-separated-values"}
COVERAGE_TYPES = {"json": "application/json", "svg": "image/svg+xml"}
Relationship = Literal["equal", "subsetOf", "supersetOf", "intersectsWith", "notRelated"]
CROSSWALK_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}, "text/tab-separated-values": {"description": "SSSOM TSV"}}}
}


@router.get(
    "/crosswalk",
    summary="The crosswalk between two regimes",
    response_model=Crosswalk,
    responses=CROSSWALK_RESPONSES,
)
def get_crosswalk(
    request: Request,
    cat: CatalogueDep,
    from_: Annotated[str, Query(alias="from", description="Regime key or IRI whose items are the subjects")],
    to: Annotated[
        str | None, Query(description="Regime key or IRI of the counterparts (default: all)")
    ] = None,
    relationship: Annotated[Relationship | None, Query(description="Keep one relationship only")] = None,
    derived: Annotated[bool, Query(description="Add derived mappings")] = False,
    fmt: Annotated[Literal["json", "csv", "sssom"] | None, Query(alias="format")] = None,
) -> Response | Crosswalk:
    """Every mapping from `from`'s items to `to`'s, read from `from`'s side, as JSON, CSV or SSSOM TSV.

    The format comes from `format=` or else the `Accept` header (`application/json`, `text/csv`,
    `text/tab-separated-values` for SSSOM).
    """
    table = mapping_tables.crosswalk(cat, from_, to, relationship, derived)
    chosen = choose_format(request, fmt, CROSSWALK_TYPES)
    if chosen == "csv":
        text = write_csv(mapping_tables.crosswalk_rows(table, cat))
        return Response(text, media_type="text/csv; charset=utf-8")
    if chosen == "sssom":
        text = mapping_tables.crosswalk_sssom(table, cat)
        return Response(text, media_type="text/tab-separated-values; charset=utf-8")
    return Crosswalk.model_validate(table)


@router.get(
    "/coverage",
    summary="The coverage matrix between regimes",
    response_model=Coverage,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def get_coverage(
    request: Request,
    cat: CatalogueDep,
    derived: Annotated[bool, Query(description="Count derived mappings too")] = False,
    fmt: Annotated[Literal["json", "svg"] | None, Query(alias="format")] = None,
) -> Response | Coverage:
    """Per ordered pair of regimes: items of the first mapped to the second, per relationship (`cells`) and
    with any relationship but notRelated (`pairs`, with the share of the first regime's items). As an SVG
    heatmap with `format=svg` or `Accept: image/svg+xml`."""
    matrix = mapping_tables.coverage(cat, derived)
    if choose_format(request, fmt, COVERAGE_TYPES) == "svg":
        return Response(mapping_tables.coverage_svg(matrix), media_type="image/svg+xml")
    return Coverage.model_validate(matrix)
