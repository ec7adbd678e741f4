"""The gap report as types: what app.analysis.gaps.analyse returns, every writer renders, the API publishes.

The attribute docstrings are the OpenAPI document's field descriptions (the HTTP layer generates the schema
from these classes). ``members`` is the one JSON form: members in field order, ``None`` as null, and a field
marked ``OMIT_EMPTY`` left out when empty, so a report reads byte for byte as it always has; ``report_json``
writes it as dicts (for the writers that transform it), ``json_bytes`` straight to bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache, cached_property
from typing import Any, Literal

import orjson

Status = Literal["met", "partial", "unmet"]
OMIT_EMPTY = {"omit_empty": True}


@dataclass(frozen=True)
class SystemRef:
    """The system the report is about."""

    id: str
    name: str


@dataclass(frozen=True)
class RegimeVersion:
    """A version of a regime, as the law stood on the report's date."""

    iri: str
    label: str
    in_force_from: str
    """The date this version is in force from (ISO 8601)"""
    made_by: str
    """The act or document that made it (ELI or URL)"""
    made_by_title: str
    replaces: str


@dataclass(frozen=True)
class Ref:
    """A provision cited as a basis."""

    id: str
    """Short id of a provision (or regime key)"""
    notation: str
    """The official reference as the source writes it"""


@dataclass(frozen=True)
class TierClassification:
    """A tier a regime places the system in, and why."""

    tier: str
    """Risk-tier code (GET /vocab/risk-tier)"""
    label: str
    basis: tuple[Ref, ...]
    """The provisions that put the system in this tier"""
    because: dict[str, tuple[str, ...]]
    """The description's codes that matched, by field"""


@dataclass(frozen=True)
class Exclusion:
    """A scope clause that takes the system, or some of its duties, out of a regime."""

    regime: str
    rule: str
    basis: tuple[Ref, ...]
    scope: Literal["regime", "requirements"]
    """regime: the clause takes the system out of the regime (save what it keeps); requirements: it removes
    the requirements listed"""
    requirements: tuple[str, ...]
    keeps: tuple[str, ...]


@dataclass(frozen=True)
class AppliedDate:
    """The dated statement of the version in force that says from when a requirement applies to the system."""

    date: str
    basis: str
    basis_act: str | None
    case: str | None
    inferred: bool
    note: str | None


@dataclass(frozen=True)
class AppliesBecause:
    """A rule that makes a requirement apply."""

    rule: str
    """The applicability rule (data in data/rules/) that made the requirement apply"""
    basis: tuple[Ref, ...]


@dataclass(frozen=True)
class Evidence:
    """A measure that addresses the requirement, or a provision containing it or part of it, directly."""

    measure: str
    """The measure's id in the description"""
    measure_status: str
    """implemented, partial or planned"""
    evidence: str
    """The measure's evidence link or note"""
    credit: Status
    """What this way of reaching it is worth"""
    addresses: str
    """The provision the measure addresses that leads here"""
    how: str
    """One line: the measure's provision, the relationship and the requirement"""


@dataclass(frozen=True, kw_only=True)
class MappedEvidence:
    """A measure that reaches the requirement through a mapping, asserted or derived."""

    measure: str
    """The measure's id in the description"""
    measure_status: str
    """implemented, partial or planned"""
    evidence: str
    """The measure's evidence link or note"""
    user_mapping_sets: tuple[str, ...] = field(default=(), metadata=OMIT_EMPTY)
    """Set when the mapping is a user's (PUT /mapping-sets/{id}) or derived through one: the ids of those user
    mapping sets; not curated by the project"""
    credit: Status
    """What this way of reaching it is worth"""
    addresses: str
    """The provision the measure addresses that leads here"""
    how: str
    """One line: the measure's provision, the relationship and the requirement"""
    mapping: str
    """The mapping followed"""
    relationship: str
    derived: bool
    path: tuple[str, ...]
    """Items a derived mapping passes through"""
    confidence: float | None
    """The mapping's confidence; None where its asserter stated none (a published crosswalk's mapping)"""
    asserted_by: str
    drift: str | None
    """Set when a later version changed one side of the mapping after it was made (the provision and the
    version): the credit may no longer hold"""


