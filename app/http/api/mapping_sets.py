"""User mapping sets over HTTP: PUT/GET/DELETE /mapping-sets/{id}, GET /mapping-sets.

Thin over app.inventory.mapping_sets and app.inventory.snapshot. A set is an SSSOM/TSV file
(``text/tab-separated-values``) checked as ``crosswalk import-sssom`` checks it; a stored or removed set
rebuilds the service's snapshot before the answer, so the next gap analysis follows it (or no longer does).
Writes need the inventory's write token, reads its read token when one is set.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.core.errors import ProblemError
from app.core.identifiers import short_id
from app.http.api.deps import current_snapshot
from app.http.api.stored import Stored
from app.http.auth import READ, WRITE
from app.inventory.mapping_sets import (
    MAX_TOTAL_MAPPINGS,
    InvalidMappingSetError,
    MappingSets,
    SetIssue,
    SetRecord,
    check_id,
    read_set,
)
from app.inventory.snapshot import Snapshots

TSV_TYPES = ("text/tab-separated-values", "text/plain")
router = APIRouter(tags=["mapping sets"])
SETS = Stored("mapping set", "the mapping-set store", "/mapping-sets")


class MappingSetRecord(BaseModel):
    id: str = Field(description="The set's id, as in the path", examples=["my-nist-eu"])
    iri: str = Field(description="The set's IRI (and named graph): …/id/mappingset/user/{id}")
    title: str
    declared_id: str = Field(description="The mapping_set_id the file declared (kept, never used as an IRI)")
    modified: str = Field(description="When it was last stored (xsd:dateTime, UTC)")
    mappings: int
    href: str


class MappingSetList(BaseModel):
    count: int
    mapping_sets: list[MappingSetRecord]


class UserMappingOut(BaseModel):
    mapping: str
    subject: str = Field(description="Short id of the subject item")
    relationship: str = Field(description="NIST IR 8477 relationship")
    object: str = Field(description="Short id of the object item")
    confidence: float
    rationale: str
    justification: str
    author: str = Field(description="The author the file names (its claim: answers credit the set)")
    author_label: str
    source: str
    comment: str


class MappingSetOut(BaseModel):
    record: MappingSetRecord
    in_use: bool = Field(description="The gap analysis follows this very version of the set")
    derived: int = Field(description="Derived mappings the analysis composes through this set's mappings")
    mappings: list[UserMappingOut]


def _snapshots(request: Request) -> Snapshots:
    current_snapshot(request)  # 503 until the graph is loaded
    snapshots: Snapshots = request.app.state.snapshots
    return snapshots


SnapshotsDep = Annotated[Snapshots, Depends(_snapshots)]


def _set_id(
    id: Annotated[str, Path(description="The set's id: 1-64 letters, digits, '.', '_' or '-'")],
) -> str:
    try:
        return check_id(id)
    except InvalidMappingSetError as err:
        raise invalid(err) from err


SetId = Annotated[str, Depends(_set_id)]


def invalid(err: InvalidMappingSetError) -> ProblemError:
    """422 naming each line and field at fault (``line`` null: the metadata block or the path)."""
    issues = [{"line": i.line, "field": i.field, "message": i.message} for i in err.issues]
    shown = "; ".join(
        (f"line {i.line}, " if i.line is not None else "") + f"{i.field}: {i.message}" for i in err.issues[:5]
    )
    more = f" (and {len(issues) - 5} more)" if len(issues) > 5 else ""
    return ProblemError(
        422,
        f"{len(issues)} issue{'s' if len(issues) != 1 else ''}: {shown}{more}",
        title="Invalid mapping set",
        extensions={"issues": issues},
    )


def _record(request: Request, record: SetRecord) -> MappingSetRecord:
    return MappingSetRecord(**record.__dict__, href=SETS.href(request, record.id))


def _stored(sets: MappingSets, set_id: str) -> SetRecord:
    record = SETS.call(lambda: sets.record(set_id))
    if record is None:
        raise SETS.not_stored(set_id)
    return record


@router.put(
    "/mapping-sets/{id}",
    summary="Store a user mapping set (SSSOM/TSV)",
    status_code=200,
    response_model=MappingSetRecord,
    dependencies=WRITE,
    responses={201: {"model": MappingSetRecord, "description": "Stored as a new set"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/tab-separated-values": {"schema": {"type": "string"}}},
        }
    },
)
async def put_mapping_set(
    request: Request, response: Response, set_id: SetId, snapshots: SnapshotsDep
) -> MappingSetRecord:
    """Check the SSSOM/TSV set as `crosswalk import-sssom` does (both ends items of the graph, a known
    relationship, rationale, confidence in (0, 1], author, justification; 422 naming line and field, nothing
    stored) and store it as `{id}`, apart from the regime graph. Once the answer comes, the gap analysis and
    derivation follow its mappings, each flagged as this set's. 201 when new, 200 when it replaced the set."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in TSV_TYPES:
        raise ProblemError(
            415, f"send the set as {TSV_TYPES[0]} (SSSOM/TSV), not {content_type or 'nothing'}"
        )
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProblemError(422, f"the set is not UTF-8 text: {err.reason} at byte {err.start}") from err
    items = current_snapshot(request).items

    def store() -> tuple[bool, SetRecord]:
        try:
            triples, count = read_set(text, set_id, items, snapshots.root)
            others = sum(r.mappings for r in SETS.call(snapshots.sets.records) if r.id != set_id)
            if others + count > MAX_TOTAL_MAPPINGS:
                message = (
                    f"the other sets hold {others} mappings: with these {count} they would pass the limit of "
                    f"{MAX_TOTAL_MAPPINGS} for all user sets together; remove a set first"
                )
                raise InvalidMappingSetError([SetIssue(None, "body", message)])
        except InvalidMappingSetError as err:
            raise invalid(err) from err
        created = SETS.call(lambda: snapshots.sets.put(set_id, triples))
        SETS.call(snapshots.rebuild)
        return created, _stored(snapshots.sets, set_id)

    created, record = await run_in_threadpool(store)
    out = _record(request, record)
    SETS.answered(response, created, out.href)
    return out


