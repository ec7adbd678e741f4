"""The typed shapes of the REST API's responses (pydantic), as the OpenAPI document publishes them."""

# ruff: noqa: N815 - field names are the JSON members, in the camelCase the graph's queries use

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from app.http.api.report_schema import GapReportSchema


class Model(BaseModel):
    """Responses keep the names the graph uses (camelCase) and refuse unknown fields."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Health(Model):
    status: str
    backend: str = Field(description="embedded (in-process Oxigraph) or remote (a SPARQL 1.1 server)")
    triples: int


class Regime(Model):
    id: str = Field(description="Short id: the regime's key", examples=["nist-ai-rmf"])
    iri: str
    key: str
    title: str
    kind: str
    jurisdiction: str
    publisher: str
    version: str
    issued: str
    source: str
    sourceTitle: str | None = None
    licence: str
    replaces: str | None = None
    items: int = Field(description="How many items (provisions at every level) the regime holds")
    asOf: str = Field(description="The date inForce is read on (ISO 8601)")
    versions: list[VersionRef] = Field(description="The regime's versions, oldest first")
    inForce: VersionRef | None = Field(
        description="The version in force on asOf (null: none yet, or unversioned)"
    )


class ItemRef(Model):
    id: str = Field(description="Short id regime:notation-slug", examples=["nist-ai-rmf:GOVERN-1.1"])
    iri: str
    notation: str | None = None
    label: str | None = None
    regime: str | None = None


class ProvisionNode(Model):
    id: str
    iri: str
    notation: str | None = None
    label: str | None = None
    level: str | None = None
    children: list[ProvisionNode]


class ProvisionTree(Model):
    regime: str
    iri: str
    count: int
    provisions: list[ProvisionNode]


class DerivationPath(Model):
    length: int | None = None
    via: list[ItemRef] = Field(description="The shared items the derived mapping passes through")
    derivedFrom: list[str] = Field(description="The asserted mappings it was composed from")


class ItemMapping(Model):
    mapping: str
    relationship: str = Field(description="NIST IR 8477 relationship, read from this item's side")
    counterpart: ItemRef
    rationale: str | None = None
    justification: str | None = None
    confidence: float
    derived: bool
    attributedTo: str
    source: str
    mappingSet: str | None = None
    path: DerivationPath | None = None


class ItemMappings(Model):
    out: list[ItemMapping] = Field(description="Mappings stated with this item as subject")
    in_: list[ItemMapping] = Field(alias="in", description="Mappings stated with this item as object")


class Provision(Model):
    id: str
    iri: str
    notation: str
    label: str
    labelJa: str | None = None
    text: str | None = None
    level: str
    type: str
    regime: str
    regimeKey: str
    broader: ItemRef | None = None
    source: str | None = None
    sourceTitle: str | None = None
    licence: str | None = None
    unverified: bool | None = None
    verificationNote: str | None = None
    addressees: list[str]
    mappings: ItemMappings
    pointInTime: PointInTime = Field(
        description="What the version of the regime in force on as_of makes of the item: part of it or not, "
        "its wording there, and its dates of application with their legal basis"
    )


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
    confidence: float
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


class SearchHit(Model):
    id: str
    iri: str
    notation: str | None = None
    label: str | None = None
    regime: str | None = None
    rank: int = Field(description="0 exact notation, 1 notation prefix, 2 label, 3 text")
    match: str


class SearchResults(Model):
    q: str
    count: int
    hits: list[SearchHit]


class VersionRef(Model):
    iri: str
    label: str
    in_force_from: str = Field(description="The date this version is in force from (ISO 8601)")
    made_by: str = Field(description="The act or document that made it (ELI or URL)")
    made_by_title: str = ""
    replaces: str = ""


class DateStatement(Model):
    date: str = Field(description="ISO date the provision applies from in this case")
    case: str | None = Field(
        description="The application case (/vocab/application-case): annex-iii, annex-i, "
        "public-authority-use, already-placed; null: every case"
    )
    until: str | None = Field(
        default=None,
        description="For a transitional case: the system was placed on the market before this date",
    )
    basis: str = Field(description="The clause that sets the date, as the act cites it")
    basis_act: str | None = Field(description="The act of that clause (ELI)")
    inferred: bool = Field(description="True where the project reasons to the date rather than reading it")
    note: str | None = Field(description="How an inferred date follows from the clauses cited")


class Wording(Model):
    label: str
    text: str


class PointInTime(Model):
    as_of: str
    version: VersionRef | None = Field(description="The version of the regime in force on as_of")
    in_version: bool = Field(description="Whether the item is part of that version")
    introduced_in: str | None = None
    removed_in: str | None = None
    wording: Wording | None = Field(description="Its label and text in that version, where it changed them")
    application: list[DateStatement] = Field(description="Its dates of application in that version, per case")


# The gap report's model is generated from the analysis package's dataclasses (app.http.api.report_schema);
# GET /systems/{id}/gaps (app.http.api.inventory) names it GapReport.
GapReport = GapReportSchema


# Descriptions: the request body (documentation) and the SHACL report.


# A description's fields are the published context's (the strict contract, README "Security"): an unknown
# field is a 422; full IRIs (and @id/@type) are JSON-LD's way to say more; `extensions` is the caller's.
IRI_KEYS: JsonDict = {"^(@id|@type|[A-Za-z][A-Za-z0-9+.-]*:.*)$": {}}


class MeasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"patternProperties": IRI_KEYS})
    id: str
    addresses: list[str] = Field(
        description="Provisions by short id or IRI", examples=[["eu-ai-act:Article-9"]]
    )
    status: Literal["implemented", "partial", "planned"]
    evidence: str | None = None


class SystemDescriptionIn(BaseModel):
    """An AI-system description: JSON under the published @context; codes from GET /vocab/{scheme}."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"patternProperties": IRI_KEYS})
    context: Any = Field(
        default=None,
        alias="@context",
        description="Optional: https://w3id.org/ai-crosswalk/context.jsonld, or it inline (never fetched)",
    )
    id: str = Field(
        examples=["urn:example:cv-ranker"],
        description="An absolute IRI, or a short name minted as https://w3id.org/ai-crosswalk/id/ai-system/<name>",
    )
    type: str | None = Field(default=None, examples=["AISystem"])
    extensions: dict[str, Any] | None = Field(
        default=None, description="The caller's own fields: kept out of the analysis, never an error"
    )
    name: str | None = None
    purposes: list[str] = Field(default=[], examples=[["recruitment"]])
    roles: list[str] = Field(default=[], examples=[["provider"]])
    markets: list[str] = Field(default=[], examples=[["EU", "JP"]])
    sectors: list[str] = []
    capabilities: list[str] = []
    lifecycle_stage: str | None = Field(default=None, examples=["deployment"])
    entity_type: str | None = Field(
        default=None,
        description="GET /vocab/entity-type: public-authority, union-body, body-governed-by-public-law, "
        "private-public-services, private-entity (decides AI Act Articles 26(8), 27(1), 49(3))",
        examples=["private-entity"],
    )
    conformity_assessment: str | None = Field(
        default=None,
        description="GET /vocab/conformity-assessment: third-party or internal-control, under the product's "
        "own Annex I legislation (decides Article 6(1)(b)); unsaid is read as third-party",
        examples=["third-party"],
    )
    licence: str | None = Field(
        default=None,
        description="GET /vocab/licence: free-open-source or proprietary "
        "(decides Articles 2(12), 53(2), 54(6))",
        examples=["proprietary"],
    )
    circumstances: list[str] = Field(
        default=[],
        description="GET /vocab/circumstance: facts a scope, derogation or exception clause turns on "
        "(Article 2(3), 2(6), 2(8), 2(10), 6(3), 25(1), 50(1)-(4), 111(2)), each naming its clause",
        examples=[["own-name-or-trademark"]],
    )
    placed_on_market: str | None = Field(
        default=None,
        description="YYYY-MM-DD the system or model was first placed on the market or put into service "
        "(decides Article 111 and the transitional dates)",
        examples=["2025-03-01"],
    )
    measures: list[MeasureIn] = []