@dataclass(frozen=True)
class Presumption:
    """Whether a harmonised standard gives a presumption of conformity, and why (not)."""

    available: bool
    note: str


@dataclass(frozen=True)
class RequirementVerdict:
    """A requirement that applies to the system: why, from when, and what (if anything) meets it."""

    id: str
    iri: str
    regime: str
    notation: str
    label: str
    status: Status
    applies_from: str | None
    """ISO date the obligation applies from (null: no date)"""
    applies_from_basis: AppliedDate | None
    """The clause of the version in force that sets that date, and whether it is inferred"""
    in_force: bool
    """Whether it applies on the report's as_of date"""
    applies_because: tuple[AppliesBecause, ...]
    evidence: tuple[Evidence | MappedEvidence, ...]
    """Every way a measure reaches it, the deciding one first"""
    presumption_of_conformity: Presumption | None = field(default=None, metadata=OMIT_EMPTY)
    """Where a standardisation item serves the requirement: whether a harmonised standard cited in the
    Official Journal gives a presumption of conformity with it yet (Article 40(1) AI Act)"""

    @cached_property
    def written(self) -> orjson.Fragment:
        """This verdict as JSON, written once: a verdict before any measure is shared by every report it
        appears in (app.analysis.gaps), and a portfolio writes it thousands of times."""
        return orjson.Fragment(json_bytes(_members(self)))


@dataclass(frozen=True)
class RegimeCounts:
    """How many requirements of a regime apply, by verdict, and how many are in force."""

    applicable: int
    met: int
    partial: int
    unmet: int
    in_force: int


@dataclass(frozen=True)
class GapReport:
    """The gap analysis of one AI system on one date (POST /gap-analysis)."""

    system: SystemRef
    as_of: str
    """The date obligations in force were judged on (ISO 8601)"""
    versions: dict[str, RegimeVersion]
    """Per regime key, the version in force on as_of"""
    classification: dict[str, tuple[TierClassification, ...]]
    """Per regime key, the tiers"""
    exclusions: tuple[Exclusion, ...]
    """Scope clauses that took the system out, and why"""
    requirements: tuple[RequirementVerdict, ...]
    summary: dict[str, RegimeCounts]
    """Per regime key, the counts"""


def report_json(report: GapReport) -> dict[str, Any]:
    """The report as the API's JSON (what POST /gap-analysis and ``crosswalk gaps --format json`` print)."""
    value: dict[str, Any] = _json(report)
    return value


def json_bytes(value: Any, *, newline: bool = False) -> bytes:
    """``value`` (a report, or JSON holding reports) written as UTF-8 JSON: the same members as
    ``report_json``, without building its dicts first (a portfolio writes thousands of reports)."""
    option = orjson.OPT_PASSTHROUGH_DATACLASS | (orjson.OPT_APPEND_NEWLINE if newline else 0)
    return orjson.dumps(value, default=members, option=option)


def members(value: Any) -> dict[str, Any] | orjson.Fragment:
    """orjson's ``default``: a verdict as it was written (``RequirementVerdict.written``), another report
    dataclass as its members."""
    if type(value) is RequirementVerdict:
        return value.written
    return _members(value)


def _members(value: Any) -> dict[str, Any]:
    """A report dataclass's members in field order, an OMIT_EMPTY field left out when empty (one level: the
    caller descends); a TypeError for anything else, as orjson's ``default`` must."""
    if not is_dataclass(value) or isinstance(value, type):
        raise TypeError(f"{type(value).__name__} is not JSON")
    out = {}
    for name, omit_empty in _fields(type(value)):
        member = getattr(value, name)
        if not (omit_empty and member in (None, ())):
            out[name] = member
    return out


@cache
def _fields(kind: type) -> tuple[tuple[str, bool], ...]:
    """A report dataclass's field names, each with whether it is left out when empty."""
    return tuple((f.name, bool(f.metadata.get("omit_empty"))) for f in fields(kind))


def _json(value: Any) -> Any:
    """Dataclasses as objects (``members``), tuples as arrays, all the way down."""
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if is_dataclass(value):
        return {k: _json(v) for k, v in _members(value).items()}
    return value
