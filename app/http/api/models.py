"""The typed shapes of the REST API (pydantic) the OpenAPI document publishes: the base every response
model shares, health, problems, descriptions and their validation, the vocabularies descriptions draw on.

The graph's look-ups are in regime_models.py, the mapping tables in crosswalk_models.py.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from app.http.api.report_schema import GapReportSchema


class Model(BaseModel):
    """Responses publish snake_case member names (docs/api.md, "JSON casing"), as the domain's records carry
    them, and refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class Health(Model):
    status: str
    backend: str = Field(description="embedded (in-process Oxigraph) or remote (a SPARQL 1.1 server)")
    triples: int


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


# GET /vocab and GET /vocab/{scheme}: the codes a description draws on.


class VocabConcept(Model):
    code: str = Field(description="What a description writes", examples=["recruitment"])
    iri: str
    label: str
    label_ja: str | None = None
    definition: str
    source: str | None = None
    position: int | None = None
    see_also: list[str] = Field(description="Provisions the code reads on")
    exact_match: list[str]
    close_match: list[str]


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
