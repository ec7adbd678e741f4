"""Versions and time: as_of picks the version in force, with its wording and dates, through the API too."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import AFTER_OMNIBUS, BEFORE_OMNIBUS
from fastapi.testclient import TestClient

from app.analysis.service import Analysis
from app.crosswalk.versions import iso_date, provision_as_of

ACT = "https://w3id.org/ai-crosswalk/id/eu-ai-act"


def test_the_version_in_force_changes_on_27_july_2026(analysis: Analysis) -> None:
    """Regulation (EU) 2026/1744, Article 4: it "shall enter into force on the third day following that of its
    publication in the Official Journal" (24 July 2026): the amended text is the law from 27 July 2026."""
    timeline = analysis.index.timeline
    assert timeline.in_force("eu-ai-act", date(2026, 7, 26)).iri == f"{ACT}/version/2024-1689"  # type: ignore[union-attr]
    amended = timeline.in_force("eu-ai-act", date(2026, 7, 27))
    assert amended is not None and amended.iri == f"{ACT}/version/2026-1744"
    assert amended.replaces == f"{ACT}/version/2024-1689"
    assert timeline.in_force("eu-ai-act", date(2024, 7, 31)) is None  # before the Act entered into force


def test_article_4_wording_per_version(analysis: Analysis) -> None:
    """Article 4 (2024): providers and deployers "shall take measures to ensure, to their best extent, a sufficient
    level of AI literacy"; as replaced by 2026/1744: "shall take measures to support the development of AI
    literacy". The provision keeps its IRI; each version keeps its own wording."""
    index = analysis.index
    before = provision_as_of(index.timeline, f"{ACT}/Article-4", [], "eu-ai-act", BEFORE_OMNIBUS)
    after = provision_as_of(index.timeline, f"{ACT}/Article-4", [], "eu-ai-act", AFTER_OMNIBUS)
    assert before["wording"] is None  # the 2024 wording is the provision's own definition
    assert after["wording"]["text"].startswith(
        "1. Providers and deployers of AI systems shall take measures to support"
    )  # type: ignore[index]


def test_provision_api_answers_as_of(client: TestClient) -> None:
    """GET /provisions/{id}?as_of=: whether the item is part of the version in force, and its dates with basis."""
    new_point = "/provisions/eu-ai-act:Article-5-1-ba"
    early = client.get(new_point, params={"as_of": BEFORE_OMNIBUS.isoformat()}).json()["point_in_time"]
    assert early["in_version"] is False and early["version"]["iri"].endswith("2024-1689")
    late = client.get(new_point, params={"as_of": AFTER_OMNIBUS.isoformat()}).json()["point_in_time"]
    assert late["in_version"] is True
    assert [d["date"] for d in late["application"]] == ["2026-12-02"]
    article_9 = client.get("/provisions/eu-ai-act:Article-9", params={"as_of": "2026-09-01"}).json()[
        "point_in_time"
    ]
    cases = {d["case"]: d["date"] for d in article_9["application"]}
    assert cases["annex-iii"] == "2027-12-02" and cases["annex-i"] == "2028-08-02"
    assert all(d["basis"] for d in article_9["application"])


def test_regime_api_lists_versions(client: TestClient) -> None:
    body = client.get("/regimes/eu-ai-act", params={"as_of": "2026-06-01"}).json()
    assert [v["iri"].rsplit("/", 1)[1] for v in body["versions"]] == ["2024-1689", "2026-1744"]
    assert body["in_force"]["iri"].endswith("2024-1689")
    assert client.get("/regimes/eu-ai-act").json()["in_force"]["iri"].endswith("2026-1744")


def test_gap_report_names_the_versions_it_read(client: TestClient) -> None:
    body = {"id": "urn:example:cv", "purposes": ["recruitment"], "roles": ["provider"], "markets": ["EU"]}
    report = client.post("/gap-analysis", params={"as_of": "2026-06-01"}, json=body).json()
    assert report["versions"]["eu-ai-act"]["iri"].endswith("2024-1689")
    article_9 = next(r for r in report["requirements"] if r["id"] == "eu-ai-act:Article-9")
    assert article_9["applies_from"] == "2026-08-02"


def test_as_of_must_be_a_date(client: TestClient) -> None:
    """as_of=0 is not read as 1970-01-01: a 422 problem naming the parameter."""
    response = client.get("/regimes/eu-ai-act", params={"as_of": "0"})
    assert response.status_code == 422
    assert "as_of" in response.text


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "\uff12\uff10\uff12\uff16-01-01",
            "is not a date written YYYY-MM-DD",
        ),  # full-width digits: \d took them
        ("2026-02-30", "is not a calendar date (day is out of range for month)"),
    ],
)
def test_a_refused_date_is_named(client: TestClient, text: str, why: str) -> None:
    """iso_date reads ASCII digits only and says which value it refuses, the API's as_of as much as the CLI's."""
    with pytest.raises(ValueError) as refused:
        iso_date(text)
    assert str(refused.value) == f"{text!r} {why}"
    response = client.get("/regimes/eu-ai-act", params={"as_of": text})
    assert response.status_code == 422
    assert text in response.json()["detail"]


def test_each_version_once(analysis: Analysis) -> None:
    """A version whose act carries two titles is still one version (the timeline orders versions, it must not
    repeat them)."""
    for regime, versions in analysis.index.timeline.versions.items():
        iris = [v.iri for v in versions]
        assert len(iris) == len(set(iris)), regime
        assert [v.order for v in versions] == list(range(len(versions)))


def test_before_the_act_is_in_force(client: TestClient) -> None:
    """Article 113: "This Regulation shall enter into force on the twentieth day following that of its publication in
    the Official Journal" (12 July 2024), i.e. 1 August 2024. As of 1 July 2024 the Act was not law: nothing of it
    applies, so the report leaves it out. (This test used to find its requirements listed as not yet in force, read
    from the first version; a regime that does not exist yet owes nothing: app.crosswalk.versions.Timeline.as_of.)
    From 1 August 2024 its requirements are listed, each with its own date of application still ahead."""
    body = {"id": "urn:example:cv", "purposes": ["recruitment"], "roles": ["provider"], "markets": ["EU"]}
    report = client.post("/gap-analysis", params={"as_of": "2024-07-01"}, json=body).json()
    assert not [r for r in report["requirements"] if r["regime"] == "eu-ai-act"]
    assert "eu-ai-act" not in report["classification"] and "eu-ai-act" not in report["versions"]
    assert client.get("/regimes/eu-ai-act", params={"as_of": "2024-07-01"}).json()["in_force"] is None
    early = client.get("/provisions/eu-ai-act:Article-4", params={"as_of": "2024-07-01"}).json()[
        "point_in_time"
    ]
    assert early["version"] is None and early["in_version"] is False and early["application"] == []
    entered = client.post("/gap-analysis", params={"as_of": "2024-08-01"}, json=body).json()
    eu = [r for r in entered["requirements"] if r["regime"] == "eu-ai-act"]
    assert eu and not any(r["in_force"] for r in eu)
    assert next(r for r in eu if r["id"] == "eu-ai-act:Article-4")["applies_from"] == "2025-02-02"
    assert entered["versions"]["eu-ai-act"]["iri"].endswith("2024-1689")
