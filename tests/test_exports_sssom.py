"""SSSOM: the export passes sssom-py's validation, and export -> import gives back the same mappings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from app.cli.main import main
from app.exports.rows import MappingRow, mapping_rows
from app.exports.sssom import write_sssom
from app.exports.sssom_import import SSSOMImportError, import_sssom
from app.graph.loading import build_store, graph_files, load_store

REPO_ROOT = Path(__file__).resolve().parent.parent
PAIRS = [("m593", "eu-ai-act"), ("eu-ai-act", "m593"), ("nist-ai-rmf", "jp-aigfb"), ("jp-aigfb", None)]


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    """The shipped graph with its derived mappings."""
    return build_store(REPO_ROOT)


def key(r: MappingRow) -> tuple[str, str, str, str, str, str, str]:
    """What a round trip must keep: subject, relationship, object, rationale, justification, confidence, author."""
    return (r.subject, r.relationship, r.object, r.rationale, r.justification, str(r.confidence), r.agent)


def test_export_is_valid_for_sssom_py(store: pyoxigraph.Store, tmp_path: Path) -> None:
    parsers = pytest.importorskip("sssom.parsers")
    validators = pytest.importorskip("sssom.validators")
    rows = mapping_rows(store, REPO_ROOT, "nist-ai-rmf", None, include_derived=True)
    assert any(r.derived for r in rows) and any(not r.derived for r in rows)
    path = tmp_path / "nist.sssom.tsv"
    path.write_text(write_sssom(rows, "nist-ai-rmf"), encoding="utf-8")
    msdf = parsers.parse_sssom_table(path)
    validators.validate(msdf, fail_on_error=True)  # JSON schema, prefix map completeness, strict CURIEs
    assert len(msdf.df) == len(rows)
    assert set(msdf.df["mapping_justification"]) == {
        "semapv:ManualMappingCuration",
        "semapv:MappingChaining",
    }
    assert {d["slot_name"] for d in msdf.metadata["extension_definitions"]} >= {
        "ir8477_relationship",
        "rationale_kind",
        "derived_from",
    }
    assert msdf.df["comment"].str.len().min() > 0  # the justification, on every row


def test_sssom_validate_command_accepts_the_whole_export(store: pyoxigraph.Store, tmp_path: Path) -> None:
    sssom_cli = pytest.importorskip("sssom.cli")
    path = tmp_path / "all.sssom.tsv"
    path.write_text(write_sssom(mapping_rows(store, REPO_ROOT, include_derived=True)), encoding="utf-8")
    result = CliRunner().invoke(sssom_cli.main, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_sssom_validation_is_not_a_rubber_stamp(store: pyoxigraph.Store, tmp_path: Path) -> None:
    parsers = pytest.importorskip("sssom.parsers")
    validators = pytest.importorskip("sssom.validators")
    text = write_sssom(mapping_rows(store, REPO_ROOT, "m593", "eu-ai-act", include_derived=False))
    path = tmp_path / "bad.sssom.tsv"
    path.write_text(text.replace("semapv:ManualMappingCuration", "semapv:GutFeeling"), encoding="utf-8")
    with pytest.raises(Exception, match="validation errors"):
        validators.validate(parsers.parse_sssom_table(path), fail_on_error=True)


def test_predicates_follow_skos_and_keep_ir_8477(store: pyoxigraph.Store) -> None:
    text = write_sssom(mapping_rows(store, REPO_ROOT, "m593", "eu-ai-act", include_derived=False))
    lines = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    header, body = lines[0], [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert header[:4] == ["record_id", "subject_id", "subject_label", "predicate_id"]
    item1 = next(
        r for r in body if r["subject_id"] == "m593:Item-1" and r["object_id"] == "eu_ai_act:Article-9"
    )
    assert item1["predicate_id"] == "skos:exactMatch" and item1["ir8477_relationship"] == "cw:Equal"
    assert item1["rationale_kind"] == "cw:Semantic" and item1["author_id"] == "cwagent:ai-crosswalk-editors"
    subset = next(r for r in body if r["ir8477_relationship"] == "cw:SubsetOf")
    assert subset["predicate_id"] == "skos:broadMatch"
    assert "#  m593: https://w3id.org/ai-crosswalk/id/m593/" in text


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_round_trip_keeps_every_asserted_mapping(
    store: pyoxigraph.Store, tmp_path: Path, source: str, target: str | None
) -> None:
    rows = mapping_rows(store, REPO_ROOT, source, target, include_derived=True)
    asserted = {key(r) for r in rows if not r.derived}
    assert asserted, f"no asserted mappings between {source} and {target}"
    path = tmp_path / "export.sssom.tsv"
    path.write_text(write_sssom(rows, source, target), encoding="utf-8")
    imported, turtle = import_sssom(path, store, REPO_ROOT)
    assert imported.mappings == len(asserted) and imported.skipped_derived == len(rows) - len(asserted)
    # load the imported set instead of the shipped crosswalks: the same selection must read the same
    ttl = tmp_path / "imported.ttl"
    ttl.write_text(turtle, encoding="utf-8")
    files = [f for f in graph_files(REPO_ROOT) if "crosswalks" not in f.parts or f.name == "mapping-sets.ttl"]
    again = load_store(REPO_ROOT, [*files, ttl])
    back = mapping_rows(again, REPO_ROOT, source, target, include_derived=False)
    assert {key(r) for r in back} == asserted


def test_cli_writes_the_default_file_under_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    shutil.rmtree(root / "data" / "crosswalks" / "imported", ignore_errors=True)
    runner = CliRunner()
    table = tmp_path / "m593.sssom.tsv"
    args = ["export", "sssom", "--root", str(root), "--from", "m593", "--to", "eu-ai-act", "-o", str(table)]
    assert runner.invoke(main, args).exit_code == 0
    result = runner.invoke(main, ["import-sssom", "--root", str(root), str(table)])
    assert result.exit_code == 0, result.output
    written = root / "data" / "crosswalks" / "imported" / "m593--eu-ai-act.ttl"
    assert written.is_file() and "cw:Mapping" in written.read_text(encoding="utf-8")


ANALYST = """\
#curie_map:
#  nist: https://w3id.org/ai-crosswalk/id/nist-ai-rmf/
#  eu: https://w3id.org/ai-crosswalk/id/eu-ai-act/
#  orcid: https://orcid.org/
#mapping_set_id: https://example.org/analyst/nist-eu
#mapping_set_title: An analyst's NIST to EU mappings
#license: https://creativecommons.org/licenses/by/4.0/
subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tauthor_id\tauthor_label\trationale_kind\tjustification
nist:GOVERN-1.1\tskos:relatedMatch\teu:Article-9\tsemapv:ManualMappingCuration\t0.6\torcid:0000-0002-1825-0097\tJosiah Carberry\tsemantic\tBoth concern legal requirements on AI risk management.
nist:MAP-1.1\tskos:broadMatch\teu:Article-9\tsemapv:ManualMappingCuration\t0.5\torcid:0000-0002-1825-0097\tJosiah Carberry\tfunctional\tContext is established as part of the risk management system.
"""


def test_an_analysts_table_imports_with_its_own_prefixes(store: pyoxigraph.Store, tmp_path: Path) -> None:
    path = tmp_path / "analyst.sssom.tsv"
    path.write_text(ANALYST, encoding="utf-8")
    imported, turtle = import_sssom(path, store, REPO_ROOT)
    assert imported.mappings == 2 and imported.slug == "nist-eu"
    graph = pyoxigraph.Store()
    graph.load(turtle.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    cw = "https://w3id.org/ai-crosswalk/ontology#"
    govern = pyoxigraph.NamedNode("https://w3id.org/ai-crosswalk/id/nist-ai-rmf/GOVERN-1.1")
    article9 = pyoxigraph.NamedNode("https://w3id.org/ai-crosswalk/id/eu-ai-act/Article-9")
    assert list(graph.quads_for_pattern(govern, pyoxigraph.NamedNode(cw + "intersectsWith"), article9))
    author = pyoxigraph.NamedNode("https://orcid.org/0000-0002-1825-0097")
    label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert [q.object.value for q in graph.quads_for_pattern(author, label, None)] == ["Josiah Carberry"]


def test_errors_name_line_and_field_and_nothing_is_written(store: pyoxigraph.Store, tmp_path: Path) -> None:
    bad = (
        ANALYST.replace("nist:MAP-1.1", "nist:MAP-99.9")
        .replace("\t0.6\t", "\t1.6\t")
        .replace("\tfunctional\t", "\tvibes\t")
    )
    path = tmp_path / "bad.sssom.tsv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(SSSOMImportError) as caught:
        import_sssom(path, store, REPO_ROOT)
    errors = caught.value.errors
    assert "line 9, confidence: '1.6' is not a number in (0, 1]" in errors
    assert "line 10, subject_id: 'nist:MAP-99.9' is not an item of the graph" in errors
    assert any(e.startswith("line 10, rationale_kind: 'vibes'") for e in errors)
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["import-sssom", "--root", str(REPO_ROOT), str(path), "-o", str(out)])
    assert result.exit_code == 1 and "line 10, subject_id" in result.output and not out.exists()
