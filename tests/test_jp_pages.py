"""Japan's new regimes through the service: regime records with versions, provision trees, pages, item
dereferencing and crosswalk exports, on the shipped graph (embedded back end)."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


def test_regime_records_give_versions_and_counts(embedded_client: TestClient) -> None:
    act = embedded_client.get("/regimes/jp-ai-act").json()
    assert act["items"] == 28
    assert act["jurisdiction"] == "JP"
    guideline = embedded_client.get("/regimes/jp-aigfb", params={"as_of": "2025-06-01"}).json()
    assert guideline["items"] >= 96
    assert guideline["in_force"]["iri"].endswith("/jp-aigfb/version/1.1")  # in force on 1 June 2025
    assert [v["label"] for v in guideline["versions"]][
        -1
    ] == "AI Guidelines for Business Ver1.2 (31 March 2026)"


def test_provision_tree_nests_matters_under_their_part(embedded_client: TestClient) -> None:
    tree = embedded_client.get("/regimes/jp-aigfb/provisions").json()
    text = str(tree)
    assert "Part 5" in text and "U-7) ii." in text
    assert text.index("Part 5") < text.index("U-2) i.")


def test_pages_and_dereferencing(embedded_client: TestClient) -> None:
    page = embedded_client.get("/ui/regimes/jp-ai-act").text
    assert 'href="/id/jp-ai-act/Article-7"' in page
    page = embedded_client.get("/ui/regimes/jp-aigfb").text
    assert 'href="/id/jp-aigfb/D-2-i"' in page
    turtle = embedded_client.get("/id/jp-aigfb/U-2-i", headers={"Accept": "text/turtle"}).text
    assert "U-2) i." in turtle and "ai-business-user" in turtle


def test_crosswalk_export_of_the_act(embedded_client: TestClient) -> None:
    out = embedded_client.get("/crosswalk", params={"from": "jp-ai-act", "to": "eu-ai-act", "format": "csv"})
    assert out.status_code == 200
    rows = list(csv.DictReader(io.StringIO(out.text)))
    assert rows and all(row["subject regime"] == "jp-ai-act" for row in rows)
    assert any(row["object notation"] == "Article 21" for row in rows)
