"""The gap-analysis API on both back ends: reports in every format, validation, portfolio, standards, vocabularies."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.analysis.description_model import context
from app.core.identifiers import CONTEXT_URL

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "data" / "examples"
PROBLEM = "application/problem+json"
JSON = {"content-type": "application/json"}
AS_OF = "2026-11-24"
ISSUE_KEYS = {"field", "focus_node", "path", "value", "constraint", "message", "severity"}
CV_RANKER = (EXAMPLES / "cv-ranker.json").read_bytes()
EXAM_PROCTOR_JSON = {
    "id": "urn:example:exam-proctor-jp",
    "name": "Online exam proctoring (Japan)",
    "purposes": ["exam-proctoring"],
    "roles": ["ai-provider"],
    "markets": ["JP"],
    "lifecycle_stage": "deployment",
    "measures": [
        {
            "id": "privacy-review",
            "addresses": ["jp-aigfb:4"],
            "status": "implemented",
            "evidence": "Privacy impact assessment, 2026",
        }
    ],
}


def post_report(
    client: TestClient, body: bytes | str, media_type: str = "application/json", **params: str
) -> Any:
    response = client.post(
        "/gap-analysis", params={"as_of": AS_OF, **params}, content=body, headers={"content-type": media_type}
    )
    assert response.status_code == 200, response.text
    return response


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in report["requirements"]}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]
    return problem


@contextmanager
def limits(client: TestClient, **changes: int) -> Iterator[None]:
    """Lower the app's body limits for one test (the dependency reads them per request)."""
    state = client.app.state  # type: ignore[attr-defined]
    saved = state.settings
    state.settings = saved.with_(**changes)
    try:
        yield
    finally:
        state.settings = saved


def test_cv_ranker_report(client: TestClient) -> None:
    report = post_report(client, CV_RANKER).json()
    assert report["system"] == {"id": "urn:example:cv-ranker", "name": "CV ranking assistant"}
    assert report["as_of"] == AS_OF
    (eu,) = report["classification"]["eu-ai-act"]
    assert eu["tier"] == "eu-high-risk-annex-iii"
    assert [b["id"] for b in eu["basis"]] == ["eu-ai-act:Annex-III-point-4-a", "eu-ai-act:Article-6-2"]
    requirements = by_id(report)
    # A provider of an Annex III system owes Chapter III Section 2 (Articles 8-15) and the provider's duties
    # of Article 16 and the articles it points to; a provider is not a deployer (Articles 26, 27), and
    # ranking CVs is neither a transparency case (Article 50) nor a general-purpose model (Article 53).
    assert {f"eu-ai-act:Article-{n}" for n in (4, *range(8, 16), 17, 43, 47, 48, 72, 73)} <= set(requirements)
    assert {"eu-ai-act:Article-16-b", "eu-ai-act:Article-16-l", "eu-ai-act:Article-49-1"} <= set(requirements)
    articles = {
        r.removeprefix("eu-ai-act:Article-").split("-")[0]
        for r in requirements
        if r.startswith("eu-ai-act:Article-")
    }
    assert not articles & {"26", "27", "50", "53"}
    # The summary is the requirements counted, per regime.
    for regime, counts in report["summary"].items():
        rows = [r for r in report["requirements"] if r["regime"] == regime]
        assert counts == {
            "applicable": len(rows),
            **{s: sum(r["status"] == s for r in rows) for s in ("met", "partial", "unmet")},
            "in_force": sum(r["in_force"] for r in rows),
        }
    # On 24 November 2026 only AI literacy (Article 4, from 2 February 2025) is in force of the AI Act's
    # duties; Japan's guideline has no date of application, so all of it is.
    assert [r for r, row in requirements.items() if row["regime"] == "eu-ai-act" and row["in_force"]] == [
        "eu-ai-act:Article-4"
    ]
    assert all(row["in_force"] for row in requirements.values() if row["regime"] == "jp-aigfb")
    article_9 = requirements["eu-ai-act:Article-9"]
    assert article_9["status"] == "met" and article_9["notation"] == "Article 9"
    assert article_9["applies_from"] == "2027-12-02" and article_9["in_force"] is False
    assert article_9["evidence"][0] == {
        "measure": "m1",
        "measure_status": "implemented",
        "evidence": "https://intranet.example/risk-register",
        "credit": "met",
        "addresses": "eu-ai-act:Article-9",
        "how": "addresses it",
    }
    # Met through the crosswalk: a Japanese literacy measure equal to Article 4.
    literacy = requirements["eu-ai-act:Article-4"]
    assert literacy["status"] == "met"
    assert literacy["evidence"][0]["relationship"] == "equal"
    assert literacy["evidence"][0]["addresses"] == "jp-aigfb:8-1"
    assert requirements["eu-ai-act:Article-12"]["status"] == "unmet"  # only a planned measure


