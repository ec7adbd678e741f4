"""The gap-analysis pages: a form (or an uploaded description) in, a report grouped by regime out.

The form's fields become the same JSON description the API accepts (app/analysis/context.jsonld), so the page,
the API and the CLI analyse alike; the report page carries that description in hidden fields so that it can be
downloaded as JSON, CSV or a printable page without filling the form again.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import HTMLResponse

from app.analysis.description_model import InvalidDescriptionError, Issue
from app.analysis.report import GapReport, report_json
from app.analysis.report_formats import report_csv, report_html
from app.analysis.service import Analysis
from app.core.errors import ProblemError
from app.crosswalk import vocabularies
from app.crosswalk.catalogue import Catalogue
from app.crosswalk.versions import iso_date
from app.http.api.cpu_bound import run_analysis
from app.http.api.deps import AnalysisDep, CatalogueDep, SettingsDep
from app.http.web import page
from app.http.web.errors import problem_page
from app.http.web.pages import regime_titles

router = APIRouter(include_in_schema=False)
SCHEMES = {
    "purposes": "purpose",
    "roles": "role",
    "markets": "jurisdiction",
    "sectors": "sector",
    "capabilities": "capability",
    "lifecycle_stage": "lifecycle-stage",
}
MEASURE_STATUSES = ("implemented", "partial", "planned")
BLANK_MEASURE_ROWS = 3
MAX_UPLOAD = 1 << 20
FormList = Annotated[list[str], Form()]


@router.get("/ui/gaps", response_class=HTMLResponse)
def gap_form(request: Request, cat: CatalogueDep, example: str | None = None) -> HTMLResponse:
    """The form, empty or filled from one of the shipped example descriptions."""
    examples = example_names(cat)
    state = form_state(load_example(cat, example)) if example in examples else form_state({})
    return _form_page(request, cat, state, examples, example if example in examples else "")


@router.post("/ui/gaps", response_class=Response)
async def gap_report(
    request: Request,
    cat: CatalogueDep,
    analysis: AnalysisDep,
    settings: SettingsDep,
    name: Annotated[str, Form(max_length=300)] = "",
    system_id: Annotated[str, Form(max_length=300)] = "",
    purposes: FormList = [],  # noqa: B006 - FastAPI copies defaults per request
    roles: FormList = [],  # noqa: B006
    markets: FormList = [],  # noqa: B006
    sectors: FormList = [],  # noqa: B006
    capabilities: FormList = [],  # noqa: B006
    lifecycle_stage: Annotated[str, Form()] = "",
    measure_id: FormList = [],  # noqa: B006
    measure_addresses: FormList = [],  # noqa: B006
    measure_status: FormList = [],  # noqa: B006
    measure_evidence: FormList = [],  # noqa: B006
    description: Annotated[str, Form(max_length=MAX_UPLOAD)] = "",
    media_type: Annotated[str, Form()] = "application/json",
    description_file: Annotated[UploadFile | None, File()] = None,
    format: Annotated[str, Form()] = "html",
    as_of: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Analyse the description given as a file, as text, or by the form's fields; answer in ``format``.
    The analysis and the page it makes run on the analysis thread (app.http.api.cpu_bound), as the API's
    do."""
    body, kind = description, media_type
    if description_file is not None and description_file.filename:
        body = (await description_file.read(MAX_UPLOAD + 1)).decode("utf-8", errors="replace")
        kind = "text/turtle" if description_file.filename.lower().endswith(".ttl") else "application/json"
        if len(body) > MAX_UPLOAD:
            return _invalid(request, cat, {}, [_body_issue("the file is larger than 1 MiB")])
    elif not body.strip():
        fields = {"purposes": purposes, "roles": roles, "markets": markets, "sectors": sectors}
        fields |= {"capabilities": capabilities}
        measures = list(zip(measure_id, measure_addresses, measure_status, measure_evidence, strict=False))
        body = json.dumps(description_from_form(name, system_id, fields, lifecycle_stage, measures), indent=2)
        kind = "application/json"
    limit = settings.max_description_triples
    work = partial(_report_page, request, cat, analysis, body, kind, format, as_of, limit)
    return await run_analysis(request, work)


def _report_page(
    request: Request,
    cat: Catalogue,
    analysis: Analysis,
    body: str,
    kind: str,
    format: str,
    as_of: str,
    max_triples: int,
) -> Response:
    """Analyse a description and render the report in ``format`` (or the form again with its issues)."""
    try:
        report = analysis.run(body, kind, _form_date(as_of), max_triples=max_triples)
    except InvalidDescriptionError as err:
        return _invalid(request, cat, _state_of(body, kind), err.issues)
    except ProblemError as err:  # past max_description_triples: the API's 413, as a page
        return problem_page(request, err)
    slug = _slug(report.system.name or report.system.id) or "system"
    if format == "json":
        text = json.dumps(report_json(report), indent=2, ensure_ascii=False)
        return _download(text, "application/json", f"{slug}.json")
    if format == "csv":
        return _download(report_csv(report), "text/csv; charset=utf-8", f"{slug}.csv")
    if format == "print":
        return HTMLResponse(report_html(report))
    return page(
        request,
        "gap_report.html",
        nav="gaps",
        report=report,
        sections=report_sections(report, regime_titles(cat)),
        description=body,
        media_type=kind,
    )