class DescriptionIssue(Model):
    field: str = Field(description="The JSON field the issue is about (body: the document as a whole)")
    focus_node: str
    path: str = Field(description="The RDF property (SHACL result path)")
    value: str
    constraint: str = Field(
        description="The SHACL constraint component, or syntax / media-type for bad bodies"
    )
    message: str
    severity: str


class ValidationReport(Model):
    conforms: bool
    issues: list[DescriptionIssue]


class DescriptionProblem(Model):
    type: str
    title: str
    status: int
    detail: str
    issues: list[DescriptionIssue]


class MappingSetIssue(Model):
    line: int | None = Field(description="The TSV line at fault (null: the metadata block or the path)")
    field: str
    message: str


class Problem(Model):
    """RFC 9457 problem details, the one error shape of every endpoint (422s also list their issues: a
    description's SHACL results, or a mapping set's lines and fields)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    issues: list[DescriptionIssue | MappingSetIssue] | None = None


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


class VocabConcept(Model):
    code: str = Field(description="What a description writes", examples=["recruitment"])
    iri: str
    label: str
    labelJa: str | None = None
    definition: str
    source: str | None = None
    position: int | None = None
    seeAlso: list[str] = Field(description="Provisions the code reads on")
    exactMatch: list[str]
    closeMatch: list[str]


class VocabScheme(Model):
    scheme: str
    iri: str
    label: str
    description: str | None = None
    licence: str | None = None
    count: int
    concepts: list[VocabConcept]


class VocabSchemeRef(Model):
    scheme: str = Field(description="The name GET /vocab/{scheme} takes", examples=["purpose"])
    iri: str
    label: str
    count: int
