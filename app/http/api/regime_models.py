"""The REST API's shapes for the graph's look-ups: regimes and their versions, provision trees, one provision
with its mappings and its point in time, search hits."""

from __future__ import annotations

from pydantic import Field

from app.http.api.models import Model


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
    source_title: str | None = None
    licence: str
    replaces: str | None = None
    items: int = Field(description="How many items (provisions at every level) the regime holds")
    as_of: str = Field(description="The date in_force is read on (ISO 8601)")
    versions: list[VersionRef] = Field(description="The regime's versions, oldest first")
    in_force: VersionRef | None = Field(
        description="The version in force on as_of (null: none yet, or unversioned)"
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
    derived_from: list[str] = Field(description="The asserted mappings it was composed from")


class ItemMapping(Model):
    mapping: str
    relationship: str = Field(description="NIST IR 8477 relationship, read from this item's side")
    counterpart: ItemRef
    rationale: str | None = None
    justification: str | None = None
    confidence: float | None = Field(default=None, description="The asserter's; absent where it stated none")
    derived: bool
    attributed_to: str
    source: str
    mapping_set: str | None = None
    path: DerivationPath | None = None


class ItemMappings(Model):
    out: list[ItemMapping] = Field(description="Mappings stated with this item as subject")
    in_: list[ItemMapping] = Field(alias="in", description="Mappings stated with this item as object")


class Provision(Model):
    id: str
    iri: str
    notation: str
    label: str
    label_ja: str | None = None
    text: str | None = None
    level: str
    type: str
    regime: str
    regime_key: str
    broader: ItemRef | None = None
    source: str | None = None
    source_title: str | None = None
    licence: str | None = None
    unverified: bool | None = None
    verification_note: str | None = None
    addressees: list[str]
    mappings: ItemMappings
    point_in_time: PointInTime = Field(
        description="What the version of the regime in force on as_of makes of the item: part of it or not, "
        "its wording there, and its dates of application with their legal basis"
    )


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
