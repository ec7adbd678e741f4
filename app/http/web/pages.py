"""The pages an analyst reads: regimes, an item tree, search, coverage and the mappings behind each cell.

Thin over the domain modules (app.crosswalk.catalogue, app.exports.tables, app.crosswalk.standards): each
handler asks them for plain data and hands it to a Jinja2 template. Handlers touch the store, so they are
plain ``def``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.core.identifiers import RELATIONSHIPS
from app.crosswalk import catalogue
from app.crosswalk.catalogue import Catalogue, UnknownIdError
from app.crosswalk.standards import standards_gaps
from app.exports import tables as mapping_tables
from app.http.api.deps import CatalogueDep
from app.http.web import page
from app.http.web.errors import not_found_page

router = APIRouter(include_in_schema=False)
SEARCH_LIMIT = 50
# One heatmap cell as app.exports.tables.coverage_svg draws it: a rect titled "row → col: …", then its count.
CELL = re.compile(r"^(<rect [^>]*>)<title>([^<]*?) → ([^<:]*?): (?!none)([^<]*)</title></rect>$")


@router.get("/", response_class=HTMLResponse)
def home(request: Request, cat: CatalogueDep) -> HTMLResponse:
    """The regimes with version, date, source and item counts, and a search box."""
    return page(request, "home.html", nav="home", regimes=catalogue.regimes(cat))


@router.get("/ui/search", response_class=HTMLResponse)
def search_page(
    request: Request, cat: CatalogueDep, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    """Items by reference, label and text."""
    hits = catalogue.search(cat, q, SEARCH_LIMIT) if q.strip() else []
    return page(request, "search.html", q=q, hits=hits)


@router.get("/ui/regimes/{regime}", response_class=HTMLResponse)
def regime_page(request: Request, regime: str, cat: CatalogueDep) -> HTMLResponse:
    """One regime: its facts and its items as a tree."""
    try:
        record = catalogue.regime(cat, regime)
        tree = catalogue.provision_tree(cat, regime)
    except UnknownIdError as err:
        return not_found_page(request, err)
    return page(request, "regime.html", regime=record, tree=tree)


@router.get("/ui/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, cat: CatalogueDep, derived: bool = False) -> HTMLResponse:
    """The regime-by-regime heatmap, each cell a link to its mappings, and the M/593 standards coverage."""
    matrix = mapping_tables.coverage(cat, derived)
    svg = link_cells(mapping_tables.coverage_svg(matrix), derived)
    return page(
        request,
        "coverage.html",
        nav="coverage",
        derived=derived,
        svg=svg,
        pairs=coverage_rows(matrix),
        regimes=matrix["regimes"],
        standards=standards_gaps(cat.store, cat.root),
    )


@router.get("/ui/crosswalk", response_class=HTMLResponse)
def crosswalk_page(
    request: Request,
    cat: CatalogueDep,
    from_: Annotated[str, Query(alias="from")],
    to: str | None = None,
    relationship: str | None = None,
    derived: bool = False,
) -> HTMLResponse:
    """The mappings behind one heatmap cell: every mapping from one regime's items to another's."""
    if relationship not in (None, "", *RELATIONSHIPS):
        relationship = None
    try:
        table = mapping_tables.crosswalk(cat, from_, to or None, relationship or None, derived)
    except UnknownIdError as err:
        return not_found_page(request, err)
    query = {"from": table["from"], **({"to": table["to"]} if table["to"] else {})}
    if relationship:
        query["relationship"] = relationship
    titles = regime_titles(cat)
    return page(
        request,
        "crosswalk.html",
        nav="coverage",
        table=table,
        titles=titles,
        relationships=RELATIONSHIPS,
        rows=sorted(
            table["rows"], key=lambda r: (_natural(r["subject_notation"]), _natural(r["object_notation"]))
        ),
        csv_href="/crosswalk?" + urlencode({**query, "derived": str(derived).lower(), "format": "csv"}),
        toggle_href="/ui/crosswalk?" + urlencode({**query, **({} if derived else {"derived": "true"})}),
    )


def link_cells(svg: str, derived: bool) -> str:
    """Make each non-empty cell of the coverage heatmap a link to the list of its mappings.

    The SVG stays the one ``coverage_svg`` draws (it is the /coverage answer too); here each mapped cell's
    rect and count are wrapped in an ``<a>``, and the root loses ``role="img"`` so the links stay reachable.
    """
    lines = svg.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = CELL.match(line)
        if not match or match.group(2) == match.group(3):
            out.append(line.replace(' role="img"', ' role="group" aria-labelledby="heatmap-title"', 1))
            i += 1
            continue
        source, target, what = match.group(2), match.group(3), match.group(4)
        query = {"from": source, "to": target, **({"derived": "true"} if derived else {})}
        label = f"{source} to {target}: {what}; list the mappings"
        out.append(f'<a href="/ui/crosswalk?{urlencode(query)}" aria-label="{label}">')
        out.append(line)
        if i + 1 < len(lines) and lines[i + 1].startswith("<text") and 'text-anchor="middle"' in lines[i + 1]:
            out.append(lines[i + 1])
            i += 1
        out.append("</a>")
        i += 1
    return "\n".join(out).replace("<title>", '<title id="heatmap-title">', 1)


def coverage_rows(matrix: dict[str, Any]) -> list[dict[str, Any]]:
    """The heatmap's pairs as table rows (the same numbers, without the SVG), per relationship too."""
    by_pair: dict[tuple[str, str], dict[str, int]] = {}
    for cell in matrix["cells"]:
        by_pair.setdefault((cell["from"], cell["to"]), {})[cell["relationship"]] = cell["items"]
    return [
        {**p, "relationships": by_pair.get((p["from"], p["to"]), {})}
        for p in sorted(matrix["pairs"], key=lambda p: (p["from"], p["to"]))
    ]


def _natural(text: Any) -> list[Any]:
    """Sort references as a reader expects: Article 2 before Article 10."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", str(text or ""))]


def regime_titles(cat: Catalogue) -> dict[str, str]:
    """Regime key → title, for headings."""
    return {r["key"]: r["title"] for r in catalogue.regimes(cat)}
