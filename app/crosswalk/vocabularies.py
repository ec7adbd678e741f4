"""The description vocabularies (purposes, roles, markets, …) as clients read them: codes, labels, text.

Domain code over the catalogue's store: named queries with the scheme bound, plain data out.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import pyoxigraph

from app.crosswalk.catalogue import Catalogue, UnknownIdError, snake_case, value


class UnknownSchemeError(UnknownIdError):
    """A vocabulary scheme we do not hold; carries the closest names (or all of them)."""

    def __init__(self, scheme: str, suggestions: list[str]) -> None:
        super().__init__(scheme, suggestions)
        self.args = (f"no vocabulary scheme is known as {scheme!r}",)


def schemes(cat: Catalogue) -> list[dict[str, Any]]:
    """Every description vocabulary: its name (the IRI's last segment), IRI, label and number of codes."""
    return [
        {
            "scheme": str(value(row, "scheme")).rsplit("/", 1)[-1],
            "iri": value(row, "scheme"),
            "label": value(row, "label"),
            "count": value(row, "count"),
        }
        for row in cat.select("vocab-schemes")
    ]


def scheme(cat: Catalogue, name: str) -> dict[str, Any]:
    """One scheme with every concept in order; UnknownSchemeError (with suggestions) if there is none."""
    well_formed = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", name) is not None
    iri = f"{cat.base_iri}vocab/{name}"
    rows = cat.select("vocab", scheme=pyoxigraph.NamedNode(iri)) if well_formed else []
    if not rows:
        known = [s["scheme"] for s in schemes(cat)]
        close = difflib.get_close_matches(name.lower(), known, n=3, cutoff=0.5)
        raise UnknownSchemeError(name, close or known)
    first = rows[0]
    concepts: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = value(row, "concept")
        if iri is None:
            continue
        concept = concepts.setdefault(
            iri,
            {
                "code": value(row, "code"),
                "iri": iri,
                "label": value(row, "label"),
                "label_ja": value(row, "labelJa"),
                "definition": value(row, "definition") or "",
                "source": value(row, "source"),
                "position": value(row, "position"),
                "see_also": [],
                "exact_match": [],
                "close_match": [],
            },
        )
        for variable in ("seeAlso", "exactMatch", "closeMatch"):
            found, member = value(row, variable), snake_case(variable)
            if found is not None and found not in concept[member]:
                concept[member].append(found)
    return {
        "scheme": name,
        "iri": value(first, "scheme"),
        "label": value(first, "schemeLabel"),
        "description": value(first, "schemeDescription"),
        "licence": value(first, "schemeLicence"),
        "count": len(concepts),
        "concepts": list(concepts.values()),
    }