def _form_date(value: str) -> date | None:
    """The form's as_of: a YYYY-MM-DD date, or none (today); anything else is an issue on that field."""
    if not value:
        return None
    try:
        return iso_date(value)
    except ValueError:
        raise InvalidDescriptionError(
            [Issue("as_of", "", "", value, "datatype", "as_of must be a date written YYYY-MM-DD.")]
        ) from None


def description_from_form(
    name: str,
    system_id: str,
    fields: dict[str, list[str]],
    lifecycle_stage: str,
    measures: list[tuple[str, str, str, str]],
) -> dict[str, Any]:
    """The JSON description the form's fields say; rows without provisions are left out."""
    out: dict[str, Any] = {"id": system_id.strip() or f"urn:ai-crosswalk:form:{_slug(name) or 'system'}"}
    if name.strip():
        out["name"] = name.strip()
    out |= {key: sorted({v for v in values if v}) for key, values in fields.items()}
    if lifecycle_stage:
        out["lifecycle_stage"] = lifecycle_stage
    out["measures"] = []
    for n, (mid, addresses, status, evidence) in enumerate(measures, start=1):
        targets = [a for a in re.split(r"[\s,;]+", addresses) if a]
        if not targets:
            continue
        measure = {"id": mid.strip() or f"m{n}", "addresses": targets, "status": status or "implemented"}
        out["measures"].append(measure | ({"evidence": evidence.strip()} if evidence.strip() else {}))
    return out


def form_state(document: dict[str, Any]) -> dict[str, Any]:
    """What the form shows for a JSON description: chosen codes and measure rows (plus blank rows)."""
    state: dict[str, Any] = {
        "name": str(document.get("name", "")),
        "system_id": str(document.get("id", "")),
        "lifecycle_stage": str(document.get("lifecycle_stage", "")),
    }
    for key in ("purposes", "roles", "markets", "sectors", "capabilities"):
        given = document.get(key, [])
        state[key] = {str(v) for v in (given if isinstance(given, list) else [given])}
    rows = []
    for m in document.get("measures", []) if isinstance(document.get("measures"), list) else []:
        if isinstance(m, dict):
            addresses = m.get("addresses", [])
            addresses = addresses if isinstance(addresses, list) else [addresses]
            rows.append(
                {
                    "id": str(m.get("id", "")),
                    "addresses": " ".join(str(a) for a in addresses),
                    "status": str(m.get("status", "implemented")),
                    "evidence": str(m.get("evidence", "")),
                }
            )
    blank = {"id": "", "addresses": "", "status": "implemented", "evidence": ""}
    state["measures"] = rows + [dict(blank) for _ in range(BLANK_MEASURE_ROWS)]
    return state


def report_sections(report: GapReport, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The report grouped by regime: title, classification, counts and requirements, in summary order."""
    return [
        {
            "regime": regime,
            "title": titles.get(regime, regime),
            "classification": report.classification.get(regime, ()),
            "counts": counts,
            "requirements": [r for r in report.requirements if r.regime == regime],
        }
        for regime, counts in report.summary.items()
    ] + [
        {"regime": regime, "title": titles.get(regime, regime), "classification": tiers, "counts": None}
        | {"requirements": []}
        for regime, tiers in report.classification.items()
        if regime not in report.summary
    ]


def example_names(cat: Catalogue) -> list[str]:
    """The shipped example descriptions (JSON) by name."""
    folder = cat.root / "data" / "examples"
    return sorted(p.stem for p in folder.glob("*.json"))


def load_example(cat: Catalogue, name: str | None) -> dict[str, Any]:
    """One shipped example as JSON (only names ``example_names`` lists reach here)."""
    path = cat.root / "data" / "examples" / f"{name}.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def vocabulary_options(cat: Catalogue) -> dict[str, list[dict[str, Any]]]:
    """The codes each form field offers, with their labels and definitions, in the vocabularies' order."""
    return {field: vocabularies.scheme(cat, name)["concepts"] for field, name in SCHEMES.items()}


def _form_page(
    request: Request,
    cat: Catalogue,
    state: dict[str, Any],
    examples: list[str],
    example: str,
    issues: list[Issue] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "gap_form.html",
        status_code=status_code,
        nav="gaps",
        state=state,
        options=vocabulary_options(cat),
        statuses=MEASURE_STATUSES,
        examples=examples,
        example=example,
        issues=issues or [],
    )


def _invalid(request: Request, cat: Catalogue, state: dict[str, Any], issues: list[Issue]) -> HTMLResponse:
    """The form again, filled as it was sent, with what is wrong (422)."""
    return _form_page(request, cat, state or form_state({}), example_names(cat), "", issues, 422)


def _state_of(body: str, kind: str) -> dict[str, Any]:
    """Refill the form from a JSON description that did not validate (Turtle is not read back)."""
    if not kind.endswith("json"):
        return form_state({})
    try:
        document = json.loads(body)
    except ValueError:
        return form_state({})
    return form_state(document if isinstance(document, dict) else {})


def _body_issue(message: str) -> Issue:
    return Issue(field="body", focus_node="", path="", value="", constraint="size", message=message)


def _download(text: str, media_type: str, filename: str) -> Response:
    return Response(
        text,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="gap-report-{filename}"'},
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]
