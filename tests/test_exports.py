"""Exports: the named query's selection and direction, CSV, RDF and OSCAL 1.2 output, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from app.cli.main import main
from app.exports import WRITERS, ExportRequest, export
from app.exports.oscal import write_oscal
from app.exports.rows import mapping_rows
from app.exports.spreadsheet import HEADER, write_csv
from app.exports.vocab import OSCAL_RELATIONSHIP
from app.graph.loading import build_store

REPO_ROOT = Path(__file__).resolve().parent.parent
INVERSE = {"equal": "equal", "subsetOf": "supersetOf", "supersetOf": "subsetOf"}
INVERSE |= {"intersectsWith": "intersectsWith", "notRelated": "notRelated"}


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    """The shipped graph with its derived mappings, as the exports see it."""
    return build_store(REPO_ROOT)


def test_selection_reads_each_mapping_from_the_from_side(store: pyoxigraph.Store) -> None:
    forward = mapping_rows(store, REPO_ROOT, "m593", "eu-ai-act", include_derived=False)
    backward = mapping_rows(store, REPO_ROOT, "eu-ai-act", "m593", include_derived=False)
    assert forward, "the curated m593 -> EU AI Act crosswalk should be in the graph"
    assert {r.subject_regime for r in forward} == {"m593"} and {r.object_regime for r in forward} == {
        "eu-ai-act"
    }
    assert {r.subject_regime for r in backward} == {"eu-ai-act"}
    # the same mappings, each read the other way round with the inverse relationship
    assert {(r.mapping, r.subject, r.relationship, r.object) for r in backward} == {
        (r.mapping, r.object, INVERSE[r.relationship], r.subject) for r in forward
    }
    assert {r.direction for r in forward} == {"out"} and {r.direction for r in backward} == {"in"}


def test_one_regime_selection_covers_both_directions_once(store: pyoxigraph.Store) -> None:
    rows = mapping_rows(store, REPO_ROOT, "jp-aigfb", None, include_derived=False)
    assert {r.subject_regime for r in rows} == {"jp-aigfb"}
    assert {r.direction for r in rows} == {"in", "out"}
    assert len({r.mapping for r in rows}) == len(rows), "a mapping inside one regime must not appear twice"


def test_derived_mappings_only_when_asked(store: pyoxigraph.Store) -> None:
    asserted = mapping_rows(store, REPO_ROOT, include_derived=False)
    everything = mapping_rows(store, REPO_ROOT, include_derived=True)
    assert not any(r.derived for r in asserted)
    derived = [r for r in everything if r.derived]
    assert derived and all(len(r.derived_from) >= 2 for r in derived)
    assert len(everything) == len(asserted) + len(derived)


def test_csv_has_one_row_per_mapping_with_references_and_labels(store: pyoxigraph.Store) -> None:
    rows = mapping_rows(store, REPO_ROOT, "m593", "eu-ai-act", include_derived=False)
    table = list(csv.reader(io.StringIO(write_csv(rows))))
    assert table[0] == HEADER and len(table) == len(rows) + 1
    item1 = next(line for line in table[1:] if line[1] == "Item 1" and line[5] == "Article 9")
    assert item1[0] == "m593" and item1[3] == "equal" and item1[4] == "eu-ai-act" and item1[11] == "no"
    assert item1[2] and item1[6] and item1[8] and item1[10] == "ai-crosswalk editors"


def test_rdf_selection_holds_the_mapping_and_its_direct_triples(store: pyoxigraph.Store) -> None:
    request = ExportRequest(store, REPO_ROOT, "eu-ai-act", "m593", include_derived=False)
    text = export("turtle", request)
    graph = pyoxigraph.Store()
    graph.load(text.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    cw = "https://w3id.org/ai-crosswalk/ontology#"
    mappings = {q.subject for q in graph.quads_for_pattern(None, None, pyoxigraph.NamedNode(cw + "Mapping"))}
    assert {m.value for m in mappings} == {r.mapping for r in request.rows}
    item1 = pyoxigraph.NamedNode("https://w3id.org/ai-crosswalk/id/m593/Item-1")
    art9 = pyoxigraph.NamedNode("https://w3id.org/ai-crosswalk/id/eu-ai-act/Article-9")
    assert list(graph.quads_for_pattern(item1, pyoxigraph.NamedNode(cw + "equal"), art9))


@pytest.mark.parametrize("fmt", ["ntriples", "jsonld"])
def test_whole_graph_serialisations_parse_back(store: pyoxigraph.Store, fmt: str) -> None:
    text = export(fmt, ExportRequest(store, REPO_ROOT))
    graph = pyoxigraph.Store()
    rdf_format = pyoxigraph.RdfFormat.N_TRIPLES if fmt == "ntriples" else pyoxigraph.RdfFormat.JSON_LD
    graph.load(text.encode(), format=rdf_format)
    assert len(graph) == len(store)


def test_whole_graph_without_derived_mappings(store: pyoxigraph.Store) -> None:
    text = export("ntriples", ExportRequest(store, REPO_ROOT, include_derived=False))
    assert "/mapping/derived/" not in text and 'ontology#derived> "true"' not in text
    assert "/mapping/m593--eu-ai-act/" in text


def _oscal_allowed_values_hold(document: dict[str, object]) -> None:
    """Allowed values of oscal_mapping-common_metaschema.xml (OSCAL 1.2), which the JSON schema omits."""
    collection = document["mapping-collection"]
    assert isinstance(collection, dict)
    provenance = collection["provenance"]
    assert provenance["method"] in {"human", "automation", "hybrid"}
    assert provenance["matching-rationale"] in {"syntactic", "semantic", "functional"}
    assert provenance["status"] in {"complete", "not-complete", "draft", "deprecated", "superseded"}
    assert collection["metadata"]["oscal-version"] == "1.2.1"
    relationships = {
        "equivalent-to",
        "equal-to",
        "subset-of",
        "superset-of",
        "intersects-with",
        "no-relationship",
    }
    for mapping in collection["mappings"]:
        for entry in mapping["maps"]:
            assert entry["relationship"] in relationships
            assert entry.get("matching-rationale", "semantic") in {"syntactic", "semantic", "functional"}
            if "confidence-score" in entry:  # absent where the asserter stated none (a published crosswalk's)
                assert 0 <= entry["confidence-score"]["percentage"] <= 1
            for item in entry["sources"] + entry["targets"]:
                assert item["type"] in {"control", "statement"}


def test_oscal_mapping_collection_is_valid_oscal_1_2(store: pyoxigraph.Store) -> None:
    trestle_mapping = pytest.importorskip("trestle.oscal.mapping")  # models generated from NIST's JSON schema
    rows = mapping_rows(store, REPO_ROOT, "m593", "eu-ai-act", include_derived=True)
    document = json.loads(write_oscal(rows))
    model = trestle_mapping.Model.model_validate(document)
    _oscal_allowed_values_hold(document)
    mappings = model.mapping_collection.mappings
    catalogs = {
        r["uuid"]: r["rlinks"][1]["href"] for r in document["mapping-collection"]["back-matter"]["resources"]
    }
    assert [
        (catalogs[m.source_resource.href[1:]], catalogs[m.target_resource.href[1:]]) for m in mappings
    ] == [("https://w3id.org/ai-crosswalk/id/m593", "https://w3id.org/ai-crosswalk/id/eu-ai-act")]
    maps = document["mapping-collection"]["mappings"][0]["maps"]
    by_pair = {(m["sources"][0]["id-ref"], m["targets"][0]["id-ref"]): m for m in maps}
    entry = by_pair[("Item-1", "Article-9")]  # the control ids of the regimes' OSCAL catalogs
    assert entry["relationship"] == "equal-to" and entry["matching-rationale"] == "semantic"
    assert entry["confidence-score"] == {"percentage": 0.9} and entry["remarks"]
    assert len(maps) == len(rows) and len({m["uuid"] for m in maps}) == len(maps)


def test_whole_graph_oscal_groups_by_regime_pair(store: pyoxigraph.Store) -> None:
    trestle_mapping = pytest.importorskip("trestle.oscal.mapping")
    rows = mapping_rows(store, REPO_ROOT, include_derived=True)
    document = json.loads(export("oscal", ExportRequest(store, REPO_ROOT)))
    trestle_mapping.Model.model_validate(document)
    _oscal_allowed_values_hold(document)
    groups = document["mapping-collection"]["mappings"]
    assert len(groups) == len({(r.subject_regime, r.object_regime) for r in rows})
    assert sum(len(g["maps"]) for g in groups) == len(rows)
    assert set(OSCAL_RELATIONSHIP) >= {r.relationship for r in rows}


def test_oscal_refuses_an_empty_collection() -> None:
    with pytest.raises(ValueError, match="at least one"):
        write_oscal([])


def test_cli_choices_come_from_the_registry_and_write_files(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = "".join(runner.invoke(main, ["export", "--help"]).output.split())  # the choices wrap
    assert all(name in help_text for name in WRITERS)
    out = tmp_path / "m593.csv"
    result = runner.invoke(
        main,
        ["export", "csv", "--root", str(REPO_ROOT), "--from", "m593", "--to", "eu-ai-act", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("subject regime,")
    stdout = runner.invoke(
        main, ["export", "csv", "--root", str(REPO_ROOT), "--from", "m593", "--no-derived"]
    )
    assert stdout.exit_code == 0 and stdout.output.count("\n") > 1


def test_cli_refuses_an_unknown_regime() -> None:
    result = CliRunner().invoke(main, ["export", "sssom", "--root", str(REPO_ROOT), "--from", "eu-ai-actt"])
    assert result.exit_code == 2 and "unknown regime 'eu-ai-actt'" in result.output


def test_a_remote_backend_gets_the_same_rows_through_values(store: pyoxigraph.Store) -> None:
    from app.exports.rows import QUERY, export_bindings, rows_from_solutions
    from app.graph.bindings import inline_bindings
    from app.graph.queries import load_query, select

    bindings = export_bindings("eu-ai-act", "m593", include_derived=True)
    _, solutions = select(store, inline_bindings(load_query(QUERY, REPO_ROOT), bindings))
    assert rows_from_solutions(solutions) == mapping_rows(store, REPO_ROOT, "eu-ai-act", "m593", True)
