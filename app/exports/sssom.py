"""SSSOM/TSV export: the mappings as a table that ontology-mapping tools read (sssom-py validates it).

Everything a row says is in a standard SSSOM slot where SSSOM has one, because sssom-py (0.4.21) drops the
values of extension slots when it converts a set to JSON, RDF or OWL (``No attr for ...``):

* the IR 8477 relationship is the SKOS ``predicate_id`` with ``predicate_modifier`` (one-to-one, see
  ``SSSOM_PREDICATE``), and a derived mapping is ``semapv:MappingChaining``;
* ``record_id`` (SSSOM 1.1) is the mapping's IRI, ``mapping_source`` its mapping set, ``see_also`` the
  publication it rests on, ``comment`` its justification (on every row);
* what SSSOM has no slot for (the rationale kind, the editors' caveat, the mappings a derived one was composed
  from) is in the declared extension slots (``extension_definitions``) and, so that it survives tools that
  ignore extensions, in ``other`` as ``key=value`` pairs joined by ``|`` (``%``, ``|``, ``=``, ``"`` escaped).

A mapping imported from a published crosswalk says what its publisher said: ``author_id`` is the publisher,
``mapping_justification`` ``semapv:ManualMappingCuration`` (the publisher curated it by hand; SEMAPV's
``MappingReview`` would claim a review that confirmed it, which nobody did), ``confidence`` is empty where the
publisher stated none (SSSOM makes it optional; note that SSSOM tells confidence-estimating tools to read a
missing confidence as 1.0, which the project does not: see app/graph/derive.py), ``creator_id`` the
ai-crosswalk editors who put it in this form and typed its relationship, ``comment`` their reading of it, and
the extension slots ``published_relation`` and ``relationship_typed_by`` say what the publisher's document
states and who chose the IR 8477 type.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

from app.exports.rows import MappingRow
from app.exports.vocab import CC_BY, CW, DCTERMS, ID, PROV, RATIONALES, RELATIONSHIPS, SSSOM_PREDICATE

AGENT_NS = ID + "agent/"
MAPPING_NS = ID + "mapping/"
SET_NS = ID + "mappingset/"
FIXED_PREFIXES = {
    "cw": CW,
    "cwagent": AGENT_NS,
    "cwmapping": MAPPING_NS,
    "cwset": SET_NS,
    "dcterms": DCTERMS,
    "linkml": "https://w3id.org/linkml/",
    "prov": PROV,
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# slot name -> (property, type hint); values of linkml:uriorcurie slots are CURIEs of the curie_map.
EXTENSIONS = {
    "ir8477_relationship": ("cw:relationship", "linkml:uriorcurie"),
    "rationale_kind": ("cw:rationaleKind", "linkml:uriorcurie"),
    "caveat": ("cw:comment", "xsd:string"),
    "derived_from": ("prov:wasDerivedFrom", "xsd:string"),
    "published_relation": ("cw:publishedRelation", "xsd:string"),
    "relationship_typed_by": ("cw:relationshipTypedBy", "linkml:uriorcurie"),
}
# Extension slots with no standard SSSOM slot, repeated in ``other`` (the relationship is the predicate).
IN_OTHER = ("rationale_kind", "caveat", "derived_from", "published_relation", "relationship_typed_by")
COLUMNS = [
    "record_id",
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "author_id",
    "author_label",
    "creator_id",
    "mapping_source",
    "see_also",
    "comment",
    "other",
    *EXTENSIONS,
]
SSSOM_VERSION = "1.1"  # record_id is an SSSOM 1.1 slot
MANUAL = "semapv:ManualMappingCuration"
CHAINING = "semapv:MappingChaining"


def mapping_set_id(from_regime: str | None, to_regime: str | None) -> str:
    """A stable IRI for an export selection, whose last segment names the file an import writes."""
    return f"{SET_NS}export/{from_regime or 'all'}--{to_regime or 'all'}"


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """Shorten an IRI with the longest matching namespace, keeping it whole when none matches."""
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default="")
    if not best:
        return iri
    prefix = next(p for p, ns in prefixes.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def regime_prefix(key: str) -> str:
    """A regime's CURIE prefix: its key with ``_`` for ``-`` (sssom-py takes ``eu-ai-act:`` for no CURIE)."""
    return key.replace("-", "_")


def curie_map(rows: Iterable[MappingRow]) -> dict[str, str]:
    """One prefix per regime key in the rows (its item namespace), plus the vocabularies the table uses."""
    keys = {r.subject_regime for r in rows} | {r.object_regime for r in rows}
    regimes = {regime_prefix(key): f"{ID}{key}/" for key in sorted(keys)}
    return {**regimes, **FIXED_PREFIXES}


