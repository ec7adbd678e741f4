"""Gap reports as OSCAL 1.2 Assessment Results and POA&M, from the CLI, POST /gap-analysis and
GET /systems/{id}/gaps, checked against NIST's JSON schemas (tests/oscal-1.2.1) and trestle's models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.cli.main import main
from app.exports.oscal_catalog import catalog_document
from app.exports.oscal_results import assessment_results, poam
from app.graph.loading import build_store
from app.main import create_app
from tests.conftest import REPO_ROOT, backend_settings
from tests.test_interop_oscal import controls, schema_errors

EXAMPLES = REPO_ROOT / "data" / "examples"
AS_OF = "2026-11-24"  # a fixed day, not today: the API must honour as_of
WRITE = "oscal-results-write-token"
AUTH = {"authorization": f"Bearer {WRITE}"}
OSCAL_JSON = "application/oscal+json"


def cli_report(example: str, fmt: str) -> Any:
    args = ["gaps", str(EXAMPLES / example), "--format", fmt, "--as-of", AS_OF, "--root", str(REPO_ROOT)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def report() -> Any:
    """The CV ranker's gap report: met, partial and unmet requirements, crosswalk credit and drift."""
    document = cli_report("cv-ranker.json", "json")
    statuses = {r["status"] for r in document["requirements"]}
    assert statuses == {"met", "partial", "unmet"}
    assert any(e.get("drift") for r in document["requirements"] for e in r["evidence"])
    return document


@pytest.fixture(scope="module")
def app_client() -> Iterator[TestClient]:
    with TestClient(create_app(settings=backend_settings("embedded", write_token=WRITE))) as client:
        yield client


def test_assessment_results_hold_a_finding_per_requirement(report: Any) -> None:
    trestle = pytest.importorskip("trestle.oscal.assessment_results")
    document = cli_report("cv-ranker.json", "oscal-ar")
    assert document == assessment_results(report)
    assert schema_errors("assessment-results", document) == []
    trestle.Model.model_validate(document)
    results = document["assessment-results"]["results"]
    assert {r["props"][0]["value"] for r in results} == {r["regime"] for r in report["requirements"]}
    findings = {f["links"][0]["href"]: f for r in results for f in r["findings"]}
    assert set(findings) == {r["iri"] for r in report["requirements"]}
    observations = {o["uuid"]: o for r in results for o in r.get("observations", [])}
    for requirement in report["requirements"]:
        finding = findings[requirement["iri"]]
        state = finding["target"]["status"]
        assert state["state"] == ("satisfied" if requirement["status"] == "met" else "not-satisfied")
        assert state["reason"] == {"met": "pass", "partial": "other", "unmet": "fail"}[requirement["status"]]
        related = [observations[o["observation-uuid"]] for o in finding.get("related-observations", [])]
        assert len(related) == len(requirement["evidence"])
        drifted = [e for e in requirement["evidence"] if e.get("drift")]
        assert len(drifted) == sum(any(p["name"] == "drift" for p in o["props"]) for o in related)


def test_findings_target_statements_of_the_regime_catalogs(report: Any) -> None:
    store = build_store(REPO_ROOT)
    document = assessment_results(report)
    for result in document["assessment-results"]["results"]:
        regime = result["props"][0]["value"]
        catalog = catalog_document(store, REPO_ROOT, regime)
        parts = {p["id"] for c, _ in controls(catalog["catalog"]["controls"]) for p in c.get("parts", [])}
        ids = {c["id"] for c, _ in controls(catalog["catalog"]["controls"])}
        for finding in result["findings"]:
            assert finding["target"]["target-id"] in parts, finding["title"]
        selected = result["reviewed-controls"]["control-selections"][0]["include-controls"]
        assert {c["control-id"] for c in selected} <= ids


def test_poam_lists_what_is_not_met(report: Any) -> None:
    trestle = pytest.importorskip("trestle.oscal.poam")
    document = cli_report("cv-ranker.json", "oscal-poam")
    assert document == poam(report)
    assert schema_errors("poam", document) == []
    trestle.Model.model_validate(document)
    items = document["plan-of-action-and-milestones"]["poam-items"]
    open_items = {r["iri"] for r in report["requirements"] if r["status"] != "met"}
    assert {i["links"][0]["href"] for i in items} == open_items
    article12 = next(i for i in items if i["links"][0]["href"].endswith("/eu-ai-act/Article-12"))
    assert {"name": "applies-from", "value": "2027-12-02"}.items() <= next(
        p for p in article12["props"] if p["name"] == "applies-from"
    ).items()


def test_every_example_is_valid(tmp_path: Path) -> None:
    for example in sorted(EXAMPLES.glob("*.json")):
        report = cli_report(example.name, "json")
        assert schema_errors("assessment-results", assessment_results(report)) == [], example.name
        assert schema_errors("poam", poam(report)) == [], example.name


def test_uuids_are_stable_and_distinct(report: Any) -> None:
    first, second = assessment_results(report), assessment_results(json.loads(json.dumps(report)))
    assert first == second
    text = json.dumps(first)
    uuids = [
        f["uuid"]
        for r in first["assessment-results"]["results"]
        for f in r["findings"] + r.get("observations", [])
    ]
    assert len(uuids) == len(set(uuids)) and all(u in text for u in uuids)


def test_gap_analysis_endpoints_serve_both(app_client: TestClient, report: Any) -> None:
    body = (EXAMPLES / "cv-ranker.json").read_bytes()
    headers = {"content-type": "application/json"}
    by_accept = app_client.post(
        "/gap-analysis", params={"as_of": AS_OF}, content=body, headers={**headers, "accept": OSCAL_JSON}
    )
    assert by_accept.status_code == 200 and by_accept.headers["content-type"] == OSCAL_JSON
    assert by_accept.json() == assessment_results(report)
    plan = app_client.post(
        "/gap-analysis", params={"as_of": AS_OF, "format": "oscal-poam"}, content=body, headers=headers
    )
    assert plan.status_code == 200 and plan.json() == poam(report)
    plain = app_client.post("/gap-analysis", params={"as_of": AS_OF}, content=body, headers=headers)
    assert plain.headers["content-type"].startswith("application/json") and "requirements" in plain.json()
    bad = app_client.post("/gap-analysis", params={"format": "oscal-xml"}, content=body, headers=headers)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"

    system = f"/systems/{quote('urn:example:cv-ranker', safe='')}"
    stored = app_client.put(system, content=body, headers={**headers, **AUTH})
    assert stored.status_code in (200, 201), stored.text
    try:
        ar = app_client.get(f"{system}/gaps", params={"as_of": AS_OF, "format": "oscal-ar"})
        assert ar.status_code == 200 and schema_errors("assessment-results", ar.json()) == []
        assert ar.json() == assessment_results(report)
        items = app_client.get(f"{system}/gaps", params={"as_of": AS_OF, "format": "oscal-poam"})
        assert items.status_code == 200 and items.json() == poam(report)
    finally:
        app_client.delete(system, headers=AUTH)
