"""SSSOM without loss: sssom-py's own `convert` to JSON, RDF and OWL, and `parse` back, keep every field.

sssom-py (0.4.21) drops extension-slot values in those conversions, so the export puts everything in standard
slots (and ``other``); these tests run sssom-py's CLI and rebuild each mapping from what it wrote.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from click.testing import CliRunner

from app.exports.rows import MappingRow, mapping_rows
from app.exports.sssom import CHAINING, FIXED_PREFIXES, curie_map, unpack_other, write_sssom
from app.exports.sssom_import import import_sssom
from app.exports.vocab import SSSOM_PREDICATE
from app.graph.loading import build_store

REPO_ROOT = Path(__file__).resolve().parent.parent
BY_PREDICATE = {v: k for k, v in SSSOM_PREDICATE.items()}
SSSOM = "https://w3id.org/sssom/"

Fields = tuple[str, ...]


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return build_store(REPO_ROOT)


@pytest.fixture(scope="module")
def rows(store: pyoxigraph.Store) -> list[MappingRow]:
    """NIST AI RMF's mappings: asserted and derived, with caveats, several sets and sources."""
    selected = mapping_rows(store, REPO_ROOT, "nist-ai-rmf", None, include_derived=True)
    assert any(r.derived for r in selected) and any(r.comment for r in selected)
    return selected


