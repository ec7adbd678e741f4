"""The names we mint, in one place: our namespaces, the NIST IR 8477 relationships, and short ids.

Every module that writes or reads one of our IRIs takes its namespace from here (``ID``, ``CW``), and every
table of the IR 8477 relationships is keyed by ``RELATIONSHIPS``' notations, so none can drift from another.
"""

from __future__ import annotations

SITE = "https://w3id.org/ai-crosswalk"
ID = SITE + "/id/"
"""Everything we mint: regimes and their items, mappings, agents, vocabularies, stored systems."""
CW = SITE + "/ontology#"
"""The ontology's classes and properties."""
CONTEXT_URL = SITE + "/context.jsonld"
"""The published JSON-LD context of descriptions (served from the package, never fetched)."""

RELATIONSHIPS: dict[str, tuple[str, str, str | None]] = {
    "equal": ("Equal", "equal", "exactMatch"),
    "subsetOf": ("SubsetOf", "subsetOf", "broadMatch"),
    "supersetOf": ("SupersetOf", "supersetOf", "narrowMatch"),
    "intersectsWith": ("IntersectsWith", "intersectsWith", "relatedMatch"),
    "notRelated": ("NotRelated", "notRelated", None),
}
"""NIST IR 8477 notation -> (the cw: individual, the cw: direct property, the SKOS match property or None)."""
COVERING = frozenset({"equal", "supersetOf"})
"""The relationships by which meeting one side meets all of the other."""


def short_id(iri: str, base: str = ID) -> str:
    """``…/id/nist-ai-rmf/GOVERN-1.1`` → ``nist-ai-rmf:GOVERN-1.1``; a regime → its key; others unchanged."""
    if not iri.startswith(base):
        return iri
    regime, _, rest = iri.removeprefix(base).partition("/")
    return f"{regime}:{rest}" if rest else regime
