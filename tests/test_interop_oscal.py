"""OSCAL 1.2: every regime as a catalog and the mappings as a collection, checked against NIST's own JSON schemas
(tests/oscal-1.2.1, see SOURCE.md) and trestle's models, resolved against each other and read back without loss.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from app.exports import ExportRequest, export
from app.exports.oscal_catalog import catalog_file, write_catalog
from app.exports.rows import mapping_rows
from app.exports.vocab import ID, OSCAL_RELATIONSHIP
from app.graph.loading import build_store
from app.graph.queries import load_query, select, term_text

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "oscal-1.2.1"
BY_OSCAL = {v: k for k, v in OSCAL_RELATIONSHIP.items()}


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return build_store(REPO_ROOT)


@cache
def validator(model: str) -> Any:
    """NIST's JSON schema of one OSCAL model (draft-07, with \\p{L} patterns Python's re cannot run)."""
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    schema = json.loads((SCHEMAS / f"oscal_{model}_schema.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def schema_errors(model: str, document: dict[str, Any]) -> list[str]:
    return [f"{list(e.instance_path)}: {e.message}" for e in validator(model).iter_errors(document)]


def regime_keys(store: pyoxigraph.Store) -> list[str]:
    _, rows = select(store, load_query("regimes", REPO_ROOT))
    return [term_text(r["key"]) for r in rows]


def controls(nodes: list[dict[str, Any]], parent: str = "") -> Iterator[tuple[dict[str, Any], str]]:
    """Every control of a catalog, with the id of the control it is nested in."""
    for node in nodes:
        yield node, parent
        yield from controls(node.get("controls", []), node["id"])


def test_every_regime_is_a_valid_catalog_that_reads_back_to_its_provisions(store: pyoxigraph.Store) -> None:
    trestle_catalog = pytest.importorskip("trestle.oscal.catalog")
    keys = regime_keys(store)
    assert {"eu-ai-act", "m593", "nist-ai-rmf", "nist-ai-600-1", "jp-aigfb", "g7-hcoc"} <= set(keys)
    for key in keys:
        document = json.loads(write_catalog(store, REPO_ROOT, key))
        assert schema_errors("catalog", document) == [], key
        trestle_catalog.Model.model_validate(document)
        _, rows = select(
            store, load_query("export-catalog", REPO_ROOT), {"regime": pyoxigraph.NamedNode(ID + key)}
        )
        expected = {
            term_text(r["item"]): (
                term_text(r["notation"]),
                term_text(r.get("text")),
                term_text(r.get("level")),
                term_text(r.get("parent")),
            )
            for r in rows
        }
        by_id = {c["id"]: c for c, _ in controls(document["catalog"]["controls"])}
        read_back = {}
        for control, parent in controls(document["catalog"]["controls"]):
            props = {p["name"]: p["value"] for p in control["props"]}
            parts = {p["name"]: p["prose"] for p in control.get("parts", [])}
            canonical = next(link["href"] for link in control["links"] if link["rel"] == "canonical")
            parent_iri = (
                next(link["href"] for link in by_id[parent]["links"] if link["rel"] == "canonical")
                if parent
                else ""
            )
            read_back[canonical] = (
                props["label"],
                parts.get("statement", ""),
                props.get("level", ""),
                parent_iri,
            )
        assert read_back == expected, key


def test_catalog_keeps_full_text_short_label_and_dates(store: pyoxigraph.Store) -> None:
    nist = json.loads(write_catalog(store, REPO_ROOT, "nist-ai-rmf"))
    govern = {c["id"]: c for c, _ in controls(nist["catalog"]["controls"])}["GOVERN-1.2"]
    statement = next(p["prose"] for p in govern["parts"] if p["name"] == "statement")
    assert statement.endswith("procedures, and practices.") and "…" not in statement  # the text is whole ...
    assert "…" not in govern["title"] and statement.startswith(govern["title"])  # ... and so is the label
    eu = json.loads(write_catalog(store, REPO_ROOT, "eu-ai-act"))
    article10 = {c["id"]: c for c, _ in controls(eu["catalog"]["controls"])}["Article-10"]
    dates = {(p["value"], p.get("class", "")) for p in article10["props"] if p["name"] == "applies-from"}
    assert ("2026-08-02", "") in dates and any(d == "2030-08-02" and case for d, case in dates)
    jp = json.loads(write_catalog(store, REPO_ROOT, "jp-aigfb"))
    assert all(c["id"][0].isalpha() or c["id"][0] == "_" for c, _ in controls(jp["catalog"]["controls"]))


def test_schema_check_is_not_a_rubber_stamp(store: pyoxigraph.Store) -> None:
    document = json.loads(write_catalog(store, REPO_ROOT, "m593"))
    document["catalog"]["controls"][0]["id"] = "1 bad id"
    document["catalog"]["metadata"].pop("title")
    errors = schema_errors("catalog", document)
    assert any("title" in e for e in errors) and any("1 bad id" in e for e in errors)


def test_exports_are_deterministic(store: pyoxigraph.Store) -> None:
    assert write_catalog(store, REPO_ROOT, "eu-ai-act") == write_catalog(store, REPO_ROOT, "eu-ai-act")
    first = json.loads(export("oscal", ExportRequest(store, REPO_ROOT, "nist-ai-rmf")))
    second = json.loads(export("oscal", ExportRequest(store, REPO_ROOT, "nist-ai-rmf")))
    for document in (first, second):
        document["mapping-collection"]["metadata"].pop("last-modified")
    assert first == second


def test_mapping_collection_resolves_to_the_catalogs_and_reads_back(
    store: pyoxigraph.Store, tmp_path: Path
) -> None:
    trestle_mapping = pytest.importorskip("trestle.oscal.mapping")
    rows = mapping_rows(store, REPO_ROOT, include_derived=True)
    document = json.loads(export("oscal", ExportRequest(store, REPO_ROOT)))
    assert schema_errors("mapping", document) == []
    trestle_mapping.Model.model_validate(document)
    collection = document["mapping-collection"]
    resources = {r["uuid"]: r for r in collection["back-matter"]["resources"]}
    catalogs: dict[str, dict[str, str]] = {}  # catalog file -> control id -> provision IRI

    def resolve(resource: dict[str, str]) -> dict[str, str]:
        assert resource["type"] == "catalog" and resource["href"].startswith("#")
        name = resources[resource["href"][1:]]["rlinks"][0]["href"]
        if name not in catalogs:
            key = name.removesuffix(".oscal-catalog.json")
            assert catalog_file(key) == name
            (tmp_path / name).write_text(write_catalog(store, REPO_ROOT, key), encoding="utf-8")
            catalog = json.loads((tmp_path / name).read_text(encoding="utf-8"))
            catalogs[name] = {
                c["id"]: next(link["href"] for link in c["links"] if link["rel"] == "canonical")
                for c, _ in controls(catalog["catalog"]["controls"])
            }
        return catalogs[name]

    read_back = set()
    for mapping in collection["mappings"]:
        source, target = resolve(mapping["source-resource"]), resolve(mapping["target-resource"])
        for entry in mapping["maps"]:
            (s,), (o,) = entry["sources"], entry["targets"]
            read_back.add(
                (
                    source[s["id-ref"]],
                    BY_OSCAL[entry["relationship"]],
                    target[o["id-ref"]],
                    entry.get("confidence-score", {}).get("percentage"),  # absent where none was stated
                )
            )
    assert read_back == {
        (r.subject, r.relationship, r.object, None if r.confidence is None else float(r.confidence))
        for r in rows
    }