@pytest.fixture(scope="module")
def exported(rows: list[MappingRow], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sssom") / "nist.sssom.tsv"
    path.write_text(write_sssom(rows, "nist-ai-rmf"), encoding="utf-8")
    return path


def expected(rows: Iterable[MappingRow]) -> dict[str, Fields]:
    """Every field a mapping row carries, by the record_id CURIE the export gives it."""
    prefixes = curie_map(rows)
    out = {}
    for r in rows:
        record = r.mapping.replace(prefixes["cwmapping"], "cwmapping:")
        out[record] = (
            r.subject,
            r.subject_label,
            r.relationship,
            r.object,
            r.object_label,
            str(r.derived),
            "" if r.confidence is None else str(Decimal(r.confidence).normalize()),  # none unless stated
            r.agent,
            r.agent_label,
            r.mapping_set,
            r.source,
            " ".join((r.justification or r.editors_reading).split()),  # an imported one: the editors' reading
            f"cw:{r.rationale.capitalize()}" if r.rationale else "",
            " ".join(r.comment.split()),
            " ".join(r.derived_from),
            " ".join(r.published_relation.split()),
            r.typed_by,
        )
    return out


def decode(row: dict[str, Any], prefixes: dict[str, str]) -> tuple[str, Fields]:
    """Rebuild a mapping from standard SSSOM slots and ``other`` only: what survived a conversion."""

    def full(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value

    def one(value: Any) -> str:
        if isinstance(value, list):
            assert len(value) == 1, value
            value = value[0]
        return "" if value is None or value != value else str(value)  # NaN from pandas

    prefixes = {**FIXED_PREFIXES, **prefixes}  # the fixed vocabularies: an RDF round trip drops unused ones
    other = unpack_other(one(row.get("other")))
    relationship = BY_PREDICATE[(one(row["predicate_id"]), one(row.get("predicate_modifier")))]
    return one(row["record_id"]).replace(prefixes["cwmapping"], "cwmapping:"), (
        full(one(row["subject_id"])),
        one(row["subject_label"]),
        relationship,
        full(one(row["object_id"])),
        one(row["object_label"]),
        str(full(one(row["mapping_justification"])) == full(CHAINING)),
        str(Decimal(one(row["confidence"])).normalize()) if one(row.get("confidence")) else "",
        full(one(row["author_id"])),
        one(row["author_label"]),
        full(one(row["mapping_source"])),
        one(row["see_also"]),
        one(row["comment"]),
        other.get("rationale_kind", ""),
        other.get("caveat", ""),
        " ".join(full(m) for m in other.get("derived_from", "").split()),
        other.get("published_relation", ""),
        full(other["relationship_typed_by"]) if other.get("relationship_typed_by") else "",
    )


def read_tsv(path: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    import yaml

    lines = path.read_text(encoding="utf-8").splitlines()
    meta = yaml.safe_load("\n".join(line[1:] for line in lines if line.startswith("#")))
    body = [line for line in lines if not line.startswith("#")]
    return meta["curie_map"], list(csv.DictReader(body, delimiter="\t"))


def sssom_cli(*args: str) -> None:
    cli = pytest.importorskip("sssom.cli")
    result = CliRunner().invoke(cli.main, list(args))
    assert result.exit_code == 0, result.output


def test_the_table_itself_holds_every_field(rows: list[MappingRow], exported: Path) -> None:
    prefixes, table = read_tsv(exported)
    assert dict(decode(r, prefixes) for r in table) == expected(rows)


def test_no_label_is_cut_and_every_row_has_its_justification(rows: list[MappingRow], exported: Path) -> None:
    _, table = read_tsv(exported)
    assert all(r["subject_label"] and r["object_label"] for r in table)
    assert not [r for r in table if "…" in r["subject_label"] + r["object_label"]]
    assert all(r["comment"].strip() for r in table)
    # a NIST subcategory whose text is long exports it whole (its prefLabel is the full text)
    govern = next(r for r in table if r["subject_id"] == "nist_ai_rmf:GOVERN-1.2")
    assert govern["subject_label"].rstrip(".").endswith("procedures, and practices")


@pytest.mark.parametrize("fmt", ["json", "rdf"])
def test_convert_and_parse_back_lose_nothing(
    rows: list[MappingRow], exported: Path, tmp_path: Path, fmt: str
) -> None:
    converted, back = tmp_path / f"nist.{fmt}", tmp_path / "back.sssom.tsv"
    sssom_cli("convert", str(exported), "-O", fmt, "-o", str(converted))
    sssom_cli("parse", "-I", fmt, str(converted), "-o", str(back))
    prefixes, table = read_tsv(back)
    assert len(table) == len(rows)
    assert dict(decode(r, prefixes) for r in table) == expected(rows)


def test_owl_axioms_keep_every_field(rows: list[MappingRow], exported: Path, tmp_path: Path) -> None:
    rdflib = pytest.importorskip("rdflib")
    owl = tmp_path / "nist.owl"
    sssom_cli("convert", str(exported), "-O", "owl", "-o", str(owl))
    graph = rdflib.Graph().parse(owl, format="turtle")
    axioms = set(graph.subjects(rdflib.RDF.type, rdflib.OWL.Axiom))
    prefixes = {**curie_map(rows), "skos": "http://www.w3.org/2004/02/skos/core#"}
    skos, semapv = prefixes["skos"], prefixes["semapv"]
    names = {
        "http://www.w3.org/2002/07/owl#annotatedSource": "subject_id",
        "http://www.w3.org/2002/07/owl#annotatedProperty": "predicate_id",
        "http://www.w3.org/2002/07/owl#annotatedTarget": "object_id",
        "http://www.w3.org/2000/01/rdf-schema#seeAlso": "see_also",
        "http://www.w3.org/2000/01/rdf-schema#comment": "comment",
        "http://purl.org/pav/authoredBy": "author_id",
    }
    decoded = {}
    for axiom in axioms:
        row: dict[str, Any] = {}
        for p, o in graph.predicate_objects(axiom):
            name = names.get(str(p)) or str(p).removeprefix(SSSOM)
            row[name] = str(o)
        if "record_id" not in row:
            continue  # a negated mapping is written twice: as an axiom and as its annotated negation
        row["predicate_id"] = row["predicate_id"].replace(skos, "skos:")
        modifier = row.get("predicate_modifier", "").removeprefix(SSSOM)
        row["predicate_modifier"] = "Not" if modifier == "NegatedPredicate" else modifier
        row["mapping_justification"] = row["mapping_justification"].replace(semapv, "semapv:")
        record, fields = decode(row, prefixes)
        decoded[record] = fields
    assert decoded == expected(rows)


def test_json_round_trip_imports_to_the_same_mappings(
    store: pyoxigraph.Store, rows: list[MappingRow], exported: Path, tmp_path: Path
) -> None:
    converted, back = tmp_path / "nist.json", tmp_path / "back.sssom.tsv"
    sssom_cli("convert", str(exported), "-O", "json", "-o", str(converted))
    sssom_cli("parse", "-I", "json", str(converted), "-o", str(back))
    direct, direct_ttl = import_sssom(exported, store, REPO_ROOT)
    again, again_ttl = import_sssom(back, store, REPO_ROOT)
    assert direct.mappings == again.mappings == sum(not r.derived for r in rows)

    def triples(turtle: str) -> set[tuple[str, str, str]]:
        parsed = pyoxigraph.parse(turtle.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
        return {(str(t.subject), str(t.predicate), str(t.object)) for t in parsed}

    assert triples(direct_ttl) == triples(again_ttl)
