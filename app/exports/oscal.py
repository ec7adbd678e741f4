"""OSCAL 1.2 control-mapping export (JSON): the mappings as a ``mapping-collection`` GRC tools can load.

Names follow NIST's oscal_mapping_metaschema.xml and oscal_mapping-common_metaschema.xml (OSCAL 1.2.0):
one ``mapping`` per (source regime, target regime) with its ``maps``; each map's sources and targets are
``control`` items whose ``id-ref`` is the ai-crosswalk short id (``eu-ai-act:Article-9``).
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from app.exports.rows import MappingRow
from app.exports.vocab import ID, OSCAL_RELATIONSHIP

OSCAL_VERSION = "1.2.0"
UUID_NS = uuid.UUID("6f1e5c8e-4a8b-5d0e-9c55-1b7f3a1d2c40")  # fixed: the same mapping keeps its uuid


def _uuid(name: str) -> str:
    """A version-5 uuid derived from an IRI, stable across exports as OSCAL asks of per-subject uuids."""
    return str(uuid.uuid5(UUID_NS, name))


def _confidence(value: Any) -> dict[str, float]:
    """OSCAL's confidence-score as a percentage (0 to 1)."""
    return {"percentage": float(value)}


def _map(row: MappingRow) -> dict[str, Any]:
    """One OSCAL map: relationship, source and target controls, rationale, confidence, justification."""
    remarks = row.justification
    if row.comment:
        remarks += f"\n\n{row.comment}"
    if row.derived:
        remarks += "\n\nDerived from: " + ", ".join(row.derived_from)
    entry: dict[str, Any] = {
        "uuid": _uuid(f"{row.mapping}#{row.direction}"),
        "relationship": OSCAL_RELATIONSHIP[row.relationship],
        "sources": [{"type": "control", "id-ref": row.subject_short_id}],
        "targets": [{"type": "control", "id-ref": row.object_short_id}],
        "confidence-score": _confidence(row.confidence),
    }
    if row.rationale:
        entry["matching-rationale"] = row.rationale
    if remarks:
        entry["remarks"] = remarks
    return entry


def _resource(key: str) -> dict[str, str]:
    """A regime as the source or target resource of a mapping."""
    return {
        "type": "catalog",
        "href": ID + key,
        "remarks": f"The ai-crosswalk regime {key}; id-refs are its short ids ({key}:<slug>).",
    }


def write_oscal(
    rows: Sequence[MappingRow],
    title: str = "ai-crosswalk mappings",
    version: str = "0.1.0",
    now: datetime.datetime | None = None,
) -> str:
    """Write rows (from ``mapping_rows``) as an OSCAL 1.2 mapping-collection JSON document."""
    if not rows:
        raise ValueError("no mappings to export: an OSCAL mapping-collection needs at least one")
    stamp = (now or datetime.datetime.now(datetime.UTC)).replace(microsecond=0).isoformat()
    rationales = Counter(r.rationale for r in rows if r.rationale)
    mappings = []
    ordered = sorted(rows, key=lambda r: (r.subject_regime, r.object_regime))
    for (source, target), group in groupby(ordered, key=lambda r: (r.subject_regime, r.object_regime)):
        maps = [_map(r) for r in group]
        mappings.append(
            {
                "uuid": _uuid(f"{ID}mapping/{source}--{target}"),
                "source-resource": _resource(source),
                "target-resource": _resource(target),
                "maps": maps,
            }
        )
    derived = any(r.derived for r in rows)
    document = {
        "mapping-collection": {
            "uuid": str(uuid.uuid4()),
            "metadata": {
                "title": title,
                "last-modified": stamp,
                "version": version,
                "oscal-version": OSCAL_VERSION,
                "remarks": (
                    "Exported from the ai-crosswalk knowledge graph (https://w3id.org/ai-crosswalk). "
                    "Relationships are NIST IR 8477 set relationships; each map's remarks give the "
                    "justification, and its confidence-score the asserter's confidence."
                ),
            },
            "provenance": {
                "method": "hybrid" if derived else "human",
                "matching-rationale": rationales.most_common(1)[0][0] if rationales else "semantic",
                "status": "draft",
                "mapping-description": (
                    "Mappings between provisions of AI-governance regimes (laws, standardisation requests, "
                    "codes of conduct, frameworks, guidelines, standards), asserted by the ai-crosswalk "
                    "editors or imported from published crosswalks"
                    + (", with mappings derived by composing them through shared items." if derived else ".")
                ),
            },
            "mappings": mappings,
        }
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
