"""The HTML pages over HTTP, on both back ends: content, escaping, errors, downloads, no third-party assets."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
PAGES = [
    "/",
    "/ui/search?q=risk",
    "/ui/regimes/eu-ai-act",
    "/ui/coverage",
    "/ui/coverage?derived=true",
    "/ui/crosswalk?from=nist-ai-rmf&to=eu-ai-act",
    "/ui/gaps",
    "/ui/gaps?example=cv-ranker",
    "/id/eu-ai-act/Article-9",
    "/id/nist-ai-rmf",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_html_with_local_assets_only(client: TestClient, path: str) -> None:
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<html lang="en">' in page and '<meta name="viewport"' in page
    assert 'href="/ui/gaps"' in page and 'href="/sparql"' in page  # the navigation
    for asset in re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', page):
        assert asset.startswith(("/", "data:", "https://w3id.org/ai-crosswalk/")), (
            f"{asset} is not served by us"
        )
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200


def test_home_lists_regimes_with_versions_and_counts(client: TestClient) -> None:
    page = client.get("/").text
    for key in ("eu-ai-act", "m593", "g7-hcoc", "nist-ai-rmf", "jp-aigfb", "jp-sectors", "standards"):
        assert f'href="/ui/regimes/{key}"' in page
    assert "OJ L 2024/1689, 12.7.2024" in page and "2024-06-13" in page
    items = client.get("/regimes/eu-ai-act").json()["items"]
    assert f'<td class="num">{items}</td>' in page  # the count the API gives
    assert 'href="https://eur-lex.europa.eu/eli/reg/2024/1689/oj"' in page


def test_regime_page_is_the_item_tree(client: TestClient) -> None:
    page = client.get("/ui/regimes/nist-ai-rmf").text
    govern = page.index('href="/id/nist-ai-rmf/GOVERN"')
    category = page.index('href="/id/nist-ai-rmf/GOVERN-1"', govern)
    assert page.index('href="/id/nist-ai-rmf/GOVERN-1.1"', category) > category
    assert "102 items" in page


def test_search_escapes_what_it_echoes(client: TestClient) -> None:
    response = client.get("/ui/search", params={"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in response.text


def test_search_finds_by_notation(client: TestClient) -> None:
    page = client.get("/ui/search", params={"q": "GOVERN 1.1"}).text
    assert 'href="/id/nist-ai-rmf/GOVERN-1.1"' in page


def test_unknown_regime_is_an_html_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/ui/regimes/nist-ai-rfm", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'href="/id/nist-ai-rmf"' in response.text


def test_unknown_iri_html_for_browsers_problem_json_for_clients(client: TestClient) -> None:
    page = client.get("/id/eu-ai-act/Article-999", headers=BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    problem = client.get("/id/eu-ai-act/Article-999", headers={"accept": "text/turtle"})
    assert problem.status_code == 404
    assert problem.headers["content-type"] == "application/problem+json"


def test_item_page_groups_counterparts_and_marks_derived_paths(client: TestClient) -> None:
    page = client.get("/id/eu-ai-act/Article-9", headers=BROWSER).text
    assert 'id="g-m593"' in page and 'id="g-nist-ai-rmf"' in page
    assert '<span class="tag">derived</span>' in page and "via" in page
    assert 'href="/id/eu-ai-act/Article-9?format=turtle"' in page
    assert 'href="https://eur-lex.europa.eu/eli/reg/2024/1689/oj"' in page
    assert "<script" not in page


def test_coverage_heatmap_cells_link_to_their_mappings(client: TestClient) -> None:
    page = client.get("/ui/coverage").text
    assert '<a href="/ui/crosswalk?from=m593&amp;to=eu-ai-act"' in page or (
        '<a href="/ui/crosswalk?from=m593&to=eu-ai-act"' in page
    )
    assert 'role="img"' not in page.split("<svg", 1)[1].split(">", 1)[0]
    assert page.count('<tr>\n    <td><a href="/id/m593/Item-') == 10
    derived = client.get("/ui/coverage?derived=true").text
    assert "derived=true" in derived.split("<svg", 1)[1]


def test_crosswalk_page_lists_the_mappings_of_a_cell(client: TestClient) -> None:
    page = client.get("/ui/crosswalk", params={"from": "m593", "to": "eu-ai-act"}).text
    assert 'href="/id/m593/Item-1"' in page and 'href="/id/eu-ai-act/Article-9"' in page
    assert "/crosswalk?from=m593&amp;to=eu-ai-act&amp;derived=false&amp;format=csv" in page


def test_gap_form_offers_the_vocabularies(client: TestClient) -> None:
    page = client.get("/ui/gaps").text
    for name, code in (("purposes", "recruitment"), ("roles", "provider"), ("markets", "EU")):
        assert f'name="{name}" value="{code}"' in page
    assert 'name="measure_addresses"' in page and 'type="file"' in page
    filled = client.get("/ui/gaps", params={"example": "cv-ranker"}).text
    assert re.search(r'value="recruitment"\s+checked', filled)
    assert 'value="nist-ai-rmf:MAP-1.1 eu-ai-act:Article-9"' in filled
    assert client.get("/ui/gaps", params={"example": "../../etc/passwd"}).status_code == 200


FORM = {"name": "CV screener", "purposes": "recruitment", "roles": "provider", "markets": "EU"}


def test_gap_form_report_shows_classification_and_verdicts(client: TestClient) -> None:
    response = client.post("/ui/gaps", data=FORM)
    assert response.status_code == 200
    page = response.text
    assert "EU: high-risk (Article 6(2), Annex III)" in page
    assert 'href="/id/eu-ai-act/Annex-III-point-4-a"' in page
    row = page.split('id="req-eu-ai-act-Article-9"', 1)[1].split("</tr>", 1)[0]
    assert '<span class="badge unmet">unmet</span>' in row and "Article 16" in row
    assert 'name="description"' in page and "recruitment" in page


def test_gap_form_measures_meet_requirements(client: TestClient) -> None:
    data = {
        **FORM,
        "measure_id": ["rms", ""],
        "measure_addresses": ["eu-ai-act:Article-9", ""],
        "measure_status": ["implemented", "implemented"],
        "measure_evidence": ["javascript:alert(1)", ""],
    }
    page = client.post("/ui/gaps", data=data).text
    row = page.split('id="req-eu-ai-act-Article-9"', 1)[1].split("</tr>", 1)[0]
    assert '<span class="badge met">met</span>' in row and "rms" in row
    assert 'href="javascript:' not in page  # user text is never made a link unless it is http(s)


@pytest.mark.parametrize(("fmt", "media_type"), [("json", "application/json"), ("csv", "text/csv")])
def test_gap_report_downloads(client: TestClient, fmt: str, media_type: str) -> None:
    description = (EXAMPLES / "cv-ranker.json").read_text(encoding="utf-8")
    response = client.post("/ui/gaps", data={"description": description, "format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "json":
        assert response.json()["system"]["id"] == "urn:example:cv-ranker"
    else:
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert {r["id"] for r in rows} >= {"eu-ai-act:Article-9", "eu-ai-act:Article-10"}


def test_gap_report_printable_page(client: TestClient) -> None:
    description = (EXAMPLES / "cv-ranker.json").read_text(encoding="utf-8")
    response = client.post("/ui/gaps", data={"description": description, "format": "print"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "@media print" in response.text and "CV ranking assistant" in response.text


def test_uploaded_turtle_description(client: TestClient) -> None:
    turtle = (EXAMPLES / "exam-proctor-jp.ttl").read_bytes()
    response = client.post("/ui/gaps", files={"description_file": ("system.ttl", turtle, "text/turtle")})
    assert response.status_code == 200
    assert "Gap report" in response.text


def test_invalid_description_refills_the_form_with_the_issues(client: TestClient) -> None:
    bad = {"id": "urn:x", "name": "<b>bold</b>", "purposes": ["time-travel"], "markets": ["EU"]}
    response = client.post("/ui/gaps", data={"description": json.dumps(bad)})
    assert response.status_code == 422
    page = response.text
    assert 'role="alert"' in page and "time-travel" in page
    assert 'value="&lt;b&gt;bold&lt;/b&gt;"' in page
    broken = client.post("/ui/gaps", data={"description": "{not json"})
    assert broken.status_code == 422 and "not valid JSON" in broken.text


def test_pages_stay_out_of_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not any(p == "/" or p.startswith("/ui/") for p in paths)


def test_item_page_reads_the_law_as_of_a_date(client: TestClient) -> None:
    """/id/eu-ai-act/Article-5-1-ba?as_of=2026-06-01: the point is not yet part of the law (inserted by Regulation
    (EU) 2026/1744, in force 27 July 2026); as of 1 September 2026 it is, applying from 2 December 2026."""
    early = client.get(
        "/id/eu-ai-act/Article-5-1-ba", params={"as_of": "2026-06-01"}, headers={"accept": "text/html"}
    )
    assert "not part of this version" in early.text
    late = client.get(
        "/id/eu-ai-act/Article-5-1-ba", params={"as_of": "2026-09-01"}, headers={"accept": "text/html"}
    )
    assert "not part of this version" not in late.text and "2026-12-02" in late.text
