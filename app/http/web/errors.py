"""Errors as a browser sees them: the same problem (status, title, detail) as an HTML page.

The API keeps answering ``application/problem+json``; only requests that prefer HTML to JSON get a page.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.core.errors import ProblemError
from app.crosswalk.catalogue import UnknownIdError
from app.http.api.deps import unknown_id_problem
from app.http.sparql_formats import negotiate
from app.http.web import id_href, page


def prefers_html(request: Request) -> bool:
    """True when the client names HTML and ranks it above JSON and the RDF types (a browser, not ``*/*``)."""
    accept = request.headers.get("accept") or ""
    offers = ["text/html", "application/json", "application/problem+json", "text/turtle"]
    return "text/html" in accept.lower() and negotiate(accept, offers) == "text/html"


def problem_page(
    request: Request, problem: ProblemError, links: list[tuple[str, str]] | None = None
) -> HTMLResponse:
    """An HTML page with the problem's status, title and detail, and links to follow."""
    return page(
        request,
        "error.html",
        status_code=problem.status,
        title=problem.title,
        status=problem.status,
        detail=problem.detail,
        links=links or [],
    )


def not_found_page(request: Request, err: UnknownIdError) -> HTMLResponse:
    """404 for an unknown identifier, with links to the closest known ones."""
    return problem_page(request, unknown_id_problem(err), [(id_href(s), s) for s in err.suggestions])
