"""One row per mapping, from the named query queries/export-mappings.rq: what every tabular export prints."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph

from app.core.identifiers import short_id
from app.exports.vocab import ID, XSD
from app.graph.queries import Term, load_query, select, term_text

QUERY = "export-mappings"
_BOOLEAN = pyoxigraph.NamedNode(XSD + "boolean")


@dataclass(frozen=True)
class MappingRow:
    """A mapping read from its subject's side, with the labels and provenance exports need."""

    mapping: str
    direction: str
    subject: str
    subject_notation: str
    subject_label: str
    subject_regime: str
    object: str
    object_notation: str
    object_label: str
    object_regime: str
    relationship: str
    rationale: str
    justification: str
    confidence: Decimal | None  # None: the asserter stated none (a published crosswalk's mapping)
    agent: str
    agent_label: str
    source: str
    mapping_set: str
    comment: str
    derived: bool
    derived_from: tuple[str, ...]
    typed_by: str = ""  # who chose the IR 8477 type, when not the asserter (cw:relationshipTypedBy)
    published_relation: str = ""  # how the publisher relates the two (cw:publishedRelation)
    editors_reading: str = ""  # the ai-crosswalk editors' reading of an imported mapping (cw:editorsReading)

    @property
    def subject_short_id(self) -> str:
        """The subject as ``<regime-key>:<slug>``, the short id people and OSCAL id-refs use."""
        return short_id(self.subject)

    @property
    def object_short_id(self) -> str:
        """The object as ``<regime-key>:<slug>``."""
        return short_id(self.object)


def regime_iri(key: str) -> pyoxigraph.NamedNode:
    """The IRI of a regime from its key, so callers pass ``eu-ai-act`` rather than an IRI."""
    return pyoxigraph.NamedNode(ID + key)


def export_bindings(
    from_regime: str | None = None, to_regime: str | None = None, include_derived: bool = True
) -> dict[str, Term]:
    """The bindings of queries/export-mappings.rq for a selection (regime keys become regime IRIs)."""
    bindings: dict[str, Term] = {
        "includeDerived": pyoxigraph.Literal("true" if include_derived else "false", datatype=_BOOLEAN)
    }
    if from_regime:
        bindings["fromRegime"] = regime_iri(from_regime)
    if to_regime:
        bindings["toRegime"] = regime_iri(to_regime)
    return bindings


def rows_from_solutions(solutions: Iterable[Mapping[str, Term]]) -> list[MappingRow]:
    """Turn the solutions of queries/export-mappings.rq, from any backend, into rows for the writers."""
    return [_row(solution) for solution in solutions]


def mapping_rows(
    store: pyoxigraph.Store,
    root: Path,
    from_regime: str | None = None,
    to_regime: str | None = None,
    include_derived: bool = True,
) -> list[MappingRow]:
    """Run the export query on an embedded store with bound (never pasted) regimes and return its rows."""
    bindings = export_bindings(from_regime, to_regime, include_derived)
    _, solutions = select(store, load_query(QUERY, root), bindings)
    return rows_from_solutions(solutions)


def _row(solution: Mapping[str, Term]) -> MappingRow:
    """Convert one query solution, absent optional values becoming empty strings."""

    def text(name: str) -> str:
        return term_text(solution.get(name))

    return MappingRow(
        mapping=text("mapping"),
        direction=text("direction"),
        subject=text("subject"),
        subject_notation=text("subjectNotation"),
        subject_label=text("subjectLabel"),
        subject_regime=text("subjectRegimeKey"),
        object=text("object"),
        object_notation=text("objectNotation"),
        object_label=text("objectLabel"),
        object_regime=text("objectRegimeKey"),
        relationship=text("relationship"),
        rationale=text("rationale"),
        justification=text("justification"),
        confidence=Decimal(text("confidence")) if text("confidence") else None,
        agent=text("agent"),
        agent_label=text("agentLabel"),
        source=text("source"),
        mapping_set=text("mappingSet"),
        comment=text("comment"),
        derived=text("derived") == "true",
        derived_from=tuple(sorted(text("derivedFrom").split())),
        typed_by=text("typedBy"),
        published_relation=text("publishedRelation"),
        editors_reading=text("editorsReading"),
    )
