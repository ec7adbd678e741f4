"""SSSOM/TSV export: the mappings as a table that ontology-mapping tools read (sssom-py validates it).

The SKOS predicate says what every SSSOM consumer understands; extension slots (declared in
``extension_definitions``, SSSOM 1.0 section "non-standard slots") keep what SKOS cannot say: the IR 8477
relationship, the rationale kind, the justification, the mapping set, the source and the derivation.
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
    "justification": ("cw:justification", "xsd:string"),
    "mapping_set": ("cw:inMappingSet", "linkml:uriorcurie"),
    "source": ("dcterms:source", "xsd:anyURI"),
    "derived": ("cw:derived", "xsd:boolean"),
    "derived_from": ("prov:wasDerivedFrom", "xsd:string"),
}
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
    "comment",
    *EXTENSIONS,
]
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


def curie_map(rows: Iterable[MappingRow]) -> dict[str, str]:
    """One prefix per regime key in the rows (its item namespace), plus the vocabularies the table uses."""
    keys = {r.subject_regime for r in rows} | {r.object_regime for r in rows}
    regimes = {key: f"{ID}{key}/" for key in sorted(keys)}
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
        "curie_map": curie_map(rows),
        "mapping_set_id": mapping_set_id(from_regime, to_regime),
        "mapping_set_title": f"ai-crosswalk mappings ({scope})",
        "mapping_set_description": (
            "Mappings between AI-governance provisions exported from the ai-crosswalk knowledge graph. Each "
            "row keeps its NIST IR 8477 relationship (ir8477_relationship), rationale kind, justification, "
            "mapping set and source; rows read from the first regime's side show a mapping stated the other "
            "way round with the inverse relationship."
        ),
        "license": CC_BY,
        "publication_date": (today or datetime.date.today()).isoformat(),
        "extension_definitions": [
            {"slot_name": name, "property": prop, "type_hint": hint}
            for name, (prop, hint) in EXTENSIONS.items()
        ],
    }


def record(row: MappingRow, prefixes: dict[str, str]) -> dict[str, str]:
    """One SSSOM row: SKOS predicate (negated for notRelated), provenance and the extension slots."""
    predicate, modifier = SSSOM_PREDICATE[row.relationship]
    return {
        "record_id": curie(row.mapping, prefixes),
        "subject_id": curie(row.subject, prefixes),
        "subject_label": row.subject_label,
        "predicate_id": predicate,
        "predicate_modifier": modifier,
        "object_id": curie(row.object, prefixes),
        "object_label": row.object_label,
        "mapping_justification": CHAINING if row.derived else MANUAL,
        "confidence": str(row.confidence),
        "author_id": curie(row.agent, prefixes),
        "author_label": row.agent_label,
        "comment": row.comment,
        "ir8477_relationship": "cw:" + RELATIONSHIPS[row.relationship][0],
        "rationale_kind": "cw:" + RATIONALES[row.rationale] if row.rationale else "",
        "justification": row.justification,
        "mapping_set": curie(row.mapping_set, prefixes) if row.mapping_set else "",
        "source": row.source,
        "derived": "true" if row.derived else "false",
        "derived_from": " ".join(curie(m, prefixes) for m in row.derived_from),
    }


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
