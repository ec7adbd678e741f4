"""Which M/593 items published standards already cover, which still wait for a standard, and whether any
standard gives a presumption of conformity yet (only a harmonised standard whose reference the Official
Journal has published does, Article 40(1) AI Act)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from app.core.identifiers import COVERING, short_id
from app.graph.queries import SelectSource, load_query, run_select, term_text


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
    harmonised: bool = False  # an OJ act cites it as a harmonised standard


@dataclass
class ItemCoverage:
    """One M/593 item: the standards serving it and whether a published one covers it fully."""

    id: str
    notation: str
    label: str
    serves: str = ""  # the AI Act articles the item serves, as the request links them
    standards: list[ServingStandard] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        """A published standard equal to, or a superset of, the item covers it."""
        return any(s.status == "published" and s.relationship in COVERING for s in self.standards)

    @property
    def presumption_of_conformity(self) -> bool:
        """A harmonised standard cited in the OJ, equal to or a superset of the item, gives a presumption of
        conformity with the requirements it serves."""
        return any(s.harmonised and s.relationship in COVERING for s in self.standards)

    @property
    def presumption_note(self) -> str:
        """Why the item does or does not give a presumption of conformity yet, in one sentence."""
        what = f"with {self.serves}" if self.serves else "with the requirements it serves"
        if self.presumption_of_conformity:
            cited = ", ".join(
                s.designation for s in self.standards if s.harmonised and s.relationship in COVERING
            )
            return f"{cited}, cited in the Official Journal, gives a presumption of conformity {what}."
        drafts = self.drafts_in_progress
        pending = f"; {', '.join(drafts)} would once published and cited" if drafts else ""
        return (
            "No harmonised standard whose reference is published in the Official Journal covers this item, "
            f"so no standard gives a presumption of conformity {what} yet (Article 40(1) AI Act){pending}."
        )

    @property
    def drafts_in_progress(self) -> list[str]:
        """Standards in preparation that would cover the item once published."""
        return [
            s.designation for s in self.standards if s.status != "published" and s.relationship in COVERING
        ]


def _in_order(notations: str) -> str:
    """The articles an item serves in reading order (GROUP_CONCAT's order is each engine's own)."""
    parts = [n.strip() for n in notations.split(",") if n.strip()]
    key = [tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)) for n in parts]
    return ", ".join(n for _, n in sorted(zip(key, parts, strict=True)))


def presumption_summary(items: list[ItemCoverage]) -> tuple[bool, str]:
    """Whether any item has a presumption of conformity, and one sentence that says so for the request."""
    given = [i.notation for i in items if i.presumption_of_conformity]
    if given:
        return (
            True,
            "A harmonised standard cited in the Official Journal gives a presumption of conformity for "
            f"{', '.join(given)}.",
        )
    return False, (
        "No harmonised standard supporting the AI Act has its reference published in the Official Journal "
        "yet, so no standard gives a presumption of conformity under Article 40(1) for any item of the "
        "request; conformity must be shown by other means (for example common specifications, Article 41, "
        "or the "
        "provider's own technical solutions)."
    )


def standards_gaps(store: pyoxigraph.Store | SelectSource, root: Path) -> list[ItemCoverage]:
    """Run queries/standards-gaps.rq on either back end; group rows by M/593 item, in request order."""
    _, rows = run_select(store, load_query("standards-gaps", root))
    items: dict[str, ItemCoverage] = {}
    for row in rows:
        iri = term_text(row.get("item"))
        entry = items.setdefault(
            iri,
            ItemCoverage(
                short_id(iri),
                term_text(row.get("itemNotation")),
                term_text(row.get("itemLabel")),
                _in_order(term_text(row.get("serves"))),
            ),
        )
        standard_id = short_id(term_text(row.get("standard"))) if row.get("standard") else ""
        known = next((s for s in entry.standards if s.id == standard_id), None) if standard_id else None
        if known is not None and known.relationship == term_text(row.get("relationship")):
            continue  # the same mapping again, for a second OJ citation
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
                    harmonised=bool(row.get("ojCitation")),
                )
            )
    return list(items.values())
