"""CSV export for spreadsheets: one row per mapping, official references and labels, no IRIs to decode."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from app.core.csv_cells import cell
from app.exports.rows import MappingRow

HEADER = [
    "subject regime",
    "subject notation",
    "subject label",
    "relationship",
    "object regime",
    "object notation",
    "object label",
    "rationale",
    "justification",
    "confidence",
    "asserted by",
    "derived",
    "derived from",
]


def write_csv(rows: Sequence[MappingRow]) -> str:
    """Write rows (from ``mapping_rows``) as RFC 4180 CSV with a header, read from the subject's side."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in rows:
        row = [
            r.subject_regime,
            r.subject_notation,
            r.subject_label,
            r.relationship,
            r.object_regime,
            r.object_notation,
            r.object_label,
            r.rationale,
            r.justification,
            "" if r.confidence is None else str(r.confidence),
            r.agent_label or r.agent,
            "yes" if r.derived else "no",
            " ".join(r.derived_from),
        ]
        writer.writerow([cell(value) for value in row])
    return out.getvalue()
