"""OSCAL 1.2 control-mapping export (JSON): the mappings as a ``mapping-collection`` GRC tools can load.

Names follow NIST's oscal_mapping_metaschema.xml and oscal_mapping-common_metaschema.xml (OSCAL 1.2):
one ``mapping`` per (source regime, target regime) with its ``maps``; each map's sources and targets are
``control`` items whose ``id-ref`` is the control id the regime's OSCAL catalog gives the provision
(app.exports.oscal_catalog). The source and target resources point (``#uuid``) at back-matter resources whose
rlinks name those catalogs: the file ``<key>.oscal-catalog.json`` written beside the collection, and the
regime's IRI. Every uuid is a version-5 uuid of an IRI, so re-exports diff cleanly.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from app.exports.oscal_catalog import OSCAL_VERSION, catalog_file, catalog_resource_uuid, control_id
from app.exports.oscal_catalog import oscal_uuid as _uuid
from app.exports.rows import MappingRow
from app.exports.vocab import ID, OSCAL_RELATIONSHIP


def _confidence(value: Any) -> dict[str, float]:
    """OSCAL's confidence-score as a percentage (0 to 1)."""
    return {"percentage": float(value)}


def _map(row: MappingRow) -> dict[str, Any]:
    """One OSCAL map: relationship, source and target controls, rationale, confidence, justification."""
    remarks = row.justification
    if row.typed_by:  # a published crosswalk's mapping: what the publisher says, then the editors' reading
        remarks = (
            f"Published as {row.published_relation}; relationship typed by ai-crosswalk. "
            f"ai-crosswalk editors' reading: {row.editors_reading}"
        )
    if row.comment:
        remarks += f"\n\n{row.comment}"
    if row.derived:
        remarks += "\n\nDerived from: " + ", ".join(row.derived_from)
    entry: dict[str, Any] = {
        "uuid": _uuid(f"{row.mapping}#{row.direction}"),
        "relationship": OSCAL_RELATIONSHIP[row.relationship],
        "sources": [{"type": "control", "id-ref": control_id(row.subject)}],
        "targets": [{"type": "control", "id-ref": control_id(row.object)}],
    }
    if row.confidence is not None:  # absent where the asserter stated none
        entry["confidence-score"] = _confidence(row.confidence)
    if row.rationale:
        entry["matching-rationale"] = row.rationale
    if remarks:
        entry["remarks"] = remarks
    return entry


def _resource(key: str) -> dict[str, str]:
    """A regime as the source or target resource of a mapping: a pointer to its back-matter resource."""
    return {"type": "catalog", "href": f"#{catalog_resource_uuid(key)}"}


def _catalog_resource(key: str) -> dict[str, Any]:
    """The back-matter resource of a regime's catalog: the file written beside this one and the regime IRI."""
    return {
        "uuid": catalog_resource_uuid(key),
        "title": f"OSCAL catalog of the ai-crosswalk regime {key}",
        "rlinks": [
            {"href": catalog_file(key), "media-type": "application/json"},
            {"href": ID + key},
        ],
    }


def write_oscal(
    rows: Sequence[MappingRow],
    title: str = "ai-crosswalk mappings",
    version: str = "0.1.0",
    scope: str = "all",
    now: datetime.datetime | None = None,
) -> str:
    """Write rows (from ``mapping_rows``) as an OSCAL 1.2 mapping-collection JSON document."""
    if not rows:
        raise ValueError("no mappings to export: an OSCAL mapping-collection needs at least one")
    stamp = (now or datetime.datetime.now(datetime.UTC)).replace(microsecond=0).isoformat()
    rationales = Counter(r.rationale for r in rows if r.rationale)
    mappings = []
    regimes = {r.subject_regime for r in rows} | {r.object_regime for r in rows}
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
            "uuid": _uuid(f"{ID}mapping-collection/{scope}"),
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
            "back-matter": {"resources": [_catalog_resource(key) for key in sorted(regimes)]},
        }
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