def metadata(
    rows: Sequence[MappingRow],
    from_regime: str | None = None,
    to_regime: str | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """The YAML metadata block: prefixes, set identity, licence and the extension slot definitions."""
    scope = " and ".join(k for k in (from_regime, to_regime) if k) or "all regimes"
    return {
        "sssom_version": SSSOM_VERSION,
        "curie_map": curie_map(rows),
        "mapping_set_id": mapping_set_id(from_regime, to_regime),
        "mapping_set_title": f"ai-crosswalk mappings ({scope})",
        "mapping_set_description": (
            "Mappings between AI-governance provisions exported from the ai-crosswalk knowledge graph. Each "
            "row's SKOS predicate (with predicate_modifier Not for notRelated) is its NIST IR 8477 "
            "relationship (also in ir8477_relationship); comment is its justification, mapping_source its "
            "mapping set, see_also the publication it rests on; rationale_kind, caveat and derived_from are "
            "extension slots, repeated in other as key=value pairs. Rows read from the first regime's side "
            "show a mapping stated the other way round with the inverse relationship. A row imported from a "
            "published crosswalk carries only what its publisher (author_id) stated: no confidence or "
            "rationale where it gave none; its creator_id (the ai-crosswalk editors) chose the relationship "
            "type (relationship_typed_by), published_relation says how the publisher relates the two, and "
            "comment is the editors' reading, not the publisher's."
        ),
        "license": CC_BY,
        "publication_date": (today or datetime.date.today()).isoformat(),
        "extension_definitions": [
            {"slot_name": name, "property": prop, "type_hint": hint}
            for name, (prop, hint) in EXTENSIONS.items()
        ],
    }


def _escape(value: str) -> str:
    """Escape a value for ``other``: ``%``, ``|``, ``=`` and ``"`` percent-encoded (sssom-py's TSV reader
    takes a double quote for CSV quoting)."""
    return value.replace("%", "%25").replace("|", "%7C").replace("=", "%3D").replace('"', "%22")


def pack_other(values: dict[str, str]) -> str:
    """The non-empty extension values as SSSOM ``other``: ``key=value`` pairs joined by ``|``."""
    return "|".join(f"{k}={_escape(values[k])}" for k in IN_OTHER if values.get(k))


def unpack_other(text: str) -> dict[str, str]:
    """Read ``other`` back into extension values (the inverse of ``pack_other``)."""
    from urllib.parse import unquote

    pairs = (part.partition("=") for part in text.split("|") if part)
    return {k: unquote(v) for k, _, v in pairs if k in IN_OTHER}


def record(row: MappingRow, prefixes: dict[str, str]) -> dict[str, str]:
    """One SSSOM row: SKOS predicate (negated for notRelated), provenance, extension slots and ``other``."""
    predicate, modifier = SSSOM_PREDICATE[row.relationship]
    values = {
        "record_id": curie(row.mapping, prefixes),
        "subject_id": curie(row.subject, prefixes),
        "subject_label": row.subject_label,
        "predicate_id": predicate,
        "predicate_modifier": modifier,
        "object_id": curie(row.object, prefixes),
        "object_label": row.object_label,
        "mapping_justification": CHAINING if row.derived else MANUAL,
        "confidence": "" if row.confidence is None else str(row.confidence),
        "author_id": curie(row.agent, prefixes),
        "author_label": row.agent_label,
        "creator_id": curie(row.typed_by, prefixes) if row.typed_by else "",
        "mapping_source": curie(row.mapping_set, prefixes) if row.mapping_set else "",
        "see_also": row.source,
        "comment": _cell(row.justification or row.editors_reading),
        "ir8477_relationship": "cw:" + RELATIONSHIPS[row.relationship][0],
        "rationale_kind": "cw:" + RATIONALES[row.rationale] if row.rationale else "",
        "caveat": _cell(row.comment),
        "derived_from": " ".join(curie(m, prefixes) for m in row.derived_from),
        "published_relation": _cell(row.published_relation),
        "relationship_typed_by": curie(row.typed_by, prefixes) if row.typed_by else "",
    }
    values["other"] = pack_other(values)
    return values


def _cell(value: str) -> str:
    """Keep a value on one TSV line: tabs and line breaks become single spaces."""
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value


def write_sssom(
    rows: Sequence[MappingRow],
    from_regime: str | None = None,
    to_regime: str | None = None,
    today: datetime.date | None = None,
) -> str:
    """Write rows (from ``mapping_rows``) as SSSOM/TSV text: ``#``-prefixed YAML metadata, then the table."""
    import yaml

    meta = metadata(rows, from_regime, to_regime, today)
    prefixes: dict[str, str] = meta["curie_map"]
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    out = io.StringIO()
    out.writelines(f"#{line}\n" for line in header.splitlines())
    out.write("\t".join(COLUMNS) + "\n")
    for row in rows:
        values = record(row, prefixes)
        out.write("\t".join(_cell(values[c]) for c in COLUMNS) + "\n")
    return out.getvalue()