def test_json_jsonld_and_turtle_give_the_same_report(client: TestClient) -> None:
    turtle = post_report(client, (EXAMPLES / "exam-proctor-jp.ttl").read_bytes(), "text/turtle").json()
    plain = post_report(client, json.dumps(EXAM_PROCTOR_JSON)).json()
    jsonld = post_report(
        client, json.dumps({"@context": CONTEXT_URL, **EXAM_PROCTOR_JSON}), "application/ld+json"
    ).json()
    assert turtle == plain == jsonld
    assert by_id(turtle)["jp-aigfb:4"]["status"] == "met"


def test_as_of_decides_what_is_in_force(client: TestClient) -> None:
    before = post_report(client, CV_RANKER, as_of="2026-01-01").json()
    after = post_report(client, CV_RANKER, as_of="2028-01-01").json()
    assert by_id(before)["eu-ai-act:Article-9"]["in_force"] is False
    assert by_id(after)["eu-ai-act:Article-9"]["in_force"] is True
    # Before 2 August 2026 only Article 4 of the AI Act applies; by 2028 every duty the report lists does.
    assert [r["id"] for r in before["requirements"] if r["regime"] == "eu-ai-act" and r["in_force"]] == [
        "eu-ai-act:Article-4"
    ]
    assert all(r["in_force"] for r in after["requirements"] if r["regime"] == "eu-ai-act")
    assert after["summary"]["eu-ai-act"]["in_force"] == after["summary"]["eu-ai-act"]["applicable"]
    today = client.post("/gap-analysis", content=CV_RANKER, headers=JSON).json()
    assert today["as_of"] == date.today().isoformat()
    problem = assert_problem(
        client.post("/gap-analysis?as_of=2026-13-01", content=CV_RANKER, headers=JSON), 422
    )
    assert "as_of" in problem["detail"]