@router.get(
    "/mapping-sets", summary="Stored user mapping sets", response_model=MappingSetList, dependencies=READ
)
def list_mapping_sets(request: Request, snapshots: SnapshotsDep) -> MappingSetList:
    """Every stored user mapping set's record, by id."""
    records = SETS.call(snapshots.sets.records)
    return MappingSetList(count=len(records), mapping_sets=[_record(request, r) for r in records])


@router.get(
    "/mapping-sets/{id}", summary="One user mapping set", response_model=MappingSetOut, dependencies=READ
)
def get_mapping_set(request: Request, set_id: SetId, snapshots: SnapshotsDep) -> MappingSetOut:
    """The set's record and its mappings (ends as short ids), whether the gap analysis follows this version
    of it, and how many derived mappings it composes through it."""
    record = _stored(snapshots.sets, set_id)
    mappings = SETS.call(lambda: snapshots.sets.mappings(set_id))
    snapshot = current_snapshot(request)
    in_use = (record.id, record.modified) in snapshot.fingerprint
    derived = {
        link.mapping
        for by in snapshot.analysis.index.links.values()
        for found in by.values()
        for link in found
        if link.derived and set_id in link.mapping_sets
    }
    return MappingSetOut(
        record=_record(request, record),
        in_use=in_use,
        derived=len(derived),
        mappings=[
            UserMappingOut(
                mapping=m.mapping,
                subject=short_id(m.subject),
                relationship=m.relationship,
                object=short_id(m.object),
                confidence=float(m.confidence),
                rationale=m.rationale,
                justification=m.justification,
                author=m.author,
                author_label=m.author_label,
                source=m.source,
                comment=m.comment,
            )
            for m in mappings
        ],
    )


@router.delete(
    "/mapping-sets/{id}",
    summary="Remove a user mapping set",
    status_code=204,
    response_class=Response,
    dependencies=WRITE,
)
def delete_mapping_set(set_id: SetId, snapshots: SnapshotsDep) -> Response:
    """Remove the set `{id}` (its whole named graph); once the answer comes the gap analysis no longer
    follows its mappings nor anything derived through them. 404 if it is not stored."""
    if not SETS.call(lambda: snapshots.sets.delete(set_id)):
        raise SETS.not_stored(set_id)
    SETS.call(snapshots.rebuild)
    return Response(status_code=204)
