"""``crosswalk gaps`` and ``crosswalk validate``: the same reports as the API, in every format, and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.cli.main import main

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO_ROOT / "data" / "examples").iterdir())
AS_OF = "2026-11-24"
MEDIA_TYPES = {".json": "application/json", ".ttl": "text/turtle"}
INVALID = '{"id": "urn:example:bad", "purposes": ["mind-reading"], "roles": ["provider"], "markets": ["EU"]}'


def crosswalk(*args: str, stdin: str | None = None, code: int = 0) -> Any:
    """Run the command in-process; check its exit code."""
    result = CliRunner().invoke(main, [*args, "--root", str(REPO_ROOT)], input=stdin)
    assert result.exit_code == code, (result.output, result.exception)
    return result


@pytest.fixture(scope="module")
def cli_reports() -> dict[str, Any]:
    """Every example's report from the command line, once (each run builds the embedded store)."""
    return {
        path.name: json.loads(crosswalk("gaps", str(path), "--format", "json", "--as-of", AS_OF).stdout)
        for path in EXAMPLES
    }


def test_there_are_enough_examples_spanning_every_tier(cli_reports: dict[str, Any]) -> None:
    assert len(cli_reports) >= 10
    tiers = {t["tier"] for r in cli_reports.values() for ts in r["classification"].values() for t in ts}
    assert {
        "eu-prohibited",
        "eu-high-risk-annex-i",
        "eu-high-risk-annex-iii",
        "eu-transparency",
        "eu-gpai",
        "eu-gpai-systemic",
        "jp-high-risk-sector",
        "nist-voluntary",
    } <= tiers


def test_cli_and_api_agree_on_every_example(client: TestClient, cli_reports: dict[str, Any]) -> None:
    for path in EXAMPLES:
        response = client.post(
            f"/gap-analysis?as_of={AS_OF}",
            content=path.read_bytes(),
            headers={"content-type": MEDIA_TYPES[path.suffix]},
        )
        assert response.status_code == 200, (path.name, response.text)
        assert response.json() == cli_reports[path.name], path.name


def test_cli_and_api_agree_on_csv_and_html(client: TestClient, tmp_path: Path) -> None:
    example = REPO_ROOT / "data" / "examples" / "credit-scoring-bank.json"
    for fmt in ("csv", "html"):
        out = tmp_path / f"report.{fmt}"
        crosswalk("gaps", str(example), "--format", fmt, "--as-of", AS_OF, "-o", str(out))
        api = client.post(
            f"/gap-analysis?as_of={AS_OF}&format={fmt}", content=example.read_bytes(), headers={}
        ).text
        assert out.read_text(encoding="utf-8") == api


def test_table_shows_classification_summary_and_requirements() -> None:
    out = crosswalk("gaps", str(REPO_ROOT / "data" / "examples" / "cv-ranker.json"), "--as-of", AS_OF).stdout
    lines = out.splitlines()
    assert lines[0] == "CV ranking assistant (urn:example:cv-ranker), as of 2026-11-24"
    assert any(
        "EU: high-risk (Article 6(2), Annex III)" in line and "Annex III, point 4(a)" in line
        for line in lines
    )
    # the summary row is the JSON report's own counts, in the table's column order (not a pinned total)
    report = json.loads(
        crosswalk(
            "gaps",
            str(REPO_ROOT / "data" / "examples" / "cv-ranker.json"),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ).stdout
    )
    counts = report["summary"]["eu-ai-act"]
    summary = lines[lines.index("Summary") :]
    row = next(line.split() for line in summary if line.startswith("  eu-ai-act "))
    assert row == [
        "eu-ai-act",
        *(str(counts[k]) for k in ("applicable", "met", "partial", "unmet", "in_force")),
    ]
    assert counts["in_force"] == 1  # as of 24.11.2026 only Article 4 applies (Art 113(a): from 2.2.2025)
    article_4 = next(line for line in lines if "  Article 4 " in line)
    assert article_4.split()[:6] == ["eu-ai-act", "Article", "4", "AI", "literacy", "met"]
    assert "m3: jp-aigfb:8-1 equal eu-ai-act:Article-4" in article_4


