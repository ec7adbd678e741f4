"""What changed in the law between two dates, and what it does to a system: /changes (JSON, CSV, Atom read by a
real feed parser), /impact for a posted and a stored description, and deadlines as iCalendar read by a real
iCalendar library, on both back ends, with the real versions of the graph (Regulation (EU) 2026/1744, M/613,
Japan's guideline versions)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import feedparser
import icalendar
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import BACKENDS, backend_settings

WRITE = "changes-write-token"
AUTH = {"authorization": f"Bearer {WRITE}"}
CV = {"id": "urn:test:changes:cv", "name": "CV ranker", "purposes": ["recruitment"], "roles": ["provider"],
      "markets": ["EU"]}  # fmt: skip
OMNIBUS = {"from": "2026-06-01", "to": "2026-09-01"}


@pytest.fixture(scope="module", params=BACKENDS)
def app_client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """An app with an inventory write token on each back end; the system it stores is removed afterwards."""
    server = request.getfixturevalue("oxigraph_server") if request.param == "remote" else None
    with TestClient(
        create_app(settings=backend_settings(request.param, server, write_token=WRITE))
    ) as client:
        yield client
        client.delete(f"/systems/{quote(CV['id'], safe='')}", headers=AUTH)


def test_the_omnibus_as_changes(app_client: TestClient) -> None:
    body = app_client.get("/changes", params={**OMNIBUS, "regime": "eu-ai-act"}).json()
    found = {(c["id"], c["kind"], c.get("case")): c for c in body["changes"]}
    assert ("eu-ai-act:Article-5-1-ba", "added", None) in found
    assert ("eu-ai-act:Annex-I-Section-A-point-1", "removed", None) in found
    reworded = found[("eu-ai-act:Article-4", "reworded", None)]
    assert "to ensure, to their best extent" in reworded["before"] and "to support" in reworded["after"]
    assert reworded["mappings"]  # the mappings that rest on Article 4
    moved = found[("eu-ai-act:Article-9", "re-dated", "annex-iii")]
    assert (moved["before"], moved["after"]) == ("2026-08-02", "2027-12-02")
    assert "2026/1744" in moved["basis"] and "2026/1744" in moved["version_label"]
    assert {c["regime"] for c in body["changes"]} == {"eu-ai-act"}


def test_other_regimes_versions_show_too(app_client: TestClient) -> None:
    """M/613 (C(2025) 3871, 23.6.2025) replaced M/593; Japan's guideline went to Ver1.2 on 31.3.2026."""
    body = app_client.get("/changes", params={"from": "2025-01-01", "to": "2026-06-01"}).json()
    regimes = {c["regime"] for c in body["changes"]}
    assert "m593" in regimes
    assert not app_client.get(
        "/changes", params={"from": "2026-09-02", "to": "2026-11-01", "regime": "eu-ai-act"}
    ).json()["changes"]


def test_changes_as_csv_and_atom(app_client: TestClient) -> None:
    rows = list(
        csv.DictReader(io.StringIO(app_client.get("/changes", params={**OMNIBUS, "format": "csv"}).text))
    )
    assert any(r["id"] == "eu-ai-act:Article-9" and r["kind"] == "re-dated" for r in rows)
    response = app_client.get("/changes", params=OMNIBUS, headers={"accept": "application/atom+xml"})
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.text)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title.startswith("ai-crosswalk: changes")
    assert len(feed.entries) == len(rows)
    assert any("Article 9" in e.title and "2027-12-02" in e.summary for e in feed.entries)
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_bad_spans_and_regimes(app_client: TestClient) -> None:
    backwards = app_client.get("/changes", params={"from": "2026-09-01", "to": "2026-06-01"})
    assert backwards.status_code == 422 and backwards.headers["content-type"] == "application/problem+json"
    unknown = app_client.get("/changes", params={**OMNIBUS, "regime": "eu-ai-ac"})
    assert unknown.status_code == 404 and "eu-ai-act" in unknown.json()["suggestions"]


def test_impact_of_the_omnibus_on_a_recruitment_system(app_client: TestClient) -> None:
    """As of 1 June 2026 a recruitment system's provider duties applied from 2.8.2026; as of 1 September 2026 from
    2.12.2027 — Regulation (EU) 2026/1744."""
    posted = app_client.post("/impact", params=OMNIBUS, json=CV)
    assert posted.status_code == 200, posted.text
    impact = posted.json()
    article_9 = next(c for c in impact["changes"] if c["id"] == "eu-ai-act:Article-9")
    assert (article_9["change"], article_9["before"], article_9["after"]) == (
        "moves",
        "2026-08-02",
        "2027-12-02",
    )
    assert "2026/1744" in article_9["reason"]
    assert impact["summary"]["moves"] >= 10
    stored = app_client.put(f"/systems/{quote(CV['id'], safe='')}", content=json.dumps(CV),
                            headers={**AUTH, "content-type": "application/json"})  # fmt: skip
    assert stored.status_code in (200, 201), stored.text
    again = app_client.get(f"/systems/{quote(CV['id'], safe='')}/impact", params=OMNIBUS).json()
    assert again["changes"] == impact["changes"]


def test_impact_shows_a_new_prohibition_appearing(app_client: TestClient) -> None:
    generator = {"id": "urn:test:changes:gen", "purposes": ["non-consensual-intimate-imagery"], "roles": ["provider"],
                 "markets": ["EU"]}  # fmt: skip
    impact = app_client.post("/impact", params=OMNIBUS, json=generator).json()
    appears = [c for c in impact["changes"] if c["change"] == "appears"]
    assert [c["id"] for c in appears] == ["eu-ai-act:Article-5-1-ba"]
    assert appears[0]["after"] == "2026-12-02"


def test_deadlines_as_json_and_icalendar(app_client: TestClient) -> None:
    sid = quote(CV["id"], safe="")
    app_client.put(
        f"/systems/{sid}", content=json.dumps(CV), headers={**AUTH, "content-type": "application/json"}
    )
    body: dict[str, Any] = app_client.get(f"/systems/{sid}/deadlines").json()
    dates = {d["id"]: d["date"] for d in body["deadlines"]}
    assert dates["eu-ai-act:Article-9"] == "2027-12-02" and dates["eu-ai-act:Article-4"] == "2025-02-02"
    response = app_client.get(f"/systems/{sid}/deadlines", params={"format": "ics"})
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(body["deadlines"])
    article_9 = next(e for e in events if str(e.get("SUMMARY")).startswith("Article 9 applies"))
    assert article_9.decoded("DTSTART").isoformat() == "2027-12-02"
    assert "2026/1744" in str(article_9.get("DESCRIPTION"))


def test_inventory_impact_and_combined_calendar(app_client: TestClient) -> None:
    """Over every stored system: which the amendment gives more time, and one calendar for the inventory."""
    sid = quote(CV["id"], safe="")
    app_client.put(
        f"/systems/{sid}", content=json.dumps(CV), headers={**AUTH, "content-type": "application/json"}
    )
    summary = app_client.get("/portfolio/impact", params=OMNIBUS).json()
    assert summary["systems"] >= 1 and summary["affected"] >= 1
    assert summary["more_time"]["Article 9 (eu-ai-act)"] >= 1
    mine = next(s for s in summary["per_system"] if s["system"]["id"] == CV["id"])
    assert mine["summary"]["moves"] >= 10
    calendar = icalendar.Calendar.from_ical(
        app_client.get("/portfolio/deadlines", params={"format": "ics"}).content
    )
    assert any(
        str(e.get("SUMMARY")).startswith("Article 9 applies: CV ranker") for e in calendar.walk("VEVENT")
    )
