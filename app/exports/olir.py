"""NIST OLIR: a regime's mappings with the NIST AI RMF as a set theory relationship mapping OLIR (JSON).

Field names and values follow NIST IR 8278A Rev. 1 (National OLIR Program: Submission Guidance for OLIR
Developers), 3.1 (General Information, Table 1) and 3.2 (OLIR Template fields, Table 2): the NIST AI RMF is
the Focal Document, the other regime the Reference Document; each relationship says what the Reference
Document Element is compared to the Focal Document Element (``subset of``, ``intersects with``, ``equal``,
``superset of``, ``not related to``) with its rationale (``syntactic``, ``semantic``, ``functional``). The
template has an entry for every Focal Document Element: one with no relationship keeps only the element and
its description. Strength of Relationship is left empty (optional in IR 8278A; the graph records the
asserter's confidence, not a strength), and the Comments hold each mapping's justification. The Point of
Contact (an e-mail address NIST requires) is not in the graph: the submitter fills it in. Mappings from a
published crosswalk whose publisher states no rationale are left out (OLIR requires one; we invent none).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph

from app.exports.oscal_catalog import regime_provisions
from app.exports.rows import MappingRow, mapping_rows
from app.exports.vocab import OLIR_RELATIONSHIP

FOCAL = "nist-ai-rmf"
FOCAL_SHORT = "AI-RMF-v1.0"
GENERAL_FIELDS = (
    "Reference Document",
    "Reference Document Short Name",
    "Reference Document Version",
    "Reference Document Author",
    "Reference Document URL",
    "Reference Document Date",
    "Informative Reference Name",
    "Informative Reference Short Name",
    "Informative Reference Version",
    "Point of Contact",
    "Informative Reference Developer",
    "Comprehensive",
    "Summary",
    "Target Audience (Community)",
    "Citations",
    "Comments",
    "Web Address",
)
RELATIONSHIP_FIELDS = (
    "Focal Document Element",
    "Focal Document Element Description",
    "Rationale",
    "Relationship",
    "Reference Document Element",
    "Reference Document Element Description",
    "Comments",
    "Strength of Relationship",
)


def _text(value: str) -> str:
    return " ".join(value.split())


def _element(notation: str) -> str:
    """A Reference Document Element identifier: IR 8278A 3.2.3 forbids colons in it."""
    return _text(notation).replace(":", "-")


def short_name(key: str) -> str:
    """The Reference Document Short Name (IR 8278A 3.1.2: thirty characters or less)."""
    return key.upper()[:30]


def _date(iso: str) -> str:
    """IR 8278A 3.1.6: MM/DD/YYYY (day ``00`` when only the month is known)."""
    year, month, day = [*iso[:10].split("-"), "00", "00"][:3]
    return f"{month}/{day or '00'}/{year}"


def olir_document(
    store: pyoxigraph.Store, root: Path, reference: str, rows: Sequence[MappingRow] | None = None
) -> dict[str, Any]:
    """The OLIR of one regime (the Reference Document) against the NIST AI RMF (the Focal Document)."""
    if reference == FOCAL:
        raise ValueError("the NIST AI RMF is the Focal Document: choose another regime as the reference")
    if rows is None:
        rows = mapping_rows(store, root, reference, FOCAL, include_derived=False)
    rows = [r for r in rows if not r.derived and r.subject_regime == reference and r.object_regime == FOCAL]
    if not rows:
        raise ValueError(f"no asserted mappings between {reference!r} and the NIST AI RMF")
    # OLIR requires a rationale for every relationship; a published crosswalk's publisher stated none, and
    # we invent none: those mappings stay out of the OLIR (SSSOM and CSV carry them).
    stated = [r for r in rows if r.rationale]
    if not stated:
        raise ValueError(
            f"the mappings between {reference!r} and the NIST AI RMF come from a published crosswalk whose "
            "publisher states no rationale (syntactic, semantic or functional), which an OLIR requires: "
            "export them as SSSOM or CSV instead"
        )
    rows = stated
    regime, provisions = regime_provisions(store, root, reference)
    _, focal_items = regime_provisions(store, root, FOCAL)
    by_focal: dict[str, list[MappingRow]] = {}
    for r in rows:
        by_focal.setdefault(r.object, []).append(r)
    entries = []
    for item in focal_items:
        base = {
            "Focal Document Element": _text(item["notation"]),
            "Focal Document Element Description": _text(item.get("text") or item.get("label") or ""),
        }
        mapped = by_focal.get(item["item"], [])
        if not mapped:
            entries.append({**base, **{f: "" for f in RELATIONSHIP_FIELDS if f not in base}})
        for r in mapped:
            comment = _text(r.justification)
            if r.editors_reading:  # a published crosswalk's mapping: the editors' reading, marked as theirs
                comment += f"ai-crosswalk editors' reading: {_text(r.editors_reading)}"
            if r.comment:
                comment += f" {_text(r.comment)}"
            confidence = "no confidence stated" if r.confidence is None else f"confidence {r.confidence}"
            comment += f" ({confidence}, asserted by {r.agent_label or r.agent}"
            if r.typed_by:
                comment += f"; published as {_text(r.published_relation)}, relationship typed by ai-crosswalk"
            comment += f"; source {r.source})" if r.source else ")"
            entries.append(
                {
                    **base,
                    "Rationale": r.rationale,
                    "Relationship": OLIR_RELATIONSHIP[r.relationship],
                    "Reference Document Element": _element(r.subject_notation),
                    "Reference Document Element Description": _text(r.subject_label),
                    "Comments": comment,
                    "Strength of Relationship": "",
                }
            )
    mapped_items = {r.subject for r in rows}
    name = f"{short_name(reference)}-to-{FOCAL_SHORT} (1.0.0)"
    general = {
        "Reference Document": _text(regime["title"]),
        "Reference Document Short Name": short_name(reference),
        "Reference Document Version": _text(regime["version"]),
        "Reference Document Author": _text(regime["publisher"]),
        "Reference Document URL": regime["source"],
        "Reference Document Date": _date(regime["issued"]),
        "Informative Reference Name": name,
        "Informative Reference Short Name": f"{short_name(reference)}-to-{FOCAL_SHORT}",
        "Informative Reference Version": "1.0.0",
        "Point of Contact": "",
        "Informative Reference Developer": "ai-crosswalk editors",
        "Comprehensive": "Yes" if {p["item"] for p in provisions} <= mapped_items else "No",
        "Summary": (
            f"A set theory relationship mapping of {_text(regime['title'])} to the NIST AI RMF 1.0 "
            f"(NIST AI 100-1), from the ai-crosswalk knowledge graph: {len(rows)} relationships."
        ),
        "Target Audience (Community)": "General",
        "Citations": "NIST IR 8477, Mapping Relationships Between Documentary Standards, Regulations, "
        "Frameworks, and Guidelines",
        "Comments": (
            "Relationships are asserted by the editors named in each row's Comments, with a confidence "
            "between 0 and 1; Strength of Relationship is not assessed. The submitter fills in the Point of "
            "Contact."
        ),
        "Web Address": "https://w3id.org/ai-crosswalk",
    }
    return {
        "Focal Document": "NIST AI 100-1, Artificial Intelligence Risk Management Framework (AI RMF 1.0)",
        "Concept Relationship Style": "Set Theory Relationship Mapping",
        "General Information": general,
        "Relationships": entries,
    }


def write_olir(
    store: pyoxigraph.Store, root: Path, reference: str, rows: Sequence[MappingRow] | None = None
) -> str:
    """The OLIR as JSON text."""
    return json.dumps(olir_document(store, root, reference, rows), indent=2, ensure_ascii=False) + "\n"