def test_csv_rows_and_stdin_turtle() -> None:
    turtle = (REPO_ROOT / "data" / "examples" / "exam-proctor-jp.ttl").read_text(encoding="utf-8")
    out = crosswalk("gaps", "-", "--format", "csv", "--as-of", AS_OF, stdin=turtle).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    # the common principles, Part 4 (an AI provider) and Article 7 of Act No. 53 of 2025
    assert len(rows) == 10 + 11 + 1 and {r["regime"] for r in rows} == {"jp-aigfb", "jp-ai-act"}
    assert next(r for r in rows if r["id"] == "jp-aigfb:4")["status"] == "met"


def test_as_of_defaults_to_today() -> None:
    from datetime import date

    out = crosswalk(
        "gaps", str(REPO_ROOT / "data" / "examples" / "spam-filter.json"), "--format", "json"
    ).stdout
    assert json.loads(out)["as_of"] == date.today().isoformat()
    assert "[default: today]" in crosswalk("gaps", "--help").stdout


def test_gaps_on_an_invalid_description_exits_1_with_the_report(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(INVALID, encoding="utf-8")
    result = crosswalk("gaps", str(bad), code=1)
    assert result.stdout == ""
    assert "purposes 'mind-reading' on urn:example:bad: Unknown purpose" in result.stderr


def test_validate_text_and_json(tmp_path: Path) -> None:
    good = REPO_ROOT / "data" / "examples" / "exam-proctor-jp.ttl"
    assert crosswalk("validate", str(good)).stdout.strip() == f"{good}: conforms"
    assert json.loads(crosswalk("validate", str(good), "--format", "json").stdout) == {
        "conforms": True,
        "issues": [],
    }
    bad = tmp_path / "bad.json"
    bad.write_text(INVALID, encoding="utf-8")
    text = crosswalk("validate", str(bad), code=1).stdout
    assert text.splitlines()[0] == f"{bad}: 1 issue"
    report = json.loads(crosswalk("validate", "-", "--format", "json", stdin=INVALID, code=1).stdout)
    assert report["conforms"] is False
    assert report["issues"][0] | {"message": ""} == {
        "field": "purposes",
        "focus_node": "urn:example:bad",
        "path": "https://w3id.org/ai-crosswalk/ontology#hasPurpose",
        "value": "mind-reading",
        "constraint": "Class",
        "message": "",
        "severity": "Violation",
    }


def test_validate_matches_the_api(client: TestClient) -> None:
    document = json.loads(INVALID) | {"markets": ["XX"], "measures": [{"id": "m1", "addresses": ["nope:1"]}]}
    cli = json.loads(
        crosswalk("validate", "-", "--format", "json", stdin=json.dumps(document), code=1).stdout
    )
    assert client.post("/systems/validate", json=document).json() == cli
    assert len(cli["issues"]) >= 4


def test_validate_reports_an_unreadable_file_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:x> a <urn:y", encoding="utf-8")
    report = json.loads(crosswalk("validate", str(broken), "--format", "json", code=1).stdout)
    assert report["issues"][0]["field"] == "body" and report["issues"][0]["constraint"] == "syntax"


def test_dates_are_read_as_the_api_reads_as_of() -> None:
    """2026-9-1 and 2026-02-30 are refused by --as-of and --from as by ?as_of=, before any graph is loaded."""
    spam = str(REPO_ROOT / "data" / "examples" / "spam-filter.json")
    for day, why in (
        ("2026-9-1", "is not a date written YYYY-MM-DD"),
        ("2026-02-30", "is not a calendar date"),
    ):
        assert f"{day!r} {why}" in crosswalk("gaps", spam, "--as-of", day, code=2).output
        assert f"{day!r} {why}" in crosswalk("changes", "--from", day, code=2).output


def test_a_description_past_the_triples_limit_is_refused_as_the_api_refuses_it(tmp_path: Path) -> None:
    spam = str(REPO_ROOT / "data" / "examples" / "spam-filter.json")
    result = CliRunner().invoke(
        main, ["validate", spam, "--root", str(REPO_ROOT)], env={"CROSSWALK_MAX_DESCRIPTION_TRIPLES": "5"}
    )
    assert result.exit_code == 1 and "larger than the limit of 5 triples" in result.output
    assert "CROSSWALK_MAX_DESCRIPTION_TRIPLES" in result.output
