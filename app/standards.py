"""Which M/593 items published standards already cover, and which still wait for a standard."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from app.identifiers import short_id
from app.queries import SelectSource, load_query, run_select, term_text

COVERING = {"equal", "supersetOf"}


@dataclass(frozen=True)
class ServingStandard:
    """One standard mapped to an item, and how."""

    id: str
    designation: str
    title: str
    relationship: str
    status: str
    stage: str
    confidence: float
    justification: str
    unverified: bool


@dataclass
class ItemCoverage:
    """One M/593 item: the standards serving it and whether a published one covers it fully."""

    id: str
    notation: str
    label: str
    standards: list[ServingStandard] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        """A published standard equal to, or a superset of, the item covers it."""
        return any(s.status == "published" and s.relationship in COVERING for s in self.standards)

    @property
    def drafts_in_progress(self) -> list[str]:
        """Standards in preparation that would cover the item once published."""
        return [
            s.designation for s in self.standards if s.status != "published" and s.relationship in COVERING
        ]


def standards_gaps(store: pyoxigraph.Store | SelectSource, root: Path) -> list[ItemCoverage]:
    """Run queries/standards-gaps.rq on either back end; group rows by M/593 item, in request order."""
    _, rows = run_select(store, load_query("standards-gaps", root))
    items: dict[str, ItemCoverage] = {}
    for row in rows:
        iri = term_text(row.get("item"))
        entry = items.setdefault(
            iri,
            ItemCoverage(short_id(iri), term_text(row.get("itemNotation")), term_text(row.get("itemLabel"))),
        )
        if row.get("standard"):
            entry.standards.append(
                ServingStandard(
                    id=short_id(term_text(row.get("standard"))),
                    designation=term_text(row.get("designation")),
                    title=term_text(row.get("title")),
                    relationship=term_text(row.get("relationship")),
                    status=term_text(row.get("status")),
                    stage=term_text(row.get("stage")),
                    confidence=float(term_text(row.get("confidence"))),
                    justification=term_text(row.get("justification")),
                    unverified=term_text(row.get("unverified")) == "true",
                )
            )
    return list(items.values())
