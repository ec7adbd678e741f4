"""``crosswalk query FILE.rq`` prints results in each format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from app.cli.main import main


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["query", "--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_table(mini_root: Path) -> None:
    out = _run(mini_root, str(mini_root / "queries" / "select-articles.rq"))
    assert out.splitlines() == ["notation", "---------", "Article 1", "Article 2"]


def test_csv_and_json(mini_root: Path) -> None:
    query = str(mini_root / "queries" / "select-articles.rq")
    rows = list(csv.DictReader(io.StringIO(_run(mini_root, query, "--format", "csv"))))
    assert [r["notation"] for r in rows] == ["Article 1", "Article 2"]
    bindings = json.loads(_run(mini_root, query, "--format", "json"))["results"]["bindings"]
    assert [b["notation"]["value"] for b in bindings] == ["Article 1", "Article 2"]


def test_construct_prints_turtle(mini_root: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    assert _run(mini_root, str(query)).strip().endswith(".")


def test_malformed_query_exits_with_the_parser_message(mini_root: Path, tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT * WHERE { ?s ?p }", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", "--root", str(mini_root), str(query)])
    assert result.exit_code == 1
    assert "error at 1:" in result.output


def test_named_queries_take_as_of_as_a_binding() -> None:
    """`--bind asOf=DATE` on queries/versions-in-force.rq: the AI Act version in force either side of 27 July 2026."""
    from app.core.resources import ENV_VAR

    def version(day: str) -> str:
        result = CliRunner().invoke(
            main, ["query", "queries/versions-in-force.rq", "--bind", f"asOf={day}", "--format", "json"],
            env={ENV_VAR: ""},
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)["results"]["bindings"]
        return next(r["version"]["value"] for r in rows if r["regimeKey"]["value"] == "eu-ai-act")

    assert version("2026-06-01").endswith("/2024-1689")
    assert version("2026-09-01").endswith("/2026-1744")


def test_query_sees_the_derived_mappings(tmp_path: Path) -> None:
    """The CLI queries the graph /sparql serves: asserted and derived mappings alike."""
    from app.core.resources import ENV_VAR

    ask = tmp_path / "derived.rq"
    ask.write_text("PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#> ASK { ?m a cw:DerivedMapping }")
    result = CliRunner().invoke(main, ["query", str(ask), "--format", "json"], env={ENV_VAR: ""})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["boolean"] is True


def test_a_binding_must_be_name_equals_value(mini_root: Path) -> None:
    query = str(mini_root / "queries" / "select-articles.rq")
    result = CliRunner().invoke(main, ["query", "--root", str(mini_root), query, "--bind", "as of"])
    assert result.exit_code == 2 and "NAME=VALUE" in result.output


def test_a_date_binding_must_be_on_the_calendar(mini_root: Path) -> None:
    """A date-shaped value is read by iso_date as the API's as_of is: 2026-02-30 is refused, not bound as an
    invalid xsd:date that matches nothing."""
    query = str(mini_root / "queries" / "select-articles.rq")
    result = CliRunner().invoke(main, ["query", "--root", str(mini_root), query, "--bind", "asOf=2026-02-30"])
    assert result.exit_code == 2 and "asOf" in result.output and "2026-02-30" in result.output
