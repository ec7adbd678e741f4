"""``crosswalk check`` on fixture graphs: a conforming one exits 0, a violating one exits 1 and says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli.main import main
from app.core.resources import ENV_VAR
from app.graph.loading import shapes_file
from app.qa.check import run_checks

REPO_ROOT = Path(__file__).resolve().parent.parent
MINI_ROOT = REPO_ROOT / "tests" / "fixtures" / "mini"


def test_conforming_graph_passes(mini_root: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(mini_root)])
    assert result.exit_code == 0, result.output
    assert "Example Act  Article    2" in result.output
    assert "Missing label" in result.output
    assert "HermiT (OWL 2 DL consistency): consistent" in result.output
    assert result.output.rstrip().endswith("OK")


def test_violating_graph_fails_and_names_the_focus_node(violating_root: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(violating_root)])
    assert result.exit_code == 1, result.output
    assert "FAIL SHACL shapes (shapes/kg.ttl)  1 violation(s)" in result.output
    assert "FAIL Missing label" in result.output
    assert "https://example.org/mini#art3 http://www.w3.org/2004/02/skos/core#notation" in result.output
    assert "HermiT (OWL 2 DL consistency): inconsistent" in result.output


def test_root_comes_from_the_environment(violating_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(violating_root))
    result = CliRunner().invoke(main, ["check", "--no-reasoner"])
    assert result.exit_code == 1
    assert str(violating_root) in result.output


def test_json_report_has_every_part(violating_root: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(violating_root), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    assert report["reasoner"]["status"] == "inconsistent"
    by_name = {c["name"]: c for c in report["checks"]}
    assert by_name["Missing label"]["violations"] == [
        {
            "focus": "https://example.org/mini#art3",
            "path": "http://www.w3.org/2004/02/skos/core#prefLabel",
            "message": "no skos:prefLabel",
            "severity": "Violation",
        }
    ]
    assert {"regime_label": "Example Act", "level": "https://example.org/mini#Article", "n": 3}.items() <= (
        report["counts"][0].items()
    )


def test_no_reasoner_skips_hermit(mini_root: Path) -> None:
    report = run_checks(mini_root, reasoner=False)
    assert report.reasoner.status == "skipped"
    assert report.ok


def test_broken_turtle_is_reported_not_raised(violating_root: Path) -> None:
    (violating_root / "data" / "regimes" / "broken.ttl").write_text("<a> <b> .", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(violating_root), "--no-reasoner"])
    assert result.exit_code == 1
    assert "broken.ttl" in result.output


def test_shipped_graph_passes_every_check() -> None:
    """The graph in this repository must itself be clean: this is the quality gate CI enforces."""
    result = CliRunner().invoke(main, ["check"], env={ENV_VAR: ""})
    assert result.exit_code == 0, result.output
    assert "Versions and dates of application" in result.output and "Mapping drift" in result.output


def test_shipped_graph_json_report_lists_versions_and_drift() -> None:
    """The JSON report is JSON (the published crosswalks' verdict counts once broke it); per regime it lists the
    versions with dates read and inferred, and the mappings that a later version overtook (Article 4, reworded by
    Regulation (EU) 2026/1744)."""
    result = CliRunner().invoke(main, ["check", "--no-reasoner", "--format", "json"], env={ENV_VAR: ""})
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    eu = [v for v in report["versions"] if v["regime"] == "eu-ai-act"]
    assert [v["version"].rsplit("/", 1)[1] for v in eu] == ["2024-1689", "2026-1744"]
    assert all(v["read_dates"] > 0 for v in eu) and any(v["inferred_dates"] > 0 for v in eu)
    assert any(
        d["item"].endswith("/eu-ai-act/Article-4") and d["change"] == "reworded" for d in report["drift"]
    )
    assert all(isinstance(v, int) for a in report["agreement"] for v in a["verdicts"].values())


@pytest.mark.parametrize("root", [REPO_ROOT, MINI_ROOT], ids=["shipped", "fixture"])
def test_shapes_are_valid_shacl(root: Path) -> None:
    """Shapes with typos silently check nothing; SHACL-SHACL (meta_shacl) catches malformed ones."""
    import rdflib
    from pyshacl import validate

    shapes = rdflib.Graph().parse(shapes_file(root), format="turtle")
    conforms, _graph, text = validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True)
    assert conforms, text
