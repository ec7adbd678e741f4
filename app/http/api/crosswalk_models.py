"""The REST API's shapes for mapping tables: the crosswalk between two regimes, the coverage matrix and the
standards coverage of M/593."""

from __future__ import annotations

from pydantic import Field

from app.http.api.models import Model


class CrosswalkRow(Model):
    subject_id: str
    subject_label: str | None = None
    subject_notation: str
    predicate_id: str
    object_id: str
    object_label: str | None = None
    object_notation: str
    object_regime: str
    mapping_justification: str
    confidence: float | None = Field(default=None, description="The asserter's; absent where it stated none")
    derived: bool
    rationale: str | None = None
    justification: str | None = None
    author_id: str
    source: str
    mapping_set: str | None = None
    mapping: str
    subject_iri: str
    object_iri: str


class Crosswalk(Model):
    from_: str = Field(alias="from")
    to: str | None = None
    relationship: str | None = None
    derived: bool
    count: int
    rows: list[CrosswalkRow]


class CoverageCell(Model):
    from_: str = Field(alias="from")
    to: str
    relationship: str
    items: int


class CoveragePair(Model):
    from_: str = Field(alias="from")
    to: str
    items: int = Field(description="Items of 'from' with at least one mapping (not notRelated) to 'to'")
    of: int = Field(description="Items 'from' holds")
    share: float


class Coverage(Model):
    derived: bool
    regimes: list[str]
    cells: list[CoverageCell]
    pairs: list[CoveragePair]


# GET /standards/gaps and GET /vocab/{scheme}.


class ServingStandard(Model):
    id: str
    designation: str
    title: str
    relationship: str = Field(description="IR 8477 relationship, read from the standard's side")
    status: str
    stage: str
    confidence: float
    justification: str
    unverified: bool
    harmonised: bool = Field(description="An Official Journal act cites it as a harmonised standard")


class ItemCoverage(Model):
    id: str
    notation: str
    label: str
    serves: str = Field(description="The AI Act articles the item serves")
    covered: bool = Field(description="A published standard equal to, or a superset of, the item exists")
    presumption_of_conformity: bool = Field(description="A harmonised standard cited in the OJ covers it")
    presumption_note: str = Field(description="Why it does or does not give a presumption of conformity")
    drafts_in_progress: list[str] = Field(description="Unpublished standards that would cover it")
    standards: list[ServingStandard]


class StandardsGaps(Model):
    count: int
    covered: int
    gaps: list[str] = Field(description="M/593 items no published standard covers")
    presumption_of_conformity: bool = Field(description="Any harmonised standard gives a presumption yet")
    presumption_note: str = Field(description="Why there is, or is not yet, a presumption of conformity")
    items: list[ItemCoverage]
