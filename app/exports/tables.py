"""Regime-to-regime views of the mappings: the crosswalk table, the coverage matrix and its SVG heatmap.

Domain code only (no HTTP): named queries with bound terms, plain data out, an SVG rendering; the table's CSV
and SSSOM are the exports' writers on the same selection (``crosswalk_rows``).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import pyoxigraph

from app.core.identifiers import CW, RELATIONSHIPS
from app.crosswalk.catalogue import Catalogue, value
from app.exports.rows import MappingRow, export_bindings, rows_from_solutions


def crosswalk(
    cat: Catalogue,
    from_regime: str,
    to_regime: str | None = None,
    relationship: str | None = None,
    derived: bool = False,
) -> dict[str, Any]:
    """Every mapping from one regime's items to another's (or to all others), read from the first side."""
    source = cat.resolve(from_regime, "regime")
    target = cat.resolve(to_regime, "regime") if to_regime else None
    if relationship is not None and relationship not in RELATIONSHIPS:
        raise ValueError(f"unknown relationship {relationship!r}: use one of {', '.join(RELATIONSHIPS)}")
    rows = cat.select(
        "regime-crosswalk",
        fromRegime=pyoxigraph.NamedNode(source),
        toRegime=pyoxigraph.NamedNode(target) if target else None,
        relationship=pyoxigraph.NamedNode(CW + RELATIONSHIPS[relationship][0]) if relationship else None,
        includeDerived=pyoxigraph.Literal(True) if derived else None,
    )
    out = []
    for row in rows:
        is_derived = bool(value(row, "derived"))
        out.append(
            {
                "subject_id": cat.short_id(value(row, "subject")),
                "subject_label": value(row, "subjectLabel"),
                "subject_notation": value(row, "subjectNotation"),
                "predicate_id": value(row, "relationshipLabel"),
                "object_id": cat.short_id(value(row, "object")),
                "object_label": value(row, "objectLabel"),
                "object_notation": value(row, "objectNotation"),
                "object_regime": value(row, "objectRegimeKey"),
                "mapping_justification": "semapv:MappingChaining"
                if is_derived
                else "semapv:ManualMappingCuration",
                "confidence": value(row, "confidence"),
                "derived": is_derived,
                "rationale": value(row, "rationale"),
                "justification": value(row, "justification"),
                "author_id": value(row, "attributedTo"),
                "source": value(row, "source"),
                "mapping_set": value(row, "mappingSet"),
                "mapping": value(row, "mapping"),
                "subject_iri": value(row, "subject"),
                "object_iri": value(row, "object"),
            }
        )
    return {
        "from": cat.short_id(source),
        "to": cat.short_id(target) if target else None,
        "relationship": relationship,
        "derived": derived,
        "count": len(out),
        "rows": out,
    }


def crosswalk_rows(table: dict[str, Any], cat: Catalogue) -> list[MappingRow]:
    """A crosswalk table's selection as export rows (either back end), so its CSV and SSSOM are the CLI's."""
    source = table["from"].removesuffix(":")
    target = table["to"].removesuffix(":") if table["to"] else None
    rows = rows_from_solutions(
        cat.select("export-mappings", **export_bindings(source, target, table["derived"]))
    )
    return [r for r in rows if r.relationship == table["relationship"]] if table["relationship"] else rows


def crosswalk_sssom(table: dict[str, Any], cat: Catalogue) -> str:
    """The same selection as a crosswalk table, as SSSOM TSV written by app.exports (either back end)."""
    from app.exports.sssom import write_sssom

    source = table["from"].removesuffix(":")
    target = table["to"].removesuffix(":") if table["to"] else None
    return write_sssom(crosswalk_rows(table, cat), source, target)


def coverage(cat: Catalogue, derived: bool = False) -> dict[str, Any]:
    """The coverage matrix: per ordered pair of regimes, items of the first mapped to the second."""
    flag = pyoxigraph.Literal(True) if derived else None
    totals = {value(r, "key"): value(r, "items") for r in cat.select("regimes")}
    cells = [
        {
            "from": value(r, "fromKey"),
            "to": value(r, "toKey"),
            "relationship": value(r, "relationshipLabel"),
            "items": value(r, "items"),
        }
        for r in cat.select("coverage", includeDerived=flag)
    ]
    pairs = []
    for r in cat.select("coverage-share", includeDerived=flag):
        source, items = value(r, "fromKey"), value(r, "items")
        total = totals.get(source) or 0
        pairs.append(
            {
                "from": source,
                "to": value(r, "toKey"),
                "items": items,
                "of": total,
                "share": round(items / total, 4) if total else 0.0,
            }
        )
    return {"derived": derived, "regimes": sorted(totals), "cells": cells, "pairs": pairs}


def coverage_svg(matrix: dict[str, Any]) -> str:
    """Render the coverage matrix as an SVG heatmap: rows are "from" regimes, columns "to" regimes."""
    regimes: list[str] = matrix["regimes"]
    share = {(p["from"], p["to"]): p for p in matrix["pairs"]}
    cell, left, top = 72, 110, 120
    width, height = left + cell * len(regimes) + 20, top + cell * len(regimes) + 50
    title = "Coverage: share of the row regime's items mapped to the column regime"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11" role="img">',
        f"<title>{escape(title)}{' (derived mappings included)' if matrix['derived'] else ''}</title>",
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for j, name in enumerate(regimes):
        x = left + j * cell + cell // 2
        parts.append(
            f'<text x="{x}" y="{top - 8}" transform="rotate(-40 {x} {top - 8})">{escape(name)}</text>'
        )
    for i, row in enumerate(regimes):
        y = top + i * cell
        parts.append(f'<text x="{left - 6}" y="{y + cell // 2 + 4}" text-anchor="end">{escape(row)}</text>')
        for j, col in enumerate(regimes):
            x = left + j * cell
            pair = share.get((row, col))
            fraction = pair["share"] if pair else 0.0
            shade = 255 - round(min(fraction, 1.0) ** 0.5 * 200)
            fill = "#eeeeee" if row == col else f"rgb({shade},{shade},255)"
            label = (
                f"{row} → {col}: {pair['items']} of {pair['of']} items" if pair else f"{row} → {col}: none"
            )
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}">'
                f"<title>{escape(label)}</title></rect>"
            )
            if pair:
                ink = "#ffffff" if shade < 130 else "#000000"
                parts.append(
                    f'<text x="{x + cell // 2 - 1}" y="{y + cell // 2 + 4}" '
                    f'text-anchor="middle" fill="{ink}">'
                    f"{pair['items']} ({fraction:.0%})</text>"
                )
    parts.append(
        f'<text x="{left}" y="{height - 16}">cell: items of the row regime with a mapping to the column '
        f"regime (share of all its items)</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
