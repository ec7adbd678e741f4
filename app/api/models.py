"""The typed shapes of the REST API's responses (pydantic), as the OpenAPI document publishes them."""

# ruff: noqa: N815 - field names are the JSON members, in the camelCase the graph's queries use

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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
    appliesFrom: str | None = None
    appliesFromBasis: str | None = None
    appliesFromViaAnnexI: str | None = None
    unverified: bool | None = None
    verificationNote: str | None = None
    addressees: list[str]
    mappings: ItemMappings


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
