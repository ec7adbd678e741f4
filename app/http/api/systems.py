"""POST /systems/validate and GET /context.jsonld, and how every description endpoint reads its body.

Bodies are read in the event loop (an async dependency, refusing more than the configured bytes with 413) and
handed to plain ``def`` handlers, which do the blocking parsing, validation and analysis in the threadpool.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from app.analysis.description_model import JSON_TYPES, TURTLE_TYPES, InvalidDescriptionError, context
from app.analysis.limits import too_large
from app.analysis.report_formats import issue_dict, validation_dict
from app.core.errors import PROBLEM_MEDIA_TYPE, ProblemError
from app.core.settings import Settings
from app.http.api.cpu_bound import run_analysis
from app.http.api.deps import AnalysisDep, SettingsDep
from app.http.api.models import DescriptionProblem, SystemDescriptionIn, ValidationReport

router = APIRouter(tags=["systems"])
DESCRIPTION_TYPES = JSON_TYPES + TURTLE_TYPES
SHOWN_IN_DETAIL = 3


@dataclass(frozen=True)
class Body:
    """A request body and the media type it declared (without parameters)."""

    data: bytes
    media_type: str


def inline_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema with its ``$defs`` inlined, to sit in an OpenAPI request body as it is."""
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


DESCRIPTION_SCHEMA = inline_schema(SystemDescriptionIn.model_json_schema())
DESCRIPTION_REQUEST: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "An AI-system description: JSON (with or without the @context), JSON-LD or Turtle.",
        "content": {
            "application/json": {"schema": DESCRIPTION_SCHEMA},
            "application/ld+json": {"schema": DESCRIPTION_SCHEMA},
            "text/turtle": {"schema": {"type": "string"}},
        },
    }
}
PROBLEM_CONTENT = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/DescriptionProblem"}}}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"description": "The body is larger than the configured limit"},
    415: {"description": "The Content-Type is not one this endpoint reads"},
    422: {
        "model": DescriptionProblem,
        "content": PROBLEM_CONTENT,
        "description": "The body cannot be read (syntax) or, for analysis, the description is invalid",
    },
}


async def read_limited(request: Request, limit: int, setting: str) -> bytes:
    """The whole body, or 413 as soon as it (or its declared length) passes ``limit`` bytes: the middleware
    (app.http.limits) bounds it by the settings the app started with, this by the app's settings now."""
    declared = request.headers.get("content-length", "")
    problem = too_large(f"{limit} bytes", setting)
    if declared.isdigit() and int(declared) > limit:
        raise problem
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise problem
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(request: Request, accepted: tuple[str, ...]) -> str:
    """The declared media type, if this endpoint reads it (no Content-Type: JSON); else 415."""
    declared = request.headers.get("content-type")
    if not declared:
        return accepted[0]
    kind = declared.split(";")[0].strip().lower()
    if kind not in accepted:
        raise ProblemError(415, f"cannot read {kind!r}: send one of {', '.join(accepted)} (Content-Type)")
    return kind


async def read_body(request: Request, accepted: tuple[str, ...], settings: Settings, setting: str) -> Body:
    """Check the media type first (cheap), then read the body within the limit the named setting sets."""
    kind = media_type(request, accepted)
    limit: int = getattr(settings, setting)
    return Body(await read_limited(request, limit, setting), kind)


async def description_body(request: Request, settings: SettingsDep) -> Body:
    """One description's body: JSON, JSON-LD or Turtle, at most ``max_body_bytes`` (its triples are bounded by
    ``Analysis``, on the analysis thread, as on every other way in)."""
    return await read_body(request, DESCRIPTION_TYPES, settings, "max_body_bytes")


DescriptionBody = Annotated[Body, Depends(description_body)]


def description_problem(err: InvalidDescriptionError) -> ProblemError:
    """422 with the SHACL report (or the parser's complaint) as ``issues``, the first few in ``detail``."""
    issues = err.issues
    shown = "; ".join(f"{i.field or 'description'}: {i.message}" for i in issues[:SHOWN_IN_DETAIL])
    more = f" (and {len(issues) - SHOWN_IN_DETAIL} more)" if len(issues) > SHOWN_IN_DETAIL else ""
    return ProblemError(
        422,
        f"{len(issues)} issue{'s' if len(issues) != 1 else ''}: {shown}{more}",
        title="Invalid AI-system description",
        extensions={"issues": [issue_dict(i) for i in issues]},
    )


@router.post(
    "/systems/validate",
    summary="Validate an AI-system description",
    response_model=ValidationReport,
    responses=BODY_ERRORS,
    openapi_extra=DESCRIPTION_REQUEST,
)
async def validate_system(
    request: Request, body: DescriptionBody, analysis: AnalysisDep, settings: SettingsDep
) -> ValidationReport:
    """Check a description against `shapes/system.ttl`: 200 with `{conforms, issues}` whether or not it
    conforms (unknown codes, a missing id, no purpose or capability, a measure addressing an unknown provision
    are issues). Only a body that cannot be read as its media type (malformed JSON or Turtle, a remote
    `@context`) is a 422 problem, with the same `issues` shape."""
    try:
        limit = settings.max_description_triples
        work = partial(analysis.validate, body.data, body.media_type, max_triples=limit)
        issues = await run_analysis(request, work)
    except InvalidDescriptionError as err:
        raise description_problem(err) from err
    return ValidationReport.model_validate(validation_dict(issues))


@router.get(
    "/context.jsonld",
    summary="The JSON-LD context of descriptions",
    response_class=Response,
    responses={200: {"content": {"application/ld+json": {}}}},
)
def get_context() -> Response:
    """The published `@context` (https://w3id.org/ai-crosswalk/context.jsonld) that makes a JSON description
    RDF; descriptions may name it or leave it out, and it is never fetched from the network."""
    return Response(
        json.dumps(context(), ensure_ascii=False, indent=2),
        media_type="application/ld+json",
        headers={"Cache-Control": "public, max-age=3600"},
    )