def test_csv_has_one_row_per_requirement(client: TestClient) -> None:
    report = post_report(client, CV_RANKER).json()
    response = post_report(client, CV_RANKER, format="csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == [r["id"] for r in report["requirements"]]
    article_4 = next(r for r in rows if r["id"] == "eu-ai-act:Article-4")
    assert article_4["status"] == "met" and article_4["in_force"] == "true"
    assert "jp-aigfb:8-1 equal eu-ai-act:Article-4" in article_4["evidence"]
    by_accept = client.post(
        f"/gap-analysis?as_of={AS_OF}", content=CV_RANKER, headers={**JSON, "accept": "text/csv"}
    )
    assert by_accept.text == response.text


def test_html_is_a_printable_report(client: TestClient) -> None:
    response = client.post(
        f"/gap-analysis?as_of={AS_OF}", content=CV_RANKER, headers={**JSON, "accept": "text/html"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.startswith("<!doctype html>") and "@media print" in page
    assert "Gap report: CV ranking assistant" in page and "Annex III, point 4(a)" in page
    unmet = [r for r in post_report(client, CV_RANKER).json()["requirements"] if r["status"] == "unmet"]
    assert page.count("<td class=unmet>") == len(unmet)  # one row per requirement, as in the JSON report


def test_unacceptable_format_is_406(client: TestClient) -> None:
    response = client.post("/gap-analysis", content=CV_RANKER, headers={**JSON, "accept": "image/png"})
    assert_problem(response, 406)


def test_invalid_description_is_422_with_the_shacl_report(client: TestClient) -> None:
    body = {"id": "urn:example:bad", "purposes": ["mind-reading"], "roles": ["provider"], "markets": ["EU"]}
    problem = assert_problem(client.post("/gap-analysis", json=body), 422)
    assert problem["title"] == "Invalid AI-system description"
    (issue,) = problem["issues"]
    assert set(issue) == ISSUE_KEYS
    assert issue["field"] == "purposes" and issue["value"] == "mind-reading"
    assert issue["focus_node"] == "urn:example:bad" and issue["constraint"] == "Class"
    assert issue["path"] == "https://w3id.org/ai-crosswalk/ontology#hasPurpose"
    assert "mind-reading" not in problem["detail"] and "Unknown purpose" in problem["detail"]


def test_a_measure_addressing_an_unknown_provision_is_reported(client: TestClient) -> None:
    body = json.loads(CV_RANKER)
    body["measures"][0]["addresses"] = ["eu-ai-act:Article-999"]
    problem = assert_problem(client.post("/gap-analysis", json=body), 422)
    assert [(i["field"], i["focus_node"], i["value"]) for i in problem["issues"]] == [
        ("measures.addresses", "measure m1", "eu-ai-act:Article-999")
    ]


@pytest.mark.parametrize(
    ("body", "media_type", "says"),
    [
        (b'{"id": "urn:x", ', "application/json", "not valid JSON"),
        (b"<urn:x> a <urn:y", "text/turtle", "not valid Turtle"),
        (b'["not", "an", "object"]', "application/json", "a description is a JSON object"),
        (b'{"@context": "https://example.org/ctx.jsonld", "id": "urn:x"}', "application/ld+json", "remote"),
    ],
)
def test_unreadable_bodies_are_422_with_the_same_shape(
    client: TestClient, body: bytes, media_type: str, says: str
) -> None:
    for path in ("/gap-analysis", "/systems/validate"):
        problem = assert_problem(client.post(path, content=body, headers={"content-type": media_type}), 422)
        (issue,) = problem["issues"]
        field = (
            "@context" if says == "remote" else "body"
        )  # the field that cannot be read, where there is one
        assert set(issue) == ISSUE_KEYS and issue["field"] == field and says in issue["message"]


def test_other_media_types_are_415(client: TestClient) -> None:
    response = client.post("/gap-analysis", content=CV_RANKER, headers={"content-type": "text/plain"})
    assert "application/json" in assert_problem(response, 415)["detail"]


def test_bodies_over_the_limit_are_413(embedded_client: TestClient) -> None:
    with limits(embedded_client, max_body_bytes=100, max_portfolio_bytes=100):
        declared = embedded_client.post("/gap-analysis", content=CV_RANKER, headers=JSON)
        assert "CROSSWALK_MAX_BODY_BYTES" in assert_problem(declared, 413)["detail"]
        streamed = embedded_client.post("/systems/validate", content=iter([CV_RANKER[:80], CV_RANKER[80:]]))
        assert_problem(streamed, 413)
        portfolio = embedded_client.post(
            "/gap-analysis/portfolio", content=b"[" + CV_RANKER + b"]", headers=JSON
        )
        assert "CROSSWALK_MAX_PORTFOLIO_BYTES" in assert_problem(portfolio, 413)["detail"]
    assert embedded_client.post("/systems/validate", content=CV_RANKER, headers=JSON).status_code == 200


def test_validate_answers_200_whether_or_not_it_conforms(client: TestClient) -> None:
    ok = client.post("/systems/validate", content=CV_RANKER, headers=JSON)
    assert ok.status_code == 200 and ok.json() == {"conforms": True, "issues": []}
    turtle = (EXAMPLES / "exam-proctor-jp.ttl").read_bytes()
    assert client.post("/systems/validate", content=turtle, headers={"content-type": "text/turtle"}).json()[
        "conforms"
    ]
    bad = client.post("/systems/validate", json={"name": "no id", "purposes": [], "markets": ["XX"]})
    assert bad.status_code == 200
    report = bad.json()
    assert report["conforms"] is False
    assert all(set(i) == ISSUE_KEYS for i in report["issues"])
    fields = {i["field"] for i in report["issues"]}
    assert {"id", "purposes", "markets", "roles"} <= fields


def test_portfolio_json_array_keeps_order_and_isolates_failures(client: TestClient) -> None:
    good = json.loads(CV_RANKER)
    bad = {"id": "urn:example:bad", "purposes": ["mind-reading"], "roles": ["provider"], "markets": ["EU"]}
    response = client.post(f"/gap-analysis/portfolio?as_of={AS_OF}", json=[good, bad, EXAM_PROCTOR_JSON, 42])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [(line["index"], line["id"]) for line in lines] == [
        (0, "urn:example:cv-ranker"),
        (1, "urn:example:bad"),
        (2, "urn:example:exam-proctor-jp"),
        (3, None),
    ]
    single = post_report(client, CV_RANKER).json()
    assert lines[0]["report"] == single
    assert lines[1]["error"]["status"] == 422 and lines[1]["error"]["issues"][0]["value"] == "mind-reading"
    assert "report" not in lines[1] and "error" not in lines[2]
    assert lines[3]["error"]["issues"][0]["message"] == "a description is a JSON object"


def test_portfolio_refuses_a_body_that_is_no_portfolio(client: TestClient) -> None:
    problem = assert_problem(client.post("/gap-analysis/portfolio", content=CV_RANKER, headers=JSON), 422)
    assert "JSON array" in problem["issues"][0]["message"]
    turtle = {"content-type": "text/turtle"}
    assert_problem(client.post("/gap-analysis/portfolio", content=b"<a> <b> <c> .", headers=turtle), 415)


def generated(n: int) -> Iterator[str]:
    """n descriptions spread over purposes, markets and roles; every 100th one broken, half of those as JSON."""
    purposes = [
        "spam-filtering",
        "recruitment",
        "chatbot",
        "credit-scoring",
        "social-scoring",
        "demand-forecasting",
    ]
    markets = [["EU"], ["JP"], ["US"], ["EU", "JP"]]
    for i in range(n):
        if i % 100 == 99:
            yield "{not json" if i % 200 == 99 else json.dumps({"id": f"urn:gen:{i}", "purposes": ["nope"]})
            continue
        roles = ["provider"] if i % 2 else ["deployer", "ai-business-user"]
        description = {
            "id": f"urn:gen:{i}",
            "purposes": [purposes[i % 6]],
            "roles": roles,
            "markets": markets[i % 4],
        }
        yield json.dumps(description)


def test_a_thousand_system_portfolio_streams_and_counts_right(embedded_live: str) -> None:
    body = ("\n".join(generated(1000)) + "\n").encode()
    url, headers = (
        f"{embedded_live}/gap-analysis/portfolio?as_of={AS_OF}",
        {"content-type": "application/x-ndjson"},
    )
    warm = urllib.request.Request(url, data=body[: body.index(b"\n") + 1], headers=headers)  # noqa: S310
    with urllib.request.urlopen(warm, timeout=120) as response:  # noqa: S310 - the portfolio processes fork now
        response.read()
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - our own loopback server
    start = time.monotonic()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - our own loopback server
        assert response.headers["content-type"] == "application/x-ndjson"
        assert response.headers.get("transfer-encoding") == "chunked"
        first = json.loads(response.readline())
        first_after = time.monotonic() - start
        lines = [first] + [json.loads(line) for line in response]
    total = time.monotonic() - start
    assert first_after < total / 2, "the first line should arrive long before the last"
    assert [line["index"] for line in lines] == list(range(1000))
    errors = [line for line in lines if "error" in line]
    assert [line["index"] for line in errors] == [i for i in range(1000) if i % 100 == 99]
    assert {i["constraint"] for e in errors for i in e["error"]["issues"]} == {"syntax", "Class", "MinCount"}
    reports = [line["report"] for line in lines if "report" in line]
    assert len(reports) == 990
    assert all(
        line["id"] == line["report"]["system"]["id"] == f"urn:gen:{line['index']}"
        for line in lines
        if "report" in line
    )
    social = by_id(lines[4]["report"])  # social scoring, a deployer, on the EU market
    assert social["eu-ai-act:Article-5-1-c"]["status"] == "unmet"


def test_standards_gaps(client: TestClient) -> None:
    body = client.get("/standards/gaps").json()
    items = body["items"]
    assert body["count"] == 10 == len(items)
    assert [i["id"] for i in items] == [f"m593:Item-{n}" for n in range(1, 11)]
    for item in items:
        covering = [
            s
            for s in item["standards"]
            if s["status"] == "published" and s["relationship"] in {"equal", "supersetOf"}
        ]
        assert item["covered"] == bool(covering)
    assert body["gaps"] == [i["id"] for i in items if not i["covered"]]
    assert body["covered"] == 10 - len(body["gaps"])
    risk = items[0]
    assert risk["label"] == "Risk management system for AI systems"
    assert "prEN 18228" in risk["drafts_in_progress"]
    assert any(s["designation"] == "prEN 18228" and s["relationship"] == "equal" for s in risk["standards"])


SCHEMES = [
    "application-case",
    "capability",
    "circumstance",
    "conformity-assessment",
    "entity-type",
    "jurisdiction",
    "licence",
    "lifecycle-stage",
    "purpose",
    "risk-tier",
    "role",
    "sector",
]


def test_vocab_lists_every_scheme(client: TestClient) -> None:
    schemes = client.get("/vocab").json()
    assert [s["scheme"] for s in schemes] == SCHEMES
    assert all(s["count"] > 0 for s in schemes)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_vocab_scheme_lists_codes_with_labels_and_definitions(client: TestClient, scheme: str) -> None:
    body = client.get(f"/vocab/{scheme}").json()
    assert body["scheme"] == scheme and body["iri"].endswith(f"/vocab/{scheme}")
    assert body["count"] == len(body["concepts"]) > 0
    assert all(c["code"] and c["label"] and c["definition"] for c in body["concepts"])
    assert len({c["code"] for c in body["concepts"]}) == body["count"]


def test_vocab_purposes_point_to_the_provisions_they_read_on(client: TestClient) -> None:
    codes = {c["code"]: c for c in client.get("/vocab/purpose").json()["concepts"]}
    assert {"recruitment", "social-scoring", "chatbot", "spam-filtering", "product-safety-component"} <= set(
        codes
    )
    assert codes["recruitment"]["see_also"] == [
        "https://w3id.org/ai-crosswalk/id/eu-ai-act/Annex-III-point-4-a"
    ]
    roles = {c["code"] for c in client.get("/vocab/role").json()["concepts"]}
    assert {"provider", "deployer", "ai-developer", "ai-provider", "ai-business-user"} <= roles


def test_unknown_vocab_scheme_is_404_with_suggestions(client: TestClient) -> None:
    problem = assert_problem(client.get("/vocab/purposes"), 404)
    assert problem["suggestions"][0] == "purpose"
    assert "no vocabulary scheme" in problem["detail"]
    assert assert_problem(client.get("/vocab/x%20y"), 404)["suggestions"] == SCHEMES


def test_context_is_served_as_json_ld(client: TestClient) -> None:
    response = client.get("/context.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert response.json() == context()
    assert response.json()["@context"]["purposes"]["@id"] == "cw:hasPurpose"


def test_openapi_documents_bodies_and_typed_reports(embedded_client: TestClient) -> None:
    paths = embedded_client.get("/openapi.json").json()["paths"]
    analysis = paths["/gap-analysis"]["post"]
    assert set(analysis["requestBody"]["content"]) == {
        "application/json",
        "application/ld+json",
        "text/turtle",
    }
    ok = analysis["responses"]["200"]["content"]
    assert ok["application/json"]["schema"]["$ref"].endswith("/GapReportSchema")  # test_api_report_schema.py
    assert {"text/csv", "text/html"} <= set(ok)
    assert {"413", "415", "422"} <= set(analysis["responses"])
    assert "application/x-ndjson" in paths["/gap-analysis/portfolio"]["post"]["responses"]["200"]["content"]
    assert paths["/systems/validate"]["post"]["responses"]["200"]["content"]["application/json"]["schema"][
        "$ref"
    ].endswith("/ValidationReport")


def test_body_limits_are_settings() -> None:
    from app.core.settings import Settings

    settings = Settings.from_env(
        {"CROSSWALK_MAX_BODY_BYTES": "1000", "CROSSWALK_MAX_PORTFOLIO_BYTES": "5000"}
    )
    assert (settings.max_body_bytes, settings.max_portfolio_bytes) == (1000, 5000)
    assert Settings().max_body_bytes == 4 * 1024 * 1024
    with pytest.raises(ValueError, match="max_body_bytes"):
        Settings.from_env({"CROSSWALK_MAX_BODY_BYTES": "0"})
