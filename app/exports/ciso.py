"""CISO Assistant libraries: a regime as a framework library, a regime pair as a mapping set library.

The YAML follows the library format CISO Assistant loads (intuitem/ciso-assistant-community:
backend/core/models.py ``StoredLibrary.store_library_content`` and ``URN_REGEX``; backend/library/utils.py
``FrameworkImporter``, ``RequirementNodeImporter``, ``RequirementMappingSetImporter`` and
``RequirementMappingImporter``; the libraries it ships in backend/library/libraries/). A library has ``urn``,
``name``, ``version`` and ``objects``; a framework has ``urn``, ``ref_id`` and ``requirement_nodes`` (each
with ``urn``, ``parent_urn``, ``depth``, ``ref_id``, ``name``, ``description``); a mapping set names its
source and target frameworks and lists ``requirement_mappings`` with IR 8477 relationships (``equal``,
``subset``, ``superset``, ``intersect``, ``not_related``) and rationales. URNs are
``urn:ai-crosswalk:risk:<kind>:<ref>``, leaves made safe as CISO Assistant's builder does (lower case, other
characters ``-``).

A node's ``name`` is the provision's short label (left out when the graph's label is cut short with "…"),
its ``description`` the full text; a node is assessable when it has no children or when a mapping names
it. Mapping libraries carry the asserted mappings only (CISO Assistant infers across mapping sets itself);
each mapping's annotation gives its justification, confidence, asserter and source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph

from app.exports.oscal_catalog import regime_provisions
from app.exports.rows import MappingRow, mapping_rows
from app.exports.vocab import CISO_RELATIONSHIP

PACKAGER = "ai-crosswalk"
NAME_MAX = 200  # RequirementNode.name is a CharField(max_length=200)
_FORBIDDEN = re.compile(r"[^0-9a-z\[\]\(\)\-\._]+")  # CISO Assistant's builder.py _LEAF_FORBIDDEN


def leaf(value: str) -> str:
    """A string as the last segment of a CISO Assistant URN (its ``urn_safe_leaf``)."""
    return _FORBIDDEN.sub("-", value.lower().strip()).strip("-")


def library_urn(key: str) -> str:
    return f"urn:{PACKAGER}:risk:library:{leaf(key)}"


def framework_urn(key: str) -> str:
    return f"urn:{PACKAGER}:risk:framework:{leaf(key)}"


def node_urn(key: str, iri: str) -> str:
    """The requirement node of a provision: the framework's ref and the provision's slug."""
    slug = iri.rsplit(f"/{key}/", 1)[-1]
    return f"urn:{PACKAGER}:risk:req_node:{leaf(key)}:{leaf(slug)}"


def mapping_ref(source: str, target: str) -> str:
    return f"mapping-{leaf(source)}-to-{leaf(target)}"


def _text(value: str) -> str:
    return " ".join(value.split())


def framework_library(
    store: pyoxigraph.Store, root: Path, key: str, mapped: set[str] | None = None
) -> dict[str, Any]:
    """One regime as a CISO Assistant framework library (a JSON/YAML-ready dict); ``mapped``: the items some
    asserted mapping names (queried when not given)."""
    regime, rows = regime_provisions(store, root, key)
    if mapped is None:
        mapped = {r.subject for r in mapping_rows(store, root, key, None, include_derived=False)}
    children: dict[str, list[dict[str, str]]] = {}
    by_item = {row["item"]: row for row in rows}
    for row in rows:
        children.setdefault(row.get("parent") or "", []).append(row)
    nodes: list[dict[str, Any]] = []
    urns: set[str] = set()

    def visit(row: dict[str, str], depth: int) -> None:
        urn = node_urn(key, row["item"])
        if urn in urns:
            raise ValueError(f"two provisions of {key!r} share the CISO Assistant URN {urn}")
        urns.add(urn)
        node: dict[str, Any] = {
            "urn": urn,
            "assessable": not children.get(row["item"]) or row["item"] in mapped,
            "depth": depth,
        }
        if row.get("parent") in by_item:
            node["parent_urn"] = node_urn(key, row["parent"])
        node["ref_id"] = _text(row["notation"])[:100]
        label = _text(row.get("label") or "")
        if label and len(label) <= NAME_MAX and not label.endswith("…"):
            node["name"] = label
        description = _text(row.get("text") or "") or (label if "name" not in node else "")
        if description:
            node["description"] = description
        if row.get("scopeNote"):
            node["annotation"] = _text(row["scopeNote"])
        nodes.append(node)
        for child in children.get(row["item"], []):
            visit(child, depth + 1)

    for top in children.get("", []):
        visit(top, 1)
    for row in rows:  # a provision whose parent is in another regime starts its own branch
        if row.get("parent") and row["parent"] not in by_item:
            visit(row, 1)
    description = (
        f"{_text(regime['title'])} ({_text(regime['version'])}), as the ai-crosswalk knowledge graph holds "
        f"it (https://w3id.org/ai-crosswalk): {len(nodes)} provisions. Source: {regime['source']}."
    )
    return {
        "urn": library_urn(key),
        "locale": "en",
        "ref_id": leaf(key),
        "name": _text(regime["title"])[:NAME_MAX],
        "description": description,
        "copyright": f"Text: {_text(regime['publisher'])}, licence {regime['licence']}; structure: "
        "ai-crosswalk.",
        "version": 1,
        "publication_date": regime["issued"][:10],
        "provider": _text(regime["publisher"])[:NAME_MAX],
        "packager": PACKAGER,
        "objects": {
            "framework": {
                "urn": framework_urn(key),
                "ref_id": leaf(key),
                "name": _text(regime["title"])[:NAME_MAX],
                "description": description,
                "requirement_nodes": nodes,
            }
        },
    }


def _annotation(row: MappingRow) -> str:
    asserter = row.agent_label or row.agent
    confidence = "No confidence stated" if row.confidence is None else f"Confidence {row.confidence}"
    parts = [_text(row.justification), f"{confidence}; asserted by {asserter}."]
    if row.typed_by:  # a published crosswalk's mapping: what the publisher says, then what the editors add
        parts.append(f"Published as {_text(row.published_relation)}; relationship typed by ai-crosswalk.")
        parts.append(f"ai-crosswalk editors' reading: {_text(row.editors_reading)}")
    if row.comment:
        parts.append(_text(row.comment))
    if row.source:
        parts.append(f"Source: {row.source}")
    return " ".join(p for p in parts if p)


def mapping_library(rows: Sequence[MappingRow], source: str, target: str) -> dict[str, Any]:
    """The asserted mappings between two regimes, read from ``source``'s side, as a mapping library."""
    asserted = [r for r in rows if not r.derived and r.subject_regime == source and r.object_regime == target]
    if not asserted:
        raise ValueError(f"no asserted mappings between {source!r} and {target!r}")
    ref = mapping_ref(source, target)
    description = (
        f"Mappings from {source} to {target} asserted in the ai-crosswalk knowledge graph "
        "(https://w3id.org/ai-crosswalk), with their NIST IR 8477 relationships and rationales."
    )
    mappings = []
    for r in asserted:
        mapping: dict[str, Any] = {
            "source_requirement_urn": node_urn(source, r.subject),
            "target_requirement_urn": node_urn(target, r.object),
            "relationship": CISO_RELATIONSHIP[r.relationship],
        }
        if r.rationale:
            mapping["rationale"] = r.rationale
        mapping["annotation"] = _annotation(r)
        mappings.append(mapping)
    return {
        "urn": library_urn(ref),
        "locale": "en",
        "ref_id": ref,
        "name": f"{source} <-> {target}",
        "description": description,
        "copyright": "ai-crosswalk mappings, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
        "version": 1,
        "provider": PACKAGER,
        "packager": PACKAGER,
        "dependencies": [library_urn(source), library_urn(target)],
        "objects": {
            "requirement_mapping_sets": [
                {
                    "urn": f"urn:{PACKAGER}:risk:req_mapping_set:{ref}",
                    "ref_id": ref,
                    "name": f"{source} <-> {target}",
                    "description": description,
                    "source_framework_urn": framework_urn(source),
                    "target_framework_urn": framework_urn(target),
                    "requirement_mappings": mappings,
                }
            ]
        },
    }


def dump(library: dict[str, Any]) -> str:
    """A library as YAML text (block style, Unicode kept, keys in the order CISO Assistant's files use)."""
    import yaml

    return yaml.safe_dump(library, sort_keys=False, allow_unicode=True, width=100)
